//! Golden snapshots: the whole output tree of each fixture site that builds (`check-rules` is made
//! to fail; its findings are `tests/check.rs`'s) and of the bundled site, file by
//! file (path, size, blake3 hash), against a manifest committed in `tests/snapshots/`. A refactor
//! that should change nothing proves it here; a change to the output shows as the list of files
//! that differ.
//!
//! To accept a change on purpose, rebuild the manifests and review their diff:
//!
//! ```text
//! SNAPSHOTS=update cargo test --test snapshots
//! git diff tests/snapshots/
//! ```
//!
//! Builds run with a fixed `SOURCE_DATE_EPOCH`, so dates printed in the output (feed, packs) do not
//! follow the calendar. The build record (`.safeguide-buildinfo`) names its own time and is left
//! out.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// 2026-11-01 00:00:00 UTC: the day every snapshot build believes it is.
const EPOCH: &str = "1793491200";

/// One output file as the manifest records it.
#[derive(Debug, PartialEq, Eq)]
struct Entry {
    size: u64,
    hash: String,
}

fn manifest_path(name: &str) -> PathBuf {
    common::repo_root()
        .join("tests/snapshots")
        .join(format!("{name}.txt"))
}

/// Builds `root` into a fresh folder and returns every file of the output but the build record.
fn build(root: &Path) -> BTreeMap<String, Entry> {
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("site");
    let o = Command::new(common::bin())
        .args(["build", "--output", dest.to_str().expect("utf-8 temp path")])
        .current_dir(root)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .output()
        .expect("run safeguide");
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        common::stdout(&o),
        common::stderr(&o)
    );
    without_program_names(common::site_files(&dest))
        .into_iter()
        .map(|(path, bytes)| {
            let entry = Entry {
                size: bytes.len() as u64,
                hash: blake3::hash(&bytes).to_hex().to_string(),
            };
            (path, entry)
        })
        .collect()
}

/// Whether `s` is a search file's hashed name: 16 lowercase hex digits.
fn is_hashed_name(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// `files` with the search index's hashed file names (`search/<16 hex>.js` and folders) written
/// as `search/#1.js`, `#2`, ... in the order the search manifests (then the other files) first
/// name them, in paths and contents. Those names hash the program that built them (so a new
/// safeguide never reuses an old one's files): they change with every rebuild of the binary,
/// while what they hold and how they are tied together is what the snapshot is about.
fn without_program_names(files: BTreeMap<String, Vec<u8>>) -> BTreeMap<String, Vec<u8>> {
    let names: std::collections::BTreeSet<String> = files
        .keys()
        .filter_map(|p| p.strip_prefix("search/"))
        .flat_map(|p| p.split(['/', '.']))
        .filter(|seg| is_hashed_name(seg))
        .map(str::to_string)
        .collect();
    let mut order: Vec<&String> = files.keys().collect();
    // The manifests (`search/index*.js`) first: they name every shard and term file.
    order.sort_by_key(|p| !(p.starts_with("search/index") && p.ends_with(".js")));
    let mut numbers: BTreeMap<String, usize> = BTreeMap::new();
    let rename = |text: &str, numbers: &mut BTreeMap<String, usize>| -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(at) = rest.find(|c: char| c.is_ascii_hexdigit()) {
            out.push_str(&rest[..at]);
            let tail = &rest[at..];
            let end = tail
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(tail.len());
            let word = &tail[..end];
            let preceded = out
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric());
            if !preceded && names.contains(word) {
                let next = numbers.len() + 1;
                let n = *numbers.entry(word.to_string()).or_insert(next);
                out.push_str(&format!("#{n}"));
            } else {
                out.push_str(word);
            }
            // `word` starts with a hex digit, so it is never empty and the scan moves on.
            rest = &tail[end..];
        }
        out.push_str(rest);
        out
    };
    let mut texts: Vec<(String, Vec<u8>)> = Vec::new();
    for p in order {
        let bytes = &files[p];
        let bytes = match std::str::from_utf8(bytes) {
            Ok(text) if p.ends_with(".js") || p.ends_with(".html") => {
                rename(text, &mut numbers).into_bytes()
            }
            _ => bytes.clone(),
        };
        texts.push((p.clone(), bytes));
    }
    texts
        .into_iter()
        .map(|(p, bytes)| (rename(&p, &mut numbers), bytes))
        .collect()
}

fn render(name: &str, files: &BTreeMap<String, Entry>) -> String {
    let mut text = format!(
        "# Output of a build of {name}: blake3, size in bytes, path.\n\
         # Update on purpose: SNAPSHOTS=update cargo test --test snapshots\n"
    );
    for (path, e) in files {
        text.push_str(&format!("{} {} {path}\n", e.hash, e.size));
    }
    text
}

fn parse(text: &str) -> BTreeMap<String, Entry> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, ' ');
            let hash = parts.next().unwrap_or_default().to_string();
            let size = parts
                .next()
                .and_then(|s| s.parse().ok())
                .unwrap_or_else(|| panic!("manifest line without a size: {l}"));
            let path = parts.next().unwrap_or_default().to_string();
            (path, Entry { size, hash })
        })
        .collect()
}

/// Every way `got` differs from `want`, one line each, in path order.
fn differences(want: &BTreeMap<String, Entry>, got: &BTreeMap<String, Entry>) -> Vec<String> {
    let mut diffs = Vec::new();
    for (path, w) in want {
        match got.get(path) {
            None => diffs.push(format!("  gone:    {path}")),
            Some(g) if g != w => diffs.push(format!(
                "  differs: {path} ({} -> {} bytes)",
                w.size, g.size
            )),
            Some(_) => {}
        }
    }
    for path in got.keys().filter(|p| !want.contains_key(*p)) {
        diffs.push(format!("  new:     {path}"));
    }
    diffs
}

/// Builds `root` and compares its output with the manifest `name`, or rewrites the manifest when
/// `SNAPSHOTS=update`.
fn check(name: &str, root: &Path) {
    let got = build(root);
    let path = manifest_path(name);
    if std::env::var("SNAPSHOTS").as_deref() == Ok("update") {
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(&path, render(name, &got)).expect("write manifest");
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "no snapshot {} ({e}); make it with SNAPSHOTS=update cargo test --test snapshots",
            path.display()
        )
    });
    let diffs = differences(&parse(&text), &got);
    assert!(
        diffs.is_empty(),
        "the output of {name} is not its snapshot ({} files):\n{}\n\
         If the change is meant, run SNAPSHOTS=update cargo test --test snapshots and review \
         the diff of tests/snapshots/.",
        diffs.len(),
        diffs.join("\n")
    );
}

/// The same site built twice gives the same bytes: otherwise no snapshot of it could hold.
#[test]
fn two_builds_of_the_bundled_site_are_identical() {
    let site = common::bundled_site();
    let first = build(site.path());
    let second = build(site.path());
    let diffs = differences(&first, &second);
    assert!(diffs.is_empty(), "two builds differ:\n{}", diffs.join("\n"));
}

#[test]
fn bundled_site() {
    let site = common::bundled_site();
    check("bundled", site.path());
}

#[test]
fn fixture_good() {
    check("good", common::fixture("good").path());
}

#[test]
fn fixture_packs() {
    check("packs", common::fixture("packs").path());
}

#[test]
fn fixture_policies() {
    check("policies", common::fixture("policies").path());
}

#[test]
fn fixture_returns() {
    check("returns", common::fixture("returns").path());
}
