//! The Word package as written: reproducible bytes, the document's own properties and styles.

use std::io::Cursor;

use super::{xml_safe, DocxInput, ORGANISATION_KEY, TEMPLATE_CLOSE, TEMPLATE_OPEN};
use crate::markdown::placeholders::value_of;

/// docProps/core.xml: title, author (the organisation, else the site), created and modified on
/// the document's own date. docx-rs would write "unknown" and 1970 and cannot set the title.
pub(super) fn core_properties(input: &DocxInput<'_>, title: &str) -> String {
    let esc = |s: &str| {
        xml_safe(s)
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    // The marker is put in after escaping: escaping takes markers out of text.
    let author = if input.template && input.placeholders.decl(ORGANISATION_KEY).is_some() {
        format!("{TEMPLATE_OPEN}{ORGANISATION_KEY}{TEMPLATE_CLOSE}")
    } else {
        esc(&input
            .placeholders
            .decl(ORGANISATION_KEY)
            .and_then(|d| value_of(&input.placeholders, ORGANISATION_KEY, d))
            .unwrap_or_else(|| input.fallback_author.to_string()))
    };
    let dates = input
        .created
        .map(|d| {
            format!(
                "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:created>\
                 <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{d}T00:00:00Z</dcterms:modified>"
            )
        })
        .unwrap_or_default();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:creator>{}</dc:creator><cp:lastModifiedBy>{}</cp:lastModifiedBy>{dates}\
         </cp:coreProperties>",
        esc(title),
        author,
        author,
    )
}

/// The zip made reproducible: every entry dated 1980-01-01 (zip's earliest date; docx-rs stamps
/// the time of writing), the document's relationships in a fixed order (docx-rs keeps
/// hyperlinks in a hash set) and paragraph ids numbered per document. The same policy then gives
/// the same bytes on every build, so a rebuild can tell that nothing changed.
/// docProps/core.xml is replaced by `core` and word/styles.xml by `styles` (docx-rs writes
/// neither as a Word document needs).
pub(super) fn reproducible(bytes: Vec<u8>, core: &str, styles: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let copy = || -> zip::result::ZipResult<Vec<u8>> {
        let mut src = zip::ZipArchive::new(Cursor::new(&bytes))?;
        let mut dst = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let mut para_ids = 0u32;
        for i in 0..src.len() {
            let name = src.by_index_raw(i)?.name().to_string();
            // A folder entry (`word/media/` with a picture) is no part of the package.
            if name.ends_with('/') {
                continue;
            }
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .last_modified_time(zip::DateTime::default());
            if name == "docProps/core.xml" || name == "word/styles.xml" {
                dst.start_file(name.as_str(), options)?;
                let own = if name == "word/styles.xml" {
                    styles
                } else {
                    core
                };
                dst.write_all(own.as_bytes())?;
            } else if name.starts_with("word/") && name.ends_with(".xml") {
                let mut xml = String::new();
                src.by_index(i)?.read_to_string(&mut xml)?;
                dst.start_file(name.as_str(), options)?;
                let xml = numbered_para_ids(&xml, &mut para_ids);
                dst.write_all(super::order::in_schema_order(&name, &xml).as_bytes())?;
            } else if name.ends_with(".rels") {
                let mut xml = String::new();
                src.by_index(i)?.read_to_string(&mut xml)?;
                dst.start_file(name, options)?;
                dst.write_all(sorted_relationships(&xml).as_bytes())?;
            } else {
                dst.raw_copy_file_touch(src.by_index_raw(i)?, zip::DateTime::default(), None)?;
            }
        }
        Ok(dst.finish()?.into_inner())
    };
    // Rewriting a zip just written in memory does not fail; if it ever did, keep the original.
    copy().unwrap_or(bytes)
}

/// `xml` with its paragraph ids (`w14:paraId`) numbered from `next` on, in the order they come.
/// docx-rs takes them from a per-thread counter, which only starts again when a document is
/// written, so they would depend on what else the thread had made.
fn numbered_para_ids(xml: &str, next: &mut u32) -> String {
    const ATTR: &str = "w14:paraId=\"";
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find(ATTR) {
        let value_start = at + ATTR.len();
        let Some(len) = rest[value_start..].find('"') else {
            break;
        };
        *next += 1;
        out.push_str(&rest[..value_start]);
        // Word wants ids below 0x80000000, written as eight hex digits.
        out.push_str(&format!("{:08X}", *next));
        rest = &rest[value_start + len..];
    }
    out.push_str(rest);
    out
}

/// A relationships part with its `<Relationship .../>` elements sorted (their order means nothing).
fn sorted_relationships(xml: &str) -> String {
    let (Some(start), Some(end)) = (xml.find("<Relationship "), xml.rfind("</Relationships>"))
    else {
        return xml.to_string();
    };
    let mut items: Vec<&str> = xml[start..end]
        .split_inclusive("/>")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if !items.iter().all(|s| s.starts_with("<Relationship ")) {
        return xml.to_string();
    }
    items.sort_unstable();
    format!("{}{}{}", &xml[..start], items.concat(), &xml[end..])
}

#[cfg(test)]
mod tests {
    #[test]
    fn relationships_are_sorted_and_other_xml_is_left_alone() {
        let xml = r#"<?xml?><Relationships x="1"><Relationship Id="b" T="2" /><Relationship Id="a" T="1" /></Relationships>"#;
        assert_eq!(
            super::sorted_relationships(xml),
            r#"<?xml?><Relationships x="1"><Relationship Id="a" T="1" /><Relationship Id="b" T="2" /></Relationships>"#
        );
        let odd = "<Relationships><Other/></Relationships>";
        assert_eq!(super::sorted_relationships(odd), odd);
    }

    #[test]
    fn paragraph_ids_are_numbered_in_order_across_parts() {
        let mut next = 0;
        let a = super::numbered_para_ids(
            r#"<w:p w14:paraId="0000abcd"/><w:p w14:paraId="00000001"/>"#,
            &mut next,
        );
        let b = super::numbered_para_ids(r#"<w:p w14:paraId="00000fff"/>"#, &mut next);
        assert_eq!(
            a,
            r#"<w:p w14:paraId="00000001"/><w:p w14:paraId="00000002"/>"#
        );
        assert_eq!(b, r#"<w:p w14:paraId="00000003"/>"#);
    }
}
