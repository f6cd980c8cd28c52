//! `frameworks.yaml`: the statutory guidance and laws a site's pages rely on, each edition with the
//! date it came into force and the edition that replaced it, plus the outdated names and terms that
//! `check` looks for in page text. Pages name what they rely on with `cites: [id, ...]`.

use crate::diagnostics::rule;
use crate::safe_fs::read;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::content::SourcePage;
use super::date::Date;
use super::yaml::{self, Embedded};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const FILE: &str = "frameworks.yaml";

/// Words that mark a sentence as history rather than current advice ("LSCBs were abolished in
/// 2017"), used when frameworks.yaml gives no `historical_words` of its own.
pub const DEFAULT_HISTORICAL_WORDS: [&str; 12] = [
    "formerly",
    "previously",
    "replaced",
    "replaces",
    "abolished",
    "superseded",
    "used to",
    "instead of",
    "no longer",
    "was called",
    "were called",
    "until",
];

/// The text that tells `check` a line speaks of an old edition or term on purpose.
pub const IGNORE_MARKER: &str = "safeguide-ignore outdated";

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    /// What pages write in `cites:` (`kcsie-2025`).
    pub id: String,
    pub title: String,
    /// A short name readers use (`KCSIE`): "KCSIE 2023" is then recognised in page text.
    #[serde(default)]
    pub short: Option<String>,
    /// The edition as people name it (`2025`, `"2023, updated 2024"`).
    #[serde(deserialize_with = "text")]
    pub edition: String,
    pub in_force_from: Date,
    /// The id of the edition that replaced this one; it is superseded once that one is in force.
    #[serde(default)]
    pub superseded_by: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// Where it applies (England, Wales, UK).
    #[serde(default)]
    pub applies_to: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    /// More ways page text names this edition, besides "<title> <edition>" and "<short> <edition>".
    #[serde(default)]
    pub names: Vec<String>,
    /// What could not be confirmed, or anything else a reviewer should know.
    #[serde(default)]
    pub note: Option<String>,
}

impl Framework {
    /// "Keeping children safe in education 2025".
    pub fn full_name(&self) -> String {
        format!("{} {}", self.title, self.edition)
    }

    /// Every way page text may name this edition.
    pub fn text_names(&self) -> Vec<String> {
        let mut names = vec![
            format!("{} {}", self.title, self.edition),
            format!("{} ({})", self.title, self.edition),
        ];
        if let Some(short) = self.short.as_deref().filter(|s| !s.trim().is_empty()) {
            names.push(format!("{short} {}", self.edition));
            names.push(format!("{short} ({})", self.edition));
        }
        names.extend(self.names.iter().cloned());
        names
    }
}

/// A word or name that should no longer be used as current (`sexting`, `LSCB`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutdatedTerm {
    pub terms: Vec<String>,
    /// What to write instead.
    pub instead: String,
    /// Why, with the source, shown in the warning's help.
    #[serde(default)]
    pub why: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    frameworks: Vec<Framework>,
    #[serde(default)]
    outdated_terms: Vec<OutdatedTerm>,
    #[serde(default)]
    historical_words: Option<Vec<String>>,
}

/// An edition's standing on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Comes into force later.
    NotYetInForce {
        from: Date,
    },
    InForce,
    /// In force now; its successor (index) takes over on `from`.
    ReplacedFrom {
        by: usize,
        from: Date,
    },
    /// Its successor `by` has been in force since `on`; `current` is the edition in force today at
    /// the end of the chain of successors.
    Superseded {
        by: usize,
        on: Date,
        current: usize,
    },
}

impl State {
    pub fn id(self) -> &'static str {
        match self {
            State::NotYetInForce { .. } => "not-yet",
            State::InForce => "in-force",
            State::ReplacedFrom { .. } => "replaced-soon",
            State::Superseded { .. } => "superseded",
        }
    }
}

/// The loaded registry. Empty (with the default historical words) when the site has no file.
#[derive(Debug, Clone, Default)]
pub struct Frameworks {
    /// `frameworks.yaml` when the site has one.
    pub display: Option<PathBuf>,
    pub list: Vec<Framework>,
    pub by_id: HashMap<String, usize>,
    pub outdated_terms: Vec<OutdatedTerm>,
    pub historical_words: Vec<String>,
}

impl Frameworks {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Where edition `idx` stands on `today`. Chains of successors were checked for loops when
    /// loading; the step limit only guards against a registry built some other way.
    pub fn state(&self, idx: usize, today: Date) -> State {
        let f = &self.list[idx];
        if f.in_force_from > today {
            return State::NotYetInForce {
                from: f.in_force_from,
            };
        }
        let Some(by) = self.successor(idx) else {
            return State::InForce;
        };
        let on = self.list[by].in_force_from;
        if on > today {
            return State::ReplacedFrom { by, from: on };
        }
        let mut current = by;
        for _ in 0..self.list.len() {
            match self.successor(current) {
                Some(next) if self.list[next].in_force_from <= today => current = next,
                _ => break,
            }
        }
        State::Superseded { by, on, current }
    }

    fn successor(&self, idx: usize) -> Option<usize> {
        self.list[idx]
            .superseded_by
            .as_deref()
            .and_then(|id| self.get(id))
    }

    /// Reads `root/frameworks.yaml`. A missing file is an empty registry; problems are reported
    /// and the entries in error left out, so pages citing them are not reported a second time
    /// as citing unknown ids.
    pub fn load(root: &Path) -> (Frameworks, Diagnostics) {
        Self::load_layered(&super::layers::Layers::site(root))
    }

    /// The registry of the topmost layer that has one: a site's own `frameworks.yaml` replaces
    /// its base's, and a thin site on `base: default` uses the built-in pack's.
    pub fn load_layered(layers: &super::layers::Layers) -> (Frameworks, Diagnostics) {
        let mut ds = Diagnostics::new();
        let empty = Frameworks {
            historical_words: DEFAULT_HISTORICAL_WORDS.map(String::from).to_vec(),
            ..Frameworks::default()
        };
        let found = layers.stack.iter().find_map(|layer| match layer {
            super::layers::LayerRoot::Folder { root, .. } => {
                match read::read_text(root, &root.join(FILE), read::TEXT_LIMIT) {
                    Err(e) if e.is_missing() => None,
                    text => Some((text, layer.display(FILE))),
                }
            }
            super::layers::LayerRoot::Builtin => Some((
                Ok(crate::embedded::DEFAULT_FRAMEWORKS.to_string()),
                layer.display(FILE),
            )),
        });
        let Some((text, display)) = found else {
            return (empty, ds);
        };
        let text = match text {
            Ok(t) => t,
            Err(e) => {
                ds.push(e.diagnostic(rule::FRAMEWORKS, &display));
                return (empty, ds);
            }
        };
        match Self::parse(&text, &display) {
            Ok((f, problems)) => {
                ds.extend(problems);
                (f, ds)
            }
            Err(problems) => {
                ds.extend(problems);
                (empty, ds)
            }
        }
    }

    /// Parses the text of a frameworks file. `Err` when it cannot be read at all; otherwise the
    /// registry and the problems of single entries (which are left out of it).
    pub fn parse(
        text: &str,
        display: &Path,
    ) -> Result<(Frameworks, Vec<Diagnostic>), Vec<Diagnostic>> {
        let at = Embedded::whole(display, text);
        let raw: RawFile = if text.trim().is_empty() {
            RawFile {
                frameworks: Vec::new(),
                outdated_terms: Vec::new(),
                historical_words: None,
            }
        } else {
            yaml::parse_all(text, at, FILE, "").map_err(|errs| {
                errs.into_iter()
                    .map(|d| point_at_value(d, text, display))
                    .collect::<Vec<_>>()
            })?
        };
        let mut ds = Vec::new();
        let items = list_items(text, "frameworks");
        let field = |i: usize, name: &str| field_offset(text, &items, i, name);
        let mut raw = raw;
        for (i, f) in raw.frameworks.iter_mut().enumerate() {
            // The one URL rule: a `url:` becomes a link in the governance report. The entry
            // stays (pages cite it); only the address is dropped.
            if let Some(scheme) = f
                .url
                .as_deref()
                .and_then(|u| super::web_address::refused_scheme(u, false))
            {
                ds.push(at.at(
                    Diagnostic::error(
                        rule::FRAMEWORKS,
                        format!(
                            "the `url:` of `{}` is a `{scheme}:` address, which is never published as a link",
                            f.id
                        ),
                    )
                    .help("give the web address of the guidance, starting https://"),
                    field(i, "url"),
                ));
                f.url = None;
            }
        }
        let mut bad = vec![false; raw.frameworks.len()];
        let mut by_id: HashMap<String, usize> = HashMap::new();
        for (i, f) in raw.frameworks.iter().enumerate() {
            let id_ok = !f.id.is_empty()
                && f.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
            if !id_ok {
                ds.push(at.at(
                    Diagnostic::error(
                        rule::FRAMEWORKS,
                        format!("the framework id `{}` is not lower-case letters, digits and hyphens", f.id),
                    )
                    .help("write ids like `kcsie-2025`: pages cite them in `cites: [kcsie-2025]`"),
                    field(i, "id"),
                ));
                bad[i] = true;
                continue;
            }
            if let Some(&first) = by_id.get(&f.id) {
                let (line, _) = crate::diagnostics::line_col(text, field(first, "id"));
                ds.push(at.at(
                    Diagnostic::error(
                        rule::FRAMEWORKS,
                        format!("the framework id `{}` is listed twice", f.id),
                    )
                    .help(format!(
                        "keep one entry (the first is on line {line}), or give each edition its own id such as `{}-2`",
                        f.id
                    )),
                    field(i, "id"),
                ));
                bad[i] = true;
                continue;
            }
            by_id.insert(f.id.clone(), i);
            for (name, value) in [("title", &f.title), ("edition", &f.edition)] {
                if value.trim().is_empty() {
                    ds.push(at.at(
                        Diagnostic::error(rule::FRAMEWORKS, format!("`{}` has an empty {name}", f.id))
                            .help(format!("give `{name}:` a value, as readers and the governance report show it")),
                        field(i, name),
                    ));
                    bad[i] = true;
                }
            }
        }
        for (i, f) in raw.frameworks.iter().enumerate() {
            let Some(next) = f.superseded_by.as_deref() else {
                continue;
            };
            if bad[i] {
                continue;
            }
            let problem = match by_id.get(next) {
                None => {
                    let closest = by_id
                        .keys()
                        .filter(|k| **k != f.id)
                        .map(|k| (strsim::levenshtein(next, k), k))
                        .filter(|(d, _)| *d <= 3)
                        .min();
                    Some((
                        format!("`{}` is superseded by `{next}`, which is not in {FILE}", f.id),
                        match closest {
                            Some((_, k)) => format!("did you mean `{k}`?"),
                            None => format!("add an entry with `id: {next}` (with its title, edition and in_force_from), or remove `superseded_by`"),
                        },
                    ))
                }
                Some(&j) if j == i => Some((
                    format!("`{}` is superseded by itself", f.id),
                    "name the id of the newer edition, or remove `superseded_by`".to_string(),
                )),
                Some(&j) if raw.frameworks[j].in_force_from < f.in_force_from => Some((
                    format!(
                        "`{}` is superseded by `{next}`, which came into force before it ({} is before {})",
                        f.id, raw.frameworks[j].in_force_from, f.in_force_from
                    ),
                    "check both `in_force_from` dates and which edition replaced which".to_string(),
                )),
                Some(_) if leads_back(&raw.frameworks, &by_id, i) => Some((
                    format!("the editions superseding `{}` lead back to it", f.id),
                    "each edition should be superseded by a newer one; remove the `superseded_by` that points back".to_string(),
                )),
                Some(_) => None,
            };
            if let Some((message, help)) = problem {
                ds.push(at.at(
                    Diagnostic::error(rule::FRAMEWORKS, message).help(help),
                    field(i, "superseded_by"),
                ));
                bad[i] = true;
            }
        }
        for (i, t) in raw.outdated_terms.iter().enumerate() {
            let empty_term = t.terms.is_empty() || t.terms.iter().any(|s| s.trim().is_empty());
            if empty_term || t.instead.trim().is_empty() {
                let items = list_items(text, "outdated_terms");
                ds.push(at.at(
                    Diagnostic::error(
                        rule::FRAMEWORKS,
                        "an outdated term needs `terms` (a list of words) and `instead` (what to write)",
                    )
                    .help("e.g. `- { terms: [sexting], instead: sharing nudes and semi-nudes }`"),
                    items.get(i).map_or(0, |r| r.0),
                ));
            }
        }
        let outdated_terms = raw
            .outdated_terms
            .into_iter()
            .filter(|t| !t.terms.is_empty() && !t.instead.trim().is_empty())
            .map(|mut t| {
                t.terms.retain(|s| !s.trim().is_empty());
                t
            })
            .collect();
        let list: Vec<Framework> = raw
            .frameworks
            .into_iter()
            .zip(&bad)
            .filter(|(_, bad)| !**bad)
            .map(|(f, _)| f)
            .collect();
        let by_id = list
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        let historical_words = raw
            .historical_words
            .unwrap_or_else(|| DEFAULT_HISTORICAL_WORDS.map(String::from).to_vec())
            .into_iter()
            .filter(|w| !w.trim().is_empty())
            .collect();
        Ok((
            Frameworks {
                display: Some(display.to_path_buf()),
                list,
                by_id,
                outdated_terms,
                historical_words,
            },
            ds,
        ))
    }

    /// Errors for ids in a page's `cites:` that the registry does not list.
    pub fn check_cites(&self, page: &SourcePage) -> Vec<Diagnostic> {
        let mut ds = Vec::new();
        for (n, id) in page.fm.cites.iter().enumerate() {
            if self.get(id).is_some() {
                continue;
            }
            let closest = self
                .by_id
                .keys()
                .map(|k| (strsim::levenshtein(id, k), k))
                .filter(|(d, _)| *d <= 3)
                .min();
            let help = match (closest, &self.display) {
                (Some((_, k)), _) => format!("did you mean `{k}`? Ids are listed in {FILE}"),
                (None, Some(_)) => format!(
                    "use an id from {FILE} (e.g. `{}`), or add an entry for it there",
                    self.list.first().map_or("kcsie-2025", |f| f.id.as_str())
                ),
                (None, None) => format!(
                    "the site has no {FILE}: create one listing `id: {id}` with its title, edition and in_force_from (see docs/authoring.md), or remove the citation"
                ),
            };
            ds.push(
                page.yaml_at().at_list_item(
                    Diagnostic::error(
                        rule::UNKNOWN_FRAMEWORK,
                        format!("`cites` names `{id}`, which is not a framework in {FILE}"),
                    )
                    .help(help),
                    "cites",
                    id,
                    n,
                ),
            );
        }
        ds
    }
}

/// serde places errors raised by our own types (a bad date) at the start of the list item that
/// holds them; the value itself, quoted in the message, is where the fix belongs.
fn point_at_value(d: Diagnostic, text: &str, display: &Path) -> Diagnostic {
    let value = d.message.split('`').nth(1).filter(|v| !v.is_empty());
    let from = text
        .split_inclusive('\n')
        .take(d.line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    match value.and_then(|v| text[from..].find(v)) {
        Some(pos) if d.message.contains("invalid date") => {
            let (help, rule, message) = (d.help.clone(), d.rule, d.message.clone());
            let mut moved =
                Diagnostic::new(d.severity, rule, message).at_offset(display, text, from + pos);
            moved.help = help;
            moved
        }
        _ => d,
    }
}

/// Whether following `superseded_by` from `start` comes back to it.
fn leads_back(list: &[Framework], by_id: &HashMap<String, usize>, start: usize) -> bool {
    let mut cur = start;
    for _ in 0..list.len() {
        match list[cur]
            .superseded_by
            .as_deref()
            .and_then(|id| by_id.get(id))
        {
            Some(&next) if next == start => return true,
            Some(&next) => cur = next,
            None => return false,
        }
    }
    true
}

/// `edition: 2025` is read as a number by YAML: accept it as text.
fn text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match serde_yaml::Value::deserialize(d)? {
        serde_yaml::Value::String(s) => Ok(s.trim().to_string()),
        serde_yaml::Value::Number(n) => Ok(n.to_string()),
        _ => Err(D::Error::custom(
            "the edition must be text or a year, e.g. `edition: \"2025\"`",
        )),
    }
}

/// Byte ranges of the block-list items (`- ...`) under the top-level `key`.
fn list_items(text: &str, key: &str) -> Vec<(usize, usize)> {
    let Some(start) = yaml::find_key(text, key) else {
        return Vec::new();
    };
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut indent: Option<usize> = None;
    let mut offset = start;
    for (n, line) in text[start..].split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let this_indent = line.len() - trimmed.len();
        let blank = trimmed.trim().is_empty() || trimmed.starts_with('#');
        if n > 0 && !blank {
            let is_item = trimmed.starts_with("- ") || trimmed.trim_end() == "-";
            if is_item && indent.is_none_or(|i| i == this_indent) {
                indent = Some(this_indent);
                if let Some(last) = items.last_mut() {
                    last.1 = offset;
                }
                items.push((offset + this_indent, text.len()));
            } else if this_indent == 0 && !is_item {
                // The next top-level key ends the list.
                if let Some(last) = items.last_mut() {
                    last.1 = offset;
                }
                break;
            }
        }
        offset += line.len();
    }
    items
}

/// Offset of `name:` inside list item `i`, or of the item itself (or 0) when not found.
fn field_offset(text: &str, items: &[(usize, usize)], i: usize, name: &str) -> usize {
    let Some(&(start, end)) = items.get(i) else {
        return 0;
    };
    let item = &text[start..end];
    let mut offset = 0;
    for line in item.split_inclusive('\n') {
        let trimmed = line.trim_start().trim_start_matches("- ").trim_start();
        if let Some(rest) = trimmed.strip_prefix(name) {
            if rest.trim_start().starts_with(':') {
                return start + offset + (line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    const GOOD: &str = "\
frameworks:
  - id: kcsie-2024
    title: Keeping children safe in education
    short: KCSIE
    edition: 2024
    in_force_from: 2024-09-01
    superseded_by: kcsie-2025
  - id: kcsie-2025
    title: Keeping children safe in education
    short: KCSIE
    edition: \"2025\"
    in_force_from: 2025-09-01
    superseded_by: kcsie-2026
  - id: kcsie-2026
    title: Keeping children safe in education
    edition: \"2026\"
    in_force_from: 2026-09-01
outdated_terms:
  - terms: [sexting]
    instead: sharing nudes and semi-nudes
";

    #[test]
    fn states_follow_the_dates_of_successors() {
        let (f, ds) = Frameworks::parse(GOOD, Path::new(FILE)).unwrap();
        assert!(ds.is_empty(), "{ds:?}");
        assert_eq!(f.list[0].edition, "2024");
        let (k24, k25, k26) = (0, 1, 2);
        assert_eq!(
            f.state(k24, d("2024-08-31")),
            State::NotYetInForce {
                from: d("2024-09-01")
            }
        );
        assert_eq!(
            f.state(k24, d("2025-01-01")),
            State::ReplacedFrom {
                by: k25,
                from: d("2025-09-01")
            }
        );
        // Two successors in force: the current edition is the last of the chain.
        assert_eq!(
            f.state(k24, d("2026-12-01")),
            State::Superseded {
                by: k25,
                on: d("2025-09-01"),
                current: k26
            }
        );
        assert_eq!(f.state(k26, d("2026-12-01")), State::InForce);
        assert!(f.list[0].text_names().contains(&"KCSIE 2024".to_string()));
    }

    #[test]
    fn unknown_keys_bad_dates_and_bad_links_are_errors_at_their_line() {
        let text = "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force_from: 2025-02-30\n";
        let errs = Frameworks::parse(text, Path::new(FILE)).unwrap_err();
        assert_eq!(errs[0].line, 5, "{errs:?}");
        assert!(errs[0].message.contains("invalid date"), "{errs:?}");

        let text =
            "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force: 2025-02-03\n";
        let errs = Frameworks::parse(text, Path::new(FILE)).unwrap_err();
        assert_eq!(errs[0].line, 5, "{errs:?}");
        assert!(
            errs[0].message.contains("unknown field `in_force`"),
            "{errs:?}"
        );

        let text = "frameworks:\n  - id: a-1\n    title: A\n    edition: 1\n    in_force_from: 2025-01-01\n    superseded_by: a-3\n  - id: a-2\n    title: A\n    edition: 2\n    in_force_from: 2024-01-01\n  - id: a-1\n    title: B\n    edition: 3\n    in_force_from: 2024-01-01\n";
        let (f, ds) = Frameworks::parse(text, Path::new(FILE)).unwrap();
        let got: Vec<(usize, bool)> = ds
            .iter()
            .map(|d| (d.line, d.help.as_deref().unwrap_or("").contains("a-2")))
            .collect();
        // The repeated id (line 11) and the unknown successor (line 6, `a-2` suggested).
        assert_eq!(got, [(11, false), (6, true)], "{ds:?}");
        assert_eq!(f.list.len(), 1, "entries in error are left out");
        assert_eq!(f.list[0].id, "a-2");
    }

    #[test]
    fn a_successor_older_than_its_edition_or_a_loop_is_an_error() {
        let text = "frameworks:\n  - id: a\n    title: A\n    edition: 1\n    in_force_from: 2025-01-01\n    superseded_by: b\n  - id: b\n    title: A\n    edition: 2\n    in_force_from: 2025-01-01\n    superseded_by: a\n";
        let (_, ds) = Frameworks::parse(text, Path::new(FILE)).unwrap();
        assert_eq!(ds.len(), 2, "{ds:?}");
        assert!(ds[0].message.contains("lead back"), "{ds:?}");
        assert_eq!((ds[0].line, ds[1].line), (6, 11));
    }

    #[test]
    fn list_items_end_at_the_next_top_level_key() {
        let items = list_items(GOOD, "frameworks");
        assert_eq!(items.len(), 3);
        assert!(GOOD[items[2].0..items[2].1].starts_with("- id: kcsie-2026"));
        assert!(!GOOD[items[2].0..items[2].1].contains("outdated_terms"));
        assert_eq!(
            crate::diagnostics::line_col(GOOD, field_offset(GOOD, &items, 1, "superseded_by")).0,
            13
        );
    }
}
