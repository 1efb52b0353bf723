//! Running a student's build or test binary under a time limit, a memory limit and an output
//! cap, without ever waiting forever or holding a gigabyte of output.
//!
//! No `unsafe`: the child gets its own process group (`process_group(0)`), so a time-out kills
//! it and everything it started with `kill -KILL -PGID`; the memory limit is the shell's
//! `ulimit -v` applied just before `exec`; each output stream is read on its own thread, which
//! keeps the first and last part and counts the rest.

use std::io::Read;
use std::os::unix::process::{CommandExt, ExitStatusExt};
use std::process::{Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long the output streams may stay open after the program ended: a process it started
/// that escaped its group (`setsid`) and holds them open must not hold the grader.
const STREAMS_GRACE: Duration = Duration::from_secs(2);

use anyhow::{Context, Result};

/// How much of each stream is kept: this much from its start and this much from its end.
pub const KEPT_BYTES: usize = 1 << 20;

/// Output read from a stream, with its middle dropped when it was longer than twice
/// [`KEPT_BYTES`].
#[derive(Debug, Default, Clone)]
pub struct Captured {
    head: Vec<u8>,
    tail: Vec<u8>,
    /// How many bytes the stream carried in all.
    pub total: u64,
}

impl Captured {
    /// Whether part of the stream was dropped.
    pub fn truncated(&self) -> bool {
        self.total > (self.head.len() + self.tail.len()) as u64
    }

    /// The kept text (lossy UTF-8), with a marker where the middle was dropped.
    pub fn text(&self) -> String {
        let head = String::from_utf8_lossy(&self.head);
        if !self.truncated() {
            return format!("{head}{}", String::from_utf8_lossy(&self.tail));
        }
        let dropped = self.total - (self.head.len() + self.tail.len()) as u64;
        format!(
            "{head}\n[... {} of output not kept ...]\n{}",
            human_bytes(dropped),
            String::from_utf8_lossy(&self.tail)
        )
    }

    /// Reads `stream` to its end into `into`, which the caller may take at any time.
    fn read_from(mut stream: impl Read, into: &Mutex<Captured>) {
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = match stream.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            let mut captured = into.lock().unwrap_or_else(|p| p.into_inner());
            captured.total += n as u64;
            let mut chunk = &buffer[..n];
            if captured.head.len() < KEPT_BYTES {
                let take = chunk.len().min(KEPT_BYTES - captured.head.len());
                captured.head.extend_from_slice(&chunk[..take]);
                chunk = &chunk[take..];
            }
            captured.tail.extend_from_slice(chunk);
            if captured.tail.len() > 2 * KEPT_BYTES {
                let excess = captured.tail.len() - KEPT_BYTES;
                captured.tail.drain(..excess);
            }
        }
    }

    fn finish(mut self) -> Captured {
        if self.tail.len() > KEPT_BYTES {
            let excess = self.tail.len() - KEPT_BYTES;
            self.tail.drain(..excess);
        }
        self
    }
}

/// Bytes as a person reads them: `812 B`, `3.2 MiB`, `1.0 GiB`.
pub fn human_bytes(bytes: u64) -> String {
    let b = bytes as f64;
    if b >= (1u64 << 30) as f64 {
        format!("{:.1} GiB", b / (1u64 << 30) as f64)
    } else if b >= (1 << 20) as f64 {
        format!("{:.1} MiB", b / (1 << 20) as f64)
    } else if b >= 1024.0 {
        format!("{:.1} KiB", b / 1024.0)
    } else {
        format!("{bytes} B")
    }
}

/// The limits one run is held to.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Wall-clock time before the run is killed.
    pub time: Duration,
    /// Address space the process may map, in MiB (`ulimit -v`); `None` for no limit.
    pub memory_mib: Option<u64>,
}

/// How a limited run ended.
#[derive(Debug, Clone)]
pub struct Finished {
    /// The exit status; `None` when the run was killed for taking too long.
    pub status: Option<ExitStatus>,
    /// Whether the time limit stopped it.
    pub timed_out: bool,
    /// How long it ran.
    pub elapsed: Duration,
    /// Its standard output.
    pub stdout: Captured,
    /// Its standard error.
    pub stderr: Captured,
}

impl Finished {
    /// The signal that ended the process, if one did. Inside the sandbox the program is not
    /// the sandbox's own child's parent: bubblewrap reports a death by signal N as the shell
    /// does, exit code 128 + N.
    pub fn signal(&self) -> Option<i32> {
        let status = self.status?;
        status.signal().or_else(|| {
            status
                .code()
                .filter(|code| (129..=128 + 64).contains(code))
                .map(|code| code - 128)
        })
    }
}

/// Runs `command` (its program and arguments) under `limits`, with stdin closed and both
/// output streams captured. An error means the program could not be started.
pub fn run(mut command: Command, limits: Limits) -> Result<Finished> {
    let mut command = match limits.memory_mib {
        // `ulimit -v` takes KiB. `exec` replaces the shell, so the limit, the process group
        // and the pid all belong to the program itself.
        Some(mib) => {
            let mut shell = Command::new("sh");
            shell
                .arg("-c")
                .arg("ulimit -v \"$1\" && shift && exec \"$@\"")
                .arg("sh")
                .arg((mib * 1024).to_string())
                .arg(command.get_program())
                .args(command.get_args());
            if let Some(dir) = command.get_current_dir() {
                shell.current_dir(dir);
            }
            for (key, value) in command.get_envs() {
                match value {
                    Some(value) => shell.env(key, value),
                    None => shell.env_remove(key),
                };
            }
            shell
        }
        None => {
            command.process_group(0);
            command
        }
    };
    command
        .process_group(0)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start {:?}", command.get_program()))?;
    let stdout = child.stdout.take().map(reader);
    let stderr = child.stderr.take().map(reader);
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if started.elapsed() >= limits.time {
            timed_out = true;
            kill_group(child.id());
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    // A process the program started may still hold the pipes open after it exited; the group
    // kill ends those in its group (and a sandbox's end, all of them). One that left the
    // group gets a short grace, then its streams are abandoned with what they carried.
    kill_group(child.id());
    let deadline = Instant::now() + STREAMS_GRACE;
    let take = |reader: Option<Reader>| {
        let Some((captured, handle)) = reader else {
            return Captured::default();
        };
        while !handle.is_finished() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        let taken = std::mem::take(&mut *captured.lock().unwrap_or_else(|p| p.into_inner()));
        taken.finish()
    };
    Ok(Finished {
        status,
        timed_out,
        elapsed,
        stdout: take(stdout),
        stderr: take(stderr),
    })
}

/// A stream being read on its own thread, and what it has carried so far.
type Reader = (Arc<Mutex<Captured>>, JoinHandle<()>);

fn reader(stream: impl Read + Send + 'static) -> Reader {
    let captured = Arc::new(Mutex::new(Captured::default()));
    let into = Arc::clone(&captured);
    (
        captured,
        std::thread::spawn(move || Captured::read_from(stream, &into)),
    )
}

/// Kills the process group `pgid` (the child and anything it started). Best effort: the
/// group may already be gone.
/// Kills a process group: the program `run` started and whatever it started in its group.
pub(crate) fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pgid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(seconds: u64) -> Limits {
        Limits {
            time: Duration::from_secs(seconds),
            memory_mib: Some(512),
        }
    }

    #[test]
    fn a_run_that_outlives_its_time_limit_is_killed() {
        let mut command = Command::new("sh");
        command.args(["-c", "sleep 30"]);
        let finished = run(command, limits(1)).unwrap();
        assert!(finished.timed_out);
        assert!(finished.elapsed < Duration::from_secs(10), "{finished:?}");
    }

    #[test]
    fn long_output_keeps_its_start_and_end() {
        let mut command = Command::new("sh");
        command.args([
            "-c",
            "echo start; head -c 5000000 /dev/zero | tr '\\0' x; echo; echo end",
        ]);
        let finished = run(command, limits(30)).unwrap();
        // "start\n", the x's, "\n", "end\n"
        assert_eq!(finished.stdout.total, 6 + 5_000_000 + 1 + 4);
        let text = finished.stdout.text();
        assert!(text.starts_with("start\n"));
        assert!(text.ends_with("\nend\n"));
        assert!(
            text.contains("[... 2.8 MiB of output not kept ...]"),
            "{}",
            text.len()
        );
    }

    #[test]
    fn a_detached_process_holding_the_output_does_not_hold_the_run() {
        let mut command = Command::new("sh");
        // setsid leaves the process group, so the group kill does not reach the sleeper.
        command.args(["-c", "echo before; setsid sleep 600 & echo after"]);
        let started = Instant::now();
        let finished = run(command, limits(30)).unwrap();
        assert!(started.elapsed() < Duration::from_secs(60), "{finished:?}");
        assert_eq!(finished.stdout.text(), "before\nafter\n");
        let _ = Command::new("pkill").args(["-f", "sleep 600"]).status();
    }

    #[test]
    fn the_memory_limit_applies_to_the_program() {
        let mut command = Command::new("sh");
        command.args(["-c", "ulimit -v"]);
        let finished = run(command, limits(30)).unwrap();
        assert_eq!(finished.stdout.text().trim(), "524288");
    }
}
