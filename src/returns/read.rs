//! Reading one return file: the CSV the audit page exports (or the same file after a trip through
//! Excel) and the JSON it exports. Every problem is a diagnostic at the file's line; a file with
//! an error gives no return, so the report only counts answers it could read with certainty.

use crate::diagnostics::rule;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{Answer, OrgType};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::load::date::Date;

/// The format name JSON returns carry, and the newest `format_version` this safeguide reads.
pub const JSON_FORMAT: &str = "safeguide-audit-return";
const JSON_VERSION: u64 = 1;

/// The CSV columns, as the audit page writes them.
pub const COLUMNS: [&str; 13] = [
    "Audit",
    "Audit version",
    "Audit date",
    "Organisation",
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

/// One answer as the file gave it.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub id: String,
    pub question: String,
    pub answer: Answer,
    pub evidence: String,
    pub line: usize,
}

/// A return that was read without errors.
#[derive(Debug, Clone)]
pub struct Return {
    /// As the user named it (`returns/oak-hill.csv`).
    pub file: PathBuf,
    pub text: String,
    pub audit_id: String,
    pub version: String,
    pub organisation: String,
    pub org_type: String,
    pub completed_by: String,
    pub date: Option<Date>,
    /// Where the organisation is named, for diagnostics about the whole return.
    pub line: usize,
    pub answers: Vec<RawAnswer>,
    /// Where each line of `text` starts, for pointing at rows quickly.
    pub lines: LineIndex,
}

impl Return {
    pub fn at(&self, d: Diagnostic, line: usize) -> Diagnostic {
        if line == 0 {
            return d.in_file(&self.file);
        }
        d.at_indexed_line(&self.file, &self.text, &self.lines, line, 1)
    }
}

/// Files in a returns folder that are not returns and not worth a word: system and lock files.
pub fn ignored(name: &str) -> bool {
    name.starts_with('.') || name.starts_with("~$") || name == "Thumbs.db" || name == "desktop.ini"
}

/// Reads one file. With any error among the diagnostics the return must not be counted; it is
/// still given when the file named its organisation and audit.
pub fn read(path: &Path, display: &Path) -> (Option<Return>, Vec<Diagnostic>) {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let not_a_return = |why: &str, help: &str| {
        (
            None,
            vec![
                Diagnostic::error(rule::NOT_A_RETURN, format!("not a return: {why}"))
                    .in_file(display)
                    .help(help.to_string()),
            ],
        )
    };
    match ext.as_str() {
        "csv" | "json" | "txt" => {}
        "xlsx" | "xls" | "ods" | "numbers" => {
            return not_a_return(
                "this is a spreadsheet, not the CSV file the audit page exports",
                "open it in Excel and choose File > Save As > \"CSV UTF-8 (Comma delimited)\", then put the .csv file in this folder instead",
            )
        }
        _ => {
            return not_a_return(
                "only .csv and .json files exported from an audit page are returns",
                "move other files out of the returns folder",
            )
        }
    }
    // Under the read rule, inside the returns folder the file is in: no link out, no pipe.
    let folder = crate::safe_fs::read::folder_of(path);
    let bytes = match crate::safe_fs::read::read(&folder, path, crate::safe_fs::read::TEXT_LIMIT) {
        Ok(b) => b,
        Err(e) => {
            return (
                None,
                vec![
                Diagnostic::error(rule::NOT_A_RETURN, format!("cannot read the file: {e}"))
                    .in_file(display)
                    .help("check the file is not open in another program and that you can read it"),
            ],
            )
        }
    };
    let text = decode(&bytes);
    if text.trim().is_empty() {
        return not_a_return(
            "the file is empty",
            "export the return again from the audit page",
        );
    }
    if ext == "json" || text.trim_start().starts_with('{') {
        read_json(text, display)
    } else {
        read_csv(text, display)
    }
}

/// Text of a file as Excel may have saved it: UTF-8 (with or without a byte-order mark), UTF-16
/// ("Unicode text") or Windows-1252 ("CSV (Comma delimited)" on a UK Windows PC).
pub fn decode(bytes: &[u8]) -> String {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return String::from_utf8_lossy(rest).into_owned();
    }
    let utf16 = |le: bool, rest: &[u8]| {
        let units: Vec<u16> = rest
            .chunks_exact(2)
            .map(|c| {
                if le {
                    u16::from_le_bytes([c[0], c[1]])
                } else {
                    u16::from_be_bytes([c[0], c[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return utf16(true, rest);
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return utf16(false, rest);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
    }
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

pub fn parse_answer(s: &str) -> Option<Answer> {
    Some(match s.trim().to_lowercase().as_str() {
        "yes" | "y" => Answer::Yes,
        "partly" | "partially" | "partial" => Answer::Partly,
        "no" | "n" => Answer::No,
        "" | "not answered" | "-" => Answer::NotAnswered,
        _ => return None,
    })
}

/// Dates as the page writes them (2026-12-01) and as Excel in the UK rewrites them (01/12/2026).
pub fn parse_date(s: &str) -> Option<Date> {
    let s = s.trim();
    [
        "%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %B %Y", "%d %b %Y",
    ]
    .iter()
    .find_map(|f| chrono::NaiveDate::parse_from_str(s, f).ok())
    .map(Date)
}

/// What a whole-return field said and where it was first said.
#[derive(Default)]
struct Meta {
    value: String,
    line: usize,
}

fn read_csv(text: String, display: &Path) -> (Option<Return>, Vec<Diagnostic>) {
    let index = LineIndex::new(&text);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let first_line = text.lines().next().unwrap_or("");
    // Excel in some languages saves with semicolons, and "Unicode text" with tabs.
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',');
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
    if !missing.is_empty() {
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
        return (
            None,
            vec![Diagnostic::error(rule::NOT_A_RETURN, message)
                .at_indexed_line(display, &text, &index, 1, 1)
                .help(help)],
        );
    }
    let mut meta: [Meta; 7] = Default::default();
    let meta_slot = |c: Col| match c {
        Col::Audit => Some((0, "audit")),
        Col::Version => Some((1, "audit version")),
        Col::Organisation => Some((2, "organisation")),
        Col::OrgType => Some((3, "organisation type")),
        Col::CompletedBy => Some((4, "completed by")),
        Col::Date => Some((5, "date completed")),
        Col::AuditDate => Some((6, "audit date")),
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
            let unclosed = record.iter().any(|c| c.contains('\n')) && record.len() < header.len();
            errors.push(
                Diagnostic::error(
                    rule::MALFORMED_CSV,
                    format!(
                        "this row has {} cell{} but the first row names {} columns",
                        record.len(),
                        if record.len() == 1 { "" } else { "s" },
                        header.len()
                    ),
                )
                .at_indexed_line(display, &text, &index, line, 1)
                .help(if unclosed {
                    "a quote mark `\"` opens a cell here and is never closed; export the return again or close the quote".to_string()
                } else {
                    "a cell may hold a comma without quote marks around it; export the return again from the audit page".to_string()
                }),
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
                let m = &mut meta[slot];
                if m.value.is_empty() {
                    if !value.is_empty() {
                        *m = Meta {
                            value: value.to_string(),
                            line,
                        };
                    }
                } else if !value.is_empty() && value != m.value {
                    errors.push(
                        Diagnostic::error(
                            rule::MIXED_RETURN,
                            format!(
                                "the {name} here is `{value}`, but line {} says `{}`",
                                m.line, m.value
                            ),
                        )
                        .at_indexed_line(display, &text, &index, line, column_of(i))
                        .help("a return is from one organisation for one audit; put each organisation's answers in a file of its own"),
                    );
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
    let [audit, version, organisation, org_type, completed_by, date, _audit_date] = meta;
    finish(
        display,
        text,
        Fields {
            audit: (audit.value, audit.line),
            version: version.value,
            organisation: (organisation.value, organisation.line),
            org_type: (org_type.value, org_type.line),
            completed_by: completed_by.value,
            date: (date.value, date.line),
        },
        answers,
        errors,
        &mut warnings,
    )
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

/// The whole-return fields, with the line each was found on.
struct Fields {
    audit: (String, usize),
    version: String,
    organisation: (String, usize),
    org_type: (String, usize),
    completed_by: String,
    date: (String, usize),
}

fn finish(
    display: &Path,
    text: String,
    f: Fields,
    answers: Vec<RawAnswer>,
    mut errors: Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> (Option<Return>, Vec<Diagnostic>) {
    let index = LineIndex::new(&text);
    let at = |d: Diagnostic, line: usize| {
        if line == 0 {
            d.in_file(display)
        } else {
            d.at_indexed_line(display, &text, &index, line, 1)
        }
    };
    let first_row = answers.first().map_or(2, |a| a.line);
    if f.audit.0.is_empty() {
        errors.push(at(
            Diagnostic::error(
                rule::NOT_A_RETURN,
                "the return does not say which audit it answers",
            )
            .help("export the return again from the audit page, which fills in `Audit`"),
            first_row,
        ));
    }
    if f.organisation.0.is_empty() {
        errors.push(at(
            Diagnostic::error(rule::NO_ORGANISATION, "the return does not name its organisation")
                .help("fill in the organisation's name (the `Organisation` column) and send the file again"),
            first_row,
        ));
    }
    if answers.is_empty() && errors.is_empty() {
        errors.push(at(
            Diagnostic::error(rule::NOT_A_RETURN, "the return has no answers")
                .help("export the return again from the audit page"),
            first_row,
        ));
    }
    let date = if f.date.0.is_empty() {
        None
    } else {
        let d = parse_date(&f.date.0);
        if d.is_none() {
            errors.push(at(
                Diagnostic::error(
                    rule::BAD_DATE,
                    format!("`{}` is not a date this can read", f.date.0),
                )
                .help("write the date completed as 2026-12-01 (or 01/12/2026)"),
                f.date.1,
            ));
        }
        d
    };
    let org_type = match OrgType::parse(&f.org_type.0) {
        Some(t) => t.label().to_string(),
        None => {
            warnings.push(at(
                Diagnostic::warning(
                    rule::ORGANISATION_TYPE,
                    format!("`{}` is not one of the organisation types", f.org_type.0),
                )
                .help(format!(
                    "use one of: {}; the report shows it as written",
                    OrgType::ALL.map(|t| t.label()).join(", ")
                )),
                f.org_type.1,
            ));
            f.org_type.0
        }
    };
    // A return with errors is still returned (the caller leaves it out) so that the report can
    // say whose return it was.
    errors.append(warnings);
    (
        Some(Return {
            file: display.to_path_buf(),
            audit_id: f.audit.0,
            version: f.version,
            line: f.organisation.1,
            organisation: f.organisation.0,
            org_type,
            completed_by: f.completed_by,
            date,
            answers,
            text,
            lines: index,
        }),
        errors,
    )
}

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

fn read_json(text: String, display: &Path) -> (Option<Return>, Vec<Diagnostic>) {
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
            r#""audits/a","2","2026-11-01","Oak Hill","School","Ms P","01/12/2026","policy","1","Policy","Is there a policy?","Yes","Approved
in May""#,
            r#""audits/a","2","2026-11-01","Oak Hill","School","Ms P","01/12/2026","aup","2","Policy","AUP?","Not answered","""#,
        ]);
        let (r, ds) = read_csv(text, Path::new("r/oak.csv"));
        assert!(ds.is_empty(), "{ds:?}");
        let r = r.unwrap();
        assert_eq!(r.organisation, "Oak Hill");
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
            r#"audits/a,2,,Oak Hill,School,,,policy,1,,Q,Maybe,"#,
            r#"audits/a,2,,Elm Lane,School,,,aup,2,,Q,Yes,"#,
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
                "r.csv:2:43 `Maybe` is not an answer".to_string(),
                "r.csv:3:13 the organisation here is `Elm Lane`, but line 2 says `Oak Hill`"
                    .to_string(),
            ]
        );
    }

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

    #[test]
    fn windows_1252_and_utf16_files_decode() {
        assert_eq!(decode(b"St Mary\x92s \x80"), "St Mary’s €");
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Oak".encode_utf16() {
            utf16.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&utf16), "Oak");
    }

    #[test]
    fn answers_and_dates_are_read_leniently_but_not_guessed() {
        assert_eq!(parse_answer(" YES "), Some(Answer::Yes));
        assert_eq!(parse_answer("Partially"), Some(Answer::Partly));
        assert_eq!(parse_answer(""), Some(Answer::NotAnswered));
        assert_eq!(parse_answer("maybe"), None);
        assert!(parse_date("2026-13-01").is_none());
        assert_eq!(
            parse_date("3 December 2026").unwrap().to_string(),
            "2026-12-03"
        );
    }
}
