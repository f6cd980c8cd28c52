//! The whole build, stage by stage: load -> resolve -> render -> write.
//!
//! `build`, `check` and `serve` share this: loading and resolving here, rendering and writing in
//! [`crate::engine`] (`check` runs every stage but writes nothing).

use std::path::PathBuf;

use crate::diagnostics::{Diagnostics, Failure};
use crate::engine::RunOptions;
use crate::load::content::reread::Reread;
use crate::load::frontmatter::Kind;
use crate::load::{self, config::SiteConfig, frameworks::Frameworks};
use crate::packs;
use crate::render::templates::Templates;
use crate::resolve::{self, Site};
use crate::timings::{self, Step};

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `<root>/public` when absent.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    pub base_url: Option<String>,
    pub offline: bool,
    pub pdf: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }

    /// The engine's options for these, printing PDFs with `chromium`.
    pub fn run_options<'c>(&self, chromium: Option<&'c packs::pdf::Chromium>) -> RunOptions<'c> {
        RunOptions {
            drafts: self.drafts,
            offline: self.offline,
            chromium,
            remember_search: false,
            defer_search: false,
        }
    }
}

/// What a successful build reports.
#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    /// Pages carried over from the output being replaced, not rendered again.
    pub carried: usize,
    /// PDFs printed (`--pdf`).
    pub pdfs: usize,
    pub files: usize,
    pub output: PathBuf,
    pub warnings: Diagnostics,
    pub millis: u128,
}

/// Loads and resolves the site: everything before rendering. Shared by build, check, serve, adapt.
///
/// Problems in single files do not stop the run: the returned diagnostics may hold errors, and the
/// caller renders anyway to find the rest, but must not publish. Only problems that leave nothing
/// to render (site.yaml, templates) return `Err`.
pub fn load_site(opts: &BuildOptions) -> Result<(Site, Templates, Diagnostics), Failure> {
    load_site_and_frameworks(opts).map(|(site, templates, ds, _)| (site, templates, ds))
}

/// [`load_site`], taking the pages whose files did not change from `reread` (serve keeps it from
/// load to load) instead of reading and parsing them, and their heading ids with them; and
/// `templates`, when given, as they are: the last load's templates and words, when nothing but
/// content files changed since.
pub fn load_site_again(
    opts: &BuildOptions,
    reread: &Reread,
    templates: Option<Templates>,
) -> Result<(Site, Templates, Diagnostics), Failure> {
    let again = Again { reread, templates };
    load_configured(opts, SiteConfig::load_layered(&opts.root)?, Some(again))
        .map(|(site, templates, ds, _)| (site, templates, ds))
}

/// What serve keeps from one load to the next ([`load_site_again`]).
struct Again<'a> {
    reread: &'a Reread,
    templates: Option<Templates>,
}

/// [`load_site`], also returning the frameworks registry (`frameworks.yaml`), which only `check`
/// needs beyond the citations checked here.
pub fn load_site_and_frameworks(
    opts: &BuildOptions,
) -> Result<(Site, Templates, Diagnostics, Frameworks), Failure> {
    load_configured(opts, SiteConfig::load_layered(&opts.root)?, None)
}

/// [`load_site`] for a folder without site.yaml: the built-in pack's site (`adapt` anywhere).
pub fn load_builtin_site(opts: &BuildOptions) -> Result<(Site, Templates, Diagnostics), Failure> {
    load_configured(opts, SiteConfig::load_builtin(&opts.root)?, None)
        .map(|(site, templates, ds, _)| (site, templates, ds))
}

fn load_configured(
    opts: &BuildOptions,
    (mut config, layers): (SiteConfig, crate::load::layers::Layers),
    again: Option<Again<'_>>,
) -> Result<(Site, Templates, Diagnostics, Frameworks), Failure> {
    let (reread, kept_templates) = match again {
        Some(a) => (Some(a.reread), a.templates),
        None => (None, None),
    };
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let mut ds = Diagnostics::new();
    let mut laps = timings::Laps::start("load");
    let (mut tree, tree_ds) = timings::time(Step::Load, || {
        load::content::load_layered(
            &layers,
            &config.hide.pages,
            opts.drafts,
            &load::languages::content_key(&config),
            reread,
        )
    });
    laps.lap("content");
    load::content::drop_hidden_audiences(&mut tree, &config.hide.audiences);
    ds.extend(load::local_text::apply(&mut config, &opts.root));
    ds.extend(tree_ds);
    // A page citing an id the registry does not list is an error in every command, like an
    // unknown audience: the citation would otherwise silently check nothing.
    let (frameworks, frameworks_ds) = Frameworks::load_layered(&layers);
    ds.extend(frameworks_ds);
    ds.extend(tree.pages.iter().flat_map(|p| frameworks.check_cites(p)));
    laps.lap("frameworks");
    ds.extend(load::layers::check_hide(
        &opts.root,
        &layers,
        &config.hide.pages,
    ));
    ds.extend(layers.notes.clone());
    if let Some(brand) = &config.brand {
        if let Err(e) = load::brand::logo_url(brand, &layers, &opts.root) {
            ds.extend(e);
        }
    }
    let (packs, packs_ds) = load::packs::load(&layers, &config);
    ds.extend(packs_ds);
    laps.lap("brand and packs");
    let templates = match kept_templates {
        Some(t) => Ok(t),
        None => Templates::load_layered(&opts.root, &config.theme, &layers).and_then(|mut t| {
            t.words = crate::render::i18n::load(&opts.root, &config)?;
            Ok(t)
        }),
    };
    laps.lap("templates and words");
    // Heading ids are collected by parsing each body: those of unchanged pages are kept.
    let known = match reread {
        Some(r) => tree
            .pages
            .iter()
            .map(|p| {
                (p.fm.kind != Some(Kind::Glossary))
                    .then(|| r.anchors(p))
                    .flatten()
            })
            .collect(),
        None => Vec::new(),
    };
    laps.lap("kept heading ids");
    let (site, resolve_ds) = timings::time(Step::Resolve, || match reread {
        Some(_) => resolve::resolve_with_anchors(opts.root.clone(), config, tree, packs, known),
        None => resolve::resolve(opts.root.clone(), config, tree, packs),
    });
    if let Some(r) = reread {
        for p in site.pages.iter().filter(|p| p.kind != Kind::Glossary) {
            r.set_anchors(&p.src.display, &p.src.hash, &p.anchors);
        }
    }
    laps.lap("resolve");
    laps.report();
    ds.extend(resolve_ds);
    match templates {
        Ok(t) => {
            ds.extend(t.warnings.clone());
            Ok((site, t, ds, frameworks))
        }
        Err(e) => {
            ds.extend(e);
            Err(Failure::Content(ds))
        }
    }
}
