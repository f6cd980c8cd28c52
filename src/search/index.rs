//! The search files of one shard, built as structs: its inverted index as a term table (merged
//! with the language's other shards' into term chunks, [`super::terms`]), the pages' details cut
//! into detail chunks, and a small directory of its pages; and the manifest of a language listing
//! its shards.
//!
//! Documents are tokenised with elasticlunr-rs's tokenizer and the language's pipeline
//! ([`Pipeline`]), and scored in the browser by elasticlunr.js from these postings, so ranking is
//! elasticlunr's own.

use std::collections::BTreeMap;
use std::collections::HashMap;

use serde::Serialize;
use serde_json::json;

use super::docs::{SearchDoc, FIELDS};
use super::script::script;
use super::terms::TermTable;

/// What a result shows of its page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInfo {
    pub title: String,
    /// Site-absolute; search.js makes it fit the base path or file://.
    pub url: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub kind: &'static str,
    /// Per section document of the page, in order: `[heading, anchor, excerpt]`.
    pub docs: Vec<[String; 3]>,
}

/// A labelled choice for a filter (audience or kind).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// The token pipeline of one language. The browser runs the same one on the query (search.js,
/// `PIPELINES`), named by [`Pipeline::id`] in the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pipeline {
    /// elasticlunr's English pipeline: trimmer, stop words, Porter stemmer.
    English,
    /// For languages elasticlunr.js has no stemmer for (Welsh): a trimmer that keeps any letter
    /// or digit (elasticlunr's keeps ASCII only, cutting `ŵ` off `tŵr`), and no stop words.
    Plain,
}

impl Pipeline {
    /// The pipeline for a language tag (`en-GB`, `cy`).
    pub fn for_lang(code: &str) -> Pipeline {
        let primary = code.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("en") {
            Pipeline::English
        } else {
            Pipeline::Plain
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Pipeline::English => "en",
            Pipeline::Plain => "plain",
        }
    }

    /// The index terms of `text`, in order, repeats kept.
    #[cfg(test)]
    pub fn terms(self, text: &str, english: &elasticlunr::pipeline::Pipeline) -> Vec<String> {
        raw_tokens(text)
            .filter_map(|t| self.term(t, english))
            .collect()
    }

    /// The index term of one raw token (see [`raw_tokens`]), if it has one.
    fn term(self, raw: &str, english: &elasticlunr::pipeline::Pipeline) -> Option<String> {
        let token = raw.to_lowercase();
        if token.chars().count() > MAX_TOKEN_CHARS {
            return None;
        }
        match self {
            Pipeline::English => english.run(vec![token]).pop(),
            Pipeline::Plain => {
                let t = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '_');
                (!t.is_empty()).then(|| t.to_string())
            }
        }
    }
}

/// elasticlunr's English pipeline (built once per shard: it holds the stop-word set).
pub fn english() -> elasticlunr::pipeline::Pipeline {
    use elasticlunr::lang::Language;
    elasticlunr::lang::English::new().make_pipeline()
}

/// Tokens longer than this are left out: nobody types them, and they would only bloat a chunk.
pub const MAX_TOKEN_CHARS: usize = 40;

/// elasticlunr's tokenizer (`elasticlunr::lang::tokenize_whitespace`, as elasticlunr.js splits
/// queries: at whitespace and hyphens), before lower-casing, so that a token seen before costs a
/// lookup and no allocation.
fn raw_tokens(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|s| !s.is_empty())
}

/// One posting: a document of the shard, how often the term occurs in the field (elasticlunr's
/// term frequency is its square root) and the field's length in terms (for the length norm).
/// Both are kept as whole numbers, so scores are exactly those of an elasticlunr index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posting {
    pub doc: u32,
    pub count: u32,
    pub len: u32,
}

/// A shard's inverted index: term -> per field (by position in [`FIELDS`]) its postings, in
/// document order.
pub type Postings = BTreeMap<String, [Vec<Posting>; FIELDS.len()]>;

/// Indexes `docs` (their positions are the document numbers).
pub fn postings(docs: &[SearchDoc], pipeline: Pipeline) -> Postings {
    let english = english();
    // Raw token -> term number: running the pipeline (the stemmer above all) once per distinct
    // token rather than once per occurrence is most of what makes indexing cheap.
    let mut seen: HashMap<&str, Option<u32>> = HashMap::new();
    let mut names: Vec<String> = Vec::new();
    let mut numbers: HashMap<String, u32> = HashMap::new();
    let mut index: Vec<[Vec<Posting>; FIELDS.len()]> = Vec::new();
    let mut counts: HashMap<u32, u32> = HashMap::new();
    for (d, doc) in docs.iter().enumerate() {
        for (f, text) in doc.fields.values().into_iter().enumerate() {
            let mut len = 0;
            for raw in raw_tokens(text) {
                let term = *seen.entry(raw).or_insert_with(|| {
                    let term = pipeline.term(raw, &english)?;
                    Some(*numbers.entry(term).or_insert_with_key(|t| {
                        names.push(t.clone());
                        index.push(Default::default());
                        (names.len() - 1) as u32
                    }))
                });
                if let Some(t) = term {
                    len += 1;
                    *counts.entry(t).or_default() += 1;
                }
            }
            for (t, count) in counts.drain() {
                index[t as usize][f].push(Posting {
                    doc: d as u32,
                    count,
                    len,
                });
            }
        }
    }
    names.into_iter().zip(index).collect()
}

/// Digits of the compact number lists: a number is written in base 32, most significant group
/// first, every group but the last from `MORE`. Every character is plain in JSON and in a
/// single-quoted JavaScript string, so nothing needs escaping.
const LAST: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
const MORE: &[u8; 32] = b"wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_~";

/// Appends `n` to a compact number list (decoded by search.js `numbers`).
pub fn push_number(out: &mut String, mut n: u64) {
    let mut groups = [0u8; 13];
    let mut k = 0;
    loop {
        groups[k] = (n & 31) as u8;
        k += 1;
        n >>= 5;
        if n == 0 {
            break;
        }
    }
    for g in groups[1..k].iter().rev() {
        out.push(MORE[*g as usize] as char);
    }
    out.push(LAST[groups[0] as usize] as char);
}

/// `postings` as a number list: for each, the gap from the previous document, the count and
/// the field length.
fn encode(postings: &[Posting]) -> String {
    let mut out = String::with_capacity(postings.len() * 4);
    let mut last = 0;
    for p in postings {
        push_number(&mut out, u64::from(p.doc - last));
        push_number(&mut out, u64::from(p.count));
        push_number(&mut out, u64::from(p.len));
        last = p.doc;
    }
    out
}

/// What the browser learns of a shard before it fetches chunks (`search/<name>.js`).
#[derive(Debug, Serialize, PartialEq)]
pub struct Directory {
    /// Number of documents: elasticlunr's idf counts them.
    pub docs: usize,
    /// Number list: how many documents each page has (page `p`'s are numbered after the
    /// previous pages').
    pub sections: String,
    /// Number list: each page's kind, by position in the manifest's `allKinds`.
    pub kinds: String,
    /// The audience sets of the shard's pages (sorted ids; empty: for everyone), each once.
    #[serde(rename = "audienceSets")]
    pub audience_sets: Vec<Vec<String>>,
    /// Number list: each page's audience set, by position in `audience_sets`. A search for one
    /// audience skips the others' pages with it, as every shard holds every audience's pages.
    pub audiences: String,
    /// Pages per detail chunk: page `p`'s details are in chunk `p / per`.
    pub per: usize,
}

/// Every file of a shard, built.
#[derive(Debug)]
pub struct ShardFiles {
    pub directory: Directory,
    pub terms: TermTable,
    pub details: Vec<Vec<PageInfo>>,
}

/// How a shard's details are cut: into chunks of `per` pages, at least `details` of them (the
/// shard planned for pages that may have failed to render).
#[derive(Debug, Clone, Copy)]
pub struct Cut {
    pub per: usize,
    pub details: usize,
}

/// Builds a shard's files from its documents and pages. `kind_number` gives a kind id's number.
pub fn build(
    docs: &[SearchDoc],
    pages: Vec<PageInfo>,
    pipeline: Pipeline,
    cut: Cut,
    kind_number: impl Fn(&str) -> usize,
) -> ShardFiles {
    let Cut {
        per,
        details: detail_chunks,
    } = cut;
    let index = postings(docs, pipeline);
    let entries = index
        .into_iter()
        .map(|(term, fields)| {
            let by_field: BTreeMap<usize, String> = fields
                .iter()
                .enumerate()
                .filter(|(_, p)| !p.is_empty())
                .map(|(f, p)| (f, encode(p)))
                .collect();
            let json = serde_json::to_string(&by_field).expect("postings serialize");
            (term.into_boxed_str(), json.into_boxed_str())
        })
        .collect();
    let mut sections = String::new();
    let mut kinds = String::new();
    let mut audience_sets: Vec<Vec<String>> = Vec::new();
    let mut audiences = String::new();
    for p in &pages {
        push_number(&mut sections, p.docs.len() as u64);
        push_number(&mut kinds, kind_number(p.kind) as u64);
        let mut set = p.audience.clone();
        set.sort();
        set.dedup();
        let n = match audience_sets.iter().position(|s| *s == set) {
            Some(n) => n,
            None => {
                audience_sets.push(set);
                audience_sets.len() - 1
            }
        };
        push_number(&mut audiences, n as u64);
    }
    let per = per.max(1);
    let mut details = Vec::new();
    let mut pages = pages.into_iter().peekable();
    while pages.peek().is_some() {
        details.push(pages.by_ref().take(per).collect());
    }
    if details.len() < detail_chunks {
        details.resize_with(detail_chunks, Vec::new);
    }
    ShardFiles {
        directory: Directory {
            docs: docs.len(),
            sections,
            kinds,
            audience_sets,
            audiences,
            per,
        },
        terms: TermTable { entries },
        details,
    }
}

/// What the search page learns first (`search/index.js`, `search/index.<lang>.js`): which shards
/// exist, for whom, the query pipeline and the labels of the filters.
#[derive(Debug, Serialize)]
pub struct Manifest {
    /// [`Pipeline::id`] of the language's pipeline.
    pub pipeline: &'static str,
    pub shards: Vec<ShardInfo>,
    /// The name of the language's term files ([`super::terms`]).
    pub terms: String,
    /// Labels for every audience id the pages use.
    pub audiences: Vec<Choice>,
    /// Kinds present among the pages, for the kind filter.
    pub kinds: Vec<Choice>,
    /// Every kind id, in the order of the directories' kind numbers.
    #[serde(rename = "allKinds")]
    pub all_kinds: Vec<&'static str>,
}

/// One entry of the manifest: every query of the language reads every shard, so the manifest says
/// nothing of their pages (their directories do).
#[derive(Debug, Serialize)]
pub struct ShardInfo {
    /// The key its directory script assigns; its files are `search/<name>.js` (directory) and
    /// `search/<name>/p<i>.js` (details).
    pub name: String,
}

impl ShardFiles {
    /// The directory and detail chunks as (site-relative path, script), directory first, and the
    /// term table for the language's term chunks.
    pub fn into_scripts(self, name: &str) -> (Vec<(String, String)>, TermTable) {
        let mut out = Vec::with_capacity(1 + self.details.len());
        out.push((
            format!("search/{name}.js"),
            script(name, &json!(self.directory).to_string()),
        ));
        for (i, d) in self.details.into_iter().enumerate() {
            let key = format!("{name}/p{i}");
            out.push((
                format!("search/{key}.js"),
                script(&key, &json!(d).to_string()),
            ));
        }
        (out, self.terms)
    }
}

impl Manifest {
    /// The manifest as a script assigning `window.safeguideSearch[key]`.
    pub fn to_script(&self, key: &str) -> String {
        script(key, &json!(self).to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::{Fields, StoredDoc};
    use crate::search::script::unscript;

    fn doc(page: usize, title: &str, body: &str) -> SearchDoc<'static> {
        SearchDoc {
            page,
            fields: Fields {
                title: title.to_string().into(),
                body: body.to_string().into(),
                ..Fields::default()
            },
            stored: StoredDoc {
                page,
                heading: "H".into(),
                anchor: "h".into(),
                excerpt: "short".into(),
            },
        }
    }

    fn numbers(s: &str) -> Vec<u64> {
        let mut out = Vec::new();
        let mut n = 0u64;
        for c in s.bytes() {
            if let Some(d) = LAST.iter().position(|&x| x == c) {
                out.push(n * 32 + d as u64);
                n = 0;
            } else {
                n = n * 32 + MORE.iter().position(|&x| x == c).expect("digit") as u64;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip() {
        let mut s = String::new();
        let list = [0, 1, 31, 32, 1023, 1024, 123_456_789, u64::from(u32::MAX)];
        for n in list {
            push_number(&mut s, n);
        }
        assert_eq!(numbers(&s), list);
        assert!(!s.contains(['\'', '"', '\\']));
    }

    #[test]
    fn postings_hold_counts_and_field_lengths_of_stemmed_terms() {
        let docs = [
            doc(0, "Gaming", "Consoles need a console PIN"),
            doc(0, "", "Phishing"),
        ];
        let index = postings(&docs, Pipeline::English);
        let body = 4;
        // "consoles" and "console" stem alike; "a" is a stop word: 4 tokens, 3 kept.
        assert_eq!(
            index["consol"][body],
            vec![Posting {
                doc: 0,
                count: 2,
                len: 4
            }]
        );
        assert_eq!(
            index["game"][0],
            vec![Posting {
                doc: 0,
                count: 1,
                len: 1
            }]
        );
        assert_eq!(index["phish"][body][0].doc, 1);
        assert!(!index.contains_key("a"));
    }

    /// The postings are what elasticlunr-rs's own index of the same text holds: the same terms,
    /// term frequencies (square roots of the counts) and field lengths.
    #[test]
    fn postings_agree_with_an_elasticlunr_index() {
        let text = "Parents' guide: the consoles, Consoles and CONSOLE-settings; e-safety. \
                    Running runs ran — 'quoted' words, co-operate, 2FA, it's";
        let mut index = elasticlunr::IndexBuilder::new()
            .save_docs(false)
            .add_field("body")
            .build();
        index.add_doc("0", [text]);
        let v: serde_json::Value = serde_json::to_value(&index).unwrap();
        let ours = postings(&[doc(0, "", text)], Pipeline::English);
        assert!(ours.len() > 10);
        for (term, fields) in &ours {
            let mut node = &v["index"]["body"]["root"];
            for c in term.chars() {
                node = &node[c.to_string()];
            }
            let tf = node["docs"]["0"]["tf"].as_f64().unwrap_or(0.0);
            let p = fields[4][0];
            assert_eq!(tf, f64::from(p.count).sqrt(), "{term}");
            assert_eq!(
                v["documentStore"]["docInfo"]["0"]["body"].as_u64(),
                Some(u64::from(p.len))
            );
        }
    }

    #[test]
    fn the_plain_pipeline_neither_stems_nor_drops_stop_words() {
        let english = english();
        assert_eq!(
            Pipeline::Plain.terms("Mae'r tŵr yn y dref — “gemau”", &english),
            vec!["mae'r", "tŵr", "yn", "y", "dref", "gemau"]
        );
        assert_eq!(
            Pipeline::English.terms("the gaming", &english),
            vec!["game"]
        );
        assert_eq!(Pipeline::for_lang("en-GB"), Pipeline::English);
        assert_eq!(Pipeline::for_lang("cy"), Pipeline::Plain);
    }

    #[test]
    fn overlong_tokens_are_not_indexed() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        let index = postings(&[doc(0, "", &format!("{long} pin"))], Pipeline::English);
        assert_eq!(index.keys().collect::<Vec<_>>(), vec!["pin"]);
        // The field's length counts the terms kept, as elasticlunr-rs does.
        assert_eq!(index["pin"][4][0].len, 1);
    }

    fn page(kind: &'static str, docs: usize) -> PageInfo {
        PageInfo {
            title: "T".into(),
            url: "/t/".into(),
            summary: String::new(),
            audience: if kind == "tips" {
                vec!["schools".into(), "parents".into()]
            } else {
                vec![]
            },
            kind,
            docs: vec![Default::default(); docs],
        }
    }

    #[test]
    fn pages_are_tabled_in_the_directory_and_cut_into_detail_chunks() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i:03}x")).collect();
        let docs: Vec<SearchDoc> = words.chunks(20).map(|w| doc(0, "", &w.join(" "))).collect();
        let pages = vec![page("guide", 4), page("tips", 6), page("guide", 0)];
        let kinds = ["guide", "tips"];
        let cut = Cut { per: 2, details: 1 };
        let files = build(&docs, pages, Pipeline::Plain, cut, |k| {
            kinds.iter().position(|x| *x == k).unwrap()
        });
        let d = &files.directory;
        assert_eq!(d.docs, 10);
        assert_eq!(numbers(&d.sections), vec![4, 6, 0]);
        assert_eq!(numbers(&d.kinds), vec![0, 1, 0]);
        assert_eq!(d.audience_sets, vec![vec![], vec!["parents", "schools"]]);
        assert_eq!(numbers(&d.audiences), vec![0, 1, 0]);
        // The term table is sorted and has every word once.
        let terms: Vec<&str> = files.terms.entries.iter().map(|(t, _)| &**t).collect();
        assert_eq!(terms, words.iter().map(String::as_str).collect::<Vec<_>>());
        // Document 0, once, in a body of 20 terms.
        assert_eq!(&*files.terms.entries[0].1, r#"{"4":"01k"}"#);
        assert_eq!(files.details.len(), 2);
        assert_eq!(files.details[1].len(), 1);
        let (scripts, _) = files.into_scripts("abcd");
        let names: Vec<&str> = scripts.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            names,
            ["search/abcd.js", "search/abcd/p0.js", "search/abcd/p1.js"]
        );
        assert!(scripts[1].1.starts_with(
            "(window.safeguideSearch=window.safeguideSearch||{})[\"abcd/p0\"]=JSON.parse('["
        ));
        assert!(unscript(&scripts[1].1).is_some_and(|j| j.starts_with("[{")));
    }

    #[test]
    fn detail_chunks_are_padded_to_the_planned_count() {
        let cut = Cut {
            per: 10,
            details: 2,
        };
        let files = build(
            &[doc(0, "", "one")],
            vec![page("guide", 1)],
            Pipeline::Plain,
            cut,
            |_| 0,
        );
        assert_eq!(files.details.len(), 2);
        assert_eq!(files.terms.entries.len(), 1);
    }
}
