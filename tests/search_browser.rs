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

/// The manifest's shards: (name, file, audiences).
fn shards(public: &Path) -> Vec<(String, String, Vec<String>)> {
    let manifest = index_data(public, "search/index.js");
    manifest["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|s| {
            let audiences = s["audiences"]
                .as_array()
                .expect("audiences")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect();
            (
                s["name"].as_str().expect("name").to_string(),
                s["file"].as_str().expect("file").to_string(),
                audiences,
            )
        })
        .collect()
}

fn page_urls(data: &Value) -> Vec<String> {
    data["pages"]
        .as_array()
        .expect("pages")
        .iter()
        .map(|p| p["url"].as_str().expect("url").to_string())
        .collect()
}

#[test]
fn index_files_hold_one_document_per_section_and_no_bodies() {
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let shards = shards(&public);
    let data: Vec<Value> = shards
        .iter()
        .map(|(_, f, _)| index_data(&public, f))
        .collect();

    // Every page is in exactly one shard, and a shard's pages all have its audiences.
    let mut seen = std::collections::HashSet::new();
    for ((_, file, audiences), d) in shards.iter().zip(&data) {
        for p in d["pages"].as_array().expect("pages") {
            assert!(seen.insert(p["url"].to_string()), "{} twice", p["url"]);
            let mut mine: Vec<String> = p["audience"]
                .as_array()
                .expect("audience")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect();
            mine.sort();
            assert_eq!(&mine, audiences, "{file}: {p}");
        }
    }
    assert!(
        seen.len() > 40,
        "every page of the bundled site: {}",
        seen.len()
    );

    let (i, (_, _, audiences)) = shards
        .iter()
        .enumerate()
        .find(|(i, _)| page_urls(&data[*i]).contains(&"/parents/zz-probe/".to_string()))
        .expect("probe page indexed");
    assert_eq!(audiences, &["parents".to_string()]);
    let all = &data[i];
    let pages = all["pages"].as_array().expect("pages");
    let probe = pages
        .iter()
        .position(|p| p["url"] == "/parents/zz-probe/")
        .expect("probe page");
    let docs = all["index"]["documentStore"]["docs"]
        .as_object()
        .expect("docs");
    let mine: Vec<&Value> = docs.values().filter(|d| d["page"] == probe).collect();
    assert_eq!(mine.len(), 2, "top of page and one heading: {mine:?}");
    assert!(mine
        .iter()
        .any(|d| d["anchor"] == "second" && d["heading"] == "Second part"));
    for d in data.iter().flat_map(|d| {
        d["index"]["documentStore"]["docs"]
            .as_object()
            .expect("docs")
            .values()
    }) {
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
    assert!(has_token(all, "body", "quokka") && has_token(all, "body", "narwhal"));
    assert!(!has_token(all, "body", "wombatclass") && !has_token(all, "body", "span"));
    assert!(has_token(all, "title", "probe"));

    // The young people's shards do not hold the parents' page.
    for (d, (_, _, a)) in data.iter().zip(&shards) {
        if a.contains(&"young-people".to_string()) && !a.contains(&"parents".to_string()) {
            assert!(!page_urls(d).contains(&"/parents/zz-probe/".to_string()));
        }
    }
}

/// A rebuild takes unchanged shards from the previous output (the same file, hard-linked) and
/// builds only the shard of the page that changed.
#[test]
#[cfg(unix)]
fn a_rebuild_reuses_unchanged_shards() {
    use std::os::unix::fs::MetadataExt;
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let inode = |f: &str| std::fs::metadata(public.join(f)).expect("shard file").ino();
    let before: Vec<(String, u64)> = shards(&public)
        .into_iter()
        .map(|(_, f, _)| (f.clone(), inode(&f)))
        .collect();

    build_ok(site.path(), &[]);
    let again: Vec<(String, u64)> = shards(&public)
        .into_iter()
        .map(|(_, f, _)| (f.clone(), inode(&f)))
        .collect();
    assert_eq!(before, again, "no change: the same files, carried over");

    let probe = read(site.path(), "content/parents/zz-probe.md").replace("Okapi", "Capybara");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let after = shards(&public);
    let changed: Vec<&(String, String, Vec<String>)> = after
        .iter()
        .filter(|(_, f, _)| !before.iter().any(|(b, _)| b == f))
        .collect();
    assert_eq!(changed.len(), 1, "only the probe's shard: {changed:?}");
    assert_eq!(changed[0].2, ["parents".to_string()]);
    assert!(has_token(
        &index_data(&public, &changed[0].1),
        "body",
        "capybara"
    ));
    for (_, f, _) in after.iter().filter(|s| s.1 != changed[0].1) {
        assert!(before.contains(&(f.clone(), inode(f))), "{f} was rebuilt");
    }

    // A new title shows in menus and listings across the site, but in the search index only in
    // the page's own shard.
    let names = |v: &[(String, String, Vec<String>)]| -> Vec<String> {
        v.iter().map(|s| s.0.clone()).collect()
    };
    let probe = read(site.path(), "content/parents/zz-probe.md")
        .replace("title: Probe page", "title: Probe page renamed");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let (old, new) = (names(&after), names(&shards(&public)));
    let retitled: Vec<&String> = new.iter().filter(|n| !old.contains(n)).collect();
    assert_eq!(retitled.len(), 1, "{old:?} -> {new:?}");
}

#[test]
fn no_index_when_search_is_disabled() {
    let site = bundled_site();
    let yaml = read(site.path(), "site.yaml").replace("enabled: true", "enabled: false");
    write(site.path(), "site.yaml", &yaml);
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/search/index.js").exists());
    assert!(!site.path().join("public/search").exists());
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

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
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

/// The search page queries each shard and merges the results by score, with document frequencies
/// added up over the shards. The order it shows must be the order one index of all the shards'
/// documents gives: built here in the page, from the shards' own trees, with elasticlunr.js.
const ONE_INDEX_SCORES: &str = r#"(() => {
  const S = window.safeguideSearch, m = S.manifest;
  const first = S[m.shards[0].name].index;
  const one = new elasticlunr.Index();
  one.pipeline = elasticlunr.Pipeline.load(first.pipeline);
  first.fields.forEach(f => one.addField(f));
  const pages = {};
  m.shards.forEach(sh => {
    const d = S[sh.name], store = d.index.documentStore;
    for (const ref in store.docs) {
      const r = sh.name + '/' + ref;
      one.documentStore.docs[r] = store.docs[ref];
      one.documentStore.docInfo[r] = store.docInfo[ref];
      one.documentStore.length++;
      pages[r] = d.pages[store.docs[ref].page];
    }
    first.fields.forEach(f => {
      const walk = (node, token) => {
        for (const ref in node.docs) one.index[f].addToken(token, {ref: sh.name + '/' + ref, tf: node.docs[ref].tf});
        for (const k in node) if (k !== 'docs' && k !== 'df') walk(node[k], token + k);
      };
      walk(d.index.index[f].root, '');
    });
  });
  // The search page's configuration (themes/default/static/search.js).
  const config = {fields: {title: {boost: 5}, heading: {boost: 3}, summary: {boost: 2}, tags: {boost: 2},
    page: {boost: 1}, body: {boost: 1}, audience: {boost: 1}, kind: {boost: 1}}, bool: 'OR', expand: true};
  const best = {}, order = [];
  for (const h of one.search(document.getElementById('q').value, config)) {
    const doc = one.documentStore.docs[h.ref], page = h.ref.split('/')[0] + '/' + doc.page;
    if (page in best) continue;
    best[page] = true;
    order.push([pages[h.ref].url + (doc.anchor ? '#' + doc.anchor : ''), h.score]);
  }
  const score = {};
  order.forEach(([u, s]) => { score[u] = s; });
  const shown = [...document.querySelectorAll('.search-result-title a')]
    .map(a => { const u = new URL(a.href); return u.pathname + u.hash; });
  return JSON.stringify({
    expected: order.slice(0, shown.length).map(o => o[1]),
    shown: shown.map(u => score[u] ?? -1),
    shards: m.shards.length,
  });
})()"#;

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn results_from_several_shards_rank_as_one_index_would() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = bundled_site();
    build_ok(site.path(), &[]);
    let base = serve_dir(&site.path().join("public"));
    let tab = browser.new_tab().expect("tab");
    for q in [
        "online safety at home",
        "report a worry about gaming",
        "phone",
    ] {
        let url = format!("{base}/search/?q={}", q.replace(' ', "+"));
        tab.navigate_to(&url).expect("navigate");
        tab.wait_until_navigated().expect("navigated");
        wait_true(
            &tab,
            "document.querySelectorAll('.search-result').length >= 5",
        );
        let v: Value = serde_json::from_str(&text(&tab, ONE_INDEX_SCORES)).expect("json");
        assert!(v["shards"].as_u64().expect("count") > 3, "{v}");
        let expected: Vec<f64> = serde_json::from_value(v["expected"].clone()).expect("scores");
        let shown: Vec<f64> = serde_json::from_value(v["shown"].clone()).expect("scores");
        assert_eq!(expected.len(), shown.len());
        for (e, s) in expected.iter().zip(&shown) {
            // Equal up to the order floating-point sums were taken in.
            assert!(
                (e - s).abs() <= 1e-9 * e.abs().max(1.0),
                "{q}: {expected:?} vs {shown:?}"
            );
        }
    }
}

/// A browser or proxy may keep the manifest of an earlier build, naming shards that are gone. The
/// search page then fetches the current manifest once, past any cache, and searches as usual.
#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_manifest_from_an_earlier_build_is_refreshed() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = bundled_site();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let mut stale = index_data(&public, "search/index.js");
    for (i, s) in stale["shards"]
        .as_array_mut()
        .expect("shards")
        .iter_mut()
        .enumerate()
    {
        s["name"] = Value::String(format!("{i:016x}"));
        s["file"] = Value::String(format!("search/{i:016x}.js"));
    }
    let base = serve_dir(&public);
    let tab = browser.new_tab().expect("tab");
    // As if the old manifest script had come from a cache: set before the page's scripts run.
    tab.call_method(
        headless_chrome::protocol::cdp::Page::AddScriptToEvaluateOnNewDocument {
            source: format!("window.safeguideSearch = {{ manifest: {stale} }};"),
            world_name: None,
            include_command_line_api: None,
            run_immediately: None,
        },
    )
    .expect("inject");
    tab.navigate_to(&format!("{base}/search/?q=gaming"))
        .expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    wait_true(
        &tab,
        "document.querySelectorAll('.search-result').length > 0",
    );
    assert!(text(&tab, STATUS).contains("for “gaming”"));
    let fetched = text(
        &tab,
        "performance.getEntriesByType('resource').map(e => e.name).join(' ')",
    );
    assert!(fetched.contains("search/index.js?fresh="), "{fetched}");
}
