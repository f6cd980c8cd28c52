//! `site.yaml`: the site's settings, audiences, report routes and site-wide placeholders.

mod bases;
/// The site's languages: a child of config, since each needs the other's types.
pub mod languages;
/// `{{ local.key }}` in site.yaml text: a child of config, which reports its errors with the merge's.
pub mod local_text;
mod local_value;
/// A nation's labels for the blanks the site declares: a child of config, whose types it changes.
mod nation_words;
mod theme;

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::layers::Layers;
use super::site_merge::overlay;
use super::yaml::{self, Embedded};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const CONFIG_FILE: &str = "site.yaml";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The UK nation whose law and guidance the site follows (`england` unless set).
    #[serde(default)]
    pub nation: super::nation::Nation,
    /// Labels and hints that differ by nation (`nations: wales: placeholders: ...`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub nations: BTreeMap<super::nation::Nation, super::nation::NationWords>,
    /// The languages the site is written in, the main one first: a page's translation sits
    /// beside it as `name.<code>.md` and is published under `/<code>/`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Language>,
    #[serde(default)]
    pub audiences: Vec<Audience>,
    #[serde(default)]
    pub report: Vec<ReportRoute>,
    /// Values for placeholders, used when the site itself belongs to one school or setting.
    #[serde(default)]
    pub organisation: Option<BTreeMap<String, serde_yaml::Value>>,
    /// Blanks every policy and AUP may use, declared once.
    #[serde(default)]
    pub placeholders: BTreeMap<String, PlaceholderDecl>,
    #[serde(default)]
    pub search: SearchConfig,
    #[serde(default)]
    pub feed: FeedConfig,
    /// The site this one stands on: `default` (built in) or a path to a site folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<String>,
    /// What this site leaves out of its base: pages (by source path under content/), report
    /// routes and audiences (by id).
    #[serde(default, skip_serializing_if = "super::hide::Hide::is_empty")]
    pub hide: super::hide::Hide,
    /// `report:` replaces the base's routes instead of merging with them by id.
    #[serde(default, skip_serializing)]
    pub report_replace: bool,
    /// `audiences:` replaces the base's audiences instead of merging with them by id.
    #[serde(default, skip_serializing)]
    pub audiences_replace: bool,
    /// Local values every page may show as `{{ local.key }}`: declared (label, hint) by the base,
    /// given by the site.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub local: BTreeMap<String, LocalValue>,
    /// The partnership's logo and colour on the theme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub brand: Option<super::brand::Brand>,
    /// The main language of the base's pages (`en-GB` for the bundled pack), when the site
    /// stands on one: the language the base's unsuffixed files are in.
    #[serde(skip)]
    pub base_language: Option<String>,
}

pub use languages::Language;
pub use local_value::LocalValue;
pub use theme::theme_dir;

use bases::{base_chain, from_merged, own_base, own_mapping, read_config, REQUIRED};
use theme::{check_theme, theme_error, theme_problem};

fn default_language() -> String {
    "en-GB".into()
}

fn default_theme() -> String {
    "default".into()
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Audience {
    pub id: String,
    /// Where a site puts this entry among its base's (`before:`/`after:` an id, or `weight:`,
    /// base entries weighing 0): read by the merge, which takes them off.
    #[serde(default, skip_serializing)]
    pub before: Option<String>,
    #[serde(default, skip_serializing)]
    pub after: Option<String>,
    #[serde(default, skip_serializing)]
    pub weight: Option<f64>,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub ages: Option<[u8; 2]>,
    /// Target reading age for `check`'s readability warnings.
    #[serde(default)]
    pub reading_age: Option<f64>,
    #[serde(default)]
    pub quick_exit: bool,
    /// The name and description in each other language of the site (`cy: { name: Rhieni }`),
    /// shown on that language's pages; the main language's stand in for any left out.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, AudienceWords>,
}

/// An audience's name and description in one language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AudienceWords {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// A report route's label and description in one language.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RouteWords {
    #[serde(default)]
    pub label: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
}

/// One local value a route lists, set by the site.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub key: String,
    pub label: String,
    pub value: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReportRoute {
    /// Stable id, so that a site can replace (`id:` with the fields it changes), hide or place
    /// its own routes next to the base's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where a site puts this entry among its base's (`before:`/`after:` an id, or `weight:`,
    /// base entries weighing 0): read by the merge, which takes them off.
    #[serde(default, skip_serializing)]
    pub before: Option<String>,
    #[serde(default, skip_serializing)]
    pub after: Option<String>,
    #[serde(default, skip_serializing)]
    pub weight: Option<f64>,
    pub label: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    /// Audience ids this route is shown to; every audience when absent.
    #[serde(default, rename = "for")]
    pub for_audiences: Option<Vec<String>>,
    /// The label and description in each other language of the site.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub translations: BTreeMap<String, RouteWords>,
    /// The nations whose sites show the route (`[wales]`); every nation's when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nations: Option<Vec<super::nation::Nation>>,
    /// Local values the route lists (`[front_door_phone, lado_contact]`): each one the site sets
    /// is shown with its label; with none set, the route is left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub locals: Vec<String>,
    /// The values of `locals` the site sets, filled in after the merge.
    #[serde(default, skip_deserializing)]
    pub contacts: Vec<Contact>,
}

impl Audience {
    /// The audience's name and description in `lang` (None: the main language).
    pub fn in_language(&self, lang: Option<&str>) -> (String, Option<String>) {
        let words = lang.and_then(|l| languages::by_tag(&self.translations, l));
        (
            words
                .and_then(|w| w.name.clone())
                .unwrap_or_else(|| self.name.clone()),
            words
                .and_then(|w| w.description.clone())
                .or_else(|| self.description.clone()),
        )
    }
}

impl ReportRoute {
    /// The route as shown in `lang`: its label and description in that language when given.
    pub fn in_language(&self, lang: &str) -> ReportRoute {
        let mut r = self.clone();
        if let Some(w) = languages::by_tag(&self.translations, lang) {
            if let Some(l) = &w.label {
                r.label = l.clone();
            }
            if let Some(d) = &w.description {
                r.description = Some(d.clone());
            }
        }
        r
    }

    pub fn applies_to(&self, audiences: &[String]) -> bool {
        match &self.for_audiences {
            None => true,
            Some(f) => audiences.is_empty() || f.iter().any(|a| audiences.contains(a)),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderDecl {
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
    /// `type: date`: the value is a YYYY-MM-DD date, checked in profiles and written out in words.
    #[serde(default, rename = "type")]
    pub value_type: ValueType,
}

/// What a placeholder's value is.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ValueType {
    #[default]
    Text,
    Date,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct SearchConfig {
    #[serde(default = "yes")]
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig { enabled: true }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedConfig {
    /// How many recently updated pages the Atom feed carries.
    #[serde(default = "default_feed_limit")]
    pub limit: usize,
}

impl Default for FeedConfig {
    fn default() -> Self {
        FeedConfig {
            limit: default_feed_limit(),
        }
    }
}

fn default_feed_limit() -> usize {
    20
}

fn yes() -> bool {
    true
}

/// Turns a YAML scalar into the text a placeholder shows; `None` for an empty value.
pub fn scalar_text(v: &serde_yaml::Value) -> Option<String> {
    match v {
        serde_yaml::Value::Null => None,
        serde_yaml::Value::Bool(b) => Some(b.to_string()),
        serde_yaml::Value::Number(n) => Some(n.to_string()),
        serde_yaml::Value::String(s) if s.trim().is_empty() => None,
        serde_yaml::Value::String(s) => Some(s.clone()),
        other => serde_yaml::to_string(other)
            .ok()
            .map(|s| s.trim().to_string()),
    }
}

impl SiteConfig {
    /// Reads and validates `site.yaml` under `root`, merged with its bases'.
    pub fn load(root: &Path) -> Result<SiteConfig, Diagnostics> {
        Self::load_layered(root).map(|(c, _)| c)
    }

    /// Reads `site.yaml` under `root` and, when it names a base, the base's (and its base's): the
    /// merged settings and the layers the site's files come from.
    pub fn load_layered(root: &Path) -> Result<(SiteConfig, Layers), Diagnostics> {
        let text = read_config(root, Path::new(CONFIG_FILE))?;
        Self::load_layered_text(root, &text)
    }

    /// A site standing on the built-in pack, for a folder without site.yaml (`adapt` for a
    /// school that has no site of its own).
    pub fn load_builtin(root: &Path) -> Result<(SiteConfig, Layers), Diagnostics> {
        Self::load_layered_text(root, "base: default\n")
    }

    /// [`Self::load_layered`] with site.yaml's text given.
    fn load_layered_text(root: &Path, text: &str) -> Result<(SiteConfig, Layers), Diagnostics> {
        let display = Path::new(CONFIG_FILE);
        let base = own_base(text);
        let config = match &base {
            None => Self::parse(text, display)?,
            Some(base) => {
                let at = Embedded::whole(display, text);
                let mut visited = vec![(super::walk::canonical_root(root), PathBuf::new())];
                let mut layers = Layers::site(root);
                let merged = base_chain(root, Path::new(""), base, at, &mut visited, &mut layers)?;
                let base_language = languages::main_language_of(&merged);
                let own = own_mapping(text, at)?;
                let mut notes = Diagnostics::new();
                let merged = overlay(merged, own, at, &mut notes);
                // The merge's errors and the merged settings' together, in one report.
                let config = match from_merged(merged, at).and_then(|mut c| {
                    c.base_language = Some(base_language);
                    languages::rekey_words(&mut c);
                    validate(c, at)
                }) {
                    Ok(c) if !notes.has_errors() => c,
                    Ok(mut c) => {
                        // Unknown local keys are reported with the merge's errors, not after them.
                        notes.extend(local_text::apply(&mut c, root));
                        return Err(notes);
                    }
                    Err(e) => {
                        notes.extend(e);
                        return Err(notes);
                    }
                };
                layers.notes.extend(notes);
                check_theme(root, &config, text, display)?;
                return Ok((config, layers));
            }
        };
        check_theme(root, &config, text, display)?;
        Ok((config, Layers::site(root)))
    }

    /// The folder of the site's theme (which may not exist: `default` is built in).
    pub fn theme_dir(&self, root: &Path) -> PathBuf {
        theme_dir(root, &self.theme)
    }

    pub fn parse(text: &str, display: &Path) -> Result<SiteConfig, Diagnostics> {
        let at = Embedded::whole(display, text);
        // Every problem of site.yaml at once, key by key; the stand-ins fill the required keys.
        let config: SiteConfig =
            yaml::parse_all(text, at, "site.yaml", REQUIRED).map_err(Diagnostics::from_iter)?;
        validate(config, at)
    }

    pub fn audience(&self, id: &str) -> Option<&Audience> {
        self.audiences.iter().find(|a| a.id == id)
    }

    /// The site's main language tag: the first of `languages:`, else `language`.
    pub fn main_language(&self) -> &str {
        self.languages
            .first()
            .map_or(self.language.as_str(), |l| l.code.as_str())
    }

    /// The language a source file under content/ is in, when it is a translation: `x.cy.md`
    /// and `_index.cy.md` are in `cy` when site.yaml lists `cy` after the main language.
    pub fn translation_lang(&self, rel: &str) -> Option<&Language> {
        let stem = rel.strip_suffix(".md")?;
        let (_, suffix) = stem.rsplit_once('.')?;
        if suffix.contains('/') {
            return None;
        }
        self.languages
            .iter()
            .skip(1)
            .find(|l| languages::same_tag(&l.code, suffix))
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages
            .iter()
            .find(|l| languages::same_tag(&l.code, code))
    }

    pub fn audience_ids(&self) -> String {
        self.audiences
            .iter()
            .map(|a| a.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The layers of the site at `root` as its site.yaml names them, or the site alone when that
/// cannot be loaded (loading the site reports why): what the write rule protects.
pub fn layers_of(root: &Path) -> Layers {
    SiteConfig::load_layered(root)
        .map(|(_, layers)| layers)
        .unwrap_or_else(|_| Layers::site(root))
}

/// The checks of site.yaml that need the whole of it: audience ids, report routes, base_url, theme.
fn validate(mut config: SiteConfig, at: Embedded<'_>) -> Result<SiteConfig, Diagnostics> {
    let mut ds = Diagnostics::new();
    let mut seen = HashSet::new();
    for a in &config.audiences {
        if !seen.insert(a.id.as_str()) {
            ds.push(
                at.at_key(
                    Diagnostic::error(
                        rule::CONFIG,
                        format!("audience id `{}` is listed twice", a.id),
                    )
                    .help("give every audience its own id"),
                    "id",
                    Some(&a.id),
                ),
            );
        }
        if !is_slug(&a.id) {
            ds.push(
                at.at_key(
                    Diagnostic::error(
                        rule::CONFIG,
                        format!("audience id `{}` cannot be used in a web address", a.id),
                    )
                    .help("use lower-case letters, digits and hyphens, e.g. children-8-10"),
                    "id",
                    Some(&a.id),
                ),
            );
        }
    }
    for r in &config.report {
        if let Some(scheme) = r
            .url
            .as_deref()
            .and_then(|u| super::web_address::refused_scheme(u, false))
        {
            ds.push(at.at_key(
                Diagnostic::error(
                    rule::CONFIG,
                    format!("the report route `{}` links to a `{scheme}:` address, which could run code in the reader's browser", r.label),
                )
                .help("give a web page (https://...), a page of this site (/report/), mailto: or tel:"),
                "url",
                r.url.as_deref(),
            ));
        }
        for id in r.for_audiences.iter().flatten() {
            if !seen.contains(id.as_str()) {
                ds.push(unknown_audience(at, "for", id, &config));
            }
        }
    }
    match super::web_address::parse_base_url(&config.base_url) {
        Ok(url) => config.base_url = url,
        Err(e) => ds.push(at.at_key(
            Diagnostic::error(rule::CONFIG, format!("base_url {e}")).help(super::web_address::HELP),
            "base_url",
            None,
        )),
    }
    if let Some(why) = theme_problem(&config.theme) {
        ds.push(theme_error(at, &config.theme, why));
    }
    if let Some(brand) = &config.brand {
        ds.extend(super::brand::check_colour(brand, at));
    }
    languages::check_languages(&config, at, &mut ds);
    ds.extend(local_value::problems(&config, at));
    ds.extend(nation_words::apply_words(&mut config, at));
    // A route for another nation's children (Meic is for Wales) is not this site's.
    let nation = config.nation;
    config
        .report
        .retain(|r| r.nations.as_ref().is_none_or(|n| n.contains(&nation)));
    if ds.has_errors() {
        Err(ds)
    } else {
        Ok(config)
    }
}

/// The error for an audience id not in site.yaml, with the closest id as a suggestion.
pub fn unknown_audience(at: Embedded<'_>, key: &str, id: &str, config: &SiteConfig) -> Diagnostic {
    let closest = config
        .audiences
        .iter()
        .map(|a| (strsim::levenshtein(id, &a.id), a.id.as_str()))
        .min()
        .filter(|(d, _)| *d <= 3);
    let help = match closest {
        Some((_, c)) => format!("did you mean `{c}`? Audiences are defined in site.yaml"),
        None if config.audiences.is_empty() => {
            "define audiences under `audiences:` in site.yaml".into()
        }
        None => format!(
            "use one of the audiences defined in site.yaml: {}",
            config.audience_ids()
        ),
    };
    at.at_key(
        Diagnostic::error(rule::UNKNOWN_AUDIENCE, format!("unknown audience `{id}`")).help(help),
        key,
        Some(id),
    )
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
