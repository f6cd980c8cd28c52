//! Training records for each bundled pack (issue #33): an attendance register, an evaluation
//! form with its CSV template, and a certificate of attendance, in the brand, linked from the
//! pack's page; the CSV's cells cannot run as spreadsheet formulas.

mod common;

#[test]
fn every_bundled_pack_has_a_register_an_evaluation_form_and_a_certificate() {
    let site = common::bundled_site();
    // A session title a spreadsheet would run as a formula, to see the CSV write it as text.
    let module = site
        .path()
        .join("content/training/staff-awareness/index.md");
    let text = std::fs::read_to_string(&module).expect("module");
    std::fs::write(
        &module,
        text.replacen(
            "title: Online safety for all staff",
            "title: \"@Home: online safety for all staff\"",
            1,
        ),
    )
    .expect("write module");
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).expect("site.yaml");
    common::write(
        site.path(),
        "site.yaml",
        &format!("{yaml}\nbrand:\n  colour: \"#6b2c91\"\n"),
    );
    let out = tempfile::tempdir().expect("out");
    common::build_ok(site.path(), &["--output", &out.path().to_string_lossy()]);

    for id in ["staff-awareness", "parents-evening", "online-safety-lead"] {
        let pack_page = common::read(out.path(), &format!("packs/{id}/index.html"));
        let register = common::read(out.path(), &format!("packs/{id}/register/index.html"));
        let evaluation = common::read(out.path(), &format!("packs/{id}/evaluation/index.html"));
        let certificate = common::read(out.path(), &format!("packs/{id}/certificate/index.html"));
        for (name, html) in [
            ("register", &register),
            ("evaluation", &evaluation),
            ("certificate", &certificate),
        ] {
            assert!(
                pack_page.contains(&format!("/packs/{id}/{name}/")),
                "{id}: the pack's page does not link its {name}"
            );
            assert!(
                html.contains("--accent:#6b2c91"),
                "{id} {name}: not in the brand"
            );
            assert!(
                html.contains("Anytown Safeguarding Children Partnership"),
                "{id} {name}: no partnership name"
            );
        }
        // The register: the session's fields and rows to sign.
        for field in [
            "Date",
            "Trainer",
            "Venue",
            "Name",
            "Role",
            "Organisation",
            "Signature",
        ] {
            assert!(register.contains(field), "{id} register: no {field}");
        }
        assert!(register.matches("<tr>").count() >= 30, "{id}: too few rows");
        // The evaluation form: before and now for each objective, and the three questions.
        for q in ["Before", "Now", "most useful", "do differently", "comments"] {
            assert!(evaluation.contains(q), "{id} evaluation: no {q}");
        }
        // The certificate: a blank name line, and the form that makes one per name.
        assert!(certificate.contains("name-slot") && certificate.contains("names-form"));

        let csv = std::fs::read(out.path().join(format!("packs/{id}/{id}-evaluation.csv")))
            .expect("evaluation CSV");
        let mut reader = csv::Reader::from_reader(&csv[3..]);
        let header: Vec<String> = reader
            .headers()
            .expect("header")
            .iter()
            .map(str::to_string)
            .collect();
        assert!(header.len() >= 9, "{id}: {header:?}");
        assert!(
            header.iter().any(|h| h.contains("confidence before")),
            "{id}: {header:?}"
        );
        assert!(
            csv.starts_with("\u{feff}".as_bytes()),
            "{id}: no byte order mark"
        );
        let first = reader.records().next().expect("a row").expect("row");
        if id == "staff-awareness" {
            // Written as text: a leading apostrophe stops a spreadsheet running it.
            assert_eq!(&first[0], "'@Home: online safety for all staff");
        } else {
            assert!(
                !first[0].is_empty() && !first[0].starts_with('\''),
                "{id}: {first:?}"
            );
        }
    }
}
