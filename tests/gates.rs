//! The workbook's gates, run by `cargo test` at the root: the chapter files exist and agree
//! with the manifest, the learner's untouched stubs compile without warnings and pass no graded
//! test, and every catalogued mistake is rejected with its teaching message. (The suites
//! passing against `solutions` is the rest of `cargo test`.)
//!
//! These drive `cargo test` on the `exercises` and `mistakes` packages, as rustlings' dev check
//! and Exercism's CI do; they share this workspace's target directory, so only the changed
//! crates are rebuilt.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use viewbook::manifest::manifest;
use viewbook::runner::SuiteRun;

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(workspace().join(relative))
        .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
}

#[derive(Deserialize)]
struct PackageManifest {
    #[serde(default)]
    test: Vec<TestTarget>,
    #[serde(default)]
    features: toml::Table,
}

#[derive(Deserialize)]
struct TestTarget {
    name: String,
    path: String,
}

fn package(name: &str) -> PackageManifest {
    toml::from_str(&read(&format!("{name}/Cargo.toml")))
        .unwrap_or_else(|e| panic!("{name}/Cargo.toml: {e}"))
}

#[derive(Deserialize)]
struct Catalogue {
    mistake: Vec<Mistake>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Mistake {
    chapter: String,
    /// The chapter whose suite must reject it, when not its own: a wrong method of an earlier
    /// chapter that a later chapter must blame on that method.
    #[serde(default)]
    suite: Option<String>,
    feature: String,
    what: String,
    expect: String,
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    patch: Vec<toml::Table>,
}

fn catalogue() -> Catalogue {
    toml::from_str(&read("mistakes/catalogue.toml"))
        .unwrap_or_else(|e| panic!("mistakes/catalogue.toml: {e}"))
}

#[test]
fn every_chapter_has_its_stub_solution_suite_and_page() {
    for chapter in &manifest().chapters {
        assert_eq!(
            chapter.test, chapter.slug,
            "a chapter's suite is named after it"
        );
        for file in [
            chapter.exercise_file(),
            chapter.solution_file(),
            chapter.suite_file(),
            chapter.page_file(),
        ] {
            assert!(
                workspace().join(&file).is_file(),
                "chapter {} has no {file}",
                chapter.slug
            );
        }
        let summary = read("book/src/SUMMARY.md");
        assert!(
            summary.contains(&format!("({})", chapter.page)),
            "book/src/SUMMARY.md does not link {}",
            chapter.page
        );
    }
}

#[test]
fn every_learner_file_is_compiled_into_the_suites() {
    // The suites compile the learner's files themselves (exercises/tests/workbook.rs), so its
    // list of files must be the library's: a module missing there is missing from every suite.
    let modules = |text: &str, pattern: &str| -> BTreeSet<String> {
        text.lines()
            .filter_map(|l| l.trim().strip_prefix(pattern))
            .map(|rest| {
                rest.split([';', ','])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_owned()
            })
            .collect()
    };
    let library = modules(&read("exercises/src/lib.rs"), "pub mod ");
    let mounting = read("exercises/tests/workbook.rs");
    let mounted = modules(&mounting, "learner_file!(");
    assert_eq!(
        mounted, library,
        "exercises/tests/workbook.rs mounts other files than exercises/src/lib.rs declares"
    );
    for module in &library {
        assert!(
            mounting.contains(&format!(
                "learner_file!({module}, \"../exercises/src/{module}.rs\");"
            )),
            "exercises/tests/workbook.rs mounts `{module}` from another file"
        );
    }
    for chapter in &manifest().chapters {
        assert!(
            read(&chapter.suite_file()).contains(&format!("\nworkbook!({});\n", chapter.slug)),
            "{} must say `workbook!({});`: its own chapter is the one whose warnings it shows",
            chapter.suite_file(),
            chapter.slug
        );
    }
}

#[test]
fn every_implementation_runs_every_chapter_suite() {
    let expected: BTreeSet<(String, String)> = manifest()
        .chapters
        .iter()
        .map(|c| (c.test.clone(), format!("../{}", c.suite_file())))
        .collect();
    for name in ["exercises", "solutions", "mistakes"] {
        let targets: BTreeSet<(String, String)> = package(name)
            .test
            .into_iter()
            .map(|t| (t.name, t.path))
            .collect();
        assert_eq!(
            targets, expected,
            "{name}/Cargo.toml's [[test]] targets differ from chapters.toml"
        );
    }
}

#[test]
fn untouched_stubs_compile_warning_free_and_pass_no_graded_test() {
    let mut graded = 0;
    for chapter in &manifest().chapters {
        let outcome = SuiteRun {
            workspace: workspace(),
            package: "exercises",
            test: &chapter.test,
            features: &[],
        }
        .run()
        .unwrap();
        assert!(
            outcome.compiled,
            "the stubs of {} do not compile:\n{}",
            chapter.slug, outcome.output
        );
        assert!(
            outcome.diagnostics.is_empty(),
            "the stubs of {} compile with warnings:\n{}",
            chapter.slug,
            outcome.diagnostics.join("\n\n")
        );
        assert!(
            !outcome.tests.is_empty(),
            "the suite of {} ran no test",
            chapter.slug
        );
        let passing: Vec<&str> = outcome
            .tests
            .iter()
            .filter(|t| t.passed)
            .map(|t| t.name.as_str())
            .collect();
        assert!(
            passing.is_empty(),
            "on untouched stubs, these tests of {} pass already (they check nothing the \
             learner writes): {passing:?}\n(A learner who has solved chapters in exercises/ \
             sees this gate fail: it guards the project's pristine stubs. Check your own work \
             with `cargo test -p exercises`.)",
            chapter.slug
        );
        assert!(
            outcome.not_started(),
            "every test of {} should stop at the stub's todo!()",
            chapter.slug
        );
        // The page shows the summary line a learner gets once everything is right.
        let summary = format!("test result: ok. {} passed; 0 failed", outcome.tests.len());
        assert!(
            read(&format!("book/src/{}", chapter.page)).contains(&summary),
            "book/src/{} should show the suite's summary line, `{summary}`",
            chapter.page
        );
        graded += outcome.tests.len();
        // A stub's todo!() message is the first thing a learner reads: it names the task, and
        // never prints a chapter's 8-million-element input (once it printed 52 MiB of a mask).
        assert!(
            outcome.output.len() < 100 * 1024,
            "the untouched stubs of {} make its suite print {} bytes: a todo!() message \
             formats a whole input with {{:?}}",
            chapter.slug,
            outcome.output.len()
        );
    }
    assert_eq!(
        graded,
        common::GRADED_TESTS,
        "the suites hold {graded} graded tests: set GRADED_TESTS in tests/common/mod.rs"
    );
}

#[test]
fn with_rust_backtrace_set_the_untouched_stubs_print_lessons_not_frames() {
    // Many Rust users keep RUST_BACKTRACE=1 in their shell: the suites' panic report then
    // shows the message and only the workbook's frames (viewbook's `harness::panics`).
    for chapter in &manifest().chapters {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = std::process::Command::new(cargo)
            .current_dir(workspace())
            .args(["test", "-p", "exercises", "--test", &chapter.test])
            .env("RUST_BACKTRACE", "1")
            .env("INSTA_UPDATE", "no")
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stderr),
            String::from_utf8_lossy(&out.stdout)
        );
        assert!(
            !text.contains("stack backtrace:") && !text.contains("core::panicking"),
            "with RUST_BACKTRACE=1, the untouched {} prints std's frames:\n{text}",
            chapter.slug
        );
        if chapter.slug == "ch01_lists" {
            let lines = text.lines().count();
            assert!(
                lines <= 200,
                "with RUST_BACKTRACE=1, the untouched ch01 prints {lines} lines (at most 200)"
            );
        }
    }
}

#[test]
fn the_catalogue_lists_each_mistake_feature_once() {
    let features: BTreeSet<String> = package("mistakes").features.keys().cloned().collect();
    let catalogued: Vec<String> = catalogue()
        .mistake
        .iter()
        .map(|m| m.feature.clone())
        .collect();
    let unique: BTreeSet<String> = catalogued.iter().cloned().collect();
    assert_eq!(
        unique.len(),
        catalogued.len(),
        "a mistake is catalogued twice"
    );
    for mistake in catalogue().mistake {
        assert!(
            mistake.module.is_some() == mistake.patch.is_empty(),
            "mistake {} needs exactly one of `module` and `patch`",
            mistake.feature
        );
    }
    assert_eq!(
        unique, features,
        "mistakes/catalogue.toml and the features of mistakes/Cargo.toml differ"
    );
}

#[test]
fn every_catalogued_mistake_is_rejected_with_its_lesson() {
    for mistake in catalogue().mistake {
        let suite = mistake.suite.as_deref().unwrap_or(&mistake.chapter);
        let chapter = manifest()
            .chapter(suite)
            .unwrap_or_else(|| panic!("{}: no chapter {suite}", mistake.feature));
        let outcome = SuiteRun {
            workspace: workspace(),
            package: "mistakes",
            test: &chapter.test,
            features: &[&mistake.feature],
        }
        .run()
        .unwrap();
        assert!(
            outcome.compiled,
            "mistake {} does not compile:\n{}",
            mistake.feature, outcome.output
        );
        // A suite stopped by its watchdog, or one that crashed, rejects too, but by the clock
        // or by accident: on a faster machine the same mistake could pass. A catalogued mistake
        // must be caught by the checks written for it, every run.
        assert!(
            outcome.finished,
            "the {} suite did not run to its end on mistake {} ({}): {}",
            chapter.slug,
            mistake.feature,
            mistake.what,
            outcome.crash_report().unwrap_or_default()
        );
        assert!(
            outcome.failed() > 0,
            "the {} suite accepts mistake {}: {}",
            chapter.slug,
            mistake.feature,
            mistake.what
        );
        // The catalogue as documentation: which checks catch the mistake, and what the first
        // of them (in the suite's order) tells the learner. Measured sizes vary by a few KiB
        // from run to run, so they are blanked.
        let failing: Vec<&str> = outcome
            .tests
            .iter()
            .filter(|t| !t.passed)
            .map(|t| t.name.as_str())
            .collect();
        let first = outcome.first_failure().and_then(|t| t.message.as_deref());
        let entry = format!(
            "{}\n\ncaught by:\n  {}\n\nfirst message:\n{}",
            mistake.what,
            failing.join("\n  "),
            blank_sizes(first.unwrap_or("(none)"))
        );
        insta::assert_snapshot!(format!("mistake_{}", mistake.feature), entry);
        assert!(
            outcome
                .tests
                .iter()
                .filter_map(|t| t.message.as_deref())
                .any(|m| m.contains(&mistake.expect)),
            "the {} suite rejects mistake {} ({}) but never says {:?}; it said:\n{}",
            chapter.slug,
            mistake.feature,
            mistake.what,
            mistake.expect,
            outcome
                .tests
                .iter()
                .filter_map(|t| t.message.as_deref())
                .collect::<Vec<_>>()
                .join("\n---\n")
        );
    }
}

/// Replaces measured sizes such as `(32.1 MiB)` with `(… MiB)`.
fn blank_sizes(message: &str) -> String {
    let mut out = String::new();
    let mut rest = message;
    while let Some(end) = rest.find(" MiB)") {
        match rest[..end].rfind('(') {
            Some(open) => {
                out.push_str(&rest[..=open]);
                out.push('…');
            }
            None => out.push_str(&rest[..end]),
        }
        out.push_str(" MiB)");
        rest = &rest[end + " MiB)".len()..];
    }
    out.push_str(rest);
    out
}

/// Every `{{#include FILE[:ANCHOR|:LINES]}}` in the book names a file that exists and, for a
/// named anchor, an anchor that the file defines: the book's listings come from compiled code,
/// and a renamed file or anchor must not leave a hole in a page.
#[test]
fn every_book_include_resolves() {
    let mut checked = 0;
    for page in book_pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for include in text.split("{{#include ").skip(1) {
            let spec = include.split("}}").next().unwrap().trim();
            let (file, selector) = match spec.split_once(':') {
                Some((file, selector)) => (file, Some(selector)),
                None => (spec, None),
            };
            // mdBook resolves an include against the folder of the page that holds it.
            let target = page.parent().unwrap().join(file);
            let source = std::fs::read_to_string(&target).unwrap_or_else(|e| {
                panic!(
                    "{} includes {file}, which cannot be read: {e}",
                    page.display()
                )
            });
            // A selector starting with a digit or ':' is a line range; anything else an anchor.
            if let Some(anchor) = selector.filter(|s| !s.starts_with(|c: char| c.is_ascii_digit()))
            {
                for marker in [format!("ANCHOR: {anchor}"), format!("ANCHOR_END: {anchor}")] {
                    assert!(
                        source.contains(&marker),
                        "{} includes {file}:{anchor}, but {file} has no `{marker}`",
                        page.display()
                    );
                }
            }
            if file.ends_with(".snap") {
                check_snapshot_range(&page, file, &source, selector);
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "the book includes no code at all");
}

/// Every page of the book: the `.md` files under `book/src`, sub-pages of a chapter
/// (`book/src/ch04_aliasing/steps.md`) included.
fn book_pages() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&workspace().join("book/src"), &mut found);
    found.sort();
    assert!(
        found
            .iter()
            .any(|p| p.parent().unwrap().ends_with("ch02_views")),
        "the walk reaches the chapters' sub-pages"
    );
    found
}

/// A snapshot included by line range starts at its first line after insta's header (the
/// story's title): the header's length changes when insta records a field more or less
/// (`assertion_line`), and a shifted range would show a `---` and lose the title.
fn check_snapshot_range(page: &Path, file: &str, source: &str, selector: Option<&str>) {
    let Some(range) = selector else { return };
    let first: usize = range
        .split(':')
        .next()
        .unwrap()
        .parse()
        .unwrap_or_else(|_| {
            panic!(
                "{} includes {file}:{range}: not a line range",
                page.display()
            )
        });
    let body_starts = source
        .lines()
        .enumerate()
        .filter(|(_, line)| *line == "---")
        .nth(1)
        .map(|(i, _)| i + 2)
        .unwrap_or_else(|| panic!("{file} has no insta header"));
    // A whole story (`N:`) starts exactly at its title; a few rows quoted from further down
    // (the introduction's `9:11`) need only stay out of the header.
    let whole = range.ends_with(':');
    assert!(
        if whole {
            first == body_starts
        } else {
            first >= body_starts
        },
        "{} includes {file}:{range}, but the snapshot's content starts at line {body_starts}",
        page.display()
    );
}

/// Every Rust listing in the book is an `{{#include}}` of code that this workspace compiles:
/// a pasted listing could drift from the code, or not compile at all.
#[test]
fn every_rust_listing_is_included_from_compiled_code() {
    let mut pasted = Vec::new();
    for page in book_pages() {
        let text = std::fs::read_to_string(&page).unwrap();
        for block in text.split("```rust").skip(1) {
            let body = block.split_once('\n').map_or("", |(_, body)| body);
            let body = body.split("```").next().unwrap_or("").trim();
            if !(body.starts_with("{{#include") && body.lines().count() == 1) {
                let name = page.display().to_string();
                pasted.push(format!("{name}: {}", body.lines().next().unwrap_or("")));
            }
        }
    }
    assert!(
        pasted.is_empty(),
        "Rust listings pasted into the book instead of included:\n{}",
        pasted.join("\n")
    );
}

/// `stubs/` holds the pristine stub of every chapter, which `cargo run -- reset` puts back: in
/// this repository it must be byte for byte the stub the learner starts from.
#[test]
fn every_chapter_has_its_pristine_stub_for_reset() {
    for chapter in &manifest().chapters {
        let stub = read(&format!("stubs/{}.rs", chapter.slug));
        assert!(
            stub == read(&chapter.exercise_file()),
            "stubs/{}.rs differs from {}: copy the stub there whenever you change it",
            chapter.slug,
            chapter.exercise_file()
        );
    }
}
