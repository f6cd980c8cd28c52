//! A slide's HTML (our own Markdown's, as the deck shows it) as the paragraphs of a PowerPoint
//! text box: headings, paragraphs, list items with their bullet or number, tables a row to a
//! paragraph; bold kept, images and styling dropped. Text is decoded from HTML and escaped again
//! for XML when written.

use crate::packs::blocks::{tag_name, top_level};

/// One paragraph of a text box.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Para {
    pub runs: Vec<Run>,
    pub kind: ParaKind,
    /// List nesting, 0 for the outermost.
    pub level: u8,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub enum ParaKind {
    #[default]
    Plain,
    Heading,
    /// A box's small label ("Handout").
    Label,
    Bullet,
    /// A numbered item, with its number.
    Numbered(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub bold: bool,
}

impl Para {
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
}

/// The paragraphs of `html`, a sequence of block elements.
pub fn paragraphs(html: &str) -> Vec<Para> {
    let mut out = Vec::new();
    blocks(html, 0, &mut out);
    out.retain(|p| !p.text().trim().is_empty());
    out
}

fn inner(block: &str) -> &str {
    let open = block.find('>').map_or(block.len(), |e| e + 1);
    let close = block
        .rfind("</")
        .filter(|&c| c >= open)
        .unwrap_or(block.len());
    &block[open..close]
}

fn blocks(html: &str, level: u8, out: &mut Vec<Para>) {
    for block in top_level(html) {
        let name = tag_name(block);
        let open = &block[..block.find('>').unwrap_or(block.len())];
        match name.as_str() {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                out.push(para(inner(block), ParaKind::Heading, 0))
            }
            "p" if open.contains("callout-title") => {
                out.push(para(inner(block), ParaKind::Label, 0))
            }
            "ul" | "ol" => list(block, &name, level, out),
            "table" => {
                for row in rows(block) {
                    out.push(para(&row, ParaKind::Plain, 0));
                }
            }
            "div" | "blockquote" | "section" | "aside" | "figure" => {
                blocks(inner(block), level, out)
            }
            "img" | "hr" => {}
            _ => out.push(para(inner(block), ParaKind::Plain, 0)),
        }
    }
}

fn list(block: &str, name: &str, level: u8, out: &mut Vec<Para>) {
    let open = &block[..block.find('>').unwrap_or(block.len())];
    let mut n: usize = attr(open, "start")
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    for item in top_level(inner(block)) {
        if tag_name(item) != "li" {
            continue;
        }
        // The item's own text, then its nested lists a level in.
        let body = inner(item);
        let parts = top_level(body);
        let nested: Vec<&str> = parts
            .iter()
            .copied()
            .filter(|b| matches!(tag_name(b).as_str(), "ul" | "ol"))
            .collect();
        let mut own = body.to_string();
        for b in &nested {
            own = own.replacen(b, "", 1);
        }
        let kind = if name == "ol" {
            ParaKind::Numbered(n)
        } else {
            ParaKind::Bullet
        };
        out.push(para(&own, kind, level));
        n += 1;
        for b in nested {
            list(b, &tag_name(b), level.saturating_add(1), out);
        }
    }
}

fn attr<'a>(open: &'a str, name: &str) -> Option<&'a str> {
    let at = open.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &open[at..];
    Some(&rest[..rest.find('"')?])
}

/// A table's rows, each as its cells' HTML joined by " | ".
fn rows(table: &str) -> Vec<String> {
    let mut rows = Vec::new();
    let mut rest = table;
    while let Some(start) = rest.find("<tr") {
        let end = rest[start..]
            .find("</tr>")
            .map_or(rest.len(), |e| start + e + 5);
        let row = &rest[start..end];
        let cells: Vec<&str> = top_level(inner(row)).into_iter().map(inner).collect();
        rows.push(cells.join(" | "));
        rest = &rest[end..];
    }
    rows
}

/// A paragraph of inline HTML: bold where `<strong>`/`<b>`, a line to write on as a rule.
fn para(html: &str, kind: ParaKind, level: u8) -> Para {
    let mut runs: Vec<Run> = Vec::new();
    let mut bold = 0usize;
    let mut i = 0;
    let push = |runs: &mut Vec<Run>, text: &str, bold: bool| {
        if text.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some(r) if r.bold == bold => r.text.push_str(text),
            _ => runs.push(Run {
                text: text.to_string(),
                bold,
            }),
        }
    };
    while i < html.len() {
        let Some(lt) = html[i..].find('<') else {
            push(&mut runs, &decode(&html[i..]), bold > 0);
            break;
        };
        push(&mut runs, &decode(&html[i..i + lt]), bold > 0);
        let at = i + lt;
        let end = html[at..].find('>').map_or(html.len(), |e| at + e + 1);
        let tag = &html[at..end];
        let name = tag_name(tag);
        let closing = tag.starts_with("</");
        match name.as_str() {
            "strong" | "b" => {
                bold = if closing {
                    bold.saturating_sub(1)
                } else {
                    bold + 1
                }
            }
            "br" => push(&mut runs, " ", bold > 0),
            "span" if !closing && tag.contains("class=\"write-on\"") => {
                push(&mut runs, " ____________", false)
            }
            _ => {}
        }
        i = end;
    }
    // Whitespace as the browser shows it: runs of it are one space.
    let mut out = Vec::new();
    let mut last_space = true;
    for r in runs {
        let mut text = String::new();
        for c in r.text.chars() {
            if c.is_whitespace() {
                if !last_space {
                    text.push(' ');
                }
                last_space = true;
            } else {
                text.push(c);
                last_space = false;
            }
        }
        out.push(Run { text, bold: r.bold });
    }
    if let Some(r) = out.last_mut() {
        let t = r.text.trim_end().to_string();
        r.text = t;
    }
    Para {
        runs: out,
        kind,
        level,
    }
}

/// Decodes the character references our HTML holds: the escapes of `&<>"'`, numeric ones and
/// a few named ones; any other `&` is kept as it is.
pub fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').filter(|&e| e <= 10);
        let decoded = semi.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_paragraphs_with_bullets_numbers_and_bold() {
        let html = "<h2 id=\"x\">Title</h2><p>Say <strong>this</strong> &amp; that&#39;s it.</p><ol start=\"3\"><li>Three<ul><li>Inner</li></ul></li><li>Four</li></ol><div class=\"callout callout-handout\" role=\"note\"><p class=\"callout-title\">Handout</p><ul><li><span class=\"write-on-label\">Our DSL:</span><span class=\"write-on\"></span></li></ul></div><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table><p><img src=\"a.png\" alt=\"\"></p>";
        let ps = paragraphs(html);
        let texts: Vec<String> = ps.iter().map(Para::text).collect();
        assert_eq!(
            texts,
            [
                "Title",
                "Say this & that's it.",
                "Three",
                "Inner",
                "Four",
                "Handout",
                "Our DSL: ____________",
                "A | B",
                "1 | 2"
            ]
        );
        assert_eq!(ps[0].kind, ParaKind::Heading);
        assert_eq!(
            ps[1].runs[1],
            Run {
                text: "this".into(),
                bold: true
            }
        );
        assert_eq!(
            (ps[2].kind, ps[3].kind, ps[3].level),
            (ParaKind::Numbered(3), ParaKind::Bullet, 1)
        );
        assert_eq!(ps[4].kind, ParaKind::Numbered(4));
        assert_eq!(ps[5].kind, ParaKind::Label);
    }

    #[test]
    fn odd_input_never_panics() {
        for html in [
            "<",
            "<p",
            "&",
            "&#xZZ;",
            "&#99999999;",
            "<ol start=\"x\"><li>a",
            "</li></ol>",
        ] {
            let _ = paragraphs(html);
        }
        assert_eq!(decode("a &unknown; b &#x41;&#66;"), "a &unknown; b AB");
    }
}
