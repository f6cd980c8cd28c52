//! The bundled pack for a site of each UK nation (`base: default` with `nation:`): pages built on
//! England's statutory guidance (the KCSIE model policy, the EYFS guide, the governors' guide) are
//! published in England only, pages for every nation name other nations' guidance only as such,
//! and nothing a site keeps links to a page it leaves out.

mod common;

use common::*;
use std::path::Path;

/// A site on the bundled pack for `nation` (None: the default, England).
fn site_for(nation: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let nation = nation.map(|n| format!("nation: {n}\n")).unwrap_or_default();
    write(
        dir.path(),
        "site.yaml",
        &format!("title: Test\nbase_url: https://t.example.test/\nbase: default\n{nation}"),
    );
    dir
}

/// `check`'s findings of `rule`, as "file:line" for the failure message.
fn check_findings(root: &Path, rule: &str) -> (Vec<String>, usize) {
    let o = run(root, &["check"]);
    let all = findings(&format!("{}{}", stdout(&o), stderr(&o)));
    let errors = all.iter().filter(|f| f.severity == "error").count();
    let of_rule = all
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| format!("{}:{}", f.file, f.line))
        .collect();
    (of_rule, errors)
}

/// Pages of the pack built on England's guidance, and the pages standing for them in Wales.
const ENGLAND_ONLY: [&str; 4] = [
    "policies/online-safety-policy-school",
    "schools/governors-and-trustees",
    "schools/eyfs-phones-and-cameras",
    "audits/early-years-self-review",
];
const WALES_ONLY: [&str; 2] = [
    "policies/online-safety-policy-school-wales",
    "schools/governors-wales",
];

fn published(root: &Path, page: &str) -> bool {
    root.join("public").join(page).join("index.html").exists()
}

/// Every HTML file under public/ that contains `needle`.
fn pages_containing(root: &Path, needle: &str) -> Vec<String> {
    walkdir::WalkDir::new(root.join("public"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| {
            e.path()
                .extension()
                .is_some_and(|x| x == "html" || x == "xml")
        })
        .filter(|e| std::fs::read_to_string(e.path()).is_ok_and(|t| t.contains(needle)))
        .map(|e| e.path().display().to_string())
        .collect()
}

#[test]
fn a_wales_site_on_the_bundled_pack_names_no_guidance_of_england_and_gets_the_wales_policy() {
    let site = site_for(Some("wales"));
    let r = site.path();
    let (other_nation, errors) = check_findings(r, "framework-other-nation");
    assert!(other_nation.is_empty(), "{other_nation:#?}");
    assert_eq!(errors, 0);
    build_ok(r, &[]);
    for page in WALES_ONLY {
        assert!(published(r, page), "{page} is missing on a Wales site");
    }
    for page in ENGLAND_ONLY {
        assert!(!published(r, page), "{page} is published on a Wales site");
        // Nothing the site keeps links to it, the sitemap included.
        let linking = pages_containing(r, &format!("/{page}/"));
        assert!(linking.is_empty(), "{page} is linked from {linking:#?}");
    }
    let policy = read(
        r,
        "public/policies/online-safety-policy-school-wales/index.html",
    );
    assert!(policy.contains("Keeping learners safe"));
    let governors = read(r, "public/schools/governors-wales/index.html");
    assert!(governors.contains("designated safeguarding person"));
    assert!(!governors.contains("Keeping Children Safe in Education"));
}

#[test]
fn an_england_site_keeps_the_england_pages_and_gets_none_of_the_wales_ones() {
    let site = site_for(None);
    let r = site.path();
    let (other_nation, errors) = check_findings(r, "framework-other-nation");
    assert!(other_nation.is_empty(), "{other_nation:#?}");
    assert_eq!(errors, 0);
    build_ok(r, &[]);
    for page in ENGLAND_ONLY {
        assert!(published(r, page), "{page} is missing on an England site");
    }
    for page in WALES_ONLY {
        assert!(
            !published(r, page),
            "{page} is published on an England site"
        );
    }
    let policy = read(r, "public/policies/online-safety-policy-school/index.html");
    assert!(policy.contains("Keeping Children Safe in Education"));
}

/// Scotland and Northern Ireland have no pages of their own in the pack: their sites still
/// build, without England's or Wales's model policy and without a broken link.
#[test]
fn sites_for_the_other_nations_build_without_either_nations_model_policy() {
    for nation in ["scotland", "northern-ireland"] {
        let site = site_for(Some(nation));
        let r = site.path();
        build_ok(r, &[]);
        assert!(published(r, "policies/online-safety-policy-settings"));
        for page in ENGLAND_ONLY.iter().chain(WALES_ONLY.iter()) {
            assert!(
                !published(r, page),
                "{page} is published on a {nation} site"
            );
        }
    }
}

#[test]
fn a_link_to_a_page_for_other_nations_says_why_it_is_not_there() {
    // The site's own page: an error naming the page's nations and the site's, at the link.
    let site = site_for(Some("wales"));
    write(
        site.path(),
        "content/mine/governors.md",
        "---\ntitle: Our governors\nsummary: For governors.\naudience: [schools]\n---\n\nRead [the guide](../schools/governors-and-trustees.md) first.\n",
    );
    let o = run(site.path(), &["build"]);
    assert!(!o.status.success(), "a broken link fails the build");
    let err = stderr(&o);
    assert!(
        err.contains(
            "a page for England only (its `nations:`), so this site for Wales leaves it out"
        ),
        "{err}"
    );
    assert!(err.contains("content/mine/governors.md:7:6"), "{err}");
    assert!(!err.contains("which does not exist"), "{err}");

    // A base page (of a regional pack serving every nation): the link becomes plain text, named
    // once in a notice, and the build goes on.
    let dir = tempfile::tempdir().expect("temp dir");
    let (base, site) = (dir.path().join("regional"), dir.path().join("site"));
    write(
        &base,
        "site.yaml",
        "title: Regional\nbase_url: https://r.example.test/\naudiences:\n  - id: schools\n    name: Schools\n",
    );
    write(
        &base,
        "content/schools/england-guide.md",
        "---\ntitle: England guide\nsummary: For England.\naudience: [schools]\nnations: [england]\n---\n\nText.\n",
    );
    write(
        &base,
        "content/schools/start.md",
        "---\ntitle: Start here\nsummary: For everyone.\naudience: [schools]\n---\n\nSee [the England guide](england-guide.md) for more.\n",
    );
    write(
        &site,
        "site.yaml",
        "base: ../regional\ntitle: Welsh site\nbase_url: https://w.example.test/\nnation: wales\n",
    );
    let o = run(&site, &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("content/schools/start.md -> content/schools/england-guide.md"),
        "{err}"
    );
    let start = std::fs::read_to_string(site.join("public/schools/start/index.html")).unwrap();
    assert!(start.contains("See the England guide for more."), "{start}");
    assert!(!site
        .join("public/schools/england-guide/index.html")
        .exists());
}

#[test]
fn law_of_england_and_wales_is_cited_for_its_readers_so_no_nations_site_is_warned() {
    // The bundled pack names law of England and Wales as such (`nation: [england, wales]`):
    // a site for any nation gets no warning about it, and no errors.
    for nation in ["england", "wales", "scotland", "northern-ireland"] {
        let site = site_for(Some(nation));
        let (other_nation, errors) = check_findings(site.path(), "framework-other-nation");
        assert!(
            other_nation.is_empty(),
            "a {nation} site: {other_nation:#?}"
        );
        assert_eq!(errors, 0, "a {nation} site");
    }

    // A page of a Scotland site citing it for everyone is told how to say it is for both nations.
    let site = site_for(Some("scotland"));
    let page = |cite: &str| {
        format!("---\ntitle: The law\nsummary: For parents.\naudience: [parents]\ncites: [{cite}]\n---\n\nIn England and Wales, making a fake intimate image of an adult without consent is a crime.\n")
    };
    write(
        site.path(),
        "content/parents/the-law.md",
        &page("intimate-image-offences-2026"),
    );
    let (other_nation, _) = check_findings(site.path(), "framework-other-nation");
    assert_eq!(other_nation, ["content/parents/the-law.md:5"]);
    let err = stderr(&run(site.path(), &["check"]));
    assert!(
        err.contains("write `{ id: intimate-image-offences-2026, nation: [england, wales] }`"),
        "{err}"
    );
    write(
        site.path(),
        "content/parents/the-law.md",
        &page("{ id: intimate-image-offences-2026, nation: [england, wales] }"),
    );
    let (other_nation, errors) = check_findings(site.path(), "framework-other-nation");
    assert!(other_nation.is_empty(), "{other_nation:#?}");
    assert_eq!(errors, 0);
}
