//! What a template is given, apart from a page's rendered body: the data a content page's key is
//! made from (`engine::keys`). Taken from the same context the template gets, not from a list of
//! rules kept by hand, so that nothing a page shows can change without changing its key.

use super::{training_packs, Renderer};
use crate::markdown::RenderedBody;

impl Renderer<'_> {
    /// Content page `idx`'s template input without its body: the template's name, the page's
    /// context built around an empty body (listings, breadcrumbs, tags, audiences, dates, report
    /// routes, languages...) and the training packs it links. The body's part (its HTML, table of
    /// contents, words and audit questions) comes from the page's source, the site-wide values
    /// and the links it asks about, which the engine hashes beside this.
    pub fn page_input(&self, idx: usize) -> Vec<u8> {
        let page = &self.site.pages[idx];
        let cx = self.page_cx(idx, &RenderedBody::default(), self.organisation_values());
        let packs = training_packs::packs_of(self.site, idx);
        serde_json::to_vec(&(self.template_for(page), &page.lang, cx, packs)).unwrap_or_default()
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
