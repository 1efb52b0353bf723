//! Mistake: a view whose offset counts from the start of the buffer, not
//! from the start of the array being sliced: right for an owner, wrong for a view of a view.

use std::ops::RangeBounds;
use std::rc::Rc;

use crate::array::Array;
use crate::range::clamp;

impl Array {
    /// `arr[i]`.
    pub fn get(&self, i: usize) -> i64 {
        assert!(
            i < self.len,
            "index {i} is out of bounds for axis 0 with size {}",
            self.len
        );
        self.data[self.position(i)].get()
    }

    /// `arr.tolist()`.
    pub fn to_vec(&self) -> Vec<i64> {
        (0..self.len).map(|i| self.get(i)).collect()
    }

    /// `arr[start:stop]`.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Array {
        let range = clamp(range, self.len);
        // The mistake: `range.start` is taken as a buffer position, ignoring `self.offset`.
        Array {
            data: Rc::clone(&self.data),
            offset: range.start,
            len: range.len(),
            step: self.step,
        }
    }
}

/// `np.shares_memory(a, b)`.
pub fn shares_memory(a: &Array, b: &Array) -> bool {
    let overlap = |x: &Array, y: &Array| x.offset < y.offset + y.len && y.offset < x.offset + x.len;
    Rc::ptr_eq(&a.data, &b.data) && !a.is_empty() && !b.is_empty() && overlap(a, b)
}
