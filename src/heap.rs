//! The allocator of every suite process: it counts the heap exactly and gives large blocks
//! straight to the operating system.
//!
//! RSS is what the chapters teach, but it is the allocator's word as much as the code's: an
//! allocator that keeps freed pages (tcmalloc does, for blocks of any size) leaves RSS
//! unchanged when a correct solution drops its last array, and memory reserved but never
//! written costs no RSS at all. So every suite process installs [`Heap`] as its
//! `#[global_allocator]` (the suites' `tests/workbook.rs` does it), and every Rust allocation
//! goes through it:
//!
//! - **It counts.** The bytes of every live block, as the code asked for them, and the highest
//!   that figure has reached since [`reset_peak`]: the exact *heap witness* each step of a
//!   memory story records beside its RSS change.
//! - **Large blocks go to the OS.** A block of [`LARGE_BLOCK_BYTES`] or more is its own
//!   mapping (`mmap` on Unix, `VirtualAlloc` on Windows), unmapped when it is freed, so freeing
//!   it always returns its pages, whatever C allocator the process was linked or preloaded
//!   with. Smaller blocks go to the system allocator, where they are too small to move a
//!   story's rounded figure.
//! - **Large blocks get huge pages** (Linux): the 2 MiB-aligned stretches wholly inside a block
//!   of [`HUGE_PAGE_MIN_BYTES`] or more are advised `MADV_HUGEPAGE`, as NumPy does for its
//!   arrays, before a page is touched. Only whole stretches inside the block, so a block never
//!   costs more than its own pages.
//!
//! The threshold is glibc's own default `M_MMAP_THRESHOLD`, 128 KiB: blocks from there up are
//! the ones a C allocator treats as large and may keep or return as it likes, and every block
//! that can move a story's figure by itself (a twentieth of the 4 MiB unit, 205 KiB) is above
//! it. Below it, a block costs a `malloc`, not a system call.
//!
//! This module and [`buffer`](crate::buffer)'s in-place initialization are the only `unsafe`
//! code in viewbook; each block says why it is sound.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// Blocks of this many bytes or more are mapped from the OS on their own: 128 KiB.
pub const LARGE_BLOCK_BYTES: usize = 128 << 10;

/// The size of a transparent huge page on x86-64 and most aarch64 Linux systems.
pub const HUGE_PAGE_BYTES: usize = 2 << 20;

/// Blocks smaller than this are left to ordinary pages: 4 MiB.
pub const HUGE_PAGE_MIN_BYTES: usize = 2 * HUGE_PAGE_BYTES;

/// The alignment every OS mapping has at least (a 4 KiB page); a block that needs more goes to
/// the system allocator.
const PAGE_BYTES: usize = 4096;

/// The counting allocator. Install it in a test binary with
///
/// ```ignore
/// #[global_allocator]
/// static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;
/// ```
///
/// and the memory harness can measure the heap beside RSS (a story refuses to start without
/// it).
pub struct Heap;

/// Bytes in live blocks, as requested.
static LIVE: AtomicUsize = AtomicUsize::new(0);
/// The highest [`LIVE`] has been since the last [`reset_peak`].
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Set by the first allocation that goes through [`Heap`]: whether it is the global allocator.
static COUNTING: AtomicBool = AtomicBool::new(false);

/// Whether [`Heap`] is this process's global allocator, so that [`live_bytes`] and
/// [`peak_bytes`] mean something.
pub fn counting() -> bool {
    // An allocation of our own, so that the answer does not depend on whether anything has
    // allocated yet.
    drop(std::hint::black_box(Box::new(0u64)));
    COUNTING.load(Ordering::Relaxed)
}

/// The bytes in live heap blocks right now, exactly as the code asked for them.
pub fn live_bytes() -> usize {
    LIVE.load(Ordering::Relaxed)
}

/// The highest [`live_bytes`] has been since the last [`reset_peak`].
pub fn peak_bytes() -> usize {
    PEAK.load(Ordering::Relaxed)
}

/// Starts a new peak from the live bytes of now, and returns them.
pub fn reset_peak() -> usize {
    let live = LIVE.load(Ordering::Relaxed);
    PEAK.store(live, Ordering::Relaxed);
    live
}

/// A new block for `layout`, counted: a mapping of its own if it is large, otherwise what
/// `small` gets from the system allocator.
fn counted(layout: Layout, small: impl FnOnce() -> *mut u8) -> *mut u8 {
    // The first allocation of a suite process comes before any test runs: the one moment to
    // put the lessons-first panic report in place (see `harness::panics`). Installing it
    // allocates, and that nested call finds the flag already set.
    if !COUNTING.load(Ordering::Relaxed) && !COUNTING.swap(true, Ordering::Relaxed) {
        crate::harness::panics::install();
    }
    let block = if is_large(layout) {
        os::map(layout.size())
    } else {
        small()
    };
    if !block.is_null() {
        grew(layout.size());
    }
    block
}

fn grew(bytes: usize) {
    let live = LIVE.fetch_add(bytes, Ordering::Relaxed) + bytes;
    PEAK.fetch_max(live, Ordering::Relaxed);
}

fn shrank(bytes: usize) {
    LIVE.fetch_sub(bytes, Ordering::Relaxed);
}

/// Whether a block of this layout is mapped from the OS on its own.
pub fn is_large(layout: Layout) -> bool {
    layout.size() >= LARGE_BLOCK_BYTES && layout.align() <= PAGE_BYTES && os::MAPS
}

impl Heap {
    /// `block`'s bytes moved into a new block of `new_layout`, and `block` freed; null (and
    /// `block` left as it was) when no new block can be had.
    ///
    /// # Safety
    /// `block` is a live block of this allocator with `layout`, and `new_layout` has a
    /// non-zero size.
    #[allow(unsafe_code)]
    unsafe fn move_to_new_block(
        &self,
        block: *mut u8,
        layout: Layout,
        new_layout: Layout,
    ) -> *mut u8 {
        // SAFETY: `new_layout` has a non-zero size (the caller's promise).
        let moved = unsafe { self.alloc(new_layout) };
        if !moved.is_null() {
            // SAFETY: both blocks are live, distinct, and at least this long; the old one is
            // the caller's to give up.
            unsafe {
                std::ptr::copy_nonoverlapping(block, moved, layout.size().min(new_layout.size()));
                self.dealloc(block, layout);
            }
        }
        moved
    }
}

// SAFETY (the impl): every block is either the system allocator's, given back to it with the
// same layout, or an OS mapping of at least `layout.size()` bytes, page-aligned (which covers
// every alignment `is_large` accepts), unmapped only in `dealloc`/`realloc` with the size it
// was mapped with. Which of the two a block is depends only on its layout, which the caller
// must pass back unchanged, so a block always returns to where it came from.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Heap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's layout has a non-zero size, as `GlobalAlloc` requires.
        counted(layout, || unsafe { System.alloc(layout) })
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // A large block is a fresh anonymous mapping, which reads as zeros without a page
        // being touched; a small one the system allocator zeroes.
        // SAFETY: as in `alloc`.
        counted(layout, || unsafe { System.alloc_zeroed(layout) })
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        if is_large(layout) {
            // SAFETY: a large layout's block is a mapping of `layout.size()` bytes made by
            // `os::map` or `os::remap`, and the caller gives it up here.
            unsafe { os::unmap(block, layout.size()) };
        } else {
            // SAFETY: a small layout's block came from `System` with this layout.
            unsafe { System.dealloc(block, layout) };
        }
        shrank(layout.size());
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees that `new_size`, rounded up to `layout.align()`, does
        // not overflow `isize`, which is what a layout needs.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let moved = match (is_large(layout), is_large(new_layout)) {
            (false, false) => {
                // SAFETY: a small block of the system allocator, resized by it.
                let moved = unsafe { System.realloc(block, layout, new_size) };
                if !moved.is_null() {
                    grew(new_size);
                    shrank(layout.size());
                }
                return moved;
            }
            // SAFETY: a mapping of `layout.size()` bytes, which the caller gives up; on
            // failure it is left as it was, as `realloc` must. mremap fails (EFAULT) when the
            // block spans several kernel mappings, as a block whose middle was advised to use
            // huge pages does: then it moves as between kinds, below.
            (true, true) if os::REMAPS => {
                let moved = unsafe { os::remap(block, layout.size(), new_size) };
                if moved.is_null() {
                    // SAFETY: as in the arm below; the block was left as it was.
                    return unsafe { self.move_to_new_block(block, layout, new_layout) };
                }
                moved
            }
            // From one kind of block to the other: a new block, the bytes, the old one freed.
            // SAFETY: the caller's block of `layout`, which it gives up.
            _ => return unsafe { self.move_to_new_block(block, layout, new_layout) },
        };
        if !moved.is_null() {
            grew(new_size);
            shrank(layout.size());
        }
        moved
    }
}

/// The 2 MiB-aligned part of `[start, start + bytes)`, if the block is big enough to have one
/// worth advising.
pub fn huge_page_range(start: usize, bytes: usize) -> Option<(usize, usize)> {
    if bytes < HUGE_PAGE_MIN_BYTES {
        return None;
    }
    let first = start.next_multiple_of(HUGE_PAGE_BYTES);
    let end = (start + bytes) / HUGE_PAGE_BYTES * HUGE_PAGE_BYTES;
    (end > first).then(|| (first, end - first))
}

#[cfg(unix)]
#[allow(unsafe_code)]
mod os {
    /// This OS maps large blocks on their own.
    pub const MAPS: bool = true;
    /// Linux can grow or shrink a mapping without copying it (`mremap`).
    pub const REMAPS: bool = cfg!(target_os = "linux");

    /// A new private, anonymous, read-write mapping of `bytes` bytes (zeros), or null.
    pub fn map(bytes: usize) -> *mut u8 {
        // SAFETY: an anonymous mapping at an address the kernel chooses touches no existing
        // memory; failure is MAP_FAILED, turned into null.
        let block = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                bytes,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if block == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        advise_huge_pages(block as usize, bytes);
        block.cast()
    }

    /// Unmaps a mapping of `bytes` bytes made by [`map`] or [`remap`].
    ///
    /// # Safety
    /// `block` is such a mapping, and nothing uses it again.
    pub unsafe fn unmap(block: *mut u8, bytes: usize) {
        // SAFETY: the caller's promise; munmap of a whole mapping only fails for bad
        // arguments, which it cannot be given here.
        unsafe { libc::munmap(block.cast(), bytes) };
    }

    /// Grows or shrinks a mapping of `old` bytes to `new` bytes, moving it if it must, without
    /// copying a page; null (and the mapping unchanged) on failure.
    ///
    /// # Safety
    /// `block` is a mapping of `old` bytes made by [`map`] or [`remap`]; on success the caller
    /// uses only the returned one.
    #[cfg(target_os = "linux")]
    pub unsafe fn remap(block: *mut u8, old: usize, new: usize) -> *mut u8 {
        // SAFETY: the caller's promise; MREMAP_MAYMOVE lets the kernel pick a new address and
        // leaves the old mapping intact when it fails.
        let moved = unsafe { libc::mremap(block.cast(), old, new, libc::MREMAP_MAYMOVE) };
        if moved == libc::MAP_FAILED {
            return std::ptr::null_mut();
        }
        advise_huge_pages(moved as usize, new);
        moved.cast()
    }

    /// Not reached: [`REMAPS`] is false here.
    ///
    /// # Safety
    /// Never unsafe to call: it does nothing.
    #[cfg(not(target_os = "linux"))]
    pub unsafe fn remap(_block: *mut u8, _old: usize, _new: usize) -> *mut u8 {
        std::ptr::null_mut()
    }

    #[cfg(target_os = "linux")]
    fn advise_huge_pages(start: usize, bytes: usize) {
        if let Some((first, len)) = super::huge_page_range(start, bytes) {
            // SAFETY: `[first, first + len)` lies inside a mapping just made and not yet
            // handed out; MADV_HUGEPAGE only changes how the kernel backs those pages, never
            // their contents. A failure (THP disabled) leaves ordinary pages.
            unsafe { libc::madvise(first as *mut libc::c_void, len, libc::MADV_HUGEPAGE) };
        }
    }

    #[cfg(not(target_os = "linux"))]
    fn advise_huge_pages(_start: usize, _bytes: usize) {}
}

#[cfg(windows)]
#[allow(unsafe_code)]
mod os {
    use windows_sys::Win32::System::Memory::{
        MEM_COMMIT, MEM_RELEASE, MEM_RESERVE, PAGE_READWRITE, VirtualAlloc, VirtualFree,
    };

    /// This OS maps large blocks on their own.
    pub const MAPS: bool = true;
    /// Windows has no `mremap`: a large block grows into a new mapping.
    pub const REMAPS: bool = false;

    /// A new committed read-write region of `bytes` bytes (zeros, 64 KiB-aligned), or null.
    pub fn map(bytes: usize) -> *mut u8 {
        // SAFETY: a new region at an address the system chooses touches no existing memory;
        // failure is null.
        unsafe {
            VirtualAlloc(
                std::ptr::null(),
                bytes,
                MEM_COMMIT | MEM_RESERVE,
                PAGE_READWRITE,
            )
        }
        .cast()
    }

    /// Releases a region made by [`map`].
    ///
    /// # Safety
    /// `block` is such a region, and nothing uses it again.
    pub unsafe fn unmap(block: *mut u8, _bytes: usize) {
        // SAFETY: the caller's promise; MEM_RELEASE with size 0 frees the whole region.
        unsafe { VirtualFree(block.cast(), 0, MEM_RELEASE) };
    }

    /// Not reached: [`REMAPS`] is false here.
    ///
    /// # Safety
    /// Never unsafe to call: it does nothing.
    pub unsafe fn remap(_block: *mut u8, _old: usize, _new: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
}

#[cfg(not(any(unix, windows)))]
mod os {
    /// Elsewhere every block goes to the system allocator.
    pub const MAPS: bool = false;
    /// No mappings, so nothing to remap.
    pub const REMAPS: bool = false;

    pub fn map(_bytes: usize) -> *mut u8 {
        std::ptr::null_mut()
    }

    pub unsafe fn unmap(_block: *mut u8, _bytes: usize) {}

    pub unsafe fn remap(_block: *mut u8, _old: usize, _new: usize) -> *mut u8 {
        std::ptr::null_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::{RssProbe, exclusive};

    const MIB: usize = 1 << 20;

    #[test]
    fn a_block_advised_to_use_huge_pages_still_grows() {
        // 4 MiB and more get MADV_HUGEPAGE on their aligned middle, which splits the kernel's
        // mapping in parts that mremap cannot move as one.
        let mut v: Vec<u8> = Vec::with_capacity(HUGE_PAGE_MIN_BYTES + 62);
        v.resize(HUGE_PAGE_MIN_BYTES + 62, 7);
        v.reserve(v.capacity() + 1);
        v.push(8);
        assert_eq!(v[HUGE_PAGE_MIN_BYTES], 7);
        assert_eq!(v.last(), Some(&8));
    }

    #[test]
    fn this_test_binary_counts_its_heap() {
        assert!(counting(), "the unit tests install Heap (src/lib.rs)");
    }

    #[test]
    fn only_whole_huge_pages_inside_a_big_block_are_advised() {
        assert_eq!(huge_page_range(0x1000, 3 * MIB), None, "too small");
        assert_eq!(
            huge_page_range(2 * MIB + 16, 10 * MIB),
            Some((4 * MIB, 8 * MIB))
        );
        assert_eq!(huge_page_range(4 * MIB, 4 * MIB), Some((4 * MIB, 4 * MIB)));
    }

    #[test]
    fn live_bytes_and_the_peak_are_exact() {
        let _alone = exclusive();
        let start = reset_peak();
        let small = std::hint::black_box(vec![1u8; 1000]);
        let large = std::hint::black_box(vec![2u8; 3 * MIB]);
        assert_eq!(live_bytes() - start, 1000 + 3 * MIB);
        drop(large);
        assert_eq!(live_bytes() - start, 1000);
        assert_eq!(peak_bytes() - start, 1000 + 3 * MIB);
        drop(small);
        assert_eq!(live_bytes(), start);
        assert_eq!(reset_peak(), start);
        assert_eq!(peak_bytes(), start);
    }

    #[test]
    fn growing_across_the_threshold_keeps_the_bytes_and_the_count() {
        let _alone = exclusive();
        let start = reset_peak();
        let mut v: Vec<u64> = Vec::with_capacity(4);
        for i in 0..(1 << 20) {
            v.push(i);
        }
        // Small blocks, then large ones, then grown in place by mremap: every value survives.
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u64));
        assert_eq!(live_bytes() - start, v.capacity() * 8);
        v.shrink_to(1000);
        assert_eq!(live_bytes() - start, v.capacity() * 8);
        assert_eq!(v[999], 999);
        drop(v);
        assert_eq!(live_bytes(), start);
    }

    #[test]
    fn zeroed_large_blocks_read_as_zeros_and_cost_no_rss_until_written() {
        let _alone = exclusive();
        let mut rss = RssProbe::new();
        let before = rss.read();
        let zeros = std::hint::black_box(vec![0u64; 4 * MIB / 8]);
        assert!(zeros.iter().all(|&x| x == 0));
        let untouched = rss.read().saturating_sub(before);
        assert!(untouched < MIB as u64 / 4, "{untouched} bytes resident");
    }

    #[test]
    #[cfg(unix)]
    fn freeing_a_large_block_returns_its_pages() {
        let _alone = exclusive();
        let mut rss = RssProbe::new();
        for _ in 0..5 {
            let before = rss.read();
            let block = std::hint::black_box(vec![7u8; 2 * MIB]);
            let held = rss.read() - before;
            drop(block);
            let kept = rss.read() as i64 - before as i64;
            assert!(held >= 2 * MIB as u64, "held only {held} bytes");
            assert!(
                kept.unsigned_abs() < 64 << 10,
                "kept {kept} bytes after the free"
            );
        }
    }

    #[test]
    #[cfg(unix)]
    fn large_blocks_cost_their_own_pages_not_whole_huge_pages() {
        let _alone = exclusive();
        let mut rss = RssProbe::new();
        // 5 MiB + 8 bytes each: only whole 2 MiB pages inside each block are advised, so forty
        // of them cost about 40 × 5 MiB (200 MiB), never 40 × 6 or 8 MiB.
        let before = rss.read();
        let blocks: Vec<Vec<u8>> = (0..40).map(|_| vec![3u8; 5 * MIB + 8]).collect();
        let grown = (rss.read() - before) as f64 / MIB as f64;
        assert_eq!(std::hint::black_box(&blocks).len(), 40);
        assert!(
            (199.0..=202.0).contains(&grown),
            "40 blocks of 5 MiB grew RSS by {grown:.1} MiB"
        );
        drop(blocks);
        let kept = (rss.read() as f64 - before as f64) / MIB as f64;
        assert!(
            kept.abs() < 0.5,
            "40 freed blocks of 5 MiB left {kept:.1} MiB"
        );
    }

    /// How often, system-wide, the kernel wanted a huge page for a fault and had none.
    #[cfg(target_os = "linux")]
    fn thp_fault_fallbacks() -> u64 {
        std::fs::read_to_string("/proc/vmstat")
            .ok()
            .and_then(|vmstat| {
                let line = vmstat
                    .lines()
                    .find(|l| l.starts_with("thp_fault_fallback "))?;
                line.split(' ').nth(1)?.parse().ok()
            })
            .unwrap_or(0)
    }

    #[test]
    #[cfg(target_os = "linux")]
    fn a_large_block_faults_in_huge_pages() {
        let offered = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .is_ok_and(|mode| mode.contains("[always]") || mode.contains("[madvise]"));
        if !offered {
            eprintln!("transparent huge pages are off here: nothing to check");
            return;
        }
        use crate::harness::minor_page_faults;
        let _alone = exclusive();
        // 80 MB: about 19,500 faults on 4 KiB pages, about 40 on 2 MiB ones.
        let fallbacks = thp_fault_fallbacks();
        let before = minor_page_faults().unwrap();
        let block = std::hint::black_box(vec![1u8; 80_000_000]);
        let faults = minor_page_faults().unwrap() - before;
        assert_eq!(block[79_999_999], 1);
        if faults >= 2_000 && thp_fault_fallbacks() > fallbacks {
            // The block was advised, but the kernel had no free huge page to give (memory
            // fragmented by other work): it fell back to 4 KiB pages, as it may.
            eprintln!("{faults} page faults: the kernel had no huge page free and fell back");
            return;
        }
        assert!(faults < 2_000, "{faults} page faults for an 80 MB block");
    }
}
