//! Reproducible output (#40): the same sources give the same bytes, whatever the number of threads,
//! whether the build is clean or carried over, and on whatever day it runs with SOURCE_DATE_EPOCH.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::*;

/// The bundled site and `n` generated model policies, each linking to pages of the site, to each
/// other, to an anchor of its own and to an outside address, so that every Word copy has several
/// hyperlinks and many copies are made at once.
fn site_with_policies(n: usize) -> tempfile::TempDir {
    let site = bundled_site();
    write(
        site.path(),
        "content/policies/more/_index.md",
        "---\ntitle: More policies\nsummary: Generated model policies.\n---\n\nMore.\n",
    );
    for i in 0..n {
        let next = (i + 1) % n;
        let page = format!(
            "---\ntitle: Generated policy {i}\nsummary: A policy for the reproducibility test.\n\
             kind: policy\nupdated: 2026-11-01\nversion: \"{i}\"\n\
             signatures:\n  - title: Headteacher\n    lines: [Name, Signature, Date]\n---\n\n\
             At {{{{ name }}}} we follow [the next policy](/policies/more/p{next:03}/) and \
             [get help](/get-help/). See [the scope](#scope) and [the law](https://www.legislation.gov.uk/ukpga/2023/50).\n\n\
             ## Scope {{#scope}}\n\n1. [Parents](/parents/) read [policy {i}](/policies/more/p{i:03}/).\n\
             2. Staff tell {{{{ dsl }}}}.\n\n| Who | What |\n| --- | --- |\n| DSL | [Report](/get-help/) |\n"
        );
        write(
            site.path(),
            &format!("content/policies/more/p{i:03}.md"),
            &page,
        );
    }
    site
}

fn build_with(root: &Path, out: &str, env: &[(&str, &str)], clock: Option<&str>) {
    let mut cmd = match clock {
        Some(at) => {
            let mut c = Command::new("faketime");
            c.arg(at).arg(bin());
            c
        }
        None => Command::new(bin()),
    };
    cmd.args(["build", "-o", out])
        .current_dir(root)
        .env("NO_COLOR", "1");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let o = cmd.output().expect("run safeguide");
    assert!(
        o.status.success(),
        "build failed:\n{}\n{}",
        stdout(&o),
        stderr(&o)
    );
}

/// The names of the files that differ between two outputs (or are in one only).
fn differing(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut names: Vec<String> = a
        .iter()
        .filter(|(k, v)| b.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect();
    names.extend(b.keys().filter(|k| !a.contains_key(*k)).cloned());
    names
}

#[test]
fn two_clean_builds_on_several_threads_are_byte_identical() {
    let site = site_with_policies(400);
    let root = site.path();
    let threads = [("RAYON_NUM_THREADS", "4")];
    build_with(root, "one", &threads, None);
    build_with(root, "two", &threads, None);
    let (a, b) = (site_files(&root.join("one")), site_files(&root.join("two")));
    let docx = a.keys().filter(|k| k.ends_with(".docx")).count();
    assert!(docx >= 400, "only {docx} Word copies were made");
    // The copies really have links (whose ids once came from a counter shared by all of them).
    let sample = &a["policies/more/p007/p007.docx"];
    let rels = docx_part(sample, "word/_rels/document.xml.rels");
    assert!(rels.matches("rIdHyperlink").count() >= 5, "{rels}");
    assert_eq!(differing(&a, &b), Vec::<String>::new());
}

/// One part of a Word copy, as text.
fn docx_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part")
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains(from), "{rel} has no {from:?}");
    std::fs::write(path, text.replacen(from, to, 1)).expect("write");
}

#[test]
fn a_rebuild_after_every_kind_of_edit_equals_a_clean_build_word_copies_included() {
    let site = site_with_policies(200);
    let root = site.path();
    let threads = [("RAYON_NUM_THREADS", "4")];
    build_with(root, "public", &threads, None);
    // A body edit, a title, a link target, a new page, a removed page, a placeholder label.
    edit(
        root,
        "content/policies/more/p010.md",
        "we follow",
        "we always follow",
    );
    edit(
        root,
        "content/policies/more/p020.md",
        "Generated policy 20",
        "Renamed policy 20",
    );
    edit(
        root,
        "content/policies/more/p030.md",
        "(/get-help/)",
        "(/parents/)",
    );
    write(
        root,
        "content/policies/more/p999.md",
        "---\ntitle: New policy\nkind: policy\n---\n\nSee [policy 1](/policies/more/p001/).\n",
    );
    std::fs::remove_file(root.join("content/policies/more/p040.md")).expect("remove");
    edit(
        root,
        "site.yaml",
        "label: Designated safeguarding lead (DSL)",
        "label: The DSL",
    );
    build_with(root, "public", &threads, None);
    build_with(root, "clean", &threads, None);
    let (a, b) = (
        site_files(&root.join("public")),
        site_files(&root.join("clean")),
    );
    assert!(a.contains_key("policies/more/p999/p999.docx"));
    assert_eq!(differing(&a, &b), Vec::<String>::new());
}

#[test]
fn source_date_epoch_gives_the_same_bytes_on_different_days() {
    if Command::new("faketime").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("CI").is_none(),
            "faketime is missing (.ci/run installs it)"
        );
        eprintln!("skipped: faketime is not installed");
        return;
    }
    let site = bundled_site();
    let root = site.path();
    let (monday, friday) = ("2027-03-01 09:00:00", "2027-03-05 23:30:00");
    // Without the variable the days show (so the fake clock works and the test can fail) ...
    build_with(root, "a", &[], Some(monday));
    build_with(root, "b", &[], Some(friday));
    let (a, b) = (site_files(&root.join("a")), site_files(&root.join("b")));
    assert!(
        !differing(&a, &b).is_empty(),
        "the build date shows nowhere"
    );
    // ... and with it, both days give the same bytes, dated the variable's day (1 December 2026).
    let epoch = [("SOURCE_DATE_EPOCH", "1796083200")];
    build_with(root, "c", &epoch, Some(monday));
    build_with(root, "d", &epoch, Some(friday));
    let (c, d) = (site_files(&root.join("c")), site_files(&root.join("d")));
    assert_eq!(differing(&c, &d), Vec::<String>::new());
    let dated = c
        .values()
        .any(|bytes| String::from_utf8_lossy(bytes).contains("1 December 2026"));
    assert!(dated, "no output names the day of SOURCE_DATE_EPOCH");
}
