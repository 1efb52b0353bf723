//! The suites' reference model: what Python and NumPy do, written as plainly as possible, so
//! that random chains of operations on the learner's types can be compared with it step by
//! step (see viewbook's `harness::explore`).
//!
//! A list (chapter 1) is modelled as the identities of the objects it points at; an array
//! (chapters 2 to 6) as the list of the owner-buffer positions it shows, and Rust's views
//! (chapter 8) as the positions of the `Vec` or `Rc` buffer they borrow: a view of a view of
//! a stepped view is still just a list of positions, so the model cannot get offsets, steps
//! or clamping wrong the way an implementation can.
//!
//! Beside it, [`numpy`] replays the answers real NumPy gave to recorded chains
//! (`suites/numpy/answers.txt`): data rather than a second model, so a wrong belief of this
//! model's cannot hide there.
//!
//! Each suite includes this module and uses the parts its chapter has reached; the rest is
//! unused there, hence the `dead_code` allowance where the suites declare it. A matrix
//! (chapter 7) is the grid of positions it shows, row by row.

pub mod array;
pub mod list;
pub mod matrix;
pub mod numpy;
pub mod rust;
pub mod session;
pub mod takeaways;
