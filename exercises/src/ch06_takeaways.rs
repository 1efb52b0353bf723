//! # Chapter 6: putting it to work
//!
//! Read first: `book/src/ch06_takeaways.md`.
//! Check your work: `cargo test -p exercises --test ch06_takeaways`.
//!
//! The article's four takeaways, as code: know whether an operation returns a view or a copy;
//! drop every view of an array you want freed; copy before you mutate what may be a view; call
//! `copy()` when you do not want a view. Implement `returns` and `scaled`, and find and fix the
//! memory leak in `keep_headers`.

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

/// Takeaway 1: what `op` returns in NumPy 2.4, as its documentation says and `base` confirms.
///
/// Book: `book/src/ch06_takeaways.md`.
pub fn returns(op: Operation) -> Returns {
    todo!(
        "ch06_takeaways: does {} return a view, a copy or the same object?",
        op.numpy()
    )
}

/// Loads sensor recording `id`: `len` readings, all written (a stand-in for reading a file).
pub fn load_recording(id: i64, len: usize) -> Array {
    let recording = Array::arange(len);
    recording.set(0, id);
    recording
}

/// Takeaways 2 and 4: keeps the first `header_len` readings of each recording, so that each
/// recording can be freed as soon as its header is taken.
///
/// This is the program as it was first written, and it has the leak the article warns about:
/// run the chapter's suite to see it measured, then fix it.
///
/// Book: `book/src/ch06_takeaways.md`.
pub fn keep_headers(recordings: impl IntoIterator<Item = Array>, header_len: usize) -> Vec<Array> {
    recordings
        .into_iter()
        .map(|recording| recording.slice(..header_len))
        .collect()
}

/// Takeaway 3: `arr * factor` as a new array, leaving `arr`, and any array `arr` is a view
/// of, unchanged.
///
/// Book: `book/src/ch06_takeaways.md`.
pub fn scaled(arr: &Array, factor: i64) -> Array {
    todo!("ch06_takeaways: multiply {arr:?} by {factor} without changing it")
}
