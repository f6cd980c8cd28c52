//! Which language a page's text is in, judged on the text (not the markup): counts of common
//! words found in only one of Welsh and English.

/// Common words found in only one of the two languages.
const WELSH: &[&str] = &[
    "yn", "y", "yr", "mae", "eich", "gyda", "ddim", "neu", "os", "wrth", "hyn", "chi", "ti", "dy",
    "ar", "o", "i'r", "sy'n", "ei", "eu", "nad", "yw", "ac", "am", "bod", "gan", "fel", "beth",
];
const ENGLISH: &[&str] = &[
    "the", "and", "you", "to", "of", "is", "your", "with", "for", "are", "not", "can", "if", "it",
    "what", "this", "or", "be", "they", "that", "from", "when", "about", "who",
];

/// The words of `html`'s text, lower-cased: tags, entities, styles and scripts left out, and any
/// element marked `lang="<skip_lang>"` (a span or paragraph quoting another language).
pub fn words(html: &str, skip_lang: Option<&str>) -> Vec<String> {
    let mut rest = html.to_string();
    for tag in ["style", "script"] {
        rest = cut_elements(&rest, &format!("<{tag}"), &format!("</{tag}>"));
    }
    if let Some(lang) = skip_lang {
        for tag in ["span", "p"] {
            rest = cut_marked(&rest, tag, lang);
        }
    }
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.split(|c: char| !(c.is_alphabetic() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect()
}

/// `html` without each element from `open` to the next `close` (no nesting of the same tag).
fn cut_elements(html: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// `html` without each `<tag ... lang="lang">...</tag>` (no nesting of the same tag).
fn cut_marked(html: &str, tag: &str, lang: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let open = format!("<{tag} ");
    while let Some(i) = rest.find(&open) {
        let end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        if rest[i..end].contains(&format!("lang=\"{lang}\"")) {
            out.push_str(&rest[..i]);
            let close = format!("</{tag}>");
            match rest[end..].find(&close) {
                Some(j) => rest = &rest[end + j + close.len()..],
                None => return out,
            }
        } else {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// (Welsh, English) counts of the common words.
pub fn counts(words: &[String]) -> (usize, usize) {
    let cy = words.iter().filter(|w| WELSH.contains(&w.as_str())).count();
    let en = words
        .iter()
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .count();
    (cy, en)
}

/// The language the words are in; None when there are too few common words to tell.
pub fn language(words: &[String]) -> Option<&'static str> {
    let (cy, en) = counts(words);
    if cy + en < 15 {
        return None;
    }
    Some(if cy > en * 2 {
        "cy"
    } else if en > cy * 2 {
        "en-GB"
    } else {
        "mixed"
    })
}
