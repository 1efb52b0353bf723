//! Which workbook the CLI works in: the one around the current folder, found at run time as
//! Cargo finds its manifest, so that a workbook copied (`cp -a`, build included) or moved
//! works on itself and never on the folder it was built in.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Whether `dir` is a workbook's root: it holds the manifest and the learner's package.
pub fn is_workbook(dir: &Path) -> bool {
    dir.join("chapters.toml").is_file() && dir.join("exercises/Cargo.toml").is_file()
}

/// The nearest folder from `start` upward that is a workbook's root.
pub fn find_from(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_workbook(dir))
        .map(Path::to_path_buf)
}

/// The workbook to work in: `explicit` (from `--workbook`) when given, otherwise the one
/// around the current folder. Either way, an error that says what to do in one line.
pub fn locate(explicit: Option<&Path>, current_dir: &Path) -> Result<PathBuf> {
    match explicit {
        Some(dir) if is_workbook(dir) => Ok(dir.to_path_buf()),
        Some(dir) => bail!(
            "{} is not a viewbook workbook (it has no chapters.toml and exercises/Cargo.toml): \
             give --workbook the folder that holds them",
            dir.display()
        ),
        None => find_from(current_dir).ok_or_else(|| {
            anyhow::anyhow!(
                "{} is not inside a viewbook workbook (no folder from here up holds \
                 chapters.toml and exercises/Cargo.toml): cd into your workbook, or pass \
                 --workbook DIR",
                current_dir.display()
            )
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("viewbook-find-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("exercises/src")).unwrap();
        std::fs::write(dir.join("exercises/Cargo.toml"), "").unwrap();
        std::fs::write(dir.join("chapters.toml"), "").unwrap();
        dir
    }

    #[test]
    fn found_from_any_folder_inside_it_and_the_explicit_one_wins() {
        let outer = scratch("outer");
        let inner = outer.join("nested");
        std::fs::create_dir_all(inner.join("exercises")).unwrap();
        std::fs::write(inner.join("exercises/Cargo.toml"), "").unwrap();
        std::fs::write(inner.join("chapters.toml"), "").unwrap();
        // From the learner's package, its source folder, and the root itself.
        for from in [
            outer.join("exercises/src"),
            outer.join("exercises"),
            outer.clone(),
        ] {
            assert_eq!(
                locate(None, &from).unwrap(),
                outer,
                "from {}",
                from.display()
            );
        }
        // The nearest workbook wins, as Cargo's nearest manifest does, and --workbook wins
        // over the current folder.
        assert_eq!(locate(None, &inner.join("exercises")).unwrap(), inner);
        assert_eq!(locate(Some(&inner), &outer).unwrap(), inner);
        std::fs::remove_dir_all(&outer).unwrap();
    }

    #[test]
    fn outside_any_workbook_the_error_names_workbook_option() {
        let error = locate(None, Path::new("/")).unwrap_err().to_string();
        assert!(error.contains("--workbook DIR"), "{error}");
        let error = locate(Some(Path::new("/nonexistent")), Path::new("/"))
            .unwrap_err()
            .to_string();
        assert!(
            error.starts_with("/nonexistent is not a viewbook workbook"),
            "{error}"
        );
        assert!(error.contains("--workbook"), "{error}");
    }
}
