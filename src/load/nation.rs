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
