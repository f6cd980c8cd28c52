//! One entry of a page's `cites:`: the id of a framework (`kcsie-2025`) or of a provision of an
//! Act (`crime-and-policing-act-2026/duty-to-report`), written plainly or as
//! `{ id: ..., coming: true }` when the page speaks of it as coming, not yet in force, and
//! `{ id: ..., nation: wales }` when the page cites it for readers in that nation only.

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    pub id: String,
    /// The page says it is coming ("when this comes into force"), so citing it before it
    /// commences is not a mistake.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coming: bool,
    /// The page cites it for readers in this nation ("In Wales, ..."), whatever the site's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nation: Option<super::nation::Nation>,
}

impl Deref for Cite {
    type Target = str;
    fn deref(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for Cite {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id)
    }
}

impl<'de> Deserialize<'de> for Cite {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            id: String,
            #[serde(default)]
            coming: bool,
            #[serde(default)]
            nation: Option<super::nation::Nation>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Either {
            Id(String),
            Full(Full),
        }
        match Either::deserialize(d) {
            Ok(Either::Id(id)) => Ok(Cite {
                id,
                coming: false,
                nation: None,
            }),
            Ok(Either::Full(Full { id, coming, nation })) => Ok(Cite { id, coming, nation }),
            Err(_) => Err(serde::de::Error::custom(
                "each entry of `cites` is an id (`kcsie-2025`) or a map such as `{ id: kcsie-2025, coming: true }` or `{ id: keeping-learners-safe-2021, nation: wales }`",
            )),
        }
    }
}
