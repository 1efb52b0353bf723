//! The book's and the CLI's translations, kept as gettext catalogues in `book/po/`: the
//! template `messages.pot`, extracted from the English sources by [`template`], and one
//! `LANG.po` per language, which translators keep in step with `msgmerge`. The book is
//! translated at build time by mdbook-i18n-helpers' `Gettext` preprocessor (see
//! [`crate::book`]); the hints, the charts' words and the CLI's status lines look up the same
//! catalogue through [`Catalogue`], so one file holds everything a reader of that language sees.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow, bail};
use polib::catalog::Catalog;
use polib::message::Message;
use polib::metadata::CatalogMetadata;

use crate::manifest::Manifest;

/// The catalogues' folder, relative to the workspace root.
pub const PO_DIR: &str = "book/po";

/// The template every translation follows, relative to the workspace root.
pub const TEMPLATE: &str = "book/po/messages.pot";

/// A language the workbook speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// The sources' own language.
    English,
    /// Simplified Chinese, the language the article reached its readers in.
    Chinese,
}

impl Language {
    /// Every language, the sources' first.
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// The language's tag, as mdBook's `book.language` and the `.po` file name spell it.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Chinese => "zh-CN",
        }
    }

    /// The language's name in itself, as the book's language picker shows it.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Chinese => "简体中文",
        }
    }

    /// The language a tag names: `en`, `zh-CN`, and the forms a locale uses (`zh_CN.UTF-8`,
    /// `zh`, `en_GB`).
    pub fn parse(tag: &str) -> Option<Language> {
        let tag = tag
            .split(['.', '@'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let base = tag.split(['_', '-']).next().unwrap_or("");
        match base {
            "en" | "c" | "posix" => Some(Language::English),
            "zh" => Some(Language::Chinese),
            _ => None,
        }
    }

    /// The language the learner's locale asks for (`LC_ALL`, `LC_MESSAGES`, then `LANG`, as
    /// gettext reads them), English when it names none the workbook speaks. gettext's
    /// `LANGUAGE` list (`zh_CN:en`) comes first, as in gettext, unless the locale is `C`.
    pub fn from_locale() -> Language {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok())
            .find(|value| !value.is_empty());
        let plain = locale
            .as_deref()
            .is_none_or(|l| matches!(l.split('.').next(), Some("C" | "POSIX")));
        let preferred = std::env::var("LANGUAGE")
            .ok()
            .filter(|_| !plain)
            .and_then(|list| list.split(':').find_map(Language::parse));
        preferred
            .or_else(|| locale.and_then(|value| Language::parse(&value)))
            .unwrap_or(Language::English)
    }

    /// The catalogue that translates into this language, relative to the workspace root;
    /// `None` for the sources' own language.
    pub fn po_file(self) -> Option<String> {
        match self {
            Language::English => None,
            other => Some(format!("{PO_DIR}/{}.po", other.code())),
        }
    }
}

impl std::str::FromStr for Language {
    type Err = String;

    fn from_str(tag: &str) -> Result<Language, String> {
        Language::parse(tag).ok_or_else(|| {
            let known: Vec<&str> = Language::ALL.iter().map(|l| l.code()).collect();
            format!(
                "no edition in {tag:?}: the workbook speaks {}",
                known.join(" and ")
            )
        })
    }
}

/// A language's translations, looked up by their English text. English itself is the empty
/// catalogue: every lookup gives back its own text.
pub struct Catalogue {
    language: Language,
    catalog: Option<Catalog>,
}

impl std::fmt::Debug for Catalogue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Catalogue({})", self.language.code())
    }
}

impl Catalogue {
    /// The catalogue that gives back English.
    pub fn english() -> Catalogue {
        Catalogue {
            language: Language::English,
            catalog: None,
        }
    }

    /// Reads `language`'s catalogue from the workspace.
    pub fn load(workspace: &Path, language: Language) -> Result<Catalogue> {
        let Some(file) = language.po_file() else {
            return Ok(Catalogue::english());
        };
        let path = workspace.join(file);
        let catalog = parse_po(&path)
            .with_context(|| format!("reading the translations in {}", path.display()))?;
        Ok(Catalogue {
            language,
            catalog: Some(catalog),
        })
    }

    /// The language this catalogue translates into.
    pub fn language(&self) -> Language {
        self.language
    }

    /// Whether `english` has a finished translation (always, in English).
    pub fn has(&self, english: &str) -> bool {
        self.catalog.as_ref().is_none_or(|c| {
            c.find_message(None, english, None)
                .is_some_and(|m| m.is_translated() && !m.is_fuzzy())
        })
    }

    /// `english`, translated; itself where the catalogue has no finished translation, as
    /// gettext does.
    pub fn get(&self, english: &str) -> String {
        self.catalog
            .as_ref()
            .and_then(|c| c.find_message(None, english, None))
            .filter(|m| m.is_translated() && !m.is_fuzzy())
            .and_then(|m| m.msgstr().ok().map(str::to_owned))
            .unwrap_or_else(|| english.to_owned())
    }

    /// `english` translated, with each `{name}` replaced by its value: the catalogue keeps
    /// the placeholders, so a translation may put them in its own order.
    pub fn fill(&self, english: &str, values: &[(&str, &dyn std::fmt::Display)]) -> String {
        let mut text = self.get(english);
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), &value.to_string());
        }
        text
    }
}

/// The catalogue the CLI speaks with, set once at start-up as gettext's locale is: English
/// until [`speak`] says otherwise.
static WORDS: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();

/// Speaks `words` from now on (the first call wins).
pub fn speak(words: Catalogue) {
    let _ = WORDS.set(words);
}

/// The catalogue the CLI speaks with.
pub fn words() -> &'static Catalogue {
    WORDS.get_or_init(Catalogue::english)
}

/// How many terminal columns `text` takes: a Chinese character (or full-width form) takes two.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

/// A character drawn about twice as wide as a Latin letter: CJK ideographs and punctuation,
/// and the full-width forms.
pub fn is_wide(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}')
}

/// `text` padded with spaces to `width` columns (as `{:width$}` does, counting columns).
pub fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_owned();
    out.push_str(&" ".repeat(width.saturating_sub(display_width(text))));
    out
}

/// Reads a catalogue. polib panics on some broken files (a string cut inside a Chinese
/// character, a lone quote): that is a bad input, reported in one line like the others, with
/// where to look.
pub fn parse_po(path: &Path) -> Result<Catalog> {
    let quiet = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let parsed = std::panic::catch_unwind(|| polib::po_file::parse(path));
    std::panic::set_hook(quiet);
    match parsed {
        Ok(Ok(catalog)) => Ok(catalog),
        Ok(Err(e)) => Err(anyhow!("{e} (`msgfmt --check` names the line)")),
        Err(_) => Err(anyhow!(
            "it is not a well-formed catalogue (`msgfmt --check` names the line)"
        )),
    }
}

/// The catalogue at `path`, as a file's bytes, without the messages that come only from pages
/// `leave_out` names (by source path, `src/instructors.md`): a class copy's catalogues must
/// not carry the pages it does not ship.
pub fn catalogue_without(path: &Path, leave_out: impl Fn(&str) -> bool) -> Result<Vec<u8>> {
    use polib::message::{CatalogMessageMutView, MessageView};
    let mut catalog = parse_po(path).with_context(|| format!("reading {}", path.display()))?;
    for mut message in catalog.messages_mut() {
        let sources: Vec<&str> = message
            .source()
            .split_whitespace()
            .map(|s| s.split(':').next().unwrap_or(s))
            .collect();
        if !sources.is_empty() && sources.iter().all(|s| leave_out(s)) {
            message.delete();
        }
    }
    let scratch = std::env::temp_dir().join(format!(
        "viewbook-catalogue-{}-{}",
        std::process::id(),
        path.file_name().and_then(|n| n.to_str()).unwrap_or("po")
    ));
    polib::po_file::write(&catalog, &scratch)
        .with_context(|| format!("writing {}", scratch.display()))?;
    let bytes = std::fs::read(&scratch);
    let _ = std::fs::remove_file(&scratch);
    Ok(bytes?)
}

/// Declares a module's translatable messages: one `&str` constant per message, and `ALL`, the
/// list [`extras_of`] gives the translators' template, written from the same lines so that no
/// message the code uses can miss the template. `NAME = "English" => "note";`, the note for
/// the translator optional.
#[macro_export]
macro_rules! messages {
    ($($name:ident = $english:literal $(=> $note:literal)?;)+) => {
        $(
            #[doc = $english]
            pub const $name: &str = $english;
        )+
        /// Every message above, with its note for the translator (empty where it has none).
        pub const ALL: &[(&str, &str)] = &[$(($name, concat!("" $(, $note)?))),+];
    };
}

/// The template's entries for a module's [`messages!`]: each from `source`, with its own note
/// or else `note`.
pub fn extras_of(all: &[(&str, &str)], source: &str, note: &str) -> Vec<Extra> {
    all.iter()
        .map(|(english, own)| {
            Extra::noted(*english, source, if own.is_empty() { note } else { own })
        })
        .collect()
}

/// A message the book's Markdown does not hold: the CLI's words, the hints, the charts'.
pub struct Extra {
    /// The English text, as the code looks it up.
    pub english: String,
    /// Where it comes from, for the translator (`chapters.toml`, `src/status.rs`...).
    pub source: String,
    /// What a translator must know (placeholders, Markdown), or empty.
    pub note: String,
}

impl Extra {
    /// A message from `source` with nothing to say about it.
    pub fn new(english: impl Into<String>, source: impl Into<String>) -> Extra {
        Extra {
            english: english.into(),
            source: source.into(),
            note: String::new(),
        }
    }

    /// A message with a note for the translator.
    pub fn noted(english: impl Into<String>, source: &str, note: &str) -> Extra {
        Extra {
            english: english.into(),
            source: source.into(),
            note: note.into(),
        }
    }
}

/// The template as a fresh extraction writes it: every message of the English book (pages
/// and `SUMMARY.md`, extracted by mdbook-i18n-helpers as `mdbook-xgettext` does, before any
/// `{{#include}}` is expanded, so code stays out of the catalogue and unchanged), then
/// `extras`, then the book's title.
pub fn template(workspace: &Path, extras: &[Extra]) -> Result<Catalog> {
    let root = workspace.join("book");
    let book = mdbook_driver::MDBook::load(&root)
        .map_err(|e| anyhow!("{e:#}"))
        .with_context(|| format!("loading the book in {}", root.display()))?;
    let title = book.config.book.title.clone().unwrap_or_default();
    let context = mdbook_renderer::RenderContext::new(
        book.root.clone(),
        book.book.clone(),
        book.config.clone(),
        root.join("po"),
    );
    let catalogs =
        mdbook_i18n_helpers::xgettext::create_catalogs(&context, std::fs::read_to_string)
            .map_err(|e| anyhow!("{e:#}"))
            .context("extracting the book's messages")?;
    let extracted = catalogs
        .into_values()
        .next()
        .ok_or_else(|| anyhow!("the book gave no messages"))?;

    let mut template = Catalog::new(metadata());
    for message in extracted.messages() {
        // A page line that is only a directive ({{#hints ch01_lists}}, {{#include ...}}) has
        // nothing to translate; left out, it stays as it is in every edition.
        if is_directive(message.msgid()) {
            continue;
        }
        template.append_or_update(
            Message::build_singular()
                .with_msgid(message.msgid().to_owned())
                .with_source(message.source().to_owned())
                .with_comments(message.comments().to_owned())
                .done(),
        );
    }
    // The pages' raw HTML words (diagrams, <summary>s), which the extraction above skips.
    let mut html = Vec::new();
    for item in book.book.iter() {
        if let mdbook_preprocessor::book::BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            for words in html_words(&chapter.content) {
                html.push(Extra::noted(
                    words,
                    &format!("src/{}", path.display()),
                    "Words in a page's HTML (a diagram's text, or a <summary>): keep code, \
                     numbers, tags and entities (&amp;); a diagram has fixed room, so keep \
                     the translation no wider than the English.",
                ));
            }
        }
    }
    let book_toml = Extra::noted(title, "book/book.toml", "The book's title.");
    for extra in html.iter().chain(extras).chain([&book_toml]) {
        add_extra(&mut template, extra);
    }
    Ok(template)
}

fn add_extra(template: &mut Catalog, extra: &Extra) {
    let source = match template.find_message(None, &extra.english, None) {
        Some(known) if !known.source().is_empty() => {
            let mut lines: BTreeSet<&str> = known.source().split_whitespace().collect();
            lines.insert(&extra.source);
            lines.into_iter().collect::<Vec<_>>().join(" ")
        }
        _ => extra.source.clone(),
    };
    let comments = match template.find_message(None, &extra.english, None) {
        Some(known) if !known.comments().is_empty() => known.comments().to_owned(),
        _ => extra.note.clone(),
    };
    template.append_or_update(
        Message::build_singular()
            .with_msgid(extra.english.clone())
            .with_source(source)
            .with_comments(comments)
            .done(),
    );
}

/// The template's header: no creation date, so that extracting twice writes the same file and
/// the sync check can compare it byte for byte.
fn metadata() -> CatalogMetadata {
    let mut metadata = CatalogMetadata::new();
    metadata.project_id_version = "viewbook".to_owned();
    metadata.mime_version = "1.0".to_owned();
    metadata.content_type = "text/plain; charset=UTF-8".to_owned();
    metadata.content_transfer_encoding = "8bit".to_owned();
    metadata
}

fn is_directive(msgid: &str) -> bool {
    let text = msgid.trim();
    text.starts_with("{{#") && text.ends_with("}}") && text[2..].find("{{").is_none()
}

/// The messages the hints of `chapters.toml` add to the template, with the chapters' titles.
pub fn manifest_extras(manifest: &Manifest) -> Vec<Extra> {
    let mut extras = Vec::new();
    for chapter in &manifest.chapters {
        extras.push(Extra::noted(
            chapter.title.clone(),
            "chapters.toml",
            "A chapter's title, as `cargo run` lists it.",
        ));
        for hint in &chapter.hints {
            extras.push(Extra::noted(
                hint.clone(),
                "chapters.toml",
                "A hint: Markdown; keep code spans unchanged.",
            ));
        }
    }
    extras
}

/// Writes the fresh template to `book/po/messages.pot` and returns its path.
pub fn write_template(workspace: &Path, extras: &[Extra]) -> Result<PathBuf> {
    let catalog = template(workspace, extras)?;
    let path = workspace.join(TEMPLATE);
    std::fs::create_dir_all(path.parent().expect("the template has a folder"))?;
    polib::po_file::write(&catalog, &path)
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// The page with every ATX heading given its English anchor explicitly (`## Recap {#recap}`),
/// as mdBook would make it from the English text: a translated heading then keeps the anchor
/// that links, the language picker and bookmarks use. Headings with an anchor of their own are
/// left alone.
pub fn pin_heading_anchors(page: &str) -> String {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let events = mdbook_i18n_helpers::extract_events(page, None);
    let mut lines: Vec<String> = page.lines().map(str::to_owned).collect();
    let mut used = std::collections::HashSet::new();
    let mut heading: Option<(usize, String)> = None;
    for (line, event) in events {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                if let Some(id) = id {
                    used.insert(id.to_string());
                } else {
                    heading = Some((line, String::new()));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = &mut heading {
                    words.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((line, words)) = heading.take() else {
                    continue;
                };
                let id = unique_id(&id_from_content(&words), &mut used);
                if let Some(text) = lines.get_mut(line - 1)
                    && text.trim_start().starts_with('#')
                {
                    text.push_str(&format!(" {{#{id}}}"));
                }
            }
            _ => {}
        }
    }
    let mut pinned = lines.join("\n");
    if page.ends_with('\n') {
        pinned.push('\n');
    }
    pinned
}

/// The words of a page that the gettext extraction cannot see, because they sit in raw HTML:
/// the text of each hand-drawn diagram (`<text>`, `<tspan>`, `<title>`, `<desc>` in an
/// `<svg>`) and each `<summary>`'s inner HTML, as written in the page (entities included).
pub fn html_words(page: &str) -> Vec<String> {
    let mut found = Vec::new();
    for_each_html_word(page, |text| {
        found.push(text.to_owned());
        None
    });
    found
}

/// The page with each of its [`html_words`] translated by `words`.
pub fn translate_html_words(page: &str, words: &Catalogue) -> String {
    for_each_html_word(page, |text| Some(words.get(text)))
}

/// Calls `visit` on each HTML word of `page` in order, and returns the page with each word
/// `visit` answers replaced by the answer.
fn for_each_html_word(page: &str, mut visit: impl FnMut(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    loop {
        let svg = rest.find("<svg");
        let summary = rest.find("<summary>");
        let Some(at) = [svg, summary].into_iter().flatten().min() else {
            break;
        };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if Some(at) == summary {
            let inner_start = "<summary>".len();
            let Some(end) = rest.find("</summary>") else {
                break;
            };
            out.push_str("<summary>");
            let inner = &rest[inner_start..end];
            out.push_str(&replaced(inner, &mut visit));
            rest = &rest[end..];
            continue;
        }
        let end = rest
            .find("</svg>")
            .map_or(rest.len(), |e| e + "</svg>".len());
        let mut block = &rest[..end];
        rest = &rest[end..];
        // Each element whose text is words: its content runs from its tag's `>` to the next `<`.
        while let Some(open) = ["<text", "<tspan", "<title", "<desc"]
            .iter()
            .filter_map(|tag| block.find(tag))
            .min()
        {
            let Some(gt) = block[open..].find('>').map(|g| open + g + 1) else {
                break;
            };
            let lt = block[gt..].find('<').map_or(block.len(), |l| gt + l);
            out.push_str(&block[..gt]);
            out.push_str(&replaced(&block[gt..lt], &mut visit));
            block = &block[lt..];
        }
        out.push_str(block);
    }
    out.push_str(rest);
    out
}

fn replaced(text: &str, visit: &mut impl FnMut(&str) -> Option<String>) -> String {
    let words = text.trim();
    if !words.chars().any(char::is_alphabetic) {
        return text.to_owned();
    }
    match visit(words) {
        Some(translation) => text.replacen(words, &translation, 1),
        None => text.to_owned(),
    }
}

/// mdBook's anchor for a heading's text (mdbook-html's `id_from_content`).
fn id_from_content(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// mdBook's way of keeping a page's anchors apart (mdbook-html's `unique_id`).
fn unique_id(id: &str, used: &mut std::collections::HashSet<String>) -> String {
    if used.insert(id.to_owned()) {
        return id.to_owned();
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .expect("some suffix is free")
}

/// What keeps a translation from being complete and in step with the template.
#[derive(Debug, Default)]
pub struct Drift {
    /// Messages of the template the translation lacks.
    pub missing: Vec<String>,
    /// Messages of the translation the template no longer has.
    pub stale: Vec<String>,
    /// Messages present but without a finished translation (empty or fuzzy).
    pub unfinished: Vec<String>,
    /// Translations that lost what must come through unchanged: each entry names the message
    /// and what is missing (a `{placeholder}`, a code span, a link target).
    pub broken: Vec<String>,
}

impl Drift {
    /// True when the translation is complete and in step.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty()
            && self.stale.is_empty()
            && self.unfinished.is_empty()
            && self.broken.is_empty()
    }
}

/// Compares a translation with the template.
pub fn drift(template: &Catalog, translation: &Catalog) -> Drift {
    let wanted: BTreeSet<&str> = template.messages().map(|m| m.msgid()).collect();
    let have: BTreeSet<&str> = translation.messages().map(|m| m.msgid()).collect();
    Drift {
        missing: wanted.difference(&have).map(|s| s.to_string()).collect(),
        stale: have.difference(&wanted).map(|s| s.to_string()).collect(),
        unfinished: translation
            .messages()
            .filter(|m| wanted.contains(m.msgid()))
            .filter(|m| !m.is_translated() || m.is_fuzzy())
            .map(|m| m.msgid().to_owned())
            .collect(),
        broken: translation
            .messages()
            .filter(|m| wanted.contains(m.msgid()) && m.is_translated() && !m.is_fuzzy())
            .filter_map(|m| {
                let lost = lost_in_translation(m.msgid(), m.msgstr().unwrap_or(""));
                (!lost.is_empty()).then(|| format!("lost {}: {}", lost.join(", "), m.msgid()))
            })
            .collect(),
    }
}

/// What a translation dropped of its English that must come through unchanged: each
/// `{placeholder}` the CLI fills in (exactly as many), each inline code span and each link
/// target (at least once: a quoted message's translation may name them again).
pub fn lost_in_translation(english: &str, translated: &str) -> Vec<String> {
    let mut lost = Vec::new();
    let (ours, theirs) = (placeholders(english), placeholders(translated));
    if ours != theirs {
        lost.push(format!("placeholders {ours:?}, not {theirs:?}"));
    }
    let their_spans = code_spans(translated);
    for span in code_spans(english) {
        if !their_spans.contains(&span) {
            lost.push(format!("`{span}`"));
        }
    }
    for target in link_targets(english) {
        if !translated.contains(&format!("]({target})")) {
            lost.push(format!("]({target})"));
        }
    }
    lost
}

/// The `{name}`s of a CLI or chart message, sorted (`{{#...}}` directives are not names).
fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let end = after.find('}').unwrap_or(0);
        let name = &after[..end];
        if end > 0 && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            names.push(name.to_owned());
        }
        rest = &after[end..];
    }
    names.sort();
    names
}

/// The inline code spans of a Markdown message (single backticks), in order.
fn code_spans(text: &str) -> Vec<String> {
    // A fenced block is code as a whole, copied as it is.
    if text.starts_with("```") {
        return Vec::new();
    }
    text.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, span)| span.to_owned())
        .filter(|span| !span.is_empty())
        .collect()
}

/// The targets of a Markdown message's inline links, `[text](target)`.
fn link_targets(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| rest[..end].to_owned())
        })
        .collect()
}

/// Fails, listing every message, when `language`'s catalogue is not complete and in step with
/// a fresh template.
pub fn check(workspace: &Path, language: Language, extras: &[Extra]) -> Result<()> {
    let Some(file) = language.po_file() else {
        return Ok(());
    };
    let fresh = template(workspace, extras)?;
    let path = workspace.join(&file);
    let translation = parse_po(&path).with_context(|| format!("reading {}", path.display()))?;
    let drift = drift(&fresh, &translation);
    if drift.is_empty() {
        return Ok(());
    }
    let mut report = format!(
        "{file} is not in step with the English sources: run `cargo run -- book --extract`, \
         then `msgmerge --update --no-wrap --previous {file} {TEMPLATE}`, and translate or mend what it lists (book/po/README.md)\n"
    );
    for (what, list) in [
        ("missing (new in English)", &drift.missing),
        ("stale (gone from English)", &drift.stale),
        ("untranslated or fuzzy", &drift.unfinished),
        ("broken (what must stay unchanged is gone)", &drift.broken),
    ] {
        if !list.is_empty() {
            report.push_str(&format!("{what}: {}\n", list.len()));
            for msgid in list {
                let first = msgid.lines().next().unwrap_or("");
                let shown: String = first.chars().take(160).collect();
                let cut = if shown.len() < first.len() {
                    " …"
                } else {
                    ""
                };
                report.push_str(&format!("  - {shown}{cut}\n"));
            }
        }
    }
    bail!("{report}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_name_their_language() {
        assert_eq!(Language::parse("zh_CN.UTF-8"), Some(Language::Chinese));
        assert_eq!(Language::parse("zh-CN"), Some(Language::Chinese));
        assert_eq!(Language::parse("zh_TW"), Some(Language::Chinese));
        assert_eq!(Language::parse("en_GB.UTF-8"), Some(Language::English));
        assert_eq!(Language::parse("C.UTF-8"), Some(Language::English));
        assert_eq!(Language::parse("fr_FR"), None);
        assert!(
            "fr".parse::<Language>()
                .unwrap_err()
                .contains("en and zh-CN")
        );
    }

    #[test]
    fn headings_keep_their_english_anchors() {
        let page = "# The `base` of a view\n\nText.\n\n## Recap\n\n## Recap\n\n## Own {#mine}\n\n```\n# not a heading\n```\n";
        assert_eq!(
            pin_heading_anchors(page),
            "# The `base` of a view {#the-base-of-a-view}\n\nText.\n\n## Recap {#recap}\n\n## Recap {#recap-1}\n\n## Own {#mine}\n\n```\n# not a heading\n```\n"
        );
    }

    #[test]
    fn diagram_and_summary_words_are_found_and_replaced_in_place() {
        let page = "Text <b>x</b>.\n<svg><title id=\"t\">A list</title><g><text x=\"1\">the objects</text><text>+1</text><tspan>len 3</tspan></g></svg>\n<details>\n<summary>Show the reference <code>copy</code></summary>\n";
        assert_eq!(
            html_words(page),
            [
                "A list",
                "the objects",
                "len 3",
                "Show the reference <code>copy</code>"
            ]
        );
        let mut catalog = Catalog::new(metadata());
        for (en, zh) in [
            ("the objects", "对象"),
            (
                "Show the reference <code>copy</code>",
                "显示参考答案 <code>copy</code>",
            ),
        ] {
            catalog.append_or_update(
                Message::build_singular()
                    .with_msgid(en.into())
                    .with_msgstr(zh.into())
                    .done(),
            );
        }
        let words = Catalogue {
            language: Language::Chinese,
            catalog: Some(catalog),
        };
        assert_eq!(
            translate_html_words(page, &words),
            page.replace(">the objects<", ">对象<").replace(
                "Show the reference <code>copy</code>",
                "显示参考答案 <code>copy</code>"
            )
        );
    }

    #[test]
    fn a_translation_keeps_placeholders_code_and_link_targets() {
        let english = "Next: chapter {number}, \"{title}\"";
        assert!(lost_in_translation(english, "下一步：第 {number} 章「{title}」").is_empty());
        assert_eq!(
            lost_in_translation(english, "下一步：第 {numbr} 章"),
            [r#"placeholders ["number", "title"], not ["numbr"]"#]
        );
        let page = "A new `Array` on [the buffer](ch02_views.md#views).";
        assert!(
            lost_in_translation(page, "新的 `Array` 在[缓冲区](ch02_views.md#views)上。")
                .is_empty()
        );
        assert_eq!(
            lost_in_translation(page, "新的 `Arrays` 在[缓冲区](ch02_view.md)上。"),
            ["`Array`", "](ch02_views.md#views)"]
        );
        assert!(lost_in_translation("{{#hints ch01_lists}}", "{{#hints ch01_lists}}").is_empty());
    }

    #[test]
    fn a_directive_alone_is_not_a_message() {
        assert!(is_directive("{{#hints ch01_lists}}"));
        assert!(is_directive("{{#include ../x.rs:anchor}}"));
        assert!(!is_directive("See {{#include x}} here"));
        assert!(!is_directive("{{#include a}} and {{#include b}}"));
    }

    #[test]
    fn english_gives_back_its_own_text_and_fills_placeholders() {
        let english = Catalogue::english();
        assert_eq!(
            english.fill("{done}/{total} chapters", &[("done", &3), ("total", &8)]),
            "3/8 chapters"
        );
    }

    #[test]
    fn drift_lists_missing_stale_and_unfinished_messages() {
        let mut template = Catalog::new(metadata());
        let mut translation = Catalog::new(metadata());
        for id in ["kept", "new", "empty"] {
            template.append_or_update(Message::build_singular().with_msgid(id.into()).done());
        }
        for (id, text) in [("kept", "留"), ("gone", "旧"), ("empty", "")] {
            translation.append_or_update(
                Message::build_singular()
                    .with_msgid(id.into())
                    .with_msgstr(text.into())
                    .done(),
            );
        }
        let drift = drift(&template, &translation);
        assert_eq!(drift.missing, ["new"]);
        assert_eq!(drift.stale, ["gone"]);
        assert_eq!(drift.unfinished, ["empty"]);
    }
}
