//! Real NumPy's answers, replayed: `suites/numpy/answers.txt`, which `scripts/record-numpy`
//! wrote by running random chains of each chapter's operations in NumPy 2.4, is replayed case
//! by case against the learner's types, and every answer NumPy gave (values, view or copy,
//! base, `shares_memory`, sizes, shapes, strides, contiguity, writeable, where a write lands,
//! error messages) is compared with what the learner's code gives.
//!
//! Unlike the model in `array.rs`, nothing here knows how NumPy behaves: the expected answers
//! are data, so a wrong belief of the model's (or of the solutions') cannot hide here. The
//! file is embedded, so `cargo test` needs no Python, and it travels with the suites into the
//! class copy. Its format is described at its top.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt::Debug;

use viewbook::harness::explore::Finding;
use viewbook::manifest::{Chapter, attempt, chapter};

use super::array::{
    ARANGE, BASE, COPY, DOUBLE_FIRST_HALF, GET, GREATER, HELD_BYTES, MASK, Method, NBYTES,
    OWNS_DATA, SET, SHARES_MEMORY, SLICE, SLICE_STEP, Span, TAKE, TO_VEC, bound_text, python_bools,
};
use crate::session::finding_after;
use crate::subject::Array;
use crate::subject::Matrix;
use crate::subject::double_first_half;
use crate::subject::shares_memory;

/// The recorded answers, as compiled into the suite.
const ANSWERS: &str = include_str!("../numpy/answers.txt");
/// Where they come from, for messages.
const ANSWERS_FILE: &str = "suites/numpy/answers.txt";

/// `Array::reshape`, in `exercises/src/ch07_strides.rs`.
const ARRAY_RESHAPE: Method = Method::new("Array::reshape", "ch07_strides");
/// `Array::broadcast_to`, in `exercises/src/ch07_strides.rs`.
const BROADCAST_TO: Method = Method::new("Array::broadcast_to", "ch07_strides");
/// `Matrix::get`, in `exercises/src/ch07_strides.rs`.
const MATRIX_GET: Method = Method::new("Matrix::get", "ch07_strides");
/// `Matrix::set`, in `exercises/src/ch07_strides.rs`.
const MATRIX_SET: Method = Method::new("Matrix::set", "ch07_strides");
/// `Matrix::transpose`, in `exercises/src/ch07_strides.rs`.
const TRANSPOSE: Method = Method::new("Matrix::transpose", "ch07_strides");
/// `Matrix::row`, in `exercises/src/ch07_strides.rs`.
const ROW: Method = Method::new("Matrix::row", "ch07_strides");
/// `Matrix::column`, in `exercises/src/ch07_strides.rs`.
const COLUMN: Method = Method::new("Matrix::column", "ch07_strides");
/// `Matrix::is_c_contiguous`, in `exercises/src/ch07_strides.rs`.
const IS_C_CONTIGUOUS: Method = Method::new("Matrix::is_c_contiguous", "ch07_strides");
/// `Matrix::ravel`, in `exercises/src/ch07_strides.rs`.
const RAVEL: Method = Method::new("Matrix::ravel", "ch07_strides");
/// `Matrix::flatten`, in `exercises/src/ch07_strides.rs`.
const FLATTEN: Method = Method::new("Matrix::flatten", "ch07_strides");
/// `Matrix::reshape`, in `exercises/src/ch07_strides.rs`.
const MATRIX_RESHAPE: Method = Method::new("Matrix::reshape", "ch07_strides");
/// `Matrix::base`, in `exercises/src/ch07_strides.rs`.
const MATRIX_BASE: Method = Method::new("Matrix::base", "ch07_strides");

/// The methods one chapter's replay may call: its own, and those of the earlier chapters its
/// suite already depends on, so that a wrong method costs the points of the chapters that
/// build on it and of no other (chapter 5 leaves chapter 4's masks and index lists alone;
/// chapter 7 doubles only read-only arrays, which no earlier chapter makes).
fn methods_of(level: u8) -> &'static [Method] {
    match level {
        2 => &[ARANGE, GET, TO_VEC, SLICE, SHARES_MEMORY],
        3 => &[
            ARANGE,
            GET,
            TO_VEC,
            SLICE,
            SHARES_MEMORY,
            BASE,
            OWNS_DATA,
            NBYTES,
            HELD_BYTES,
        ],
        4 => &[
            ARANGE,
            GET,
            TO_VEC,
            SLICE,
            SHARES_MEMORY,
            BASE,
            OWNS_DATA,
            NBYTES,
            HELD_BYTES,
            SET,
            SLICE_STEP,
            GREATER,
            MASK,
            TAKE,
            DOUBLE_FIRST_HALF,
        ],
        5 => &[
            ARANGE,
            GET,
            TO_VEC,
            SLICE,
            SHARES_MEMORY,
            BASE,
            OWNS_DATA,
            NBYTES,
            HELD_BYTES,
            SET,
            SLICE_STEP,
            COPY,
        ],
        7 => &[
            ARANGE,
            GET,
            TO_VEC,
            SLICE,
            SHARES_MEMORY,
            BASE,
            OWNS_DATA,
            SET,
            SLICE_STEP,
            DOUBLE_FIRST_HALF,
            ARRAY_RESHAPE,
            BROADCAST_TO,
            MATRIX_GET,
            MATRIX_SET,
            TRANSPOSE,
            ROW,
            COLUMN,
            IS_C_CONTIGUOUS,
            RAVEL,
            FLATTEN,
            MATRIX_RESHAPE,
            MATRIX_BASE,
        ],
        _ => panic!("{ANSWERS_FILE} has no answers for chapter {level}"),
    }
}

/// Replays every recorded case of chapter `slug` against the learner's code; panics with the
/// lesson of the first disagreement: the NumPy session of its case, what NumPy answered and
/// what the learner's code gave, and the method to blame (named first, with its file, when it
/// is an earlier chapter's).
#[track_caller]
pub fn replay(slug: &str) {
    let checked = chapter(slug);
    if let Some(disagreement) = disagreements(slug).next() {
        panic!("{}", message(checked, &disagreement));
    }
}

/// One case that the learner's code answered differently from NumPy.
pub struct Disagreement {
    /// The case's number in its chapter's part of the file.
    pub case: usize,
    /// What differed, and whom to blame.
    pub finding: Finding,
}

/// Every case of chapter `slug` that the learner's code answers differently from NumPy, in
/// the file's order (each case runs on its own, so one failure does not hide the next).
pub fn disagreements(slug: &str) -> impl Iterator<Item = Disagreement> {
    let checked = chapter(slug);
    let level = number(slug);
    cases_of(level).filter_map(move |case| {
        let mut replay = Replay::new(checked, methods_of(level));
        replay.run(&case).err().map(|finding| Disagreement {
            case: case.number,
            finding,
        })
    })
}

/// The teaching message for a disagreement: the blamed method first when it belongs to an
/// earlier chapter, then the session and the answers, then which case it was and where to read.
fn message(checked: &Chapter, disagreement: &Disagreement) -> String {
    let finding = &disagreement.finding;
    let mut text = String::new();
    if finding.chapter.slug != checked.slug
        && let Some((method, file)) = &finding.method
    {
        text.push_str(&format!(
            "`{method}` ({file}) is wrong, and this chapter builds on it: fix it first \
             (`{}` checks it).\n",
            finding.chapter.test_command()
        ));
    }
    text.push_str(&finding.text);
    text.push_str(&format!(
        "\n  (answers recorded from NumPy {}: case {} of chapter {} in {ANSWERS_FILE})",
        numpy_version(),
        disagreement.case,
        number(&checked.slug)
    ));
    finding.chapter.lesson(text)
}

/// The NumPy version the file says produced it.
fn numpy_version() -> &'static str {
    ANSWERS
        .lines()
        .next()
        .and_then(|line| line.split("NumPy ").nth(1))
        .and_then(|rest| rest.split([',', ' ']).next())
        .unwrap_or("?")
}

/// The chapter a slug names, as a number (7 for `ch07_strides`).
fn number(slug: &str) -> u8 {
    slug[2..4].parse().expect("slugs start with chNN")
}

// --- reading the file -------------------------------------------------------------------------

/// One recorded case: a chain of operations, each with NumPy's answers.
struct Case {
    /// Its number in its chapter's part of the file (`case 17`).
    number: usize,
    /// Its operations, in order.
    steps: Vec<Step>,
}

/// One operation of a case and NumPy's answers to it (the indented lines under it).
struct Step {
    /// The operation's line, as the file writes it.
    op: &'static str,
    /// NumPy's answers, one line each, without their indentation.
    answers: Vec<&'static str>,
}

/// The cases of chapter `level`, in order.
fn cases_of(level: u8) -> impl Iterator<Item = Case> {
    let mut lines = section(level)
        .split('\n')
        .filter(|line| !line.is_empty())
        .peekable();
    std::iter::from_fn(move || {
        let heading = lines.next()?;
        let number = heading
            .strip_prefix("case ")
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| malformed(heading, "`case N` expected"));
        let mut steps = Vec::new();
        while let Some(&line) = lines.peek() {
            if line.starts_with("case ") {
                break;
            }
            lines.next();
            if let Some(answer) = line.strip_prefix(' ') {
                let step: &mut Step = steps
                    .last_mut()
                    .unwrap_or_else(|| malformed(line, "an answer before any operation"));
                step.answers.push(answer);
            } else {
                steps.push(Step {
                    op: line,
                    answers: Vec::new(),
                });
            }
        }
        Some(Case { number, steps })
    })
}

/// The part of the file that holds chapter `level`'s cases, after its `chapter N` line.
/// Found with `str::find` rather than by reading every line before it: the replay's time
/// goes into the learner's code, not into skipping other chapters.
fn section(level: u8) -> &'static str {
    let heading = format!("\nchapter {level}\n");
    let start = ANSWERS
        .find(&heading)
        .unwrap_or_else(|| panic!("{ANSWERS_FILE} has no cases for chapter {level}"))
        + heading.len();
    let end = ANSWERS[start..]
        .find("\nchapter ")
        .map_or(ANSWERS.len(), |end| start + end);
    &ANSWERS[start..end]
}

/// A line of the file that this reader does not understand: the workbook's fault, not the
/// learner's.
#[track_caller]
fn malformed(line: &str, why: &str) -> ! {
    // Which line of the file it is, counted only now that it is needed.
    let offset = (line.as_ptr() as usize).saturating_sub(ANSWERS.as_ptr() as usize);
    let number = ANSWERS[..offset.min(ANSWERS.len())].matches('\n').count() + 1;
    panic!("{ANSWERS_FILE}:{number} is malformed ({why}): {line:?}; run scripts/record-numpy again")
}

/// NumPy's answers to one operation.
#[derive(Default)]
struct Answers {
    /// `!`: the message of the error NumPy raised.
    error: Option<&'static str>,
    /// `v`: the values of the array made (row by row), of `get`, or of `greater` (1, 0).
    values: Option<Vec<i64>>,
    /// `s`: the earlier 1-D arrays the new one shares memory with.
    shares: Option<Vec<&'static str>>,
    /// `b`: `-`, the owner's name, or a hidden owner's label (with its values the first time).
    base: Option<Vec<&'static str>>,
    /// `o`: `flags.owndata`.
    owns: Option<bool>,
    /// `n`: `nbytes`.
    nbytes: Option<usize>,
    /// `h`: the bytes the array keeps alive.
    held: Option<usize>,
    /// `w`: `flags.writeable`.
    writeable: Option<bool>,
    /// `c`: `flags.c_contiguous`.
    contiguous: Option<bool>,
    /// `shape`: a matrix's shape.
    shape: Option<[usize; 2]>,
    /// `st`: a matrix's strides in elements, `None` where the workbook leaves them open.
    strides: Option<Vec<Option<isize>>>,
    /// `now`: after a write, the arrays it changed and what they show now.
    now: Vec<(&'static str, Vec<i64>)>,
}

impl Answers {
    /// Reads a step's answer lines.
    fn parse(step: &Step) -> Answers {
        let mut answers = Answers::default();
        for line in &step.answers {
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            let words: Vec<&'static str> = rest.split(' ').filter(|w| !w.is_empty()).collect();
            let flag = || parse_number::<u8>(step.op, rest) == 1;
            match key {
                "!" => answers.error = Some(rest),
                "v" => answers.values = Some(parse_numbers(step.op, &words)),
                "s" => answers.shares = Some(words),
                "b" => answers.base = Some(words),
                "o" => answers.owns = Some(flag()),
                "n" => answers.nbytes = Some(parse_number(step.op, rest)),
                "h" => answers.held = Some(parse_number(step.op, rest)),
                "w" => answers.writeable = Some(flag()),
                "c" => answers.contiguous = Some(flag()),
                "shape" => {
                    let shape: Vec<usize> = parse_numbers(step.op, &words);
                    answers.shape = Some(
                        shape
                            .try_into()
                            .unwrap_or_else(|_| malformed(step.op, "two lengths expected")),
                    );
                }
                "st" => {
                    let strides = words
                        .iter()
                        .map(|w| (*w != "_").then(|| parse_number(step.op, w)))
                        .collect();
                    answers.strides = Some(strides);
                }
                "now" => {
                    let (name, values) = words
                        .split_first()
                        .unwrap_or_else(|| malformed(step.op, "`now NAME VALUES` expected"));
                    answers.now.push((name, parse_numbers(step.op, values)));
                }
                _ => malformed(step.op, "unknown answer"),
            }
        }
        answers
    }
}

/// A number of the file.
fn parse_number<T: std::str::FromStr>(line: &str, word: &str) -> T {
    word.trim()
        .parse()
        .unwrap_or_else(|_| malformed(line, &format!("{word:?} is not a number")))
}

/// Numbers of the file, one per word.
fn parse_numbers<T: std::str::FromStr>(line: &str, words: &[&str]) -> Vec<T> {
    words.iter().map(|w| parse_number(line, w)).collect()
}

/// A list of the file, `-` for an empty one.
fn parse_list<T: std::str::FromStr>(line: &str, words: &[&str]) -> Vec<T> {
    match words {
        ["-"] => Vec::new(),
        _ => parse_numbers(line, words),
    }
}

/// A Rust range as the file writes it: `2..5`, `2..=5`, `2..`, `..5`, `..=5`, `..`.
fn parse_span(line: &str, text: &str) -> Span {
    let (start, end) = text
        .split_once("..")
        .unwrap_or_else(|| malformed(line, "a range expected"));
    let (inclusive, end) = match end.strip_prefix('=') {
        Some(end) => (true, end),
        None => (false, end),
    };
    let bound = |word: &str| parse_number(line, word);
    match (start.is_empty(), end.is_empty(), inclusive) {
        (true, true, false) => Span::Full,
        (false, true, false) => Span::From(bound(start)),
        (true, false, false) => Span::To(bound(end)),
        (true, false, true) => Span::ToInclusive(bound(end)),
        (false, false, false) => Span::Half(bound(start), bound(end)),
        (false, false, true) => Span::Inclusive(bound(start), bound(end)),
        (_, true, true) => malformed(line, "`..=` needs an end"),
    }
}

// --- the operations ---------------------------------------------------------------------------

/// An operation that makes an array or a matrix from the one it names (from nothing for
/// `arange`).
enum Make {
    /// `np.arange(n)`.
    Arange(usize),
    /// `a[start:stop]`, from a Rust range.
    Slice(Span),
    /// `a[start:stop:step]`.
    Step(Option<isize>, Option<isize>, isize),
    /// `a[np.array(mask)]`.
    Mask(Vec<bool>),
    /// `a[[i, j, k]]`.
    Take(Vec<usize>),
    /// `a.copy()`.
    Copy,
    /// `a.reshape(rows, cols)`, of an array or a matrix.
    Reshape(usize, usize),
    /// `np.broadcast_to(a, (rows, cols))`.
    Broadcast(usize, usize),
    /// `m.T`.
    Transpose,
    /// `m[i]`.
    Row(usize),
    /// `m[:, j]`.
    Column(usize),
    /// `m.ravel()`.
    Ravel,
    /// `m.flatten()`.
    Flatten,
}

impl Make {
    /// Reads `OP ARGS` (the words after `NAME = `, the source left out).
    fn parse(line: &str, op: &str, args: &[&str]) -> Make {
        let number =
            |i: usize| -> usize { parse_number(line, args.get(i).copied().unwrap_or_default()) };
        let bound = |word: &str| (word != "_").then(|| parse_number(line, word));
        match (op, args) {
            ("arange", [n]) => Make::Arange(parse_number(line, n)),
            ("slice", [range]) => Make::Slice(parse_span(line, range)),
            ("step", [start, stop, step]) => {
                Make::Step(bound(start), bound(stop), parse_number(line, step))
            }
            ("mask", bits) => Make::Mask(
                parse_list::<u8>(line, bits)
                    .into_iter()
                    .map(|b| b == 1)
                    .collect(),
            ),
            ("take", indices) => Make::Take(parse_list(line, indices)),
            ("copy", []) => Make::Copy,
            ("reshape", [_, _]) => Make::Reshape(number(0), number(1)),
            ("broadcast", [_, _]) => Make::Broadcast(number(0), number(1)),
            ("transpose", []) => Make::Transpose,
            ("row", [_]) => Make::Row(number(0)),
            ("column", [_]) => Make::Column(number(0)),
            ("ravel", []) => Make::Ravel,
            ("flatten", []) => Make::Flatten,
            _ => malformed(line, "unknown operation"),
        }
    }

    /// The learner's method that makes it, from an array (`from_matrix` false) or a matrix.
    fn method(&self, from_matrix: bool) -> Method {
        match self {
            Make::Arange(_) => ARANGE,
            Make::Slice(_) => SLICE,
            Make::Step(..) => SLICE_STEP,
            Make::Mask(_) => MASK,
            Make::Take(_) => TAKE,
            Make::Copy => COPY,
            Make::Reshape(..) if from_matrix => MATRIX_RESHAPE,
            Make::Reshape(..) => ARRAY_RESHAPE,
            Make::Broadcast(..) => BROADCAST_TO,
            Make::Transpose => TRANSPOSE,
            Make::Row(_) => ROW,
            Make::Column(_) => COLUMN,
            Make::Ravel => RAVEL,
            Make::Flatten => FLATTEN,
        }
    }

    /// The line of the session: `b = a[2:6]` in NumPy, `let b = a.slice(2..=5);` in Rust.
    fn text(&self, name: &str, source: &str) -> (String, String) {
        let (numpy, rust) = match self {
            Make::Arange(n) => (format!("np.arange({n})"), format!("Array::arange({n})")),
            Make::Slice(span) => (
                format!("{source}{}", span.python()),
                format!("{source}.slice({})", span.rust()),
            ),
            Make::Step(start, stop, step) => {
                let ((py_start, rust_start), (py_stop, rust_stop)) =
                    (bound_text(*start), bound_text(*stop));
                (
                    format!("{source}[{py_start}:{py_stop}:{step}]"),
                    format!("{source}.slice_step({rust_start}, {rust_stop}, {step})"),
                )
            }
            Make::Mask(mask) => (
                format!("{source}[np.array({}, dtype=bool)]", python_bools(mask)),
                format!("{source}.mask(&{mask:?})"),
            ),
            Make::Take(indices) => (
                format!("{source}[{indices:?}]"),
                format!("{source}.take(&{indices:?})"),
            ),
            Make::Copy => (format!("{source}.copy()"), format!("{source}.copy()")),
            Make::Reshape(rows, cols) => (
                format!("{source}.reshape({rows}, {cols})"),
                format!("{source}.reshape({rows}, {cols})"),
            ),
            Make::Broadcast(rows, cols) => (
                format!("np.broadcast_to({source}, ({rows}, {cols}))"),
                format!("{source}.broadcast_to({rows}, {cols})"),
            ),
            Make::Transpose => (format!("{source}.T"), format!("{source}.transpose()")),
            Make::Row(i) => (format!("{source}[{i}]"), format!("{source}.row({i})")),
            Make::Column(j) => (format!("{source}[:, {j}]"), format!("{source}.column({j})")),
            Make::Ravel => (format!("{source}.ravel()"), format!("{source}.ravel()")),
            Make::Flatten => (format!("{source}.flatten()"), format!("{source}.flatten()")),
        };
        (format!("{name} = {numpy}"), format!("let {name} = {rust};"))
    }

    /// Calls the learner's method; `None` if the source is not of the kind it takes (the
    /// file's fault).
    fn run(&self, source: Option<&Made>) -> Option<Made> {
        use Made::{One, Two};
        Some(match (self, source) {
            (Make::Arange(n), None) => One(Array::arange(*n)),
            (Make::Slice(span), Some(One(a))) => One(span.slice(a)),
            (Make::Step(start, stop, step), Some(One(a))) => {
                One(a.slice_step(*start, *stop, *step))
            }
            (Make::Mask(mask), Some(One(a))) => One(a.mask(mask)),
            (Make::Take(indices), Some(One(a))) => One(a.take(indices)),
            (Make::Copy, Some(One(a))) => One(a.copy()),
            (Make::Reshape(rows, cols), Some(One(a))) => Two(a.reshape(*rows, *cols)),
            (Make::Reshape(rows, cols), Some(Two(m))) => Two(m.reshape(*rows, *cols)),
            (Make::Broadcast(rows, cols), Some(One(a))) => Two(a.broadcast_to(*rows, *cols)),
            (Make::Transpose, Some(Two(m))) => Two(m.transpose()),
            (Make::Row(i), Some(Two(m))) => One(m.row(*i)),
            (Make::Column(j), Some(Two(m))) => One(m.column(*j)),
            (Make::Ravel, Some(Two(m))) => One(m.ravel()),
            (Make::Flatten, Some(Two(m))) => One(m.flatten()),
            _ => return None,
        })
    }
}

/// An array of the case, as the learner's code made it.
enum Made {
    /// A 1-D array.
    One(Array),
    /// A matrix.
    Two(Matrix),
}

/// One array of the case: its name in the session, the learner's array, and NumPy's values.
struct Entry {
    /// Its name in the session (`b`).
    name: &'static str,
    /// The learner's array or matrix.
    made: Made,
    /// The method that made it, blamed when it shows the wrong elements.
    made_by: Method,
    /// What NumPy's array shows, as last recorded (row by row for a matrix).
    expected: Vec<i64>,
}

/// One case being replayed: the learner's arrays so far and the session that made them.
struct Replay {
    /// The chapter whose suite runs the replay.
    checked: &'static Chapter,
    /// The methods it may call (see [`methods_of`]).
    allowed: &'static [Method],
    /// The arrays made so far, in order.
    entries: Vec<Entry>,
    /// The owners that NumPy made without the session naming them (a reshape's copy), by
    /// the file's label, as the learner's `base()` first returned them.
    hidden: RefCell<HashMap<&'static str, Array>>,
    /// The session so far, one line per operation: NumPy, then Rust.
    session: Vec<(String, String)>,
}

impl Replay {
    /// A replay of one case of the chapter `checked`, calling only the `allowed` methods.
    fn new(checked: &'static Chapter, allowed: &'static [Method]) -> Replay {
        Replay {
            checked,
            allowed,
            entries: Vec::new(),
            hidden: RefCell::default(),
            session: Vec::new(),
        }
    }

    /// Replays every step of the case: the first difference from NumPy's answers.
    fn run(&mut self, case: &Case) -> Result<(), Finding> {
        case.steps.iter().try_for_each(|step| self.step(step))
    }

    /// One operation and NumPy's answers to it.
    fn step(&mut self, step: &Step) -> Result<(), Finding> {
        let words: Vec<&'static str> = step.op.split(' ').collect();
        let answers = Answers::parse(step);
        let line = step.op;
        match words.as_slice() {
            [name, "=", "arange", args @ ..] => {
                let make = Make::parse(line, "arange", args);
                self.make(name, None, &make, &answers, line)
            }
            [name, "=", op, source, args @ ..] => {
                let make = Make::parse(line, op, args);
                self.make(name, Some(self.entry(line, source)), &make, &answers, line)
            }
            ["get", target, indices @ ..] => {
                let indices = parse_numbers(line, indices);
                self.get(self.entry(line, target), &indices, &answers, line)
            }
            ["set", target, args @ ..] => {
                let (value, indices) = args
                    .split_last()
                    .unwrap_or_else(|| malformed(line, "`set NAME INDEX VALUE` expected"));
                let indices: Vec<usize> = parse_numbers(line, indices);
                let value = parse_number(line, value);
                self.set(self.entry(line, target), &indices, value, &answers, line)
            }
            ["double", target] => self.double(self.entry(line, target), &answers, line),
            ["greater", target, threshold] => {
                let threshold = parse_number(line, threshold);
                self.greater(self.entry(line, target), threshold, &answers, line)
            }
            _ => malformed(line, "unknown operation"),
        }
    }

    /// Which entry a name of the file is.
    fn entry(&self, line: &str, name: &str) -> usize {
        self.entries
            .iter()
            .position(|entry| entry.name == name)
            .unwrap_or_else(|| malformed(line, &format!("no array {name} yet")))
    }

    /// `name = OP source ARGS`: the learner makes it, or raises NumPy's error.
    fn make(
        &mut self,
        name: &'static str,
        source: Option<usize>,
        make: &Make,
        answers: &Answers,
        line: &str,
    ) -> Result<(), Finding> {
        let from = source.map(|s| &self.entries[s]);
        let method = make.method(matches!(
            from,
            Some(Entry {
                made: Made::Two(_),
                ..
            })
        ));
        self.session
            .push(make.text(name, from.map_or("", |entry| entry.name)));
        let outcome = self.try_call(method, || make.run(from.map(|entry| &entry.made)));
        if let Some(expected) = answers.error {
            return self.expect_error(method, outcome.map(drop), expected);
        }
        let made = outcome
            .map_err(|why| self.failed(method, &why))?
            .unwrap_or_else(|| malformed(line, "the source is of the wrong kind"));
        let expected = answers
            .values
            .clone()
            .unwrap_or_else(|| malformed(line, "an array's values (`v`) expected"));
        self.entries.push(Entry {
            name,
            made,
            made_by: method,
            expected,
        });
        let new = self.entries.len() - 1;
        match self.entries[new].made {
            Made::One(_) => self.check_array(new, answers, line),
            Made::Two(_) => self.check_matrix(new, answers, line),
        }
    }

    /// `a[i]` or `m[i, j]`: NumPy's element, or its error.
    fn get(
        &mut self,
        target: usize,
        indices: &[usize],
        answers: &Answers,
        line: &str,
    ) -> Result<(), Finding> {
        let name = self.entries[target].name;
        let at = indices_text(indices);
        self.session
            .push((format!("{name}[{at}]"), format!("{name}.get({at});")));
        let (method, outcome) = match (&self.entries[target].made, indices) {
            (Made::One(array), &[i]) => (GET, self.try_call(GET, || array.get(i))),
            (Made::Two(matrix), &[i, j]) => {
                (MATRIX_GET, self.try_call(MATRIX_GET, || matrix.get(i, j)))
            }
            _ => malformed(line, "one index per axis expected"),
        };
        if let Some(expected) = answers.error {
            return self.expect_error(method, outcome.map(drop), expected);
        }
        let Some(&[expected]) = answers.values.as_deref() else {
            malformed(line, "one element (`v`) expected")
        };
        let got = outcome.map_err(|why| self.failed(method, &why))?;
        self.compare(method, &got, &expected, || format!("{name}[{at}] is"))
    }

    /// `a[i] = value` or `m[i, j] = value`: where NumPy's write lands, or its error.
    fn set(
        &mut self,
        target: usize,
        indices: &[usize],
        value: i64,
        answers: &Answers,
        line: &str,
    ) -> Result<(), Finding> {
        let name = self.entries[target].name;
        let at = indices_text(indices);
        self.session.push((
            format!("{name}[{at}] = {value}"),
            format!("{name}.set({at}, {value});"),
        ));
        let (method, outcome) = match (&self.entries[target].made, indices) {
            (Made::One(array), &[i]) => (SET, self.try_call(SET, || array.set(i, value))),
            (Made::Two(matrix), &[i, j]) => (
                MATRIX_SET,
                self.try_call(MATRIX_SET, || matrix.set(i, j, value)),
            ),
            _ => malformed(line, "one index per axis expected"),
        };
        self.written(method, outcome, answers, line)
    }

    /// `a[:len(a) // 2] *= 2`, through `double_first_half`.
    fn double(&mut self, target: usize, answers: &Answers, line: &str) -> Result<(), Finding> {
        let name = self.entries[target].name;
        self.session.push((
            format!("{name}[:len({name}) // 2] *= 2"),
            format!("double_first_half(&{name});"),
        ));
        let Made::One(array) = &self.entries[target].made else {
            malformed(line, "`double` takes a 1-D array")
        };
        let outcome = self.try_call(DOUBLE_FIRST_HALF, || double_first_half(array));
        self.written(DOUBLE_FIRST_HALF, outcome, answers, line)
    }

    /// After a write by `method`: NumPy's error if it raised one, and every array of the case
    /// shows what NumPy's shows (the arrays it lists as changed, the others as they were).
    fn written(
        &mut self,
        method: Method,
        outcome: Result<(), String>,
        answers: &Answers,
        line: &str,
    ) -> Result<(), Finding> {
        match answers.error {
            Some(expected) => self.expect_error(method, outcome, expected)?,
            None => outcome.map_err(|why| self.failed(method, &why))?,
        }
        for (name, values) in &answers.now {
            let changed = self.entry(line, name);
            self.entries[changed].expected = values.clone();
        }
        self.check_all_values(method)
    }

    /// `a > threshold`, element by element.
    fn greater(
        &mut self,
        target: usize,
        threshold: i64,
        answers: &Answers,
        line: &str,
    ) -> Result<(), Finding> {
        let name = self.entries[target].name;
        self.session.push((
            format!("{name} > {threshold}"),
            format!("{name}.greater({threshold});"),
        ));
        let Made::One(array) = &self.entries[target].made else {
            malformed(line, "`greater` takes a 1-D array")
        };
        let got = self.call(GREATER, || array.greater(threshold))?;
        let expected: Vec<bool> = answers
            .values
            .as_ref()
            .unwrap_or_else(|| malformed(line, "the comparison's values (`v`) expected"))
            .iter()
            .map(|&v| v == 1)
            .collect();
        self.compare(GREATER, &got, &expected, || {
            format!("({name} > {threshold}).tolist() is")
        })
    }

    // --- what the chapter can observe ---------------------------------------------------------

    /// Everything NumPy answered about the new 1-D array `e`.
    fn check_array(&self, e: usize, answers: &Answers, line: &str) -> Result<(), Finding> {
        let Entry {
            name,
            made: Made::One(array),
            made_by,
            expected,
        } = &self.entries[e]
        else {
            unreachable!("check_array is for arrays")
        };
        let got: Vec<i64> = self.call(*made_by, || array.iter().collect())?;
        self.compare(*made_by, &got, expected, || format!("{name}.tolist() is"))?;
        self.compare_each(
            GET,
            expected,
            |i| array.get(i),
            |i| format!("{name}[{i}] is"),
        )?;
        let got = self.call(TO_VEC, || array.to_vec())?;
        self.compare(TO_VEC, &got, expected, || format!("{name}.tolist() is"))?;
        if let Some(writeable) = answers.writeable {
            self.compare(*made_by, &array.is_writeable(), &writeable, || {
                format!("{name}.flags.writeable is")
            })?;
        }
        // View or copy first: a copy that shares memory is its maker's fault, which `base`
        // and `owns_data` can tell before `shares_memory` is asked.
        if let Some(base) = &answers.base {
            self.check_array_base(e, array, base, answers.owns, line)?;
        }
        if let Some(sharing) = &answers.shares {
            let fresh = answers.base.as_deref() == Some(&["-"][..]);
            self.check_sharing(e, array, sharing, fresh)?;
        }
        self.check_sizes(e, array, answers)
    }

    /// `np.shares_memory` between the new array and every earlier 1-D one, both ways round:
    /// true for those NumPy named, false for the others. `fresh` says NumPy's array is a new
    /// owner (a copy): then sharing memory is its maker's fault, not `shares_memory`'s.
    fn check_sharing(
        &self,
        e: usize,
        array: &Array,
        sharing: &[&'static str],
        fresh: bool,
    ) -> Result<(), Finding> {
        let name = self.entries[e].name;
        let others: Vec<(&str, &Array)> = self.entries[..e]
            .iter()
            .filter_map(|other| match &other.made {
                Made::One(other_array) => Some((other.name, other_array)),
                Made::Two(_) => None,
            })
            .collect();
        // Both ways round: `shares_memory(a, b)` and `shares_memory(b, a)`, in one call of the
        // learner's code for all the pairs.
        let expected: Vec<bool> = others
            .iter()
            .flat_map(|(other, _)| [sharing.contains(other); 2])
            .collect();
        let got: Vec<bool> = self.call(SHARES_MEMORY, || {
            others
                .iter()
                .flat_map(|(_, other)| [shares_memory(array, other), shares_memory(other, array)])
                .collect()
        })?;
        let Some(i) = (0..expected.len()).find(|&i| got[i] != expected[i]) else {
            return Ok(());
        };
        let made_by = self.entries[e].made_by;
        let blame = if fresh && got[i] && made_by.name != ARANGE.name {
            made_by
        } else {
            SHARES_MEMORY
        };
        let (other, _) = others[i / 2];
        self.compare(blame, &got[i], &expected[i], || match i % 2 {
            0 => format!("np.shares_memory({name}, {other}) is"),
            _ => format!("np.shares_memory({other}, {name}) is"),
        })
    }

    /// `base` and `owns_data` of the new array `e`, then which owner its base is.
    fn check_array_base(
        &self,
        e: usize,
        array: &Array,
        base_words: &[&'static str],
        owns: Option<bool>,
        line: &str,
    ) -> Result<(), Finding> {
        let Entry { name, made_by, .. } = &self.entries[e];
        let base = self.call(BASE, || array.base())?;
        let owner = base_words == ["-"];
        if let Some(expected) = owns {
            let owns = self.call(OWNS_DATA, || array.owns_data())?;
            // `base` and `owns_data` agreeing on the wrong answer means the array was made as
            // the wrong kind; disagreeing, one of chapter 3's methods is wrong.
            let agree = base.is_none() == owns;
            let blame = if agree { *made_by } else { OWNS_DATA };
            self.compare(blame, &owns, &expected, || {
                format!("{name}.flags.owndata is")
            })?;
            let blame = if agree { *made_by } else { BASE };
            self.compare(blame, &base.is_none(), &owner, || {
                format!("{name}.base is None is")
            })?;
        } else {
            self.compare(BASE, &base.is_none(), &owner, || {
                format!("{name}.base is None is")
            })?;
        }
        match base {
            Some(base) => self.check_owner(name, base, base_words, BASE, line),
            None => Ok(()),
        }
    }

    /// The base of `name`, which `method` returned: the owner the file names (a session's
    /// array, or one only NumPy named, `#1`), holding its values, owning them, and sharing
    /// its memory.
    fn check_owner(
        &self,
        name: &str,
        base: Array,
        words: &[&'static str],
        method: Method,
        line: &str,
    ) -> Result<(), Finding> {
        let owns = self.call(OWNS_DATA, || base.owns_data())?;
        self.compare(method, &owns, &true, || {
            format!("{name}.base.flags.owndata is")
        })?;
        let got: Vec<i64> = self.call(method, || base.iter().collect())?;
        let (label, values) = words
            .split_first()
            .unwrap_or_else(|| malformed(line, "`b` needs a base"));
        if !label.starts_with('#') {
            let owner = &self.entries[self.entry(line, label)];
            self.compare(method, &got, &owner.expected, || {
                format!("{name}.base is {label}, so {name}.base.tolist() is")
            })?;
            if let (Made::One(owner), false) = (&owner.made, got.is_empty()) {
                let shared = self.call(SHARES_MEMORY, || shares_memory(&base, owner))?;
                self.compare(method, &shared, &true, || {
                    format!("np.shares_memory({name}.base, {label}) is")
                })?;
            }
            return Ok(());
        }
        let mut hidden = self.hidden.borrow_mut();
        let Some(first) = hidden.get(label) else {
            // The first time NumPy's hidden owner appears, the file gives its values.
            let expected: Vec<i64> = parse_numbers(line, values);
            self.compare(method, &got, &expected, || {
                format!("{name}.base (a copy NumPy made) .tolist() is")
            })?;
            hidden.insert(label, base);
            return Ok(());
        };
        let expected: Vec<i64> = first.iter().collect();
        self.compare(method, &got, &expected, || {
            format!("{name}.base (the copy an earlier step made) .tolist() is")
        })?;
        if !got.is_empty() {
            let shared = self.call(SHARES_MEMORY, || shares_memory(&base, first))?;
            self.compare(method, &shared, &true, || {
                format!("{name}.base is the copy an earlier step made: sharing its memory is")
            })?;
        }
        Ok(())
    }

    /// `nbytes` and the bytes the new array `e` keeps alive, where the file gives them.
    fn check_sizes(&self, e: usize, array: &Array, answers: &Answers) -> Result<(), Finding> {
        let Entry { name, made_by, .. } = &self.entries[e];
        if let Some(expected) = answers.nbytes {
            let got = self.call(NBYTES, || array.nbytes())?;
            self.compare(NBYTES, &got, &expected, || format!("{name}.nbytes is"))?;
        }
        if let Some(expected) = answers.held {
            let got = self.call(HELD_BYTES, || array.held_bytes())?;
            // A view made right holds its owner's buffer, so a wrong figure for it is
            // `held_bytes`'s; a copy holding more than its elements is its maker's.
            let copy = answers.base.as_deref() == Some(&["-"][..]) && made_by.name != ARANGE.name;
            let blame = if copy { *made_by } else { HELD_BYTES };
            self.compare(blame, &got, &expected, || {
                format!("the buffer {name} keeps alive (its base's nbytes, or its own) is")
            })?;
        }
        Ok(())
    }

    /// Everything NumPy answered about the new matrix `e`.
    fn check_matrix(&self, e: usize, answers: &Answers, line: &str) -> Result<(), Finding> {
        let Entry {
            name,
            made: Made::Two(matrix),
            made_by,
            expected,
        } = &self.entries[e]
        else {
            unreachable!("check_matrix is for matrices")
        };
        let [rows, cols] = answers
            .shape
            .unwrap_or_else(|| malformed(line, "a matrix's shape expected"));
        let [got_rows, got_cols] = matrix.shape();
        self.compare(*made_by, &(got_rows, got_cols), &(rows, cols), || {
            format!("{name}.shape is")
        })?;
        let expected_rows: Vec<Vec<i64>> = (0..rows)
            .map(|r| expected[r * cols..(r + 1) * cols].to_vec())
            .collect();
        let got = self.call(*made_by, || matrix.to_rows())?;
        self.compare(*made_by, &got, &expected_rows, || {
            format!("{name}.tolist() is")
        })?;
        for (axis, stride) in answers.strides.iter().flatten().enumerate() {
            if let Some(stride) = stride {
                self.compare(*made_by, &matrix.strides()[axis], stride, || {
                    format!("{name}.strides[{axis}] // 8 (in elements) is")
                })?;
            }
        }
        if let Some(writeable) = answers.writeable {
            self.compare(*made_by, &matrix.is_writeable(), &writeable, || {
                format!("{name}.flags.writeable is")
            })?;
        }
        let at = |i: usize| (i / cols.max(1), i % cols.max(1));
        self.compare_each(
            MATRIX_GET,
            expected,
            |i| matrix.get(at(i).0, at(i).1),
            |i| format!("{name}[{}, {}] is", at(i).0, at(i).1),
        )?;
        if let Some(expected) = answers.contiguous {
            let got = self.call(IS_C_CONTIGUOUS, || matrix.is_c_contiguous())?;
            self.compare(IS_C_CONTIGUOUS, &got, &expected, || {
                format!("{name}.flags.c_contiguous is")
            })?;
        }
        let words = answers
            .base
            .as_deref()
            .unwrap_or_else(|| malformed(line, "a matrix's base expected"));
        let base = self.call(MATRIX_BASE, || matrix.base())?;
        self.check_owner(name, base, words, MATRIX_BASE, line)
    }

    /// After a write: every array of the case shows what NumPy's shows.
    fn check_all_values(&self, blame: Method) -> Result<(), Finding> {
        for entry in &self.entries {
            let got: Vec<i64> = self.call(blame, || match &entry.made {
                Made::One(array) => array.iter().collect(),
                Made::Two(matrix) => matrix.iter().collect(),
            })?;
            let shown = match entry.made {
                Made::One(_) => ".tolist()",
                Made::Two(_) => ".ravel().tolist()",
            };
            self.compare(blame, &got, &entry.expected, || {
                format!("{}{shown} is", entry.name)
            })?;
        }
        Ok(())
    }

    // --- calling the learner's code and reporting ---------------------------------------------

    /// Calls the learner's code, turning a panic into a finding that names the method.
    ///
    /// # Panics
    /// If `method` is not one the checked chapter's replay may call (a bug of the file or of
    /// this replay, which would cost a chapter points for another chapter's method).
    fn call<T>(&self, method: Method, run: impl FnOnce() -> T) -> Result<T, Finding> {
        self.try_call(method, run)
            .map_err(|why| self.failed(method, &why))
    }

    /// Calls the learner's code: its value, or what its panic said (for the calls where
    /// NumPy may raise: a finding, with the session, is only made when it is one).
    ///
    /// # Panics
    /// As [`Replay::call`].
    fn try_call<T>(&self, method: Method, run: impl FnOnce() -> T) -> Result<T, String> {
        assert!(
            self.allowed
                .iter()
                .any(|allowed| allowed.name == method.name),
            "{ANSWERS_FILE}: {}'s replay calls `{}`, which its suite does not depend on",
            self.checked.slug,
            method.name
        );
        attempt(run)
    }

    /// The finding for a call of `method` that panicked (`why` says how, as
    /// [`attempt`] puts it).
    fn failed(&self, method: Method, why: &str) -> Finding {
        self.finding(method, format!("`{}`: {why}", method.name))
    }

    /// Element by element, `read(i)` against NumPy's `expected[i]`: every element read in one
    /// call of the learner's code (a panic names the method), the first difference reported
    /// as `what(i)`.
    fn compare_each<T: PartialEq + Debug>(
        &self,
        method: Method,
        expected: &[T],
        read: impl Fn(usize) -> T,
        what: impl FnOnce(usize) -> String,
    ) -> Result<(), Finding> {
        let got: Vec<T> = self.call(method, || (0..expected.len()).map(read).collect())?;
        match (0..expected.len()).find(|&i| got[i] != expected[i]) {
            Some(i) => self.compare(method, &got[i], &expected[i], || what(i)),
            None => Ok(()),
        }
    }

    /// An error NumPy raised: the learner's call must panic with its message. The session
    /// then says so, for the steps after it.
    fn expect_error(
        &mut self,
        method: Method,
        outcome: Result<(), String>,
        expected: &str,
    ) -> Result<(), Finding> {
        match outcome {
            Ok(()) => Err(self.finding(
                method,
                format!("NumPy raises an error here ({expected:?}); yours returned normally"),
            )),
            Err(why) if why.contains(expected) => {
                if let Some((numpy, _)) = self.session.last_mut() {
                    numpy.push_str("  # raises");
                }
                Ok(())
            }
            // A stub's `todo!()` says so itself.
            Err(why) if why.contains("not yet implemented") => Err(self.failed(method, &why)),
            Err(why) => Err(self.finding(
                method,
                format!("NumPy raises {expected:?} here; `{}`: {why}", method.name),
            )),
        }
    }

    /// Compares one observation with NumPy's answer.
    fn compare<T: PartialEq + Debug + ?Sized>(
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
                "{} {expected:?} in NumPy; yours gave {got:?} (`{}`)",
                what(),
                method.name
            ),
        ))
    }

    /// A finding blaming `method`, with the session that led to it.
    fn finding(&self, method: Method, what: String) -> Finding {
        finding_after("NumPy", &self.session, self.checked, method, what)
    }
}

/// Indices as NumPy and Rust both write them: `1, 2`.
fn indices_text(indices: &[usize]) -> String {
    let words: Vec<String> = indices.iter().map(ToString::to_string).collect();
    words.join(", ")
}
