//! The TCP side of `serve`: a small HTTP/1.1 server that answers GET and HEAD, with every read,
//! write, line and connection bounded, so no client, broken or hostile, can crash it or wear it out.
//!
//! One thread per connection (so idle or half-open connections never hold up others), at most
//! [`Limits::max_connections`] at once, and one request per connection (`Connection: close`), which
//! keeps the state a client can build up to a single bounded request head. A panic while answering
//! is caught and answered with 500; the accept loop runs under a supervisor that starts it again if
//! it ever fails, so a failed worker is always replaced.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How much one client may cost the server.
#[derive(Debug, Clone)]
pub struct Limits {
    /// The request line and headers together, in bytes.
    pub max_head: usize,
    pub max_headers: usize,
    /// Time for the whole request head to arrive: a client that sends nothing, or dribbles bytes,
    /// is cut off after this.
    pub head_timeout: Duration,
    /// A client that stops reading is dropped after this.
    pub write_timeout: Duration,
    /// Connections open at once (event streams included); more get 503.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            // Browsers send every cookie set for the host, and localhost collects many.
            max_head: 64 * 1024,
            max_headers: 100,
            head_timeout: Duration::from_secs(10),
            write_timeout: Duration::from_secs(30),
            max_connections: 512,
        }
    }
}

/// A request's method and target (origin-form: it starts with `/`, except `*`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub target: String,
}

pub struct Response {
    pub status: u16,
    /// Names are fixed by safeguide; values are checked again when written.
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    /// A fixed plain-text message. Callers never pass request text here.
    pub fn text(status: u16, msg: &'static str) -> Self {
        Self::new(status, "text/plain; charset=utf-8", msg.as_bytes().to_vec())
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// What a handler does with a request.
pub enum Reply {
    Response(Response),
    /// The handler takes the connection over and writes everything itself (the event stream).
    Takeover(Box<dyn FnOnce(&mut TcpStream) + Send>),
}

pub type Handler = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A bound listener, not yet answering.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
}

/// Running: stopping only stops accepting; the process ends right after.
pub struct Running {
    stop: Arc<AtomicBool>,
    addr: SocketAddr,
}

impl Server {
    pub fn bind(host: &str, port: u16) -> io::Result<Server> {
        let listener = TcpListener::bind((host, port))?;
        let addr = listener.local_addr()?;
        Ok(Server { listener, addr })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Starts accepting on a thread of its own, under a supervisor.
    pub fn start(self, handler: Handler, limits: Limits) -> io::Result<Running> {
        let stop = Arc::new(AtomicBool::new(false));
        let active = Arc::new(AtomicUsize::new(0));
        let (listener, addr) = (self.listener, self.addr);
        let stopping = Arc::clone(&stop);
        supervise("serve-accept", move || {
            accept_loop(&listener, &handler, &limits, &active, &stopping)
        })?;
        Ok(Running { stop, addr })
    }
}

/// Runs `f` on a thread of its own, and again each time it panics, until it returns.
fn supervise(
    name: &'static str,
    mut f: impl FnMut() + Send + 'static,
) -> io::Result<thread::JoinHandle<()>> {
    thread::Builder::new()
        .name(name.into())
        .spawn(move || loop {
            if panic::catch_unwind(AssertUnwindSafe(&mut f)).is_ok() {
                return;
            }
            // The panic was printed; start again rather than stop serving. The pause keeps a
            // failure that repeats from spinning.
            eprintln!("serve: the {name} thread failed; starting it again");
            thread::sleep(Duration::from_millis(100));
        })
}

impl Running {
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wakes the accept loop, blocked in accept(), so it sees the flag.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
    }
}

/// Holds one of the `max_connections` places; given back on drop, even when a thread panics.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        if active.fetch_add(1, Ordering::SeqCst) >= max {
            active.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(active)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

fn accept_loop(
    listener: &TcpListener,
    handler: &Handler,
    limits: &Limits,
    active: &Arc<AtomicUsize>,
    stop: &AtomicBool,
) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let mut stream = match conn {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, or the client left before we accepted: wait a moment
                // rather than spin, and keep serving.
                thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        let Some(slot) = Slot::take(active, limits.max_connections) else {
            // Never blocks: the accept loop must not wait on this client. What it sent so far is
            // read first, so closing does not reset the connection before the 503 is read.
            let _ = stream.set_nonblocking(true);
            let mut sink = [0u8; 4096];
            while matches!(stream.read(&mut sink), Ok(n) if n > 0) {}
            let _ = write_response(&mut stream, &busy(), false);
            let _ = stream.shutdown(Shutdown::Write);
            continue;
        };
        let (handler, limits) = (Arc::clone(handler), limits.clone());
        // If the thread cannot be made, the closure is dropped: the connection closes and the
        // slot is given back.
        let _ = thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || {
                let _slot = slot;
                let _ =
                    panic::catch_unwind(AssertUnwindSafe(|| connection(stream, &handler, &limits)));
            });
    }
}

fn busy() -> Response {
    Response::text(503, "The server is busy. Try again in a moment.\n")
        .with_header("Retry-After", "1")
}

/// Reads one request, answers it and closes.
fn connection(mut stream: TcpStream, handler: &Handler, limits: &Limits) {
    let _ = stream.set_nodelay(true);
    let _ = stream.set_write_timeout(Some(limits.write_timeout));
    let req = match read_request(&mut stream, limits) {
        Ok(r) => r,
        Err(HeadError::Closed) => return,
        Err(HeadError::Refused(code)) => {
            let _ = write_response(&mut stream, &error_response(code), false);
            linger(stream);
            return;
        }
    };
    let reply = panic::catch_unwind(AssertUnwindSafe(|| handler(&req))).unwrap_or_else(|_| {
        // The panic message went to the terminal; the client gets a plain 500, and the next
        // request is answered as usual.
        Reply::Response(Response::text(
            500,
            "Internal error: safeguide failed on this request (see the terminal).\n",
        ))
    });
    match reply {
        Reply::Response(r) => {
            let _ = write_response(&mut stream, &r, req.method == "HEAD");
            linger(stream);
        }
        Reply::Takeover(f) => f(&mut stream),
    }
}

/// Fixed texts for requests refused before a handler sees them; nothing of the request is echoed.
fn error_response(code: u16) -> Response {
    match code {
        408 => Response::text(408, "Request timeout.\n"),
        431 => Response::text(431, "Request header fields too large.\n"),
        505 => Response::text(505, "HTTP version not supported.\n"),
        _ => Response::text(400, "Bad request.\n"),
    }
}

#[derive(Debug, PartialEq, Eq)]
enum HeadError {
    /// The client went away: nothing to answer.
    Closed,
    /// Answered with this status (408 too slow, 431 too large, 400 malformed...).
    Refused(u16),
}

/// Reads the request head, within the size and time limits, and parses it with httparse as the
/// bytes arrive. Bytes after the head (a body) are ignored: only GET and HEAD are served, and the
/// connection closes afterwards. An `Err(Ok(status))` is a request refused with that status.
fn read_request(stream: &mut TcpStream, limits: &Limits) -> Result<Request, HeadError> {
    let deadline = Instant::now() + limits.head_timeout;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(HeadError::Refused(408));
        }
        // A timeout per read alone would let a client dribble one byte at a time forever.
        if stream.set_read_timeout(Some(left)).is_err() {
            return Err(HeadError::Closed);
        }
        let n = match stream.read(&mut chunk) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                return Err(HeadError::Refused(408))
            }
            Err(_) => return Err(HeadError::Closed),
        };
        buf.extend_from_slice(&chunk[..n]);
        let limit = buf.len().min(limits.max_head + 1);
        match parse_head(&buf[..limit], limits.max_headers) {
            Ok(Some(req)) => return Ok(req),
            Ok(None) if buf.len() > limits.max_head => return Err(HeadError::Refused(431)),
            Ok(None) => {}
            Err(code) => return Err(HeadError::Refused(code)),
        }
    }
}

/// Parses a request head with httparse (which also refuses control characters, malformed
/// header lines and invalid UTF-8 in the target): `None` until the blank line ending it has
/// arrived; an error is the status to answer.
fn parse_head(head: &[u8], max_headers: usize) -> Result<Option<Request>, u16> {
    let mut headers = vec![httparse::EMPTY_HEADER; max_headers];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(head) {
        // httparse skips blank lines before the request line, waiting for one; a client that
        // has sent a blank line and no request line gets its answer now, not at the timeout.
        Ok(httparse::Status::Partial) if has_blank_line(head) => Err(400),
        Ok(httparse::Status::Partial) => Ok(None),
        Ok(httparse::Status::Complete(_)) => {
            let (Some(method), Some(target)) = (req.method, req.path) else {
                return Err(400);
            };
            Ok(Some(Request {
                method: method.to_string(),
                target: origin_form(target).ok_or(400u16)?,
            }))
        }
        Err(httparse::Error::TooManyHeaders) => Err(431),
        // A version httparse does not take: 505 if it is another HTTP, else a malformed line.
        Err(httparse::Error::Version) if is_other_http(head) => Err(505),
        Err(_) => Err(400),
    }
}

/// Whether `head` holds an empty line (`\n\r\n` or `\n\n`, bare LF being tolerated).
fn has_blank_line(head: &[u8]) -> bool {
    head.windows(2).any(|w| w == b"\n\n") || head.windows(3).any(|w| w == b"\n\r\n")
}

/// Whether the request line ends in an HTTP version (such as `HTTP/2.0`) other than 1.0 or 1.1.
fn is_other_http(head: &[u8]) -> bool {
    let line = head.split(|&b| b == b'\n').next().unwrap_or_default();
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let version = line.rsplit(|&b| b == b' ').next().unwrap_or_default();
    version.len() <= 10 && version.starts_with(b"HTTP/")
}

/// `http://host/path?q` (absolute-form, which servers must accept) becomes `/path?q`; `/path`
/// and `*` stay; anything else is refused.
fn origin_form(target: &str) -> Option<String> {
    if target.starts_with('/') || target == "*" {
        return Some(target.to_string());
    }
    let lower = target.get(..8).unwrap_or(target).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &target[7..]
    } else if lower.starts_with("https://") {
        &target[8..]
    } else {
        return None;
    };
    Some(match rest.find(['/', '?']) {
        Some(i) if rest[i..].starts_with('/') => rest[i..].to_string(),
        Some(i) => format!("/{}", &rest[i..]),
        None => "/".to_string(),
    })
}

/// A header value safeguide may send: visible ASCII, spaces and tabs, so no CR, LF or other
/// control character can end a header early or start another.
pub fn safe_header_value(v: &str) -> bool {
    v.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

fn write_response(out: &mut impl Write, r: &Response, head_only: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", r.status, reason(r.status));
    for (name, value) in &r.headers {
        // The last guard: a value that could split the head is left out, never sent.
        if safe_header_value(value) {
            head.push_str(&format!("{name}: {value}\r\n"));
        } else {
            eprintln!("serve: left out a {name} header that held control characters");
        }
    }
    head.push_str(&format!(
        "Content-Length: {}\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        r.body.len()
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        out.write_all(&r.body)?;
    }
    out.flush()
}

/// Closes after the response: shuts our side, then reads what the client still sends for a short,
/// bounded while, so unread request bytes don't make the kernel reset the connection before the
/// client has read the response.
fn linger(mut stream: TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + Duration::from_secs(1);
    let mut sink = [0u8; 4096];
    let mut total = 0;
    while total < 256 * 1024 {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => total += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `s` as a complete head (a partial one is a malformed request here).
    fn parse(s: &[u8]) -> Result<Request, u16> {
        parse_head(&[s, b"\r\n\r\n"].concat(), 100)?.ok_or(400)
    }

    #[test]
    fn request_lines() {
        let ok = parse(b"GET /a%20b?x=1 HTTP/1.1\r\nHost: x\r\nAccept: */*").unwrap();
        assert_eq!(ok.method, "GET");
        assert_eq!(ok.target, "/a%20b?x=1");
        assert_eq!(
            parse("GET /café/ HTTP/1.0".as_bytes()).unwrap().target,
            "/café/"
        );
        assert_eq!(
            parse(b"GET http://evil.example/x/y?q HTTP/1.1")
                .unwrap()
                .target,
            "/x/y?q"
        );
        assert_eq!(parse(b"GET HTTPS://h HTTP/1.1").unwrap().target, "/");
        assert_eq!(parse(b"GET http://h?q HTTP/1.1").unwrap().target, "/?q");
        for bad in [
            &b""[..],
            b"GET",
            b"GET /",
            b"GET / HTTP/1.1 extra",
            b"GET  / HTTP/1.1",
            b"GET /a\0b HTTP/1.1",
            b"GET /a\rb HTTP/1.1",
            b"GET /\xff HTTP/1.1",
            b"G(T / HTTP/1.1",
            b"GET ftp://x/ HTTP/1.1",
            b"GET relative HTTP/1.1",
            b"GET / FOO/1.1",
            b"GET / HTTP/1.1\r\nno colon here",
            b"GET / HTTP/1.1\r\n: empty name",
            b"GET / HTTP/1.1\r\nBad Name: x",
            b"GET / HTTP/1.1\r\nX: a\0b",
        ] {
            assert_eq!(parse(bad), Err(400), "{}", String::from_utf8_lossy(bad));
        }
        assert_eq!(parse(b"GET / HTTP/2.0"), Err(505));
        let many = format!("GET / HTTP/1.1\r\n{}", "X: y\r\n".repeat(101));
        assert_eq!(parse(many.trim_end().as_bytes()), Err(431));
    }

    #[test]
    fn a_head_is_complete_at_the_blank_line() {
        assert!(parse_head(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody", 10)
            .unwrap()
            .is_some());
        assert!(parse_head(b"GET / HTTP/1.1\n\nbody", 10).unwrap().is_some());
        assert!(parse_head(b"GET / HTTP/1.1\r\nA: b\r\n", 10)
            .unwrap()
            .is_none());
        assert!(parse_head(b"GET /caf", 10).unwrap().is_none());
        assert_eq!(parse_head(b"\r\n\r\n", 10), Err(400));
    }

    #[test]
    fn header_values_never_carry_controls() {
        assert!(safe_header_value("/caf%C3%A9/"));
        assert!(safe_header_value("text/html; charset=utf-8"));
        for bad in ["/a\r\nSet-Cookie: x", "/a\nb", "/a\0", "/café/", "a\x7f"] {
            assert!(!safe_header_value(bad), "{bad:?}");
        }
        let mut out = Vec::new();
        let r = Response::text(301, "x").with_header("Location", "/a\r\nSet-Cookie: x=1");
        write_response(&mut out, &r, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(!text.contains("Set-Cookie"), "{text}");
        assert!(!text.contains("Location"), "{text}");
    }

    /// A server on a free loopback port with a handler that panics on `/boom`.
    fn test_server(limits: Limits) -> SocketAddr {
        let server = Server::bind("127.0.0.1", 0).unwrap();
        let addr = server.addr();
        let handler: Handler = Arc::new(|req: &Request| {
            if req.target == "/boom" {
                panic!("a handler failed (on purpose, in a test)");
            }
            Reply::Response(Response::text(200, "fine\n"))
        });
        let running = server.start(handler, limits).unwrap();
        std::mem::forget(running);
        addr
    }

    #[test]
    fn a_failed_thread_is_started_again() {
        let runs = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&runs);
        let t = supervise("test-supervised", move || {
            if counted.fetch_add(1, Ordering::SeqCst) < 2 {
                panic!("a supervised thread failed (on purpose, in a test)");
            }
        })
        .unwrap();
        t.join().unwrap();
        assert_eq!(runs.load(Ordering::SeqCst), 3);
    }

    fn get(addr: SocketAddr, target: &str) -> String {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(s, "GET {target} HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    }

    #[test]
    fn a_handler_that_panics_gets_500_and_the_server_goes_on() {
        let addr = test_server(Limits::default());
        // More failures than any fixed pool of workers would have threads.
        for _ in 0..20 {
            let r = get(addr, "/boom");
            assert!(r.starts_with("HTTP/1.1 500 "), "{r}");
            assert!(!r.contains("on purpose"), "no panic text to the client");
        }
        assert!(get(addr, "/").starts_with("HTTP/1.1 200 "));
    }

    #[test]
    fn connections_beyond_the_limit_get_503_and_places_come_back() {
        let addr = test_server(Limits {
            max_connections: 2,
            // Long enough that the idle ones are still open when the third connects.
            head_timeout: Duration::from_secs(5),
            ..Limits::default()
        });
        let idle: Vec<TcpStream> = (0..2).map(|_| TcpStream::connect(addr).unwrap()).collect();
        // The accept loop takes the idle ones first (accepts are in order). The third sends
        // nothing, so nothing is left unread to reset the connection.
        let mut third = TcpStream::connect(addr).unwrap();
        third
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut out = String::new();
        third.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 503 "), "{out}");
        // The idle ones time out (408) and give their places back.
        for mut s in idle {
            s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
            let mut out = String::new();
            s.read_to_string(&mut out).unwrap();
            assert!(out.starts_with("HTTP/1.1 408 "), "{out}");
        }
        let start = Instant::now();
        loop {
            let r = get(addr, "/");
            if r.starts_with("HTTP/1.1 200 ") {
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(30), "{r}");
            thread::sleep(Duration::from_millis(20));
        }
    }

    #[test]
    fn heads_too_large_or_too_slow_are_refused() {
        let addr = test_server(Limits {
            max_head: 1024,
            head_timeout: Duration::from_secs(2),
            ..Limits::default()
        });
        let long = format!("/{}", "a".repeat(4096));
        assert!(get(addr, &long).starts_with("HTTP/1.1 431 "));
        // One byte, then nothing: cut off at the deadline.
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(b"G").unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 408 "), "{out}");
    }
}
