//! Bad input: each mistake is reported with its file, line and a fix, all together, with the right
//! exit code, and a failed build never touches the previous output.

mod common;

use std::path::Path;

use common::*;

/// Runs a build that must fail with exit code `code`; returns stderr.
fn build_fails(root: &Path, code: i32) -> String {
    let o = run(root, &["build"]);
    let err = stderr(&o);
    assert_eq!(
        o.status.code(),
        Some(code),
        "expected exit {code}:\n{}\n{err}",
        stdout(&o)
    );
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn page(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

#[test]
fn malformed_yaml_names_file_and_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad\nsummary: [unclosed", "Text"),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:3:"), "{err}");
}

#[test]
fn unterminated_front_matter() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        "---\ntitle: Bad\n\nNo closing line.\n",
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:1:1"), "{err}");
    assert!(err.contains("never closed"), "{err}");
}

#[test]
fn unknown_key_suggests_the_right_spelling() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad\nreview_by: 2027-01-01\nsumary: Oops", "Text"),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:4:1"), "{err}");
    assert!(err.contains("unknown field `sumary`"), "{err}");
    assert!(err.contains("did you mean `summary`"), "{err}");
    assert!(
        err.contains("4 | sumary: Oops"),
        "offending line shown:\n{err}"
    );
}

#[test]
fn unknown_audience_is_an_error_on_its_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad\naudience: [parents, parnets]", "Text"),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("unknown audience `parnets`"), "{err}");
    assert!(err.contains("content/parents/bad.md:3:"), "{err}");
    assert!(err.contains("did you mean `parents`"), "{err}");
}

#[test]
fn bad_date_is_an_error_on_its_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad\nupdated: 2026-02-30", "Text"),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:3:"), "{err}");
    assert!(err.contains("invalid date"), "{err}");
}

#[test]
fn broken_link_names_file_and_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad", "Line one.\n\nSee [gaming](gamin.md)."),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:6:5"), "{err}");
    assert!(
        err.contains("did you mean `content/parents/gaming.md`"),
        "{err}"
    );
}

#[test]
fn broken_anchor_names_file_and_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad", "See [consoles](@/parents/gaming.md#consols)."),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/bad.md:4:5"), "{err}");
    assert!(err.contains("#consols"), "{err}");
    assert!(err.contains("did you mean `#consoles`"), "{err}");
}

#[test]
fn two_sources_for_one_url_are_an_error() {
    let site = fixture("good");
    // parents/gaming.md and parents/gaming/index.md both want /parents/gaming/.
    write(
        site.path(),
        "content/parents/gaming/index.md",
        &page("title: Also gaming", "Text"),
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("/parents/gaming/"), "{err}");
    assert!(
        err.contains("content/parents/gaming/index.md")
            || err.contains("content/parents/gaming.md"),
        "{err}"
    );
}

#[test]
fn missing_template_is_reported() {
    let site = fixture("good");
    let config =
        read(site.path(), "site.yaml").replace("language: en-GB", "language: en-GB\ntheme: plain");
    write(site.path(), "site.yaml", &config);
    write(
        site.path(),
        "themes/plain/templates/page.html",
        "{% extends \"layout.html\" %}",
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("layout.html"), "{err}");
    assert!(err.contains("themes/plain/templates/page.html"), "{err}");
}

#[test]
fn tera_syntax_error_names_template_and_line() {
    let site = fixture("good");
    write(
        site.path(),
        "templates/tips.html",
        "{% extends \"page.html\" %}\n{% block body %}\n{{ page.title | }}\n{% endblock body %}\n",
    );
    let err = build_fails(site.path(), 1);
    assert!(err.contains("templates/tips.html:3:"), "{err}");
}

#[test]
fn template_rendering_error_names_template_and_line() {
    let site = fixture("good");
    write(site.path(), "templates/tips.html", "{% extends \"page.html\" %}\n{% block body %}\n{{ page.no_such_field }}\n{% endblock body %}\n");
    let err = build_fails(site.path(), 1);
    assert!(err.contains("templates/tips.html:3:"), "{err}");
    assert!(
        err.contains("content/parents/tips.md"),
        "names the page being rendered:\n{err}"
    );
}

#[test]
fn non_utf8_file_is_reported_with_its_position() {
    let site = fixture("good");
    let mut bytes = b"---\ntitle: Latin-1\n---\nCaf".to_vec();
    bytes.push(0xE9);
    std::fs::write(site.path().join("content/parents/latin1.md"), bytes).unwrap();
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/latin1.md:4:4"), "{err}");
    assert!(err.contains("UTF-8"), "{err}");
}

#[test]
fn unreadable_file_is_reported() {
    let site = fixture("good");
    // A link to nowhere cannot be read, even by root (who can read files without permission).
    std::os::unix::fs::symlink(
        "/nonexistent/target.md",
        site.path().join("content/parents/gone.md"),
    )
    .unwrap();
    let err = build_fails(site.path(), 1);
    assert!(err.contains("content/parents/gone.md"), "{err}");
}

#[test]
fn every_error_is_reported_together() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/a.md",
        &page("title: A\naudience: [nobody]", "Text"),
    );
    write(
        site.path(),
        "content/parents/b.md",
        &page("title: B", "[x](missing.md)"),
    );
    write(
        site.path(),
        "content/kids/c.md",
        &page("title: C\nkind: leaflet", "Text"),
    );
    let err = build_fails(site.path(), 1);
    for f in [
        "content/parents/a.md:3:",
        "content/parents/b.md:4:1",
        "content/kids/c.md:3:",
    ] {
        assert!(err.contains(f), "{f} missing:\n{err}");
    }
    assert!(err.contains("3 errors"), "{err}");
}

#[test]
fn unknown_site_yaml_key_is_an_error() {
    let site = fixture("good");
    let config = read(site.path(), "site.yaml").replace("reading_age: 11", "readng_age: 11");
    write(site.path(), "site.yaml", &config);
    let err = build_fails(site.path(), 1);
    assert!(err.contains("site.yaml:8:5"), "{err}");
    assert!(err.contains("did you mean `reading_age`"), "{err}");
}

#[test]
fn an_output_folder_with_someone_elses_files_is_refused_and_kept() {
    let site = fixture("good");
    let out = site.path().join("public");
    write(&out, "my-notes.txt", "precious");
    let err = build_fails(site.path(), 2);
    assert!(err.contains("did not create"), "{err}");
    assert_eq!(read(&out, "my-notes.txt"), "precious");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        1,
        "nothing added or removed"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_output_byte_identical() {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    let snapshot = snapshot(&out);
    write(
        site.path(),
        "content/parents/bad.md",
        &page("title: Bad", "[x](nowhere.md)"),
    );
    build_fails(site.path(), 1);
    assert_eq!(
        snapshot,
        self::snapshot(&out),
        "output changed after a failed build"
    );
    // No staging folders are left behind.
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("safeguide-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn usage_errors_exit_with_code_two() {
    let site = fixture("good");
    let o = run(site.path(), &["build", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(site.path(), &["build", "--root", "/nonexistent/site"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a missing site.yaml is a site problem: {}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("site.yaml"));
}
