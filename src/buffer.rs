//! Element buffers for the workbook's arrays, on huge pages where the OS offers them.
//!
//! Writing a fresh 80 MB buffer costs more than copying 80 MB: every 4 KiB page faults the
//! first time it is touched, and the kernel zeroes it before handing it over (about 20,000
//! faults for 80 MB). NumPy asks Linux for transparent huge pages on large arrays
//! (`madvise(MADV_HUGEPAGE)`), which turns those into a few hundred 2 MiB faults. This module
//! does the same for the arrays' buffers: it allocates the buffer, advises the kernel before a
//! single page is touched, and only then writes the elements.
//!
//! Only the 2 MiB-aligned stretches that lie wholly inside a buffer of at least
//! [`HUGE_PAGE_MIN_BYTES`] are advised, so a huge page never reaches past the buffer: a small
//! array costs its own bytes, never a rounded-up 2 MiB, and the memory stories measure what the
//! code allocated. Where huge pages are not offered (another OS, or THP set to `never`), the
//! advice is skipped or ignored and the buffer is an ordinary one.
//!
//! This is the only `unsafe` code in viewbook, behind a safe API: the learner's crate and the
//! solutions call [`cells`] (through `Array`'s constructors) and never see it.

use std::cell::Cell;
use std::mem::MaybeUninit;
use std::rc::Rc;

/// The size of a transparent huge page on x86-64 and most aarch64 Linux systems.
pub const HUGE_PAGE_BYTES: usize = 2 << 20;

/// Buffers smaller than this are left to ordinary pages.
pub const HUGE_PAGE_MIN_BYTES: usize = 2 * HUGE_PAGE_BYTES;

/// A new buffer of `len` elements, the first `len` of `values`, written once, on huge pages
/// where the OS offers them.
///
/// # Panics
/// If `values` yields fewer than `len` items.
pub fn cells(len: usize, values: impl IntoIterator<Item = i64>) -> Rc<[Cell<i64>]> {
    let mut buffer: Rc<[MaybeUninit<Cell<i64>>]> = Rc::new_uninit_slice(len);
    advise_huge_pages(buffer.as_ptr() as usize, std::mem::size_of_val(&*buffer));
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

/// The 2 MiB-aligned part of `[start, start + bytes)`, if the buffer is big enough to have one
/// worth advising.
pub fn huge_page_range(start: usize, bytes: usize) -> Option<(usize, usize)> {
    if bytes < HUGE_PAGE_MIN_BYTES {
        return None;
    }
    let first = start.next_multiple_of(HUGE_PAGE_BYTES);
    let end = (start + bytes) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
    (end > first).then(|| (first, end - first))
}

#[cfg(target_os = "linux")]
fn advise_huge_pages(start: usize, bytes: usize) {
    if let Some((first, len)) = huge_page_range(start, bytes) {
        // SAFETY: `[first, first + len)` lies inside an allocation this function's caller
        // owns and has not yet handed out; MADV_HUGEPAGE only changes how the kernel backs
        // those pages, never their contents. A failure (THP disabled) leaves ordinary pages.
        #[allow(unsafe_code)]
        unsafe {
            libc::madvise(first as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_huge_pages(_start: usize, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_huge_pages_inside_a_big_buffer_are_advised() {
        let mib = 1 << 20;
        assert_eq!(huge_page_range(0x1000, 3 * mib), None, "too small");
        assert_eq!(
            huge_page_range(2 * mib + 16, 10 * mib),
            Some((4 * mib, 8 * mib))
        );
        assert_eq!(huge_page_range(4 * mib, 4 * mib), Some((4 * mib, 4 * mib)));
    }

    fn huge_pages_offered() -> bool {
        std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .is_ok_and(|mode| mode.contains("[always]") || mode.contains("[madvise]"))
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_large_buffer_faults_in_huge_pages() {
        if !huge_pages_offered() {
            eprintln!("transparent huge pages are off here: nothing to check");
            return;
        }
        use crate::harness::{exclusive, minor_page_faults};
        let _alone = exclusive();
        // 10M elements, 80 MB: about 19,500 faults on 4 KiB pages, about 40 on 2 MiB ones.
        let before = minor_page_faults().unwrap();
        let buffer = cells(10_000_000, 0..);
        let faults = minor_page_faults().unwrap() - before;
        assert_eq!(buffer[9_999_999].get(), 9_999_999);
        eprintln!("80 MB buffer: {faults} page faults");
        assert!(faults < 2_000, "{faults} page faults for an 80 MB buffer");
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn small_buffers_cost_their_own_bytes_not_a_huge_page() {
        use crate::harness::{RssProbe, exclusive};
        // RSS is the whole process's: no memory story may run beside this.
        let _alone = exclusive();
        let mut rss = RssProbe::new();
        // 5 MiB + 8 bytes each: only whole 2 MiB pages inside each buffer are advised, so
        // forty of them cost about 40 × 5 MiB (200 MiB), never 40 × 6 or 8 MiB. The bound
        // below is loose: heap memory an earlier test freed may be reused, which reads less,
        // never more; 150 MiB still shows the pages were written.
        let len = (5 << 20) / 8 + 1;
        let before = rss.read();
        let buffers: Vec<_> = (0..40).map(|_| cells(len, 0..)).collect();
        let grown = rss.read() - before;
        assert_eq!(buffers.len(), 40);
        let mib = grown as f64 / f64::from(1 << 20);
        eprintln!("40 buffers of 5 MiB: RSS +{mib:.1} MiB");
        assert!(
            (150.0..=210.0).contains(&mib),
            "40 buffers of 5 MiB grew RSS by {mib:.1} MiB"
        );
        // Below 4 MiB nothing is advised at all.
        let before = rss.read();
        let small: Vec<_> = (0..200).map(|_| cells(12_500, 0..)).collect();
        let grown = (rss.read() - before) as f64 / f64::from(1 << 20);
        assert_eq!(small.len(), 200);
        eprintln!("200 buffers of 100 KB: RSS +{grown:.1} MiB");
        assert!(
            grown < 25.0,
            "200 buffers of 100 KB grew RSS by {grown:.1} MiB"
        );
    }

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
