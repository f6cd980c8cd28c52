//! Rebuilding onto the previous output: files whose inputs did not change are carried over from it
//! instead of being rendered, minified or indexed again. Whatever the change, the result must be
//! byte for byte what a clean build of the same site gives.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use common::*;

#[cfg(unix)]
fn inodes(dir: &Path) -> BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).expect("inside");
            (
                rel.to_string_lossy().into_owned(),
                e.metadata().expect("meta").ino(),
            )
        })
        .collect()
}

/// Builds `site` onto its previous output and, separately, from scratch; the two must match.
fn rebuild_matches_clean(site: &Path, what: &str) {
    build_ok(site, &[]);
    let clean = site.join("clean");
    let _ = fs::remove_dir_all(&clean);
    build_ok(site, &["-o", clean.to_str().expect("utf-8")]);
    let (a, b) = (site_files(&site.join("public")), site_files(&clean));
    let only_a: Vec<&String> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let only_b: Vec<&String> = b.keys().filter(|k| !a.contains_key(*k)).collect();
    assert!(
        only_a.is_empty() && only_b.is_empty(),
        "{what}: files differ: rebuild only {only_a:?}, clean only {only_b:?}"
    );
    let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
    assert!(differ.is_empty(), "{what}: contents differ: {differ:?}");
}

fn edit(site: &Path, rel: &str, from: &str, to: &str) {
    let text = read(site, rel);
    assert!(text.contains(from), "{rel} holds {from:?}");
    write(site, rel, &text.replacen(from, to, 1));
}

#[test]
fn every_kind_of_change_rebuilds_to_what_a_clean_build_gives() {
    let site = bundled_site();
    let root = site.path();
    build_ok(root, &[]);
    rebuild_matches_clean(root, "no change");

    let gaming = "content/parents/gaming-and-chat.md";
    edit(
        root,
        gaming,
        "Gaming can be a great way",
        "Gaming can be a brilliant way",
    );
    rebuild_matches_clean(root, "a body edit");

    edit(
        root,
        gaming,
        "## Age ratings {#pegi}",
        "## Age ratings and labels {#age-labels}",
    );
    rebuild_matches_clean(root, "a changed heading id");

    edit(
        root,
        gaming,
        "title: Gaming and chat",
        "title: Games and chat",
    );
    rebuild_matches_clean(root, "a changed title");

    edit(
        root,
        gaming,
        "tags: [gaming, chat,",
        "tags: [gaming, voice chat,",
    );
    rebuild_matches_clean(root, "a changed tag");

    edit(root, "site.yaml", "reading_age: 11", "reading_age: 12");
    rebuild_matches_clean(root, "a site.yaml change");

    write(
        root,
        "content/parents/zz-new.md",
        "---\ntitle: A new page\nsummary: Added between builds.\n---\n\nSee [gaming](gaming-and-chat.md#age-labels).\n",
    );
    rebuild_matches_clean(root, "a new page");

    // The new page links to #age-labels: renaming that heading must fail the rebuild, as it fails
    // a clean build, although the linking page itself did not change.
    edit(root, gaming, "{#age-labels}", "{#ratings}");
    let o = run(root, &["build"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("zz-new.md"), "{}", stderr(&o));
    edit(root, gaming, "{#ratings}", "{#age-labels}");

    fs::remove_file(root.join("content/parents/zz-new.md")).expect("remove");
    rebuild_matches_clean(root, "a removed page");

    let base = read(&repo_root(), "themes/default/templates/base.html");
    write(
        root,
        "templates/base.html",
        &base.replacen("<body", "<body data-override=\"yes\"", 1),
    );
    rebuild_matches_clean(root, "a template override");
}

/// A body edit leaves every other page's files as they were: the same files, carried over.
#[test]
#[cfg(unix)]
fn a_body_edit_renders_only_that_page_again() {
    let site = bundled_site();
    let root = site.path();
    build_ok(root, &[]);
    let public = root.join("public");
    let before = inodes(&public);
    edit(
        root,
        "content/parents/gaming-and-chat.md",
        "Gaming can be a great way",
        "Gaming can be a brilliant way",
    );
    build_ok(root, &[]);
    let after = inodes(&public);
    let page = "parents/gaming-and-chat/index.html";
    assert_ne!(
        before[page], after[page],
        "the edited page is written again"
    );
    assert!(read(&public, page).contains("brilliant"));
    let pages: Vec<&String> = before
        .keys()
        .filter(|k| k.ends_with(".html") && k.as_str() != page)
        .collect();
    let kept = pages
        .iter()
        .filter(|k| after.get(**k) == Some(&before[**k]))
        .count();
    // Listings, tag pages and the like are rendered again and compared by content, so they are
    // kept too when unchanged; every content page but the edited one is carried over.
    assert!(
        kept * 10 >= pages.len() * 9,
        "{kept} of {} other pages carried over",
        pages.len()
    );
    // A file changed by hand in the output is made again, not kept.
    let other = public.join("parents/cyberbullying/index.html");
    let text = fs::read_to_string(&other).expect("read");
    fs::write(&other, text.replace("<body", "<body data-hand-edited")).expect("write");
    build_ok(root, &[]);
    assert!(!read(&public, "parents/cyberbullying/index.html").contains("data-hand-edited"));
}
