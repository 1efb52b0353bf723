//! Reading a submission: a student's workbook folder, or a git repository (bare, or anything
//! `git clone` takes). Only the learner's chapter files are read (`exercises/src/chNN_*.rs`, as
//! the manifest names them: `lib.rs` and the scaffolding always come from the pristine
//! workbook), and only as regular files: a symlink, a folder or a device where a chapter file
//! should be, or a file that is too big, is reported and the chapter graded as its stub.
//! Nothing in the submission is ever written.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The folder of the learner's files inside a workbook.
pub const LEARNER_DIR: &str = "exercises/src";

/// The most one chapter file may hold (the largest solution is about 20 KiB).
pub const MAX_BYTES: u64 = 1 << 20;

/// One student's work, as read.
#[derive(Debug)]
pub struct Submission {
    /// The student's id: the folder or repository name, made safe for a file name.
    pub id: String,
    /// Where it came from, as given on the command line.
    pub source: String,
    /// The learner's files: path relative to `exercises/src` → contents.
    pub files: BTreeMap<PathBuf, Vec<u8>>,
    /// What was left out and why, one line each.
    pub notes: Vec<String>,
    /// Why it cannot be graded at all, if it cannot.
    pub problem: Option<String>,
}

/// Reads the submission at `source`. A folder with `exercises/` is read in place (its work
/// tree, as the student left it); a bare git repository or a URL is cloned into `scratch`
/// first, and its default branch's last commit is graded.
pub fn read(source: &Path, scratch: &Path, chapter_files: &[PathBuf]) -> Submission {
    let mut submission = Submission {
        id: student_id(source),
        source: source.to_string_lossy().into_owned(),
        files: BTreeMap::new(),
        notes: Vec::new(),
        problem: None,
    };
    let folder = if is_workbook_folder(source) {
        source.to_owned()
    } else if source.is_dir() && !is_git_repository(source) {
        submission.problem = Some(format!(
            "no exercises/ folder in {}: is it a viewbook workbook?",
            submission.source
        ));
        return submission;
    } else if !source.exists() && !looks_like_url(source) {
        submission.problem = Some(format!("{} does not exist", submission.source));
        return submission;
    } else {
        let clone = scratch.join("clone");
        let _ = std::fs::remove_dir_all(&clone);
        match git_clone(source, &clone) {
            Ok(()) => clone,
            Err(problem) => {
                submission.problem = Some(problem);
                return submission;
            }
        }
    };
    read_learner_files(&folder, chapter_files, &mut submission);
    submission
}

fn is_workbook_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path.join("exercises")).is_ok()
}

fn looks_like_url(path: &Path) -> bool {
    path.to_string_lossy().contains("://")
}

/// A bare repository (what a git server holds): a folder with `HEAD` and `objects/`. Only the
/// folder itself is looked at, never its parents: a plain folder inside some repository is
/// still a plain folder.
fn is_git_repository(path: &Path) -> bool {
    path.join("HEAD").is_file() && path.join("objects").is_dir()
}

/// Clones without hard links or hooks, so the source repository is only read.
fn git_clone(source: &Path, into: &Path) -> Result<(), String> {
    let out = Command::new("git")
        .args(["clone", "--quiet", "--no-hardlinks", "--depth", "1"])
        .arg(if source.exists() {
            // `--depth` needs a URL for a local path.
            let absolute = std::path::absolute(source).unwrap_or_else(|_| source.to_owned());
            let mut url = OsString::from("file://");
            url.push(absolute);
            url
        } else {
            source.as_os_str().to_owned()
        })
        .arg(into)
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|e| format!("could not start git to clone the submission: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&out.stderr);
    Err(format!(
        "not a workbook folder, and git could not clone it: {}",
        said.lines().last().unwrap_or("").trim()
    ))
}

fn read_learner_files(folder: &Path, chapter_files: &[PathBuf], submission: &mut Submission) {
    for part in ["exercises", LEARNER_DIR] {
        match std::fs::symlink_metadata(folder.join(part)) {
            Ok(meta) if meta.is_dir() => {}
            Ok(meta) if meta.file_type().is_symlink() => {
                submission.problem = Some(format!(
                    "{part} is a symlink: only a real folder is graded (a link may point outside \
                     the submission)"
                ));
                return;
            }
            _ => {
                submission.problem = Some(format!(
                    "no {part}/ folder in {}: is it a viewbook workbook?",
                    submission.source
                ));
                return;
            }
        }
    }
    for relative in chapter_files {
        let path = folder.join(LEARNER_DIR).join(relative);
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        let left_out = |why: String| {
            format!(
                "left out {}: {why}; the chapter is graded as the untouched stub",
                shown(relative)
            )
        };
        if meta.file_type().is_symlink() {
            let target = std::fs::read_link(&path)
                .map(|t| t.to_string_lossy().into_owned())
                .unwrap_or_default();
            submission.notes.push(left_out(format!(
                "a symlink (to {target}); only regular files are graded"
            )));
        } else if meta.is_dir() {
            submission
                .notes
                .push(left_out("a folder, not a file".to_owned()));
        } else if !meta.is_file() {
            submission
                .notes
                .push(left_out("not a regular file".to_owned()));
        } else if meta.len() > MAX_BYTES {
            submission.notes.push(left_out(format!(
                "{} KiB, more than the {} MiB a chapter file may hold",
                meta.len() >> 10,
                MAX_BYTES >> 20
            )));
        } else {
            match std::fs::read(&path) {
                Ok(bytes) => {
                    submission.files.insert(relative.clone(), bytes);
                }
                Err(e) => submission
                    .notes
                    .push(left_out(format!("could not read it: {e}"))),
            }
        }
    }
}

/// A learner file's path as the report shows it (`exercises/src/...`, lossy UTF-8).
pub fn shown(relative: &Path) -> String {
    Path::new(LEARNER_DIR)
        .join(relative)
        .to_string_lossy()
        .into_owned()
}

/// A file-name-safe id from the submission's last path component (`.git` dropped): letters,
/// digits, `-`, `_` and `.` kept, anything else (including bytes that are not UTF-8) `_`.
pub fn student_id(source: &Path) -> String {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "submission".to_owned());
    let name = name.strip_suffix(".git").unwrap_or(&name);
    let id: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.is_empty() || id.starts_with('.') {
        format!("submission{id}")
    } else {
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_safe_file_names() {
        assert_eq!(student_id(Path::new("/class/alice")), "alice");
        assert_eq!(student_id(Path::new("/class/bob.git")), "bob");
        assert_eq!(student_id(Path::new("/class/Zoë Brown")), "Zo__Brown");
        assert_eq!(student_id(Path::new("/class/..")), "submission");
    }
}
