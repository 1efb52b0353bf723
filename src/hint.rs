//! `viewbook hint CHAPTER [N]`: one progressive hint at a time.

use anyhow::{Result, bail};

use crate::manifest::{Chapter, Manifest};
use crate::translation::{Extra, words};

mod say {
    crate::messages! {
        HINT = "Hint {number} of {total} for {chapter} ({title}):";
        STILL_STUCK = "Still stuck? cargo run -- hint {chapter} {next}";
        LAST_HINT = "That was the last hint. The book page explains the idea: {page}";
    }
}

/// The hints' framing, for the translators' template (the hints themselves come from
/// `chapters.toml`).
pub fn messages() -> Vec<Extra> {
    crate::translation::extras_of(
        say::ALL,
        "src/hint.rs",
        "`cargo run -- hint`. Keep {names} and commands.",
    )
}

/// Finds a chapter by slug (`ch01_lists`), slug prefix (`ch01`) or number (`1`).
pub fn find_chapter<'m>(manifest: &'m Manifest, name: &str) -> Result<&'m Chapter> {
    let by_number = name
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| manifest.chapters.get(i));
    let by_prefix = || {
        let mut matches = manifest
            .chapters
            .iter()
            .filter(|c| c.slug.starts_with(name));
        match (matches.next(), matches.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    };
    if let Some(chapter) = by_number
        .or_else(|| manifest.chapter(name))
        .or_else(by_prefix)
    {
        return Ok(chapter);
    }
    let slugs: Vec<&str> = manifest.chapters.iter().map(|c| c.slug.as_str()).collect();
    bail!("no chapter {name:?}; the chapters are {}", slugs.join(", "))
}

/// The line after a hint that names the command for hint `next`.
pub fn still_stuck(chapter: &Chapter, next: usize) -> String {
    words().fill(
        say::STILL_STUCK,
        &[("chapter", &chapter.slug), ("next", &next)],
    )
}

/// Hint `number` (from 1) of a chapter, with how to get the next one; after the last, the
/// chapter's `page` (where the learner reads it: [`crate::book::page_to_read`]).
pub fn render_hint(chapter: &Chapter, number: usize, page: &str) -> Result<String> {
    let total = chapter.hints.len();
    let Some(hint) = number.checked_sub(1).and_then(|i| chapter.hints.get(i)) else {
        bail!("{} has hints 1 to {total}, not {number}", chapter.slug);
    };
    let w = words();
    let heading = w.fill(
        say::HINT,
        &[
            ("number", &number),
            ("total", &total),
            ("chapter", &chapter.slug),
            ("title", &w.get(&chapter.title)),
        ],
    );
    let mut out = format!("{heading}\n\n  {}\n", w.get(hint));
    let after = if number < total {
        still_stuck(chapter, number + 1)
    } else {
        w.fill(say::LAST_HINT, &[("page", &page)])
    };
    out.push_str(&format!("\n{after}\n"));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::manifest;

    #[test]
    fn chapters_are_found_by_slug_prefix_or_number() {
        let m = manifest();
        for name in ["ch02_views", "ch02", "2"] {
            assert_eq!(find_chapter(m, name).unwrap().slug, "ch02_views");
        }
        let err = find_chapter(m, "ch9").unwrap_err().to_string();
        assert!(err.starts_with("no chapter \"ch9\"; the chapters are ch01_lists, ch02_views, "));
    }

    #[test]
    fn hints_come_one_at_a_time_and_end_at_the_page() {
        let c = manifest().chapter("ch01_lists").unwrap();
        let first = render_hint(c, 1, &c.page_file()).unwrap();
        assert!(first.starts_with("Hint 1 of 3 for ch01_lists"), "{first}");
        assert!(first.contains("cargo run -- hint ch01_lists 2"), "{first}");
        let last = render_hint(c, 3, &c.page_file()).unwrap();
        assert!(last.contains("book/src/ch01_lists.md"), "{last}");
        assert!(
            render_hint(c, 4, &c.page_file())
                .unwrap_err()
                .to_string()
                .contains("hints 1 to 3")
        );
    }
}
