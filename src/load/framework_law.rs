//! How law and guidance arrive, for `frameworks.yaml`: an entry's status (consulted, published,
//! enacted, in force, partly in force, superseded, withdrawn), the provisions of an Act with the
//! day each commences ("not yet" until regulations set one), the nations each applies in, and
//! the checks that keep these consistent with each other.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};

use super::date::Date;
use super::nation::Nation;

/// Where an entry stood when it was last checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// A draft out for (or back from) consultation: no final edition yet.
    Consulted,
    /// Final text published, not yet in force.
    Published,
    /// An Act that has had Royal Assent, none of whose provisions the pack relies on has commenced.
    Enacted,
    InForce,
    /// Some provisions have commenced, others have not.
    PartlyInForce,
    Superseded,
    Withdrawn,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Consulted => "Consulted on",
            Status::Published => "Published",
            Status::Enacted => "Enacted",
            Status::InForce => "In force",
            Status::PartlyInForce => "Partly in force",
            Status::Superseded => "Superseded",
            Status::Withdrawn => "Withdrawn",
        }
    }
}

/// When a provision commences: a day, or "not yet" while no regulations have set one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commencement {
    On(Date),
    NotYet,
}

impl Commencement {
    pub fn in_force(self, today: Date) -> bool {
        matches!(self, Commencement::On(d) if d <= today)
    }

    pub fn label(self) -> String {
        match self {
            Commencement::On(d) => d.long(),
            Commencement::NotYet => "not yet".to_string(),
        }
    }
}

impl<'de> Deserialize<'de> for Commencement {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if s.trim().eq_ignore_ascii_case("not yet") {
            return Ok(Commencement::NotYet);
        }
        Date::parse(&s).map(Commencement::On).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "invalid commencement `{s}`, expected YYYY-MM-DD or \"not yet\""
            ))
        })
    }
}

impl Serialize for Commencement {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Commencement::On(d) => d.serialize(s),
            Commencement::NotYet => s.serialize_str("not yet"),
        }
    }
}

/// A part of an Act the pack relies on (`duty-to-report`), cited as `<act id>/<provision id>`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    pub id: String,
    pub title: String,
    /// Where it is in the Act ("s.36", "Part 5, Chapter 2").
    #[serde(default, deserialize_with = "optional_text")]
    pub section: Option<String>,
    pub commencement: Commencement,
    /// Where it applies; the Act's own nations when empty.
    #[serde(default)]
    pub nations: Vec<Nation>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A consultation on a new edition.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Consultation {
    #[serde(default)]
    pub opened: Option<Date>,
    #[serde(default)]
    pub closed: Option<Date>,
    /// When the final edition was expected to be published or in force.
    #[serde(default)]
    pub expected: Option<Date>,
}

/// A problem in one entry: the key it belongs to, what is wrong and how to fix it.
pub struct Problem {
    pub field: &'static str,
    pub message: String,
    pub help: String,
}

fn problem(field: &'static str, message: String, help: impl Into<String>) -> Problem {
    Problem {
        field,
        message,
        help: help.into(),
    }
}

/// The status, dates and provisions of one entry, checked against each other. `ids` holds
/// every id written in the registry, for `equivalent:`.
pub fn problems(f: &Framework, ids: &HashSet<String>) -> Vec<Problem> {
    let mut out = Vec::new();
    let id = &f.id;
    match (f.status, f.in_force_from) {
        (Some(Status::Consulted), Some(_)) => out.push(problem(
            "in_force_from",
            format!("`{id}` is only consulted on, so it cannot have an `in_force_from` yet"),
            "write the date it was expected as `consultation: { expected: YYYY-MM-DD }`; when the final edition is published, set its status and `in_force_from`",
        )),
        (Some(s @ (Status::InForce | Status::PartlyInForce | Status::Superseded)), None) => {
            out.push(problem(
                "status",
                format!("`{id}` is {} but has no `in_force_from`", s.label().to_lowercase()),
                "add `in_force_from: YYYY-MM-DD`, the day it (or its first provision) came into force",
            ))
        }
        (None, None) => out.push(problem(
            "id",
            format!("`{id}` has neither `in_force_from` nor `status`"),
            "add `in_force_from: YYYY-MM-DD`, or a `status:` such as `consulted` or `enacted`",
        )),
        _ => {}
    }
    let needs = |s: Status, present: bool, key: &str, what: &str, out: &mut Vec<Problem>| {
        if f.status == Some(s) && !present {
            out.push(problem(
                "status",
                format!(
                    "`{id}` is {} but has no `{key}:` date",
                    s.label().to_lowercase()
                ),
                format!("add `{key}: YYYY-MM-DD`, {what}"),
            ));
        }
    };
    needs(
        Status::Enacted,
        f.enacted.is_some(),
        "enacted",
        "the day of Royal Assent",
        &mut out,
    );
    needs(
        Status::Withdrawn,
        f.withdrawn.is_some(),
        "withdrawn",
        "the day it was withdrawn",
        &mut out,
    );
    if f.status == Some(Status::Superseded) && f.superseded_by.is_none() {
        out.push(problem(
            "status",
            format!("`{id}` is superseded but does not say by what"),
            "add `superseded_by:` with the id of the edition that replaced it (add that edition too)",
        ));
    }
    if f.status == Some(Status::PartlyInForce) && f.provisions.is_empty() {
        out.push(problem(
            "status",
            format!("`{id}` is partly in force but lists no provisions"),
            "list the provisions the pack relies on under `provisions:`, each with its `commencement`",
        ));
    }
    if f.status == Some(Status::InForce) {
        if let Some(p) = f
            .provisions
            .iter()
            .find(|p| p.commencement == Commencement::NotYet)
        {
            out.push(problem(
                "status",
                format!(
                    "`{id}` is in force, but its provision `{}` has not commenced",
                    p.id
                ),
                "write `status: partly-in-force`, or give the provision its commencement date",
            ));
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    for p in &f.provisions {
        if !valid_id(&p.id) || seen.contains(&p.id.as_str()) {
            out.push(problem(
                "provisions",
                format!("`{id}` has a provision id `{}` that is repeated or not lower-case letters, digits and hyphens", p.id),
                format!("give each provision its own id, e.g. `duty-to-report`; pages cite it as `{id}/duty-to-report`"),
            ));
        }
        seen.push(&p.id);
    }
    for (nation, other) in &f.equivalent {
        if !ids.contains(other) {
            out.push(problem(
                "equivalent",
                format!(
                    "`{id}` names `{other}` as its equivalent in {}, which is not in the registry",
                    nation.name()
                ),
                "add an entry with that id, or correct the id",
            ));
        }
    }
    out
}

/// The nations a provision applies in: its own, or else its Act's.
pub fn provision_nations<'a>(f: &'a Framework, p: &'a Provision) -> &'a [Nation] {
    if p.nations.is_empty() {
        &f.nations
    } else {
        &p.nations
    }
}

/// "England and Wales", "England, Wales and Scotland".
pub fn nation_list(nations: &[Nation]) -> String {
    let names: Vec<&str> = nations.iter().map(|n| n.name()).collect();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

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
    /// The day it (or an Act's first provision the pack relies on) came into force; none while
    /// it is only consulted on, published or enacted.
    #[serde(default)]
    pub in_force_from: Option<Date>,
    /// Where it stood when last checked; derived from the dates when absent.
    #[serde(default)]
    pub status: Option<Status>,
    #[serde(default)]
    pub published: Option<Date>,
    /// Royal Assent, for an Act.
    #[serde(default)]
    pub enacted: Option<Date>,
    #[serde(default)]
    pub withdrawn: Option<Date>,
    #[serde(default)]
    pub consultation: Option<Consultation>,
    /// For an Act, the parts the pack relies on, each with its commencement.
    #[serde(default)]
    pub provisions: Vec<Provision>,
    /// Where it applies; every nation when empty.
    #[serde(default)]
    pub nations: Vec<Nation>,
    /// The id of the entry that does the same job in another nation.
    #[serde(default)]
    pub equivalent: BTreeMap<Nation, String>,
    /// The day someone last checked this entry against its official source.
    #[serde(default)]
    pub last_checked: Option<Date>,
    /// The id of the edition that replaced this one; it is superseded once that one is in force.
    #[serde(default)]
    pub superseded_by: Option<String>,
    #[serde(default)]
    pub publisher: Option<String>,
    /// Where it applies (England, Wales, UK).
    #[serde(default)]
    pub applies_to: Option<String>,
    /// The official text (`source:`; `url:` is read too).
    #[serde(default, rename = "source", alias = "url")]
    pub url: Option<String>,
    /// More ways page text names this edition, besides "<title> <edition>" and "<short> <edition>".
    #[serde(default)]
    pub names: Vec<String>,
    /// What could not be confirmed, or anything else a reviewer should know.
    #[serde(default)]
    pub note: Option<String>,
    /// Where the entry is in frameworks.yaml (byte range), for diagnostics.
    #[serde(skip)]
    pub span: (usize, usize),
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

    /// Ways text names this guidance whatever the edition: its title, short name and `names`.
    pub fn any_edition_names(&self) -> Vec<String> {
        let mut names = vec![self.title.clone()];
        names.extend(self.short.iter().filter(|s| !s.trim().is_empty()).cloned());
        names.extend(self.names.iter().cloned());
        names
    }

    pub fn provision(&self, id: &str) -> Option<&Provision> {
        self.provisions.iter().find(|p| p.id == id)
    }

    /// Whether it applies in `nation` (an entry without `nations` applies everywhere).
    pub fn applies_in(&self, nation: Nation) -> bool {
        self.nations.is_empty() || self.nations.contains(&nation)
    }
}

/// Lower-case letters, digits and hyphens: the shape of every id pages cite.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// `section: 36` is read as a number by YAML: accept it as text.
pub fn optional_text<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    text(d).map(Some)
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
