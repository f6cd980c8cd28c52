//! Raw HTML written by authors is cut down to a safe subset; safeguide's own markup is kept.

use std::sync::LazyLock;

use pulldown_cmark::Event;

use super::Events;

pub fn has_raw_html(events: &Events<'_>) -> bool {
    // Our passes emit `Event::Html`/`InlineHtml` too, but only ever after this check runs on the
    // author's events... except the passes before it: they mark their output with a class, so the
    // check looks for source HTML by its byte range being non-empty and starting with '<'.
    events.iter().any(|(e, r)| matches!(e, Event::Html(h) | Event::InlineHtml(h) if !r.is_empty() && h.starts_with('<') && !is_ours(h)))
}

fn is_ours(html: &str) -> bool {
    html.starts_with("<div class=\"callout")
        || html.starts_with("<span class=\"placeholder")
        || html.starts_with("<a class=\"glossary-term\"")
        || html.starts_with("<li class=\"audit-question\"")
        || html.starts_with("</span><span class=\"audit-answer\"")
        || html.starts_with("<pre class=\"code\"")
        || html == "</div>"
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
        "label",
        "textarea",
        "span",
        "div",
        "kbd",
        "time",
    ])
    .add_generic_attributes(["class", "id", "role", "title", "lang", "dir"])
    .add_generic_attribute_prefixes(["data-", "aria-"])
    .add_tag_attributes("input", ["type", "name", "value"])
    .add_tag_attributes("textarea", ["name", "rows"])
    .add_tag_attributes("time", ["datetime"])
    .add_tag_attributes("img", ["width", "height", "loading"])
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
    use super::super::{parse, to_html};
    use super::*;

    #[test]
    fn scripts_and_handlers_are_removed_and_safe_markup_kept() {
        let md = "Hello <b onclick=\"x()\">bold</b>\n\n<script>alert(1)</script>\n\n<details><summary>More</summary>Text</details>\n";
        let events = parse(md);
        assert!(has_raw_html(&events));
        let html = clean(&to_html(events));
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
    fn plain_markdown_needs_no_sanitising() {
        assert!(!has_raw_html(&parse("Just *text*.")));
    }
}
