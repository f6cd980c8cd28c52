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
