//! `viewbook classroom`: a GitHub Classroom autograding workflow for the student repository.
//!
//! GitHub Classroom grades with an Actions workflow, `.github/workflows/classroom.yml`, whose
//! grader steps each award their `max-score` when their command exits 0, and whose reporter
//! step sends the sum to Classroom. One step per chapter makes partial credit work, with the
//! chapter's points and time limit from `chapters.toml`, so Classroom's score for a
//! submission is what `viewbook grade` gives it (both award a chapter's points when its whole
//! suite passes).

use std::fmt::Write;

use crate::manifest::Manifest;

/// The workflow's YAML. Step ids are the chapter slugs with `-` for `_`, as Classroom's
/// reporter reads each step's result from an environment variable named after its id.
pub fn workflow(manifest: &Manifest) -> String {
    let mut yaml = String::from(
        "# GitHub Classroom autograding for viewbook, written by `cargo run -- classroom` from\n\
         # chapters.toml: one step per chapter, worth the chapter's points when its whole suite\n\
         # passes. Regenerate it after changing chapters.toml rather than editing it.\n\
         name: Autograding Tests\n\
         'on':\n\
         - push\n\
         - repository_dispatch\n\
         permissions:\n  checks: write\n  actions: read\n  contents: read\n\
         jobs:\n  run-autograding-tests:\n    runs-on: ubuntu-latest\n\
         \x20   if: github.actor != 'github-classroom[bot]'\n\
         \x20   steps:\n\
         \x20   - name: Checkout code\n      uses: actions/checkout@v5\n\
         \x20   # Compile once; the chapter steps reuse the build. Code that does not compile fails every step.\n\
         \x20   - name: Build the exercises\n\
         \x20     run: cargo test -p exercises --locked --no-run\n\
         \x20     continue-on-error: true\n",
    );
    let mut ids = Vec::new();
    for chapter in &manifest.chapters {
        let id = chapter.slug.replace('_', "-");
        // The grader's timeout is in whole minutes; the suite's own limit is in seconds, and
        // the step also lets cargo check that the build is fresh.
        let minutes = chapter.time_limit(&manifest.grading).div_ceil(60) + 1;
        let _ = write!(
            yaml,
            "    - name: {slug}\n\
             \x20     id: {id}\n\
             \x20     uses: classroom-resources/autograding-command-grader@v1\n\
             \x20     with:\n\
             \x20       test-name: {slug}\n\
             \x20       setup-command: ''\n\
             \x20       command: cargo test -p exercises --locked --test {test}\n\
             \x20       timeout: {minutes}\n\
             \x20       max-score: {points}\n",
            slug = chapter.slug,
            test = chapter.test,
            points = chapter.points,
        );
        ids.push(id);
    }
    yaml.push_str(
        "    - name: Autograding Reporter\n\
         \x20     uses: classroom-resources/autograding-grading-reporter@v1\n\
         \x20     env:\n",
    );
    for id in &ids {
        let _ = writeln!(
            yaml,
            "        {}_RESULTS: \"${{{{steps.{id}.outputs.result}}}}\"",
            id.to_uppercase()
        );
    }
    let _ = write!(yaml, "      with:\n        runners: {}\n", ids.join(","));
    yaml
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::manifest;

    #[test]
    fn one_step_per_chapter_with_its_points_and_time_limit() {
        let yaml = workflow(manifest());
        for chapter in &manifest().chapters {
            let step = format!(
                "        command: cargo test -p exercises --locked --test {}\n        timeout: 2\n        max-score: {}\n",
                chapter.test, chapter.points
            );
            assert!(yaml.contains(&step), "{step}");
        }
        insta::assert_snapshot!(yaml);
    }
}
