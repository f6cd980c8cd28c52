//! A return as CSV: the file the audit page exports, and the same file saved again by Excel
//! (Windows-1252, semicolons or tabs, retyped headers, UK dates).

use crate::diagnostics::rule;
use std::path::Path;

use super::read::{finish, parse_answer, Fields, RawAnswer, Return};
use super::Answer;
use crate::diagnostics::{Diagnostic, LineIndex};

/// The CSV columns, as the audit page writes them.
pub const COLUMNS: [&str; 14] = [
    "Audit",
    "Audit version",
    "Audit date",
    "Organisation",
    "Organisation id",
    "Organisation type",
    "Completed by",
    "Date completed",
    "Question id",
    "Number",
    "Section",
    "Question",
    "Answer",
    "Evidence and actions",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Audit,
    Version,
    AuditDate,
    Organisation,
    OrgId,
    OrgType,
    CompletedBy,
    Date,
    QuestionId,
    Number,
    Section,
    Question,
    Answer,
    Evidence,
}

/// Header names, lowercased, that mean each column; people retype headers in spreadsheets.
fn column(name: &str) -> Option<Col> {
    let n = name
        .trim()
        .trim_start_matches('\u{feff}')
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(match n.as_str() {
        "audit" | "audit id" => Col::Audit,
        "audit version" | "version" => Col::Version,
        "audit date" => Col::AuditDate,
        "organisation" | "organization" | "organisation name" | "organization name" => {
            Col::Organisation
        }
        "organisation id" | "organization id" | "urn" | "organisation code" => Col::OrgId,
        "organisation type" | "organization type" | "type" => Col::OrgType,
        "completed by" => Col::CompletedBy,
        "date completed" | "date" => Col::Date,
        "question id" | "id" => Col::QuestionId,
        "number" | "no" | "no." | "#" => Col::Number,
        "section" => Col::Section,
        "question" => Col::Question,
        "answer" => Col::Answer,
        "evidence and actions" | "evidence" | "actions" | "notes" => Col::Evidence,
        _ => return None,
    })
}

/// What a whole-return field said and where it was first said.
#[derive(Default)]
struct Meta {
    value: String,
    line: usize,
}

pub fn read_csv(text: String, display: &Path) -> (Option<Return>, Vec<Diagnostic>) {
    // Where each line starts, so pointing at any row is quick however many rows have problems.
    let index = LineIndex::new(&text);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let delimiter = delimiter_of(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        _ => {
            return (
                None,
                vec![Diagnostic::error(
                    rule::NOT_A_RETURN,
                    "not a return: the file has no header row",
                )
                .at_indexed_line(display, &text, &index, 1, 1)
                .help("export the return again from the audit page")],
            )
        }
    };
    let cols: Vec<Option<Col>> = header.iter().map(column).collect();
    if let Some(d) = header_problem(&cols) {
        return (None, vec![d.at_indexed_line(display, &text, &index, 1, 1)]);
    }
    let mut meta: [Meta; 8] = Default::default();
    let meta_slot = |c: Col| match c {
        Col::Audit => Some((0, "audit")),
        Col::Version => Some((1, "audit version")),
        Col::Organisation => Some((2, "organisation")),
        Col::OrgType => Some((3, "organisation type")),
        Col::CompletedBy => Some((4, "completed by")),
        Col::Date => Some((5, "date completed")),
        Col::AuditDate => Some((6, "audit date")),
        Col::OrgId => Some((7, "organisation id")),
        _ => None,
    };
    let mut answers = Vec::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                errors.push(
                    Diagnostic::error(rule::MALFORMED_CSV, format!("this row cannot be read: {e}"))
                        .at_indexed_line(display, &text, &index, line.max(1), 1)
                        .help("export the return again from the audit page"),
                );
                break;
            }
        };
        let line = record_line(&text, &index, &record);
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let column_of = |i: usize| column_in_line(&text, &index, line, i, delimiter);
        if record.len() != header.len() {
            errors.push(
                wrong_length(&record, header.len())
                    .at_indexed_line(display, &text, &index, line, 1),
            );
            continue;
        }
        let mut a = RawAnswer {
            id: String::new(),
            question: String::new(),
            answer: Answer::NotAnswered,
            evidence: String::new(),
            line,
        };
        for (i, cell) in record.iter().enumerate() {
            let Some(c) = cols[i] else { continue };
            // The export put a `'` before anything a spreadsheet would run: take it out again.
            let cell = crate::csv_cell::restore(cell);
            let value = cell.trim();
            if let Some((slot, name)) = meta_slot(c) {
                if let Some(d) = meta_clash(&mut meta[slot], name, value, line) {
                    errors.push(d.at_indexed_line(display, &text, &index, line, column_of(i)));
                }
                continue;
            }
            match c {
                Col::QuestionId => a.id = value.to_string(),
                Col::Question => a.question = value.to_string(),
                Col::Evidence => a.evidence = cell.trim().replace("\r\n", "\n"),
                Col::Answer => match parse_answer(value) {
                    Some(ans) => a.answer = ans,
                    None => errors.push(
                        Diagnostic::error(rule::BAD_ANSWER, format!("`{value}` is not an answer"))
                            .at_indexed_line(display, &text, &index, line, column_of(i))
                            .help(
                                "answer Yes, Partly or No, or leave the cell empty (not answered)",
                            ),
                    ),
                },
                _ => {}
            }
        }
        if a.id.is_empty() {
            errors.push(
                Diagnostic::error(rule::BAD_QUESTION_ID, "this row has no question id")
                    .at_indexed_line(display, &text, &index, line, 1)
                    .help("every row needs the `Question id` the audit page wrote; export the return again"),
            );
            continue;
        }
        answers.push(a);
    }
    let [audit, version, organisation, org_type, completed_by, date, _audit_date, org_id] = meta;
    finish(
        display,
        text,
        Fields {
            audit: (audit.value, audit.line),
            version: version.value,
            organisation: (organisation.value, organisation.line),
            org_id: org_id.value,
            org_type: (org_type.value, org_type.line),
            completed_by: completed_by.value,
            date: (date.value, date.line),
        },
        answers,
        errors,
        &mut warnings,
    )
}

/// The delimiter of the rows: Excel in some languages saves with semicolons, and "Unicode text"
/// with tabs; whichever the header row has most of.
fn delimiter_of(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

/// Notes a whole-return field's `value` at `line` in `m`: the first said is kept, and one that
/// says otherwise is an error (to be placed at its cell).
fn meta_clash(m: &mut Meta, name: &str, value: &str, line: usize) -> Option<Diagnostic> {
    if m.value.is_empty() {
        if !value.is_empty() {
            *m = Meta {
                value: value.to_string(),
                line,
            };
        }
        return None;
    }
    (!value.is_empty() && value != m.value).then(|| {
        Diagnostic::error(
            rule::MIXED_RETURN,
            format!(
                "the {name} here is `{value}`, but line {} says `{}`",
                m.line, m.value
            ),
        )
        .help("a return is from one organisation for one audit; put each organisation's answers in a file of its own")
    })
}

/// A row with more or fewer cells than the header names columns.
fn wrong_length(record: &csv::StringRecord, columns: usize) -> Diagnostic {
    let unclosed = record.iter().any(|c| c.contains('\n')) && record.len() < columns;
    Diagnostic::error(
        rule::MALFORMED_CSV,
        format!(
            "this row has {} cell{} but the first row names {columns} columns",
            record.len(),
            if record.len() == 1 { "" } else { "s" },
        ),
    )
    .help(if unclosed {
        "a quote mark `\"` opens a cell here and is never closed; export the return again or close the quote"
    } else {
        "a cell may hold a comma without quote marks around it; export the return again from the audit page"
    })
}

/// Why a header row is not a return's, when it is not.
fn header_problem(cols: &[Option<Col>]) -> Option<Diagnostic> {
    let has = |c: Col| cols.contains(&Some(c));
    let missing: Vec<&str> = [
        (Col::Audit, "Audit"),
        (Col::Organisation, "Organisation"),
        (Col::QuestionId, "Question id"),
        (Col::Answer, "Answer"),
    ]
    .into_iter()
    .filter(|(c, _)| !has(*c))
    .map(|(_, n)| n)
    .collect();
    if missing.is_empty() {
        return None;
    }
    let (message, help) = if has(Col::Question) && has(Col::Answer) {
        (
            "not a return: this is an answers file from before audits recorded the organisation and question ids".to_string(),
            "open the audit page again (your answers are still saved in that browser), fill in \"About your organisation\" and download your return".to_string(),
        )
    } else {
        (
            format!(
                "not a return: the first row has no {} column{}",
                missing
                    .iter()
                    .map(|m| format!("`{m}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                if missing.len() == 1 { "" } else { "s" }
            ),
            format!(
                "a return's first row names its columns: {}; export the return again from the audit page",
                COLUMNS.join(", ")
            ),
        )
    };
    Some(Diagnostic::error(rule::NOT_A_RETURN, message).help(help))
}

/// The line a record starts on. The csv crate's own line count misses blank lines and counts
/// CRLF endings oddly; its byte offset points just after the previous record's end.
pub fn record_line(text: &str, index: &LineIndex, record: &csv::StringRecord) -> usize {
    let Some(p) = record.position() else { return 1 };
    let from = (p.byte() as usize).min(text.len());
    let skip = text[from..].find(|c| c != '\r' && c != '\n').unwrap_or(0);
    index.line_of(from + skip)
}

/// The 1-based character column where cell `i` of a record starts, when its line can be matched.
fn column_in_line(text: &str, index: &LineIndex, line: usize, i: usize, delimiter: u8) -> usize {
    let Some(src) = index.line(text, line) else {
        return 1;
    };
    // Walk the line's cells, skipping quoted delimiters, until cell `i`.
    let mut cell = 0;
    let mut quoted = false;
    for (pos, ch) in src.char_indices() {
        if cell == i {
            return src[..pos].chars().count() + 1;
        }
        match ch {
            '"' => quoted = !quoted,
            c if c as u32 == delimiter as u32 && !quoted => cell += 1,
            _ => {}
        }
    }
    if cell == i {
        src.chars().count() + 1
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn csv_of(rows: &[&str]) -> String {
        let mut s = String::from("\u{feff}");
        s.push_str(&COLUMNS.map(|c| format!("\"{c}\"")).join(","));
        for r in rows {
            s.push_str("\r\n");
            s.push_str(r);
        }
        s.push_str("\r\n");
        s
    }

    #[test]
    fn reads_the_page_export_with_excel_dates_and_quoted_newlines() {
        let text = csv_of(&[
            r#""audits/a","2","2026-11-01","Oak Hill","100001","School","Ms P","01/12/2026","policy","1","Policy","Is there a policy?","Yes","Approved
in May""#,
            r#""audits/a","2","2026-11-01","Oak Hill","100001","School","Ms P","01/12/2026","aup","2","Policy","AUP?","Not answered","""#,
        ]);
        let (r, ds) = read_csv(text, Path::new("r/oak.csv"));
        assert!(ds.is_empty(), "{ds:?}");
        let r = r.unwrap();
        assert_eq!(r.organisation, "Oak Hill");
        assert_eq!(r.org_id, "100001");
        assert_eq!(r.date.unwrap().to_string(), "2026-12-01");
        assert_eq!(r.answers[0].evidence, "Approved\nin May");
        assert_eq!(
            r.answers[1].line, 4,
            "the quoted newline makes row 2 start on line 4"
        );
        assert_eq!(r.answers[1].answer, Answer::NotAnswered);
    }

    #[test]
    fn bad_answers_and_mixed_organisations_point_at_the_cell() {
        let text = csv_of(&[
            r#"audits/a,2,,Oak Hill,,School,,,policy,1,,Q,Maybe,"#,
            r#"audits/a,2,,Elm Lane,,School,,,aup,2,,Q,Yes,"#,
        ]);
        let (r, ds) = read_csv(text, Path::new("r.csv"));
        assert_eq!(
            r.map(|r| r.organisation).as_deref(),
            Some("Oak Hill"),
            "says whose it was"
        );
        let got: Vec<String> = ds
            .iter()
            .map(|d| {
                format!(
                    "{}:{}:{} {}",
                    d.file.as_ref().unwrap().display(),
                    d.line,
                    d.column,
                    d.message
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                "r.csv:2:44 `Maybe` is not an answer".to_string(),
                "r.csv:3:13 the organisation here is `Elm Lane`, but line 2 says `Oak Hill`"
                    .to_string(),
            ]
        );
    }
}
