//! A school's adopted documents (#34): `adapt` in a folder with no site, the profile it writes and
//! reads back, and the adopted copy as a head signs it: the school's title, name in the header,
//! version and dates in the footer, the model named once at the end; printed by Chromium and read
//! back from the PDF, pupil agreements on one sheet in large type.

mod common;
mod docx_reader;

use std::path::Path;
use std::process::Command;

use common::*;

const SCHOOL: &str = "St Anne's C of E Primary School";

/// Every part of a .docx as text, by name.
fn docx_parts(path: &Path) -> Vec<(String, String)> {
    use std::io::Read;
    let bytes = std::fs::read(path).expect("read docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).expect("entry");
            let mut text = String::new();
            let _ = f.read_to_string(&mut text);
            (f.name().to_string(), text)
        })
        .collect()
}

/// `value` for `key` in a profile written by --init-profile (`key: ""`).
fn fill(profile: &str, key: &str, value: &str) -> String {
    let blank = format!("\n{key}: \"\"\n");
    assert!(profile.contains(&blank), "no {blank:?} in:\n{profile}");
    profile.replacen(&blank, &format!("\n{key}: \"{value}\"\n"), 1)
}

/// The profile for St Anne's, made by --init-profile in an empty folder and filled in by hand,
/// keeping only the documents in `keep`. Returns the command adapt printed next.
fn st_annes_profile(dir: &Path, keep: &[&str]) -> String {
    let o = run(dir, &["adapt", "--init-profile", "profiles/st-annes.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = stdout(&o);
    let next = printed
        .split('`')
        .nth(1)
        .unwrap_or_else(|| panic!("no command in {printed}"))
        .to_string();
    let mut text = read(dir, "profiles/st-annes.yaml");
    assert!(text.contains("apostrophe"), "{text}");
    assert!(
        !text.contains("''"),
        "values are written in double quotes:\n{text}"
    );
    // Keep only the chosen documents.
    let listed: Vec<String> = text
        .lines()
        .filter(|l| l.starts_with("  - \"policies/"))
        .map(str::to_string)
        .collect();
    assert!(listed.len() >= 8, "{text}");
    for line in listed {
        if !keep.iter().any(|k| line.contains(k)) {
            text = text.replacen(&format!("{line}\n"), "", 1);
        }
    }
    for (key, value) in [
        ("name", SCHOOL),
        ("headteacher", "Mrs Ruth Adeyemi"),
        ("dsl", "Mr David Okafor"),
        ("deputy_dsl", "Ms Jo Patel"),
        ("adopted_date", "2026-11-20"),
        ("review_date", "2027-11-20"),
    ] {
        if text.contains(&format!("\n{key}: \"\"\n")) {
            text = fill(&text, key, value);
        }
    }
    std::fs::write(dir.join("profiles/st-annes.yaml"), text).expect("write profile");
    next
}

/// Runs a command line as printed (`safeguide adapt --profile x`), with the built binary.
fn run_printed(dir: &Path, line: &str) -> std::process::Output {
    let words: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(words.first(), Some(&"safeguide"), "{line}");
    run(dir, &words[1..])
}

#[test]
fn adapt_works_in_an_empty_folder_from_the_profile_it_writes() {
    let dir = tempfile::tempdir().expect("temp");
    let keep = ["online-safety-policy-school.md", "aup-upper-ks2.md"];
    let next = st_annes_profile(dir.path(), &keep);
    assert_eq!(next, "safeguide adapt --profile profiles/st-annes.yaml");
    // The command as printed adapts exactly the two documents, with --allow-blanks not needed
    // for the keys of documents the school did not choose.
    let o = run_printed(dir.path(), &format!("{next} --allow-blanks"));
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let written = files(&dir.path().join("adapted/st-annes"));
    let names: Vec<&str> = written.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "aup-upper-ks2.docx",
            "aup-upper-ks2.html",
            "aup-upper-ks2.md",
            "online-safety-policy-school.docx",
            "online-safety-policy-school.html",
            "online-safety-policy-school.md",
        ]
    );
    // No address of a site that does not exist, in any file or any part of a Word copy.
    for (name, bytes) in &written {
        let text = if name.ends_with(".docx") {
            docx_parts(&dir.path().join("adapted/st-annes").join(name))
                .into_iter()
                .map(|(_, t)| t)
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            String::from_utf8_lossy(bytes).into_owned()
        };
        assert!(!text.contains("example.org"), "{name} links to example.org");
        assert!(text.contains("St Anne"), "{name} does not name the school");
    }
    let html = read(
        dir.path(),
        "adapted/st-annes/online-safety-policy-school.html",
    )
    .replace("&#39;", "'");
    assert!(
        html.contains("<h1>St Anne's C of E Primary School: online safety policy</h1>"),
        "{html}"
    );
    assert!(
        html.contains("Based on the Anytown Safeguarding Children Partnership model, updated "),
        "{html}"
    );
}

#[test]
fn a_quote_in_a_profile_value_is_explained() {
    let dir = tempfile::tempdir().expect("temp");
    write(
        dir.path(),
        "school.yaml",
        "name: 'St Anne's C of E Primary School'\ndsl: x\n",
    );
    let o = run(dir.path(), &["adapt", "--profile", "school.yaml"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("school.yaml:1") || err.contains("school.yaml:2"),
        "{err}"
    );
    assert!(
        err.contains("double quotes") && err.contains("apostrophe"),
        "{err}"
    );
}

#[test]
fn every_example_in_adapt_help_and_the_docs_is_a_real_page() {
    let root = repo_root();
    let help = stdout(&run(&root, &["adapt", "--help"]));
    let mut texts = vec![help];
    for doc in ["README.md", "docs/authoring.md", "docs/getting-started.md"] {
        texts.push(std::fs::read_to_string(root.join(doc)).expect("doc"));
    }
    let mut checked = 0;
    for text in &texts {
        for word in text.split(|c: char| c.is_whitespace() || "`()[],;'\"".contains(c)) {
            let word = word.trim_end_matches(['.', ':']);
            if word.starts_with("policies/") && word.ends_with(".md") && !word.contains('<') {
                assert!(
                    root.join("content").join(word).is_file(),
                    "{word} is not a page"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 2, "no examples found");
}

/// The word copies' text, from python-docx.
#[test]
fn the_adopted_word_copy_is_the_schools_own_document() {
    let dir = tempfile::tempdir().expect("temp");
    st_annes_profile(dir.path(), &["online-safety-policy-school.md"]);
    let o = run(
        dir.path(),
        &[
            "adapt",
            "--profile",
            "profiles/st-annes.yaml",
            "--format",
            "docx",
            "--allow-blanks",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let path = dir
        .path()
        .join("adapted/st-annes/online-safety-policy-school.docx");
    let Some(doc) = docx_reader::read_docx(&path) else {
        return;
    };
    let first = &doc["paragraphs"][0];
    assert_eq!(first["text"], format!("{SCHOOL}: online safety policy"));
    assert_eq!(first["style"], "Heading 1");
    assert_eq!(doc["header"][0]["text"], SCHOOL);
    let footer = doc["footer"][0].as_str().expect("footer");
    assert!(
        footer.starts_with(&format!(
            "{SCHOOL}: online safety policy — Updated 1 December 2026"
        )),
        "{footer}"
    );
    assert!(
        footer.contains("— Adopted 20 November 2026 — Review by 20 November 2027 — Page 1 of "),
        "{footer}"
    );
    assert_eq!(
        doc["properties"]["title"],
        format!("{SCHOOL}: online safety policy")
    );
    let paras = doc["paragraphs"].as_array().expect("paragraphs");
    let based: Vec<&serde_json::Value> = paras
        .iter()
        .filter(|p| {
            p["text"]
                .as_str()
                .unwrap_or("")
                .starts_with("Based on the ")
        })
        .collect();
    assert_eq!(based.len(), 1);
    assert_eq!(
        paras.last(),
        based.first().copied(),
        "the model is named last"
    );
    let styles = docx_parts(&path)
        .into_iter()
        .find(|(n, _)| n == "word/styles.xml")
        .expect("styles")
        .1;
    assert!(styles.contains("<w:lang w:val=\"en-GB\""), "{styles}");
}

/// The PDF's pages' text and the heights of its words (pdftotext -bbox), or None without
/// poppler-utils outside CI.
fn pdf_text_and_word_heights(pdf: &Path) -> Option<(Vec<String>, Vec<f64>)> {
    let text = Command::new("pdftotext").arg(pdf).arg("-").output();
    let Ok(text) = text else {
        assert!(
            std::env::var_os("CI").is_none(),
            "pdftotext is required in CI"
        );
        return None;
    };
    let pages = String::from_utf8_lossy(&text.stdout)
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext -bbox");
    let html = String::from_utf8_lossy(&bbox.stdout).into_owned();
    let num = |w: &str, attr: &str| -> f64 {
        let at = w.find(&format!("{attr}=\"")).expect("attr") + attr.len() + 2;
        w[at..w[at..].find('"').expect("end") + at]
            .parse()
            .expect("number")
    };
    let heights = html
        .split("<word ")
        .skip(1)
        .map(|w| num(w, "yMax") - num(w, "yMin"))
        .collect();
    Some((pages, heights))
}

fn print(html: &Path, pdf: &Path) -> bool {
    let Some(chromium) = chromium_path() else {
        let _ = browser();
        return false;
    };
    let profile = tempfile::tempdir().expect("profile");
    let o = Command::new(chromium)
        .args(safeguide::BROWSER_FLAGS)
        .arg("--headless")
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run Chromium");
    assert!(
        pdf.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    true
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_printed_adopted_copies_name_the_school_on_every_page_and_pupil_agreements_fit_one_sheet() {
    let dir = tempfile::tempdir().expect("temp");
    st_annes_profile(
        dir.path(),
        &[
            "online-safety-policy-school.md",
            "aup-early-years-ks1.md",
            "aup-lower-ks2.md",
            "aup-upper-ks2.md",
        ],
    );
    let o = run(
        dir.path(),
        &[
            "adapt",
            "--profile",
            "profiles/st-annes.yaml",
            "--format",
            "html",
            "--allow-blanks",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("adapted/st-annes");
    for (doc, max_pages) in [
        ("online-safety-policy-school", 99),
        ("aup-early-years-ks1", 2),
        ("aup-lower-ks2", 2),
        ("aup-upper-ks2", 2),
    ] {
        let pdf = dir.path().join(format!("{doc}.pdf"));
        if !print(&out.join(format!("{doc}.html")), &pdf) {
            return;
        }
        let _ = std::fs::copy(&pdf, screenshot_dir().join(format!("adopted-{doc}.pdf")));
        let Some((pages, heights)) = pdf_text_and_word_heights(&pdf) else {
            return;
        };
        assert!(pages.len() <= max_pages, "{doc}: {} pages", pages.len());
        assert!(
            pages[0].contains(&format!("{SCHOOL}:")),
            "{doc} page 1: {}",
            pages[0]
        );
        for (i, p) in pages.iter().enumerate() {
            assert!(
                p.contains(SCHOOL),
                "{doc} page {} has no school name: {p}",
                i + 1
            );
            assert!(
                p.contains(&format!("Page {} of {}", i + 1, pages.len())),
                "{doc} page {}: {p}",
                i + 1
            );
            assert!(!p.contains("check there"), "{doc} page {}: {p}", i + 1);
            assert!(
                p.contains("Adopted 20 November 2026"),
                "{doc} page {}: {p}",
                i + 1
            );
        }
        let text = pages.join("\n");
        assert_eq!(
            text.matches("Based on the Anytown Safeguarding Children Partnership model")
                .count(),
            1,
            "{doc}"
        );
        if doc.starts_with("aup-") {
            // The signature block whole, on the last page.
            let last = pages.last().expect("a page");
            assert!(
                last.contains("For the school") && last.contains("Parent or carer"),
                "{doc}: {last}"
            );
            // Body words at least 14 pt: the middle word box is at least 14 pt tall.
            let mut h = heights.clone();
            h.sort_by(f64::total_cmp);
            let median = h[h.len() / 2];
            assert!(median >= 14.0, "{doc}: median word height {median} pt");
            assert!(!text.contains("my teacher, Mr David Okafor"), "{doc}");
        }
    }
}

/// A red 400 x 160 PNG.
fn logo_png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(400, 160, image::Rgb([190, 20, 40]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode");
    out.into_inner()
}

/// Adapts St Anne's documents with `profile` and `logo: "<logo>"` added to it.
fn adapt_with_logo(dir: &Path, profile: &str, logo: &str) -> std::process::Output {
    std::fs::write(
        dir.join("profiles/st-annes.yaml"),
        format!("{profile}\nlogo: \"{logo}\"\n"),
    )
    .expect("profile");
    run(
        dir,
        &[
            "adapt",
            "--profile",
            "profiles/st-annes.yaml",
            "--allow-blanks",
        ],
    )
}

/// Pages (1-based) holding at least one picture, from poppler's `pdfimages -list`.
fn pages_with_pictures(pdf: &Path) -> std::collections::BTreeSet<usize> {
    let o = Command::new("pdfimages")
        .arg("-list")
        .arg(pdf)
        .output()
        .expect("pdfimages");
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect()
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_logo_in_the_profile_heads_every_printed_page_and_the_word_copy() {
    let dir = tempfile::tempdir().expect("temp");
    st_annes_profile(dir.path(), &["online-safety-policy-school.md"]);
    std::fs::write(dir.path().join("profiles/st-annes-logo.png"), logo_png()).expect("logo");
    let profile = read(dir.path(), "profiles/st-annes.yaml");
    assert!(profile.contains("# logo: \"our-logo.png\""), "{profile}");
    let o = adapt_with_logo(dir.path(), &profile, "st-annes-logo.png");
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("adapted/st-annes");

    // The Word copy: the picture in the header, beside the school's name.
    let parts = docx_parts(&out.join("online-safety-policy-school.docx"));
    let header = &parts
        .iter()
        .find(|(n, _)| n == "word/header1.xml")
        .expect("header")
        .1;
    assert!(
        header.contains("<pic:pic") && header.contains("r:embed="),
        "{header}"
    );
    assert!(
        header.contains(SCHOOL.replace('\'', "&apos;").as_str()) || header.contains(SCHOOL),
        "{header}"
    );
    let media: Vec<&String> = parts
        .iter()
        .map(|(n, _)| n)
        .filter(|n| n.starts_with("word/media/"))
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");

    // Printed: the logo on every page (and the name, as before).
    let pdf = dir.path().join("policy.pdf");
    if !print(&out.join("online-safety-policy-school.html"), &pdf) {
        return;
    }
    let _ = std::fs::copy(&pdf, screenshot_dir().join("adopted-with-logo.pdf"));
    let Some(pages) = pdf_pages(&pdf) else {
        return;
    };
    assert!(pages.len() > 1, "{} pages", pages.len());
    let with: Vec<usize> = pages_with_pictures(&pdf).into_iter().collect();
    assert_eq!(
        with,
        (1..=pages.len()).collect::<Vec<_>>(),
        "pages with the logo"
    );

    // LibreOffice shows the Word copy's header picture too.
    if Command::new("soffice").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "LibreOffice is required in CI"
        );
        return;
    }
    let lo = tempfile::tempdir().expect("lo profile");
    let pdf_dir = tempfile::tempdir().expect("pdf");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            lo.path().display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(pdf_dir.path())
        .arg(out.join("online-safety-policy-school.docx"))
        .output()
        .expect("run soffice");
    assert!(status.status.success(), "{status:?}");
    let word_pdf = pdf_dir.path().join("online-safety-policy-school.pdf");
    let word_pages = pdf_pages(&word_pdf).expect("pages").len();
    let with: Vec<usize> = pages_with_pictures(&word_pdf).into_iter().collect();
    assert_eq!(
        with,
        (1..=word_pages).collect::<Vec<_>>(),
        "Word pages with the logo"
    );
}

#[test]
fn a_logo_that_is_not_a_picture_or_lies_outside_the_folder_is_refused_at_its_line() {
    let dir = tempfile::tempdir().expect("temp");
    st_annes_profile(dir.path(), &["online-safety-policy-school.md"]);
    let profile = read(dir.path(), "profiles/st-annes.yaml");
    let line = profile.lines().count() + 2;
    std::fs::write(dir.path().join("profiles/notes.png"), "not a picture").expect("notes");
    let outside = tempfile::tempdir().expect("outside");
    std::fs::write(outside.path().join("logo.png"), logo_png()).expect("logo");
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("logo.png"),
        dir.path().join("profiles/linked.png"),
    )
    .expect("link");
    for (value, says) in [
        ("notes.png", "not a PNG or JPEG"),
        ("../../logo.png", "cannot be used"),
        #[cfg(unix)]
        ("linked.png", "cannot be used"),
        ("missing.png", "cannot be used"),
    ] {
        let o = adapt_with_logo(dir.path(), &profile, value);
        assert!(!o.status.success(), "{value}: {}", stdout(&o));
        let err = stderr(&o);
        assert!(err.contains(says), "{value}: {err}");
        assert!(
            err.contains(&format!("st-annes.yaml:{line}:")),
            "{value}: not at line {line}: {err}"
        );
        assert!(
            !dir.path().join("adapted").exists(),
            "{value}: wrote output"
        );
    }
}
