//! The PowerPoint copy of each bundled deck (`/packs/<id>/<id>.pptx`, issue #33) in real
//! clients: python-pptx reads back the deck's slide titles and the facilitator's notes as
//! speaker notes, the logo sits in the slide master of a branded site, LibreOffice Impress
//! converts it to a PDF of one page per slide holding the slides' text, and two builds give the
//! same bytes.

mod common;

use std::path::Path;
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The deck page's slide titles, in order (from its `data-title` attributes).
fn deck_titles(out: &Path, id: &str) -> Vec<String> {
    let html = common::read(out, &format!("packs/{id}/present/index.html"));
    html.split("<section ")
        .skip(1)
        .map(|s| {
            let at = s.find("data-title=").expect("data-title") + "data-title=".len();
            let rest = &s[at..];
            let value = if let Some(q) = rest.strip_prefix('"') {
                &q[..q.find('"').expect("closing quote")]
            } else {
                &rest[..rest.find([' ', '>']).expect("end of value")]
            };
            value
                .replace("&amp;", "&")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&#x27;", "'")
        })
        .collect()
}

/// For each slide of the deck page: whether it shows text besides its heading.
fn deck_shows_text(out: &Path, id: &str) -> Vec<bool> {
    let html = common::read(out, &format!("packs/{id}/present/index.html"));
    html.split("<section ")
        .skip(1)
        .map(|s| {
            let shown = s.split("<aside").next().unwrap_or_default();
            let shown = match shown.find("</h2>") {
                Some(end) => &shown[end..],
                None => shown,
            };
            let mut text = String::new();
            let mut in_tag = false;
            for c in shown.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.trim().len() > 10
        })
        .collect()
}

fn read_pptx(file: &Path) -> Option<serde_json::Value> {
    let script = common::repo_root().join("tests/read_pptx.py");
    let out = Command::new("python3")
        .arg(script)
        .arg(file)
        .output()
        .ok()?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            !in_ci() && err.contains("No module named"),
            "python-pptx failed: {err}"
        );
        return None;
    }
    Some(serde_json::from_slice(&out.stdout).expect("json from read_pptx.py"))
}

#[test]
fn each_deck_has_a_powerpoint_copy_with_its_slides_notes_and_brand() {
    let site = common::bundled_site();
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    common::write(
        site.path(),
        "site.yaml",
        &format!("{yaml}\nbrand:\n  logo: static/logo.svg\n  colour: \"#6b2c91\"\n"),
    );
    common::write(
        site.path(),
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 60\"><rect width=\"200\" height=\"60\" fill=\"#6b2c91\"/></svg>",
    );
    let out = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);
    let again = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &again.path().to_string_lossy()]);

    for id in ["staff-awareness", "parents-evening", "online-safety-lead"] {
        let rel = format!("packs/{id}/{id}.pptx");
        let file = out.path().join(&rel);
        let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{rel}: {e}"));
        assert_eq!(
            bytes,
            std::fs::read(again.path().join(&rel)).expect("second build"),
            "{rel} differs between two builds"
        );
        // The brand colour is the theme's accent; the logo is a picture in the master.
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("a zip");
        let theme = {
            use std::io::Read;
            let mut s = String::new();
            zip.by_name("ppt/theme/theme1.xml")
                .expect("theme")
                .read_to_string(&mut s)
                .expect("utf-8");
            s
        };
        assert!(
            theme.contains("<a:accent1><a:srgbClr val=\"6B2C91\"/>"),
            "{theme}"
        );
        assert!(
            zip.by_name("ppt/media/logo.svg").is_ok(),
            "no logo in {rel}"
        );

        let titles = deck_titles(out.path(), id);
        let Some(read) = read_pptx(&file) else {
            eprintln!("note: python-pptx not installed; skipping the read-back of {rel}");
            continue;
        };
        let slides = read["slides"].as_array().expect("slides");
        let got: Vec<&str> = slides
            .iter()
            .map(|s| s["title"].as_str().unwrap_or_default())
            .collect();
        assert_eq!(got, titles, "{rel}: slide titles");
        assert_eq!(slides[0]["layout"], "Title Slide");
        assert!(
            slides[0]["body"][0]
                .as_str()
                .is_some_and(|b| b.contains("Anytown Safeguarding Children Partnership")),
            "{rel}: title slide {}",
            slides[0]
        );
        assert_eq!(
            read["master_pictures"],
            serde_json::json!(["Logo"]),
            "{rel}"
        );
        // Every slide that shows more than its heading in the deck does so in PowerPoint, and
        // the notes are the facilitator's.
        let shows = deck_shows_text(out.path(), id);
        assert_eq!(shows.len(), slides.len());
        for (s, shows) in slides.iter().zip(shows).skip(1) {
            assert_eq!(
                s["body"][0].as_str().is_some_and(|b| b.trim().len() > 10),
                shows,
                "{rel}: slide {s}"
            );
        }
        let notes: String = slides
            .iter()
            .map(|s| s["notes"].as_str().unwrap_or_default())
            .collect();
        let expected_note = match id {
            "staff-awareness" => "Suggested answers",
            "parents-evening" => "minutes",
            _ => "minutes",
        };
        assert!(notes.contains(expected_note), "{rel}: notes {notes}");
        assert!(
            !notes.contains('<'),
            "{rel}: HTML left in the notes: {notes}"
        );
    }

    // LibreOffice Impress opens it: a PDF page per slide, with the slides' text.
    let Ok(_) = Command::new("soffice").arg("--version").output() else {
        assert!(!in_ci(), "LibreOffice (soffice) is required in CI");
        eprintln!("note: LibreOffice not installed; skipping the conversion");
        return;
    };
    let id = "staff-awareness";
    let profile = tempfile::tempdir().expect("profile");
    let pdf_dir = tempfile::tempdir().expect("pdf");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(pdf_dir.path())
        .arg(out.path().join(format!("packs/{id}/{id}.pptx")))
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "{status:?}");
    let pdf = pdf_dir.path().join(format!("{id}.pdf"));
    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let info = String::from_utf8_lossy(&info.stdout).to_string();
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pages");
    let titles = deck_titles(out.path(), id);
    assert_eq!(pages, titles.len(), "{info}");
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext");
    let text = String::from_utf8_lossy(&text.stdout).to_string();
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for t in &titles {
        assert!(flat.contains(t.as_str()), "{t} not in the PDF: {flat}");
    }
    assert!(flat.contains("Listen and reassure"), "{flat}");
}
