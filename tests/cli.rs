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
