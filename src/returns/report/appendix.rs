//! The report's appendix: one part per organisation (its No and Partly answers with their
//! actions and last round's answers), the answers to each question, the files left out, and the
//! notes on the files. File names appear as names only and messages in plain words.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::words::{pct, ReturnsWords as _, Words};
use super::{counts, question_score, Outcome};
use crate::returns::{compare, file_name, Answer, Change, OrgReturn};

/// Colours of Yes, Partly, No and not answered in the question bars.
pub const COLOURS: [&str; 4] = ["#1d6b34", "#c98a00", "#b3261e", "#8a8a8a"];
const BAR_W: f64 = 160.0;

/// Messages quote values in backticks for the terminal; a board paper gets quotation marks.
pub fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut open = true;
    for c in s.chars() {
        if c == '`' {
            out.push(if open { '“' } else { '”' });
            open = !open;
        } else {
            out.push(c);
        }
    }
    out
}

/// A stacked bar of answer counts: its segments and its numbers in words, as its name.
pub fn bar(c: &[usize; 4], w: &Words<'_>) -> Value {
    let total: usize = c.iter().sum();
    let label = Answer::ALL
        .iter()
        .zip(c)
        .map(|(a, n)| format!("{} {n}", w.answer(*a)))
        .collect::<Vec<_>>()
        .join(", ");
    let mut x = 0.0;
    let mut segments = Vec::new();
    for (i, n) in c.iter().enumerate() {
        let width = if total == 0 {
            0.0
        } else {
            BAR_W * *n as f64 / total as f64
        };
        if width > 0.0 {
            segments.push(json!({"x": format!("{x:.2}"), "width": format!("{width:.2}"), "colour": COLOURS[i]}));
        }
        x += width;
    }
    json!({"label": format!("{label} ({})", w.fill("returns_of_total", &[("n", &total.to_string())])), "segments": segments, "width": BAR_W})
}

fn numbers(items: &[(usize, Answer, Answer)], outcome: &Outcome<'_>) -> String {
    items
        .iter()
        .map(|(i, _, _)| outcome.audit.questions[*i].number.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// One organisation's part: `before` is its previous return, `change` how its answers moved.
fn organisation(
    n: usize,
    r: &OrgReturn,
    outcome: &Outcome<'_>,
    w: &Words<'_>,
    before: Option<&OrgReturn>,
    change: Option<&Change>,
) -> Value {
    let mut meta = vec![w.type_of(r)];
    if !r.id.is_empty() {
        meta.push(w.fill("returns_id", &[("id", &r.id)]));
    }
    let mut score = w.fill("returns_score_is", &[("score", &pct(r.score()))]);
    if let Some(b) = before {
        score.push_str(&format!(
            " ({})",
            w.fill(
                "returns_score_was",
                &[
                    ("score", &pct(b.score())),
                    (
                        "round",
                        outcome
                            .previous
                            .as_ref()
                            .map(|p| p.name.as_str())
                            .unwrap_or("")
                    )
                ]
            )
        ));
    }
    meta.push(score);
    if !r.completed_by.is_empty() || r.date.is_some() {
        meta.push(
            w.fill(
                "returns_completed_by",
                &[
                    ("who", &r.completed_by),
                    ("date", &r.date.map(|d| w.date(d)).unwrap_or_default()),
                ],
            )
            .trim()
            .to_string(),
        );
    }
    if !r.version.is_empty() {
        meta.push(w.fill("returns_version", &[("version", &r.version)]));
    }
    meta.push(w.fill("returns_file", &[("file", &file_name(&r.file))]));
    let weak: Vec<Value> = r
        .answers
        .iter()
        .enumerate()
        .filter(|(_, (a, _))| matches!(a, Answer::No | Answer::Partly))
        .map(|(i, (a, evidence))| {
            let q = &outcome.audit.questions[i];
            json!({
                "number": q.number, "text": q.text, "answer": w.answer(*a),
                "answer_class": if *a == Answer::No { "no" } else { "partly" },
                "before": before.map(|b| w.answer(b.answers[i].0)).unwrap_or_default(),
                "evidence": evidence.lines().collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "anchor": format!("org-{n}"), "name": r.organisation, "meta": meta, "weak": weak,
        "improved": change.map(|c| numbers(&c.improved, outcome)).unwrap_or_default(),
        "declined": change.map(|c| numbers(&c.declined, outcome)).unwrap_or_default(),
    })
}

fn questions(outcome: &Outcome<'_>, w: &Words<'_>) -> Vec<Value> {
    let round = &outcome.round;
    outcome
        .audit
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let c = counts(round, i);
            let change = super::figures::question_change(outcome, i);
            json!({
                "number": q.number, "section": q.section, "text": q.text, "bar": bar(&c, w),
                "counts": c, "score": if round.returns.is_empty() { "–".into() } else { pct(question_score(&c)) },
                "change": change.map(|c| if c.0 > 0 { format!("+{}", c.0) } else if c.0 < 0 { format!("−{}", -c.0) } else { "0".into() }).unwrap_or_default(),
            })
        })
        .collect()
}

/// The problem a rule names, in the report's language, when that is not English: the details
/// under it are safeguide's English messages, which name the file's own values.
fn summary(outcome: &Outcome<'_>, w: &Words<'_>, rule: &str) -> String {
    if english(outcome) {
        return String::new();
    }
    let key = format!("returns_rule_{}", rule.replace('-', "_"));
    if w.0.contains_key(&key) {
        w.get(&key)
    } else {
        w.get("returns_rule_other")
    }
}

fn english(outcome: &Outcome<'_>) -> bool {
    let primary = outcome.lang.split('-').next().unwrap_or_default();
    primary.eq_ignore_ascii_case("en")
}

fn notes(outcome: &Outcome<'_>, w: &Words<'_>) -> Vec<Value> {
    let mut ds = outcome.diagnostics.clone();
    ds.sort();
    ds.iter()
        .map(|d| {
            let file = d.file.as_deref().map(file_name).unwrap_or_default();
            let location = match (file.is_empty(), d.line) {
                (true, _) => String::new(),
                (false, 0) => file,
                (false, line) => w.fill(
                    "returns_location_line",
                    &[("file", &file), ("line", &line.to_string())],
                ),
            };
            json!({
                "severity": w.get(&format!("returns_{}", d.severity.label())),
                "class": d.severity.label(),
                "summary": summary(outcome, w, d.rule),
                "location": location,
                "message": plain(&d.message),
                "help": d.help.as_deref().map(plain).unwrap_or_default(),
            })
        })
        .collect()
}

/// Everything after page one.
pub fn insert(cx: &mut tera::Context, outcome: &Outcome<'_>, w: &Words<'_>) {
    let round = &outcome.round;
    let all = outcome
        .previous
        .as_ref()
        .map(|p| compare(round, p))
        .unwrap_or_default();
    let moved: HashMap<&str, &Change> = all.iter().map(|c| (c.key.as_str(), c)).collect();
    let before: HashMap<&str, &OrgReturn> = outcome
        .previous
        .as_ref()
        .map(|p| p.by_key())
        .unwrap_or_default();
    let orgs: Vec<Value> = round
        .returns
        .iter()
        .enumerate()
        .map(|(n, r)| {
            let key = r.key.as_str();
            organisation(
                n,
                r,
                outcome,
                w,
                before.get(key).copied(),
                moved.get(key).copied(),
            )
        })
        .collect();
    cx.insert("orgs", &orgs);
    cx.insert("questions", &questions(outcome, w));
    cx.insert(
        "legend",
        &Answer::ALL
            .iter()
            .zip(COLOURS)
            .map(|(a, c)| json!({"name": w.answer(*a), "colour": c}))
            .collect::<Vec<_>>(),
    );
    cx.insert(
        "excluded",
        &round
            .excluded
            .iter()
            .map(|x| {
                json!({"file": file_name(&x.file), "summary": summary(outcome, w, x.rule),
                    "why": plain(&x.reason)})
            })
            .collect::<Vec<_>>(),
    );
    cx.insert("english", &english(outcome));
    let unexpected: Vec<&str> = if outcome.expected.is_some() {
        round
            .returns
            .iter()
            .filter(|r| r.expected.is_none())
            .map(|r| r.organisation.as_str())
            .collect()
    } else {
        Vec::new()
    };
    cx.insert("unexpected", &unexpected);
    let now = round.by_key();
    let gone: Vec<&str> = outcome
        .previous
        .iter()
        .flat_map(|p| &p.returns)
        .filter(|r| !now.contains_key(r.key.as_str()))
        .map(|r| r.organisation.as_str())
        .collect();
    let first_time: Vec<&str> = if outcome.previous.is_some() {
        round
            .returns
            .iter()
            .filter(|r| !before.contains_key(r.key.as_str()))
            .map(|r| r.organisation.as_str())
            .collect()
    } else {
        Vec::new()
    };
    cx.insert("gone", &gone);
    cx.insert("first_time", &first_time);
    cx.insert("notes", &notes(outcome, w));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_quotation_marks() {
        assert_eq!(
            plain("`Maybe` is not an answer for `policy`"),
            "“Maybe” is not an answer for “policy”"
        );
    }
}
