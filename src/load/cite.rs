//! One entry of a page's `cites:`: the id of a framework (`kcsie-2025`) or of a provision of an
//! Act (`crime-and-policing-act-2026/duty-to-report`), written plainly or as
//! `{ id: ..., coming: true }` when the page speaks of it as coming, not yet in force, and
//! `{ id: ..., nation: wales }` when the page cites it for readers in that nation only, or
//! `{ id: ..., nation: [england, wales] }` for readers in those nations (law of England and
//! Wales, "In England and Wales, ...").

use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};

use super::nation::Nation;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cite {
    pub id: String,
    /// The page says it is coming ("when this comes into force"), so citing it before it
    /// commences is not a mistake.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub coming: bool,
    /// The nations the page cites it for ("In Wales, ...", "In England and Wales, ..."),
    /// whatever the site's: `nation: wales` or `nation: [england, wales]`, in the order
    /// written, without repeats. Empty when the page cites it for every reader.
    #[serde(skip_serializing_if = "Vec::is_empty", serialize_with = "one_or_list")]
    pub nation: Vec<Nation>,
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

/// `nation:` as written: one nation (`wales`), or a list (`[england, wales]`).
fn one_or_list<S: serde::Serializer>(nations: &[Nation], s: S) -> Result<S::Ok, S::Error> {
    match nations {
        [one] => one.serialize(s),
        many => many.serialize(s),
    }
}

const NATIONS: &str = "england, wales, scotland or northern-ireland";

impl<'de> Deserialize<'de> for Cite {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum OneOrList {
            One(String),
            List(Vec<String>),
        }
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Full {
            id: String,
            #[serde(default)]
            coming: bool,
            #[serde(default)]
            nation: Option<OneOrList>,
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
                nation: Vec::new(),
            }),
            Ok(Either::Full(Full { id, coming, nation })) => {
                let written = match nation {
                    None => Vec::new(),
                    Some(OneOrList::One(n)) => vec![n],
                    Some(OneOrList::List(list)) if list.is_empty() => {
                        return Err(serde::de::Error::custom(format!(
                            "`nation: []` in the citation of `{id}` names no nation: write one ({NATIONS}), a list such as `[england, wales]`, or leave `nation:` out when the page cites it for every reader"
                        )))
                    }
                    Some(OneOrList::List(list)) => list,
                };
                let mut nations: Vec<Nation> = Vec::new();
                for slug in written {
                    let Some(n) = Nation::ALL.into_iter().find(|n| n.slug() == slug.trim()) else {
                        return Err(serde::de::Error::custom(format!(
                            "`{}` in `nation:` of the citation of `{id}` is not a nation: write {NATIONS}, or a list such as `[england, wales]`",
                            slug.trim()
                        )));
                    };
                    if !nations.contains(&n) {
                        nations.push(n);
                    }
                }
                Ok(Cite {
                    id,
                    coming,
                    nation: nations,
                })
            }
            Err(_) => Err(serde::de::Error::custom(
                "each entry of `cites` is an id (`kcsie-2025`) or a map such as `{ id: kcsie-2025, coming: true }`, `{ id: keeping-learners-safe-2021, nation: wales }` or `{ id: prevent-duty-guidance-2023, nation: [england, wales] }`",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cites(yaml: &str) -> Result<Vec<Cite>, String> {
        serde_yaml::from_str(yaml).map_err(|e| e.to_string())
    }

    #[test]
    fn a_cite_is_an_id_or_a_map_with_one_nation() {
        let got = cites("[kcsie-2025, { id: keeping-learners-safe-2021, nation: wales }, { id: a/b, coming: true, nation: northern-ireland }]").unwrap();
        assert_eq!(got[0].id, "kcsie-2025");
        assert!(got[0].nation.is_empty() && !got[0].coming);
        assert_eq!(got[1].nation, [Nation::Wales]);
        assert_eq!(got[2].nation, [Nation::NorthernIreland]);
        assert!(got[2].coming);
    }

    #[test]
    fn a_cites_nation_may_be_a_list() {
        let got = cites(
            "- { id: prevent-duty-guidance-2023, nation: [england, wales] }\n- id: x\n  coming: true\n  nation:\n    - wales\n    - england\n    - wales\n",
        )
        .unwrap();
        assert_eq!(got[0].nation, [Nation::England, Nation::Wales]);
        assert!(!got[0].coming);
        // In the order written, each nation once.
        assert_eq!(got[1].nation, [Nation::Wales, Nation::England]);
        assert!(got[1].coming);
        // A one-nation list is the same as the nation.
        assert_eq!(
            cites("[{ id: x, nation: [wales] }]").unwrap(),
            cites("[{ id: x, nation: wales }]").unwrap()
        );
    }

    #[test]
    fn an_unknown_or_missing_nation_is_named_in_the_error() {
        let e = cites("[{ id: x, nation: scotand }]").unwrap_err();
        assert!(
            e.contains("`scotand` in `nation:` of the citation of `x` is not a nation"),
            "{e}"
        );
        assert!(e.contains("[england, wales]"), "{e}");
        let e = cites("[{ id: x, nation: [england, walse] }]").unwrap_err();
        assert!(e.contains("`walse`"), "{e}");
        let e = cites("[{ id: x, nation: [] }]").unwrap_err();
        assert!(e.contains("names no nation"), "{e}");
        // Not a map of the known keys: the general message, naming both forms of `nation:`.
        let e = cites("[{ id: x, nations: wales }]").unwrap_err();
        assert!(
            e.contains("nation: wales") && e.contains("nation: [england, wales]"),
            "{e}"
        );
    }

    #[test]
    fn one_nation_is_written_back_as_one_and_several_as_a_list() {
        let got =
            cites("[{ id: x, nation: wales }, { id: y, nation: [england, wales] }, z]").unwrap();
        let yaml = serde_yaml::to_string(&got).unwrap();
        assert!(yaml.contains("nation: wales"), "{yaml}");
        assert!(
            yaml.contains("- england\n") && yaml.contains("- wales\n"),
            "{yaml}"
        );
        assert_eq!(cites(&yaml).unwrap(), got);
    }
}
