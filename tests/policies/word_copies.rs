//! The Word copy built with the site: highlighted blanks, headers, footers, properties and one
//! signature section.

use super::*;

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
