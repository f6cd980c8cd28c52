//! Participant material in training modules: `> [!HANDOUT]` blocks.
//!
//! A training module is written for whoever runs it: session plan, timings, what to say and ask,
//! answers. What participants take away is marked as handout blocks (key messages, activity
//! sheets, where to get help). The participant edition of a pack prints those blocks alone
//! ([`only_handouts`]); the facilitator edition and the web page show the whole module, with each
//! handout boxed so the facilitator sees what the room has in front of it.
//!
//! Inside a handout, a list item that ends with a colon (`- Our DSL:`) is something participants
//! fill in, so it gets a write-on line ([`write_on_lines`]).

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::callouts::callout_kind;
use super::Events;

/// The callout name of a handout block.
pub const HANDOUT: &str = "HANDOUT";

/// HTML of a write-on line: an empty rule that prints, hidden from screen readers (the label
/// before it says what goes there).
pub const WRITE_ON: &str = "<span class=\"write-on\" aria-hidden=\"true\"></span>";

fn is_handout(events: &Events<'_>, i: usize) -> bool {
    matches!(callout_kind(events, i), Some((HANDOUT, _)))
}

/// Whether the page holds any handout block (top level or nested).
pub fn has_handouts(events: &Events<'_>) -> bool {
    (0..events.len())
        .any(|i| matches!(events[i].0, Event::Start(Tag::BlockQuote(_))) && is_handout(events, i))
}

/// Keeps only the top-level handout blocks (with everything inside them). A page without any
/// handout is returned whole: it is not a module written this way, and the caller says so.
pub fn only_handouts(events: Events<'_>) -> Events<'_> {
    if !has_handouts(&events) {
        return events;
    }
    let mut out: Events<'_> = Vec::new();
    let mut depth = 0usize;
    // Depth of block quotes while inside a kept handout (0: not in one).
    let mut keeping = 0usize;
    for i in 0..events.len() {
        match &events[i].0 {
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                if keeping > 0 {
                    keeping += 1;
                } else if depth == 1 && is_handout(&events, i) {
                    keeping = 1;
                }
                if keeping > 0 {
                    out.push(events[i].clone());
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                depth = depth.saturating_sub(1);
                if keeping > 0 {
                    out.push(events[i].clone());
                    keeping -= 1;
                }
            }
            _ if keeping > 0 => out.push(events[i].clone()),
            _ => {}
        }
    }
    close_heading_gaps(out)
}

/// Moves headings up so none skips a level under the page's `<h2>` sections. A handout's `###`
/// was written under a `##` section of the module that the participant edition leaves out: the
/// shallowest heading kept becomes `##`, the others keep their places below it, and a deeper one
/// that would still skip a level is raised to one below the heading before it.
fn close_heading_gaps(mut events: Events<'_>) -> Events<'_> {
    let levels = events.iter().filter_map(|(e, _)| match e {
        Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
        _ => None,
    });
    let Some(shallowest) = levels.min() else {
        return events;
    };
    let up = shallowest.saturating_sub(2);
    // The level of the heading before, starting under the page's title.
    let mut before = 1;
    let mut open = None;
    for (e, _) in &mut events {
        match e {
            Event::Start(Tag::Heading { level, .. }) => {
                let n = (*level as usize - up).min(before + 1);
                *level = HeadingLevel::try_from(n).unwrap_or(*level);
                before = n;
                open = Some(*level);
            }
            Event::End(TagEnd::Heading(level)) => *level = open.take().unwrap_or(*level),
            _ => {}
        }
    }
    events
}

/// Adds a write-on line after each list item, inside a handout, whose own text ends with `:`.
pub fn write_on_lines(events: Events<'_>) -> Events<'_> {
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    // For each open block quote: is it a handout, or inside one?
    let mut quotes: Vec<bool> = Vec::new();
    for i in 0..events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                let inside = quotes.last().copied().unwrap_or(false);
                quotes.push(inside || is_handout(&events, i));
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                quotes.pop();
            }
            Event::End(TagEnd::Item)
                if quotes.last().copied().unwrap_or(false) && ends_with_colon(&out) =>
            {
                // A tight item's text in one element, so the printed line (a flex row) keeps
                // the spaces around a link or glossary term in it (issue #33).
                if let Some(at) = tight_item_text(&out) {
                    out.insert(
                        at,
                        (Event::InlineHtml(CowStr::from(LABEL_OPEN)), range.clone()),
                    );
                    out.push((Event::InlineHtml(CowStr::from("</span>")), range.clone()));
                }
                out.push((Event::InlineHtml(CowStr::from(WRITE_ON)), range.clone()));
            }
            _ => {}
        }
        out.push(events[i].clone());
    }
    out
}

/// Opens the label of a write-on line.
const LABEL_OPEN: &str = "<span class=\"write-on-label\">";

/// Where the text of the item just written starts, when it is a tight item of inline content
/// only (no paragraph, no nested list): the label can then be wrapped in one span.
fn tight_item_text(out: &Events<'_>) -> Option<usize> {
    let start = out
        .iter()
        .rposition(|(e, _)| matches!(e, Event::Start(Tag::Item)))?;
    let inline_only = out[start + 1..].iter().all(|(e, _)| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph | Tag::List(_) | Tag::Item | Tag::BlockQuote(_))
                | Event::End(TagEnd::Item | TagEnd::List(_) | TagEnd::Paragraph)
        )
    });
    inline_only.then_some(start + 1)
}

/// Whether the item just written ends with text ending in `:` (a tight item's text, or a loose
/// item's last paragraph).
fn ends_with_colon(out: &Events<'_>) -> bool {
    let last_text = out
        .iter()
        .rev()
        .find(|(e, _)| !matches!(e, Event::End(TagEnd::Paragraph)));
    matches!(last_text, Some((Event::Text(t), _)) if t.trim_end().ends_with(':'))
}

#[cfg(test)]
mod tests {
    use super::super::{callouts, parse, to_html};
    use super::*;

    const MODULE: &str = "Say hello.\n\n> [!FACILITATOR]\n> Ten minutes.\n\n> [!HANDOUT]\n> ## Who to tell\n>\n> - Our DSL:\n> - CEOP: report online abuse\n>\n> > quoted inside\n\nTake a few answers.\n\n- Not a handout:\n\n> [!HANDOUT]\n> Second sheet.\n";

    #[test]
    fn participants_get_only_the_handouts() {
        let html = to_html(callouts::transform(only_handouts(parse(MODULE)), false));
        for script in [
            "Say hello",
            "Ten minutes",
            "Take a few answers",
            "Not a handout",
        ] {
            assert!(!html.contains(script), "{script} in {html}");
        }
        for kept in ["Who to tell", "Our DSL:", "quoted inside", "Second sheet."] {
            assert!(html.contains(kept), "{kept} missing from {html}");
        }
        assert_eq!(html.matches("callout-handout").count(), 2, "{html}");
    }

    #[test]
    fn handout_headings_move_up_to_stand_where_the_sections_left_out_stood() {
        let md =
            "## Activity\n\n> [!HANDOUT]\n> ### Sheet\n>\n> #### Part one\n>\n> ###### Deep\n\n\
                  ## Close\n\n> [!HANDOUT]\n> ### Who to tell\n";
        let html = to_html(callouts::transform(only_handouts(parse(md)), false));
        let headings: Vec<&str> = html
            .match_indices("<h")
            .map(|(i, _)| &html[i..i + 3])
            .collect();
        assert_eq!(headings, ["<h2", "<h3", "<h4", "<h2"], "{html}");
        assert!(html.contains("<h4>Deep</h4>"), "{html}");
        // A module without handouts is kept as written.
        let whole = "## A\n\n#### B\n";
        assert_eq!(only_handouts(parse(whole)), parse(whole));
    }

    #[test]
    fn a_module_without_handouts_is_kept_whole() {
        let md = "Say hello.\n\n> [!NOTE]\n> A note.\n";
        assert_eq!(only_handouts(parse(md)), parse(md));
        assert!(!has_handouts(&parse(md)));
        assert!(has_handouts(&parse(MODULE)));
    }

    #[test]
    fn items_ending_in_a_colon_inside_handouts_get_a_write_on_line() {
        let html = to_html(write_on_lines(parse(MODULE)));
        assert_eq!(html.matches(WRITE_ON).count(), 1, "{html}");
        assert!(
            html.contains(&format!(
                "<li><span class=\"write-on-label\">Our DSL:</span>{WRITE_ON}</li>"
            )),
            "{html}"
        );
        // Loose items too: the colon ends the item's last paragraph.
        let loose = to_html(write_on_lines(parse(
            "> [!HANDOUT]\n> - What will change:\n>\n> - Who leads it: \n",
        )));
        assert_eq!(loose.matches("write-on").count(), 2, "{loose}");
    }
}
