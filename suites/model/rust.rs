//! The model of chapter 8: Rust's own views, borrows, `Rc` views, `Cow` and ndarray.
//!
//! A [`Chain`] starts from one random `Vec<i64>` (negative elements included) and applies
//! random calls to it: `head` and `head_copy` with any `n` (past the end too),
//! `double_first_half` through a `&mut` borrow of any part of it, `clamp_negatives`, the
//! ndarray helpers on an `Array1` or `ArcArray1` of it, and `SharedView` slices of every
//! range kind on a shared `Rc` buffer, views of views included. The model of a view is where
//! it starts in the buffer it borrows and how many elements it shows, so each result is
//! checked for its values, whether it points into the input's buffer (a view) or into a
//! buffer of its own (a copy), the room a copy reserves, and what an `Rc` view holds.

use std::borrow::Cow;
use std::rc::Rc;

use ndarray::{ArcArray1, Array1};
use viewbook::harness::explore::{Finding, Tape};

use super::session::{Method, Session, Span, room_allowed, with_range};
use crate::subject::SharedView;
use crate::subject::ch08::{
    clamp_negatives, double_first_half, head, head_copy, ndarray_head, owned_head, shared_head,
};

/// How many calls a chain makes at most.
const MAX_OPERATIONS: usize = 6;
/// The longest input: long enough for views of views with bounds past their ends.
const MAX_LEN: usize = 16;
/// This model's chapter.
const SLUG: &str = "ch08_rust_views";

/// The learner's `head`.
const HEAD: Method = Method::new("head", SLUG);
/// The learner's `head_copy`.
const HEAD_COPY: Method = Method::new("head_copy", SLUG);
/// The learner's `double_first_half`.
const DOUBLE_FIRST_HALF: Method = Method::new("double_first_half", SLUG);
/// The learner's `SharedView::slice`.
const SLICE: Method = Method::new("SharedView::slice", SLUG);
/// The learner's `SharedView::as_slice`.
const AS_SLICE: Method = Method::new("SharedView::as_slice", SLUG);
/// The learner's `SharedView::held_bytes`.
const HELD_BYTES: Method = Method::new("SharedView::held_bytes", SLUG);
/// The learner's `clamp_negatives`.
const CLAMP_NEGATIVES: Method = Method::new("clamp_negatives", SLUG);
/// The learner's `ndarray_head`.
const NDARRAY_HEAD: Method = Method::new("ndarray_head", SLUG);
/// The learner's `owned_head`.
const OWNED_HEAD: Method = Method::new("owned_head", SLUG);
/// The learner's `shared_head`.
const SHARED_HEAD: Method = Method::new("shared_head", SLUG);

/// One kind of call of a chain.
type Operation = fn(&mut Chain, &mut Tape) -> Result<(), Finding>;

/// What a kind of call changes, for what later calls see.
#[derive(Clone, Copy)]
enum Effect {
    /// Nothing: it only reads `arr`.
    Reads,
    /// `arr`'s elements (when it doubles any).
    WritesArr,
    /// The views of the shared buffer: it adds one.
    MakesView,
}

/// Every kind of call a chain makes, with what it changes (`SharedView` slices twice, for
/// views of views of views).
const OPERATIONS: [(Operation, Effect); 8] = [
    (Chain::head, Effect::Reads),
    (Chain::head_copy, Effect::Reads),
    (Chain::double_first_half, Effect::WritesArr),
    (Chain::shared_slice, Effect::MakesView),
    (Chain::shared_slice, Effect::MakesView),
    (Chain::clamp_negatives, Effect::Reads),
    (Chain::ndarray_heads, Effect::Reads),
    (Chain::shared_head, Effect::Reads),
];

/// One `SharedView` of the chain: its name, where the model says it starts in the shared
/// buffer and how many elements it shows, and the learner's view.
struct View {
    /// Its name in the session: `x3`.
    name: String,
    /// Where the model says it starts in the shared buffer.
    start: usize,
    /// How many elements the model says it shows.
    len: usize,
    /// The learner's view.
    view: SharedView,
    /// The method that made it, blamed when it shows the wrong elements.
    made_by: Method,
    /// What the range that made it means, added to a finding about its elements.
    note: &'static str,
}

/// A chain of calls on one `Vec` and on `SharedView`s of a copy of it, beside the model.
pub struct Chain {
    /// The calls so far, as Python and as Rust.
    session: Session,
    /// `arr`, as the chain has changed it (`double_first_half` writes into it).
    arr: Vec<i64>,
    /// The buffer every `SharedView` shares, once one is made (the suite keeps a pointer
    /// to it, to count the views that hold it).
    shared: Option<Rc<[i64]>>,
    /// Every view of the shared buffer, the owner first.
    views: Vec<View>,
    /// How many results have been named so far.
    named: usize,
}

impl Chain {
    /// Runs one random chain for chapter 8's suite and compares every call.
    pub fn run(tape: &mut Tape) -> Result<(), Finding> {
        let len = tape.below(MAX_LEN + 1);
        // Element i is i + 1, sometimes negated: no two elements are equal, so a view showing
        // the wrong part of a buffer shows the wrong values; mostly non-negative, so that
        // `clamp_negatives` sometimes has nothing to change.
        let arr: Vec<i64> = (1..=len as i64)
            .map(|value| if tape.one_in(5) { -value } else { value })
            .collect();
        let mut session = Session::new(SLUG);
        session.line(
            format!("arr = np.array({arr:?})"),
            format!("let mut arr: Vec<i64> = vec!{arr:?};"),
        );
        let mut chain = Chain {
            session,
            arr,
            shared: None,
            views: Vec::new(),
            named: 0,
        };
        for _ in 0..MAX_OPERATIONS {
            if tape.is_exhausted() {
                break;
            }
            let (operation, effect) = OPERATIONS[tape.below(OPERATIONS.len())];
            let (mark, named, before) = (chain.session.mark(), chain.named, chain.arr.clone());
            operation(&mut chain, tape)?;
            // A call that changed nothing later calls see, and was right, is left out of the
            // session a later finding prints.
            let changed_nothing = match effect {
                Effect::Reads => true,
                Effect::WritesArr => chain.arr == before,
                Effect::MakesView => false,
            };
            if changed_nothing {
                chain.session.forget_since(mark);
                chain.named = named;
            }
        }
        Ok(())
    }

    /// `v = arr[:n]` as `head(&arr, n)`: a borrow of `arr`'s own first elements.
    fn head(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let n = tape.below(self.arr.len() + 4);
        let name = self.next_name();
        self.session.line(
            format!("{name} = arr[:{n}]"),
            format!("let {name} = head(&arr, {n});"),
        );
        let arr = &self.arr;
        let view = self.call_clamped(HEAD, n, || head(arr, n))?;
        self.compare_head(HEAD, view, n, &name)?;
        self.require_view(HEAD, view, arr.as_ptr(), &name)
    }

    /// `c = arr[:n].copy()` as `head_copy(&arr, n)`: a `Vec` of its own, no bigger than it
    /// needs to be.
    fn head_copy(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let n = tape.below(self.arr.len() + 4);
        let name = self.next_name();
        self.session.line(
            format!("{name} = arr[:{n}].copy()"),
            format!("let {name} = head_copy(&arr, {n});"),
        );
        let arr = &self.arr;
        let copy = self.call_clamped(HEAD_COPY, n, || head_copy(arr, n))?;
        self.compare_head(HEAD_COPY, &copy, n, &name)?;
        self.require_copy(HEAD_COPY, &copy, arr.as_ptr(), &name)?;
        self.require_room(HEAD_COPY, copy.capacity(), copy.len(), &name)
    }

    /// `x = arr[a:b]; x[:len(x) // 2] *= 2` as `double_first_half(&mut arr[a..b])`: writes
    /// into `arr` through the mutable borrow.
    fn double_first_half(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let len = self.arr.len();
        let start = tape.below(len + 1);
        let stop = start + tape.below(len - start + 1);
        self.session.line(
            format!("x = arr[{start}:{stop}]; x[:len(x) // 2] *= 2"),
            format!("double_first_half(&mut arr[{start}..{stop}]);"),
        );
        let mut expected = self.arr.clone();
        let half = (stop - start) / 2;
        for x in &mut expected[start..start + half] {
            *x *= 2;
        }
        let arr = &mut self.arr;
        self.session.call(DOUBLE_FIRST_HALF, || {
            double_first_half(&mut arr[start..stop])
        })?;
        self.session
            .compare(DOUBLE_FIRST_HALF, &self.arr, &expected, || {
                format!(
                    "arr is now (the first {half} of the {} elements from arr[{start}] \
                     doubled, in arr itself)",
                    stop - start
                )
            })
    }

    /// `t = s[a:b]` as `s.slice(a..b)`, for a view `s` of the shared buffer (made first, as
    /// `SharedView::new`, if there is none yet): a view of a view counts from its own start.
    fn shared_slice(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        if self.views.is_empty() {
            return self.shared_owner();
        }
        let source = tape.below(self.views.len());
        let name = self.next_name();
        let from = &self.views[source];
        let span = Span::draw(tape, from.len);
        let shown = span.indices(from.len);
        let (start, len) = (from.start + shown.start, shown.len());
        self.session.line(
            format!("{name} = {}{}", from.name, span.python()),
            format!("let {name} = {}.slice({});", from.name, span.rust()),
        );
        let from = &self.views[source].view;
        let view = self
            .session
            .call(SLICE, || with_range!(span, |range| from.slice(range)))?;
        self.add_view(name, start, len, view, SLICE, span.meaning())
    }

    /// `s = np.array(arr)` as `SharedView::new(arr.clone().into())`: the owner of the
    /// shared buffer.
    fn shared_owner(&mut self) -> Result<(), Finding> {
        let buffer: Rc<[i64]> = self.arr.clone().into();
        let name = self.next_name();
        self.session.line(
            format!("{name} = np.array(arr)"),
            format!("let {name} = SharedView::new(arr.clone().into());"),
        );
        let view = SharedView::new(Rc::clone(&buffer));
        let len = buffer.len();
        self.shared = Some(buffer);
        self.add_view(name, 0, len, view, AS_SLICE, "")
    }

    /// Adds a view to the chain and checks every view of the shared buffer.
    fn add_view(
        &mut self,
        name: String,
        start: usize,
        len: usize,
        view: SharedView,
        made_by: Method,
        note: &'static str,
    ) -> Result<(), Finding> {
        self.views.push(View {
            name,
            start,
            len,
            view,
            made_by,
            note,
        });
        let buffer = self.shared.as_ref().expect("a view has its buffer");
        let holders = Rc::strong_count(buffer) - 1;
        self.session
            .compare(made_by, &holders, &self.views.len(), || {
                "the handles on the shared buffer (`Rc::strong_count`, less the suite's own): each \
             view is one more `Rc` on the same buffer (`Rc::clone`), copying no element, so \
             they are"
                    .to_owned()
            })?;
        (0..self.views.len()).try_for_each(|v| self.check_view(v))
    }

    /// One view's elements, where they are, and the bytes it holds.
    fn check_view(&self, v: usize) -> Result<(), Finding> {
        let view = &self.views[v];
        let buffer = self.shared.as_ref().expect("a view has its buffer");
        let expected = &buffer[view.start..view.start + view.len];
        let len = self.session.call(view.made_by, || view.view.len())?;
        let shown = self.session.call(view.made_by, || view.view.as_slice())?;
        self.session
            .compare(view.made_by, &len, &view.len, || {
                format!("len({}) is", view.name)
            })
            .and_then(|()| {
                self.session.compare(view.made_by, &shown, &expected, || {
                    format!("{} is", view.name)
                })
            })
            .map_err(|finding| with_note(finding, view.note))?;
        let empty = self.session.call(view.made_by, || view.view.is_empty())?;
        self.session
            .compare(view.made_by, &empty, &(view.len == 0), || {
                format!("len({}) == 0 is", view.name)
            })?;
        if view.len > 0 {
            let at = element_of(buffer, shown);
            self.session
                .compare(view.made_by, &at, &Some(view.start), || {
                    format!(
                        "the element of the shared buffer where {}.as_slice() starts (None: \
                     outside the buffer, in a copy) is",
                        view.name
                    )
                })?;
        }
        let held = self.session.call(HELD_BYTES, || view.view.held_bytes())?;
        self.session
            .compare(HELD_BYTES, &held, &(8 * buffer.len()), || {
                format!(
                    "{}.held_bytes() is the whole shared buffer, 8 bytes per element, whatever the \
                 view shows:",
                    view.name
                )
            })
    }

    /// `c = np.maximum(arr, 0)` as `clamp_negatives(&arr)`: borrowed exactly when nothing
    /// is negative.
    fn clamp_negatives(&mut self, _tape: &mut Tape) -> Result<(), Finding> {
        let name = self.next_name();
        self.session.line(
            format!("{name} = np.maximum(arr, 0)"),
            format!("let {name} = clamp_negatives(&arr);"),
        );
        let before = self.arr.clone();
        let arr = &self.arr;
        let out = self
            .session
            .call(CLAMP_NEGATIVES, || clamp_negatives(arr))?;
        let expected: Vec<i64> = before.iter().map(|&x| x.max(0)).collect();
        self.session
            .compare(CLAMP_NEGATIVES, &out.to_vec(), &expected, || {
                format!("{name} is")
            })?;
        let any_negative = before.iter().any(|&x| x < 0);
        let borrowed = match &out {
            Cow::Borrowed(slice) => Some(slice.as_ptr()),
            Cow::Owned(_) => None,
        };
        self.session.require(
            CLAMP_NEGATIVES,
            match borrowed {
                Some(ptr) => !any_negative && std::ptr::eq(ptr, self.arr.as_ptr()),
                None => any_negative,
            },
            || {
                let kind = if borrowed.is_some() {
                    "Cow::Borrowed"
                } else {
                    "Cow::Owned"
                };
                format!(
                    "{name} is {kind}: it must be `Cow::Borrowed(arr)` itself exactly when no \
                     element is negative (nothing to write, nothing to copy), and a \
                     `Cow::Owned` copy when one is"
                )
            },
        )?;
        drop(out);
        self.session
            .compare(CLAMP_NEGATIVES, &self.arr, &before, || {
                "arr after clamp_negatives(&arr) is unchanged:".to_owned()
            })
    }

    /// `v = a[:n]` and `c = a[:n].copy()` on an ndarray `Array1` of `arr`: a view into its
    /// buffer, and a copy that holds only what it shows.
    fn ndarray_heads(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let n = tape.below(self.arr.len() + 4);
        let (view_name, copy_name) = (self.next_name(), self.next_name());
        self.session.line(
            format!("a = np.array(arr); {view_name} = a[:{n}]"),
            format!("let a = Array1::from(arr.clone()); let {view_name} = ndarray_head(&a, {n});"),
        );
        let a = Array1::from(self.arr.clone());
        let view = self.call_clamped(NDARRAY_HEAD, n, || ndarray_head(&a, n))?;
        self.compare_head(NDARRAY_HEAD, &view.to_vec(), n, &view_name)?;
        let shown = view
            .as_slice()
            .expect("a 1-D view of a 1-D array is contiguous");
        self.require_view(NDARRAY_HEAD, shown, a.as_ptr(), &view_name)?;
        self.session.line(
            format!("{copy_name} = a[:{n}].copy()"),
            format!("let {copy_name} = owned_head(&a, {n});"),
        );
        let copy = self.call_clamped(OWNED_HEAD, n, || owned_head(&a, n))?;
        self.compare_head(OWNED_HEAD, &copy.to_vec(), n, &copy_name)?;
        let (vec, _) = copy.into_raw_vec_and_offset();
        self.require_copy(OWNED_HEAD, &vec, a.as_ptr(), &copy_name)?;
        self.require_room(OWNED_HEAD, vec.capacity(), vec.len(), &copy_name)
    }

    /// `s = a[:n]` on an ndarray `ArcArray1` of `arr`, with NumPy's sharing: the same
    /// buffer, no element copied.
    fn shared_head(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let n = tape.below(self.arr.len() + 4);
        let name = self.next_name();
        self.session.line(
            format!("a = np.array(arr); {name} = a[:{n}]"),
            format!("let a = ArcArray1::from(arr.clone()); let {name} = shared_head(&a, {n});"),
        );
        let a = ArcArray1::from(self.arr.clone());
        let small = self.call_clamped(SHARED_HEAD, n, || shared_head(&a, n))?;
        self.compare_head(SHARED_HEAD, &small.to_vec(), n, &name)?;
        let shown = small
            .as_slice()
            .expect("a 1-D head of a 1-D array is contiguous");
        self.require_view(SHARED_HEAD, shown, a.as_ptr(), &name)?;
        // Not `a.is_unique()` for an empty result: ndarray may hand back a fresh empty array.
        self.session
            .require(SHARED_HEAD, small.is_empty() || !a.is_unique(), || {
                format!(
                    "{name} shares a's buffer, so a is not its buffer's only owner: `clone` the \
                 ArcArray (one more owner), then narrow the clone"
                )
            })
    }

    /// A head of `arr` has its first `n` elements (all of them when `n` is past the end).
    fn compare_head(
        &self,
        method: Method,
        got: &[i64],
        n: usize,
        name: &str,
    ) -> Result<(), Finding> {
        let expected = &self.arr[..n.min(self.arr.len())];
        self.session
            .compare(method, &got, &expected, || format!("{name} is"))
    }

    /// A view points at its input's first element, `input` (a view of nothing may point
    /// anywhere).
    fn require_view(
        &self,
        method: Method,
        view: &[i64],
        input: *const i64,
        name: &str,
    ) -> Result<(), Finding> {
        self.session.require(
            method,
            view.is_empty() || std::ptr::eq(view.as_ptr(), input),
            || {
                format!(
                    "{name} is a view: it points at its input's own first element, not at a copy"
                )
            },
        )
    }

    /// A copy's elements live in a buffer of their own, not in its input's (which starts at
    /// `input`).
    fn require_copy(
        &self,
        method: Method,
        copy: &[i64],
        input: *const i64,
        name: &str,
    ) -> Result<(), Finding> {
        self.session.require(
            method,
            copy.is_empty() || !std::ptr::eq(copy.as_ptr(), input),
            || format!("{name} is a copy: its elements live in a new buffer, not in its input's"),
        )
    }

    /// A copy reserves room for what it holds (give or take a `Vec`'s growth), never for the
    /// whole input it was copied from.
    fn require_room(
        &self,
        method: Method,
        capacity: usize,
        len: usize,
        name: &str,
    ) -> Result<(), Finding> {
        self.session
            .require(method, capacity <= room_allowed(len), || {
                format!(
                    "{name} holds {len} elements in a Vec with room for {capacity} \
                 (`capacity()`): a copy reserved for the whole input keeps that memory as \
                 long as the copy lives. Reserve what you hold: `to_vec` of the view (or \
                 `Vec::with_capacity(n)` for the n you copy)"
                )
            })
    }

    /// Calls a head of `n` elements, adding the lesson about clamping when it panics with
    /// `n` past the end.
    fn call_clamped<T>(
        &self,
        method: Method,
        n: usize,
        run: impl FnOnce() -> T,
    ) -> Result<T, Finding> {
        let len = self.arr.len();
        self.session.call(method, run).map_err(|mut finding| {
            if n > len && !finding.text.contains("not yet implemented") {
                finding.text.push_str(&format!(
                    "\n  NumPy's arr[:{n}] of {len} elements stops at the end; Rust's own \
                     indexing panics past it, so clamp first: `n.min(data.len())`"
                ));
            }
            finding
        })
    }

    /// The next result's name in the session: `x1`, `x2`, ...
    fn next_name(&mut self) -> String {
        self.named += 1;
        format!("x{}", self.named)
    }
}

/// A finding about a view's elements, with what its range means (`note`, when it was made by
/// a slice).
fn with_note(mut finding: Finding, note: &str) -> Finding {
    if !note.is_empty() {
        finding.text.push_str(&format!(
            "\n  a view's range is clamped to the view's own length and counts from the view's \
             own first element (its start in the buffer); {note}"
        ));
    }
    finding
}

/// Which element of `buffer` the slice `shown` starts at, or `None` if it does not point
/// into `buffer` at all.
fn element_of(buffer: &[i64], shown: &[i64]) -> Option<usize> {
    let bytes = (shown.as_ptr() as usize).checked_sub(buffer.as_ptr() as usize)?;
    (bytes % 8 == 0 && bytes / 8 <= buffer.len()).then_some(bytes / 8)
}
