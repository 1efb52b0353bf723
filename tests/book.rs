//! The book's gates: it builds with mdBook's library, searchable, with no broken internal link,
//! anchor or image; and its memory charts are current (drawn from data that a fresh run of the
//! reference solutions reproduces).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use viewbook::book::{self, CHARTS_DIR};
use viewbook::translation::{Catalogue, Language, TEMPLATE};

fn workspace() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn html_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            html_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "html") {
            found.push(path);
        }
    }
}

/// The values of `attribute="..."` in an HTML page.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let marker = format!(" {attribute}=\"");
    html.match_indices(&marker)
        .filter_map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

/// Every edition builds, searchable, with its hints, with no link (within an edition, or from
/// one to another through the language picker's pages) that leads nowhere, and with the
/// English headings' anchors.
#[test]
fn every_edition_builds_searchable_with_no_broken_links() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book");
    let _ = std::fs::remove_dir_all(&out);
    for language in Language::ALL {
        let index = book::build(workspace(), Some(&out), language).expect("the book builds");
        assert!(index.is_file(), "no {}", index.display());
        let dir = book::edition_dir(&out, language);
        let has_search_index = std::fs::read_dir(&dir).unwrap().any(|e| {
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("searchindex")
        });
        assert!(
            has_search_index,
            "the {language:?} book has no search index"
        );
        let words = Catalogue::load(workspace(), language).unwrap();
        for chapter in &viewbook::manifest::manifest().chapters {
            let page = dir.join(format!("{}/solution.html", chapter.slug));
            let html = std::fs::read_to_string(&page).unwrap();
            let last = words.fill(
                book::HINT_SUMMARY,
                &[("n", &chapter.hints.len()), ("total", &chapter.hints.len())],
            );
            let hint = words.get(chapter.hints.last().unwrap());
            let first_words: String = hint
                .chars()
                .take_while(|c| !"`*_[<\"'".contains(*c))
                .collect();
            assert!(
                html.contains(&format!("<summary>{last}</summary>"))
                    && html.contains(first_words.trim()),
                "{} does not show the chapter's hints, in its language ({{{{#hints {}}}}})",
                page.display(),
                chapter.slug
            );
        }
        search_shows_no_answer(&dir, &words);
    }
    headings_keep_their_anchors(&out);
    emphasis_renders_in_every_translation(&out);

    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    let mut broken = Vec::new();
    // 404.html is for a web server (its links start at the site's root); every other page must
    // work from file:// as well.
    for page in pages.iter().filter(|p| !p.ends_with("404.html")) {
        let html = std::fs::read_to_string(page).unwrap();
        let links = attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"));
        for link in links {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("javascript:")
            {
                continue;
            }
            let (file, fragment) = link.split_once('#').unwrap_or((link, ""));
            let target = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            if !target.is_file() {
                broken.push(format!("{}: {link} (no file)", page.display()));
                continue;
            }
            if !fragment.is_empty() && target.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read_to_string(&target).unwrap();
                if !html.contains(&format!("id=\"{fragment}\"")) {
                    broken.push(format!("{}: {link} (no anchor)", page.display()));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// The search index holds no hint and no line of a reference solution that the learner's stub
/// lacks, so that looking a word up never shows an answer; and it still finds the chapters.
fn search_shows_no_answer(out: &Path, words: &Catalogue) {
    let index = std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("searchindex")
        })
        .unwrap();
    // The search ignores case, and so does this check.
    let index = std::fs::read_to_string(index).unwrap().to_lowercase();
    assert!(
        index.contains("shares_memory"),
        "the index finds the chapters' terms"
    );
    let mut found = Vec::new();
    for chapter in &viewbook::manifest::manifest().chapters {
        for (i, hint) in chapter.hints.iter().enumerate() {
            let hint = &words.get(hint);
            // The index collapses whitespace and escapes quotes: a plain stretch of words.
            let words: String = hint
                .chars()
                .take_while(|c| !"`\"'\\".contains(*c))
                .collect();
            if words.chars().count() > 12 && index.contains(&words.trim().to_lowercase()) {
                found.push(format!("hint {} of {}: {words:?}", i + 1, chapter.slug));
            }
        }
        let file = format!("src/{}.rs", chapter.slug);
        let solution = std::fs::read_to_string(workspace().join("solutions").join(&file)).unwrap();
        let stub = std::fs::read_to_string(workspace().join("exercises").join(&file)).unwrap();
        for line in solution.lines().map(str::trim) {
            let plain = !line.contains(['"', '\\', '\'']) && !line.starts_with("//");
            if plain
                && line.len() > 30
                && !stub.contains(line)
                && index.contains(&line.to_lowercase())
            {
                found.push(format!("{}'s solution line {line:?}", chapter.slug));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the book's search would show answers:\n{}",
        found.join("\n")
    );
}

/// No translated page shows a Markdown emphasis mark as text (`_视图_`): CommonMark does not
/// read `_..._` between Chinese characters as emphasis, and mdbook-i18n-helpers rebuilds each
/// translated paragraph with `_`, which is why the catalogue writes `<em>...</em>`.
fn emphasis_renders_in_every_translation(out: &Path) {
    let mut shown = Vec::new();
    for language in &Language::ALL[1..] {
        let mut pages = Vec::new();
        html_files(&book::edition_dir(out, *language), &mut pages);
        for page in pages.iter().filter(|p| !p.ends_with("print.html")) {
            let text = visible_prose(&std::fs::read_to_string(page).unwrap());
            // An anchor written into a translated heading (`{#id}`) shows as text: the build
            // keeps the English anchors itself.
            if let Some(at) = text.find("{#") {
                let around: String = text[at..].chars().take(20).collect();
                shown.push(format!("{}: {around:?}", page.display()));
            }
            let chars: Vec<char> = text.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                let wide = |j: Option<usize>| {
                    j.and_then(|j| chars.get(j))
                        .is_some_and(|&c| viewbook::translation::is_wide(c))
                };
                if matches!(c, '_' | '*') && (wide(i.checked_sub(1)) || wide(Some(i + 1))) {
                    let around: String = chars[i.saturating_sub(8)..(i + 8).min(chars.len())]
                        .iter()
                        .collect();
                    shown.push(format!("{}: {around:?}", page.display()));
                }
            }
        }
    }
    assert!(
        shown.is_empty(),
        "Markdown shown as text (write emphasis as <em>...</em> in the catalogue, and no \
         {{#anchor}} in a heading):\n{}",
        shown.join("\n")
    );
}

/// A page's text outside code, charts and scripts, without its tags.
fn visible_prose(html: &str) -> String {
    let mut rest = html;
    let mut prose = String::new();
    'outer: while !rest.is_empty() {
        for (open, close) in [
            ("<pre", "</pre>"),
            ("<code", "</code>"),
            ("<svg", "</svg>"),
            ("<script", "</script>"),
        ] {
            if rest.starts_with(open) {
                rest = rest
                    .find(close)
                    .map_or("", |end| &rest[end + close.len()..]);
                continue 'outer;
            }
        }
        if rest.starts_with('<') {
            rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
            prose.push(' ');
            continue;
        }
        let next = rest.find('<').unwrap_or(rest.len());
        prose.push_str(&rest[..next]);
        rest = &rest[next..];
    }
    prose
}

/// Every page of a translated edition has the English page's anchors, in the same order: the
/// links into it, the language picker and a reader's bookmarks keep working.
fn headings_keep_their_anchors(out: &Path) {
    let mut pages = Vec::new();
    html_files(out, &mut pages);
    let ids = |html: &str| -> Vec<String> {
        html.match_indices("<h")
            .filter_map(|(at, _)| {
                let rest = &html[at + 2..];
                let level = rest.chars().next()?;
                let rest = rest.strip_prefix(level)?.strip_prefix(" id=\"")?;
                let end = rest.find('"')?;
                level.is_ascii_digit().then(|| rest[..end].to_owned())
            })
            .collect()
    };
    let mut compared = 0;
    for language in &Language::ALL[1..] {
        let dir = book::edition_dir(out, *language);
        for page in pages.iter().filter(|p| !p.starts_with(&dir)) {
            let relative = page.strip_prefix(out).unwrap();
            if relative.components().count() > 1
                && Language::ALL.iter().any(|l| relative.starts_with(l.code()))
            {
                continue;
            }
            let translated = dir.join(relative);
            let Ok(theirs) = std::fs::read_to_string(&translated) else {
                panic!("{} has no {language:?} page", relative.display());
            };
            let english = ids(&std::fs::read_to_string(page).unwrap());
            assert_eq!(
                english,
                ids(&theirs),
                "{} has other anchors than the English page",
                translated.display()
            );
            compared += usize::from(!english.is_empty());
        }
    }
    assert!(
        compared > 20,
        "only {compared} pages with headings compared"
    );
}

/// The translators' template is what a fresh extraction writes, and every translation holds
/// every message of it, finished (no empty or fuzzy entry), and nothing else: an English change
/// that leaves a translation behind fails here with the list of messages.
#[test]
fn every_translation_is_complete_and_in_step_with_the_english() {
    let fresh = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fresh-template");
    let _ = std::fs::remove_dir_all(&fresh);
    let extras = book::extras(workspace()).unwrap();
    let template = viewbook::translation::template(workspace(), &extras).unwrap();
    std::fs::create_dir_all(&fresh).unwrap();
    // Each translation against the English as it is now: the list of what to translate.
    for language in Language::ALL {
        if let Err(e) = viewbook::translation::check(workspace(), language, &extras) {
            panic!("{e:#}");
        }
    }
    let written = fresh.join("messages.pot");
    polib::po_file::write(&template, &written).unwrap();
    assert!(
        std::fs::read_to_string(&written).unwrap()
            == std::fs::read_to_string(workspace().join(TEMPLATE)).unwrap(),
        "{TEMPLATE} is not what the English sources give (its messages, their sources or \
         notes): run `cargo run -- book --extract`"
    );
}

/// The language picker (book/theme/language-picker.js) offers every edition the CLI builds,
/// each named in its own language.
#[test]
fn the_language_picker_lists_every_edition() {
    let script =
        std::fs::read_to_string(workspace().join("book/theme/language-picker.js")).unwrap();
    for language in Language::ALL {
        let entry = format!("[\"{}\", \"{}\"]", language.code(), language.own_name());
        assert!(script.contains(&entry), "the picker lacks {entry}");
    }
    let entries = script
        .lines()
        .filter(|l| l.trim_start().starts_with("[\"") && l.trim_end().ends_with("\"],"))
        .count();
    assert_eq!(
        entries,
        Language::ALL.len(),
        "the picker lists an edition the CLI does not build"
    );
}

/// Each chapter page's "Stuck?" paragraph says how many hints its chapter has, and names no
/// hint it lacks: its count and commands are written in the page's source, which a learner
/// may read in an editor, so they are checked against `chapters.toml` here.
#[test]
fn every_page_tells_its_chapters_number_of_hints() {
    for chapter in &viewbook::manifest::manifest().chapters {
        let path = workspace().join("book/src").join(&chapter.page);
        let page = std::fs::read_to_string(&path).unwrap();
        let total = chapter.hints.len();
        for claim in [
            format!("This chapter has {total} hints"),
            format!("1 of {total} on the first call"),
            format!("hint 2 of {total} only"),
        ] {
            assert!(
                page.contains(&claim),
                "{} should say {claim:?} (chapters.toml gives {} {total} hints)",
                path.display(),
                chapter.slug
            );
        }
        let command = format!("cargo run -- hint {} ", chapter.slug);
        for (at, _) in page.match_indices(&command) {
            let rest = &page[at + command.len()..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(number) = digits.parse::<usize>() {
                assert!(
                    (1..=total).contains(&number),
                    "{} names hint {number} of {}, which has hints 1 to {total}",
                    path.display(),
                    chapter.slug
                );
            }
        }
    }
}

#[test]
fn every_chart_is_what_a_fresh_run_draws() {
    // English as ID.svg, each translation as LANG/ID.svg.
    let committed = book::committed_charts(workspace()).unwrap();

    let fresh_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("stories");
    let _ = std::fs::remove_dir_all(&fresh_dir);
    // The stories, the mistakes drawn beside them, the lessons and NumPy's recorded stories.
    let fresh: BTreeMap<String, String> = book::measure_charts(workspace(), &fresh_dir).unwrap();
    assert_eq!(
        fresh.keys().collect::<Vec<_>>(),
        committed.keys().collect::<Vec<_>>(),
        "the stories the suites tell and the charts in {CHARTS_DIR} differ: run `cargo run -- book`"
    );
    for (path, svg) in &fresh {
        assert!(
            *svg == committed[path],
            "{CHARTS_DIR}/{path} is not what a fresh run of the solutions draws: run \
             `cargo run -- book` and review the change"
        );
    }
}

/// Every chart says what it teaches without its page: its lesson from `book/charts.toml` is in
/// its title and on the chart, it has an accessible name and description, and it has data marks
/// (`class="mark"`, what the browser check counts) for its lines and points.
#[test]
fn every_chart_carries_its_lesson_and_its_marks() {
    let lessons = book::read_lessons(workspace()).unwrap();
    let charts = workspace().join(CHARTS_DIR);
    let mut seen = 0;
    for entry in std::fs::read_dir(&charts).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "svg") {
            continue;
        }
        let id = path.file_stem().unwrap().to_string_lossy().into_owned();
        let svg = std::fs::read_to_string(&path).unwrap();
        let lesson = &lessons
            .get(&id)
            .unwrap_or_else(|| panic!("{id} has no lesson in {}", book::LESSONS))
            .lesson;
        // Escaped as the chart escapes its text.
        let lesson = lesson
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(
            svg.contains(&lesson),
            "{id}: the lesson is not on the chart"
        );
        for needle in [
            r#"role="img""#,
            "aria-labelledby=",
            "<title id=",
            "<desc id=",
        ] {
            assert!(svg.contains(needle), "{id}: no {needle}");
        }
        assert!(
            svg.matches(r#"class="mark"#).count() >= 2,
            "{id}: a chart without data marks"
        );
        assert!(
            !svg.contains("\n\n"),
            "{id}: a blank line would end its HTML block"
        );
        seen += 1;
    }
    assert_eq!(
        seen,
        lessons.len(),
        "a lesson of {} has no chart",
        book::LESSONS
    );
}

/// The built pages show each chart inline, in a figure, rather than as an image: its text
/// can be selected and searched, its points have tooltips, and it follows the reader's theme.
#[test]
fn every_chart_is_inline_in_the_built_book() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("book-inline");
    let _ = std::fs::remove_dir_all(&out);
    book::build(workspace(), Some(&out), Language::English).expect("the book builds");
    let mut pages = Vec::new();
    html_files(&out, &mut pages);
    let mut figures = 0;
    for page in pages.iter().filter(|p| !p.ends_with("print.html")) {
        let html = std::fs::read_to_string(page).unwrap();
        assert!(
            !html.contains(r#"src="charts/"#),
            "{}: a chart shown as an image",
            page.display()
        );
        figures += html.matches(r#"<figure class="viewbook-chart">"#).count();
    }
    let sources: usize = std::fs::read_dir(workspace().join("book/src"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .matches("](charts/")
                .count()
        })
        .sum();
    assert!(sources > 0, "the pages show no chart");
    assert_eq!(
        figures, sources,
        "one inline figure per chart image in the sources"
    );
    let page = std::fs::read_to_string(out.join("ch03_base.html")).unwrap();
    let css = attribute_values(&page, "href")
        .into_iter()
        .find(|href| href.starts_with("theme/charts") && href.ends_with(".css"));
    assert!(
        css.is_some_and(|href| out.join(href).is_file()),
        "the pages do not load book/theme/charts.css"
    );
}
