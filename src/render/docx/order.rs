//! The elements docx-rs writes out of the ECMA-376 schema's order, put in order: Word is stricter
//! than LibreOffice, and a schema validator (tests/word_copies.rs) reports each one.
//!
//! docx-rs writes a paragraph's run properties first in its `w:pPr` (the schema puts them last),
//! `w:numId` before `w:ilvl`, a table's style after its other properties, the section's header and
//! footer references after its page settings, and `w:zoom` after `w:defaultTabStop`. Each fix
//! moves whole elements docx-rs wrote itself; the text is never touched.

/// A part of the package (`word/document.xml`, a header, footer or settings) in schema order.
pub fn in_schema_order(name: &str, xml: &str) -> String {
    if name == "word/settings.xml" {
        return moved_first(xml, "<w:settings ", "<w:zoom ");
    }
    if name == "word/numbering.xml" {
        // A list level's paragraph properties have no run properties in the schema.
        return xml.replace("<w:pPr><w:rPr />", "<w:pPr>");
    }
    let xml = run_properties_last(xml);
    let xml = swapped_neighbours(&xml, "<w:ind ", "<w:shd ");
    let xml = level_before_number(&xml);
    let xml = moved_first(&xml, "<w:tblPr>", "<w:tblStyle ");
    let xml = moved_first(&xml, "<w:sectPr>", "<w:footerReference ");
    moved_first(&xml, "<w:sectPr>", "<w:headerReference ")
}

/// The end of the element starting at `at` (`<w:x ... />` or `<w:x>...</w:x>`, not nested).
fn element_end(xml: &str, at: usize, tag: &str) -> Option<usize> {
    let open_end = at + xml[at..].find('>')? + 1;
    if xml[..open_end].ends_with("/>") {
        return Some(open_end);
    }
    let close = format!("</{tag}>");
    Some(open_end + xml[open_end..].find(&close)? + close.len())
}

/// Every `<w:rPr>` that opens a `<w:pPr>` moved to the end of that `<w:pPr>`.
fn run_properties_last(xml: &str) -> String {
    const OPEN: &str = "<w:pPr><w:rPr";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(OPEN) {
        let rpr_at = at + "<w:pPr>".len();
        let (Some(rpr_end), Some(close)) = (
            element_end(rest, rpr_at, "w:rPr"),
            rest[rpr_at..].find("</w:pPr>").map(|c| c + rpr_at),
        ) else {
            break;
        };
        if close < rpr_end {
            break;
        }
        out.push_str(&rest[..rpr_at]);
        out.push_str(&rest[rpr_end..close]);
        out.push_str(&rest[rpr_at..rpr_end]);
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// `<w:numPr><w:numId/><w:ilvl/></w:numPr>` as `<w:numPr><w:ilvl/><w:numId/></w:numPr>`.
fn level_before_number(xml: &str) -> String {
    const OPEN: &str = "<w:numPr><w:numId ";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(OPEN) {
        let num_at = at + "<w:numPr>".len();
        let Some(num_end) = element_end(rest, num_at, "w:numId") else {
            break;
        };
        if !rest[num_end..].starts_with("<w:ilvl ") {
            out.push_str(&rest[..num_end]);
            rest = &rest[num_end..];
            continue;
        }
        let Some(lvl_end) = element_end(rest, num_end, "w:ilvl") else {
            break;
        };
        out.push_str(&rest[..num_at]);
        out.push_str(&rest[num_end..lvl_end]);
        out.push_str(&rest[num_at..num_end]);
        rest = &rest[lvl_end..];
    }
    out.push_str(rest);
    out
}

/// Every self-closing element starting `first` directly followed by one starting `second`, in
/// the other order (`<w:shd/>` comes before `<w:ind/>` in paragraph properties).
fn swapped_neighbours(xml: &str, first: &str, second: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(first) {
        let Some(first_end) = rest[at..].find("/>").map(|e| at + e + 2) else {
            break;
        };
        let second_end = rest[first_end..]
            .starts_with(second)
            .then(|| rest[first_end..].find("/>").map(|e| first_end + e + 2))
            .flatten();
        out.push_str(&rest[..at]);
        match second_end {
            Some(end) => {
                out.push_str(&rest[first_end..end]);
                out.push_str(&rest[at..first_end]);
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[at..first_end]);
                rest = &rest[first_end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// In each `parent` element (`<w:tblPr>`), the child starting `child` (`<w:tblStyle `) moved to
/// be its first child.
fn moved_first(xml: &str, parent: &str, child: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(parent) {
        let Some(open_end) = rest[at..].find('>').map(|e| at + e + 1) else {
            break;
        };
        let tag = parent.trim_start_matches('<').trim_end_matches(['>', ' ']);
        let close = rest[open_end..]
            .find(&format!("</{tag}>"))
            .map_or(rest.len(), |c| open_end + c);
        let found = rest[open_end..close].find(child).map(|c| open_end + c);
        let end = found.and_then(|c| {
            let name = child.trim_start_matches('<').trim_end();
            element_end(rest, c, name)
        });
        match (found, end) {
            (Some(c), Some(e)) if c > open_end => {
                out.push_str(&rest[..open_end]);
                out.push_str(&rest[c..e]);
                out.push_str(&rest[open_end..c]);
                rest = &rest[e..];
            }
            _ => {
                out.push_str(&rest[..open_end]);
                rest = &rest[open_end..];
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
    fn paragraph_properties_end_with_their_run_properties() {
        assert_eq!(
            run_properties_last(
                r#"<w:p><w:pPr><w:rPr /><w:pStyle w:val="A" /></w:pPr><w:r><w:rPr><w:b /></w:rPr></w:r></w:p>"#
            ),
            r#"<w:p><w:pPr><w:pStyle w:val="A" /><w:rPr /></w:pPr><w:r><w:rPr><w:b /></w:rPr></w:r></w:p>"#
        );
        assert_eq!(
            run_properties_last(r#"<w:pPr><w:rPr><w:i /></w:rPr><w:jc w:val="right" /></w:pPr>"#),
            r#"<w:pPr><w:jc w:val="right" /><w:rPr><w:i /></w:rPr></w:pPr>"#
        );
    }

    #[test]
    fn shading_comes_before_indentation() {
        assert_eq!(
            swapped_neighbours(
                r#"<w:pPr><w:ind w:left="1" /><w:shd w:fill="E" /></w:pPr><w:ind w:left="2" />"#,
                "<w:ind ",
                "<w:shd "
            ),
            r#"<w:pPr><w:shd w:fill="E" /><w:ind w:left="1" /></w:pPr><w:ind w:left="2" />"#
        );
    }

    #[test]
    fn levels_come_before_numbers_and_children_move_first() {
        assert_eq!(
            level_before_number(r#"<w:numPr><w:numId w:val="9" /><w:ilvl w:val="0" /></w:numPr>"#),
            r#"<w:numPr><w:ilvl w:val="0" /><w:numId w:val="9" /></w:numPr>"#
        );
        assert_eq!(
            moved_first(
                r#"<w:sectPr><w:pgSz /><w:headerReference r:id="h" /></w:sectPr>"#,
                "<w:sectPr>",
                "<w:headerReference "
            ),
            r#"<w:sectPr><w:headerReference r:id="h" /><w:pgSz /></w:sectPr>"#
        );
        assert_eq!(
            in_schema_order(
                "word/settings.xml",
                r#"<w:settings x="1"><w:defaultTabStop /><w:zoom w:percent="100" /></w:settings>"#
            ),
            r#"<w:settings x="1"><w:zoom w:percent="100" /><w:defaultTabStop /></w:settings>"#
        );
    }
}
