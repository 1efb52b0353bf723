//! `viewbook release`: the student copy of the workbook.
//!
//! A class gets the book, the stubs, the suites with their snapshots, the memory harness and
//! the CLI; it does not get the reference solutions, the catalogue of wrong solutions, the
//! project's own tests (which need both) or its scripts. The copy is built from an allow-list
//! of files, not folders: named files, and in named folders only the kinds of file the project
//! has there (`src/*.rs`, `suites/snapshots/*.snap`, ...). So an editor's backup of a solution
//! (`ch02_views.rs~`, `.ch02_views.rs.swp`, `#ch02_views.rs#`, `ch02_views.rs.orig`), a note,
//! a hidden file or build output left in the workbook never ships, and neither does a new kind
//! of file or a new folder until it is named here.
//!
//! The grader builds its pristine workspace from the same list (without the book), so what a
//! student compiles against at home is exactly what grades them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

use crate::classroom;
use crate::manifest::{BOOK_SRC, Manifest};
use crate::reset::STUBS_DIR;

/// What a release holds, relative to the workspace root, besides the stubs, the chapter files
/// and the scaffolding of `exercises/src/` (see [`student_tree`]); nothing else is copied. An entry is a file, which must be there, or
/// `FOLDER/*SUFFIX`: the regular files directly in FOLDER whose names end in SUFFIX and do not
/// start with a dot (none of its subfolders). Hidden files ship only when named, as
/// `.gitignore` and `.cargo/config.toml` are.
pub const INCLUDED: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "chapters.toml",
    "clippy.toml",
    ".gitignore",
    ".cargo/config.toml",
    // The CLI and the memory harness, the class copy's README's template, the CLI's snapshots.
    "src/*.rs",
    "src/grading/*.rs",
    "src/harness/*.rs",
    "src/release_readme.md",
    "src/snapshots/*.snap",
    // The learner's crate: its manifest, its own test, and its root, whose `mod` lines name the
    // scaffolding files that ship beside the chapters' stubs.
    "exercises/Cargo.toml",
    "exercises/tests/*.rs",
    LEARNER_LIB,
    // The chapter suites, the compiler errors chapter 8 expects, the reference model, NumPy's
    // recorded answers and the memory snapshots.
    "suites/*.rs",
    "suites/compile_fail/*.rs",
    "suites/compile_fail/*.stderr",
    "suites/model/Cargo.toml",
    "suites/model/*.rs",
    "suites/model/*.md",
    "suites/numpy/answers.txt",
    "suites/snapshots/*.snap",
];

/// The book's sources, included when the copy is for students (not for the grader): not the
/// built book (`book/book/`).
pub const BOOK: &[&str] = &[
    "book/book.toml",
    // What the charts were drawn from and teach: a class copy keeps its charts as they came
    // (it has no solutions to measure), and its book sources stay whole.
    "book/charts.toml",
    "book/numpy-stories.toml",
    "book/src/*.md",
    "book/src/charts/*.svg",
    // The translated editions: their catalogues (which also give the CLI its words) and charts.
    "book/po/README.md",
    "book/po/messages.pot",
    "book/po/*.po",
    "book/src/charts/zh-CN/*.svg",
    // The book's additional-css and additional-js (book.toml): mdBook refuses to build
    // without them.
    "book/theme/*.css",
    "book/theme/*.js",
];

/// The learner's crate's root, which declares the chapters' modules and the scaffolding's.
const LEARNER_LIB: &str = "exercises/src/lib.rs";

/// Where the release's GitHub Classroom workflow goes.
pub const WORKFLOW_FILE: &str = ".github/workflows/classroom.yml";

/// The instructor's guide, which a class copy replaces by a short note: it quotes the
/// catalogue of mistakes and the project's tests, which the copy does not have.
pub const INSTRUCTORS_PAGE: &str = "instructors.md";

const STUDENT_INSTRUCTORS_PAGE: &str = "# Instructor's guide\n\n\
This is a class copy of viewbook. The instructor's guide (releasing the workbook, grading, \
GitHub Classroom) is in the instructor's copy, with the reference solutions and the catalogue \
of common mistakes.\n\n\
Your chapters are graded by the same suites you run with `cargo test -p exercises`, taken \
from the instructor's pristine copy: only your chapter files in `exercises/src/` are read from \
your work, and one that uses what no chapter needs (files, processes, the environment, the \
network, threads, `unsafe`, `#[path]`, `include!`) is refused. A chapter's points count when \
every check of its suite passes.\n";

/// A set of files: path relative to the copy's root → contents.
pub type Tree = BTreeMap<PathBuf, Vec<u8>>;

/// The student copy's files: those [`INCLUDED`] (and the [`BOOK`] `with_book`), each chapter's
/// stub as `stubs/SLUG.rs` and as its `exercises/src/SLUG.rs`, and the scaffolding: the file
/// `exercises/src/NAME.rs` of each other module that `exercises/src/lib.rs` declares
/// (`mod NAME;`). No other file of `exercises/src/` ships: chapter files come from `stubs/`, so
/// an instructor who solved the chapters in their own `exercises/` does not hand their answers
/// out. The root manifest drops the `solutions` and `mistakes` members; each chapter page loses
/// its reference solution.
pub fn student_tree(workbook: &Path, manifest: &Manifest, with_book: bool) -> Result<Tree> {
    let mut tree = Tree::new();
    let mut entries: Vec<String> = INCLUDED.iter().map(|e| e.to_string()).collect();
    if with_book {
        entries.extend(BOOK.iter().map(|e| e.to_string()));
        // A chapter's sub-pages, its hints-and-solution page among them, sit in a folder named
        // after it.
        entries.extend(
            manifest
                .chapters
                .iter()
                .map(|c| format!("{BOOK_SRC}/{}/*.md", c.slug)),
        );
    }
    for entry in &entries {
        collect(workbook, entry, &mut tree)?;
    }
    for chapter in &manifest.chapters {
        let stub = Path::new(STUBS_DIR).join(format!("{}.rs", chapter.slug));
        let text = read(workbook, &stub)?;
        tree.insert(PathBuf::from(chapter.exercise_file()), text.clone());
        tree.insert(stub, text);
    }
    let lib = String::from_utf8_lossy(&tree[Path::new(LEARNER_LIB)]).into_owned();
    for module in declared_modules(&lib) {
        if manifest.chapter(module).is_some() {
            continue;
        }
        let file = Path::new(LEARNER_LIB).with_file_name(format!("{module}.rs"));
        let text = read(workbook, &file).with_context(|| {
            format!(
                "{LEARNER_LIB} declares `mod {module};`, and a release ships {} for it",
                file.display()
            )
        })?;
        tree.insert(file, text);
    }
    let cargo_toml = PathBuf::from("Cargo.toml");
    let root_manifest = String::from_utf8_lossy(&tree[&cargo_toml]).into_owned();
    tree.insert(cargo_toml, student_workspace(&root_manifest)?.into_bytes());
    if with_book {
        for chapter in &manifest.chapters {
            let page = PathBuf::from(solution_page(&chapter.slug));
            if let Some(text) = tree.get(&page) {
                let text = String::from_utf8_lossy(text).into_owned();
                tree.insert(page, without_solution(&text, &chapter.slug).into_bytes());
            }
        }
        // The catalogues without the guide's messages, which quote the mistake catalogue.
        let guide_source = format!("src/{INSTRUCTORS_PAGE}");
        let catalogues: Vec<PathBuf> = tree
            .keys()
            .filter(|p| {
                p.starts_with("book/po") && p.extension().is_some_and(|e| e == "po" || e == "pot")
            })
            .cloned()
            .collect();
        for catalogue in catalogues {
            let bytes =
                crate::translation::catalogue_without(&workbook.join(&catalogue), |source| {
                    source == guide_source
                })?;
            tree.insert(catalogue, bytes);
        }
        let guide = PathBuf::from(BOOK_SRC).join(INSTRUCTORS_PAGE);
        if tree.contains_key(&guide) {
            tree.insert(guide, STUDENT_INSTRUCTORS_PAGE.as_bytes().to_vec());
        }
        check_includes(&tree)?;
        check_summary(&tree)?;
        tree.insert(
            PathBuf::from("README.md"),
            student_readme(manifest).into_bytes(),
        );
        tree.insert(
            PathBuf::from(WORKFLOW_FILE),
            classroom::workflow(manifest).into_bytes(),
        );
    }
    Ok(tree)
}

/// Fails unless every `{{#include PATH...}}` of every book page names a file of the copy: a
/// page must not show code from solutions/ or the project's tests, which the copy leaves out.
fn check_includes(tree: &Tree) -> Result<()> {
    for (page, text) in tree.iter().filter(|(p, _)| p.starts_with(BOOK_SRC)) {
        let text = String::from_utf8_lossy(text);
        for include in text.split("{{#include ").skip(1) {
            let target = include.split(['}', ':']).next().unwrap_or_default().trim();
            // mdBook resolves an include from the folder of the page that holds it.
            let mut resolved = page.parent().map(Path::to_path_buf).unwrap_or_default();
            for part in Path::new(target).components() {
                match part {
                    std::path::Component::ParentDir => {
                        resolved.pop();
                    }
                    other => resolved.push(other),
                }
            }
            if !tree.contains_key(&resolved) {
                bail!(
                    "{} includes {target}, which a class copy does not have (solutions, \
                     mistakes and the project's tests stay behind): include from stubs/, \
                     exercises/ or suites/ instead",
                    page.display()
                );
            }
        }
    }
    Ok(())
}

/// Fails unless every page that the copy's `SUMMARY.md` lists is in the copy: mdBook would
/// otherwise make an empty page in its place, and the learner would find a blank chapter.
fn check_summary(tree: &Tree) -> Result<()> {
    let summary = PathBuf::from(BOOK_SRC).join("SUMMARY.md");
    let Some(text) = tree.get(&summary) else {
        bail!("the book has no {}", summary.display());
    };
    let text = String::from_utf8_lossy(text);
    for link in text.split("](").skip(1) {
        let target = link.split(')').next().unwrap_or_default();
        if target.ends_with(".md") && !tree.contains_key(&PathBuf::from(BOOK_SRC).join(target)) {
            bail!(
                "{} lists {target}, which the class copy does not have",
                summary.display()
            );
        }
    }
    Ok(())
}

/// Where a chapter's hints and reference solution are: a page of their own, which the book's
/// search leaves out (`book/book.toml`).
pub fn solution_page(slug: &str) -> String {
    format!("{BOOK_SRC}/{slug}/solution.md")
}

/// Adds to `tree` the files that `entry` of [`INCLUDED`] or [`BOOK`] names: the file itself,
/// or for `FOLDER/*SUFFIX` the regular files directly in FOLDER (if it is there) whose names end
/// in SUFFIX and do not start with a dot. Symlinks, folders and other kinds of file are left
/// out; a named file must be a regular file.
fn collect(workbook: &Path, entry: &str, tree: &mut Tree) -> Result<()> {
    let Some((folder, suffix)) = entry.rsplit_once("/*") else {
        tree.insert(PathBuf::from(entry), read(workbook, Path::new(entry))?);
        return Ok(());
    };
    let dir = workbook.join(folder);
    let listing = match std::fs::read_dir(&dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e).with_context(|| format!("reading {}", dir.display())),
    };
    for file in listing {
        let file = file.with_context(|| format!("reading {}", dir.display()))?;
        let name = file.file_name();
        let Some(name) = name.to_str() else { continue };
        if name.starts_with('.') || name.len() <= suffix.len() || !name.ends_with(suffix) {
            continue;
        }
        let meta = std::fs::symlink_metadata(file.path())
            .with_context(|| format!("reading {}", file.path().display()))?;
        if meta.is_file() {
            let relative = Path::new(folder).join(name);
            tree.insert(relative.clone(), read(workbook, &relative)?);
        }
    }
    Ok(())
}

/// The contents of the regular file `relative` (to `workbook`): a symlink is refused, as it
/// may point anywhere.
fn read(workbook: &Path, relative: &Path) -> Result<Vec<u8>> {
    let path = workbook.join(relative);
    let meta =
        std::fs::symlink_metadata(&path).with_context(|| format!("reading {}", path.display()))?;
    if !meta.is_file() {
        bail!(
            "{} is not a regular file (a symlink or a folder?): a release copies only files",
            path.display()
        );
    }
    std::fs::read(&path).with_context(|| format!("reading {}", path.display()))
}

/// The names of the modules a crate root declares in files of their own, `mod NAME;` with any
/// visibility, each at the start of a line (as rustfmt writes them); `mod NAME { ... }` has no
/// file of its own.
fn declared_modules(crate_root: &str) -> Vec<&str> {
    crate_root
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            let line = match line.strip_prefix("pub") {
                Some(rest) if rest.starts_with('(') => rest.split_once(')')?.1,
                Some(rest) if rest.starts_with(' ') => rest,
                Some(_) => return None,
                None => line,
            };
            let (name, _) = line.trim_start().strip_prefix("mod ")?.split_once(';')?;
            let name = name.trim();
            let identifier = !name.is_empty()
                && !name.starts_with(|c: char| c.is_ascii_digit())
                && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
            identifier.then_some(name)
        })
        .collect()
}

/// The root `Cargo.toml` with a workspace of the CLI and the learner's crate only. Fails if
/// the `[workspace]` table does not have the shape this function knows, rather than shipping a
/// manifest that names packages the copy does not have.
pub fn student_workspace(root_manifest: &str) -> Result<String> {
    let start = root_manifest
        .find("[workspace]\n")
        .context("the root Cargo.toml has no [workspace] table")?;
    let end = root_manifest[start..]
        .find("resolver = ")
        .map(|i| start + i)
        .context("the root Cargo.toml's [workspace] table has no resolver line")?;
    let table = &root_manifest[start..end];
    if !table.contains("\"solutions\"") {
        bail!("the root Cargo.toml's workspace does not list solutions: its shape changed");
    }
    Ok(format!(
        "# viewbook, a class copy: the CLI (`cargo run`) and the learner's crate (`exercises`),\n\
         # checked by the chapter suites in `suites/`.\n\
         [workspace]\n\
         members = [\".\", \"exercises\"]\n\
         default-members = [\".\", \"exercises\"]\n\
         {}",
        without_profiles_of(&root_manifest[end..], &["solutions", "mistakes"])
    ))
}

/// `manifest` without its `[profile.*.package.NAME]` tables for the packages named: Cargo
/// warns about a profile for a package the workspace does not have.
fn without_profiles_of(manifest: &str, packages: &[&str]) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.split_inclusive('\n') {
        if line.starts_with('[') {
            skipping = packages.iter().any(|package| {
                line.trim_end().starts_with("[profile.")
                    && line.trim_end().ends_with(&format!(".package.{package}]"))
            });
        }
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

/// The heading of the reference solution's section on a chapter's [`solution_page`].
const SOLUTION_HEADING: &str = "\n## The reference solution\n";

/// A chapter's [`solution_page`] without its reference solution's section (up to the next
/// `## ` heading or the end), replaced by a note on where the solutions are; the hints stay.
pub fn without_solution(page: &str, slug: &str) -> String {
    let Some(start) = page.find(SOLUTION_HEADING) else {
        return page.to_owned();
    };
    let rest = &page[start + 1..];
    let end = rest[3..]
        .find("\n## ")
        .map_or(page.len(), |i| start + 1 + 3 + i + 1);
    format!(
        "{}\n## The reference solution\n\nIn a class copy of viewbook the reference solutions stay with your \
         instructor. The chapter is done when `cargo test -p exercises --test {slug}` passes.\n{}",
        &page[..start],
        if end < page.len() {
            format!("\n{}", &page[end..])
        } else {
            String::new()
        }
    )
}

/// The class copy's README: the learner's part of the workbook's README, in short.
fn student_readme(manifest: &Manifest) -> String {
    let chapters: String = manifest
        .chapters
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{}. {} ({} points)\n", i + 1, c.title, c.points))
        .collect();
    include_str!("release_readme.md").replace("{chapters}", &chapters)
}

/// Writes the student copy of `workbook` into `out`, which must not exist or be empty, and
/// brings its `Cargo.lock` in line with its smaller workspace. Returns how many files it wrote.
pub fn release(workbook: &Path, manifest: &Manifest, out: &Path) -> Result<usize> {
    if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        bail!(
            "{} is not empty: a release goes into a new folder (nothing is overwritten)",
            out.display()
        );
    }
    let tree = student_tree(workbook, manifest, true)?;
    write_tree(out, &tree)?;
    prune_lockfile(out)?;
    Ok(tree.len())
}

/// Writes every file of `tree` under `root`, creating folders.
pub fn write_tree(root: &Path, tree: &Tree) -> Result<()> {
    for (path, bytes) in tree {
        let path = root.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// Lets cargo drop the packages the copy no longer has from its `Cargo.lock`, without
/// resolving anything anew (every dependency keeps its locked version).
pub fn prune_lockfile(root: &Path) -> Result<()> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |offline: bool| {
        let mut command = Command::new(&cargo);
        command
            .args(["metadata", "--format-version", "1", "--manifest-path"])
            .arg(root.join("Cargo.toml"));
        if offline {
            command.arg("--offline");
        }
        command.output()
    };
    let out = run(true).context("could not start cargo")?;
    if out.status.success()
        || run(false)
            .context("could not start cargo")?
            .status
            .success()
    {
        return Ok(());
    }
    bail!(
        "cargo could not read the copy's workspace:\n{}",
        String::from_utf8_lossy(&out.stderr).trim()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_modules_a_crate_root_declares_in_files_of_their_own() {
        let root = "//! Doc: `mod ghost;` is no module.\n#![deny(missing_docs)]\n\npub mod array;\n\
                    mod range; // helpers\npub(crate) mod matrix ;\n#[cfg(test)]\nmod tests {\n}\n\
                    // mod commented;\npubmod not_rust;\nmod ;\n    pub mod ch01_lists;\n";
        assert_eq!(
            declared_modules(root),
            ["array", "range", "matrix", "ch01_lists"]
        );
    }

    #[test]
    fn profiles_of_packages_left_out_are_dropped() {
        let manifest = "[profile.dev]\ndebug = false\n\n[profile.dev.package.exercises]\nopt-level = 1\n\n\
                        [profile.dev.package.solutions]\nopt-level = 1\n\n[profile.dev.package.mistakes]\n\
                        opt-level = 1\n";
        assert_eq!(
            without_profiles_of(manifest, &["solutions", "mistakes"]),
            "[profile.dev]\ndebug = false\n\n[profile.dev.package.exercises]\nopt-level = 1\n\n"
        );
    }

    #[test]
    fn the_solution_section_is_replaced_and_what_follows_is_kept() {
        let page = "# Ch\n\ntext\n\n## The reference solution\n\nsecret\n\n## After\n\nkept\n";
        assert_eq!(
            without_solution(page, "ch09_x"),
            "# Ch\n\ntext\n\n## The reference solution\n\nIn a class copy of viewbook the reference solutions \
             stay with your instructor. The chapter is done when `cargo test -p exercises --test \
             ch09_x` passes.\n\n## After\n\nkept\n"
        );
        let last = without_solution("# Ch\n\n## The reference solution\n\nsecret\n", "ch09_x");
        assert!(!last.contains("secret"), "{last}");
    }

    #[test]
    fn the_workspace_keeps_only_the_cli_and_the_learners_crate() {
        let root = "[workspace]\n# c\nmembers = [\".\", \"exercises\", \"solutions\"]\nresolver = \"3\"\n\n[package]\n";
        let copy = student_workspace(root).unwrap();
        assert!(!copy.contains("solutions"), "{copy}");
        assert!(copy.ends_with("resolver = \"3\"\n\n[package]\n"), "{copy}");
        assert!(student_workspace("[package]\n").is_err());
    }
}
