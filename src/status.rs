//! `cargo run`: the workbook's status, chapter by chapter, and the exact next step.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use std::io::IsTerminal;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};

use crate::manifest::{Chapter, Manifest};
use crate::runner::{SuiteOutcome, SuiteRun};
use crate::translation::{Extra, display_width, pad, words};
use crate::verdicts::{self, Verdicts};

/// The status screen's words, in English, as the learner's catalogue translates them
/// (`{name}`s are filled in). [`messages`] lists them for the translators' template.
mod say {
    crate::messages! {
        HEADING = "viewbook: how memory views work, one chapter at a time";
        DONE = "done";
        NOT_STARTED = "not started";
        IN_PROGRESS = "in progress";
        CHECKS = "{passed}/{checks} checks";
        TOO_SLOW = "stopped: too slow";
        CRASHED = "crashed";
        DOES_NOT_COMPILE = "does not compile";
        CHECKING = "checking {chapter} ...";
        CHECKING_BAR = "checking";
        NO_MATCH = "no chapter matches {text}";
        PROGRESS = "progress [{bar}] {done}/{total} chapters";
        NEXT = "Next: chapter {number}, \"{title}\"";
        ALL_DONE = "Every chapter passes. Well done! Compare your code with the reference solutions in solutions/src/ (cargo run -- solution CHAPTER).";
        NO_COMPILE = "your exercises do not compile, so no chapter can be checked; the first error:";
        STOPPED = "the chapter's test binary stopped before its end, so none of its tests counts:";
        FIRST_FAILING = "first failing check: {check}";
        READ = "1. read  {page}";
        READ_SOURCE = "1. read  {page}  (as a web page: cargo run -- book --open)";
        READ_BUILDING = "1. read  {page}  (the book is being built in the background: ready in a few seconds)";
        EDIT = "2. edit  {file}";
        RUN = "3. run   {command}";
        STUCK = "stuck? cargo run -- hint {chapter}";
    }
}

/// The status screen's messages, for the translators' template.
pub fn messages() -> Vec<Extra> {
    crate::translation::extras_of(
        say::ALL,
        "src/status.rs",
        "The CLI's status screen (`cargo run`). Keep {names}, commands and paths; keep the \
         numbered steps' columns lined up.",
    )
}

/// Where a chapter stands for the learner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChapterState {
    /// Every check passes.
    Done {
        /// How many checks the chapter has.
        checks: usize,
    },
    /// The stubs are untouched: every check stops at a `todo!()`.
    NotStarted,
    /// Some checks fail.
    Failing {
        /// How many checks pass.
        passed: usize,
        /// How many checks the chapter has.
        checks: usize,
        /// The first failing check's name.
        first: String,
        /// What it said.
        message: String,
    },
    /// The suite compiled but its test binary died before the end (a stack overflow, an abort,
    /// `std::process::exit`): no verdict can be trusted.
    Crashed {
        /// The last lines the binary printed.
        report: String,
    },
    /// The learner's crate does not compile.
    DoesNotCompile {
        /// The first compiler error, as rustc printed it.
        error: String,
    },
}

impl ChapterState {
    /// Reads a chapter's state from its suite's outcome. `untouched` says whether the chapter's
    /// file is still its pristine stub ([`crate::reset::untouched`]), which decides "not
    /// started" ([`SuiteOutcome::not_started_given`]).
    pub fn from_outcome(outcome: &SuiteOutcome, untouched: Option<bool>) -> ChapterState {
        if !outcome.compiled {
            let error = outcome
                .diagnostics
                .iter()
                .find(|d| d.starts_with("error"))
                .cloned()
                .unwrap_or_else(|| last_lines(&outcome.output, 15));
            return ChapterState::DoesNotCompile { error };
        }
        if let Some(report) = outcome.crash_report() {
            return ChapterState::Crashed { report };
        }
        if outcome.all_passed() {
            return ChapterState::Done {
                checks: outcome.tests.len(),
            };
        }
        if outcome.not_started_given(untouched) {
            return ChapterState::NotStarted;
        }
        let first = outcome.first_failure();
        ChapterState::Failing {
            passed: outcome.passed(),
            checks: outcome.tests.len(),
            first: first.map(|t| t.name.clone()).unwrap_or_default(),
            message: first.and_then(|t| t.message.clone()).unwrap_or_default(),
        }
    }

    fn label(&self) -> String {
        let w = words();
        let counted = |state: &str, passed: usize, checks: usize| {
            // The state in a column of its own, as wide as "in progress" in the language.
            let width =
                display_width(&w.get(say::IN_PROGRESS)).max(display_width(&w.get(say::DONE)));
            let checks = w.fill(say::CHECKS, &[("passed", &passed), ("checks", &checks)]);
            format!("{}  {checks}", pad(&w.get(state), width))
        };
        match self {
            ChapterState::Done { checks } => counted(say::DONE, *checks, *checks),
            ChapterState::NotStarted => w.get(say::NOT_STARTED),
            ChapterState::Failing { passed, checks, .. } => {
                counted(say::IN_PROGRESS, *passed, *checks)
            }
            // The suite's watchdog stopped a step that ran far too long (see `runner`).
            ChapterState::Crashed { report } if report.contains("was stopped: ") => {
                w.get(say::TOO_SLOW)
            }
            ChapterState::Crashed { .. } => w.get(say::CRASHED),
            ChapterState::DoesNotCompile { .. } => w.get(say::DOES_NOT_COMPILE),
        }
    }

    fn mark(&self) -> char {
        match self {
            ChapterState::Done { .. } => '✓',
            ChapterState::NotStarted => '·',
            _ => '✗',
        }
    }
}

/// Where every chapter stands: the remembered verdict of each chapter whose inputs have not
/// changed since it was last checked (see [`crate::verdicts`]), and a run of the suite of every
/// other, showing which chapter and check are running (a progress bar on a terminal, plain
/// lines otherwise).
pub fn check_workbook(workspace: &Path, manifest: &Manifest) -> Result<Vec<ChapterState>> {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::new(manifest.chapters.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(&format!(
                "{} {{bar:20}} {{pos}}/{{len}} {{elapsed:>3}} {{wide_msg}}",
                words().get(say::CHECKING_BAR)
            ))
            .expect("a valid progress template"),
        );
        // Ticking, so that a check that takes long shows its time growing, not a frozen line.
        bar.enable_steady_tick(std::time::Duration::from_millis(250));
        Some(bar)
    } else {
        None
    };
    let mut verdicts = Verdicts::load(workspace);
    let mut states = Vec::with_capacity(manifest.chapters.len());
    for chapter in &manifest.chapters {
        let key = verdicts::key(workspace, manifest, chapter).ok();
        if let Some(state) = key.as_deref().and_then(|k| verdicts.get(&chapter.slug, k)) {
            if let Some(bar) = &bar {
                bar.inc(1);
            }
            states.push(state);
            continue;
        }
        match &bar {
            Some(bar) => bar.set_message(chapter.slug.clone()),
            None => eprintln!(
                "{}",
                words().fill(say::CHECKING, &[("chapter", &chapter.slug)])
            ),
        }
        let outcome = SuiteRun {
            workspace,
            package: "exercises",
            test: &chapter.test,
            features: &[],
        }
        .run_showing(|running| {
            if let Some(bar) = &bar {
                bar.set_message(format!(
                    "{}: check {}/{}, {}",
                    chapter.slug,
                    running.done + 1,
                    running.total,
                    running.test
                ));
            }
        })?;
        let untouched = crate::reset::untouched(workspace, chapter);
        let state = ChapterState::from_outcome(&outcome, untouched);
        if let Some(key) = &key {
            verdicts.record(&chapter.slug, key, &state);
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
        states.push(state);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // Nothing is lost when the verdicts cannot be written: the next status checks again.
    let _ = verdicts.save();
    spread_library_errors(&mut states);
    Ok(states)
}

/// Whether a compiler error points into a chapter's suite rather than the learner's library.
fn in_a_suite(error: &str) -> bool {
    error
        .lines()
        .find(|l| l.trim_start().starts_with("-->"))
        .is_some_and(|l| l.contains("suites/"))
}

/// When the learner's library does not compile, no chapter's suite can run, including those
/// whose remembered verdicts are still current: every chapter shows the library's error. (A
/// compile error in one suite, from a signature it expects, stays that chapter's.)
fn spread_library_errors(states: &mut [ChapterState]) {
    let library_error = states.iter().find_map(|state| match state {
        ChapterState::DoesNotCompile { error } if !in_a_suite(error) => Some(error.clone()),
        _ => None,
    });
    if let Some(error) = library_error {
        for state in states {
            if !matches!(state, ChapterState::DoesNotCompile { .. }) {
                *state = ChapterState::DoesNotCompile {
                    error: error.clone(),
                };
            }
        }
    }
}

/// The chapter to work on: the one chosen with `next`/`goto` unless it is done, otherwise the
/// first chapter that is not done. `None` when every chapter is done.
pub fn current_chapter(
    manifest: &Manifest,
    states: &[ChapterState],
    chosen: Option<&str>,
) -> Option<usize> {
    let not_done = |i: &usize| !matches!(states.get(*i), Some(ChapterState::Done { .. }));
    chosen
        .and_then(|slug| manifest.chapters.iter().position(|c| c.slug == slug))
        .filter(not_done)
        .or_else(|| (0..manifest.chapters.len()).find(not_done))
}

/// What `list TEXT` says when no chapter matches.
pub fn no_match(text: &str) -> String {
    words().fill(say::NO_MATCH, &[("text", &format!("{text:?}"))])
}

/// One line per chapter: mark, slug, title, state. `keep` picks the chapters to show.
pub fn chapter_lines(
    manifest: &Manifest,
    states: &[ChapterState],
    keep: impl Fn(&Chapter, &ChapterState) -> bool,
) -> String {
    let slug_width = manifest
        .chapters
        .iter()
        .map(|c| c.slug.len())
        .max()
        .unwrap_or(0);
    let title_of = |c: &Chapter| words().get(&c.title);
    let title_width = manifest
        .chapters
        .iter()
        .map(|c| display_width(&title_of(c)))
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for (chapter, state) in manifest.chapters.iter().zip(states) {
        if keep(chapter, state) {
            let _ = writeln!(
                out,
                "  {} {:slug_width$}  {}  {}",
                state.mark(),
                chapter.slug,
                pad(&title_of(chapter), title_width),
                state.label()
            );
        }
    }
    out
}

/// Where the learner reads a chapter's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reading {
    /// The Markdown source only (its `{{#include}}` lines show the code by reference): the
    /// book is not built, and is not being built.
    Source,
    /// The built book, in this folder (`book/book/`, absolute).
    Built(PathBuf),
    /// The book being built in the background into this folder, the first time.
    Building(PathBuf),
}

impl Reading {
    fn line(&self, chapter: &Chapter) -> String {
        let w = words();
        // The learner's edition of the page, where it is built; the English one otherwise.
        let page = |dir: &Path| {
            let page = Path::new(&chapter.page).with_extension("html");
            let edition = crate::book::edition_dir(dir, w.language());
            let theirs = edition.join(&page);
            if theirs.is_file() {
                theirs
            } else {
                dir.join(page)
            }
        };
        let line = match self {
            Reading::Source => w.fill(say::READ_SOURCE, &[("page", &chapter.page_file())]),
            Reading::Built(dir) => w.fill(say::READ, &[("page", &page(dir).display())]),
            Reading::Building(dir) => {
                let page = crate::book::edition_dir(dir, w.language())
                    .join(Path::new(&chapter.page).with_extension("html"));
                w.fill(say::READ_BUILDING, &[("page", &page.display())])
            }
        };
        format!("  {line}")
    }
}

/// The status screen: one line per chapter, progress, and the next step (for the chapter
/// chosen with `next`/`goto`, or the first one not done), with the chapter's page as `reading`
/// says.
pub fn render(
    manifest: &Manifest,
    states: &[ChapterState],
    chosen: Option<&str>,
    reading: &Reading,
) -> String {
    let w = words();
    let mut out = format!("{}\n\n", w.get(say::HEADING));
    out.push_str(&chapter_lines(manifest, states, |_, _| true));
    let done = states
        .iter()
        .filter(|s| matches!(s, ChapterState::Done { .. }))
        .count();
    let total = states.len();
    let bar_width = 20;
    let filled = (done * bar_width).checked_div(total).unwrap_or(0);
    let bar = format!("{}{}", "#".repeat(filled), "-".repeat(bar_width - filled));
    let _ = writeln!(
        out,
        "\n{}",
        w.fill(
            say::PROGRESS,
            &[("bar", &bar), ("done", &done), ("total", &total)]
        )
    );
    let next = current_chapter(manifest, states, chosen).map(|i| match &states[i] {
        // A compile error stops every chapter; send the learner to the file it is in.
        ChapterState::DoesNotCompile { error } => manifest
            .chapters
            .iter()
            .position(|c| error.contains(&format!("--> {}:", c.exercise_file())))
            .map_or((i, &states[i]), |j| (j, &states[i])),
        state => (i, state),
    });
    match next {
        Some((i, state)) => next_step(&mut out, i + 1, &manifest.chapters[i], state, reading),
        None => {
            let _ = writeln!(out, "\n{}", w.get(say::ALL_DONE));
        }
    }
    out
}

/// What to do next in `chapter` (number `number`), without running anything: for `goto`.
pub fn next_step_only(number: usize, chapter: &Chapter, reading: &Reading) -> String {
    let mut out = String::new();
    next_step(
        &mut out,
        number,
        chapter,
        &ChapterState::NotStarted,
        reading,
    );
    out
}

fn next_step(
    out: &mut String,
    number: usize,
    chapter: &Chapter,
    state: &ChapterState,
    reading: &Reading,
) {
    let w = words();
    let title = w.get(&chapter.title);
    let _ = writeln!(
        out,
        "\n{}",
        w.fill(say::NEXT, &[("number", &number), ("title", &title)])
    );
    match state {
        ChapterState::DoesNotCompile { error } => {
            let _ = writeln!(out, "  {}\n", w.get(say::NO_COMPILE));
            let _ = writeln!(out, "{}\n", indent(error, 4));
        }
        ChapterState::Crashed { report } => {
            let _ = writeln!(out, "  {}\n", w.get(say::STOPPED));
            let _ = writeln!(out, "{}\n", indent(report, 4));
        }
        ChapterState::Failing { first, message, .. } => {
            let _ = writeln!(
                out,
                "  {}\n",
                w.fill(say::FIRST_FAILING, &[("check", first)])
            );
            let _ = writeln!(out, "{}\n", indent(message, 4));
        }
        _ => {}
    }
    let _ = writeln!(out, "{}", reading.line(chapter));
    let steps = [
        w.fill(say::EDIT, &[("file", &chapter.exercise_file())]),
        w.fill(say::RUN, &[("command", &chapter.test_command())]),
        w.fill(say::STUCK, &[("chapter", &chapter.slug)]),
    ];
    for step in steps {
        let _ = writeln!(out, "  {step}");
    }
}

fn indent(text: &str, by: usize) -> String {
    let pad = " ".repeat(by);
    text.lines()
        .map(|l| format!("{pad}{l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::manifest;

    #[test]
    fn the_current_chapter_is_the_chosen_one_unless_it_is_done() {
        let m = manifest();
        let done = ChapterState::Done { checks: 1 };
        let mut states = vec![ChapterState::NotStarted; m.chapters.len()];
        states[0] = done.clone();
        assert_eq!(current_chapter(m, &states, None), Some(1), "first not done");
        assert_eq!(
            current_chapter(m, &states, Some("ch04_aliasing")),
            Some(3),
            "chosen"
        );
        assert_eq!(
            current_chapter(m, &states, Some("ch01_lists")),
            Some(1),
            "chosen but done"
        );
        let all_done = vec![done; m.chapters.len()];
        assert_eq!(current_chapter(m, &all_done, None), None);
    }

    #[test]
    fn a_suite_that_dies_midway_is_never_done() {
        let outcome = SuiteOutcome {
            compiled: true,
            finished: false,
            diagnostics: Vec::new(),
            tests: vec![crate::runner::TestOutcome {
                name: "get_reads_an_element".into(),
                passed: true,
                message: None,
            }],
            output: "running 19 tests\ntest get_reads_an_element ... ok\ntest a_view ... ".into(),
            stderr:
                "\nthread 'a_view' has overflowed its stack\nfatal runtime error: stack overflow"
                    .into(),
        };
        let state = ChapterState::from_outcome(&outcome, None);
        assert!(
            matches!(&state, ChapterState::Crashed { report } if report.contains("overflowed its stack")),
            "{state:?}"
        );
    }

    #[test]
    fn a_compile_error_sends_the_learner_to_the_file_it_is_in() {
        let error =
            "error: unexpected closing delimiter: `}`\n  --> exercises/src/ch02_views.rs:9:1";
        let states: Vec<ChapterState> = manifest()
            .chapters
            .iter()
            .map(|_| ChapterState::DoesNotCompile {
                error: error.to_owned(),
            })
            .collect();
        let text = render(manifest(), &states, None, &Reading::Source);
        assert!(
            text.contains("Next: chapter 2, \"Slicing an array does not copy\""),
            "{text}"
        );
        assert!(
            text.contains("2. edit  exercises/src/ch02_views.rs"),
            "{text}"
        );
        assert!(
            text.contains("--> exercises/src/ch02_views.rs:9:1"),
            "{text}"
        );
    }
}
