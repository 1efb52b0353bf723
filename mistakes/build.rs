//! Builds this crate's chapter modules: each is the reference solution's module, with the
//! catalogued mistake of any enabled feature applied to it (see `catalogue.toml`).
//!
//! A mistake is usually a patch: text of the solution replaced by what a learner might write,
//! so the catalogue shows exactly how the wrong version differs. A mistake that redesigns a
//! chapter's types is a whole module instead (`module = "modules/...rs"`).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Deserialize)]
struct Chapters {
    chapter: Vec<Chapter>,
}

#[derive(Deserialize)]
struct Chapter {
    slug: String,
}

#[derive(Deserialize)]
struct Catalogue {
    mistake: Vec<Mistake>,
}

#[derive(Deserialize)]
struct Mistake {
    chapter: String,
    feature: String,
    #[serde(default)]
    module: Option<String>,
    #[serde(default)]
    patch: Vec<Patch>,
}

#[derive(Deserialize)]
struct Patch {
    replace: String,
    with: String,
}

fn read(path: &Path) -> String {
    println!("cargo::rerun-if-changed={}", path.display());
    fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn main() {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let workspace = crate_dir.parent().unwrap();
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());
    let chapters: Chapters = toml::from_str(&read(&workspace.join("chapters.toml"))).unwrap();
    let catalogue: Catalogue = toml::from_str(&read(&crate_dir.join("catalogue.toml")))
        .unwrap_or_else(|e| panic!("mistakes/catalogue.toml: {e}"));

    let enabled = |m: &Mistake| {
        let var = format!(
            "CARGO_FEATURE_{}",
            m.feature.to_uppercase().replace('-', "_")
        );
        std::env::var_os(var).is_some()
    };
    let mut by_chapter: BTreeMap<&str, &Mistake> = BTreeMap::new();
    for mistake in catalogue.mistake.iter().filter(|m| enabled(m)) {
        if let Some(other) = by_chapter.insert(&mistake.chapter, mistake) {
            panic!(
                "features {} and {} are mistakes of the same chapter: enable one at a time",
                other.feature, mistake.feature
            );
        }
    }

    let mut modules = String::new();
    for chapter in &chapters.chapter {
        let slug = &chapter.slug;
        let solution = workspace.join(format!("solutions/src/{slug}.rs"));
        let source = match by_chapter.get(slug.as_str()) {
            None => read(&solution),
            Some(mistake) => wrong_module(mistake, &crate_dir, &solution),
        };
        // `include!` takes items: the module's inner doc comment stays with the solution.
        let items: String = source
            .lines()
            .filter(|line| !line.starts_with("//!"))
            .map(|line| format!("{line}\n"))
            .collect();
        fs::write(out.join(format!("{slug}.rs")), items).unwrap();
        modules.push_str(&format!(
            "/// Chapter `{slug}`: the solution's module, or a catalogued mistake of it.\n\
             pub mod {slug} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{slug}.rs\"));\n}}\n"
        ));
    }
    fs::write(out.join("chapters.rs"), modules).unwrap();
}

fn wrong_module(mistake: &Mistake, crate_dir: &Path, solution: &Path) -> String {
    if let Some(module) = &mistake.module {
        return read(&crate_dir.join(module));
    }
    assert!(
        !mistake.patch.is_empty(),
        "mistake {} has neither a module nor a patch",
        mistake.feature
    );
    let mut source = read(solution);
    for patch in &mistake.patch {
        let found = source.matches(&patch.replace).count();
        assert!(
            found == 1,
            "mistake {}: the text to replace occurs {found} times in {} (it must occur once):\n{}",
            mistake.feature,
            solution.display(),
            patch.replace
        );
        source = source.replace(&patch.replace, &patch.with);
    }
    source
}
