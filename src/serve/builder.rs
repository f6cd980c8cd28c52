//! Rebuilding after a change: the site loaded again and the engine run against the last run's
//! record, so serve renders what a build onto the same folder would render, and reports what a
//! build would report. serve keeps no model of its own of what depends on what.
//!
//! A change to content files updates the folder being served in place: the engine's writes wait
//! in memory ([`LiveDir`]) and go to disk only when the run found no problem; the edited pages
//! first, so that the page the author looks at reloads while the pages the edit reaches render.
//! Any other change (site.yaml, templates, static files) builds into a staging folder swapped in
//! whole, as `build` does.

use std::collections::BTreeSet;
use std::sync::{Mutex, RwLock};

use super::watch::Change;
use crate::diagnostics::{rule, Diagnostic, Diagnostics, Failure};
use crate::engine::{self, RunOptions};
use crate::load::content::reread::Reread;
use crate::pipeline::{self, BuildOptions};
use crate::render::templates::Templates;
use crate::write::output::Staging;
use crate::write::record::PlanRecord;
use crate::write::sink::{Before, LiveDir};

pub struct Builder {
    pub opts: BuildOptions,
    /// The record of the run the folder holds; None before the first build, and after a failed
    /// write left the folder in doubt (the next change then builds it whole).
    record: Option<PlanRecord>,
    /// The pages the last load read, taken again while their files are unchanged.
    reread: Reread,
    /// The last load's templates and words, taken again while only content files change.
    templates: Option<Templates>,
    /// An update left the search index behind the pages.
    search_behind: bool,
    /// Search files the last update replaced: removed at the next one, so that a search page
    /// that loaded the manifest just before can still load them.
    stale: Vec<String>,
}

/// What a successful rebuild did.
pub struct Done {
    pub files: usize,
    pub full: bool,
    pub warnings: Diagnostics,
    /// The output files an update wrote or removed (relative, `/`-separated), less those it
    /// already announced and the search index's; None after a full build or a changed copied
    /// file, where any page may show something new.
    pub changed: Option<BTreeSet<String>>,
}

/// Told of the edited pages' files as soon as they are written, before the listings and other
/// pages the edit reaches are rendered: the page being edited can reload first.
pub type Early<'a> = &'a dyn Fn(BTreeSet<String>);

impl Builder {
    pub fn new(opts: BuildOptions) -> Builder {
        Builder {
            opts,
            record: None,
            reread: Reread::default(),
            templates: None,
            search_behind: false,
            stale: Vec::new(),
        }
    }

    fn run_options(&self, defer_search: bool) -> RunOptions<'static> {
        RunOptions {
            remember_search: true,
            defer_search,
            ..self.opts.run_options(None)
        }
    }

    /// Rebuilds for a batch of changes.
    pub fn rebuild(
        &mut self,
        changes: &[Change],
        swap: &RwLock<()>,
        early: Early<'_>,
    ) -> Result<Done, Failure> {
        let only_content = changes
            .iter()
            .all(|c| matches!(c, Change::Page(_) | Change::Asset(_)));
        for c in changes {
            if let Change::Page(rel) = c {
                self.reread.forget(rel);
            }
        }
        if only_content && self.record.is_some() {
            let assets = changes.iter().any(|c| matches!(c, Change::Asset(_)));
            self.search_behind = true;
            let changed = changes
                .iter()
                .filter_map(|c| match c {
                    Change::Page(rel) | Change::Asset(rel) => Some(rel.clone()),
                    _ => None,
                })
                .collect();
            return self.update(early, assets, Some(changed));
        }
        self.full(swap)
    }

    /// Loads, renders and writes the whole site into a staging folder swapped in.
    pub fn full(&mut self, swap: &RwLock<()>) -> Result<Done, Failure> {
        let search = self.record.take().map(|r| r.search).unwrap_or_default();
        // The staging folder has only the new files, search's up to date.
        self.stale.clear();
        self.search_behind = false;
        self.templates = None;
        let (site, templates, mut warnings) =
            pipeline::load_site_again(&self.opts, &self.reread, None)?;
        let staging = Staging::new(&self.opts.output_dir())?;
        let mut previous = staging.previous_record();
        previous.search = search;
        let outcome = engine::run(
            &site,
            &templates,
            &self.run_options(false),
            Some(&previous),
            &staging,
            None,
        );
        warnings.extend(outcome.diagnostics);
        self.templates = Some(templates);
        if warnings.has_errors() {
            return Err(Failure::Content(warnings));
        }
        {
            let _g = swap.write().expect("not poisoned");
            staging.commit()?;
        }
        self.record = Some(outcome.record);
        Ok(Done {
            files: outcome.files,
            full: true,
            warnings,
            changed: None,
        })
    }

    /// Brings the search index up to date after updates that left it behind (see
    /// [`Builder::rebuild`]): None when it is. Run when the saves pause, so that a save does not
    /// wait for the index of the last one (a thousand files on a big site).
    pub fn catch_up(&mut self) -> Option<Result<Done, Failure>> {
        if !self.search_behind || self.record.is_none() {
            return None;
        }
        self.search_behind = false;
        Some(self.update(&|_| {}, false, None))
    }

    /// Runs the engine against the last record into the folder being served. After saves
    /// (`changed`: the files the watcher named), trusting the watcher that no other file under
    /// content/ changed, and leaving the search index for [`Builder::catch_up`], which trusts
    /// nothing: it walks content/ and looks at every file, so an event lost is made good when
    /// the saves pause.
    fn update(
        &mut self,
        early: Early<'_>,
        assets: bool,
        changed: Option<Vec<String>>,
    ) -> Result<Done, Failure> {
        let clock = std::time::Instant::now();
        let defer_search = changed.is_some();
        self.reread.trust(changed);
        let loaded = pipeline::load_site_again(&self.opts, &self.reread, self.templates.take());
        self.reread.trust(None);
        let (site, templates, mut warnings) = loaded?;
        let loaded = clock.elapsed();
        let live = LiveDir::new(self.opts.output_dir());
        let announced: Mutex<Before> = Mutex::default();
        let io = Mutex::new(Vec::new());
        let ready = |files: &[String]| match live.commit(Some(files), true) {
            Ok(before) => {
                announced.lock().expect("not poisoned").extend(before);
                early(files.iter().filter(|f| !is_search(f)).cloned().collect());
            }
            Err(e) => io
                .lock()
                .expect("not poisoned")
                .push(io_error("write the edited pages", e)),
        };
        // Nothing is shown early while the site has a problem the run would not find itself.
        let ready: Option<engine::Ready<'_>> = (!warnings.has_errors()).then_some(&ready);
        let outcome = engine::run(
            &site,
            &templates,
            &self.run_options(defer_search),
            self.record.as_ref(),
            &live,
            ready,
        );
        warnings.extend(outcome.diagnostics);
        warnings.extend(io.into_inner().expect("not poisoned"));
        self.templates = Some(templates);
        let announced = announced.into_inner().expect("not poisoned");
        if warnings.has_errors() {
            // The folder stays as the last good run left it.
            if let Err(e) = live.restore(&announced) {
                self.record = None;
                warnings.push(io_error("restore the pages written first", e));
            }
            return Err(Failure::Content(warnings));
        }
        let replaced = live.withhold(is_search);
        let rest = live.pending();
        let stale = std::mem::replace(&mut self.stale, replaced);
        // Not those written again just now: an edit undone brings back the files it replaced.
        let done = live.commit(None, false).and_then(|_| {
            stale
                .iter()
                .filter(|f| !outcome.record.files.contains_key(*f))
                .try_for_each(|f| live.remove_now(f))
        });
        if let Err(e) = done {
            // The folder may now be half updated: the next change rebuilds it whole.
            self.record = None;
            return Err(Failure::Content(
                std::iter::once(io_error("update the site", e)).collect(),
            ));
        }
        self.record = Some(outcome.record);
        if crate::timings::enabled() {
            eprintln!(
                "update: load and resolve {:.1} ms, render and write {:.1} ms",
                loaded.as_secs_f64() * 1e3,
                (clock.elapsed() - loaded).as_secs_f64() * 1e3
            );
        }
        let changed = (!assets).then(|| rest.iter().filter(|f| !is_search(f)).cloned().collect());
        Ok(Done {
            files: announced.len() + rest.len(),
            full: false,
            warnings,
            changed,
        })
    }
}

/// A file of the search index, which only the search page loads (when a query is typed).
fn is_search(file: &str) -> bool {
    file.starts_with("search/") && file.ends_with(".js")
}

fn io_error(what: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(rule::IO, format!("cannot {what}: {e}")).help(
        "check there is free disk space and that the output folder is writable; \
         the next save rebuilds the whole site",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    fn page(title: &str, words: &str) -> String {
        format!("---\ntitle: {title}\naudience: [parents]\n---\n\n{words}\n")
    }

    fn html(out: &Path, name: &str) -> String {
        fs::read_to_string(out.join(name).join("index.html")).expect("a built page")
    }

    /// The load after a save trusts the watcher; the search catch-up when saves pause trusts
    /// nothing, so a change the watcher did not name is served then.
    #[test]
    fn a_change_the_watcher_missed_is_made_good_by_the_catch_up() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        fs::create_dir(root.join("content")).unwrap();
        fs::write(
            root.join("site.yaml"),
            "title: Test\nbase_url: https://example.test/\naudiences:\n  - id: parents\n    name: Parents\n",
        )
        .unwrap();
        fs::write(root.join("content/_index.md"), page("Home", "Welcome.")).unwrap();
        fs::write(root.join("content/a.md"), page("A", "First words of A.")).unwrap();
        fs::write(root.join("content/b.md"), page("B", "First words of B.")).unwrap();
        let out = root.join("out");
        let mut builder = Builder::new(BuildOptions {
            root: root.clone(),
            output: Some(out.clone()),
            drafts: false,
            base_url: None,
            offline: false,
            pdf: false,
        });
        let swap = RwLock::new(());
        builder.full(&swap).expect("the first build");

        fs::write(root.join("content/a.md"), page("A", "New words of A.")).unwrap();
        fs::write(root.join("content/b.md"), page("B", "New words of B.")).unwrap();
        builder
            .rebuild(&[Change::Page("a.md".into())], &swap, &|_| {})
            .expect("the update");
        assert!(html(&out, "a").contains("New words of A."));
        assert!(
            html(&out, "b").contains("First words of B."),
            "the update trusts the watcher, which named only a.md"
        );

        builder
            .catch_up()
            .expect("a catch-up is due after an update")
            .expect("the catch-up");
        assert!(html(&out, "b").contains("New words of B."));
    }
}
