//! Unit tests of the Word copy.
use std::collections::BTreeMap;

use super::*;
use crate::load::config::PlaceholderDecl;

struct NoLinks;
impl links::LinkResolver for NoLinks {
    fn resolve(&self, _: &str) -> Result<Option<String>, links::LinkError> {
        Ok(None)
    }
}

fn document_xml(bytes: &[u8]) -> String {
    // The zip's document part is stored deflated; docx-rs can read its own output back.
    let docx = docx_rs::read_docx(bytes).expect("readable docx");
    docx.json()
}

#[test]
fn blanks_are_highlighted_labels_and_values_are_plain_text() {
    let site = BTreeMap::from([(
        "name".to_string(),
        PlaceholderDecl {
            label: "School name".into(),
            hint: None,
            ..Default::default()
        },
    )]);
    let page = BTreeMap::new();
    let body = "## Scope\n\nAt {{ name }} we:\n\n1. teach\n2. check\n";
    let input = |values| DocxInput {
        title: "Policy",
        body,
        placeholders: Placeholders {
            site: &site,
            page: &page,
            values,
        },
        links: &NoLinks,
        base_url: Some("https://example.org"),
        page_path: "/policies/p/",
        signers: &[],
        version: None,
        fallback_author: "Site",
        created: None,
        template: false,
        lang: "en-GB",
        words: DocxWords::ENGLISH,
        adopted: None,
        large_print: false,
    };
    let json = document_xml(&build(&input(None)));
    assert!(json.contains("[School name]"), "{json}");
    assert!(json.contains("yellow"), "{json}");
    let values = BTreeMap::from([("name".to_string(), "</w:t><b>Oak</b>".to_string())]);
    let json = document_xml(&build(&input(Some(&values))));
    assert!(json.contains("</w:t><b>Oak</b>"), "{json}");
    assert!(!json.contains("[School name]"), "{json}");
}

/// The text of one part of the zip.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

#[test]
fn template_marks_every_placeholder_and_values_lose_characters_xml_cannot_hold() {
    let site = BTreeMap::from([(
        "name".to_string(),
        PlaceholderDecl {
            label: "School name".into(),
            hint: None,
            ..Default::default()
        },
    )]);
    let page = BTreeMap::new();
    let values = BTreeMap::from([("name".to_string(), "Oak\u{1}\u{b} & Co".to_string())]);
    let input = |template, values| DocxInput {
        title: "Policy <1>",
        body: "At {{ name }} we **{{ name }}**.\n",
        placeholders: Placeholders {
            site: &site,
            page: &page,
            values,
        },
        links: &NoLinks,
        base_url: Some("https://example.org"),
        page_path: "/p/",
        signers: &[],
        version: Some("2"),
        fallback_author: "Site",
        created: Date::parse("2026-10-01"),
        template,
        lang: "en-GB",
        words: DocxWords::ENGLISH,
        adopted: None,
        large_print: false,
    };
    let filled = build(&input(false, Some(&values)));
    let doc = part(&filled, "word/document.xml");
    assert!(doc.contains(">Oak &amp; Co<"), "{doc}");
    assert!(!doc.contains('\u{1}'));
    let core = part(&filled, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Policy &lt;1&gt;</dc:title>"),
        "{core}"
    );
    assert!(
        core.contains("<dc:creator>Oak &amp; Co</dc:creator>"),
        "{core}"
    );
    assert!(
        core.contains("2026-10-01T00:00:00Z</dcterms:created>"),
        "{core}"
    );

    let template = build(&input(true, None));
    let doc = part(&template, "word/document.xml");
    // Each use is its own highlighted run holding only the mark, bold kept where it was bold.
    let mark = format!("{TEMPLATE_OPEN}name{TEMPLATE_CLOSE}");
    assert_eq!(doc.matches(&mark).count(), 2, "{doc}");
    assert!(doc.contains(&format!("<w:highlight w:val=\"yellow\" /></w:rPr><w:t xml:space=\"preserve\">{mark}</w:t></w:r>")), "{doc}");
    assert!(part(&template, "word/header1.xml").contains(&mark));
    assert!(
        part(&template, "docProps/core.xml").contains(&format!("<dc:creator>{mark}</dc:creator>"))
    );
}
