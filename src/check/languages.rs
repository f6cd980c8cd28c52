//! Translations on a site with `languages:`: a page with no counterpart in a `required` language,
//! and counterparts whose `updated` dates are far apart (the translation may be stale).

use crate::diagnostics::rule;
use std::collections::BTreeMap;

use crate::diagnostics::Diagnostic;
use crate::resolve::{untranslated_rel, Site};

/// Counterparts whose `updated` dates are more than this many days apart get a warning.
pub const STALE_DAYS: i64 = 180;

/// The Flesch-Kincaid formula behind the reading age is for English: pages in any other language
/// (`cy`) are not scored.
pub fn scored_language(code: &str) -> bool {
    let lower = code.to_ascii_lowercase();
    lower == "en" || lower.starts_with("en-")
}

/// A notice for each translation left out of the site because site.yaml does not list its
/// language (see `resolve::unlisted_translation`): on purpose in a pack that ships Welsh pages.
pub fn unlisted(site: &Site) -> Vec<Diagnostic> {
    site.unlisted_translations
        .iter()
        .map(|u| {
            Diagnostic::notice(
                rule::TRANSLATION_UNLISTED,
                format!(
                    "this is a translation into `{}`, which site.yaml does not list under \
                     `languages:`, so it is not published",
                    u.code
                ),
            )
            .in_file(&u.display)
            .help(format!(
                "to publish it, list the language in site.yaml, e.g. `languages: [{{ code: {}, \
                 name: English }}, {{ code: {}, name: ... }}]`",
                site.config.main_language(),
                u.code
            ))
        })
        .collect()
}

/// The pages of each group of counterparts (a page and its translations), by index.
fn groups(site: &Site) -> BTreeMap<String, Vec<usize>> {
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, p) in site.pages.iter().enumerate() {
        groups
            .entry(untranslated_rel(&p.src.rel, p.lang.as_deref()))
            .or_default()
            .push(i);
    }
    groups
}

/// The language a group of counterparts was written in: the base's for a page of the base (the
/// bundled pack is English, whatever the site's main language), else the site's main language.
fn original_language<'s>(site: &'s Site, group: &[usize]) -> &'s str {
    let main = site.config.main_language();
    let from_base = group.iter().any(|&i| {
        !site.pages[i]
            .src
            .display
            .starts_with(crate::load::content::CONTENT_DIR)
    });
    let base = site
        .config
        .base_language
        .as_deref()
        .filter(|_| from_base)
        .and_then(|b| crate::load::languages::site_code_for(&site.config, b));
    match base {
        Some(code) if group.iter().any(|&i| site.lang_of(&site.pages[i]) == code) => code,
        _ => main,
    }
}

/// Each translation (a page in another language than its group's original) with whether it
/// records a review.
fn translations(site: &Site) -> Vec<usize> {
    let mut out = Vec::new();
    for group in groups(site).into_values().filter(|g| g.len() > 1) {
        let original = original_language(site, &group);
        out.extend(
            group
                .into_iter()
                .filter(|&i| site.lang_of(&site.pages[i]) != original),
        );
    }
    out.sort_unstable();
    out
}

/// A warning for each published translation that does not say who reviewed it (`reviewed:`):
/// a draft or machine translation must not go out by accident.
pub fn unreviewed(site: &Site) -> Vec<Diagnostic> {
    translations(site)
        .into_iter()
        .map(|i| &site.pages[i])
        .filter(|p| p.src.fm.reviewed.is_none())
        .map(|page| {
            let lang = site.lang_of(page);
            let name = site.config.language(lang).map_or(lang, |l| l.name.as_str());
            page.src.yaml_at().at_key(
                Diagnostic::warning(
                    rule::TRANSLATION_UNREVIEWED,
                    format!(
                        "`{}` is a translation into {name} ({lang}) that no one has recorded reviewing",
                        page.title()
                    ),
                )
                .help(format!(
                    "once a fluent {name} speaker has checked it against its original, add \
                     `reviewed: {{ by: NAME, on: YYYY-MM-DD }}` to its front matter"
                )),
                "title",
                None,
            )
        })
        .collect()
}

/// A warning at the title line of each page with no counterpart in a `required` language.
pub fn missing(site: &Site) -> Vec<Diagnostic> {
    let required: Vec<_> = site
        .config
        .languages
        .iter()
        .filter(|l| l.required)
        .collect();
    let mut ds = Vec::new();
    if required.is_empty() {
        return ds;
    }
    for page in &site.pages {
        let lang = site.lang_of(page);
        for l in &required {
            if l.code == lang || site.counterpart(page, &l.code).is_some() {
                continue;
            }
            let want = if l.code == site.config.main_language() {
                untranslated_rel(&page.src.rel, page.lang.as_deref())
            } else {
                crate::resolve::translated_rel(
                    &untranslated_rel(&page.src.rel, page.lang.as_deref()),
                    &l.code,
                )
            };
            ds.push(
                page.src.yaml_at().at_key(
                    Diagnostic::warning(
                        rule::TRANSLATION,
                        format!(
                            "`{}` has no {} ({}) counterpart, and site.yaml marks {} as required",
                            page.title(),
                            l.name,
                            l.code,
                            l.name
                        ),
                    )
                    .help(format!(
                    "add content/{want} beside it (written or checked by a fluent speaker of {})",
                    l.name
                )),
                    "title",
                    None,
                ),
            );
        }
    }
    ds
}

/// A warning at the translation's `updated:` line when it and its main-language page were
/// updated more than [`STALE_DAYS`] apart.
pub fn stale(site: &Site) -> Vec<Diagnostic> {
    let main = site.config.main_language();
    let mut ds = Vec::new();
    for page in site.pages.iter().filter(|p| p.lang.is_some()) {
        let Some(original) = site.counterpart(page, main) else {
            continue;
        };
        let (Some(theirs), Some(ours)) = (original.src.fm.updated, page.src.fm.updated) else {
            continue;
        };
        let days = ours.days_until(theirs);
        if days.abs() <= STALE_DAYS {
            continue;
        }
        let (message, help) = if days > 0 {
            (
                format!(
                    "the translation may be stale: `{}` was updated on {}, {days} days after this translation ({})",
                    original.title(),
                    theirs.long(),
                    ours.long()
                ),
                format!(
                    "bring the translation up to date with {} and set its `updated:`",
                    original.src.display.display()
                ),
            )
        } else {
            (
                format!(
                    "the translation may be stale, or its original is: this translation was updated on {}, {} days after `{}` ({})",
                    ours.long(),
                    -days,
                    original.title(),
                    theirs.long()
                ),
                format!(
                    "check that {} says the same as this translation, and set its `updated:`",
                    original.src.display.display()
                ),
            )
        };
        ds.push(page.src.yaml_at().at_key(
            Diagnostic::warning(rule::TRANSLATION, message).help(help),
            "updated",
            None,
        ));
    }
    ds
}

/// A row of the report's translations table: one page and its counterparts.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TranslationRow {
    pub title: String,
    pub url: String,
    pub file: String,
    /// The languages the page is in, as `Name (code)`.
    pub present: Vec<String>,
    /// The `required` languages it is not in.
    pub missing: Vec<String>,
    /// Each translation's review.
    pub reviews: Vec<Review>,
}

/// A translation's review, as the report shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Review {
    /// `cy: reviewed by Siân Jones on 30 November 2026`, or `cy: not reviewed`.
    pub text: String,
    pub done: bool,
}

/// Every page with its counterparts, pages missing a required language first.
pub fn rows(site: &Site, w: &crate::render::i18n::Phrases<'_>) -> Vec<TranslationRow> {
    let langs = &site.config.languages;
    if langs.is_empty() {
        return Vec::new();
    }
    let translated = translations(site);
    let mut rows: Vec<TranslationRow> = groups(site)
        .into_values()
        .map(|idxs| {
            let in_lang: Vec<&str> = idxs.iter().map(|&i| site.lang_of(&site.pages[i])).collect();
            // The page the row names: the main-language one when there is one.
            let first = idxs
                .iter()
                .copied()
                .find(|&i| site.pages[i].lang.is_none())
                .unwrap_or(idxs[0]);
            let page = &site.pages[first];
            let reviews = idxs
                .iter()
                .filter(|&&i| translated.binary_search(&i).is_ok())
                .map(|&i| {
                    let p = &site.pages[i];
                    let code = site.lang_of(p);
                    let state = match &p.src.fm.reviewed {
                        Some(r) => {
                            w.fill("gov_reviewed", &[("by", &r.by), ("date", &w.date(r.on))])
                        }
                        None => w.get("gov_not_reviewed"),
                    };
                    Review {
                        text: format!("{code}: {state}"),
                        done: p.src.fm.reviewed.is_some(),
                    }
                })
                .collect();
            TranslationRow {
                reviews,
                title: page.title().to_string(),
                url: page.path.clone(),
                file: page.src.display.display().to_string(),
                present: langs
                    .iter()
                    .filter(|l| in_lang.contains(&l.code.as_str()))
                    .map(|l| format!("{} ({})", l.name, l.code))
                    .collect(),
                missing: langs
                    .iter()
                    .filter(|l| l.required && !in_lang.contains(&l.code.as_str()))
                    .map(|l| format!("{} ({})", l.name, l.code))
                    .collect(),
            }
        })
        .collect();
    rows.sort_by_key(|r| r.missing.is_empty());
    rows
}

#[cfg(test)]
mod tests {
    use super::scored_language;

    #[test]
    fn only_english_is_scored_for_reading_age() {
        for code in ["en", "en-GB", "EN-us"] {
            assert!(scored_language(code), "{code}");
        }
        for code in ["cy", "gd", "eng", "pl"] {
            assert!(!scored_language(code), "{code}");
        }
    }
}
