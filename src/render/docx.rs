//! Word (.docx) copies of model policies, so a school can finish and edit them in Word.
//!
//! Walks pulldown-cmark's events (after the link pass) and builds a document with real Word
//! structure: Heading styles, numbered and bulleted lists, tables, bold/italic, hyperlinks. A blank
//! placeholder becomes a yellow-highlighted `[Label]` run; a filled one is plain text. All text goes
//! through docx-rs's `Text`, which escapes XML, so values can never become markup.

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, BreakType, Docx, Hyperlink, HyperlinkType, IndentLevel, Level, LevelJc,
    LevelOverride, LevelText, NumberFormat, Numbering, NumberingId, Paragraph, Run, RunFonts,
    Shading, ShdType, SpecialIndentType, Start, Style, StyleType, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::markdown::{
    callouts, links,
    placeholders::{find_all, Placeholders},
    Events,
};

/// Everything one document needs.
pub struct DocxInput<'a> {
    pub title: &'a str,
    /// The page's Markdown body.
    pub body: &'a str,
    pub placeholders: Placeholders<'a>,
    pub links: &'a dyn links::LinkResolver,
    /// Site base URL without the trailing slash, to make site links absolute (the file leaves the site).
    pub base_url: &'a str,
    /// The page's site-absolute path, for `#anchor` links.
    pub page_path: &'a str,
    /// Add name / signature / date lines at the end (acceptable use agreements).
    pub signature: bool,
}

const BULLET_ABSTRACT: usize = 10;
const DECIMAL_ABSTRACT: usize = 11;
/// The highlight Word shows for a blank still to be filled.
pub const BLANK_HIGHLIGHT: &str = "yellow";
const CALLOUT_FILL: &str = "E8F1F8";
const CODE_FONT: &str = "Courier New";

/// Builds the .docx file's bytes.
pub fn build(input: &DocxInput<'_>) -> Vec<u8> {
    let mut problems = Vec::new();
    // Broken links are reported by the HTML render of the same page; here they stay as written.
    let events = links::resolve(
        crate::markdown::parse(input.body),
        input.links,
        &mut problems,
    );
    let mut w = Writer::new(input);
    w.push_para(Paragraph::new().style("Heading1"));
    w.text(input.title);
    w.flush();
    w.walk(&events);
    if input.signature {
        w.signature_block();
    }
    w.finish()
}

enum Block {
    P(Box<Paragraph>),
    T(Box<Table>),
}

struct ListState {
    num_id: Option<usize>,
}

#[derive(Default)]
struct TableState {
    rows: Vec<TableRow>,
    cells: Vec<TableCell>,
    cell_paras: Vec<Paragraph>,
    in_head: bool,
}

struct Writer<'i> {
    input: &'i DocxInput<'i>,
    blocks: Vec<Block>,
    para: Option<Paragraph>,
    /// The paragraph was opened by a list item and has no text yet.
    para_fresh: bool,
    bold: usize,
    italic: usize,
    strike: usize,
    link: Option<Hyperlink>,
    lists: Vec<ListState>,
    /// A list item opened and its number not yet used by a paragraph.
    pending_item: bool,
    quote_depth: usize,
    /// For each open block quote: is it a callout?
    quotes: Vec<bool>,
    /// Skip events until this block-quote depth closes (facilitator notes).
    skip_depth: usize,
    strip_marker: bool,
    code_block: bool,
    table: Option<TableState>,
    numberings: Vec<(usize, usize, usize)>,
}

impl<'i> Writer<'i> {
    fn new(input: &'i DocxInput<'i>) -> Self {
        Writer {
            input,
            blocks: Vec::new(),
            para: None,
            para_fresh: false,
            bold: 0,
            italic: 0,
            strike: 0,
            link: None,
            lists: Vec::new(),
            pending_item: false,
            quote_depth: 0,
            quotes: Vec::new(),
            skip_depth: 0,
            strip_marker: false,
            code_block: false,
            table: None,
            numberings: Vec::new(),
        }
    }

    fn walk(&mut self, events: &Events<'_>) {
        for i in 0..events.len() {
            let event = &events[i].0;
            if self.skip_depth > 0 {
                match event {
                    Event::Start(Tag::BlockQuote(_)) => self.skip_depth += 1,
                    Event::End(TagEnd::BlockQuote(_)) => self.skip_depth -= 1,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(tag) => self.start(tag, events, i),
                Event::End(tag) => self.end(*tag),
                Event::Text(t) => {
                    if self.code_block {
                        self.code_text(t);
                    } else if self.strip_marker {
                        self.strip_marker = false;
                        let after = t.trim_start();
                        let rest = after[after.find(']').map_or(0, |i| i + 1)..].trim_start();
                        if !rest.is_empty() {
                            self.text(rest);
                        }
                    } else {
                        self.text(t);
                    }
                }
                Event::Code(t) => {
                    let run = Run::new()
                        .add_text(t.to_string())
                        .fonts(RunFonts::new().ascii(CODE_FONT).hi_ansi(CODE_FONT));
                    self.run(run);
                }
                Event::SoftBreak => {
                    // The line after a lone `[!NOTE]` marker starts the callout's text.
                    if self.para.as_ref().is_some_and(|p| !p.children.is_empty()) {
                        self.text(" ");
                    }
                }
                Event::HardBreak => self.run(Run::new().add_break(BreakType::TextWrapping)),
                Event::Rule => {
                    self.flush();
                    self.push_para(normal());
                    self.flush();
                }
                Event::TaskListMarker(done) => self.text(if *done { "☒ " } else { "☐ " }),
                Event::FootnoteReference(label) => {
                    self.run(Run::new().add_text(format!("[{label}]")))
                }
                Event::InlineHtml(h) | Event::Html(h) => {
                    if h.trim().to_ascii_lowercase().starts_with("<br") {
                        self.run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    // Other raw HTML tags have no Word equivalent; the text between them is kept.
                }
                Event::InlineMath(t) | Event::DisplayMath(t) => self.text(t),
            }
        }
        self.flush();
    }

    fn start(&mut self, tag: &Tag<'_>, events: &Events<'_>, i: usize) {
        match tag {
            Tag::Heading { level, .. } => {
                self.flush();
                let n = heading_number(*level);
                self.push_para(Paragraph::new().style(&format!("Heading{n}")));
            }
            Tag::Paragraph => {
                if self.para.is_some() && self.para_fresh {
                    return;
                }
                self.flush();
                let p = self.context_para();
                self.push_para(p);
            }
            Tag::List(start) => {
                self.flush();
                let num_id = start.map(|s| {
                    let id = 10 + self.numberings.len();
                    self.numberings.push((id, DECIMAL_ABSTRACT, s as usize));
                    id
                });
                self.lists.push(ListState { num_id });
            }
            Tag::Item => {
                self.flush();
                self.pending_item = true;
                let p = self.context_para();
                self.push_para(p);
                self.para_fresh = true;
            }
            Tag::BlockQuote(_) => {
                self.flush();
                match callouts::callout_kind(events, i) {
                    Some(("FACILITATOR", _)) => {
                        // Facilitator notes belong to training, never to a school's document.
                        self.skip_depth = 1;
                    }
                    Some((_, label)) => {
                        self.quotes.push(true);
                        self.quote_depth += 1;
                        let p = self.context_para();
                        self.push_para(p);
                        self.run(Run::new().add_text(label).bold());
                        self.flush();
                        self.strip_marker = true;
                    }
                    None => {
                        self.quotes.push(false);
                        self.quote_depth += 1;
                    }
                }
            }
            Tag::CodeBlock(_) => {
                self.flush();
                let p = self.context_para();
                self.push_para(p);
                self.code_block = true;
            }
            Tag::Table(_) => {
                self.flush();
                self.table = Some(TableState::default());
            }
            Tag::TableHead => {
                if let Some(t) = self.table.as_mut() {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {}
            Tag::TableCell => {
                self.flush();
                self.push_para(normal());
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => {
                let url = self.absolute(dest_url);
                self.link = Some(Hyperlink::new(url, HyperlinkType::External));
            }
            Tag::FootnoteDefinition(label) => {
                self.flush();
                let p = self.context_para();
                self.push_para(p);
                self.run(Run::new().add_text(format!("[{label}] ")));
            }
            Tag::Image { .. } => self.italic += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::FootnoteDefinition => self.flush(),
            TagEnd::Item => self.flush(),
            TagEnd::List(_) => {
                self.flush();
                self.lists.pop();
            }
            TagEnd::BlockQuote(_) => {
                self.flush();
                self.quotes.pop();
                self.quote_depth = self.quote_depth.saturating_sub(1);
            }
            TagEnd::CodeBlock => {
                self.code_block = false;
                self.flush();
            }
            TagEnd::TableCell => {
                self.flush();
                if let Some(t) = self.table.as_mut() {
                    let mut cell = TableCell::new();
                    let paras = std::mem::take(&mut t.cell_paras);
                    if paras.is_empty() {
                        cell = cell.add_paragraph(normal());
                    }
                    for p in paras {
                        cell = cell.add_paragraph(p);
                    }
                    if t.in_head {
                        cell = cell.shading(Shading::new().shd_type(ShdType::Clear).fill("D9D9D9"));
                    }
                    t.cells.push(cell);
                }
            }
            TagEnd::TableHead | TagEnd::TableRow => {
                if let Some(t) = self.table.as_mut() {
                    let cells = std::mem::take(&mut t.cells);
                    t.rows.push(TableRow::new(cells));
                    t.in_head = false;
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::T(Box::new(Table::new(t.rows))));
                }
            }
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Strikethrough => self.strike = self.strike.saturating_sub(1),
            TagEnd::Link => {
                if let Some(link) = self.link.take() {
                    let p = self.para.take().unwrap_or_else(|| self.context_para());
                    self.para = Some(p.add_hyperlink(link));
                }
            }
            TagEnd::Image => self.italic = self.italic.saturating_sub(1),
            _ => {}
        }
    }

    /// A new paragraph shaped by where it sits: list item, indented list text, callout or quote.
    fn context_para(&mut self) -> Paragraph {
        let mut p = normal();
        let depth = self.lists.len();
        if depth > 0 {
            let level = depth - 1;
            if std::mem::take(&mut self.pending_item) {
                let num = self.lists[level].num_id.unwrap_or(self.bullet_num_id());
                p = p.numbering(NumberingId::new(num), IndentLevel::new(level.min(8)));
            } else {
                p = p.indent(Some(720 * depth as i32), None, None, None);
            }
        }
        if self.quote_depth > 0 {
            let left = 360 * self.quote_depth as i32 + 720 * depth as i32;
            p = p.indent(Some(left), None, None, None);
            if self.quotes.iter().any(|c| *c) {
                p.property = std::mem::take(&mut p.property)
                    .shading(Shading::new().shd_type(ShdType::Clear).fill(CALLOUT_FILL));
            } else {
                p = p.italic();
            }
        }
        if self.code_block {
            p = p.fonts(RunFonts::new().ascii(CODE_FONT).hi_ansi(CODE_FONT));
        }
        p
    }

    fn bullet_num_id(&self) -> usize {
        // Bullets never restart, so one numbering instance serves them all.
        9
    }

    fn push_para(&mut self, p: Paragraph) {
        self.para = Some(p);
        self.para_fresh = false;
    }

    /// Ends the current paragraph, into the table cell being built or the document.
    fn flush(&mut self) {
        if let Some(link) = self.link.take() {
            let p = self.para.take().unwrap_or_default();
            self.para = Some(p.add_hyperlink(link));
        }
        let Some(p) = self.para.take() else { return };
        self.para_fresh = false;
        match self.table.as_mut() {
            Some(t) => t.cell_paras.push(p),
            None => self.blocks.push(Block::P(Box::new(p))),
        }
    }

    fn styled(&self, mut run: Run) -> Run {
        if self.bold > 0 {
            run = run.bold();
        }
        if self.italic > 0 {
            run = run.italic();
        }
        if self.strike > 0 {
            run = run.strike();
        }
        if self.link.is_some() {
            run = run.style("Hyperlink");
        }
        run
    }

    fn run(&mut self, run: Run) {
        let run = self.styled(run);
        self.para_fresh = false;
        if let Some(link) = self.link.take() {
            self.link = Some(link.add_run(run));
            return;
        }
        let p = match self.para.take() {
            Some(p) => p,
            None => self.context_para(),
        };
        self.para = Some(p.add_run(run));
    }

    /// Text with its placeholders: values as plain text, blanks as highlighted `[Label]` fields.
    fn text(&mut self, text: &str) {
        let mut last = 0;
        for f in find_all(text) {
            let Some(decl) = self.input.placeholders.decl(f.key) else {
                continue;
            };
            if f.start > last {
                self.run(Run::new().add_text(&text[last..f.start]));
            }
            let value = self
                .input
                .placeholders
                .values
                .and_then(|v| v.get(f.key))
                .filter(|v| !v.trim().is_empty());
            match value {
                Some(v) => self.run(Run::new().add_text(v.replace(['\r', '\n'], " "))),
                None => self.run(
                    Run::new()
                        .add_text(format!("[{}]", decl.label))
                        .highlight(BLANK_HIGHLIGHT),
                ),
            }
            last = f.end;
        }
        if last < text.len() {
            self.run(Run::new().add_text(&text[last..]));
        }
    }

    fn code_text(&mut self, text: &str) {
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                self.run(Run::new().add_text(line));
            }
            if lines.peek().is_some_and(|next| !next.is_empty()) {
                self.run(Run::new().add_break(BreakType::TextWrapping));
            }
        }
    }

    /// Link targets as a reader of the file needs them: site links become full addresses.
    fn absolute(&self, url: &str) -> String {
        if url.starts_with('/') && !url.starts_with("//") {
            format!("{}{url}", self.input.base_url)
        } else if url.starts_with('#') {
            format!("{}{}{url}", self.input.base_url, self.input.page_path)
        } else {
            url.to_string()
        }
    }

    fn signature_block(&mut self) {
        self.flush();
        self.push_para(Paragraph::new().style("Heading2"));
        self.text("Signed");
        self.flush();
        let rows = ["Name", "Signature", "Date"]
            .iter()
            .map(|label| {
                TableRow::new(vec![
                    TableCell::new()
                        .add_paragraph(normal().add_run(Run::new().add_text(*label).bold()))
                        .width(2400, docx_rs::WidthType::Dxa),
                    TableCell::new()
                        .add_paragraph(normal())
                        .width(6600, docx_rs::WidthType::Dxa),
                ])
            })
            .collect();
        self.blocks.push(Block::T(Box::new(Table::new(rows))));
    }

    fn finish(mut self) -> Vec<u8> {
        self.flush();
        let mut doc = styled_document();
        doc = doc
            .add_abstract_numbering(list_levels(BULLET_ABSTRACT, false))
            .add_abstract_numbering(list_levels(DECIMAL_ABSTRACT, true))
            .add_numbering(Numbering::new(9, BULLET_ABSTRACT));
        for (id, abs, start) in &self.numberings {
            // Each ordered list restarts at its own first number.
            doc = doc.add_numbering(
                Numbering::new(*id, *abs).add_override(LevelOverride::new(0).start(*start)),
            );
        }
        for b in self.blocks {
            doc = match b {
                Block::P(p) => doc.add_paragraph(*p),
                Block::T(t) => doc.add_table(*t),
            };
        }
        let mut buf = Cursor::new(Vec::new());
        doc.pack(&mut buf)
            .expect("writing a zip to memory cannot fail");
        with_fixed_times(buf.into_inner())
    }
}

/// The zip made reproducible: every entry dated 1980-01-01 (zip's earliest date; docx-rs stamps
/// the time of writing) and the document's relationships in a fixed order (docx-rs keeps
/// hyperlinks in a hash set). The same policy then gives the same bytes on every build, so a
/// rebuild can tell that nothing changed.
fn with_fixed_times(bytes: Vec<u8>) -> Vec<u8> {
    use std::io::{Read, Write};
    let copy = || -> zip::result::ZipResult<Vec<u8>> {
        let mut src = zip::ZipArchive::new(Cursor::new(&bytes))?;
        let mut dst = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..src.len() {
            let name = src.by_index_raw(i)?.name().to_string();
            if name.ends_with(".rels") {
                let mut xml = String::new();
                src.by_index(i)?.read_to_string(&mut xml)?;
                let options = zip::write::SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .last_modified_time(zip::DateTime::default());
                dst.start_file(name, options)?;
                dst.write_all(sorted_relationships(&xml).as_bytes())?;
            } else {
                dst.raw_copy_file_touch(src.by_index_raw(i)?, zip::DateTime::default(), None)?;
            }
        }
        Ok(dst.finish()?.into_inner())
    };
    // Rewriting a zip just written in memory does not fail; if it ever did, keep the original.
    copy().unwrap_or(bytes)
}

/// A relationships part with its `<Relationship .../>` elements sorted (their order means nothing).
fn sorted_relationships(xml: &str) -> String {
    let (Some(start), Some(end)) = (xml.find("<Relationship "), xml.rfind("</Relationships>"))
    else {
        return xml.to_string();
    };
    let mut items: Vec<&str> = xml[start..end]
        .split_inclusive("/>")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if !items.iter().all(|s| s.starts_with("<Relationship ")) {
        return xml.to_string();
    }
    items.sort_unstable();
    format!("{}{}{}", &xml[..start], items.concat(), &xml[end..])
}

/// A body paragraph. The style is named because docx-rs cannot mark Normal as the default style,
/// and readers then find no style for an unstyled paragraph.
fn normal() -> Paragraph {
    Paragraph::new().style("Normal")
}

fn heading_number(level: HeadingLevel) -> usize {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The document with Word's built-in style names, so Word (and readers) see real headings.
fn styled_document() -> Docx {
    let mut doc = Docx::new()
        .default_fonts(RunFonts::new().ascii("Arial").hi_ansi("Arial").cs("Arial"))
        .default_size(22);
    let sizes = [36, 30, 26, 24, 22, 22];
    for (i, size) in sizes.iter().enumerate() {
        let n = i + 1;
        doc = doc.add_style(
            Style::new(format!("Heading{n}"), StyleType::Paragraph)
                // Word's own (lower-case) names make these its built-in heading styles.
                .name(format!("heading {n}"))
                .based_on("Normal")
                .next("Normal")
                .q_format(true)
                .outline_lvl(i)
                .size(*size)
                .bold(),
        );
    }
    doc.add_style(
        Style::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color("0563C1")
            .underline("single"),
    )
}

fn list_levels(id: usize, ordered: bool) -> AbstractNumbering {
    let mut a = AbstractNumbering::new(id);
    for level in 0..9 {
        let (format, text) = if ordered {
            let format = ["decimal", "lowerLetter", "lowerRoman"][level % 3];
            (format.to_string(), format!("%{}.", level + 1))
        } else {
            ("bullet".to_string(), ["•", "◦", "▪"][level % 3].to_string())
        };
        let left = 720 * (level as i32 + 1);
        a = a.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(left),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            ),
        );
    }
    a
}

#[cfg(test)]
mod tests {
    #[test]
    fn relationships_are_sorted_and_other_xml_is_left_alone() {
        let xml = r#"<?xml?><Relationships x="1"><Relationship Id="b" T="2" /><Relationship Id="a" T="1" /></Relationships>"#;
        assert_eq!(
            super::sorted_relationships(xml),
            r#"<?xml?><Relationships x="1"><Relationship Id="a" T="1" /><Relationship Id="b" T="2" /></Relationships>"#
        );
        let odd = "<Relationships><Other/></Relationships>";
        assert_eq!(super::sorted_relationships(odd), odd);
    }

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
            base_url: "https://example.org",
            page_path: "/policies/p/",
            signature: false,
        };
        let json = document_xml(&build(&input(None)));
        assert!(json.contains("[School name]"), "{json}");
        assert!(json.contains("yellow"), "{json}");
        let values = BTreeMap::from([("name".to_string(), "</w:t><b>Oak</b>".to_string())]);
        let json = document_xml(&build(&input(Some(&values))));
        assert!(json.contains("</w:t><b>Oak</b>"), "{json}");
        assert!(!json.contains("[School name]"), "{json}");
    }
}
