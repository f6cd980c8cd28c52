//! The read and write rules as a property (issue 39): a small site on a base, whose files are
//! randomly replaced by links out of the site (to a canary file or folder), dangling links, named
//! pipes and devices, is built, checked, adapted, diffed and overridden. Whatever the mix, no
//! command hangs or panics, the canary's text appears in no output and no message, and nothing
//! outside the temporary tree's site folders is written.

#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use proptest::prelude::*;

const CANARY: &str = "CANARY-91c2-NEVER-PUBLISHED";

/// The files of the site (and of its base) that may be replaced.
const SLOTS: [&str; 11] = [
    "site/frameworks.yaml",
    "site/i18n/en.yaml",
    "site/content/_index.md",
    "site/content/page.md",
    "site/static/style.css",
    "site/packs/p.yaml",
    "site/profiles/x.yaml",
    "site/.safeguide/base/0123456789ab",
    "base/content/based.md",
    "base/site.yaml",
    "site/content/folder",
];

/// What a slot becomes.
#[derive(Debug, Clone, Copy)]
enum Swap {
    Keep,
    LinkToCanary,
    LinkToCanaryFolder,
    Dangling,
    Fifo,
    DevZero,
    DevStdin,
}

fn swap() -> impl Strategy<Value = Swap> {
    prop_oneof![
        3 => Just(Swap::Keep),
        2 => Just(Swap::LinkToCanary),
        1 => Just(Swap::LinkToCanaryFolder),
        1 => Just(Swap::Dangling),
        2 => Just(Swap::Fifo),
        1 => Just(Swap::DevZero),
        1 => Just(Swap::DevStdin),
    ]
}

fn base_site(root: &Path) {
    write(
        root,
        "base/site.yaml",
        "title: Base\nbase_url: https://base.example.test/\naudiences:\n  - id: staff\n    name: Staff\nplaceholders:\n  name:\n    label: Name of the school\n",
    );
    write(
        root,
        "base/content/based.md",
        "---\ntitle: From the base\naudience: [staff]\n---\nThe base's page.\n",
    );
    write(
        root,
        "site/site.yaml",
        "base: ../base\ntitle: Site\nbase_url: https://site.example.test/\n",
    );
    write(root, "site/frameworks.yaml", "frameworks: []\n");
    write(root, "site/i18n/en.yaml", "search: Search\n");
    write(
        root,
        "site/content/_index.md",
        "---\ntitle: Home\n---\nWelcome.\n",
    );
    write(
        root,
        "base/content/other.md",
        "---\ntitle: Another base page\naudience: [staff]\n---\nTo copy.\n",
    );
    write(
        root,
        "site/content/page.md",
        "---\ntitle: A policy\nkind: policy\naudience: [staff]\n---\nText for {{ name }}.\n",
    );
    write(
        root,
        "site/content/based.md",
        "---\ntitle: From the base\naudience: [staff]\nbased_on: 0123456789ab\n---\nThe base's page, changed.\n",
    );
    write(
        root,
        "site/content/folder/inner.md",
        "---\ntitle: Inner\n---\nIn.\n",
    );
    write(root, "site/static/style.css", "body { color: black }\n");
    write(
        root,
        "site/packs/p.yaml",
        "title: Pack\neditions: [participant]\nitems:\n  - page.md\n",
    );
    write(root, "site/profiles/x.yaml", "name: Oak Hill\n");
    write(
        root,
        "site/.safeguide/base/0123456789ab",
        "The base's page, then.\n",
    );
}

fn apply(root: &Path, outside: &Path, slot: &str, s: Swap) {
    let path = root.join(slot);
    if matches!(s, Swap::Keep) {
        return;
    }
    if path.is_dir() {
        std::fs::remove_dir_all(&path).expect("remove folder");
    } else {
        let _ = std::fs::remove_file(&path);
    }
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    let link = |to: &Path| std::os::unix::fs::symlink(to, &path).expect("symlink");
    match s {
        Swap::Keep => {}
        Swap::LinkToCanary => link(&outside.join("canary.txt")),
        Swap::LinkToCanaryFolder => link(outside),
        Swap::Dangling => link(&outside.join("nothing-here")),
        Swap::DevZero => link(Path::new("/dev/zero")),
        Swap::DevStdin => link(Path::new("/dev/stdin")),
        Swap::Fifo => {
            let o = Command::new("mkfifo").arg(&path).output().expect("mkfifo");
            assert!(o.status.success());
        }
    }
}

/// Every regular file under `dir` (not following links) with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().to_path_buf(),
                std::fs::read(e.path()).unwrap_or_default(),
            )
        })
        .collect()
}

/// The commands run on each site.
const RUNS: [&[&str]; 5] = [
    &["build"],
    &["check", "--report", "../report.html"],
    &[
        "adapt",
        "--profile",
        "profiles/x.yaml",
        "--out",
        "../adapted",
        "--allow-blanks",
    ],
    &["diff"],
    &["override", "content/other.md"],
];

/// The site with nothing swapped: every command does its work, so the property below runs them
/// on sites that get somewhere, not ones that fail at once.
#[test]
fn the_site_unswapped_works_with_every_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().canonicalize().expect("canonical");
    base_site(&root);
    let site = root.join("site");
    for args in RUNS {
        let o = run_limited(&site, args);
        assert!(o.status.success(), "{args:?}: {}{}", stdout(&o), stderr(&o));
    }
    assert!(site.join("public/page/index.html").is_file());
    assert!(root.join("report.html").is_file());
    assert!(
        std::fs::read_dir(root.join("adapted"))
            .expect("adapted")
            .count()
            > 0
    );
    assert!(read(&site, "content/other.md").contains("based_on:"));
}

proptest! {
    // Each case runs five commands of the real binary: a few cases keep CI short.
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    #[test]
    fn no_link_pipe_or_device_leaks_hangs_or_writes_outside(
        swaps in proptest::collection::vec(swap(), SLOTS.len())
    ) {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().canonicalize().expect("canonical");
        let outside = root.join("outside");
        write(&outside, "canary.txt", &format!("{CANARY}\n"));
        write(&outside, "canary.md", &format!("---\ntitle: {CANARY}\n---\n{CANARY}\n"));
        base_site(&root);
        for (slot, s) in SLOTS.iter().zip(&swaps) {
            apply(&root, &outside, slot, *s);
        }
        let before = snapshot(&outside);
        let site = root.join("site");
        for args in RUNS {
            let o = run_limited(&site, args);
            let said = format!("{}{}", stdout(&o), stderr(&o));
            prop_assert!(!said.contains(CANARY), "{args:?} printed the canary:\n{said}");
            prop_assert!(!said.contains("panicked"), "{args:?}: {said}");
        }
        for (path, bytes) in snapshot(&root) {
            if path.starts_with(&outside) {
                continue;
            }
            prop_assert!(
                !String::from_utf8_lossy(&bytes).contains(CANARY),
                "the canary reached {}", path.display()
            );
        }
        prop_assert_eq!(snapshot(&outside), before, "a file outside the sites was written");
        // Nothing was made beside the temporary tree's own folders.
        let names: Vec<String> = std::fs::read_dir(&root)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        for n in &names {
            prop_assert!(
                ["site", "base", "outside", "report.html", "adapted"].contains(&n.as_str()),
                "unexpected {n} in the temporary tree"
            );
        }
    }
}
