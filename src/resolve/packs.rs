//! What the resolved site knows of each pack: the language it prints in and the training module
//! it presents. The plan, the packs' renderers and serve all ask these questions.

use crate::load::frontmatter::Kind;
use crate::load::packs::{item_source, Pack};

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
