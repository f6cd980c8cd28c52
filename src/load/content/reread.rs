//! Pages read by an earlier load, kept by serve so that its next load reads and parses only the
//! files that changed. A page is taken from here only when its file has the size and time it had
//! when read, and was not named by the watcher since ([`Reread::forget`]); whatever is taken is
//! then resolved and rendered as if read again, so this changes how long a load takes, not what
//! it gives.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

use super::SourcePage;
use crate::diagnostics::Diagnostics;
use crate::load::layers::{LayerFile, Layers};

/// Pages by the path messages name them by (`SourcePage::display`, one per file); and the last
/// walk of content/, for a load that may trust the watcher ([`Reread::trust`]).
#[derive(Default)]
pub struct Reread(RwLock<HashMap<PathBuf, Kept>>, Mutex<Walk>);

#[derive(Default)]
struct Walk {
    /// The files the last load found under content/ in every layer, and the walk's problems.
    last: Option<(Vec<LayerFile>, Diagnostics)>,
    /// The files (relative to content/) the watcher says changed since: set for one load.
    trusted: Option<Vec<String>>,
}

struct Kept {
    len: u64,
    modified: SystemTime,
    page: Arc<SourcePage>,
    /// Its heading ids, once resolved (what `headings::collect_ids` gives for its body).
    anchors: Option<Arc<HashSet<String>>>,
}

/// A file's size and time, taken before it is read.
pub type Stamp = (u64, SystemTime);

impl Reread {
    /// The stamp of the file at `path`.
    pub fn stamp(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some((meta.len(), meta.modified().ok()?))
    }

    /// The page named `display` as read when its file had `stamp`.
    pub fn get(&self, display: &Path, stamp: Stamp) -> Option<Arc<SourcePage>> {
        let kept = self.0.read().expect("not poisoned");
        let k = kept.get(display)?;
        ((k.len, k.modified) == stamp).then(|| k.page.clone())
    }

    /// The page named `display` as last read, whatever its file's size and time now: for a load
    /// that trusts the watcher ([`Reread::trust`]), which forgot the changed ones.
    pub fn get_trusted(&self, display: &Path) -> Option<Arc<SourcePage>> {
        let kept = self.0.read().expect("not poisoned");
        kept.get(display).map(|k| k.page.clone())
    }

    /// Keeps `page`, whose file had `stamp` before it was read.
    pub fn put(&self, stamp: Stamp, page: &Arc<SourcePage>) {
        self.0.write().expect("not poisoned").insert(
            page.display.clone(),
            Kept {
                len: stamp.0,
                modified: stamp.1,
                page: page.clone(),
                anchors: None,
            },
        );
    }

    /// Forgets the pages at `rel` under content/ (in any layer): the watcher saw them change,
    /// perhaps within the file system's clock tick.
    pub fn forget(&self, rel: &str) {
        self.0
            .write()
            .expect("not poisoned")
            .retain(|_, k| k.page.rel != rel);
    }

    /// Lets the next load trust that the files under content/ are those of the last load, but
    /// for `changed` (relative to content/, the watcher's word; None: it may not): it walks no
    /// folder and looks at no other file's size and time. For one load; one that does not trust
    /// (serve's search catch-up, after every run of saves) walks and looks at all, and so finds
    /// anything a lost event left out.
    pub fn trust(&self, changed: Option<Vec<String>>) {
        self.1.lock().expect("not poisoned").trusted = changed;
    }

    /// The files under content/ when the load may trust the watcher: the last walk's, with each
    /// changed file put in. None, to walk, when it may not, or a change is one the walk alone
    /// decides on (a file gone, which may uncover a base's; a link; a hidden name).
    pub(super) fn walked(
        &self,
        layers: &Layers,
        key: &dyn Fn(usize, &str) -> String,
    ) -> Option<(Vec<LayerFile>, Diagnostics)> {
        let mut walk = self.1.lock().expect("not poisoned");
        let changed = walk.trusted.take()?;
        let (mut files, ds) = walk.last.clone()?;
        for rel in &changed {
            let file = layers.own_file(super::CONTENT_DIR, rel, key)?;
            match files.binary_search_by(|f| f.rel.cmp(&file.rel)) {
                Ok(at) => files[at] = file,
                Err(at) => files.insert(at, file),
            }
        }
        Some((files, ds))
    }

    /// Keeps what a load found under content/, for the next.
    pub(super) fn walk_done(&self, found: &[LayerFile], ds: &Diagnostics) {
        let mut walk = self.1.lock().expect("not poisoned");
        walk.trusted = None;
        walk.last = Some((found.to_vec(), ds.clone()));
    }

    /// Forgets every page.
    pub fn clear(&self) {
        self.0.write().expect("not poisoned").clear();
    }

    /// The heading ids kept for a page with exactly the text of `page` (compared by its key).
    pub fn anchors(&self, page: &SourcePage) -> Option<Arc<HashSet<String>>> {
        let kept = self.0.read().expect("not poisoned");
        let k = kept.get(&page.display)?;
        (k.page.hash == page.hash)
            .then(|| k.anchors.clone())
            .flatten()
    }

    /// Keeps the heading ids resolved for the page named `display` whose text has the key `hash`.
    pub fn set_anchors(&self, display: &Path, hash: &str, anchors: &Arc<HashSet<String>>) {
        if let Some(k) = self.0.write().expect("not poisoned").get_mut(display) {
            // (Kept already: the same text has the same ids.)
            if k.page.hash == hash && k.anchors.is_none() {
                k.anchors = Some(anchors.clone());
            }
        }
    }
}
