//! `safeguide returns`: fixture returns (tests/fixtures/returns/round-2026) with every kind of
//! problem, an expected list and an earlier round, read into exact diagnostics, the HTML report and
//! the summary CSV; where it may write; and 1,000 returns at once.

mod common;

use std::path::Path;
use std::time::Instant;

use common::{fixture, read, run, stderr, stdout, write};

/// Every diagnostic of a run as "severity: message @ file:line:col".
fn diagnostics(err: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = err.lines().peekable();
    while let Some(l) = lines.next() {
        // `error: ...`, or `warning[rule]: ...` as `check` writes them.
        let Some((sev, msg)) = l.split_once(": ") else {
            continue;
        };
        if !["error", "warning", "notice"]
            .iter()
            .any(|s| sev == *s || sev.starts_with(&format!("{s}[")))
        {
            continue;
        }
        let loc = lines
            .peek()
            .and_then(|n| n.trim_start().strip_prefix("--> "))
            .unwrap_or("")
            .to_string();
        out.push(format!("{sev}: {msg} @ {loc}"));
    }
    out
}

#[test]
fn a_round_of_returns_gives_exact_diagnostics_a_report_and_a_summary_csv() {
    let site = fixture("returns");
    let root = site.path();
    let o = run(
        root,
        &[
            "returns",
            "round-2026",
            "--audit",
            "review",
            "--expected",
            "expected.yaml",
            "--previous",
            "round-2025",
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "errors in some files: {err}");
    let older = "warning: this return answers version 1 of `Online safety review`; the site's audit is version 2, updated 1 November 2026";
    assert_eq!(
        diagnostics(&err),
        vec![
            "warning: no return from `Cedar Sports Club` @ expected.yaml:7:5".to_string(),
            "warning: the return from `Maple Academy` could not be included (bad-answer.csv in round-2026) @ expected.yaml:8:5".into(),
            format!("{older} @ round-2025/oak-hill-2025.csv:2:1"),
            format!("{older} @ round-2025/willow.csv:2:1"),
            "warning: `Ash Grove Nursery` sent more than one return: ash-grove-second.csv is used instead of this one (completed later) @ round-2026/ash-grove-first.csv".into(),
            "error: `Maybe` is not an answer @ round-2026/bad-answer.csv:3:152".into(),
            format!("{older} @ round-2026/birch-old-version.csv:2:1"),
            "error: this is a return for `Club review` (audits/club), not for `Online safety review` (audits/review) @ round-2026/club.csv:2:1".into(),
            "error: this row has 5 cells but the first row names 13 columns @ round-2026/malformed.csv:3:1".into(),
            "error: this is a return for an audit this site does not have: `audits/elsewhere` @ round-2026/other-site.csv:2:1".into(),
            "error: not a return: this is a spreadsheet, not the CSV file the audit page exports @ round-2026/summary.xlsx".into(),
        ],
        "{err}"
    );
    // The renamed question is matched through `replaces`; the removed one is named with its line.
    assert!(
        err.contains("- line 4: `mobile-phones` Is there a phones rule?"),
        "{err}"
    );
    assert!(
        err.contains("- `filtering-checks` Is filtering checked every term?"),
        "{err}"
    );
    assert!(
        stdout(&o).contains("Read 10 files for `Online safety review` (version 2, updated 1 November 2026): 4 returns included, 6 not included."),
        "{}",
        stdout(&o)
    );

    let html = read(root, "round-2026-report.html");
    // Self-contained: nothing is loaded from anywhere.
    for external in [
        "<link",
        "<script",
        " src=",
        "url(",
        "@import",
        "href=\"http",
    ] {
        assert!(
            !html.contains(external),
            "report loads something: {external}"
        );
    }
    assert!(
        html.contains("Returns included<strong>4</strong>"),
        "{html}"
    );
    assert!(
        html.contains("Return rate<strong>4 of 6 (67%)</strong>"),
        "{html}"
    );
    // Weakest first on page one: filtering (1 Yes, 1 No, 2 not answered, 25%) before the policy
    // question (3 Yes, 1 Partly, 88%); each question's bar in the appendix carries its numbers.
    let weakest = &html[html.find("id=\"weakest\"").expect("weakest")..];
    let filtering = weakest
        .find("Is filtering checked every term?</td>")
        .expect("filtering row");
    let policy = weakest
        .find("Is there an online safety policy?</td>")
        .expect("policy row");
    assert!(filtering < policy, "weakest first");
    assert!(
        html.contains("role=\"img\" aria-label=\"Yes 1, Partly 0, No 1, Not answered 2 (of 4)\""),
        "{html}"
    );
    assert!(html.contains("aria-label=\"Yes 3, Partly 1, No 0, Not answered 0 (of 4)\""));
    // Per organisation: the No and Partly answers with their actions, escaped, line breaks kept.
    assert!(html.contains("Staff agreement being rewritten<br>by the head, for January"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;"));
    assert!(!html.contains("<script"));
    // The old-version return counts its renamed question (policy-review -> policy-annual-review).
    assert!(
        html.contains("Birch Tree Scouts</h3>\n<p class=\"meta\"><span>Youth club</span><span>score 38%</span><span>completed by Mr C Jones 15 November 2026</span><span>version 1</span>"),
        "{html}"
    );
    // The later of two returns from one organisation is the one used; names only, no folders.
    assert!(html.contains("<span>file ash-grove-second.csv</span>"));
    assert!(!html.contains("round-2026/"));
    assert!(
        html.contains("<li>Cedar Sports Club <span class=\"muted\">(Type not given)</span></li>")
    );
    assert!(html.contains(
        "Maple Academy <span class=\"muted\">(Type not given)</span>: their return (bad-answer.csv) could not be included"
    ));
    // Compared with 2025: Oak Hill's policy went No -> Yes, its staff agreement Yes -> No.
    let oak = &html[html.find("Oak Hill Primary School</h3>").expect("Oak Hill")..];
    let oak = &oak[..oak.find("</table>").expect("its table")];
    assert!(
        oak.contains("<span class=\"up\">Improved since last round, questions: 1</span><span class=\"down\">Declined since last round, questions: 3</span>"),
        "{oak}"
    );
    assert!(
        oak.contains(
            "Do staff sign an acceptable use agreement?</td><td class=\"no\">No</td><td>Yes</td>"
        ),
        "last round's answer beside this round's: {oak}"
    );
    assert!(html.contains(
        "Returned last round but not this round:</p><ul><li>Willow Church Youth Group</li>"
    ));

    let csv = read(root, "round-2026-summary.csv");
    assert_eq!(
        csv,
        "\u{feff}Question id,Number,Section,Question,Yes,Partly,No,Not answered,Score (%),Ash Grove nursery,Birch Tree Scouts,Elm Lane Youth Club,Oak Hill Primary School\n\
         policy,1,Policy,Is there an online safety policy?,3,1,0,0,88,Yes,Partly,Yes,Yes\n\
         policy-annual-review,2,Policy,Is the policy reviewed every year?,1,2,1,0,50,Partly,No,Yes,Partly\n\
         staff-aup,3,Policy,Do staff sign an acceptable use agreement?,2,1,1,0,63,Yes,Yes,Partly,No\n\
         filtering-checks,4,Filtering,Is filtering checked every term?,1,0,1,2,25,Not answered,Not answered,No,Yes\n"
    );

    // Running again replaces its own report and summary.
    let again = run(root, &["returns", "round-2026", "--audit", "review"]);
    assert_eq!(again.status.code(), Some(1), "{}", stderr(&again));
    assert!(!read(root, "round-2026-report.html").contains("Expected returns not received"));
}

#[test]
fn never_writes_into_the_site_or_over_a_file_it_did_not_make() {
    let site = fixture("returns");
    let root = site.path();
    let cases: [(&[&str], &str); 4] = [
        (
            &["--report", "content/audits/report.html"],
            "refusing to write into",
        ),
        (
            &["--csv", "round-2026/summary.csv"],
            "refusing to write into",
        ),
        (&["--report", "site.yaml"], "refusing to write into"),
        (
            &["--report", "notes.html"],
            "was not made by `safeguide returns`",
        ),
    ];
    write(root, "notes.html", "<p>my own notes</p>");
    for (extra, message) in cases {
        let mut args = vec!["returns", "round-2026", "--audit", "review"];
        args.extend_from_slice(extra);
        let o = run(root, &args);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{extra:?}: {}", stderr(&o));
    }
    assert_eq!(read(root, "notes.html"), "<p>my own notes</p>");
    assert!(!root.join("content/audits/report.html").exists());
    assert!(
        !root.join("round-2026-report.html").exists(),
        "nothing written after a refusal"
    );
}

#[test]
fn with_several_audits_the_returns_choose_one_or_ask() {
    let site = fixture("returns");
    let root = site.path();
    // round-2026 holds returns for two of the site's audits: the user must choose.
    let o = run(root, &["returns", "round-2026"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains(
            "the returns answer 2 different audits (1 for audits/club, 7 for audits/review)"
        ),
        "{}",
        stderr(&o)
    );
    // A folder whose returns all answer one audit needs no --audit, and a clean round exits 0.
    std::fs::create_dir(root.join("only-oak")).unwrap();
    std::fs::copy(
        root.join("round-2026/oak-hill.csv"),
        root.join("only-oak/oak-hill.csv"),
    )
    .unwrap();
    let o = run(
        root,
        &[
            "returns", "only-oak", "--report", "oak.html", "--csv", "oak.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "", "a clean return has nothing to report");
    assert!(read(root, "oak.html").contains("Returns included<strong>1</strong>"));
}

#[test]
fn a_return_saved_again_by_excel_on_windows_is_still_read() {
    let site = fixture("returns");
    let root = site.path();
    // Excel's "CSV (Comma delimited)": Windows-1252, UK dates, quotes only where needed, no BOM.
    let text = "Audit,Audit version,Audit date,Organisation,Organisation type,Completed by,Date completed,Question id,Number,Section,Question,Answer,Evidence and actions\r\n\
audits/review,2,01/11/2026,St Mary\u{92}s C of E Primary,School,Mr H,02/12/2026,policy,1,Policy,Is there a policy?,Yes,\r\n\
audits/review,2,01/11/2026,St Mary\u{92}s C of E Primary,School,Mr H,02/12/2026,policy-annual-review,2,Policy,Reviewed?,partly,\"Due \u{93}soon\u{94}, honestly\"\r\n\
audits/review,2,01/11/2026,St Mary\u{92}s C of E Primary,School,Mr H,02/12/2026,staff-aup,3,Policy,AUP?,no,\r\n\
audits/review,2,01/11/2026,St Mary\u{92}s C of E Primary,School,Mr H,02/12/2026,filtering-checks,4,Filtering,Filtering?,,\r\n\
,,,,,,,,,,,,\r\n";
    let bytes: Vec<u8> = text.chars().map(|c| c as u32 as u8).collect();
    std::fs::create_dir(root.join("excel")).unwrap();
    std::fs::write(root.join("excel/st-marys.csv"), bytes).unwrap();
    let o = run(root, &["returns", "excel"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = read(root, "excel-report.html");
    assert!(
        html.contains(
            "St Mary’s C of E Primary</h3>\n<p class=\"meta\"><span>School</span><span>score 38%</span><span>completed by Mr H 2 December 2026</span>"
        ),
        "{html}"
    );
    assert!(html.contains("Due “soon”, honestly"), "{html}");
}

#[test]
fn check_names_audit_questions_without_ids() {
    let site = fixture("returns");
    let root = site.path();
    write(
        root,
        "content/audits/club.md",
        "---\ntitle: Club review\nsummary: A short self-review for clubs.\nkind: audit\n---\n\n- [ ] Is there a named safeguarding lead?\n",
    );
    let o = run(root, &["check"]);
    let err = stderr(&o);
    let found: Vec<String> = diagnostics(&err)
        .into_iter()
        .filter(|d| d.contains("audits/club.md"))
        .collect();
    assert_eq!(
        found,
        vec![
            "warning[audit-version]: this audit has no version @ content/audits/club.md:4:1".to_string(),
            "warning[audit-question-id]: question 1 has no id, so returns match it by its position @ content/audits/club.md:7:3".into(),
        ],
        "{err}"
    );
    assert!(err.contains("e.g. `{#there-named-safeguarding}`"), "{err}");
}

/// 1,000 returns (the whole of a large partnership) in one folder, with one bad file among them.
#[test]
fn a_thousand_returns_are_read_and_reported_quickly() {
    let site = fixture("returns");
    let root = site.path();
    let dir = root.join("big");
    std::fs::create_dir(&dir).unwrap();
    let answers = ["Yes", "Partly", "No", ""];
    for n in 0..1000 {
        let mut s = String::from(
            "Audit,Audit version,Organisation,Question id,Answer,Evidence and actions\n",
        );
        for (i, id) in [
            "policy",
            "policy-annual-review",
            "staff-aup",
            "filtering-checks",
        ]
        .iter()
        .enumerate()
        {
            s.push_str(&format!(
                "audits/review,2,Setting {n},{id},{},\"Action for {n}, question {i}\"\n",
                answers[(n + i) % 4]
            ));
        }
        std::fs::write(dir.join(format!("setting-{n:04}.csv")), s).unwrap();
    }
    std::fs::write(dir.join("setting-bad.csv"), "not,a,return\n").unwrap();
    let started = Instant::now();
    let o = run(root, &["returns", "big", "--audit", "review"]);
    let took = started.elapsed();
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("1001 files")
            && stdout(&o).contains("1000 returns included, 1 not included"),
        "{}",
        stdout(&o)
    );
    // A debug build on a shared 2-core machine; release is far quicker (README).
    assert!(took.as_secs_f64() < 10.0, "took {took:?}");
    let html = read(root, "big-report.html");
    assert!(html.contains("aria-label=\"Yes 250, Partly 250, No 250, Not answered 250 (of 1000)\""));
    assert!(Path::new(&root.join("big-summary.csv")).exists());
}

/// A Welsh site's report is in Welsh (the theme's `returns_*` words), with the partnership's name,
/// logo (inside the file) and colour; close names match with a notice.
#[test]
fn a_welsh_partnerships_report_is_in_welsh_with_its_brand() {
    let site = fixture("returns");
    let root = site.path();
    write(
        root,
        "site.yaml",
        "title: Partneriaeth Diogelu Prawf\nbase_url: https://safe.example.org/\nlanguage: cy\nbrand:\n  logo: static/logo.svg\n  colour: \"#005ea5\"\naudiences:\n  - id: schools\n    name: Ysgolion\n",
    );
    write(
        root,
        "static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
    );
    // "Oak Hill Primary" is close to the list's "Oak Hill Primary School": matched, with a notice.
    write(
        root,
        "expected.txt",
        "Oak Hill Primary\nElm Lane Youth Club\n",
    );
    let o = run(
        root,
        &[
            "returns",
            "round-2026",
            "--audit",
            "review",
            "--expected",
            "expected.txt",
        ],
    );
    let err = stderr(&o);
    assert!(
        err.contains("notice: `Oak Hill Primary School` is not on the expected list as written; it is taken to be `Oak Hill Primary` (line 1)"),
        "{err}"
    );
    let html = read(root, "round-2026-report.html");
    assert!(html.contains("<html lang=\"cy\">"), "{html}");
    assert!(
        html.contains("Ffurflenni archwilio: Online safety review"),
        "{html}"
    );
    assert!(
        html.contains("Cyfradd ffurflenni<strong>2 o 2 (100%)</strong>"),
        "{html}"
    );
    assert!(html.contains("Crynodeb i&#39;r bwrdd"), "{html}");
    assert!(
        html.contains("\"Tudalen \" counter(page) \" o \" counter(pages)"),
        "{html}"
    );
    assert!(html.contains("<p class=\"partnership\">Partneriaeth Diogelu Prawf</p>"));
    assert!(
        html.contains("src=\"data:image/svg+xml;base64,"),
        "the logo is inside the file"
    );
    assert!(html.contains("--brand: #005ea5;"), "{html}");
    // Dates in Welsh, from the theme's months.
    assert!(html.contains("Tachwedd 2026"), "{html}");
}
