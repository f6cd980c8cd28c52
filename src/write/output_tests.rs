//! Tests of output.rs (beside it, to keep that file small).

use super::*;

/// A file carried over is a hard link to the live site's copy; writing the same path again in
/// the same build must leave the live copy alone, whether the build then succeeds or not.
#[test]
fn writing_over_a_carried_file_leaves_the_live_site_alone() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("public");
    let first = Staging::new(&target).unwrap();
    first
        .write_keyed("a/index.html", "k", || b"old page".to_vec())
        .unwrap();
    first.commit().unwrap();

    let second = Staging::new(&target).unwrap();
    assert!(second.carry_over("a/index.html", "k"), "carried over");
    second.write("a/index.html", b"new page").unwrap();
    assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"old page");
    // Carrying over again onto the staged file must not empty it either.
    assert!(second.carry_over("a/index.html", "k"));
    assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"old page");
    assert_eq!(
        fs::read(second.path_of("a/index.html")).unwrap(),
        b"old page"
    );
    drop(second); // a failed build
    assert_eq!(fs::read(target.join("a/index.html")).unwrap(), b"old page");
}

/// Only a real folder with safeguide's name pattern and marker is taken for a leftover.
#[test]
fn leftovers_are_known_by_name_and_marker() {
    let dir = tempfile::tempdir().unwrap();
    let ours = dir.path().join(".public.safeguide-new-12");
    fs::create_dir(&ours).unwrap();
    assert_eq!(leftover_pid(&ours, ".public.safeguide-"), None, "no marker");
    fs::write(ours.join(MARKER), MARKER_TEXT).unwrap();
    assert_eq!(leftover_pid(&ours, ".public.safeguide-"), Some(12));
    assert_eq!(leftover_pid(&ours, ".other.safeguide-"), None);
    let odd = dir.path().join(".public.safeguide-new-12x");
    fs::create_dir(&odd).unwrap();
    fs::write(odd.join(MARKER), MARKER_TEXT).unwrap();
    assert_eq!(leftover_pid(&odd, ".public.safeguide-"), None);
}

#[test]
fn an_own_folder_goes_whole_and_its_links_are_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("outside");
    fs::create_dir(&outside).unwrap();
    fs::write(outside.join("keep.txt"), "mine").unwrap();
    let dir = tmp.path().join(".safeguide-serve");
    fs::create_dir_all(dir.join("a/b")).unwrap();
    fs::write(dir.join(MARKER), "m").unwrap();
    fs::write(dir.join("a/b/index.html"), "x").unwrap();
    fs::write(dir.join("index.html"), "x").unwrap();
    std::os::unix::fs::symlink(&outside, dir.join("a/link")).unwrap();
    remove_own(&dir);
    assert!(!dir.exists());
    assert_eq!(
        fs::read_to_string(outside.join("keep.txt")).unwrap(),
        "mine"
    );
}
