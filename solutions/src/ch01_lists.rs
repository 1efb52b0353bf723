//! # Chapter 1: Python lists: a slice is a new list (solution)
//!
//! A Python list is a contiguous block of *pointers* to objects that live elsewhere. Here a
//! pointer is an `Rc<Object>`: cloning an `Rc` copies the pointer (8 bytes) and shares the
//! object, exactly as Python does.

use std::ops::RangeBounds;
use std::rc::Rc;

use crate::range::clamp;

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
}

// ANCHOR: repeat
impl List {
    /// `[item] * n`: a list of `n` pointers, all to the one object `item`.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use solutions::ch01_lists::{List, Object};
    ///
    /// let none = Rc::new(Object::None);
    /// let list = List::repeat(&none, 3);
    /// assert!(Rc::ptr_eq(&list.get(2), &none));
    /// assert_eq!(Rc::strong_count(&none), 4); // `none` plus the list's 3 pointers
    /// ```
    pub fn repeat(item: &Rc<Object>, n: usize) -> List {
        List {
            items: vec![Rc::clone(item); n],
        }
    }
}
// ANCHOR_END: repeat

impl List {
    /// `list[i]`: a new pointer to the object at index `i` (the object itself is shared).
    ///
    /// # Panics
    /// With `list index out of range` (Python's `IndexError`) if `i >= self.len()`.
    #[track_caller]
    pub fn get(&self, i: usize) -> Rc<Object> {
        match self.items.get(i) {
            Some(item) => Rc::clone(item),
            None => panic!("list index out of range: {i} in a list of {}", self.len()),
        }
    }

    /// `list[i] = value`: makes this list's pointer at index `i` point at `value`.
    ///
    /// # Panics
    /// With `list assignment index out of range` (Python's `IndexError`) if `i >= self.len()`.
    #[track_caller]
    pub fn set(&mut self, i: usize, value: Rc<Object>) {
        let len = self.len();
        match self.items.get_mut(i) {
            Some(item) => *item = value,
            None => panic!("list assignment index out of range: {i} in a list of {len}"),
        }
    }
}

// ANCHOR: slice
impl List {
    /// `list[start:stop]`: a **new list** with copies of the pointers in `range`.
    ///
    /// ```
    /// use std::rc::Rc;
    /// use solutions::ch01_lists::{List, Object};
    ///
    /// let list1 = List::of([Object::Int(1), Object::Int(2), Object::Int(3)]);
    /// let mut list2 = list1.slice(..2);
    /// assert!(Rc::ptr_eq(&list1.get(0), &list2.get(0))); // same object, shared
    /// list2.set(0, Rc::new(Object::Str("abc".into())));
    /// assert_eq!(*list1.get(0), Object::Int(1)); // the original list is untouched
    /// ```
    pub fn slice(&self, range: impl RangeBounds<usize>) -> List {
        // `to_vec` clones each `Rc`: a new block of pointers to the same objects.
        List {
            items: self.items[clamp(range, self.len())].to_vec(),
        }
    }
}
// ANCHOR_END: slice
