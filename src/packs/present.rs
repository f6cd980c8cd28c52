//! `/packs/<id>/present/`: the pack's training module as a slide deck, with a presenter view.
//!
//! A slide per `##` section. What the room sees is what the module shows participants: the
//! section's heading, lists, tables, images and handouts. The facilitator's script (its
//! paragraphs: say, ask, draw out) and its `[!FACILITATOR]` notes are the presenter's notes, and a
//! bold "10 minutes, ..." line gives the slide's timing. Whatever comes before the first `##` is
//! the title slide's notes (the session plan among them). The module is rendered as for its web
//! page and the HTML split at its top-level elements, read by lol_html's tokenizer
//! ([`super::blocks`]).

use crate::diagnostics::rule;
use serde::Serialize;

use super::blocks::{tag_name, text_of, top_level};
use super::paginate::{paginate, Flow, Section};

use crate::diagnostics::Diagnostic;
use crate::load::packs::Pack;
use crate::render::{BodyOptions, RenderedFile, Renderer};

pub use crate::plan::present_path;

pub const TEMPLATE: &str = "pack-present.html";

pub use crate::resolve::packs::training_module as module;

pub use super::paginate::Slide;

/// A pack's slide deck, as the deck page and the PowerPoint copy show it.
#[derive(Debug, Serialize)]
pub struct Deck {
    pub title: String,
    pub subtitle: Option<String>,
    pub organisation: String,
    pub pack_url: String,
    pub duration: Option<u32>,
    /// The session's date: the pack's `date:`, else the day it was built.
    pub date: String,
    /// The pack's `presenter:`, else the site's local value `presenter`.
    pub presenter: Option<String>,
    pub slides: Vec<Slide>,
    /// The training module's objectives, for the records.
    #[serde(skip)]
    pub objectives: Vec<String>,
}

/// The deck of `pack` (which must have a training module: see [`module`]).
pub fn deck(renderer: &Renderer<'_>, pack: &Pack) -> Result<Deck, Diagnostic> {
    let site = renderer.site;
    let Some(idx) = module(site, pack) else {
        // The plan only asks for decks of packs with a module.
        return Err(
            Diagnostic::error(rule::PACK, "the pack has no training module to present")
                .in_file(&pack.display)
                .help("add a page of `kind: training` to the pack's items"),
        );
    };
    let page = &site.pages[idx];
    // Problems in the body are reported once, by the module's own web page.
    let (body, _) = renderer.render_body(
        page,
        BodyOptions {
            facilitator_notes: true,
            participant: false,
            values: renderer.organisation_values(),
        },
    );
    let lang = super::pack_lang(site, pack);
    let date = match &pack.def.date {
        Some(d) => d.clone(),
        None => renderer.long_date(lang, crate::load::date::Date::today()),
    };
    let presenter = pack
        .def
        .presenter
        .clone()
        .or_else(|| site.config.local.get("presenter").and_then(|v| v.shown()));
    Ok(Deck {
        title: page.src.fm.title.clone(),
        subtitle: pack.def.subtitle.clone(),
        organisation: super::organisation_name(site),
        pack_url: crate::plan::pack_path(pack),
        duration: page.src.fm.duration,
        date,
        presenter,
        slides: split_with(&body.html, &renderer.word(lang, "deck_part_of")),
        objectives: page.src.fm.objectives.clone(),
    })
}

/// Renders the slide deck of `pack` (which must have a training module: see [`module`]).
pub fn render(renderer: &Renderer<'_>, pack: &Pack) -> Result<RenderedFile, Diagnostic> {
    let path = present_path(pack);
    let deck = deck(renderer, pack)?;
    let value = serde_json::to_value(&deck).unwrap_or_default();
    // Runs from a folder on a laptop (file://) as well as online.
    super::render_standalone(
        renderer,
        TEMPLATE,
        (&path, super::pack_lang(renderer.site, pack)),
        (&deck.title, &deck.subtitle),
        ("deck", value),
    )
}

/// Splits a module's body HTML into slides: the title slide, then one or more per top-level
/// `<h2>` (see [`super::paginate`]), a long section going on "(2 of 3)".
#[cfg(test)]
pub fn split(html: &str) -> Vec<Slide> {
    split_with(html, "{n} of {total}")
}

/// [`split`], with the words for "(2 of 3)" in the deck's language.
pub fn split_with(html: &str, of: &str) -> Vec<Slide> {
    let mut sections = vec![Section::default()];
    for block in top_level(html) {
        let name = tag_name(block);
        if name == "h2" {
            sections.push(Section {
                // Written into attributes: a heading of the author's raw HTML (cleaned by ammonia)
                // may hold a bare `"` in its text.
                title: text_of(block).replace('"', "&quot;"),
                minutes: None,
                flow: vec![Flow::Shown(block)],
            });
            continue;
        }
        let section = sections.last_mut().expect("never empty");
        if is_script(block, &name) {
            let first_note = !section.flow.iter().any(|f| matches!(f, Flow::Note(_)));
            if section.minutes.is_none() && first_note {
                section.minutes = minutes(block);
            }
            section.flow.push(Flow::Note(block));
        } else {
            section.flow.push(Flow::Shown(block));
        }
    }
    paginate(sections, of)
}

/// Whether a top-level block is the presenter's: a facilitator note, or a paragraph of script
/// (a paragraph that is only an image is shown).
fn is_script(block: &str, name: &str) -> bool {
    let open = &block[..block.find('>').unwrap_or(block.len())];
    match name {
        "div" => open.contains("callout-facilitator"),
        "p" => {
            let inner = text_of(block);
            !(inner.trim().is_empty() && block.contains("<img"))
        }
        _ => false,
    }
}

/// "10 minutes, in pairs." or "15 minutes: 5 minutes input, ..." at the start of a bold line.
fn minutes(block: &str) -> Option<u32> {
    let rest = block.strip_prefix("<p><strong>")?;
    let (n, after) = rest.split_once(' ')?;
    after
        .starts_with("minutes")
        .then(|| n.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_become_slides_and_script_becomes_notes() {
        let html = "<p>Intro for the trainer.</p>\n<div class=\"callout callout-facilitator\" role=\"note\"><p class=\"callout-title\">Facilitator note</p><h2 id=\"plan\">Session plan</h2></div>\n<h2 id=\"welcome\">Welcome &amp; rules</h2>\n<p><strong>10 minutes, in pairs.</strong></p>\n<p>Introduce yourself.</p>\n<ul>\n<li>Be kind<br></li>\n</ul>\n<!-- c --><p><img src=\"a.svg\" alt=\"A\"></p><h2 id=\"b\">Two</h2><div class=\"callout callout-handout\" role=\"note\"><ol><li>Q</li></ol></div>";
        let slides = split(html);
        assert_eq!(slides.len(), 3, "{slides:#?}");
        assert!(
            slides[0].notes.contains("Intro for the trainer")
                && slides[0].notes.contains("Session plan")
        );
        assert!(slides[0].body.is_empty());
        let s = &slides[1];
        assert_eq!(
            (s.title.as_str(), s.id.as_str(), s.minutes),
            ("Welcome &amp; rules", "slide-1", Some(10))
        );
        assert!(
            s.body.contains("Be kind") && s.body.contains("<img"),
            "{s:?}"
        );
        assert!(!s.body.contains("Introduce yourself") && s.notes.contains("Introduce yourself"));
        assert!(slides[2].body.contains("callout-handout") && slides[2].minutes.is_none());
    }

    #[test]
    fn broken_html_never_panics() {
        for html in [
            "<",
            "<p",
            "</p></div>",
            "<h2>unclosed",
            "<!-- open",
            "<p><strong>x minutes",
        ] {
            let _ = split(html);
        }
        assert_eq!(
            minutes("<p><strong>15 minutes: 5 minutes input</strong></p>"),
            Some(15)
        );
        assert_eq!(minutes("<p><strong>Five minutes</strong></p>"), None);
        let slides = split("<h2>a\" onfocus=\"x</h2>");
        assert_eq!(slides[1].title, "a&quot; onfocus=&quot;x");
    }
}
