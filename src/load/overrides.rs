//! Overrides: a base page copied into the site to edit (`safeguide override`), recording in its
//! front matter (`based_on:`) the version of the base file it came from. The base file's text at
//! that version is kept in the site's hidden `.safeguide/base/` folder (never published), so
//! `safeguide diff` can show what the base changed since.

use std::path::{Path, PathBuf};

use super::layers::{LayerFile, Layers};
use crate::safe_fs::{read, write};

/// Where the base's text of each overridden file is kept, by version.
pub const STORE: &str = ".safeguide/base";

/// The version of a base file: a hash of its bytes, short enough to read in front matter.
pub fn version(bytes: &[u8]) -> String {
    crate::key::key(&[bytes])[..12].to_string()
}

/// Keeps the base's text at `version` for later diffs and merges, under the write rule (no link
/// followed on the way or at the file). Every file safeguide reads or writes for overrides and
/// merges goes through this module's functions.
pub fn store_then(root: &Path, version: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = root.join(STORE);
    write::make_dirs(root, &dir)?;
    write::replace(&dir.join(version), bytes)
}

/// The byte offset of the first conflict marker `safeguide merge` wrote into `text`, if one is
/// left.
pub fn conflict_marker(text: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.starts_with("<<<<<<< your copy") || line.starts_with(">>>>>>> the base now") {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// The text of the site's own page `content/<rel>`.
pub fn read_site_page(root: &Path, rel: &str) -> std::io::Result<String> {
    let content = root.join("content");
    read::read_text(&content, &content.join(rel), read::TEXT_LIMIT)
        .map_err(|e| std::io::Error::other(e.to_string()))
}

/// Replaces the site's own page `content/<rel>` with `text`.
pub fn write_site_page(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    write::replace(&root.join("content").join(rel), text.as_bytes())
}

/// The base's text at `version`, when it was kept.
pub fn then_text(root: &Path, version: &str) -> Option<String> {
    // A version is a hex hash; anything else must not become a path.
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    // Under the read rule: a link committed in .safeguide/base/ must not show another file.
    let path = root.join(STORE).join(version);
    read::read_text(root, &path, read::TEXT_LIMIT).ok()
}

/// `text` (a Markdown file) with `based_on: <version>` as the last key of its front matter,
/// replacing one already there. `None` when the file has no front matter to put it in.
pub fn with_based_on(text: &str, version: &str) -> Option<String> {
    let body_start = text
        .strip_prefix("---\n")
        .or_else(|| text.strip_prefix("---\r\n"))?;
    let offset = text.len() - body_start.len();
    let mut out = text[..offset].to_string();
    let mut rest = &text[offset..];
    loop {
        let end = rest.find('\n').map_or(rest.len(), |i| i + 1);
        let line = &rest[..end];
        if line.trim_end() == "---" {
            out.push_str(&format!("based_on: {version}\n"));
            out.push_str(rest);
            return Some(out);
        }
        if end == 0 {
            return None;
        }
        if !line.starts_with("based_on:") {
            out.push_str(line);
        }
        rest = &rest[end..];
    }
}

/// `text` without its `based_on:` line, to compare a copy with the base it came from.
pub fn without_based_on(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|l| !l.starts_with("based_on:"))
        .collect()
}

/// Where an override stands against its base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum State {
    InStep,
    /// The base file changed since the copy was made; its version now.
    Moved(String),
    /// The base no longer has the file.
    Gone,
}

/// One override of the site.
#[derive(Debug, Clone)]
pub struct Override {
    /// Path under content/ (`parents/gaming.md`).
    pub rel: String,
    /// The site's copy, relative to the site root.
    pub display: PathBuf,
    pub based_on: String,
    pub base: Option<LayerFile>,
    pub state: State,
}

impl Override {
    pub fn label(&self) -> &'static str {
        match self.state {
            State::InStep => "in step",
            State::Moved(_) => "base moved on",
            State::Gone => "base file removed",
        }
    }
}

/// Every page (of `pages`, the site's sources) in the site's own content/ with `based_on:`, and its
/// state against the base.
pub fn list<'a>(
    root: &Path,
    config: &super::config::SiteConfig,
    layers: &Layers,
    pages: impl IntoIterator<Item = &'a super::content::SourcePage>,
) -> Vec<Override> {
    let mut out = Vec::new();
    for p in pages {
        let Some(based_on) = &p.fm.based_on else {
            continue;
        };
        // Only the site's own files: a base's overrides are its maintainer's to check.
        if !root.join("content").join(&p.rel).is_file() {
            continue;
        }
        // The base's name for the page (on a Welsh-main site, `x.en-GB.md` is the pack's `x.md`).
        let base = super::languages::base_name_of(config, &p.rel);
        let mut o = state_of(layers, &base, &p.display, based_on);
        o.rel = p.rel.clone();
        out.push(o);
    }
    out
}

pub fn state_of(layers: &Layers, rel: &str, display: &Path, based_on: &str) -> Override {
    let base = layers.base_file("content", rel);
    let now = base
        .as_ref()
        .and_then(|b| b.read().ok())
        .map(|b| version(&b));
    let state = match now {
        None => State::Gone,
        Some(v) if v == based_on => State::InStep,
        Some(v) => State::Moved(v),
    };
    Override {
        rel: rel.to_string(),
        display: display.to_path_buf(),
        based_on: based_on.to_string(),
        base,
        state,
    }
}

/// Longest `diff` spends looking for the smallest diff; after it, a coarser (still correct) one.
const DIFF_TIME: std::time::Duration = std::time::Duration::from_secs(2);

/// A readable line diff of `old` and `new` (unified, 3 lines of context): empty when equal.
/// Line endings do not count. [`similar`]'s Myers diff works in memory linear in the pages'
/// length and gives up refining after [`DIFF_TIME`], so no pair of pages can exhaust memory or
/// time.
pub fn diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let norm = |s: &str| s.lines().map(|l| format!("{l}\n")).collect::<String>();
    let (old, new) = (norm(old), norm(new));
    if old == new {
        return String::new();
    }
    let d = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(DIFF_TIME)
        .diff_lines(&old, &new);
    d.unified_diff()
        .context_radius(3)
        .header(old_name, new_name)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn based_on_goes_last_in_the_front_matter_and_replaces_an_old_one() {
        let text = "---\ntitle: T\nbased_on: old\n---\nBody\n";
        let out = with_based_on(text, "abc123").unwrap();
        assert_eq!(out, "---\ntitle: T\nbased_on: abc123\n---\nBody\n");
        assert_eq!(without_based_on(&out), "---\ntitle: T\n---\nBody\n");
        assert_eq!(with_based_on("no front matter", "x"), None);
    }

    #[test]
    fn diff_shows_changed_lines_with_context_and_line_numbers() {
        let old = "a\nb\nc\nd\ne\nf\ng\nh\n";
        let new = "a\nb\nc\nD\ne\nf\ng\nh\ni\n";
        let d = diff(old, new, "then", "now");
        assert!(d.starts_with("--- then\n+++ now\n@@ -1,8 +1,9 @@\n"), "{d}");
        assert!(d.contains("-d\n+D\n"), "{d}");
        assert!(d.ends_with("+i\n"), "{d}");
        assert_eq!(diff(old, old, "a", "b"), "");
    }

    /// Two long, wholly different pages: the old table of line pairs needed 3.6e9 cells here.
    #[test]
    fn long_pages_diff_in_bounded_memory_and_time() {
        let a: String = (0..60_000).map(|i| format!("a{i}\n")).collect();
        let b: String = (0..60_000).map(|i| format!("b{}\n", i % 7)).collect();
        let started = std::time::Instant::now();
        let d = diff(&a, &b, "then", "now");
        assert!(d.starts_with("--- then\n+++ now\n@@ "), "{}", &d[..80]);
        assert!(d.contains("\n-a59999\n") && d.contains("\n+b6\n"));
        assert!(started.elapsed() < std::time::Duration::from_secs(30));
    }

    #[test]
    fn a_version_that_is_not_a_hash_is_never_a_path() {
        assert_eq!(then_text(Path::new("."), "../../etc/passwd"), None);
    }
}
