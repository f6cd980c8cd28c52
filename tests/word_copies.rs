//! Every bundled Word copy checked by real tools (#34): validated against the ECMA-376 schemas by
//! openxml-audit (PyPI; the Open XML SDK's schema data), and converted to PDF by LibreOffice,
//! whose layout is read back with pdftotext -bbox: headings stand apart from the text around them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn ci() -> bool {
    std::env::var("CI").as_deref() == Ok("true")
}

/// The bundled site's Word copies, built, and one adopted copy made by `adapt`.
fn word_copies(site: &Path) -> Vec<PathBuf> {
    build_ok(site, &[]);
    let mut copies: Vec<PathBuf> = files(&site.join("public"))
        .into_keys()
        .filter(|k| k.ends_with(".docx"))
        .map(|k| site.join("public").join(k))
        .collect();
    let o = run(
        site,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            "--format",
            "docx",
            "--out",
            "adapted",
            "policies/online-safety-policy-school.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    copies.push(site.join("adapted/oak-hill-primary/online-safety-policy-school.docx"));
    assert!(copies.len() >= 9, "{copies:?}");
    copies
}

#[test]
fn every_word_copy_is_valid_against_the_schemas() {
    let site = bundled_site();
    let copies = word_copies(site.path());
    for copy in &copies {
        let out = Command::new("openxml-audit")
            .args(["-m", "0", "-o", "text"])
            .arg(copy)
            .output();
        let Ok(out) = out else {
            assert!(
                !ci(),
                "openxml-audit is required in CI (.ci/run installs it)"
            );
            eprintln!("note: skipping schema checks: python3 -m pip install openxml-audit");
            return;
        };
        let report = String::from_utf8_lossy(&out.stdout).into_owned();
        // Numbered findings; the one left is the theme part Word would add on saving, which
        // docx-rs does not write (fonts and colours come from styles.xml instead).
        let findings: Vec<&str> = report
            .lines()
            .filter(|l| {
                let t = l.trim_start();
                t.split_once(". ")
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
            })
            .filter(|l| !l.contains("A required relationship type"))
            .collect();
        assert!(findings.is_empty(), "{}:\n{report}", copy.display());
    }
}

/// One line of pdftotext -bbox-layout: its box and text.
#[derive(Debug)]
struct Line {
    y_min: f64,
    y_max: f64,
    text: String,
}

/// The lines of page 1, top to bottom.
fn first_page_lines(pdf: &Path) -> Vec<Line> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let num = |s: &str, attr: &str| -> f64 {
        let at = s.find(&format!("{attr}=\"")).expect("attr") + attr.len() + 2;
        s[at..at + s[at..].find('"').expect("end")]
            .parse()
            .expect("number")
    };
    let mut lines: Vec<Line> = html
        .split("<line ")
        .skip(1)
        .map(|l| {
            let body = &l[..l.find("</line>").unwrap_or(l.len())];
            let text = body
                .split("<word ")
                .skip(1)
                .filter_map(|w| Some(w[w.find('>')? + 1..w.find("</word>")?].to_string()))
                .collect::<Vec<_>>()
                .join(" ");
            Line {
                y_min: num(l, "yMin"),
                y_max: num(l, "yMax"),
                text,
            }
        })
        .collect();
    lines.sort_by(|a, b| a.y_min.total_cmp(&b.y_min));
    lines
}

/// One part of a Word copy, as text.
fn part(docx: &Path, name: &str) -> String {
    use std::io::Read;
    let bytes = std::fs::read(docx).expect("read");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml
}

/// The text of a Word copy's first Heading 2, read from its document part.
fn first_heading(docx: &Path) -> Option<String> {
    let xml = part(docx, "word/document.xml");
    let at = xml.find("<w:pStyle w:val=\"Heading2\" />")?;
    let para = &xml[at..at + xml[at..].find("</w:p>")?];
    Some(
        para.split("<w:t xml:space=\"preserve\">")
            .skip(1)
            .filter_map(|t| t.split("</w:t>").next())
            .collect(),
    )
}

#[test]
fn libreoffice_opens_every_word_copy_with_headings_apart_from_the_text() {
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(!ci(), "LibreOffice is required in CI (.ci/run installs it)");
        eprintln!("note: skipping: no LibreOffice (soffice)");
        return;
    }
    let site = bundled_site();
    let copies = word_copies(site.path());
    let out = site.path().join("pdf");
    let profile = tempfile::tempdir().expect("profile");
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&out)
        .args(&copies)
        .output()
        .expect("run soffice");
    for copy in &copies {
        let name = copy.file_stem().expect("name").to_string_lossy();
        let pdf = out.join(format!("{name}.pdf"));
        assert!(
            pdf.is_file(),
            "LibreOffice did not convert {}: {}",
            copy.display(),
            String::from_utf8_lossy(&o.stderr)
        );
        let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
        let pages: usize = String::from_utf8_lossy(&info.stdout)
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("page count");
        // A pupils' agreement in large print is a few pages at most even in 14 pt; others more.
        let most = if part(copy, "word/styles.xml").contains("<w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"Arial\" w:cs=\"Arial\"/><w:sz w:val=\"28\"/>") { 3 } else { 14 };
        assert!((1..=most).contains(&pages), "{name}: {pages} pages");
        // The first heading after the title: more space above it than between the lines of
        // a paragraph, and taller than body text.
        let lines = first_page_lines(&pdf);
        let body_gaps: Vec<f64> = lines
            .windows(2)
            .map(|w| w[1].y_min - w[0].y_max)
            .filter(|g| (-1.0..4.0).contains(g))
            .collect();
        let Some(first) = first_heading(copy) else {
            continue;
        };
        let start: String = first
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let Some(at) = lines
            .iter()
            .skip(1)
            .position(|l| l.text.starts_with(&start))
        else {
            continue; // The heading is not on page 1.
        };
        let at = at + 1;
        let heading = &lines[at];
        let before = heading.y_min - lines[at - 1].y_max;
        let line_gap = body_gaps.iter().copied().fold(0.0, f64::max);
        assert!(
            before > line_gap + 6.0,
            "{name}: heading {:?} is {before:.1} pt below the text above (lines are {line_gap:.1} apart)",
            heading.text
        );
        let height = heading.y_max - heading.y_min;
        let body = &lines[at + 1];
        assert!(
            height > body.y_max - body.y_min,
            "{name}: {heading:?} {body:?}"
        );
    }
}
