//! A list slice that shares the original list's block of pointers, like an array
//! view, instead of copying the selected pointers into a new block.

use std::cell::RefCell;
use std::ops::RangeBounds;
use std::rc::Rc;

use crate::range::clamp;

/// A Python object.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// `None`.
    None,
    /// An `int`.
    Int(i64),
    /// A `str`.
    Str(String),
}

/// A list that is a window on a shared block of pointers.
#[derive(Debug)]
pub struct List {
    block: Rc<RefCell<Vec<Rc<Object>>>>,
    start: usize,
    len: usize,
}

impl List {
    /// `[a, b, c]`.
    pub fn of(objects: impl IntoIterator<Item = Object>) -> List {
        List::owning(objects.into_iter().map(Rc::new).collect())
    }

    fn owning(items: Vec<Rc<Object>>) -> List {
        let len = items.len();
        List {
            block: Rc::new(RefCell::new(items)),
            start: 0,
            len,
        }
    }

    /// `len(list)`.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `[item] * n`.
    pub fn repeat(item: &Rc<Object>, n: usize) -> List {
        List::owning(vec![Rc::clone(item); n])
    }

    /// `list[i]`.
    pub fn get(&self, i: usize) -> Rc<Object> {
        assert!(i < self.len, "list index out of range");
        Rc::clone(&self.block.borrow()[self.start + i])
    }

    /// `list[i] = value`.
    pub fn set(&mut self, i: usize, value: Rc<Object>) {
        assert!(i < self.len, "list assignment index out of range");
        self.block.borrow_mut()[self.start + i] = value;
    }

    /// The mistake: shares the block instead of copying the pointers.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> List {
        let range = clamp(range, self.len);
        List {
            block: Rc::clone(&self.block),
            start: self.start + range.start,
            len: range.len(),
        }
    }
}
