//! Layers: a site standing on a base (`base: default` or a site folder), a base of a base, `hide:`,
//! and `safeguide new` (thin and `--full`). Every test builds real sites with the real binary.

mod common;

use std::path::Path;

use common::{build_ok, read, run, site_files, stderr, stdout, write};

const AUDIENCES: &str = "audiences:\n  - id: parents\n    name: Parents and carers\n";

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: About {title}.\naudience: [parents]\n---\n{body}\n")
}

/// national <- regional <- local, in one temporary folder; returns (tempdir, local root).
fn three_layers() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let n = dir.path().join("national");
    write(
        &n,
        "site.yaml",
        &format!("title: National pack\nbase_url: https://national.example.org/\n{AUDIENCES}"),
    );
    write(&n, "content/_index.md", &page("National home", "Welcome."));
    write(
        &n,
        "content/parents/gaming.md",
        &page("Gaming", "National gaming advice."),
    );
    write(
        &n,
        "content/parents/apps.md",
        &page("Apps", "National apps advice. See [gaming](gaming.md)."),
    );
    write(&n, "static/national.txt", "from national");
    write(&n, "static/shared.txt", "national copy");
    let r = dir.path().join("regional");
    write(
        &r,
        "site.yaml",
        "base: ../national\ntitle: Northern region\n",
    );
    write(
        &r,
        "content/parents/gaming.md",
        &page("Gaming", "Regional gaming advice."),
    );
    write(&r, "static/shared.txt", "regional copy");
    let l = dir.path().join("local");
    write(
        &l,
        "site.yaml",
        "title: Northshire — Online safety\nbase_url: https://northshire.example.org/\nbase: ../regional\n",
    );
    write(
        &l,
        "content/parents/local-help.md",
        &page("Local help", "Call the front door. See [apps](apps.md)."),
    );
    (dir, l)
}

#[test]
fn a_base_of_a_base_lies_under_the_site_by_path() {
    let (_dir, local) = three_layers();
    build_ok(&local, &[]);
    let out = local.join("public");
    // Each layer's pages, the topmost copy winning.
    assert!(read(&out, "parents/gaming/index.html").contains("Regional gaming advice"));
    assert!(read(&out, "parents/apps/index.html").contains("National apps advice"));
    assert!(read(&out, "parents/local-help/index.html").contains("Call the front door"));
    // The site's own site.yaml keys replace the bases'.
    assert!(read(&out, "index.html").contains("Northshire — Online safety"));
    assert!(read(&out, "sitemap.xml").contains("https://northshire.example.org/parents/apps/"));
    // static/ of every layer, the topmost winning.
    assert_eq!(read(&out, "national.txt"), "from national");
    assert_eq!(read(&out, "shared.txt"), "regional copy");
}

#[test]
fn an_error_in_a_base_names_the_base_file_with_line_and_column() {
    let (dir, local) = three_layers();
    write(
        &dir.path().join("national"),
        "content/parents/apps.md",
        &page("Apps", "Line one.\n\nSee [missing](nowhere.md)."),
    );
    let o = run(&local, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("../national/content/parents/apps.md:8:5"),
        "the base file is named relative to the site, with line and column:\n{err}"
    );
}

#[test]
fn a_loop_of_bases_is_an_error_naming_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    write(
        &a,
        "site.yaml",
        "title: A\nbase_url: https://a.example.org/\nbase: ../b\n",
    );
    write(
        &b,
        "site.yaml",
        "title: B\nbase_url: https://b.example.org/\nbase: ../a\n",
    );
    let o = run(&a, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("../b/site.yaml:3:7"), "{err}");
    assert!(err.contains("a loop"), "{err}");
    assert!(err.contains("this site -> ../b -> ../a"), "{err}");
    assert!(!a.join("public").exists());
}

#[test]
fn a_base_that_is_not_a_site_folder_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        "title: A\nbase_url: https://a.example.org/\nbase: ../no-such-pack\n",
    );
    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("site.yaml:3:7"), "{err}");
    assert!(err.contains("is not a site folder"), "{err}");
    assert!(
        err.contains("base: default"),
        "the help names the built-in base: {err}"
    );
}

#[test]
fn a_link_from_a_base_page_to_a_hidden_one_becomes_text_with_a_notice_naming_both() {
    let (_dir, local) = three_layers();
    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/gaming.md\n",
    );
    // The site's own page linking to apps.md, not to the hidden page.
    let o = build_ok(&local, &[]);
    let err = stderr(&o);
    // The linking page (in the national base) and the hidden page, in one notice.
    assert!(
        err.contains("../national/content/parents/apps.md -> content/parents/gaming.md"),
        "{err}"
    );
    assert!(err.contains("safeguide override"), "{err}");
    let apps = read(&local.join("public"), "parents/apps/index.html");
    assert!(apps.contains("See gaming."), "the words stay: {apps}");
    assert!(
        !apps.contains("/parents/gaming/"),
        "no link to the hidden page"
    );
}

#[test]
fn hiding_a_page_leaves_it_out_and_a_misspelt_hide_is_an_error_at_its_line() {
    let (_dir, local) = three_layers();
    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/apps.md\n",
    );
    // Nothing links to apps.md once the local page stops doing so.
    write(
        &local,
        "content/parents/local-help.md",
        &page("Local help", "Call the front door."),
    );
    build_ok(&local, &[]);
    assert!(!local.join("public/parents/apps").exists());
    assert!(local.join("public/parents/gaming/index.html").is_file());

    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/app.md\n",
    );
    let o = run(&local, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("site.yaml:5:5"), "{err}");
    assert!(err.contains("did you mean `parents/apps.md`?"), "{err}");
}

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

/// A thin site from `safeguide new`, with `local` lines put into its site.yaml.
fn thin_site_with(local: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["new", "s"]).status.success());
    let s = dir.path().join("s");
    let yaml = read(&s, "site.yaml");
    let cut = yaml.find("\nlocal:\n").expect("new writes local:");
    write(
        &s,
        "site.yaml",
        &format!("{}\nlocal:\n{local}", &yaml[..cut]),
    );
    (dir, s)
}

#[test]
fn local_values_fill_every_page_and_pack_that_uses_them() {
    let (_dir, s) = thin_site_with(
        "  front_door_phone: 01604 000 111 <Mon-Fri>\n  lado_contact: lado@northshire.gov.uk\n",
    );
    build_ok(&s, &[]);
    let out = s.join("public");
    let help = read(&out, "get-help/index.html");
    assert!(
        help.contains("call <a href=tel:01604000111>01604 000 111</a> &lt;Mon-Fri>"),
        "escaped text, the number a tel: link"
    );
    assert!(help.contains("lado@northshire.gov.uk"));
    // A handout in a printed pack, and a value the base gives (101) that the site left alone.
    let pack = read(&out, "packs/staff-awareness/participant/index.html");
    assert!(
        pack.contains("front door</abbr></a>: <a href=tel:01604000111>01604 000 111</a>"),
        "{}",
        pack.len()
    );
    assert!(read(&out, "parents/when-something-goes-wrong/index.html")
        .contains("call the police on <a href=tel:101>101</a>"));
    // Still unset: a visible labelled blank.
    let accessibility = read(&out, "accessibility/index.html");
    assert!(
        accessibility.contains("data-local=partnership_email")
            && accessibility.contains("<span class=placeholder-label>Partnership email</span>"),
        "labelled blank"
    );
}

#[test]
fn check_names_each_unset_local_value_and_refuses_an_unknown_one() {
    let (_dir, s) = thin_site_with("  front_door_phone: 01604 000 111\n  lado_contact:\n");
    let o = run(&s, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    // lado_contact is named at its own line of the site's site.yaml, with the pages using it.
    let line = read(&s, "site.yaml")
        .lines()
        .position(|l| l.trim() == "lado_contact:")
        .unwrap()
        + 1;
    assert!(err.contains(&format!("site.yaml:{line}:3")), "{err}");
    // How many pages show it follows the bundled pack; the notice names each one.
    let notice = err
        .lines()
        .find(|l| l.contains("the local value `lado_contact` (LADO contact) is not set: "))
        .unwrap_or_else(|| panic!("no notice for lado_contact: {err}"));
    let shown: usize = notice
        .split("is not set: ")
        .nth(1)
        .and_then(|r| r.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a count");
    assert!(shown >= 2, "{notice}");
    assert_eq!(notice.matches(".md").count(), shown, "{notice}");
    assert!(notice.contains("get-help.md"), "{notice}");
    assert!(
        !err.contains("`front_door_phone` (Children"),
        "it is set: {err}"
    );

    write(
        &s,
        "content/parents/local-help.md",
        &format!(
            "---\ntitle: Local help\nsummary: Local help.\naudience: [parents]\n---\nRing {}.\n",
            "{{ local.front_dor_phone }}"
        ),
    );
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("content/parents/local-help.md:6:6"), "{err}");
    assert!(
        err.contains("did you mean `{{ local.front_door_phone }}`?"),
        "{err}"
    );
}

const LOGO: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\" fill=\"#5a2d82\"/></svg>";

/// A thin site with `brand:` lines appended to its site.yaml.
fn branded_site(brand: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, s) = thin_site_with("  front_door_phone: 01604 000 111\n");
    let yaml = read(&s, "site.yaml");
    write(&s, "site.yaml", &format!("{yaml}brand:\n{brand}"));
    write(&s, "static/northshire-logo.svg", LOGO);
    (dir, s)
}

#[test]
fn brand_logo_and_colour_reach_the_header_pack_covers_and_the_report() {
    let (_dir, s) = branded_site("  logo: static/northshire-logo.svg\n  colour: \"#5a2d82\"\n");
    build_ok(&s, &[]);
    let out = s.join("public");
    let home = read(&out, "index.html");
    assert!(
        home.contains("<img alt=\"Anytown Safeguarding Children Partnership — Online safety\" class=site-logo src=/northshire-logo.svg>")
            || home.contains("class=site-logo src=/northshire-logo.svg alt=\"Anytown Safeguarding Children Partnership — Online safety\""),
        "logo in the header with the title as alt text: {}",
        &home[..home.len().min(3000)]
    );
    assert!(
        home.contains("--header:#5a2d82"),
        "the colour as a custom property"
    );
    assert_eq!(read(&out, "northshire-logo.svg"), LOGO);
    let cover = read(&out, "packs/staff-awareness/participant/index.html");
    assert!(
        cover.contains("class=cover-logo src=../../../northshire-logo.svg"),
        "pack cover"
    );
    assert!(
        cover.contains(":root{--accent:#5a2d82}"),
        "printed packs follow the brand"
    );

    let report = s.join("report.html");
    let o = run(&s, &["check", "--report", report.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the report carries the logo inside it"
    );
}

#[test]
fn a_brand_colour_white_text_cannot_be_read_on_is_an_error_with_the_nearest_that_passes() {
    let (_dir, s) = branded_site("  colour: \"#f5a623\"\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let line = read(&s, "site.yaml")
        .lines()
        .position(|l| l.contains("#f5a623"))
        .unwrap()
        + 1;
    assert!(err.contains(&format!("site.yaml:{line}:3")), "{err}");
    assert!(err.contains("contrast ratio of 2.02:1"), "{err}");
    assert!(err.contains("is the nearest that passes (4.5"), "{err}");
    // The colour it suggests does pass.
    let suggested = err.split("use a darker shade: \"").nth(1).unwrap()[..7].to_string();
    let yaml = read(&s, "site.yaml").replace("#f5a623", &suggested);
    write(&s, "site.yaml", &yaml);
    let o = run(&s, &["check"]);
    assert!(o.status.success(), "{suggested}: {}", stderr(&o));
}

#[test]
fn a_logo_that_is_missing_or_outside_static_is_an_error_at_its_line() {
    let (_dir, s) = branded_site("  logo: static/no-such-logo.svg\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the logo `static/no-such-logo.svg` does not exist"),
        "{}",
        stderr(&o)
    );
    let (_dir, s) = branded_site("  logo: ../logo.svg\n");
    let o = run(&s, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("is not in the static/ folder"),
        "{}",
        stderr(&o)
    );
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

#[test]
fn rebuilding_after_a_change_in_any_layer_matches_a_clean_build() {
    let (dir, local) = three_layers();
    let national = dir.path().join("national");
    let regional = dir.path().join("regional");
    build_ok(&local, &[]);
    let changes: [(&Path, &str, &str); 4] = [
        (
            &national,
            "content/parents/apps.md",
            "National apps advice.",
        ),
        (
            &regional,
            "content/parents/gaming.md",
            "Regional gaming advice.",
        ),
        (&national, "static/national.txt", "from national"),
        (
            &local,
            "content/parents/local-help.md",
            "Call the front door.",
        ),
    ];
    for (n, (root, rel, from)) in changes.into_iter().enumerate() {
        let text = read(root, rel);
        write(root, rel, &text.replace(from, &format!("Changed {n}.")));
        build_ok(&local, &[]);
        let clean = dir.path().join(format!("clean-{n}"));
        build_ok(&local, &["--output", clean.to_str().unwrap()]);
        let (a, b) = (site_files(&local.join("public")), site_files(&clean));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{rel}: files"
        );
        let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
        assert!(differ.is_empty(), "{rel}: contents differ: {differ:?}");
        // The change itself is there.
        assert!(
            a.values()
                .any(|v| String::from_utf8_lossy(v).contains(&format!("Changed {n}."))),
            "{rel}"
        );
    }
}

#[test]
fn adapt_reads_a_profile_the_base_provides() {
    let (_dir, s) = thin_site_with("");
    let o = run(
        &s,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            "--format",
            "html",
            "policies/aup-upper-ks2.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&s, "adapted/oak-hill-primary/aup-upper-ks2.html");
    assert!(html.contains("Oak Hill"), "filled from the base's profile");
}

/// The text of a Word copy's body.
fn docx_xml(path: &Path) -> String {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut s)
        .unwrap();
    s
}

#[test]
fn local_values_reach_a_policys_word_copy_and_adapted_markdown() {
    let (_dir, s) = thin_site_with("  lado_contact: 01604 222 333\n");
    let o = run(
        &s,
        &[
            "override",
            "content/policies/online-safety-policy-settings.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let rel = "content/policies/online-safety-policy-settings.md";
    let text = read(&s, rel).replacen(
        "on {{ lado_contact }}",
        "on {{ local.lado_contact }} (front door: {{ local.front_door_phone }})",
        1,
    );
    assert!(text.contains("{{ local.lado_contact }}"));
    write(&s, rel, &text);
    build_ok(&s, &[]);
    let out = s.join("public/policies/online-safety-policy-settings");
    let xml = docx_xml(&out.join("online-safety-policy-settings.docx"));
    assert!(xml.contains("01604 222 333"), "the value in the Word copy");
    assert!(
        xml.contains("________ (Children’s services front door)"),
        "an unset one as a written blank"
    );
    assert!(!xml.contains("local."), "no raw key left");
    // The fill-in form asks the school only for its own blanks.
    let page = read(&out, "index.html");
    assert!(page.contains("01604 222 333"));
    assert!(
        !page.contains("name=local."),
        "no form field for a local value"
    );

    let o = run(
        &s,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            "--format",
            "md",
            "--allow-blanks",
            "policies/online-safety-policy-settings.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let md = read(
        &s,
        "adapted/oak-hill-primary/online-safety-policy-settings.md",
    );
    assert!(
        md.contains("01604 222 333"),
        "adapted Markdown has the value"
    );
}

#[cfg(unix)]
#[test]
fn a_link_out_of_a_base_folder_is_not_followed_and_is_named_by_its_real_path() {
    let (dir, local) = three_layers();
    std::fs::write(dir.path().join("secret.txt"), "zq-secret").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("national/static/leak.txt"),
    )
    .unwrap();
    let o = build_ok(&local, &[]);
    let err = stderr(&o);
    assert!(err.contains("../national/static/leak.txt"), "{err}");
    assert!(err.contains("leads outside the site folder"), "{err}");
    assert!(!local.join("public/leak.txt").exists());
}
