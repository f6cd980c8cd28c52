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

/// Hiding an audience hides what only it reads: the base's pages in its folder
/// (`content/<id>/`) and those written for hidden audiences only go (links to them from base
/// pages become plain text, as for any hidden page); other base pages just forget it.
pub fn drop_hidden_audiences(tree: &mut super::content::ContentTree, hidden: &[String]) {
    if hidden.is_empty() {
        return;
    }
    let is_hidden = |a: &String| hidden.contains(a);
    let mut gone = Vec::new();
    tree.pages.retain_mut(|p| {
        if !p.from_base {
            return true;
        }
        let in_folder = p
            .rel
            .split('/')
            .next()
            .is_some_and(|f| hidden.iter().any(|h| h == f))
            && p.rel.contains('/');
        let only_hidden =
            p.fm.audience
                .as_ref()
                .is_some_and(|a| !a.is_empty() && a.iter().all(is_hidden));
        if in_folder || only_hidden {
            gone.push((p.rel.clone(), p.display.clone()));
            return false;
        }
        if let Some(a) = &mut p.fm.audience {
            a.retain(|x| !is_hidden(x));
        }
        true
    });
    tree.hidden.extend(gone);
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
