//! `safeguide serve` against hostile and broken clients: encoded redirects, malformed requests,
//! many connections at once, non-ASCII paths. The real binary on a free loopback port.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// Generous: the machine is shared and builds may be running beside the tests.
const DEADLINE: Duration = Duration::from_secs(60);

/// The running server; killed when the test ends, however it ends.
struct Serve {
    child: Child,
    addr: String,
    root: std::path::PathBuf,
    /// What serve writes to stderr, kept so a test can check nothing panicked.
    stderr: std::path::PathBuf,
    _stderr_dir: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// No request made serve panic, caught or not.
    fn assert_no_panic(&self) {
        let err = self.stderr();
        assert!(!err.contains("panicked"), "serve panicked:\n{err}");
    }

    fn out(&self) -> std::path::PathBuf {
        self.root.join(".safeguide-serve")
    }
}

fn serve(root: &Path) -> Serve {
    let dir = tempfile::tempdir().expect("temp dir");
    let stderr = dir.path().join("stderr.txt");
    let mut child = Command::new(common::bin())
        .args(["serve", "--port", "0"])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&stderr).expect("stderr file"))
        .spawn()
        .expect("start serve");
    let out = child.stdout.take().expect("stdout");
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
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
        root: root.to_path_buf(),
        stderr,
        _stderr_dir: dir,
    }
}

/// The `good` fixture with non-ASCII and odd names: a content folder `café/`, a static folder
/// with `%` and a space, a static file with a space and one with non-ASCII letters.
fn odd_site() -> tempfile::TempDir {
    let site = common::fixture("good");
    let root = site.path();
    common::write(
        root,
        "content/parents/café/_index.md",
        "---\ntitle: Café culture\nsummary: Chat in cafés.\n---\nHello from the zq-café-marker.\n",
    );
    common::write(
        root,
        "static/100% sure/index.html",
        "<!DOCTYPE html><html><body><p>zq-percent-marker</p></body></html>",
    );
    common::write(root, "static/two words.txt", "zq-space-marker\n");
    common::write(root, "static/ünï.txt", "zq-unicode-marker\n");
    site
}

/// Sends `bytes` as they are and reads until the server closes (or the deadline). Write errors
/// are ignored: the server may answer and close before a huge request is fully sent. A reset
/// after some bytes keeps what was read.
fn raw(addr: &str, bytes: &[u8]) -> Vec<u8> {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(DEADLINE)).unwrap();
    s.set_write_timeout(Some(DEADLINE)).unwrap();
    let _ = s.write_all(bytes);
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
        }
    }
    out
}

#[derive(Debug)]
struct Reply {
    status: u16,
    /// Header lines as sent.
    headers: Vec<String>,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find_map(|h| {
            let (n, v) = h.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Parses a response; None when there is none (closed without answering).
fn parse(raw: &[u8]) -> Option<Reply> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).expect("the head is ASCII");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()?
        .strip_prefix("HTTP/1.1 ")?
        .get(..3)?
        .parse()
        .ok()?;
    Some(Reply {
        status,
        headers: lines.map(str::to_string).collect(),
        body: String::from_utf8_lossy(&raw[end + 4..]).into_owned(),
    })
}

/// GET `target`, sent byte for byte as given.
fn get(addr: &str, target: &str) -> Reply {
    let req = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    let r = raw(addr, req.as_bytes());
    parse(&r).unwrap_or_else(|| panic!("no response to {target:?}: {r:?}"))
}

/// Every header line is visible ASCII: no CR, LF or other control character got into one.
fn assert_clean_headers(r: &Reply) {
    for h in &r.headers {
        assert!(
            h.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b)),
            "header {h:?}"
        );
        assert!(h.contains(':'), "not a header line: {h:?}");
        assert!(!h.to_ascii_lowercase().starts_with("set-cookie"), "{h:?}");
    }
}

#[test]
fn redirects_are_percent_encoded_and_never_split_a_header() {
    let site = odd_site();
    let s = serve(site.path());

    // A content folder with a non-ASCII name, asked for percent-encoded (as browsers do) and raw.
    for target in [
        "/parents/caf%C3%A9",
        "/parents/café",
        "/parents/caf%c3%a9?x=1",
    ] {
        let r = get(&s.addr, target);
        assert_eq!(r.status, 301, "{target}: {r:?}");
        assert_clean_headers(&r);
        let loc = r.header("location").expect("location");
        assert!(loc.starts_with("/parents/caf%C3%A9/"), "{target}: {loc}");
        let page = get(&s.addr, loc);
        assert_eq!(page.status, 200, "{loc}");
        assert!(page.body.contains("zq-café-marker"), "{loc}");
    }
    assert_eq!(
        get(&s.addr, "/parents/caf%c3%a9?x=1").header("location"),
        Some("/parents/caf%C3%A9/?x=1")
    );

    // `%` and a space in a folder's name.
    let r = get(&s.addr, "/100%25%20sure");
    assert_eq!(r.status, 301);
    assert_eq!(r.header("location"), Some("/100%25%20sure/"));
    let page = get(&s.addr, "/100%25%20sure/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("zq-percent-marker"));

    // CR/LF in a folder's name (made by hand in the output: no build would) and in the query.
    let evil = s.out().join("x\r\nSet-Cookie: zq=1");
    std::fs::create_dir_all(&evil).unwrap();
    std::fs::write(evil.join("index.html"), "<p>evil</p>").unwrap();
    let r = get(
        &s.addr,
        "/x%0d%0aSet-Cookie:%20zq=1?a=%0d%0aSet-Cookie:%20zq=2",
    );
    assert_eq!(r.status, 301, "{r:?}");
    assert_clean_headers(&r);
    assert_eq!(
        r.header("location"),
        Some("/x%0D%0ASet-Cookie:%20zq=1/?a=%0d%0aSet-Cookie:%20zq=2")
    );
    for target in [
        "/nope%0d%0aSet-Cookie:%20zq=1",
        "/nope%0aSet-Cookie:%20zq=1/",
        "/parents%0d%0aSet-Cookie:%20zq=1",
        "/%0d%0a%0d%0a<script>zq()</script>",
    ] {
        let r = get(&s.addr, target);
        assert!(r.status == 404 || r.status == 400, "{target}: {r:?}");
        assert_clean_headers(&r);
    }
    s.assert_no_panic();
}

#[test]
fn non_ascii_paths_are_served_when_they_exist_and_404_when_not() {
    let site = odd_site();
    let s = serve(site.path());
    for target in [
        "/parents/caf%C3%A9/",
        "/parents/caf%c3%a9/",
        "/parents/café/",
        "/parents/caf%C3%A9/?q=%C3%A9",
    ] {
        let r = get(&s.addr, target);
        assert_eq!(r.status, 200, "{target}");
        assert!(r.body.contains("zq-café-marker"), "{target}");
    }
    let r = get(&s.addr, "/%C3%BCn%C3%AF.txt");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, "zq-unicode-marker\n");
    assert_eq!(get(&s.addr, "/ünï.txt").body, "zq-unicode-marker\n");
    let r = get(&s.addr, "/two%20words.txt");
    assert_eq!(r.status, 200);
    assert_eq!(r.body, "zq-space-marker\n");

    for target in [
        "/parents/caf%C3%A9-nope/",
        "/parents/cafe/",
        // The same letters decomposed (e + combining acute): another name on disk.
        "/parents/cafe%CC%81/",
        "/%C3%BCn%C3%AF.txt.bak",
        "/日本語/",
        "/%E6%97%A5%E6%9C%AC%E8%AA%9E",
    ] {
        assert_eq!(get(&s.addr, target).status, 404, "{target}");
    }
    // Percent-encoded bytes that are not UTF-8 are refused.
    for target in ["/parents/caf%C3/", "/%ff%fe", "/%C3%28"] {
        assert_eq!(get(&s.addr, target).status, 400, "{target}");
    }
    s.assert_no_panic();
}

/// Request `i` of the thousand: each kind of malformed request in turn, varied a little.
fn malformed(i: usize) -> Vec<u8> {
    // A small deterministic generator for garbage bytes.
    let mut x = (i as u64)
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut junk = |n: usize| -> Vec<u8> {
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                (x >> 33) as u8
            })
            .collect()
    };
    let v = i / 32;
    match i % 32 {
        0 => [junk(50 + v), b"\r\n\r\n".to_vec()].concat(),
        1 => b"GET\r\n\r\n".to_vec(),
        2 => b"\r\n\r\n".to_vec(),
        3 => b"GET / HTTP/9.9\r\n\r\n".to_vec(),
        4 => format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(70_000 + v * 1000)).into_bytes(),
        5 => format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "b".repeat(100_000)).into_bytes(),
        6 => b"GET /\xff\xfe\xc3 HTTP/1.1\r\n\r\n".to_vec(),
        7 => b"GET /%ff%fe%c3 HTTP/1.1\r\n\r\n".to_vec(),
        8 => b"GET http://evil.example/../../site.yaml HTTP/1.1\r\n\r\n".to_vec(),
        9 => b"GET /../../../../etc/passwd HTTP/1.1\r\n\r\n".to_vec(),
        10 => b"GET /%2e%2e/%2e%2e/site.yaml HTTP/1.1\r\n\r\n".to_vec(),
        11 => b"GET /a\0b HTTP/1.1\r\n\r\n".to_vec(),
        12 => b"GET /%00 HTTP/1.1\r\n\r\n".to_vec(),
        13 => format!("GET / HTTP/1.1\r\n{}\r\n", "X-a: b\r\n".repeat(3000)).into_bytes(),
        14 => b"GET / HTTP/1.1\r\nHost\r\n\r\n".to_vec(),
        15 => b"BREW /pot HTTP/1.1\r\n\r\n".to_vec(),
        16 => b"POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello".to_vec(),
        17 => b"HEAD /__safeguide/events HTTP/1.1\r\n\r\n".to_vec(),
        18 => b"OPTIONS * HTTP/1.1\r\n\r\n".to_vec(),
        19 => b"GET * HTTP/1.1\r\n\r\n".to_vec(),
        20 => b"GET /\\..\\site.yaml HTTP/1.1\r\n\r\n".to_vec(),
        21 => b"GET / HTTP/1.1\r\nX: a\rb\r\n\r\n".to_vec(),
        22 => b"GET /%%%%%g%zz HTTP/1.1\r\n\r\n".to_vec(),
        23 => format!("GET /{} HTTP/1.1\r\n\r\n", "%C3%A9".repeat(2000)).into_bytes(),
        24 => b"GET //etc/passwd HTTP/1.1\r\n\r\n".to_vec(),
        25 => b"          \r\n\r\n".to_vec(),
        26 => junk(70_000 + v),
        27 => b"\0\0\0\0\r\n\r\n".to_vec(),
        28 => b"GET /?\xff\xfe HTTP/1.1\r\n\r\n".to_vec(),
        29 => b"GET /\r\n\r\n".to_vec(),
        30 => b"GET /parents/..%2f..%2f..%2fsite.yaml HTTP/1.1\r\nHost: \xff\r\n\r\n".to_vec(),
        _ => format!("GET /{} HTTP/1.1\r\n\r\n", "../".repeat(500)).into_bytes(),
    }
}

#[test]
fn a_thousand_malformed_requests_then_a_normal_get() {
    let site = common::fixture("good");
    let s = serve(site.path());
    let yaml = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    let title = yaml.lines().find(|l| l.starts_with("title:")).unwrap();
    assert_eq!(get(&s.addr, "/").status, 200);

    let start = Instant::now();
    // Four clients at once, 250 requests each.
    let results: Vec<Vec<(usize, Vec<u8>)>> = thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let addr = &s.addr;
                scope.spawn(move || {
                    (0..250)
                        .map(|k| {
                            let i = t * 250 + k;
                            assert!(start.elapsed() < DEADLINE, "the requests took too long");
                            (i, raw(addr, &malformed(i)))
                        })
                        .collect()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });

    let mut answered = 0;
    for (i, bytes) in results.into_iter().flatten() {
        let kind = i % 32;
        match parse(&bytes) {
            Some(r) => {
                answered += 1;
                assert!(
                    matches!(r.status, 200 | 400 | 404 | 405 | 408 | 431 | 505),
                    "request {i} (kind {kind}): {}",
                    r.status
                );
                assert_clean_headers(&r);
                assert!(!r.body.contains(title), "request {i} served site.yaml");
                assert!(!r.body.contains("etc/passwd") && !r.body.contains("root:"));
            }
            // A huge request may be reset while it is still being sent, after the answer.
            None => assert!(
                matches!(kind, 4 | 5 | 13 | 26),
                "request {i} (kind {kind}) got no answer: {:?}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
    assert!(answered >= 875, "only {answered} of 1000 answered");

    let home = get(&s.addr, "/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("Testshire"));
    s.assert_no_panic();
}

#[test]
fn two_hundred_connections_at_once_idle_half_open_and_normal() {
    let site = common::fixture("good");
    let s = serve(site.path());
    assert_eq!(get(&s.addr, "/").status, 200);
    let connect = || {
        let c = TcpStream::connect(&s.addr).expect("connect");
        c.set_read_timeout(Some(DEADLINE)).unwrap();
        c
    };

    // 60 that send nothing, 20 that stop half-way through the request line, 20 that do so and
    // then close their sending side, 10 event streams.
    let idle: Vec<TcpStream> = (0..60).map(|_| connect()).collect();
    let partial: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut c = connect();
            c.write_all(b"GET /parents/ HT").unwrap();
            c
        })
        .collect();
    let half_closed: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut c = connect();
            c.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
            c.shutdown(Shutdown::Write).unwrap();
            c
        })
        .collect();
    let streams: Vec<TcpStream> = (0..10)
        .map(|_| {
            let mut c = connect();
            c.write_all(b"GET /__safeguide/events HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            c
        })
        .collect();

    // 90 normal requests, all at once, while the others are open.
    let start = Instant::now();
    let statuses: Vec<u16> = thread::scope(|scope| {
        let handles: Vec<_> = (0..90)
            .map(|i| {
                let addr = &s.addr;
                scope.spawn(move || {
                    let target = ["/", "/parents/", "/kids/", "/style.css", "/nope/"][i % 5];
                    get(addr, target).status
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, st) in statuses.iter().enumerate() {
        let want = if i % 5 == 4 { 404 } else { 200 };
        assert_eq!(*st, want, "request {i}");
    }
    assert!(start.elapsed() < DEADLINE);

    // The event streams were answered too.
    for mut c in streams {
        let mut buf = [0u8; 256];
        let n = c.read(&mut buf).expect("event stream head");
        let text = String::from_utf8_lossy(&buf[..n]);
        assert!(text.starts_with("HTTP/1.1 200 OK"), "{text}");
    }

    // The server still answers, and it does not keep idle or half-sent requests forever: each
    // is answered with 408 (or just closed, when the client closed its side) within its limit.
    assert_eq!(get(&s.addr, "/").status, 200);
    let waited = Instant::now();
    for (what, conns) in [
        ("idle", idle),
        ("partial", partial),
        ("half-closed", half_closed),
    ] {
        for mut c in conns {
            let mut out = Vec::new();
            let got = c.read_to_end(&mut out);
            assert!(
                got.is_ok(),
                "the server kept a {what} connection open: {got:?}"
            );
            if let Some(r) = parse(&out) {
                assert_eq!(r.status, 408, "{what}");
            }
        }
    }
    assert!(waited.elapsed() < DEADLINE);
    assert_eq!(get(&s.addr, "/").status, 200);
    s.assert_no_panic();
}

#[test]
fn error_responses_never_echo_the_request() {
    let site = common::fixture("good");
    let s = serve(site.path());
    let marker = "zq<script>alert(1)</script>";
    for req in [
        format!("GET /{marker} HTTP/1.1\r\n\r\n"),
        format!("GET /%3Cscript%3Ezq()%3C/script%3E/{marker} HTTP/1.1\r\n\r\n"),
        format!("GET /../{marker} HTTP/1.1\r\n\r\n"),
        format!("PUT /{marker} HTTP/1.1\r\n\r\n"),
        format!("GET /{marker} HTTP/7.0\r\n\r\n"),
        format!(
            "GET /{marker} HTTP/1.1\r\nX: {}\r\n\r\n",
            "y".repeat(100_000)
        ),
        format!("{marker}\r\n\r\n"),
    ] {
        let bytes = raw(&s.addr, req.as_bytes());
        let r = parse(&bytes).unwrap_or_else(|| panic!("no answer to {req:.60}"));
        assert!(r.status >= 400, "{req:.60}: {}", r.status);
        assert!(
            !r.body.contains("<script>alert") && !r.body.contains("zq()"),
            "{req:.60} echoed:\n{}",
            r.body
        );
        assert_clean_headers(&r);
    }
    s.assert_no_panic();
}
