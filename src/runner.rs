//! Runs a chapter's suite with `cargo test` and reads the outcome of each test.
//!
//! Used by `cargo run` (the learner's status), by the gates that prove stubs fail and every
//! catalogued mistake is rejected, and later by the grader. libtest's machine-readable output
//! is unstable, so this reads its plain text: `test NAME ... ok` lines, and the
//! `---- NAME stdout ----` sections that hold each failure's panic message.

use std::io::Read as _;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc::RecvTimeoutError;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

/// What to run: a package's test target, with optional features.
#[derive(Debug, Clone)]
pub struct SuiteRun<'a> {
    /// The workspace root.
    pub workspace: &'a Path,
    /// The package whose implementation is tested: `exercises`, `solutions` or `mistakes`.
    pub package: &'a str,
    /// The test target (a chapter's suite).
    pub test: &'a str,
    /// Features of the package to enable (selects a mistake in `mistakes`).
    pub features: &'a [&'a str],
}

/// The outcome of one suite run.
#[derive(Debug, Clone)]
pub struct SuiteOutcome {
    /// Whether the suite compiled.
    pub compiled: bool,
    /// Whether the test binary ran to its end (printed libtest's `test result:` line); a
    /// binary that crashed (stack overflow, abort, `process::exit`) did not.
    pub finished: bool,
    /// Compiler warnings (and errors, when it did not compile), as rustc printed them.
    pub diagnostics: Vec<String>,
    /// Each test that ran, in the order libtest reported it.
    pub tests: Vec<TestOutcome>,
    /// Everything cargo and the test binary printed (stderr, then stdout).
    pub output: String,
    /// What cargo and the test binary printed on stderr alone (where a crash says why).
    pub stderr: String,
}

/// The outcome of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestOutcome {
    /// The test's name, e.g. `a_view_shows_the_selected_elements::case_1_head`.
    pub name: String,
    /// Whether the test passed.
    pub passed: bool,
    /// For a failed test, the panic message (the teaching message) it printed.
    pub message: Option<String>,
}

impl SuiteOutcome {
    /// How many tests passed.
    pub fn passed(&self) -> usize {
        self.tests.iter().filter(|t| t.passed).count()
    }

    /// How many tests failed.
    pub fn failed(&self) -> usize {
        self.tests.len() - self.passed()
    }

    /// Whether the suite compiled, ran at least one test, and every test passed.
    pub fn all_passed(&self) -> bool {
        self.compiled && self.finished && !self.tests.is_empty() && self.failed() == 0
    }

    /// For a suite that compiled but did not run to its end: the last lines it printed, which
    /// say how it died (`thread '...' has overflowed its stack`, an abort, ...).
    pub fn crash_report(&self) -> Option<String> {
        (self.compiled && !self.finished).then(|| {
            // The test libtest had started but never gave a verdict is the one that died.
            let running = self.output.lines().rev().find_map(|l| {
                let rest = l.strip_prefix("test ")?;
                let (name, verdict) = rest.rsplit_once(" ...")?;
                verdict.trim().is_empty().then_some(name)
            });
            // Why it died is on stderr, after cargo's own lines; cargo's closing verdict
            // ("error: test failed, to rerun ...") says nothing more.
            let lines: Vec<&str> = self
                .stderr
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    !l.is_empty()
                        && !l.starts_with("Compiling")
                        && !l.starts_with("Finished")
                        && !l.starts_with("Running")
                        && !l.starts_with("error: test failed")
                })
                .collect();
            // The suite's watchdog stopped a step that ran far too long: its message says why.
            if let Some(at) = self.stderr.find(crate::harness::watchdog::STOPPED) {
                let stopped = self.stderr[at + crate::harness::watchdog::STOPPED.len()..]
                    .split("\nerror: test failed")
                    .next()
                    .unwrap_or("")
                    .trim();
                return match running {
                    Some(name) => format!("`{name}` was stopped: {stopped}"),
                    None => stopped.to_owned(),
                };
            }
            let tail = lines[lines.len().saturating_sub(6)..].join("\n");
            match running {
                Some(name) => format!(
                    "it died during `{name}` (a stack overflow, an abort or \
                     `std::process::exit` in your code?); its last words:\n{tail}"
                ),
                None => tail,
            }
        })
    }

    /// Whether no check passes and every failure is an unimplemented `todo!()`: the test of a
    /// pristine workbook's stubs (the gates), and the best evidence that a chapter is not
    /// started when its file cannot be compared with its stub (see
    /// [`SuiteOutcome::not_started_given`]).
    pub fn not_started(&self) -> bool {
        self.compiled
            && self.passed() == 0
            && self.tests.iter().all(|t| {
                t.message
                    .as_deref()
                    .is_some_and(|m| m.contains("not yet implemented"))
            })
    }

    /// Whether the chapter is not started, given whether its learner's file is still its
    /// pristine stub (`untouched`, from [`crate::reset::untouched`]; `None` when there is no
    /// stub to compare with).
    ///
    /// The file decides when it can: a stub may hold given code that fails on purpose
    /// (chapter 6's `keep_headers` has the leak the learner is to find), so once the chapters a
    /// suite builds on pass, an untouched chapter's checks fail on that code and not on a
    /// `todo!()`; and a file the learner has changed is their work, never "not started", even
    /// while every failure still stops at a `todo!()` of theirs. Only without a stub does the
    /// suite's output decide, as [`SuiteOutcome::not_started`].
    pub fn not_started_given(&self, untouched: Option<bool>) -> bool {
        match untouched {
            Some(untouched) => self.compiled && untouched,
            None => self.not_started(),
        }
    }

    /// The first failing test, if any.
    pub fn first_failure(&self) -> Option<&TestOutcome> {
        self.tests.iter().find(|t| !t.passed)
    }
}

impl SuiteRun<'_> {
    /// Compiles and runs the suite. An error means cargo could not be started at all; a suite
    /// that does not compile is an outcome (`compiled: false`), not an error.
    pub fn run(&self) -> Result<SuiteOutcome> {
        self.run_showing(|_| {})
    }

    /// [`run`](Self::run), calling `show` each time the suite starts a test, so that a caller
    /// can say which check is running (the suites run one test at a time, and libtest names
    /// each test as it starts it).
    pub fn run_showing(&self, mut show: impl FnMut(Running<'_>)) -> Result<SuiteOutcome> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(self.workspace)
            .args([
                "test",
                "--color",
                "never",
                "--no-fail-fast",
                "-p",
                self.package,
            ])
            .args(["--test", self.test]);
        if !self.features.is_empty() {
            command.args(["--features", &self.features.join(",")]);
        }
        // Snapshots are the workbook's: never write `.snap.new` files into it from a check.
        command.env("INSTA_UPDATE", "no").env("RUST_BACKTRACE", "0");
        command.stdout(Stdio::piped()).stderr(Stdio::piped());
        // A group of its own, so that a check that never ends can be stopped with the test
        // binary cargo started for it.
        #[cfg(unix)]
        std::os::unix::process::CommandExt::process_group(&mut command, 0);
        let mut child = command
            .spawn()
            .with_context(|| format!("could not start cargo in {}", self.workspace.display()))?;
        let mut err_pipe = child.stderr.take().expect("stderr is piped");
        let stderr_reader = std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = err_pipe.read_to_end(&mut bytes);
            bytes
        });
        let mut out_pipe = child.stdout.take().expect("stdout is piped");
        let (chunks, from_stdout) = std::sync::mpsc::channel::<Vec<u8>>();
        std::thread::spawn(move || {
            let mut chunk = [0u8; 8192];
            loop {
                match out_pipe.read(&mut chunk) {
                    Ok(0) => return,
                    Ok(n) => {
                        if chunks.send(chunk[..n].to_vec()).is_err() {
                            return;
                        }
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(_) => return,
                }
            }
        });
        let mut stdout_bytes = Vec::new();
        // The check running, and since when: one that runs past CHECK_LIMIT is stopped.
        let mut running_since: Option<(String, Instant)> = None;
        let mut stopped = None;
        loop {
            match from_stdout.recv_timeout(Duration::from_millis(250)) {
                Ok(chunk) => {
                    stdout_bytes.extend_from_slice(&chunk);
                    let text = String::from_utf8_lossy(&stdout_bytes);
                    let running = Running::read(&text);
                    if let Some(running) = running {
                        show(running);
                    }
                    let name = running.map(|r| r.test.to_owned());
                    if running_since.as_ref().map(|(n, _)| n) != name.as_ref() {
                        running_since = name.map(|n| (n, Instant::now()));
                    }
                }
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {}
            }
            if let Some((_, since)) = &running_since
                && since.elapsed() >= CHECK_LIMIT
            {
                let read = crate::manifest::manifest()
                    .chapters
                    .iter()
                    .find(|c| c.test == self.test)
                    .map(|c| format!("\n  {}", c.reference()))
                    .unwrap_or_default();
                stopped = Some(format!(
                    "\n{} this check has run {} s; a correct one takes well under a \
                     second: a method it calls may loop forever, or do far more work than a \
                     view should{read}",
                    crate::harness::watchdog::STOPPED,
                    CHECK_LIMIT.as_secs()
                ));
                stop(&mut child);
                break;
            }
        }
        child.wait().context("waiting for cargo")?;
        let mut stderr_bytes = stderr_reader.join().unwrap_or_default();
        if let Some(stopped) = stopped {
            stderr_bytes.extend_from_slice(stopped.as_bytes());
        }
        let stdout = String::from_utf8_lossy(&stdout_bytes);
        let stderr = String::from_utf8_lossy(&stderr_bytes);
        let mut tests = parse_tests(&stdout);
        // libtest reports tests sorted by name; the suite's author wrote them from the first
        // thing to get right to the memory story, so report them in that order.
        let suite = self
            .workspace
            .join("suites")
            .join(format!("{}.rs", self.test));
        if let Ok(source) = std::fs::read_to_string(suite) {
            only_the_suites_checks(&mut tests, &source);
            order_by_source(&mut tests, &source);
        }
        Ok(SuiteOutcome {
            compiled: stdout.contains("running "),
            finished: stdout.contains("test result: "),
            diagnostics: parse_diagnostics(compile_phase(&stderr)),
            tests,
            output: format!("{stderr}{stdout}"),
            stderr: stderr.into_owned(),
        })
    }
}

/// A check may run this long on the clock before `cargo run` and `watch` stop its suite. The
/// suite's own watchdog stops a story step at 15 s and a property at 20 s of processor time
/// (`harness::watchdog`) with a message of its own, and this limit is past both even on a
/// busy machine; a correct check takes well under a second.
pub const CHECK_LIMIT: Duration = Duration::from_secs(60);

/// Stops cargo and the test binary it started (its process group on Unix).
fn stop(child: &mut std::process::Child) {
    #[cfg(unix)]
    crate::grading::limits::kill_group(child.id());
    let _ = child.kill();
}

/// The check a suite is running, read from libtest's output so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Running<'a> {
    /// The test libtest has started and not yet given a verdict for.
    pub test: &'a str,
    /// How many tests have their verdict.
    pub done: usize,
    /// How many tests the suite runs.
    pub total: usize,
}

impl<'a> Running<'a> {
    /// The running test, when libtest's output so far ends in `test NAME ... ` with no
    /// verdict yet.
    pub fn read(stdout: &'a str) -> Option<Running<'a>> {
        let total = stdout.lines().find_map(|l| {
            l.strip_prefix("running ")?
                .trim_end_matches(" tests")
                .trim_end_matches(" test")
                .parse()
                .ok()
        })?;
        let last = stdout.rsplit('\n').next()?;
        let test = last.strip_prefix("test ")?.strip_suffix(" ... ")?;
        let done = stdout
            .lines()
            .filter(|l| l.starts_with("test ") && (l.ends_with(" ok") || l.ends_with(" FAILED")))
            .count();
        Some(Running { test, done, total })
    }
}

/// Reads `test NAME ... ok|FAILED` lines and the failure sections of libtest's output.
pub fn parse_tests(stdout: &str) -> Vec<TestOutcome> {
    let mut tests: Vec<TestOutcome> = stdout
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, verdict) = rest.rsplit_once(" ... ")?;
            let name = name.trim_end_matches(" - should panic").to_owned();
            match verdict {
                "ok" => Some(TestOutcome {
                    name,
                    passed: true,
                    message: None,
                }),
                "FAILED" => Some(TestOutcome {
                    name,
                    passed: false,
                    message: None,
                }),
                _ => None,
            }
        })
        .collect();
    for test in tests.iter_mut().filter(|t| !t.passed) {
        test.message = failure_message(stdout, &test.name);
    }
    tests
}

/// Keeps the tests whose function the suite's source defines. The suite compiles the
/// learner's files as its own modules (exercises/tests/workbook.rs), so a `#[cfg(test)]` test
/// the learner wrote in a chapter file runs beside the suite's checks (as
/// `ch02_views::tests::mine`); it is the learner's, not one of the chapter's checks.
pub fn only_the_suites_checks(tests: &mut Vec<TestOutcome>, source: &str) {
    tests.retain(|t| defined_at(source, &t.name).is_some());
}

/// Where the suite's source defines the function of the test `name` (an `rstest` case is
/// named `function::case_N_...`).
fn defined_at(source: &str, name: &str) -> Option<usize> {
    let function = name.split("::").next().unwrap_or(name);
    source.find(&format!("fn {function}("))
}

/// Sorts tests by where their function is defined in the suite's source (stable for the
/// cases of one `rstest` function, which share it); tests not found go last.
pub fn order_by_source(tests: &mut [TestOutcome], source: &str) {
    tests.sort_by_key(|t| defined_at(source, &t.name).unwrap_or(usize::MAX));
}

/// The panic message in a failed test's `---- NAME stdout ----` section.
pub fn failure_message(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----\n");
    let section = &stdout[stdout.find(&header)? + header.len()..];
    let end = ["\n---- ", "\n\nfailures:\n", "\nfailures:\n"]
        .iter()
        .filter_map(|m| section.find(m))
        .min()
        .unwrap_or(section.len());
    let section = &section[..end];
    // The message follows "thread '...' panicked at FILE:LINE:COL:" and ends at the note
    // about backtraces. The last panic is the test's verdict: earlier ones were caught by the
    // check (the learner's code panicking where a check expected it to). A `should_panic`
    // test that did not panic has no such line.
    let message = match section.rfind("panicked at ") {
        Some(at) => {
            let after = &section[at..];
            let body = after.split_once('\n').map_or("", |(_, body)| body);
            body.split("\nnote: run with `RUST_BACKTRACE")
                .next()
                .unwrap_or(body)
        }
        None => section,
    };
    let message = message.trim();
    if message.starts_with("snapshot assertion for") {
        return Some(snapshot_difference(section));
    }
    (!message.is_empty()).then(|| message.to_owned())
}

/// insta's report of a snapshot that differs, as a learner can read it: the table's lines,
/// the reference's marked `-` and this run's marked `+`. Every claimed step passed its own
/// check before the snapshot was compared, so the difference is in a step nothing else checks.
fn snapshot_difference(section: &str) -> String {
    let rows: Vec<String> = section
        .lines()
        .filter_map(|line| {
            line.split_once('│')
                .map(|(_, row)| row.trim_end().to_owned())
        })
        .filter(|row| row.starts_with('+') || row.starts_with('-'))
        .collect();
    format!(
        "the memory story differs from the chapter's reference table in steps that no check \
         claims (- the reference, + yours):\n{}",
        rows.join("\n")
    )
}

/// The part of cargo's stderr before it starts running test binaries: what the compiler said.
/// (After that, cargo's own "error: test failed" lines are about test results.)
pub fn compile_phase(stderr: &str) -> &str {
    stderr
        .find("     Running ")
        .map_or(stderr, |end| &stderr[..end])
}

/// rustc's warnings and errors, one block each, as printed on stderr.
pub fn parse_diagnostics(stderr: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in stderr.lines() {
        let starts = line.starts_with("warning") || line.starts_with("error");
        // cargo's own one-line summaries ("warning: `x` (lib) generated 1 warning") repeat
        // what the blocks say.
        let summary = line.contains(" generated ") || line.starts_with("error: could not compile");
        if starts {
            blocks.extend(current.take());
            if !summary {
                current = Some(line.to_owned());
            }
        } else if let Some(block) = current.as_mut() {
            if line.trim().is_empty() {
                blocks.extend(current.take());
            } else {
                block.push('\n');
                block.push_str(line);
            }
        }
    }
    blocks.extend(current);
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "
running 3 tests
test a_view_is_a_small_handle ... ok
test get_past_the_end_is_an_index_error - should panic ... FAILED
test views::case_1_head ... FAILED

failures:

---- get_past_the_end_is_an_index_error stdout ----
note: panic did not contain expected string
      panic message: \"not yet implemented\"
 expected substring: \"index 10 is out of bounds\"
---- views::case_1_head stdout ----

thread 'views::case_1_head' panicked at exercises/src/ch02_views.rs:20:5:
index out of bounds: the len is 3 but the index is 3
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

thread 'views::case_1_head' panicked at suites/ch02_views.rs:10:5:
your slice copied the data
  read: \"Slicing an array does not copy\" (book/src/ch02_views.md)
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    get_past_the_end_is_an_index_error
    views::case_1_head

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn reads_verdicts_and_teaching_messages() {
        let tests = parse_tests(OUTPUT);
        assert_eq!(tests.len(), 3);
        assert!(tests[0].passed);
        assert_eq!(tests[1].name, "get_past_the_end_is_an_index_error");
        assert!(
            tests[1]
                .message
                .as_deref()
                .unwrap()
                .contains("expected substring")
        );
        assert_eq!(
            tests[2].message.as_deref(),
            Some(
                "your slice copied the data\n  read: \"Slicing an array does not copy\" \
                 (book/src/ch02_views.md)"
            )
        );
    }

    #[test]
    fn a_suite_its_watchdog_stopped_reports_the_watchdogs_message() {
        let outcome = SuiteOutcome {
            compiled: true,
            finished: false,
            diagnostics: Vec::new(),
            tests: Vec::new(),
            output: "running 2 tests\ntest a_thousand_views_cost_no_memory ... ".into(),
            stderr: format!(
                "   Compiling exercises\n\n{} the step `let v = ...` has run 5 s\n  read: \
                 here\nerror: test failed, to rerun pass `-p exercises --test ch02_views`\n",
                crate::harness::watchdog::STOPPED
            ),
        };
        assert_eq!(
            outcome.crash_report().unwrap(),
            "`a_thousand_views_cost_no_memory` was stopped: the step `let v = ...` has run 5 \
             s\n  read: here"
        );
    }

    #[test]
    fn reads_the_test_that_is_running() {
        let so_far =
            "\nrunning 3 tests\ntest a_view ... ok\ntest b_view ... FAILED\ntest story ... ";
        assert_eq!(
            Running::read(so_far),
            Some(Running {
                test: "story",
                done: 2,
                total: 3
            })
        );
        assert_eq!(
            Running::read("\nrunning 3 tests\ntest a_view ... ok\n"),
            None
        );
        assert_eq!(Running::read("   Compiling exercises\n"), None);
    }

    #[test]
    fn a_snapshot_difference_shows_the_rows_that_differ() {
        let output = "
running 1 test
test story ... FAILED

failures:

---- story stdout ----
Snapshot: story
-old snapshot
+new results
────────────┬─────────
    3     3 │ NumPy   viewbook   RSS change
    4       │-del small   drop(small)   -1.0x
          4 │+del small   drop(small)   +0.0x
────────────┴─────────

thread 'story' panicked at insta-1.49.0/src/runtime.rs:734:13:
snapshot assertion for 'story' failed in line 78
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

failures:
    story
";
        let tests = parse_tests(output);
        let message = tests[0].message.as_deref().unwrap();
        assert!(message.starts_with("the memory story differs"), "{message}");
        assert!(
            message.ends_with("-del small   drop(small)   -1.0x\n+del small   drop(small)   +0.0x"),
            "{message}"
        );
    }

    #[test]
    fn a_test_the_learner_wrote_is_not_one_of_the_checks() {
        let mut tests = parse_tests(
            "test views::case_1_head ... ok\ntest ch02_views::tests::mine ... FAILED\n\
             test get_past_the_end ... ok\n",
        );
        only_the_suites_checks(&mut tests, "fn get_past_the_end() {}\nfn views(n: u8) {}\n");
        let names: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["views::case_1_head", "get_past_the_end"]);
    }

    #[test]
    fn orders_tests_as_the_suite_defines_them() {
        let mut tests = parse_tests(OUTPUT);
        order_by_source(
            &mut tests,
            "fn views(\n}\nfn get_past_the_end_is_an_index_error(\n}",
        );
        let names: Vec<&str> = tests.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "views::case_1_head",
                "get_past_the_end_is_an_index_error",
                "a_view_is_a_small_handle"
            ]
        );
    }

    /// A suite run that compiled and finished, with this stdout.
    fn finished(stdout: &str) -> SuiteOutcome {
        SuiteOutcome {
            compiled: true,
            finished: true,
            diagnostics: Vec::new(),
            tests: parse_tests(stdout),
            output: stdout.to_owned(),
            stderr: String::new(),
        }
    }

    /// Chapter 6, untouched, once chapters 2 to 5 pass: its stub's `keep_headers` is given
    /// code, and its leak fails a check with no `todo!()` in sight.
    const GIVEN_CODE_FAILS: &str = "
running 2 tests
test takeaway_1::case_01_basic_slice ... FAILED
test takeaway_2_a_kept_header_must_not_keep_its_recording ... FAILED

failures:

---- takeaway_1::case_01_basic_slice stdout ----

thread 'takeaway_1::case_01_basic_slice' panicked at exercises/src/ch06_takeaways.rs:19:5:
not yet implemented: ch06_takeaways: does a[2:10] return a view, a copy or the same object?
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace
---- takeaway_2_a_kept_header_must_not_keep_its_recording stdout ----

thread 'takeaway_2_a_kept_header_must_not_keep_its_recording' panicked at suites/ch06_takeaways.rs:96:10:
keeping four 10-reading headers kept the whole recordings alive, one per header
  read: \"Putting it to work\" (book/src/ch06_takeaways.md)
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace


failures:
    takeaway_1::case_01_basic_slice
    takeaway_2_a_kept_header_must_not_keep_its_recording

test result: FAILED. 0 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn an_untouched_chapter_is_not_started_whatever_its_given_code_fails() {
        let outcome = finished(GIVEN_CODE_FAILS);
        assert!(!outcome.not_started(), "a leak is no todo!()");
        assert!(outcome.not_started_given(Some(true)), "the stub as it came");
        assert!(
            !outcome.not_started_given(Some(false)),
            "the same failure from the learner's own code"
        );
        assert!(
            !outcome.not_started_given(None),
            "no stub: the failures decide"
        );
    }

    #[test]
    fn a_changed_file_is_never_not_started_though_every_failure_is_a_todo() {
        let only_todos = GIVEN_CODE_FAILS.replace(
            "keeping four 10-reading headers kept the whole recordings alive",
            "not yet implemented: ch06_takeaways: multiply array([2, 3, 4]) by 3",
        );
        let outcome = finished(&only_todos);
        assert!(outcome.not_started());
        assert!(outcome.not_started_given(Some(true)));
        assert!(
            !outcome.not_started_given(Some(false)),
            "the learner's work"
        );
        assert!(outcome.not_started_given(None));
        let uncompiled = SuiteOutcome {
            compiled: false,
            ..outcome
        };
        assert!(!uncompiled.not_started_given(Some(true)));
    }

    #[test]
    fn reads_warnings_without_cargo_summaries() {
        let stderr = "   Compiling exercises v0.1.0\nwarning: unused variable: `n`\n --> src/a.rs:1:1\n  |\n\nwarning: `exercises` (lib) generated 1 warning\n    Finished\n";
        let found = parse_diagnostics(stderr);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("warning: unused variable"));
    }
}
