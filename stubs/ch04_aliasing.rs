//! # Chapter 4: writing through aliases
//!
//! Read first: `book/src/ch04_aliasing.md`.
//! Check your work: `cargo test -p exercises --test ch04_aliasing`.
//!
//! A view shares its buffer, so a write through the view is a write into the owner, and into
//! every other view of the same elements. Stepped slices are views too; boolean masks and
//! index lists are copies. Implement the methods marked `todo!()` below.

use crate::array::Array;

impl Array {
    /// `arr[i] = value`: writes element `i` in the shared buffer, so every array that shows
    /// that position sees the new value. (`Cell::set` writes through a shared reference.)
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` (NumPy's `IndexError`)
    /// if `i >= self.len()`, and with `assignment destination is read-only` (NumPy's
    /// `ValueError`) if the array is not writeable (`is_writeable()`). Only chapter 7 makes
    /// read-only arrays (the rows of a broadcast): until then, every array is writeable.
    ///
    /// Book: `book/src/ch04_aliasing.md`.
    #[track_caller]
    pub fn set(&self, i: usize, value: i64) {
        todo!("ch04_aliasing: write {value} into element {i} of the shared buffer")
    }

    /// `arr[start:stop:step]`: a **view** of every `step`-th element, backwards for a
    /// negative step (`arr[::-1]` reverses). `None` bounds and negative indices work as in
    /// Python, and bounds are clamped: [`crate::range::stepped`] resolves them for you. The
    /// view is as writeable as this array, as a basic slice is (see `slice` in chapter 2).
    ///
    /// # Panics
    /// With `slice step cannot be zero` (Python's `ValueError`) if `step` is 0.
    ///
    /// Book: `book/src/ch04_aliasing.md`.
    #[track_caller]
    pub fn slice_step(&self, start: Option<isize>, stop: Option<isize>, step: isize) -> Array {
        todo!("ch04_aliasing: make a view of arr[{start:?}:{stop:?}:{step}]")
    }

    /// `arr > threshold`: one `bool` per element, in order.
    ///
    /// Book: `book/src/ch04_aliasing.md`.
    pub fn greater(&self, threshold: i64) -> Vec<bool> {
        todo!(
            "ch04_aliasing: compare each of the {} elements with {threshold}",
            self.len
        )
    }

    /// `arr[mask]`: a **copy** of the elements where `mask` is true, in a new buffer that this
    /// result owns (`Array::new_owner`).
    ///
    /// # Panics
    /// With NumPy's message `boolean index did not match indexed array along axis 0; size of
    /// axis is {len} but size of corresponding boolean axis is {mask.len()}` if the lengths
    /// differ. An empty mask is the exception: NumPy reads it as an empty list of indices and
    /// returns an empty array, whatever the array's length.
    ///
    /// Book: `book/src/ch04_aliasing.md`.
    #[track_caller]
    pub fn mask(&self, mask: &[bool]) -> Array {
        // The mask may have millions of entries: say how many, not which.
        todo!(
            "ch04_aliasing: copy the {} elements where the mask ({} booleans) is true",
            mask.iter().filter(|&&keep| keep).count(),
            mask.len()
        )
    }

    /// `arr[[i, j, k]]`: a **copy** of the elements at `indices`, in that order.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` if an index is too big.
    ///
    /// Book: `book/src/ch04_aliasing.md`.
    #[track_caller]
    pub fn take(&self, indices: &[usize]) -> Array {
        todo!(
            "ch04_aliasing: copy the {} elements at the indices given",
            indices.len()
        )
    }
}

/// Doubles the first half of `arr` in place (`arr[:len(arr) // 2] *= 2`): whatever array
/// `arr` is a view of sees the change too.
///
/// # Panics
/// With `output array is read-only` (NumPy's `ValueError` for `*=` into a read-only array,
/// chapter 7) if `arr` is not writeable: checked once, before any element changes, even when
/// the half is empty.
///
/// Book: `book/src/ch04_aliasing.md`.
#[track_caller]
pub fn double_first_half(arr: &Array) {
    todo!(
        "ch04_aliasing: double the first {} elements of {arr:?}",
        arr.len() / 2
    )
}
