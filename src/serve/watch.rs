//! Watching the site's sources, and sorting what changed into what must be rebuilt.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::sync::Arc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::load::content::{is_hidden, CONTENT_DIR};

/// Folders whose changes rebuild the site; `site.yaml` and `frameworks.yaml` are watched too.
pub const WATCHED: [&str; 6] = [
    CONTENT_DIR,
    "templates",
    "themes",
    "static",
    "packs",
    "profiles",
];

/// Editors save in bursts (write a temporary file, rename, touch): a batch ends after this long
/// without a new event.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// Starts watching `root` (canonical); changed paths are sent to `tx`, and `arrived` is set when
/// one that is not hidden (as the output folder inside the site is) comes, so that work that can
/// wait (the search index) gives way to the next rebuild.
pub fn start(
    root: &Path,
    tx: Sender<super::Msg>,
    arrived: Arc<AtomicBool>,
) -> notify::Result<RecommendedWatcher> {
    let site = root.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
        // Reading files (the build itself does) is not a change.
        Ok(e) if is_read(&e.kind) => {}
        Ok(e) => {
            let hidden = |p: &PathBuf| p.strip_prefix(&site).is_ok_and(|r| r.iter().any(is_hidden));
            if !e.paths.iter().all(hidden) {
                arrived.store(true, Ordering::SeqCst);
            }
            let _ = tx.send(super::Msg::Changed(e.paths));
        }
        Err(e) => eprintln!("warning: watching files: {e}"),
    })?;
    // The root only for site.yaml and folders appearing; the folders themselves recursively.
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

fn is_read(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(AccessKind::Read | AccessKind::Open(_) | AccessKind::Any)
            | EventKind::Access(AccessKind::Close(AccessMode::Read | AccessMode::Execute))
    )
}

/// What one changed path asks for.
#[derive(Debug, PartialEq, Eq, Clone)]
pub enum Change {
    /// A Markdown file under content/ (its path relative to content/).
    Page(String),
    /// Any other file under content/ (its path relative to content/).
    Asset(String),
    /// Anything else that feeds the site: config, templates, static files, packs...
    Other,
    /// Not part of the site (hidden and backup files, the output folder, unrelated files).
    Ignored,
}

pub fn classify(root: &Path, output: &Path, path: &Path) -> Change {
    if path.starts_with(output) {
        return Change::Ignored;
    }
    let Ok(rel) = path.strip_prefix(root) else {
        return Change::Ignored;
    };
    if rel.iter().any(is_hidden) {
        return Change::Ignored;
    }
    let mut parts = rel.iter();
    let Some(first) = parts.next().and_then(|f| f.to_str()) else {
        return Change::Ignored;
    };
    if first == CONTENT_DIR {
        let inner = crate::load::content::rel_path(&root.join(CONTENT_DIR), path);
        if inner.is_empty() {
            return Change::Ignored;
        }
        return if inner.ends_with(".md") {
            Change::Page(inner)
        } else {
            Change::Asset(inner)
        };
    }
    if first == "site.yaml" || first == crate::load::frameworks::FILE || WATCHED.contains(&first) {
        Change::Other
    } else {
        Change::Ignored
    }
}

/// The base folders of the site at `root` (canonical), as its site.yaml names them now: their
/// files feed the site too. None when site.yaml cannot be read (the build reports why).
pub fn base_folders(root: &Path) -> Vec<PathBuf> {
    let Ok((_, layers)) = crate::load::config::SiteConfig::load_layered(root) else {
        return Vec::new();
    };
    layers
        .stack
        .iter()
        .skip(1)
        .filter_map(|l| match l {
            crate::load::layers::LayerRoot::Folder { root, .. } => root.canonicalize().ok(),
            crate::load::layers::LayerRoot::Builtin => None,
        })
        .collect()
}

/// Watches each base folder's site.yaml and source folders, as `start` does the site's.
pub fn watch_bases(watcher: &mut RecommendedWatcher, bases: &[PathBuf]) {
    for base in bases {
        let _ = watcher.watch(base, RecursiveMode::NonRecursive);
        for dir in WATCHED {
            let path = base.join(dir);
            if path.is_dir() {
                let _ = watcher.watch(&path, RecursiveMode::Recursive);
            }
        }
    }
}

/// A change in a base folder: anything that feeds the site takes a full build (the site's own
/// incremental paths know only its own files).
fn classify_in_base(bases: &[PathBuf], output: &Path, path: &Path) -> Change {
    for base in bases {
        if let Change::Page(_) | Change::Asset(_) | Change::Other = classify(base, output, path) {
            return Change::Other;
        }
    }
    Change::Ignored
}

/// Paths that changed, sorted into a batch; `bases` are the site's base folders.
pub fn sort(root: &Path, output: &Path, bases: &[PathBuf], paths: &[PathBuf]) -> Vec<Change> {
    let mut out: Vec<Change> = Vec::new();
    for p in paths {
        let c = match classify(root, output, p) {
            Change::Ignored if !p.starts_with(root) => classify_in_base(bases, output, p),
            c => c,
        };
        if c != Change::Ignored && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_changes() {
        let root = Path::new("/s");
        let out = Path::new("/s/.safeguide-serve");
        let c = |p: &str| classify(root, out, Path::new(p));
        assert_eq!(
            c("/s/content/parents/gaming.md"),
            Change::Page("parents/gaming.md".into())
        );
        assert_eq!(
            c("/s/content/parents/a.png"),
            Change::Asset("parents/a.png".into())
        );
        assert_eq!(c("/s/content/parents/.gaming.md.swp"), Change::Ignored);
        assert_eq!(c("/s/content/parents/gaming.md~"), Change::Ignored);
        assert_eq!(c("/s/content"), Change::Ignored);
        assert_eq!(c("/s/site.yaml"), Change::Other);
        assert_eq!(c("/s/frameworks.yaml"), Change::Other);
        assert_eq!(c("/s/templates/page.html"), Change::Other);
        assert_eq!(c("/s/.safeguide-serve/index.html"), Change::Ignored);
        assert_eq!(
            c("/s/.safeguide-serve.safeguide-new-1/index.html"),
            Change::Ignored
        );
        assert_eq!(c("/s/public/index.html"), Change::Ignored);
        assert_eq!(c("/s/README.md"), Change::Ignored);
    }
}
