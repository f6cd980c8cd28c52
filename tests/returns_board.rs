//! The board's report for a realistic round: 20 generated returns (CSV and JSON) to the bundled
//! 51-question audit, an expected list with ids, types, an alias and two organisations that sent
//! nothing, and a previous round. Printed to PDF in Chromium: page one holds the board's figures,
//! the whole fits in 25 numbered A4 pages, and no folder path appears anywhere. The long CSV has a
//! row per organisation and question and opens in LibreOffice Calc.

mod common;

use std::path::Path;
use std::process::Command;

use common::{
    axe_violations, browser, bundled_site, eval, pdf_pages, run, screenshot_dir, stderr, stdout,
};
use headless_chrome::types::PrintToPdfOptions;

const AUDIT: &str = "content/audits/setting-self-review.md";

/// The audit's question ids, in page order, from its `- [ ] ... {#id}` lines.
fn question_ids(root: &Path) -> Vec<String> {
    std::fs::read_to_string(root.join(AUDIT))
        .expect("audit")
        .lines()
        .filter(|l| l.trim_start().starts_with("- [ ]"))
        .filter_map(|l| {
            let open = l.rfind("{#")?;
            Some(l[open + 2..].trim_end().trim_end_matches('}').to_string())
        })
        .collect()
}

/// A setting: name as its return gives it, the id its return carries (may be empty), its type.
struct Setting {
    name: String,
    id: String,
    org_type: &'static str,
}

const TYPES: [&str; 6] = [
    "School",
    "Early years",
    "Youth club",
    "Sports club",
    "Faith setting",
    "School",
];

fn settings() -> Vec<Setting> {
    (0..20)
        .map(|n| Setting {
            name: match n {
                // Matched by its alias in the expected list.
                0 => "St Anne's C of E Primary".to_string(),
                // Matched by id: the name differs from the list's.
                1 => "Oakfield Juniors".to_string(),
                n => format!("Setting {n:02} {}", TYPES[n % 6]),
            },
            id: match n {
                0 => String::new(),
                n => format!("1000{n:02}"),
            },
            org_type: TYPES[n % 6],
        })
        .collect()
}

/// Answers that differ by setting and question, the previous round a little weaker.
fn answer(n: usize, q: usize, previous: bool) -> &'static str {
    let v = (n * 37 + q * 11 + n * q * 5 + if previous { 3 } else { 0 }) % 10;
    match v {
        0..=5 => "Yes",
        6 | 7 => "Partly",
        8 => "No",
        _ => "",
    }
}

fn evidence(n: usize, q: usize, a: &str) -> String {
    match (a, (n + q) % 5) {
        ("Yes", _) => String::new(),
        (_, 0) => "=HYPERLINK(\"http://example.com\")".to_string(),
        _ => format!(
            "Head and DSL to agree an action plan for question {} by March",
            q + 1
        ),
    }
}

fn csv_cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn write_round(dir: &Path, ids: &[String], previous: bool) {
    std::fs::create_dir_all(dir).unwrap();
    for (n, s) in settings().iter().enumerate() {
        // The previous round: fifteen of the twenty returned.
        if previous && n >= 15 {
            continue;
        }
        let date = if previous { "2025-11-10" } else { "2026-11-12" };
        let file = format!("return-{n:02}");
        if n % 2 == 0 {
            let mut text = String::from("\u{feff}\"Audit\",\"Audit version\",\"Audit date\",\"Organisation\",\"Organisation id\",\"Organisation type\",\"Completed by\",\"Date completed\",\"Question id\",\"Number\",\"Section\",\"Question\",\"Answer\",\"Evidence and actions\"\r\n");
            for (q, id) in ids.iter().enumerate() {
                let a = answer(n, q, previous);
                let row = [
                    "audits/setting-self-review",
                    "1",
                    "2026-11-01",
                    &s.name,
                    &s.id,
                    s.org_type,
                    "A DSL",
                    date,
                    id,
                    &(q + 1).to_string(),
                    "",
                    "Question",
                    a,
                    &evidence(n, q, a),
                ];
                text.push_str(&row.map(csv_cell).join(","));
                text.push_str("\r\n");
            }
            std::fs::write(dir.join(format!("{file}.csv")), text).unwrap();
        } else {
            let answers: Vec<serde_json::Value> = ids
                .iter()
                .enumerate()
                .map(|(q, id)| {
                    let a = answer(n, q, previous);
                    serde_json::json!({"id": id, "question": "Question", "answer": a, "evidence": evidence(n, q, a)})
                })
                .collect();
            let json = serde_json::json!({
                "format": "safeguide-audit-return", "format_version": 1,
                "audit": {"id": "audits/setting-self-review", "version": "1"},
                "organisation": {"name": s.name, "id": s.id, "type": s.org_type},
                "completed_by": "A DSL", "date": date, "answers": answers,
            });
            std::fs::write(
                dir.join(format!("{file}.json")),
                serde_json::to_string_pretty(&json).unwrap(),
            )
            .unwrap();
        }
    }
}

/// The expected list: the twenty (one by another name with the return's as alias, one by id
/// under another name) and two that sent nothing.
fn expected_yaml() -> String {
    let mut y = String::from("organisations:\n");
    for (n, s) in settings().iter().enumerate() {
        let t = s.org_type.to_lowercase().replace(' ', "-");
        match n {
            0 => y.push_str(&format!("  - name: St Annes CE Primary School\n    type: {t}\n    aliases: [\"St Anne's C of E Primary\"]\n")),
            1 => y.push_str(&format!("  - name: Oakfield Junior School\n    id: 100001\n    type: {t}\n")),
            _ => y.push_str(&format!("  - name: {}\n    id: \"{}\"\n    type: {t}\n", s.name, s.id)),
        }
    }
    y.push_str("  - name: Cedar Sports Club\n    id: SC-2001\n    type: sport\n");
    y.push_str("  - name: Maple Nursery\n    type: early years\n");
    y
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn twenty_returns_make_a_board_report_that_prints_in_a_few_pages() {
    let site = bundled_site();
    let root = site.path();
    let ids = question_ids(root);
    assert_eq!(ids.len(), 51, "the bundled audit's questions");
    let this = root.join("round-2026");
    let last = root.join("round-2025");
    write_round(&this, &ids, false);
    write_round(&last, &ids, true);
    std::fs::write(root.join("expected.yaml"), expected_yaml()).unwrap();

    // Absolute paths, as an officer's would be: none may reach the report.
    let abs = |p: &Path| p.to_string_lossy().into_owned();
    let o = run(
        root,
        &[
            "returns",
            &abs(&this),
            "--expected",
            &abs(&root.join("expected.yaml")),
            "--previous",
            &abs(&last),
        ],
    );
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(
        stdout(&o).contains("20 returns included, 0 not included"),
        "{}",
        stdout(&o)
    );
    // The alias and the id matched: only the two that sent nothing are missing, nobody unexpected.
    let missing: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("warning: no return from"))
        .collect();
    assert_eq!(
        missing,
        [
            "warning: no return from `Cedar Sports Club`",
            "warning: no return from `Maple Nursery`"
        ],
        "{err}"
    );
    assert!(!err.contains("not on the expected list"), "{err}");

    let html = std::fs::read_to_string(root.join("round-2026-report.html")).unwrap();
    for path in [abs(root), "round-2026/".into(), "round-2025/".into()] {
        assert!(!html.contains(&path), "a folder path in the report: {path}");
    }
    assert!(!html.contains('`'), "no backticks in a board paper");
    assert!(
        html.contains("<h3 id=\"org-0\">Oakfield Juniors</h3>"),
        "sorted by name"
    );
    assert!(
        html.contains("<span>id 100001</span>"),
        "the id-matched return keeps its id"
    );

    // The long CSV: a row per organisation and question, formulas written as text.
    let long = std::fs::read(root.join("round-2026-answers.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(&long[3..]);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .collect::<Vec<_>>()
        .join(",");
    assert_eq!(header, "Round,Organisation id,Organisation,Organisation type,Section,Question id,Number,Question,Answer,Previous answer,Evidence and actions,File");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 20 * 51);
    let st_annes: Vec<&csv::StringRecord> = rows
        .iter()
        .filter(|r| &r[2] == "St Anne's C of E Primary")
        .collect();
    assert_eq!(st_annes.len(), 51);
    assert_eq!(&st_annes[0][0], "round-2026");
    assert_eq!(&st_annes[0][4], "Policy");
    assert_eq!(&st_annes[0][5], ids[0]);
    assert_eq!(&st_annes[0][8], answer(0, 0, false));
    assert_eq!(&st_annes[0][9], answer(0, 0, true), "last round's answer");
    assert!(rows.iter().all(|r| !r[10].starts_with('=')));
    assert!(rows
        .iter()
        .any(|r| &r[10] == "'=HYPERLINK(\"http://example.com\")"));
    let oakfield = rows.iter().find(|r| &r[2] == "Oakfield Juniors").unwrap();
    assert_eq!(&oakfield[1], "100001");
    assert_eq!(&oakfield[3], "Early years", "the list's type");
    assert!(rows.iter().all(|r| !r[11].contains('/')), "file names only");
    calc_opens(root, &root.join("round-2026-answers.csv"));

    let Some((browser, _profile)) = browser() else {
        return;
    };
    let tab = browser.new_tab().expect("tab");
    let report = root.join("round-2026-report.html");
    tab.navigate_to(&format!("file://{}", report.display()))
        .and_then(|t| t.wait_until_navigated())
        .expect("report");
    let violations = axe_violations(&tab);
    assert!(violations.is_empty(), "report: {violations:#?}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('svg.chart[role=img] desc').length"
        ),
        2
    );
    let pdf = tab
        .print_to_pdf(Some(PrintToPdfOptions {
            prefer_css_page_size: Some(true),
            print_background: Some(true),
            ..PrintToPdfOptions::default()
        }))
        .expect("print to PDF");
    let pdf_path = screenshot_dir().join("returns-board.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let Some(pages) = pdf_pages(&pdf_path) else {
        return;
    };
    let n = pages.len();
    assert!(n <= 25, "{n} pages");
    let one = &pages[0];
    for want in [
        "Return rate",
        "20 of 22 (91%)",
        "Overall score",
        "since round-2025",
        "Score by section",
        "Filtering and monitoring",
        "Weakest questions across all settings",
        &format!("Page 1 of {n}"),
    ] {
        assert!(one.contains(want), "page one lacks {want:?}: {one}");
    }
    // Section scores carry their change: "NN% (+N)" or "(−N)" or "(0)".
    assert!(
        one.contains("% (+") || one.contains("% (−") || one.contains("% (0)"),
        "{one}"
    );
    // The summary takes at most two pages: the appendix starts on page two or three.
    let appendix = pages
        .iter()
        .position(|p| p.contains("Appendix Each organisation"))
        .expect("appendix");
    assert!(appendix <= 2, "appendix on page {}", appendix + 1);
    assert!(pages[..appendix]
        .iter()
        .any(|p| p.contains("Settings that most need support")));
    assert!(pages[n - 1].contains(&format!("Page {n} of {n}")));
}

/// LibreOffice Calc opens the CSV: converting it to a spreadsheet succeeds and keeps every row.
fn calc_opens(root: &Path, csv: &Path) {
    let out = root.join("calc");
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", "html"])
        .arg("--outdir")
        .arg(&out)
        .arg(csv)
        .output();
    match o {
        Ok(o) if o.status.success() => {
            let html = std::fs::read_to_string(out.join("round-2026-answers.html"))
                .unwrap_or_else(|e| panic!("Calc wrote nothing: {e}"));
            assert_eq!(html.matches("<tr").count(), 1 + 20 * 51, "rows in Calc");
            assert!(html.contains("St Anne's C of E Primary"));
            // The formula-like evidence is text in Calc, not a live link.
            assert!(html.contains("'=HYPERLINK(&quot;http://example.com&quot;)"));
            assert!(!html.contains("href=\"http://example.com"));
        }
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("LibreOffice (soffice) is required in CI")
        }
        _ => eprintln!("note: skipping the Calc check: no soffice"),
    }
}
