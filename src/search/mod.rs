//! Search: elasticlunr indexes built from the rendered pages' text, queried in the browser by
//! elasticlunr.js (themes/default/static/search.js).
//!
//! There is one index of every page (`search/all.js`) and one per audience (`search/for-<id>.js`,
//! the audience's pages plus those for everyone), so a search filtered to an audience (the default
//! when it starts from an audience's page) loads only the bytes it needs. Each file is a script
//! assigning a global, so it loads from file:// in offline builds too.

pub mod docs;
pub mod index;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::Kind;
use crate::render::SearchEntry;
use crate::resolve::Site;
use crate::timings::{self, Step};
use crate::write::output::Staging;
use docs::page_docs;
use index::{build_index, Choice, IndexFile, PageInfo};

/// Site-absolute path of the index of every page.
pub const ALL_FILE: &str = "/search/all.js";

/// Site-absolute path of an audience's index.
pub fn audience_file(id: &str) -> String {
    format!("/search/for-{id}.js")
}

/// Every index file: (site-absolute path, script).
/// The index files to build: (URL path, audience key, pages in it).
fn index_jobs<'e>(
    site: &Site,
    entries: &'e [SearchEntry],
) -> Vec<(String, String, Vec<&'e SearchEntry>)> {
    let mut jobs: Vec<(String, String, Vec<&SearchEntry>)> = vec![(
        ALL_FILE.to_string(),
        String::new(),
        entries.iter().collect(),
    )];
    for a in &site.config.audiences {
        let pages = entries
            .iter()
            .filter(|e| e.audience.is_empty() || e.audience.contains(&a.id))
            .collect();
        jobs.push((audience_file(&a.id), a.id.clone(), pages));
    }
    jobs
}

/// The index of `entries`, with their page table and filter labels.
pub fn index_file(site: &Site, entries: &[&SearchEntry]) -> IndexFile {
    let audience_name = |id: &String| {
        site.config
            .audience(id)
            .map_or_else(|| id.clone(), |a| a.name.clone())
    };
    let mut docs = Vec::new();
    let mut pages = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let names: Vec<String> = e.audience.iter().map(audience_name).collect();
        docs.extend(page_docs(e, i, &names.join(" ")));
        pages.push(PageInfo {
            title: e.title.clone(),
            url: e.url.clone(),
            summary: e.summary.clone().unwrap_or_default(),
            audience: e.audience.clone(),
            kind: e.kind,
        });
    }
    let audiences = site
        .config
        .audiences
        .iter()
        .filter(|a| entries.iter().any(|e| e.audience.contains(&a.id)))
        .map(|a| Choice {
            id: a.id.clone(),
            label: a.name.clone(),
        })
        .collect();
    let kinds = Kind::ALL
        .iter()
        .filter(|k| entries.iter().any(|e| e.kind == k.id()))
        .map(|k| Choice {
            id: k.id().to_string(),
            label: k.group_name().to_string(),
        })
        .collect();
    IndexFile {
        index: build_index(&docs),
        pages,
        audiences,
        kinds,
    }
}

/// Writes every index file into the staging folder.
pub fn write(site: &Site, entries: &[SearchEntry], staging: &Staging) -> Vec<Diagnostic> {
    // Each file is written as soon as it is built, so only the indexes being built are in memory.
    index_jobs(site, entries)
        .into_par_iter()
        .filter_map(|(path, key, pages)| {
            let script = timings::time(Step::Search, || index_file(site, &pages).to_script(&key));
            let rel = path.trim_start_matches('/');
            staging.write(rel, script.as_bytes()).err().map(|e| {
                Diagnostic::error("io", format!("cannot write {rel}: {e}"))
                    .help("check there is free disk space and that the output folder is writable")
            })
        })
        .collect()
}
