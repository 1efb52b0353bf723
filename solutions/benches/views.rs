//! `cargo bench`: the reference solution's views and copies, measured beside what they are
//! compared with, in one run (on a shared machine only side-by-side figures compare).
//!
//! - `view`: making a view (`slice`) of arrays of 1e3, 1e6 and 1e8 elements, beside ndarray's
//!   `slice` of an `Array1` and `ArcArray` clone + `slice_move`. A view is a handle: its cost
//!   must not grow with the array.
//! - `copy`: `copy()` of 80 MB (10M `i64`) into fresh memory (`viewbook_copy`, one run in one
//!   `memcpy`), beside the solution before bulk copies (`from_values` of `iter()`, element by
//!   element), `copy()` of a stepped view of the same size and that view through
//!   `from_values`, `Vec::clone`, the copy without the scaffolding (`Rc` collect, ordinary
//!   pages), a fresh buffer written from a counter (the floor for fresh memory), and
//!   `copy_from_slice` into memory already touched (the memcpy floor). Before the timings, the
//!   minor page faults each copy costs are printed (read from `/proc/self/stat`).
//! - `access`: summing 10M elements through a view (`iter`, `get`, stepped) beside the same
//!   loops over a `&[i64]`.
//! - `rss`: one RSS read, and one whole memory story (chapter 2's, 4 MiB arrays).
//!
//! Run with `cargo bench -p solutions`; BENCHMARKS.md has the figures and what bounds them.

use std::cell::Cell;
use std::rc::Rc;

use divan::{Bencher, black_box};
use solutions::array::Array;
use viewbook::harness::minor_page_faults;

// The allocator of the suite processes: the arrays measured here live where the suites' do
// (large blocks mapped on their own, with huge pages), and the memory-story bench can count
// its heap.
#[global_allocator]
static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;

/// Elements in the copy benchmarks: 10M `i64`, 80 MB, as in the article.
const COPY_LEN: usize = 10_000_000;

fn main() {
    report_page_faults();
    divan::main();
}

/// Prints the page faults one 80 MB copy costs, each way, and its time, averaged over 10
/// copies made one after another (each result dropped before the next copy), outside divan.
fn report_page_faults() {
    let Some(_) = minor_page_faults() else {
        println!("page faults: not available on this OS");
        return;
    };
    let arr = Array::arange(COPY_LEN);
    let vec: Vec<i64> = (0..COPY_LEN as i64).collect();
    let mut touched = vec![1i64; COPY_LEN];
    let per_copy = |what: &str, copy: &mut dyn FnMut()| {
        copy(); // warm up the allocator
        let before = minor_page_faults().unwrap_or(0);
        let started = std::time::Instant::now();
        for _ in 0..10 {
            copy();
        }
        let took = started.elapsed() / 10;
        let after = minor_page_faults().unwrap_or(0);
        println!(
            "per 80 MB copy, {what:<44} {:>7} page faults, {:>6.2} ms (mean of 10)",
            (after - before) / 10,
            took.as_secs_f64() * 1e3
        );
    };
    println!();
    per_copy("Array::copy (huge pages):", &mut || {
        black_box(arr.copy());
    });
    per_copy("Rc collect, ordinary pages:", &mut || {
        black_box(collect_copy(&arr));
    });
    per_copy("Vec::clone:", &mut || {
        black_box(vec.clone());
    });
    per_copy("copy_from_slice into touched memory:", &mut || {
        black_box(&mut touched).copy_from_slice(black_box(&vec));
    });
    println!();
}

/// The copy without the scaffolding's `from_values` (the reference solution before huge
/// pages): an `Rc` collected from an exact-size iterator, on ordinary pages.
fn collect_copy(arr: &Array) -> Rc<[Cell<i64>]> {
    (0..arr.len()).map(|i| Cell::new(arr.get(i))).collect()
}

mod view {
    use super::*;
    // ndarray's `s![]` macro expands to `#[allow(unsafe_code)]`, which this workspace's
    // `forbid` rejects; for one axis, `slice_axis` is the same operation without the macro.
    use ndarray::{Axis, Slice};

    const SIZES: [usize; 3] = [1_000, 1_000_000, 100_000_000];

    #[divan::bench(args = SIZES)]
    fn viewbook_slice(bencher: Bencher, n: usize) {
        let arr = Array::arange(n);
        bencher.bench_local(|| black_box(&arr).slice(..n / 2));
    }

    #[divan::bench(args = SIZES)]
    fn ndarray_slice(bencher: Bencher, n: usize) {
        let arr = ndarray::Array1::from_iter(0..n as i64);
        bencher.bench_local(|| black_box(&arr).slice_axis(Axis(0), Slice::from(..n / 2)));
    }

    #[divan::bench(args = SIZES)]
    fn ndarray_arcarray_clone_slice(bencher: Bencher, n: usize) {
        let arr = ndarray::ArcArray1::from_iter(0..n as i64);
        bencher.bench_local(|| {
            let mut view = black_box(&arr).clone();
            view.slice_axis_inplace(Axis(0), Slice::from(..n / 2));
            view
        });
    }
}

mod copy {
    use super::*;

    #[divan::bench(sample_count = 30)]
    fn viewbook_copy(bencher: Bencher) {
        let arr = Array::arange(COPY_LEN);
        bencher.bench_local(|| black_box(&arr).copy());
    }

    /// The solution before bulk copies: every element through `iter()` into `from_values`.
    #[divan::bench(sample_count = 30)]
    fn from_values_iter(bencher: Bencher) {
        let arr = Array::arange(COPY_LEN);
        bencher.bench_local(|| {
            let arr = black_box(&arr);
            Array::from_values(arr.len(), arr.iter())
        });
    }

    /// `copy()` of a stepped view (every second element of 20M): 80 MB, one element per run.
    #[divan::bench(sample_count = 30)]
    fn viewbook_copy_step_2(bencher: Bencher) {
        let arr = Array::arange(2 * COPY_LEN);
        let view = arr.slice_step(None, None, 2);
        bencher.bench_local(|| black_box(&view).copy());
    }

    /// The same stepped view through `iter()` into `from_values`, as before bulk copies.
    #[divan::bench(sample_count = 30)]
    fn from_values_iter_step_2(bencher: Bencher) {
        let arr = Array::arange(2 * COPY_LEN);
        let view = arr.slice_step(None, None, 2);
        bencher.bench_local(|| {
            let view = black_box(&view);
            Array::from_values(view.len(), view.iter())
        });
    }

    /// The floor for fresh memory: a new huge-page buffer written from a counter, with no
    /// source to read (what `copy()` costs beyond this is its element loop).
    #[divan::bench(sample_count = 30)]
    fn fresh_buffer_from_a_counter(bencher: Bencher) {
        bencher.bench_local(|| viewbook::buffer::cells(COPY_LEN, 0..));
    }

    #[divan::bench(sample_count = 30)]
    fn rc_collect_ordinary_pages(bencher: Bencher) {
        let arr = Array::arange(COPY_LEN);
        bencher.bench_local(|| collect_copy(black_box(&arr)));
    }

    #[divan::bench(sample_count = 30)]
    fn vec_clone(bencher: Bencher) {
        let vec: Vec<i64> = (0..COPY_LEN as i64).collect();
        bencher.bench_local(|| black_box(&vec).clone());
    }

    #[divan::bench(sample_count = 30)]
    fn copy_from_slice_into_touched_memory(bencher: Bencher) {
        let vec: Vec<i64> = (0..COPY_LEN as i64).collect();
        let mut touched = vec![1i64; COPY_LEN];
        bencher.bench_local(|| touched.copy_from_slice(black_box(&vec)));
    }
}

mod access {
    use super::*;

    const N: usize = COPY_LEN;

    #[divan::bench]
    fn slice_sum(bencher: Bencher) {
        let vec: Vec<i64> = (0..N as i64).collect();
        bencher.bench_local(|| black_box(&vec[..]).iter().sum::<i64>());
    }

    #[divan::bench]
    fn view_iter_sum(bencher: Bencher) {
        let arr = Array::arange(N);
        let view = arr.slice(..);
        bencher.bench_local(|| black_box(&view).iter().sum::<i64>());
    }

    #[divan::bench]
    fn view_get_sum(bencher: Bencher) {
        let arr = Array::arange(N);
        let view = arr.slice(..);
        bencher.bench_local(|| {
            let view = black_box(&view);
            (0..view.len()).map(|i| view.get(i)).sum::<i64>()
        });
    }

    #[divan::bench]
    fn slice_step_2_sum(bencher: Bencher) {
        let vec: Vec<i64> = (0..N as i64).collect();
        bencher.bench_local(|| black_box(&vec[..]).iter().step_by(2).sum::<i64>());
    }

    #[divan::bench]
    fn view_step_2_iter_sum(bencher: Bencher) {
        let arr = Array::arange(N);
        let view = arr.slice_step(None, None, 2);
        bencher.bench_local(|| black_box(&view).iter().sum::<i64>());
    }
}

mod rss {
    use super::*;
    use viewbook::harness::{MemoryStory, RssProbe, STORY_ELEMENTS, Unit};

    #[divan::bench]
    fn one_rss_read(bencher: Bencher) {
        let mut probe = RssProbe::new();
        bencher.bench_local(|| probe.read());
    }

    /// Chapter 2's story: a 4 MiB array, two views, a copy of half, dropped again.
    #[divan::bench(sample_count = 10)]
    fn chapter_2_memory_story(bencher: Bencher) {
        const N: usize = STORY_ELEMENTS;
        bencher.bench_local(|| {
            let mut story = MemoryStory::begin(
                "ch02_views",
                "Slicing an array does not copy it",
                Unit::of_words("arr", N, "i64"),
            );
            let arr = story.step("arr = np.arange(N)", "let arr = Array::arange(N)", || {
                Array::arange(N)
            });
            let view = story.step("view = arr[:N//2]", "let view = arr.slice(..N / 2)", || {
                arr.slice(..N / 2)
            });
            let copied = story.step("copied = view.tolist()", "view.to_vec()", || view.to_vec());
            story.step("del copied", "drop(copied)", || drop(copied));
            story.step("del view", "drop(view)", || drop(view));
            story.step("del arr", "drop(arr)", || drop(arr));
            story.expect("view = arr[:N//2]", 0.0).check();
        });
    }
}
