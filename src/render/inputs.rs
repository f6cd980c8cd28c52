//! What a template is given, apart from a page's rendered body: the data a content page's key is
//! made from (`engine::keys`). Taken from the same context the template gets, not from a list of
//! rules kept by hand, so that nothing a page shows can change without changing its key.

use super::context::PageCx;
use super::{training_packs, Renderer};

/// A content page's template input without its body, as its key reads it.
pub struct PageInput<'r> {
    pub(super) renderer: &'r Renderer<'r>,
    pub(super) idx: usize,
    /// Made by `Renderer::page_cx_around`, its report routes left out.
    pub(super) cx: &'r PageCx,
}

impl PageInput<'_> {
    /// Writes the input to `out` (a hasher) as JSON, rather than made whole first: every page's
    /// is made on an edit that changes what pages show of each other.
    pub fn write(&self, out: &mut dyn std::io::Write) {
        let site = self.renderer.site;
        let page = &site.pages[self.idx];
        // The report routes by their place in site.yaml, which every key holds whole: the
        // routes were most of the input, the same few on every page.
        let routes = super::context::report_ids(site, &page.audience);
        let packs = training_packs::packs_of(site, self.idx);
        let input = (
            self.renderer.template_for(page),
            &page.lang,
            self.cx,
            routes,
            packs,
        );
        crate::key::write_json(out, &input);
    }
}

impl Renderer<'_> {
    /// Content page `idx`'s template input without its body: the template's name, the page's
    /// context built around an empty body (listings, breadcrumbs, tags, audiences, dates, report
    /// routes, languages...) and the training packs it links. The body's part (its HTML, table of
    /// contents, words and audit questions) comes from the page's source, the site-wide values
    /// and the links it asks about, which the engine hashes beside this.
    ///
    /// Written to `out` (a hasher) as JSON, rather than made whole first: every page's is made
    /// on an edit that changes what pages show of each other.
    pub fn write_page_input(&self, idx: usize, out: &mut impl std::io::Write) {
        let mut cx = self.page_cx_around(idx, self.organisation_values());
        cx.report.clear();
        PageInput {
            renderer: self,
            idx,
            cx: &cx,
        }
        .write(out);
    }

    /// What every template sees besides its page: `site` in each language (menus, audiences,
    /// report routes, the build date...). The words (`t`, `i18n`) are in the templates' key.
    pub fn shared_input(&self) -> Vec<u8> {
        let langs: Vec<_> = self
            .site
            .translated
            .keys()
            .map(|code| (code, self.site_cx.in_language(self.site, code)))
            .collect();
        serde_json::to_vec(&(&self.site_cx, langs)).unwrap_or_default()
    }
}
