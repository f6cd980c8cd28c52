//! What the resolved site knows of each pack: the language it prints in and the training module
//! it presents. The plan, the packs' renderers and serve all ask these questions.

use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::load::frontmatter::Kind;
use crate::load::packs::{item_source, Pack};

use super::languages::{translated_rel, untranslated_rel};
use super::Site;

/// A pack's `lang:` when it is one of the site's other languages (else it prints in the main
/// one; resolve reports the unknown language).
pub fn pack_lang<'s>(site: &Site, pack: &'s Pack) -> Option<&'s str> {
    pack.def
        .lang
        .as_deref()
        .filter(|l| site.translated.contains_key(*l))
}

/// The training module a pack presents: its first `training` item, if it has one.
pub fn training_module(site: &Site, pack: &Pack) -> Option<usize> {
    pack.def
        .items
        .iter()
        .filter_map(|i| site.find_source(item_source(i), None))
        .find(|&p| site.pages[p].kind == Kind::Training)
}

/// A pack's `lang:` must be one of the site's languages, and its items pages of the site.
pub(super) fn check_packs(site: &Site, ds: &mut Diagnostics) {
    for pack in &site.packs {
        let at = pack.at();
        if let Some(code) = &pack.def.lang {
            if !site.translated.contains_key(code) {
                let listed: Vec<&str> = site
                    .config
                    .languages
                    .iter()
                    .skip(1)
                    .map(|l| l.code.as_str())
                    .collect();
                let help = if listed.is_empty() {
                    format!("list `{code}` under `languages:` in site.yaml, or remove `lang:` to print the pack in the site's language")
                } else {
                    format!(
                        "a pack's `lang:` is one of the site's other languages: {}",
                        listed.join(", ")
                    )
                };
                ds.push(
                    at.at_key(
                        Diagnostic::error(
                            rule::PACK,
                            format!("the pack's language `{code}` is not one site.yaml lists"),
                        )
                        .help(help),
                        "lang",
                        None,
                    ),
                );
            } else {
                // An item with no counterpart in the pack's language prints as it is.
                for item in &pack.def.items {
                    let Some(i) = site.find_source(crate::load::packs::item_source(item), None)
                    else {
                        continue;
                    };
                    let page = &site.pages[i];
                    if page.lang.as_deref() != Some(code.as_str())
                        && site.counterpart(page, code).is_none()
                    {
                        ds.push(at.at_key(
                            Diagnostic::warning(
                                rule::PACK_TRANSLATION,
                                format!(
                                    "the pack prints in `{code}`, but `{item}` has no `{code}` counterpart: it prints in {}",
                                    site.lang_of(page)
                                ),
                            )
                            .help(format!(
                                "add {} beside it, or list a page in `{code}`",
                                translated_rel(&untranslated_rel(&page.src.rel, page.lang.as_deref()), code)
                            )),
                            "items",
                            Some(item),
                        ));
                    }
                }
            }
        }
        for item in &pack.def.items {
            let rel = crate::load::packs::item_source(item);
            // A page site.yaml hides is left out of the packs that list it.
            let hidden = site.hidden.contains_key(rel);
            if site.find_source(rel, None).is_none()
                && !site.failed_sources.contains(rel)
                && !hidden
            {
                let closest = site
                    .by_source
                    .keys()
                    .map(|k| (strsim::levenshtein(rel, k), k))
                    .min()
                    .filter(|(d, _)| *d <= 6);
                let help = match closest {
                    Some((_, k)) => format!("did you mean `{k}`? Items are paths under content/"),
                    None => "items are paths of Markdown files under content/, e.g. training/staff-awareness/index.md".into(),
                };
                ds.push(
                    at.at_key(
                        Diagnostic::error(
                            rule::PACK,
                            format!("the pack item `{item}` does not exist"),
                        )
                        .help(help),
                        "items",
                        Some(item),
                    ),
                );
            }
        }
    }
}
