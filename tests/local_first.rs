//! Local first (#31): a partnership's thin site (`base: default`) adds its own report routes,
//! audiences and contacts without losing the national ones. Every test makes a site with the
//! real binary's `new` and builds it.

mod common;

use std::path::{Path, PathBuf};

use common::{build_ok, read, run, stderr};

/// A thin site made by `safeguide new`, with `extra` appended to its site.yaml.
fn thin_site(extra: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let o = run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let root = dir.path().join("site");
    let path = root.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, format!("{text}\n{extra}")).unwrap();
    (dir, root)
}

/// Sets `key:` under `local:` in the site.yaml `new` wrote (where it is left empty).
fn set_local(root: &Path, key: &str, value: &str) {
    let path = root.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let from = format!("  {key}:\n");
    assert!(text.contains(&from), "new writes `{key}:` empty");
    std::fs::write(
        &path,
        text.replacen(&from, &format!("  {key}: {value}\n"), 1),
    )
    .unwrap();
}

/// The h2 of each route on /report/, in order.
fn route_titles(html: &str) -> Vec<String> {
    html.split("<li class=")
        .skip(1)
        .filter(|li| li.trim_start_matches('"').starts_with("report-route"))
        .filter_map(|li| {
            let h = li.split("<h2>").nth(1)?;
            Some(h.split("</h2>").next()?.to_string())
        })
        .collect()
}

const BASE_ROUTES: [&str; 9] = [
    "Call 999 if a child is in immediate danger",
    "Report online sexual abuse or grooming to CEOP",
    "Get a nude image taken down with Report Remove",
    "Talk to Childline — 0800 1111",
    "NSPCC helpline — 0808 800 5000",
    "Report child sexual abuse images to the IWF",
    "Report Harmful Content",
    "Professionals Online Safety Helpline — 0344 381 4772",
    "Call the police on 101 when it is not an emergency",
];

#[test]
fn a_local_route_keeps_every_base_route_on_report_and_in_the_panels() {
    let (_dir, root) = thin_site(
        "report:\n  - id: northshire-mash\n    label: Northshire MASH\n    description: \"Ring the MASH on {{ local.front_door_phone }} or email mash@northshire.gov.uk.\"\n    after: call-999\n    for: [professionals]\n",
    );
    set_local(&root, "front_door_phone", "01234 567 890 (Mon to Fri)");
    let o = build_ok(&root, &[]);
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let out = root.join("public");
    let report = read(&out, "report/index.html");
    let titles = route_titles(&report);
    for base in BASE_ROUTES {
        assert!(titles.iter().any(|t| t == base), "{base} kept: {titles:?}");
    }
    // Placed where the site asked: right after the 999 route.
    assert_eq!(titles[1], "Northshire MASH", "{titles:?}");
    // The local value expanded, its number and the email as links, the text as written.
    assert!(
        report.contains("Ring the MASH on <a href=tel:01234567890>01234 567 890</a> (Mon to Fri) or email <a href=mailto:mash@northshire.gov.uk>mash@northshire.gov.uk</a>."),
        "{report}"
    );
    // The panel on a professionals' page lists the local route and the national ones.
    let panel = read(&out, "professionals/index.html");
    let panel = panel.split_once("help-box-title").expect("a help box").1;
    for label in [
        "Northshire MASH",
        "Report online sexual abuse or grooming to CEOP",
        "NSPCC helpline",
    ] {
        assert!(panel.contains(label), "{label} in the panel: {panel}");
    }
}

#[test]
fn local_childrens_services_route_comes_from_local_values_and_hides_without_them() {
    let (_dir, root) = thin_site("");
    build_ok(&root, &[]);
    let report = read(&root.join("public"), "report/index.html");
    assert!(
        !report.contains("Your local children"),
        "no values, no route"
    );

    set_local(&root, "out_of_hours_phone", "01234 567 999");
    set_local(&root, "lado_contact", "lado@northshire.gov.uk");
    build_ok(&root, &[]);
    let out = root.join("public");
    let report = read(&out, "report/index.html");
    let titles = route_titles(&report);
    assert_eq!(titles[1], "Your local children's services", "{titles:?}");
    assert!(report.contains("<dt>Children's services out of hours</dt><dd><a href=tel:01234567999>01234 567 999</a></dd>"), "{report}");
    assert!(report.contains("<a href=mailto:lado@northshire.gov.uk>lado@northshire.gov.uk</a>"));
    // The front door is not set: not listed as a blank.
    assert!(!report.contains("<dt>Children's services front door</dt>"));
    // get-help says the out-of-hours number as a link.
    let help = read(&out, "get-help/index.html");
    assert!(
        help.contains("call <a href=tel:01234567999>01234 567 999</a>"),
        "get-help"
    );
}

#[test]
fn a_route_and_an_audience_are_replaced_and_hidden_by_id() {
    let (_dir, root) = thin_site(
        "report:\n  - id: iwf\n    description: Our own words for the IWF.\naudiences:\n  - id: parents\n    name: Parents, carers and families\n  - id: foster-carers\n    name: Foster carers\n    description: For {{ local.partnership_email }}.\n    after: parents\nhide:\n  pages: [young-people/scams-and-money.md]\n  report: [report-harmful-content]\n  audiences: [schools]\n",
    );
    write_page(&root);
    let o = build_ok(&root, &[]);
    let out = root.join("public");
    let report = read(&out, "report/index.html");
    let titles = route_titles(&report);
    assert!(
        !titles.iter().any(|t| t == "Report Harmful Content"),
        "{titles:?}"
    );
    assert!(titles
        .iter()
        .any(|t| t == "Report child sexual abuse images to the IWF"));
    assert!(report.contains("Our own words for the IWF."));
    assert!(!report.contains("Anonymous reports of sexual images"));
    // The audiences, in order, schools gone, the new one after parents.
    let list = report.split("class=report-audiences>").nth(1).unwrap();
    let list = list.split("</ul>").next().unwrap();
    let parents = list.find("Parents, carers and families").expect("renamed");
    let foster = list.find("Foster carers").expect("added");
    assert!(
        parents < foster && !list.contains("Schools and settings"),
        "{list}"
    );
    assert!(!root.join("public/young-people/scams-and-money").exists());
    assert!(
        out.join("foster-carers/index.html").is_file(),
        "{}",
        stderr(&o)
    );
}

/// A page for the added audience, so that its landing page has something to list.
fn write_page(root: &Path) {
    common::write(
        root,
        "content/foster-carers/phones.md",
        "---\ntitle: Phones in foster care\nsummary: Phones.\naudience: [foster-carers]\n---\nText.\n",
    );
}

#[test]
fn replacing_every_base_route_one_by_one_warns_at_the_line_unless_said() {
    let mut own = String::from("report:\n");
    // Every route of the bundled pack (those for other nations too: the merge sees them all).
    let pack: serde_yaml::Value = serde_yaml::from_str(
        &std::fs::read_to_string(common::repo_root().join("site.yaml")).unwrap(),
    )
    .unwrap();
    let routes = pack["report"].as_sequence().unwrap();
    let ids: Vec<String> = routes
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    // An England site (the default) shows the routes with no `nations:` or with england, and
    // (with no local values set here) none of the routes made of local values.
    let shown = routes
        .iter()
        .filter(|r| r["locals"].is_null())
        .filter(|r| {
            r["nations"]
                .as_sequence()
                .is_none_or(|n| n.iter().any(|n| n.as_str() == Some("england")))
        })
        .count();
    for id in &ids {
        own.push_str(&format!("  - id: {id}\n    label: Ours {id}\n"));
    }
    let (_dir, root) = thin_site(&own);
    let o = build_ok(&root, &[]);
    let err = stderr(&o);
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let line = text.lines().position(|l| l == "report:").unwrap() + 1;
    assert!(
        err.contains("replaces or hides every `report` entry"),
        "{err}"
    );
    assert!(
        err.contains(&format!("site.yaml:{line}:")),
        "line {line}: {err}"
    );
    assert!(err.contains("report_replace: true"), "{err}");
    // Replaced one by one, each route keeps the fields the site did not give (its nations).
    let titles = route_titles(&read(&root.join("public"), "report/index.html"));
    assert_eq!(titles.len(), shown, "{titles:?}");

    let (_dir, root) = thin_site(&format!("report_replace: true\n{own}"));
    let o = build_ok(&root, &[]);
    assert!(!stderr(&o).contains("replaces or hides"), "{}", stderr(&o));
    let titles = route_titles(&read(&root.join("public"), "report/index.html"));
    // The site's own list replaces the base's whole: its routes name no nation, so all show.
    assert_eq!(titles.len(), ids.len(), "{titles:?}");
    assert!(titles.iter().all(|t| t.starts_with("Ours ")), "{titles:?}");
}

#[test]
fn unknown_ids_and_local_keys_in_site_yaml_are_errors_on_their_lines() {
    let (_dir, root) = thin_site(
        "report:\n  - id: mine\n    label: Mine\n    description: \"Ring {{ local.front_door }}\"\n    before: nspcs\nhide:\n  report: [iwf2]\n",
    );
    let o = run(&root, &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    for (what, needle) in [
        ("`before: nspcs`", "before: nspcs"),
        ("`hide: iwf2`", "[iwf2]"),
        ("`front_door`", "{{ local.front_door }}"),
    ] {
        assert!(err.contains(what), "{what}: {err}");
        assert!(
            err.contains(&format!("site.yaml:{}:", line_of(needle))),
            "{what} at its line: {err}"
        );
    }
    assert!(
        err.contains("did you mean `nspcc`?") && err.contains("did you mean `front_door_phone`?"),
        "{err}"
    );
}

#[test]
fn hiding_a_page_base_pages_link_to_unlinks_them_with_one_notice() {
    // The example `new` writes, uncommented as it stands.
    let (_dir, root) = thin_site("");
    let path = root.join("site.yaml");
    let text = std::fs::read_to_string(&path).unwrap();
    let text = text
        .replace("# hide:\n", "hide:\n")
        .replace("#   pages: [", "  pages: [")
        .replace("#   report: [", "  report: [");
    std::fs::write(&path, text).unwrap();
    let o = build_ok(&root, &[]);
    let err = stderr(&o);
    // One notice names every unlinked link.
    assert_eq!(
        err.matches("to pages this site leaves out (hidden in site.yaml, or for other nations), shown as plain text")
            .count(),
        1,
        "{err}"
    );
    assert!(
        err.contains("young-people/top-ten-tips.md -> content/young-people/scams-and-money.md"),
        "{err}"
    );
    let tips = read(&root.join("public"), "young-people/top-ten-tips/index.html");
    assert!(
        tips.contains("Read about scams and money.") || tips.contains("scams and money"),
        "the words stay"
    );
    assert!(
        !tips.contains("/young-people/scams-and-money/"),
        "no link to the hidden page"
    );

    // The site's own page linking to a hidden page is still an error naming what to do.
    common::write(
        &root,
        "content/parents/ours.md",
        "---\ntitle: Ours\nsummary: Ours.\naudience: [parents]\n---\nSee [scams](../young-people/scams-and-money.md).\n",
    );
    let o = run(&root, &["build"]);
    assert!(!o.status.success());
    assert!(
        stderr(&o).contains("which site.yaml hides"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_school_form_word_copy_and_adapt_take_the_partnerships_numbers_as_defaults() {
    let (_dir, root) = thin_site("");
    set_local(&root, "lado_contact", "lado@northshire.gov.uk");
    set_local(&root, "front_door_phone", "01234 567 890");
    build_ok(&root, &[]);
    let out = root.join("public");
    let policy = read(&out, "policies/online-safety-policy-school/index.html");
    for (key, value) in [
        ("lado_contact", "lado@northshire.gov.uk"),
        ("front_door_phone", "01234 567 890"),
    ] {
        let input = policy
            .split("<input")
            .map(|i| i.split('>').next().unwrap())
            .find(|i| i.contains(&format!("name={key}")) || i.contains(&format!("name=\"{key}\"")))
            .unwrap_or_else(|| panic!("a field for {key}"));
        assert!(input.contains(value), "{key} prefilled: {input}");
    }
    // A school's own value still wins, in `adapt`; the partnership's fills what it leaves out.
    common::write(
        &root,
        "profiles/oak.yaml",
        "name: Oak Primary\nlado_contact: Oak's own LADO line\n",
    );
    let o = run(
        &root,
        &[
            "adapt",
            "policies/online-safety-policy-school.md",
            "--profile",
            "profiles/oak.yaml",
            "--format",
            "md",
            "--allow-blanks",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let adapted = walk_text(&root.join("adapted"));
    assert!(
        adapted.contains("Oak's own LADO line"),
        "the school's value"
    );
    assert!(
        adapted.contains("01234 567 890"),
        "the partnership's front door"
    );
}

/// Every file's text under `dir`, joined.
fn walk_text(dir: &Path) -> String {
    let mut out = String::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.push_str(&walk_text(&p));
        } else {
            out.push_str(&std::fs::read_to_string(&p).unwrap_or_default());
        }
    }
    out
}

#[test]
fn new_ignores_adapted_and_the_favicon_address_is_valid() {
    let (_dir, root) = thin_site("");
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "adapted/") && ignore.lines().any(|l| l == "public/"));
    build_ok(&root, &[]);
    let home = read(&root.join("public"), "index.html");
    let icon = home.split_once("data:image/svg+xml,").expect("a favicon").1;
    let href = format!(
        "data:image/svg+xml,{}",
        icon.split(['"', '>', ' ']).next().unwrap()
    );
    let href = href.as_str();
    // What the W3C checker asks of a URL: no raw spaces or quotes, and it parses.
    assert!(href.starts_with("data:image/svg+xml,"), "{href}");
    assert!(
        !href.contains(' ') && !href.contains('\'') && !href.contains('<'),
        "{href}"
    );
    let url = url::Url::parse(href).expect("parses");
    let decoded = percent_encoding::percent_decode_str(url.path())
        .decode_utf8()
        .unwrap();
    assert!(
        decoded.contains("<svg xmlns='http://www.w3.org/2000/svg'"),
        "{decoded}"
    );
}

/// The page a national base holds, version by version: line `n` of its body is `lines[n]`.
fn national_page(lines: &[&str]) -> String {
    format!(
        "---\ntitle: Gaming\nsummary: Gaming advice.\naudience: [parents]\n---\n{}\n",
        lines.join("\n\n")
    )
}

fn based_on(text: &str) -> String {
    text.lines()
        .find_map(|l| l.strip_prefix("based_on: "))
        .expect("based_on")
        .to_string()
}

#[test]
fn merge_takes_three_successive_base_versions_and_marks_a_real_conflict() {
    let dir = tempfile::tempdir().unwrap();
    let national = dir.path().join("national");
    common::write(
        &national,
        "site.yaml",
        "title: National\nbase_url: https://national.example.org/\naudiences:\n  - id: parents\n    name: Parents\n",
    );
    common::write(
        &national,
        "content/_index.md",
        "---\ntitle: Home\nsummary: Home.\n---\nHome.\n",
    );
    let mut lines = vec![
        "Line one.",
        "Line two.",
        "Line three.",
        "Line four.",
        "Line five.",
        "Line six.",
    ];
    let page = "content/parents/gaming.md";
    common::write(&national, page, &national_page(&lines));
    let site = dir.path().join("site");
    common::write(
        &site,
        "site.yaml",
        "title: Northshire\nbase_url: https://n.example.org/\nbase: ../national\n",
    );
    let o = run(&site, &["override", page]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The partnership's own words on line two.
    let ours = std::fs::read_to_string(site.join(page))
        .unwrap()
        .replace("Line two.", "Line two, in Northshire.");
    std::fs::write(site.join(page), ours).unwrap();

    let mut last = based_on(&std::fs::read_to_string(site.join(page)).unwrap());
    for (n, change) in [
        (5, "Line six, updated by the base."),
        (3, "Line four, updated by the base."),
    ] {
        lines[n] = change;
        common::write(&national, page, &national_page(&lines));
        let o = run(&site, &["check"]);
        assert!(
            stderr(&o).contains("safeguide merge content/parents/gaming.md"),
            "{}",
            stderr(&o)
        );
        let o = run(&site, &["merge"]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            common::stdout(&o).contains("took in the base's changes"),
            "{}",
            common::stdout(&o)
        );
        let text = std::fs::read_to_string(site.join(page)).unwrap();
        assert!(
            text.contains("Line two, in Northshire.") && text.contains(change),
            "{text}"
        );
        assert!(!text.contains("<<<<<<<"), "{text}");
        let now = based_on(&text);
        assert_ne!(now, last, "a new based_on");
        assert!(
            site.join(".safeguide/base").join(&now).is_file(),
            "the base text kept for next time"
        );
        last = now;
        let o = run(&site, &["check"]);
        assert!(
            !stderr(&o).contains("base-moved-on")
                && !stderr(&o).contains("changed since you copied"),
            "{}",
            stderr(&o)
        );
    }
    // Both change line two: marked, and check warns at the marker until it is resolved.
    lines[1] = "Line two, reworded by the base.";
    common::write(&national, page, &national_page(&lines));
    let o = run(&site, &["merge", page]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        common::stdout(&o).contains("1 place where you and the base changed the same lines"),
        "{}",
        common::stdout(&o)
    );
    let text = std::fs::read_to_string(site.join(page)).unwrap();
    assert!(
        text.contains("<<<<<<< your copy\nLine two, in Northshire.\n=======\nLine two, reworded by the base.\n>>>>>>> the base now\n"),
        "{text}"
    );
    assert!(
        text.contains("Line four, updated by the base.")
            && text.contains("Line six, updated by the base.")
    );
    let marker_line = text.lines().position(|l| l.starts_with("<<<<<<<")).unwrap() + 1;
    let o = run(&site, &["check"]);
    let err = stderr(&o);
    assert!(
        err.contains("marked a place where you and the base changed the same lines"),
        "{err}"
    );
    assert!(
        err.contains(&format!("content/parents/gaming.md:{marker_line}:")),
        "{err}"
    );
}

/// A local value is text: one holding `{{ ... }}`, or a list, is an error at its own line in
/// site.yaml (not at every page that shows it, nor taken for a label).
#[test]
fn a_local_value_with_braces_or_a_list_is_an_error_at_its_line_in_site_yaml() {
    for (value, says) in [
        ("\"Ring {{ local.lado_contact }} first\"", "`{{` or `}}`"),
        ("[01234 567 890, Mon to Fri]", "not a list"),
    ] {
        let (_dir, root) = thin_site("");
        set_local(&root, "front_door_phone", value);
        let o = run(&root, &["build"]);
        assert!(!o.status.success(), "{value}");
        let err = stderr(&o);
        let text = std::fs::read_to_string(root.join("site.yaml")).unwrap();
        let line = text
            .lines()
            .position(|l| l.starts_with("  front_door_phone:"))
            .unwrap()
            + 1;
        assert!(
            err.contains(&format!("site.yaml:{line}:")) && err.contains(says),
            "{value}: {err}"
        );
        assert!(err.contains("local: front_door_phone"), "{err}");
        // Reported once, at site.yaml, not at the pages or routes that show it.
        assert!(!err.contains(".md:"), "{value}: {err}");
        assert!(!root.join("public/index.html").exists());
    }
}
