//! # Chapter 2: slicing an array does not copy
//!
//! Read first: `book/src/ch02_views.md`.
//! Check your work: `cargo test -p exercises --test ch02_views`.
//!
//! An [`Array`] is a handle on a shared buffer (see `array.rs`). Slicing an array makes a
//! *view*: a new handle on the **same** buffer, showing part of it. Implement the methods
//! marked `todo!()` below; the fields you need are `data`, `offset`, `len` and `step`,
//! `self.position(i)` tells where element `i` is in `data`, and `Array::new_view` makes a view.

use std::ops::RangeBounds;

use crate::array::Array;

impl Array {
    /// `arr[i]`: element `i` of this array, read through the shared buffer.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` (NumPy's `IndexError`)
    /// if `i >= self.len()`.
    ///
    /// Book: `book/src/ch02_views.md`.
    #[track_caller]
    pub fn get(&self, i: usize) -> i64 {
        todo!(
            "ch02_views: read element {i} of an array of {} elements",
            self.len
        )
    }

    /// `arr.tolist()`: this array's elements, in order, copied into a new `Vec`.
    ///
    /// Book: `book/src/ch02_views.md`.
    pub fn to_vec(&self) -> Vec<i64> {
        todo!(
            "ch02_views: copy the {} elements of this array into a Vec",
            self.len
        )
    }

    /// `arr[start:stop]`: a **view** of the elements in `range`.
    ///
    /// The view shares this array's buffer: no element is copied, whatever its length, so a
    /// view of half of a 64 MiB array costs no memory. Slicing a view gives a view of the
    /// same buffer, counted from the view's own first element. Like NumPy, bounds past the end
    /// are clamped: use [`crate::range::clamp`].
    ///
    /// The view is as writeable as this array: every array is writeable until chapter 7,
    /// whose broadcasts are read-only, and a slice of a read-only row must be read-only too
    /// (`Array { writeable: self.writeable, ..Array::new_view(...) }`), or a write through
    /// the slice would reach elements that NumPy refuses to change.
    ///
    /// Book: `book/src/ch02_views.md`.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Array {
        todo!(
            "ch02_views: make a view of arr{} that shares this array's buffer",
            crate::range::python(&range)
        )
    }
}

/// `np.shares_memory(a, b)`: whether `a` and `b` have at least one element in the same place
/// in memory.
///
/// Two views of one buffer share memory only where they overlap: `arr[:5]` and `arr[5:]` do
/// not. Two arrays with different buffers never do.
///
/// Book: `book/src/ch02_views.md`.
pub fn shares_memory(a: &Array, b: &Array) -> bool {
    todo!("ch02_views: do {a:?} and {b:?} share any element of memory?")
}
