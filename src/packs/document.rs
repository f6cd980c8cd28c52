//! Fits one item's rendered body into a pack document that holds several items.
//!
//! Each item was rendered as a page of its own, so its heading ids (`plan`, `q-1`, footnotes) may
//! clash with another item's, its headings start at `<h2>` under a page title, and its links point
//! to web pages. In the pack, every id gets the item's prefix (`item-2-plan`), headings move one
//! level down under the item's title, links to another item of the same pack jump inside the
//! document, and links to any other page become the page's full web address (a printed pack is
//! read away from the site).
//!
//! Tags are rewritten with lol_html ([`crate::html`]): tags it does not change, and all text and
//! comments, are copied as they are.

use std::collections::HashMap;

/// Where the items of one pack live, for turning links into in-document jumps.
pub struct ItemLinks<'a> {
    /// Page URL path (`/professionals/the-4cs/`) -> item number (1-based).
    pub items: &'a HashMap<String, usize>,
    /// site.yaml's base_url, for links to pages outside the pack.
    pub base_url: &'a str,
}

/// The id of item `n`'s section, and the prefix of every id inside it.
pub fn item_anchor(n: usize) -> String {
    format!("item-{n}")
}

fn prefixed(n: usize, id: &str) -> String {
    if id.is_empty() {
        item_anchor(n)
    } else {
        format!("item-{n}-{id}")
    }
}

/// Attributes that hold one id, or a space-separated list of ids.
const ID_ATTRS: [&str; 2] = ["id", "name"];
const ID_LIST_ATTRS: [&str; 5] = [
    "for",
    "headers",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
];

/// Rewrites the body HTML of item `n`, whose web page is at `page_path`.
pub fn adapt_body(html: &str, n: usize, page_path: &str, links: &ItemLinks<'_>) -> String {
    crate::html::rewrite_elements(html, "*", |el, _| {
        if let Some(level) = heading_level(&el.tag_name()) {
            // The item's title is the <h2>; its own headings sit below it.
            el.set_tag_name(&format!("h{}", (level + 1).min(6)))?;
        }
        let mut changes = Vec::new();
        for attr in el.attributes() {
            let key = attr.name();
            let v = attr.value();
            let new = if ID_ATTRS.contains(&key.as_str()) {
                Some(prefixed(n, &v))
            } else if ID_LIST_ATTRS.contains(&key.as_str()) {
                Some(
                    v.split_whitespace()
                        .map(|id| prefixed(n, id))
                        .collect::<Vec<_>>()
                        .join(" "),
                )
            } else if key == "href" {
                link_target(&v, n, page_path, links)
            } else {
                None
            };
            changes.extend(new.map(|new| (key, new)));
        }
        for (key, value) in changes {
            el.set_attribute(&key, &value)?;
        }
        Ok(())
    })
}

fn heading_level(name: &str) -> Option<u8> {
    match name.as_bytes() {
        [b'h' | b'H', d @ b'1'..=b'6'] => Some(d - b'0'),
        _ => None,
    }
}

/// The new `href` for a link in item `n`, or `None` to keep it (external, mailto:, ...).
fn link_target(href: &str, n: usize, page_path: &str, links: &ItemLinks<'_>) -> Option<String> {
    if let Some(frag) = href.strip_prefix('#') {
        return Some(format!("#{}", prefixed(n, frag)));
    }
    if !href.starts_with('/') || href.starts_with("//") {
        return None;
    }
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let bare = path.split('?').next().unwrap_or(path);
    let target = if bare == page_path {
        Some(n)
    } else {
        links.items.get(bare).copied()
    };
    match target {
        Some(m) => Some(format!("#{}", prefixed(m, frag.unwrap_or_default()))),
        None => Some(format!("{}{href}", links.base_url.trim_end_matches('/'))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn links(items: &HashMap<String, usize>) -> ItemLinks<'_> {
        ItemLinks {
            items,
            base_url: "https://example.org/",
        }
    }

    #[test]
    fn ids_and_references_get_the_item_prefix() {
        let items = HashMap::new();
        let html = "<h2 id=\"plan\">Plan</h2><p><a href=\"#plan\">up</a></p><span id=\"q-1-text\">Q</span><span role=\"radiogroup\" aria-labelledby=\"q-1-text\"><input type=\"radio\" name=\"q-1\" value=\"yes\" checked></span><label for=\"a b\">x</label>";
        let out = adapt_body(html, 3, "/a/", &links(&items));
        assert_eq!(
            out,
            "<h3 id=\"item-3-plan\">Plan</h3><p><a href=\"#item-3-plan\">up</a></p><span id=\"item-3-q-1-text\">Q</span><span role=\"radiogroup\" aria-labelledby=\"item-3-q-1-text\"><input type=\"radio\" name=\"item-3-q-1\" value=\"yes\" checked></span><label for=\"item-3-a item-3-b\">x</label>"
        );
    }

    #[test]
    fn links_to_items_stay_inside_and_others_go_to_the_web() {
        let items = HashMap::from([("/pro/4cs/".to_string(), 2)]);
        let html = "<a href=\"/pro/4cs/#content\">a</a> <a href=\"/pro/4cs/\">b</a> <a href=\"/parents/\">c</a> <a href=\"https://ceop.police.uk/\">d</a> <a href=\"/a/#x\">e</a> <img src=\"/a/pic.png\" alt=\"1 &lt; 2\">";
        let out = adapt_body(html, 1, "/a/", &links(&items));
        assert!(out.contains("href=\"#item-2-content\""), "{out}");
        assert!(out.contains("href=\"#item-2\""), "{out}");
        assert!(
            out.contains("href=\"https://example.org/parents/\""),
            "{out}"
        );
        assert!(out.contains("href=\"https://ceop.police.uk/\""), "{out}");
        assert!(out.contains("href=\"#item-1-x\""), "{out}");
        // Images stay site-absolute: the write stage makes them fit where the document is.
        assert!(
            out.contains("<img src=\"/a/pic.png\" alt=\"1 &lt; 2\">"),
            "{out}"
        );
    }

    #[test]
    fn headings_move_down_a_level_but_not_past_h6_and_text_is_untouched() {
        let items = HashMap::new();
        let html = "<h1>A</h1><h6 id=\"z\">B</h6><p>x &lt;h2&gt; y</p><!-- <h2> --><pre><code>&lt;a href=\"#no\"&gt;</code></pre>";
        let out = adapt_body(html, 1, "/a/", &links(&items));
        assert_eq!(
            out,
            "<h2>A</h2><h6 id=\"item-1-z\">B</h6><p>x &lt;h2&gt; y</p><!-- <h2> --><pre><code>&lt;a href=\"#no\"&gt;</code></pre>"
        );
    }
}
