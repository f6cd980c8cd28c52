//! `safeguide adapt` in every format: a complete profile, missing values, named documents and
//! the adapted HTML.

use super::*;

#[test]
fn adapt_fills_every_format_from_a_complete_profile() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}\n{}", stdout(&o), stderr(&o));
    let dir = site.path().join("out/complete");
    for f in [
        "model-policy.html",
        "model-policy.docx",
        "model-policy.md",
        "pupil-aup.html",
        "pupil-aup.docx",
        "pupil-aup.md",
    ] {
        assert!(dir.join(f).is_file(), "{f} missing");
    }
    let html = read(&dir, "model-policy.html");
    assert!(
        html.contains("<style>") && html.contains("@media print"),
        "{html}"
    );
    assert!(!html.contains("<header") && !html.contains("data-placeholder-form"));
    assert!(html.contains(
        "<span class=\"placeholder filled\" data-placeholder=\"name\" data-label=\"Name of the school\">Oak Hill Primary School</span>"
    ), "{html}");
    assert!(html.contains(">Anytown Broadband</span>") && html.contains(">Ms A Patel</span>"));
    assert!(!html.contains("placeholder blank"), "{html}");
    assert!(
        html.contains("href=\"https://safe.example.org/guide/#how-to-report\""),
        "{html}"
    );
    assert!(read(&dir, "pupil-aup.html").contains("signature-block"));

    let md = read(&dir, "model-policy.md");
    assert!(
        md.starts_with("---\ntitle: Model online safety policy\n"),
        "{md}"
    );
    assert!(md.contains("kind: policy\n---\n"), "{md}");
    assert!(!md.contains("placeholders:"), "{md}");
    assert!(
        md.contains("Oak Hill Primary School takes online safety **very seriously**"),
        "{md}"
    );
    assert!(md.contains("| DSL | Ms A Patel |"), "{md}");
    assert!(md.contains("Next review: 2027-09-01."), "{md}");
    assert!(md.contains("Write `{{ name }}` in code"), "{md}");
    assert!(!md.contains("{{ dsl }}"), "{md}");

    let Some(doc) = read_docx(&dir.join("model-policy.docx")) else {
        return;
    };
    assert!(highlighted(&doc).is_empty(), "{:?}", highlighted(&doc));
    assert_eq!(styles_of(&doc, "Heading 1"), ["Model online safety policy"]);
    assert_eq!(styles_of(&doc, "Heading 2"), ["Roles", "Approved"]);
    assert!(para_with(&doc, "takes online safety")["text"]
        .as_str()
        .unwrap()
        .starts_with("Oak Hill Primary School takes"));
    assert_eq!(doc["tables"][0][2][1], "Anytown Broadband");
}

#[test]
fn adapt_lists_missing_values_and_fails_unless_blanks_are_allowed() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/partial.yaml",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`dsl` (Designated safeguarding lead) has no value in this profile; it is used by policies/model-policy.md, policies/pupil-aup.md"),
        "{err}"
    );
    assert!(err.contains("profiles/partial.yaml:2:1"), "{err}");
    assert!(err.contains("`review_date` (Next review date)"), "{err}");
    assert!(
        err.contains("`filtering_provider` (Filtering provider)"),
        "{err}"
    );
    assert!(!err.contains("`name` ("), "{err}");
    // The typo is warned about by name, at its line, with a suggestion.
    assert!(
        err.contains("`filtring_provider` is not used by any model policy"),
        "{err}"
    );
    assert!(err.contains("profiles/partial.yaml:3:1"), "{err}");
    assert!(err.contains("did you mean `filtering_provider`?"), "{err}");
    assert!(
        !site.path().join("out").exists(),
        "nothing is written on failure"
    );

    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/partial.yaml",
            "--out",
            "out",
            "--allow-blanks",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: `dsl` (Designated safeguarding lead)"));
    let dir = site.path().join("out/partial");
    let html = read(&dir, "model-policy.html");
    assert!(html.contains("<span class=\"placeholder blank\" data-placeholder=\"dsl\" data-label=\"Designated safeguarding lead\"><span class=\"placeholder-label\">Designated safeguarding lead</span></span>"), "{html}");
    assert!(html.contains(">Beech Lane School</span>"), "{html}");
    let md = read(&dir, "model-policy.md");
    assert!(
        md.contains("The designated safeguarding lead is \\_\\_\\_\\_\\_\\_\\_\\_ \\(Designated safeguarding lead\\)."),
        "{md}"
    );
    let Some(doc) = read_docx(&dir.join("model-policy.docx")) else {
        return;
    };
    let blanks = highlighted(&doc);
    assert!(
        blanks.contains(&"[Designated safeguarding lead]".to_string()),
        "{blanks:?}"
    );
    assert!(
        !blanks.contains(&"[Name of the school]".to_string()),
        "{blanks:?}"
    );
}

#[test]
fn adapt_takes_named_documents_and_rejects_others() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--format",
            "md,html",
            "--out",
            "out",
            "policies/pupil-aup.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = site.path().join("out/complete");
    assert!(dir.join("pupil-aup.md").is_file() && dir.join("pupil-aup.html").is_file());
    assert!(!dir.join("pupil-aup.docx").exists() && !dir.join("model-policy.md").exists());

    let o = run(
        site.path(),
        &["adapt", "--profile", "profiles/complete.yaml", "guide.md"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("guide.md is a `guide` page, not a model policy"),
        "{}",
        stderr(&o)
    );

    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "policies/pupil-aupp.md",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean policies/pupil-aup.md?"),
        "{}",
        stderr(&o)
    );
    assert!(!site.path().join("adapted").exists());
}

#[test]
fn adapted_html_is_the_clean_document_with_a_printed_footer() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/injection.yaml",
            "--out",
            "out",
            "--format",
            "html",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let html = read(&site.path().join("out/injection"), "student-aup.html");
    let body = &html[html.find("<body").expect("body")..];
    for clutter in [
        "<form",
        "<input",
        "fill-in",
        "doc-facts",
        "<header",
        "site-footer",
        ".docx",
    ] {
        assert!(!body.contains(clutter), "{clutter} in {body}");
    }
    // Filled values are plain text in the sentence: the document's own rule drops the screen tint.
    assert!(html.contains(".adapted .placeholder.filled{background:none;padding:0}"));
    assert!(
        html.contains("<p class=\"doc-version\">Version 3.1, updated 1 October 2026</p>"),
        "{html}"
    );
    // The header names the organisation, its value escaped for CSS inside <style>; the footer
    // gives the adopted copy's edition and dates, and no "check there" line.
    let footer = &html[html.find("id=\"print-footer\"").expect("print footer")..];
    let footer = &footer[..footer.find("</style>").unwrap()];
    assert!(
        footer.contains(
            "@top-right{content:\"\\3C script\\3E alert(1)\\3C /script\\3E  **bold** _x_\""
        ),
        "{footer}"
    );
    assert!(
        footer.contains("content:\"Student acceptable use agreement — Version 3.1, updated 1 October 2026 — Adopted "),
        "{footer}"
    );
    assert!(!footer.contains("check there"), "{footer}");
    assert_eq!(html.matches("class=\"signature-block\"").count(), 1);
    assert_eq!(html.matches("class=\"signer\"").count(), 3);
}
