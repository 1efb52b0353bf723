//! Running one chapter's compiled suite for a submission and reading each test's verdict.
//!
//! A test passes only when libtest itself recorded it as passed in its log file (`--logfile`),
//! which the learner's code does not write to: text printed on stdout, a
//! `std::process::exit(0)` or a crash can make a run end early or look like anything, but it
//! cannot turn a test into a pass. The names of the tests come from the pristine suite
//! (`--list`), so a test that never ran is an error, not a silent omission.

use std::path::Path;
use std::process::Command;

use anyhow::Result;

use super::limits::{self, Finished, Limits, human_bytes};
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
    /// What it printed before failing, if anything.
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

/// Runs the suite `binary` from `package_dir` (the grader's `exercises/`), one test at a time,
/// under `limits`; `log` is a scratch file for libtest's log.
pub fn run(binary: &Path, package_dir: &Path, log: &Path, limits: Limits) -> Result<SuiteResult> {
    let listed = limits::run(
        command(binary, package_dir, &["--list", "--format", "terse"]),
        limits,
    )?;
    let names = listed_names(&listed);
    if names.is_empty() {
        return Ok(SuiteResult {
            tests: Vec::new(),
            stopped: Some(format!(
                "the suite could not list its tests: {}",
                ended(&listed, limits)
            )),
            seconds: listed.elapsed.as_secs_f64(),
            output_bytes: listed.stdout.total + listed.stderr.total,
        });
    }
    let _ = std::fs::remove_file(log);
    let log_arg = log.to_string_lossy().into_owned();
    let finished = limits::run(
        command(
            binary,
            package_dir,
            &[
                "--test-threads=1",
                "--color",
                "never",
                "--logfile",
                &log_arg,
            ],
        ),
        limits,
    )?;
    let logged = std::fs::read_to_string(log).unwrap_or_default();
    let stdout = finished.stdout.text();
    let complete = !finished.timed_out
        && finished.signal().is_none()
        && names.iter().all(|n| verdict_in_log(&logged, n).is_some());
    let stopped = (!complete).then(|| ended(&finished, limits));
    let mut first_missing = true;
    let tests = names
        .into_iter()
        .map(|name| match verdict_in_log(&logged, &name) {
            Some(true) => Verdict {
                name,
                status: Status::Pass,
                message: None,
                output: None,
            },
            Some(false) => {
                let message = failure_message(&stdout, &name).unwrap_or_else(|| {
                    "failed (its message was lost in the output kept)".to_owned()
                });
                let output = printed_before_failing(&stdout, &name);
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
                    output: None,
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

/// The names of the suite's tests, without running any.
pub fn run_listing(binary: &Path, package_dir: &Path, limits: Limits) -> Result<Vec<String>> {
    let listed = limits::run(
        command(binary, package_dir, &["--list", "--format", "terse"]),
        limits,
    )?;
    Ok(listed_names(&listed))
}

fn listed_names(listed: &Finished) -> Vec<String> {
    listed
        .stdout
        .text()
        .lines()
        .filter_map(|l| l.strip_suffix(": test"))
        .map(str::to_owned)
        .collect()
}

/// The suite binary with `args`, in the environment cargo would give it.
fn command(binary: &Path, package_dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(binary);
    command
        .args(args)
        .current_dir(package_dir)
        // What cargo would set, and what the suites read: one test at a time (the memory
        // stories refuse otherwise), snapshots compared and never written, backtraces off
        // (they add tens of MiB of RSS mid-story).
        .env("CARGO_MANIFEST_DIR", package_dir)
        .env("RUST_TEST_THREADS", "1")
        .env("INSTA_UPDATE", "no")
        .env("RUST_BACKTRACE", "0")
        .env_remove("INSTA_FORCE_PASS")
        .env_remove(crate::harness::STORY_DIR_VAR);
    if let Some(workspace) = package_dir.parent() {
        command.env("INSTA_WORKSPACE_ROOT", workspace);
    }
    command
}

/// `Some(passed)` when libtest's log has a verdict for `name`.
fn verdict_in_log(log: &str, name: &str) -> Option<bool> {
    log.lines().find_map(|line| {
        let (verdict, logged) = line.split_once(' ')?;
        (logged == name).then(|| verdict == "ok")
    })
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

/// What a failed test printed before its panic, trimmed to Exercism's 500 characters.
fn printed_before_failing(stdout: &str, name: &str) -> Option<String> {
    let header = format!("---- {name} stdout ----\n");
    let section = &stdout[stdout.find(&header)? + header.len()..];
    let end = section
        .find("\nthread '")
        .or_else(|| section.find("thread '"))
        .unwrap_or(0);
    let printed = section[..end].trim();
    (!printed.is_empty()).then(|| truncate_chars(printed, 500))
}

/// At most `max` characters of `text`, ending in `…` when cut.
pub fn truncate_chars(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
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
    fn only_the_log_decides_a_pass() {
        let log = "ok a\nfailed b\nok a::case_1\n";
        assert_eq!(verdict_in_log(log, "a"), Some(true));
        assert_eq!(verdict_in_log(log, "b"), Some(false));
        assert_eq!(verdict_in_log(log, "a::case_1"), Some(true));
        assert_eq!(verdict_in_log(log, "c"), None);
    }

    #[test]
    fn output_is_cut_to_500_characters() {
        let long = "é".repeat(600);
        let cut = truncate_chars(&long, 500);
        assert_eq!(cut.chars().count(), 500);
        assert!(cut.ends_with('…'));
    }
}
