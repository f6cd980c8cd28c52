//! The top-level blocks of a module's rendered HTML, for cutting it into slides and text boxes.
//! The HTML is our own Markdown's (cleaned by ammonia), so a small scanner that counts open and
//! close tags is enough.

/// Elements that never have a closing tag.
const VOID: [&str; 8] = ["img", "br", "hr", "input", "col", "wbr", "source", "meta"];

/// The top-level elements of `html` (text between them, such as newlines, is dropped).
pub fn top_level(html: &str) -> Vec<&str> {
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut start = None;
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        let at = i + lt;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = at + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        let end = at + rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &html[at..end];
        let name = tag_name(tag);
        if depth == 0 && !tag.starts_with("</") {
            start = Some(at);
        }
        if tag.starts_with("</") {
            depth = depth.saturating_sub(1);
        } else if !(VOID.contains(&name.as_str()) || tag.ends_with("/>")) {
            depth += 1;
        }
        if depth == 0 {
            if let Some(s) = start.take() {
                blocks.push(&html[s..end]);
            }
        }
        i = end;
    }
    blocks
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

/// The text of an element, tags removed (entities stay escaped: it is written back as HTML).
pub fn text_of(block: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in block.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}
