//! Heading ids: explicit `{#id}` or made from the heading text, unique within the page.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::Events;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// Lower-case letters and digits joined by single hyphens: `Games consoles & PCs` -> `games-consoles-pcs`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "child's" -> "childs", as readers expect, not "child-s".
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Gives every heading an id and returns the page's contents list (levels 2 and 3).
pub fn assign_ids(mut events: Events<'_>) -> (Events<'_>, Vec<TocEntry>) {
    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level;
            let explicit = id.as_ref().map(|s| s.to_string());
            let (title, end) = heading_text(&events, i);
            let base = explicit.unwrap_or_else(|| {
                let s = slugify(&title);
                if s.is_empty() {
                    "section".to_string()
                } else {
                    s
                }
            });
            let unique = unique_id(&base, &mut used);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(CowStr::from(unique.clone()));
            }
            if matches!(level, HeadingLevel::H2 | HeadingLevel::H3) {
                toc.push(TocEntry {
                    level: level as u8,
                    id: unique,
                    title,
                });
            }
            i = end;
        }
        i += 1;
    }
    (events, toc)
}

/// Only the ids, for the resolve stage to check anchors before any page is rendered.
pub fn collect_ids(body: &str) -> HashSet<String> {
    let (events, _) = assign_ids(super::parse(body));
    events
        .into_iter()
        .filter_map(|(e, _)| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect()
}

fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut n = 1;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// The plain text of the heading starting at `start`, and the index of its end event.
fn heading_text(events: &Events<'_>, start: usize) -> (String, usize) {
    let mut text = String::new();
    for (j, (e, _)) in events.iter().enumerate().skip(start + 1) {
        match e {
            Event::End(TagEnd::Heading(_)) => return (text.trim().to_string(), j),
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    (text.trim().to_string(), events.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_hyphenated() {
        assert_eq!(slugify("Games consoles & PCs"), "games-consoles-pcs");
        assert_eq!(slugify("  What's a VPN?  "), "whats-a-vpn");
        assert_eq!(slugify("Ages 8–10"), "ages-8-10");
    }

    #[test]
    fn ids_are_explicit_or_generated_and_unique() {
        let body = "## Consoles {#consoles}\n\n## Tips\n\n## Tips\n\n#### Deep\n";
        let (events, toc) = assign_ids(super::super::parse(body));
        let ids: Vec<_> = toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["consoles", "tips", "tips-1"]);
        assert_eq!(toc[0].title, "Consoles");
        let html = super::super::to_html(events);
        assert!(html.contains("<h4 id=\"deep\">"), "{html}");
        assert!(collect_ids(body).contains("tips-1"));
    }
}
