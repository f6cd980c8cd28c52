//! `safeguide returns`: every school's and setting's self-review return, read back into one report
//! for the safeguarding partnership.
//!
//! [`read`] reads one file into a [`read::Return`]; this module matches its answers to the site's
//! audit by question id (so returns from an older version still count), keeps one return per
//! organisation, and compares with the expected list and an earlier round. [`report`] writes the
//! HTML report and the summary CSV.

pub mod expected;
pub mod identify;
pub mod matching;
pub mod read;
pub mod read_csv;
pub mod read_json;
pub mod report;

pub use matching::{compare, match_round, Change};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure};
use crate::load::date::Date;
use crate::load::frontmatter::Kind;
use crate::markdown::audit::{self, Question};
use crate::render::context::audit_id;
use crate::resolve::Site;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    No,
    Partly,
    Yes,
    NotAnswered,
}

impl Answer {
    pub const ALL: [Answer; 4] = [Answer::Yes, Answer::Partly, Answer::No, Answer::NotAnswered];

    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::Partly => "Partly",
            Answer::No => "No",
            Answer::NotAnswered => "Not answered",
        }
    }

    /// What an answer counts towards a score: Yes 1, Partly a half, No and not answered nothing
    /// (an unanswered question gives the partnership no assurance).
    pub fn points(self) -> f64 {
        match self {
            Answer::Yes => 1.0,
            Answer::Partly => 0.5,
            Answer::No | Answer::NotAnswered => 0.0,
        }
    }

    /// Order for "improved" and "declined": only answered questions compare.
    fn rank(self) -> Option<u8> {
        match self {
            Answer::No => Some(0),
            Answer::Partly => Some(1),
            Answer::Yes => Some(2),
            Answer::NotAnswered => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrgType {
    School,
    EarlyYears,
    YouthClub,
    SportsClub,
    FaithSetting,
    Other,
}

impl OrgType {
    pub const ALL: [OrgType; 6] = [
        OrgType::School,
        OrgType::EarlyYears,
        OrgType::YouthClub,
        OrgType::SportsClub,
        OrgType::FaithSetting,
        OrgType::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            OrgType::School => "School",
            OrgType::EarlyYears => "Early years",
            OrgType::YouthClub => "Youth club",
            OrgType::SportsClub => "Sports club",
            OrgType::FaithSetting => "Faith setting",
            OrgType::Other => "Other",
        }
    }

    /// The id the audit page and the expected list use (`early-years`).
    pub fn id(self) -> &'static str {
        match self {
            OrgType::School => "school",
            OrgType::EarlyYears => "early-years",
            OrgType::YouthClub => "youth-club",
            OrgType::SportsClub => "sports-club",
            OrgType::FaithSetting => "faith-setting",
            OrgType::Other => "other",
        }
    }

    /// By label, id or the short word (`Early years`, `early-years`, `youth`, `sport`); an
    /// empty type is `Other`.
    pub fn parse(s: &str) -> Option<OrgType> {
        let n = s.trim().to_lowercase().replace(['-', '_'], " ");
        let short = match n.as_str() {
            "" => Some(OrgType::Other),
            "youth" => Some(OrgType::YouthClub),
            "sport" | "sports" => Some(OrgType::SportsClub),
            "faith" => Some(OrgType::FaithSetting),
            _ => None,
        };
        short.or_else(|| {
            OrgType::ALL
                .into_iter()
                .find(|t| t.label().to_lowercase() == n)
        })
    }
}

/// One audit of the site, as returns are matched against it.
#[derive(Debug, Clone)]
pub struct AuditDef {
    pub id: String,
    pub title: String,
    pub version: String,
    pub date: Option<Date>,
    pub questions: Vec<Question>,
}

impl AuditDef {
    /// Question index by every id a question has now or had before.
    fn by_id(&self) -> HashMap<&str, usize> {
        let mut m = HashMap::new();
        for (i, q) in self.questions.iter().enumerate() {
            for old in &q.replaces {
                m.insert(old.as_str(), i);
            }
        }
        for (i, q) in self.questions.iter().enumerate() {
            m.insert(q.id.as_str(), i);
        }
        m
    }

    pub fn edition(&self) -> String {
        let mut s = if self.version.is_empty() {
            "no version".to_string()
        } else {
            format!("version {}", self.version)
        };
        if let Some(d) = self.date {
            s.push_str(&format!(", updated {}", d.long()));
        }
        s
    }
}

/// Every audit page of the site, with its questions. Problems in the questions (bad or repeated
/// ids) are errors: returns cannot be matched to an audit whose ids are ambiguous.
pub fn audits(site: &Site) -> (Vec<AuditDef>, Diagnostics) {
    let mut ds = Diagnostics::new();
    let mut out = Vec::new();
    for page in site.pages.iter().filter(|p| p.kind == Kind::Audit) {
        let (questions, problems) = audit::questions(page.src.body());
        for p in problems {
            ds.push(
                Diagnostic::error(p.rule, p.message)
                    .at_offset(
                        &page.src.display,
                        &page.src.text,
                        page.src.body_offset + p.offset,
                    )
                    .help(p.help),
            );
        }
        let fm = &page.src.fm;
        out.push(AuditDef {
            id: audit_id(&page.path),
            title: fm.title.clone(),
            version: fm.version.clone().unwrap_or_default(),
            date: fm.updated.or(fm.date),
            questions,
        });
    }
    (out, ds)
}

/// One organisation's return, matched to the audit's current questions.
#[derive(Debug, Clone)]
pub struct OrgReturn {
    pub organisation: String,
    /// What matches it with the same organisation's other returns and its previous round:
    /// its expected list entry when it has one, else its name ([`org_key`]).
    pub key: String,
    /// Its id (a URN or any code): the return's own, else its expected list entry's.
    pub id: String,
    /// Its entry in the expected list, when given and matched.
    pub expected: Option<usize>,
    pub org_type: String,
    pub completed_by: String,
    pub date: Option<Date>,
    pub version: String,
    pub file: PathBuf,
    /// Per current question (in audit order): the answer and its evidence and action text.
    pub answers: Vec<(Answer, String)>,
}

impl OrgReturn {
    pub fn count(&self, a: Answer) -> usize {
        self.answers.iter().filter(|(x, _)| *x == a).count()
    }

    /// Percent, 0 to 100.
    pub fn score(&self) -> f64 {
        score(self.answers.iter().map(|(a, _)| *a))
    }
}

pub fn score(answers: impl Iterator<Item = Answer>) -> f64 {
    let (mut points, mut n) = (0.0, 0usize);
    for a in answers {
        points += a.points();
        n += 1;
    }
    if n == 0 {
        0.0
    } else {
        100.0 * points / n as f64
    }
}

/// A returns file that did not make it into the report, and why.
#[derive(Debug, Clone)]
pub struct Excluded {
    pub file: PathBuf,
    /// Whose return it was, when the file says.
    pub organisation: Option<String>,
    /// The organisation id the file gives, if any.
    pub id: String,
    /// The rule of the problem that left it out, so a report can say it in its own language.
    pub rule: &'static str,
    pub reason: String,
}

/// One folder of returns, read and matched.
#[derive(Debug, Clone, Default)]
pub struct Round {
    /// The folder's name, e.g. `2026-returns`.
    pub name: String,
    /// One per organisation, by organisation name.
    pub returns: Vec<OrgReturn>,
    pub excluded: Vec<Excluded>,
    pub files: usize,
}

impl Round {
    /// The file of a return from expected organisation `entry` that was left out (for "missing"
    /// organisations that did send one).
    pub fn excluded_from(&self, list: &[expected::Expected], entry: usize) -> Option<&Excluded> {
        self.excluded.iter().find(|x| {
            let name = x.organisation.as_deref().unwrap_or_default();
            identify::exact(list, &x.id, name).map(|m| m.index) == Some(entry)
        })
    }

    /// Whether expected organisation `entry` has a return in this round.
    pub fn has_entry(&self, entry: usize) -> bool {
        self.returns.iter().any(|r| r.expected == Some(entry))
    }

    pub fn by_key(&self) -> HashMap<&str, &OrgReturn> {
        self.returns.iter().map(|r| (r.key.as_str(), r)).collect()
    }
}

/// Organisation names as people type them: "St. Mary's C of E" and "St Marys C of E" are one.
pub fn org_key(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A file's name without its folders: reports go to boards, and the officer's folders are
/// nobody else's business.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads one file. With any error among the diagnostics the return must not be counted; it is
/// still given when the file named its organisation and audit.
pub fn read_file(path: &Path, display: &Path) -> (Option<read::Return>, Vec<Diagnostic>) {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let not_a_return = |why: &str, help: &str| {
        (
            None,
            vec![Diagnostic::error(
                crate::diagnostics::rule::NOT_A_RETURN,
                format!("not a return: {why}"),
            )
            .in_file(display)
            .help(help.to_string())],
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
                vec![Diagnostic::error(
                    crate::diagnostics::rule::NOT_A_RETURN,
                    format!("cannot read the file: {e}"),
                )
                .in_file(display)
                .help("check the file is not open in another program and that you can read it")],
            )
        }
    };
    let text = read::decode(&bytes);
    if text.trim().is_empty() {
        return not_a_return(
            "the file is empty",
            "export the return again from the audit page",
        );
    }
    if ext == "json" || text.trim_start().starts_with('{') {
        read_json::read_json(text, display)
    } else {
        read_csv::read_csv(text, display)
    }
}

/// One file of a returns folder: its path, the return if it named one, and its diagnostics.
pub type FileRead = (PathBuf, Option<read::Return>, Vec<Diagnostic>);

/// Reads every file in `dir` in parallel; returns them in file-name order with their diagnostics.
pub fn read_dir(dir: &Path) -> Result<Vec<FileRead>, Failure> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        Failure::Usage(format!(
            "cannot read the returns folder {}: {e}",
            dir.display()
        ))
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter(|e| !read::ignored(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    files.sort();
    Ok(files
        .into_par_iter()
        .map(|path| {
            let display = path.clone();
            let (r, ds) = read_file(&path, &display);
            (path, r, ds)
        })
        .collect())
}

/// Which audit the returns are for: `--audit` (its id or the last part of it), the site's only
/// audit, or the one audit the returns name.
pub fn choose_audit<'a>(
    audits: &'a [AuditDef],
    wanted: Option<&str>,
    named: &[&str],
) -> Result<&'a AuditDef, Failure> {
    let list = || {
        audits
            .iter()
            .map(|a| format!("  {} ({})", a.id, a.title))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if audits.is_empty() {
        return Err(Failure::Usage(
            "this site has no audit pages (pages with `kind: audit`), so there is nothing to match returns to; use --root to name the site folder".into(),
        ));
    }
    if let Some(w) = wanted {
        let w = w.trim().trim_matches('/').trim_end_matches(".md");
        return audits
            .iter()
            .find(|a| a.id == w || a.id.rsplit('/').next() == Some(w))
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--audit {w}: this site has no such audit; its audits are:\n{}",
                    list()
                ))
            });
    }
    if audits.len() == 1 {
        return Ok(&audits[0]);
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for n in named {
        if let Some(a) = audits.iter().find(|a| a.id == *n) {
            *counts.entry(a.id.as_str()).or_default() += 1;
        }
    }
    match counts.len() {
        1 => {
            let id = *counts.keys().next().expect("one entry");
            Ok(audits.iter().find(|a| a.id == id).expect("found above"))
        }
        0 => Err(Failure::Usage(format!(
            "this site has {} audits and no return names one of them; choose one with --audit:\n{}",
            audits.len(),
            list()
        ))),
        _ => Err(Failure::Usage(format!(
            "the returns answer {} different audits ({}); report on one at a time with --audit:\n{}",
            counts.len(),
            counts
                .iter()
                .map(|(id, n)| format!("{n} for {id}"))
                .collect::<Vec<_>>()
                .join(", "),
            list()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_names_match_however_they_are_typed() {
        assert_eq!(
            org_key("St. Mary's C of E  Primary"),
            org_key("st marys c of e primary")
        );
        assert_eq!(org_key("Oak & Elm"), "oak and elm");
        assert_ne!(org_key("Oak Hill"), org_key("Oak Hill Primary"));
    }

    #[test]
    fn scores_count_partly_as_half_and_unanswered_as_nothing() {
        let s = score([Answer::Yes, Answer::Partly, Answer::No, Answer::NotAnswered].into_iter());
        assert!((s - 37.5).abs() < 1e-9, "{s}");
        assert_eq!(score(std::iter::empty()), 0.0);
    }

    #[test]
    fn organisation_types_parse_by_label_or_id() {
        assert_eq!(OrgType::parse("early-years"), Some(OrgType::EarlyYears));
        assert_eq!(OrgType::parse("Faith setting"), Some(OrgType::FaithSetting));
        assert_eq!(OrgType::parse("Academy"), None);
    }
}
