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

/// Resolves a stepped Python slice `seq[start:stop:step]` against a sequence of `len` items,
/// as Python's `slice.indices` does: negative `start`/`stop` count from the end, missing ones
/// default to the whole sequence in the step's direction, and out-of-range bounds are clamped.
/// Returns the index of the first selected item and how many items are selected.
///
/// ```
/// # use solutions::range::stepped;
/// assert_eq!(stepped(None, None, 3, 10), (0, 4)); // [0, 3, 6, 9]
/// assert_eq!(stepped(None, None, -1, 10), (9, 10)); // [9, 8, ..., 0]
/// assert_eq!(stepped(Some(8), Some(2), -2, 10), (8, 3)); // [8, 6, 4]
/// assert_eq!(stepped(Some(-3), None, 1, 10), (7, 3)); // [7, 8, 9]
/// assert_eq!(stepped(None, None, -1, 0), (0, 0)); // nothing
/// ```
///
/// # Panics
/// With `slice step cannot be zero` (Python's `ValueError`) if `step` is 0.
#[track_caller]
pub fn stepped(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    len: usize,
) -> (usize, usize) {
    assert!(step != 0, "slice step cannot be zero");
    let len = len as isize;
    // Python's PySlice_AdjustIndices: a negative bound counts from the end; then clamp to the
    // range the step direction allows (-1 means "before the first item" going backwards).
    let (low, high) = if step > 0 { (0, len) } else { (-1, len - 1) };
    let resolve = |bound: isize| {
        let bound = if bound < 0 { bound + len } else { bound };
        bound.clamp(low, high)
    };
    let start = start.map_or(if step > 0 { low } else { high }, resolve);
    let stop = stop.map_or(if step > 0 { high } else { low }, resolve);
    let count = if step > 0 {
        (stop - start + step - 1).max(0) / step
    } else {
        (start - stop - step - 1).max(0) / -step
    };
    if count == 0 {
        (0, 0)
    } else {
        (start as usize, count as usize)
    }
}
