//! The language of a Word copy: `w:lang` in the document defaults of `word/styles.xml`, so Word
//! checks the spelling of, and a screen reader speaks, a Welsh policy as Welsh.

/// `styles.xml` with `<w:lang>` for `lang` in its default run properties (replacing any there).
pub fn with_default_language(styles: &str, lang: &str) -> String {
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if lang.is_empty() {
        return styles.to_string();
    }
    let tag = format!("<w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\" />");
    let Some(start) = styles.find("<w:rPrDefault>") else {
        return styles.to_string();
    };
    let Some(rpr) = styles[start..]
        .find("<w:rPr>")
        .map(|i| start + i + "<w:rPr>".len())
    else {
        return styles.to_string();
    };
    let end = styles[rpr..].find("</w:rPr>").map_or(rpr, |i| rpr + i);
    // Drop a `w:lang` docx-rs may one day write, then put ours last (its place in the schema).
    let inner = &styles[rpr..end];
    let inner = match (inner.find("<w:lang "), inner.find("<w:lang/>")) {
        (Some(i), _) => {
            let close = inner[i..].find("/>").map_or(inner.len(), |j| i + j + 2);
            format!("{}{}", &inner[..i], &inner[close..])
        }
        _ => inner.to_string(),
    };
    format!("{}{inner}{tag}{}", &styles[..rpr], &styles[end..])
}

#[cfg(test)]
mod tests {
    use super::with_default_language;

    #[test]
    fn the_language_goes_into_the_default_run_properties() {
        let xml = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"22\" /></w:rPr></w:rPrDefault></w:docDefaults></w:styles>";
        let out = with_default_language(xml, "cy");
        assert!(
            out.contains("<w:rPr><w:sz w:val=\"22\" /><w:lang w:val=\"cy\" w:eastAsia=\"cy\" w:bidi=\"cy\" /></w:rPr>"),
            "{out}"
        );
        let again = with_default_language(&out, "en-GB");
        assert_eq!(again.matches("<w:lang ").count(), 1, "{again}");
        assert!(again.contains("w:val=\"en-GB\""), "{again}");
        assert_eq!(with_default_language(xml, "\"/>"), xml);
    }
}
