//! Generated pages (audience, tag, report, search and 404 pages, feeds) in Welsh, their
//! counterparts, dates in the page's language, and axe-core on Welsh pages in Chromium.

use super::*;

/// English words of the generated pages: none may be on their Welsh versions.
const ENGLISH_GENERATED: &[&str] = &[
    "Report a concern",
    "Topics",
    "Topic:",
    "Search",
    "Page not found",
    "Sorry, we could not",
    "Updated",
    "Guidance for",
    "Worried about a child",
    "immediate danger",
    "Visit the website",
    "Skip to main content",
    "Staff and volunteers",
    "Talk to Childline",
    "Gaming safely",
    "Home",
];

#[test]
fn welsh_generated_pages_are_in_welsh_and_list_only_welsh_pages() {
    let site = bilingual_listings();
    let r = site.path();
    build_ok(r, &[]);
    let pages = [
        ("cy/staff/index.html", "Canllawiau ar gyfer"),
        ("cy/tags/index.html", "Pynciau"),
        ("cy/tags/gemau/index.html", "Pwnc: Gemau"),
        ("cy/report/index.html", "Rhoi gwybod am bryder"),
        ("cy/search/index.html", "Chwilio am"),
        ("cy/404.html", "Heb ddod o hyd i'r dudalen"),
    ];
    for (file, welsh) in pages {
        let page = html(r, file);
        assert!(page.contains("<html lang=cy>"), "{file}: {page}");
        let text = text_of(&page);
        assert!(text.contains(welsh), "{file} lacks `{welsh}`: {text}");
        for english in ENGLISH_GENERATED.iter().chain(ENGLISH_UI) {
            let english = english.trim_matches(['>', '<']);
            assert!(!text.contains(english), "{file} has `{english}`: {text}");
        }
        // Every link in the header and footer stays in Welsh.
        for href in ["href=/cy/report/", "href=/cy/tags/", "href=/cy/>"] {
            assert!(page.contains(href), "{file} lacks {href}: {page}");
        }
    }
    // Audience names and report routes in Welsh.
    let staff = html(r, "cy/staff/index.html");
    assert!(text_of(&staff).contains("Staff a gwirfoddolwyr"), "{staff}");
    assert!(staff.contains("href=/cy/kids/"), "{staff}");
    assert!(html(r, "cy/report/index.html").contains("Siarad â Childline"));

    // Listings hold only their own language's pages.
    let welsh_listings = ["cy/staff/index.html", "cy/tags/gemau/index.html"];
    for file in welsh_listings {
        let page = html(r, file);
        assert!(page.contains("href=/cy/kids/gaming/"), "{file}: {page}");
        assert!(!page.contains("href=/kids/gaming/"), "{file}: {page}");
    }
    let staff_en = html(r, "staff/index.html");
    assert!(staff_en.contains("Gaming safely") && !staff_en.contains("Chwarae"));
    let tags_en = html(r, "tags/index.html");
    assert!(
        tags_en.contains("Gaming (1)") && !tags_en.contains("Gemau"),
        "{tags_en}"
    );
    assert!(!r.join("public/tags/gemau").exists());
    assert!(!r.join("public/cy/tags/gaming").exists());

    // The feed in Welsh lists only Welsh pages, and the English one only English pages.
    let feed_cy = read(r, "public/cy/atom.xml");
    assert!(feed_cy.contains("xml:lang=\"cy\""), "{feed_cy}");
    assert!(feed_cy.contains("canllawiau wedi"), "{feed_cy}");
    assert!(feed_cy.contains("https://safety.example.test/cy/kids/gaming/"));
    assert!(!feed_cy.contains("https://safety.example.test/kids/gaming/"));
    assert!(!feed_cy.contains("updated guidance"));
    let feed = read(r, "public/atom.xml");
    assert!(feed.contains("https://safety.example.test/kids/gaming/"));
    assert!(!feed.contains("/cy/"), "{feed}");
    // Welsh pages point to the Welsh feed.
    assert!(html(r, "cy/kids/gaming/index.html").contains("href=/cy/atom.xml"));
}

#[test]
fn generated_pages_link_to_their_counterparts_both_ways() {
    let site = bilingual_listings();
    let r = site.path();
    build_ok(r, &[]);
    for (en, cy) in [
        ("report/index.html", "cy/report/index.html"),
        ("search/index.html", "cy/search/index.html"),
        ("staff/index.html", "cy/staff/index.html"),
        ("tags/index.html", "cy/tags/index.html"),
    ] {
        let (en_html, cy_html) = (html(r, en), html(r, cy));
        let en_url = format!("/{}", en.trim_end_matches("index.html"));
        let cy_url = format!("/{}", cy.trim_end_matches("index.html"));
        for page in [&en_html, &cy_html] {
            for (lang, url) in [("en-GB", &en_url), ("cy", &cy_url)] {
                let link =
                    format!("href=https://safety.example.test{url} hreflang={lang} rel=alternate");
                assert!(page.contains(&link), "{en}/{cy} lacks {link}: {page}");
            }
        }
        assert!(
            en_html.contains(&format!("class=lang-switch href={cy_url} hreflang=cy")),
            "{en_html}"
        );
        assert!(
            cy_html.contains(&format!("class=lang-switch href={en_url} hreflang=en-GB")),
            "{cy_html}"
        );
    }
    // A tag with no Welsh counterpart switches to the Welsh home page.
    let gaming = html(r, "tags/gaming/index.html");
    assert!(
        gaming.contains("class=lang-switch data-missing href=/cy/ hreflang=cy"),
        "{gaming}"
    );
}

#[test]
fn dates_are_written_in_the_language_of_the_page() {
    let site = bilingual_listings();
    let r = site.path();
    build_ok(r, &[]);
    let cy = html(r, "cy/kids/gaming/index.html");
    assert!(
        cy.contains("<time datetime=2026-11-01>1 Tachwedd 2026</time>"),
        "{cy}"
    );
    assert!(
        cy.contains("<time datetime=2027-03-01>1 Mawrth 2027</time>"),
        "{cy}"
    );
    assert!(!cy.contains("November") && !cy.contains("March"), "{cy}");
    let listing = html(r, "cy/tags/gemau/index.html");
    assert!(listing.contains("1 Tachwedd 2026"), "{listing}");
    let en = html(r, "kids/gaming/index.html");
    assert!(
        en.contains("<time datetime=2026-11-01>1 November 2026</time>"),
        "{en}"
    );
}

/// axe-core, vendored unmodified from the npm registry (tests/vendor/axe-core/LICENSE).
const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

#[test]
fn welsh_pages_pass_axe_in_chromium() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let site = bilingual_listings();
    let r = site.path();
    build_ok(r, &[]);
    let origin = serve_dir(&r.join("public"));
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    for page in [
        "/cy/kids/gaming/",
        "/cy/report/",
        "/cy/tags/gemau/",
        "/cy/staff/",
    ] {
        tab.navigate_to(&format!("{origin}{page}"))
            .and_then(|t| t.wait_until_navigated())
            .unwrap_or_else(|e| panic!("open {page}: {e}"));
        let lang = tab
            .evaluate("document.documentElement.lang", false)
            .expect("lang")
            .value;
        assert_eq!(lang, Some(serde_json::Value::String("cy".into())), "{page}");
        tab.evaluate(AXE, false).expect("inject axe-core");
        let result = tab
            .evaluate(
                "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                   .then(r => JSON.stringify(r.violations.map(v => v.id + ': ' + v.help + ' at '
                     + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '')).join('; '))))",
                true,
            )
            .expect("run axe")
            .value;
        let json = match result {
            Some(serde_json::Value::String(s)) => s,
            other => panic!("axe result {other:?}"),
        };
        let violations: Vec<String> = serde_json::from_str(&json).expect("axe json");
        assert!(violations.is_empty(), "{page}: {violations:#?}");
    }
}
