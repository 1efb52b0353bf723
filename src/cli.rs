//! The command line, as clap derive: the doc comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// viewbook: a test-driven workbook on memory views. Run with no command to see where you are
/// and what to do next.
#[derive(Debug, Parser)]
#[command(version)]
pub struct Cli {
    /// The workbook to work in (default: the one this program was built from).
    #[arg(long, global = true, value_name = "DIR")]
    pub workbook: Option<PathBuf>,

    /// What to do (default: status).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// viewbook's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every chapter of your exercises and show the next step.
    Status,
    /// Show a hint for a chapter: the first by default, then ask for the next by number.
    Hint {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
        /// Which hint, from 1 (a nudge) to the last (nearly the answer).
        #[arg(default_value_t = 1)]
        number: usize,
    },
    /// Put a chapter's file back to its pristine stub (your file is saved first), or bring the
    /// saved file back with --undo.
    Reset {
        /// The chapter: its slug (`ch01_lists`), its prefix (`ch01`) or its number (`1`).
        chapter: String,
        /// Bring back the file the last reset (or undo) saved.
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
    },
}
