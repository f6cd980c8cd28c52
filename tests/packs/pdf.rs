//! `build --pdf`: printed by a real Chromium and checked with poppler-utils.

use super::*;

/// `safeguide build --pdf` in `root` with SAFEGUIDE_CHROMIUM set to `chromium` (unset if `None`)
/// and, if given, PATH replaced.
fn build_pdf(root: &Path, chromium: Option<&Path>, path: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(bin());
    cmd.args(["build", "--pdf"])
        .current_dir(root)
        .env("NO_COLOR", "1");
    match chromium {
        Some(c) => cmd.env("SAFEGUIDE_CHROMIUM", c),
        None => cmd.env_remove("SAFEGUIDE_CHROMIUM"),
    };
    if let Some(p) = path {
        cmd.env("PATH", p);
    }
    cmd.output().expect("run safeguide")
}

#[test]
fn pdf_without_a_browser_is_a_usage_error_with_how_to_install() {
    let site = fixture("packs");
    let o = build_pdf(site.path(), None, Some(""));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("apt-get install chromium") && err.contains("SAFEGUIDE_CHROMIUM"),
        "{err}"
    );
    assert!(!site.path().join("public").exists());

    let o = build_pdf(site.path(), Some(Path::new("/nonexistent/chromium")), None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("/nonexistent/chromium"));
}

#[test]
fn a_failed_print_leaves_the_previous_site_in_place() {
    let site = fixture("packs");
    build_ok(site.path(), &[]);
    let before = read(site.path(), "public/packs/session/participant/index.html");
    write(
        site.path(),
        "content/guides/risks.md",
        "---\ntitle: Online risks, changed\nkind: guide\n---\n## Contact\n\nChanged.\n",
    );
    // A "browser" that fails: the build must fail and change nothing.
    let o = build_pdf(site.path(), Some(Path::new("/bin/false")), None);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("packs/session.yaml") && err.contains("cannot print"),
        "{err}"
    );
    assert_eq!(
        read(site.path(), "public/packs/session/participant/index.html"),
        before
    );
    assert!(!site
        .path()
        .join("public/packs/session/session-participant.pdf")
        .exists());
}

/// Runs a poppler tool; `None` (skip) when poppler-utils is missing locally, a failure in CI.
fn poppler(tool: &str, args: &[&str]) -> Option<String> {
    match Command::new(tool).args(args).output() {
        Ok(o) => {
            assert!(o.status.success(), "{tool} {args:?}: {}", stderr(&o));
            Some(stdout(&o))
        }
        Err(_) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("{tool} is required in CI: install poppler-utils")
        }
        Err(_) => {
            eprintln!(
                "note: skipping PDF checks: {tool} not found (apt-get install poppler-utils)"
            );
            None
        }
    }
}

/// Checks the contents page (page 2) of a pack PDF: each item's page number is the page whose text
/// starts that part ("PART 3 ·"), and the page before does not.
fn contents_match_the_pages(pdf: &str, pages: usize, what: &str) {
    let page_text = |n: usize| {
        poppler(
            "pdftotext",
            &[
                "-f",
                &n.to_string(),
                "-l",
                &n.to_string(),
                "-layout",
                pdf,
                "-",
            ],
        )
        .expect("pdftotext")
    };
    let contents = page_text(2);
    let mut seen = 0;
    for line in contents.lines() {
        let t = line.trim();
        let Some((n, rest)) = t.split_once(". ") else {
            continue;
        };
        let (Ok(n), Some(Ok(p))) = (
            n.parse::<usize>(),
            rest.split_whitespace().last().map(str::parse::<usize>),
        ) else {
            continue;
        };
        seen += 1;
        assert!(
            p > 2 && p <= pages,
            "{what}: item {n} on page {p} of {pages}"
        );
        let label = format!("PART {n} ");
        assert!(
            page_text(p).contains(&label),
            "{what}: item {n} does not start on page {p}"
        );
        assert!(
            !page_text(p - 1).contains(&label),
            "{what}: item {n} starts before page {p}"
        );
    }
    assert!(
        seen >= 2,
        "{what}: no page numbers in the contents:\n{contents}"
    );
}

/// The words of a pack PDF's contents page.
fn flat_contents(pdf: &str) -> String {
    words(&poppler("pdftotext", &["-f", "2", "-l", "2", pdf, "-"]).expect("pdftotext"))
}

/// The titles of a pack's items on its page that are plain ASCII (written as-is in PDF strings).
fn page_titles(page: &str) -> Vec<String> {
    let Some(list) = page.split("class=pack-items>").nth(1) else {
        return Vec::new();
    };
    list.split("</ol>")
        .next()
        .unwrap_or_default()
        .split("</a>")
        .filter_map(|a| a.rsplit('>').next())
        .filter(|t| !t.is_empty() && t.is_ascii() && !t.contains('&') && !t.contains('('))
        .map(str::to_string)
        .collect()
}

fn words(s: &str) -> String {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn bundled_packs_print_to_a4_pdfs_with_page_numbers_and_the_right_notes() {
    let Some(chromium) = chromium_path() else {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("Chromium is required for PDF tests in CI: install Debian's `chromium` package");
        }
        eprintln!("note: skipping PDF test: no Chromium found (apt-get install chromium)");
        return;
    };
    let site = bundled_site();
    let o = build_pdf(site.path(), Some(&chromium), None);
    assert!(o.status.success(), "build --pdf failed:\n{}", stderr(&o));
    // Progress per PDF (name, pages, time), and the summary counts the PDFs.
    let err = stderr(&o);
    for id in ["staff-awareness", "parents-evening", "online-safety-lead"] {
        for edition in ["facilitator", "participant"] {
            let line = format!("printed packs/{id}/{id}-{edition}.pdf (");
            assert!(err.contains(&line), "no progress line {line} in:\n{err}");
        }
    }
    assert!(err.contains(" pages, ") && err.contains(" s)"), "{err}");
    assert!(stdout(&o).contains(" and 6 PDFs ("), "{}", stdout(&o));
    let shots = screenshot_dir();
    let mut packs: Vec<_> = std::fs::read_dir(site.path().join("packs"))
        .expect("packs")
        .map(|e| e.expect("entry").path())
        .collect();
    packs.sort();
    assert!(!packs.is_empty());
    // Phrases of the facilitator's script (session plans, say / ask / draw out, answers): never
    // in a participant edition.
    const SCRIPT: [&str; 8] = [
        "Session plan",
        "Take a few answers",
        "Draw out",
        "Introduce yourself",
        "you present",
        "Give each",
        "Suggested answers",
        "Key points",
    ];
    let mut page_counts = std::collections::HashMap::new();
    for pack in packs {
        let id = pack
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let def = std::fs::read_to_string(&pack).expect("pack");
        let items: Vec<&str> = def
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- "))
            .collect();
        // A facilitator note from the pack's items, to look for in each edition.
        let note = items
            .iter()
            .filter_map(|i| std::fs::read_to_string(site.path().join("content").join(i)).ok())
            .find_map(|text| {
                let at = text.find("> [!FACILITATOR]\n> ")?;
                let line = text[at..].lines().nth(1)?.trim_start_matches("> ");
                Some(words(line).split(' ').take(6).collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_else(|| panic!("pack {id} has no item with a facilitator note"));
        let page = read(site.path(), &format!("public/packs/{id}/index.html"));
        for edition in ["facilitator", "participant"] {
            let pdf = site
                .path()
                .join(format!("public/packs/{id}/{id}-{edition}.pdf"));
            assert!(pdf.is_file(), "no {}", pdf.display());
            assert!(
                attr_values(&page, "href").contains(&format!("/packs/{id}/{id}-{edition}.pdf")),
                "the pack page does not link the {edition} PDF"
            );
            let pdf_s = pdf.to_string_lossy().into_owned();
            let Some(info) = poppler("pdfinfo", &[&pdf_s]) else {
                return;
            };
            let pages: usize = info
                .lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .expect("page count");
            // Cover, contents (for more than two items), then at least one page per item of
            // this edition (the participant edition may list its own).
            let yaml: serde_yaml::Value = serde_yaml::from_str(&def).expect("pack YAML");
            let listed = |key: &str| yaml[key].as_sequence().map(Vec::len);
            let in_edition = match edition {
                "participant" => listed("participant").or(listed("items")),
                _ => listed("items"),
            }
            .expect("items");
            let contents = usize::from(in_edition > 2);
            assert!(
                pages > in_edition + contents,
                "{id} {edition}: {pages} pages for {in_edition} items"
            );
            let size = info
                .lines()
                .find(|l| l.starts_with("Page size:"))
                .expect("size");
            let dims: Vec<f64> = size
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            assert!(
                dims.len() >= 2 && (dims[0] - 595.0).abs() < 1.0 && (dims[1] - 842.0).abs() < 1.0,
                "{id} {edition}: not A4: {size}"
            );
            page_counts.insert((id.clone(), edition), pages);
            // An edition of two items or fewer has no contents page (issue #33).
            let printed = read(
                site.path(),
                &format!("public/packs/{id}/{edition}/index.html"),
            );
            let has_contents = printed.contains("contents-title");
            if has_contents {
                contents_match_the_pages(&pdf_s, pages, &format!("{id} {edition}"));
            }
            // Bookmarks: an outline in the catalog with an entry per item.
            let raw = std::fs::read(&pdf).expect("pdf");
            let raw = String::from_utf8_lossy(&raw);
            assert!(raw.contains("/Outlines"), "{id} {edition}: no outline");
            let ascii_titles: Vec<String> = page_titles(&page)
                .into_iter()
                .filter(|t| {
                    edition == "facilitator"
                        || if has_contents {
                            flat_contents(&pdf_s).contains(&words(t))
                        } else {
                            printed.contains(t.as_str())
                        }
                })
                .collect();
            assert!(!ascii_titles.is_empty());
            // Chromium takes bookmark text from the laid-out heading, where a line break may
            // drop a space: compare without spaces.
            let squeeze = |t: &str| t.split_whitespace().collect::<String>();
            let bookmarks: Vec<String> = raw
                .split("/Title (")
                .skip(1)
                .filter_map(|t| t.split(')').next())
                .map(squeeze)
                .collect();
            for t in ascii_titles {
                assert!(
                    bookmarks.contains(&squeeze(&t)),
                    "{id} {edition}: no bookmark for {t} in {bookmarks:?}"
                );
            }
            let text = poppler("pdftotext", &["-layout", &pdf_s, "-"]).expect("pdftotext");
            let flat = words(&text);
            let script: Vec<&str> = SCRIPT
                .iter()
                .copied()
                .filter(|p| flat.contains(&words(p)))
                .collect();
            if edition == "facilitator" {
                assert!(
                    script.len() >= 3,
                    "{id}: the script phrases are stale: {script:?}"
                );
            } else {
                assert!(
                    script.is_empty(),
                    "{id}: participant PDF has script: {script:?}"
                );
                let fac = page_counts[&(id.clone(), "facilitator")];
                assert!(
                    pages * 2 <= fac,
                    "{id}: participant edition has {pages} pages, facilitator {fac}"
                );
                // Printed on DATE from SITE, and the pack's version, on the pages.
                assert!(
                    text.contains("Printed on") && text.contains("Version"),
                    "{id}"
                );
            }
            if edition == "facilitator" {
                assert!(
                    flat.contains(&note),
                    "{id}: facilitator PDF lacks the note `{note}`"
                );
                assert!(text.to_lowercase().contains("facilitator note"), "{id}");
            } else {
                assert!(
                    !flat.contains(&note),
                    "{id}: participant PDF shows the note `{note}`"
                );
                assert!(!text.to_lowercase().contains("facilitator note"), "{id}");
            }
            assert!(
                text.contains(&format!("Page 2 of {pages}")),
                "{id} {edition}: no page numbers"
            );
            assert!(
                text.contains(&format!("Page {pages} of {pages}")),
                "{id} {edition}"
            );
            let prefix = shots.join(format!("pack-{id}-{edition}"));
            poppler(
                "pdftoppm",
                &[
                    "-png",
                    "-r",
                    "50",
                    "-f",
                    "1",
                    "-l",
                    "3",
                    &pdf_s,
                    &prefix.to_string_lossy(),
                ],
            );
        }
    }
}
