//! The search index after an edit: it catches up with the pages, shard by shard, and ends as a
//! full build's.

use super::*;

/// The shard names `search/index.js` lists, in order.
fn shard_names(manifest_script: &str) -> Vec<String> {
    manifest_script
        .split("\\\"name\\\":\\\"")
        .skip(1)
        .chain(manifest_script.split("\"name\":\"").skip(1))
        .map(|rest| rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect())
        .collect()
}

/// After the pages reload, the search index catches up: the edited page's shard is built again,
/// and the manifest lists what a full build of the same sources lists.
#[test]
fn an_edit_reaches_the_search_index() {
    let site = common::bundled_site();
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let before = shard_names(&get(&s.addr, "/search/index.js").body);
    // One shard per 2,000 pages of a language (src/search/shards.rs): the bundled site has one.
    assert!(!before.is_empty(), "{before:?}");

    edit(root, PAGE, "Gaming can be", "Zanzibarquokka gaming can be");
    ev.wait_for("event: reload");
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{}/", s.addr);
    common::build_ok(
        root,
        &["--base-url", &base, "--output", dest.to_str().unwrap()],
    );
    let built = shard_names(&common::read(&dest, "search/index.js"));
    eventually("the manifest lists a full build's shards", || {
        shard_names(&get(&s.addr, "/search/index.js").body) == built
    });
    let changed: Vec<&String> = built.iter().filter(|n| !before.contains(n)).collect();
    assert_eq!(changed.len(), 1, "only the page's shard: {changed:?}");
    assert_eq!(
        get(&s.addr, &format!("/search/{}.js", changed[0])).status,
        200
    );
    // Every file of the shard is a full build's; the section's excerpt, stored for the result
    // snippet in a detail chunk, holds the new text.
    let (files, excerpt) = served_as_built(root, &dest, changed[0], "Zanzibarquokka gaming");
    assert!(files >= 3, "{files}");
    assert!(excerpt);
    // The language's term chunks, merged again from the shards' terms, are a full build's too,
    // and hold the new word.
    let terms = terms_name(&common::read(&dest, "search/index.js"));
    assert_eq!(terms_name(&get(&s.addr, "/search/index.js").body), terms);
    let (_, found) = served_as_built(root, &dest, &terms, "zanzibarquokka");
    assert!(found, "the new word is in a term chunk");
}

/// Asserts that serve's `search/<name>.js` and files in `search/<name>/` (under `root`) are the
/// full build's at `dest`, the same files byte for byte. Returns how many there are and whether
/// any holds `needle`.
fn served_as_built(root: &Path, dest: &Path, name: &str, needle: &str) -> (usize, bool) {
    let served = root.join(".safeguide-serve");
    let listed = |top: &Path| -> BTreeSet<String> {
        let mut files: BTreeSet<String> = std::fs::read_dir(top.join("search").join(name))
            .expect("a search folder")
            .map(|e| {
                format!(
                    "search/{name}/{}",
                    e.expect("entry").file_name().to_string_lossy()
                )
            })
            .collect();
        files.insert(format!("search/{name}.js"));
        files
    };
    let files = listed(dest);
    assert_eq!(listed(&served), files, "the same files");
    let mut found = false;
    for file in &files {
        let mine = std::fs::read(served.join(file)).expect("served");
        found |= String::from_utf8_lossy(&mine).contains(needle);
        assert_eq!(
            mine,
            std::fs::read(dest.join(file)).expect("built"),
            "{file}"
        );
    }
    (files.len(), found)
}

/// Issue #23: on a site of several shards, an edit's search update reads the other shards' terms
/// back from the term chunks being served and merges them with the edited shard's: every search
/// file then is a full build's, and the old term files go at the next update.
#[test]
fn an_edit_on_several_shards_merges_the_kept_shards_terms_as_a_full_build_does() {
    let site = common::site_of_several_shards();
    let root = site.path();
    let s = serve(root);
    let ev = events(&s.addr);
    let before = get(&s.addr, "/search/index.js").body;
    assert!(shard_names(&before).len() >= 2, "{before}");
    edit(root, "content/more/g0002.md", "\n\n## ", " Axolotl.\n\n## ");
    ev.wait_for("event: reload");
    let out = tempfile::tempdir().expect("temp dir");
    let dest = out.path().join("built");
    let base = format!("http://{}/", s.addr);
    common::build_ok(
        root,
        &["--base-url", &base, "--output", dest.to_str().unwrap()],
    );
    let built = common::read(&dest, "search/index.js");
    eventually("the manifest is a full build's", || {
        get(&s.addr, "/search/index.js").body == built
    });
    let terms = terms_name(&built);
    assert_ne!(terms, terms_name(&before));
    let served = root.join(".safeguide-serve");
    let (_, found) = served_as_built(root, &dest, &terms, "\"axolotl\"");
    assert!(found, "the new word is in a term chunk");
    // The replaced term files stay for a search page that loaded the old manifest, until the
    // next update.
    let old = terms_name(&before);
    assert!(served.join(format!("search/{old}.js")).is_file());
    edit(root, "content/more/g0002.md", " Axolotl.", " Okapi.");
    eventually("the term files before the last go", || {
        !served.join(format!("search/{old}.js")).exists()
            && !served.join("search").join(&old).exists()
    });
}

/// The name of the term files `search/index.js` names.
fn terms_name(manifest_script: &str) -> String {
    let rest = manifest_script
        .split("\"terms\":\"")
        .nth(1)
        .expect("terms in the manifest");
    rest.chars().take_while(|c| c.is_ascii_hexdigit()).collect()
}
