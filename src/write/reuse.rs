//! Keys for content pages: a hash of everything a page's output is made from, so a rebuild can
//! carry a page's files over from the previous output without rendering it.
//!
//! A page is rendered from its own source and from things the whole site shares: site.yaml, the
//! templates, every page's front matter and place (titles, audiences and order show in menus,
//! listings and links), every page's heading ids (links to `page#heading` are checked), the
//! assets and packs links may point at, the build options, the program and today's date (shown
//! in the footer). Other pages' body text never changes a page. So the key of a page is its own
//! source plus one fingerprint of the shared parts: editing a page's body (without changing its
//! headings) changes that page's key only; anything else changes every key.

use rayon::prelude::*;

use crate::resolve::Site;

use crate::key::{key, program_id};

/// The hash of everything shared by every page's output.
/// `drafts` and `offline` are the build's options that change every page.
pub fn site_fingerprint(
    site: &Site,
    templates_fingerprint: &str,
    drafts: bool,
    offline: bool,
) -> String {
    let config = serde_json::to_string(&site.config).unwrap_or_default();
    let options = format!("drafts={drafts} offline={offline}");
    let today = crate::load::date::Date::today().to_string();
    let mut shared: Vec<Vec<u8>> = vec![
        program_id().as_bytes().to_vec(),
        today.into_bytes(),
        options.into_bytes(),
        config.into_bytes(),
        templates_fingerprint.as_bytes().to_vec(),
    ];
    // Each page's place and front matter, and its heading ids (sorted: a set).
    let per_page: Vec<Vec<u8>> = site
        .pages
        .par_iter()
        .map(|p| {
            let mut anchors: Vec<&String> = p.anchors.iter().collect();
            anchors.sort();
            let anchors: Vec<&str> = anchors.into_iter().map(String::as_str).collect();
            key(&[
                p.src.rel.as_bytes(),
                p.path.as_bytes(),
                &p.src.text.as_bytes()[..p.src.body_offset],
                anchors.join("\n").as_bytes(),
            ])
            .into_bytes()
        })
        .collect();
    shared.extend(per_page);
    for a in &site.assets {
        shared.push(a.rel.as_bytes().to_vec());
    }
    for p in &site.packs {
        shared.push(p.id.as_bytes().to_vec());
        shared.push(p.text.as_bytes().to_vec());
    }
    let mut failed: Vec<&String> = site.failed_sources.iter().collect();
    failed.sort();
    for f in failed {
        shared.push(f.as_bytes().to_vec());
    }
    let parts: Vec<&[u8]> = shared.iter().map(Vec::as_slice).collect();
    key(&parts)
}

/// The search key of every content page, in `site.pages` order: a hash of what its search text
/// and details are made from. Narrower than its page key: the text comes from the page's own
/// Markdown (with site.yaml's values and the glossary's terms), and the details from its own front
/// matter and its resolved audience, kind and URL; menus, listings and other pages' titles play no
/// part. So a title edit changes one search shard, not all of them.
pub fn search_keys(site: &Site) -> Vec<String> {
    let config = serde_json::to_string(&site.config).unwrap_or_default();
    // Glossary terms live in the glossary pages' front matter.
    let glossary: Vec<&[u8]> = site
        .pages
        .iter()
        .filter(|p| p.kind == crate::load::frontmatter::Kind::Glossary)
        .map(|p| &p.src.text.as_bytes()[..p.src.body_offset])
        .collect();
    let mut shared = vec![program_id().as_bytes(), config.as_bytes()];
    shared.extend(glossary);
    let shared = key(&shared);
    site.pages
        .par_iter()
        .map(|p| {
            key(&[
                shared.as_bytes(),
                p.path.as_bytes(),
                p.kind.id().as_bytes(),
                p.audience.join(" ").as_bytes(),
                p.src.text.as_bytes(),
            ])
        })
        .collect()
}

/// The key of every content page, in `site.pages` order.
pub fn page_keys(site: &Site, fingerprint: &str) -> Vec<String> {
    site.pages
        .par_iter()
        .map(|p| {
            key(&[
                fingerprint.as_bytes(),
                p.path.as_bytes(),
                p.src.text.as_bytes(),
            ])
        })
        .collect()
}
