//! The site's glossary: terms from every `glossary` page, with the URL of each entry.

use crate::diagnostics::rule;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::frontmatter::Kind;
use crate::markdown::glossary::{GlossaryMatcher, Term};
use crate::markdown::slugify;

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
            for (raw, definition) in &p.src.fm.terms {
                // Surrounding spaces are never meant, and would stop the term matching in text.
                let term = raw.trim();
                if term.is_empty() {
                    ds.push(empty_term(p));
                    continue;
                }
                let id = term_id(term);
                if let Some(first) = terms.iter().find(|t| t.term.eq_ignore_ascii_case(term)) {
                    ds.push(
                        p.src.yaml_at().at_key(
                            Diagnostic::warning(
                                rule::DUPLICATE_TERM,
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
                std::sync::Arc::make_mut(&mut p.anchors).insert(id.clone());
                terms.push(Term {
                    term: term.to_string(),
                    url: format!("{}#{id}", p.path),
                    id,
                    definition: definition.trim().to_string(),
                    lang: p.lang.clone(),
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

/// An empty term would match nothing and link nowhere: the error points at its line under `terms:`.
fn empty_term(p: &Page) -> Diagnostic {
    let at = p.src.yaml_at();
    let d = Diagnostic::error(rule::GLOSSARY, "a glossary term is empty").help(
        "write the term before the colon (`CEOP: Child Exploitation and ...`), or remove the line",
    );
    let yaml = &at.file_text[at.offset..];
    let from = crate::load::yaml::find_key(yaml, "terms").unwrap_or(0);
    let mut offset = from;
    for line in yaml[from..].split_inclusive('\n') {
        if is_blank_key(line) {
            let indent = line.len() - line.trim_start().len();
            return at.at(d, offset + indent);
        }
        offset += line.len();
    }
    at.at_key(d, "terms", None)
}

/// A mapping line whose key is blank: `"": ...`, `'  ': ...` or `: ...`.
fn is_blank_key(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with(':') {
        return true;
    }
    let Some(q) = t.chars().next().filter(|c| *c == '"' || *c == '\'') else {
        return false;
    };
    let rest = &t[1..];
    match rest.find(q) {
        Some(end) => rest[..end].trim().is_empty() && rest[end + 1..].trim_start().starts_with(':'),
        None => false,
    }
}

pub fn term_id(term: &str) -> String {
    format!("term-{}", slugify(term))
}
