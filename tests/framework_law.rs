//! How law arrives, through the real binary on fixture sites: entries not checked for six months,
//! consultations whose expected date passed unrecorded, provisions cited before they commence
//! (and `coming` ones that have), guidance of another nation than the site's, the new outdated
//! terms with the helpline's own name kept, and a historical line marked explicitly.

mod common;

use common::*;

const RULES: [&str; 7] = [
    "framework-stale",
    "consultation-overdue",
    "provision-not-in-force",
    "provision-now-in-force",
    "framework-other-nation",
    "framework-not-in-force",
    "outdated-term",
];

/// Dates far from any day the test runs: checked in 2000 (stale), a consultation expected in
/// 2001 and never recorded, a provision that commenced in 2000 and one with no date.
const REGISTRY: &str = "\
frameworks:
  - id: example-act
    title: Example Act
    edition: \"2000\"
    status: partly-in-force
    enacted: 2000-01-01
    in_force_from: 2000-03-01
    nations: [england, wales]
    last_checked: 2000-06-01
    provisions:
      - id: early
        title: The early part
        commencement: 2000-03-01
      - id: duty
        title: The duty to report
        commencement: not yet
        nations: [england]
  - id: draft-guide
    title: Draft safety guide
    edition: \"2001\"
    status: consulted
    consultation: { opened: 2000-09-01, closed: 2000-10-01, expected: 2001-01-01 }
    nations: [england]
    last_checked: 2000-12-01
  - id: checked-draft
    title: Checked draft
    edition: \"2001\"
    status: consulted
    consultation: { expected: 2001-01-01 }
    last_checked: 2099-01-01
  - id: england-guide
    title: England safety guide
    short: ESG
    edition: \"2000\"
    in_force_from: 2000-01-01
    nations: [england]
    equivalent: { wales: wales-guide }
    last_checked: 2099-01-01
  - id: wales-guide
    title: Wales learners guide
    edition: \"2000\"
    in_force_from: 2000-01-01
    nations: [wales]
    equivalent: { england: england-guide }
    last_checked: 2099-01-01
outdated_terms:
  - terms: [peer-on-peer abuse, peer on peer abuse]
    instead: child-on-child abuse
  - terms: [child pornography]
    instead: child sexual abuse material
  - terms: [youth produced sexual imagery]
    instead: sharing nudes and semi-nudes
  - terms: [revenge porn]
    instead: intimate image abuse
    except: [Revenge Porn Helpline]
";

fn page(front: &str, body: &str) -> String {
    format!(
        "---\ntitle: Law page\nsummary: A page for the law rules.\nkind: guide\naudience: [parents]\nupdated: 2026-10-01\nreview_by: 2999-01-01\n{front}---\n{body}"
    )
}

/// The findings of the rules above, only those in files under `pages_only` when given.
fn check(site: &std::path::Path, pages_only: Option<&str>) -> Vec<(String, String, String, usize)> {
    let o = run(site, &["check"]);
    let mut v: Vec<_> = findings(&stderr(&o))
        .into_iter()
        .filter(|f| RULES.contains(&f.rule.as_str()))
        .map(|f| (f.severity, f.rule, f.file, f.line))
        .filter(|f| pages_only.is_none_or(|p| f.2.starts_with(p)))
        .collect();
    v.sort();
    v
}

fn t(severity: &str, rule: &str, file: &str, line: usize) -> (String, String, String, usize) {
    (severity.into(), rule.into(), file.into(), line)
}

#[test]
fn stale_entries_overdue_consultations_and_early_citations_are_reported_where_they_are() {
    let site = fixture("good");
    write(site.path(), "frameworks.yaml", REGISTRY);
    // Line 8 of the page is the `cites:` line.
    write(
        site.path(),
        "content/parents/law.md",
        &page(
            "cites: [example-act/early, example-act/duty, { id: example-act/duty, coming: true }]\n",
            "The duty applies from a date still to be set.\n",
        ),
    );
    write(
        site.path(),
        "content/parents/coming.md",
        &page(
            "cites: [{ id: example-act/early, coming: true }, draft-guide]\n",
            "The early part is coming.\n",
        ),
    );
    let got = check(site.path(), None);
    assert_eq!(
        got,
        vec![
            t(
                "notice",
                "provision-now-in-force",
                "content/parents/coming.md",
                8
            ),
            t("warning", "consultation-overdue", "frameworks.yaml", 22),
            t(
                "warning",
                "framework-not-in-force",
                "content/parents/coming.md",
                8
            ),
            t("warning", "framework-stale", "frameworks.yaml", 9),
            t("warning", "framework-stale", "frameworks.yaml", 24),
            t(
                "warning",
                "provision-not-in-force",
                "content/parents/law.md",
                8
            ),
        ],
        "{}",
        stderr(&run(site.path(), &["check"]))
    );
    let text = stderr(&run(site.path(), &["check"]));
    assert!(text.contains("was last checked on 1 June 2000"), "{text}");
    assert!(text.contains("(commencement: not yet)"), "{text}");
    assert!(text.contains("expected by 1 January 2001"), "{text}");
    // Checked after the expected date: the overdue rule has done its job.
    assert!(!text.contains("`checked-draft`"), "{text}");
}

#[test]
fn guidance_of_another_nation_is_flagged_unless_the_page_says_where_it_applies() {
    let site = fixture("good");
    write(site.path(), "frameworks.yaml", REGISTRY);
    write(
        site.path(),
        "content/parents/nations.md",
        &page(
            "cites: [wales-guide, { id: wales-guide, nation: wales }, england-guide]\n",
            "Follow the Wales learners guide.\n\nIn Wales, schools follow the Wales learners guide.\n\n<!-- safeguide-ignore outdated -->\nThe Wales learners guide is named here on purpose.\n\nThe ESG applies here.\n",
        ),
    );
    let got = check(site.path(), Some("content/"));
    assert_eq!(
        got,
        vec![
            t(
                "warning",
                "framework-other-nation",
                "content/parents/nations.md",
                8
            ),
            t(
                "warning",
                "framework-other-nation",
                "content/parents/nations.md",
                10
            ),
        ]
    );
    let text = stderr(&run(site.path(), &["check"]));
    assert!(
        text.contains("the equivalent is England safety guide 2000 (`england-guide`)"),
        "{text}"
    );
    // The same page on a site for Wales: now the England guide is the one out of place.
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    write(site.path(), "site.yaml", &format!("nation: wales\n{yaml}"));
    let got = check(site.path(), Some("content/"));
    assert_eq!(
        got,
        vec![
            t(
                "warning",
                "framework-other-nation",
                "content/parents/nations.md",
                8
            ),
            t(
                "warning",
                "framework-other-nation",
                "content/parents/nations.md",
                17
            ),
        ],
        "{}",
        stderr(&run(site.path(), &["check"]))
    );
}

#[test]
fn the_new_outdated_terms_are_flagged_and_a_history_line_is_marked_explicitly() {
    let site = fixture("good");
    write(site.path(), "frameworks.yaml", REGISTRY);
    write(
        site.path(),
        "content/parents/terms.md",
        &page(
            "",
            "Peer-on-peer abuse happens online.\n\nNever call it child pornography.\n\nYouth produced sexual imagery is common.\n\nThis is revenge porn.\n\nCall the Revenge Porn Helpline.\n\nUntil 2021, guidance said peer on peer abuse.\n\n<!-- safeguide-history -->\nIn 2020 guidance said peer on peer abuse.\n",
        ),
    );
    let got = check(site.path(), Some("content/"));
    let lines: Vec<usize> = got.iter().map(|f| f.3).collect();
    assert!(got.iter().all(|f| f.1 == "outdated-term"), "{got:?}");
    // "until" no longer excuses a sentence (line 19); the marked line (22) is history.
    assert_eq!(lines, [9, 11, 13, 15, 19], "{got:?}");
}
