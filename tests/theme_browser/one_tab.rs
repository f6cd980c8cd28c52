//! Every step in one tab: axe-core and the origin check on a page of every kind, the keyboard
//! journey, header and menu, search, quick exit, and reflow with screenshots.

use super::*;

const KINDS: [&str; 9] = [
    "page", "guide", "tips", "policy", "aup", "training", "audit", "glossary", "contacts",
];

/// The first page (in path order) of every kind: URL path -> kind.
fn one_page_per_kind(public: &Path) -> BTreeMap<String, String> {
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    let mut files: Vec<_> = walkdir::WalkDir::new(public)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for f in files {
        let html = std::fs::read_to_string(&f).expect("read page");
        let Some(kind) = body_kind(&html) else {
            continue;
        };
        // Section listings are `page` kind too; prefer a real content page for `page`.
        if found.contains_key(&kind) || (kind == "page" && html.contains("card-list")) {
            continue;
        }
        let rel = f
            .parent()
            .expect("dir")
            .strip_prefix(public)
            .expect("prefix");
        let url = format!("/{}/", rel.to_string_lossy()).replace("//", "/");
        found.insert(kind, url);
    }
    found.into_iter().map(|(k, u)| (u, k)).collect()
}

/// Presses Tab until the focused element matches `selector`; returns how many presses it took.
fn tab_to(tab: &Tab, selector: &str) -> usize {
    let test = format!(
        "(() => {{ const e = document.activeElement; return !!e && e.matches({}); }})()",
        serde_json::to_string(selector).expect("json")
    );
    for n in 1..=120 {
        tab.press_key("Tab").expect("press Tab");
        if eval(tab, &test) == serde_json::Value::Bool(true) {
            return n;
        }
    }
    panic!(
        "Tab never reached `{selector}` on {} (last focus: {})",
        tab.get_url(),
        eval_str(
            tab,
            "document.activeElement && document.activeElement.outerHTML.slice(0, 200)"
        )
    );
}

/// Every request of the page load went to `origin`.
fn assert_same_origin(tab: &Tab, origin: &str) -> Vec<String> {
    let names: Vec<String> = serde_json::from_str(&eval_str(
        tab,
        "JSON.stringify(performance.getEntriesByType('resource').map(e => e.name).concat([location.href]))",
    ))
    .expect("resource list");
    let foreign: Vec<String> = names
        .iter()
        .filter(|n| !n.starts_with(&format!("{origin}/")))
        .cloned()
        .collect();
    assert!(
        foreign.is_empty(),
        "{} requested other origins: {foreign:?}",
        tab.get_url()
    );
    names
}

#[test]
fn default_theme_in_a_real_browser() {
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let built = build_bundled();
    let public = built.public();
    let origin = common::serve_dir(&public);
    let auds = audiences(&common::read(&common::repo_root(), "site.yaml"));
    let kinds = one_page_per_kind(&public);
    for k in KINDS {
        assert!(
            kinds.values().any(|v| v == k),
            "the bundled site has no page of kind {k}: {kinds:?}"
        );
    }

    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(Duration::from_secs(30));
    common::set_viewport(&tab, 1280, 900);

    // axe-core and the origin check on one page of every kind, every audience landing page and the
    // generated pages.
    let mut pages: Vec<String> = vec![
        "/".into(),
        "/report/".into(),
        "/search/".into(),
        "/tags/".into(),
    ];
    pages.extend(kinds.keys().cloned());
    pages.extend(auds.iter().map(|(id, _)| format!("/{id}/")));
    pages.sort();
    pages.dedup();
    let mut problems = Vec::new();
    for p in &pages {
        open(&tab, &format!("{origin}{p}"));
        let loaded = assert_same_origin(&tab, &origin);
        assert!(
            loaded.iter().any(|n| n.ends_with("/style.css")),
            "{p} did not load the stylesheet: {loaded:?}"
        );
        let vs = axe_violations(&tab);
        for v in vs {
            problems.push(format!("{p}: {v}"));
        }
    }
    assert!(
        problems.is_empty(),
        "axe-core found {} violation(s):\n  {}",
        problems.len(),
        problems.join("\n  ")
    );

    keyboard_journey(&tab, &origin);
    header_and_menu(&tab, &origin, &auds);
    search_does_not_shift(&tab, &origin);
    let exit_tab = browser.new_tab().expect("tab");
    quick_exit(&exit_tab, &origin, &auds);
    exit_tab.close(false).expect("close tab");
    // A background tab draws no frames, and screenshots wait for one.
    tab.activate().expect("activate tab");
    reflow_and_screenshots(&tab, &origin, &kinds, &auds);
}

/// Home -> parents' landing page -> a parents' guide -> Report a concern, with Tab and Enter only.
fn keyboard_journey(tab: &Tab, origin: &str) {
    tab.activate().expect("activate tab");
    open(tab, &format!("{origin}/"));
    // The first Tab reaches the skip link, shown when focused.
    assert_eq!(tab_to(tab, "a"), 1);
    assert_eq!(
        eval(tab, "document.activeElement.classList.contains('skip-link') && document.activeElement.getBoundingClientRect().left >= 0"),
        serde_json::Value::Bool(true),
        "the first Tab stop is not a visible skip link"
    );
    tab_to(tab, ".audience-nav a[href$='/parents/']");
    // The focus indicator is visible: keyboard focus matches :focus-visible and is styled.
    let style = eval_str(tab, "(() => { const e = document.activeElement, s = getComputedStyle(e); return JSON.stringify([e.matches(':focus-visible'), s.boxShadow, s.backgroundColor, document.hasFocus()]); })()");
    let style: (bool, String, String, bool) = serde_json::from_str(&style).expect("style");
    assert!(
        style.0 && style.1 != "none" && style.2 != "rgba(0, 0, 0, 0)",
        "the focused link shows no focus style: {style:?}"
    );
    tab.press_key("Enter").expect("Enter");
    wait_for(
        tab,
        "location.pathname === '/parents/' && document.readyState === 'complete'",
        "the parents' landing page",
    );

    tab_to(tab, ".kind-group-guide .card a");
    let guide = eval_str(tab, "document.activeElement.getAttribute('href')");
    tab.press_key("Enter").expect("Enter");
    wait_for(
        tab,
        &format!(
            "location.pathname === {} && document.readyState === 'complete'",
            serde_json::to_string(&guide).expect("json")
        ),
        "the parents' guide",
    );
    assert_eq!(
        eval(tab, "document.body.classList.contains('kind-guide') && document.body.classList.contains('audience-parents')"),
        serde_json::Value::Bool(true),
        "{guide} is not a parents' guide"
    );

    tab_to(tab, ".report-link");
    tab.press_key("Enter").expect("Enter");
    wait_for(
        tab,
        "location.pathname === '/report/' && document.readyState === 'complete'",
        "/report/",
    );
    assert_eq!(eval_str(tab, "location.hash"), "#for-parents");
    // Without any script, only the parents' routes show; the 999 advice is always first.
    let routes: Vec<(String, bool, bool)> = serde_json::from_str(&eval_str(
        tab,
        "JSON.stringify([...document.querySelectorAll('.report-route')].map(r => [r.querySelector('h2').textContent, r.classList.contains('for-parents'), r.offsetParent !== null]))",
    ))
    .expect("routes");
    assert!(
        routes.iter().any(|r| !r.1),
        "the bundled site has routes not for parents"
    );
    for (label, for_parents, visible) in &routes {
        assert_eq!(
            for_parents, visible,
            "route `{label}`: shown = {visible}, for parents = {for_parents}"
        );
    }
    assert_eq!(
        eval(tab, "(() => { const d = document.querySelector('.danger-box'); const r = d.getBoundingClientRect(); return d.offsetParent !== null && r.top >= 0 && r.bottom <= innerHeight && d.textContent.includes('999'); })()"),
        serde_json::Value::Bool(true),
        "the 999 advice is not in view on /report/#for-parents"
    );
}

/// Escape on a page of a quick-exit audience replaces the page, leaving no history entry. A fresh tab,
/// so that the history is short and a new entry would show.
fn quick_exit(tab: &Tab, origin: &str, auds: &[(String, bool)]) {
    let (quick, _) = auds
        .iter()
        .find(|a| a.1)
        .expect("an audience with quick_exit");
    let (plain, _) = auds
        .iter()
        .find(|a| !a.1)
        .expect("an audience without quick_exit");
    open(tab, &format!("{origin}/{plain}/"));
    assert_eq!(
        eval(tab, "!!document.querySelector('[data-quick-exit]')"),
        serde_json::Value::Bool(false)
    );

    open(tab, &format!("{origin}/{quick}/"));
    // The exit is the first thing after the skip link.
    tab.press_key("Tab").expect("Tab");
    assert_eq!(tab_to(tab, "a"), 1);
    assert_eq!(
        eval(
            tab,
            "document.activeElement.hasAttribute('data-quick-exit')"
        ),
        serde_json::Value::Bool(true)
    );
    let before = eval(tab, "history.length");
    // No network here: point the exit at this site instead of the neutral external one.
    let target = format!("{origin}/?left");
    eval(
        tab,
        &format!(
            "document.querySelector('[data-quick-exit]').setAttribute('href', {})",
            serde_json::to_string(&target).expect("json")
        ),
    );
    tab.press_key("Escape").expect("Escape");
    wait_for(
        tab,
        &format!(
            "location.href === {} && document.readyState === 'complete'",
            serde_json::to_string(&target).expect("json")
        ),
        "the quick exit",
    );
    assert_eq!(
        eval(tab, "history.length"),
        before,
        "quick exit added a history entry"
    );

    // A child reaches search and Report a concern from every header: both keep the exit, and the
    // button (not only Esc) replaces the page too.
    for page in ["/report/", "/search/?q=bullying"] {
        open(tab, &format!("{origin}{page}"));
        assert_eq!(
            eval(tab, "!!document.querySelector('[data-quick-exit]')"),
            serde_json::Value::Bool(true),
            "{page} has no quick exit"
        );
        let before = eval(tab, "history.length");
        let target = format!("{origin}/?left-by-button");
        eval(
            tab,
            &format!(
                "(() => {{ const e = document.querySelector('[data-quick-exit]'); e.setAttribute('href', {}); e.click(); }})()",
                serde_json::to_string(&target).expect("json")
            ),
        );
        wait_for(
            tab,
            &format!(
                "location.href === {} && document.readyState === 'complete'",
                serde_json::to_string(&target).expect("json")
            ),
            "the quick exit button",
        );
        assert_eq!(
            eval(tab, "history.length"),
            before,
            "the quick exit button on {page} added a history entry"
        );
    }
}

/// On a phone (390 x 844) the header, quick exit included, leaves two thirds of the screen for the
/// page; at 1280 px the audience menu stays one even row with a sixth audience; children's links are
/// large touch targets.
fn header_and_menu(tab: &Tab, origin: &str, auds: &[(String, bool)]) {
    let (quick, _) = auds.iter().find(|a| a.1).expect("a quick-exit audience");
    common::set_viewport(tab, 390, 844);
    for page in [
        format!("/{quick}/"),
        "/report/".to_string(),
        "/".to_string(),
    ] {
        open(tab, &format!("{origin}{page}"));
        let bottom = eval(
            tab,
            "document.querySelector('.site-header').getBoundingClientRect().bottom",
        )
        .as_f64()
        .expect("header bottom");
        // "About a third" of 844 px is 281 px; a few pixels of slack for font metrics.
        assert!(
            bottom <= 290.0,
            "{page}: the header ends {bottom} px down a 844 px phone screen"
        );
    }
    // Children's links: at least 44 px tall (WCAG 2.5.5's target size), so small fingers hit them.
    open(tab, &format!("{origin}/{quick}/"));
    let small = eval_str(
        tab,
        "JSON.stringify([...document.querySelectorAll('.card-title a, .more-list a, .jump-list a')].filter(a => a.getBoundingClientRect().height < 44).map(a => a.textContent))",
    );
    assert_eq!(small, "[]", "small touch targets on /{quick}/");

    common::set_viewport(tab, 1280, 900);
    open(tab, &format!("{origin}/"));
    // A sixth audience with a long name, as a partnership might add.
    eval(
        tab,
        "(() => { const ul = document.querySelector('.audience-nav ul'); const li = ul.lastElementChild.cloneNode(true); li.querySelector('a').textContent = 'Foster carers and adoptive parents'; ul.appendChild(li); })()",
    );
    let tops = eval_str(
        tab,
        "JSON.stringify([...document.querySelectorAll('.audience-nav li')].map(l => Math.round(l.getBoundingClientRect().top)))",
    );
    let tops: Vec<i64> = serde_json::from_str(&tops).expect("tops");
    assert_eq!(tops.len(), auds.len() + 1);
    assert!(
        tops.iter().all(|t| *t == tops[0]),
        "the audience menu wraps at 1280 px with six audiences: {tops:?}"
    );
    let height = eval(
        tab,
        "document.querySelector('.audience-nav').getBoundingClientRect().height",
    )
    .as_f64()
    .expect("nav height");
    assert!(
        height <= 80.0,
        "the audience menu is {height} px tall at 1280 px"
    );
}

/// Search with a query in the address: results arrive after the index loads without moving what is
/// already on screen (cumulative layout shift under Lighthouse's 0.1).
fn search_does_not_shift(tab: &Tab, origin: &str) {
    for (w, h) in [(390u32, 844u32), (1280, 900)] {
        common::set_viewport(tab, w, h);
        open(tab, &format!("{origin}/search/?q=online+safety"));
        wait_for(
            tab,
            "document.querySelectorAll('#search-results li').length > 0",
            "search results",
        );
        let cls = eval(
            tab,
            "new Promise(done => { let sum = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) { if (!e.hadRecentInput) sum += e.value; } }).observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(sum), 300); })",
        )
        .as_f64()
        .expect("layout shift");
        assert!(cls < 0.1, "search at {w} px shifts by {cls}");
        // The filters are large controls: 44 px or more.
        let small = eval_str(
            tab,
            "JSON.stringify([...document.querySelectorAll('.search-filters select, .search-field input')].filter(e => e.getBoundingClientRect().height < 44).map(e => e.id))",
        );
        assert_eq!(small, "[]", "small search controls at {w} px");
    }
    common::set_viewport(tab, 1280, 900);
}

/// No sideways scrolling at 320 px; full-page screenshots at 390 and 1280 px for review.
fn reflow_and_screenshots(
    tab: &Tab,
    origin: &str,
    kinds: &BTreeMap<String, String>,
    auds: &[(String, bool)],
) {
    let first = |k: &str| {
        kinds
            .iter()
            .find(|(_, v)| *v == k)
            .map(|(u, _)| u.clone())
            .expect("kind")
    };
    let landing = auds
        .iter()
        .find(|a| a.1)
        .map(|a| a.0.clone())
        .expect("audience");
    let shots = [
        ("home", "/".to_string()),
        ("audience", format!("/{landing}/")),
        ("guide", first("guide")),
        ("tips", first("tips")),
        ("policy", first("policy")),
        ("training", first("training")),
        ("audit", first("audit")),
        ("report", "/report/".to_string()),
    ];
    let dir = common::screenshot_dir();
    for (name, path) in &shots {
        common::set_viewport(tab, 320, 800);
        open(tab, &format!("{origin}{path}"));
        let widths = eval_str(
            tab,
            "JSON.stringify([document.documentElement.scrollWidth, document.documentElement.clientWidth])",
        );
        let w: Vec<u32> = serde_json::from_str(&widths).expect("widths");
        if w[0] > w[1] {
            // Name what sticks out, so the failure says what to fix.
            let wide = eval_str(
                tab,
                "JSON.stringify([...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().width)))",
            );
            panic!("{path} scrolls sideways at 320 px: {widths}; too wide: {wide}");
        }
        for width in [390u32, 1280] {
            common::set_viewport(tab, width, 900);
            let h = eval(tab, "document.documentElement.scrollHeight")
                .as_f64()
                .unwrap_or(900.0)
                .min(8000.0);
            let shot = tab
                .call_method(Page::CaptureScreenshot {
                    format: Some(Page::CaptureScreenshotFormatOption::Png),
                    quality: None,
                    clip: Some(Page::Viewport {
                        x: 0.0,
                        y: 0.0,
                        width: f64::from(width),
                        height: h,
                        scale: 1.0,
                    }),
                    from_surface: Some(true),
                    capture_beyond_viewport: Some(true),
                    optimize_for_speed: Some(true),
                })
                .unwrap_or_else(|e| panic!("screenshot of {path} at {width} px: {e}"));
            std::fs::write(
                dir.join(format!("theme-{name}-{width}.png")),
                base64_decode(&shot.data),
            )
            .expect("write screenshot");
        }
    }
    common::set_viewport(tab, 1280, 900);
}

/// Standard base64 (the screenshot data), without pulling in a crate for it.
fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, &c)| {
            acc | (u32::from(val(c)) << (18 - 6 * i))
        });
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}
