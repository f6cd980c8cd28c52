//! Overrides: a base page copied into the site to edit (`safeguide override`), recording in its
//! front matter (`based_on:`) the version of the base file it came from. The base file's text at
//! that version is kept in the site's hidden `.safeguide/base/` folder (never published), so
//! `safeguide diff` can show what the base changed since.

use std::path::{Path, PathBuf};

use super::layers::{LayerFile, Layers};

/// Where the base's text of each overridden file is kept, by version.
pub const STORE: &str = ".safeguide/base";

/// The version of a base file: a hash of its bytes, short enough to read in front matter.
pub fn version(bytes: &[u8]) -> String {
    crate::key::key(&[bytes])[..12].to_string()
}

/// Keeps the base's text at `version` for later diffs.
pub fn store_then(root: &Path, version: &str, bytes: &[u8]) -> std::io::Result<()> {
    let dir = root.join(STORE);
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(version), bytes)
}

/// The base's text at `version`, when it was kept.
pub fn then_text(root: &Path, version: &str) -> Option<String> {
    // A version is a hex hash; anything else must not become a path.
    if version.is_empty() || !version.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    std::fs::read_to_string(root.join(STORE).join(version)).ok()
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
        out.push(state_of(layers, &p.rel, &p.display, based_on));
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

/// A readable line diff of `old` and `new` (unified, 3 lines of context): empty when equal.
pub fn diff(old: &str, new: &str, old_name: &str, new_name: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    if a == b {
        return String::new();
    }
    // Longest common subsequence by dynamic programming: pages are hundreds of lines at most.
    let (n, m) = (a.len(), b.len());
    let mut lcs = vec![vec![0u32; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i][j] = if a[i] == b[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    // The edit script: (' ' | '-' | '+', line, old line no, new line no).
    let mut ops: Vec<(char, &str)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            ops.push((' ', a[i]));
            i += 1;
            j += 1;
        } else if i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1]) {
            // Removals before additions, so a changed line reads "-old" then "+new".
            ops.push(('-', a[i]));
            i += 1;
        } else {
            ops.push(('+', b[j]));
            j += 1;
        }
    }
    let mut out = format!("--- {old_name}\n+++ {new_name}\n");
    const CONTEXT: usize = 3;
    let changed: Vec<usize> = (0..ops.len()).filter(|&k| ops[k].0 != ' ').collect();
    let mut k = 0;
    while k < changed.len() {
        // One hunk: changes closer than twice the context are joined.
        let start = changed[k].saturating_sub(CONTEXT);
        let mut last = changed[k];
        while k + 1 < changed.len() && changed[k + 1] <= last + 2 * CONTEXT + 1 {
            k += 1;
            last = changed[k];
        }
        let end = (last + CONTEXT + 1).min(ops.len());
        let old_start = ops[..start].iter().filter(|o| o.0 != '+').count() + 1;
        let new_start = ops[..start].iter().filter(|o| o.0 != '-').count() + 1;
        let old_len = ops[start..end].iter().filter(|o| o.0 != '+').count();
        let new_len = ops[start..end].iter().filter(|o| o.0 != '-').count();
        out.push_str(&format!(
            "@@ -{old_start},{old_len} +{new_start},{new_len} @@\n"
        ));
        for (c, line) in &ops[start..end] {
            out.push_str(&format!("{c}{line}\n"));
        }
        k += 1;
    }
    out
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

    #[test]
    fn a_version_that_is_not_a_hash_is_never_a_path() {
        assert_eq!(then_text(Path::new("."), "../../etc/passwd"), None);
    }
}
