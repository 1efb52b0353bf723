// Included by each shared suite in suites/ (as `include!`), which then says
// `workbook!(its_chapter);`: the suites reach the implementation as `workbook::...`.
//
// In this package the suite compiles the learner's files itself, as modules of its own crate,
// rather than linking the `exercises` library. A save then rebuilds one crate, not the
// library and then the suite: about a tenth of a second less between saving a chapter and its
// verdict (BENCHMARKS.md, "Save -> verdict"). The library target stays, for `cargo check`,
// rust-analyzer and the grader's screen; it is not linkable (Cargo.toml), so cargo never
// builds it before a suite.
//
// Every suite compiles every file (chapter 7's suite calls methods of chapters 2 to 5, and the
// reference model's glue names the types of chapters 1 and 8), but only the suite's own
// chapter shows the compiler's warnings: `cargo test -p exercises` would otherwise print a
// warning of chapter 2 once for each of the six suites that compile its file. Errors show
// wherever they are.
macro_rules! workbook {
    ($chapter:ident) => {
        /// One learner file, mounted at this crate's root (the files say `crate::array::...`).
        macro_rules! learner_file {
            ($chapter, $path:literal) => {
                // A stub's private helpers are unused until the learner calls them.
                #[allow(dead_code)]
                #[path = $path]
                pub mod $chapter;
            };
            ($module:ident, $path:literal) => {
                #[allow(warnings)]
                #[path = $path]
                pub mod $module;
            };
        }
        // Paths are relative to suites/, where the suite that expands this macro lives.
        learner_file!(array, "../exercises/src/array.rs");
        learner_file!(ch06_support, "../exercises/src/ch06_support.rs");
        learner_file!(matrix, "../exercises/src/matrix.rs");
        learner_file!(range, "../exercises/src/range.rs");
        learner_file!(ch01_lists, "../exercises/src/ch01_lists.rs");
        learner_file!(ch02_views, "../exercises/src/ch02_views.rs");
        learner_file!(ch03_base, "../exercises/src/ch03_base.rs");
        learner_file!(ch04_aliasing, "../exercises/src/ch04_aliasing.rs");
        learner_file!(ch05_copy, "../exercises/src/ch05_copy.rs");
        learner_file!(ch06_takeaways, "../exercises/src/ch06_takeaways.rs");
        learner_file!(ch07_strides, "../exercises/src/ch07_strides.rs");
        learner_file!(ch08_rust_views, "../exercises/src/ch08_rust_views.rs");

        /// The learner's workbook, as the suites name it: this crate, whose root holds the files.
        #[allow(unused_imports)]
        use crate as workbook;
    };
}

// Every suite process counts its heap and maps its large blocks itself, so that its memory
// stories measure the same under any C allocator (see viewbook's `heap` module).
#[global_allocator]
static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;
