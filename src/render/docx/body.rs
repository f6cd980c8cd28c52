//! The page's text as Word paragraphs, lists and tables, and the signature section.

use docx_rs::{
    BreakType, Docx, Hyperlink, HyperlinkType, IndentLevel, LevelOverride, Numbering, NumberingId,
    Paragraph, Run, RunFonts, Shading, ShdType, Table, TableCell, TableRow,
};
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use super::numbering::{list_levels, BULLET_ABSTRACT, BULLET_NUM, DECIMAL_ABSTRACT};
use super::{heading, normal, styled, styles, text_runs, xml_safe, DocxInput};
use crate::markdown::{callouts, links, Events};

const CALLOUT_FILL: &str = "E8F1F8";
const CODE_FONT: &str = "Courier New";

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

pub struct Writer<'i> {
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
    /// Hyperlinks made so far: each link's relationship id is its number in this document.
    links_made: usize,
}

impl<'i> Writer<'i> {
    pub fn new(input: &'i DocxInput<'i>) -> Self {
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
            links_made: 0,
        }
    }

    /// The title, then the version line.
    pub fn title_block(&mut self) {
        self.push_para(heading(1));
        self.text(self.input.title);
        self.flush();
        if let Some(version) = self.input.version {
            self.push_para(styled(styles::SUBTITLE));
            self.run(Run::new().add_text(xml_safe(version)));
            self.flush();
        }
    }

    /// The page's text.
    pub fn walk_body(&mut self) {
        let mut problems = Vec::new();
        // Broken links are reported by the HTML render of the same page; here they stay as written.
        let events = links::resolve(
            crate::markdown::parse(self.input.body),
            self.input.links,
            &mut problems,
        );
        self.walk(&events);
    }

    /// "Based on the ... model, version 2", once, after everything else.
    pub fn closing(&mut self, text: &str) {
        self.flush();
        self.blocks.push(Block::P(Box::new(
            styled(styles::CLOSING).add_run(Run::new().add_text(xml_safe(text))),
        )));
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
                        .add_text(super::xml_safe(t))
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
                self.push_para(styled(styles::TABLE_TEXT));
            }
            Tag::Emphasis => self.italic += 1,
            Tag::Strong => self.bold += 1,
            Tag::Strikethrough => self.strike += 1,
            Tag::Link { dest_url, .. } => {
                // A link with nowhere to go (a site link without a site) stays plain text.
                // The URL rule where the link is made: checked when read, held here again.
                if let Some(url) = self
                    .absolute(dest_url)
                    .and_then(|u| crate::load::web_address::allowed_link(&u).map(str::to_string))
                {
                    self.links_made += 1;
                    self.link = Some(numbered_link(url, self.links_made));
                }
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
                        cell = cell.add_paragraph(styled(styles::TABLE_TEXT));
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
                    self.blocks.push(Block::T(Box::new(
                        Table::new(t.rows).style(styles::TABLE_GRID),
                    )));
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
                let num = self.lists[level].num_id.unwrap_or(BULLET_NUM);
                p = styled(styles::LIST_PARAGRAPH)
                    .numbering(NumberingId::new(num), IndentLevel::new(level.min(8)));
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

    fn formatted(&self, mut run: Run) -> Run {
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
            run = run.style(styles::HYPERLINK);
        }
        run
    }

    fn run(&mut self, run: Run) {
        let run = self.formatted(run);
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
        for run in text_runs(self.input, text) {
            self.run(run);
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

    /// Link targets as a reader of the file needs them: site links become full addresses, or
    /// nothing when there is no site to link to.
    fn absolute(&self, url: &str) -> Option<String> {
        if url.starts_with('/') && !url.starts_with("//") {
            Some(format!("{}{url}", self.input.base_url?))
        } else if url.starts_with('#') {
            Some(format!(
                "{}{}{url}",
                self.input.base_url?, self.input.page_path
            ))
        } else {
            Some(url.to_string())
        }
    }

    /// One section for every signer: a heading, the note, then a table of lines to write on.
    /// Every paragraph but the last keeps with the next and no row splits, so Word moves the
    /// whole section to a new page rather than breaking it.
    pub fn signature_blocks(&mut self) {
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
                                styled(styles::SIGNATURE_LABEL)
                                    .add_run(Run::new().add_text(xml_safe(label))),
                            ))
                            .width(2400, docx_rs::WidthType::Dxa),
                        TableCell::new()
                            .add_paragraph(para(styled(styles::TABLE_TEXT)))
                            .width(6600, docx_rs::WidthType::Dxa),
                    ])
                    .cant_split()
                    // Room to write by hand.
                    .row_height(560.0)
                })
                .collect();
            self.blocks.push(Block::T(Box::new(
                Table::new(rows).style(styles::TABLE_GRID),
            )));
        }
    }

    /// The document with its text, lists and numbering (header, footer and package to come).
    pub fn finish(mut self) -> Docx {
        self.flush();
        let mut doc = Docx::new()
            .add_abstract_numbering(list_levels(BULLET_ABSTRACT, false))
            .add_abstract_numbering(list_levels(DECIMAL_ABSTRACT, true))
            .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT));
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
        doc
    }
}

/// An external hyperlink whose relationship id is `n`. docx-rs numbers links from a counter
/// shared by every document the process makes, so a copy's bytes would depend on which thread
/// rendered which page first; a number per document makes them a function of the page alone.
fn numbered_link(url: String, n: usize) -> Hyperlink {
    let mut link = Hyperlink::new(url, HyperlinkType::External);
    if let docx_rs::HyperlinkData::External { rid, .. } = &mut link.link {
        *rid = format!("rIdHyperlink{n}");
    }
    link
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
