//! # The suites' reference model
//!
//! What Python and NumPy do, written as plainly as possible, so that random chains of
//! operations on a workbook's types can be compared with it step by step (see viewbook's
//! `harness::explore`), and the answers real NumPy recorded (`numpy`) replayed against them.
//! See `README.md` beside this file.
//!
//! The model is a crate of its own, compiled once: it never names the workbook. It reaches
//! the learner's types through [`subject`], object-safe stand-ins that each suite fills in
//! with [`glue!`] for the implementation it is compiled against (the learner's `exercises`,
//! the `solutions`, a catalogued mistake). So a learner's edit rebuilds the small glue in
//! their chapter's suite, never the thousands of lines of model.

pub mod array;
pub mod list;
pub mod matrix;
pub mod numpy;
pub mod rust;
pub mod session;
pub mod subject;
pub mod takeaways;
