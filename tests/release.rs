//! `viewbook release`: the class copy has no solutions, builds on its own, and every graded
//! test fails in it, as on a fresh workbook.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use viewbook::classroom;
use viewbook::manifest::manifest;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn release_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release");
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn viewbook(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_viewbook"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_class_copy_has_no_solutions_builds_and_passes_no_graded_test() {
    let out = release_dir();
    let copy = out.to_str().unwrap();
    let made = viewbook(&["release", "--out", copy]);
    assert!(made.status.success(), "{made:?}");

    for gone in [
        "solutions",
        "mistakes",
        "tests",
        "scripts",
        ".ci",
        "BENCHMARKS.md",
        "target",
    ] {
        assert!(!out.join(gone).exists(), "the class copy has {gone}");
    }
    let workspace = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        !workspace.contains("solutions") && !workspace.contains("mistakes"),
        "{workspace}"
    );
    for chapter in &manifest().chapters {
        let stub = std::fs::read(
            Path::new(ROOT)
                .join("stubs")
                .join(format!("{}.rs", chapter.slug)),
        );
        assert_eq!(
            std::fs::read(out.join(chapter.exercise_file())).unwrap(),
            stub.unwrap(),
            "{} is the pristine stub",
            chapter.slug
        );
        let page = std::fs::read_to_string(out.join(chapter.page_file())).unwrap();
        assert!(
            page.contains("the reference solutions stay with your")
                && !page.contains("solutions/src"),
            "{}'s page still shows its solution",
            chapter.slug
        );
    }
    // The suites' replay embeds NumPy's recorded answers: the copy needs them, not the script
    // that records them (the copy has no scripts, and its learners no Python).
    assert_eq!(
        std::fs::read(out.join("suites/numpy/answers.txt")).unwrap(),
        std::fs::read(Path::new(ROOT).join("suites/numpy/answers.txt")).unwrap(),
        "the class copy ships NumPy's recorded answers"
    );
    let guide = std::fs::read_to_string(out.join("book/src/instructors.md")).unwrap();
    assert!(
        guide.contains("This is a class copy") && !guide.contains("{{#include"),
        "{guide}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join(".github/workflows/classroom.yml")).unwrap(),
        classroom::workflow(manifest())
    );

    // The learner's command, in the copy, with its own Cargo.lock: everything compiles and
    // every graded test fails.
    // A target directory of its own: cargo names a member's artifacts alike wherever its
    // workspace lives, so two workspaces sharing one would run each other's builds.
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("targets/release");
    let run = Command::new(env!("CARGO"))
        .args(["test", "-p", "exercises", "--locked", "--no-fail-fast"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", target)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&run.stdout);
    let (mut passed, mut failed) = (0, 0);
    for line in said.lines().filter(|l| l.starts_with("test result: ")) {
        let count = |what: &str| -> usize {
            line.split("; ")
                .chain(line.split(". "))
                .find_map(|part| part.trim().strip_suffix(what)?.trim().parse().ok())
                .unwrap_or(0)
        };
        passed += count(" passed");
        failed += count(" failed");
    }
    assert_eq!(
        (passed, failed),
        (0, common::GRADED_TESTS),
        "{}\n{said}",
        String::from_utf8_lossy(&run.stderr)
    );

    // The book builds in the copy, with the charts it came with and the scaffolding listings.
    let book = viewbook(&["--workbook", copy, "book", "--no-measure"]);
    assert!(book.status.success(), "{book:?}");
    let ch01 = std::fs::read_to_string(out.join("book/book/ch01_lists.html")).unwrap();
    assert!(ch01.contains("pub enum</span> Object") || ch01.contains("pub enum Object"));
    assert!(!ch01.contains("ANCHOR"));

    let again = viewbook(&["release", "--out", copy]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}
