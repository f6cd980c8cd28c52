//! The warnings an author should not miss on any build (overdue reviews, images without alt
//! text): `build` and `serve` show a few and point to `check`, which lists them all.

use rayon::prelude::*;

use crate::diagnostics::{rule, Diagnostic};
use crate::resolve::Site;

/// The rules of [`warnings`]: `build` shows only the first few of these.
pub const GOVERNANCE_RULES: [&str; 2] = [rule::IMAGE_ALT, rule::REVIEW_OVERDUE];

/// How many governance warnings `build` (and `serve`) print before pointing to `check`.
pub const SHOWN_WARNINGS: usize = 3;

/// A build's warnings on stderr: every problem with the site's files in full (a link leading out of
/// the site must never be hidden), then the first few governance warnings (overdue reviews, alt
/// text), which a real site can have dozens of; `check` lists them all.
pub fn print_warnings(warnings: &crate::diagnostics::Diagnostics) {
    let (governance, own): (Vec<_>, Vec<_>) = warnings
        .iter()
        .cloned()
        .partition(|d| GOVERNANCE_RULES.contains(&d.rule));
    let own: crate::diagnostics::Diagnostics = own.into_iter().collect();
    let governance: crate::diagnostics::Diagnostics = governance.into_iter().collect();
    if !own.is_empty() {
        crate::diagnostics::eprint_styled(&own.render_styled());
    }
    crate::diagnostics::eprint_styled(&governance.render_first(SHOWN_WARNINGS));
}

/// The warnings an author should not miss on any build: reviews that are overdue and images without
/// alt text. `check` runs these and every other rule; the build shows a few and points to it.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let today = crate::load::date::Date::today();
    let by_path: std::collections::HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    (0..site.pages.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            // Most pages show no image: those need no parse.
            let alt = if crate::check::rules::may_show_images(site.pages[i].src.body()) {
                crate::check::rules::body_facts(site, i, &by_path).diagnostics
            } else {
                Vec::new()
            };
            let alt = alt.into_iter().filter(|d| d.rule == rule::IMAGE_ALT);
            let review = crate::check::review::review(&site.pages[i], today, false)
                .1
                .filter(|d| d.rule == rule::REVIEW_OVERDUE);
            alt.chain(review).collect::<Vec<_>>()
        })
        .collect()
}
