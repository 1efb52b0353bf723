//! `viewbook release`: the class copy has no solutions, builds on its own, and every graded
//! test fails in it, as on a fresh workbook; it holds the workbook's own files and nothing else
//! left in the workbook.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use viewbook::classroom;
use viewbook::manifest::manifest;
use viewbook::release;

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
        let page =
            std::fs::read_to_string(out.join(release::solution_page(&chapter.slug))).unwrap();
        assert!(
            page.contains("the reference solutions stay with your")
                && page.contains(&format!("{{{{#hints {}}}}}", chapter.slug))
                && !page.contains("solutions/src"),
            "{}'s hints-and-solution page still shows its solution, or lost its hints",
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
    // A chapter's sub-pages ship, and the hints with them.
    let steps = std::fs::read_to_string(out.join("book/book/ch04_aliasing/steps.html")).unwrap();
    assert!(steps.contains("import numpy as np"), "{steps}");
    let hints = std::fs::read_to_string(out.join("book/book/ch02_views/solution.html")).unwrap();
    assert!(hints.contains("<summary>Hint 1 of"), "{hints}");

    let again = viewbook(&["release", "--out", copy]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

/// What an instructor's workbook may hold besides its own files, none of which a release may
/// ship: editor backups, swap and lock files of a solved chapter, files the learner's crate
/// does not declare, notes, hidden files, build output, the built book, pending snapshots.
const JUNK: &[&str] = &[
    "exercises/src/ch02_views.rs~",
    "exercises/src/ch02_views.rs.orig",
    "exercises/src/ch02_views.rs.bak",
    "exercises/src/.ch02_views.rs.swp",
    "exercises/src/#ch02_views.rs#",
    "exercises/src/.#ch02_views.rs",
    "exercises/src/ch02_views.orig.rs",
    "exercises/src/ch02_views copy.rs",
    "exercises/src/notes.txt",
    "exercises/src/old/ch02_views.rs",
    "exercises/target/debug/ch02_views.rs",
    "exercises/.vscode/settings.json",
    "exercises/tests/workbook.rs~",
    "stubs/ch02_views.rs.orig",
    "stubs/ch02_views_solved.rs",
    "suites/ch02_views.rs.orig",
    "suites/.ch02_views.rs.swp",
    "suites/notes.txt",
    "suites/model/target/debug/build.rs",
    "suites/snapshots/ch02_views__new.snap.new",
    "suites/snapshots/.ch02_views__new.pending-snap",
    "suites/compile_fail/ch08_write_while_viewed.stderr~",
    "src/release.rs~",
    "src/#release.rs#",
    "src/.DS_Store",
    "src/grading/.results.rs.swp",
    "src/target/debug/build.rs",
    "src/snapshots/viewbook__classroom__new.snap.new",
    ".cargo/credentials.toml",
    ".cargo/config.toml~",
    "book/book.toml~",
    "book/src/ch02_views.md~",
    "book/src/.ch02_views.md.swp",
    "book/src/notes.txt",
    "book/src/charts/old.svg.orig",
    "book/book/index.html",
    "book/book/ch02_views.html",
];

/// The workbook's own files: what git tracks.
fn tracked_files() -> Vec<String> {
    let out = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(ROOT)
        .output()
        .unwrap();
    assert!(out.status.success(), "git ls-files: {out:?}");
    String::from_utf8(out.stdout)
        .unwrap()
        .split('\0')
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every file under `dir`, relative to it.
fn files_under(dir: &Path) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                files.insert(relative.to_str().unwrap().to_owned());
            }
        }
    }
    files
}

#[test]
fn backups_and_junk_left_in_the_workbook_never_ship_and_every_real_file_does() {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("release-junk");
    let _ = std::fs::remove_dir_all(&scratch);
    let (workbook, out) = (scratch.join("workbook"), scratch.join("class"));
    let tracked = tracked_files();
    for file in &tracked {
        let to = workbook.join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(Path::new(ROOT).join(file), &to).unwrap();
    }
    // The instructor solved chapter 2 in their own exercises/, and their editor left copies of
    // the solution all around.
    let solution = std::fs::read(Path::new(ROOT).join("solutions/src/ch02_views.rs")).unwrap();
    std::fs::write(workbook.join("exercises/src/ch02_views.rs"), &solution).unwrap();
    for junk in JUNK {
        let path = workbook.join(junk);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &solution).unwrap();
    }
    #[cfg(unix)]
    for link in ["exercises/src/answers.rs", "suites/snapshots/answers.snap"] {
        std::os::unix::fs::symlink(
            Path::new(ROOT).join("solutions/src/ch02_views.rs"),
            workbook.join(link),
        )
        .unwrap();
    }

    let made = viewbook(&[
        "--workbook",
        workbook.to_str().unwrap(),
        "release",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{made:?}");

    // Exactly the workbook's own files under the parts a class gets, and what a release adds.
    let shipped_roots = [
        "Cargo.toml",
        "Cargo.lock",
        "chapters.toml",
        "clippy.toml",
        ".gitignore",
        ".cargo/",
        "src/",
        "exercises/",
        "stubs/",
        "suites/",
        "book/",
    ];
    let own: BTreeSet<String> = tracked
        .iter()
        .filter(|f| shipped_roots.iter().any(|root| f.starts_with(root)))
        .cloned()
        .collect();
    let mut expected = own.clone();
    expected.extend(["README.md", release::WORKFLOW_FILE].map(str::to_owned));
    let shipped = files_under(&out);
    assert_eq!(
        shipped.difference(&expected).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "shipped, though not a file of the workbook's"
    );
    assert_eq!(
        expected.difference(&shipped).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "a file of the workbook's that did not ship"
    );
    for file in &shipped {
        assert_ne!(
            std::fs::read(out.join(file)).unwrap(),
            solution,
            "{file} is chapter 2's solution"
        );
    }
    // The catalogues leave out the messages only the instructor's guide has: it quotes the
    // mistake catalogue, whose patches are lines of the reference solutions.
    for catalogue in ["book/po/messages.pot", "book/po/zh-CN.po"] {
        let shipped = std::fs::read_to_string(out.join(catalogue)).unwrap();
        let own = std::fs::read_to_string(Path::new(ROOT).join(catalogue)).unwrap();
        let patch = ".then(|| Array::new_owner(Rc::clone(&self.data)))";
        assert!(
            own.contains(patch),
            "{catalogue} has the guide's catalogue entry"
        );
        assert!(
            !shipped.contains(patch),
            "{catalogue} ships the guide's catalogue entry"
        );
        assert!(
            shipped.contains("msgid \"Introduction\""),
            "{catalogue} ships the rest"
        );
    }
    // The files a release does not rewrite ship as they are.
    let rewritten: Vec<String> = manifest()
        .chapters
        .iter()
        .flat_map(|c| [c.exercise_file(), release::solution_page(&c.slug)])
        .chain(
            [
                "Cargo.toml",
                "Cargo.lock",
                "book/src/instructors.md",
                // Without the instructor's guide's messages (checked below).
                "book/po/messages.pot",
                "book/po/zh-CN.po",
            ]
            .map(str::to_owned),
        )
        .collect();
    for file in own.iter().filter(|f| !rewritten.contains(f)) {
        assert_eq!(
            std::fs::read(out.join(file)).unwrap(),
            std::fs::read(Path::new(ROOT).join(file)).unwrap(),
            "{file} ships as it is"
        );
    }

    // The grader's pristine workspace: the same files but the book and what a release adds.
    let pristine: BTreeSet<String> = release::student_tree(&workbook, manifest(), false)
        .unwrap()
        .into_keys()
        .map(|p| p.to_str().unwrap().to_owned())
        .collect();
    let without_book: BTreeSet<String> = own
        .iter()
        .filter(|f| !f.starts_with("book/"))
        .cloned()
        .collect();
    assert_eq!(pristine, without_book);
}
