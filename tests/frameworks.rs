//! The frameworks registry (`frameworks.yaml`) and `cites:`: superseded editions cited or named in
//! text, outdated terms, unknown ids, a strict registry, the governance report's frameworks table,
//! and the bundled site, all through the real binary on sites in temporary folders.

mod common;

use common::*;

const FRAMEWORK_RULES: [&str; 6] = [
    "framework-superseded",
    "framework-replaced-soon",
    "framework-not-in-force",
    "outdated-edition",
    "outdated-term",
    "unknown-framework",
];

/// (severity, rule, file, line) of the frameworks findings only: the fixture's other rules are
/// tests/check.rs's business.
fn framework_findings(stderr: &str) -> Vec<(String, String, String, usize)> {
    let mut v: Vec<_> = findings(stderr)
        .into_iter()
        .filter(|f| FRAMEWORK_RULES.contains(&f.rule.as_str()))
        .map(|f| (f.severity, f.rule, f.file, f.line))
        .collect();
    v.sort();
    v
}

fn t(severity: &str, rule: &str, file: &str, line: usize) -> (String, String, String, usize) {
    (severity.into(), rule.into(), file.into(), line)
}

/// A registry whose dates do not depend on the day the test runs: "Safety guide" 2000 was
/// superseded in 2001 by the 2001 edition, and that one is replaced in 2999.
const REGISTRY: &str = "\
frameworks:
  - id: guide-2000
    title: Safety guide
    short: SG
    edition: \"2000\"
    in_force_from: 2000-09-01
    superseded_by: guide-2001
  - id: guide-2001
    title: Safety guide
    short: SG
    edition: \"2001\"
    in_force_from: 2001-09-01
    superseded_by: guide-2999
  - id: guide-2999
    title: Safety guide
    short: SG
    edition: \"2999\"
    in_force_from: 2999-09-01
  - id: act-1990
    title: Example Act
    edition: \"1990\"
    in_force_from: 1990-01-01
outdated_terms:
  - terms: [sexting]
    instead: sharing nudes and semi-nudes
    why: the guidance changed its term.
  - terms: [LSCB, LSCBs]
    instead: the safeguarding partnership
";

fn site_with(pages: &[(&str, &str)]) -> tempfile::TempDir {
    let site = fixture("good");
    write(site.path(), "frameworks.yaml", REGISTRY);
    for (rel, text) in pages {
        write(site.path(), rel, text);
    }
    site
}

fn page(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: Rules page\nsummary: A page for the frameworks rules.\nkind: guide\naudience: [parents]\nupdated: 2026-10-01\nreview_by: 2999-01-01\n{front}---\n{body}"
    )
}

#[test]
fn superseded_editions_and_outdated_terms_named_in_text_are_warnings_at_their_line() {
    // Body lines start on file line 9 (7 front matter lines, two fences).
    let body = "\
Follow the Safety guide 2000 when you plan.
Our SG (2000) training still applies.
The Safety guide 2001 is the edition in force.
Talk to your child about sexting.
The old word \"sexting\" is not used now.
LSCBs were abolished in 2017.
Ask the LSCB for advice.
<!-- safeguide-ignore outdated -->
SG 2000 was where this advice began.
We used to call it the safety
guide 2000, and SG 20001 is no edition.
";
    let site = site_with(&[("content/parents/rules.md", &page("", body))]);
    let o = run(site.path(), &["check"]);
    let f = "content/parents/rules.md";
    assert_eq!(
        framework_findings(&stderr(&o)),
        vec![
            t("warning", "outdated-edition", f, 9),
            t("warning", "outdated-edition", f, 10),
            t("warning", "outdated-term", f, 12),
            t("warning", "outdated-term", f, 15),
        ],
        "{}",
        stderr(&o)
    );
    let text = stderr(&o);
    assert!(
        text.contains("the text names Safety guide 2000, superseded on 1 September 2001; the edition in force is Safety guide 2001"),
        "{text}"
    );
    assert!(
        text.contains(
            "`sexting` is no longer the current term: write \"sharing nudes and semi-nudes\""
        ),
        "{text}"
    );
    assert!(
        text.contains("safeguide-ignore outdated"),
        "the help names the marker: {text}"
    );
    // Warnings only: a plain check passes, --strict fails.
    assert_eq!(o.status.code(), Some(0), "{text}");
    let strict = run(site.path(), &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}

#[test]
fn citing_a_superseded_edition_warns_and_one_replaced_later_is_a_notice() {
    let site = site_with(&[
        (
            "content/parents/old.md",
            &page("cites: [act-1990, guide-2000]\n", "Text.\n"),
        ),
        (
            "content/parents/current.md",
            &page(
                "cites:\n  - act-1990\n  - guide-2001\n",
                "Text for parents.\n",
            ),
        ),
        (
            "content/parents/early.md",
            &page("cites: [guide-2999]\n", "Text about what comes.\n"),
        ),
        // Cited as coming, with words true before and after: nothing to say.
        (
            "content/parents/coming.md",
            &page(
                "cites: [{ id: guide-2999, coming: true }]\n",
                "Text about what is coming.\n",
            ),
        ),
    ]);
    let o = run(site.path(), &["check"]);
    let text = stderr(&o);
    assert_eq!(
        framework_findings(&text),
        vec![
            t(
                "notice",
                "framework-replaced-soon",
                "content/parents/current.md",
                10
            ),
            t(
                "warning",
                "framework-not-in-force",
                "content/parents/early.md",
                8
            ),
            t(
                "warning",
                "framework-superseded",
                "content/parents/old.md",
                8
            ),
        ],
        "{text}"
    );
    assert!(
        text.contains("this page cites `guide-2000` (Safety guide 2000), which was superseded on 1 September 2001 by `guide-2001` (Safety guide 2001)"),
        "{text}"
    );
    assert!(text.contains("cite `guide-2001` instead"), "{text}");
    // The caret is under the id in the list, not at the key.
    let caret = format!("8 | cites: [act-1990, guide-2000]\n  | {}^", " ".repeat(18));
    assert!(text.contains(&caret), "{text}");
}

#[test]
fn an_unknown_framework_id_is_an_error_with_file_line_and_a_suggestion() {
    let site = site_with(&[(
        "content/parents/typo.md",
        &page("cites: [act-1990, gude-2001]\n", "Text.\n"),
    )]);
    for command in ["check", "build"] {
        let o = run(site.path(), &[command]);
        let text = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{command}: {text}");
        assert!(
            text.contains("`cites` names `gude-2001`, which is not a framework in frameworks.yaml"),
            "{command}: {text}"
        );
        assert!(
            text.contains("--> content/parents/typo.md:8:19"),
            "{command}: {text}"
        );
        assert!(
            text.contains("did you mean `guide-2001`?"),
            "{command}: {text}"
        );
    }
    // Without a registry every citation is unknown, and the help says how to start one.
    std::fs::remove_file(site.path().join("frameworks.yaml")).unwrap();
    let o = run(site.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("the site has no frameworks.yaml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_registry_is_parsed_strictly_with_errors_at_their_line() {
    let site = site_with(&[]);
    write(
        site.path(),
        "frameworks.yaml",
        "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force_from: 2025-02-30\n  - id: b-1\n    title: B\n    edition: 1\n    in_force_from: 2025-01-01\n    superseeded_by: a-1\n",
    );
    let o = run(site.path(), &["check"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    let errors: Vec<(String, usize)> = findings(&text)
        .into_iter()
        .filter(|f| f.severity == "error")
        .map(|f| (f.file, f.line))
        .collect();
    assert!(errors.contains(&("frameworks.yaml".into(), 5)), "{text}");
    assert!(text.contains("invalid date `2025-02-30`"), "{text}");
    // serde stops at the first problem inside the list: with the date fixed, the misspelt key.
    write(
        site.path(),
        "frameworks.yaml",
        "frameworks:\n  - id: b-1\n    title: B\n    edition: 1\n    in_force_from: 2025-01-01\n    superseeded_by: a-1\n",
    );
    let o = run(site.path(), &["build"]);
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(text.contains("unknown field `superseeded_by`"), "{text}");
    assert!(text.contains("--> frameworks.yaml:6:"), "{text}");
    assert!(text.contains("did you mean `superseded_by`?"), "{text}");
}

/// The cells of the frameworks table row for `id`, tags removed.
fn framework_row(html: &str, id: &str) -> Vec<String> {
    let start = html
        .find(&format!("<tr data-framework=\"{id}\">"))
        .unwrap_or_else(|| panic!("no row for {id}"));
    let end = start + html[start..].find("</tr>").expect("row ends");
    html[start..end]
        .split("<td")
        .skip(1)
        .map(|cell| {
            let mut text = String::new();
            let mut in_tag = true;
            for c in cell.chars() {
                match c {
                    '<' => {
                        in_tag = true;
                        text.push(' ');
                    }
                    '>' => in_tag = false,
                    _ if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn the_report_has_a_frameworks_table_with_pages_citing_each_edition_and_its_state() {
    let site = site_with(&[
        (
            "content/parents/old.md",
            &page("cites: [guide-2000]\n", "Text.\n"),
        ),
        (
            "content/parents/current.md",
            &page("cites: [guide-2001, act-1990]\n", "Text for parents.\n"),
        ),
    ]);
    let report = site.path().join("governance.html");
    let o = run(
        site.path(),
        &["check", "--report", report.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<h2 id=\"frameworks-title\">Frameworks cited</h2>"));
    let old = framework_row(&html, "guide-2000");
    assert_eq!(old[0], "Safety guide guide-2000");
    assert_eq!(old[1], "2000");
    assert_eq!(old[2], "2000-09-01");
    assert_eq!(
        old[6],
        "1 Rules page /parents/old/ &middot; content/parents/old.md"
    );
    assert_eq!(
        old[7],
        "Superseded on 1 September 2001 by Safety guide 2001"
    );
    let current = framework_row(&html, "guide-2001");
    assert_eq!(
        current[7],
        "In force until 1 September 2999, then Safety guide 2999"
    );
    assert!(current[6].starts_with('1'), "{current:?}");
    assert_eq!(framework_row(&html, "guide-2999")[6], "0");
    assert_eq!(
        framework_row(&html, "guide-2999")[7],
        "Not yet in force (from 1 September 2999)"
    );
    assert_eq!(framework_row(&html, "act-1990")[7], "In force");
    // The superseded citation is among the findings too.
    assert!(html.contains("data-rule=\"framework-superseded\""));
}

#[test]
fn the_bundled_site_cites_its_frameworks_and_passes_strict_check() {
    let site = bundled_site();
    let report = site.path().join("report.html");
    let o = run(
        site.path(),
        &["check", "--strict", "--report", report.to_str().unwrap()],
    );
    let text = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert!(
        stdout(&o).contains(": 0 errors, 0 warnings"),
        "{}",
        stdout(&o)
    );
    let html = std::fs::read_to_string(&report).unwrap();
    // Every page that names KCSIE in its text says so in `cites:`.
    for entry in walkdir::WalkDir::new(site.path().join("content")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let source = std::fs::read_to_string(entry.path()).unwrap();
        let body = source.splitn(3, "---\n").nth(2).unwrap_or_default();
        if body.contains("Keeping Children Safe in Education") {
            assert!(
                source.contains("kcsie-2025"),
                "{} names KCSIE but does not cite it",
                entry.path().display()
            );
        }
    }
    let kcsie = framework_row(&html, "kcsie-2025");
    assert_eq!(kcsie[7], "In force", "{kcsie:?}");
    let cited: usize = kcsie[6]
        .split(|c: char| !c.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(cited >= 8, "{kcsie:?}");
    assert!(framework_row(&html, "kcsie-2023")[7].starts_with("Superseded on 1 September 2024"));
    // An Act's row: its status with dates, each provision's commencement and nations, the last
    // check; a consultation's row says it is not yet in force.
    let cpa = framework_row(&html, "crime-and-policing-act-2026");
    assert!(cpa[3].starts_with("Enacted 29 April 2026"), "{cpa:?}");
    assert!(
        cpa[4].contains("Duty on adults in regulated activity to report child sexual abuse (Part 5, Chapter 2): not yet (England)"),
        "{cpa:?}"
    );
    assert!(cpa[5].starts_with("2026-"), "{cpa:?}");
    let draft = framework_row(&html, "kcsie-2026");
    assert!(
        draft[3].starts_with("Consulted on 12 February 2026"),
        "{draft:?}"
    );
    assert_eq!(draft[7], "Not yet in force", "{draft:?}");
    // A full copy gets the registry; a thin site uses its base's (the built-in pack's), and both
    // check clean with it.
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    let o = run(dir.path(), &["new", "--full", full.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(full.join("frameworks.yaml")).unwrap(),
        std::fs::read_to_string(repo_root().join("frameworks.yaml")).unwrap()
    );
    let thin = dir.path().join("thin");
    let o = run(dir.path(), &["new", thin.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!thin.join("frameworks.yaml").exists());
    for site in [&full, &thin] {
        let o = run(site, &["check", "--strict"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    // The thin site's pages are checked against the built-in registry: an unknown id is an error.
    std::fs::write(
        thin.join("content/mine.md"),
        "---\ntitle: Mine\ncites: [kcsie-2099]\n---\nText.\n",
    )
    .unwrap();
    let o = run(&thin, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("kcsie-2099"), "{}", stderr(&o));
}
