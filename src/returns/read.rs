//! Reading one return file: the CSV the audit page exports (or the same file after a trip through
//! Excel) and the JSON it exports. Every problem is a diagnostic at the file's line; a file with
//! an error gives no return, so the report only counts answers it could read with certainty.
//! The formats themselves are read in [`super::read_csv`] and [`super::read_json`], into the
//! [`Return`] and with the [`finish`] given here.

use crate::diagnostics::rule;
use std::path::{Path, PathBuf};

use super::{Answer, OrgType};
use crate::diagnostics::{Diagnostic, LineIndex};
use crate::load::date::Date;

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
    /// The organisation's id (a URN or any code), when the audit page was given one.
    pub org_id: String,
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

/// The whole-return fields, with the line each was found on.
pub struct Fields {
    pub audit: (String, usize),
    pub version: String,
    pub organisation: (String, usize),
    pub org_id: String,
    pub org_type: (String, usize),
    pub completed_by: String,
    pub date: (String, usize),
}

pub fn finish(
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
            org_id: f.org_id,
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

#[cfg(test)]
mod tests {
    use super::*;

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
