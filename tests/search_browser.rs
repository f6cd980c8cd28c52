//! Search: the index files the build writes, and the search page in Chromium, served over HTTP
//! and opened from disk (file://) after an --offline build.

mod common;

use std::path::Path;
use std::time::Duration;

use common::*;
use headless_chrome::Tab;
use serde_json::Value;

/// The data an index script assigns: `(window.safeguideSearch=...)[key]=JSON.parse('<json>');`.
fn index_data(public: &Path, file: &str) -> Value {
    let script = read(public, file);
    let start = script.find("JSON.parse('").expect("an assignment") + "JSON.parse('".len();
    let end = script.rfind("');").expect("end of the string");
    // Undo the JavaScript string escapes (\\ and \' and \n; \uXXXX is left for JSON).
    let mut json = String::new();
    let mut chars = script[start..end].chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            json.push(c);
            continue;
        }
        match chars.next() {
            Some('\'') => json.push('\''),
            Some('\\') => json.push('\\'),
            Some('n') => json.push('\n'),
            Some(other) => {
                json.push('\\');
                json.push(other);
            }
            None => {}
        }
    }
    serde_json::from_str(&json).expect("index data is JSON")
}

/// Whether `token` is in the index of `field` (one tree level per character).
fn has_token(data: &Value, field: &str, token: &str) -> bool {
    let mut node = &data["index"]["index"][field]["root"];
    for c in token.chars() {
        node = &node[c.to_string()];
    }
    node["df"].as_u64().unwrap_or(0) > 0
}

fn site_with_probe_page() -> tempfile::TempDir {
    let site = bundled_site();
    write(
        site.path(),
        "content/parents/zz-probe.md",
        "---\ntitle: Probe page\nsummary: A page made by the search test.\naudience: [parents]\n---\n\n\
         Zebrafish **quokka** <span class=\"wombatclass\">narwhal</span>.\n\n## Second part {#second}\n\n\
         Okapi text here.\n",
    );
    site
}

#[test]
fn index_files_hold_one_document_per_section_and_no_bodies() {
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let all = index_data(&public, "search/all.js");
    let pages = all["pages"].as_array().expect("pages");
    let probe = pages
        .iter()
        .position(|p| p["url"] == "/parents/zz-probe/")
        .expect("probe page indexed");
    assert_eq!(pages[probe]["audience"], serde_json::json!(["parents"]));
    let docs = all["index"]["documentStore"]["docs"]
        .as_object()
        .expect("docs");
    let mine: Vec<&Value> = docs.values().filter(|d| d["page"] == probe).collect();
    assert_eq!(mine.len(), 2, "top of page and one heading: {mine:?}");
    assert!(mine
        .iter()
        .any(|d| d["anchor"] == "second" && d["heading"] == "Second part"));
    for d in docs.values() {
        let keys: Vec<&String> = d.as_object().expect("doc").keys().collect();
        assert_eq!(keys, ["anchor", "excerpt", "heading", "page"], "{d}");
        assert!(d["excerpt"].as_str().expect("excerpt").chars().count() <= 161);
    }
    let fields = &all["index"]["fields"];
    for f in [
        "title", "heading", "summary", "body", "audience", "kind", "tags",
    ] {
        assert!(
            fields.as_array().expect("fields").iter().any(|x| x == f),
            "{f}"
        );
    }
    // Body text, not HTML: the words are indexed, the markup is not.
    assert!(has_token(&all, "body", "quokka") && has_token(&all, "body", "narwhal"));
    assert!(!has_token(&all, "body", "wombatclass") && !has_token(&all, "body", "span"));
    assert!(has_token(&all, "title", "probe"));

    // Split by audience: the parents file has the parents' page, the young people's does not.
    let parents = index_data(&public, "search/for-parents.js");
    let young = index_data(&public, "search/for-young-people.js");
    let urls = |d: &Value| -> Vec<String> {
        d["pages"]
            .as_array()
            .expect("pages")
            .iter()
            .map(|p| p["url"].as_str().expect("url").to_string())
            .collect()
    };
    assert!(urls(&parents).contains(&"/parents/zz-probe/".to_string()));
    assert!(!urls(&young).contains(&"/parents/zz-probe/".to_string()));
    assert!(urls(&young).contains(&"/young-people/scams-and-money/".to_string()));
    assert!(urls(&parents).len() < pages.len());
}

#[test]
fn no_index_when_search_is_disabled() {
    let site = bundled_site();
    let yaml = read(site.path(), "site.yaml").replace("enabled: true", "enabled: false");
    write(site.path(), "site.yaml", &yaml);
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/search/all.js").exists());
}

fn eval(tab: &Tab, js: &str) -> Value {
    tab.evaluate(js, false)
        .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
        .value
        .unwrap_or(Value::Null)
}

fn text(tab: &Tab, js: &str) -> String {
    match eval(tab, js) {
        Value::String(s) => s,
        v => v.to_string(),
    }
}

/// Waits until `js` is true (results come after the index script has loaded).
fn wait_true(tab: &Tab, js: &str) {
    for _ in 0..100 {
        // Errors count as "not yet": the page may be navigating.
        let v = tab.evaluate(js, false).ok().and_then(|r| r.value);
        if v == Some(Value::Bool(true)) {
            return;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    panic!(
        "timed out waiting for {js}; status: {}",
        text(tab, "document.getElementById('search-status')?.textContent")
    );
}

const FIRST_TITLE: &str = "document.querySelector('.search-result-title a')?.textContent ?? ''";
const STATUS: &str = "document.getElementById('search-status').textContent";

/// From an audience page: the header box, then the search page's filters and a hostile query.
fn exercise_search(tab: &Tab, start: &str) {
    tab.navigate_to(start).expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    tab.wait_for_element("#header-q")
        .expect("header search box")
        .type_into("gaming")
        .expect("type");
    tab.press_key("Enter").expect("enter");
    // Polled rather than waited for as an element: the tab is navigating to the search page.
    wait_true(
        tab,
        "location.search.includes('q=gaming') && !!document.querySelector('.search-result')",
    );
    // The search started from the parents' landing page, so it is filtered to parents.
    assert_eq!(
        text(tab, "document.getElementById('search-audience').value"),
        "parents"
    );
    assert!(
        text(tab, FIRST_TITLE).starts_with("Gaming and chat"),
        "first result: {}",
        text(tab, FIRST_TITLE)
    );
    assert!(text(tab, STATUS).contains("for “gaming” for Parents and carers"));
    let marks = text(
        tab,
        "document.querySelector('.search-result mark')?.textContent ?? ''",
    );
    assert_eq!(marks.to_lowercase(), "gaming");

    // Arrow keys move from the box into the results and between them.
    tab.wait_for_element("#q")
        .expect("box")
        .click()
        .expect("focus");
    tab.press_key("ArrowDown").expect("down");
    wait_true(
        tab,
        "document.activeElement === document.querySelector('.search-result-title a')",
    );
    tab.press_key("ArrowDown").expect("down");
    wait_true(
        tab,
        "document.activeElement === document.querySelectorAll('.search-result-title a')[1]",
    );
    tab.press_key("ArrowUp").expect("up");
    tab.press_key("ArrowUp").expect("up");
    wait_true(tab, "document.activeElement.id === 'q'");

    // Audience filter: young people's pages (and pages for everyone) only.
    eval(
        tab,
        "(() => { const s = document.getElementById('search-audience'); s.value = 'young-people'; \
         s.dispatchEvent(new Event('change')); const q = document.getElementById('q'); q.value = 'money mule'; \
         q.dispatchEvent(new Event('input')); })()",
    );
    wait_true(
        tab,
        "document.getElementById('search-status').textContent.includes('Young people')",
    );
    assert!(
        text(tab, FIRST_TITLE).starts_with("Scams and money"),
        "first result: {}",
        text(tab, FIRST_TITLE)
    );
    let audiences = text(
        tab,
        "JSON.stringify([...document.querySelectorAll('.search-result-audience')].map(e => e.textContent))",
    );
    let audiences: Vec<String> = serde_json::from_str(&audiences).expect("labels");
    assert!(!audiences.is_empty());
    for a in &audiences {
        assert!(a.contains("Young people") || a == "For everyone", "{a}");
    }
    assert!(text(tab, "location.search").contains("audience=young-people"));

    // An HTML-looking query is shown as text; nothing is injected.
    let imgs = eval(tab, "document.images.length");
    let hostile = "<img src=x onerror=alert(1)>";
    eval(
        tab,
        &format!(
            "(() => {{ const q = document.getElementById('q'); q.value = {}; q.dispatchEvent(new Event('input')); }})()",
            serde_json::to_string(hostile).expect("json")
        ),
    );
    wait_true(
        tab,
        &format!(
            "{STATUS}.includes({})",
            serde_json::to_string(hostile).expect("json")
        ),
    );
    assert_eq!(eval(tab, "document.images.length"), imgs);
    assert_eq!(
        eval(
            tab,
            "document.querySelectorAll('main img, main script').length"
        ),
        0
    );

    // Other awkward queries do not break the page.
    for q in ["\"quoted\" 'words'", "安全 онлайн", &"long ".repeat(2000)] {
        eval(
            tab,
            &format!(
                "(() => {{ const q = document.getElementById('q'); q.value = {}; q.dispatchEvent(new Event('input')); }})()",
                serde_json::to_string(q).expect("json")
            ),
        );
        wait_true(tab, &format!("{STATUS}.length > 0"));
    }
}

#[test]
fn search_works_served_and_from_disk() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = bundled_site();
    build_ok(site.path(), &[]);
    let offline = site.path().join("offline");
    build_ok(
        site.path(),
        &["--offline", "-o", offline.to_str().expect("utf-8")],
    );
    let tab = browser.new_tab().expect("tab");

    let base = serve_dir(&site.path().join("public"));
    exercise_search(&tab, &format!("{base}/parents/"));

    let start = format!("file://{}/parents/index.html", offline.display());
    exercise_search(&tab, &start);
    // A result opens its page from disk.
    eval(
        &tab,
        "(() => { const s = document.getElementById('search-audience'); s.value = ''; s.dispatchEvent(new Event('change')); \
         const q = document.getElementById('q'); q.value = 'gaming'; q.dispatchEvent(new Event('input')); })()",
    );
    wait_true(
        &tab,
        "document.getElementById('search-status').textContent.includes('gaming')",
    );
    let href = text(
        &tab,
        "document.querySelector('.search-result-title a').href",
    );
    assert!(
        href.starts_with("file://") && href.contains("/index.html"),
        "{href}"
    );
    tab.wait_for_element(".search-result-title a")
        .expect("link")
        .click()
        .expect("click");
    wait_true(
        &tab,
        "document.querySelector('h1') && !location.pathname.includes('/search/')",
    );
    assert!(tab.get_url().starts_with("file://"));
}
