// Included by each shared suite in suites/ (as `include!`), which then says
// `workbook!(its_chapter);`: the suites reach the implementation as `workbook::...`, and
// compiled in this package, `workbook` is this package's library.
macro_rules! workbook {
    ($chapter:ident) => {
        use solutions as workbook;
    };
}

// Every suite process counts its heap and maps its large blocks itself, so that its memory
// stories measure the same under any C allocator (see viewbook's `heap` module).
#[global_allocator]
static HEAP: viewbook::heap::Heap = viewbook::heap::Heap;
