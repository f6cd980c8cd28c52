//! Content pages: the Markdown body, the template context and the whole document.

use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::Kind;
use crate::markdown::{
    self, placeholders::Placeholders, MarkdownContext, RenderedBody, TextSection,
};
use crate::resolve::{links::PageLinks, Page, Site};
use crate::timings::{self, Step};

use super::context::{self, PageCx};
use super::inputs::PageInput;
use super::templates::Layout;
use super::word_copy::{docx_download, docx_template_url};
use super::{edition, training_packs, BodyOptions, RenderedFile, Renderer, SearchEntry};

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

impl Renderer<'_> {
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
            lang: self.site.lang_of(page),
            main_lang: self.site.config.main_language(),
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
        let mut cx = self.page_cx_around(idx, values);
        cx.set_body(body);
        cx
    }

    /// The template context of a content page without its body (see [`PageCx::set_body`]): what
    /// the page's key reads besides its source (`render::inputs`).
    pub fn page_cx_around(&self, idx: usize, values: Option<&BTreeMap<String, String>>) -> PageCx {
        let site = self.site;
        let page = &site.pages[idx];
        let fm = &page.src.fm;
        let quick_exit = page
            .audience
            .iter()
            .any(|a| site.config.audience(a).is_some_and(|a| a.quick_exit));
        let (pages, subsections): (Vec<_>, Vec<_>) = page
            .children
            .iter()
            .map(|&c| &site.pages[c])
            .partition(|p| !p.is_section());
        let (groups, more) = self.landing_groups(page);
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
        let glossary_terms = own_terms(site, page);
        let (lang, alternates, switcher) = context::languages_of(site, page);
        let long = self.dates_in(page.lang.as_deref());
        let word = |key: &str| self.word(page.lang.as_deref(), key);
        let stamp = printed_stamp(site, page, &word);
        PageCx {
            title: fm.title.clone(),
            summary: fm.summary.clone(),
            kind: page.kind.id(),
            url: page.path.clone(),
            permalink: context::permalink(site, &page.path),
            source: Some(page.src.rel.clone()),
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
            audit: context::AuditCx::of(page, &long),
            word_count: 0,
            reading_minutes: 1,
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
            // The body's part: `PageCx::set_body`.
            ..PageCx::default()
        }
    }

    /// An audience landing page's pages grouped by kind, with the groups of one folded into
    /// "more"; empty for any other page.
    fn landing_groups(&self, page: &Page) -> (Vec<context::KindGroup>, Vec<context::PageRef>) {
        let Some(id) = &page.landing_for else {
            return (Vec::new(), Vec::new());
        };
        let lang = page.lang.as_deref();
        context::fold_single_groups(
            self.site
                .audiences_in(lang)
                .iter()
                .find(|v| &v.id == id)
                .map(|v| {
                    context::group_by_kind(
                        self.site,
                        &v.pages,
                        |k| self.word(lang, k),
                        &self.dates_in(lang),
                    )
                })
                .unwrap_or_default(),
        )
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

    /// Renders content page `idx` to a full HTML document, with the link destinations its body
    /// asked about (see `RenderedBody::links`). `input`, when given, is shown the page's template
    /// input without its body, as [`Renderer::write_page_input`] writes it: the engine keys the
    /// page from it rather than building the same context a second time.
    pub fn render_page_read(
        &self,
        idx: usize,
        extra: &[(&str, serde_json::Value)],
        input: Option<&dyn Fn(&PageInput<'_>)>,
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
        let mut cx = self.page_cx_around(idx, values);
        if let Some(seen) = input {
            // The key's input leaves the routes out (`PageInput`).
            let report = std::mem::take(&mut cx.report);
            seen(&PageInput {
                renderer: self,
                idx,
                cx: &cx,
            });
            cx.report = report;
        }
        cx.set_body(&body);
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
}

/// The glossary terms a glossary page defines itself (none on other pages).
fn own_terms(site: &Site, page: &Page) -> Vec<context::TermCx> {
    if page.kind != Kind::Glossary {
        return Vec::new();
    }
    let own: Vec<_> = site
        .glossary
        .terms()
        .iter()
        .filter(|t| t.url.starts_with(&format!("{}#", page.path)))
        .cloned()
        .collect();
    context::glossary_cx(&own)
}

/// Where a printed copy of a policy came from, and the same with the day it was printed (none
/// for pages without placeholders).
fn printed_stamp(
    site: &Site,
    page: &Page,
    word: &impl Fn(&str) -> String,
) -> Option<(String, String)> {
    page.kind.has_placeholders().then(|| {
        let site_url = context::permalink(site, &page.path);
        let site_url = site_url
            .split_once("://")
            .map_or(site_url.as_str(), |(_, rest)| rest);
        (
            word("printed_from").replace("{site}", site_url),
            word("printed_on").replace("{site}", site_url),
        )
    })
}

impl PageCx {
    /// Puts the rendered body in a context made by [`Renderer::page_cx_around`].
    pub fn set_body(&mut self, body: &RenderedBody) {
        let words = body
            .sections
            .iter()
            .map(|s| s.text.split_whitespace().count())
            .sum::<usize>();
        self.content = body.html.clone();
        self.toc = body.toc.clone();
        self.audit_questions = body.audit_questions;
        self.word_count = words;
        self.reading_minutes = words.div_ceil(200).max(1);
    }
}
