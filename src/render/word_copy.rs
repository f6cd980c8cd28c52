//! The Word copies of policies and AUPs, and the fill-in form's template of one.

use std::collections::BTreeMap;

use base64::Engine as _;

use crate::markdown::placeholders::Placeholders;
use crate::resolve::{links::PageLinks, Page};

use super::{context, docx, edition, page_slug, Renderer};

impl Renderer<'_> {
    /// The Word copy of a policy or AUP page (`None` for other pages): its site-absolute file path
    /// and bytes. Blanks are highlighted fields unless `values` fill them.
    pub fn render_docx(
        &self,
        idx: usize,
        values: Option<&BTreeMap<String, String>>,
    ) -> Option<(String, Vec<u8>)> {
        let page = &self.site.pages[idx];
        let link = docx_download(page, self.word(page.lang.as_deref(), "word_download"))?;
        Some((link.url, self.docx_bytes(page, values, None, false)))
    }

    /// [`Self::render_docx`] for an organisation's adopted copy with its logo in the header.
    pub fn render_adopted_docx(
        &self,
        idx: usize,
        values: &BTreeMap<String, String>,
        logo: Option<&crate::load::logo::Logo>,
    ) -> Option<(String, Vec<u8>)> {
        let page = &self.site.pages[idx];
        let link = docx_download(page, self.word(page.lang.as_deref(), "word_download"))?;
        Some((link.url, self.docx_bytes(page, Some(values), logo, false)))
    }

    /// The script the fill-in form loads to make a Word copy with the details typed: the Word
    /// copy with every placeholder marked, base64-encoded, and the labels of the marks. A script
    /// (not a .docx fetched) so that it loads from file:// too.
    pub fn render_docx_template(&self, idx: usize) -> Option<(String, Vec<u8>)> {
        let page = &self.site.pages[idx];
        let url = docx_template_url(page)?;
        let zip = self.docx_bytes(page, None, None, true);
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
        logo: Option<&crate::load::logo::Logo>,
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
                logo,
            }),
        })
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
