//! `/packs/<id>/<id>.pptx`: the slide deck as a PowerPoint file a trainer can edit (issue #33).
//!
//! One slide per slide of the deck ([`super::present::deck`]), its text in real text boxes
//! (the layouts' placeholders), the facilitator's script and notes as speaker notes, and the
//! brand in the slide master: the colour in the theme (titles, bullets, a bar along the top) and
//! the logo in the corner of every slide.
//!
//! Written as Office Open XML with the `zip` crate, as the Word copies are. The `pptx` and
//! `ppt-rs` crates were weighed: both are young (a handful of releases), and neither writes
//! notes slides with a notes master and a branded master as this needs, so a small writer of
//! our own, checked against LibreOffice and python-pptx in tests/pptx.rs, is the safer choice.
//! The bytes depend only on the deck: fixed zip times, no dates, parts in a fixed order.

pub mod parts;
pub mod text;

use std::fmt::Write as _;
use std::io::Write as _;

use crate::diagnostics::{rule, Diagnostic};
use crate::load::packs::Pack;
use crate::render::Renderer;
use crate::resolve::Site;

use super::present::Deck;
use parts::{esc, group, placeholder, rels, NS, REL, XML_HEAD};
use text::{Para, ParaKind};

/// The logo as the package holds it.
struct Logo {
    /// File name in ppt/media/.
    name: &'static str,
    bytes: Vec<u8>,
    /// Width and height in EMU, fitted to the logo box.
    size: (i64, i64),
}

/// The PowerPoint file of `pack`'s deck.
pub fn render(renderer: &Renderer<'_>, pack: &Pack) -> Result<Vec<u8>, Diagnostic> {
    let deck = super::present::deck(renderer, pack)?;
    let site = renderer.site;
    let accent = site
        .config
        .brand
        .as_ref()
        .and_then(|b| b.colour.as_deref())
        .and_then(crate::load::brand::Rgb::parse)
        .map_or_else(
            || "1D4F91".to_string(),
            |c| c.hex().trim_start_matches('#').to_ascii_uppercase(),
        );
    let logo = logo(site);
    package(&deck, &accent, logo.as_ref(), site.config.language.as_str()).map_err(|e| {
        Diagnostic::error(rule::IO, format!("cannot write the PowerPoint file: {e}"))
            .in_file(&pack.display)
    })
}

/// The brand logo's bytes, if the site has one (an SVG or PNG in static/, checked at load).
fn logo(site: &Site) -> Option<Logo> {
    let path = site.config.brand.as_ref()?.logo.as_deref()?;
    let rel = path.strip_prefix("static/")?;
    let (files, _) = site.layers.files("static", usize::MAX);
    // The site's own file wins over a base's: the last layer listed.
    let file = files.into_iter().rev().find(|f| f.rel == rel)?;
    let bytes = file.read().ok()?.into_owned();
    let (w, h, name) = if rel.to_ascii_lowercase().ends_with(".png") {
        let (w, h) = png_size(&bytes)?;
        (w, h, "logo.png")
    } else {
        let (w, h) = svg_size(&bytes).unwrap_or((4.0, 1.0));
        (w, h, "logo.svg")
    };
    let (bw, bh) = parts::LOGO_BOX;
    // Fitted inside the box, keeping its shape.
    let scale = (bw as f64 / w).min(bh as f64 / h);
    let size = ((w * scale) as i64, (h * scale) as i64);
    Some(Logo { name, bytes, size })
}

fn png_size(b: &[u8]) -> Option<(f64, f64)> {
    if b.len() < 24 || &b[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let w = u32::from_be_bytes(b[16..20].try_into().ok()?);
    let h = u32::from_be_bytes(b[20..24].try_into().ok()?);
    (w > 0 && h > 0).then_some((f64::from(w), f64::from(h)))
}

/// The shape of an SVG from its `viewBox` (or width and height).
fn svg_size(b: &[u8]) -> Option<(f64, f64)> {
    let text = std::str::from_utf8(b).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let rest = &tag[at..];
        Some(&rest[..rest.find('"')?])
    };
    let num = |s: &str| s.trim_end_matches("px").trim().parse::<f64>().ok();
    let (w, h) = match attr("viewBox") {
        Some(v) => {
            let n: Vec<f64> = v
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter_map(|s| s.parse().ok())
                .collect();
            (*n.get(2)?, *n.get(3)?)
        }
        None => (num(attr("width")?)?, num(attr("height")?)?),
    };
    (w > 0.0 && h > 0.0 && w.is_finite() && h.is_finite()).then_some((w, h))
}

/// A 1x1 transparent PNG: the picture PowerPoint versions without SVG support show in place of
/// an SVG logo (newer ones and LibreOffice show the SVG).
const BLANK_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0d, 0x0a, 0x2d, 0xb4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

/// The whole package, parts in a fixed order.
fn package(
    deck: &Deck,
    accent: &str,
    logo: Option<&Logo>,
    lang: &str,
) -> zip::result::ZipResult<Vec<u8>> {
    let n = deck.slides.len();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut add = |name: &str, body: String| files.push((name.to_string(), body.into_bytes()));
    add("[Content_Types].xml", content_types(n, logo));
    add(
        "_rels/.rels",
        rels(&[
            ("rId1", &format!("{REL}/officeDocument"), "ppt/presentation.xml"),
            ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
            ("rId3", &format!("{REL}/extended-properties"), "docProps/app.xml"),
        ]),
    );
    add("docProps/core.xml", core(deck));
    add(
        "docProps/app.xml",
        format!(
            r#"{XML_HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>safeguide</Application><Slides>{n}</Slides><Notes>{n}</Notes></Properties>"#
        ),
    );
    add("ppt/presentation.xml", presentation(n));
    add("ppt/_rels/presentation.xml.rels", presentation_rels(n));
    add(
        "ppt/theme/theme1.xml",
        parts::theme(&deck.organisation, accent),
    );
    add("ppt/theme/theme2.xml", parts::theme("Notes", accent));
    add(
        "ppt/slideMasters/slideMaster1.xml",
        parts::master(logo.map(|l| parts::LogoShape {
            size: l.size,
            alt: &deck.organisation,
            svg: l.name == "logo.svg",
        })),
    );
    add(
        "ppt/slideMasters/_rels/slideMaster1.xml.rels",
        master_rels(logo),
    );
    let theme_rel = format!("{REL}/theme");
    let master_rel = format!("{REL}/slideMaster");
    for i in 1..=2 {
        add(
            &format!("ppt/slideLayouts/slideLayout{i}.xml"),
            if i == 1 {
                parts::title_layout()
            } else {
                parts::content_layout()
            },
        );
        add(
            &format!("ppt/slideLayouts/_rels/slideLayout{i}.xml.rels"),
            rels(&[("rId1", &master_rel, "../slideMasters/slideMaster1.xml")]),
        );
    }
    add("ppt/notesMasters/notesMaster1.xml", parts::notes_master());
    add(
        "ppt/notesMasters/_rels/notesMaster1.xml.rels",
        rels(&[("rId1", &theme_rel, "../theme/theme2.xml")]),
    );
    for i in 0..n {
        for (name, body) in slide_parts(deck, i, lang) {
            add(&name, body);
        }
    }
    if let Some(l) = logo {
        if l.name == "logo.svg" {
            files.push(("ppt/media/logo-fallback.png".into(), BLANK_PNG.to_vec()));
        }
        files.push((format!("ppt/media/{}", l.name), l.bytes.clone()));
    }
    zipped(files)
}

/// `ppt/_rels/presentation.xml.rels`: the master, notes master, theme and each of `n` slides.
fn presentation_rels(n: usize) -> String {
    let mut pres_rels = vec![
        (
            "rId1".to_string(),
            format!("{REL}/slideMaster"),
            "slideMasters/slideMaster1.xml".to_string(),
        ),
        (
            "rId2".to_string(),
            format!("{REL}/notesMaster"),
            "notesMasters/notesMaster1.xml".to_string(),
        ),
        (
            "rId3".to_string(),
            format!("{REL}/theme"),
            "theme/theme1.xml".to_string(),
        ),
    ];
    for i in 1..=n {
        pres_rels.push((
            format!("rId{}", 9 + i),
            format!("{REL}/slide"),
            format!("slides/slide{i}.xml"),
        ));
    }
    let list: Vec<(&str, &str, &str)> = pres_rels
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    rels(&list)
}

/// The slide master's relationships: its two layouts, its theme and the logo, if any (an SVG logo
/// with a PNG stand-in for PowerPoint versions without SVG).
fn master_rels(logo: Option<&Logo>) -> String {
    let mut master_rels = vec![
        (
            "rId1",
            format!("{REL}/slideLayout"),
            "../slideLayouts/slideLayout1.xml".to_string(),
        ),
        (
            "rId2",
            format!("{REL}/slideLayout"),
            "../slideLayouts/slideLayout2.xml".to_string(),
        ),
        (
            "rId9",
            format!("{REL}/theme"),
            "../theme/theme1.xml".to_string(),
        ),
    ];
    if let Some(l) = logo {
        master_rels.push((
            "rId3",
            format!("{REL}/image"),
            format!(
                "../media/{}",
                if l.name == "logo.svg" {
                    "logo-fallback.png"
                } else {
                    l.name
                }
            ),
        ));
        if l.name == "logo.svg" {
            master_rels.push((
                "rId4",
                format!("{REL}/image"),
                "../media/logo.svg".to_string(),
            ));
        }
    }
    let list: Vec<(&str, &str, &str)> = master_rels
        .iter()
        .map(|(a, b, c)| (*a, b.as_str(), c.as_str()))
        .collect();
    rels(&list)
}

/// Slide `i`'s parts (the slide, its notes and their relationships), by name: the first slide is
/// the title slide.
fn slide_parts(deck: &Deck, i: usize, lang: &str) -> Vec<(String, String)> {
    let slide = &deck.slides[i];
    let mut parts = Vec::new();
    let k = i + 1;
    let xml = if i == 0 {
        title_slide(deck, lang)
    } else {
        content_slide(&slide.title, &slide.body, lang)
    };
    parts.push((format!("ppt/slides/slide{k}.xml"), xml));
    parts.push((
        format!("ppt/slides/_rels/slide{k}.xml.rels"),
        rels(&[
            (
                "rId1",
                &format!("{REL}/slideLayout"),
                if i == 0 {
                    "../slideLayouts/slideLayout1.xml"
                } else {
                    "../slideLayouts/slideLayout2.xml"
                },
            ),
            (
                "rId2",
                &format!("{REL}/notesSlide"),
                &format!("../notesSlides/notesSlide{k}.xml"),
            ),
        ]),
    ));
    // The script's own "10 minutes, in pairs." line comes first in the notes.
    parts.push((
        format!("ppt/notesSlides/notesSlide{k}.xml"),
        notes_slide(&slide.notes, lang),
    ));
    parts.push((
        format!("ppt/notesSlides/_rels/notesSlide{k}.xml.rels"),
        rels(&[
            (
                "rId1",
                &format!("{REL}/notesMaster"),
                "../notesMasters/notesMaster1.xml",
            ),
            (
                "rId2",
                &format!("{REL}/slide"),
                &format!("../slides/slide{k}.xml"),
            ),
        ]),
    ));
    parts
}

/// `files` as a zip, each deflated and dated the same (so that a package is the same bytes each
/// time it is built).
fn zipped(files: Vec<(String, Vec<u8>)>) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, bytes) in files {
        zip.start_file(name, options)?;
        zip.write_all(&bytes)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types(n: usize, logo: Option<&Logo>) -> String {
    let mut s = format!(
        r#"{XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>"#
    );
    if logo.is_some() {
        s.push_str(r#"<Default Extension="png" ContentType="image/png"/><Default Extension="svg" ContentType="image/svg+xml"/>"#);
    }
    let pml = "application/vnd.openxmlformats-officedocument.presentationml";
    let over = |s: &mut String, part: &str, kind: &str| {
        let _ = write!(s, r#"<Override PartName="/{part}" ContentType="{kind}"/>"#);
    };
    over(
        &mut s,
        "ppt/presentation.xml",
        &format!("{pml}.presentation.main+xml"),
    );
    over(
        &mut s,
        "docProps/core.xml",
        "application/vnd.openxmlformats-package.core-properties+xml",
    );
    over(
        &mut s,
        "docProps/app.xml",
        "application/vnd.openxmlformats-officedocument.extended-properties+xml",
    );
    over(
        &mut s,
        "ppt/theme/theme1.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    );
    over(
        &mut s,
        "ppt/theme/theme2.xml",
        "application/vnd.openxmlformats-officedocument.theme+xml",
    );
    over(
        &mut s,
        "ppt/slideMasters/slideMaster1.xml",
        &format!("{pml}.slideMaster+xml"),
    );
    over(
        &mut s,
        "ppt/slideLayouts/slideLayout1.xml",
        &format!("{pml}.slideLayout+xml"),
    );
    over(
        &mut s,
        "ppt/slideLayouts/slideLayout2.xml",
        &format!("{pml}.slideLayout+xml"),
    );
    over(
        &mut s,
        "ppt/notesMasters/notesMaster1.xml",
        &format!("{pml}.notesMaster+xml"),
    );
    for i in 1..=n {
        over(
            &mut s,
            &format!("ppt/slides/slide{i}.xml"),
            &format!("{pml}.slide+xml"),
        );
        over(
            &mut s,
            &format!("ppt/notesSlides/notesSlide{i}.xml"),
            &format!("{pml}.notesSlide+xml"),
        );
    }
    s.push_str("</Types>");
    s
}

fn core(deck: &Deck) -> String {
    format!(
        r#"{XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title><dc:creator>{}</dc:creator></cp:coreProperties>"#,
        esc(&deck.title),
        esc(&deck.organisation)
    )
}

fn presentation(n: usize) -> String {
    let ids: String = (1..=n)
        .map(|i| format!(r#"<p:sldId id="{}" r:id="rId{}"/>"#, 255 + i, 9 + i))
        .collect();
    format!(
        r#"{XML_HEAD}<p:presentation {NS}><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rId1"/></p:sldMasterIdLst><p:notesMasterIdLst><p:notesMasterId r:id="rId2"/></p:notesMasterIdLst><p:sldIdLst>{ids}</p:sldIdLst><p:sldSz cx="{w}" cy="{h}"/><p:notesSz cx="6858000" cy="9144000"/></p:presentation>"#,
        w = parts::SLIDE_W,
        h = parts::SLIDE_H
    )
}

/// A text body of paragraphs: bullets and numbers as the list had them, others without.
fn text_body(paras: &[Para], lang: &str, autofit: bool) -> String {
    let mut s = String::from(if autofit {
        "<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle/>"
    } else {
        "<p:txBody><a:bodyPr/><a:lstStyle/>"
    });
    for p in paras {
        let lvl = p.level.min(2);
        let m = 457_200 + 342_900 * i64::from(lvl);
        let ppr = match p.kind {
            ParaKind::Bullet => format!(r#"<a:pPr lvl="{lvl}"/>"#),
            ParaKind::Numbered(n) => format!(
                r#"<a:pPr marL="{m}" lvl="{lvl}" indent="-457200"><a:buFont typeface="+mj-lt"/><a:buAutoNum type="arabicPeriod" startAt="{n}"/></a:pPr>"#
            ),
            _ => r#"<a:pPr marL="0" indent="0"><a:buNone/></a:pPr>"#.to_string(),
        };
        s.push_str("<a:p>");
        s.push_str(&ppr);
        for r in &p.runs {
            let (bold, extra) = match p.kind {
                ParaKind::Heading => (
                    true,
                    r#"<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>"#,
                ),
                ParaKind::Label => (
                    true,
                    r#"<a:solidFill><a:schemeClr val="accent1"/></a:solidFill>"#,
                ),
                _ => (r.bold, ""),
            };
            let b = if bold { r#" b="1""# } else { "" };
            let sz = if p.kind == ParaKind::Label {
                r#" sz="1400" cap="all""#
            } else {
                ""
            };
            let _ = write!(
                s,
                r#"<a:r><a:rPr lang="{lang}"{b}{sz} dirty="0">{extra}</a:rPr><a:t>{}</a:t></a:r>"#,
                esc(&r.text)
            );
        }
        s.push_str("</a:p>");
    }
    if paras.is_empty() {
        let _ = write!(s, r#"<a:p><a:endParaRPr lang="{lang}"/></a:p>"#);
    }
    s.push_str("</p:txBody>");
    s
}

fn plain(text: &str) -> Para {
    Para {
        runs: vec![text::Run {
            text: text.to_string(),
            bold: false,
        }],
        ..Para::default()
    }
}

fn slide_xml(tree: &str) -> String {
    format!(
        r#"{XML_HEAD}<p:sld {NS}><p:cSld><p:spTree>{}{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"#,
        group()
    )
}

fn title_slide(deck: &Deck, lang: &str) -> String {
    let title = placeholder(
        2,
        "Title 1",
        r#"<p:ph type="ctrTitle"/>"#,
        None,
        &text_body(&[plain(&deck.title)], lang, false),
    );
    let mut details = vec![Para {
        runs: vec![text::Run {
            text: deck.organisation.clone(),
            bold: true,
        }],
        ..Para::default()
    }];
    details.extend(deck.subtitle.as_deref().map(plain));
    let mut when = deck.date.clone();
    if let Some(p) = &deck.presenter {
        when = format!("{when} \u{b7} {p}");
    }
    details.push(plain(&when));
    let sub = placeholder(
        3,
        "Subtitle 2",
        r#"<p:ph type="subTitle" idx="1"/>"#,
        None,
        &text_body(&details, lang, true),
    );
    slide_xml(&format!("{title}{sub}"))
}

fn content_slide(title: &str, body: &str, lang: &str) -> String {
    let mut paras = text::paragraphs(body);
    // The slide's heading is its title, not a line of its text.
    if paras.first().is_some_and(|p| p.kind == ParaKind::Heading) {
        paras.remove(0);
    }
    let title = placeholder(
        2,
        "Title 1",
        r#"<p:ph type="title"/>"#,
        None,
        &text_body(&[plain(&text::decode(title))], lang, false),
    );
    let body = placeholder(
        3,
        "Content 2",
        r#"<p:ph idx="1"/>"#,
        None,
        &text_body(&paras, lang, true),
    );
    slide_xml(&format!("{title}{body}"))
}

fn notes_slide(html: &str, lang: &str) -> String {
    let paras = text::paragraphs(html);
    let img = r#"<p:sp><p:nvSpPr><p:cNvPr id="2" name="Slide Image 1"/><p:cNvSpPr><a:spLocks noGrp="1" noRot="1" noChangeAspect="1"/></p:cNvSpPr><p:nvPr><p:ph type="sldImg"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>"#;
    let body = placeholder(
        3,
        "Notes Placeholder 2",
        r#"<p:ph type="body" idx="1"/>"#,
        None,
        &text_body(&paras, lang, false),
    );
    format!(
        r#"{XML_HEAD}<p:notes {NS}><p:cSld><p:spTree>{}{img}{body}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:notes>"#,
        group()
    )
}
