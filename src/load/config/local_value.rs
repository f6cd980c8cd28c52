//! `local:` in site.yaml: each key a declaration (label, hint, value) or just a value.

use serde::{Deserialize, Serialize};

use super::scalar_text;
use crate::diagnostics::{rule, Diagnostic};
use crate::load::yaml::{find_key, Embedded};

/// One `local:` key: a declaration (`{ label, hint }`, optionally with a `value`) or just a value.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(from = "LocalRaw")]
pub struct LocalValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Why what site.yaml gives is not a local value, reported at the key's line by
    /// [`problems`] (serde's own errors point at the start of `local:`, not at the key).
    #[serde(skip)]
    pub problem: Option<String>,
}

impl LocalValue {
    /// The label shown on a blank: the declared one, else the key in words.
    pub fn label_for(&self, key: &str) -> String {
        match &self.label {
            Some(l) => l.clone(),
            None => {
                let words = key.replace(['_', '-'], " ");
                let mut c = words.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }

    /// The value as pages show it, on one line; `None` when unset or only spaces.
    pub fn shown(&self) -> Option<String> {
        let v = self
            .value
            .as_deref()?
            .split_whitespace()
            .collect::<Vec<_>>();
        (!v.is_empty()).then(|| v.join(" "))
    }
}

/// What site.yaml holds under a `local:` key, read as YAML first so that only a mapping is taken
/// for a declaration (serde would read a list `[a, b]` as one, its first item the label).
#[derive(Deserialize)]
#[serde(transparent)]
struct LocalRaw(serde_yaml::Value);

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalDecl {
    label: String,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    value: Option<serde_yaml::Value>,
}

/// What a local value may be, for the errors that say what it is not.
const SHAPE: &str = "a local value is text (`front_door_phone: 01234 567 890`) or a declaration \
                     (`front_door_phone: { label: Front door phone, hint: ... }`)";

/// The text of a value or label: a scalar, shown as written. `{{ ... }}` in it would reach the
/// pages that show it as a placeholder of theirs, reported there instead of here.
fn text_of(v: &serde_yaml::Value) -> Result<Option<String>, String> {
    use serde_yaml::Value;
    let text = match v {
        Value::Sequence(_) => return Err(format!("{SHAPE}, not a list")),
        Value::Mapping(_) => return Err(SHAPE.to_string()),
        other => scalar_text(other),
    };
    if let Some(t) = text
        .as_deref()
        .filter(|t| t.contains("{{") || t.contains("}}"))
    {
        return Err(format!(
            "the local value `{t}` holds `{{{{` or `}}}}`; a local value is shown as written and \
             cannot use placeholders or other local values"
        ));
    }
    Ok(text)
}

impl From<LocalRaw> for LocalValue {
    fn from(raw: LocalRaw) -> Self {
        parse(raw).unwrap_or_else(|why| LocalValue {
            problem: Some(why),
            ..Default::default()
        })
    }
}

/// A local value as site.yaml gives it, or why it is not one.
fn parse(LocalRaw(raw): LocalRaw) -> Result<LocalValue, String> {
    {
        if !raw.is_mapping() {
            return Ok(LocalValue {
                value: text_of(&raw)?,
                ..Default::default()
            });
        }
        // Serde's own reason (`unknown field`), except a missing label: a thin site's parse drops
        // "missing field" errors, which its base may fill, and this one no base fills.
        let d = LocalDecl::deserialize(raw).map_err(|e| match e.to_string() {
            e if e.contains("missing field") => {
                format!("{SHAPE}: a declaration needs a `label`")
            }
            e => format!("{SHAPE}: {e}"),
        })?;
        // Checked as a value is (a blank shows its label), kept as written.
        text_of(&serde_yaml::Value::String(d.label.clone()))?;
        Ok(LocalValue {
            label: Some(d.label),
            hint: d.hint,
            value: match &d.value {
                Some(v) => text_of(v)?,
                None => None,
            },
            problem: None,
        })
    }
}

/// An error at the line of each `local:` key whose value is not a local value.
pub fn problems(config: &super::SiteConfig, at: Embedded<'_>) -> Vec<Diagnostic> {
    let yaml = &at.file_text[at.offset..];
    let local = find_key(yaml, "local").unwrap_or(0);
    config
        .local
        .iter()
        .filter_map(|(key, v)| {
            let why = v.problem.as_ref()?;
            let d = Diagnostic::error(rule::CONFIG, format!("`local: {key}`: {why}")).help(
                "give the value as text on the key's line, in quotes if it holds a colon or a #",
            );
            Some(match find_key(&yaml[local..], key) {
                Some(k) => at.at(d, local + k),
                None => at.at_key(d, "local", None),
            })
        })
        .collect()
}
