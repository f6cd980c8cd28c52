//! GitHub-style callouts: a block quote starting `[!NOTE]`, `[!WARNING]`, ..., `[!FACILITATOR]` or
//! `[!HANDOUT]`.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::Events;

const KINDS: [(&str, &str); 7] = [
    ("NOTE", "Note"),
    ("TIP", "Tip"),
    ("IMPORTANT", "Important"),
    ("WARNING", "Warning"),
    ("CAUTION", "Caution"),
    ("FACILITATOR", "Facilitator note"),
    // Participant material (see handouts.rs): kept in every edition.
    ("HANDOUT", "Handout"),
];

/// The callout titles of rendered `html` in the page's language: `word("warning")` gives the
/// title of a `[!WARNING]` box (the theme's `callout_warning`).
pub fn localise_titles(html: &str, word: impl Fn(&str) -> String) -> String {
    // One pass over the page (it was one per kind of callout, a few percent of a build).
    const OPEN: &str = "<p class=\"callout-title\">";
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let after = &rest[at + OPEN.len()..];
        out.push_str(&rest[..at + OPEN.len()]);
        rest = after;
        let kind = KINDS.iter().find(|(_, label)| {
            after
                .strip_prefix(label)
                .is_some_and(|t| t.starts_with("</p>"))
        });
        if let Some((id, label)) = kind {
            out.push_str(&super::escape(&word(&id.to_ascii_lowercase())));
            rest = &after[label.len()..];
        }
    }
    out.push_str(rest);
    out
}

/// Turns callout block quotes into labelled boxes; drops facilitator notes when `keep_facilitator`
/// is false (participant handouts).
pub fn transform(events: Events<'_>, keep_facilitator: bool) -> Events<'_> {
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    // For each open block quote: was it a callout?
    let mut stack: Vec<bool> = Vec::new();
    let mut skip_depth: Option<usize> = None;
    let mut i = 0;
    while i < events.len() {
        let (event, range) = &events[i];
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                let kind = callout_kind(&events, i);
                if let Some(d) = skip_depth.as_mut() {
                    *d += 1;
                    i += 1;
                    continue;
                }
                match kind {
                    Some(("FACILITATOR", _)) if !keep_facilitator => {
                        skip_depth = Some(1);
                    }
                    Some((id, label)) => {
                        stack.push(true);
                        let class = id.to_ascii_lowercase();
                        out.push((
                            Event::Html(CowStr::from(format!(
                                "<div class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{label}</p>"
                            ))),
                            range.clone(),
                        ));
                        // Skip the marker itself; keep what follows it in the paragraph.
                        i = strip_marker(&events, i + 1, &mut out);
                        continue;
                    }
                    None => {
                        stack.push(false);
                        out.push(events[i].clone());
                    }
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                if let Some(d) = skip_depth.as_mut() {
                    *d -= 1;
                    if *d == 0 {
                        skip_depth = None;
                    }
                    i += 1;
                    continue;
                }
                if stack.pop() == Some(true) {
                    out.push((Event::Html(CowStr::from("</div>")), range.clone()));
                } else {
                    out.push(events[i].clone());
                }
            }
            _ if skip_depth.is_some() => {}
            _ => out.push(events[i].clone()),
        }
        i += 1;
    }
    out
}

/// The callout kind of the block quote starting at `start`, from its first paragraph's text.
pub fn callout_kind(events: &Events<'_>, start: usize) -> Option<(&'static str, &'static str)> {
    let (Event::Start(Tag::Paragraph), _) = events.get(start + 1)? else {
        return None;
    };
    let (Event::Text(t), _) = events.get(start + 2)? else {
        return None;
    };
    let marker = t.trim_start().strip_prefix("[!")?;
    let end = marker.find(']')?;
    let name = marker[..end].to_ascii_uppercase();
    KINDS.iter().find(|(k, _)| *k == name).copied()
}

/// Copies the first paragraph without its `[!KIND]` marker; returns the index to continue from.
fn strip_marker<'a>(events: &Events<'a>, para: usize, out: &mut Events<'a>) -> usize {
    let text_idx = para + 1;
    let (Event::Text(t), range) = &events[text_idx] else {
        return para;
    };
    let after = t.trim_start();
    let rest = after[after.find(']').map_or(0, |i| i + 1)..]
        .trim_start()
        .to_string();
    let mut j = text_idx + 1;
    if rest.is_empty() {
        // Marker alone on its line: drop the line break after it, or the whole paragraph if empty.
        if matches!(
            events.get(j),
            Some((Event::SoftBreak | Event::HardBreak, _))
        ) {
            j += 1;
        }
        if matches!(events.get(j), Some((Event::End(TagEnd::Paragraph), _))) {
            return j + 1;
        }
        out.push(events[para].clone());
        return j;
    }
    out.push(events[para].clone());
    out.push((Event::Text(CowStr::from(rest)), range.clone()));
    j
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    #[test]
    fn warning_callout_becomes_a_labelled_box() {
        let html = to_html(transform(parse("> [!WARNING]\n> Never pay.\n"), true));
        assert_eq!(
            html.trim(),
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n<p>Never pay.</p>\n</div>"
        );
    }

    #[test]
    fn facilitator_notes_are_kept_or_dropped() {
        let md = "Intro\n\n> [!FACILITATOR]\n> Allow 10 minutes.\n>\n> > nested\n\nAfter\n";
        let kept = to_html(transform(parse(md), true));
        assert!(
            kept.contains("callout-facilitator") && kept.contains("Allow 10 minutes."),
            "{kept}"
        );
        let dropped = to_html(transform(parse(md), false));
        assert!(
            !dropped.contains("Allow 10") && !dropped.contains("nested"),
            "{dropped}"
        );
        assert!(
            dropped.contains("Intro") && dropped.contains("After"),
            "{dropped}"
        );
    }

    #[test]
    fn plain_block_quotes_and_marker_on_same_line() {
        let html = to_html(transform(
            parse("> just a quote\n\n> [!tip] Be kind.\n"),
            true,
        ));
        assert!(html.contains("<blockquote>"), "{html}");
        assert!(
            html.contains("callout-tip") && html.contains("<p>Be kind.</p>"),
            "{html}"
        );
    }
}
