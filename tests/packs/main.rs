//! Printable packs: the print-ready HTML of each edition, the pack listing pages, errors in pack
//! files, and `build --pdf` printed by a real Chromium and checked with poppler-utils.

#[path = "../common/mod.rs"]
mod common;

mod editions;
mod errors;
mod pdf;

use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

use common::*;

/// Values of attribute `name` in (minified) HTML, quoted or not.
fn attr_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            match rest.chars().next() {
                Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or_default(),
                _ => rest
                    .split(|c: char| c.is_whitespace() || c == '>')
                    .next()
                    .unwrap_or_default(),
            }
            .to_string()
        })
        .collect()
}
