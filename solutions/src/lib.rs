//! # viewbook reference solutions
//!
//! The same modules as the `exercises` crate, solved. The shared suites in `suites/` run
//! against this crate in the workspace's `cargo test`, which proves that every chapter can be
//! passed; the scaffolding (`array.rs`, `range.rs`) is the learner's own file, compiled here
//! by path, so both crates build on exactly the same types.
#![deny(missing_docs)]

#[path = "../../exercises/src/array.rs"]
pub mod array;
#[path = "../../exercises/src/ch06_support.rs"]
pub mod ch06_support;
#[path = "../../exercises/src/matrix.rs"]
pub mod matrix;
#[path = "../../exercises/src/range.rs"]
pub mod range;

pub mod ch01_lists;
pub mod ch02_views;
pub mod ch03_base;
pub mod ch04_aliasing;
pub mod ch05_copy;
pub mod ch06_takeaways;
pub mod ch07_strides;
pub mod ch08_rust_views;

#[cfg(test)]
mod scaffolding_tests;
