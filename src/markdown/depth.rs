//! A bound on how deeply a page's blocks and inline elements nest.
//!
//! Nobody writes guidance nested a hundred levels deep, but a careless paste or a hostile page can
//! hold thousands of `>` or list levels, and the HTML minifier downstream parses recursively: past
//! a few thousand levels it would overflow the stack and abort the whole build. Pages nested deeper
//! than [`MAX_DEPTH`] are reported and rendered empty instead.

use crate::diagnostics::rule;
use pulldown_cmark::Event;

use super::{sanitize, Events, Problem};

/// Deeper than any real page (lists in quotes in tables stay under 20) and far below what the
/// minifier survives on a 2 MiB thread stack.
pub const MAX_DEPTH: usize = 100;

/// Returns the events unchanged, or none and a problem at the first event past the limit.
pub fn bound<'a>(events: Events<'a>, problems: &mut Vec<Problem>) -> Events<'a> {
    let mut depth = 0usize;
    for (event, range) in &events {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let deepest = match event {
            Event::Html(h) | Event::InlineHtml(h) if sanitize::is_author_html(event) => {
                let (after, deepest) = html_depth(h, depth);
                depth = after;
                deepest
            }
            _ => depth,
        };
        if deepest > MAX_DEPTH {
            problems.push(Problem {
                offset: range.start,
                rule: rule::TOO_DEEP,
                message: format!(
                    "the page nests quotes, lists or HTML more than {MAX_DEPTH} levels deep here, so it cannot be shown"
                ),
                help: "remove the extra `>`, list indents or HTML tags; guidance rarely needs more than three levels".into(),
            });
            return Vec::new();
        }
    }
    events
}

/// The nesting depth after a piece of raw HTML and the deepest it reached inside it, counting
/// opening tags up and closing tags down. Void and self-closing tags do not nest. Approximate, but
/// not lower than what a browser builds from it, which is all a bound needs.
fn html_depth(html: &str, mut depth: usize) -> (usize, usize) {
    let mut deepest = depth;
    const VOID: [&str; 14] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    // Elements a browser closes when the next one opens: `<li><li>` never nests, so a table or
    // list written without end tags must not look deep.
    const CLOSED_BY_SIBLING: [&str; 13] = [
        "p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "option", "rt", "rp",
    ];
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if let Some(after) = rest.strip_prefix('/') {
            depth = depth.saturating_sub(1);
            rest = after;
            continue;
        }
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty()
            || VOID.contains(&name.as_str())
            || CLOSED_BY_SIBLING.contains(&name.as_str())
        {
            continue;
        }
        let self_closing = rest.find('>').is_some_and(|end| rest[..end].ends_with('/'));
        if !self_closing {
            depth += 1;
            deepest = deepest.max(depth);
        }
    }
    (depth, deepest)
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    fn check(md: &str) -> (usize, Vec<Problem>) {
        let mut problems = Vec::new();
        let events = bound(sanitize::mark_author_html(parse(md)), &mut problems);
        (events.len(), problems)
    }

    #[test]
    fn ordinary_nesting_passes() {
        let (n, problems) = check("> quote\n> - list\n>   - nested <b>bold</b>\n");
        assert!(n > 0 && problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn thousands_of_quote_or_list_levels_are_refused_at_their_line() {
        let md = format!("Intro\n\n{} deep\n", ">".repeat(5000));
        let (n, problems) = check(&md);
        assert_eq!(n, 0);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].rule, "too-deep");
        assert_eq!(md[..problems[0].offset].lines().count(), 3);

        let list: String = (0..3000)
            .map(|i| format!("{}- x\n", "  ".repeat(i)))
            .collect();
        assert_eq!(check(&list).1.len(), 1);
    }

    #[test]
    fn deep_raw_html_is_refused_but_flat_html_is_not() {
        let deep = "<div>".repeat(500) + "x" + &"</div>".repeat(500);
        assert_eq!(check(&deep).1.len(), 1);
        let flat =
            "<p>a<br>b<img src=x.png/></p>\n".repeat(500) + &"<tr><td>cell<td>cell\n".repeat(500);
        assert!(check(&flat).1.is_empty());
    }
}
