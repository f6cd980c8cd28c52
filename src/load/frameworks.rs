//! `frameworks.yaml`: the statutory guidance and laws a site's pages rely on, each edition with the
//! date it came into force and the edition that replaced it, plus the outdated names and terms that
//! `check` looks for in page text. Pages name what they rely on with `cites: [id, ...]`.

use crate::diagnostics::rule;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::content::SourcePage;
use super::date::Date;
use super::framework_entries::{field_in, list_items, parse_items};
pub use super::framework_law::{valid_id, Framework};
use super::framework_law::{Provision, Status};
use super::yaml::{self, Embedded};
use crate::diagnostics::{Diagnostic, Diagnostics};

pub const FILE: &str = "frameworks.yaml";

/// Words that mark a sentence as history rather than current advice ("LSCBs were abolished in
/// 2017"), used when frameworks.yaml gives no `historical_words` of its own.
pub const DEFAULT_HISTORICAL_WORDS: [&str; 11] = [
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
];

/// The text that tells `check` a line speaks of an old edition or term on purpose.
pub const IGNORE_MARKER: &str = "safeguide-ignore outdated";

/// The text that marks a line as history ("Until 2018 the law said ..."): what it names is not
/// presented as current, so no outdated term, edition or provision is flagged on it.
pub const HISTORY_MARKER: &str = "safeguide-history";

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
    /// Longer names that contain a term and stay current ("Revenge Porn Helpline").
    #[serde(default)]
    pub except: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    frameworks: Vec<serde_yaml::Value>,
    #[serde(default)]
    outdated_terms: Vec<OutdatedTerm>,
    #[serde(default)]
    historical_words: Option<Vec<String>>,
}

/// An edition's standing on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Comes into force later (on `from` when known), or only consulted on or enacted so far.
    NotYetInForce {
        from: Option<Date>,
    },
    Withdrawn {
        on: Option<Date>,
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
            State::Withdrawn { .. } => "superseded",
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
    /// The file's text, to point registry warnings at their line.
    pub text: String,
}

impl Frameworks {
    pub fn get(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    /// Where edition `idx` stands on `today`. Chains of successors were checked for loops when
    /// loading; the step limit only guards against a registry built some other way.
    pub fn state(&self, idx: usize, today: Date) -> State {
        let f = &self.list[idx];
        if f.status == Some(Status::Withdrawn) || f.withdrawn.is_some_and(|d| d <= today) {
            return State::Withdrawn { on: f.withdrawn };
        }
        if f.in_force_from.is_none_or(|d| d > today) {
            return State::NotYetInForce {
                from: f.in_force_from,
            };
        }
        let in_force_by = |i: usize| self.list[i].in_force_from.filter(|d| *d <= today);
        let Some(by) = self.successor(idx) else {
            return State::InForce;
        };
        let Some(on) = in_force_by(by) else {
            return match self.list[by].in_force_from {
                Some(from) => State::ReplacedFrom { by, from },
                None => State::InForce,
            };
        };
        let mut current = by;
        for _ in 0..self.list.len() {
            match self.successor(current) {
                Some(next) if in_force_by(next).is_some() => current = next,
                _ => break,
            }
        }
        State::Superseded { by, on, current }
    }

    /// The entry and, for `act/provision`, the provision a citation names.
    pub fn resolve(&self, cite: &str) -> Option<(usize, Option<&Provision>)> {
        match cite.split_once('/') {
            None => self.get(cite).map(|i| (i, None)),
            Some((act, prov)) => {
                let i = self.get(act)?;
                Some((i, Some(self.list[i].provision(prov)?)))
            }
        }
    }

    /// A diagnostic placed at `field` of entry `idx` in frameworks.yaml.
    pub fn locate(&self, d: Diagnostic, idx: usize, field: &str) -> Diagnostic {
        let Some(display) = &self.display else {
            return d;
        };
        let offset = field_in(&self.text, self.list[idx].span, field);
        d.at_offset(display, &self.text, offset)
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
                // Under the read rule: a regular file inside its layer, never a link out or a pipe.
                match crate::safe_fs::read::read_text(
                    root,
                    &root.join(FILE),
                    crate::safe_fs::read::TEXT_LIMIT,
                ) {
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
        let items = list_items(text, "frameworks");
        // Every id written, even on entries in error, so `equivalent:` naming one of those is
        // not reported a second time as unknown.
        let written: std::collections::HashSet<String> = raw
            .frameworks
            .iter()
            .filter_map(|v| v.get("id")?.as_str().map(str::to_string))
            .collect();
        let (parsed, mut ds) =
            parse_items::<Framework>(text, display, FILE, "frameworks", raw.frameworks);
        let entries: Vec<Option<Framework>> = parsed
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                f.map(|mut f| {
                    f.span = items.get(i).copied().unwrap_or((0, 0));
                    refuse_unsafe_source(&mut f, text, at, &mut ds);
                    f
                })
            })
            .collect();
        let bad = check_entries(&entries, &written, text, at, &mut ds);
        let outdated_terms = outdated_terms(raw.outdated_terms, text, at, &mut ds);
        let list: Vec<Framework> = entries
            .into_iter()
            .zip(&bad)
            .filter_map(|(f, bad)| f.filter(|_| !*bad))
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
                text: text.to_string(),
            },
            ds,
        ))
    }

    /// Errors for ids in a page's `cites:` that the registry does not list.
    pub fn check_cites(&self, page: &SourcePage) -> Vec<Diagnostic> {
        let mut ds = Vec::new();
        for (n, cite) in page.fm.cites.iter().enumerate() {
            let id: &str = cite;
            if self.resolve(id).is_some() {
                continue;
            }
            if let Some((act, prov)) = id.split_once('/') {
                if let Some(i) = self.get(act) {
                    let known: Vec<String> = self.list[i]
                        .provisions
                        .iter()
                        .map(|p| format!("`{act}/{}`", p.id))
                        .collect();
                    let help = if known.is_empty() {
                        format!("`{act}` lists no provisions: cite `{act}`, or add the provision under its `provisions:` in {FILE}")
                    } else {
                        format!("its provisions are {}", known.join(", "))
                    };
                    ds.push(page.yaml_at().at_list_item(
                        Diagnostic::error(
                            rule::UNKNOWN_FRAMEWORK,
                            format!("`cites` names the provision `{prov}` of `{act}`, which {FILE} does not list"),
                        )
                        .help(help),
                        "cites",
                        id,
                        n,
                    ));
                    continue;
                }
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

/// The one URL rule: a `source:` (or `url:`) becomes a link in the governance report, so a
/// `javascript:` address is an error there and is dropped; the entry stays (pages cite it).
fn refuse_unsafe_source(f: &mut Framework, text: &str, at: Embedded<'_>, ds: &mut Vec<Diagnostic>) {
    let Some(scheme) = f
        .url
        .as_deref()
        .and_then(|u| super::web_address::refused_scheme(u, false))
    else {
        return;
    };
    let name = if text[f.span.0.min(text.len())..f.span.1.min(text.len())].contains("url:") {
        "url"
    } else {
        "source"
    };
    ds.push(at.at(
        Diagnostic::error(
            rule::FRAMEWORKS,
            format!(
                "the `{name}:` of `{}` is a `{scheme}:` address, which is never published as a link",
                f.id
            ),
        )
        .help("give the web address of the official text, starting https://"),
        field_in(text, f.span, name),
    ));
    f.url = None;
}

/// Errors for entries that cannot stand: bad or repeated ids, empty names, successors that do not
/// exist or lead back, status and dates that contradict each other. Returns which are bad.
fn check_entries(
    entries: &[Option<Framework>],
    written: &std::collections::HashSet<String>,
    text: &str,
    at: Embedded<'_>,
    ds: &mut Vec<Diagnostic>,
) -> Vec<bool> {
    let field = |f: &Framework, name: &str| field_in(text, f.span, name);
    let mut bad: Vec<bool> = entries.iter().map(Option::is_none).collect();
    let mut by_id: HashMap<String, usize> = HashMap::new();
    for (i, f) in entries.iter().enumerate() {
        let Some(f) = f else { continue };
        if !valid_id(&f.id) {
            ds.push(
                at.at(
                    Diagnostic::error(
                        rule::FRAMEWORKS,
                        format!(
                            "the framework id `{}` is not lower-case letters, digits and hyphens",
                            f.id
                        ),
                    )
                    .help("write ids like `kcsie-2025`: pages cite them in `cites: [kcsie-2025]`"),
                    field(f, "id"),
                ),
            );
            bad[i] = true;
            continue;
        }
        if let Some(first) = by_id.get(&f.id).and_then(|&j| entries[j].as_ref()) {
            let (line, _) = crate::diagnostics::line_col(text, field(first, "id"));
            ds.push(at.at(
                Diagnostic::error(rule::FRAMEWORKS, format!("the framework id `{}` is listed twice", f.id))
                    .help(format!(
                        "keep one entry (the first is on line {line}), or give each edition its own id such as `{}-2`",
                        f.id
                    )),
                field(f, "id"),
            ));
            bad[i] = true;
            continue;
        }
        by_id.insert(f.id.clone(), i);
        for (name, value) in [("title", &f.title), ("edition", &f.edition)] {
            if value.trim().is_empty() {
                ds.push(
                    at.at(
                        Diagnostic::error(
                            rule::FRAMEWORKS,
                            format!("`{}` has an empty {name}", f.id),
                        )
                        .help(format!(
                            "give `{name}:` a value, as readers and the governance report show it"
                        )),
                        field(f, name),
                    ),
                );
                bad[i] = true;
            }
        }
    }
    for (i, f) in entries.iter().enumerate() {
        let Some(f) = f.as_ref().filter(|_| !bad[i]) else {
            continue;
        };
        for p in super::framework_law::problems(f, written) {
            ds.push(at.at(
                Diagnostic::error(rule::FRAMEWORKS, p.message).help(p.help),
                field(f, p.field),
            ));
            bad[i] = true;
        }
        if let Some((message, help)) = successor_problem(entries, &by_id, i) {
            ds.push(at.at(
                Diagnostic::error(rule::FRAMEWORKS, message).help(help),
                field(f, "superseded_by"),
            ));
            bad[i] = true;
        }
    }
    bad
}

/// What is wrong with entry `i`'s `superseded_by`, if anything.
fn successor_problem(
    entries: &[Option<Framework>],
    by_id: &HashMap<String, usize>,
    i: usize,
) -> Option<(String, String)> {
    let f = entries[i].as_ref()?;
    let next = f.superseded_by.as_deref()?;
    match by_id.get(next) {
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
        Some(&j) => {
            let newer = entries[j].as_ref()?;
            match (newer.in_force_from, f.in_force_from) {
                (Some(n), Some(o)) if n < o => Some((
                    format!(
                        "`{}` is superseded by `{next}`, which came into force before it ({n} is before {o})",
                        f.id
                    ),
                    "check both `in_force_from` dates and which edition replaced which".to_string(),
                )),
                _ if leads_back(entries, by_id, i) => Some((
                    format!("the editions superseding `{}` lead back to it", f.id),
                    "each edition should be superseded by a newer one; remove the `superseded_by` that points back".to_string(),
                )),
                _ => None,
            }
        }
    }
}

/// The outdated terms that can be used; an error for each that lacks its words.
fn outdated_terms(
    raw: Vec<OutdatedTerm>,
    text: &str,
    at: Embedded<'_>,
    ds: &mut Vec<Diagnostic>,
) -> Vec<OutdatedTerm> {
    let items = list_items(text, "outdated_terms");
    for (i, t) in raw.iter().enumerate() {
        let empty_term = t.terms.is_empty() || t.terms.iter().any(|s| s.trim().is_empty());
        if empty_term || t.instead.trim().is_empty() {
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
    raw.into_iter()
        .filter(|t| !t.terms.is_empty() && !t.instead.trim().is_empty())
        .map(|mut t| {
            t.terms.retain(|s| !s.trim().is_empty());
            t
        })
        .collect()
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
fn leads_back(list: &[Option<Framework>], by_id: &HashMap<String, usize>, start: usize) -> bool {
    let mut cur = start;
    for _ in 0..list.len() {
        match list[cur]
            .as_ref()
            .and_then(|f| f.superseded_by.as_deref())
            .and_then(|id| by_id.get(id))
        {
            Some(&next) if next == start => return true,
            Some(&next) => cur = next,
            None => return false,
        }
    }
    true
}

#[cfg(test)]
#[path = "frameworks_tests.rs"]
mod tests;
