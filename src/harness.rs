//! The memory harness: measures what a piece of code does to the process's resident set size
//! (RSS) and tells it as a *memory story*.
//!
//! A story is a list of named steps (`view = arr[:N//2]`), each with the RSS change it caused
//! and its exact heap change and peak, shown in units of one big array (`+0.0x`, `+0.5x`,
//! `-1.0x`). The chapter suites check each
//! step against the article's claim, with a failure message that teaches, and snapshot the
//! story's table as documentation.
//!
// ANCHOR: why_trusted
//! # Why it can be trusted
//! RSS is a whole-process number, it is noisy, and it is the allocator's word as much as the
//! code's. Each rule below answers a failure measured on this kind of machine:
//!
//! - **An exact witness.** Every suite process counts its heap ([`crate::heap::Heap`] is its
//!   global allocator): each step records its exact heap change and peak beside RSS, and the
//!   heap judges. RSS is shown beside it in every message; when the two disagree, the message
//!   says which one the code is responsible for.
//! - **Large blocks are the OS's.** The allocator maps every block of 128 KiB or more on its
//!   own and unmaps it when it is freed, so a freed array always returns its pages, under
//!   glibc, jemalloc, mimalloc or tcmalloc alike (tcmalloc keeps freed pages: with it as the
//!   allocator, RSS alone failed every story of correct code).
//! - **Units big enough to round.** A story's unit is at least [`MIN_UNIT_BYTES`] (4 MiB):
//!   changes are rounded to 0.1 unit (410 KiB), and everything a step does besides its
//!   claim, such as a thousand 48-byte view headers (47 KiB) or the few pages the small-block
//!   allocator touches (at most 64 KiB measured), stays under half of that.
//! - **Written pages.** Untouched memory costs no RSS; the models write every element they
//!   allocate (and the heap sees what they reserve and never write).
//! - **One story at a time.** libtest runs tests on threads of one process; another test
//!   allocating during a step would be counted too. Every story holds a process-wide,
//!   poison-tolerant lock ([`exclusive`]) from start to end; any test that allocates megabytes
//!   without telling a story takes it too. The lock cannot hold back a test that does not take
//!   it (a panic with `RUST_BACKTRACE=1` maps tens of MiB of debug info), so a story also
//!   refuses to start unless libtest runs one test at a time (`.cargo/config.toml` sets
//!   `RUST_TEST_THREADS=1`).
// ANCHOR_END: why_trusted

pub mod explore;
pub mod panics;
mod rss;
mod story;
pub mod watchdog;

pub use rss::{RssProbe, minor_page_faults};
pub use story::{
    Expectation, FAILED_STORY_DIR_VAR, MemoryStory, STORY_DIR_VAR, Step, StepRecord, StoryRecord,
    Unit,
};

use std::sync::{Mutex, MutexGuard};

// ANCHOR: units
/// The smallest unit a story accepts: 4 MiB, so that half of the rounding step (a twentieth,
/// 205 KiB) is more than four times anything a correct step does besides its claim (at most
/// 48,000 bytes of view headers on the heap, 47 KiB of RSS measured), and every block that
/// could move a figure by itself is above the allocator's 128 KiB large-block threshold.
pub const MIN_UNIT_BYTES: u64 = 4 << 20;

/// How many 8-byte elements (i64 or pointers) the suites' big arrays hold: 2^19, so that one
/// array is exactly [`MIN_UNIT_BYTES`].
pub const STORY_ELEMENTS: usize = 1 << 19;
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
