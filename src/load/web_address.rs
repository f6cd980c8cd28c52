//! Web addresses from authors and site.yaml, checked before they reach a page.
//!
//! `base_url` (site.yaml or `--base-url`) ends up in every page's canonical link, the feed, the
//! sitemap and Word copies, so it is parsed, not trusted. Link targets (Markdown links, report
//! routes) may not use a scheme that runs code.

use url::Url;

/// Checks a base URL and returns it with a trailing slash, or says what is wrong with it.
///
/// Only `http` and `https` with a host are accepted, without user name, password, query or
/// fragment, and written only with characters that need no escaping in HTML, XML or a URL: a quote,
/// angle bracket, space or control character could otherwise break out of the attributes it is put in.
pub fn parse_base_url(raw: &str) -> Result<String, String> {
    if let Some(c) = raw.chars().find(|c| {
        !c.is_ascii_graphic()
            || matches!(
                c,
                '"' | '\'' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^'
            )
    }) {
        return Err(format!(
            "`{}` contains {}, which cannot be part of a web address",
            raw.escape_debug(),
            match c {
                ' ' => "a space".to_string(),
                c if c.is_control() => "a control character".to_string(),
                c => format!("the character `{c}`"),
            }
        ));
    }
    let url = Url::parse(raw).map_err(|e| format!("`{raw}` is not a web address ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(format!(
            "`{raw}` starts with `{}:`; the site's address must start with https:// (or http://)",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(format!("`{raw}` has no host name"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(format!(
            "`{raw}` carries a user name or password, which would be published in every page"
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "`{raw}` has a `?` or `#` part; give only the address of the site's home page"
        ));
    }
    let mut s = url.to_string();
    if !s.ends_with('/') {
        s.push('/');
    }
    Ok(s)
}

/// The schemes a link from any input (Markdown, HTML, front matter, site.yaml, frameworks.yaml,
/// report routes) may use; a relative link has none.
pub const ALLOWED_SCHEMES: [&str; 5] = ["https", "http", "mailto", "tel", "sms"];

/// The one URL rule: the scheme of a destination that may not be published, if it may not. Only
/// [`ALLOWED_SCHEMES`] pass, and `data:` only for an image in a raster format (`data:image/svg+xml`
/// can carry script); `javascript:`, `vbscript:`, `file:` and every other scheme are refused. Read
/// as browsers read it: leading spaces and control characters, and tabs or line breaks anywhere in
/// the scheme, are ignored, and case does not matter.
pub fn refused_scheme(dest: &str, image: bool) -> Option<String> {
    let (scheme, rest) = split_scheme(dest)?;
    match scheme.as_str() {
        s if ALLOWED_SCHEMES.contains(&s) => None,
        "data" => {
            let media = rest.trim_start().to_ascii_lowercase();
            let safe_image = image
                && [
                    "image/png",
                    "image/jpeg",
                    "image/gif",
                    "image/webp",
                    "image/avif",
                ]
                .iter()
                .any(|m| media.starts_with(m));
            (!safe_image).then_some(scheme)
        }
        _ => Some(scheme),
    }
}

/// `dest` when the URL rule lets it be published as a link, for output built from values that
/// were checked where they were read (a second line of defence).
pub fn allowed_link(dest: &str) -> Option<&str> {
    refused_scheme(dest, false).is_none().then_some(dest)
}

/// `dest` read as a browser reads it (leading spaces and control characters dropped, tabs and line
/// breaks removed), split at its scheme: (lower-case scheme, the rest). `None` for a relative URL.
fn split_scheme(dest: &str) -> Option<(String, String)> {
    let cleaned: String = dest
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(64)
        .collect();
    let (scheme, rest) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then(|| (scheme.to_ascii_lowercase(), rest.to_string()))
}

/// The scheme of `dest` (`https`, `mailto`), lower-case, as a browser reads it; `None` when it
/// is relative (`a/b.png`, `/x`, `#top`).
pub fn scheme_of(dest: &str) -> Option<String> {
    split_scheme(dest).map(|(s, _)| s)
}

/// Characters kept as they are in a URL path segment: RFC 3986's unreserved ones. Everything
/// else (`?`, `#`, `&`, spaces, non-ASCII letters) is percent-encoded, so a file named `what?#x.md`
/// gets a URL that works in links, the sitemap, the feed and search alike.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One path segment, percent-encoded.
pub fn encode_segment(segment: &str) -> String {
    percent_encoding::utf8_percent_encode(segment, SEGMENT).to_string()
}

/// A `/`-separated path inside the site (`static/a#b.svg` -> `/a%23b.svg` style), each segment
/// percent-encoded.
pub fn encode_path(rel: &str) -> String {
    rel.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// The help line shown with any base URL error.
pub const HELP: &str = "write the address the site is published at, e.g. https://online-safety.example.org/ or https://example.org/online-safety/";

#[cfg(test)]
mod tests {
    use super::parse_base_url as parse;
    use super::refused_scheme;

    #[test]
    fn accepts_http_and_https_with_a_trailing_slash() {
        assert_eq!(
            parse("https://example.org").unwrap(),
            "https://example.org/"
        );
        assert_eq!(
            parse("http://example.org/online-safety").unwrap(),
            "http://example.org/online-safety/"
        );
        assert_eq!(
            parse("https://x.org/a%20b/").unwrap(),
            "https://x.org/a%20b/"
        );
    }

    #[test]
    fn refuses_other_schemes_and_characters_that_break_attributes() {
        for bad in [
            "javascript:alert(1)",
            "/relative/",
            "ftp://example.org/",
            "https://example.org/\"><script>alert(1)</script>",
            "https://example.org/' onload='x",
            "https://exa mple.org/",
            "https://example.org/\n",
            "https://user:pw@example.org/",
            "https://example.org/?q=1",
            "https:///",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn scripts_are_refused_however_the_scheme_is_written() {
        assert_eq!(
            refused_scheme(" \u{1}java\nscript:x", false).as_deref(),
            Some("javascript")
        );
        assert_eq!(
            refused_scheme("VBScript:x", false).as_deref(),
            Some("vbscript")
        );
        assert_eq!(refused_scheme("https://x.org/javascript:x", false), None);
        assert_eq!(refused_scheme("data:image/png;base64,AA", true), None);
        assert_eq!(
            refused_scheme("data:image/png;base64,AA", false).as_deref(),
            Some("data")
        );
        assert_eq!(
            refused_scheme("data:image/svg+xml,<svg>", true).as_deref(),
            Some("data")
        );
        assert_eq!(refused_scheme("mailto:help@example.org", false), None);
        assert_eq!(refused_scheme("tel:+441234567890", false), None);
        assert_eq!(refused_scheme("../a.md#x", false), None);
        assert_eq!(
            refused_scheme("file:///etc/passwd", true).as_deref(),
            Some("file")
        );
        assert_eq!(
            refused_scheme("ms-word:ofe|u|x", false).as_deref(),
            Some("ms-word")
        );
    }
}
