//! # Chapter 5: explicit copies
//!
//! Read first: `book/src/ch05_copy.md`.
//! Check your work: `cargo test -p exercises --test ch05_copy`.
//!
//! `copy()` makes a new owner: no shared memory, no base, so writes don't travel and the
//! original can be freed. Implement the method marked `todo!()` below.

use crate::array::Array;

impl Array {
    /// `arr.copy()`: a new array that **owns** a new buffer holding this array's elements, in
    /// order (a stepped or reversed view is copied as the elements it shows). Build it with
    /// `Array::from_runs` from this array's `runs()`: it writes a new buffer once, copying a
    /// contiguous array in bulk as NumPy does (the scaffolding in `array.rs`).
    ///
    /// Book: `book/src/ch05_copy.md`.
    pub fn copy(&self) -> Array {
        todo!(
            "ch05_copy: copy the {} elements of {self:?} into a new buffer",
            self.len
        )
    }
}
