//! Welsh packs and `adapt --lang cy`: Welsh editions, pack pages linking the other language,
//! and adapted documents from the Welsh source.

use super::*;

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
