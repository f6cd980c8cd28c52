//! Markdown to HTML: pulldown-cmark's event stream, transformed by small passes.
//!
//! Each pass is a function over the whole event list of one page (a `Vec` so that a pass can look
//! ahead, as callouts must). Passes report problems as diagnostics with the byte offset of the
//! offending event, and this module turns those offsets into file, line and column.

pub mod audit;
pub mod callouts;
pub mod contact_links;
pub mod depth;
pub mod glossary;
pub mod handouts;
pub mod headings;
pub mod highlight;
pub mod links;
pub mod locals;
pub mod placeholders;
pub mod sanitize;
pub mod text;

use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Options, Parser};

pub use headings::{slugify, TocEntry};
pub use text::TextSection;

/// One page's events with the byte range each came from (relative to the Markdown body).
pub type Events<'a> = Vec<(Event<'a>, Range<usize>)>;

/// A problem found by a pass, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub offset: usize,
    pub rule: &'static str,
    pub message: String,
    pub help: String,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Parses Markdown into events, with adjacent text joined so passes can match across the splits
/// pulldown-cmark makes at `[`, `_` and the like.
pub fn parse(body: &str) -> Events<'_> {
    merge_text(
        Parser::new_ext(body, options())
            .into_offset_iter()
            .collect(),
    )
}

pub fn merge_text(events: Events<'_>) -> Events<'_> {
    let mut out: Events<'_> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(t) = &event {
            if let Some((Event::Text(prev), prev_range)) = out.last_mut() {
                let mut joined = String::with_capacity(prev.len() + t.len());
                joined.push_str(prev);
                joined.push_str(t);
                *prev = CowStr::from(joined);
                prev_range.end = range.end;
                continue;
            }
        }
        out.push((event, range));
    }
    out
}

/// Renders events to an HTML string.
pub fn to_html(events: Events<'_>) -> String {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter().map(|(e, _)| e));
    html
}

/// What the render of one page's body produced.
#[derive(Debug, Default, Clone)]
pub struct RenderedBody {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub sections: Vec<TextSection>,
    pub problems: Vec<Problem>,
    pub audit_questions: usize,
    /// Every link destination the body asked the site about, in order: the part of the rest of
    /// the site its HTML depends on (asked again, they tell whether it would come out the same).
    pub links: Vec<String>,
}

/// Notes each destination asked of the resolver it wraps.
struct Recording<'a> {
    inner: &'a dyn links::LinkResolver,
    asked: std::sync::Mutex<Vec<String>>,
}

impl links::LinkResolver for Recording<'_> {
    fn resolve(&self, dest: &str) -> Result<Option<String>, links::LinkError> {
        self.asked
            .lock()
            .expect("not poisoned")
            .push(dest.to_string());
        self.inner.resolve(dest)
    }
}

/// Everything a page's Markdown render needs to know about the rest of the site.
pub struct MarkdownContext<'a> {
    pub links: &'a dyn links::LinkResolver,
    pub placeholders: Option<placeholders::Placeholders<'a>>,
    /// site.yaml's `local:` values, for `{{ local.key }}` in any page.
    pub locals: &'a std::collections::BTreeMap<String, crate::load::config::LocalValue>,
    pub glossary: Option<&'a glossary::GlossaryMatcher>,
    /// The page's language and the site's main one (glossary terms defined in another language
    /// than the page's are marked with theirs).
    pub lang: &'a str,
    pub main_lang: &'a str,
    /// Keep `[!FACILITATOR]` notes (facilitator editions and the web page); drop them in handouts.
    pub facilitator_notes: bool,
    /// Participant material only: a page with `[!HANDOUT]` blocks keeps just those.
    pub participant: bool,
    /// An audit page: task items become questions, their controls in these words.
    pub audit: Option<audit::AuditWords>,
    pub highlight: bool,
}

/// Runs every pass in order and renders the result.
pub fn render(body: &str, cx: &MarkdownContext<'_>) -> RenderedBody {
    let mut problems = Vec::new();
    let events = sanitize::mark_author_html(parse(body));
    // Local values first: before search text is taken, so search finds a partnership's numbers.
    let events = locals::fill(events, cx.locals, &mut problems);
    let events = depth::bound(events, &mut problems);
    let (events, toc) = headings::assign_ids(events);
    let events = if cx.participant {
        handouts::only_handouts(events)
    } else {
        events
    };
    // Before callouts, which replace the `[!HANDOUT]` markers it looks for.
    let events = handouts::write_on_lines(events);
    let events = callouts::transform(events, cx.facilitator_notes);
    // Before search text and glossary terms are taken, so a question's `{#id}` is neither.
    let (events, audit_questions) = match &cx.audit {
        Some(words) => audit::questions_to_form(events, words, &mut problems),
        None => (events, 0),
    };
    let sections = text::collect_sections(&events);
    let recording = Recording {
        inner: cx.links,
        asked: std::sync::Mutex::new(Vec::new()),
    };
    let events = links::resolve(events, &recording, &mut problems);
    let events = match &cx.placeholders {
        Some(p) => placeholders::fill(events, p, &mut problems),
        None => placeholders::forbid(events, &mut problems),
    };
    let events = match cx.glossary {
        Some(g) => glossary::mark_terms(events, g, cx.lang, cx.main_lang),
        None => events,
    };
    let events = if cx.highlight {
        highlight::highlight_code(events)
    } else {
        events
    };
    let html = sanitize::to_safe_html(events);
    RenderedBody {
        html,
        toc,
        sections,
        problems,
        audit_questions,
        links: recording.asked.into_inner().expect("not poisoned"),
    }
}

/// Escapes a value so that Markdown shows it as written: no emphasis, links, HTML, headings or
/// list markers, and no smart-punctuation dashes or ellipses. Line breaks become spaces.
pub fn escape_markdown(value: &str) -> String {
    let chars: Vec<char> = value
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let mut out = String::with_capacity(value.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '+'
            | '!' | '|' | '~' | '&' => true,
            '-' => i == 0 || prev == Some('-') || next == Some('-'),
            '.' => {
                prev == Some('.')
                    || next == Some('.')
                    || (i > 0 && chars[..i].iter().all(char::is_ascii_digit))
            }
            '=' => i == 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes text for HTML content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    pulldown_cmark_escape::escape_html(&mut out, s).expect("writing to a String cannot fail");
    out
}
