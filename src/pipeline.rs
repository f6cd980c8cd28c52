//! The whole build, stage by stage: load -> resolve -> render -> write.
//!
//! `build` and `check` share this: `check` runs every stage but writes nothing.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Instant;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::{self, config::SiteConfig};
use crate::packs;
use crate::render::{
    self, markdown::highlight, templates::Templates, RenderedFile, Renderer, SearchEntry,
};
use crate::resolve::{self, Site};
use crate::timings::{self, Step};
use crate::write::{buildinfo, minify, output::Staging, reuse, urls::UrlStyle};

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
    let mut config = SiteConfig::load(&opts.root)?;
    if let Some(b) = &opts.base_url {
        config.base_url = b.clone();
    }
    let mut ds = Diagnostics::new();
    let (tree, tree_ds) =
        timings::time(Step::Load, || load::content::load(&opts.root, opts.drafts));
    ds.extend(tree_ds);
    let (packs, packs_ds) = load::packs::load(&opts.root, &config);
    ds.extend(packs_ds);
    let templates = Templates::load(&opts.root, &config.theme);
    let (site, resolve_ds) = timings::time(Step::Resolve, || {
        resolve::resolve(opts.root.clone(), config, tree, packs)
    });
    ds.extend(resolve_ds);
    match templates {
        Ok(t) => Ok((site, t, ds)),
        Err(e) => {
            ds.extend(e);
            Err(Failure::Content(ds))
        }
    }
}

/// Builds the site into its output folder atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Failure> {
    let started = Instant::now();
    let target = opts.output_dir();
    // Refuse a foreign output folder before doing any work.
    crate::write::output::check_target(&target)?;
    // --pdf needs a browser: look for it first, so that a missing one fails fast (exit 2).
    let chromium = opts.pdf.then(packs::pdf::Chromium::find).transpose()?;
    let (site, templates, warnings) = load_site(opts)?;
    let staging = Staging::new(&target)?;
    let outcome = render_all(&site, &templates, opts, Some(&staging))?;
    let mut all = warnings;
    all.extend(outcome.diagnostics);
    if let (Some(chromium), false) = (&chromium, all.has_errors()) {
        all.extend(packs::pdf::print_packs(&site, &staging, chromium));
    }
    if all.has_errors() {
        return Err(Failure::Content(all));
    }
    staging.commit()?;
    Ok(BuildSummary {
        pages: outcome.pages,
        files: outcome.files,
        output: target,
        warnings: all,
        millis: started.elapsed().as_millis(),
    })
}

pub struct RenderOutcome {
    pub pages: usize,
    pub files: usize,
    pub diagnostics: Diagnostics,
    /// The search shards written (none without staging or with search off).
    pub shards: Vec<crate::search::shards::Shard>,
}

/// Renders every page and generated file; writes them, and the search index, into `staging` when
/// given. A content page whose key ([`reuse`]) is unchanged since the output being replaced was
/// built is carried over from it without rendering, unless its search shard must be built again.
pub fn render_all(
    site: &Site,
    templates: &Templates,
    opts: &BuildOptions,
    staging: Option<&Staging>,
) -> Result<RenderOutcome, Failure> {
    let renderer = Renderer::new(site, templates, opts.offline);
    let style = UrlStyle::from_base_url(&site.config.base_url, opts.offline);
    let diagnostics = Mutex::new(Diagnostics::new());
    let report = |ds: Vec<Diagnostic>| diagnostics.lock().expect("not poisoned").extend(ds);
    let io_error = |path: &str, e: std::io::Error| {
        vec![Diagnostic::error("io", format!("cannot write {path}: {e}"))
            .help("check there is free disk space and that the output folder is writable")]
    };

    let keys: Vec<String> = match staging {
        Some(_) => reuse::page_keys(site, &reuse::site_fingerprint(site, templates, opts)),
        None => Vec::new(),
    };
    let search = staging.is_some() && site.config.search.enabled;
    let shards = if search {
        crate::search::plan(site, &reuse::search_keys(site))
    } else {
        Vec::new()
    };
    // Pages whose search text is needed: those in shards the previous output does not have.
    let mut needs_text = vec![false; site.pages.len()];
    if let Some(staging) = staging {
        for s in &shards {
            if !staging.has_previous(&s.file(), &crate::search::shard_key(s)) {
                for &p in &s.pages {
                    needs_text[p] = true;
                }
            }
        }
    }

    // The Word copy of each model policy, next to its page, with the same values as the page.
    let organisation = renderer.organisation_values();
    let docx_file = |i: usize| {
        render::docx_download(&site.pages[i]).map(|l| l.url.trim_start_matches('/').to_string())
    };
    // ...and the script holding its Word template, which the fill-in form fills in the browser.
    let template_file = |i: usize| {
        render::docx_template_url(&site.pages[i]).map(|u| u.trim_start_matches('/').to_string())
    };
    // A page's files from the previous output, when its key says they would come out the same.
    let carry_over = |staging: &Staging, i: usize, key: &str| {
        let html = file_for(&site.pages[i].path);
        let extra: Vec<String> = docx_file(i).into_iter().chain(template_file(i)).collect();
        staging.has_previous(&html, key)
            && extra.iter().all(|d| staging.has_previous(d, key))
            && staging.carry_over(&html, key)
            && extra.iter().all(|d| staging.carry_over(d, key))
    };

    let entries: Vec<Option<SearchEntry>> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| {
            let key = keys.get(i).map(String::as_str);
            if let (Some(staging), Some(key)) = (staging, key) {
                if !needs_text[i] && carry_over(staging, i, key) {
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
            if let Some(staging) = staging {
                if let Err(e) = write_rendered(staging, &style, &f, key) {
                    report(io_error(&f.path, e));
                }
                if let Some(docx) = docx_file(i) {
                    let make = || {
                        renderer
                            .render_docx(i, organisation)
                            .map(|(_, bytes)| bytes)
                            .unwrap_or_default()
                    };
                    let written = match key {
                        Some(key) => staging.write_keyed(&docx, key, make),
                        None => staging.write(&docx, &make()),
                    };
                    if let Err(e) = written {
                        report(io_error(&docx, e));
                    }
                }
                if let Some(js) = template_file(i) {
                    let make = || {
                        renderer
                            .render_docx_template(i)
                            .map(|(_, bytes)| bytes)
                            .unwrap_or_default()
                    };
                    let written = match key {
                        Some(key) => staging.write_keyed(&js, key, make),
                        None => staging.write(&js, &make()),
                    };
                    if let Err(e) = written {
                        report(io_error(&js, e));
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

    let (mut generated, errors) = renderer.render_generated_all();
    report(errors);
    let (pack_files, errors) = packs::render_all(&renderer, opts.pdf);
    generated.extend(pack_files);
    report(errors);
    if let Some(staging) = staging {
        generated.par_iter().for_each(|f| {
            if let Err(e) = write_rendered(staging, &style, f, None) {
                report(io_error(&f.path, e));
            }
        });
        if search {
            report(crate::search::write(site, &shards, &entries, staging));
        }
    }
    drop(entries);

    let mut files = site.pages.len() + generated.len();
    if let Some(staging) = staging {
        match copy_static(site, staging) {
            Ok(n) => files += n,
            Err(ds) => report(ds),
        }
        if let Err(e) = staging.write("highlight.css", highlight::stylesheet().as_bytes()) {
            report(vec![Diagnostic::error(
                "io",
                format!("cannot write highlight.css: {e}"),
            )]);
        }
    }
    Ok(RenderOutcome {
        pages: site.pages.len(),
        files,
        diagnostics: diagnostics.into_inner().expect("not poisoned"),
        shards,
    })
}

/// Output file for a URL path: folders get `index.html`.
pub fn file_for(path: &str) -> String {
    if path.ends_with('/') {
        format!("{}index.html", path.trim_start_matches('/'))
    } else {
        path.trim_start_matches('/').to_string()
    }
}

/// The output file (relative, `/`-separated) and bytes of a rendered file: HTML gets its URLs
/// rewritten and is minified. Shared by the build and serve's incremental updates.
pub fn output_of(style: &UrlStyle, f: &RenderedFile) -> (String, Vec<u8>) {
    let file = file_for(&f.path);
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
fn write_rendered(
    staging: &Staging,
    style: &UrlStyle,
    f: &RenderedFile,
    key: Option<&str>,
) -> std::io::Result<()> {
    let file = file_for(&f.path);
    if !file.ends_with(".html") {
        return staging.write(&file, f.body.as_bytes());
    }
    let key = match key {
        Some(k) => k.to_string(),
        // The output is a function of the rendered page, its path, the URL style and the program.
        None => buildinfo::key(&[
            buildinfo::program_id().as_bytes(),
            format!("{style:?}").as_bytes(),
            f.path.as_bytes(),
            f.body.as_bytes(),
        ]),
    };
    staging.write_keyed(&file, &key, || {
        timings::time(Step::Minify, || {
            minify::html(&style.rewrite_html(&f.body, &f.path))
        })
    })
}

/// Theme static files (built-in, then the theme folder, then the site's static/), then the files
/// that sit beside content. Later sources override earlier ones of the same name.
fn copy_static(site: &Site, staging: &Staging) -> Result<usize, Vec<Diagnostic>> {
    let mut n = 0;
    let mut errors = Vec::new();
    if site.config.theme == "default" {
        for (path, bytes) in crate::embedded::files(&crate::embedded::DEFAULT_THEME) {
            if let Some(rel) = path.strip_prefix("static/") {
                if let Err(e) = staging.write(rel, bytes) {
                    errors.push(Diagnostic::error("io", format!("cannot write {rel}: {e}")));
                }
                n += 1;
            }
        }
    }
    let theme_static = site
        .root
        .join("themes")
        .join(&site.config.theme)
        .join("static");
    for dir in [theme_static, site.root.join("static")] {
        n += copy_tree(&site.root, &dir, staging, &mut errors);
    }
    for a in &site.assets {
        if let Err(e) = staging.copy(&a.source, &a.rel) {
            errors.push(
                Diagnostic::error("io", format!("cannot copy this file: {e}"))
                    .in_file(load::content::display_path(&site.root, &a.source)),
            );
        }
        n += 1;
    }
    if errors.is_empty() {
        Ok(n)
    } else {
        Err(errors)
    }
}

fn copy_tree(root: &Path, dir: &Path, staging: &Staging, errors: &mut Vec<Diagnostic>) -> usize {
    if !dir.is_dir() {
        return 0;
    }
    let mut n = 0;
    for entry in walkdir::WalkDir::new(dir).follow_links(true).into_iter() {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = load::content::rel_path(dir, e.path());
                if let Err(err) = staging.copy(e.path(), &rel) {
                    errors.push(
                        Diagnostic::error("io", format!("cannot copy this file: {err}"))
                            .in_file(load::content::display_path(root, e.path())),
                    );
                }
                n += 1;
            }
            Ok(_) => {}
            Err(err) => errors.push(
                Diagnostic::error("io", format!("cannot read: {err}"))
                    .in_file(load::content::display_path(root, dir)),
            ),
        }
    }
    n
}
