//! Hostile and careless input (issue 15): nothing from outside the site is read or published,
//! `theme:` stays inside the site, every front matter problem is reported, glossary terms of any
//! script work, aliases cannot take generated pages, and URLs made from odd file names are encoded.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;

use common::*;

/// Runs a build that must fail with exit code 1; returns stderr.
fn build_fails(root: &Path) -> String {
    let o = run(root, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{}\n{err}", stdout(&o));
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn page(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

#[cfg(unix)]
fn symlink(target: &Path, link: &Path) {
    std::fs::create_dir_all(link.parent().expect("parent")).expect("mkdir");
    std::os::unix::fs::symlink(target, link).expect("symlink");
}

/// A file outside the site, as a link would reach for it.
fn outside() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), "secret.txt", "PRIVATE-KEY-MATERIAL");
    write(
        dir.path(),
        "secret.md",
        &page("title: Outside secret", "OUTSIDE-PAGE-TEXT"),
    );
    write(
        dir.path(),
        "templates/page.html",
        "OUTSIDE-TEMPLATE {{ page.title }}",
    );
    write(
        dir.path(),
        "pack.yaml",
        "title: OUTSIDE-PACK\naudience: staff\neditions: [participant]\nitems:\n  - training/session-one/index.md\n",
    );
    dir
}

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_not_followed_and_are_named() {
    let site = fixture("good");
    let out = outside();
    let root = site.path();
    symlink(
        &out.path().join("secret.txt"),
        &root.join("static/leak.txt"),
    );
    symlink(out.path(), &root.join("static/everything"));
    symlink(
        &out.path().join("secret.md"),
        &root.join("content/parents/leak.md"),
    );
    symlink(
        &out.path().join("templates/page.html"),
        &root.join("templates/page.html"),
    );
    symlink(
        &out.path().join("pack.yaml"),
        &root.join("packs/borrowed.yaml"),
    );
    // A link that stays inside the site is fine and is followed.
    symlink(
        Path::new("robots-extra.txt"),
        &root.join("static/inside-copy.txt"),
    );
    // A link inside the site that leads to a hidden file is not.
    write(root, ".env", "DB_PASSWORD=hunter2");
    symlink(&root.join(".env"), &root.join("static/env.txt"));

    let o = build_ok(root, &[]);
    let err = stderr(&o);
    for link in [
        "static/leak.txt",
        "static/everything",
        "content/parents/leak.md",
        "templates/page.html",
        "static/env.txt",
        "packs/borrowed.yaml",
    ] {
        assert!(
            err.contains(&format!("warning: the link {link} ")),
            "{link} named:\n{err}"
        );
    }
    let public = root.join("public");
    assert!(!public.join("leak.txt").exists());
    assert!(!public.join("everything").exists());
    assert!(!public.join("env.txt").exists());
    assert!(!public.join("parents/leak").exists());
    assert!(!public.join("packs/borrowed").exists());
    assert_eq!(
        read(&public, "inside-copy.txt"),
        read(root, "static/robots-extra.txt")
    );
    let gaming = read(&public, "parents/gaming/index.html");
    assert!(!gaming.contains("OUTSIDE-TEMPLATE"), "{gaming}");
    // Nothing of the outside files anywhere in the output.
    for e in walkdir::WalkDir::new(&public).into_iter().flatten() {
        if e.file_type().is_file() {
            let bytes = std::fs::read(e.path()).expect("read");
            let text = String::from_utf8_lossy(&bytes);
            assert!(
                !text.contains("PRIVATE-KEY-MATERIAL")
                    && !text.contains("OUTSIDE-PAGE-TEXT")
                    && !text.contains("hunter2")
                    && !text.contains("OUTSIDE-PACK"),
                "{} leaks an outside file",
                e.path().display()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_reported_not_followed() {
    let site = fixture("good");
    let root = site.path();
    symlink(Path::new(".."), &root.join("content/parents/loop"));
    symlink(Path::new("."), &root.join("static/again"));
    let o = build_ok(root, &[]);
    let err = stderr(&o);
    assert!(
        err.contains("the link content/parents/loop leads back into a folder that contains it"),
        "{err}"
    );
    assert!(
        err.contains("the link static/again leads back into a folder that contains it"),
        "{err}"
    );
    assert!(!root.join("public/again").exists());
    assert!(!root.join("public/parents/loop").exists());
}

#[test]
fn hidden_files_and_editor_backups_under_static_are_not_published() {
    let site = fixture("good");
    let root = site.path();
    write(root, "static/.env", "API_KEY=secret");
    write(root, "static/.git/config", "[remote]");
    write(root, "static/css/site.css~", "backup");
    write(root, "static/#notes.txt#", "autosave");
    write(
        root,
        "static/.hidden/visible-name.txt",
        "inside a hidden folder",
    );
    write(root, "static/css/site.css", "body{}");
    write(
        root,
        "static/.well-known/security.txt",
        "Contact: mailto:security@example.org",
    );
    write(root, "static/.well-known/.env", "still hidden");
    write(root, "static/docs/.well-known/x.txt", "only at the top");
    write(root, "content/parents/.draft.md", "not even front matter");
    build_ok(root, &[]);
    let public = root.join("public");
    for hidden in [
        ".env",
        ".git",
        "css/site.css~",
        "#notes.txt#",
        ".hidden",
        "parents/.draft",
        ".well-known/.env",
        "docs/.well-known",
    ] {
        assert!(!public.join(hidden).exists(), "{hidden} was published");
    }
    assert_eq!(read(&public, "css/site.css"), "body{}");
    // RFC 8615: the one hidden folder web hosts expect, at the top of static/.
    assert!(read(&public, ".well-known/security.txt").starts_with("Contact:"));
}

fn with_theme(root: &Path, theme: &str) {
    let text = read(root, "site.yaml");
    write(root, "site.yaml", &format!("{text}theme: {theme}\n"));
}

#[test]
fn a_theme_outside_the_site_is_an_error_on_its_line() {
    for theme in ["/etc", "../elsewhere", "themes/../../elsewhere", "a/.."] {
        let site = fixture("good");
        with_theme(site.path(), theme);
        let line = read(site.path(), "site.yaml").lines().count();
        let err = build_fails(site.path());
        assert!(
            err.contains(&format!("site.yaml:{line}:1")),
            "{theme} at its line:\n{err}"
        );
        assert!(
            err.contains(&format!("the theme `{theme}`")),
            "{theme}:\n{err}"
        );
        assert!(err.contains("help: give a theme name"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_theme_linked_from_outside_is_refused() {
    let site = fixture("good");
    let out = outside();
    symlink(out.path(), &site.path().join("themes/borrowed"));
    with_theme(site.path(), "borrowed");
    let err = build_fails(site.path());
    assert!(err.contains("the theme `borrowed` leads outside"), "{err}");
}

#[test]
fn a_theme_path_inside_the_site_is_used() {
    let site = fixture("good");
    let root = site.path();
    copy_dir(
        &repo_root().join("themes/default"),
        &root.join("design/look"),
    );
    let base = read(root, "design/look/templates/base.html");
    write(
        root,
        "design/look/templates/base.html",
        &base.replacen("<body", "<body data-look=look-theme", 1),
    );
    with_theme(root, "design/look");
    build_ok(root, &[]);
    assert!(read(root, "public/parents/gaming/index.html").contains("look-theme"));
}

#[test]
fn every_front_matter_problem_is_reported_at_its_own_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page(
            "title: Bad\nsumary: typo\ncolour: red\nupdated: 2026-02-30\nweight: 2",
            "Text",
        ),
    );
    let err = build_fails(site.path());
    assert!(err.contains("content/parents/bad.md:3:1"), "{err}");
    assert!(err.contains("unknown field `sumary`"), "{err}");
    assert!(err.contains("did you mean `summary`"), "{err}");
    assert!(err.contains("content/parents/bad.md:4:1"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(err.contains("content/parents/bad.md:5:"), "{err}");
    assert!(err.contains("invalid date `2026-02-30`"), "{err}");
    assert_eq!(err.matches("content/parents/bad.md:").count(), 3, "{err}");
}

#[test]
fn a_duplicate_key_points_at_its_second_occurrence() {
    let site = fixture("good");
    write(
        site.path(),
        "content/parents/bad.md",
        &page(
            "title: Bad\nsummary: one\ntags: [a]\nsummary: two\nkind: leaflet",
            "Text",
        ),
    );
    let err = build_fails(site.path());
    assert!(err.contains("content/parents/bad.md:5:1"), "{err}");
    assert!(err.contains("the key `summary` is written twice"), "{err}");
    assert!(err.contains("the first is on line 3"), "{err}");
    // The other problem in the same file is still found.
    assert!(err.contains("content/parents/bad.md:6:"), "{err}");
    assert!(err.contains("unknown variant `leaflet`"), "{err}");
}

#[test]
fn every_site_yaml_problem_is_reported() {
    let site = fixture("good");
    let text = read(site.path(), "site.yaml");
    write(
        site.path(),
        "site.yaml",
        &format!("{text}colour: red\nsearch: {{ enabled: maybe }}\nfoot: x\n"),
    );
    let n = text.lines().count();
    let err = build_fails(site.path());
    for (line, what) in [
        (n + 1, "unknown field `colour`"),
        (n + 2, "search"),
        (n + 3, "unknown field `foot`"),
    ] {
        assert!(
            err.contains(&format!("site.yaml:{line}:")),
            "{line}:\n{err}"
        );
        assert!(err.contains(what), "{what}:\n{err}");
    }
}

fn glossary(terms: &str) -> String {
    page(
        &format!("title: Glossary\nkind: glossary\naudience: [parents]\nterms:\n{terms}"),
        "Words.",
    )
}

#[test]
fn an_empty_glossary_term_is_an_error_on_its_line() {
    let site = fixture("good");
    write(
        site.path(),
        "content/glossary.md",
        &glossary("  CEOP: Child Exploitation and Online Protection.\n  \"  \": Nothing here."),
    );
    let err = build_fails(site.path());
    assert!(err.contains("a glossary term is empty"), "{err}");
    assert!(err.contains("content/glossary.md:7:3"), "{err}");
}

#[test]
fn a_glossary_term_written_twice_points_at_the_repeat() {
    let site = fixture("good");
    write(
        site.path(),
        "content/glossary.md",
        &glossary("  CEOP: Child Exploitation.\n  grooming: Building trust.\n  CEOP: Again."),
    );
    let err = build_fails(site.path());
    assert!(err.contains("content/glossary.md:8:3"), "{err}");
    assert!(err.contains("the key `CEOP` is written twice"), "{err}");
    assert!(err.contains("the first is on line 6"), "{err}");
}

#[test]
fn glossary_terms_with_non_ascii_letters_are_matched() {
    let site = fixture("good");
    let root = site.path();
    write(
        root,
        "content/glossary.md",
        &glossary(
            "  Café culture: Meeting in public places.\n  naïve: Too trusting.\n  Ŵ: A letter.\n  école: A school.\n  \" grooming \": Building trust to abuse.",
        ),
    );
    write(
        root,
        "content/parents/words.md",
        &page(
            "title: Words\naudience: [parents]",
            "Ŵ and café culture, then a NAÏVE parent. École and Grooming.\n\nNaïvely does not count.",
        ),
    );
    build_ok(root, &[]);
    let html = read(root, "public/parents/words/index.html");
    for (shown, title) in [
        ("Ŵ", "A letter."),
        ("café culture", "Meeting in public places."),
        ("École", "A school."),
        ("Grooming", "Building trust to abuse."),
    ] {
        assert!(
            html.contains(&format!("<abbr title=\"{title}\">{shown}</abbr>")),
            "{shown}:\n{html}"
        );
    }
    // All-capital "NAÏVE" is not how the term is written, and "Naïve" in "Naïvely" is no word.
    assert_eq!(html.matches("<abbr").count(), 4, "{html}");
}

#[test]
fn aliases_that_take_a_generated_page_or_another_page_are_errors() {
    let site = fixture("good");
    let root = site.path();
    write(
        root,
        "packs/staff.yaml",
        "title: Staff pack\naudience: staff\neditions: [facilitator, participant]\nitems:\n  - training/session-one/index.md\n",
    );
    let aliases = [
        "/packs/staff/facilitator/",
        "sitemap.xml",
        "/atom.xml",
        "/search/",
        "/report/",
        "/404.html",
        "/robots.txt",
        "/kids/",
        "/staff/",
        "/parents/tips/",
        "/tags/safety/",
        "../../outside",
        "/old/%2E%2E/x/",
    ];
    let list: String = aliases.iter().map(|a| format!("  - \"{a}\"\n")).collect();
    write(
        root,
        "content/parents/moved.md",
        &format!("---\ntitle: Moved\ntags: [safety]\naliases:\n{list}---\nText\n"),
    );
    let err = build_fails(root);
    for (i, alias) in aliases.iter().enumerate() {
        let line = 5 + i;
        assert!(
            err.contains(&format!("content/parents/moved.md:{line}:")),
            "{alias} at line {line}:\n{err}"
        );
    }
    assert!(
        err.contains("the facilitator edition of pack packs/staff.yaml"),
        "{err}"
    );
    assert!(err.contains("the site map (/sitemap.xml)"), "{err}");
    assert!(
        err.contains("already used by the page content/parents/tips.md"),
        "{err}"
    );
    assert!(
        err.contains("already used by the landing page of audience `staff`"),
        "{err}"
    );
    assert!(err.contains("contains a `.` or `..` step"), "{err}");
    // Each is reported once, at the alias: its redirect is not also written over the file.
    assert!(!err.contains("cannot write"), "{err}");
    // Nothing was written outside the output, whatever the aliases said.
    assert!(!root.join("outside").exists());
    assert!(!root.parent().expect("parent").join("outside").exists());
}

/// GET `target` from `base` (http://127.0.0.1:port); returns the status line and body.
fn http_get(base: &str, target: &str) -> (String, String) {
    let addr = base.trim_start_matches("http://");
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    s.read_to_string(&mut reply).expect("read");
    let (head, body) = reply.split_once("\r\n\r\n").unwrap_or((&reply, ""));
    (
        head.lines().next().unwrap_or("").to_string(),
        body.to_string(),
    )
}

#[test]
fn urls_made_from_odd_file_names_are_encoded_everywhere_and_work() {
    let site = fixture("good");
    let root = site.path();
    let front = |title: &str| format!("title: {title}\naudience: [parents]\nupdated: 2026-10-01");
    write(
        root,
        "content/parents/what?#x.md",
        &page(&front("Question"), "Q."),
    );
    write(
        root,
        "content/parents/a & b.md",
        &page(&front("Ampersand"), "A."),
    );
    write(
        root,
        "content/parents/Café.md",
        &page(&front("Coffee"), "C."),
    );
    write(
        root,
        "content/parents/links.md",
        &page(
            &front("Links"),
            "[q](what%3F%23x.md) [a](<a & b.md>) [c](@/parents/Café.md)",
        ),
    );
    build_ok(root, &[]);
    let public = root.join("public");
    let encoded = [
        "/parents/what%3F%23x/",
        "/parents/a-%26-b/",
        "/parents/caf%C3%A9/",
    ];

    let sitemap = read(&public, "sitemap.xml");
    let feed = read(&public, "atom.xml");
    let links = read(&public, "parents/links/index.html");
    let section = read(&public, "parents/index.html");
    let search: String = walkdir::WalkDir::new(public.join("search"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| std::fs::read_to_string(e.path()).unwrap_or_default())
        .collect();
    for url in encoded {
        // Tera escapes `/` in XML as `&#x2F;`; either way the URL must be the encoded one.
        let in_xml = |xml: &str| xml.contains(url) || xml.contains(&url.replace('/', "&#x2F;"));
        assert!(in_xml(&sitemap), "{url} in sitemap:\n{sitemap}");
        assert!(in_xml(&feed), "{url} in feed:\n{feed}");
        assert!(
            links.contains(&format!("href={url}")) || links.contains(&format!("href=\"{url}\"")),
            "{url} in links:\n{links}"
        );
        assert!(section.contains(url), "{url} in section listing");
        assert!(search.contains(url), "{url} in the search index");
    }
    for raw in ["what?#x", "a & b", "a-&-b", "café"] {
        assert!(!sitemap.contains(raw), "raw {raw} in sitemap:\n{sitemap}");
        assert!(!feed.contains(raw), "raw {raw} in feed:\n{feed}");
    }
    // The sitemap is well-formed enough that every <loc> is an absolute, escaped URL.
    for loc in sitemap.split("<loc>").skip(1) {
        let loc = loc.split("</loc>").next().unwrap_or("");
        assert!(!loc.contains(['<', '>', '"', ' ']), "{loc}");
        assert!(!loc.replace("&#x2F;", "/").contains('&'), "{loc}");
    }

    // The files are where a web server looks for the decoded paths, and the links work.
    let base = serve_dir(&public);
    for (url, title) in encoded.iter().zip(["Question", "Ampersand", "Coffee"]) {
        let (status, body) = http_get(&base, url);
        assert!(status.contains("200"), "{url}: {status}");
        assert!(body.contains(&format!("<title>{title}")), "{url}:\n{body}");
    }
}
