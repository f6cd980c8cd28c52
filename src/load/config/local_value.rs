//! `local:` in site.yaml: each key a declaration (label, hint, value) or just a value.

use serde::{Deserialize, Serialize};

use super::scalar_text;

/// One `local:` key: a declaration (`{ label, hint }`, optionally with a `value`) or just a value.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(try_from = "LocalRaw")]
pub struct LocalValue {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
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

#[derive(Deserialize)]
#[serde(untagged)]
enum LocalRaw {
    Decl(LocalDecl),
    Value(serde_yaml::Value),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LocalDecl {
    label: String,
    #[serde(default)]
    hint: Option<String>,
    #[serde(default)]
    value: Option<serde_yaml::Value>,
}

impl TryFrom<LocalRaw> for LocalValue {
    type Error = String;
    fn try_from(raw: LocalRaw) -> Result<Self, String> {
        let text = |v: &serde_yaml::Value| match v {
            serde_yaml::Value::Mapping(_) | serde_yaml::Value::Sequence(_) => Err(
                "a local value is text (`front_door_phone: 01234 567 890`) or a declaration \
                 (`front_door_phone: { label: Front door phone, hint: ... }`)"
                    .to_string(),
            ),
            other => Ok(scalar_text(other)),
        };
        Ok(match raw {
            LocalRaw::Decl(d) => LocalValue {
                label: Some(d.label),
                hint: d.hint,
                value: match &d.value {
                    Some(v) => text(v)?,
                    None => None,
                },
            },
            LocalRaw::Value(v) => LocalValue {
                value: text(&v)?,
                ..Default::default()
            },
        })
    }
}
