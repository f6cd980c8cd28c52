//! Web addresses: a source file's URL, aliases, and the check that no two outputs share one.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashMap, HashSet};

use percent_encoding::percent_decode_str;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::config::SiteConfig;
use crate::load::packs::Pack;

use super::site::{lang_prefix, Listings, Page, Site, Tag};
use super::{encode_segment, PACKS_PATH, REPORT_PATH, SEARCH_PATH, TAGS_PATH};

/// URL path of a source file: `parents/gaming.md` -> `/parents/gaming/`, `_index.md` -> its folder.
/// Segments are lower-cased, spaces become hyphens and the rest is percent-encoded; the output
/// file is at the decoded path (`plan::file_for`).
pub fn url_for(rel: &str) -> String {
    let stem = rel.strip_suffix(".md").unwrap_or(rel);
    let path = match stem.rsplit_once('/') {
        Some((dir, "_index" | "index")) => dir.to_string(),
        None if stem == "_index" || stem == "index" => String::new(),
        _ => stem.to_string(),
    };
    let slugged: Vec<String> = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| encode_segment(&s.replace(' ', "-").to_lowercase()))
        .collect();
    if slugged.is_empty() {
        "/".to_string()
    } else {
        format!("/{}/", slugged.join("/"))
    }
}

/// Two sources for one URL would silently overwrite each other: report both. Pages are placed
/// first, then aliases, so an alias that takes a page's address is reported at the alias's line.
pub(super) fn check_unique_urls(
    pages: &[Page],
    config: &SiteConfig,
    tags: &BTreeMap<String, Tag>,
    translated: &BTreeMap<String, Listings>,
    packs: &[Pack],
    ds: &mut Diagnostics,
) -> Vec<(usize, usize)> {
    let mut bad = Vec::new();
    let mut taken: HashMap<String, String> = HashMap::new();
    for reserved in [SEARCH_PATH, REPORT_PATH, TAGS_PATH, PACKS_PATH] {
        taken.insert(
            reserved.to_string(),
            format!("safeguide's own {reserved} page"),
        );
    }
    // Files safeguide writes itself, in the folder form an alias would take (an alias is written
    // as `<alias>/index.html`, which cannot sit where the file is).
    for (file, what) in GENERATED_FILES {
        taken.insert(format!("{file}/"), format!("{what} ({file})"));
    }
    for slug in tags.keys() {
        taken.insert(
            Site::tag_path(slug),
            format!("the listing page of tag `{slug}`"),
        );
    }
    // Each other language's own generated pages, under its prefix.
    for (code, l) in translated {
        let prefix = lang_prefix(config, Some(code));
        for reserved in [SEARCH_PATH, REPORT_PATH, TAGS_PATH] {
            taken.insert(
                format!("{prefix}{reserved}"),
                format!("safeguide's own {prefix}{reserved} page"),
            );
        }
        for (file, what) in [
            ("/404.html", "the “page not found” page"),
            ("/atom.xml", "the feed of updated guidance"),
        ] {
            taken.insert(
                format!("{prefix}{file}/"),
                format!("{what} ({prefix}{file})"),
            );
        }
        for slug in l.tags.keys() {
            taken.insert(
                format!("{prefix}{}", Site::tag_path(slug)),
                format!("the listing page of tag `{slug}` in `{code}`"),
            );
        }
        for a in &l.audiences {
            if a.section.is_none() {
                taken.insert(
                    a.path.clone(),
                    format!("the landing page of audience `{}` in `{code}`", a.id),
                );
            }
        }
    }
    for p in packs {
        let pack = format!("pack {}", p.display.display());
        taken.insert(format!("{PACKS_PATH}{}/", p.id), pack.clone());
        taken.insert(
            format!("{PACKS_PATH}{}/present/", p.id),
            format!("the slide deck of {pack}"),
        );
        for e in &p.def.editions {
            let edition = e.id();
            taken.insert(
                format!("{PACKS_PATH}{}/{edition}/", p.id),
                format!("the {edition} edition of {pack}"),
            );
            taken.insert(
                format!("{PACKS_PATH}{0}/{0}-{edition}.pdf/", p.id),
                format!("the {edition} PDF of {pack}"),
            );
        }
    }
    let landing_sections: HashSet<&str> = pages
        .iter()
        .filter(|p| p.is_section())
        .map(|p| p.path.as_str())
        .collect();
    for a in &config.audiences {
        let path = format!("/{}/", a.id);
        if !landing_sections.contains(path.as_str()) {
            taken.insert(path, format!("the landing page of audience `{}`", a.id));
        }
    }
    // A page's own description is made only when another claims its address.
    let mut page_at: HashMap<&str, usize> = HashMap::with_capacity(pages.len());
    for (i, p) in pages.iter().enumerate() {
        let other = claimed(&taken, &page_at, pages, &p.path);
        if let Some(other) = other {
            ds.push(
                Diagnostic::error(
                    rule::DUPLICATE_URL,
                    format!(
                        "this page would be published at {}, which {other} already uses",
                        p.path
                    ),
                )
                .at_offset(&p.src.display, &p.src.text, 0)
                .help("rename or move one of the two files so each has its own web address"),
            );
        } else {
            page_at.insert(&p.path, i);
        }
    }

    for (i, p) in pages.iter().enumerate() {
        let at = p.src.yaml_at();
        for (nth, alias) in p.src.fm.aliases.iter().enumerate() {
            let point = |d: Diagnostic| at.at_list_item(d, "aliases", alias, nth);
            if let Some(why) = alias_problem(alias) {
                ds.push(point(
                    Diagnostic::error(rule::ALIAS, format!("the alias `{alias}` {why}"))
                        .help("write the old address's path, for example /old/gaming/"),
                ));
                bad.push((i, nth));
                continue;
            }
            let path = normalise_alias(alias);
            let other = claimed(&taken, &page_at, pages, &path);
            if let Some(other) = other {
                let what = if other.starts_with("an alias") || other.starts_with("the page") {
                    "move the page that uses that address, or remove the alias"
                } else {
                    "safeguide makes that address itself: remove the alias"
                };
                ds.push(point(
                    Diagnostic::error(
                        rule::DUPLICATE_URL,
                        format!("the alias {alias} is already used by {other}"),
                    )
                    .help(what),
                ));
                bad.push((i, nth));
            } else {
                taken.insert(path, format!("an alias in {}", p.src.display.display()));
            }
        }
    }
    bad
}

/// What already uses the address `path`, if anything: a name in `taken`, or a page's address
/// (`page_at`), described only when asked.
fn claimed(
    taken: &HashMap<String, String>,
    page_at: &HashMap<&str, usize>,
    pages: &[Page],
    path: &str,
) -> Option<String> {
    taken.get(path).cloned().or_else(|| {
        page_at
            .get(path)
            .map(|&o| format!("the page {}", pages[o].src.display.display()))
    })
}

/// Files at the top of the output that safeguide generates, with what they are.
const GENERATED_FILES: [(&str, &str); 7] = [
    ("/404.html", "the “page not found” page"),
    ("/404", "the “page not found” page"),
    ("/sitemap.xml", "the site map"),
    ("/atom.xml", "the feed of updated guidance"),
    ("/robots.txt", "the file for search engines"),
    ("/highlight.css", "the code highlighting stylesheet"),
    ("/search/index.js", "the search index"),
];

/// `old/page` and `/old/page.html` style aliases as a folder path `/old/page/`, each segment
/// percent-encoded the way [`url_for`] encodes (an alias written encoded or not is the same URL).
pub fn normalise_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_matches('/');
    let trimmed = trimmed
        .strip_suffix("/index.html")
        .or_else(|| trimmed.strip_suffix(".html"))
        .unwrap_or(trimmed);
    let segments: Vec<String> = trimmed
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| encode_segment(&percent_decode_str(s).decode_utf8_lossy()))
        .collect();
    if segments.is_empty() {
        "/".into()
    } else {
        format!("/{}/", segments.join("/"))
    }
}

/// Why an alias cannot be a path in the output, if it cannot: the redirect page is written at
/// the alias, so it must stay inside the output folder and be a plain site path.
pub(super) fn alias_problem(alias: &str) -> Option<&'static str> {
    let a = alias.trim();
    if a.contains("://") || a.starts_with("//") {
        return Some("is a full web address; an alias is a path on this site, like /old/page/");
    }
    if a.contains(['?', '#']) {
        return Some("has a query or #fragment; an alias is a path on this site, like /old/page/");
    }
    for segment in a.split('/') {
        let decoded = percent_decode_str(segment).decode_utf8_lossy();
        if decoded == "." || decoded == ".." {
            return Some(
                "contains a `.` or `..` step; write the path as it appears in the address",
            );
        }
        if decoded.contains(['/', '\\']) || decoded.chars().any(char::is_control) {
            return Some("contains a slash, backslash or control character inside a folder name");
        }
    }
    None
}
