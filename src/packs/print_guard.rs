//! What Chromium may load while it prints a pack: only files of the site's own output.
//!
//! A pack document is printed from its `file://` URL, where `/x` and `../../x` reach any file on
//! the machine and `http://` any address. Before a print, every resource the staged document
//! would load (images, stylesheets, scripts, media, SVG references) is resolved against the
//! document's place in the output; one that is not a file inside the output, or that names a
//! scheme (a network or `file:` URL), stops the print with an error naming the page and line
//! that asked for it. The browser is also started with a proxy that does not exist
//! ([`NO_NETWORK_FLAGS`]), so nothing it might still ask for reaches the network.

use std::path::{Component, Path, PathBuf};

use crate::diagnostics::{rule, Diagnostic};
use crate::load::packs::Pack;
use crate::resolve::Site;

/// Every request goes to a proxy on a closed local port (the discard port), loopback included:
/// a print never reaches the network, even for a URL the check above missed.
pub const NO_NETWORK_FLAGS: [&str; 2] = [
    "--proxy-server=http://127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>",
];

/// Attributes whose value the browser loads while printing, on the elements of [`SELECTOR`]
/// (an `<a href>` is not loaded, a `<link href>` is).
const LOADED: [&str; 6] = ["src", "srcset", "poster", "data", "xlink:href", "href"];
const SELECTOR: &str =
    "img, source, link, script, video, audio, track, embed, object, iframe, input, image, use, feImage";

/// `<link rel>` values that name a document without loading it.
const NOT_LOADED_RELS: [&str; 9] = [
    "canonical",
    "alternate",
    "author",
    "license",
    "help",
    "next",
    "prev",
    "search",
    "bookmark",
];

/// The resource URLs in `html` (attribute values as written, entities decoded by the parser).
pub fn resource_urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    crate::html::rewrite_elements(html, SELECTOR, |el, _| {
        // A `<link>` the browser does not fetch (canonical, alternate, ...) loads nothing.
        if el.tag_name().eq_ignore_ascii_case("link") {
            let rel = el
                .get_attribute("rel")
                .unwrap_or_default()
                .to_ascii_lowercase();
            if rel
                .split_ascii_whitespace()
                .all(|r| NOT_LOADED_RELS.contains(&r))
                && !rel.trim().is_empty()
            {
                return Ok(());
            }
        }
        for attr in LOADED {
            let Some(v) = el.get_attribute(attr) else {
                continue;
            };
            if attr == "srcset" {
                // Candidates are "url [descriptor]" separated by commas.
                let urls = v.split(',').filter_map(|c| c.split_whitespace().next());
                found.extend(urls.map(str::to_string));
            } else {
                found.push(v);
            }
        }
        Ok(())
    });
    found
}

/// Why the browser must not load `url` from the document at `doc` (a path inside the output
/// folder `out`), if so.
pub fn refusal(url: &str, doc: &Path, out: &Path) -> Option<&'static str> {
    let u = url.trim();
    if u.is_empty() || u.starts_with('#') {
        return None;
    }
    let lower = u.to_ascii_lowercase();
    if lower.starts_with("data:") {
        return None;
    }
    if lower.starts_with("//") || crate::load::web_address::scheme_of(u).is_some() {
        return Some(
            "it would be fetched from outside the site (the build never uses the network)",
        );
    }
    let path = u.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let dir = doc.parent().unwrap_or(out);
    // `/x` in a file:// document is the machine's root, not the site's.
    let joined = if decoded.starts_with('/') {
        PathBuf::from(decoded.as_ref())
    } else {
        dir.join(decoded.as_ref())
    };
    let Some(lexical) = normalise(&joined) else {
        return Some("it leads outside the site's output");
    };
    if !lexical.starts_with(out) {
        return Some("it leads outside the site's output");
    }
    match (lexical.canonicalize(), out.canonicalize()) {
        (Ok(real), Ok(real_out)) if real.starts_with(&real_out) => None,
        (Ok(_), _) => Some("it leads outside the site's output (through a link)"),
        (Err(_), _) => Some("there is no such file in the site's output"),
    }
}

/// `path` with `.` and `..` taken off lexically; `None` when `..` climbs above the root.
fn normalise(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// The errors for the resources of the staged document `doc` (inside `out`) that the browser must
/// not load, each at the line of the pack's page that gives the URL (else at the pack file).
pub fn check(site: &Site, pack: &Pack, doc: &Path, out: &Path) -> Vec<Diagnostic> {
    // Compared as real, absolute paths: the staging folder may be named relative to the site.
    let (Ok(doc), Ok(out)) = (doc.canonicalize(), out.canonicalize()) else {
        return Vec::new();
    };
    let (doc, out) = (doc.as_path(), out.as_path());
    let Ok(html) = std::fs::read_to_string(doc) else {
        // Our own staged file; the print reports a document it cannot open.
        return Vec::new();
    };
    let mut seen = std::collections::HashSet::new();
    let mut ds = Vec::new();
    for url in resource_urls(&html) {
        let Some(why) = refusal(&url, doc, out) else {
            continue;
        };
        if !seen.insert(url.clone()) {
            continue;
        }
        let d = Diagnostic::error(
            rule::PDF,
            format!("the pack `{}` would print `{url}`: {why}", pack.id),
        )
        .help(
            "give images as files in the site (static/, or beside the page in its folder), \
             with a path that stays inside the site; the PDF is printed without the network",
        );
        ds.push(at_source(site, pack, &url, d));
    }
    ds
}

/// `d` pointed at the first line of the pack's pages that holds `url` (or the part of it after
/// the last `../`, as the output rewrote it), else at the pack file.
fn at_source(site: &Site, pack: &Pack, url: &str, d: Diagnostic) -> Diagnostic {
    let tail = url.rsplit("../").next().unwrap_or(url);
    let needles = [url, tail];
    for i in super::items(site, pack) {
        let src = &site.pages[i].src;
        for n in needles.iter().filter(|n| n.len() > 2) {
            if let Some(at) = src.text.find(*n) {
                return d.at_offset(&src.display, &src.text, at);
            }
        }
    }
    d.in_file(&pack.display)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_loaded_url() {
        let html = r#"<img src="a.png" srcset="b.png 2x, c.png 3x"><link rel=stylesheet href="s.css"><link rel=canonical href="https://x.test/">
            <a href="http://x/">link</a><svg><image href="d.svg"/></svg><video poster="p.jpg"></video>"#;
        let urls = resource_urls(html);
        for u in ["a.png", "b.png", "c.png", "s.css", "d.svg", "p.jpg"] {
            assert!(urls.contains(&u.to_string()), "{u}: {urls:?}");
        }
        assert!(
            !urls.contains(&"http://x/".to_string()),
            "links are not loaded"
        );
        assert!(!urls.iter().any(|u| u.contains("x.test")), "{urls:?}");
    }

    #[test]
    fn only_files_inside_the_output_may_be_loaded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().canonicalize().unwrap().join("out");
        std::fs::create_dir_all(out.join("packs/p/facilitator")).unwrap();
        std::fs::write(out.join("logo.png"), "png").unwrap();
        std::fs::write(dir.path().join("private.png"), "secret").unwrap();
        let doc = out.join("packs/p/facilitator/index.html");
        assert_eq!(refusal("../../../logo.png", &doc, &out), None);
        assert_eq!(refusal("data:image/png;base64,AA", &doc, &out), None);
        assert_eq!(refusal("#top", &doc, &out), None);
        for bad in [
            "../../../../private.png",
            "/../../../../etc/passwd",
            "/etc/passwd",
            "http://169.254.169.254/x.png",
            "HTTPS://example.org/x.png",
            "//example.org/x.png",
            "file:///etc/passwd",
            "missing.png",
            "%2e%2e/%2e%2e/%2e%2e/%2e%2e/private.png",
        ] {
            assert!(refusal(bad, &doc, &out).is_some(), "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("private.png"), out.join("l.png")).unwrap();
            assert!(refusal("../../../l.png", &doc, &out).is_some());
        }
    }
}
