//! Chapter 3 suite: a view keeps its base alive. However small, a view holds the owner's whole
//! buffer; `base` names the owner (never an intermediate view); only when the last view goes
//! is the memory freed.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch03_base);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use viewbook::harness::explore::{Budget, explore, heap_peak};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, builds_on, chapter};
use workbook::array::Array;
use workbook::ch02_views::shares_memory;

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    // A wrong method of an earlier chapter is named first in every failure message.
    builds_on(|| model::array::earlier_chapters_warning("ch03_base"));
    chapter("ch03_base")
}

#[test]
fn an_owner_has_no_base() {
    let arr = Array::arange(100);
    this_chapter().check(
        arr.base().is_none(),
        "np.arange(100).base is None: an array that made its own buffer has no base",
    );
    this_chapter().check(
        arr.owns_data(),
        "np.arange(100).flags.owndata is True: it made its buffer",
    );
}

// ANCHOR: base_of_a_view
#[test]
fn a_view_names_its_owner_as_base() {
    let arr = Array::arange(100);
    let small = arr.slice(..10);
    this_chapter().check(
        !small.owns_data(),
        "arr[:10] does not own its data: it is a view",
    );
    let Some(base) = small.base() else {
        panic!(
            "{}",
            this_chapter().lesson("arr[:10].base is arr, not None: a view has a base")
        );
    };
    check_base_is_the_owner(
        Some(&base),
        "small = arr[:10]; small.base is arr, the whole 100-element array, not the 10-element \
         view small",
        ("small", small.len()),
        None,
        100,
    );
    this_chapter().check(
        base.owns_data(),
        "arr[:10].base is arr, the owner: the base should own its data (an owner handle on \
         the same buffer, `Array::new_owner`), but yours says it is a view",
    );
    this_chapter().check(
        shares_memory(&base, &arr),
        "arr[:10].base is arr itself: it should share arr's buffer, not be a copy of it",
    );
}
// ANCHOR_END: base_of_a_view

// ANCHOR: view_of_a_view
#[test]
fn a_view_of_a_view_names_the_owner_not_the_view_in_between() {
    let arr = Array::arange(100);
    let middle = arr.slice(20..80);
    let inner = middle.slice(5..10);
    let base = inner.base();
    check_base_is_the_owner(
        base.as_ref(),
        "middle = arr[20:80]; inner = middle[5:10]; inner.base should be arr (100 elements), \
         never middle, the 60-element view in between: NumPy collapses a chain of views to the \
         owner",
        ("inner", inner.len()),
        Some(("middle", middle.len())),
        100,
    );
    this_chapter().check(
        base.is_some_and(|b| b.owns_data()),
        "arr[20:80][5:10].base is arr, the owner, so it owns its data; yours says it is a view",
    );
}
// ANCHOR_END: view_of_a_view

#[test]
fn asking_for_the_base_copies_nothing() {
    let arr = Array::arange(100);
    let small = arr.slice(..10);
    let base = small.base();
    this_chapter().check(
        base.is_some_and(|b| shares_memory(&b, &arr)),
        "arr[:10].base shares arr's memory: naming the owner does not copy it",
    );
}

// ANCHOR: whole_buffer
#[test]
fn a_small_view_holds_the_whole_buffer() {
    let arr = Array::arange(1000);
    let small = arr.slice(..10);
    this_chapter().check_eq(
        &small.nbytes(),
        &80,
        "arr[:10].nbytes is 80: ten elements of 8 bytes",
    );
    this_chapter().check_eq(
        &small.held_bytes(),
        &8000,
        "arr[:10] keeps all 1000 elements of arr's buffer alive (8000 bytes), not just the 80 \
         bytes it shows",
    );
    this_chapter().check_eq(
        &(arr.nbytes(), arr.held_bytes()),
        &(8000, 8000),
        "(arr.nbytes, arr.held_bytes()) of arr = np.arange(1000) is (8000, 8000): an owner \
         keeps alive exactly the 1000 elements it shows, 8 bytes each",
    );
}
// ANCHOR_END: whole_buffer

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn a_small_view_keeps_the_whole_array_alive() {
    let mut story = MemoryStory::begin(
        "ch03_base",
        "A ten-element view keeps the whole array alive",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let small = story.step("small = arr[:10]", "let small = arr.slice(..10)", || {
        arr.slice(..10)
    });
    story.step("del arr", "drop(arr)", || drop(arr));
    let base = story.step("base = small.base", "let base = small.base()", || {
        small.base()
    });
    story.step("del base", "drop(base)", || drop(base));
    story.step("del small", "drop(small)", || drop(small));
    // ANCHOR_END: story

    story
        .expect("small = arr[:10]", 0.0)
        .if_more("slicing copied data; a view shares its parent's buffer (chapter 2)")
        .check();
    story
        .expect("del arr", 0.0)
        .if_less(
            "dropping arr freed the buffer although `small` still views it: a view must hold \
             the buffer (an `Rc`), so that it stays alive as long as any view does",
        )
        .check();
    story
        .expect("base = small.base", 0.0)
        .if_more("small.base() copied the array; the base is one more handle on the same buffer")
        .check();
    story
        .expect("del small", -1.0)
        .if_more(
            "dropping the last view should free the whole buffer: is something else still \
             holding it?",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: base_after_del
#[test]
fn the_base_reaches_the_whole_array_after_the_owner_is_gone() {
    let _memory = viewbook::harness::exclusive();
    let arr = Array::arange(N);
    let small = arr.slice(..10);
    drop(arr);
    let base = small.base();
    // The length first: a `base()` that named the ten-element view would make `get(N - 1)`
    // index past its end, a panic that says nothing about the base.
    let base = check_base_is_the_owner(
        base.as_ref(),
        "after `del arr`, small.base is still the whole N-element array: the view kept it alive",
        ("small", small.len()),
        None,
        N,
    );
    this_chapter().check_eq(
        &base.get(N - 1),
        &((N - 1) as i64),
        format!(
            "after `del arr`, small.base[N - 1] is still {}, the last element arr wrote: the \
             view kept the whole buffer alive, down to its last element",
            N - 1
        ),
    );
}
// ANCHOR_END: base_after_del

/// The article's `small_slice.nbytes, small_slice.base.nbytes`: counting bytes reads two
/// lengths. Only the heap sees an `nbytes` that copies the elements to count them: the copy is
/// gone before the step ends, so RSS shows nothing, and the story is not one of the book's
/// charts (an RSS chart of it would be flat).
#[test]
fn counting_a_views_bytes_copies_nothing() {
    let mut story = MemoryStory::begin(
        "ch03_base",
        "Counting a view's bytes copies nothing",
        Unit::of_words("arr", N, "i64"),
    )
    .uncharted();
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let small = story.step("small = arr[:10]", "let small = arr.slice(..10)", || {
        arr.slice(..10)
    });
    story.step("del arr", "drop(arr)", || drop(arr));
    let sizes = story.step(
        "sizes = small.nbytes, small.base.nbytes",
        "let sizes = (small.nbytes(), small.base().map(|b| b.nbytes()))",
        || (small.nbytes(), small.base().map(|b| b.nbytes())),
    );
    // Which of the step's two calls made a temporary, if one did: `base()` alone, measured
    // between steps (the story has no step running, and this one frees what it makes).
    let base_peak = heap_peak(|| drop(small.base())).1.unwrap_or(0);
    story.step("del small", "drop(small)", || drop(small));

    let (small_bytes, base_bytes) = sizes;
    this_chapter().check_eq(
        &small_bytes,
        &80,
        "small.nbytes is 80: the ten elements small shows, 8 bytes each",
    );
    this_chapter().check(
        base_bytes == Some(N * 8),
        format!(
            "small.base.nbytes is N * 8 = {} bytes, the whole buffer that small's base owns; {}",
            N * 8,
            match base_bytes {
                None =>
                    "your `small.base()` returned None, as if `small` owned its buffer".to_owned(),
                Some(bytes) if bytes == small_bytes => format!(
                    "yours is {bytes} bytes, the same as small.nbytes: your `base()` returned \
                     an array the size of `small`, the view it was called on, not the array that \
                     owns the memory"
                ),
                Some(bytes) => format!(
                    "yours is {bytes} bytes: your `small.base()` is not the whole {N}-element \
                     owner (or its `nbytes` does not count 8 bytes per element)"
                ),
            }
        ),
    );
    story
        .expect_peak_at_most("sizes = small.nbytes, small.base.nbytes", 0.0)
        .if_more(if base_peak as usize >= N * 8 / 2 {
            "counting the bytes copied the elements: `small.base()` alone made a copy of the \
             whole array, if only for a moment (`Array::base`, in exercises/src/ch03_base.rs). \
             The base is one more handle on the same buffer: it copies no element"
        } else {
            "counting the bytes copied the elements: small.base.nbytes made a copy of the \
             whole array, if only for a moment (`Array::nbytes`, in exercises/src/ch03_base.rs). \
             An array's nbytes is its length times 8, `self.len * size_of::<i64>()`: counting \
             needs no copy"
        })
        .check();
    story
        .expect("del small", -1.0)
        .if_more("dropping the last view should free the whole buffer")
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Checks that `base`, what `view.base()` returned, is the owner of `owner_len` elements that
/// NumPy names, and returns it. `what` is the NumPy fact; the rest of the message says, in the
/// chapter's terms, what the learner's `base()` named instead: the view it was called on
/// (`view`: its name and length), the view in between (`between`), or some other array.
#[track_caller]
fn check_base_is_the_owner<'a>(
    base: Option<&'a Array>,
    what: &str,
    (view, view_len): (&str, usize),
    between: Option<(&str, usize)>,
    owner_len: usize,
) -> &'a Array {
    let named = match base.map(Array::len) {
        Some(len) if len == owner_len => return base.expect("a base"),
        None => format!(
            "your `{view}.base()` returned None, as if `{view}` owned its buffer; a view's base is \
             the array that owns the memory it shows"
        ),
        Some(len) if len == view_len => format!(
            "your `{view}.base()` is an array of {len} elements, the size of `{view}` itself, but \
             the array that owns the memory has {owner_len}: your `base()` returned the view it \
             was called on. The owner is one more handle on the whole buffer, not on the part \
             the view shows"
        ),
        Some(len) => match between {
            Some((middle, middle_len)) if len == middle_len => format!(
                "your `{view}.base()` is an array of {len} elements, the size of `{middle}`, \
                 the view `{view}` was sliced from, but the array that owns the memory has \
                 {owner_len}: your `base()` stopped one view up the chain instead of naming the \
                 owner of the buffer"
            ),
            _ => format!(
                "your `{view}.base()` is an array of {len} elements, but the array that owns \
                 the memory has {owner_len}: a view's base shows the whole buffer"
            ),
        },
    };
    panic!("{}", this_chapter().lesson(format!("{what}\n  {named}")));
}

/// Random chains of this chapter's operations (and the earlier chapters'), on arrays made
/// anywhere in a buffer, each step compared with the reference model in `suites/model/`:
/// base, owns_data, nbytes and the buffer each view keeps alive.
#[test]
fn random_views_name_their_base_as_numpy_does() {
    explore(
        this_chapter(),
        "ch03_base: random chains",
        Budget::SUITE,
        &|tape| model::array::Chain::run("ch03_base", tape),
    );
}

/// Replays the answers real NumPy gave to recorded random chains of this chapter's operations
/// (`suites/numpy/answers.txt`, written by `scripts/record-numpy`): slices of slices: base, owns_data, nbytes and the buffer each view keeps alive.
#[test]
fn recorded_numpy_answers_replay() {
    model::numpy::replay(&this_chapter().slug);
}
