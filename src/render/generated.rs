//! Generated pages and files: audience landing pages, tags, search, report, 404, alias
//! redirects and the machine-readable files (sitemap, feed, robots.txt).

use crate::diagnostics::rule;
use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::resolve::{Page, Site, TAGS_PATH};

use super::context::{self, PageCx};
use super::templates::Layout;
use super::{Generated, GeneratedFile, RenderedFile, Renderer};

/// What a generated file is made from: its template and what the template gets besides what
/// every template gets (`site`, the words). Its key hashes this (`engine::keys`), so a listing
/// is made again only when what it shows changed. The machine-readable files (sitemap, feed,
/// robots.txt) read every page's listing values, made only when they are rendered: they are
/// keyed by what every page shows of itself instead.
pub struct GeneratedInput {
    pub path: String,
    template: String,
    cx: PageCx,
    extra: Vec<(&'static str, serde_json::Value)>,
    /// A machine-readable file, with the language whose pages' values it gets (None: the main
    /// language).
    machine: Option<Option<String>>,
}

impl GeneratedInput {
    /// Writes the input to `out` (a hasher).
    pub fn write(&self, out: &mut dyn std::io::Write) {
        let input = (
            &self.path,
            &self.template,
            &self.cx,
            &self.extra,
            &self.machine,
        );
        crate::key::write_json(out, &input);
    }

    /// Whether it is a machine-readable file (its input leaves out the pages' values).
    pub fn is_machine(&self) -> bool {
        self.machine.is_some()
    }
}

impl Renderer<'_> {
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

    /// Renders generated files from their inputs, in parallel, keeping their order; an input
    /// that failed gives its error.
    pub fn render_generated_inputs(
        &self,
        inputs: &[&Result<GeneratedInput, Diagnostic>],
    ) -> Vec<Result<RenderedFile, Diagnostic>> {
        // What the machine-readable files share (every page) is worked out once per language,
        // only for those rendered.
        let mut langs: Vec<Option<&str>> = inputs
            .iter()
            .filter_map(|r| r.as_ref().ok()?.machine.as_ref().map(Option::as_deref))
            .collect();
        langs.sort_unstable();
        langs.dedup();
        let values: BTreeMap<Option<&str>, Vec<(String, tera::Value)>> = langs
            .into_par_iter()
            .map(|l| (l, self.machine_extras(l)))
            .collect();
        inputs
            .par_iter()
            .map(|r| match r {
                Ok(input) => self.render_generated_input(input, &values),
                Err(e) => Err(e.clone()),
            })
            .collect()
    }

    fn render_generated_input(
        &self,
        input: &GeneratedInput,
        machine: &BTreeMap<Option<&str>, Vec<(String, tera::Value)>>,
    ) -> Result<RenderedFile, Diagnostic> {
        let body = match &input.machine {
            Some(lang) => {
                let values = machine.get(&lang.as_deref()).cloned().ok_or_else(|| {
                    Diagnostic::error(rule::INTERNAL, "machine-readable file without its data")
                })?;
                self.render_template_values(&input.template, &input.cx, values, None)?
            }
            None => {
                let extra: Vec<(&str, serde_json::Value)> =
                    input.extra.iter().map(|(k, v)| (*k, v.clone())).collect();
                self.render_template(&input.template, &input.cx, &extra, None)?
            }
        };
        Ok(RenderedFile {
            path: input.path.clone(),
            body,
            search: None,
        })
    }

    /// What generated file `file` is made from: its key reads this (`engine::keys`), and
    /// [`Renderer::render_generated_inputs`] renders it.
    pub fn generated_input(&self, file: &GeneratedFile) -> Result<GeneratedInput, Diagnostic> {
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
        let input = |template: &str, cx: PageCx, extra: Vec<(&'static str, serde_json::Value)>| {
            Ok(GeneratedInput {
                path: path.to_string(),
                template: template.to_string(),
                cx,
                extra,
                machine: None,
            })
        };
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
                input(self.templates.pick(Layout::Audience), cx, Vec::new())
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
                input(
                    self.templates.pick(Layout::Tags),
                    cx,
                    vec![("tags", serde_json::to_value(&tags).unwrap_or_default())],
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
                input(self.templates.pick(Layout::Tag), cx, Vec::new())
            }
            Generated::Search => {
                let mut cx = base(&word("search"));
                // A child reaches search from the header of every page, so it keeps the exit.
                cx.quick_exit = self.any_quick_exit();
                cx.summary = Some(word("search_summary"));
                // The index of the page's language (search.js reads it from the form).
                let manifest = crate::plan::search_manifest_file(lang);
                input(
                    self.templates.pick(Layout::Search),
                    cx,
                    vec![("search_manifest", serde_json::Value::String(manifest))],
                )
            }
            Generated::Report => {
                let mut cx = base(&word("report"));
                // The page a frightened child is sent to from every header must keep the exit.
                cx.quick_exit = self.any_quick_exit();
                cx.summary = Some(word("report_summary"));
                input(self.templates.pick(Layout::Report), cx, Vec::new())
            }
            Generated::NotFound => input(
                self.templates.pick(Layout::NotFound),
                base(&word("not_found")),
                Vec::new(),
            ),
            Generated::Alias { page, .. } => {
                let p = &site.pages[*page];
                let mut cx = base(p.title());
                cx.url = p.path.clone();
                cx.permalink = context::permalink(site, &p.path);
                input(self.templates.pick(Layout::Alias), cx, Vec::new())
            }
            Generated::Machine(template) => Ok(GeneratedInput {
                path: path.to_string(),
                template: template.to_string(),
                cx: base(""),
                extra: Vec::new(),
                machine: Some(file.lang.clone()),
            }),
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

#[cfg(test)]
#[path = "generated_tests.rs"]
mod tests;
