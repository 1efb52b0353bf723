//! Mistake: a list slice that copies the objects as well as the pointers (a deep copy),
//! where Python copies only the pointers.

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

/// A Python list.
#[derive(Debug)]
pub struct List {
    items: Vec<Rc<Object>>,
}

impl List {
    /// `[a, b, c]`.
    pub fn of(objects: impl IntoIterator<Item = Object>) -> List {
        List {
            items: objects.into_iter().map(Rc::new).collect(),
        }
    }

    /// `len(list)`.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// `[item] * n`.
    pub fn repeat(item: &Rc<Object>, n: usize) -> List {
        List {
            items: vec![Rc::clone(item); n],
        }
    }

    /// `list[i]`.
    pub fn get(&self, i: usize) -> Rc<Object> {
        Rc::clone(self.items.get(i).expect("list index out of range"))
    }

    /// `list[i] = value`.
    pub fn set(&mut self, i: usize, value: Rc<Object>) {
        *self
            .items
            .get_mut(i)
            .expect("list assignment index out of range") = value;
    }

    /// The mistake: a new object for every item, instead of a new pointer to the same one.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> List {
        List {
            items: self.items[clamp(range, self.len())]
                .iter()
                .map(|object| Rc::new(Object::clone(object)))
                .collect(),
        }
    }
}
