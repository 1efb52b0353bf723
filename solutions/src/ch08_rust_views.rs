//! # Chapter 8: Rust's own views (solution)
//!
//! The article's stories told with Rust's own tools: a borrow `&[i64]` is a view the compiler
//! checks, `Rc` shares a buffer the way NumPy does (chosen, and visible in the type), `Cow`
//! copies only when it must write, and the ndarray crate has all three: `ArrayView` (a
//! borrow), `ArcArray` (shared, copied before a write) and `to_owned` (a copy).

use std::borrow::Cow;
use std::ops::RangeBounds;
use std::rc::Rc;

use ndarray::{ArcArray1, Array1, ArrayView1, Axis, Slice};

use crate::range::clamp;

// ANCHOR: borrows
/// `arr[:n]` as a borrow: a **view** of the first `n` elements of `data` (all of them if `n`
/// is past the end, as NumPy clamps). No element is copied; the result points into `data`'s
/// buffer, and its lifetime says so: it cannot outlive `data`.
///
/// ```
/// use solutions::ch08_rust_views::head;
///
/// let arr: Vec<i64> = (0..10).collect();
/// let small = head(&arr, 3);
/// assert_eq!(small, [0, 1, 2]);
/// assert_eq!(small.as_ptr(), arr.as_ptr());
/// ```
pub fn head(data: &[i64], n: usize) -> &[i64] {
    // Rust's `&data[..n]` panics past the end, where NumPy's `arr[:n]` clamps.
    &data[..n.min(data.len())]
}

/// `arr[:n].copy()`: a **copy** of the first `n` elements of `data` (all of them if `n` is
/// past the end), in a new `Vec` of its own that borrows nothing, so `data` can be dropped.
pub fn head_copy(data: &[i64], n: usize) -> Vec<i64> {
    // Copy the view, not the whole Vec: the copy holds n elements, never data's buffer.
    head(data, n).to_vec()
}

/// `x[:len(x) // 2] *= 2`: doubles the first half of `data` in place. Handed `&mut arr[4..]`,
/// it writes into `arr`, as chapter 4's function did through a view; in Rust the caller had
/// to write `&mut` to let it.
pub fn double_first_half(data: &mut [i64]) {
    let half = data.len() / 2;
    for x in &mut data[..half] {
        *x *= 2;
    }
}
// ANCHOR_END: borrows

// ANCHOR: shared_view
/// A view that **shares** its buffer through an `Rc`, as NumPy's views do: it holds the whole
/// buffer, keeps it alive, and can outlive every other handle on it. Chapter 3's leak, chosen
/// on purpose and written in the type.
#[derive(Debug, Clone)]
pub struct SharedView {
    /// The whole buffer, shared by every view of it.
    data: Rc<[i64]>,
    /// Where this view's first element is in `data`.
    start: usize,
    /// How many elements this view shows.
    len: usize,
}

impl SharedView {
    /// An owner: a view of all of `data`.
    pub fn new(data: Rc<[i64]>) -> SharedView {
        let len = data.len();
        SharedView {
            data,
            start: 0,
            len,
        }
    }

    /// How many elements this view shows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether this view shows no element.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `arr[start:stop]`: a **view** of the elements in `range` (clamped like NumPy's slices,
    /// counted from this view's own first element) that shares this view's buffer.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> SharedView {
        let range = clamp(range, self.len);
        SharedView {
            // One more owner of the same buffer: no element is copied.
            data: Rc::clone(&self.data),
            start: self.start + range.start,
            len: range.len(),
        }
    }

    /// The elements this view shows, borrowed from the shared buffer.
    pub fn as_slice(&self) -> &[i64] {
        &self.data[self.start..self.start + self.len]
    }

    /// The bytes this view keeps alive: the whole buffer, whatever it shows (chapter 3's
    /// `held_bytes`).
    pub fn held_bytes(&self) -> usize {
        std::mem::size_of_val(&*self.data)
    }
}
// ANCHOR_END: shared_view

// ANCHOR: cow
/// Every negative element of `data` replaced by 0 (NumPy's `np.maximum(arr, 0)`), copying
/// only if there is something to change: `Cow::Borrowed(data)` itself when no element is
/// negative, a `Cow::Owned` copy when one is.
pub fn clamp_negatives(data: &[i64]) -> Cow<'_, [i64]> {
    let mut out = Cow::Borrowed(data);
    for (i, &x) in data.iter().enumerate() {
        if x < 0 {
            // The first write copies the borrowed slice into a Vec (`to_mut` clones once);
            // later writes go into that copy.
            out.to_mut()[i] = 0;
        }
    }
    out
}
// ANCHOR_END: cow

// ANCHOR: ndarray
/// `a[:n]` in ndarray: an `ArrayView1` borrowing the first `n` elements of `a` (all of them if
/// `n` is past the end). A **view**: it points into `a`'s buffer and cannot outlive `a`.
pub fn ndarray_head(a: &Array1<i64>, n: usize) -> ArrayView1<'_, i64> {
    // `a.slice(s![..n])` is the usual spelling, but the `s!` macro expands to an
    // `#[allow(unsafe_code)]` block, which this workspace's `unsafe_code = "forbid"` rejects.
    // `slice_axis` makes the same view without it.
    a.slice_axis(Axis(0), Slice::from(..n.min(a.len())))
}

/// `a[:n].copy()` in ndarray: the first `n` elements of `a` in a new `Array1` of their own
/// (`to_owned` copies what a view shows), so `a` can be dropped.
pub fn owned_head(a: &Array1<i64>, n: usize) -> Array1<i64> {
    // Copy the view, not the whole array.
    ndarray_head(a, n).to_owned()
}

/// `a[:n]` with NumPy's sharing, in ndarray: an `ArcArray1` of the first `n` elements of `a`
/// (all of them if `n` is past the end) that **shares** `a`'s buffer and keeps it alive. A
/// write to either copies first (copy-on-write), so it never reaches the other.
pub fn shared_head(a: &ArcArray1<i64>, n: usize) -> ArcArray1<i64> {
    // `clone` adds an owner of the same buffer (no element copied); then this handle is
    // narrowed to the first n elements.
    a.clone()
        .slice_axis_move(Axis(0), Slice::from(..n.min(a.len())))
}
// ANCHOR_END: ndarray
