//! The model of chapters 2 to 5: one-dimensional arrays, their views, writes and copies.
//!
//! A [`Chain`] starts from one or two `np.arange(n)` owners and applies random operations
//! read from a tape: slices with any bounds and range kind (chapter 2), stepped and reversed
//! slices, writes, masks, index lists and `double_first_half` (chapter 4), copies (chapter 5),
//! always to any array made so far, views of views included. After each operation it compares
//! everything the chapters up to the checked one can observe (values, `get`, `to_vec`,
//! `shares_memory`, `base`, `owns_data`, sizes, where a write lands, error messages) with the
//! model, and reports the first difference as the NumPy session that shows it.

use std::fmt::Debug;

use viewbook::harness::explore::{
    Budget, Finding, Tape, earlier_chapter_warning, heap_peak, search,
};
use viewbook::manifest::{Chapter, attempt, chapter};

use crate::session::{finding_after, last_line, room_allowed};
use crate::subject::Array;
use crate::subject::shares_memory;

/// How many operations a chain applies at most, after its owners.
const MAX_OPERATIONS: usize = 8;
/// The longest owner a chain starts from: long enough for steps of 3 inside slices of slices.
const MAX_OWNER_LEN: usize = 24;

/// One kind of operation of a chain, applied to the array (or through the array) it names.
type Operation = fn(&mut Chain, &mut Tape, usize) -> Result<(), Finding>;

// One method of the learner's and its chapter: the type all the models share.
pub use super::session::{Method, Span};

/// `Array::arange`: scaffolding (`exercises/src/array.rs`), counted as chapter 2's, the first
/// to make arrays.
pub const ARANGE: Method = Method::new("Array::arange", "ch02_views");
/// `Array::get`, in `exercises/src/ch02_views.rs`.
pub const GET: Method = Method::new("Array::get", "ch02_views");
/// `Array::to_vec`, in `exercises/src/ch02_views.rs`.
pub const TO_VEC: Method = Method::new("Array::to_vec", "ch02_views");
/// `Array::slice`, in `exercises/src/ch02_views.rs`.
pub const SLICE: Method = Method::new("Array::slice", "ch02_views");
/// `shares_memory`, in `exercises/src/ch02_views.rs`.
pub const SHARES_MEMORY: Method = Method::new("shares_memory", "ch02_views");
/// `Array::base`, in `exercises/src/ch03_base.rs`.
pub const BASE: Method = Method::new("Array::base", "ch03_base");
/// `Array::owns_data`, in `exercises/src/ch03_base.rs`.
pub const OWNS_DATA: Method = Method::new("Array::owns_data", "ch03_base");
/// `Array::nbytes`, in `exercises/src/ch03_base.rs`.
pub const NBYTES: Method = Method::new("Array::nbytes", "ch03_base");
/// `Array::held_bytes`, in `exercises/src/ch03_base.rs`.
pub const HELD_BYTES: Method = Method::new("Array::held_bytes", "ch03_base");
/// `Array::set`, in `exercises/src/ch04_aliasing.rs`.
pub const SET: Method = Method::new("Array::set", "ch04_aliasing");
/// `Array::slice_step`, in `exercises/src/ch04_aliasing.rs`.
pub const SLICE_STEP: Method = Method::new("Array::slice_step", "ch04_aliasing");
/// `Array::greater`, in `exercises/src/ch04_aliasing.rs`.
pub const GREATER: Method = Method::new("Array::greater", "ch04_aliasing");
/// `Array::mask`, in `exercises/src/ch04_aliasing.rs`.
pub const MASK: Method = Method::new("Array::mask", "ch04_aliasing");
/// `Array::take`, in `exercises/src/ch04_aliasing.rs`.
pub const TAKE: Method = Method::new("Array::take", "ch04_aliasing");
/// `double_first_half`, in `exercises/src/ch04_aliasing.rs`.
pub const DOUBLE_FIRST_HALF: Method = Method::new("double_first_half", "ch04_aliasing");
/// `Array::copy`, in `exercises/src/ch05_copy.rs`.
pub const COPY: Method = Method::new("Array::copy", "ch05_copy");

/// The chapter a method belongs to, as a number (2 for `ch02_views`), to decide which
/// operations and observations a suite may use.
fn number(slug: &str) -> u8 {
    slug[2..4].parse().expect("slugs start with chNN")
}

/// Python's `seq[start:stop:step]`, the indices it shows of a sequence of `len` elements,
/// straight from the language reference (negative bounds count from the end, then clamp).
pub(super) fn python_slice(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    len: usize,
) -> Vec<usize> {
    let len = len as isize;
    let resolve = |bound: isize, low: isize, high: isize| {
        let bound = if bound < 0 { bound + len } else { bound };
        bound.clamp(low, high)
    };
    let mut shown = Vec::new();
    if step > 0 {
        let mut i = start.map_or(0, |b| resolve(b, 0, len));
        let stop = stop.map_or(len, |b| resolve(b, 0, len));
        while i < stop {
            shown.push(i as usize);
            i += step;
        }
    } else {
        let mut i = start.map_or(len - 1, |b| resolve(b, -1, len - 1));
        let stop = stop.map_or(-1, |b| resolve(b, -1, len - 1));
        while i > stop {
            shown.push(i as usize);
            i += step;
        }
    }
    shown
}

/// An optional bound in Python (`""` for none) and in Rust (`None`, `Some(-2)`).
pub fn bound_text(bound: Option<isize>) -> (String, String) {
    match bound {
        None => (String::new(), "None".to_owned()),
        Some(b) => (b.to_string(), format!("Some({b})")),
    }
}

/// What NumPy would hold for one array of the chain.
#[derive(Clone, Debug)]
struct Model {
    /// Which of the chain's buffers it shows.
    buffer: usize,
    /// The positions in that buffer of the elements it shows, in order.
    positions: Vec<usize>,
    /// Whether it owns its buffer (`base is None`).
    owner: bool,
}

/// One array of the chain: its name in the session, the model, and the learner's array.
struct Entry {
    name: String,
    model: Model,
    array: Array,
    /// The method that made it, blamed when its elements are wrong.
    made_by: Method,
}

/// A chain of operations on the learner's arrays beside the model, for the suite of one
/// chapter: it uses only what that chapter and the earlier ones teach.
pub struct Chain {
    checked: &'static Chapter,
    level: u8,
    buffers: Vec<Vec<i64>>,
    /// Where each buffer's first cell is in the learner's memory, once an array showed it.
    bases: Vec<Option<usize>>,
    entries: Vec<Entry>,
    /// The session so far, one line per operation: NumPy, then Rust.
    session: Vec<(String, String)>,
}

impl Chain {
    /// Runs one random chain for the chapter `slug`'s suite and compares every step.
    pub fn run(slug: &str, tape: &mut Tape) -> Result<(), Finding> {
        Chain::run_as(chapter(slug), slug, tape)
    }

    /// Runs one random chain of chapter `level`'s operations for the suite of `checked` (a
    /// later chapter, when it asks whether the chapters it builds on hold).
    fn run_as(checked: &'static Chapter, level: &str, tape: &mut Tape) -> Result<(), Finding> {
        let mut chain = Chain {
            checked,
            level: number(level),
            buffers: Vec::new(),
            bases: Vec::new(),
            entries: Vec::new(),
            session: Vec::new(),
        };
        chain.arange(tape.below(MAX_OWNER_LEN + 1))?;
        if tape.one_in(4) {
            chain.arange(tape.below(MAX_OWNER_LEN + 1))?;
        }
        for _ in 0..MAX_OPERATIONS {
            if tape.is_exhausted() {
                break;
            }
            chain.operation(tape)?;
        }
        Ok(())
    }

    /// One operation, among those the checked chapter has reached.
    fn operation(&mut self, tape: &mut Tape) -> Result<(), Finding> {
        let source = tape.below(self.entries.len());
        let kinds: &[Operation] = match self.level {
            2 | 3 => &[Chain::slice],
            // Stepped views twice as often: interleaved and reversed views of one buffer are
            // where positions computed from the buffer instead of the view go wrong.
            4 => &[
                Chain::slice,
                Chain::slice_step,
                Chain::slice_step,
                Chain::set,
                Chain::mask,
                Chain::take,
                Chain::double_first_half,
            ],
            // Chapter 5 needs views anywhere and writes, not chapter 4's masks and index
            // lists: a wrong `take` costs chapter 4's points, not chapter 5's too.
            _ => &[Chain::slice, Chain::slice_step, Chain::set, Chain::copy],
        };
        let kind = kinds[tape.below(kinds.len())];
        kind(self, tape, source)
    }

    /// `np.arange(n)`, a new owner.
    fn arange(&mut self, n: usize) -> Result<(), Finding> {
        let buffer = self.buffers.len();
        self.buffers.push((0..n as i64).collect());
        self.bases.push(None);
        let name = self.next_name();
        let made = self.call(ARANGE, || Array::arange(n))?;
        self.session.push((
            format!("{name} = np.arange({n})"),
            format!("let {name} = Array::arange({n});"),
        ));
        let model = Model {
            buffer,
            positions: (0..n).collect(),
            owner: true,
        };
        self.add(name, model, made, ARANGE)
    }

    /// `b = a[2:5]`: a view, with a range of any kind.
    fn slice(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let len = self.entries[source].model.positions.len();
        let span = Span::draw(tape, len);
        let from = &self.entries[source];
        let positions = span.indices(len).map(|i| from.model.positions[i]).collect();
        let model = Model {
            buffer: from.model.buffer,
            positions,
            owner: false,
        };
        let name = self.next_name();
        let line = (
            format!("{name} = {}{}", from.name, span.python()),
            format!("let {name} = {}.slice({});", from.name, span.rust()),
        );
        self.made(name, line, model, SLICE, source, |array| span.slice(array))
    }

    /// `b = a[start:stop:step]`, any bounds (negative ones too) and any step but 0.
    fn slice_step(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let len = self.entries[source].model.positions.len() as isize;
        // No bound half the time: `a[::2]`, `a[1::-1]`, the views that span the most.
        let bound = |tape: &mut Tape| tape.one_in(2).then(|| tape.between(-len - 2, len + 2));
        let start = bound(tape);
        let stop = bound(tape);
        // Step 0 now and then: Python's `ValueError`, whatever the array (an empty one too).
        let step = [1, 2, 3, -1, -2, -3, 0][tape.below(7)];
        let from = &self.entries[source];
        if step == 0 {
            let ((py_start, rust_start), (py_stop, rust_stop)) =
                (bound_text(start), bound_text(stop));
            self.session.push((
                format!("{}[{py_start}:{py_stop}:0]    # ValueError", from.name),
                format!("{}.slice_step({rust_start}, {rust_stop}, 0);", from.name),
            ));
            let outcome = self.call(SLICE_STEP, || {
                self.entries[source].array.slice_step(start, stop, 0)
            });
            return self.expect_error(SLICE_STEP, outcome.map(drop), "slice step cannot be zero");
        }
        let positions = python_slice(start, stop, step, len as usize)
            .iter()
            .map(|&i| from.model.positions[i])
            .collect();
        let model = Model {
            buffer: from.model.buffer,
            positions,
            owner: false,
        };
        let name = self.next_name();
        let ((py_start, rust_start), (py_stop, rust_stop)) = (bound_text(start), bound_text(stop));
        let line = (
            format!("{name} = {}[{py_start}:{py_stop}:{step}]", from.name),
            format!(
                "let {name} = {}.slice_step({rust_start}, {rust_stop}, {step});",
                from.name
            ),
        );
        self.made(name, line, model, SLICE_STEP, source, |array| {
            array.slice_step(start, stop, step)
        })
    }

    /// `a[i] = v` through any array, sometimes one past its end (an `IndexError` that must
    /// change nothing).
    fn set(&mut self, tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let len = self.entries[target].model.positions.len();
        let i = tape.below(len + 1);
        let value = 100 + tape.below(100) as i64;
        let name = self.entries[target].name.clone();
        let raises = if i == len { "    # IndexError" } else { "" };
        self.session.push((
            format!("{name}[{i}] = {value}{raises}"),
            format!("{name}.set({i}, {value});"),
        ));
        let outcome = self.call(SET, || self.entries[target].array.set(i, value));
        if i == len {
            let expected = format!("index {i} is out of bounds for axis 0 with size {len}");
            self.expect_error(SET, outcome, &expected)?;
        } else {
            outcome?;
            let model = &self.entries[target].model;
            self.buffers[model.buffer][model.positions[i]] = value;
        }
        self.check_all_values(SET)
    }

    /// `c = b[mask]`: a copy of the elements the mask keeps; sometimes a mask of the wrong
    /// length (an `IndexError`) or an empty one (NumPy then returns `[]`).
    fn mask(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let len = self.entries[source].model.positions.len();
        let mask_len = match tape.below(8) {
            // One too many, on an empty array too (where it is still an `IndexError`).
            6 => len + 1,
            7 => 0,
            _ => len,
        };
        let mask: Vec<bool> = (0..mask_len).map(|_| tape.one_in(2)).collect();
        let from = &self.entries[source];
        let name = self.next_name();
        let mask_text = format!("{mask:?}");
        let line = (
            format!(
                "{name} = {}[np.array({}, dtype=bool)]",
                from.name,
                python_bools(&mask)
            ),
            format!("let {name} = {}.mask(&{mask_text});", from.name),
        );
        if mask_len != len && mask_len != 0 {
            self.session.push(raising(line));
            let outcome = self.call(MASK, || self.entries[source].array.mask(&mask));
            let expected = format!(
                "boolean index did not match indexed array along axis 0; size of axis is {len} \
                 but size of corresponding boolean axis is {mask_len}"
            );
            return self.expect_error(MASK, outcome.map(drop), &expected);
        }
        let kept: Vec<usize> = (0..mask_len).filter(|&i| mask[i]).collect();
        let model = self.new_buffer_of(source, &kept);
        self.made(name, line, model, MASK, source, |array| array.mask(&mask))
    }

    /// `c = b[[3, 0, 3]]`: a copy of the listed elements, repeats and runs included;
    /// sometimes an index past the end (an `IndexError`).
    fn take(&mut self, tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let len = self.entries[source].model.positions.len();
        let count = tape.below(6);
        let indices: Vec<usize> = match tape.below(4) {
            // An arithmetic run, which a slice could show: still a copy.
            0 if len > 0 => (0..count).map(|k| k % len).collect(),
            // Indices up to three past the end: NumPy names the first one out of bounds.
            _ => (0..count).map(|_| tape.below(len + 4)).collect(),
        };
        let from = &self.entries[source];
        let name = self.next_name();
        let line = (
            format!("{name} = {}[{indices:?}]", from.name),
            format!("let {name} = {}.take(&{indices:?});", from.name),
        );
        if let Some(&bad) = indices.iter().find(|&&i| i >= len) {
            self.session.push(raising(line));
            let outcome = self.call(TAKE, || self.entries[source].array.take(&indices));
            let expected = format!("index {bad} is out of bounds for axis 0 with size {len}");
            return self.expect_error(TAKE, outcome.map(drop), &expected);
        }
        let model = self.new_buffer_of(source, &indices);
        self.made(name, line, model, TAKE, source, |array| {
            array.take(&indices)
        })
    }

    /// `double_first_half(b)`: `b[:len(b) // 2] *= 2`, through whatever `b` views.
    fn double_first_half(&mut self, _tape: &mut Tape, target: usize) -> Result<(), Finding> {
        let name = self.entries[target].name.clone();
        self.session.push((
            format!("{name}[:len({name}) // 2] *= 2"),
            format!("double_first_half(&{name});"),
        ));
        self.call(DOUBLE_FIRST_HALF, || {
            crate::subject::double_first_half(&self.entries[target].array)
        })?;
        let model = self.entries[target].model.clone();
        for &position in &model.positions[..model.positions.len() / 2] {
            self.buffers[model.buffer][position] *= 2;
        }
        self.check_all_values(DOUBLE_FIRST_HALF)
    }

    /// `c = b.copy()`: a new owner with the same values.
    fn copy(&mut self, _tape: &mut Tape, source: usize) -> Result<(), Finding> {
        let len = self.entries[source].model.positions.len();
        let model = self.new_buffer_of(source, &(0..len).collect::<Vec<_>>());
        let name = self.next_name();
        let from = &self.entries[source].name;
        let line = (
            format!("{name} = {from}.copy()"),
            format!("let {name} = {from}.copy();"),
        );
        self.made(name, line, model, COPY, source, |array| array.copy())
    }

    /// A model owner of a new buffer holding the elements `indices` of entry `source`.
    fn new_buffer_of(&mut self, source: usize, indices: &[usize]) -> Model {
        let values = self.values(&self.entries[source].model);
        self.buffers
            .push(indices.iter().map(|&i| values[i]).collect());
        self.bases.push(None);
        Model {
            buffer: self.buffers.len() - 1,
            positions: (0..indices.len()).collect(),
            owner: true,
        }
    }

    /// Records an array made by `method` from entry `source`, then checks it.
    fn made(
        &mut self,
        name: String,
        line: (String, String),
        model: Model,
        method: Method,
        source: usize,
        make: impl FnOnce(&Array) -> Array,
    ) -> Result<(), Finding> {
        self.session.push(line);
        let (made, peak) = self.call(method, || heap_peak(|| make(&self.entries[source].array)))?;
        if let Some(peak) = peak
            && [MASK, TAKE, COPY]
                .iter()
                .any(|copier| copier.name == method.name)
        {
            self.bound_copy_peak(&name, source, model.positions.len(), peak, method)?;
        }
        self.add(name, model, made, method)
    }

    /// A copy (a mask, an index list, `copy`) holds, on the way to its result, at most the
    /// result's buffer and one gathering `Vec` of what it keeps: a call that rose higher
    /// copied more of its input than it keeps (the whole array, as a rule) before picking.
    fn bound_copy_peak(
        &self,
        name: &str,
        source: usize,
        kept: usize,
        peak: isize,
        method: Method,
    ) -> Result<(), Finding> {
        // The result's buffer with its `Rc` counts (16 bytes), a `Vec` grown by pushing (see
        // `room_allowed`), and the model's own box around the result (under 64 bytes).
        let allowed = 8 * (kept + room_allowed(kept)) + 16 + 64;
        if peak <= allowed as isize {
            return Ok(());
        }
        let from = &self.entries[source];
        Err(self.finding(
            method,
            format!(
                "`{name}` keeps {kept} of {}'s {} elements, yet your `{}` raised the heap by \
                 {peak} bytes on the way (room for {} elements; at most {allowed} bytes hold \
                 the result and one gathering Vec): it copied more of {} than it keeps before \
                 picking, a temporary that doubles the peak on a big array. Write each kept \
                 element straight into the result's buffer (`Array::from_values`)",
                from.name,
                from.model.positions.len(),
                method.name,
                peak / 8,
                from.name,
            ),
        ))
    }

    /// Adds an array to the chain and checks everything the chapter can observe of it.
    fn add(
        &mut self,
        name: String,
        model: Model,
        array: Array,
        made_by: Method,
    ) -> Result<(), Finding> {
        self.entries.push(Entry {
            name,
            model,
            array,
            made_by,
        });
        let new = self.entries.len() - 1;
        self.check_values(new, made_by)?;
        self.check_memory(new)?;
        self.check_reads(new)?;
        self.check_sharing(new)?;
        if self.level >= 3 {
            self.check_base(new)?;
        }
        // `greater` is chapter 4's alone: later chapters do not depend on it.
        if self.level == 4 {
            self.check_greater(new)?;
        }
        Ok(())
    }

    /// The elements of entry `e`, read by the scaffolding's `iter()` (which cannot be wrong),
    /// against the model: a difference is the fault of the method that made it.
    fn check_values(&self, e: usize, blame: Method) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let expected = self.values(&entry.model);
        let got = attempt(|| entry.array.iter().collect::<Vec<i64>>()).map_err(|why| {
            // The scaffolding's `iter()` reads only the positions the handle names: if it
            // panics, the handle points outside its buffer.
            self.finding(
                blame,
                format!(
                    "{} should be {expected:?}, but the array `{}` returned shows positions \
                     outside its buffer (reading it: {why})",
                    entry.name, blame.name
                ),
            )
        })?;
        self.compare(blame, &got, &expected, || format!("{} is", entry.name))
    }

    /// Where in memory the new array's elements are, read by the scaffolding's `runs()`
    /// (which hands out the buffer's own cells): a view must show its source buffer's cells at
    /// the model's positions, a copy cells of a buffer no other array uses. This tells a view
    /// that copied from one that shares, whatever `shares_memory` says, so the maker is blamed.
    fn check_memory(&mut self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let got = cell_addresses(&entry.array);
        let buffer = entry.model.buffer;
        if entry.model.owner {
            if let Some(&first) = got.first() {
                self.bases[buffer] = Some(first);
            }
            let elsewhere = self.entries[..e].iter().any(|other| {
                cell_addresses(&other.array)
                    .iter()
                    .any(|address| got.contains(address))
            });
            if elsewhere && entry.made_by.name != ARANGE.name {
                return Err(self.finding(
                    entry.made_by,
                    format!(
                        "{0} shares memory with an earlier array: `{1}` returned a view, where \
                         NumPy always makes a copy, so {0} shares no memory with anything",
                        entry.name, entry.made_by.name
                    ),
                ));
            }
            return Ok(());
        }
        let Some(base) = self.bases[buffer] else {
            return Ok(());
        };
        let expected: Vec<usize> = entry
            .model
            .positions
            .iter()
            .map(|&p| base + p * size_of::<std::cell::Cell<i64>>())
            .collect();
        if got == expected {
            return Ok(());
        }
        let source = &self
            .entries
            .iter()
            .find(|o| o.model.buffer == buffer)
            .expect("an owner")
            .name;
        Err(self.finding(
            entry.made_by,
            format!(
                "{} shows the right values, but not in {source}'s memory: `{}` copied them, where \
                 NumPy's view shares its source's buffer (writes through one show in the other)",
                entry.name, entry.made_by.name
            ),
        ))
    }

    /// After a write: every array of the chain shows what NumPy's would.
    fn check_all_values(&self, blame: Method) -> Result<(), Finding> {
        (0..self.entries.len()).try_for_each(|e| self.check_values(e, blame))
    }

    /// `get` for every index and one past the end, and `to_vec`.
    fn check_reads(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let expected = self.values(&entry.model);
        for (i, value) in expected.iter().enumerate() {
            let got = self.call(GET, || entry.array.get(i))?;
            self.compare(GET, &got, value, || format!("{}[{i}] is", entry.name))?;
        }
        let len = expected.len();
        let outcome = self.call(GET, || entry.array.get(len));
        let message = format!("index {len} is out of bounds for axis 0 with size {len}");
        self.expect_error(GET, outcome.map(drop), &message)?;
        let got = self.call(TO_VEC, || entry.array.to_vec())?;
        self.compare(TO_VEC, &got, &expected, || {
            format!("{}.tolist() is", entry.name)
        })
    }

    /// `np.shares_memory` between the new array and every other one, both ways round.
    fn check_sharing(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        for other in &self.entries {
            let expected = shares(&entry.model, &other.model);
            for (x, y) in [(entry, other), (other, entry)] {
                let got = self.call(SHARES_MEMORY, || shares_memory(&x.array, &y.array))?;
                self.compare(SHARES_MEMORY, &got, &expected, || {
                    format!("np.shares_memory({}, {}) is", x.name, y.name)
                })?;
            }
        }
        if self.level >= 4 {
            self.check_sharing_with_each_element(e)?;
        }
        Ok(())
    }

    /// From chapter 4 on, views are stepped and reversed: `shares_memory` between the new
    /// array and a one-element view of every position of its buffer, so that an answer
    /// computed from the span a view covers (right for step 1 only) cannot pass by luck.
    fn check_sharing_with_each_element(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let Some(owner) = self
            .entries
            .iter()
            .find(|o| o.model.owner && o.model.buffer == entry.model.buffer)
        else {
            return Ok(());
        };
        // Inside the span the view covers (and one either side) is where a span-based
        // answer and NumPy's differ; beyond it, both say no.
        let positions = &entry.model.positions;
        let (Some(&low), Some(&high)) = (positions.iter().min(), positions.iter().max()) else {
            return Ok(());
        };
        let end = self.buffers[entry.model.buffer].len().min(high + 2);
        for position in low.saturating_sub(1)..end {
            let probe = self.call(SLICE, || owner.array.slice(position..position + 1))?;
            let expected = entry.model.positions.contains(&position);
            let probe_name = format!("{}[{position}:{}]", owner.name, position + 1);
            for (x, y, x_name, y_name) in [
                (
                    &entry.array,
                    &probe,
                    entry.name.as_str(),
                    probe_name.as_str(),
                ),
                (
                    &probe,
                    &entry.array,
                    probe_name.as_str(),
                    entry.name.as_str(),
                ),
            ] {
                let got = self.call(SHARES_MEMORY, || shares_memory(x, y))?;
                self.compare(SHARES_MEMORY, &got, &expected, || {
                    format!("np.shares_memory({x_name}, {y_name}) is")
                })?;
            }
        }
        Ok(())
    }

    /// `base`, `owns_data`, `nbytes` and the bytes the array keeps alive.
    fn check_base(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let model = &entry.model;
        let base = self.call(BASE, || entry.array.base())?;
        let owns = self.call(OWNS_DATA, || entry.array.owns_data())?;
        // Which method to blame: base and owns_data agreeing on the wrong answer means the
        // array was made as the wrong kind; disagreeing, one of chapter 3's methods is wrong.
        let kind_blame = if base.is_none() == owns {
            entry.made_by
        } else {
            OWNS_DATA
        };
        self.compare(kind_blame, &owns, &model.owner, || {
            format!("{}.flags.owndata is", entry.name)
        })?;
        self.compare(
            if base.is_none() == owns {
                entry.made_by
            } else {
                BASE
            },
            &base.is_none(),
            &model.owner,
            || format!("{}.base is None is", entry.name),
        )?;
        if let Some(base) = base {
            let whole = &self.buffers[model.buffer];
            let got = self.call(BASE, || base.iter().collect::<Vec<i64>>())?;
            self.compare(BASE, &got, whole, || format!("{}.base is", entry.name))?;
            let base_owns = self.call(OWNS_DATA, || base.owns_data())?;
            self.compare(BASE, &base_owns, &true, || {
                format!("{}.base.flags.owndata is", entry.name)
            })?;
            if !model.positions.is_empty() {
                let got = self.call(SHARES_MEMORY, || shares_memory(&base, &entry.array))?;
                self.compare(BASE, &got, &true, || {
                    format!("np.shares_memory({0}.base, {0}) is", entry.name)
                })?;
            }
        }
        let nbytes = self.call(NBYTES, || entry.array.nbytes())?;
        self.compare(NBYTES, &nbytes, &(model.positions.len() * 8), || {
            format!("{}.nbytes is", entry.name)
        })?;
        let held = self.call(HELD_BYTES, || entry.array.held_bytes())?;
        let whole = self.buffers[model.buffer].len() * 8;
        // A view made right holds its owner's buffer, so a wrong figure for it is
        // `held_bytes`'s; a copy holding more than its elements is its maker's.
        let blame = if model.owner && entry.made_by.name != ARANGE.name {
            entry.made_by
        } else {
            HELD_BYTES
        };
        self.compare(blame, &held, &whole, || {
            format!(
                "the buffer {} keeps alive (its base's nbytes, or its own) is",
                entry.name
            )
        })
    }

    /// `b > t` for a threshold inside the array's values.
    fn check_greater(&self, e: usize) -> Result<(), Finding> {
        let entry = &self.entries[e];
        let values = self.values(&entry.model);
        let threshold = values.get(values.len() / 2).copied().unwrap_or(0);
        let expected: Vec<bool> = values.iter().map(|&v| v > threshold).collect();
        let got = self.call(GREATER, || entry.array.greater(threshold))?;
        self.compare(GREATER, &got, &expected, || {
            format!("({} > {threshold}).tolist() is", entry.name)
        })
    }

    /// What NumPy's array holds now.
    fn values(&self, model: &Model) -> Vec<i64> {
        model
            .positions
            .iter()
            .map(|&p| self.buffers[model.buffer][p])
            .collect()
    }

    /// The next array's name in the session: `a`, `b`, ... `z`, `a1`, ...
    fn next_name(&self) -> String {
        let n = self.entries.len();
        let letter = char::from(b'a' + (n % 26) as u8);
        if n < 26 {
            letter.to_string()
        } else {
            format!("{letter}{}", n / 26)
        }
    }

    /// Calls the learner's code, turning a panic into a finding that names the method.
    fn call<T>(&self, method: Method, run: impl FnOnce() -> T) -> Result<T, Finding> {
        attempt(run).map_err(|why| self.finding(method, format!("`{}`: {why}", method.name)))
    }

    /// An error NumPy raises: the learner's call must panic with its message.
    fn expect_error(
        &self,
        method: Method,
        outcome: Result<(), Finding>,
        expected: &str,
    ) -> Result<(), Finding> {
        match outcome {
            Ok(()) => Err(self.finding(
                method,
                format!("NumPy raises an error here ({expected:?}); yours returned normally"),
            )),
            Err(finding) if finding.text.contains(expected) => Ok(()),
            // A stub's `todo!()` says so itself.
            Err(finding) if finding.text.contains("not yet implemented") => Err(finding),
            Err(finding) => Err(self.finding(
                method,
                format!(
                    "NumPy raises {expected:?} here; {}",
                    last_line(&finding.text)
                ),
            )),
        }
    }

    /// Compares one observation with NumPy's.
    fn compare<T: PartialEq + Debug>(
        &self,
        method: Method,
        got: &T,
        expected: &T,
        what: impl FnOnce() -> String,
    ) -> Result<(), Finding> {
        if got == expected {
            return Ok(());
        }
        Err(self.finding(
            method,
            format!(
                "{} {} in NumPy; yours gave {got:?} (`{}`)",
                what(),
                python_value(expected),
                method.name
            ),
        ))
    }

    /// A finding blaming `method`, with the session that led to it.
    fn finding(&self, method: Method, what: String) -> Finding {
        finding_after("NumPy", &self.session, self.checked, method, what)
    }
}

/// The chapters of arrays, in order: the chains of each earlier one are what a later chapter's
/// suite builds on.
const ARRAY_CHAPTERS: [&str; 4] = ["ch02_views", "ch03_base", "ch04_aliasing", "ch05_copy"];

/// For [`viewbook::manifest::builds_on`]: a warning naming an earlier chapter's method that
/// is wrong, from the chains of each earlier array chapter and then from this chapter's own
/// chains (which reach further: chapter 2's `get` meets stepped views only in chapter 4).
/// `slug` is the suite's chapter, or any later chapter that builds on chapters 2 to 5.
pub fn earlier_chapters_warning(slug: &str) -> Option<String> {
    let checked = chapter(slug);
    let earlier = ARRAY_CHAPTERS.iter().filter(|&&e| number(e) < number(slug));
    let own = ARRAY_CHAPTERS.iter().filter(|&&e| e == slug);
    earlier.chain(own).find_map(|&level| {
        let property = |tape: &mut Tape| Chain::run_as(checked, level, tape);
        let finding = search(
            checked,
            &format!("{level}: random chains"),
            Budget::SUITE,
            &property,
        )?;
        earlier_chapter_warning(checked, &finding)
    })
}

/// Whether two model arrays show a common element: the same buffer and a common position.
fn shares(a: &Model, b: &Model) -> bool {
    a.buffer == b.buffer && a.positions.iter().any(|p| b.positions.contains(p))
}

/// The addresses of the cells an array shows, in order, from the scaffolding's `runs()`.
fn cell_addresses(array: &Array) -> Vec<usize> {
    attempt(|| array.cell_addresses()).unwrap_or_default()
}

/// A value as Python prints it: `True` and `False` where Rust says `true` and `false`.
fn python_value<T: Debug>(value: &T) -> String {
    format!("{value:?}")
        .replace("true", "True")
        .replace("false", "False")
}

/// A session line for a call that raises: no assignment (the name is never bound), and the
/// error NumPy raises as a comment.
fn raising((numpy, rust): (String, String)) -> (String, String) {
    let strip = |line: &str, prefix: &str| {
        line.split_once(" = ")
            .map_or(line.to_owned(), |(_, call)| format!("{prefix}{call}"))
    };
    (
        format!("{}    # IndexError", strip(&numpy, "")),
        strip(&rust, ""),
    )
}

/// A boolean list as Python writes it.
pub fn python_bools(mask: &[bool]) -> String {
    let items: Vec<&str> = mask
        .iter()
        .map(|&b| if b { "True" } else { "False" })
        .collect();
    format!("[{}]", items.join(", "))
}
