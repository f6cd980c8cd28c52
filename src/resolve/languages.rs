//! Translations by file name: `gaming.cy.md` is `gaming.md` in `cy`.

use std::collections::HashSet;

use crate::load::config::languages::{is_translation_suffix, same_tag};
use crate::load::config::SiteConfig;

/// The language of `rel` when it is a translation into a language the site does not list as a
/// translation language: named `<stem>.<tag>.md`, `<tag>` shaped like a language tag (`cy`,
/// `pt-BR`; see `languages::is_translation_suffix`), with `<stem>.md` beside it. Any other file is an ordinary page.
pub fn unlisted_translation(
    config: &SiteConfig,
    rel: &str,
    present: &HashSet<&str>,
) -> Option<String> {
    let stem = rel.strip_suffix(".md")?;
    let (base, code) = stem.rsplit_once('.')?;
    if code.contains('/') || !is_translation_suffix(code) || config.translation_lang(rel).is_some()
    {
        return None;
    }
    present
        .contains(format!("{base}.md").as_str())
        .then(|| code.to_string())
}

/// The source name of the main-language page a translation is of: `a/b.cy.md` -> `a/b.md`.
pub fn untranslated_rel(rel: &str, lang: Option<&str>) -> String {
    let stem = rel.strip_suffix(".md");
    match (lang, stem.and_then(|s| s.rsplit_once('.'))) {
        // The file may spell its tag in another case than site.yaml (`a/b.CY.md`).
        (Some(l), Some((base, code))) if same_tag(code, l) && !code.contains('/') => {
            format!("{base}.md")
        }
        _ => rel.to_string(),
    }
}

/// The source name of a page's translation into `code`: `a/b.md` -> `a/b.cy.md`.
pub fn translated_rel(rel: &str, code: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    format!("{stem}.{code}.md")
}
