//! The fill-in form on a model policy, in headless Chromium: typing fills the blanks live (as text),
//! the values survive a reload (localStorage), print shows them, and Clear puts the blanks back.
//! The Word copy made in the browser from the values typed, read back with python-docx; and what
//! printing gives, read from the PDF with pdftotext (poppler-utils).

mod common;
mod docx_reader;

use std::path::Path;
use std::process::Command;

use common::{browser, build_ok, eval, fixture, pdf_pages, run, serve_dir, stderr};
use headless_chrome::Tab;

/// Texts and classes of every blank for `key`, as JSON.
fn blanks(tab: &Tab, key: &str) -> serde_json::Value {
    eval(
        tab,
        &format!(
            "JSON.stringify(Array.from(document.querySelectorAll('.content .placeholder[data-placeholder=\"{key}\"]')).map(s => [s.className, s.textContent]))"
        ),
    )
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn fill_in_form_fills_blanks_keeps_values_in_the_browser_prints_and_clears() {
    let site = fixture("policies");
    build_ok(site.path(), &[]);
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let base = serve_dir(&site.path().join("public"));
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{base}/policies/model-policy/"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    tab.wait_for_element("details.fill-in:not([hidden]) #ph-name")
        .expect("the script shows the form");

    let evil = "<img src=x onerror=window.hacked=1> Oak & Co";
    tab.find_element("#ph-name").unwrap().click().unwrap();
    tab.type_str(evil).unwrap();
    tab.find_element("#ph-dsl").unwrap().click().unwrap();
    tab.type_str("Ms A Patel").unwrap();

    let filled = serde_json::json!([["placeholder filled", evil], ["placeholder filled", evil]]);
    assert_eq!(
        blanks(&tab, "name")
            .as_str()
            .map(|s| serde_json::from_str::<serde_json::Value>(s).unwrap()),
        Some(filled.clone())
    );
    assert!(blanks(&tab, "dsl").as_str().unwrap().contains("Ms A Patel"));
    // Typed text is text: no element was made from it and no script ran.
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.content img').length"),
        0
    );
    assert_eq!(eval(&tab, "typeof window.hacked"), "undefined");
    // A blank with no value yet still shows its label.
    assert!(blanks(&tab, "review_date")
        .as_str()
        .unwrap()
        .contains("placeholder blank"));

    // Print: the filled policy, without the form.
    let pdf = tab.print_to_pdf(None).expect("print to PDF");
    let pdf_path = site.path().join("printed.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    match Command::new("pdftotext").arg(&pdf_path).arg("-").output() {
        Ok(o) if o.status.success() => {
            let text = String::from_utf8_lossy(&o.stdout);
            assert!(text.contains("Ms A Patel"), "{text}");
            assert!(text.contains("Oak & Co"), "{text}");
            assert!(!text.contains("Fill in your details"), "{text}");
        }
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("pdftotext (poppler-utils) is required in CI")
        }
        _ => eprintln!("note: skipping print text check: no pdftotext"),
    }

    // The values stay in this browser: after a reload they are back, in the form and the page.
    tab.reload(false, None).expect("reload");
    tab.wait_for_element("details.fill-in:not([hidden]) #ph-name")
        .expect("form after reload");
    assert_eq!(eval(&tab, "document.getElementById('ph-name').value"), evil);
    assert_eq!(
        blanks(&tab, "name")
            .as_str()
            .map(|s| serde_json::from_str::<serde_json::Value>(s).unwrap()),
        Some(filled)
    );
    let stored = eval(&tab, "localStorage.getItem('safeguide:placeholders')");
    assert!(stored.as_str().unwrap().contains("Ms A Patel"), "{stored}");

    // Clear: nothing stored, the blanks and their labels come back.
    tab.find_element("[data-clear]").unwrap().click().unwrap();
    assert_eq!(
        eval(&tab, "localStorage.getItem('safeguide:placeholders')"),
        serde_json::Value::Null
    );
    assert_eq!(eval(&tab, "document.getElementById('ph-name').value"), "");
    let name = blanks(&tab, "name");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(name.as_str().unwrap()).unwrap(),
        serde_json::json!([
            ["placeholder blank", "Name of the school"],
            ["placeholder blank", "Name of the school"]
        ])
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('.content .placeholder-label').length"
        ),
        eval(
            &tab,
            "document.querySelectorAll('.content .placeholder').length"
        )
    );
}

/// Prints `url` to PDF with Chromium's own command line, as `build --pdf` does.
fn print_with_cli(url: &str, out: &Path) -> Option<Vec<String>> {
    let chromium = common::chromium_path()?;
    let profile = tempfile::tempdir().expect("profile");
    let o = Command::new(chromium)
        .args(safeguide::BROWSER_FLAGS)
        .arg("--headless")
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", out.display()))
        .arg(url)
        .output()
        .expect("run Chromium");
    assert!(
        out.is_file(),
        "no PDF: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    pdf_pages(out)
}

/// The one page holding the whole signature section, or a panic naming where it split.
fn signature_page<'p>(pages: &'p [String], signers: &[&str]) -> &'p str {
    let page = pages
        .iter()
        .find(|p| p.contains("Signatures"))
        .unwrap_or_else(|| panic!("no signature section in {pages:?}"));
    for s in signers {
        assert!(
            page.contains(s),
            "{s} is not on the page with the signature section:\n{page}"
        );
    }
    // The last line of the last signer is there too.
    let after = &page[page.find("For the school").unwrap()..];
    assert_eq!(after.matches("Signature").count(), 1, "{after}");
    assert!(after.contains("Date"), "{after}");
    page
}

/// Clutter that must never be printed with a model document.
const CLUTTER: [&str; 9] = [
    "This is a model document",
    "Word document",
    ".docx",
    "Schools and settings",
    "Topics",
    "Skip to main content",
    "Report a concern",
    "Fill in your details",
    "Contents",
];

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn printed_policy_is_the_document_alone_with_its_footer_and_signatures_on_one_page() {
    let site = fixture("policies");
    build_ok(site.path(), &["--offline"]);
    if common::chromium_path().is_none() {
        // browser() reports the skip (or fails in CI).
        let _ = browser();
        return;
    }
    let page = site.path().join("public/policies/student-aup/index.html");
    let pdf = site.path().join("blank.pdf");
    let Some(pages) = print_with_cli(&format!("file://{}", page.display()), &pdf) else {
        return;
    };
    let text = pages.join("\n");
    for c in CLUTTER {
        assert!(!text.contains(c), "{c:?} was printed:\n{text}");
    }
    assert!(
        text.contains("Version 3.1, updated 1 October 2026"),
        "{text}"
    );
    // The footer on every page: title, version, where it came from and when, page numbers.
    let today = safeguide::Date::today().long();
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.contains("Student acceptable use agreement — Version 3.1, updated 1 October 2026"),
            "page {}: {p}",
            i + 1
        );
        assert!(
            p.contains(&format!("Printed on {today} from safe.example.org/policies/student-aup/ — check there for the latest version")),
            "page {}: {p}",
            i + 1
        );
        assert!(
            p.contains(&format!("Page {} of {}", i + 1, pages.len())),
            "page {}: {p}",
            i + 1
        );
    }
    signature_page(&pages, &["Student", "Parent or carer", "For the school"]);

    // The adapted copy prints the same way, its footer naming the school.
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--out",
            "out",
            "--format",
            "html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let adapted = site.path().join("out/complete/student-aup.html");
    let Some(pages) = print_with_cli(
        &format!("file://{}", adapted.display()),
        &site.path().join("adapted.pdf"),
    ) else {
        return;
    };
    let text = pages.join("\n");
    for c in CLUTTER {
        assert!(!text.contains(c), "{c:?} was printed:\n{text}");
    }
    assert!(
        text.contains("At Oak Hill Primary School I will use"),
        "{text}"
    );
    assert!(text.contains("Agreed on 14 October 2026."), "{text}");
    assert!(pages[0].contains("Page 1 of"), "{}", pages[0]);
    // The adopted copy: the school at the top of every page, its dates in the footer, no
    // pointer back to the partnership's site.
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.starts_with("Oak Hill Primary School"),
            "page {}: {p}",
            i + 1
        );
        assert!(
            p.contains("Version 3.1, updated 1 October 2026 — Adopted 14 October 2026 — Review by 2027-09-01"),
            "page {}: {p}",
            i + 1
        );
        assert!(!p.contains("check there"), "page {}: {p}", i + 1);
    }
    signature_page(&pages, &["Student", "Parent or carer", "For the school"]);
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn filled_in_policy_prints_values_without_stray_spaces() {
    let site = fixture("policies");
    build_ok(site.path(), &[]);
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let base = serve_dir(&site.path().join("public"));
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{base}/policies/student-aup/"))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    tab.wait_for_element("details.fill-in:not([hidden]) #ph-name")
        .expect("the form");
    tab.find_element("#ph-name").unwrap().click().unwrap();
    tab.type_str("  Oak Hill Primary School  ").unwrap();
    set_date(&tab, "adopted_date", "2026-10-14");
    assert_eq!(
        eval(&tab, "document.querySelector('.content .placeholder[data-placeholder=adopted_date]').textContent"),
        "14 October 2026"
    );
    let pdf = tab
        .print_to_pdf(Some(headless_chrome::types::PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            ..Default::default()
        }))
        .expect("print to PDF");
    let path = site.path().join("filled.pdf");
    std::fs::write(&path, pdf).unwrap();
    let Some(pages) = pdf_pages(&path) else {
        return;
    };
    let text = pages.join("\n");
    assert!(
        text.contains("At Oak Hill Primary School I will use technology safely."),
        "{text}"
    );
    assert!(text.contains("Agreed on 14 October 2026."), "{text}");
    for c in CLUTTER {
        assert!(!text.contains(c), "{c:?} was printed:\n{text}");
    }
    signature_page(&pages, &["Student", "Parent or carer", "For the school"]);
    // Filled in, the copy is the school's: its name heads every page, the footer gives its
    // edition and adoption date, the model is named once at the end, and nothing says "check
    // there for the latest version".
    for (i, p) in pages.iter().enumerate() {
        assert!(
            p.starts_with("Oak Hill Primary School"),
            "page {}: {p}",
            i + 1
        );
        assert!(
            p.contains("Student acceptable use agreement — Version 3.1, updated 1 October 2026 — Adopted 14 October 2026"),
            "page {}: {p}",
            i + 1
        );
        assert!(!p.contains("check there"), "page {}: {p}", i + 1);
    }
    assert_eq!(
        text.matches("Based on the Testshire Safeguarding Partnership model, version 3.1.")
            .count(),
        1,
        "{text}"
    );
}

/// Sets a date field as the date picker does, and tells the page.
fn set_date(tab: &Tab, key: &str, iso: &str) {
    eval(
        tab,
        &format!(
            "(() => {{ const i = document.getElementById('ph-{key}'); i.value = '{iso}'; i.dispatchEvent(new Event('input', {{bubbles: true}})); return i.type; }})()"
        ),
    );
}

/// Clicks "Download Word copy" and returns the file the page made, with its download name.
fn download_word_copy(tab: &Tab, out: &Path) -> String {
    // Keep the blob the page hands to the download link, to read it back.
    eval(
        tab,
        "(() => { const make = URL.createObjectURL; URL.createObjectURL = b => { window.__docx = b; return make(b); }; const click = HTMLAnchorElement.prototype.click; HTMLAnchorElement.prototype.click = function () { window.__docxName = this.download; return click.call(this); }; })()",
    );
    tab.find_element("[data-docx]").unwrap().click().unwrap();
    tab.wait_for_element("[data-fill-in-status]").unwrap();
    let mut b64 = serde_json::Value::Null;
    for _ in 0..100 {
        b64 = tab
            .evaluate(
                "window.__docx ? window.__docx.arrayBuffer().then(b => { let s = ''; new Uint8Array(b).forEach(c => s += String.fromCharCode(c)); return btoa(s); }) : null",
                true,
            )
            .expect("read the blob")
            .value
            .unwrap_or(serde_json::Value::Null);
        if b64.is_string() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let b64 = b64.as_str().unwrap_or_else(|| {
        panic!(
            "no Word copy was made: {}",
            eval(
                tab,
                "document.querySelector('[data-fill-in-status]').textContent"
            )
        )
    });
    std::fs::write(out, decode_base64(b64)).unwrap();
    eval(tab, "window.__docxName")
        .as_str()
        .unwrap_or("")
        .to_string()
}

fn decode_base64(s: &str) -> Vec<u8> {
    let abc = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = abc.iter().position(|a| *a == c).expect("base64") as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn word_copy_is_filled_in_the_browser_from_file_urls_with_values_escaped() {
    let site = fixture("policies");
    build_ok(site.path(), &["--offline"]);
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let tab = browser.new_tab().expect("tab");
    let page = site.path().join("public/policies/model-policy/index.html");
    tab.navigate_to(&format!("file://{}", page.display()))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    tab.wait_for_element("details.fill-in:not([hidden]) #ph-name")
        .expect("the form");
    let evil = "Oak & Co </w:t></w:r><w:r><w:t>\u{1}\"'";
    eval(
        &tab,
        &format!(
            "(() => {{ const i = document.getElementById('ph-name'); i.value = {}; i.dispatchEvent(new Event('input')); }})()",
            serde_json::Value::String(evil.to_string())
        ),
    );
    tab.find_element("#ph-dsl").unwrap().click().unwrap();
    tab.type_str("Ms A Patel").unwrap();
    let file = site.path().join("from-browser.docx");
    let name = download_word_copy(&tab, &file);
    assert_eq!(name, "model-policy.docx");
    let Some(doc) = docx_reader::read_docx(&file) else {
        return;
    };
    let shown = "Oak & Co </w:t></w:r><w:r><w:t>\"'";
    let text: Vec<&str> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect();
    assert!(
        text.iter()
            .any(|t| t.starts_with(&format!("{shown} takes online safety"))),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("The designated safeguarding lead is Ms A Patel.")),
        "{text:?}"
    );
    assert_eq!(doc["header"][0]["text"], shown);
    assert_eq!(doc["properties"]["author"], shown);
    assert_eq!(doc["properties"]["title"], "Model online safety policy");
    assert_eq!(
        doc["footer_fields"],
        serde_json::json!(["PAGE", "NUMPAGES"])
    );
    // What was typed is plain text; what was not is still a highlighted blank to fill in.
    let runs: Vec<(&str, bool)> = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["runs"].as_array().unwrap())
        .map(|r| (r["text"].as_str().unwrap(), r["highlight"].is_string()))
        .collect();
    assert!(runs.contains(&("Ms A Patel", false)), "{runs:?}");
    assert!(runs.contains(&("[Filtering provider]", true)), "{runs:?}");
    assert!(runs.contains(&("[Next review date]", true)), "{runs:?}");
    assert!(
        !runs.iter().any(|(t, _)| t.contains('\u{E000}')),
        "{runs:?}"
    );

    // A date typed with the date picker is written in words, as in every copy.
    let page = site.path().join("public/policies/student-aup/index.html");
    tab.navigate_to(&format!("file://{}", page.display()))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    tab.wait_for_element("details.fill-in:not([hidden]) #ph-adopted_date")
        .expect("the form");
    assert_eq!(
        eval(&tab, "document.getElementById('ph-adopted_date').type"),
        "date"
    );
    set_date(&tab, "adopted_date", "2026-10-14");
    let file = site.path().join("student.docx");
    download_word_copy(&tab, &file);
    let doc = docx_reader::read_docx(&file).expect("read");
    let all: String = doc["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["text"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("Agreed on 14 October 2026."), "{all}");
    // The name typed on the other policy is remembered here too (one store for the site).
    assert_eq!(doc["header"][0]["text"], shown);
    assert_eq!(doc["tables"].as_array().unwrap().len(), 3);
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn adapted_html_shows_filled_values_as_plain_text() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--out",
            "out",
            "--format",
            "html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let tab = browser.new_tab().expect("tab");
    let file = site.path().join("out/complete/model-policy.html");
    tab.navigate_to(&format!("file://{}", file.display()))
        .expect("navigate")
        .wait_until_navigated()
        .expect("loaded");
    let style = eval(
        &tab,
        "(() => { const s = getComputedStyle(document.querySelector('.placeholder.filled')); return [s.backgroundColor, s.paddingLeft, s.paddingRight, s.borderBottomStyle].join(' '); })()",
    );
    assert_eq!(style, "rgba(0, 0, 0, 0) 0px 0px none");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('input, form, button').length"
        ),
        0
    );
}
