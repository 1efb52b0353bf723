//! What grading writes: a `results.json` per student in the shape of Exercism's test runner
//! (version 3: `status`, `message`, `tests[]` with `name`, `status`, `message`, `output`,
//! `test_code`, `task_id`) plus `score` and `max_score`; a class `grades.csv`; and a Markdown
//! report with each failing test's teaching message.
//!
//! A submission controls much of the report's text: its panic messages, the compiler's errors
//! about its code, the names of its files (in the notes), its folder's name (the student's id)
//! and the path it was given as. The report writes all of it as inert Markdown, whatever it
//! holds: messages in fenced code blocks no line of theirs can close, names and paths in code
//! spans no backtick of theirs can end, ids and notes as escaped text on one line. So a
//! submission cannot add a heading, a table row, a link, an image or HTML to the report.

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

/// What a `todo!()` panics with: a stub's message follows it, starting with its chapter's slug.
pub const TODO_PANIC: &str = "not yet implemented";

/// Whether a test's message is a stub's `todo!()`.
pub fn stops_at_todo(message: Option<&str>) -> bool {
    message.is_some_and(|m| m.contains(TODO_PANIC))
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
        let _ = write!(md, "| {} |", plain(&results.student));
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
        "## {}: {}/{}\n\nSubmission: {}\n",
        plain(&results.student),
        results.score,
        results.max_score,
        code(&results.source)
    );
    if let Some(message) = &results.message {
        let _ = writeln!(md, "\n{}", quoted(message));
    }
    for note in &results.notes {
        let _ = writeln!(md, "\n- {}", plain(note));
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
        let not_started =
            !failing.is_empty() && failing.iter().all(|t| stops_at_todo(t.message.as_deref()));
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
            let all = format!("All {} checks that did not pass:", failing.len());
            if message.trim_end().contains(['\n', '\r']) {
                let _ = writeln!(md, "\n{all}\n\n{}", quoted(message));
            } else {
                let _ = writeln!(md, "\n{all} {}", plain(message));
            }
            continue;
        }
        for test in failing {
            let _ = writeln!(md, "\n- {}", code(&test.name));
            if let Some(message) = &test.message {
                let _ = writeln!(md, "\n{}", indented(&quoted(message)));
            }
        }
    }
    md
}

/// `text` as a fenced code block, which shows every line as it is: its fence is longer than
/// any run of backticks in the text (three backticks for most texts), so no line of the text
/// can close it (CommonMark), and every line break is a line feed, so that [`indented`] keeps
/// every line inside its list item (a lone carriage return also ends a line in Markdown).
fn quoted(text: &str) -> String {
    let text = text.trim_end().replace("\r\n", "\n").replace('\r', "\n");
    let fence = "`".repeat(longest_run_of_backticks(&text).max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

/// `text` as an inline code span, which shows it as it is: delimited by one backtick more than
/// its longest run of backticks, and padded with a space at each end where it starts or ends
/// with a backtick (which would join the delimiter) or with spaces at both ends (CommonMark
/// strips one of each). A span cannot hold a line break (the next line could start a block),
/// so control characters show as spaces.
fn code(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.trim_matches(' ').is_empty() {
        return "` `".to_owned();
    }
    let ticks = "`".repeat(longest_run_of_backticks(&text) + 1);
    let padded = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' '));
    let pad = if padded { " " } else { "" };
    format!("{ticks}{pad}{text}{pad}{ticks}")
}

fn longest_run_of_backticks(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// `text` as Markdown text that shows only itself, on one line of a paragraph, a heading, a
/// list item or a table cell: control characters (line breaks first) become spaces and the
/// ends are trimmed, so that it can start no block and end no table row; a backslash goes
/// before each character that could begin markup (code, emphasis, strikethrough, links,
/// images, HTML, entities, math, table cells, `www.` and `scheme://` autolinks, e-mail links)
/// and, at its start, before a list marker. Ordinary text (`exercises/src/ch02_views.rs is
/// missing`, a student id) is written as it is.
fn plain(text: &str) -> String {
    let text: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let chars: Vec<char> = text.trim().chars().collect();
    let leading_digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(chars.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let escaped = match c {
            '\\' | '`' | '*' | '~' | '[' | ']' | '<' | '>' | '#' | '|' | '&' | '$' | '@' => true,
            // Inside a word (`ch02_views`) an underscore starts no emphasis.
            '_' => {
                !(before.is_some_and(char::is_alphanumeric)
                    && after.is_some_and(char::is_alphanumeric))
            }
            ':' => chars[i + 1..].starts_with(&['/', '/']),
            '.' if i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')) => true,
            // A list item's text that starts with `-`, `+` or `1.` would be a list of its own.
            '-' | '+' => i == 0,
            '.' | ')' => i == leading_digits && (1..=9).contains(&leading_digits),
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    out
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

    /// A student's results with one chapter that failed: `tests` are its failing tests' names
    /// and messages (a check of it passed too), `chapter_message` the chapter's own message.
    fn failed(student: &str, chapter_message: Option<&str>, tests: &[(&str, &str)]) -> Results {
        let mut chapter = ChapterResult::new("ch02_views", 2, 10, chapter_message.map(Into::into));
        chapter.status = Status::Fail;
        chapter.total = tests.len() + 1;
        chapter.passed = 1;
        Results {
            version: 3,
            status: Status::Fail,
            message: None,
            tests: tests
                .iter()
                .map(|(name, message)| TestResult {
                    name: (*name).to_owned(),
                    status: Status::Fail,
                    message: Some((*message).to_owned()),
                    output: None,
                    test_code: String::new(),
                    task_id: 2,
                })
                .collect(),
            score: 0,
            max_score: 10,
            student: student.to_owned(),
            source: format!("/class/{student}"),
            chapters: vec![chapter],
            notes: Vec::new(),
        }
    }

    /// The fenced code blocks of `md` (CommonMark, read strictly enough for these reports): each
    /// block's lines without the fence's indentation, or `None` if a fence is never closed. A
    /// line of as many backticks as the opening fence or more, however indented, counts as a
    /// closing fence, which is more than CommonMark allows; and every line of a block opened in
    /// a list item must keep the item's indentation, or the item (and the block) would end.
    fn fences(md: &str) -> Option<Vec<String>> {
        let mut blocks = Vec::new();
        let mut lines = md.lines();
        while let Some(line) = lines.next() {
            let rest = line.trim_start_matches(' ');
            let indent = line.len() - rest.len();
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            if ticks < 3 {
                continue;
            }
            let mut block = Vec::new();
            loop {
                let line = lines.next()?;
                let rest = line.trim_start();
                let run = rest.len() - rest.trim_start_matches('`').len();
                if run >= ticks && rest[run..].trim().is_empty() {
                    break;
                }
                assert!(
                    line.trim().is_empty() || line.starts_with(&" ".repeat(indent)),
                    "{line:?} leaves its list item"
                );
                block.push(line.get(indent..).unwrap_or("").to_owned());
            }
            blocks.push(block.join("\n"));
        }
        Some(blocks)
    }

    /// The lines of `md` outside its fenced code blocks.
    fn outside_fences(md: &str) -> Vec<&str> {
        let mut out = Vec::new();
        let mut fence: Option<usize> = None;
        for line in md.lines() {
            let rest = line.trim_start();
            let run = rest.len() - rest.trim_start_matches('`').len();
            match fence {
                Some(open) if run >= open && rest[run..].trim().is_empty() => fence = None,
                Some(_) => {}
                None if run >= 3 => fence = Some(run),
                None => out.push(line),
            }
        }
        out
    }

    /// The code span that `text` starts with, read as CommonMark reads it: its contents and
    /// what follows it.
    fn code_span(text: &str) -> Option<(String, &str)> {
        let ticks = text.len() - text.trim_start_matches('`').len();
        let mut at = ticks;
        loop {
            let start = at + text[at..].find('`')?;
            let run = text[start..].len() - text[start..].trim_start_matches('`').len();
            if run == ticks {
                let inside = &text[ticks..start];
                let stripped = inside.len() > 1
                    && inside.starts_with(' ')
                    && inside.ends_with(' ')
                    && !inside.trim().is_empty();
                let inside = if stripped {
                    &inside[1..inside.len() - 1]
                } else {
                    inside
                };
                return Some((inside.to_owned(), &text[start + run..]));
            }
            at = start + run;
        }
    }

    /// The characters of `line` that mean markup rather than text: the ones no backslash
    /// escapes, outside code spans.
    fn markup(line: &str) -> Vec<char> {
        let mut found = Vec::new();
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if c == '`' {
                let (_, after) = code_span(rest).expect("a code span is closed");
                rest = after;
                continue;
            }
            if c == '\\' && rest[1..].starts_with(|c: char| c.is_ascii_punctuation()) {
                rest = &rest[2..];
                continue;
            }
            found.push(c);
            rest = &rest[c.len_utf8()..];
        }
        found
    }

    /// What the escaped text `text` shows.
    fn unescaped(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match chars.peek() {
                Some(&next) if c == '\\' && next.is_ascii_punctuation() => {
                    out.push(next);
                    chars.next();
                }
                _ => out.push(c),
            }
        }
        out
    }

    const EVIL: &str = "chapter 2: expected `3`\n```\n# Owned\n| a | b |\n|---|---|\n\
                        ![x](http://x) [link](http://x)\n<img src=x onerror=alert(1)>\n\
                        <script>alert(1)</script>\n  ````  \n~~~\nend\r# after a carriage return";

    #[test]
    fn a_message_shows_whole_in_a_fence_it_cannot_close() {
        let results = failed(
            "alice",
            Some(EVIL),
            &[("ch02_views / one", EVIL), ("ch02_views / two", "short")],
        );
        let md = student_report(&results);
        let expected = EVIL.replace('\r', "\n");
        assert_eq!(
            fences(&md).expect("every fence is closed"),
            [expected.as_str(), &expected, "short"],
            "{md}"
        );
        let outside = outside_fences(&md);
        let headings: Vec<&str> = outside
            .iter()
            .copied()
            .filter(|l| l.trim_start().starts_with('#'))
            .collect();
        assert_eq!(
            headings,
            [
                "## alice: 0/10",
                "### ch02_views: 0/10 points, 1/3 checks pass"
            ],
            "{md}"
        );
        for line in &outside {
            assert!(
                !line.trim_start().starts_with(['|', '<', '!']),
                "{line:?} in {md}"
            );
            assert!(
                !markup(line).iter().any(|c| "<[]|".contains(*c)),
                "{line:?}"
            );
        }
    }

    #[test]
    fn the_one_message_of_every_check_is_escaped_or_fenced() {
        let one_line = "boom | a | b | ![x](http://x) <script>x</script> *bold* www.x.org a@b.c";
        let results = failed(
            "alice",
            None,
            &[
                ("ch02_views / one", one_line),
                ("ch02_views / two", one_line),
            ],
        );
        let md = student_report(&results);
        let line = md
            .lines()
            .find(|l| l.starts_with("All 2 checks that did not pass: "))
            .unwrap_or_else(|| panic!("{md}"));
        let markup: String = markup(line).into_iter().collect();
        assert!(!markup.contains(|c| "<>[]|`*_~&@".contains(c)), "{line}");
        assert!(
            !markup.contains("://") && !markup.contains("www."),
            "{line}"
        );
        assert_eq!(
            unescaped(
                line.strip_prefix("All 2 checks that did not pass: ")
                    .unwrap()
            ),
            one_line
        );

        let results = failed(
            "alice",
            None,
            &[("ch02_views / one", EVIL), ("ch02_views / two", EVIL)],
        );
        let md = student_report(&results);
        assert!(md.contains("\nAll 2 checks that did not pass:\n\n"), "{md}");
        assert_eq!(fences(&md).unwrap(), [EVIL.replace('\r', "\n")], "{md}");
    }

    #[test]
    fn an_id_stays_in_its_cell_and_its_heading() {
        let ids = [
            "a | b | c",
            "bob\n| x | y | z |\n# Owned",
            "  ![x](http://x) <img src=x>  ",
            "-1. ",
            "ok",
        ];
        let class: Vec<Results> = ids.iter().map(|id| failed(id, None, &[])).collect();
        let md = class_report(&["ch02_views".to_owned()], &class);
        let outside = outside_fences(&md);
        let rows: Vec<&str> = outside
            .iter()
            .copied()
            .filter(|l| l.starts_with('|'))
            .collect();
        assert_eq!(rows.len(), 2 + ids.len(), "{md}");
        let cells = |row: &str| {
            let mut cells = Vec::new();
            let mut cell = String::new();
            let mut chars = row.trim().trim_matches('|').chars();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => {
                        cell.push(c);
                        cell.extend(chars.next());
                    }
                    '|' => cells.push(std::mem::take(&mut cell)),
                    _ => cell.push(c),
                }
            }
            cells.push(cell);
            cells
        };
        assert_eq!(cells(rows[0]).len(), 3, "{md}");
        for (row, id) in rows[2..].iter().zip(ids) {
            let cells = cells(row);
            assert_eq!(cells.len(), 3, "{row}");
            let shown = id.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(
                unescaped(cells[0].trim())
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" "),
                shown
            );
        }
        let headings: Vec<&str> = outside
            .iter()
            .copied()
            .filter(|l| l.starts_with('#'))
            .collect();
        // The class's, then each student's and the chapter that student failed.
        assert_eq!(headings.len(), 1 + 2 * ids.len(), "{md}");
        let students = headings.iter().filter(|h| h.starts_with("## "));
        assert_eq!(students.clone().count(), ids.len(), "{md}");
        for (heading, id) in students.zip(ids) {
            let text = heading
                .strip_prefix("## ")
                .unwrap()
                .strip_suffix(": 0/10")
                .unwrap();
            assert!(
                !markup(text).iter().any(|c| "<[]|#`*_".contains(*c)),
                "{heading}"
            );
            assert_eq!(
                unescaped(text),
                id.split_whitespace().collect::<Vec<_>>().join(" ")
            );
        }
        for line in &outside {
            assert!(
                !line.starts_with(['<', '!', '-', '1']) || line.starts_with("- "),
                "{line}"
            );
        }
    }

    #[test]
    fn a_name_or_a_path_with_backticks_is_one_code_span() {
        for name in [
            "ch02_views / a`b``c",
            "`lead",
            "trail`",
            " spaced ",
            "a\n# b",
        ] {
            let mut results = failed("alice", None, &[(name, "one"), ("other", "two")]);
            results.source = name.to_owned();
            let md = student_report(&results);
            let shown = name.replace('\n', " ");
            let item = md
                .lines()
                .find(|l| l.starts_with("- `"))
                .unwrap_or_else(|| panic!("{md}"));
            assert_eq!(code_span(&item[2..]), Some((shown.clone(), "")), "{item}");
            let source = md
                .lines()
                .find_map(|l| l.strip_prefix("Submission: "))
                .unwrap_or_else(|| panic!("{md}"));
            assert_eq!(code_span(source), Some((shown, "")), "{source}");
            assert!(!md.contains("\n# b"), "{md}");
        }
    }

    #[test]
    fn a_note_is_one_line_of_text() {
        let mut results = failed("alice", None, &[]);
        results.notes = vec![
            "left out exercises/src/a\n# b.rs: a symlink (to <img src=x>)".to_owned(),
            "1. exercises/src/ch03_base.rs is missing: graded as the untouched stub".to_owned(),
        ];
        let md = student_report(&results);
        let items: Vec<&str> = md.lines().filter(|l| l.starts_with("- ")).collect();
        assert_eq!(items.len(), 2, "{md}");
        for (item, note) in items.iter().zip(&results.notes) {
            assert_eq!(unescaped(&item[2..]), note.replace('\n', " "));
            assert!(
                !markup(&item[2..]).iter().any(|c| "<[]#".contains(*c)),
                "{item}"
            );
        }
        assert!(items[1].starts_with("- 1\\. "), "{md}");
    }

    #[test]
    fn ordinary_reports_read_as_before() {
        let mut results = failed(
            "alice-2",
            Some("every failing check stops at a `todo!()`"),
            &[
                (
                    "ch02_views / a_view_is_a_small_handle",
                    "chapter 2: a view must not copy: expected `3` bytes\n  left: 3\n right: 4",
                ),
                ("ch02_views / slicing_copies_nothing", "not yet implemented"),
            ],
        );
        results.notes =
            vec!["exercises/src/ch03_base.rs is missing: graded as the untouched stub".to_owned()];
        assert_eq!(
            student_report(&results),
            "## alice-2: 0/10\n\nSubmission: `/class/alice-2`\n\n\
             - exercises/src/ch03_base.rs is missing: graded as the untouched stub\n\n\
             ### ch02_views: 0/10 points, 1/3 checks pass\n\n\
             ```text\nevery failing check stops at a `todo!()`\n```\n\n\
             - `ch02_views / a_view_is_a_small_handle`\n\n  ```text\n  chapter 2: a view must not \
             copy: expected `3` bytes\n    left: 3\n   right: 4\n  ```\n\n\
             - `ch02_views / slicing_copies_nothing`\n\n  ```text\n  not yet implemented\n  ```\n"
        );
        let results = failed(
            "bob_smith",
            None,
            &[
                (
                    "ch02_views / one",
                    "exercises/src/ch02_views.rs does not compile",
                ),
                (
                    "ch02_views / two",
                    "exercises/src/ch02_views.rs does not compile",
                ),
            ],
        );
        let class = class_report(&["ch02_views".to_owned()], std::slice::from_ref(&results));
        assert!(
            class.starts_with(
                "# Grades\n\n| student | ch02 | score |\n|---|---:|---:|\n| bob_smith | 0 ✗ |"
            ),
            "{class}"
        );
        assert!(
            class.contains(
                "## bob_smith: 0/10\n\nSubmission: `/class/bob_smith`\n\n### ch02_views: 0/10 points, \
                 1/3 checks pass\n\nAll 2 checks that did not pass: exercises/src/ch02_views.rs \
                 does not compile\n"
            ),
            "{class}"
        );
    }

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("alice"), "alice");
        assert_eq!(csv_field("a,\"b\""), "\"a,\"\"b\"\"\"");
    }
}
