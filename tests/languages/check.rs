//! `check` and its report on a bilingual site: missing and stale translations, reading age,
//! the translations table.

use super::*;

#[test]
fn check_warns_at_the_title_line_of_a_page_with_no_counterpart_in_a_required_language() {
    let site = bilingual();
    let r = site.path();
    let out = check_output(r, &[]);
    assert!(
        out.contains("`Apps` has no Cymraeg (cy) counterpart"),
        "{out}"
    );
    assert!(out.contains("--> content/kids/apps.md:2:1"), "{out}");
    assert!(
        out.contains("add content/kids/apps.cy.md beside it"),
        "{out}"
    );
    // Pages with a counterpart are not named.
    assert!(!out.contains("`Gaming safely` has no"), "{out}");
    assert!(!out.contains("`Home` has no"), "{out}");

    // A language that is not required is not asked for.
    write(
        r,
        "site.yaml",
        &SITE.replace(
            "{ code: cy, name: Cymraeg, required: true }",
            "{ code: cy, name: Cymraeg }",
        ),
    );
    let out = check_output(r, &[]);
    assert!(!out.contains("counterpart"), "{out}");
}

#[test]
fn check_warns_at_the_updated_line_of_a_translation_far_older_than_its_original() {
    let site = bilingual();
    let r = site.path();
    let out = check_output(r, &[]);
    assert!(!out.contains("may be stale"), "{out}");
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-01-15\n---\nChwaraewch yn ddiogel.\n",
    );
    let out = check_output(r, &[]);
    assert!(out.contains("the translation may be stale"), "{out}");
    assert!(out.contains("290 days after this translation"), "{out}");
    assert!(out.contains("--> content/kids/gaming.cy.md:3:1"), "{out}");
    // 180 days apart is still in step.
    write(
        r,
        "content/kids/gaming.cy.md",
        "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-05-05\n---\nChwaraewch yn ddiogel.\n",
    );
    let out = check_output(r, &[]);
    assert!(!out.contains("may be stale"), "{out}");
}

/// Over a hundred words in long sentences: far above a reading age of 9 by Flesch-Kincaid.
fn long_prose(word: &str) -> String {
    let sentence = format!("{} ", vec![word; 40].join(" "));
    format!("{}.\n", [sentence.as_str(); 4].join(". "))
}

#[test]
fn reading_age_is_not_scored_on_a_welsh_page_and_the_report_says_why() {
    let site = bilingual();
    let r = site.path();
    write(
        r,
        "site.yaml",
        &SITE.replace("quick_exit: true", "quick_exit: true\n    reading_age: 9"),
    );
    write(
        r,
        "content/kids/gaming.md",
        &format!(
            "---\ntitle: Gaming safely\nupdated: 2026-11-01\n---\n{}",
            long_prose("responsibility")
        ),
    );
    write(
        r,
        "content/kids/gaming.cy.md",
        &format!(
            "---\ntitle: Chwarae gemau'n ddiogel\nupdated: 2026-11-01\n---\n{}",
            long_prose("cyfrifoldebau")
        ),
    );
    let report = r.join("governance.html");
    let out = check_output(r, &["--report", report.to_str().unwrap()]);
    // The English page is scored and over target; the Welsh one, as long, is not scored.
    assert!(
        out.contains("`Gaming safely` has a reading age of"),
        "{out}"
    );
    assert!(
        !out.contains("`Chwarae gemau'n ddiogel` has a reading age"),
        "{out}"
    );
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("Not scored: in cy, and the formula is for English"),
        "{html}"
    );
    assert!(
        html.contains("Pages in a language other than English (3) are not scored: the Flesch-Kincaid formula is for English."),
        "{html}"
    );
}

#[test]
fn the_governance_report_has_a_translations_table() {
    let site = bilingual();
    let r = site.path();
    let report = r.join("governance.html");
    check_output(r, &["--report", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(
        html.contains("<h2 id=\"translations-title\">Translations</h2>"),
        "{html}"
    );
    let table = &html[html.find("id=\"translations\"").expect("the table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(
        table.contains("<th scope=\"col\">Page</th><th scope=\"col\">Languages present</th><th scope=\"col\">Missing</th>"),
        "{table}"
    );
    // The page with no Welsh counterpart comes first, with Welsh missing.
    let apps = table.find("content/kids/apps.md").expect("apps row");
    let gaming = table.find("content/kids/gaming.md").expect("gaming row");
    assert!(apps < gaming, "{table}");
    let apps_row = &table[apps..table[apps..].find("</tr>").unwrap() + apps];
    assert!(apps_row.contains("<td>English (en-GB)</td>"), "{apps_row}");
    assert!(apps_row.contains(">Cymraeg (cy)</span>"), "{apps_row}");
    let gaming_row = &table[gaming..table[gaming..].find("</tr>").unwrap() + gaming];
    assert!(
        gaming_row.contains("<td>English (en-GB), Cymraeg (cy)</td>"),
        "{gaming_row}"
    );
    assert!(gaming_row.contains("<td>&ndash;</td>"), "{gaming_row}");
    // The translation's own row is not listed twice.
    assert!(
        !table.contains("data-file=\"content/kids/gaming.cy.md\""),
        "{table}"
    );

    // A site in one language has no such table.
    write(
        r,
        "site.yaml",
        "title: One language\nbase_url: https://one.example.test/\naudiences:\n  - id: kids\n    name: Children\n",
    );
    for f in ["_index.cy.md", "kids/_index.cy.md", "kids/gaming.cy.md"] {
        std::fs::remove_file(r.join("content").join(f)).unwrap();
    }
    std::fs::remove_file(&report).unwrap();
    let out = check_output(r, &["--report", report.to_str().unwrap()]);
    let html = std::fs::read_to_string(&report).expect(&out);
    assert!(!html.contains("translations-title"), "{html}");
    assert!(!html.contains("unscored-note"), "{html}");
}
