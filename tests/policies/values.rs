//! Placeholders and profile values: values that look like markup, undeclared placeholders,
//! dates, and `init-profile`.

use super::*;

#[test]
fn values_that_look_like_markup_stay_text_in_every_format() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/injection.yaml",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = site.path().join("out/injection");
    let html = read(&dir, "model-policy.html");
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(
        html.contains(">&lt;script&gt;alert(1)&lt;/script&gt; **bold** _x_</span>"),
        "{html}"
    );
    assert!(
        html.contains("&lt;/w:t&gt;&lt;/w:r&gt;&lt;w:r&gt;&lt;w:t&gt;Injected"),
        "{html}"
    );
    assert!(!html.contains("href=\"https://evil.example/"), "{html}");

    // The Markdown, rendered again, shows every value exactly as typed.
    let md = read(&dir, "model-policy.md");
    let mut rendered = String::new();
    let body = md
        .splitn(3, "---\n")
        .nth(2)
        .expect("body after front matter");
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(body));
    assert!(
        rendered.contains("&lt;script&gt;alert(1)&lt;/script&gt; **bold** _x_ takes online safety"),
        "{rendered}"
    );
    assert!(
        rendered.contains("[click](https://evil.example/) &amp; &lt;b&gt;now&lt;/b&gt;"),
        "{rendered}"
    );
    assert!(
        rendered.contains("{{ name }} # not a heading"),
        "{rendered}"
    );
    assert!(!rendered.contains("<a href=\"https://evil") && !rendered.contains("<strong>bold"));

    let Some(doc) = read_docx(&dir.join("model-policy.docx")) else {
        return;
    };
    assert_eq!(
        para_with(&doc, "designated safeguarding lead is")["text"],
        "The designated safeguarding lead is </w:t></w:r><w:r><w:t>Injected. See the reporting guide."
    );
    let text = all_text(&doc);
    assert!(
        text.contains("<script>alert(1)</script> **bold** _x_ takes"),
        "{text}"
    );
    assert!(text.contains("{{ name }} # not a heading"), "{text}");
}

#[test]
fn undeclared_placeholders_and_placeholders_outside_policies_are_errors() {
    let site = fixture("policies");
    let policy = site.path().join("content/policies/model-policy.md");
    let text = std::fs::read_to_string(&policy).unwrap();
    std::fs::write(
        &policy,
        text.replace("## Roles", "## Roles\n\nOur head is {{ head_teacher }}."),
    )
    .unwrap();
    common::write(
        site.path(),
        "content/guide.md",
        "---\ntitle: Reporting guide\nkind: guide\n---\n\n## How to report\n\nAsk {{ dsl }}.\n",
    );
    let o = run(site.path(), &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("the placeholder `{{ head_teacher }}` is not declared"),
        "{err}"
    );
    assert!(
        err.contains("content/policies/model-policy.md:18:13"),
        "{err}"
    );
    assert!(
        err.contains("`{{ dsl }}` is a placeholder, but this page is not a policy or AUP"),
        "{err}"
    );
    assert!(err.contains("content/guide.md:8:5"), "{err}");
    assert!(!site.path().join("public").exists());

    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--out",
            "out",
            "policies/model-policy.md",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("`{{ head_teacher }}` is not declared"));
    assert!(!site.path().join("out").exists());
}

#[test]
fn profile_dates_must_be_real_dates_and_are_written_in_words() {
    let site = fixture("policies");
    common::write(
        site.path(),
        "profiles/bad-dates.yaml",
        "name: Oak Hill\ndsl: Ms A Patel\nadopted_date: 14/10/2026\nreview_date: soon\nfiltering_provider: X\n",
    );
    let o = run(
        site.path(),
        &[
            "adapt",
            "--profile",
            "profiles/bad-dates.yaml",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("`adopted_date` is `14/10/2026`, which is not a date written as YYYY-MM-DD"),
        "{err}"
    );
    assert!(err.contains("profiles/bad-dates.yaml:3:1"), "{err}");
    assert!(err.contains("`adopted_date: 2026-10-14`"), "{err}");
    // review_date is not declared as a date in this site: any text is fine.
    assert!(!err.contains("`review_date` is"), "{err}");
    assert!(!site.path().join("out").exists());

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
    assert!(o.status.success(), "{}", stderr(&o));
    let dir = site.path().join("out/complete");
    assert!(read(&dir, "student-aup.md").contains("Agreed on 14 October 2026."));
    assert!(read(&dir, "student-aup.html").contains(">14 October 2026</span>"));
}

#[test]
fn init_profile_lists_the_keys_documents_use_and_adapt_then_needs_nothing_else() {
    let site = fixture("policies");
    let o = run(
        site.path(),
        &[
            "adapt",
            "--init-profile",
            "profiles/new.yaml",
            "policies/pupil-aup.md",
            "policies/student-aup.md",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let text = read(site.path(), "profiles/new.yaml");
    assert!(text.contains("# Date adopted\n# When the governors approved it\n# A date: YYYY-MM-DD\n# Used by: policies/student-aup.md\nadopted_date: \"\"\n"), "{text}");
    assert!(
        text.contains("# Used by: policies/pupil-aup.md, policies/student-aup.md\nname: \"\""),
        "{text}"
    );
    let keys: serde_yaml::Mapping = serde_yaml::from_str(&text).expect("the profile is YAML");
    let keys: Vec<&str> = keys.keys().filter_map(|k| k.as_str()).collect();
    // Only what these two documents use: not the model policy's filtering provider.
    assert_eq!(keys, ["documents", "name", "dsl", "adopted_date"]);
    // The profile remembers its documents.
    assert!(
        text.contains(
            "documents:\n  - \"policies/pupil-aup.md\"\n  - \"policies/student-aup.md\"\n"
        ),
        "{text}"
    );

    // An existing file is never replaced.
    let o = run(
        site.path(),
        &["adapt", "--init-profile", "profiles/new.yaml"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));

    // Filled in, the profile adapts those documents with no missing values and no warnings.
    let filled = text
        .replace("name: \"\"", "name: \"Oak Hill\"")
        .replace("dsl: \"\"", "dsl: \"Ms A Patel\"")
        .replace("adopted_date: \"\"", "adopted_date: \"2026-10-14\"");
    common::write(site.path(), "profiles/new.yaml", &filled);
    // No documents named: the profile's own are adapted, and only those.
    let o = run(
        site.path(),
        &["adapt", "--profile", "profiles/new.yaml", "--out", "out"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let written: Vec<String> = common::files(&site.path().join("out/new"))
        .into_keys()
        .filter(|n| n.ends_with(".docx"))
        .collect();
    assert_eq!(written, ["pupil-aup.docx", "student-aup.docx"]);
}
