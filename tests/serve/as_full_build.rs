//! After each kind of edit, serve's folder is what a full build of the same sources writes:
//! front matter, packs, every kind of output, Welsh pages and listing order.

use super::*;

#[test]
fn front_matter_edits_give_what_a_full_build_gives() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let out = root.join(".safeguide-serve");
    settles_as_full_build(root, &s.addr, "the first build");
    assert_eq!(get(&s.addr, "/tags/gaming/").status, 200);

    // A new title and tags: the page's section, its tag pages old and new, the tag list (the
    // tag `gaming` is now named by tips.md), the alias redirect, feed and sitemap follow.
    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq gaming retitled\n",
    );
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Gaming, Chat]",
        "tags: [Chat, Zq Topic]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a new title and tags");
    let topic = get(&s.addr, "/tags/zq-topic/");
    assert_eq!(topic.status, 200);
    assert!(topic.body.contains("Zq gaming retitled"));
    let gaming = get(&s.addr, "/tags/gaming/").body;
    assert!(!gaming.contains("Zq gaming retitled") && gaming.contains("Top tips for parents"));
    assert!(get(&s.addr, "/parents/")
        .body
        .contains("Zq gaming retitled"));
    assert!(get(&s.addr, "/old/gaming/")
        .body
        .contains("Zq gaming retitled"));

    // A tag no page uses any more: its page goes, as in a full build.
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat, Zq Topic]",
        "tags: [Chat]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a tag removed");
    assert_eq!(get(&s.addr, "/tags/zq-topic/").status, 404);
    assert!(!out.join("tags/zq-topic").exists());

    // A section's title and audience: the pages below it (breadcrumbs, inherited audience) and
    // the audience landing pages, with and without a section of their own.
    edit(
        root,
        "content/training/_index.md",
        "title: Training\naudience: [staff]",
        "title: Zq training\naudience: [staff, parents]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a section's title and audience");
    assert!(get(&s.addr, "/training/session-one/")
        .body
        .contains("Zq training"));
    assert!(get(&s.addr, "/parents/").body.contains("Session one"));

    // A page in a section that is no audience's landing page: the section lists it.
    edit(
        root,
        "content/training/session-one/index.md",
        "title: Session one",
        "title: Zq session one",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a title in a plain section");
    assert!(get(&s.addr, "/training/").body.contains("Zq session one"));

    // A policy's title is in its Word copy too; a weight reorders listings.
    edit(
        root,
        "content/policies/aup.md",
        "title: Model AUP",
        "title: Zq model AUP",
    );
    edit(root, "content/parents/tips.md", "weight: 20", "weight: 5");
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy's title and a weight");
    assert!(out.join("policies/aup/aup.docx").is_file());

    // A policy that becomes a guide (without blanks to fill) has no Word copy any more.
    let aup = common::read(root, "content/policies/aup.md");
    let (front, _) = aup.rsplit_once("---\n").unwrap();
    common::write(
        root,
        "content/policies/aup.md",
        &format!(
            "{}---\nNow a plain guide.\n",
            front.replace("kind: aup", "kind: guide")
        ),
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy made a guide");
    assert!(!out.join("policies/aup/aup.docx").exists());

    // An edit that fails to resolve (an unknown audience) while removing a tag, then the fix:
    // the tag's page, written before the failure, still goes.
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat]",
        "tags: [Chat, Zq Later]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a tag added");
    assert_eq!(get(&s.addr, "/tags/zq-later/").status, 200);
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat, Zq Later]",
        "tags: [Chat]\naudience: [zq-nobody]",
    );
    ev.wait_for("event: reload");
    eventually("the error overlay", || {
        get(&s.addr, "/").body.contains("id=\"safeguide-error\"")
    });
    edit(
        root,
        "content/parents/gaming.md",
        "\naudience: [zq-nobody]",
        "",
    );
    ev.wait_for("event: reload");
    eventually("the overlay to clear", || {
        !get(&s.addr, "/").body.contains("safeguide-error")
    });
    settles_as_full_build(root, &s.addr, "a failed update and its fix");
    assert_eq!(get(&s.addr, "/tags/zq-later/").status, 404);

    // The home page's title is in every page's breadcrumbs.
    edit(
        root,
        "content/_index.md",
        "title: Welcome",
        "title: Zq welcome",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "the home page's title");

    // All of it without building the whole site again.
    let printed: Vec<String> = s.stdout.try_iter().collect();
    assert!(printed.iter().any(|l| l.contains("updated")), "{printed:?}");
    assert!(
        !printed.iter().any(|l| l.contains("built the site")),
        "{printed:?}"
    );
}

/// A pack's documents hold its items' text and its pages list their titles: an edit to an item
/// updates both editions and the pack pages in serve, as a full build would.
#[test]
fn an_edit_to_a_pack_item_updates_both_editions() {
    let site = common::fixture("packs");
    let root = site.path();
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");
    // The editions' tabs: each reloads once its edition is written (the item's page first).
    let tabs = ["facilitator", "participant"]
        .map(|e| events_of(&s.addr, &format!("packs/session/{e}/index.html")));

    edit(
        root,
        "content/guides/risks.md",
        "Know the risks.",
        "Know the Zq risks.",
    );
    for (edition, tab) in ["facilitator", "participant"].iter().zip(&tabs) {
        tab.next_reload();
        let page = get(&s.addr, &format!("/packs/session/{edition}/"));
        assert!(
            page.body.contains("Zq risks"),
            "the {edition} edition was not updated"
        );
    }
    settles_as_full_build(root, &s.addr, "a body edit to a pack item");

    let listing = events_of(&s.addr, "packs/session/index.html");
    edit(
        root,
        "content/guides/risks.md",
        "title: Online risks",
        "title: Zq online risks",
    );
    listing.next_reload();
    assert!(get(&s.addr, "/packs/session/")
        .body
        .contains("Zq online risks"));
    settles_as_full_build(root, &s.addr, "a title edit to a pack item");
}

/// One site with every kind of output an edit can reach (a pack with both editions, a policy's
/// Word copy, tag pages, an alias redirect and the search index): after each kind of edit, serve's
/// folder is what a full build writes.
#[test]
fn every_kind_of_output_follows_each_kind_of_edit() {
    let site = common::fixture("good");
    let root = site.path();
    common::write(
        root,
        "packs/evening.yaml",
        "title: Parents' evening\naudience: parents\neditions: [facilitator, participant]\n\
         items:\n  - parents/gaming.md\n  - policies/aup.md\n",
    );
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    assert_eq!(get(&s.addr, "/packs/evening/participant/").status, 200);
    let manifest = || get(&s.addr, "/search/index.js").body;
    let first_manifest = manifest();

    // A body edit: the page, both pack editions and the search index.
    edit(
        root,
        "content/parents/gaming.md",
        "Games are fun.",
        "Games are zqbody fun.",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a body edit to a pack item");
    for edition in ["facilitator", "participant"] {
        assert!(get(&s.addr, &format!("/packs/evening/{edition}/"))
            .body
            .contains("zqbody"));
    }
    eventually("the search index to change", || {
        manifest() != first_manifest
    });

    // Title, tags and alias together: listings, tag pages, the redirect, the pack's contents.
    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq gaming\n",
    );
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Gaming, Chat]\naliases: [/old/gaming.html]",
        "tags: [Zq Tag]\naliases: [/zq/old/]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a title, tag and alias edit");
    assert!(get(&s.addr, "/packs/evening/").body.contains("Zq gaming"));
    assert!(get(&s.addr, "/zq/old/").body.contains("Zq gaming"));
    assert_eq!(get(&s.addr, "/old/gaming.html").status, 404);
    assert!(get(&s.addr, "/tags/zq-tag/").body.contains("Zq gaming"));

    // A policy's blanks: its page, its Word copy and the pack.
    edit(
        root,
        "content/policies/aup.md",
        "Signed by {{ head }}.",
        "Signed by {{ head }}, zqpolicy.",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy edit");
    assert!(get(&s.addr, "/packs/evening/facilitator/")
        .body
        .contains("zqpolicy"));

    // The pack itself: a different item list and title.
    common::write(
        root,
        "packs/evening.yaml",
        "title: Zq evening\naudience: parents\neditions: [participant]\nitems:\n  - parents/tips.md\n",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "an edit to the pack's file");
    assert_eq!(get(&s.addr, "/packs/evening/facilitator/").status, 404);
    assert!(get(&s.addr, "/packs/evening/").body.contains("Zq evening"));
}

#[test]
fn an_edit_to_a_welsh_page_updates_the_welsh_tag_and_landing_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    common::write(
        root,
        "site.yaml",
        "title: Bilingual\nbase_url: https://b.example.test/\nlanguages:\n  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg }\naudiences:\n  - id: kids\n    name: Children\n    translations: { cy: { name: Plant } }\n",
    );
    common::write(root, "content/_index.md", "---\ntitle: Home\n---\nHi.\n");
    common::write(
        root,
        "content/_index.cy.md",
        "---\ntitle: Hafan\n---\nHelo.\n",
    );
    common::write(
        root,
        "content/gaming.md",
        "---\ntitle: Gaming\naudience: [kids]\ntags: [Games]\n---\nPlay.\n",
    );
    common::write(
        root,
        "content/gaming.cy.md",
        "---\ntitle: Gemau\naudience: [kids]\ntags: [Gemau]\n---\nChwarae.\n",
    );
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    assert!(get(&s.addr, "/cy/tags/gemau/").body.contains("Gemau"));

    // A new title and tag on the Welsh page: its Welsh tag pages, old and new, and the Welsh
    // landing page follow; the English ones do not list it.
    edit(
        root,
        "content/gaming.cy.md",
        "title: Gemau\n",
        "title: Zq gemau\n",
    );
    edit(
        root,
        "content/gaming.cy.md",
        "tags: [Gemau]",
        "tags: [Gemau, Zq pwnc]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a Welsh title and tag");
    let topic = get(&s.addr, "/cy/tags/zq-pwnc/");
    assert_eq!(topic.status, 200);
    assert!(topic.body.contains("Zq gemau") && topic.body.contains("<html lang=cy>"));
    assert!(get(&s.addr, "/cy/tags/gemau/").body.contains("Zq gemau"));
    assert!(get(&s.addr, "/cy/kids/").body.contains("Zq gemau"));
    assert!(!get(&s.addr, "/kids/").body.contains("Zq gemau"));
    assert_eq!(get(&s.addr, "/tags/zq-pwnc/").status, 404);
}

#[test]
fn pages_that_come_to_sort_alike_list_as_a_full_build_lists_them() {
    let site = common::fixture("good");
    let root = site.path();
    // A section that is no audience's landing page lists its own pages.
    for (name, weight) in [("one", 1), ("two", 2)] {
        common::write(
            root,
            &format!("content/training/zq-{name}.md"),
            &format!("---\ntitle: Zq {name}\nweight: {weight}\n---\n\nText.\n"),
        );
    }
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    let order = || {
        let listing = get(&s.addr, "/training/").body;
        let at = |href: &str| listing.find(href).unwrap_or_else(|| panic!("{href}"));
        at("/training/zq-one/") < at("/training/zq-two/")
    };
    assert!(order());
    // zq-two.md (after zq-one.md in file order) listed first, then with zq-one.md's weight and
    // title: the two now sort by file order, whatever the order before.
    edit(root, "content/training/zq-two.md", "weight: 2", "weight: 0");
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "zq-two.md moved first");
    assert!(!order());
    edit(
        root,
        "content/training/zq-two.md",
        "title: Zq two\nweight: 0",
        "title: Zq one\nweight: 1",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "zq-two.md sorting as zq-one.md does");
    assert!(order());
}
