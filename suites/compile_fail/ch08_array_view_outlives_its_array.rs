// The same leak with ndarray: an `ArrayView` borrows its array, like a `&[i64]` borrows its
// Vec, so the array cannot be dropped while the view may still be used.

use ndarray::{Array1, Axis, Slice};

fn main() {
    let arr = Array1::from_iter(0..100_000_000_i64);
    let small = arr.slice_axis(Axis(0), Slice::from(..10));
    drop(arr);
    println!("{small}");
}
