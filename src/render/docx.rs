//! Word (.docx) copies of model policies, so a school can finish and edit them in Word.
//!
//! Walks pulldown-cmark's events (after the link pass) and builds a document with real Word
//! structure: Heading styles, numbered and bulleted lists, tables, bold/italic, hyperlinks. A blank
//! placeholder becomes a yellow-highlighted `[Label]` run; a filled one is plain text. All text goes
//! through docx-rs's `Text`, which escapes XML, so values can never become markup.
//!
//! Every copy has the organisation's name in its header, title, version and "Page N of M" in its
//! footer, one signature section that Word keeps on one page, and document properties (title,
//! author, dates). In template mode each placeholder is a marked run instead, which the
//! browser fills from the fill-in form (see `TEMPLATE_OPEN` and static/policy.js).

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, BreakType, Docx, Footer, Header, Hyperlink, HyperlinkType, IndentLevel,
    Level, LevelJc, LevelOverride, LevelText, NumPages, NumberFormat, Numbering, NumberingId,
    PageNum, Paragraph, Run, RunFonts, Shading, ShdType, SpecialIndentType, Start, Style,
    StyleType, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::load::date::Date;
use crate::load::frontmatter::Signer;
use crate::markdown::{
    callouts, links,
    placeholders::{find_all, value_of, Placeholders},
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
    /// Who signs, one block each, at the end; empty for none.
    pub signers: &'a [Signer],
    /// The document's version as shown ("2.1, 1 November 2026"), under the title and in the footer.
    pub version: Option<&'a str>,
    /// The author when no organisation name is given: the site's title.
    pub fallback_author: &'a str,
    /// The document's date (its `updated`, else `date`), for the document properties.
    pub created: Option<Date>,
    /// Mark each placeholder for the browser to fill instead of writing a value or blank.
    pub template: bool,
    /// The document's own words, in the page's language.
    pub words: DocxWords<'a>,
}

/// The words a Word copy writes around the page's text (the theme's `pack_version`,
/// `signatures`, `print_page` and `print_of`).
#[derive(Debug, Clone, Copy)]
pub struct DocxWords<'a> {
    pub version: &'a str,
    pub signatures: &'a str,
    pub page: &'a str,
    pub of: &'a str,
    /// The page's language tag (`cy`): `w:lang` of the document's text.
    pub lang: &'a str,
}

#[cfg(test)]
impl DocxWords<'static> {
    pub const ENGLISH: DocxWords<'static> = DocxWords {
        version: "Version",
        signatures: "Signatures",
        page: "Page",
        of: "of",
        lang: "en-GB",
    };
}

/// In template mode a placeholder is a highlighted run whose text is the key between these two
/// private-use characters; policy.js replaces the run with the typed value or the `[Label]` blank.
pub const TEMPLATE_OPEN: char = '\u{E000}';
pub const TEMPLATE_CLOSE: char = '\u{E001}';
/// The placeholder whose value names the organisation (header, author).
pub const ORGANISATION_KEY: &str = "name";

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
    w.push_para(heading(1));
    w.text(input.title);
    w.flush();
    if let Some(version) = input.version {
        w.push_para(normal());
        w.run(
            Run::new()
                .add_text(format!("{} {version}", xml_safe(input.words.version)))
                .italic(),
        );
        w.flush();
    }
    w.walk(&events);
    w.signature_blocks();
    w.finish()
}

/// A heading paragraph, kept on the same page as what follows it.
fn heading(level: usize) -> Paragraph {
    Paragraph::new()
        .style(&format!("Heading{level}"))
        .keep_next(true)
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
                        .add_text(xml_safe(t))
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
                self.push_para(heading(heading_number(*level)));
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
                // The URL rule where the link is made: checked when read, held here again.
                let url = self.absolute(dest_url);
                self.link = crate::load::web_address::allowed_link(&url)
                    .map(|u| Hyperlink::new(u, HyperlinkType::External));
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
                self.run(Run::new().add_text(xml_safe(&text[last..f.start])));
            }
            let run = placeholder_run(self.input, f.key, decl);
            self.run(run);
            last = f.end;
        }
        if last < text.len() {
            self.run(Run::new().add_text(xml_safe(&text[last..])));
        }
    }

    fn code_text(&mut self, text: &str) {
        let mut lines = text.split('\n').peekable();
        while let Some(line) = lines.next() {
            if !line.is_empty() {
                self.run(Run::new().add_text(xml_safe(line)));
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

    /// One section for every signer: a heading, the note, then a table of lines to write on.
    /// Every paragraph but the last keeps with the next and no row splits, so Word moves the
    /// whole section to a new page rather than breaking it.
    fn signature_blocks(&mut self) {
        let signers = self.input.signers;
        if signers.is_empty() {
            return;
        }
        self.flush();
        let keep = |p: Paragraph| p.keep_next(true).keep_lines(true);
        let several = signers.len() > 1;
        if several {
            self.blocks.push(Block::P(Box::new(
                heading(2).add_run(Run::new().add_text(xml_safe(self.input.words.signatures))),
            )));
        }
        for (i, signer) in signers.iter().enumerate() {
            let title = Run::new().add_text(xml_safe(&signer.title));
            self.blocks.push(Block::P(Box::new(
                heading(if several { 3 } else { 2 }).add_run(title),
            )));
            if let Some(note) = &signer.note {
                self.blocks.push(Block::P(Box::new(
                    keep(normal()).add_run(Run::new().add_text(xml_safe(note))),
                )));
            }
            let last_signer = i + 1 == signers.len();
            let rows = signer
                .lines
                .iter()
                .enumerate()
                .map(|(j, label)| {
                    let last = last_signer && j + 1 == signer.lines.len();
                    let para = |p: Paragraph| if last { p } else { keep(p) };
                    TableRow::new(vec![
                        TableCell::new()
                            .add_paragraph(para(
                                normal().add_run(Run::new().add_text(xml_safe(label)).bold()),
                            ))
                            .width(2400, docx_rs::WidthType::Dxa),
                        TableCell::new()
                            .add_paragraph(para(normal()))
                            .width(6600, docx_rs::WidthType::Dxa),
                    ])
                    .cant_split()
                    // Room to write by hand.
                    .row_height(560.0)
                })
                .collect();
            self.blocks.push(Block::T(Box::new(Table::new(rows))));
        }
    }

    fn finish(mut self) -> Vec<u8> {
        self.flush();
        let input = self.input;
        let mut doc = styled_document()
            .header(
                Header::new().add_paragraph(
                    normal()
                        .align(docx_rs::AlignmentType::Right)
                        .add_run(organisation_run(input)),
                ),
            )
            .footer(Footer::new().add_paragraph(footer_paragraph(input)));
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
        with_fixed_times(buf.into_inner(), &core_properties(input), input.words.lang)
    }
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

/// The header's text: the organisation's name (or its blank), else the site's title.
fn organisation_run(input: &DocxInput<'_>) -> Run {
    match input.placeholders.decl(ORGANISATION_KEY) {
        Some(decl) => placeholder_run(input, ORGANISATION_KEY, decl),
        None => Run::new().add_text(xml_safe(input.fallback_author)),
    }
}

/// "Title — Version 2 — Page 1 of 3", the numbers as Word fields so they stay right after edits.
fn footer_paragraph(input: &DocxInput<'_>) -> Paragraph {
    let mut lead = xml_safe(input.title);
    if let Some(v) = input.version {
        lead.push_str(&format!(
            " — {} {}",
            xml_safe(input.words.version),
            xml_safe(v)
        ));
    }
    let words = &input.words;
    normal()
        .add_run(
            Run::new()
                .add_text(format!("{lead} — {} ", xml_safe(words.page)))
                .size(18),
        )
        .add_page_num(PageNum::new())
        .add_run(
            Run::new()
                .add_text(format!(" {} ", xml_safe(words.of)))
                .size(18),
        )
        .add_num_pages(NumPages::new())
}

/// docProps/core.xml: title, author (the organisation, else the site), created and modified on
/// the document's own date. docx-rs would write "unknown" and 1970 and cannot set the title.
fn core_properties(input: &DocxInput<'_>) -> String {
    let esc = |s: &str| {
        xml_safe(s)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    let dates = input
        .created
        .map(|d| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>"
            )
        })
        .unwrap_or_default();
    // The marker is put in after escaping: escaping takes markers out of text.
    let author = if input.template && input.placeholders.decl(ORGANISATION_KEY).is_some() {
        format!("{TEMPLATE_OPEN}{ORGANISATION_KEY}{TEMPLATE_CLOSE}")
    } else {
        esc(&input
            .placeholders
            .decl(ORGANISATION_KEY)
            .and_then(|d| value_of(&input.placeholders, ORGANISATION_KEY, d))
            .unwrap_or_else(|| input.fallback_author.to_string()))
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>{dates}\
         </cp:coreProperties>",
        esc(input.title),
        author,
        author,
    )
}

/// The zip made reproducible: every entry dated 1980-01-01 (zip's earliest date; docx-rs stamps
/// the time of writing) and the document's relationships in a fixed order (docx-rs keeps
/// hyperlinks in a hash set). The same policy then gives the same bytes on every build, so a
/// rebuild can tell that nothing changed. docProps/core.xml is replaced by `core`.
fn with_fixed_times(bytes: Vec<u8>, core: &str, lang: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let copy = || -> zip::result::ZipResult<Vec<u8>> {
        let mut src = zip::ZipArchive::new(Cursor::new(&bytes))?;
        let mut dst = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for i in 0..src.len() {
            let name = src.by_index_raw(i)?.name().to_string();
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            if name == "docProps/core.xml" {
                dst.start_file(name, options)?;
                dst.write_all(core.as_bytes())?;
            } else if name == "word/styles.xml" {
                let mut xml = String::new();
                src.by_index(i)?.read_to_string(&mut xml)?;
                dst.start_file(name, options)?;
                dst.write_all(super::docx_lang::with_default_language(&xml, lang).as_bytes())?;
            } else if name.ends_with(".rels") {
                let mut xml = String::new();
                src.by_index(i)?.read_to_string(&mut xml)?;
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
    // Widow and orphan control, as print's `orphans`/`widows`: no line left alone at a page edge.
    Paragraph::new().style("Normal").widow_control(true)
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
            base_url: "https://example.org",
            page_path: "/policies/p/",
            signers: &[],
            version: None,
            fallback_author: "Site",
            created: None,
            template: false,
            words: DocxWords::ENGLISH,
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
            base_url: "https://example.org",
            page_path: "/p/",
            signers: &[],
            version: Some("2"),
            fallback_author: "Site",
            created: Date::parse("2026-10-01"),
            template,
            words: DocxWords::ENGLISH,
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
        assert!(part(&template, "docProps/core.xml")
            .contains(&format!("<dc:creator>{mark}</dc:creator>")));
    }
}
