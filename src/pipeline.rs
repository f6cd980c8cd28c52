//! The whole build, stage by stage: load -> resolve -> render -> write.
//!
//! `build` and `check` share this: `check` runs every stage but writes nothing.

use crate::diagnostics::rule;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::{self, config::SiteConfig, frameworks::Frameworks};
use crate::markdown::highlight;
use crate::packs;
use crate::plan::{self, Output, PlanOptions, StaticSource};
use crate::render::urls::UrlStyle;
use crate::render::{templates::Templates, RenderedFile, Renderer, SearchEntry};
use crate::resolve::{self, Site};
use crate::search::terms::{TermTable, Terms};
use crate::timings::{self, Step};
use crate::write::sink::Sink;
use crate::write::{minify, output, reuse};

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

/// [`load_site`], also returning the frameworks registry (`frameworks.yaml`), which only `check`
/// needs beyond the citations checked here.
pub fn load_site_and_frameworks(
    opts: &BuildOptions,
) -> Result<(Site, Templates, Diagnostics, Frameworks), Failure> {
    load_configured(opts, SiteConfig::load_layered(&opts.root)?)
}

/// [`load_site`] for a folder without site.yaml: the built-in pack's site (`adapt` anywhere).
pub fn load_builtin_site(opts: &BuildOptions) -> Result<(Site, Templates, Diagnostics), Failure> {
    load_configured(opts, SiteConfig::load_builtin(&opts.root)?)
        .map(|(site, templates, ds, _)| (site, templates, ds))
}

fn load_configured(
    opts: &BuildOptions,
    (mut config, layers): (SiteConfig, crate::load::layers::Layers),
) -> Result<(Site, Templates, Diagnostics, Frameworks), Failure> {
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let mut ds = Diagnostics::new();
    let (mut tree, tree_ds) = timings::time(Step::Load, || {
        load::content::load_layered(
            &layers,
            &config.hide.pages,
            opts.drafts,
            &load::languages::content_key(&config),
        )
    });
    load::content::drop_hidden_audiences(&mut tree, &config.hide.audiences);
    ds.extend(load::local_text::apply(&mut config, &opts.root));
    ds.extend(tree_ds);
    // A page citing an id the registry does not list is an error in every command, like an
    // unknown audience: the citation would otherwise silently check nothing.
    let (frameworks, frameworks_ds) = Frameworks::load_layered(&layers);
    ds.extend(frameworks_ds);
    ds.extend(tree.pages.iter().flat_map(|p| frameworks.check_cites(p)));
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
    let templates =
        Templates::load_layered(&opts.root, &config.theme, &layers).and_then(|mut t| {
            t.words = crate::render::i18n::load(&opts.root, &config)?;
            Ok(t)
        });
    let (site, resolve_ds) = timings::time(Step::Resolve, || {
        resolve::resolve(opts.root.clone(), config, tree, packs)
    });
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

pub struct RenderOutcome {
    pub pages: usize,
    /// Pages carried over from the previous output without rendering.
    pub carried: usize,
    /// PDFs printed (`--pdf`).
    pub pdfs: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    /// The search shards written (none when the sink keeps nothing or search is off).
    pub shards: Vec<crate::search::shards::Shard>,
    /// Each language's term files written, as the shards.
    pub terms: Vec<Terms>,
    /// Every file of the plan, for serve to compare the next plan with.
    pub files_planned: Vec<String>,
}

/// Plans, renders and writes every output of the site through `sink`: staging for a build,
/// nothing for `check`. A content page whose key ([`reuse`]) is unchanged since the output being
/// replaced was built is carried over from it without rendering, unless its search shard must be
/// built again; `--pdf` prints pack editions last, from the written documents.
pub fn render_all(
    site: &Site,
    templates: &Templates,
    opts: &BuildOptions,
    sink: &dyn Sink,
    chromium: Option<&packs::pdf::Chromium>,
) -> Result<RenderOutcome, Failure> {
    let renderer = Renderer::new(site, templates, opts.offline);
    let style = UrlStyle::from_base_url(&site.config.base_url, opts.offline);
    let diagnostics = Mutex::new(Diagnostics::new());
    let report = |ds: Vec<Diagnostic>| diagnostics.lock().expect("not poisoned").extend(ds);
    let io_error = |path: &str, e: std::io::Error| {
        vec![
            Diagnostic::error(rule::IO, format!("cannot write {path}: {e}"))
                .help("check there is free disk space and that the output folder is writable"),
        ]
    };

    let keeps = sink.keeps();
    let keys: Vec<String> = if keeps {
        reuse::page_keys(
            site,
            &reuse::site_fingerprint(site, &templates.fingerprint(), opts.drafts, opts.offline),
        )
    } else {
        Vec::new()
    };
    let search = keeps && site.config.search.enabled;
    let shards = if search {
        crate::search::plan(site, &reuse::search_keys(site))
    } else {
        Vec::new()
    };
    let terms = Terms::plan(&shards);
    let plan = plan::plan(
        site,
        PlanOptions {
            pdf: chromium.is_some(),
            search,
        },
        shards
            .iter()
            .map(crate::search::shards::Shard::file)
            .collect(),
        terms.iter().map(Terms::file).collect(),
    );
    report(plan.problems.clone());

    // Sort the outputs by kind; the match is exhaustive, so a new kind of output is handled
    // here or the program does not compile.
    let mut pages = Vec::new();
    let mut word = Vec::new();
    let mut word_templates = Vec::new();
    let mut generated = Vec::new();
    let mut pack_docs = Vec::new();
    let mut pack_listings = Vec::new();
    let mut pack_decks = Vec::new();
    let mut pack_extras = Vec::new();
    let mut pdfs = Vec::new();
    let mut search_shards = Vec::new();
    let mut search_terms = Vec::new();
    let mut manifests = Vec::new();
    let mut statics = Vec::new();
    let mut highlight_css = false;
    for o in &plan.outputs {
        match o {
            Output::Page(i) => pages.push(*i),
            Output::WordCopy(i) => word.push(*i),
            Output::WordTemplate(i) => word_templates.push(*i),
            Output::Generated(g) => generated.push(g.clone()),
            Output::PackDocument { pack, edition } => pack_docs.push((*pack, *edition)),
            Output::PackListing(p) => pack_listings.push(p.clone()),
            Output::PackPdf { pack, edition } => pdfs.push((*pack, *edition)),
            Output::PackPresent(p) => pack_decks.push(*p),
            Output::PackExtra { pack, extra } => pack_extras.push((*pack, *extra)),
            Output::SearchShard(s) => search_shards.push(*s),
            Output::SearchTerms(t) => search_terms.push(*t),
            Output::SearchManifest(lang) => manifests.push(lang.clone()),
            Output::Static { rel, from } => statics.push((rel, from)),
            Output::HighlightCss => highlight_css = true,
        }
    }

    // Pages whose search text is needed: those in shards the previous output does not have,
    // and in shards whose terms must be merged again and cannot be read back from the previous
    // output's term chunks.
    let previous_terms: Vec<Option<Vec<String>>> = terms
        .iter()
        .map(|t| previous_terms_files(sink, t))
        .collect();
    let kept = kept_term_tables(sink, &shards, &terms, &previous_terms, &search_terms);
    let mut needs_table = vec![false; shards.len()];
    let mut needs_text = vec![false; site.pages.len()];
    for &s in &search_shards {
        let shard = &shards[s];
        let key = crate::search::shard_key(shard);
        let stale_terms = terms
            .iter()
            .position(|t| t.lang == shard.lang)
            .is_some_and(|t| previous_terms[t].is_none());
        needs_table[s] = stale_terms && !kept.contains_key(&shard.name);
        if needs_table[s] || !has_all_previous(sink, &shard.files(), &key) {
            for &p in &shard.pages {
                needs_text[p] = true;
            }
        }
    }

    // Phase one: pages, Word copies, generated files and packs, in parallel.
    let organisation = renderer.organisation_values();
    let flags = |list: &[usize]| {
        let mut v = vec![false; site.pages.len()];
        for &i in list {
            v[i] = true;
        }
        v
    };
    let (is_word, is_template) = (flags(&word), flags(&word_templates));
    crate::progress::pages(pages.len());
    let carried = std::sync::atomic::AtomicUsize::new(0);
    let entries: Vec<Option<SearchEntry>> = pages
        .par_iter()
        .map(|&i| {
            crate::progress::page_done();
            let key = keys.get(i).map(String::as_str);
            let html = plan::file_for(&site.pages[i].path);
            let docx = is_word[i].then(|| plan.file_of(site, &Output::WordCopy(i)));
            let template = is_template[i].then(|| plan.file_of(site, &Output::WordTemplate(i)));
            if let Some(key) = key {
                // A page's files from the previous output, when its key says they would come
                // out the same.
                let files: Vec<&str> = std::iter::once(html.as_str())
                    .chain(docx.as_deref())
                    .chain(template.as_deref())
                    .collect();
                if !needs_text[i]
                    && files.iter().all(|f| sink.has_previous(f, key))
                    && files.iter().all(|f| sink.carry_over(f, key))
                {
                    carried.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return None;
                }
            }
            let f = match renderer.render_page(i, &[]) {
                Ok(f) => f,
                Err(ds) => {
                    report(ds);
                    return None;
                }
            };
            if keeps {
                if let Err(e) = write_rendered(sink, &style, &f, key) {
                    report(io_error(&f.path, e));
                }
                // The Word copy and its template for the fill-in form, with the page's values.
                let word_files: [(Option<&String>, &MakeFile); 2] = [
                    (docx.as_ref(), &|| renderer.render_docx(i, organisation)),
                    (template.as_ref(), &|| renderer.render_docx_template(i)),
                ];
                for (file, render) in word_files {
                    let Some(file) = file else { continue };
                    let mut make = || render().map(|(_, bytes)| bytes).unwrap_or_default();
                    let written = match key {
                        Some(key) => sink.write_keyed(file, key, &mut make),
                        None => sink.write(file, &make()),
                    };
                    if let Err(e) = written {
                        report(io_error(file, e));
                    }
                }
            }
            if needs_text[i] {
                f.search
            } else {
                None
            }
        })
        .collect();
    // `entries` is by position in `pages`, which lists every page in order.
    debug_assert!(pages.iter().enumerate().all(|(n, &i)| n == i));

    let (mut rendered, errors) = renderer.render_generated_files(&generated);
    report(errors);
    let packs_out: Vec<Result<RenderedFile, Diagnostic>> = pack_docs
        .par_iter()
        .map(|&(p, e)| packs::render_document(&renderer, &site.packs[p], e))
        .chain(
            pack_listings
                .par_iter()
                .map(|p| packs::render_listing(&renderer, p, chromium.is_some())),
        )
        .chain(
            pack_decks
                .par_iter()
                .map(|&p| packs::present::render(&renderer, &site.packs[p])),
        )
        .collect();
    for r in packs_out {
        match r {
            Ok(f) => rendered.push(f),
            Err(e) => report(vec![e]),
        }
    }
    // PowerPoint copies and training records: pages join the rest, files are written as made.
    let extras: Vec<Result<packs::records::ExtraFile, Diagnostic>> = pack_extras
        .par_iter()
        .map(|&(p, e)| packs::records::render_extra(&renderer, &site.packs[p], e))
        .collect();
    for r in extras {
        match r {
            Ok(packs::records::ExtraFile::Page(f)) => rendered.push(f),
            Ok(packs::records::ExtraFile::Bytes { path, bytes }) => {
                let file = plan::file_for(&path);
                if keeps {
                    if let Err(e) = sink.write(&file, &bytes) {
                        report(io_error(&file, e));
                    }
                }
            }
            Err(e) => report(vec![e]),
        }
    }
    if keeps {
        rendered.par_iter().for_each(|f| {
            if let Err(e) = write_rendered(sink, &style, f, None) {
                report(io_error(&f.path, e));
            }
        });
    }

    // Phase two: search, from the text the pages gave.
    crate::progress::stage(crate::progress::Stage::Search);
    let tables: Mutex<HashMap<String, TermTable>> = Mutex::new(kept);
    // Each shard's pages' search text, moved out so that it is let go of once the shard is built:
    // every shard's term table is kept until the language's chunks are merged (issue #23: peak
    // memory).
    let mut entries = entries;
    let groups: Vec<Vec<SearchEntry>> = search_shards
        .iter()
        .map(|&s| {
            shards[s]
                .pages
                .iter()
                .filter_map(|&p| entries.get_mut(p).and_then(Option::take))
                .collect()
        })
        .collect();
    drop(entries);
    let search_errors: Vec<Diagnostic> = search_shards
        .par_iter()
        .zip(groups)
        .flat_map_iter(|(&s, group)| {
            let shard = &shards[s];
            let key = crate::search::shard_key(shard);
            let files = shard.files();
            // A shard's files are carried over together or built together; each is written as
            // soon as its shard is built, so only the shards being built and the term tables
            // are in memory.
            let reused = !needs_table[s]
                && has_all_previous(sink, &files, &key)
                && files.iter().all(|f| sink.carry_over(f, &key));
            let built = if reused {
                Vec::new()
            } else {
                let mine: Vec<&SearchEntry> = group.iter().collect();
                let (built, table) = crate::search::shard_scripts(site, shard, &mine);
                tables
                    .lock()
                    .expect("not poisoned")
                    .insert(shard.name.clone(), table);
                built
            };
            built
                .into_iter()
                .filter_map(|(rel, bytes)| {
                    let mut bytes = Some(bytes);
                    sink.write_keyed(&rel, &key, &mut || bytes.take().unwrap_or_default())
                        .err()
                        .map(|e| io_error(&rel, e).remove(0))
                })
                .collect::<Vec<_>>()
        })
        .collect();
    report(search_errors);
    let tables = tables.into_inner().expect("not poisoned");
    for &i in &search_terms {
        let t = &terms[i];
        let key = terms_key(t);
        if let Some(files) = &previous_terms[i] {
            if files.iter().all(|f| sink.carry_over(f, &key)) {
                continue;
            }
        }
        let mine: Vec<Option<&TermTable>> = t.shards.iter().map(|n| tables.get(n)).collect();
        let mut errors = Vec::new();
        crate::search::terms::merge(t, &mine, &mut |rel, text| {
            let mut bytes = Some(text.into_bytes());
            if let Err(e) = sink.write_keyed(&rel, &key, &mut || bytes.take().unwrap_or_default()) {
                errors.extend(io_error(&rel, e));
            }
        });
        report(errors);
    }
    drop(tables);
    for lang in &manifests {
        let (file, script) =
            crate::search::manifest(site, lang.as_deref(), &shards, &|l, k| renderer.word(l, k));
        // Keyed by its text, so that the next build can read it back (`kept_term_tables`).
        let key = crate::key::key(&[script.as_bytes()]);
        let mut bytes = Some(script.into_bytes());
        if let Err(e) = sink.write_keyed(&file, &key, &mut || bytes.take().unwrap_or_default()) {
            report(io_error(&file, e));
        }
    }

    // Phase three: files copied as they are, over anything rendered at the same path.
    if keeps {
        for (rel, from) in &statics {
            let done = match from {
                StaticSource::Embedded(bytes) => sink.write(rel, bytes),
                StaticSource::File(path) => sink.copy(path, rel),
            };
            if let Err(e) = done {
                let d = Diagnostic::error(rule::IO, format!("cannot copy this file: {e}"));
                report(vec![match from {
                    StaticSource::File(path) => {
                        d.in_file(load::content::display_path(&site.root, path))
                    }
                    StaticSource::Embedded(_) => d,
                }]);
            }
        }
        if highlight_css {
            if let Err(e) = sink.write("highlight.css", highlight::stylesheet().as_bytes()) {
                report(io_error("highlight.css", e));
            }
        }
    }

    // Phase four: PDFs, printed from the documents written above, only when all else succeeded.
    let mut ds = diagnostics.into_inner().expect("not poisoned");
    let mut printed = 0;
    if let (Some(chromium), false) = (chromium, ds.has_errors() || output::interrupted()) {
        crate::progress::stage(crate::progress::Stage::Pdfs);
        ds.extend(packs::pdf::print_packs(
            site,
            &pdfs,
            &|of, rel| sink.paths_for_print(of, rel),
            chromium,
        ));
        printed = pdfs.len();
    }
    Ok(RenderOutcome {
        pages: site.pages.len(),
        carried: carried.into_inner(),
        pdfs: printed,
        files: site.pages.len() + rendered.len() + statics.len(),
        diagnostics: ds,
        files_planned: plan.files(site),
        shards,
        terms,
    })
}

/// Whether the previous output has every one of `files`, made under `key`.
fn has_all_previous(sink: &dyn Sink, files: &[String], key: &str) -> bool {
    files.iter().all(|f| sink.has_previous(f, key))
}

/// The build-info key of a language's term files.
fn terms_key(t: &Terms) -> String {
    crate::key::key(&[crate::key::program_id().as_bytes(), t.name.as_bytes()])
}

/// The previous output's term files of `t` (its directory and the chunks it lists), if it has
/// every one of them, made under `t`'s key and untouched.
fn previous_terms_files(sink: &dyn Sink, t: &Terms) -> Option<Vec<String>> {
    let key = terms_key(t);
    if !sink.has_previous(&t.file(), &key) {
        return None;
    }
    let files = crate::search::terms::files_listed(&t.name, &sink.read_previous(&t.file())?)?;
    has_all_previous(sink, &files, &key).then_some(files)
}

/// The term tables of the shards the previous output has whole, for the languages whose term
/// files must be merged again (`previous` None): read back from the previous output's term
/// chunks (named by its manifest), so that an edit to one page renders that page, not its
/// language's every page.
fn kept_term_tables(
    sink: &dyn Sink,
    shards: &[crate::search::shards::Shard],
    terms: &[Terms],
    previous: &[Option<Vec<String>>],
    wanted: &[usize],
) -> HashMap<String, TermTable> {
    let mut out = HashMap::new();
    for &i in wanted {
        let t = &terms[i];
        if previous[i].is_some() {
            continue;
        }
        let kept: Vec<&str> = shards
            .iter()
            .filter(|s| s.lang == t.lang)
            .filter(|s| has_all_previous(sink, &s.files(), &crate::search::shard_key(s)))
            .map(|s| s.name.as_str())
            .collect();
        if kept.is_empty() {
            continue;
        }
        let Some(previous) = sink
            .read_previous(&crate::search::manifest_file(t.lang.as_deref()))
            .and_then(|b| crate::search::terms_of_manifest(&b))
        else {
            continue;
        };
        out.extend(crate::search::terms::read_tables(
            &previous,
            &kept,
            &|rel| sink.read_previous(rel),
        ));
    }
    out
}

/// Renders one file of a page: its path and bytes, None when the page has none.
type MakeFile<'a> = dyn Fn() -> Option<(String, Vec<u8>)> + 'a;

/// The output file (relative, `/`-separated) and bytes of a rendered file: HTML gets its URLs
/// rewritten and is minified.
pub fn output_of(style: &UrlStyle, f: &RenderedFile) -> (String, Vec<u8>) {
    let file = plan::file_for(&f.path);
    if file.ends_with(".html") {
        let bytes = timings::time(Step::Minify, || {
            minify::html(&style.rewrite_html(&f.body, &f.path))
        });
        (file, bytes)
    } else {
        (file, f.body.as_bytes().to_vec())
    }
}

/// Writes a rendered file. HTML is minified unless the previous output has it under the same key:
/// `key` for a content page ([`reuse`]), else a hash of the rendered text.
pub fn write_rendered(
    sink: &dyn Sink,
    style: &UrlStyle,
    f: &RenderedFile,
    key: Option<&str>,
) -> std::io::Result<()> {
    let file = plan::file_for(&f.path);
    if !file.ends_with(".html") {
        return sink.write(&file, f.body.as_bytes());
    }
    let key = match key {
        Some(k) => k.to_string(),
        // The output is a function of the rendered page, its path, the URL style and the program.
        None => crate::key::key(&[
            crate::key::program_id().as_bytes(),
            format!("{style:?}").as_bytes(),
            f.path.as_bytes(),
            f.body.as_bytes(),
        ]),
    };
    sink.write_keyed(&file, &key, &mut || {
        timings::time(Step::Minify, || {
            minify::html(&style.rewrite_html(&f.body, &f.path))
        })
    })
}
