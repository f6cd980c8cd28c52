//! The steps of resolving that place each file: which sources the site keeps, which are
//! translations, and each page's URL, parent, anchors and place in its section's listing.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use crate::load::config::SiteConfig;
use crate::load::content::SourcePage;
use crate::markdown::headings;

use super::addresses::url_for;
use super::languages::{translated_rel, unlisted_translation, untranslated_rel};
use super::listings::{sort_children, sort_keys};
use super::site::{OtherNations, Page, Unlisted};

/// Heading ids already collected for some sources (see `resolve_with_anchors`).
pub(super) type Known = Vec<Option<Arc<HashSet<String>>>>;

/// The sources this site publishes, each with its known heading ids, and the translations left
/// out. A page written for other nations (a model policy for schools in Wales) is not this
/// site's. A translation into a language the site does not list (`gaming.cy.md` beside
/// `gaming.md` on a site without `cy`) is left out rather than published at `/gaming.cy/`: a pack
/// ships its Welsh pages for the sites that list Welsh. `check` names each one.
pub(super) fn kept_sources(
    config: &SiteConfig,
    sources: Vec<Arc<SourcePage>>,
    mut known: Known,
) -> (
    Vec<Arc<SourcePage>>,
    Known,
    Vec<Unlisted>,
    HashMap<String, OtherNations>,
) {
    known.resize_with(sources.len(), || None);
    let nation = config.nation;
    let for_nation: Vec<bool> = sources
        .iter()
        .map(|s| s.fm.nations.as_ref().is_none_or(|n| n.contains(&nation)))
        .collect();
    // Decided first, by index, so that the sources move once.
    let mut unlisted = Vec::new();
    let keep: Vec<bool> = {
        let present: HashSet<&str> = sources
            .iter()
            .zip(&for_nation)
            .filter(|(_, f)| **f)
            .map(|(s, _)| s.rel.as_str())
            .collect();
        sources
            .iter()
            .zip(&for_nation)
            .map(|(s, &f)| {
                if !f {
                    return false;
                }
                match unlisted_translation(config, &s.rel, &present) {
                    Some(code) => {
                        unlisted.push(Unlisted {
                            display: s.display.clone(),
                            code,
                        });
                        false
                    }
                    None => true,
                }
            })
            .collect()
    };
    let mut kept = Vec::with_capacity(sources.len());
    let mut kept_known = Vec::with_capacity(sources.len());
    let mut other_nations = HashMap::new();
    for (((s, k), keep), mine) in sources.into_iter().zip(known).zip(keep).zip(for_nation) {
        if keep {
            kept.push(s);
            kept_known.push(k);
        } else if !mine {
            other_nations.insert(
                s.rel.clone(),
                OtherNations {
                    display: s.display.clone(),
                    nations: s.fm.nations.clone().unwrap_or_default(),
                },
            );
        }
    }
    (kept, kept_known, unlisted, other_nations)
}

/// Each source's language when it is a translation (`gaming.cy.md`, `_index.cy.md`), marking
/// each translation a section or bundle like the page it is of.
pub(super) fn translations(
    config: &SiteConfig,
    sources: &mut [Arc<SourcePage>],
) -> Vec<Option<String>> {
    sources
        .iter_mut()
        .map(|s| {
            let code = config.translation_lang(&s.rel)?.code.clone();
            let base = untranslated_rel(&s.rel, Some(&code));
            let file = base.rsplit('/').next().unwrap_or_default();
            let (section, bundle) = (file == "_index.md", file == "index.md");
            if (s.is_section, s.is_bundle) != (section, bundle) {
                // (A copy: serve's Reread keeps the page as read.)
                let s = Arc::make_mut(s);
                s.is_section = section;
                s.is_bundle = bundle;
            }
            Some(code)
        })
        .collect()
}

/// The pages, each at its URL, under its parent section and with its heading ids (collected
/// here unless `known`), and the main language's sections by folder. Audiences and children
/// are left to the next steps.
pub(super) fn place_pages(
    config: &SiteConfig,
    sources: Vec<Arc<SourcePage>>,
    known: Known,
    langs: Vec<Option<String>>,
) -> (Vec<Page>, HashMap<String, usize>) {
    // Sections by folder, so pages can find their parent and inherit from it: the main
    // language's, and each translation's own.
    let sections_of = |lang: &Option<String>| -> HashMap<String, usize> {
        sources
            .iter()
            .enumerate()
            .filter(|(i, s)| s.is_section && langs[*i] == *lang)
            .map(|(i, s)| (s.dir().to_string(), i))
            .collect()
    };
    let section_dirs = sections_of(&None);
    let mut lang_sections: HashMap<Option<String>, HashMap<String, usize>> = HashMap::new();
    for l in langs.iter().flatten() {
        let key = Some(l.clone());
        lang_sections
            .entry(key.clone())
            .or_insert_with(|| sections_of(&key));
    }

    let anchors: Vec<Arc<HashSet<String>>> = sources
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(s, k)| k.unwrap_or_else(|| Arc::new(headings::collect_ids(s.body()))))
        .collect();

    let mut pages: Vec<Page> = Vec::with_capacity(sources.len());
    for (i, ((src, anchors), lang)) in sources.into_iter().zip(anchors).zip(langs).enumerate() {
        let sections = lang_sections.get(&lang).unwrap_or(&section_dirs);
        let parent = parent_section(&src, sections).filter(|&p| p != i);
        let path = match &lang {
            None => url_for(&src.rel),
            Some(code) => {
                let prefix = config.language(code).map(|l| l.prefix(false));
                let base = url_for(&untranslated_rel(&src.rel, Some(code)));
                format!("{}{base}", prefix.unwrap_or_default())
            }
        };
        pages.push(Page {
            lang,
            path,
            kind: src.fm.kind.unwrap_or_default(),
            audience: Vec::new(),
            owner: None,
            parent,
            children: Vec::new(),
            anchors,
            landing_for: None,
            src,
        });
    }
    (pages, section_dirs)
}

/// Lists each page under its parent section, in listing order; gives every page's listing key.
pub(super) fn list_children(pages: &mut [Page]) -> Vec<(i64, String)> {
    for i in 0..pages.len() {
        if let Some(parent) = pages[i].parent {
            pages[parent].children.push(i);
        }
    }
    let keys = sort_keys(pages);
    for i in 0..pages.len() {
        sort_children(pages, i, &keys);
    }
    keys
}

/// A translation whose file spells its language tag in another case than site.yaml
/// (`gaming.CY.md` on a site listing `cy`) is found by the name the site's spelling gives it too
/// (`gaming.cy.md`), as counterparts and packs look it up: tags compare without regard to case.
pub(super) fn add_tag_spellings(pages: &[Page], by_source: &mut HashMap<String, usize>) {
    for (i, p) in pages.iter().enumerate() {
        let Some(code) = &p.lang else { continue };
        let canonical = translated_rel(&untranslated_rel(&p.src.rel, Some(code)), code);
        if canonical != p.src.rel {
            by_source.entry(canonical).or_insert(i);
        }
    }
}

fn parent_section(src: &SourcePage, sections: &HashMap<String, usize>) -> Option<usize> {
    // A section's parent is the section above its own folder; a page's is the one in its folder
    // (for a bundle, the folder above the bundle).
    let mut dir = src.dir().to_string();
    if src.is_section || src.is_bundle {
        if src.is_section && dir.is_empty() {
            return None;
        }
        dir = dir
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
    }
    loop {
        if let Some(&i) = sections.get(&dir) {
            return Some(i);
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
    }
}
