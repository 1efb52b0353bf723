//! # Chapter 6: putting it to work (solution)
//!
//! The article's four takeaways, as code: know whether an operation returns a view or a copy;
//! drop every view of an array you want freed; copy before you mutate what may be a view; call
//! `copy()` when you do not want a view.

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

// ANCHOR: returns
/// Takeaway 1: what `op` returns in NumPy 2.4, as its documentation says and `base` confirms.
pub fn returns(op: Operation) -> Returns {
    match op {
        Operation::BasicSlice
        | Operation::SteppedSlice
        | Operation::ReshapeContiguous
        | Operation::Transpose
        | Operation::RavelContiguous => Returns::View,
        Operation::BooleanMask
        | Operation::IndexList
        | Operation::Copy
        | Operation::Flatten
        | Operation::Astype => Returns::Copy,
        Operation::Asarray => Returns::SameObject,
    }
}
// ANCHOR_END: returns

/// Loads sensor recording `id`: `len` readings, all written (a stand-in for reading a file).
pub fn load_recording(id: i64, len: usize) -> Array {
    let recording = Array::arange(len);
    recording.set(0, id);
    recording
}

// ANCHOR: keep_headers
/// Takeaways 2 and 4: keeps the first `header_len` readings of each recording, as arrays of
/// their own, so that each recording is freed as soon as its header is taken.
pub fn keep_headers(recordings: impl IntoIterator<Item = Array>, header_len: usize) -> Vec<Array> {
    recordings
        .into_iter()
        // `copy()` after slicing: the header gets a 10-element buffer of its own, and the
        // recording, no longer viewed by anything, is dropped at the end of the closure.
        .map(|recording| recording.slice(..header_len).copy())
        .collect()
}
// ANCHOR_END: keep_headers

// ANCHOR: scaled
/// Takeaway 3: `arr * factor` as a new array, leaving `arr`, and any array `arr` is a view
/// of, unchanged.
pub fn scaled(arr: &Array, factor: i64) -> Array {
    // `arr` may be a view: writing into it would change its base. Copy first, then mutate.
    let result = arr.copy();
    for i in 0..result.len() {
        result.set(i, result.get(i) * factor);
    }
    result
}
// ANCHOR_END: scaled
