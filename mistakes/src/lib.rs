//! # A catalogue of learner mistakes
//!
//! Each feature of this crate swaps one chapter module of the reference solutions for a wrong
//! version that a learner could plausibly write: the solution with a patch applied, or a
//! whole module (see `catalogue.toml` and `build.rs`). Without features this crate is the
//! solutions. The gates (`tests/gates.rs` at the workspace root) run the chapter's suite with
//! each feature and check that it fails with the teaching message the catalogue records:
//! proof that the suites catch the mistake and say what it means.
#![deny(missing_docs)]

#[path = "../../exercises/src/array.rs"]
pub mod array;
#[path = "../../exercises/src/ch06_support.rs"]
pub mod ch06_support;
#[path = "../../exercises/src/matrix.rs"]
pub mod matrix;
#[path = "../../exercises/src/range.rs"]
pub mod range;

// One `pub mod chNN_topic { ... }` per chapter of chapters.toml, written by build.rs.
include!(concat!(env!("OUT_DIR"), "/chapters.rs"));
