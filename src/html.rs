//! The one way this program rewrites or reads HTML tags: lol_html's streaming rewriter. It follows
//! the HTML tokenizer's rules (quotes, comments, `<script>` and `<pre>` text, uppercase names), so
//! an attribute value or text that looks like a tag cannot fool it, and it copies every tag it is
//! not asked to change byte for byte.

use lol_html::html_content::{ContentType, Element, TextChunk};
use lol_html::{ElementContentHandlers, HandlerResult, RewriteStrSettings, Selector};
use std::borrow::Cow;
use std::cell::RefCell;

/// Runs `handler` on every element matching `selector` (a CSS selector written in this program),
/// with the byte offset in `html` where the element's tag starts, and returns the page with the
/// handler's changes.
pub fn rewrite_elements<H>(html: &str, selector: &str, handler: H) -> String
where
    H: FnMut(&mut Element<'_, '_>, usize) -> HandlerResult,
{
    let selector: Selector = selector.parse().expect("the program's own selectors parse");
    run(html, 0, &selector, &RefCell::new(handler))
}

fn run<H>(html: &str, base: usize, selector: &Selector, handler: &RefCell<H>) -> String
where
    H: FnMut(&mut Element<'_, '_>, usize) -> HandlerResult,
{
    let noscript: Selector = "noscript".parse().expect("a valid selector");
    let mut inner = String::new();
    let mut inner_start = None;
    let settings = RewriteStrSettings {
        element_content_handlers: vec![
            (
                Cow::Borrowed(selector),
                ElementContentHandlers::default().element(|el: &mut Element<'_, '_>| {
                    let at = base + el.source_location().bytes().start;
                    (handler.borrow_mut())(el, at)
                }),
            ),
            // The tokenizer reads <noscript> as text (a browser with scripting does too), but a
            // browser without scripting shows its tags: they are read as HTML of their own.
            (
                Cow::Owned(noscript),
                ElementContentHandlers::default().text(|t: &mut TextChunk<'_>| {
                    let start = *inner_start.get_or_insert(t.source_location().bytes().start);
                    inner.push_str(t.as_str());
                    if t.last_in_text_node() {
                        let done = run(&inner, base + start, selector, handler);
                        t.replace(&done, ContentType::Html);
                        inner.clear();
                        inner_start = None;
                    } else {
                        t.remove();
                    }
                    Ok(())
                }),
            ),
        ],
        // Strict mode refuses the rare markup (`<select><xmp>`) whose text type the tokenizer
        // cannot know without a tree; authors' raw HTML may hold it, and reading on is harmless.
        strict: false,
        ..RewriteStrSettings::new()
    };
    // Memory is unlimited by default, strict mode is off and our handlers do not fail, so no
    // error can come back; keeping the input is the safe answer should one ever do.
    lol_html::rewrite_str(html, settings).unwrap_or_else(|_| html.to_string())
}
