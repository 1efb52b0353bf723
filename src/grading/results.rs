//! What grading writes: a `results.json` per student in the shape of Exercism's test runner
//! (version 3: `status`, `message`, `tests[]` with `name`, `status`, `message`, `output`,
//! `test_code`, `task_id`) plus `score` and `max_score`; a class `grades.csv`; and a Markdown
//! report with each failing test's teaching message.

use std::fmt::Write;

use serde::Serialize;

use super::suite::Status;

/// One student's results: Exercism's test-runner fields, then viewbook's.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The results format's version (Exercism's 3: tests carry a `task_id`).
    pub version: u32,
    /// `pass` when every test passed, `error` when nothing could be graded, else `fail`.
    pub status: Status,
    /// What went wrong, for a status other than `pass`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// Every test of every chapter.
    pub tests: Vec<TestResult>,
    /// Points earned: the points of each chapter whose every test passed.
    pub score: u32,
    /// Points available.
    pub max_score: u32,
    /// The student's id (the submission's folder or repository name).
    pub student: String,
    /// The submission as given to the grader.
    pub source: String,
    /// Each chapter's part of the score.
    pub chapters: Vec<ChapterResult>,
    /// What the grader left out of the submission or replaced, and why.
    pub notes: Vec<String>,
}

/// One test, as Exercism's test runner reports it.
#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    /// `chapter / test`, e.g. `ch02_views / a_view_is_a_small_handle`.
    pub name: String,
    /// Its verdict.
    pub status: Status,
    /// The teaching message of a failed test, or what stopped an errored one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// What the learner's code printed, at most 500 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// The test's source, from the chapter's suite.
    pub test_code: String,
    /// The chapter's number: Exercism's task.
    pub task_id: u32,
}

/// One chapter's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct ChapterResult {
    /// The chapter's slug.
    pub slug: String,
    /// Its number, from 1.
    pub task_id: u32,
    /// Its verdict: `pass` (every test passed), `fail` or `error` (it could not run through).
    pub status: Status,
    /// Points earned.
    pub score: u32,
    /// Points available.
    pub points: u32,
    /// Tests passed.
    pub passed: usize,
    /// Tests in the suite.
    pub total: usize,
    /// Why the chapter errored, or a note on it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// How long its suite ran, in seconds.
    pub seconds: f64,
}

impl ChapterResult {
    /// A chapter that has earned nothing yet: `error` until its suite says otherwise.
    pub fn new(slug: &str, task_id: u32, points: u32, message: Option<String>) -> ChapterResult {
        ChapterResult {
            slug: slug.to_owned(),
            task_id,
            status: Status::Error,
            score: 0,
            points,
            passed: 0,
            total: 0,
            message,
            seconds: 0.0,
        }
    }
}

/// The class's `grades.csv`: one row per student, one column per chapter's score, then the
/// total, the maximum and the status.
pub fn grades_csv(slugs: &[String], class: &[Results]) -> String {
    let mut csv = String::from("student");
    for slug in slugs {
        csv.push(',');
        csv.push_str(slug);
    }
    csv.push_str(",score,max_score,status\n");
    for results in class {
        csv.push_str(&csv_field(&results.student));
        for slug in slugs {
            let score = results
                .chapters
                .iter()
                .find(|c| &c.slug == slug)
                .map_or(0, |c| c.score);
            let _ = write!(csv, ",{score}");
        }
        let _ = writeln!(
            csv,
            ",{},{},{}",
            results.score,
            results.max_score,
            status_word(results.status)
        );
    }
    csv
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

fn status_word(status: Status) -> &'static str {
    match status {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::Error => "error",
    }
}

/// The class report: a table of scores, then each student's notes and, for each chapter that
/// did not pass, each failing test's teaching message.
pub fn class_report(slugs: &[String], class: &[Results]) -> String {
    let mut md = String::from("# Grades\n\n| student |");
    for slug in slugs {
        let _ = write!(md, " {} |", &slug[..slug.find('_').unwrap_or(slug.len())]);
    }
    md.push_str(" score |\n|---|");
    md.push_str(&"---:|".repeat(slugs.len() + 1));
    md.push('\n');
    for results in class {
        let _ = write!(md, "| {} |", results.student);
        for chapter in &results.chapters {
            let mark = match chapter.status {
                Status::Pass => "✓",
                Status::Fail => "✗",
                Status::Error => "!",
            };
            let _ = write!(md, " {} {mark} |", chapter.score);
        }
        let _ = writeln!(md, " {}/{} |", results.score, results.max_score);
    }
    md.push_str(
        "\n✓ every check passed · ✗ some checks failed · ! the suite could not run through\n",
    );
    for results in class {
        md.push('\n');
        md.push_str(&student_report(results));
    }
    md
}

/// One student's part of the report.
pub fn student_report(results: &Results) -> String {
    let mut md = format!(
        "## {}: {}/{}\n\nSubmission: `{}`\n",
        results.student, results.score, results.max_score, results.source
    );
    if let Some(message) = &results.message {
        let _ = writeln!(md, "\n{}", quoted(message));
    }
    for note in &results.notes {
        let _ = writeln!(md, "\n- {note}");
    }
    for chapter in &results.chapters {
        if chapter.status == Status::Pass {
            continue;
        }
        let _ = writeln!(
            md,
            "\n### {}: {}/{} points, {}/{} checks pass",
            chapter.slug, chapter.score, chapter.points, chapter.passed, chapter.total
        );
        if let Some(message) = &chapter.message {
            let _ = writeln!(md, "\n{}", quoted(message));
        }
        let failing: Vec<&TestResult> = results
            .tests
            .iter()
            .filter(|t| t.task_id == chapter.task_id && t.status != Status::Pass)
            .collect();
        let not_started = !failing.is_empty()
            && failing.iter().all(|t| {
                t.message
                    .as_deref()
                    .is_some_and(|m| m.contains("not yet implemented"))
            });
        if not_started {
            // The chapter's message, printed above, says when the todo!() is another chapter's.
            if chapter.message.is_none() {
                md.push_str("\nNot started: every check stops at a `todo!()`.\n");
            }
            continue;
        }
        // A chapter that did not compile gives every check the same message: say it once.
        let same = failing
            .windows(2)
            .all(|pair| pair[0].message == pair[1].message);
        if same && failing.len() > 1 {
            let message = failing[0].message.as_deref().unwrap_or("");
            let _ = writeln!(
                md,
                "\nAll {} checks that did not pass: {message}",
                failing.len()
            );
            continue;
        }
        for test in failing {
            let _ = writeln!(md, "\n- `{}`", test.name);
            if let Some(message) = &test.message {
                let _ = writeln!(md, "\n{}", indented(&quoted(message)));
            }
        }
    }
    md
}

fn quoted(text: &str) -> String {
    format!("```text\n{}\n```", text.trim_end())
}

fn indented(text: &str) -> String {
    text.lines()
        .map(|l| format!("  {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The source of the test function `name` names (`function::case` → `function`) in a suite:
/// its attributes and doc comment, up to the closing brace at the start of a line (the suites
/// are rustfmt-formatted).
pub fn test_code(suite: &str, name: &str) -> String {
    let function = name.split("::").next().unwrap_or(name);
    let lines: Vec<&str> = suite.lines().collect();
    let Some(at) = lines
        .iter()
        .position(|l| l.starts_with(&format!("fn {function}(")))
    else {
        return String::new();
    };
    let start = lines[..at]
        .iter()
        .rposition(|l| l.trim().is_empty() || *l == "}")
        .map_or(0, |i| i + 1);
    let end = lines[at..]
        .iter()
        .position(|l| *l == "}")
        .map_or(lines.len(), |i| at + i + 1);
    lines[start..end].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_code_takes_attributes_and_body() {
        let suite = "use x;\n\n#[test]\n/// Doc.\nfn one() {\n    body();\n}\n\n#[rstest]\n#[case::a(1)]\nfn two(#[case] n: u8) {\n    if n > 0 {\n    }\n}\n";
        assert_eq!(
            test_code(suite, "one"),
            "#[test]\n/// Doc.\nfn one() {\n    body();\n}"
        );
        assert_eq!(
            test_code(suite, "two::case_1_a"),
            "#[rstest]\n#[case::a(1)]\nfn two(#[case] n: u8) {\n    if n > 0 {\n    }\n}"
        );
        assert_eq!(test_code(suite, "three"), "");
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("alice"), "alice");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
