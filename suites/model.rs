//! The suites' reference model: what NumPy does, written as plainly as possible, so that
//! random chains of operations on the learner's types can be compared with it step by step
//! (see viewbook's `harness::explore`).
//!
//! An array is modelled as the list of the owner-buffer positions it shows: a view of a view
//! of a stepped view is still just a list of positions, so the model cannot get offsets,
//! steps or clamping wrong the way an implementation can.
//!
//! Each suite includes this module and uses the parts its chapter has reached; the rest is
//! unused there, hence the `dead_code` allowance where the suites declare it. A matrix
//! (chapter 7) is the grid of positions it shows, row by row.

pub mod array;
pub mod matrix;
