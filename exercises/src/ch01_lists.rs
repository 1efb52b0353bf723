//! # Chapter 1: Python lists: a slice is a new list
//!
//! Read first: `book/src/ch01_lists.md`.
//! Check your work: `cargo test -p exercises --test ch01_lists`.
//!
//! A Python list is a contiguous block of *pointers* to objects that live elsewhere. Here a
//! pointer is an `Rc<Object>`: cloning an `Rc` copies the pointer (8 bytes) and shares the
//! object, exactly as Python does. Implement the four methods marked `todo!()` below.

use std::ops::RangeBounds;
use std::rc::Rc;

// ANCHOR: model
/// A Python object, as a list sees it: something its pointers point at.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// `None`.
    None,
    /// An `int`.
    Int(i64),
    /// A `str`.
    Str(String),
}

/// A Python list: a block of pointers (`Rc<Object>`), one per item.
#[derive(Debug)]
pub struct List {
    /// The list's own block of pointers. Two lists never share a block.
    items: Vec<Rc<Object>>,
}
// ANCHOR_END: model

impl List {
    /// `[a, b, c]`: a list holding a pointer to each of `objects`, newly created.
    pub fn of(objects: impl IntoIterator<Item = Object>) -> List {
        List {
            items: objects.into_iter().map(Rc::new).collect(),
        }
    }

    /// `len(list)`: how many items (pointers) the list holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list has no items.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `[item] * n`: a list of `n` pointers, all to the one object `item`.
    ///
    /// The object is not copied: `[None] * 1_000_000` holds a million pointers to the single
    /// `None`. The block of pointers is written in full, so it costs `8 * n` bytes of memory.
    ///
    /// Book: `book/src/ch01_lists.md`.
    pub fn repeat(item: &Rc<Object>, n: usize) -> List {
        todo!("ch01_lists: build a list of {n} pointers to the one object {item:?}")
    }

    /// `list[i]`: a new pointer to the object at index `i` (the object itself is shared).
    ///
    /// # Panics
    /// With `list index out of range` (Python's `IndexError`) if `i >= self.len()`.
    ///
    /// Book: `book/src/ch01_lists.md`.
    #[track_caller]
    pub fn get(&self, i: usize) -> Rc<Object> {
        todo!(
            "ch01_lists: return a pointer to item {i} of a list of {} items",
            self.len()
        )
    }

    /// `list[i] = value`: makes this list's pointer at index `i` point at `value`.
    ///
    /// Only this list's own block changes: any other list, including one sliced from this one,
    /// keeps its pointers.
    ///
    /// # Panics
    /// With `list assignment index out of range` (Python's `IndexError`) if `i >= self.len()`.
    ///
    /// Book: `book/src/ch01_lists.md`.
    #[track_caller]
    pub fn set(&mut self, i: usize, value: Rc<Object>) {
        todo!("ch01_lists: make item {i} point at {value:?}")
    }

    /// `list[start:stop]`: a **new list** with copies of the pointers in `range`.
    ///
    /// The slice allocates its own block of pointers (so slicing half of a big list costs half
    /// its memory), but the objects are shared: `list[0]` and `list[:1][0]` are the same
    /// object. Like Python, bounds past the end are clamped: use [`crate::range::clamp`].
    ///
    /// Book: `book/src/ch01_lists.md`.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> List {
        todo!(
            "ch01_lists: copy the pointers of list{} into a new list",
            crate::range::python(&range)
        )
    }
}
