//! Stops a suite process whose story step or property runs far longer than a correct one, with
//! a message that says why, instead of letting it look like a hang.
//!
//! A view costs nanoseconds; a wrong one that copies can make a story of a thousand views run
//! for minutes (one learner's ran 260 s, printing nothing). A step or property is *armed* with
//! a limit many times what a correct one takes; if it is still running at the limit, a
//! watchdog thread prints the message on stderr and ends the process with libtest's failure
//! code. A panic cannot be sent into the running code, and ending the process is what a
//! learner's Ctrl-C would do, with the explanation added. `cargo run` and the grader read the
//! message from stderr (its first line starts with [`STOPPED`]).
//!
//! The limit is on the **processor time** the suite's process used, not on the clock: a busy
//! machine (a build beside it, a class graded two at a time) slows the clock's view of a step
//! several times over, and a limit on the clock stopped a catalogued mistake (every slice
//! copying the whole array for a moment, about 6 s of processor time) on one run and let it
//! reach its real lesson, a heap peak, on the next. Code that waits instead of computing (a
//! sleep, a lock never released) uses no processor time, so the clock stops it too, at
//! [`WAITING_FACTOR`] times the limit. Where the processor time cannot be read (outside Linux),
//! the clock alone counts.

use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// How the watchdog's message starts, for the tools that read a suite's stderr.
pub const STOPPED: &str = "viewbook stopped this suite:";

/// A story step may use this much processor time. A correct one takes milliseconds in a debug
/// build; the slowest catalogued mistake that a story's own checks judge (a thousand slices,
/// each copying the whole 4 MiB array first) takes about 6 s, and must get that lesson, not
/// this one.
pub const STEP_LIMIT: Duration = Duration::from_secs(15);

/// A property (a few hundred random chains of small arrays) may use this much processor time:
/// a correct one takes a few tens of milliseconds in a debug build.
pub const PROPERTY_LIMIT: Duration = Duration::from_secs(20);

/// Code that is armed but uses no processor time (it sleeps, or waits on a lock) is stopped
/// when the clock reaches this many times its limit.
pub const WAITING_FACTOR: u32 = 3;

/// How often the watchdog looks at the processor time while something is armed.
const POLL: Duration = Duration::from_millis(100);

/// One armed limit.
struct Deadline {
    id: u64,
    limit: Duration,
    /// The process's processor time and the clock when it was armed.
    cpu_at_start: Option<Duration>,
    wall_at_start: Instant,
    message: String,
}

impl Deadline {
    /// Whether the armed code has used up its limit, given the processor time now.
    fn passed(&self, cpu_now: Option<Duration>) -> bool {
        let wall = self.wall_at_start.elapsed();
        match (self.cpu_at_start, cpu_now) {
            (Some(start), Some(now)) => {
                now.saturating_sub(start) >= self.limit || wall >= self.limit * WAITING_FACTOR
            }
            _ => wall >= self.limit,
        }
    }
}

/// What is armed.
struct Armed {
    next_id: u64,
    deadlines: Vec<Deadline>,
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
    armed.deadlines.push(Deadline {
        id,
        limit,
        cpu_at_start: cpu_time(),
        wall_at_start: Instant::now(),
        message,
    });
    CHANGED.notify_all();
    Guard { id }
}

impl Drop for Guard {
    fn drop(&mut self) {
        lock().deadlines.retain(|d| d.id != self.id);
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

/// The watchdog thread: while something is armed, looks every [`POLL`] at whether it has used
/// up its limit; otherwise sleeps until something is armed.
fn watch() {
    let mut armed = lock();
    armed.waiting = true;
    CHANGED.notify_all();
    loop {
        if armed.deadlines.is_empty() {
            armed = CHANGED.wait(armed).unwrap_or_else(|p| p.into_inner());
            continue;
        }
        let cpu_now = cpu_time();
        if let Some(passed) = armed.deadlines.iter().find(|d| d.passed(cpu_now)) {
            // Straight to the stream: `eprintln!` from a thread a test spawned goes to
            // libtest's capture, which ending the process discards.
            use std::io::Write as _;
            let _ = writeln!(std::io::stderr(), "\n{STOPPED} {}", passed.message);
            // The running code cannot be made to panic from here, and waiting on it is the
            // hang this module exists to end: end the process, with libtest's code for a
            // failed run (its output is flushed; no destructor matters).
            #[allow(clippy::exit, clippy::disallowed_methods)]
            std::process::exit(101);
        }
        armed = CHANGED
            .wait_timeout(armed, POLL)
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
}

/// The processor time this process has used (user and system, every thread), or `None` where
/// it cannot be read.
///
/// Read from `/proc/self/stat` into a buffer on the stack: the watchdog runs during a story's
/// steps, whose heap is measured exactly, so it must not allocate (std opens a short path
/// through a stack buffer too).
#[cfg(target_os = "linux")]
fn cpu_time() -> Option<Duration> {
    use std::io::Read as _;
    let mut buffer = [0u8; 1024];
    let mut file = std::fs::File::open("/proc/self/stat").ok()?;
    let mut filled = 0;
    while filled < buffer.len() {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(_) => return None,
        }
    }
    cpu_time_in_stat(&buffer[..filled])
}

#[cfg(not(target_os = "linux"))]
fn cpu_time() -> Option<Duration> {
    None
}

/// `utime + stime` from the text of `/proc/<pid>/stat` (proc(5): fields 14 and 15, in clock
/// ticks). The command name, field 2, is in parentheses and may hold spaces, so the fields are
/// counted from the last `)`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn cpu_time_in_stat(stat: &[u8]) -> Option<Duration> {
    // The kernel reports these fields in USER_HZ, which is 100 on every architecture it
    // exports to user space this way (the ABI fixed it, whatever the kernel's own HZ).
    const TICKS_PER_SECOND: u64 = 100;
    let after_name = stat.iter().rposition(|&b| b == b')')? + 1;
    let mut fields = stat[after_name..]
        .split(|&b| b == b' ')
        .filter(|f| !f.is_empty());
    // After the name: field 3 (state) is the first, so utime (14) is the twelfth.
    let mut ticks =
        |skip: usize| -> Option<u64> { std::str::from_utf8(fields.nth(skip)?).ok()?.parse().ok() };
    let user = ticks(11)?;
    let system = ticks(0)?;
    Some(Duration::from_millis(
        (user + system) * 1000 / TICKS_PER_SECOND,
    ))
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
    fn a_step_that_computes_past_its_limit_is_stopped_on_processor_time() {
        const CHILD: &str = "VIEWBOOK_WATCHDOG_BUSY_CHILD";
        if std::env::var_os(CHILD).is_some() {
            let _guard = arm(
                Duration::from_millis(300),
                "the busy part ran too long".into(),
            );
            let mut x = 0u64;
            loop {
                x = std::hint::black_box(x.wrapping_add(1));
            }
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "harness::watchdog::tests::a_step_that_computes_past_its_limit_is_stopped_on_processor_time",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(101), "{stderr}");
        assert!(stderr.contains("the busy part ran too long"), "{stderr}");
    }

    #[test]
    fn only_processor_time_counts_until_the_clock_reaches_the_waiting_limit() {
        let limit = Duration::from_secs(10);
        let deadline = |cpu_at_start, waited: Duration| Deadline {
            id: 0,
            limit,
            cpu_at_start,
            wall_at_start: Instant::now() - waited,
            message: String::new(),
        };
        let cpu = |s| Some(Duration::from_secs(s));
        // A busy machine: 25 s on the clock, 9 s of the process's own work.
        assert!(!deadline(cpu(1), Duration::from_secs(25)).passed(cpu(10)));
        assert!(deadline(cpu(1), Duration::from_secs(12)).passed(cpu(11)));
        // Waiting, not working: the clock stops it at three times the limit.
        assert!(deadline(cpu(1), Duration::from_secs(31)).passed(cpu(1)));
        // No processor time to read: the clock alone.
        assert!(!deadline(None, Duration::from_secs(9)).passed(None));
        assert!(deadline(None, Duration::from_secs(11)).passed(None));
    }

    #[test]
    fn the_processor_time_is_read_from_proc_stat_whatever_the_command_name() {
        let stat = b"4242 (a (strange) name) R 1 4242 4242 0 -1 4194304 150 0 0 0 \
                     1234 56 0 0 20 0 1 0 100 0 0";
        assert_eq!(cpu_time_in_stat(stat), Some(Duration::from_millis(12_900)));
        assert_eq!(cpu_time_in_stat(b"4242 (cut"), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn reading_the_processor_time_allocates_nothing() {
        let _alone = crate::harness::exclusive();
        let start = crate::heap::reset_peak();
        for _ in 0..10 {
            assert!(cpu_time().is_some());
        }
        assert_eq!(
            crate::heap::peak_bytes(),
            start,
            "a step's heap figures stay exact"
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
