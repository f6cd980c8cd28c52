//! Changes to a page shown as a web officer reads them: paragraph beside paragraph, the words
//! taken out and put in marked, rather than a developer's unified diff. For the governance
//! report (an HTML table) and `safeguide diff` (coloured words in the terminal).

use similar::{capture_diff_slices, Algorithm, ChangeTag, DiffTag, TextDiff};

/// One changed place: the paragraphs before and after (either may be empty).
pub struct Change {
    pub before: String,
    pub after: String,
}

/// The paragraphs of `text` (blank-line separated), each on one line.
fn paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

/// Every place `new` differs from `old`, paragraph by paragraph.
pub fn changes(old: &str, new: &str) -> Vec<Change> {
    let (a, b) = (paragraphs(old), paragraphs(new));
    capture_diff_slices(Algorithm::Myers, &a, &b)
        .into_iter()
        .filter(|op| op.tag() != DiffTag::Equal)
        .map(|op| Change {
            before: a[op.old_range()].join("\n\n"),
            after: b[op.new_range()].join("\n\n"),
        })
        .collect()
}

/// The words of `before` and `after` as (tag, text) runs, same words shared.
fn runs(before: &str, after: &str) -> Vec<(ChangeTag, String)> {
    let diff = TextDiff::from_words(before, after);
    let mut out: Vec<(ChangeTag, String)> = Vec::new();
    for c in diff.iter_all_changes() {
        match out.last_mut() {
            Some((tag, text)) if *tag == c.tag() => text.push_str(c.value()),
            _ => out.push((c.tag(), c.value().to_string())),
        }
    }
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The changes as an HTML table: before on the left with the words taken out in `<del>`, after
/// on the right with the words put in in `<ins>`. Empty when nothing changed.
pub fn html_table(old: &str, new: &str, before_title: &str, after_title: &str) -> String {
    let all = changes(old, new);
    if all.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<table class=\"word-diff\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        escape(before_title),
        escape(after_title)
    );
    for c in all {
        let (mut left, mut right) = (String::new(), String::new());
        for (tag, text) in runs(&c.before, &c.after) {
            let t = escape(&text);
            match tag {
                ChangeTag::Equal => {
                    left.push_str(&t);
                    right.push_str(&t);
                }
                ChangeTag::Delete => left.push_str(&format!("<del>{t}</del>")),
                ChangeTag::Insert => right.push_str(&format!("<ins>{t}</ins>")),
            }
        }
        out.push_str(&format!("<tr><td>{left}</td><td>{right}</td></tr>"));
    }
    out.push_str("</tbody></table>");
    out
}

/// The changes for a terminal: each changed place as "was:" and "now:" lines, the words taken
/// out red and struck through, the words put in green and underlined (plain `[-...-]` and
/// `{+...+}` marks too, so that the change is seen without colour).
pub fn terminal(old: &str, new: &str) -> String {
    use anstyle::{AnsiColor, Effects, Style};
    let gone = Style::new()
        .fg_color(Some(AnsiColor::Red.into()))
        .effects(Effects::STRIKETHROUGH);
    let added = Style::new()
        .fg_color(Some(AnsiColor::Green.into()))
        .effects(Effects::UNDERLINE);
    let mut out = String::new();
    for c in changes(old, new) {
        let (mut was, mut now) = (String::new(), String::new());
        for (tag, text) in runs(&c.before, &c.after) {
            match tag {
                ChangeTag::Equal => {
                    was.push_str(&text);
                    now.push_str(&text);
                }
                ChangeTag::Delete => was.push_str(&format!("{gone}[-{text}-]{gone:#}")),
                ChangeTag::Insert => now.push_str(&format!("{added}{{+{text}+}}{added:#}")),
            }
        }
        if !c.before.is_empty() {
            out.push_str(&format!("  was: {was}\n"));
        }
        if !c.after.is_empty() {
            out.push_str(&format!("  now: {now}\n"));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_words_are_marked_beside_their_paragraph() {
        let old = "First para.\n\nCall the NSPCC on 0808 800 5000 <today>.\n\nLast.";
        let new = "First para.\n\nCall the NSPCC helpline on 0808 800 5000 <today>.\n\nLast.\n\nA new one.";
        let html = html_table(old, new, "Then", "Now");
        let row = html
            .split("<tr><td>Call the NSPCC")
            .nth(1)
            .expect("the changed paragraph");
        assert!(
            row.contains("<ins>helpline") && row.contains("5000 &lt;today&gt;.</td>"),
            "{html}"
        );
        assert!(
            !row.split("</td>").next().unwrap().contains("<ins>"),
            "the left side has no insertions"
        );
        assert!(
            html.contains("<tr><td></td><td><ins>A new one.</ins></td></tr>"),
            "{html}"
        );
        assert!(
            !html.contains("First para."),
            "unchanged paragraphs are left out"
        );
        let t = terminal(old, new);
        assert!(t.contains("{+helpline +}") && t.contains("  now: "), "{t}");
        assert_eq!(html_table(old, old, "a", "b"), "");
    }
}
