//! Stage 2 of the pipeline: tie the loaded files together.
//!
//! Gives every page its URL, inherits audiences from sections, groups pages by section, audience and
//! tag, builds the glossary and the link table, and checks everything that spans files: duplicate
//! URLs, unknown audiences, pack items. Every check runs before rendering, and all problems are
//! reported together.

pub mod glossary;
pub mod links;
pub mod packs;
pub mod unlinked;

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use percent_encoding::percent_decode_str;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::{self, SiteConfig};
use crate::load::content::{Asset, ContentTree, SourcePage};
use crate::load::frontmatter::Kind;
use crate::load::packs::Pack;
use crate::markdown::{headings, slugify};

/// URLs safeguide generates itself; content may not take them.
pub const SEARCH_PATH: &str = "/search/";
pub const REPORT_PATH: &str = "/report/";
pub const TAGS_PATH: &str = "/tags/";
pub const PACKS_PATH: &str = "/packs/";

#[derive(Debug)]
pub struct Page {
    pub src: SourcePage,
    /// Site-absolute URL path, always ending in `/` (`/parents/gaming/`).
    pub path: String,
    pub kind: Kind,
    pub audience: Vec<String>,
    pub owner: Option<String>,
    /// The section page this page sits in (none for the home page).
    pub parent: Option<usize>,
    /// For sections: pages and subsections directly inside, in listing order.
    pub children: Vec<usize>,
    /// Heading ids (and glossary term ids on glossary pages), for checking `#anchor` links.
    pub anchors: HashSet<String>,
    /// Set when this section is an audience's landing page.
    pub landing_for: Option<String>,
    /// The language of a translation (`cy` for `gaming.cy.md`); `None` for the main language.
    pub lang: Option<String>,
}

impl Page {
    pub fn title(&self) -> &str {
        &self.src.fm.title
    }

    pub fn is_section(&self) -> bool {
        self.src.is_section
    }

    /// Listing order: weight (unweighted last), then title.
    pub fn sort_key(&self) -> (i64, String) {
        (
            self.src.fm.weight.unwrap_or(i64::MAX),
            self.src.fm.title.to_lowercase(),
        )
    }
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Tag {
    pub name: String,
    pub slug: String,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct AudienceView {
    pub id: String,
    pub path: String,
    /// The section at the same URL, whose text introduces the landing page.
    pub section: Option<usize>,
    /// Every non-section page for this audience, in listing order.
    pub pages: Vec<usize>,
}

/// A translation left out of the site: its language is not one the site lists.
#[derive(Debug, Clone)]
pub struct Unlisted {
    /// The file, as messages name it.
    pub display: PathBuf,
    /// Its language tag (`cy`).
    pub code: String,
}

/// The language of `rel` when it is a translation into a language the site does not list as a
/// translation language: named `<stem>.<tag>.md`, `<tag>` shaped like a language tag (`cy`,
/// `pt-BR`; see `is_language_tag`), with `<stem>.md` beside it. Any other file is an ordinary page.
pub fn unlisted_translation(
    config: &SiteConfig,
    rel: &str,
    present: &HashSet<String>,
) -> Option<String> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if code.contains('/') || !is_language_tag(code) || config.translation_lang(rel).is_some() {
        return None;
    }
    present
        .contains(&format!("{base}.md"))
        .then(|| code.to_string())
}

/// `cy`, `gd`, `pt-BR`: a two-letter (ISO 639-1) primary language subtag, then any subtags of
/// two to eight letters or digits. Three-letter codes are left out: `faq.old.md` beside `faq.md`
/// is an old copy far more often than a page in Old English.
fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The audience views and tags of one language other than the main one.
#[derive(Debug, Default)]
pub struct Listings {
    pub audiences: Vec<AudienceView>,
    pub tags: BTreeMap<String, Tag>,
}

/// The whole site, resolved: what rendering reads.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub pages: Vec<Page>,
    pub by_source: HashMap<String, usize>,
    pub home: Option<usize>,
    pub audiences: Vec<AudienceView>,
    pub tags: BTreeMap<String, Tag>,
    /// Each other language's audience views and tags, by language tag (empty on a site in one
    /// language).
    pub translated: BTreeMap<String, Listings>,
    /// Translations into languages the site does not list, left out of it.
    pub unlisted_translations: Vec<Unlisted>,
    pub glossary: glossary::Glossary,
    pub assets: Vec<Asset>,
    pub packs: Vec<Pack>,
    /// Sources that failed to load (already reported): links to them are not errors again.
    pub failed_sources: HashSet<String>,
    /// Base pages hidden by site.yaml, with the file each is: a link to one is an error.
    pub hidden: HashMap<String, PathBuf>,
    /// Where the site's files come from: the site itself and its bases.
    pub layers: crate::load::layers::Layers,
}

impl Site {
    pub fn page_by_source(&self, rel: &str) -> Option<&Page> {
        self.by_source.get(rel).map(|&i| &self.pages[i])
    }

    /// The page a link or a pack item naming `rel` means: that file, else its counterpart in
    /// `prefer` (the linking page's language), else in any of the site's languages. A base
    /// written in another language than the site's main one names its pages as it names them
    /// (`parents/gaming.md`), which this site may have only as `parents/gaming.en-GB.md`.
    pub fn find_source(&self, rel: &str, prefer: Option<&str>) -> Option<usize> {
        if let Some(&i) = self.by_source.get(rel) {
            return Some(i);
        }
        let main = self.config.main_language();
        prefer
            .into_iter()
            .chain(self.config.languages.iter().map(|l| l.code.as_str()))
            .filter(|code| *code != main)
            .find_map(|code| self.by_source.get(&translated_rel(rel, code)).copied())
    }

    /// Non-section pages in listing order.
    pub fn regular_pages(&self) -> impl Iterator<Item = (usize, &Page)> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_section())
    }

    pub fn tag_path(slug: &str) -> String {
        format!("{TAGS_PATH}{}/", encode_segment(slug))
    }

    pub fn audience_view(&self, id: &str) -> Option<&AudienceView> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The audience views of the pages in `lang` (None: the main language).
    pub fn audiences_in(&self, lang: Option<&str>) -> &[AudienceView] {
        match lang {
            None => &self.audiences,
            Some(l) => self
                .translated
                .get(l)
                .map_or(&[][..], |t| t.audiences.as_slice()),
        }
    }

    /// The tags of the pages in `lang` (None: the main language).
    pub fn tags_in(&self, lang: Option<&str>) -> Option<&BTreeMap<String, Tag>> {
        match lang {
            None => Some(&self.tags),
            Some(l) => self.translated.get(l).map(|t| &t.tags),
        }
    }

    /// The URL prefix of the pages in `lang` (`/cy`); empty for the main language.
    pub fn prefix(&self, lang: Option<&str>) -> String {
        lang_prefix(&self.config, lang)
    }

    /// A generated page's path in `lang`: `/report/` -> `/cy/report/`.
    pub fn path_in(&self, lang: Option<&str>, path: &str) -> String {
        format!("{}{path}", self.prefix(lang))
    }

    /// The language tag a page is in: its translation's, else the site's main language.
    pub fn lang_of<'s>(&'s self, page: &'s Page) -> &'s str {
        page.lang
            .as_deref()
            .unwrap_or_else(|| self.config.main_language())
    }

    /// The page's counterpart in the language `code` (the page itself when it is in it).
    pub fn counterpart(&self, page: &Page, code: &str) -> Option<&Page> {
        let base = untranslated_rel(&page.src.rel, page.lang.as_deref());
        let rel = if code == self.config.main_language() {
            base
        } else {
            translated_rel(&base, code)
        };
        self.page_by_source(&rel)
    }

    /// The home page of the language `code` (`/` or `/cy/`), when the site has one.
    pub fn home_of(&self, code: &str) -> Option<&Page> {
        if code == self.config.main_language() {
            self.page_by_source("_index.md")
        } else {
            self.page_by_source(&translated_rel("_index.md", code))
        }
    }
}

/// The source name of the main-language page a translation is of: `a/b.cy.md` -> `a/b.md`.
pub fn untranslated_rel(rel: &str, lang: Option<&str>) -> String {
    match lang.and_then(|l| rel.strip_suffix(&format!(".{l}.md"))) {
        Some(stem) => format!("{stem}.md"),
        None => rel.to_string(),
    }
}

/// The source name of a page's translation into `code`: `a/b.md` -> `a/b.cy.md`.
pub fn translated_rel(rel: &str, code: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("{stem}.{code}.md")
}

/// One path segment, percent-encoded (the URL rule's, in `load::web_address`).
pub use crate::load::web_address::encode_segment;

/// URL path of a source file: `parents/gaming.md` -> `/parents/gaming/`, `_index.md` -> its folder.
/// Segments are lower-cased, spaces become hyphens and the rest is percent-encoded; the output
/// file is at the decoded path (`plan::file_for`).
pub fn url_for(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let path = match stem.rsplit_once('/') {
        Some((dir, "_index" | "index")) => dir.to_string(),
        None if stem == "_index" || stem == "index" => String::new(),
        _ => stem.to_string(),
    };
    let slugged: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| encode_segment(&s.replace(' ', "-").to_lowercase()))
        .collect();
    if slugged.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", slugged.join("/"))
    }
}

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
    mut known: Vec<Option<HashSet<String>>>,
) -> (Site, Diagnostics) {
    let mut ds = Diagnostics::new();
    let ContentTree {
        pages: sources,
        assets,
        failed: failed_sources,
        hidden,
        layers,
    } = tree;

    // A translation into a language the site does not list (`gaming.cy.md` beside `gaming.md` on
    // a site without `cy`) is left out rather than published at `/gaming.cy/`: a pack ships its
    // Welsh pages for the sites that list Welsh. `check` names each one.
    known.resize_with(sources.len(), || None);
    // A page written for other nations (a model policy for schools in Wales) is not this site's.
    let nation = config.nation;
    let (mut sources, mut known): (Vec<_>, Vec<_>) = sources
        .into_iter()
        .zip(known)
        .filter(|(s, _)| s.fm.nations.as_ref().is_none_or(|n| n.contains(&nation)))
        .unzip();
    let present: HashSet<String> = sources.iter().map(|s| s.rel.clone()).collect();
    let mut unlisted_translations = Vec::new();
    let (kept, kept_known): (Vec<_>, Vec<_>) = sources
        .into_iter()
        .zip(known)
        .filter(
            |(s, _)| match unlisted_translation(&config, &s.rel, &present) {
                Some(code) => {
                    unlisted_translations.push(Unlisted {
                        display: s.display.clone(),
                        code,
                    });
                    false
                }
                None => true,
            },
        )
        .unzip();
    sources = kept;
    known = kept_known;

    // Translations (`gaming.cy.md`, `_index.cy.md`): a section or bundle like the page they are of.
    let langs: Vec<Option<String>> = sources
        .iter_mut()
        .map(|s| {
            let code = config.translation_lang(&s.rel)?.code.clone();
            let base = untranslated_rel(&s.rel, Some(&code));
            let file = base.rsplit('/').next().unwrap_or_default();
            s.is_section = file == "_index.md";
            s.is_bundle = file == "index.md";
            Some(code)
        })
        .collect();

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

    let anchors: Vec<HashSet<String>> = sources
        .par_iter()
        .zip(known.into_par_iter())
        .map(|(s, k)| k.unwrap_or_else(|| headings::collect_ids(s.body())))
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

    assign_audiences(&mut pages, &section_dirs, &config, &mut ds);

    // Children of each section, in listing order.
    for i in 0..pages.len() {
        if let Some(parent) = pages[i].parent {
            pages[parent].children.push(i);
        }
    }
    let keys = sort_keys(&pages);
    for i in 0..pages.len() {
        sort_children(&mut pages, i, &keys);
    }

    let by_source: HashMap<String, usize> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.src.rel.clone(), i))
        .collect();
    let home = by_source.get("_index.md").copied();

    // Audience landing pages and tags: the main language's, then each other language's, which
    // list only pages in that language (under `/<code>/`).
    let (audiences, tags, translated) = all_listings(&mut pages, &config, &keys);

    // An alias in error is dropped (after it is reported), so that rendering does not also write
    // its redirect over a generated file and report that a second time.
    let bad_aliases = check_unique_urls(&pages, &config, &tags, &translated, &packs, &mut ds);
    for (page, alias) in bad_aliases.into_iter().rev() {
        pages[page].src.fm.aliases.remove(alias);
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
        layers,
    };
    check_packs(&site, &mut ds);
    ds.extend(unlinked::notice(&site));
    (site, ds)
}

/// Gives every page its audience and owner: its own, else the nearest section's that sets one
/// (or, for the audience, the nearest folder named like an audience); warns of pages that take the
/// home page's, and reports audiences site.yaml does not list.
fn assign_audiences(
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
fn sort_keys(pages: &[Page]) -> Vec<(i64, String)> {
    pages.par_iter().map(Page::sort_key).collect()
}

/// Listing order: by [`Page::sort_key`], then by place in the site (as a stable sort of pages
/// taken in order gives, whatever order they come in).
fn by_key(list: &mut [usize], keys: &[(i64, String)]) {
    list.sort_unstable_by(|&a, &b| keys[a].cmp(&keys[b]).then(a.cmp(&b)));
}

/// Puts page `i`'s children in listing order.
fn sort_children(pages: &mut [Page], i: usize, keys: &[(i64, String)]) {
    let mut children = std::mem::take(&mut pages[i].children);
    by_key(&mut children, keys);
    pages[i].children = children;
}

/// The audience views and tags of the main language, then each other language's, which list
/// only pages in that language (under `/<code>/`).
fn all_listings(
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
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: t.clone(),
                slug: slug.clone(),
                pages: Vec::new(),
            });
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

/// The URL prefix of the pages in `lang` (`/cy`); empty for the main language.
fn lang_prefix(config: &SiteConfig, lang: Option<&str>) -> String {
    lang.and_then(|code| config.language(code))
        .map(|l| l.prefix(false))
        .unwrap_or_default()
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

/// Two sources for one URL would silently overwrite each other: report both. Pages are placed
/// first, then aliases, so an alias that takes a page's address is reported at the alias's line.
fn check_unique_urls(
    pages: &[Page],
    config: &SiteConfig,
    tags: &BTreeMap<String, Tag>,
    translated: &BTreeMap<String, Listings>,
    packs: &[Pack],
    ds: &mut Diagnostics,
) -> Vec<(usize, usize)> {
    let mut bad = Vec::new();
    let mut taken: HashMap<String, String> = HashMap::new();
    for reserved in [SEARCH_PATH, REPORT_PATH, TAGS_PATH, PACKS_PATH] {
        taken.insert(
            reserved.to_string(),
            format!("safeguide's own {reserved} page"),
        );
    }
    // Files safeguide writes itself, in the folder form an alias would take (an alias is written
    // as `<alias>/index.html`, which cannot sit where the file is).
    for (file, what) in GENERATED_FILES {
        taken.insert(format!("{file}/"), format!("{what} ({file})"));
    }
    for slug in tags.keys() {
        taken.insert(
            Site::tag_path(slug),
            format!("the listing page of tag `{slug}`"),
        );
    }
    // Each other language's own generated pages, under its prefix.
    for (code, l) in translated {
        let prefix = lang_prefix(config, Some(code));
        for reserved in [SEARCH_PATH, REPORT_PATH, TAGS_PATH] {
            taken.insert(
                format!("{prefix}{reserved}"),
                format!("safeguide's own {prefix}{reserved} page"),
            );
        }
        for (file, what) in [
            ("/404.html", "the “page not found” page"),
            ("/atom.xml", "the feed of updated guidance"),
        ] {
            taken.insert(
                format!("{prefix}{file}/"),
                format!("{what} ({prefix}{file})"),
            );
        }
        for slug in l.tags.keys() {
            taken.insert(
                format!("{prefix}{}", Site::tag_path(slug)),
                format!("the listing page of tag `{slug}` in `{code}`"),
            );
        }
        for a in &l.audiences {
            if a.section.is_none() {
                taken.insert(
                    a.path.clone(),
                    format!("the landing page of audience `{}` in `{code}`", a.id),
                );
            }
        }
    }
    for p in packs {
        let pack = format!("pack {}", p.display.display());
        taken.insert(format!("{PACKS_PATH}{}/", p.id), pack.clone());
        taken.insert(
            format!("{PACKS_PATH}{}/present/", p.id),
            format!("the slide deck of {pack}"),
        );
        for e in &p.def.editions {
            let edition = e.id();
            taken.insert(
                format!("{PACKS_PATH}{}/{edition}/", p.id),
                format!("the {edition} edition of {pack}"),
            );
            taken.insert(
                format!("{PACKS_PATH}{0}/{0}-{edition}.pdf/", p.id),
                format!("the {edition} PDF of {pack}"),
            );
        }
    }
    let landing_sections: HashSet<&str> = pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| p.path.as_str())
        .collect();
    for a in &config.audiences {
        let path = format!("/{}/", a.id);
        if !landing_sections.contains(path.as_str()) {
            taken.insert(path, format!("the landing page of audience `{}`", a.id));
        }
    }
    for p in pages {
        if let Some(other) = taken.get(&p.path) {
            ds.push(
                Diagnostic::error(
                    rule::DUPLICATE_URL,
                    format!(
                        "this page would be published at {}, which {other} already uses",
                        p.path
                    ),
                )
                .at_offset(&p.src.display, &p.src.text, 0)
                .help("rename or move one of the two files so each has its own web address"),
            );
        } else {
            taken.insert(
                p.path.clone(),
                format!("the page {}", p.src.display.display()),
            );
        }
    }
    for (i, p) in pages.iter().enumerate() {
        let at = p.src.yaml_at();
        for (nth, alias) in p.src.fm.aliases.iter().enumerate() {
            let point = |d: Diagnostic| at.at_list_item(d, "aliases", alias, nth);
            if let Some(why) = alias_problem(alias) {
                ds.push(point(
                    Diagnostic::error(rule::ALIAS, format!("the alias `{alias}` {why}"))
                        .help("write the old address's path, for example /old/gaming/"),
                ));
                bad.push((i, nth));
                continue;
            }
            let path = normalise_alias(alias);
            if let Some(other) = taken.get(&path) {
                let what = if other.starts_with("an alias") || other.starts_with("the page") {
                    "move the page that uses that address, or remove the alias"
                } else {
                    "safeguide makes that address itself: remove the alias"
                };
                ds.push(point(
                    Diagnostic::error(
                        rule::DUPLICATE_URL,
                        format!("the alias {alias} is already used by {other}"),
                    )
                    .help(what),
                ));
                bad.push((i, nth));
            } else {
                taken.insert(path, format!("an alias in {}", p.src.display.display()));
            }
        }
    }
    bad
}

/// Files at the top of the output that safeguide generates, with what they are.
const GENERATED_FILES: [(&str, &str); 7] = [
    ("/404.html", "the “page not found” page"),
    ("/404", "the “page not found” page"),
    ("/sitemap.xml", "the site map"),
    ("/atom.xml", "the feed of updated guidance"),
    ("/robots.txt", "the file for search engines"),
    ("/highlight.css", "the code highlighting stylesheet"),
    ("/search/index.js", "the search index"),
];

/// `old/page` and `/old/page.html` style aliases as a folder path `/old/page/`, each segment
/// percent-encoded the way [`url_for`] encodes (an alias written encoded or not is the same URL).
pub fn normalise_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("/index.html")
        .or_else(|| trimmed.strip_suffix(".html"))
        .unwrap_or(trimmed);
    let segments: Vec<String> = trimmed
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| encode_segment(&percent_decode_str(s).decode_utf8_lossy()))
        .collect();
    if segments.is_empty() {
        "/".into()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// Why an alias cannot be a path in the output, if it cannot: the redirect page is written at
/// the alias, so it must stay inside the output folder and be a plain site path.
fn alias_problem(alias: &str) -> Option<&'static str> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Some("is a full web address; an alias is a path on this site, like /old/page/");
    }
    if a.contains(['?', '#']) {
        return Some("has a query or #fragment; an alias is a path on this site, like /old/page/");
    }
    for segment in a.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        if decoded == "." || decoded == ".." {
            return Some(
                "contains a `.` or `..` step; write the path as it appears in the address",
            );
        }
        if decoded.contains(['/', '\\']) || decoded.chars().any(char::is_control) {
            return Some("contains a slash, backslash or control character inside a folder name");
        }
    }
    None
}

fn check_packs(site: &Site, ds: &mut Diagnostics) {
    for pack in &site.packs {
        let at = pack.at();
        if let Some(code) = &pack.def.lang {
            if !site.translated.contains_key(code) {
                let listed: Vec<&str> = site
                    .config
                    .languages
                    .iter()
                    .skip(1)
                    .map(|l| l.code.as_str())
                    .collect();
                let help = if listed.is_empty() {
                    format!("list `{code}` under `languages:` in site.yaml, or remove `lang:` to print the pack in the site's language")
                } else {
                    format!(
                        "a pack's `lang:` is one of the site's other languages: {}",
                        listed.join(", ")
                    )
                };
                ds.push(
                    at.at_key(
                        Diagnostic::error(
                            rule::PACK,
                            format!("the pack's language `{code}` is not one site.yaml lists"),
                        )
                        .help(help),
                        "lang",
                        None,
                    ),
                );
            } else {
                // An item with no counterpart in the pack's language prints as it is.
                for item in &pack.def.items {
                    let Some(i) = site.find_source(crate::load::packs::item_source(item), None)
                    else {
                        continue;
                    };
                    let page = &site.pages[i];
                    if page.lang.as_deref() != Some(code.as_str())
                        && site.counterpart(page, code).is_none()
                    {
                        ds.push(at.at_key(
                            Diagnostic::warning(
                                rule::PACK_TRANSLATION,
                                format!(
                                    "the pack prints in `{code}`, but `{item}` has no `{code}` counterpart: it prints in {}",
                                    site.lang_of(page)
                                ),
                            )
                            .help(format!(
                                "add {} beside it, or list a page in `{code}`",
                                translated_rel(&untranslated_rel(&page.src.rel, page.lang.as_deref()), code)
                            )),
                            "items",
                            Some(item),
                        ));
                    }
                }
            }
        }
        for item in &pack.def.items {
            let rel = crate::load::packs::item_source(item);
            // A page site.yaml hides is left out of the packs that list it.
            let hidden = site.hidden.contains_key(rel);
            if site.find_source(rel, None).is_none()
                && !site.failed_sources.contains(rel)
                && !hidden
            {
                let closest = site
                    .by_source
                    .keys()
                    .map(|k| (strsim::levenshtein(rel, k), k))
                    .min()
                    .filter(|(d, _)| *d <= 6);
                let help = match closest {
                    Some((_, k)) => format!("did you mean `{k}`? Items are paths under content/"),
                    None => "items are paths of Markdown files under content/, e.g. training/staff-awareness/index.md".into(),
                };
                ds.push(
                    at.at_key(
                        Diagnostic::error(
                            rule::PACK,
                            format!("the pack item `{item}` does not exist"),
                        )
                        .help(help),
                        "items",
                        Some(item),
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(reused.pages.iter().any(
            |p| p.kind == Kind::Glossary && p.anchors.contains(&glossary::term_id("grooming"))
        ));

        // A page with an entry is not parsed again; pages without one (a short list) are.
        let mut known = vec![None; gaming + 1];
        known[gaming] = Some(HashSet::from(["only-this".to_string()]));
        let site = good_site(known);
        for (i, (a, b)) in plain.pages.iter().zip(&site.pages).enumerate() {
            if i == gaming {
                assert_eq!(b.anchors, HashSet::from(["only-this".to_string()]));
            } else {
                assert_eq!(a.anchors, b.anchors, "{}", a.src.rel);
            }
        }
    }
}
