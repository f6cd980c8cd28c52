//! The search page in Chromium, served and from disk: filters and hostile queries, ranking
//! across shards as one index would, and a manifest from an earlier build.

use super::*;

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
