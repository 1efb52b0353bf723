//! What every model shares: the learner's methods named with their
//! chapter, Rust's range kinds beside Python's slices, and a [`Session`] that records each
//! call as a Python line beside a Rust line and turns the first disagreement into a
//! [`Finding`] that prints them.
//!
//! (`array.rs`, written first, keeps its own session inside its `Chain`, with NumPy's
//! wording; it shares [`Method`] and [`Span`].)

use std::fmt::Debug;

use viewbook::harness::explore::{Finding, Tape};
use viewbook::manifest::{Chapter, attempt, chapter};

use crate::subject::Array;

/// One method of the learner's, with the chapter (and so the file) it is written in.
#[derive(Clone, Copy, Debug)]
pub struct Method {
    /// As the learner reads it in a message: `List::slice`.
    pub name: &'static str,
    /// The chapter whose file holds it.
    pub slug: &'static str,
}

impl Method {
    /// The method `name`, written in chapter `slug`'s file.
    pub const fn new(name: &'static str, slug: &'static str) -> Method {
        Method { name, slug }
    }
}

/// A range of each kind Rust has, with bounds that may lie past the end (Python clamps them).
#[derive(Clone, Copy, Debug)]
pub enum Span {
    /// `a..b`
    Half(usize, usize),
    /// `a..=b`
    Inclusive(usize, usize),
    /// `a..`
    From(usize),
    /// `..b`
    To(usize),
    /// `..=b`
    ToInclusive(usize),
    /// `..`
    Full,
}

impl Span {
    /// A random range for a sequence of `len` items: bounds up to three past its end, the
    /// start sometimes after the stop (an empty slice, as in Python).
    pub fn draw(tape: &mut Tape, len: usize) -> Span {
        let kind = tape.below(6);
        let mut bound = || tape.below(len + 4);
        match kind {
            0 => Span::Half(bound(), bound()),
            1 => Span::From(bound()),
            2 => Span::To(bound()),
            3 => Span::Inclusive(bound(), bound()),
            4 => Span::ToInclusive(bound()),
            _ => Span::Full,
        }
    }

    /// The range as Rust code: `2..5`.
    pub fn rust(self) -> String {
        match self {
            Span::Half(a, b) => format!("{a}..{b}"),
            Span::Inclusive(a, b) => format!("{a}..={b}"),
            Span::From(a) => format!("{a}.."),
            Span::To(b) => format!("..{b}"),
            Span::ToInclusive(b) => format!("..={b}"),
            Span::Full => "..".to_owned(),
        }
    }

    /// The same slice in Python: `[2:5]`.
    pub fn python(self) -> String {
        match self {
            Span::Half(a, b) => format!("[{a}:{b}]"),
            Span::Inclusive(a, b) => format!("[{a}:{}]", b + 1),
            Span::From(a) => format!("[{a}:]"),
            Span::To(b) => format!("[:{b}]"),
            Span::ToInclusive(b) => format!("[:{}]", b + 1),
            Span::Full => "[:]".to_owned(),
        }
    }

    /// Which indices of a sequence of `len` items Python's slice shows: both bounds clamped
    /// to the end, nothing when the start is past the stop.
    pub fn indices(self, len: usize) -> std::ops::Range<usize> {
        let (start, stop) = match self {
            Span::Half(a, b) => (a, b),
            Span::Inclusive(a, b) => (a, b + 1),
            Span::From(a) => (a, len),
            Span::To(b) => (0, b),
            Span::ToInclusive(b) => (0, b + 1),
            Span::Full => (0, len),
        };
        let stop = stop.min(len);
        start.min(stop)..stop
    }

    /// Calls the learner's `Array::slice` with this range, as the range type it is.
    pub fn slice(self, array: &Array) -> Array {
        with_range!(self, |range| array.slice(range))
    }

    /// What this kind of range means, for a message about a slice that got it wrong: the
    /// kinds other than `a..b` are the ones a hand-written bounds match gets wrong.
    pub fn meaning(self) -> &'static str {
        match self {
            Span::Half(..) | Span::To(_) => {
                "`a..b` is Python's [a:b]: from a up to, not including, b, both clamped to \
                 the length"
            }
            Span::Inclusive(..) | Span::ToInclusive(_) => {
                "`a..=b` includes its end: it is Python's [a:b+1] (`Bound::Included(b)` stops \
                 after b)"
            }
            Span::From(_) => "`a..` runs to the end: it is Python's [a:]",
            Span::Full => "`..` is everything: Python's [:]",
        }
    }
}

/// Calls `$body` with `$range` bound to `$span` as the Rust range it names, so that a
/// learner's `slice(impl RangeBounds<usize>)` receives every range type, not just `a..b`.
#[macro_export]
macro_rules! with_range {
    ($span:expr, |$range:ident| $body:expr) => {
        match $span {
            $crate::session::Span::Half(a, b) => {
                let $range = a..b;
                $body
            }
            $crate::session::Span::Inclusive(a, b) => {
                let $range = a..=b;
                $body
            }
            $crate::session::Span::From(a) => {
                let $range = a..;
                $body
            }
            $crate::session::Span::To(b) => {
                let $range = ..b;
                $body
            }
            $crate::session::Span::ToInclusive(b) => {
                let $range = ..=b;
                $body
            }
            $crate::session::Span::Full => {
                let $range = ..;
                $body
            }
        }
    };
}
pub use crate::with_range;

/// The session a random chain has run so far, for the suite of one chapter: each call as the
/// Python that does the same, beside the Rust that was called.
pub struct Session {
    /// The chapter whose suite runs the chain.
    checked: &'static Chapter,
    /// One line per call: Python, then Rust.
    lines: Vec<(String, String)>,
}

impl Session {
    /// An empty session for the chapter `slug`'s suite.
    pub fn new(slug: &str) -> Session {
        Session {
            checked: chapter(slug),
            lines: Vec::new(),
        }
    }

    /// Records one call: what Python would run, and the Rust the chain runs.
    pub fn line(&mut self, python: impl Into<String>, rust: impl Into<String>) {
        self.lines.push((python.into(), rust.into()));
    }

    /// How many lines the session has: a mark to [`Session::forget_since`].
    pub fn mark(&self) -> usize {
        self.lines.len()
    }

    /// Forgets the lines since `mark`: a call that only read, and was right, changes nothing
    /// a later finding depends on, so the session it prints leaves it out.
    pub fn forget_since(&mut self, mark: usize) {
        self.lines.truncate(mark);
    }

    /// Calls the learner's code, turning a panic into a finding that names the method.
    pub fn call<T>(&self, method: Method, run: impl FnOnce() -> T) -> Result<T, Finding> {
        attempt(run).map_err(|why| self.finding(method, format!("`{}`: {why}", method.name)))
    }

    /// An error Python raises: the learner's call must panic with its message.
    pub fn expect_error<T>(
        &self,
        method: Method,
        outcome: Result<T, Finding>,
        expected: &str,
    ) -> Result<(), Finding> {
        match outcome {
            Ok(_) => Err(self.finding(
                method,
                format!("Python raises an error here ({expected:?}); yours returned normally"),
            )),
            Err(finding) if finding.text.contains(expected) => Ok(()),
            // A stub's `todo!()` says so itself.
            Err(finding) if finding.text.contains("not yet implemented") => Err(finding),
            Err(finding) => Err(self.finding(
                method,
                format!(
                    "Python raises {expected:?} here; {}",
                    last_line(&finding.text)
                ),
            )),
        }
    }

    /// Compares one observation with the model's.
    pub fn compare<T: PartialEq + Debug>(
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
                "{} {expected:?}; yours gave {got:?} (`{}`)",
                what(),
                method.name
            ),
        ))
    }

    /// A check with no value to show: `ok`, or a finding saying `what` should hold.
    pub fn require(
        &self,
        method: Method,
        ok: bool,
        what: impl FnOnce() -> String,
    ) -> Result<(), Finding> {
        if ok {
            Ok(())
        } else {
            Err(self.finding(method, format!("{} (`{}`)", what(), method.name)))
        }
    }

    /// A finding blaming `method`, with the session that led to it.
    pub fn finding(&self, method: Method, what: String) -> Finding {
        finding_after("Python", &self.lines, self.checked, method, what)
    }
}

/// A finding blaming `method` for `what`, after the session that led to it: each call as
/// `language` (Python or NumPy) writes it, beside the Rust that was called. It names the
/// method's file when that is another chapter's than `checked`, the suite's own.
pub fn finding_after(
    language: &str,
    lines: &[(String, String)],
    checked: &Chapter,
    method: Method,
    what: String,
) -> Finding {
    let width = lines
        .iter()
        .map(|(python, _)| python.len())
        .max()
        .unwrap_or(0);
    let session: String = lines
        .iter()
        .map(|(python, rust)| format!("\n      {python:width$}    {rust}"))
        .collect();
    Finding {
        text: format!("In {language}:{session}\n  {what}"),
        chapter: chapter(method.slug),
        method: (method.slug != checked.slug).then(|| {
            (
                method.name.to_owned(),
                format!("exercises/src/{}.rs", method.slug),
            )
        }),
    }
}

/// The most elements a result may reserve room for when it holds `len`: a `Vec` grown by
/// pushing doubles its capacity (from 4), so up to twice what it holds is the growth of an
/// honest copy; more is room reserved for something else, the whole input as a rule.
pub fn room_allowed(len: usize) -> usize {
    (2 * len).max(4)
}

/// The last line of a finding's text: what happened, without the session before it.
pub fn last_line(text: &str) -> &str {
    text.lines().last().unwrap_or(text).trim()
}
