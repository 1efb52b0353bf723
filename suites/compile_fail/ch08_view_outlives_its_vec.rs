// Chapter 3's leak, in Rust: a ten-element view of a big Vec, kept after the Vec is dropped.
// In NumPy, `del arr` frees nothing while `small` lives; in Rust, the borrow checker refuses
// to drop the Vec while the view may still be used.

fn main() {
    let arr: Vec<i64> = (0..100_000_000).collect();
    let small: &[i64] = &arr[..10];
    drop(arr);
    println!("{small:?}");
}
