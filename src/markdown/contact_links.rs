//! Phone numbers and email addresses in text a partnership writes (report routes, local values)
//! as `tel:` and `mailto:` links, the visible text unchanged: on a phone, the front door's number
//! is one tap away.

use std::sync::LazyLock;

use regex::Regex;

use super::escape;

/// UK numbers as people write them: `01234 567 890`, `0800 1111`, `+44 (0)1234 567890`. The
/// first group needs three digits or more, so that a date (`01 02 2025`) is not taken for one.
static PHONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\+44\s?(?:\(0\)\s?)?\d{2,4}|\b0\d{2,4})(?:[ -]?\d){4,8}\b").expect("valid")
});

static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+\b").expect("valid")
});

/// The `tel:` address of a number as written: its digits, a leading `+` kept, and the `(0)`
/// that callers from abroad leave out dropped.
pub fn tel_href(number: &str) -> String {
    let plus = number.trim_start().starts_with('+');
    let number = number.replace("(0)", "");
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    if plus {
        format!("tel:+{digits}")
    } else {
        format!("tel:{digits}")
    }
}

/// Each phone number and email address in `text`: its byte range and its `tel:`/`mailto:` address.
pub fn find(text: &str) -> Vec<(usize, usize, String)> {
    let mut found: Vec<(usize, usize, String)> = EMAIL
        .find_iter(text)
        .map(|m| (m.start(), m.end(), format!("mailto:{}", m.as_str())))
        .collect();
    for m in PHONE.find_iter(text) {
        if !found.iter().any(|(s, e, _)| m.start() < *e && *s < m.end()) {
            found.push((m.start(), m.end(), tel_href(m.as_str())));
        }
    }
    found.sort();
    found
}

/// Like [`find`] for a local value: a value that is only a number (`101`, `116 123`) is one
/// number, however short.
pub fn find_in_value(value: &str) -> Vec<(usize, usize, String)> {
    let digits = value.chars().filter(char::is_ascii_digit).count();
    let only_number = value
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '+');
    if only_number && digits >= 3 {
        vec![(0, value.len(), tel_href(value))]
    } else {
        find(value)
    }
}

/// `text` as escaped HTML with each of `found` a link.
fn to_html(text: &str, found: Vec<(usize, usize, String)>) -> String {
    let mut out = String::with_capacity(text.len() + 40 * found.len());
    let mut last = 0;
    for (start, end, href) in found {
        out.push_str(&escape(&text[last..start]));
        out.push_str(&format!(
            "<a href=\"{}\">{}</a>",
            escape(&href),
            escape(&text[start..end])
        ));
        last = end;
    }
    out.push_str(&escape(&text[last..]));
    out
}

/// A local value (or a route's text) as HTML, its numbers and email addresses links.
pub fn linkify_value(value: &str) -> String {
    to_html(value, find_in_value(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_emails_link_and_keep_their_text() {
        let html =
            linkify_value("Ring 01234 567 890 (Mon to Fri) or email lado@northshire.gov.uk & ask.");
        assert_eq!(
            html,
            "Ring <a href=\"tel:01234567890\">01234 567 890</a> (Mon to Fri) or email \
             <a href=\"mailto:lado@northshire.gov.uk\">lado@northshire.gov.uk</a> &amp; ask."
        );
        assert!(
            linkify_value("Childline: 0800 1111.").contains("href=\"tel:08001111\">0800 1111</a>.")
        );
        assert!(linkify_value("+44 (0)1234 567890").contains("href=\"tel:+441234567890\""));
    }

    #[test]
    fn dates_years_and_short_numbers_in_text_stay_text() {
        for t in [
            "On 01 02 2025",
            "In 2024, 101 ways",
            "Version 0.5.1",
            "ages 11 to 18",
        ] {
            assert!(!linkify_value(t).contains("<a"), "{t}");
        }
        assert_eq!(linkify_value("101"), "<a href=\"tel:101\">101</a>");
        assert_eq!(linkify_value("Mon to Fri"), "Mon to Fri");
    }
}
