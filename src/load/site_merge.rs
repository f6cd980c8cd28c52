//! A site's `site.yaml` laid over its base's. A key the site gives replaces the base's, except:
//! `hide`, which adds to it; `local`, where a plain value fills the base's declaration of the
//! same key (keeping its label and hint); and the lists a base declares (`audiences`, `report`),
//! which merge by `id` like Hugo's config merge or WordPress menus: a new id adds an entry (where
//! `before:`/`after:` another id or `weight:` puts it), the same id replaces that entry field by
//! field, `hide: { report: [...], audiences: [...] }` removes one, and `report_replace: true` /
//! `audiences_replace: true` replace the whole list.

use serde_yaml::{Mapping, Value};

use super::hide::Hide;
use super::yaml::Embedded;
use crate::diagnostics::{rule, Diagnostic, Diagnostics};

/// The lists merged by id, in the order they are merged (routes name audiences).
pub const LISTS: [&str; 2] = ["audiences", "report"];

/// Keys that place an entry in its list; used by the merge, not kept in the result.
const POSITION: [&str; 3] = ["before", "after", "weight"];

/// The base's settings with the site's own (`own`, written at `at`) laid over them. Errors (an
/// id that names no entry) and warnings (every base entry replaced without saying so) go to `ds`.
pub fn overlay(mut base: Mapping, own: Mapping, at: Embedded<'_>, ds: &mut Diagnostics) -> Mapping {
    let base_hide = Hide::from_value(base.get("hide"));
    let own_hide = Hide::from_value(own.get("hide"));
    merge_lists(&mut base, &own, &own_hide, at, ds);
    for (k, v) in own {
        // A key written with nothing after it (`local:` with every line commented out) gives
        // nothing: the base's value stands.
        if v.is_null() {
            continue;
        }
        let key = k.as_str().unwrap_or_default();
        if LISTS.contains(&key) || LISTS.iter().any(|l| key == format!("{l}_replace")) {
            continue;
        }
        if key == "hide" {
            let both = base_hide.clone().union(own_hide.clone());
            base.insert(k, serde_yaml::to_value(both).unwrap_or(Value::Null));
            continue;
        }
        if key == "local" {
            if let (Some(Value::Mapping(below)), Value::Mapping(mine)) = (base.get_mut(&k), &v) {
                fill_locals(below, mine);
                continue;
            }
        }
        base.insert(k, v);
    }
    base
}

fn fill_locals(below: &mut Mapping, mine: &Mapping) {
    for (key, value) in mine {
        match below.get_mut(key) {
            // `key:` left empty, as `safeguide new` writes it: the base's value (if any) stands.
            Some(Value::Mapping(_)) if value.is_null() => {}
            Some(Value::Mapping(decl)) if !value.is_mapping() && !value.is_sequence() => {
                decl.insert("value".into(), value.clone());
            }
            _ => {
                below.insert(key.clone(), value.clone());
            }
        }
    }
}

fn id_of(v: &Value) -> Option<&str> {
    v.get("id")?.as_str()
}

/// Where an entry of the site's list goes in the merged list: the base entry with its id, else
/// (a route written before routes had ids) the base entry with the same label.
fn find(list: &[Value], entry: &Value) -> Option<usize> {
    match id_of(entry) {
        Some(id) => list.iter().position(|e| id_of(e) == Some(id)),
        None => {
            let label = entry.get("label")?.as_str()?;
            list.iter()
                .position(|e| e.get("label").and_then(Value::as_str) == Some(label))
        }
    }
}

fn merge_lists(
    base: &mut Mapping,
    own: &Mapping,
    hide: &Hide,
    at: Embedded<'_>,
    ds: &mut Diagnostics,
) {
    for key in LISTS {
        let replace = own
            .get(format!("{key}_replace"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let mine: Vec<Value> = match own.get(key) {
            Some(Value::Sequence(s)) => s.clone(),
            // Not a list: the strict parse of site.yaml names it.
            _ => Vec::new(),
        };
        let below: Vec<Value> = match base.get(key) {
            Some(Value::Sequence(s)) if !replace => s.clone(),
            _ => Vec::new(),
        };
        let base_ids: Vec<String> = below.iter().filter_map(id_of).map(String::from).collect();
        let (mut list, replaced) = merge_one(key, below, mine, at, ds);
        for (i, h) in hide.ids(key).iter().enumerate() {
            match list.iter().position(|e| id_of(e) == Some(h.as_str())) {
                Some(p) => {
                    list.remove(p);
                }
                None => ds.push(unknown_id(at, key, h, &list, "hide", i)),
            }
        }
        let gone = |id: &String| replaced.contains(id) || hide.ids(key).contains(id);
        if !replace && !base_ids.is_empty() && base_ids.iter().all(gone) {
            ds.push(at.at_key(
                Diagnostic::warning(
                    rule::CONFIG,
                    format!("site.yaml replaces or hides every `{key}` entry of its base, one by one"),
                )
                .help(format!(
                    "to replace the base's list, say so with `{key}_replace: true`; to add to it, \
                     give only your own entries (each with a new `id:`) and those you change"
                )),
                key,
                None,
            ));
        }
        if list.iter().any(|e| e.get("weight").is_some()) {
            list.sort_by(|a, b| weight(a).total_cmp(&weight(b)));
        }
        for e in &mut list {
            if let Value::Mapping(m) = e {
                for p in POSITION {
                    m.remove(p);
                }
            }
        }
        if !(list.is_empty() && base.get(key).is_none()) {
            base.insert(key.into(), Value::Sequence(list));
        }
    }
    forget_hidden_audiences(base, hide);
}

fn weight(v: &Value) -> f64 {
    v.get("weight").and_then(Value::as_f64).unwrap_or(0.0)
}

/// The base's list `below` with the site's entries `mine` merged in; and the base ids replaced.
fn merge_one(
    key: &str,
    mut list: Vec<Value>,
    mine: Vec<Value>,
    at: Embedded<'_>,
    ds: &mut Diagnostics,
) -> (Vec<Value>, Vec<String>) {
    let mut replaced = Vec::new();
    for entry in mine {
        let Value::Mapping(fields) = &entry else {
            list.push(entry);
            continue;
        };
        let at_index = match find(&list, &entry) {
            Some(i) => {
                let mut merged = list.remove(i);
                if let Some(id) = id_of(&merged) {
                    replaced.push(id.to_string());
                }
                if let Value::Mapping(m) = &mut merged {
                    for (k, v) in fields {
                        m.insert(k.clone(), v.clone());
                    }
                }
                let moved = fields.contains_key("before") || fields.contains_key("after");
                (merged, if moved { None } else { Some(i) })
            }
            None => (entry.clone(), None),
        };
        let (merged, kept) = at_index;
        let index = match kept {
            Some(i) => i,
            None => place(key, &list, fields, at, ds),
        };
        list.insert(index.min(list.len()), merged);
    }
    (list, replaced)
}

/// The index `before:`/`after:` give a new or moved entry; the end of the list without them.
fn place(
    key: &str,
    list: &[Value],
    fields: &Mapping,
    at: Embedded<'_>,
    ds: &mut Diagnostics,
) -> usize {
    for (side, shift) in [("before", 0), ("after", 1)] {
        if let Some(other) = fields.get(side).and_then(Value::as_str) {
            match list.iter().position(|e| id_of(e) == Some(other)) {
                Some(p) => return p + shift,
                None => ds.push(unknown_id(at, key, other, list, side, 0)),
            }
        }
    }
    list.len()
}

/// An id in `hide:`, `before:` or `after:` that names no entry of the list `key`.
fn unknown_id(
    at: Embedded<'_>,
    key: &str,
    id: &str,
    list: &[Value],
    side: &str,
    index: usize,
) -> Diagnostic {
    let ids: Vec<&str> = list.iter().filter_map(id_of).collect();
    let closest = ids
        .iter()
        .map(|i| (strsim::levenshtein(id, i), *i))
        .min()
        .filter(|(d, _)| *d <= 3);
    let help = match closest {
        Some((_, c)) => format!("did you mean `{c}`?"),
        None => format!("the ids of `{key}` are: {}", ids.join(", ")),
    };
    let d = Diagnostic::error(
        rule::CONFIG,
        format!("`{side}: {id}` names no `{key}` entry of this site or its base"),
    )
    .help(help);
    if side == "hide" {
        // The list under `hide:`, not the site's own list of the same name above it.
        let yaml = &at.file_text[at.offset..];
        let under = Embedded {
            offset: at.offset + super::yaml::find_key(yaml, "hide").unwrap_or(0),
            ..at
        };
        under.at_list_item(d, key, id, index)
    } else {
        at.at_key(d, side, Some(id))
    }
}

/// A hidden audience leaves the `for:` of every route; a route that was only for hidden
/// audiences goes with them.
fn forget_hidden_audiences(base: &mut Mapping, hide: &Hide) {
    if hide.audiences.is_empty() {
        return;
    }
    let Some(Value::Sequence(routes)) = base.get_mut("report") else {
        return;
    };
    routes.retain_mut(|r| {
        let Some(Value::Sequence(f)) = r.get_mut("for") else {
            return true;
        };
        f.retain(|a| {
            !a.as_str()
                .is_some_and(|a| hide.audiences.iter().any(|h| h == a))
        });
        !f.is_empty()
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn merge(base: &str, own: &str) -> (Mapping, Diagnostics) {
        let mut ds = Diagnostics::new();
        let at = Embedded::whole(Path::new("site.yaml"), own);
        let m = overlay(
            serde_yaml::from_str(base).unwrap(),
            serde_yaml::from_str(own).unwrap(),
            at,
            &mut ds,
        );
        (m, ds)
    }

    fn ids(m: &Mapping, key: &str) -> Vec<String> {
        m[key]
            .as_sequence()
            .unwrap()
            .iter()
            .map(|e| id_of(e).unwrap_or("-").to_string())
            .collect()
    }

    const BASE: &str = "report:\n  - { id: a, label: A }\n  - { id: b, label: B, for: [x] }\n  - { id: c, label: C, for: [x, y] }\naudiences:\n  - { id: x, name: X }\n  - { id: y, name: Y }\n";

    #[test]
    fn new_ids_add_same_ids_replace_field_by_field() {
        let (m, ds) = merge(BASE, "report:\n  - { id: local, label: L, after: a }\n  - { id: b, description: D }\n  - { id: z, label: Z, weight: -1 }\n");
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(ids(&m, "report"), ["z", "a", "local", "b", "c"]);
        let b = &m["report"][3];
        assert_eq!(
            (b["label"].as_str(), b["description"].as_str()),
            (Some("B"), Some("D"))
        );
        assert!(b.get("after").is_none() && m["report"][0].get("weight").is_none());
    }

    #[test]
    fn hide_removes_by_id_and_a_hidden_audience_leaves_routes() {
        let (m, ds) = merge(
            BASE,
            "hide:\n  pages: [p.md]\n  report: [a]\n  audiences: [x]\n",
        );
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(ids(&m, "report"), ["c"]);
        assert_eq!(ids(&m, "audiences"), ["y"]);
        assert_eq!(Hide::from_value(m.get("hide")).pages, ["p.md"]);
    }

    #[test]
    fn replacing_every_entry_warns_unless_said() {
        let own = "report:\n  - { id: a, label: A2 }\n  - { id: b, label: B2 }\n  - { id: c, label: C2 }\n";
        let (_, ds) = merge(BASE, own);
        let w = ds.iter().next().expect("a warning");
        assert_eq!(
            (w.line, w.severity),
            (1, crate::diagnostics::Severity::Warning)
        );
        let (m, ds) = merge(BASE, &format!("report_replace: true\n{own}"));
        assert!(ds.is_empty());
        assert_eq!(ids(&m, "report"), ["a", "b", "c"]);
        let (m, _) = merge(
            BASE,
            "report_replace: true\nreport:\n  - { id: n, label: N }\n",
        );
        assert_eq!(ids(&m, "report"), ["n"]);
    }

    #[test]
    fn unknown_ids_are_errors_on_their_line() {
        let (_, ds) = merge(
            BASE,
            "report:\n  - { id: n, label: N, before: bb }\nhide:\n  report:\n    - q\n",
        );
        let lines: Vec<usize> = ds.iter().map(|d| d.line).collect();
        assert!(ds.has_errors());
        assert_eq!(lines, [2, 5], "{ds:?}");
        assert!(ds
            .iter()
            .next()
            .unwrap()
            .help
            .as_deref()
            .unwrap()
            .contains("`b`"));
    }

    #[test]
    fn a_route_without_an_id_replaces_the_base_route_with_its_label() {
        let (m, _) = merge(BASE, "report:\n  - { label: B, url: https://b.example/ }\n");
        assert_eq!(ids(&m, "report"), ["a", "b", "c"]);
        assert_eq!(m["report"][1]["url"].as_str(), Some("https://b.example/"));
    }

    #[test]
    fn a_site_value_fills_the_bases_local_declaration() {
        let (m, _) = merge(
            "local:\n  lado: { label: LADO, hint: How to reach them }\n  police: { label: Police, value: '101' }\nhide: [a.md]\n",
            "local:\n  lado: 01234 567\n  police:\n  extra: x\nhide: [b.md]\n",
        );
        let local = m["local"].as_mapping().unwrap();
        assert_eq!(local["lado"]["label"].as_str(), Some("LADO"));
        assert_eq!(local["lado"]["value"].as_str(), Some("01234 567"));
        // Left empty by the site: the base's value stands.
        assert_eq!(local["police"]["value"].as_str(), Some("101"));
        assert_eq!(local["extra"].as_str(), Some("x"));
        assert_eq!(Hide::from_value(m.get("hide")).pages, ["a.md", "b.md"]);
    }
}
