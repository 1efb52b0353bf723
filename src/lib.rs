//! # viewbook
//!
//! A test-driven workbook on memory views, after the article on saving memory with NumPy
//! views. This package is two things:
//!
//! - **the support library the chapter suites use** ([`manifest`], [`harness`], [`heap`], the
//!   allocator that counts every suite process's heap and maps its large blocks, and
//!   [`buffer`], the arrays' buffers): always built, with only
//!   `sysinfo`, `serde`, `toml` (and `libc`, already sysinfo's) as dependencies, so that a
//!   learner's first `cargo test -p exercises` compiles quickly;
//! - **the learner's CLI** (feature `cli`, on by default): the `viewbook` binary that
//!   `cargo run` starts. [`runner`] drives `cargo test` on a chapter's suite and reads each
//!   test's verdict and teaching message; [`status`] turns that into the dashboard; [`hint`]
//!   gives hints one at a time; [`book`] measures the stories, draws their [`chart`]s and builds
//!   the book with mdBook's library. For instructors, [`release`] writes the class copy,
//!   [`grading`] grades submissions on pristine tests, and [`classroom`] writes the GitHub
//!   Classroom workflow.
//!
//! Why measure memory at all, rather than inspect pointers? Because the article's claims are
//! about memory: a view costs nothing, a list slice costs its pointers, a view keeps a huge
//! array alive. A learner's implementation passes only if the process really behaves that way,
//! measured as resident set size (see [`harness`] for how that is made reliable).
#![deny(missing_docs)]

// The harness's own tests measure memory as the suites do, so they count the heap too.
#[cfg(test)]
#[global_allocator]
static HEAP: heap::Heap = heap::Heap;

pub mod buffer;
pub mod harness;
pub mod heap;
pub mod manifest;

#[cfg(feature = "cli")]
pub mod book;
#[cfg(feature = "cli")]
pub mod chart;
#[cfg(feature = "cli")]
pub mod classroom;
// The grader limits students' suites with process groups and `ulimit`: Unix only.
#[cfg(all(feature = "cli", unix))]
pub mod grading;
#[cfg(feature = "cli")]
pub mod hint;
#[cfg(feature = "cli")]
pub mod progress;
#[cfg(feature = "cli")]
pub mod release;
#[cfg(feature = "cli")]
pub mod reset;
#[cfg(feature = "cli")]
pub mod runner;
#[cfg(feature = "cli")]
pub mod status;
#[cfg(feature = "cli")]
pub mod translation;
#[cfg(feature = "cli")]
pub mod verdicts;
#[cfg(feature = "cli")]
pub mod watch;
#[cfg(feature = "cli")]
pub mod workbook;
