//! The grader's own workspace: a pristine class copy of the workbook in a cache folder, into
//! which each submission's chapter files are put in turn and built.
//!
//! Everything but the learner's chapter files is restored before every submission (the
//! tests, the snapshots, the harness, the manifest, the scaffolding), so nothing a student's
//! files or code did can reach the next student's grade.
//!
//! The build has two layers. The dependency build (`target/`) is made once per grading, from
//! the pristine stubs, before any student's code is read; the pristine suites' test names are
//! listed from it ([`Workspace::expected_tests`]). It is then copied to the students' build
//! (`scratch/target/`), shown inside the sandbox at the dependency build's own path so cargo
//! finds every dependency fresh. Only cargo and rustc write there, while building (a
//! submission runs no code at build time: the learner's crate has no build script and no
//! procedural macro of its own); every suite runs with it read-only. So no student's code can
//! change the dependency build, or what the next student compiles against, or the compiled
//! suites of anyone.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;

use super::limits::{self, Limits};
use super::sandbox::{Mounts, Sandbox};
use super::screen;
use super::submission::LEARNER_DIR;
use crate::manifest::Manifest;
use crate::release::{self, Tree};

/// Where a suite's run may write (its libtest log), inside the sandbox.
pub const RUN_DIR_INSIDE: &str = "/run/viewbook";

/// A pristine workspace that builds one submission at a time.
#[derive(Debug)]
pub struct Workspace {
    /// The workspace's root.
    pub root: PathBuf,
    /// The dependency build, made from the pristine stubs: read-only to every student.
    pub target: PathBuf,
    /// The students' build, a copy of it made per grading (with the sandbox); shown at
    /// [`Workspace::target`].
    student_target: PathBuf,
    /// The current student's run folder (libtest's log), shown at [`RUN_DIR_INSIDE`].
    run_dir: PathBuf,
    /// Where the screen's clippy configuration lives.
    screen_dir: PathBuf,
    toolchain: Toolchain,
    sandbox: Sandbox,
    pristine: Tree,
    expected: BTreeMap<String, Vec<String>>,
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
    /// Learner files that were refused (an API no chapter needs) or did not compile, and were
    /// replaced by the pristine ones → why.
    pub replaced: BTreeMap<PathBuf, String>,
    /// Why nothing could be built, when nothing could.
    pub failure: Option<String>,
}

/// The Rust toolchain the grader builds with, found once.
#[derive(Debug, Clone)]
struct Toolchain {
    /// `rustc --print sysroot`: rustc, cargo, clippy and the standard library.
    sysroot: PathBuf,
    cargo: PathBuf,
    /// Cargo's home: the registry's sources are read from it.
    cargo_home: PathBuf,
}

impl Toolchain {
    fn find(root: &Path) -> Result<Toolchain> {
        let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
        let out = Command::new(rustc)
            .args(["--print", "sysroot"])
            .current_dir(root)
            .output()
            .context("could not start rustc to find the toolchain")?;
        if !out.status.success() {
            bail!(
                "rustc --print sysroot failed: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
        }
        let sysroot = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        let cargo = [sysroot.join("bin/cargo")]
            .into_iter()
            .chain(std::env::var_os("CARGO").map(PathBuf::from))
            .find(|c| c.is_file())
            .unwrap_or_else(|| "cargo".into());
        // The screen is a clippy pass: say so now rather than fail every student.
        let clippy = sysroot.join("bin/cargo-clippy");
        if !clippy.is_file() && super::sandbox::find_in_path("cargo-clippy").is_none() {
            bail!(
                "grading screens each submission with clippy, which this toolchain lacks: \
                 `rustup component add clippy`"
            );
        }
        let cargo_home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))
            .context("neither CARGO_HOME nor HOME is set: where are cargo's sources?")?;
        Ok(Toolchain {
            sysroot,
            cargo,
            cargo_home,
        })
    }

    /// What a boxed cargo reads: the toolchain and the registry's sources (never the
    /// credentials beside them).
    fn read_only(&self) -> Vec<PathBuf> {
        let mut paths = vec![self.sysroot.clone()];
        for part in ["registry", "git", "config.toml"] {
            let path = self.cargo_home.join(part);
            if path.exists() {
                paths.push(path);
            }
        }
        if !self.cargo.starts_with(&self.sysroot) && self.cargo.is_absolute() {
            paths.push(self.cargo.clone());
        }
        paths
    }
}

impl Workspace {
    /// Opens (creating or refreshing) the grader's workspace in `cache` and makes its
    /// dependency build from the pristine stubs, inside `sandbox`.
    pub fn open(
        workbook: &Path,
        manifest: &Manifest,
        cache: &Path,
        sandbox: Sandbox,
        build_time_limit: Duration,
    ) -> Result<Workspace> {
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
        // A previous grading may have left a student's files: start from the pristine tree.
        remove_strays(&root, Path::new(""), &pristine)?;
        release::write_tree(&root, &changed(&root, &pristine))?;
        // The copy's lock file loses the packages it does not have; keep that version as the
        // pristine one, so restoring never undoes it.
        release::prune_lockfile(&root)?;
        let lockfile = PathBuf::from("Cargo.lock");
        pristine.insert(lockfile.clone(), std::fs::read(root.join(&lockfile))?);
        let screen_dir = cache.join("screen");
        std::fs::create_dir_all(&screen_dir)?;
        std::fs::write(screen_dir.join("clippy.toml"), screen::CLIPPY_TOML)?;
        let scratch = cache.join("scratch");
        let mut workspace = Workspace {
            toolchain: Toolchain::find(&root)?,
            root,
            target: cache.join("target"),
            student_target: scratch.join("target"),
            run_dir: scratch.join("run"),
            screen_dir,
            sandbox,
            pristine,
            expected: BTreeMap::new(),
            _lock: lock,
        };
        // The pristine suites are listed from the dependency build itself: no students' build
        // from an earlier grading may stand in for it.
        if workspace.student_target.exists() {
            std::fs::remove_dir_all(&workspace.student_target)?;
        }
        workspace.build_dependencies(manifest, build_time_limit)?;
        workspace.copy_for_students()?;
        Ok(workspace)
    }

    /// Builds the pristine stubs (every dependency, the harness, the suites) and lists each
    /// suite's tests, before any student's code is read.
    fn build_dependencies(&mut self, manifest: &Manifest, time_limit: Duration) -> Result<()> {
        self.install(&BTreeMap::new())?;
        std::fs::create_dir_all(&self.target)?;
        let targets: BTreeSet<String> = manifest.chapters.iter().map(|c| c.test.clone()).collect();
        // The dependency build is the one writable thing here: nothing but the pristine
        // workbook is compiled into it.
        let writable = vec![(self.target.clone(), self.target.clone())];
        let check = self.cargo_check(&writable, time_limit)?;
        let round = self.cargo_build(&targets, &writable, time_limit)?;
        if let Some(failure) = check.failure.or(round.failure) {
            bail!("the pristine workbook does not build: {failure}");
        }
        if let Some(error) = check.errors.first().or(round.errors.first()) {
            bail!("the pristine workbook does not build:\n{}", error.rendered);
        }
        for chapter in &manifest.chapters {
            let Some(binary) = round.executables.get(&chapter.test) else {
                bail!("the pristine workbook built no suite {}", chapter.test);
            };
            let names = super::suite::list(self, binary)?;
            if names.is_empty() {
                bail!("the pristine suite {} lists no test", chapter.test);
            }
            self.expected.insert(chapter.test.clone(), names);
        }
        Ok(())
    }

    /// The tests of each suite (test target → names, in libtest's order), as the pristine
    /// build lists them.
    pub fn expected_tests(&self, test_target: &str) -> &[String] {
        self.expected.get(test_target).map_or(&[], Vec::as_slice)
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

    /// Copies the dependency build to the students' build (with the sandbox; without it,
    /// students build in the dependency build itself).
    fn copy_for_students(&self) -> Result<()> {
        if !self.sandbox.protects() {
            return Ok(());
        }
        if self.student_target.exists() {
            std::fs::remove_dir_all(&self.student_target)
                .with_context(|| format!("removing {}", self.student_target.display()))?;
        }
        std::fs::create_dir_all(self.student_target.parent().unwrap_or(Path::new("/")))?;
        // `cp -a` keeps the modification times that cargo's freshness checks compare.
        let copied = Command::new("cp")
            .args(["-a", "--reflink=auto"])
            .arg(&self.target)
            .arg(&self.student_target)
            .status()
            .context("could not start cp")?;
        if !copied.success() {
            bail!("could not copy the dependency build for the students");
        }
        Ok(())
    }

    /// What a student's build may write: the students' build, shown at the dependency build's
    /// path (without the sandbox, nothing is mounted).
    fn students_build_mount(&self) -> Vec<(PathBuf, PathBuf)> {
        if self.sandbox.protects() {
            vec![(self.student_target.clone(), self.target.clone())]
        } else {
            Vec::new()
        }
    }

    /// Builds the chapter suites against the learner files. Before the build, every file is
    /// screened ([`screen`]): the syntax no chapter needs, then (with clippy) every API no
    /// chapter needs, judged on resolved paths. Learner files refused or rejected by the
    /// compiler are replaced by their pristine versions one round at a time (so one broken
    /// chapter does not cost the others), and suites that still do not compile are left out.
    pub fn build(
        &self,
        learner: &BTreeMap<PathBuf, Vec<u8>>,
        manifest: &Manifest,
        time_limit: Duration,
        screened: bool,
    ) -> Result<Build> {
        let mut build = Build::default();
        let mut learner = learner.clone();
        let writable = self.students_build_mount();
        if screened {
            self.screen_tokens(&mut learner, &mut build);
            if let Some(failure) =
                self.screen_with_clippy(&mut learner, &mut build, &writable, time_limit)?
            {
                build.failure = Some(failure);
                return Ok(build);
            }
        }
        let mut targets: BTreeSet<String> =
            manifest.chapters.iter().map(|c| c.test.clone()).collect();
        loop {
            self.install(&learner)?;
            let round = self.cargo_build(&targets, &writable, time_limit)?;
            if let Some(failure) = round.failure {
                build.failure = Some(failure);
                return Ok(build);
            }
            if round.errors.is_empty() {
                build.executables = round.executables;
                return Ok(build);
            }
            let mut progress = self.replace_learner_files(&round, &mut learner, &mut build);
            for error in &round.errors {
                if let TargetKind::Test(target) = &error.target_kind
                    && targets.remove(target)
                {
                    build
                        .broken_suites
                        .insert(target.clone(), error.rendered.clone());
                    progress = true;
                }
            }
            if !progress || targets.is_empty() {
                build.failure = Some(does_not_compile(
                    round.errors.first().map_or("", |e| e.rendered.as_str()),
                ));
                return Ok(build);
            }
        }
    }

    /// The screen's first judge: each file's tokens ([`screen::tokens`]). A refused file is
    /// replaced by its pristine version before anything is compiled.
    fn screen_tokens(&self, learner: &mut BTreeMap<PathBuf, Vec<u8>>, build: &mut Build) {
        for (file, bytes) in learner.clone() {
            if let Some(refusal) = screen::tokens(&String::from_utf8_lossy(&bytes)) {
                let shown = super::submission::shown(&file);
                build
                    .replaced
                    .insert(file.clone(), format!("{shown}: {refusal}"));
                self.restore_pristine(learner, &file);
            }
        }
    }

    /// The screen's second judge: `cargo clippy` on the learner's crate alone, with the
    /// disallowed paths, one round per refused or broken file. Returns why nothing can be
    /// built, when nothing can.
    fn screen_with_clippy(
        &self,
        learner: &mut BTreeMap<PathBuf, Vec<u8>>,
        build: &mut Build,
        writable: &[(PathBuf, PathBuf)],
        time_limit: Duration,
    ) -> Result<Option<String>> {
        loop {
            self.install(learner)?;
            let round = self.cargo_check(writable, time_limit)?;
            if let Some(failure) = round.failure {
                return Ok(Some(failure));
            }
            if !self.replace_learner_files(&round, learner, build) {
                return Ok(round
                    .errors
                    .first()
                    .map(|error| does_not_compile(&error.rendered)));
            }
        }
    }

    /// Puts the pristine version of each learner file the round's library errors name in
    /// place of the learner's; `false` when there was none to replace.
    fn replace_learner_files(
        &self,
        round: &Round,
        learner: &mut BTreeMap<PathBuf, Vec<u8>>,
        build: &mut Build,
    ) -> bool {
        let mut progress = false;
        for error in &round.errors {
            // A suite compiles the learner's files as its own modules, so an error the
            // compiler places in one of them is that file's, whichever target reported it.
            let the_files = matches!(error.target_kind, TargetKind::Lib) || error.primary_in_file;
            if let (true, Some(file)) = (the_files, &error.learner_file)
                && !build.replaced.contains_key(file)
            {
                // Every refusal in the file, one line each; else the compiler's first error.
                let refusals: Vec<&str> = round
                    .errors
                    .iter()
                    .filter(|e| e.learner_file.as_ref() == Some(file) && e.refusal)
                    .map(|e| e.rendered.as_str())
                    .collect();
                let why = if refusals.is_empty() {
                    error.rendered.clone()
                } else {
                    refusals.join("\n")
                };
                self.restore_pristine(learner, file);
                build.replaced.insert(file.clone(), why);
                progress = true;
            }
        }
        progress
    }

    fn restore_pristine(&self, learner: &mut BTreeMap<PathBuf, Vec<u8>>, file: &Path) {
        match self.pristine_learner_file(file) {
            Some(pristine) => learner.insert(file.to_owned(), pristine.to_vec()),
            None => learner.remove(file),
        };
    }

    /// The run folder as the suite sees it: inside the sandbox, or (without one) where it is.
    pub fn run_dir_inside(&self) -> PathBuf {
        if self.sandbox.protects() {
            RUN_DIR_INSIDE.into()
        } else {
            self.run_dir.clone()
        }
    }

    /// The student's suite `binary` (a path inside the sandbox) with `args`, boxed to see the
    /// workspace and the student's build read-only and to write only its run folder (emptied
    /// first), in the environment cargo would give it.
    pub fn suite_command(&self, binary: &Path, args: &[&str]) -> Result<(Command, PathBuf)> {
        let package_dir = self.root.join("exercises");
        if self.run_dir.exists() {
            std::fs::remove_dir_all(&self.run_dir)?;
        }
        std::fs::create_dir_all(&self.run_dir)?;
        // What cargo would set, and what the suites read: one test at a time (the memory
        // stories refuse otherwise), snapshots compared and never written, backtraces off
        // (they add tens of MiB of RSS mid-story).
        let env: Vec<(&str, std::ffi::OsString)> = vec![
            ("CARGO_MANIFEST_DIR", package_dir.clone().into()),
            ("INSTA_WORKSPACE_ROOT", self.root.clone().into()),
            ("RUST_TEST_THREADS", "1".into()),
            ("INSTA_UPDATE", "no".into()),
            ("RUST_BACKTRACE", "0".into()),
        ];
        let (mut command, run_dir_inside) = if self.sandbox.protects() {
            let build = if self.student_target.exists() {
                &self.student_target
            } else {
                &self.target
            };
            let mounts = Mounts {
                read_only: vec![self.root.clone()],
                read_only_at: vec![(build.clone(), self.target.clone())],
                writable: vec![(self.run_dir.clone(), RUN_DIR_INSIDE.into())],
            };
            (
                self.sandbox.command(binary, &mounts, &env),
                PathBuf::from(RUN_DIR_INSIDE),
            )
        } else {
            let mut command = Sandbox::Off.command(binary, &Mounts::default(), &env);
            command
                .env_remove("INSTA_FORCE_PASS")
                .env_remove(crate::harness::STORY_DIR_VAR);
            (command, self.run_dir.clone())
        };
        command.args(args).current_dir(&package_dir);
        Ok((command, run_dir_inside))
    }

    /// The run folder of the last [`Workspace::suite_command`], as the grader sees it.
    pub fn run_dir(&self) -> &Path {
        &self.run_dir
    }

    /// Cargo, boxed to read the workspace and the toolchain and to write only `writable`.
    fn cargo(&self, writable: &[(PathBuf, PathBuf)]) -> Command {
        let mut env: Vec<(&str, std::ffi::OsString)> = vec![
            ("CARGO_TARGET_DIR", self.target.clone().into()),
            ("CARGO_TERM_COLOR", "never".into()),
            ("CLIPPY_CONF_DIR", self.screen_dir.clone().into()),
        ];
        let mut command = if self.sandbox.protects() {
            let mut read_only = self.toolchain.read_only();
            read_only.push(self.root.clone());
            read_only.push(self.screen_dir.clone());
            let mounts = Mounts {
                read_only,
                writable: if writable.is_empty() {
                    vec![(self.target.clone(), self.target.clone())]
                } else {
                    writable.to_vec()
                },
                read_only_at: Vec::new(),
            };
            let path = std::env::join_paths([
                self.toolchain.sysroot.join("bin"),
                "/usr/local/bin".into(),
                "/usr/bin".into(),
                "/bin".into(),
            ])
            .unwrap_or_default();
            env.extend([
                ("PATH", path),
                ("CARGO_HOME", self.toolchain.cargo_home.clone().into()),
                ("RUSTC", self.toolchain.sysroot.join("bin/rustc").into()),
            ]);
            self.sandbox.command(&self.toolchain.cargo, &mounts, &env)
        } else {
            Sandbox::Off.command(&self.toolchain.cargo, &Mounts::default(), &env)
        };
        command.current_dir(&self.root);
        command
    }

    /// The screen's clippy run on the learner's crate: compile errors and every disallowed
    /// path, as errors.
    fn cargo_check(&self, writable: &[(PathBuf, PathBuf)], time_limit: Duration) -> Result<Round> {
        let mut command = self.cargo(writable);
        command
            .args([
                "clippy",
                "--no-deps",
                "--offline",
                "--message-format=json",
                "-p",
                "exercises",
                "--lib",
                "--",
                // The suites compile the learner's files with `cfg(test)` set
                // (exercises/tests/workbook.rs): screen what they compile.
                "--cfg",
                "test",
            ])
            .args(screen::CLIPPY_FLAGS);
        self.run_cargo(command, time_limit)
    }

    fn cargo_build(
        &self,
        targets: &BTreeSet<String>,
        writable: &[(PathBuf, PathBuf)],
        time_limit: Duration,
    ) -> Result<Round> {
        let mut command = self.cargo(writable);
        command.args([
            "test",
            "--offline",
            "--no-run",
            "--message-format=json",
            "-p",
            "exercises",
        ]);
        for target in targets {
            command.args(["--test", target]);
        }
        self.run_cargo(command, time_limit)
    }

    fn run_cargo(&self, command: Command, time_limit: Duration) -> Result<Round> {
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
                    let primary_in_file = diagnostic
                        .spans
                        .iter()
                        .any(|s| s.is_primary && Path::new(&s.file_name).starts_with(LEARNER_DIR));
                    let target_kind = if message.target.kind.iter().any(|k| k == "test") {
                        TargetKind::Test(message.target.name)
                    } else {
                        TargetKind::Lib
                    };
                    let refusal = refusal_line(&diagnostic);
                    round.errors.push(BuildError {
                        target_kind,
                        learner_file,
                        primary_in_file,
                        refusal: refusal.is_some(),
                        rendered: refusal
                            .or(diagnostic.rendered)
                            .unwrap_or(diagnostic.message),
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

/// Why a submission cannot be built at all: the compiler's first line on the first line (the
/// one a terminal summary shows), then the whole error.
fn does_not_compile(rendered: &str) -> String {
    let first = rendered.lines().next().unwrap_or("").trim();
    format!(
        "exercises does not compile, and no chapter file can be blamed for it (is it an error \
         in a file a chapter file pulled in?): {first}\n{rendered}"
    )
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
    /// Whether the compiler places the error itself in that file (not only a note).
    primary_in_file: bool,
    /// Whether it is the screen's refusal of a disallowed path.
    refusal: bool,
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
    #[serde(default)]
    code: Option<DiagnosticCode>,
    #[serde(default)]
    children: Vec<Diagnostic>,
}

#[derive(Deserialize)]
struct DiagnosticCode {
    code: String,
}

#[derive(Deserialize)]
struct Span {
    file_name: String,
    is_primary: bool,
    #[serde(default)]
    line_start: usize,
}

/// The screen's refusal as one line, `FILE:LINE: use of a disallowed method `…` (why)`, for
/// a diagnostic of clippy's disallowed-path lints; `None` for any other diagnostic.
fn refusal_line(diagnostic: &Diagnostic) -> Option<String> {
    let code = &diagnostic.code.as_ref()?.code;
    let span = diagnostic.spans.iter().find(|s| s.is_primary)?;
    // E0453: an `allow` of a lint the screen forbids.
    if code == "E0453" {
        let attribute = diagnostic
            .message
            .split(" incompatible")
            .next()
            .unwrap_or("");
        return Some(format!(
            "{}:{}: `{attribute}` is refused: the screen's checks cannot be turned off",
            span.file_name, span.line_start
        ));
    }
    if !code.starts_with("clippy::disallowed_") {
        return None;
    }
    // clippy gives the configured reason as the first note.
    let reason = diagnostic
        .children
        .iter()
        .find(|c| c.level == "note" && !c.message.starts_with("requested on"))
        .map_or(String::new(), |note| format!(": {}", note.message));
    Some(format!(
        "{}:{}: {} is refused{reason}",
        span.file_name,
        span.line_start,
        diagnostic
            .message
            .replace("use of a disallowed", "a disallowed")
    ))
}
