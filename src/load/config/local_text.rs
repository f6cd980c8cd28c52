//! `{{ local.key }}` in site.yaml's own text (the site's title and description, audiences' and
//! report routes' words in every language) and the contacts of a route built from local values
//! (`locals: [front_door_phone, ...]`). Expanded once, after the site's site.yaml is laid over its
//! base's, so that a base's route text shows the site's own numbers.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use super::{Contact, LocalValue, SiteConfig};
use crate::diagnostics::{rule, Diagnostic, Diagnostics};
use crate::load::yaml::Embedded;
use regex::Regex;

static LOCAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{\s*local\.([^\s}]*)\s*\}\}").expect("valid"));

/// `text` with each `{{ local.key }}` replaced by its value, or by its label in brackets when
/// unset (`check` names unset values); `Err` with the first key site.yaml does not declare.
pub fn expand(text: &str, locals: &BTreeMap<String, LocalValue>) -> Result<String, String> {
    let mut unknown = None;
    let out = LOCAL.replace_all(text, |c: &regex::Captures<'_>| {
        let key = &c[1];
        match locals.get(key) {
            Some(v) => v
                .shown()
                .unwrap_or_else(|| format!("[{}]", v.label_for(key))),
            None => {
                unknown.get_or_insert_with(|| key.to_string());
                c[0].to_string()
            }
        }
    });
    match unknown {
        Some(k) => Err(k),
        None => Ok(out.into_owned()),
    }
}

/// Expands local values in every text of `config` (the merged settings of the site at `root`)
/// and fills each route's contacts; a route made only of local values (`locals:`) none of which
/// is set is left out. Problems point into the site's own site.yaml.
pub fn apply(config: &mut SiteConfig, root: &std::path::Path) -> Diagnostics {
    // Under the read rule, like every read of a site file (site.yaml was read by it just before).
    let text = crate::safe_fs::read::read_text(
        root,
        &root.join(super::CONFIG_FILE),
        crate::safe_fs::read::TEXT_LIMIT,
    )
    .unwrap_or_default();
    let at = Embedded::whole(std::path::Path::new(super::CONFIG_FILE), &text);
    let locals = config.local.clone();
    let mut ds = Diagnostics::new();
    let mut one = |field: &str, text: &mut String| match expand(text, &locals) {
        Ok(t) => *text = t,
        Err(key) => ds.push(unknown(at, field, &key, &locals)),
    };
    one("title", &mut config.title);
    for d in config.description.iter_mut() {
        one("description", d);
    }
    for a in &mut config.audiences {
        one("name", &mut a.name);
        for d in a.description.iter_mut() {
            one("description", d);
        }
        for w in a.translations.values_mut() {
            for t in w.name.iter_mut().chain(w.description.iter_mut()) {
                one("translations", t);
            }
        }
    }
    for r in &mut config.report {
        one("label", &mut r.label);
        for d in r.description.iter_mut() {
            one("description", d);
        }
        for w in r.translations.values_mut() {
            for t in w.label.iter_mut().chain(w.description.iter_mut()) {
                one("translations", t);
            }
        }
    }
    for r in &mut config.report {
        for key in &r.locals {
            match locals.get(key) {
                Some(v) => r.contacts.extend(v.shown().map(|value| Contact {
                    key: key.clone(),
                    label: v.label_for(key),
                    value,
                })),
                None => ds.push(unknown(at, "locals", key, &locals)),
            }
        }
    }
    config
        .report
        .retain(|r| r.locals.is_empty() || !r.contacts.is_empty());
    ds
}

fn unknown(
    at: Embedded<'_>,
    field: &str,
    key: &str,
    locals: &BTreeMap<String, LocalValue>,
) -> Diagnostic {
    // A near miss, or the start of a longer key (`front_door` for `front_door_phone`).
    let closest = locals
        .keys()
        .map(|k| (strsim::levenshtein(key, k), k))
        .min()
        .filter(|(d, _)| *d <= 3)
        .or_else(|| locals.keys().find(|k| k.starts_with(key)).map(|k| (0, k)));
    let help = match closest {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!(
            "use one of the keys under `local:` ({}), or declare `{key}` there",
            locals.keys().cloned().collect::<Vec<_>>().join(", ")
        ),
    };
    at.at_key(
        Diagnostic::error(
            rule::UNKNOWN_LOCAL,
            format!("site.yaml uses the local value `{key}`, which is not under `local:`"),
        )
        .help(help),
        field,
        Some(key),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_labels_and_unknown_keys() {
        let locals = BTreeMap::from([
            (
                "front_door_phone".to_string(),
                LocalValue {
                    value: Some("01234  567 890".into()),
                    ..Default::default()
                },
            ),
            (
                "lado".to_string(),
                LocalValue {
                    label: Some("LADO".into()),
                    ..Default::default()
                },
            ),
        ]);
        assert_eq!(
            expand(
                "Call {{ local.front_door_phone }} or {{local.lado}}.",
                &locals
            )
            .unwrap(),
            "Call 01234 567 890 or [LADO]."
        );
        assert_eq!(
            expand("{{ local.front_door }}", &locals).unwrap_err(),
            "front_door"
        );
    }
}
