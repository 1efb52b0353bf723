//! The `viewbook` binary as a learner runs it, on this workbook's pristine stubs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use viewbook::manifest::manifest;
use viewbook::translation::{Catalogue, Language};

mod common;
use common::copy_dir;

/// The binary, speaking English whatever the locale of the machine running the tests (the
/// CLI follows LC_ALL, LC_MESSAGES and LANG).
fn cli() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_viewbook"));
    command
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C.UTF-8");
    command
}

fn viewbook(args: &[&str]) -> Output {
    cli().args(args).output().expect("the viewbook binary runs")
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
    // The page is the built book's once it is built, the Markdown source until then.
    let built = Path::new(env!("CARGO_MANIFEST_DIR")).join("book/book");
    let read = if built.join("index.html").is_file() {
        format!("1. read  {}", built.join("ch01_lists.html").display())
    } else {
        "1. read  book/src/ch01_lists.md  (as a web page: cargo run -- book --open)".to_owned()
    };
    assert!(
        text.contains(&format!(
            "Next: chapter 1, \"Python lists: a slice is a new list\"\n  \
             {read}\n  \
             2. edit  exercises/src/ch01_lists.rs\n  \
             3. run   cargo test -p exercises --test ch01_lists\n  \
             stuck? cargo run -- hint ch01_lists"
        )),
        "{text}"
    );
}

/// `--language zh-CN`, or a Chinese locale, gives the status and the hints in Chinese, from
/// the catalogue the book's Chinese edition is built with; an unknown language is one line.
#[test]
fn the_cli_speaks_chinese_with_language_or_the_locale() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let zh = Catalogue::load(workspace, Language::Chinese).unwrap();
    let heading = "viewbook: how memory views work, one chapter at a time";
    assert_ne!(zh.get(heading), heading, "the heading is translated");

    // The locale, here: a --language flag would be remembered in this workbook's progress.
    let output = cli().env("LANG", "zh_CN.UTF-8").output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let first = &manifest().chapters[0];
    for words in [zh.get(heading), zh.get(&first.title)] {
        assert!(text.contains(&words), "no {words:?} in:\n{text}");
    }
    assert!(!text.contains(heading), "{text}");

    let root = fixture_workbook("chinese-hints", "// mine\n");
    let output = cli()
        .args(["--workbook", root.to_str().unwrap(), "hint", "ch02", "1"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let chapter = manifest().chapter("ch02_views").unwrap();
    assert!(text.contains(&zh.get(&chapter.hints[0])), "{text}");
    assert_ne!(zh.get(&chapter.hints[0]), chapter.hints[0]);
    assert!(text.contains("cargo run -- hint ch02_views 2"), "{text}");

    // --language is remembered: the command it suggests answers in the same language, even
    // in an English locale.
    let workbook = root.to_str().unwrap();
    let asked = viewbook(&[
        "--workbook",
        workbook,
        "--language",
        "zh-CN",
        "hint",
        "ch02",
        "1",
    ]);
    assert!(asked.status.success(), "{asked:?}");
    let state = std::fs::read_to_string(root.join(".viewbook/progress.toml")).unwrap();
    assert!(state.contains("language = \"zh-CN\""), "{state}");
    let next = stdout(&viewbook(&["--workbook", workbook, "hint", "ch02", "2"]));
    assert!(next.contains(&zh.get(&chapter.hints[1])), "{next}");
    let back = stdout(&viewbook(&[
        "--workbook",
        workbook,
        "--language",
        "en",
        "hint",
        "ch02",
        "2",
    ]));
    assert!(back.contains(&chapter.hints[1]), "{back}");

    let output = viewbook(&["--language", "fr"]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(err.contains("the workbook speaks en and zh-CN"), "{err}");
}

/// The setup page shows the status screen a fresh workbook prints, in each edition: the
/// English page's block as written, the Chinese edition's as its catalogue translates it (the
/// line naming the page to read aside: it depends on whether the book is built).
#[test]
fn the_setup_page_shows_the_status_a_fresh_workbook_prints() {
    let workspace = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(workspace.join("book/src/setup.md")).unwrap();
    let start = page
        .find("```text\nviewbook: ")
        .expect("setup.md shows the status");
    let end = start + page[start..].find("\n```").unwrap() + "\n```".len();
    let block = &page[start..end];
    let without_reading = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with("```") && !l.trim_start().starts_with("1. "))
            .map(str::to_owned)
            .collect()
    };
    for language in Language::ALL {
        let shown = Catalogue::load(workspace, language).unwrap().get(block);
        // The locale, not --language, which this workbook's progress would remember.
        let locale = match language {
            Language::English => "C.UTF-8",
            Language::Chinese => "zh_CN.UTF-8",
        };
        let output = cli().env("LANG", locale).output().unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(
            without_reading(&shown),
            without_reading(&stdout(&output)),
            "the {language:?} setup page's status is not what `cargo run` prints"
        );
    }
}

#[test]
fn hints_come_one_more_per_call_and_are_remembered_in_a_plain_file() {
    let root = fixture_workbook("hints", "// mine\n");
    let workbook = root.to_str().unwrap();
    let hint = |args: &[&str]| {
        let mut all = vec!["--workbook", workbook, "hint"];
        all.extend_from_slice(args);
        let output = viewbook(&all);
        assert!(output.status.success(), "{output:?}");
        stdout(&output)
    };
    let first = hint(&["ch02"]);
    assert!(first.starts_with("Hint 1 of 3 for ch02_views"), "{first}");
    assert!(
        first.ends_with("Still stuck? cargo run -- hint ch02_views 2\n"),
        "{first}"
    );
    assert!(
        hint(&["ch02"]).starts_with("Hint 2 of 3"),
        "each call shows one more"
    );
    assert!(hint(&["ch02"]).starts_with("Hint 3 of 3"));
    assert!(
        hint(&["ch02"]).starts_with("Hint 3 of 3"),
        "the last hint stays the last"
    );
    assert!(
        hint(&["ch02", "1"]).starts_with("Hint 1 of 3"),
        "any hint by number"
    );
    let state = std::fs::read_to_string(root.join(".viewbook/progress.toml")).unwrap();
    assert!(state.contains("ch02_views = 3"), "{state}");

    // A corrupted progress file: one notice, a fresh start, nothing lost but the hint count.
    std::fs::write(root.join(".viewbook/progress.toml"), "hints_seen = [[[").unwrap();
    let output = viewbook(&["--workbook", workbook, "hint", "ch02"]);
    assert!(output.status.success(), "{output:?}");
    assert!(stdout(&output).starts_with("Hint 1 of 3"));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("was unreadable; starting it afresh"), "{err}");
}

#[test]
fn goto_chooses_the_chapter_to_work_on() {
    let root = fixture_workbook("goto", "// mine\n");
    let output = viewbook(&["--workbook", root.to_str().unwrap(), "goto", "4"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(
        text.contains("Next: chapter 4, \"Writing through aliases\""),
        "{text}"
    );
    assert!(
        text.contains("3. run   cargo test -p exercises --test ch04_aliasing"),
        "{text}"
    );
    let state = std::fs::read_to_string(root.join(".viewbook/progress.toml")).unwrap();
    assert!(state.contains("current = \"ch04_aliasing\""), "{state}");
}

#[test]
fn list_filters_chapters_and_solution_stays_hidden_until_the_chapter_passes() {
    let output = viewbook(&["list", "--pending", "view"]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let slugs: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_whitespace().nth(1))
        .collect();
    assert_eq!(
        slugs,
        ["ch02_views", "ch03_base", "ch08_rust_views"],
        "{text}"
    );

    let output = viewbook(&["solution", "ch01"]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("ch01_lists does not pass yet (0/14 checks): its solution stays hidden"),
        "{err}"
    );
    let output = viewbook(&["solution", "ch01", "--force"]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).contains("pub fn slice(&self, range: impl RangeBounds<usize>) -> List {")
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
        "viewbook: /nonexistent is not a viewbook workbook (it has no chapters.toml and \
         exercises/Cargo.toml): give --workbook the folder that holds them"
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
    std::fs::copy(source.join("chapters.toml"), root.join("chapters.toml")).unwrap();
    // The catalogue the CLI speaks Chinese from.
    std::fs::create_dir_all(root.join("book/po")).unwrap();
    std::fs::copy(
        source.join("book/po/zh-CN.po"),
        root.join("book/po/zh-CN.po"),
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

    let undo = || {
        let output = viewbook(&["--workbook", workbook, "reset", "ch01", "--undo", "--yes"]);
        assert!(output.status.success(), "{output:?}");
        stdout(&output)
    };
    let said = undo();
    assert!(
        said.contains("Brought back exercises/src/ch01_lists.rs as your last reset found it"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        mine.as_bytes(),
        "undo brings the learner's file back, byte for byte"
    );
    // Undo again: still the learner's file, not the stub the first undo replaced.
    let said = undo();
    assert!(
        said.contains("is already the file your last reset replaced"),
        "{said}"
    );
    assert_eq!(
        std::fs::read(&file).unwrap(),
        mine.as_bytes(),
        "a second undo changes nothing"
    );
    // The stub that undo replaced was saved too: nothing is ever lost.
    let mut backups: Vec<_> = std::fs::read_dir(root.join(".viewbook/backups"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    backups.sort();
    let saved: Vec<Vec<u8>> = backups.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(saved, vec![mine.as_bytes().to_vec(), stub]);
}

#[test]
fn reset_without_a_terminal_or_yes_changes_nothing() {
    let root = fixture_workbook("reset-no-tty", "// mine\n");
    let output = cli()
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
        "viewbook: there is no backup of exercises/src/ch01_lists.rs to bring back: no reset \
         has replaced it"
    );
}

#[test]
fn watch_checks_the_current_chapter_and_obeys_typed_commands() {
    use std::io::Write;
    let mut child = cli()
        .args(["watch", "--manual-run"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Typed ahead: they are read once the first check is done.
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"r\nwhat\nq\n")
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    let total = manifest().chapter("ch01_lists").unwrap().hints.len();
    // The page to read is the built one when the book is built, the Markdown source otherwise.
    let page = viewbook::book::page_to_read(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        manifest().chapter("ch01_lists").unwrap(),
    );
    assert_eq!(
        text.matches(&format!(
            "ch01_lists: 0/14 checks pass, 14 fail, not started: read {page}"
        ))
        .count(),
        2,
        "a first check, then one for `r`:\n{text}"
    );
    assert!(text.contains("unknown command \"what\""), "{text}");
    assert_eq!(
        text.matches(&format!(
            "\nch01_lists · keys (then Enter): h hint (1 of {total}) · l list · n next chapter · \
             r check (after saving) · q quit\n"
        ))
        .count(),
        3,
        "the keys after each check and command:\n{text}"
    );
}

/// A full copy of this workbook (what `cargo test -p exercises` needs), built once, with its
/// build in its own `target/` as a learner's is: the tests that run suites copy it.
fn built_workbook() -> &'static Path {
    static BUILT: OnceLock<PathBuf> = OnceLock::new();
    BUILT.get_or_init(|| {
        let source = Path::new(env!("CARGO_MANIFEST_DIR"));
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("built");
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        for file in ["Cargo.toml", "Cargo.lock", "chapters.toml", "clippy.toml"] {
            std::fs::copy(source.join(file), root.join(file)).unwrap();
        }
        for dir in [
            ".cargo",
            "src",
            "exercises",
            "solutions",
            "mistakes",
            "suites",
            "stubs",
        ] {
            copy_dir(&source.join(dir), &root.join(dir));
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let built = in_workbook(&mut Command::new(cargo), &root)
            .args(["test", "-p", "exercises", "--no-run", "--quiet"])
            .status()
            .unwrap();
        assert!(built.success(), "the fixture workbook builds");
        root
    })
}

/// `command`, run in `workbook` as a learner runs it there: from inside the folder, building
/// into the workbook's own `target/` (whatever target directory this test run was given).
fn in_workbook<'c>(command: &'c mut Command, workbook: &Path) -> &'c mut Command {
    command
        .current_dir(workbook)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("CARGO_BUILD_TARGET_DIR")
}

/// A copy of the built workbook, made as a learner would make one (`cp -a`, build included).
#[cfg(unix)]
fn copy_of_built(name: &str) -> PathBuf {
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    cp_a(built_workbook(), &copy);
    copy
}

/// `cp -a from to`, as a learner copies a workbook, replacing any earlier `to`.
#[cfg(unix)]
fn cp_a(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let status = Command::new("cp")
        .arg("-a")
        .arg(from)
        .arg(to)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "cp -a {} {}",
        from.display(),
        to.display()
    );
}

/// Runs the binary with no `--workbook`, from `dir` (a workbook or a folder inside one).
fn viewbook_in(dir: &Path, args: &[&str]) -> Output {
    in_workbook(&mut cli(), dir).args(args).output().unwrap()
}

/// Puts a chapter's reference solution in the learner's file, saved now as an editor would:
/// cargo rebuilds by modification time, and the copied build may be newer than the file.
fn solve(workbook: &Path, slug: &str) {
    let file = workbook.join(format!("exercises/src/{slug}.rs"));
    std::fs::copy(workbook.join(format!("solutions/src/{slug}.rs")), &file).unwrap();
    saved_now(&file);
}

#[cfg(unix)]
#[test]
fn a_built_workbook_copied_or_moved_works_on_itself_and_leaves_the_other_alone() {
    let original = copy_of_built("original");
    let stub = std::fs::read(original.join("stubs/ch01_lists.rs")).unwrap();
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join("copy");
    cp_a(&original, &copy);

    // In the copy, from a folder inside it: its own file is checked, its own hints recorded.
    solve(&copy, "ch01_lists");
    let output = viewbook_in(&copy.join("exercises/src"), &[]);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stdout(&output).contains("✓ ch01_lists"),
        "{}",
        stdout(&output)
    );
    assert!(viewbook_in(&copy, &["hint", "ch01"]).status.success());
    assert!(copy.join(".viewbook/progress.toml").is_file());

    // The original saw none of it.
    // (Its own status, later, remembers its verdicts there: that is all it may write.)
    let untouched = |original: &Path| {
        !original.join(".viewbook/progress.toml").exists()
            && !original.join(".viewbook/backups").exists()
    };
    assert!(untouched(&original), "the copy wrote into the original");
    let output = viewbook_in(&original, &[]);
    assert!(
        stdout(&output).contains("· ch01_lists"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read(original.join("exercises/src/ch01_lists.rs")).unwrap(),
        stub
    );

    // Moved, the copy still works on itself, and a reset there touches only its own files.
    let moved = Path::new(env!("CARGO_TARGET_TMPDIR")).join("moved");
    let _ = std::fs::remove_dir_all(&moved);
    std::fs::rename(&copy, &moved).unwrap();
    let output = viewbook_in(&moved, &["list", "ch01"]);
    assert!(stdout(&output).contains("✓ ch01_lists"), "{output:?}");
    assert!(
        viewbook_in(&moved, &["reset", "ch01", "--yes"])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read(moved.join("exercises/src/ch01_lists.rs")).unwrap(),
        stub
    );
    assert!(moved.join(".viewbook/backups").is_dir());
    assert!(
        untouched(&original),
        "the moved copy wrote into the original"
    );
}

#[cfg(unix)]
#[test]
fn status_after_solving_chapter_one_and_with_a_compile_error_in_chapter_two() {
    let root = copy_of_built("solved-ch01");
    solve(&root, "ch01_lists");
    // A corrupted progress file on top: one notice, and the status is measured as ever.
    std::fs::create_dir_all(root.join(".viewbook")).unwrap();
    std::fs::write(root.join(".viewbook/progress.toml"), "\u{0}garbage = [").unwrap();
    let output = viewbook_in(&root, &[]);
    assert!(output.status.success(), "{output:?}");
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains(".viewbook/progress.toml was unreadable"),
        "{err}"
    );
    let text = stdout(&output);
    assert!(text.contains("✓ ch01_lists"), "{text}");
    assert!(text.contains("done         14/14 checks"), "{text}");
    assert!(err.contains("checking ch01_lists ..."), "{err}");

    // Nothing changed: the status is the remembered verdicts, and no suite runs.
    let again = viewbook_in(&root, &[]);
    let again_err = String::from_utf8_lossy(&again.stderr);
    assert!(!again_err.contains("checking"), "{again_err}");
    assert_eq!(stdout(&again), text);
    // Chapter 8 uses nothing of chapter 1: a change to chapter 8 reruns only chapter 8 and
    // the chapters that call into it.
    let ch08 = root.join("exercises/src/ch08_rust_views.rs");
    let mut edited = std::fs::read_to_string(&ch08).unwrap();
    edited.push_str("\n// a note of my own\n");
    std::fs::write(&ch08, edited).unwrap();
    let after_edit = String::from_utf8_lossy(&viewbook_in(&root, &[]).stderr).into_owned();
    assert!(
        after_edit.contains("checking ch08_rust_views ..."),
        "{after_edit}"
    );
    assert!(!after_edit.contains("checking ch01_lists"), "{after_edit}");
    assert!(text.contains("· ch02_views"), "{text}");
    assert!(
        text.contains("Next: chapter 2, \"Slicing an array does not copy\""),
        "{text}"
    );

    let ch02 = root.join("exercises/src/ch02_views.rs");
    let mut broken = std::fs::read_to_string(&ch02).unwrap();
    broken.push_str("\nfn half_typed( {\n");
    std::fs::write(&ch02, broken).unwrap();
    let output = viewbook_in(&root, &[]);
    assert!(output.status.success(), "{output:?}");
    let text = stdout(&output);
    assert!(
        text.contains("✗ ch01_lists"),
        "a compile error stops every chapter:\n{text}"
    );
    assert!(text.contains("does not compile"), "{text}");
    assert!(
        text.contains("Next: chapter 2, \"Slicing an array does not copy\""),
        "{text}"
    );
    assert!(text.contains("--> exercises/src/ch02_views.rs:"), "{text}");
    assert!(
        text.contains("2. edit  exercises/src/ch02_views.rs"),
        "{text}"
    );
}

/// Marks `file` saved now, as an editor would: cargo rebuilds by modification time.
fn saved_now(file: &std::path::Path) {
    std::fs::File::options()
        .write(true)
        .open(file)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
}

#[cfg(unix)]
#[test]
fn watch_counts_the_checks_and_names_its_own_keys() {
    use std::io::{BufRead, Write};
    use std::sync::mpsc;
    use std::time::Duration;

    // Chapters 1 to 5 solved, except that chapter 2's `get` names the wrong IndexError.
    let root = copy_of_built("watch-in-progress");
    for slug in [
        "ch01_lists",
        "ch02_views",
        "ch03_base",
        "ch04_aliasing",
        "ch05_copy",
    ] {
        solve(&root, slug);
    }
    let ch02 = root.join("exercises/src/ch02_views.rs");
    let solved = std::fs::read_to_string(&ch02).unwrap();
    let wrong = solved.replace("is out of bounds for axis 0", "is past the end of axis 0");
    assert_ne!(wrong, solved, "the solution's IndexError message moved");
    std::fs::write(&ch02, wrong).unwrap();
    saved_now(&ch02);

    let mut child = in_workbook(&mut cli(), &root)
        .args(["watch", "--manual-run"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (lines, from_watch) = mpsc::channel();
    let printed = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(printed).lines() {
            if lines.send(line.unwrap()).is_err() {
                return;
            }
        }
    });
    // Every line watch prints, until it prints `what` (None: until it ends).
    let mut seen = Vec::new();
    let mut read_until = |what: Option<&str>| loop {
        match from_watch.recv_timeout(Duration::from_secs(600)) {
            Ok(line) => {
                let found = what.is_some_and(|what| line.contains(what));
                seen.push(line);
                if found {
                    return;
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) if what.is_none() => return,
            Err(_) => panic!("watch never printed {what:?}:\n{}", seen.join("\n")),
        }
    };
    // The first check and its keys; a hint and the keys; then the chapter fixed and checked
    // again (on to chapter 6), the next chapter, and the end.
    read_until(Some("q quit"));
    stdin.write_all(b"h\n").unwrap();
    read_until(Some("q quit"));
    std::fs::write(&ch02, &solved).unwrap();
    saved_now(&ch02);
    stdin.write_all(b"r\nn\nq\n").unwrap();
    read_until(None);
    assert!(child.wait().unwrap().success());
    let text = seen.join("\n");

    // `cargo run` agrees: the untouched chapters are not started.
    let status = viewbook_in(&root, &[]);
    assert!(status.status.success(), "{status:?}");
    let status = stdout(&status);
    for line in [
        "✓ ch05_copy",
        "· ch06_takeaways",
        "· ch07_strides",
        "· ch08_rust_views",
    ] {
        assert!(status.contains(line), "{line}:\n{status}");
    }

    let counts = text
        .lines()
        .find_map(|l| l.strip_prefix("ch02_views: ")?.strip_suffix(" fail"))
        .unwrap_or_else(|| panic!("no count of ch02's checks:\n{text}"));
    let (pass, fail) = counts.split_once(" checks pass, ").unwrap();
    let (passed, checks) = pass.split_once('/').unwrap();
    let (passed, checks, failed): (usize, usize, usize) = (
        passed.parse().unwrap(),
        checks.parse().unwrap(),
        fail.parse().unwrap(),
    );
    assert!(
        passed > 0 && failed > 0 && passed + failed == checks,
        "{text}"
    );
    let first = format!("ch02_views: {counts} fail\nfirst failing check: ");
    assert!(
        text.contains(&first),
        "the count, then the first failure:\n{text}"
    );
    assert!(
        text.contains("is past the end of axis 0"),
        "its message:\n{text}"
    );
    let footer = |hint: usize| {
        format!(
            "ch02_views · keys (then Enter): h hint ({hint} of 3) · l list · n next chapter · \
             r check (after saving) · q quit"
        )
    };
    assert!(text.contains(&footer(1)), "{text}");
    assert!(text.contains("Hint 1 of 3 for ch02_views"), "{text}");
    assert!(text.contains("Still stuck? Press h for hint 2."), "{text}");
    assert!(
        text.contains(&footer(2)),
        "the footer names the next hint:\n{text}"
    );
    assert!(
        !text.contains("cargo run -- hint"),
        "watch names its keys, not the commands:\n{text}"
    );
    for slug in ["ch02_views", "ch03_base", "ch04_aliasing", "ch05_copy"] {
        assert!(text.contains(&format!("✓ {slug}: all ")), "{slug}:\n{text}");
    }
    assert!(text.contains("Moving on to ch06_takeaways."), "{text}");
    // Chapters 6 and 7 are untouched: not started, though with chapters 2 to 5 done their
    // checks fail on the stubs' given code rather than on a todo!() (chapter 6's stub leaks).
    for slug in ["ch06_takeaways", "ch07_strides"] {
        let verdict = text
            .lines()
            .find(|l| l.starts_with(&format!("{slug}: ")))
            .unwrap_or_else(|| panic!("no verdict for {slug}:\n{text}"));
        assert!(
            verdict.contains(&format!(" fail, not started: read book/src/{slug}.md")),
            "{verdict}\n\n{text}"
        );
    }
}
