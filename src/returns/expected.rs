//! The organisations a partnership expects a return from: a YAML list, a CSV with an
//! `Organisation` (or `Name`) column, or a text file with one name a line.

use crate::diagnostics::rule;
use std::path::Path;

use super::read::decode;
use crate::diagnostics::{Diagnostic, Diagnostics, Failure};

/// One expected organisation and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub name: String,
    pub line: usize,
    pub column: usize,
}

pub fn read(path: &Path) -> Result<(Vec<Expected>, String), Failure> {
    let folder = crate::safe_fs::read::folder_of(path);
    let bytes = crate::safe_fs::read::read(&folder, path, crate::safe_fs::read::TEXT_LIMIT)
        .map_err(|e| {
            Failure::Usage(format!(
                "cannot read the expected list {}: {e}",
                path.display()
            ))
        })?;
    let text = decode(&bytes);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let list = match ext.as_str() {
        "yaml" | "yml" => from_yaml(&text, path)?,
        "csv" => from_csv(&text),
        _ => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(i, l)| Expected {
                name: l.trim().to_string(),
                line: i + 1,
                column: l.chars().take_while(|c| c.is_whitespace()).count() + 1,
            })
            .collect(),
    };
    Ok((list, text))
}

/// A list of names, or of `{name: ...}`, at the top or under `organisations:`.
fn from_yaml(text: &str, path: &Path) -> Result<Vec<Expected>, Failure> {
    let v: serde_yaml::Value = serde_yaml::from_str(text).map_err(|e| {
        let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
        Failure::Content(Diagnostics::from_iter([Diagnostic::error(
            rule::EXPECTED_LIST,
            format!("the expected list cannot be read: {e}"),
        )
        .at_line_col(path, text, line, col)
        .help("write one organisation a line, as `- Oak Hill Primary School`")]))
    })?;
    let items = match &v {
        serde_yaml::Value::Sequence(s) => s.clone(),
        serde_yaml::Value::Mapping(m) => m
            .get("organisations")
            .or_else(|| m.get("organizations"))
            .and_then(|o| o.as_sequence())
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let mut out = Vec::new();
    let mut not_names = Diagnostics::new();
    let mut from = 0;
    let index = crate::diagnostics::LineIndex::new(text);
    for (i, item) in items.iter().enumerate() {
        let name = match item {
            serde_yaml::Value::String(s) => Some(s.clone()),
            // `- 2026` is a name written without quotes.
            serde_yaml::Value::Number(n) => Some(n.to_string()),
            serde_yaml::Value::Mapping(m) => {
                m.get("name").and_then(|n| n.as_str()).map(str::to_string)
            }
            _ => None,
        };
        let Some(name) = name else {
            // Never dropped silently: the organisation would go unchased.
            not_names.push(
                Diagnostic::error(
                    rule::EXPECTED_LIST,
                    format!(
                        "entry {} of the expected list is not an organisation's name",
                        i + 1
                    ),
                )
                .in_file(path)
                .help("write each entry as a name, `- Oak Hill Primary School`, or `- name: Oak Hill Primary School`"),
            );
            continue;
        };
        if name.trim().is_empty() {
            continue;
        }
        // serde_yaml keeps no positions in a Value: find the name, in order, in the text.
        let at = match text[from..].find(name.as_str()) {
            Some(p) => {
                from += p + name.len();
                from - name.len()
            }
            // Not found as written (quoted or escaped in the YAML): stay, so `from` stays on a
            // character boundary.
            None => from,
        };
        let (line, column) = index.line_col(text, at);
        out.push(Expected {
            name: name.trim().to_string(),
            line,
            column,
        });
    }
    if !not_names.is_empty() {
        return Err(Failure::Content(not_names));
    }
    if out.is_empty() {
        return Err(Failure::Content(Diagnostics::from_iter([
            Diagnostic::error(
                rule::EXPECTED_LIST,
                "the expected list names no organisations",
            )
            .at_line_col(path, text, 1, 1)
            .help("write a list, one organisation a line: `- Oak Hill Primary School`"),
        ])));
    }
    Ok(out)
}

/// The `Organisation` or `Name` column, or the first column when no header names one.
fn from_csv(text: &str) -> Vec<Expected> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let index = crate::diagnostics::LineIndex::new(text);
    let mut rows = reader.records().filter_map(Result::ok).peekable();
    let mut col = 0;
    if let Some(first) = rows.peek() {
        let names = ["organisation", "organization", "name", "organisation name"];
        if let Some(i) = first.iter().position(|c| {
            names.contains(
                &c.trim()
                    .trim_start_matches('\u{feff}')
                    .to_lowercase()
                    .as_str(),
            )
        }) {
            col = i;
            rows.next();
        }
    }
    rows.filter_map(|r| {
        let name = r
            .get(col)?
            .trim()
            .trim_start_matches('\u{feff}')
            .to_string();
        (!name.is_empty()).then(|| Expected {
            name,
            line: super::read::record_line(text, &index, &r),
            column: 1,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lists_use_the_named_column_and_keep_lines() {
        let list = from_csv("Type,Organisation\nSchool,Oak Hill\n\nClub,\"Elm, Youth\"\n");
        assert_eq!(
            list,
            vec![
                Expected {
                    name: "Oak Hill".into(),
                    line: 2,
                    column: 1
                },
                Expected {
                    name: "Elm, Youth".into(),
                    line: 4,
                    column: 1
                },
            ]
        );
    }

    #[test]
    fn names_written_with_escapes_do_not_upset_the_line_search() {
        let text = "- \"Caf\\u00e9 \u{e9}\u{e9}\"\n- Oak\n";
        let list = from_yaml(text, Path::new("e.yaml")).unwrap();
        assert_eq!(list[0].name, "Café éé");
        assert_eq!(list[1].line, 2);
    }

    #[test]
    fn yaml_lists_may_be_names_or_maps() {
        let text = "organisations:\n  - Oak Hill\n  - name: Elm Youth Club\n    type: youth club\n";
        let list = from_yaml(text, Path::new("e.yaml")).unwrap();
        assert_eq!(
            list[1],
            Expected {
                name: "Elm Youth Club".into(),
                line: 3,
                column: 11
            }
        );
    }
}
