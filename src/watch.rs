//! `viewbook watch`: re-checks the current chapter each time a file under `exercises/` is
//! saved, shows how many of its checks pass and the first failing one, and moves on when the
//! chapter passes.
//!
//! Commands are single keys on a terminal (`h` hint, `l` list, `n` next, `r` run, `q` quit),
//! and a letter then Enter when the input is not a terminal (a pipe, a script); every verdict
//! ends with a footer naming them, and what watch prints names its keys, not the CLI's
//! commands (`h`, not `cargo run -- hint`). File events come from the operating system
//! (notify); `--poll` looks at the files every half second instead, for editors and file
//! systems whose saves send no event, and `--manual-run` checks only on `r`.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::hint::render_hint;
use crate::manifest::{Chapter, Manifest};
use crate::progress::Progress;
use crate::runner::{SuiteOutcome, SuiteRun};
use crate::status::{ChapterState, chapter_lines, check_workbook, current_chapter};
use crate::translation::words;

/// How file changes reach the watch loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The operating system's file events.
    Events,
    /// Looking at the files every half second.
    Poll,
    /// Only when the learner types `r`.
    Manual,
}

enum Signal {
    Saved,
    Typed(String),
    InputClosed,
}

/// Whether the terminal is in raw mode (single keys): then a line must end in "\r\n".
static RAW: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Prints `text` as it is, or with "\r\n" line ends while the terminal is in raw mode.
fn say(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    let text = if RAW.load(std::sync::atomic::Ordering::Relaxed) {
        text.replace('\n', "\r\n")
    } else {
        text.to_owned()
    };
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Puts the terminal in raw mode for single-key commands, and back when dropped.
struct RawMode;

impl RawMode {
    fn enable() -> Option<RawMode> {
        use std::io::IsTerminal;
        if !std::io::stdin().is_terminal() || crossterm::terminal::enable_raw_mode().is_err() {
            return None;
        }
        RAW.store(true, std::sync::atomic::Ordering::Relaxed);
        Some(RawMode)
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        RAW.store(false, std::sync::atomic::Ordering::Relaxed);
        let _ = crossterm::terminal::disable_raw_mode();
    }
}

/// Saves within this long of each other are one save (editors write a file in several steps).
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Watch's words, in English, as the learner's catalogue translates them (`{name}`s are
/// filled in). [`messages`] lists them for the translators' template.
mod say {
    crate::messages! {
        ALL_DONE = "Every chapter passes. Well done!";
        NO_EVENT = "(Your files changed but no save event arrived: editors' swap files and network file systems can hide them. Quit with q and start `cargo run -- watch --poll` instead.)";
        NO_HINTS = "{chapter} has no hints.";
        UNKNOWN = "unknown command {command}: the keys are in the line below";
        RAN = "--- {chapter} ({seconds} s)";
        MOVING_ON = "Moving on to {chapter}.";
        COUNT = "{passed}/{checks} checks pass, {failed} fail";
        DONE = "✓ {chapter}: all {checks} checks pass ({title}).";
        NOT_STARTED = "{chapter}: {count}, not started: read {page}, then fill in the todo!()s of {file}.";
        FIRST_FAILING = "first failing check: {check}";
        NO_COMPILE = "{chapter}: no check ran: your exercises do not compile.";
        CRASHED = "{chapter}: no check counts: the chapter's test binary stopped before its end ({passed} passed before it did).";
        PRESS_H = "Still stuck? Press h for hint {next}.";
        KEY_HINT = "h hint ({n} of {total}) · ";
        KEY_HINT_AGAIN = "h hint ({total} of {total}, again) · ";
        KEY_CHECK_MANUAL = "r check (after saving)";
        KEY_CHECK = "r check now";
        THEN_ENTER = " (then Enter)";
        KEYS = "{chapter} · keys{enter}: {hint}l list · n next chapter · {check} · q quit";
    }
}

/// Watch's messages, for the translators' template.
pub fn messages() -> Vec<crate::translation::Extra> {
    crate::translation::extras_of(
        say::ALL,
        "src/watch.rs",
        "`cargo run -- watch`. Keep {names}, keys (h, l, n, r, q) and commands.",
    )
}

/// Runs the watch loop until the learner types `q` or closes the input.
pub fn run(workbook: &Path, manifest: &Manifest, mode: Mode) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let _watcher = start_watcher(workbook, mode, tx.clone())?;
    let raw = RawMode::enable();
    spawn_input(tx, raw.is_some());

    let mut progress = Progress::load(workbook).0;
    let states = check_workbook(workbook, manifest)?;
    let Some(mut current) = current_chapter(manifest, &states, progress.current.as_deref()) else {
        say(&format!("{}\n", words().get(say::ALL_DONE)));
        return Ok(());
    };
    let mut last_check = SystemTime::now();
    if !check(workbook, manifest, &mut current, &mut progress)? {
        return Ok(());
    }
    prompt(mode, &manifest.chapters[current], &progress);
    loop {
        match rx.recv().context("the watch loop lost its inputs")? {
            Signal::Saved => {
                drain_saves(&rx);
                last_check = SystemTime::now();
                if !check(workbook, manifest, &mut current, &mut progress)? {
                    return Ok(());
                }
            }
            Signal::Typed(line) => match line.trim() {
                "q" => return Ok(()),
                "r" => {
                    if mode == Mode::Events && changed_since(workbook, last_check) {
                        say(&format!("{}\n", words().get(say::NO_EVENT)));
                    }
                    last_check = SystemTime::now();
                    if !check(workbook, manifest, &mut current, &mut progress)? {
                        return Ok(());
                    }
                }
                "h" => {
                    let chapter = &manifest.chapters[current];
                    let seen = progress.hints_seen.get(&chapter.slug).copied().unwrap_or(0);
                    let number = (seen + 1).min(chapter.hints.len());
                    if number == 0 {
                        let none = words().fill(say::NO_HINTS, &[("chapter", &chapter.slug)]);
                        say(&format!("{none}\n"));
                    } else {
                        say(&hint(workbook, chapter, number)?);
                        progress
                            .hints_seen
                            .insert(chapter.slug.clone(), seen.max(number));
                        progress.save(workbook)?;
                    }
                }
                "n" => {
                    if current + 1 < manifest.chapters.len() {
                        current += 1;
                        progress.current = Some(manifest.chapters[current].slug.clone());
                        progress.save(workbook)?;
                    }
                    check(workbook, manifest, &mut current, &mut progress)?;
                }
                "l" => {
                    let states = check_workbook(workbook, manifest)?;
                    say(&chapter_lines(manifest, &states, |_, _| true));
                }
                "" => {}
                other => {
                    let command = format!("{other:?}");
                    say(&format!(
                        "{}\n",
                        words().fill(say::UNKNOWN, &[("command", &command)])
                    ))
                }
            },
            Signal::InputClosed => return Ok(()),
        }
        prompt(mode, &manifest.chapters[current], &progress);
    }
}

/// Checks the current chapter and prints the verdict; moves on when it passes. Returns false
/// when every chapter is done.
fn check(
    workbook: &Path,
    manifest: &Manifest,
    current: &mut usize,
    progress: &mut Progress,
) -> Result<bool> {
    loop {
        let chapter = &manifest.chapters[*current];
        let started = Instant::now();
        // Hashed before the run: the verdict is remembered for the files the run saw.
        let key = crate::verdicts::key(workbook, manifest, chapter).ok();
        let outcome = SuiteRun {
            workspace: workbook,
            package: "exercises",
            test: &chapter.test,
            features: &[],
        }
        .run()?;
        let untouched = crate::reset::untouched(workbook, chapter);
        let state = ChapterState::from_outcome(&outcome, untouched);
        if let Some(key) = &key {
            let mut verdicts = crate::verdicts::Verdicts::load(workbook);
            verdicts.record(&chapter.slug, key, &state);
            // Only a speed-up for the next status is lost if it cannot be written.
            let _ = verdicts.save();
        }
        let took = started.elapsed().as_secs_f64();
        let seconds = format!("{took:.2}");
        say(&format!(
            "\n{}\n",
            words().fill(
                say::RAN,
                &[("chapter", &chapter.slug), ("seconds", &seconds)]
            )
        ));
        say(&verdict(
            chapter,
            &state,
            &outcome,
            &crate::book::page_to_read(workbook, chapter),
        ));
        match &state {
            ChapterState::Done { .. } => {
                if *current + 1 == manifest.chapters.len() {
                    say(&format!("{}\n", words().get(say::ALL_DONE)));
                    return Ok(false);
                }
                *current += 1;
                progress.current = Some(manifest.chapters[*current].slug.clone());
                progress.save(workbook)?;
                let next = &manifest.chapters[*current].slug;
                say(&format!(
                    "{}\n",
                    words().fill(say::MOVING_ON, &[("chapter", next)])
                ));
            }
            _ => return Ok(true),
        }
    }
}

/// What one check found, first line first: the chapter, how many of its checks pass and
/// fail, then the first failure's message (or why no check could run).
fn verdict(chapter: &Chapter, state: &ChapterState, outcome: &SuiteOutcome, page: &str) -> String {
    let w = words();
    let slug = &chapter.slug;
    let count = |passed: usize, checks: usize| {
        let failed = checks.saturating_sub(passed);
        w.fill(
            say::COUNT,
            &[
                ("passed", &passed),
                ("checks", &checks),
                ("failed", &failed),
            ],
        )
    };
    match state {
        ChapterState::Done { checks } => {
            let title = w.get(&chapter.title);
            let done = w.fill(
                say::DONE,
                &[("chapter", slug), ("checks", checks), ("title", &title)],
            );
            format!("{done}\n")
        }
        ChapterState::NotStarted => {
            let count = count(outcome.passed(), outcome.tests.len());
            let line = w.fill(
                say::NOT_STARTED,
                &[
                    ("chapter", slug),
                    ("count", &count),
                    ("page", &page),
                    ("file", &chapter.exercise_file()),
                ],
            );
            format!("{line}\n")
        }
        ChapterState::Failing {
            passed,
            checks,
            first,
            message,
        } => format!(
            "{slug}: {}\n{}\n\n{message}\n",
            count(*passed, *checks),
            w.fill(say::FIRST_FAILING, &[("check", first)])
        ),
        ChapterState::DoesNotCompile { error } => {
            format!(
                "{}\n\n{error}\n",
                w.fill(say::NO_COMPILE, &[("chapter", slug)])
            )
        }
        ChapterState::Crashed { report } => {
            let passed = outcome.passed();
            let line = w.fill(say::CRASHED, &[("chapter", slug), ("passed", &passed)]);
            format!("{line}\n\n{report}\n")
        }
    }
}

/// Hint `number` of a chapter, as `cargo run -- hint` shows it, except that the way to the next
/// one is watch's key, not the command.
fn hint(workbook: &Path, chapter: &Chapter, number: usize) -> Result<String> {
    let text = render_hint(
        chapter,
        number,
        &crate::book::page_to_read(workbook, chapter),
    )?;
    let command = crate::hint::still_stuck(chapter, number + 1);
    let key = words().fill(say::PRESS_H, &[("next", &(number + 1))]);
    Ok(text.replace(&command, &key))
}

/// The keys, after every verdict and command: what `h` will show, and `r`'s meaning in this
/// mode. Without a terminal, each key is a line (then Enter).
fn footer(mode: Mode, single_keys: bool, chapter: &Chapter, progress: &Progress) -> String {
    let w = words();
    let total = chapter.hints.len();
    let seen = progress.hints_seen.get(&chapter.slug).copied().unwrap_or(0);
    let hint = match total {
        0 => String::new(),
        _ if seen < total => w.fill(say::KEY_HINT, &[("n", &(seen + 1)), ("total", &total)]),
        _ => w.fill(say::KEY_HINT_AGAIN, &[("total", &total)]),
    };
    let check = match mode {
        Mode::Manual => w.get(say::KEY_CHECK_MANUAL),
        Mode::Events | Mode::Poll => w.get(say::KEY_CHECK),
    };
    let enter = if single_keys {
        String::new()
    } else {
        w.get(say::THEN_ENTER)
    };
    let keys = w.fill(
        say::KEYS,
        &[
            ("chapter", &chapter.slug),
            ("enter", &enter),
            ("hint", &hint),
            ("check", &check),
        ],
    );
    format!("\n{keys}\n")
}

fn prompt(mode: Mode, chapter: &Chapter, progress: &Progress) {
    let single_keys = RAW.load(std::sync::atomic::Ordering::Relaxed);
    say(&footer(mode, single_keys, chapter, progress));
}

/// Reads commands: single keys in raw mode, lines otherwise.
fn spawn_input(tx: Sender<Signal>, single_keys: bool) {
    use crossterm::event::{self, Event as TermEvent, KeyCode, KeyEventKind, KeyModifiers};
    std::thread::spawn(move || {
        if single_keys {
            loop {
                let typed = match event::read() {
                    Ok(TermEvent::Key(key)) if key.kind == KeyEventKind::Press => match key.code {
                        KeyCode::Char('c') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                            "q".to_owned()
                        }
                        KeyCode::Char(c) => c.to_string(),
                        _ => continue,
                    },
                    Ok(_) => continue,
                    Err(_) => {
                        let _ = tx.send(Signal::InputClosed);
                        return;
                    }
                };
                if tx.send(Signal::Typed(typed)).is_err() {
                    return;
                }
            }
        }
        let mut line = String::new();
        loop {
            line.clear();
            match std::io::stdin().read_line(&mut line) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Signal::InputClosed);
                    return;
                }
                Ok(_) => {
                    if tx.send(Signal::Typed(line.clone())).is_err() {
                        return;
                    }
                }
            }
        }
    });
}

/// A watcher that sends `Saved` for changes to Rust files under `exercises/`.
fn start_watcher(
    workbook: &Path,
    mode: Mode,
    tx: Sender<Signal>,
) -> Result<Option<Box<dyn Watcher>>> {
    let handler = move |event: notify::Result<Event>| {
        if let Ok(event) = event {
            let is_rust = event
                .paths
                .iter()
                .any(|p| p.extension().is_some_and(|e| e == "rs"));
            if is_rust && matches!(event.kind, EventKind::Modify(_) | EventKind::Create(_)) {
                let _ = tx.send(Signal::Saved);
            }
        }
    };
    let dir = workbook.join("exercises");
    let mut watcher: Box<dyn Watcher> = match mode {
        Mode::Manual => return Ok(None),
        Mode::Events => Box::new(
            RecommendedWatcher::new(handler, notify::Config::default())
                .context("the operating system gives no file events here: try --poll")?,
        ),
        Mode::Poll => Box::new(PollWatcher::new(
            handler,
            notify::Config::default().with_poll_interval(Duration::from_millis(500)),
        )?),
    };
    watcher
        .watch(&dir, RecursiveMode::Recursive)
        .with_context(|| format!("watching {}", dir.display()))?;
    Ok(Some(watcher))
}

/// Swallows the burst of events one save makes.
fn drain_saves(rx: &Receiver<Signal>) {
    loop {
        match rx.recv_timeout(DEBOUNCE) {
            Ok(Signal::Saved) => continue,
            Ok(_) | Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Whether a Rust file under `exercises/src` changed after `since`.
fn changed_since(workbook: &Path, since: SystemTime) -> bool {
    std::fs::read_dir(workbook.join("exercises/src"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| e.metadata().ok()?.modified().ok())
        .any(|modified| modified > since)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::{chapter, manifest};
    use crate::runner::TestOutcome;

    /// A suite's outcome with `passed` passing and then `failed` failing checks.
    fn run_of(passed: usize, failed: usize) -> SuiteOutcome {
        let test = |i: usize, passed: bool| TestOutcome {
            name: format!("check_{i}"),
            passed,
            message: (!passed).then(|| format!("check_{i} failed")),
        };
        SuiteOutcome {
            compiled: true,
            finished: true,
            diagnostics: Vec::new(),
            tests: (0..passed)
                .map(|i| test(i, true))
                .chain((passed..passed + failed).map(|i| test(i, false)))
                .collect(),
            output: String::new(),
            stderr: String::new(),
        }
    }

    #[test]
    fn a_verdict_counts_the_passing_and_failing_checks_then_shows_the_first_failure() {
        let outcome = run_of(12, 7);
        let state = ChapterState::from_outcome(&outcome, None);
        assert_eq!(
            verdict(
                chapter("ch02_views"),
                &state,
                &outcome,
                "book/src/ch02_views.md"
            ),
            "ch02_views: 12/19 checks pass, 7 fail\nfirst failing check: check_12\n\n\
             check_12 failed\n"
        );
        let done = run_of(19, 0);
        let state = ChapterState::from_outcome(&done, None);
        assert_eq!(
            verdict(
                chapter("ch02_views"),
                &state,
                &done,
                "book/src/ch02_views.md"
            ),
            "✓ ch02_views: all 19 checks pass (Slicing an array does not copy).\n"
        );
    }

    #[test]
    fn a_chapter_not_started_is_counted_too() {
        let outcome = run_of(0, 14);
        assert_eq!(
            verdict(
                chapter("ch01_lists"),
                &ChapterState::NotStarted,
                &outcome,
                "book/src/ch01_lists.md"
            ),
            "ch01_lists: 0/14 checks pass, 14 fail, not started: read book/src/ch01_lists.md, \
             then fill in the todo!()s of exercises/src/ch01_lists.rs.\n"
        );
    }

    #[test]
    fn the_footer_names_every_key_and_the_next_hint() {
        let ch02 = chapter("ch02_views");
        let mut progress = Progress::default();
        assert_eq!(
            footer(Mode::Events, true, ch02, &progress),
            "\nch02_views · keys: h hint (1 of 3) · l list · n next chapter · r check now · \
             q quit\n"
        );
        progress.hints_seen.insert("ch02_views".into(), 3);
        assert_eq!(
            footer(Mode::Manual, false, ch02, &progress),
            "\nch02_views · keys (then Enter): h hint (3 of 3, again) · l list · n next \
             chapter · r check (after saving) · q quit\n"
        );
    }

    #[test]
    fn a_hint_inside_watch_names_the_key_never_the_command() {
        for chapter in &manifest().chapters {
            let total = chapter.hints.len();
            for number in 1..=total {
                let text = hint(Path::new("no-book-here"), chapter, number).unwrap();
                assert!(!text.contains("cargo run"), "{text}");
                assert_eq!(
                    text.contains(&format!("Still stuck? Press h for hint {}.", number + 1)),
                    number < total,
                    "{text}"
                );
                // The hint itself is the one `cargo run -- hint` shows.
                assert!(text.contains(&chapter.hints[number - 1]), "{text}");
            }
        }
    }
}
