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

    /// The audience set the directory gives page `p` (sorted ids; empty: for everyone).
    fn audiences_of(&self, p: usize) -> Vec<String> {
        let set = decode(self.directory["audiences"].as_str().expect("audiences"))[p];
        self.directory["audienceSets"][set]
            .as_array()
            .expect("set")
            .iter()
            .map(|a| a.as_str().expect("id").to_string())
            .collect()
    }

    fn page_urls(&self) -> Vec<String> {
        self.pages
            .iter()
            .map(|p| p["url"].as_str().expect("url").to_string())
            .collect()
    }
}

/// A number list of the index files (src/search/index.rs `push_number`).
fn decode(s: &str) -> Vec<usize> {
    const DIGITS: &str = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_~";
    let mut out = Vec::new();
    let mut n = 0;
    for c in s.chars() {
        let d = DIGITS.find(c).expect("a digit");
        if d < 32 {
            out.push(n * 32 + d);
            n = 0;
        } else {
            n = n * 32 + d - 32;
        }
    }
    out
}

/// Every shard's part of the term chunks named `terms` (src/search/terms.rs): by shard name,
/// term -> field -> postings.
fn terms_by_shard(public: &Path, terms: &str) -> std::collections::HashMap<String, Value> {
    let directory = index_data(public, &format!("search/{terms}.js"));
    let names: Vec<&str> = directory["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|n| n.as_str().expect("name"))
        .collect();
    let mut out: std::collections::HashMap<String, Value> = names
        .iter()
        .map(|n| (n.to_string(), Value::Object(Default::default())))
        .collect();
    let chunks = directory["chunks"].as_array().expect("chunks").len();
    for i in 0..chunks {
        let chunk = index_data(public, &format!("search/{terms}/t{i}.js"));
        for (term, parts) in chunk.as_object().expect("terms") {
            for (pos, fields) in parts.as_object().expect("parts") {
                let name = names[pos.parse::<usize>().expect("a position")];
                out.get_mut(name).expect("a shard")[term] = fields.clone();
            }
        }
    }
    out
}

/// Every file of the shard `name` (its directory and detail chunks), and `terms`, its terms.
fn shard_data(public: &Path, name: &str, terms: Value) -> ShardData {
    let directory = index_data(public, &format!("search/{name}.js"));
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
        directory,
        terms: vec![terms],
        pages,
    }
}

/// The shards of the manifest `file`, with their files' data.
fn shards_of(public: &Path, file: &str) -> Vec<ShardData> {
    let manifest = index_data(public, file);
    let mut terms = match manifest["terms"].as_str() {
        Some(name) if !name.is_empty() => terms_by_shard(public, name),
        _ => Default::default(),
    };
    manifest["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|s| {
            let name = s["name"].as_str().expect("name");
            let mine = terms.remove(name).expect("the shard's terms");
            shard_data(public, name, mine)
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

    // Every page is in exactly one shard, and the directory's audience table agrees with its
    // details.
    let mut seen = std::collections::HashSet::new();
    let mut sets = std::collections::BTreeSet::new();
    for s in &shards {
        for (i, p) in s.pages.iter().enumerate() {
            assert!(seen.insert(p["url"].to_string()), "{} twice", p["url"]);
            let mut mine: Vec<String> = p["audience"]
                .as_array()
                .expect("audience")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect();
            mine.sort();
            assert_eq!(mine, s.audiences_of(i), "{}: {p}", s.name);
            sets.insert(mine);
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
    assert!(
        sets.len() > 3,
        "pages of several audiences share a shard: {sets:?}"
    );

    let probe_shard = shards
        .iter()
        .find(|s| s.page_urls().contains(&"/parents/zz-probe/".to_string()))
        .expect("probe page indexed");
    let at = probe_shard
        .page_urls()
        .iter()
        .position(|u| u == "/parents/zz-probe/")
        .expect("probe page");
    assert_eq!(probe_shard.audiences_of(at), ["parents".to_string()]);
    let probe = &probe_shard.pages[at];
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
}

/// Issue #23: a language's term chunks hold every shard's terms, so an edit makes new ones; the
/// rebuild reads the unchanged shards' terms back from the previous chunks instead of rendering
/// their pages again, and the merged chunks hold exactly what a clean build's do.
#[test]
#[cfg(unix)]
fn a_rebuild_reads_unchanged_shards_terms_back_from_the_previous_chunks() {
    use std::os::unix::fs::MetadataExt;
    let site = site_of_several_shards();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let before = shards(&public);
    assert!(before.len() >= 2, "{}", before.len());
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).expect("a page").ino();
    let page_file = |url: &str| format!("{}index.html", url.trim_start_matches('/'));

    let edited = "content/more/g0002.md";
    let text = read(site.path(), edited).replace("\n\n## ", " Axolotl.\n\n## ");
    write(site.path(), edited, &text);
    let kept_pages: Vec<(String, u64)> = before
        .iter()
        .filter(|s| !s.page_urls().contains(&"/more/g0002/".to_string()))
        .flat_map(|s| s.page_urls().into_iter().take(20))
        .map(|u| {
            let f = page_file(&u);
            let i = inode(&f);
            (f, i)
        })
        .collect();
    assert!(!kept_pages.is_empty());
    let o = build_ok(site.path(), &[]);
    // The other shards' pages were not rendered again (their search text was not needed).
    let out = stdout(&o);
    let carried: usize = out
        .split("; ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count of pages carried over: {out}"));
    let others: usize = before
        .iter()
        .filter(|s| !s.page_urls().contains(&"/more/g0002/".to_string()))
        .map(|s| s.pages.len())
        .sum();
    assert!(
        carried >= others,
        "{carried} carried over, {others} in the other shards"
    );
    let after = shards(&public);
    assert_eq!(before.len(), after.len());
    let mut changed = 0;
    for (b, a) in before.iter().zip(&after) {
        if b.name == a.name {
            assert_eq!(
                b.terms, a.terms,
                "the terms of {} read back as they were",
                b.name
            );
        } else {
            changed += 1;
            assert!(a.has_token("body", "axolotl") && !b.has_token("body", "axolotl"));
        }
    }
    assert_eq!(changed, 1);
    // The other shards' pages were not rendered again: the same files, carried over.
    for (f, i) in &kept_pages {
        assert_eq!(inode(f), *i, "{f} was rendered again");
    }
    // And the chunks are what a clean build writes.
    let clean = tempfile::tempdir().expect("temp dir");
    let out = clean.path().join("public");
    build_ok(site.path(), &["--output", out.to_str().expect("utf-8")]);
    let fresh = shards(&out);
    for (a, f) in after.iter().zip(&fresh) {
        assert_eq!(a.name, f.name);
        assert_eq!(a.terms, f.terms);
    }
    assert_eq!(
        read(&public, "search/index.js"),
        read(&out, "search/index.js")
    );
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
    let new = shards(&public)
        .into_iter()
        .find(|s| s.name == *changed[0])
        .expect("the new shard");
    assert!(new.has_token("body", "capybara"));
    assert!(new.page_urls().contains(&"/parents/zz-probe/".to_string()));
    // The language's term files are merged again, under a new name.
    let terms_of = |public: &Path| {
        index_data(public, "search/index.js")["terms"]
            .as_str()
            .expect("terms")
            .to_string()
    };
    let terms = terms_of(&public);
    assert!(before.keys().all(|f| !f.contains(&terms)));
    for (f, inode) in &after {
        if f.contains(changed[0].as_str()) || f.contains(&terms) || f.starts_with("search/index") {
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

/// Every result the search asked details for is drawn.
const DRAWN: &str = "!document.getElementById('search-results').hasAttribute('aria-busy')";

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

/// The search page queries the chunks of each shard holding the query's terms and scores them as
/// one elasticlunr index would, with the document counts added up over the shards. The order it
/// shows must be the order one index of every shard's every term gives: built here in the page,
/// from all the files (`ALL`, read by the test), with elasticlunr.js.
const ONE_INDEX_SCORES: &str = r#"(() => {
  const FIELDS = ['title', 'page', 'heading', 'summary', 'body', 'audience', 'kind', 'tags'];
  const one = new elasticlunr.Index();
  one.pipeline = new elasticlunr.Pipeline();
  one.pipeline.add(elasticlunr.trimmer, elasticlunr.stopWordFilter, elasticlunr.stemmer);
  FIELDS.forEach(f => one.addField(f));
  // The search page matches only the last word typed (three characters or more) as a prefix:
  // expanding every word fetched every chunk of every `game…` term for "gaming chat" (issue
  // #23). elasticlunr's `expand` applies to every word, so here the index expands only that
  // word's stem; its other tokens are looked up as they are, as without `expand`. The recursive
  // calls (with a node) are elasticlunr's own walk of the prefix's subtree.
  const typed = elasticlunr.tokenizer(document.getElementById('q').value).map(t => elasticlunr.trimmer(t));
  const last = typed.length ? typed[typed.length - 1] : '';
  const prefix = last.length >= 3 ? (one.pipeline.run([last])[0] ?? null) : null;
  FIELDS.forEach(f => {
    const index = one.index[f];
    const expand = index.expandToken;
    index.expandToken = function (token, memo, node) {
      return node === undefined && token !== prefix ? [token] : expand.call(this, token, memo, node);
    };
  });
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
    let site = site_of_several_shards();
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
        "gaming chat",
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
        assert!(v["shards"].as_u64().expect("count") >= 2, "{v}");
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

/// The terms the search page looks up for query `q` (elasticlunr's tokenizer and English
/// pipeline), and the stem of its last word, matched as a prefix when it has three characters.
fn query_terms(q: &str) -> (Vec<String>, Option<String>) {
    use elasticlunr::lang::Language;
    let pipeline = elasticlunr::lang::English::new().make_pipeline();
    let tokens: Vec<String> = q
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    let prefix = tokens
        .last()
        .filter(|t| t.chars().count() >= 3)
        .and_then(|t| pipeline.run(vec![t.clone()]).pop());
    (pipeline.run(tokens), prefix)
}

/// The index files the page fetched since `before` of them, as paths from the site root.
fn fetched_since(tab: &Tab, before: usize) -> Vec<String> {
    let names = text(
        tab,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname))",
    );
    let names: Vec<String> = serde_json::from_str(&names).expect("names");
    names
        .into_iter()
        .skip(before)
        .filter(|n| n.starts_with("/search/") && n.ends_with(".js"))
        .map(|n| n[1..].to_string())
        .collect()
}

fn resources(tab: &Tab) -> usize {
    text(tab, "performance.getEntriesByType('resource').length")
        .parse()
        .expect("a count")
}

/// Results are drawn in rank order as their details arrive, out of order on a slow network: the
/// list only ever grows by its next results, the status comes with the first, and the list is
/// `aria-busy` until all ten are drawn.
#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn results_are_drawn_in_order_as_their_details_arrive() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = site_of_several_shards();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    // Detail files take 0 to 600 ms, by their name: they arrive in no particular order.
    let base = serve_dir_with_delays(&public, |path| {
        let n: u64 = path.bytes().map(u64::from).sum();
        let detail = path.rsplit('/').next().is_some_and(|f| f.starts_with('p'));
        Duration::from_millis(if detail { (n * 7919 % 7) * 100 } else { 0 })
    });
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("{base}/search/"))
        .expect("navigate");
    tab.wait_until_navigated().expect("navigated");
    // Every state of the list and the status, as the page changes them.
    eval(
        &tab,
        "(() => { window.states = []; const list = document.getElementById('search-results'); \
         const status = document.getElementById('search-status'); \
         const note = () => window.states.push([list.getAttribute('aria-busy'), status.textContent, \
           [...list.querySelectorAll('.search-result-title a')].map(a => a.getAttribute('href'))]); \
         new MutationObserver(note).observe(list, {childList: true, attributes: true}); \
         new MutationObserver(note).observe(status, {childList: true, characterData: true, subtree: true}); \
         const q = document.getElementById('q'); q.value = 'gaming chat'; q.dispatchEvent(new Event('input')); })()",
    );
    wait_true(
        &tab,
        &format!("{STATUS}.includes('for “gaming chat”') && {DRAWN}"),
    );
    let states: Vec<(Option<String>, String, Vec<String>)> =
        serde_json::from_str(&text(&tab, "JSON.stringify(window.states)")).expect("states");
    let last = states.last().expect("states").2.clone();
    assert_eq!(last.len(), 10, "{states:?}");
    let mut grew = 0;
    // From when the results' details are asked for (before it, "Searching…" is shown).
    let asked = states
        .iter()
        .position(|s| s.0.as_deref() == Some("true"))
        .expect("the list was busy");
    assert!(states[..asked].iter().all(|s| s.2.is_empty()), "{states:?}");
    for (busy, status, shown) in &states[asked..] {
        assert_eq!(
            shown[..],
            last[..shown.len()],
            "only the next results are added"
        );
        if shown.len() < 10 {
            assert_eq!(
                busy.as_deref(),
                Some("true"),
                "busy while results are missing"
            );
        }
        if status.contains("for “gaming chat”") && shown.is_empty() {
            panic!("the status came before the first result: {states:?}");
        }
        if (1..10).contains(&shown.len()) {
            grew += 1;
        }
    }
    // The detail files' delays left the page with some results but not all at least once.
    assert!(grew > 0, "{states:?}");
}

/// Issue #23: a query fetches the manifest and directories once, then per shard only the term
/// chunks holding its words (a run of chunks for the last word, a prefix), and the details of
/// the ten results shown; "Show more results" fetches the next ten's details only, and a second
/// query with new words fetches its words' chunks and details, nothing else.
#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn a_query_fetches_only_its_words_chunks_and_the_shown_results_details() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = site_of_several_shards();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let shards = shards(&public);
    assert!(shards.len() >= 2, "{}", shards.len());
    // The term chunks holding `terms`, by the terms directory's chunk starts.
    let terms_name = index_data(&public, "search/index.js")["terms"]
        .as_str()
        .expect("terms")
        .to_string();
    let terms_directory = index_data(&public, &format!("search/{terms_name}.js"));
    let chunks_of = |terms: &[String], prefix: &Option<String>| {
        let mut out = std::collections::BTreeSet::new();
        let starts: Vec<&str> = terms_directory["chunks"]
            .as_array()
            .expect("chunks")
            .iter()
            .map(|c| c.as_str().expect("start"))
            .collect();
        for t in terms {
            let at = starts
                .iter()
                .rposition(|c| *c <= t.as_str())
                .expect("first");
            out.insert(format!("search/{terms_name}/t{at}.js"));
            if prefix.as_ref() == Some(t) {
                for i in (at + 1..starts.len()).take_while(|&i| starts[i].starts_with(t.as_str())) {
                    out.insert(format!("search/{terms_name}/t{i}.js"));
                }
            }
        }
        out
    };
    let is_detail = |f: &String| f.rsplit('/').next().is_some_and(|n| n.starts_with('p'));
    let shown = |tab: &Tab| -> usize {
        text(tab, "document.querySelectorAll('.search-result').length")
            .parse()
            .expect("count")
    };
    let base = serve_dir(&public);
    let tab = browser.new_tab().expect("tab");
    for (q, then) in [
        ("gaming chat", "password block"),
        ("online safety at home", "phone"),
    ] {
        tab.navigate_to(&format!("{base}/search/?q={}", q.replace(' ', "+")))
            .expect("navigate");
        tab.wait_until_navigated().expect("navigated");
        wait_true(&tab, &format!("{STATUS}.includes('50 results for “{q}”')"));
        // Results are drawn as their details arrive; the list is busy until the tenth is.
        wait_true(&tab, DRAWN);
        assert_eq!(shown(&tab), 10);
        let fetched = fetched_since(&tab, 0);
        let (details, index): (Vec<String>, Vec<String>) =
            fetched.iter().cloned().partition(is_detail);
        let (terms, prefix) = query_terms(q);
        let mut want = chunks_of(&terms, &prefix);
        want.insert("search/index.js".into());
        want.extend(shards.iter().map(|s| format!("search/{}.js", s.name)));
        want.insert(format!("search/{terms_name}.js"));
        let got: std::collections::BTreeSet<String> = index.iter().cloned().collect();
        assert_eq!(got, want, "{q}");
        assert_eq!(index.len(), got.len(), "{q}: each file once: {index:?}");
        assert!(
            !details.is_empty() && details.len() <= 10,
            "{q}: {details:?}"
        );

        // The next ten: their details only.
        let before = resources(&tab);
        tab.wait_for_element("#search-more")
            .expect("more button")
            .click()
            .expect("click");
        wait_true(
            &tab,
            "document.querySelectorAll('.search-result').length === 20",
        );
        wait_true(
            &tab,
            "document.activeElement === document.querySelectorAll('.search-result-title a')[10]",
        );
        let more = fetched_since(&tab, before);
        assert!(
            more.len() <= 10 && more.iter().all(is_detail),
            "{q}: {more:?}"
        );

        // A second query with new words: their chunks not loaded yet, and details.
        let before = resources(&tab);
        eval(
            &tab,
            &format!(
                "(() => {{ const q = document.getElementById('q'); q.value = {}; q.dispatchEvent(new Event('input')); }})()",
                serde_json::to_string(then).expect("json")
            ),
        );
        wait_true(&tab, &format!("{STATUS}.includes('for “{then}”')"));
        wait_true(&tab, DRAWN);
        let next = fetched_since(&tab, before);
        let (details, index): (Vec<String>, Vec<String>) = next.into_iter().partition(is_detail);
        let (new_terms, new_prefix) = query_terms(then);
        let loaded = chunks_of(&terms, &prefix);
        let want: std::collections::BTreeSet<String> = chunks_of(&new_terms, &new_prefix)
            .difference(&loaded)
            .cloned()
            .collect();
        assert_eq!(
            index
                .iter()
                .cloned()
                .collect::<std::collections::BTreeSet<_>>(),
            want,
            "{then}"
        );
        assert!(details.len() <= 10, "{then}: {details:?}");
    }
}
