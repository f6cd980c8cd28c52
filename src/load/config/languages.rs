//! `languages:` in site.yaml, and which language each content file's text is in.
//!
//! A page's `lang` must be the language of its text. Files are named by the site's own scheme
//! (`x.md` in the main language, `x.cy.md` in Welsh); a base written in another main language
//! (the bundled pack is English) is re-keyed into that scheme as it is read, so on a Welsh-main
//! site the base's `x.md` is the English `x.en-GB.md` and its Welsh draft `x.cy.md` is `x.md`.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{is_slug, SiteConfig};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::yaml::Embedded;

/// One of `languages:`: `{ code: cy, name: Cymraeg }`, or just `cy` for a language whose name
/// safeguide knows (see [`known_name`]).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Language {
    /// A language tag (`en-GB`, `cy`): `lang` on pages, `hreflang`, and for every language but
    /// the main one the file suffix (`name.cy.md`) and the URL prefix (`/cy/`).
    pub code: String,
    /// The language's name in itself (`Cymraeg`), as the language switcher shows it.
    pub name: String,
    /// `check` warns about a page with no counterpart in this language.
    pub required: bool,
}

/// The long form, checked strictly (a misspelt key is an error naming it).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LongForm {
    code: String,
    name: String,
    #[serde(default)]
    required: bool,
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match serde_yaml::Value::deserialize(d)? {
            serde_yaml::Value::String(code) => Ok(Language {
                // An unknown code keeps an empty name, which `check_languages` reports.
                name: known_name(&code).unwrap_or_default().to_string(),
                code,
                required: false,
            }),
            other => {
                let l = LongForm::deserialize(other).map_err(D::Error::custom)?;
                Ok(Language {
                    code: l.code,
                    name: l.name,
                    required: l.required,
                })
            }
        }
    }
}

/// The name in itself of a language the short form may name.
pub fn known_name(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or(code).to_ascii_lowercase();
    Some(match primary.as_str() {
        "en" => "English",
        "cy" => "Cymraeg",
        "gd" => "Gàidhlig",
        "ga" => "Gaeilge",
        "kw" => "Kernewek",
        "pl" => "Polski",
        "ur" => "اردو",
        "pa" => "ਪੰਜਾਬੀ",
        "ro" => "Română",
        _ => return None,
    })
}

impl Language {
    /// The URL prefix of its pages (`/cy`); empty for the main language.
    pub fn prefix(&self, main: bool) -> String {
        if main {
            String::new()
        } else {
            format!("/{}", self.code.to_lowercase())
        }
    }
}

/// The site's language whose tag is `code`, or shares its primary subtag (`en` for `en-GB`).
pub fn site_code_for<'c>(config: &'c SiteConfig, code: &str) -> Option<&'c str> {
    let primary = |c: &str| c.split('-').next().unwrap_or(c).to_ascii_lowercase();
    config
        .languages
        .iter()
        .find(|l| same_tag(&l.code, code))
        .or_else(|| {
            config
                .languages
                .iter()
                .find(|l| primary(&l.code) == primary(code))
        })
        .map(|l| l.code.as_str())
}

/// The name in the site's scheme of the base's content file `rel`, for a base whose main
/// language is `base_lang`. Unchanged when the site's main language is the base's.
pub fn rekey_base(config: &SiteConfig, base_lang: &str, rel: &str) -> String {
    let main = config.main_language();
    let Some(base_code) = site_code_for(config, base_lang) else {
        return rel.to_string();
    };
    if base_code == main || !rel.ends_with(".md") {
        return rel.to_string();
    }
    let stem = &rel[..rel.len() - 3];
    if let Some((name, suffix)) = stem.rsplit_once('.') {
        if same_tag(suffix, main) && !suffix.contains('/') {
            // The base's translation into this site's main language is its main-language page.
            return format!("{name}.md");
        }
        if !suffix.contains('/') && is_translation_suffix(suffix) {
            // Another translation, or one into a language the site does not list.
            return rel.to_string();
        }
    }
    format!("{stem}.{base_code}.md")
}

/// The base's name for the site's own content file `rel` (the inverse of [`rekey_base`]): what
/// the site's copy of a base page lies over.
pub fn base_name_of(config: &SiteConfig, rel: &str) -> String {
    let Some(base) = config.base_language.as_deref() else {
        return rel.to_string();
    };
    let main = config.main_language();
    match site_code_for(config, base) {
        Some(code) if code != main => {
            if let Some(stem) = rel.strip_suffix(&format!(".{code}.md")) {
                format!("{stem}.md")
            } else if rekey_base(config, base, rel) == rel {
                // Another language's file, named alike in both schemes.
                rel.to_string()
            } else {
                format!("{}.{main}.md", rel.trim_end_matches(".md"))
            }
        }
        _ => rel.to_string(),
    }
}

/// The language of a base's pack that names none: the base's, when the site lists it and it is
/// not the site's main language (None: the main language).
pub fn base_pack_lang(config: &SiteConfig) -> Option<String> {
    let base = config.base_language.as_deref()?;
    let code = site_code_for(config, base)?;
    (code != config.main_language()).then(|| code.to_string())
}

/// Audience names and report routes as the site's main language shows them. A base written in
/// another language (the bundled pack's site.yaml is English, with `translations: cy:`) gives
/// its words in its own language: on a Welsh-main site its Welsh words become the main ones and
/// its English words the English translation, as its pages are re-keyed.
pub fn rekey_words(config: &mut SiteConfig) {
    let Some(base) = config.base_language.clone() else {
        return;
    };
    let main = config.main_language().to_string();
    let Some(base_code) = site_code_for(config, &base).map(str::to_string) else {
        return;
    };
    if base_code == main {
        return;
    }
    for a in &mut config.audiences {
        if let Some(w) = take_by_tag(&mut a.translations, &main) {
            let old = super::AudienceWords {
                name: Some(a.name.clone()),
                description: a.description.clone(),
            };
            a.name = w.name.unwrap_or_else(|| a.name.clone());
            a.description = w.description.or_else(|| a.description.clone());
            a.translations.insert(base_code.clone(), old);
        }
    }
    for r in &mut config.report {
        if let Some(w) = take_by_tag(&mut r.translations, &main) {
            let old = super::RouteWords {
                label: Some(r.label.clone()),
                description: r.description.clone(),
            };
            r.label = w.label.unwrap_or_else(|| r.label.clone());
            r.description = w.description.or_else(|| r.description.clone());
            r.translations.insert(base_code.clone(), old);
        }
    }
}

/// How the site names each layer's content files: its own as they are, a base's re-keyed by
/// [`rekey_base`].
pub fn content_key(config: &SiteConfig) -> impl Fn(usize, &str) -> String + '_ {
    move |layer, rel| match (&config.base_language, layer) {
        (Some(base), l) if l > 0 => rekey_base(config, base, rel),
        _ => rel.to_string(),
    }
}

/// The main language of a site.yaml's settings (a base's, before the site's own are laid over).
pub fn main_language_of(m: &serde_yaml::Mapping) -> String {
    let first = m
        .get("languages")
        .and_then(|v| v.as_sequence())
        .and_then(|s| s.first())
        .and_then(|l| {
            l.as_str()
                .or_else(|| l.get("code").and_then(|c| c.as_str()))
        });
    first
        .or_else(|| m.get("language").and_then(|v| v.as_str()))
        .unwrap_or("en-GB")
        .to_string()
}

/// `languages:`: tags that can name a file and a folder, each once.
pub fn check_languages(config: &SiteConfig, at: Embedded<'_>, ds: &mut Diagnostics) {
    let mut seen = HashSet::new();
    for (i, l) in config.languages.iter().enumerate() {
        if !is_language_tag(&l.code) {
            ds.push(
                at.at_key(
                    Diagnostic::error(rule::CONFIG, format!("`{}` is not a language tag", l.code))
                        .help("use a tag like en-GB or cy: letters, then parts joined by hyphens"),
                    "code",
                    Some(&l.code),
                ),
            );
        } else if i > 0 && !is_slug(&l.code.to_lowercase()) {
            ds.push(at.at_key(
                Diagnostic::error(rule::CONFIG, format!("`{}` cannot name a folder", l.code)),
                "code",
                Some(&l.code),
            ));
        }
        if !seen.insert(l.code.to_lowercase()) {
            ds.push(
                at.at_key(
                    Diagnostic::error(
                        rule::CONFIG,
                        format!("the language `{}` is listed twice", l.code),
                    )
                    .help("list each language once under `languages:`, the main one first"),
                    "code",
                    Some(&l.code),
                ),
            );
        }
        if l.name.trim().is_empty() {
            ds.push(
                at.at_key(
                    Diagnostic::error(
                        rule::CONFIG,
                        format!("the language `{}` has no name", l.code),
                    )
                    .help(format!(
                        "give the language's name in itself, e.g. `- {{ code: {}, name: ... }}`",
                        l.code
                    )),
                    "languages",
                    None,
                ),
            );
        }
    }
    if config.languages.len() == 1 {
        ds.push(at.at_key(
            Diagnostic::error(rule::CONFIG, "`languages:` lists only one language")
                .help("list the main language first and then each translation's (e.g. cy), or use `language:` for a site in one language"),
            "languages",
            None,
        ));
    }
}

/// The one rule for language tags (`cy`, `en-GB`, `pt-BR`): BCP 47's shape, a primary subtag of
/// 2-3 letters, then subtags of 1-8 letters or digits after hyphens. Case carries no meaning in a
/// tag (BCP 47, section 2.1.1): `en-GB` and `en-gb` are one language, so compare tags with
/// [`same_tag`], never `==`.
pub fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let first = parts.next().unwrap_or_default();
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Whether two language tags name the same language: tags compare without regard to case.
pub fn same_tag(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Whether a file name's last suffix (`cy` in `gaming.cy.md`) is taken for a translation's
/// language when the site does not list it: a language tag whose primary subtag has two letters.
/// Three-letter primaries are left out: `faq.old.md` beside `faq.md` is an old copy far more
/// often than a page in Old English.
pub fn is_translation_suffix(code: &str) -> bool {
    is_language_tag(code) && code.split('-').next().is_some_and(|p| p.len() == 2)
}

/// The entry of `map` (words by language, as site.yaml's `translations:`) for the language `code`,
/// whatever case its key is written in.
pub fn by_tag<'m, V>(map: &'m BTreeMap<String, V>, code: &str) -> Option<&'m V> {
    map.get(code)
        .or_else(|| map.iter().find(|(k, _)| same_tag(k, code)).map(|(_, v)| v))
}

/// [`by_tag`], taking the entry out of `map`.
fn take_by_tag<V>(map: &mut BTreeMap<String, V>, code: &str) -> Option<V> {
    let key = map.keys().find(|k| same_tag(k, code))?.clone();
    map.remove(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(yaml: &str) -> SiteConfig {
        SiteConfig::parse(yaml, std::path::Path::new("site.yaml")).expect("parses")
    }

    #[test]
    fn the_short_form_names_known_languages() {
        let c = site("title: T\nbase_url: https://x.org/\nlanguages: [cy, en-GB]\n");
        assert_eq!(c.main_language(), "cy");
        assert_eq!(c.languages[0].name, "Cymraeg");
        assert_eq!(c.languages[1].name, "English");
        let bad = SiteConfig::parse(
            "title: T\nbase_url: https://x.org/\nlanguages: [cy, xx]\n",
            std::path::Path::new("site.yaml"),
        );
        assert!(bad.is_err());
    }

    #[test]
    fn an_english_base_is_re_keyed_into_a_welsh_main_site() {
        let c = site("title: T\nbase_url: https://x.org/\nlanguages: [cy, en-GB]\n");
        assert_eq!(rekey_base(&c, "en-GB", "a/b.md"), "a/b.en-GB.md");
        assert_eq!(rekey_base(&c, "en-GB", "a/b.cy.md"), "a/b.md");
        assert_eq!(rekey_base(&c, "en-GB", "_index.cy.md"), "_index.md");
        assert_eq!(rekey_base(&c, "en-GB", "a/b.fr.md"), "a/b.fr.md");
        assert_eq!(
            rekey_base(&c, "en-GB", "a/faq.old.md"),
            "a/faq.old.en-GB.md"
        );
        let mut keyed = c.clone();
        keyed.base_language = Some("en-GB".into());
        for base in ["a/b.md", "a/b.cy.md", "a/b.fr.md"] {
            let own = rekey_base(&keyed, "en-GB", base);
            assert_eq!(base_name_of(&keyed, &own), base, "{own}");
        }
        let en = site("title: T\nbase_url: https://x.org/\nlanguages: [en-GB, cy]\n");
        for rel in ["a/b.md", "a/b.cy.md"] {
            assert_eq!(rekey_base(&en, "en-GB", rel), rel);
        }
    }

    #[test]
    fn language_tags_have_one_rule_and_compare_without_case() {
        for tag in [
            "cy",
            "en-GB",
            "en-gb",
            "EN-GB",
            "pt-BR",
            "sgn-BE-FR",
            "zh-Hant-TW",
        ] {
            assert!(is_language_tag(tag), "{tag}");
        }
        for not in ["", "e", "english", "en_GB", "en-", "en-toolongsubtag", "c1"] {
            assert!(!is_language_tag(not), "{not}");
        }
        assert!(same_tag("en-GB", "en-gb") && !same_tag("en-GB", "en"));
        // A file suffix is taken for a language only with a two-letter primary subtag.
        assert!(is_translation_suffix("cy") && is_translation_suffix("CY"));
        assert!(!is_translation_suffix("old") && !is_translation_suffix("draft"));
        let c = site("title: T\nbase_url: https://x.org/\nlanguages: [en-GB, cy]\n");
        assert_eq!(c.language("EN-gb").map(|l| l.code.as_str()), Some("en-GB"));
        assert_eq!(
            c.translation_lang("a/b.CY.md").map(|l| l.code.as_str()),
            Some("cy")
        );
        let words = BTreeMap::from([("CY".to_string(), 1)]);
        assert_eq!(by_tag(&words, "cy"), Some(&1));
    }
}
