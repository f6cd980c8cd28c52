//! Model policies: the Word copy built with the site, `safeguide adapt` in every format, missing
//! values, undeclared placeholders and values that try to become markup.
//!
//! .docx files are opened with python-docx (`python3 -m pip install python-docx`), a real reader.

#[path = "../common/mod.rs"]
mod common;
#[path = "../docx_reader/mod.rs"]
mod docx_reader;

mod adapt;
mod values;
mod word_copies;

use common::{build_ok, fixture, read, run, stderr, stdout};
use docx_reader::read_docx;
use serde_json::Value;

fn paragraphs(doc: &Value) -> &Vec<Value> {
    doc["paragraphs"].as_array().expect("paragraphs")
}

fn para_with<'a>(doc: &'a Value, needle: &str) -> &'a Value {
    paragraphs(doc)
        .iter()
        .find(|p| p["text"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with {needle:?} in {doc}"))
}

fn styles_of<'a>(doc: &'a Value, style: &str) -> Vec<&'a str> {
    paragraphs(doc)
        .iter()
        .filter(|p| p["style"] == style)
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect()
}

fn highlighted(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut cells_runs = Vec::new();
    for p in paragraphs(doc) {
        cells_runs.extend(p["runs"].as_array().into_iter().flatten());
    }
    for r in cells_runs {
        if r["highlight"]
            .as_str()
            .is_some_and(|h| h.starts_with("YELLOW"))
        {
            out.push(r["text"].as_str().unwrap_or("").to_string());
        }
    }
    out
}

fn all_text(doc: &Value) -> String {
    let mut text: Vec<String> = paragraphs(doc)
        .iter()
        .map(|p| p["text"].as_str().unwrap_or("").to_string())
        .collect();
    for t in doc["tables"].as_array().into_iter().flatten() {
        for row in t.as_array().into_iter().flatten() {
            for c in row.as_array().into_iter().flatten() {
                text.push(c.as_str().unwrap_or("").to_string());
            }
        }
    }
    text.join("\n")
}
