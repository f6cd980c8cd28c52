//! A failed build never changes the live site, and safeguide never deletes or overwrites what it
//! did not make: carried-over files, a user's own output folder, killed builds' leftovers, output
//! folders inside the site's sources, and `adapt --out`.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::*;

/// The page of `content/parents/gaming.md` in the `good` fixture's output.
const PAGE: &str = "parents/gaming/index.html";

/// Hard-links every file of `dir` into `snap`: whatever a build does to those inodes (rather than
/// to the names in `dir`) shows in `snap`. Returns what they held.
fn snapshot(dir: &Path, snap: &Path) -> BTreeMap<String, Vec<u8>> {
    for (rel, _) in files(dir) {
        let to = snap.join(&rel);
        fs::create_dir_all(to.parent().expect("parent")).expect("mkdir");
        fs::hard_link(dir.join(&rel), to).expect("link");
    }
    files(snap)
}

fn ino(p: &Path) -> u64 {
    fs::metadata(p).expect("metadata").ino()
}

/// Names in `dir` that look like safeguide's temporary folders.
fn temp_folders(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".safeguide-new-") || n.contains(".safeguide-old-"))
        .collect()
}

/// A folder named like safeguide's temporary folders, with its marker unless `marker` is false.
fn fake_temp(path: &Path, marker: bool) {
    fs::create_dir_all(path.join("sub")).expect("mkdir");
    fs::write(path.join("sub/page.html"), "left over").expect("write");
    if marker {
        fs::write(path.join(".safeguide-output"), "made by safeguide").expect("write");
    }
}

/// A process id that no process has (above Linux's largest pid_max).
const DEAD_PID: u32 = 4_194_305;

#[test]
fn a_failed_build_never_changes_a_file_carried_over_from_the_live_site() {
    let site = fixture("good");
    let root = site.path();
    let public = root.join("public");
    build_ok(root, &[]);
    let before = ino(&public.join(PAGE));
    build_ok(root, &[]);
    // The premise: an unchanged page is carried over as a hard link to the live copy.
    assert_eq!(ino(&public.join(PAGE)), before, "the page is carried over");

    let snap = root.join("snap");
    let held = snapshot(&public, &snap);
    let live = fs::read(public.join(PAGE)).expect("read");
    // A static/ file at the carried page's path is copied over the staged link...
    write(root, &format!("static/{PAGE}"), "<p>from static</p>");
    // ...and another page's broken link then fails the build.
    let kind = read(root, "content/kids/be-kind.md");
    write(
        root,
        "content/kids/be-kind.md",
        &format!("{kind}\n\nSee [this](no-such-page.md).\n"),
    );
    let o = run(root, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(fs::read(public.join(PAGE)).expect("read"), live);
    assert_eq!(ino(&public.join(PAGE)), before);
    assert_eq!(files(&snap), held, "no file of the live site changed");
    assert!(temp_folders(root).is_empty(), "{:?}", temp_folders(root));
}

#[test]
fn a_successful_rebuild_leaves_the_previous_outputs_files_alone_until_the_swap() {
    let site = fixture("good");
    let root = site.path();
    let public = root.join("public");
    build_ok(root, &[]);
    build_ok(root, &[]);
    let snap = root.join("snap");
    let held = snapshot(&public, &snap);
    // The page's source changes, so the page is written anew (a static file may no longer take
    // a generated page's place: that is an error).
    let source = read(root, "content/parents/gaming.md");
    write(
        root,
        "content/parents/gaming.md",
        &format!("{source}\nA line added later.\n"),
    );
    build_ok(root, &[]);
    assert!(read(&public, PAGE).contains("A line added later."));
    // The old page's inode (which the staged link shared) still holds the old page.
    assert_eq!(files(&snap), held);
}

#[test]
fn an_empty_folder_of_the_users_is_filled_in_place_and_kept() {
    let site = fixture("good");
    let root = site.path();
    let www = tempfile::tempdir().expect("temp dir");
    let docroot = www.path().join("html");
    fs::create_dir(&docroot).expect("mkdir");
    fs::set_permissions(&docroot, fs::Permissions::from_mode(0o750)).expect("chmod");
    let inode = ino(&docroot);
    let out = docroot.to_str().expect("utf-8");

    build_ok(root, &["--output", out]);
    assert!(docroot.join("policies/audit/index.html").is_file());
    let meta = fs::metadata(&docroot).expect("metadata");
    assert_eq!(meta.ino(), inode, "the same folder, not a new one");
    assert_eq!(meta.mode() & 0o7777, 0o750);
    assert!(read(&docroot, "index.html").contains("<html"));
    assert!(docroot.join(".safeguide-output").is_file());

    // Later builds fill it in place too, removing what the site no longer has.
    fs::remove_file(root.join("content/policies/audit.md")).expect("remove");
    let kind = read(root, "content/kids/be-kind.md");
    write(
        root,
        "content/kids/be-kind.md",
        &format!("{kind}\n\nA new line.\n"),
    );
    build_ok(root, &["--output", out]);
    let meta = fs::metadata(&docroot).expect("metadata");
    assert_eq!(meta.ino(), inode);
    assert_eq!(meta.mode() & 0o7777, 0o750);
    assert!(read(&docroot, "kids/be-kind/index.html").contains("A new line."));
    assert!(
        !docroot.join("policies/audit").exists(),
        "a removed page is gone"
    );
    assert!(
        temp_folders(&docroot).is_empty(),
        "{:?}",
        temp_folders(&docroot)
    );
    assert!(temp_folders(www.path()).is_empty());

    // A failed build leaves it as it was.
    let held = files(&docroot);
    write(
        root,
        "content/kids/be-kind.md",
        &format!("{kind}\n\n[x](missing.md)\n"),
    );
    let o = run(root, &["build", "--output", out]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(files(&docroot), held);
    assert!(temp_folders(&docroot).is_empty());
}

#[test]
fn an_output_given_as_a_link_to_a_folder_stays_a_link() {
    let site = fixture("good");
    let root = site.path();
    let real = root.join("real");
    fs::create_dir(&real).expect("mkdir");
    std::os::unix::fs::symlink(&real, root.join("live")).expect("symlink");
    for _ in 0..2 {
        build_ok(root, &["--output", "live"]);
        let meta = fs::symlink_metadata(root.join("live")).expect("metadata");
        assert!(meta.file_type().is_symlink(), "the link is kept");
        assert!(
            real.join("index.html").is_file(),
            "the site is in the linked folder"
        );
    }
    assert!(temp_folders(&real).is_empty(), "{:?}", temp_folders(&real));
    assert!(temp_folders(root).is_empty(), "{:?}", temp_folders(root));
}

#[test]
fn a_folder_holding_files_safeguide_did_not_make_is_refused_and_untouched() {
    let site = fixture("good");
    let root = site.path();
    let theirs = root.join("theirs");
    write(&theirs, "notes.txt", "mine");
    // A look-alike of safeguide's temporary folder, but without its marker: not ours either.
    fake_temp(&theirs.join(".safeguide-new-1"), false);
    let held = files(&theirs);
    let o = run(root, &["build", "--output", "theirs"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("did not create"), "{}", stderr(&o));
    assert_eq!(files(&theirs), held);
}

/// Adds `n` pages to the site, so a build runs long enough to be stopped part-way.
fn add_pages(root: &Path, n: usize) {
    let body = "Talk with your child about what they do online, and keep talking. ".repeat(40);
    for i in 0..n {
        write(
            root,
            &format!("content/parents/extra-{i:04}.md"),
            &format!("---\ntitle: Extra page {i}\nsummary: A page to make the site larger.\n---\n\n## Part one\n\n{body}\n\n## Part two\n\n{body}\n"),
        );
    }
}

/// Starts `safeguide build` in `root` and waits until its staging folder beside `public/` holds
/// files; returns the child and the staging folder.
fn start_build(root: &Path) -> (std::process::Child, PathBuf) {
    let child = Command::new(bin())
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let staging = root.join(format!(".public.safeguide-new-{}", child.id()));
    let started = Instant::now();
    while !staging.join("parents").is_dir() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "the build never made its staging folder"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    (child, staging)
}

#[test]
fn a_killed_builds_leftovers_are_removed_by_the_next_build_and_nothing_else() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    add_pages(root, 1500);
    let (mut child, staging) = start_build(root);
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("wait");
    assert!(!status.success());
    assert!(staging.is_dir(), "a killed build leaves its staging folder");

    // A killed build's old output being removed, by hand: safeguide's name and marker.
    let old = root.join(format!(".public.safeguide-old-{DEAD_PID}"));
    fake_temp(&old, true);
    // Look-alikes that are not ours to delete: no marker; a running process's (this test's).
    let no_marker = root.join(format!(".public.safeguide-new-{}", DEAD_PID + 1));
    fake_temp(&no_marker, false);
    let running = root.join(format!(".public.safeguide-new-{}", std::process::id()));
    fake_temp(&running, true);
    let other_site = root.join(format!(".other.safeguide-new-{DEAD_PID}"));
    fake_temp(&other_site, true);

    build_ok(root, &[]);
    assert!(
        !staging.exists(),
        "the killed build's staging folder is removed"
    );
    assert!(!old.exists());
    for kept in [&no_marker, &running, &other_site] {
        assert_eq!(
            read(kept, "sub/page.html"),
            "left over",
            "{}",
            kept.display()
        );
    }
    assert!(root.join("public/parents/extra-1499/index.html").is_file());
}

#[test]
fn leftovers_inside_a_kept_folder_are_removed_and_do_not_make_it_foreign() {
    let site = fixture("good");
    let root = site.path();
    let docroot = root.join("docroot");
    fs::create_dir(&docroot).expect("mkdir");
    // A first build into it was killed: only its staging folder is there, no marker at the top.
    let staging = docroot.join(format!(".safeguide-new-{DEAD_PID}"));
    fake_temp(&staging, true);
    build_ok(root, &["--output", "docroot"]);
    assert!(!staging.exists());
    assert!(docroot.join("index.html").is_file());
}

#[test]
fn ctrl_c_stops_a_build_cleanly() {
    let site = fixture("good");
    let root = site.path();
    build_ok(root, &[]);
    let held = files(&root.join("public"));
    add_pages(root, 1500);
    let (child, staging) = start_build(root);
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let o = child.wait_with_output().expect("wait");
    assert!(!o.status.success(), "an interrupted build fails");
    assert_eq!(o.status.code(), Some(130), "{}", stderr(&o));
    assert!(stderr(&o).contains("interrupted"), "{}", stderr(&o));
    assert!(!staging.exists(), "its staging folder is removed");
    assert!(temp_folders(root).is_empty(), "{:?}", temp_folders(root));
    assert_eq!(
        files(&root.join("public")),
        held,
        "the live site is untouched"
    );
}

#[test]
fn an_output_folder_inside_the_sites_sources_is_refused() {
    let site = fixture("good");
    let root = site.path();
    fs::create_dir_all(root.join("templates")).expect("mkdir");
    std::os::unix::fs::symlink(root.join("static"), root.join("pub-link")).expect("symlink");
    let cases = [
        ("static/site", "static/"),
        ("content/new/deeper", "content/"),
        ("templates/out", "templates/"),
        ("packs/out", "packs/"),
        ("profiles/out", "profiles/"),
        ("themes/mine/out", "themes/"),
        ("public/../static/x", "static/"),
        ("pub-link/out", "static/"),
        (".", "the site folder itself"),
        ("..", "holds the site folder"),
    ];
    for (out, said) in cases {
        let before = files(root);
        let o = run(root, &["build", "--output", out]);
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains(said), "{out}: {}", stderr(&o));
        assert!(stderr(&o).contains("Choose an --output"), "{}", stderr(&o));
        assert_eq!(files(root), before, "{out}: nothing written");
    }
}

#[test]
fn adapt_never_writes_among_the_sites_sources() {
    let site = fixture("policies");
    let root = site.path();
    // A profile named like a content folder: --out content would put its copies on the pages.
    fs::copy(
        root.join("profiles/complete.yaml"),
        root.join("profiles/policies.yaml"),
    )
    .expect("copy");
    fs::copy(
        root.join("profiles/complete.yaml"),
        root.join("profiles/content.yaml"),
    )
    .expect("copy");
    let page = "content/policies/pupil-aup.md";
    let before = files(root);
    let o = run(
        root,
        &[
            "adapt",
            "--profile",
            "profiles/policies.yaml",
            "--format",
            "md",
            "--out",
            "content",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains(page), "names the file: {}", stderr(&o));
    assert!(stderr(&o).contains("overwrite"), "{}", stderr(&o));
    assert_eq!(files(root), before, "nothing written");

    // --out at the site root: profile `content` would add pages to content/.
    let o = run(
        root,
        &[
            "adapt",
            "--profile",
            "profiles/content.yaml",
            "--format",
            "md",
            "--out",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("content/pupil-aup.md"),
        "{}",
        stderr(&o)
    );
    assert_eq!(files(root), before, "nothing written");

    // Outside the sources it writes as before.
    let o = run(
        root,
        &[
            "adapt",
            "--profile",
            "profiles/policies.yaml",
            "--format",
            "md",
            "--out",
            "out",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(root.join("out/policies/pupil-aup.md").is_file());
}
