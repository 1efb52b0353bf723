//! # Chapter 6: putting it to work (solution)
//!
//! The article's four takeaways, as code: know whether an operation returns a view or a copy;
//! drop every view of an array you want freed; copy before you mutate what may be a view; call
//! `copy()` when you do not want a view.

use crate::array::Array;
pub use crate::ch06_support::{Operation, Returns, load_recording};

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
