//! The two CSVs: the summary (a row per question, a column per organisation) and the long format
//! (a row per organisation and question) that Excel and Power BI pivot on. Both open in Excel as
//! UTF-8 (byte-order mark) and never carry a cell a spreadsheet would run as a formula.

use std::collections::HashMap;

use super::{counts, question_score, Outcome};
use crate::returns::OrgReturn;

/// The summary CSV's first columns, which mark it as made by this command.
pub const CSV_HEADER: [&str; 9] = [
    "Question id",
    "Number",
    "Section",
    "Question",
    "Yes",
    "Partly",
    "No",
    "Not answered",
    "Score (%)",
];

/// The long CSV's columns, which mark it as made by this command.
pub const LONG_HEADER: [&str; 12] = [
    "Round",
    "Organisation id",
    "Organisation",
    "Organisation type",
    "Section",
    "Question id",
    "Number",
    "Question",
    "Answer",
    "Previous answer",
    "Evidence and actions",
    "File",
];

/// Text in a cell, under the one CSV cell rule (src/csv_cell.rs).
pub fn safe_cell(s: &str) -> String {
    crate::csv_cell::neutralise(s)
}

fn writer() -> csv::Writer<Vec<u8>> {
    csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()))
}

/// The summary CSV: a row per question with its counts and score, then every organisation's
/// answer in a column of its own.
pub fn summary_csv(outcome: &Outcome<'_>) -> Vec<u8> {
    let mut w = writer();
    let mut header: Vec<String> = CSV_HEADER.iter().map(|s| s.to_string()).collect();
    header.extend(
        outcome
            .round
            .returns
            .iter()
            .map(|r| safe_cell(&r.organisation)),
    );
    let _ = w.write_record(&header);
    for (i, q) in outcome.audit.questions.iter().enumerate() {
        let c = counts(&outcome.round, i);
        let mut row = vec![
            safe_cell(&q.id),
            q.number.to_string(),
            safe_cell(&q.section),
            safe_cell(&q.text),
            c[0].to_string(),
            c[1].to_string(),
            c[2].to_string(),
            c[3].to_string(),
            if outcome.round.returns.is_empty() {
                String::new()
            } else {
                format!("{}", question_score(&c).round() as i64)
            },
        ];
        row.extend(
            outcome
                .round
                .returns
                .iter()
                .map(|r| r.answers[i].0.label().to_string()),
        );
        let _ = w.write_record(&row);
    }
    w.into_inner().unwrap_or_default()
}

/// The long CSV: one row per included return and question of the audit, in the report's order.
/// Answers are the stable English labels, as in a return, whatever the report's language.
pub fn long_csv(outcome: &Outcome<'_>) -> Vec<u8> {
    let mut w = writer();
    let _ = w.write_record(LONG_HEADER);
    let before: HashMap<&str, &OrgReturn> = outcome
        .previous
        .as_ref()
        .map(|p| p.by_key())
        .unwrap_or_default();
    for r in &outcome.round.returns {
        let prev = before.get(r.key.as_str());
        for (i, q) in outcome.audit.questions.iter().enumerate() {
            let (answer, evidence) = &r.answers[i];
            let row = [
                safe_cell(&outcome.round.name),
                safe_cell(&r.id),
                safe_cell(&r.organisation),
                safe_cell(&r.org_type),
                safe_cell(&q.section),
                safe_cell(&q.id),
                q.number.to_string(),
                safe_cell(&q.text),
                answer.label().to_string(),
                prev.map(|p| p.answers[i].0.label().to_string())
                    .unwrap_or_default(),
                safe_cell(evidence),
                safe_cell(&crate::returns::file_name(&r.file)),
            ];
            let _ = w.write_record(&row);
        }
    }
    w.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_cells_are_written_as_text() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("-1+2"), "'-1+2");
        assert_eq!(safe_cell("Oak Hill"), "Oak Hill");
    }
}
