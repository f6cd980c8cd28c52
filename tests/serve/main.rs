//! `safeguide serve`: the real binary on a free port, in a copy of the bundled site.

#[path = "../common/mod.rs"]
mod common;

mod as_full_build;
mod bases;
mod basics;
mod search;
mod updates;

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
        // A failed test shows what serve said (a panic on its thread, a warning), which its
        // own assertion cannot.
        if std::thread::panicking() {
            // (Its reader thread forwards the last lines once the pipe closes.)
            std::thread::sleep(Duration::from_millis(200));
            let said: Vec<String> = self.stderr.try_iter().collect();
            eprintln!("serve said on stderr:\n{}", said.join("\n"));
        }
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
