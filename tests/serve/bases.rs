//! A site standing on a base: its own edits, new overrides, site.yaml lists merged with the
//! base's, and edits in the base folder.

use super::*;

/// A site standing on the built-in pack (`base: default`): serve picks up the site's own files,
/// a new copy laid over a base page included, and ends as a full build would.
#[test]
fn a_site_on_a_base_serves_its_own_edits_and_new_overrides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = common::run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let root = dir.path().join("site");
    common::write(
        &root,
        "content/parents/northshire.md",
        "---\ntitle: Support in Northshire\nsummary: Local support.\n---\nFirst text.\n",
    );
    let s = serve(&root);
    assert!(get(&s.addr, "/parents/northshire/")
        .body
        .contains("First text."));

    // The site's own page, edited.
    edit(
        &root,
        "content/parents/northshire.md",
        "First text.",
        "zq-own-edit.",
    );
    eventually("the edited page", || {
        get(&s.addr, "/parents/northshire/")
            .body
            .contains("zq-own-edit")
    });
    settles_as_full_build(&root, &s.addr, "an edit to the site's own page");

    // A copy of a base page, written into the site: it replaces the base's page.
    let o = common::run(&root, &["override", "content/parents/gaming-and-chat.md"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    edit(
        &root,
        "content/parents/gaming-and-chat.md",
        "\n---\n",
        "\n---\nzq-northshire-gaming.\n\n",
    );
    eventually("the overriding page", || {
        get(&s.addr, "/parents/gaming-and-chat/")
            .body
            .contains("zq-northshire-gaming")
    });
    settles_as_full_build(&root, &s.addr, "an override of a base page");
}

/// A thin site's site.yaml list edits (a route added by id, one hidden) reach /report/ and every
/// page's panel, the base's routes kept.
#[test]
fn site_yaml_list_edits_are_served_merged_with_the_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = common::run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let root = dir.path().join("site");
    let s = serve(&root);
    assert!(get(&s.addr, "/report/")
        .body
        .contains("Report Harmful Content"));
    let yaml = common::read(&root, "site.yaml");
    common::write(
        &root,
        "site.yaml",
        &format!(
            "{yaml}\nreport:\n  - id: zq-mash\n    label: Zq Northshire MASH\n    phone: 01234 567 890\n    after: call-999\nhide:\n  report: [report-harmful-content]\n"
        ),
    );
    eventually("the added route", || {
        let body = get(&s.addr, "/report/").body;
        body.contains("Zq Northshire MASH") && !body.contains("Report Harmful Content")
    });
    let report = get(&s.addr, "/report/").body;
    assert!(
        report.contains("Report online sexual abuse or grooming to CEOP")
            && report.contains("NSPCC helpline")
    );
    assert!(
        get(&s.addr, "/parents/")
            .body
            .contains("Zq Northshire MASH"),
        "in the panels too"
    );
}

/// An edit in the base folder a site stands on (`base: ../national`) rebuilds the site too.
#[test]
fn an_edit_in_a_base_folder_rebuilds_the_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let national = dir.path().join("national");
    common::write(
        &national,
        "site.yaml",
        "title: National\nbase_url: https://n.example.org/\naudiences:\n  - id: parents\n    name: Parents\n",
    );
    common::write(
        &national,
        "content/_index.md",
        "---\ntitle: Home\naudience: [parents]\n---\nHome.\n",
    );
    common::write(
        &national,
        "content/apps.md",
        "---\ntitle: Apps\nsummary: Apps.\n---\nNational text.\n",
    );
    let local = dir.path().join("local");
    common::write(
        &local,
        "site.yaml",
        "title: Local\nbase_url: https://l.example.org/\nbase: ../national\n",
    );
    let s = serve(&local);
    assert!(get(&s.addr, "/apps/").body.contains("National text."));
    edit(
        &national,
        "content/apps.md",
        "National text.",
        "zq-national-update.",
    );
    eventually("the base's edit", || {
        get(&s.addr, "/apps/").body.contains("zq-national-update")
    });
    settles_as_full_build(&local, &s.addr, "an edit in the base folder");
}
