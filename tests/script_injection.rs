//! No script from content: hostile raw HTML, link targets and site.yaml values never run in a
//! browser. Built with the real binary and loaded in headless Chromium, where every payload would
//! set `window.__pwned` if it ran.

mod common;

use common::*;

const SITE: &str = "title: T\nbase_url: https://safe.example.org/\naudiences:\n  - id: parents\n    name: Parents\n    reading_age: 11\n";

/// Author HTML that imitates safeguide's own markup, which used to skip the sanitiser.
const LOOKALIKES: &str = r#"---
title: Lookalikes
audience: [parents]
---
Intro with a term.

<div class="callout callout-note" role="note"><img src="x.png" onerror="window.__pwned='callout'"></div>

<pre class="code"><script>window.__pwned='pre'</script></pre>

Inline <span class="placeholder blank" data-placeholder="x"><img src=y onerror="window.__pwned='span'"></span> text.

A <a class="glossary-term" href="javascript:window.__pwned='glossary'">term</a>.

<li class="audit-question"><svg><script>window.__pwned='li'</script></svg></li>

</div><script>window.__pwned='closer'</script>

> [!NOTE]
> A real callout with <iframe srcdoc="<script>parent.__pwned='iframe'</script>"></iframe> inside.

<details open ontoggle="window.__pwned='details'"><summary>More</summary>Kept text</details>
"#;

fn pwned(html_file: &std::path::Path) -> Option<String> {
    let (browser, _profile) = browser()?;
    let tab = browser.new_tab().expect("tab");
    let url = format!("file://{}", html_file.display());
    tab.navigate_to(&url).expect("navigate");
    tab.wait_until_navigated().expect("load");
    std::thread::sleep(std::time::Duration::from_millis(500));
    let v = tab
        .evaluate("String(window.__pwned)", false)
        .expect("evaluate")
        .value
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    Some(v)
}

/// A one-page site with two audiences' worth of settings, in a temporary folder.
fn new_site() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    write(site.path(), "site.yaml", SITE);
    write(
        site.path(),
        "content/_index.md",
        "---\ntitle: Home\n---\nHi.\n",
    );
    site
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn author_html_that_looks_like_ours_is_sanitised_and_never_runs() {
    let site = new_site();
    let root = site.path();
    write(
        root,
        "content/parents/_index.md",
        "---\ntitle: Parents\naudience: [parents]\n---\n",
    );
    write(root, "content/parents/lookalikes.md", LOOKALIKES);
    build_ok(root, &["--offline"]);
    let page = root.join("public/parents/lookalikes/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    let lower = html.to_lowercase();
    for bad in [
        "onerror",
        "ontoggle",
        "javascript:",
        "__pwned",
        "<iframe",
        "srcdoc",
    ] {
        assert!(!lower.contains(bad), "`{bad}` survived in:\n{html}");
    }
    // The theme's own scripts are the only ones left.
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        assert!(
            tag.contains(" src="),
            "an inline script survived: {tag}\n{html}"
        );
    }
    // Safe markup the author wrote, and the real callout safeguide made, are kept.
    assert!(html.contains("Kept text"), "{html}");
    assert!(html.contains("callout-title"), "{html}");
    if let Some(v) = pwned(&page) {
        assert_eq!(v, "undefined", "a payload ran: {v}");
    }
}

#[test]
fn script_link_targets_are_errors_naming_file_and_line_even_without_raw_html() {
    let site = new_site();
    let root = site.path();
    write(
        root,
        "content/links.md",
        "---\ntitle: Links\n---\n[inline](javascript:alert(1))\n\n[ref][r]\n\n<vbscript:msgbox(1)>\n\n![img](data:text/html;base64,PHNjcmlwdD4=)\n\n[r]: JAVASCRIPT:alert(2)\n\n![fine](data:image/png;base64,iVBORw0KGgo=)\n",
    );
    let o = run(root, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    for line in [4, 6, 8, 10] {
        assert!(
            err.contains(&format!("content/links.md:{line}:")),
            "no error at line {line}:\n{err}"
        );
    }
    assert_eq!(err.matches("could run code").count(), 4, "{err}");
    assert!(!root.join("public").exists(), "a failed build published");
}

#[test]
fn base_url_must_be_http_and_free_of_characters_that_break_attributes() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(root, "content/_index.md", "---\ntitle: Home\n---\nHi.\n");
    for bad in [
        "javascript:alert(1)//",
        "https://x.org/\"><script>alert(1)</script>",
        "https://x.org/' onmouseover='alert(1)",
        "ftp://x.org/",
    ] {
        write(
            root,
            "site.yaml",
            &format!("title: T\nbase_url: '{}'\n", bad.replace('\'', "''")),
        );
        let o = run(root, &["build"]);
        assert_eq!(
            o.status.code(),
            Some(1),
            "site.yaml base_url {bad:?} accepted"
        );
        assert!(stderr(&o).contains("site.yaml:2:"), "{}", stderr(&o));

        write(root, "site.yaml", SITE);
        let o = run(root, &["build", "--base-url", bad]);
        assert_eq!(o.status.code(), Some(2), "--base-url {bad:?} accepted");
        assert!(stderr(&o).contains("base-url"), "{}", stderr(&o));
    }
    assert!(!root.join("public").exists());
    // A good one with a subfolder is used in canonical links.
    write(root, "site.yaml", SITE);
    build_ok(root, &["--base-url", "https://example.org/online-safety"]);
    let home = read(root, "public/index.html");
    assert!(
        home.contains("https://example.org/online-safety/"),
        "{home}"
    );
}

#[test]
fn report_routes_cannot_link_to_script() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    write(
        root,
        "site.yaml",
        &format!("{SITE}report:\n  - label: Click\n    url: \"javascript:alert(1)\"\n"),
    );
    write(root, "content/_index.md", "---\ntitle: Home\n---\nHi.\n");
    let o = run(root, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("site.yaml:9:"), "{}", stderr(&o));
}
