//! The returns report: one self-contained HTML file (inline CSS and SVG, nothing loaded from
//! anywhere, printable for a board paper) and the summary CSV for the partnership's own analysis.

use std::fmt::Write as _;

use super::expected::Expected;
use super::{compare, org_key, Answer, AuditDef, OrgReturn, Round};
use crate::diagnostics::Diagnostics;
use crate::load::date::Date;
use crate::markdown::escape;

/// Marks a report as made by this command, so a later run may replace it and nothing else.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"safeguide returns\">";
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

/// Everything the report shows.
pub struct Outcome<'a> {
    pub audit: &'a AuditDef,
    pub round: Round,
    pub previous: Option<Round>,
    /// The expected list, when given.
    pub expected: Option<Vec<Expected>>,
    pub diagnostics: Diagnostics,
    pub today: Date,
}

/// Answer counts for one question over every included return, in [`Answer::ALL`] order.
pub fn counts(round: &Round, q: usize) -> [usize; 4] {
    let mut c = [0; 4];
    for r in &round.returns {
        let a = r.answers.get(q).map_or(Answer::NotAnswered, |x| x.0);
        c[Answer::ALL
            .iter()
            .position(|x| *x == a)
            .expect("every answer is listed")] += 1;
    }
    c
}

fn question_score(c: &[usize; 4]) -> f64 {
    super::score(
        Answer::ALL
            .iter()
            .zip(c)
            .flat_map(|(a, n)| std::iter::repeat_n(*a, *n)),
    )
}

/// Question indexes, weakest first: lowest score, then most No answers, then page order.
pub fn weakest_first(outcome: &Outcome<'_>) -> Vec<usize> {
    let mut order: Vec<(usize, f64, usize)> = (0..outcome.audit.questions.len())
        .map(|i| {
            let c = counts(&outcome.round, i);
            (i, question_score(&c), c[2])
        })
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    order.into_iter().map(|(i, _, _)| i).collect()
}

/// Expected organisations with no return in this round.
pub fn missing<'e>(outcome: &'e Outcome<'_>) -> Vec<&'e Expected> {
    let have = outcome.round.by_key();
    outcome
        .expected
        .iter()
        .flatten()
        .filter(|e| !have.contains_key(org_key(&e.name).as_str()))
        .collect()
}

fn pct(x: f64) -> String {
    format!("{}%", x.round() as i64)
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

const COLOURS: [&str; 4] = ["#1d6b34", "#e0a100", "#b3261e", "#8a8a8a"];

/// A stacked bar of answer counts with its numbers as its accessible name.
fn bar(c: &[usize; 4]) -> String {
    let total: usize = c.iter().sum();
    let label = Answer::ALL
        .iter()
        .zip(c)
        .map(|(a, n)| format!("{} {n}", a.label()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut svg = format!(
        "<svg class=\"bar\" width=\"240\" height=\"18\" viewBox=\"0 0 240 18\" role=\"img\" aria-label=\"{label} (of {total})\"><rect width=\"240\" height=\"18\" fill=\"#f1f1f1\"/>"
    );
    if total > 0 {
        let mut x = 0.0;
        for (i, n) in c.iter().enumerate() {
            let w = 240.0 * *n as f64 / total as f64;
            if w > 0.0 {
                let _ = write!(
                    svg,
                    "<rect x=\"{x:.2}\" width=\"{w:.2}\" height=\"18\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"/>",
                    COLOURS[i]
                );
            }
            x += w;
        }
    }
    svg.push_str("</svg>");
    svg
}

const CSS: &str = r#"
*{box-sizing:border-box}
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#0b0c0c;margin:0;background:#fff}
main{max-width:72rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.9rem;line-height:1.2;margin:0 0 .5rem}
h2{font-size:1.45rem;margin:2.2rem 0 .6rem;padding-top:.6rem;border-top:3px solid #0b0c0c}
h3{font-size:1.15rem;margin:1.6rem 0 .4rem}
.lede{font-size:1.1rem;margin:.2rem 0 1rem}
.figures{display:flex;flex-wrap:wrap;gap:.75rem;padding:0;margin:1rem 0;list-style:none}
.figures li{border:2px solid #0b0c0c;padding:.5rem .9rem;min-width:10rem}
.figures strong{display:block;font-size:1.6rem}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.95rem}
caption{text-align:left;font-weight:700;padding:.3rem 0}
th,td{border-bottom:1px solid #b1b4b6;padding:.35rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:2px solid #0b0c0c}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.legend{display:flex;flex-wrap:wrap;gap:1rem;padding:0;list-style:none;margin:.4rem 0}
.swatch{display:inline-block;width:1rem;height:1rem;margin-right:.35rem;vertical-align:-.15rem;border:1px solid #0b0c0c}
.muted{color:#505a5f}
.notes li{margin:.4rem 0}
.notes code{font-size:.9rem;background:#f3f2f1;padding:0 .2rem}
.up{color:#1d6b34;font-weight:700}
.down{color:#b3261e;font-weight:700}
.section-name{display:block;color:#505a5f;font-size:.85rem}
@media print{
 @page{margin:1.5cm}
 main{max-width:none;padding:0}
 h2{break-before:auto;break-after:avoid}
 h3{break-after:avoid}
 tr,.figures li{break-inside:avoid}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}
"#;

/// The whole report page.
pub fn html(outcome: &Outcome<'_>) -> String {
    let audit = outcome.audit;
    let round = &outcome.round;
    let mut h = String::with_capacity(64 * 1024);
    let title = format!("Audit returns: {}", audit.title);
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">{GENERATOR}<title>{}</title><style>{CSS}</style></head><body><main>",
        escape(&title)
    );
    let _ = write!(
        h,
        "<h1>{}</h1><p class=\"lede\">{} ({}), {}. Made on {} from the folder <code>{}</code>.</p>",
        escape(&title),
        escape(&audit.title),
        escape(&audit.id),
        escape(&audit.edition()),
        outcome.today.long(),
        escape(&round.name)
    );

    // Key figures.
    let missing = missing(outcome);
    let average = if round.returns.is_empty() {
        None
    } else {
        Some(round.returns.iter().map(OrgReturn::score).sum::<f64>() / round.returns.len() as f64)
    };
    h.push_str("<h2 id=\"summary\">Summary</h2><ul class=\"figures\">");
    let _ = write!(
        h,
        "<li><strong>{}</strong> {} included</li>",
        round.returns.len(),
        if round.returns.len() == 1 {
            "return"
        } else {
            "returns"
        }
    );
    let _ = write!(
        h,
        "<li><strong>{}</strong> {} not included</li>",
        round.excluded.len(),
        if round.excluded.len() == 1 {
            "file"
        } else {
            "files"
        }
    );
    if outcome.expected.is_some() {
        let _ = write!(
            h,
            "<li><strong>{}</strong> expected {} missing</li>",
            missing.len(),
            if missing.len() == 1 {
                "return"
            } else {
                "returns"
            }
        );
    }
    if let Some(a) = average {
        let _ = write!(h, "<li><strong>{}</strong> average score</li>", pct(a));
    }
    h.push_str("</ul><p>A score counts Yes as 1, Partly as ½, and No or not answered as 0, out of every question in the audit. It is a guide to where support is needed, not a grade.</p>");

    if !round.excluded.is_empty() {
        h.push_str("<h2 id=\"not-included\">Returns not included</h2><p>These files are not counted anywhere in this report. The notes at the end say how to fix each one.</p><table><caption>Files not included</caption><thead><tr><th scope=\"col\">File</th><th scope=\"col\">Why</th></tr></thead><tbody>");
        for e in &round.excluded {
            let _ = write!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                escape(&e.file.display().to_string()),
                escape(&e.reason)
            );
        }
        h.push_str("</tbody></table>");
    }

    if let Some(expected) = &outcome.expected {
        let _ = write!(
            h,
            "<h2 id=\"missing\">Missing returns</h2><p>{} of the {} expected organisations sent a return.</p>",
            expected.len() - missing.len(),
            expected.len()
        );
        if !missing.is_empty() {
            h.push_str("<ul>");
            for m in &missing {
                match round.excluded_from(&org_key(&m.name)) {
                    Some(x) => {
                        let _ = write!(
                            h,
                            "<li>{} (their return <code>{}</code> could not be included: see Returns not included)</li>",
                            escape(&m.name),
                            escape(&x.file.display().to_string())
                        );
                    }
                    None => {
                        let _ = write!(h, "<li>{}</li>", escape(&m.name));
                    }
                }
            }
            h.push_str("</ul>");
        }
        let listed: std::collections::HashSet<String> =
            expected.iter().map(|e| org_key(&e.name)).collect();
        let extra: Vec<&OrgReturn> = round
            .returns
            .iter()
            .filter(|r| !listed.contains(&r.key))
            .collect();
        if !extra.is_empty() {
            h.push_str("<p>Returns from organisations not on the expected list (check the spelling of the name):</p><ul>");
            for r in extra {
                let _ = write!(h, "<li>{}</li>", escape(&r.organisation));
            }
            h.push_str("</ul>");
        }
    }

    // Questions, weakest first.
    h.push_str("<h2 id=\"questions\">Questions, weakest first</h2><p>How many organisations answered each question Yes, Partly, No or did not answer it. The questions most organisations could not answer Yes come first.</p><ul class=\"legend\" aria-hidden=\"true\">");
    for (a, c) in Answer::ALL.iter().zip(COLOURS) {
        let _ = write!(
            h,
            "<li><span class=\"swatch\" style=\"background:{c}\"></span>{}</li>",
            a.label()
        );
    }
    h.push_str("</ul><table><caption>Answers to each question</caption><thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Question</th><th scope=\"col\">Answers</th><th scope=\"col\" class=\"n\">Yes</th><th scope=\"col\" class=\"n\">Partly</th><th scope=\"col\" class=\"n\">No</th><th scope=\"col\" class=\"n\">Not answered</th><th scope=\"col\" class=\"n\">Score</th></tr></thead><tbody>");
    for i in weakest_first(outcome) {
        let q = &audit.questions[i];
        let c = counts(round, i);
        let _ = write!(
            h,
            "<tr><td class=\"n\">{}</td><th scope=\"row\"><span class=\"section-name\">{}</span>{}</th><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
            q.number,
            escape(&q.section),
            escape(&q.text),
            bar(&c),
            c[0],
            c[1],
            c[2],
            c[3],
            if round.returns.is_empty() { "–".into() } else { pct(question_score(&c)) }
        );
    }
    h.push_str("</tbody></table>");

    // Organisations.
    h.push_str("<h2 id=\"organisations\">Organisations</h2>");
    if round.returns.is_empty() {
        h.push_str("<p>No returns could be included.</p>");
    } else {
        h.push_str("<table><caption>Each organisation's return</caption><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\">Type</th><th scope=\"col\">Completed by</th><th scope=\"col\">Date</th><th scope=\"col\">Version</th><th scope=\"col\" class=\"n\">Score</th><th scope=\"col\" class=\"n\">Yes</th><th scope=\"col\" class=\"n\">Partly</th><th scope=\"col\" class=\"n\">No</th><th scope=\"col\" class=\"n\">Not answered</th></tr></thead><tbody>");
        for (n, r) in round.returns.iter().enumerate() {
            let _ = write!(
                h,
                "<tr><th scope=\"row\"><a href=\"#org-{n}\">{}</a></th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                escape(&r.organisation),
                escape(&r.org_type),
                escape(&r.completed_by),
                r.date.map(|d| d.to_string()).unwrap_or_default(),
                escape(&r.version),
                pct(r.score()),
                r.count(Answer::Yes),
                r.count(Answer::Partly),
                r.count(Answer::No),
                r.count(Answer::NotAnswered)
            );
        }
        h.push_str("</tbody></table>");
        for (n, r) in round.returns.iter().enumerate() {
            let _ = write!(
                h,
                "<h3 id=\"org-{n}\">{}</h3><p class=\"muted\">Score {}. From <code>{}</code>.</p>",
                escape(&r.organisation),
                pct(r.score()),
                escape(&r.file.display().to_string())
            );
            let weak: Vec<(usize, &(Answer, String))> = r
                .answers
                .iter()
                .enumerate()
                .filter(|(_, (a, _))| matches!(a, Answer::No | Answer::Partly))
                .collect();
            if weak.is_empty() {
                h.push_str("<p>No questions answered No or Partly.</p>");
                continue;
            }
            let _ = write!(
                h,
                "<table><caption>{}: answers of No and Partly, with their actions</caption><thead><tr><th scope=\"col\">No.</th><th scope=\"col\">Question</th><th scope=\"col\">Answer</th><th scope=\"col\">Evidence and actions</th></tr></thead><tbody>",
                escape(&r.organisation)
            );
            for (i, (a, evidence)) in weak {
                let q = &audit.questions[i];
                let _ = write!(
                    h,
                    "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    q.number,
                    escape(&q.text),
                    a.label(),
                    if evidence.is_empty() {
                        "<span class=\"muted\">none given</span>".to_string()
                    } else {
                        escape(evidence).replace('\n', "<br>")
                    }
                );
            }
            h.push_str("</tbody></table>");
        }
    }

    if let Some(prev) = &outcome.previous {
        comparison(&mut h, outcome, prev);
    }

    if !outcome.diagnostics.is_empty() {
        h.push_str("<h2 id=\"notes\">Notes on the files</h2><p>Every problem found while reading the returns, with where it is and how to fix it.</p><ul class=\"notes\">");
        let mut ds = outcome.diagnostics.clone();
        ds.sort();
        for d in ds.iter() {
            let _ = write!(
                h,
                "<li><strong>{}:</strong> {}{}",
                d.severity.label(),
                d.location()
                    .map(|l| format!("<code>{}</code> ", escape(&l)))
                    .unwrap_or_default(),
                escape(&d.message)
            );
            if let Some(help) = &d.help {
                let _ = write!(
                    h,
                    "<br><span class=\"muted\">{}</span>",
                    escape(help).replace('\n', "<br>")
                );
            }
            h.push_str("</li>");
        }
        h.push_str("</ul>");
    }
    let _ = writeln!(
        h,
        "<p class=\"muted\">Made by safeguide {} from the audit in <code>{}</code>.</p></main></body></html>",
        env!("CARGO_PKG_VERSION"),
        escape(&audit.source.display().to_string())
    );
    h
}

fn comparison(h: &mut String, outcome: &Outcome<'_>, prev: &Round) {
    let audit = outcome.audit;
    let round = &outcome.round;
    let changes = compare(round, prev);
    let _ = write!(
        h,
        "<h2 id=\"previous\">Compared with the previous round</h2><p>The previous round is the folder <code>{}</code> ({}). Answers are compared by question id, so a question reworded since then still compares.</p>",
        escape(&prev.name),
        plural(prev.returns.len(), "return", "returns")
    );
    if changes.is_empty() {
        h.push_str("<p>No organisation sent a return in both rounds.</p>");
    } else {
        h.push_str("<table><caption>Organisations that returned in both rounds</caption><thead><tr><th scope=\"col\">Organisation</th><th scope=\"col\" class=\"n\">Score before</th><th scope=\"col\" class=\"n\">Score now</th><th scope=\"col\">Improved</th><th scope=\"col\">Declined</th></tr></thead><tbody>");
        let now = round.by_key();
        for c in &changes {
            let name = now
                .get(c.key.as_str())
                .map_or("", |r| r.organisation.as_str());
            let list = |items: &[(usize, Answer, Answer)], class: &str| {
                if items.is_empty() {
                    return "<span class=\"muted\">none</span>".to_string();
                }
                let mut s = String::from("<ul>");
                for (i, b, a) in items {
                    let q = &audit.questions[*i];
                    let _ = write!(
                        s,
                        "<li><span class=\"{class}\">{} → {}</span> {}. {}</li>",
                        b.label(),
                        a.label(),
                        q.number,
                        escape(&q.text)
                    );
                }
                s.push_str("</ul>");
                s
            };
            let _ = write!(
                h,
                "<tr><th scope=\"row\">{}</th><td class=\"n\">{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                escape(name),
                pct(c.before),
                pct(c.after),
                list(&c.improved, "up"),
                list(&c.declined, "down")
            );
        }
        h.push_str("</tbody></table>");
    }
    let now = round.by_key();
    let gone: Vec<&OrgReturn> = prev
        .returns
        .iter()
        .filter(|r| !now.contains_key(r.key.as_str()))
        .collect();
    if !gone.is_empty() {
        h.push_str("<p>Returned last round but not this round:</p><ul>");
        for r in gone {
            let _ = write!(h, "<li>{}</li>", escape(&r.organisation));
        }
        h.push_str("</ul>");
    }
    let before = prev.by_key();
    let new: Vec<&OrgReturn> = round
        .returns
        .iter()
        .filter(|r| !before.contains_key(r.key.as_str()))
        .collect();
    if !new.is_empty() {
        h.push_str("<p>Returned this round for the first time:</p><ul>");
        for r in new {
            let _ = write!(h, "<li>{}</li>", escape(&r.organisation));
        }
        h.push_str("</ul>");
    }
}

/// A cell a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) is written as text.
pub fn safe_cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_string()
    }
}

/// The summary CSV: a row per question with its counts and score, then every organisation's
/// answer in a column of its own.
pub fn csv(outcome: &Outcome<'_>) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
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
            q.id.clone(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_numbers_as_text() {
        let svg = bar(&[3, 1, 0, 2]);
        assert!(svg.contains("role=\"img\""), "{svg}");
        assert!(
            svg.contains("aria-label=\"Yes 3, Partly 1, No 0, Not answered 2 (of 6)\""),
            "{svg}"
        );
        assert_eq!(
            svg.matches("<rect").count(),
            4,
            "background and three non-empty segments: {svg}"
        );
    }

    #[test]
    fn formula_like_cells_are_written_as_text() {
        assert_eq!(safe_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(safe_cell("Oak Hill"), "Oak Hill");
    }
}
