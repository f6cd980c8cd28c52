//! The report page, through a template built into the binary (like the governance report): the
//! board's summary on page one, the appendix after it. Words come from the theme's i18n files
//! (`returns_*`), so a Welsh site's report is in Welsh.

use serde::Serialize;
use serde_json::{json, Value};

use super::figures::{self, Change};
use super::words::{pct, ReturnsWords as _, Words};
use super::{counts, missing, question_score, weakest_first, Outcome};
use crate::diagnostics::Failure;
use crate::returns::file_name;

const TEMPLATE: &str = include_str!("report.html");

/// "+5", "−2", "0", and the class that colours it.
fn short_change(c: Option<Change>) -> Value {
    match c {
        None => json!({"text": "", "class": ""}),
        Some(Change(0)) => json!({"text": "0", "class": "same"}),
        Some(Change(x)) if x > 0 => json!({"text": format!("+{x}"), "class": "up"}),
        Some(Change(x)) => json!({"text": format!("−{}", -x), "class": "down"}),
    }
}

/// One row of a horizontal bar chart, laid out here so the template only draws.
#[derive(Serialize)]
struct ChartRow {
    label: String,
    name: String,
    value: String,
    y: usize,
    text_y: usize,
    width: usize,
    /// Where the previous round's value is marked, when there is one.
    tick: Option<usize>,
}

const LABEL_W: usize = 175;
const BAR_W: usize = 150;
const ROW_H: usize = 26;

fn chart(rows: Vec<(String, f64, Option<f64>, String)>, desc: String) -> Value {
    let rows: Vec<ChartRow> = rows
        .into_iter()
        .enumerate()
        .map(|(i, (name, frac, before, value))| {
            let y = 6 + i * ROW_H;
            let label = if name.chars().count() > 26 {
                format!("{}…", name.chars().take(25).collect::<String>().trim_end())
            } else {
                name.clone()
            };
            ChartRow {
                label,
                name,
                value,
                y,
                text_y: y + 14,
                width: (frac.clamp(0.0, 1.0) * BAR_W as f64).round() as usize,
                tick: before.map(|b| LABEL_W + (b.clamp(0.0, 1.0) * BAR_W as f64).round() as usize),
            }
        })
        .collect();
    json!({
        "height": 12 + rows.len() * ROW_H,
        "width": LABEL_W + BAR_W + 110,
        "label_w": LABEL_W,
        "bar_w": BAR_W,
        "value_x": LABEL_W + BAR_W + 8,
        "rows": rows,
        "desc": desc,
    })
}

fn type_chart(outcome: &Outcome<'_>, w: &Words<'_>) -> Value {
    let rates = figures::by_type(outcome);
    let max = rates.iter().map(|r| r.returned).max().unwrap_or(1).max(1);
    let rows = rates
        .iter()
        .map(|r| {
            let name = w.org_type(r.org_type);
            match r.expected {
                Some(e) => {
                    let frac = if e == 0 {
                        0.0
                    } else {
                        r.returned as f64 / e as f64
                    };
                    let value = w.fill(
                        "returns_rate_value",
                        &[
                            ("returned", &r.returned.to_string()),
                            ("expected", &e.to_string()),
                            ("pct", &pct(100.0 * frac)),
                        ],
                    );
                    (name, frac, None, value)
                }
                None => (
                    name,
                    r.returned as f64 / max as f64,
                    None,
                    r.returned.to_string(),
                ),
            }
        })
        .collect::<Vec<_>>();
    let desc = rows
        .iter()
        .map(|(n, _, _, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ");
    chart(rows, desc)
}

fn section_chart(outcome: &Outcome<'_>) -> Value {
    let rows: Vec<(String, f64, Option<f64>, String)> = figures::sections(outcome)
        .into_iter()
        .map(|s| {
            let c = figures::change(s.now, s.before);
            let mut value = s.now.map(pct).unwrap_or_else(|| "–".into());
            if let Some(t) = short_change(c)["text"].as_str().filter(|t| !t.is_empty()) {
                value.push_str(&format!(" ({t})"));
            }
            (
                s.name,
                s.now.unwrap_or(0.0) / 100.0,
                s.before.map(|b| b / 100.0),
                value,
            )
        })
        .collect();
    let desc = rows
        .iter()
        .map(|(n, _, _, v)| format!("{n}: {v}"))
        .collect::<Vec<_>>()
        .join("; ");
    chart(rows, desc)
}

/// Page one's headline figures.
fn tiles(outcome: &Outcome<'_>, w: &Words<'_>) -> Value {
    let round = &outcome.round;
    let rate = outcome.expected.as_ref().map(|list| {
        let got = list.len() - missing(outcome).len();
        let frac = if list.is_empty() {
            0.0
        } else {
            got as f64 / list.len() as f64
        };
        w.fill(
            "returns_rate_value",
            &[
                ("returned", &got.to_string()),
                ("expected", &list.len().to_string()),
                ("pct", &pct(100.0 * frac)),
            ],
        )
    });
    let now = figures::overall(round);
    let before = outcome.previous.as_ref().and_then(figures::overall);
    let change = figures::change(now, before).map(|c| {
        w.fill(
            "returns_change_since",
            &[
                ("change", &w.change(c)),
                (
                    "round",
                    &outcome
                        .previous
                        .as_ref()
                        .map(|p| p.name.clone())
                        .unwrap_or_default(),
                ),
            ],
        )
    });
    json!({
        "rate": rate,
        "included": round.returns.len(),
        "not_included": round.excluded.len(),
        "overall": now.map(pct),
        "overall_before": before.map(pct),
        "overall_change": change,
        "overall_class": short_change(figures::change(now, before))["class"],
    })
}

fn weakest(outcome: &Outcome<'_>) -> Vec<Value> {
    let round = &outcome.round;
    if round.returns.is_empty() {
        return Vec::new();
    }
    weakest_first(outcome)
        .into_iter()
        .take(5)
        .map(|i| {
            let q = &outcome.audit.questions[i];
            let c = counts(round, i);
            json!({
                "number": q.number, "section": q.section, "text": q.text,
                "score": pct(question_score(&c)), "no": c[2], "partly": c[1], "unanswered": c[3],
                "change": short_change(figures::question_change(outcome, i)),
            })
        })
        .collect()
}

fn support(outcome: &Outcome<'_>, w: &Words<'_>) -> Vec<Value> {
    figures::support(outcome)
        .into_iter()
        .map(|s| {
            let r = &outcome.round.returns[s.index];
            json!({
                "anchor": format!("org-{}", s.index), "name": r.organisation, "type": w.type_of(r),
                "score": pct(r.score()), "no": s.no, "weakest": s.weakest.join(", "),
            })
        })
        .collect()
}

fn missing_rows(outcome: &Outcome<'_>, w: &Words<'_>) -> Vec<Value> {
    let Some(list) = &outcome.expected else {
        return Vec::new();
    };
    missing(outcome)
        .into_iter()
        .map(|i| {
            let e = &list[i];
            let note = outcome
                .round
                .excluded_from(list, i)
                .map(|x| w.fill("returns_missing_excluded", &[("file", &file_name(&x.file))]));
            json!({"name": e.name, "type": w.org_type(e.org_type), "note": note})
        })
        .collect()
}

/// Renders the whole report.
pub fn render(outcome: &Outcome<'_>) -> Result<String, Failure> {
    let w = Words(&outcome.words);
    let audit = outcome.audit;
    let mut cx = tera::Context::new();
    cx.insert("lang", &outcome.lang);
    cx.insert("t", &outcome.words);
    cx.insert("site_title", &outcome.brand.title);
    cx.insert("logo", &outcome.brand.logo);
    cx.insert("colour", &outcome.brand.colour);
    cx.insert("page_label", &page_label(&w));
    cx.insert("generator", super::GENERATOR);
    cx.insert(
        "title",
        &w.fill("returns_title", &[("audit", &audit.title)]),
    );
    cx.insert("round", &outcome.round.name);
    cx.insert("edition", &edition(outcome, &w));
    cx.insert(
        "dates",
        &figures::dates(&outcome.round).map(|(a, b)| {
            if a == b {
                w.fill("returns_completed_on", &[("date", &w.date(a))])
            } else {
                w.fill(
                    "returns_completed_between",
                    &[("from", &w.date(a)), ("to", &w.date(b))],
                )
            }
        }),
    );
    cx.insert(
        "previous",
        &outcome.previous.as_ref().map(|p| p.name.clone()),
    );
    cx.insert(
        "made_on",
        &w.fill("returns_made_on", &[("date", &w.date(outcome.today))]),
    );
    cx.insert("tiles", &tiles(outcome, &w));
    cx.insert("has_expected", &outcome.expected.is_some());
    cx.insert("type_chart", &type_chart(outcome, &w));
    cx.insert("section_chart", &section_chart(outcome));
    cx.insert("weakest", &weakest(outcome));
    cx.insert("support", &support(outcome, &w));
    cx.insert("missing", &missing_rows(outcome, &w));
    super::appendix::insert(&mut cx, outcome, &w);
    cx.insert("version", env!("CARGO_PKG_VERSION"));
    let mut tera = tera::Tera::default();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_template("returns.html", TEMPLATE)
        .and_then(|_| tera.render("returns.html", &cx))
        .map_err(|e| Failure::Usage(format!("the built-in returns report template failed: {e}")))
}

/// The page-number footer as a CSS string: `"Page " counter(page) " of " counter(pages)`.
fn page_label(w: &Words<'_>) -> String {
    // Words go inside a CSS string in a <style>: nothing may end the string or the element.
    let css = |s: String| {
        s.chars()
            .map(|c| match c {
                '"' | '\\' | '<' | '>' | '\n' => format!("\\{:x} ", c as u32),
                c => c.to_string(),
            })
            .collect::<String>()
    };
    format!(
        "\"{} \" counter(page) \" {} \" counter(pages)",
        css(w.get("returns_page")),
        css(w.get("returns_page_of"))
    )
}

/// "Online safety review, version 2, updated 1 November 2026".
fn edition(outcome: &Outcome<'_>, w: &Words<'_>) -> String {
    let a = outcome.audit;
    let mut parts = vec![a.title.clone()];
    if !a.version.is_empty() {
        parts.push(w.fill("returns_version", &[("version", &a.version)]));
    }
    if let Some(d) = a.date {
        parts.push(w.fill("returns_updated", &[("date", &w.date(d))]));
    }
    parts.join(", ")
}
