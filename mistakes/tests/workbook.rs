// Included by each shared suite in suites/ (as `include!`): the suites say `workbook::...`,
// and compiled in this package, `workbook` is this package's library.
use mistakes as workbook;
