//! Chapter 8 suite: Rust's own views. A borrow is a view that points into its owner's buffer,
//! a copy owns a buffer of its own, an `Rc` view keeps the whole buffer alive (NumPy's
//! behaviour, chosen), a `Cow` copies only when it must write, and ndarray's `ArrayView`,
//! `to_owned` and `ArcArray` are the same three ideas. The compiler's side of the chapter (the
//! article's bugs as compile errors) is in `suites/compile_fail/`, checked by the root
//! package's `tests/compile_fail.rs`.
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch08_rust_views);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use std::borrow::Cow;
use std::rc::Rc;

use ndarray::{ArcArray1, Array1};
use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, chapter, panic_text};
use workbook::ch08_rust_views::{
    SharedView, clamp_negatives, double_first_half, head, head_copy, ndarray_head, owned_head,
    shared_head,
};

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    chapter("ch08_rust_views")
}

/// `np.arange(len)` as a `Vec`.
fn arange(len: usize) -> Vec<i64> {
    (0..len as i64).collect()
}

/// Runs `call`, and turns a panic into the lesson about clamping: NumPy's `arr[:n]` stops at
/// the end of the array, where Rust's `&data[..n]` panics. A stub's `todo!()` panics as it is.
#[track_caller]
fn clamped<T>(what: &str, call: impl FnOnce() -> T) -> T {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
        Ok(value) => value,
        Err(payload) => {
            let said = panic_text(payload.as_ref()).unwrap_or("");
            if said.contains("not yet implemented") {
                std::panic::resume_unwind(payload);
            }
            panic!(
                "{}",
                this_chapter().lesson(format!(
                    "{what} panicked ({said:?}): like NumPy's slices, it must stop at the end \
                     of the array when asked for more. Rust's own indexing panics past the \
                     end instead, so clamp first: `n.min(data.len())` (`a.len()` for an \
                     ndarray array), or `crate::range::clamp` for a range"
                ))
            )
        }
    }
}

// ANCHOR: borrow_cases
#[rstest]
#[case::first_four(4, &[0, 1, 2, 3])]
#[case::past_the_end_is_clamped(20, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
#[case::none(0, &[])]
fn head_borrows_the_vecs_own_elements(#[case] n: usize, #[case] expected: &[i64]) {
    let arr = arange(10);
    let view = clamped(&format!("head(&arr, {n})"), || head(&arr, n));
    this_chapter().check_eq(
        view,
        expected,
        format!("head(&arr, {n}) shows arr[:{n}] (NumPy clamps a slice past the end)"),
    );
    this_chapter().check(
        view.as_ptr() == arr.as_ptr(),
        format!(
            "head(&arr, {n}) points into arr's buffer: a `&[i64]` view is a pointer to the Vec's \
             own first element and a length, so its address is arr.as_ptr()"
        ),
    );
}

#[rstest]
#[case::first_four(4, &[0, 1, 2, 3])]
#[case::past_the_end_is_clamped(20, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
fn head_copy_owns_a_buffer_of_its_own(#[case] n: usize, #[case] expected: &[i64]) {
    let arr = arange(10);
    let copy = clamped(&format!("head_copy(&arr, {n})"), || head_copy(&arr, n));
    this_chapter().check_eq(
        &copy,
        &expected,
        format!("head_copy(&arr, {n}) holds arr[:{n}].copy()"),
    );
    this_chapter().check(
        copy.as_ptr() != arr.as_ptr(),
        format!("head_copy(&arr, {n}) is a copy: its elements live in a new buffer, not in arr's"),
    );
}

#[test]
fn double_first_half_writes_through_the_mutable_borrow() {
    // Chapter 4's session, `double_first_half(b[4:])`, with the write spelled out: `&mut`.
    let mut b = arange(8);
    double_first_half(&mut b[4..]);
    this_chapter().check_eq(
        &b,
        &[0, 1, 2, 3, 8, 10, 6, 7],
        "double_first_half(&mut b[4..]) doubles b[4] and b[5], in b itself: a `&mut [i64]` \
         borrow is a view you may write through",
    );
    let mut odd = vec![1, 2, 3];
    double_first_half(&mut odd);
    this_chapter().check_eq(
        &odd,
        &[2, 2, 3],
        "the first half of 3 elements is 3 / 2 = 1 element",
    );
}
// ANCHOR_END: borrow_cases

// ANCHOR: shared_view_cases
#[test]
fn an_rc_view_shares_and_holds_the_whole_buffer() {
    let arr = SharedView::new(arange(10).into());
    let small = arr.slice(2..5);
    this_chapter().check_eq(
        small.as_slice(),
        &[2, 3, 4][..],
        "arr.slice(2..5) shows arr[2:5]",
    );
    this_chapter().check(
        small.as_slice().as_ptr() == arr.as_slice()[2..].as_ptr(),
        "arr.slice(2..5) points at arr's own element 2: an Rc view shares the buffer \
         (`Rc::clone`), it does not copy the elements",
    );
    this_chapter().check_eq(
        &(small.held_bytes(), arr.held_bytes()),
        &(80, 80),
        "(small.held_bytes(), arr.held_bytes()): a view of 3 elements holds the whole buffer \
         of 10 elements, 80 bytes, as the owner does",
    );
}

#[rstest]
#[case::view_of_a_view("arr[2:8][1:3]", &[3, 4])]
#[case::past_the_end_is_clamped("arr[5:100]", &[5, 6, 7, 8, 9])]
#[case::everything("arr[:]", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
fn an_rc_view_counts_from_its_own_start(#[case] which: &str, #[case] expected: &[i64]) {
    let arr = SharedView::new(arange(10).into());
    let shown = clamped(which, || {
        let view = match which {
            "arr[2:8][1:3]" => arr.slice(2..8).slice(1..3),
            "arr[5:100]" => arr.slice(5..100),
            "arr[:]" => arr.slice(..),
            _ => unreachable!("no view {which}"),
        };
        view.as_slice().to_vec()
    });
    this_chapter().check_eq(
        &shown,
        &expected,
        format!(
            "{which} shows the right elements: a view's range counts from the view's own first \
             element (its start in the buffer), and is clamped like NumPy's"
        ),
    );
}
// ANCHOR_END: shared_view_cases

// ANCHOR: cow_cases
#[test]
fn clamp_negatives_borrows_when_nothing_changes() {
    let arr = arange(10);
    let out = clamp_negatives(&arr);
    this_chapter().check(
        matches!(out, Cow::Borrowed(_)) && out.as_ptr() == arr.as_ptr(),
        "clamp_negatives(&arr) of an array with no negative element is Cow::Borrowed(arr): \
         nothing to write, so nothing to copy",
    );
    this_chapter().check_eq(
        &*out,
        &arr[..],
        "clamp_negatives(&arr) of arr = [0, 1, ..., 9], with no negative element, holds the \
         same elements as arr",
    );
}

#[test]
fn clamp_negatives_copies_when_it_must_write() {
    let arr = vec![3, -1, 4, -1, 5];
    let out = clamp_negatives(&arr);
    this_chapter().check_eq(
        &*out,
        &[3, 0, 4, 0, 5][..],
        "clamp_negatives(&[3, -1, 4, -1, 5]) replaces each negative element with 0",
    );
    this_chapter().check(
        matches!(out, Cow::Owned(_)),
        "clamp_negatives of an array with a negative element is Cow::Owned: the input is \
         borrowed read-only, so a write needs a copy",
    );
    this_chapter().check_eq(
        &arr,
        &vec![3, -1, 4, -1, 5],
        "clamp_negatives leaves its input unchanged",
    );
}
// ANCHOR_END: cow_cases

// ANCHOR: ndarray_cases
#[rstest]
#[case::first_four(4, &[0, 1, 2, 3])]
#[case::past_the_end_is_clamped(20, &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9])]
fn an_array_view_borrows_and_to_owned_copies(#[case] n: usize, #[case] expected: &[i64]) {
    let arr = Array1::from_iter(0..10_i64);
    let view = clamped(&format!("ndarray_head(&arr, {n})"), || {
        ndarray_head(&arr, n)
    });
    this_chapter().check_eq(
        &view.to_vec(),
        &expected,
        format!("ndarray_head(&arr, {n}) shows arr[:{n}]"),
    );
    this_chapter().check(
        view.as_ptr() == arr.as_ptr(),
        format!("ndarray_head(&arr, {n}) is an ArrayView1 into arr's buffer, not a copy"),
    );
    let copy = clamped(&format!("owned_head(&arr, {n})"), || owned_head(&arr, n));
    this_chapter().check_eq(
        &copy.to_vec(),
        &expected,
        format!("owned_head(&arr, {n}) holds arr[:{n}].copy()"),
    );
    this_chapter().check(
        copy.as_ptr() != arr.as_ptr(),
        format!("owned_head(&arr, {n}) is a copy in a new buffer: `to_owned` of a view"),
    );
}

#[test]
fn an_arc_array_shares_until_one_of_them_writes() {
    let arr = ArcArray1::from_iter(0..10_i64);
    let mut small = shared_head(&arr, 3);
    this_chapter().check_eq(
        &small.to_vec(),
        &vec![0, 1, 2],
        "shared_head(&arr, 3) shows arr[:3]",
    );
    this_chapter().check(
        small.as_ptr() == arr.as_ptr() && !arr.is_unique(),
        "shared_head(&arr, 3) shares arr's buffer, as NumPy's arr[:3] does: an ArcArray's \
         `clone` adds an owner of the same buffer, copying no element",
    );
    small[0] = -1;
    this_chapter().check_eq(
        &(arr[0], small[0]),
        &(0, -1),
        "small[0] = -1 on a shared ArcArray: (arr[0], small[0]). ndarray copied small's \
         elements before writing, so the write stays in small (NumPy would change arr too)",
    );
}
// ANCHOR_END: ndarray_cases

// ANCHOR: borrow_story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`).
const N: usize = STORY_ELEMENTS;

#[test]
fn a_borrowed_view_costs_nothing_and_a_copy_lets_the_vec_go() {
    let mut story = MemoryStory::begin(
        "ch08_rust_views",
        "A borrowed view costs nothing; a small copy lets the Vec go",
        Unit::of_words("arr", N, "i64"),
    );
    // `collect` writes every element, so every page of the buffer is in RSS.
    let arr = story.step(
        "arr = np.arange(N)",
        "let arr: Vec<i64> = (0..N as i64).collect()",
        || arange(N),
    );
    let view = story.step("view = arr[:N//2]", "let view = head(&arr, N / 2)", || {
        head(&arr, N / 2)
    });
    let view_len = view.len(); // the view's last use: from here on, arr may be dropped
    let small = story.step(
        "small = arr[:10].copy()",
        "let small = head_copy(&arr, 10)",
        || head_copy(&arr, 10),
    );
    story.step("del arr", "drop(arr)", || drop(arr));
    story.step("del small", "drop(small)", || drop(small));
    // ANCHOR_END: borrow_story

    this_chapter().check_eq(
        &view_len,
        &(N / 2),
        "head(&arr, N / 2) shows N / 2 elements",
    );
    story
        .expect("view = arr[:N//2]", 0.0)
        .if_more("a borrow is a pointer and a length: making one copies no element")
        .check();
    story
        .expect("small = arr[:10].copy()", 0.0)
        .if_more(
            "head_copy kept a buffer the size of arr: it reserved room for the whole Vec \
             (`Vec::with_capacity(data.len())`), or copied the whole Vec and then cut it \
             (`truncate` keeps the capacity). Copy only the ten elements: `to_vec` of the view",
        )
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("the copy must not hold arr's buffer")
        .check();
    // Only the heap sees this one: a head_copy that copies the whole Vec, truncates it and
    // gives the spare capacity back ends with ten elements, and RSS with it.
    story
        .expect_peak_at_most("small = arr[:10].copy()", 0.0)
        .if_more(
            "head_copy passed through a copy of the whole Vec: it copied all N elements, then \
             cut the copy down to ten and gave the spare room back (`truncate` and \
             `shrink_to_fit`, say). Copy only the ten, `to_vec` of the view: \
             `head(data, n).to_vec()` in `head_copy` (exercises/src/ch08_rust_views.rs)",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: rc_story
#[test]
fn an_rc_view_keeps_the_whole_buffer_alive() {
    let mut story = MemoryStory::begin(
        "ch08_rust_views",
        "An Rc view keeps the whole buffer alive",
        Unit::of_words("arr", N, "i64"),
    );
    // Collecting a range into an `Rc<[i64]>` allocates the Rc's buffer once, and writes it.
    let arr = story.step(
        "arr = np.arange(N)",
        "let arr = SharedView::new((0..N as i64).collect())",
        || SharedView::new((0..N as i64).collect::<Rc<[i64]>>()),
    );
    let small = story.step("small = arr[:10]", "let small = arr.slice(..10)", || {
        arr.slice(..10)
    });
    story.step("del arr", "drop(arr)", || drop(arr));
    let held = small.held_bytes();
    story.step("del small", "drop(small)", || drop(small));
    // ANCHOR_END: rc_story

    story
        .expect("small = arr[:10]", 0.0)
        .if_more("a view copies nothing: it is one more `Rc` on the same buffer")
        .check();
    story
        .expect("del arr", 0.0)
        .if_less(
            "dropping arr freed the buffer, so small does not share it: your slice copied. An \
             Rc view shares the whole buffer (`Rc::clone`), so it keeps it alive, as NumPy does",
        )
        .check();
    this_chapter().check_eq(
        &held,
        &(N * 8),
        "small.held_bytes() of a 10-element view: it keeps the whole buffer alive",
    );
    story
        .expect("del small", -1.0)
        .if_more("the last view of the buffer should free it")
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: cow_story
#[test]
fn cow_copies_only_when_it_must_write() {
    let mut story = MemoryStory::begin(
        "ch08_rust_views",
        "Cow copies only when it must write",
        Unit::of_words("arr", N, "i64"),
    );
    let mut arr = story.step(
        "arr = np.arange(N)",
        "let mut arr: Vec<i64> = (0..N as i64).collect()",
        || arange(N),
    );
    let same = story.step(
        "same = np.maximum(arr, 0)",
        "let same = clamp_negatives(&arr)",
        || clamp_negatives(&arr),
    );
    let borrowed = matches!(same, Cow::Borrowed(_));
    story.step("del same", "drop(same)", || drop(same));
    story.step("arr[N//2] = -1", "arr[N / 2] = -1", || arr[N / 2] = -1);
    let fixed = story.step(
        "fixed = np.maximum(arr, 0)",
        "let fixed = clamp_negatives(&arr)",
        || clamp_negatives(&arr),
    );
    let owned = matches!(fixed, Cow::Owned(_));
    story.step("del fixed", "drop(fixed)", || drop(fixed));
    story.step("del arr", "drop(arr)", || drop(arr));
    // ANCHOR_END: cow_story

    story
        .expect("same = np.maximum(arr, 0)", 0.0)
        .if_more(
            "clamp_negatives copied arr although no element was negative: a Cow borrows \
             (`Cow::Borrowed`) until something must be written",
        )
        .check();
    story
        .expect("fixed = np.maximum(arr, 0)", 1.0)
        .if_less("with a negative element to replace, the result must be a copy of arr")
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("neither result may hold arr's buffer")
        .check();
    this_chapter().check(
        borrowed && owned,
        "clamp_negatives borrows arr when no element is negative, and copies when one is",
    );
    // Only the heap sees this one: a clamp_negatives that always builds the clamped copy,
    // and hands back `Cow::Borrowed` when the copy turns out equal, frees the copy before it
    // returns.
    story
        .expect_peak_at_most("same = np.maximum(arr, 0)", 0.0)
        .if_more(
            "clamp_negatives copied arr to find out that nothing needed changing: it built the \
             clamped copy first and threw it away (`clamp_negatives`, in \
             exercises/src/ch08_rust_views.rs). Start from `Cow::Borrowed(data)` and call \
             `to_mut()` only when you meet a negative element: the copy is made then, once",
        )
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: ndarray_story
#[test]
fn an_array_view_is_free_and_to_owned_costs_what_it_holds() {
    let mut story = MemoryStory::begin(
        "ch08_rust_views",
        "An ArrayView is free; to_owned costs what it copies",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step(
        "arr = np.arange(N)",
        "let arr = Array1::from_iter(0..N as i64)",
        || Array1::from_iter(0..N as i64),
    );
    let view = story.step(
        "view = arr[:N//2]",
        "let view = ndarray_head(&arr, N / 2)",
        || ndarray_head(&arr, N / 2),
    );
    let view_len = view.len(); // the view's last use: from here on, arr may be dropped
    let half = story.step(
        "half = arr[:N//2].copy()",
        "let half = owned_head(&arr, N / 2)",
        || owned_head(&arr, N / 2),
    );
    story.step("del arr", "drop(arr)", || drop(arr));
    story.step("del half", "drop(half)", || drop(half));
    // ANCHOR_END: ndarray_story

    this_chapter().check_eq(
        &view_len,
        &(N / 2),
        "ndarray_head(&arr, N / 2) shows N / 2 elements",
    );
    story
        .expect("view = arr[:N//2]", 0.0)
        .if_more("an ArrayView borrows arr's buffer: making one copies no element")
        .check();
    story
        .expect("half = arr[:N//2].copy()", 0.5)
        .if_more(
            "owned_head kept a buffer the size of arr: it copied the whole array and then \
             narrowed it. Copy only the view: `to_owned` of `ndarray_head(a, n)`",
        )
        .if_less("owned_head must copy the elements it returns: 8 bytes each")
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("the copy must not hold arr's buffer")
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: arc_story
#[test]
fn an_arc_array_shares_like_numpy_and_copies_before_a_write() {
    let mut story = MemoryStory::begin(
        "ch08_rust_views",
        "An ArcArray shares like NumPy, and copies before a write",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step(
        "arr = np.arange(N)",
        "let arr = ArcArray1::from_iter(0..N as i64)",
        || ArcArray1::from_iter(0..N as i64),
    );
    let mut small = story.step(
        "small = arr[:10]",
        "let mut small = shared_head(&arr, 10)",
        || shared_head(&arr, 10),
    );
    story.step("small[0] = -1", "small[0] = -1", || small[0] = -1);
    let mut most = story.step(
        "most = arr[:3*N//4]",
        "let mut most = shared_head(&arr, 3 * N / 4)",
        || shared_head(&arr, 3 * N / 4),
    );
    story.step("most[0] = -1", "most[0] = -1", || most[0] = -1);
    story.step("del arr", "drop(arr)", || drop(arr));
    story.step("del most", "drop(most)", || drop(most));
    story.step("del small", "drop(small)", || drop(small));
    // ANCHOR_END: arc_story

    story
        .expect("small = arr[:10]", 0.0)
        .if_more("shared_head must share arr's buffer (`clone`), not copy it")
        .check();
    story
        .expect("most = arr[:3*N//4]", 0.0)
        .if_more(
            "shared_head copied the elements: `to_shared()` of a view copies them. Share the \
             buffer instead: `clone` the ArcArray, then narrow the clone",
        )
        .check();
    story
        .expect("small[0] = -1", 0.0)
        .if_more(
            "a write to a shared ArcArray showing at most half of its buffer copies only the \
             elements it shows: ten elements here",
        )
        .check();
    story
        .expect("most[0] = -1", 1.0)
        .if_less(
            "a write to an ArcArray that shares its buffer must copy first (most shares arr's \
             buffer: shared_head must not copy)",
        )
        .check();
    story
        .expect("del arr", -1.0)
        .if_more("after the writes, nothing but arr holds its buffer")
        .check();
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// Random calls on a random `Vec` (negative elements too), each compared with the reference
/// model in `suites/model/rust.rs`: `head` and `head_copy` with any `n`, `double_first_half`
/// through `&mut` borrows of any part, `SharedView` slices of every range kind on views of
/// views, `clamp_negatives`, and the ndarray heads: values, view or copy (where each result
/// points), the room a copy reserves, and what an `Rc` view holds.
#[test]
fn random_rust_views_agree_with_numpy() {
    explore(
        this_chapter(),
        "ch08_rust_views: random chains",
        Budget::SUITE,
        &model::rust::Chain::run,
    );
}
