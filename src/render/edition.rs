//! How a model document names its edition, in the page's language: the version line under its
//! title and in its footers ("Version 2, updated 1 December 2026"), and, on a copy an
//! organisation has adopted, the line that says which model it is based on.

use super::context::{css_string_body, LongDate};
use crate::resolve::Page;

/// The words of the page's language, by key (`Renderer::word`).
pub type Words<'f> = &'f dyn Fn(&str) -> String;

/// The version line: "Version 2, updated 1 December 2026", "Version 2" or "Updated 1 December
/// 2026" (theme words `version_line`, `version_number`, `version_updated`); `None` for a page
/// that is not a model document or gives neither.
pub fn version_text(page: &Page, long: LongDate<'_>, word: Words<'_>) -> Option<String> {
    if !page.kind.has_placeholders() {
        return None;
    }
    let fm = &page.src.fm;
    let version = fm
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let fill = |key: &str, v: &str, d: Option<String>| {
        word(key)
            .replace("{version}", v)
            .replace("{date}", d.as_deref().unwrap_or(""))
    };
    match (version, fm.updated) {
        (Some(v), Some(d)) => Some(fill("version_line", v, Some(long(d)))),
        (Some(v), None) => Some(fill("version_number", v, None)),
        (None, Some(d)) => Some(fill("version_updated", "", Some(long(d)))),
        (None, None) => None,
    }
}

/// "Based on the Anytown Safeguarding Children Partnership model, version 2." (or "..., updated
/// 1 December 2026."), closing an adopted copy.
pub fn based_on_text(page: &Page, site_title: &str, long: LongDate<'_>, word: Words<'_>) -> String {
    let fm = &page.src.fm;
    let version = fm
        .version
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let text = match (version, fm.updated) {
        (Some(v), _) => word("based_on_version").replace("{version}", v),
        (None, Some(d)) => word("based_on_updated").replace("{date}", &long(d)),
        (None, None) => word("based_on"),
    };
    text.replace("{partnership}", partnership(site_title))
}

/// The partnership's name from the site's title: the part before a spaced dash or bar
/// ("Anytown Safeguarding Children Partnership — Online safety" gives the first part).
pub fn partnership(site_title: &str) -> &str {
    [" — ", " – ", " - ", " | "]
        .iter()
        .filter_map(|sep| site_title.find(sep))
        .min()
        .map_or(site_title, |at| &site_title[..at])
        .trim()
}

/// The printed footer's text of a model document: "Title — Version 2.1, updated 1 November 2026",
/// then on a second line `second` (where it was printed from, or whom it was adapted for), as a
/// quoted CSS string.
pub fn print_footer(title: &str, version: Option<&str>, second: Option<&str>) -> String {
    let mut first = title.to_string();
    if let Some(v) = version {
        first.push_str(&format!(" — {v}"));
    }
    match second {
        // The only `\A` (line break) is between the two lines: policy.js finds the second by it.
        Some(second) => format!(
            "\"{}\\A {}\"",
            css_string_body(&first),
            css_string_body(second)
        ),
        None => format!("\"{}\"", css_string_body(&first)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_partnership_is_the_site_title_before_its_dash() {
        assert_eq!(
            partnership("Anytown Safeguarding Children Partnership — Online safety"),
            "Anytown Safeguarding Children Partnership"
        );
        assert_eq!(partnership("Northshire SCP | Online"), "Northshire SCP");
        assert_eq!(partnership("Oak-Hill Partnership"), "Oak-Hill Partnership");
    }

    #[test]
    fn footers_escape_for_css() {
        assert_eq!(
            print_footer("A \"b\"", Some("Version 2"), Some("</style>")),
            "\"A \\\"b\\\" — Version 2\\A \\3C /style\\3E \""
        );
    }
}
