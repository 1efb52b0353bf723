//! The grader's own workspace: a pristine class copy of the workbook in a cache folder, into
//! which each submission's `exercises/src` is put in turn and built.
//!
//! Everything but the learner's files is restored before every submission (the tests, the
//! snapshots, the harness, the manifest), so nothing a student's files or code did can reach
//! the next student's grade. Files are written only when their contents differ, and the build
//! cache (`target/`) is shared, so each submission recompiles only the learner's crate and
//! the suites that test it.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::limits::{self, Limits};
use super::submission::LEARNER_DIR;
use crate::manifest::Manifest;
use crate::release::{self, Tree};

/// A pristine workspace that builds one submission at a time.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace's root.
    pub root: PathBuf,
    /// Its build cache.
    pub target: PathBuf,
    pristine: Tree,
    // Held while grading: two graders sharing one cache would build over each other.
    _lock: File,
}

/// What building a submission gave.
#[derive(Debug, Default)]
pub struct Build {
    /// Each chapter suite that compiled: test target → its executable.
    pub executables: BTreeMap<String, PathBuf>,
    /// Test targets that did not compile → what the compiler said.
    pub broken_suites: BTreeMap<String, String>,
    /// Learner files that did not compile and were replaced by the pristine ones → what the
    /// compiler said about them.
    pub replaced: BTreeMap<PathBuf, String>,
    /// Why nothing could be built, when nothing could.
    pub failure: Option<String>,
}

impl Workspace {
    /// Opens (creating or refreshing) the grader's workspace in `cache`.
    pub fn open(workbook: &Path, manifest: &Manifest, cache: &Path) -> Result<Workspace> {
        std::fs::create_dir_all(cache).with_context(|| format!("creating {}", cache.display()))?;
        let lock = File::create(cache.join("grading.lock"))?;
        if lock.try_lock().is_err() {
            bail!(
                "another grader is using {}: wait for it, or pass another --cache",
                cache.display()
            );
        }
        let root = cache.join("workbook");
        let mut pristine = release::student_tree(workbook, manifest, false)?;
        release::write_tree(&root, &changed(&root, &pristine))?;
        // The copy's lock file loses the packages it does not have; keep that version as the
        // pristine one, so restoring never undoes it.
        release::prune_lockfile(&root)?;
        let lockfile = PathBuf::from("Cargo.lock");
        pristine.insert(lockfile.clone(), std::fs::read(root.join(&lockfile))?);
        Ok(Workspace {
            root,
            target: cache.join("target"),
            pristine,
            _lock: lock,
        })
    }

    /// The pristine contents of a learner file (`exercises/src/...`), if the workbook has one.
    pub fn pristine_learner_file(&self, relative: &Path) -> Option<&[u8]> {
        self.pristine
            .get(&Path::new(LEARNER_DIR).join(relative))
            .map(Vec::as_slice)
    }

    /// Puts the workspace back to pristine with `learner` (paths relative to `exercises/src`)
    /// laid over the pristine `exercises/src`: every other file restored, every file that is
    /// not part of that picture removed.
    pub fn install(&self, learner: &BTreeMap<PathBuf, Vec<u8>>) -> Result<()> {
        let mut wanted = self.pristine.clone();
        for (path, bytes) in learner {
            wanted.insert(Path::new(LEARNER_DIR).join(path), bytes.clone());
        }
        remove_strays(&self.root, Path::new(""), &wanted)?;
        release::write_tree(&self.root, &changed(&self.root, &wanted))
    }

    /// Builds the chapter suites against the installed learner files. Learner files the
    /// compiler rejects are replaced by their pristine versions one round at a time (so one
    /// broken chapter does not cost the others), and suites that still do not compile are
    /// left out.
    pub fn build(
        &self,
        learner: &BTreeMap<PathBuf, Vec<u8>>,
        manifest: &Manifest,
        time_limit: Duration,
    ) -> Result<Build> {
        let mut build = Build::default();
        let mut learner = learner.clone();
        let mut targets: BTreeSet<String> =
            manifest.chapters.iter().map(|c| c.test.clone()).collect();
        loop {
            self.install(&learner)?;
            let round = self.cargo_build(&targets, time_limit)?;
            if let Some(failure) = round.failure {
                build.failure = Some(failure);
                return Ok(build);
            }
            if round.errors.is_empty() {
                build.executables = round.executables;
                return Ok(build);
            }
            let mut progress = false;
            for error in &round.errors {
                match (&error.target_kind, &error.learner_file) {
                    (TargetKind::Lib, Some(file)) if !build.replaced.contains_key(file) => {
                        if let Some(pristine) = self.pristine_learner_file(file) {
                            learner.insert(file.clone(), pristine.to_vec());
                        } else {
                            learner.remove(file);
                        }
                        build.replaced.insert(file.clone(), error.rendered.clone());
                        progress = true;
                    }
                    (TargetKind::Test(target), _) if targets.contains(target) => {
                        targets.remove(target);
                        build
                            .broken_suites
                            .insert(target.clone(), error.rendered.clone());
                        progress = true;
                    }
                    _ => {}
                }
            }
            if !progress || targets.is_empty() {
                build.failure = Some(format!(
                    "exercises does not compile:\n{}",
                    round.errors.first().map_or("", |e| e.rendered.as_str())
                ));
                return Ok(build);
            }
        }
    }

    fn cargo_build(&self, targets: &BTreeSet<String>, time_limit: Duration) -> Result<Round> {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command
            .current_dir(&self.root)
            .args([
                "test",
                "--no-run",
                "--message-format=json",
                "-p",
                "exercises",
            ])
            .env("CARGO_TARGET_DIR", &self.target)
            .env("CARGO_TERM_COLOR", "never");
        for target in targets {
            command.args(["--test", target]);
        }
        let finished = limits::run(
            command,
            Limits {
                time: time_limit,
                memory_mib: None,
            },
        )?;
        if finished.timed_out {
            return Ok(Round::failed(format!(
                "the build took longer than its limit of {} s",
                time_limit.as_secs()
            )));
        }
        let mut round = Round::default();
        for line in finished.stdout.text().lines() {
            let Ok(message) = serde_json::from_str::<CargoMessage>(line) else {
                continue;
            };
            match message.reason.as_str() {
                "compiler-artifact" => {
                    if let (Some(executable), true) = (
                        message.executable,
                        message.target.kind.iter().any(|k| k == "test"),
                    ) {
                        round.executables.insert(message.target.name, executable);
                    }
                }
                "compiler-message" => {
                    let Some(diagnostic) = message.message else {
                        continue;
                    };
                    if diagnostic.level != "error" {
                        continue;
                    }
                    let learner_file = diagnostic
                        .spans
                        .iter()
                        .filter(|s| s.is_primary)
                        .chain(&diagnostic.spans)
                        .find_map(|s| {
                            Path::new(&s.file_name)
                                .strip_prefix(LEARNER_DIR)
                                .ok()
                                .map(Path::to_owned)
                        });
                    let target_kind = if message.target.kind.iter().any(|k| k == "test") {
                        TargetKind::Test(message.target.name)
                    } else {
                        TargetKind::Lib
                    };
                    round.errors.push(BuildError {
                        target_kind,
                        learner_file,
                        rendered: diagnostic.rendered.unwrap_or(diagnostic.message),
                    });
                }
                _ => {}
            }
        }
        let succeeded = finished.status.is_some_and(|s| s.success());
        if !succeeded && round.errors.is_empty() {
            let said = finished.stderr.text();
            let tail: Vec<&str> = said.lines().rev().take(8).collect();
            return Ok(Round::failed(format!(
                "cargo could not build the submission:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            )));
        }
        Ok(round)
    }
}

/// The files of `wanted` whose contents on disk under `root` differ (or are missing).
fn changed(root: &Path, wanted: &Tree) -> Tree {
    wanted
        .iter()
        .filter(|(path, bytes)| std::fs::read(root.join(path)).ok().as_deref() != Some(bytes))
        .map(|(p, b)| (p.clone(), b.clone()))
        .collect()
}

/// Removes every file under `root/relative` that `wanted` does not name (symlinks included).
fn remove_strays(root: &Path, relative: &Path, wanted: &Tree) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(root.join(relative)) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = relative.join(entry.file_name());
        let kind = entry.file_type()?;
        if kind.is_dir() {
            remove_strays(root, &path, wanted)?;
        } else if !wanted.contains_key(&path) {
            std::fs::remove_file(entry.path())
                .with_context(|| format!("removing {}", entry.path().display()))?;
        }
    }
    Ok(())
}

#[derive(Debug, Default)]
struct Round {
    executables: BTreeMap<String, PathBuf>,
    errors: Vec<BuildError>,
    failure: Option<String>,
}

impl Round {
    fn failed(why: String) -> Round {
        Round {
            failure: Some(why),
            ..Round::default()
        }
    }
}

#[derive(Debug)]
enum TargetKind {
    Lib,
    Test(String),
}

#[derive(Debug)]
struct BuildError {
    target_kind: TargetKind,
    learner_file: Option<PathBuf>,
    rendered: String,
}

/// The parts of cargo's JSON messages the grader reads.
#[derive(Deserialize)]
struct CargoMessage {
    reason: String,
    #[serde(default)]
    target: CargoTarget,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Deserialize, Default)]
struct CargoTarget {
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    message: String,
    level: String,
    #[serde(default)]
    rendered: Option<String>,
    #[serde(default)]
    spans: Vec<Span>,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    is_primary: bool,
}
