//! The array type that chapters 2 to 6 extend. Scaffolding: read it, no need to edit it.
//! Each chapter adds an `impl Array` block in its own file (`ch02_views.rs`, ...).
//!
//! An [`Array`] is a *handle*, like a NumPy array object: it names a buffer of elements and
//! which of them it shows. The buffer is shared (`Rc`) so that several arrays can show the same
//! memory (that is what a view is), and each element is a `Cell` so that a write through any of
//! them is seen by all (chapter 4), without `&mut` borrows that would forbid exactly what NumPy
//! allows.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

// ANCHOR: struct
/// A one-dimensional array of `i64`, owning its buffer or viewing another array's.
///
/// Element `i` of the array is `data[position(i)]`, where
/// `position(i) = offset + i * step`. An array made by [`Array::arange`] *owns* a new buffer of
/// exactly its elements (`offset` 0, `step` 1); an array made with [`Array::new_view`] is a
/// *view* on a buffer that some owner made.
pub struct Array {
    /// The elements, shared by the owner and every view of it. The buffer is freed when the
    /// last array holding it is dropped.
    pub(crate) data: Rc<[Cell<i64>]>,
    /// Where this array's element 0 is in `data`.
    pub(crate) offset: usize,
    /// How many elements this array shows.
    pub(crate) len: usize,
    /// The distance in `data` from one element to the next: 1 for an owner and a basic slice;
    /// stepped and reversed views (chapter 4) have other steps, and a column of a broadcast
    /// (chapter 7) has step 0: one element, shown again and again.
    pub(crate) step: isize,
    /// Whether this array is a view on another array's buffer (NumPy: `base is not None`)
    /// rather than the array that owns it.
    pub(crate) is_view: bool,
    /// Whether writes through this array are allowed (NumPy: `arr.flags.writeable`). Every
    /// array is writeable except the views of a read-only matrix (chapter 7's broadcasts).
    pub(crate) writeable: bool,
}
// ANCHOR_END: struct

impl Array {
    /// `np.arange(n)`: a new array owning `n` elements `0, 1, ..., n - 1`.
    ///
    /// Every element is written, so the whole buffer (8 bytes per element) is resident.
    pub fn arange(n: usize) -> Array {
        i64::try_from(n).expect("arange: n does not fit in i64");
        Array::from_values(n, 0..)
    }

    /// `np.array(values)`: a new array owning a copy of `values`.
    pub fn from_slice(values: &[i64]) -> Array {
        Array::from_values(values.len(), values.iter().copied())
    }

    /// A new array owning a new buffer of `len` elements, the first `len` of `values`.
    ///
    /// The buffer is allocated once and each element written in place (no temporary `Vec`, so
    /// the peak is one buffer, not two), on huge pages where the OS offers them, as NumPy does
    /// for large arrays: see the book's "Measuring memory".
    ///
    /// # Panics
    /// If `values` has fewer than `len` items.
    pub fn from_values(len: usize, values: impl IntoIterator<Item = i64>) -> Array {
        Array::new_owner(viewbook::buffer::cells(len, values))
    }

    /// A new array owning a new buffer of `len` elements, copied from `runs` in order: each run
    /// (a stretch of some array's buffer, as [`Array::runs`] hands them out) in bulk, with one
    /// `memcpy`, as NumPy copies a contiguous array.
    ///
    /// Like [`Array::from_values`], it allocates the buffer once, on huge pages where the OS
    /// offers them, and writes each element once: the peak is the one new buffer.
    ///
    /// # Panics
    /// If the runs hold more or fewer than `len` elements in all.
    pub fn from_runs<'a>(len: usize, runs: impl IntoIterator<Item = &'a [Cell<i64>]>) -> Array {
        Array::new_owner(viewbook::buffer::copied(len, runs))
    }

    /// The elements this array shows, in order (`for x in arr` in NumPy).
    ///
    /// A contiguous array is read straight from its stretch of the buffer, as fast as a loop
    /// over a `&[i64]`; a stepped view walks the buffer `step` apart, forward or backward; a
    /// step-0 view (chapter 7) repeats its one element.
    pub fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        self.walk().map(Cell::get)
    }

    /// The elements this array shows as *runs*, in order: stretches of the buffer whose
    /// elements lie side by side, for [`Array::from_runs`] to copy in bulk.
    ///
    /// A contiguous array (step 1) is one run, its whole stretch of the buffer; in a stepped,
    /// reversed or step-0 view no two elements it shows are neighbours in the buffer, so each
    /// element is a run of its own.
    pub fn runs(&self) -> impl Iterator<Item = &[Cell<i64>]> + '_ {
        match self.walk() {
            Walk::Contiguous(cells) => Runs::Whole(Some(cells.as_slice()).into_iter()),
            walk => Runs::Each(walk),
        }
    }

    /// The cells this array shows, in order: [`Array::iter`] and [`Array::runs`] read them.
    fn walk(&self) -> Walk<'_> {
        let step = self.step.unsigned_abs();
        match self.step {
            _ if self.len == 0 => Walk::Contiguous([].iter()),
            1 => Walk::Contiguous(self.data[self.offset..self.offset + self.len].iter()),
            // Step 0 shows one element `len` times (a column of a broadcast, chapter 7).
            0 => Walk::Repeated(std::iter::repeat_n(&self.data[self.offset], self.len)),
            s if s > 1 => {
                Walk::Forward(self.data[self.offset..].iter().step_by(step).take(self.len))
            }
            _ => Walk::Backward(
                self.data[..=self.offset]
                    .iter()
                    .rev()
                    .step_by(step)
                    .take(self.len),
            ),
        }
    }

    /// `len(arr)`: the number of elements this array shows.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether this array shows no element.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// `arr.flags.writeable`: whether `set` may write through this array. Only the views of a
    /// read-only matrix (chapter 7: `broadcast_to`) are not writeable.
    pub fn is_writeable(&self) -> bool {
        self.writeable
    }

    /// The array that owns a new buffer `data` and shows all of it. Use it for every array
    /// whose elements are freshly allocated (a copy is a new owner).
    pub(crate) fn new_owner(data: Rc<[Cell<i64>]>) -> Array {
        Array {
            offset: 0,
            len: data.len(),
            step: 1,
            is_view: false,
            writeable: true,
            data,
        }
    }

    /// A view on `data`, a buffer some other array owns, showing `len` elements from position
    /// `offset` on, `step` apart. Pass it `Rc::clone(&self.data)`: the view then shares the
    /// buffer, and keeps it alive, without copying an element.
    pub(crate) fn new_view(data: Rc<[Cell<i64>]>, offset: usize, len: usize, step: isize) -> Array {
        Array {
            data,
            offset,
            len,
            step,
            is_view: true,
            writeable: true,
        }
    }

    /// Where element `i` of this array is in `data`. Does not check `i`.
    pub(crate) fn position(&self, i: usize) -> usize {
        self.offset
            .checked_add_signed(i as isize * self.step)
            .expect("element position outside the buffer")
    }

    /// Reads element `i` straight from the buffer, for printing (no bounds check).
    fn element(&self, i: usize) -> i64 {
        self.data[self.position(i)].get()
    }
}

/// How [`Array::iter`] and [`Array::runs`] walk the buffer: one plain slice iterator per kind of
/// array, so that a fold (`sum`, `for_each`, `collect`) runs as the tight loop that kind
/// allows, as fast as the same loop over a `&[i64]`.
enum Walk<'a> {
    /// Step 1: the elements side by side.
    Contiguous(std::slice::Iter<'a, Cell<i64>>),
    /// Step > 1: every `step`-th element, forwards.
    Forward(std::iter::Take<std::iter::StepBy<std::slice::Iter<'a, Cell<i64>>>>),
    /// Step < 0: every `|step|`-th element, backwards.
    Backward(std::iter::Take<std::iter::StepBy<std::iter::Rev<std::slice::Iter<'a, Cell<i64>>>>>),
    /// Step 0: one element, again and again.
    Repeated(std::iter::RepeatN<&'a Cell<i64>>),
}

impl<'a> Iterator for Walk<'a> {
    type Item = &'a Cell<i64>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Walk::Contiguous(it) => it.next(),
            Walk::Forward(it) => it.next(),
            Walk::Backward(it) => it.next(),
            Walk::Repeated(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Walk::Contiguous(it) => it.size_hint(),
            Walk::Forward(it) => it.size_hint(),
            Walk::Backward(it) => it.size_hint(),
            Walk::Repeated(it) => it.size_hint(),
        }
    }

    // Each kind folds with its own loop; the default `fold` would call `next` and match on
    // the kind for every element.
    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, f: F) -> B {
        match self {
            Walk::Contiguous(it) => it.fold(init, f),
            Walk::Forward(it) => it.fold(init, f),
            Walk::Backward(it) => it.fold(init, f),
            Walk::Repeated(it) => it.fold(init, f),
        }
    }
}

/// How [`Array::runs`] hands out the buffer: a contiguous array's whole stretch at once, or
/// every other kind of walk one element at a time, each kind folding with its own loop.
enum Runs<'a> {
    /// Step 1: one run, all the elements.
    Whole(std::option::IntoIter<&'a [Cell<i64>]>),
    /// Any other step: a run of one element per element.
    Each(Walk<'a>),
}

impl<'a> Iterator for Runs<'a> {
    type Item = &'a [Cell<i64>];

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Runs::Whole(it) => it.next(),
            Runs::Each(walk) => walk.next().map(std::slice::from_ref),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self {
            Runs::Whole(it) => it.size_hint(),
            Runs::Each(walk) => walk.size_hint(),
        }
    }

    fn fold<B, F: FnMut(B, Self::Item) -> B>(self, init: B, f: F) -> B {
        match self {
            Runs::Whole(it) => it.fold(init, f),
            Runs::Each(walk) => walk.map(std::slice::from_ref).fold(init, f),
        }
    }
}

/// Prints like NumPy's repr: `array([0, 1, 2])`, eliding the middle of long arrays as
/// `array([0, 1, 2, ..., 997, 998, 999])`, so that a failure message stays short even for
/// the suites' 8-million-element arrays.
impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const EDGE: usize = 3;
        let shown: Vec<String> = if self.len > 1000 {
            (0..EDGE)
                .map(|i| self.element(i).to_string())
                .chain(["...".to_owned()])
                .chain((self.len - EDGE..self.len).map(|i| self.element(i).to_string()))
                .collect()
        } else {
            (0..self.len).map(|i| self.element(i).to_string()).collect()
        };
        write!(f, "array([{}])", shown.join(", "))
    }
}
