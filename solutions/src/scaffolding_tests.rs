//! Unit tests of the scaffolding's bulk copy (`Array::runs` and `Array::from_runs` in
//! `exercises/src/array.rs`), built from the reference solutions' views.

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
