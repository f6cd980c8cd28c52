//! Translations by file name: `gaming.cy.md` is `gaming.md` in `cy`.

use std::collections::HashSet;

use crate::load::config::SiteConfig;

/// The language of `rel` when it is a translation into a language the site does not list as a
/// translation language: named `<stem>.<tag>.md`, `<tag>` shaped like a language tag (`cy`,
/// `pt-BR`; see `is_language_tag`), with `<stem>.md` beside it. Any other file is an ordinary page.
pub fn unlisted_translation(
    config: &SiteConfig,
    rel: &str,
    present: &HashSet<String>,
) -> Option<String> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if code.contains('/') || !is_language_tag(code) || config.translation_lang(rel).is_some() {
        return None;
    }
    present
        .contains(&format!("{base}.md"))
        .then(|| code.to_string())
}

/// `cy`, `gd`, `pt-BR`: a two-letter (ISO 639-1) primary language subtag, then any subtags of
/// two to eight letters or digits. Three-letter codes are left out: `faq.old.md` beside `faq.md`
/// is an old copy far more often than a page in Old English.
fn is_language_tag(code: &str) -> bool {
    let mut parts = code.split('-');
    let primary = parts.next().unwrap_or_default();
    primary.len() == 2
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The source name of the main-language page a translation is of: `a/b.cy.md` -> `a/b.md`.
pub fn untranslated_rel(rel: &str, lang: Option<&str>) -> String {
    match lang.and_then(|l| rel.strip_suffix(&format!(".{l}.md"))) {
        Some(stem) => format!("{stem}.md"),
        None => rel.to_string(),
    }
}

/// The source name of a page's translation into `code`: `a/b.md` -> `a/b.cy.md`.
pub fn translated_rel(rel: &str, code: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("{stem}.{code}.md")
}
