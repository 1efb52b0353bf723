//! Python's slicing rules, shared by lists and arrays. Scaffolding: use it, no need to edit it.

use std::ops::{Bound, Range, RangeBounds};

/// Resolves a Rust range against a sequence of `len` items the way a Python slice does:
/// bounds past the end are clamped to `len`, and a start past the stop gives an empty range.
/// Slicing never fails, so `list[3:100]` on a 6-item list is `list[3:6]`.
///
/// ```
/// # use solutions::range::clamp;
/// assert_eq!(clamp(..10, 4), 0..4);
/// assert_eq!(clamp(2..100, 6), 2..6);
/// assert!(clamp(5..2, 6).is_empty());
/// ```
pub fn clamp(range: impl RangeBounds<usize>, len: usize) -> Range<usize> {
    let stop = match range.end_bound() {
        Bound::Included(&i) => i.saturating_add(1),
        Bound::Excluded(&i) => i,
        Bound::Unbounded => len,
    }
    .min(len);
    let start = match range.start_bound() {
        Bound::Included(&i) => i,
        Bound::Excluded(&i) => i.saturating_add(1),
        Bound::Unbounded => 0,
    }
    .min(stop);
    start..stop
}

/// A range as Python writes a slice: `2..8` is `[2:8]`, `..5` is `[:5]`, `3..` is `[3:]`.
/// For messages (this workbook's `todo!()`s among them).
///
/// ```
/// # use solutions::range::python;
/// assert_eq!(python(&(2..8)), "[2:8]");
/// assert_eq!(python(&(..5)), "[:5]");
/// assert_eq!(python(&(3..=4)), "[3:5]");
/// ```
pub fn python(range: &impl RangeBounds<usize>) -> String {
    let start = match range.start_bound() {
        Bound::Included(i) => i.to_string(),
        Bound::Excluded(i) => (i + 1).to_string(),
        Bound::Unbounded => String::new(),
    };
    let stop = match range.end_bound() {
        Bound::Included(i) => (i + 1).to_string(),
        Bound::Excluded(i) => i.to_string(),
        Bound::Unbounded => String::new(),
    };
    format!("[{start}:{stop}]")
}
