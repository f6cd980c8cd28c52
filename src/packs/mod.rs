//! Printable packs (`packs/*.yaml`): a trainer's session pack in a facilitator and a participant
//! edition.
//!
//! Two steps, one per pipeline stage they belong to:
//! - [`render_document`] and [`render_listing`] (render stage): for every pack and edition, one
//!   print-ready HTML document at `/packs/<id>/<edition>/` (cover, contents, one item per page,
//!   running header, page numbers), plus a page per pack at `/packs/<id>/` and the `/packs/` index;
//! - [`pdf::print_packs`] (write stage, `--pdf` only): Chromium prints each staged document to
//!   `/packs/<id>/<id>-<edition>.pdf` before the output is swapped in.

pub mod document;
pub mod pdf;
pub mod present;

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::load::date::Date;
use crate::load::frontmatter::Kind;
use crate::load::packs::{item_source, Edition, Pack};
use crate::render::context::{self, Link, PageRef};
use crate::render::{BodyOptions, RenderedFile, Renderer};
use crate::resolve::{Site, PACKS_PATH};
use crate::write::urls::UrlStyle;

pub const DOCUMENT_TEMPLATE: &str = "pack.html";
pub const LISTING_TEMPLATE: &str = "packs.html";

pub use crate::plan::{edition_path, pack_path, pdf_path};

/// A pack as the listing pages show it.
#[derive(Debug, Serialize)]
struct PackCx {
    id: String,
    title: String,
    subtitle: Option<String>,
    url: String,
    audience: Option<context::AudienceRef>,
    items: Vec<PageRef>,
    editions: Vec<EditionCx>,
    /// The slide deck, when the pack has a training module.
    present: Option<String>,
}

#[derive(Debug, Serialize)]
struct EditionCx {
    id: &'static str,
    name: &'static str,
    /// Who the edition is for and what it holds, for the pack's page.
    purpose: &'static str,
    /// Titles of the items it prints.
    items: Vec<String>,
    url: String,
    /// Set when this build prints PDFs (`--pdf`).
    pdf: Option<String>,
}

/// One pack edition as `pack.html` sees it.
#[derive(Debug, Serialize)]
struct DocumentCx {
    id: String,
    title: String,
    subtitle: Option<String>,
    edition: &'static str,
    edition_name: &'static str,
    organisation: String,
    audience: Option<String>,
    date: String,
    version: Option<String>,
    /// "Printed on DATE from SITE", on the cover and (with the version) in every page's footer.
    printed: String,
    permalink: String,
    /// The running header as a CSS string literal, escaped for a `<style>` element.
    running_header_css: String,
    /// The footer's left-hand text (version, printed), likewise.
    running_footer_css: String,
    items: Vec<ItemCx>,
}

#[derive(Debug, Serialize)]
struct ItemCx {
    number: usize,
    anchor: String,
    title: String,
    summary: Option<String>,
    kind: &'static str,
    kind_name: &'static str,
    permalink: String,
    content: String,
    /// Session details of training items: timings and materials only in the facilitator edition.
    duration: Option<u32>,
    objectives: Vec<String>,
    materials: Vec<String>,
}

/// Renders the `/packs/` index (`pack` None) or one pack's page. `pdf` says whether PDFs are
/// printed, so the pages can link them.
pub fn render_listing(
    renderer: &Renderer<'_>,
    pack: Option<usize>,
    pdf: bool,
) -> Result<RenderedFile, Diagnostic> {
    let site = renderer.site;
    let (cx, path, list) = match pack {
        None => {
            let mut index = renderer.generated_cx("Printable packs", PACKS_PATH);
            index.summary = Some(
                "Session packs to print: a facilitator edition with notes and timings, and a participant edition with handouts and activities."
                    .into(),
            );
            let packs: Vec<PackCx> = site.packs.iter().map(|p| pack_cx(site, p, pdf)).collect();
            (index, PACKS_PATH.to_string(), packs)
        }
        Some(p) => {
            let p = pack_cx(site, &site.packs[p], pdf);
            let mut cx = renderer.generated_cx(&p.title, &p.url);
            cx.summary.clone_from(&p.subtitle);
            cx.breadcrumbs.push(Link {
                title: "Printable packs".into(),
                url: PACKS_PATH.into(),
            });
            if let Some(a) = &p.audience {
                cx.audience = Some(a.id.clone());
            }
            (cx, p.url.clone(), vec![p])
        }
    };
    let value = serde_json::to_value(&list).unwrap_or_default();
    let single = serde_json::Value::Bool(path != PACKS_PATH);
    renderer.render_generated(
        LISTING_TEMPLATE,
        &path,
        cx,
        &[("packs", value), ("single_pack", single)],
    )
}

fn pack_cx(site: &Site, pack: &Pack, pdf: bool) -> PackCx {
    PackCx {
        id: pack.id.clone(),
        title: pack.def.title.clone(),
        subtitle: pack.def.subtitle.clone(),
        url: pack_path(pack),
        audience: pack
            .def
            .audience
            .as_ref()
            .and_then(|a| context::audience_refs(site, std::slice::from_ref(a)).pop()),
        items: items(site, pack)
            .map(|p| context::page_ref(site, &site.pages[p]))
            .collect(),
        present: present::module(site, pack).map(|_| present::present_path(pack)),
        editions: pack
            .def
            .editions
            .iter()
            .map(|&e| EditionCx {
                id: e.id(),
                name: e.name(),
                purpose: purpose(e),
                items: edition_items(site, pack, e)
                    .map(|p| site.pages[p].src.fm.title.clone())
                    .collect(),
                url: edition_path(pack, e),
                pdf: pdf.then(|| pdf_path(pack, e)),
            })
            .collect(),
    }
}

/// The pages of a pack's items, in order (resolve has checked that each exists).
pub fn items<'s>(site: &'s Site, pack: &'s Pack) -> impl Iterator<Item = usize> + 's {
    pack.def
        .items
        .iter()
        .filter_map(|item| site.by_source.get(item_source(item)).copied())
}

/// The pages an edition prints, in order: `participant:` picks the participant edition's.
pub fn edition_items<'s>(
    site: &'s Site,
    pack: &'s Pack,
    edition: Edition,
) -> impl Iterator<Item = usize> + 's {
    pack.def
        .items_for(edition)
        .iter()
        .filter_map(|item| site.by_source.get(item_source(item)).copied())
}

fn purpose(edition: Edition) -> &'static str {
    match edition {
        Edition::Facilitator => "For whoever runs the session: the session plan and timings, what to say and ask, the answers to the activities, and every handout as participants see it.",
        Edition::Participant => "One copy for each person taking part: the handouts and activity sheets, with lines to write on, to keep after the session. It has none of the facilitator's script.",
    }
}

/// Renders the print-ready document of one edition of a pack.
pub fn render_document(
    renderer: &Renderer<'_>,
    pack: &Pack,
    edition: Edition,
) -> Result<RenderedFile, Diagnostic> {
    let site = renderer.site;
    let pages: Vec<usize> = edition_items(site, pack, edition).collect();
    let item_numbers: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .rev() // an item listed twice: links go to its first place
        .map(|(i, &p)| (site.pages[p].path.clone(), i + 1))
        .collect();
    let links = document::ItemLinks {
        items: &item_numbers,
        base_url: &site.config.base_url,
    };
    let values = renderer.organisation_values();
    let facilitator = edition == Edition::Facilitator;
    let items = pages
        .iter()
        .enumerate()
        .map(|(i, &p)| {
            let page = &site.pages[p];
            let fm = &page.src.fm;
            // Problems in the body (a broken link) are reported once, by the item's own web page.
            let (body, _) = renderer.render_body(
                page,
                BodyOptions {
                    facilitator_notes: facilitator,
                    participant: !facilitator,
                    values,
                },
            );
            ItemCx {
                number: i + 1,
                anchor: document::item_anchor(i + 1),
                title: fm.title.clone(),
                summary: fm.summary.clone(),
                kind: page.kind.id(),
                kind_name: kind_name(page.kind),
                permalink: context::permalink(site, &page.path),
                content: document::adapt_body(&body.html, i + 1, &page.path, &links),
                duration: fm.duration.filter(|_| facilitator),
                objectives: fm.objectives.clone(),
                materials: if facilitator {
                    fm.materials.clone()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let organisation = site
        .config
        .organisation
        .as_ref()
        .and_then(|o| o.get("name"))
        .and_then(crate::load::config::scalar_text)
        .unwrap_or_else(|| site.config.title.clone());
    let path = edition_path(pack, edition);
    let date = Date::today().long();
    let printed = format!("Printed on {date} from {}", site_name(site));
    let footer = match &pack.def.version {
        Some(v) => format!("Version {v} \u{b7} {printed}"),
        None => printed.clone(),
    };
    let doc = DocumentCx {
        id: pack.id.clone(),
        title: pack.def.title.clone(),
        subtitle: pack.def.subtitle.clone(),
        edition: edition.id(),
        edition_name: edition.name(),
        audience: pack
            .def
            .audience
            .as_ref()
            .and_then(|a| site.config.audience(a))
            .map(|a| a.name.clone()),
        date,
        version: pack.def.version.clone(),
        printed,
        permalink: context::permalink(site, &path),
        running_header_css: css_string(&format!("{} \u{2014} {}", pack.def.title, edition.name())),
        running_footer_css: css_string(&footer),
        organisation,
        items,
    };
    let value = serde_json::to_value(&doc).unwrap_or_default();
    render_standalone(
        renderer,
        DOCUMENT_TEMPLATE,
        &path,
        (&doc.title, &doc.subtitle),
        ("pack", value),
    )
}

/// Renders a pack's standalone page (an edition's document, the slide deck) with `template`, its
/// data under `data.0`. URLs are made relative, so the same file prints and runs from a folder on
/// disk (file://) as well as from any base path online.
pub fn render_standalone(
    renderer: &Renderer<'_>,
    template: &str,
    path: &str,
    (title, subtitle): (&str, &Option<String>),
    data: (&str, serde_json::Value),
) -> Result<RenderedFile, Diagnostic> {
    let mut cx = renderer.generated_cx(title, path);
    cx.summary.clone_from(subtitle);
    let mut file = renderer.render_generated(template, path, cx, &[data])?;
    file.body = UrlStyle::Offline
        .rewrite_html(&file.body, path)
        .into_owned();
    Ok(file)
}

/// The site a pack was printed from: its address without the scheme, or its title when it has none.
fn site_name(site: &Site) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    let host = base.split_once("://").map_or(base, |(_, h)| h);
    if host.is_empty() {
        site.config.title.clone()
    } else {
        host.to_string()
    }
}

fn kind_name(kind: Kind) -> &'static str {
    match kind {
        Kind::Page => "Information",
        Kind::Guide => "Guide",
        Kind::Tips => "Top tips",
        Kind::Policy => "Model policy",
        Kind::Aup => "Acceptable use agreement",
        Kind::Training => "Training session",
        Kind::Audit => "Self-review audit",
        Kind::Glossary => "Glossary",
        Kind::Contacts => "Getting help",
    }
}

/// `text` as a double-quoted CSS string that is also safe inside an HTML `<style>` element.
fn css_string(text: &str) -> String {
    let mut s = String::with_capacity(text.len() + 2);
    s.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => s.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => s.push_str(&format!("\\{:x} ", c as u32)),
            c => s.push(c),
        }
    }
    s.push('"');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_break_out_of_style() {
        assert_eq!(
            css_string("A \"b\" </style>\n"),
            "\"A \\22 b\\22  \\3c /style\\3e \\a \""
        );
    }
}
