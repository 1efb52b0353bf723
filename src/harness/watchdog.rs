//! Stops a suite process whose story step or property runs far longer than a correct one, with
//! a message that says why, instead of letting it look like a hang.
//!
//! A view costs nanoseconds; a wrong one that copies can make a story of a thousand views run
//! for minutes (one learner's ran 260 s, printing nothing). A step or property is *armed* with
//! a limit many times what a correct one takes on a slow, busy machine; if it is still running
//! at the limit, a watchdog thread prints the message on stderr and ends the process with
//! libtest's failure code. A panic cannot be sent into the running code, and ending the process
//! is what a learner's Ctrl-C would do, with the explanation added. `cargo run` and the grader
//! read the message from stderr (its first line starts with [`STOPPED`]).

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How the watchdog's message starts, for the tools that read a suite's stderr.
pub const STOPPED: &str = "viewbook stopped this suite:";

/// A story step may run this long: a correct one takes milliseconds in a debug build.
pub const STEP_LIMIT: Duration = Duration::from_secs(5);

/// A property (a few hundred random chains of small arrays) may run this long: a correct one
/// takes a few tens of milliseconds in a debug build.
pub const PROPERTY_LIMIT: Duration = Duration::from_secs(20);

/// What is armed: (id, deadline, message).
struct Armed {
    next_id: u64,
    deadlines: Vec<(u64, Instant, String)>,
    /// Whether the watchdog thread is waiting: until then, it may still allocate.
    waiting: bool,
}

static ARMED: Mutex<Armed> = Mutex::new(Armed {
    next_id: 0,
    deadlines: Vec::new(),
    waiting: false,
});
static CHANGED: Condvar = Condvar::new();

/// While alive, the process is stopped with its message if it is still alive at its deadline.
#[must_use = "the watchdog is disarmed when the guard is dropped"]
pub struct Guard {
    id: u64,
}

/// Arms the watchdog for `limit` from now; `message` says what was running and what it means.
pub fn arm(limit: Duration, message: String) -> Guard {
    static THREAD: OnceLock<()> = OnceLock::new();
    THREAD.get_or_init(|| {
        std::thread::Builder::new()
            .name("viewbook-watchdog".into())
            .spawn(watch)
            .expect("the watchdog thread starts");
        // A story's step measures the heap exactly: the thread's own start-up allocations
        // must be over before the first armed step runs. From then on it allocates nothing
        // until it fires.
        let mut armed = lock();
        while !armed.waiting {
            armed = CHANGED.wait(armed).unwrap_or_else(|p| p.into_inner());
        }
    });
    let mut armed = lock();
    let id = armed.next_id;
    armed.next_id += 1;
    armed.deadlines.push((id, Instant::now() + limit, message));
    CHANGED.notify_all();
    Guard { id }
}

impl Drop for Guard {
    fn drop(&mut self) {
        lock().deadlines.retain(|(id, _, _)| *id != self.id);
        CHANGED.notify_all();
    }
}

fn lock() -> std::sync::MutexGuard<'static, Armed> {
    // A panicking test that held the lock leaves it consistent: every change is one push or
    // one retain.
    ARMED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The watchdog thread: sleeps until the earliest deadline, or until something changes.
fn watch() {
    let mut armed = lock();
    armed.waiting = true;
    CHANGED.notify_all();
    loop {
        let earliest = armed
            .deadlines
            .iter()
            .map(|(_, deadline, _)| *deadline)
            .min();
        armed = match earliest {
            None => CHANGED.wait(armed).unwrap_or_else(|p| p.into_inner()),
            Some(deadline) => {
                let now = Instant::now();
                if now >= deadline {
                    if let Some((_, _, message)) =
                        armed.deadlines.iter().find(|(_, d, _)| *d == deadline)
                    {
                        // Straight to the stream: `eprintln!` from a thread a test spawned
                        // goes to libtest's capture, which ending the process discards.
                        use std::io::Write as _;
                        let _ = writeln!(std::io::stderr(), "\n{STOPPED} {message}");
                    }
                    // The running code cannot be made to panic from here, and waiting on it
                    // is the hang this module exists to end: end the process, with libtest's
                    // code for a failed run (its output is flushed; no destructor matters).
                    #[allow(clippy::exit, clippy::disallowed_methods)]
                    std::process::exit(101);
                }
                CHANGED
                    .wait_timeout(armed, deadline - now)
                    .unwrap_or_else(|p| p.into_inner())
                    .0
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_armed_step_that_overruns_stops_the_process_with_its_message() {
        const CHILD: &str = "VIEWBOOK_WATCHDOG_CHILD";
        if std::env::var_os(CHILD).is_some() {
            let _guard = arm(
                Duration::from_millis(100),
                "the slow part ran too long".into(),
            );
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        let started = Instant::now();
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "harness::watchdog::tests::an_armed_step_that_overruns_stops_the_process_with_its_message",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(101), "{stderr}");
        assert!(
            stderr.contains("viewbook stopped this suite: the slow part ran too long"),
            "{stderr}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "it stopped at its limit"
        );
    }

    #[test]
    fn a_guard_dropped_in_time_never_fires_and_is_forgotten() {
        for _ in 0..100 {
            let guard = arm(Duration::from_millis(200), "never".into());
            drop(guard);
        }
        let outer = arm(Duration::from_secs(60), "outer".into());
        let inner = arm(Duration::from_millis(50), "inner".into());
        drop(inner);
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(lock().deadlines.len(), 1, "only the outer guard is armed");
        drop(outer);
    }
}
