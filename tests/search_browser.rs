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

/// The index's fields, in the order of the postings' field numbers.
const FIELDS: [&str; 8] = [
    "title", "page", "heading", "summary", "body", "audience", "kind", "tags",
];

/// Everything one shard's files hold.
struct ShardData {
    name: String,
    audiences: Vec<String>,
    directory: Value,
    terms: Vec<Value>,
    /// Its pages' details, in page order.
    pages: Vec<Value>,
}

impl ShardData {
    /// Whether `token` is in the index of `field`.
    fn has_token(&self, field: &str, token: &str) -> bool {
        let f = FIELDS.iter().position(|x| *x == field).expect("field");
        self.terms.iter().any(|t| {
            t[token][f.to_string()]
                .as_str()
                .is_some_and(|p| !p.is_empty())
        })
    }

    fn page_urls(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|p| p["url"].as_str().expect("url").to_string())
            .collect()
    }
}

/// Every file of the shard `name` (its directory, term chunks and detail chunks).
fn shard_data(public: &Path, name: &str, audiences: Vec<String>) -> ShardData {
    let directory = index_data(public, &format!("search/{name}.js"));
    let chunks = directory["chunks"].as_array().expect("chunks").len();
    let terms = (0..chunks)
        .map(|i| index_data(public, &format!("search/{name}/t{i}.js")))
        .collect();
    let mut pages = Vec::new();
    for i in 0.. {
        let file = format!("search/{name}/p{i}.js");
        if !public.join(&file).exists() {
            break;
        }
        pages.extend(index_data(public, &file).as_array().expect("pages").clone());
    }
    ShardData {
        name: name.to_string(),
        audiences,
        directory,
        terms,
        pages,
    }
}

/// The shards of the manifest `file`, with their files' data.
fn shards_of(public: &Path, file: &str) -> Vec<ShardData> {
    let manifest = index_data(public, file);
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
            shard_data(public, s["name"].as_str().expect("name"), audiences)
        })
        .collect()
}

fn shards(public: &Path) -> Vec<ShardData> {
    shards_of(public, "search/index.js")
}

/// Every index file under public/search but the manifests, with its inode.
#[cfg(unix)]
fn search_files(public: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let mut out = std::collections::BTreeMap::new();
    let mut dirs = vec![public.join("search")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("search folder") {
            let e = e.expect("entry");
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(public).expect("inside").to_string_lossy();
                let rel = rel.replace('\\', "/");
                // The manifests and the search page are written at every build.
                if !rel.starts_with("search/index") {
                    out.insert(rel, e.metadata().expect("meta").ino());
                }
            }
        }
    }
    out
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
    let shards = shards(&public);

    // Every page is in exactly one shard, and a shard's pages all have its audiences.
    let mut seen = std::collections::HashSet::new();
    for s in &shards {
        for p in &s.pages {
            assert!(seen.insert(p["url"].to_string()), "{} twice", p["url"]);
            let mut mine: Vec<String> = p["audience"]
                .as_array()
                .expect("audience")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect();
            mine.sort();
            assert_eq!(mine, s.audiences, "{}: {p}", s.name);
            let keys: Vec<&String> = p.as_object().expect("page").keys().collect();
            assert_eq!(
                keys,
                ["audience", "docs", "kind", "summary", "title", "url"]
            );
            for d in p["docs"].as_array().expect("docs") {
                let d = d.as_array().expect("[heading, anchor, excerpt]");
                assert_eq!(d.len(), 3);
                assert!(d[2].as_str().expect("excerpt").chars().count() <= 161);
            }
        }
        // The directory counts every page's documents.
        let docs: usize = s
            .pages
            .iter()
            .map(|p| p["docs"].as_array().expect("docs").len())
            .sum();
        assert_eq!(
            s.directory["docs"].as_u64(),
            Some(docs as u64),
            "{}",
            s.name
        );
    }
    assert!(
        seen.len() > 40,
        "every page of the bundled site: {}",
        seen.len()
    );

    let probe_shard = shards
        .iter()
        .find(|s| s.page_urls().contains(&"/parents/zz-probe/".to_string()))
        .expect("probe page indexed");
    assert_eq!(probe_shard.audiences, ["parents".to_string()]);
    let probe = probe_shard
        .pages
        .iter()
        .find(|p| p["url"] == "/parents/zz-probe/")
        .expect("probe page");
    let docs = probe["docs"].as_array().expect("docs");
    assert_eq!(docs.len(), 2, "top of page and one heading: {docs:?}");
    assert_eq!(docs[1][0], "Second part");
    assert_eq!(docs[1][1], "second");
    // Body text, not HTML: the words are indexed, the markup is not.
    assert!(probe_shard.has_token("body", "quokka") && probe_shard.has_token("body", "narwhal"));
    assert!(
        !probe_shard.has_token("body", "wombatclass") && !probe_shard.has_token("body", "span")
    );
    assert!(probe_shard.has_token("title", "probe"));
    // Stemmed, as elasticlunr's English pipeline does ("zebrafish" is its own stem).
    assert!(probe_shard.has_token("title", "page"));

    // The young people's shards do not hold the parents' page.
    for s in &shards {
        if s.audiences.contains(&"young-people".to_string())
            && !s.audiences.contains(&"parents".to_string())
        {
            assert!(!s.page_urls().contains(&"/parents/zz-probe/".to_string()));
        }
    }
}

/// A rebuild takes unchanged shards' files from the previous output (the same files,
/// hard-linked) and builds only the files of the shard of the page that changed.
#[test]
#[cfg(unix)]
fn a_rebuild_reuses_unchanged_shards() {
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let manifest = |public: &Path| read(public, "search/index.js");
    let before = search_files(&public);
    let shard_names =
        |public: &Path| -> Vec<String> { shards(public).into_iter().map(|s| s.name).collect() };
    let names_before = shard_names(&public);

    build_ok(site.path(), &[]);
    assert_eq!(
        before,
        search_files(&public),
        "no change: the same files, carried over"
    );

    let probe = read(site.path(), "content/parents/zz-probe.md").replace("Okapi", "Capybara");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let after = search_files(&public);
    let names_after = shard_names(&public);
    let changed: Vec<&String> = names_after
        .iter()
        .filter(|n| !names_before.contains(n))
        .collect();
    assert_eq!(changed.len(), 1, "only the probe's shard: {changed:?}");
    let new = shard_data(&public, changed[0], vec![]);
    assert!(new.has_token("body", "capybara"));
    assert!(new.page_urls().contains(&"/parents/zz-probe/".to_string()));
    for (f, inode) in &after {
        if f.contains(changed[0].as_str()) || f.starts_with("search/index") {
            continue;
        }
        assert_eq!(before.get(f), Some(inode), "{f} was rebuilt");
    }
    assert!(manifest(&public).contains(changed[0].as_str()));

    // A new title shows in menus and listings across the site, but in the search index only in
    // the page's own shard.
    let probe = read(site.path(), "content/parents/zz-probe.md")
        .replace("title: Probe page", "title: Probe page renamed");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let new = shard_names(&public);
    let retitled: Vec<&String> = new.iter().filter(|n| !names_after.contains(n)).collect();
    assert_eq!(retitled.len(), 1, "{names_after:?} -> {new:?}");
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

/// The search page queries the chunks of each shard holding the query's terms and merges them
/// into one elasticlunr index, with the document counts added up over the shards. The order it
/// shows must be the order one index of every shard's every term gives: built here in the page,
/// from all the files (`ALL`, read by the test), with elasticlunr.js.
const ONE_INDEX_SCORES: &str = r#"(() => {
  const FIELDS = ['title', 'page', 'heading', 'summary', 'body', 'audience', 'kind', 'tags'];
  const one = new elasticlunr.Index();
  one.pipeline = new elasticlunr.Pipeline();
  one.pipeline.add(elasticlunr.trimmer, elasticlunr.stopWordFilter, elasticlunr.stemmer);
  FIELDS.forEach(f => one.addField(f));
  const digits = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_~';
  const decode = s => { const out = []; let n = 0;
    for (const c of s) { const d = digits.indexOf(c); if (d < 32) { out.push(n * 32 + d); n = 0; } else n = n * 32 + d - 32; }
    return out; };
  const pages = {};
  ALL.forEach(sh => {
    one.documentStore.length += sh.directory.docs;
    const counts = decode(sh.directory.sections);
    let doc = 0;
    counts.forEach((c, p) => { for (let i = 0; i < c; i++, doc++) {
      const page = sh.pages[p];
      pages[sh.name + '/' + doc] = [page.url, page.docs[i][1], sh.name + '/' + p];
    } });
    sh.terms.forEach(chunk => { for (const term in chunk) for (const f in chunk[term]) {
      const list = decode(chunk[term][f]); let d = 0;
      for (let i = 0; i < list.length; i += 3) {
        d += list[i];
        const ref = sh.name + '/' + d;
        one.index[FIELDS[f]].addToken(term, {ref, tf: Math.sqrt(list[i + 1])});
        one.documentStore.docs[ref] = {};
        (one.documentStore.docInfo[ref] ||= {})[FIELDS[f]] = list[i + 2];
      }
    } });
  });
  // The search page's configuration (themes/default/static/search.js).
  const config = {fields: {title: {boost: 5}, heading: {boost: 3}, summary: {boost: 2}, tags: {boost: 2},
    page: {boost: 1}, body: {boost: 1}, audience: {boost: 1}, kind: {boost: 1}}, bool: 'OR', expand: true};
  const best = {}, order = [];
  for (const h of one.search(document.getElementById('q').value, config)) {
    const [url, anchor, page] = pages[h.ref];
    if (page in best) continue;
    best[page] = true;
    order.push([url + (anchor ? '#' + anchor : ''), h.score]);
  }
  const score = {};
  order.forEach(([u, s]) => { score[u] = s; });
  const shown = [...document.querySelectorAll('.search-result-title a')]
    .map(a => { const u = new URL(a.href); return u.pathname + u.hash; });
  return JSON.stringify({
    expected: order.slice(0, shown.length).map(o => o[1]),
    shown: shown.map(u => score[u] ?? -1),
    shards: ALL.length,
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
    let public = site.path().join("public");
    let all: Vec<Value> = shards(&public)
        .into_iter()
        .map(|s| {
            serde_json::json!({"name": s.name, "directory": s.directory, "terms": s.terms, "pages": s.pages})
        })
        .collect();
    let all = format!("const ALL = {};", Value::Array(all));
    let base = serve_dir(&public);
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
        let js = ONE_INDEX_SCORES.replacen("(() => {", &format!("(() => {{ {all}"), 1);
        let v: Value = serde_json::from_str(&text(&tab, &js)).expect("json");
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
