//! word/styles.xml, written here rather than by docx-rs: Word's built-in style names, spacing and
//! line height as Word users expect them, headings kept with what follows, the document's language,
//! and every element in the order the ECMA-376 schema gives (docx-rs writes some out of order,
//! which LibreOffice forgives and Word may not).
//!
//! Sizes are in half-points and spacing in twentieths of a point, as WordprocessingML counts them.

/// Style ids the body refers to (`w:pStyle`, `w:rStyle`, `w:tblStyle`).
pub const NORMAL: &str = "Normal";
pub const TITLE: &str = "Title";
pub const SUBTITLE: &str = "Subtitle";
pub const LIST_PARAGRAPH: &str = "ListParagraph";
pub const TABLE_TEXT: &str = "TableText";
pub const TABLE_GRID: &str = "TableGrid";
pub const SIGNATURE_LABEL: &str = "LineLabel";
pub const HEADER: &str = "Header";
pub const FOOTER: &str = "Footer";
pub const CLOSING: &str = "Closing";
pub const HYPERLINK: &str = "Hyperlink";

/// Body text size: 11 pt, or 14 pt in large print.
const BODY_SIZE: u32 = 22;
const LARGE_BODY_SIZE: u32 = 28;
/// Line height: 1.15 lines (240ths of a line), Word's own default.
const LINE: u32 = 276;

/// One paragraph style: id, Word's name, what it is based on, paragraph and run properties (each
/// already in schema order).
struct ParagraphStyle {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    ppr: String,
    rpr: String,
}

impl ParagraphStyle {
    fn xml(&self, default: bool) -> String {
        let mut s = format!(
            "<w:style w:type=\"paragraph\"{} w:styleId=\"{}\"><w:name w:val=\"{}\"/>",
            if default { " w:default=\"1\"" } else { "" },
            self.id,
            self.name
        );
        if let Some(b) = self.based_on {
            s.push_str(&format!("<w:basedOn w:val=\"{b}\"/>"));
        }
        if let Some(n) = self.next {
            s.push_str(&format!("<w:next w:val=\"{n}\"/>"));
        }
        s.push_str("<w:qFormat/>");
        if !self.ppr.is_empty() {
            s.push_str(&format!("<w:pPr>{}</w:pPr>", self.ppr));
        }
        if !self.rpr.is_empty() {
            s.push_str(&format!("<w:rPr>{}</w:rPr>", self.rpr));
        }
        s.push_str("</w:style>");
        s
    }
}

fn spacing(before: u32, after: u32) -> String {
    format!("<w:spacing w:before=\"{before}\" w:after=\"{after}\" w:line=\"{LINE}\" w:lineRule=\"auto\"/>")
}

fn size(half_points: u32) -> String {
    format!("<w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/>")
}

/// The paragraph styles, Normal first; headings `bump` half-points larger (for large print).
fn paragraph_styles(bump: u32) -> Vec<ParagraphStyle> {
    let mut styles = vec![ParagraphStyle {
        id: NORMAL,
        name: "Normal",
        based_on: None,
        next: None,
        // Space after each paragraph and no line left alone at a page edge.
        ppr: format!("<w:widowControl/>{}", spacing(0, 160)),
        rpr: String::new(),
    }];
    // Level, name, space before, after, size: each heading well apart from the text above it
    // and close to the text it introduces, which it is kept on the same page with.
    let headings: [(&str, &str, u32, u32, u32); 6] = [
        ("Heading1", "heading 1", 360, 120, 32),
        ("Heading2", "heading 2", 300, 100, 28),
        ("Heading3", "heading 3", 240, 80, 24),
        ("Heading4", "heading 4", 200, 60, 22),
        ("Heading5", "heading 5", 200, 60, 22),
        ("Heading6", "heading 6", 200, 60, 22),
    ];
    for (level, (id, name, before, after, sz)) in headings.into_iter().enumerate() {
        styles.push(ParagraphStyle {
            id,
            name,
            based_on: Some(NORMAL),
            next: Some(NORMAL),
            ppr: format!(
                "<w:keepNext/><w:keepLines/>{}<w:outlineLvl w:val=\"{level}\"/>",
                spacing(before, after)
            ),
            rpr: format!(
                "<w:b/><w:bCs/><w:color w:val=\"1F3864\"/>{}",
                size(sz + bump)
            ),
        });
    }
    styles.extend([
        ParagraphStyle {
            id: TITLE,
            name: "Title",
            based_on: Some(NORMAL),
            next: Some(NORMAL),
            ppr: format!("<w:keepNext/><w:keepLines/>{}", spacing(0, 120)),
            rpr: format!("<w:b/><w:bCs/><w:color w:val=\"1F3864\"/>{}", size(40)),
        },
        ParagraphStyle {
            id: SUBTITLE,
            name: "Subtitle",
            based_on: Some(NORMAL),
            next: Some(NORMAL),
            ppr: spacing(0, 240),
            rpr: "<w:i/><w:iCs/><w:color w:val=\"404040\"/>".to_string(),
        },
        ParagraphStyle {
            id: LIST_PARAGRAPH,
            name: "List Paragraph",
            based_on: Some(NORMAL),
            next: None,
            // Items of one list close together, the list spaced from what follows.
            ppr: format!(
                "{}<w:ind w:left=\"720\"/><w:contextualSpacing/>",
                spacing(0, 80)
            ),
            rpr: String::new(),
        },
        ParagraphStyle {
            id: TABLE_TEXT,
            name: "Table Text",
            based_on: Some(NORMAL),
            next: None,
            ppr: spacing(40, 40),
            rpr: String::new(),
        },
        ParagraphStyle {
            id: SIGNATURE_LABEL,
            name: "Line Label",
            based_on: Some(TABLE_TEXT),
            next: None,
            ppr: "<w:keepNext/><w:keepLines/>".to_string(),
            rpr: "<w:b/><w:bCs/>".to_string(),
        },
        ParagraphStyle {
            id: HEADER,
            name: "header",
            based_on: Some(NORMAL),
            next: None,
            ppr: format!("{}<w:jc w:val=\"right\"/>", spacing(0, 0)),
            rpr: size(18),
        },
        ParagraphStyle {
            id: FOOTER,
            name: "footer",
            based_on: Some(NORMAL),
            next: None,
            ppr: spacing(0, 0),
            rpr: format!("<w:color w:val=\"404040\"/>{}", size(16)),
        },
        ParagraphStyle {
            id: CLOSING,
            name: "Closing",
            based_on: Some(NORMAL),
            next: None,
            ppr: spacing(480, 0),
            rpr: format!("<w:i/><w:iCs/><w:color w:val=\"404040\"/>{}", size(18)),
        },
    ]);
    styles
}

/// The whole styles part. `lang` is the document's language tag (`en-GB`, `cy`), so that Word
/// checks spelling in the right language and screen readers speak it right; `large` sets body
/// text in 14 pt.
pub fn styles_xml(lang: &str, large: bool) -> String {
    let body = if large { LARGE_BODY_SIZE } else { BODY_SIZE };
    // A language tag is letters, digits and hyphens; anything else could not be one.
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">",
    );
    s.push_str(&format!(
        "<w:docDefaults><w:rPrDefault><w:rPr>\
         <w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/>{}\
         <w:lang w:val=\"{lang}\" w:eastAsia=\"{lang}\" w:bidi=\"{lang}\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{}</w:pPr></w:pPrDefault></w:docDefaults>",
        size(body),
        spacing(0, 160)
    ));
    let bump = if large { 6 } else { 0 };
    for (i, style) in paragraph_styles(bump).iter().enumerate() {
        s.push_str(&style.xml(i == 0));
    }
    s.push_str(
        "<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\">\
         <w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/>\
         <w:unhideWhenUsed/></w:style>",
    );
    s.push_str(&format!(
        "<w:style w:type=\"character\" w:styleId=\"{HYPERLINK}\"><w:name w:val=\"Hyperlink\"/>\
         <w:basedOn w:val=\"DefaultParagraphFont\"/><w:unhideWhenUsed/>\
         <w:rPr><w:color w:val=\"0563C1\"/><w:u w:val=\"single\"/></w:rPr></w:style>"
    ));
    s.push_str(
        "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">\
         <w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>\
         <w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
         <w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr></w:style>",
    );
    let border = |side: &str| {
        format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"808080\"/>")
    };
    s.push_str(&format!(
        "<w:style w:type=\"table\" w:styleId=\"{TABLE_GRID}\"><w:name w:val=\"Table Grid\"/>\
         <w:basedOn w:val=\"TableNormal\"/><w:uiPriority w:val=\"39\"/>\
         <w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         <w:tblPr><w:tblBorders>{}{}{}{}{}{}</w:tblBorders>\
         <w:tblCellMar><w:top w:w=\"57\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr></w:style>",
        border("top"),
        border("left"),
        border("bottom"),
        border("right"),
        border("insideH"),
        border("insideV"),
    ));
    s.push_str("</w:styles>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The position of each child element name of `parent`'s first occurrence, in order.
    fn children_in_order(xml: &str, order: &[&str]) -> bool {
        let found: Vec<usize> = order
            .iter()
            .filter_map(|name| xml.find(&format!("<w:{name}")))
            .collect();
        found.windows(2).all(|w| w[0] < w[1])
    }

    #[test]
    fn styles_follow_the_schema_order_and_carry_the_language() {
        let xml = styles_xml("cy", false);
        assert!(xml.contains("<w:lang w:val=\"cy\""), "{xml}");
        let defaults = xml.find("<w:docDefaults>").expect("defaults");
        let first_style = xml.find("<w:style ").expect("a style");
        assert!(defaults < first_style);
        // CT_Style: name, basedOn, next, uiPriority, semiHidden, unhideWhenUsed, qFormat, pPr, rPr, tblPr.
        let order = [
            "name",
            "basedOn",
            "next",
            "uiPriority",
            "semiHidden",
            "unhideWhenUsed",
            "qFormat",
            "pPr",
            "rPr",
            "tblPr",
        ];
        // CT_PPr: keepNext, keepLines, widowControl, spacing, ind, contextualSpacing, jc, outlineLvl.
        let ppr = [
            "keepNext",
            "keepLines",
            "widowControl",
            "spacing",
            "ind",
            "contextualSpacing",
            "jc",
            "outlineLvl",
        ];
        // CT_RPr: rFonts, b, bCs, i, iCs, color, sz, szCs, u, lang.
        let rpr = [
            "rFonts", "b ", "b/", "bCs", "i/", "iCs", "color", "sz ", "szCs", "u ", "lang",
        ];
        for style in xml.split("<w:style ").skip(1) {
            assert!(children_in_order(style, &order), "{style}");
            if let Some(p) = style.split("<w:pPr>").nth(1) {
                assert!(
                    children_in_order(p.split("</w:pPr>").next().unwrap_or(""), &ppr),
                    "{style}"
                );
            }
            if let Some(r) = style.split("<w:rPr>").nth(1) {
                assert!(
                    children_in_order(r.split("</w:rPr>").next().unwrap_or(""), &rpr),
                    "{style}"
                );
            }
        }
        // Body text is spaced and headings keep with what follows.
        assert!(xml.contains("w:after=\"160\" w:line=\"276\""));
        let h2 = xml
            .split("w:styleId=\"Heading2\"")
            .nth(1)
            .expect("Heading2");
        assert!(h2
            .split("</w:style>")
            .next()
            .expect("style")
            .contains("<w:keepNext/>"));
    }

    #[test]
    fn a_language_tag_cannot_break_the_xml() {
        let xml = styles_xml("en\"/><w:x a=\"", true);
        assert!(!xml.contains("<w:x"), "{xml}");
    }
}
