//! # Chapter 2: slicing an array does not copy (solution)
//!
//! Slicing an array makes a *view*: a new handle on the **same** buffer, showing part of it.

use std::ops::RangeBounds;
use std::rc::Rc;

use crate::array::Array;
use crate::range::clamp;

impl Array {
    /// `arr[i]`: element `i` of this array, read through the shared buffer.
    ///
    /// # Panics
    /// With `index {i} is out of bounds for axis 0 with size {len}` (NumPy's `IndexError`)
    /// if `i >= self.len()`.
    #[track_caller]
    pub fn get(&self, i: usize) -> i64 {
        assert!(
            i < self.len,
            "index {i} is out of bounds for axis 0 with size {}",
            self.len
        );
        self.data[self.position(i)].get()
    }

    /// `arr.tolist()`: this array's elements, in order, copied into a new `Vec`.
    pub fn to_vec(&self) -> Vec<i64> {
        (0..self.len)
            .map(|i| self.data[self.position(i)].get())
            .collect()
    }
}

// ANCHOR: slice
impl Array {
    /// `arr[start:stop]`: a **view** of the elements in `range`, as writeable as this array.
    ///
    /// ```
    /// use solutions::array::Array;
    /// use solutions::ch02_views::shares_memory;
    ///
    /// let arr = Array::arange(10);
    /// let view = arr.slice(2..5);
    /// assert_eq!(view.to_vec(), [2, 3, 4]);
    /// assert!(shares_memory(&arr, &view)); // no element was copied
    /// ```
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Array {
        let range = clamp(range, self.len);
        // An empty view shows nothing; keep its offset inside the buffer all the same.
        let offset = if range.is_empty() {
            self.offset
        } else {
            self.position(range.start)
        };
        // Another handle on the same buffer: not one element is copied. It is as writeable
        // as this array: a slice of a read-only row (chapter 7's broadcasts) is read-only.
        Array {
            writeable: self.writeable,
            ..Array::new_view(Rc::clone(&self.data), offset, range.len(), self.step)
        }
    }
}
// ANCHOR_END: slice

// ANCHOR: shares_memory
/// `np.shares_memory(a, b)`: whether `a` and `b` have at least one element in the same place
/// in memory.
pub fn shares_memory(a: &Array, b: &Array) -> bool {
    if !Rc::ptr_eq(&a.data, &b.data) || a.is_empty() || b.is_empty() {
        return false;
    }
    // Walk the shorter array and ask whether the other one shows each of its positions.
    let (short, long) = if a.len <= b.len { (a, b) } else { (b, a) };
    (0..short.len).any(|i| shows_position(long, short.position(i)))
}
// ANCHOR_END: shares_memory

/// Whether `array` has an element at `position` in its buffer.
fn shows_position(array: &Array, position: usize) -> bool {
    let distance = position as isize - array.offset as isize;
    if array.step == 0 {
        // A step-0 array (a column of a broadcast, chapter 7) shows one position only.
        return distance == 0 && array.len > 0;
    }
    distance % array.step == 0 && (0..array.len as isize).contains(&(distance / array.step))
}
