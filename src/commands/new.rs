//! `safeguide new DIR`: a new site seeded with the built-in default pack.

use std::fs;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::diagnostics::Failure;
use crate::embedded;

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Folder to create (must be new or empty).
    pub dir: PathBuf,
}

pub fn run(args: NewArgs) -> Result<(), Failure> {
    create(&args.dir)?;
    println!(
        "Created a new site in {}.\nNext: cd {} && safeguide build   (or safeguide serve to preview)",
        args.dir.display(),
        args.dir.display()
    );
    Ok(())
}

pub fn create(dir: &Path) -> Result<(), Failure> {
    if dir.exists() {
        let empty = fs::read_dir(dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !dir.is_dir() || !empty {
            return Err(Failure::Usage(format!(
                "{} already exists and is not empty; choose a new folder so nothing is overwritten",
                dir.display()
            )));
        }
    }
    let io =
        |e: std::io::Error, p: &Path| Failure::Usage(format!("cannot write {}: {e}", p.display()));
    fs::create_dir_all(dir).map_err(|e| io(e, dir))?;
    let write = |rel: &str, bytes: &[u8]| -> Result<(), Failure> {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|e| io(e, parent))?;
        }
        fs::write(&path, bytes).map_err(|e| io(e, &path))
    };
    write("site.yaml", embedded::DEFAULT_CONFIG.as_bytes())?;
    write(
        crate::load::frameworks::FILE,
        embedded::DEFAULT_FRAMEWORKS.as_bytes(),
    )?;
    for (folder, d) in [
        ("content", &embedded::DEFAULT_CONTENT),
        ("packs", &embedded::DEFAULT_PACKS),
        ("profiles", &embedded::DEFAULT_PROFILES),
    ] {
        for (rel, bytes) in embedded::files(d) {
            write(&format!("{folder}/{rel}"), bytes)?;
        }
    }
    write(
        ".gitignore",
        b"# safeguide's output folder: rebuilt by `safeguide build`\npublic/\n",
    )?;
    Ok(())
}
