//! The search index, written last like any other output: shards named by their pages' search
//! keys, each language's term chunks merged from its shards' terms, and the manifests naming
//! them. A shard the previous run made is taken over; another is built from its pages' search
//! text (from this run's render, from serve's record, or rendered for search alone).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use super::Run;
use crate::render::SearchEntry;
use crate::search::shards::Shard;
use crate::search::terms::{self, TermTable, Terms};

/// The planned index.
pub(super) struct Search<'s> {
    /// Whether the run writes search at all.
    pub on: bool,
    pub shards: &'s [Shard],
    pub terms: &'s [Terms],
    /// Every page's search key.
    pub keys: &'s [String],
}

/// What the previous run left of the index.
pub(super) struct State {
    /// Each language's term files in the previous output, when it has every one (kept as they are).
    previous_terms: Vec<Option<Vec<String>>>,
    /// Pages whose search text is needed: those in shards to build (more may be, for a shard
    /// whose term table cannot be read back).
    pub needs_text: Vec<bool>,
}

/// The key of a language's term files.
pub(super) fn terms_key(t: &Terms) -> String {
    crate::key::key(&[crate::key::program_id().as_bytes(), t.name.as_bytes()])
}

impl Search<'_> {
    /// What the previous run left: read before the pages render, to know which pages' search
    /// text to keep. Cheap: the term tables are read back only when search is written.
    pub fn state(&self, run: &Run<'_>, defer: bool) -> State {
        let mut needs_text = vec![false; run.site.pages.len()];
        if defer {
            return State {
                previous_terms: Vec::new(),
                needs_text,
            };
        }
        let previous_terms: Vec<Option<Vec<String>>> =
            self.terms.iter().map(|t| previous_terms(run, t)).collect();
        for shard in self.shards {
            let key = crate::search::shard_key(shard);
            if !shard.files().iter().all(|f| run.is_kept(f, &key)) {
                for &p in &shard.pages {
                    needs_text[p] = true;
                }
            }
        }
        State {
            previous_terms,
            needs_text,
        }
    }

    /// The term tables of the shards the previous output has whole, for the languages whose
    /// term files must be merged again: read back from its term chunks (named by its manifest),
    /// so that an edit to one page renders that page, not its language's every page.
    fn kept_tables(
        &self,
        run: &Run<'_>,
        previous: &[Option<Vec<String>>],
    ) -> HashMap<String, TermTable> {
        let mut out = HashMap::new();
        for (t, files) in self.terms.iter().zip(previous) {
            if files.is_some() {
                continue;
            }
            let kept: Vec<&str> = self
                .shards
                .iter()
                .filter(|s| s.lang == t.lang)
                .filter(|s| {
                    let key = crate::search::shard_key(s);
                    s.files().iter().all(|f| run.is_kept(f, &key))
                })
                .map(|s| s.name.as_str())
                .collect();
            if kept.is_empty() {
                continue;
            }
            let Some(previous) = run
                .sink
                .read_previous(&crate::search::manifest_file(t.lang.as_deref()))
                .and_then(|b| crate::search::terms_of_manifest(&b))
            else {
                continue;
            };
            out.extend(terms::read_tables(&previous, &kept, &|rel| {
                run.sink.read_previous(rel)
            }));
        }
        out
    }

    /// Leaves the index the previous run wrote as it is (see `RunOptions::defer_search`): its
    /// files stay in the record, and the search text of the pages rendered now is remembered
    /// for the run that brings it up to date.
    pub fn keep(
        &self,
        run: &Run<'_>,
        entries: Vec<Option<SearchEntry>>,
        remember: bool,
    ) -> HashMap<String, Arc<SearchEntry>> {
        let Some(previous) = run.previous else {
            return HashMap::new();
        };
        for (file, r) in previous.files.iter().filter(|(f, _)| is_search_file(f)) {
            run.note(file, &r.key, Vec::new(), None);
        }
        let mut out = if remember {
            previous.search.clone()
        } else {
            HashMap::new()
        };
        if remember {
            for (p, e) in entries.into_iter().enumerate() {
                if let Some(e) = e {
                    out.insert(self.keys[p].clone(), Arc::new(e));
                }
            }
        }
        out
    }

    /// Writes the shards, term chunks and manifests. `entries`: the search text of the pages
    /// rendered this run. Returns the search text to remember (with `remember`), by search key.
    pub fn write(
        &self,
        run: &Run<'_>,
        state: State,
        entries: Vec<Option<SearchEntry>>,
        remember: bool,
    ) -> HashMap<String, Arc<SearchEntry>> {
        if !self.on {
            return HashMap::new();
        }
        crate::progress::stage(crate::progress::Stage::Search);
        let remembered = run.previous.map(|p| &p.search);
        let mut entries: Vec<Option<Arc<SearchEntry>>> =
            entries.into_iter().map(|e| e.map(Arc::new)).collect();
        // Term tables of kept shards, read back for the languages whose chunks are merged again;
        // a shard of such a language whose table cannot be read is built again for it.
        let kept = self.kept_tables(run, &state.previous_terms);
        let needs_table: Vec<bool> = self
            .shards
            .iter()
            .map(|shard| {
                let stale_terms = self
                    .terms
                    .iter()
                    .position(|t| t.lang == shard.lang)
                    .is_some_and(|t| state.previous_terms[t].is_none());
                stale_terms && !kept.contains_key(&shard.name)
            })
            .collect();
        let mut wanted = state.needs_text;
        for (shard, _) in self.shards.iter().zip(&needs_table).filter(|(_, n)| **n) {
            for &p in &shard.pages {
                wanted[p] = true;
            }
        }
        // Pages of shards to build that were not rendered: their search text alone.
        let missing: Vec<(usize, Option<Arc<SearchEntry>>)> = (0..entries.len())
            .into_par_iter()
            .filter(|&p| wanted[p] && entries[p].is_none())
            .map(|p| {
                let entry = remembered
                    .and_then(|r| r.get(&self.keys[p]).cloned())
                    .or_else(|| run.renderer.search_entry(p).map(Arc::new));
                (p, entry)
            })
            .collect();
        for (p, e) in missing {
            entries[p] = e;
        }
        let tables: Mutex<HashMap<String, TermTable>> = Mutex::new(kept);
        self.shards.par_iter().enumerate().for_each(|(s, shard)| {
            let key = crate::search::shard_key(shard);
            let files = shard.files();
            // A shard's files are taken over together or built together.
            let reused = !needs_table[s]
                && files.iter().all(|f| run.is_kept(f, &key))
                && files.iter().all(|f| run.carry(f, &key));
            if reused {
                return;
            }
            let mine: Vec<&SearchEntry> = shard
                .pages
                .iter()
                .filter_map(|&p| entries[p].as_deref())
                .collect();
            let (built, table) = crate::search::shard_scripts(run.site, shard, &mine);
            tables
                .lock()
                .expect("not poisoned")
                .insert(shard.name.clone(), table);
            for (rel, bytes) in built {
                let mut bytes = Some(bytes);
                run.write_keyed(&rel, &key, &mut || bytes.take().unwrap_or_default());
            }
        });
        let tables = tables.into_inner().expect("not poisoned");
        for (t, previous) in self.terms.iter().zip(&state.previous_terms) {
            let key = terms_key(t);
            if let Some(files) = previous {
                if files.iter().all(|f| run.carry(f, &key)) {
                    continue;
                }
            }
            let mine: Vec<Option<&TermTable>> = t.shards.iter().map(|n| tables.get(n)).collect();
            terms::merge(t, &mine, &mut |rel, text| {
                let mut bytes = Some(text.into_bytes());
                run.write_keyed(&rel, &key, &mut || bytes.take().unwrap_or_default());
            });
        }
        drop(tables);
        self.manifests(run);
        if !remember {
            return HashMap::new();
        }
        let mut out: HashMap<String, Arc<SearchEntry>> = HashMap::new();
        for (p, e) in entries.into_iter().enumerate() {
            match e {
                Some(e) => {
                    out.insert(self.keys[p].clone(), e);
                }
                None => {
                    if let Some(e) = remembered.and_then(|r| r.get(&self.keys[p])) {
                        out.insert(self.keys[p].clone(), e.clone());
                    }
                }
            }
        }
        out
    }

    /// Each language's manifest, keyed by its text (the next run reads it back for the names of
    /// the term chunks it lists).
    fn manifests(&self, run: &Run<'_>) {
        for lang in crate::plan::search_languages(run.site) {
            let (file, script) =
                crate::search::manifest(run.site, lang.as_deref(), self.shards, &|l, k| {
                    run.renderer.word(l, k)
                });
            let key = crate::key::key(&[script.as_bytes()]);
            if run.carry(&file, &key) {
                continue;
            }
            let mut bytes = Some(script.into_bytes());
            run.write_keyed(&file, &key, &mut || bytes.take().unwrap_or_default());
        }
    }
}

/// A file of the search index (not the search page).
pub(super) fn is_search_file(file: &str) -> bool {
    file.starts_with("search/") && file.ends_with(".js")
}

/// The previous output's term files of `t` (its directory and the chunks it lists), if it has
/// every one of them, made under `t`'s key and untouched.
fn previous_terms(run: &Run<'_>, t: &Terms) -> Option<Vec<String>> {
    let key = terms_key(t);
    if !run.is_kept(&t.file(), &key) {
        return None;
    }
    let files = terms::files_listed(&t.name, &run.sink.read_previous(&t.file())?)?;
    files.iter().all(|f| run.is_kept(f, &key)).then_some(files)
}
