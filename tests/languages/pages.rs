//! Welsh pages: where they are published, their links, hreflang and switcher, the theme's words
//! in Welsh, language tags, translations the site does not list and the bundled Welsh pages.

use super::*;

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
