//! How a suite process reports a panic when `RUST_BACKTRACE=1` is set: the message first, then
//! only the workbook's own frames.
//!
//! Many Rust users keep `RUST_BACKTRACE=1` in their shell. Under it, std's report of every
//! `todo!()` left in a stub, and of every failed check, ends in a dozen frames of std and the
//! harness (the untouched chapter 1 printed 215 lines, half of them frames). A learner needs
//! the message and where it happened in *their* code. So, with `RUST_BACKTRACE` set to
//! anything but `0` or `full`, a panic prints std's header and message, and then:
//!
//! - for a `todo!()`, nothing more: the header already names the stub's line;
//! - for a failed check of a chapter's suite, nothing more: its message says what and where;
//! - otherwise, the frames in the workbook's own files (`exercises/src/`, `solutions/src/`,
//!   `mistakes/src/` and the chapter suites), innermost first, and how to see every frame.
//!
//! Unset or `0`, and `full`, keep std's own report. [`install`] is called once per suite
//! process, by the suites' allocator on its first allocation ([`crate::heap`]): nothing else
//! runs early enough to come before a stub's first `todo!()`.

use std::backtrace::Backtrace;
use std::panic::PanicHookInfo;

use crate::manifest::panic_text;

/// The folders whose frames a learner can act on.
const WORKBOOK_FOLDERS: [&str; 4] = [
    "exercises/src/",
    "solutions/src/",
    "mistakes/src/",
    "suites/ch",
];

/// At most this many workbook frames are shown: the innermost ones are where to look.
const MOST_FRAMES: usize = 8;

/// Puts the lessons-first report in front of the panic hook in place (std's by default).
pub fn install() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if short_backtrace_wanted(std::env::var("RUST_BACKTRACE").ok().as_deref()) {
            report(info);
        } else {
            previous(info);
        }
    }));
}

/// Whether `RUST_BACKTRACE`'s value asks for a backtrace, but not for every frame.
fn short_backtrace_wanted(value: Option<&str>) -> bool {
    !matches!(value, None | Some("0") | Some("full"))
}

fn report(info: &PanicHookInfo<'_>) {
    let thread = std::thread::current();
    let name = thread.name().unwrap_or("<unnamed>");
    let location = info
        .location()
        .map_or_else(|| "an unknown place".to_owned(), ToString::to_string);
    let message = panic_text(info.payload()).unwrap_or("Box<dyn Any>");
    let mut text = format!("\nthread '{name}' panicked at {location}:\n{message}\n");
    // A stub's `todo!()` and a suite's teaching message already say where: no frames.
    // (A learner's file compiled into a suite is named `exercises/src/...` through the
    // workspace's `--remap-path-prefix`; without it, `exercises/../suites/../exercises/src/...`.)
    let in_a_suite = location.contains("suites/") && !location.contains("exercises/src/");
    if !message.starts_with("not yet implemented") && !in_a_suite {
        let frames = workbook_frames(&Backtrace::force_capture().to_string());
        if !frames.is_empty() {
            text.push_str("in the workbook's code, innermost first (RUST_BACKTRACE=full shows every frame):\n");
            text.push_str(&frames.join("\n"));
            text.push('\n');
        }
    }
    // `eprint!` is what libtest captures for the failed test's report.
    eprint!("{text}");
}

/// The frames of std's backtrace text that are the workbook's own code, as `  FUNCTION`, with
/// `      at PATH:LINE:COLUMN` beneath when the build has line tables (the workbook's dev
/// profile has none, so a frame is known by its crate: the learner's, a solution, a mistake,
/// or a chapter's suite).
fn workbook_frames(backtrace: &str) -> Vec<String> {
    let lines: Vec<&str> = backtrace.lines().collect();
    let mut frames = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some((number, function)) = line.trim_start().split_once(": ") else {
            continue;
        };
        if number.parse::<usize>().is_err() || !in_workbook(function) {
            continue;
        }
        let mut frame = format!("  {function}");
        if let Some(path) = lines
            .get(i + 1)
            .and_then(|l| l.trim_start().strip_prefix("at "))
        {
            let path = WORKBOOK_FOLDERS
                .iter()
                .find_map(|folder| path.find(folder))
                .map_or(path, |at| &path[at..]);
            frame.push_str(&format!("\n      at {path}"));
        }
        frames.push(frame);
    }
    frames.truncate(MOST_FRAMES);
    frames
}

/// Whether a frame's function belongs to the workbook's crates rather than to std, a library or
/// the harness.
fn in_workbook(function: &str) -> bool {
    let krate = function
        .trim_start_matches('<')
        .split("::")
        .next()
        .unwrap_or("");
    matches!(krate, "exercises" | "solutions" | "mistakes")
        || crate::manifest::manifest()
            .chapters
            .iter()
            .any(|c| c.test == krate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_request_gets_the_short_report() {
        assert!(short_backtrace_wanted(Some("1")));
        assert!(short_backtrace_wanted(Some("yes")));
        assert!(!short_backtrace_wanted(None));
        assert!(!short_backtrace_wanted(Some("0")));
        assert!(!short_backtrace_wanted(Some("full")));
    }

    #[test]
    fn keeps_the_workbook_frames_of_a_backtrace() {
        let backtrace = "   0: __rustc::rust_begin_unwind
             at /rustc/abc/library/std/src/panicking.rs:697:5
   1: core::panicking::panic_fmt
             at /rustc/abc/library/core/src/panicking.rs:75:14
   2: exercises::ch02_views::<impl exercises::array::Array>::get
             at ./exercises/src/ch02_views.rs:20:5
   3: viewbook::manifest::Chapter::check_eq
             at /home/me/viewbook/src/manifest.rs:140:9
   4: ch02_views::a_view_reads_the_array
             at ./exercises/../suites/ch02_views.rs:77:13
   5: <solutions::array::Array as core::ops::Index>::index
   6: core::ops::function::FnOnce::call_once
             at /rustc/abc/library/core/src/ops/function.rs:250:5";
        assert_eq!(
            workbook_frames(backtrace),
            [
                "  exercises::ch02_views::<impl exercises::array::Array>::get\n      at exercises/src/ch02_views.rs:20:5",
                "  ch02_views::a_view_reads_the_array\n      at suites/ch02_views.rs:77:13",
                "  <solutions::array::Array as core::ops::Index>::index",
            ]
        );
    }
}
