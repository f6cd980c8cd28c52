//! Serving the output: content types, redirects and 404s, nothing outside the output, and
//! the reload and error overlay an edit brings, in a plain client and in a browser tab.

use super::*;

#[test]
fn serves_pages_with_types_404_and_reload_script() {
    let site = common::bundled_site();
    let s = serve(site.path());

    let home = get(&s.addr, "/");
    assert_eq!(home.status, 200);
    assert!(home
        .headers
        .contains("content-type: text/html; charset=utf-8"));
    assert!(home.body.contains("/__safeguide/events"), "reload script");
    let script = home.body.find("/__safeguide/events").unwrap();
    assert!(script < home.body.rfind("</body>").unwrap());
    assert!(!home.body.contains("safeguide-error"));

    let css = get(&s.addr, "/style.css");
    assert_eq!(css.status, 200);
    assert!(css.headers.contains("content-type: text/css"));
    assert!(!css.body.contains("__safeguide"));
    let xml = get(&s.addr, "/sitemap.xml");
    assert_eq!(xml.status, 200);
    assert!(xml.headers.contains("content-type: application/xml"));

    // A folder without its slash redirects; a missing page gets the site's 404 page.
    let redirect = get(&s.addr, "/parents");
    assert_eq!(redirect.status, 301);
    assert!(redirect.headers.contains("location: /parents/"));
    let missing = get(&s.addr, "/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);

    // The script is added when serving only: the file on disk has none.
    let on_disk = std::fs::read_to_string(site.path().join(".safeguide-serve/index.html")).unwrap();
    assert!(!on_disk.contains("__safeguide"));
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = common::bundled_site();
    let s = serve(site.path());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let title_line = yaml.lines().find(|l| l.starts_with("title:")).unwrap();
    for target in [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/site.yaml",
        "/..%2fsite.yaml",
        "/..%5csite.yaml",
        "/..\\site.yaml",
        "/parents/../../site.yaml",
        "/.safeguide-output",
    ] {
        let r = get(&s.addr, target);
        assert!(r.status == 400 || r.status == 404, "{target}: {}", r.status);
        assert!(!r.body.contains(title_line), "{target} served site.yaml");
    }
    #[cfg(unix)]
    {
        // A symlink inside the output that points out of it.
        let out = site.path().join(".safeguide-serve");
        std::os::unix::fs::symlink(site.path().join("site.yaml"), out.join("leak.yaml")).unwrap();
        let r = get(&s.addr, "/leak.yaml");
        assert_eq!(r.status, 404);
        assert!(!r.body.contains(title_line));
    }
    // No directory listings: a folder without index.html is not found.
    std::fs::create_dir_all(site.path().join(".safeguide-serve/empty-folder")).unwrap();
    assert_eq!(get(&s.addr, "/empty-folder/").status, 404);
}

#[test]
fn an_edit_reloads_and_an_error_shows_an_overlay_until_fixed() {
    let site = common::bundled_site();
    let root = site.path();
    let s = serve(root);
    let original = std::fs::read_to_string(root.join(PAGE)).unwrap();
    assert!(get(&s.addr, URL).body.contains("Gaming and chat"));

    // Edit the body: the stream says reload and the page has the new text.
    let ev = events(&s.addr);
    common::write(
        root,
        PAGE,
        &format!("{original}\n\nA sentence added while serving, zq-marker-one.\n"),
    );
    ev.wait_for("event: reload");
    eventually("the edited page", || {
        get(&s.addr, URL).body.contains("zq-marker-one")
    });

    // Break the front matter: every page carries the overlay with the terminal's message, and the
    // last good content is still served.
    let broken = original.replacen("title:", "title: [unclosed", 1);
    common::write(root, PAGE, &broken);
    ev.wait_for("event: reload");
    eventually("the error overlay", || {
        get(&s.addr, URL).body.contains("id=\"safeguide-error\"")
    });
    let page = get(&s.addr, URL);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("zq-marker-one"), "last good content");
    assert!(
        page.body.contains(&format!("--&gt; {PAGE}:2:")),
        "overlay names the file and line:\n{}",
        page.body
    );
    assert!(page.body.contains("= help:"));
    for other in ["/", "/parents/", "/no-such-page/"] {
        assert!(
            get(&s.addr, other).body.contains("id=\"safeguide-error\""),
            "{other} carries the overlay"
        );
    }

    // Fix it: the overlay goes and the new text shows.
    common::write(
        root,
        PAGE,
        &format!("{original}\n\nFixed, zq-marker-two.\n"),
    );
    ev.wait_for("event: reload");
    eventually("the overlay to clear", || {
        let p = get(&s.addr, URL);
        !p.body.contains("safeguide-error") && p.body.contains("zq-marker-two")
    });
    assert!(!get(&s.addr, "/").body.contains("safeguide-error"));
}

#[test]
fn front_matter_and_new_pages_update_listings() {
    let site = common::bundled_site();
    let root = site.path();
    let s = serve(root);
    let original = std::fs::read_to_string(root.join(PAGE)).unwrap();
    let ev = events(&s.addr);

    // A new title shows in the section's listing (an incremental front matter change).
    common::write(
        root,
        PAGE,
        &original.replacen("title: ", "title: Zq retitled ", 1),
    );
    ev.wait_for("event: reload");
    eventually("the retitled page in its section", || {
        get(&s.addr, "/parents/").body.contains("Zq retitled")
    });

    // A new page (a full rebuild) is served too.
    common::write(
        root,
        "content/parents/zq-new.md",
        "---\ntitle: A brand new zq page\n---\n\nHello.\n",
    );
    ev.wait_for("event: reload");
    eventually("the new page", || {
        let r = get(&s.addr, "/parents/zq-new/");
        r.status == 200 && r.body.contains("A brand new zq page")
    });
}

#[cfg_attr(
    no_chromium,
    ignore = "needs Chromium: apt-get install chromium (in CI a missing browser fails)"
)]
#[test]
fn an_open_browser_tab_reloads_itself_and_shows_the_overlay() {
    let site = common::bundled_site();
    let root = site.path();
    let s = serve(root);
    let Some((browser, _profile)) = common::browser() else {
        return;
    };
    let tab = browser.new_tab().expect("tab");
    tab.navigate_to(&format!("http://{}{URL}", s.addr))
        .expect("navigate")
        .wait_until_navigated()
        .expect("load");
    let js = |expr: &str| {
        tab.evaluate(expr, false)
            .ok()
            .and_then(|r| r.value)
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    };
    // Wait for the page's event stream to be open, then mark this page load: a reload clears it.
    eventually("the event stream to open", || {
        js("window.__safeguideEvents && window.__safeguideEvents.readyState === 1")
    });
    tab.evaluate("window.zqStale = true", false).expect("mark");

    let original = std::fs::read_to_string(root.join(PAGE)).unwrap();
    common::write(
        root,
        PAGE,
        &format!("{original}\n\nSeen in the browser, zq-browser.\n"),
    );
    eventually("the tab to reload with the edit", || {
        js("window.zqStale !== true && document.body.innerText.includes('zq-browser')")
    });

    common::write(
        root,
        PAGE,
        &original.replacen("title:", "title: [unclosed", 1),
    );
    eventually("the overlay in the tab", || {
        js("!!document.getElementById('safeguide-error') && document.getElementById('safeguide-error').innerText.includes('gaming-and-chat.md:2:')")
    });

    common::write(root, PAGE, &original);
    eventually("the overlay to go", || {
        js("document.readyState === 'complete' && !document.getElementById('safeguide-error') && !document.body.innerText.includes('zq-browser')")
    });
}
