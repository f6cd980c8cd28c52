//! Welsh and English: a bilingual site built by the real binary.

mod common;

use common::*;
use std::path::Path;

const SITE: &str = "title: Bilingual Safety
base_url: https://safety.example.test/
languages:
  - { code: en-GB, name: English }
  - { code: cy, name: Cymraeg, required: true }
audiences:
  - id: kids
    name: Children
    quick_exit: true
";

/// A small bilingual site: home, a kids section and a page in both languages, and one page
/// (`kids/apps.md`) with no Welsh counterpart.
fn bilingual() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(r, "site.yaml", SITE);
    write(
        r,
        "content/_index.md",
        "---\ntitle: Home\n---\nWelcome. See [gaming](kids/gaming.md).\n",
    );
    write(r, "content/_index.cy.md", "---\ntitle: Hafan\n---\nCroeso. Gweler [gemau](kids/gaming.md) ac [apiau](kids/apps.md).\n");
    write(
        r,
        "content/kids/_index.md",
        "---\ntitle: For children\naudience: [kids]\n---\nHello.\n",
    );
    write(
        r,
        "content/kids/_index.cy.md",
        "---\ntitle: I blant\naudience: [kids]\n---\nHelo.\n",
    );
    write(
        r,
        "content/kids/gaming.md",
        "---\ntitle: Gaming safely\nupdated: 2026-11-01\n---\nPlay safe.\n",
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\n---\nChwaraewch yn ddiogel.\n",
    );
    write(
        r,
        "content/kids/apps.md",
        "---\ntitle: Apps\n---\nApps text.\n",
    );
    dir
}

fn html(root: &Path, rel: &str) -> String {
    read(root, &format!("public/{rel}"))
}

#[test]
fn welsh_pages_are_published_under_cy_with_lang_hreflang_and_switcher() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let en = html(r, "kids/gaming/index.html");
    let cy = html(r, "cy/kids/gaming/index.html");
    assert!(en.contains("<html lang=en-GB>"), "{en}");
    assert!(cy.contains("<html lang=cy>"), "{cy}");
    assert!(cy.contains("Chwarae gemau"));
    assert!(html(r, "cy/index.html").contains("Hafan"));
    assert!(html(r, "cy/kids/index.html").contains("I blant"));
    // hreflang both ways.
    for page in [&en, &cy] {
        assert!(
            page.contains(
                "href=https://safety.example.test/cy/kids/gaming/ hreflang=cy rel=alternate"
            ),
            "{page}"
        );
        assert!(
            page.contains(
                "href=https://safety.example.test/kids/gaming/ hreflang=en-GB rel=alternate"
            ),
            "{page}"
        );
    }
    // The switcher goes to the counterpart.
    assert!(
        cy.contains("class=lang-switch href=/kids/gaming/ hreflang=en-GB"),
        "{cy}"
    );
    assert!(
        en.contains("class=lang-switch href=/cy/kids/gaming/ hreflang=cy"),
        "{en}"
    );
}

#[test]
fn a_page_without_a_welsh_counterpart_switches_to_the_welsh_home_page() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let apps = html(r, "kids/apps/index.html");
    assert!(
        apps.contains("class=lang-switch data-missing href=/cy/ hreflang=cy"),
        "{apps}"
    );
    assert!(apps.contains("data-missing"), "{apps}");
    assert!(!apps.contains("hreflang=cy rel=alternate"), "{apps}");
    assert!(!Path::new(&r.join("public/cy/kids/apps")).exists());
}

#[test]
fn links_from_a_welsh_page_go_to_the_welsh_counterpart_when_there_is_one() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let home_cy = html(r, "cy/index.html");
    assert!(home_cy.contains("href=/cy/kids/gaming/>"), "{home_cy}");
    assert!(home_cy.contains("href=/kids/apps/>"), "{home_cy}");
    let home = html(r, "index.html");
    assert!(home.contains("href=/kids/gaming/>"), "{home}");
}

#[test]
fn languages_are_parsed_strictly() {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &SITE.replace("required: true", "requird: true"),
    );
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("requird"), "{}", stderr(&o));
    write(r, "site.yaml", &SITE.replace("code: cy,", "code: 'c y',"));
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("not a language tag"), "{}", stderr(&o));
}

/// The theme's English words: none may be on a Welsh page.
const ENGLISH_UI: &[&str] = &[
    "Skip to main content",
    "Leave this site quickly",
    "or press Esc",
    "Report a concern",
    "Who is this for",
    "immediate danger",
    ">Search<",
    ">Topics<",
    "sets no cookies",
    ">Updated<",
];

#[test]
fn welsh_pages_use_the_welsh_words_of_the_theme_and_none_of_the_english() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let cy = html(r, "cy/kids/gaming/index.html");
    for english in ENGLISH_UI {
        assert!(
            !cy.contains(english),
            "English `{english}` on a Welsh page:\n{cy}"
        );
    }
    for welsh in [
        "Gadael y wefan hon yn gyflym",
        "Rhoi gwybod am bryder",
        "Os yw plentyn mewn perygl uniongyrchol, ffoniwch 999.",
        ">Chwilio<",
        ">Diweddarwyd<",
    ] {
        assert!(cy.contains(welsh), "no `{welsh}` on the Welsh page:\n{cy}");
    }
    let en = html(r, "kids/gaming/index.html");
    assert!(en.contains("Leave this site quickly"));
    assert!(!en.contains("Gadael y wefan"));
    // From a page with no Welsh counterpart, the switcher says so, in Welsh.
    let apps = html(r, "kids/apps/index.html");
    assert!(apps.contains("ar gael yn Gymraeg eto"), "{apps}");
}

#[test]
fn a_site_overrides_the_theme_words_and_a_missing_key_is_an_error_naming_file_and_key() {
    let site = bilingual();
    let r = site.path();
    write(r, "i18n/cy.yaml", "search: Chwilio'r wefan\n");
    // The main language's words are overridable too, landing pages' kind headings included.
    write(r, "i18n/en.yaml", "group_guide: Zq read these first\n");
    for (name, kind) in [("zq-guide", "guide"), ("zq-guide-two", "guide")] {
        write(
            r,
            &format!("content/kids/{name}.md"),
            &format!("---\ntitle: {name}\nkind: {kind}\naudience: [kids]\n---\nText.\n"),
        );
    }
    build_ok(r, &[]);
    assert!(html(r, "cy/kids/gaming/index.html").contains("Chwilio"));
    let landing = html(r, "kids/index.html");
    assert!(landing.contains("Zq read these first"), "{landing}");
    assert!(!landing.contains(">Guides<"), "{landing}");

    // A language the theme has no words for must give them all.
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "{ code: cy, name: Cymraeg, required: true }",
            "{ code: gd, name: Gàidhlig }",
        ),
    );
    write(r, "i18n/gd.yaml", "search: Lorg\n");
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("i18n/gd.yaml"), "{err}");
    assert!(
        err.contains("`quick_exit` has no words in the language `gd`"),
        "{err}"
    );
}

#[test]
fn the_sitemap_lists_each_page_with_its_alternates() {
    let site = bilingual();
    let r = site.path();
    build_ok(r, &[]);
    let map = read(r, "public/sitemap.xml");
    assert!(
        map.contains(r#"xmlns:xhtml="http://www.w3.org/1999/xhtml""#),
        "{map}"
    );
    assert!(
        map.contains("<loc>https://safety.example.test/cy/kids/gaming/</loc>"),
        "{map}"
    );
    assert!(
        map.contains(r#"<xhtml:link rel="alternate" hreflang="cy" href="https://safety.example.test/cy/kids/gaming/"/>"#),
        "{map}"
    );
}

/// `check`'s output, stdout and stderr together.
fn check_output(root: &Path, args: &[&str]) -> String {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let o = run(root, &all);
    format!("{}{}", stdout(&o), stderr(&o))
}

#[test]
fn check_warns_at_the_title_line_of_a_page_with_no_counterpart_in_a_required_language() {
    let site = bilingual();
    let r = site.path();
    let out = check_output(r, &[]);
    assert!(
        out.contains("`Apps` has no Cymraeg (cy) counterpart"),
        "{out}"
    );
    assert!(out.contains("--> content/kids/apps.md:2:1"), "{out}");
    assert!(
        out.contains("add content/kids/apps.cy.md beside it"),
        "{out}"
    );
    // Pages with a counterpart are not named.
    assert!(!out.contains("`Gaming safely` has no"), "{out}");
    assert!(!out.contains("`Home` has no"), "{out}");

    // A language that is not required is not asked for.
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "{ code: cy, name: Cymraeg, required: true }",
            "{ code: cy, name: Cymraeg }",
        ),
    );
    let out = check_output(r, &[]);
    assert!(!out.contains("counterpart"), "{out}");
}

#[test]
fn check_warns_at_the_updated_line_of_a_translation_far_older_than_its_original() {
    let site = bilingual();
    let r = site.path();
    let out = check_output(r, &[]);
    assert!(!out.contains("may be stale"), "{out}");
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-01-15\n---\nChwaraewch yn ddiogel.\n",
    );
    let out = check_output(r, &[]);
    assert!(out.contains("the translation may be stale"), "{out}");
    assert!(out.contains("290 days after this translation"), "{out}");
    assert!(out.contains("--> content/kids/gaming.cy.md:3:1"), "{out}");
    // 180 days apart is still in step.
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-05-05\n---\nChwaraewch yn ddiogel.\n",
    );
    let out = check_output(r, &[]);
    assert!(!out.contains("may be stale"), "{out}");
}

/// Over a hundred words in long sentences: far above a reading age of 9 by Flesch-Kincaid.
fn long_prose(word: &str) -> String {
    let sentence = format!("{} ", vec![word; 40].join(" "));
    format!("{}.\n", [sentence.as_str(); 4].join(". "))
}

#[test]
fn reading_age_is_not_scored_on_a_welsh_page_and_the_report_says_why() {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &SITE.replace("quick_exit: true", "quick_exit: true\n    reading_age: 9"),
    );
    write(
        r,
        "content/kids/gaming.md",
        &format!(
            "---\ntitle: Gaming safely\nupdated: 2026-11-01\n---\n{}",
            long_prose("responsibility")
        ),
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        &format!(
            "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\n---\n{}",
            long_prose("cyfrifoldebau")
        ),
    );
    let report = r.join("governance.html");
    let out = check_output(r, &["--report", report.to_str().unwrap()]);
    // The English page is scored and over target; the Welsh one, as long, is not scored.
    assert!(
        out.contains("`Gaming safely` has a reading age of"),
        "{out}"
    );
    assert!(
        !out.contains("`Chwarae gemau'n ddiogel` has a reading age"),
        "{out}"
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("Not scored: in cy, and the formula is for English"),
        "{html}"
    );
    assert!(
        html.contains("Pages in a language other than English (3) are not scored: the Flesch-Kincaid formula is for English."),
        "{html}"
    );
}

#[test]
fn the_governance_report_has_a_translations_table() {
    let site = bilingual();
    let r = site.path();
    let report = r.join("governance.html");
    check_output(r, &["--report", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("<h2 id=\"translations-title\">Translations</h2>"),
        "{html}"
    );
    let table = &html[html.find("id=\"translations\"").expect("the table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("<th scope=\"col\">Page</th><th scope=\"col\">Languages present</th><th scope=\"col\">Missing</th>"),
        "{table}"
    );
    // The page with no Welsh counterpart comes first, with Welsh missing.
    let apps = table.find("content/kids/apps.md").expect("apps row");
    let gaming = table.find("content/kids/gaming.md").expect("gaming row");
    assert!(apps < gaming, "{table}");
    let apps_row = &table[apps..table[apps..].find("</tr>").unwrap() + apps];
    assert!(apps_row.contains("<td>English (en-GB)</td>"), "{apps_row}");
    assert!(apps_row.contains(">Cymraeg (cy)</span>"), "{apps_row}");
    let gaming_row = &table[gaming..table[gaming..].find("</tr>").unwrap() + gaming];
    assert!(
        gaming_row.contains("<td>English (en-GB), Cymraeg (cy)</td>"),
        "{gaming_row}"
    );
    assert!(gaming_row.contains("<td>&ndash;</td>"), "{gaming_row}");
    // The translation's own row is not listed twice.
    assert!(
        !table.contains("data-file=\"content/kids/gaming.cy.md\""),
        "{table}"
    );

    // A site in one language has no such table.
    write(
        r,
        "site.yaml",
        "title: One language\nbase_url: https://one.example.test/\naudiences:\n  - id: kids\n    name: Children\n",
    );
    for f in ["_index.cy.md", "kids/_index.cy.md", "kids/gaming.cy.md"] {
        std::fs::remove_file(r.join("content").join(f)).unwrap();
    }
    std::fs::remove_file(&report).unwrap();
    let out = check_output(r, &["--report", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).expect(&out);
    assert!(!html.contains("translations-title"), "{html}");
    assert!(!html.contains("unscored-note"), "{html}");
}

/// [`bilingual`] with what the generated pages list: a second audience without a section of
/// its own, Welsh names for the audiences and a report route, and tags in both languages.
fn bilingual_listings() -> tempfile::TempDir {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "    quick_exit: true\n",
            "    quick_exit: true\n    translations: { cy: { name: Plant } }\n  - id: staff\n    \
             name: Staff and volunteers\n    translations: { cy: { name: Staff a gwirfoddolwyr } }\n\
             report:\n  - label: Talk to Childline\n    phone: \"0800 1111\"\n    \
             translations: { cy: { label: Siarad â Childline } }\n",
        ),
    );
    write(
        r,
        "content/kids/gaming.md",
        "---\ntitle: Gaming safely\nupdated: 2026-11-01\nreview_by: 2027-03-01\n\
         audience: [kids, staff]\ntags: [Gaming]\n---\nPlay safe.\n",
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\nreview_by: 2027-03-01\n\
         audience: [kids, staff]\ntags: [Gemau]\n---\nChwaraewch yn ddiogel.\n",
    );
    site
}

/// The words a reader sees: the HTML without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

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

#[test]
fn a_translation_into_a_language_the_site_does_not_list_is_left_out_with_a_notice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(
        r,
        "site.yaml",
        "title: One language\nbase_url: https://one.example.test/\n",
    );
    write(
        r,
        "content/_index.md",
        "---\ntitle: Home\n---\n[Tips](tips.md), [notes](notes.cy.md)\n",
    );
    write(r, "content/tips.md", "---\ntitle: Tips\n---\nTips.\n");
    write(
        r,
        "content/tips.cy.md",
        "---\ntitle: Awgrymiadau\n---\nAwgrymiadau.\n",
    );
    // No `notes.md` beside it: an ordinary page whose name has a dot.
    write(r, "content/notes.cy.md", "---\ntitle: Notes\n---\nNotes.\n");
    // Not a two-letter language code: an ordinary page beside its namesake.
    write(
        r,
        "content/tips.old.md",
        "---\ntitle: Old tips\n---\nOld.\n",
    );
    build_ok(r, &[]);
    assert!(!r.join("public/tips.cy").exists());
    assert!(r.join("public/tips/index.html").exists());
    assert!(r.join("public/notes.cy/index.html").exists());
    assert!(r.join("public/tips.old/index.html").exists());
    let out = check_output(r, &[]);
    assert!(out.contains("notice[translation-unlisted]"), "{out}");
    assert!(out.contains("content/tips.cy.md"), "{out}");
    assert_eq!(
        out.matches("notice[translation-unlisted]").count(),
        1,
        "{out}"
    );
    assert!(out.contains("0 errors"), "{out}");

    // Listing the language publishes it.
    write(
        r,
        "site.yaml",
        "title: Two languages\nbase_url: https://one.example.test/\nlanguages:\n  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg }\n",
    );
    build_ok(r, &[]);
    assert!(html(r, "cy/tips/index.html").contains("Awgrymiadau"));
}

#[test]
fn the_bundled_pack_has_welsh_pages_only_for_a_site_that_lists_welsh() {
    let site = bundled_site();
    let r = site.path();
    build_ok(r, &[]);
    assert!(!r.join("public/cy").exists());
    assert!(!r.join("public/get-help.cy").exists());
    let out = check_output(r, &["--strict"]);
    assert!(out.contains("0 errors, 0 warnings"), "{out}");
    for f in [
        "_index.cy.md",
        "get-help.cy.md",
        "children-8-10/top-ten-tips.cy.md",
    ] {
        let text = read(r, &format!("content/{f}"));
        assert!(text.contains("review_by:") && text.contains("owner: Welsh speaker to review"));
    }

    let wales = tempfile::tempdir().expect("temp dir");
    let w = wales.path();
    write(
        w,
        "site.yaml",
        "title: Wales\nbase_url: https://wales.example.test/\nbase: default\nlanguages:\n  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg }\n",
    );
    build_ok(w, &[]);
    let home = html(w, "cy/index.html");
    assert!(home.contains("<html lang=cy>") && home.contains("Diogelwch ar-lein"));
    assert!(home.contains("Rhieni a gofalwyr"), "{home}");
    let help = html(w, "cy/get-help/index.html");
    // The facts are the English page's.
    for fact in [
        "0800 1111",
        "0808 800 5000",
        "0345 6000 459",
        "https://report.iwf.org.uk/",
    ] {
        assert!(help.contains(fact), "{fact}");
    }
    let tips = html(w, "cy/children-8-10/top-ten-tips/index.html");
    assert!(tips.contains("Deg cyngor"), "{tips}");
    assert!(html(w, "get-help/index.html").contains("href=/cy/get-help/ hreflang=cy"));
    // The bundled Welsh pages are drafts until a Welsh speaker reviews them: check names each one
    // (and nothing else), so a site cannot publish them with `--strict` by accident.
    let drafts = walk_cy(&repo_root().join("content"));
    assert!(drafts >= 8, "{drafts}");
    let out = check_output(w, &["--strict"]);
    assert_eq!(
        out.matches("warning[translation-unreviewed]").count(),
        drafts,
        "{out}"
    );
    assert!(
        out.contains(&format!("0 errors, {drafts} warnings")),
        "{out}"
    );
}

/// How many Welsh pages (`*.cy.md`) are under `dir`.
fn walk_cy(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .map(|p| {
            if p.is_dir() {
                walk_cy(&p)
            } else {
                usize::from(p.to_string_lossy().ends_with(".cy.md"))
            }
        })
        .sum()
}

/// [`bilingual_listings`] with a model agreement in both languages and one only in English.
fn bilingual_policies() -> tempfile::TempDir {
    let site = bilingual_listings();
    let r = site.path();
    write(
        r,
        "content/kids/aup.md",
        "---\ntitle: Our agreement\nsummary: The rules.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: School name }\n---\nI will be kind at {{ school }}.\n",
    );
    write(
        r,
        "content/kids/aup.cy.md",
        "---\ntitle: Ein cytundeb\nsummary: Y rheolau.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: Enw'r ysgol }\n---\nByddaf yn garedig yn {{ school }}.\n",
    );
    write(
        r,
        "content/kids/rules.md",
        "---\ntitle: Club rules\nsummary: Rules.\nkind: aup\naudience: [kids]\nplaceholders:\n  school: { label: School name }\n---\nNo shouting at {{ school }}.\n",
    );
    site
}

#[test]
fn a_welsh_pack_prints_a_welsh_edition_of_its_welsh_items() {
    let site = bilingual_policies();
    let r = site.path();
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nlang: cy\nversion: \"1\"\nitems:\n  - kids/gaming.md\n  - kids/aup.cy.md\n",
    );
    build_ok(r, &[]);
    for edition in ["facilitator", "participant"] {
        let doc = html(r, &format!("packs/kids-cy/{edition}/index.html"));
        assert!(doc.contains("<html lang=cy>"), "{doc}");
        let text = text_of(&doc);
        // The Welsh counterpart of an English item, and a Welsh item as listed.
        assert!(text.contains("Chwarae gemau'n ddiogel") && text.contains("Ein cytundeb"));
        assert!(!text.contains("Gaming safely") && !text.contains("Our agreement"));
        // (A two-item edition prints without a contents page, so "Cynnwys" is not asked for.)
        for welsh in ["Rhan 1", "Fersiwn", "Argraffwyd ar"] {
            assert!(text.contains(welsh), "{edition} lacks {welsh}: {text}");
        }
        for english in [
            "Contents",
            "Part 1",
            "Version",
            "Printed on",
            "edition",
            "Online version",
        ] {
            assert!(!text.contains(english), "{edition} has {english}: {text}");
        }
    }
    assert!(
        text_of(&html(r, "packs/kids-cy/participant/index.html")).contains("Fersiwn y cyfranogwr")
    );
    // The pack's own page too.
    let listing = html(r, "packs/kids-cy/index.html");
    assert!(listing.contains("<html lang=cy>"), "{listing}");
    let text = text_of(&listing);
    assert!(
        text.contains("Fersiynau") && text.contains("Yn y pecyn hwn"),
        "{text}"
    );
    assert!(
        !text.contains("Editions") && !text.contains("In this pack"),
        "{text}"
    );

    // An item with no Welsh counterpart prints in English, with a warning at its line.
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nlang: cy\nitems:\n  - kids/gaming.md\n  - kids/rules.md\n",
    );
    let out = check_output(r, &[]);
    assert!(out.contains("warning[pack-translation]"), "{out}");
    assert!(out.contains("packs/kids-cy.yaml:5:"), "{out}");
    assert!(out.contains("kids/rules.cy.md"), "{out}");

    // A language the site does not list is an error at `lang:`.
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nlang: gd\nitems:\n  - kids/gaming.md\n",
    );
    let o = run(r, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(
        err.contains("packs/kids-cy.yaml:2:") && err.contains("`gd`"),
        "{err}"
    );
}

#[test]
fn adapt_lang_cy_uses_the_welsh_source_and_warns_when_there_is_none() {
    let site = bilingual_policies();
    let r = site.path();
    write(r, "school.yaml", "school: Ysgol Enghraifft\n");
    let o = run(
        r,
        &[
            "adapt",
            "--profile",
            "school.yaml",
            "--lang",
            "cy",
            "--format",
            "md,html",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let aup = read(r, "out/school/aup.md");
    assert!(aup.contains("title: Ein cytundeb"), "{aup}");
    assert!(
        aup.contains("Byddaf yn garedig yn Ysgol Enghraifft."),
        "{aup}"
    );
    assert!(read(r, "out/school/aup.html").contains("<html lang=\"cy\""));
    // No Welsh source: the English one, and a warning naming the page.
    let rules = read(r, "out/school/rules.md");
    assert!(
        rules.contains("No shouting at Ysgol Enghraifft."),
        "{rules}"
    );
    let err = stderr(&o);
    assert!(
        err.contains("`Club rules` has no Cymraeg (cy) source"),
        "{err}"
    );
    assert!(err.contains("content/kids/rules.md"), "{err}");
    assert!(!err.contains("content/kids/aup.md"), "{err}");

    // Without --lang, each document once, in the main language.
    let o = run(
        r,
        &[
            "adapt",
            "--profile",
            "school.yaml",
            "--format",
            "md",
            "--out",
            "en",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(r, "en/school/aup.md").contains("title: Our agreement"));

    // A language the site does not list is a usage error.
    let o = run(r, &["adapt", "--profile", "school.yaml", "--lang", "gd"]);
    assert!(!o.status.success());
    assert!(stderr(&o).contains("--lang gd"), "{}", stderr(&o));
}

/// axe-core, vendored unmodified from the npm registry (tests/vendor/axe-core/LICENSE).
const AXE: &str = include_str!("vendor/axe-core/axe.min.js");

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

#[test]
fn a_pack_page_links_the_same_pack_in_the_other_language() {
    let site = bilingual_policies();
    let r = site.path();
    // The Welsh pack lists an English source (printed in Welsh) and a Welsh one: it prints the
    // same pages as the English pack, so each pack's page links the other.
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nlang: cy\nitems:\n  - kids/gaming.md\n  - kids/aup.cy.md\n",
    );
    write(
        r,
        "packs/kids.yaml",
        "title: Kids pack\nitems:\n  - kids/gaming.md\n  - kids/aup.md\n",
    );
    // An English pack of other pages has no Welsh counterpart.
    write(
        r,
        "packs/rules.yaml",
        "title: Rules pack\nitems:\n  - kids/rules.md\n",
    );
    build_ok(r, &[]);
    let english = html(r, "packs/kids/index.html");
    assert!(english.contains("<html lang=en-GB"), "{english}");
    assert!(
        english.contains("class=lang-switch href=/packs/kids-cy/ hreflang=cy"),
        "{english}"
    );
    assert!(
        english
            .contains("href=https://safety.example.test/packs/kids-cy/ hreflang=cy rel=alternate"),
        "{english}"
    );
    let welsh = html(r, "packs/kids-cy/index.html");
    assert!(
        welsh.contains("class=lang-switch href=/packs/kids/ hreflang=en-GB"),
        "{welsh}"
    );
    // No counterpart: the switcher says so and goes to the Welsh home page, with no alternates.
    let other = html(r, "packs/rules/index.html");
    assert!(
        other.contains("class=lang-switch data-missing href=/cy/ hreflang=cy lang=cy>"),
        "{other}"
    );
    assert!(!other.contains("hreflang=cy rel=alternate"), "{other}");

    // Printing other pages breaks the pair.
    write(
        r,
        "packs/kids.yaml",
        "title: Kids pack\nitems:\n  - kids/gaming.md\n",
    );
    build_ok(r, &[]);
    let english = html(r, "packs/kids/index.html");
    assert!(!english.contains("href=/packs/kids-cy/"), "{english}");
    assert!(english.contains("data-missing"), "{english}");
}

/// [`bilingual_policies`] with a Welsh model policy (a date blank, a version and an update), a
/// Welsh pack and a Welsh self-review audit, each beside its English original.
fn bilingual_documents() -> tempfile::TempDir {
    let site = bilingual_policies();
    let r = site.path();
    let policy = |title: &str, label: &str, date: &str, body: &str| {
        format!(
            "---\ntitle: {title}\nkind: policy\naudience: [staff]\nversion: \"2\"\nupdated: 2026-11-01\n\
             review_by: 2027-03-01\nplaceholders:\n  school: {{ label: {label} }}\n  \
             adopted: {{ label: {date}, type: date }}\n---\n## Un\n\n{body}\n"
        )
    };
    write(
        r,
        "content/staff/policy.md",
        &policy(
            "Our policy",
            "School name",
            "Adopted on",
            "At {{ school }} from {{ adopted }}.",
        ),
    );
    write(
        r,
        "content/staff/policy.cy.md",
        &policy(
            "Ein polisi",
            "Enw'r ysgol",
            "Dyddiad mabwysiadu",
            "Yn {{ school }} o {{ adopted }} ymlaen.",
        ),
    );
    let audit = |title: &str, q: &str| {
        format!(
            "---\ntitle: {title}\nkind: audit\naudience: [staff]\nversion: \"3\"\nupdated: 2026-11-01\n---\n\
             ## Adran\n\n- [ ] {q} {{#policy}}\n"
        )
    };
    write(
        r,
        "content/staff/audit.md",
        &audit("Self review", "Is there a policy?"),
    );
    write(
        r,
        "content/staff/audit.cy.md",
        &audit("Hunanadolygiad", "Oes polisi?"),
    );
    write(
        r,
        "packs/kids-cy.yaml",
        "title: Pecyn plant\nsubtitle: Ar gyfer sesiwn\nlang: cy\naudience: kids\nitems:\n  - kids/gaming.md\n  - kids/aup.cy.md\n",
    );
    write(
        r,
        "packs/kids.yaml",
        "title: Kids pack\naudience: kids\nitems:\n  - kids/gaming.md\n",
    );
    site
}

/// The theme's words in a language, from the built-in files.
fn theme_words(code: &str) -> std::collections::BTreeMap<String, String> {
    let text =
        std::fs::read_to_string(repo_root().join(format!("themes/default/i18n/{code}.yaml")))
            .expect("theme words");
    serde_yaml::from_str(&text).expect("words parse")
}

/// Whether `needle` is in `hay` as words: not inside a longer word.
fn has_phrase(hay: &str, needle: &str) -> bool {
    let word = |c: char| c.is_alphanumeric();
    hay.match_indices(needle).any(|(i, _)| {
        let before = hay[..i].chars().next_back();
        let after = hay[i + needle.len()..].chars().next();
        let joined_before = needle.starts_with(word) && before.is_some_and(word);
        let joined_after = needle.ends_with(word) && after.is_some_and(word);
        !joined_before && !joined_after
    })
}

/// The English words of the theme that Welsh says differently, in the pieces a page shows (the
/// text between `{...}` fields), trimmed.
fn english_only_words() -> Vec<String> {
    let en = theme_words("en");
    let cy = theme_words("cy");
    let mut out = Vec::new();
    for (key, english) in &en {
        if cy.get(key) == Some(english) {
            continue;
        }
        // The months are checked one by one; the other words in their pieces.
        let pieces: Vec<String> = if key == "months" {
            english.split_whitespace().map(str::to_string).collect()
        } else {
            english
                .split(['{', '}'])
                .step_by(2)
                .map(|p| {
                    p.trim()
                        .trim_matches([':', '.', ',', '(', ')'])
                        .trim()
                        .to_string()
                })
                .collect()
        };
        // A piece Welsh shares ("Word", "JSON", a number) is not English on a Welsh page.
        out.extend(pieces.into_iter().filter(|p| {
            p.chars().filter(|c| c.is_alphabetic()).count() > 1
                && !cy.values().any(|w| has_phrase(w, p))
        }));
    }
    out.sort();
    out.dedup();
    out
}

/// What people read of a page: its text, and the attributes that hold words (labels, and the
/// words scripts show), not addresses or attribute names.
fn shown_words(html: &str) -> String {
    // Scripts' code is not read (their words are in data-* attributes, read below).
    let mut text = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        text.push_str(&rest[..i]);
        rest = rest[i..]
            .split_once("</script>")
            .map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    // The switcher's link to English is in English, marked so (lang=en-GB).
    while let Some(i) = text.find(" lang=en-GB>") {
        let start = text[..i].rfind('<').unwrap_or(i);
        let end = text[i..].find("</a>").map_or(text.len(), |e| i + e);
        text.replace_range(start..end, "");
    }
    let mut out = text_of(&text);
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        let mut rest = tag;
        while let Some(eq) = rest.find('=') {
            let name = rest[..eq].rsplit([' ', '"']).next().unwrap_or_default();
            let after = &rest[eq + 1..];
            let (value, next) = match after.strip_prefix('"') {
                Some(q) => q.split_once('"').unwrap_or((q, "")),
                None => after.split_once(' ').unwrap_or((after, "")),
            };
            let wordy = (name.starts_with("data-") && name != "data-url")
                || [
                    "aria-label",
                    "placeholder",
                    "title",
                    "alt",
                    "content",
                    "value",
                ]
                .contains(&name);
            if wordy {
                out.push(' ');
                out.push_str(value);
            }
            rest = next;
        }
    }
    out
}

/// The text and attributes of a page, with the few entities templates write decoded.
fn readable(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&#x2F;", "/")
}

#[test]
fn welsh_policy_pack_and_audit_pages_hold_none_of_the_english_words_of_the_theme() {
    let site = bilingual_documents();
    let r = site.path();
    build_ok(r, &[]);
    let english = english_only_words();
    // The list is long enough to mean something, and holds the words this test is about.
    for w in [
        "Fill in your details",
        "Document",
        "Partly",
        "Printable packs",
        "November",
    ] {
        assert!(english.contains(&w.to_string()), "{w} not in {english:?}");
    }
    // Every Welsh page: those under /cy/ and the Welsh pack's.
    let public = r.join("public");
    let mut pages: Vec<String> = Vec::new();
    let mut dirs = vec![public.join("cy"), public.join("packs/kids-cy")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("read dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|x| x == "html") {
                let rel = p
                    .strip_prefix(&public)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                pages.push(rel);
            }
        }
    }
    for file in [
        "cy/staff/policy/index.html",
        "cy/staff/audit/index.html",
        "cy/packs/index.html",
    ] {
        assert!(pages.iter().any(|p| p == file), "{file} not in {pages:?}");
    }
    for file in &pages {
        let page = readable(&html(r, file));
        // Only what people read: the page's own text and attributes, not its address or scripts.
        let shown = shown_words(&page);
        let found: Vec<&String> = english.iter().filter(|w| has_phrase(&shown, w)).collect();
        let at: Vec<&str> = found
            .iter()
            .filter_map(|w| shown.find(w.as_str()))
            .map(|i| {
                &shown[shown.floor_char_boundary(i.saturating_sub(80))
                    ..shown.ceil_char_boundary((i + 80).min(shown.len()))]
            })
            .collect();
        assert!(
            found.is_empty(),
            "{file} has English {found:?} at {at:?}:\n{page}"
        );
    }
    let policy = readable(&html(r, "cy/staff/policy/index.html"));
    for welsh in [
        "<dt>Dogfen</dt><dd>Polisi enghreifftiol</dd>",
        "Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026",
        "Llenwch eich manylion",
        "Lawrlwytho “Ein polisi” fel dogfen Word (.docx)",
        "data-months=\"Ionawr Chwefror",
        "Argraffwyd o safety.example.test/cy/staff/policy/",
        "Cymeradwywyd",
    ] {
        assert!(policy.contains(welsh), "no `{welsh}`:\n{policy}");
    }
    let audit = readable(&html(r, "cy/staff/audit/index.html"));
    for welsh in [
        "1 cwestiwn.",
        "Dyma fersiwn 3 o'r archwiliad, a ddiweddarwyd ar 1 Tachwedd 2026.",
        "value=partly> Yn rhannol",
        "Tystiolaeth a chamau gweithredu",
        ">Ysgol</option>",
    ] {
        assert!(audit.contains(welsh), "no `{welsh}`:\n{audit}");
    }
    // The return's field names and values stay those `safeguide returns` reads.
    assert!(
        audit.contains("data-audit-id=cy/staff/audit")
            || audit.contains("data-audit-id=\"cy/staff/audit\""),
        "{audit}"
    );
    // The Welsh packs index lists the Welsh pack only, and every Welsh page's footer links it.
    let index = readable(&html(r, "cy/packs/index.html"));
    assert!(index.contains("<html lang=cy>"), "{index}");
    assert!(
        index.contains("Pecyn plant") && !index.contains("Kids pack"),
        "{index}"
    );
    assert!(index.contains("Fersiwn yr hwylusydd"), "{index}");
    assert!(html(r, "cy/kids/gaming/index.html").contains("href=/cy/packs/"));
    let main = readable(&html(r, "packs/index.html"));
    assert!(
        main.contains("Kids pack") && !main.contains("Pecyn plant"),
        "{main}"
    );
    assert!(main.contains("Printable packs"), "{main}");
    // Each index switches to the other.
    assert!(main.contains("href=/cy/packs/ hreflang=cy"), "{main}");
    assert!(index.contains("href=/packs/ hreflang=en-GB"), "{index}");
    // The Welsh pack's page goes back to the Welsh index and names its audience in Welsh.
    let pack = readable(&html(r, "packs/kids-cy/index.html"));
    assert!(pack.contains("href=/cy/packs/"), "{pack}");
    assert!(pack.contains(">Plant</a>"), "{pack}");
    // The Word copy of the Welsh policy writes its own words in Welsh too.
    let docx = std::fs::read(r.join("public/cy/staff/policy/policy.docx")).expect("Word copy");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a zip");
    let mut xml = String::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.name().starts_with("word/") && f.name().ends_with(".xml") {
            std::io::Read::read_to_string(&mut f, &mut xml).unwrap();
        }
    }
    for welsh in [
        "Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026",
        "Tudalen",
        "Cymeradwywyd",
        "Dyddiad",
    ] {
        assert!(xml.contains(welsh), "the Word copy lacks {welsh}");
    }
    for english in ["Version", "Page ", "Approved", "November", "Signature"] {
        assert!(!xml.contains(english), "the Word copy has {english}");
    }
    // The English pages keep their English.
    let en = readable(&html(r, "staff/policy/index.html"));
    assert!(
        en.contains("<dt>Document</dt><dd>Model policy</dd>")
            && en.contains("Version 2, updated 1 November 2026"),
        "{en}"
    );
}

#[test]
fn a_site_whose_main_language_is_welsh_shows_welsh_words_and_dates_at_the_root() {
    let site = bilingual_documents();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &std::fs::read_to_string(r.join("site.yaml"))
            .unwrap()
            .replace(
            "  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg, required: true }\n",
            "  - { code: cy, name: Cymraeg }\n  - { code: en-GB, name: English }\n",
        ),
    );
    // Welsh is the main language now: the Welsh files are the originals, the English ones the
    // translations.
    for (cy, en) in [
        ("content/kids/gaming", "Chwarae gemau'n ddiogel"),
        ("content/staff/policy", "Ein polisi"),
        ("content/staff/audit", "Hunanadolygiad"),
    ] {
        let welsh = std::fs::read_to_string(r.join(format!("{cy}.cy.md"))).unwrap();
        let english = std::fs::read_to_string(r.join(format!("{cy}.md"))).unwrap();
        assert!(welsh.contains(en));
        write(r, &format!("{cy}.md"), &welsh);
        write(r, &format!("{cy}.en-GB.md"), &english);
        std::fs::remove_file(r.join(format!("{cy}.cy.md"))).unwrap();
    }
    for f in [
        "content/_index.cy.md",
        "content/kids/_index.cy.md",
        "content/kids/aup.cy.md",
        "packs/kids-cy.yaml",
        "packs/kids.yaml",
    ] {
        let _ = std::fs::remove_file(r.join(f));
    }
    build_ok(r, &[]);
    let gaming = readable(&html(r, "kids/gaming/index.html"));
    assert!(gaming.contains("<html lang=cy>"), "{gaming}");
    assert!(
        gaming.contains("<time datetime=2026-11-01>1 Tachwedd 2026</time>"),
        "{gaming}"
    );
    assert!(
        gaming.contains("<time datetime=2027-03-01>1 Mawrth 2027</time>"),
        "{gaming}"
    );
    assert!(!gaming.contains("November"), "{gaming}");
    let policy = readable(&html(r, "staff/policy/index.html"));
    assert!(
        policy.contains("Fersiwn 2, a ddiweddarwyd ar 1 Tachwedd 2026"),
        "{policy}"
    );
    assert!(policy.contains("Llenwch eich manylion"), "{policy}");
    let audit = readable(&html(r, "staff/audit/index.html"));
    assert!(
        audit.contains("a ddiweddarwyd ar 1 Tachwedd 2026"),
        "{audit}"
    );
    let listing = readable(&html(r, "tags/gemau/index.html"));
    assert!(
        listing.contains("1 Tachwedd 2026") && !listing.contains("November"),
        "{listing}"
    );
    // The English translation, under its prefix, in English.
    let en = readable(&html(r, "en-gb/kids/gaming/index.html"));
    assert!(en.contains("1 November 2026"), "{en}");
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_fill_in_form_and_the_audit_work_in_welsh_in_chromium() {
    let site = bilingual_documents();
    let r = site.path();
    build_ok(r, &[]);
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let origin = serve_dir(&r.join("public"));
    let tab = browser.new_tab().expect("tab");
    open(&tab, &format!("{origin}/cy/staff/policy/"));
    wait_for(
        &tab,
        "!!document.querySelector('details.fill-in:not([hidden]) #ph-school')",
        "the fill-in form",
    );
    // A date typed fills its blank in Welsh words; a value is text, never markup.
    eval(
        &tab,
        "(() => { const i = document.getElementById('ph-adopted'); i.value = '2027-03-05'; i.dispatchEvent(new Event('input', {bubbles: true})); const s = document.getElementById('ph-school'); s.value = '<b>Ysgol</b> Derw'; s.dispatchEvent(new Event('input', {bubbles: true})); })()",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=adopted]').textContent"
        ),
        "5 Mawrth 2027"
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=school]').textContent"
        ),
        "<b>Ysgol</b> Derw"
    );
    assert_eq!(
        eval(&tab, "document.querySelectorAll('.content b').length"),
        0
    );
    // The printed footer says when it was printed, in Welsh.
    let footer = eval_str(&tab, "document.getElementById('print-footer').textContent");
    assert!(
        footer.contains("\\A Argraffwyd ar ")
            && footer.contains(" o safety.example.test/cy/staff/policy/"),
        "{footer}"
    );
    let months =
        "Ionawr Chwefror Mawrth Ebrill Mai Mehefin Gorffennaf Awst Medi Hydref Tachwedd Rhagfyr";
    assert!(
        months
            .split(' ')
            .any(|m| footer.contains(&format!(" {m} "))),
        "{footer}"
    );
    // The Word copy is made and the page says so in Welsh.
    tab.find_element("[data-docx]").unwrap().click().unwrap();
    wait_for(
        &tab,
        "document.querySelector('[data-fill-in-status]').textContent.indexOf('wedi\\'i lawrlwytho') > 0",
        "the Word copy's message",
    );
    assert!(eval_str(
        &tab,
        "document.querySelector('[data-fill-in-status]').textContent"
    )
    .starts_with("Mae eich copi Word policy.docx"));
    tab.find_element("[data-clear]").unwrap().click().unwrap();
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('[data-fill-in-status]').textContent"
        ),
        "Mae eich manylion wedi'u clirio o'r porwr hwn."
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('.content .placeholder[data-placeholder=adopted]').textContent"
        ),
        "Dyddiad mabwysiadu"
    );

    // The audit: its progress and messages in Welsh, its return in the stable English fields.
    open(&tab, &format!("{origin}/cy/staff/audit/"));
    wait_for(
        &tab,
        "!document.querySelector('[data-audit-progress]').hidden",
        "the audit's progress",
    );
    assert_eq!(
        eval_str(
            &tab,
            "document.querySelector('[data-audit-progress]').textContent"
        ),
        "0 o 1 cwestiwn wedi'u hateb, wedi'u cadw yn y porwr hwn."
    );
    tab.find_element("[data-export-csv]")
        .unwrap()
        .click()
        .unwrap();
    assert_eq!(
        eval_str(&tab, "document.querySelector('[data-audit-message]').textContent"),
        "Llenwch enw eich sefydliad yn gyntaf, fel bod y bartneriaeth neu'r bwrdd diogelu yn gwybod pwy biau'r ffurflen."
    );
    eval(
        &tab,
        "(() => { document.querySelector('input[value=partly]').click(); const t = document.getElementById('audit-org-type'); t.value = 'youth-club'; t.dispatchEvent(new Event('change', {bubbles: true})); const n = document.getElementById('audit-org-name'); n.value = 'Clwb Derw'; n.dispatchEvent(new Event('input', {bubbles: true})); const make = URL.createObjectURL; URL.createObjectURL = b => { window.__ret = b; return make(b); }; })()",
    );
    tab.find_element("[data-export-json]")
        .unwrap()
        .click()
        .unwrap();
    wait_for(&tab, "!!window.__ret", "the return");
    let json = eval_str(&tab, "window.__ret.text()");
    let ret: serde_json::Value = serde_json::from_str(&json).expect("return json");
    assert_eq!(ret["organisation"]["type"], "Youth club", "{json}");
    assert_eq!(ret["answers"][0]["answer"], "Partly", "{json}");
    assert_eq!(ret["answers"][0]["id"], "policy", "{json}");
    assert_eq!(ret["audit"]["id"], "cy/staff/audit", "{json}");
}

/// Language tags compare without regard to case (BCP 47): site.yaml's `cy` is the file suffix
/// `.CY.md`, and `EN-gb` in `translations:` is the main language's `en-GB`.
#[test]
fn a_language_tag_is_the_same_language_in_any_case() {
    let site = bilingual();
    let r = site.path();
    std::fs::rename(
        r.join("content/kids/gaming.cy.md"),
        r.join("content/kids/gaming.CY.md"),
    )
    .expect("rename");
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "    quick_exit: true\n",
            "    quick_exit: true\n    translations:\n      CY: { name: Plant }\n",
        ),
    );
    build_ok(r, &[]);
    // The Welsh page is published under /cy/, not as an English page at /kids/gaming.cy/.
    let cy = html(r, "cy/kids/gaming/index.html");
    assert!(
        cy.contains("<html lang=cy>") && cy.contains("Chwarae gemau"),
        "{cy}"
    );
    assert!(!r.join("public/kids/gaming.cy").exists());
    // Its counterpart finds it: the English page offers it, not the Welsh home page.
    let en = html(r, "kids/gaming/index.html");
    assert!(
        en.contains("href=https://safety.example.test/cy/kids/gaming/ hreflang=cy rel=alternate"),
        "{en}"
    );
    // The audience's Welsh name, given under `CY:`.
    assert!(text_of(&cy).contains("Plant"), "{}", text_of(&cy));
}

#[test]
fn a_theme_s_welsh_written_before_a_key_was_added_takes_that_key_from_the_built_in_welsh() {
    let site = bilingual();
    let r = site.path();
    copy_dir(&repo_root().join("themes/default"), &r.join("themes/own"));
    // The theme's own Welsh, as written before `search` (and every report word) existed.
    let cy = read(r, "themes/own/i18n/cy.yaml");
    let older: String = cy
        .lines()
        .filter(|l| !l.starts_with("search:") && !l.starts_with("gov_"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(older.len() < cy.len());
    write(r, "themes/own/i18n/cy.yaml", &older);
    write(r, "site.yaml", &format!("{SITE}theme: own\n"));
    build_ok(r, &[]);
    let page = html(r, "cy/kids/gaming/index.html");
    assert!(page.contains(">Chwilio<"), "{page}");
}
