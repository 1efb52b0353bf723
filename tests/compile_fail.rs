//! Chapter 8's compile-fail cases: the article's two bugs, written in Rust, do not compile.
//!
//! A view kept after its array is dropped (chapter 3's leak) and a write into an array while a
//! view of it is alive (chapter 4's surprise) are errors of the borrow checker in Rust. Each
//! case in `suites/compile_fail/` is one of them, with the compiler's expected message next to
//! it (`NAME.stderr`): the book's chapter 8 shows both, so the compiler's words are part of the
//! lesson, and this test keeps them true.
//!
//! The messages are rustc's own, and a newer compiler may word them differently. When this
//! test fails only on wording, rerun it with `TRYBUILD=overwrite cargo test --test
//! compile_fail`, read the diff of the `.stderr` files (the error codes, E0505 and E0502, and
//! the spans must stay), then commit them. A case that starts to compile is a real failure.

#[test]
fn the_articles_bugs_do_not_compile_in_rust() {
    trybuild::TestCases::new().compile_fail("suites/compile_fail/*.rs");
}
