//! # Chapter 6: putting it to work
//!
//! Read first: `book/src/ch06_takeaways.md`.
//! Check your work: `cargo test -p exercises --test ch06_takeaways`.
//!
//! The article's four takeaways, as code: know whether an operation returns a view or a copy;
//! drop every view of an array you want freed; copy before you mutate what may be a view; call
//! `copy()` when you do not want a view. Implement `returns` and `scaled`, and find and fix the
//! memory leak in `keep_headers` (`Operation`, `Returns` and `load_recording` are in
//! `ch06_support.rs`).

use crate::array::Array;
pub use crate::ch06_support::{Operation, Returns, load_recording};

/// Takeaway 1: what `op` returns in NumPy 2.4, as its documentation says and `base` confirms.
///
/// Book: `book/src/ch06_takeaways.md`.
pub fn returns(op: Operation) -> Returns {
    todo!(
        "ch06_takeaways: does {} return a view, a copy or the same object?",
        op.numpy()
    )
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
