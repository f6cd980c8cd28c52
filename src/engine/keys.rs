//! The key of each output: a hash of every fact it reads, so that a run (build onto the last
//! output, serve's next update) renders exactly the outputs whose key changed.
//!
//! Sound first: a fact missed here is a stale page served. So keys are not made from rules about
//! what shows where, kept by hand, but from the data the output is made from:
//!
//! - **A content page** reads its template and the template's input. Its key hashes that input as
//!   the template gets it, without the rendered body: the template's name and the page's context
//!   built around an empty body (`render::inputs`: listings, breadcrumbs, tags, audiences, dates,
//!   languages, report routes, training packs), `site` in every language, site.yaml, templates,
//!   words, options, program and today. The body is a function of the page's own source, site.yaml,
//!   the words, the glossary and the answers to the links it asks for. Those answers are recorded
//!   at render (the link destinations, `RenderedBody::links`) and asked again on the next run
//!   (early cut-off, as in build systems): a renamed heading changes the answer for every page
//!   linking to it, whatever the link's spelling (`screen%20time.md#agree`).
//! - **Word copies** are made from the same page: their key is derived from the page's.
//! - **Generated files** (audience landing pages, tags, search, report, 404, aliases) are keyed
//!   like pages, by their template's input (`render::generated`: the context and the extra
//!   values), with what every page reads. So a title edit re-renders the listings that show
//!   that title (its tags' pages, its audience's landing page), not every one.
//! - **The feed, sitemap and robots.txt, and pack pages and files** read what every page shows of
//!   itself: its place, front matter and heading ids, with the assets, packs and failed files.
//!   They are keyed by one fingerprint of all of that (a body edit leaves it; making every page's
//!   listing values to hash would cost a no-change rebuild more than rendering the three), with a
//!   pack's items' bodies hashed in.
//! - **Search** files are named by the search keys of their pages ([`search_keys`]).
//! - **Copied files** by where they come from, size and modification time.
//!
//! serve keys the site on every save rather than keeping a model of what depends on what, but
//! keys the edited pages (whose source hash changed) first, renders and shows them, and only then
//! the rest ([`Keys::complete`], `Run::edited_first`); and when what every page reads of the site
//! is unchanged ([`Keys::site`]), the other pages keep their keys unmade. Measured on 10,000 pages
//! (bench/gen_corpus.py, release build): keying the edited page takes a few milliseconds; keying
//! every other page after a title edit 170-200 ms, most of it building each page's template input.

use std::sync::OnceLock;

use rayon::prelude::*;

use crate::key::{key, key_then, program_id};
use crate::load::frontmatter::Kind;
use crate::markdown::links::LinkResolver;
use crate::plan::{Output, StaticSource};
use crate::render::{generated::GeneratedInput, inputs::PageInput, Renderer};
use crate::resolve::{links::PageLinks, Site};

/// The facts shared by the outputs of one run, hashed once.
pub struct Keys<'a> {
    site: &'a Site,
    /// What every output reads: program, today, options, site.yaml, templates and words.
    shared: String,
    /// `shared`, and what every page shows of itself to listings and other pages: made when first
    /// asked ([`Keys::complete`]), after the edited pages are shown.
    facts: OnceLock<String>,
    /// `shared`, `site` as templates see it, and the glossary: what every content page reads.
    pages: String,
    /// [`Keys::site`], made when first asked.
    site_key: OnceLock<String>,
    /// Each content page's key without its links' answers (see [`Keys::page`]), made when first
    /// asked: an edited page's before the rest.
    page_base: Vec<OnceLock<String>>,
    /// The hash of each content page's source file.
    sources: Vec<String>,
}

impl<'a> Keys<'a> {
    /// `templates` is the templates' fingerprint (with the words); `options` the build's options
    /// that change outputs (drafts, offline, URL style).
    ///
    /// Only what is shared and each page's source hash are made here; the rest as asked, or all
    /// at once by [`Keys::complete`].
    pub fn new(site: &'a Site, renderer: &Renderer<'_>, templates: &str, options: &str) -> Self {
        let config = serde_json::to_string(&site.config).unwrap_or_default();
        let today = crate::load::date::Date::today().to_string();
        let shared = key(&[
            program_id().as_bytes(),
            today.as_bytes(),
            options.as_bytes(),
            config.as_bytes(),
            templates.as_bytes(),
        ]);
        // The glossary's terms, and where they link (its pages' addresses).
        let glossary: Vec<&[u8]> = site
            .pages
            .iter()
            .filter(|p| p.kind == Kind::Glossary)
            .flat_map(|p| [p.path.as_bytes(), p.src.text.as_bytes()])
            .collect();
        let glossary = key(&glossary);
        let pages = key(&[
            shared.as_bytes(),
            &renderer.shared_input(),
            glossary.as_bytes(),
        ]);
        let sources = site.pages.iter().map(|p| p.src.hash.clone()).collect();
        Keys {
            site,
            shared,
            facts: OnceLock::new(),
            site_key: OnceLock::new(),
            pages,
            page_base: (0..site.pages.len()).map(|_| OnceLock::new()).collect(),
            sources,
        }
    }

    /// Makes every key part not made yet, in parallel: called outside any parallel loop, so that
    /// no rayon task waits on a part another task of the same thread is making. Returns whether
    /// the site is the same as `previous` (the previous run's [`Keys::site`]): then a page whose
    /// source did not change has the key it had, and no page's part is made here.
    pub fn complete(&self, renderer: &Renderer<'_>, previous: Option<&str>) -> bool {
        if previous == Some(self.site()) {
            return true;
        }
        (0..self.site.pages.len()).into_par_iter().for_each(|i| {
            self.base(i, renderer);
        });
        false
    }

    /// The key of all a content page reads of the site besides its own source and the answers
    /// to its links: what every page reads (`site` as templates see it, the glossary, site.yaml,
    /// templates, words...) and what every page shows of itself to the others (its place, front
    /// matter and heading ids). A page's template input is made from these and its own source
    /// alone, and its links' answers from its place and the others' places and heading ids; so
    /// when this key is the one of the previous run, so is the key of every page whose source
    /// did not change. (A body edit that keeps the headings leaves it; debug builds check each
    /// page's key against the one made in full, see `Run::keyed`.)
    pub fn site(&self) -> &str {
        self.site_key
            .get_or_init(|| key(&[self.pages.as_bytes(), self.facts().as_bytes()]))
    }

    fn facts(&self) -> &str {
        self.facts
            .get_or_init(|| key(&[self.shared.as_bytes(), fingerprint(self.site).as_bytes()]))
    }

    /// Content page `i`'s key without its links' answers.
    fn base(&self, i: usize, renderer: &Renderer<'_>) -> &str {
        self.page_base[i].get_or_init(|| self.base_of(i, |h| renderer.write_page_input(i, h)))
    }

    /// Makes content page `i`'s key without its links' answers, if not made yet, from the input
    /// its render was shown (the same [`Keys::base`] makes, without building it again).
    pub fn seed(&self, i: usize, input: &PageInput<'_>) {
        self.page_base[i].get_or_init(|| self.base_of(i, |h| input.write(h)));
    }

    fn base_of(&self, i: usize, write_input: impl FnOnce(&mut blake3::Hasher)) -> String {
        let parts: [&[u8]; 3] = [
            self.pages.as_bytes(),
            self.sources[i].as_bytes(),
            self.site.pages[i].kind.id().as_bytes(),
        ];
        key_then(&parts, write_input)
    }

    /// The key of content page `i`'s HTML, when its body asks for the links `reads`: their
    /// answers, asked of the site as it is now, are part of it.
    pub fn page(&self, i: usize, reads: &[String], renderer: &Renderer<'_>) -> String {
        let page = &self.site.pages[i];
        let links = PageLinks {
            site: self.site,
            page,
        };
        let answers: Vec<String> = reads
            .iter()
            .map(|d| format!("{d}\u{0}{:?}", links.resolve(d)))
            .collect();
        let answers: Vec<&[u8]> = answers.iter().map(|a| a.as_bytes()).collect();
        key(&[self.base(i, renderer).as_bytes(), key(&answers).as_bytes()])
    }

    /// The hash of content page `i`'s source file.
    pub fn source(&self, i: usize) -> &str {
        &self.sources[i]
    }

    /// The key of another file made from a page whose HTML has `page_key` (its Word copy).
    pub fn beside(page_key: &str, what: &str) -> String {
        key(&[page_key.as_bytes(), what.as_bytes()])
    }

    /// The key of a generated file (listing, tags, feed, sitemap...): what every page reads
    /// (`site` as templates see it, site.yaml, templates, words, options) and its own input,
    /// so that an edit re-renders only the listings that show what changed.
    pub fn generated(&self, input: &GeneratedInput) -> String {
        key_then(&[self.pages.as_bytes(), b"generated"], |h| input.write(h))
    }

    /// The key of an output that is not a content page, search file or copied file.
    pub fn other(&self, output: &Output) -> String {
        let what = format!("{output:?}");
        let mut parts: Vec<&[u8]> = vec![self.facts().as_bytes(), what.as_bytes()];
        // A pack's documents, deck and records hold its items' text.
        let pack = match output {
            Output::PackDocument { pack, .. }
            | Output::PackPdf { pack, .. }
            | Output::PackExtra { pack, .. }
            | Output::PackPresent(pack)
            | Output::PackListing(crate::plan::PackPage::Pack(pack)) => Some(*pack),
            _ => None,
        };
        if pack.is_some() {
            // `site` and the glossary, as a page's body reads them; and every pack's items: a
            // pack in one language may print another's (`counterpart`).
            parts.push(self.pages.as_bytes());
            for pack in &self.site.packs {
                let module = crate::resolve::packs::training_module(self.site, pack);
                for i in crate::packs::items(self.site, pack).chain(module) {
                    parts.push(self.site.pages[i].src.text.as_bytes());
                }
            }
        }
        key(&parts)
    }

    /// The key of a copied file: where it comes from, its size and time.
    pub fn copied(&self, rel: &str, from: &StaticSource) -> String {
        let from = match from {
            StaticSource::Embedded(_) => "built in".to_string(),
            StaticSource::File(path) => {
                let meta = std::fs::metadata(path).ok();
                let time = meta
                    .as_ref()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map(|d| d.as_nanos())
                    .unwrap_or_default();
                let size = meta.map(|m| m.len()).unwrap_or_default();
                format!("{} {size} {time}", path.display())
            }
        };
        key(&[self.shared.as_bytes(), rel.as_bytes(), from.as_bytes()])
    }
}

/// What every page shows of itself to the others: its place, front matter and heading ids; with
/// the assets, packs and files that failed to load.
fn fingerprint(site: &Site) -> String {
    let per_page: Vec<String> = site
        .pages
        .par_iter()
        .map(|p| {
            let mut anchors: Vec<&str> = p.anchors.iter().map(String::as_str).collect();
            anchors.sort_unstable();
            key(&[
                p.src.rel.as_bytes(),
                p.path.as_bytes(),
                &p.src.text.as_bytes()[..p.src.body_offset],
                anchors.join("\n").as_bytes(),
            ])
        })
        .collect();
    let mut parts: Vec<&[u8]> = per_page.iter().map(|k| k.as_bytes()).collect();
    for a in &site.assets {
        parts.push(a.rel.as_bytes());
    }
    for p in &site.packs {
        parts.push(p.id.as_bytes());
        parts.push(p.text.as_bytes());
    }
    let mut failed: Vec<&String> = site.failed_sources.iter().collect();
    failed.sort();
    parts.extend(failed.into_iter().map(|f| f.as_bytes()));
    key(&parts)
}

/// The search key of every content page, in `site.pages` order: a hash of what its search text
/// and details are made from. Narrower than its page key: the text comes from the page's own
/// Markdown (with site.yaml's values and the glossary's terms), and the details from its own front
/// matter and its resolved audience, kind and URL; menus, listings and other pages' titles play no
/// part. So a title edit changes one search shard, not all of them.
pub fn search_keys(site: &Site) -> Vec<String> {
    let config = serde_json::to_string(&site.config).unwrap_or_default();
    // Glossary terms live in the glossary pages' front matter.
    let glossary: Vec<&[u8]> = site
        .pages
        .iter()
        .filter(|p| p.kind == Kind::Glossary)
        .map(|p| &p.src.text.as_bytes()[..p.src.body_offset])
        .collect();
    let mut shared = vec![program_id().as_bytes(), config.as_bytes()];
    shared.extend(glossary);
    let shared = key(&shared);
    site.pages
        .par_iter()
        .map(|p| {
            key(&[
                shared.as_bytes(),
                p.path.as_bytes(),
                p.kind.id().as_bytes(),
                p.audience.join(" ").as_bytes(),
                p.src.hash.as_bytes(),
            ])
        })
        .collect()
}
