//! `viewbook book`: measures the memory stories afresh, draws their charts, and builds the
//! book with mdBook's own library (no separate install).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, anyhow, bail};

use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};

use crate::chart;
use crate::harness::{FAILED_STORY_DIR_VAR, STORY_DIR_VAR, StoryRecord};
use crate::manifest::{Manifest, manifest};
use crate::translation::{Catalogue, Language};

/// Where the charts live, relative to the workspace root.
pub const CHARTS_DIR: &str = "book/src/charts";

/// The lesson of each chart, keyed by story id, relative to the workspace root (see
/// [`chart::Lesson`]).
pub const LESSONS: &str = "book/charts.toml";

/// NumPy's measured stories, written by `scripts/record-numpy-stories`, relative to the
/// workspace root (see [`chart::NumpyStories`]).
pub const NUMPY_STORIES: &str = "book/numpy-stories.toml";

/// Runs every chapter suite against the reference solutions with story recording on, and
/// returns the stories they measured, sorted by id.
pub fn measure_stories(workspace: &Path, out: &Path) -> Result<Vec<(String, StoryRecord)>> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    // Absolute: each suite runs in its own package's folder.
    let out = &std::path::absolute(out)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = Command::new(cargo)
        .current_dir(workspace)
        .args(["test", "-q", "-p", "solutions", "--tests"])
        .env(STORY_DIR_VAR, out)
        .env("INSTA_UPDATE", "no")
        .output()
        .context("could not start cargo to measure the memory stories")?;
    if !run.status.success() {
        let said = String::from_utf8_lossy(&run.stdout);
        let tail: Vec<&str> = said.lines().rev().take(20).collect();
        bail!(
            "the reference solutions' suites failed, so their memory stories are not charted:\n{}",
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        );
    }
    read_stories(out)
}

/// Reads the story files in `dir`, sorted by id (the file name).
pub fn read_stories(dir: &Path) -> Result<Vec<(String, StoryRecord)>> {
    let mut stories = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = std::fs::read_to_string(&path)?;
            let record: StoryRecord =
                toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
            let id = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            stories.push((id, record));
        }
    }
    stories.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(stories)
}

/// Reads the charts' lessons (`book/charts.toml`).
pub fn read_lessons(workspace: &Path) -> Result<BTreeMap<String, chart::Lesson>> {
    let path = workspace.join(LESSONS);
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    toml::from_str(&text).with_context(|| format!("reading {}", path.display()))
}

/// Reads NumPy's recorded stories (`book/numpy-stories.toml`); none if there is no such file.
pub fn read_numpy_stories(workspace: &Path) -> Result<chart::NumpyStories> {
    let path = workspace.join(NUMPY_STORIES);
    if !path.is_file() {
        return Ok(chart::NumpyStories::default());
    }
    let text = std::fs::read_to_string(&path)?;
    toml::from_str(&text).with_context(|| format!("reading {}", path.display()))
}

/// Measures the catalogued mistakes that `book/charts.toml` draws beside a story: runs the
/// story's chapter suite against `mistakes/` with the mistake's feature, where the story fails
/// its checks, as it should, and records the steps it measured before failing
/// ([`FAILED_STORY_DIR_VAR`]). Returns the mistakes' stories by story id.
pub fn measure_mistakes(
    workspace: &Path,
    stories: &[(String, StoryRecord)],
    out: &Path,
) -> Result<BTreeMap<String, StoryRecord>> {
    let lessons = read_lessons(workspace)?;
    let mut measured = BTreeMap::new();
    for (id, story) in stories {
        let Some(feature) = lessons.get(id).and_then(|l| l.mistake.as_ref()) else {
            continue;
        };
        // Absolute: the suite runs in the mistakes package's folder, not this one's.
        let dir = std::path::absolute(out.join(feature))?;
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        // The suite fails (that is the mistake being caught); what matters is the story.
        Command::new(cargo)
            .current_dir(workspace)
            .args(["test", "-q", "-p", "mistakes", "--features", feature])
            .args(["--test", &story.chapter])
            .env(FAILED_STORY_DIR_VAR, &dir)
            .env("INSTA_UPDATE", "no")
            .output()
            .with_context(|| format!("could not start cargo to measure the mistake {feature}"))?;
        let found = read_stories(&dir)?
            .into_iter()
            .find(|(found, _)| found == id)
            .ok_or_else(|| {
                anyhow!(
                    "the mistake {feature} did not fail the story {id} (book/charts.toml \
                     draws it beside that story): is it still in mistakes/catalogue.toml?"
                )
            })?;
        measured.insert(id.clone(), found.1);
    }
    Ok(measured)
}

/// Measures the stories (and the mistakes drawn beside them) afresh, into `out`, and draws
/// every chart in every language: its SVG by path in the charts folder (see [`draw_charts`]).
pub fn measure_charts(workspace: &Path, out: &Path) -> Result<BTreeMap<String, String>> {
    let stories = measure_stories(workspace, out)?;
    draw_charts(workspace, &stories, &out.join("mistakes"))
}

/// Draws every chart of `stories` in every language, measuring the mistakes beside them into
/// `mistakes_out`: English as `ID.svg`, a translation as `LANG/ID.svg`. A translated chart
/// needs every word of it translated, or the drawing fails naming the missing ones.
pub fn draw_charts(
    workspace: &Path,
    stories: &[(String, StoryRecord)],
    mistakes_out: &Path,
) -> Result<BTreeMap<String, String>> {
    let mistakes = measure_mistakes(workspace, stories, mistakes_out)?;
    let lessons = read_lessons(workspace)?;
    let numpy = read_numpy_stories(workspace)?;
    let texts: Vec<(String, String, String)> = stories
        .iter()
        .map(|(_, s)| (s.title.clone(), s.unit_name.clone(), s.unit_what.clone()))
        .collect();
    let mut drawn = BTreeMap::new();
    for language in Language::ALL {
        let words = Catalogue::load(workspace, language)?;
        let untranslated: Vec<String> = chart::phrases(&texts, &lessons)
            .into_iter()
            .filter(|p| !words.has(&p.english))
            .map(|p| format!("  - {}", p.english))
            .collect();
        if !untranslated.is_empty() {
            bail!(
                "{} has no translation of these charts' words: run `cargo run -- book --extract`, \
                 merge and translate them\n{}",
                language.po_file().unwrap_or_default(),
                untranslated.join("\n")
            );
        }
        let charts = chart::draw_all(stories, &lessons, &mistakes, &numpy, &words)
            .map_err(|e| anyhow!(e))?;
        for (id, svg) in charts {
            let path = match language {
                Language::English => format!("{id}.svg"),
                other => format!("{}/{id}.svg", other.code()),
            };
            drawn.insert(path, svg);
        }
    }
    Ok(drawn)
}

/// The charts in the book's charts folder, by path there (`ID.svg`, `LANG/ID.svg`), as
/// [`draw_charts`] names them.
pub fn committed_charts(workspace: &Path) -> Result<BTreeMap<String, String>> {
    let charts = workspace.join(CHARTS_DIR);
    let mut found = BTreeMap::new();
    let folders = std::iter::once(String::new())
        .chain(Language::ALL[1..].iter().map(|l| format!("{}/", l.code())));
    for folder in folders {
        let dir = charts.join(&folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "svg") {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                found.insert(format!("{folder}{name}"), std::fs::read_to_string(&path)?);
            }
        }
    }
    Ok(found)
}

/// Draws each measured story's chart, in every language, into the book's charts folder,
/// removing charts of stories that no longer exist. Returns how many stories there are.
pub fn write_charts(workspace: &Path, measured: &Path) -> Result<usize> {
    let stories = read_stories(measured)?;
    let drawn = draw_charts(workspace, &stories, &measured.join("mistakes"))?;
    let charts = workspace.join(CHARTS_DIR);
    for old in committed_charts(workspace)?.keys() {
        std::fs::remove_file(charts.join(old))?;
    }
    for (path, svg) in &drawn {
        let file = charts.join(path);
        std::fs::create_dir_all(file.parent().expect("a chart has a folder"))?;
        std::fs::write(file, svg)?;
    }
    Ok(stories.len())
}

/// Builds one edition of the book into `out` (default `book/book`; a translation goes into
/// its `LANG/` folder, as Comprehensive Rust's do) and returns its `index.html`. A translated
/// edition runs mdbook-i18n-helpers' `Gettext` preprocessor first, on the pages as written, so
/// `{{#include}}`d code and the NumPy sessions reach every edition unchanged; the hints and
/// charts then come in the edition's language.
pub fn build(workspace: &Path, out: Option<&Path>, language: Language) -> Result<PathBuf> {
    let root = workspace.join("book");
    let words = Catalogue::load(workspace, language)?;
    let mut config = mdbook_driver::config::Config::from_disk(root.join("book.toml"))
        .map_err(|e| anyhow!("{e:#}"))
        .with_context(|| format!("reading {}", root.join("book.toml").display()))?;
    // MDBOOK_* variables, as `mdbook build` reads them (scripts/browser-check's build folder).
    config.update_from_env().map_err(|e| anyhow!("{e:#}"))?;
    let english_dir = match out {
        Some(out) => out.to_path_buf(),
        None if config.build.build_dir.is_absolute() => config.build.build_dir.clone(),
        None => root.join(&config.build.build_dir),
    };
    let dir = edition_dir(&english_dir, language);
    config.build.build_dir = dir.clone();
    if language != Language::English {
        config.book.language = Some(language.code().to_owned());
        if let Some(title) = &config.book.title {
            config.book.title = Some(words.get(title));
        }
        // Declared in the configuration so that mdBook orders it before `links`; the
        // library's preprocessor then takes the place of the command this would name.
        config
            .set("preprocessor.gettext.before", ["links"])
            .map_err(|e| anyhow!("{e:#}"))?;
    }
    let mut book = mdbook_driver::MDBook::load_with_config(&root, config)
        .map_err(|e| anyhow!("{e:#}"))
        .with_context(|| format!("loading the book in {}", root.display()))?;
    if language != Language::English {
        // Before any preprocessor: they all run on a copy of this book.
        book.book.for_each_mut(|item| {
            if let BookItem::Chapter(chapter) = item {
                let pinned = crate::translation::pin_heading_anchors(&chapter.content);
                chapter.content = crate::translation::translate_html_words(&pinned, &words);
            }
        });
        book.with_preprocessor(mdbook_i18n_helpers::preprocessors::Gettext);
    }
    book.with_preprocessor(Hints(manifest(), words));
    book.with_preprocessor(InlineCharts(root.join("src"), language));
    // mdBook empties its output folder first: the English edition's holds the others, which
    // a build of English alone keeps.
    let kept = keep_other_editions(&dir, language)?;
    let built = book.build().map_err(|e| anyhow!("{e:#}"));
    for (from, to) in kept {
        std::fs::rename(&from, &to).with_context(|| format!("putting back {}", to.display()))?;
    }
    built.context("building the book")?;
    Ok(dir.join("index.html"))
}

/// Where `language`'s edition goes, given where the English one does.
pub fn edition_dir(english_dir: &Path, language: Language) -> PathBuf {
    match language {
        Language::English => english_dir.to_path_buf(),
        other => english_dir.join(other.code()),
    }
}

/// Moves the translated editions out of the English edition's folder before mdBook empties
/// it, and returns the moves to undo.
fn keep_other_editions(dir: &Path, language: Language) -> Result<Vec<(PathBuf, PathBuf)>> {
    let mut kept = Vec::new();
    if language != Language::English {
        return Ok(kept);
    }
    for other in &Language::ALL[1..] {
        let edition = edition_dir(dir, *other);
        if edition.is_dir() {
            let aside = dir.with_file_name(format!(
                "{}.{}-kept",
                dir.file_name().and_then(|n| n.to_str()).unwrap_or("book"),
                other.code()
            ));
            let _ = std::fs::remove_dir_all(&aside);
            std::fs::rename(&edition, &aside)
                .with_context(|| format!("setting aside {}", edition.display()))?;
            kept.push((aside, edition));
        }
    }
    Ok(kept)
}

/// Opens a file in the system's browser.
pub fn open(path: &Path) -> Result<()> {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    Command::new(opener)
        .arg(path)
        .spawn()
        .with_context(|| format!("could not run {opener} to open {}", path.display()))?;
    Ok(())
}

/// Replaces `{{#hints SLUG}}` in a page with the chapter's hints from `chapters.toml`, each in
/// a collapsed `<details>`, so the book and `cargo run -- hint` tell the same hints from one
/// place, in the edition's language (the catalogue's).
pub struct Hints(pub &'static Manifest, pub Catalogue);

impl Hints {
    /// The page text with every `{{#hints SLUG}}` expanded.
    pub fn expand(&self, page: &str) -> Result<String> {
        let mut out = String::new();
        let mut rest = page;
        while let Some(at) = rest.find("{{#hints ") {
            out.push_str(&rest[..at]);
            let after = &rest[at + "{{#hints ".len()..];
            let end = after
                .find("}}")
                .ok_or_else(|| anyhow!("an unclosed {{{{#hints"))?;
            let slug = after[..end].trim();
            let chapter = self.0.chapter(slug).ok_or_else(|| {
                anyhow!("{{{{#hints {slug}}}}} names no chapter of chapters.toml")
            })?;
            let total = chapter.hints.len();
            for (i, hint) in chapter.hints.iter().enumerate() {
                let summary = self
                    .1
                    .fill(HINT_SUMMARY, &[("n", &(i + 1)), ("total", &total)]);
                let hint = self.1.get(hint);
                out.push_str(&format!(
                    "<details>\n<summary>{summary}</summary>\n\n{hint}\n\n</details>\n\n"
                ));
            }
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// The summary line of a collapsed hint, in the book and the template.
pub const HINT_SUMMARY: &str = "Hint {n} of {total}";

/// Runs `expand` on every chapter's text, as both preprocessors do; the first error, named
/// after its chapter, fails the build.
fn expand_chapters(
    mut book: Book,
    expand: impl Fn(&str) -> Result<String>,
) -> mdbook_preprocessor::errors::Result<Book> {
    let mut failure = None;
    book.for_each_mut(|item| {
        if let BookItem::Chapter(chapter) = item {
            match expand(&chapter.content) {
                Ok(text) => chapter.content = text,
                Err(e) => failure = Some(e.context(format!("in {}", chapter.name))),
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(book),
    }
}

impl Preprocessor for Hints {
    fn name(&self) -> &str {
        "viewbook-hints"
    }

    fn run(
        &self,
        _ctx: &PreprocessorContext,
        book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        expand_chapters(book, |page| self.expand(page))
    }
}

/// Replaces each `![...](charts/ID.svg)` in a page with the chart's SVG itself, inline, in a
/// `<figure class="viewbook-chart">`: an `<img>` would hide the chart's text from selection
/// and search, its tooltips and its accessible description, and could not follow the reader's
/// theme (`book/theme/charts.css`). The Markdown keeps the image link, so the sources still
/// show the chart where Markdown is read as it is. The fields are the book's `src` folder and
/// the edition's language: a translated edition's charts are in `charts/LANG/`.
pub struct InlineCharts(pub PathBuf, pub Language);

impl InlineCharts {
    /// The page text with every chart image replaced by its inline SVG.
    pub fn expand(&self, page: &str) -> Result<String> {
        let mut out = String::new();
        let mut rest = page;
        while let Some(at) = rest.find("![") {
            let Some((alt_end, path_end)) = chart_link(&rest[at..]) else {
                out.push_str(&rest[..at + 2]);
                rest = &rest[at + 2..];
                continue;
            };
            let path = &rest[at + alt_end + 2..at + path_end];
            let file = match self.1 {
                Language::English => self.0.join(path),
                other => self.0.join(chart_in(path, other)),
            };
            let svg = std::fs::read_to_string(&file)
                .with_context(|| format!("reading the chart {}", file.display()))?;
            out.push_str(&rest[..at]);
            // An HTML block ends at a blank line, and the chart has none: one block, kept as
            // it is by the Markdown renderer.
            out.push_str("\n<figure class=\"viewbook-chart\">\n");
            out.push_str(svg.trim_end());
            out.push_str("\n</figure>\n");
            rest = &rest[at + path_end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }
}

/// Where a translated edition keeps the chart `charts/NAME.svg`.
pub fn chart_in(path: &str, language: Language) -> String {
    let name = path.strip_prefix("charts/").unwrap_or(path);
    format!("charts/{}/{name}", language.code())
}

/// If `text` starts with `![alt](charts/NAME.svg)`, where `]` and `)` end: offsets of the `]`
/// and of the `)`.
fn chart_link(text: &str) -> Option<(usize, usize)> {
    let alt_end = text.find("](")?;
    if text[..alt_end].contains('\n') {
        return None;
    }
    let path_end = alt_end + text[alt_end..].find(')')?;
    let path = &text[alt_end + 2..path_end];
    let is_chart = path
        .strip_prefix("charts/")
        .is_some_and(|name| name.ends_with(".svg") && !name.contains(['/', ' ']));
    is_chart.then_some((alt_end, path_end))
}

impl Preprocessor for InlineCharts {
    fn name(&self) -> &str {
        "viewbook-inline-charts"
    }

    fn run(
        &self,
        _ctx: &PreprocessorContext,
        book: Book,
    ) -> mdbook_preprocessor::errors::Result<Book> {
        expand_chapters(book, |page| self.expand(page))
    }
}

/// Where the learner reads the chapters, for the status: the built book when there is one;
/// otherwise, on a terminal, the book built once in the background (about a second, in a
/// process of its own that outlives this one, its output in `.viewbook/book-build.log`); the
/// Markdown sources when neither.
pub fn reading(workbook: &Path, on_a_terminal: bool) -> crate::status::Reading {
    use crate::status::Reading;
    let dir = workbook.join("book/book");
    if dir.join("index.html").is_file() {
        return Reading::Built(dir);
    }
    if !on_a_terminal {
        return Reading::Source;
    }
    // A build started moments ago (by the status before this one) is still under way.
    let started_recently = std::fs::metadata(workbook.join(BUILD_LOG))
        .and_then(|m| m.modified())
        .is_ok_and(|t| t.elapsed().is_ok_and(|age| age.as_secs() < 30));
    if started_recently {
        return Reading::Building(dir);
    }
    match build_in_background(workbook) {
        Ok(()) => Reading::Building(dir),
        Err(_) => Reading::Source,
    }
}

/// Where the learner reads `chapter`: its built page in the learner's edition (the English one
/// when that edition is not built), or its Markdown source when the book is not built.
pub fn page_to_read(workbook: &Path, chapter: &crate::manifest::Chapter) -> String {
    let dir = workbook.join("book/book");
    let page = Path::new(&chapter.page).with_extension("html");
    let language = crate::translation::words().language();
    [edition_dir(&dir, language), dir]
        .into_iter()
        .map(|edition| edition.join(&page))
        .find(|built| built.is_file())
        .map_or_else(|| chapter.page_file(), |built| built.display().to_string())
}

/// The background build's output, relative to the workbook.
const BUILD_LOG: &str = ".viewbook/book-build.log";

fn build_in_background(workbook: &Path) -> Result<()> {
    std::fs::create_dir_all(workbook.join(".viewbook"))?;
    let log = std::fs::File::create(workbook.join(BUILD_LOG))?;
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command
        .arg("--workbook")
        .arg(workbook)
        .args(["book", "--no-measure"])
        .stdin(std::process::Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    // A process group of its own: the terminal's hang-up when this one's session ends is sent
    // to the foreground group, and must not stop the build halfway.
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    command.spawn()?;
    Ok(())
}

/// `viewbook book [--open] [--language LANG]`: measures the stories afresh (unless `measure`
/// is false), draws the charts, builds the book (`language`'s edition, or every edition) and
/// prints the path of each `index.html`.
pub fn run(
    workspace: &Path,
    open_it: bool,
    measure: bool,
    language: Option<Language>,
) -> Result<()> {
    // A class copy has no reference solutions to measure: its charts are the ones it came with.
    let has_solutions = workspace.join("solutions/Cargo.toml").is_file();
    if measure && !has_solutions {
        eprintln!("no reference solutions here (a class copy): keeping the charts it came with");
    }
    if measure && has_solutions {
        let measured = workspace.join("target/viewbook-stories");
        let _ = std::fs::remove_dir_all(&measured);
        eprintln!("measuring the memory stories of the reference solutions ...");
        measure_stories(workspace, &measured)?;
        let charts = write_charts(workspace, &measured)?;
        eprintln!("drew {charts} charts in {CHARTS_DIR}");
    }
    // One edition when asked, and any other not built yet: each page's language picker leads
    // to the same page in every edition.
    let english_dir = workspace.join("book/book");
    let editions: Vec<Language> = Language::ALL
        .into_iter()
        .filter(|edition| {
            language.is_none_or(|one| one == *edition)
                || !edition_dir(&english_dir, *edition)
                    .join("index.html")
                    .is_file()
        })
        .collect();
    let mut built = Vec::new();
    for edition in editions {
        let index = build(workspace, None, edition)?;
        println!("{}", index.display());
        built.push((edition, index));
    }
    // The edition asked for, else the learner's own, else the first built.
    let reader = language.unwrap_or_else(|| crate::translation::words().language());
    let to_open = built
        .iter()
        .find(|(edition, _)| *edition == reader)
        .or(built.first());
    if open_it && let Some((_, index)) = to_open {
        open(index)?;
    }
    Ok(())
}

/// Every message the template holds beyond the book's pages: the hints and chapter titles of
/// `chapters.toml`, the hints' summary line, the charts' words and the CLI's.
pub fn extras(workspace: &Path) -> Result<Vec<crate::translation::Extra>> {
    use crate::translation::{Extra, manifest_extras};
    let mut extras = manifest_extras(manifest());
    extras.push(Extra::noted(
        HINT_SUMMARY,
        "src/book.rs",
        "Keep {n} and {total}: the hint's number and how many there are.",
    ));
    extras.extend(crate::status::messages());
    extras.extend(crate::hint::messages());
    extras.extend(crate::watch::messages());
    extras.extend(chart::phrases(
        &story_texts(workspace)?,
        &read_lessons(workspace)?,
    ));
    Ok(extras)
}

/// Each memory story's title and unit (name, what), as the suites' committed snapshot tables
/// give them (`suites/snapshots/*.snap` of `story.table()`): the words its chart is drawn
/// with, known without measuring.
pub fn story_texts(workspace: &Path) -> Result<Vec<(String, String, String)>> {
    let dir = workspace.join("suites/snapshots");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "snap"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)?;
        let Some(table) = text.split_once("expression: story.table()\n---\n") else {
            continue;
        };
        let mut lines = table.1.lines();
        let title = lines.next().unwrap_or("").to_owned();
        let unit = lines.next().unwrap_or("");
        let unit = unit.strip_prefix("1.0x = ").ok_or_else(|| {
            anyhow!(
                "{}: the story's second line is not its unit",
                file.display()
            )
        })?;
        let (name, rest) = unit.split_once(": ").unwrap_or((unit, ""));
        let what = rest.rsplit_once(" (").map_or(rest, |(what, _)| what);
        texts.push((title, name.to_owned(), what.to_owned()));
    }
    Ok(texts)
}

/// `viewbook book --extract`: writes the translators' template and returns its path.
pub fn extract(workspace: &Path) -> Result<PathBuf> {
    crate::translation::write_template(workspace, &extras(workspace)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_expand_into_collapsed_details_from_the_manifest() {
        let text = Hints(manifest(), Catalogue::english())
            .expand("Stuck?\n\n{{#hints ch02_views}}\nDone.")
            .unwrap();
        assert!(
            text.starts_with("Stuck?\n\n<details>\n<summary>Hint 1 of 3</summary>"),
            "{text}"
        );
        assert_eq!(text.matches("<details>").count(), 3, "{text}");
        assert!(text.ends_with("</details>\n\n\nDone."), "{text}");
        let err = Hints(manifest(), Catalogue::english())
            .expand("{{#hints ch99}}")
            .unwrap_err();
        assert!(err.to_string().contains("names no chapter"), "{err}");
    }

    #[test]
    fn a_chart_image_becomes_its_svg_inline_in_a_figure() {
        let src =
            std::env::temp_dir().join(format!("viewbook-inline-charts-{}", std::process::id()));
        std::fs::create_dir_all(src.join("charts")).unwrap();
        std::fs::write(
            src.join("charts/a.svg"),
            "<svg role=\"img\"><title>A</title></svg>\n",
        )
        .unwrap();
        let page = "Before.\n\n![Generic alt](charts/a.svg)\n\nAfter ![a photo](photo.png).";
        let text = InlineCharts(src.clone(), Language::English)
            .expand(page)
            .unwrap();
        assert_eq!(
            text,
            "Before.\n\n\n<figure class=\"viewbook-chart\">\n<svg role=\"img\"><title>A</title></svg>\n</figure>\n\n\nAfter ![a photo](photo.png)."
        );
        let missing = InlineCharts(src.clone(), Language::English)
            .expand("![x](charts/none.svg)")
            .unwrap_err();
        assert!(format!("{missing:#}").contains("none.svg"), "{missing:#}");
        let _ = std::fs::remove_dir_all(&src);
    }
}
