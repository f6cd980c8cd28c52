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

use crate::load::frontmatter::Kind;
use crate::render::SearchEntry;
use crate::resolve::Site;
use crate::timings::{self, Step};
use crate::write::buildinfo;
use docs::page_docs;
use index::{build_index, Choice, Manifest, PageInfo, ShardFile, ShardInfo};
use shards::{Item, Shard};

/// Site-relative path of the manifest the search page loads first.
pub const MANIFEST_FILE: &str = crate::plan::SEARCH_MANIFEST;

/// The label of audience `id` (the id itself when site.yaml does not name it).
fn audience_name(site: &Site, id: &str) -> String {
    site.config
        .audience(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

/// The shards of the site's pages; `keys` are the pages' search keys
/// ([`crate::write::reuse::search_keys`]).
pub fn plan(site: &Site, keys: &[String]) -> Vec<Shard> {
    let items: Vec<Item> = site
        .pages
        .iter()
        .zip(keys)
        .map(|(p, key)| Item {
            url: &p.path,
            audience: &p.audience,
            key,
        })
        .collect();
    shards::plan(&items)
}

/// The build-info key of a shard's file: its name is a hash of its inputs, but another program
/// may index them differently.
pub fn shard_key(s: &Shard) -> String {
    buildinfo::key(&[buildinfo::program_id().as_bytes(), s.name.as_bytes()])
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
    let pages = || {
        shards
            .iter()
            .flat_map(|s| &s.pages)
            .map(|&i| &site.pages[i])
    };
    let audiences = site
        .config
        .audiences
        .iter()
        .filter(|a| pages().any(|p| p.audience.contains(&a.id)))
        .map(|a| Choice {
            id: a.id.clone(),
            label: a.name.clone(),
        })
        .collect();
    let kinds = Kind::ALL
        .iter()
        .filter(|k| pages().any(|p| p.kind == **k))
        .map(|k| Choice {
            id: k.id().to_string(),
            label: k.group_name().to_string(),
        })
        .collect();
    let shards = shards
        .iter()
        .map(|s| {
            let mut kinds: Vec<String> = s
                .pages
                .iter()
                .map(|&i| site.pages[i].kind.id().to_string())
                .collect();
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

/// The script of shard `s`, from the search text of its pages in `entries` (by position in
/// `site.pages`; pages without one are left out).
pub fn shard_script(site: &Site, s: &Shard, entries: &[Option<SearchEntry>]) -> Vec<u8> {
    let mine: Vec<&SearchEntry> = s
        .pages
        .iter()
        .filter_map(|&i| entries.get(i).and_then(Option::as_ref))
        .collect();
    timings::time(Step::Search, || {
        shard_file(site, &mine).to_script(&s.name).into_bytes()
    })
}
