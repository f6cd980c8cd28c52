//! Search: an inverted index built from the rendered pages' text, cut into small files so that a
//! query downloads kilobytes, and scored in the browser by elasticlunr.js
//! (themes/default/static/search.js), with elasticlunr's tokenizer, pipeline and scoring.
//!
//! Layout, per language (each has its own manifest and its own pipeline, [`index::Pipeline`]:
//! English stemming and stop words for English, a plain trimmer for Welsh):
//!
//! - `search/index.js` (main language) or `search/index.<code>.js`: the manifest, naming the
//!   language's shards and term files, with the filters' labels.
//! - Shards ([`shards`]): the language's pages, at most 2,000 to a shard, each indexed on its
//!   own. Per shard, `search/<name>.js`: its directory (document count, documents, kind and
//!   audience set per page; a search for one audience leaves the others' pages out by it), and
//!   `search/<name>/p<i>.js`: detail chunks, a few pages' title, URL, summary, audiences, kind
//!   and sections, fetched only for the results shown.
//! - Term files ([`terms`]): every shard's terms merged and cut into sorted ranges of ~6 KB,
//!   `search/<name>/t<i>.js`, each term with each shard's postings per field (document, count,
//!   field length: all elasticlunr's scoring needs, so no per-document table is fetched), and
//!   `search/<name>.js` saying where each chunk starts. A word is in one chunk however many
//!   shards have it.
//!
//! The first query loads the manifest, the shards' directories and the terms directory; every
//! query then loads the chunks holding its terms (sorted ranges, so the last word, matched as a
//! prefix while it is typed, is a run of chunks), scores those postings as elasticlunr does with
//! the shards' document counts added up, so ranking exactly as one elasticlunr index of every
//! page would, and loads the details of the first results shown only. Nothing is loaded before
//! the first query. Every file is a script assigning a global, so it loads from file:// in
//! offline builds too; names are hashes of what they hold, so a rebuild reuses unchanged files
//! and browsers may cache them.

pub mod docs;
pub mod index;
pub mod script;
pub mod shards;
pub mod terms;

use crate::key::{key, program_id};
use crate::load::frontmatter::Kind;
use crate::render::SearchEntry;
use crate::resolve::Site;
use crate::timings::{self, Step};
use docs::page_docs;
use index::{Choice, Manifest, PageInfo, Pipeline, ShardInfo};
use shards::{Item, Shard};
use terms::{TermTable, Terms};

pub use crate::plan::search_manifest_file as manifest_file;

/// The label of audience `id` (the id itself when site.yaml does not name it).
fn audience_name(site: &Site, id: &str) -> String {
    site.config
        .audience(id)
        .map_or_else(|| id.to_string(), |a| a.name.clone())
}

/// The shards of the site's pages; `keys` are the pages' search keys
/// (`engine::keys::search_keys`).
pub fn plan(site: &Site, keys: &[String]) -> Vec<Shard> {
    let items: Vec<Item> = site
        .pages
        .iter()
        .zip(keys)
        .map(|(p, key)| Item {
            url: &p.path,
            lang: p.lang.as_deref(),
            size: p.src.text.len(),
            audience: &p.audience,
            key,
        })
        .collect();
    shards::plan(&items)
}

/// The build-info key of a shard's files: their names are a hash of their inputs, but another
/// program may index them differently.
pub fn shard_key(s: &Shard) -> String {
    key(&[program_id().as_bytes(), s.name.as_bytes()])
}

/// The pipeline of language `lang` (`None`: the main language).
pub fn pipeline(site: &Site, lang: Option<&str>) -> Pipeline {
    Pipeline::for_lang(lang.unwrap_or_else(|| site.config.main_language()))
}

/// The key a language's manifest script assigns in `window.safeguideSearch`; shard names are
/// hex, so never clash.
pub fn manifest_key(lang: Option<&str>) -> String {
    match lang {
        None => "manifest".into(),
        Some(code) => format!("manifest.{code}"),
    }
}

/// The files of shard `s` as (path, script), from `mine`, the search text of its pages in order
/// (pages without one left out), and its term table for the language's term chunks
/// ([`terms::merge`]).
pub fn shard_scripts(
    site: &Site,
    s: &Shard,
    mine: &[&SearchEntry],
) -> (Vec<(String, Vec<u8>)>, TermTable) {
    timings::time(Step::Search, || {
        let mut docs = Vec::new();
        let mut pages = Vec::with_capacity(mine.len());
        for (i, e) in mine.iter().enumerate() {
            let names: Vec<String> = e.audience.iter().map(|a| audience_name(site, a)).collect();
            let page_docs = page_docs(e, i, &names.join(" "));
            pages.push(PageInfo {
                title: e.title.clone(),
                url: e.url.clone(),
                summary: e.summary.clone().unwrap_or_default(),
                audience: e.audience.clone(),
                kind: e.kind,
                docs: page_docs
                    .iter()
                    .map(|d| {
                        [
                            d.stored.heading.clone(),
                            d.stored.anchor.clone(),
                            d.stored.excerpt.clone(),
                        ]
                    })
                    .collect(),
            });
            docs.extend(page_docs);
        }
        let files = index::build(
            &docs,
            pages,
            pipeline(site, s.lang.as_deref()),
            index::Cut {
                per: shards::PAGES_PER_DETAIL_CHUNK,
                details: s.detail_chunks(),
            },
            kind_number,
        );
        let (scripts, table) = files.into_scripts(&s.name);
        debug_assert_eq!(
            scripts.iter().map(|(f, _)| f.clone()).collect::<Vec<_>>(),
            s.files()
        );
        let scripts = scripts
            .into_iter()
            .map(|(f, text)| (f, text.into_bytes()))
            .collect();
        (scripts, table)
    })
}

/// A kind id's number in the manifest's `allKinds`.
fn kind_number(id: &str) -> usize {
    Kind::ALL.iter().position(|k| k.id() == id).unwrap_or(0)
}

/// The words of the theme in a language (None: the main one), by key: the renderer's.
pub type Words<'a> = &'a dyn Fn(Option<&str>, &str) -> String;

/// The manifest of language `lang`'s shards among `shards`, as (path, script), its filters'
/// labels in that language.
pub fn manifest(
    site: &Site,
    lang: Option<&str>,
    shards: &[Shard],
    word: Words,
) -> (String, String) {
    let terms = Terms::plan(shards)
        .into_iter()
        .find(|t| t.lang.as_deref() == lang)
        .map(|t| t.name)
        .unwrap_or_default();
    let shards: Vec<&Shard> = shards
        .iter()
        .filter(|s| s.lang.as_deref() == lang)
        .collect();
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
            label: a.in_language(lang).0,
        })
        .collect();
    let kinds = Kind::ALL
        .iter()
        .filter(|k| pages().any(|p| p.kind == **k))
        .map(|k| Choice {
            id: k.id().to_string(),
            label: word(lang, &format!("group_{}", k.id())),
        })
        .collect();
    let infos = shards
        .iter()
        .map(|s| ShardInfo {
            name: s.name.clone(),
        })
        .collect();
    let m = Manifest {
        pipeline: pipeline(site, lang).id(),
        shards: infos,
        terms,
        audiences,
        kinds,
        all_kinds: Kind::ALL.iter().map(|k| k.id()).collect(),
    };
    (manifest_file(lang), m.to_script(&manifest_key(lang)))
}

/// The name of the term files a manifest script lists (for reading them back).
pub fn terms_of_manifest(script: &[u8]) -> Option<String> {
    let json = script::unscript(std::str::from_utf8(script).ok()?)?;
    let value: serde_json::Value = serde_json::from_str(&json).ok()?;
    value["terms"].as_str().map(str::to_string)
}
