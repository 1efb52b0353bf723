//! Element buffers for the workbook's arrays: allocated once, written in place.
//!
//! A buffer is one `Rc<[Cell<i64>]>`, allocated for its final length and written element by
//! element, so the peak is one buffer, never a temporary `Vec` and its copy. Where the pages
//! come from is the allocator's business: in a suite process, [`heap::Heap`](crate::heap::Heap)
//! maps a large buffer on its own and asks Linux for huge pages on it, as NumPy does for its
//! arrays (see the book's "Measuring memory").
//!
//! The in-place write is the one `unsafe` block here, behind a safe API: the learner's crate
//! and the solutions call [`cells`] (through `Array`'s constructors) and never see it.

use std::cell::Cell;
use std::mem::MaybeUninit;
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
}
