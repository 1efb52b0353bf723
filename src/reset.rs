//! `viewbook reset CHAPTER`: puts a chapter's file back to its pristine stub, after saving the
//! learner's file to a timestamped backup; `--undo` brings back the file the last reset
//! replaced. No learner code is ever overwritten without a backup.
//!
//! Two kinds of backup sit side by side in `.viewbook/backups/`, both named after the chapter
//! and the time: `SLUG-TIME-N.rs` holds a file a reset replaced, and `SLUG-TIME-N.before-undo.rs`
//! a file an undo replaced. Only the first kind is ever brought back by `--undo`, so undo is
//! idempotent: it always restores the file the last reset replaced, and a second undo finds
//! that file in place and changes nothing. A file an undo replaced is kept all the same (copy it
//! back by hand), but it never becomes "the last reset's file".

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use crate::manifest::Chapter;

/// Where the pristine stubs live, relative to the workbook root (one `SLUG.rs` per chapter).
pub const STUBS_DIR: &str = "stubs";
/// Where backups of the learner's files go, relative to the workbook root.
pub const BACKUPS_DIR: &str = ".viewbook/backups";
/// How the name of a backup made by an undo ends (a reset's ends in plain `.rs`).
const BEFORE_UNDO: &str = ".before-undo.rs";

/// What a reset or an undo did.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Reset: the file was already the pristine stub; nothing was written.
    AlreadyPristine,
    /// Undo: the file was already the one the last reset replaced; nothing was written.
    AlreadyRestored {
        /// The last reset's backup, which the file matches.
        from: PathBuf,
    },
    /// Reset: the stub was written over the learner's file.
    Reset {
        /// Where the learner's file was saved (`None`: there was no file to save).
        backup: Option<PathBuf>,
    },
    /// Undo: the file the last reset replaced was written back.
    Undone {
        /// The last reset's backup, which was brought back (and is kept, for the next undo).
        from: PathBuf,
        /// Where the file it replaced was saved (`None`: there was no file to save).
        backup: Option<PathBuf>,
    },
}

/// What made a backup: a reset (the file it replaced), or an undo (the file it replaced).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Reset,
    BeforeUndo,
}

/// One backup file of a chapter, with when it was made: seconds since 1970, then a counter
/// within the second.
#[derive(Debug)]
struct Backup {
    path: PathBuf,
    kind: Kind,
    stamp: (u64, u64),
}

/// Replaces the chapter's file with its pristine stub, saving the learner's file first.
pub fn reset(workbook: &Path, chapter: &Chapter) -> Result<Outcome> {
    let pristine = read_stub(workbook, chapter)?;
    let file = workbook.join(chapter.exercise_file());
    let current = read_if_any(&file)?;
    if current.as_deref() == Some(pristine.as_slice()) {
        return Ok(Outcome::AlreadyPristine);
    }
    let backup = match &current {
        Some(bytes) => Some(save_backup(workbook, chapter, Kind::Reset, bytes)?),
        None => None,
    };
    std::fs::write(&file, &pristine).with_context(|| format!("writing {}", file.display()))?;
    Ok(Outcome::Reset { backup })
}

/// Brings back the file the chapter's last reset replaced, saving the current file first
/// (unless it already is that file: then nothing changes). The reset's backup stays, so
/// undoing again always means the same file.
pub fn undo(workbook: &Path, chapter: &Chapter) -> Result<Outcome> {
    let Some(latest) = backups(workbook, chapter)?.pop() else {
        bail!(
            "there is no backup of {} to bring back: no reset has replaced it",
            chapter.exercise_file()
        );
    };
    let saved = std::fs::read(&latest).with_context(|| format!("reading {}", latest.display()))?;
    let file = workbook.join(chapter.exercise_file());
    let current = read_if_any(&file)?;
    if current.as_deref() == Some(saved.as_slice()) {
        return Ok(Outcome::AlreadyRestored { from: latest });
    }
    let backup = match &current {
        Some(bytes) => Some(save_backup(workbook, chapter, Kind::BeforeUndo, bytes)?),
        None => None,
    };
    std::fs::write(&file, &saved).with_context(|| format!("writing {}", file.display()))?;
    Ok(Outcome::Undone {
        from: latest,
        backup,
    })
}

/// Whether the learner's file of `chapter` is still its pristine stub, line ends aside (a
/// checkout may turn the stub's `\n` into `\r\n`, and an editor turn them back). `None` when
/// there is no stub to compare with (it cannot be read); `Some(false)` when the learner's file
/// is missing, which is not the stub either.
pub fn untouched(workbook: &Path, chapter: &Chapter) -> Option<bool> {
    let stub = read_stub(workbook, chapter).ok()?;
    let Ok(mine) = std::fs::read(workbook.join(chapter.exercise_file())) else {
        return Some(false);
    };
    Some(without_carriage_returns(&mine) == without_carriage_returns(&stub))
}

/// The bytes of a text with every `\r` that ends a line removed.
fn without_carriage_returns(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    for (i, &b) in bytes.iter().enumerate() {
        if !(b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
            out.push(b);
        }
    }
    out
}

/// The backups of files the chapter's resets replaced, oldest first: the last is the one
/// `undo` brings back. (Backups of files an undo replaced are not among them.)
pub fn backups(workbook: &Path, chapter: &Chapter) -> Result<Vec<PathBuf>> {
    Ok(all_backups(workbook, chapter)?
        .into_iter()
        .filter(|b| b.kind == Kind::Reset)
        .map(|b| b.path)
        .collect())
}

/// Every backup of the chapter, of both kinds, oldest first.
fn all_backups(workbook: &Path, chapter: &Chapter) -> Result<Vec<Backup>> {
    let dir = workbook.join(BACKUPS_DIR);
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found: Vec<Backup> = std::fs::read_dir(&dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let (kind, stamp) = parse_name(&chapter.slug, name)?;
            Some(Backup { path, kind, stamp })
        })
        .collect();
    // By the time and counter in their names, read as numbers: their order of creation.
    found.sort_by_key(|b| b.stamp);
    Ok(found)
}

/// Reads `SLUG-SECONDS-N.rs` and `SLUG-SECONDS-N.before-undo.rs`.
fn parse_name(slug: &str, name: &str) -> Option<(Kind, (u64, u64))> {
    let rest = name.strip_prefix(slug)?.strip_prefix('-')?;
    let (kind, stamp) = match rest.strip_suffix(BEFORE_UNDO) {
        Some(stamp) => (Kind::BeforeUndo, stamp),
        None => (Kind::Reset, rest.strip_suffix(".rs")?),
    };
    let (seconds, counter) = stamp.split_once('-')?;
    let number = |s: &str| {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    Some((kind, (number(seconds)?, number(counter)?)))
}

fn read_stub(workbook: &Path, chapter: &Chapter) -> Result<Vec<u8>> {
    let stub = workbook
        .join(STUBS_DIR)
        .join(format!("{}.rs", chapter.slug));
    std::fs::read(&stub)
        .with_context(|| format!("the pristine stub {} cannot be read", stub.display()))
}

/// The file's bytes, or `None` if there is no such file.
fn read_if_any(file: &Path) -> Result<Option<Vec<u8>>> {
    match std::fs::read(file) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("reading {}", file.display())),
    }
}

fn save_backup(workbook: &Path, chapter: &Chapter, kind: Kind, bytes: &[u8]) -> Result<PathBuf> {
    let dir = workbook.join(BACKUPS_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    // Later than every backup there is, even if the clock went back: `undo` takes the last.
    // Never overwrite an earlier backup.
    let (seconds, counter) = match all_backups(workbook, chapter)?.last() {
        Some(&Backup {
            stamp: (last, n), ..
        }) if last >= now => (last, n + 1),
        _ => (now, 0),
    };
    let ending = match kind {
        Kind::Reset => ".rs",
        Kind::BeforeUndo => BEFORE_UNDO,
    };
    let path = dir.join(format!(
        "{}-{seconds:012}-{counter:03}{ending}",
        chapter.slug
    ));
    if path.exists() {
        bail!("the backup {} exists already", path.display());
    }
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
    let question = if undo {
        format!(
            "Bring back the {file} that your last reset replaced? (your current file is saved \
             first)"
        )
    } else {
        format!("Put back the pristine stub of {file}? (your current file is saved first)")
    };
    if !yes && !confirm(&question)? {
        println!("Nothing changed.");
        return Ok(());
    }
    let outcome = if undo {
        self::undo(workbook, chapter)?
    } else {
        reset(workbook, chapter)?
    };
    print!("{}", report(chapter, &outcome));
    Ok(())
}

/// What a reset or an undo tells the learner it did.
fn report(chapter: &Chapter, outcome: &Outcome) -> String {
    let file = chapter.exercise_file();
    let slug = &chapter.slug;
    let saved = |backup: &Option<PathBuf>| match backup {
        Some(backup) => format!("Saved your file to {}.\n", backup.display()),
        None => String::new(),
    };
    match outcome {
        Outcome::AlreadyPristine => {
            format!("{file} is unchanged: nothing to do (it is the pristine stub already).\n")
        }
        Outcome::AlreadyRestored { from } => format!(
            "{file} is unchanged: nothing to do (it is already the file your last reset \
             replaced, {}).\n",
            from.display()
        ),
        Outcome::Reset { backup } => format!(
            "{}Restored the stub of {file}. Changed your mind? cargo run -- reset {slug} --undo\n",
            saved(backup)
        ),
        Outcome::Undone { from, backup } => format!(
            "{}Brought back {file} as your last reset found it (from {}).\n",
            saved(backup),
            from.display()
        ),
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::chapter;

    const STUB: &str = "pub fn f() {\n    todo!()\n}\n";

    /// A workbook with chapter 1's stub and, as the learner's file, `mine`.
    fn workbook(name: &str, mine: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("viewbook-reset-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join(STUBS_DIR)).unwrap();
        std::fs::create_dir_all(root.join("exercises/src")).unwrap();
        std::fs::write(root.join(STUBS_DIR).join("ch01_lists.rs"), STUB).unwrap();
        write(&root, mine);
        root
    }

    fn write(root: &Path, text: &str) {
        std::fs::write(root.join("exercises/src/ch01_lists.rs"), text).unwrap();
    }

    fn file(root: &Path) -> String {
        std::fs::read_to_string(root.join("exercises/src/ch01_lists.rs")).unwrap()
    }

    /// The text of every backup of chapter 1, oldest first.
    fn saved(root: &Path) -> Vec<String> {
        all_backups(root, chapter("ch01_lists"))
            .unwrap()
            .iter()
            .map(|b| std::fs::read_to_string(&b.path).unwrap())
            .collect()
    }

    #[test]
    fn undo_brings_back_the_file_the_last_reset_replaced_however_often_it_is_run() {
        let ch = chapter("ch01_lists");
        let root = workbook("undo-again", "first try\n");
        assert!(matches!(reset(&root, ch).unwrap(), Outcome::Reset { .. }));
        write(&root, "second try\n");
        assert!(matches!(reset(&root, ch).unwrap(), Outcome::Reset { .. }));
        assert_eq!(file(&root), STUB);

        let last = backups(&root, ch).unwrap().pop().unwrap();
        assert_eq!(
            undo(&root, ch).unwrap(),
            Outcome::Undone {
                from: last.clone(),
                backup: all_backups(&root, ch).unwrap().pop().map(|b| b.path),
            }
        );
        assert_eq!(file(&root), "second try\n");
        for _ in 0..2 {
            assert_eq!(
                undo(&root, ch).unwrap(),
                Outcome::AlreadyRestored { from: last.clone() },
                "a second undo changes nothing"
            );
            assert_eq!(file(&root), "second try\n");
        }
        // Nothing was lost: both tries and the stub that the undo replaced are kept.
        assert_eq!(saved(&root), ["first try\n", "second try\n", STUB]);
        assert_eq!(
            backups(&root, ch).unwrap().len(),
            2,
            "the undo's is not a reset's"
        );
    }

    #[test]
    fn what_an_undo_replaces_is_kept_but_never_brought_back_by_undo() {
        let ch = chapter("ch01_lists");
        let root = workbook("undo-edit-undo", "mine\n");
        reset(&root, ch).unwrap();
        undo(&root, ch).unwrap();
        write(&root, "mine, edited after the undo\n");
        let Outcome::Undone {
            backup: Some(backup),
            ..
        } = undo(&root, ch).unwrap()
        else {
            panic!("the edited file is replaced, and saved");
        };
        assert!(
            backup.to_str().unwrap().ends_with(".before-undo.rs"),
            "{backup:?}"
        );
        assert_eq!(
            std::fs::read_to_string(&backup).unwrap(),
            "mine, edited after the undo\n"
        );
        assert_eq!(file(&root), "mine\n");
        assert!(matches!(
            undo(&root, ch).unwrap(),
            Outcome::AlreadyRestored { .. }
        ));
        assert_eq!(file(&root), "mine\n");
    }

    #[test]
    fn a_second_reset_in_a_row_saves_nothing_and_undo_still_brings_back_the_work() {
        let ch = chapter("ch01_lists");
        let root = workbook("reset-twice", "mine\n");
        reset(&root, ch).unwrap();
        assert_eq!(reset(&root, ch).unwrap(), Outcome::AlreadyPristine);
        assert_eq!(saved(&root), ["mine\n"]);
        undo(&root, ch).unwrap();
        assert_eq!(file(&root), "mine\n");
    }

    #[test]
    fn undo_without_any_reset_says_so_and_writes_nothing() {
        let ch = chapter("ch01_lists");
        let root = workbook("undo-first", "mine\n");
        let error = undo(&root, ch).unwrap_err().to_string();
        assert_eq!(
            error,
            "there is no backup of exercises/src/ch01_lists.rs to bring back: no reset has \
             replaced it"
        );
        assert_eq!(file(&root), "mine\n");
        assert!(!root.join(BACKUPS_DIR).exists());
    }

    #[test]
    fn untouched_means_the_stub_byte_for_byte_but_for_line_ends() {
        let ch = chapter("ch01_lists");
        let root = workbook("untouched", STUB);
        assert_eq!(untouched(&root, ch), Some(true));
        write(&root, &STUB.replace('\n', "\r\n"));
        assert_eq!(untouched(&root, ch), Some(true), "a Windows checkout");
        write(&root, &STUB.replace("todo!()", "todo!( )"));
        assert_eq!(untouched(&root, ch), Some(false));
        write(&root, &format!("{STUB}\n"));
        assert_eq!(
            untouched(&root, ch),
            Some(false),
            "one more line is a change"
        );
        std::fs::remove_file(root.join("exercises/src/ch01_lists.rs")).unwrap();
        assert_eq!(untouched(&root, ch), Some(false), "no file is no stub");
        std::fs::remove_dir_all(root.join(STUBS_DIR)).unwrap();
        assert_eq!(untouched(&root, ch), None, "nothing to compare with");
    }

    #[test]
    fn backups_are_ordered_by_their_time_and_counter_as_numbers() {
        let slug = "ch01_lists";
        assert_eq!(
            parse_name(slug, "ch01_lists-000001700000-007.rs"),
            Some((Kind::Reset, (1_700_000, 7)))
        );
        assert_eq!(
            parse_name(slug, "ch01_lists-000000000012-1000.before-undo.rs"),
            Some((Kind::BeforeUndo, (12, 1000)))
        );
        for other in [
            "ch01_lists.rs",
            "ch01_lists-12.rs",
            "ch01_lists-x-1.rs",
            "ch01_lists-1-2.txt",
            "ch02_views-000001700000-000.rs",
        ] {
            assert_eq!(parse_name(slug, other), None, "{other}");
        }
    }

    #[test]
    fn the_report_says_where_each_file_went() {
        let ch = chapter("ch01_lists");
        let text = report(
            ch,
            &Outcome::Undone {
                from: PathBuf::from(".viewbook/backups/ch01_lists-1-000.rs"),
                backup: Some(PathBuf::from(
                    ".viewbook/backups/ch01_lists-2-000.before-undo.rs",
                )),
            },
        );
        assert_eq!(
            text,
            "Saved your file to .viewbook/backups/ch01_lists-2-000.before-undo.rs.\n\
             Brought back exercises/src/ch01_lists.rs as your last reset found it (from \
             .viewbook/backups/ch01_lists-1-000.rs).\n"
        );
        let text = report(ch, &Outcome::Reset { backup: None });
        assert_eq!(
            text,
            "Restored the stub of exercises/src/ch01_lists.rs. Changed your mind? cargo run -- \
             reset ch01_lists --undo\n"
        );
    }
}
