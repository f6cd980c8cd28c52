//! A nation's own labels and hints (`nations:` in site.yaml, [`crate::load::nation::NationWords`])
//! given to the placeholders and local values the site declares.

/// Gives the site's nation's labels and hints to the placeholders and local values they name;
/// a name that is not declared is an error at its line.
pub fn apply_words(
    config: &mut super::SiteConfig,
    at: crate::load::yaml::Embedded<'_>,
) -> crate::diagnostics::Diagnostics {
    use crate::diagnostics::{rule, Diagnostic, Diagnostics};
    let mut ds = Diagnostics::new();
    let Some(words) = config.nations.get(&config.nation).cloned() else {
        return ds;
    };
    let unknown = |what: &str, key: &str| {
        at.at_key(
            Diagnostic::error(
                rule::CONFIG,
                format!(
                    "`nations: {}: {what}:` names `{key}`, which site.yaml does not declare under `{what}:`",
                    config.nation.slug()
                ),
            )
            .help(format!(
                "declare `{key}` under `{what}:` (with a label) or remove it from `nations:`"
            )),
            key,
            None,
        )
    };
    for (key, l) in &words.placeholders {
        match config.placeholders.get_mut(key) {
            Some(p) => {
                p.label = l.label.clone();
                p.hint = l.hint.clone().or(p.hint.take());
            }
            None => ds.push(unknown("placeholders", key)),
        }
    }
    for (key, l) in &words.local {
        match config.local.get_mut(key) {
            Some(v) => {
                v.label = Some(l.label.clone());
                v.hint = l.hint.clone().or(v.hint.take());
            }
            None => ds.push(unknown("local", key)),
        }
    }
    ds
}
