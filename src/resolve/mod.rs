//! Stage 2 of the pipeline: tie the loaded files together.
//!
//! Gives every page its URL, inherits audiences from sections, groups pages by section, audience and
//! tag, builds the glossary and the link table, and checks everything that spans files: duplicate
//! URLs, unknown audiences, pack items. Every check runs before rendering, and all problems are
//! reported together.

mod addresses;
pub mod glossary;
mod languages;
pub mod links;
mod listings;
pub mod packs;
mod place;
mod site;
pub mod unlinked;

use std::collections::HashMap;
use std::path::PathBuf;

use crate::diagnostics::Diagnostics;
use crate::load::config::SiteConfig;
use crate::load::content::ContentTree;
use crate::load::packs::Pack;

pub use addresses::normalise_alias;
pub use languages::{translated_rel, untranslated_rel};
pub use site::{Page, Site};

use addresses::check_unique_urls;
use listings::{all_listings, assign_audiences};
use packs::check_packs;

/// URLs safeguide generates itself; content may not take them.
pub const SEARCH_PATH: &str = "/search/";
pub const REPORT_PATH: &str = "/report/";
pub const TAGS_PATH: &str = "/tags/";
pub const PACKS_PATH: &str = "/packs/";

/// One path segment, percent-encoded (the URL rule's, in `load::web_address`).
pub use crate::load::web_address::encode_segment;

/// Builds the resolved site and reports every cross-file problem. The site is returned even when
/// there are errors, so rendering can find the rest; the caller must not publish it then.
pub fn resolve(
    root: PathBuf,
    config: SiteConfig,
    tree: ContentTree,
    packs: Vec<Pack>,
) -> (Site, Diagnostics) {
    resolve_with_anchors(root, config, tree, packs, Vec::new())
}

/// [`resolve`], reusing heading ids already collected: `known[i]`, when given, must be what
/// `headings::collect_ids` returns for the body of `tree.pages[i]`. `serve` passes them for pages
/// whose body did not change, since collecting them means parsing every page's Markdown. Pages
/// without an entry (or beyond the end of `known`) are collected as usual.
pub fn resolve_with_anchors(
    root: PathBuf,
    config: SiteConfig,
    tree: ContentTree,
    packs: Vec<Pack>,
    known: place::Known,
) -> (Site, Diagnostics) {
    let mut ds = Diagnostics::new();
    let ContentTree {
        pages: sources,
        assets,
        failed: failed_sources,
        hidden,
        layers,
    } = tree;
    let (mut sources, known, unlisted_translations, other_nations) =
        place::kept_sources(&config, sources, known);
    let langs = place::translations(&config, &mut sources);
    let (mut pages, section_dirs) = place::place_pages(&config, sources, known, langs);
    assign_audiences(&mut pages, &section_dirs, &config, &mut ds);
    let keys = place::list_children(&mut pages);

    let mut by_source: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.src.rel.clone(), i))
        .collect();
    place::add_tag_spellings(&pages, &mut by_source);
    let home = by_source.get("_index.md").copied();

    // Audience landing pages and tags: the main language's, then each other language's, which
    // list only pages in that language (under `/<code>/`).
    let (audiences, tags, translated) = all_listings(&mut pages, &config, &keys);

    // An alias in error is dropped (after it is reported), so that rendering does not also write
    // its redirect over a generated file and report that a second time.
    let bad_aliases = check_unique_urls(&pages, &config, &tags, &translated, &packs, &mut ds);
    for (page, alias) in bad_aliases.into_iter().rev() {
        std::sync::Arc::make_mut(&mut pages[page].src)
            .fm
            .aliases
            .remove(alias);
    }

    let glossary = glossary::Glossary::build(&mut pages, &mut ds);

    let site = Site {
        root,
        config,
        pages,
        by_source,
        home,
        audiences,
        tags,
        translated,
        unlisted_translations,
        glossary,
        assets,
        packs,
        failed_sources,
        hidden,
        other_nations,
        layers,
    };
    check_packs(&site, &mut ds);
    ds.extend(unlinked::notice(&site));
    (site, ds)
}

#[cfg(test)]
#[path = "resolve_tests.rs"]
mod tests;
