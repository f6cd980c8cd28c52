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

    /// Rewrites every `href`, `src`, `action` and `content` (for meta refresh) attribute value and
    /// `url(...)` that holds a site-absolute URL. Borrows the page when nothing needs rewriting
    /// (served from the domain root), as that runs on every page of most sites.
    pub fn rewrite_html<'h>(&self, html: &'h str, page_path: &str) -> Cow<'h, str> {
        if matches!(self, UrlStyle::Served { prefix } if prefix.is_empty()) {
            return Cow::Borrowed(html);
        }
        let mut out = String::with_capacity(html.len() + html.len() / 16);
        let mut rest = html;
        const ATTRS: [&str; 5] = [
            "href=\"",
            "src=\"",
            "action=\"",
            "data-url=\"",
            "content=\"0; url=",
        ];
        loop {
            let next = ATTRS
                .iter()
                .filter_map(|a| rest.find(a).map(|i| (i, a.len())))
                .min_by_key(|(i, _)| *i);
            let Some((i, len)) = next else {
                out.push_str(rest);
                break;
            };
            out.push_str(&rest[..i + len]);
            rest = &rest[i + len..];
            let end = rest.find('"').unwrap_or(rest.len());
            let value = &rest[..end];
            match self.rewrite(&html_unescape_amp(value), page_path) {
                Some(new) => out.push_str(&new.replace('&', "&amp;")),
                None => out.push_str(value),
            }
            rest = &rest[end..];
        }
        Cow::Owned(out)
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
}
