//! One search index per language: a bilingual site's Welsh pages are indexed with a plain
//! pipeline (no English stemmer or stop words), its English pages with English's, each behind its
//! own manifest, and each search page queries its own language's index only.

mod common;

use std::path::Path;

use common::*;
use headless_chrome::Tab;
use serde_json::Value;

const SITE: &str = "title: Bilingual Safety
base_url: https://safety.example.test/
languages:
  - { code: en-GB, name: English }
  - { code: cy, name: Cymraeg }
audiences:
  - id: kids
    name: Children
";

/// A Welsh word the English pipeline changes: the English stemmer cuts its final `s`.
const WELSH_WORD: &str = "ynys";

fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(r, "site.yaml", SITE);
    write(r, "content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");
    write(
        r,
        "content/_index.cy.md",
        "---\ntitle: Hafan\n---\nCroeso.\n",
    );
    write(
        r,
        "content/kids/gaming.md",
        "---\ntitle: Gaming safely\naudience: [kids]\n---\nTrampolines and consoles.\n",
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        &format!(
            "---\ntitle: Chwarae gemau'n ddiogel\naudience: [kids]\n---\n\
             Mae'r {WELSH_WORD} yn ddiogel. Siaradwch am y gemau.\n"
        ),
    );
    dir
}

/// The data a search script assigns (`...=JSON.parse('<json>');`; these files hold no quotes or
/// backslashes that need undoing).
fn data(public: &Path, file: &str) -> Value {
    let script = read(public, file);
    let start = script.find("JSON.parse('").expect("assignment") + "JSON.parse('".len();
    let end = script.rfind("');").expect("end");
    serde_json::from_str(&script[start..end].replace("\\'", "'")).expect("json")
}

/// Every term of the term chunks a manifest names.
fn terms(public: &Path, manifest: &str) -> Vec<String> {
    let m = data(public, manifest);
    let name = m["terms"].as_str().expect("terms");
    let dir = data(public, &format!("search/{name}.js"));
    let mut out = Vec::new();
    for i in 0..dir["chunks"].as_array().expect("chunks").len() {
        let chunk = data(public, &format!("search/{name}/t{i}.js"));
        out.extend(chunk.as_object().expect("terms").keys().cloned());
    }
    out
}

#[test]
fn each_language_has_its_own_manifest_and_pipeline() {
    let site = bilingual();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    assert_eq!(data(&public, "search/index.js")["pipeline"], "en");
    assert_eq!(data(&public, "search/index.cy.js")["pipeline"], "plain");
    // The filters' labels are in the manifest's language.
    let kind_labels = |file: &str| data(&public, file)["kinds"].to_string();
    assert!(
        kind_labels("search/index.cy.js").contains("Rhagor o wybodaeth"),
        "{}",
        kind_labels("search/index.cy.js")
    );
    assert!(kind_labels("search/index.js").contains("More information"));

    // The word is one elasticlunr's English pipeline changes, so finding it as written shows
    // the Welsh index did not run that pipeline.
    let english_pipeline = {
        use elasticlunr::lang::Language;
        elasticlunr::lang::English::new().make_pipeline()
    };
    assert_ne!(
        english_pipeline.run(vec![WELSH_WORD.to_lowercase()]),
        [WELSH_WORD],
        "a word the English stemmer changes"
    );
    let welsh = terms(&public, "search/index.cy.js");
    let english = terms(&public, "search/index.js");
    // Welsh words as written, stop-word lookalikes (`am`, `y`) kept; no English page's words.
    for w in [WELSH_WORD, "am", "y", "gemau'n", "siaradwch"] {
        assert!(welsh.contains(&w.to_string()), "{w}: {welsh:?}");
    }
    assert!(
        !welsh.iter().any(|t| t.starts_with("trampolin")),
        "{welsh:?}"
    );
    // English stemmed; no Welsh page's words.
    assert!(english.contains(&"trampolin".to_string()), "{english:?}");
    assert!(!english
        .iter()
        .any(|t| t.starts_with("ynys") || t == "siaradwch"));

    // The search page names its language's manifest.
    let page = read(&public, "search/index.html");
    assert!(names_manifest(&page, "search/index.js"), "{page}");
}

/// Whether a search page's form names `manifest` (quoted or, minified, not).
fn names_manifest(html: &str, manifest: &str) -> bool {
    html.contains(&format!("data-search-manifest=\"{manifest}\""))
        || html.contains(&format!("data-search-manifest={manifest}>"))
        || html.contains(&format!("data-search-manifest={manifest} "))
}

/// Opens `url` and waits for the status line of query `q`; returns the result URLs.
fn results(tab: &Tab, url: &str, q: &str) -> Vec<String> {
    tab.navigate_to(url).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    // Results are drawn as their details arrive: the list is busy until the last is.
    let done = format!(
        "document.getElementById('search-status').textContent.includes({}) \
         && !document.getElementById('search-results').hasAttribute('aria-busy')",
        serde_json::to_string(&format!("“{q}”")).expect("json")
    );
    wait_for(tab, &done, &format!("the results for {q}"));
    let urls = eval_str(
        tab,
        "JSON.stringify([...document.querySelectorAll('.search-result-title a')].map(a => new URL(a.href).pathname))",
    );
    serde_json::from_str(&urls).expect("urls")
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_welsh_search_page_finds_welsh_pages_and_the_english_one_english_pages() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = bilingual();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    // The build makes the Welsh search page, pointed at the Welsh manifest.
    assert!(names_manifest(
        &read(&public, "cy/search/index.html"),
        "search/index.cy.js"
    ));
    let base = serve_dir(&public);
    let tab = browser.new_tab().expect("tab");
    let welsh_page = "/cy/kids/gaming/";
    let english_page = "/kids/gaming/";

    let found = results(
        &tab,
        &format!("{base}/cy/search/?q={WELSH_WORD}"),
        WELSH_WORD,
    );
    assert_eq!(found, [welsh_page]);
    // The script's words (status line, who a result is for) are the Welsh page's, not English.
    assert_eq!(
        eval_str(&tab, "document.getElementById('search-status').textContent"),
        format!("1 canlyniad ar gyfer “{WELSH_WORD}”.")
    );
    let meta = eval_str(
        &tab,
        "[...document.querySelectorAll('.search-result-meta')].map(m => m.textContent).join('|')",
    );
    assert!(meta.starts_with("Ar gyfer "), "{meta}");
    assert!(!meta.contains("For "), "{meta}");
    // An English stop word is a Welsh word ("about"): the Welsh index keeps it.
    assert_eq!(
        results(&tab, &format!("{base}/cy/search/?q=am"), "am"),
        [welsh_page]
    );
    assert!(results(
        &tab,
        &format!("{base}/cy/search/?q=trampolines"),
        "trampolines"
    )
    .is_empty());

    assert_eq!(
        results(
            &tab,
            &format!("{base}/search/?q=trampolines"),
            "trampolines"
        ),
        [english_page]
    );
    assert!(results(&tab, &format!("{base}/search/?q={WELSH_WORD}"), WELSH_WORD).is_empty());
    let fetched = eval_str(
        &tab,
        "performance.getEntriesByType('resource').map(e => e.name).join(' ')",
    );
    assert!(!fetched.contains("index.cy.js"), "{fetched}");
}
