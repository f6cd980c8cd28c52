//! serve is a build with a previous plan (issue #37): through a sequence of edits of every kind,
//! after each one the folder serve keeps and the problems it reports are those of a clean build of
//! the same files.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

const DEADLINE: Duration = Duration::from_secs(90);

/// The running server, killed when the test ends however it ends; its output, line by line.
struct Serve {
    child: Child,
    addr: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(out: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    rx
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
    let stdout = lines(child.stdout.take().expect("stdout"));
    let stderr = lines(child.stderr.take().expect("stderr"));
    let addr = loop {
        let line = stdout
            .recv_timeout(DEADLINE)
            .expect("serve printed its URL");
        if let Some(i) = line.find("http://") {
            break line[i + 7..].trim_end_matches('/').to_string();
        }
    };
    Serve {
        child,
        addr,
        stdout,
        stderr,
    }
}

/// The body of `GET target`.
fn get(addr: &str, target: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").expect("headers end");
    let status = head.split(' ').nth(1).and_then(|c| c.parse().ok());
    (status.expect("status"), body.to_string())
}

/// What serve reported for its next update: whether it built, and its problems.
fn next_update(s: &Serve) -> (bool, Vec<String>) {
    let start = Instant::now();
    let mut errs = Vec::new();
    let built = loop {
        assert!(start.elapsed() < DEADLINE, "no update: {errs:?}");
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
    // Problems go to stderr before the summary to stdout: take what is still in the pipe.
    std::thread::sleep(Duration::from_millis(300));
    errs.extend(s.stderr.try_iter());
    (built, common::problems(&errs.join("\n")))
}

/// A clean build of `root` for serve's address into a new folder: whether it succeeded, its
/// problems, and its files (without the build record and the search index, which serve brings up
/// to date after the pages).
fn clean_build(root: &Path, addr: &str) -> (bool, Vec<String>, BTreeMap<String, Vec<u8>>) {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{addr}/");
    let o = common::run(
        root,
        &["build", "--base-url", &base, "-o", dest.to_str().unwrap()],
    );
    let files = if o.status.success() {
        comparable(&dest)
    } else {
        BTreeMap::new()
    };
    (
        o.status.success(),
        common::problems(&common::stderr(&o)),
        files,
    )
}

fn comparable(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = common::files(dir);
    let search = |f: &str| f.starts_with("search/") && f.ends_with(".js");
    files.retain(|f, _| !search(f) && !f.starts_with(".safeguide"));
    files
}

/// Makes an edit, then checks serve's report and folder against a clean build's.
fn step(s: &Serve, root: &Path, what: &str, edit: impl FnOnce()) -> Vec<String> {
    edit();
    let served = next_update(s);
    let (ok, found, built) = clean_build(root, &s.addr);
    assert_eq!(
        served,
        (ok, found.clone()),
        "after {what}: serve reported (built, problems) on the left, a clean build on the right"
    );
    if ok {
        let folder = root.join(".safeguide-serve");
        let start = Instant::now();
        loop {
            let now = comparable(&folder);
            if now == built {
                break;
            }
            let differ: Vec<&String> = built
                .keys()
                .chain(now.keys())
                .filter(|f| built.get(*f) != now.get(*f))
                .collect();
            assert!(
                start.elapsed() < DEADLINE,
                "after {what}, serve's folder differs from a clean build in {differ:?}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
    found
}

fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let text = common::read(root, rel);
    assert!(text.contains(from), "{rel} has no `{from}`");
    common::write(root, rel, &text.replacen(from, to, 1));
}

#[test]
fn after_every_kind_of_edit_serve_serves_and_reports_what_a_clean_build_does() {
    let site = common::fixture("good");
    let root = site.path();
    let screen = "content/parents/screen time.md";
    common::write(
        root,
        screen,
        "---\ntitle: Screen time\nsummary: Agreeing limits.\ntags: [limits]\n---\n\
         ## Agree the limits\n\nTalk first. CEOP can help.\n",
    );
    // A file name with a space can only be linked percent-encoded.
    replace(
        root,
        "content/parents/tips.md",
        "2. **Set limits.** Agree times.",
        "2. **Set limits.** Agree times.\n3. **Plan.** [Agree them](screen%20time.md#agree-the-limits).",
    );
    let s = serve(root);
    // What the first build printed is not the first update's.
    std::thread::sleep(Duration::from_millis(300));
    s.stderr.try_iter().for_each(drop);
    step(&s, root, "nothing", || {
        replace(root, screen, "Talk first.", "Talk first.")
    });

    step(&s, root, "a body edit", || {
        replace(root, screen, "Talk first.", "Talk first, zqbody.")
    });
    assert!(get(&s.addr, "/parents/screen-time/").1.contains("zqbody"));

    let found = step(&s, root, "renaming a heading linked elsewhere", || {
        replace(root, screen, "## Agree the limits", "## Agree the rules")
    });
    assert!(
        found
            .iter()
            .any(|f| f.starts_with("error") && f.contains("tips.md:")),
        "the broken anchor is reported at tips.md: {found:?}"
    );
    let found = step(&s, root, "naming the heading back", || {
        replace(root, screen, "## Agree the rules", "## Agree the limits")
    });
    assert!(found.iter().all(|f| !f.starts_with("error")), "{found:?}");

    step(
        &s,
        root,
        "a title shown in listings and breadcrumbs",
        || {
            replace(
                root,
                "content/parents/_index.md",
                "title: Parents and carers",
                "title: Zq families",
            );
            replace(root, screen, "title: Screen time", "title: Zq screens");
        },
    );
    assert!(get(&s.addr, "/parents/tips/").1.contains("Zq families"));
    assert!(get(&s.addr, "/parents/").1.contains("Zq screens"));

    step(&s, root, "a tag edit", || {
        replace(root, screen, "tags: [limits]", "tags: [limits, zq screens]")
    });
    assert!(get(&s.addr, "/tags/zq-screens/").1.contains("Zq screens"));

    let added = "content/parents/zq-new.md";
    step(&s, root, "a page added", || {
        common::write(
            root,
            added,
            "---\ntitle: Zq new\nsummary: New.\n---\nSee [limits](screen%20time.md#agree-the-limits).\n",
        )
    });
    assert_eq!(get(&s.addr, "/parents/zq-new/").0, 200);
    step(&s, root, "a page removed", || {
        std::fs::remove_file(root.join(added)).expect("remove")
    });
    assert_eq!(get(&s.addr, "/parents/zq-new/").0, 404);

    step(&s, root, "a glossary edit", || {
        replace(
            root,
            "content/glossary.md",
            "  grooming:",
            "  screens: Zq phones, tablets and computers.\n  grooming:",
        )
    });
    step(&s, root, "a site.yaml edit", || {
        replace(
            root,
            "site.yaml",
            "title: Testshire Online Safety",
            "title: Zq Online Safety",
        )
    });
    assert!(get(&s.addr, "/parents/screen-time/")
        .1
        .contains("Zq Online Safety"));
}
