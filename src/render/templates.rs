//! Tera templates: the built-in default theme, a theme folder, and the site's own `templates/`,
//! each overriding the one before by file name.

use crate::diagnostics::rule;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::embedded;

/// Where a template came from, for messages.
#[derive(Debug, Clone)]
pub struct TemplateSource {
    pub display: PathBuf,
    pub text: String,
}

pub struct Templates {
    pub tera: Tera,
    pub sources: BTreeMap<String, TemplateSource>,
    /// Warnings from loading (a link out of the site left out), reported with the build's.
    pub warnings: Diagnostics,
    /// The theme's words for each of the site's languages (`super::i18n::load`); templates
    /// see the page's language's as `t`. Empty until loaded: the built-in English then.
    pub words: super::i18n::Words,
}

impl Templates {
    /// Loads the templates of `theme` for the site at `root` (without a base).
    pub fn load(root: &Path, theme: &str) -> Result<Templates, Diagnostics> {
        Self::load_layered(root, theme, &crate::load::layers::Layers::site(root))
    }

    /// Loads the templates of `theme`, then those of the site's layers, the site's own last.
    pub fn load_layered(
        root: &Path,
        theme: &str,
        layers: &crate::load::layers::Layers,
    ) -> Result<Templates, Diagnostics> {
        let mut sources: BTreeMap<String, TemplateSource> = BTreeMap::new();
        let mut ds = Diagnostics::new();
        let theme_dir = crate::load::config::theme_dir(root, theme);
        if theme == "default" {
            for (path, bytes) in embedded::files(&embedded::DEFAULT_THEME) {
                if let Some(name) = path.strip_prefix("templates/") {
                    sources.insert(
                        name.to_string(),
                        TemplateSource {
                            display: PathBuf::from(format!(
                                "themes/default/templates/{name} (built in)"
                            )),
                            text: String::from_utf8_lossy(bytes).into_owned(),
                        },
                    );
                }
            }
        } else if !theme_dir.is_dir() {
            ds.push(
                Diagnostic::error(rule::THEME, format!("the theme `{theme}` was not found"))
                    .in_file("site.yaml")
                    .help(format!(
                        "create {}/templates/, or set `theme: default` in site.yaml to use the built-in theme",
                        crate::load::content::display_path(root, &theme_dir).display()
                    )),
            );
            return Err(ds);
        }
        read_dir_into(root, &theme_dir.join("templates"), &mut sources, &mut ds);
        let (found, walk_ds) = layers.files("templates", usize::MAX);
        ds.extend(walk_ds);
        for f in found {
            match f.read().and_then(|b| {
                String::from_utf8(b.into_owned())
                    .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
            }) {
                Ok(text) => {
                    sources.insert(
                        f.rel,
                        TemplateSource {
                            display: f.display,
                            text,
                        },
                    );
                }
                Err(e) => ds.push(
                    Diagnostic::error(rule::IO, format!("cannot read the template: {e}"))
                        .in_file(&f.display)
                        .help("check the file is readable UTF-8 text"),
                ),
            }
        }
        if ds.has_errors() {
            return Err(ds);
        }
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.register_filter("contact_links", ContactLinks);
        if let Err(e) =
            tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.text.as_str())))
        {
            ds.push(template_error(&e, &sources, None));
            return Err(ds);
        }
        Ok(Templates {
            tera,
            sources,
            warnings: ds,
            words: Default::default(),
        })
    }

    /// A hash of every template's name and text: output made with other templates differs.
    pub fn fingerprint(&self) -> String {
        let words = if self.words.is_empty() {
            String::new()
        } else {
            serde_json::to_string(&self.words).unwrap_or_default()
        };
        let parts: Vec<&[u8]> = self
            .sources
            .iter()
            .flat_map(|(name, s)| [name.as_bytes(), s.text.as_bytes()])
            .chain((!words.is_empty()).then_some(words.as_bytes()))
            .collect();
        crate::key::key(&parts)
    }

    pub fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Renders `name`; a failure is a diagnostic naming the template file and line.
    pub fn render(
        &self,
        name: &str,
        cx: &tera::Context,
        for_page: Option<&Path>,
    ) -> Result<String, Diagnostic> {
        if !self.has(name) {
            let mut d = Diagnostic::error(
                rule::TEMPLATE,
                format!("the template `{name}` does not exist"),
            )
            .help(format!("add templates/{name} to the site or its theme"));
            if let Some(p) = for_page {
                d.message.push_str(&format!(" (needed by {})", p.display()));
            }
            return Err(d);
        }
        self.tera
            .render(name, cx)
            .map_err(|e| template_error(&e, &self.sources, for_page))
    }

    /// The first of `names` that exists.
    /// The template for `layout`: the first of its chain the theme has (the last when none).
    pub fn pick(&self, layout: Layout) -> &'static str {
        let names = layout.chain();
        names
            .iter()
            .copied()
            .find(|n| self.has(n))
            .unwrap_or(names[names.len() - 1])
    }
}

/// The kinds of page a theme lays out, each with its chain of template names from the most
/// specific to the fallback: the one table of template fallbacks, so a theme author can read in one
/// place which file serves which page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Home,
    Audience,
    Section,
    Tags,
    Tag,
    Search,
    Report,
    NotFound,
    Alias,
}

impl Layout {
    pub fn chain(self) -> &'static [&'static str] {
        match self {
            Layout::Home => &["index.html", "section.html", "page.html"],
            Layout::Audience => &["audience.html", "section.html", "page.html"],
            Layout::Section => &["section.html", "page.html"],
            Layout::Tags => &["tags.html", "page.html"],
            Layout::Tag => &["tag.html", "page.html"],
            Layout::Search => &["search.html", "page.html"],
            Layout::Report => &["report.html", "page.html"],
            Layout::NotFound => &["404.html", "page.html"],
            Layout::Alias => &["alias.html"],
        }
    }
}

fn read_dir_into(
    root: &Path,
    dir: &Path,
    sources: &mut BTreeMap<String, TemplateSource>,
    ds: &mut Diagnostics,
) {
    if !dir.is_dir() {
        return;
    }
    // No hidden files, no links out of the site: a template could otherwise include any file.
    let (found, walk_ds) = crate::load::walk::files(root, dir);
    ds.extend(walk_ds);
    for f in found {
        let display = crate::load::content::display_path(root, &f.path);
        match crate::safe_fs::read::read_text(root, &f.path, crate::safe_fs::read::TEXT_LIMIT) {
            Ok(text) => {
                sources.insert(f.rel, TemplateSource { display, text });
            }
            Err(e) => ds.push(e.diagnostic(rule::IO, &display)),
        }
    }
}

/// `{{ text | contact_links }}`: the text escaped, its phone numbers and emails as `tel:` and
/// `mailto:` links (for report routes and local values, which partnerships write).
struct ContactLinks;

impl tera::Filter<&str, String> for ContactLinks {
    fn call(&self, value: &str, _: tera::Kwargs, _: &tera::State) -> String {
        crate::markdown::contact_links::linkify_value(value)
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// Turns Tera's error into our diagnostic, pointing at the template's file and line.
pub fn template_error(
    e: &tera::Error,
    sources: &BTreeMap<String, TemplateSource>,
    for_page: Option<&Path>,
) -> Diagnostic {
    let suffix = for_page
        .map(|p| format!(" (while rendering {})", p.display()))
        .unwrap_or_default();
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let kind = if matches!(e.kind(), ErrorKind::SyntaxError(_)) {
                "syntax error"
            } else {
                "error"
            };
            let d = Diagnostic::error(rule::TEMPLATE, format!("template {kind}: {}{suffix}", r.message()))
                .help("fix the template at the marked place; Tera's syntax is described at https://keats.github.io/tera/");
            match sources.get(r.filename()) {
                Some(src) => d.at_line_col(
                    &src.display,
                    &src.text,
                    r.span().start_line,
                    r.span().start_col + 1,
                ),
                None => d.in_file(format!("templates/{}", r.filename())),
            }
        }
        ErrorKind::MissingParent { current, parent } => {
            let d = Diagnostic::error(
                rule::TEMPLATE,
                format!(
                    "the template `{current}` extends `{parent}`, which does not exist{suffix}"
                ),
            )
            .help(format!(
                "add {parent} to the theme, or change the {{% extends %}} line"
            ));
            match sources.get(current.as_str()) {
                Some(src) => {
                    let off = src.text.find("extends").unwrap_or(0);
                    d.at_offset(&src.display, &src.text, off)
                }
                None => d,
            }
        }
        ErrorKind::TemplateNotFound(name) => Diagnostic::error(
            rule::TEMPLATE,
            format!("the template `{name}` does not exist{suffix}"),
        )
        .help(format!("add templates/{name} to the site or its theme")),
        _ => Diagnostic::error(rule::TEMPLATE, format!("template error: {e}{suffix}")),
    }
}
