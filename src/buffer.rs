//! Element buffers for the workbook's arrays: allocated once, written in place.
//!
//! A buffer is one `Rc<[Cell<i64>]>`, allocated for its final length and written once, so the
//! peak is one buffer, never a temporary `Vec` and its copy: element by element from values
//! ([`cells`]), or run by run from stretches of other buffers ([`copied`]), each stretch in one
//! `memcpy`, as NumPy copies a contiguous array. Where the pages come from is the allocator's
//! business: in a suite process, [`heap::Heap`](crate::heap::Heap) maps a large buffer on its
//! own and asks Linux for huge pages on it, as NumPy does for its arrays (see the book's
//! "Measuring memory").
//!
//! The in-place writes are the `unsafe` blocks here, behind a safe API: the learner's crate
//! and the solutions call [`cells`] and [`copied`] (through `Array`'s constructors) and never
//! see them.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::ptr;
use std::rc::Rc;

/// A new buffer of `len` elements, the first `len` of `values`, written once.
///
/// # Panics
/// If `values` yields fewer than `len` items.
pub fn cells(len: usize, values: impl IntoIterator<Item = i64>) -> Rc<[Cell<i64>]> {
    let mut buffer: Rc<[MaybeUninit<Cell<i64>>]> = Rc::new_uninit_slice(len);
    let slots = Rc::get_mut(&mut buffer).expect("a new Rc has no other owner");
    // Driven by `fold` (the iterator's own loop), not `zip`: a chained or stepped iterator
    // then runs each of its parts as a plain loop.
    let written = values.into_iter().take(len).fold(0, |i, value| {
        slots[i].write(Cell::new(value));
        i + 1
    });
    assert_eq!(
        written, len,
        "buffer::cells: {len} values wanted, {written} given"
    );
    // SAFETY: the loop above initialized each of the `len` elements.
    #[allow(unsafe_code)]
    unsafe {
        buffer.assume_init()
    }
}

/// A new buffer of `len` elements copied from `runs`, in order: each run is a stretch of some
/// buffer, its elements side by side, copied in bulk (one `memcpy`; a run of one element is
/// one store).
///
/// A safe loop over the run's cells compiles to a vectorized loop of ordinary stores, not to
/// `memcpy`: the source is `Cell`s, which the compiler must assume might overlap the new
/// buffer. Measured in `cargo bench` (BENCHMARKS.md), the C library's `memcpy`, which writes a
/// large block past the cache, is faster into fresh memory.
///
/// # Panics
/// If the runs hold more or fewer than `len` elements in all.
pub fn copied<'a>(len: usize, runs: impl IntoIterator<Item = &'a [Cell<i64>]>) -> Rc<[Cell<i64>]> {
    let mut buffer: Rc<[MaybeUninit<Cell<i64>>]> = Rc::new_uninit_slice(len);
    let slots = Rc::get_mut(&mut buffer).expect("a new Rc has no other owner");
    // Driven by `fold`, as in `cells`: a stepped view's runs of one element each then come
    // from the view's own loop.
    let written = runs.into_iter().fold(0, |at: usize, run| {
        let Some(to) = slots.get_mut(at..at + run.len()) else {
            panic!("buffer::copied: {len} elements wanted, more given");
        };
        match run {
            [cell] => {
                to[0].write(Cell::new(cell.get()));
            }
            _ => {
                // SAFETY: `run` is a live `&[Cell<i64>]` of `run.len()` elements, so the source
                // is valid and aligned for that many reads; `to` is exactly as long, a
                // stretch of the new buffer, which nothing else can see yet (`get_mut`), so
                // the destination is valid and aligned for the writes and cannot overlap the
                // source. `MaybeUninit<Cell<i64>>` has the layout of `Cell<i64>`, which is an
                // `i64` (`repr(transparent)` over `UnsafeCell<i64>`): a bitwise copy is what
                // `Cell::clone` makes, and a valid `Cell<i64>` for every bit pattern. Nothing
                // writes the source during the copy: a `Cell` is not `Sync`, so no other
                // thread holds it, and this thread is in the copy.
                #[allow(unsafe_code)]
                unsafe {
                    ptr::copy_nonoverlapping(
                        run.as_ptr(),
                        to.as_mut_ptr().cast::<Cell<i64>>(),
                        run.len(),
                    );
                }
            }
        }
        at + run.len()
    });
    assert_eq!(
        written, len,
        "buffer::copied: {len} elements wanted, {written} given"
    );
    // SAFETY: the runs above initialized each of the `len` elements, in order.
    #[allow(unsafe_code)]
    unsafe {
        buffer.assume_init()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_buffer_holds_the_values() {
        let buffer = cells(10, 0..);
        let values: Vec<i64> = buffer.iter().map(Cell::get).collect();
        assert_eq!(values, (0..10).collect::<Vec<_>>());
        let big = cells(1 << 20, 0..);
        assert_eq!(big.len(), 1 << 20);
        assert_eq!(big[(1 << 20) - 1].get(), (1 << 20) - 1);
    }

    fn values(buffer: &[Cell<i64>]) -> Vec<i64> {
        buffer.iter().map(Cell::get).collect()
    }

    #[test]
    fn a_copy_holds_the_runs_in_order_in_a_buffer_of_its_own() {
        let source = cells(10, 0..);
        // One whole run, several runs, runs of one element (a stepped view), and none.
        let whole = copied(10, [&source[..]]);
        assert_eq!(values(&whole), (0..10).collect::<Vec<_>>());
        let parts = copied(
            8,
            [&source[8..], &source[..3], &source[4..5], &source[5..7]],
        );
        assert_eq!(values(&parts), [8, 9, 0, 1, 2, 4, 5, 6]);
        let stepped = copied(4, source.iter().rev().step_by(3).map(std::slice::from_ref));
        assert_eq!(values(&stepped), [9, 6, 3, 0]);
        assert!(copied(0, []).is_empty());
        assert!(copied(0, [&source[3..3]]).is_empty());
        // The copy is its own memory: writes do not travel either way.
        whole[0].set(-1);
        source[1].set(-2);
        assert_eq!((source[0].get(), whole[1].get()), (0, 1));
        assert_eq!(Rc::strong_count(&source), 1);
    }

    #[test]
    fn a_large_copy_is_one_new_buffer_with_every_value() {
        use crate::harness::exclusive;
        use crate::heap::{peak_bytes, reset_peak};
        let _alone = exclusive();
        let source = cells(1 << 20, 0..);
        let start = reset_peak();
        let copy = copied(source.len(), [&source[..]]);
        // The `Rc`'s counts and the elements, and no temporary `Vec` (that would be 8 MiB more).
        let buffer = std::mem::size_of_val(&*copy) + 16;
        let peak = peak_bytes() - start;
        assert!((buffer..buffer + (64 << 10)).contains(&peak), "peak {peak}");
        assert!(copy.iter().enumerate().all(|(i, x)| x.get() == i as i64));
    }

    #[test]
    #[should_panic(expected = "buffer::copied: 4 elements wanted, 3 given")]
    fn too_few_elements_panic() {
        let source = cells(3, 0..);
        copied(4, [&source[..]]);
    }

    #[test]
    #[should_panic(expected = "buffer::copied: 2 elements wanted, more given")]
    fn too_many_elements_panic() {
        let source = cells(3, 0..);
        copied(2, [&source[..]]);
    }
}
