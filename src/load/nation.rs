//! The UK nation a site serves (`nation:` in site.yaml): safeguarding law and guidance differ
//! between England, Wales, Scotland and Northern Ireland, so `check` can tell when a page names
//! guidance that applies only elsewhere.

use serde::{Deserialize, Serialize};

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Deserialize, Serialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Nation {
    #[default]
    England,
    Wales,
    Scotland,
    NorthernIreland,
}

impl Nation {
    pub const ALL: [Nation; 4] = [
        Nation::England,
        Nation::Wales,
        Nation::Scotland,
        Nation::NorthernIreland,
    ];

    /// "Northern Ireland", as readers write it.
    pub fn name(self) -> &'static str {
        match self {
            Nation::England => "England",
            Nation::Wales => "Wales",
            Nation::Scotland => "Scotland",
            Nation::NorthernIreland => "Northern Ireland",
        }
    }

    /// As written in YAML (`northern-ireland`).
    pub fn slug(self) -> &'static str {
        match self {
            Nation::England => "england",
            Nation::Wales => "wales",
            Nation::Scotland => "scotland",
            Nation::NorthernIreland => "northern-ireland",
        }
    }

    /// The words a sentence uses to say where something applies, in English and Welsh
    /// ("in Wales", "yng Nghymru").
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Nation::England => &["england", "english", "lloegr"],
            Nation::Wales => &["wales", "welsh", "cymru", "nghymru"],
            Nation::Scotland => &["scotland", "scottish", "yr alban"],
            Nation::NorthernIreland => &["northern ireland", "gogledd iwerddon"],
        }
    }
}

/// A nation's own words for the blanks site.yaml declares (`nations: wales: placeholders: dsl:
/// { label, hint }`): Wales has a designated safeguarding person where England has a designated
/// safeguarding lead, so a Wales site's blanks and fill-in forms say so.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NationWords {
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub placeholders: std::collections::BTreeMap<String, Label>,
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub local: std::collections::BTreeMap<String, Label>,
}

/// A label and hint that replace a declaration's own.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub label: String,
    #[serde(default)]
    pub hint: Option<String>,
}
