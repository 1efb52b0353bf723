//! # Your viewbook exercises
//!
//! One file per chapter: read the chapter's page in the book, fill in the `todo!()`s of its
//! file here, and run its suite. `cargo run` at the workspace root shows where you are.
//!
//! Chapter `chNN_topic` lives in `src/chNN_topic.rs` and is checked by
//! `cargo test -p exercises --test chNN_topic`.
//!
//! `array.rs`, `matrix.rs`, `range.rs` and `ch06_support.rs` are scaffolding shared by the chapters: read
//! them, no need to edit them.
#![deny(missing_docs)]
// Stubs leave private helpers unused until the learner writes the code that calls them.
#![allow(dead_code)]

pub mod array;
pub mod ch06_support;
pub mod matrix;
pub mod range;

pub mod ch01_lists;
pub mod ch02_views;
pub mod ch03_base;
pub mod ch04_aliasing;
pub mod ch05_copy;
pub mod ch06_takeaways;
pub mod ch07_strides;
pub mod ch08_rust_views;
