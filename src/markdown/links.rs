//! Internal links: authors link to source files; readers get the page's URL.

use crate::diagnostics::rule;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{Events, Problem};
use crate::load::web_address::refused_scheme;

/// Why a link could not be resolved, in the author's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkError {
    pub rule: &'static str,
    pub message: String,
    pub help: String,
}

/// Knows the site's pages: the resolve stage implements it, tests use a map.
pub trait LinkResolver: Sync {
    /// `Ok(Some(url))` to rewrite, `Ok(None)` to leave the link as written (external, absolute).
    fn resolve(&self, dest: &str) -> Result<Option<String>, LinkError>;
}

/// Rewrites link and image destinations; each broken one becomes a problem at its position.
pub fn resolve<'a>(
    mut events: Events<'a>,
    resolver: &dyn LinkResolver,
    problems: &mut Vec<Problem>,
) -> Events<'a> {
    let mut unlink = Vec::new();
    for (i, (event, range)) in events.iter_mut().enumerate() {
        let (dest, image) = match event {
            Event::Start(Tag::Link { dest_url, .. }) => (dest_url, false),
            Event::Start(Tag::Image { dest_url, .. }) => (dest_url, true),
            _ => continue,
        };
        if let Some(scheme) = refused_scheme(dest, image) {
            problems.push(Problem {
                offset: range.start,
                rule: rule::UNSAFE_LINK,
                message: format!(
                    "{} to a `{scheme}:` address is not allowed: it could run code in the reader's browser",
                    if image { "an image" } else { "a link" }
                ),
                help: "link to a web page (https://...), a page of this site (../parents/gaming.md), an email (mailto:) or a phone number (tel:)".into(),
            });
            // Never publish it, even from a build that goes on to report the error.
            *dest = CowStr::from("#");
            continue;
        }
        match resolver.resolve(dest) {
            Ok(Some(url)) => *dest = CowStr::from(url),
            Ok(None) => {}
            Err(e) if e.rule == rule::UNLINKED_HIDDEN && !image => unlink.push(i),
            Err(e) => problems.push(Problem {
                offset: range.start,
                rule: e.rule,
                message: e.message,
                help: e.help,
            }),
        }
    }
    if unlink.is_empty() {
        events
    } else {
        without_links(events, &unlink)
    }
}

/// `events` with the links that start at the indexes `starts` taken out, their text kept.
fn without_links<'a>(events: Events<'a>, starts: &[usize]) -> Events<'a> {
    let mut out = Vec::with_capacity(events.len());
    // For each link open at this point: whether it is being taken out.
    let mut open: Vec<bool> = Vec::new();
    for (i, (event, range)) in events.into_iter().enumerate() {
        let drop = match &event {
            Event::Start(Tag::Link { .. }) => {
                let drop = starts.contains(&i);
                open.push(drop);
                drop
            }
            Event::End(TagEnd::Link) => open.pop() == Some(true),
            _ => false,
        };
        if !drop {
            out.push((event, range));
        }
    }
    out
}

/// True for links that leave the site or are already site-absolute: these are never rewritten.
pub fn is_external(dest: &str) -> bool {
    dest.starts_with('/')
        || dest.starts_with("//")
        || dest.contains("://")
        || ["mailto:", "tel:", "sms:", "data:", "javascript:"]
            .iter()
            .any(|p| dest.to_ascii_lowercase().starts_with(p))
}

/// Joins a relative path onto a folder, resolving `.` and `..`; `None` if it climbs above the root.
pub fn join_relative(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    struct Map;
    impl LinkResolver for Map {
        fn resolve(&self, dest: &str) -> Result<Option<String>, LinkError> {
            match dest {
                "../parents/gaming.md" => Ok(Some("/parents/gaming/".into())),
                d if is_external(d) => Ok(None),
                d => Err(LinkError {
                    rule: rule::BROKEN_LINK,
                    message: format!("no page `{d}`"),
                    help: "fix it".into(),
                }),
            }
        }
    }

    #[test]
    fn rewrites_known_links_and_reports_broken_ones_at_their_offset() {
        let md = "See [gaming](../parents/gaming.md) and [x](https://ceop.police.uk/).\n\n[bad](nope.md)\n";
        let mut problems = Vec::new();
        let html = to_html(resolve(parse(md), &Map, &mut problems));
        assert!(html.contains("href=\"/parents/gaming/\""), "{html}");
        assert!(html.contains("href=\"https://ceop.police.uk/\""), "{html}");
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].offset, md.find("[bad]").unwrap());
    }

    #[test]
    fn script_and_data_destinations_are_refused_in_every_link_form() {
        let md = "[a](javascript:alert(1))\n\n[b][r]\n\n[r]: JaVaScRiPt:alert(2)\n\n<vbscript:msgbox(3)>\n\n![c](data:text/html;base64,PHNjcmlwdD4=)\n\n![ok](data:image/png;base64,iVBO) [e](data:image/png;base64,iVBO)\n";
        let mut problems = Vec::new();
        let html = to_html(resolve(parse(md), &Map, &mut problems));
        let lines: Vec<usize> = problems
            .iter()
            .map(|p| md[..p.offset].lines().count())
            .collect();
        assert_eq!(problems.len(), 5, "{problems:?}");
        assert!(problems.iter().all(|p| p.rule == rule::UNSAFE_LINK));
        assert!(lines.windows(2).all(|w| w[0] < w[1]), "{lines:?}");
        let lower = html.to_lowercase();
        for bad in ["=\"javascript:", "=\"vbscript:", "=\"data:text"] {
            assert!(!lower.contains(bad), "{html}");
        }
        assert!(html.contains("src=\"data:image/png"), "{html}");
    }

    #[test]
    fn relative_paths_join_and_cannot_escape() {
        assert_eq!(
            join_relative("parents", "../schools/a.md").as_deref(),
            Some("schools/a.md")
        );
        assert_eq!(join_relative("", "./a.md").as_deref(), Some("a.md"));
        assert_eq!(join_relative("", "../a.md"), None);
        assert!(is_external("mailto:help@nspcc.org.uk") && is_external("/search/"));
        assert!(!is_external("gaming.md"));
    }
}
