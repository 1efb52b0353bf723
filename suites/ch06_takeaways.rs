//! Chapter 6 suite: putting it to work. One check per takeaway of the article: know whether an
//! operation returns a view or a copy; drop every view of an array you want freed; copy before
//! you mutate what may be a view; call `copy()` when you don't want a view.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch06_takeaways);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, builds_on, chapter};
use workbook::array::Array;
use workbook::ch02_views::shares_memory;
use workbook::ch06_takeaways::{Operation, Returns, keep_headers, load_recording, returns, scaled};

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    // A wrong method of chapters 2 to 5 is named first in every failure message.
    builds_on(|| model::array::earlier_chapters_warning("ch06_takeaways"));
    chapter("ch06_takeaways")
}

// ANCHOR: returns_cases
/// Takeaway 1: check whether an operation returns a view, a copy or its input. The answers
/// are NumPy 2.4's, checked with `base` and `np.shares_memory`.
#[rstest]
#[case::basic_slice(Operation::BasicSlice, Returns::View)]
#[case::stepped_slice(Operation::SteppedSlice, Returns::View)]
#[case::boolean_mask(Operation::BooleanMask, Returns::Copy)]
#[case::index_list(Operation::IndexList, Returns::Copy)]
#[case::copy(Operation::Copy, Returns::Copy)]
#[case::reshape_contiguous(Operation::ReshapeContiguous, Returns::View)]
#[case::transpose(Operation::Transpose, Returns::View)]
#[case::ravel_contiguous(Operation::RavelContiguous, Returns::View)]
#[case::flatten(Operation::Flatten, Returns::Copy)]
#[case::astype(Operation::Astype, Returns::Copy)]
#[case::asarray(Operation::Asarray, Returns::SameObject)]
// ANCHOR_END: returns_cases
fn takeaway_1_know_whether_an_operation_returns_a_view(
    #[case] op: Operation,
    #[case] answer: Returns,
) {
    this_chapter().check_eq(
        &returns(op),
        &answer,
        format!("{} returns {answer:?} in NumPy 2.4", op.numpy()),
    );
}

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

/// Takeaways 2 and 4: to free a big array, drop every view of it too; call `copy()` when you
/// don't want a view.
#[test]
fn takeaway_2_a_kept_header_must_not_keep_its_recording() {
    let mut story = MemoryStory::begin(
        "ch06_takeaways",
        "Keeping a ten-reading header of each of four recordings",
        Unit::of_words("a recording", N, "readings"),
    );
    let headers = story.step(
        "headers = keep_headers((load(i) for i in range(4)), 10)",
        "let headers = keep_headers((0..4).map(|id| load_recording(id, N)), 10)",
        || keep_headers((0..4).map(|id| load_recording(id, N)), 10),
    );
    // What the failure message blames, if keeping the headers costs memory.
    let headers_are_views = headers.iter().any(|header| header.base().is_some());
    story.step("del headers", "drop(headers)", || drop(headers));
    // ANCHOR_END: story
    let kept = if headers_are_views {
        "keeping four 10-reading headers kept the whole recordings alive, one per header: \
         each header is a view, and a view holds its base. Copy the header so the recording \
         can be freed"
    } else {
        "your headers are copies, yet the recordings stayed alive: something in \
         `keep_headers` (exercises/src/ch06_takeaways.rs) still holds or leaks them (a \
         `mem::forget`, a recording kept aside, a `Vec` of them). Let each recording drop once \
         its header is copied"
    };
    story
        .expect(
            "headers = keep_headers((load(i) for i in range(4)), 10)",
            0.0,
        )
        .if_more(kept)
        .check();
    // Only the heap sees this one: a program that loads every recording before taking the
    // headers frees them all before it returns, and ends with the same four small headers.
    story
        .expect_peak_at_most(
            "headers = keep_headers((load(i) for i in range(4)), 10)",
            1.0,
        )
        .if_more(
            "keep_headers needed more than one recording's memory at a time (`keep_headers`, \
             in exercises/src/ch06_takeaways.rs): a peak of +4.0x means it collected all four \
             recordings before taking their headers; +2.0x, that it copied a whole recording \
             (`to_vec()`, say) to take ten readings from it. Take each recording's header as it \
             comes (`map` over the iterator, no `collect` in between) and copy only the \
             header's readings, so that one recording at a time is in memory",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: headers_are_copies
#[test]
fn takeaway_4_a_kept_header_is_a_copy_of_the_first_readings() {
    let headers = keep_headers((0..3).map(|id| load_recording(10 + id, 100)), 4);
    let firsts: Vec<Vec<i64>> = headers.iter().map(Array::to_vec).collect();
    this_chapter().check_eq(
        &firsts,
        &vec![vec![10, 1, 2, 3], vec![11, 1, 2, 3], vec![12, 1, 2, 3]],
        "each header holds the first 4 readings of its recording",
    );
    this_chapter().check(
        headers
            .iter()
            .all(|h| h.base().is_none() && h.held_bytes() == 32),
        "each header's base is None and it holds only its own 4 readings (32 bytes): a \
         header you keep should be a copy, not a view of the recording",
    );
}
// ANCHOR_END: headers_are_copies

// ANCHOR: scaled
/// Takeaway 3: before mutating an array, make sure it is not a view that would change
/// another array.
#[test]
fn takeaway_3_copy_before_you_mutate_what_may_be_a_view() {
    let arr = Array::arange(6);
    let view = arr.slice(2..5);
    let tripled = scaled(&view, 3);
    this_chapter().check_eq(
        &tripled.to_vec(),
        &[6, 9, 12],
        "scaled(arr[2:5], 3) of arr = np.arange(6) is [6, 9, 12]: each element the view shows, \
         times 3",
    );
    this_chapter().check_eq(
        &arr.to_vec(),
        &[0, 1, 2, 3, 4, 5],
        "scaled(arr[2:5], 3) changed arr: the function wrote into a view of it. Copy first, \
         then mutate the copy",
    );
    this_chapter().check(
        !shares_memory(&tripled, &arr),
        "the result of scaled() shares memory with its input: it should be a new array",
    );
}
// ANCHOR_END: scaled

/// Takeaways 3 and 4 on random inputs, compared with the reference model in
/// `suites/model/takeaways.rs`: `keep_headers` on recordings of any length with any header
/// length (each header the right readings, a copy holding only them), and `scaled` of views
/// anywhere in an array (the right values, in a new array, every input unchanged).
#[test]
fn random_headers_and_scalings_agree_with_numpy() {
    explore(
        this_chapter(),
        "ch06_takeaways: random inputs",
        Budget::SUITE,
        &model::takeaways::check,
    );
}
