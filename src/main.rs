//! The `viewbook` binary: `cargo run` shows the workbook's status and the next step; the
//! subcommands are in `cli.rs`, each carried out by its module in the library.

mod cli;

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Parser;

use cli::{Cli, Command};
#[cfg(unix)]
use viewbook::grading;
use viewbook::hint::{find_chapter, render_hint};
use viewbook::manifest::manifest;
use viewbook::progress::Progress;
use viewbook::runner::SuiteRun;
use viewbook::status::{
    ChapterState, chapter_lines, check_workbook, current_chapter, next_step_only, render,
};
use viewbook::translation::{self, Catalogue, Language, words};
use viewbook::{book, classroom, release, reset, watch};

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("viewbook: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Speaks `language` from now on: the status, the hints and the CLI's guidance come from its
/// catalogue. A workbook without it (an old class copy) speaks English, and says so.
fn speak(workbook: &Path, language: Language) {
    match Catalogue::load(workbook, language) {
        Ok(words) => translation::speak(words),
        Err(e) => eprintln!("viewbook: {e:#}; speaking English"),
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let workbook = viewbook::workbook::locate(
        cli.workbook.as_deref(),
        &std::env::current_dir().context("reading the current folder")?,
    )?;
    let manifest = manifest();
    let (mut progress, notice) = Progress::load(&workbook);
    if let Some(notice) = notice {
        eprintln!("viewbook: {notice}");
    }
    let remembered = progress.language.as_deref().and_then(Language::parse);
    // `book --language` picks an edition to build; anywhere else the flag is the learner's
    // choice of language, kept for the commands that follow.
    let building = matches!(cli.command, Some(Command::Book { .. }));
    if let Some(asked) = cli.language
        && !building
        && remembered != Some(asked)
    {
        progress.language = Some(asked.code().to_owned());
        progress.save(&workbook)?;
    }
    let language = match (cli.language, building) {
        (Some(asked), false) => asked,
        _ => remembered.unwrap_or_else(Language::from_locale),
    };
    speak(&workbook, language);
    match cli.command.unwrap_or(Command::Status) {
        Command::Status | Command::Check => {
            let states = check_workbook(&workbook, manifest)?;
            let reading = book::reading(&workbook, std::io::stdout().is_terminal());
            print!(
                "{}",
                render(manifest, &states, progress.current.as_deref(), &reading)
            );
        }
        Command::Watch { poll, manual_run } => {
            let mode = if manual_run {
                watch::Mode::Manual
            } else if poll {
                watch::Mode::Poll
            } else {
                watch::Mode::Events
            };
            watch::run(&workbook, manifest, mode)?;
        }
        Command::List {
            filter,
            done,
            pending,
        } => {
            let states = check_workbook(&workbook, manifest)?;
            let asked = filter.unwrap_or_default();
            let filter = asked.to_lowercase();
            let lines = chapter_lines(manifest, &states, |chapter, state| {
                let passes = matches!(state, ChapterState::Done { .. });
                (!done || passes)
                    && (!pending || !passes)
                    && [
                        chapter.slug.clone(),
                        chapter.title.clone(),
                        words().get(&chapter.title),
                    ]
                    .iter()
                    .any(|name| name.to_lowercase().contains(&filter))
            });
            if lines.is_empty() && !asked.is_empty() {
                println!("{}", viewbook::status::no_match(&asked));
            } else {
                print!("{lines}");
            }
        }
        Command::Next => {
            let states = check_workbook(&workbook, manifest)?;
            let from = current_chapter(manifest, &states, progress.current.as_deref());
            let next = from.map_or(0, |i| i + 1);
            let Some(chapter) = manifest.chapters.get(next) else {
                bail!(
                    "there is no chapter after {}",
                    manifest.chapters.last().map_or("", |c| &c.slug)
                );
            };
            progress.current = Some(chapter.slug.clone());
            progress.save(&workbook)?;
            let reading = book::reading(&workbook, std::io::stdout().is_terminal());
            print!("{}", next_step_only(next + 1, chapter, &reading));
        }
        Command::Goto { chapter } => {
            let chapter = find_chapter(manifest, &chapter)?;
            let number = manifest
                .chapters
                .iter()
                .position(|c| c.slug == chapter.slug)
                .unwrap_or(0)
                + 1;
            progress.current = Some(chapter.slug.clone());
            progress.save(&workbook)?;
            let reading = book::reading(&workbook, std::io::stdout().is_terminal());
            print!("{}", next_step_only(number, chapter, &reading));
        }
        Command::Hint { chapter, number } => {
            let chapter = find_chapter(manifest, &chapter)?;
            let seen = progress.hints_seen.get(&chapter.slug).copied().unwrap_or(0);
            let number = number.unwrap_or((seen + 1).min(chapter.hints.len()));
            let page = book::page_to_read(&workbook, chapter);
            print!("{}", render_hint(chapter, number, &page)?);
            progress
                .hints_seen
                .insert(chapter.slug.clone(), seen.max(number));
            progress.save(&workbook)?;
        }
        Command::Solution { chapter, force } => {
            let chapter = find_chapter(manifest, &chapter)?;
            show_solution(&workbook, chapter, force)?;
        }
        Command::Reset { chapter, undo, yes } => {
            let chapter = find_chapter(manifest, &chapter)?;
            reset::run(&workbook, chapter, undo, yes)?;
        }
        Command::Book {
            open,
            no_measure,
            extract,
        } => {
            if extract {
                let path = book::extract(&workbook)?;
                println!("{}", path.display());
            } else {
                book::run(&workbook, open, !no_measure, cli.language)?
            }
        }
        Command::Release { out } => {
            let files = release::release(&workbook, manifest, &out)?;
            println!(
                "Wrote the class copy to {} ({files} files): the book, the stubs, the suites \
                 and the CLI, no solutions, with .github/workflows/classroom.yml.\n\
                 Next: put it in a repository and make it your GitHub Classroom assignment's \
                 template (see the book's instructor's guide).",
                out.display()
            );
        }
        #[cfg(unix)]
        Command::Grade {
            submissions,
            out,
            time_limit,
            memory_limit,
            cache,
            no_sandbox,
            unscreened,
        } => {
            let options = grading::Options {
                cache: match cache {
                    Some(cache) => cache,
                    None => grading::default_cache()?,
                },
                out,
                time_limit,
                memory_limit,
                progress_bar: true,
                sandbox: grading::sandbox::Sandbox::detect(no_sandbox)?,
                screened: !unscreened,
            };
            let started = std::time::Instant::now();
            let class = grading::grade(&workbook, manifest, &submissions, &options)?;
            for results in &class {
                println!(
                    "{:<24} {:>3}/{}  {}",
                    results.student,
                    results.score,
                    results.max_score,
                    results
                        .message
                        .as_deref()
                        .and_then(|m| m.lines().next())
                        .unwrap_or("")
                );
            }
            println!(
                "Graded {} submissions in {:.0} s: {}/grades.csv, {}/report.md, and \
                 STUDENT/results.json for each.",
                class.len(),
                started.elapsed().as_secs_f64(),
                options.out.display(),
                options.out.display()
            );
        }
        // The grader limits each suite with process groups and `ulimit`, which only Unix has.
        #[cfg(not(unix))]
        Command::Grade { .. } => {
            anyhow::bail!(
                "grading needs Linux or macOS: it runs each student's suites under process \
                 groups and `ulimit`, which this OS does not have"
            );
        }
        Command::Classroom { out } => {
            let yaml = classroom::workflow(manifest);
            match out {
                None => print!("{yaml}"),
                Some(dir) => {
                    let path = dir.join(release::WORKFLOW_FILE);
                    if path.exists() && std::fs::read_to_string(&path)? != yaml {
                        bail!(
                            "{} exists and differs: move it away first (nothing is overwritten)",
                            path.display()
                        );
                    }
                    if let Some(parent) = path.parent() {
                        std::fs::create_dir_all(parent)?;
                    }
                    std::fs::write(&path, yaml)?;
                    println!("Wrote {}", path.display());
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints a chapter's reference solution, once the learner's chapter passes (or with --force).
fn show_solution(
    workbook: &Path,
    chapter: &viewbook::manifest::Chapter,
    force: bool,
) -> Result<()> {
    let path = workbook.join(chapter.solution_file());
    if !path.is_file() {
        bail!(
            "this workbook has no {}: in a class copy the reference solutions stay with your \
             instructor",
            chapter.solution_file()
        );
    }
    // A chapter remembered as done under its current inputs passes: no need to run it again.
    let remembered_done = viewbook::verdicts::key(workbook, manifest(), chapter)
        .ok()
        .and_then(|key| viewbook::verdicts::Verdicts::load(workbook).get(&chapter.slug, &key))
        .is_some_and(|state| matches!(state, ChapterState::Done { .. }));
    if !force && !remembered_done {
        let outcome = SuiteRun {
            workspace: workbook,
            package: "exercises",
            test: &chapter.test,
            features: &[],
        }
        .run()?;
        if !outcome.all_passed() {
            bail!(
                "{} does not pass yet ({}/{} checks): its solution stays hidden until it does \
                 (--force shows it anyway)",
                chapter.slug,
                outcome.passed(),
                outcome.tests.len()
            );
        }
    }
    println!("// {} (reference solution)\n", chapter.solution_file());
    print!("{}", std::fs::read_to_string(&path)?);
    Ok(())
}
