//! Scaffolding for chapter 6: the NumPy operations the chapter classifies, and the recordings
//! its program loads. Read it, no need to edit it.

use std::cell::Cell;

use crate::array::Array;

/// A NumPy operation whose result may be a view, a copy or the input itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    /// `a[2:10]`
    BasicSlice,
    /// `a[::3]`, `a[::-1]`
    SteppedSlice,
    /// `a[a > 5]`
    BooleanMask,
    /// `a[[1, 3, 5]]`
    IndexList,
    /// `a.copy()`
    Copy,
    /// `a.reshape(2, 12)` on a contiguous array
    ReshapeContiguous,
    /// `m.T`
    Transpose,
    /// `a.ravel()` on a contiguous array
    RavelContiguous,
    /// `m.flatten()`
    Flatten,
    /// `a.astype(np.float64)`
    Astype,
    /// `np.asarray(a)` on an array
    Asarray,
}

impl Operation {
    /// Every operation, in the order the book's table lists them.
    pub const ALL: [Operation; 11] = [
        Operation::BasicSlice,
        Operation::SteppedSlice,
        Operation::BooleanMask,
        Operation::IndexList,
        Operation::Copy,
        Operation::ReshapeContiguous,
        Operation::Transpose,
        Operation::RavelContiguous,
        Operation::Flatten,
        Operation::Astype,
        Operation::Asarray,
    ];

    /// How the operation is spelled in NumPy.
    pub fn numpy(self) -> &'static str {
        match self {
            Operation::BasicSlice => "a[2:10]",
            Operation::SteppedSlice => "a[::3]",
            Operation::BooleanMask => "a[a > 5]",
            Operation::IndexList => "a[[1, 3, 5]]",
            Operation::Copy => "a.copy()",
            Operation::ReshapeContiguous => "a.reshape(2, 12)",
            Operation::Transpose => "m.T",
            Operation::RavelContiguous => "a.ravel()",
            Operation::Flatten => "m.flatten()",
            Operation::Astype => "a.astype(np.float64)",
            Operation::Asarray => "np.asarray(a)",
        }
    }
}

/// What an operation gives back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    /// A new array object on the same memory (`base` is the owner).
    View,
    /// A new array with its own memory (`base is None`).
    Copy,
    /// The very same array object (`result is a`).
    SameObject,
}

/// Loads sensor recording `id`: `len` readings, all written (a stand-in for reading a file).
/// Reading 0 is the recording's id; reading `i` is `i`.
pub fn load_recording(id: i64, len: usize) -> Array {
    Array::new_owner(
        (0..len)
            .map(|i| Cell::new(if i == 0 { id } else { i as i64 }))
            .collect(),
    )
}
