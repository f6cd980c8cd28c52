//! Tests of resolving: addresses and reused heading ids.

use std::collections::HashSet;
use std::path::PathBuf;

use super::addresses::{alias_problem, normalise_alias, url_for};
use super::*;
use crate::load::frontmatter::Kind;
use crate::markdown::headings;

#[test]
fn urls_are_pretty_and_lowercase() {
    assert_eq!(url_for("_index.md"), "/");
    assert_eq!(url_for("parents/_index.md"), "/parents/");
    assert_eq!(
        url_for("parents/Gaming Safely.md"),
        "/parents/gaming-safely/"
    );
    assert_eq!(
        url_for("training/staff-awareness/index.md"),
        "/training/staff-awareness/"
    );
    assert_eq!(normalise_alias("old/gaming.html"), "/old/gaming/");
    assert_eq!(normalise_alias("/old/gaming/"), "/old/gaming/");
}

#[test]
fn urls_are_percent_encoded_per_segment_and_aliases_agree() {
    assert_eq!(url_for("parents/what?#x.md"), "/parents/what%3F%23x/");
    assert_eq!(url_for("Café & co/a b.md"), "/caf%C3%A9-%26-co/a-b/");
    // An alias written encoded or not names the same address.
    assert_eq!(normalise_alias("/café/"), "/caf%C3%A9/");
    assert_eq!(normalise_alias("/caf%C3%A9/"), "/caf%C3%A9/");
    assert_eq!(Site::tag_path("café"), "/tags/caf%C3%A9/");
    assert!(alias_problem("/old/gaming/").is_none());
    for bad in ["../x", "/a/%2e%2E/b", "https://x.org/a", "/a?b", "/a%5Cb"] {
        assert!(alias_problem(bad).is_some(), "{bad}");
    }
}

fn good_site(known: Vec<Option<HashSet<String>>>) -> Site {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good");
    let config = SiteConfig::load(&root).expect("site.yaml");
    let (tree, _) = crate::load::content::load(&root, false);
    let known = known
        .into_iter()
        .map(|k| k.map(std::sync::Arc::new))
        .collect();
    let (site, ds) = resolve_with_anchors(root, config, tree, Vec::new(), known);
    assert!(!ds.has_errors(), "{ds:?}");
    site
}

#[test]
fn known_heading_ids_are_used_instead_of_collected_again() {
    let plain = good_site(Vec::new());
    let gaming = plain.by_source["parents/gaming.md"];
    assert!(!plain.pages[gaming].anchors.is_empty());

    // What collecting gives, passed back in, resolves to the same anchors (glossary pages
    // still get their terms' ids added).
    let collected: Vec<Option<HashSet<String>>> = plain
        .pages
        .iter()
        .map(|p| Some(headings::collect_ids(p.src.body())))
        .collect();
    let reused = good_site(collected);
    for (a, b) in plain.pages.iter().zip(&reused.pages) {
        assert_eq!(a.anchors, b.anchors, "{}", a.src.rel);
    }
    assert!(reused
        .pages
        .iter()
        .any(|p| p.kind == Kind::Glossary && p.anchors.contains(&glossary::term_id("grooming"))));

    // A page with an entry is not parsed again; pages without one (a short list) are.
    let mut known = vec![None; gaming + 1];
    known[gaming] = Some(HashSet::from(["only-this".to_string()]));
    let site = good_site(known);
    for (i, (a, b)) in plain.pages.iter().zip(&site.pages).enumerate() {
        if i == gaming {
            assert_eq!(*b.anchors, HashSet::from(["only-this".to_string()]));
        } else {
            assert_eq!(a.anchors, b.anchors, "{}", a.src.rel);
        }
    }
}
