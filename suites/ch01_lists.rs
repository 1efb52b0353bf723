//! Chapter 1 suite: Python lists. A slice is a new list: it allocates its own block of
//! pointers, which can be changed without touching the original, while the objects the
//! pointers point at are shared (a shallow copy).
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).
// Python's `seq[4:2]` is an empty slice, not an error: the suites' reversed ranges are the point.
#![allow(clippy::reversed_empty_ranges)]

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch01_lists);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use std::ops::Range;
use std::rc::Rc;

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, chapter};
use workbook::ch01_lists::{List, Object};

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    chapter("ch01_lists")
}

/// The objects a list points at, as values (for comparing lists).
fn values(list: &List) -> Vec<Object> {
    (0..list.len()).map(|i| (*list.get(i)).clone()).collect()
}

fn ints(values: &[i64]) -> Vec<Object> {
    values.iter().map(|&v| Object::Int(v)).collect()
}

fn text(s: &str) -> Rc<Object> {
    Rc::new(Object::Str(s.to_owned()))
}

#[test]
fn repeat_makes_n_pointers_to_the_one_object() {
    let none = Rc::new(Object::None);
    let list = List::repeat(&none, 4);
    this_chapter().check_eq(&list.len(), &4, "`[None] * 4` should hold 4 items");
    for i in 0..4 {
        this_chapter().check(
            Rc::ptr_eq(&list.get(i), &none),
            format!(
                "`([None] * 4)[{i}]` is not the `None` you passed in: `[x] * n` repeats the \
                 pointer to x, it never copies the object"
            ),
        );
    }
    this_chapter().check_eq(
        &Rc::strong_count(&none),
        &5,
        "after `[None] * 4`, the `None` should have 5 references (yours and the list's 4): \
             the list holds pointers to it, not copies of it",
    );
}

#[rstest]
#[case::head(0..3, &[0, 1, 2])]
#[case::middle(2..5, &[2, 3, 4])]
#[case::whole(0..6, &[0, 1, 2, 3, 4, 5])]
#[case::stop_past_the_end_is_clamped(3..100, &[3, 4, 5])]
#[case::start_past_the_stop_is_empty(4..2, &[])]
#[case::start_past_the_end_is_empty(9..12, &[])]
fn a_slice_holds_the_selected_items(#[case] range: Range<usize>, #[case] expected: &[i64]) {
    let list = List::of(ints(&[0, 1, 2, 3, 4, 5]));
    let part = list.slice(range.clone());
    this_chapter().check_eq(
        &values(&part),
        &ints(expected),
        format!(
            "list[{}:{}] of [0, 1, 2, 3, 4, 5] holds the wrong items (Python clamps bounds past \
             the end, and a start past the stop gives an empty list)",
            range.start, range.end
        ),
    );
}

// ANCHOR: shared_objects
#[test]
fn a_slice_points_at_the_same_objects() {
    let list1 = List::of(ints(&[10, 20, 30]));
    let list2 = list1.slice(1..);
    for i in 0..2 {
        this_chapter().check(
            Rc::ptr_eq(&list1.get(i + 1), &list2.get(i)),
            format!(
                "list2 = list1[1:]: list2[{i}] is not the same object as list1[{}]. Your slice \
                 copied the objects; Python copies only the pointers, and the objects are \
                 shared (a shallow copy)",
                i + 1
            ),
        );
    }
}
// ANCHOR_END: shared_objects

// ANCHOR: independent
#[test]
fn assigning_into_a_slice_leaves_the_original_untouched() {
    let none = Rc::new(Object::None);
    let list1 = List::repeat(&none, 4);
    let mut list2 = list1.slice(..2);
    list2.set(0, text("abc"));
    this_chapter().check_eq(
        &*list2.get(0),
        &Object::Str("abc".into()),
        "after `list2[0] = \"abc\"`, list2[0] should be \"abc\"",
    );
    this_chapter().check_eq(
        &*list1.get(0),
        &Object::None,
        "list2 = list1[:2]; list2[0] = \"abc\" changed list1[0] too: your slice shares the \
             original list's block of pointers. A Python list slice is a new list with its own \
             pointers",
    );
}
// ANCHOR_END: independent

#[test]
fn assigning_into_the_original_leaves_the_slice_untouched() {
    let mut list1 = List::of(ints(&[1, 2, 3]));
    let list2 = list1.slice(..);
    list1.set(2, text("changed"));
    this_chapter().check_eq(
        &values(&list2),
        &ints(&[1, 2, 3]),
        "list2 = list1[:]; list1[2] = \"changed\" changed list2 too: a slice must have its \
             own block of pointers",
    );
}

#[test]
fn reading_past_the_end_is_an_index_error() {
    let list = List::of(ints(&[1, 2, 3]));
    this_chapter().check_panics(
        || drop(list.get(3)),
        "list index out of range",
        "list[3] of a 3-item list raises IndexError: `get` should panic with Python's message",
    );
}

#[test]
fn assigning_past_the_end_is_an_index_error() {
    let mut list = List::of(ints(&[1, 2, 3]));
    this_chapter().check_panics(
        || list.set(3, text("x")),
        "list assignment index out of range",
        "list[3] = \"x\" on a 3-item list raises IndexError: `set` should panic with Python's \
         message",
    );
}

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn slicing_a_list_allocates_a_new_block_of_pointers() {
    let mut story = MemoryStory::begin(
        "ch01_lists",
        "Slicing a list copies its pointers",
        Unit::of_words("list1", N, "pointers"),
    );
    let none = Rc::new(Object::None);
    let list1 = story.step(
        "list1 = [None] * N",
        "let list1 = List::repeat(&none, N)",
        || List::repeat(&none, N),
    );
    let list2 = story.step(
        "list2 = list1[:N//2]",
        "let list2 = list1.slice(..N / 2)",
        || list1.slice(..N / 2),
    );
    story.step("del list2", "drop(list2)", || drop(list2));
    story.step("del list1", "drop(list1)", || drop(list1));
    // ANCHOR_END: story

    story
        .expect("list1 = [None] * N", 1.0)
        .if_less("`[None] * N` should write N pointers of 8 bytes each: one per item")
        .if_more("`[None] * N` should hold N pointers to one `None`, not N objects")
        .check();
    story
        .expect("list2 = list1[:N//2]", 0.5)
        .if_less(
            "your slice shares the original list's block of pointers; a Python list slice \
             allocates a new block and copies the selected pointers into it",
        )
        .if_more(
            "your slice holds more than the selected pointers: it reserved room for the whole \
             list and filled only the part it holds (reserve what you hold: \
             `Vec::with_capacity(range.len())`, or `to_vec` of the sub-slice), or it copied the \
             objects themselves. Python copies only the pointers, 8 bytes per item",
        )
        .check();
    story
        .expect("del list2", -0.5)
        .if_less("dropping the slice gave back more than its own block of pointers")
        .if_more("dropping the slice should free its block of pointers")
        .check();
    story
        .expect("del list1", -1.0)
        .if_more("dropping the list should free its block of pointers")
        .check();
    // Only the heap sees this one: a slice that copies the whole block and then cuts it down
    // ends with the right half-block, and RSS with it.
    story
        .expect_peak_at_most("list2 = list1[:N//2]", 0.5)
        .if_more(
            "your slice passed through a copy of the whole list: it copied all N pointers, then \
             cut the copy down to the ones selected (`List::slice`, in \
             exercises/src/ch01_lists.rs). Copy only the selected pointers: \
             `self.items[range].to_vec()`",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Random chains of lists (`List::of`, `List::repeat`), slices of every range kind with bounds
/// past the end, slices of slices, and writes (one past the end too), each step compared with
/// the reference model in `suites/model/list.rs`: lengths, values, which objects each list
/// points at, Python's `IndexError`s, pointer counts and the room a slice reserves.
#[test]
fn random_list_chains_agree_with_python() {
    explore(
        this_chapter(),
        "ch01_lists: random chains",
        Budget::SUITE,
        &model::list::Chain::run,
    );
}
