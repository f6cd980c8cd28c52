//! Stage 3 of the pipeline: Markdown and templates to HTML, one page at a time.
//!
//! `Renderer` holds what every page shares (the resolved site, templates, the glossary matcher) and
//! renders any page or generated listing to a string. It writes nothing: the write stage decides
//! where output goes, so that `build`, `check`, `serve` and packs share this code.

pub mod adapted;
pub mod context;
pub mod docx;
pub mod edition;
pub mod i18n;
pub mod inputs;
pub mod templates;
pub mod training_packs;
pub mod urls;

use crate::diagnostics::rule;
use std::collections::BTreeMap;
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::Kind;
use crate::markdown::{
    self, placeholders::Placeholders, MarkdownContext, RenderedBody, TextSection,
};
use crate::resolve::{links::PageLinks, Page, Site, TAGS_PATH};
use crate::timings::{self, Step};
use base64::Engine as _;
use context::{PageCx, SiteCx};
use templates::{Layout, Templates};

/// A rendered file, before URL rewriting and minifying.
#[derive(Debug)]
pub struct RenderedFile {
    /// Site-absolute URL path of the page (`/parents/gaming/`), or of the file (`/sitemap.xml`).
    pub path: String,
    pub body: String,
    /// For search: the page's text by heading. Empty for listings and generated files.
    pub search: Option<SearchEntry>,
}

/// What search needs of `page`, whose rendered body has `sections`. Every page's entry is held
/// until its search shard is built, so only the text search reads is kept, without the spare
/// capacity it was built with (issue #23: peak memory).
fn search_entry(page: &Page, mut sections: Vec<TextSection>) -> SearchEntry {
    for s in &mut sections {
        s.prose = String::new();
        s.text.shrink_to_fit();
    }
    sections.shrink_to_fit();
    SearchEntry {
        url: page.path.clone(),
        title: page.src.fm.title.clone(),
        summary: page.src.fm.summary.clone(),
        kind: page.kind.id(),
        audience: page.audience.clone(),
        tags: page.src.fm.tags.clone(),
        sections,
    }
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

    /// Renders one page's Markdown; problems come back as diagnostics in the page's file.
    pub fn render_body(
        &self,
        page: &Page,
        opts: BodyOptions<'_>,
    ) -> (RenderedBody, Vec<Diagnostic>) {
        let links = PageLinks {
            site: self.site,
            page,
        };
        let placeholders = page.kind.has_placeholders().then_some(Placeholders {
            site: &self.site.config.placeholders,
            page: &page.src.fm.placeholders,
            values: opts.values,
        });
        let glossary = (page.kind != Kind::Glossary).then_some(&self.site.glossary.matcher);
        let cx = MarkdownContext {
            links: &links,
            placeholders,
            locals: &self.site.config.local,
            glossary,
            facilitator_notes: opts.facilitator_notes,
            participant: opts.participant,
            audit: (page.kind == Kind::Audit).then(|| {
                let word = |k: &str| self.word(page.lang.as_deref(), k);
                markdown::audit::AuditWords {
                    answers: [word("audit_yes"), word("audit_no"), word("audit_partly")],
                    notes: word("audit_notes"),
                }
            }),
            highlight: true,
        };
        let mut body = timings::time(Step::Markdown, || markdown::render(page.src.body(), &cx));
        // Box titles ("Warning") in the page's language.
        body.html = markdown::callouts::localise_titles(&body.html, |kind| {
            self.word(page.lang.as_deref(), &format!("callout_{kind}"))
        });
        let diagnostics = body
            .problems
            .iter()
            .map(|p| {
                Diagnostic::error(p.rule, p.message.clone())
                    .at_offset(
                        &page.src.display,
                        &page.src.text,
                        page.src.body_offset + p.offset,
                    )
                    .help(p.help.clone())
            })
            .collect();
        (body, diagnostics)
    }

    /// The template context of a content page, with its rendered body.
    pub fn page_cx(
        &self,
        idx: usize,
        body: &RenderedBody,
        values: Option<&BTreeMap<String, String>>,
    ) -> PageCx {
        let site = self.site;
        let page = &site.pages[idx];
        let fm = &page.src.fm;
        let words = body
            .sections
            .iter()
            .map(|s| s.text.split_whitespace().count())
            .sum::<usize>();
        let quick_exit = page
            .audience
            .iter()
            .any(|a| site.config.audience(a).is_some_and(|a| a.quick_exit));
        let (pages, subsections): (Vec<_>, Vec<_>) = page
            .children
            .iter()
            .map(|&c| &site.pages[c])
            .partition(|p| !p.is_section());
        let (groups, more) = match &page.landing_for {
            Some(id) => context::fold_single_groups(
                site.audiences_in(page.lang.as_deref())
                    .iter()
                    .find(|v| &v.id == id)
                    .map(|v| {
                        context::group_by_kind(
                            site,
                            &v.pages,
                            |k| self.word(page.lang.as_deref(), k),
                            &self.dates_in(page.lang.as_deref()),
                        )
                    })
                    .unwrap_or_default(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let family = context::is_family(
            site,
            page.landing_for
                .as_slice()
                .iter()
                .chain(&page.audience)
                .cloned()
                .collect::<Vec<_>>()
                .as_slice(),
        );
        let glossary_terms = if page.kind == Kind::Glossary {
            let own: Vec<_> = site
                .glossary
                .terms()
                .iter()
                .filter(|t| t.url.starts_with(&format!("{}#", page.path)))
                .cloned()
                .collect();
            context::glossary_cx(&own)
        } else {
            Vec::new()
        };
        let (lang, alternates, switcher) = context::languages_of(site, page);
        let long = self.dates_in(page.lang.as_deref());
        let word = |key: &str| self.word(page.lang.as_deref(), key);
        // Where a printed copy came from, and the same with the day it was printed.
        let stamp = page.kind.has_placeholders().then(|| {
            let site_url = context::permalink(site, &page.path);
            let site_url = site_url
                .split_once("://")
                .map_or(site_url.as_str(), |(_, rest)| rest);
            (
                word("printed_from").replace("{site}", site_url),
                word("printed_on").replace("{site}", site_url),
            )
        });
        PageCx {
            title: fm.title.clone(),
            summary: fm.summary.clone(),
            kind: page.kind.id(),
            url: page.path.clone(),
            permalink: context::permalink(site, &page.path),
            source: Some(page.src.rel.clone()),
            content: body.html.clone(),
            toc: body.toc.clone(),
            audiences: context::audience_refs(site, &page.audience),
            audience: page
                .landing_for
                .clone()
                .or_else(|| page.audience.first().cloned()),
            quick_exit,
            date: fm.date.map(|d| d.to_string()),
            updated: fm.updated.map(|d| d.to_string()),
            updated_long: fm.updated.map(&long),
            review_by: fm.review_by.map(|d| d.to_string()),
            review_by_long: fm.review_by.map(&long),
            owner: page.owner.clone(),
            tags: fm
                .tags
                .iter()
                .map(|t| context::Link {
                    title: t.clone(),
                    url: site.path_in(page.lang.as_deref(), &Site::tag_path(&markdown::slugify(t))),
                })
                .collect(),
            breadcrumbs: context::breadcrumbs(site, page),
            is_section: page.is_section(),
            pages: pages
                .into_iter()
                .map(|p| context::page_ref(site, p, &long))
                .collect(),
            subsections: subsections
                .into_iter()
                .map(|p| context::page_ref(site, p, &long))
                .collect(),
            groups,
            more,
            family,
            duration: fm.duration,
            objectives: fm.objectives.clone(),
            materials: fm.materials.clone(),
            terms: glossary_terms,
            placeholders: context::placeholders_cx(site, page, values),
            audit_questions: body.audit_questions,
            audit: context::AuditCx::of(page, &long),
            word_count: words,
            reading_minutes: words.div_ceil(200).max(1),
            report: context::report_for(site, &page.audience),
            downloads: docx_download(page, word("word_download"))
                .into_iter()
                .collect(),
            version: edition::version_text(page, &long, &word),
            signers: context::signers(page, word),
            print_footer: stamp.as_ref().map(|(from, _)| {
                let version = edition::version_text(page, &long, &word);
                edition::print_footer(page.title(), version.as_deref(), Some(from))
            }),
            print_stamp: stamp.map(|(from, on)| context::PrintStamp {
                from: context::css_string_body(&from),
                on: context::css_string_body(&on),
            }),
            docx_template: docx_template_url(page),
            adopted_title: fm.adopted_title.clone(),
            large_print: fm.large_print && page.kind.has_placeholders(),
            based_on: page
                .kind
                .has_placeholders()
                .then(|| edition::based_on_text(page, &site.config.title, &long, &word)),
            lang,
            alternates,
            switcher,
        }
    }

    /// The Word copy of a policy or AUP page (`None` for other pages): its site-absolute file path
    /// and bytes. Blanks are highlighted fields unless `values` fill them.
    pub fn render_docx(
        &self,
        idx: usize,
        values: Option<&BTreeMap<String, String>>,
    ) -> Option<(String, Vec<u8>)> {
        let page = &self.site.pages[idx];
        let link = docx_download(page, self.word(page.lang.as_deref(), "word_download"))?;
        Some((link.url, self.docx_bytes(page, values, false)))
    }

    /// The script the fill-in form loads to make a Word copy with the details typed: the Word
    /// copy with every placeholder marked, base64-encoded, and the labels of the marks. A script
    /// (not a .docx fetched) so that it loads from file:// too.
    pub fn render_docx_template(&self, idx: usize) -> Option<(String, Vec<u8>)> {
        let page = &self.site.pages[idx];
        let url = docx_template_url(page)?;
        let zip = self.docx_bytes(page, None, true);
        let mut keys = context::used_placeholders(page.src.body());
        keys.push(docx::ORGANISATION_KEY.to_string());
        let fields: serde_json::Map<String, serde_json::Value> = keys
            .into_iter()
            .filter_map(|key| {
                let decl = page
                    .src
                    .fm
                    .placeholders
                    .get(&key)
                    .or_else(|| self.site.config.placeholders.get(&key))?;
                Some((
                    key,
                    serde_json::json!({
                        "label": decl.label,
                        "date": decl.value_type == crate::load::config::ValueType::Date,
                    }),
                ))
            })
            .collect();
        let data = serde_json::json!({
            "file": format!("{}.docx", page_slug(page)),
            "author": self.site.config.title,
            "fields": fields,
            "zip": base64::engine::general_purpose::STANDARD.encode(&zip),
        });
        let js = format!("window.safeguideDocxTemplate={data};\n");
        Some((url, js.into_bytes()))
    }

    /// A Word copy of `page`: the model (no `values`, not `template`), or the copy adopted by an
    /// organisation, filled from `values` or marked for the fill-in form to fill (`template`).
    fn docx_bytes(
        &self,
        page: &Page,
        values: Option<&BTreeMap<String, String>>,
        template: bool,
    ) -> Vec<u8> {
        let links = PageLinks {
            site: self.site,
            page,
        };
        let lang = page.lang.as_deref();
        let word = |key: &str| self.word(lang, key);
        let long = self.dates_in(lang);
        let signers = context::signers(page, word);
        let version = edition::version_text(page, &long, &word);
        let adopted = values.is_some() || template;
        let based_on = edition::based_on_text(page, &self.site.config.title, &long, &word);
        let title = match &page.src.fm.adopted_title {
            Some(own) if adopted => own.as_str(),
            _ => page.title(),
        };
        // Local values are the site's own: written in before the Word copy is made.
        let body = crate::markdown::locals::substitute(page.src.body(), &self.site.config.local);
        // The download (not the form's template, whose blanks the form fills) carries the
        // partnership's values in blanks named like them.
        let with_locals = (!template).then(|| context::with_local_defaults(self.site, values));
        let values = with_locals.as_ref().or(values);
        let base_url = self.site.config.base_url.trim_end_matches('/');
        docx::build(&docx::DocxInput {
            title,
            body: &body,
            placeholders: Placeholders {
                site: &self.site.config.placeholders,
                page: &page.src.fm.placeholders,
                values,
            },
            links: &links,
            // An empty address: there is no site to link to (`adapt` outside a site).
            base_url: (!base_url.is_empty()).then_some(base_url),
            page_path: &page.path,
            signers: &signers,
            version: version.as_deref(),
            fallback_author: &self.site.config.title,
            created: page.src.fm.updated.or(page.src.fm.date),
            template,
            // The language of the page's text (a base page on a Welsh-main site is English).
            lang: self.site.lang_of(page),
            words: docx::DocxWords {
                signatures: &word("signatures"),
                page: &word("print_page"),
                of: &word("print_of"),
                adopted_on: &word("adopted_on"),
                review_on: &word("review_on"),
            },
            large_print: page.src.fm.large_print,
            adopted: adopted.then_some(docx::Adopted {
                based_on: &based_on,
            }),
        })
    }

    /// Which template a content page uses: its kind's, falling back to page.html.
    pub fn template_for(&self, page: &Page) -> String {
        if self
            .site
            .home_of(self.site.lang_of(page))
            .is_some_and(|h| std::ptr::eq(h, page))
        {
            return self.templates.pick(Layout::Home).to_string();
        }
        if page.landing_for.is_some() {
            return self.templates.pick(Layout::Audience).to_string();
        }
        if page.is_section() {
            return self.templates.pick(Layout::Section).to_string();
        }
        let kind = format!("{}.html", page.kind.id());
        if self.templates.has(&kind) {
            kind
        } else if page.kind == Kind::Aup && self.templates.has("policy.html") {
            "policy.html".into()
        } else {
            "page.html".into()
        }
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

    /// Renders content page `idx` to a full HTML document, with the link destinations its body
    /// asked about (see `RenderedBody::links`).
    pub fn render_page_read(
        &self,
        idx: usize,
        extra: &[(&str, serde_json::Value)],
    ) -> Result<(RenderedFile, Vec<String>), Vec<Diagnostic>> {
        let page = &self.site.pages[idx];
        let values = self.organisation_values();
        let (body, mut errors) = self.render_body(
            page,
            BodyOptions {
                facilitator_notes: true,
                participant: false,
                values,
            },
        );
        let cx = self.page_cx(idx, &body, values);
        // A training module's page links its packs, slides and records.
        let packs = training_packs::packs_of(self.site, idx);
        let mut extra = extra.to_vec();
        if !packs.is_empty() {
            extra.push((
                "training_packs",
                serde_json::to_value(&packs).unwrap_or_default(),
            ));
        }
        let html = self.render_template(
            &self.template_for(page),
            &cx,
            &extra,
            Some(&page.src.display),
        );
        let html = match html {
            Ok(h) => h,
            Err(e) => {
                errors.push(e);
                String::new()
            }
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok((
            RenderedFile {
                path: page.path.clone(),
                body: html,
                search: Some(search_entry(page, body.sections)),
            },
            body.links,
        ))
    }

    /// What search needs of content page `idx`: its text by heading, without the page around it.
    /// None when the page has errors (which rendering it reports).
    pub fn search_entry(&self, idx: usize) -> Option<SearchEntry> {
        let page = &self.site.pages[idx];
        let (body, errors) = self.render_body(
            page,
            BodyOptions {
                facilitator_notes: true,
                participant: false,
                values: self.organisation_values(),
            },
        );
        errors.is_empty().then(|| search_entry(page, body.sections))
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

    /// Whether any audience has a quick exit: then the pages every header links to (search,
    /// report a concern) have it too.
    fn any_quick_exit(&self) -> bool {
        self.site.config.audiences.iter().any(|a| a.quick_exit)
    }

    /// The context of a generated page (listing, search, packs...) at `path`: home breadcrumb and
    /// every report route.
    pub fn generated_cx(&self, title: &str, path: &str) -> PageCx {
        self.generated_cx_in(title, path, None)
    }

    /// [`Renderer::generated_cx`] for a page in `lang` (None: the main language), whose
    /// breadcrumbs start at that language's home page.
    pub fn generated_cx_in(&self, title: &str, path: &str, lang: Option<&str>) -> PageCx {
        let site = self.site;
        let home = match lang {
            None => site.home.map(|h| &site.pages[h]),
            Some(code) => site.home_of(code),
        };
        PageCx {
            title: title.to_string(),
            kind: "page",
            url: path.to_string(),
            permalink: context::permalink(site, path),
            breadcrumbs: home
                .map(|h| {
                    vec![context::Link {
                        title: h.src.fm.title.clone(),
                        url: h.path.clone(),
                    }]
                })
                .unwrap_or_default(),
            report: site.config.report.clone(),
            ..PageCx::default()
        }
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

    /// The path of generated file `file`'s counterpart in `lang` (None: the main language),
    /// when that language has one.
    fn generated_counterpart(&self, file: &GeneratedFile, lang: Option<&str>) -> Option<String> {
        let site = self.site;
        let own = file.lang.as_deref();
        match &file.what {
            Generated::Audience(i) => {
                let id = &site.audiences_in(own).get(*i)?.id;
                site.audiences_in(lang)
                    .iter()
                    .find(|a| &a.id == id)
                    .map(|a| a.path.clone())
            }
            Generated::Tags => site
                .tags_in(lang)
                .filter(|t| !t.is_empty())
                .map(|_| site.path_in(lang, TAGS_PATH)),
            Generated::Tag(slug) => site
                .tags_in(lang)
                .filter(|t| t.contains_key(slug))
                .map(|_| site.path_in(lang, &Site::tag_path(slug))),
            Generated::Search => Some(site.path_in(lang, crate::resolve::SEARCH_PATH)),
            Generated::Report => Some(site.path_in(lang, crate::resolve::REPORT_PATH)),
            Generated::NotFound => Some(site.path_in(lang, "/404.html")),
            Generated::Alias { .. } | Generated::Machine(_) => None,
        }
    }

    /// A generated page's `lang`, alternates and switcher on a site with `languages:`, as
    /// [`context::languages_of`] gives a content page's.
    fn generated_languages(
        &self,
        file: &GeneratedFile,
    ) -> (
        Option<String>,
        Vec<context::Alternate>,
        Vec<context::Switch>,
    ) {
        self.languages_with(file.lang.as_deref(), |code| {
            self.generated_counterpart(file, code)
        })
    }

    /// A generated page's `lang`, alternates and switcher, for a page in `lang` (None: the main
    /// language) whose counterpart in another language is `counterpart(code)`, when it has one.
    pub fn languages_with(
        &self,
        lang: Option<&str>,
        counterpart: impl Fn(Option<&str>) -> Option<String>,
    ) -> (
        Option<String>,
        Vec<context::Alternate>,
        Vec<context::Switch>,
    ) {
        let site = self.site;
        if site.config.languages.is_empty() {
            return (None, Vec::new(), Vec::new());
        }
        let main = site.config.main_language();
        let own = lang.unwrap_or(main).to_string();
        let mut alternates = Vec::new();
        let mut switcher = Vec::new();
        for l in &site.config.languages {
            let code = (l.code != main).then_some(l.code.as_str());
            let other = counterpart(code);
            if let Some(o) = &other {
                alternates.push(context::Alternate {
                    hreflang: l.code.clone(),
                    url: o.clone(),
                    permalink: context::permalink(site, o),
                });
            }
            if l.code == own {
                continue;
            }
            let home = site
                .home_of(&l.code)
                .map_or_else(|| site.path_in(code, "/"), |h| h.path.clone());
            switcher.push(context::Switch {
                lang: l.code.clone(),
                name: l.name.clone(),
                missing: other.is_none(),
                url: other.unwrap_or(home),
            });
        }
        if alternates.len() < 2 {
            alternates.clear();
        }
        (Some(own), alternates, switcher)
    }

    /// Renders the given generated files (from [`crate::plan::generated_files`]) in parallel,
    /// keeping their order.
    pub fn render_generated_files(
        &self,
        files: &[GeneratedFile],
    ) -> (Vec<RenderedFile>, Vec<Diagnostic>) {
        let (machine, other): (Vec<usize>, Vec<usize>) =
            (0..files.len()).partition(|&i| matches!(files[i].what, Generated::Machine(_)));
        // What the machine-readable files share (every page) is worked out once per language,
        // only when needed, while the other files render.
        let (machine, other) = rayon::join(
            || {
                let mut langs: Vec<Option<&str>> =
                    machine.iter().map(|&i| files[i].lang.as_deref()).collect();
                langs.dedup();
                let extras: BTreeMap<Option<&str>, Vec<(String, tera::Value)>> = langs
                    .into_iter()
                    .map(|l| (l, self.machine_extras(l)))
                    .collect();
                machine
                    .into_par_iter()
                    .map(|i| {
                        let extras = extras.get(&files[i].lang.as_deref());
                        (
                            i,
                            self.render_generated_file(&files[i], extras.map(Vec::as_slice)),
                        )
                    })
                    .collect::<Vec<_>>()
            },
            || {
                other
                    .into_par_iter()
                    .map(|i| (i, self.render_generated_file(&files[i], None)))
                    .collect::<Vec<_>>()
            },
        );
        let mut results: Vec<Option<Result<RenderedFile, Diagnostic>>> =
            (0..files.len()).map(|_| None).collect();
        for (i, r) in machine.into_iter().chain(other) {
            results[i] = Some(r);
        }
        let mut rendered = Vec::with_capacity(files.len());
        let mut errors = Vec::new();
        for r in results.into_iter().flatten() {
            match r {
                Ok(f) => rendered.push(f),
                Err(e) => errors.push(e),
            }
        }
        (rendered, errors)
    }

    fn render_generated_file(
        &self,
        file: &GeneratedFile,
        machine: Option<&[(String, tera::Value)]>,
    ) -> Result<RenderedFile, Diagnostic> {
        let site = self.site;
        let path = file.path.as_str();
        let lang = file.lang.as_deref();
        let (page_lang, alternates, switcher) = self.generated_languages(file);
        let base = |title: &str| {
            let mut cx = self.generated_cx_in(title, path, lang);
            cx.lang = page_lang.clone();
            cx.alternates = alternates.clone();
            cx.switcher = switcher.clone();
            cx
        };
        let word = |key: &str| self.word(lang, key);
        match &file.what {
            Generated::Audience(i) => {
                let a = site.audiences_in(lang).get(*i).ok_or_else(|| {
                    Diagnostic::error(rule::INTERNAL, format!("unknown audience number {i}"))
                })?;
                let conf = site.config.audience(&a.id).ok_or_else(|| {
                    Diagnostic::error(rule::INTERNAL, format!("unknown audience `{}`", a.id))
                })?;
                let (name, description) = conf.in_language(lang);
                let mut cx = base(&name);
                cx.summary = description;
                cx.audience = Some(a.id.clone());
                cx.audiences = context::audience_refs(site, std::slice::from_ref(&a.id));
                cx.quick_exit = conf.quick_exit;
                (cx.groups, cx.more) = context::fold_single_groups(context::group_by_kind(
                    site,
                    &a.pages,
                    word,
                    &self.dates_in(lang),
                ));
                cx.family = context::is_family(site, std::slice::from_ref(&a.id));
                cx.report = context::report_for(site, std::slice::from_ref(&a.id));
                cx.is_section = true;
                let t = self.templates.pick(Layout::Audience);
                self.render_generated(t, path, cx, &[])
            }
            Generated::Tags => {
                let tags: Vec<context::Link> = site
                    .tags_in(lang)
                    .into_iter()
                    .flat_map(|t| t.values())
                    .map(|t| context::Link {
                        title: format!("{} ({})", t.name, t.pages.len()),
                        url: site.path_in(lang, &Site::tag_path(&t.slug)),
                    })
                    .collect();
                let mut cx = base(&word("topics"));
                cx.summary = Some(word("tags_summary"));
                self.render_generated(
                    self.templates.pick(Layout::Tags),
                    path,
                    cx,
                    &[("tags", serde_json::to_value(&tags).unwrap_or_default())],
                )
            }
            Generated::Tag(slug) => {
                let t = site
                    .tags_in(lang)
                    .and_then(|t| t.get(slug))
                    .ok_or_else(|| {
                        Diagnostic::error(rule::INTERNAL, format!("unknown tag `{slug}`"))
                    })?;
                let mut cx = base(&word("tag_title").replace("{tag}", &t.name));
                // A child follows a topic link from their own page: the topic keeps the exit.
                cx.quick_exit = t.pages.iter().any(|&i| {
                    site.pages[i]
                        .audience
                        .iter()
                        .any(|a| site.config.audience(a).is_some_and(|a| a.quick_exit))
                });
                cx.pages = t
                    .pages
                    .iter()
                    .map(|&i| context::page_ref(site, &site.pages[i], &self.dates_in(lang)))
                    .collect();
                cx.breadcrumbs.push(context::Link {
                    title: word("topics"),
                    url: site.path_in(lang, TAGS_PATH),
                });
                self.render_generated(self.templates.pick(Layout::Tag), path, cx, &[])
            }
            Generated::Search => {
                let mut cx = base(&word("search"));
                // A child reaches search from the header of every page, so it keeps the exit.
                cx.quick_exit = self.any_quick_exit();
                cx.summary = Some(word("search_summary"));
                // The index of the page's language (search.js reads it from the form).
                let manifest = crate::plan::search_manifest_file(lang);
                self.render_generated(
                    self.templates.pick(Layout::Search),
                    path,
                    cx,
                    &[("search_manifest", serde_json::Value::String(manifest))],
                )
            }
            Generated::Report => {
                let mut cx = base(&word("report"));
                // The page a frightened child is sent to from every header must keep the exit.
                cx.quick_exit = self.any_quick_exit();
                cx.summary = Some(word("report_summary"));
                self.render_generated(self.templates.pick(Layout::Report), path, cx, &[])
            }
            Generated::NotFound => self.render_generated(
                self.templates.pick(Layout::NotFound),
                path,
                base(&word("not_found")),
                &[],
            ),
            Generated::Alias { page, .. } => {
                let p = &site.pages[*page];
                let mut cx = base(p.title());
                cx.url = p.path.clone();
                cx.permalink = context::permalink(site, &p.path);
                self.render_generated(self.templates.pick(Layout::Alias), path, cx, &[])
            }
            Generated::Machine(template) => {
                let values = machine.ok_or_else(|| {
                    Diagnostic::error(rule::INTERNAL, "machine-readable file without its data")
                })?;
                let body =
                    self.render_template_values(template, &base(""), values.to_vec(), None)?;
                Ok(RenderedFile {
                    path: path.to_string(),
                    body,
                    search: None,
                })
            }
        }
    }

    /// The values sitemap.xml, atom.xml and robots.txt get besides `site` and `page`: every page,
    /// the feed's newest pages (in `lang`; None: the main language), the feed's date and the base
    /// URL. Converted once for all three.
    fn machine_extras(&self, lang: Option<&str>) -> Vec<(String, tera::Value)> {
        let site = self.site;
        // Each page converted on its own, in parallel: the same value as converting the list.
        let pages: Vec<tera::Value> = site
            .pages
            .par_iter()
            .map(|p| {
                let long = self.dates_in(p.lang.as_deref());
                let json =
                    serde_json::to_value(context::page_ref(site, p, &long)).unwrap_or_default();
                tera::Value::from_serializable(&json)
            })
            .collect();
        let mut feed: Vec<&Page> = site
            .pages
            .iter()
            .filter(|p| {
                !p.is_section()
                    && p.lang.as_deref() == lang
                    && p.src.fm.updated.or(p.src.fm.date).is_some()
            })
            .collect();
        feed.sort_by(|a, b| {
            let da = a.src.fm.updated.or(a.src.fm.date);
            let db = b.src.fm.updated.or(b.src.fm.date);
            db.cmp(&da).then_with(|| a.path.cmp(&b.path))
        });
        feed.truncate(site.config.feed.limit);
        let feed_items: Vec<serde_json::Value> = feed
            .iter()
            .map(|p| {
                serde_json::json!({
                    "title": p.src.fm.title,
                    "permalink": context::permalink(site, &p.path),
                    "summary": p.src.fm.summary,
                    "updated": p.src.fm.updated.or(p.src.fm.date).map(|d| d.to_string()),
                    "audiences": context::audience_refs(site, &p.audience),
                })
            })
            .collect();
        let feed_updated = feed
            .first()
            .and_then(|p| p.src.fm.updated.or(p.src.fm.date))
            .map(|d| d.to_string())
            .unwrap_or_else(|| self.site_cx.build_date.clone());
        let base_url = site.config.base_url.trim_end_matches('/').to_string();
        let json = |v: serde_json::Value| tera::Value::from_serializable(&v);
        // On a site with `languages:`, each page's counterparts, by URL, for the sitemap.
        let alternates: serde_json::Map<String, serde_json::Value> =
            if site.config.languages.is_empty() {
                serde_json::Map::new()
            } else {
                site.pages
                    .iter()
                    .map(|p| {
                        let (_, alts, _) = context::languages_of(site, p);
                        (
                            p.path.clone(),
                            serde_json::to_value(alts).unwrap_or_default(),
                        )
                    })
                    .collect()
            };
        vec![
            (
                "alternates".into(),
                json(serde_json::Value::Object(alternates)),
            ),
            ("pages".into(), tera::Value::from(pages)),
            ("feed".into(), json(serde_json::Value::Array(feed_items))),
            (
                "feed_updated".into(),
                json(serde_json::Value::String(feed_updated)),
            ),
            ("base_url".into(), json(serde_json::Value::String(base_url))),
        ]
    }
}

/// The script holding a policy's Word template, next to its page (see `render_docx_template`).
pub fn docx_template_url(page: &Page) -> Option<String> {
    crate::plan::word_template_url(page)
}

/// The Word download offered on a model policy or AUP page, written next to the page.
/// `text` is the `word_download` word, with `{title}` for the page's.
pub fn docx_download(page: &Page, text: String) -> Option<context::Link> {
    crate::plan::word_copy_url(page).map(|url| context::Link {
        title: text.replace("{title}", page.title()),
        url,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{self, BuildOptions};

    fn good() -> (Site, Templates) {
        let opts = BuildOptions {
            root: std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/good"),
            ..BuildOptions::default()
        };
        let (site, templates, ds) = pipeline::load_site(&opts).expect("the fixture loads");
        assert!(!ds.has_errors(), "{ds:?}");
        (site, templates)
    }

    #[test]
    fn generated_files_list_what_is_rendered_and_any_subset_renders_the_same() {
        let (site, templates) = good();
        let r = Renderer::new(&site, &templates, false);
        let list = crate::plan::generated_files(&site);
        let (all, errors) = r.render_generated_files(&list);
        assert!(errors.is_empty(), "{errors:?}");
        let paths: Vec<&str> = all.iter().map(|f| f.path.as_str()).collect();
        let listed: Vec<&str> = list.iter().map(|g| g.path.as_str()).collect();
        assert_eq!(paths, listed);
        for (path, what) in [
            ("/staff/", Generated::Audience(2)),
            ("/tags/", Generated::Tags),
            ("/tags/gaming/", Generated::Tag("gaming".into())),
            (
                "/old/gaming/",
                Generated::Alias {
                    page: site.by_source["parents/gaming.md"],
                    alias: 0,
                },
            ),
            ("/sitemap.xml", Generated::Machine("sitemap.xml")),
            ("/404.html", Generated::NotFound),
        ] {
            assert!(
                list.contains(&GeneratedFile {
                    path: path.into(),
                    what,
                    lang: None,
                }),
                "{path} in {list:?}"
            );
        }
        // Audiences with a section of their own have no generated landing page.
        assert!(!listed.contains(&"/parents/"));

        // A selection (here every other file, backwards) renders in its own order, each file
        // exactly as rendering them all does.
        let some: Vec<GeneratedFile> = list.iter().rev().step_by(2).cloned().collect();
        let (rendered, errors) = r.render_generated_files(&some);
        assert!(errors.is_empty());
        assert_eq!(rendered.len(), some.len());
        for (f, g) in rendered.iter().zip(&some) {
            assert_eq!(f.path, g.path);
            let whole = all.iter().find(|a| a.path == f.path).unwrap();
            assert_eq!(f.body, whole.body, "{}", f.path);
        }
        let (none, errors) = r.render_generated_files(&[]);
        assert!(none.is_empty() && errors.is_empty());
    }
}
