//! Memory stories: named steps with their measured RSS change and their exact heap witness.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::sync::MutexGuard;

use super::{MIN_UNIT_BYTES, RssProbe, exclusive, watchdog};
use crate::heap;
use crate::manifest::{Chapter, chapter};

/// What one `1.0x` in a story stands for: usually the big array the story is about.
#[derive(Debug, Clone)]
pub struct Unit {
    /// How the story names it, e.g. `arr`.
    pub name: String,
    /// What it is, e.g. `8,388,608 i64`.
    pub what: String,
    /// Its size in bytes.
    pub bytes: u64,
}

impl Unit {
    /// A unit named `name`, described as `what`, of `bytes` bytes.
    pub fn new(name: impl Into<String>, what: impl Into<String>, bytes: u64) -> Unit {
        Unit {
            name: name.into(),
            what: what.into(),
            bytes,
        }
    }

    /// A unit of `count` 8-byte items (`i64`s, pointers) called `items`:
    /// `Unit::of_words("arr", 8_388_608, "i64")` is described as `8,388,608 i64`.
    pub fn of_words(name: impl Into<String>, count: usize, items: &str) -> Unit {
        Unit::new(
            name,
            format!("{} {items}", thousands(count)),
            (count * 8) as u64,
        )
    }
}

/// `8388608` as `8,388,608`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// One measured step of a story.
#[derive(Debug, Clone)]
pub struct Step {
    /// The step as NumPy code, e.g. `view = arr[:N//2]`.
    pub numpy: String,
    /// The same step in this workbook's Rust, e.g. `let view = arr.slice(..N / 2)`.
    pub rust: String,
    /// RSS just before the step, in bytes.
    pub rss_before: u64,
    /// RSS just after the step, in bytes.
    pub rss_after: u64,
    /// Live heap bytes just before the step (exact: [`heap::live_bytes`]).
    pub heap_before: u64,
    /// Live heap bytes just after the step.
    pub heap_after: u64,
    /// The most live heap bytes at any moment during the step.
    pub heap_peak: u64,
}

impl Step {
    /// The step's RSS change in bytes (negative when memory was given back).
    pub fn change_bytes(&self) -> i64 {
        self.rss_after as i64 - self.rss_before as i64
    }

    /// The step's exact heap change in bytes (negative when blocks were freed).
    pub fn heap_change_bytes(&self) -> i64 {
        self.heap_after as i64 - self.heap_before as i64
    }

    /// How far above its starting point the heap rose during the step, in bytes: a temporary
    /// the step made and freed shows here, and nowhere else.
    pub fn heap_peak_bytes(&self) -> i64 {
        self.heap_peak as i64 - self.heap_before as i64
    }
}

/// A measured memory story. Holds the process-wide memory lock until it is dropped.
///
/// ```
/// use viewbook::harness::{MemoryStory, Unit};
///
/// # #[global_allocator]
/// # static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;
/// const N: usize = 1 << 19;
/// let mut story = MemoryStory::begin(
///     "ch02_views",
///     "A vector of N i64 costs N × 8 bytes",
///     Unit::new("v", "524,288 i64", (N * 8) as u64),
/// );
/// let v = story.step("v = np.ones(N)", "let v = vec![1i64; N]", || vec![1i64; N]);
/// story.step("del v", "drop(v)", || drop(v));
/// story.expect("v = np.ones(N)", 1.0).check();
/// story.expect("del v", -1.0).check();
/// assert!(story.table().contains("+1.0x"));
/// ```
pub struct MemoryStory {
    chapter: &'static Chapter,
    title: String,
    unit: Unit,
    probe: RssProbe,
    steps: Vec<Step>,
    /// What the checks so far imply of each step's peak (see [`MemoryStory::finish`]).
    peaks: RefCell<Vec<ImpliedPeak>>,
    charted: bool,
    _lock: MutexGuard<'static, ()>,
}

impl MemoryStory {
    /// Starts a story for a chapter of the manifest, waiting for any other story to end.
    ///
    /// # Panics
    /// If the chapter is not in the manifest, the unit is smaller than
    /// [`MIN_UNIT_BYTES`](super::MIN_UNIT_BYTES) (too small to measure reliably), or the test
    /// binary does not count its heap (no [`heap::Heap`] as its global allocator).
    #[track_caller]
    pub fn begin(chapter_slug: &str, title: impl Into<String>, unit: Unit) -> MemoryStory {
        assert!(
            unit.bytes >= MIN_UNIT_BYTES,
            "a memory story needs a unit of at least 4 MiB to be measured reliably; {} is {} bytes",
            unit.name,
            unit.bytes
        );
        assert!(
            heap::counting(),
            "memory stories need the counting allocator: this test binary should declare \
             `#[global_allocator] static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;` \
             (the suites' tests/workbook.rs does)"
        );
        assert!(
            one_test_at_a_time(),
            "memory stories must run one test at a time, and this test binary may run several \
             at once: another test allocating (or printing a backtrace) during a step would be \
             measured too. Run the suites through cargo (this workspace's .cargo/config.toml \
             sets RUST_TEST_THREADS=1), or pass `--test-threads=1` to the test binary"
        );
        let chapter = chapter(chapter_slug);
        let lock = exclusive();
        MemoryStory {
            chapter,
            title: title.into(),
            unit,
            probe: RssProbe::new(),
            steps: Vec::new(),
            peaks: RefCell::new(Vec::new()),
            charted: true,
            _lock: lock,
        }
    }

    /// Leaves this story out of the book's memory charts (`viewbook book` draws one per story
    /// the reference solutions tell). For a story whose point is in the heap columns, a
    /// reservation never written or a temporary freed within its step, which a chart of RSS
    /// cannot show: its table, snapshotted by the suite, is where it is read.
    pub fn uncharted(mut self) -> MemoryStory {
        self.charted = false;
        self
    }

    /// Runs one step, measuring RSS and the heap before and after, and the heap's peak during
    /// it, and returns what the step returned.
    ///
    /// `numpy` names the step in the article's terms and is how [`expect`](Self::expect) refers
    /// to it; `rust` is the same step in this workbook. The heap figures cover `run` alone:
    /// reading RSS allocates a little, and is done outside them.
    pub fn step<T>(&mut self, numpy: &str, rust: &str, run: impl FnOnce() -> T) -> T {
        // Armed before anything is measured: the first arming starts the watchdog's thread.
        let stop = watchdog::arm(
            watchdog::STEP_LIMIT,
            format!(
                "the step `{rust}` ({numpy}) of the story \"{}\" has used {} s of processor time; a correct \
                 one takes milliseconds (a view costs nanoseconds, a copy of the whole array a \
                 few milliseconds): your code may copy, or loop, far more than it should.\n  {}",
                self.title,
                watchdog::STEP_LIMIT.as_secs(),
                self.chapter.reference()
            ),
        );
        let rss_before = self.probe.read();
        let heap_before = heap::reset_peak();
        let value = std::hint::black_box(run());
        let heap_peak = heap::peak_bytes();
        let heap_after = heap::live_bytes();
        let rss_after = self.probe.read();
        // Disarmed after the heap is read: its message, made before, is freed only now.
        drop(stop);
        self.steps.push(Step {
            numpy: numpy.to_owned(),
            rust: rust.to_owned(),
            rss_before,
            rss_after,
            heap_before: heap_before as u64,
            heap_after: heap_after as u64,
            heap_peak: heap_peak as u64,
        });
        value
    }

    /// The measured steps, with raw byte figures (for charts).
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// Checks the step named `numpy` against the change the chapter claims, in units; finish
    /// with [`Expectation::check`]. The exact heap change judges; RSS, the figure the chapter
    /// teaches, is shown beside it in every failure (see [`Expectation::check`]).
    #[must_use = "an expectation checks nothing until `.check()` is called"]
    pub fn expect(&self, numpy: &str, units: f64) -> Expectation<'_> {
        self.expectation(numpy, units, Claim::Change)
    }

    /// Checks that the heap rose by at most `units` above its starting point at any moment of
    /// the step named `numpy`: a temporary the step made and freed again shows here and in no
    /// RSS figure. Finish with [`Expectation::check`]; [`Expectation::if_more`] says what a
    /// higher peak means.
    #[must_use = "an expectation checks nothing until `.check()` is called"]
    pub fn expect_peak_at_most(&self, numpy: &str, units: f64) -> Expectation<'_> {
        self.expectation(numpy, units, Claim::PeakAtMost)
    }

    fn expectation(&self, numpy: &str, units: f64, claim: Claim) -> Expectation<'_> {
        Expectation {
            story: self,
            numpy: numpy.to_owned(),
            expected: units,
            claim,
            if_more: None,
            if_less: None,
        }
    }

    /// Ends the story's checks, and gives the table to snapshot if RSS can be trusted to be
    /// the same on every run here.
    ///
    /// First, what the change claims imply: a step claimed to change the heap by `x` must not
    /// take it above `max(x, 0)` on the way, unless a check of its own
    /// ([`expect_peak_at_most`](Self::expect_peak_at_most)) says how high it may go. So a
    /// temporary the code makes and frees within a step (a view made through a whole copy)
    /// fails even on a step nobody thought to give a peak check.
    ///
    /// Then the table. On Linux it is always given: large blocks are the allocator's own
    /// mappings, and the probe leaves out the pages read in from the test binary (the soak
    /// proves it, under four allocators). Elsewhere nothing was measured: the table is given
    /// when every step's RSS agrees with its heap change, and otherwise `None`, with a note,
    /// so that an OS that keeps or counts pages its own way never fails a correct solution on
    /// a snapshot (its claims were judged on the exact heap already).
    #[track_caller]
    pub fn finish(&self) -> Option<String> {
        let implied: Vec<ImpliedPeak> = self.peaks.borrow().clone();
        for claim in implied.iter().filter(|c| !c.explicit) {
            let covered = implied.iter().any(|c| c.explicit && c.numpy == claim.numpy);
            if !covered {
                self.check_implied_peak(claim);
            }
        }
        self.snapshot_table()
    }

    #[track_caller]
    fn check_implied_peak(&self, claim: &ImpliedPeak) {
        let step = self.find(&claim.numpy);
        let peak = self.in_units(step.heap_peak_bytes());
        if peak <= claim.allowed {
            return;
        }
        let meaning = claim
            .meaning
            .as_deref()
            .unwrap_or("the step did more than the chapter's claim");
        let what = format!(
            "`{}` ended at {} on the heap, as the chapter expects, but took it up to {} {} \
             (exactly {}) on the way: the code made a temporary that big and freed it before \
             the step ended, which no RSS figure shows. That is the step's memory mistake all \
             the same: {meaning}",
            step.numpy,
            signed_units(self.in_units(step.heap_change_bytes())),
            signed_units(peak),
            self.unit.name,
            exact(step.heap_peak_bytes()),
        );
        self.fail(what)
    }

    /// Panics with `what`, where to read about it, and the whole story measured so far.
    #[track_caller]
    fn fail(&self, what: String) -> ! {
        panic!(
            "{}\n\nThe memory story so far:\n{}",
            self.chapter.lesson(what),
            indent(&self.table())
        );
    }

    fn snapshot_table(&self) -> Option<String> {
        let agrees = |step: &Step| {
            self.in_units(step.change_bytes()) == self.in_units(step.heap_change_bytes())
        };
        if cfg!(target_os = "linux") || self.steps.iter().all(agrees) {
            return Some(self.table());
        }
        eprintln!(
            "note: the story {:?} was not compared with its snapshot: on this OS its RSS \
             differs from its exact heap change, which already passed every claim",
            self.title
        );
        None
    }

    /// The story as a table: title, unit, then one line per step with its RSS change, its
    /// exact heap change and the heap's peak during the step, in units. Stable across runs
    /// and allocators for a correct implementation, so it is what the suites snapshot.
    pub fn table(&self) -> String {
        let numpy_width = self.column_width(|s| &s.numpy, "NumPy");
        let rust_width = self.column_width(|s| &s.rust, "viewbook");
        let mut out = String::new();
        let _ = writeln!(out, "{}", self.title);
        let _ = writeln!(
            out,
            "1.0x = {}: {} ({})\n",
            self.unit.name,
            self.unit.what,
            mib(self.unit.bytes as i64)
        );
        let _ = writeln!(
            out,
            "{:numpy_width$}  {:rust_width$}  RSS    heap   heap peak",
            "NumPy", "viewbook"
        );
        for step in &self.steps {
            let _ = writeln!(
                out,
                "{:numpy_width$}  {:rust_width$}  {:5}  {:5}  {}",
                step.numpy,
                step.rust,
                signed_units(self.in_units(step.change_bytes())),
                signed_units(self.in_units(step.heap_change_bytes())),
                signed_units(self.in_units(step.heap_peak_bytes())),
            );
        }
        out
    }

    fn column_width(&self, column: impl Fn(&Step) -> &String, header: &str) -> usize {
        self.steps
            .iter()
            .map(|s| column(s).chars().count())
            .chain([header.len()])
            .max()
            .unwrap_or(0)
    }

    #[track_caller]
    fn find(&self, numpy: &str) -> &Step {
        self.steps
            .iter()
            .find(|s| s.numpy == numpy)
            .unwrap_or_else(|| panic!("the story {:?} has no step {numpy:?}", self.title))
    }

    fn in_units(&self, bytes: i64) -> f64 {
        round_tenth(bytes as f64 / self.unit.bytes as f64)
    }
}

/// Where a story writes its measured steps when it ends, if set: one TOML file per story,
/// which `viewbook book` turns into the book's memory charts.
pub const STORY_DIR_VAR: &str = "VIEWBOOK_STORY_DIR";

/// Where a story that failed its checks writes its measured steps, if set: how `viewbook book`
/// measures a catalogued mistake (`mistakes/catalogue.toml`), such as chapter 6's program as
/// first written, to chart it beside the fixed one. Never the same folder as
/// [`STORY_DIR_VAR`]'s: a failed story is not a chart of the chapter's claim.
pub const FAILED_STORY_DIR_VAR: &str = "VIEWBOOK_FAILED_STORY_DIR";

impl Drop for MemoryStory {
    fn drop(&mut self) {
        if self.steps.is_empty() || !self.charted {
            return;
        }
        // A story that failed is not a chart of the chapter's claim, but it may be the
        // measurement of a mistake that a chart shows beside the claim.
        let var = if std::thread::panicking() {
            FAILED_STORY_DIR_VAR
        } else {
            STORY_DIR_VAR
        };
        if let Some(dir) = std::env::var_os(var) {
            let path = std::path::Path::new(&dir).join(format!("{}.toml", self.id()));
            if let Err(e) = std::fs::write(&path, self.to_toml()) {
                // A second panic while unwinding would abort the test binary.
                if std::thread::panicking() {
                    eprintln!("cannot write the memory story to {}: {e}", path.display());
                } else {
                    panic!("cannot write the memory story to {}: {e}", path.display());
                }
            }
        }
    }
}

impl MemoryStory {
    /// A file-name-safe id: the chapter and the title, e.g.
    /// `ch02_views--slicing-an-array-does-not-copy-it`.
    pub fn id(&self) -> String {
        let mut slug = String::new();
        for c in self.title.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.ends_with('-') {
                slug.push('-');
            }
        }
        format!("{}--{}", self.chapter.slug, slug.trim_matches('-'))
    }

    /// The story with its raw byte figures, as TOML (see [`StoryRecord`]).
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "chapter = {}", toml_string(&self.chapter.slug));
        let _ = writeln!(out, "title = {}", toml_string(&self.title));
        let _ = writeln!(out, "unit_name = {}", toml_string(&self.unit.name));
        let _ = writeln!(out, "unit_what = {}", toml_string(&self.unit.what));
        let _ = writeln!(out, "unit_bytes = {}", self.unit.bytes);
        for step in &self.steps {
            let _ = writeln!(out, "\n[[step]]");
            let _ = writeln!(out, "numpy = {}", toml_string(&step.numpy));
            let _ = writeln!(out, "rust = {}", toml_string(&step.rust));
            let _ = writeln!(out, "rss_before = {}", step.rss_before);
            let _ = writeln!(out, "rss_after = {}", step.rss_after);
            let _ = writeln!(out, "heap_before = {}", step.heap_before);
            let _ = writeln!(out, "heap_after = {}", step.heap_after);
            let _ = writeln!(out, "heap_peak = {}", step.heap_peak);
        }
        out
    }
}

/// A memory story as written to disk: what `viewbook book` reads to draw a chart.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryRecord {
    /// The chapter's slug.
    pub chapter: String,
    /// The story's title.
    pub title: String,
    /// What 1.0x stands for, e.g. `arr`.
    pub unit_name: String,
    /// What the unit is, e.g. `8,388,608 i64`.
    pub unit_what: String,
    /// The unit's size in bytes.
    pub unit_bytes: u64,
    /// The measured steps.
    pub step: Vec<StepRecord>,
}

/// One measured step of a [`StoryRecord`].
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepRecord {
    /// The step as NumPy code.
    pub numpy: String,
    /// The step in this workbook's Rust.
    pub rust: String,
    /// RSS before the step, in bytes.
    pub rss_before: u64,
    /// RSS after the step, in bytes.
    pub rss_after: u64,
    /// Live heap bytes before the step.
    pub heap_before: u64,
    /// Live heap bytes after the step.
    pub heap_after: u64,
    /// The most live heap bytes during the step.
    pub heap_peak: u64,
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Whether libtest runs one test at a time in this process, as memory stories need: its
/// `--test-threads` argument (which wins) or `RUST_TEST_THREADS` is 1, or the runner gives
/// each test a process of its own (cargo-nextest). The process-wide lock keeps two stories
/// apart, but nothing can keep an unrelated test on another thread from allocating during a
/// step: measured, running the suites on four threads failed 67 times in 180 binary runs.
pub(crate) fn one_test_at_a_time() -> bool {
    let args: Vec<String> = std::env::args().collect();
    let from_args = args.iter().enumerate().find_map(|(i, arg)| {
        arg.strip_prefix("--test-threads=")
            .map(str::to_owned)
            .or_else(|| {
                (arg == "--test-threads").then(|| args.get(i + 1).cloned().unwrap_or_default())
            })
    });
    let threads = from_args.or_else(|| std::env::var("RUST_TEST_THREADS").ok());
    threads.is_some_and(|n| n.trim() == "1") || std::env::var_os("NEXTEST").is_some()
}

/// A bound on a step's heap peak, from a check made of it: a change claim implies one, which
/// an explicit peak claim of the same step replaces.
#[derive(Debug, Clone)]
struct ImpliedPeak {
    numpy: String,
    allowed: f64,
    meaning: Option<String>,
    explicit: bool,
}

/// What an [`Expectation`] claims of its step.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Claim {
    /// The step's change, rounded to 0.1 unit, is the expected one.
    Change,
    /// The heap never rose more than the expected units above where the step began.
    PeakAtMost,
}

/// A claim about one step's memory, with what to tell the learner when it does not hold.
#[must_use = "an expectation checks nothing until `.check()` is called"]
pub struct Expectation<'s> {
    story: &'s MemoryStory,
    numpy: String,
    expected: f64,
    claim: Claim,
    if_more: Option<String>,
    if_less: Option<String>,
}

impl Expectation<'_> {
    /// What it means when the step took more memory than claimed (e.g. "your slice copied the
    /// data; a view shares its parent's buffer").
    pub fn if_more(mut self, meaning: impl Into<String>) -> Self {
        self.if_more = Some(meaning.into());
        self
    }

    /// What it means when the step took less memory than claimed, or gave memory back.
    pub fn if_less(mut self, meaning: impl Into<String>) -> Self {
        self.if_less = Some(meaning.into());
        self
    }

    /// Panics with a teaching message unless the claim holds. The message says what the step
    /// did in both measures, what was expected, what that means, where to read, and shows the
    /// whole story measured so far.
    ///
    /// The judge is the heap: the exact bytes the code holds, the same under any allocator. RSS
    /// is the outcome the chapters teach and is shown beside it, but it is also the allocator's
    /// and the OS's doing: when the heap is as claimed and RSS is not, the code is right and the
    /// check passes, with a note on stderr saying so.
    #[track_caller]
    pub fn check(self) {
        match self.claim {
            Claim::Change => self.check_change(),
            Claim::PeakAtMost => self.check_peak(),
        }
    }

    #[track_caller]
    fn check_change(&self) {
        let story = self.story;
        let step = story.find(&self.numpy);
        let expected = round_tenth(self.expected);
        let heap = story.in_units(step.heap_change_bytes());
        let rss = story.in_units(step.change_bytes());
        story.peaks.borrow_mut().push(ImpliedPeak {
            numpy: self.numpy.clone(),
            allowed: expected.max(0.0),
            meaning: self.if_more.clone(),
            explicit: false,
        });
        if heap == expected {
            if rss != expected {
                eprintln!(
                    "note: `{}`: the heap changed by {} as the chapter expects, but RSS by {}: \
                     the allocator or the OS kept or took pages, not your code",
                    step.numpy,
                    signed_units(heap),
                    signed_units(rss)
                );
            }
            return;
        }
        let meaning = if heap > expected {
            self.if_more.as_deref()
        } else {
            self.if_less.as_deref()
        }
        .unwrap_or("the memory outcome differs from the chapter's claim");
        let unseen = if heap > expected && rss < heap {
            " (RSS did not see all of it: memory reserved but never written costs no RSS until \
             it is written, yet the code holds it all the same)"
        } else {
            ""
        };
        let what = format!(
            "`{}` {}, where the chapter expects {}: {meaning}{unseen}",
            step.numpy,
            describe_change(story, step),
            signed_units(expected),
        );
        self.fail(what)
    }

    #[track_caller]
    fn check_peak(&self) {
        let story = self.story;
        let step = story.find(&self.numpy);
        let peak = story.in_units(step.heap_peak_bytes());
        let allowed = round_tenth(self.expected);
        story.peaks.borrow_mut().push(ImpliedPeak {
            numpy: self.numpy.clone(),
            allowed,
            meaning: None,
            explicit: true,
        });
        if peak <= allowed {
            return;
        }
        let meaning = self
            .if_more
            .as_deref()
            .unwrap_or("the step passed through a temporary bigger than the chapter allows");
        let what = format!(
            "`{}` took the heap up to {} {} (exactly {}) on the way, and ended at {}; the chapter \
             allows a peak of at most {}: {meaning}. A temporary freed before the step ends \
             shows in no RSS figure, but for a moment the process needed it all",
            step.numpy,
            signed_units(peak),
            story.unit.name,
            exact(step.heap_peak_bytes()),
            signed_units(story.in_units(step.heap_change_bytes())),
            signed_units(allowed),
        );
        self.fail(what)
    }

    #[track_caller]
    fn fail(&self, what: String) -> ! {
        self.story.fail(what)
    }
}

/// A step's change in both measures: "grew the heap by 0.5x arr (exactly 2.0 MiB) and RSS by
/// 0.5x (2.0 MiB)".
fn describe_change(story: &MemoryStory, step: &Step) -> String {
    let name = &story.unit.name;
    let heap = story.in_units(step.heap_change_bytes());
    let rss = story.in_units(step.change_bytes());
    let heap_part = match heap {
        0.0 => format!(
            "left the heap unchanged (+0.0x {name}, exactly {})",
            exact(step.heap_change_bytes())
        ),
        h if h > 0.0 => format!(
            "grew the heap by {h:.1}x {name} (exactly {})",
            exact(step.heap_change_bytes())
        ),
        h => format!(
            "shrank the heap by {:.1}x {name} (exactly {})",
            -h,
            exact(step.heap_change_bytes())
        ),
    };
    let rss_part = match rss {
        0.0 => format!("left RSS unchanged ({})", mib(step.change_bytes())),
        // Same direction as the heap: "grew the heap by 0.5x arr (...) and RSS by 0.5x".
        r if r > 0.0 && heap > 0.0 => format!("RSS by {r:.1}x ({})", mib(step.change_bytes())),
        r if r < 0.0 && heap < 0.0 => format!("RSS by {:.1}x ({})", -r, mib(step.change_bytes())),
        r if r > 0.0 => format!("grew RSS by {r:.1}x ({})", mib(step.change_bytes())),
        r => format!("shrank RSS by {:.1}x ({})", -r, mib(step.change_bytes())),
    };
    format!("{heap_part} and {rss_part}")
}

/// An exact byte count, in MiB (KiB below one MiB) and in bytes: "2.0 MiB, 2,097,168 bytes",
/// "46.9 KiB, 48,000 bytes".
fn exact(bytes: i64) -> String {
    let sign = if bytes < 0 { "-" } else { "" };
    let size = if bytes.unsigned_abs() < 1 << 20 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        mib(bytes)
    };
    format!(
        "{size}, {sign}{} bytes",
        thousands(bytes.unsigned_abs() as usize)
    )
}

fn round_tenth(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    // -0.0 would print as "-0.0x"; a change that rounds to nothing has no sign.
    if r == 0.0 { 0.0 } else { r }
}

fn signed_units(units: f64) -> String {
    format!("{:+.1}x", round_tenth(units))
}

fn mib(bytes: i64) -> String {
    format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The suites' big-array size.
    const N: usize = super::super::STORY_ELEMENTS;

    #[test]
    fn a_unit_of_words_counts_eight_bytes_each() {
        let unit = Unit::of_words("arr", 8_388_608, "i64");
        assert_eq!(
            (unit.what.as_str(), unit.bytes),
            ("8,388,608 i64", 64 << 20)
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000), "1,000");
    }

    #[test]
    fn a_story_on_disk_reads_back_with_its_raw_figures() {
        let mut story = MemoryStory::begin(
            "ch02_views",
            "A \"quoted\" title, with punctuation!",
            Unit::of_words("v", N, "i64"),
        );
        let v = story.step("v = np.ones(N)", "let v = vec![1i64; N]", || vec![1i64; N]);
        story.step("del v", "drop(v)", || drop(v));
        assert_eq!(story.id(), "ch02_views--a-quoted-title-with-punctuation");
        let record: StoryRecord = toml::from_str(&story.to_toml()).unwrap();
        assert_eq!(record.title, "A \"quoted\" title, with punctuation!");
        assert_eq!(record.step.len(), 2);
        assert_eq!(record.step[1].rss_before, story.steps()[1].rss_before);
    }

    #[test]
    fn reserved_but_unwritten_memory_fails_on_the_heap_though_rss_misses_it() {
        let mut story =
            MemoryStory::begin("ch02_views", "Reserved", Unit::of_words("arr", N, "i64"));
        let reserved = story.step("small = arr[:10]", "…", || {
            let mut v: Vec<i64> = Vec::with_capacity(N);
            v.extend(0..10);
            v
        });
        let message = panic_message(|| story.expect("small = arr[:10]", 0.0).check());
        drop(reserved);
        assert!(
            message.contains("grew the heap by 1.0x arr (exactly 4.0 MiB, 4,194,304 bytes)")
                && message.contains("memory reserved but never written"),
            "{message}"
        );
    }

    #[test]
    fn a_temporary_shows_in_the_peak_and_nowhere_else() {
        let mut story =
            MemoryStory::begin("ch05_copy", "A temporary", Unit::of_words("arr", N, "i64"));
        let ten = story.step("small = arr[:10].copy()", "…", || {
            let whole: Vec<i64> = std::hint::black_box((0..N as i64).collect());
            whole[..10].to_vec()
        });
        story.expect("small = arr[:10].copy()", 0.0).check();
        let message = panic_message(|| {
            story
                .expect_peak_at_most("small = arr[:10].copy()", 0.0)
                .if_more("copy the ten elements, not the whole array")
                .check()
        });
        drop(ten);
        assert!(
            message.contains("took the heap up to +1.0x arr (exactly 4.0 MiB, 4,194,384 bytes)")
                && message.contains("copy the ten elements, not the whole array"),
            "{message}"
        );
    }

    #[test]
    fn a_change_claim_bounds_the_peak_unless_a_peak_claim_says_otherwise() {
        let mut story =
            MemoryStory::begin("ch02_views", "Implied", Unit::of_words("arr", N, "i64"));
        let temporary = || {
            let whole: Vec<i64> = std::hint::black_box((0..N as i64).collect());
            whole.len()
        };
        story.step("n = len(arr.tolist())", "…", temporary);
        story.step("m = len(arr.tolist())", "…", temporary);
        story.expect("n = len(arr.tolist())", 0.0).check();
        story.expect("m = len(arr.tolist())", 0.0).check();
        story
            .expect_peak_at_most("m = len(arr.tolist())", 1.0)
            .check();
        let message = panic_message(|| drop(story.finish()));
        assert!(
            message.starts_with("`n = len(arr.tolist())` ended at +0.0x on the heap")
                && message.contains("took it up to +1.0x arr (exactly 4.0 MiB, 4,194,304 bytes)"),
            "{message}"
        );
    }

    fn panic_message(f: impl FnOnce()) -> String {
        *std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
            .unwrap_err()
            .downcast::<String>()
            .unwrap()
    }

    #[test]
    fn rounding_has_no_negative_zero() {
        assert_eq!(signed_units(-0.04), "+0.0x");
        assert_eq!(signed_units(0.46), "+0.5x");
        assert_eq!(signed_units(-1.0), "-1.0x");
    }

    #[test]
    #[should_panic(expected = "at least 4 MiB")]
    fn a_small_unit_is_refused() {
        let _ = MemoryStory::begin("ch02_views", "too small", Unit::new("a", "1 KiB", 1024));
    }

    #[test]
    fn a_failed_expectation_says_what_happened_what_it_means_and_where_to_read() {
        let mut story = MemoryStory::begin(
            "ch02_views",
            "A copy where a view was expected",
            Unit::of_words("arr", N, "i64"),
        );
        let arr = story.step("arr = np.arange(N)", "let arr = …", || vec![7i64; N]);
        let copy = story.step("view = arr[:N//2]", "let view = …", || {
            arr[..N / 2].to_vec()
        });
        let message = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            story
                .expect("view = arr[:N//2]", 0.0)
                .if_more("your slice copied the data; a view shares its parent's buffer")
                .check()
        }))
        .unwrap_err()
        .downcast::<String>()
        .unwrap();
        drop((arr, copy));
        assert!(
            message.starts_with(
                "`view = arr[:N//2]` grew the heap by 0.5x arr (exactly 2.0 MiB, 2,097,152 \
                 bytes) and RSS by 0.5x (2.0 MiB), where the chapter expects +0.0x: \
                 your slice copied the data; a view shares its parent's buffer\n  \
                 read: \"Slicing an array does not copy\" (book/src/ch02_views.md)"
            ),
            "{message}"
        );
        assert!(
            message.contains("view = arr[:N//2]   let view = …  +0.5x  +0.5x  +0.5x"),
            "{message}"
        );
    }
}
