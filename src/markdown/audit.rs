//! Audit questions: task-list items in `audit` pages become Yes / No / Partly questions.
//!
//! Each question may end with an attribute block that gives it a stable id, so that returns from
//! schools can be matched to the question however the audit is reordered or reworded later:
//!
//! ```markdown
//! - [ ] Is there an acceptable use agreement for staff? {#staff-aup}
//! - [ ] Is the filtering reviewed every year? {#filtering-review replaces=filtering-check}
//! ```
//!
//! `replaces=` names the id (or ids, separated by commas) a question had in earlier versions.
//! The form pass ([`questions_to_form`]) and the returns reader ([`questions`]) find questions and
//! read their ids with the same code, so the page and the returns can never disagree.

use crate::diagnostics::rule;
use std::collections::HashMap;

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape, Events, Problem};

/// The answers' values, which returns record (`yes`, `no`, `partly`).
pub const ANSWERS: [&str; 3] = ["yes", "no", "partly"];

/// The words of a question's controls, in the page's language (the theme's `audit_yes`,
/// `audit_no`, `audit_partly` and `audit_notes`).
#[derive(Debug, Clone)]
pub struct AuditWords {
    /// The label of each of [`ANSWERS`], in order.
    pub answers: [String; 3],
    pub notes: String,
}

#[cfg(test)]
impl AuditWords {
    /// The theme's English words, for the pass's own tests.
    pub fn english() -> AuditWords {
        AuditWords {
            answers: ["Yes".into(), "No".into(), "Partly".into()],
            notes: "Evidence and actions".into(),
        }
    }
}

/// Longest id accepted: ids go into file names, CSV cells and HTML ids.
const MAX_ID: usize = 64;

/// One question of an audit, as written in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// 1-based position on the page.
    pub number: usize,
    /// The author's id, or `question-<number>` when none is written (see [`Question::explicit`]).
    pub id: String,
    pub explicit: bool,
    /// Ids this question had in earlier versions of the audit.
    pub replaces: Vec<String>,
    /// Text of the nearest heading above the question ("" when none).
    pub section: String,
    /// The question, as plain text, without its attribute block.
    pub text: String,
    /// Byte offset of the question in the body, for diagnostics.
    pub offset: usize,
}

/// What a task item's trailing `{...}` said.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Attrs {
    id: Option<String>,
    replaces: Vec<String>,
}

/// Where one question sits in the event list.
struct Found {
    /// The item's `Start(Item)`.
    start: usize,
    /// The `TaskListMarker`.
    marker: usize,
    /// The last text event of the question's first line or paragraph, which holds any `{...}`.
    last_text: Option<usize>,
}

fn find(events: &Events<'_>) -> Vec<Found> {
    let mut found = Vec::new();
    let mut items: Vec<usize> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Item) => items.push(i),
            Event::End(TagEnd::Item) => {
                items.pop();
            }
            Event::TaskListMarker(_) => {
                if let Some(&start) = items.last() {
                    found.push(Found {
                        start,
                        marker: i,
                        last_text: last_text_of_line(events, i + 1),
                    });
                }
            }
            _ => {}
        }
    }
    found
}

/// The last `Text` event from `from` up to the end of the question's own paragraph or line.
fn last_text_of_line(events: &Events<'_>, from: usize) -> Option<usize> {
    let mut last = None;
    for (j, (event, _)) in events.iter().enumerate().skip(from) {
        match event {
            Event::Text(_) => last = Some(j),
            Event::End(TagEnd::Paragraph | TagEnd::Item)
            | Event::Start(
                Tag::List(_)
                | Tag::Paragraph
                | Tag::BlockQuote(_)
                | Tag::CodeBlock(_)
                | Tag::Table(_)
                | Tag::Heading { .. },
            ) => break,
            _ => {}
        }
    }
    last
}

/// A malformed attribute block: message, help, and its byte offset in the text.
type AttrError = (String, String, usize);

/// Splits a trailing `{#id replaces=a,b}` off `text`: the text before it and the attributes.
/// `None` when the text has no attribute block; `Err` (message, help, byte offset of the block in
/// `text`) when it has a malformed one.
fn split_attrs(text: &str) -> Option<Result<(&str, Attrs), AttrError>> {
    let trimmed = text.trim_end();
    let inner_end = trimmed.strip_suffix('}')?;
    let open = inner_end.rfind('{')?;
    let inner = &inner_end[open + 1..];
    // Only a block that starts with `#` is ours: a question may end in braces for other reasons.
    if !inner.trim_start().starts_with('#') {
        return None;
    }
    let before = trimmed[..open].trim_end();
    let mut attrs = Attrs::default();
    for token in inner.split_whitespace() {
        if let Some(id) = token.strip_prefix('#') {
            if attrs.id.is_some() {
                return Some(Err((
                    "this question has two ids".into(),
                    "give each question one `#id`; use `replaces=` for the ids it had before"
                        .into(),
                    open,
                )));
            }
            if let Err(e) = valid_id(id) {
                return Some(Err((e.0, e.1, open)));
            }
            attrs.id = Some(id.to_string());
        } else if let Some(list) = token.strip_prefix("replaces=") {
            for old in list.split(',').filter(|s| !s.is_empty()) {
                if let Err(e) = valid_id(old) {
                    return Some(Err((e.0, e.1, open)));
                }
                attrs.replaces.push(old.to_string());
            }
        } else {
            return Some(Err((
                format!("`{token}` is not something a question's `{{...}}` can say"),
                "write `{#question-id}` or `{#question-id replaces=old-id}` at the end of the question"
                    .into(),
                open,
            )));
        }
    }
    Some(Ok((before, attrs)))
}

/// Ids are lowercase letters, digits and hyphens, so they are the same in every file and cell.
pub fn valid_id(id: &str) -> Result<(), (String, String)> {
    let ok_chars = id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let starts_ok = id.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if !id.is_empty() && ok_chars && starts_ok && id.len() <= MAX_ID {
        return Ok(());
    }
    let suggestion: String = id
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .trim_matches('-')
        .chars()
        .take(MAX_ID)
        .collect();
    Err((
        format!("`{id}` is not a valid question id"),
        if suggestion.is_empty() {
            format!("use lowercase letters, digits and hyphens, at most {MAX_ID} characters")
        } else {
            format!("use lowercase letters, digits and hyphens, at most {MAX_ID} characters, e.g. `{suggestion}`")
        },
    ))
}

/// Reads every question's id, strips the attribute blocks from the text and checks that ids are
/// unique. Returns, per found question, its id, whether the author wrote it, and its `replaces`.
fn read_ids(
    events: &mut Events<'_>,
    found: &[Found],
    problems: &mut Vec<Problem>,
) -> Vec<(String, bool, Vec<String>)> {
    let mut ids = Vec::with_capacity(found.len());
    for (n, f) in found.iter().enumerate() {
        let mut attrs = Attrs::default();
        if let Some(t) = f.last_text {
            let (event, range) = &mut events[t];
            if let Event::Text(text) = event {
                match split_attrs(text) {
                    Some(Ok((before, a))) => {
                        attrs = a;
                        *event = Event::Text(CowStr::from(before.to_string()));
                    }
                    Some(Err((message, help, at))) => {
                        // The block is at the end of the text; count back from the source's end
                        // (smart punctuation may have changed lengths earlier in the text).
                        let offset = range.end.saturating_sub(text.trim_end().len() - at);
                        problems.push(Problem {
                            offset,
                            rule: rule::AUDIT_QUESTION,
                            message,
                            help,
                        });
                    }
                    None => {}
                }
            }
        }
        let explicit = attrs.id.is_some();
        let id = attrs.id.unwrap_or_else(|| format!("question-{}", n + 1));
        ids.push((id, explicit, attrs.replaces));
    }
    // An id names one question, now or in the past: a return's answer must match exactly one.
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (n, (id, _, replaces)) in ids.iter().enumerate() {
        for (i, name) in std::iter::once(id).chain(replaces).enumerate() {
            if let Some(first) = seen.insert(name, n) {
                let how = if i == 0 {
                    "as the id of"
                } else {
                    "in `replaces` of"
                };
                problems.push(Problem {
                    offset: events[found[n].marker].1.start,
                    rule: rule::AUDIT_QUESTION,
                    message: format!(
                        "question id `{name}` is used twice: {how} question {} and by question {}",
                        n + 1,
                        first + 1
                    ),
                    help: "give every question its own id; an id a question had before may be listed in `replaces=` of one question only".into(),
                });
            }
        }
    }
    ids
}

/// Rewrites each task item into a question with radio buttons and a notes box; returns how many.
pub fn questions_to_form<'a>(
    mut events: Events<'a>,
    words: &AuditWords,
    problems: &mut Vec<Problem>,
) -> (Events<'a>, usize) {
    let found = find(&events);
    let ids = read_ids(&mut events, &found, problems);
    // Item ends, by the index of their item's start.
    let mut ends: HashMap<usize, usize> = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Item) => open.push(i),
            Event::End(TagEnd::Item) => {
                if let Some(s) = open.pop() {
                    ends.insert(s, i);
                }
            }
            _ => {}
        }
    }
    for (n, (f, (id, _, _))) in found.iter().zip(&ids).enumerate() {
        let number = n + 1;
        events[f.start].0 = Event::Html(CowStr::from(format!(
            "<li class=\"audit-question\" id=\"q-{id}\" data-question=\"{number}\" data-question-id=\"{id}\"><span class=\"audit-number\">{number}.</span> <span class=\"audit-text\" id=\"q-{id}-text\">",
            id = escape(id)
        )));
        events[f.marker].0 = Event::Html(CowStr::from(""));
        if let Some(&end) = ends.get(&f.start) {
            events[end].0 = Event::Html(CowStr::from(answer_controls(&escape(id), words)));
        }
    }
    (events, found.len())
}

fn answer_controls(id: &str, words: &AuditWords) -> String {
    let mut html = format!(
        "</span><span class=\"audit-answer\" role=\"radiogroup\" aria-labelledby=\"q-{id}-text\">"
    );
    for (value, label) in ANSWERS.iter().zip(&words.answers) {
        html.push_str(&format!(
            "<label class=\"audit-choice\"><input type=\"radio\" name=\"q-{id}\" value=\"{value}\"> {}</label>",
            escape(label)
        ));
    }
    html.push_str(&format!(
        "</span><label class=\"audit-notes\"><span>{}</span><textarea name=\"q-{id}-notes\" rows=\"2\"></textarea></label></li>\n",
        escape(&words.notes)
    ));
    html
}

/// Every question of an audit page's Markdown body, with its section, for reading returns and for
/// `check`. Problems (malformed or repeated ids) are the same the page's render reports.
pub fn questions(body: &str) -> (Vec<Question>, Vec<Problem>) {
    let mut events = super::parse(body);
    let found = find(&events);
    let mut problems = Vec::new();
    let ids = read_ids(&mut events, &found, &mut problems);
    // The section of each event index: the text of the latest heading before it.
    let mut sections: Vec<(usize, String)> = Vec::new();
    let mut heading: Option<String> = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(_)) => {
                if let Some(h) = heading.take() {
                    sections.push((i, h.trim().to_string()));
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(t);
                }
            }
            _ => {}
        }
    }
    let questions = found
        .iter()
        .zip(ids)
        .enumerate()
        .map(|(n, (f, (id, explicit, replaces)))| {
            let section = sections
                .iter()
                .take_while(|(i, _)| *i < f.marker)
                .last()
                .map(|(_, s)| s.clone())
                .unwrap_or_default();
            let end = f.last_text.map_or(f.marker, |t| t + 1);
            let mut text = String::new();
            for (event, _) in &events[f.marker + 1..end] {
                match event {
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    Event::SoftBreak | Event::HardBreak => text.push(' '),
                    _ => {}
                }
            }
            Question {
                number: n + 1,
                id,
                explicit,
                replaces,
                section,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                offset: events[f.marker].1.start,
            }
        })
        .collect();
    (questions, problems)
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    fn form(md: &str) -> (String, usize, Vec<Problem>) {
        let mut problems = Vec::new();
        let (events, n) = questions_to_form(parse(md), &AuditWords::english(), &mut problems);
        (to_html(events), n, problems)
    }

    #[test]
    fn task_items_become_numbered_questions_with_three_answers() {
        let md = "## Policy\n\n- [ ] Is there an AUP?\n- [x] Is it signed?\n- plain item\n";
        let (html, n, problems) = form(md);
        assert_eq!(n, 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(html.matches("type=\"radio\"").count(), 6, "{html}");
        assert!(
            html.contains(
                "<span class=\"audit-text\" id=\"q-question-1-text\">Is there an AUP?</span>"
            ),
            "{html}"
        );
        assert!(
            html.contains("name=\"q-question-2\" value=\"partly\""),
            "{html}"
        );
        assert!(html.contains("<li>plain item</li>"), "{html}");
        assert!(!html.contains("checkbox"), "{html}");
    }

    #[test]
    fn an_id_block_names_the_question_and_is_not_shown() {
        let md =
            "- [ ] Is there an AUP? {#staff-aup replaces=aup,aup-old}\n- [ ] Loose *one* {#two}\n";
        let (html, n, problems) = form(md);
        assert_eq!(n, 2);
        assert!(problems.is_empty(), "{problems:?}");
        assert!(
            html.contains("id=\"q-staff-aup\" data-question=\"1\" data-question-id=\"staff-aup\""),
            "{html}"
        );
        assert!(
            html.contains("id=\"q-staff-aup-text\">Is there an AUP?</span>"),
            "{html}"
        );
        assert!(html.contains("name=\"q-two\" value=\"yes\""), "{html}");
        assert!(!html.contains('{'), "{html}");
        let (qs, _) = questions(md);
        assert_eq!(qs[0].replaces, vec!["aup", "aup-old"]);
        assert!(qs[0].explicit);
        assert_eq!(qs[1].text, "Loose one");
    }

    #[test]
    fn ids_in_loose_lists_and_multi_line_items_are_read() {
        let md = "## Staff {#staff}\n\n- [ ] First line\n  goes on {#long}\n\n- [ ] Second {#second}\n\n  More detail.\n";
        let (qs, problems) = questions(md);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            qs.iter()
                .map(|q| (q.id.as_str(), q.text.as_str(), q.section.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("long", "First line goes on", "Staff"),
                ("second", "Second", "Staff")
            ]
        );
    }

    #[test]
    fn braces_that_are_not_an_id_block_stay_text() {
        let (qs, problems) = questions("- [ ] Do you use {curly} words?\n");
        assert!(problems.is_empty());
        assert_eq!(qs[0].text, "Do you use {curly} words?");
        assert!(!qs[0].explicit);
        assert_eq!(qs[0].id, "question-1");
    }

    #[test]
    fn bad_and_repeated_ids_are_problems_at_the_question() {
        let md = "- [ ] One {#Staff AUP}\n- [ ] Two {#two}\n- [ ] Three {#three replaces=two}\n- [ ] Four {#four colour=red}\n";
        let (_, problems) = questions(md);
        let messages: Vec<(&str, usize)> = problems
            .iter()
            .map(|p| (p.message.as_str(), p.offset))
            .collect();
        assert_eq!(
            messages,
            vec![
                ("`Staff` is not a valid question id", md.find("{#Staff").unwrap()),
                ("`colour=red` is not something a question's `{...}` can say", md.find("{#four").unwrap()),
                ("question id `two` is used twice: in `replaces` of question 3 and by question 2", md.find("[ ] Three").unwrap()),
            ]
        );
        assert!(
            problems[0].help.contains("e.g. `staff`"),
            "{}",
            problems[0].help
        );
    }

    #[test]
    fn user_text_in_ids_cannot_reach_the_html() {
        let (html, _, problems) = form("- [ ] Q {#a\"onclick=x}\n");
        assert_eq!(problems.len(), 1);
        assert!(!html.contains("data-question-id=\"a"), "{html}");
        assert!(html.contains("id=\"q-question-1\""), "{html}");
    }
}
