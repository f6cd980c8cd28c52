//! The fixed parts of the PowerPoint package: theme, slide master, layouts, notes master. Element
//! order follows the PresentationML schema (ECMA-376 part 1), which PowerPoint enforces.

use std::fmt::Write;

pub const NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
pub const XML_HEAD: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Slide size, 16:9 (13.333 x 7.5 inches), in EMU.
pub const SLIDE_W: i64 = 12_192_000;
pub const SLIDE_H: i64 = 6_858_000;
/// The brand bar along the top of every slide.
pub const BAR_H: i64 = 137_160;
const MARGIN: i64 = 548_640;
/// The logo's box, top right.
pub const LOGO_BOX: (i64, i64) = (1_828_800, 640_080);

/// `text` escaped for XML text and attribute values.
pub fn esc(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => s.push_str("&amp;"),
            '<' => s.push_str("&lt;"),
            '>' => s.push_str("&gt;"),
            '"' => s.push_str("&quot;"),
            // Characters XML 1.0 does not allow are dropped.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => s.push(c),
        }
    }
    s
}

/// The theme: the brand colour as accent 1 and dark 2 (titles and the bar use it).
pub fn theme(name: &str, accent: &str) -> String {
    let scheme = format!(
        r#"<a:clrScheme name="{name}"><a:dk1><a:srgbClr val="111111"/></a:dk1><a:lt1><a:srgbClr val="FFFFFF"/></a:lt1><a:dk2><a:srgbClr val="{accent}"/></a:dk2><a:lt2><a:srgbClr val="F2F2F2"/></a:lt2><a:accent1><a:srgbClr val="{accent}"/></a:accent1><a:accent2><a:srgbClr val="7A4A00"/></a:accent2><a:accent3><a:srgbClr val="2A7A2A"/></a:accent3><a:accent4><a:srgbClr val="A00000"/></a:accent4><a:accent5><a:srgbClr val="555555"/></a:accent5><a:accent6><a:srgbClr val="B9B9B9"/></a:accent6><a:hlink><a:srgbClr val="{accent}"/></a:hlink><a:folHlink><a:srgbClr val="555555"/></a:folHlink></a:clrScheme>"#,
        name = esc(name)
    );
    let font = r#"<a:latin typeface="Arial"/><a:ea typeface=""/><a:cs typeface=""/>"#;
    let fill = r#"<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>"#;
    let line = r#"<a:ln w="9525"><a:solidFill><a:schemeClr val="phClr"/></a:solidFill></a:ln>"#;
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    format!(
        r#"{XML_HEAD}<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="{n}"><a:themeElements>{scheme}<a:fontScheme name="{n}"><a:majorFont>{font}</a:majorFont><a:minorFont>{font}</a:minorFont></a:fontScheme><a:fmtScheme name="{n}"><a:fillStyleLst>{fill}{fill}{fill}</a:fillStyleLst><a:lnStyleLst>{line}{line}{line}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst><a:bgFillStyleLst>{fill}{fill}{fill}</a:bgFillStyleLst></a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"#,
        n = esc(name)
    )
}

fn xfrm(x: i64, y: i64, w: i64, h: i64) -> String {
    format!(r#"<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>"#)
}

const GROUP: &str = r#"<p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>"#;

/// The shape tree's opening: every slide, layout and master starts with it.
pub fn group() -> &'static str {
    GROUP
}

/// A placeholder shape: `ph` is its `<p:ph .../>`, `body` its text body or empty (inherit).
pub fn placeholder(
    id: u32,
    name: &str,
    ph: &str,
    frame: Option<(i64, i64, i64, i64)>,
    body: &str,
) -> String {
    let sp_pr = match frame {
        Some((x, y, w, h)) => format!("<p:spPr>{}</p:spPr>", xfrm(x, y, w, h)),
        None => "<p:spPr/>".to_string(),
    };
    let body = if body.is_empty() {
        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-GB\"/></a:p></p:txBody>"
            .to_string()
    } else {
        body.to_string()
    };
    format!(
        r#"<p:sp><p:nvSpPr><p:cNvPr id="{id}" name="{name}"/><p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>{ph}</p:nvPr></p:nvSpPr>{sp_pr}{body}</p:sp>"#,
        name = esc(name)
    )
}

/// Where the title and body sit on a content slide.
pub const TITLE_FRAME: (i64, i64, i64, i64) = (
    MARGIN,
    320_040,
    SLIDE_W - 2 * MARGIN - LOGO_BOX.0 - 182_880,
    868_680,
);
pub const BODY_FRAME: (i64, i64, i64, i64) = (
    MARGIN,
    1_280_160,
    SLIDE_W - 2 * MARGIN,
    SLIDE_H - 1_280_160 - 365_760,
);

/// The slide master: the brand bar, the logo (if any, as relationship rId3), the title and body
/// placeholders and the text styles (titles in the brand colour, bullets in it).
pub fn master(logo: Option<LogoShape<'_>>) -> String {
    let mut tree = String::from(GROUP);
    tree.push_str(&placeholder(
        2,
        "Title Placeholder 1",
        r#"<p:ph type="title"/>"#,
        Some(TITLE_FRAME),
        "",
    ));
    tree.push_str(&placeholder(
        3,
        "Text Placeholder 2",
        r#"<p:ph type="body" idx="1"/>"#,
        Some(BODY_FRAME),
        "",
    ));
    // The brand bar.
    let _ = write!(
        tree,
        r#"<p:sp><p:nvSpPr><p:cNvPr id="4" name="Brand bar"/><p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"#,
        xfrm(0, 0, SLIDE_W, BAR_H)
    );
    if let Some(l) = logo {
        let (w, h) = l.size;
        let _ = write!(
            tree,
            "{}",
            picture(
                5,
                l.alt,
                (SLIDE_W - MARGIN - w, BAR_H + 137_160, w, h),
                l.svg
            )
        );
    }
    let level = |lvl: u8, size: u32, bullet: bool| -> String {
        let indent = 342_900 * i64::from(lvl);
        let bu = if bullet {
            r#"<a:buClr><a:schemeClr val="accent1"/></a:buClr><a:buFont typeface="Arial"/><a:buChar char="&#8226;"/>"#
        } else {
            "<a:buNone/>"
        };
        format!(
            r#"<a:lvl{n}pPr marL="{m}" indent="-285750" algn="l"><a:spcBef><a:spcPts val="600"/></a:spcBef>{bu}<a:defRPr sz="{size}"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl{n}pPr>"#,
            n = lvl + 1,
            m = 285_750 + indent
        )
    };
    let body_style: String = (0..3)
        .map(|l| level(l, 2400 - u32::from(l) * 200, true))
        .collect();
    format!(
        r#"{XML_HEAD}<p:sldMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>{tree}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/><p:sldLayoutId id="2147483650" r:id="rId2"/></p:sldLayoutIdLst><p:txStyles><p:titleStyle><a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc><a:buNone/><a:defRPr sz="3600" b="1"><a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:latin typeface="+mj-lt"/></a:defRPr></a:lvl1pPr></p:titleStyle><p:bodyStyle>{body_style}</p:bodyStyle><p:otherStyle><a:lvl1pPr><a:defRPr sz="1800"/></a:lvl1pPr></p:otherStyle></p:txStyles></p:sldMaster>"#
    )
}

/// The logo on the master: its size in EMU, its alternative text, and whether it is an SVG
/// (relationship rId4, with a PNG fallback as rId3) or a PNG (rId3).
pub struct LogoShape<'a> {
    pub size: (i64, i64),
    pub alt: &'a str,
    pub svg: bool,
}

/// The logo's picture shape.
fn picture(id: u32, alt: &str, (x, y, w, h): (i64, i64, i64, i64), svg: bool) -> String {
    let ext = if svg {
        r#"<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rId4"/></a:ext></a:extLst>"#
    } else {
        ""
    };
    format!(
        r#"<p:pic><p:nvPicPr><p:cNvPr id="{id}" name="Logo" descr="{alt}"/><p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr><p:blipFill><a:blip r:embed="rId3">{ext}</a:blip><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>{}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>"#,
        xfrm(x, y, w, h),
        alt = esc(alt)
    )
}

/// Layout 1, the title slide: the session's title large, the details below it.
pub fn title_layout() -> String {
    let title = placeholder(
        2,
        "Title 1",
        r#"<p:ph type="ctrTitle"/>"#,
        Some((MARGIN, 1_600_200, SLIDE_W - 2 * MARGIN, 1_600_200)),
        r#"<p:txBody><a:bodyPr anchor="b"><a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr><a:defRPr sz="4400"/></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang="en-GB"/></a:p></p:txBody>"#,
    );
    let sub = placeholder(
        3,
        "Subtitle 2",
        r#"<p:ph type="subTitle" idx="1"/>"#,
        Some((MARGIN, 3_383_280, SLIDE_W - 2 * MARGIN, 2_651_760)),
        r#"<p:txBody><a:bodyPr><a:normAutofit/></a:bodyPr><a:lstStyle><a:lvl1pPr marL="0" indent="0"><a:buNone/><a:defRPr sz="2400"/></a:lvl1pPr></a:lstStyle><a:p><a:endParaRPr lang="en-GB"/></a:p></p:txBody>"#,
    );
    layout("title", "Title Slide", &format!("{GROUP}{title}{sub}"))
}

/// Layout 2, every other slide: a title and a text box.
pub fn content_layout() -> String {
    let title = placeholder(2, "Title 1", r#"<p:ph type="title"/>"#, None, "");
    let body = placeholder(3, "Content Placeholder 2", r#"<p:ph idx="1"/>"#, None, "");
    layout("obj", "Title and Content", &format!("{GROUP}{title}{body}"))
}

fn layout(kind: &str, name: &str, tree: &str) -> String {
    format!(
        r#"{XML_HEAD}<p:sldLayout {NS} type="{kind}" preserve="1"><p:cSld name="{name}"><p:spTree>{tree}</p:spTree></p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sldLayout>"#
    )
}

/// The notes master: the slide's picture above, the notes below, on a portrait page.
pub fn notes_master() -> String {
    let img = placeholder(
        2,
        "Slide Image Placeholder 1",
        r#"<p:ph type="sldImg" idx="2"/>"#,
        Some((381_000, 685_800, 6_096_000, 3_429_000)),
        "",
    )
    .replace(
        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr lang=\"en-GB\"/></a:p></p:txBody>",
        "",
    );
    let body = placeholder(
        3,
        "Notes Placeholder 2",
        r#"<p:ph type="body" sz="quarter" idx="3"/>"#,
        Some((685_800, 4_343_400, 5_486_400, 4_114_800)),
        "",
    );
    let style = r#"<a:lvl1pPr marL="0"><a:defRPr sz="1200"><a:solidFill><a:schemeClr val="tx1"/></a:solidFill><a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr>"#;
    format!(
        r#"{XML_HEAD}<p:notesMaster {NS}><p:cSld><p:bg><p:bgRef idx="1001"><a:schemeClr val="bg1"/></p:bgRef></p:bg><p:spTree>{GROUP}{img}{body}</p:spTree></p:cSld><p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/><p:notesStyle>{style}</p:notesStyle></p:notesMaster>"#
    )
}

/// A relationships part.
pub fn rels(list: &[(&str, &str, &str)]) -> String {
    let mut s = format!(
        r#"{XML_HEAD}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
    );
    for (id, kind, target) in list {
        let _ = write!(
            s,
            r#"<Relationship Id="{id}" Type="{kind}" Target="{}"/>"#,
            esc(target)
        );
    }
    s.push_str("</Relationships>");
    s
}

/// Relationship types.
pub const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
