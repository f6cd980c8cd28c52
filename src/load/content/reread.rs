//! Pages read by an earlier load, kept by serve so that its next load reads and parses only the
//! files that changed. A page is taken from here only when its file has the size and time it had
//! when read, and was not named by the watcher since ([`Reread::forget`]); whatever is taken is
//! then resolved and rendered as if read again, so this changes how long a load takes, not what
//! it gives.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use super::SourcePage;

/// Pages by the path messages name them by (`SourcePage::display`, one per file).
#[derive(Default)]
pub struct Reread(Mutex<HashMap<PathBuf, Kept>>);

struct Kept {
    len: u64,
    modified: SystemTime,
    page: SourcePage,
    /// Its heading ids, once resolved (what `headings::collect_ids` gives for its body).
    anchors: Option<HashSet<String>>,
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
    pub fn get(&self, display: &Path, stamp: Stamp) -> Option<SourcePage> {
        let kept = self.0.lock().expect("not poisoned");
        let k = kept.get(display)?;
        ((k.len, k.modified) == stamp).then(|| k.page.clone())
    }

    /// Keeps `page`, whose file had `stamp` before it was read.
    pub fn put(&self, stamp: Stamp, page: &SourcePage) {
        self.0.lock().expect("not poisoned").insert(
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
            .lock()
            .expect("not poisoned")
            .retain(|_, k| k.page.rel != rel);
    }

    /// Forgets every page.
    pub fn clear(&self) {
        self.0.lock().expect("not poisoned").clear();
    }

    /// The heading ids kept for a page with exactly the text of `page`.
    pub fn anchors(&self, page: &SourcePage) -> Option<HashSet<String>> {
        let kept = self.0.lock().expect("not poisoned");
        let k = kept.get(&page.display)?;
        (k.page.text == page.text)
            .then(|| k.anchors.clone())
            .flatten()
    }

    /// Keeps the heading ids resolved for the page named `display` with `text`.
    pub fn set_anchors(&self, display: &Path, text: &str, anchors: &HashSet<String>) {
        if let Some(k) = self.0.lock().expect("not poisoned").get_mut(display) {
            if k.page.text == text {
                k.anchors = Some(anchors.clone());
            }
        }
    }
}
