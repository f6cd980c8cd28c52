//! Search documents: one per page section, so that a result links to the part of a long page that
//! matched. Each document carries its page's title as a breadcrumb.

use std::borrow::Cow;

use serde::Serialize;

use crate::render::SearchEntry;

/// Longest stored excerpt of a section, in characters: enough for a snippet, far less than a body.
pub const EXCERPT_CHARS: usize = 160;

/// One indexed document: what is searched (`fields`) and what a result shows (`stored`).
#[derive(Debug, Clone, PartialEq)]
pub struct SearchDoc<'a> {
    /// Position of the page in the index file's page table.
    pub page: usize,
    pub fields: Fields<'a>,
    pub stored: StoredDoc,
}

/// The indexed text of a document, in the order of [`FIELDS`]. Borrowed from the page's search
/// entry where it can be: a shard's documents would otherwise copy its pages' whole text while
/// it is indexed (issue #23: peak memory).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fields<'a> {
    /// The page title, on the page's first document only (so a title match ranks the page itself).
    pub title: Cow<'a, str>,
    /// The page title again, as context for every section's document.
    pub page: Cow<'a, str>,
    pub heading: Cow<'a, str>,
    pub summary: Cow<'a, str>,
    pub body: Cow<'a, str>,
    pub audience: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub tags: Cow<'a, str>,
}

/// Index field names, in the order `Fields::values` returns them.
pub const FIELDS: [&str; 8] = [
    "title", "page", "heading", "summary", "body", "audience", "kind", "tags",
];

impl Fields<'_> {
    pub fn values(&self) -> [&str; 8] {
        [
            &self.title,
            &self.page,
            &self.heading,
            &self.summary,
            &self.body,
            &self.audience,
            &self.kind,
            &self.tags,
        ]
    }
}

/// What the document store keeps of a section: never its whole text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDoc {
    /// Index into the file's `pages` table (title, URL, summary, audiences, kind).
    pub page: usize,
    /// The section heading: the breadcrumb after the page title. Empty for the top of the page.
    pub heading: String,
    /// The heading's id, for `#anchor`. Empty for the top of the page.
    pub anchor: String,
    /// The start of the section's text, for the snippet.
    pub excerpt: String,
}

/// The documents of one page. The first is always the top of the page (even when it has no intro
/// text), carrying title, summary, audience, kind and tags; each heading adds one more.
pub fn page_docs<'a>(
    entry: &'a SearchEntry,
    page: usize,
    audience_names: &str,
) -> Vec<SearchDoc<'a>> {
    let mut docs = vec![SearchDoc {
        page,
        fields: Fields {
            title: entry.title.as_str().into(),
            page: Cow::Borrowed(""),
            summary: entry.summary.as_deref().unwrap_or_default().into(),
            audience: audience_names.to_string().into(),
            kind: entry.kind.into(),
            tags: entry.tags.join(" ").into(),
            ..Fields::default()
        },
        stored: StoredDoc {
            page,
            heading: String::new(),
            anchor: String::new(),
            excerpt: String::new(),
        },
    }];
    for s in &entry.sections {
        if s.anchor.is_empty() {
            // Text before the first heading belongs to the top of the page.
            docs[0].fields.body = s.text.as_str().into();
            docs[0].stored.excerpt = excerpt(&s.text);
            continue;
        }
        docs.push(SearchDoc {
            page,
            fields: Fields {
                page: entry.title.as_str().into(),
                heading: s.heading.as_str().into(),
                body: s.text.as_str().into(),
                ..Fields::default()
            },
            stored: StoredDoc {
                page,
                heading: s.heading.clone(),
                anchor: s.anchor.clone(),
                excerpt: excerpt(&s.text),
            },
        });
    }
    docs
}

/// The first `EXCERPT_CHARS` characters of `text`, whitespace collapsed, cut at a word boundary.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if chars + n + 1 > EXCERPT_CHARS {
            if out.is_empty() {
                // One very long "word": cut it rather than store it whole.
                out.extend(word.chars().take(EXCERPT_CHARS));
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        out.push_str(word);
        chars += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::TextSection;

    fn section(anchor: &str, heading: &str, text: &str) -> TextSection {
        TextSection {
            anchor: anchor.into(),
            heading: heading.into(),
            text: text.into(),
            prose: text.into(),
        }
    }

    fn entry(sections: Vec<TextSection>) -> SearchEntry {
        SearchEntry {
            url: "/parents/gaming/".into(),
            title: "Gaming".into(),
            summary: Some("Keep gaming fun.".into()),
            kind: "guide",
            audience: vec!["parents".into()],
            tags: vec!["consoles".into(), "chat".into()],
            sections,
        }
    }

    #[test]
    fn one_document_per_section_with_page_title_as_breadcrumb() {
        let e = entry(vec![
            section("", "", "Intro."),
            section("consoles", "Consoles", "Set a PIN."),
            section("chat", "Chat", "Turn off voice chat."),
        ]);
        let docs = page_docs(&e, 7, "Parents and carers");
        assert_eq!(docs.len(), 3);
        assert_eq!(docs[0].fields.title, "Gaming");
        assert_eq!(docs[0].fields.body, "Intro.");
        assert_eq!(docs[0].fields.summary, "Keep gaming fun.");
        assert_eq!(docs[0].fields.audience, "Parents and carers");
        assert_eq!(docs[0].fields.kind, "guide");
        assert_eq!(docs[0].fields.tags, "consoles chat");
        assert_eq!(docs[1].fields.page, "Gaming");
        assert_eq!(docs[1].fields.title, "");
        assert_eq!(docs[1].fields.heading, "Consoles");
        assert_eq!(docs[1].stored.anchor, "consoles");
        assert_eq!(docs[2].stored.heading, "Chat");
        assert!(docs.iter().all(|d| d.page == 7 && d.stored.page == 7));
    }

    #[test]
    fn a_page_without_intro_text_still_has_its_top_document() {
        let e = entry(vec![section("a", "A", "Text.")]);
        let docs = page_docs(&e, 0, "");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0].stored.anchor, "");
        assert_eq!(docs[0].fields.body, "");
        assert_eq!(docs[0].fields.title, "Gaming");
    }

    #[test]
    fn excerpts_are_short_and_cut_at_words() {
        assert_eq!(excerpt("  a\n b  "), "a b");
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.chars().count() <= EXCERPT_CHARS + 1, "{e}");
        assert!(e.ends_with("word…"));
        let one = "x".repeat(500);
        assert_eq!(excerpt(&one).chars().count(), EXCERPT_CHARS + 1);
    }
}
