//! Shared helpers for the integration tests: fixture sites, running the real binary, a static file
//! server on loopback and headless Chromium.
#![allow(dead_code)]

pub mod text_language;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::Arc;
use std::thread;

pub fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_safeguide"))
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` in a temporary folder, so tests can change it freely.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&repo_root().join("tests/fixtures").join(name), dir.path());
    dir
}

/// A copy of the bundled default site (site.yaml, frameworks.yaml, content/, packs/, profiles/).
pub fn bundled_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = repo_root();
    for file in ["site.yaml", "frameworks.yaml"] {
        std::fs::copy(root.join(file), dir.path().join(file)).expect("copy a site file");
    }
    for sub in ["content", "packs", "profiles"] {
        copy_dir(&root.join(sub), &dir.path().join(sub));
    }
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let dest = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &dest).expect("copy");
        }
    }
}

pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

/// Runs `safeguide <args>` in `root`.
pub fn run(root: &Path, args: &[&str]) -> Output {
    Command::new(bin())
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .output()
        .expect("run safeguide")
}

/// [`run`] with a time limit and a stdin that stays open and empty: a command that blocks (on a
/// named pipe, a device) fails the test instead of hanging it. Its output is read as it comes, so
/// a long one never fills the pipe.
pub fn run_limited(root: &Path, args: &[&str]) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = Command::new(bin())
        .args(args)
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run safeguide");
    let drain = |mut r: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            buf
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("safeguide {args:?} did not finish in 120 s (blocked on a pipe or device?)");
        }
        thread::sleep(std::time::Duration::from_millis(20));
    };
    Output {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Builds the site at `root` (extra args appended) and panics with the messages if it fails.
pub fn build_ok(root: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = run(root, &args);
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
    o
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

/// Serves `dir` over HTTP on 127.0.0.1 (a free port) until the process ends. Returns the base URL.
pub fn serve_dir(dir: &Path) -> String {
    serve_dir_with_delays(dir, |_| std::time::Duration::ZERO)
}

/// [`serve_dir`], answering each request for a path only after `delay(path)`: a slow network,
/// to see what a page does while some files are still on their way.
pub fn serve_dir_with_delays(dir: &Path, delay: fn(&str) -> std::time::Duration) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let dir = Arc::new(dir.to_path_buf());
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = Arc::clone(&dir);
            thread::spawn(move || serve_one(stream, &dir, delay));
        }
    });
    format!("http://127.0.0.1:{port}")
}

fn serve_one(mut stream: TcpStream, dir: &Path, delay: fn(&str) -> std::time::Duration) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // Drain headers.
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).map(|n| n == 0).unwrap_or(true) || h == "\r\n" {
            break;
        }
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/");
    let path = path.split(['?', '#']).next().unwrap_or("/");
    thread::sleep(delay(path));
    let mut file = dir.to_path_buf();
    for seg in path.split('/').filter(|s| !s.is_empty() && *s != "..") {
        file.push(percent_decode(seg));
    }
    if file.is_dir() {
        file.push("index.html");
    }
    let (status, body) = match std::fs::read(&file) {
        Ok(b) => ("200 OK", b),
        Err(_) => (
            "404 Not Found",
            std::fs::read(dir.join("404.html")).unwrap_or_default(),
        ),
    };
    let ctype = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "application/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        Some("pdf") => "application/pdf",
        _ => "application/octet-stream",
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(&body);
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Path of Debian's Chromium (or SAFEGUIDE_CHROMIUM).
pub fn chromium_path() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("SAFEGUIDE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// Headless Chromium with the project's flags and a fresh profile. Locally a missing browser skips
/// the test (returns None, with a note); in CI (CI=true) it fails the test.
pub fn browser() -> Option<(headless_chrome::Browser, tempfile::TempDir)> {
    let Some(path) = chromium_path() else {
        if std::env::var("CI").map(|v| v == "true").unwrap_or(false) {
            panic!(
                "Chromium is required for browser tests in CI: install Debian's `chromium` package"
            );
        }
        eprintln!("note: skipping browser test: no Chromium found (apt-get install chromium)");
        return None;
    };
    let profile = tempfile::tempdir().expect("profile dir");
    let args: Vec<&std::ffi::OsStr> = safeguide::BROWSER_FLAGS
        .iter()
        .chain(&["--disable-quic"])
        .map(std::ffi::OsStr::new)
        .collect();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.path().to_path_buf()))
        .args(args)
        .window_size(Some((1280, 900)))
        .idle_browser_timeout(std::time::Duration::from_secs(120))
        .build()
        .expect("launch options");
    let browser = headless_chrome::Browser::new(options).expect("launch Chromium");
    Some((browser, profile))
}

/// Where tests put screenshots for people to review.
pub fn screenshot_dir() -> PathBuf {
    let d = repo_root().join("target/screenshots");
    std::fs::create_dir_all(&d).expect("screenshot dir");
    d
}

/// axe-core, vendored unmodified (tests/vendor/axe-core), injected into pages under test.
pub const AXE: &str = include_str!("../vendor/axe-core/axe.min.js");

/// Every file under `dir`: its path relative to `dir` (`/`-separated) and its bytes, in order.
pub fn files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// [`files`] of a built site, but for safeguide's own record of what it made (which names the
/// build's time and so differs between two builds of the same site).
pub fn site_files(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut all = files(dir);
    all.remove(".safeguide-buildinfo");
    all
}

/// The value of `js` in `tab` (a promise is awaited); null when it has none.
pub fn eval(tab: &headless_chrome::Tab, js: &str) -> serde_json::Value {
    tab.evaluate(js, true)
        .unwrap_or_else(|e| panic!("evaluate {js}: {e}"))
        .value
        .unwrap_or(serde_json::Value::Null)
}

/// [`eval`] as text: a string as it is, anything else as JSON.
pub fn eval_str(tab: &headless_chrome::Tab, js: &str) -> String {
    match eval(tab, js) {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    }
}

/// Polls `cond` (JavaScript, true when done) until it holds; panics with `what` after 15 s.
pub fn wait_for(tab: &headless_chrome::Tab, cond: &str, what: &str) {
    let start = std::time::Instant::now();
    loop {
        if let Ok(r) = tab.evaluate(cond, false) {
            if r.value == Some(serde_json::Value::Bool(true)) {
                return;
            }
        }
        assert!(
            start.elapsed() < std::time::Duration::from_secs(15),
            "timed out waiting for {what}"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Navigates to `url` and waits until the page has loaded.
pub fn open(tab: &headless_chrome::Tab, url: &str) {
    tab.navigate_to(url)
        .and_then(|t| t.wait_until_navigated())
        .unwrap_or_else(|e| panic!("open {url}: {e}"));
    wait_for(tab, "document.readyState === 'complete'", url);
}

/// Sets the page's viewport to `width` x `height` CSS pixels (scale 1).
pub fn set_viewport(tab: &headless_chrome::Tab, width: u32, height: u32) {
    use headless_chrome::protocol::cdp::Emulation;
    tab.call_method(Emulation::SetDeviceMetricsOverride {
        width,
        height,
        device_scale_factor: 1.0,
        // Switching mobile emulation on and off stalls screenshots in headless Chromium; width is what matters here.
        mobile: false,
        scale: None,
        screen_width: None,
        screen_height: None,
        position_x: None,
        position_y: None,
        dont_set_visible_size: None,
        screen_orientation: None,
        viewport: None,
        display_feature: None,
        device_posture: None,
    })
    .expect("set device metrics");
}

/// axe-core's WCAG 2.2 A/AA violations on the page in `tab`: rule, impact, help and the first
/// few elements, one string each (empty when the page passes).
pub fn axe_violations(tab: &headless_chrome::Tab) -> Vec<String> {
    if eval(tab, "typeof window.axe") != serde_json::Value::String("object".into()) {
        tab.evaluate(AXE, false).expect("inject axe-core");
    }
    let json = eval_str(
        tab,
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
           .then(r => JSON.stringify(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + '\\n      '
             + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').replace(/\\n/g, ' ')).join('\\n      '))))",
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("axe result {json}: {e}"))
}

/// A finding as `check` and `build` print it: `severity[rule]: message`, then `  --> file:line:col`
/// when it has a place (file empty and line 0 when it has none).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub severity: String,
    pub rule: String,
    pub file: String,
    pub line: usize,
}

/// Every finding in a run's standard error, in the order printed.
pub fn findings(stderr: &str) -> Vec<Finding> {
    let mut out: Vec<Finding> = Vec::new();
    for line in stderr.lines() {
        if let Some((head, _message)) = line.split_once("]: ") {
            if let Some((severity, rule)) = head.split_once('[') {
                if ["error", "warning", "notice"].contains(&severity) {
                    out.push(Finding {
                        severity: severity.into(),
                        rule: rule.into(),
                        file: String::new(),
                        line: 0,
                    });
                }
            }
        } else if let Some(loc) = line.strip_prefix("  --> ") {
            if let Some(last) = out.last_mut() {
                let mut parts = loc.split(':');
                last.file = parts.next().unwrap_or_default().to_string();
                last.line = parts.next().map_or(0, |l| l.parse().expect("line number"));
            }
        }
    }
    out
}

/// The bundled site and 2,000 generated pages (parents', young people's and everyone's), so that
/// its English pages make two shards (`PAGES_PER_SHARD` is 2,000). The pages' words are drawn
/// from a small vocabulary, seeded, so queries match hundreds of pages in every shard.
pub fn site_of_several_shards() -> tempfile::TempDir {
    const WORDS: [&str; 40] = [
        "online", "safety", "home", "report", "worry", "gaming", "games", "gamer", "chat",
        "chatting", "phone", "phones", "app", "apps", "settings", "privacy", "friends", "family",
        "school", "teacher", "help", "advice", "talk", "screen", "time", "bully", "bullying",
        "photo", "video", "stream", "scam", "money", "password", "account", "block", "mute",
        "concern", "child", "parent", "trust",
    ];
    let site = bundled_site();
    let mut seed: u64 = 0x5eed;
    let mut word = move || {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        WORDS[((seed >> 33) % WORDS.len() as u64) as usize]
    };
    for (folder, audience) in [
        ("parents/more", "[parents]"),
        ("young-people/more", "[young-people]"),
        ("more", "[]"),
    ] {
        write(
            site.path(),
            &format!("content/{folder}/_index.md"),
            &format!("---\ntitle: More pages\nsummary: Generated pages.\naudience: {audience}\n---\n\nMore.\n"),
        );
    }
    for i in 0..2000 {
        let (folder, audience) = match i % 3 {
            0 => ("parents/more", "[parents]"),
            1 => ("young-people/more", "[young-people]"),
            _ => ("more", "[]"),
        };
        let mut text = |n: usize| (0..n).map(|_| word()).collect::<Vec<_>>().join(" ");
        let page = format!(
            "---\ntitle: {} {i}\nsummary: {}.\naudience: {audience}\ntags: [{}]\n---\n\n{}.\n\n\
             ## {} {{#part}}\n\n{}.\n",
            text(2),
            text(6),
            text(1),
            text(25),
            text(2),
            text(40),
        );
        write(site.path(), &format!("content/{folder}/g{i:04}.md"), &page);
    }
    site
}

/// The text of a PDF, one string per page with every run of white space made one space (lines
/// wrap where the layout puts them); None (with a note) without pdftotext, except in CI.
pub fn pdf_pages(pdf: &Path) -> Option<Vec<String>> {
    match std::process::Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
    {
        Ok(o) if o.status.success() => Some(
            String::from_utf8_lossy(&o.stdout)
                .split('\u{c}')
                .filter(|p| !p.trim().is_empty())
                .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect(),
        ),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!("pdftotext (poppler-utils) is required in CI")
        }
        _ => {
            eprintln!("note: skipping print checks: no pdftotext");
            None
        }
    }
}

/// The problems in a run's standard error as `build` and `serve` print them: each `error: message`
/// (or `warning:`, with or without a `[rule]`) line with the `  --> file:line:col` line under it,
/// if any; sorted.
pub fn problems(stderr: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in stderr.lines() {
        let severity = ["error:", "error[", "warning:", "warning["];
        if severity.iter().any(|p| line.starts_with(p)) {
            out.push(line.to_string());
        } else if let (Some(at), Some(last)) = (line.strip_prefix("  --> "), out.last_mut()) {
            last.push_str(" at ");
            last.push_str(at);
        }
    }
    out.sort();
    out
}
