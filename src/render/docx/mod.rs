//! Word (.docx) copies of model policies, so a school can finish and edit them in Word.
//!
//! [`body`] walks pulldown-cmark's events (after the link pass) and builds a document with real
//! Word structure: Heading styles, numbered and bulleted lists, tables, bold/italic, hyperlinks.
//! A blank placeholder becomes a yellow-highlighted `[Label]` run; a filled one is plain text.
//! All text goes through docx-rs's `Text`, which escapes XML, so values can never become markup.
//!
//! The model copy has the organisation's name (or its blank) in its header and the title, version
//! and "Page N of M" in its footer. A copy adopted by an organisation ([`Adopted`]) carries its
//! own title, its name in the header, its version, adoption and review dates and the page in the
//! footer, and says once at the end which model it is based on ([`furniture`]). Every copy has
//! one signature section that Word keeps on one page, document properties (title, author,
//! dates), Word's own style set ([`styles`]) in the page's language, and the same bytes on every
//! build ([`package`]). In template mode each placeholder is a marked run instead, which the
//! browser fills from the fill-in form (see `TEMPLATE_OPEN` and static/policy.js).

mod body;
mod furniture;
mod numbering;
mod order;
mod package;
pub mod styles;

use docx_rs::{Paragraph, Run};

use crate::load::date::Date;
use crate::load::frontmatter::Signer;
use crate::markdown::{
    links,
    placeholders::{find_all, value_of, Placeholders},
};

/// Everything one document needs.
pub struct DocxInput<'a> {
    /// The title as the document shows it, placeholders and all: the model's, or an adopted
    /// copy's own (`{{ name }}: online safety policy`).
    pub title: &'a str,
    /// The page's Markdown body.
    pub body: &'a str,
    pub placeholders: Placeholders<'a>,
    pub links: &'a dyn links::LinkResolver,
    /// The site's address without the trailing slash, to make site links absolute (the file
    /// leaves the site); `None` when there is no site to link to, and such links are plain text.
    pub base_url: Option<&'a str>,
    /// The page's site-absolute path, for `#anchor` links.
    pub page_path: &'a str,
    /// Who signs, one block each, at the end; empty for none.
    pub signers: &'a [Signer],
    /// The version line as shown ("Version 2, updated 1 November 2026"), under the title and in
    /// the footer.
    pub version: Option<&'a str>,
    /// The author when no organisation name is given: the site's title.
    pub fallback_author: &'a str,
    /// The document's date (its `updated`, else `date`), for the document properties.
    pub created: Option<Date>,
    /// Mark each placeholder for the browser to fill instead of writing a value or blank.
    pub template: bool,
    /// The document's language tag (`en-GB`, `cy`), for Word's spelling and screen readers.
    pub lang: &'a str,
    /// The document's own words, in the page's language.
    pub words: DocxWords<'a>,
    /// `Some` for a copy adopted by an organisation (filled from a profile or the fill-in form).
    pub adopted: Option<Adopted<'a>>,
    /// Body text in large type (14 pt), for agreements young children read.
    pub large_print: bool,
}

/// What an adopted copy says besides the model's text.
#[derive(Debug, Clone, Copy)]
pub struct Adopted<'a> {
    /// "Based on the Anytown Safeguarding Children Partnership model, version 2", once at the end.
    pub based_on: &'a str,
    /// The organisation's logo, at the left of the running header.
    pub logo: Option<&'a crate::load::logo::Logo>,
}

/// The words a Word copy writes around the page's text (the theme's `signatures`, `print_page`,
/// `print_of`, `adopted_on` and `review_on`).
#[derive(Debug, Clone, Copy)]
pub struct DocxWords<'a> {
    pub signatures: &'a str,
    pub page: &'a str,
    pub of: &'a str,
    /// "Adopted {date}" and "Review by {date}", in an adopted copy's footer.
    pub adopted_on: &'a str,
    pub review_on: &'a str,
}

#[cfg(test)]
impl DocxWords<'static> {
    pub const ENGLISH: DocxWords<'static> = DocxWords {
        signatures: "Signatures",
        page: "Page",
        of: "of",
        adopted_on: "Adopted {date}",
        review_on: "Review by {date}",
    };
}

/// In template mode a placeholder is a highlighted run whose text is the key between these two
/// private-use characters; policy.js replaces the run with the typed value or the `[Label]` blank.
pub const TEMPLATE_OPEN: char = '\u{E000}';
pub const TEMPLATE_CLOSE: char = '\u{E001}';
/// The placeholder whose value names the organisation (header, author).
pub const ORGANISATION_KEY: &str = "name";
/// The placeholders of the adoption and review dates, in an adopted copy's footer.
pub const ADOPTED_KEY: &str = "adopted_date";
pub const REVIEW_KEY: &str = "review_date";

/// The highlight Word shows for a blank still to be filled.
pub const BLANK_HIGHLIGHT: &str = "yellow";

/// Builds the .docx file's bytes.
pub fn build(input: &DocxInput<'_>) -> Vec<u8> {
    let mut w = body::Writer::new(input);
    w.title_block();
    w.walk_body();
    w.signature_blocks();
    if let Some(adopted) = &input.adopted {
        w.closing(adopted.based_on);
    }
    let doc = furniture::with_header_and_footer(w.finish(), input);
    let mut buf = std::io::Cursor::new(Vec::new());
    doc.pack(&mut buf)
        .expect("writing a zip to memory cannot fail");
    package::reproducible(
        buf.into_inner(),
        &package::core_properties(input, &plain_text(input, input.title)),
        &styles::styles_xml(input.lang, input.large_print),
    )
}

/// A paragraph of style `id`.
fn styled(id: &str) -> Paragraph {
    Paragraph::new().style(id)
}

/// A body paragraph. The style is named because docx-rs cannot mark Normal as the default style,
/// and readers then find no style for an unstyled paragraph.
fn normal() -> Paragraph {
    styled(styles::NORMAL)
}

/// A heading paragraph (the style keeps it on the same page as what follows it).
fn heading(level: usize) -> Paragraph {
    styled(&format!("Heading{level}")).keep_next(true)
}

/// Characters XML 1.0 cannot hold (most control characters): a value typed with one would make
/// the file unreadable, so they are dropped.
/// Also without the template markers ([`TEMPLATE_OPEN`], [`TEMPLATE_CLOSE`]): in a page's text
/// they would make policy.js take the text for a placeholder.
fn xml_safe(text: &str) -> String {
    text.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r')
                || (c >= ' '
                    && !matches!(c, '\u{FFFE}' | '\u{FFFF}' | TEMPLATE_OPEN | TEMPLATE_CLOSE))
        })
        .collect()
}

/// The run for placeholder `key`: its value, a highlighted `[Label]` blank, or in template mode
/// a highlighted marker the browser fills.
fn placeholder_run(
    input: &DocxInput<'_>,
    key: &str,
    decl: &crate::load::config::PlaceholderDecl,
) -> Run {
    if input.template {
        return Run::new()
            .add_text(format!("{TEMPLATE_OPEN}{}{TEMPLATE_CLOSE}", xml_safe(key)))
            .highlight(BLANK_HIGHLIGHT);
    }
    match value_of(&input.placeholders, key, decl) {
        Some(v) => Run::new().add_text(xml_safe(&v)),
        None => Run::new()
            .add_text(format!("[{}]", xml_safe(&decl.label)))
            .highlight(BLANK_HIGHLIGHT),
    }
}

/// `text` as runs: its placeholders as [`placeholder_run`]s, the rest plain.
fn text_runs(input: &DocxInput<'_>, text: &str) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut last = 0;
    for f in find_all(text) {
        let Some(decl) = input.placeholders.decl(f.key) else {
            continue;
        };
        if f.start > last {
            runs.push(Run::new().add_text(xml_safe(&text[last..f.start])));
        }
        runs.push(placeholder_run(input, f.key, decl));
        last = f.end;
    }
    if last < text.len() {
        runs.push(Run::new().add_text(xml_safe(&text[last..])));
    }
    runs
}

/// `text` with its placeholders written in as plain text (values, `[Label]` blanks, or marks in
/// template mode), for the document properties.
fn plain_text(input: &DocxInput<'_>, text: &str) -> String {
    let mut out = String::new();
    let mut last = 0;
    for f in find_all(text) {
        let Some(decl) = input.placeholders.decl(f.key) else {
            continue;
        };
        out.push_str(&text[last..f.start]);
        if input.template {
            out.push_str(&format!("{TEMPLATE_OPEN}{}{TEMPLATE_CLOSE}", f.key));
        } else {
            match value_of(&input.placeholders, f.key, decl) {
                Some(v) => out.push_str(&v),
                None => out.push_str(&format!("[{}]", decl.label)),
            }
        }
        last = f.end;
    }
    out.push_str(&text[last..]);
    xml_safe(&out)
}

#[cfg(test)]
mod tests;
