//! Local values: `{{ local.key }}` in any page, from site.yaml's `local:` (the partnership's front
//! door, LADO, contact email). A value is shown as text (so search finds it); an unset one as a
//! visible labelled blank, styled like a policy's blanks, so a missing number is seen, not hidden.

use crate::diagnostics::rule;
use std::collections::BTreeMap;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::placeholders::find_all;
use super::{escape, Events, Problem};
use crate::load::config::LocalValue;

pub const PREFIX: &str = "local.";

/// The HTML of an unset local value.
pub fn blank_html(key: &str, label: &str) -> String {
    let (key, label) = (escape(key), escape(label));
    format!(
        "<span class=\"placeholder blank local\" data-local=\"{key}\" data-label=\"{label}\"><span class=\"placeholder-label\">{label}</span></span>"
    )
}

/// Replaces every `{{ local.key }}` in text; other `{{ ... }}` are left to the placeholder pass.
/// A key site.yaml does not have is a problem.
pub fn fill<'a>(
    events: Events<'a>,
    locals: &BTreeMap<String, LocalValue>,
    problems: &mut Vec<Problem>,
) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len());
    // Inside an author's link a value stays text: links do not nest.
    let mut in_link = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(Tag::Link { .. }) => in_link += 1,
            Event::End(TagEnd::Link) => in_link = in_link.saturating_sub(1),
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push((event, range));
            continue;
        };
        let found: Vec<_> = find_all(text)
            .into_iter()
            .filter(|f| f.key.starts_with(PREFIX))
            .collect();
        if found.is_empty() {
            out.push((event, range));
            continue;
        }
        let mut last = 0;
        let push_text = |out: &mut Events<'a>, s: String| {
            if !s.is_empty() {
                out.push((Event::Text(CowStr::from(s)), range.clone()));
            }
        };
        for f in &found {
            push_text(&mut out, text[last..f.start].to_string());
            let key = f.key[PREFIX.len()..].trim();
            match locals.get(key) {
                Some(v) => match v.shown() {
                    Some(value) if in_link > 0 => push_text(&mut out, value),
                    Some(value) => push_linked(&mut out, value, &range),
                    None => out.push((
                        Event::InlineHtml(CowStr::from(blank_html(key, &v.label_for(key)))),
                        range.clone(),
                    )),
                },
                None => {
                    let offset = if range.len() == text.len() {
                        range.start + f.start
                    } else {
                        range.start
                    };
                    problems.push(Problem {
                        offset,
                        rule: rule::UNKNOWN_LOCAL,
                        message: format!(
                            "`{{{{ local.{key} }}}}` is not a local value of this site"
                        ),
                        help: unknown_help(key, locals),
                    });
                    // Shown as written, and not reported again by the placeholder pass.
                    out.push((
                        Event::InlineHtml(CowStr::from(escape(&text[f.start..f.end]))),
                        range.clone(),
                    ));
                }
            }
            last = f.end;
        }
        push_text(&mut out, text[last..].to_string());
    }
    out
}

/// A value as text events, each phone number and email in it a `tel:`/`mailto:` link (events,
/// not HTML, so that search still finds the number).
fn push_linked<'a>(out: &mut Events<'a>, value: String, range: &std::ops::Range<usize>) {
    let mut last = 0;
    let text = |out: &mut Events<'a>, s: &str| {
        if !s.is_empty() {
            out.push((Event::Text(CowStr::from(s.to_string())), range.clone()));
        }
    };
    for (start, end, href) in super::contact_links::find_in_value(&value) {
        text(out, &value[last..start]);
        out.push((
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: CowStr::from(href),
                title: CowStr::from(""),
                id: CowStr::from(""),
            }),
            range.clone(),
        ));
        text(out, &value[start..end]);
        out.push((Event::End(TagEnd::Link), range.clone()));
        last = end;
    }
    text(out, &value[last..]);
}

fn unknown_help(key: &str, locals: &BTreeMap<String, LocalValue>) -> String {
    let closest = locals
        .keys()
        .map(|k| (strsim::levenshtein(key, k), k))
        .min()
        .filter(|(d, _)| *d <= 3);
    match closest {
        Some((_, k)) => format!("did you mean `{{{{ local.{k} }}}}`?"),
        None if locals.is_empty() => format!(
            "add it under `local:` in site.yaml, e.g. `local:\\n  {key}: {{ label: ..., hint: ... }}`"
        ),
        None => format!(
            "use one of the keys under `local:` in site.yaml ({}), or add `{key}` there",
            locals.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    }
}

/// `body` (Markdown) with each `{{ local.key }}` of site.yaml replaced by its value, or by a
/// written blank ("________ (Label)") when unset, escaped so Markdown shows it as written: for
/// the outputs made from the Markdown itself (Word copies, adapted Markdown). Unknown keys are
/// left as written; the page's render reports them.
pub fn substitute(body: &str, locals: &BTreeMap<String, LocalValue>) -> String {
    let mut out = String::with_capacity(body.len());
    let mut last = 0;
    for f in find_all(body) {
        let Some(key) = f.key.strip_prefix(PREFIX).map(str::trim) else {
            continue;
        };
        let Some(v) = locals.get(key) else {
            continue;
        };
        out.push_str(&body[last..f.start]);
        let shown = v
            .shown()
            .unwrap_or_else(|| format!("________ ({})", v.label_for(key)));
        out.push_str(&super::escape_markdown(&shown));
        last = f.end;
    }
    out.push_str(&body[last..]);
    out
}

/// Every `local.` key `body` uses, with the byte offset of its first use.
pub fn used(body: &str) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for f in find_all(body) {
        if let Some(k) = f.key.strip_prefix(PREFIX) {
            let k = k.trim().to_string();
            if !out.iter().any(|(o, _)| *o == k) {
                out.push((k, f.start));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    fn locals() -> BTreeMap<String, LocalValue> {
        BTreeMap::from([
            (
                "front_door_phone".to_string(),
                LocalValue {
                    label: Some("Children's services front door".into()),
                    value: Some("01234 <567>".into()),
                    ..Default::default()
                },
            ),
            (
                "lado_email".to_string(),
                LocalValue {
                    label: Some("LADO email".into()),
                    ..Default::default()
                },
            ),
        ])
    }

    #[test]
    fn values_are_escaped_text_and_unset_ones_labelled_blanks() {
        let mut problems = Vec::new();
        let md = "Call {{ local.front_door_phone }} or email {{local.lado_email}}. {{ school }}";
        let html = to_html(fill(parse(md), &locals(), &mut problems));
        assert!(html.contains("Call 01234 &lt;567&gt; or email"), "{html}");
        let linked = to_html(fill(
            parse("Ring {{ local.lado_email }}."),
            &BTreeMap::from([(
                "lado_email".to_string(),
                LocalValue {
                    value: Some("lado@x.gov.uk or 01234 567 891".into()),
                    ..Default::default()
                },
            )]),
            &mut problems,
        ));
        assert!(
            linked.contains("Ring <a href=\"mailto:lado@x.gov.uk\">lado@x.gov.uk</a> or <a href=\"tel:01234567891\">01234 567 891</a>."),
            "{linked}"
        );
        assert!(
            html.contains("data-local=\"lado_email\"")
                && html.contains("<span class=\"placeholder-label\">LADO email</span>"),
            "{html}"
        );
        // Not a local value: left for the placeholder pass.
        assert!(html.contains("{{ school }}"), "{html}");
        assert!(problems.is_empty());
    }

    #[test]
    fn substitute_writes_values_and_blanks_as_plain_markdown() {
        let md = "Call {{ local.front_door_phone }}; LADO: {{ local.lado_email }}; {{ dsl }}";
        let out = substitute(md, &locals());
        assert_eq!(
            out,
            "Call 01234 \\<567\\>; LADO: \\_\\_\\_\\_\\_\\_\\_\\_ \\(LADO email\\); {{ dsl }}"
        );
    }

    #[test]
    fn an_unknown_key_is_reported_at_its_offset_with_the_closest_key() {
        let mut problems = Vec::new();
        fill(
            parse("Ring {{ local.front_door_phon }}"),
            &locals(),
            &mut problems,
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, 5);
        assert!(problems[0].help.contains("local.front_door_phone"));
    }
}
