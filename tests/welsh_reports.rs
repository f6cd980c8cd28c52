//! Reports in the site's language: on a Welsh-main site (`languages: [cy, en-GB]`) the governance
//! report (`check --report`), the audit returns report and the training records are in Welsh,
//! judged on their visible text; an English site's stay English.

mod common;

use common::*;
use std::path::Path;

const WELSH_MONTHS: &[&str] = &[
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
];

/// The report's visible text is Welsh, leaving out what it marks as English (safeguide's messages,
/// English page titles).
fn assert_welsh(report: &str) {
    let words = text_language::words(report, Some("en-GB"));
    assert_eq!(
        text_language::language(&words),
        Some("cy"),
        "{:?}: {words:?}",
        text_language::counts(&words)
    );
}

/// A small site whose main language is `main` (`cy` or `en-GB`): a home page and a model policy
/// in it, and the policy's translation (not reviewed) in the other.
fn governed(main: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    let welsh = main == "cy";
    let other = if welsh { "en-GB" } else { "cy" };
    let (name, schools) = if welsh {
        ("Bwrdd Diogelu Prawf", "Ysgolion")
    } else {
        ("Test Safeguarding Board", "Schools")
    };
    write(
        r,
        "site.yaml",
        &format!(
            "title: {name}\nbase_url: https://prawf.example.test/\nlanguages: [{main}, {other}]\n\
             audiences:\n  - id: schools\n    name: {schools}\n    reading_age: 12\n\
             report:\n  - label: \"999\"\n    phone: \"999\"\n"
        ),
    );
    let cy_home =
        "Croeso i wefan y bwrdd. Yma mae canllawiau ar sut i gadw plant a phobl ifanc yn \
                   ddiogel ar-lein, ac ar beth i'w wneud os ydych chi'n poeni am blentyn.";
    let en_home = "Welcome to the board's website. Here is guidance on how to keep children and \
                   young people safe online, and what to do if you are worried about a child.";
    let cy_policy =
        "Mae'r polisi hwn yn dweud sut mae'r ysgol yn cadw dysgwyr yn ddiogel ar-lein. \
                     Mae'n berthnasol i bob aelod o staff ac i bob dysgwr.";
    let en_policy = "This policy says how the school keeps learners safe online. It applies to \
                     every member of staff and every learner.";
    let (home, policy, translation) = if welsh {
        (
            ("Hafan", cy_home),
            ("Ein polisi", cy_policy),
            ("Our policy", en_policy),
        )
    } else {
        (
            ("Home", en_home),
            ("Our policy", en_policy),
            ("Ein polisi", cy_policy),
        )
    };
    let fm =
        |title: &str, more: &str| format!("---\ntitle: {title}\nsummary: {title}.\n{more}---\n");
    write(
        r,
        "content/_index.md",
        &format!("{}{}\n", fm(home.0, ""), home.1),
    );
    // A policy with no review date: a finding, whose message is safeguide's English.
    let kind = "kind: policy\naudience: [schools]\n";
    write(
        r,
        "content/policy.md",
        &format!("{}{}\n", fm(policy.0, kind), policy.1),
    );
    write(
        r,
        &format!("content/policy.{other}.md"),
        &format!("{}{}\n", fm(translation.0, kind), translation.1),
    );
    dir
}

#[test]
fn a_welsh_main_sites_governance_report_is_in_welsh_and_an_english_sites_in_english() {
    let site = governed("cy");
    let r = site.path();
    let o = run(r, &["check", "--report", "report.html"]);
    let out = format!("{}{}", stdout(&o), stderr(&o));
    let report = read(r, "report.html");
    assert!(report.contains("<html lang=\"cy\">"), "{out}");
    for heading in [
        "<h1>Adroddiad llywodraethu</h1>",
        "Statws adolygu fesul adran",
        "<h2 id=\"translations-title\">Cyfieithiadau</h2>",
        "en-GB: heb ei adolygu",
        "Dim dyddiad adolygu",
        "Canfyddiadau (",
    ] {
        assert!(report.contains(heading), "{heading}: {report}");
    }
    // The day of the check, in Welsh words.
    let checked = report.split("gwiriwyd ar ").nth(1).expect("checked on");
    assert!(
        WELSH_MONTHS
            .iter()
            .any(|m| checked.split_whitespace().nth(1) == Some(*m)),
        "{checked}"
    );
    // Findings are safeguide's English messages: marked as English, so they are left out here.
    assert!(report.contains("<span lang=\"en-GB\">"), "{report}");
    // The English page's title, in the table of every page, is marked as English.
    assert!(
        report.contains("<span lang=\"en-GB\">Our policy</span>"),
        "{report}"
    );
    assert_welsh(&report);
    for english in [
        "Governance report",
        "Every page",
        "Translations",
        "Findings",
        "checked on",
    ] {
        assert!(!report.contains(english), "{english} in {report}");
    }

    let site = governed("en-GB");
    let r = site.path();
    run(r, &["check", "--report", "report.html"]);
    let report = read(r, "report.html");
    assert!(report.contains("<html lang=\"en-GB\">"), "{report}");
    assert!(report.contains("<h1>Governance report</h1>"), "{report}");
    assert!(report.contains("cy: not reviewed"), "{report}");
    assert!(
        !report.contains("<span lang=\"en-GB\">"),
        "no English marked inside English"
    );
    let words = text_language::words(&report, None);
    assert_eq!(text_language::language(&words), Some("en-GB"), "{words:?}");
}

/// A Welsh audit and a round of returns to it, one of them unreadable.
fn welsh_round(r: &Path) {
    write(
        r,
        "site.yaml",
        "title: Bwrdd Diogelu Prawf\nbase_url: https://prawf.example.test/\nlanguages: [cy, en-GB]\n\
         audiences:\n  - id: schools\n    name: Ysgolion\n",
    );
    write(r, "content/_index.md", "---\ntitle: Hafan\n---\nCroeso.\n");
    write(
        r,
        "content/audits/_index.md",
        "---\ntitle: Archwiliadau\n---\nArchwiliadau.\n",
    );
    write(
        r,
        "content/audits/adolygiad.md",
        "---\ntitle: Adolygiad diogelwch ar-lein\nsummary: Hunanadolygiad byr i ysgolion.\n\
         kind: audit\nversion: 1\nupdated: 2026-11-01\n---\n\nAtebwch bob cwestiwn.\n\n\
         ## Polisi {#polisi}\n\n- [ ] Oes gan yr ysgol bolisi diogelwch ar-lein? {#polisi}\n\
         - [ ] Ydy'r staff yn llofnodi cytundeb defnydd derbyniol? {#cytundeb}\n\n\
         ## Hidlo {#hidlo}\n\n- [ ] Ydy'r hidlo'n cael ei wirio bob tymor? {#hidlo-gwirio}\n",
    );
    let header =
        "\"Audit\",\"Audit version\",\"Audit date\",\"Organisation\",\"Organisation type\",\
                  \"Completed by\",\"Date completed\",\"Question id\",\"Number\",\"Section\",\
                  \"Question\",\"Answer\",\"Evidence and actions\"\n";
    let rows = |org: &str, answers: [(&str, &str); 3]| {
        let ids = ["polisi", "cytundeb", "hidlo-gwirio"];
        let mut csv = header.to_string();
        for (i, (answer, evidence)) in answers.iter().enumerate() {
            csv.push_str(&format!(
                "\"audits/adolygiad\",\"1\",\"2026-11-01\",\"{org}\",\"School\",\"Ms Jones\",\
                 \"2026-11-20\",\"{}\",\"{}\",\"\",\"\",\"{answer}\",\"{evidence}\"\n",
                ids[i],
                i + 1
            ));
        }
        csv
    };
    write(
        r,
        "cylch-2026/ysgol-y-dderwen.csv",
        &rows(
            "Ysgol y Dderwen",
            [
                ("Yes", "Cymeradwywyd gan y llywodraethwyr ym mis Mai"),
                ("No", "Mae'r cytundeb yn cael ei ailysgrifennu"),
                ("Partly", "Bob blwyddyn, nid bob tymor"),
            ],
        ),
    );
    write(
        r,
        "cylch-2026/ysgol-y-graig.csv",
        &rows(
            "Ysgol y Graig",
            [
                ("Yes", ""),
                ("Yes", ""),
                ("No", "Does neb wedi'i wirio eto"),
            ],
        ),
    );
    write(r, "cylch-2026/nodiadau.csv", "nid ffurflen yw hon\n");
}

#[test]
fn a_welsh_main_sites_returns_report_and_its_file_notes_are_in_welsh() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    welsh_round(r);
    let o = run(r, &["returns", "cylch-2026", "--audit", "adolygiad"]);
    let report = read(r, "cylch-2026-report.html");
    assert!(report.contains("<html lang=\"cy\">"), "{}", stderr(&o));
    // The file left out: why, in Welsh, over safeguide's English details (marked as English).
    assert!(report.contains("nodiadau.csv"), "{report}");
    assert!(
        report
            .contains("Nid yw&#39;r ffeil hon yn ffurflen archwilio y gall safeguide ei darllen."),
        "{report}"
    );
    assert!(
        report.contains("Mae&#39;r manylion o dan bob nodyn yn Saesneg"),
        "{report}"
    );
    assert!(report.contains("<span lang=\"en-GB\">"), "{report}");
    assert_welsh(&report);
    for english in [
        "Notes on the files",
        "Files not included",
        "Summary for the board",
    ] {
        assert!(!report.contains(english), "{english}");
    }
}

#[test]
fn a_welsh_training_packs_records_are_in_welsh() {
    let dir = tempfile::tempdir().expect("temp dir");
    let r = dir.path();
    write(
        r,
        "site.yaml",
        "title: Bwrdd Diogelu Prawf\nbase_url: https://prawf.example.test/\nlanguages: [cy, en-GB]\n\
         audiences:\n  - id: professionals\n    name: Gweithwyr proffesiynol\n",
    );
    write(r, "content/_index.md", "---\ntitle: Hafan\n---\nCroeso.\n");
    write(
        r,
        "content/hyfforddiant.md",
        "---\ntitle: Diogelwch ar-lein i bob aelod o staff\nsummary: Sesiwn hyfforddi.\n\
         kind: training\naudience: [professionals]\nreview_by: 2027-09-01\nduration: 60\n\
         objectives:\n  - adnabod arwyddion bod plentyn mewn perygl ar-lein\n  \
         - gwybod at bwy i fynd gyda phryder\n---\n\n## Cyflwyniad\n\nCroeso i'r sesiwn.\n",
    );
    write(
        r,
        "packs/staff.yaml",
        "title: Pecyn hyfforddi staff\nversion: \"1\"\nitems:\n  - hyfforddiant.md\n",
    );
    let o = run(r, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    for record in ["register", "evaluation", "certificate"] {
        let page = read(r, &format!("public/packs/staff/{record}/index.html"));
        let start = page.find("<body").expect("body");
        let words = text_language::words(&page[start..], None);
        let (cy, en) = text_language::counts(&words);
        assert!(
            cy > 0 && en == 0,
            "{record}: {cy} Welsh, {en} English: {words:?}"
        );
        for english in [
            "Back to the pack",
            "Trainer",
            "Signature",
            "This is to certify",
        ] {
            assert!(!page.contains(english), "{record}: {english}");
        }
    }
    let csv = read(r, "public/packs/staff/staff-evaluation.csv");
    assert!(csv.contains("Nod 1: adnabod arwyddion"), "{csv}");
    assert!(csv.contains("Beth oedd fwyaf defnyddiol?"), "{csv}");
    assert!(
        !csv.contains("Objective") && !csv.contains("Session"),
        "{csv}"
    );
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn the_welsh_reports_pass_axe_and_declare_welsh() {
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let governed = governed("cy");
    let g = governed.path();
    run(g, &["check", "--report", "report.html"]);
    let returns = tempfile::tempdir().expect("temp dir");
    let r = returns.path();
    welsh_round(r);
    run(r, &["returns", "cylch-2026", "--audit", "adolygiad"]);
    let tab = browser.new_tab().expect("tab");
    tab.set_default_timeout(std::time::Duration::from_secs(30));
    for report in [g.join("report.html"), r.join("cylch-2026-report.html")] {
        // Opened as the officer would: a file, no server.
        tab.navigate_to(&format!("file://{}", report.display()))
            .and_then(|t| t.wait_until_navigated())
            .expect("report");
        assert_eq!(eval_str(&tab, "document.documentElement.lang"), "cy");
        let violations = axe_violations(&tab);
        assert!(
            violations.is_empty(),
            "{}: {violations:#?}",
            report.display()
        );
    }
}
