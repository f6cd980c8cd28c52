//! Audits whose returns cannot be matched reliably: questions without a stable id, and audits
//! without a version. The build accepts both (the page works); `check` names them so that the
//! partnership fixes them before collecting returns.

use crate::diagnostics::rule;
use crate::diagnostics::Diagnostic;
use crate::load::frontmatter::Kind;
use crate::markdown::audit;
use crate::resolve::Site;

pub fn audits(site: &Site, idx: usize) -> Vec<Diagnostic> {
    let page = &site.pages[idx];
    if page.kind != Kind::Audit {
        return Vec::new();
    }
    let mut ds = Vec::new();
    let (questions, _) = audit::questions(page.src.body());
    if !questions.is_empty() && page.src.fm.version.is_none() {
        ds.push(page.src.yaml_at().at_key(
            Diagnostic::warning(rule::AUDIT_VERSION, "this audit has no version")
                .help("add `version: 1` to the front matter, and raise it when the questions change, so each return says which edition it answered"),
            "kind",
            None,
        ));
    }
    for q in questions.iter().filter(|q| !q.explicit) {
        let suggestion: String = q
            .text
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| w.len() > 3)
            .take(3)
            .collect::<Vec<_>>()
            .join("-");
        ds.push(
            Diagnostic::warning(
                rule::AUDIT_QUESTION_ID,
                format!(
                    "question {} has no id, so returns match it by its position",
                    q.number
                ),
            )
            .at_offset(
                &page.src.display,
                &page.src.text,
                page.src.body_offset + q.offset,
            )
            .help(format!(
                "end the question with an id that never changes, e.g. `{{#{}}}`",
                if suggestion.is_empty() {
                    format!("question-{}", q.number)
                } else {
                    suggestion
                }
            )),
        );
    }
    ds
}
