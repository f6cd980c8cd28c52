//! Watching the site's sources, and sorting what changed into what must be rebuilt.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
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

/// Editors save in bursts (truncate and write; or write a temporary file, move the old one away
/// and rename the new one in; then touch): a batch ends after this long without a new event,
/// however it ended.
pub const DEBOUNCE: Duration = Duration::from_millis(50);

/// A batch whose every file was last closed after writing, renamed into place or touched ends
/// sooner: after this long without a new event. The events of one save come within a millisecond
/// of each other (in one read of the kernel's queue, mostly); a file still open for writing, or
/// moved or deleted (a safe-write editor's old file, which a new one replaces next), holds the
/// batch for the whole [`DEBOUNCE`], so a half-written or missing file is not read then.
pub const SETTLE: Duration = Duration::from_millis(10);

/// Starts watching `root` (canonical); changed paths are sent to `tx`.
pub fn start(root: &Path, tx: Sender<super::Msg>) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<Event>| match res {
        // Reading files (the build itself does) is not a change.
        Ok(e) if is_read(&e.kind) => {}
        Ok(e) => {
            let _ = tx.send(super::Msg::Changed(touched(&e)));
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

/// The paths an event names, each with whether the event leaves that file complete: closed after
/// writing, renamed into place, or with only its metadata changed. A file written to, created or
/// renamed away is not (more events follow as an editor saves), nor a deleted page (a new one may
/// take its place); a deleted file of another kind is (vim creates and deletes a file named `4913`
/// beside the one it saves, to see whether it may write there).
pub fn touched(e: &Event) -> Vec<(PathBuf, bool)> {
    use notify::event::{ModifyKind, RenameMode};
    match e.kind {
        EventKind::Remove(_) => e
            .paths
            .iter()
            .map(|p| (p.clone(), p.extension().is_none_or(|x| x != "md")))
            .collect(),
        EventKind::Access(AccessKind::Close(AccessMode::Write))
        | EventKind::Modify(ModifyKind::Metadata(_) | ModifyKind::Name(RenameMode::To)) => {
            e.paths.iter().map(|p| (p.clone(), true)).collect()
        }
        // From the first path to the second.
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => e
            .paths
            .iter()
            .enumerate()
            .map(|(i, p)| (p.clone(), i > 0))
            .collect(),
        _ => e.paths.iter().map(|p| (p.clone(), false)).collect(),
    }
}

/// The changes collected until the saves pause: when the last event came, and which files the
/// events so far leave incomplete.
pub struct Batch {
    pub paths: Vec<PathBuf>,
    open: std::collections::HashSet<PathBuf>,
    last: std::time::Instant,
}

impl Batch {
    pub fn new(now: std::time::Instant) -> Batch {
        Batch {
            paths: Vec::new(),
            open: std::collections::HashSet::new(),
            last: now,
        }
    }

    /// Adds an event's paths that `keep` says feed the site (others, like the output folder's
    /// own files, neither hold the batch nor end up in it).
    pub fn add(
        &mut self,
        touched: Vec<(PathBuf, bool)>,
        now: std::time::Instant,
        keep: impl Fn(&Path) -> bool,
    ) {
        for (path, complete) in touched {
            if !keep(&path) {
                continue;
            }
            self.last = now;
            if complete {
                self.open.remove(&path);
            } else {
                self.open.insert(path.clone());
            }
            if !self.paths.contains(&path) {
                self.paths.push(path);
            }
        }
    }

    /// When the batch ends if no event comes first: [`SETTLE`] after the last event when every
    /// file is complete, else [`DEBOUNCE`] after it.
    pub fn deadline(&self) -> std::time::Instant {
        self.last
            + if self.open.is_empty() {
                SETTLE
            } else {
                DEBOUNCE
            }
    }
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
            // content/ itself made or removed (a checkout, a restore): rebuild it all, which
            // also watches a new content/ folder.
            return Change::Other;
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
        let c = change_of(root, output, bases, p);
        if c != Change::Ignored && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// What a changed path asks for, whether in the site or in one of its bases.
pub fn change_of(root: &Path, output: &Path, bases: &[PathBuf], path: &Path) -> Change {
    match classify(root, output, path) {
        Change::Ignored if !path.starts_with(root) => classify_in_base(bases, output, path),
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, ModifyKind, RemoveKind, RenameMode};
    use std::time::Instant;

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut e = Event::new(kind);
        for p in paths {
            e = e.add_path(PathBuf::from(p));
        }
        e
    }

    /// Feeds `events` to a batch, as the watcher would, and says how long after the last one
    /// the batch ends.
    fn wait_after(events: &[Event]) -> (Vec<PathBuf>, Duration) {
        let start = Instant::now();
        let mut batch = Batch::new(start);
        for e in events {
            batch.add(touched(e), start, |p| !p.starts_with("/s/.safeguide-serve"));
        }
        (batch.paths.clone(), batch.deadline() - start)
    }

    #[test]
    fn a_batch_ends_soon_only_when_every_file_is_complete() {
        let write = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &["/s/content/a.md"],
        );
        let closed = event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &["/s/content/a.md"],
        );
        // Truncate, write, close: one path, complete once closed.
        let (paths, wait) = wait_after(&[write.clone(), write.clone(), closed.clone()]);
        assert_eq!(paths, vec![PathBuf::from("/s/content/a.md")]);
        assert_eq!(wait, SETTLE);
        // Still being written.
        assert_eq!(wait_after(std::slice::from_ref(&write)).1, DEBOUNCE);
        // Written again after closing.
        assert_eq!(wait_after(&[closed.clone(), write.clone()]).1, DEBOUNCE);

        // A safe write: the new text in a temporary file, the old file moved away, the new one
        // moved in. Complete only once moved in; until then the page is missing.
        let tmp = "/s/content/a.md.tmp";
        let safe = [
            event(EventKind::Create(CreateKind::File), &[tmp]),
            event(EventKind::Modify(ModifyKind::Data(DataChange::Any)), &[tmp]),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &[tmp],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::From)),
                &["/s/content/a.md"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                &["/s/content/a.md.old"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/s/content/a.md", "/s/content/a.md.old"],
            ),
        ];
        assert_eq!(wait_after(&safe).1, DEBOUNCE, "the page is moved away");
        let mut done = safe.to_vec();
        done.push(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::From)),
            &[tmp],
        ));
        done.push(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::To)),
            &["/s/content/a.md"],
        ));
        assert_eq!(
            wait_after(&done).1,
            DEBOUNCE,
            "the temporary file is moved away"
        );
        done.push(event(
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &[tmp, "/s/content/a.md"],
        ));
        assert_eq!(
            wait_after(&done).1,
            DEBOUNCE,
            "the temporary file is gone, not complete"
        );
        done.push(event(
            EventKind::Remove(RemoveKind::File),
            &["/s/content/a.md.old"],
        ));
        assert_eq!(wait_after(&done).1, DEBOUNCE);

        // Vim: a probe file made and deleted, the page moved to its backup (`a.md~`),
        // the new page written and closed, the backup deleted.
        let vim = [
            event(EventKind::Create(CreateKind::File), &["/s/content/4913"]),
            event(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                &["/s/content/4913"],
            ),
            event(EventKind::Remove(RemoveKind::File), &["/s/content/4913"]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/s/content/a.md", "/s/content/a.md~"],
            ),
            event(EventKind::Create(CreateKind::File), &["/s/content/a.md"]),
            write.clone(),
        ];
        assert_eq!(wait_after(&vim).1, DEBOUNCE, "the page is being written");
        let mut done = vim.to_vec();
        done.push(closed.clone());
        done.push(event(
            EventKind::Remove(RemoveKind::File),
            &["/s/content/a.md~"],
        ));
        assert_eq!(wait_after(&done).1, SETTLE);
        // A page deleted.
        let deleted = event(EventKind::Remove(RemoveKind::File), &["/s/content/a.md"]);
        assert_eq!(wait_after(&[deleted]).1, DEBOUNCE);

        // Writes to the output folder neither hold a batch nor join it.
        let out = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &["/s/.safeguide-serve/index.html"],
        );
        let (paths, wait) = wait_after(&[closed, out]);
        assert_eq!(paths, vec![PathBuf::from("/s/content/a.md")]);
        assert_eq!(wait, SETTLE);
    }

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
        // content/ itself made or removed: a full build, which watches a new folder again.
        assert_eq!(c("/s/content"), Change::Other);
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
