//! The `viewbook` binary as a learner runs it, on this workbook's pristine stubs.

use std::process::{Command, Output};

use viewbook::manifest::manifest;

fn viewbook(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_viewbook"))
        .args(args)
        .output()
        .expect("the viewbook binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn status_on_a_fresh_workbook_starts_at_chapter_one() {
    let output = viewbook(&[]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let total = manifest().chapters.len();
    assert!(
        text.contains(&format!(
            "progress [--------------------] 0/{total} chapters"
        )),
        "{text}"
    );
    for chapter in &manifest().chapters {
        assert!(
            text.contains(&format!("· {}", chapter.slug)),
            "{} is not listed as not started:\n{text}",
            chapter.slug
        );
    }
    assert!(
        text.contains(
            "Next: chapter 1, \"Python lists: a slice is a new list\"\n  \
             1. read  book/src/ch01_lists.md  (as a web page: cargo run -- book --open)\n  \
             2. edit  exercises/src/ch01_lists.rs\n  \
             3. run   cargo test -p exercises --test ch01_lists\n  \
             stuck? cargo run -- hint ch01_lists"
        ),
        "{text}"
    );
}

#[test]
fn hint_prints_one_hint_and_how_to_get_the_next() {
    let output = viewbook(&["hint", "ch02"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(text.starts_with("Hint 1 of 3 for ch02_views"), "{text}");
    assert!(
        text.ends_with("Still stuck? cargo run -- hint ch02_views 2\n"),
        "{text}"
    );
}

#[test]
fn a_bad_argument_is_one_clear_line_and_a_failure_code() {
    let output = viewbook(&["hint", "ch99"]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    let slugs: Vec<&str> = manifest()
        .chapters
        .iter()
        .map(|c| c.slug.as_str())
        .collect();
    assert_eq!(
        err.trim_end(),
        format!(
            "viewbook: no chapter \"ch99\"; the chapters are {}",
            slugs.join(", ")
        )
    );

    let output = viewbook(&["--workbook", "/nonexistent", "status"]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        err.trim_end(),
        "viewbook: /nonexistent is not a viewbook workbook (it has no exercises/Cargo.toml)"
    );
}

/// A minimal workbook with a learner's chapter-1 file in progress, in a fresh folder.
fn fixture_workbook(name: &str, learner_file: &str) -> std::path::PathBuf {
    let root = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("exercises/src")).unwrap();
    std::fs::create_dir_all(root.join("stubs")).unwrap();
    let source = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        source.join("exercises/Cargo.toml"),
        root.join("exercises/Cargo.toml"),
    )
    .unwrap();
    std::fs::copy(
        source.join("stubs/ch01_lists.rs"),
        root.join("stubs/ch01_lists.rs"),
    )
    .unwrap();
    std::fs::write(root.join("exercises/src/ch01_lists.rs"), learner_file).unwrap();
    root
}

#[test]
fn reset_saves_the_learners_file_and_undo_brings_it_back_byte_for_byte() {
    let mine = "// my work in progress\nfn half_done() {}\n\u{1F980} trailing bytes\n";
    let root = fixture_workbook("reset-undo", mine);
    let file = root.join("exercises/src/ch01_lists.rs");
    let workbook = root.to_str().unwrap();

    let output = viewbook(&["--workbook", workbook, "reset", "ch01", "--yes"]);
    assert!(output.status.success(), "{output:?}");
    let stub = std::fs::read(root.join("stubs/ch01_lists.rs")).unwrap();
    assert_eq!(
        std::fs::read(&file).unwrap(),
        stub,
        "reset puts the stub back"
    );
    let backups: Vec<_> = std::fs::read_dir(root.join(".viewbook/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), mine);
    assert!(stdout(&output).contains("cargo run -- reset ch01_lists --undo"));

    let output = viewbook(&["--workbook", workbook, "reset", "ch01", "--undo", "--yes"]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        std::fs::read(&file).unwrap(),
        mine.as_bytes(),
        "undo brings the learner's file back, byte for byte"
    );
    // The stub that undo replaced was saved too: nothing is ever lost.
    let backups: Vec<_> = std::fs::read_dir(root.join(".viewbook/backups"))
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    assert_eq!(backups, vec![stub]);
}

#[test]
fn reset_without_a_terminal_or_yes_changes_nothing() {
    let root = fixture_workbook("reset-no-tty", "// mine\n");
    let output = Command::new(env!("CARGO_BIN_EXE_viewbook"))
        .args(["--workbook", root.to_str().unwrap(), "reset", "ch01"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("run again with --yes"), "{err}");
    assert_eq!(
        std::fs::read_to_string(root.join("exercises/src/ch01_lists.rs")).unwrap(),
        "// mine\n"
    );
    assert!(
        !root.join(".viewbook").exists(),
        "no backup for a reset that did not happen"
    );
}

#[test]
fn reset_of_a_pristine_file_and_undo_without_backup_say_so() {
    let stub = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("stubs/ch01_lists.rs"),
    )
    .unwrap();
    let root = fixture_workbook("reset-pristine", &stub);
    let workbook = root.to_str().unwrap();
    let output = viewbook(&["--workbook", workbook, "reset", "1", "--yes"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).contains("is unchanged: nothing to do"),
        "{output:?}"
    );
    assert!(!root.join(".viewbook").exists());

    let output = viewbook(&["--workbook", workbook, "reset", "1", "--undo", "--yes"]);
    assert!(!output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr).trim_end(),
        "viewbook: there is no backup of exercises/src/ch01_lists.rs to bring back"
    );
}
