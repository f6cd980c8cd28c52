//! The search files: each shard's elasticlunr index (whose document store holds only what a result
//! shows) with the table of pages its documents belong to, and the manifest listing the shards.

use std::fmt::Write;

use serde::Serialize;
use serde_json::{json, Value};

use super::docs::{SearchDoc, FIELDS};

/// What a result shows of its page; shared by all of the page's section documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageInfo {
    pub title: String,
    /// Site-absolute; search.js makes it fit the base path or file://.
    pub url: String,
    pub summary: String,
    pub audience: Vec<String>,
    pub kind: &'static str,
}

/// A labelled choice for a filter (audience or kind).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// One shard file: an elasticlunr index of some pages' sections, and the table of those pages.
#[derive(Debug)]
pub struct ShardFile {
    /// elasticlunr's JSON.
    pub index: String,
    pub pages: Vec<PageInfo>,
}

/// What the search page learns first (`search/index.js`): which shards exist, for whom, and the
/// labels of the filters.
#[derive(Debug, Serialize)]
pub struct Manifest {
    pub shards: Vec<ShardInfo>,
    /// Labels for every audience id the pages use.
    pub audiences: Vec<Choice>,
    /// Kinds present among the pages, for the kind filter.
    pub kinds: Vec<Choice>,
}

/// One entry of the manifest.
#[derive(Debug, Serialize)]
pub struct ShardInfo {
    /// The key the shard's script assigns, and its file's name without `.js`.
    pub name: String,
    /// Site-relative path of the script.
    pub file: String,
    /// Audience ids shared by every page in it; empty for pages for everyone.
    pub audiences: Vec<String>,
    /// Kind ids present in it.
    pub kinds: Vec<String>,
}

/// Builds the elasticlunr index of `docs` (refs are their positions) as JSON, its document
/// store holding each document's [`super::docs::StoredDoc`] only, so no body text is shipped.
pub fn build_index(docs: &[SearchDoc]) -> String {
    let mut builder = elasticlunr::IndexBuilder::new()
        // The store is filled below with result fields only; saving would copy every body.
        .save_docs(false);
    for f in FIELDS {
        builder = builder.add_field_with_tokenizer(f, Box::new(tokenize));
    }
    let mut index = builder.build();
    for (i, d) in docs.iter().enumerate() {
        index.add_doc(&i.to_string(), d.fields.values());
    }
    // Written straight to text: going through serde_json::Value to edit the store took as long
    // as building the index.
    let json = serde_json::to_string(&index).expect("an index always serializes");
    // The in-memory index is several times the size of its JSON: free it before the next copy.
    drop(index);
    let stored: serde_json::Map<String, Value> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (i.to_string(), json!(d.stored)))
        .collect();
    with_store(&compact_tf(&json), &Value::Object(stored).to_string())
}

/// `json` with every term frequency (`{"tf":1.4142135623730951}`, the square root of a count)
/// written with at most four decimals and without a trailing `.0`: it is most of the digits in an
/// index, and scores move by less than one part in ten thousand.
fn compact_tf(json: &str) -> String {
    const TF: &str = "{\"tf\":";
    let mut out = String::with_capacity(json.len());
    let mut rest = json;
    while let Some(at) = rest.find(TF) {
        let (before, after) = rest.split_at(at + TF.len());
        out.push_str(before);
        let end = after
            .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == 'e' || c == '-' || c == '+'))
            .unwrap_or(after.len());
        let number = &after[..end];
        match number.split_once('.') {
            // Most terms occur once in a section: elasticlunr-rs writes `1.0`.
            Some((whole, "0")) => out.push_str(whole),
            Some((_, decimals)) if decimals.len() > 4 => match number.parse::<f64>() {
                Ok(tf) => {
                    let start = out.len();
                    let _ = write!(out, "{tf:.4}");
                    let kept = out[start..]
                        .trim_end_matches('0')
                        .trim_end_matches('.')
                        .len();
                    out.truncate(start + kept);
                }
                Err(_) => out.push_str(number),
            },
            _ => out.push_str(number),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// `index` (elasticlunr-rs JSON of an index built with `save_docs(false)`, whose store is
/// `"documentStore":{"save":false,"docs":{"0":{},...},"docInfo":...`) with `docs` as its store.
fn with_store(index: &str, docs: &str) -> String {
    const STORE: &str = "\"documentStore\":{\"save\":false,\"docs\":";
    const AFTER: &str = ",\"docInfo\":";
    let start = index
        .find(STORE)
        .expect("elasticlunr-rs writes the document store's fields in this order");
    let docs_start = start + STORE.len();
    let docs_end = docs_start
        + index[docs_start..]
            .find(AFTER)
            .expect("the store's docInfo follows its docs");
    format!(
        "{}\"documentStore\":{{\"save\":true,\"docs\":{docs}{}",
        &index[..start],
        &index[docs_end..]
    )
}

/// Tokens longer than this are left out: nobody types them, and each character is a level of
/// the index's tree (a long base64 string would nest thousands deep).
pub const MAX_TOKEN_CHARS: usize = 40;

/// elasticlunr's tokenizer (split at whitespace and hyphens, lower-cased, as elasticlunr.js
/// does for queries), without overlong tokens.
fn tokenize(text: &str) -> Vec<String> {
    elasticlunr::lang::tokenize_whitespace(text)
        .into_iter()
        .filter(|t| t.chars().count() <= MAX_TOKEN_CHARS)
        .collect()
}

impl ShardFile {
    /// The shard as a script assigning `window.safeguideSearch[name]`.
    pub fn to_script(&self, name: &str) -> String {
        let data = format!(
            "{{\"index\":{},\"pages\":{}}}",
            self.index,
            json!(self.pages)
        );
        script(name, &data)
    }
}

impl Manifest {
    /// The manifest as a script assigning `window.safeguideSearch.manifest`.
    pub fn to_script(&self) -> String {
        script(MANIFEST_KEY, &json!(self).to_string())
    }
}

/// The key of the manifest in `window.safeguideSearch`; shard names are hex, so never clash.
pub const MANIFEST_KEY: &str = "manifest";

/// A script assigning `window.safeguideSearch[key]`: a script loads from file:// where fetching
/// JSON would be refused. The data is a `JSON.parse` string, which browsers parse about twice as
/// fast as the same object written as a literal.
fn script(key: &str, json: &str) -> String {
    let key = serde_json::to_string(key).expect("a string serializes");
    format!(
        "(window.safeguideSearch=window.safeguideSearch||{{}})[{key}]=JSON.parse('{}');\n",
        js_single_quoted(json)
    )
}

/// `s` escaped for a single-quoted JavaScript string.
fn js_single_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 32);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::docs::{Fields, StoredDoc};

    fn doc(page: usize, title: &str, body: &str) -> SearchDoc {
        SearchDoc {
            page,
            fields: Fields {
                title: title.into(),
                body: body.into(),
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

    #[test]
    fn index_has_every_field_and_a_store_without_bodies() {
        let body = "Consoles need a parental control PIN so that purchases are blocked";
        let v: Value = serde_json::from_str(&build_index(&[
            doc(0, "Gaming", body),
            doc(1, "Scams", "Phishing"),
        ]))
        .unwrap();
        let fields: Vec<&str> = v["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        assert_eq!(fields, FIELDS);
        assert_eq!(v["ref"], "id");
        // Stemmed tokens are in the inverted index of their field.
        assert!(v["index"]["body"]["root"]["c"]["o"]["n"]["s"]["o"]["l"].is_object());
        assert!(v["index"]["title"]["root"]["g"]["a"]["m"].is_object());
        let store = &v["documentStore"];
        assert_eq!(store["save"], true);
        assert_eq!(store["length"], 2);
        assert_eq!(
            store["docs"]["0"],
            json!({"page": 0, "heading": "H", "anchor": "h", "excerpt": "short"})
        );
        let text = serde_json::to_string(store).unwrap();
        assert!(!text.contains("purchases"), "store holds a body: {text}");
    }

    #[test]
    fn term_frequencies_are_written_short() {
        let json = r#"{"a":{"docs":{"1":{"tf":1.0},"2":{"tf":1.4142135623730951},"3":{"tf":2.6457513110645907},"4":{"tf":3.0},"5":{"tf":5000.00001},"6":{"tf":1.5}},"df":6}}"#;
        assert_eq!(
            compact_tf(json),
            r#"{"a":{"docs":{"1":{"tf":1},"2":{"tf":1.4142},"3":{"tf":2.6458},"4":{"tf":3},"5":{"tf":5000},"6":{"tf":1.5}},"df":6}}"#
        );
        // An index still parses, with its frequencies close to elasticlunr's.
        let v: Value = serde_json::from_str(&build_index(&[doc(0, "", "pin pin pin")])).unwrap();
        let tf = v["index"]["body"]["root"]["p"]["i"]["n"]["docs"]["0"]["tf"]
            .as_f64()
            .unwrap();
        assert!((tf - 3f64.sqrt()).abs() < 1e-4, "{tf}");
    }

    #[test]
    fn overlong_tokens_are_not_indexed() {
        let long = "a".repeat(MAX_TOKEN_CHARS + 1);
        let v: Value =
            serde_json::from_str(&build_index(&[doc(0, "", &format!("{long} pin"))])).unwrap();
        assert!(v["index"]["body"]["root"]["a"].is_null());
        assert!(v["index"]["body"]["root"]["p"]["i"]["n"]["docs"]["0"].is_object());
    }

    #[test]
    fn script_assigns_a_global_from_an_escaped_json_string() {
        let f = ShardFile {
            index: json!({"x": "it's a\\b\u{2028}"}).to_string(),
            pages: vec![],
        };
        let s = f.to_script("0123abcd");
        assert!(s.starts_with(
            "(window.safeguideSearch=window.safeguideSearch||{})[\"0123abcd\"]=JSON.parse('{\"index\""
        ));
        // JSON's own escape `\\` doubled for the JS string; quote and separator escaped.
        assert!(s.contains(r#"it\'s a\\\\b\u2028"#), "{s}");
    }
}
