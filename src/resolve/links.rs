//! Resolves links written to source files (`../parents/gaming.md#consoles`, `@/parents/gaming.md`)
//! into URLs, for one page at a time.

use crate::diagnostics::rule;
use crate::markdown::links::{is_external, join_relative, LinkError, LinkResolver};

use super::{Page, Site};

pub struct PageLinks<'a> {
    pub site: &'a Site,
    pub page: &'a Page,
}

impl LinkResolver for PageLinks<'_> {
    fn resolve(&self, dest: &str) -> Result<Option<String>, LinkError> {
        if dest.is_empty() || is_external(dest) {
            return Ok(None);
        }
        let (path, anchor) = match dest.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (dest, None),
        };
        // `#anchor` on the same page.
        if path.is_empty() {
            let anchor = anchor.unwrap_or_default();
            return if anchor.is_empty() || self.page.anchors.contains(anchor) {
                Ok(None)
            } else {
                Err(missing_anchor(anchor, self.page))
            };
        }
        let (path, query) = match path.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (path, None),
        };
        // A file name with `?`, `#` or spaces can only be written percent-encoded in a link
        // (`what%3F%23x.md`): the decoded name is tried when the name as written is not there.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let mut candidates = vec![path];
        if decoded != path {
            candidates.push(&decoded);
        }
        let rels: Vec<Option<String>> = candidates
            .iter()
            .map(|path| {
                if let Some(from_root) = path.strip_prefix("@/") {
                    // Normalised like a relative link, so `@/../x` cannot leave content/.
                    join_relative("", from_root)
                } else {
                    join_relative(self.page.src.dir(), path)
                }
            })
            .collect();
        let exists = |rel: &String| {
            self.site
                .find_source(rel, self.page.lang.as_deref())
                .is_some()
                || self.site.failed_sources.contains(rel)
                || self.content_file_exists(rel)
        };
        let target_rel = rels
            .iter()
            .flatten()
            .find(|r| exists(r))
            .or(rels[0].as_ref())
            .cloned();
        let Some(rel) = target_rel else {
            return Err(LinkError {
                rule: rule::BROKEN_LINK,
                message: format!("the link `{dest}` points outside the content folder"),
                help: "link to files inside content/, e.g. ../parents/gaming.md or @/parents/gaming.md".into(),
            });
        };
        if rel.ends_with(".md") {
            if self.site.failed_sources.contains(&rel) {
                // Its own error is already reported.
                return Ok(None);
            }
            let found = self.site.find_source(&rel, self.page.lang.as_deref());
            let Some(target) = found.map(|i| &self.site.pages[i]) else {
                if let Some(file) = self.site.hidden.get(&rel) {
                    // The base's own pages link to what the site hides: those links become
                    // plain text, named once by `unlinked::notice`, not errors to fix.
                    if self.page.src.from_base {
                        return Err(LinkError {
                            rule: rule::UNLINKED_HIDDEN,
                            message: format!("content/{rel}"),
                            help: String::new(),
                        });
                    }
                    return Err(LinkError {
                        rule: rule::HIDDEN_LINK,
                        message: format!(
                            "the link `{dest}` points to `content/{rel}` ({}), which site.yaml hides",
                            file.display()
                        ),
                        help: format!(
                            "remove the link or point it at another page (copy a base page into the site to edit \
                             it with `safeguide override`), or take `{rel}` out of `hide:` in \
                             site.yaml"
                        ),
                    });
                }
                if let Some(left) = self.site.other_nations.get(&rel) {
                    return Err(other_nations_link(self.page, dest, &rel, left, self.site));
                }
                return Err(missing_page(dest, &rel, self.site));
            };
            // From a translation, a link to a page goes to that page in the same language when
            // it has been translated.
            let target = match &self.page.lang {
                Some(code) => self.site.counterpart(target, code).unwrap_or(target),
                None => target,
            };
            if let Some(a) = anchor.filter(|a| !a.is_empty()) {
                if !target.anchors.contains(a) {
                    return Err(missing_anchor(a, target));
                }
            }
            let mut url = target.path.clone();
            if let Some(q) = query {
                url.push('?');
                url.push_str(q);
            }
            if let Some(a) = anchor {
                url.push('#');
                url.push_str(a);
            }
            return Ok(Some(url));
        }
        // Another file from content/ (an image beside the page, a handout): published at the same
        // relative place, so make the link site-absolute to survive pretty URLs.
        if !self.content_file_exists(&rel) {
            return Err(LinkError {
                rule: rule::BROKEN_LINK,
                message: format!(
                    "the link `{dest}` points to `content/{rel}`, which does not exist"
                ),
                help: "check the file name and folder; links are relative to this file's folder"
                    .into(),
            });
        }
        let encoded: Vec<String> = rel.split('/').map(super::encode_segment).collect();
        let mut url = format!("/{}", encoded.join("/"));
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        Ok(Some(url))
    }
}

impl PageLinks<'_> {
    /// Whether `rel` is a file (or folder) under content/ of the site or, for a site on a base,
    /// a file the base publishes there.
    fn content_file_exists(&self, rel: &str) -> bool {
        let own = self
            .site
            .root
            .join(crate::load::content::CONTENT_DIR)
            .join(rel);
        own.exists()
            || (self.site.layers.has_base() && self.site.assets.iter().any(|a| a.rel == rel))
    }
}

/// A link to a page written for other nations than the site's: from a base page it becomes
/// plain text, as a link to a hidden page does (the base serves sites of every nation); from the
/// site's own page it is an error that says why the page is not there.
fn other_nations_link(
    from: &super::Page,
    dest: &str,
    rel: &str,
    left: &super::site::OtherNations,
    site: &Site,
) -> LinkError {
    if from.src.from_base {
        return LinkError {
            rule: rule::UNLINKED_HIDDEN,
            message: format!("content/{rel}"),
            help: String::new(),
        };
    }
    let names: Vec<&str> = left.nations.iter().map(|n| n.name()).collect();
    let nation = site.config.nation.name();
    LinkError {
        rule: rule::BROKEN_LINK,
        message: format!(
            "the link `{dest}` points to `content/{rel}` ({}), a page for {} only (its `nations:`), so this site for {nation} leaves it out",
            left.display.display(),
            names.join(" and ")
        ),
        help: format!(
            "remove the link or point it at a page for {nation}; if the site is not for {nation}, set `nation:` in site.yaml"
        ),
    }
}

fn missing_page(dest: &str, rel: &str, site: &Site) -> LinkError {
    let closest = site
        .by_source
        .keys()
        .map(|k| (strsim::levenshtein(rel, k), k))
        .min()
        .filter(|(d, _)| *d <= 5);
    LinkError {
        rule: rule::BROKEN_LINK,
        message: format!("the link `{dest}` points to `content/{rel}`, which does not exist"),
        help: match closest {
            Some((_, k)) => format!("did you mean `content/{k}`? Links are relative to this file's folder, or start with @/ for the content folder"),
            None => "link to a Markdown file under content/: relative (../parents/gaming.md) or from the content folder (@/parents/gaming.md); a draft page is only there with --drafts".into(),
        },
    }
}

fn missing_anchor(anchor: &str, target: &Page) -> LinkError {
    let mut known: Vec<&String> = target.anchors.iter().collect();
    known.sort();
    let closest = known
        .iter()
        .map(|k| (strsim::levenshtein(anchor, k), *k))
        .min()
        .filter(|(d, _)| *d <= 3);
    LinkError {
        rule: rule::BROKEN_ANCHOR,
        message: format!(
            "`{}` has no heading with the id `#{anchor}`",
            target.src.display.display()
        ),
        help: match closest {
            Some((_, k)) => format!("did you mean `#{k}`?"),
            None if known.is_empty() => "that page has no headings to link to".into(),
            None => format!(
                "heading ids on that page: {}",
                known
                    .iter()
                    .take(12)
                    .map(|k| format!("#{k}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
}
