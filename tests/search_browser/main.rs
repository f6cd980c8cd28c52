//! Search: the index files the build writes, and the search page in Chromium, served over HTTP
//! and opened from disk (file://) after an --offline build.

#[path = "../common/mod.rs"]
mod common;

mod fetching;
mod index_files;
mod search_page;

use std::path::Path;
use std::time::Duration;

use common::*;
use headless_chrome::Tab;
use serde_json::Value;

/// The data an index script assigns: `(window.safeguideSearch=...)[key]=JSON.parse('<json>');`.
fn index_data(public: &Path, file: &str) -> Value {
    let script = read(public, file);
    let start = script.find("JSON.parse('").expect("an assignment") + "JSON.parse('".len();
    let end = script.rfind("');").expect("end of the string");
    // Undo the JavaScript string escapes (\\ and \' and \n; \uXXXX is left for JSON).
    let mut json = String::new();
    let mut chars = script[start..end].chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            json.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => json.push('\''),
            Some('\\') => json.push('\\'),
            Some('n') => json.push('\n'),
            Some(other) => {
                json.push('\\');
                json.push(other);
            }
            None => {}
        }
    }
    serde_json::from_str(&json).expect("index data is JSON")
}

/// The index's fields, in the order of the postings' field numbers.
const FIELDS: [&str; 8] = [
    "title", "page", "heading", "summary", "body", "audience", "kind", "tags",
];

/// Everything one shard's files hold.
struct ShardData {
    name: String,
    directory: Value,
    terms: Vec<Value>,
    /// Its pages' details, in page order.
    pages: Vec<Value>,
}

impl ShardData {
    /// Whether `token` is in the index of `field`.
    fn has_token(&self, field: &str, token: &str) -> bool {
        let f = FIELDS.iter().position(|x| *x == field).expect("field");
        self.terms.iter().any(|t| {
            t[token][f.to_string()]
                .as_str()
                .is_some_and(|p| !p.is_empty())
        })
    }

    /// The audience set the directory gives page `p` (sorted ids; empty: for everyone).
    fn audiences_of(&self, p: usize) -> Vec<String> {
        let set = decode(self.directory["audiences"].as_str().expect("audiences"))[p];
        self.directory["audienceSets"][set]
            .as_array()
            .expect("set")
            .iter()
            .map(|a| a.as_str().expect("id").to_string())
            .collect()
    }

    fn page_urls(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|p| p["url"].as_str().expect("url").to_string())
            .collect()
    }
}

/// A number list of the index files (src/search/index.rs `push_number`).
fn decode(s: &str) -> Vec<usize> {
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_~";
    let mut out = Vec::new();
    let mut n = 0;
    for c in s.chars() {
        let d = DIGITS.find(c).expect("a digit");
        if d < 32 {
            out.push(n * 32 + d);
            n = 0;
        } else {
            n = n * 32 + d - 32;
        }
    }
    out
}

/// Every shard's part of the term chunks named `terms` (src/search/terms.rs): by shard name,
/// term -> field -> postings.
fn terms_by_shard(public: &Path, terms: &str) -> std::collections::HashMap<String, Value> {
    let directory = index_data(public, &format!("search/{terms}.js"));
    let names: Vec<&str> = directory["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|n| n.as_str().expect("name"))
        .collect();
    let mut out: std::collections::HashMap<String, Value> = names
        .iter()
        .map(|n| (n.to_string(), Value::Object(Default::default())))
        .collect();
    let chunks = directory["chunks"].as_array().expect("chunks").len();
    for i in 0..chunks {
        let chunk = index_data(public, &format!("search/{terms}/t{i}.js"));
        for (term, parts) in chunk.as_object().expect("terms") {
            for (pos, fields) in parts.as_object().expect("parts") {
                let name = names[pos.parse::<usize>().expect("a position")];
                out.get_mut(name).expect("a shard")[term] = fields.clone();
            }
        }
    }
    out
}

/// Every file of the shard `name` (its directory and detail chunks), and `terms`, its terms.
fn shard_data(public: &Path, name: &str, terms: Value) -> ShardData {
    let directory = index_data(public, &format!("search/{name}.js"));
    let mut pages = Vec::new();
    for i in 0.. {
        let file = format!("search/{name}/p{i}.js");
        if !public.join(&file).exists() {
            break;
        }
        pages.extend(index_data(public, &file).as_array().expect("pages").clone());
    }
    ShardData {
        name: name.to_string(),
        directory,
        terms: vec![terms],
        pages,
    }
}

/// The shards of the manifest `file`, with their files' data.
fn shards_of(public: &Path, file: &str) -> Vec<ShardData> {
    let manifest = index_data(public, file);
    let mut terms = match manifest["terms"].as_str() {
        Some(name) if !name.is_empty() => terms_by_shard(public, name),
        _ => Default::default(),
    };
    manifest["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|s| {
            let name = s["name"].as_str().expect("name");
            let mine = terms.remove(name).expect("the shard's terms");
            shard_data(public, name, mine)
        })
        .collect()
}

fn shards(public: &Path) -> Vec<ShardData> {
    shards_of(public, "search/index.js")
}

fn text(tab: &Tab, js: &str) -> String {
    match eval(tab, js) {
        Value::String(s) => s,
        v => v.to_string(),
    }
}

/// Waits until `js` is true (results come after the index script has loaded).
fn wait_true(tab: &Tab, js: &str) {
    for _ in 0..100 {
        // Errors count as "not yet": the page may be navigating.
        let v = tab.evaluate(js, false).ok().and_then(|r| r.value);
        if v == Some(Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "timed out waiting for {js}; status: {}",
        text(tab, "document.getElementById('search-status')?.textContent")
    );
}

const FIRST_TITLE: &str = "document.querySelector('.search-result-title a')?.textContent ?? ''";
const STATUS: &str = "document.getElementById('search-status').textContent";
