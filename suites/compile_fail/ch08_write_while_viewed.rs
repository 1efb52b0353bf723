// Chapter 4's surprise, in Rust: a write into an array while a view of it is alive. In NumPy,
// the view silently shows the new value; in Rust, a shared borrow and a write cannot overlap.

fn main() {
    let mut arr: Vec<i64> = vec![1, 2, 3];
    let view: &[i64] = &arr[..];
    arr[0] = 17;
    println!("{view:?}");
}
