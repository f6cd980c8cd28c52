//! The audit page in headless Chromium: fill in the organisation and answers, download the return
//! (CSV and JSON) as a user would, and `safeguide returns` reads both files unchanged. The audit
//! page and the report it makes pass axe-core.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{axe_violations, browser, build_ok, eval, fixture, read, run, serve_dir, stderr};
use headless_chrome::protocol::cdp::Page;
use headless_chrome::Tab;

/// Waits for one finished download ending in `ext` in `dir` (Chromium writes `.crdownload` first).
fn downloaded(dir: &Path, ext: &str) -> PathBuf {
    let start = Instant::now();
    loop {
        let found = std::fs::read_dir(dir)
            .expect("downloads")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|e| e == ext));
        // Whole: Chromium may name the file before it has written it (seen under load).
        let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        if let Some(p) = found.filter(|p| size(p) > 0) {
            let before = size(&p);
            std::thread::sleep(Duration::from_millis(100));
            if size(&p) == before {
                return p;
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(15),
            "no .{ext} download"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Sets a field's value and fires the events typing or choosing would.
fn fill(tab: &Tab, selector: &str, value: &str) {
    eval(
        tab,
        &format!(
            "(() => {{ const f = document.querySelector({}); f.value = {}; f.dispatchEvent(new Event('input', {{bubbles: true}})); f.dispatchEvent(new Event('change', {{bubbles: true}})); }})()",
            serde_json::to_string(selector).unwrap(),
            serde_json::to_string(value).unwrap()
        ),
    );
}

fn click(tab: &Tab, selector: &str) {
    tab.find_element(selector)
        .unwrap_or_else(|e| panic!("{selector}: {e}"))
        .click()
        .unwrap_or_else(|e| panic!("click {selector}: {e}"));
}

/// The fixture at `root` built, served, and its audit page open in a fresh Chromium tab once its
/// script has run; `None` without a browser (outside CI).
fn open_audit_page(
    root: &Path,
) -> Option<(
    headless_chrome::Browser,
    tempfile::TempDir,
    std::sync::Arc<Tab>,
)> {
    let (browser, profile) = browser()?;
    build_ok(root, &[]);
    let base = serve_dir(&root.join("public"));
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(20));
    tab.navigate_to(&format!("{base}/audits/review/"))
        .and_then(|t| t.wait_until_navigated())
        .expect("audit page");
    tab.wait_for_element("[data-audit-actions]:not([hidden])")
        .expect("the script shows the actions");
    Some((browser, profile, tab))
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_return_downloaded_from_the_audit_page_is_read_back_unchanged() {
    let site = fixture("returns");
    let root = site.path();
    let Some((_browser, _profile, tab)) = open_audit_page(root) else {
        return;
    };
    let downloads = tempfile::tempdir().expect("downloads");
    tab.call_method(Page::SetDownloadBehavior {
        behavior: Page::SetDownloadBehaviorBehaviorOption::Allow,
        download_path: Some(downloads.path().to_string_lossy().into_owned()),
    })
    .expect("allow downloads");

    // The page says which edition it is and that nothing leaves the browser.
    let intro = eval(&tab, "document.querySelector('.audit-intro').textContent");
    let intro = intro.as_str().unwrap_or_default();
    assert!(
        intro.contains("This is version 2 of the audit, updated 1 November 2026."),
        "{intro}"
    );
    assert!(intro.contains("Nothing is sent anywhere"), "{intro}");
    let violations = axe_violations(&tab);
    assert!(violations.is_empty(), "audit page: {violations:#?}");

    // Without a name there is no download, and the user is told why and taken to the field.
    click(&tab, "[data-export-csv]");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('[data-audit-message]').hidden"
        ),
        false
    );
    assert_eq!(eval(&tab, "document.activeElement.id"), "audit-org-name");

    let name = "St Mary's, \"Oak\" & Elm <b>C of E</b>";
    // Typing through the protocol costs a quarter of a second a key: one field is typed for real
    // (the name, where the focus was put), the rest are set as the browser would after typing.
    tab.type_str("St").expect("type name");
    fill(&tab, "#audit-org-name", name);
    fill(&tab, "#audit-org-id", "100001");
    fill(&tab, "#audit-org-type", "early-years");
    fill(&tab, "#audit-org-by", "Ms A Patel, DSL");
    fill(&tab, "#audit-org-date", "2026-12-03");
    click(&tab, "input[name='q-policy'][value='yes']");
    eval(
        &tab,
        "document.querySelector(\"input[name='q-policy-annual-review'][value='partly']\").click()",
    );
    eval(
        &tab,
        "document.querySelector(\"input[name='q-staff-aup'][value='no']\").click()",
    );
    fill(
        &tab,
        "textarea[name='q-staff-aup-notes']",
        "Rewrite by March, \"with\" governors\n=then sign",
    );
    // filtering-checks is left unanswered.

    click(&tab, "[data-export-csv]");
    let csv = downloaded(downloads.path(), "csv");
    assert_eq!(
        csv.file_name().unwrap().to_string_lossy(),
        "review-st-mary-s-oak-elm-b-c-of-e-b-2026-12-03.csv"
    );
    // The evidence's second line starts a formula: written as text (the CSV cell rule), and read
    // back as typed below.
    let raw = std::fs::read_to_string(&csv).expect("the CSV");
    assert!(raw.contains("governors\n'=then sign"), "{raw}");
    click(&tab, "[data-export-json]");
    let json = downloaded(downloads.path(), "json");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('[data-audit-message]').hidden"
        ),
        true
    );

    // Each file, as downloaded, in a returns folder of its own: read with no problem at all.
    for (file, folder) in [(&csv, "csv-round"), (&json, "json-round")] {
        let dir = root.join(folder);
        std::fs::create_dir(&dir).unwrap();
        std::fs::copy(file, dir.join(file.file_name().unwrap())).unwrap();
        let o = run(root, &["returns", folder, "--audit", "review"]);
        assert_eq!(o.status.code(), Some(0), "{folder}: {}", stderr(&o));
        assert_eq!(stderr(&o), "", "{folder}");
        let html = read(root, &format!("{folder}-report.html"));
        assert!(
            html.contains("St Mary&#39;s, &quot;Oak&quot; &amp; Elm &lt;b&gt;C of E&lt;/b&gt;</h3>\n<p class=\"meta\"><span>Early years</span><span>id 100001</span><span>score 38%</span><span>completed by Ms A Patel, DSL 3 December 2026</span><span>version 2</span>"),
            "{folder}: {html}"
        );
        assert!(
            html.contains("Rewrite by March, &quot;with&quot; governors<br>=then sign"),
            "{folder}: {html}"
        );
    }

    // A link the partnership sends fills in who the return is from, over what was saved.
    let here = tab.get_url();
    let base = here.split("/audits/").next().expect("served address");
    tab.navigate_to(&format!(
        "{base}/audits/review/?org=Elm%20Lane%20Youth%20Club&id=SC%2042&type=youth"
    ))
    .and_then(|t| t.wait_until_navigated())
    .expect("audit page from a link");
    tab.wait_for_element("[data-audit-actions]:not([hidden])")
        .expect("the script ran");
    assert_eq!(
        eval(
            &tab,
            "['audit-org-name', 'audit-org-id', 'audit-org-type', 'audit-org-by'].map(id => document.getElementById(id).value).join('|')"
        ),
        "Elm Lane Youth Club|SC 42|youth-club|Ms A Patel, DSL"
    );
    tab.navigate_to(&format!("{base}/audits/review/?type=%27%5D%2C*"))
        .and_then(|t| t.wait_until_navigated())
        .expect("audit page with a bad type");
    tab.wait_for_element("[data-audit-actions]:not([hidden])")
        .expect("the script ran");
    assert_eq!(
        eval(&tab, "document.getElementById('audit-org-type').value"),
        "youth-club",
        "a type that is not one of the list changes nothing"
    );

    // The report itself: open it as the officer would (a file) and run axe-core on it.
    let report = root.join("csv-round-report.html");
    tab.navigate_to(&format!("file://{}", report.display()))
        .and_then(|t| t.wait_until_navigated())
        .expect("report");
    let violations = axe_violations(&tab);
    assert!(violations.is_empty(), "report: {violations:#?}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('svg[role=img][aria-label]').length"
        ),
        4
    );
}

/// The audit page's copy of the CSV cell rule gives, for every shared case, the cell the Rust rule
/// gives (src/csv_cell.rs runs the same file).
#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_audit_pages_csv_cells_follow_the_shared_cases() {
    let site = fixture("returns");
    let Some((_browser, _profile, tab)) = open_audit_page(site.path()) else {
        return;
    };
    let cases: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(common::repo_root().join("tests/data/csv_cells.json"))
            .expect("the cases"),
    )
    .expect("JSON");
    let cases = cases["cases"].as_array().expect("cases");
    let texts: Vec<&str> = cases.iter().map(|c| c["text"].as_str().unwrap()).collect();
    let got = eval(
        &tab,
        &format!(
            "JSON.stringify({}.map(window.safeguideCsvCell))",
            serde_json::to_string(&texts).unwrap()
        ),
    );
    let got: Vec<String> = serde_json::from_str(got.as_str().expect("a string")).expect("JSON");
    assert_eq!(got.len(), cases.len());
    for (c, g) in cases.iter().zip(&got) {
        assert_eq!(g, c["cell"].as_str().unwrap(), "{:?}", c["text"]);
    }
}
