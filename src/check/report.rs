//! The governance report: one self-contained HTML file (inline CSS, SVG and script, no requests),
//! templated with Tera from a template built into the binary, not from the site's theme: the report
//! is for the partnership's governance, and must look the same whatever the site's design.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::review::Status;
use super::{CheckOutcome, PageFacts};
use crate::diagnostics::{Failure, Severity};
use crate::load::frameworks::State;
use crate::render::i18n::Phrases;
use crate::resolve::Site;

const TEMPLATE: &str = include_str!("report.html");

#[derive(Debug, Serialize)]
struct Row {
    title: String,
    /// The page's language, so a title in another language than the report's is marked as such.
    lang: String,
    url: String,
    file: String,
    section: String,
    owner: String,
    audience: String,
    updated: String,
    review_by: String,
    status: &'static str,
    status_label: String,
    status_rank: usize,
    words: usize,
    /// Reading age to one decimal, or empty when the page is too short to score.
    reading_age: String,
    target: String,
    /// `over`, `ok` or `none`: the colour of the reading-age cell.
    age_class: &'static str,
    age_label: String,
}

#[derive(Debug, Serialize, Default)]
struct SectionTotals {
    name: String,
    pages: usize,
    words: usize,
    over_target: usize,
    /// Counts in the order of `Status::ALL`.
    statuses: Vec<usize>,
}

#[derive(Debug, Serialize)]
struct Segment {
    x: usize,
    width: usize,
    status: &'static str,
    count: usize,
    name: String,
}

#[derive(Debug, Serialize)]
struct Bar {
    /// Shortened to fit beside the bar; `name` is the full section title.
    label: String,
    name: String,
    y: usize,
    text_y: usize,
    total: usize,
    total_x: usize,
    segments: Vec<Segment>,
}

#[derive(Debug, Serialize)]
struct LegendItem {
    x: usize,
    status: &'static str,
    name: String,
}

#[derive(Debug, Serialize)]
struct Finding {
    severity: &'static str,
    severity_label: String,
    rule: &'static str,
    location: String,
    message: String,
    help: String,
}

/// A row of the frameworks table: one edition in frameworks.yaml and the pages citing it.
#[derive(Debug, Serialize)]
struct FrameworkRow {
    id: String,
    title: String,
    edition: String,
    in_force_from: String,
    /// The recorded status with its dates ("Enacted 29 April 2026; in force in part from ...").
    status: String,
    /// For an Act, each provision the pack relies on with its commencement and nations.
    commencement: Vec<String>,
    last_checked: String,
    /// Checked more than six months before the day of the check.
    stale: bool,
    applies_to: String,
    url: String,
    note: String,
    /// `in-force`, `superseded`, `replaced-soon` or `not-yet`: the colour of the state cell.
    state: &'static str,
    state_label: String,
    pages: Vec<CitingPage>,
}

#[derive(Debug, Serialize)]
struct CitingPage {
    title: String,
    lang: String,
    url: String,
    file: String,
}

/// Every edition in the registry, in file order, with the pages citing it and where it stands on
/// the day of the check.
fn framework_rows(outcome: &CheckOutcome, w: &Phrases<'_>) -> Vec<FrameworkRow> {
    let (site, fw) = (&outcome.site, &outcome.frameworks);
    let mut citing: Vec<Vec<CitingPage>> = fw.list.iter().map(|_| Vec::new()).collect();
    let mut pages: Vec<&crate::resolve::Page> = site.pages.iter().collect();
    pages.sort_by(|a, b| a.src.rel.cmp(&b.src.rel));
    for page in pages {
        for cite in &page.src.fm.cites {
            if let Some((i, _)) = fw.resolve(cite) {
                if citing[i]
                    .iter()
                    .any(|c| c.file == page.src.display.display().to_string())
                {
                    continue;
                }
                citing[i].push(CitingPage {
                    title: page.title().to_string(),
                    lang: site.lang_of(page).to_string(),
                    url: page.path.clone(),
                    file: page.src.display.display().to_string(),
                });
            }
        }
    }
    fw.list
        .iter()
        .zip(citing)
        .enumerate()
        .map(|(i, (f, pages))| {
            let state = fw.state(i, outcome.today);
            let state_label = match state {
                State::InForce => w.get("gov_state_in_force"),
                State::NotYetInForce { from: Some(from) } => {
                    w.fill("gov_state_not_yet_from", &[("date", &w.date(from))])
                }
                State::NotYetInForce { from: None } => w.get("gov_state_not_yet"),
                State::Withdrawn { .. } => w.get("gov_state_withdrawn"),
                State::ReplacedFrom { by, from } => w.fill(
                    "gov_state_replaced",
                    &[("date", &w.date(from)), ("by", &fw.list[by].full_name())],
                ),
                State::Superseded { by, on, .. } => w.fill(
                    "gov_state_superseded",
                    &[("date", &w.date(on)), ("by", &fw.list[by].full_name())],
                ),
            };
            FrameworkRow {
                id: f.id.clone(),
                title: f.title.clone(),
                edition: f.edition.clone(),
                in_force_from: f.in_force_from.map(|d| d.to_string()).unwrap_or_default(),
                status: super::report_law::status_text(f, w),
                commencement: super::report_law::commencement_lines(f, w),
                last_checked: f.last_checked.map(|d| d.to_string()).unwrap_or_default(),
                stale: super::framework_law::stale(f, outcome.today),
                applies_to: f.applies_to.clone().unwrap_or_default(),
                // Checked when read; the URL rule again where it becomes a link.
                url: f
                    .url
                    .as_deref()
                    .and_then(crate::load::web_address::allowed_link)
                    .unwrap_or_default()
                    .to_string(),
                note: f.note.clone().unwrap_or_default(),
                state: state.id(),
                state_label,
                pages,
            }
        })
        .collect()
}

/// The section a page is counted under: its top-level section, or the home page's title for pages
/// in the root folder.
fn section_of(site: &Site, idx: usize, w: &Phrases<'_>) -> String {
    let mut cur = idx;
    let mut guard = 0;
    while let Some(p) = site.pages[cur].parent {
        if site.home == Some(p) {
            break;
        }
        cur = p;
        guard += 1;
        if guard > 256 {
            break;
        }
    }
    let top = &site.pages[cur];
    if top.is_section() && site.home != Some(cur) {
        top.title().to_string()
    } else {
        w.get("gov_home_section")
    }
}

/// A review status's name ("Overdue"), for the chart and the table's columns.
fn status_name(s: Status, w: &Phrases<'_>) -> String {
    w.get(&format!("gov_status_{}", s.id().replace('-', "_")))
}

/// The text shown with the colour, so the status never depends on colour alone.
fn status_label(s: Status, w: &Phrases<'_>) -> String {
    let n = |key: &str, d: i64| w.fill(key, &[("n", &d.to_string())]);
    match s {
        Status::Overdue(1) => w.get("gov_overdue_one"),
        Status::Overdue(d) => n("gov_overdue_many", d),
        Status::DueSoon(0) => w.get("gov_due_today"),
        Status::DueSoon(1) => w.get("gov_due_one"),
        Status::DueSoon(d) => n("gov_due_many", d),
        s => status_name(s, w),
    }
}

/// "1 error", "3 warnings": `key`'s `_one` or `_many` words.
fn count(w: &Phrases<'_>, key: &str, n: usize) -> String {
    if n == 1 {
        w.get(&format!("{key}_one"))
    } else {
        w.fill(&format!("{key}_many"), &[("n", &n.to_string())])
    }
}

/// Words with code in them: the text before and after the code.
#[derive(Debug, Serialize)]
struct Around {
    before: String,
    after: String,
}

/// `key`'s words split where `{marker}` stands, so the template can put code between them.
fn around(w: &Phrases<'_>, key: &str, values: &[(&str, &str)], marker: &str) -> Around {
    let text = w.fill(key, values);
    match text.split_once(&format!("{{{marker}}}")) {
        Some((a, b)) => Around {
            before: a.to_string(),
            after: b.to_string(),
        },
        None => Around {
            before: text,
            after: String::new(),
        },
    }
}

fn row(site: &Site, f: &PageFacts, w: &Phrases<'_>) -> Row {
    let page = &site.pages[f.index];
    let fm = &page.src.fm;
    let audience = page
        .audience
        .iter()
        .map(|id| {
            site.config
                .audience(id)
                .map_or(id.clone(), |a| a.name.clone())
        })
        .collect::<Vec<_>>()
        .join(", ");
    let reading_age = f
        .score
        .as_ref()
        .map(|s| format!("{:.1}", s.rounded_age()))
        .unwrap_or_default();
    let (age_class, age_label) = match (&f.score, &f.target) {
        (None, _) if f.unscored_lang.is_some() => (
            "none",
            w.fill(
                "gov_age_unscored",
                &[("lang", f.unscored_lang.as_deref().unwrap_or_default())],
            ),
        ),
        (None, _) => ("none", w.get("gov_age_short")),
        (Some(_), None) => ("none", w.get("gov_age_no_target")),
        (Some(_), Some(t)) if f.over_target() => (
            "over",
            w.fill("gov_age_over", &[("age", &t.age.to_string())]),
        ),
        (Some(_), Some(t)) => ("ok", w.fill("gov_age_ok", &[("age", &t.age.to_string())])),
    };
    Row {
        title: page.title().to_string(),
        lang: site.lang_of(page).to_string(),
        url: page.path.clone(),
        file: page.src.display.display().to_string(),
        section: section_of(site, f.index, w),
        owner: page.owner.clone().unwrap_or_default(),
        audience,
        updated: fm.updated.map(|d| d.to_string()).unwrap_or_default(),
        review_by: fm
            .review_by
            .map(|d| w.fill("gov_review_by", &[("date", &d.to_string())]))
            .unwrap_or_default(),
        status: f.review.id(),
        status_label: status_label(f.review, w),
        status_rank: f.review.rank(),
        words: f.words,
        reading_age,
        target: f
            .target
            .as_ref()
            .map(|t| t.age.to_string())
            .unwrap_or_default(),
        age_class,
        age_label,
    }
}

const CHART_LABEL_WIDTH: usize = 220;
const CHART_BAR_WIDTH: usize = 440;
const CHART_ROW: usize = 30;

/// Horizontal stacked bars of review status, one per section, laid out here so the template only
/// draws rectangles.
fn chart(sections: &[SectionTotals], w: &Phrases<'_>) -> (Vec<Bar>, Vec<LegendItem>, usize) {
    let max = sections.iter().map(|s| s.pages).max().unwrap_or(1).max(1);
    let bars = sections
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let y = 10 + i * CHART_ROW;
            let mut x = CHART_LABEL_WIDTH;
            let mut segments = Vec::new();
            for (status, &count) in Status::ALL.iter().zip(&s.statuses) {
                if count == 0 {
                    continue;
                }
                let width = (count * CHART_BAR_WIDTH).div_ceil(max);
                segments.push(Segment {
                    x,
                    width,
                    status: status.id(),
                    count,
                    name: status_name(*status, w),
                });
                x += width;
            }
            // Long names would run into the bars; the table below gives them in full.
            let label = if s.name.chars().count() > 28 {
                format!(
                    "{}…",
                    s.name.chars().take(27).collect::<String>().trim_end()
                )
            } else {
                s.name.clone()
            };
            Bar {
                label,
                name: s.name.clone(),
                y,
                text_y: y + 15,
                total: s.pages,
                total_x: x + 6,
                segments,
            }
        })
        .collect::<Vec<_>>();
    let legend = Status::ALL
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            x: 10 + i * 140,
            status: s.id(),
            name: status_name(*s, w),
        })
        .collect();
    let height = 10 + sections.len() * CHART_ROW + 40;
    (bars, legend, height)
}

/// Renders the report for a finished check.
/// `brand.logo` as a `data:` URI, when the site has one that can be read.
pub(crate) fn logo_data_uri(site: &crate::resolve::Site) -> Option<String> {
    use base64::Engine as _;
    let logo = site.config.brand.as_ref()?.logo.as_deref()?;
    let rel = logo.strip_prefix("static/")?;
    let (files, _) = site.layers.files("static", usize::MAX);
    let bytes = files.iter().find(|f| f.rel == rel)?.read().ok()?;
    let mime = if rel.to_ascii_lowercase().ends_with(".svg") {
        "image/svg+xml"
    } else {
        "image/png"
    };
    Some(format!(
        "data:{mime};base64,{}",
        base64::engine::general_purpose::STANDARD.encode(&bytes)
    ))
}

pub fn render(outcome: &CheckOutcome) -> Result<String, Failure> {
    let site = &outcome.site;
    let w = &Phrases(&outcome.words);
    let mut facts: Vec<&PageFacts> = outcome.pages.iter().collect();
    facts.sort_by(|a, b| {
        (a.review.rank(), &site.pages[a.index].src.rel)
            .cmp(&(b.review.rank(), &site.pages[b.index].src.rel))
    });
    let rows: Vec<Row> = facts.iter().map(|f| row(site, f, w)).collect();

    let mut sections: BTreeMap<String, SectionTotals> = BTreeMap::new();
    for (f, r) in facts.iter().zip(&rows) {
        let t = sections
            .entry(r.section.clone())
            .or_insert_with(|| SectionTotals {
                name: r.section.clone(),
                statuses: vec![0; Status::ALL.len()],
                ..SectionTotals::default()
            });
        t.pages += 1;
        t.words += f.words;
        t.over_target += usize::from(f.over_target());
        t.statuses[f.review.rank()] += 1;
    }
    let sections: Vec<SectionTotals> = sections.into_values().collect();
    let mut totals = SectionTotals {
        name: w.get("gov_all_pages"),
        statuses: vec![0; Status::ALL.len()],
        ..SectionTotals::default()
    };
    for s in &sections {
        totals.pages += s.pages;
        totals.words += s.words;
        totals.over_target += s.over_target;
        for (t, n) in totals.statuses.iter_mut().zip(&s.statuses) {
            *t += n;
        }
    }
    let (bars, legend, chart_height) = chart(&sections, w);
    let findings: Vec<Finding> = outcome
        .diagnostics
        .iter()
        .map(|d| Finding {
            severity: d.severity.label(),
            severity_label: w.get(&format!("returns_{}", d.severity.label())),
            rule: d.rule,
            location: d.location().unwrap_or_default(),
            message: d.message.clone(),
            help: d.help.clone().unwrap_or_default(),
        })
        .collect();
    let statuses: Vec<serde_json::Value> = Status::ALL
        .iter()
        .map(|s| serde_json::json!({ "id": s.id(), "name": status_name(*s, w) }))
        .collect();

    let mut cx = tera::Context::new();
    insert_words(&mut cx, outcome, w, findings.len());
    cx.insert("site_title", &site.config.title);
    // The report is one self-contained file: the logo goes inside it.
    cx.insert("logo", &logo_data_uri(site));
    insert_layers(&mut cx, site, w);
    cx.insert("strict", &outcome.strict);
    cx.insert("passed", &outcome.passed());
    cx.insert("rows", &rows);
    cx.insert("sections", &sections);
    cx.insert("totals", &totals);
    cx.insert("statuses", &statuses);
    cx.insert("bars", &bars);
    cx.insert("legend", &legend);
    cx.insert("chart_height", &chart_height);
    cx.insert("chart_width", &(CHART_LABEL_WIDTH + CHART_BAR_WIDTH + 60));
    cx.insert("findings", &findings);
    cx.insert("frameworks", &framework_rows(outcome, w));
    cx.insert("has_registry", &outcome.frameworks.display.is_some());
    cx.insert("multilingual", &!site.config.languages.is_empty());
    cx.insert("translations", &super::languages::rows(site, w));

    let mut tera = tera::Tera::new();
    tera.autoescape_on(vec![".html"]);
    tera.add_raw_template("report.html", TEMPLATE)
        .and_then(|_| tera.render("report.html", &cx))
        .map_err(|e| Failure::Usage(format!("the built-in report template failed: {e}")))
}

/// The report's words that depend on the check: its language, the day, the verdict's counts and
/// the notes with code or numbers in them.
fn insert_words(cx: &mut tera::Context, outcome: &CheckOutcome, w: &Phrases<'_>, findings: usize) {
    let site = &outcome.site;
    cx.insert("lang", &outcome.lang);
    // safeguide's own messages (findings) are English: marked so, in a report in another language.
    let english = outcome
        .lang
        .split('-')
        .next()
        .is_some_and(|p| p.eq_ignore_ascii_case("en"));
    cx.insert("english", &english);
    cx.insert("t", &outcome.words);
    let today = w.date(outcome.today);
    cx.insert("checked_on", &w.fill("gov_checked_on", &[("date", &today)]));
    cx.insert(
        "frameworks_intro",
        &around(w, "gov_frameworks_intro", &[("date", &today)], "cites"),
    );
    let counts = [
        count(w, "gov_errors", outcome.diagnostics.count(Severity::Error)),
        count(
            w,
            "gov_warnings",
            outcome.diagnostics.count(Severity::Warning),
        ),
        count(
            w,
            "gov_notices",
            outcome.diagnostics.count(Severity::Notice),
        ),
    ];
    cx.insert("counts", &counts.join(", "));
    let required = site
        .config
        .languages
        .iter()
        .filter(|l| l.required)
        .map(|l| l.name.clone())
        .collect::<Vec<_>>()
        .join(", ");
    let missing_note = if required.is_empty() {
        String::new()
    } else {
        w.fill("gov_translations_missing", &[("langs", &required)])
    };
    cx.insert("translations_missing", &missing_note);
    cx.insert(
        "translations_review",
        &around(w, "gov_translations_review", &[], "reviewed"),
    );
    let unscored = outcome
        .pages
        .iter()
        .filter(|p| p.unscored_lang.is_some())
        .count();
    cx.insert("unscored", &unscored);
    cx.insert(
        "unscored_note",
        &w.fill("gov_unscored", &[("n", &unscored.to_string())]),
    );
    cx.insert(
        "base_changed",
        &around(w, "gov_base_changed", &[], "command"),
    );
    cx.insert(
        "findings_title",
        &w.fill("gov_findings", &[("n", &findings.to_string())]),
    );
}

/// The pages from the base: the site's copies of them, their state and the pages it hides.
fn insert_layers(cx: &mut tera::Context, site: &Site, w: &Phrases<'_>) {
    cx.insert("layered", &site.layers.has_base());
    let base_name = site
        .layers
        .stack
        .get(1)
        .map(|l| {
            l.display("")
                .display()
                .to_string()
                .trim_end_matches('/')
                .to_string()
        })
        .unwrap_or_default();
    cx.insert(
        "layers_intro",
        &w.fill("gov_layers_intro", &[("base", &base_name)]),
    );
    let overrides: Vec<serde_json::Value> = crate::load::overrides::list(
        &site.root,
        &site.config,
        &site.layers,
        site.pages.iter().map(|p| &*p.src),
    )
    .iter()
    .map(|o| {
        use crate::load::overrides::State;
        let state = match o.state {
            State::InStep => "gov_override_in_step",
            State::Moved(_) => "gov_override_moved",
            State::Gone => "gov_override_gone",
        };
        serde_json::json!({
            "file": o.display.display().to_string(),
            "base": o.base.as_ref().map(|b| b.display.display().to_string()).unwrap_or_default(),
            "state": w.get(state),
            "changes": base_changes(site, o, w),
        })
    })
    .collect();
    cx.insert("overrides", &overrides);
    let mut hidden: Vec<serde_json::Value> = site
        .hidden
        .iter()
        .map(|(rel, file)| serde_json::json!({"rel": rel, "file": file.display().to_string()}))
        .collect();
    hidden.sort_by_key(|h| h["rel"].as_str().unwrap_or_default().to_string());
    cx.insert("hidden", &hidden);
}

/// Writes the report beside its final name first, so a failed write never leaves half a file.
pub fn write(outcome: &CheckOutcome, path: &Path) -> Result<(), Failure> {
    let html = render(outcome)?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let Some(name) = name else {
        return Err(Failure::Usage(format!(
            "--report needs a file name, e.g. --report governance.html (got {})",
            path.display()
        )));
    };
    let _ = name;
    crate::safe_fs::write::replace(path, html.as_bytes()).map_err(|e| {
        Failure::Usage(format!(
            "cannot write the report to {}: {e} (does the folder exist and can you write to it?)",
            path.display()
        ))
    })
}

/// What the base changed in an overridden page since the site copied it, side by side in words
/// (HTML); empty when it did not move on or its old text was not kept.
fn base_changes(site: &Site, o: &crate::load::overrides::Override, w: &Phrases<'_>) -> String {
    use crate::load::overrides::{then_text, State};
    let State::Moved(_) = &o.state else {
        return String::new();
    };
    let now = o.base.as_ref().and_then(|b| b.read().ok());
    match (then_text(&site.root, &o.based_on), now) {
        (Some(then), Some(now)) => super::word_diff::html_table(
            &then,
            &String::from_utf8_lossy(&now),
            &w.get("gov_base_then"),
            &w.get("gov_base_now"),
        ),
        _ => String::new(),
    }
}
