//! Every kind of HTML safeguide publishes is valid HTML by the W3C's Nu Html Checker (vnu.jar from
//! the `vnu-jar` npm package in tests/tools, run by Debian's Java on local files, offline): the
//! bundled site (pages, tags, search, report, 404, policies with their fill-in forms, pack
//! documents and present decks), a Welsh and English site, a site of special packs and policies,
//! adapted copies, the governance report and the returns report; and the theme's stylesheets.

mod common;

use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// The checker's jar (SAFEGUIDE_VNU overrides it), when it and a Java runtime are installed.
/// Locally a missing one skips the test with a note; in CI it fails it.
fn checker() -> Option<PathBuf> {
    let jar = std::env::var_os("SAFEGUIDE_VNU").map_or_else(
        || repo_root().join("tests/tools/node_modules/vnu-jar/build/dist/vnu.jar"),
        PathBuf::from,
    );
    let java = Command::new("java").arg("-version").output();
    let missing = match (jar.exists(), java.is_ok_and(|o| o.status.success())) {
        (true, true) => return Some(jar),
        (false, _) => "the Nu Html Checker (npm ci --prefix tests/tools)",
        (true, false) => "a Java runtime (apt-get install default-jre-headless)",
    };
    assert!(!in_ci(), "HTML validity needs {missing} in CI");
    eprintln!("note: skipping HTML validity: {missing} is not installed");
    None
}

/// Every file under `dir` whose name ends in `.ext`, in order.
fn files_ending(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == ext))
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Runs `safeguide <args>` in `root` and panics with its messages unless it exits with `code`.
fn run_expecting(root: &Path, args: &[&str], code: i32) {
    let o = run(root, args);
    assert_eq!(
        o.status.code(),
        Some(code),
        "safeguide {args:?}:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
}

/// The HTML of every kind safeguide writes, in temporary folders kept alive with it.
struct Outputs {
    _dirs: Vec<tempfile::TempDir>,
    files: Vec<PathBuf>,
}

fn outputs() -> Outputs {
    let mut dirs = Vec::new();
    let mut files = Vec::new();
    let must_have = |files: &[PathBuf], root: &Path, rel: &str| {
        assert!(
            files.iter().any(|f| f.starts_with(root.join(rel))),
            "nothing to check at {rel} in {}",
            root.display()
        );
    };

    // The bundled site: every page kind, its packs and decks; its governance report; adapted
    // copies of every model policy for the example school.
    let bundled = bundled_site();
    let r = bundled.path();
    build_ok(r, &[]);
    run_expecting(r, &["check", "--report", "governance.html"], 0);
    run_expecting(
        r,
        &[
            "adapt",
            "--profile",
            "profiles/oak-hill-primary.yaml",
            // The school leaves the settings' blanks empty: labelled blank lines are HTML too.
            "--allow-blanks",
            "--format",
            "html",
            "--out",
            "adapted",
        ],
        0,
    );
    let mut found = files_ending(r, "html");
    for rel in [
        "public/index.html",
        "public/404.html",
        "public/tags/",
        "public/search/index.html",
        "public/report/index.html",
        "public/policies/",
        "public/audits/",
        "public/glossary/",
        "public/packs/staff-awareness/participant/",
        "public/packs/staff-awareness/present/",
        "public/packs/staff-awareness/register/",
        "governance.html",
        "adapted/",
    ] {
        must_have(&found, r, rel);
    }
    assert!(
        found
            .iter()
            .any(|f| std::fs::read_to_string(f).is_ok_and(|h| h.contains("data-fill-in"))),
        "no policy with a fill-in form"
    );
    files.append(&mut found);
    // The theme's stylesheets, the same in every site, checked once.
    let mut css = files_ending(&r.join("public"), "css");
    assert!(css.len() >= 3, "stylesheets: {css:?}");
    files.append(&mut css);
    dirs.push(bundled);

    // A Welsh-first site on the bundled pack, with English beside it, and its report.
    let welsh = tempfile::tempdir().expect("temp dir");
    let r = welsh.path();
    write(
        r,
        "site.yaml",
        "title: Bwrdd Diogelu Enghreifftiol\nbase_url: https://diogelu.example.test/\nbase: default\n\
         nation: wales\nlanguages: [cy, en-GB]\n",
    );
    build_ok(r, &[]);
    run_expecting(r, &["check", "--report", "governance.html"], 0);
    let mut found = files_ending(r, "html");
    must_have(&found, r, "public/en-gb/");
    must_have(&found, r, "governance.html");
    files.append(&mut found);
    dirs.push(welsh);

    // Packs of every item kind (training, handouts, policies, audits) with images and notes.
    let packs = fixture("packs");
    build_ok(packs.path(), &[]);
    let mut found = files_ending(packs.path(), "html");
    must_have(&found, packs.path(), "public/packs/session/facilitator/");
    files.append(&mut found);
    dirs.push(packs);

    // Model policies with dated placeholders, and their copies adapted from a complete profile.
    let policies = fixture("policies");
    let r = policies.path();
    build_ok(r, &[]);
    run_expecting(
        r,
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--format",
            "html",
            "--out",
            "adapted",
        ],
        0,
    );
    let mut found = files_ending(r, "html");
    must_have(&found, r, "adapted/");
    files.append(&mut found);
    dirs.push(policies);

    // A partnership's report on a round of audit returns, with an earlier round to compare.
    let returns = fixture("returns");
    let r = returns.path();
    // Exit 1: some returns in the fixture are broken on purpose; the report is written anyway.
    run_expecting(
        r,
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
        1,
    );
    let mut found = files_ending(r, "html");
    must_have(&found, r, "round-2026-report.html");
    files.append(&mut found);
    dirs.push(returns);

    Outputs { _dirs: dirs, files }
}

/// Each error of the checker: the file, line and column, the message and the text around it.
fn errors(report: &str) -> Vec<String> {
    let json: serde_json::Value = serde_json::from_str(report)
        .unwrap_or_else(|e| panic!("the checker's report is not JSON ({e}):\n{report}"));
    let messages = json["messages"].as_array().expect("messages");
    messages
        .iter()
        // --errors-only leaves errors and fatal errors ("error", subType "fatal") and failures to
        // read a file ("non-document-error"): all of them fail the test.
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = m["url"].as_str().unwrap_or("?").trim_start_matches("file:");
            let line = m["lastLine"].as_u64().unwrap_or(0);
            // Pages are minified to a line or two: the column finds the place.
            let column = m["firstColumn"]
                .as_u64()
                .or(m["lastColumn"].as_u64())
                .unwrap_or(0);
            let text = m["message"].as_str().unwrap_or("?");
            let extract = m["extract"].as_str().unwrap_or("").replace('\n', " ");
            format!("{file}:{line}:{column}: {text}\n    {extract}")
        })
        .collect()
}

/// Runs the checker (with `args`) once over `files` and a canary file holding a known error,
/// proof that errors are seen and read. Returns every error in `files`.
fn check(jar: &Path, args: &[&str], files: &[PathBuf], canary: (&str, &str)) -> Vec<String> {
    let canary_dir = tempfile::tempdir().expect("temp dir");
    let canary_file = canary_dir.path().join(canary.0);
    std::fs::write(&canary_file, canary.1).expect("write canary");
    // One run over all the files: the checker's start-up is most of its time.
    let o = Command::new("java")
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json"])
        .args(args)
        .args(files)
        .arg(&canary_file)
        .output()
        .expect("run the Nu Html Checker");
    let report = String::from_utf8_lossy(&o.stderr);
    let (canary_errors, errors): (Vec<String>, Vec<String>) = errors(&report)
        .into_iter()
        .partition(|e| e.contains(canary.0));
    assert!(
        !canary_errors.is_empty(),
        "the checker found no error in {}: {report}",
        canary.1
    );
    // It exits 1 for the canary's error; anything else is a crash.
    assert_eq!(o.status.code(), Some(1), "the checker failed: {report}");
    errors
}

#[test]
fn every_kind_of_html_safeguide_writes_passes_the_nu_html_checker() {
    let Some(jar) = checker() else {
        return;
    };
    let out = outputs();
    let (css, html): (Vec<PathBuf>, Vec<PathBuf>) = out
        .files
        .iter()
        .cloned()
        .partition(|f| f.extension().is_some_and(|x| x == "css"));
    assert!(html.len() > 200, "only {} HTML files", html.len());
    let mut errors = check(
        &jar,
        &[],
        &html,
        (
            "canary.html",
            "<!doctype html><html lang=en><title>x</title><ul><p>x</ul>",
        ),
    );
    // Stylesheets in a run of their own: with --also-check-css the checker (26.9.27) counts an
    // HTML file's lines from 0, so its lines would be off by one.
    errors.extend(check(&jar, &["--css"], &css, ("canary.css", "p{colr:red}")));
    assert!(
        errors.is_empty(),
        "{} errors in {} files:\n{}",
        errors.len(),
        out.files.len(),
        errors.join("\n")
    );
}
