//! Placeholders: `{{ key }}` blanks in model policies, filled from a profile or shown as labelled lines.

use crate::diagnostics::rule;
use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event};

use super::{escape, Events, Problem};
use crate::load::config::{PlaceholderDecl, ValueType};
use crate::load::date::Date;

/// The blanks a page may use and, when adapting for a school, their values.
#[derive(Clone, Copy)]
pub struct Placeholders<'a> {
    /// Site-wide declarations from site.yaml.
    pub site: &'a BTreeMap<String, PlaceholderDecl>,
    /// The page's own declarations from its front matter.
    pub page: &'a BTreeMap<String, PlaceholderDecl>,
    pub values: Option<&'a BTreeMap<String, String>>,
}

impl<'a> Placeholders<'a> {
    pub fn decl(&self, key: &str) -> Option<&'a PlaceholderDecl> {
        self.page.get(key).or_else(|| self.site.get(key))
    }
}

/// A `{{ key }}` found in text: byte range within the text and the trimmed key.
#[derive(Debug, PartialEq)]
pub struct Found<'t> {
    pub start: usize,
    pub end: usize,
    pub key: &'t str,
}

/// Every `{{ key }}` in `text`.
pub fn find_all(text: &str) -> Vec<Found<'_>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| i + from) {
        let Some(close) = text[open + 2..].find("}}").map(|i| i + open + 2) else {
            break;
        };
        found.push(Found {
            start: open,
            end: close + 2,
            key: text[open + 2..close].trim(),
        });
        from = close + 2;
    }
    found
}

/// A value as every document shows it: trimmed, on one line, a date written out in words
/// ("1 October 2027"). `None` for a value that is only spaces: it counts as not given.
pub fn shown(decl: &PlaceholderDecl, raw: &str) -> Option<String> {
    let one_line = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return None;
    }
    Some(match decl.value_type {
        ValueType::Date => Date::parse(&one_line).map_or(one_line, |d| d.long()),
        ValueType::Text => one_line,
    })
}

/// The value given for `key`, as shown (see `shown`).
pub fn value_of(p: &Placeholders<'_>, key: &str, decl: &PlaceholderDecl) -> Option<String> {
    p.values
        .and_then(|v| v.get(key))
        .and_then(|v| shown(decl, v))
}

/// The HTML for one blank: its value, or a labelled empty line that prints as a line to write on.
pub fn blank_html(key: &str, decl: &PlaceholderDecl, value: Option<&str>) -> String {
    let key = escape(key);
    let label = escape(&decl.label);
    match value {
        Some(v) => format!(
            "<span class=\"placeholder filled\" data-placeholder=\"{key}\" data-label=\"{label}\">{}</span>",
            escape(v)
        ),
        None => format!(
            "<span class=\"placeholder blank\" data-placeholder=\"{key}\" data-label=\"{label}\"><span class=\"placeholder-label\">{label}</span></span>"
        ),
    }
}

/// Replaces declared placeholders with blanks or values; an undeclared key is a problem.
pub fn fill<'a>(
    events: Events<'a>,
    p: &Placeholders<'_>,
    problems: &mut Vec<Problem>,
) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len());
    for (event, range) in events {
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        let found = find_all(text);
        if found.is_empty() {
            out.push((event, range));
            continue;
        }
        let mut last = 0;
        for f in &found {
            if f.start > last {
                out.push((
                    Event::Text(CowStr::from(text[last..f.start].to_string())),
                    range.clone(),
                ));
            }
            match p.decl(f.key) {
                Some(decl) => {
                    let value = value_of(p, f.key, decl);
                    out.push((
                        Event::InlineHtml(CowStr::from(blank_html(f.key, decl, value.as_deref()))),
                        range.clone(),
                    ));
                }
                None => {
                    problems.push(Problem {
                        offset: source_offset(&range, text, f.start),
                        rule: rule::UNDECLARED_PLACEHOLDER,
                        message: format!("the placeholder `{{{{ {} }}}}` is not declared", f.key),
                        help: format!(
                            "declare it under `placeholders:` in the front matter, e.g. `{}: {{ label: ..., hint: ... }}`, \
                             or in site.yaml; or fix the spelling",
                            f.key
                        ),
                    });
                    out.push((
                        Event::Text(CowStr::from(text[f.start..f.end].to_string())),
                        range.clone(),
                    ));
                }
            }
            last = f.end;
        }
        if last < text.len() {
            out.push((
                Event::Text(CowStr::from(text[last..].to_string())),
                range.clone(),
            ));
        }
    }
    out
}

/// Outside policies and AUPs a `{{ ... }}` is a mistake: report it, leave the text as written.
pub fn forbid<'a>(events: Events<'a>, problems: &mut Vec<Problem>) -> Events<'a> {
    for (event, range) in &events {
        if let Event::Text(text) = event {
            for f in find_all(text) {
                problems.push(Problem {
                    offset: source_offset(range, text, f.start),
                    rule: rule::PLACEHOLDER_OUTSIDE_POLICY,
                    message: format!(
                        "`{{{{ {} }}}}` is a placeholder, but this page is not a policy or AUP",
                        f.key
                    ),
                    help: "placeholders work only in pages with `kind: policy` or `kind: aup`; \
                           set the kind, or write the text without double braces"
                        .into(),
                });
            }
        }
    }
    events
}

/// Best guess at the source offset of a position inside merged text: exact when the text is
/// unchanged from the source (the usual case), otherwise the start of the text.
fn source_offset(range: &std::ops::Range<usize>, text: &str, pos: usize) -> usize {
    if range.len() == text.len() {
        range.start + pos
    } else {
        range.start
    }
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    fn decls() -> BTreeMap<String, PlaceholderDecl> {
        BTreeMap::from([(
            "online_safety_lead".to_string(),
            PlaceholderDecl {
                label: "Online safety lead".into(),
                hint: None,
                ..Default::default()
            },
        )])
    }

    #[test]
    fn declared_placeholders_become_labelled_blanks_or_escaped_values() {
        let site = decls();
        let page = BTreeMap::new();
        let md = "Lead: {{ online_safety_lead }}.";
        let mut problems = Vec::new();
        let p = Placeholders {
            site: &site,
            page: &page,
            values: None,
        };
        let html = to_html(fill(parse(md), &p, &mut problems));
        assert!(html.contains("class=\"placeholder blank\""), "{html}");
        assert!(
            html.contains("<span class=\"placeholder-label\">Online safety lead</span>"),
            "{html}"
        );
        let values = BTreeMap::from([(
            "online_safety_lead".to_string(),
            "<b>Ms</b> Patel".to_string(),
        )]);
        let p = Placeholders {
            site: &site,
            page: &page,
            values: Some(&values),
        };
        let html = to_html(fill(parse(md), &p, &mut problems));
        assert!(html.contains("&lt;b&gt;Ms&lt;/b&gt; Patel"), "{html}");
        assert!(problems.is_empty());
    }

    #[test]
    fn values_are_trimmed_to_one_line_and_dates_written_in_words() {
        let text = PlaceholderDecl::default();
        let date = PlaceholderDecl {
            value_type: ValueType::Date,
            ..Default::default()
        };
        assert_eq!(
            shown(&text, "  Oak Hill\n Primary  ").as_deref(),
            Some("Oak Hill Primary")
        );
        assert_eq!(shown(&text, " \t\n"), None);
        assert_eq!(
            shown(&date, "2027-10-01").as_deref(),
            Some("1 October 2027")
        );
        // A date that is not a real one is shown as typed; `adapt` refuses it before this.
        assert_eq!(shown(&date, "14/10/2026").as_deref(), Some("14/10/2026"));
    }

    #[test]
    fn undeclared_placeholder_is_reported_at_its_offset() {
        let site = decls();
        let page = BTreeMap::new();
        let md = "Head: {{ head_teacher }}";
        let mut problems = Vec::new();
        let p = Placeholders {
            site: &site,
            page: &page,
            values: None,
        };
        fill(parse(md), &p, &mut problems);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, 6);
        assert!(problems[0].message.contains("head_teacher"));
    }

    #[test]
    fn placeholders_outside_policies_are_reported() {
        let mut problems = Vec::new();
        forbid(parse("Hi {{ name }}"), &mut problems);
        assert_eq!(problems[0].rule, "placeholder-outside-policy");
    }
}
