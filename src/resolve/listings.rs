//! Audiences and owners inherited from sections, listing order, audience views and tags.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::{self, SiteConfig};
use crate::markdown::slugify;

use super::site::{lang_prefix, AudienceView, Listings, Page, Tag};

/// Gives every page its audience and owner: its own, else the nearest section's that sets one
/// (or, for the audience, the nearest folder named like an audience); warns of pages that take the
/// home page's, and reports audiences site.yaml does not list.
pub(super) fn assign_audiences(
    pages: &mut [Page],
    section_dirs: &HashMap<String, usize>,
    config: &SiteConfig,
    ds: &mut Diagnostics,
) {
    let mut from_home: BTreeMap<String, usize> = BTreeMap::new();
    for i in 0..pages.len() {
        let (_, owner) = inherited(pages, i);
        let (audience, from) = audience_of(pages, i, section_dirs, config);
        pages[i].audience = audience;
        pages[i].owner = owner;
        // A page below a folder of its own that takes the home page's audiences: most likely a
        // new section whose _index.md says nothing, now shown to every audience.
        if matches!(from, AudienceFrom::Home) && pages[i].src.rel.contains('/') {
            let top = pages[i].src.rel.split('/').next().unwrap_or_default();
            from_home.entry(top.to_string()).or_insert(i);
        }
    }
    for (top, first) in from_home {
        let at_page = section_dirs.get(&top).copied().unwrap_or(first);
        let ids = config.audience_ids();
        let d = Diagnostic::warning(
            rule::AUDIENCE_FROM_HOME,
            format!(
                "nothing sets an audience for the pages in {top}/, so they take every audience of \
                 the home page: they are listed for all of them"
            ),
        )
        .help(format!(
            "add a line `audience: [...]` with the ids it is for ({ids}) to this front matter, \
             or name the folder after an audience id"
        ));
        let src = &pages[at_page].src;
        ds.push(src.yaml_at().at_key(d, "title", None));
    }
    for p in pages.iter() {
        let at = p.src.yaml_at();
        for a in p.src.fm.audience.iter().flatten() {
            if config.audience(a).is_none() {
                ds.push(config::unknown_audience(at, "audience", a, config));
            }
        }
    }
}

/// Each page's listing order key ([`Page::sort_key`]), worked out once for all the sorts.
pub(super) fn sort_keys(pages: &[Page]) -> Vec<(i64, String)> {
    pages.par_iter().map(Page::sort_key).collect()
}

/// Listing order: by [`Page::sort_key`], then by place in the site (as a stable sort of pages
/// taken in order gives, whatever order they come in).
fn by_key(list: &mut [usize], keys: &[(i64, String)]) {
    list.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
}

/// Puts page `i`'s children in listing order.
pub(super) fn sort_children(pages: &mut [Page], i: usize, keys: &[(i64, String)]) {
    let mut children = std::mem::take(&mut pages[i].children);
    by_key(&mut children, keys);
    pages[i].children = children;
}

/// The audience views and tags of the main language, then each other language's, which list
/// only pages in that language (under `/<code>/`).
pub(super) fn all_listings(
    pages: &mut [Page],
    config: &SiteConfig,
    keys: &[(i64, String)],
) -> (
    Vec<AudienceView>,
    BTreeMap<String, Tag>,
    BTreeMap<String, Listings>,
) {
    // Tags are few and used by many pages: each spelling is slugified once.
    let mut slugs: HashMap<String, String> = HashMap::new();
    for p in pages.iter() {
        for t in &p.src.fm.tags {
            if !slugs.contains_key(t) {
                slugs.insert(t.clone(), slugify(t));
            }
        }
    }
    let mut translated = BTreeMap::new();
    let mut main = None;
    for lang in std::iter::once(None).chain(
        config
            .languages
            .iter()
            .skip(1)
            .map(|l| Some(l.code.as_str())),
    ) {
        let audiences = audience_views(pages, config, lang, keys);
        let tags = tags_of(pages, lang, keys, &slugs);
        match lang {
            None => main = Some((audiences, tags)),
            Some(code) => {
                translated.insert(code.to_string(), Listings { audiences, tags });
            }
        }
    }
    let (audiences, tags) = main.unwrap_or_default();
    (audiences, tags, translated)
}

/// The audience views of the pages in `lang` (None: the main language). A section at
/// `<prefix>/<id>/` becomes that audience's landing page in the language.
fn audience_views(
    pages: &mut [Page],
    config: &SiteConfig,
    lang: Option<&str>,
    keys: &[(i64, String)],
) -> Vec<AudienceView> {
    let prefix = lang_prefix(config, lang);
    let mut audiences = Vec::new();
    for a in &config.audiences {
        let path = format!("{prefix}/{}/", a.id);
        let section = pages.iter().position(|p| p.is_section() && p.path == path);
        if let Some(s) = section {
            pages[s].landing_for = Some(a.id.clone());
        }
        let mut list: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                !p.is_section()
                    && p.lang.as_deref() == lang
                    && p.audience.iter().any(|x| x == &a.id)
            })
            .map(|(i, _)| i)
            .collect();
        by_key(&mut list, keys);
        audiences.push(AudienceView {
            id: a.id.clone(),
            path,
            section,
            pages: list,
        });
    }
    audiences
}

/// The tags of the pages in `lang` (None: the main language), each named as the first page that
/// uses it spells it; `slugs` has every tag's slug.
fn tags_of(
    pages: &[Page],
    lang: Option<&str>,
    keys: &[(i64, String)],
    slugs: &HashMap<String, String>,
) -> BTreeMap<String, Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (i, p) in pages
        .iter()
        .enumerate()
        .filter(|(_, p)| p.lang.as_deref() == lang)
    {
        for t in &p.src.fm.tags {
            let slug = &slugs[t];
            if slug.is_empty() {
                continue;
            }
            // (Looked up before inserting: most pages name tags already seen.)
            if !tags.contains_key(slug) {
                let tag = Tag {
                    name: t.clone(),
                    slug: slug.clone(),
                    pages: Vec::new(),
                };
                tags.insert(slug.clone(), tag);
            }
            let Some(tag) = tags.get_mut(slug) else {
                continue;
            };
            // Pages come in order: a page naming a tag twice was the last one added.
            if tag.pages.last() != Some(&i) {
                tag.pages.push(i);
            }
        }
    }
    for t in tags.values_mut() {
        by_key(&mut t.pages, keys);
    }
    tags
}

/// Where a page's audience came from.
enum AudienceFrom {
    Own,
    /// A section's front matter above the page (not the home page's).
    Section,
    /// A folder named like an audience id, whose section gives none.
    Folder,
    Home,
    Nowhere,
}

/// A page's audience: its own, else from the nearest folder upward whose section sets one or
/// which is named like an audience id (`parents/` is for `parents`).
fn audience_of(
    pages: &[Page],
    i: usize,
    section_dirs: &HashMap<String, usize>,
    config: &SiteConfig,
) -> (Vec<String>, AudienceFrom) {
    let src = &pages[i].src;
    if let Some(a) = &src.fm.audience {
        return (a.clone(), AudienceFrom::Own);
    }
    // A page bundle's folder is the page itself: start above it, as its section does.
    let mut dir = if src.is_bundle {
        src.dir().rsplit_once('/').map_or("", |(d, _)| d)
    } else {
        src.dir()
    }
    .to_string();
    loop {
        if let Some(&s) = section_dirs.get(&dir).filter(|&&s| s != i) {
            if let Some(a) = &pages[s].src.fm.audience {
                let from = if dir.is_empty() {
                    AudienceFrom::Home
                } else {
                    AudienceFrom::Section
                };
                return (a.clone(), from);
            }
        }
        let name = dir.rsplit('/').next().unwrap_or_default();
        if config.audience(name).is_some() {
            return (vec![name.to_string()], AudienceFrom::Folder);
        }
        if dir.is_empty() {
            return (Vec::new(), AudienceFrom::Nowhere);
        }
        dir = dir
            .rsplit_once('/')
            .map_or(String::new(), |(d, _)| d.to_string());
    }
}

fn inherited(pages: &[Page], i: usize) -> (Vec<String>, Option<String>) {
    let mut audience = pages[i].src.fm.audience.clone();
    let mut owner = pages[i].src.fm.owner.clone();
    let mut cur = pages[i].parent;
    let mut guard = 0;
    while let (Some(p), true) = (cur, audience.is_none() || owner.is_none()) {
        let fm = &pages[p].src.fm;
        if audience.is_none() {
            audience = fm.audience.clone();
        }
        if owner.is_none() {
            owner = fm.owner.clone();
        }
        cur = pages[p].parent;
        guard += 1;
        if guard > 256 {
            break;
        }
    }
    (audience.unwrap_or_default(), owner)
}
