//! # Chapter 3: a view keeps its base alive (solution)
//!
//! A view holds the owner's buffer (`Rc`), so the buffer lives as long as any view of it does,
//! however small the view. `base()` names the array that owns the buffer.

use std::rc::Rc;

use crate::array::Array;

// ANCHOR: base
impl Array {
    /// `arr.base`: the array that owns this array's buffer, or `None` if this array is the
    /// owner.
    ///
    /// A view of a view names the owner, never the intermediate view: NumPy collapses the
    /// chain the same way, so `base` always answers "whose memory is this?".
    ///
    /// ```
    /// use solutions::array::Array;
    ///
    /// let arr = Array::arange(100);
    /// let small = arr.slice(10..20).slice(..2);
    /// let base = small.base().expect("a view has a base");
    /// assert!(base.owns_data());
    /// assert_eq!(base.len(), 100); // the whole array, not the 10-element view in between
    /// assert!(arr.base().is_none());
    /// ```
    pub fn base(&self) -> Option<Array> {
        // The owner is the array that shows the whole buffer and owns it: another handle on
        // the same `Rc`, so asking for the base copies nothing.
        self.is_view
            .then(|| Array::new_owner(Rc::clone(&self.data)))
    }
}
// ANCHOR_END: base

impl Array {
    /// `arr.flags.owndata`: whether this array owns its buffer (is not a view).
    pub fn owns_data(&self) -> bool {
        !self.is_view
    }

    /// `arr.nbytes`: the bytes of the elements this array shows (8 per element), which for a
    /// view says nothing about the memory it keeps alive.
    pub fn nbytes(&self) -> usize {
        self.len * size_of::<i64>()
    }
}

// ANCHOR: held_bytes
impl Array {
    /// The bytes of memory this array keeps alive: its whole buffer, which for a view is the
    /// owner's entire buffer (NumPy: `arr.base.nbytes` for a view, `arr.nbytes` for an owner).
    pub fn held_bytes(&self) -> usize {
        self.data.len() * size_of::<i64>()
    }
}
// ANCHOR_END: held_bytes
