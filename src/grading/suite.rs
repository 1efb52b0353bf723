//! Running one chapter's compiled suite for a submission and reading each test's verdict.
//!
//! The suite runs inside the sandbox ([`Workspace::suite_command`]) and a chapter counts only
//! when three records agree: libtest's exit status, its summary line and its log of per-test
//! verdicts (`--logfile`). The names of the tests come from the pristine build, listed once
//! per grading before any learner code ran ([`Workspace::expected_tests`]), so a test that
//! never ran is an error, and a log that names a test the suite does not have is a forgery.
//! An early exit, a crash, a clean exit with verdicts missing, or records that disagree make
//! the chapter `error`, never `pass`. (The screen refuses the process, file and I/O APIs that
//! could write such records, so honest code cannot even try; see [`super::screen`].)

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;

use super::limits::{self, Finished, Limits, human_bytes};
use super::workspace::Workspace;
use crate::runner::failure_message;

/// A test's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// It ran and passed.
    Pass,
    /// It ran and failed a check.
    Fail,
    /// It could not run to a verdict: the build, a crash, a limit.
    Error,
}

/// One test of a chapter suite, as graded.
#[derive(Debug, Clone)]
pub struct Verdict {
    /// libtest's name for it, e.g. `a_view_shows_the_selected_elements::case_1_head`.
    pub name: String,
    /// Its verdict.
    pub status: Status,
    /// Why it failed or errored: the suite's teaching message, or what stopped the run.
    pub message: Option<String>,
    /// What the learner's code printed during it, if anything (at most 500 characters).
    pub output: Option<String>,
}

/// One chapter suite's run.
#[derive(Debug, Clone)]
pub struct SuiteResult {
    /// Each test of the suite, in libtest's order.
    pub tests: Vec<Verdict>,
    /// What ended the run early, when something did (a crash, a limit).
    pub stopped: Option<String>,
    /// How long the suite ran, in seconds.
    pub seconds: f64,
    /// Bytes the suite wrote to stdout and stderr.
    pub output_bytes: u64,
}

/// The file libtest logs verdicts into, in the run folder.
const LOG_FILE: &str = "libtest.log";

/// The names of the tests of the suite `binary` (pristine: nothing of a learner's runs), in
/// libtest's order.
pub fn list(workspace: &Workspace, binary: &Path) -> Result<Vec<String>> {
    let (command, _) = workspace.suite_command(binary, &["--list", "--format", "terse"])?;
    let listed = limits::run(
        command,
        Limits {
            time: std::time::Duration::from_secs(60),
            memory_mib: None,
        },
    )?;
    Ok(listed
        .stdout
        .text()
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_owned)
        .collect())
}

/// Runs the student's suite `binary` one test at a time under `limits`, and judges each of
/// the `expected` tests.
pub fn run(
    workspace: &Workspace,
    binary: &Path,
    expected: &[String],
    limits: Limits,
) -> Result<SuiteResult> {
    let log_arg = workspace
        .run_dir_inside()
        .join(LOG_FILE)
        .to_string_lossy()
        .into_owned();
    let mut args = vec![
        "--test-threads=1",
        "--color",
        "never",
        "--show-output",
        "--logfile",
        &log_arg,
        // Only the suite's own tests: the suite compiles the student's files as its modules
        // (exercises/tests/workbook.rs), and a `#[cfg(test)]` test a student wrote there is
        // theirs, not a check to grade.
        "--exact",
    ];
    args.extend(expected.iter().map(String::as_str));
    let (command, _) = workspace.suite_command(binary, &args)?;
    let finished = limits::run(command, limits)?;
    let logged = read_log(&workspace.run_dir().join(LOG_FILE));
    let stdout = finished.stdout.text();
    let verdicts = log_verdicts(&logged);
    let stopped = disagreement(&finished, limits, expected, &verdicts, &stdout);
    // Records that disagree although the process ended on its own: none of them is trusted.
    let untrusted = stopped.is_some() && !finished.timed_out && finished.signal().is_none();
    let mut first_missing = true;
    let tests = expected
        .iter()
        .cloned()
        .map(|name| {
            let output = printed_during(&stdout, &name);
            match verdicts.get(name.as_str()).copied() {
                _ if untrusted => Verdict {
                    name,
                    status: Status::Error,
                    message: stopped.clone(),
                    output,
                },
                Some(true) => Verdict {
                    name,
                    status: Status::Pass,
                    message: None,
                    output,
                },
                Some(false) => {
                    let message = failure_message(&stdout, &name).unwrap_or_else(|| {
                        "failed (its message was lost in the output kept)".to_owned()
                    });
                    Verdict {
                        name,
                        status: Status::Fail,
                        message: Some(message),
                        output,
                    }
                }
                None => {
                    let message = if std::mem::take(&mut first_missing) {
                        format!(
                            "the suite stopped during this test: {}",
                            stopped.as_deref().unwrap_or("")
                        )
                    } else {
                        "did not run: the suite stopped before it".to_owned()
                    };
                    Verdict {
                        name,
                        status: Status::Error,
                        message: Some(message),
                        output,
                    }
                }
            }
        })
        .collect();
    Ok(SuiteResult {
        tests,
        stopped,
        seconds: finished.elapsed.as_secs_f64(),
        output_bytes: finished.stdout.total + finished.stderr.total,
    })
}

/// The most of libtest's log the grader reads: a suite's log is a few KiB.
const LOG_MAX_BYTES: u64 = 4 << 20;

/// libtest's log, read only if it is a regular file (never through a link, a FIFO or a
/// device the student's code may have put in its place, which would make the grader read a
/// file of its own choosing or never stop reading), and at most [`LOG_MAX_BYTES`].
fn read_log(path: &Path) -> String {
    use std::io::Read as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    else {
        return String::new();
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return String::new();
    }
    let mut text = String::new();
    let _ = file.take(LOG_MAX_BYTES).read_to_string(&mut text);
    text
}

/// The verdicts of libtest's log: test name → passed.
fn log_verdicts(log: &str) -> BTreeMap<&str, bool> {
    log.lines()
        .filter_map(|line| {
            let (verdict, name) = line.split_once(' ')?;
            Some((name, verdict == "ok"))
        })
        .collect()
}

/// libtest's summary, the last `test result:` line: (all passed, passed, failed).
fn summary(stdout: &str) -> Option<(bool, usize, usize)> {
    let line = stdout
        .lines()
        .rev()
        .find_map(|l| l.strip_prefix("test result: "))?;
    let (word, counts) = line.split_once(". ")?;
    let count = |what: &str| -> Option<usize> {
        counts
            .split("; ")
            .find_map(|part| part.strip_suffix(what))?
            .trim()
            .parse()
            .ok()
    };
    Some((word == "ok", count(" passed")?, count(" failed")?))
}

/// Why the run's records do not make a verdict for every test, or `None` when libtest's
/// exit status, summary and log agree on every expected test.
fn disagreement(
    finished: &Finished,
    limits: Limits,
    expected: &[String],
    verdicts: &BTreeMap<&str, bool>,
    stdout: &str,
) -> Option<String> {
    if finished.timed_out || finished.signal().is_some() {
        return Some(ended(finished, limits));
    }
    let missing = expected
        .iter()
        .filter(|n| !verdicts.contains_key(n.as_str()))
        .count();
    if let Some(stranger) = verdicts.keys().find(|n| !expected.iter().any(|e| e == *n)) {
        return Some(format!(
            "the test log names `{stranger}`, which this suite does not have: the log was not \
             written by the test harness alone, so none of it counts"
        ));
    }
    let passed = verdicts.values().filter(|ok| **ok).count();
    let failed = verdicts.len() - passed;
    let code = finished.status.and_then(|s| s.code());
    let agrees = match (code, summary(stdout)) {
        (Some(0), Some((true, p, 0))) => missing == 0 && p == passed && failed == 0,
        (Some(101), Some((false, p, f))) => missing == 0 && p == passed && f == failed,
        _ => false,
    };
    if agrees {
        return None;
    }
    if missing > 0 {
        return Some(ended(finished, limits));
    }
    Some(format!(
        "the suite's records disagree (exit code {}, summary {}, {} passed and {} failed in \
         the log): something ended the process or wrote results of its own, so none of them \
         counts",
        code.map_or("none".to_owned(), |c| c.to_string()),
        summary(stdout).map_or("missing".to_owned(), |(ok, p, f)| format!(
            "{} {p} passed {f} failed",
            if ok { "ok" } else { "FAILED" }
        )),
        passed,
        failed
    ))
}

/// `tests` in the order their functions appear in the suite's source (Exercism's rule: the
/// order of the test file), libtest's order among the cases of one function.
pub fn in_source_order<T>(suite: &str, tests: &mut [T], name: impl Fn(&T) -> &str) {
    let position = |test_name: &str| {
        let function = test_name.split("::").next().unwrap_or(test_name);
        suite
            .find(&format!("\nfn {function}("))
            .unwrap_or(usize::MAX)
    };
    tests.sort_by_key(|t| position(name(t)));
}

/// What ended a run that did not give every test a verdict, in a student's terms.
fn ended(finished: &Finished, limits: Limits) -> String {
    // libtest warns that `--logfile` is deprecated; it is still the one record of verdicts
    // that the code under test does not print into (the JSON format is unstable).
    let stderr = finished
        .stderr
        .text()
        .replace("warning: `--logfile` is deprecated", "");
    let last_words = || {
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        lines[lines.len().saturating_sub(3)..].join("\n")
    };
    if finished.timed_out {
        return format!(
            "it ran past the time limit of {} s and was stopped (an endless loop?)",
            limits.time.as_secs()
        );
    }
    if let Some(line) = stderr.lines().find(|l| l.contains("memory allocation of")) {
        let limit = limits.memory_mib.map_or(String::new(), |m| {
            format!(" (the limit is {m} MiB of address space)")
        });
        return format!("it ran out of memory{limit}: {}", line.trim());
    }
    if stderr.contains("has overflowed its stack") {
        return "it overflowed its stack (endless recursion?)".to_owned();
    }
    match (finished.signal(), finished.status.and_then(|s| s.code())) {
        (Some(6), _) => format!("it aborted (SIGABRT): {}", last_words()),
        (Some(signal), _) => format!("it was killed by signal {signal}: {}", last_words()),
        (None, Some(code)) => format!(
            "the test binary exited with code {code} before every test had a verdict (does \
             the code call std::process::exit?); a test passes only when the test harness \
             records it as passed. Its last words: {}",
            last_words()
        ),
        (None, None) => "it ended without a verdict".to_owned(),
    }
}

/// What the learner's code printed during the test `name` (libtest shows it with
/// `--show-output` for passing tests and always for failing ones), without the panic report,
/// cut to Exercism's 500 characters.
fn printed_during(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----\n");
    let section = &stdout[stdout.find(&header)? + header.len()..];
    let end = ["\nthread '", "\n---- ", "\nsuccesses:\n", "\nfailures:\n"]
        .iter()
        .filter_map(|m| section.find(m))
        .chain(section.starts_with("thread '").then_some(0))
        .min()
        .unwrap_or(section.len());
    let printed = section[..end].trim();
    (!printed.is_empty()).then(|| exercism_output(printed))
}

/// Exercism's rule for `output`: at most 500 characters, and when cut, its own wording.
pub fn exercism_output(text: &str) -> String {
    const MAX: usize = 500;
    const NOTE: &str = "\nOutput was truncated. Please limit to 500 chars.";
    if text.chars().count() <= MAX {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(MAX - NOTE.chars().count()).collect();
    cut.push_str(NOTE);
    cut
}

/// A note on a run's output when it was more than a grader keeps.
pub fn output_note(bytes: u64) -> Option<String> {
    (bytes > 2 * limits::KEPT_BYTES as u64).then(|| {
        format!(
            "the suite printed {}; the grader kept its first and last MiB",
            human_bytes(bytes)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_is_read_only_from_a_regular_file() {
        let dir = std::env::temp_dir().join(format!("viewbook-log-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (real, link, fifo) = (dir.join("real"), dir.join("link"), dir.join("fifo"));
        std::fs::write(&real, "ok a\n").unwrap();
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&real, &link).unwrap();
        assert_eq!(read_log(&real), "ok a\n");
        assert_eq!(read_log(&link), "", "never through a link");
        assert_eq!(read_log(Path::new("/dev/zero")), "", "never a device");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert_eq!(
                read_log(&fifo),
                "",
                "never a FIFO (and never waiting on one)"
            );
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_log_gives_each_test_its_verdict() {
        let log = "ok a\nfailed b\nok a::case_1\n";
        let verdicts = log_verdicts(log);
        assert_eq!(verdicts.get("a"), Some(&true));
        assert_eq!(verdicts.get("b"), Some(&false));
        assert_eq!(verdicts.get("a::case_1"), Some(&true));
        assert_eq!(verdicts.get("c"), None);
    }

    #[test]
    fn the_summary_is_libtests_last_line() {
        let out = "test result: ok. 99 passed; 0 failed\n...\ntest result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.31s\n";
        assert_eq!(summary(out), Some((false, 3, 2)));
        assert_eq!(
            summary("test result: ok. 4 passed; 0 failed; 1 ignored\n"),
            Some((true, 4, 0))
        );
        assert_eq!(summary("no summary\n"), None);
    }

    #[test]
    fn tests_come_in_the_order_of_the_suite() {
        let suite = "use x;\n\nfn b_second() {}\n\nfn a_first() {}\n\nfn c_third(n: u8) {}\n";
        let mut names = vec!["a_first", "b_second", "c_third::case_2", "c_third::case_1"];
        in_source_order(suite, &mut names, |n| n);
        assert_eq!(
            names,
            ["b_second", "a_first", "c_third::case_2", "c_third::case_1"]
        );
    }

    #[test]
    fn output_is_cut_to_500_characters_with_exercisms_note() {
        let long = "é".repeat(600);
        let cut = exercism_output(&long);
        assert_eq!(cut.chars().count(), 500);
        assert!(cut.ends_with("Output was truncated. Please limit to 500 chars."));
        assert_eq!(exercism_output("short"), "short");
    }

    #[test]
    fn printed_output_is_found_for_passing_and_failing_tests() {
        let out = "successes:\n\n---- a stdout ----\nhello from a\n\n\nsuccesses:\n    a\n\nfailures:\n\n---- b stdout ----\nhi from b\n\nthread 'b' panicked at src/x.rs:1:1:\nboom\n";
        assert_eq!(printed_during(out, "a").as_deref(), Some("hello from a"));
        assert_eq!(printed_during(out, "b").as_deref(), Some("hi from b"));
        assert_eq!(printed_during(out, "c"), None);
    }
}
