//! The workbook's types as the model reaches them: the subject of every check.
//!
//! The model never names a workbook crate, so that it is compiled once, not again in every
//! suite after every edit of the learner's. Instead it calls these stand-ins, whose methods
//! have the learner's names and signatures ([`Array::slice`] takes any range, as the learner's
//! does), and each suite fills them in for the implementation it is compiled against with
//! [`glue!`](crate::glue): a `Box<dyn ...>` around the learner's value, forwarding every call
//! to the learner's method of the same name, and a [`Subject`] of the learner's free
//! functions, which the suite hands to [`install`] before the model runs.
//!
//! Nothing here decides anything: a panic in the learner's code unwinds through the glue
//! unchanged, and what the learner allocates is measured around the learner's call alone
//! (the `*_kept` methods), never around the boxes of this module.

use std::any::Any;
use std::borrow::Cow;
use std::fmt;
use std::ops::{Bound, RangeBounds};
use std::rc::Rc;
use std::sync::OnceLock;

use ndarray::{ArcArray1, Array1, ArrayView1};

use crate::session::Span;

/// The learner's free functions and constructors, one field per function, as the glue of the
/// suite being run fills them in.
pub struct Subject {
    /// `Array::arange`.
    pub arange: fn(usize) -> Array,
    /// `shares_memory` (chapter 2).
    pub shares_memory: fn(&Array, &Array) -> bool,
    /// `double_first_half` (chapter 4).
    pub double_first_half: fn(&Array),
    /// `load_recording` (chapter 6's scaffolding).
    pub load_recording: fn(i64, usize) -> Array,
    /// `keep_headers` (chapter 6).
    pub keep_headers: fn(Vec<Array>, usize) -> Vec<Array>,
    /// `scaled` (chapter 6).
    pub scaled: fn(&Array, i64) -> Array,
    /// `List::of` (chapter 1).
    pub list_of: fn(Vec<Object>) -> List,
    /// `List::repeat` (chapter 1), with the heap it kept (see [`heap_kept`]).
    ///
    /// [`heap_kept`]: viewbook::harness::explore::heap_kept
    pub list_repeat_kept: fn(&Item, usize) -> (List, Option<isize>),
    /// `Rc::new(object)`: a new object of the learner's `Object` type.
    pub new_item: fn(Object) -> Item,
    /// The value an item points at.
    pub item_value: fn(&Item) -> Object,
    /// `SharedView::new` (chapter 8).
    pub shared_view: fn(Rc<[i64]>) -> SharedView,
    /// `head` (chapter 8).
    pub head: for<'a> fn(&'a [i64], usize) -> &'a [i64],
    /// `head_copy` (chapter 8).
    pub head_copy: fn(&[i64], usize) -> Vec<i64>,
    /// `double_first_half` of chapter 8, on a `&mut` borrow.
    pub double_first_half_mut: fn(&mut [i64]),
    /// `clamp_negatives` (chapter 8).
    pub clamp_negatives: for<'a> fn(&'a [i64]) -> Cow<'a, [i64]>,
    /// `ndarray_head` (chapter 8).
    pub ndarray_head: for<'a> fn(&'a Array1<i64>, usize) -> ArrayView1<'a, i64>,
    /// `owned_head` (chapter 8).
    pub owned_head: fn(&Array1<i64>, usize) -> Array1<i64>,
    /// `shared_head` (chapter 8).
    pub shared_head: fn(&ArcArray1<i64>, usize) -> ArcArray1<i64>,
}

/// The subject of this process's checks: one implementation per test binary.
static SUBJECT: OnceLock<&'static Subject> = OnceLock::new();

/// Makes `subject` the implementation the model checks. Every suite calls it (through its
/// `this_chapter()`) before any model runs; later calls change nothing, since a test binary
/// is compiled against one implementation.
pub fn install(subject: &'static Subject) {
    SUBJECT.get_or_init(|| subject);
}

/// The installed subject.
///
/// # Panics
/// If no suite installed one: a suite that runs the model must call [`install`] first.
pub fn subject() -> &'static Subject {
    SUBJECT.get().expect(
        "the suite runs the model before installing its workbook: call \
         `model::subject::install(&WORKBOOK)` (WORKBOOK from `model::glue!()`) first",
    )
}

/// The span a Rust range names: the learner's `slice` is called with the same kind.
///
/// # Panics
/// On an excluded start, which no range type of Rust's has.
pub fn span_of(range: &impl RangeBounds<usize>) -> Span {
    match (range.start_bound(), range.end_bound()) {
        (Bound::Included(&a), Bound::Excluded(&b)) => Span::Half(a, b),
        (Bound::Included(&a), Bound::Included(&b)) => Span::Inclusive(a, b),
        (Bound::Included(&a), Bound::Unbounded) => Span::From(a),
        (Bound::Unbounded, Bound::Excluded(&b)) => Span::To(b),
        (Bound::Unbounded, Bound::Included(&b)) => Span::ToInclusive(b),
        (Bound::Unbounded, Bound::Unbounded) => Span::Full,
        (Bound::Excluded(_), _) => unreachable!("no Rust range type starts after a bound"),
    }
}

/// The learner's `Array`, as the glue forwards it.
#[allow(missing_docs)] // each method is the learner's of the same name
pub trait ArrayImpl: Any {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool;
    fn is_writeable(&self) -> bool;
    /// What the scaffolding's `iter` yields, collected.
    fn values(&self) -> Vec<i64>;
    /// The address of each cell the scaffolding's `runs` hands out, in order.
    fn cell_addresses(&self) -> Vec<usize>;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn get(&self, i: usize) -> i64;
    fn to_vec(&self) -> Vec<i64>;
    fn slice(&self, span: Span) -> Array;
    fn base(&self) -> Option<Array>;
    fn owns_data(&self) -> bool;
    fn nbytes(&self) -> usize;
    fn held_bytes(&self) -> usize;
    fn set(&self, i: usize, value: i64);
    fn slice_step(&self, start: Option<isize>, stop: Option<isize>, step: isize) -> Array;
    fn greater(&self, threshold: i64) -> Vec<bool>;
    fn mask(&self, mask: &[bool]) -> Array;
    fn take(&self, indices: &[usize]) -> Array;
    fn copy(&self) -> Array;
    fn reshape(&self, rows: usize, cols: usize) -> Matrix;
    fn broadcast_to(&self, rows: usize, cols: usize) -> Matrix;
}

/// The learner's `Array` (chapters 2 to 7).
pub struct Array(pub Box<dyn ArrayImpl>);

#[allow(missing_docs)] // each method is the learner's of the same name
impl Array {
    pub fn arange(n: usize) -> Array {
        (subject().arange)(n)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn is_writeable(&self) -> bool {
        self.0.is_writeable()
    }
    /// The scaffolding's `iter`.
    pub fn iter(&self) -> std::vec::IntoIter<i64> {
        self.0.values().into_iter()
    }
    /// The address of each cell the scaffolding's `runs` hands out, in order.
    pub fn cell_addresses(&self) -> Vec<usize> {
        self.0.cell_addresses()
    }
    pub fn get(&self, i: usize) -> i64 {
        self.0.get(i)
    }
    pub fn to_vec(&self) -> Vec<i64> {
        self.0.to_vec()
    }
    pub fn slice(&self, range: impl RangeBounds<usize>) -> Array {
        self.0.slice(span_of(&range))
    }
    pub fn base(&self) -> Option<Array> {
        self.0.base()
    }
    pub fn owns_data(&self) -> bool {
        self.0.owns_data()
    }
    pub fn nbytes(&self) -> usize {
        self.0.nbytes()
    }
    pub fn held_bytes(&self) -> usize {
        self.0.held_bytes()
    }
    pub fn set(&self, i: usize, value: i64) {
        self.0.set(i, value)
    }
    pub fn slice_step(&self, start: Option<isize>, stop: Option<isize>, step: isize) -> Array {
        self.0.slice_step(start, stop, step)
    }
    pub fn greater(&self, threshold: i64) -> Vec<bool> {
        self.0.greater(threshold)
    }
    pub fn mask(&self, mask: &[bool]) -> Array {
        self.0.mask(mask)
    }
    pub fn take(&self, indices: &[usize]) -> Array {
        self.0.take(indices)
    }
    pub fn copy(&self) -> Array {
        self.0.copy()
    }
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        self.0.reshape(rows, cols)
    }
    pub fn broadcast_to(&self, rows: usize, cols: usize) -> Matrix {
        self.0.broadcast_to(rows, cols)
    }
}

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug(f)
    }
}

/// `shares_memory` (chapter 2).
pub fn shares_memory(a: &Array, b: &Array) -> bool {
    (subject().shares_memory)(a, b)
}

/// `double_first_half` (chapter 4).
pub fn double_first_half(arr: &Array) {
    (subject().double_first_half)(arr)
}

/// `load_recording` (chapter 6's scaffolding).
pub fn load_recording(id: i64, len: usize) -> Array {
    (subject().load_recording)(id, len)
}

/// `keep_headers` (chapter 6).
pub fn keep_headers(recordings: impl IntoIterator<Item = Array>, header_len: usize) -> Vec<Array> {
    (subject().keep_headers)(recordings.into_iter().collect(), header_len)
}

/// `scaled` (chapter 6).
pub fn scaled(arr: &Array, factor: i64) -> Array {
    (subject().scaled)(arr, factor)
}

/// The learner's `Matrix`, as the glue forwards it.
#[allow(missing_docs)] // each method is the learner's of the same name
pub trait MatrixImpl: Any {
    fn shape(&self) -> [usize; 2];
    fn strides(&self) -> [isize; 2];
    fn is_writeable(&self) -> bool;
    /// What the scaffolding's `iter` yields, collected.
    fn values(&self) -> Vec<i64>;
    fn to_rows(&self) -> Vec<Vec<i64>>;
    fn debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
    fn get(&self, row: usize, col: usize) -> i64;
    fn set(&self, row: usize, col: usize, value: i64);
    fn transpose(&self) -> Matrix;
    fn row(&self, i: usize) -> Array;
    fn column(&self, j: usize) -> Array;
    fn is_c_contiguous(&self) -> bool;
    fn ravel(&self) -> Array;
    fn flatten(&self) -> Array;
    fn reshape(&self, rows: usize, cols: usize) -> Matrix;
    fn base(&self) -> Array;
}

/// The learner's `Matrix` (chapter 7).
pub struct Matrix(pub Box<dyn MatrixImpl>);

#[allow(missing_docs)] // each method is the learner's of the same name
impl Matrix {
    pub fn shape(&self) -> [usize; 2] {
        self.0.shape()
    }
    pub fn strides(&self) -> [isize; 2] {
        self.0.strides()
    }
    pub fn is_writeable(&self) -> bool {
        self.0.is_writeable()
    }
    /// The scaffolding's `iter`.
    pub fn iter(&self) -> std::vec::IntoIter<i64> {
        self.0.values().into_iter()
    }
    pub fn to_rows(&self) -> Vec<Vec<i64>> {
        self.0.to_rows()
    }
    pub fn get(&self, row: usize, col: usize) -> i64 {
        self.0.get(row, col)
    }
    pub fn set(&self, row: usize, col: usize, value: i64) {
        self.0.set(row, col, value)
    }
    pub fn transpose(&self) -> Matrix {
        self.0.transpose()
    }
    pub fn row(&self, i: usize) -> Array {
        self.0.row(i)
    }
    pub fn column(&self, j: usize) -> Array {
        self.0.column(j)
    }
    pub fn is_c_contiguous(&self) -> bool {
        self.0.is_c_contiguous()
    }
    pub fn ravel(&self) -> Array {
        self.0.ravel()
    }
    pub fn flatten(&self) -> Array {
        self.0.flatten()
    }
    pub fn reshape(&self, rows: usize, cols: usize) -> Matrix {
        self.0.reshape(rows, cols)
    }
    pub fn base(&self) -> Array {
        self.0.base()
    }
}

impl fmt::Debug for Matrix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.debug(f)
    }
}

/// A Python object, as chapter 1's `Object` has it; the glue converts it both ways.
#[derive(Debug, Clone, PartialEq)]
pub enum Object {
    /// `None`.
    None,
    /// An `int`.
    Int(i64),
    /// A `str`.
    Str(String),
}

/// A pointer to one of the learner's objects: an `Rc<Object>` of the learner's type, seen
/// as `Rc<dyn Any>` (the same allocation, so `Rc::ptr_eq` and `Rc::strong_count` are the
/// learner's own).
pub type Item = Rc<dyn Any>;

/// The learner's `List` (chapter 1), as the glue forwards it.
#[allow(missing_docs)] // each method is the learner's of the same name
pub trait ListImpl: Any {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool;
    fn get(&self, i: usize) -> Item;
    fn set(&mut self, i: usize, value: Item);
    /// `slice`, with the heap it kept, measured around the learner's call alone.
    fn slice_kept(&self, span: Span) -> (List, Option<isize>);
}

/// The learner's `List` (chapter 1).
pub struct List(pub Box<dyn ListImpl>);

#[allow(missing_docs)] // each method is the learner's of the same name
impl List {
    pub fn of(objects: impl IntoIterator<Item = Object>) -> List {
        (subject().list_of)(objects.into_iter().collect())
    }
    /// `List::repeat`, with the heap it kept.
    pub fn repeat_kept(item: &Item, n: usize) -> (List, Option<isize>) {
        (subject().list_repeat_kept)(item, n)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn get(&self, i: usize) -> Item {
        self.0.get(i)
    }
    pub fn set(&mut self, i: usize, value: Item) {
        self.0.set(i, value)
    }
    /// `List::slice`, with the heap it kept.
    pub fn slice_kept(&self, range: impl RangeBounds<usize>) -> (List, Option<isize>) {
        self.0.slice_kept(span_of(&range))
    }
}

/// `Rc::new(object)`, as the learner's `Object`.
pub fn new_item(object: Object) -> Item {
    (subject().new_item)(object)
}

/// The value `item` points at.
pub fn item_value(item: &Item) -> Object {
    (subject().item_value)(item)
}

/// The learner's `SharedView` (chapter 8), as the glue forwards it.
#[allow(missing_docs)] // each method is the learner's of the same name
pub trait SharedViewImpl: Any {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool;
    fn slice(&self, span: Span) -> SharedView;
    fn as_slice(&self) -> &[i64];
    fn held_bytes(&self) -> usize;
}

/// The learner's `SharedView` (chapter 8).
pub struct SharedView(pub Box<dyn SharedViewImpl>);

#[allow(missing_docs)] // each method is the learner's of the same name
impl SharedView {
    pub fn new(data: Rc<[i64]>) -> SharedView {
        (subject().shared_view)(data)
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn slice(&self, range: impl RangeBounds<usize>) -> SharedView {
        self.0.slice(span_of(&range))
    }
    pub fn as_slice(&self) -> &[i64] {
        self.0.as_slice()
    }
    pub fn held_bytes(&self) -> usize {
        self.0.held_bytes()
    }
}

/// Chapter 8's free functions, under the learner's names.
#[allow(missing_docs)] // each function is the learner's of the same name
pub mod ch08 {
    use super::*;

    pub fn head(data: &[i64], n: usize) -> &[i64] {
        (subject().head)(data, n)
    }
    pub fn head_copy(data: &[i64], n: usize) -> Vec<i64> {
        (subject().head_copy)(data, n)
    }
    pub fn double_first_half(data: &mut [i64]) {
        (subject().double_first_half_mut)(data)
    }
    pub fn clamp_negatives(data: &[i64]) -> Cow<'_, [i64]> {
        (subject().clamp_negatives)(data)
    }
    pub fn ndarray_head(a: &Array1<i64>, n: usize) -> ArrayView1<'_, i64> {
        (subject().ndarray_head)(a, n)
    }
    pub fn owned_head(a: &Array1<i64>, n: usize) -> Array1<i64> {
        (subject().owned_head)(a, n)
    }
    pub fn shared_head(a: &ArcArray1<i64>, n: usize) -> ArcArray1<i64> {
        (subject().shared_head)(a, n)
    }
}

/// Fills in [`Subject`] and the `*Impl` traits for the workbook a suite is compiled against
/// (the crate its `workbook` alias names): expands to `static WORKBOOK: Subject`, for the
/// suite to [`install`], and one forwarding type per learner type.
#[macro_export]
macro_rules! glue {
    () => {
        /// The learner's `Array`, forwarded to the model.
        struct GlueArray(workbook::array::Array);
        /// The learner's `Matrix`, forwarded to the model.
        struct GlueMatrix(workbook::matrix::Matrix);
        /// The learner's `List`, forwarded to the model.
        struct GlueList(workbook::ch01_lists::List);
        /// The learner's `SharedView`, forwarded to the model.
        struct GlueSharedView(workbook::ch08_rust_views::SharedView);

        /// The learner's array behind one of the model's.
        fn learner_array(array: &$crate::subject::Array) -> &workbook::array::Array {
            let any: &dyn ::std::any::Any = &*array.0;
            &any.downcast_ref::<GlueArray>()
                .expect("an array of this workbook")
                .0
        }

        /// The model's array for one of the learner's.
        fn model_array(array: workbook::array::Array) -> $crate::subject::Array {
            $crate::subject::Array(Box::new(GlueArray(array)))
        }

        /// The model's matrix for one of the learner's.
        fn model_matrix(matrix: workbook::matrix::Matrix) -> $crate::subject::Matrix {
            $crate::subject::Matrix(Box::new(GlueMatrix(matrix)))
        }

        /// The learner's object for one of the model's.
        fn learner_object(object: $crate::subject::Object) -> workbook::ch01_lists::Object {
            match object {
                $crate::subject::Object::None => workbook::ch01_lists::Object::None,
                $crate::subject::Object::Int(v) => workbook::ch01_lists::Object::Int(v),
                $crate::subject::Object::Str(s) => workbook::ch01_lists::Object::Str(s),
            }
        }

        /// The learner's pointer behind one of the model's items.
        fn learner_item(
            item: &$crate::subject::Item,
        ) -> ::std::rc::Rc<workbook::ch01_lists::Object> {
            ::std::rc::Rc::downcast(::std::rc::Rc::clone(item)).expect("an object of this workbook")
        }

        impl $crate::subject::ArrayImpl for GlueArray {
            fn len(&self) -> usize {
                self.0.len()
            }
            fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
            fn is_writeable(&self) -> bool {
                self.0.is_writeable()
            }
            fn values(&self) -> Vec<i64> {
                self.0.iter().collect()
            }
            fn cell_addresses(&self) -> Vec<usize> {
                self.0
                    .runs()
                    .flat_map(|run| run.iter().map(|cell| ::std::ptr::from_ref(cell).addr()))
                    .collect()
            }
            fn debug(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
            fn get(&self, i: usize) -> i64 {
                self.0.get(i)
            }
            fn to_vec(&self) -> Vec<i64> {
                self.0.to_vec()
            }
            fn slice(&self, span: $crate::session::Span) -> $crate::subject::Array {
                model_array($crate::with_range!(span, |range| self.0.slice(range)))
            }
            fn base(&self) -> Option<$crate::subject::Array> {
                self.0.base().map(model_array)
            }
            fn owns_data(&self) -> bool {
                self.0.owns_data()
            }
            fn nbytes(&self) -> usize {
                self.0.nbytes()
            }
            fn held_bytes(&self) -> usize {
                self.0.held_bytes()
            }
            fn set(&self, i: usize, value: i64) {
                self.0.set(i, value)
            }
            fn slice_step(
                &self,
                start: Option<isize>,
                stop: Option<isize>,
                step: isize,
            ) -> $crate::subject::Array {
                model_array(self.0.slice_step(start, stop, step))
            }
            fn greater(&self, threshold: i64) -> Vec<bool> {
                self.0.greater(threshold)
            }
            fn mask(&self, mask: &[bool]) -> $crate::subject::Array {
                model_array(self.0.mask(mask))
            }
            fn take(&self, indices: &[usize]) -> $crate::subject::Array {
                model_array(self.0.take(indices))
            }
            fn copy(&self) -> $crate::subject::Array {
                model_array(self.0.copy())
            }
            fn reshape(&self, rows: usize, cols: usize) -> $crate::subject::Matrix {
                model_matrix(self.0.reshape(rows, cols))
            }
            fn broadcast_to(&self, rows: usize, cols: usize) -> $crate::subject::Matrix {
                model_matrix(self.0.broadcast_to(rows, cols))
            }
        }

        impl $crate::subject::MatrixImpl for GlueMatrix {
            fn shape(&self) -> [usize; 2] {
                self.0.shape()
            }
            fn strides(&self) -> [isize; 2] {
                self.0.strides()
            }
            fn is_writeable(&self) -> bool {
                self.0.is_writeable()
            }
            fn values(&self) -> Vec<i64> {
                self.0.iter().collect()
            }
            fn to_rows(&self) -> Vec<Vec<i64>> {
                self.0.to_rows()
            }
            fn debug(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Debug::fmt(&self.0, f)
            }
            fn get(&self, row: usize, col: usize) -> i64 {
                self.0.get(row, col)
            }
            fn set(&self, row: usize, col: usize, value: i64) {
                self.0.set(row, col, value)
            }
            fn transpose(&self) -> $crate::subject::Matrix {
                model_matrix(self.0.transpose())
            }
            fn row(&self, i: usize) -> $crate::subject::Array {
                model_array(self.0.row(i))
            }
            fn column(&self, j: usize) -> $crate::subject::Array {
                model_array(self.0.column(j))
            }
            fn is_c_contiguous(&self) -> bool {
                self.0.is_c_contiguous()
            }
            fn ravel(&self) -> $crate::subject::Array {
                model_array(self.0.ravel())
            }
            fn flatten(&self) -> $crate::subject::Array {
                model_array(self.0.flatten())
            }
            fn reshape(&self, rows: usize, cols: usize) -> $crate::subject::Matrix {
                model_matrix(self.0.reshape(rows, cols))
            }
            fn base(&self) -> $crate::subject::Array {
                model_array(self.0.base())
            }
        }

        impl $crate::subject::ListImpl for GlueList {
            fn len(&self) -> usize {
                self.0.len()
            }
            fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
            fn get(&self, i: usize) -> $crate::subject::Item {
                self.0.get(i)
            }
            fn set(&mut self, i: usize, value: $crate::subject::Item) {
                let value = learner_item(&value);
                self.0.set(i, value)
            }
            fn slice_kept(
                &self,
                span: $crate::session::Span,
            ) -> ($crate::subject::List, Option<isize>) {
                let (list, kept) = ::viewbook::harness::explore::heap_kept(|| {
                    $crate::with_range!(span, |range| self.0.slice(range))
                });
                ($crate::subject::List(Box::new(GlueList(list))), kept)
            }
        }

        impl $crate::subject::SharedViewImpl for GlueSharedView {
            fn len(&self) -> usize {
                self.0.len()
            }
            fn is_empty(&self) -> bool {
                self.0.is_empty()
            }
            fn slice(&self, span: $crate::session::Span) -> $crate::subject::SharedView {
                let view = $crate::with_range!(span, |range| self.0.slice(range));
                $crate::subject::SharedView(Box::new(GlueSharedView(view)))
            }
            fn as_slice(&self) -> &[i64] {
                self.0.as_slice()
            }
            fn held_bytes(&self) -> usize {
                self.0.held_bytes()
            }
        }

        /// This suite's workbook, for the model: install it before the model runs.
        static WORKBOOK: $crate::subject::Subject = $crate::subject::Subject {
            arange: |n| model_array(workbook::array::Array::arange(n)),
            shares_memory: |a, b| {
                workbook::ch02_views::shares_memory(learner_array(a), learner_array(b))
            },
            double_first_half: |arr| workbook::ch04_aliasing::double_first_half(learner_array(arr)),
            load_recording: |id, len| model_array(workbook::ch06_support::load_recording(id, len)),
            keep_headers: |recordings, header_len| {
                let recordings = recordings.into_iter().map(|array| {
                    let any: Box<dyn ::std::any::Any> = array.0;
                    any.downcast::<GlueArray>()
                        .expect("an array of this workbook")
                        .0
                });
                workbook::ch06_takeaways::keep_headers(recordings, header_len)
                    .into_iter()
                    .map(model_array)
                    .collect()
            },
            scaled: |arr, factor| {
                model_array(workbook::ch06_takeaways::scaled(learner_array(arr), factor))
            },
            list_of: |objects| {
                let list = workbook::ch01_lists::List::of(objects.into_iter().map(learner_object));
                $crate::subject::List(Box::new(GlueList(list)))
            },
            list_repeat_kept: |item, n| {
                let item = learner_item(item);
                let (list, kept) = ::viewbook::harness::explore::heap_kept(|| {
                    workbook::ch01_lists::List::repeat(&item, n)
                });
                ($crate::subject::List(Box::new(GlueList(list))), kept)
            },
            new_item: |object| ::std::rc::Rc::new(learner_object(object)),
            item_value: |item| match &*learner_item(item) {
                workbook::ch01_lists::Object::None => $crate::subject::Object::None,
                workbook::ch01_lists::Object::Int(v) => $crate::subject::Object::Int(*v),
                workbook::ch01_lists::Object::Str(s) => $crate::subject::Object::Str(s.clone()),
            },
            shared_view: |data| {
                let view = workbook::ch08_rust_views::SharedView::new(data);
                $crate::subject::SharedView(Box::new(GlueSharedView(view)))
            },
            head: workbook::ch08_rust_views::head,
            head_copy: workbook::ch08_rust_views::head_copy,
            double_first_half_mut: workbook::ch08_rust_views::double_first_half,
            clamp_negatives: workbook::ch08_rust_views::clamp_negatives,
            ndarray_head: workbook::ch08_rust_views::ndarray_head,
            owned_head: workbook::ch08_rust_views::owned_head,
            shared_head: workbook::ch08_rust_views::shared_head,
        };
    };
}
