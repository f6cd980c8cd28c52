//! Search: elasticlunr indexes built from the rendered pages' text, queried in the browser by
//! elasticlunr.js (themes/default/static/search.js).
//!
//! The pages are split into shards ([`shards`]): each page is indexed once, in a file shared only
//! with pages for the same audiences, so a search filtered to an audience (the default when it
//! starts from an audience's page) loads only the bytes it needs, and no index is ever built twice.
//! `search/index.js` lists the shards. Every file is a script assigning a global, so it loads from
//! file:// in offline builds too.

pub mod docs;
pub mod index;
pub mod shards;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::Kind;
use crate::render::SearchEntry;
use crate::resolve::Site;
use crate::timings::{self, Step};
use crate::write::output::Staging;
use docs::page_docs;
use index::{build_index, Choice, Manifest, PageInfo, ShardFile, ShardInfo};
use shards::Shard;

/// Site-relative path of the manifest the search page loads first.
pub const MANIFEST_FILE: &str = "search/index.js";

/// The label of audience `id` (the id itself when site.yaml does not name it).
fn audience_name(site: &Site, id: &str) -> String {
    site.config
        .audience(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

/// The index of `entries`, with their page table.
pub fn shard_file(site: &Site, entries: &[&SearchEntry]) -> ShardFile {
    let mut docs = Vec::new();
    let mut pages = Vec::with_capacity(entries.len());
    for (i, e) in entries.iter().enumerate() {
        let names: Vec<String> = e.audience.iter().map(|a| audience_name(site, a)).collect();
        docs.extend(page_docs(e, i, &names.join(" ")));
        pages.push(PageInfo {
            title: e.title.clone(),
            url: e.url.clone(),
            summary: e.summary.clone().unwrap_or_default(),
            audience: e.audience.clone(),
            kind: e.kind,
        });
    }
    ShardFile {
        index: build_index(&docs),
        pages,
    }
}

/// The manifest of `shards`, with labels for the audiences and kinds their pages use.
pub fn manifest(site: &Site, shards: &[Shard]) -> Manifest {
    let uses =
        |f: &dyn Fn(&SearchEntry) -> bool| shards.iter().any(|s| s.entries.iter().any(|e| f(e)));
    let audiences = site
        .config
        .audiences
        .iter()
        .filter(|a| uses(&|e| e.audience.contains(&a.id)))
        .map(|a| Choice {
            id: a.id.clone(),
            label: a.name.clone(),
        })
        .collect();
    let kinds = Kind::ALL
        .iter()
        .filter(|k| uses(&|e| e.kind == k.id()))
        .map(|k| Choice {
            id: k.id().to_string(),
            label: k.group_name().to_string(),
        })
        .collect();
    let shards = shards
        .iter()
        .map(|s| {
            let mut kinds: Vec<String> = s.entries.iter().map(|e| e.kind.to_string()).collect();
            kinds.sort();
            kinds.dedup();
            ShardInfo {
                name: s.name.clone(),
                file: s.file(),
                audiences: s.audiences.clone(),
                kinds,
            }
        })
        .collect();
    Manifest {
        shards,
        audiences,
        kinds,
    }
}

/// Writes the manifest and every shard into the staging folder. A shard whose file is in the
/// output being replaced (same name, so same inputs) is carried over instead of built again.
pub fn write(site: &Site, entries: &[SearchEntry], staging: &Staging) -> Vec<Diagnostic> {
    let shards = shards::plan(entries, &|id| audience_name(site, id));
    let io_error = |rel: &str, e: std::io::Error| {
        Diagnostic::error("io", format!("cannot write {rel}: {e}"))
            .help("check there is free disk space and that the output folder is writable")
    };
    let mut ds: Vec<Diagnostic> = shards
        .par_iter()
        .filter_map(|s| {
            let rel = s.file();
            if staging.carry_over(&rel) {
                return None;
            }
            // Each file is written as soon as it is built, so only the shards being built are in
            // memory.
            let script = timings::time(Step::Search, || {
                shard_file(site, &s.entries).to_script(&s.name)
            });
            staging
                .write(&rel, script.as_bytes())
                .err()
                .map(|e| io_error(&rel, e))
        })
        .collect();
    let script = manifest(site, &shards).to_script();
    if let Err(e) = staging.write(MANIFEST_FILE, script.as_bytes()) {
        ds.push(io_error(MANIFEST_FILE, e));
    }
    ds
}
