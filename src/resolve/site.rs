//! The resolved site: its pages, listings and the questions rendering asks of them.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use crate::load::config::languages::same_tag;
use crate::load::config::SiteConfig;
use crate::load::content::{Asset, SourcePage};
use crate::load::frontmatter::Kind;
use crate::load::packs::Pack;

use super::glossary;
use super::languages::{translated_rel, untranslated_rel};
use super::{encode_segment, TAGS_PATH};

#[derive(Debug)]
pub struct Page {
    /// Shared with serve's [`crate::load::content::reread::Reread`]: an unchanged page is taken
    /// over by the next load without copying.
    pub src: std::sync::Arc<SourcePage>,
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
    /// Shared with serve's [`crate::load::content::reread::Reread`], which keeps them for the next load.
    pub anchors: std::sync::Arc<HashSet<String>>,
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

/// A page the site leaves out because it is written for other nations (`nations:`).
#[derive(Debug, Clone)]
pub struct OtherNations {
    /// The file, as messages name it.
    pub display: PathBuf,
    /// The nations it is for.
    pub nations: Vec<crate::load::nation::Nation>,
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
    /// Pages written for other nations than the site's, by source path: left out like hidden
    /// pages, so links to them are handled alike.
    pub other_nations: HashMap<String, OtherNations>,
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
        let rel = if same_tag(code, self.config.main_language()) {
            base
        } else {
            translated_rel(&base, code)
        };
        self.page_by_source(&rel)
    }

    /// The home page of the language `code` (`/` or `/cy/`), when the site has one.
    pub fn home_of(&self, code: &str) -> Option<&Page> {
        if same_tag(code, self.config.main_language()) {
            self.page_by_source("_index.md")
        } else {
            self.page_by_source(&translated_rel("_index.md", code))
        }
    }
}

/// The URL prefix of the pages in `lang` (`/cy`); empty for the main language.
pub(super) fn lang_prefix(config: &SiteConfig, lang: Option<&str>) -> String {
    lang.and_then(|code| config.language(code))
        .map(|l| l.prefix(false))
        .unwrap_or_default()
}
