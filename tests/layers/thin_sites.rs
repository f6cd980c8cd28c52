//! `safeguide new` and the thin site it makes: every default page, its own templates and
//! static files, `override` and the base moving on, new sections and audience folders.

use super::*;

#[test]
fn new_makes_a_thin_site_that_builds_every_default_page_with_no_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["new", "thin"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let thin = dir.path().join("thin");
    assert!(read(&thin, "site.yaml").contains("base: default"));
    for folder in ["content", "packs", "profiles", "templates", "static"] {
        let note = read(&thin, &format!("{folder}/README.txt"));
        assert!(note.contains("lie over the base"), "{folder}: {note}");
    }
    assert!(
        !thin.join("content/_index.md").exists(),
        "a thin site copies no pages"
    );

    let check = run(&thin, &["check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    assert!(
        stdout(&check).contains("0 errors, 0 warnings"),
        "{}",
        stdout(&check)
    );

    let o = run(dir.path(), &["new", "--full", "full"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let full = dir.path().join("full");
    assert!(full.join("content/_index.md").is_file());
    build_ok(&thin, &[]);
    build_ok(&full, &[]);
    // Every page of the thin site is the full copy's, byte for byte (search shards are named by
    // a hash that includes site.yaml, so they are compared by content elsewhere).
    let pages = html_files(&full.join("public"));
    assert!(pages.len() > 60, "{}", pages.len());
    assert_eq!(pages, html_files(&thin.join("public")));
    for p in &pages {
        assert_eq!(
            std::fs::read(full.join("public").join(p)).unwrap(),
            std::fs::read(thin.join("public").join(p)).unwrap(),
            "{p}"
        );
    }
    // The folder notes are for the author only.
    assert!(!thin.join("public/README.txt").exists());
}

#[test]
fn the_sites_own_templates_and_static_files_replace_the_bases() {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["new", "s"]).status.success());
    let s = dir.path().join("s");
    write(&s, "static/robots-note.txt", "ours");
    // A theme template is copied with `override` like a page, then edited.
    let o = run(&s, &["override", "templates/404.html"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(read(&s, "templates/404.html").contains("{% extends"));
    write(
        &s,
        "templates/404.html",
        "<p>Northshire: page not found</p>",
    );
    build_ok(&s, &[]);
    assert_eq!(read(&s.join("public"), "robots-note.txt"), "ours");
    assert!(read(&s.join("public"), "404.html").contains("Northshire: page not found"));
}

fn html_files(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| {
            e.path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    out.sort();
    out
}

#[test]
fn override_records_the_base_version_and_check_and_diff_follow_the_base_moving_on() {
    let (dir, local) = three_layers();
    let o = run(&local, &["override", "content/parents/apps.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains("Copied ../national/content/parents/apps.md to content/parents/apps.md"),
        "{}",
        stdout(&o)
    );
    let copy = read(&local, "content/parents/apps.md");
    let version = copy
        .lines()
        .find_map(|l| l.strip_prefix("based_on: "))
        .expect("based_on written")
        .to_string();
    // A second override of the same file is refused: the site's copy is never overwritten.
    let again = run(&local, &["override", "content/parents/apps.md"]);
    assert_eq!(again.status.code(), Some(2));
    assert_eq!(read(&local, "content/parents/apps.md"), copy);

    // In step: no warning, and the report says so.
    let o = run(&local, &["check"]);
    assert!(!stderr(&o).contains("base-moved-on"), "{}", stderr(&o));

    // The site edits its copy; the national pack changes its own.
    write(
        &local,
        "content/parents/apps.md",
        &copy.replace("National apps advice.", "Northshire apps advice."),
    );
    write(
        &dir.path().join("national"),
        "content/parents/apps.md",
        &page(
            "Apps",
            "National apps advice. See [gaming](gaming.md).\n\nNew: age checks from 2027.",
        ),
    );
    let report = local.join("report.html");
    let o = run(&local, &["check", "--report", report.to_str().unwrap()]);
    let err = stderr(&o);
    assert!(err.contains("warning[base-moved-on]"), "{err}");
    assert!(
        err.contains("content/parents/apps.md:5:1"),
        "at the based_on line: {err}"
    );
    assert!(err.contains(&format!("based_on {version}")), "{err}");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("<td>content/parents/apps.md</td><td>../national/content/parents/apps.md</td><td>base moved on"),
        "the report lists the override and its state"
    );
    // What the base changed, side by side in words.
    assert!(
        html.contains("<td></td><td><ins>New: age checks from 2027.</ins></td>"),
        "{html}"
    );

    let o = run(&local, &["diff", "content/parents/apps.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let (base_changes, mine) = out
        .split_once("Your copy against the base now:")
        .expect("both diffs");
    assert!(
        base_changes.contains("What the base changed since you copied it, in words:")
            && base_changes.contains("  now: {+New: age checks from 2027.+}"),
        "{out}"
    );
    assert!(
        base_changes.contains("+New: age checks from 2027."),
        "{out}"
    );
    assert!(!base_changes.contains("Northshire"), "{out}");
    assert!(mine.contains("-National apps advice."), "{out}");
    assert!(mine.contains("+Northshire apps advice."), "{out}");
    assert!(mine.contains("-New: age checks from 2027."), "{out}");
    assert!(
        !out.contains("+based_on"),
        "based_on is not a difference: {out}"
    );

    // Not an override: a usage error.
    let o = run(&local, &["diff", "content/parents/local-help.md"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_new_section_without_an_audience_is_a_warning_not_a_quiet_mistake() {
    let (_dir, s) = thin_site_with("");
    write(
        &s,
        "content/foster-carers/_index.md",
        "---\ntitle: Foster carers\nsummary: For foster carers.\n---\nHello.\n",
    );
    write(
        &s,
        "content/foster-carers/tips.md",
        "---\ntitle: Tips for foster carers\nsummary: Tips.\n---\nHello.\n",
    );
    let o = run(&s, &["check"]);
    let err = stderr(&o);
    assert!(err.contains("warning[audience-from-home]"), "{err}");
    assert!(
        err.contains("--> content/foster-carers/_index.md:2:1"),
        "{err}"
    );
    assert!(err.contains("add a line `audience: [...]`"), "{err}");
    assert_eq!(
        err.matches("audience-from-home").count(),
        1,
        "once per section: {err}"
    );
}

#[test]
fn a_folder_named_like_an_audience_takes_it_and_check_wants_a_report_route_for_it() {
    let (_dir, s) = thin_site_with("");
    let base = read(&common::repo_root(), "site.yaml");
    // The site's own audiences list (the base's six plus two) merges with the base's by id.
    let start = base.find("audiences:").unwrap();
    let end = base.find("\nreport:").unwrap();
    let audiences = format!(
        "{}\n  - id: foster-carers\n    name: Foster and kinship carers\n  - id: governors\n    name: Governors\n",
        &base[start..end].trim_end()
    );
    // The site's own report routes replace the base's (said explicitly); none is for foster carers.
    let report = "report_replace: true\nreport:\n  - label: Report to CEOP\n    url: https://www.ceop.police.uk/Safety-Centre/\n    for: [parents, children-8-10, young-people, professionals, schools, governors]\n";
    let yaml = read(&s, "site.yaml");
    write(&s, "site.yaml", &format!("{yaml}{audiences}{report}"));
    write(
        &s,
        "content/foster-carers/_index.md",
        "---\ntitle: Foster carers\nsummary: For foster and kinship carers.\n---\nHello.\n",
    );
    write(
        &s,
        "content/foster-carers/tips.md",
        "---\ntitle: Tips for foster carers\nsummary: Tips.\n---\nHello.\n",
    );
    let o = run(&s, &["check"]);
    let err = stderr(&o);
    assert!(!err.contains("audience-from-home"), "{err}");
    let line = |id: &str| {
        read(&s, "site.yaml")
            .lines()
            .position(|l| l.contains(&format!("id: {id}")))
            .unwrap()
            + 1
    };
    assert!(
        err.contains("no `report` route is shown to the audience `foster-carers`")
            && err.contains(&format!("site.yaml:{}:", line("foster-carers"))),
        "{err}"
    );
    assert!(
        err.contains("the audience `governors` has no pages")
            && err.contains(&format!("site.yaml:{}:", line("governors"))),
        "{err}"
    );
    assert!(
        !err.contains("the audience `foster-carers` has no pages"),
        "{err}"
    );
    assert!(!err.contains("shown to the audience `governors`"), "{err}");
    build_ok(&s, &[]);
    let landing = read(&s.join("public"), "foster-carers/index.html");
    assert!(
        landing.contains("Tips for foster carers"),
        "the folder's pages are the audience's"
    );
}
