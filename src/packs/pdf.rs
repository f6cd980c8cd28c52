//! `build --pdf`: headless Chromium prints each staged pack document to PDF.
//!
//! Printing reads the staged output (before the swap), so a failed print fails the whole build and
//! the previous site stays in place. Each print gets a fresh browser profile in a temporary folder
//! that is removed afterwards, and a time limit, so a stuck browser cannot hang the build.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Failure};
use crate::load::packs::{Edition, Pack};
use crate::plan::file_for;
use crate::resolve::Site;
use crate::write::sink::Sink;

/// The flags safeguide runs Chromium with (besides `--headless`): no sandbox (it may run as root in
/// CI), no GPU, and no background traffic, as this machine's closed network refuses it. The browser
/// tests use the same list.
pub const BROWSER_FLAGS: [&str; 6] = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Environment variable naming the browser to print with.
pub const ENV: &str = "SAFEGUIDE_CHROMIUM";
/// Browsers looked for on PATH, in order.
pub const NAMES: [&str; 4] = [
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];
/// Longest a single print may take.
const TIME_LIMIT: Duration = Duration::from_secs(120);
/// Chromium is itself several processes; two prints at a time keep a small machine responsive.
const MAX_PARALLEL: usize = 2;

#[derive(Debug, Clone)]
pub struct Chromium {
    pub path: PathBuf,
}

impl Chromium {
    /// The browser from SAFEGUIDE_CHROMIUM, else the first of [`NAMES`] on PATH. Not finding one is
    /// a usage error (exit 2): the site is fine, the machine lacks a tool.
    pub fn find() -> Result<Chromium, Failure> {
        if let Some(value) = std::env::var_os(ENV).filter(|v| !v.is_empty()) {
            let given = PathBuf::from(&value);
            let found = if given.components().count() > 1 {
                given.is_file().then_some(given.clone())
            } else {
                on_path(&given)
            };
            return found.map(|path| Chromium { path }).ok_or_else(|| {
                Failure::Usage(format!(
                    "{ENV} is set to {}, but no such program was found.\n\
                     Set {ENV} to the full path of Chromium or Google Chrome, or unset it to look for `chromium` on PATH.",
                    given.display()
                ))
            });
        }
        NAMES
            .iter()
            .find_map(|n| on_path(Path::new(n)))
            .map(|path| Chromium { path })
            .ok_or_else(|| {
                Failure::Usage(format!(
                    "--pdf prints the packs with Chromium, and none was found on PATH (looked for {}).\n\
                     Install it (Debian or Ubuntu: `sudo apt-get install chromium`), or set {ENV} to the path of \
                     Chromium or Google Chrome. Without --pdf no browser is needed.",
                    NAMES.join(", ")
                ))
            })
    }

    /// Prints the HTML file `html` to `pdf`; the error says what the browser reported.
    pub fn print(&self, html: &Path, pdf: &Path) -> Result<(), String> {
        let html = html
            .canonicalize()
            .map_err(|e| format!("cannot find the staged document {}: {e}", html.display()))?;
        let profile = TempDir::new()?;
        let log = profile.0.join("chromium.log");
        let log_file = std::fs::File::create(&log)
            .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
        let pdf = std::path::absolute(pdf).map_err(|e| format!("{}: {e}", pdf.display()))?;
        let mut out = std::ffi::OsString::from("--print-to-pdf=");
        out.push(pdf.as_os_str());
        let mut user_data = std::ffi::OsString::from("--user-data-dir=");
        user_data.push(profile.0.join("profile"));
        let mut child = Command::new(&self.path)
            .arg("--headless")
            .args(BROWSER_FLAGS)
            .arg("--no-pdf-header-footer")
            .arg(user_data)
            .arg(out)
            .arg(file_url(&html))
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().map_err(|e| e.to_string())?)
            .stderr(log_file)
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", self.path.display()))?;
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() > TIME_LIMIT => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(format!(
                        "Chromium did not finish within {} seconds",
                        TIME_LIMIT.as_secs()
                    ));
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(50)),
                Err(e) => return Err(format!("cannot wait for Chromium: {e}")),
            }
        };
        let written = std::fs::metadata(&pdf)
            .map(|m| m.len() > 0)
            .unwrap_or(false);
        if status.success() && written {
            return Ok(());
        }
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(5).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        Err(format!(
            "Chromium ({}) exited with {status} without writing the PDF{}",
            self.path.display(),
            if tail.is_empty() {
                String::new()
            } else {
                format!(":\n{}", tail.join("\n"))
            }
        ))
    }
}

fn on_path(name: &Path) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// `file://` URL of an absolute path, percent-encoding what a URL path cannot hold.
pub fn file_url(path: &Path) -> String {
    let mut url = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            url.push(b as char);
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A folder under the system temp folder, removed when dropped (it is ours alone).
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir, String> {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "safeguide-chromium-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Prints the given pack editions (`(pack, edition)`) from their documents already written to
/// `sink`, a few at a time. Each failure is a diagnostic naming the pack file. A sink that keeps
/// nothing prints nothing.
pub fn print_packs(
    site: &Site,
    editions: &[(usize, Edition)],
    sink: &dyn Sink,
    chromium: &Chromium,
) -> Vec<Diagnostic> {
    let jobs: Vec<(&Pack, Edition)> = editions.iter().map(|&(p, e)| (&site.packs[p], e)).collect();
    let next = AtomicUsize::new(0);
    let errors = Mutex::new(Vec::new());
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, MAX_PARALLEL)
        .min(jobs.len());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(&(pack, edition)) = jobs.get(i) else {
                    break;
                };
                // Through the sink, which unlinks whatever is staged there first.
                let Some(paths) = sink.paths_for_print(
                    &file_for(&super::edition_path(pack, edition)),
                    &file_for(&super::pdf_path(pack, edition)),
                ) else {
                    continue;
                };
                if let Err(e) = paths
                    .map_err(|e| format!("cannot write the PDF: {e}"))
                    .and_then(|(html, pdf)| chromium.print(&html, &pdf))
                {
                    let d = Diagnostic::error(
                        "pdf",
                        format!("cannot print the {} to PDF: {e}", edition.name().to_lowercase()),
                    )
                    .in_file(&pack.display)
                    .help(format!(
                        "open {} in the output in a browser to check it; set {ENV} to use another browser, or build without --pdf",
                        super::edition_path(pack, edition)
                    ));
                    errors.lock().expect("not poisoned").push(d);
                }
            });
        }
    });
    errors.into_inner().expect("not poisoned")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my site/packs/a#b/index.html")),
            "file:///tmp/my%20site/packs/a%23b/index.html"
        );
    }
}
