//! Glossary terms: the first use of each term on a page links to its definition.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::{escape, Events};

#[derive(Debug, Clone, serde::Serialize)]
pub struct Term {
    pub term: String,
    /// Anchor on the glossary page.
    pub id: String,
    pub definition: String,
    /// URL of the glossary entry (`/glossary/#term-ceop`).
    pub url: String,
    /// The language of the glossary page defining it (None: the site's main language).
    pub lang: Option<String>,
}

/// Finds terms in text in one pass over it, longest match first.
pub struct GlossaryMatcher {
    terms: Vec<Term>,
    automaton: Option<AhoCorasick>,
    /// The term each pattern of the automaton stands for: a term has a pattern for each way of
    /// writing it (as defined, lower case, capitalised), since the automaton folds only ASCII case.
    pattern_term: Vec<usize>,
}

impl GlossaryMatcher {
    pub fn new(terms: Vec<Term>) -> Self {
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_term = Vec::new();
        for (i, t) in terms.iter().enumerate() {
            // An empty pattern would match everywhere; the glossary reports empty terms.
            if t.term.trim().is_empty() {
                continue;
            }
            let mut forms = vec![t.term.clone()];
            if needs_exact_case(&t.term) {
                // Acronyms match only as written.
            } else {
                let lower = t.term.to_lowercase();
                forms.push(capitalised(&lower));
                forms.push(lower);
            }
            forms.dedup();
            for f in forms {
                if !patterns.contains(&f) {
                    patterns.push(f);
                    pattern_term.push(i);
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&patterns)
                .ok()
        };
        GlossaryMatcher {
            terms,
            automaton,
            pattern_term,
        }
    }

    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Matches of whole words: `(start, end, term index)`. Acronyms (no lower-case letters) must
    /// match case exactly, so "aup" in a URL-ish word or "Dsl" does not count.
    fn find(&self, text: &str) -> Vec<(usize, usize, usize)> {
        let Some(ac) = &self.automaton else {
            return Vec::new();
        };
        ac.find_iter(text)
            .filter_map(|m| {
                let i = *self.pattern_term.get(m.pattern().as_usize())?;
                // Patterns are whole UTF-8 strings, so a match starts and ends on char
                // boundaries; `get` keeps that from ever being a panic.
                let before = text.get(..m.start())?.chars().next_back();
                let after = text.get(m.end()..)?.chars().next();
                let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
                let term = &self.terms[i].term;
                let ok = boundary(before)
                    && boundary(after)
                    && (!needs_exact_case(term) || text.get(m.range()) == Some(term.as_str()));
                ok.then_some((m.start(), m.end(), i))
            })
            .collect()
    }
}

/// Acronyms (no lower-case letters: CEOP, DSL) must match case exactly, so "aup" in a URL-ish word
/// or "Dsl" does not count.
fn needs_exact_case(term: &str) -> bool {
    !term.chars().any(char::is_lowercase)
}

/// "café culture" -> "Café culture": how a term starts a sentence.
fn capitalised(lower: &str) -> String {
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Marks the first use of each term outside headings, links, code and callout titles. A term
/// defined in another language than the page's (`page_lang`; `main_lang` for a term with none)
/// is marked with its own, so its definition is read in it: an English glossary on a Welsh page.
pub fn mark_terms<'a>(
    events: Events<'a>,
    g: &GlossaryMatcher,
    page_lang: &str,
    main_lang: &str,
) -> Events<'a> {
    let mut used = vec![false; g.terms.len()];
    let mut out = Vec::with_capacity(events.len());
    let mut blocked = 0usize;
    for (event, range) in events {
        match &event {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => blocked += 1,
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                blocked = blocked.saturating_sub(1)
            }
            Event::Text(text) if blocked == 0 => {
                let matches: Vec<_> = g
                    .find(text)
                    .into_iter()
                    .filter(|(_, _, i)| !used[*i])
                    .collect();
                if !matches.is_empty() {
                    let mut last = 0;
                    for (start, end, i) in matches {
                        if used[i] {
                            continue;
                        }
                        used[i] = true;
                        if start > last {
                            out.push((
                                Event::Text(CowStr::from(text[last..start].to_string())),
                                range.clone(),
                            ));
                        }
                        let t = &g.terms[i];
                        let term_lang = t.lang.as_deref().unwrap_or(main_lang);
                        let lang = if term_lang == page_lang {
                            String::new()
                        } else {
                            format!(" lang=\"{}\"", escape(term_lang))
                        };
                        out.push((
                            Event::InlineHtml(CowStr::from(format!(
                                "<a class=\"glossary-term\"{lang} href=\"{}\"><abbr title=\"{}\">{}</abbr></a>",
                                escape(&t.url),
                                escape(&t.definition),
                                escape(&text[start..end])
                            ))),
                            range.clone(),
                        ));
                        last = end;
                    }
                    if last < text.len() {
                        out.push((
                            Event::Text(CowStr::from(text[last..].to_string())),
                            range.clone(),
                        ));
                    }
                    continue;
                }
            }
            _ => {}
        }
        out.push((event, range));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{parse, to_html};
    use super::*;

    fn matcher() -> GlossaryMatcher {
        GlossaryMatcher::new(vec![
            Term {
                term: "CEOP".into(),
                id: "term-ceop".into(),
                definition: "Child Exploitation and Online Protection".into(),
                url: "/glossary/#term-ceop".into(),
                lang: None,
            },
            Term {
                term: "grooming".into(),
                id: "term-grooming".into(),
                definition: "Building trust to abuse".into(),
                url: "/glossary/#term-grooming".into(),
                lang: Some("en-GB".into()),
            },
        ])
    }

    #[test]
    fn non_ascii_terms_match_as_written_lower_case_or_capitalised() {
        let term = |t: &str| Term {
            term: t.into(),
            id: "x".into(),
            definition: "d".into(),
            url: "/g/".into(),
            lang: None,
        };
        let g = GlossaryMatcher::new(vec![term("éducation"), term("Ŵ"), term("  ")]);
        let html = to_html(mark_terms(
            parse("Éducation first; Ŵ; ŵ no.\n"),
            &g,
            "en",
            "en",
        ));
        assert_eq!(html.matches("<abbr").count(), 2, "{html}");
        assert!(html.contains(">Éducation</abbr>"), "{html}");
        assert!(html.contains(">Ŵ</abbr>"), "{html}");
    }

    #[test]
    fn first_use_only_whole_words_not_in_headings_or_links() {
        let md = "## CEOP\n\nReport to CEOP. Grooming is a crime; grooming again. Ceop and CEOPS no.\n\n[CEOP](https://x)\n";
        let html = to_html(mark_terms(parse(md), &matcher(), "en-GB", "en-GB"));
        assert_eq!(html.matches("<abbr").count(), 2, "{html}");
        assert!(html.contains("<h2>CEOP</h2>"), "{html}");
        assert!(html.contains(
            "Report to <a class=\"glossary-term\" href=\"/glossary/#term-ceop\"><abbr title=\"Child Exploitation and Online Protection\">CEOP</abbr></a>."
        ), "{html}");
        assert!(
            html.contains("<abbr title=\"Building trust to abuse\">Grooming</abbr>"),
            "{html}"
        );
    }

    #[test]
    fn a_term_in_another_language_than_the_page_is_marked_with_its_own() {
        let md = "Rhoi gwybod i CEOP. Mae grooming yn drosedd.\n";
        // A Welsh page of a Welsh-main site: CEOP's glossary is the main (Welsh) one, grooming's
        // the English one.
        let html = to_html(mark_terms(parse(md), &matcher(), "cy", "cy"));
        assert!(
            html.contains("<a class=\"glossary-term\" href=\"/glossary/#term-ceop\">"),
            "{html}"
        );
        assert!(
            html.contains(
                "<a class=\"glossary-term\" lang=\"en-GB\" href=\"/glossary/#term-grooming\">"
            ),
            "{html}"
        );
    }
}
