//! `build --pdf`: headless Chromium prints each staged pack document to PDF.
//!
//! Printing reads the staged output (before the swap), so a failed print fails the whole build and
//! the previous site stays in place. Each print gets a fresh browser profile in a temporary folder
//! that is removed afterwards, and a time limit, so a stuck browser cannot hang the build.
//!
//! The contents page gives the page each item starts on. No browser computes that for CSS, so the
//! document is printed once, the pages of the items' named destinations are read back from the PDF
//! ([`item_pages`]), and it is printed again with those numbers (`?pages=3,7,12`, which a small
//! script in the document writes into the contents). Items start on a new page and the contents
//! reserves room for the numbers, so they do not move; a third print corrects them if they did.
//! Chromium writes the PDF's outline (bookmarks) from the document's headings.

use crate::diagnostics::rule;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::diagnostics::{Diagnostic, Failure};
use crate::load::packs::{Edition, Pack};
use crate::plan::file_for;
use crate::resolve::Site;

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

    /// Prints the HTML file `html` to `pdf`, giving the document `query` (`?pages=...`, or empty),
    /// with bookmarks if `outline`; the error says what the browser reported.
    pub fn print(&self, html: &Path, pdf: &Path, query: &str, outline: bool) -> Result<(), String> {
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
            .args(super::print_guard::NO_NETWORK_FLAGS)
            .arg("--no-pdf-header-footer")
            // Bookmarks from the headings: the pack's title, each item, and its sections.
            .args(outline.then_some("--generate-pdf-document-outline"))
            .arg(user_data)
            .arg(out)
            .arg(format!("{}{query}", file_url(&html)))
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

/// How many prints a document may take to get its contents page numbers right.
const MAX_PRINTS: usize = 3;

/// Prints `html` to `pdf` until the contents page numbers match the pages the items start on,
/// dated the build date ([`with_build_date`]); returns the PDF's page count.
pub fn print_numbered(chromium: &Chromium, html: &Path, pdf: &Path) -> Result<usize, String> {
    let pages = print_until_settled(chromium, html, pdf)?;
    let bytes = std::fs::read(pdf).map_err(|e| format!("cannot read {}: {e}", pdf.display()))?;
    let dated = with_build_date(bytes, crate::load::date::Date::today());
    // Whole or not at all, never through a link at the name: the write rule.
    crate::safe_fs::write::replace(pdf, &dated)
        .map_err(|e| format!("cannot write {}: {e}", pdf.display()))?;
    Ok(pages)
}

/// The PDF with the time of printing that Chromium writes (`/CreationDate` and `/ModDate`)
/// replaced by midnight UTC of `date`, so a PDF is a function of its document and the build date.
/// The new value is as long as the old, so the cross-reference offsets stay right. Chromium's
/// `/Creator` (its version) and `/Producer` (Skia's) are left: they name the printing browser.
pub fn with_build_date(mut pdf: Vec<u8>, date: crate::load::date::Date) -> Vec<u8> {
    let stamp = format!("(D:{}000000+00'00')", date.0.format("%Y%m%d"));
    for key in [&b"/CreationDate "[..], &b"/ModDate "[..]] {
        let Some(at) = find(&pdf, key) else { continue };
        let value = at + key.len();
        // Only a value of exactly the form Chromium writes, so nothing else shifts.
        let old = pdf.get(value..value + stamp.len());
        if old.is_some_and(|v| v.starts_with(b"(D:") && v.ends_with(b"'00')")) {
            pdf[value..value + stamp.len()].copy_from_slice(stamp.as_bytes());
        }
    }
    pdf
}

fn print_until_settled(chromium: &Chromium, html: &Path, pdf: &Path) -> Result<usize, String> {
    let mut query = String::new();
    for _ in 0..MAX_PRINTS {
        // The first print only measures; bookmarks slow a print down, so only the others get them.
        chromium.print(html, pdf, &query, !query.is_empty())?;
        let bytes =
            std::fs::read(pdf).map_err(|e| format!("cannot read {}: {e}", pdf.display()))?;
        let info = item_pages(&bytes).ok_or_else(|| {
            "cannot read the page numbers back from the PDF Chromium wrote (an unexpected PDF layout)"
                .to_string()
        })?;
        let numbers: Vec<String> = info.items.iter().map(|n| n.to_string()).collect();
        let wanted = format!("?pages={}", numbers.join(","));
        if wanted == query {
            return Ok(info.pages);
        }
        if info.items.is_empty() {
            // No contents links to number (never for a pack): print once more for the bookmarks.
            chromium.print(html, pdf, "?pages=", true)?;
            return Ok(info.pages);
        }
        query = wanted;
    }
    Err(format!(
        "the contents page numbers did not settle after {MAX_PRINTS} prints"
    ))
}

/// What [`item_pages`] reads from a PDF.
#[derive(Debug, PartialEq)]
pub struct PdfPages {
    /// Number of pages.
    pub pages: usize,
    /// Page (1-based) of the named destinations `item-1`, `item-2`, ... in order, up to the first
    /// missing one.
    pub items: Vec<usize>,
}

/// Reads the page count and the pages of the `item-N` named destinations from a PDF as Chromium
/// (Skia) writes it: plain objects, `/Dests` in the catalog, a tree of `/Pages`. `None` for
/// anything else; nothing here panics on odd input.
pub fn item_pages(pdf: &[u8]) -> Option<PdfPages> {
    let objects = PdfObjects::index(pdf);
    let catalog = objects.find_type(b"/Catalog")?;
    let root = ref_after(catalog, b"/Pages")?;
    let mut order = Vec::new();
    objects.collect_pages(root, &mut order, 0)?;
    let mut items = Vec::new();
    if let Some(dests) = ref_after(catalog, b"/Dests").and_then(|d| objects.get(d)) {
        for n in 1.. {
            let name = format!("/item-{n} [");
            let Some(at) = find(dests, name.as_bytes()) else {
                break;
            };
            let page = leading_ref(&dests[at + name.len()..])?;
            items.push(order.iter().position(|&p| p == page)? + 1);
        }
    }
    Some(PdfPages {
        pages: order.len(),
        items,
    })
}

/// The dictionaries of a PDF's objects by number (the text from `N 0 obj` to its stream or end).
struct PdfObjects<'p>(std::collections::HashMap<u32, &'p [u8]>);

impl<'p> PdfObjects<'p> {
    fn index(pdf: &'p [u8]) -> Self {
        let mut map = std::collections::HashMap::new();
        let mut at = 0;
        while let Some(i) = find(&pdf[at..], b" 0 obj") {
            let start = at + i;
            at = start + 6;
            // The object number: the digits just before, at the start of a line.
            let digits = pdf[..start]
                .iter()
                .rev()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let before = start - digits;
            if digits == 0 || (before > 0 && !matches!(pdf[before - 1], b'\n' | b'\r')) {
                continue;
            }
            let Some(n) = std::str::from_utf8(&pdf[before..start])
                .ok()
                .and_then(|t| t.parse().ok())
            else {
                continue;
            };
            let body = &pdf[at..];
            let end = [find(body, b"endobj"), find(body, b"stream")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(body.len());
            map.entry(n).or_insert(&body[..end]);
        }
        PdfObjects(map)
    }

    fn get(&self, n: u32) -> Option<&'p [u8]> {
        self.0.get(&n).copied()
    }

    fn find_type(&self, ty: &[u8]) -> Option<&'p [u8]> {
        self.0.values().copied().find(|o| {
            find(o, b"/Type ").map(|i| &o[i + 6..]).is_some_and(|rest| {
                rest.starts_with(ty)
                    && !rest[ty.len()..]
                        .first()
                        .is_some_and(u8::is_ascii_alphanumeric)
            })
        })
    }

    /// Appends the page objects under `node` in document order.
    fn collect_pages(&self, node: u32, out: &mut Vec<u32>, depth: usize) -> Option<()> {
        let obj = self.get(node)?;
        if depth > 32 {
            return None; // a loop in a broken file
        }
        match find(obj, b"/Kids") {
            Some(i) => {
                let list = &obj[i + 5..];
                let open = find(list, b"[")?;
                let close = find(list, b"]")?;
                let refs = list.get(open + 1..close)?;
                let words: Vec<&[u8]> = refs
                    .split(|b| b.is_ascii_whitespace())
                    .filter(|w| !w.is_empty())
                    .collect();
                for triple in words.chunks(3) {
                    let n = std::str::from_utf8(triple[0]).ok()?.parse().ok()?;
                    self.collect_pages(n, out, depth + 1)?;
                }
            }
            None => out.push(node),
        }
        Some(())
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The object number of the reference (`12 0 R`) after `key` in a dictionary.
fn ref_after(dict: &[u8], key: &[u8]) -> Option<u32> {
    let i = find(dict, key)?;
    leading_ref(&dict[i + key.len()..])
}

/// The object number of a reference (`12 0 R`) at the start of `s`, after spaces.
fn leading_ref(s: &[u8]) -> Option<u32> {
    let s: String = s
        .iter()
        .take(40)
        .take_while(|b| b.is_ascii())
        .map(|&b| char::from(b))
        .collect();
    let mut words = s.split_whitespace();
    let n = words.next()?.parse().ok()?;
    (words.next()? == "0" && words.next()?.starts_with('R')).then_some(n)
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

/// Where Chromium may write a PDF (`rel`) printed from the already written document `of`: the
/// write sink's `paths_for_print`, passed in so that packs need not know the write stage. None
/// where nothing is kept.
pub type PrintPaths<'a> = &'a (dyn Fn(&str, &str) -> Option<io::Result<(PathBuf, PathBuf)>> + Sync);

/// Prints the given pack editions (`(pack, edition)`) from their documents already written where
/// `paths` says, a few at a time. Each failure is a diagnostic naming the pack file. Nothing is
/// printed where `paths` gives none.
pub fn print_packs(
    site: &Site,
    editions: &[(usize, Edition)],
    paths: PrintPaths<'_>,
    chromium: &Chromium,
) -> Vec<Diagnostic> {
    let jobs: Vec<(&Pack, Edition)> = editions.iter().map(|&(p, e)| (&site.packs[p], e)).collect();
    if !jobs.is_empty() {
        progress(&format!(
            "Printing {} PDF{} with {}",
            jobs.len(),
            if jobs.len() == 1 { "" } else { "s" },
            chromium.path.display()
        ));
    }
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
                let Some(paths) = paths(
                    &file_for(&super::edition_path(pack, edition)),
                    &file_for(&super::pdf_path(pack, edition)),
                ) else {
                    continue;
                };
                let started = Instant::now();
                let doc_rel = file_for(&super::edition_path(pack, edition));
                // Nothing from outside the output, and no network: checked before printing.
                if let Ok((html, _)) = &paths {
                    let out = output_root(html, &doc_rel);
                    let refused = super::print_guard::check(site, pack, html, &out);
                    if !refused.is_empty() {
                        errors.lock().expect("not poisoned").extend(refused);
                        continue;
                    }
                }
                let printed = paths
                    .map_err(|e| format!("cannot write the PDF: {e}"))
                    .and_then(|(html, pdf)| print_numbered(chromium, &html, &pdf));
                match &printed {
                    Ok(pages) => progress(&format!(
                        "  printed {} ({pages} pages, {:.1} s)",
                        super::pdf_path(pack, edition).trim_start_matches('/'),
                        started.elapsed().as_secs_f64()
                    )),
                    Err(_) => progress(&format!(
                        "  failed {}",
                        super::pdf_path(pack, edition).trim_start_matches('/')
                    )),
                }
                if let Err(e) = printed {
                    let d = Diagnostic::error(
                        rule::PDF,
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

/// The output folder a staged document at `html` lies in, `rel` (`packs/x/facilitator/index.html`)
/// being its path inside it.
fn output_root(html: &Path, rel: &str) -> PathBuf {
    let depth = rel.split('/').filter(|c| !c.is_empty()).count();
    let mut out = html.to_path_buf();
    for _ in 0..depth {
        out.pop();
    }
    out.canonicalize().unwrap_or(out)
}

/// One line of progress on stderr, as each PDF is done (prints take seconds each).
fn progress(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PDF laid out as Skia writes one: a two-level page tree and named destinations.
    const SKIA_LIKE: &[u8] = b"%PDF-1.4\n1 0 obj\n<</Type /Page\n/Parent 5 0 R>>\nendobj\n2 0 obj\n<</Type /Page>>\nendobj\n3 0 obj\n<</Type /Page>>\nendobj\n4 0 obj\n<</Type /Pages\n/Count 2\n/Kids [2 0 R 3 0 R]>>\nendobj\n5 0 obj\n<</Type /Pages\n/Count 3\n/Kids [1 0 R 4 0 R]>>\nendobj\n6 0 obj\n<</item-1 [2 0 R /XYZ 0 841.9 0]\n/item-2 [3 0 R /XYZ 0 841.9 0]>>\nendobj\n7 0 obj\n<</Length 4>> stream\n0 obj\nendstream\nendobj\n8 0 obj\n<</Type /Catalog\n/Pages 5 0 R\n/Dests 6 0 R>>\nendobj\n";

    #[test]
    fn item_pages_follow_the_page_tree() {
        assert_eq!(
            item_pages(SKIA_LIKE),
            Some(PdfPages {
                pages: 3,
                items: vec![2, 3]
            })
        );
    }

    #[test]
    fn print_times_become_the_build_date_at_the_same_length() {
        let pdf = b"<</Producer (Skia/PDF m156)\n/CreationDate (D:20261207052427+00'00')\n/ModDate (D:20261207052427+00'00')>>".to_vec();
        let date = crate::load::date::Date::parse("2026-12-01").expect("date");
        let fixed = with_build_date(pdf.clone(), date);
        assert_eq!(fixed.len(), pdf.len());
        let text = String::from_utf8(fixed).expect("ascii");
        assert!(
            text.contains("/CreationDate (D:20261201000000+00'00')"),
            "{text}"
        );
        assert!(
            text.contains("/ModDate (D:20261201000000+00'00')"),
            "{text}"
        );
        // A date of another shape is left alone rather than shifting the file.
        let odd = b"/CreationDate (D:2026)>>".to_vec();
        assert_eq!(with_build_date(odd.clone(), date), odd);
    }

    #[test]
    fn odd_pdfs_give_none_and_never_panic() {
        assert_eq!(item_pages(b""), None);
        assert_eq!(item_pages(b"not a pdf 0 obj"), None);
        // Every truncation of a real layout, and a page tree that loops.
        for end in 0..SKIA_LIKE.len() {
            let _ = item_pages(&SKIA_LIKE[..end]);
        }
        let looped = b"1 0 obj\n<</Type /Pages /Kids [1 0 R]>>\nendobj\n2 0 obj\n<</Type /Catalog /Pages 1 0 R>>\nendobj\n";
        assert_eq!(item_pages(looped), None);
    }

    #[test]
    fn file_urls_are_percent_encoded() {
        assert_eq!(
            file_url(Path::new("/tmp/my site/packs/a#b/index.html")),
            "file:///tmp/my%20site/packs/a%23b/index.html"
        );
    }
}
