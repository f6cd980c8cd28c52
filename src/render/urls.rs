//! Makes the site-absolute URLs in rendered HTML fit where the site is published: under the base
//! URL's path, or (offline) relative to each file and ending in `index.html`, for file:// use.

use std::borrow::Cow;

/// How site-absolute links are written in the output.
#[derive(Debug, Clone)]
pub enum UrlStyle {
    /// Served from a web server under this path prefix ("" for the domain root, "/guides" for a subfolder).
    Served { prefix: String },
    /// Opened from disk.
    Offline,
}

impl UrlStyle {
    pub fn from_base_url(base_url: &str, offline: bool) -> UrlStyle {
        if offline {
            return UrlStyle::Offline;
        }
        let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
        let path = if base_url.contains("://") {
            after_scheme.find('/').map_or("", |i| &after_scheme[i..])
        } else {
            after_scheme
        };
        UrlStyle::Served {
            prefix: path.trim_end_matches('/').to_string(),
        }
    }

    /// Rewrites one URL found in the page at `page_path`.
    pub fn rewrite(&self, url: &str, page_path: &str) -> Option<String> {
        if !url.starts_with('/') || url.starts_with("//") {
            return None;
        }
        match self {
            UrlStyle::Served { prefix } if prefix.is_empty() => None,
            UrlStyle::Served { prefix } => Some(format!("{prefix}{url}")),
            UrlStyle::Offline => Some(relative(url, page_path)),
        }
    }

    /// Rewrites every `href`, `src`, `action` and `data-url` attribute value, and the `url=` part
    /// of a meta refresh's `content`, that holds a site-absolute URL. Borrows the page when nothing
    /// needs rewriting (served from the domain root), as that runs on every page of most sites.
    pub fn rewrite_html<'h>(&self, html: &'h str, page_path: &str) -> Cow<'h, str> {
        if matches!(self, UrlStyle::Served { prefix } if prefix.is_empty()) {
            return Cow::Borrowed(html);
        }
        const ATTRS: [&str; 4] = ["href", "src", "action", "data-url"];
        const REFRESH: &str = "0; url=";
        // Values come as written (entity-encoded): `&amp;` is undone for the URL and redone after.
        let rewrite = |raw: &str| {
            self.rewrite(&html_unescape_amp(raw), page_path)
                .map(|new| new.replace('&', "&amp;"))
        };
        Cow::Owned(crate::html::rewrite_elements(html, "*", |el, _| {
            let mut changes = Vec::new();
            for attr in el.attributes() {
                let name = attr.name();
                let value = attr.value();
                if ATTRS.contains(&name.as_str()) {
                    if let Some(new) = rewrite(&value) {
                        changes.push((name, new));
                    }
                } else if name == "content" && el.tag_name() == "meta" {
                    if let Some(new) = value.strip_prefix(REFRESH).and_then(&rewrite) {
                        changes.push((name, format!("{REFRESH}{new}")));
                    }
                }
            }
            for (name, value) in changes {
                el.set_attribute(&name, &value)?;
            }
            Ok(())
        }))
    }
}

fn html_unescape_amp(s: &str) -> String {
    s.replace("&amp;", "&")
}

/// `target` (site-absolute) as seen from the page at `from` (site-absolute), ending in index.html
/// where the target is a folder.
pub fn relative(target: &str, from: &str) -> String {
    let (path, suffix) = match target.find(['#', '?']) {
        Some(i) => (&target[..i], &target[i..]),
        None => (target, ""),
    };
    let mut path = path.to_string();
    if path.ends_with('/') {
        path.push_str("index.html");
    }
    // The folder holding the current file.
    let from_dir = if from.ends_with('/') {
        from.to_string()
    } else {
        from.rsplit_once('/')
            .map_or("/".to_string(), |(d, _)| format!("{d}/"))
    };
    let depth = from_dir
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .count();
    let mut rel = "../".repeat(depth);
    rel.push_str(path.trim_start_matches('/'));
    if rel.is_empty() {
        rel.push_str("index.html");
    }
    format!("{rel}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offline_links_are_relative_and_end_in_index_html() {
        assert_eq!(
            relative("/parents/gaming/", "/parents/"),
            "../parents/gaming/index.html"
        );
        assert_eq!(relative("/", "/parents/gaming/"), "../../index.html");
        assert_eq!(relative("/style.css", "/"), "style.css");
        assert_eq!(
            relative("/parents/gaming/#consoles", "/a/"),
            "../parents/gaming/index.html#consoles"
        );
        assert_eq!(
            relative("/search/?q=x", "/404.html"),
            "search/index.html?q=x"
        );
    }

    #[test]
    fn served_under_a_subfolder_gets_the_prefix() {
        let s = UrlStyle::from_base_url("https://example.org/online-safety/", false);
        let html = s.rewrite_html(
            "<a href=\"/parents/\">x</a><a href=\"https://x.org/\">y</a><img src=\"/a.png\">",
            "/",
        );
        assert_eq!(html, "<a href=\"/online-safety/parents/\">x</a><a href=\"https://x.org/\">y</a><img src=\"/online-safety/a.png\">");
        let root = UrlStyle::from_base_url("https://example.org/", false);
        assert_eq!(
            root.rewrite_html("<a href=\"/p/\">", "/"),
            "<a href=\"/p/\">"
        );
    }

    #[test]
    fn offline_rewrites_attributes_and_refresh_but_not_text_or_lookalikes() {
        let html =
            "<meta http-equiv=\"refresh\" content=\"0; url=/a/\"><form action=\"/search/\"></form>\
            <a href=\"/s/?q=a&amp;p=2\" title='href=\"/no/\"'>x</a><div data-url=\"/d/\"></div>\
            <p>href=\"/text/\"</p><!-- <a href=\"/comment/\"> --><a href=\"//cdn.example/x\"><noscript><a href=\"/tags/\">t</a></noscript>";
        let out = UrlStyle::Offline.rewrite_html(html, "/p/");
        assert_eq!(
            out,
            "<meta http-equiv=\"refresh\" content=\"0; url=../a/index.html\"><form action=\"../search/index.html\"></form>\
            <a href=\"../s/index.html?q=a&amp;p=2\" title='href=\"/no/\"'>x</a><div data-url=\"../d/index.html\"></div>\
            <p>href=\"/text/\"</p><!-- <a href=\"/comment/\"> --><a href=\"//cdn.example/x\"><noscript><a href=\"../tags/index.html\">t</a></noscript>"
        );
    }
}
