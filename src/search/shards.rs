//! How the pages are split into index files ("shards").
//!
//! Every page is indexed exactly once. Pages are grouped by their audience set (pages for everyone
//! form their own group), and a group larger than [`PAGES_PER_SHARD`] is split into buckets by a
//! hash of the page URL, so that adding or editing a page changes one file, not every file after
//! it. A search for one audience loads that audience's shards and everyone's; a search of the whole
//! site loads them all. The browser combines the shards' document frequencies, so ranking is the
//! same as one index of the loaded pages would give (see `themes/default/static/search.js`).
//!
//! A shard's file name is a hash of everything that goes into it, so a rebuild can take the file
//! from the previous output instead of indexing again, and browsers can cache it for ever.

use std::collections::BTreeMap;

use crate::render::SearchEntry;

/// Largest number of pages in one shard. Small enough that building one takes little memory and
/// a browser parses it in a blink; large enough that a 1,000-page site has a handful of files.
pub const PAGES_PER_SHARD: usize = 250;

/// Bumped whenever the layout of a shard file changes, so old files are never reused.
const FORMAT: &str = "safeguide-search-shard-1";

/// One index file to build.
#[derive(Debug)]
pub struct Shard<'e> {
    /// The audience ids every page of the shard has (empty: pages for everyone).
    pub audiences: Vec<String>,
    pub entries: Vec<&'e SearchEntry>,
    /// Hex digest of the shard's inputs; also its file name.
    pub name: String,
}

impl Shard<'_> {
    /// Output path, relative to the site root.
    pub fn file(&self) -> String {
        format!("search/{}.js", self.name)
    }
}

/// The shards of `entries`, in a stable order: groups by audience set, then bucket.
/// `audience_name` gives the label of an audience id, which is indexed and so part of the hash.
pub fn plan<'e>(
    entries: &'e [SearchEntry],
    audience_name: &dyn Fn(&str) -> String,
) -> Vec<Shard<'e>> {
    let mut groups: BTreeMap<Vec<String>, Vec<&SearchEntry>> = BTreeMap::new();
    for e in entries {
        let mut key = e.audience.clone();
        key.sort();
        key.dedup();
        groups.entry(key).or_default().push(e);
    }
    let mut shards = Vec::new();
    for (audiences, pages) in groups {
        let buckets = pages.len().div_ceil(PAGES_PER_SHARD).max(1);
        let mut split: Vec<Vec<&SearchEntry>> = vec![Vec::new(); buckets];
        for p in pages {
            split[bucket(&p.url, buckets)].push(p);
        }
        for entries in split.into_iter().filter(|b| !b.is_empty()) {
            let name = digest(&audiences, &entries, audience_name);
            shards.push(Shard {
                audiences: audiences.clone(),
                entries,
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

/// Digest of everything a shard file is made from (and the program version, whose index format
/// or tokenizer may differ).
fn digest(
    audiences: &[String],
    entries: &[&SearchEntry],
    audience_name: &dyn Fn(&str) -> String,
) -> String {
    let mut h = blake3::Hasher::new();
    let mut put = |s: &str| {
        h.update(&(s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    };
    put(FORMAT);
    put(env!("CARGO_PKG_VERSION"));
    for a in audiences {
        put(a);
        put(&audience_name(a));
    }
    for e in entries {
        put(&e.url);
        put(&e.title);
        put(e.summary.as_deref().unwrap_or("\u{0}none"));
        put(e.kind);
        put(&e.audience.len().to_string());
        for a in &e.audience {
            put(a);
            put(&audience_name(a));
        }
        put(&e.tags.len().to_string());
        for t in &e.tags {
            put(t);
        }
        put(&e.sections.len().to_string());
        for s in &e.sections {
            put(&s.anchor);
            put(&s.heading);
            put(&s.text);
        }
    }
    // 64 bits: collisions between the few hundred files of one site are not a concern.
    h.finalize().to_hex()[..16].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::TextSection;

    fn entry(url: &str, audience: &[&str], text: &str) -> SearchEntry {
        SearchEntry {
            url: url.into(),
            title: format!("Title of {url}"),
            summary: None,
            kind: "guide",
            audience: audience.iter().map(|a| a.to_string()).collect(),
            tags: vec![],
            sections: vec![TextSection {
                anchor: String::new(),
                heading: String::new(),
                text: text.into(),
                prose: text.into(),
            }],
        }
    }

    fn names(id: &str) -> String {
        format!("Name of {id}")
    }

    #[test]
    fn pages_are_grouped_by_audience_set_and_each_is_in_one_shard() {
        let entries = vec![
            entry("/a/", &["parents"], "x"),
            entry("/b/", &[], "x"),
            entry("/c/", &["schools", "parents"], "x"),
            entry("/d/", &["parents", "schools"], "x"),
            entry("/e/", &["parents"], "x"),
        ];
        let shards = plan(&entries, &names);
        let groups: Vec<(Vec<String>, Vec<&str>)> = shards
            .iter()
            .map(|s| {
                (
                    s.audiences.clone(),
                    s.entries.iter().map(|e| e.url.as_str()).collect(),
                )
            })
            .collect();
        assert_eq!(
            groups,
            vec![
                (vec![], vec!["/b/"]),
                (vec!["parents".to_string()], vec!["/a/", "/e/"]),
                (
                    vec!["parents".to_string(), "schools".to_string()],
                    vec!["/c/", "/d/"]
                ),
            ]
        );
        assert!(shards
            .iter()
            .all(|s| s.file() == format!("search/{}.js", s.name)));
    }

    #[test]
    fn big_groups_are_split_and_an_edit_changes_one_shard() {
        let n = PAGES_PER_SHARD * 3 + 7;
        let mut entries: Vec<SearchEntry> = (0..n)
            .map(|i| entry(&format!("/p/{i}/"), &["parents"], "same text"))
            .collect();
        let before: Vec<String> = plan(&entries, &names)
            .iter()
            .map(|s| s.name.clone())
            .collect();
        assert_eq!(before.len(), 4);
        let total: usize = plan(&entries, &names).iter().map(|s| s.entries.len()).sum();
        assert_eq!(total, n);

        entries[5].sections[0].text = "edited".into();
        let after: Vec<String> = plan(&entries, &names)
            .iter()
            .map(|s| s.name.clone())
            .collect();
        let changed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert_eq!(changed, 1, "{before:?} {after:?}");
    }

    #[test]
    fn names_depend_on_everything_indexed_including_audience_labels() {
        let entries = vec![entry("/a/", &["parents"], "x")];
        let base = plan(&entries, &names)[0].name.clone();
        assert_eq!(plan(&entries, &names)[0].name, base, "stable");
        let relabelled = plan(&entries, &|id: &str| format!("Other {id}"))[0]
            .name
            .clone();
        assert_ne!(relabelled, base);
        let mut retitled = entries;
        retitled[0].title = "New".into();
        assert_ne!(plan(&retitled, &names)[0].name, base);
        assert_eq!(base.len(), 16);
    }
}
