//! `viewbook grade`: grades a whole class on pristine tests.
//!
//! For each submission (a folder or a git repository), only the learner's chapter files
//! (`exercises/src/chNN_*.rs`, as the manifest names them) are taken; they are screened for
//! APIs no chapter needs ([`screen`]) and built in the grader's own pristine workspace
//! ([`workspace`]), whose tests, snapshots, harness, scaffolding and manifest come from the
//! instructor's workbook and are restored before every student. Every build and run of a
//! student's code happens inside bubblewrap's sandbox ([`sandbox`]): it sees the pristine
//! workspace and its own build read-only and nothing else of the machine's files. Each
//! chapter's suite then runs in its own process, one at a time (the memory stories measure the
//! process's RSS), under the chapter's time and memory limits ([`limits`]), and a test passes
//! only if libtest's exit status, summary and log agree that it passed ([`suite`]). Whatever a
//! submission does, the grader finishes, the student gets an honest status and message, and
//! nothing in the submission is written.
//!
//! Outputs, in `--out`, written once every student's processes are gone:
//! `STUDENT/results.json` (Exercism's test-runner shape plus `score` and `max_score`, see
//! [`results`]), `STUDENT/report.md`, and for the class `grades.csv` and `report.md`.

pub mod limits;
pub mod results;
pub mod sandbox;
pub mod screen;
pub mod submission;
pub mod suite;
pub mod workspace;

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::manifest::Manifest;
use limits::Limits;
use results::{ChapterResult, Results, TestResult};
use sandbox::Sandbox;
use submission::Submission;
use suite::Status;
use workspace::Workspace;

/// The file that marks a folder as grading output, which a later grading may write over.
pub const OUTPUT_MARKER: &str = ".viewbook-grades";

/// The class's own files in the output folder: no student's folder may take these names.
const CLASS_FILES: &[&str] = &["grades.csv", "report.md", OUTPUT_MARKER];

/// The note every report carries when grading ran without the sandbox.
pub const UNPROTECTED: &str = "graded with --no-sandbox: the submissions' code ran with the \
    grader's rights, so these grades are not protected from the code they grade";

/// The grader's cache when none is given: the platform's cache folder (e.g.
/// `~/.cache/viewbook/grading` on Linux), never inside a workbook, where a submission could
/// reach the instructor's solutions by a relative path.
pub fn default_cache() -> Result<PathBuf> {
    directories::ProjectDirs::from("", "", "viewbook")
        .map(|dirs| dirs.cache_dir().join("grading"))
        .context("no cache folder for this user (is HOME set?): pass --cache DIR")
}

/// How to grade.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the results go.
    pub out: PathBuf,
    /// The grader's workspace and build cache, kept between gradings.
    pub cache: PathBuf,
    /// Seconds each chapter's suite may run, instead of the manifest's.
    pub time_limit: Option<u64>,
    /// MiB of address space each chapter's suite may use, instead of the manifest's.
    pub memory_limit: Option<u64>,
    /// Draw a progress bar (on a terminal) rather than a line per student.
    pub progress_bar: bool,
    /// Where student code runs: bubblewrap's sandbox, or (`--no-sandbox`) not.
    pub sandbox: Sandbox,
    /// Refuse the APIs no chapter needs before building (off only to test the sandbox).
    pub screened: bool,
}

/// Grades every submission and writes the results. Returns each student's results, in the
/// order given.
pub fn grade(
    workbook: &Path,
    manifest: &Manifest,
    submissions: &[PathBuf],
    options: &Options,
) -> Result<Vec<Results>> {
    prepare_output(&options.out, submissions)?;
    // The suites run in the grader's workspace, so every path handed to them is absolute.
    let cache = std::path::absolute(&options.cache)?;
    refuse_cache_inside(&cache, workbook, submissions)?;
    let workspace = Workspace::open(
        workbook,
        manifest,
        &cache,
        options.sandbox.clone(),
        Duration::from_secs(manifest.grading.build_time_limit),
    )?;
    let scratch = cache.join("scratch");
    std::fs::create_dir_all(&scratch)?;
    let bar = (options.progress_bar && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(submissions.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("grading {bar:30} {pos}/{len} {msg}")
                .expect("a valid progress template"),
        );
        bar
    });
    let mut ids: BTreeSet<String> = CLASS_FILES.iter().map(|f| f.to_string()).collect();
    let chapter_files: Vec<PathBuf> = manifest
        .chapters
        .iter()
        .map(|c| PathBuf::from(format!("{}.rs", c.slug)))
        .collect();
    let mut class = Vec::new();
    for (i, source) in submissions.iter().enumerate() {
        let mut submission = submission::read(source, &scratch, &chapter_files);
        submission.id = unique(&submission.id, &mut ids);
        if let Some(bar) = &bar {
            bar.set_message(submission.id.clone());
        }
        let started = Instant::now();
        let (id, source) = (submission.id.clone(), submission.source.clone());
        // One submission the grader cannot handle costs that student a clear error, never
        // the rest of the class their grades.
        let mut results =
            grade_one(&workspace, manifest, submission, options).unwrap_or_else(|e| {
                error_results(
                    manifest,
                    &id,
                    &source,
                    format!("the grader could not grade this submission: {e:#}"),
                )
            });
        if !options.sandbox.protects() {
            results.notes.insert(0, UNPROTECTED.to_owned());
        }
        match &bar {
            Some(bar) => bar.inc(1),
            None => eprintln!(
                "[{}/{}] {}: {}/{} ({:.1} s)",
                i + 1,
                submissions.len(),
                results.student,
                results.score,
                results.max_score,
                started.elapsed().as_secs_f64()
            ),
        }
        class.push(results);
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    // Every student process is gone by now (each sandbox ends with its suite); only now is
    // anything written where a student's code could have looked for it.
    for results in &class {
        write_student(&options.out, results)?;
    }
    let slugs: Vec<String> = manifest.chapters.iter().map(|c| c.slug.clone()).collect();
    write(
        &options.out.join("grades.csv"),
        &results::grades_csv(&slugs, &class),
    )?;
    write(
        &options.out.join("report.md"),
        &results::class_report(&slugs, &class),
    )?;
    Ok(class)
}

/// Makes `out` ready: new, empty, or a previous grading's output. Never a submission or a
/// folder inside one, never a folder of something else.
fn prepare_output(out: &Path, submissions: &[PathBuf]) -> Result<()> {
    if out.exists() {
        let empty = std::fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(OUTPUT_MARKER).is_file() {
            bail!(
                "{} is not empty and not a previous grading's output: choose a new --out folder",
                out.display()
            );
        }
    }
    refuse_overlap(
        "--out",
        out,
        submissions,
        ": grading never writes into a submission",
    )?;
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    write(
        &out.join(OUTPUT_MARKER),
        "viewbook grading output: `viewbook grade` may write over this folder.\n",
    )
}

/// Refuses a cache inside the instructor's workbook or a submission: the pristine workspace
/// must have no solutions within reach of a relative path.
fn refuse_cache_inside(cache: &Path, workbook: &Path, submissions: &[PathBuf]) -> Result<()> {
    let cache_real = resolved(cache)?;
    let workbook_real = resolved(workbook)?;
    if cache_real.starts_with(&workbook_real) {
        bail!(
            "--cache {} is inside the workbook {}: a submission could reach the solutions \
             from there; choose a folder outside it (the default is the platform's cache)",
            cache.display(),
            workbook.display()
        );
    }
    refuse_overlap("--cache", cache, submissions, "")
}

/// Refuses a folder given as `flag` that lies inside a submission or holds one.
fn refuse_overlap(flag: &str, folder: &Path, submissions: &[PathBuf], why: &str) -> Result<()> {
    let folder_real = resolved(folder)?;
    for submission in submissions {
        if let Ok(real) = submission.canonicalize()
            && (folder_real.starts_with(&real) || real.starts_with(&folder_real))
        {
            bail!(
                "{flag} {} overlaps the submission {}{why}",
                folder.display(),
                submission.display()
            );
        }
    }
    Ok(())
}

/// `path` made absolute with symlinks resolved, for a path that may not exist yet: its
/// deepest existing ancestor is resolved and the rest appended.
fn resolved(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        rest.push(existing.file_name().unwrap_or_default().to_owned());
        existing = existing.parent().unwrap_or(Path::new("/"));
    }
    let mut real = existing.canonicalize()?;
    real.extend(rest.iter().rev());
    Ok(real)
}

fn unique(id: &str, taken: &mut BTreeSet<String>) -> String {
    let mut candidate = id.to_owned();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{id}-{n}");
        n += 1;
    }
    candidate
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

fn write_student(out: &Path, results: &Results) -> Result<()> {
    let dir = out.join(&results.student);
    std::fs::create_dir_all(&dir)?;
    let json = serde_json::to_string_pretty(results)?;
    write(&dir.join("results.json"), &format!("{json}\n"))?;
    write(&dir.join("report.md"), &results::student_report(results))
}

/// A student's results when nothing could be graded: every chapter `error` with `message`.
fn error_results(manifest: &Manifest, id: &str, source: &str, message: String) -> Results {
    let mut results = empty_results(manifest, id, source);
    results.chapters = chapters_in_error(manifest, "not graded: see the message above");
    results.message = Some(message);
    results
}

fn empty_results(manifest: &Manifest, id: &str, source: &str) -> Results {
    Results {
        version: 3,
        status: Status::Error,
        message: None,
        tests: Vec::new(),
        score: 0,
        max_score: manifest.chapters.iter().map(|c| c.points).sum(),
        student: id.to_owned(),
        source: source.to_owned(),
        chapters: Vec::new(),
        notes: Vec::new(),
    }
}

fn chapters_in_error(manifest: &Manifest, message: &str) -> Vec<ChapterResult> {
    manifest
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| ChapterResult::new(&c.slug, i as u32 + 1, c.points, Some(message.to_owned())))
        .collect()
}

fn grade_one(
    workspace: &Workspace,
    manifest: &Manifest,
    submission: Submission,
    options: &Options,
) -> Result<Results> {
    let mut results = empty_results(manifest, &submission.id, &submission.source);
    results.notes = submission.notes.clone();
    if let Some(problem) = submission.problem {
        results.chapters =
            chapters_in_error(manifest, "not graded: the submission could not be read");
        results.message = Some(problem);
        return Ok(results);
    }
    for chapter in &manifest.chapters {
        let file = PathBuf::from(format!("{}.rs", chapter.slug));
        let noted = submission
            .notes
            .iter()
            .any(|n| n.contains(&chapter.exercise_file()));
        if !submission.files.contains_key(&file) && !noted {
            results.notes.push(format!(
                "{} is missing: graded as the untouched stub",
                chapter.exercise_file()
            ));
        }
    }
    let build = workspace.build(
        &submission.files,
        manifest,
        Duration::from_secs(manifest.grading.build_time_limit),
        options.screened,
    )?;
    if let Some(failure) = build.failure {
        results.chapters = chapters_in_error(manifest, "not graded: the submission does not build");
        results.message = Some(failure);
        return Ok(results);
    }
    // Chapters graded as their stub: their file was refused or did not compile, or is missing.
    let stubbed_chapters: Vec<String> = manifest
        .chapters
        .iter()
        .filter(|c| {
            let file = PathBuf::from(format!("{}.rs", c.slug));
            build.replaced.contains_key(&file) || !submission.files.contains_key(&file)
        })
        .map(|c| c.slug.clone())
        .collect();
    for (i, chapter) in manifest.chapters.iter().enumerate() {
        let task_id = i as u32 + 1;
        let limits = Limits {
            time: Duration::from_secs(
                options
                    .time_limit
                    .unwrap_or(chapter.time_limit(&manifest.grading)),
            ),
            memory_mib: Some(
                options
                    .memory_limit
                    .unwrap_or(chapter.memory_limit(&manifest.grading)),
            ),
        };
        let suite_source =
            std::fs::read_to_string(workspace.root.join(chapter.suite_file())).unwrap_or_default();
        let own_file = PathBuf::from(format!("{}.rs", chapter.slug));
        let expected = workspace.expected_tests(&chapter.test);
        let mut chapter_result = ChapterResult::new(&chapter.slug, task_id, chapter.points, None);
        let every_test = |status: Status, message: &str| -> Vec<suite::Verdict> {
            expected
                .iter()
                .map(|name| suite::Verdict {
                    name: name.clone(),
                    status,
                    message: Some(message.to_owned()),
                    output: None,
                })
                .collect()
        };
        let mut verdicts: Vec<suite::Verdict>;
        if let Some(error) = build.replaced.get(&own_file) {
            let why = if error
                .lines()
                .next()
                .is_some_and(|l| l.contains(" is refused"))
            {
                "was refused by the screen (it uses what no chapter needs)"
            } else {
                "does not compile"
            };
            chapter_result.message = Some(format!(
                "{} {why}, so this chapter scores 0 (the other chapters were graded with its \
                 pristine stub in its place):\n{}",
                chapter.exercise_file(),
                error.trim_end()
            ));
            verdicts = every_test(Status::Error, &format!("{} {why}", chapter.exercise_file()));
        } else if let Some(error) = build.broken_suites.get(&chapter.test) {
            chapter_result.message = Some(format!(
                "the chapter's suite does not compile against this submission (a public item \
                 it uses was changed or removed?):\n{}",
                error.trim_end()
            ));
            verdicts = every_test(Status::Error, "the chapter's suite does not compile");
        } else if let Some(binary) = build.executables.get(&chapter.test) {
            let run = suite::run(workspace, binary, expected, limits)?;
            chapter_result.seconds = (run.seconds * 100.0).round() / 100.0;
            chapter_result.status = if run.stopped.is_some() || run.tests.is_empty() {
                Status::Error
            } else if run.tests.iter().all(|t| t.status == Status::Pass) {
                Status::Pass
            } else {
                Status::Fail
            };
            chapter_result.message = match (&run.stopped, suite::output_note(run.output_bytes)) {
                (Some(stopped), _) => Some(format!("the suite did not run through: {stopped}")),
                (None, note) => note,
            };
            // Every failure at a todo!() of other chapters although this chapter's own file
            // was worked on: those chapters were graded as their stubs. Say so, rather than
            // let the report call the chapter "not started". (A stub's `todo!()` message
            // starts with its chapter's slug.)
            let failing: Vec<&suite::Verdict> = run
                .tests
                .iter()
                .filter(|t| t.status != Status::Pass)
                .collect();
            let todo_in: BTreeSet<&str> = failing
                .iter()
                .filter_map(|t| {
                    let message = t.message.as_deref()?;
                    let after = message.split_once(results::TODO_PANIC)?.1;
                    after.trim_start_matches(':').trim_start().split(':').next()
                })
                .collect();
            let all_todo = !failing.is_empty()
                && failing
                    .iter()
                    .all(|t| results::stops_at_todo(t.message.as_deref()));
            let own_is_stub = submission.files.get(&own_file).map(Vec::as_slice)
                == workspace.pristine_learner_file(&own_file)
                || !submission.files.contains_key(&own_file);
            let others: Vec<&str> = todo_in
                .iter()
                .copied()
                .filter(|slug| stubbed_chapters.iter().any(|s| s == slug))
                .collect();
            if all_todo
                && !own_is_stub
                && !others.is_empty()
                && !todo_in.contains(chapter.slug.as_str())
            {
                chapter_result.message = Some(format!(
                    "every failing check stops at a `todo!()` of {}, graded as the stub (see \
                     above), though this chapter's own file is not the stub",
                    others.join(", ")
                ));
            }
            verdicts = run.tests;
        } else {
            chapter_result.message = Some("the chapter's suite was not built".to_owned());
            verdicts = every_test(Status::Error, "the chapter's suite was not built");
        }
        suite::in_source_order(&suite_source, &mut verdicts, |v| &v.name);
        chapter_result.total = verdicts.len();
        chapter_result.passed = verdicts.iter().filter(|v| v.status == Status::Pass).count();
        if chapter_result.status == Status::Pass {
            chapter_result.score = chapter.points;
        }
        results
            .tests
            .extend(verdicts.into_iter().map(|v| TestResult {
                test_code: results::test_code(&suite_source, &v.name),
                name: format!("{} / {}", chapter.slug, v.name),
                status: v.status,
                message: v.message,
                output: v.output,
                task_id,
            }));
        results.chapters.push(chapter_result);
    }
    results.score = results.chapters.iter().map(|c| c.score).sum();
    results.status = overall_status(&results.tests);
    if results.status == Status::Error {
        results.message =
            Some("no test could run to a verdict: see each chapter's message".to_owned());
    }
    Ok(results)
}

/// Exercism's overall status: `pass` when every test passed, `error` when none ran to a
/// verdict (each errored), else `fail`.
fn overall_status(tests: &[TestResult]) -> Status {
    if !tests.is_empty() && tests.iter().all(|t| t.status == Status::Pass) {
        Status::Pass
    } else if tests.iter().all(|t| t.status == Status::Error) {
        Status::Error
    } else {
        Status::Fail
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test(status: Status) -> TestResult {
        TestResult {
            name: "ch01_lists / t".to_owned(),
            status,
            message: None,
            output: None,
            test_code: String::new(),
            task_id: 1,
        }
    }

    #[test]
    fn the_overall_status_is_exercisms() {
        use Status::*;
        assert_eq!(overall_status(&[test(Pass), test(Pass)]), Pass);
        assert_eq!(overall_status(&[test(Pass), test(Error)]), Fail);
        assert_eq!(overall_status(&[test(Fail), test(Error)]), Fail);
        assert_eq!(
            overall_status(&[test(Error), test(Error)]),
            Error,
            "no test ran"
        );
        assert_eq!(overall_status(&[]), Error, "no suite ran");
    }

    #[test]
    fn student_folders_never_take_the_class_files_names() {
        let mut ids: BTreeSet<String> = CLASS_FILES.iter().map(|f| f.to_string()).collect();
        assert_eq!(unique("grades.csv", &mut ids), "grades.csv-2");
        assert_eq!(unique("report.md", &mut ids), "report.md-2");
        assert_eq!(unique("alice", &mut ids), "alice");
        assert_eq!(unique("alice", &mut ids), "alice-2");
    }
}
