//! Printable packs (`packs/*.yaml`): a trainer's session pack in a facilitator and a participant
//! edition.
//!
//! Two steps, one per pipeline stage they belong to:
//! - [`render_document`] and [`render_listing`] (render stage): for every pack and edition, one
//!   print-ready HTML document at `/packs/<id>/<edition>/` (cover, contents, one item per page,
//!   running header, page numbers), plus a page per pack at `/packs/<id>/` and the `/packs/` index;
//! - [`pdf::print_packs`] (write stage, `--pdf` only): Chromium prints each staged document to
//!   `/packs/<id>/<id>-<edition>.pdf` before the output is swapped in.

pub mod blocks;
pub mod document;
pub mod paginate;
pub mod pdf;
pub mod pptx;
pub mod present;
mod print_guard;
pub mod records;

use std::collections::HashMap;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::load::date::Date;
use crate::load::packs::{item_source, Edition, Pack};
use crate::render::context::{self, Link, PageRef};
use crate::render::urls::UrlStyle;
use crate::render::{BodyOptions, RenderedFile, Renderer};
use crate::resolve::{Site, PACKS_PATH};

pub const DOCUMENT_TEMPLATE: &str = "pack.html";
pub const LISTING_TEMPLATE: &str = "packs.html";

pub use crate::plan::{edition_path, pack_path, pdf_path, PackPage};

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
    /// Its PowerPoint copy and training records, likewise.
    training: Option<crate::render::training_packs::TrainingPack>,
}

#[derive(Debug, Serialize)]
struct EditionCx {
    id: &'static str,
    name: String,
    /// Who the edition is for and what it holds, for the pack's page.
    purpose: String,
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
    edition_name: String,
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
    kind_name: String,
    permalink: String,
    content: String,
    /// Session details of training items: timings and materials only in the facilitator edition.
    duration: Option<u32>,
    objectives: Vec<String>,
    materials: Vec<String>,
}

/// Renders a packs index (the main language's, or another language's with its packs) or one
/// pack's page. `pdf` says whether PDFs are printed, so the pages can link them.
pub fn render_listing(
    renderer: &Renderer<'_>,
    which: &PackPage,
    pdf: bool,
) -> Result<RenderedFile, Diagnostic> {
    let site = renderer.site;
    let (cx, path, list) = match which {
        PackPage::Index(lang) => {
            let lang = lang.as_deref();
            let path = site.path_in(lang, PACKS_PATH);
            let mut index = renderer.generated_cx_in(&renderer.word(lang, "packs"), &path, lang);
            index.summary = Some(renderer.word(lang, "packs_summary"));
            // Linked to the other languages' indexes, where they have packs.
            (index.lang, index.alternates, index.switcher) =
                renderer.languages_with(lang, |code| {
                    code.is_none_or(|c| crate::plan::has_packs_in(site, c))
                        .then(|| site.path_in(code, PACKS_PATH))
                });
            let packs: Vec<PackCx> = site
                .packs
                .iter()
                .filter(|p| pack_lang(site, p) == lang)
                .map(|p| pack_cx(renderer, p, pdf, lang))
                .collect();
            (index, path, packs)
        }
        PackPage::Pack(which_pack) => {
            // A pack's own page is in the language it prints in.
            let lang = pack_lang(site, &site.packs[*which_pack]);
            let p = pack_cx(renderer, &site.packs[*which_pack], pdf, lang);
            let mut cx = renderer.generated_cx_in(&p.title, &p.url, lang);
            cx.summary.clone_from(&p.subtitle);
            // Linked to the same pack in the site's other languages, where there is one.
            (cx.lang, cx.alternates, cx.switcher) = renderer.languages_with(lang, |code| {
                counterpart(site, &site.packs[*which_pack], code).map(pack_path)
            });
            cx.breadcrumbs.push(Link {
                title: renderer.word(lang, "packs"),
                url: site.path_in(lang, PACKS_PATH),
            });
            if let Some(a) = &p.audience {
                cx.audience = Some(a.id.clone());
            }
            (cx, p.url.clone(), vec![p])
        }
    };
    let value = serde_json::to_value(&list).unwrap_or_default();
    let single = serde_json::Value::Bool(matches!(which, PackPage::Pack(_)));
    renderer.render_generated(
        LISTING_TEMPLATE,
        &path,
        cx,
        &[("packs", value), ("single_pack", single)],
    )
}

fn pack_cx(renderer: &Renderer<'_>, pack: &Pack, pdf: bool, lang: Option<&str>) -> PackCx {
    let site = renderer.site;
    PackCx {
        id: pack.id.clone(),
        title: pack.def.title.clone(),
        subtitle: pack.def.subtitle.clone(),
        url: pack_path(pack),
        audience: pack
            .def
            .audience
            .as_ref()
            .and_then(|a| context::audience_refs(site, std::slice::from_ref(a)).pop())
            .map(|mut a| {
                // Named and linked in the pack's language.
                if let Some(conf) = site.config.audience(&a.id).filter(|_| lang.is_some()) {
                    a.name = conf.in_language(lang).0;
                    a.url = site.path_in(lang, &a.url);
                }
                a
            }),
        items: items(site, pack)
            .map(|p| context::page_ref(site, &site.pages[p], &renderer.dates_in(lang)))
            .collect(),
        present: present::module(site, pack).map(|_| present::present_path(pack)),
        training: crate::render::training_packs::files_of(site, pack),
        editions: pack
            .def
            .editions
            .iter()
            .map(|&e| EditionCx {
                id: e.id(),
                name: renderer.word(lang, &format!("pack_{}", e.id())),
                purpose: renderer.word(lang, &format!("pack_purpose_{}", e.id())),
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
        .filter_map(|item| item_page(site, pack, item))
}

/// The page an item of `pack` prints: the file it names or, in a pack with a `lang:`, that
/// file's counterpart in the language when there is one.
pub fn item_page(site: &Site, pack: &Pack, item: &str) -> Option<usize> {
    let i = site.find_source(item_source(item), pack_lang(site, pack))?;
    let translated = pack_lang(site, pack)
        .and_then(|code| site.counterpart(&site.pages[i], code))
        .and_then(|p| site.by_source.get(&p.src.rel));
    Some(translated.copied().unwrap_or(i))
}

/// The pack in the language `code` (None: the main language) that prints the same pages as
/// `pack`, each in its own language: `pack` itself in its own language. Packs have no file-name rule
/// for translations as pages do (`name.cy.md`), and a Welsh pack may list the English sources it
/// prints in Welsh, so packs are matched by what they print. Of two such packs, the first by file name.
pub fn counterpart<'s>(site: &'s Site, pack: &'s Pack, code: Option<&str>) -> Option<&'s Pack> {
    if pack_lang(site, pack) == code {
        return Some(pack);
    }
    // Each printed page as the main-language source it is a translation of.
    let printed = |p: &Pack| -> Vec<String> {
        items(site, p)
            .map(|i| {
                let page = &site.pages[i];
                crate::resolve::untranslated_rel(&page.src.rel, page.lang.as_deref())
            })
            .collect()
    };
    let own = printed(pack);
    site.packs
        .iter()
        .filter(|q| pack_lang(site, q) == code)
        .find(|q| printed(q) == own)
}

pub use crate::resolve::packs::pack_lang;

/// The pages an edition prints, in order: `participant:` picks the participant edition's.
pub fn edition_items<'s>(
    site: &'s Site,
    pack: &'s Pack,
    edition: Edition,
) -> impl Iterator<Item = usize> + 's {
    pack.def
        .items_for(edition)
        .iter()
        .filter_map(|item| item_page(site, pack, item))
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
    let lang = pack_lang(site, pack);
    let word = |key: &str| renderer.word(lang, key);
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
                kind_name: word(&format!("kind_{}", page.kind.id())),
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
    let organisation = organisation_name(site);
    let path = edition_path(pack, edition);
    let date = renderer.long_date(lang, Date::today());
    let printed = word("pack_printed")
        .replace("{date}", &date)
        .replace("{site}", &site_name(site));
    let footer = match &pack.def.version {
        Some(v) => format!("{} {v} \u{b7} {printed}", word("pack_version")),
        None => printed.clone(),
    };
    let edition_name = word(&format!("pack_{}", edition.id()));
    let doc = DocumentCx {
        id: pack.id.clone(),
        title: pack.def.title.clone(),
        subtitle: pack.def.subtitle.clone(),
        edition: edition.id(),
        edition_name: edition_name.clone(),
        audience: pack
            .def
            .audience
            .as_ref()
            .and_then(|a| site.config.audience(a))
            .map(|a| a.in_language(lang).0),
        date,
        version: pack.def.version.clone(),
        printed,
        permalink: context::permalink(site, &path),
        running_header_css: css_string(&format!("{} \u{2014} {edition_name}", pack.def.title)),
        running_footer_css: css_string(&footer),
        organisation,
        items,
    };
    let value = serde_json::to_value(&doc).unwrap_or_default();
    render_standalone(
        renderer,
        DOCUMENT_TEMPLATE,
        (&path, lang),
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
    (path, lang): (&str, Option<&str>),
    (title, subtitle): (&str, &Option<String>),
    data: (&str, serde_json::Value),
) -> Result<RenderedFile, Diagnostic> {
    let mut cx = renderer.generated_cx(title, path);
    cx.summary.clone_from(subtitle);
    // In another language than the main one, the template gets that language's words.
    cx.lang = lang.map(str::to_string);
    let mut file = renderer.render_generated(template, path, cx, &[data])?;
    file.body = UrlStyle::Offline
        .rewrite_html(&file.body, path)
        .into_owned();
    Ok(file)
}

/// The name on a pack's cover and slides: the organisation's `name:` in site.yaml, else the
/// site's title.
pub fn organisation_name(site: &Site) -> String {
    site.config
        .organisation
        .as_ref()
        .and_then(|o| o.get("name"))
        .and_then(crate::load::config::scalar_text)
        .unwrap_or_else(|| site.config.title.clone())
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
