//! The box every build and run of student code happens in: bubblewrap (`bwrap`, the sandbox
//! Flatpak uses).
//!
//! Inside the box a process has its own PID namespace (it sees no process of the grader, and
//! when the program the box started ends, or the grader kills the box, every process it
//! started ends with it, detached or not), no network, no other user's or namespace's
//! anything, and a filesystem made of exactly what [`Mounts`] names: the system's programs and
//! libraries read-only, the paths a step needs read-only or writable, and a private `/tmp`.
//! Nothing else exists in it: not the instructor's workbook, not the output folder, not the
//! other submissions, not the home folder or the cargo credentials.
//!
//! Without bubblewrap (`--no-sandbox`) the same commands run directly, held only by the
//! process group and limits of [`super::limits`]: the reports then say the grades are not
//! protected.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// What a boxed process may see: each path appears at the same place inside the box.
#[derive(Debug, Clone, Default)]
pub struct Mounts {
    /// Paths it may read.
    pub read_only: Vec<PathBuf>,
    /// `(outside, inside)`: folders it may write, shown at `inside`.
    pub writable: Vec<(PathBuf, PathBuf)>,
    /// `(outside, inside)`: folders it may read, shown at `inside`.
    pub read_only_at: Vec<(PathBuf, PathBuf)>,
}

/// How student code is run: boxed by bubblewrap, or (when the instructor said so) not.
#[derive(Debug, Clone)]
pub enum Sandbox {
    /// Through `bwrap` at this path.
    Bubblewrap(PathBuf),
    /// Directly: `--no-sandbox`.
    Off,
}

/// The size of a box's `/tmp`: 64 MiB, room for what rustc and the linker put there.
const TMP_BYTES: &str = "67108864";

/// The environment variables a boxed process keeps (everything else is cleared: the
/// grader's environment may hold tokens and paths a submission must not see).
const KEPT_ENV: &[&str] = &["LANG", "LC_ALL", "TERM"];

impl Sandbox {
    /// bubblewrap if it is installed and works here; with `no_sandbox`, [`Sandbox::Off`].
    /// Without either, an error that says what to install.
    pub fn detect(no_sandbox: bool) -> Result<Sandbox> {
        if no_sandbox {
            return Ok(Sandbox::Off);
        }
        let Some(bwrap) = find_in_path("bwrap") else {
            bail!(
                "grading runs each student's code inside bubblewrap, which is not installed: \
                 install it (Debian and Ubuntu: `apt-get install bubblewrap`; Fedora: `dnf \
                 install bubblewrap`), or pass --no-sandbox to grade without protection"
            );
        };
        let sandbox = Sandbox::Bubblewrap(bwrap);
        let probe = sandbox
            .command(Path::new("/bin/true"), &Mounts::default(), &[])
            .output()
            .context("starting bwrap")?;
        if !probe.status.success() {
            bail!(
                "bubblewrap is installed but cannot make a sandbox here ({}): allow user \
                 namespaces (e.g. `sysctl kernel.unprivileged_userns_clone=1`), or pass \
                 --no-sandbox to grade without protection",
                String::from_utf8_lossy(&probe.stderr).trim()
            );
        }
        Ok(sandbox)
    }

    /// Whether grades made with this are protected from the code they grade.
    pub fn protects(&self) -> bool {
        matches!(self, Sandbox::Bubblewrap(_))
    }

    /// `program` to be run inside the box, seeing only `mounts`, with exactly the environment
    /// `env` plus `PATH` (unless `env` sets it), `HOME=/tmp` and the locale. bubblewrap
    /// itself clears every other variable (`--clearenv`), so nothing of the grader's
    /// environment, which may hold tokens, reaches the box however the command is started
    /// (through a shell that sets a limit, say). Add the arguments and working folder (one of
    /// the mounted paths) to the returned command as usual; without the sandbox, `env` is
    /// added to the grader's own environment.
    pub fn command(&self, program: &Path, mounts: &Mounts, env: &[(&str, OsString)]) -> Command {
        match self {
            Sandbox::Off => {
                let mut command = Command::new(program);
                command.envs(env.iter().map(|(k, v)| (k, v)));
                command
            }
            Sandbox::Bubblewrap(bwrap) => {
                let mut command = Command::new(bwrap);
                command.args(bwrap_args(mounts)).arg("--clearenv");
                let mut set = |key: &str, value: &std::ffi::OsStr| {
                    command.arg("--setenv").arg(key).arg(value);
                };
                for key in KEPT_ENV {
                    if let Some(value) = std::env::var_os(key) {
                        set(key, &value);
                    }
                }
                if !env.iter().any(|(k, _)| *k == "PATH") {
                    set("PATH", "/usr/local/bin:/usr/bin:/bin".as_ref());
                }
                set("HOME", "/tmp".as_ref());
                for (key, value) in env {
                    set(key, value);
                }
                command.arg("--").arg(program);
                command
            }
        }
    }
}

/// bubblewrap's arguments for a box that shows `mounts` and the system's read-only parts.
fn bwrap_args(mounts: &Mounts) -> Vec<OsString> {
    let mut args: Vec<OsString> = [
        // Every namespace bubblewrap can make: user, PID, network, IPC, UTS, cgroup. A new
        // network namespace has only a loopback device: no network.
        "--unshare-all",
        // If the grader (or whatever holds the box) dies, the box dies.
        "--die-with-parent",
        // A new session: no ioctl can push keystrokes into the grader's terminal.
        "--new-session",
        "--proc",
        "/proc",
        "--dev",
        "/dev",
        // A private /tmp, in memory, which no limit on the process's address space counts:
        // bounded, so that filling it cannot take the machine's memory.
        "--size",
        TMP_BYTES,
        "--tmpfs",
        "/tmp",
    ]
    .map(OsString::from)
    .to_vec();
    for system in [
        "/usr", "/bin", "/sbin", "/lib", "/lib64", "/lib32", "/libx32",
    ] {
        let path = Path::new(system);
        match std::fs::read_link(path) {
            // Merged /usr: /bin → usr/bin, and so on.
            Ok(target) => args.extend(["--symlink".into(), target.into(), path.into()]),
            Err(_) if path.is_dir() => {
                args.extend(["--ro-bind".into(), path.into(), path.into()]);
            }
            Err(_) => {}
        }
    }
    // The linker and the dynamic loader read a few files from /etc; none of them is private.
    for file in ["/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/alternatives"] {
        args.extend(["--ro-bind-try".into(), file.into(), file.into()]);
    }
    for path in &mounts.read_only {
        args.extend(["--ro-bind".into(), path.into(), path.into()]);
    }
    for (outside, inside) in &mounts.read_only_at {
        args.extend(["--ro-bind".into(), outside.into(), inside.into()]);
    }
    for (outside, inside) in &mounts.writable {
        args.extend(["--bind".into(), outside.into(), inside.into()]);
    }
    args
}

/// The first `name` on `PATH`.
pub fn find_in_path(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// bubblewrap, when this machine can run it; CI installs it, so there it must work.
    fn sandbox() -> Option<Sandbox> {
        match Sandbox::detect(false) {
            Ok(sandbox) => Some(sandbox),
            Err(e) if cfg!(target_os = "linux") && std::env::var_os("CI").is_some() => {
                panic!("{e:#}")
            }
            Err(_) => None,
        }
    }

    #[test]
    fn a_box_sees_only_what_it_is_given() {
        let Some(sandbox) = sandbox() else {
            eprintln!("bubblewrap is not usable here: skipped");
            return;
        };
        let dir = std::env::temp_dir().join(format!("viewbook-sandbox-{}", std::process::id()));
        let (shown, hidden, out) = (dir.join("shown"), dir.join("hidden"), dir.join("out"));
        for d in [&shown, &hidden, &out] {
            std::fs::create_dir_all(d).unwrap();
        }
        std::fs::write(shown.join("a"), "read me\n").unwrap();
        std::fs::write(hidden.join("b"), "secret").unwrap();
        let mounts = Mounts {
            read_only: vec![shown.clone()],
            writable: vec![(out.clone(), out.clone())],
            read_only_at: Vec::new(),
        };
        let script = format!(
            "cat {a}; cat {b} 2>/dev/null && echo LEAKED; echo x > {a} 2>/dev/null && echo \
             WROTE; echo made > {o}/c; head -c 100000000 /dev/zero > /tmp/big 2>/dev/null || \
             echo TMP_FULL; ls /proc | grep -c '^[0-9]'; grep -c : /proc/net/dev; echo HOME=$HOME; env | grep -c .; env",
            a = shown.join("a").display(),
            b = hidden.join("b").display(),
            o = out.display()
        );
        // Started the way the grader starts a suite: through a shell that sets the memory
        // limit, which passes the whole environment on, SECRET_TOKEN included.
        let mut command =
            sandbox.command(Path::new("/bin/sh"), &mounts, &[("GIVEN", "yes".into())]);
        command.args(["-c", &script]).env("SECRET_TOKEN", "x");
        let output = crate::grading::limits::run(
            command,
            crate::grading::limits::Limits {
                time: std::time::Duration::from_secs(30),
                memory_mib: Some(512),
            },
        )
        .unwrap();
        let said = output.stdout.text();
        let lines: Vec<&str> = said.lines().collect();
        assert_eq!(lines[0], "read me", "{said}");
        assert!(
            !said.contains("LEAKED") && !said.contains("WROTE"),
            "{said}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("c")).unwrap().trim(),
            "made"
        );
        // Its own PID namespace: bubblewrap's init, the shell, and ls.
        let processes: usize = lines[2].parse().unwrap();
        assert!(processes <= 4, "{processes} processes visible: {said}");
        // No network: the loopback device is the only one.
        assert_eq!(lines[3], "1", "{said}");
        assert_eq!(lines[4], "HOME=/tmp");
        // PATH, HOME, PWD, SHLVL, GIVEN and at most the locale: the grader's own environment
        // is gone, and so is what was set on the command outside `env`.
        let variables: usize = lines[5].parse().unwrap();
        assert!(variables <= 8, "{said}");
        assert!(said.contains("GIVEN=yes"), "{said}");
        assert!(
            !said.contains("SECRET_TOKEN") && !said.contains("CARGO_"),
            "{said}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn without_bubblewrap_the_command_is_the_program_itself() {
        let command = Sandbox::Off.command(Path::new("/bin/echo"), &Mounts::default(), &[]);
        assert_eq!(command.get_program(), "/bin/echo");
        assert!(!Sandbox::Off.protects());
    }
}
