//! One engine for `build`, `check` and `serve`: plan every output with its key, render those whose
//! key changed since the previous run (or that are new), minify and rewrite URLs, write them
//! through the one [`Sink`] and remove what left the plan.
//!
//! - `build` runs it against the record of the output it replaces ([`PlanRecord`], kept in the
//!   build record), into a staging folder swapped in when nothing failed;
//! - `check` against nothing, with the sink that keeps nothing: every output renders, for its
//!   problems;
//! - `serve` against its previous run's record, into the folder it serves (whose writes wait in
//!   memory until the run succeeded).
//!
//! So the three report the same problems from the same code, and serve has no model of its own
//! of what depends on what: the keys ([`keys`]) are that model, and they are made from the data
//! the outputs are made from. Order: with a previous run, edited pages first, planned, keyed,
//! rendered and shown before the rest of the site is planned or keyed (serve shows them while
//! the rest renders); then the pages an edit reaches and the generated files and packs, then
//! search, copied files and PDFs. When what pages read of the site is unchanged
//! ([`keys::Keys::site`]), the pages whose source is unchanged keep their keys unmade.

mod generated;
pub mod keys;
mod search;

use std::collections::HashMap;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::markdown::highlight;
use crate::packs;
use crate::plan::{self, Output, PlanOptions, StaticSource};
use crate::render::urls::UrlStyle;
use crate::render::{templates::Templates, RenderedFile, Renderer};
use crate::resolve::Site;
use crate::search::terms::Terms;
use crate::timings::{self, Step};
use crate::write::record::{PlanRecord, Recorded};
use crate::write::sink::Sink;
use crate::write::{minify, output};
use generated::GeneratedInputs;
use keys::Keys;

/// What a run depends on besides the site.
#[derive(Clone, Copy, Default)]
pub struct RunOptions<'c> {
    pub drafts: bool,
    pub offline: bool,
    /// Print pack editions to PDF with this browser (`build --pdf`), after everything else.
    pub chromium: Option<&'c packs::pdf::Chromium>,
    /// Keep every page's search text in the record: serve's next update builds a changed search
    /// shard from it instead of rendering the shard's other pages again.
    pub remember_search: bool,
    /// Leave the search index as the previous run wrote it, for a later run to bring up to date
    /// (serve: search catches up when the saves pause, so the next save does not wait for it).
    pub defer_search: bool,
}

/// When to show what is written before the run ends (serve): told the edited pages' files, then
/// every other file but search's, each time only when no problem was found so far.
pub type Ready<'a> = &'a dyn Fn(&[String]);

/// What a run did.
pub struct Outcome {
    pub pages: usize,
    /// Content pages taken from the previous run without rendering.
    pub carried: usize,
    /// PDFs printed.
    pub pdfs: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    /// This run's record, for the next.
    pub record: PlanRecord,
}

/// When an output is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// A content page whose source changed since the previous run (or is new).
    Edited,
    /// Other content pages and their Word copies.
    Pages,
    /// Generated files and packs.
    Site,
    Search,
    Copies,
    Pdf,
}

/// One output of the plan, with its stable identity (its file) and key.
#[derive(Debug, Clone)]
pub struct Planned {
    pub output: Output,
    /// Relative to the output folder, `/`-separated.
    pub file: String,
    /// The hash of every fact it reads; empty for a search manifest, keyed by its text.
    pub key: String,
    pub phase: Phase,
}

/// Plans, renders and writes every output of `site` through `sink`; see the module comment.
pub fn run(
    site: &Site,
    templates: &Templates,
    opts: &RunOptions<'_>,
    previous: Option<&PlanRecord>,
    sink: &dyn Sink,
    ready: Option<Ready<'_>>,
) -> Outcome {
    let renderer = Renderer::new(site, templates, opts.offline);
    let style = UrlStyle::from_base_url(&site.config.base_url, opts.offline);
    let options = format!(
        "drafts={} offline={} pdf={} style={style:?}",
        opts.drafts,
        opts.offline,
        opts.chromium.is_some()
    );
    let mut clock = timings::Laps::start("engine");
    // Only the shared parts and the sources' hashes: pages are keyed as they are needed.
    let keys = Keys::new(site, &renderer, &templates.fingerprint(), &options);
    clock.lap("keys begun");
    let keeps = sink.keeps();
    let run = Run {
        site,
        renderer,
        style,
        sink,
        previous,
        keys,
        keeps,
        pdf: opts.chromium.is_some(),
        record: Mutex::default(),
        diagnostics: Mutex::default(),
        fresh: Mutex::default(),
    };
    crate::progress::pages(site.pages.len());
    let early = run.edited_first(ready);
    clock.lap("edited pages");
    let search_on = keeps && site.config.search.enabled;
    let search_keys = if search_on {
        keys::search_keys(site)
    } else {
        Vec::new()
    };
    let shards = if search_on {
        crate::search::plan(site, &search_keys)
    } else {
        Vec::new()
    };
    let terms = Terms::plan(&shards);
    let plan = plan::plan(
        site,
        PlanOptions {
            pdf: opts.chromium.is_some(),
            search: search_on,
        },
        shards
            .iter()
            .map(crate::search::shards::Shard::file)
            .collect(),
        terms.iter().map(Terms::file).collect(),
    );
    run.report(plan.problems.clone());
    let search = search::Search {
        on: search_on,
        shards: &shards,
        terms: &terms,
        keys: &search_keys,
    };
    let defer = opts.defer_search && search_on && previous.is_some();
    let state = search.state(&run, defer);
    clock.lap("plan");
    let same_site = run
        .keys
        .complete(&run.renderer, previous.and_then(|p| p.site.as_deref()));
    let generated = GeneratedInputs::of(site, &plan);
    let planned = run.keyed(&plan, &shards, &terms, &early.done, same_site, &generated);
    clock.lap("keys");
    let (carried, entries) = run.pages_and_site(
        &planned,
        &state.needs_text,
        opts.remember_search,
        ready,
        early,
        &generated,
    );
    clock.lap("pages and site");
    let cache = if defer {
        search.keep(&run, entries, opts.remember_search)
    } else {
        search.write(&run, state, entries, opts.remember_search)
    };
    clock.lap("search");
    run.copies(&planned);
    clock.lap("copies");
    clock.report();
    let mut ds = run.diagnostics.into_inner().expect("not poisoned");
    let mut printed = 0;
    if let (Some(chromium), false) = (opts.chromium, ds.has_errors() || output::interrupted()) {
        let pdfs: Vec<(usize, crate::load::packs::Edition)> = planned
            .iter()
            .filter_map(|p| match p.output {
                Output::PackPdf { pack, edition } => Some((pack, edition)),
                _ => None,
            })
            .collect();
        crate::progress::stage(crate::progress::Stage::Pdfs);
        ds.extend(packs::pdf::print_packs(
            site,
            &pdfs,
            &|of, rel| sink.paths_for_print(of, rel),
            chromium,
        ));
        printed = pdfs.len();
    }
    let site_key = keeps.then(|| run.keys.site().to_string());
    let mut files = run.record.into_inner().expect("not poisoned");
    // What the previous run wrote and this plan does not have any more.
    if let Some(previous) = previous.filter(|_| keeps) {
        for gone in previous.files.keys().filter(|f| !files.contains_key(*f)) {
            if let Err(e) = sink.remove(gone) {
                ds.extend(io_error(gone, e));
            }
        }
    }
    let n = files.len();
    if !keeps {
        files.clear();
    }
    Outcome {
        pages: site.pages.len(),
        carried,
        pdfs: printed,
        files: if keeps { n } else { plan.outputs.len() },
        diagnostics: ds,
        record: PlanRecord {
            files,
            search: cache,
            site: site_key,
        },
    }
}

/// One run's shared state.
struct Run<'a> {
    site: &'a Site,
    renderer: Renderer<'a>,
    style: UrlStyle,
    sink: &'a dyn Sink,
    previous: Option<&'a PlanRecord>,
    keys: Keys<'a>,
    keeps: bool,
    /// PDFs are printed: pack pages link them.
    pdf: bool,
    record: Mutex<HashMap<String, Recorded>>,
    diagnostics: Mutex<Diagnostics>,
    /// Files written since `ready` was last told.
    fresh: Mutex<Vec<String>>,
}

impl Run<'_> {
    fn report(&self, ds: Vec<Diagnostic>) {
        self.diagnostics.lock().expect("not poisoned").extend(ds);
    }

    /// Whether an error was found so far.
    fn failed(&self) -> bool {
        self.diagnostics.lock().expect("not poisoned").has_errors()
    }

    /// The plan with each output's file, key and phase.
    fn keyed(
        &self,
        plan: &plan::Plan,
        shards: &[crate::search::shards::Shard],
        terms: &[Terms],
        done: &[bool],
        same_site: bool,
        generated: &GeneratedInputs,
    ) -> Vec<Planned> {
        let site = self.site;
        // Not the pages done first: the rest of the run leaves them alone.
        let page_keys: Vec<Option<(String, Phase)>> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                if done[i] {
                    return None;
                }
                let file = plan::file_for(&site.pages[i].path);
                let before = self.previous.and_then(|p| p.files.get(&file));
                let reads = before.map(|r| r.reads.as_slice()).unwrap_or_default();
                let edited = before.and_then(|r| r.source.as_deref()) != Some(self.keys.source(i));
                let phase = if edited { Phase::Edited } else { Phase::Pages };
                let key = match before {
                    // The same site and source: the same key (see `Keys::site`).
                    Some(r) if same_site && !edited => {
                        debug_assert_eq!(
                            r.key,
                            self.keys.page(i, reads, &self.renderer),
                            "{file}: a page's key changed while the site's and its source did not"
                        );
                        r.key.clone()
                    }
                    _ => self.keys.page(i, reads, &self.renderer),
                };
                Some((key, phase))
            })
            .collect();
        let page_key = |i: usize| {
            page_keys[i]
                .clone()
                .unwrap_or((String::new(), Phase::Pages))
        };
        plan.outputs
            .par_iter()
            .map(|o| {
                let file = plan.file_of(site, o);
                let (key, phase) = match o {
                    Output::Page(i) => page_key(*i),
                    Output::WordCopy(i) => (Keys::beside(&page_key(*i).0, "docx"), Phase::Pages),
                    Output::WordTemplate(i) => {
                        (Keys::beside(&page_key(*i).0, "template"), Phase::Pages)
                    }
                    Output::SearchShard(s) => {
                        (crate::search::shard_key(&shards[*s]), Phase::Search)
                    }
                    Output::SearchTerms(t) => (search::terms_key(&terms[*t]), Phase::Search),
                    Output::SearchManifest(_) => (String::new(), Phase::Search),
                    Output::Static { rel, from } => (self.keys.copied(rel, from), Phase::Copies),
                    Output::HighlightCss => (
                        crate::key::key(&[crate::key::program_id().as_bytes()]),
                        Phase::Copies,
                    ),
                    Output::PackPdf { .. } => (self.keys.other(o), Phase::Pdf),
                    Output::Generated(_) => {
                        // The same site: the same inputs, so the same key (see `generated`).
                        let kept = self.previous.filter(|_| same_site).and_then(|p| p.key_of(&file));
                        let key = match kept {
                            Some(k) => {
                                debug_assert_eq!(
                                    k,
                                    generated.key(&self.keys, o, &file, &self.renderer),
                                    "{file}: a generated file's key changed while the site's did not"
                                );
                                k.to_string()
                            }
                            None => generated.key(&self.keys, o, &file, &self.renderer),
                        };
                        (key, Phase::Site)
                    }
                    Output::PackDocument { .. }
                    | Output::PackListing(_)
                    | Output::PackPresent(_)
                    | Output::PackExtra { .. } => (self.keys.other(o), Phase::Site),
                };
                Planned {
                    output: o.clone(),
                    file,
                    key,
                    phase,
                }
            })
            .collect()
    }

    /// Notes `file` as made under `key` in this run's record.
    fn note(&self, file: &str, key: &str, reads: Vec<String>, source: Option<String>) {
        if !self.keeps {
            return;
        }
        if !reads.is_empty() {
            self.sink.record_reads(file, &reads);
        }
        self.record.lock().expect("not poisoned").insert(
            file.to_string(),
            Recorded {
                key: key.to_string(),
                reads,
                source,
            },
        );
    }

    /// Whether the previous run made `file` under `key` and the sink still has it.
    fn is_kept(&self, file: &str, key: &str) -> bool {
        self.previous.and_then(|p| p.key_of(file)) == Some(key) && self.sink.has_previous(file, key)
    }

    /// Takes `file` over from the previous run when it was made under `key`.
    fn carry(&self, file: &str, key: &str) -> bool {
        if !self.keeps || self.previous.and_then(|p| p.key_of(file)) != Some(key) {
            return false;
        }
        if !self.sink.carry_over(file, key) {
            return false;
        }
        let before = self.previous.and_then(|p| p.files.get(file));
        let reads = before.map(|r| r.reads.clone()).unwrap_or_default();
        let source = before.and_then(|r| r.source.clone());
        self.note(file, key, reads, source);
        true
    }

    /// Writes bytes made under `key` and records them.
    fn write_keyed(&self, file: &str, key: &str, make: &mut dyn FnMut() -> Vec<u8>) {
        if !self.keeps {
            return;
        }
        match self.sink.write_keyed(file, key, make) {
            Ok(()) => {
                self.note(file, key, Vec::new(), None);
                self.fresh
                    .lock()
                    .expect("not poisoned")
                    .push(file.to_string());
            }
            Err(e) => self.report(io_error(file, e)),
        }
    }

    /// Writes a rendered file under `key`: HTML gets its URLs rewritten and is minified.
    fn write_rendered(&self, f: &RenderedFile, key: &str) {
        let file = plan::file_for(&f.path);
        if !file.ends_with(".html") {
            let mut bytes = Some(f.body.as_bytes().to_vec());
            return self.write_keyed(&file, key, &mut || bytes.take().unwrap_or_default());
        }
        self.write_keyed(&file, key, &mut || {
            timings::time(Step::Minify, || {
                minify::html(&self.style.rewrite_html(&f.body, &f.path))
            })
        });
    }

    /// Files copied as they are, over anything rendered at the same path, and the highlighting
    /// stylesheet.
    fn copies(&self, planned: &[Planned]) {
        if !self.keeps {
            return;
        }
        for p in planned.iter().filter(|p| p.phase == Phase::Copies) {
            if self.carry(&p.file, &p.key) {
                continue;
            }
            let done = match &p.output {
                Output::Static {
                    from: StaticSource::Embedded(bytes),
                    ..
                } => self.sink.write(&p.file, bytes),
                Output::Static {
                    from: StaticSource::File(path),
                    ..
                } => self.sink.copy(path, &p.file),
                _ => self.sink.write(&p.file, highlight::stylesheet().as_bytes()),
            };
            match done {
                Ok(()) => {
                    self.note(&p.file, &p.key, Vec::new(), None);
                    self.fresh
                        .lock()
                        .expect("not poisoned")
                        .push(p.file.clone());
                }
                Err(e) => {
                    let d = Diagnostic::error(rule::IO, format!("cannot copy this file: {e}"));
                    self.report(vec![match &p.output {
                        Output::Static {
                            from: StaticSource::File(path),
                            ..
                        } => d.in_file(crate::load::content::display_path(&self.site.root, path)),
                        _ => d,
                    }]);
                }
            }
        }
    }
}

fn io_error(path: &str, e: std::io::Error) -> Vec<Diagnostic> {
    vec![
        Diagnostic::error(rule::IO, format!("cannot write {path}: {e}"))
            .help("check there is free disk space and that the output folder is writable"),
    ]
}

mod pages;
