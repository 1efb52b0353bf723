//! `viewbook watch`: re-checks the current chapter each time a file under `exercises/` is
//! saved, shows the first failing check, and moves on when the chapter passes.
//!
//! Commands are single keys on a terminal (`h` hint, `n` next, `l` list, `r` run, `q` quit),
//! and a letter then Enter when the input is not a terminal (a pipe, a script). File events
//! come from the operating
//! system (notify); `--poll` looks at the files every half second instead, for editors and
//! file systems whose saves send no event, and `--manual-run` checks only on `r`.

use std::path::Path;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result};
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use crate::hint::render_hint;
use crate::manifest::{Chapter, Manifest};
use crate::progress::Progress;
use crate::runner::SuiteRun;
use crate::status::{ChapterState, chapter_lines, check_workbook, current_chapter};

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

/// Runs the watch loop until the learner types `q` or closes the input.
pub fn run(workbook: &Path, manifest: &Manifest, mode: Mode) -> Result<()> {
    let (tx, rx) = mpsc::channel();
    let _watcher = start_watcher(workbook, mode, tx.clone())?;
    let raw = RawMode::enable();
    spawn_input(tx, raw.is_some());

    let mut progress = Progress::load(workbook).0;
    let states = check_workbook(workbook, manifest)?;
    let Some(mut current) = current_chapter(manifest, &states, progress.current.as_deref()) else {
        say("Every chapter passes. Well done!\n");
        return Ok(());
    };
    let mut last_check = SystemTime::now();
    if !check(workbook, manifest, &mut current, &mut progress)? {
        return Ok(());
    }
    prompt(mode);
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
                        say(
                            "(Your files changed but no save event arrived: editors' swap files \
                             and network file systems can hide them. Try `cargo run -- watch \
                             --poll`.)\n",
                        );
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
                    say(&render_hint(chapter, number)?);
                    progress
                        .hints_seen
                        .insert(chapter.slug.clone(), seen.max(number));
                    progress.save(workbook)?;
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
                other => say(&format!("unknown command {other:?}\n")),
            },
            Signal::InputClosed => return Ok(()),
        }
        prompt(mode);
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
        let outcome = SuiteRun {
            workspace: workbook,
            package: "exercises",
            test: &chapter.test,
            features: &[],
        }
        .run()?;
        let state = ChapterState::from_outcome(&outcome);
        let took = started.elapsed().as_secs_f64();
        say(&format!("\n--- {} ({took:.2} s)\n", chapter.slug));
        match &state {
            ChapterState::Done { checks } => {
                say(&format!("✓ {}: all {checks} checks pass.\n", chapter.title));
                if *current + 1 == manifest.chapters.len() {
                    say("Every chapter passes. Well done!\n");
                    return Ok(false);
                }
                *current += 1;
                progress.current = Some(manifest.chapters[*current].slug.clone());
                progress.save(workbook)?;
                say(&format!(
                    "Moving on to {}.\n",
                    manifest.chapters[*current].slug
                ));
            }
            _ => {
                print_state(chapter, &state);
                return Ok(true);
            }
        }
    }
}

fn print_state(chapter: &Chapter, state: &ChapterState) {
    let text = match state {
        ChapterState::NotStarted => format!(
            "{} is not started: read {} and fill in {}.",
            chapter.slug,
            chapter.page_file(),
            chapter.exercise_file()
        ),
        ChapterState::Failing {
            passed,
            checks,
            first,
            message,
        } => format!("{passed}/{checks} checks pass. First failing: {first}\n\n{message}"),
        ChapterState::DoesNotCompile { error } => {
            format!("Your exercises do not compile:\n\n{error}")
        }
        ChapterState::Crashed { report } => {
            format!("The chapter's test binary stopped before its end:\n\n{report}")
        }
        ChapterState::Done { .. } => return,
    };
    say(&format!("{text}\n"));
}

fn prompt(mode: Mode) {
    let run = if mode == Mode::Manual {
        "r run after saving"
    } else {
        "r run now"
    };
    let enter = if RAW.load(std::sync::atomic::Ordering::Relaxed) {
        ""
    } else {
        ", then Enter"
    };
    say(&format!(
        "\n[{run}, h hint, n next, l list, q quit{enter}]\n"
    ));
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
