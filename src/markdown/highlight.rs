//! Fenced code highlighted by syntect into CSS classes (no inline styles); the CSS is written once.

use std::sync::LazyLock;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag, TagEnd};
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

use super::{escape, Events};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

/// The stylesheet for the classes `highlight_code` emits.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let theme = &themes.themes["InspiredGitHub"];
    css_for_theme_with_class_style(theme, CLASS_STYLE).unwrap_or_default()
}

/// Replaces each fenced code block with highlighted HTML.
pub fn highlight_code(events: Events<'_>) -> Events<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut code: Option<(String, String, std::ops::Range<usize>)> = None;
    for (event, range) in events {
        match (&event, &mut code) {
            (Event::Start(Tag::CodeBlock(kind)), None) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => {
                        info.split_whitespace().next().unwrap_or("").to_string()
                    }
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new(), range));
            }
            (Event::Text(t), Some((_, buf, _))) => buf.push_str(t),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let (lang, buf, start) = code.take().expect("matched Some");
                out.push((Event::Html(CowStr::from(render_block(&lang, &buf))), start));
            }
            _ => out.push((event, range)),
        }
    }
    out
}

thread_local! {
    /// Each thread highlights with its own copy of the syntaxes (a clone starts with no compiled
    /// regexes): a regex shared by threads hands its match cache to all but the first from a locked
    /// pool, which cost about 3% of a build's CPU on pages with several code blocks.
    static THREAD_SYNTAXES: SyntaxSet = SYNTAXES.clone();
}

pub fn render_block(lang: &str, code: &str) -> String {
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    let body = THREAD_SYNTAXES.with(|syntaxes| {
        let syntax = (!lang.is_empty())
            .then(|| syntaxes.find_syntax_by_token(lang))
            .flatten();
        match syntax {
            Some(syntax) => {
                let mut gen =
                    ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, CLASS_STYLE);
                let ok = LinesWithEndings::from(code)
                    .all(|line| gen.parse_html_for_line_which_includes_newline(line).is_ok());
                if ok {
                    gen.finalize()
                } else {
                    escape(code)
                }
            }
            None => escape(code),
        }
    });
    format!("<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n")
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    #[test]
    fn fenced_code_gets_classes_not_styles() {
        let html = to_html(highlight_code(parse(
            "```rust\nfn main() { let x = \"<hi>\"; }\n```\n",
        )));
        assert!(
            html.contains("<pre class=\"code\" data-lang=\"rust\">"),
            "{html}"
        );
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="), "{html}");
        assert!(html.contains("&lt;hi&gt;"), "{html}");
        assert!(stylesheet().contains(".hl-"));
    }

    #[test]
    fn unknown_language_is_escaped_plain_text() {
        let html = to_html(highlight_code(parse("```nosuchlang\n<b>x</b>\n```\n")));
        assert!(html.contains("&lt;b&gt;x&lt;/b&gt;"), "{html}");
    }
}
