//! A language's term chunks: the postings of every shard of the language, merged by term and cut
//! into sorted ranges, so that a query fetches one file per word (issue #23), not one per word
//! per shard: a file, however small, often took the browser 20-30 ms, and with a chunk per shard
//! a two-word query on 10,000 pages fetched a dozen.
//!
//! Shards are still indexed on their own (in parallel, one shard's index in memory at a time)
//! and each gives a [`TermTable`]; the language's tables are merged here. In a chunk, a term maps
//! each shard holding it (by position in the terms directory's `shards`) to that shard's postings
//! per field, exactly as the shard's index made them, so search.js numbers documents per shard
//! as before.
//!
//! Files: `search/<name>.js`, the terms directory (the shards in order and where each chunk
//! starts), and `search/<name>/t<i>.js`, the chunks. The name is a hash of the shards' names, so
//! any change to a shard makes new chunks. A rebuild that keeps most shards reads their tables
//! back from the previous chunks ([`read_tables`]) rather than rendering their pages again.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::script::{boundary, script, unscript};
use super::shards::{hashed_name, Shard};

/// Bumped whenever the layout of the term files changes.
const FORMAT: &str = "safeguide-search-terms-1";

/// One shard's terms, sorted by code point: each with its postings per field as a JSON object
/// (`{"<field>":"<postings>"}`), ready to be copied into a chunk.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct TermTable {
    pub entries: Vec<(Box<str>, Box<str>)>,
}

/// The term files of one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Terms {
    /// `None` for the site's main language.
    pub lang: Option<String>,
    /// The language's shards' names, in order: a chunk names a shard by its position here.
    pub shards: Vec<String>,
    /// Hex digest of the shards' names; also the files' name.
    pub name: String,
    /// How many chunks at most: the shards' shares added up, so a chunk holds about what a
    /// shard's share did, and a word's chunk carries few other words' postings. Fewer are
    /// written when there are too few terms to fill them; the directory lists those written.
    pub chunks: usize,
}

impl Terms {
    /// The term files of each language among `shards`, in the order of their first shard.
    pub fn plan(shards: &[Shard]) -> Vec<Terms> {
        let mut out: Vec<Terms> = Vec::new();
        for s in shards {
            let at = match out.iter().position(|t| t.lang == s.lang) {
                Some(at) => at,
                None => {
                    out.push(Terms {
                        lang: s.lang.clone(),
                        shards: Vec::new(),
                        name: String::new(),
                        chunks: 0,
                    });
                    out.len() - 1
                }
            };
            out[at].shards.push(s.name.clone());
            out[at].chunks += s.term_chunks;
        }
        for t in &mut out {
            t.name = hashed_name(|put| {
                put(FORMAT);
                put(env!("CARGO_PKG_VERSION"));
                put(t.lang.as_deref().unwrap_or_default());
                t.shards.iter().for_each(|s| put(s));
                put(&t.chunks.to_string());
            });
            t.chunks = t.chunks.max(1);
        }
        out
    }

    /// The terms directory's path, relative to the site root.
    pub fn file(&self) -> String {
        format!("search/{}.js", self.name)
    }
}

/// Every file of the term files named `name` whose directory script is `directory`, the
/// directory first, in the order [`merge`] gives them; None if it is not such a script.
pub fn files_listed(name: &str, directory: &[u8]) -> Option<Vec<String>> {
    let json = unscript(std::str::from_utf8(directory).ok()?)?;
    let dir: Directory = serde_json::from_str(&json).ok()?;
    Some(files_of(name, dir.chunks.len()))
}

fn files_of(name: &str, chunks: usize) -> Vec<String> {
    let mut out = vec![format!("search/{name}.js")];
    out.extend((0..chunks).map(|i| format!("search/{name}/t{i}.js")));
    out
}

/// What the browser reads first of a language's terms (`search/<name>.js`).
#[derive(Debug, serde::Serialize, Deserialize)]
struct Directory {
    /// The shards' names, by the positions the chunks give.
    shards: Vec<String>,
    /// Where each chunk starts (the first at ""; each a short start of its first term): a term
    /// is in the last chunk whose start is not after it, by code point.
    chunks: Vec<String>,
}

/// The files of `terms` from `tables`: each shard's table by its position in `terms.shards`
/// (None: a shard with no pages indexed). Each file is given to `emit` as (path, script) as soon
/// as it is made, chunks in order and the directory last, so that only one chunk's text is held
/// (issue #23: peak memory).
pub fn merge(terms: &Terms, tables: &[Option<&TermTable>], emit: &mut dyn FnMut(String, String)) {
    // Every (term, shard, fields), sorted by term and then shard.
    let mut all: Vec<(&str, usize, &str)> = tables
        .iter()
        .enumerate()
        .filter_map(|(pos, t)| t.map(|t| (pos, t)))
        .flat_map(|(pos, t)| t.entries.iter().map(move |(k, v)| (&**k, pos, &**v)))
        .collect();
    all.sort_unstable_by(|a, b| a.0.cmp(b.0).then(a.1.cmp(&b.1)));
    let size = |e: &(&str, usize, &str)| e.0.len() + e.2.len() + 12;
    // Each term's bytes over every shard, in order.
    let mut sizes: Vec<usize> = Vec::new();
    for (i, e) in all.iter().enumerate() {
        if i > 0 && all[i - 1].0 == e.0 {
            *sizes.last_mut().expect("a term before") += size(e);
        } else {
            sizes.push(size(e));
        }
    }
    let n = terms.chunks.max(1);
    let target = chunk_target(&sizes, n);
    let mut emit_chunk = |i: usize, text: &str| {
        let key = format!("{}/t{i}", terms.name);
        let json = if text.is_empty() {
            "{}".to_string()
        } else {
            format!("{{{text}}}}}")
        };
        emit(format!("search/{key}.js"), script(&key, &json));
    };
    let mut text = String::new();
    let mut firsts = vec![String::new()];
    let mut filled = 0;
    let mut term_at = 0;
    let mut last: &str = "";
    for &(term, pos, fields) in &all {
        let same = term == last && !text.is_empty();
        if !same {
            // A new chunk when this term would take the chunk past the target (a term larger
            // than it has a chunk of its own).
            if filled > 0 && filled + sizes[term_at] > target && firsts.len() < n {
                emit_chunk(firsts.len() - 1, &text);
                text.clear();
                filled = 0;
                firsts.push(boundary(last, term).to_string());
            }
            filled += sizes[term_at];
            term_at += 1;
        }
        if same {
            text.push(',');
        } else {
            if !text.is_empty() {
                text.push_str("},");
            }
            text.push_str(&serde_json::to_string(term).expect("a string serializes"));
            text.push_str(":{");
        }
        text.push('"');
        text.push_str(&pos.to_string());
        text.push_str("\":");
        text.push_str(fields);
        last = term;
    }
    // Chunks left empty at the end are not written.
    emit_chunk(firsts.len() - 1, &text);
    let directory = Directory {
        shards: terms.shards.clone(),
        chunks: firsts,
    };
    emit(
        terms.file(),
        script(
            &terms.name,
            &serde_json::to_string(&directory).expect("a directory serializes"),
        ),
    );
}

/// The smallest chunk size for which filling chunks in order, a term at a time, needs at most `n`
/// chunks for terms of `sizes` bytes: chunks as even as whole terms allow. Cutting at equal
/// shares of the total instead left most chunks with a single term on a large site, where common
/// words' postings are many shares each, so a prefix took a file per term.
fn chunk_target(sizes: &[usize], n: usize) -> usize {
    let chunks = |target: usize| {
        let mut count = 1;
        let mut filled = 0;
        for &s in sizes {
            if filled > 0 && filled + s > target {
                count += 1;
                filled = 0;
            }
            filled += s;
        }
        count
    };
    let (mut lo, mut hi) = (1, sizes.iter().sum::<usize>().max(1));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if chunks(mid) <= n {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

/// The tables of the shards `wanted` (by name) from the term files named `name` that
/// `read(path)` gives (the previous output's, or those being served). A shard missing from
/// them, or any file that cannot be read as written, leaves the shard out: its pages are
/// indexed again instead.
pub fn read_tables(
    name: &str,
    wanted: &[&str],
    read: &dyn Fn(&str) -> Option<Vec<u8>>,
) -> HashMap<String, TermTable> {
    let mut out = HashMap::new();
    let Some(dir) = read(&format!("search/{name}.js"))
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| unscript(&s))
        .and_then(|json| serde_json::from_str::<Directory>(&json).ok())
    else {
        return out;
    };
    // Position in the old files -> the table being filled, for the shards wanted only.
    let mut slots: Vec<Option<TermTable>> = dir
        .shards
        .iter()
        .map(|s| wanted.contains(&s.as_str()).then(TermTable::default))
        .collect();
    if slots.iter().all(Option::is_none) {
        return out;
    }
    for i in 0..dir.chunks.len() {
        let Some(json) = read(&format!("search/{name}/t{i}.js"))
            .and_then(|b| String::from_utf8(b).ok())
            .and_then(|s| unscript(&s))
        else {
            return out;
        };
        let Ok(chunk) =
            serde_json::from_str::<HashMap<String, HashMap<usize, Box<RawValue>>>>(&json)
        else {
            return out;
        };
        for (term, parts) in chunk {
            for (pos, fields) in parts {
                if let Some(Some(t)) = slots.get_mut(pos) {
                    t.entries.push((term.as_str().into(), fields.get().into()));
                }
            }
        }
    }
    for (name, slot) in dir.shards.into_iter().zip(slots) {
        if let Some(mut t) = slot {
            // Chunks are in term order, but be sure: merging relies on it.
            t.entries.sort_by(|a, b| a.0.cmp(&b.0));
            out.insert(name, t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::script::unscript;

    /// A table of `terms`, each with postings naming `tag`.
    fn table(terms: &[&str], tag: &str) -> TermTable {
        let mut terms = terms.to_vec();
        terms.sort();
        TermTable {
            entries: terms
                .iter()
                .map(|t| ((*t).into(), format!(r#"{{"4":"{tag}"}}"#).into()))
                .collect(),
        }
    }

    fn terms(shards: &[&str], chunks: usize) -> Terms {
        Terms {
            lang: None,
            shards: shards.iter().map(|s| s.to_string()).collect(),
            name: "feed".into(),
            chunks,
        }
    }

    /// `merge`'s files, the directory first.
    fn merged(t: &Terms, tables: &[Option<&TermTable>]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        merge(t, tables, &mut |f, s| out.push((f, s)));
        out.rotate_right(1);
        out
    }

    /// The directory's chunk starts and each chunk as JSON, from `merge`'s scripts.
    fn files(scripts: &[(String, String)]) -> (Vec<String>, Vec<serde_json::Value>) {
        let json = |s: &str| -> serde_json::Value {
            serde_json::from_str(&unscript(s).expect("a script")).expect("JSON")
        };
        let dir = json(&scripts[0].1);
        let starts = dir["chunks"]
            .as_array()
            .expect("chunks")
            .iter()
            .map(|c| c.as_str().expect("start").to_string())
            .collect();
        (starts, scripts[1..].iter().map(|(_, s)| json(s)).collect())
    }

    #[test]
    fn every_term_is_in_the_chunk_its_start_says_and_chunks_are_about_even() {
        let words: Vec<String> = (0..200).map(|i| format!("w{i:03}x")).collect();
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        let t = terms(&["a"], 4);
        let scripts = merged(&t, &[Some(&table(&words, "011"))]);
        assert_eq!(
            scripts.iter().map(|(f, _)| f.as_str()).collect::<Vec<_>>(),
            files_of("feed", 4)
        );
        assert!(scripts[1]
            .1
            .starts_with("(window.safeguideSearch=window.safeguideSearch||{})[\"feed/t0\"]"));
        let (starts, chunks) = files(&scripts);
        assert_eq!(starts.len(), 4);
        assert_eq!(starts[0], "");
        for (i, chunk) in chunks.iter().enumerate() {
            let chunk = chunk.as_object().expect("terms");
            assert!((40..=60).contains(&chunk.len()), "{}", chunk.len());
            for term in chunk.keys() {
                assert!(starts[i] <= *term);
                assert!(starts.get(i + 1).is_none_or(|next| term < next));
            }
        }
        // Boundaries are as short as telling the chunks apart allows ("w05" for "w050x").
        assert!(starts[1..].iter().all(|c| c.len() < 5), "{starts:?}");
    }

    #[test]
    fn a_term_holds_each_shard_having_it_by_position() {
        let t = terms(&["a", "b", "c"], 1);
        let (a, c) = (table(&["chat", "game"], "a"), table(&["game", "zoo"], "c"));
        let scripts = merged(&t, &[Some(&a), None, Some(&c)]);
        let (_, chunks) = files(&scripts);
        assert_eq!(
            chunks[0],
            serde_json::json!({
                "chat": {"0": {"4": "a"}},
                "game": {"0": {"4": "a"}, "2": {"4": "c"}},
                "zoo": {"2": {"4": "c"}},
            })
        );
    }

    #[test]
    fn a_large_term_leaves_no_empty_chunk_after_it() {
        let mut entries = vec![(
            "chat".into(),
            format!(r#"{{"4":"{}"}}"#, "0".repeat(5000)).into(),
        )];
        let small: Vec<String> = (0..30)
            .flat_map(|i| [format!("chatroom{i:02}"), format!("zz{i:02}")])
            .collect();
        entries.extend(table(&small.iter().map(String::as_str).collect::<Vec<_>>(), "1").entries);
        entries.sort();
        let scripts = merged(&terms(&["a"], 8), &[Some(&TermTable { entries })]);
        assert_eq!(
            files_listed("feed", scripts[0].1.as_bytes()),
            Some(scripts.iter().map(|(f, _)| f.clone()).collect())
        );
        let (starts, chunks) = files(&scripts);
        // Only chunks with terms are written, and each starts somewhere else.
        assert!(chunks.len() >= 3 && chunks.len() <= 8, "{starts:?}");
        assert!(chunks
            .iter()
            .all(|c| !c.as_object().expect("terms").is_empty()));
        let mut reachable = starts.clone();
        reachable.dedup();
        assert_eq!(reachable.len(), chunks.len(), "{starts:?}");
    }

    #[test]
    fn small_terms_after_large_ones_still_share_chunks() {
        // Five common words, each with postings of ten chunks' share, then a thousand rare ones.
        let mut entries: Vec<(Box<str>, Box<str>)> = (0..5)
            .map(|i| {
                (
                    format!("a{i}").into(),
                    format!(r#"{{"4":"{}"}}"#, "0".repeat(20_000)).into(),
                )
            })
            .collect();
        let rare: Vec<String> = (0..1000).map(|i| format!("b{i:04}")).collect();
        entries.extend(table(&rare.iter().map(String::as_str).collect::<Vec<_>>(), "01k").entries);
        let (starts, chunks) = files(&merged(&terms(&["a"], 40), &[Some(&TermTable { entries })]));
        let sizes: Vec<usize> = chunks
            .iter()
            .map(|c| c.as_object().expect("terms").len())
            .collect();
        // Each common word alone; the rare ones spread over the other chunks, many to each.
        assert_eq!(&sizes[..5], &[1; 5], "{sizes:?}");
        let rest: Vec<usize> = sizes[5..].iter().copied().filter(|&n| n > 0).collect();
        let last = rest.len() - 1;
        assert!(
            rest.len() >= 30 && rest[..last].iter().all(|&n| n >= 20),
            "{sizes:?}"
        );
        assert_eq!(rest.iter().sum::<usize>(), 1000);
        assert_eq!(starts.len(), 5 + rest.len(), "no empty chunk is written");
    }

    #[test]
    fn tables_read_back_from_the_files_are_the_tables_merged() {
        let t = terms(&["a", "b"], 3);
        let a = table(&["chat", "game", "it's", "line\nbreak", "tŵr"], r"0\\u2028");
        let b = table(&["game", "zoo"], "b");
        let written: HashMap<String, Vec<u8>> = merged(&t, &[Some(&a), Some(&b)])
            .into_iter()
            .map(|(f, s)| (f, s.into_bytes()))
            .collect();
        let read = |rel: &str| written.get(rel).cloned();
        let back = read_tables("feed", &["a", "b"], &read);
        assert_eq!(back.get("a"), Some(&a));
        assert_eq!(back.get("b"), Some(&b));
        // Only the shards asked for.
        assert_eq!(read_tables("feed", &["b", "x"], &read).len(), 1);
        // A chunk missing or not as written: nothing is read back, so the shards are indexed
        // again rather than merged incomplete.
        let missing = |rel: &str| (!rel.ends_with("/t1.js")).then(|| read(rel)).flatten();
        assert!(read_tables("feed", &["a", "b"], &missing).is_empty());
        let broken = |rel: &str| {
            read(rel).map(|b| {
                if rel.ends_with("/t2.js") {
                    b[..20].to_vec()
                } else {
                    b
                }
            })
        };
        assert!(read_tables("feed", &["a", "b"], &broken).is_empty());
        assert!(read_tables("other", &["a"], &read).is_empty());
    }

    #[test]
    fn each_language_has_its_terms_named_by_its_shards() {
        let shard = |lang: Option<&str>, name: &str, chunks| Shard {
            lang: lang.map(str::to_string),
            pages: vec![0],
            name: name.into(),
            term_chunks: chunks,
        };
        let plan = Terms::plan(&[
            shard(None, "a", 3),
            shard(Some("cy"), "c", 1),
            shard(None, "b", 4),
        ]);
        assert_eq!(plan.len(), 2);
        assert_eq!(plan[0].shards, ["a", "b"]);
        assert_eq!(plan[0].chunks, 7);
        assert_eq!(plan[1].lang.as_deref(), Some("cy"));
        assert_ne!(plan[0].name, plan[1].name);
        let again = Terms::plan(&[shard(None, "a", 3), shard(None, "b2", 4)]);
        assert_ne!(again[0].name, plan[0].name, "a shard changed: new files");
        assert_eq!(plan[0].file(), format!("search/{}.js", plan[0].name));
    }
}
