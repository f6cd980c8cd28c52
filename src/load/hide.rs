//! `hide:` in site.yaml: what a site leaves out of its base. Either the plain list of base pages
//! (`hide: [young-people/scams-and-money.md]`, the first form, still read) or a mapping that
//! also names report routes and audiences by id:
//! `hide: { pages: [...], report: [...], audiences: [...] }`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "HideRaw")]
pub struct Hide {
    /// Base pages, by source path under content/.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<String>,
    /// Base report routes, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub report: Vec<String>,
    /// Base audiences, by id.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub audiences: Vec<String>,
}

impl Hide {
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.report.is_empty() && self.audiences.is_empty()
    }

    /// The ids hidden from the list `key` (`report` or `audiences`).
    pub fn ids(&self, key: &str) -> &[String] {
        match key {
            "report" => &self.report,
            "audiences" => &self.audiences,
            _ => &[],
        }
    }

    /// Everything `self` and `other` hide.
    pub fn union(mut self, other: Hide) -> Hide {
        for (mine, theirs) in [
            (&mut self.pages, other.pages),
            (&mut self.report, other.report),
            (&mut self.audiences, other.audiences),
        ] {
            for x in theirs {
                if !mine.contains(&x) {
                    mine.push(x);
                }
            }
        }
        self
    }

    /// `hide:` as written (either form), or the empty one when it is absent or malformed (the
    /// strict parse of site.yaml names a malformed one).
    pub fn from_value(v: Option<&serde_yaml::Value>) -> Hide {
        v.and_then(|v| serde_yaml::from_value(v.clone()).ok())
            .unwrap_or_default()
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum HideRaw {
    Pages(Vec<String>),
    Lists(HideLists),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HideLists {
    #[serde(default)]
    pages: Vec<String>,
    #[serde(default)]
    report: Vec<String>,
    #[serde(default)]
    audiences: Vec<String>,
}

impl From<HideRaw> for Hide {
    fn from(raw: HideRaw) -> Hide {
        match raw {
            HideRaw::Pages(pages) => Hide {
                pages,
                ..Default::default()
            },
            HideRaw::Lists(l) => Hide {
                pages: l.pages,
                report: l.report,
                audiences: l.audiences,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_read() {
        let plain: Hide = serde_yaml::from_str("[a.md, b.md]").unwrap();
        assert_eq!(plain.pages, ["a.md", "b.md"]);
        let lists: Hide =
            serde_yaml::from_str("{ pages: [a.md], report: [iwf], audiences: [schools] }").unwrap();
        assert_eq!(lists.ids("report"), ["iwf"]);
        assert_eq!(lists.ids("audiences"), ["schools"]);
        assert!(serde_yaml::from_str::<Hide>("{ route: [iwf] }").is_err());
        let both = plain.union(lists);
        assert_eq!(both.pages, ["a.md", "b.md"]);
        assert_eq!(both.report, ["iwf"]);
    }
}
