//! Matching one folder's returns to the audit: answers by question id (so returns from an older
//! version still count), organisations to the expected list ([`super::identify`]), one return per
//! organisation; and how answers moved since an earlier round.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashMap};

use super::expected::Expected;
use super::{identify, org_key, read, Answer, AuditDef, Excluded, FileRead, OrgReturn, Round};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::audit::Question;

/// Matches the returns read from one folder to `audit`, keeps one per organisation and records
/// every problem.
pub fn match_round(
    name: String,
    files: Vec<FileRead>,
    audit: &AuditDef,
    audits: &[AuditDef],
    expected: Option<&[Expected]>,
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
            .map(|d| (d.rule, d.message.clone()));
        ds.extend(file_ds);
        let r = match (ret, first_error) {
            (Some(r), None) => r,
            (ret, error) => {
                let (organisation, id) = ret.map_or((None, String::new()), |r| {
                    (Some(r.organisation).filter(|o| !o.is_empty()), r.org_id)
                });
                let (rule, reason) =
                    error.unwrap_or((rule::NOT_A_RETURN, "it could not be read".into()));
                round.excluded.push(Excluded {
                    file: path,
                    organisation,
                    id,
                    rule,
                    reason,
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
                    id: r.org_id.clone(),
                    rule: errors[0].rule,
                    reason: errors[0].message.clone(),
                });
                ds.extend(errors);
            }
        }
    }
    if let Some(list) = expected {
        identify::assign(&mut matched, list, ds);
    }
    one_each(&mut round, matched, ds);
    round.returns.sort_by(|a, b| {
        (org_key(&a.organisation), &a.file).cmp(&(org_key(&b.organisation), &b.file))
    });
    round.excluded.sort_by(|a, b| a.file.cmp(&b.file));
    round
}

/// One return per organisation: the latest completed, then the later file name.
fn one_each(round: &mut Round, matched: Vec<OrgReturn>, ds: &mut Diagnostics) {
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
                        super::file_name(&used.file)
                    ),
                )
                .in_file(&dropped.file)
                .help("remove the return you do not want from the folder; if these are two different settings, give each its own name"),
            );
            round.excluded.push(Excluded {
                organisation: Some(dropped.organisation.clone()),
                id: dropped.id.clone(),
                rule: rule::DUPLICATE_ORGANISATION,
                reason: format!(
                    "{} sent another return, which is used instead: {}",
                    dropped.organisation,
                    super::file_name(&used.file)
                ),
                file: dropped.file,
            });
        }
        round.returns.push(used);
    }
}

/// One return's answers, per current question. Errors mean the return is left out.
fn match_return(
    r: &read::Return,
    audit: &AuditDef,
    audits: &[AuditDef],
    by_id: &HashMap<&str, usize>,
) -> Result<(OrgReturn, Vec<Diagnostic>), Vec<Diagnostic>> {
    if r.audit_id != audit.id {
        return Err(vec![r.at(wrong_audit(r, audit, audits), r.line)]);
    }
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
    let unanswered: Vec<&Question> = audit
        .questions
        .iter()
        .zip(&answers)
        .filter(|(_, a)| a.is_none())
        .map(|(q, _)| q)
        .collect();
    let mut warnings = Vec::new();
    if r.version == audit.version {
        errors.extend(unknown_questions(r, audit, &unmatched));
        if !unanswered.is_empty() && errors.is_empty() {
            warnings.push(missing_answers(r, &unanswered));
        }
    } else {
        warnings.push(older_version(r, audit, &unmatched, &unanswered));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok((
        OrgReturn {
            organisation: r.organisation.clone(),
            key: org_key(&r.organisation),
            id: r.org_id.clone(),
            expected: None,
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

/// A return for another of the site's audits, or for an audit the site does not have.
fn wrong_audit(r: &read::Return, audit: &AuditDef, audits: &[AuditDef]) -> Diagnostic {
    match audits.iter().find(|a| a.id == r.audit_id) {
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
    }
}

/// Answers to no question of the audit, in a return of the audit's own version.
fn unknown_questions(
    r: &read::Return,
    audit: &AuditDef,
    unmatched: &[&read::RawAnswer],
) -> Vec<Diagnostic> {
    unmatched
        .iter()
        .map(|a| {
            let close = audit
                .questions
                .iter()
                .map(|q| (strsim::jaro_winkler(&q.id, &a.id), &q.id))
                .max_by(|x, y| x.0.total_cmp(&y.0))
                .filter(|(s, _)| *s > 0.8)
                .map(|(_, id)| format!("did you mean `{id}`? "))
                .unwrap_or_default();
            r.at(
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
            )
        })
        .collect()
}

fn missing_answers(r: &read::Return, missing: &[&Question]) -> Diagnostic {
    r.at(
        Diagnostic::warning(
            rule::MISSING_ANSWERS,
            format!(
                "{} question{} of the audit {} not in this return and count as not answered: {}",
                missing.len(),
                if missing.len() == 1 { "" } else { "s" },
                if missing.len() == 1 { "is" } else { "are" },
                missing
                    .iter()
                    .map(|q| format!("`{}`", q.id))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
        .help("rows may have been deleted in a spreadsheet; ask for the return to be exported again if these matter"),
        r.line,
    )
}

/// A return of another version: used, with what could not be matched listed.
fn older_version(
    r: &read::Return,
    audit: &AuditDef,
    unmatched: &[&read::RawAnswer],
    new: &[&Question],
) -> Diagnostic {
    let mut help = String::from(
        "answers were matched to today's questions by question id (including ids they replace)",
    );
    if !unmatched.is_empty() {
        help.push_str("; these answers match no question now and are left out:");
        for a in unmatched {
            help.push_str(&format!(
                "\n      - line {}: `{}` {}",
                a.line, a.id, a.question
            ));
        }
    }
    if !new.is_empty() {
        help.push_str("\n    these questions were not in that version and count as not answered:");
        for q in new {
            help.push_str(&format!("\n      - `{}` {}", q.id, q.text));
        }
    }
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
    )
}

/// How one organisation's answers moved since the previous round.
#[derive(Debug, Clone)]
pub struct Change {
    pub key: String,
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
                improved,
                declined,
            })
        })
        .collect()
}
