//! What a build writes: every output named once, in one list.
//!
//! A build is a plan (this module: which outputs, each landing in one file), a render (output ->
//! bytes, in `render` and `packs`) and a write (through one [`crate::write::sink::Sink`]). `build`,
//! `serve` and `check` all start from [`plan`], so they cannot disagree about what a site is made
//! of; code that must treat each kind of output (serve's incremental update, the writer) matches
//! on [`Output`] exhaustively, so a new kind cannot be forgotten.

use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

use crate::diagnostics::{rule, Diagnostic};
use crate::load::packs::{Edition, Pack};
use crate::resolve::{Page, Site, PACKS_PATH, REPORT_PATH, SEARCH_PATH, TAGS_PATH};

/// Which generated file (see [`generated_files`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Generated {
    /// The landing page of `site.audiences[i]`, an audience without a section of its own.
    Audience(usize),
    /// The list of every tag, with counts.
    Tags,
    /// One tag's listing, by slug.
    Tag(String),
    Search,
    Report,
    NotFound,
    /// The redirect from `site.pages[page]`'s alias number `alias`.
    Alias {
        page: usize,
        alias: usize,
    },
    /// sitemap.xml, atom.xml or robots.txt (the template's name): they list every page.
    Machine(&'static str),
}

/// A generated file and its site-absolute path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub path: String,
    pub what: Generated,
    /// The language it is in and lists the pages of, when not the main language (`cy` for
    /// `/cy/report/`); audience and tag numbers and slugs are that language's.
    pub lang: Option<String>,
}

/// One file a build writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The HTML page of `site.pages[i]`.
    Page(usize),
    /// The Word copy of the model policy `site.pages[i]`.
    WordCopy(usize),
    /// The script holding that Word copy as a template, which the page's fill-in form fills in
    /// the browser.
    WordTemplate(usize),
    /// A page or file made from the whole site: landing pages, tags, search, report, 404,
    /// aliases, sitemap, feed, robots.txt.
    Generated(GeneratedFile),
    /// The print-ready document of one edition of `site.packs[pack]`.
    PackDocument { pack: usize, edition: Edition },
    /// A packs index or one pack's page.
    PackListing(PackPage),
    /// The PDF of a pack edition (`build --pdf` only), printed from its staged document.
    PackPdf { pack: usize, edition: Edition },
    /// The slide deck of a pack's training module (`/packs/<id>/present/`).
    PackPresent(usize),
    /// Another file of a pack with a training module: the PowerPoint copy of its deck or a
    /// training record.
    PackExtra { pack: usize, extra: PackExtra },
    /// One search shard (by position in [`Plan::shard_files`]).
    SearchShard(usize),
    /// One language's term chunks, merged from its shards (by position in
    /// [`Plan::terms_files`]).
    SearchTerms(usize),
    /// The list of shards a language's search page loads (`None`: the main language's).
    SearchManifest(Option<String>),
    /// A file copied as it is: theme and site `static/`, files beside content.
    Static { rel: String, from: StaticSource },
    /// The stylesheet for highlighted code.
    HighlightCss,
}

/// The files of a pack with a training module besides its deck (issue #33).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackExtra {
    /// `/packs/<id>/<id>.pptx`
    Pptx,
    /// `/packs/<id>/<record>/`
    Record(Record),
    /// `/packs/<id>/<id>-evaluation.csv`
    EvaluationCsv,
}

impl PackExtra {
    /// Every extra file, in write order.
    pub fn all() -> impl Iterator<Item = PackExtra> {
        std::iter::once(PackExtra::Pptx)
            .chain(Record::ALL.map(PackExtra::Record))
            .chain(std::iter::once(PackExtra::EvaluationCsv))
    }

    /// Its site-absolute path for `pack`.
    pub fn path(self, pack: &Pack) -> String {
        match self {
            PackExtra::Pptx => pptx_path(pack),
            PackExtra::Record(r) => record_path(pack, r.id()),
            PackExtra::EvaluationCsv => evaluation_csv_path(pack),
        }
    }
}

/// A training record of a pack (see `packs::records`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Record {
    Register,
    Evaluation,
    Certificate,
}

impl Record {
    pub const ALL: [Record; 3] = [Record::Register, Record::Evaluation, Record::Certificate];

    /// The name in its path (`/packs/<id>/register/`) and in the theme's words (`record_register`).
    pub fn id(self) -> &'static str {
        match self {
            Record::Register => "register",
            Record::Evaluation => "evaluation",
            Record::Certificate => "certificate",
        }
    }
}

/// Which page about packs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackPage {
    /// `/packs/`, listing the main language's packs, or (`Some(code)`) `/cy/packs/`, listing the
    /// packs with that `lang:`.
    Index(Option<String>),
    /// One pack's page, by position in `site.packs`.
    Pack(usize),
}

/// Where a copied file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticSource {
    /// The built-in default theme's `static/`.
    Embedded(&'static [u8]),
    File(PathBuf),
}

/// Everything one build of `site` writes.
pub struct Plan {
    pub outputs: Vec<Output>,
    /// The search shards' directory files (see [`Output::SearchShard`]); empty without search.
    /// Each shard writes its detail chunks beside it (`search::shards::Shard::files`).
    pub shard_files: Vec<String>,
    /// The term files' directories (see [`Output::SearchTerms`]), one per language; the chunks
    /// are beside each (`search::terms::Terms::files`).
    pub terms_files: Vec<String>,
    /// Static folders that could not be read.
    pub problems: Vec<Diagnostic>,
}

impl Plan {
    /// The file `o` lands in, relative to the output folder (`/`-separated).
    pub fn file_of(&self, site: &Site, o: &Output) -> String {
        match o {
            Output::Page(_) | Output::WordCopy(_) | Output::WordTemplate(_) => {
                page_file(site, o).unwrap_or_default()
            }
            Output::Generated(g) => file_for(&g.path),
            Output::PackDocument { pack, edition } => {
                file_for(&edition_path(&site.packs[*pack], *edition))
            }
            Output::PackListing(PackPage::Index(lang)) => {
                file_for(&site.path_in(lang.as_deref(), PACKS_PATH))
            }
            Output::PackListing(PackPage::Pack(p)) => file_for(&pack_path(&site.packs[*p])),
            Output::PackPdf { pack, edition } => file_for(&pdf_path(&site.packs[*pack], *edition)),
            Output::PackPresent(p) => file_for(&present_path(&site.packs[*p])),
            Output::PackExtra { pack, extra } => file_for(&extra.path(&site.packs[*pack])),
            Output::SearchShard(s) => self.shard_files[*s].clone(),
            Output::SearchTerms(t) => self.terms_files[*t].clone(),
            Output::SearchManifest(lang) => search_manifest_file(lang.as_deref()),
            Output::Static { rel, .. } => rel.clone(),
            Output::HighlightCss => "highlight.css".to_string(),
        }
    }
}

/// Content page `i`'s outputs: its HTML, then its Word copy and Word template when it has them.
/// (The engine plans an edited page's outputs alone, before the rest of the plan.)
pub fn page_outputs(site: &Site, i: usize) -> Vec<Output> {
    let page = &site.pages[i];
    let mut out = vec![Output::Page(i)];
    if word_copy_url(page).is_some() {
        out.push(Output::WordCopy(i));
    }
    if word_template_url(page).is_some() {
        out.push(Output::WordTemplate(i));
    }
    out
}

/// The file of an output of a content page ([`page_outputs`]); None for any other output.
pub fn page_file(site: &Site, o: &Output) -> Option<String> {
    match o {
        Output::Page(i) => Some(file_for(&site.pages[*i].path)),
        Output::WordCopy(i) => Some(
            word_copy_url(&site.pages[*i])
                .map(|u| file_for(&u))
                .unwrap_or_default(),
        ),
        Output::WordTemplate(i) => Some(
            word_template_url(&site.pages[*i])
                .map(|u| file_for(&u))
                .unwrap_or_default(),
        ),
        _ => None,
    }
}

/// The search manifest of the site's main language (see `search`).
pub const SEARCH_MANIFEST: &str = "search/index.js";

/// Every language with a search index: the main one (`None`) and each other of `languages:`,
/// with or without pages yet (its search page then finds nothing rather than failing).
pub fn search_languages(site: &Site) -> Vec<Option<String>> {
    let main = site.config.main_language();
    std::iter::once(None)
        .chain(
            site.config
                .languages
                .iter()
                .filter(|l| l.code != main)
                .map(|l| Some(l.code.clone())),
        )
        .collect()
}

/// The search manifest of language `lang` (`None`: the main language): `search/index.js`, or
/// `search/index.<code>.js`.
pub fn search_manifest_file(lang: Option<&str>) -> String {
    match lang {
        None => SEARCH_MANIFEST.to_string(),
        Some(code) => format!("search/index.{code}.js"),
    }
}

/// What the plan depends on besides the site.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Print pack editions to PDF.
    pub pdf: bool,
    /// Write the search index (not for `check`, which writes nothing).
    pub search: bool,
}

/// Lists every output of a build of `site`, in write order. `shard_files` and `terms_files` are
/// the directories of the search shards (`search::plan`) and of each language's term chunks
/// (`search::terms::Terms::plan`), used when search is on.
pub fn plan(
    site: &Site,
    opts: PlanOptions,
    shard_files: Vec<String>,
    terms_files: Vec<String>,
) -> Plan {
    let mut outputs: Vec<Output> = Vec::new();
    outputs.extend((0..site.pages.len()).map(Output::Page));
    outputs.extend(
        (0..site.pages.len())
            .filter(|&i| word_copy_url(&site.pages[i]).is_some())
            .map(Output::WordCopy),
    );
    outputs.extend(
        (0..site.pages.len())
            .filter(|&i| word_template_url(&site.pages[i]).is_some())
            .map(Output::WordTemplate),
    );
    outputs.extend(generated_files(site).into_iter().map(Output::Generated));
    for (p, pack) in site.packs.iter().enumerate() {
        for &edition in &pack.def.editions {
            outputs.push(Output::PackDocument { pack: p, edition });
        }
    }
    outputs.extend(
        (0..site.packs.len())
            .filter(|&p| crate::resolve::packs::training_module(site, &site.packs[p]).is_some())
            .map(Output::PackPresent),
    );
    for (p, pack) in site.packs.iter().enumerate() {
        if crate::resolve::packs::training_module(site, pack).is_some() {
            outputs.extend(PackExtra::all().map(|extra| Output::PackExtra { pack: p, extra }));
        }
    }
    if !site.packs.is_empty() {
        outputs.push(Output::PackListing(PackPage::Index(None)));
        // Each other language with packs of its own has its own index of them.
        outputs.extend(
            site.translated
                .keys()
                .filter(|code| has_packs_in(site, code))
                .map(|code| Output::PackListing(PackPage::Index(Some(code.clone())))),
        );
        outputs.extend((0..site.packs.len()).map(|p| Output::PackListing(PackPage::Pack(p))));
    }
    let search = opts.search && site.config.search.enabled;
    let (shard_files, terms_files) = if search {
        (shard_files, terms_files)
    } else {
        (Vec::new(), Vec::new())
    };
    if search {
        outputs.extend((0..shard_files.len()).map(Output::SearchShard));
        // After the shards: each language's chunks are merged from its shards' terms.
        outputs.extend((0..terms_files.len()).map(Output::SearchTerms));
        outputs.extend(
            search_languages(site)
                .into_iter()
                .map(Output::SearchManifest),
        );
    }
    let (statics, problems) = static_files(site);
    outputs.extend(statics);
    outputs.push(Output::HighlightCss);
    if opts.pdf {
        for (p, pack) in site.packs.iter().enumerate() {
            for &edition in &pack.def.editions {
                outputs.push(Output::PackPdf { pack: p, edition });
            }
        }
    }
    let mut plan = Plan {
        outputs,
        shard_files,
        terms_files,
        problems,
    };
    let clashes = plan.static_clashes(site);
    plan.problems.extend(clashes);
    plan
}

impl Plan {
    /// A file of the author's (static/, a theme's static/, beside content) that would land where
    /// safeguide writes a page or file of its own (the home page, 404.html, sitemap.xml, the
    /// search files, a landing page) is an error naming both, and is not copied: it would
    /// silently replace what the site generates.
    fn static_clashes(&mut self, site: &Site) -> Vec<Diagnostic> {
        let generated: HashMap<String, String> = self
            .outputs
            .iter()
            .filter(|o| !matches!(o, Output::Static { .. }))
            .map(|o| (self.file_of(site, o), what(site, o)))
            .collect();
        // Search chunks are written beside their directory files, under names made at build time.
        let search_dirs: Vec<String> = self
            .shard_files
            .iter()
            .chain(&self.terms_files)
            .filter_map(|f| f.rsplit_once('/').map(|(d, _)| format!("{d}/")))
            .collect();
        let mut ds = Vec::new();
        self.outputs.retain(|o| {
            let Output::Static {
                rel,
                from: StaticSource::File(path),
            } = o
            else {
                return true;
            };
            let clash = generated.get(rel).cloned().or_else(|| {
                search_dirs
                    .iter()
                    .any(|d| rel.starts_with(d.as_str()))
                    .then(|| "the search index".to_string())
            });
            let Some(clash) = clash else {
                return true;
            };
            let shown = crate::load::walk::display_path(&site.root, path);
            ds.push(
                Diagnostic::error(
                    rule::DUPLICATE_URL,
                    format!(
                        "{} would be published as /{rel}, where the site writes {clash}",
                        shown.display()
                    ),
                )
                .in_file(&shown)
                .help("rename or move the file: safeguide makes that file itself"),
            );
            false
        });
        ds
    }
}

/// How a message names what safeguide writes for `o`.
fn what(site: &Site, o: &Output) -> String {
    match o {
        Output::Page(i) => format!("the page {}", site.pages[*i].src.display.display()),
        Output::Generated(g) => format!("its generated page {}", g.path),
        Output::PackDocument { .. } | Output::PackListing(_) | Output::PackPresent(_) => {
            "a pack's page".into()
        }
        Output::PackPdf { .. } => "a pack's PDF".into(),
        Output::PackExtra { .. } => "a pack's PowerPoint copy or training record".into(),
        Output::WordCopy(i) | Output::WordTemplate(i) => {
            format!("the Word copy of {}", site.pages[*i].src.display.display())
        }
        Output::SearchShard(_) | Output::SearchTerms(_) | Output::SearchManifest(_) => {
            "the search index".into()
        }
        Output::HighlightCss => "the code highlighting stylesheet".into(),
        Output::Static { .. } => "another file".into(),
    }
}

/// Whether any pack prints in the language `code` (one of the site's other languages).
pub fn has_packs_in(site: &Site, code: &str) -> bool {
    site.packs
        .iter()
        .any(|p| crate::resolve::packs::pack_lang(site, p) == Some(code))
}

/// `/packs/<id>/`
pub fn pack_path(pack: &Pack) -> String {
    format!("{PACKS_PATH}{}/", pack.id)
}

/// `/packs/<id>/<edition>/`: the print-ready document.
pub fn edition_path(pack: &Pack, edition: Edition) -> String {
    format!("{PACKS_PATH}{}/{}/", pack.id, edition.id())
}

/// `/packs/<id>/present/`: the slide deck.
pub fn present_path(pack: &Pack) -> String {
    format!("{PACKS_PATH}{}/present/", pack.id)
}

/// `/packs/<id>/<id>-<edition>.pdf`: named so that a downloaded file says what it is.
pub fn pdf_path(pack: &Pack, edition: Edition) -> String {
    format!("{PACKS_PATH}{0}/{0}-{1}.pdf", pack.id, edition.id())
}

/// A short file name for a page: the last segment of its URL (`/policies/aup-ks2/` -> `aup-ks2`).
pub fn page_slug(page: &Page) -> String {
    page.path
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("index")
        .to_string()
}

/// The URL of the Word copy of a model policy or AUP, next to its page; None for other pages.
pub fn word_copy_url(page: &Page) -> Option<String> {
    if !page.kind.has_placeholders() || page.is_section() {
        return None;
    }
    Some(format!("{}{}.docx", page.path, page_slug(page)))
}

/// The URL of the script holding a policy's Word template: `<copy>.docx.js`.
pub fn word_template_url(page: &Page) -> Option<String> {
    word_copy_url(page).map(|u| format!("{u}.js"))
}

/// Output file for a URL path: folders get `index.html`. URLs are percent-encoded
/// (`resolve::url_for`); the file has the decoded name, which is what a web server looks up.
/// `.` and `..` steps are dropped, so no URL can name a file outside the output.
pub fn file_for(path: &str) -> String {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut file = decoded
        .split('/')
        .filter(|s| !s.is_empty() && *s != "." && *s != "..")
        .collect::<Vec<_>>()
        .join("/");
    if path.ends_with('/') {
        if !file.is_empty() {
            file.push('/');
        }
        file.push_str("index.html");
    }
    file
}

/// The machine-readable files, by template name; each is published at `/<name>`.
const MACHINE_FILES: [&str; 3] = ["sitemap.xml", "atom.xml", "robots.txt"];

/// Every generated page and file: audience landings without a section, tags, search, report,
/// 404, alias redirects, sitemap, feed and robots.txt. Cheap, so that `serve` can render only the
/// files an edit affects and remove those that went away.
pub fn generated_files(site: &Site) -> Vec<GeneratedFile> {
    let mut out = Vec::new();
    let file = |path: String, what: Generated, lang: Option<&str>| GeneratedFile {
        path,
        what,
        lang: lang.map(str::to_string),
    };
    listings(site, None, &mut out);
    for (page, p) in site.pages.iter().enumerate() {
        for (alias, a) in p.src.fm.aliases.iter().enumerate() {
            out.push(file(
                crate::resolve::normalise_alias(a),
                Generated::Alias { page, alias },
                None,
            ));
        }
    }
    for template in MACHINE_FILES {
        out.push(file(
            format!("/{template}"),
            Generated::Machine(template),
            None,
        ));
    }
    // Each other language's own pages and feed, under its prefix; one sitemap (with
    // alternates) and one robots.txt serve every language.
    for code in site.translated.keys() {
        let lang = Some(code.as_str());
        listings(site, lang, &mut out);
        out.push(file(
            site.path_in(lang, "/atom.xml"),
            Generated::Machine("atom.xml"),
            lang,
        ));
    }
    out
}

/// The generated pages of one language: audience landings without a section, tags, search,
/// report and 404.
fn listings(site: &Site, lang: Option<&str>, out: &mut Vec<GeneratedFile>) {
    let file = |path: String, what: Generated| GeneratedFile {
        path,
        what,
        lang: lang.map(str::to_string),
    };
    for (i, a) in site.audiences_in(lang).iter().enumerate() {
        if a.section.is_none() && site.config.audience(&a.id).is_some() {
            out.push(file(a.path.clone(), Generated::Audience(i)));
        }
    }
    let tags = site.tags_in(lang);
    if tags.is_some_and(|t| !t.is_empty()) {
        out.push(file(site.path_in(lang, TAGS_PATH), Generated::Tags));
    }
    for t in tags.into_iter().flat_map(|t| t.values()) {
        out.push(file(
            site.path_in(lang, &Site::tag_path(&t.slug)),
            Generated::Tag(t.slug.clone()),
        ));
    }
    if site.config.search.enabled {
        out.push(file(site.path_in(lang, SEARCH_PATH), Generated::Search));
    }
    out.push(file(site.path_in(lang, REPORT_PATH), Generated::Report));
    out.push(file(site.path_in(lang, "/404.html"), Generated::NotFound));
}

/// Files copied as they are: the built-in theme's static files (default theme only), then the
/// theme folder's, then the site's static/, then the files beside content. A later source
/// replaces an earlier one of the same name, so each file is listed once, from its last source.
fn static_files(site: &Site) -> (Vec<Output>, Vec<Diagnostic>) {
    let mut files: BTreeMap<String, (usize, StaticSource)> = BTreeMap::new();
    let mut n = 0;
    let mut add = |rel: String, from: StaticSource| {
        n += 1;
        files.insert(rel, (n, from));
    };
    if site.config.theme == "default" {
        for (path, bytes) in crate::embedded::files(&crate::embedded::DEFAULT_THEME) {
            if let Some(rel) = path.strip_prefix("static/") {
                add(rel.to_string(), StaticSource::Embedded(bytes));
            }
        }
    }
    let mut problems = Vec::new();
    // The same walk as content/: no hidden files, no links out of the site.
    let theme_static = site.config.theme_dir(&site.root).join("static");
    let (found, ds) = crate::load::walk::files(&site.root, &theme_static);
    problems.extend(ds);
    for f in found {
        add(f.rel, StaticSource::File(f.path));
    }
    // Then static/ of each layer, the site's own last (the built-in pack has none).
    let (found, ds) = site.layers.files("static", usize::MAX);
    problems.extend(ds);
    for f in found {
        match f.source {
            crate::load::layers::FileSource::Path(p) => add(f.rel, StaticSource::File(p)),
            crate::load::layers::FileSource::Embedded(b) => add(f.rel, StaticSource::Embedded(b)),
        }
    }
    for a in &site.assets {
        add(a.rel.clone(), StaticSource::File(a.source.clone()));
    }
    let mut out: Vec<(usize, Output)> = files
        .into_iter()
        .map(|(rel, (n, from))| (n, Output::Static { rel, from }))
        .collect();
    // In the order they were found, as the files were always copied.
    out.sort_by_key(|(n, _)| *n);
    (out.into_iter().map(|(_, o)| o).collect(), problems)
}

/// `/packs/<id>/<id>.pptx`: the slide deck as a PowerPoint file to edit.
pub fn pptx_path(pack: &Pack) -> String {
    format!("{PACKS_PATH}{0}/{0}.pptx", pack.id)
}

/// `/packs/<id>/<record>/`: a training record to print (register, evaluation, certificate).
pub fn record_path(pack: &Pack, record: &str) -> String {
    format!("{PACKS_PATH}{}/{record}/", pack.id)
}

/// `/packs/<id>/<id>-evaluation.csv`: the evaluation form as a spreadsheet to fill in.
pub fn evaluation_csv_path(pack: &Pack) -> String {
    format!("{PACKS_PATH}{0}/{0}-evaluation.csv", pack.id)
}
