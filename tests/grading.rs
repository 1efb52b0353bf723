//! The grader's fault matrix: one class of submissions, each with a fault a real class
//! produces (a compile error, a panic, an endless loop, an endless allocation, an abort, a
//! stack overflow, `process::exit(0)`, tampered tests, a gigabyte of output, a symlink out of
//! the submission, no `exercises/`, a file name that is not UTF-8), graded in one run. For
//! every one: the grader finishes, the student gets an honest status and message, the other
//! students' grades are what they would be alone, and the submission is byte-identical after.
//!
//! Unix only, as the grader is.
#![cfg(unix)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use viewbook::manifest::manifest;

mod common;
use common::copy_dir;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("grading")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The grader's build cache, kept between runs so only the students' code recompiles. Outside
/// the workbook, as the grader demands (a cache inside it would put the solutions in reach).
fn cache() -> PathBuf {
    std::env::temp_dir().join("viewbook-tests-grade-cache")
}

/// The token every grading's environment holds (see [`grade_with`]).
const GRADER_SECRET: &str = "grader-token-7d1f";

/// One grader at a time may use a cache: the tests that grade take turns.
static GRADER: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A submission whose chapter files are the stubs, or (solved) the reference solutions.
fn submission(class: &Path, name: impl AsRef<OsStr>, solved: bool) -> PathBuf {
    let dir = class.join(name.as_ref());
    copy_dir(&Path::new(ROOT).join("stubs"), &dir.join("exercises/src"));
    for file in [
        "lib.rs",
        "array.rs",
        "matrix.rs",
        "range.rs",
        "ch06_support.rs",
    ] {
        std::fs::copy(
            Path::new(ROOT).join("exercises/src").join(file),
            dir.join("exercises/src").join(file),
        )
        .unwrap();
    }
    if solved {
        for chapter in &manifest().chapters {
            std::fs::copy(
                Path::new(ROOT).join(chapter.solution_file()),
                dir.join(chapter.exercise_file()),
            )
            .unwrap();
        }
    }
    dir
}

/// A solved submission with `fault` inserted right after `signature` in a chapter's file.
fn faulty(class: &Path, name: &str, slug: &str, signature: &str, fault: &str) -> PathBuf {
    let dir = submission(class, name, true);
    let file = dir.join(format!("exercises/src/{slug}.rs"));
    let text = std::fs::read_to_string(&file).unwrap();
    assert_eq!(text.matches(signature).count(), 1, "{signature} in {slug}");
    std::fs::write(
        &file,
        text.replace(signature, &format!("{signature}\n{fault}\n")),
    )
    .unwrap();
    dir
}

/// Every file and symlink under `dir`, with its contents (or link target).
fn contents(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut all = BTreeMap::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let entry = entry.unwrap();
            let kind = entry.file_type().unwrap();
            let path = entry.path();
            let data = if kind.is_symlink() {
                std::fs::read_link(&path)
                    .unwrap()
                    .as_os_str()
                    .as_bytes()
                    .to_vec()
            } else if kind.is_dir() {
                pending.push(path.clone());
                b"<dir>".to_vec()
            } else {
                std::fs::read(&path).unwrap()
            };
            all.insert(path, data);
        }
    }
    all
}

fn grade(submissions: &[PathBuf], out: &Path) -> Output {
    grade_with(submissions, out, &[])
}

/// Grades with extra grader flags (`--unscreened`, `--no-sandbox`).
fn grade_with(submissions: &[PathBuf], out: &Path, flags: &[&str]) -> Output {
    let _turn = GRADER
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let output = Command::new(env!("CARGO_BIN_EXE_viewbook"))
        // A token in the instructor's environment, which no student's code may see.
        .env("VIEWBOOK_GRADER_SECRET", GRADER_SECRET)
        .arg("grade")
        .args(submissions)
        .arg("--out")
        .arg(out)
        .arg("--cache")
        .arg(cache())
        .args(["--time-limit", "5", "--memory-limit", "1024"])
        .args(flags)
        // bubblewrap, the grader's sandbox, is Linux's: elsewhere grading runs unprotected.
        .args((!cfg!(target_os = "linux")).then_some("--no-sandbox"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the grader must finish: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn results(out: &Path, student: &str) -> Value {
    let path = out.join(student).join("results.json");
    serde_json::from_str(
        &std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn chapter<'a>(results: &'a Value, slug: &str) -> &'a Value {
    results["chapters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == slug)
        .unwrap()
}

/// Results without what varies from run to run (timings).
fn stable(mut results: Value) -> Value {
    for chapter in results["chapters"].as_array_mut().unwrap() {
        chapter["seconds"] = Value::Null;
    }
    results
}

fn all_points() -> u64 {
    manifest()
        .chapters
        .iter()
        .map(|c| u64::from(c.points))
        .sum()
}

fn points(slug: &str) -> u64 {
    u64::from(manifest().chapter(slug).unwrap().points)
}

#[test]
fn a_class_with_every_fault_is_graded_honestly_and_nothing_is_written_into_it() {
    let class = scratch("class");
    let outside = scratch("outside");
    let solved = submission(&class, "solved", true);
    let stubbed = submission(&class, "stubbed", false);
    let compile_error = submission(&class, "compile_error", true);
    let ch06 = compile_error.join("exercises/src/ch06_takeaways.rs");
    let mut text = std::fs::read_to_string(&ch06).unwrap();
    text.push_str("\nfn half_typed( {\n");
    std::fs::write(&ch06, text).unwrap();
    // Chapter 2 does not compile; chapters 3 to 6 build on its `slice`.
    let broken_ch02 = submission(&class, "broken_ch02", true);
    let ch02 = broken_ch02.join("exercises/src/ch02_views.rs");
    let mut text = std::fs::read_to_string(&ch02).unwrap();
    text.push_str("\nfn half_typed( {\n");
    std::fs::write(&ch02, text).unwrap();
    let panics = faulty(
        &class,
        "panics",
        "ch04_aliasing",
        "pub fn take(&self, indices: &[usize]) -> Array {",
        "panic!(\"take is not finished\");",
    );
    let endless_loop = faulty(
        &class,
        "endless_loop",
        "ch06_takeaways",
        "pub fn returns(op: Operation) -> Returns {",
        "loop { std::hint::black_box(&op); }",
    );
    let endless_allocation = faulty(
        &class,
        "endless_allocation",
        "ch04_aliasing",
        "pub fn greater(&self, threshold: i64) -> Vec<bool> {",
        "let mut hoard = Vec::new(); loop { hoard.push(vec![1u8; 64 << 20]); std::hint::black_box(&hoard); }",
    );
    // A panic while a panic unwinds: the runtime aborts the process.
    let aborts = faulty(
        &class,
        "aborts",
        "ch06_takeaways",
        "pub fn scaled(arr: &Array, factor: i64) -> Array {",
        "struct Bomb; impl Drop for Bomb { fn drop(&mut self) { panic!(\"again\"); } }\n\
         let _bomb = Bomb; panic!(\"once\");",
    );
    let overflows = faulty(
        &class,
        "overflows",
        "ch04_aliasing",
        "pub fn double_first_half(arr: &Array) {",
        // A frame that keeps a black-boxed array live across the call: the workbook's crates
        // are optimized a little (opt-level 1), and a plain accumulating recursion would be
        // turned into a loop.
        "fn deeper(n: u64) -> u64 { let pad = std::hint::black_box([n; 64]); \
         if n == u64::MAX { n } else { deeper(n + 1) ^ pad[(n % 64) as usize] } }\n\
         std::hint::black_box(deeper(0));",
    );
    // Exits with success after printing what libtest prints for a passing test.
    let exits = faulty(
        &class,
        "exits",
        "ch06_takeaways",
        "pub fn keep_headers(recordings: impl IntoIterator<Item = Array>, header_len: usize) -> Vec<Array> {",
        "{ use std::io::Write as _; let _ = std::io::stdout().write_all(\
         b\"test takeaway_2_a_kept_header_must_not_keep_its_recording ... ok\\n\\n\
         test result: ok. 14 passed; 0 failed\\n\"); std::process::exit(0); }",
    );
    // Correct code that prints 4 MiB (libtest captures it, and shows it for passing tests).
    let loud = faulty(
        &class,
        "loud",
        "ch06_takeaways",
        "pub fn scaled(arr: &Array, factor: i64) -> Array {",
        "static ONCE: std::sync::Once = std::sync::Once::new();\n\
         ONCE.call_once(|| { let line = \"x\".repeat(1023); for _ in 0..4096 { println!(\"{line}\"); } });",
    );
    // Pristine stubs, with every test, snapshot and manifest around them rewritten to pass.
    let tamperer = submission(&class, "tamperer", false);
    copy_dir(&Path::new(ROOT).join("suites"), &tamperer.join("suites"));
    for chapter in &manifest().chapters {
        std::fs::write(
            tamperer.join(chapter.suite_file()),
            "#[test]\nfn everything_passes() {}\n",
        )
        .unwrap();
    }
    let snapshots = tamperer.join("suites/snapshots");
    let first = std::fs::read_dir(&snapshots)
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    std::fs::remove_file(first.path()).unwrap();
    std::fs::write(
        snapshots.join("extra.snap"),
        "---\nsource: x\n---\nnothing\n",
    )
    .unwrap();
    std::fs::create_dir_all(tamperer.join("exercises/tests")).unwrap();
    std::fs::write(tamperer.join("exercises/tests/workbook.rs"), "// gone\n").unwrap();
    std::fs::write(
        tamperer.join("exercises/Cargo.toml"),
        "[package]\nname = \"exercises\"\n",
    )
    .unwrap();
    std::fs::write(tamperer.join("chapters.toml"), "points = 1000\n").unwrap();
    // Chapter 6's file is a symlink to a solution outside the submission.
    let linked = submission(&class, "linked", true);
    let elsewhere = outside.join("ch06_takeaways.rs");
    std::fs::copy(
        Path::new(ROOT).join("solutions/src/ch06_takeaways.rs"),
        &elsewhere,
    )
    .unwrap();
    let ch06_link = linked.join("exercises/src/ch06_takeaways.rs");
    std::fs::remove_file(&ch06_link).unwrap();
    std::os::unix::fs::symlink(&elsewhere, &ch06_link).unwrap();
    let empty = class.join("no_exercises");
    std::fs::create_dir_all(empty.join("src")).unwrap();
    // A folder name and a file name that are not UTF-8.
    let odd = submission(&class, OsStr::from_bytes(b"odd-\xff"), true);
    std::fs::write(
        odd.join("exercises/src")
            .join(OsStr::from_bytes(b"notes-\xfe.txt")),
        "mine",
    )
    .unwrap();
    // A bare git repository of a solved workbook.
    let repository = class.join("repo.git");
    let git = |args: &[&str], dir: &Path| {
        let status = Command::new("git")
            .args(args)
            .current_dir(dir)
            .env("GIT_AUTHOR_NAME", "s")
            .env("GIT_AUTHOR_EMAIL", "s@example.org")
            .env("GIT_COMMITTER_NAME", "s")
            .env("GIT_COMMITTER_EMAIL", "s@example.org")
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    };
    let work = submission(&outside, "work", true);
    git(&["init", "-q", "-b", "main"], &work);
    git(&["add", "."], &work);
    git(&["commit", "-q", "-m", "my work"], &work);
    git(
        &[
            "clone",
            "-q",
            "--bare",
            work.to_str().unwrap(),
            repository.to_str().unwrap(),
        ],
        &outside,
    );

    let everyone = vec![
        solved.clone(),
        stubbed,
        compile_error,
        broken_ch02,
        panics,
        endless_loop,
        endless_allocation,
        aborts,
        overflows,
        exits,
        loud,
        tamperer,
        linked,
        empty,
        odd,
        repository,
    ];
    let before: Vec<_> = everyone.iter().map(|s| contents(s)).collect();
    let out = scratch("out");
    let output = grade(&everyone, &out);
    let after: Vec<_> = everyone.iter().map(|s| contents(s)).collect();
    for ((submission, before), after) in everyone.iter().zip(&before).zip(&after) {
        assert!(
            before == after,
            "grading changed the submission {}",
            submission.display()
        );
    }
    let summary = String::from_utf8_lossy(&output.stdout);

    let all = all_points();
    let expect = |student: &str, score: u64, status: &str| {
        let r = results(&out, student);
        assert_eq!(r["score"], score, "{student}'s score:\n{summary}\n{r:#}");
        assert_eq!(r["max_score"], all, "{student}");
        assert_eq!(r["status"], status, "{student}'s status");
        r
    };
    let broken_chapter = |r: &Value, slug: &str, status: &str, says: &str| {
        let c = chapter(r, slug);
        assert_eq!(c["score"], 0, "{slug}: {c:#}");
        assert_eq!(c["status"], status, "{slug}: {c:#}");
        let message = c["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(says),
            "{slug} should say {says:?}:\n{message}"
        );
    };

    expect("solved", all, "pass");
    let stubbed = expect("stubbed", 0, "fail");
    assert_eq!(
        stubbed["tests"].as_array().unwrap().len(),
        common::GRADED_TESTS
    );

    let r = expect("compile_error", all - points("ch06_takeaways"), "fail");
    broken_chapter(&r, "ch06_takeaways", "error", "does not compile");
    broken_chapter(&r, "ch06_takeaways", "error", "unclosed delimiter");

    // Only chapters 1 and 8 (Rust's own types, no `Array`) stand on their own; the report
    // says why chapter 3 fails at todo!()s.
    let r = expect(
        "broken_ch02",
        points("ch01_lists") + points("ch08_rust_views"),
        "fail",
    );
    broken_chapter(&r, "ch02_views", "error", "does not compile");
    broken_chapter(
        &r,
        "ch03_base",
        "fail",
        "stops at a `todo!()` of ch02_views, graded as the stub",
    );
    let report = std::fs::read_to_string(out.join("broken_ch02/report.md")).unwrap();
    assert!(!report.contains("Not started"), "{report}");

    let r = expect("panics", all - points("ch04_aliasing"), "fail");
    let failed: Vec<&Value> = r["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["status"] == "fail")
        .collect();
    assert!(!failed.is_empty());
    assert!(
        failed.iter().all(|t| t["task_id"] == 4
            && t["message"]
                .as_str()
                .unwrap()
                .contains("take is not finished")),
        "{failed:#?}"
    );

    let r = expect("endless_loop", all - points("ch06_takeaways"), "fail");
    broken_chapter(&r, "ch06_takeaways", "error", "time limit of 5 s");

    let r = expect("endless_allocation", all - points("ch04_aliasing"), "fail");
    broken_chapter(
        &r,
        "ch04_aliasing",
        "error",
        "ran out of memory (the limit is 1024 MiB",
    );

    let r = expect("aborts", all - points("ch06_takeaways"), "fail");
    broken_chapter(&r, "ch06_takeaways", "error", "aborted (SIGABRT)");

    // Chapter 7's suite calls chapter 4's `double_first_half` (on read-only rows, the only
    // arrays that show its NumPy error), so a crash there costs chapter 7's points too.
    let r = expect(
        "overflows",
        all - points("ch04_aliasing") - points("ch07_strides"),
        "fail",
    );
    broken_chapter(&r, "ch04_aliasing", "error", "overflowed its stack");

    // The screen refuses the file, naming it, the line and the item.
    let r = expect("exits", all - points("ch06_takeaways"), "fail");
    broken_chapter(&r, "ch06_takeaways", "error", "was refused by the screen");
    broken_chapter(
        &r,
        "ch06_takeaways",
        "error",
        "exercises/src/ch06_takeaways.rs:",
    );
    broken_chapter(
        &r,
        "ch06_takeaways",
        "error",
        "`std::process::exit` is refused",
    );

    let r = expect("loud", all, "pass");
    let note = chapter(&r, "ch06_takeaways")["message"].as_str().unwrap();
    assert!(note.contains("printed 4.0 MiB"), "{note}");
    // Exercism's rule: the output of every test that printed, passing ones too, cut to 500.
    let printed: Vec<&Value> = r["tests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t.get("output").is_some())
        .collect();
    assert!(!printed.is_empty(), "{r:#}");
    for test in printed {
        let output = test["output"].as_str().unwrap();
        assert_eq!(test["status"], "pass");
        assert_eq!(output.chars().count(), 500);
        assert!(output.ends_with("Output was truncated. Please limit to 500 chars."));
    }

    let r = expect("tamperer", 0, "fail");
    assert_eq!(
        r["tests"].as_array().unwrap().len(),
        stubbed["tests"].as_array().unwrap().len(),
        "the pristine suites ran, not the submission's"
    );

    let r = expect("linked", all - points("ch06_takeaways"), "fail");
    let notes = r["notes"].to_string();
    assert!(notes.contains("a symlink"), "{notes}");
    assert!(notes.contains("graded as the untouched stub"), "{notes}");

    let r = expect("no_exercises", 0, "error");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains("no exercises/ folder"),
        "{r:#}"
    );

    expect("odd-_", all, "pass");
    expect("repo", all, "pass");

    // The class's files: a row per student in grades.csv, a section per student in the report.
    let csv = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    assert_eq!(csv.lines().count(), everyone.len() + 1, "{csv}");
    assert!(
        csv.contains("\nsolved,10,10,10,15,10,15,15,10,95,95,pass\n"),
        "{csv}"
    );
    let report = std::fs::read_to_string(out.join("report.md")).unwrap();
    assert!(
        report.contains("take is not finished"),
        "the teaching messages are in the report"
    );

    // The solved student's results are the same graded alone as graded beside all of these.
    let alone = scratch("alone");
    grade(std::slice::from_ref(&solved), &alone);
    assert_eq!(
        stable(results(&alone, "solved")),
        stable(results(&out, "solved"))
    );
}

#[test]
fn results_of_a_partly_solved_submission_have_exercisms_fields() {
    let class = scratch("partly");
    let partly = submission(&class, "partly", false);
    for slug in ["ch01_lists", "ch02_views"] {
        let chapter = manifest().chapter(slug).unwrap();
        std::fs::copy(
            Path::new(ROOT).join(chapter.solution_file()),
            partly.join(chapter.exercise_file()),
        )
        .unwrap();
    }
    let out = scratch("partly-out");
    grade(std::slice::from_ref(&partly), &out);
    let r = results(&out, "partly");
    assert_eq!(r["version"], 3);
    assert_eq!(r["status"], "fail");
    assert!(r.get("message").is_none_or(Value::is_string));
    assert_eq!(r["score"], points("ch01_lists") + points("ch02_views"));
    assert_eq!(r["max_score"], all_points());
    let tests = r["tests"].as_array().unwrap();
    assert_eq!(tests.len(), common::GRADED_TESTS);
    for test in tests {
        let status = test["status"].as_str().unwrap();
        assert!(["pass", "fail", "error"].contains(&status), "{test:#}");
        assert!(test["name"].as_str().is_some_and(|n| !n.is_empty()));
        assert!(
            test["test_code"]
                .as_str()
                .is_some_and(|c| c.contains("fn ")),
            "{test:#}"
        );
        assert!(
            test["task_id"]
                .as_u64()
                .is_some_and(|id| (1..=manifest().chapters.len() as u64).contains(&id))
        );
        match status {
            "pass" => assert!(test.get("message").is_none(), "{test:#}"),
            _ => assert!(test["message"].as_str().is_some_and(|m| !m.is_empty())),
        }
        if let Some(output) = test.get("output") {
            assert!(output.as_str().unwrap().chars().count() <= 500);
        }
    }
    // Chapters 1 and 2 (tasks 1 and 2) pass every test, and no other test passes.
    for test in tests {
        let solved = test["task_id"].as_u64().is_some_and(|id| id <= 2);
        assert_eq!(test["status"] == "pass", solved, "{test:#}");
    }
}

#[test]
fn the_output_folder_must_be_new_or_a_previous_gradings() {
    let class = scratch("refuse");
    let solved = submission(&class, "someone", false);
    let occupied = scratch("occupied");
    std::fs::write(occupied.join("thesis.tex"), "precious").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_viewbook"))
        .arg("grade")
        .arg(&solved)
        .arg("--out")
        .arg(&occupied)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert_eq!(said.lines().count(), 1, "{said}");
    assert!(
        said.contains("is not empty and not a previous grading's output"),
        "{said}"
    );
    assert_eq!(
        std::fs::read_to_string(occupied.join("thesis.tex")).unwrap(),
        "precious"
    );
    let inside = Command::new(env!("CARGO_BIN_EXE_viewbook"))
        .arg("grade")
        .arg(&solved)
        .arg("--out")
        .arg(solved.join("grades"))
        .output()
        .unwrap();
    assert!(!inside.status.success());
    assert!(String::from_utf8_lossy(&inside.stderr).contains("overlaps the submission"));
}

/// A class of 30 as a course produces it: each student solved the first few chapters, and
/// the next one is untouched, wrong in a way the catalogue of mistakes records, does not
/// compile, or panics. Every score must be the points of the solved chapters. Timed for
/// BENCHMARKS.md: `cargo test --test grading -- --ignored --nocapture class_of_30`.
#[test]
#[ignore = "a benchmark: about two minutes"]
fn class_of_30() {
    #[derive(serde::Deserialize)]
    struct Catalogue {
        mistake: Vec<toml::Table>,
    }
    let catalogue: Catalogue = toml::from_str(
        &std::fs::read_to_string(Path::new(ROOT).join("mistakes/catalogue.toml")).unwrap(),
    )
    .unwrap();
    let mistaken = |slug: &str, pick: usize| -> Option<String> {
        let options: Vec<&toml::Table> = catalogue
            .mistake
            .iter()
            // Only the mistakes the chapter's own suite rejects: one that a later chapter's
            // suite catches passes here, with that later chapter untouched.
            .filter(|m| {
                m["chapter"].as_str() == Some(slug)
                    && m.get("suite")
                        .is_none_or(|suite| suite.as_str() == Some(slug))
            })
            .collect();
        let mistake = options.get(pick % options.len().max(1))?;
        if let Some(module) = mistake.get("module") {
            let path = Path::new(ROOT)
                .join("mistakes")
                .join(module.as_str().unwrap());
            return Some(std::fs::read_to_string(path).unwrap());
        }
        let chapter = manifest().chapter(slug).unwrap();
        let mut text =
            std::fs::read_to_string(Path::new(ROOT).join(chapter.solution_file())).unwrap();
        for patch in mistake["patch"].as_array().unwrap() {
            let (from, to) = (
                patch["replace"].as_str().unwrap(),
                patch["with"].as_str().unwrap(),
            );
            text = text.replacen(from, to, 1);
        }
        Some(text)
    };
    let chapters = &manifest().chapters;
    let class = scratch("class-of-30");
    let mut submissions = Vec::new();
    let mut expected = Vec::new();
    for student in 0..30 {
        let solved = student % (chapters.len() + 1);
        let name = format!("student{student:02}");
        let dir = submission(&class, &name, false);
        for chapter in &chapters[..solved] {
            std::fs::copy(
                Path::new(ROOT).join(chapter.solution_file()),
                dir.join(chapter.exercise_file()),
            )
            .unwrap();
        }
        if let Some(next) = chapters.get(solved) {
            let file = dir.join(next.exercise_file());
            let solution =
                std::fs::read_to_string(Path::new(ROOT).join(next.solution_file())).unwrap();
            match student / (chapters.len() + 1) {
                0 => {} // untouched
                1 => {
                    if let Some(text) = mistaken(&next.slug, student) {
                        std::fs::write(&file, text).unwrap();
                    }
                }
                2 => std::fs::write(&file, format!("{solution}\nfn unfinished( {{\n")).unwrap(),
                _ => {
                    // A panic at the top of the chapter's first function.
                    let at = solution.find("pub fn ").unwrap();
                    let body = at + solution[at..].find("{\n").unwrap() + 2;
                    let text = format!(
                        "{}    panic!(\"I gave up here\");\n{}",
                        &solution[..body],
                        &solution[body..]
                    );
                    std::fs::write(&file, text).unwrap();
                }
            }
        }
        let score: u32 = chapters[..solved].iter().map(|c| c.points).sum();
        submissions.push(dir);
        expected.push((name, score));
    }
    let out = scratch("class-of-30-out");
    let started = std::time::Instant::now();
    grade(&submissions, &out);
    let took = started.elapsed();
    for (name, score) in &expected {
        assert_eq!(results(&out, name)["score"], *score, "{name}");
    }
    println!("graded 30 submissions in {:.1} s", took.as_secs_f64());
}

/// Every file under the instructor's workbook but its build output and git folder, with its
/// contents: the same before and after a grading, whatever the submissions tried.
fn workbook_contents() -> BTreeMap<PathBuf, Vec<u8>> {
    let root = Path::new(ROOT);
    let mut all = BTreeMap::new();
    let mut pending = vec![root.to_owned()];
    while let Some(at) = pending.pop() {
        for entry in std::fs::read_dir(&at).unwrap().flatten() {
            let path = entry.path();
            if at == root && ["target", ".git"].contains(&entry.file_name().to_str().unwrap_or(""))
            {
                continue;
            }
            if entry.file_type().unwrap().is_dir() {
                pending.push(path);
            } else {
                all.insert(path.clone(), std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    all
}

/// A submission that keeps every stub and adds `trick` at the top of chapter 1's
/// `List::repeat`, which most of chapter 1's checks call.
fn tricked(class: &Path, name: &str, trick: &str) -> PathBuf {
    let dir = submission(class, name, false);
    let file = dir.join("exercises/src/ch01_lists.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    let signature = "pub fn repeat(item: &Rc<Object>, n: usize) -> List {";
    assert_eq!(text.matches(signature).count(), 1);
    let trick = format!(
        "static ONCE: std::sync::Once = std::sync::Once::new();\nONCE.call_once(|| {{\n{trick}\n}});"
    );
    std::fs::write(
        &file,
        text.replace(signature, &format!("{signature}\n{trick}\n")),
    )
    .unwrap();
    dir
}

/// The attacks of a dishonest student, written from issue 15's list, each in a submission
/// that keeps the stubs. `out` is the grading's output folder, which the strongest attacker
/// is assumed to know.
fn attacks(class: &Path, out: &Path, cache: &Path) -> Vec<(&'static str, PathBuf)> {
    let solutions = Path::new(ROOT).join("solutions/src/ch02_views.rs");
    let suites = Path::new(ROOT).join("suites/ch02_views.rs");
    let cached_suites = cache.join("workbook/suites/ch02_views.rs");
    let path_attack = submission(class, "path_to_solutions", false);
    std::fs::write(
        path_attack.join("exercises/src/ch02_views.rs"),
        format!(
            "//! Chapter 2, solved elsewhere.\n#[path = {:?}]\nmod solved;\npub use solved::*;\n",
            solutions
        ),
    )
    .unwrap();
    // `#[path]` spelled raw, inside `cfg_attr`.
    let raw_path = submission(class, "raw_path", false);
    std::fs::write(
        raw_path.join("exercises/src/ch02_views.rs"),
        format!(
            "//! Chapter 2, solved elsewhere.\n#[cfg_attr(all(), r#path = {:?})]\nmod solved;\npub use solved::*;\n",
            solutions
        ),
    )
    .unwrap();
    vec![
        (
            // Writes a passing verdict for every test into libtest's log, then exits.
            "forges_the_log",
            tricked(
                class,
                "forges_the_log",
                r##"let args: Vec<String> = std::env::args().collect();
if let Some(i) = args.iter().position(|a| a == "--logfile") {
    let exe = std::env::current_exe().unwrap();
    let listed = std::process::Command::new(exe).args(["--list", "--format", "terse"]).output().unwrap();
    let text = String::from_utf8_lossy(&listed.stdout).into_owned();
    let names: Vec<&str> = text.lines().filter_map(|l| l.strip_suffix(": test")).collect();
    let log: String = names.iter().map(|n| format!("ok {n}\n")).collect();
    let _ = std::fs::write(&args[i + 1], log);
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "\ntest result: ok. {} passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s\n", names.len());
    std::process::exit(0);
}"##,
            ),
        ),
        ("path_to_solutions", path_attack),
        (
            // Overwrites the later chapters' compiled suites and the harness's metadata.
            "overwrites_the_build",
            tricked(
                class,
                "overwrites_the_build",
                r##"if let Some(dir) = std::env::current_exe().ok().and_then(|e| e.parent().map(|p| p.to_owned())) {
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("ch0") && !name.starts_with("ch01") && !name.contains('.') {
            let _ = std::fs::write(entry.path(), "#!/bin/sh\necho 'everything_passes: test'\n");
        }
        if name.starts_with("libviewbook") && name.ends_with(".rmeta") {
            let _ = std::fs::write(entry.path(), "garbage");
        }
    }
}"##,
            ),
        ),
        (
            // Leaves a process behind that waits for the grades and rewrites them.
            "outlives_the_grader",
            tricked(
                class,
                "outlives_the_grader",
                &format!(
                    r##"let _ = std::process::Command::new("sh").args(["-c", "setsid sh -c 'for i in $(seq 600); do [ -f {out}/grades.csv ] && break; sleep 0.1; done; sleep 1; for f in {out}/grades.csv {out}/report.md; do echo forged > $f; done' >/dev/null 2>&1 &"]).status();"##,
                    out = out.display()
                ),
            ),
        ),
        (
            // Rewrites the instructor's suite, in the workbook and in the grader's copy.
            "rewrites_the_suites",
            tricked(
                class,
                "rewrites_the_suites",
                &format!(
                    r##"for path in [{suites:?}, {cached_suites:?}] {{ let _ = std::fs::write(path, "#[test]\nfn everything_passes() {{}}\n"); }}
if let Ok(exe) = std::fs::read_link(format!("/proc/{{}}/exe", std::os::unix::process::parent_id())) {{ let _ = std::fs::write(exe, "garbage"); }}"##
                ),
            ),
        ),
        (
            // A detached child that holds the suite's stdout open for ever.
            "holds_the_output",
            tricked(
                class,
                "holds_the_output",
                r##"let _ = std::process::Command::new("sh").args(["-c", "setsid sleep infinity &"]).spawn();"##,
            ),
        ),
        (
            // Follows the grader's command line to classmates' folders and its executable to
            // the instructor's workbook, and panics with what it read, so it lands in the
            // report.
            "leaks_files",
            tricked(
                class,
                "leaks_files",
                r##"let mut found = String::new();
let parent = std::os::unix::process::parent_id();
let cmdline = std::fs::read(format!("/proc/{parent}/cmdline")).unwrap_or_default();
for arg in cmdline.split(|b| *b == 0) {
    let file = std::path::Path::new(&*String::from_utf8_lossy(arg)).join("exercises/src/ch01_lists.rs");
    if let Ok(text) = std::fs::read_to_string(&file) {
        // The marker built at run time: this file itself must not match.
        let marker = ["CLASSMATE", "SECRET"].join("-");
        if text.contains(&marker) { found.push_str(&format!("LEAK:{} ", file.display())); }
    }
}
if let Ok(exe) = std::fs::read_link(format!("/proc/{parent}/exe")) {
    for up in exe.ancestors() {
        let solution = up.join("solutions/src/ch02_views.rs");
        if let Ok(text) = std::fs::read_to_string(&solution) {
            found.push_str(&format!("LEAK:{}:{} bytes ", solution.display(), text.len()));
            break;
        }
    }
}
panic!("found: {found}");"##,
            ),
        ),
        (
            // Turns the screen's lints off where it calls what they refuse (the outside
            // tester's first forgery).
            "allows_itself",
            tricked(
                class,
                "allows_itself",
                "#[allow(clippy::disallowed_methods)]\nlet quit = std::process::exit;\n\
                 #[cfg_attr(all(), allow(clippy::disallowed_types))]\n\
                 let _ = std::process::Command::new(\"true\").status();\n\
                 if n == usize::MAX { quit(0) }",
            ),
        ),
        (
            // Swaps libtest's log for a link to a solution, for the grader to read outside
            // the sandbox.
            "swaps_the_log",
            tricked(
                class,
                "swaps_the_log",
                &format!(
                    r##"let log = "/run/viewbook/libtest.log";
let _ = std::fs::remove_file(log);
let _ = std::os::unix::fs::symlink({solutions:?}, log);
std::process::exit(0);"##
                ),
            ),
        ),
        (
            // Swaps it for /dev/zero, for the grader to read for ever.
            "swaps_the_log_for_zeros",
            tricked(
                class,
                "swaps_the_log_for_zeros",
                r##"let log = "/run/viewbook/libtest.log";
let _ = std::fs::remove_file(log);
let _ = std::os::unix::fs::symlink("/dev/zero", log);
std::process::exit(0);"##,
            ),
        ),
        (
            // Panics with every variable of its environment.
            "reads_the_environment",
            tricked(
                class,
                "reads_the_environment",
                r##"let all: Vec<String> = std::env::vars().map(|(k, v)| format!("{k}={v}")).collect();
panic!("environment: {}", all.join(" "));"##,
            ),
        ),
        ("raw_path", raw_path),
    ]
}

/// A line of chapter 2's solution that no stub, suite or model has: in a report, it can only
/// have leaked.
fn line_only_in_the_solution() -> String {
    let root = Path::new(ROOT);
    let mut public = String::new();
    for dir in ["stubs", "suites", "suites/model", "exercises/src"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap().flatten() {
            public.push_str(&std::fs::read_to_string(entry.path()).unwrap_or_default());
        }
    }
    let solution = std::fs::read_to_string(root.join("solutions/src/ch02_views.rs")).unwrap();
    solution
        .lines()
        .map(str::trim)
        .filter(|l| l.len() > 30 && !public.contains(l))
        .max_by_key(|l| l.len())
        .expect("a line of its own")
        .to_owned()
}

/// What the screen must say of each attack: the file, the line and the item it refuses.
const REFUSED: &[(&str, &str, &str)] = &[
    (
        "forges_the_log",
        "ch01_lists",
        "`std::env::args` is refused",
    ),
    ("path_to_solutions", "ch02_views", "`#[path]` is refused"),
    (
        "overwrites_the_build",
        "ch01_lists",
        "`std::env::current_exe` is refused",
    ),
    (
        "outlives_the_grader",
        "ch01_lists",
        "`std::process::Command` is refused",
    ),
    (
        "rewrites_the_suites",
        "ch01_lists",
        "`std::fs::write` is refused",
    ),
    (
        "holds_the_output",
        "ch01_lists",
        "`std::process::Command` is refused",
    ),
    (
        "leaks_files",
        "ch01_lists",
        "`std::fs::read_to_string` is refused",
    ),
    (
        "aliased_std",
        "ch01_lists",
        "`std::process::exit` is refused",
    ),
    (
        "hidden_from_clippy",
        "ch01_lists",
        "`cfg(clippy)` is refused",
    ),
    (
        "hidden_in_cfg_test",
        "ch01_lists",
        "`std::process::exit` is refused",
    ),
    ("exports_a_macro", "ch01_lists", "`macro_export` is refused"),
];

/// Submissions that must not stop the class: a folder where a chapter file goes, and students
/// whose folders take the names of the class's own files.
fn odd_shapes(class: &Path) -> Vec<PathBuf> {
    let folder = submission(class, "folder_for_a_file", true);
    // Chapter 8 stands on its own (Rust's types, no `Array`): only its points are lost.
    let ch08 = folder.join("exercises/src/ch08_rust_views.rs");
    std::fs::remove_file(&ch08).unwrap();
    std::fs::create_dir_all(ch08.join("inside")).unwrap();
    std::fs::write(ch08.join("inside/x.rs"), "fn x() {}").unwrap();
    vec![
        folder,
        submission(class, "grades.csv", true),
        submission(class, "report.md", false),
    ]
}

fn hash_all(submissions: &[PathBuf]) -> Vec<BTreeMap<PathBuf, Vec<u8>>> {
    submissions.iter().map(|s| contents(s)).collect()
}

/// Grades `everyone` with `flags`, and checks that every submission and the instructor's
/// workbook are byte-identical afterwards, whatever the submissions tried.
fn grade_touching_nothing(everyone: &[PathBuf], out: &Path, flags: &[&str]) {
    let workbook_before = workbook_contents();
    let before = hash_all(everyone);
    grade_with(everyone, out, flags);
    assert!(hash_all(everyone) == before, "grading changed a submission");
    assert!(
        workbook_contents() == workbook_before,
        "grading changed the instructor's workbook"
    );
}

#[test]
fn the_screen_refuses_every_attack_and_the_class_finishes() {
    let class = scratch("attacks-screened");
    let out = scratch("attacks-screened-out");
    let honest = submission(&class, "honest", true);
    std::fs::write(
        honest.join("exercises/src/notes.txt"),
        "CLASSMATE-SECRET: not for anyone else",
    )
    .unwrap();
    let mut attackers = attacks(&class, &out, &cache());
    // The resolved path is judged, not its spelling.
    attackers.push((
        "aliased_std",
        tricked(
            &class,
            "aliased_std",
            "use std as s; let quit = s::process::exit; if n == usize::MAX { quit(0) }",
        ),
    ));
    // The suites compile a student's files as their own modules with `cfg(test)` set: code
    // hidden from a plain clippy run of the library, and a macro exported into the suite.
    attackers.push((
        "hidden_from_clippy",
        tricked(
            &class,
            "hidden_from_clippy",
            "#[cfg(not(clippy))]\nfn quit() { std::process::exit(0) }\nif n == usize::MAX { quit() }",
        ),
    ));
    attackers.push((
        "hidden_in_cfg_test",
        tricked(
            &class,
            "hidden_in_cfg_test",
            "#[cfg(test)]\n{ if n == usize::MAX { std::process::exit(0) } }",
        ),
    ));
    let exporter = submission(&class, "exports_a_macro", false);
    let file = exporter.join("exercises/src/ch01_lists.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!("{text}\n#[macro_export]\nmacro_rules! assert_eq {{ ($($t:tt)*) => {{}} }}\n"),
    )
    .unwrap();
    attackers.push(("exports_a_macro", exporter));
    // An honest student who wrote tests of their own in a chapter file, one of them failing:
    // they are the student's, and neither run nor count.
    let with_tests = submission(&class, "honest_with_tests", true);
    let file = with_tests.join("exercises/src/ch02_views.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        format!(
            "{text}\n#[cfg(test)]\nmod tests {{\n    #[test]\n    fn mine() {{}}\n    #[test]\n    \
             fn not_yet() {{\n        panic!(\"my own test\")\n    }}\n}}\n"
        ),
    )
    .unwrap();
    let mut everyone = vec![honest.clone(), with_tests];
    everyone.extend(attackers.iter().map(|(_, dir)| dir.clone()));
    everyone.extend(odd_shapes(&class));
    grade_touching_nothing(&everyone, &out, &[]);

    let all = all_points();
    assert_eq!(results(&out, "honest")["score"], all);
    let r = results(&out, "honest_with_tests");
    assert_eq!(r["score"], all, "{r:#}");
    assert!(!r.to_string().contains("not_yet"), "{r:#}");
    for (name, slug, says) in REFUSED {
        let r = results(&out, name);
        assert_eq!(r["score"], 0, "{name}: {r:#}");
        let message = chapter(&r, slug)["message"].as_str().unwrap_or_default();
        assert!(
            message.contains(&format!("exercises/src/{slug}.rs:")) && message.contains(says),
            "{name} should be refused with {says:?}:\n{message}"
        );
    }
    // A folder where chapter 8's file goes: chapter 8 is graded as its stub, nothing else lost.
    let r = results(&out, "folder_for_a_file");
    assert_eq!(r["score"], all - points("ch08_rust_views"), "{r:#}");
    assert!(
        r["notes"].to_string().contains("a folder, not a file"),
        "{r:#}"
    );
    assert_eq!(results(&out, "grades.csv-2")["score"], all);
    assert_eq!(results(&out, "report.md-2")["score"], 0);
    let csv = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    assert_eq!(csv.lines().count(), everyone.len() + 1, "{csv}");
    assert!(
        std::fs::read_to_string(out.join("report.md"))
            .unwrap()
            .starts_with("# Grades")
    );
}

#[test]
#[cfg(target_os = "linux")]
fn the_sandbox_holds_whatever_the_screen_would_have_refused() {
    let class = scratch("attacks-unscreened");
    let out = scratch("attacks-unscreened-out");
    let first = submission(&class, "honest_first", true);
    let last = submission(&class, "honest_last", true);
    std::fs::write(
        first.join("exercises/src/ch01_lists.rs"),
        format!(
            "// CLASSMATE-SECRET: not for anyone else\n{}",
            std::fs::read_to_string(first.join("exercises/src/ch01_lists.rs")).unwrap()
        ),
    )
    .unwrap();
    let attackers = attacks(&class, &out, &cache());
    let mut everyone = vec![first];
    everyone.extend(attackers.iter().map(|(_, dir)| dir.clone()));
    everyone.push(last);
    // Finishing at all is the check on "holds_the_output": a held stream would block here.
    grade_touching_nothing(&everyone, &out, &["--unscreened"]);
    let grades = std::fs::read_to_string(out.join("grades.csv")).unwrap();
    // "outlives_the_grader" would rewrite the grades a second after they are written.
    std::thread::sleep(std::time::Duration::from_secs(6));
    assert_eq!(
        std::fs::read_to_string(out.join("grades.csv")).unwrap(),
        grades
    );

    let all = all_points();
    // Both honest students, graded before and after every attack, get every point: the
    // dependency build, the compiled suites and the grader's workbook copy were out of reach.
    assert_eq!(results(&out, "honest_first")["score"], all);
    assert_eq!(results(&out, "honest_last")["score"], all);
    // The solutions were not there to compile in.
    assert_eq!(results(&out, "path_to_solutions")["score"], 0);
    let solution_line = line_only_in_the_solution();
    for (name, _) in &attackers {
        let r = results(&out, name).to_string();
        assert!(
            !r.contains("CLASSMATE-SECRET") && !r.contains("LEAK:"),
            "{name} leaked: {r}"
        );
        assert!(
            !r.contains(GRADER_SECRET),
            "{name} saw the grader's environment: {r}"
        );
        assert!(!r.contains(&solution_line), "{name} leaked a solution: {r}");
        assert!(
            !r.contains("honest_first"),
            "{name} saw a classmate's path: {r}"
        );
        assert!(!r.contains("forged"), "{name}");
    }
    // What the sandbox cannot stop without the screen: code with the file and process APIs
    // can forge its own chapter's records, never another chapter's or student's. The screen
    // (the test above) refuses it.
    assert!(results(&out, "forges_the_log")["score"].as_u64().unwrap() <= points("ch01_lists"));
    // A later grading, on the same cache, is still right.
    let again = scratch("attacks-unscreened-again");
    grade(&everyone[..1], &again);
    assert_eq!(results(&again, "honest_first")["score"], all);

    // The attacks are real: without the sandbox (and the screen) the same code reads a
    // classmate's file and the solutions, and rewrites the grades after the grader is done.
    let exposed = scratch("attacks-exposed");
    let exposed_out = scratch("attacks-exposed-out");
    let classmate = submission(&exposed, "classmate", false);
    let file = classmate.join("exercises/src/ch01_lists.rs");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("// CLASSMATE-SECRET\n{text}")).unwrap();
    // The survivor last: the grader writes the grades right after it, and it rewrites them
    // seconds later.
    let exposing = [
        "leaks_files",
        "reads_the_environment",
        "outlives_the_grader",
    ];
    let mut made = attacks(&exposed, &exposed_out, &cache());
    made.retain(|(name, _)| exposing.contains(name));
    made.sort_by_key(|(name, _)| exposing.iter().position(|e| e == name));
    let mut shown: Vec<PathBuf> = made.into_iter().map(|(_, dir)| dir).collect();
    shown.insert(0, classmate);
    grade_with(&shown, &exposed_out, &["--unscreened", "--no-sandbox"]);
    let notes = results(&exposed_out, "classmate")["notes"].to_string();
    assert!(notes.contains("graded with --no-sandbox"), "{notes}");
    assert!(
        std::fs::read_to_string(exposed_out.join("classmate/report.md"))
            .unwrap()
            .contains("not protected")
    );
    let leaked = results(&exposed_out, "leaks_files").to_string();
    assert!(
        leaked.contains("LEAK:") && leaked.contains("classmate"),
        "{leaked}"
    );
    assert!(leaked.contains("solutions/src/ch02_views.rs"), "{leaked}");
    let environment = results(&exposed_out, "reads_the_environment").to_string();
    assert!(environment.contains(GRADER_SECRET), "{environment}");
    let forged = || {
        std::fs::read_to_string(exposed_out.join("grades.csv")).is_ok_and(|t| t.trim() == "forged")
    };
    for _ in 0..100 {
        if forged() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    assert!(
        forged(),
        "without the sandbox, the survivor rewrites the grades"
    );
}
