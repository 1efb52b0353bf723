//! Unit tests of the scaffolding (`exercises/src/array.rs` and `ch06_support.rs`): the bulk
//! copy (`Array::runs`, `Array::from_runs`), how an array prints in a failure message, and
//! the NumPy spelling of chapter 6's operations, built from the reference solutions' views.
//! (cargo-mutants found the printing and the spellings unchecked: the suites only read them.)

use std::cell::Cell;

use crate::array::Array;
use crate::ch02_views::shares_memory;

fn runs_of(arr: &Array) -> Vec<Vec<i64>> {
    arr.runs()
        .map(|run| run.iter().map(Cell::get).collect())
        .collect()
}

#[test]
fn a_contiguous_array_is_one_run_of_its_own_buffer() {
    let arr = Array::arange(10);
    assert_eq!(runs_of(&arr), [(0..10).collect::<Vec<_>>()]);
    let view = arr.slice(2..6);
    assert_eq!(runs_of(&view), [[2, 3, 4, 5]]);
    let run = view.runs().next().unwrap();
    assert!(
        std::ptr::eq(run, &arr.data[2..6]),
        "the run is the buffer itself"
    );
    assert!(runs_of(&arr.slice(3..3)).iter().all(Vec::is_empty));
}

#[test]
fn a_stepped_reversed_or_repeating_view_is_one_run_per_element() {
    let arr = Array::arange(10);
    assert_eq!(
        runs_of(&arr.slice_step(None, None, 3)),
        [[0], [3], [6], [9]]
    );
    assert_eq!(
        runs_of(&arr.slice_step(None, None, -3)),
        [[9], [6], [3], [0]]
    );
    let column = Array::arange(3).broadcast_to(4, 3).column(1);
    assert_eq!(runs_of(&column), [[1], [1], [1], [1]]);
    assert_eq!(column.runs().size_hint(), (4, Some(4)));
}

#[test]
fn from_runs_makes_a_new_owner_of_the_runs_in_order() {
    let arr = Array::arange(10);
    for view in [
        arr.slice(..),
        arr.slice(4..7),
        arr.slice_step(Some(1), None, 2),
        arr.slice_step(None, None, -1),
    ] {
        let copy = Array::from_runs(view.len(), view.runs());
        assert_eq!(copy.to_vec(), view.to_vec());
        assert!(copy.owns_data() && !shares_memory(&copy, &arr));
    }
    let other = Array::arange(3);
    let joined = Array::from_runs(5, arr.slice(8..).runs().chain(other.runs()));
    assert_eq!(joined.to_vec(), [8, 9, 0, 1, 2]);
}

#[test]
#[should_panic(expected = "3 elements wanted, 2 given")]
fn from_runs_wants_exactly_len_elements() {
    let arr = Array::arange(2);
    Array::from_runs(3, arr.runs());
}

#[test]
fn a_short_array_prints_every_element_as_numpy_does() {
    assert_eq!(format!("{:?}", Array::arange(3)), "array([0, 1, 2])");
    assert_eq!(format!("{:?}", Array::arange(0)), "array([])");
    let stepped = Array::arange(10).slice_step(Some(8), None, -3);
    assert_eq!(format!("{stepped:?}"), "array([8, 5, 2])");
    let all = format!("{:?}", Array::arange(1000));
    assert!(
        all.ends_with(", 997, 998, 999])") && !all.contains("..."),
        "{all}"
    );
}

#[test]
fn a_long_array_prints_its_ends_around_an_ellipsis() {
    assert_eq!(
        format!("{:?}", Array::arange(1001)),
        "array([0, 1, 2, ..., 998, 999, 1000])"
    );
    let view = Array::arange(2000).slice(500..);
    assert_eq!(
        format!("{view:?}"),
        "array([500, 501, 502, ..., 1997, 1998, 1999])"
    );
}

#[test]
fn is_empty_is_len_zero_for_owners_and_views() {
    assert!(Array::arange(0).is_empty());
    assert!(!Array::arange(1).is_empty());
    assert!(Array::arange(5).slice(3..3).is_empty());
    assert!(!Array::arange(5).slice(3..4).is_empty());
}

#[test]
fn every_operation_has_its_own_numpy_spelling() {
    use crate::ch06_support::Operation;
    let spellings: Vec<&str> = Operation::ALL.iter().map(|op| op.numpy()).collect();
    assert_eq!(spellings[0], "a[2:10]");
    assert_eq!(spellings[6], "m.T");
    for (i, a) in spellings.iter().enumerate() {
        assert!(!a.is_empty());
        assert!(
            spellings[i + 1..].iter().all(|b| b != a),
            "{a} spelled twice"
        );
    }
}

#[test]
fn a_matrix_prints_like_numpy_eliding_the_middle_of_a_big_one() {
    let small = Array::arange(4).reshape(2, 2);
    assert_eq!(format!("{small:?}"), "array([[0, 1], [2, 3]])");
    let seven = format!("{:?}", Array::arange(49).reshape(7, 7));
    assert!(
        !seven.contains("...") && seven.ends_with("47, 48]])"),
        "{seven}"
    );
    assert_eq!(
        format!("{:?}", Array::arange(64).reshape(8, 8)),
        "array([[0, 1, 2, ..., 5, 6, 7], [8, 9, 10, ..., 13, 14, 15], \
         [16, 17, 18, ..., 21, 22, 23], ..., [40, 41, 42, ..., 45, 46, 47], \
         [48, 49, 50, ..., 53, 54, 55], [56, 57, 58, ..., 61, 62, 63]])"
    );
    let wide = format!("{:?}", Array::arange(20).reshape(2, 10));
    assert_eq!(
        wide,
        "array([[0, 1, 2, ..., 7, 8, 9], [10, 11, 12, ..., 17, 18, 19]])"
    );
}

#[test]
fn python_spells_every_bound_kind() {
    use crate::range::python;
    use std::ops::Bound;
    assert_eq!(python(&(2..8)), "[2:8]");
    assert_eq!(python(&(..5)), "[:5]");
    assert_eq!(python(&(3..=4)), "[3:5]");
    assert_eq!(python(&(3..)), "[3:]");
    assert_eq!(python(&(Bound::Excluded(2), Bound::Excluded(5))), "[3:5]");
}
