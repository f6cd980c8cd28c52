//! The search files as scripts: a search page loads `<script>`s, since a script loads from
//! file:// where fetching JSON would be refused. Shared by the shards ([`super::index`]) and the
//! term chunks ([`super::terms`]), which also read back what an earlier build wrote.

/// The shortest start of `first` that sorts after `prev` (which sorts before `first`): a chunk
/// starting there holds the same terms, and every query for a shard reads the boundaries.
pub(super) fn boundary<'a>(prev: &str, first: &'a str) -> &'a str {
    first
        .char_indices()
        .map(|(i, c)| &first[..i + c.len_utf8()])
        .find(|p| *p > prev)
        .unwrap_or(first)
}

/// A script assigning `window.safeguideSearch[key]`: a script loads from file:// where fetching
/// JSON would be refused. The data is a `JSON.parse` string, which browsers parse about twice as
/// fast as the same object written as a literal.
pub(super) fn script(key: &str, json: &str) -> String {
    let key = serde_json::to_string(key).expect("a string serializes");
    format!(
        "(window.safeguideSearch=window.safeguideSearch||{{}})[{key}]=JSON.parse('{}');\n",
        js_single_quoted(json)
    )
}

/// The JSON a script made by [`script`] assigns, or None if `text` is not such a script.
pub(crate) fn unscript(text: &str) -> Option<String> {
    const OPEN: &str = "=JSON.parse('";
    let start = text.find(OPEN)? + OPEN.len();
    let body = text[start..].strip_suffix("');\n")?;
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            'u' => {
                let hex: String = chars.by_ref().take(4).collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// `s` escaped for a single-quoted JavaScript string.
fn js_single_quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 32);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundaries_are_the_shortest_start_after_the_previous_term() {
        assert_eq!(boundary("gamble", "gamer"), "game");
        assert_eq!(boundary("fzz", "gamers"), "g");
        assert_eq!(boundary("abc", "abcd"), "abcd");
        assert_eq!(boundary("", "ŵyr"), "ŵ");
    }

    #[test]
    fn scripts_read_back_as_the_json_they_hold() {
        for json in [
            r#"{"a":"it's"}"#,
            "[\"line\\nbreak \\u0001 \u{2028}\"]",
            "{}",
        ] {
            assert_eq!(unscript(&script("k", json)).as_deref(), Some(json));
        }
        assert_eq!(unscript("window.x = 1;"), None);
    }
}
