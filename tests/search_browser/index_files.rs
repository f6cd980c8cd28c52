//! The index files a build writes: one document per section and no bodies, rebuilds that
//! reuse unchanged shards, and no index when search is off.

use super::*;

/// Every index file under public/search but the manifests, with its inode.
#[cfg(unix)]
fn search_files(public: &Path) -> std::collections::BTreeMap<String, u64> {
    use std::os::unix::fs::MetadataExt;
    let mut out = std::collections::BTreeMap::new();
    let mut dirs = vec![public.join("search")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).expect("search folder") {
            let e = e.expect("entry");
            let path = e.path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                let rel = path.strip_prefix(public).expect("inside").to_string_lossy();
                let rel = rel.replace('\\', "/");
                // The manifests and the search page are written at every build.
                if !rel.starts_with("search/index") {
                    out.insert(rel, e.metadata().expect("meta").ino());
                }
            }
        }
    }
    out
}

fn site_with_probe_page() -> tempfile::TempDir {
    let site = bundled_site();
    write(
        site.path(),
        "content/parents/zz-probe.md",
        "---\ntitle: Probe page\nsummary: A page made by the search test.\naudience: [parents]\n---\n\n\
         Zebrafish **quokka** <span class=\"wombatclass\">narwhal</span>.\n\n## Second part {#second}\n\n\
         Okapi text here.\n",
    );
    site
}

#[test]
fn index_files_hold_one_document_per_section_and_no_bodies() {
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let shards = shards(&public);

    // Every page is in exactly one shard, and the directory's audience table agrees with its
    // details.
    let mut seen = std::collections::HashSet::new();
    let mut sets = std::collections::BTreeSet::new();
    for s in &shards {
        for (i, p) in s.pages.iter().enumerate() {
            assert!(seen.insert(p["url"].to_string()), "{} twice", p["url"]);
            let mut mine: Vec<String> = p["audience"]
                .as_array()
                .expect("audience")
                .iter()
                .map(|a| a.as_str().expect("id").to_string())
                .collect();
            mine.sort();
            assert_eq!(mine, s.audiences_of(i), "{}: {p}", s.name);
            sets.insert(mine);
            let keys: Vec<&String> = p.as_object().expect("page").keys().collect();
            assert_eq!(
                keys,
                ["audience", "docs", "kind", "summary", "title", "url"]
            );
            for d in p["docs"].as_array().expect("docs") {
                let d = d.as_array().expect("[heading, anchor, excerpt]");
                assert_eq!(d.len(), 3);
                assert!(d[2].as_str().expect("excerpt").chars().count() <= 161);
            }
        }
        // The directory counts every page's documents.
        let docs: usize = s
            .pages
            .iter()
            .map(|p| p["docs"].as_array().expect("docs").len())
            .sum();
        assert_eq!(
            s.directory["docs"].as_u64(),
            Some(docs as u64),
            "{}",
            s.name
        );
    }
    assert!(
        seen.len() > 40,
        "every page of the bundled site: {}",
        seen.len()
    );
    assert!(
        sets.len() > 3,
        "pages of several audiences share a shard: {sets:?}"
    );

    let probe_shard = shards
        .iter()
        .find(|s| s.page_urls().contains(&"/parents/zz-probe/".to_string()))
        .expect("probe page indexed");
    let at = probe_shard
        .page_urls()
        .iter()
        .position(|u| u == "/parents/zz-probe/")
        .expect("probe page");
    assert_eq!(probe_shard.audiences_of(at), ["parents".to_string()]);
    let probe = &probe_shard.pages[at];
    let docs = probe["docs"].as_array().expect("docs");
    assert_eq!(docs.len(), 2, "top of page and one heading: {docs:?}");
    assert_eq!(docs[1][0], "Second part");
    assert_eq!(docs[1][1], "second");
    // Body text, not HTML: the words are indexed, the markup is not.
    assert!(probe_shard.has_token("body", "quokka") && probe_shard.has_token("body", "narwhal"));
    assert!(
        !probe_shard.has_token("body", "wombatclass") && !probe_shard.has_token("body", "span")
    );
    assert!(probe_shard.has_token("title", "probe"));
    // Stemmed, as elasticlunr's English pipeline does ("zebrafish" is its own stem).
    assert!(probe_shard.has_token("title", "page"));
}

/// Issue #23: a language's term chunks hold every shard's terms, so an edit makes new ones; the
/// rebuild reads the unchanged shards' terms back from the previous chunks instead of rendering
/// their pages again, and the merged chunks hold exactly what a clean build's do.
#[test]
#[cfg(unix)]
fn a_rebuild_reads_unchanged_shards_terms_back_from_the_previous_chunks() {
    use std::os::unix::fs::MetadataExt;
    let site = site_of_several_shards();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let before = shards(&public);
    assert!(before.len() >= 2, "{}", before.len());
    let inode = |rel: &str| std::fs::metadata(public.join(rel)).expect("a page").ino();
    let page_file = |url: &str| format!("{}index.html", url.trim_start_matches('/'));

    let edited = "content/more/g0002.md";
    let text = read(site.path(), edited).replace("\n\n## ", " Axolotl.\n\n## ");
    write(site.path(), edited, &text);
    let kept_pages: Vec<(String, u64)> = before
        .iter()
        .filter(|s| !s.page_urls().contains(&"/more/g0002/".to_string()))
        .flat_map(|s| s.page_urls().into_iter().take(20))
        .map(|u| {
            let f = page_file(&u);
            let i = inode(&f);
            (f, i)
        })
        .collect();
    assert!(!kept_pages.is_empty());
    let o = build_ok(site.path(), &[]);
    // The other shards' pages were not rendered again (their search text was not needed).
    let out = stdout(&o);
    let carried: usize = out
        .split("; ")
        .nth(1)
        .and_then(|s| s.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count of pages carried over: {out}"));
    let others: usize = before
        .iter()
        .filter(|s| !s.page_urls().contains(&"/more/g0002/".to_string()))
        .map(|s| s.pages.len())
        .sum();
    assert!(
        carried >= others,
        "{carried} carried over, {others} in the other shards"
    );
    let after = shards(&public);
    assert_eq!(before.len(), after.len());
    let mut changed = 0;
    for (b, a) in before.iter().zip(&after) {
        if b.name == a.name {
            assert_eq!(
                b.terms, a.terms,
                "the terms of {} read back as they were",
                b.name
            );
        } else {
            changed += 1;
            assert!(a.has_token("body", "axolotl") && !b.has_token("body", "axolotl"));
        }
    }
    assert_eq!(changed, 1);
    // The other shards' pages were not rendered again: the same files, carried over.
    for (f, i) in &kept_pages {
        assert_eq!(inode(f), *i, "{f} was rendered again");
    }
    // And the chunks are what a clean build writes.
    let clean = tempfile::tempdir().expect("temp dir");
    let out = clean.path().join("public");
    build_ok(site.path(), &["--output", out.to_str().expect("utf-8")]);
    let fresh = shards(&out);
    for (a, f) in after.iter().zip(&fresh) {
        assert_eq!(a.name, f.name);
        assert_eq!(a.terms, f.terms);
    }
    assert_eq!(
        read(&public, "search/index.js"),
        read(&out, "search/index.js")
    );
}

/// A rebuild takes unchanged shards' files from the previous output (the same files,
/// hard-linked) and builds only the files of the shard of the page that changed.
#[test]
#[cfg(unix)]
fn a_rebuild_reuses_unchanged_shards() {
    let site = site_with_probe_page();
    build_ok(site.path(), &[]);
    let public = site.path().join("public");
    let manifest = |public: &Path| read(public, "search/index.js");
    let before = search_files(&public);
    let shard_names =
        |public: &Path| -> Vec<String> { shards(public).into_iter().map(|s| s.name).collect() };
    let names_before = shard_names(&public);

    build_ok(site.path(), &[]);
    assert_eq!(
        before,
        search_files(&public),
        "no change: the same files, carried over"
    );

    let probe = read(site.path(), "content/parents/zz-probe.md").replace("Okapi", "Capybara");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let after = search_files(&public);
    let names_after = shard_names(&public);
    let changed: Vec<&String> = names_after
        .iter()
        .filter(|n| !names_before.contains(n))
        .collect();
    assert_eq!(changed.len(), 1, "only the probe's shard: {changed:?}");
    let new = shards(&public)
        .into_iter()
        .find(|s| s.name == *changed[0])
        .expect("the new shard");
    assert!(new.has_token("body", "capybara"));
    assert!(new.page_urls().contains(&"/parents/zz-probe/".to_string()));
    // The language's term files are merged again, under a new name.
    let terms_of = |public: &Path| {
        index_data(public, "search/index.js")["terms"]
            .as_str()
            .expect("terms")
            .to_string()
    };
    let terms = terms_of(&public);
    assert!(before.keys().all(|f| !f.contains(&terms)));
    for (f, inode) in &after {
        if f.contains(changed[0].as_str()) || f.contains(&terms) || f.starts_with("search/index") {
            continue;
        }
        assert_eq!(before.get(f), Some(inode), "{f} was rebuilt");
    }
    assert!(manifest(&public).contains(changed[0].as_str()));

    // A new title shows in menus and listings across the site, but in the search index only in
    // the page's own shard.
    let probe = read(site.path(), "content/parents/zz-probe.md")
        .replace("title: Probe page", "title: Probe page renamed");
    write(site.path(), "content/parents/zz-probe.md", &probe);
    build_ok(site.path(), &[]);
    let new = shard_names(&public);
    let retitled: Vec<&String> = new.iter().filter(|n| !names_after.contains(n)).collect();
    assert_eq!(retitled.len(), 1, "{names_after:?} -> {new:?}");
}

#[test]
fn no_index_when_search_is_disabled() {
    let site = bundled_site();
    let yaml = read(site.path(), "site.yaml").replace("enabled: true", "enabled: false");
    write(site.path(), "site.yaml", &yaml);
    build_ok(site.path(), &[]);
    assert!(!site.path().join("public/search/index.js").exists());
    assert!(!site.path().join("public/search").exists());
}
