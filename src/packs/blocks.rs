//! The top-level blocks of a module's rendered HTML, for cutting it into slides and text boxes.
//! Tags are read by lol_html's tokenizer (as in [`crate::html`]), so a `>` in an attribute value,
//! a comment or the text of `<script>` or `<textarea>` is never taken for the end of a tag.

use std::cell::RefCell;
use std::rc::Rc;

use lol_html::html_content::{Element, EndTag, TextChunk};
use lol_html::{doc_text, element, RewriteStrSettings};

/// Runs lol_html over `html` with `settings`' handlers, for what they read (the rewritten page is
/// not wanted). Strict mode is off: authors' raw HTML may hold markup (`<select><xmp>`) whose text
/// type the tokenizer cannot know without a tree, and reading on is harmless.
fn read(html: &str, settings: RewriteStrSettings<'_, '_>) {
    let settings = RewriteStrSettings {
        strict: false,
        ..settings
    };
    // Our handlers never fail and memory is unlimited by default: no error can come back, and
    // what the handlers read so far is the answer should one ever do.
    let _ = lol_html::rewrite_str(html, settings);
}

/// The top-level elements of `html` (text between them, such as newlines, is dropped): each from
/// the start of its start tag to the end of its end tag. A void or self-closing element is its
/// start tag; an element whose end tag is missing is left out.
pub fn top_level(html: &str) -> Vec<&str> {
    #[derive(Default)]
    struct State {
        depth: usize,
        start: usize,
        spans: Vec<(usize, usize)>,
    }
    let state = Rc::new(RefCell::new(State::default()));
    let on_element = |el: &mut Element<'_, '_>| {
        let tag = el.source_location().bytes();
        let mut s = state.borrow_mut();
        if s.depth == 0 {
            s.start = tag.start;
        }
        let empty = el_is_empty(el);
        let Some(handlers) = el.end_tag_handlers().filter(|_| !empty) else {
            if s.depth == 0 {
                let start = s.start;
                s.spans.push((start, tag.end));
            }
            return Ok(());
        };
        s.depth += 1;
        let state = Rc::clone(&state);
        handlers.push(Box::new(move |end: &mut EndTag<'_>| {
            let mut s = state.borrow_mut();
            s.depth = s.depth.saturating_sub(1);
            if s.depth == 0 {
                let start = s.start;
                s.spans.push((start, end.source_location().bytes().end));
            }
            Ok(())
        }));
        Ok(())
    };
    read(
        html,
        RewriteStrSettings {
            element_content_handlers: vec![element!("*", on_element)],
            ..RewriteStrSettings::new()
        },
    );
    let spans = std::mem::take(&mut state.borrow_mut().spans);
    spans.into_iter().map(|(a, b)| &html[a..b]).collect()
}

/// Whether an element has no content and no end tag: a void element (`<br>`) or one written
/// self-closing (`<x/>`).
fn el_is_empty(el: &Element<'_, '_>) -> bool {
    !el.can_have_content() || el.is_self_closing()
}

/// Lower-case name of the tag that starts `s` (`<h2 id=x>` -> `h2`).
pub fn tag_name(s: &str) -> String {
    s.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The text of an element, tags and comments removed (entities stay escaped: it is written back
/// as HTML).
pub fn text_of(block: &str) -> String {
    let out = RefCell::new(String::new());
    read(
        block,
        RewriteStrSettings {
            document_content_handlers: vec![doc_text!(|t: &mut TextChunk<'_>| {
                out.borrow_mut().push_str(t.as_str());
                Ok(())
            })],
            ..RewriteStrSettings::new()
        },
    );
    out.into_inner().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_text_follow_the_tokenizer_not_the_first_angle_bracket() {
        let html = "<p><img src=\"a.png\" alt=\"ages 5 > 7\"></p>\n<!-- <div> -->\
                    <h2 title=\"a</h2>b\">Two &amp; three</h2><hr><div/><ul><li>x<br></li></ul>";
        assert_eq!(
            top_level(html),
            [
                "<p><img src=\"a.png\" alt=\"ages 5 > 7\"></p>",
                "<h2 title=\"a</h2>b\">Two &amp; three</h2>",
                "<hr>",
                "<div/>",
                "<ul><li>x<br></li></ul>",
            ]
        );
        assert_eq!(
            text_of("<h2 title=\"x > y\">Two <!-- not --> &amp; three</h2>"),
            "Two  &amp; three"
        );
        // Unclosed and stray tags: what is whole is a block; nothing panics.
        assert_eq!(top_level("</p><p>a</p><h2>open"), ["<p>a</p>"]);
        assert!(top_level("<").is_empty() && text_of("<p").is_empty());
    }
}
