//! Chapter 5 suite: explicit copies. `copy()` returns a new owner: no base, no shared memory,
//! writes don't travel, and the original can be freed.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch05_copy);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, builds_on, chapter};
use workbook::array::Array;
use workbook::ch02_views::shares_memory;

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    // A wrong method of an earlier chapter is named first in every failure message.
    builds_on(|| model::array::earlier_chapters_warning("ch05_copy"));
    chapter("ch05_copy")
}

// ANCHOR: copy_cases
/// The arrays a suite copies, by their NumPy spelling.
fn pick(arr: &Array, which: &str) -> Array {
    match which {
        "arr[2:6]" => arr.slice(2..6),
        "arr[::3]" => arr.slice_step(None, None, 3),
        "arr[::-2]" => arr.slice_step(None, None, -2),
        "arr[2:8][1:3]" => arr.slice(2..8).slice(1..3),
        _ => unreachable!("no array {which}"),
    }
}

#[rstest]
#[case::basic_slice("arr[2:6]", &[2, 3, 4, 5])]
#[case::stepped("arr[::3]", &[0, 3, 6, 9])]
#[case::reversed("arr[::-2]", &[9, 7, 5, 3, 1])]
#[case::view_of_a_view("arr[2:8][1:3]", &[3, 4])]
fn a_copy_has_the_views_elements_in_a_buffer_of_its_own(
    #[case] which: &str,
    #[case] expected: &[i64],
) {
    let arr = Array::arange(10);
    let copy = pick(&arr, which).copy();
    this_chapter().check_eq(
        &copy.to_vec(),
        &expected,
        format!("{which}.copy() holds the elements {which} shows, in its order"),
    );
    this_chapter().check(
        copy.base().is_none() && copy.owns_data(),
        format!("{which}.copy().base is None: a copy owns a new buffer"),
    );
    this_chapter().check(
        !shares_memory(&copy, &arr),
        format!(
            "np.shares_memory({which}.copy(), arr) is False: a copy does not reference the \
             original memory"
        ),
    );
    this_chapter().check_eq(
        &copy.held_bytes(),
        &(expected.len() * 8),
        format!(
            "{which}.copy() holds only its own {} elements",
            expected.len()
        ),
    );
}
// ANCHOR_END: copy_cases

// ANCHOR: no_aliasing
#[test]
fn writes_to_a_copy_do_not_travel() {
    let arr = Array::from_slice(&[1, 2, 3]);
    let copy = arr.slice(..).copy();
    copy.set(0, 17);
    arr.set(2, 30);
    this_chapter().check_eq(
        &(arr.to_vec(), copy.to_vec()),
        &(vec![1, 2, 30], vec![17, 2, 3]),
        "(arr, copy) after copy = arr[:].copy(); copy[0] = 17; arr[2] = 30: each write stays \
         in its own array",
    );
}
// ANCHOR_END: no_aliasing

#[test]
fn a_copy_of_an_owner_is_another_owner() {
    let arr = Array::arange(5);
    let copy = arr.copy();
    this_chapter().check(
        copy.owns_data() && !shares_memory(&copy, &arr) && copy.to_vec() == arr.to_vec(),
        "arr.copy() is a new owner with equal elements and memory of its own",
    );
}

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn copying_the_small_part_lets_the_big_array_go() {
    let mut story = MemoryStory::begin(
        "ch05_copy",
        "A copy of ten elements lets the whole array be freed",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let small = story.step(
        "small = arr[:10].copy()",
        "let small = arr.slice(..10).copy()",
        || arr.slice(..10).copy(),
    );
    story.step("del arr", "drop(arr)", || drop(arr));
    story.step("del small", "drop(small)", || drop(small));
    // ANCHOR_END: story

    story
        .expect("small = arr[:10].copy()", 0.0)
        .if_more("copying ten elements should cost ten elements, not the whole array")
        .check();
    story
        .expect("del arr", -1.0)
        .if_more(
            "dropping arr freed nothing: your copy still holds arr's buffer. A copy must own a \
             new buffer (`Array::new_owner`), not share the old one",
        )
        .check();
    // Only the heap sees this one: a copy that reads the whole buffer out first frees that
    // read-out before it returns, so RSS ends where it should.
    story
        .expect_peak_at_most("small = arr[:10].copy()", 0.0)
        .if_more(
            "copy() of ten elements passed through a copy of the whole buffer: it read out all \
             N of arr's elements to pick its ten from them (`Array::copy`, in \
             exercises/src/ch05_copy.rs). Copy only the elements the array shows, straight \
             into the new buffer: the scaffolding's `runs()` hands them out without a \
             temporary (array.rs)",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: half_story
#[test]
fn copying_half_an_array_costs_half_an_array() {
    let mut story = MemoryStory::begin(
        "ch05_copy",
        "A copy costs what it holds",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let half = story.step(
        "half = arr[:N//2].copy()",
        "let half = arr.slice(..N / 2).copy()",
        || arr.slice(..N / 2).copy(),
    );
    story.step("del arr", "drop(arr)", || drop(arr));
    story.step("del half", "drop(half)", || drop(half));
    // ANCHOR_END: half_story
    story
        .expect("half = arr[:N//2].copy()", 0.5)
        .if_less(
            "copy() did not allocate: it shares the original buffer. A copy writes every \
             element into a new buffer",
        )
        .if_more("copying half the elements should cost half the array, 8 bytes per element")
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("the copy must not keep the original alive")
        .check();
    story
        .expect_peak_at_most("half = arr[:N//2].copy()", 0.5)
        .if_more(
            "copy() held its elements twice on the way: it gathered them somewhere first (a \
             Vec, or a read-out of the whole buffer), then copied them into the new buffer \
             (`Array::copy`, in exercises/src/ch05_copy.rs). Write each element once, straight \
             into the new buffer: `Array::from_runs` does, from `runs()` (array.rs)",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Random chains of this chapter's operations (and the earlier chapters'), on arrays made
/// anywhere in a buffer, each step compared with the reference model in `suites/model/`:
/// copies of any view, written to and written through.
#[test]
fn random_copies_are_independent_as_in_numpy() {
    explore(
        this_chapter(),
        "ch05_copy: random chains",
        Budget::SUITE,
        &|tape| model::array::Chain::run("ch05_copy", tape),
    );
}

/// Replays the answers real NumPy gave to recorded random chains of this chapter's operations
/// (`suites/numpy/answers.txt`, written by `scripts/record-numpy`): slices, stepped slices, writes and copies: which arrays a write reaches, and which
/// own their data.
#[test]
fn recorded_numpy_answers_replay() {
    model::numpy::replay(&this_chapter().slug);
}
