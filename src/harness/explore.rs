//! Random chains of operations, checked against the suites' reference model: the checks that
//! cover the *space* of mistakes rather than the ones someone thought of.
//!
//! A suite describes one property as a closure that reads its choices from a [`Tape`] (which
//! array to slice, which bounds, which step, which element to write...), runs the chain on the
//! learner's types and on the model in `suites/model/`, and returns a [`Finding`] at the first
//! disagreement. [`explore`] feeds it random tapes from proptest with a seed fixed by the
//! property's name, so every run of the suite tries the same cases, and on a failure shrinks
//! the tape to the shortest, simplest one that still fails, so the learner reads the smallest
//! NumPy expression that shows the mistake.
//!
//! Why a tape of bytes rather than a proptest strategy per operation: proptest's strategies are
//! generic, and every instantiation is compiled into the crate that names it. Here the only
//! strategy is a `Vec<u8>`, instantiated once in this crate, so a suite's compile time (the
//! learner's save-to-verdict loop) does not grow with the properties it checks. Shrinking
//! still works: proptest shortens the tape and lowers its bytes toward 0, and a tape reads 0
//! (the simplest choice) once it runs out.

use proptest::collection::vec;
use proptest::prelude::any;
use proptest::test_runner::{
    Config, RngAlgorithm, RngSeed, TestCaseError, TestError, TestRng, TestRunner,
};

use crate::harness::story::one_test_at_a_time;
use crate::heap;
use crate::manifest::{Chapter, quietly};

/// Where one property's choices come from: bytes drawn by proptest, read one at a time.
pub struct Tape<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Tape<'a> {
    /// A tape reading `bytes` in order, then zeros.
    pub fn new(bytes: &'a [u8]) -> Tape<'a> {
        Tape { bytes, at: 0 }
    }

    /// A choice among `0..n` (0 when the tape has run out): small values are the simple cases
    /// that shrinking aims for. `n` must be at least 1 and at most 256.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(
            (1..=256).contains(&n),
            "Tape::below({n}): between 1 and 256 choices"
        );
        let byte = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        usize::from(byte) % n
    }

    /// A number in `low..=high` (`low` when the tape has run out).
    pub fn between(&mut self, low: isize, high: isize) -> isize {
        let span = usize::try_from(high - low + 1).expect("Tape::between: low <= high");
        low + self.below(span) as isize
    }

    /// `true` about one time in `n` (never once the tape has run out).
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == n - 1
    }

    /// Whether the tape has been read to its end (every later choice is 0).
    pub fn is_exhausted(&self) -> bool {
        self.at >= self.bytes.len()
    }
}

/// The first disagreement a property found, in the words the learner will read.
pub struct Finding {
    /// What was expected and what the learner's code did, as the NumPy expressions that show
    /// it and the Rust calls that were made.
    pub text: String,
    /// The chapter whose method is at fault: the chapter being checked, or an earlier one that
    /// this chapter builds on (then the message says so first, and points at that page).
    pub chapter: &'static Chapter,
    /// The method at fault and its file (`Array::slice`, `exercises/src/ch02_views.rs`), when
    /// it is not the checked chapter's own.
    pub method: Option<(String, String)>,
}

/// How many random chains a property tries, and how long they may be.
#[derive(Clone, Copy, Debug)]
pub struct Budget {
    /// Random tapes tried when nothing fails.
    pub cases: u32,
    /// The longest tape, in bytes (a chain of a few operations reads a few bytes each).
    pub max_tape: usize,
}

impl Budget {
    /// The budget the suites use: 256 chains of up to 64 choices, well within a suite's
    /// quarter-second budget in a debug build (see BENCHMARKS.md).
    pub const SUITE: Budget = Budget {
        cases: 256,
        max_tape: 64,
    };
}

/// Checks one property on random tapes; panics with the chapter's teaching message, for the
/// shrunk failing chain, if `property` ever returns a [`Finding`].
///
/// `name` names the property in the message and fixes its seed, so the same cases are tried
/// on every machine and in every run. Panics of the learner's code inside `property` should be
/// caught by the property itself (with [`crate::manifest::attempt`]) to say which call
/// panicked; any other panic is reported as it is.
#[track_caller]
pub fn explore(
    chapter: &'static Chapter,
    name: &str,
    budget: Budget,
    property: &dyn Fn(&mut Tape) -> Result<(), Finding>,
) {
    if let Some(finding) = search(chapter, name, budget, property) {
        panic!("{}", message(chapter, name, &finding));
    }
}

/// The shrunk finding of one property, or `None` when every case holds: [`explore`] without
/// the panic, for a suite that asks whether an earlier chapter's methods hold.
pub fn search(
    chapter: &'static Chapter,
    name: &str,
    budget: Budget,
    property: &dyn Fn(&mut Tape) -> Result<(), Finding>,
) -> Option<Finding> {
    let _stop = super::watchdog::arm(
        super::watchdog::PROPERTY_LIMIT,
        format!(
            "the property `{name}` has used {} s of processor time on random chains of small arrays; a correct \
             implementation answers in well under a second: a method may loop forever, or do \
             far more work than one view should.\n  {}",
            super::watchdog::PROPERTY_LIMIT.as_secs(),
            chapter.reference()
        ),
    );
    let mut runner = TestRunner::new_with_rng(config(budget), rng_for(name));
    let strategy = vec(any::<u8>(), 0..=budget.max_tape);
    let outcome = quietly(|| {
        runner.run(&strategy, |bytes| match property(&mut Tape::new(&bytes)) {
            Ok(()) => Ok(()),
            Err(finding) => Err(TestCaseError::fail(finding.text)),
        })
    });
    // Every outcome is a value, never a panic here: `search` also runs while a failure
    // message of the suite is being written (`builds_on`), where a panic would nest.
    let odd = |why: String| Finding {
        text: format!("{name}: {why}"),
        chapter,
        method: None,
    };
    let minimal = match outcome {
        Ok(Ok(())) => return None,
        Ok(Err(TestError::Fail(_, minimal))) => minimal,
        Ok(Err(TestError::Abort(why))) => return Some(odd(why.to_string())),
        Err(panic_text) => return Some(odd(panic_text)),
    };
    let minimal = shorten(minimal, property);
    // Run the shrunk tape once more to get its finding as a value (proptest keeps only text).
    Some(match quietly(|| property(&mut Tape::new(&minimal))) {
        Ok(Err(finding)) => finding,
        Ok(Ok(())) => odd(
            "a chain failed once and passed when run again: the code under test gives \
             different answers to the same calls"
                .to_owned(),
        ),
        Err(panic_text) => odd(panic_text),
    })
}

/// The warning a later chapter's messages start with when `finding` blames a method of an
/// earlier chapter than `chapter` (see [`crate::manifest::builds_on`]).
pub fn earlier_chapter_warning(chapter: &Chapter, finding: &Finding) -> Option<String> {
    let (method, file) = finding.method.as_ref()?;
    (finding.chapter.slug != chapter.slug).then(|| {
        let what = finding.text.lines().last().unwrap_or_default().trim();
        let state = if what.contains("not yet implemented") {
            "is not written yet"
        } else {
            "is wrong"
        };
        format!(
            "Before this chapter: `{method}` ({file}) {state}, and this chapter builds on it; \
             fix it there first (its own suite, `{}`, may still pass: this chapter makes \
             arrays it cannot). A random chain found: {what}",
            finding.chapter.test_command()
        )
    })
}

/// Shortens a failing tape further by deleting whole runs of bytes, longest first, keeping
/// each deletion after which it still fails.
///
/// proptest removes one byte at a time, and removing one byte of an operation shifts every
/// later choice, so an operation that plays no part in the failure often survives its
/// shrinking. Removing all of an operation's bytes at once keeps the later ones aligned.
fn shorten(mut tape: Vec<u8>, property: &dyn Fn(&mut Tape) -> Result<(), Finding>) -> Vec<u8> {
    let fails = |bytes: &[u8]| matches!(quietly(|| property(&mut Tape::new(bytes))), Ok(Err(_)));
    for run in (1..=8).rev() {
        let mut at = 0;
        while at + run <= tape.len() {
            let mut shorter = tape.clone();
            shorter.drain(at..at + run);
            if fails(&shorter) {
                tape = shorter;
            } else {
                at += 1;
            }
        }
    }
    tape
}

/// Runs `run` and returns its value with the heap bytes it left allocated (what the value
/// holds, for a call that makes one), or `None` when they cannot be measured exactly: the heap
/// is not counted ([`heap::Heap`] is not the global allocator), or other tests may be
/// allocating on other threads at the same time.
///
/// For properties that check what a result reserves, which its value cannot show (the
/// capacity of a learner's private `Vec`).
pub fn heap_kept<T>(run: impl FnOnce() -> T) -> (T, Option<isize>) {
    if !(heap::counting() && one_test_at_a_time()) {
        return (run(), None);
    }
    let before = heap::live_bytes() as isize;
    let value = run();
    let after = heap::live_bytes() as isize;
    (value, Some(after - before))
}

/// Runs `run` and returns, beside its value, the highest the heap rose above where it was
/// when `run` started, in bytes, exactly; `None` when that cannot be known (as for
/// [`heap_kept`]).
///
/// For properties that bound what a call holds on the way to its result: a copy that first
/// copies its whole input and then picks from it frees the first copy before it returns, so
/// only the peak shows it.
pub fn heap_peak<T>(run: impl FnOnce() -> T) -> (T, Option<isize>) {
    if !(heap::counting() && one_test_at_a_time()) {
        return (run(), None);
    }
    let before = heap::reset_peak() as isize;
    let value = run();
    let peak = heap::peak_bytes() as isize;
    (value, Some(peak - before))
}

/// The teaching message for a finding: the blamed method first when it belongs to an earlier
/// chapter, then what happened, then where to read.
fn message(chapter: &Chapter, name: &str, finding: &Finding) -> String {
    let mut text = String::new();
    if finding.chapter.slug != chapter.slug
        && let Some((method, file)) = &finding.method
    {
        text.push_str(&format!(
            "`{method}` ({file}) is wrong, and this chapter builds on it: fix it there first. \
             That chapter's own suite may still pass (`{}`): this chapter makes arrays it \
             cannot, and the chain below is one of them.\n",
            finding.chapter.test_command()
        ));
    }
    text.push_str(&finding.text);
    text.push_str(&format!(
        "\n  (random chains, \"{name}\": the same cases every run, shrunk to the smallest that \
         fails)\n  {}",
        finding.chapter.reference()
    ));
    // Not `lesson`: this message names the earlier chapter at fault itself.
    text
}

/// A configuration fixed in code: proptest would otherwise read `PROPTEST_*` variables from
/// the learner's environment, and write failures to files beside the suite.
fn config(budget: Budget) -> Config {
    Config {
        cases: budget.cases,
        max_local_rejects: 0,
        max_global_rejects: 0,
        max_shrink_iters: 4096,
        max_shrink_time: 0,
        failure_persistence: None,
        source_file: None,
        test_name: None,
        verbose: 0,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(0),
        ..Config::default()
    }
}

/// The random source of one property: ChaCha seeded by an FNV-1a hash of its name.
fn rng_for(name: &str) -> TestRng {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in name.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut seed = [0u8; 32];
    for (i, chunk) in seed.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(&hash.rotate_left(i as u32 * 16).to_le_bytes());
    }
    TestRng::from_seed(RngAlgorithm::ChaCha, &seed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::chapter;

    #[test]
    fn a_tape_reads_its_bytes_then_zeros() {
        let mut tape = Tape::new(&[7, 255]);
        assert_eq!(tape.below(5), 2);
        assert_eq!(tape.between(-3, 3), -3 + (255 % 7) as isize);
        assert!(tape.is_exhausted());
        assert_eq!(tape.below(9), 0);
        assert!(!tape.one_in(2));
    }

    #[test]
    fn every_choice_of_a_tape_is_reachable() {
        assert_eq!(Tape::new(&[6]).between(0, 6), 6);
        assert_eq!(Tape::new(&[]).between(2, 2), 2);
        assert!(Tape::new(&[1]).one_in(2));
        assert!(Tape::new(&[3]).one_in(4));
        assert!(!Tape::new(&[7]).is_exhausted());
    }

    /// How many times `explore` calls a property that always holds, on `budget`.
    fn calls(budget: Budget) -> usize {
        let calls = std::cell::Cell::new(0);
        explore(chapter("ch02_views"), "counted", budget, &|_| {
            calls.set(calls.get() + 1);
            Ok(())
        });
        calls.get()
    }

    #[test]
    fn the_budget_sets_the_number_of_cases() {
        assert_eq!(
            calls(Budget {
                cases: 10,
                max_tape: 8
            }),
            10
        );
        assert_eq!(calls(Budget::SUITE), 256);
    }

    #[test]
    fn one_failing_case_is_shrunk_all_the_way() {
        // proptest's own default would stop after cases x 4 shrinking steps: 4 here.
        let budget = Budget {
            cases: 1,
            max_tape: 64,
        };
        let finding = search(chapter("ch02_views"), "one case", budget, &|tape| {
            Err(Finding {
                text: format!("chose {}", tape.below(200)),
                chapter: chapter("ch02_views"),
                method: None,
            })
        })
        .expect("it always fails");
        assert_eq!(finding.text, "chose 0");
    }

    #[test]
    fn each_chapters_chains_draw_their_own_cases() {
        let first_draws = |name: &str| {
            let cases = std::cell::RefCell::new(Vec::new());
            let budget = Budget {
                cases: 8,
                max_tape: 8,
            };
            explore(chapter("ch02_views"), name, budget, &|tape| {
                cases
                    .borrow_mut()
                    .push((0..8).map(|_| tape.below(256)).collect::<Vec<_>>());
                Ok(())
            });
            cases.into_inner()
        };
        let names = [
            "ch02_views: random chains",
            "ch03_base: random chains",
            "ch04_aliasing: random chains",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(first_draws(a), first_draws(b), "{a} and {b}");
            }
        }
    }

    #[test]
    fn a_true_property_passes() {
        explore(
            chapter("ch02_views"),
            "always true",
            Budget::SUITE,
            &|tape| {
                let _ = tape.below(10);
                Ok(())
            },
        );
    }

    #[test]
    fn a_failure_is_shrunk_to_the_simplest_tape_and_blames_the_earlier_chapter() {
        let outcome = std::panic::catch_unwind(|| {
            explore(
                chapter("ch04_aliasing"),
                "fails from 3",
                Budget::SUITE,
                &|tape| {
                    let first = tape.below(200);
                    if first >= 3 {
                        return Err(Finding {
                            text: format!("chose {first}"),
                            chapter: chapter("ch02_views"),
                            method: Some((
                                "Array::slice".into(),
                                "exercises/src/ch02_views.rs".into(),
                            )),
                        });
                    }
                    Ok(())
                },
            )
        });
        let text = crate::manifest::panic_text(outcome.unwrap_err().as_ref())
            .unwrap()
            .to_owned();
        assert!(
            text.starts_with("`Array::slice` (exercises/src/ch02_views.rs) is wrong"),
            "{text}"
        );
        assert!(
            text.contains("chose 3\n"),
            "shrunk to the smallest failing choice: {text}"
        );
        assert!(text.contains("book/src/ch02_views.md"), "{text}");
    }

    #[test]
    fn heap_kept_counts_what_the_value_holds() {
        let (kept, bytes) = heap_kept(|| Vec::<u64>::with_capacity(10));
        // The harness's tests count the heap and run one at a time (.cargo/config.toml), as
        // the suites do: the heap is measured, exactly.
        assert_eq!(bytes, Some(80));
        drop(kept);
        let ((), freed) = heap_kept(|| ());
        assert!(freed.is_none_or(|bytes| bytes == 0));
    }

    #[test]
    fn an_earlier_chapters_method_is_named_before_this_chapters_checks() {
        let finding = |text: &str, method: bool| Finding {
            text: format!("In NumPy:\n      a = np.arange(3)\n  {text}"),
            chapter: chapter("ch02_views"),
            method: method.then(|| {
                (
                    "Array::get".to_owned(),
                    "exercises/src/ch02_views.rs".to_owned(),
                )
            }),
        };
        let wrong = finding("a[1] is 1 in NumPy; yours gave 2", true);
        let warning = earlier_chapter_warning(chapter("ch04_aliasing"), &wrong).unwrap();
        assert!(
            warning.starts_with(
                "Before this chapter: `Array::get` (exercises/src/ch02_views.rs) is wrong"
            ),
            "{warning}"
        );
        assert!(
            warning.contains("cargo test -p exercises --test ch02_views"),
            "{warning}"
        );
        assert!(warning.ends_with("yours gave 2"), "{warning}");
        let unwritten = finding("`Array::get`: not yet implemented: ch02_views", true);
        let warning = earlier_chapter_warning(chapter("ch04_aliasing"), &unwritten).unwrap();
        assert!(warning.contains("`Array::get` (exercises/src/ch02_views.rs) is not written yet"));
        // Its own chapter's method, or no method named: nothing to warn about.
        assert_eq!(earlier_chapter_warning(chapter("ch02_views"), &wrong), None);
        assert_eq!(
            earlier_chapter_warning(chapter("ch04_aliasing"), &finding("x", false)),
            None
        );
    }

    #[test]
    fn heap_peak_sees_a_temporary_the_value_does_not_hold() {
        let (len, peak) = heap_peak(|| {
            let temporary = vec![0u64; 100];
            let kept = Vec::<u64>::with_capacity(10);
            drop(temporary);
            kept.capacity()
        });
        assert_eq!(len, 10);
        // Measured as in `heap_kept_counts_what_the_value_holds`: both buffers were live at
        // once, 800 + 80 bytes.
        assert_eq!(peak, Some(880));
        let ((), none) = heap_peak(|| ());
        assert!(none.is_none_or(|bytes| bytes == 0));
    }

    #[test]
    fn the_same_name_tries_the_same_cases() {
        let seen = |name: &str| {
            let cases = std::cell::RefCell::new(Vec::new());
            explore(chapter("ch02_views"), name, Budget::SUITE, &|tape| {
                cases.borrow_mut().push(tape.below(256));
                Ok(())
            });
            cases.into_inner()
        };
        assert_eq!(seen("a"), seen("a"));
        assert_ne!(seen("a"), seen("b"));
    }
}
