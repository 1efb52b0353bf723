//! # A catalogue of learner mistakes
//!
//! Each feature of this crate swaps one chapter module of the reference solutions for a wrong
//! implementation that a learner could plausibly write. The gates (`tests/gates.rs` at the
//! workspace root) run the chapter's suite with each feature and check that it fails with the
//! teaching message recorded in `catalogue.toml`: proof that the suites catch the mistake and
//! say what it means.
#![deny(missing_docs)]

#[path = "../../exercises/src/array.rs"]
pub mod array;
#[path = "../../exercises/src/range.rs"]
pub mod range;

#[cfg_attr(
    feature = "ch01_slice_shares_list",
    path = "ch01_lists/slice_shares_list.rs"
)]
#[cfg_attr(
    feature = "ch01_slice_deep_copies",
    path = "ch01_lists/slice_deep_copies.rs"
)]
#[cfg_attr(
    not(any(feature = "ch01_slice_shares_list", feature = "ch01_slice_deep_copies")),
    path = "../../solutions/src/ch01_lists.rs"
)]
pub mod ch01_lists;

#[cfg_attr(feature = "ch02_slice_copies", path = "ch02_views/slice_copies.rs")]
#[cfg_attr(
    feature = "ch02_view_ignores_offset",
    path = "ch02_views/view_ignores_offset.rs"
)]
#[cfg_attr(
    feature = "ch02_view_of_view_from_buffer_start",
    path = "ch02_views/view_of_view_from_buffer_start.rs"
)]
#[cfg_attr(
    feature = "ch02_shares_memory_by_buffer_only",
    path = "ch02_views/shares_memory_by_buffer_only.rs"
)]
#[cfg_attr(
    feature = "ch02_shares_memory_with_empty_view",
    path = "ch02_views/shares_memory_with_empty_view.rs"
)]
#[cfg_attr(
    not(any(
        feature = "ch02_slice_copies",
        feature = "ch02_view_ignores_offset",
        feature = "ch02_view_of_view_from_buffer_start",
        feature = "ch02_shares_memory_by_buffer_only",
        feature = "ch02_shares_memory_with_empty_view"
    )),
    path = "../../solutions/src/ch02_views.rs"
)]
pub mod ch02_views;
