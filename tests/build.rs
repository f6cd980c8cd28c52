//! `safeguide build` on a good fixture site: assertions on the real output.

mod common;

use common::*;

fn built() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = fixture("good");
    build_ok(site.path(), &[]);
    let out = site.path().join("public");
    (site, out)
}

/// The text of `<main>` of a page, for assertions that ignore the chrome.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("main element");
    let end = html.find("</main>").expect("main end");
    &html[start..end]
}

#[test]
fn pages_get_pretty_urls_titles_and_resolved_links() {
    let (_site, out) = built();
    let gaming = read(&out, "parents/gaming/index.html");
    assert!(
        gaming.contains("<title>Gaming safely — Testshire Online Safety</title>"),
        "{gaming}"
    );
    assert!(
        gaming.contains("<meta content=\"Keep game chat friendly.\" name=description>"),
        "{gaming}"
    );
    // A relative link to a source file with an anchor, and a same-page anchor.
    assert!(gaming.contains("href=/parents/tips/#tip-list"), "{gaming}");
    assert!(gaming.contains("href=#chat-settings"));
    // Heading ids: explicit and generated.
    assert!(gaming.contains("<h2 id=consoles>Consoles</h2>"));
    assert!(gaming.contains("<h2 id=chat-settings>Chat settings</h2>"));
    // @/ links from the home page.
    let home = read(&out, "index.html");
    assert!(home.contains("href=/glossary/"), "{home}");
    assert!(home.contains("href=/parents/gaming/"), "{home}");
}

#[test]
fn markdown_extensions_callouts_highlighting_and_sanitising() {
    let (_site, out) = built();
    let gaming = read(&out, "parents/gaming/index.html");
    let main = main_of(&gaming);
    assert!(main.contains("<div class=\"callout callout-warning\" role=note><p class=callout-title>Warning</p><p>Never share your address.</p></div>"), "{main}");
    assert!(
        main.contains("<p class=callout-title>Note</p><p>Keep talking.</p>"),
        "{main}"
    );
    assert!(
        main.contains("<pre class=code data-lang=yaml><code><span class=\"hl-source hl-yaml\">"),
        "{main}"
    );
    assert!(
        !main.contains("style="),
        "highlighting must use classes, not inline styles"
    );
    assert!(main.contains("<table>"), "tables");
    assert!(main.contains("<del>Done</del>"), "strikethrough");
    assert!(main.contains("footnote-definition"), "footnotes");
    assert!(
        main.contains("type=checkbox"),
        "task lists outside audits stay checkboxes"
    );
    // The highlight stylesheet is written once, not per page.
    assert!(read(&out, "highlight.css").contains(".hl-"));
    // Raw HTML is sanitised: scripts and handlers removed, harmless markup kept.
    let kind = read(&out, "kids/be-kind/index.html");
    assert!(
        !kind.contains("alert(") && !kind.contains("onclick"),
        "{kind}"
    );
    assert!(kind.contains("<b>Bold</b>"));
}

#[test]
fn glossary_terms_are_marked_once_and_listed() {
    let (_site, out) = built();
    let gaming = read(&out, "parents/gaming/index.html");
    assert_eq!(main_of(&gaming).matches("<abbr").count(), 2);
    assert!(gaming.contains("<a class=glossary-term href=/glossary/#term-ceop><abbr title=\"Child Exploitation and Online Protection, part of the National Crime Agency.\">CEOP</abbr></a>"));
    let glossary = read(&out, "glossary/index.html");
    assert!(glossary.contains("id=term-grooming"), "{glossary}");
}

#[test]
fn audience_landing_pages_list_exactly_their_pages_grouped_by_kind() {
    let (_site, out) = built();
    // A section whose folder is an audience id is that audience's landing page.
    let parents = main_of(&read(&out, "parents/index.html")).to_string();
    for (url, present) in [
        ("/parents/gaming/", true),
        ("/parents/tips/", true),
        ("/policies/aup/", true),
        ("/glossary/", true),
        ("/kids/be-kind/", false),
        ("/training/session-one/", false),
        ("/policies/audit/", false),
        ("/parents/secret/", false),
    ] {
        assert_eq!(
            parents.contains(&format!("href={url}")),
            present,
            "{url} on /parents/:\n{parents}"
        );
    }
    let guides = parents.find("Guides").expect("guides group");
    let tips = parents.find("Top tips").expect("tips group");
    assert!(guides < tips, "guides come before tips");
    // An audience with no section of its own gets a generated landing page.
    let staff = main_of(&read(&out, "staff/index.html")).to_string();
    for url in [
        "/training/session-one/",
        "/policies/audit/",
        "/policies/aup/",
        "/glossary/",
    ] {
        assert!(
            staff.contains(&format!("href={url}")),
            "{url} missing from /staff/:\n{staff}"
        );
    }
    assert!(!staff.contains("href=/parents/gaming/"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (site, out) = built();
    assert!(!out.join("parents/secret").exists());
    let other = site.path().join("with-drafts");
    build_ok(
        site.path(),
        &["--drafts", "--output", other.to_str().unwrap()],
    );
    assert!(other.join("parents/secret/index.html").exists());
}

#[test]
fn tags_aliases_bundles_static_files_and_kinds_render() {
    let (_site, out) = built();
    let tag = read(&out, "tags/gaming/index.html");
    assert!(
        tag.contains("href=/parents/gaming/") && tag.contains("href=/parents/tips/"),
        "{tag}"
    );
    assert!(read(&out, "tags/index.html").contains("href=/tags/chat/"));
    let alias = read(&out, "old/gaming/index.html");
    assert!(alias.contains("url=/parents/gaming/"), "{alias}");
    assert!(
        out.join("training/session-one/diagram.svg").exists(),
        "bundle asset copied beside its page"
    );
    assert!(read(&out, "training/session-one/index.html")
        .contains("src=/training/session-one/diagram.svg"));
    assert_eq!(read(&out, "robots-extra.txt"), "static file\n");
    // Every kind renders with its own template.
    assert!(read(&out, "training/session-one/index.html").contains("60 minutes"));
    assert!(read(&out, "training/session-one/index.html").contains("callout-facilitator"));
    let audit = read(&out, "policies/audit/index.html");
    assert_eq!(audit.matches("type=radio").count(), 6, "{audit}");
    let aup = read(&out, "policies/aup/index.html");
    assert!(aup.contains("class=\"placeholder blank\""));
    assert!(aup.contains("<span class=placeholder-label>Headteacher</span>"));
    assert!(read(&out, "parents/tips/index.html").contains("kind-tips"));
}

#[test]
fn feed_sitemap_robots_404_and_report_are_generated() {
    let (_site, out) = built();
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        sitemap.contains(
            "<loc>https://safety.example.test/parents/gaming/</loc><lastmod>2026-10-01</lastmod>"
        ),
        "{sitemap}"
    );
    assert!(!sitemap.contains("secret"));
    let feed = read(&out, "atom.xml");
    let newest = feed.find("Top tips for parents").expect("tips in feed");
    let older = feed.find("Gaming safely").expect("gaming in feed");
    assert!(newest < older, "feed is newest first:\n{feed}");
    assert!(feed.contains("<updated>2026-11-01T00:00:00Z</updated>"));
    assert!(read(&out, "robots.txt").contains("Sitemap: https://safety.example.test/sitemap.xml"));
    assert!(read(&out, "404.html").contains("Page not found"));
    let report = read(&out, "report/index.html");
    assert!(report.contains("Report to CEOP") && report.contains("999"));
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn html_is_minified_and_inline_scripts_keep_working() {
    let site = fixture("good");
    // A site template with an inline script that a JS minifier could break.
    write(
        site.path(),
        "templates/404.html",
        "{% extends \"base.html\" %}{% block scripts %}<script>\n  // keep me working\n  var a = 1 < 2 && \"</p>\";\n  window.ok = a ? 'yes' : 'no';\n</script>{% endblock scripts %}",
    );
    build_ok(site.path(), &[]);
    let html = read(&site.path().join("public"), "404.html");
    let before_script = &html[..html.find("<script").expect("script kept")];
    assert!(
        !before_script.contains("\n  "),
        "whitespace collapsed: {before_script}"
    );
    assert!(html.contains("var a = 1 < 2 && \"</p>\";"), "{html}");
    let Some((browser, _profile)) = browser() else {
        return;
    };
    let tab = browser.new_tab().expect("tab");
    let url = format!("file://{}", site.path().join("public/404.html").display());
    tab.navigate_to(&url)
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    let ok = tab.evaluate("window.ok", false).expect("evaluate");
    assert_eq!(ok.value, Some(serde_json::json!("yes")));
}

#[test]
fn offline_build_uses_relative_index_html_links() {
    let site = fixture("good");
    let out = site.path().join("offline");
    build_ok(
        site.path(),
        &["--offline", "--output", out.to_str().unwrap()],
    );
    let gaming = read(&out, "parents/gaming/index.html");
    assert!(
        gaming.contains("href=../../parents/tips/index.html#tip-list"),
        "{gaming}"
    );
    assert!(gaming.contains("href=../../style.css"), "{gaming}");
    assert!(gaming.contains("href=../../index.html"), "{gaming}");
    assert!(!gaming.contains("href=/"), "no site-absolute links offline");
    let home = read(&out, "index.html");
    assert!(home.contains("href=parents/gaming/index.html"), "{home}");
}

#[test]
fn base_url_override_and_subfolder_prefix() {
    let site = fixture("good");
    build_ok(site.path(), &["--base-url", "https://example.org/guides/"]);
    let out = site.path().join("public");
    let gaming = read(&out, "parents/gaming/index.html");
    assert!(
        gaming.contains("href=/guides/parents/tips/#tip-list"),
        "{gaming}"
    );
    assert!(
        gaming.contains("href=https://example.org/guides/parents/gaming/ rel=canonical"),
        "{gaming}"
    );
    assert!(
        read(&out, "sitemap.xml").contains("<loc>https://example.org/guides/parents/gaming/</loc>")
    );
}

#[test]
fn new_creates_a_site_that_builds_and_refuses_a_non_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("my-site");
    // --full: a copy of the whole pack (a thin site is tested in tests/layers/thin_sites.rs).
    let o = run(tmp.path(), &["new", "--full", dir.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(dir.join("site.yaml").exists() && dir.join("content/_index.md").exists());
    assert!(dir.join("packs").is_dir() && dir.join("profiles").is_dir());
    build_ok(&dir, &[]);
    assert!(dir.join("public/parents/index.html").exists());
    // Refused: the folder now has files; nothing in it is changed.
    let before = std::fs::read(dir.join("site.yaml")).unwrap();
    let o = run(tmp.path(), &["new", dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("not empty"));
    assert_eq!(std::fs::read(dir.join("site.yaml")).unwrap(), before);
}

#[test]
fn the_bundled_site_builds_with_no_warnings() {
    let site = bundled_site();
    let o = build_ok(site.path(), &[]);
    let err = stderr(&o);
    assert!(!err.contains("warning") && !err.contains("error"), "{err}");
    let out = site.path().join("public");
    for aud in [
        "parents",
        "children-8-10",
        "young-people",
        "professionals",
        "schools",
    ] {
        assert!(
            out.join(aud).join("index.html").exists(),
            "landing page for {aud}"
        );
    }
}

/// `build` shows the first few governance warnings and a count pointing to `check`; colours only
/// when asked for (a terminal, or CLICOLOR_FORCE), never in a pipe or with NO_COLOR.
#[test]
fn build_summarises_warnings_in_colour_only_on_a_terminal() {
    let site = fixture("good");
    for n in 0..4 {
        write(
            site.path(),
            &format!("content/parents/old-{n}.md"),
            &format!("---\ntitle: Old page {n}\nsummary: Out of date.\nkind: guide\nreview_by: 2020-01-0{}\n---\n\nOld text.\n", n + 1),
        );
    }
    let build = |envs: &[(&str, &str)]| {
        let mut c = std::process::Command::new(bin());
        c.arg("build")
            .current_dir(site.path())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE");
        for (k, v) in envs {
            c.env(k, v);
        }
        let o = c.output().expect("run safeguide");
        assert!(o.status.success(), "{}", stderr(&o));
        o
    };

    // Piped (as here): plain text, the first three warnings and how many more.
    let o = build(&[]);
    let err = stderr(&o);
    assert!(!err.contains('\x1b'), "colour in a pipe: {err:?}");
    assert_eq!(err.matches("warning[review-overdue]").count(), 3, "{err}");
    assert!(
        err.contains("... and 1 more (run `safeguide check` to see them all)"),
        "{err}"
    );
    assert!(
        stdout(&o).contains(", 4 warnings (run `safeguide check` for details)"),
        "{}",
        stdout(&o)
    );

    // Forced as on a terminal: coloured; NO_COLOR still wins.
    let err = stderr(&build(&[("CLICOLOR_FORCE", "1")]));
    assert!(
        err.contains("\x1b[1m\x1b[93mwarning[review-overdue]"),
        "{err:?}"
    );
    let err = stderr(&build(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]));
    assert!(!err.contains('\x1b'), "{err:?}");
}

/// On a terminal a build shows a progress line and clears it; piped, it prints only the summary.
#[test]
fn progress_line_on_a_terminal_only() {
    let site = fixture("good");
    // Piped, even with no delay: nothing but the summary.
    let o = std::process::Command::new(bin())
        .arg("build")
        .current_dir(site.path())
        .env("SAFEGUIDE_PROGRESS_AFTER_MS", "0")
        .env("NO_COLOR", "1")
        .output()
        .expect("run safeguide");
    assert!(o.status.success());
    assert!(!stderr(&o).contains("Building:"), "{}", stderr(&o));
    assert!(!stdout(&o).contains('\r'));

    // Under a pseudo-terminal (util-linux `script`), the line is drawn and then erased.
    let Ok(script) = which("script") else {
        eprintln!("skipping the terminal half: no `script`");
        return;
    };
    let cmd = format!(
        "SAFEGUIDE_PROGRESS_AFTER_MS=0 {} build --root {}",
        bin().display(),
        site.path().display()
    );
    let o = std::process::Command::new(script)
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("run script");
    let all = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{all}");
    assert!(all.contains("\r\x1b[2KBuilding: "), "{all:?}");
    assert!(all.contains("Built "), "{all:?}");
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(name))
                .find(|f| f.is_file())
        })
        .ok_or(())
}
