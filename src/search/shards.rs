//! How the pages are split into shards, each indexed on its own.
//!
//! Every page is indexed exactly once. Pages are grouped by language (each has its own index and
//! pipeline), and a language with more than [`PAGES_PER_SHARD`] pages is split into buckets by a
//! hash of the page URL, so that adding or editing a page indexes one shard again, not every
//! page. Shards are indexed in parallel, one at a time per thread, which bounds a build's memory;
//! their terms are then merged into the language's term chunks ([`super::terms`]), so a query
//! fetches a chunk per word whatever the number of shards. A search for one audience filters
//! pages by the directory's per-page audience table rather than reading fewer shards. The
//! browser combines the shards' document frequencies, so ranking is the same as one index of
//! every page would give (see `themes/default/static/search.js`).
//!
//! A shard is written as several files (see [`super::index`]): how many, and its share of the
//! term chunks, is known before it is built, from its pages' count and source size, so a
//! rebuild knows every file it may reuse.
//!
//! A shard's file names are a hash of its pages' keys (hashes of everything each page is made
//! from), so a rebuild can take the file from the previous output without rendering or indexing
//! its pages again, and browsers can cache it for ever.

use std::collections::BTreeMap;

/// Largest number of pages in one shard: its index is in memory while it is built (two at a
/// time on two cores), and an edit indexes its shard's pages again.
pub const PAGES_PER_SHARD: usize = 2000;

/// Bumped whenever the layout of a shard file changes, so old files are never reused.
const FORMAT: &str = "safeguide-search-shard-8";

/// Source bytes of pages per term chunk. Measured on the benchmark corpus, the terms take about a
/// third of the pages' Markdown, so a chunk is ~6 KB (~2.5 KB gzipped): what a query fetches
/// beyond its words' own postings is about that per word.
pub const SOURCE_BYTES_PER_TERM_CHUNK: usize = 16_000;

/// Pages per detail chunk: a result fetches its page's chunk only, so small, but not one file
/// per page (each file costs its wrapper and a request, and an edit rewrites all of its shard's).
pub const PAGES_PER_DETAIL_CHUNK: usize = 4;

/// A page to place in a shard.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub url: &'a str,
    /// The page's language (`None` for the site's main language).
    pub lang: Option<&'a str>,
    /// Bytes of its source: how many term chunks the shard has follows from it.
    pub size: usize,
    pub audience: &'a [String],
    /// A hash of everything the page's search text and details are made from
    /// (`engine::keys::search_keys`): the shard's name is made from its pages' keys.
    pub key: &'a str,
}

/// One index file to build.
#[derive(Debug, Clone, PartialEq)]
pub struct Shard {
    /// The language of its pages (`None` for the site's main language).
    pub lang: Option<String>,
    /// Positions of its pages in the list given to [`plan`], in that list's order.
    pub pages: Vec<usize>,
    /// Hex digest of the shard's inputs; also its file name.
    pub name: String,
    /// Its share of its language's term chunks ([`super::terms::Terms::chunks`]).
    pub term_chunks: usize,
}

impl Shard {
    /// Its directory's path, relative to the site root.
    pub fn file(&self) -> String {
        format!("search/{}.js", self.name)
    }

    /// Number of detail chunks.
    pub fn detail_chunks(&self) -> usize {
        self.pages.len().div_ceil(PAGES_PER_DETAIL_CHUNK)
    }

    /// Every file of the shard, directory first, in the order [`super::index::ShardFiles::into_scripts`]
    /// gives them.
    pub fn files(&self) -> Vec<String> {
        let mut out = vec![self.file()];
        out.extend((0..self.detail_chunks()).map(|i| format!("search/{}/p{i}.js", self.name)));
        out
    }
}

/// The shards of `items`, in a stable order: by language, then bucket.
pub fn plan(items: &[Item]) -> Vec<Shard> {
    let mut groups: BTreeMap<Option<String>, Vec<usize>> = BTreeMap::new();
    for (i, item) in items.iter().enumerate() {
        groups
            .entry(item.lang.map(str::to_string))
            .or_default()
            .push(i);
    }
    let mut shards = Vec::new();
    for (lang, pages) in groups {
        let buckets = pages.len().div_ceil(PAGES_PER_SHARD).max(1);
        let mut split: Vec<Vec<usize>> = vec![Vec::new(); buckets];
        for p in pages {
            split[bucket(items[p].url, buckets)].push(p);
        }
        for pages in split.into_iter().filter(|b| !b.is_empty()) {
            let name = digest(lang.as_deref(), pages.iter().map(|&p| &items[p]));
            let size: usize = pages.iter().map(|&p| items[p].size).sum();
            shards.push(Shard {
                lang: lang.clone(),
                term_chunks: size.div_ceil(SOURCE_BYTES_PER_TERM_CHUNK).max(1),
                pages,
                name,
            });
        }
    }
    shards
}

/// Which of `n` buckets a page goes in: stable across builds and machines.
fn bucket(url: &str, n: usize) -> usize {
    if n == 1 {
        return 0;
    }
    let h = blake3::hash(url.as_bytes());
    let first = u64::from_le_bytes(h.as_bytes()[..8].try_into().expect("8 bytes"));
    (first % n as u64) as usize
}

/// Digest of everything a shard file is made from.
fn digest<'a>(lang: Option<&str>, items: impl Iterator<Item = &'a Item<'a>>) -> String {
    hashed_name(|put| {
        put(FORMAT);
        put(env!("CARGO_PKG_VERSION"));
        put(lang.unwrap_or_default());
        for item in items {
            // The audiences are in the directory's per-page table.
            put(&item.audience.join(" "));
            put(item.url);
            put(item.key);
        }
    })
}

/// A file name (16 hex digits) hashed from the parts `fill` puts, each with its length so that
/// no two lists of parts hash the same bytes. 64 bits: collisions between the few hundred files
/// of one site are not a concern.
pub(super) fn hashed_name(fill: impl FnOnce(&mut dyn FnMut(&str))) -> String {
    let mut h = blake3::Hasher::new();
    fill(&mut |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    });
    h.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Page {
        lang: Option<String>,
        url: String,
        audience: Vec<String>,
        key: String,
    }

    fn page(url: &str, audience: &[&str]) -> Page {
        Page {
            lang: None,
            url: url.into(),
            audience: audience.iter().map(|a| a.to_string()).collect(),
            key: format!("key of {url}"),
        }
    }

    fn items(pages: &[Page]) -> Vec<Item<'_>> {
        pages
            .iter()
            .map(|p| Item {
                url: &p.url,
                lang: p.lang.as_deref(),
                size: 1000,
                audience: &p.audience,
                key: &p.key,
            })
            .collect()
    }

    #[test]
    fn pages_of_every_audience_share_shards_and_each_is_in_one() {
        let pages = vec![
            page("/a/", &["parents"]),
            page("/b/", &[]),
            page("/c/", &["schools", "parents"]),
        ];
        let shards = plan(&items(&pages));
        assert_eq!(shards.len(), 1);
        assert_eq!(shards[0].pages, vec![0, 1, 2]);
        assert_eq!(shards[0].file(), format!("search/{}.js", shards[0].name));
        // A page's audiences are part of what its shard is made from.
        let mut moved = pages;
        moved[1].audience = vec!["schools".into()];
        assert_ne!(plan(&items(&moved))[0].name, shards[0].name);
    }

    #[test]
    fn languages_never_share_a_shard_and_files_are_known_before_building() {
        let mut pages = vec![page("/a/", &["parents"]), page("/cy/a/", &["parents"])];
        pages[1].lang = Some("cy".into());
        let shards = plan(&items(&pages));
        assert_eq!(shards.len(), 2);
        assert_eq!(shards[0].lang, None);
        assert_eq!(shards[1].lang.as_deref(), Some("cy"));
        assert_ne!(shards[0].name, shards[1].name);
        let files = shards[0].files();
        assert_eq!(files[0], shards[0].file());
        assert_eq!(files.len(), 2);
        assert_eq!(files[1], format!("search/{}/p0.js", shards[0].name));
    }

    #[test]
    fn big_groups_are_split_and_an_edit_changes_one_shard() {
        let n = PAGES_PER_SHARD * 3 + 7;
        let mut pages: Vec<Page> = (0..n)
            .map(|i| page(&format!("/p/{i}/"), &["parents"]))
            .collect();
        let before = plan(&items(&pages));
        assert_eq!(before.len(), 4);
        let total: usize = before.iter().map(|s| s.pages.len()).sum();
        assert_eq!(total, n);
        assert!(before.iter().all(|s| s.pages.len() < PAGES_PER_SHARD * 2));

        pages[5].key = "edited".into();
        let after = plan(&items(&pages));
        let changed = before
            .iter()
            .zip(&after)
            .filter(|(a, b)| a.name != b.name)
            .count();
        assert_eq!(changed, 1, "{before:?} {after:?}");
        assert!(before.iter().zip(&after).all(|(a, b)| a.pages == b.pages));
    }

    #[test]
    fn names_are_stable_and_follow_page_keys_and_urls() {
        let pages = vec![page("/a/", &["parents"])];
        let base = plan(&items(&pages))[0].name.clone();
        assert_eq!(plan(&items(&pages))[0].name, base, "stable");
        assert_eq!(base.len(), 16);
        let mut other = vec![page("/a/", &["parents"])];
        other[0].key = "another".into();
        assert_ne!(plan(&items(&other))[0].name, base);
        let moved = vec![page("/b/", &["parents"])];
        assert_ne!(plan(&items(&moved))[0].name, base);
    }
}
