//! `safeguide check`: every rule against a fixture site with one case of each, exit codes, the HTML
//! governance report, and the bundled site.

mod common;

use std::collections::BTreeSet;

use common::*;

fn f(severity: &str, rule: &str, file: &str, line: usize) -> Finding {
    Finding {
        severity: severity.into(),
        rule: rule.into(),
        file: file.into(),
        line,
    }
}

/// The fixture plus a page due for review in 30 days (a date relative to today cannot be fixed).
fn rules_site() -> tempfile::TempDir {
    let site = fixture("check-rules");
    let due = chrono::Local::now().date_naive() + chrono::Duration::days(30);
    write(
        site.path(),
        "content/parents/due-soon.md",
        &format!(
            "---\ntitle: Due soon\nsummary: A guide due for review soon.\nkind: guide\nreview_by: {}\n---\nShort.\n",
            due.format("%Y-%m-%d")
        ),
    );
    site
}

fn expected() -> BTreeSet<Finding> {
    [
        f("warning", "orphan-page", "content/about.md", 0),
        f("warning", "duplicate-term", "content/more-words.md", 8),
        f(
            "warning",
            "empty-summary",
            "content/parents/empty-summary.md",
            3,
        ),
        f(
            "warning",
            "duplicate-title",
            "content/parents/gaming-b.md",
            2,
        ),
        f(
            "warning",
            "readability",
            "content/parents/hard-reading.md",
            2,
        ),
        // A heading that skips a level, after the title and after a `##`; the rest follow on.
        f("warning", "heading-level", "content/parents/headings.md", 7),
        f(
            "warning",
            "heading-level",
            "content/parents/headings.md",
            13,
        ),
        f("warning", "image-alt", "content/parents/images.md", 7),
        f("warning", "image-alt", "content/parents/images.md", 11),
        // A raw <img> over several lines is one tag: line 14 has no alt (only `alt=` inside a
        // title), line 19 has its alt on the next line.
        f("warning", "image-alt", "content/parents/images.md", 14),
        f("error", "broken-link", "content/parents/links.md", 5),
        f("error", "broken-anchor", "content/parents/links.md", 7),
        f(
            "warning",
            "review-missing",
            "content/parents/no-review.md",
            2,
        ),
        f(
            "error",
            "undeclared-placeholder",
            "content/parents/no-review.md",
            6,
        ),
        f("warning", "review-overdue", "content/parents/overdue.md", 6),
        f("notice", "review-due", "content/parents/due-soon.md", 5),
        f("error", "template", "templates/tips.html", 2),
        // The fixture has no report routes, and no page for `children`.
        f("warning", "audience-no-report-route", "site.yaml", 4),
        f("warning", "audience-no-report-route", "site.yaml", 7),
        f("warning", "audience-empty", "site.yaml", 7),
    ]
    .into_iter()
    .collect()
}

#[test]
fn check_reports_one_finding_per_rule_with_file_and_line() {
    let site = rules_site();
    let o = run(site.path(), &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let got: BTreeSet<Finding> = findings(&err).into_iter().collect();
    assert_eq!(got, expected(), "{err}");
    // The readability warning names the score and the longest sentence.
    assert!(err.contains("has a reading age of"), "{err}");
    assert!(
        err.contains("(26 words) Professional organisations consistently"),
        "{err}"
    );
    let out = stdout(&o);
    assert!(
        out.contains("Checked 16 pages") && out.contains("4 errors, 15 warnings, 1 notice"),
        "{out}"
    );
    // check writes nothing into the site.
    assert!(!site.path().join("public").exists());
}

#[test]
fn strict_turns_overdue_reviews_into_errors_and_warnings_into_failure() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "site.yaml",
        "title: T\nbase_url: https://example.org/\n",
    );
    write(
        root,
        "content/_index.md",
        "---\ntitle: Home\n---\nSee [the guide](guide.md).\n",
    );
    write(
        root,
        "content/guide.md",
        "---\ntitle: Guide\nsummary: A guide.\nkind: guide\nreview_by: 2099-01-01\n---\nText.\n",
    );
    let clean = run(root, &["check"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(findings(&stderr(&clean)).is_empty(), "{}", stderr(&clean));

    write(
        root,
        "content/guide.md",
        "---\ntitle: Guide\nsummary: A guide.\nkind: guide\nreview_by: 2021-03-01\n---\nText.\n",
    );
    let lax = run(root, &["check"]);
    assert_eq!(lax.status.code(), Some(0), "{}", stderr(&lax));
    assert_eq!(
        findings(&stderr(&lax)),
        [f("warning", "review-overdue", "content/guide.md", 5)]
    );
    let strict = run(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert_eq!(
        findings(&stderr(&strict)),
        [f("error", "review-overdue", "content/guide.md", 5)]
    );

    // A warning alone passes, except under --strict.
    write(
        root,
        "content/guide.md",
        "---\ntitle: Guide\nsummary: \"\"\n---\nText.\n",
    );
    assert_eq!(run(root, &["check"]).status.code(), Some(0));
    let strict = run(root, &["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stderr(&strict).contains("--strict treats warnings as failures"));
}

/// Start and end tags in document order, skipping comments and the insides of script and style.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i..];
        let end = rest.find('>').expect("every tag is closed");
        let tag = rest[1..end].to_string();
        rest = &rest[end + 1..];
        let name = tag_name(&tag);
        if name == "script" || name == "style" {
            let close = format!("</{name}>");
            let at = rest.find(&close).expect("script and style are closed");
            rest = &rest[at + close.len()..];
            continue;
        }
        out.push(tag);
    }
    out
}

fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('/')
        .split(|c: char| c.is_whitespace() || c == '/')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// Every element is closed in order (void elements excepted): the report is well-formed.
fn assert_balanced(html: &str) {
    const VOID: [&str; 4] = ["meta", "br", "img", "input"];
    let mut stack: Vec<String> = Vec::new();
    for tag in tags(html) {
        if tag.starts_with('!') {
            continue;
        }
        let name = tag_name(&tag);
        if let Some(closing) = tag.strip_prefix('/') {
            let open = stack
                .pop()
                .unwrap_or_else(|| panic!("</{closing}> closes nothing"));
            assert_eq!(open, tag_name(closing), "mismatched </{closing}>");
        } else if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "unclosed: {stack:?}");
}

/// The cells' text of the `<tr data-file="...">` row for `file`.
fn row_cells(html: &str, file: &str) -> Vec<String> {
    let start = html
        .find(&format!("<tr data-file=\"{file}\">"))
        .unwrap_or_else(|| panic!("no row for {file}"));
    let row = &html[start..start + html[start..].find("</tr>").unwrap()];
    row.split("<td")
        .skip(1)
        .map(|c| {
            let inner = &c[c.find('>').unwrap() + 1..c.find("</td>").unwrap()];
            let mut text = String::new();
            let mut in_tag = false;
            for ch in inner.chars() {
                match ch {
                    '<' => {
                        in_tag = true;
                        text.push(' ');
                    }
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text.split_whitespace().collect::<Vec<_>>().join(" ")
        })
        .collect()
}

#[test]
fn report_is_self_contained_html_with_a_row_per_page_and_every_finding() {
    let site = rules_site();
    let report = site.path().join("governance.html");
    let o = run(
        site.path(),
        &["check", "--report", report.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    let html = std::fs::read_to_string(&report).expect("report written");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_balanced(&html);

    // No external requests: nothing to fetch, no URL in any attribute.
    for tag in tags(&html) {
        let lower = tag.to_ascii_lowercase();
        assert!(
            !lower.contains("src=") && !lower.starts_with("link") && !lower.contains("href="),
            "external reference in <{tag}>"
        );
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
    assert!(html.contains("<style>") && html.contains("<svg") && html.contains("<script>"));

    // One row per page: owner, audience, review status (colour class and text), reading age.
    assert_eq!(html.matches("<tr data-file=").count(), 16);
    let overdue = row_cells(&html, "content/parents/overdue.md");
    assert_eq!(overdue[2], "Online safety lead");
    assert_eq!(overdue[3], "Parents and carers");
    assert!(overdue[5].starts_with("Overdue by "), "{overdue:?}");
    assert!(overdue[5].ends_with("review by 2020-01-31"), "{overdue:?}");
    assert!(html.contains("<span class=\"status status-overdue\">Overdue by"));
    let due = row_cells(&html, "content/parents/due-soon.md");
    assert_eq!(due[5].split(" review").next(), Some("Due in 30 days"));
    let missing = row_cells(&html, "content/parents/no-review.md");
    assert_eq!(missing[5], "No review date");

    // The reading age in the report is the one the warning gives, marked over target.
    let err = stderr(&o);
    let age = err
        .split("has a reading age of ")
        .nth(1)
        .and_then(|s| s.split(',').next())
        .expect("readability warning");
    let hard = row_cells(&html, "content/parents/hard-reading.md");
    assert_eq!(hard[7], format!("{age} Over target (11)"));
    assert_eq!(hard[8], "11");
    assert_eq!(hard[6], "134");
    let short = row_cells(&html, "content/parents/gaming-a.md");
    assert_eq!(short[7], "&ndash; Too short to score");

    // Totals per section and the chart's bars.
    assert!(html.contains("<th scope=\"row\">Parents and carers</th><td class=\"num\">12</td>"));
    assert!(html.contains("<rect class=\"bar-overdue\""));
    assert!(html.contains("<title>Parents and carers: 1 Overdue</title>"));

    // Every finding is listed with its rule.
    assert_eq!(html.matches("<li data-rule=").count(), expected().len());
    for finding in expected() {
        assert!(
            html.contains(&format!("<li data-rule=\"{}\">", finding.rule)),
            "{finding:?}"
        );
    }
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn report_sorts_by_column_in_a_browser_without_a_server() {
    let site = rules_site();
    let report = site.path().join("governance.html");
    run(
        site.path(),
        &["check", "--report", report.to_str().unwrap()],
    );
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&format!("file://{}", report.display()))
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let words = |tab: &headless_chrome::Tab| -> Vec<u64> {
        let v = tab
            .evaluate(
                "JSON.stringify([...document.querySelectorAll('#pages tbody tr')].map(r => +r.cells[6].textContent))",
                false,
            )
            .unwrap()
            .value
            .unwrap();
        serde_json::from_str(v.as_str().unwrap()).unwrap()
    };
    let before = words(&tab);
    let button = "#pages thead th:nth-child(7) button";
    tab.wait_for_element(button).unwrap().click().unwrap();
    let mut ascending = before.clone();
    ascending.sort();
    assert_eq!(words(&tab), ascending);
    tab.wait_for_element(button).unwrap().click().unwrap();
    ascending.reverse();
    assert_eq!(words(&tab), ascending);
}

#[test]
fn bundled_site_passes_check() {
    let site = bundled_site();
    let report = site.path().join("report.html");
    let o = run(
        site.path(),
        &["check", "--report", report.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(!findings(&stderr(&o)).iter().any(|f| f.severity == "error"));
    assert_balanced(&std::fs::read_to_string(&report).unwrap());
}
