//! The screen a submission's files pass before they are built: what no chapter needs is
//! refused, with one line naming the file and the item.
//!
//! Two judges, each on what the compiler sees rather than on text:
//! - [`tokens`] lexes the file (comments and strings are not code) and refuses the syntax
//!   that reaches outside the crate or the language's safe part: `unsafe`, `extern`,
//!   `#[path]`, `include!`/`include_str!`/`include_bytes!`, `asm!`/`global_asm!`, and the
//!   compile-time environment (`env!`, `option_env!`), wherever they appear, inside macro
//!   definitions too; and what would make the file differ between the screen and the build
//!   (`cfg(clippy)`) or reach the suite's own crate, which compiles the file as one of its
//!   modules (`#[macro_export]`).
//! - clippy's `disallowed-methods`, `disallowed-types` and `disallowed-macros`
//!   ([`CLIPPY_TOML`]), run on the learner's crate before the build, judge *resolved* paths:
//!   `use std as s; s::process::exit(0)`, `let f = std::fs::write;` and a re-export are
//!   caught like the plain spelling. The run sets `cfg(test)`, as the suites' build does, so
//!   code behind `#[cfg(test)]` is judged too.
//!
//! Refused: processes, files, the environment, the network, threads, the real stdout and
//! stderr handles (`println!` stays: libtest captures it per test), panic hooks. The sandbox
//! is the second wall: what the screen misses still runs with nothing to reach.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The words refused wherever they appear as code, and why.
const REFUSED_WORDS: &[(&str, &str)] = &[
    ("unsafe", "no chapter needs unsafe code"),
    ("extern", "no chapter links to foreign code or other crates"),
    // A learner's file is compiled as a module of each suite's own crate
    // (exercises/tests/workbook.rs), where an exported macro would land beside the suite's code.
    (
        "macro_export",
        "a chapter's macros stay in its file (an exported one would join the suite's crate)",
    ),
];

/// The macros refused wherever they are invoked, and why.
const REFUSED_MACROS: &[(&str, &str)] = &[
    ("include", "it compiles in a file from outside the chapter"),
    ("include_str", "it reads a file from outside the chapter"),
    ("include_bytes", "it reads a file from outside the chapter"),
    ("env", "it reads the build's environment"),
    ("option_env", "it reads the build's environment"),
    ("asm", "inline assembly"),
    ("global_asm", "inline assembly"),
    ("naked_asm", "inline assembly"),
];

/// Why the file `source` is refused (`LINE: what is refused: why`), or `None`. A file that does not lex is left to the
/// compiler, which explains syntax errors better.
pub fn tokens(source: &str) -> Option<String> {
    let stream: TokenStream = source.parse().ok()?;
    refused_in(stream)
}

fn refused_in(stream: TokenStream) -> Option<String> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => {
                // `r#unsafe` is not a keyword, but `r#include_str!` is the macro.
                let spelled = ident.to_string();
                let word = spelled.strip_prefix("r#").unwrap_or(&spelled);
                let line = ident.span().start().line;
                if let Some((_, why)) = REFUSED_WORDS
                    .iter()
                    .find(|(w, _)| *w == word && spelled == word)
                {
                    return Some(format!("{line}: `{word}` is refused: {why}"));
                }
                let bang =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '!');
                if bang && let Some((_, why)) = REFUSED_MACROS.iter().find(|(m, _)| *m == word) {
                    return Some(format!("{line}: `{word}!` is refused: {why}"));
                }
                if matches!(word, "cfg" | "cfg_attr")
                    && let Some(TokenTree::Group(predicate)) = trees.get(i + 1 + usize::from(bang))
                    && let Some(line) = bare_word(predicate.stream(), "clippy")
                {
                    return Some(format!(
                        "{line}: `cfg(clippy)` is refused: code must be the same when clippy \
                         screens it and when it is built"
                    ));
                }
            }
            TokenTree::Group(group) => {
                // `#[path = "..."]`, `#![path = "..."]`, `#[cfg_attr(..., path = "...")]`, with
                // `path` raw or not: a module from another file.
                let attribute = group.delimiter() == Delimiter::Bracket
                    && matches!(trees[..i].last(), Some(TokenTree::Punct(p)) if p.as_char() == '#' || p.as_char() == '!');
                if attribute && let Some(line) = path_assignment(group.stream()) {
                    return Some(format!(
                        "{line}: `#[path]` is refused: a chapter's modules live in its own file"
                    ));
                }
                if let Some(why) = refused_in(group.stream()) {
                    return Some(why);
                }
            }
            _ => {}
        }
    }
    None
}

/// The line of `word` as a name of its own (not the start of a path such as
/// `clippy::needless_range_loop`) anywhere in `stream`, nested groups included.
fn bare_word(stream: TokenStream, word: &str) -> Option<usize> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    trees.iter().enumerate().find_map(|(i, tree)| match tree {
        TokenTree::Ident(ident) => {
            let spelled = ident.to_string();
            let path = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':');
            (spelled.strip_prefix("r#").unwrap_or(&spelled) == word && !path)
                .then(|| ident.span().start().line)
        }
        TokenTree::Group(group) => bare_word(group.stream(), word),
        _ => None,
    })
}

/// The line of a `path = ...` anywhere in an attribute's tokens, nested groups included.
fn path_assignment(stream: TokenStream) -> Option<usize> {
    let trees: Vec<TokenTree> = stream.into_iter().collect();
    for (i, tree) in trees.iter().enumerate() {
        match tree {
            TokenTree::Ident(ident) => {
                let spelled = ident.to_string();
                let equals =
                    matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == '=');
                if equals && spelled.strip_prefix("r#").unwrap_or(&spelled) == "path" {
                    return Some(ident.span().start().line);
                }
            }
            TokenTree::Group(group) => {
                if let Some(line) = path_assignment(group.stream()) {
                    return Some(line);
                }
            }
            _ => {}
        }
    }
    None
}

/// Clippy's lint flags for the screen: only the disallowed paths, as errors.
pub const CLIPPY_FLAGS: &[&str] = &[
    "-A",
    "clippy::all",
    // Forbidden, not denied: a learner's `#[allow(clippy::disallowed_methods)]` (or
    // `#![allow]`, or one inside `cfg_attr`) is then itself an error (E0453), never a way
    // around the screen.
    "-F",
    "clippy::disallowed_methods",
    "-F",
    "clippy::disallowed_types",
    "-F",
    "clippy::disallowed_macros",
    // A constant that evaluates for ever would hold the build to its time limit.
    "-F",
    "long_running_const_eval",
];

/// The screen's clippy configuration (written to the grader's cache, never to the workbook,
/// so a learner's own `cargo clippy` is not affected).
pub const CLIPPY_TOML: &str = r#"# viewbook's grading screen: the APIs no chapter needs. Judged on resolved paths.
disallowed-methods = [
    { path = "std::process::exit", reason = "a chapter never ends the process" },
    { path = "std::process::abort", reason = "a chapter never ends the process" },
    { path = "std::process::id", reason = "a chapter never looks at processes" },
    { path = "std::env::args", reason = "a chapter never reads the command line" },
    { path = "std::env::args_os", reason = "a chapter never reads the command line" },
    { path = "std::env::var", reason = "a chapter never reads the environment" },
    { path = "std::env::var_os", reason = "a chapter never reads the environment" },
    { path = "std::env::vars", reason = "a chapter never reads the environment" },
    { path = "std::env::vars_os", reason = "a chapter never reads the environment" },
    { path = "std::env::set_var", reason = "a chapter never changes the environment" },
    { path = "std::env::remove_var", reason = "a chapter never changes the environment" },
    { path = "std::env::current_dir", reason = "a chapter never looks at files" },
    { path = "std::env::set_current_dir", reason = "a chapter never looks at files" },
    { path = "std::env::current_exe", reason = "a chapter never looks at files" },
    { path = "std::env::home_dir", reason = "a chapter never looks at files" },
    { path = "std::env::temp_dir", reason = "a chapter never looks at files" },
    { path = "std::fs::read", reason = "a chapter never reads files" },
    { path = "std::fs::read_to_string", reason = "a chapter never reads files" },
    { path = "std::fs::read_dir", reason = "a chapter never reads files" },
    { path = "std::fs::read_link", reason = "a chapter never reads files" },
    { path = "std::fs::metadata", reason = "a chapter never looks at files" },
    { path = "std::fs::symlink_metadata", reason = "a chapter never looks at files" },
    { path = "std::fs::canonicalize", reason = "a chapter never looks at files" },
    { path = "std::fs::exists", reason = "a chapter never looks at files" },
    { path = "std::fs::write", reason = "a chapter never writes files" },
    { path = "std::fs::copy", reason = "a chapter never writes files" },
    { path = "std::fs::rename", reason = "a chapter never writes files" },
    { path = "std::fs::remove_file", reason = "a chapter never writes files" },
    { path = "std::fs::remove_dir", reason = "a chapter never writes files" },
    { path = "std::fs::remove_dir_all", reason = "a chapter never writes files" },
    { path = "std::fs::create_dir", reason = "a chapter never writes files" },
    { path = "std::fs::create_dir_all", reason = "a chapter never writes files" },
    { path = "std::fs::hard_link", reason = "a chapter never writes files" },
    { path = "std::fs::set_permissions", reason = "a chapter never writes files" },
    { path = "std::os::unix::fs::symlink", reason = "a chapter never writes files" },
    { path = "std::path::Path::exists", reason = "a chapter never looks at files" },
    { path = "std::path::Path::try_exists", reason = "a chapter never looks at files" },
    { path = "std::path::Path::is_file", reason = "a chapter never looks at files" },
    { path = "std::path::Path::is_dir", reason = "a chapter never looks at files" },
    { path = "std::path::Path::is_symlink", reason = "a chapter never looks at files" },
    { path = "std::path::Path::metadata", reason = "a chapter never looks at files" },
    { path = "std::path::Path::symlink_metadata", reason = "a chapter never looks at files" },
    { path = "std::path::Path::read_dir", reason = "a chapter never looks at files" },
    { path = "std::path::Path::read_link", reason = "a chapter never looks at files" },
    { path = "std::path::Path::canonicalize", reason = "a chapter never looks at files" },
    { path = "std::net::ToSocketAddrs::to_socket_addrs", reason = "a chapter never uses the network" },
    { path = "std::thread::spawn", reason = "a chapter never starts threads" },
    { path = "std::thread::scope", reason = "a chapter never starts threads" },
    { path = "std::thread::sleep", reason = "a chapter never waits" },
    { path = "std::io::stdout", reason = "print with println!, which the test harness captures per test" },
    { path = "std::io::stderr", reason = "print with eprintln!, which the test harness captures per test" },
    { path = "std::io::stdin", reason = "a chapter never reads input" },
    { path = "std::panic::set_hook", reason = "the test harness reports panics" },
    { path = "std::panic::take_hook", reason = "the test harness reports panics" },
]
disallowed-types = [
    { path = "std::fs::File", reason = "a chapter never opens files" },
    { path = "std::fs::OpenOptions", reason = "a chapter never opens files" },
    { path = "std::fs::DirBuilder", reason = "a chapter never writes files" },
    { path = "std::process::Command", reason = "a chapter never starts processes" },
    { path = "std::process::Child", reason = "a chapter never starts processes" },
    { path = "std::net::TcpStream", reason = "a chapter never uses the network" },
    { path = "std::net::TcpListener", reason = "a chapter never uses the network" },
    { path = "std::net::UdpSocket", reason = "a chapter never uses the network" },
    { path = "std::os::unix::net::UnixStream", reason = "a chapter never uses sockets" },
    { path = "std::os::unix::net::UnixListener", reason = "a chapter never uses sockets" },
    { path = "std::os::unix::net::UnixDatagram", reason = "a chapter never uses sockets" },
    { path = "std::thread::Builder", reason = "a chapter never starts threads" },
    { path = "std::io::Stdout", reason = "print with println!, which the test harness captures per test" },
    { path = "std::io::Stderr", reason = "print with eprintln!, which the test harness captures per test" },
]
disallowed-macros = [
    { path = "std::include", reason = "it compiles in a file from outside the chapter" },
    { path = "std::include_str", reason = "it reads a file from outside the chapter" },
    { path = "std::include_bytes", reason = "it reads a file from outside the chapter" },
    { path = "std::env", reason = "it reads the build's environment" },
    { path = "std::option_env", reason = "it reads the build's environment" },
]
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_syntax_is_found_wherever_it_is() {
        let refused = |source: &str| tokens(source).unwrap_or_default();
        assert!(refused("fn f() { unsafe { } }").starts_with("1: `unsafe` is refused"));
        assert!(refused("\nextern crate std as s;").starts_with("2: `extern` is refused"));
        assert!(refused("#[path = \"/x.rs\"] mod m;").contains("`#[path]`"));
        assert!(refused("mod a { #![path = \"x\"] }").contains("`#[path]`"));
        assert!(refused("const S: &str = include_str!(\"x\");").contains("`include_str!`"));
        assert!(
            refused("macro_rules! m { () => { include!(\"x\") } }").contains("`include!`"),
            "inside a macro's definition too"
        );
        assert!(refused("const P: &str = env!(\"HOME\");").contains("`env!`"));
        assert!(refused("core::arch::global_asm!(\"\");").contains("inline assembly"));
        // Raw identifiers and cfg_attr (found by the outside tester).
        assert!(refused("const S: &str = r#include_str!(\"x\");").contains("`include_str!`"));
        assert!(refused("#[r#path = \"/x.rs\"] mod m;").contains("`#[path]`"));
        assert!(refused("#[cfg_attr(all(), path = \"/x.rs\")] mod m;").contains("`#[path]`"));
        assert!(refused("#[cfg_attr(all(), r#path = \"../x.rs\")] mod m;").contains("`#[path]`"));
        // Code the screen's clippy run would not see, and macros that would reach the suite.
        assert!(refused("#[cfg(not(clippy))]\nfn f() {}").contains("`cfg(clippy)` is refused"));
        assert!(refused("fn f() { if cfg!(r#clippy) {} }").contains("`cfg(clippy)`"));
        assert!(refused("#[cfg_attr(clippy, allow(x))] fn f() {}").contains("`cfg(clippy)`"));
        assert!(refused("#[macro_export] macro_rules! m { () => {} }").contains("`macro_export`"));
    }

    #[test]
    fn comments_strings_and_ordinary_names_pass() {
        for fine in [
            "// unsafe extern include!(\"x\")\nfn f() {}",
            "/// An `unsafe` word in a doc comment.\nfn f() {}",
            "fn f() -> &'static str { \"#[path = \\\"x\\\"] unsafe\" }",
            "fn include(path: u8) -> u8 { path }",
            "#[derive(Debug)] struct Path { env: u8 }",
            "fn f(v: &[u8]) -> bool { v.is_empty() }",
            "#[allow(clippy::needless_range_loop)] fn f() {}",
            "#[cfg_attr(test, allow(clippy::all))] fn f() {}",
            "#[cfg(test)] mod tests { #[test] fn mine() {} }",
        ] {
            assert_eq!(tokens(fine), None, "{fine}");
        }
    }

    #[test]
    fn the_clippy_configuration_parses_as_toml() {
        let table: toml::Table = toml::from_str(CLIPPY_TOML).unwrap();
        for key in [
            "disallowed-methods",
            "disallowed-types",
            "disallowed-macros",
        ] {
            assert!(
                table[key].as_array().is_some_and(|a| !a.is_empty()),
                "{key}"
            );
        }
    }
}
