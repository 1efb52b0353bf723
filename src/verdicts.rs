//! Verdicts remembered between runs of `cargo run`, keyed by the content of everything a
//! chapter's suite builds on, so that the status reruns only the chapters whose inputs changed.
//!
//! A chapter's key hashes its own file, the files of the chapters it uses, the scaffolding
//! (every other file of `exercises/`), its suite with the suites' shared model and its
//! snapshots, and the harness and manifest (`src/`, `chapters.toml`, the Cargo files). The
//! chapters it uses are found from the text, over-approximating on purpose: a chapter named in
//! its suite or its file, and any chapter whose file defines a function whose name appears
//! there (a learner's `reshape` may call chapter 5's `copy` without naming chapter 5), and so
//! on from the chapters found.
//!
//! Only verdicts that cannot be noise are kept: "done" and "not started". A failing chapter is
//! always checked again, so that a check that failed once on a busy machine is never stuck.
//! The file is `.viewbook/verdicts.json`, safe to delete.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::manifest::{Chapter, Manifest};
use crate::status::ChapterState;

/// The cache file, relative to the workbook root.
pub const VERDICTS_FILE: &str = ".viewbook/verdicts.json";

/// Bumped when what a key covers changes, so that older keys never match.
const KEY_VERSION: u64 = 1;

/// A verdict worth keeping.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Kept {
    Done { checks: usize },
    NotStarted,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    key: String,
    verdict: Kept,
}

/// The remembered verdicts of one workbook.
#[derive(Debug, Default)]
pub struct Verdicts {
    path: PathBuf,
    entries: BTreeMap<String, Entry>,
    changed: bool,
}

impl Verdicts {
    /// Reads the workbook's remembered verdicts; a missing or unreadable file remembers none.
    pub fn load(workbook: &Path) -> Verdicts {
        let path = workbook.join(VERDICTS_FILE);
        let entries = std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        Verdicts {
            path,
            entries,
            changed: false,
        }
    }

    /// The remembered state of `slug`, if it was recorded under `key`.
    pub fn get(&self, slug: &str, key: &str) -> Option<ChapterState> {
        let entry = self.entries.get(slug).filter(|e| e.key == key)?;
        Some(match entry.verdict {
            Kept::Done { checks } => ChapterState::Done { checks },
            Kept::NotStarted => ChapterState::NotStarted,
        })
    }

    /// Remembers `state` for `slug` under `key` when it is a verdict worth keeping, and
    /// forgets any earlier verdict otherwise.
    pub fn record(&mut self, slug: &str, key: &str, state: &ChapterState) {
        let verdict = match state {
            ChapterState::Done { checks } => Some(Kept::Done { checks: *checks }),
            ChapterState::NotStarted => Some(Kept::NotStarted),
            _ => None,
        };
        self.changed = true;
        match verdict {
            Some(verdict) => {
                self.entries.insert(
                    slug.to_owned(),
                    Entry {
                        key: key.to_owned(),
                        verdict,
                    },
                );
            }
            None => {
                self.entries.remove(slug);
            }
        }
    }

    /// Writes the verdicts back if they changed. A workbook that cannot be written to only
    /// loses the speed-up, so the error is the caller's to show or ignore.
    pub fn save(&self) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_vec_pretty(&self.entries).map_err(std::io::Error::other)?;
        std::fs::write(&self.path, text)
    }
}

/// The key of `chapter`'s verdict: a hash of everything its suite builds on, as it is now.
pub fn key(workbook: &Path, manifest: &Manifest, chapter: &Chapter) -> std::io::Result<String> {
    let chapter_files: BTreeSet<PathBuf> = manifest
        .chapters
        .iter()
        .map(|c| PathBuf::from(c.exercise_file()))
        .collect();
    let suite_file = PathBuf::from(format!("suites/{}.rs", chapter.test));
    let mut inputs: BTreeSet<PathBuf> = BTreeSet::new();
    for fixed in [
        "Cargo.toml",
        "Cargo.lock",
        "chapters.toml",
        ".cargo/config.toml",
    ] {
        inputs.insert(PathBuf::from(fixed));
    }
    for dir in ["src", "exercises", "suites"] {
        for file in files_under(&workbook.join(dir))? {
            let relative = file.strip_prefix(workbook).unwrap_or(&file).to_path_buf();
            if chapter_files.contains(&relative)
                || belongs_to_another_suite(&relative, manifest, chapter)
            {
                continue;
            }
            inputs.insert(relative);
        }
    }
    inputs.insert(suite_file.clone());
    for used in chapters_used(workbook, manifest, chapter) {
        inputs.insert(PathBuf::from(used.exercise_file()));
    }
    let mut hasher = DefaultHasher::new();
    hasher.write_u64(KEY_VERSION);
    hash_surroundings(workbook, &mut hasher);
    for input in &inputs {
        hasher.write(input.to_string_lossy().as_bytes());
        hasher.write_u8(0);
        match std::fs::read(workbook.join(input)) {
            Ok(bytes) => {
                hasher.write_u64(bytes.len() as u64);
                hasher.write(&bytes);
            }
            // A missing file is part of the state too (and differs from an empty one).
            Err(_) => hasher.write_u64(u64::MAX),
        }
    }
    Ok(format!("{:016x}", hasher.finish()))
}

/// What outside the workbook's files decides how its suites build and run: the environment
/// variables Cargo, rustc and the test binaries read, and the Cargo configs of the folders
/// above the workbook and of `CARGO_HOME`.
fn hash_surroundings(workbook: &Path, hasher: &mut DefaultHasher) {
    let mut variables: Vec<(String, String)> = std::env::vars_os()
        .filter_map(|(k, v)| Some((k.into_string().ok()?, v.to_string_lossy().into_owned())))
        .filter(|(k, _)| {
            // Cargo sets CARGO_PKG_*, CARGO_MANIFEST_* and the like for the program it runs;
            // they say nothing of how the suites build.
            let set_by_cargo_run = k == "CARGO"
                || k.starts_with("CARGO_PKG_")
                || k.starts_with("CARGO_MANIFEST_")
                || matches!(
                    k.as_str(),
                    "CARGO_BIN_NAME" | "CARGO_CRATE_NAME" | "CARGO_PRIMARY_PACKAGE"
                );
            (k.starts_with("RUST") || k.starts_with("CARGO")) && !set_by_cargo_run
        })
        .collect();
    variables.sort();
    for (name, value) in variables {
        hasher.write(name.as_bytes());
        hasher.write_u8(0);
        hasher.write(value.as_bytes());
        hasher.write_u8(0);
    }
    let cargo_home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo")));
    let configs = workbook
        .ancestors()
        .skip(1)
        .map(|dir| dir.join(".cargo"))
        .chain(cargo_home);
    for dir in configs {
        for name in ["config.toml", "config"] {
            if let Ok(bytes) = std::fs::read(dir.join(name)) {
                hasher.write(dir.join(name).to_string_lossy().as_bytes());
                hasher.write(&bytes);
            }
        }
    }
}

/// Whether `relative` is another chapter's suite or snapshot, which this chapter's suite never
/// reads.
fn belongs_to_another_suite(relative: &Path, manifest: &Manifest, chapter: &Chapter) -> bool {
    let Some(name) = relative.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let in_suites = relative.starts_with("suites");
    in_suites
        && manifest.chapters.iter().any(|other| {
            other.test != chapter.test
                && (name == format!("{}.rs", other.test)
                    || name.starts_with(&format!("{}__", other.test)))
        })
}

/// Every regular file under `dir`, recursively (none when it does not exist).
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(found);
    };
    for entry in entries {
        let entry = entry?;
        let kind = entry.file_type()?;
        if kind.is_dir() {
            found.extend(files_under(&entry.path())?);
        } else if kind.is_file() {
            found.push(entry.path());
        }
    }
    Ok(found)
}

/// The chapters whose files `chapter`'s verdict may depend on, itself included.
pub fn chapters_used<'m>(
    workbook: &Path,
    manifest: &'m Manifest,
    chapter: &Chapter,
) -> Vec<&'m Chapter> {
    let read =
        |relative: String| std::fs::read_to_string(workbook.join(relative)).unwrap_or_default();
    let texts: Vec<String> = manifest
        .chapters
        .iter()
        .map(|c| read(c.exercise_file()))
        .collect();
    let defined: Vec<BTreeSet<&str>> = texts.iter().map(|t| methods_on_shared_types(t)).collect();
    // A trait implemented on a shared type (`impl Not for &Array`, `impl From<..> for Array`)
    // is called by an operator, a conversion or a generic bound, with no name to find: such a
    // chapter is one every chapter uses.
    let implements_traits: Vec<bool> = texts.iter().map(|t| implements_shared_traits(t)).collect();
    let mut used = implements_traits.clone();
    let mut to_read: Vec<String> = implements_traits
        .iter()
        .zip(&texts)
        .filter(|(implements, _)| **implements)
        .map(|(_, text)| text.clone())
        .collect();
    to_read.push(read(format!("suites/{}.rs", chapter.test)));
    if let Some(own) = manifest
        .chapters
        .iter()
        .position(|c| c.slug == chapter.slug)
    {
        used[own] = true;
        to_read.push(texts[own].clone());
    }
    while let Some(text) = to_read.pop() {
        let words = identifiers(&text);
        let calls = called(&text);
        for (i, other) in manifest.chapters.iter().enumerate() {
            let named = words.contains(other.slug.as_str());
            let calls = defined[i].iter().any(|f| calls.contains(f));
            if !used[i] && (named || calls) {
                used[i] = true;
                to_read.push(texts[i].clone());
            }
        }
    }
    manifest
        .chapters
        .iter()
        .zip(used)
        .filter_map(|(c, u)| u.then_some(c))
        .collect()
}

/// The public methods a chapter file adds to types it does not define (the scaffolding's
/// `Array` and `Matrix`): the only items another chapter's code can call without naming this
/// chapter's module. (A type the file defines itself has to be imported by its path.)
fn methods_on_shared_types(text: &str) -> BTreeSet<&str> {
    let defined: BTreeSet<&str> = words_after(text, &["struct", "enum", "type", "trait"])
        .into_iter()
        .collect();
    let mut methods = BTreeSet::new();
    for block in text.split("\nimpl").skip(1) {
        // `impl Array {`, `impl<'a> Matrix {`, `impl Trait for Array {`: the implemented type
        // is the last word before the block's brace.
        let header = block.split('{').next().unwrap_or("");
        let target = words(header).last().unwrap_or("");
        if defined.contains(target) {
            continue;
        }
        methods.extend(public_functions(block));
    }
    methods
}

/// Whether a chapter file implements a trait on a type it does not define itself.
fn implements_shared_traits(text: &str) -> bool {
    let defined: BTreeSet<&str> = words_after(text, &["struct", "enum", "type", "trait"])
        .into_iter()
        .collect();
    text.split("\nimpl").skip(1).any(|block| {
        let header = block.split('{').next().unwrap_or("");
        let target = words(header).last().unwrap_or("");
        words(header).any(|w| w == "for") && !defined.contains(target)
    })
}

/// The words that follow one of `keywords` in `text`.
fn words_after<'t>(text: &'t str, keywords: &[&str]) -> Vec<&'t str> {
    let all: Vec<&str> = words(text).collect();
    (1..all.len())
        .filter(|&i| keywords.contains(&all[i - 1]))
        .map(|i| all[i])
        .collect()
}

/// The names of the `pub fn`s and `pub(crate) fn`s in `text`.
fn public_functions(text: &str) -> Vec<&str> {
    let all: Vec<&str> = words(text).collect();
    (2..all.len())
        .filter(|&i| all[i - 1] == "fn" && matches!(all[i - 2], "pub" | "crate"))
        .map(|i| all[i])
        .collect()
}

/// Every word of `text`, where a chapter's module name is looked for.
fn identifiers(text: &str) -> BTreeSet<&str> {
    words(text).collect()
}

/// The names `text` calls as a method (`.name(`) or through a path (`::name`).
fn called(text: &str) -> BTreeSet<&str> {
    let mut names = BTreeSet::new();
    for (at, _) in text.match_indices(['.', ':']) {
        let rest = &text[at + 1..];
        let name = rest
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .next()
            .unwrap_or("");
        if !name.is_empty() {
            names.insert(name);
        }
    }
    names
}

fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::manifest;

    fn workbook() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_chapter_uses_what_its_suite_and_file_name_or_call() {
        let m = manifest();
        let slugs = |slug: &str| -> Vec<String> {
            let chapter = m.chapters.iter().find(|c| c.slug == slug).unwrap();
            chapters_used(workbook(), m, chapter)
                .iter()
                .map(|c| c.slug.clone())
                .collect()
        };
        assert!(slugs("ch01_lists").contains(&"ch01_lists".to_owned()));
        let ch07 = slugs("ch07_strides");
        for earlier in ["ch02_views", "ch03_base", "ch04_aliasing", "ch07_strides"] {
            assert!(ch07.contains(&earlier.to_owned()), "{ch07:?}");
        }
    }

    #[test]
    fn only_methods_on_shared_types_and_calls_count() {
        let text = "pub struct List;\nimpl List {\n    pub fn len(&self) {}\n}\nimpl Array {\n    \
                    pub fn copy(&self) -> Array { self.view_of(0..3) }\n}\n";
        assert_eq!(methods_on_shared_types(text), BTreeSet::from(["copy"]));
        let calls = called(text);
        assert!(calls.contains("view_of"), "{calls:?}");
        assert!(!calls.contains("Array"), "{calls:?}");
    }

    #[test]
    fn a_trait_on_a_shared_type_makes_a_chapter_everyones() {
        assert!(implements_shared_traits(
            "pub struct View;\nimpl std::ops::Not for &crate::array::Array {\n}\n"
        ));
        assert!(!implements_shared_traits(
            "pub struct View;\nimpl std::fmt::Debug for View {\n}\nimpl Array {\n}\n"
        ));
    }

    #[test]
    fn a_kept_verdict_is_found_only_under_its_key() {
        let dir = std::env::temp_dir().join(format!("viewbook-verdicts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mut verdicts = Verdicts::load(&dir);
        verdicts.record("ch01_lists", "k1", &ChapterState::Done { checks: 14 });
        verdicts.record("ch02_views", "k2", &ChapterState::NotStarted);
        verdicts.record(
            "ch03_base",
            "k3",
            &ChapterState::Failing {
                passed: 1,
                checks: 2,
                first: "a".into(),
                message: "b".into(),
            },
        );
        verdicts.save().unwrap();
        let again = Verdicts::load(&dir);
        assert_eq!(
            again.get("ch01_lists", "k1"),
            Some(ChapterState::Done { checks: 14 })
        );
        assert_eq!(again.get("ch01_lists", "other"), None);
        assert_eq!(
            again.get("ch02_views", "k2"),
            Some(ChapterState::NotStarted)
        );
        assert_eq!(
            again.get("ch03_base", "k3"),
            None,
            "a failure is never kept"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
