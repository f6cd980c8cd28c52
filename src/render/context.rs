//! The values templates see. Every URL here is site-absolute (`/parents/gaming/`); the write stage
//! makes them fit the base URL or, offline, relative to each file.

use serde::Serialize;

use crate::load::config::{PlaceholderDecl, ReportRoute, ValueType};
use crate::load::date::Date;
use crate::load::frontmatter::{Kind, Signer};
use crate::markdown::{glossary::Term, TocEntry};
use crate::resolve::{Page, Site, REPORT_PATH, SEARCH_PATH, TAGS_PATH};

#[derive(Debug, Clone, Serialize)]
pub struct SiteCx {
    pub title: String,
    pub description: Option<String>,
    pub base_url: String,
    pub language: String,
    pub audiences: Vec<AudienceCx>,
    pub report: Vec<ReportRoute>,
    pub search_enabled: bool,
    /// The URLs of the generated pages every page links to, in the language of the page.
    pub search_url: String,
    pub report_url: String,
    pub tags_url: String,
    pub home_url: String,
    pub feed_url: String,
    pub has_packs: bool,
    /// The packs index in the language of the page, else the main one's.
    pub packs_url: String,
    pub offline: bool,
    pub build_date: String,
    pub generator: String,
    /// `brand.logo`'s URL (shown in place of the title, the title as its alt text).
    pub logo: Option<String>,
    /// CSS custom properties from `brand.colour`, for a `<style>` in every page's head.
    pub brand_css: Option<String>,
    /// `brand.colour` as `#rrggbb`: printed packs take their accent from it.
    pub brand_colour: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AudienceCx {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub url: String,
    pub quick_exit: bool,
    pub reading_age: Option<f64>,
    pub ages: Option<[u8; 2]>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AudienceRef {
    pub id: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

/// A date in words in the language being rendered ([`crate::render::Renderer::dates_in`]).
pub type LongDate<'f> = &'f (dyn Fn(Date) -> String + Sync);

/// A page as listings show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageRef {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub kind: &'static str,
    pub audiences: Vec<AudienceRef>,
    pub updated: Option<String>,
    pub updated_long: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindGroup {
    pub kind: &'static str,
    pub name: String,
    pub pages: Vec<PageRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlaceholderCx {
    pub key: String,
    pub label: String,
    pub hint: Option<String>,
    pub value: Option<String>,
    /// A date: the form offers a date picker and the page shows the date in words.
    pub date: bool,
}

/// See [`PageCx::print_stamp`].
#[derive(Debug, Clone, Serialize)]
pub struct PrintStamp {
    pub from: String,
    pub on: String,
}

/// The audit a page's form answers, as its returns name it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditCx {
    /// The page's address without slashes (`audits/setting-self-review`): what `returns` matches.
    pub id: String,
    pub version: Option<String>,
    /// `updated` (or `date`) as YYYY-MM-DD and as "1 November 2026".
    pub date: Option<String>,
    pub date_long: Option<String>,
}

impl AuditCx {
    pub fn of(page: &Page, long: LongDate<'_>) -> Option<AuditCx> {
        if page.kind != Kind::Audit {
            return None;
        }
        let fm = &page.src.fm;
        let date = fm.updated.or(fm.date);
        Some(AuditCx {
            id: audit_id(&page.path),
            version: fm.version.clone(),
            date: date.map(|d| d.to_string()),
            date_long: date.map(long),
        })
    }
}

/// An audit's id from its page's URL path: `/audits/setting-self-review/` -> `audits/setting-self-review`.
pub fn audit_id(path: &str) -> String {
    path.trim_matches('/').to_string()
}

/// Everything about the page being rendered.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageCx {
    pub title: String,
    pub summary: Option<String>,
    pub kind: &'static str,
    pub url: String,
    pub permalink: String,
    pub source: Option<String>,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub audiences: Vec<AudienceRef>,
    /// Audience of the page for search filtering and styling: the first, if any.
    pub audience: Option<String>,
    pub quick_exit: bool,
    pub date: Option<String>,
    pub updated: Option<String>,
    pub updated_long: Option<String>,
    pub review_by: Option<String>,
    pub review_by_long: Option<String>,
    pub owner: Option<String>,
    pub tags: Vec<Link>,
    pub breadcrumbs: Vec<Link>,
    pub is_section: bool,
    pub pages: Vec<PageRef>,
    pub subsections: Vec<PageRef>,
    /// On audience landing pages: every page for the audience, grouped by kind.
    pub groups: Vec<KindGroup>,
    /// On audience landing pages: the kinds with a single page, listed together under "More"
    /// rather than as a heading over one card.
    pub more: Vec<PageRef>,
    /// A page for families (children, young people, parents): governance detail (owner, review
    /// date, kind labels) is left off, as it means nothing to them and reads as officialdom.
    pub family: bool,
    pub duration: Option<u32>,
    pub objectives: Vec<String>,
    pub materials: Vec<String>,
    pub terms: Vec<TermCx>,
    pub placeholders: Vec<PlaceholderCx>,
    pub audit_questions: usize,
    /// On audit pages: what every return exported from the page records about the audit.
    pub audit: Option<AuditCx>,
    pub word_count: usize,
    pub reading_minutes: usize,
    /// Report routes that apply to this page's audiences.
    pub report: Vec<ReportRoute>,
    /// Downloads offered on the page (e.g. the Word version of a policy).
    pub downloads: Vec<Link>,
    /// (policy, aup) "2.1, 1 November 2026": the version, its date, or both.
    pub version: Option<String>,
    /// (policy, aup) Who signs, one block each.
    pub signers: Vec<Signer>,
    /// (policy, aup) The printed footer's first lines, as a CSS string (quoted and escaped).
    pub print_footer: Option<String>,
    /// (policy, aup) What policy.js puts in the footer's second line when printing: `from` (as
    /// the footer has it) becomes `on`, whose `{date}` is the day. Both CSS-escaped.
    pub print_stamp: Option<PrintStamp>,
    /// (policy, aup) The script holding the Word template the fill-in form fills.
    pub docx_template: Option<String>,
    /// (policy, aup) The title of a copy an organisation adopts, placeholders unfilled
    /// (`{{ name }}: online safety policy`), which the fill-in form fills for printing.
    pub adopted_title: Option<String>,
    /// (policy, aup) The closing line of an adopted copy: "Based on the ... model, version 2."
    pub based_on: Option<String>,
    /// (policy, aup) Printed in large type on as few sheets as it fits (`large_print: true`).
    pub large_print: bool,
    /// On a site with `languages:`: the page's language tag (`lang` on `<html>`); left out
    /// otherwise, so templates fall back to the site's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// On a site with `languages:`: the page in every language it is in, itself included
    /// (`<link rel=alternate hreflang>`).
    pub alternates: Vec<Alternate>,
    /// On a site with `languages:`: one link to each other language, to the counterpart or,
    /// when there is none, to that language's home page.
    pub switcher: Vec<Switch>,
}

/// The page in one language, for `hreflang`.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub url: String,
    pub permalink: String,
}

/// A language switcher link.
#[derive(Debug, Clone, Serialize)]
pub struct Switch {
    pub lang: String,
    pub name: String,
    pub url: String,
    /// The page has no counterpart in this language: the link goes to its home page.
    pub missing: bool,
}

/// A page's `lang`, alternates and switcher; all empty on a site in one language.
pub fn languages_of(site: &Site, page: &Page) -> (Option<String>, Vec<Alternate>, Vec<Switch>) {
    if site.config.languages.is_empty() {
        return (None, Vec::new(), Vec::new());
    }
    let own = site.lang_of(page).to_string();
    let mut alternates = Vec::new();
    let mut switcher = Vec::new();
    for l in &site.config.languages {
        let other = site.counterpart(page, &l.code);
        if let Some(o) = other {
            alternates.push(Alternate {
                hreflang: l.code.clone(),
                url: o.path.clone(),
                permalink: permalink(site, &o.path),
            });
        }
        if l.code == own {
            continue;
        }
        let home = site.home_of(&l.code).map_or_else(
            || format!("{}/", l.prefix(l.code == site.config.main_language())),
            |h| h.path.clone(),
        );
        switcher.push(Switch {
            lang: l.code.clone(),
            name: l.name.clone(),
            url: other.map_or(home, |o| o.path.clone()),
            missing: other.is_none(),
        });
    }
    if alternates.len() < 2 {
        alternates.clear();
    }
    (Some(own), alternates, switcher)
}

impl SiteCx {
    pub fn new(site: &Site, offline: bool) -> SiteCx {
        SiteCx {
            title: site.config.title.clone(),
            description: site.config.description.clone(),
            base_url: site.config.base_url.clone(),
            language: site.config.main_language().to_string(),
            audiences: site
                .config
                .audiences
                .iter()
                .map(|a| AudienceCx {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    description: a.description.clone(),
                    url: format!("/{}/", a.id),
                    quick_exit: a.quick_exit,
                    reading_age: a.reading_age,
                    ages: a.ages,
                })
                .collect(),
            report: site.config.report.clone(),
            search_enabled: site.config.search.enabled,
            search_url: SEARCH_PATH.into(),
            report_url: REPORT_PATH.into(),
            tags_url: TAGS_PATH.into(),
            home_url: "/".into(),
            feed_url: "/atom.xml".into(),
            has_packs: !site.packs.is_empty(),
            packs_url: crate::resolve::PACKS_PATH.into(),
            offline,
            build_date: crate::load::date::Date::today().to_string(),
            generator: format!("safeguide {}", env!("CARGO_PKG_VERSION")),
            // Checked to be in static/ when the site was loaded; a URL, so percent-encoded
            // (`a#b.svg`).
            logo: site
                .config
                .brand
                .as_ref()
                .and_then(|b| b.logo.as_deref())
                .and_then(|l| l.strip_prefix("static/"))
                .map(|rel| format!("/{}", crate::load::web_address::encode_path(rel))),
            brand_css: site.config.brand.as_ref().and_then(crate::load::brand::css),
            brand_colour: site
                .config
                .brand
                .as_ref()
                .and_then(|b| b.colour.as_deref())
                .and_then(crate::load::brand::Rgb::parse)
                .map(crate::load::brand::Rgb::hex),
        }
    }

    /// The site as pages in the language `code` (not the main one) see it: that language's
    /// generated pages, audience landing pages, names and report routes.
    pub fn in_language(&self, site: &Site, code: &str) -> SiteCx {
        let lang = Some(code);
        let at = |path: &str| site.path_in(lang, path);
        let mut cx = self.clone();
        cx.language = code.to_string();
        cx.search_url = at(SEARCH_PATH);
        cx.report_url = at(REPORT_PATH);
        cx.tags_url = at(TAGS_PATH);
        cx.home_url = site
            .home_of(code)
            .map_or_else(|| at("/"), |h| h.path.clone());
        cx.feed_url = at("/atom.xml");
        if crate::plan::has_packs_in(site, code) {
            cx.packs_url = at(crate::resolve::PACKS_PATH);
        }
        for a in &mut cx.audiences {
            if let Some(conf) = site.config.audience(&a.id) {
                (a.name, a.description) = conf.in_language(lang);
            }
            a.url = at(&a.url);
        }
        cx.report = site
            .config
            .report
            .iter()
            .map(|r| r.in_language(code))
            .collect();
        cx
    }
}

/// The words of one language the Rust side needs: dates in words and a few names.
pub struct LangWords<'w> {
    pub code: &'w str,
    pub words: &'w std::collections::BTreeMap<String, String>,
}

impl LangWords<'_> {
    /// `d` in words ("1 Tachwedd 2026"), with the language's `months`; English when it has
    /// no twelve.
    pub fn long_date(&self, d: crate::load::date::Date) -> String {
        let months: Vec<&str> = self
            .words
            .get("months")
            .map(|m| m.split_whitespace().collect())
            .unwrap_or_default();
        use chrono::Datelike;
        match months.get(d.0.month0() as usize) {
            Some(m) if months.len() == 12 => format!("{} {m} {}", d.0.day(), d.0.year()),
            _ => d.long(),
        }
    }

    fn long_of(&self, iso: &Option<String>) -> Option<String> {
        iso.as_deref()
            .and_then(crate::load::date::Date::parse)
            .map(|d| self.long_date(d))
    }
}

/// Puts a page's context into the language `w` (not the main one): dates in its words,
/// audiences by their names in it and linking to its landing pages, and its report routes.
pub fn localise(cx: &mut PageCx, site: &Site, w: &LangWords<'_>) {
    let lang = Some(w.code);
    cx.updated_long = w.long_of(&cx.updated);
    cx.review_by_long = w.long_of(&cx.review_by);
    let audiences = |refs: &mut Vec<AudienceRef>| {
        for a in refs {
            if let Some(conf) = site.config.audience(&a.id) {
                a.name = conf.in_language(lang).0;
                a.url = site.path_in(lang, &format!("/{}/", a.id));
            }
        }
    };
    audiences(&mut cx.audiences);
    let mut refs: Vec<&mut PageRef> = cx
        .pages
        .iter_mut()
        .chain(cx.subsections.iter_mut())
        .chain(cx.more.iter_mut())
        .chain(cx.groups.iter_mut().flat_map(|g| g.pages.iter_mut()))
        .collect();
    for p in &mut refs {
        p.updated_long = w.long_of(&p.updated);
        audiences(&mut p.audiences);
    }
    for r in &mut cx.report {
        *r = r.in_language(w.code);
    }
    if let Some(a) = &mut cx.audit {
        a.date_long = w.long_of(&a.date);
    }
}

pub fn audience_refs(site: &Site, ids: &[String]) -> Vec<AudienceRef> {
    ids.iter()
        .filter_map(|id| site.config.audience(id))
        .map(|a| AudienceRef {
            id: a.id.clone(),
            name: a.name.clone(),
            url: format!("/{}/", a.id),
        })
        .collect()
}

pub fn page_ref(site: &Site, p: &Page, long: LongDate<'_>) -> PageRef {
    PageRef {
        title: p.src.fm.title.clone(),
        url: p.path.clone(),
        summary: p.src.fm.summary.clone(),
        kind: p.kind.id(),
        audiences: audience_refs(site, &p.audience),
        updated: p.src.fm.updated.map(|d| d.to_string()),
        updated_long: p.src.fm.updated.map(long),
    }
}

/// Pages grouped by kind in a fixed, reader-friendly order (guides first), each group headed by
/// its `group_<kind>` word from `word` (the page's language).
pub fn group_by_kind(
    site: &Site,
    pages: &[usize],
    word: impl Fn(&str) -> String,
    long: LongDate<'_>,
) -> Vec<KindGroup> {
    Kind::ALL
        .iter()
        .filter_map(|&k| {
            let list: Vec<PageRef> = pages
                .iter()
                .map(|&i| &site.pages[i])
                .filter(|p| p.kind == k)
                .map(|p| page_ref(site, p, long))
                .collect();
            (!list.is_empty()).then_some(KindGroup {
                kind: k.id(),
                name: word(&format!("group_{}", k.id())),
                pages: list,
            })
        })
        .collect()
}

pub fn breadcrumbs(site: &Site, page: &Page) -> Vec<Link> {
    let mut crumbs = Vec::new();
    let mut cur = page.parent;
    let mut guard = 0;
    while let Some(i) = cur {
        let p = &site.pages[i];
        crumbs.push(Link {
            title: p.src.fm.title.clone(),
            url: p.path.clone(),
        });
        cur = p.parent;
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    // A page's trail starts at the home page of its own language.
    let home = site.home_of(site.lang_of(page));
    if let Some(h) = home.filter(|h| page.parent.is_none() && h.path != page.path) {
        crumbs.push(Link {
            title: h.src.fm.title.clone(),
            url: h.path.clone(),
        });
    }
    crumbs.reverse();
    crumbs
}

/// A glossary entry as the glossary page lists it, with the heading (letter) it is listed under.
#[derive(Debug, Clone, Serialize)]
pub struct TermCx {
    pub term: String,
    pub id: String,
    pub definition: String,
    /// `A`..`Z`, or `0–9` for every term starting with a digit or any other character.
    pub letter: String,
}

/// The glossary as people read it: case-insensitive A to Z, terms starting with a digit (or
/// anything but a letter) first under one `0–9` heading, so the A-Z bar is in order.
pub fn glossary_cx(terms: &[Term]) -> Vec<TermCx> {
    let mut out: Vec<TermCx> = terms
        .iter()
        .map(|t| {
            let first = t.term.chars().next().unwrap_or(' ');
            let letter = if first.is_alphabetic() {
                first.to_uppercase().collect()
            } else {
                "0–9".to_string()
            };
            TermCx {
                term: t.term.clone(),
                id: t.id.clone(),
                definition: t.definition.clone(),
                letter,
            }
        })
        .collect();
    // `0–9` sorts before letters; within a letter, case-insensitive, then as written for a stable order.
    out.sort_by_cached_key(|t| {
        (
            t.letter != "0–9",
            t.letter.clone(),
            t.term.to_lowercase(),
            t.term.clone(),
        )
    });
    out
}

/// True when any audience of the page is a family audience: children or young people (they have
/// `ages`), or adults written for at a reading age of 12 or under (parents and carers). A page shared
/// with families is theirs too; pages only for professionals, or for no audience, keep governance.
pub fn is_family(site: &Site, audiences: &[String]) -> bool {
    !audiences.is_empty()
        && audiences.iter().any(|id| {
            site.config
                .audience(id)
                .is_some_and(|a| a.ages.is_some() || a.reading_age.is_some_and(|r| r <= 12.0))
        })
}

/// Splits an audience's kind groups into those with several pages and the single pages of the rest.
pub fn fold_single_groups(groups: Vec<KindGroup>) -> (Vec<KindGroup>, Vec<PageRef>) {
    let (many, single): (Vec<_>, Vec<_>) = groups.into_iter().partition(|g| g.pages.len() > 1);
    (many, single.into_iter().flat_map(|g| g.pages).collect())
}

pub fn report_for(site: &Site, audiences: &[String]) -> Vec<ReportRoute> {
    report_ids(site, audiences)
        .into_iter()
        .map(|i| site.config.report[i].clone())
        .collect()
}

/// Which of site.yaml's report routes (by place in `report:`) [`report_for`] gives.
pub fn report_ids(site: &Site, audiences: &[String]) -> Vec<usize> {
    site.config
        .report
        .iter()
        .enumerate()
        .filter(|(_, r)| r.applies_to(audiences))
        .map(|(i, _)| i)
        .collect()
}

/// The partnership's value of the local value named `key`, when it sets one: the default of a
/// school's blank of the same name.
pub fn local_default(site: &Site, key: &str) -> Option<String> {
    site.config.local.get(key)?.shown()
}

/// `values` (a school's) with each blank named like a set local value given that value where
/// `values` leaves it out: schools get the partnership's numbers and may still give their own.
pub fn with_local_defaults(
    site: &Site,
    values: Option<&std::collections::BTreeMap<String, String>>,
) -> std::collections::BTreeMap<String, String> {
    let mut out = values.cloned().unwrap_or_default();
    for key in site.config.local.keys() {
        if !out.contains_key(key) {
            if let Some(v) = local_default(site, key) {
                out.insert(key.clone(), v);
            }
        }
    }
    out
}

pub fn placeholders_cx(
    site: &Site,
    page: &Page,
    values: Option<&std::collections::BTreeMap<String, String>>,
) -> Vec<PlaceholderCx> {
    if !page.kind.has_placeholders() {
        return Vec::new();
    }
    let used = used_placeholders(page.src.body());
    used.into_iter()
        .filter_map(|key| {
            let decl: &PlaceholderDecl = page
                .src
                .fm
                .placeholders
                .get(&key)
                .or_else(|| site.config.placeholders.get(&key))?;
            let date = decl.value_type == ValueType::Date;
            // A blank named like a local value (`lado_contact`) starts with the partnership's.
            let value = values
                .and_then(|v| v.get(&key))
                .map(|v| v.trim().to_string())
                .or_else(|| local_default(site, &key));
            Some(PlaceholderCx {
                // A date field takes only YYYY-MM-DD; anything else would show as empty anyway.
                value: value.filter(|v| !date || crate::load::date::Date::parse(v).is_some()),
                label: decl.label.clone(),
                hint: decl.hint.clone(),
                date,
                key,
            })
        })
        .collect()
}

/// Who signs a model document: its `signatures`, else one block for its kind.
/// The default blocks' words come from `word` (the page's language).
pub fn signers(page: &Page, word: impl Fn(&str) -> String) -> Vec<Signer> {
    if let Some(s) = &page.src.fm.signatures {
        return s.clone();
    }
    let lines = |l: &[&str]| l.iter().map(|k| word(&format!("sign_{k}"))).collect();
    match page.kind {
        Kind::Aup => vec![Signer {
            title: word("signed"),
            note: None,
            lines: lines(&["name", "signature", "date"]),
        }],
        Kind::Policy => vec![Signer {
            title: word("approved"),
            note: Some(word("approved_note")),
            lines: lines(&["name", "role", "signature", "date"]),
        }],
        _ => Vec::new(),
    }
}

/// Text made safe inside a double-quoted CSS string in a <style> element: quotes and backslashes
/// escaped, `<` as a CSS escape (so `</style>` cannot appear), line breaks as spaces.
pub fn css_string_body(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\3C "),
            '>' => out.push_str("\\3E "),
            '&' => out.push_str("\\26 "),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Placeholder keys in the order they first appear in the text.
pub fn used_placeholders(body: &str) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for f in crate::markdown::placeholders::find_all(body) {
        // Local values are the partnership's, filled from site.yaml, not blanks for a school.
        if f.key.starts_with(crate::markdown::locals::PREFIX) {
            continue;
        }
        if !keys.iter().any(|k| k == f.key) {
            keys.push(f.key.to_string());
        }
    }
    keys
}

pub fn permalink(site: &Site, path: &str) -> String {
    format!("{}{}", site.config.base_url.trim_end_matches('/'), path)
}

#[cfg(test)]
#[path = "context_tests.rs"]
mod print_tests;
