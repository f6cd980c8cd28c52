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
    build_ok(r, &[]);
    assert!(html(r, "cy/kids/gaming/index.html").contains("Chwilio"));

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
