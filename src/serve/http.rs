//! The HTTP side of `serve`: files from the output folder, never anything outside it.

use std::fs;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

use super::livereload::{self, Hub, Status};
use super::server::{Reply, Request, Response};
use crate::write::output::MARKER;

/// What the workers share.
pub struct Ctx {
    /// The output folder, canonical. It may not exist yet when the first build failed.
    pub out_dir: PathBuf,
    /// Held for writing while a full rebuild swaps the output folder, so no request sees the
    /// moment it is missing.
    pub swap: RwLock<()>,
    pub hub: Hub,
}

/// Where a request path leads.
#[derive(Debug, PartialEq, Eq)]
pub enum Target {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect so relative links work. The
    /// location is percent-encoded, so it is plain ASCII with no control characters.
    Redirect(String),
    NotFound,
    /// `..`, backslashes, NUL or undecodable bytes: refused outright.
    Bad,
}

/// Maps a request target (`/parents/gaming/?q=1`) to a file inside `root` (canonical). Dot
/// segments are refused after percent-decoding, and the final file is canonicalized and must
/// still lie inside `root`, so neither encoded tricks nor symlinks lead out.
pub fn resolve(root: &Path, target: &str) -> Target {
    let raw = target.split(['?', '#']).next().unwrap_or("");
    if !raw.starts_with('/') {
        return Target::Bad;
    }
    let Ok(decoded) = percent_decode_str(raw).decode_utf8() else {
        return Target::Bad;
    };
    if decoded.contains(['\\', '\0']) {
        return Target::Bad;
    }
    let segments: Vec<&str> = decoded.split('/').filter(|s| !s.is_empty()).collect();
    if segments.iter().any(|s| *s == "." || *s == "..") {
        return Target::Bad;
    }
    if segments.last() == Some(&MARKER) {
        return Target::NotFound;
    }
    let mut path = root.to_path_buf();
    path.extend(&segments);
    if decoded.ends_with('/') {
        path.push("index.html");
    }
    let Ok(real) = path.canonicalize() else {
        return Target::NotFound;
    };
    if !real.starts_with(root) {
        return Target::NotFound;
    }
    if real.is_dir() {
        // No listings: a folder is its index.html or nothing.
        return if real.join("index.html").is_file() {
            Target::Redirect(location(&segments, target))
        } else {
            Target::NotFound
        };
    }
    if real.is_file() {
        Target::File(real)
    } else {
        Target::NotFound
    }
}

/// What a path segment must have encoded in a `Location` (the URL standard's path-segment set, plus
/// backslash); every non-ASCII byte is encoded too.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'/')
    .add(b'%')
    .add(b'\\');

/// The query is passed on as it came (its `%XX` kept), with anything unsafe in a header encoded.
const QUERY: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'`');

/// `/<segments>/` with each decoded segment encoded again, and the request's query kept. Segments
/// are never empty, so the location can't start with `//` (another host).
fn location(segments: &[&str], target: &str) -> String {
    let mut loc = String::from("/");
    for s in segments {
        loc.extend(utf8_percent_encode(s, SEGMENT));
        loc.push('/');
    }
    if let Some((_, query)) = target.split('#').next().unwrap_or("").split_once('?') {
        loc.push('?');
        loc.extend(utf8_percent_encode(query, QUERY));
    }
    loc
}

pub fn content_type(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "mp3" => "audio/mpeg",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "vtt" => "text/vtt; charset=utf-8",
        "zip" => "application/zip",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "odt" => "application/vnd.oasis.opendocument.text",
        "pptx" => "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        _ => "application/octet-stream",
    }
}

/// Answers one request. The event stream takes its connection over and keeps it.
pub fn handle(req: &Request, ctx: &Arc<Ctx>) -> Reply {
    let url = req.target.as_str();
    if url.split('?').next() == Some(livereload::EVENTS_PATH) && req.method == "GET" {
        let param = |name: &str| {
            url.split_once('?')?
                .1
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
        };
        let since = param("since").and_then(|v| v.parse().ok());
        // The output file the page shows: it reloads when that changes.
        let file = param("file")
            .and_then(|v| percent_decode_str(v).decode_utf8().ok())
            .map(|f| f.into_owned());
        let ctx = Arc::clone(ctx);
        return Reply::Takeover(Box::new(move |out: &mut TcpStream| {
            ctx.hub.stream(out, since, file.as_deref())
        }));
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Reply::Response(
            Response::text(405, "Only GET and HEAD are served.\n")
                .with_header("Allow", "GET, HEAD"),
        );
    }
    let status = ctx.hub.status();
    // A poisoned lock only means another thread panicked holding it; the folder is still there.
    let swap = ctx.swap.read().unwrap_or_else(PoisonError::into_inner);
    let response = match resolve(&ctx.out_dir, url) {
        Target::File(path) => {
            let file = path.strip_prefix(&ctx.out_dir).ok().map(|rel| {
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/")
            });
            file_response(&path, 200, &status, file.as_deref())
        }
        Target::Redirect(to) => {
            Response::new(301, "text/plain; charset=utf-8", Vec::new()).with_header("Location", to)
        }
        Target::Bad => Response::text(400, "Bad request.\n"),
        Target::NotFound => not_found(&ctx.out_dir, &status),
    };
    drop(swap);
    Reply::Response(response.with_header("Cache-Control", "no-store"))
}

fn not_found(root: &Path, status: &Status) -> Response {
    let page = root.join("404.html");
    if page.is_file() {
        // Any new file may be the one missing: the page reloads at every rebuild.
        return file_response(&page, 404, status, None);
    }
    // No site yet (the first build failed) or no 404 page: a bare page that still reloads and
    // still carries the overlay.
    let html = livereload::inject(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>",
        status,
        None,
    );
    Response::new(404, "text/html; charset=utf-8", html.into_bytes())
}

/// `file`: the output file the page is, relative to the folder (see [`livereload::inject`]).
fn file_response(path: &Path, code: u16, status: &Status, file: Option<&str>) -> Response {
    let ctype = content_type(path);
    match fs::read(path) {
        Ok(bytes) if ctype.starts_with("text/html") => {
            let html = livereload::inject(&String::from_utf8_lossy(&bytes), status, file);
            Response::new(code, ctype, html.into_bytes())
        }
        Ok(bytes) => Response::new(code, ctype, bytes),
        // The error's text goes to the terminal, not to the client: it can name local paths.
        Err(e) => {
            eprintln!("serve: cannot read {}: {e}", path.display());
            Response::text(500, "Cannot read the file; see the terminal.\n")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("out");
        fs::create_dir_all(root.join("parents/gaming")).unwrap();
        fs::create_dir_all(root.join("empty")).unwrap();
        fs::write(root.join("index.html"), "home").unwrap();
        fs::write(root.join("parents/gaming/index.html"), "g").unwrap();
        fs::write(root.join("style.css"), "x").unwrap();
        fs::write(root.join(MARKER), "m").unwrap();
        fs::write(dir.path().join("secret.yaml"), "s").unwrap();
        let root = root.canonicalize().unwrap();
        (dir, root)
    }

    #[test]
    fn pages_folders_and_files() {
        let (_d, root) = site();
        assert_eq!(resolve(&root, "/"), Target::File(root.join("index.html")));
        assert_eq!(
            resolve(&root, "/parents/gaming/?x=1"),
            Target::File(root.join("parents/gaming/index.html"))
        );
        assert_eq!(
            resolve(&root, "/parents/gaming"),
            Target::Redirect("/parents/gaming/".into())
        );
        assert_eq!(
            resolve(&root, "/style%2ecss"),
            Target::File(root.join("style.css"))
        );
        assert_eq!(resolve(&root, "/empty/"), Target::NotFound);
        assert_eq!(resolve(&root, "/empty"), Target::NotFound);
        assert_eq!(resolve(&root, "/nope.html"), Target::NotFound);
        assert_eq!(resolve(&root, &format!("/{MARKER}")), Target::NotFound);
    }

    #[test]
    fn nothing_outside_the_root() {
        let (dir, root) = site();
        for bad in [
            "/../secret.yaml",
            "/%2e%2e/secret.yaml",
            "/%2E%2E/secret.yaml",
            "/..%2fsecret.yaml",
            "/..%5csecret.yaml",
            "/parents/..\\..\\secret.yaml",
            "/a%00b",
            "/%ff",
            "secret.yaml",
            "//../secret.yaml",
        ] {
            assert_eq!(resolve(&root, bad), Target::Bad, "{bad}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.yaml"), root.join("link.yaml"))
                .unwrap();
            std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
            assert_eq!(resolve(&root, "/link.yaml"), Target::NotFound);
            assert_eq!(resolve(&root, "/up/secret.yaml"), Target::NotFound);
        }
    }

    #[test]
    fn redirects_are_percent_encoded() {
        let (_d, root) = site();
        for dir in ["café", "100% sure", "a\r\nSet-Cookie: x=1", "q?#"] {
            fs::create_dir_all(root.join(dir)).unwrap();
            fs::write(root.join(dir).join("index.html"), "x").unwrap();
        }
        let cases = [
            ("/caf%C3%A9", "/caf%C3%A9/"),
            ("/café", "/caf%C3%A9/"),
            ("/100%25%20sure", "/100%25%20sure/"),
            ("/a%0d%0aSet-Cookie:%20x=1", "/a%0D%0ASet-Cookie:%20x=1/"),
            ("/q%3F%23", "/q%3F%23/"),
            (
                "/parents/gaming?q=a%0d%0ab c",
                "/parents/gaming/?q=a%0d%0ab%20c",
            ),
        ];
        for (target, want) in cases {
            match resolve(&root, target) {
                Target::Redirect(to) => {
                    assert_eq!(to, want, "{target}");
                    assert!(crate::serve::server::safe_header_value(&to), "{to}");
                }
                other => panic!("{target}: {other:?}"),
            }
        }
        assert_eq!(
            resolve(&root, "/caf%C3%A9/"),
            Target::File(root.join("café/index.html"))
        );
        assert_eq!(resolve(&root, "/cafe%CC%81/"), Target::NotFound);
    }

    #[test]
    fn content_types() {
        assert_eq!(
            content_type(Path::new("a/index.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(
            content_type(Path::new("style.CSS")),
            "text/css; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("atom.xml")), "application/xml");
        assert_eq!(content_type(Path::new("x")), "application/octet-stream");
    }
}
