//! # Chapter 8: Rust's own views
//!
//! Read first: `book/src/ch08_rust_views.md`.
//! Check your work: `cargo test -p exercises --test ch08_rust_views`.
//!
//! The article's stories again, with Rust's own tools instead of viewbook's `Array`: borrows
//! (`&[i64]`, `&mut [i64]`) are views the compiler checks, `Rc` shares a buffer the way NumPy
//! does, `Cow` copies only when it must write, and the ndarray crate has views (`ArrayView1`),
//! shared copy-on-write arrays (`ArcArray1`) and copies (`to_owned`). Implement the functions
//! and methods marked `todo!()` below; each is a line or two of Rust's standard library or
//! ndarray.

use std::borrow::Cow;
use std::ops::RangeBounds;
use std::rc::Rc;

use ndarray::{ArcArray1, Array1, ArrayView1};

/// `arr[:n]` as a borrow: a **view** of the first `n` elements of `data` (all of them if `n`
/// is past the end, as NumPy clamps). No element is copied: the result points into `data`'s
/// buffer, and its lifetime ties it to `data`.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn head(data: &[i64], n: usize) -> &[i64] {
    todo!(
        "ch08_rust_views: borrow the first {n} of {} elements, without copying them",
        data.len()
    )
}

/// `arr[:n].copy()`: a **copy** of the first `n` elements of `data` (all of them if `n` is
/// past the end), in a new `Vec` of its own that holds only those elements, so that `data`
/// can be dropped.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn head_copy(data: &[i64], n: usize) -> Vec<i64> {
    todo!(
        "ch08_rust_views: copy the first {n} of {} elements into a Vec of their own",
        data.len()
    )
}

/// `x[:len(x) // 2] *= 2`: doubles the first half of `data` in place (the first
/// `data.len() / 2` elements). Handed `&mut arr[4..]`, it writes into `arr`.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn double_first_half(data: &mut [i64]) {
    todo!(
        "ch08_rust_views: double the first half of these {} elements, in place",
        data.len()
    )
}

/// A view that **shares** its buffer through an `Rc`, as NumPy's views do: it holds the whole
/// buffer, keeps it alive, and can outlive every other handle on it.
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
    /// An owner: a view of all of `data`. (Given: it shows how the fields are used.)
    pub fn new(data: Rc<[i64]>) -> SharedView {
        let len = data.len();
        SharedView {
            data,
            start: 0,
            len,
        }
    }

    /// How many elements this view shows. (Given.)
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether this view shows no element. (Given.)
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `arr[start:stop]`: a **view** of the elements in `range` that shares this view's
    /// buffer, copying no element. Like NumPy, bounds past the end are clamped (use
    /// [`crate::range::clamp`]), and a view of a view counts from its own first element.
    ///
    /// Book: `book/src/ch08_rust_views.md`.
    pub fn slice(&self, range: impl RangeBounds<usize>) -> SharedView {
        todo!(
            "ch08_rust_views: make a view of arr{} that shares this view's Rc buffer",
            crate::range::python(&range)
        )
    }

    /// The elements this view shows (`len` of them, from `start`), borrowed from the shared
    /// buffer.
    ///
    /// Book: `book/src/ch08_rust_views.md`.
    pub fn as_slice(&self) -> &[i64] {
        todo!(
            "ch08_rust_views: borrow the {} elements this view shows",
            self.len
        )
    }

    /// The bytes this view keeps alive: the **whole** buffer, 8 bytes per element, whatever
    /// the view shows (chapter 3's `held_bytes`).
    ///
    /// Book: `book/src/ch08_rust_views.md`.
    pub fn held_bytes(&self) -> usize {
        todo!(
            "ch08_rust_views: how many bytes does a view of {} elements keep alive?",
            self.len
        )
    }
}

/// Every negative element of `data` replaced by 0 (NumPy's `np.maximum(arr, 0)`), copying
/// only if there is something to change: `Cow::Borrowed(data)` itself when no element is
/// negative, a `Cow::Owned` copy when one is. `data` is never changed.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn clamp_negatives(data: &[i64]) -> Cow<'_, [i64]> {
    todo!(
        "ch08_rust_views: clamp the negatives of {} elements, copying only if one is negative",
        data.len()
    )
}

/// `a[:n]` in ndarray: an `ArrayView1` borrowing the first `n` elements of `a` (all of them if
/// `n` is past the end). A **view**: it points into `a`'s buffer. (Not with the `s!` macro:
/// the book says why.)
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn ndarray_head(a: &Array1<i64>, n: usize) -> ArrayView1<'_, i64> {
    todo!(
        "ch08_rust_views: borrow the first {n} of {} elements as an ArrayView1",
        a.len()
    )
}

/// `a[:n].copy()` in ndarray: the first `n` elements of `a` (all of them if `n` is past the
/// end) in a new `Array1` of their own, so that `a` can be dropped.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn owned_head(a: &Array1<i64>, n: usize) -> Array1<i64> {
    todo!(
        "ch08_rust_views: copy the first {n} of {} elements into an Array1 of their own",
        a.len()
    )
}

/// `a[:n]` with NumPy's sharing, in ndarray: an `ArcArray1` of the first `n` elements of `a`
/// (all of them if `n` is past the end) that **shares** `a`'s buffer, copying no element.
///
/// Book: `book/src/ch08_rust_views.md`.
pub fn shared_head(a: &ArcArray1<i64>, n: usize) -> ArcArray1<i64> {
    todo!(
        "ch08_rust_views: share the first {n} of {} elements of this ArcArray1",
        a.len()
    )
}
