//! The chapter manifest (`chapters.toml` at the workspace root), read into typed structs.
//!
//! The file is embedded at compile time, so a test binary or the CLI never has to find it on
//! disk, and a malformed manifest fails the first test that reads it with a clear message.

use std::fmt::{Debug, Display};
use std::sync::OnceLock;

use serde::Deserialize;

/// The manifest's text, as compiled into this crate.
pub const MANIFEST_TOML: &str = include_str!("../chapters.toml");

/// Where the book's pages live, relative to the workspace root.
pub const BOOK_SRC: &str = "book/src";

/// Every chapter of the workbook, in reading order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The limits a chapter's suite runs under when grading.
    pub grading: Grading,
    /// The chapters, in the order the book presents them.
    #[serde(rename = "chapter")]
    pub chapters: Vec<Chapter>,
}

/// How a submission's chapter suites run when grading (`viewbook grade`, GitHub Classroom).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grading {
    /// Seconds one chapter's suite may run before it is stopped (an infinite loop).
    pub time_limit: u64,
    /// MiB of address space one chapter's suite may use before its allocations fail.
    pub memory_limit: u64,
    /// Seconds one submission's build may take.
    pub build_time_limit: u64,
}

/// One chapter: a book page, an exercise module, its solution and its test suite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Chapter {
    /// Module, suite and test-target name, e.g. `ch02_views`.
    pub slug: String,
    /// The chapter's title in the book.
    pub title: String,
    /// The chapter's page, relative to `book/src/`.
    pub page: String,
    /// The Cargo test target holding the chapter's suite (in `exercises` and `solutions`).
    pub test: String,
    /// Points a fully passing chapter is worth when grading: all or nothing, as one
    /// GitHub Classroom step per chapter awards them.
    pub points: u32,
    /// This chapter's time limit in seconds, when it differs from `[grading]`'s.
    #[serde(default)]
    pub time_limit: Option<u64>,
    /// This chapter's memory limit in MiB, when it differs from `[grading]`'s.
    #[serde(default)]
    pub memory_limit: Option<u64>,
    /// Progressive hints, from a nudge to nearly the answer.
    pub hints: Vec<String>,
}

impl Manifest {
    /// Parses a manifest from TOML text.
    pub fn parse(text: &str) -> Result<Manifest, toml::de::Error> {
        toml::from_str(text)
    }

    /// The chapter with this slug, if there is one.
    pub fn chapter(&self, slug: &str) -> Option<&Chapter> {
        self.chapters.iter().find(|c| c.slug == slug)
    }
}

impl Chapter {
    /// The learner's file for this chapter, relative to the workspace root.
    pub fn exercise_file(&self) -> String {
        format!("exercises/src/{}.rs", self.slug)
    }

    /// The reference solution's file, relative to the workspace root.
    pub fn solution_file(&self) -> String {
        format!("solutions/src/{}.rs", self.slug)
    }

    /// The shared test suite's file, relative to the workspace root.
    pub fn suite_file(&self) -> String {
        format!("suites/{}.rs", self.slug)
    }

    /// The book page's source file, relative to the workspace root.
    pub fn page_file(&self) -> String {
        format!("{BOOK_SRC}/{}", self.page)
    }

    /// The command a learner runs to check this chapter.
    pub fn test_command(&self) -> String {
        format!("cargo test -p exercises --test {}", self.test)
    }

    /// Seconds this chapter's suite may run when grading.
    pub fn time_limit(&self, grading: &Grading) -> u64 {
        self.time_limit.unwrap_or(grading.time_limit)
    }

    /// MiB of address space this chapter's suite may use when grading.
    pub fn memory_limit(&self, grading: &Grading) -> u64 {
        self.memory_limit.unwrap_or(grading.memory_limit)
    }

    /// Where to read more, for the end of a failure message:
    /// `read: "Slicing an array does not copy" (book/src/ch02_views.md)`.
    pub fn reference(&self) -> String {
        format!("read: \"{}\" ({})", self.title, self.page_file())
    }

    /// A teaching failure message: what happened, then where to read about it, after a
    /// warning when a method of an earlier chapter that this suite builds on is wrong (see
    /// [`builds_on`]).
    pub fn lesson(&self, what: impl Display) -> String {
        match earlier_chapter_at_fault() {
            Some(note) => format!("{note}\n{what}\n  {}", self.reference()),
            None => format!("{what}\n  {}", self.reference()),
        }
    }

    /// Panics with a teaching message unless `ok`: `what` says what should have held and what
    /// it means.
    #[track_caller]
    pub fn check(&self, ok: bool, what: impl Display) {
        if !ok {
            panic!("{}", self.lesson(what));
        }
    }

    /// Panics with a teaching message unless `got == expected`, showing both values under
    /// plain names (not `assert_eq!`'s `left` and `right`).
    #[track_caller]
    pub fn check_eq<G, E>(&self, got: &G, expected: &E, what: impl Display)
    where
        G: PartialEq<E> + Debug + ?Sized,
        E: Debug + ?Sized,
    {
        if got != expected {
            panic!(
                "{}",
                self.lesson(format!(
                    "{what}\n  got:      {got:?}\n  expected: {expected:?}"
                ))
            );
        }
    }

    /// Panics with a teaching message unless `run` panics with a message containing
    /// `expected`: for the errors Python raises (`IndexError: list index out of range`), which
    /// this workbook's models raise as panics with the same words.
    #[track_caller]
    pub fn check_panics(&self, run: impl FnOnce(), expected: &str, what: impl Display) {
        let got = match catch_expected_panic(run) {
            Ok(()) => "no panic".to_owned(),
            Err(payload) => match panic_text(payload.as_ref()) {
                Some(text) if text.contains(expected) => return,
                Some(text) => format!("a panic saying {text:?}"),
                None => "a panic without a message".to_owned(),
            },
        };
        panic!(
            "{}",
            self.lesson(format!(
                "{what}\n  got:      {got}\n  expected: a panic saying {expected:?}"
            ))
        );
    }
}

/// The check of the earlier chapters a suite builds on, registered by [`builds_on`].
static EARLIER_CHAPTERS: std::sync::OnceLock<fn() -> Option<String>> = std::sync::OnceLock::new();

/// Registers how this suite checks the methods of earlier chapters that its own checks call:
/// `check` returns a warning naming the wrong method and its file, or `None`.
///
/// A suite's checks call earlier chapters' methods (chapter 4's `arr[::2][1]` needs chapter
/// 2's `get`), and when one of those is wrong, a failure reads as this chapter's fault. With a
/// check registered, the first failure of the suite runs it once, and every failure message
/// then starts with its warning. Passing suites never run it. The first registration wins.
pub fn builds_on(check: fn() -> Option<String>) {
    let _ = EARLIER_CHAPTERS.set(check);
}

/// The registered check's warning, computed once, on the first failure that asks.
fn earlier_chapter_at_fault() -> Option<&'static str> {
    static WARNING: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    let check = EARLIER_CHAPTERS.get()?;
    WARNING.get_or_init(check).as_deref()
}

thread_local! {
    /// Whether this thread is inside `check_panics`, where a panic is the expected outcome.
    static EXPECTING_PANIC: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `run`, catching its panic without printing it: a learner reading a failed test's
/// output should see the check that failed, not a "panicked at" line for the `IndexError` the
/// check wanted. Other threads' panics (and this thread's outside `run`) print as usual.
fn catch_expected_panic(run: impl FnOnce()) -> std::thread::Result<()> {
    static QUIET_HOOK: std::sync::Once = std::sync::Once::new();
    QUIET_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !EXPECTING_PANIC.with(std::cell::Cell::get) {
                previous(info);
            }
        }));
    });
    // Nested calls (a property that attempts a learner's call) keep the outer call's silence.
    let outer = EXPECTING_PANIC.with(|expecting| expecting.replace(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run));
    EXPECTING_PANIC.with(|expecting| expecting.set(outer));
    outcome
}

/// Runs `run` and returns its value, or the text of its panic, without printing the panic:
/// for checks that call the learner's code and say which call panicked and why.
pub fn quietly<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    let mut value = None;
    match catch_expected_panic(|| value = Some(run())) {
        Ok(()) => Ok(value.expect("run returned")),
        Err(payload) => Err(panic_text(payload.as_ref())
            .unwrap_or("a panic without a message")
            .to_owned()),
    }
}

/// [`quietly`], for the learner's calls: a `todo!()` left in the stub reads as "not written
/// yet" (its text kept: `cargo run` counts a chapter whose every failure says "not yet
/// implemented" as not started), anything else as "it panicked".
pub fn attempt<T>(run: impl FnOnce() -> T) -> Result<T, String> {
    quietly(run).map_err(|text| {
        if text.starts_with("not yet implemented") {
            format!("it is not written yet ({text})")
        } else {
            format!("it panicked: {text}")
        }
    })
}

/// The text of a panic's payload (`panic!` with a literal or with a format string), for the
/// suites that catch a panic and say what it means.
pub fn panic_text(payload: &(dyn std::any::Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
}

/// The workbook's manifest, parsed once.
///
/// # Panics
/// If `chapters.toml` does not parse: the message names the file and the TOML error.
pub fn manifest() -> &'static Manifest {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        Manifest::parse(MANIFEST_TOML).unwrap_or_else(|e| panic!("chapters.toml is malformed: {e}"))
    })
}

/// The chapter with this slug.
///
/// # Panics
/// If no chapter in `chapters.toml` has this slug (a suite naming a chapter that the manifest
/// does not list is a bug in the workbook, not in the learner's code).
#[track_caller]
pub fn chapter(slug: &str) -> &'static Chapter {
    manifest()
        .chapter(slug)
        .unwrap_or_else(|| panic!("chapters.toml lists no chapter {slug:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grading_limits_come_from_the_chapter_or_else_from_the_grading_table() {
        let grading = Grading {
            time_limit: 60,
            memory_limit: 2048,
            build_time_limit: 600,
        };
        let mut c: Chapter = toml::from_str(
            "slug = \"ch09_x\"\ntitle = \"X\"\npage = \"ch09_x.md\"\ntest = \"ch09_x\"\npoints = 1\nhints = []",
        )
        .unwrap();
        assert_eq!(
            (c.time_limit(&grading), c.memory_limit(&grading)),
            (60, 2048)
        );
        c.time_limit = Some(5);
        c.memory_limit = Some(256);
        assert_eq!((c.time_limit(&grading), c.memory_limit(&grading)), (5, 256));
    }

    #[test]
    fn check_passes_quietly_and_fails_with_the_lesson() {
        let c = chapter("ch02_views");
        c.check(true, "fine");
        let failed = catch_expected_panic(|| c.check(false, "arr[2:4] is wrong")).unwrap_err();
        assert_eq!(
            panic_text(failed.as_ref()),
            Some(c.lesson("arr[2:4] is wrong").as_str())
        );
    }

    #[test]
    fn the_workbook_manifest_parses_and_names_each_chapter_once() {
        let m = manifest();
        assert!(!m.chapters.is_empty());
        for (i, c) in m.chapters.iter().enumerate() {
            assert!(
                c.slug.starts_with(&format!("ch{:02}_", i + 1)),
                "chapters are numbered in order: {}",
                c.slug
            );
            assert_eq!(m.chapters.iter().filter(|d| d.slug == c.slug).count(), 1);
            assert!(!c.hints.is_empty(), "{} has no hints", c.slug);
            assert!(c.points > 0, "{} is worth no points", c.slug);
        }
    }

    #[test]
    fn a_failed_check_shows_what_was_got_and_expected() {
        let c = chapter("ch02_views");
        let message = std::panic::catch_unwind(|| {
            c.check_eq(
                &[0, 1][..],
                &[2, 3][..],
                "arr[2:4] shows the wrong elements",
            )
        })
        .unwrap_err()
        .downcast::<String>()
        .unwrap();
        insta::assert_snapshot!(message, @r#"
        arr[2:4] shows the wrong elements
          got:      [0, 1]
          expected: [2, 3]
          read: "Slicing an array does not copy" (book/src/ch02_views.md)
        "#);
    }

    #[test]
    fn a_check_for_an_error_says_what_was_raised_instead() {
        let c = chapter("ch01_lists");
        c.check_panics(
            || panic!("list index out of range: 3"),
            "list index out of range",
            "ok",
        );
        let message = std::panic::catch_unwind(|| {
            c.check_panics(
                || {
                    let _ = vec![1][1];
                },
                "list index out of range",
                "list[1] of a 1-item list raises IndexError",
            )
        })
        .unwrap_err()
        .downcast::<String>()
        .unwrap();
        insta::assert_snapshot!(message, @r#"
        list[1] of a 1-item list raises IndexError
          got:      a panic saying "index out of bounds: the len is 1 but the index is 1"
          expected: a panic saying "list index out of range"
          read: "Python lists: a slice is a new list" (book/src/ch01_lists.md)
        "#);
    }

    #[test]
    fn unknown_fields_are_rejected() {
        let err = Manifest::parse(
            "[grading]\ntime_limit=1\nmemory_limit=1\nbuild_time_limit=1\n\
             [[chapter]]\nslug='x'\ntitle='t'\npage='p'\ntest='x'\npoints=1\nhints=[]\nhint='typo'",
        )
        .unwrap_err();
        assert!(err.to_string().contains("hint"), "{err}");
    }

    #[test]
    fn a_lesson_names_what_happened_and_where_to_read() {
        let c = chapter("ch02_views");
        insta::assert_snapshot!(c.lesson("your slice copied the data"), @r#"
        your slice copied the data
          read: "Slicing an array does not copy" (book/src/ch02_views.md)
        "#);
    }
}
