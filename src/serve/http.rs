//! The HTTP side of `serve`: files from the output folder, never anything outside it.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::livereload::{self, Hub, Status};
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
    /// A folder asked for without its trailing slash: redirect so relative links work.
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
            Target::Redirect(format!("/{}/", segments.join("/")))
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
        _ => "application/octet-stream",
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

/// Answers one request. The event stream keeps its thread, so it gets one of its own.
pub fn handle(req: Request, ctx: &Arc<Ctx>) {
    let url = req.url().to_string();
    if url.split('?').next() == Some(livereload::EVENTS_PATH) {
        let since = url
            .split_once("since=")
            .and_then(|(_, v)| v.split('&').next()?.parse().ok());
        let ctx = Arc::clone(ctx);
        std::thread::spawn(move || ctx.hub.stream(req.into_writer(), since));
        return;
    }
    if !matches!(req.method(), Method::Get | Method::Head) {
        let r = Response::from_string("Only GET and HEAD are served.\n")
            .with_status_code(405)
            .with_header(header("Allow", "GET, HEAD"));
        let _ = req.respond(r);
        return;
    }
    let status = ctx.hub.status();
    let _swap = ctx.swap.read().expect("not poisoned");
    let response = match resolve(&ctx.out_dir, &url) {
        Target::File(path) => file_response(&path, 200, &status),
        Target::Redirect(to) => Response::from_data(Vec::new())
            .with_status_code(301)
            .with_header(header("Location", &to)),
        Target::Bad => Response::from_string("Bad request.\n").with_status_code(400),
        Target::NotFound => not_found(&ctx.out_dir, &status),
    };
    drop(_swap);
    let _ = req.respond(response.with_header(header("Cache-Control", "no-store")));
}

fn not_found(root: &Path, status: &Status) -> Response<std::io::Cursor<Vec<u8>>> {
    let page = root.join("404.html");
    if page.is_file() {
        return file_response(&page, 404, status);
    }
    // No site yet (the first build failed) or no 404 page: a bare page that still reloads and
    // still carries the overlay.
    let html = livereload::inject(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Not found</title></head><body><h1>Not found</h1></body></html>",
        status,
    );
    html_response(html, 404)
}

fn file_response(path: &Path, code: u16, status: &Status) -> Response<std::io::Cursor<Vec<u8>>> {
    let ctype = content_type(path);
    match fs::read(path) {
        Ok(bytes) if ctype.starts_with("text/html") => {
            let html = livereload::inject(&String::from_utf8_lossy(&bytes), status);
            html_response(html, code)
        }
        Ok(bytes) => Response::from_data(bytes)
            .with_status_code(StatusCode(code))
            .with_header(header("Content-Type", ctype)),
        Err(e) => {
            Response::from_string(format!("cannot read the file: {e}\n")).with_status_code(500)
        }
    }
}

fn html_response(html: String, code: u16) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(html.into_bytes())
        .with_status_code(StatusCode(code))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
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
