//! Which pages link to a page, for serve to render again when that page's headings change.

use pulldown_cmark::{Event, Tag};
use rayon::prelude::*;

use crate::markdown::links::LinkResolver;
use crate::resolve::{links::PageLinks, Page, Site};

/// Pages that may link to page `i`: a superset, since rendering them does the real link check.
/// A page is in it when its text names the target's file (or its URL's last part) as written,
/// which is cheap; or, when its text may spell a link another way (percent-encoded, an entity,
/// a backslash escape, a local value), when one of its links, read and resolved as the render
/// reads them, lands on the target or cannot be resolved at all.
pub fn linking_to(site: &Site, i: usize) -> Vec<usize> {
    let target = &site.pages[i];
    let rel = target.src.rel.as_str();
    let name = rel.rsplit('/').next().unwrap_or(rel);
    let needle = match name {
        "_index.md" | "index.md" => target.path.trim_end_matches('/').rsplit('/').next(),
        _ => name.strip_suffix(".md"),
    }
    .filter(|n| !n.is_empty());
    let Some(needle) = needle else {
        // The home page: any page may link to "/".
        return (0..site.pages.len()).collect();
    };
    site.pages
        .par_iter()
        .enumerate()
        .filter(|(j, p)| {
            let body = p.src.body();
            *j != i
                && (body.contains(needle)
                    || body.contains("{{")
                    || (body.contains(['%', '&', '\\']) && links_reach(site, p, target)))
        })
        .map(|(j, _)| j)
        .collect()
}

/// Whether a link of `page` resolves to `target`'s page (whatever its anchor), or fails to
/// resolve: its error may be about the target.
fn links_reach(site: &Site, page: &Page, target: &Page) -> bool {
    let links = PageLinks { site, page };
    crate::markdown::parse(page.src.body())
        .into_iter()
        .any(|(event, _)| {
            let dest = match &event {
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => dest_url,
                _ => return false,
            };
            // The page it lands on, without the anchor that may now be missing.
            let page_part = dest.split('#').next().unwrap_or_default();
            match links.resolve(page_part) {
                Ok(Some(url)) => url.split(['?', '#']).next() == Some(target.path.as_str()),
                Ok(None) => false,
                Err(_) => true,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(pages: &[(&str, &str)]) -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("site.yaml"),
            "title: T\nbase_url: https://example.org/\naudiences:\n  - id: parents\n    name: Parents\n",
        )
        .unwrap();
        for (rel, text) in pages {
            let p = dir.path().join("content").join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let opts = crate::pipeline::BuildOptions {
            root: dir.path().to_path_buf(),
            ..Default::default()
        };
        let (site, _, _) = crate::pipeline::load_site(&opts).expect("loads");
        (dir, site)
    }

    fn page(title: &str, body: &str) -> String {
        format!("---\ntitle: {title}\nsummary: S.\naudience: [parents]\n---\n{body}\n")
    }

    #[test]
    fn links_spelled_another_way_are_found_and_unrelated_pages_are_not() {
        let (_dir, site) = site_with(&[
            ("screen time.md", &page("Screen", "## Agree the limits")),
            ("a.md", &page("A", "[x](screen%20time.md#agree-the-limits)")),
            ("b.md", &page("B", "[x](screen&#32;time.md)")),
            ("c.md", &page("C", "[x](other.md) costs 50% & more")),
            ("d.md", &page("D", "Nothing here.")),
            ("other.md", &page("Other", "Text.")),
        ]);
        let target = site.page_by_source("screen time.md").expect("page");
        let i = site.by_source["screen time.md"];
        assert_eq!(target.src.rel, "screen time.md");
        let mut found: Vec<&str> = linking_to(&site, i)
            .into_iter()
            .map(|j| site.pages[j].src.rel.as_str())
            .collect();
        found.sort();
        assert_eq!(found, ["a.md", "b.md"]);
    }
}
