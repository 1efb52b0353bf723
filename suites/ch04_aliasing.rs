//! Chapter 4 suite: writing through aliases. A write through a view changes the owner and every
//! view of the same elements; a list slice does not; stepped slices are views; boolean masks
//! and index lists are copies.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch04_aliasing);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use std::rc::Rc;

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, builds_on, chapter};
use workbook::array::Array;
use workbook::ch01_lists::{List, Object};
use workbook::ch02_views::shares_memory;
use workbook::ch04_aliasing::double_first_half;

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    // A wrong method of an earlier chapter is named first in every failure message.
    builds_on(|| model::array::earlier_chapters_warning("ch04_aliasing"));
    chapter("ch04_aliasing")
}

#[test]
fn set_writes_an_element() {
    let arr = Array::from_slice(&[1, 2, 3]);
    arr.set(1, 20);
    this_chapter().check_eq(
        &arr.to_vec(),
        &[1, 20, 3],
        "arr = np.array([1, 2, 3]); arr[1] = 20 makes arr [1, 20, 3]: `set` writes the value \
         into the array's own buffer, at element 1",
    );
}

// ANCHOR: aliasing
#[test]
fn a_write_through_a_view_changes_the_owner() {
    let arr = Array::from_slice(&[1, 2, 3]);
    let view = arr.slice(..);
    view.set(0, 17);
    this_chapter().check_eq(
        &(view.to_vec(), arr.to_vec()),
        &(vec![17, 2, 3], vec![17, 2, 3]),
        "(view, arr) after arr = np.array([1, 2, 3]); view = arr[:]; view[0] = 17: both are \
         [17, 2, 3], because they are two names for one buffer",
    );
}
// ANCHOR_END: aliasing

#[test]
fn a_write_reaches_every_view_of_the_element() {
    let arr = Array::arange(10);
    let left = arr.slice(..6);
    let right = arr.slice(4..);
    left.set(5, -5);
    this_chapter().check_eq(
        &(arr.get(5), right.get(1)),
        &(-5, -5),
        "(arr[5], arr[4:][1]) after arr[:6][5] = -5: both are -5. arr[:6][5] is arr[5], which \
         arr[4:] shows as its element 1: all three see the write",
    );
}

// ANCHOR: list_contrast
#[test]
fn a_list_slice_copies_where_an_array_slice_aliases() {
    let mut l = List::of([Object::Int(1), Object::Int(2), Object::Int(3)]);
    let mut l2 = l.slice(..);
    l2.set(0, Rc::new(Object::Int(17)));
    l.set(2, Rc::new(Object::Int(30)));
    let arr = Array::from_slice(&[1, 2, 3]);
    let arr2 = arr.slice(..);
    arr2.set(0, 17);
    let ints =
        |list: &List| -> Vec<Object> { (0..list.len()).map(|i| (*list.get(i)).clone()).collect() };
    this_chapter().check_eq(
        &(ints(&l), ints(&l2)),
        &(
            vec![Object::Int(1), Object::Int(2), Object::Int(30)],
            vec![Object::Int(17), Object::Int(2), Object::Int(3)],
        ),
        "(l, l2) after l2 = l[:]; l2[0] = 17; l[2] = 30: each write stays in its own list, \
         because a list slice is a new list (chapter 1)",
    );
    this_chapter().check_eq(
        &arr.to_vec(),
        &[17, 2, 3],
        "arr2 = arr[:]; arr2[0] = 17 changes arr: an array slice is a view",
    );
    this_chapter().check(
        arr2.base()
            .is_some_and(|base| base.owns_data() && shares_memory(&base, &arr)),
        "arr2 = arr[:]; arr2.base is arr: even a slice of everything is a view of the owner",
    );
}
// ANCHOR_END: list_contrast

// ANCHOR: double
#[test]
fn a_function_handed_a_view_changes_the_callers_array() {
    let arr = Array::arange(8);
    double_first_half(&arr.slice(4..));
    this_chapter().check_eq(
        &arr.to_vec(),
        &[0, 1, 2, 3, 8, 10, 6, 7],
        "double_first_half(arr[4:]) doubles arr[4] and arr[5]: the function wrote into the \
         view, and the view is arr's memory",
    );
}

#[test]
fn a_function_handed_a_copy_leaves_the_callers_array_alone() {
    let arr = Array::arange(8);
    let copy = arr.mask(&[true; 8]);
    double_first_half(&copy);
    this_chapter().check_eq(
        &(arr.to_vec(), copy.to_vec()),
        &(vec![0, 1, 2, 3, 4, 5, 6, 7], vec![0, 2, 4, 6, 4, 5, 6, 7]),
        "(arr, copy) after copy = arr[mask]; double_first_half(copy): the copy's first half is \
         doubled and arr is left alone, because a mask result has its own memory",
    );
}
// ANCHOR_END: double

// ANCHOR: stepped_cases
#[rstest]
#[case::every_third(None, None, 3, &[0, 3, 6, 9])]
#[case::reversed(None, None, -1, &[9, 8, 7, 6, 5, 4, 3, 2, 1, 0])]
#[case::backwards_by_two(Some(8), Some(2), -2, &[8, 6, 4])]
#[case::negative_start(Some(-3), None, 1, &[7, 8, 9])]
#[case::stop_past_the_end(Some(5), Some(100), 2, &[5, 7, 9])]
#[case::empty(Some(5), Some(2), 1, &[])]
fn a_stepped_slice_shows_every_nth_element(
    #[case] start: Option<isize>,
    #[case] stop: Option<isize>,
    #[case] step: isize,
    #[case] expected: &[i64],
) {
    let arr = Array::arange(10);
    let view = arr.slice_step(start, stop, step);
    let show = |b: Option<isize>| b.map_or(String::new(), |b| b.to_string());
    this_chapter().check_eq(
        &view.to_vec(),
        &expected,
        format!(
            "np.arange(10)[{}:{}:{step}]: a stepped view starts at `start`, then moves `step` \
             positions in the buffer per element",
            show(start),
            show(stop)
        ),
    );
}
// ANCHOR_END: stepped_cases

// ANCHOR: stepped_is_a_view
#[test]
fn stepped_and_reversed_slices_are_views() {
    let arr = Array::arange(10);
    let evens = arr.slice_step(None, None, 2);
    let backwards = arr.slice_step(None, None, -1);
    this_chapter().check(
        evens.base().is_some() && backwards.base().is_some(),
        "arr[::2].base and arr[::-1].base are arr: stepped slices are views",
    );
    backwards.set(0, 99);
    evens.set(1, 22);
    this_chapter().check_eq(
        &(arr.get(9), arr.get(2)),
        &(99, 22),
        "(arr[9], arr[2]) after arr[::-1][0] = 99 and arr[::2][1] = 22: the first writes \
         arr[9] and the second arr[2], because a stepped view writes into its owner's buffer",
    );
}
// ANCHOR_END: stepped_is_a_view

// ANCHOR: steps_multiply
#[test]
fn a_stepped_view_of_a_stepped_view_multiplies_the_steps() {
    let arr = Array::arange(20);
    let inner = arr.slice_step(None, None, 2).slice_step(Some(1), None, 3);
    this_chapter().check_eq(
        &inner.to_vec(),
        &[2, 8, 14],
        "np.arange(20)[::2][1::3] is [2, 8, 14]: every 3rd element of every 2nd element is every \
         6th element, starting at the view's element 1",
    );
}
// ANCHOR_END: steps_multiply

#[test]
fn greater_compares_every_element() {
    this_chapter().check_eq(
        &Array::from_slice(&[4, 9, 5, 6]).greater(5),
        &[false, true, false, true],
        "np.array([4, 9, 5, 6]) > 5",
    );
}

// ANCHOR: mask_is_a_copy
#[test]
fn a_boolean_mask_returns_a_copy() {
    let arr = Array::from_slice(&[1, 2, 3]);
    let arr3 = arr.mask(&[true, false, true]);
    this_chapter().check_eq(
        &arr3.to_vec(),
        &[1, 3],
        "arr[[True, False, True]] is [1, 3]",
    );
    this_chapter().check(
        arr3.base().is_none() && !shares_memory(&arr, &arr3),
        "arr[[True, False, True]].base is None and shares no memory with arr: boolean \
         indexing copies",
    );
    arr3.set(0, 100);
    this_chapter().check_eq(
        &arr.to_vec(),
        &[1, 2, 3],
        "arr3 = arr[mask]; arr3[0] = 100 leaves arr alone: the mask result is a copy",
    );
}
// ANCHOR_END: mask_is_a_copy

#[test]
fn a_mask_from_a_comparison_keeps_the_matching_elements() {
    let arr = Array::arange(10);
    this_chapter().check_eq(
        &arr.mask(&arr.greater(5)).to_vec(),
        &[6, 7, 8, 9],
        "np.arange(10)[np.arange(10) > 5] is [6, 7, 8, 9]",
    );
}

// ANCHOR: index_list
#[test]
fn an_index_list_returns_a_copy() {
    let arr = Array::arange(10);
    let picked = arr.take(&[1, 3, 5, 3]);
    this_chapter().check_eq(
        &picked.to_vec(),
        &[1, 3, 5, 3],
        "arr[[1, 3, 5, 3]] is [1, 3, 5, 3]: the elements at the indices, in that order",
    );
    this_chapter().check(
        picked.base().is_none() && !shares_memory(&arr, &picked),
        "arr[[1, 3, 5, 3]].base is None: an index list (fancy indexing) copies",
    );
}
// ANCHOR_END: index_list

// ANCHOR: bad_input
#[test]
fn writing_past_the_end_is_an_index_error() {
    let arr = Array::arange(3);
    this_chapter().check_panics(
        || arr.set(3, 0),
        "index 3 is out of bounds for axis 0 with size 3",
        "arr[3] = 0 on a 3-element array raises IndexError: `set` checks its index",
    );
}

#[test]
fn a_mask_of_the_wrong_length_is_an_index_error() {
    let arr = Array::arange(3);
    this_chapter().check_panics(
        || drop(arr.mask(&[true, false])),
        "boolean index did not match indexed array along axis 0; size of axis is 3 but size of \
         corresponding boolean axis is 2",
        "arr[[True, False]] on a 3-element array raises NumPy's IndexError",
    );
}

#[test]
fn an_index_list_past_the_end_is_an_index_error() {
    let arr = Array::arange(6);
    this_chapter().check_panics(
        || drop(arr.take(&[1, 7])),
        "index 7 is out of bounds for axis 0 with size 6",
        "arr[[1, 7]] on a 6-element array raises IndexError: indices are not clamped",
    );
}

#[test]
fn a_step_of_zero_is_an_error() {
    let arr = Array::arange(6);
    this_chapter().check_panics(
        || drop(arr.slice_step(None, None, 0)),
        "slice step cannot be zero",
        "arr[::0] raises ValueError: a step must move",
    );
}
// ANCHOR_END: bad_input

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn a_mask_copies_where_a_stepped_slice_does_not() {
    // `keep = np.arange(N) % 2 == 0`, made before the story: the mask itself (N bytes) is not
    // what the story measures.
    let keep: Vec<bool> = (0..N).map(|i| i % 2 == 0).collect();
    let mut story = MemoryStory::begin(
        "ch04_aliasing",
        "The same elements, as a copy and as a view (keep = np.arange(N) % 2 == 0)",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let evens = story.step("evens = arr[keep]", "let evens = arr.mask(&keep)", || {
        arr.mask(&keep)
    });
    let stepped = story.step(
        "stepped = arr[::2]",
        "let stepped = arr.slice_step(None, None, 2)",
        || arr.slice_step(None, None, 2),
    );
    story.step("del evens", "drop(evens)", || drop(evens));
    story.step("del stepped, arr", "drop((stepped, arr))", || {
        drop((stepped, arr))
    });
    // ANCHOR_END: story
    drop(keep);

    story
        .expect("evens = arr[keep]", 0.5)
        .if_less(
            "a boolean mask returns a copy of the elements it keeps (here half of them); your \
             mask shares arr's memory instead",
        )
        .if_more("a mask keeping half the elements should copy just those, 8 bytes each")
        .check();
    story
        .expect("stepped = arr[::2]", 0.0)
        .if_more("your stepped slice copied the data; arr[::2] is a view, with step 2")
        .check();
    story
        .expect("del evens", -0.5)
        .if_more("dropping the mask result should free its own buffer")
        .check();
    story
        .expect("del stepped, arr", -1.0)
        .if_more("dropping the array and its last view should free the buffer")
        .check();
    // Only the heap sees this one: a mask that gathers the kept elements somewhere first and
    // then copies them into the result frees the first copy before it returns.
    story
        .expect_peak_at_most("evens = arr[keep]", 0.5)
        .if_more(
            "your mask copied the kept elements twice: it gathered them into a Vec, then copied \
             that Vec into the result's buffer, so for a moment it held them both \
             (`Array::mask`, in exercises/src/ch04_aliasing.rs). Count the kept elements, make \
             the result's buffer once, and write each kept element straight into it",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Random chains of this chapter's operations (and the earlier chapters'), on arrays made
/// anywhere in a buffer, each step compared with the reference model in `suites/model/`:
/// stepped slices, writes, masks, index lists and double_first_half, through views of views.
#[test]
fn random_writes_land_where_numpy_puts_them() {
    explore(
        this_chapter(),
        "ch04_aliasing: random chains",
        Budget::SUITE,
        &|tape| model::array::Chain::run("ch04_aliasing", tape),
    );
}

/// Replays the answers real NumPy gave to recorded random chains of this chapter's operations
/// (`suites/numpy/answers.txt`, written by `scripts/record-numpy`): stepped and reversed slices, writes, masks, index lists, double_first_half and
/// comparisons, with where each write lands and NumPy's error messages.
#[test]
fn recorded_numpy_answers_replay() {
    model::numpy::replay(&this_chapter().slug);
}
