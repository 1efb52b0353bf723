//! # Chapter 4: writing through aliases (solution)
//!
//! A view shares its buffer, so a write through the view is a write into the owner, and into
//! every other view of the same elements. Stepped slices are views too; boolean masks and
//! index lists are copies.

use std::rc::Rc;

use crate::array::Array;
use crate::range::stepped;

// ANCHOR: set
impl Array {
    /// `arr[i] = value`: writes element `i` in the shared buffer, so every array that shows
    /// that position sees the new value.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` (NumPy's `IndexError`)
    /// if `i >= self.len()`, and with `assignment destination is read-only` (NumPy's
    /// `ValueError`) if the array is not writeable (`is_writeable()`). Only chapter 7 makes
    /// read-only arrays (the rows of a broadcast): until then, every array is writeable.
    #[track_caller]
    pub fn set(&self, i: usize, value: i64) {
        assert!(self.writeable, "assignment destination is read-only");
        assert!(
            i < self.len,
            "index {i} is out of bounds for axis 0 with size {}",
            self.len
        );
        self.data[self.position(i)].set(value);
    }
}
// ANCHOR_END: set

// ANCHOR: slice_step
impl Array {
    /// `arr[start:stop:step]`: a **view** of every `step`-th element, backwards for a
    /// negative step (`arr[::-1]` reverses), as writeable as this array. `None` bounds and
    /// negative indices work as in Python; bounds are clamped.
    ///
    /// # Panics
    /// With `slice step cannot be zero` if `step` is 0.
    #[track_caller]
    pub fn slice_step(&self, start: Option<isize>, stop: Option<isize>, step: isize) -> Array {
        let (first, len) = stepped(start, stop, step, self.len);
        let offset = if len == 0 {
            self.offset
        } else {
            self.position(first)
        };
        // Steps multiply: every `step`-th element of a view with step `self.step`. The view
        // is as writeable as this array (a stepped slice of a read-only row is read-only).
        Array {
            writeable: self.writeable,
            ..Array::new_view(Rc::clone(&self.data), offset, len, self.step * step)
        }
    }
}
// ANCHOR_END: slice_step

impl Array {
    /// `arr > threshold`: one `bool` per element.
    pub fn greater(&self, threshold: i64) -> Vec<bool> {
        (0..self.len).map(|i| self.get(i) > threshold).collect()
    }
}

// ANCHOR: mask
impl Array {
    /// `arr[mask]`: a **copy** of the elements where `mask` is true, in a new buffer.
    ///
    /// # Panics
    /// With NumPy's `IndexError` message (`boolean index did not match indexed array along
    /// axis 0; ...`) if `mask` does not have one entry per element.
    #[track_caller]
    pub fn mask(&self, mask: &[bool]) -> Array {
        // NumPy reads an empty mask as an empty index list: `[]`, not an error.
        assert!(
            mask.len() == self.len || mask.is_empty(),
            "boolean index did not match indexed array along axis 0; size of axis is {} but \
             size of corresponding boolean axis is {}",
            self.len,
            mask.len()
        );
        let kept = mask.iter().filter(|&&keep| keep).count();
        let values = (0..mask.len()).filter(|&i| mask[i]).map(|i| self.get(i));
        Array::new_owner(collect_exact(values, kept))
    }
}
// ANCHOR_END: mask

impl Array {
    /// `arr[[i, j, k]]`: a **copy** of the elements at `indices`, in that order.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` if an index is too big.
    #[track_caller]
    pub fn take(&self, indices: &[usize]) -> Array {
        if let Some(&bad) = indices.iter().find(|&&i| i >= self.len) {
            panic!(
                "index {bad} is out of bounds for axis 0 with size {}",
                self.len
            );
        }
        Array::new_owner(collect_exact(
            indices.iter().map(|&i| self.get(i)),
            indices.len(),
        ))
    }
}

/// Collects `count` values into a new buffer, allocating it once (no temporary `Vec`).
fn collect_exact(values: impl Iterator<Item = i64>, count: usize) -> Rc<[std::cell::Cell<i64>]> {
    let buffer: Rc<[std::cell::Cell<i64>]> = (0..count).map(|_| std::cell::Cell::new(0)).collect();
    for (cell, value) in buffer.iter().zip(values) {
        cell.set(value);
    }
    buffer
}

// ANCHOR: double_first_half
/// Doubles the first half of `arr` in place (`arr[:len(arr) // 2] *= 2`): whatever array
/// `arr` is a view of sees the change too.
///
/// # Panics
/// With `output array is read-only` (NumPy's `ValueError`) if `arr` is not writeable, before
/// writing anything, even when the half is empty.
#[track_caller]
pub fn double_first_half(arr: &Array) {
    // NumPy's `*=` checks its output once, before the loop: no element may change.
    assert!(arr.is_writeable(), "output array is read-only");
    for i in 0..arr.len() / 2 {
        arr.set(i, arr.get(i) * 2);
    }
}
// ANCHOR_END: double_first_half
