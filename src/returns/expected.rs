//! The organisations a partnership expects a return from: a YAML list, a CSV with an
//! `Organisation` (or `Name`) column, or a text file with one name a line. YAML and CSV lists
//! may give each organisation an id (a URN, a charity or registration number, any code), a type
//! and other names it goes by, so returns match it however they spell it.

use crate::diagnostics::rule;
use std::collections::HashMap;
use std::path::Path;

use super::read::decode;
use super::OrgType;
use crate::diagnostics::{line_col, Diagnostic, Diagnostics, Failure};

/// One expected organisation and the line it is on.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Expected {
    pub name: String,
    /// Empty when the list gives none.
    pub id: String,
    pub org_type: Option<OrgType>,
    /// Other names returns may give it.
    pub aliases: Vec<String>,
    pub line: usize,
    pub column: usize,
}

/// The list and its text (for diagnostics pointing into it). Every problem in the list is
/// reported together.
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
    let mut ds = Diagnostics::new();
    let list = match ext.as_str() {
        "yaml" | "yml" => from_yaml(&text, path, &mut ds),
        "csv" => from_csv(&text, path, &mut ds),
        _ => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .map(|(i, l)| Expected {
                name: l.trim().to_string(),
                line: i + 1,
                column: l.chars().take_while(|c| c.is_whitespace()).count() + 1,
                ..Expected::default()
            })
            .collect(),
    };
    if list.is_empty() && !ds.has_errors() {
        ds.push(
            Diagnostic::error(
                rule::EXPECTED_LIST,
                "the expected list names no organisations",
            )
            .at_line_col(path, &text, 1, 1)
            .help("write a list, one organisation a line: `- Oak Hill Primary School`"),
        );
    }
    repeated_ids(&list, path, &text, &mut ds);
    if ds.has_errors() {
        return Err(Failure::Content(ds));
    }
    Ok((list, text))
}

/// Two organisations with one id would make every match by id a guess.
fn repeated_ids(list: &[Expected], path: &Path, text: &str, ds: &mut Diagnostics) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in list.iter().filter(|e| !e.id.is_empty()) {
        let id = normal_id(&e.id);
        match seen.get(&id) {
            Some(line) => ds.push(
                Diagnostic::error(
                    rule::EXPECTED_LIST,
                    format!(
                        "the id `{}` is given to two organisations (also on line {line})",
                        e.id
                    ),
                )
                .at_line_col(path, text, e.line, e.column)
                .help("each organisation needs an id of its own; correct one of them"),
            ),
            None => {
                seen.insert(id, e.line);
            }
        }
    }
}

/// Ids as people type them: `100 001`, `100001` and `SC-100001` vs `sc100001` are each one.
pub fn normal_id(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn type_error(value: &str) -> Diagnostic {
    Diagnostic::error(
        rule::EXPECTED_LIST,
        format!("`{value}` is not an organisation type"),
    )
    .help(format!(
        "use one of: {}",
        OrgType::ALL.map(|t| t.id()).join(", ")
    ))
}

/// A YAML scalar as text: ids are often numbers (`123456`).
fn scalar(v: Option<&serde_yaml::Value>) -> String {
    match v {
        Some(serde_yaml::Value::String(s)) => s.trim().to_string(),
        Some(serde_yaml::Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// A list of names, or of `{name, id, type, aliases}`, at the top or under `organisations:`.
fn from_yaml(text: &str, path: &Path, ds: &mut Diagnostics) -> Vec<Expected> {
    let v: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            ds.push(
                Diagnostic::error(
                    rule::EXPECTED_LIST,
                    format!("the expected list cannot be read: {e}"),
                )
                .at_line_col(path, text, line, col)
                .help("write one organisation a line, as `- Oak Hill Primary School`"),
            );
            return Vec::new();
        }
    };
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
    let mut from = 0;
    for (i, item) in items.into_iter().enumerate() {
        let mut e = match &item {
            serde_yaml::Value::String(s) => Expected {
                name: s.trim().to_string(),
                ..Expected::default()
            },
            serde_yaml::Value::Mapping(m) => Expected {
                name: scalar(m.get("name")),
                id: scalar(m.get("id")),
                aliases: match m.get("aliases").or_else(|| m.get("alias")) {
                    Some(serde_yaml::Value::Sequence(s)) => s
                        .iter()
                        .map(|a| scalar(Some(a)))
                        .filter(|a| !a.is_empty())
                        .collect(),
                    other => Some(scalar(other))
                        .filter(|a| !a.is_empty())
                        .into_iter()
                        .collect(),
                },
                ..Expected::default()
            },
            // `- 2026` is a name written without quotes.
            serde_yaml::Value::Number(n) => Expected {
                name: n.to_string(),
                ..Expected::default()
            },
            _ => {
                // Never dropped silently: the organisation would go unchased.
                ds.push(
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
            }
        };
        if e.name.is_empty() {
            continue;
        }
        // serde_yaml keeps no positions in a Value: find the name, in order, in the text.
        let at = match text[from..].find(e.name.as_str()) {
            Some(p) => {
                from += p + e.name.len();
                from - e.name.len()
            }
            // Not found as written (quoted or escaped in the YAML): stay, so `from` stays on a
            // character boundary.
            None => from,
        };
        (e.line, e.column) = line_col(text, at);
        if let serde_yaml::Value::Mapping(m) = &item {
            let t = scalar(m.get("type"));
            if !t.is_empty() {
                e.org_type = OrgType::parse(&t);
                if e.org_type.is_none() {
                    ds.push(type_error(&t).at_line_col(path, text, e.line, e.column));
                }
            }
        }
        out.push(e);
    }
    out
}

/// Which column of a CSV list holds what, from its header row.
#[derive(Default)]
struct CsvColumns {
    name: usize,
    id: Option<usize>,
    org_type: Option<usize>,
    aliases: Option<usize>,
}

fn csv_columns(header: &csv::StringRecord) -> Option<CsvColumns> {
    let mut c = CsvColumns::default();
    let mut named = false;
    for (i, cell) in header.iter().enumerate() {
        let h = cell.trim().trim_start_matches('\u{feff}').to_lowercase();
        match h.as_str() {
            "organisation" | "organization" | "name" | "organisation name" => {
                c.name = i;
                named = true;
            }
            "id" | "urn" | "organisation id" | "organization id" | "code" => c.id = Some(i),
            "type" | "organisation type" | "organization type" => c.org_type = Some(i),
            "aliases" | "alias" | "other names" => c.aliases = Some(i),
            _ => {}
        }
    }
    named.then_some(c)
}

/// The `Organisation` or `Name` column (or the first, when no header names one), with `Id`,
/// `Type` and `Aliases` columns when there are (aliases separated by `;`).
fn from_csv(text: &str, path: &Path, ds: &mut Diagnostics) -> Vec<Expected> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let index = crate::diagnostics::LineIndex::new(text);
    let mut rows = reader.records().filter_map(Result::ok).peekable();
    let cols = match rows.peek().and_then(csv_columns) {
        Some(c) => {
            rows.next();
            c
        }
        None => CsvColumns::default(),
    };
    let cell = |r: &csv::StringRecord, i: Option<usize>| {
        i.and_then(|i| r.get(i))
            .map(|c| c.trim().trim_start_matches('\u{feff}').to_string())
            .unwrap_or_default()
    };
    let mut out = Vec::new();
    for r in rows {
        let name = cell(&r, Some(cols.name));
        if name.is_empty() {
            continue;
        }
        let line = super::read_csv::record_line(text, &index, &r);
        let t = cell(&r, cols.org_type);
        let org_type = OrgType::parse(&t).filter(|_| !t.is_empty());
        if org_type.is_none() && !t.is_empty() {
            ds.push(type_error(&t).at_line_col(path, text, line, 1));
        }
        out.push(Expected {
            name,
            id: cell(&r, cols.id),
            org_type,
            aliases: cell(&r, cols.aliases)
                .split([';', '|'])
                .map(|a| a.trim().to_string())
                .filter(|a| !a.is_empty())
                .collect(),
            line,
            column: 1,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_lists_use_the_named_columns_and_keep_lines() {
        let mut ds = Diagnostics::new();
        let list = from_csv(
            "Type,Organisation,URN,Aliases\nSchool,Oak Hill,100001,Oak Hill Primary; Oak Hill School\n\nyouth,\"Elm, Youth\",,\n",
            Path::new("e.csv"),
            &mut ds,
        );
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(
            list,
            vec![
                Expected {
                    name: "Oak Hill".into(),
                    id: "100001".into(),
                    org_type: Some(OrgType::School),
                    aliases: vec!["Oak Hill Primary".into(), "Oak Hill School".into()],
                    line: 2,
                    column: 1
                },
                Expected {
                    name: "Elm, Youth".into(),
                    org_type: Some(OrgType::YouthClub),
                    line: 4,
                    column: 1,
                    ..Expected::default()
                },
            ]
        );
    }

    #[test]
    fn names_written_with_escapes_do_not_upset_the_line_search() {
        let text = "- \"Caf\\u00e9 \u{e9}\u{e9}\"\n- Oak\n";
        let list = from_yaml(text, Path::new("e.yaml"), &mut Diagnostics::new());
        assert_eq!(list[0].name, "Café éé");
        assert_eq!(list[1].line, 2);
    }

    #[test]
    fn yaml_lists_may_be_names_or_maps_with_ids_types_and_aliases() {
        let text = "organisations:\n  - Oak Hill\n  - name: Elm Youth Club\n    id: 123456\n    type: youth\n    aliases: [Elm Lane Youth]\n  - name: Ash\n    type: academy\n";
        let mut ds = Diagnostics::new();
        let list = from_yaml(text, Path::new("e.yaml"), &mut ds);
        assert_eq!(
            list[1],
            Expected {
                name: "Elm Youth Club".into(),
                id: "123456".into(),
                org_type: Some(OrgType::YouthClub),
                aliases: vec!["Elm Lane Youth".into()],
                line: 3,
                column: 11
            }
        );
        let got: Vec<(String, usize)> = ds.iter().map(|d| (d.message.clone(), d.line)).collect();
        assert_eq!(
            got,
            vec![("`academy` is not an organisation type".to_string(), 7)]
        );
    }
}
