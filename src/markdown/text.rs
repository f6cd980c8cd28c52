//! Plain text of a page, split at headings: what search indexes and readability measures.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::Events;

/// The text under one heading (or before the first heading, with an empty anchor).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct TextSection {
    pub anchor: String,
    pub heading: String,
    /// All readable text: prose, lists, tables, code.
    pub text: String,
    /// Prose only (paragraphs and list items, not headings, code or tables), one block a line:
    /// what a reading-age formula should be run on.
    pub prose: String,
}

/// Collects the text of each section. Runs after heading ids are assigned.
pub fn collect_sections(events: &Events<'_>) -> Vec<TextSection> {
    let mut sections = vec![TextSection::default()];
    let mut in_heading = false;
    let mut in_code = 0usize;
    let mut in_table = 0usize;
    for (event, _) in events {
        let current = sections.last_mut().expect("never empty");
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = true;
                sections.push(TextSection {
                    anchor: id.as_deref().unwrap_or_default().to_string(),
                    ..TextSection::default()
                });
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => {
                in_code -= 1;
                current.text.push('\n');
            }
            // A list nested in an item starts a new line, so the item's own text is not run
            // together with its first sub-item.
            Event::Start(Tag::List(_)) => {
                if !current.text.is_empty() && !current.text.ends_with('\n') {
                    current.text.push('\n');
                }
                if !current.prose.is_empty() && !current.prose.ends_with('\n') {
                    current.prose.push('\n');
                }
            }
            Event::Start(Tag::Table(_)) => in_table += 1,
            Event::End(TagEnd::Table) => in_table -= 1,
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                current.text.push('\n');
                if in_table == 0 && !current.prose.ends_with('\n') && !current.prose.is_empty() {
                    current.prose.push('\n');
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading {
                    current.heading.push_str(t);
                } else {
                    current.text.push_str(t);
                    if in_code == 0 && in_table == 0 {
                        current.prose.push_str(t);
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                let target = if in_heading {
                    &mut current.heading
                } else {
                    &mut current.text
                };
                target.push(' ');
                if !in_heading && in_code == 0 && in_table == 0 {
                    current.prose.push(' ');
                }
            }
            _ => {}
        }
    }
    for s in &mut sections {
        s.heading = s.heading.trim().to_string();
        s.text = s.text.trim().to_string();
        s.prose = s.prose.trim().to_string();
    }
    sections.retain(|s| !(s.anchor.is_empty() && s.text.is_empty()));
    sections
}

#[cfg(test)]
mod tests {
    use super::super::{headings, parse};
    use super::*;

    #[test]
    fn sections_split_at_headings_and_prose_skips_code_and_tables() {
        let md = "Intro text.\n\n## Consoles\n\nSet a PIN.\n\n```\ncode here\n```\n\n| a | b |\n|---|---|\n| c | d |\n\n- one\n- two\n";
        let (events, _) = headings::assign_ids(parse(md));
        let s = collect_sections(&events);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "Intro text.");
        assert_eq!(s[1].anchor, "consoles");
        assert_eq!(s[1].heading, "Consoles");
        assert!(s[1].text.contains("code here") && s[1].text.contains("c"));
        assert_eq!(s[1].prose, "Set a PIN.\none\ntwo");
    }

    #[test]
    fn nested_list_items_are_separate_lines() {
        let (events, _) = headings::assign_ids(parse("- Consoles\n  - set a PIN\n- Phones\n"));
        assert_eq!(
            collect_sections(&events)[0].prose,
            "Consoles\nset a PIN\nPhones"
        );
    }
}
