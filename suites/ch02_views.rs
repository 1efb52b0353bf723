//! Chapter 2 suite: slicing an array does not copy. A slice is a view: a new handle on the
//! same buffer, with its own offset and length, that costs no memory however large it is.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).
// Python's `seq[4:2]` is an empty slice, not an error: the suites' reversed ranges are the point.
#![allow(clippy::reversed_empty_ranges)]

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch02_views);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use std::ops::Range;

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, chapter};
use workbook::array::Array;
use workbook::ch02_views::shares_memory;

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    chapter("ch02_views")
}

#[rstest]
#[case(0)]
#[case(3)]
#[case(9)]
fn get_reads_an_element(#[case] i: usize) {
    let arr = Array::arange(10);
    this_chapter().check_eq(
        &arr.get(i),
        &(i as i64),
        format!("np.arange(10)[{i}] is {i}"),
    );
}

#[test]
fn get_past_the_end_is_an_index_error() {
    let arr = Array::arange(10);
    this_chapter().check_panics(
        || {
            let _ = arr.get(10);
        },
        "index 10 is out of bounds for axis 0 with size 10",
        "np.arange(10)[10] raises IndexError: `get` should panic with NumPy's message",
    );
}

#[test]
fn to_vec_copies_the_elements_in_order() {
    this_chapter().check_eq(
        &Array::from_slice(&[5, 3, 8]).to_vec(),
        &[5, 3, 8],
        "np.array([5, 3, 8]).tolist() is [5, 3, 8]",
    );
}

#[rstest]
#[case::head(0..3, &[0, 1, 2])]
#[case::middle(2..5, &[2, 3, 4])]
#[case::whole(0..10, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
#[case::stop_past_the_end_is_clamped(7..100, &[7, 8, 9])]
#[case::start_past_the_stop_is_empty(5..2, &[])]
fn a_view_shows_the_selected_elements(#[case] range: Range<usize>, #[case] expected: &[i64]) {
    let arr = Array::arange(10);
    let view = arr.slice(range.clone());
    let (start, stop) = (range.start, range.end);
    this_chapter().check_eq(
        &view.len(),
        &expected.len(),
        format!(
            "arr[{start}:{stop}] of np.arange(10) has {} elements",
            expected.len()
        ),
    );
    this_chapter().check_eq(
        &view.to_vec(),
        &expected,
        format!(
            "arr[{start}:{stop}] of np.arange(10) shows the wrong elements: a view starts at \
             its offset in the shared buffer"
        ),
    );
    for (i, &want) in expected.iter().enumerate() {
        this_chapter().check_eq(
            &view.get(i),
            &want,
            format!("arr[{start}:{stop}][{i}] is {want}"),
        );
    }
}

#[test]
fn a_view_of_a_view_counts_from_its_parent() {
    let arr = Array::arange(10);
    let outer = arr.slice(2..8);
    let inner = outer.slice(1..3);
    this_chapter().check_eq(
        &inner.to_vec(),
        &[3, 4],
        "arr[2:8][1:3] should be [3, 4]: a view of a view starts at the parent view's \
             offset plus its own start, not at the start of the buffer",
    );
    this_chapter().check(
        shares_memory(&arr, &inner),
        "arr[2:8][1:3] should still share arr's buffer: a view of a view is a view",
    );
}

// ANCHOR: shares_memory_cases
#[rstest]
#[case::owner_and_view(None, Some(0..5), true, "a view shares its parent's buffer")]
#[case::overlapping_views(Some(0..6), Some(4..10), true, "both show elements 4 and 5")]
#[case::disjoint_views(Some(0..5), Some(5..10), false, "one buffer, but no element in common")]
#[case::empty_view(None, Some(3..3), false, "an empty view has no element to share")]
// ANCHOR_END: shares_memory_cases
fn views_share_memory_where_they_overlap(
    #[case] a: Option<Range<usize>>,
    #[case] b: Option<Range<usize>>,
    #[case] shares: bool,
    #[case] why: &str,
) {
    let arr = Array::arange(10);
    let pick = |r: &Option<Range<usize>>| match r {
        Some(r) => arr.slice(r.clone()),
        None => arr.slice(..),
    };
    let name = |r: &Option<Range<usize>>| match r {
        Some(r) => format!("arr[{}:{}]", r.start, r.end),
        None => "arr".to_owned(),
    };
    this_chapter().check_eq(
        &shares_memory(&pick(&a), &pick(&b)),
        &shares,
        format!(
            "np.shares_memory({}, {}) is {}: {why}. Views of one buffer share memory exactly \
             where their elements overlap",
            name(&a),
            name(&b),
            if shares { "True" } else { "False" },
        ),
    );
}

#[test]
fn separate_arrays_do_not_share_memory() {
    this_chapter().check(
        !shares_memory(&Array::arange(10), &Array::arange(10)),
        "two arrays made by np.arange(10) have their own buffers: they share no memory",
    );
}

// ANCHOR: small_handle
#[test]
fn a_view_is_a_small_handle() {
    // A view's whole cost is its header: a pointer to the buffer (and the buffer's length),
    // offset, length, step and whether it is a view: six words.
    this_chapter().check(
        std::mem::size_of::<Array>() <= 48,
        "an Array handle should be a few words, whatever the size of its buffer",
    );
    let arr = Array::arange(10);
    let view = arr.slice(1..4);
    this_chapter().check_eq(&view.len(), &3, "arr[1:4] has 3 elements");
}
// ANCHOR_END: small_handle

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn slicing_an_array_costs_no_memory() {
    let mut story = MemoryStory::begin(
        "ch02_views",
        "Slicing an array does not copy it",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let view = story.step("view = arr[:N//2]", "let view = arr.slice(..N / 2)", || {
        arr.slice(..N / 2)
    });
    let inner = story.step(
        "inner = view[N//4:]",
        "let inner = view.slice(N / 4..)",
        || view.slice(N / 4..),
    );
    let copied = story.step(
        "copied = view.tolist()",
        "let copied = view.to_vec()",
        || view.to_vec(),
    );
    story.step("del copied", "drop(copied)", || drop(copied));
    story.step("del inner, view", "drop((inner, view))", || {
        drop((inner, view))
    });
    story.step("del arr", "drop(arr)", || drop(arr));
    // ANCHOR_END: story

    story
        .expect("arr = np.arange(N)", 1.0)
        .if_less("np.arange(N) should write N elements of 8 bytes each")
        .check();
    story
        .expect("view = arr[:N//2]", 0.0)
        .if_more("your slice copied the data; a view shares its parent's buffer")
        .check();
    story
        .expect("inner = view[N//4:]", 0.0)
        .if_more("slicing a view copied the data; a view of a view still shares the buffer")
        .check();
    story
        .expect("copied = view.tolist()", 0.5)
        .if_less("to_vec should copy the view's N/2 elements into a new Vec")
        .check();
    story
        .expect("del inner, view", 0.0)
        .if_less(
            "dropping the views gave memory back: your views had buffers of their own; a view \
             shares its parent's buffer",
        )
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("dropping the last array of a buffer should free the buffer")
        .check();
    // Only the heap sees this one: a to_vec that reads the whole buffer out first frees that
    // copy before it returns, and ends with the right N/2 elements, in RSS too.
    story
        .expect_peak_at_most("copied = view.tolist()", 0.5)
        .if_more(
            "to_vec passed through a copy of the whole buffer: it read out all of arr's N \
             elements to pick the view's N/2 from them (`Array::to_vec`, in \
             exercises/src/ch02_views.rs). Read only the view's own elements from the buffer, \
             `self.data[self.position(i)].get()` for each i, straight into the Vec it returns",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: thousand_views
#[test]
fn a_thousand_views_cost_no_memory() {
    let mut story = MemoryStory::begin(
        "ch02_views",
        "A thousand views cost a header each, not a buffer (P = N // 1000)",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    // 1000 views that tile the array: together they show every element once, so a slice that
    // copies costs one whole array here (and no more, however wrong it is).
    const PIECE: usize = N / 1000;
    let views = story.step(
        "pieces = [arr[k*P:(k+1)*P] for k in range(1000)]",
        "let pieces = (0..1000).map(|k| arr.slice(k*P..(k+1)*P))",
        || {
            (0..1000)
                .map(|k| arr.slice(k * PIECE..(k + 1) * PIECE))
                .collect::<Vec<Array>>()
        },
    );
    story.step("del pieces, arr", "drop((pieces, arr))", || {
        drop((views, arr))
    });
    // ANCHOR_END: thousand_views
    story
        .expect("pieces = [arr[k*P:(k+1)*P] for k in range(1000)]", 0.0)
        .if_more(
            "your views copy their elements; a view's only cost is its small header (a \
             pointer, an offset, a length, a step), however much data it shows",
        )
        .check();
    story
        .expect("del pieces, arr", -1.0)
        .if_more("dropping the array and all its views should free the buffer")
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Random chains of this chapter's operations (and the earlier chapters'), on arrays made
/// anywhere in a buffer, each step compared with the reference model in `suites/model/`:
/// slices of slices of any range kind: values, get, to_vec, shares_memory.
#[test]
fn random_slices_of_slices_agree_with_numpy() {
    explore(
        this_chapter(),
        "ch02_views: random chains",
        Budget::SUITE,
        &|tape| model::array::Chain::run("ch02_views", tape),
    );
}

/// Replays the answers real NumPy gave to recorded random chains of this chapter's operations
/// (`suites/numpy/answers.txt`, written by `scripts/record-numpy`): slices of every range kind, views of views: values, get, to_vec and shares_memory.
#[test]
fn recorded_numpy_answers_replay() {
    model::numpy::replay(&this_chapter().slug);
}
