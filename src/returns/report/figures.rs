//! The board's figures, worked out once for page one of the report: the return rate by type of
//! setting, the overall and section scores with their change since the previous round, the
//! weakest questions and the settings that most need support.

use std::collections::BTreeMap;

use super::{counts, question_score, Outcome};
use crate::returns::{score, Answer, OrgReturn, OrgType, Round};

/// A change in a score since the previous round, in percentage points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Change(pub i64);

/// Average score of a round's returns (percent), or None for a round with none.
pub fn overall(round: &Round) -> Option<f64> {
    (!round.returns.is_empty()).then(|| {
        round.returns.iter().map(OrgReturn::score).sum::<f64>() / round.returns.len() as f64
    })
}

/// Change between two percentages, rounded as they are shown.
pub fn change(now: Option<f64>, before: Option<f64>) -> Option<Change> {
    Some(Change(now?.round() as i64 - before?.round() as i64))
}

/// One type of setting's returns against the expected list.
#[derive(Debug, Clone, PartialEq)]
pub struct TypeRate {
    /// None for organisations whose type neither the list nor the return gives.
    pub org_type: Option<OrgType>,
    pub returned: usize,
    /// None without an expected list.
    pub expected: Option<usize>,
}

/// Return rate by type, in [`OrgType::ALL`] order: expected organisations by the list's type
/// (or their return's), returns not on the list by their own.
pub fn by_type(outcome: &Outcome<'_>) -> Vec<TypeRate> {
    let type_of = |r: &OrgReturn| OrgType::parse(&r.org_type).filter(|_| !r.org_type.is_empty());
    let mut rows: BTreeMap<Option<usize>, (usize, usize)> = BTreeMap::new();
    let slot =
        |t: Option<OrgType>| t.map(|t| OrgType::ALL.iter().position(|x| *x == t).unwrap_or(0));
    match &outcome.expected {
        Some(list) => {
            for (i, e) in list.iter().enumerate() {
                let ret = outcome.round.returns.iter().find(|r| r.expected == Some(i));
                let t = e.org_type.or_else(|| ret.and_then(type_of));
                let row = rows.entry(slot(t)).or_default();
                row.1 += 1;
                row.0 += usize::from(ret.is_some());
            }
        }
        None => {
            for r in &outcome.round.returns {
                rows.entry(slot(type_of(r))).or_default().0 += 1;
            }
        }
    }
    // Unknown types last: None sorts first in a BTreeMap.
    let mut out: Vec<TypeRate> = rows
        .into_iter()
        .map(|(slot, (returned, expected))| TypeRate {
            org_type: slot.map(|i| OrgType::ALL[i]),
            returned,
            expected: outcome.expected.as_ref().map(|_| expected),
        })
        .collect();
    let unknown_first = out.first().is_some_and(|r| r.org_type.is_none());
    out.rotate_left(usize::from(unknown_first));
    out
}

/// One section of the audit: its questions' scores over every return.
#[derive(Debug, Clone, PartialEq)]
pub struct SectionScore {
    pub name: String,
    pub now: Option<f64>,
    pub before: Option<f64>,
}

/// Score of one section over a round: every answer to its questions, from every return.
fn section_score(round: &Round, questions: &[usize]) -> Option<f64> {
    (!round.returns.is_empty()).then(|| {
        score(
            round
                .returns
                .iter()
                .flat_map(|r| questions.iter().map(|&q| r.answers[q].0)),
        )
    })
}

/// Sections in audit order.
pub fn sections(outcome: &Outcome<'_>) -> Vec<SectionScore> {
    let mut order: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, q) in outcome.audit.questions.iter().enumerate() {
        match order.iter_mut().find(|(name, _)| *name == q.section) {
            Some((_, qs)) => qs.push(i),
            None => order.push((q.section.clone(), vec![i])),
        }
    }
    order
        .into_iter()
        .map(|(name, qs)| SectionScore {
            now: section_score(&outcome.round, &qs),
            before: outcome
                .previous
                .as_ref()
                .and_then(|p| section_score(p, &qs)),
            name,
        })
        .collect()
}

/// One question's score now and in the previous round.
pub fn question_change(outcome: &Outcome<'_>, q: usize) -> Option<Change> {
    let now =
        (!outcome.round.returns.is_empty()).then(|| question_score(&counts(&outcome.round, q)));
    let before = outcome
        .previous
        .as_ref()
        .filter(|p| !p.returns.is_empty())
        .map(|p| question_score(&counts(p, q)));
    change(now, before)
}

/// A setting that most needs support: its return's index and its weakest sections.
#[derive(Debug, Clone, PartialEq)]
pub struct Support {
    pub index: usize,
    pub no: usize,
    /// The (at most two) sections it scored lowest in, below 100%.
    pub weakest: Vec<String>,
}

/// Settings below the round's average, lowest score (then most No answers) first, at most five.
pub fn support(outcome: &Outcome<'_>) -> Vec<Support> {
    let Some(average) = overall(&outcome.round) else {
        return Vec::new();
    };
    let mut below: Vec<(usize, f64, usize)> = outcome
        .round
        .returns
        .iter()
        .enumerate()
        .map(|(i, r)| (i, r.score(), r.count(Answer::No)))
        .filter(|(_, s, _)| *s < average)
        .collect();
    below.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    below.truncate(5);
    below
        .into_iter()
        .map(|(index, _, no)| Support {
            index,
            no,
            weakest: weakest_sections(outcome, &outcome.round.returns[index]),
        })
        .collect()
}

fn weakest_sections(outcome: &Outcome<'_>, r: &OrgReturn) -> Vec<String> {
    let questions = &outcome.audit.questions;
    let mut names: Vec<&str> = Vec::new();
    for q in questions {
        if !names.contains(&q.section.as_str()) {
            names.push(&q.section);
        }
    }
    let mut by: Vec<(&str, f64)> = names
        .into_iter()
        .map(|name| {
            let answers = questions
                .iter()
                .zip(&r.answers)
                .filter(|(q, _)| q.section == name)
                .map(|(_, (a, _))| *a);
            (name, score(answers))
        })
        .filter(|(_, s)| *s < 100.0)
        .collect();
    by.sort_by(|a, b| a.1.total_cmp(&b.1));
    by.into_iter().take(2).map(|(n, _)| n.to_string()).collect()
}

/// The first and last dates a round's returns were completed on.
pub fn dates(round: &Round) -> Option<(crate::load::date::Date, crate::load::date::Date)> {
    let mut ds = round.returns.iter().filter_map(|r| r.date);
    let first = ds.next()?;
    Some(ds.fold((first, first), |(lo, hi), d| (lo.min(d), hi.max(d))))
}
