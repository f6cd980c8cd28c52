//! Hide that works: a page of the base that links to a page the site hides (or leaves out as
//! written for other nations) keeps its words, the link turned into plain text (see
//! `resolve::links`), and the build says once which links those are, so that a web officer hiding
//! one page does not have to override every page linking to it.

use pulldown_cmark::{Event, Tag};

use super::links::PageLinks;
use super::Site;
use crate::diagnostics::{rule, Diagnostic};
use crate::markdown::links::LinkResolver;

/// One notice listing every link of a base page to a hidden page, or none.
pub fn notice(site: &Site) -> Option<Diagnostic> {
    if site.hidden.is_empty() && site.other_nations.is_empty() {
        return None;
    }
    let mut found: Vec<String> = Vec::new();
    for page in site.pages.iter().filter(|p| p.src.from_base) {
        let links = PageLinks { site, page };
        for (event, _) in crate::markdown::parse(page.src.body()) {
            let Event::Start(Tag::Link { dest_url, .. }) = event else {
                continue;
            };
            if let Err(e) = links.resolve(&dest_url) {
                if e.rule == rule::UNLINKED_HIDDEN {
                    let line = format!("{} -> {}", page.src.display.display(), e.message);
                    if !found.contains(&line) {
                        found.push(line);
                    }
                }
            }
        }
    }
    if found.is_empty() {
        return None;
    }
    Some(
        Diagnostic::notice(
            rule::UNLINKED_HIDDEN,
            format!(
                "{} in base pages {} to pages this site leaves out (hidden in site.yaml, or for other nations), shown as plain text: {}",
                if found.len() == 1 {
                    "1 link".to_string()
                } else {
                    format!("{} links", found.len())
                },
                if found.len() == 1 { "points" } else { "point" },
                found.join("; ")
            ),
        )
        .in_file("site.yaml")
        .help(
            "nothing to do if plain text is right; to link elsewhere, copy the linking page into \
             the site with `safeguide override PATH` and edit it, or take a hidden page out of \
             `hide:`",
        ),
    )
}
