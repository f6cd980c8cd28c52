//! Layers: a site standing on a base (`base: default` or a site folder), a base of a base, `hide:`,
//! and `safeguide new` (thin and `--full`). Every test builds real sites with the real binary.

#[path = "../common/mod.rs"]
mod common;

mod bases;
mod brand;
mod local_values;
mod thin_sites;

use std::path::Path;

use common::{build_ok, read, run, site_files, stderr, stdout, write};

const AUDIENCES: &str = "audiences:\n  - id: parents\n    name: Parents and carers\n";

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\nsummary: About {title}.\naudience: [parents]\n---\n{body}\n")
}

/// national <- regional <- local, in one temporary folder; returns (tempdir, local root).
fn three_layers() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let n = dir.path().join("national");
    write(
        &n,
        "site.yaml",
        &format!("title: National pack\nbase_url: https://national.example.org/\n{AUDIENCES}"),
    );
    write(&n, "content/_index.md", &page("National home", "Welcome."));
    write(
        &n,
        "content/parents/gaming.md",
        &page("Gaming", "National gaming advice."),
    );
    write(
        &n,
        "content/parents/apps.md",
        &page("Apps", "National apps advice. See [gaming](gaming.md)."),
    );
    write(&n, "static/national.txt", "from national");
    write(&n, "static/shared.txt", "national copy");
    let r = dir.path().join("regional");
    write(
        &r,
        "site.yaml",
        "base: ../national\ntitle: Northern region\n",
    );
    write(
        &r,
        "content/parents/gaming.md",
        &page("Gaming", "Regional gaming advice."),
    );
    write(&r, "static/shared.txt", "regional copy");
    let l = dir.path().join("local");
    write(
        &l,
        "site.yaml",
        "title: Northshire — Online safety\nbase_url: https://northshire.example.org/\nbase: ../regional\n",
    );
    write(
        &l,
        "content/parents/local-help.md",
        &page("Local help", "Call the front door. See [apps](apps.md)."),
    );
    (dir, l)
}

/// A thin site from `safeguide new`, with `local` lines put into its site.yaml.
fn thin_site_with(local: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    assert!(run(dir.path(), &["new", "s"]).status.success());
    let s = dir.path().join("s");
    let yaml = read(&s, "site.yaml");
    let cut = yaml.find("\nlocal:\n").expect("new writes local:");
    write(
        &s,
        "site.yaml",
        &format!("{}\nlocal:\n{local}", &yaml[..cut]),
    );
    (dir, s)
}
