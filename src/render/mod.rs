//! Stage 3 of the pipeline: Markdown and templates to HTML, one page at a time.
//!
//! `Renderer` holds what every page shares (the resolved site, templates, the glossary matcher) and
//! renders any page or generated listing to a string. It writes nothing: the write stage decides
//! where output goes, so that `build`, `check`, `serve` and packs share this code.

pub mod adapted;
pub mod context;
pub mod docx;
pub mod edition;
pub mod generated;
pub mod i18n;
pub mod inputs;
mod page;
pub mod templates;
pub mod training_packs;
pub mod urls;
mod word_copy;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::markdown::TextSection;
use crate::resolve::Site;
use crate::timings::{self, Step};
use context::{PageCx, SiteCx};
use templates::Templates;

/// A rendered file, before URL rewriting and minifying.
#[derive(Debug)]
pub struct RenderedFile {
    /// Site-absolute URL path of the page (`/parents/gaming/`), or of the file (`/sitemap.xml`).
    pub path: String,
    pub body: String,
    /// For search: the page's text by heading. Empty for listings and generated files.
    pub search: Option<SearchEntry>,
}

/// What search needs of one page.
#[derive(Debug, Clone, Serialize)]
pub struct SearchEntry {
    pub url: String,
    pub title: String,
    pub summary: Option<String>,
    pub kind: &'static str,
    pub audience: Vec<String>,
    pub tags: Vec<String>,
    pub sections: Vec<TextSection>,
}

pub use crate::plan::{page_slug, Generated, GeneratedFile};

pub struct Renderer<'a> {
    pub site: &'a Site,
    pub templates: &'a Templates,
    pub site_cx: SiteCx,
    /// site.yaml's `organisation` as placeholder values, worked out once for every page.
    organisation: Option<BTreeMap<String, String>>,
    /// The built-in theme's English words, for templates loaded without a site's words.
    english: BTreeMap<String, String>,
    /// The parts of every page's template context that do not depend on the page, turned into
    /// Tera values once: serialising them again for each page cost ~3% of a build's CPU, while a
    /// Tera value is shared by reference counting and clones in constant time.
    shared: SharedValues,
}

struct SharedValues {
    /// `site`, as the main language's pages see it.
    site: tera::Value,
    /// `site` as each other language's pages see it (see [`SiteCx::in_language`]).
    site_lang: BTreeMap<String, tera::Value>,
    /// `t`: each language's words.
    words: BTreeMap<String, tera::Value>,
    /// `t` for a language without words of its own: the built-in English.
    english: tera::Value,
    /// `i18n`: every language's words.
    i18n: tera::Value,
}

/// How a page body is rendered: the web page, a pack edition or an adapted copy.
#[derive(Debug, Clone, Copy, Default)]
pub struct BodyOptions<'v> {
    /// Keep facilitator notes (web pages and facilitator editions).
    pub facilitator_notes: bool,
    /// Participant material only (participant editions): see `markdown::handouts`.
    pub participant: bool,
    /// Values for placeholders, from a profile or site.yaml's organisation.
    pub values: Option<&'v BTreeMap<String, String>>,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, templates: &'a Templates, offline: bool) -> Self {
        let site_cx = SiteCx::new(site, offline);
        let english = i18n::builtin_english();
        let shared = SharedValues {
            site: tera::Value::from_serializable(&site_cx),
            site_lang: site
                .translated
                .keys()
                .map(|code| {
                    let cx = site_cx.in_language(site, code);
                    (code.clone(), tera::Value::from_serializable(&cx))
                })
                .collect(),
            words: templates
                .words
                .iter()
                .map(|(code, words)| (code.clone(), tera::Value::from_serializable(words)))
                .collect(),
            english: tera::Value::from_serializable(&english),
            i18n: tera::Value::from_serializable(&templates.words),
        };
        Renderer {
            site,
            templates,
            site_cx,
            english,
            shared,
            organisation: site.config.organisation.as_ref().map(|o| {
                o.iter()
                    .filter_map(|(k, v)| {
                        crate::load::config::scalar_text(v).map(|t| (k.clone(), t))
                    })
                    .collect()
            }),
        }
    }

    /// Values from site.yaml's `organisation`, used on the web pages of policies.
    pub fn organisation_values(&self) -> Option<&BTreeMap<String, String>> {
        self.organisation.as_ref()
    }

    pub fn render_template(
        &self,
        name: &str,
        page: &PageCx,
        extra: &[(&str, serde_json::Value)],
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        let values = extra
            .iter()
            .map(|(k, v)| (k.to_string(), tera::Value::from_serializable(v)))
            .collect();
        self.render_template_values(name, page, values, for_page)
    }

    /// [`Renderer::render_template`] with extra values already converted for Tera, which shares
    /// them rather than copying: the files that list every page get the same list.
    fn render_template_values(
        &self,
        name: &str,
        page: &PageCx,
        values: Vec<(String, tera::Value)>,
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        let mut cx = tera::Context::new();
        let lang = page
            .lang
            .as_deref()
            .unwrap_or_else(|| self.site.config.main_language());
        let words = self.templates.words.get(lang).unwrap_or(&self.english);
        // A page in another language than the main one sees the site, and its own dates and
        // listings, in that language.
        match self.shared.site_lang.get(lang) {
            Some(site_cx) => {
                cx.insert_value("site", site_cx.clone());
                let mut page = page.clone();
                context::localise(
                    &mut page,
                    self.site,
                    &context::LangWords { code: lang, words },
                );
                cx.insert("page", &page);
            }
            None => {
                cx.insert_value("site", self.shared.site.clone());
                cx.insert("page", page);
            }
        }
        let t = self.shared.words.get(lang).unwrap_or(&self.shared.english);
        cx.insert_value("t", t.clone());
        cx.insert_value("i18n", self.shared.i18n.clone());
        for (k, v) in values {
            cx.insert_value(k, v);
        }
        timings::time(Step::Templates, || {
            self.templates.render(name, &cx, for_page)
        })
    }

    /// A generated page (listing, search, report...) rendered with `template`.
    pub fn render_generated(
        &self,
        template: &str,
        path: &str,
        page: PageCx,
        extra: &[(&str, serde_json::Value)],
    ) -> Result<RenderedFile, Diagnostic> {
        let body = self.render_template(template, &page, extra, None)?;
        Ok(RenderedFile {
            path: path.to_string(),
            body,
            search: None,
        })
    }

    /// The theme's words in `lang` (None: the main language).
    fn words_in(&self, lang: Option<&str>) -> &BTreeMap<String, String> {
        let code = lang.unwrap_or_else(|| self.site.config.main_language());
        self.templates.words.get(code).unwrap_or(&self.english)
    }

    /// `d` in words in `lang` (None: the main language).
    pub fn long_date(&self, lang: Option<&str>, d: crate::load::date::Date) -> String {
        let code = lang.unwrap_or_else(|| self.site.config.main_language());
        context::LangWords {
            code,
            words: self.words_in(lang),
        }
        .long_date(d)
    }

    /// Dates in words in `lang` (None: the main language), for the context's `*_long` fields.
    pub fn dates_in<'s>(
        &'s self,
        lang: Option<&'s str>,
    ) -> impl Fn(crate::load::date::Date) -> String + Sync + 's {
        move |d| self.long_date(lang, d)
    }

    /// One of the theme's words in `lang`, or the built-in English one.
    pub fn word(&self, lang: Option<&str>, key: &str) -> String {
        self.words_in(lang)
            .get(key)
            .or_else(|| self.english.get(key))
            .cloned()
            .unwrap_or_default()
    }
}
