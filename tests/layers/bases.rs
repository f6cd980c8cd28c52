//! Bases: a base of a base, errors in a base, loops, hidden pages and links to them, links out
//! of a base folder, and rebuilds after a change in any layer.

use super::*;

#[test]
fn a_base_of_a_base_lies_under_the_site_by_path() {
    let (_dir, local) = three_layers();
    build_ok(&local, &[]);
    let out = local.join("public");
    // Each layer's pages, the topmost copy winning.
    assert!(read(&out, "parents/gaming/index.html").contains("Regional gaming advice"));
    assert!(read(&out, "parents/apps/index.html").contains("National apps advice"));
    assert!(read(&out, "parents/local-help/index.html").contains("Call the front door"));
    // The site's own site.yaml keys replace the bases'.
    assert!(read(&out, "index.html").contains("Northshire — Online safety"));
    assert!(read(&out, "sitemap.xml").contains("https://northshire.example.org/parents/apps/"));
    // static/ of every layer, the topmost winning.
    assert_eq!(read(&out, "national.txt"), "from national");
    assert_eq!(read(&out, "shared.txt"), "regional copy");
}

#[test]
fn an_error_in_a_base_names_the_base_file_with_line_and_column() {
    let (dir, local) = three_layers();
    write(
        &dir.path().join("national"),
        "content/parents/apps.md",
        &page("Apps", "Line one.\n\nSee [missing](nowhere.md)."),
    );
    let o = run(&local, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("../national/content/parents/apps.md:8:5"),
        "the base file is named relative to the site, with line and column:\n{err}"
    );
}

#[test]
fn a_loop_of_bases_is_an_error_naming_the_chain() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    write(
        &a,
        "site.yaml",
        "title: A\nbase_url: https://a.example.org/\nbase: ../b\n",
    );
    write(
        &b,
        "site.yaml",
        "title: B\nbase_url: https://b.example.org/\nbase: ../a\n",
    );
    let o = run(&a, &["build"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("../b/site.yaml:3:7"), "{err}");
    assert!(err.contains("a loop"), "{err}");
    assert!(err.contains("this site -> ../b -> ../a"), "{err}");
    assert!(!a.join("public").exists());
}

#[test]
fn a_base_that_is_not_a_site_folder_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "site.yaml",
        "title: A\nbase_url: https://a.example.org/\nbase: ../no-such-pack\n",
    );
    let o = run(dir.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("site.yaml:3:7"), "{err}");
    assert!(err.contains("is not a site folder"), "{err}");
    assert!(
        err.contains("base: default"),
        "the help names the built-in base: {err}"
    );
}

#[test]
fn a_link_from_a_base_page_to_a_hidden_one_becomes_text_with_a_notice_naming_both() {
    let (_dir, local) = three_layers();
    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/gaming.md\n",
    );
    // The site's own page linking to apps.md, not to the hidden page.
    let o = build_ok(&local, &[]);
    let err = stderr(&o);
    // The linking page (in the national base) and the hidden page, in one notice.
    assert!(
        err.contains("../national/content/parents/apps.md -> content/parents/gaming.md"),
        "{err}"
    );
    assert!(err.contains("safeguide override"), "{err}");
    let apps = read(&local.join("public"), "parents/apps/index.html");
    assert!(apps.contains("See gaming."), "the words stay: {apps}");
    assert!(
        !apps.contains("/parents/gaming/"),
        "no link to the hidden page"
    );
}

#[test]
fn hiding_a_page_leaves_it_out_and_a_misspelt_hide_is_an_error_at_its_line() {
    let (_dir, local) = three_layers();
    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/apps.md\n",
    );
    // Nothing links to apps.md once the local page stops doing so.
    write(
        &local,
        "content/parents/local-help.md",
        &page("Local help", "Call the front door."),
    );
    build_ok(&local, &[]);
    assert!(!local.join("public/parents/apps").exists());
    assert!(local.join("public/parents/gaming/index.html").is_file());

    write(
        &local,
        "site.yaml",
        "title: Northshire\nbase_url: https://northshire.example.org/\nbase: ../regional\nhide:\n  - parents/app.md\n",
    );
    let o = run(&local, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("site.yaml:5:5"), "{err}");
    assert!(err.contains("did you mean `parents/apps.md`?"), "{err}");
}

#[test]
fn rebuilding_after_a_change_in_any_layer_matches_a_clean_build() {
    let (dir, local) = three_layers();
    let national = dir.path().join("national");
    let regional = dir.path().join("regional");
    build_ok(&local, &[]);
    let changes: [(&Path, &str, &str); 4] = [
        (
            &national,
            "content/parents/apps.md",
            "National apps advice.",
        ),
        (
            &regional,
            "content/parents/gaming.md",
            "Regional gaming advice.",
        ),
        (&national, "static/national.txt", "from national"),
        (
            &local,
            "content/parents/local-help.md",
            "Call the front door.",
        ),
    ];
    for (n, (root, rel, from)) in changes.into_iter().enumerate() {
        let text = read(root, rel);
        write(root, rel, &text.replace(from, &format!("Changed {n}.")));
        build_ok(&local, &[]);
        let clean = dir.path().join(format!("clean-{n}"));
        build_ok(&local, &["--output", clean.to_str().unwrap()]);
        let (a, b) = (site_files(&local.join("public")), site_files(&clean));
        assert_eq!(
            a.keys().collect::<Vec<_>>(),
            b.keys().collect::<Vec<_>>(),
            "{rel}: files"
        );
        let differ: Vec<&String> = a.keys().filter(|k| a[*k] != b[*k]).collect();
        assert!(differ.is_empty(), "{rel}: contents differ: {differ:?}");
        // The change itself is there.
        assert!(
            a.values()
                .any(|v| String::from_utf8_lossy(v).contains(&format!("Changed {n}."))),
            "{rel}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_a_base_folder_is_not_followed_and_is_named_by_its_real_path() {
    let (dir, local) = three_layers();
    std::fs::write(dir.path().join("secret.txt"), "zq-secret").unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("secret.txt"),
        dir.path().join("national/static/leak.txt"),
    )
    .unwrap();
    let o = build_ok(&local, &[]);
    let err = stderr(&o);
    assert!(err.contains("../national/static/leak.txt"), "{err}");
    assert!(err.contains("leads outside the site folder"), "{err}");
    assert!(!local.join("public/leak.txt").exists());
}
