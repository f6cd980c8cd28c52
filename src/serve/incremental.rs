//! Rebuilding after a change: a full build, or, when only existing content files changed, an
//! incremental one that keeps the loaded site, re-reads those files, resolves again (cheap next to
//! rendering) and re-renders only the pages whose output can have changed.
//!
//! The output folder always holds a whole good site: an incremental update writes its files only
//! when every page it rendered succeeded, and a full build swaps the folder in atomically.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::Path;
use std::sync::{Mutex, RwLock};

use rayon::prelude::*;

use super::watch::Change;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::content::{self, ContentTree, CONTENT_DIR};
use crate::load::frontmatter::Kind;
use crate::pipeline::{self, BuildOptions};
use crate::render::{markdown::headings, templates::Templates, RenderedFile, Renderer};
use crate::resolve::{self, Site};
use crate::write::output::{join_rel, Staging};
use crate::write::urls::UrlStyle;

/// The loaded site of the last build, kept for incremental updates.
struct Loaded {
    site: Site,
    templates: Templates,
}

pub struct Builder {
    pub opts: BuildOptions,
    loaded: Option<Loaded>,
    /// Pages (by source path) and generated files that failed last time: rendered again next
    /// time, so an error stays reported until it is fixed.
    pending: BTreeSet<String>,
    pending_generated: bool,
    /// The last resolve found cross-file errors: only a new resolve can clear them.
    resolve_failed: bool,
}

/// What a successful rebuild did.
pub struct Done {
    pub files: usize,
    pub full: bool,
    pub warnings: Diagnostics,
}

enum Incremental {
    Done(Done),
    /// The change needs a full build (new or deleted files, a change to the page list...).
    NeedsFull,
}

impl Builder {
    pub fn new(opts: BuildOptions) -> Builder {
        Builder {
            opts,
            loaded: None,
            pending: BTreeSet::new(),
            pending_generated: false,
            resolve_failed: false,
        }
    }

    /// Rebuilds for a batch of changes.
    pub fn rebuild(&mut self, changes: &[Change], swap: &RwLock<()>) -> Result<Done, Failure> {
        let only_content = changes
            .iter()
            .all(|c| matches!(c, Change::Page(_) | Change::Asset(_)));
        if only_content && self.loaded.is_some() {
            match self.incremental(changes) {
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
        self.pending_generated = false;
        self.resolve_failed = false;
        let target = self.opts.output_dir();
        let (site, templates, mut warnings) = pipeline::load_site(&self.opts)?;
        let staging = Staging::new(&target)?;
        let outcome = pipeline::render_all(&site, &templates, &self.opts, Some(&staging))?;
        warnings.extend(outcome.diagnostics);
        if warnings.has_errors() {
            return Err(Failure::Content(warnings));
        }
        {
            let _g = swap.write().expect("not poisoned");
            staging.commit()?;
        }
        self.loaded = Some(Loaded { site, templates });
        Ok(Done {
            files: outcome.files,
            full: true,
            warnings,
        })
    }

    fn incremental(&mut self, changes: &[Change]) -> Result<Incremental, Diagnostics> {
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
                                fresh.push(new);
                            }
                            Err(d) => errors.push(d),
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

        let Loaded {
            mut site,
            templates,
        } = self.loaded.take().expect("checked above");
        let old_info: Vec<(String, bool, HashSet<String>)> = fresh
            .iter()
            .map(|n| {
                let old = site.page_by_source(&n.rel).expect("known page");
                (
                    n.rel.clone(),
                    old.src.text[..old.src.body_offset] != n.text[..n.body_offset],
                    old.anchors.clone(),
                )
            })
            .collect();

        // Resolving reads only front matter and file names, apart from heading ids. So when only
        // bodies changed (and no glossary page, whose anchors come from its terms), swapping the
        // files in place is what resolving again would give, at a fraction of the cost on big sites.
        let bodies_only = !self.resolve_failed
            && old_info.iter().all(|(rel, fm_changed, _)| {
                !fm_changed
                    && site
                        .page_by_source(rel)
                        .is_some_and(|p| p.kind != Kind::Glossary)
            });
        let resolve_ds = if bodies_only {
            for n in fresh {
                let i = site.by_source[&n.rel];
                site.pages[i].anchors = headings::collect_ids(n.body());
                site.pages[i].src = n;
            }
            Diagnostics::new()
        } else {
            // Take the site apart, swap in the new files, and resolve again.
            let Site {
                root: site_root,
                config,
                pages,
                assets: site_assets,
                packs,
                failed_sources,
                ..
            } = site;
            let mut sources: Vec<_> = pages.into_iter().map(|p| p.src).collect();
            for n in fresh {
                if let Some(s) = sources.iter_mut().find(|s| s.rel == n.rel) {
                    *s = n;
                }
            }
            let tree = ContentTree {
                pages: sources,
                assets: site_assets,
                failed: failed_sources,
            };
            // Cross-file problems (a duplicate URL, an unknown audience) come back with the
            // site, and are found again by every later resolve until fixed.
            let (resolved, ds) = resolve::resolve(site_root, config, tree, packs);
            site = resolved;
            self.resolve_failed = ds.has_errors();
            ds
        };

        // Which pages' output can have changed.
        let mut render: BTreeSet<usize> = BTreeSet::new();
        let mut generated = self.pending_generated;
        for rel in &self.pending {
            if let Some(&i) = site.by_source.get(rel) {
                render.insert(i);
            }
        }
        for (rel, fm_changed, old_anchors) in &old_info {
            let i = site.by_source[rel];
            render.insert(i);
            if *fm_changed {
                // Title, summary, audience, weight...: listings, breadcrumbs and inherited
                // audiences show them.
                generated = true;
                render.extend(related(&site, i));
            }
            if site.pages[i].anchors != *old_anchors {
                // Links to a heading that went away must now fail, as in a full build.
                render.extend(linking_to(&site, i));
            }
        }

        let renderer = Renderer::new(&site, &templates, self.opts.offline);
        let report = Mutex::new(Diagnostics::new());
        let mut files: Vec<RenderedFile> = render
            .par_iter()
            .filter_map(|&i| match renderer.render_page(i, &[]) {
                Ok(f) => Some(f),
                Err(ds) => {
                    report.lock().expect("not poisoned").extend(ds);
                    None
                }
            })
            .collect();
        if generated {
            let (g, errs) = renderer.render_generated_all();
            files.extend(g);
            report.lock().expect("not poisoned").extend(errs);
        }
        let mut ds = resolve_ds;
        ds.extend(report.into_inner().expect("not poisoned"));
        let failed = ds.has_errors();
        self.pending = render
            .iter()
            .map(|&i| site.pages[i].src.rel.clone())
            .collect();
        self.pending_generated = generated;
        drop(renderer);
        self.loaded = Some(Loaded { site, templates });
        if failed {
            return Err(ds);
        }

        let out = self.opts.output_dir();
        let site = &self.loaded.as_ref().expect("just set").site;
        let style = UrlStyle::from_base_url(&site.config.base_url, self.opts.offline);
        let mut io = Diagnostics::new();
        for f in &files {
            let (file, bytes) = pipeline::output_of(&style, f);
            if let Err(e) = replace(&join_rel(&out, &file), &bytes) {
                io.push(Diagnostic::error("io", format!("cannot write {file}: {e}")));
            }
        }
        for a in &assets {
            let result = fs::read(&a.source).and_then(|b| replace(&join_rel(&out, &a.rel), &b));
            if let Err(e) = result {
                io.push(Diagnostic::error(
                    "io",
                    format!("cannot copy {}: {e}", a.rel),
                ));
            }
        }
        if io.has_errors() {
            // The folder may now be half updated: the next change rebuilds it whole.
            self.loaded = None;
            return Err(io);
        }
        self.pending.clear();
        self.pending_generated = false;
        Ok(Incremental::Done(Done {
            files: files.len() + assets.len(),
            full: false,
            warnings: ds,
        }))
    }
}

/// Whether a changed file keeps the page list and the generated files' names the same, so an
/// incremental update can stand in for a full build.
fn same_shape(old: &content::SourcePage, new: &content::SourcePage, drafts: bool) -> bool {
    let (o, n) = (&old.fm, &new.fm);
    // Glossary terms are linked from every page; tags and aliases name generated files.
    let glossary = o.kind == Some(Kind::Glossary) || n.kind == Some(Kind::Glossary);
    let fm_same = old.text[..old.body_offset] == new.text[..new.body_offset];
    (!n.draft || drafts) && o.tags == n.tags && o.aliases == n.aliases && (fm_same || !glossary)
}

/// Pages that show page `i`'s front matter: its sections up to the home page, everything below
/// it (breadcrumbs, inherited audience), audience landing pages and the home page.
fn related(site: &Site, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = site.pages[i].parent;
    while let Some(p) = cur {
        if out.contains(&p) {
            break;
        }
        out.push(p);
        cur = site.pages[p].parent;
    }
    let mut stack = site.pages[i].children.clone();
    while let Some(c) = stack.pop() {
        if !out.contains(&c) && c != i {
            out.push(c);
            stack.extend(site.pages[c].children.iter().copied());
        }
    }
    out.extend(
        site.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.landing_for.is_some())
            .map(|(j, _)| j),
    );
    out.extend(site.home);
    out
}

/// Pages that may link to page `i`: their text names its file or its URL's last part. A cheap
/// superset; rendering them does the real link check.
fn linking_to(site: &Site, i: usize) -> Vec<usize> {
    let page = &site.pages[i];
    let rel = page.src.rel.as_str();
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let needle = match name {
        "_index.md" | "index.md" => page.path.trim_end_matches('/').rsplit('/').next(),
        _ => name.strip_suffix(".md"),
    }
    .filter(|n| !n.is_empty());
    let Some(needle) = needle else {
        // The home page: any page may link to "/".
        return (0..site.pages.len()).collect();
    };
    site.pages
        .par_iter()
        .enumerate()
        .filter(|(j, p)| *j != i && p.src.body().contains(needle))
        .map(|(j, _)| j)
        .collect()
}

/// Replaces a file in the served folder atomically, so a request never reads half of it.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)?;
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.safeguide-tmp"));
    fs::write(&tmp, bytes)?;
    fs::rename(&tmp, path)
}
