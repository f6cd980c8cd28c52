//! Hardening, round 2 (issue 39): the read rule, the write rule, the URL rule and the CSV cell
//! rule, each case of the issue run against the real binary in a temporary folder with a canary
//! file outside the site whose text must never appear in any output or message.

#![cfg(unix)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

const CANARY: &str = "CANARY-7f3a-OUTSIDE-THE-SITE";

/// A temporary tree: `site/` (a copy of a fixture) and `outside/secret.txt` (the canary).
struct Tree {
    _dir: tempfile::TempDir,
    site: PathBuf,
    outside: PathBuf,
}

fn tree(fixture_name: &str) -> Tree {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    copy_dir(
        &repo_root().join("tests/fixtures").join(fixture_name),
        &site,
    );
    let outside = dir.path().join("outside");
    write(&outside, "secret.txt", &format!("{CANARY}\n"));
    write(&outside, "secret.yaml", &format!("title: {CANARY}\n"));
    Tree {
        site: site.canonicalize().expect("canonical"),
        outside: outside.canonicalize().expect("canonical"),
        _dir: dir,
    }
}

fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    let _ = std::fs::remove_file(link);
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

fn mkfifo(path: &Path) {
    let _ = std::fs::remove_file(path);
    let o = Command::new("mkfifo").arg(path).output().expect("mkfifo");
    assert!(o.status.success(), "mkfifo {}", path.display());
}

/// Every file under `dir` whose bytes hold the canary.
fn files_with_canary(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path())
                .map(|b| String::from_utf8_lossy(&b).contains(CANARY))
                .unwrap_or(false)
        })
        .map(|e| e.path().to_path_buf())
        .collect()
}

fn assert_no_canary(t: &Tree, o: &Output) {
    let said = format!("{}{}", stdout(o), stderr(o));
    assert!(!said.contains(CANARY), "the canary was printed:\n{said}");
    assert!(!said.contains("panicked"), "{said}");
    let leaked = files_with_canary(&t.site);
    assert!(leaked.is_empty(), "the canary was written to {leaked:?}");
}

#[test]
fn linked_site_files_are_refused_and_never_printed() {
    for rel in ["site.yaml", "frameworks.yaml", "i18n/en-GB.yaml"] {
        let t = tree("good");
        symlink(&t.outside.join("secret.yaml"), &t.site.join(rel));
        let o = run_limited(&t.site, &["build"]);
        assert_ne!(o.status.code(), Some(0), "{rel}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("leads outside its folder"),
            "{rel}: {}",
            stderr(&o)
        );
        assert!(stderr(&o).contains(rel), "{rel}: {}", stderr(&o));
        assert_no_canary(&t, &o);
    }
}

#[test]
fn pipes_and_devices_in_place_of_site_files_never_hang_the_build() {
    let t = tree("good");
    mkfifo(&t.site.join("frameworks.yaml"));
    let o = run_limited(&t.site, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));

    let t = tree("good");
    mkfifo(&t.site.join("site.yaml"));
    let o = run_limited(&t.site, &["check"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("named pipe"), "{}", stderr(&o));

    // /dev/zero reached through a link: outside the site, refused before it is opened.
    let t = tree("good");
    symlink(Path::new("/dev/zero"), &t.site.join("i18n/en.yaml"));
    let o = run_limited(&t.site, &["build"]);
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("i18n/en.yaml"), "{}", stderr(&o));
}

#[test]
fn a_language_that_is_a_path_reads_nothing_outside() {
    let t = tree("good");
    // `language: ../outside/secret` would have read <site>/i18n/../outside/secret.yaml.
    let yaml =
        read(&t.site, "site.yaml").replace("language: en-GB", "language: ../../outside/secret");
    write(&t.site, "site.yaml", &yaml);
    let o = run_limited(&t.site, &["build"]);
    assert_no_canary(&t, &o);
}

#[test]
fn adapt_never_inlines_a_linked_stylesheet() {
    let t = tree("policies");
    symlink(
        &t.outside.join("secret.txt"),
        &t.site.join("static/style.css"),
    );
    let o = run_limited(
        &t.site,
        &[
            "adapt",
            "--profile",
            "profiles/complete.yaml",
            "--out",
            "../adapted",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let adapted = t.site.parent().expect("parent").join("adapted");
    assert!(adapted.is_dir());
    assert!(files_with_canary(&adapted).is_empty());
    assert_no_canary(&t, &o);
}

/// A site standing on a base, with one page to override.
fn layered() -> Tree {
    let t = tree("good");
    let base = t.site.parent().expect("parent").join("base");
    std::fs::rename(&t.site, &base).expect("move the fixture to base/");
    write(
        &t.site,
        "site.yaml",
        "base: ../base\ntitle: Thin site\nbase_url: https://thin.example.test/\n",
    );
    t
}

fn file_text(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok()
}

#[test]
fn override_never_writes_through_a_link() {
    // The target itself a dangling link out of the site.
    let t = layered();
    let victim = t.outside.join("victim.md");
    symlink(&victim, &t.site.join("content/parents/gaming.md"));
    let o = run_limited(&t.site, &["override", "content/parents/gaming.md"]);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!victim.exists(), "created a file outside the site");

    // A folder on the way linked out of the site.
    let t = layered();
    symlink(&t.outside, &t.site.join("content/parents"));
    let o = run_limited(&t.site, &["override", "content/parents/gaming.md"]);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(!t.outside.join("gaming.md").exists());

    // .safeguide/base linked out: the base's text is not stored through it.
    let t = layered();
    symlink(&t.outside, &t.site.join(".safeguide/base"));
    let before = std::fs::read_dir(&t.outside).expect("list").count();
    let o = run_limited(&t.site, &["override", "content/parents/gaming.md"]);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(std::fs::read_dir(&t.outside).expect("list").count(), before);
    assert_eq!(
        file_text(&t.outside.join("secret.txt")).as_deref(),
        Some(format!("{CANARY}\n").as_str())
    );
}

#[test]
fn diff_never_shows_a_linked_base_text() {
    let t = layered();
    let o = run_limited(&t.site, &["override", "content/parents/gaming.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = read(&t.site, "content/parents/gaming.md");
    let version = copy
        .lines()
        .find_map(|l| l.strip_prefix("based_on: "))
        .expect("based_on")
        .to_string();
    // The base moves on, and the kept text is swapped for a link to the canary.
    let base_page = t
        .site
        .parent()
        .expect("parent")
        .join("base/content/parents/gaming.md");
    let moved = std::fs::read_to_string(&base_page).expect("base page") + "\nA new line.\n";
    std::fs::write(&base_page, moved).expect("write");
    symlink(
        &t.outside.join("secret.txt"),
        &t.site.join(".safeguide/base").join(&version),
    );
    let o = run_limited(&t.site, &["diff"]);
    assert_no_canary(&t, &o);
    assert!(stdout(&o).contains("was not kept"), "{}", stdout(&o));
}

#[test]
fn no_output_goes_into_a_bases_sources() {
    let t = layered();
    let o = run_limited(&t.site, &["build", "--output", "../base/static/pub"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("static/ folder"), "{}", stderr(&o));
    assert!(!t.site.join("../base/static/pub").exists());

    let o = run_limited(
        &t.site,
        &["check", "--report", "../base/content/report.html"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!t.site.join("../base/content/report.html").exists());
}

#[test]
fn pack_file_names_must_be_url_segments() {
    let t = tree("packs");
    let session = read(&t.site, "packs/session.yaml");
    write(&t.site, "packs/%2e%2e.yaml", &session);
    let o = run_limited(&t.site, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("`%2e%2e.yaml` cannot be a web address"),
        "{err}"
    );
}

#[test]
fn a_static_file_may_not_replace_a_generated_page() {
    let t = tree("packs");
    write(&t.site, "static/index.html", "<script>alert(1)</script>");
    write(&t.site, "static/sitemap.xml", "<urlset/>");
    let o = run_limited(&t.site, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("static/index.html would be published as /index.html, where the site writes the page content/_index.md"),
        "{err}"
    );
    assert!(
        err.contains("static/sitemap.xml would be published"),
        "{err}"
    );
}

#[test]
fn a_framework_url_that_runs_script_is_an_error_and_never_a_link() {
    let t = tree("good");
    write(
        &t.site,
        "frameworks.yaml",
        "frameworks:\n  - id: kcsie-2025\n    title: Keeping children safe in education\n    edition: \"2025\"\n    in_force_from: 2025-09-01\n    url: javascript:alert(document.domain)\n",
    );
    let o = run_limited(&t.site, &["check", "--report", "../governance.html"]);
    let err = stderr(&o);
    assert!(err.contains("`javascript:` address"), "{err}");
    assert!(err.contains("frameworks.yaml:6"), "{err}");
    let report = t.site.parent().expect("parent").join("governance.html");
    if let Some(html) = file_text(&report) {
        assert!(
            !html.contains("javascript:alert"),
            "the report links to script"
        );
    }
}

#[test]
fn a_base_that_is_a_number_or_a_long_chain_gets_a_clear_error() {
    let t = tree("good");
    let yaml = read(&t.site, "site.yaml");
    write(&t.site, "site.yaml", &format!("base: 2026\n{yaml}"));
    let o = run_limited(&t.site, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("the base `2026`"), "{}", stderr(&o));

    // 40 sites, each on the next through a relative path: an error at the 17th, no overflow.
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..40 {
        let next = if i < 39 {
            format!("base: ../s{}\n", i + 1)
        } else {
            String::new()
        };
        write(
            dir.path(),
            &format!("s{i}/site.yaml"),
            &format!("{next}title: S{i}\nbase_url: https://s.example.test/\n"),
        );
    }
    let o = run_limited(&dir.path().join("s0"), &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("more than 16 bases"), "{err}");
    assert!(
        !err.contains("no site.yaml") && !err.contains("overflow"),
        "{err}"
    );
}

#[test]
fn profile_values_with_control_characters_are_refused() {
    let t = tree("policies");
    let profile = read(&t.site, "profiles/complete.yaml");
    let (first, rest) = profile.split_once('\n').expect("a line");
    let key = first.split(':').next().expect("a key");
    write(
        &t.site,
        "profiles/odd.yaml",
        &format!("{key}: \"Oak\\u0000Hill\\uE000\"\n{rest}"),
    );
    let o = run_limited(
        &t.site,
        &[
            "adapt",
            "--profile",
            "profiles/odd.yaml",
            "--out",
            "../adapted",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("U+0000"), "{}", stderr(&o));
    assert!(stderr(&o).contains("profiles/odd.yaml:1"), "{}", stderr(&o));
}

/// A return of `rows` rows, every one a problem (an unknown question and a bad answer).
fn problem_return(dir: &Path, rows: usize) {
    let mut csv = String::from("\"Audit\",\"Audit version\",\"Audit date\",\"Organisation\",\"Organisation type\",\"Completed by\",\"Date completed\",\"Question id\",\"Number\",\"Section\",\"Question\",\"Answer\",\"Evidence and actions\"\n");
    for i in 0..rows {
        csv.push_str(&format!("\"audits/review\",\"2\",\"2026-11-01\",\"Oak Hill\",\"School\",\"Ms A\",\"2026-11-28\",\"nope-{i}\",\"1\",\"Policy\",\"Q?\",\"Maybe\",\"Evidence for the row\"\n"));
    }
    write(dir, "big.csv", &csv);
}

#[test]
fn returns_cost_grows_in_step_with_problem_rows() {
    let t = tree("returns");
    let mut took = Vec::new();
    for (name, rows) in [("small", 2_000), ("large", 8_000)] {
        problem_return(&t.site.join(name), rows);
        let started = std::time::Instant::now();
        let o = run_limited(&t.site, &["returns", name, "--audit", "review"]);
        took.push(started.elapsed().as_secs_f64());
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        // Every row is named at its own line, the last one too.
        assert!(
            stderr(&o).contains(&format!("big.csv:{}:", rows + 1)),
            "{name}"
        );
    }
    // Four times the rows: about four times the time (quadratic work took sixteen times).
    assert!(
        took[1] < 10.0 * took[0] + 2.0,
        "2,000 rows took {:.1} s, 8,000 took {:.1} s",
        took[0],
        took[1]
    );
}

#[test]
fn an_expected_list_entry_that_is_not_a_name_is_an_error() {
    let t = tree("returns");
    write(
        &t.site,
        "odd-expected.yaml",
        "- Oak Hill Primary School\n- [a, list]\n- 2026\n",
    );
    let o = run_limited(
        &t.site,
        &[
            "returns",
            "round-2026",
            "--audit",
            "review",
            "--expected",
            "odd-expected.yaml",
        ],
    );
    let err = stderr(&o);
    assert_ne!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("entry 2 of the expected list"), "{err}");
    assert!(!err.contains("entry 3"), "a number is a name: {err}");
}

#[test]
fn the_logo_url_is_percent_encoded() {
    let t = tree("good");
    write(
        &t.site,
        "static/a#b.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let yaml = read(&t.site, "site.yaml");
    write(
        &t.site,
        "site.yaml",
        &format!("{yaml}\nbrand:\n  logo: static/a#b.svg\n"),
    );
    build_ok(&t.site, &[]);
    let home = read(&t.site, "public/index.html");
    assert!(home.contains("a%23b.svg"), "{home}");
    assert!(t.site.join("public/a#b.svg").is_file());
}

#[test]
fn a_pdf_never_prints_a_file_from_outside_the_output_or_the_network() {
    let t = tree("packs");
    write(&t.outside, "private.png", CANARY);
    let page = read(&t.site, "content/guides/risks.md");
    let up = "../".repeat(12);
    write(
        &t.site,
        "content/guides/risks.md",
        &format!(
            "{page}\n<img src=\"http://127.0.0.1:9/track.png\" alt=\"t\">\n\n<img src=\"/{up}{}\" alt=\"p\">\n",
            t.outside.join("private.png").display()
        ),
    );
    // The check comes before any print: /bin/false stands in for the browser, which a print
    // would report as failing.
    let o = Command::new(bin())
        .args(["build", "--pdf"])
        .current_dir(&t.site)
        .env("NO_COLOR", "1")
        .env("SAFEGUIDE_CHROMIUM", "/bin/false")
        .output()
        .expect("run");
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(
        err.contains("would print `http://127.0.0.1:9/track.png`"),
        "{err}"
    );
    // Outside the output, or (once the output's URL rewriting has dropped the `..`) not in it.
    assert!(err.contains("private.png`: "), "{err}");
    // Each at the page and line that asked for it.
    let lines = page.lines().count();
    assert!(
        err.contains(&format!("content/guides/risks.md:{}:", lines + 2)),
        "{err}"
    );
    assert!(!err.contains("Chromium"), "no print was tried: {err}");
    // The document's own stylesheets and images, inside the output, are not refused.
    assert!(
        !err.contains("pack.css") && !err.contains("diagram.svg"),
        "{err}"
    );
    assert_no_canary(&t, &o);
}

/// U+E000 and U+E001 mark the blanks of a Word copy that the browser fills; in a page's own text
/// they would be taken for a blank (and a key running across runs and paragraphs).
#[test]
fn private_use_markers_in_a_policys_text_never_reach_its_word_copy() {
    use base64::Engine as _;
    use std::io::Read as _;
    let t = tree("policies");
    let rel = "content/policies/student-aup.md";
    let page = read(&t.site, rel);
    write(
        &t.site,
        rel,
        &format!("{page}\nA stray \u{E000}dsl and \u{E001} in text, `code \u{E000}x\u{E001}`.\n"),
    );
    build_ok(&t.site, &[]);
    let js = read(&t.site, "public/policies/student-aup/student-aup.docx.js");
    let json = js
        .trim()
        .trim_start_matches("window.safeguideDocxTemplate=")
        .trim_end_matches(';');
    let template: serde_json::Value = serde_json::from_str(json).expect("the template's JSON");
    let zip = base64::engine::general_purpose::STANDARD
        .decode(template["zip"].as_str().expect("zip"))
        .expect("base64");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("read");
    assert!(
        xml.contains("A stray dsl and  in text"),
        "the text stays, markers out"
    );
    // Every marker left is a blank of the page's own: a key between the two, with no tag inside.
    for (i, _) in xml.match_indices('\u{E000}') {
        let rest = &xml[i + '\u{E000}'.len_utf8()..];
        let key = rest.split('\u{E001}').next().expect("closed");
        assert!(
            !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
            "a marker around {key:?}"
        );
    }
}
