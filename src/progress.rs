//! The learner's progress, in one small human-readable file: `.viewbook/progress.toml`.
//!
//! It records only what test results cannot tell: which chapter the learner chose to work on
//! (`next`, `goto`), how many hints of each chapter they have seen, and the language they
//! asked for. It is safe to delete:
//! a missing or unreadable file starts afresh (with a one-line notice), and which chapters are
//! done is always measured again by running the suites, never trusted from the file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The progress file, relative to the workbook root.
pub const PROGRESS_FILE: &str = ".viewbook/progress.toml";

/// What the learner chose and saw.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Progress {
    /// The chapter chosen with `next` or `goto`; without one, the first unfinished chapter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// How many hints of each chapter have been shown.
    #[serde(default)]
    pub hints_seen: BTreeMap<String, usize>,
    /// The language last asked for with `--language` (`en`, `zh-CN`): it outranks the locale
    /// from then on, so that the commands the CLI suggests answer in the same language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

impl Progress {
    /// Reads the workbook's progress. A missing file is a fresh start; an unreadable one is
    /// too, and `notice` says so in one line.
    pub fn load(workbook: &Path) -> (Progress, Option<String>) {
        let path = workbook.join(PROGRESS_FILE);
        match std::fs::read_to_string(&path) {
            Err(_) => (Progress::default(), None),
            Ok(text) => match toml::from_str(&text) {
                Ok(progress) => (progress, None),
                Err(_) => (
                    Progress::default(),
                    Some(format!(
                        "{} was unreadable; starting it afresh (your code and results are \
                         untouched)",
                        PROGRESS_FILE
                    )),
                ),
            },
        }
    }

    /// Writes the progress file.
    pub fn save(&self, workbook: &Path) -> Result<PathBuf> {
        let path = workbook.join(PROGRESS_FILE);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let text = format!(
            "# viewbook progress: safe to edit or delete (it is rebuilt when missing).\n{}",
            toml::to_string(self).context("writing the progress file")?
        );
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        Ok(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workbook(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("viewbook-progress-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn progress_round_trips_and_reads_as_plain_toml() {
        let dir = workbook("round-trip");
        let progress = Progress {
            current: Some("ch03_base".into()),
            hints_seen: BTreeMap::from([("ch02_views".to_owned(), 2)]),
            language: Some("zh-CN".into()),
        };
        let path = progress.save(&dir).unwrap();
        let text = std::fs::read_to_string(path).unwrap();
        assert!(text.contains("current = \"ch03_base\""), "{text}");
        assert!(text.contains("ch02_views = 2"), "{text}");
        assert!(text.contains("language = \"zh-CN\""), "{text}");
        assert_eq!(Progress::load(&dir), (progress, None));
    }

    #[test]
    fn a_missing_or_corrupted_file_starts_afresh() {
        let dir = workbook("corrupt");
        assert_eq!(Progress::load(&dir), (Progress::default(), None));
        std::fs::create_dir_all(dir.join(".viewbook")).unwrap();
        std::fs::write(dir.join(PROGRESS_FILE), "current = [not toml").unwrap();
        let (progress, notice) = Progress::load(&dir);
        assert_eq!(progress, Progress::default());
        assert!(notice.unwrap().contains("starting it afresh"));
    }
}
