//! `viewbook reset CHAPTER`: puts a chapter's file back to its pristine stub, after saving the
//! learner's file to a timestamped backup; `--undo` brings the latest backup back (saving the
//! file it replaces too). No learner code is ever overwritten without a backup.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::manifest::Chapter;

/// Where the pristine stubs live, relative to the workbook root (one `SLUG.rs` per chapter).
pub const STUBS_DIR: &str = "stubs";
/// Where backups of the learner's files go, relative to the workbook root.
pub const BACKUPS_DIR: &str = ".viewbook/backups";

/// What a reset or an undo did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The file was already the pristine stub: nothing was written.
    AlreadyPristine,
    /// The learner's file was saved to `backup`, then replaced.
    Replaced {
        /// Where the learner's file was saved.
        backup: PathBuf,
    },
}

/// Replaces the chapter's file with its pristine stub, saving the learner's file first.
pub fn reset(workbook: &Path, chapter: &Chapter) -> Result<Outcome> {
    let stub = workbook
        .join(STUBS_DIR)
        .join(format!("{}.rs", chapter.slug));
    let pristine = std::fs::read(&stub)
        .with_context(|| format!("the pristine stub {} cannot be read", stub.display()))?;
    replace(workbook, chapter, &pristine)
}

/// Brings back the chapter's most recent backup, saving the current file first.
pub fn undo(workbook: &Path, chapter: &Chapter) -> Result<Outcome> {
    let Some(latest) = backups(workbook, chapter)?.pop() else {
        bail!(
            "there is no backup of {} to bring back",
            chapter.exercise_file()
        );
    };
    let saved = std::fs::read(&latest).with_context(|| format!("reading {}", latest.display()))?;
    let outcome = replace(workbook, chapter, &saved)?;
    // The backup is back in place; keep it out of the next undo's way.
    std::fs::remove_file(&latest).with_context(|| format!("removing {}", latest.display()))?;
    Ok(outcome)
}

/// The chapter's backups, oldest first.
pub fn backups(workbook: &Path, chapter: &Chapter) -> Result<Vec<PathBuf>> {
    let dir = workbook.join(BACKUPS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let prefix = format!("{}-", chapter.slug);
    let mut found: Vec<PathBuf> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".rs"))
        })
        .collect();
    // Names carry a zero-padded timestamp and a counter, so they sort in time order.
    found.sort();
    Ok(found)
}

/// Writes `content` over the chapter's file, after saving what is there now (if it differs).
fn replace(workbook: &Path, chapter: &Chapter, content: &[u8]) -> Result<Outcome> {
    let file = workbook.join(chapter.exercise_file());
    let current = match std::fs::read(&file) {
        Ok(bytes) => Some(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("reading {}", file.display())),
    };
    if current.as_deref() == Some(content) {
        return Ok(Outcome::AlreadyPristine);
    }
    let backup = match &current {
        Some(bytes) => save_backup(workbook, chapter, bytes)?,
        None => PathBuf::new(),
    };
    std::fs::write(&file, content).with_context(|| format!("writing {}", file.display()))?;
    Ok(Outcome::Replaced { backup })
}

fn save_backup(workbook: &Path, chapter: &Chapter, bytes: &[u8]) -> Result<PathBuf> {
    let dir = workbook.join(BACKUPS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Two backups in the same second get counters; never overwrite an earlier backup.
    let path = (0..)
        .map(|n| dir.join(format!("{}-{seconds:012}-{n:03}.rs", chapter.slug)))
        .find(|p| !p.exists())
        .expect("an unused backup name");
    std::fs::write(&path, bytes).with_context(|| format!("saving {}", path.display()))?;
    // Read it back: the learner's file is replaced only once the copy is known to be whole.
    let written = std::fs::read(&path).with_context(|| format!("checking {}", path.display()))?;
    if written != bytes {
        bail!(
            "the backup {} does not match the file it saves",
            path.display()
        );
    }
    Ok(path)
}

/// `viewbook reset CHAPTER [--undo] [--yes]`: asks first (or takes `--yes`), then resets or
/// undoes, and says where the learner's file went.
pub fn run(workbook: &Path, chapter: &Chapter, undo: bool, yes: bool) -> Result<()> {
    let file = chapter.exercise_file();
    let action = if undo {
        "Bring back your last saved version of"
    } else {
        "Put back the pristine stub of"
    };
    if !yes
        && !confirm(&format!(
            "{action} {file}? (your current file is saved first)"
        ))?
    {
        println!("Nothing changed.");
        return Ok(());
    }
    let outcome = if undo {
        self::undo(workbook, chapter)?
    } else {
        reset(workbook, chapter)?
    };
    match outcome {
        Outcome::AlreadyPristine => println!("{file} is unchanged: nothing to do."),
        Outcome::Replaced { backup } => {
            println!("Saved your file to {}.", backup.display());
            if undo {
                println!("Restored your earlier {file}.");
            } else {
                println!(
                    "Restored the stub of {file}. Changed your mind? cargo run -- reset {} --undo",
                    chapter.slug
                );
            }
        }
    }
    Ok(())
}

/// Asks a yes/no question on the terminal; without a terminal, refuses (use --yes).
fn confirm(question: &str) -> Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        bail!("{question}: no terminal to ask on; run again with --yes to go ahead");
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
