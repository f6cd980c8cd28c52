//! What frames the text on every page: the running header and footer.
//!
//! The model's footer names the model (title and version) for whoever prints it. An adopted
//! copy is the organisation's own document: its footer gives its own title, version, adoption
//! and review dates, so a printed page says which edition it is and when it is due for review.

use docx_rs::{Docx, Footer, Header, NumPages, PageNum, Paragraph, Pic, Run};

use crate::load::logo::Logo;

use super::{
    placeholder_run, styled, styles, text_runs, xml_safe, DocxInput, ADOPTED_KEY, ORGANISATION_KEY,
    REVIEW_KEY,
};

/// `doc` with its header and footer.
pub fn with_header_and_footer(doc: Docx, input: &DocxInput<'_>) -> Docx {
    let mut header = styled(styles::HEADER);
    if let Some(logo) = input.adopted.and_then(|a| a.logo) {
        header = header
            .add_run(Run::new().add_image(logo_picture(logo)))
            .add_run(Run::new().add_text("  "));
    }
    doc.header(Header::new().add_paragraph(header.add_run(organisation_run(input))))
        .footer(Footer::new().add_paragraph(footer_paragraph(input)))
}

/// The logo inline in the header: 12 mm tall, at most 60 mm wide (EMU: 36,000 to the mm).
fn logo_picture(logo: &Logo) -> Pic {
    const EMU_PER_MM: f64 = 36_000.0;
    let (w, h) = logo.fitted(12.0, 60.0);
    Pic::new_with_dimensions(logo.png.clone(), logo.width, logo.height)
        .size((w * EMU_PER_MM) as u32, (h * EMU_PER_MM) as u32)
}

/// The header's text: the organisation's name (or its blank), else the site's title.
fn organisation_run(input: &DocxInput<'_>) -> Run {
    match input.placeholders.decl(ORGANISATION_KEY) {
        Some(decl) => placeholder_run(input, ORGANISATION_KEY, decl),
        None => Run::new().add_text(xml_safe(input.fallback_author)),
    }
}

/// "Title — Version 2 — Page 1 of 3"; for an adopted copy "Title — Version 2 — Adopted 1 May 2027
/// — Review by 1 May 2028 — Page 1 of 3". The page numbers are Word fields, so they stay right
/// after edits.
fn footer_paragraph(input: &DocxInput<'_>) -> Paragraph {
    const DASH: &str = " — ";
    let words = &input.words;
    let mut p = styled(styles::FOOTER);
    for run in text_runs(input, input.title) {
        p = p.add_run(run);
    }
    if let Some(v) = input.version {
        p = p.add_run(Run::new().add_text(format!("{DASH}{}", xml_safe(v))));
    }
    if input.adopted.is_some() {
        for (key, phrase) in [
            (ADOPTED_KEY, words.adopted_on),
            (REVIEW_KEY, words.review_on),
        ] {
            let Some(decl) = input.placeholders.decl(key) else {
                continue;
            };
            let (before, after) = phrase.split_once("{date}").unwrap_or((phrase, ""));
            p = p
                .add_run(Run::new().add_text(format!("{DASH}{}", xml_safe(before))))
                .add_run(placeholder_run(input, key, decl));
            if !after.is_empty() {
                p = p.add_run(Run::new().add_text(xml_safe(after)));
            }
        }
    }
    p.add_run(Run::new().add_text(format!("{DASH}{} ", xml_safe(words.page))))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(format!(" {} ", xml_safe(words.of))))
        .add_num_pages(NumPages::new())
}
