//! # Chapter 3: a view keeps its base alive
//!
//! Read first: `book/src/ch03_base.md`.
//! Check your work: `cargo test -p exercises --test ch03_base`.
//!
//! A view holds the owner's buffer (an `Rc`), so the buffer lives as long as any view of it
//! does, however small the view. Implement the methods marked `todo!()` below; the fields you
//! need are `data`, `len` and `is_view` (see `array.rs`).

use crate::array::Array;

impl Array {
    /// `arr.base`: the array that owns this array's buffer, or `None` if this array is the
    /// owner.
    ///
    /// A view of a view names the owner, never the intermediate view: NumPy collapses the chain
    /// the same way, so `base` always answers "whose memory is this?". Asking for the base
    /// copies nothing: the owner is one more handle on the same buffer.
    ///
    /// Book: `book/src/ch03_base.md`.
    pub fn base(&self) -> Option<Array> {
        todo!(
            "ch03_base: name the owner of this array's buffer of {} elements (None for an owner)",
            self.data.len()
        )
    }

    /// `arr.flags.owndata`: whether this array owns its buffer (is not a view).
    ///
    /// Book: `book/src/ch03_base.md`.
    pub fn owns_data(&self) -> bool {
        todo!(
            "ch03_base: does this array (is_view: {}) own its data?",
            self.is_view
        )
    }

    /// `arr.nbytes`: the bytes of the elements this array shows (8 per element). For a view,
    /// this says nothing about the memory it keeps alive.
    ///
    /// Book: `book/src/ch03_base.md`.
    pub fn nbytes(&self) -> usize {
        todo!(
            "ch03_base: how many bytes do this array's {} elements take?",
            self.len
        )
    }

    /// The bytes of memory this array keeps alive: its whole buffer, which for a view is the
    /// owner's entire buffer (NumPy: `arr.base.nbytes` for a view, `arr.nbytes` for an owner).
    ///
    /// Book: `book/src/ch03_base.md`.
    pub fn held_bytes(&self) -> usize {
        todo!(
            "ch03_base: how many bytes does this array keep alive (its buffer has {} elements)?",
            self.data.len()
        )
    }
}
