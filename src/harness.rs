//! The memory harness: measures what a piece of code does to the process's resident set size
//! (RSS) and tells it as a *memory story*.
//!
//! A story is a list of named steps (`view = arr[:N//2]`), each with the RSS change it caused,
//! shown in units of one big array (`+0.0x`, `+0.5x`, `-1.0x`). The chapter suites check each
//! step against the article's claim, with a failure message that teaches, and snapshot the
//! story's table as documentation.
//!
// ANCHOR: why_trusted
//! # Why it can be trusted
//! RSS is a whole-process number, and noisy. Each rule below answers a failure measured on
//! this kind of machine (glibc, Linux):
//!
//! - **Big units.** glibc returns freed memory to the OS reliably only for allocations of
//!   32 MiB or more (below that, its mmap threshold rises after the first free and a second
//!   scenario in the same process reads `+0`). A story's unit must be at least
//!   [`MIN_UNIT_BYTES`] (64 MiB), so that even a half-size copy is 32 MiB.
//! - **Written pages.** Untouched memory costs no RSS; the models write every element they
//!   allocate.
//! - **One story at a time.** libtest runs tests on threads of one process; another test
//!   allocating megabytes during a step corrupts it. Every story holds a process-wide,
//!   poison-tolerant lock ([`exclusive`]) from start to end; any test that allocates megabytes
//!   without telling a story takes it too. The lock cannot hold back a test that does not take
//!   it (a panic with `RUST_BACKTRACE=1` maps tens of MiB of debug info), so a story also
//!   refuses to start unless libtest runs one test at a time (`.cargo/config.toml` sets
//!   `RUST_TEST_THREADS=1`).
//! - **Categorical outcomes.** Changes are rounded to 0.1 unit (6.4 MiB for a 64 MiB unit);
//!   measured idle noise is at most 64 KiB.
// ANCHOR_END: why_trusted

mod rss;
mod story;

pub use rss::{RssProbe, minor_page_faults};
pub use story::{Expectation, MemoryStory, STORY_DIR_VAR, Step, StepRecord, StoryRecord, Unit};

use std::sync::{Mutex, MutexGuard};

// ANCHOR: units
/// The smallest unit a story accepts: 64 MiB, so that half a unit is still the 32 MiB glibc
/// always maps and unmaps directly.
pub const MIN_UNIT_BYTES: u64 = 64 << 20;

/// How many 8-byte elements (i64 or pointers) the suites' big arrays hold: 2^23, so that one
/// array is exactly [`MIN_UNIT_BYTES`] and a copy of half of it is still 32 MiB.
pub const STORY_ELEMENTS: usize = 1 << 23;
// ANCHOR_END: units

// ANCHOR: lock
static MEMORY_LOCK: Mutex<()> = Mutex::new(());

/// Takes the process-wide memory lock, waiting for any story in progress to finish.
///
/// [`MemoryStory::begin`] takes it for you. Take it yourself in a test that allocates
/// megabytes without measuring, so that it cannot disturb a story running on another thread.
/// A test that panicked while holding the lock does not poison it for the others.
pub fn exclusive() -> MutexGuard<'static, ()> {
    MEMORY_LOCK
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
// ANCHOR_END: lock
