//! Mistake: `shares_memory` compares the intervals of the two views but forgets that an empty
//! view has no element, so it can share memory with nothing.

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
    // The mistake: `arr[3:3]` lies "inside" `arr`, but it has no element to share.
    Rc::ptr_eq(&a.data, &b.data) && a.offset < b.offset + b.len && b.offset < a.offset + a.len
}
