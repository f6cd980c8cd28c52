//! What a run of the engine wrote: each output file under the key it was made from, so that the
//! next run (the next `build` onto the same folder, serve's next update) makes only what changed.
//!
//! A build keeps it on disk in the build record ([`super::buildinfo`]); serve keeps the last one
//! in memory, with the search text of every page (rendering it again is most of a search
//! update's time).

use std::collections::HashMap;
use std::sync::Arc;

use crate::render::SearchEntry;

/// One output file as last made.
#[derive(Debug, Clone, Default)]
pub struct Recorded {
    /// The hash of everything it was made from.
    pub key: String,
    /// A content page's HTML: the link destinations its body asked the site about. Asked again
    /// on the next run, their answers are part of its key there (a renamed heading elsewhere
    /// changes the page that links to it).
    pub reads: Vec<String>,
    /// A content page's HTML: the hash of its source file (in memory only), which tells edited
    /// pages from those an edit reaches, so the edited ones can be written first.
    pub source: Option<String>,
}

/// Every file of the last run.
#[derive(Debug, Default)]
pub struct PlanRecord {
    pub files: HashMap<String, Recorded>,
    /// Search text of pages, by search key (`engine::keys::search_keys`): in memory only.
    /// Shared, so that a run keeping the index as it is takes it over without copying.
    pub search: HashMap<String, Arc<SearchEntry>>,
    /// The key of all a content page reads of the site besides its own source
    /// (`engine::keys::Keys::site`): when the next run's is the same, a page whose source did not
    /// change has the key it had. In memory only.
    pub site: Option<String>,
}

impl PlanRecord {
    /// The key `file` was made under, if the last run made it.
    pub fn key_of(&self, file: &str) -> Option<&str> {
        self.files.get(file).map(|r| r.key.as_str())
    }
}
