//! Quality rules a build does not enforce: alt text, heading levels, summaries, duplicate titles and
//! orphan pages.

use crate::diagnostics::rule;
use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::markdown::links::LinkResolver;
use crate::markdown::{self, callouts, headings, text};
use crate::resolve::{links::PageLinks, Site};

/// What one page's Markdown tells the check.
#[derive(Debug, Default)]
pub struct BodyFacts {
    /// Prose only (paragraphs and list items, one block a line), as on the web page: facilitator
    /// notes included.
    pub prose: String,
    /// Pages this page's content links to (by index; itself excluded).
    pub links_to: Vec<usize>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads page `idx`'s body once for prose, outgoing links and images without alt text.
pub fn body_facts(site: &Site, idx: usize, by_path: &HashMap<&str, usize>) -> BodyFacts {
    let page = &site.pages[idx];
    let (events, _) = headings::assign_ids(markdown::parse(page.src.body()));
    let events = callouts::transform(events, true);
    let prose = text::collect_sections(&events)
        .into_iter()
        .map(|s| s.prose)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    let links = PageLinks { site, page };
    let mut facts = BodyFacts {
        prose,
        ..BodyFacts::default()
    };
    let at = |offset: usize| page.src.body_offset + offset;
    let mut open_image: Option<(usize, String)> = None;
    let mut block = HtmlBlock::default();
    // The level of the heading before: the page's title is the <h1>.
    let mut heading_before = 1;
    for (event, range) in &events {
        if !matches!(event, Event::Html(_)) {
            for offset in block.images_without_alt() {
                facts.diagnostics.push(raw_no_alt(page, at(offset)));
            }
        }
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                // Broken links are the build's errors; here only the pages reached matter.
                if let Ok(Some(url)) = links.resolve(dest_url) {
                    let path = url.split(['#', '?']).next().unwrap_or_default();
                    if let Some(&target) = by_path.get(path) {
                        if target != idx && !facts.links_to.contains(&target) {
                            facts.links_to.push(target);
                        }
                    }
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as usize;
                if level > heading_before + 1 {
                    facts.diagnostics.push(skipped_level(
                        page,
                        at(range.start),
                        heading_before,
                        level,
                    ));
                }
                heading_before = level;
            }
            Event::Start(Tag::Image { .. }) => open_image = Some((range.start, String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = open_image.as_mut() {
                    alt.push_str(t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((start, alt)) = open_image.take() {
                    if alt.trim().is_empty() {
                        facts.diagnostics.push(no_alt(page, at(start)).help(
                            "describe the image in the brackets: ![A parent and child looking at a tablet](family.jpg)",
                        ));
                    }
                }
            }
            Event::Html(h) => block.push(h, range.start),
            Event::InlineHtml(h) => {
                for offset in img_tags_without_alt(h) {
                    facts
                        .diagnostics
                        .push(raw_no_alt(page, at(range.start + offset)));
                }
            }
            _ => {}
        }
    }
    for offset in block.images_without_alt() {
        facts.diagnostics.push(raw_no_alt(page, at(offset)));
    }
    facts
}

/// A heading more than one level below the heading before it (the page's title counts as `#`).
/// Screen-reader users move through a page by its headings' levels, and the W3C's HTML checker
/// counts a skipped level as an error.
fn skipped_level(
    page: &crate::resolve::Page,
    offset: usize,
    before: usize,
    level: usize,
) -> Diagnostic {
    let hashes = |n: usize| "#".repeat(n);
    let what = if before == 1 {
        "the page's title".to_string()
    } else {
        format!("a `{}` heading", hashes(before))
    };
    Diagnostic::warning(
        rule::HEADING_LEVEL,
        format!(
            "this `{}` heading follows {what}, skipping a level: people who move through the page by its headings cannot tell where it belongs",
            hashes(level)
        ),
    )
    .help(format!(
        "make it `{}`, or put it under a `{}` heading",
        hashes(before + 1),
        hashes(level - 1)
    ))
    .at_offset(&page.src.display, &page.src.text, offset)
}

/// An HTML block arrives one line an event (without a list's or quote's indent): the lines are
/// read as one piece of HTML, so an `<img>` written over several lines is one tag.
#[derive(Default)]
struct HtmlBlock {
    html: String,
    /// (offset in `html`, offset in the body) where each line starts.
    lines: Vec<(usize, usize)>,
}

impl HtmlBlock {
    fn push(&mut self, line: &str, body_offset: usize) {
        self.lines.push((self.html.len(), body_offset));
        self.html.push_str(line);
    }

    /// Body offsets of the `<img>` tags without alt in the block read so far, and a fresh start.
    fn images_without_alt(&mut self) -> Vec<usize> {
        let found = img_tags_without_alt(&self.html)
            .into_iter()
            .map(|o| {
                let line = self.lines.partition_point(|&(start, _)| start <= o) - 1;
                let (start, body) = self.lines[line];
                body + (o - start)
            })
            .collect();
        *self = HtmlBlock::default();
        found
    }
}

fn raw_no_alt(page: &crate::resolve::Page, offset: usize) -> Diagnostic {
    no_alt(page, offset)
        .help("add alt=\"...\" describing the image, or alt=\"\" if it is only decoration")
}

fn no_alt(page: &crate::resolve::Page, offset: usize) -> Diagnostic {
    Diagnostic::warning(
        rule::IMAGE_ALT,
        "this image has no alt text, so people using screen readers are not told what it shows",
    )
    .at_offset(&page.src.display, &page.src.text, offset)
}

/// Whether a page body can show an image at all: an image needs Markdown's `![` or an `<img` tag
/// (in any case). A body with neither cannot have an image without alt text.
pub fn may_show_images(body: &str) -> bool {
    body.contains("![") || has_img_tag(body)
}

fn has_img_tag(html: &str) -> bool {
    html.as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"<img"))
}

/// Byte offsets of `<img>` tags with no `alt` attribute in a piece of raw HTML. (`alt=""` is an
/// author's explicit statement that an image is decoration, so it passes.) The HTML tokenizer reads
/// the tags, so `<img title=">" src=x>`, `data-alt=` or `alt` inside another value cannot fool it.
fn img_tags_without_alt(html: &str) -> Vec<usize> {
    let mut found = Vec::new();
    // Most raw HTML holds no image: skip starting the tokenizer for it.
    if !has_img_tag(html) {
        return found;
    }
    crate::html::rewrite_elements(html, "img", |el, at| {
        if !el.has_attribute("alt") {
            found.push(at);
        }
        Ok(())
    });
    found
}

/// Listings, search results and `<meta name=description>` show the summary: an empty one leaves a
/// gap. The home page is exempt (the site's description serves it).
pub fn summary(site: &Site, idx: usize) -> Option<Diagnostic> {
    let page = &site.pages[idx];
    if site.home == Some(idx) {
        return None;
    }
    let at = page.src.yaml_at();
    match page.src.fm.summary.as_deref().map(str::trim) {
        Some(s) if !s.is_empty() => None,
        Some(_) => Some(at.at_key(
            Diagnostic::warning(rule::EMPTY_SUMMARY, "the summary is empty")
                .help("write one sentence that says who the page is for and what it helps with"),
            "summary",
            None,
        )),
        None => Some(at.at_key(
            Diagnostic::warning(rule::EMPTY_SUMMARY, "this page has no summary")
                .help("add `summary:` with one sentence; listings, search results and search engines show it"),
            "title",
            None,
        )),
    }
}

/// Two pages with the same title in one audience's listing cannot be told apart.
pub fn duplicate_titles(site: &Site) -> Vec<Diagnostic> {
    // (duplicate, first) -> audience names, so a pair shared by two audiences is reported once.
    let mut pairs: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    for view in &site.audiences {
        let mut first: HashMap<String, usize> = HashMap::new();
        let mut pages = view.pages.clone();
        pages.sort_by(|&a, &b| site.pages[a].src.rel.cmp(&site.pages[b].src.rel));
        for i in pages {
            let key = site.pages[i].title().trim().to_lowercase();
            match first.get(&key) {
                Some(&f) => {
                    let name = site
                        .config
                        .audience(&view.id)
                        .map_or(view.id.clone(), |a| a.name.clone());
                    pairs.entry((i, f)).or_default().push(name);
                }
                None => {
                    first.insert(key, i);
                }
            }
        }
    }
    pairs
        .into_iter()
        .map(|((dup, first), audiences)| {
            let page = &site.pages[dup];
            page.src
                .yaml_at()
                .at_key(
                    Diagnostic::warning(
                        rule::DUPLICATE_TITLE,
                        format!(
                            "the title `{}` is also used by {} for the same audience ({})",
                            page.title(),
                            site.pages[first].src.display.display(),
                            audiences.join(", ")
                        ),
                    ),
                    "title",
                    None,
                )
                .help("give each page a title that says how it differs from the other")
        })
        .collect()
}

/// Whether a listing shows page `idx`: the home page and audience landing pages are reached from
/// every page's navigation; a page with an audience is listed on that audience's landing page; a
/// page in a section is listed on the section's page, except in the home page's folder (the home
/// page shows the audiences, not a list of pages).
fn listed(site: &Site, idx: usize) -> bool {
    let page = &site.pages[idx];
    // Each language's home page is reached from every page of it (title, switcher), and lists
    // nothing itself.
    let is_home = |i: usize| {
        let p = &site.pages[i];
        site.home_of(site.lang_of(p))
            .is_some_and(|h| std::ptr::eq(h, p))
    };
    is_home(idx)
        || page.landing_for.is_some()
        || (!page.is_section() && !page.audience.is_empty())
        || page.parent.is_some_and(|p| !is_home(p))
}

/// Pages that nothing reaches: no link from another page's content and no listing.
pub fn orphans(site: &Site, links_to: &[Vec<usize>]) -> Vec<Diagnostic> {
    let mut linked = vec![false; site.pages.len()];
    for targets in links_to {
        for &t in targets {
            linked[t] = true;
        }
    }
    (0..site.pages.len())
        .filter(|&i| !linked[i] && !listed(site, i))
        .map(|i| {
            let page = &site.pages[i];
            Diagnostic::warning(
                rule::ORPHAN_PAGE,
                format!(
                    "no page links to `{}` ({}) and no listing shows it, so readers cannot find it",
                    page.title(),
                    page.path
                ),
            )
            .in_file(&page.src.display)
            .help(format!(
                "link to it from a related page, e.g. [{}](@/{}), give it an `audience`, or move it into a section folder",
                page.title(),
                page.src.rel
            ))
        })
        .collect()
}

/// A notice for each `local:` value that pages use but site.yaml leaves unset: those pages show a
/// labelled blank. A notice, not a warning: the bundled pack itself leaves them for each
/// partnership to fill, and a new site must check clean.
pub fn unset_locals(site: &Site) -> Vec<Diagnostic> {
    let mut users: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for p in &site.pages {
        for (key, _) in markdown::locals::used(p.src.body()) {
            if let Some((k, v)) = site.config.local.get_key_value(key.as_str()) {
                if v.shown().is_none() {
                    users
                        .entry(k.as_str())
                        .or_default()
                        .push(p.src.rel.as_str());
                }
            }
        }
    }
    let text = crate::safe_fs::read::text_or_empty(&site.root, "site.yaml");
    let file = std::path::Path::new("site.yaml");
    let at = crate::load::yaml::Embedded::whole(file, &text);
    users
        .into_iter()
        .map(|(key, pages)| {
            let v = &site.config.local[key];
            let label = v.label_for(key);
            let mut hint = v.hint.clone().unwrap_or_default();
            if !hint.is_empty() {
                hint = format!(" ({hint})");
            }
            let d = Diagnostic::notice(
                rule::LOCAL_UNSET,
                format!(
                    "the local value `{key}` ({label}) is not set: {} a labelled blank ({})",
                    if pages.len() == 1 {
                        "1 page shows".to_string()
                    } else {
                        format!("{} pages show", pages.len())
                    },
                    pages.join(", ")
                ),
            )
            .help(format!(
                "add `{key}: ...` under `local:` in site.yaml{hint}"
            ));
            // At the key when this site.yaml names it, else at `local:`, else the file.
            match crate::load::yaml::find_key(&text, key)
                .or_else(|| crate::load::yaml::find_key(&text, "local"))
            {
                Some(pos) => at.at(d, pos),
                None => d.in_file(file),
            }
        })
        .collect()
}

/// A warning for each page copied from the base (`based_on:`) whose base file changed since, or
/// is gone, at its `based_on:` line.
pub fn overrides(site: &Site) -> Vec<Diagnostic> {
    use crate::load::overrides::State;
    crate::load::overrides::list(&site.root, &site.config, &site.layers, site.pages.iter().map(|p| &*p.src))
        .into_iter()
        .filter_map(|o| {
            let page = site.page_by_source(&o.rel)?;
            let path = format!("content/{}", o.rel);
            if let Some(at) = crate::load::overrides::conflict_marker(&page.src.text) {
                return Some(
                    Diagnostic::warning(
                        rule::BASE_MOVED_ON,
                        "`safeguide merge` marked a place where you and the base changed the same lines",
                    )
                    .at_offset(&page.src.display, &page.src.text, at)
                    .help(
                        "keep the words you want from between `<<<<<<< your copy` and \
                         `>>>>>>> the base now`, then delete the marker lines and `=======`",
                    ),
                );
            }
            let d = match &o.state {
                State::InStep => return None,
                State::Moved(now) => Diagnostic::warning(
                    rule::BASE_MOVED_ON,
                    format!(
                        "the base's copy of this page changed since you copied it (based_on {}, \
                         the base is now at {now})",
                        o.based_on
                    ),
                )
                .help(format!(
                    "run `safeguide merge {path}` to take the base's changes in (or `safeguide \
                     diff {path}` to see them first)"
                )),
                State::Gone => Diagnostic::warning(
                    rule::BASE_MOVED_ON,
                    "the base no longer has this page, so this copy is now the site's own",
                )
                .help("remove `based_on:` to keep it as a page of your own, or delete the file"),
            };
            Some(page.src.yaml_at().at_key(d, "based_on", None))
        })
        .collect()
}

/// Warnings for audiences that cannot work as set up: one with no pages (its landing page lists
/// nothing) and one that no `report` route is shown to (its "Report a concern" panel is empty).
pub fn audiences(site: &Site) -> Vec<Diagnostic> {
    let text = crate::safe_fs::read::text_or_empty(&site.root, "site.yaml");
    let file = std::path::Path::new("site.yaml");
    let at = crate::load::yaml::Embedded::whole(file, &text);
    let mut out = Vec::new();
    for a in &site.config.audiences {
        let empty = site.audience_view(&a.id).is_none_or(|v| v.pages.is_empty());
        if empty {
            out.push(at.at_key(
                Diagnostic::warning(
                    rule::AUDIENCE_EMPTY,
                    format!("the audience `{}` has no pages: its landing page /{}/ lists nothing", a.id, a.id),
                )
                .help(format!(
                    "add pages for it (a folder content/{}/, or `audience: [{}]` in pages' front matter), or remove the audience",
                    a.id, a.id
                )),
                "id",
                Some(&a.id),
            ));
        }
        let covered = site
            .config
            .report
            .iter()
            .any(|r| r.for_audiences.as_ref().is_none_or(|f| f.contains(&a.id)));
        if !covered {
            out.push(at.at_key(
                Diagnostic::warning(
                    rule::AUDIENCE_NO_REPORT_ROUTE,
                    format!(
                        "no `report` route is shown to the audience `{}`: its pages would offer no way to report a concern",
                        a.id
                    ),
                )
                .help(format!(
                    "add `{}` to the `for:` list of a route under `report:` in site.yaml, or add a route without `for:` (shown to everyone), e.g. Call 999 if a child is in immediate danger",
                    a.id
                )),
                "id",
                Some(&a.id),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn img_tags_need_an_alt_attribute() {
        assert_eq!(img_tags_without_alt("<p><img src=\"a.png\"></p>"), vec![3]);
        assert!(img_tags_without_alt("<img src=\"a.png\" alt=\"\">").is_empty());
        assert!(img_tags_without_alt("<IMG SRC=a.png ALT=\"A map\"/>").is_empty());
        assert_eq!(
            img_tags_without_alt("<img src=a.png alt=x><img data-alt=y>"),
            vec![21]
        );
    }

    #[test]
    fn every_way_of_showing_an_image_is_seen_before_parsing() {
        for body in [
            "![](a.png)",
            "Text\n\n> [!NOTE]\n> ![ ](a.png)\n",
            "- item ![][logo]\n\n[logo]: a.png\n",
            "<p>\n<IMG src=a.png>\n</p>",
            "inline <img\nsrc=a>",
        ] {
            assert!(may_show_images(body), "{body:?}");
        }
        for body in ["No images, only [a link](b.md) and ! [not one](c.png).", ""] {
            assert!(!may_show_images(body), "{body:?}");
        }
    }

    #[test]
    fn img_tags_are_read_as_html_not_as_text() {
        // A `>` inside a quoted value does not end the tag; the tag has no alt.
        assert_eq!(img_tags_without_alt("<img title=\">\" src=x>"), vec![0]);
        assert!(img_tags_without_alt("<img title=\">\" alt=\"A map\">").is_empty());
        // `alt` inside another attribute's value, or in a longer name, is not an alt attribute.
        assert_eq!(
            img_tags_without_alt("<img title=\"x alt=y\" src=a>"),
            vec![0]
        );
        assert_eq!(img_tags_without_alt("<img title='alt' src=a>"), vec![0]);
        assert_eq!(img_tags_without_alt("<img data-alt=\"x\">"), vec![0]);
        // Tags in comments and text are not images; multibyte text keeps byte offsets right.
        assert_eq!(
            img_tags_without_alt("<!-- <img src=a> --><p>é</p><img src=b>"),
            vec![29]
        );
        assert!(img_tags_without_alt("<p>&lt;img src=a&gt;</p><imgx src=a>").is_empty());
        // <noscript> content is shown when scripting is off: its images count.
        assert_eq!(
            img_tags_without_alt("<noscript><p>x</p><img src=a></noscript><img alt=b src=c>"),
            vec![18]
        );
        // Unclosed or odd input never panics.
        assert!(img_tags_without_alt("<img src=\"").len() <= 1, "no panic");
        assert_eq!(img_tags_without_alt("<img\nsrc=a\n>"), vec![0]);
    }
}
