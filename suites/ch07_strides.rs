//! Chapter 7 suite: shapes and strides. A reshape, a transpose, a row, a column and a broadcast
//! are views (new strides on the same buffer); `flatten` always copies; `ravel` copies unless
//! the matrix is C-contiguous; `reshape` copies when no single stride walks the elements in
//! row order. Every expected answer here is what NumPy 2.4 answers (see the book page).
//!
//! Runs against the learner's `exercises` and against `solutions` (see `chapters.toml`).

// The implementation under test: `exercises`, `solutions` or `mistakes`, whichever package
// this suite is compiled in (see that package's tests/workbook.rs).
include!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/workbook.rs"));
workbook!(ch07_strides);

// The reference model (suites/model/, a crate compiled once) reaches this implementation's
// types through this glue: `WORKBOOK`, installed by `this_chapter()`.
model::glue!();

use rstest::rstest;
use viewbook::harness::explore::{Budget, explore};
use viewbook::harness::{MemoryStory, STORY_ELEMENTS, Unit};
use viewbook::manifest::{Chapter, builds_on, chapter};
use workbook::array::Array;
use workbook::ch02_views::shares_memory;
use workbook::matrix::Matrix;

/// This suite's chapter: every failed check ends with where to read about it.
fn this_chapter() -> &'static Chapter {
    model::subject::install(&WORKBOOK);
    // A wrong method of chapters 2 to 5 is named first in every failure message.
    builds_on(|| model::array::earlier_chapters_warning("ch07_strides"));
    chapter("ch07_strides")
}

/// `np.arange(12).reshape(3, 4)` as NumPy prints its rows.
const M_ROWS: [[i64; 4]; 3] = [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]];

// ANCHOR: reshape_1d
#[test]
fn reshaping_an_array_makes_a_matrix_view() {
    let a = Array::arange(12);
    let m = a.reshape(3, 4);
    this_chapter().check_eq(
        &m.to_rows(),
        &M_ROWS.map(Vec::from).to_vec(),
        "np.arange(12).reshape(3, 4) reads the elements row by row",
    );
    this_chapter().check_eq(
        &m.strides(),
        &[4, 1],
        "m.strides is (32, 8) in NumPy's bytes, [4, 1] in elements: the next row is 4 \
         elements on, the next column 1",
    );
    this_chapter().check(
        shares_memory(&m.base(), &a) && m.base().len() == 12 && m.base().owns_data(),
        "m.base is a: a reshape of a 1-D array is a view, and its base is the owner",
    );
    m.set(1, 2, 99);
    this_chapter().check_eq(
        &a.get(6),
        &99,
        "m[1, 2] = 99 writes a[6]: row 1 starts 4 elements in, column 2 is 2 further",
    );
}
// ANCHOR_END: reshape_1d

#[test]
fn get_follows_the_strides() {
    let m = Array::arange(12).reshape(3, 4);
    this_chapter().check_eq(
        &(m.get(0, 0), m.get(1, 0), m.get(2, 3)),
        &(0, 4, 11),
        "m[0, 0], m[1, 0], m[2, 3] of np.arange(12).reshape(3, 4): element (row, col) is at \
         offset + row * strides[0] + col * strides[1]",
    );
}

#[test]
fn a_stepped_array_reshapes_into_a_stepped_matrix() {
    let a = Array::arange(24);
    let m = a.slice_step(None, None, 2).reshape(3, 4);
    this_chapter().check_eq(
        &m.to_rows(),
        &vec![vec![0, 2, 4, 6], vec![8, 10, 12, 14], vec![16, 18, 20, 22]],
        "np.arange(24)[::2].reshape(3, 4) shows every other element, row by row",
    );
    this_chapter().check_eq(
        &m.strides(),
        &[8, 2],
        "np.arange(24)[::2].reshape(3, 4) has strides [8, 2] in elements (NumPy's strides are \
         (64, 16), in bytes): both strides are scaled by the view's step of 2",
    );
    this_chapter().check(
        shares_memory(&m.base(), &a),
        "np.arange(24)[::2].reshape(3, 4) is still a view of the arange",
    );
}

#[test]
fn a_reversed_array_reshapes_with_negative_strides() {
    let a = Array::arange(12);
    let m = a.slice_step(None, None, -1).reshape(3, 4);
    this_chapter().check_eq(
        &(m.to_rows(), m.strides()),
        &(
            vec![vec![11, 10, 9, 8], vec![7, 6, 5, 4], vec![3, 2, 1, 0]],
            [-4, -1],
        ),
        "(rows, strides) of np.arange(12)[::-1].reshape(3, 4): it walks the buffer backwards, \
         with strides [-4, -1] in elements (NumPy's strides are (-32, -8), in bytes)",
    );
}

#[test]
fn reshaping_to_another_size_is_an_error() {
    let a = Array::arange(12);
    this_chapter().check_panics(
        || drop(a.reshape(5, 3)),
        "cannot reshape array of size 12 into shape (5,3)",
        "np.arange(12).reshape(5, 3) raises ValueError: 15 places for 12 elements",
    );
}

#[test]
fn indices_out_of_range_are_an_error() {
    let m = Array::arange(12).reshape(3, 4);
    this_chapter().check_panics(
        || {
            m.get(3, 0);
        },
        "index 3 is out of bounds for axis 0 with size 3",
        "m[3, 0] raises IndexError: m has 3 rows",
    );
    this_chapter().check_panics(
        || {
            m.get(0, 4);
        },
        "index 4 is out of bounds for axis 1 with size 4",
        "m[0, 4] raises IndexError: m has 4 columns",
    );
}

// ANCHOR: transpose
#[test]
fn a_transpose_is_a_view_with_swapped_strides() {
    let a = Array::arange(12);
    let m = a.reshape(3, 4);
    let t = m.transpose();
    let layout = (t.shape(), t.strides());
    this_chapter().check_eq(
        &layout,
        &([4, 3], [1, 4]),
        format!(
            "(shape, strides) of m.T: shape (4, 3) and strides [1, 4] in elements (NumPy's \
             strides are (8, 32), in bytes), m's two strides swapped, on m's buffer: a \
             transpose reads the same elements in the other order and copies nothing. {}",
            if layout == ([4, 3], [1, 4]) {
                String::new()
            } else {
                transpose_at_fault(&t, &a)
            }
        ),
    );
    this_chapter().check_eq(
        &t.to_rows(),
        &vec![vec![0, 4, 8], vec![1, 5, 9], vec![2, 6, 10], vec![3, 7, 11]],
        "row i of m.T is column i of m",
    );
    this_chapter().check(
        shares_memory(&t.base(), &a) && t.base().len() == 12,
        "m.T.base is a: a transpose copies nothing",
    );
    t.set(0, 1, -4);
    this_chapter().check_eq(
        &(a.get(4), m.get(1, 0)),
        &(-4, -4),
        "(a[4], m[1, 0]) after m.T[0, 1] = -4: both are -4, because m.T[0, 1] is m[1, 0] is \
         a[4]: one buffer, three ways to see it",
    );
    this_chapter().check_eq(
        &t.transpose().to_rows(),
        &m.to_rows(),
        "m.T.T is m again (and its base is still a)",
    );
}
// ANCHOR_END: transpose

// ANCHOR: row_column
#[test]
fn rows_and_columns_are_views() {
    let a = Array::arange(12);
    let m = a.reshape(3, 4);
    let row = m.row(1);
    let column = m.column(2);
    this_chapter().check_eq(
        &(row.to_vec(), column.to_vec()),
        &(vec![4, 5, 6, 7], vec![2, 6, 10]),
        "m[1] is [4, 5, 6, 7] and m[:, 2] is [2, 6, 10]",
    );
    this_chapter().check(
        !row.owns_data()
            && !column.owns_data()
            && shares_memory(&row, &a)
            && shares_memory(&column, &a),
        "m[1].base is a and m[:, 2].base is a: rows and columns are views",
    );
    column.set(2, 100);
    this_chapter().check_eq(
        &(a.get(10), m.get(2, 2)),
        &(100, 100),
        "(a[10], m[2, 2]) after m[:, 2][2] = 100: both are 100, because the write lands in \
         a[10]: a column steps one row stride (4 elements) at a time",
    );
    this_chapter().check_eq(
        &m.transpose().row(2).to_vec(),
        &column.to_vec(),
        "m.T[2] is m[:, 2]",
    );
}
// ANCHOR_END: row_column

#[test]
fn rows_and_columns_out_of_range_are_an_error() {
    let m = Array::arange(12).reshape(3, 4);
    this_chapter().check_panics(
        || drop(m.row(3)),
        "index 3 is out of bounds for axis 0 with size 3",
        "m[3] raises IndexError: m has 3 rows",
    );
    this_chapter().check_panics(
        || drop(m.column(4)),
        "index 4 is out of bounds for axis 1 with size 4",
        "m[:, 4] raises IndexError: m has 4 columns",
    );
}

// ANCHOR: pick
/// The matrices the suite ravels and reshapes, by their NumPy spelling, with the array that
/// owns their buffer. `a` is `np.arange(12)` and `m` is `a.reshape(3, 4)`.
fn pick(which: &str) -> (Array, Matrix) {
    let a = Array::arange(if which.contains("arange(24)") { 24 } else { 12 });
    let m = match which {
        "m" => a.reshape(3, 4),
        "m.T" => a.reshape(3, 4).transpose(),
        "np.arange(24)[::2].reshape(3, 4)" => a.slice_step(None, None, 2).reshape(3, 4),
        "a[::-1].reshape(3, 4)" => a.slice_step(None, None, -1).reshape(3, 4),
        "np.broadcast_to(a[:4], (3, 4))" => a.slice(..4).broadcast_to(3, 4),
        "m.T.reshape(2, 6)" => a.reshape(3, 4).transpose().reshape(2, 6),
        _ => unreachable!("no matrix {which}"),
    };
    (a, m)
}
// ANCHOR_END: pick

// ANCHOR: ravel_cases
#[rstest]
#[case::contiguous("m", true)]
#[case::transposed("m.T", false)]
#[case::stepped("np.arange(24)[::2].reshape(3, 4)", false)]
#[case::reversed("a[::-1].reshape(3, 4)", false)]
#[case::broadcast("np.broadcast_to(a[:4], (3, 4))", false)]
#[case::reshaped_copy("m.T.reshape(2, 6)", true)]
fn ravel_is_a_view_only_of_a_c_contiguous_matrix(#[case] which: &str, #[case] view: bool) {
    let (a, m) = pick(which);
    check_picked(which, &a, &m, &format!("{which}.ravel()"));
    this_chapter().check_eq(
        &m.is_c_contiguous(),
        &view,
        format!(
            "{which}.flags.c_contiguous is {}: {}",
            if view { "True" } else { "False" },
            if view {
                "its elements, row by row, sit side by side in the buffer"
            } else {
                "row by row, its elements are not side by side, one element apart"
            }
        ),
    );
    let flat = m.ravel();
    this_chapter().check_eq(
        &flat.to_vec(),
        &m.iter().collect::<Vec<_>>(),
        format!("{which}.ravel() holds the elements row by row"),
    );
    // Chapter 3's two answers first: if they disagree, the fault is theirs, not ravel's.
    let (owns, has_base) = (flat.owns_data(), flat.base().is_some());
    chapter("ch03_base").check(
        owns != has_base,
        format!(
            "`Array::owns_data` or `Array::base` (exercises/src/ch03_base.rs) is wrong, and this \
             chapter builds on them: about {which}.ravel(), owns_data says {owns} and base says \
             {}; fix chapter 3 first (`cargo test -p exercises --test ch03_base`)",
            if has_base {
                "it is a view"
            } else {
                "it owns its buffer"
            }
        ),
    );
    let shares = shares_memory(&flat, &m.base());
    this_chapter().check(
        shares == view && flat.owns_data() != view,
        if view {
            format!(
                "{which}.ravel() is a view: the matrix is C-contiguous, so one step of 1 reads \
                 it row by row (yours copied)"
            )
        } else {
            format!(
                "{which}.ravel() is a copy (base None, no shared memory): the matrix is not \
                 C-contiguous, and NumPy's ravel then copies (yours returned a view)"
            )
        },
    );
}
// ANCHOR_END: ravel_cases

/// What a writeable `b.T` of a read-only broadcast `b` of `a` says: which part of
/// `Matrix::transpose` is wrong.
fn writeable_transpose(bt: &Matrix, a: &Array) -> String {
    let fault = if shares_memory(&bt.base(), a) {
        "Yours is writeable: `Matrix::transpose` (exercises/src/ch07_strides.rs) must keep the \
         matrix's `writeable`"
    } else {
        "Yours is writeable, and shares no memory with a: `Matrix::transpose` \
         (exercises/src/ch07_strides.rs) copied b into a new, writeable buffer instead of \
         swapping its strides"
    };
    format!(
        "b.T is read-only too: a transpose is a view of b, and a view of a read-only array is \
         read-only. {fault}"
    )
}

/// Before a case judges what `ravel` or `reshape` made of the matrix `which`, checks that the
/// matrix itself is what NumPy makes, a view of `a` with NumPy's strides: a wrong one is the
/// fault of the method that made it (named, with its file), not of the method the case judges
/// (`judged`, as NumPy spells the call).
fn check_picked(which: &str, a: &Array, m: &Matrix, judged: &str) {
    let (strides, maker) = match which {
        "m" => ([4, 1], "`Array::reshape`"),
        "m.T" => {
            check_picked("m", a, &a.reshape(3, 4), judged);
            ([1, 4], "`Matrix::transpose`")
        }
        "np.arange(24)[::2].reshape(3, 4)" => ([8, 2], "`Array::reshape`"),
        "a[::-1].reshape(3, 4)" => ([-4, -1], "`Array::reshape`"),
        "np.broadcast_to(a[:4], (3, 4))" => ([0, 1], "`Array::broadcast_to`"),
        // A copy, made by the matrix reshape that `reshape_cases` judges.
        _ => return,
    };
    let shares = shares_memory(&m.base(), a);
    let got = m.strides();
    this_chapter().check(
        shares && got == strides,
        format!(
            "{which} is a view of a, with strides {strides:?} in elements (NumPy's are 8 times \
             these, in bytes), but yours {}: {maker} (exercises/src/ch07_strides.rs) is at \
             fault here, not {judged}, which cannot be judged until {which} is right",
            if shares {
                format!("has strides {got:?}")
            } else {
                format!("shares no memory with a (strides {got:?}): it is a copy")
            }
        ),
    );
}

/// What the transpose check adds when `t = m.T` of `a`'s matrix is wrong: whether
/// `Matrix::transpose` copied (a buffer of its own, or the strides of a new 4 x 3 array).
fn transpose_at_fault(t: &Matrix, a: &Array) -> String {
    let copied = "`Matrix::transpose` (exercises/src/ch07_strides.rs) copied the elements \
                  instead of swapping the strides";
    if t.strides() == [3, 1] {
        format!("Yours has strides [3, 1], those of a new 4 x 3 array: {copied}")
    } else if !shares_memory(&t.base(), a) {
        format!("Yours shares no memory with a: {copied}")
    } else {
        "It is `Matrix::transpose`'s answer, in exercises/src/ch07_strides.rs".to_owned()
    }
}

// ANCHOR: reshape_cases
#[rstest]
#[case::rows_to_more_rows("m", [6, 2], true)]
#[case::rows_to_fewer_rows("m", [2, 6], true)]
#[case::transpose_same_shape("m.T", [4, 3], true)]
#[case::transpose_new_shape("m.T", [2, 6], false)]
#[case::transpose_back("m.T", [3, 4], false)]
#[case::stepped("np.arange(24)[::2].reshape(3, 4)", [2, 6], true)]
#[case::reversed("a[::-1].reshape(3, 4)", [6, 2], true)]
#[case::broadcast_new_shape("np.broadcast_to(a[:4], (3, 4))", [4, 3], false)]
#[case::broadcast_same_shape("np.broadcast_to(a[:4], (3, 4))", [3, 4], true)]
fn reshape_is_a_view_when_one_stride_walks_the_rows(
    #[case] which: &str,
    #[case] shape: [usize; 2],
    #[case] view: bool,
) {
    let (a, m) = pick(which);
    let [rows, cols] = shape;
    let numpy = format!("{which}.reshape({rows}, {cols})");
    check_picked(which, &a, &m, &numpy);
    let reshaped = m.reshape(rows, cols);
    this_chapter().check_eq(
        &(reshaped.shape(), reshaped.iter().collect::<Vec<_>>()),
        &(shape, m.iter().collect::<Vec<_>>()),
        format!(
            "(shape, elements row by row) of {numpy}: shape ({rows}, {cols}) and the same \
             elements, row by row"
        ),
    );
    let shares = shares_memory(&reshaped.base(), &m.base());
    this_chapter().check(
        shares == view,
        if view {
            format!(
                "{numpy} is a view (np.shares_memory is True): one stride walks {which}'s \
                 elements in row order, so new strides suffice (yours copied)"
            )
        } else {
            format!(
                "{numpy} is a copy (np.shares_memory is False): no single stride walks \
                 {which}'s elements in row order, so NumPy copies them (yours returned a view, \
                 which shows other elements or in another order)"
            )
        },
    );
}
// ANCHOR_END: reshape_cases

// ANCHOR: hidden_base
#[test]
fn a_reshape_that_copies_has_a_base_that_shares_nothing() {
    let a = Array::arange(12);
    let r = a.reshape(3, 4).transpose().reshape(2, 6);
    let base = r.base();
    this_chapter().check(
        base.owns_data() && base.len() == 12,
        "m.T.reshape(2, 6).base is not None: it is the hidden 12-element copy the reshape \
         made and then viewed",
    );
    this_chapter().check(
        !shares_memory(&base, &a),
        "m.T.reshape(2, 6).base is not a: `base is not None` does not mean 'shares memory with \
         the original'; np.shares_memory(r, a) is False",
    );
}
// ANCHOR_END: hidden_base

#[test]
fn flatten_always_copies() {
    let a = Array::arange(12);
    let m = a.reshape(3, 4);
    for (which, matrix) in [("m", &m), ("m.T", &m.transpose())] {
        let flat = matrix.flatten();
        this_chapter().check_eq(
            &flat.to_vec(),
            &matrix.iter().collect::<Vec<_>>(),
            format!("{which}.flatten() holds the elements row by row"),
        );
        this_chapter().check(
            flat.owns_data() && flat.base().is_none() && !shares_memory(&flat, &a),
            format!(
                "{which}.flatten().base is None: flatten always copies, even when a view \
                 would do (that is what ravel is for)"
            ),
        );
    }
}

// ANCHOR: broadcast
#[test]
fn a_broadcast_repeats_a_row_with_stride_0() {
    let a = Array::arange(4);
    let b = a.broadcast_to(3, 4);
    this_chapter().check_eq(
        &(b.to_rows(), b.strides()),
        &(vec![vec![0, 1, 2, 3]; 3], [0, 1]),
        "(rows, strides) of np.broadcast_to(np.arange(4), (3, 4)): the row three times, with \
         strides [0, 1] in elements (NumPy's strides are (0, 8), in bytes): the next row starts \
         where this one did",
    );
    this_chapter().check(
        shares_memory(&b.base(), &a) && b.base().len() == 4,
        "np.broadcast_to(a, (3, 4)).base is a: 12 elements shown, 4 stored",
    );
    a.set(1, 10);
    this_chapter().check_eq(
        &b.column(1).to_vec(),
        &vec![10, 10, 10],
        "after a[1] = 10, every row of the broadcast shows 10 in column 1: it is a view",
    );
}
// ANCHOR_END: broadcast

// ANCHOR: read_only
#[test]
fn writing_into_a_broadcast_is_an_error() {
    let a = Array::arange(4);
    let b = a.broadcast_to(3, 4);
    this_chapter().check(
        !b.is_writeable(),
        "np.broadcast_to(a, (3, 4)).flags.writeable is False: one element stands for a whole \
         column, so a write would change them all",
    );
    this_chapter().check_panics(
        || b.set(0, 0, 7),
        "assignment destination is read-only",
        "b[0, 0] = 7 raises ValueError: assignment destination is read-only",
    );
    let row = b.row(0);
    this_chapter().check(
        !row.is_writeable(),
        "b[0] is read-only too: a view of a read-only array is read-only (`Matrix::row`, in \
         exercises/src/ch07_strides.rs, must pass on the matrix's `writeable`)",
    );
    let bt = b.transpose();
    if bt.is_writeable() {
        panic!("{}", this_chapter().lesson(writeable_transpose(&bt, &a)));
    }
    this_chapter().check_panics(
        || row.set(0, 7),
        "assignment destination is read-only",
        "b[0][0] = 7 raises ValueError: b[0] is read-only, so `set` (chapter 4, in \
         exercises/src/ch04_aliasing.rs) must refuse it: check `self.writeable` first",
    );
    this_chapter().check_eq(
        &a.to_vec(),
        &vec![0, 1, 2, 3],
        "the refused writes left a unchanged",
    );
    this_chapter().check(
        b.flatten().is_writeable(),
        "b.flatten() is a copy: its own buffer, writeable again",
    );
}
// ANCHOR_END: read_only

#[test]
fn broadcasting_to_another_width_is_an_error() {
    let a = Array::arange(4);
    this_chapter().check_panics(
        || drop(a.broadcast_to(3, 5)),
        "could not be broadcast together",
        "np.broadcast_to(np.arange(4), (3, 5)) raises ValueError: a row of 4 cannot fill 5 \
         columns",
    );
}

#[test]
fn a_one_element_array_broadcasts_to_any_shape() {
    let a = Array::arange(5);
    let b = a.slice(2..3).broadcast_to(2, 3);
    this_chapter().check_eq(
        &(b.to_rows(), b.strides()),
        &(vec![vec![2, 2, 2]; 2], [0, 0]),
        "(rows, strides) of np.broadcast_to(a[2:3], (2, 3)): a[2] six times. NumPy broadcasts \
         shape (1,) to any shape with both strides 0 (0 elements, 0 bytes): one element stands \
         for every one",
    );
    this_chapter().check(
        !b.is_writeable() && shares_memory(&b.base(), &a),
        "np.broadcast_to(a[2:3], (2, 3)) is a read-only view of a",
    );
}

/// Slices of a read-only array: chapter 2's `slice` and chapter 4's `slice_step`, which this
/// chapter's broadcasts are the first to give a read-only array.
#[test]
fn a_slice_of_a_read_only_row_is_read_only() {
    let a = Array::arange(4);
    let row = read_only_row(&a);
    let tail = row.slice(1..);
    this_chapter().check(
        !tail.is_writeable(),
        "b = np.broadcast_to(a, (3, 4)); b[0][1:].flags.writeable is False: a slice of a \
         read-only array is read-only. `Array::slice` (exercises/src/ch02_views.rs) must give \
         its view the array's own `writeable`, not a fresh `true`",
    );
    let reversed = row.slice_step(None, None, -1);
    this_chapter().check(
        !reversed.is_writeable(),
        "b[0][::-1].flags.writeable is False: `Array::slice_step` \
         (exercises/src/ch04_aliasing.rs) must give its view the array's own `writeable`",
    );
    this_chapter().check_panics(
        || tail.set(0, 7),
        "assignment destination is read-only",
        "b[0][1:][0] = 7 raises ValueError: assignment destination is read-only",
    );
    this_chapter().check_eq(
        &a.to_vec(),
        &vec![0, 1, 2, 3],
        "the refused write left a unchanged: a write through a slice of a broadcast must not \
         reach the owner",
    );
}

/// Row 0 of `np.broadcast_to(a, (3, 4))`, checked read-only first: the checks that judge a
/// later chapter's method on it (a slice, a write) would otherwise blame that method for this
/// chapter's broadcast.
#[track_caller]
fn read_only_row(a: &Array) -> Array {
    let row = a.broadcast_to(3, 4).row(0);
    this_chapter().check(
        !row.is_writeable(),
        "b = np.broadcast_to(a, (3, 4)); b[0].flags.writeable is False: one element stands for \
         a whole column, so a broadcast is read-only. `Matrix::broadcast_to` \
         (exercises/src/ch07_strides.rs) must make its matrix read-only (`.read_only()`), and \
         `Matrix::row` must keep that (`self.writeable`)",
    );
    row
}

/// Chapter 4's `double_first_half` (`arr[:len(arr) // 2] *= 2`) into a read-only array.
#[test]
fn doubling_into_a_read_only_row_is_an_error() {
    let a = Array::arange(4);
    let b = a.broadcast_to(3, 4);
    read_only_row(&a);
    for (numpy, row) in [("b[0]", b.row(0)), ("b[0][:1]", b.row(0).slice(..1))] {
        this_chapter().check_panics(
            || workbook::ch04_aliasing::double_first_half(&row),
            "output array is read-only",
            format!(
                "{numpy}[:len({numpy}) // 2] *= 2 raises ValueError: output array is read-only. \
                 `double_first_half` (exercises/src/ch04_aliasing.rs) must check \
                 `is_writeable()` once, before writing anything, even when the half is empty"
            ),
        );
    }
    this_chapter().check_eq(
        &a.to_vec(),
        &vec![0, 1, 2, 3],
        "the refused doubling left a unchanged",
    );
}

#[test]
fn an_empty_row_or_column_of_a_reversed_matrix_is_empty() {
    // np.arange(2)[::-1][:0].reshape(0, 3): strides [-3, -1] in elements (NumPy's (-24, -8),
    // in bytes) from element 1, so element
    // (0, 2) would sit before the buffer's start; the matrix shows none of it.
    let m = Array::arange(2)
        .slice_step(None, None, -1)
        .slice(..0)
        .reshape(0, 3);
    this_chapter().check_eq(
        &m.column(2).to_vec(),
        &Vec::<i64>::new(),
        "np.arange(2)[::-1][:0].reshape(0, 3)[:, 2] is []: a column of a matrix with no rows \
         is empty, wherever its element 0 would have been (start it at the matrix's offset)",
    );
    this_chapter().check_eq(
        &m.transpose().row(2).to_vec(),
        &Vec::<i64>::new(),
        "np.arange(2)[::-1][:0].reshape(0, 3).T[2] is []: a row of a matrix with no columns \
         is empty",
    );
}

// ANCHOR: story
/// The big arrays hold 2^19 elements of 8 bytes: 4 MiB (see `STORY_ELEMENTS`), seen as a
/// 512 x 1024 matrix.
const N: usize = STORY_ELEMENTS;
const ROWS: usize = 512;
const COLS: usize = N / ROWS;

#[test]
fn new_strides_are_free_and_flatten_copies() {
    let mut story = MemoryStory::begin(
        "ch07_strides",
        "Reshape, transpose and ravel are free; flatten copies",
        Unit::of_words("arr", N, "i64"),
    );
    let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
        Array::arange(N)
    });
    let m = story.step(
        "m = arr.reshape(512, 1024)",
        "let m = arr.reshape(ROWS, COLS)",
        || arr.reshape(ROWS, COLS),
    );
    let t = story.step("t = m.T", "let t = m.transpose()", || m.transpose());
    let flat = story.step("flat = m.ravel()", "let flat = m.ravel()", || m.ravel());
    let copy = story.step("copy = m.flatten()", "let copy = m.flatten()", || {
        m.flatten()
    });
    let t_flat = story.step("t_flat = t.ravel()", "let t_flat = t.ravel()", || t.ravel());
    story.step("del arr, m, t, flat", "drop((arr, m, t, flat))", || {
        drop((arr, m, t, flat))
    });
    story.step("del copy, t_flat", "drop((copy, t_flat))", || {
        drop((copy, t_flat))
    });
    // ANCHOR_END: story

    for (step, what, method) in [
        (
            "m = arr.reshape(512, 1024)",
            "reshaping a 1-D array",
            "`Array::reshape`",
        ),
        ("t = m.T", "transposing", "`Matrix::transpose`"),
        (
            "flat = m.ravel()",
            "ravelling a C-contiguous matrix",
            "`Matrix::ravel`",
        ),
    ] {
        story
            .expect(step, 0.0)
            .if_more(format!(
                "{what} copied the data; it only needs new strides on the same buffer \
                 ({method}, in exercises/src/ch07_strides.rs)"
            ))
            .check();
    }
    story
        .expect("copy = m.flatten()", 1.0)
        .if_less("flatten() did not allocate: it must copy every element into a new buffer")
        .check();
    story
        .expect("t_flat = t.ravel()", 1.0)
        .if_less(
            "t.ravel() did not allocate: a transpose is not C-contiguous, so its ravel must copy \
             (no step of 1 reads it row by row)",
        )
        .check();
    story
        .expect("del arr, m, t, flat", -1.0)
        .if_more("dropping arr and its views freed nothing: do the copies still hold arr's buffer?")
        .check();
    // Only the heap sees these: a flatten that collects the elements into a Vec and then
    // copies the Vec into the result's buffer frees the Vec before it returns.
    for (step, what, method) in [
        ("copy = m.flatten()", "m.flatten()", "`Matrix::flatten`"),
        (
            "t_flat = t.ravel()",
            "t.ravel()",
            "`Matrix::ravel`, or the `Matrix::flatten` it copies with",
        ),
    ] {
        story
            .expect_peak_at_most(step, 1.0)
            .if_more(flatten_twice(what, method))
            .check();
    }
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

// ANCHOR: broadcast_story
#[test]
fn a_broadcast_shows_a_matrix_and_holds_one_row() {
    let mut story = MemoryStory::begin(
        "ch07_strides",
        "A broadcast shows a whole matrix and holds one row",
        Unit::of_words("b", N, "i64"),
    );
    let row = story.step(
        "row = np.arange(1024)",
        "let row = Array::arange(COLS)",
        || Array::arange(COLS),
    );
    let b = story.step(
        "b = np.broadcast_to(row, (512, 1024))",
        "let b = row.broadcast_to(ROWS, COLS)",
        || row.broadcast_to(ROWS, COLS),
    );
    let copy = story.step("copy = b.flatten()", "let copy = b.flatten()", || {
        b.flatten()
    });
    story.step("del copy", "drop(copy)", || drop(copy));
    // ANCHOR_END: broadcast_story
    story
        .expect("b = np.broadcast_to(row, (512, 1024))", 0.0)
        .if_more(
            "broadcasting allocated: a broadcast repeats one row with a row stride of 0, it \
             never writes the rows out",
        )
        .check();
    story
        .expect("copy = b.flatten()", 1.0)
        .if_less("b.flatten() should write out all 512 rows: a whole matrix of memory")
        .check();
    story
        .expect_peak_at_most("copy = b.flatten()", 1.0)
        .if_more(flatten_twice("b.flatten()", "`Matrix::flatten`"))
        .check();
    drop((row, b));
    if let Some(table) = story.finish() {
        insta::assert_snapshot!(table);
    }
}

/// What a copy that peaked above one matrix did (`what`, by `method`), for the stories' peak
/// checks.
fn flatten_twice(what: &str, method: &str) -> String {
    format!(
        "{what} held the elements twice on the way: it collected them into a Vec (or rows), \
         then copied that into the result's buffer ({method}, in \
         exercises/src/ch07_strides.rs). Write each element once, straight into the new \
         buffer: `Array::from_values(self.size(), self.iter())`"
    )
}

/// Random chains of this chapter's operations on matrices that start anywhere in their buffer
/// (slices and stepped slices first, reversed ones included), each step compared with the
/// reference model in `suites/model/matrix.rs`: reshapes, broadcasts, transposes, rows,
/// columns, ravels, flattens, writes and reads, base, contiguity, writeable and
/// shares_memory between every two arrays.
#[test]
fn random_matrix_chains_agree_with_numpy() {
    explore(
        this_chapter(),
        "ch07_strides: random chains",
        Budget::SUITE,
        &|tape| model::matrix::Chain::run(tape),
    );
}

/// Replays the answers real NumPy gave to recorded random chains of this chapter's operations
/// (`suites/numpy/answers.txt`, written by `scripts/record-numpy`): reshapes of views that start anywhere with any step, broadcasts, transposes, rows,
/// columns, ravel, flatten, reshapes of matrices, reads and writes: values, shape, strides,
/// contiguity, writeable, base, and NumPy's error messages.
#[test]
fn recorded_numpy_answers_replay() {
    model::numpy::replay(&this_chapter().slug);
}
