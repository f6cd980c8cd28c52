//! The one rule for text put in a CSV cell, so that no spreadsheet runs it as a formula.
//!
//! A spreadsheet takes a cell starting with `=`, `+`, `-` or `@` (or their full-width forms
//! `＝＋－＠`, which some convert), or with a tab or carriage return before one, as a formula. A
//! cell is also split again at `,` or `;` when the file is opened in a locale whose separator
//! differs from the one it was written with, so each part after one of those counts as a cell
//! start too. At every such start (after any spaces or quote marks) that begins with one of those
//! characters, or with `'`, a `'` is put in: spreadsheets show the text as it is. [`restore`]
//! takes exactly those `'` out again, so a return read back gives what was typed.
//!
//! The audit page's export (themes/default/static/site.js, `csvCell`) applies the same rule;
//! `tests/data/csv_cells.json` holds the cases both are tested against.

/// The characters that make a cell start a formula.
fn triggers(c: char) -> bool {
    matches!(
        c,
        '=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}'
    )
}

/// Byte offsets in `s` where a spreadsheet may see a cell start: 0 and after each `,`, `;` or
/// line break, past any spaces and quote marks.
fn starts(s: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut at_start = true;
    for (i, c) in s.char_indices() {
        if at_start {
            if c == ' ' || c == '"' {
                continue;
            }
            out.push(i);
            at_start = false;
        }
        if matches!(c, ',' | ';' | '\n') {
            at_start = true;
        }
    }
    if at_start {
        out.push(s.len());
    }
    out
}

/// `s` safe to put in a CSV cell (see the module docs).
pub fn neutralise(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    let mut last = 0;
    for at in starts(s) {
        if s[at..].starts_with(|c: char| triggers(c) || c == '\'') {
            out.push_str(&s[last..at]);
            out.push('\'');
            last = at;
        }
    }
    out.push_str(&s[last..]);
    out
}

/// The text [`neutralise`] was given: the `'` it put in at each cell start taken out.
pub fn restore(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last = 0;
    for at in starts(s) {
        if s[at..].starts_with('\'') {
            out.push_str(&s[last..at]);
            last = at + 1;
        }
    }
    out.push_str(&s[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases the browser's copy of the rule is tested on too.
    #[test]
    fn the_shared_cases_hold() {
        let cases: serde_json::Value =
            serde_json::from_str(include_str!("../tests/data/csv_cells.json")).unwrap();
        let cases = cases["cases"].as_array().unwrap();
        assert!(cases.len() > 20);
        for c in cases {
            let (text, cell) = (c["text"].as_str().unwrap(), c["cell"].as_str().unwrap());
            assert_eq!(neutralise(text), cell, "{text:?}");
            assert_eq!(restore(cell), text, "{cell:?}");
        }
    }

    #[test]
    fn restore_undoes_neutralise() {
        for s in [
            "",
            "'",
            "''=x",
            "Oak; =1",
            "a,b;c\n-d",
            "\"@x\"",
            "plain text",
            " ,",
        ] {
            assert_eq!(restore(&neutralise(s)), s, "{s:?}");
        }
    }
}
