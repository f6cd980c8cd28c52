//! A return as JSON, as the audit page exports it.

use crate::diagnostics::rule;
use std::path::Path;

use serde::Deserialize;

use super::read::{finish, parse_answer, Fields, RawAnswer, Return};
use crate::diagnostics::{Diagnostic, LineIndex};

/// The format name JSON returns carry, and the newest `format_version` this safeguide reads.
pub const JSON_FORMAT: &str = "safeguide-audit-return";
pub const JSON_VERSION: u64 = 1;

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonReturn {
    format: String,
    format_version: u64,
    audit: JsonAudit,
    organisation: JsonOrg,
    completed_by: String,
    date: String,
    answers: Vec<JsonAnswer>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonAudit {
    id: String,
    version: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonOrg {
    name: String,
    id: String,
    #[serde(rename = "type")]
    kind: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct JsonAnswer {
    id: String,
    question: String,
    answer: String,
    evidence: String,
}

pub fn read_json(text: String, display: &Path) -> (Option<Return>, Vec<Diagnostic>) {
    let index = LineIndex::new(&text);
    let r: JsonReturn = match serde_json::from_str(&text) {
        Ok(r) => r,
        Err(e) => {
            return (
                None,
                vec![Diagnostic::error(
                    rule::MALFORMED_JSON,
                    format!("the JSON cannot be read: {e}"),
                )
                .at_indexed_line(display, &text, &index, e.line().max(1), e.column())
                .help("export the return again from the audit page")],
            )
        }
    };
    if r.format != JSON_FORMAT {
        return (
            None,
            vec![Diagnostic::error(
                rule::NOT_A_RETURN,
                "not a return: this JSON file was not exported from an audit page",
            )
            .at_indexed_line(display, &text, &index, 1, 1)
            .help(format!(
                "a return starts with \"format\": \"{JSON_FORMAT}\""
            ))],
        );
    }
    if r.format_version > JSON_VERSION {
        return (
            None,
            vec![Diagnostic::error(
                rule::NOT_A_RETURN,
                format!(
                    "this return was made by a newer safeguide (format version {})",
                    r.format_version
                ),
            )
            .at_indexed_line(display, &text, &index, 1, 1)
            .help("update safeguide, or ask for the return as CSV")],
        );
    }
    let line_of = |needle: &str, from: usize| -> (usize, usize) {
        text[from.min(text.len())..]
            .find(needle)
            .map(|p| index.line_col(&text, from + p))
            .unwrap_or((1, 1))
    };
    let mut errors = Vec::new();
    let mut answers = Vec::new();
    // Each answer's line is that of its `"id"`, counted from the start of the answers list.
    let mut from = text.find("\"answers\"").unwrap_or(0);
    for a in r.answers {
        // Only move on past an `"id"` that was found: `from` must stay on a character boundary.
        let at = match text[from..].find("\"id\"") {
            Some(p) => {
                from += p + 4;
                from - 4
            }
            None => from,
        };
        let (line, _) = index.line_col(&text, at);
        let answer = match parse_answer(&a.answer) {
            Some(x) => x,
            None => {
                let (l, c) = line_of(&format!("\"answer\": \"{}\"", a.answer), at);
                errors.push(
                    Diagnostic::error(rule::BAD_ANSWER, format!("`{}` is not an answer", a.answer))
                        .at_indexed_line(display, &text, &index, l, c)
                        .help("answer Yes, Partly or No, or leave it empty (not answered)"),
                );
                continue;
            }
        };
        if a.id.trim().is_empty() {
            errors.push(
                Diagnostic::error(rule::BAD_QUESTION_ID, "this answer has no question id")
                    .at_indexed_line(display, &text, &index, line, 1)
                    .help("export the return again from the audit page"),
            );
            continue;
        }
        answers.push(RawAnswer {
            id: a.id.trim().to_string(),
            question: a.question,
            answer,
            evidence: a.evidence.trim().to_string(),
            line,
        });
    }
    let (org_line, _) = line_of("\"organisation\"", 0);
    let (audit_line, _) = line_of("\"audit\"", 0);
    let (date_line, _) = line_of("\"date\"", text.find("\"completed_by\"").unwrap_or(0));
    let mut warnings = Vec::new();
    finish(
        display,
        text,
        Fields {
            audit: (r.audit.id.trim().to_string(), audit_line),
            version: r.audit.version.trim().to_string(),
            organisation: (r.organisation.name.trim().to_string(), org_line),
            org_id: r.organisation.id.trim().to_string(),
            org_type: (r.organisation.kind.trim().to_string(), org_line),
            completed_by: r.completed_by.trim().to_string(),
            date: (r.date.trim().to_string(), date_line),
        },
        answers,
        errors,
        &mut warnings,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_answers_without_ids_are_errors_not_panics() {
        let text = r#"{"format": "safeguide-audit-return", "audit": {"id": "a"}, "organisation": {"name": "Oak"},
"answers": [{"answer": "yes"}, {"answer": "né"}]}"#;
        let (_, ds) = read_json(text.to_string(), Path::new("r.json"));
        let got: Vec<(&str, usize)> = ds.iter().map(|d| (d.message.as_str(), d.line)).collect();
        assert_eq!(
            got,
            vec![
                ("this answer has no question id", 2),
                ("`né` is not an answer", 2)
            ]
        );
    }
}
