//! `safeguide returns`: every school's and setting's self-review return, read back into one report
//! for the safeguarding partnership.
//!
//! [`read`] reads one file into a [`read::Return`]; this module matches its answers to the site's
//! audit by question id (so returns from an older version still count), keeps one return per
//! organisation, and compares with the expected list and an earlier round. [`report`] writes the
//! HTML report and the summary CSV.

pub mod expected;
pub mod read;
pub mod report;

use crate::diagnostics::rule;
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

    /// By label or id (`Early years`, `early-years`); an empty type is `Other`.
    pub fn parse(s: &str) -> Option<OrgType> {
        let n = s.trim().to_lowercase().replace(['-', '_'], " ");
        if n.is_empty() {
            return Some(OrgType::Other);
        }
        OrgType::ALL
            .into_iter()
            .find(|t| t.label().to_lowercase() == n)
    }
}

/// One audit of the site, as returns are matched against it.
#[derive(Debug, Clone)]
pub struct AuditDef {
    pub id: String,
    pub title: String,
    pub version: String,
    pub date: Option<Date>,
    pub source: PathBuf,
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
            source: page.src.display.clone(),
            questions,
        });
    }
    (out, ds)
}

/// One organisation's return, matched to the audit's current questions.
#[derive(Debug, Clone)]
pub struct OrgReturn {
    pub organisation: String,
    pub key: String,
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
    /// The file of a return from `key` that was left out (for "missing" organisations that did
    /// send one), unless a return from it is included.
    pub fn excluded_from(&self, key: &str) -> Option<&Excluded> {
        self.excluded
            .iter()
            .find(|e| e.organisation.as_deref().map(org_key).as_deref() == Some(key))
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
            let (r, ds) = read::read(&path, &display);
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

/// Matches the returns read from one folder to `audit`, keeps one per organisation and records
/// every problem.
pub fn match_round(
    name: String,
    files: Vec<FileRead>,
    audit: &AuditDef,
    audits: &[AuditDef],
    ds: &mut Diagnostics,
) -> Round {
    let mut round = Round {
        name,
        files: files.len(),
        ..Round::default()
    };
    let by_id = audit.by_id();
    let mut matched: Vec<OrgReturn> = Vec::new();
    for (path, ret, file_ds) in files {
        let first_error = file_ds
            .iter()
            .find(|d| d.is_error())
            .map(|d| d.message.clone());
        ds.extend(file_ds);
        let r = match (ret, first_error) {
            (Some(r), None) => r,
            (ret, error) => {
                round.excluded.push(Excluded {
                    file: path,
                    organisation: ret.map(|r| r.organisation).filter(|o| !o.is_empty()),
                    reason: error.unwrap_or_else(|| "it could not be read".into()),
                });
                continue;
            }
        };
        match match_return(&r, audit, audits, &by_id) {
            Ok((org, warnings)) => {
                ds.extend(warnings);
                matched.push(org);
            }
            Err(errors) => {
                round.excluded.push(Excluded {
                    file: path,
                    organisation: Some(r.organisation.clone()),
                    reason: errors[0].message.clone(),
                });
                ds.extend(errors);
            }
        }
    }
    // One return per organisation: the latest completed, then the later file name.
    let mut groups: BTreeMap<String, Vec<OrgReturn>> = BTreeMap::new();
    for m in matched {
        groups.entry(m.key.clone()).or_default().push(m);
    }
    for (_, mut group) in groups {
        group.sort_by(|a, b| (a.date, &a.file).cmp(&(b.date, &b.file)));
        let used = group.pop().expect("groups are never empty");
        for dropped in group {
            let why = if dropped.date == used.date {
                "completed the same day, with a later file name"
            } else {
                "completed later"
            };
            ds.push(
                Diagnostic::warning(
                    rule::DUPLICATE_ORGANISATION,
                    format!(
                        "`{}` sent more than one return: {} is used instead of this one ({why})",
                        dropped.organisation,
                        used.file.display()
                    ),
                )
                .in_file(&dropped.file)
                .help("remove the return you do not want from the folder; if these are two different settings, give each its own name"),
            );
            round.excluded.push(Excluded {
                organisation: Some(dropped.organisation.clone()),
                reason: format!(
                    "{} sent another return, which is used instead: {}",
                    dropped.organisation,
                    used.file.display()
                ),
                file: dropped.file,
            });
        }
        round.returns.push(used);
    }
    round
        .returns
        .sort_by(|a, b| a.key.cmp(&b.key).then(a.file.cmp(&b.file)));
    round.excluded.sort_by(|a, b| a.file.cmp(&b.file));
    round
}

/// One return's answers, per current question. Errors mean the return is left out.
fn match_return(
    r: &read::Return,
    audit: &AuditDef,
    audits: &[AuditDef],
    by_id: &HashMap<&str, usize>,
) -> Result<(OrgReturn, Vec<Diagnostic>), Vec<Diagnostic>> {
    if r.audit_id != audit.id {
        let d = match audits.iter().find(|a| a.id == r.audit_id) {
            Some(other) => Diagnostic::error(
                rule::WRONG_AUDIT,
                format!(
                    "this is a return for `{}` ({}), not for `{}` ({})",
                    other.title, other.id, audit.title, audit.id
                ),
            )
            .help(format!(
                "keep each audit's returns in a folder of their own, and run `safeguide returns FOLDER --audit {}` for these",
                other.id
            )),
            None => Diagnostic::error(
                rule::UNKNOWN_AUDIT,
                format!("this is a return for an audit this site does not have: `{}`", r.audit_id),
            )
            .help(format!(
                "this site's audits are: {}; was the return made on another partnership's site?",
                audits.iter().map(|a| a.id.as_str()).collect::<Vec<_>>().join(", ")
            )),
        };
        return Err(vec![r.at(d, r.line)]);
    }
    let same_version = r.version == audit.version;
    let mut errors = Vec::new();
    let mut answers: Vec<Option<(Answer, String, usize)>> = vec![None; audit.questions.len()];
    let mut unmatched: Vec<&read::RawAnswer> = Vec::new();
    for a in &r.answers {
        let Some(&i) = by_id.get(a.id.as_str()) else {
            unmatched.push(a);
            continue;
        };
        if let Some((_, _, line)) = &answers[i] {
            errors.push(
                r.at(
                    Diagnostic::error(
                        rule::DUPLICATE_ANSWER,
                        format!(
                            "question `{}` is answered twice in this return (also on line {line})",
                            audit.questions[i].id
                        ),
                    )
                    .help("keep one row for each question"),
                    a.line,
                ),
            );
            continue;
        }
        answers[i] = Some((a.answer, a.evidence.clone(), a.line));
    }
    let mut warnings = Vec::new();
    if same_version {
        for a in &unmatched {
            let close = audit
                .questions
                .iter()
                .map(|q| (strsim::jaro_winkler(&q.id, &a.id), &q.id))
                .max_by(|x, y| x.0.total_cmp(&y.0))
                .filter(|(s, _)| *s > 0.8)
                .map(|(_, id)| format!("did you mean `{id}`? "))
                .unwrap_or_default();
            errors.push(r.at(
                Diagnostic::error(
                    rule::UNKNOWN_QUESTION,
                    format!(
                        "`{}` is not a question of `{}` ({})",
                        a.id,
                        audit.title,
                        audit.edition()
                    ),
                )
                .help(format!(
                    "{close}question ids come from the audit page: export the return again rather than editing ids"
                )),
                a.line,
            ));
        }
        let missing: Vec<&Question> = audit
            .questions
            .iter()
            .zip(&answers)
            .filter(|(_, a)| a.is_none())
            .map(|(q, _)| q)
            .collect();
        if !missing.is_empty() && errors.is_empty() {
            warnings.push(r.at(
                Diagnostic::warning(
                    rule::MISSING_ANSWERS,
                    format!(
                        "{} question{} of the audit {} not in this return and count as not answered: {}",
                        missing.len(),
                        if missing.len() == 1 { "" } else { "s" },
                        if missing.len() == 1 { "is" } else { "are" },
                        missing.iter().map(|q| format!("`{}`", q.id)).collect::<Vec<_>>().join(", ")
                    ),
                )
                .help("rows may have been deleted in a spreadsheet; ask for the return to be exported again if these matter"),
                r.line,
            ));
        }
    } else {
        let new: Vec<&Question> = audit
            .questions
            .iter()
            .zip(&answers)
            .filter(|(_, a)| a.is_none())
            .map(|(q, _)| q)
            .collect();
        let mut help = String::from(
            "answers were matched to today's questions by question id (including ids they replace)",
        );
        if !unmatched.is_empty() {
            help.push_str("; these answers match no question now and are left out:");
            for a in &unmatched {
                help.push_str(&format!(
                    "\n      - line {}: `{}` {}",
                    a.line, a.id, a.question
                ));
            }
        }
        if !new.is_empty() {
            help.push_str(
                "\n    these questions were not in that version and count as not answered:",
            );
            for q in &new {
                help.push_str(&format!("\n      - `{}` {}", q.id, q.text));
            }
        }
        warnings.push(
            r.at(
                Diagnostic::warning(
                    rule::OLDER_VERSION,
                    format!(
                        "this return answers {} of `{}`; the site's audit is {}",
                        if r.version.is_empty() {
                            "an unversioned edition".to_string()
                        } else {
                            format!("version {}", r.version)
                        },
                        audit.title,
                        audit.edition()
                    ),
                )
                .help(help),
                r.line,
            ),
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        OrgReturn {
            organisation: r.organisation.clone(),
            key: org_key(&r.organisation),
            org_type: r.org_type.clone(),
            completed_by: r.completed_by.clone(),
            date: r.date,
            version: r.version.clone(),
            file: r.file.clone(),
            answers: answers
                .into_iter()
                .map(|a| a.map_or((Answer::NotAnswered, String::new()), |(x, e, _)| (x, e)))
                .collect(),
        },
        warnings,
    ))
}

/// How one organisation's answers moved since the previous round.
#[derive(Debug, Clone)]
pub struct Change {
    pub key: String,
    pub before: f64,
    pub after: f64,
    /// Question indexes with (before, after) answers.
    pub improved: Vec<(usize, Answer, Answer)>,
    pub declined: Vec<(usize, Answer, Answer)>,
}

pub fn compare(now: &Round, previous: &Round) -> Vec<Change> {
    let before = previous.by_key();
    now.returns
        .iter()
        .filter_map(|r| {
            let p = before.get(r.key.as_str())?;
            let mut improved = Vec::new();
            let mut declined = Vec::new();
            for (i, ((a, _), (b, _))) in r.answers.iter().zip(&p.answers).enumerate() {
                if let (Some(x), Some(y)) = (b.rank(), a.rank()) {
                    if y > x {
                        improved.push((i, *b, *a));
                    } else if y < x {
                        declined.push((i, *b, *a));
                    }
                }
            }
            Some(Change {
                key: r.key.clone(),
                before: p.score(),
                after: r.score(),
                improved,
                declined,
            })
        })
        .collect()
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
