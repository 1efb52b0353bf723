//! The command line, as clap derive: the doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// viewbook: a test-driven workbook on memory views. Run with no command to see where you are
/// and what to do next.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Cli {
    /// The workbook to work in (default: the one around the current folder, found upward as
    /// Cargo finds its manifest).
    #[arg(long, global = true, value_name = "DIR")]
    pub workbook: Option<PathBuf>,

    /// The language to speak: `en` or `zh-CN`, remembered for the commands that follow
    /// (default: the one last asked for, else your locale's, from LC_ALL, LC_MESSAGES or
    /// LANG). With `book`, the one edition to build (default: every edition).
    #[arg(long, global = true, value_name = "LANG")]
    pub language: Option<viewbook::translation::Language>,

    /// What to do (default: status).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// viewbook's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every chapter of your exercises and show the next step.
    Status,
    /// Check every chapter (the same as status).
    Check,
    /// Re-check the current chapter every time you save, and move on when it passes.
    Watch {
        /// Look at the files every half second instead of waiting for file events.
        #[arg(long, conflicts_with = "manual_run")]
        poll: bool,
        /// Check only when you press `r`.
        #[arg(long)]
        manual_run: bool,
    },
    /// List the chapters and where each stands.
    List {
        /// Only the chapters whose slug or title contains this.
        filter: Option<String>,
        /// Only chapters that pass.
        #[arg(long, conflicts_with = "pending")]
        done: bool,
        /// Only chapters that don't pass yet.
        #[arg(long)]
        pending: bool,
    },
    /// Skip ahead: work on the chapter after the current one.
    Next,
    /// Work on this chapter next, whatever is done before it.
    Goto {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
    },
    /// Show one more hint for a chapter (each call shows the next), or hint N.
    Hint {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
        /// Which hint, from 1 (a nudge) to the last (nearly the answer).
        number: Option<usize>,
    },
    /// Show the reference solution of a chapter you have passed.
    Solution {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
        /// Show it even though the chapter does not pass yet.
        #[arg(long)]
        force: bool,
    },
    /// Put a chapter's file back to its pristine stub (your file is saved first), or bring the
    /// saved file back with --undo.
    Reset {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
        /// Bring back the file your last reset replaced (your current file is saved first);
        /// running it again changes nothing.
        #[arg(long)]
        undo: bool,
        /// Don't ask for confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Build the book (book/book/index.html), with memory charts measured afresh.
    Book {
        /// Open the built book in your browser.
        #[arg(long)]
        open: bool,
        /// Keep the charts as they are instead of measuring the stories again.
        #[arg(long)]
        no_measure: bool,
        /// For translators: write the template book/po/messages.pot from the English sources
        /// (then `msgmerge --update book/po/zh-CN.po book/po/messages.pot`), and build nothing.
        #[arg(long, conflicts_with_all = ["open", "no_measure"])]
        extract: bool,
    },
    /// For instructors: write the class copy of the workbook (no solutions) into a new folder,
    /// with its GitHub Classroom workflow.
    Release {
        /// The folder to create (it must not exist, or be empty).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// For instructors: grade submissions (workbook folders or git repositories) on pristine
    /// tests; writes results.json and report.md per student, grades.csv and report.md.
    Grade {
        /// The submissions: each a student's workbook folder or a git repository.
        #[arg(required = true, value_name = "SUBMISSION")]
        submissions: Vec<PathBuf>,
        /// Where to write the results (new, empty, or a previous grading's output).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Seconds each chapter's suite may run (default: chapters.toml's [grading]).
        #[arg(long, value_name = "SECONDS")]
        time_limit: Option<u64>,
        /// MiB of address space each chapter's suite may use (default: chapters.toml's).
        #[arg(long, value_name = "MIB")]
        memory_limit: Option<u64>,
        /// The grader's workspace and build cache (default: the platform's cache folder, e.g.
        /// ~/.cache/viewbook/grading), kept so the next grading builds only the students' code.
        /// Never inside the workbook: a submission must not find the solutions beside it.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
        /// Grade without bubblewrap's sandbox (every report then says its grades are not
        /// protected from the code they grade).
        #[arg(long)]
        no_sandbox: bool,
        /// Build submissions without the screen that refuses APIs no chapter needs, so that
        /// only the sandbox stands between them and the grader: for testing the sandbox.
        #[arg(long, hide = true)]
        unscreened: bool,
    },
    /// For instructors: print the GitHub Classroom autograding workflow (one step per chapter,
    /// points and time limits from chapters.toml), or write it into a student repository.
    Classroom {
        /// The student repository to write `.github/workflows/classroom.yml` into.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}
