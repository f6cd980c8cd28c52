//! Model policies: the Word copy built with the site, `safeguide adapt` in every format, missing
//! values, undeclared placeholders and values that try to become markup.
//!
//! .docx files are opened with python-docx (`python3 -m pip install python-docx`), a real reader.

mod common;
mod docx_reader;

use common::{build_ok, fixture, read, run, stderr, stdout};
use docx_reader::read_docx;
use serde_json::Value;

fn paragraphs(doc: &Value) -> &Vec<Value> {
    doc["paragraphs"].as_array().expect("paragraphs")
}

fn para_with<'a>(doc: &'a Value, needle: &str) -> &'a Value {
    paragraphs(doc)
        .iter()
        .find(|p| p["text"].as_str().unwrap_or("").contains(needle))
        .unwrap_or_else(|| panic!("no paragraph with {needle:?} in {doc}"))
}

fn styles_of<'a>(doc: &'a Value, style: &str) -> Vec<&'a str> {
    paragraphs(doc)
        .iter()
        .filter(|p| p["style"] == style)
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect()
}

fn highlighted(doc: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut cells_runs = Vec::new();
    for p in paragraphs(doc) {
        cells_runs.extend(p["runs"].as_array().into_iter().flatten());
    }
    for r in cells_runs {
        if r["highlight"]
            .as_str()
            .is_some_and(|h| h.starts_with("YELLOW"))
        {
            out.push(r["text"].as_str().unwrap_or("").to_string());
        }
    }
    out
}

fn all_text(doc: &Value) -> String {
    let mut text: Vec<String> = paragraphs(doc)
        .iter()
        .map(|p| p["text"].as_str().unwrap_or("").to_string())
        .collect();
    for t in doc["tables"].as_array().into_iter().flatten() {
        for row in t.as_array().into_iter().flatten() {
            for c in row.as_array().into_iter().flatten() {
                text.push(c.as_str().unwrap_or("").to_string());
            }
        }
    }
    text.join("\n")
}

#[test]
fn build_links_a_word_copy_of_each_policy_with_highlighted_blanks() {
    let site = fixture("policies");
    build_ok(site.path(), &[]);
    let html = read(site.path(), "public/policies/model-policy/index.html");
    assert!(
        html.contains("/policies/model-policy/model-policy.docx"),
        "{html}"
    );
    assert!(html.contains("data-placeholder-form"), "{html}");
    assert!(html.contains("/policy.js"), "{html}");
    // Without JavaScript the form stays hidden and the blanks show.
    let details = &html[html.find("<details").expect("fill-in panel")..];
    let details = &details[..details.find('>').unwrap()];
    assert!(
        details.contains("data-fill-in") && details.contains("hidden"),
        "{details}"
    );
    assert!(html.contains("placeholder blank"), "{html}");
    assert!(site.path().join("public/policy.js").is_file());
    let guide = read(site.path(), "public/guide/index.html");
    assert!(!guide.contains(".docx") && !guide.contains("data-placeholder-form"));
    assert!(!site.path().join("public/guide/guide.docx").exists());

    let docx = site
        .path()
        .join("public/policies/model-policy/model-policy.docx");
    let aup = site.path().join("public/policies/pupil-aup/pupil-aup.docx");
    assert!(aup.is_file());
    let Some(doc) = read_docx(&docx) else { return };
    assert_eq!(styles_of(&doc, "Heading 1"), ["Model online safety policy"]);
    // The document's sections, then its one approval section (as on the web page).
    assert_eq!(styles_of(&doc, "Heading 2"), ["Roles", "Approved"]);
    assert_eq!(styles_of(&doc, "Heading 3"), ["Review"]);
    let blanks = highlighted(&doc);
    for label in [
        "[Name of the school]",
        "[Designated safeguarding lead]",
        "[Filtering provider]",
        "[Next review date]",
    ] {
        assert!(blanks.iter().any(|b| b == label), "{label} in {blanks:?}");
    }
    // Lists: numbered and bulleted paragraphs use Word numbering.
    assert!(para_with(&doc, "First numbered step")["numbered"] == true);
    assert!(para_with(&doc, "Another bullet")["numbered"] == true);
    assert!(para_with(&doc, "takes online safety")["numbered"] == false);
    let intro = para_with(&doc, "takes online safety");
    let runs = intro["runs"].as_array().expect("runs");
    assert!(runs
        .iter()
        .any(|r| r["text"] == "very seriously" && r["bold"] == true));
    assert!(runs
        .iter()
        .any(|r| r["text"] == "always" && r["italic"] == true));
    // Site links become full addresses; the callout keeps its title.
    assert_eq!(
        para_with(&doc, "reporting guide")["links"][0],
        "https://safe.example.org/guide/#how-to-report"
    );
    assert!(para_with(&doc, "Note")["runs"][0]["bold"] == true);
    // Tables, with blanks inside cells.
    let table = &doc["tables"][0];
    assert_eq!(table[0][0], "Role");
    assert_eq!(table[1][1], "[Designated safeguarding lead]");
    // Placeholder syntax inside code is text, as on the web page.
    assert!(all_text(&doc).contains("{{ name }}"));

    let Some(aup) = read_docx(&aup) else { return };
    assert!(styles_of(&aup, "Heading 2").contains(&"Signed"));
    assert_eq!(aup["tables"][0][1][0], "Signature");
}

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

/// Text of every header paragraph.
fn header_text(doc: &Value) -> Vec<&str> {
    doc["header"]
        .as_array()
        .expect("header")
        .iter()
        .map(|p| p["text"].as_str().unwrap_or(""))
        .collect()
}

#[test]
fn every_word_copy_has_header_footer_properties_and_one_signature_section() {
    let site = fixture("policies");
    build_ok(site.path(), &[]);
    let built = site
        .path()
        .join("public/policies/student-aup/student-aup.docx");
    // The script the fill-in form loads to make a filled Word copy in the browser.
    let template = read(
        site.path(),
        "public/policies/student-aup/student-aup.docx.js",
    );
    assert!(
        template.starts_with("window.safeguideDocxTemplate={"),
        "{}",
        &template[..80.min(template.len())]
    );
    assert!(template.contains("\"adopted_date\":{\"date\":true,\"label\":\"Date adopted\"}"));
    let page = read(site.path(), "public/policies/student-aup/index.html");
    assert!(
        page.contains("Download Word copy with these details"),
        "{page}"
    );
    assert!(
        page.contains("type=\"date\"") || page.contains("type=date"),
        "{page}"
    );

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
    let adapted = site.path().join("out/complete/student-aup.docx");

    let Some(model) = read_docx(&built) else {
        return;
    };
    let doc = read_docx(&adapted).expect("python-docx read the first copy");
    for (copy, org) in [
        (&model, "[Name of the school]"),
        (&doc, "Oak Hill Primary School"),
    ] {
        assert_eq!(header_text(copy), [org], "{}", copy["header"]);
        assert_eq!(
            copy["footer_fields"],
            serde_json::json!(["PAGE", "NUMPAGES"])
        );
        assert_eq!(
            copy["properties"]["title"],
            "Student acceptable use agreement"
        );
        assert_eq!(copy["properties"]["created"], "2026-10-01T00:00:00+00:00");
        assert_eq!(copy["properties"]["modified"], "2026-10-01T00:00:00+00:00");
        // One signature section: a heading, a heading per signer, a table of lines each.
        assert_eq!(
            styles_of(copy, "Heading 2")
                .iter()
                .filter(|h| **h == "Signatures")
                .count(),
            1
        );
        assert_eq!(
            styles_of(copy, "Heading 3"),
            ["Student", "Parent or carer", "For the school"]
        );
        let tables = copy["tables"].as_array().unwrap();
        assert_eq!(tables.len(), 3);
        assert_eq!(tables[0][1][0], "Tutor group");
        assert_eq!(tables[2][1][0], "Role");
        // Word keeps the section on one page: rows never split, headings keep with what follows.
        assert_eq!(
            copy["tables_cant_split"],
            serde_json::json!([true, true, true])
        );
        assert!(para_with(copy, "Student")["keep_with_next"] == true);
        assert!(para_with(copy, "My devices")["keep_with_next"] == true);
        assert_eq!(
            para_with(copy, "Version 3.1, updated 1 October 2026")["style"],
            "Subtitle"
        );
    }
    // The model's footer names the model; the adopted copy's gives its own dates too.
    assert_eq!(
        model["footer"][0],
        "Student acceptable use agreement — Version 3.1, updated 1 October 2026 — Page 1 of 1"
    );
    assert_eq!(
        doc["footer"][0],
        "Student acceptable use agreement — Version 3.1, updated 1 October 2026 — Adopted 14 October 2026 — Review by 2027-09-01 — Page 1 of 1"
    );
    assert_eq!(
        paragraphs(&doc).last().expect("a paragraph")["text"],
        "Based on the Testshire Safeguarding Partnership model, version 3.1."
    );
    assert!(!all_text(&model).contains("Based on the"));
    // Without an organisation the author is the site; with one, the organisation.
    assert_eq!(
        model["properties"]["author"],
        "Testshire Safeguarding Partnership"
    );
    assert_eq!(doc["properties"]["author"], "Oak Hill Primary School");
    assert!(highlighted(&model).contains(&"[Name of the school]".to_string()));
    // A date placeholder is written in words.
    assert!(
        all_text(&doc).contains("Agreed on 14 October 2026."),
        "{}",
        all_text(&doc)
    );
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
