//! Reading `frameworks.yaml` one entry at a time, so one bad date or misspelt key is reported at
//! its line and leaves out only its own entry, never the whole registry; and finding where in
//! the text an entry's keys are, for diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;

use super::yaml;
use crate::diagnostics::{rule, Diagnostic};

/// Each item of the list under `key`, read as `T`: `None` for an item in error, with its
/// diagnostic placed at the offending key or value inside that item.
pub fn parse_items<T: DeserializeOwned>(
    text: &str,
    display: &Path,
    file: &str,
    key: &str,
    values: Vec<serde_yaml::Value>,
) -> (Vec<Option<T>>, Vec<Diagnostic>) {
    let items = list_items(text, key);
    let mut ds = Vec::new();
    let parsed = values
        .into_iter()
        .enumerate()
        .map(|(i, v)| match serde_yaml::from_value::<T>(v) {
            Ok(t) => Some(t),
            Err(e) => {
                let d = yaml::plain_error(&e, file);
                let (start, end) = items.get(i).copied().unwrap_or((0, 0));
                let pos = quoted(&d.message)
                    .and_then(|v| {
                        let item = &text[start..end];
                        item.find(&format!("{v}:")).or_else(|| item.find(v))
                    })
                    .map_or(start, |p| start + p);
                let mut moved = Diagnostic::error(rule::FRAMEWORKS, d.message.clone())
                    .at_offset(display, text, pos);
                moved.help = if d.message.contains("invalid commencement") {
                    Some("write the day the provision comes into force as YYYY-MM-DD, or \"not yet\" while no regulations have set one".to_string())
                } else {
                    d.help
                };
                ds.push(moved);
                None
            }
        })
        .collect();
    (parsed, ds)
}

fn quoted(message: &str) -> Option<&str> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    (len > 0).then(|| &message[start..start + len])
}

/// Byte ranges of the block-list items (`- ...`) under the top-level `key`.
pub fn list_items(text: &str, key: &str) -> Vec<(usize, usize)> {
    let Some(start) = yaml::find_key(text, key) else {
        return Vec::new();
    };
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut offset = start;
    for (n, line) in text[start..].split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty() || trimmed.starts_with('#');
        if n > 0 && !blank {
            let is_item = trimmed.starts_with("- ") || trimmed.trim_end() == "-";
            if is_item && indent.is_none_or(|i| i == this_indent) {
                indent = Some(this_indent);
                if let Some(last) = items.last_mut() {
                    last.1 = offset;
                }
                items.push((offset + this_indent, text.len()));
            } else if this_indent == 0 && !is_item {
                // The next top-level key ends the list.
                if let Some(last) = items.last_mut() {
                    last.1 = offset;
                }
                break;
            }
        }
        offset += line.len();
    }
    items
}

/// Offset of `name:` inside the item at `span`, or of the item itself when not found.
pub fn field_in(text: &str, span: (usize, usize), name: &str) -> usize {
    let (start, end) = span;
    let Some(item) = text.get(start..end) else {
        return 0;
    };
    let mut offset = 0;
    for line in item.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = trimmed.strip_prefix(name) {
            if rest.trim_start().starts_with(':') {
                return start + offset + (line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    start
}
