//! The `viewbook` binary: `cargo run` shows the workbook's status and the next step.

mod cli;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use cli::{Cli, Command};
use viewbook::book;
use viewbook::hint::{find_chapter, render_hint};
use viewbook::manifest::manifest;
use viewbook::reset;
use viewbook::status::{check_workbook, render};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("viewbook: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let workbook = cli
        .workbook
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    if !workbook.join("exercises/Cargo.toml").is_file() {
        bail!(
            "{} is not a viewbook workbook (it has no exercises/Cargo.toml)",
            workbook.display()
        );
    }
    match cli.command.unwrap_or(Command::Status) {
        Command::Status => {
            let manifest = manifest();
            let states = check_workbook(&workbook, manifest)
                .with_context(|| format!("checking the exercises in {}", workbook.display()))?;
            print!("{}", render(manifest, &states));
            Ok(ExitCode::SUCCESS)
        }
        Command::Book { open, no_measure } => {
            if !no_measure {
                let measured = workbook.join("target/viewbook-stories");
                let _ = std::fs::remove_dir_all(&measured);
                eprintln!("measuring the memory stories of the reference solutions ...");
                book::measure_stories(&workbook, &measured)?;
                let charts = book::write_charts(&workbook, &measured)?;
                eprintln!("drew {charts} charts in {}", book::CHARTS_DIR);
            }
            let index = book::build(&workbook, None)?;
            println!("{}", index.display());
            if open {
                book::open(&index)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Reset { chapter, undo, yes } => {
            let chapter = find_chapter(manifest(), &chapter)?;
            let file = chapter.exercise_file();
            let action = if undo {
                "Bring back your last saved version of"
            } else {
                "Put back the pristine stub of"
            };
            if !yes
                && !confirm(&format!(
                    "{action} {file}? (your current file is saved first)"
                ))?
            {
                println!("Nothing changed.");
                return Ok(ExitCode::SUCCESS);
            }
            let outcome = if undo {
                reset::undo(&workbook, chapter)?
            } else {
                reset::reset(&workbook, chapter)?
            };
            match outcome {
                reset::Outcome::AlreadyPristine => println!("{file} is unchanged: nothing to do."),
                reset::Outcome::Replaced { backup } => {
                    println!("Saved your file to {}.", backup.display());
                    if undo {
                        println!("Restored your earlier {file}.");
                    } else {
                        println!(
                            "Restored the stub of {file}. Changed your mind? cargo run -- reset {} --undo",
                            chapter.slug
                        );
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Hint { chapter, number } => {
            let chapter = find_chapter(manifest(), &chapter)?;
            print!("{}", render_hint(chapter, number)?);
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Asks a yes/no question on the terminal; without a terminal, refuses (use --yes).
fn confirm(question: &str) -> Result<bool> {
    use std::io::{BufRead, IsTerminal, Write};
    if !std::io::stdin().is_terminal() {
        bail!("{question}: no terminal to ask on; run again with --yes to go ahead");
    }
    print!("{question} [y/N] ");
    std::io::stdout().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
