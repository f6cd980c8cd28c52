//! What the search page fetches and when it draws: results in rank order as their details
//! arrive, and only the chunks a query needs.

use super::*;

/// Every result the search asked details for is drawn.
const DRAWN: &str = "!document.getElementById('search-results').hasAttribute('aria-busy')";

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
