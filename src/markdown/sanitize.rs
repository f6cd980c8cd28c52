//! Raw HTML written by authors is cut down to a safe subset; the markup safeguide's passes make is
//! kept exactly as made.
//!
//! Whose HTML is whose is decided by where it came from, never by how it looks: straight after
//! parsing, every `Html`/`InlineHtml` event is the author's, and [`mark_author_html`] tags each one.
//! Events the passes add later carry no tag. When a page has author HTML, [`to_safe_html`] swaps the
//! passes' own HTML for opaque tokens, sends everything else (the author's HTML and pulldown-cmark's
//! markup around it) through ammonia, and puts the passes' HTML back where the tokens survived as
//! text. So an author who writes `<div class="callout">` gets ammonia like any other author HTML.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event};

use super::Events;

/// Starts every author HTML event after [`mark_author_html`]. A noncharacter, so it never means
/// anything to a browser, and only this module adds it.
const AUTHOR: char = '\u{FDD0}';
/// Brackets a token standing for one piece of the passes' own HTML while ammonia runs.
const TOKEN_OPEN: char = '\u{FDD1}';
const TOKEN_CLOSE: char = '\u{FDD2}';

/// Tags the author's raw HTML; run on the parser's events before any pass adds HTML of its own.
pub fn mark_author_html(events: Events<'_>) -> Events<'_> {
    events
        .into_iter()
        .map(|(event, range)| {
            let event = match event {
                Event::Html(h) => Event::Html(tagged(&h)),
                Event::InlineHtml(h) => Event::InlineHtml(tagged(&h)),
                e => e,
            };
            (event, range)
        })
        .collect()
}

fn tagged(h: &str) -> CowStr<'static> {
    let mut s = String::with_capacity(h.len() + AUTHOR.len_utf8());
    s.push(AUTHOR);
    s.push_str(h);
    CowStr::from(s)
}

/// True for raw HTML the author wrote (as opposed to HTML a pass made).
pub fn is_author_html(event: &Event<'_>) -> bool {
    author_html(event).is_some()
}

fn author_html<'e>(event: &'e Event<'_>) -> Option<&'e str> {
    match event {
        Event::Html(h) | Event::InlineHtml(h) => h.strip_prefix(AUTHOR),
        _ => None,
    }
}

/// True when the page has HTML of the author's own.
pub fn has_author_html(events: &Events<'_>) -> bool {
    events.iter().any(|(e, _)| author_html(e).is_some())
}

/// Renders events to HTML in which the author's raw HTML has been sanitised and the passes' own
/// markup is untouched.
pub fn to_safe_html(events: Events<'_>) -> String {
    if !has_author_html(&events) {
        return super::to_html(events);
    }
    // Unguessable per page, so author text can never spell a token that puts our HTML elsewhere.
    let nonce = format!("{:016x}", RandomState::new().build_hasher().finish());
    let mut ours: Vec<CowStr<'_>> = Vec::new();
    let mut html = String::new();
    let events = events.into_iter().map(|(event, _)| match event {
        Event::Html(h) | Event::InlineHtml(h) => match h.strip_prefix(AUTHOR) {
            Some(raw) => Event::Html(CowStr::from(raw.to_string())),
            None => {
                ours.push(h);
                Event::Html(CowStr::from(format!(
                    "{TOKEN_OPEN}{nonce}{}{TOKEN_CLOSE}",
                    ours.len() - 1
                )))
            }
        },
        e => e,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    restore(&clean(&html), &nonce, &ours)
}

/// Puts the passes' HTML back for each token found in text. A token that ended up inside a tag
/// (the author left an attribute open) is dropped, so our markup can never land in an attribute.
fn restore(cleaned: &str, nonce: &str, ours: &[CowStr<'_>]) -> String {
    let mut out =
        String::with_capacity(cleaned.len() + ours.iter().map(|h| h.len()).sum::<usize>());
    // ammonia's serialiser always double-quotes attribute values and escapes `"` and `<` in text,
    // so tracking `<`, `"` and `>` is enough to know whether a position is inside a tag.
    let mut in_tag = false;
    let mut in_quote = false;
    let mut rest = cleaned;
    while let Some(c) = rest.chars().next() {
        if c == TOKEN_OPEN {
            if let Some((index, after)) = token(&rest[c.len_utf8()..], nonce) {
                if !in_tag {
                    if let Some(h) = ours.get(index) {
                        out.push_str(h);
                    }
                }
                rest = after;
                continue;
            }
        }
        match c {
            '<' if !in_tag => in_tag = true,
            '"' if in_tag => in_quote = !in_quote,
            '>' if in_tag && !in_quote => in_tag = false,
            _ => {}
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Reads `<nonce><index><TOKEN_CLOSE>` and returns the index and what follows.
fn token<'s>(s: &'s str, nonce: &str) -> Option<(usize, &'s str)> {
    let s = s.strip_prefix(nonce)?;
    let end = s.find(TOKEN_CLOSE)?;
    let index = s[..end].parse().ok()?;
    Some((index, &s[end + TOKEN_CLOSE.len_utf8()..]))
}

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_tags([
        "section",
        "figure",
        "figcaption",
        "details",
        "summary",
        "abbr",
        "mark",
        "input",
        "span",
        "div",
        "kbd",
        "time",
    ])
    .add_generic_attributes(["class", "id", "role", "title", "lang", "dir"])
    .add_generic_attribute_prefixes(["aria-"])
    // Task lists: pulldown-cmark's own checkboxes go through here when the page has author HTML.
    .add_tag_attributes("input", ["type", "checked", "disabled"])
    .add_tag_attributes("time", ["datetime"])
    .add_tag_attributes("details", ["open"])
    .add_tag_attributes("img", ["width", "height", "loading"])
    .add_tag_attributes("th", ["style"])
    .add_tag_attributes("td", ["style"])
    .filter_style_properties(["text-align"].into())
    .link_rel(None)
    .url_relative(ammonia::UrlRelative::PassThrough)
    .id_prefix(None);
    b
});

/// Removes scripts, event handlers, styles and anything else outside the safe subset.
pub fn clean(html: &str) -> String {
    CLEANER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn render(md: &str, ours: impl Fn(Events<'_>) -> Events<'_>) -> String {
        to_safe_html(ours(mark_author_html(parse(md))))
    }

    #[test]
    fn scripts_and_handlers_are_removed_and_safe_markup_kept() {
        let md = "Hello <b onclick=\"x()\">bold</b>\n\n<script>alert(1)</script>\n\n<details><summary>More</summary>Text</details>\n";
        let html = render(md, |e| e);
        assert!(
            !html.contains("script") && !html.contains("onclick"),
            "{html}"
        );
        assert!(
            html.contains("<b>bold</b>") && html.contains("<summary>More</summary>"),
            "{html}"
        );
    }

    #[test]
    fn author_html_that_looks_like_ours_is_still_cleaned() {
        for md in [
            "<div class=\"callout\"><img src=x onerror=alert(1)></div>\n",
            "<pre class=\"code\"><script>alert(1)</script></pre>\n",
            "a <span class=\"placeholder\" onmouseover=\"alert(1)\">x</span>\n",
            "a <a class=\"glossary-term\" href=\"javascript:alert(1)\">x</a>\n",
            "</div><script>alert(1)</script>\n",
        ] {
            let html = render(md, |e| e);
            assert!(
                !html.contains("alert"),
                "author HTML not sanitised for {md:?}: {html}"
            );
        }
    }

    #[test]
    fn our_markup_survives_beside_author_html_exactly() {
        let ours =
            "<span class=\"placeholder\" data-key=\"school\" onclick=\"kept()\">[School]</span>";
        let html = render("Hi <b>there</b> NAME.\n", |events| {
            events
                .into_iter()
                .map(|(e, r)| match e {
                    Event::Text(t) if t.contains("NAME") => (Event::InlineHtml(ours.into()), r),
                    e => (e, r),
                })
                .collect()
        });
        // Our own attributes (even ones ammonia would strip) come through untouched.
        assert!(
            html.contains(ours) && html.contains("<b>there</b>"),
            "{html}"
        );
    }

    #[test]
    fn a_token_inside_an_open_author_attribute_is_dropped() {
        let html = restore(
            "<p title=\"\u{FDD1}n0\u{FDD2}\">x</p>\u{FDD1}n1\u{FDD2}",
            "n",
            &["<i>a</i>".into(), "<i>b</i>".into()],
        );
        assert_eq!(html, "<p title=\"\">x</p><i>b</i>");
    }

    #[test]
    fn forged_tokens_in_author_text_do_nothing() {
        let html = render("x \u{FDD1}00000000000000000\u{FDD2} <b>y</b>\n", |e| e);
        assert!(!html.contains("<i>") && html.contains("<b>y</b>"), "{html}");
    }

    #[test]
    fn plain_markdown_needs_no_sanitising() {
        assert!(!has_author_html(&mark_author_html(parse("Just *text*."))));
        assert!(has_author_html(&mark_author_html(parse("Just <b>x</b>."))));
    }
}
