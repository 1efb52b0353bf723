//! Mistake: `shares_memory` that answers whether two arrays use the same buffer,
//! ignoring which elements each shows: disjoint views of one buffer share no memory.

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
        Array {
            data: Rc::clone(&self.data),
            offset: self.offset + range.start,
            len: range.len(),
            step: self.step,
        }
    }
}

/// `np.shares_memory(a, b)`.
pub fn shares_memory(a: &Array, b: &Array) -> bool {
    // The mistake: the same buffer is not the same memory.
    Rc::ptr_eq(&a.data, &b.data)
}
