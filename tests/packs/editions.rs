//! The print-ready HTML of each edition and the pack listing pages.

use super::*;

fn edition_html(root: &Path, edition: &str) -> String {
    read(root, &format!("public/packs/session/{edition}/index.html"))
}

#[test]
fn each_edition_is_one_print_document_with_cover_contents_and_items() {
    let site = fixture("packs");
    build_ok(site.path(), &[]);
    for edition in ["facilitator", "participant"] {
        let html = edition_html(site.path(), edition);
        // Cover: title, subtitle, edition, organisation, date.
        assert!(html.contains("class=cover"), "{edition}: no cover");
        for text in [
            "Staff awareness",
            "A short session for every member of staff",
            "Testshire Safeguarding Partnership",
            "Date",
        ] {
            assert!(html.contains(text), "{edition}: cover lacks {text}");
        }
        let name = if edition == "facilitator" {
            "Facilitator edition"
        } else {
            "Participant edition"
        };
        assert!(html.contains(name), "{edition}: no edition name");
        // No site chrome; its own stylesheet, linked so it also works from disk.
        assert!(
            !html.contains("site-header") && !html.contains("site-footer"),
            "{edition}"
        );
        let css = attr_values(&html, "href");
        assert!(
            css.iter().any(|h| h == "../../../pack.css"),
            "{edition}: {css:?}"
        );
        // Contents: one link per item, each to an item section that starts a new page.
        let ids = attr_values(&html, "id");
        for (n, title) in [
            (1, "Staff session"),
            (2, "Online risks"),
            (3, "Staff agreement"),
            (4, "Quick review"),
        ] {
            let anchor = format!("item-{n}");
            assert!(ids.contains(&anchor), "{edition}: no section {anchor}");
            assert!(
                attr_values(&html, "href").contains(&format!("#{anchor}")),
                "{edition}: contents does not link {anchor}"
            );
            assert!(html.contains(title), "{edition}: no {title}");
        }
        // Ids stay unique although three items have a "Plan" heading.
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(
            unique.len(),
            ids.len(),
            "{edition}: duplicate ids in {ids:?}"
        );
        assert!(ids.contains(&"item-2-plan".to_string()), "{ids:?}");
        // Headings sit under the item title (h2): the body's h2 became h3.
        assert!(!html.contains("<h2 id=item-1-plan"), "{edition}");
        assert!(html.contains("<h3 id=item-1-plan>"), "{edition}");
        // Links between items stay inside the document; others go to the web page.
        let hrefs = attr_values(&html, "href");
        for want in [
            "#item-2-contact",
            "#item-1-plan",
            "#item-1-sort",
            "https://safety.example.test/other/",
        ] {
            assert!(
                hrefs.iter().any(|h| h == want),
                "{edition}: no link {want}: {hrefs:?}"
            );
        }
        // The image beside the training module loads relative to the document.
        assert!(
            attr_values(&html, "src").contains(&"../../../training/session/diagram.svg".into()),
            "{edition}"
        );
        // Placeholders print as labelled blanks; the audit prints its questions.
        assert!(html.contains("Name of the school"), "{edition}");
        assert!(html.contains("Is it reviewed every year?"), "{edition}");
        // Participants keep the handouts and activities.
        assert!(html.contains("Participants sort the cards") && html.contains("Tell the DSL"));
    }
    let fac = edition_html(site.path(), "facilitator");
    let part = edition_html(site.path(), "participant");
    for note in [
        "Allow ten minutes for the sorting cards",
        "Suggested answers are on the back",
    ] {
        assert!(
            fac.contains(note),
            "facilitator edition lacks the note {note}"
        );
        assert!(
            !part.contains(note),
            "participant edition shows the note {note}"
        );
    }
    assert!(fac.contains("Facilitator note") && !part.contains("Facilitator note"));
    // Session timings and materials only for the facilitator; objectives for both.
    assert!(fac.contains("45 minutes") && !part.contains("45 minutes"));
    assert!(
        fac.contains("Sorting cards for every table")
            && !part.contains("Sorting cards for every table")
    );
    assert!(fac.contains("Name the 4Cs") && part.contains("Name the 4Cs"));
    // The web page of the module still shows its notes (it is for professionals).
    assert!(read(site.path(), "public/training/session/index.html").contains("Allow ten minutes"));
}

#[test]
fn packs_index_and_pack_page_link_every_edition() {
    let site = fixture("packs");
    build_ok(site.path(), &[]);
    let index = read(site.path(), "public/packs/index.html");
    assert!(index.contains("Staff awareness"), "{index}");
    let hrefs = attr_values(&index, "href");
    for want in [
        "/packs/session/",
        "/packs/session/facilitator/",
        "/packs/session/participant/",
    ] {
        assert!(hrefs.iter().any(|h| h == want), "no link {want}: {hrefs:?}");
    }
    // Without --pdf there are no PDFs and no links to them.
    assert!(!hrefs.iter().any(|h| h.ends_with(".pdf")), "{hrefs:?}");
    assert!(!site
        .path()
        .join("public/packs/session/session-facilitator.pdf")
        .exists());
    let page = read(site.path(), "public/packs/session/index.html");
    assert!(
        page.contains("site-header"),
        "the pack page is a page of the site"
    );
    for item in [
        "/training/session/",
        "/guides/risks/",
        "/policies/aup/",
        "/audits/review/",
    ] {
        assert!(
            attr_values(&page, "href").iter().any(|h| h == item),
            "{item}"
        );
    }
}

/// A training module written with handouts: the script around them is the facilitator's.
const HANDOUT_MODULE: &str = "---\ntitle: Staff session\nkind: training\nduration: 45\nobjectives: [Name the 4Cs]\n---\nWelcome everyone and introduce the DSL.\n\n> [!FACILITATOR]\n> Allow ten minutes.\n\nTake a few answers and draw out the 4Cs.\n\n> [!HANDOUT]\n> ## Who to tell {#tell}\n>\n> - Our DSL:\n> - CEOP: report online abuse\n\nAsk each table for one scenario.\n\n> [!HANDOUT]\n> ## Activity sheet {#sort}\n>\n> - What would you do:\n";

#[test]
fn participants_get_the_handouts_and_nothing_of_the_script() {
    let site = fixture("packs");
    write(
        site.path(),
        "content/training/session/index.md",
        HANDOUT_MODULE,
    );
    write(
        site.path(),
        "packs/session.yaml",
        "title: Staff awareness\nversion: \"2026-27\"\nitems:\n  - training/session/index.md\n  - guides/risks.md\n  - policies/aup.md\nparticipant:\n  - training/session/index.md\n  - policies/aup.md\n",
    );
    build_ok(site.path(), &[]);
    let fac = edition_html(site.path(), "facilitator");
    let part = edition_html(site.path(), "participant");
    for script in [
        "introduce the DSL",
        "Allow ten minutes",
        "draw out the 4Cs",
        "Ask each table",
    ] {
        assert!(fac.contains(script), "facilitator edition lacks {script}");
        assert!(!part.contains(script), "participant edition has {script}");
    }
    for handout in [
        "Who to tell",
        "Our DSL:",
        "CEOP: report online abuse",
        "Activity sheet",
    ] {
        assert!(fac.contains(handout) && part.contains(handout), "{handout}");
    }
    // The facilitator sees each handout boxed and labelled; participants get them plain.
    assert_eq!(fac.matches("callout-handout").count(), 2, "{fac}");
    // One write-on line per item ending in a colon, in both editions.
    for html in [&fac, &part] {
        // (`class=write-on-label` is the label's span, not a line.)
        let lines = html
            .match_indices("class=write-on")
            .filter(|(i, m)| !html[i + m.len()..].starts_with('-'))
            .count();
        assert_eq!(lines, 2, "{html}");
    }
    assert!(!part.contains("CEOP: report online abuse<span"), "{part}");
    // `participant:` leaves the guide out of the participant edition only.
    assert!(fac.contains("Online risks") && !part.contains("Online risks"));
    // Version and where and when it was printed, on the cover and in the page footer.
    for html in [&fac, &part] {
        assert!(
            html.contains("Version") && html.contains("2026-27"),
            "{html}"
        );
        assert!(html.contains("Printed on ") && html.contains("from safety.example.test"));
        assert!(html.contains("@bottom-left"), "no footer text");
    }
    // The pack's page says what each edition is for and what it holds.
    let page = read(site.path(), "public/packs/session/index.html");
    assert!(page.contains("For whoever runs the session"), "{page}");
    assert!(
        page.contains("One copy for each person taking part"),
        "{page}"
    );
    assert!(page.contains("Staff session; Staff agreement."), "{page}");
}
