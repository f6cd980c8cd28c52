//! Rebuilding after a change: a full build, or, when only existing content files changed, an
//! incremental one that keeps the loaded site, re-reads those files, resolves again (cheap next to
//! rendering) and re-renders only the pages and generated files whose output can have changed.
//!
//! The output folder always holds a whole good site: an incremental update writes its files only
//! when every page it rendered succeeded, and a full build swaps the folder in atomically.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::{Mutex, RwLock};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::watch::Change;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::content::{self, ContentTree, CONTENT_DIR};
use crate::load::date::Date;
use crate::load::frontmatter::Kind;
use crate::markdown::headings;
use crate::pipeline::{self, BuildOptions};
use crate::plan::{self, Generated, GeneratedFile, Output, PackPage, PlanOptions};
use crate::render::context::{self, PageRef};
use crate::render::urls::UrlStyle;
use crate::render::SearchEntry;
use crate::render::{templates::Templates, Renderer};
use crate::resolve::{self, Site};
use crate::search::{
    self,
    shards::Shard,
    terms::{self, TermTable, Terms},
};
use crate::timings;
use crate::write::output::Staging;
use crate::write::reuse;
use crate::write::sink::{LiveDir, Sink};

/// The loaded site of the last build, kept for incremental updates.
struct Loaded {
    site: Site,
    templates: Templates,
    /// Paths of the generated files (tag pages, aliases...) now in the output folder.
    generated: BTreeSet<String>,
    /// Every file of the last plan but the search index (which [`Builder::update_search`]
    /// keeps): what a later plan no longer has is removed.
    files: BTreeSet<String>,
    /// The search shards the output's manifest lists.
    shards: Vec<Shard>,
    /// Each language's term files the output's manifests list.
    terms: Vec<Terms>,
    /// Shard and term files replaced by the last search update: removed at the next one, so that
    /// a search page that loaded the manifest just before can still load them.
    stale_shards: Vec<String>,
}

pub struct Builder {
    pub opts: BuildOptions,
    loaded: Option<Loaded>,
    /// Pages (by source path) and generated files (by path) rendered by an update that failed:
    /// rendered again next time, so an error stays reported until it is fixed, and the output
    /// catches up with the site the failed update resolved.
    pending: BTreeSet<String>,
    pending_generated: BTreeSet<String>,
    /// Files a failed update meant to remove (a Word download that went away).
    pending_removals: BTreeSet<String>,
    /// The last resolve found cross-file errors: only a new resolve can clear them.
    resolve_failed: bool,
    /// Search entries of the pages in the shards the last search updates wrote, by the page's
    /// search key (what its shard's name is made of, so an entry is reused exactly when it would
    /// come out the same). An edit puts its page in a new shard whose other pages (up to a
    /// thousand) are unchanged: rendering those again took most of an update's ~700 ms.
    search_entries: HashMap<String, SearchEntry>,
}

/// What a successful rebuild did.
pub struct Done {
    pub files: usize,
    pub full: bool,
    pub warnings: Diagnostics,
    /// The output files an incremental update wrote or removed (relative, `/`-separated), less
    /// those it already announced; None after a full build, where any page may have changed.
    pub changed: Option<BTreeSet<String>>,
}

/// Told of the edited pages' files as soon as they are written, before the listings and other
/// pages the edit reaches are rendered: the page being edited can reload first.
pub type Early<'a> = &'a dyn Fn(BTreeSet<String>);

enum Incremental {
    Done(Done),
    /// The change needs a full build (new or deleted files, a change to the page list...).
    NeedsFull,
}

/// A changed content file, as it was before the change.
struct Edited {
    index: usize,
    fm_changed: bool,
    body_changed: bool,
    old_anchors: HashSet<String>,
}

impl Builder {
    pub fn new(opts: BuildOptions) -> Builder {
        Builder {
            opts,
            loaded: None,
            pending: BTreeSet::new(),
            pending_generated: BTreeSet::new(),
            pending_removals: BTreeSet::new(),
            resolve_failed: false,
            search_entries: HashMap::new(),
        }
    }

    /// Rebuilds for a batch of changes. An incremental update that reaches more than the edited
    /// pages writes those first and tells `early`.
    pub fn rebuild(
        &mut self,
        changes: &[Change],
        swap: &RwLock<()>,
        early: Early<'_>,
    ) -> Result<Done, Failure> {
        let only_content = changes
            .iter()
            .all(|c| matches!(c, Change::Page(_) | Change::Asset(_)));
        if only_content && self.loaded.is_some() {
            match self.incremental(changes, early) {
                Ok(Incremental::Done(d)) => return Ok(d),
                Ok(Incremental::NeedsFull) => {}
                Err(ds) => return Err(Failure::Content(ds)),
            }
        }
        self.full(swap)
    }

    /// Loads, renders and writes the whole site, swapping the output folder in.
    pub fn full(&mut self, swap: &RwLock<()>) -> Result<Done, Failure> {
        self.loaded = None;
        self.pending.clear();
        self.pending_generated.clear();
        self.pending_removals.clear();
        self.resolve_failed = false;
        let target = self.opts.output_dir();
        let (site, templates, mut warnings) = pipeline::load_site(&self.opts)?;
        let staging = Staging::new(&target)?;
        let outcome = pipeline::render_all(&site, &templates, &self.opts, &staging, None)?;
        warnings.extend(outcome.diagnostics);
        if warnings.has_errors() {
            return Err(Failure::Content(warnings));
        }
        {
            let _g = swap.write().expect("not poisoned");
            staging.commit()?;
        }
        let generated = plan::generated_files(&site)
            .into_iter()
            .map(|g| g.path)
            .collect();
        let files = page_plan(&site).files(&site).into_iter().collect();
        self.loaded = Some(Loaded {
            site,
            templates,
            generated,
            files,
            shards: outcome.shards,
            terms: outcome.terms,
            stale_shards: Vec::new(),
        });
        Ok(Done {
            files: outcome.files,
            full: true,
            warnings,
            changed: None,
        })
    }

    /// Whether the last update failed, leaving work (or an error) for the next one.
    fn failing(&self) -> bool {
        self.resolve_failed
            || !self.pending.is_empty()
            || !self.pending_generated.is_empty()
            || !self.pending_removals.is_empty()
    }

    fn incremental(
        &mut self,
        changes: &[Change],
        early: Early<'_>,
    ) -> Result<Incremental, Diagnostics> {
        let mut clock = Clock::start();
        let root = self.opts.root.clone();
        let content_dir = root.join(CONTENT_DIR);
        let loaded = self.loaded.as_ref().expect("checked by the caller");
        let mut errors = Diagnostics::new();
        let mut fresh = Vec::new();
        let mut assets = Vec::new();
        for c in changes {
            match c {
                Change::Page(rel) => {
                    let path = content_dir.join(rel);
                    let known = loaded.site.page_by_source(rel);
                    match (known, path.is_file()) {
                        // A file that came and went (an editor's temporary file): nothing to do.
                        (None, false) => {}
                        (Some(old), true) => match content::read_page(&root, &path, rel) {
                            Ok(new) => {
                                if !same_shape(&old.src, &new, self.opts.drafts) {
                                    return Ok(Incremental::NeedsFull);
                                }
                                // A file touched, or saved twice with the same text: its
                                // output is as it was (unless an error stands, to report).
                                if new.text != old.src.text || self.failing() {
                                    fresh.push(new);
                                }
                            }
                            Err(d) => errors.extend(d),
                        },
                        _ => return Ok(Incremental::NeedsFull),
                    }
                }
                Change::Asset(rel) => {
                    let path = content_dir.join(rel);
                    let known = loaded.site.assets.iter().find(|a| a.source == path);
                    match (known, path.is_file()) {
                        (None, false) => {}
                        (Some(a), true) => assets.push(a.clone()),
                        _ => return Ok(Incremental::NeedsFull),
                    }
                }
                Change::Other | Change::Ignored => return Ok(Incremental::NeedsFull),
            }
        }
        if errors.has_errors() {
            // The loaded site is untouched: the next change still updates incrementally.
            return Err(errors);
        }
        if fresh.is_empty() && assets.is_empty() && !self.failing() {
            return Ok(Incremental::Done(Done {
                files: 0,
                full: false,
                warnings: Diagnostics::new(),
                changed: Some(BTreeSet::new()),
            }));
        }

        let Loaded {
            mut site,
            templates,
            generated: on_disk,
            files: planned_before,
            shards,
            terms,
            stale_shards,
        } = self.loaded.take().expect("checked above");
        let edited: Vec<Edited> = fresh
            .iter()
            .map(|n| {
                let index = site.by_source[&n.rel];
                let old = &site.pages[index];
                Edited {
                    index,
                    fm_changed: old.src.text[..old.src.body_offset] != n.text[..n.body_offset],
                    body_changed: old.src.body() != n.body(),
                    old_anchors: old.anchors.clone(),
                }
            })
            .collect();

        clock.lap("read");
        // Resolving reads only front matter and file names, apart from heading ids. So when only
        // bodies changed (and no glossary page, whose anchors come from its terms), swapping the
        // files in place is what resolving again would give, at a fraction of the cost on big sites.
        let bodies_only = !self.resolve_failed
            && edited
                .iter()
                .all(|e| !e.fm_changed && site.pages[e.index].kind != Kind::Glossary);
        let mut before = None;
        let resolve_ds = if bodies_only {
            for n in fresh {
                let i = site.by_source[&n.rel];
                site.pages[i].anchors = headings::collect_ids(n.body());
                site.pages[i].src = n;
            }
            Diagnostics::new()
        } else {
            // What listings show of the edited pages, to compare with after resolving.
            let fm_edited: Vec<usize> = edited
                .iter()
                .filter(|e| e.fm_changed)
                .map(|e| e.index)
                .collect();
            before = Some(Before::take(&site, &fm_edited));
            // Mostly, only what the edited front matter reaches is worked out again; a site
            // whose last resolve failed is resolved whole, to find its errors again.
            let fresh = if self.resolve_failed {
                Err(fresh)
            } else {
                resolve::refresh(&mut site, fresh)
            };
            match fresh {
                Ok(ds) => {
                    self.resolve_failed = ds.has_errors();
                    ds
                }
                Err(fresh) => {
                    let (resolved, ds) = resolve_again(site, fresh, &edited);
                    site = resolved;
                    // Cross-file problems (a duplicate URL, an unknown audience) come back
                    // with the site, and are found again by every later resolve until fixed.
                    self.resolve_failed = ds.has_errors();
                    ds
                }
            }
        };
        clock.lap("resolve");
        // Which pages' output can have changed.
        let mut render: BTreeSet<usize> = BTreeSet::new();
        for rel in &self.pending {
            if let Some(&i) = site.by_source.get(rel) {
                render.insert(i);
            }
        }
        for e in &edited {
            render.insert(e.index);
            if site.pages[e.index].anchors != e.old_anchors {
                // Links to a heading that went away must now fail, as in a full build.
                render.extend(super::linkers::linking_to(&site, e.index));
            }
        }
        let relisted = before
            .as_ref()
            .map(|b| b.relisted(&site))
            .unwrap_or_default();
        if let Some(b) = &before {
            render.extend(b.pages_showing(&site, &relisted));
        }

        let renderer = Renderer::new(&site, &templates, self.opts.offline);
        // Plan again, and choose what to render by matching every kind of output.
        let plan = page_plan(&site);
        let home_retitled = before.as_ref().is_some_and(|b| b.home_retitled(&site));
        let changed_assets: HashSet<&str> = assets.iter().map(|a| a.rel.as_str()).collect();
        let touched: Vec<bool> = site
            .packs
            .iter()
            .map(|pack| {
                home_retitled
                    || crate::packs::items(&site, pack)
                        .any(|i| render.contains(&i) || relisted.contains(&i))
            })
            .collect();
        let mut pages_now: BTreeSet<usize> = BTreeSet::new();
        let mut generated: Vec<GeneratedFile> = Vec::new();
        let mut pack_docs = Vec::new();
        let mut pack_listings = Vec::new();
        let mut pack_decks = Vec::new();
        let mut pack_extras = Vec::new();
        let mut copies = Vec::new();
        for o in &plan.outputs {
            match o {
                // A policy's Word copy shows its title and text, as the page does.
                Output::Page(i) | Output::WordCopy(i) | Output::WordTemplate(i) => {
                    if render.contains(i) {
                        pages_now.insert(*i);
                    }
                }
                Output::Generated(g) => {
                    if !on_disk.contains(&g.path)
                        || self.pending_generated.contains(&g.path)
                        || before
                            .as_ref()
                            .is_some_and(|b| b.shows_in(g, &site, &relisted))
                    {
                        generated.push(g.clone());
                    }
                }
                // A pack's documents hold its items' text; its pages list their titles.
                Output::PackDocument { pack, edition } => {
                    if touched[*pack] {
                        pack_docs.push((*pack, *edition));
                    }
                }
                Output::PackListing(PackPage::Pack(pack)) => {
                    if touched[*pack] {
                        pack_listings.push(PackPage::Pack(*pack));
                    }
                }
                Output::PackPresent(pack) => {
                    if touched[*pack] {
                        pack_decks.push(*pack);
                    }
                }
                Output::PackExtra { pack, extra } => {
                    if touched[*pack] {
                        pack_extras.push((*pack, *extra));
                    }
                }
                Output::PackListing(index @ PackPage::Index(_)) => {
                    if touched.iter().any(|&t| t) {
                        pack_listings.push(index.clone());
                    }
                }
                Output::Static { rel, from } => {
                    if changed_assets.contains(rel.as_str()) {
                        copies.push((rel.clone(), from.clone()));
                    }
                }
                // The same for as long as the program runs.
                Output::HighlightCss => {}
                // Not in serve's plan: serve prints no PDFs, and search catches up in
                // `update_search`, after the open pages have reloaded.
                Output::PackPdf { .. }
                | Output::SearchShard(_)
                | Output::SearchTerms(_)
                | Output::SearchManifest(_) => {}
            }
        }
        let planned_now: BTreeSet<String> = plan.files(&site).into_iter().collect();
        // Files the last plan had and this one does not (a tag no page uses, a Word copy of a
        // page that is no longer a policy), and those a failed update meant to remove.
        let mut removals = std::mem::take(&mut self.pending_removals);
        removals.extend(planned_before.difference(&planned_now).cloned());

        clock.lap("choose");
        let style = UrlStyle::from_base_url(&site.config.base_url, self.opts.offline);
        let sink = LiveDir {
            dir: self.opts.output_dir(),
        };
        // When the edit reaches more than the edited pages (listings, tag pages, pages linking
        // to a heading), the edited pages are written and announced first: on a big site the
        // listings take several times as long, and the author is looking at the page.
        let more = pages_now.len() > edited.len()
            || !generated.is_empty()
            || !pack_docs.is_empty()
            || !pack_listings.is_empty()
            || !pack_decks.is_empty()
            || !pack_extras.is_empty()
            || !copies.is_empty()
            || !removals.is_empty();
        let (first, announced) = if more && !resolve_ds.has_errors() {
            let first: Vec<usize> = edited
                .iter()
                .map(|e| e.index)
                .filter(|i| pages_now.contains(i))
                .collect();
            write_first(&renderer, &style, &sink, &first)
                .map(|announced| (first, announced))
                .unwrap_or_default()
        } else {
            Default::default()
        };
        if !announced.is_empty() {
            clock.lap("edited pages");
            early(announced.iter().map(|(f, _)| f.clone()).collect());
        }
        let first: HashSet<usize> = first.into_iter().collect();

        // Render, then rewrite URLs and minify (most of the time left) in the same parallel
        // tasks; the generated files and packs alongside the pages.
        let report = Mutex::new(Diagnostics::new());
        let organisation = renderer.organisation_values();
        let (pages_out, (generated_out, generated_errors)) = rayon::join(
            || {
                pages_now
                    .par_iter()
                    .filter_map(|&i| {
                        // An edited page already written keeps only its Word copies to do.
                        let html = if first.contains(&i) {
                            None
                        } else {
                            match renderer.render_page(i, &[]) {
                                Ok(f) => Some(pipeline::output_of(&style, &f)),
                                Err(ds) => {
                                    report.lock().expect("not poisoned").extend(ds);
                                    return None;
                                }
                            }
                        };
                        Some((
                            html,
                            renderer
                                .render_docx(i, organisation)
                                .into_iter()
                                .chain(renderer.render_docx_template(i)),
                        ))
                    })
                    .collect::<Vec<_>>()
            },
            || {
                let (mut files, mut errors) = renderer.render_generated_files(&generated);
                let packs: Vec<_> = pack_docs
                    .par_iter()
                    .map(|&(p, e)| crate::packs::render_document(&renderer, &site.packs[p], e))
                    .chain(
                        pack_listings
                            .par_iter()
                            .map(|p| crate::packs::render_listing(&renderer, p, false)),
                    )
                    .chain(
                        pack_decks
                            .par_iter()
                            .map(|&p| crate::packs::present::render(&renderer, &site.packs[p])),
                    )
                    .collect();
                for r in packs {
                    match r {
                        Ok(f) => files.push(f),
                        Err(e) => errors.push(e),
                    }
                }
                let mut bytes = Vec::new();
                for &(p, e) in &pack_extras {
                    match crate::packs::records::render_extra(&renderer, &site.packs[p], e) {
                        Ok(crate::packs::records::ExtraFile::Page(f)) => files.push(f),
                        Ok(crate::packs::records::ExtraFile::Bytes { path, bytes: b }) => {
                            bytes.push((plan::file_for(&path), b));
                        }
                        Err(e) => errors.push(e),
                    }
                }
                let mut out: Vec<(String, Vec<u8>)> = files
                    .par_iter()
                    .map(|f| pipeline::output_of(&style, f))
                    .collect();
                out.extend(bytes);
                (out, errors)
            },
        );
        let mut outputs: Vec<(String, Vec<u8>)> = Vec::with_capacity(pages_out.len() * 2);
        for (page, docx) in pages_out {
            outputs.extend(page);
            outputs.extend(docx.map(|(path, bytes)| (plan::file_for(&path), bytes)));
        }
        outputs.extend(generated_out);
        let mut ds = resolve_ds;
        ds.extend(report.into_inner().expect("not poisoned"));
        ds.extend(generated_errors);
        let failed = ds.has_errors();
        self.pending = render
            .iter()
            .map(|&i| site.pages[i].src.rel.clone())
            .collect();
        self.pending_generated = generated.iter().map(|g| g.path.clone()).collect();
        let generated_now: BTreeSet<String> = plan
            .outputs
            .iter()
            .filter_map(|o| match o {
                Output::Generated(g) => Some(g.path.clone()),
                _ => None,
            })
            .collect();
        drop(renderer);
        if failed {
            // Nothing else was written: with the edited pages as they were, the folder holds
            // what `on_disk` says again.
            if let Err(e) = restore(&sink, &announced) {
                // The folder may now be half updated: the next change rebuilds it whole.
                ds.push(Diagnostic::error(rule::IO, e).help(
                    "check there is free disk space and that the output folder is writable; \
                     the next save rebuilds the whole site",
                ));
                self.loaded = None;
                return Err(ds);
            }
            self.pending_removals = removals;
            self.loaded = Some(Loaded {
                site,
                templates,
                generated: on_disk,
                files: planned_before,
                shards,
                terms,
                stale_shards,
            });
            return Err(ds);
        }

        clock.lap("render");
        let mut io: Vec<Diagnostic> = outputs
            .par_iter()
            .filter_map(|(file, bytes)| {
                sink.write(file, bytes)
                    .err()
                    .map(|e| Diagnostic::error(rule::IO, format!("cannot write {file}: {e}")))
            })
            .collect();
        for (rel, from) in &copies {
            let result = match from {
                plan::StaticSource::File(path) => sink.copy(path, rel),
                plan::StaticSource::Embedded(bytes) => sink.write(rel, bytes),
            };
            if let Err(e) = result {
                io.push(Diagnostic::error(
                    rule::IO,
                    format!("cannot copy {rel}: {e}"),
                ));
            }
        }
        let written: HashSet<&str> = outputs.iter().map(|(f, _)| f.as_str()).collect();
        for file in removals.iter().filter(|f| !written.contains(f.as_str())) {
            if let Err(e) = sink.remove(file) {
                io.push(Diagnostic::error(
                    rule::IO,
                    format!("cannot remove {file}: {e}"),
                ));
            }
        }
        let io: Diagnostics = io.into_iter().collect();
        if io.has_errors() {
            // The folder may now be half updated: the next change rebuilds it whole.
            self.loaded = None;
            return Err(io);
        }
        self.loaded = Some(Loaded {
            site,
            templates,
            generated: generated_now,
            files: planned_now,
            shards,
            terms,
            stale_shards,
        });
        self.pending.clear();
        self.pending_generated.clear();
        clock.lap("write");
        clock.report(pages_now.len(), generated.len());
        // A changed image or file may be shown by any page.
        let changed = copies.is_empty().then(|| {
            let announced: HashSet<&str> = announced.iter().map(|(f, _)| f.as_str()).collect();
            outputs
                .iter()
                .map(|(f, _)| f)
                .chain(&removals)
                .filter(|f| !announced.contains(f.as_str()))
                .cloned()
                .collect()
        });
        Ok(Incremental::Done(Done {
            files: announced.len() + outputs.len() + copies.len(),
            full: false,
            warnings: ds,
            changed,
        }))
    }
}

/// Resolves the site again with the edited files swapped in.
fn resolve_again(
    mut site: Site,
    fresh: Vec<content::SourcePage>,
    edited: &[Edited],
) -> (Site, Diagnostics) {
    // Heading ids depend on the body only: keep those of unchanged bodies rather than
    // parse every page again (not on glossary pages, whose anchors include their terms).
    let body_changed: HashSet<usize> = edited
        .iter()
        .filter(|e| e.body_changed)
        .map(|e| e.index)
        .collect();
    let known: Vec<Option<HashSet<String>>> = site
        .pages
        .iter_mut()
        .enumerate()
        .map(|(i, p)| {
            (p.kind != Kind::Glossary && !body_changed.contains(&i))
                .then(|| std::mem::take(&mut p.anchors))
        })
        .collect();
    // Take the site apart, swap in the new files, and resolve again.
    let Site {
        root: site_root,
        config,
        pages,
        by_source,
        assets: site_assets,
        packs,
        failed_sources,
        hidden,
        layers,
        ..
    } = site;
    let mut sources: Vec<_> = pages.into_iter().map(|p| p.src).collect();
    for n in fresh {
        let i = by_source[&n.rel];
        sources[i] = n;
    }
    let tree = ContentTree {
        pages: sources,
        assets: site_assets,
        failed: failed_sources,
        hidden,
        layers,
    };
    resolve::resolve_with_anchors(site_root, config, tree, packs, known)
}

/// The output files of edited pages written ahead of the rest, with what each held before.
type Announced = Vec<(String, Option<Vec<u8>>)>;

/// Renders the pages `first` and writes them, keeping what their files held so that [`restore`]
/// can put it back if the rest of the update fails. None, with nothing written, when a page does
/// not render (the whole update then reports it) or a file cannot be written.
fn write_first(
    renderer: &Renderer,
    style: &UrlStyle,
    sink: &LiveDir,
    first: &[usize],
) -> Option<Announced> {
    let rendered: Vec<_> = first
        .par_iter()
        .map(|&i| renderer.render_page(i, &[]).ok())
        .collect::<Option<_>>()?;
    let mut announced = Vec::with_capacity(rendered.len());
    for f in &rendered {
        let (file, bytes) = pipeline::output_of(style, f);
        let before = std::fs::read(crate::write::paths::join_rel(&sink.dir, &file)).ok();
        if sink.write(&file, &bytes).is_err() {
            // The update writes it again with the rest, and reports the error then.
            restore(sink, &announced).ok()?;
            return None;
        }
        announced.push((file, before));
    }
    Some(announced)
}

/// Puts back what [`write_first`] replaced.
fn restore(sink: &LiveDir, announced: &Announced) -> Result<(), String> {
    for (file, before) in announced {
        let done = match before {
            Some(bytes) => sink.write(file, bytes),
            None => sink.remove(file),
        };
        done.map_err(|e| format!("cannot restore {file}: {e}"))?;
    }
    Ok(())
}

impl Builder {
    /// Brings the search index up to date after an incremental update: the shards whose pages
    /// changed are built again (under new names) and the manifest is rewritten. Run after the
    /// open pages were told to reload, as it takes longer than the pages did and only the search
    /// page needs it. Returns how many shards were built, or None, with nothing written, when
    /// `stop` said to give way to a new change before the shards were written (the next update
    /// builds them).
    pub fn update_search(
        &mut self,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Result<Option<usize>, Diagnostics> {
        let Some(loaded) = self.loaded.as_mut() else {
            return Ok(Some(0));
        };
        let site = &loaded.site;
        if !site.config.search.enabled {
            return Ok(Some(0));
        }
        let mut clock = Clock::start();
        let keys = reuse::search_keys(site);
        clock.lap("keys");
        let plan = search::plan(site, &keys);
        let terms_plan = Terms::plan(&plan);
        let had: HashSet<&str> = loaded.shards.iter().map(|s| s.name.as_str()).collect();
        let mut new: Vec<&Shard> = plan
            .iter()
            .filter(|s| !had.contains(s.name.as_str()))
            .collect();
        let now: HashSet<&str> = plan.iter().map(|s| s.name.as_str()).collect();
        let mut gone: Vec<String> = loaded
            .shards
            .iter()
            .filter(|s| !now.contains(s.name.as_str()))
            .flat_map(Shard::files)
            .collect();
        // Languages whose term files change: every shard's terms are merged again.
        let merging: Vec<&Terms> = terms_plan
            .iter()
            .filter(|t| !loaded.terms.iter().any(|o| o.name == t.name))
            .collect();
        if new.is_empty() && gone.is_empty() && merging.is_empty() {
            return Ok(Some(0));
        }
        let sink = LiveDir {
            dir: self.opts.output_dir(),
        };
        // The terms of the shards kept, read back from the term files being served; a shard
        // whose terms cannot be read is indexed again.
        // Every term file of `old` as served, to remove once replaced.
        let served_files = |old: &Terms| {
            sink.read_previous(&old.file())
                .and_then(|d| terms::files_listed(&old.name, &d))
                .unwrap_or_else(|| vec![old.file()])
        };
        let mut tables: HashMap<String, TermTable> = HashMap::new();
        for t in &merging {
            let kept: Vec<&str> = t
                .shards
                .iter()
                .map(String::as_str)
                .filter(|n| had.contains(n))
                .collect();
            if let Some(old) = loaded.terms.iter().find(|o| o.lang == t.lang) {
                tables.extend(terms::read_tables(&old.name, &kept, &|rel| {
                    sink.read_previous(rel)
                }));
                gone.extend(served_files(old));
            }
        }
        // A language whose every page is gone has no term files any more.
        for old in &loaded.terms {
            if !terms_plan.iter().any(|t| t.lang == old.lang) {
                gone.extend(served_files(old));
            }
        }
        for s in &plan {
            let merged = merging.iter().any(|t| t.lang == s.lang);
            if merged && !tables.contains_key(&s.name) && !new.iter().any(|n| n.name == s.name) {
                new.push(s);
            }
        }
        clock.lap("plan");
        let renderer = Renderer::new(site, &loaded.templates, self.opts.offline);
        let mut wanted = vec![false; site.pages.len()];
        for s in &new {
            for &p in &s.pages {
                wanted[p] = true;
            }
        }
        let cache = &self.search_entries;
        let entries: Vec<Option<SearchEntry>> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                if !wanted[i] || stop() {
                    return None;
                }
                match cache.get(&keys[i]) {
                    Some(entry) => Some(entry.clone()),
                    None => renderer.search_entry(i),
                }
            })
            .collect();
        if stop() {
            return Ok(None);
        }
        clock.lap("entries");
        let built: Vec<_> = new
            .par_iter()
            .map(|s| {
                let mine: Vec<&SearchEntry> = s
                    .pages
                    .iter()
                    .filter_map(|&i| entries[i].as_ref())
                    .collect();
                search::shard_scripts(site, s, &mine)
            })
            .collect();
        let mut scripts: Vec<(String, Vec<u8>)> = Vec::new();
        for (s, (files, table)) in new.iter().zip(built) {
            scripts.extend(files);
            tables.insert(s.name.clone(), table);
        }
        for t in &merging {
            let mine: Vec<Option<&TermTable>> = t.shards.iter().map(|n| tables.get(n)).collect();
            terms::merge(t, &mine, &mut |f, text| {
                scripts.push((f, text.into_bytes()))
            });
        }
        drop(tables);
        // The files are written only when no save came meanwhile: a shard half written would
        // be left behind under a name no manifest lists.
        if stop() {
            return Ok(None);
        }
        clock.lap("scripts");
        let mut io: Diagnostics = scripts
            .par_iter()
            .filter_map(|(file, bytes)| {
                sink.write(file, bytes)
                    .err()
                    .map(|e| search_io_error(file, e))
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        clock.lap("write");
        // The manifests last, so they never name a file not yet written.
        for (file, script) in search::manifests(site, &plan, &|l, k| renderer.word(l, k)) {
            if let Err(e) = sink.write(&file, script.as_bytes()) {
                io.push(search_io_error(&file, e));
            }
        }
        // Not those written again just now: an edit undone brings back the files it replaced.
        let written: HashSet<&str> = scripts.iter().map(|(f, _)| f.as_str()).collect();
        for file in std::mem::replace(&mut loaded.stale_shards, gone) {
            if !written.contains(file.as_str()) {
                let _ = sink.remove(&file);
            }
        }
        clock.lap("manifests and removals");
        clock.report_search(scripts.len());
        if io.has_errors() {
            // The next change rebuilds the site whole.
            self.loaded = None;
            return Err(io);
        }
        let built = new.len();
        // Keep the entries of the pages as they are now: those of the shards just written and
        // those cached before for pages in shards left as they were.
        let mut kept: HashMap<String, SearchEntry> = HashMap::new();
        for (i, entry) in entries.into_iter().enumerate() {
            if let Some(entry) = entry {
                kept.insert(keys[i].clone(), entry);
            }
        }
        for (i, key) in keys.iter().enumerate() {
            if !wanted[i] {
                if let Some(entry) = self.search_entries.remove(key) {
                    kept.insert(key.clone(), entry);
                }
            }
        }
        self.search_entries = kept;
        loaded.shards = plan;
        loaded.terms = terms_plan;
        Ok(Some(built))
    }
}

/// A search file serve could not write; the pages are up to date, and the next change rebuilds
/// the whole site.
fn search_io_error(file: &str, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(rule::IO, format!("cannot write {file}: {e}")).help(
        "check there is free disk space and that the output folder is writable; \
         the next save rebuilds the whole site",
    )
}

/// With SAFEGUIDE_TIMINGS set, where an incremental update's time went, printed to stderr.
struct Clock {
    on: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Clock {
    fn start() -> Clock {
        Clock {
            on: timings::enabled(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    fn lap(&mut self, what: &'static str) {
        if self.on {
            let now = Instant::now();
            self.laps.push((what, now - self.last));
            self.last = now;
        }
    }

    fn report_search(&self, files: usize) {
        if self.on {
            eprintln!("search update: {files} files; {}", self.laps_text());
        }
    }

    fn laps_text(&self) -> String {
        self.laps
            .iter()
            .map(|(w, d)| format!("{w} {:.1} ms", d.as_secs_f64() * 1e3))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn report(&self, pages: usize, generated: usize) {
        if self.on {
            eprintln!(
                "incremental update: {pages} pages, {generated} generated files; {}",
                self.laps_text()
            );
        }
    }
}

/// What other pages and the generated files show of the pages whose front matter changed, taken
/// before resolving again: comparing it with the new site tells which of them to render again.
struct Before {
    /// The pages whose front matter changed, with what the pages below them show or inherit:
    /// title (breadcrumbs), audience and owner.
    edited: Vec<(usize, Inherited)>,
    /// How listings show each edited page and every page below one (which may inherit an
    /// audience from it).
    listed: HashMap<usize, Listed>,
    /// Each language's audiences' pages (indexes follow `site.audiences_in`, which follows
    /// site.yaml); the main language's under None.
    views: BTreeMap<Option<String>, Vec<Vec<usize>>>,
    /// Each language's tags by slug: name and pages.
    tags: BTreeMap<Option<String>, TagsSeen>,
}

/// Tags by slug: name and pages.
type TagsSeen = BTreeMap<String, (String, Vec<usize>)>;

type Inherited = (String, Option<Vec<String>>, Option<String>);

fn inherited(page: &resolve::Page) -> Inherited {
    let fm = &page.src.fm;
    (fm.title.clone(), fm.audience.clone(), fm.owner.clone())
}

/// Everything a listing, tag page, landing page, feed, sitemap or alias redirect shows of a
/// page, or sorts it by.
#[derive(Debug, PartialEq)]
struct Listed {
    page_ref: PageRef,
    date: Option<Date>,
    sort: (i64, String),
    tags: Vec<String>,
    aliases: Vec<String>,
}

fn listing(site: &Site, i: usize) -> Listed {
    let p = &site.pages[i];
    Listed {
        // Dates in English: what matters here is whether they changed.
        page_ref: context::page_ref(site, p, &|d| d.long()),
        date: p.src.fm.date,
        sort: p.sort_key(),
        tags: p.src.fm.tags.clone(),
        aliases: p.src.fm.aliases.clone(),
    }
}

impl Before {
    fn take(site: &Site, edited: &[usize]) -> Before {
        let mut listed = HashMap::new();
        for &i in edited {
            listed.entry(i).or_insert_with(|| listing(site, i));
            for d in descendants(site, i) {
                listed.entry(d).or_insert_with(|| listing(site, d));
            }
        }
        Before {
            edited: edited
                .iter()
                .map(|&i| (i, inherited(&site.pages[i])))
                .collect(),
            listed,
            views: languages(site)
                .map(|l| {
                    let views = site.audiences_in(l.as_deref());
                    (l, views.iter().map(|a| a.pages.clone()).collect())
                })
                .collect(),
            tags: languages(site)
                .map(|l| {
                    let tags = site
                        .tags_in(l.as_deref())
                        .into_iter()
                        .flatten()
                        .map(|(slug, t)| (slug.clone(), (t.name.clone(), t.pages.clone())))
                        .collect();
                    (l, tags)
                })
                .collect(),
        }
    }

    /// The pages whose listing entry changed: some edited pages, and pages below them whose
    /// inherited audience changed.
    fn relisted(&self, site: &Site) -> HashSet<usize> {
        self.listed
            .iter()
            .filter(|(&i, old)| **old != listing(site, i))
            .map(|(&i, _)| i)
            .collect()
    }

    /// Content pages, besides the edited ones, that show what changed: the sections listing a
    /// relisted page, the pages below an edited page whose title (breadcrumbs), audience or
    /// owner (inherited) changed, and the audience landing pages listing a relisted page.
    fn pages_showing(&self, site: &Site, relisted: &HashSet<usize>) -> BTreeSet<usize> {
        let mut out = BTreeSet::new();
        for &i in relisted {
            out.extend(site.pages[i].parent);
        }
        for (i, old) in &self.edited {
            if inherited(&site.pages[*i]) != *old {
                out.extend(descendants(site, *i));
            }
        }
        for lang in languages(site) {
            for (v, view) in site.audiences_in(lang.as_deref()).iter().enumerate() {
                if let Some(section) = view.section {
                    if self.view_changed(site, lang.as_deref(), v, relisted) {
                        out.insert(section);
                    }
                }
            }
        }
        out
    }

    fn view_changed(
        &self,
        site: &Site,
        lang: Option<&str>,
        v: usize,
        relisted: &HashSet<usize>,
    ) -> bool {
        let old = self
            .views
            .get(&lang.map(str::to_string))
            .and_then(|views| views.get(v))
            .map(Vec::as_slice)
            .unwrap_or_default();
        let new = site
            .audiences_in(lang)
            .get(v)
            .map(|a| a.pages.as_slice())
            .unwrap_or_default();
        old != new || new.iter().any(|i| relisted.contains(i))
    }

    /// Whether generated file `g` shows something that changed. Files new to the output are
    /// rendered whatever this says.
    fn shows_in(&self, g: &GeneratedFile, site: &Site, relisted: &HashSet<usize>) -> bool {
        // Every generated page's breadcrumbs start with the home page's title.
        if self.home_retitled(site) {
            return true;
        }
        let lang = g.lang.as_deref();
        let empty = BTreeMap::new();
        let old_tags = self.tags.get(&g.lang).unwrap_or(&empty);
        let new_tags = site.tags_in(lang);
        match &g.what {
            Generated::Audience(v) => self.view_changed(site, lang, *v, relisted),
            Generated::Tags => {
                let new_tags = new_tags.into_iter().flatten();
                old_tags.len() != new_tags.clone().count()
                    || old_tags
                        .iter()
                        .zip(new_tags)
                        .any(|((slug, (name, pages)), (s, t))| {
                            slug != s || *name != t.name || pages.len() != t.pages.len()
                        })
            }
            Generated::Tag(slug) => {
                match (old_tags.get(slug), new_tags.and_then(|t| t.get(slug))) {
                    (Some((name, pages)), Some(t)) => {
                        *name != t.name
                            || *pages != t.pages
                            || t.pages.iter().any(|i| relisted.contains(i))
                    }
                    _ => true,
                }
            }
            Generated::Search | Generated::Report | Generated::NotFound => false,
            Generated::Alias { page, .. } => relisted.contains(page),
            Generated::Machine(_) => !relisted.is_empty(),
        }
    }

    /// Whether the home page's title, which every generated page's breadcrumbs start with, changed.
    fn home_retitled(&self, site: &Site) -> bool {
        self.edited
            .iter()
            .any(|(i, old)| site.home == Some(*i) && site.pages[*i].src.fm.title != old.0)
    }
}

/// Every language of the site: None for the main one, then each other's tag.
fn languages(site: &Site) -> impl Iterator<Item = Option<String>> + '_ {
    std::iter::once(None).chain(site.translated.keys().cloned().map(Some))
}

/// Every page below page `i` (its children, their children...), not `i` itself.
fn descendants(site: &Site, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut seen = HashSet::from([i]);
    let mut stack = site.pages[i].children.clone();
    while let Some(c) = stack.pop() {
        if seen.insert(c) {
            out.push(c);
            stack.extend(site.pages[c].children.iter().copied());
        }
    }
    out
}

/// Whether a changed file keeps the page list the same, so an incremental update can stand in
/// for a full build. Tags may change: their pages are compared after resolving, and a tag page
/// no page uses any more is removed.
fn same_shape(old: &content::SourcePage, new: &content::SourcePage, drafts: bool) -> bool {
    let (o, n) = (&old.fm, &new.fm);
    // Glossary terms are linked from every page; aliases are other pages' addresses.
    let glossary = o.kind == Some(Kind::Glossary) || n.kind == Some(Kind::Glossary);
    let fm_same = old.text[..old.body_offset] == new.text[..new.body_offset];
    (!n.draft || drafts) && o.aliases == n.aliases && (fm_same || !glossary)
}

/// What serve writes of a site, apart from its search index (which [`Builder::update_search`]
/// keeps up to date) and PDFs (which it does not print): the same plan as a build's.
fn page_plan(site: &Site) -> plan::Plan {
    plan::plan(
        site,
        PlanOptions {
            pdf: false,
            search: false,
        },
        Vec::new(),
        Vec::new(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::path::Path;

    /// A copy of tests/fixtures/good to edit.
    fn fixture() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
        let dir = tempfile::tempdir().expect("temp dir");
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.expect("walk");
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                fs::create_dir_all(&to).unwrap();
            } else {
                fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    fn load(root: &Path) -> (Site, Templates) {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let (site, templates, ds) = pipeline::load_site(&opts).expect("loads");
        assert!(!ds.has_errors(), "{ds:?}");
        (site, templates)
    }

    /// The site after replacing `from` with `to` in content file `rel`, and what was taken of
    /// the site before for that edit.
    fn edited(rel: &str, from: &str, to: &str) -> (Site, Templates, Before) {
        let dir = fixture();
        let (old, _) = load(dir.path());
        let path = dir.path().join(CONTENT_DIR).join(rel);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel} has no `{from}`");
        fs::write(&path, text.replacen(from, to, 1)).unwrap();
        let (new, templates) = load(dir.path());
        assert_eq!(old.by_source, new.by_source);
        let before = Before::take(&old, &[old.by_source[rel]]);
        (new, templates, before)
    }

    fn file(what: Generated) -> GeneratedFile {
        // Paths do not matter to `shows_in`.
        GeneratedFile {
            path: String::new(),
            what,
            lang: None,
        }
    }

    fn rels(site: &Site, pages: impl IntoIterator<Item = usize>) -> BTreeSet<String> {
        pages
            .into_iter()
            .map(|i| site.pages[i].src.rel.clone())
            .collect()
    }

    /// What a full load and resolve gives of the site at `root`, with its diagnostics.
    fn resolved(root: &Path) -> (Site, Diagnostics) {
        let opts = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let (site, _, ds) = pipeline::load_site(&opts).expect("loads");
        (site, ds)
    }

    /// Asserts that two resolved sites are the same in all a front matter edit can change.
    fn assert_same(refreshed: &Site, full: &Site, after: &str) {
        assert_eq!(refreshed.pages.len(), full.pages.len());
        for (a, b) in refreshed.pages.iter().zip(&full.pages) {
            let of = |p: &resolve::Page| {
                (
                    p.src.text.clone(),
                    p.src.is_section,
                    p.src.is_bundle,
                    p.src.fm.aliases.clone(),
                    p.kind,
                    p.audience.clone(),
                    p.owner.clone(),
                    p.parent,
                    p.children.clone(),
                    p.anchors.clone(),
                    p.landing_for.clone(),
                    p.path.clone(),
                )
            };
            assert_eq!(of(a), of(b), "{} after {after}", a.src.rel);
        }
        assert_eq!(
            format!("{:?}", refreshed.audiences),
            format!("{:?}", full.audiences),
            "{after}"
        );
        assert_eq!(
            format!("{:?}", refreshed.tags),
            format!("{:?}", full.tags),
            "{after}"
        );
        assert_eq!(
            format!("{:?}", refreshed.translated),
            format!("{:?}", full.translated),
            "{after}"
        );
    }

    #[test]
    fn refreshing_after_front_matter_edits_gives_what_resolving_again_gives() {
        let dir = fixture();
        let root = dir.path();
        let (mut site, _) = resolved(root);
        let gaming = site.by_source["parents/gaming.md"];
        assert!(gaming < site.by_source["parents/tips.md"]);
        // Each edit in turn, on the site the refreshes before left.
        let edits = [
            // gaming.md after tips.md in listings, then tied with it: the tie keeps file order,
            // not the order before.
            ("parents/gaming.md", "weight: 10", "weight: 30"),
            (
                "parents/gaming.md",
                "title: Gaming safely",
                "title: Top tips for parents",
            ),
            ("parents/gaming.md", "weight: 30", "weight: 20"),
            // A tag renamed by the next page using it, one named twice, and a new one.
            (
                "parents/gaming.md",
                "tags: [Gaming, Chat]",
                "tags: [Chat, New one, chat]",
            ),
            (
                "parents/tips.md",
                "tags: [gaming]",
                "tags: [GAMING, New One]",
            ),
            ("parents/gaming.md", "kind: guide", "kind: tips"),
            // Audiences and owners reach the pages below and the landing pages.
            (
                "training/_index.md",
                "audience: [staff]",
                "audience: [staff, parents]",
            ),
            ("parents/_index.md", "owner: Family team", "owner: Zq team"),
            (
                "parents/_index.md",
                "audience: [parents]",
                "audience: [kids]",
            ),
            // Body and front matter at once (the whole file): new heading ids.
            (
                "kids/be-kind.md",
                "",
                "---\ntitle: Zq kind\nkind: guide\n---\n\n## Zq heading\n\nText.\n",
            ),
        ];
        for (rel, from, to) in edits {
            let path = root.join(CONTENT_DIR).join(rel);
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel} has no `{from}`");
            let text = if from.is_empty() {
                to.to_string()
            } else {
                text.replacen(from, to, 1)
            };
            fs::write(&path, &text).unwrap();
            let fresh = content::read_page(root, &path, rel).expect("reads");
            let ds = resolve::refresh(&mut site, vec![fresh]).unwrap_or_else(|_| panic!("{to}"));
            let (full, full_ds) = resolved(root);
            assert_eq!(ds.has_errors(), full_ds.has_errors());
            assert_same(&site, &full, to);
        }
        assert_eq!(site.tags["gaming"].name, "GAMING");
        let kind = site.by_source["kids/be-kind.md"];
        assert!(site.pages[kind].anchors.contains("zq-heading"));

        // An unknown audience is reported as resolving reports it.
        let path = root.join(CONTENT_DIR).join("kids/be-kind.md");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(
            &path,
            text.replacen("title:", "audience: [zq-nobody]\ntitle:", 1),
        )
        .unwrap();
        let fresh = content::read_page(root, &path, "kids/be-kind.md").expect("reads");
        let ds = resolve::refresh(&mut site, vec![fresh]).expect("refreshes");
        let (full, full_ds) = resolved(root);
        assert!(ds.has_errors() && full_ds.has_errors());
        assert!(full_ds.render().contains(&ds.render()), "{}", ds.render());
        assert_same(&site, &full, "an unknown audience");
    }

    #[test]
    fn new_aliases_and_glossary_pages_are_resolved_again() {
        let dir = fixture();
        let root = dir.path();
        let (mut site, _) = resolved(root);
        let before = format!("{:?}", site.tags);
        for (rel, from, to) in [
            (
                "parents/gaming.md",
                "/old/gaming.html",
                "/older/gaming.html",
            ),
            ("glossary.md", "CEOP:", "CEOPS:"),
            ("parents/tips.md", "kind: tips", "kind: glossary"),
        ] {
            let path = root.join(CONTENT_DIR).join(rel);
            let text = fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{rel} has no `{from}`");
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
            let fresh = content::read_page(root, &path, rel).expect("reads");
            let back = resolve::refresh(&mut site, vec![fresh]).expect_err(to);
            assert_eq!(back.len(), 1);
            fs::write(&path, text).unwrap();
        }
        assert_eq!(format!("{:?}", site.tags), before, "the site is as it was");
    }

    #[test]
    fn descendants_are_every_page_below() {
        let dir = fixture();
        let (site, _) = load(dir.path());
        let training = site.by_source["training/_index.md"];
        assert_eq!(
            rels(&site, descendants(&site, training)),
            BTreeSet::from(["training/session-one/index.md".to_string()])
        );
        let home = site.home.unwrap();
        assert_eq!(descendants(&site, home).len(), site.pages.len() - 1);
    }

    #[test]
    fn a_new_title_reaches_its_listings_and_nothing_else() {
        let (site, _, before) = edited(
            "parents/gaming.md",
            "title: Gaming safely",
            "title: Gaming, retitled",
        );
        let gaming = site.by_source["parents/gaming.md"];
        let relisted = before.relisted(&site);
        assert_eq!(relisted, HashSet::from([gaming]));
        // Its section, which is also the parents' landing page.
        assert_eq!(
            rels(&site, before.pages_showing(&site, &relisted)),
            BTreeSet::from(["parents/_index.md".to_string()])
        );
        let shows = |w| before.shows_in(&file(w), &site, &relisted);
        assert!(shows(Generated::Tag("gaming".into())));
        assert!(shows(Generated::Tag("chat".into())));
        assert!(shows(Generated::Alias {
            page: gaming,
            alias: 0
        }));
        assert!(shows(Generated::Machine("sitemap.xml")));
        assert!(!shows(Generated::Tags), "names and counts are the same");
        assert!(!shows(Generated::Audience(2)), "not a staff page");
        assert!(!shows(Generated::Search));
        assert!(!shows(Generated::NotFound));
    }

    #[test]
    fn a_change_no_listing_shows_renders_only_the_page() {
        let (site, templates, before) = edited(
            "parents/gaming.md",
            "review_by: 2027-10-01",
            "review_by: 2028-01-01",
        );
        let relisted = before.relisted(&site);
        assert!(relisted.is_empty());
        assert!(before.pages_showing(&site, &relisted).is_empty());
        let _ = templates;
        for g in plan::generated_files(&site) {
            assert!(!before.shows_in(&g, &site, &relisted), "{}", g.path);
        }
    }

    #[test]
    fn a_sections_audience_reaches_the_pages_below_and_the_landing_pages() {
        let (site, _, before) = edited(
            "training/_index.md",
            "audience: [staff]",
            "audience: [staff, parents]",
        );
        let relisted = before.relisted(&site);
        assert_eq!(
            rels(&site, relisted.iter().copied()),
            BTreeSet::from([
                "training/_index.md".to_string(),
                "training/session-one/index.md".to_string()
            ])
        );
        let showing = rels(&site, before.pages_showing(&site, &relisted));
        for rel in [
            "training/session-one/index.md",
            "parents/_index.md",
            "_index.md",
        ] {
            assert!(showing.contains(rel), "{rel} in {showing:?}");
        }
        assert!(!showing.contains("kids/_index.md"));
        assert!(before.shows_in(&file(Generated::Audience(2)), &site, &relisted));
    }

    #[test]
    fn tags_that_change_are_compared_by_name_and_pages() {
        // Gaming named the tag `gaming` (it comes first); tips.md's `gaming` now does.
        let (site, _, before) = edited(
            "parents/gaming.md",
            "tags: [Gaming, Chat]",
            "tags: [Chat, New one]",
        );
        let relisted = before.relisted(&site);
        let shows = |w| before.shows_in(&file(w), &site, &relisted);
        assert_eq!(site.tags["gaming"].name, "gaming");
        assert!(shows(Generated::Tag("gaming".into())));
        assert!(shows(Generated::Tag("new-one".into())));
        assert!(shows(Generated::Tags));
    }

    #[test]
    fn a_retitled_home_page_renders_every_generated_file() {
        let (site, _, before) = edited("_index.md", "title: Welcome", "title: Hello");
        let relisted = before.relisted(&site);
        assert!(before.shows_in(&file(Generated::NotFound), &site, &relisted));
        assert!(before.shows_in(&file(Generated::Search), &site, &relisted));
        // Breadcrumbs everywhere.
        assert_eq!(
            before.pages_showing(&site, &relisted).len(),
            site.pages.len() - 1
        );
    }

    #[test]
    fn a_policy_that_stops_being_one_loses_its_word_copy_by_the_plans_difference() {
        let gone = |from: &str, to: &str| {
            let dir = fixture();
            let (old, _) = load(dir.path());
            let path = dir.path().join(CONTENT_DIR).join("policies/aup.md");
            let text = fs::read_to_string(&path).unwrap();
            fs::write(&path, text.replacen(from, to, 1)).unwrap();
            let (new, _) = load(dir.path());
            let before: BTreeSet<String> = page_plan(&old).files(&old).into_iter().collect();
            let after: BTreeSet<String> = page_plan(&new).files(&new).into_iter().collect();
            before.difference(&after).cloned().collect::<Vec<_>>()
        };
        // The Word copy and the template the fill-in form fills.
        assert_eq!(
            gone("kind: aup", "kind: guide"),
            vec![
                "policies/aup/aup.docx".to_string(),
                "policies/aup/aup.docx.js".to_string()
            ]
        );
        assert!(gone("title: Model AUP", "title: AUP").is_empty());
    }

    #[test]
    fn tags_may_change_incrementally_but_aliases_and_glossary_terms_may_not() {
        let dir = fixture();
        let root = dir.path();
        let read = |rel: &str, text: &str| {
            let path = root.join(CONTENT_DIR).join(rel);
            fs::write(&path, text).unwrap();
            content::read_page(root, &path, rel).expect("reads")
        };
        let gaming = fs::read_to_string(root.join("content/parents/gaming.md")).unwrap();
        let old = read("parents/gaming.md", &gaming);
        let tags = read(
            "parents/gaming.md",
            &gaming.replace("tags: [Gaming, Chat]", "tags: [Other]"),
        );
        assert!(same_shape(&old, &tags, false));
        let alias = read(
            "parents/gaming.md",
            &gaming.replace("/old/gaming.html", "/older/gaming.html"),
        );
        assert!(!same_shape(&old, &alias, false));
        let draft = read(
            "parents/gaming.md",
            &gaming.replace("kind: guide", "kind: guide\ndraft: true"),
        );
        assert!(!same_shape(&old, &draft, false));
        assert!(same_shape(&old, &draft, true));

        let glossary = fs::read_to_string(root.join("content/glossary.md")).unwrap();
        let old = read("glossary.md", &glossary);
        let terms = read("glossary.md", &glossary.replace("CEOP:", "CEOPS:"));
        assert!(!same_shape(&old, &terms, false));
        let body = read("glossary.md", &format!("{glossary}\nMore words.\n"));
        assert!(same_shape(&old, &body, false));
    }
}
