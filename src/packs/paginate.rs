//! Cuts a deck's sections into slides that fit a projector (issue #33).
//!
//! A `##` section of a training module may hold more than a screen can show: a long list, a
//! handout with several parts. At build time each section is cut into slides of at most
//! [`BUDGET`] estimated lines: every handout on slides of its own (split at its `###` headings
//! and, if still long, its lists), other blocks packed in order, long lists cut between items.
//! Continuation slides repeat the heading with "(2 of 3)". The estimate is deliberately
//! cautious; the deck's script then scales each slide's text down a little if it still overflows
//! (never below the readable minimum), so the two together keep every slide on the screen.

use super::blocks::{tag_name, text_of, top_level};
use serde::Serialize;

/// Lines one slide holds, counted at the smallest text the deck's script may shrink a slide to
/// (24 px at 1280x720: about 20 lines of 96 characters fit). Cautious figures, so that the
/// script can always make a slide fit; most slides need no shrinking at all.
pub const BUDGET: f32 = 17.5;
/// Characters a line holds at that size (about 96; fewer counted, as words wrap early).
const LINE_CHARS: f32 = 84.0;

/// One slide of a deck.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct Slide {
    /// Text of the `##` heading (empty for the title slide).
    pub title: String,
    pub id: String,
    /// HTML the room sees.
    pub body: String,
    /// HTML for the presenter: the script and the facilitator notes.
    pub notes: String,
    /// Planned minutes, from a leading bold "N minutes" line.
    pub minutes: Option<u32>,
}

/// One `##` section of a module, as [`super::present::split`] finds it.
#[derive(Debug, Default)]
pub struct Section<'a> {
    /// The heading's text (escaped), empty for what comes before the first `##`.
    pub title: String,
    pub minutes: Option<u32>,
    /// Its top-level blocks in order: shown to the room, or the presenter's.
    pub flow: Vec<Flow<'a>>,
}

#[derive(Debug, Clone, Copy)]
pub enum Flow<'a> {
    Shown(&'a str),
    Note(&'a str),
}

/// One slide's worth of a section, before titles are given.
#[derive(Default)]
struct Part {
    body: String,
    notes: String,
    lines: f32,
    /// Where a heading that ends the part starts in `body`, with its lines: it moves on with
    /// what follows it when that goes on the next slide.
    tail_heading: Option<(usize, f32)>,
    /// Whether it shows nothing but headings (yet).
    only_headings: bool,
}

impl Part {
    fn fresh() -> Part {
        Part {
            lines: HEADING,
            only_headings: true,
            ..Part::default()
        }
    }

    fn add(&mut self, block: &str, lines: f32) {
        // A box's label ("Handout") is a heading here: it goes with what it labels.
        let heading = matches!(tag_name(block).as_str(), "h2" | "h3" | "h4" | "h5" | "h6")
            || opening(block).contains("callout-title");
        self.tail_heading = match (heading, self.tail_heading) {
            // Headings one after another move on together.
            (true, Some((at, before))) => Some((at, before + lines)),
            (true, None) => Some((self.body.len(), lines)),
            (false, _) => None,
        };
        self.only_headings &= heading;
        self.lines += lines;
        self.body.push_str(block);
    }

    /// A new part after this one, taking this one's closing heading with it.
    fn next(&mut self) -> Part {
        let mut next = Part::fresh();
        if let Some((at, lines)) = self.tail_heading.take() {
            let heading = self.body.split_off(at);
            self.lines -= lines;
            next.add(&heading, lines);
        }
        next
    }
}

/// The heading's estimated lines.
const HEADING: f32 = 2.0;

/// Cuts each section into as many slides as it needs; the first section (before any `##`) is
/// the title slide's. `of` words the continuation ("{n} of {total}").
pub fn paginate(sections: Vec<Section<'_>>, of: &str) -> Vec<Slide> {
    let mut out: Vec<Slide> = Vec::new();
    for (k, section) in sections.into_iter().enumerate() {
        if k == 0 {
            // The title slide: its own layout; what is shown there stays as written.
            let mut slide = Slide {
                id: "slide-0".into(),
                minutes: section.minutes,
                ..Slide::default()
            };
            for f in section.flow {
                match f {
                    Flow::Shown(b) => slide.body.push_str(b),
                    Flow::Note(b) => slide.notes.push_str(b),
                }
            }
            out.push(slide);
            continue;
        }
        let parts = cut(&section.flow);
        let total = parts.len();
        let part_of = |i: usize| {
            of.replace("{n}", &(i + 1).to_string())
                .replace("{total}", &total.to_string())
        };
        for (i, part) in parts.into_iter().enumerate() {
            let n = out.len();
            let (title, body) = if total == 1 {
                (section.title.clone(), part.body)
            } else if i == 0 {
                let title = format!("{} ({})", section.title, part_of(i));
                let body = with_heading_text(&part.body, &title);
                (title, body)
            } else {
                let title = format!("{} ({})", section.title, part_of(i));
                // The heading again, without its id (which must stay unique).
                let body = format!("<h2>{title}</h2>{}", part.body);
                (title, body)
            };
            out.push(Slide {
                title,
                id: format!("slide-{n}"),
                body,
                notes: part.notes,
                minutes: if i == 0 { section.minutes } else { None },
            });
        }
    }
    out
}

/// The first slide of a cut section: its `<h2>` keeps its id, with the "(1 of 3)" text.
fn with_heading_text(body: &str, title: &str) -> String {
    match (body.find('>'), body.find("</h2>")) {
        (Some(open), Some(close)) if open < close && body.starts_with("<h2") => {
            format!("{}{title}{}", &body[..=open], &body[close..])
        }
        _ => body.to_string(),
    }
}

/// The parts of one section. Script and notes go with the next thing shown (they introduce
/// it); those after the last go with the last part.
fn cut(flow: &[Flow<'_>]) -> Vec<Part> {
    let mut parts = vec![Part::fresh()];
    let mut pending = String::new();
    for f in flow {
        let block = match *f {
            Flow::Note(b) => {
                pending.push_str(b);
                continue;
            }
            Flow::Shown(b) => b,
        };
        if tag_name(block) == "h2" {
            parts[0].body.insert_str(0, block);
            continue;
        }
        if is_handout(block) {
            // A handout is what participants hold: on slides of its own, never beside the talk.
            for (k, piece) in handout_pieces(block).into_iter().enumerate() {
                let last = parts.last_mut().expect("never empty");
                if k > 0 || !last.only_headings {
                    let next = last.next();
                    parts.push(next);
                }
                let last = parts.last_mut().expect("never empty");
                last.notes.push_str(&std::mem::take(&mut pending));
                last.add(&piece, lines(&piece));
            }
            // What follows the handout starts a new slide.
            parts.push(Part::fresh());
            continue;
        }
        for piece in list_pieces(block, BUDGET - HEADING) {
            let need = lines(&piece);
            let last = parts.last_mut().expect("never empty");
            if last.lines + need > BUDGET && !last.only_headings {
                let next = last.next();
                parts.push(next);
            }
            let last = parts.last_mut().expect("never empty");
            last.notes.push_str(&std::mem::take(&mut pending));
            last.add(&piece, need);
        }
    }
    // A part left with nothing on it (after a closing handout) is dropped, its notes kept.
    let mut kept: Vec<Part> = Vec::new();
    for p in parts {
        match kept.last_mut() {
            Some(prev) if p.body.trim().is_empty() => prev.notes.push_str(&p.notes),
            _ => kept.push(p),
        }
    }
    if let Some(last) = kept.last_mut() {
        last.notes.push_str(&pending);
    }
    kept
}

fn is_handout(block: &str) -> bool {
    tag_name(block) == "div" && opening(block).contains("callout-handout")
}

fn opening(block: &str) -> &str {
    &block[..block.find('>').map_or(block.len(), |e| e + 1)]
}

/// A handout as slides' worth of pieces, each wrapped in the handout's own box: cut between
/// its blocks (a heading going on with what follows it), long lists between items.
fn handout_pieces(block: &str) -> Vec<String> {
    let open = opening(block);
    let inner = &block[open.len()..block.len().saturating_sub("</div>".len())];
    let mut pieces = vec![Part::fresh()];
    for b in top_level(inner) {
        for piece in list_pieces(b, BUDGET - HEADING - 1.0) {
            let need = lines(&piece);
            let last = pieces.last_mut().expect("never empty");
            if last.lines + need > BUDGET - 0.6 && !last.only_headings {
                let next = last.next();
                pieces.push(next);
            }
            pieces.last_mut().expect("never empty").add(&piece, need);
        }
    }
    pieces
        .into_iter()
        .filter(|p| !p.body.trim().is_empty())
        .map(|p| format!("{open}{}</div>", p.body))
        .collect()
}

/// A block as it is, or a long list cut into lists of at most `room` lines (an `<ol>` goes on
/// numbering where the last piece stopped).
fn list_pieces(block: &str, room: f32) -> Vec<String> {
    let name = tag_name(block);
    if !(name == "ul" || name == "ol") || lines(block) <= room {
        return vec![block.to_string()];
    }
    let open = opening(block);
    let close = format!("</{name}>");
    let inner = &block[open.len()..block.len().saturating_sub(close.len())];
    let start: usize = attr(open, "start")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut pieces: Vec<(Vec<&str>, f32)> = vec![(Vec::new(), 0.0)];
    for item in top_level(inner) {
        let need = item_lines(item);
        let last = pieces.last_mut().expect("never empty");
        if !last.0.is_empty() && last.1 + need > room {
            pieces.push((Vec::new(), 0.0));
        }
        let last = pieces.last_mut().expect("never empty");
        last.1 += need;
        last.0.push(item);
    }
    let mut number = start;
    pieces
        .into_iter()
        .map(|(items, _)| {
            let tag = if name == "ol" && number != 1 {
                // The first piece keeps the author's opening tag; later ones go on counting.
                format!("<ol start=\"{number}\">")
            } else {
                open.to_string()
            };
            number += items.len();
            format!("{tag}{}{close}", items.concat())
        })
        .collect()
}

fn attr<'a>(open: &'a str, name: &str) -> Option<&'a str> {
    let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &open[at..];
    Some(&rest[..rest.find('"')?])
}

/// Estimated lines a block takes on a slide at normal size, with its spacing.
fn lines(block: &str) -> f32 {
    let name = tag_name(block);
    match name.as_str() {
        "ul" | "ol" => {
            let open = opening(block);
            let inner = &block[open.len()..];
            top_level(inner).iter().map(|i| item_lines(i)).sum::<f32>() + 0.3
        }
        "h2" => 2.0,
        "h3" | "h4" => 1.6,
        "table" => {
            // A row a line, cells side by side; wide rows wrap.
            let rows = block.matches("<tr").count().max(1) as f32;
            rows * 1.2 + text_lines(&text_of(block)) * 0.2
        }
        "div" => {
            let open = opening(block);
            let inner = &block[open.len()..];
            top_level(inner).iter().map(|b| lines(b)).sum::<f32>() + 0.6
        }
        _ if block.contains("<img") => 6.0,
        _ => text_lines(&text_of(block)) + 0.3,
    }
}

fn item_lines(item: &str) -> f32 {
    // A nested list counts its own items.
    let nested: f32 = top_level(&item[opening(item).len()..])
        .iter()
        .filter(|b| matches!(tag_name(b).as_str(), "ul" | "ol"))
        .map(|b| lines(b))
        .sum();
    let own = text_of(item);
    text_lines(&own).max(1.0) + 0.15 + nested
}

fn text_lines(text: &str) -> f32 {
    let chars = text
        .split_whitespace()
        .map(|w| w.chars().count() + 1)
        .sum::<usize>() as f32;
    (chars / LINE_CHARS)
        .ceil()
        .max(if chars > 0.0 { 1.0 } else { 0.0 })
}

#[cfg(test)]
mod tests {
    use super::super::present::split;
    use super::*;

    fn list(n: usize, tag: &str) -> String {
        let items: String = (1..=n)
            .map(|i| format!("<li>Item number {i} with a few words on it</li>"))
            .collect();
        format!("<{tag}>{items}</{tag}>")
    }

    #[test]
    fn a_long_list_goes_on_over_numbered_slides_with_the_heading_again() {
        let html = format!(
            "<h2 id=\"a\">Steps</h2><p><strong>5 minutes.</strong></p><p>Say this.</p>{}",
            list(30, "ol")
        );
        let slides = split(&html);
        assert!(slides.len() >= 4, "{}", slides.len());
        let total = slides.len() - 1;
        assert_eq!(slides[1].title, format!("Steps (1 of {total})"));
        assert!(slides[1]
            .body
            .starts_with(&format!("<h2 id=\"a\">Steps (1 of {total})</h2>")));
        assert_eq!(slides[1].minutes, Some(5));
        assert!(slides[1].notes.contains("Say this"));
        assert_eq!(slides[2].title, format!("Steps (2 of {total})"));
        assert!(slides[2].body.starts_with("<h2>Steps (2 of"));
        assert!(
            slides[2].body.contains("<ol start=\""),
            "{}",
            slides[2].body
        );
        assert_eq!(slides[2].minutes, None);
        // Every item is shown once, and ids stay unique.
        let all: String = slides.iter().map(|s| s.body.as_str()).collect();
        for i in 1..=30 {
            assert_eq!(all.matches(&format!("Item number {i} ")).count(), 1, "{i}");
        }
        assert_eq!(all.matches("id=\"a\"").count(), 1);
        assert_eq!(
            slides.iter().map(|s| s.id.clone()).collect::<Vec<_>>(),
            (0..slides.len())
                .map(|n| format!("slide-{n}"))
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn handouts_get_slides_of_their_own_and_notes_follow_their_place() {
        let html = "<h2 id=\"s\">Sort</h2><ul><li>Content</li><li>Contact</li></ul><p>Give out cards.</p><div class=\"callout callout-handout\" role=\"note\"><p class=\"callout-title\">Handout</p><h3>Sheet</h3><ul><li>Content</li></ul></div><p>Take feedback.</p><div class=\"callout callout-facilitator\" role=\"note\"><p>Answers.</p></div>";
        let slides = split(html);
        assert_eq!(slides.len(), 3, "{:#?}", slides);
        assert!(slides[1].body.contains("Contact") && !slides[1].body.contains("callout-handout"));
        // Script goes with what it introduces: the handout's slide.
        assert!(!slides[1].notes.contains("Give out cards"));
        assert!(slides[2].notes.contains("Give out cards"));
        assert!(
            slides[2].body.contains("callout-handout")
                && slides[2].body.contains("<h2>Sort (2 of 2)</h2>")
        );
        assert!(slides[2].notes.contains("Take feedback") && slides[2].notes.contains("Answers"));
    }

    #[test]
    fn a_long_handout_splits_at_its_headings() {
        let mut html = String::from("<h2 id=\"h\">Close</h2><div class=\"callout callout-handout\" role=\"note\"><p class=\"callout-title\">Handout</p>");
        for k in 0..4 {
            html.push_str(&format!("<h3>Part {k}</h3>{}", list(6, "ul")));
        }
        html.push_str("</div>");
        let slides = split(&html);
        assert!(slides.len() >= 3, "{}", slides.len());
        for s in &slides[1..] {
            assert!(s
                .body
                .contains("<div class=\"callout callout-handout\" role=\"note\">"));
            assert!(s.body.ends_with("</div>"), "{}", s.body);
            assert!(lines(&s.body) <= BUDGET + 2.0, "{}", s.body);
        }
    }
}
