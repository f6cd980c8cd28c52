//! `safeguide serve`: the real binary on a free port, in a copy of the bundled site.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Generous: the machine is shared and builds may be running beside the tests.
const DEADLINE: Duration = Duration::from_secs(60);

/// The running server; killed when the test ends, however it ends.
struct Serve {
    child: Child,
    addr: String,
    /// What serve prints after the URL, line by line.
    stdout: mpsc::Receiver<String>,
    _stdout: std::thread::JoinHandle<()>,
    /// What serve prints on standard error (diagnostics), line by line.
    stderr: mpsc::Receiver<String>,
    _stderr: std::thread::JoinHandle<()>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(root: &Path) -> Serve {
    let mut child = Command::new(common::bin())
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    let (rx, reader) = lines_of(child.stdout.take().expect("stdout"));
    let (err_rx, err_reader) = lines_of(child.stderr.take().expect("stderr"));
    let start = Instant::now();
    let addr = loop {
        let line = rx
            .recv_timeout(DEADLINE.saturating_sub(start.elapsed()))
            .expect("serve printed its URL");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].trim_end_matches('/').to_string();
        }
    };
    Serve {
        child,
        addr,
        stdout: rx,
        _stdout: reader,
        stderr: err_rx,
        _stderr: err_reader,
    }
}

/// The lines of `out` on a channel, read on a thread of their own (so the pipe never fills).
fn lines_of(
    out: impl Read + Send + 'static,
) -> (mpsc::Receiver<String>, std::thread::JoinHandle<()>) {
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (rx, reader)
}

struct Reply {
    status: u16,
    headers: String,
    body: String,
}

/// A plain HTTP/1.1 GET of `target`, sent exactly as given (no normalising of `..`).
fn get(addr: &str, target: &str) -> Reply {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers end");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .expect("status");
    Reply {
        status,
        headers: head.to_ascii_lowercase(),
        body: body.to_string(),
    }
}

/// Polls `f` until it returns true or the deadline passes.
fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while start.elapsed() < DEADLINE {
        if f() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("timed out waiting for: {what}");
}

/// An open event stream; lines arrive on a channel.
struct Events(mpsc::Receiver<String>);

fn events(addr: &str) -> Events {
    events_at(addr, "/__safeguide/events")
}

/// The event stream of a tab showing output file `file`, as the page's script opens it.
fn events_of(addr: &str, file: &str) -> Events {
    events_at(addr, &format!("/__safeguide/events?file={file}"))
}

fn events_at(addr: &str, target: &str) -> Events {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(s, "GET {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let ev = Events(rx);
    ev.wait_for(": connected");
    ev
}

impl Events {
    /// The generation of the next reload event.
    fn next_reload(&self) -> u64 {
        self.wait_for("event: reload");
        let data = self.wait_for("data: ");
        data[6..].trim().parse().expect("a generation")
    }

    fn wait_for(&self, prefix: &str) -> String {
        let start = Instant::now();
        loop {
            let line = self
                .0
                .recv_timeout(DEADLINE.saturating_sub(start.elapsed()))
                .unwrap_or_else(|_| panic!("no `{prefix}` on the event stream"));
            if line.starts_with(prefix) {
                return line;
            }
        }
    }
}

const PAGE: &str = "content/parents/gaming-and-chat.md";
const URL: &str = "/parents/gaming-and-chat/";

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

/// Every file under `dir` (relative, `/`-separated) with its bytes, and every folder. serve may be
/// writing while this reads (the search update runs after the pages' reload), so a file or folder
/// that goes away during the walk is left out: the callers compare again until the trees settle.
fn tree(dir: &Path) -> (BTreeMap<String, Vec<u8>>, BTreeSet<String>) {
    let mut files = BTreeMap::new();
    let mut dirs = BTreeSet::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) if e.io_error().map(|e| e.kind()) == Some(std::io::ErrorKind::NotFound) => {
                continue
            }
            Err(e) => panic!("walk output: {e}"),
        };
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if entry.file_type().is_dir() {
            dirs.insert(rel);
        } else {
            match std::fs::read(entry.path()) {
                Ok(bytes) => {
                    files.insert(rel, bytes);
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => panic!("read {rel}: {e}"),
            }
        }
    }
    (files, dirs)
}

/// How the folder `serve` keeps differs from what `safeguide build` writes for the same sources
/// and base URL, apart from the search index. Empty when the same.
fn differences_from_build(root: &Path, addr: &str) -> Vec<String> {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{addr}/");
    common::build_ok(
        root,
        &["--base-url", &base, "--output", dest.to_str().unwrap()],
    );
    // The search index catches up after the pages (see `an_edit_reaches_the_search_index`), and
    // the build record lists when each file was written.
    let skip = |f: &String| {
        (f.starts_with("search/") && f.ends_with(".js")) || f == ".safeguide-buildinfo"
    };
    let (mut built, built_dirs) = tree(&dest);
    built.retain(|f, _| !skip(f));
    let (mut served, served_dirs) = tree(&root.join(".safeguide-serve"));
    served.retain(|f, _| !skip(f));
    let mut diffs = Vec::new();
    for (f, bytes) in &built {
        match served.get(f) {
            None => diffs.push(format!("missing from serve's folder: {f}")),
            Some(b) if b != bytes => diffs.push(format!(
                "differs: {f}\n--- build:\n{}\n--- serve:\n{}",
                String::from_utf8_lossy(bytes),
                String::from_utf8_lossy(b)
            )),
            Some(_) => {}
        }
    }
    for f in served.keys().filter(|f| !built.contains_key(*f)) {
        diffs.push(format!("not in a full build: {f}"));
    }
    // Shard folders replaced by a search update stay until the next one (see `update_search`).
    for d in served_dirs
        .symmetric_difference(&built_dirs)
        .filter(|d| !d.starts_with("search/"))
    {
        diffs.push(format!("folder in one only: {d}"));
    }
    diffs
}

/// Waits until the served folder is what a full build gives; panics with the differences.
fn settles_as_full_build(root: &Path, addr: &str, after: &str) {
    let start = Instant::now();
    loop {
        let diffs = differences_from_build(root, addr);
        if diffs.is_empty() {
            return;
        }
        if start.elapsed() > DEADLINE {
            panic!(
                "after {after}, serve's output is not a full build's:\n{}",
                diffs.join("\n")
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Replaces the first `from` in a fixture file with `to`.
fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let text = common::read(root, rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    common::write(root, rel, &text.replacen(from, to, 1));
}

#[test]
fn front_matter_edits_give_what_a_full_build_gives() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let out = root.join(".safeguide-serve");
    settles_as_full_build(root, &s.addr, "the first build");
    assert_eq!(get(&s.addr, "/tags/gaming/").status, 200);

    // A new title and tags: the page's section, its tag pages old and new, the tag list (the
    // tag `gaming` is now named by tips.md), the alias redirect, feed and sitemap follow.
    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq gaming retitled\n",
    );
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Gaming, Chat]",
        "tags: [Chat, Zq Topic]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a new title and tags");
    let topic = get(&s.addr, "/tags/zq-topic/");
    assert_eq!(topic.status, 200);
    assert!(topic.body.contains("Zq gaming retitled"));
    let gaming = get(&s.addr, "/tags/gaming/").body;
    assert!(!gaming.contains("Zq gaming retitled") && gaming.contains("Top tips for parents"));
    assert!(get(&s.addr, "/parents/")
        .body
        .contains("Zq gaming retitled"));
    assert!(get(&s.addr, "/old/gaming/")
        .body
        .contains("Zq gaming retitled"));

    // A tag no page uses any more: its page goes, as in a full build.
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat, Zq Topic]",
        "tags: [Chat]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a tag removed");
    assert_eq!(get(&s.addr, "/tags/zq-topic/").status, 404);
    assert!(!out.join("tags/zq-topic").exists());

    // A section's title and audience: the pages below it (breadcrumbs, inherited audience) and
    // the audience landing pages, with and without a section of their own.
    edit(
        root,
        "content/training/_index.md",
        "title: Training\naudience: [staff]",
        "title: Zq training\naudience: [staff, parents]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a section's title and audience");
    assert!(get(&s.addr, "/training/session-one/")
        .body
        .contains("Zq training"));
    assert!(get(&s.addr, "/parents/").body.contains("Session one"));

    // A page in a section that is no audience's landing page: the section lists it.
    edit(
        root,
        "content/training/session-one/index.md",
        "title: Session one",
        "title: Zq session one",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a title in a plain section");
    assert!(get(&s.addr, "/training/").body.contains("Zq session one"));

    // A policy's title is in its Word copy too; a weight reorders listings.
    edit(
        root,
        "content/policies/aup.md",
        "title: Model AUP",
        "title: Zq model AUP",
    );
    edit(root, "content/parents/tips.md", "weight: 20", "weight: 5");
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy's title and a weight");
    assert!(out.join("policies/aup/aup.docx").is_file());

    // A policy that becomes a guide (without blanks to fill) has no Word copy any more.
    let aup = common::read(root, "content/policies/aup.md");
    let (front, _) = aup.rsplit_once("---\n").unwrap();
    common::write(
        root,
        "content/policies/aup.md",
        &format!(
            "{}---\nNow a plain guide.\n",
            front.replace("kind: aup", "kind: guide")
        ),
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy made a guide");
    assert!(!out.join("policies/aup/aup.docx").exists());

    // An edit that fails to resolve (an unknown audience) while removing a tag, then the fix:
    // the tag's page, written before the failure, still goes.
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat]",
        "tags: [Chat, Zq Later]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a tag added");
    assert_eq!(get(&s.addr, "/tags/zq-later/").status, 200);
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Chat, Zq Later]",
        "tags: [Chat]\naudience: [zq-nobody]",
    );
    ev.wait_for("event: reload");
    eventually("the error overlay", || {
        get(&s.addr, "/").body.contains("id=\"safeguide-error\"")
    });
    edit(
        root,
        "content/parents/gaming.md",
        "\naudience: [zq-nobody]",
        "",
    );
    ev.wait_for("event: reload");
    eventually("the overlay to clear", || {
        !get(&s.addr, "/").body.contains("safeguide-error")
    });
    settles_as_full_build(root, &s.addr, "a failed update and its fix");
    assert_eq!(get(&s.addr, "/tags/zq-later/").status, 404);

    // The home page's title is in every page's breadcrumbs.
    edit(
        root,
        "content/_index.md",
        "title: Welcome",
        "title: Zq welcome",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "the home page's title");

    // All of it without building the whole site again.
    let printed: Vec<String> = s.stdout.try_iter().collect();
    assert!(printed.iter().any(|l| l.contains("updated")), "{printed:?}");
    assert!(
        !printed.iter().any(|l| l.contains("built the site")),
        "{printed:?}"
    );
}

/// The shard names `search/index.js` lists, in order.
fn shard_names(manifest_script: &str) -> Vec<String> {
    manifest_script
        .split("\\\"name\\\":\\\"")
        .skip(1)
        .chain(manifest_script.split("\"name\":\"").skip(1))
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect())
        .collect()
}

/// After the pages reload, the search index catches up: the edited page's shard is built again,
/// and the manifest lists what a full build of the same sources lists.
#[test]
fn an_edit_reaches_the_search_index() {
    let site = common::bundled_site();
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let before = shard_names(&get(&s.addr, "/search/index.js").body);
    // One shard per 2,000 pages of a language (src/search/shards.rs): the bundled site has one.
    assert!(!before.is_empty(), "{before:?}");

    edit(root, PAGE, "Gaming can be", "Zanzibarquokka gaming can be");
    ev.wait_for("event: reload");
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{}/", s.addr);
    common::build_ok(
        root,
        &["--base-url", &base, "--output", dest.to_str().unwrap()],
    );
    let built = shard_names(&common::read(&dest, "search/index.js"));
    eventually("the manifest lists a full build's shards", || {
        shard_names(&get(&s.addr, "/search/index.js").body) == built
    });
    let changed: Vec<&String> = built.iter().filter(|n| !before.contains(n)).collect();
    assert_eq!(changed.len(), 1, "only the page's shard: {changed:?}");
    assert_eq!(
        get(&s.addr, &format!("/search/{}.js", changed[0])).status,
        200
    );
    // Every file of the shard is a full build's; the section's excerpt, stored for the result
    // snippet in a detail chunk, holds the new text.
    let (files, excerpt) = served_as_built(root, &dest, changed[0], "Zanzibarquokka gaming");
    assert!(files >= 3, "{files}");
    assert!(excerpt);
    // The language's term chunks, merged again from the shards' terms, are a full build's too,
    // and hold the new word.
    let terms = terms_name(&common::read(&dest, "search/index.js"));
    assert_eq!(terms_name(&get(&s.addr, "/search/index.js").body), terms);
    let (_, found) = served_as_built(root, &dest, &terms, "zanzibarquokka");
    assert!(found, "the new word is in a term chunk");
}

/// Asserts that serve's `search/<name>.js` and files in `search/<name>/` (under `root`) are the
/// full build's at `dest`, the same files byte for byte. Returns how many there are and whether
/// any holds `needle`.
fn served_as_built(root: &Path, dest: &Path, name: &str, needle: &str) -> (usize, bool) {
    let served = root.join(".safeguide-serve");
    let listed = |top: &Path| -> BTreeSet<String> {
        let mut files: BTreeSet<String> = std::fs::read_dir(top.join("search").join(name))
            .expect("a search folder")
            .map(|e| {
                format!(
                    "search/{name}/{}",
                    e.expect("entry").file_name().to_string_lossy()
                )
            })
            .collect();
        files.insert(format!("search/{name}.js"));
        files
    };
    let files = listed(dest);
    assert_eq!(listed(&served), files, "the same files");
    let mut found = false;
    for file in &files {
        let mine = std::fs::read(served.join(file)).expect("served");
        found |= String::from_utf8_lossy(&mine).contains(needle);
        assert_eq!(
            mine,
            std::fs::read(dest.join(file)).expect("built"),
            "{file}"
        );
    }
    (files.len(), found)
}

/// Issue #23: on a site of several shards, an edit's search update reads the other shards' terms
/// back from the term chunks being served and merges them with the edited shard's: every search
/// file then is a full build's, and the old term files go at the next update.
#[test]
fn an_edit_on_several_shards_merges_the_kept_shards_terms_as_a_full_build_does() {
    let site = common::site_of_several_shards();
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let before = get(&s.addr, "/search/index.js").body;
    assert!(shard_names(&before).len() >= 2, "{before}");
    edit(root, "content/more/g0002.md", "\n\n## ", " Axolotl.\n\n## ");
    ev.wait_for("event: reload");
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{}/", s.addr);
    common::build_ok(
        root,
        &["--base-url", &base, "--output", dest.to_str().unwrap()],
    );
    let built = common::read(&dest, "search/index.js");
    eventually("the manifest is a full build's", || {
        get(&s.addr, "/search/index.js").body == built
    });
    let terms = terms_name(&built);
    assert_ne!(terms, terms_name(&before));
    let served = root.join(".safeguide-serve");
    let (_, found) = served_as_built(root, &dest, &terms, "\"axolotl\"");
    assert!(found, "the new word is in a term chunk");
    // The replaced term files stay for a search page that loaded the old manifest, until the
    // next update.
    let old = terms_name(&before);
    assert!(served.join(format!("search/{old}.js")).is_file());
    edit(root, "content/more/g0002.md", " Axolotl.", " Okapi.");
    eventually("the term files before the last go", || {
        !served.join(format!("search/{old}.js")).exists()
            && !served.join("search").join(&old).exists()
    });
}

/// The name of the term files `search/index.js` names.
fn terms_name(manifest_script: &str) -> String {
    let rest = manifest_script
        .split("\"terms\":\"")
        .nth(1)
        .expect("terms in the manifest");
    rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}

/// A pack's documents hold its items' text and its pages list their titles: an edit to an item
/// updates both editions and the pack pages in serve, as a full build would.
#[test]
fn an_edit_to_a_pack_item_updates_both_editions() {
    let site = common::fixture("packs");
    let root = site.path();
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");
    // The editions' tabs: each reloads once its edition is written (the item's page first).
    let tabs = ["facilitator", "participant"]
        .map(|e| events_of(&s.addr, &format!("packs/session/{e}/index.html")));

    edit(
        root,
        "content/guides/risks.md",
        "Know the risks.",
        "Know the Zq risks.",
    );
    for (edition, tab) in ["facilitator", "participant"].iter().zip(&tabs) {
        tab.next_reload();
        let page = get(&s.addr, &format!("/packs/session/{edition}/"));
        assert!(
            page.body.contains("Zq risks"),
            "the {edition} edition was not updated"
        );
    }
    settles_as_full_build(root, &s.addr, "a body edit to a pack item");

    let listing = events_of(&s.addr, "packs/session/index.html");
    edit(
        root,
        "content/guides/risks.md",
        "title: Online risks",
        "title: Zq online risks",
    );
    listing.next_reload();
    assert!(get(&s.addr, "/packs/session/")
        .body
        .contains("Zq online risks"));
    settles_as_full_build(root, &s.addr, "a title edit to a pack item");
}

/// A site standing on the built-in pack (`base: default`): serve picks up the site's own files,
/// a new copy laid over a base page included, and ends as a full build would.
#[test]
fn a_site_on_a_base_serves_its_own_edits_and_new_overrides() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = common::run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let root = dir.path().join("site");
    common::write(
        &root,
        "content/parents/northshire.md",
        "---\ntitle: Support in Northshire\nsummary: Local support.\n---\nFirst text.\n",
    );
    let s = serve(&root);
    assert!(get(&s.addr, "/parents/northshire/")
        .body
        .contains("First text."));

    // The site's own page, edited.
    edit(
        &root,
        "content/parents/northshire.md",
        "First text.",
        "zq-own-edit.",
    );
    eventually("the edited page", || {
        get(&s.addr, "/parents/northshire/")
            .body
            .contains("zq-own-edit")
    });
    settles_as_full_build(&root, &s.addr, "an edit to the site's own page");

    // A copy of a base page, written into the site: it replaces the base's page.
    let o = common::run(&root, &["override", "content/parents/gaming-and-chat.md"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    edit(
        &root,
        "content/parents/gaming-and-chat.md",
        "\n---\n",
        "\n---\nzq-northshire-gaming.\n\n",
    );
    eventually("the overriding page", || {
        get(&s.addr, "/parents/gaming-and-chat/")
            .body
            .contains("zq-northshire-gaming")
    });
    settles_as_full_build(&root, &s.addr, "an override of a base page");
}

/// A thin site's site.yaml list edits (a route added by id, one hidden) reach /report/ and every
/// page's panel, the base's routes kept.
#[test]
fn site_yaml_list_edits_are_served_merged_with_the_base() {
    let dir = tempfile::tempdir().expect("temp dir");
    let o = common::run(dir.path(), &["new", "site"]);
    assert!(o.status.success(), "{}", common::stderr(&o));
    let root = dir.path().join("site");
    let s = serve(&root);
    assert!(get(&s.addr, "/report/")
        .body
        .contains("Report Harmful Content"));
    let yaml = common::read(&root, "site.yaml");
    common::write(
        &root,
        "site.yaml",
        &format!(
            "{yaml}\nreport:\n  - id: zq-mash\n    label: Zq Northshire MASH\n    phone: 01234 567 890\n    after: call-999\nhide:\n  report: [report-harmful-content]\n"
        ),
    );
    eventually("the added route", || {
        let body = get(&s.addr, "/report/").body;
        body.contains("Zq Northshire MASH") && !body.contains("Report Harmful Content")
    });
    let report = get(&s.addr, "/report/").body;
    assert!(
        report.contains("Report online sexual abuse or grooming to CEOP")
            && report.contains("NSPCC helpline")
    );
    assert!(
        get(&s.addr, "/parents/")
            .body
            .contains("Zq Northshire MASH"),
        "in the panels too"
    );
}

/// An edit in the base folder a site stands on (`base: ../national`) rebuilds the site too.
#[test]
fn an_edit_in_a_base_folder_rebuilds_the_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let national = dir.path().join("national");
    common::write(
        &national,
        "site.yaml",
        "title: National\nbase_url: https://n.example.org/\naudiences:\n  - id: parents\n    name: Parents\n",
    );
    common::write(
        &national,
        "content/_index.md",
        "---\ntitle: Home\naudience: [parents]\n---\nHome.\n",
    );
    common::write(
        &national,
        "content/apps.md",
        "---\ntitle: Apps\nsummary: Apps.\n---\nNational text.\n",
    );
    let local = dir.path().join("local");
    common::write(
        &local,
        "site.yaml",
        "title: Local\nbase_url: https://l.example.org/\nbase: ../national\n",
    );
    let s = serve(&local);
    assert!(get(&s.addr, "/apps/").body.contains("National text."));
    edit(
        &national,
        "content/apps.md",
        "National text.",
        "zq-national-update.",
    );
    eventually("the base's edit", || {
        get(&s.addr, "/apps/").body.contains("zq-national-update")
    });
    settles_as_full_build(&local, &s.addr, "an edit in the base folder");
}

/// One site with every kind of output an edit can reach (a pack with both editions, a policy's
/// Word copy, tag pages, an alias redirect and the search index): after each kind of edit, serve's
/// folder is what a full build writes.
#[test]
fn every_kind_of_output_follows_each_kind_of_edit() {
    let site = common::fixture("good");
    let root = site.path();
    common::write(
        root,
        "packs/evening.yaml",
        "title: Parents' evening\naudience: parents\neditions: [facilitator, participant]\n\
         items:\n  - parents/gaming.md\n  - policies/aup.md\n",
    );
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    assert_eq!(get(&s.addr, "/packs/evening/participant/").status, 200);
    let manifest = || get(&s.addr, "/search/index.js").body;
    let first_manifest = manifest();

    // A body edit: the page, both pack editions and the search index.
    edit(
        root,
        "content/parents/gaming.md",
        "Games are fun.",
        "Games are zqbody fun.",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a body edit to a pack item");
    for edition in ["facilitator", "participant"] {
        assert!(get(&s.addr, &format!("/packs/evening/{edition}/"))
            .body
            .contains("zqbody"));
    }
    eventually("the search index to change", || {
        manifest() != first_manifest
    });

    // Title, tags and alias together: listings, tag pages, the redirect, the pack's contents.
    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq gaming\n",
    );
    edit(
        root,
        "content/parents/gaming.md",
        "tags: [Gaming, Chat]\naliases: [/old/gaming.html]",
        "tags: [Zq Tag]\naliases: [/zq/old/]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a title, tag and alias edit");
    assert!(get(&s.addr, "/packs/evening/").body.contains("Zq gaming"));
    assert!(get(&s.addr, "/zq/old/").body.contains("Zq gaming"));
    assert_eq!(get(&s.addr, "/old/gaming.html").status, 404);
    assert!(get(&s.addr, "/tags/zq-tag/").body.contains("Zq gaming"));

    // A policy's blanks: its page, its Word copy and the pack.
    edit(
        root,
        "content/policies/aup.md",
        "Signed by {{ head }}.",
        "Signed by {{ head }}, zqpolicy.",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a policy edit");
    assert!(get(&s.addr, "/packs/evening/facilitator/")
        .body
        .contains("zqpolicy"));

    // The pack itself: a different item list and title.
    common::write(
        root,
        "packs/evening.yaml",
        "title: Zq evening\naudience: parents\neditions: [participant]\nitems:\n  - parents/tips.md\n",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "an edit to the pack's file");
    assert_eq!(get(&s.addr, "/packs/evening/facilitator/").status, 404);
    assert!(get(&s.addr, "/packs/evening/").body.contains("Zq evening"));
}

#[test]
fn an_edit_to_a_welsh_page_updates_the_welsh_tag_and_landing_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    common::write(
        root,
        "site.yaml",
        "title: Bilingual\nbase_url: https://b.example.test/\nlanguages:\n  - { code: en-GB, name: English }\n  - { code: cy, name: Cymraeg }\naudiences:\n  - id: kids\n    name: Children\n    translations: { cy: { name: Plant } }\n",
    );
    common::write(root, "content/_index.md", "---\ntitle: Home\n---\nHi.\n");
    common::write(
        root,
        "content/_index.cy.md",
        "---\ntitle: Hafan\n---\nHelo.\n",
    );
    common::write(
        root,
        "content/gaming.md",
        "---\ntitle: Gaming\naudience: [kids]\ntags: [Games]\n---\nPlay.\n",
    );
    common::write(
        root,
        "content/gaming.cy.md",
        "---\ntitle: Gemau\naudience: [kids]\ntags: [Gemau]\n---\nChwarae.\n",
    );
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    assert!(get(&s.addr, "/cy/tags/gemau/").body.contains("Gemau"));

    // A new title and tag on the Welsh page: its Welsh tag pages, old and new, and the Welsh
    // landing page follow; the English ones do not list it.
    edit(
        root,
        "content/gaming.cy.md",
        "title: Gemau\n",
        "title: Zq gemau\n",
    );
    edit(
        root,
        "content/gaming.cy.md",
        "tags: [Gemau]",
        "tags: [Gemau, Zq pwnc]",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "a Welsh title and tag");
    let topic = get(&s.addr, "/cy/tags/zq-pwnc/");
    assert_eq!(topic.status, 200);
    assert!(topic.body.contains("Zq gemau") && topic.body.contains("<html lang=cy>"));
    assert!(get(&s.addr, "/cy/tags/gemau/").body.contains("Zq gemau"));
    assert!(get(&s.addr, "/cy/kids/").body.contains("Zq gemau"));
    assert!(!get(&s.addr, "/kids/").body.contains("Zq gemau"));
    assert_eq!(get(&s.addr, "/tags/zq-pwnc/").status, 404);
}

/// A title edit on a page its section, a tag page and the feed list: the page is written and its
/// tab told first, each listing's tab when that listing is written (so a tab never reloads into a
/// stale listing), tabs of pages the edit does not reach not at all, and the folder ends as a full
/// build's. When the rest of an update fails, the page written first is put back.
#[test]
fn the_edited_page_reloads_first_and_each_listing_when_written() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");
    let page = events_of(&s.addr, "parents/gaming/index.html");
    let section = events_of(&s.addr, "parents/index.html");
    let tag = events_of(&s.addr, "tags/chat/index.html");
    let untouched = events_of(&s.addr, "kids/index.html");
    let everything = events(&s.addr);

    edit(
        root,
        "content/parents/gaming.md",
        "title: Gaming safely\n",
        "title: Zq first\n",
    );
    // Each fetch right after its event, without waiting: the file was written before it.
    let g = page.next_reload();
    assert!(get(&s.addr, "/parents/gaming/").body.contains("Zq first"));
    assert_eq!(
        section.next_reload(),
        g + 1,
        "the listings are announced after the page"
    );
    assert!(get(&s.addr, "/parents/").body.contains("Zq first"));
    assert_eq!(tag.next_reload(), g + 1);
    assert!(get(&s.addr, "/tags/chat/").body.contains("Zq first"));
    // A tab that names no file reloads at both.
    assert_eq!(everything.next_reload(), g);
    assert_eq!(everything.next_reload(), g + 1);
    settles_as_full_build(root, &s.addr, "a title edit");
    assert!(common::read(root, ".safeguide-serve/atom.xml").contains("Zq first"));

    // A body edit to the kids' landing page: the first reload its tab gets is this one's, and the
    // gaming page's tab skips it.
    edit(
        root,
        "content/kids/_index.md",
        "\n---\n",
        "\n---\nZq kids.\n",
    );
    let k = untouched.next_reload();
    assert!(
        k > g + 1,
        "the kids' page did not reload for the title edit"
    );
    assert!(get(&s.addr, "/kids/").body.contains("Zq kids."));
    edit(
        root,
        "content/parents/gaming.md",
        "Games are fun.",
        "Games are zq fun.",
    );
    assert_eq!(
        page.next_reload(),
        k + 1,
        "the gaming page skipped the others"
    );
    settles_as_full_build(root, &s.addr, "two body edits");

    // Removing the heading gaming.md links to: the tips page is written first, then gaming.md
    // fails to render; the tips page is put back under the error's overlay.
    let before = get(&s.addr, "/parents/tips/").body;
    assert!(before.contains("id=tip-list"));
    edit(
        root,
        "content/parents/tips.md",
        "## Tip list\n",
        "## Zq list\n",
    );
    untouched.next_reload();
    let after = get(&s.addr, "/parents/tips/").body;
    assert!(after.contains("safeguide-error"), "the overlay");
    assert!(after.contains("id=tip-list") && !after.contains("Zq list"));
    edit(
        root,
        "content/parents/tips.md",
        "## Zq list\n",
        "## Tip list\n",
    );
    settles_as_full_build(root, &s.addr, "the fix");
}

/// The lines serve printed since the last call, waiting until it printed one containing `until`.
fn printed_until(s: &Serve, until: &str) -> Vec<String> {
    let start = Instant::now();
    let mut lines = Vec::new();
    loop {
        let line = s
            .stdout
            .recv_timeout(DEADLINE.saturating_sub(start.elapsed()))
            .unwrap_or_else(|_| panic!("serve printed no `{until}`: {lines:?}"));
        let done = line.contains(until);
        lines.push(line);
        if done {
            return lines;
        }
    }
}

#[test]
fn a_save_in_several_steps_makes_one_update_of_the_whole_file() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    let page = root.join("content/parents/gaming.md");
    let original = common::read(root, "content/parents/gaming.md");
    // After a save: one update of the pages (not a full build, nor an error on the way).
    let one_update = |after: &str| {
        ev.wait_for("event: reload");
        let lines = printed_until(&s, "files in ");
        let bad = ["did not build", "built the site"];
        assert!(
            !lines.iter().any(|l| bad.iter().any(|b| l.contains(b))),
            "after {after}: {lines:?}"
        );
        let updates = lines
            .iter()
            .filter(|l| l.contains("updated: ") && l.contains(" files in "));
        assert_eq!(updates.count(), 1, "after {after}: {lines:?}");
        settles_as_full_build(root, &s.addr, after);
    };

    // Truncated, then written in two parts, the first ending inside the front matter (which
    // does not parse), then closed: one update, of the whole text, and no error.
    let text = original.replacen("title: Gaming safely", "title: Zq in two parts", 1);
    let (head, tail) = text.split_at(text.find("tags:").unwrap());
    {
        let mut f = std::fs::File::create(&page).unwrap();
        f.write_all(head.as_bytes()).unwrap();
        f.flush().unwrap();
        f.write_all(tail.as_bytes()).unwrap();
    }
    one_update("a save in two writes");
    assert!(get(&s.addr, "/parents/").body.contains("Zq in two parts"));

    // A safe write: the new text in a temporary file, the page moved away, the new file moved
    // in, the old one deleted. The page is missing for a moment, which a full build would
    // follow; it is read once back in place.
    let tmp = root.join("content/parents/gaming.md.zqtmp");
    let old = root.join("content/parents/gaming.md.zqold");
    std::fs::write(
        &tmp,
        original.replacen("title: Gaming safely", "title: Zq safely written", 1),
    )
    .unwrap();
    std::fs::rename(&page, &old).unwrap();
    std::fs::rename(&tmp, &page).unwrap();
    std::fs::remove_file(&old).unwrap();
    one_update("a safe write");
    assert!(get(&s.addr, "/parents/").body.contains("Zq safely written"));
}

#[test]
fn pages_that_come_to_sort_alike_list_as_a_full_build_lists_them() {
    let site = common::fixture("good");
    let root = site.path();
    // A section that is no audience's landing page lists its own pages.
    for (name, weight) in [("one", 1), ("two", 2)] {
        common::write(
            root,
            &format!("content/training/zq-{name}.md"),
            &format!("---\ntitle: Zq {name}\nweight: {weight}\n---\n\nText.\n"),
        );
    }
    let s = serve(root);
    let ev = events(&s.addr);
    settles_as_full_build(root, &s.addr, "the first build");
    let order = || {
        let listing = get(&s.addr, "/training/").body;
        let at = |href: &str| listing.find(href).unwrap_or_else(|| panic!("{href}"));
        at("/training/zq-one/") < at("/training/zq-two/")
    };
    assert!(order());
    // zq-two.md (after zq-one.md in file order) listed first, then with zq-one.md's weight and
    // title: the two now sort by file order, whatever the order before.
    edit(root, "content/training/zq-two.md", "weight: 2", "weight: 0");
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "zq-two.md moved first");
    assert!(!order());
    edit(
        root,
        "content/training/zq-two.md",
        "title: Zq two\nweight: 0",
        "title: Zq one\nweight: 1",
    );
    ev.wait_for("event: reload");
    settles_as_full_build(root, &s.addr, "zq-two.md sorting as zq-one.md does");
    assert!(order());
}

/// What serve reported for its next update: whether it built, and the problems it printed.
fn next_update_findings(s: &Serve) -> (bool, Vec<String>) {
    let start = Instant::now();
    let mut errs = Vec::new();
    let built = loop {
        assert!(
            start.elapsed() < DEADLINE,
            "serve reported no update; it printed:\n{}",
            errs.join("\n")
        );
        if let Ok(line) = s.stdout.try_recv() {
            if line.contains("updated: ") || line.contains("built the site: ") {
                break true;
            }
        }
        match s.stderr.try_recv() {
            Ok(line) if line.contains("the site did not build") => break false,
            Ok(line) => errs.push(line),
            Err(_) => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    // Warnings go to stderr before the summary goes to stdout: take what is still in the pipe.
    std::thread::sleep(Duration::from_millis(300));
    errs.extend(s.stderr.try_iter());
    (built, common::problems(&errs.join("\n")))
}

/// Whether a full build of `root` succeeds, and the problems it prints.
fn build_findings(root: &Path) -> (bool, Vec<String>) {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let o = common::run(root, &["build", "--output", dest.to_str().unwrap()]);
    (o.status.success(), common::problems(&common::stderr(&o)))
}

/// Serve's update after an edit reports what a full build of the same files reports: the same
/// outcome and the same problems at the same places.
fn reports_as_build(s: &Serve, root: &Path, after: &str) -> Vec<String> {
    let served = next_update_findings(s);
    let built = build_findings(root);
    assert_eq!(
        served, built,
        "after {after}, serve reported (built, findings) on the left, a full build on the right"
    );
    built.1
}

#[test]
fn a_renamed_heading_breaks_a_percent_encoded_link_in_serve_as_in_a_build() {
    let site = common::fixture("good");
    let root = site.path();
    common::write(
        root,
        "content/parents/screen time.md",
        "---\ntitle: Screen time\nsummary: Agreeing limits.\n---\n## Agree the limits\n\nTalk first.\n",
    );
    // The link names the file percent-encoded, as a file name with a space must be written.
    edit(
        root,
        "content/parents/tips.md",
        "2. **Set limits.** Agree times.",
        "2. **Set limits.** Agree times.\n3. **Plan.** [Agree them](screen%20time.md#agree-the-limits).",
    );
    let s = serve(root);
    settles_as_full_build(root, &s.addr, "the first build");

    edit(
        root,
        "content/parents/screen time.md",
        "## Agree the limits",
        "## Agree the rules",
    );
    let found = reports_as_build(&s, root, "renaming the linked heading");
    assert!(
        found.iter().any(|f| f.starts_with("error")
            && f.contains("#agree-the-limits")
            && f.contains("tips.md:13:")),
        "a build reports the broken anchor at tips.md: {found:?}"
    );

    edit(
        root,
        "content/parents/screen time.md",
        "## Agree the rules",
        "## Agree the limits",
    );
    let found = reports_as_build(&s, root, "naming the heading back");
    assert!(
        found.iter().all(|f| !f.starts_with("error")),
        "no error once fixed: {found:?}"
    );
    settles_as_full_build(root, &s.addr, "the fix");
}

/// `content/` deleted and made again (a checkout, a restore from backup) is a new folder: serve
/// watches it from then on, so later edits are still rebuilt.
#[test]
fn content_deleted_and_made_again_is_still_watched() {
    let site = common::fixture("good");
    let root = site.path();
    let s = serve(root);
    let url = "/parents/gaming/";
    assert_eq!(get(&s.addr, url).status, 200);
    let away = tempfile::tempdir().expect("temp dir");
    common::copy_dir(&root.join("content"), away.path());
    std::fs::remove_dir_all(root.join("content")).expect("delete content/");
    // Time for serve to see the folder go (a site without pages may fail to build: the last good
    // pages stay served meanwhile).
    std::thread::sleep(Duration::from_millis(1500));
    common::copy_dir(away.path(), &root.join("content"));
    let page = "content/parents/gaming.md";
    let text = std::fs::read_to_string(root.join(page)).expect("page");
    common::write(
        root,
        page,
        &format!("{text}\nEdited after, zq-marker-recreated.\n"),
    );
    eventually("the edit in the recreated folder", || {
        get(&s.addr, url).body.contains("zq-marker-recreated")
    });
}
