//! The site's glossary: terms from every `glossary` page, with the URL of each entry.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Kind;
use crate::render::markdown::glossary::{GlossaryMatcher, Term};
use crate::render::markdown::slugify;

use super::Page;

pub struct Glossary {
    pub matcher: GlossaryMatcher,
}

impl std::fmt::Debug for Glossary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Glossary({} terms)", self.matcher.terms().len())
    }
}

impl Glossary {
    /// Collects terms; adds each term's anchor to its glossary page so `#term-...` links check.
    pub fn build(pages: &mut [Page], ds: &mut Diagnostics) -> Glossary {
        let mut terms: Vec<Term> = Vec::new();
        for p in pages.iter_mut().filter(|p| p.kind == Kind::Glossary) {
            for (term, definition) in &p.src.fm.terms {
                let id = term_id(term);
                if let Some(first) = terms.iter().find(|t| t.term.eq_ignore_ascii_case(term)) {
                    ds.push(
                        p.src.yaml_at().at_key(
                            Diagnostic::warning(
                                "duplicate-term",
                                format!("the glossary term `{term}` is defined twice"),
                            )
                            .help(format!(
                                "keep one definition; the other is at {}",
                                first.url
                            )),
                            term,
                            None,
                        ),
                    );
                    continue;
                }
                p.anchors.insert(id.clone());
                terms.push(Term {
                    term: term.clone(),
                    url: format!("{}#{id}", p.path),
                    id,
                    definition: definition.trim().to_string(),
                });
            }
        }
        Glossary {
            matcher: GlossaryMatcher::new(terms),
        }
    }

    pub fn terms(&self) -> &[Term] {
        self.matcher.terms()
    }
}

pub fn term_id(term: &str) -> String {
    format!("term-{}", slugify(term))
}
