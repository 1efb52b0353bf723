//! # Chapter 5: explicit copies (solution)
//!
//! `copy()` makes a new owner: no shared memory, no base, so writes don't travel and the
//! original can be freed.

use crate::array::Array;

impl Array {
    // ANCHOR: copy
    /// `arr.copy()`: a new array that **owns** a new buffer holding this array's elements, in
    /// order (a stepped or reversed view is copied as the elements it shows).
    ///
    /// ```
    /// use solutions::array::Array;
    /// use solutions::ch02_views::shares_memory;
    ///
    /// let arr = Array::arange(10);
    /// let small = arr.slice_step(None, None, -3).copy();
    /// assert_eq!(small.to_vec(), [9, 6, 3, 0]);
    /// assert!(small.base().is_none() && !shares_memory(&small, &arr));
    /// ```
    pub fn copy(&self) -> Array {
        // A new buffer of its own, written once: a contiguous array in one memcpy, a stepped
        // one element by element.
        Array::from_runs(self.len, self.runs())
    }
    // ANCHOR_END: copy
}
