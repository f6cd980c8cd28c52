//! The one way safeguide writes a file outside its build's staging folder (`override`, `new`,
//! `adapt`, `returns`, `check --report`, the base texts kept for `diff`).
//!
//! - Never through a link: a file is written to a new temporary name beside it (created, so
//!   nothing already there is opened) and renamed over its final name, which replaces a link at
//!   that name rather than the file it points to; [`create_new`] refuses anything already there,
//!   a dangling link included. Folders made inside a site are made one by one, refusing a link on
//!   the way ([`make_dirs`]).
//! - Never into any layer's sources: [`Protected`] holds the site's and every base's source
//!   folders (and a command's inputs), compared by real path, so no output is published by the
//!   next build or overwrites what it was made from.

use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

/// The folders of a site (and of each base) that hold its sources.
pub const SOURCE_DIRS: [&str; 6] = [
    "content",
    "static",
    "templates",
    "packs",
    "profiles",
    "themes",
];
/// Other folders of a site that are sources too (`.safeguide/` holds the base texts `diff` uses).
const MORE_SOURCE_DIRS: [&str; 2] = ["i18n", ".safeguide"];
/// The files of a site that are sources.
const SOURCE_FILES: [&str; 2] = ["site.yaml", "frameworks.yaml"];

/// `path` made absolute with links resolved, though it may not exist yet: its nearest existing
/// ancestor is canonicalised and the rest appended (`..` in the rest drops the part before it,
/// which cannot be a link since it does not exist).
pub fn canonical_nearest(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    let mut base = abs.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(c) = base.canonicalize() {
            let mut out = c;
            for part in rest.iter().rev() {
                match part {
                    Component::ParentDir => {
                        out.pop();
                    }
                    Component::Normal(n) => out.push(n),
                    _ => {}
                }
            }
            return out;
        }
        match (base.parent(), base.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                base = parent;
            }
            _ => return abs,
        }
    }
}

/// Places no output may go: every layer's sources, and a command's own inputs.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    /// Real layer roots, the site's first.
    roots: Vec<PathBuf>,
    /// Real paths of inputs named on the command line.
    inputs: Vec<PathBuf>,
}

impl Protected {
    /// The sources of the layers whose folders are `roots` (the site's first).
    pub fn of_roots<'a>(roots: impl IntoIterator<Item = &'a Path>) -> Protected {
        Protected {
            roots: roots
                .into_iter()
                .filter_map(|r| r.canonicalize().ok())
                .collect(),
            inputs: Vec::new(),
        }
    }

    /// Also protects `path` (an input folder or file of this run).
    pub fn with_input(mut self, path: &Path) -> Protected {
        if let Ok(p) = path.canonicalize() {
            self.inputs.push(p);
        }
        self
    }

    /// Why nothing may be written at `target` (a file or folder, existing or not), if so.
    pub fn problem(&self, target: &Path) -> Option<String> {
        let out = canonical_nearest(target);
        for (i, root) in self.roots.iter().enumerate() {
            let whose = if i == 0 {
                "the site's".to_string()
            } else {
                format!("the base {}'s", root.display())
            };
            if out == *root {
                return Some(format!("is {} folder itself", &whose[..whose.len() - 2]));
            }
            if root.starts_with(&out) {
                return Some(format!("holds {} folder", &whose[..whose.len() - 2]));
            }
            for name in SOURCE_DIRS.iter().chain(MORE_SOURCE_DIRS.iter()) {
                let dir = root.join(name);
                // A source folder may itself be a link elsewhere.
                let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
                if out.starts_with(&dir) || out.starts_with(&real) {
                    return Some(format!("is inside {whose} {name}/ folder"));
                }
            }
            for name in SOURCE_FILES {
                let file = root.join(name);
                let real = file.canonicalize().unwrap_or_else(|_| file.clone());
                if out == file || out == real {
                    return Some(format!("is {whose} {name}"));
                }
            }
        }
        self.inputs
            .iter()
            .find(|p| out.starts_with(p))
            .map(|p| format!("is inside this run's input {}", p.display()))
    }
}

fn link_refused(path: &Path) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidInput,
        format!(
            "{} is a symbolic link; safeguide never writes through a link (remove it first)",
            path.display()
        ),
    )
}

/// Makes the folder `dir` and any missing parents below `root` (which must exist), one at a time,
/// refusing any link on the way below `root`: a linked folder in a site must not carry a write
/// out of it.
pub fn make_dirs(root: &Path, dir: &Path) -> io::Result<()> {
    let rel = dir.strip_prefix(root).map_err(|_| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not inside {}", dir.display(), root.display()),
        )
    })?;
    let mut at = root.to_path_buf();
    for c in rel.components() {
        match c {
            Component::Normal(n) => at.push(n),
            Component::CurDir => continue,
            _ => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{} leaves {}", dir.display(), root.display()),
                ))
            }
        }
        match std::fs::symlink_metadata(&at) {
            Ok(m) if m.file_type().is_symlink() => return Err(link_refused(&at)),
            Ok(m) if m.is_dir() => {}
            Ok(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::AlreadyExists,
                    format!("{} is a file, not a folder", at.display()),
                ))
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => match std::fs::create_dir(&at) {
                Ok(()) => {}
                // Another thread made it between the look and the make (serve writes a new
                // search shard's files in parallel): fine when it is a folder, not a link.
                Err(e)
                    if e.kind() == io::ErrorKind::AlreadyExists
                        && std::fs::symlink_metadata(&at).is_ok_and(|m| m.is_dir()) => {}
                Err(e) => return Err(e),
            },
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Creates `path` with `bytes`; fails if anything is there, a link (even a dangling one) included.
pub fn create_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    create(path, bytes, true)
}

/// [`create_new`], synced to disk before it returns when `sync`.
fn create(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    // O_CREAT | O_EXCL: never opens an existing file, never follows a link at the name.
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => link_refused(path),
            _ => e,
        })?;
    f.write_all(bytes)?;
    if sync {
        f.sync_all().or(Ok(()))
    } else {
        Ok(())
    }
}

/// Writes `bytes` to `path` whole: into a new temporary file beside it, renamed over `path`. A
/// link at `path` is refused rather than replaced, so the message says why; a failed write leaves
/// no half file. The new file is synced to disk before the rename, so that a crash leaves the
/// old file or the new one.
pub fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_with(path, bytes, true)
}

/// [`replace`] without syncing to disk, for a preview made again whole by the next run (serve's
/// folder), where a sync is only waiting (milliseconds a file).
pub fn replace_unsynced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    replace_with(path, bytes, false)
}

fn replace_with(path: &Path, bytes: &[u8], sync: bool) -> io::Result<()> {
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return Err(link_refused(path));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.safeguide-{}.tmp", std::process::id()));
    // A leftover of a killed run (ours by name) may be in the way; never a link followed.
    let _ = std::fs::remove_file(&tmp);
    create(&tmp, bytes, sync)
        .and_then(|_| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_making_the_same_new_folders_at_once_all_succeed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for round in 0..50 {
            let target = root.join(format!("r{round}/shard/chunks"));
            let start = std::sync::Barrier::new(8);
            std::thread::scope(|s| {
                for _ in 0..8 {
                    s.spawn(|| {
                        start.wait();
                        make_dirs(root, &target).expect("made or already there");
                    });
                }
            });
            assert!(target.is_dir());
        }
    }

    #[cfg(unix)]
    #[test]
    fn never_writes_through_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        std::fs::create_dir(&root).unwrap();
        let outside = dir.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("victim"), "mine").unwrap();
        std::os::unix::fs::symlink(outside.join("victim"), root.join("file")).unwrap();
        std::os::unix::fs::symlink(outside.join("new"), root.join("dangling")).unwrap();
        std::os::unix::fs::symlink(&outside, root.join("dir")).unwrap();

        assert!(replace(&root.join("file"), b"page").is_err());
        assert!(create_new(&root.join("file"), b"page").is_err());
        assert!(create_new(&root.join("dangling"), b"page").is_err());
        assert!(make_dirs(&root, &root.join("dir/sub")).is_err());
        assert_eq!(std::fs::read(outside.join("victim")).unwrap(), b"mine");
        assert!(!outside.join("new").exists() && !outside.join("sub").exists());

        make_dirs(&root, &root.join("a/b")).unwrap();
        replace(&root.join("a/b/c.md"), b"one").unwrap();
        replace(&root.join("a/b/c.md"), b"two").unwrap();
        assert_eq!(std::fs::read(root.join("a/b/c.md")).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(root.join("a/b")).unwrap().count(), 1);
    }

    /// A path that does not exist yet resolves through its nearest existing ancestor, so a `..`
    /// or a link there cannot hide where it points.
    #[test]
    #[cfg(unix)]
    fn canonical_nearest_resolves_links_and_dots_in_paths_not_made_yet() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        std::fs::create_dir(base.join("static")).unwrap();
        std::os::unix::fs::symlink(base.join("static"), base.join("link")).unwrap();
        assert_eq!(
            canonical_nearest(&base.join("link/a/b")),
            base.join("static/a/b")
        );
        assert_eq!(
            canonical_nearest(&base.join("new/../static/x")),
            base.join("static/x")
        );
    }

    #[test]
    fn protects_every_layers_sources_and_the_inputs() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        let base = dir.path().join("base");
        let returns = dir.path().join("returns");
        for d in [&site, &base, &returns] {
            std::fs::create_dir(d).unwrap();
        }
        let p = Protected::of_roots([site.as_path(), base.as_path()]).with_input(&returns);
        assert!(p.problem(&site.join("public")).is_none());
        assert!(p.problem(&dir.path().join("elsewhere")).is_none());
        let msg = p.problem(&base.join("static/pub")).unwrap();
        assert!(msg.contains("base") && msg.contains("static"), "{msg}");
        assert!(p.problem(&site.join("content/x.html")).is_some());
        assert!(p.problem(&site.join(".safeguide/base/x")).is_some());
        assert!(p.problem(&site).is_some());
        assert!(p.problem(dir.path()).is_some(), "holds the site");
        assert!(p.problem(&returns.join("report.html")).is_some());
    }
}
