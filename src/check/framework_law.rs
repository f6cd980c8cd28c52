//! Rules about how law arrives and where it applies: registry entries not checked for six
//! months, consultations whose expected date has passed with no edition recorded, pages citing
//! a provision before it commences (unless the citation says it is `coming`), and pages of a
//! site for one nation that cite guidance applying only in another.

use crate::diagnostics::rule;
use crate::diagnostics::Diagnostic;
use crate::load::cite::Cite;
use crate::load::date::Date;
use crate::load::framework_law::{nation_list, provision_nations, Provision, Status};
use crate::load::frameworks::{Framework, Frameworks};
use crate::load::nation::Nation;

/// How long an entry may go unchecked: six months, as Acts now commence in stages and
/// statutory guidance changes every year.
pub const STALE_AFTER_MONTHS: u32 = 6;

/// Warnings about the registry itself, placed at the entry's line in frameworks.yaml.
pub fn registry(fw: &Frameworks, today: Date) -> Vec<Diagnostic> {
    let mut ds = Vec::new();
    for (i, f) in fw.list.iter().enumerate() {
        if let Some(checked) = f.last_checked {
            if stale(f, today) {
                ds.push(fw.locate(
                    Diagnostic::warning(
                        rule::FRAMEWORK_STALE,
                        format!(
                            "`{}` ({}) was last checked on {}, more than {STALE_AFTER_MONTHS} months ago",
                            f.id,
                            f.full_name(),
                            checked.long()
                        ),
                    )
                    .help(format!(
                        "check it against its official source{}: record any new edition, status or commencement, then set `last_checked: {today}`",
                        f.url.as_deref().map(|u| format!(" ({u})")).unwrap_or_default()
                    )),
                    i,
                    "last_checked",
                ));
            }
        }
        if let Some(d) = overdue_consultation(f, today) {
            ds.push(fw.locate(d, i, "consultation"));
        }
    }
    ds
}

/// Whether `f` was last checked more than six months before `today`.
pub fn stale(f: &Framework, today: Date) -> bool {
    let limit = today
        .0
        .checked_sub_months(chrono::Months::new(STALE_AFTER_MONTHS));
    matches!((f.last_checked, limit), (Some(c), Some(l)) if c.0 < l)
}

/// A consultation whose expected date has passed, not checked since: the final edition may be
/// out. Once someone has checked after that date and still records none (it could not be
/// confirmed), the entry's `last_checked` says so and the six-month rule takes over.
fn overdue_consultation(f: &Framework, today: Date) -> Option<Diagnostic> {
    if f.status != Some(Status::Consulted) {
        return None;
    }
    let expected = f.consultation.as_ref()?.expected?;
    if expected >= today || f.last_checked.is_some_and(|c| c >= expected) {
        return None;
    }
    Some(
        Diagnostic::warning(
            rule::CONSULTATION_OVERDUE,
            format!(
                "`{}` ({}) was expected by {}, and no published edition is recorded",
                f.id,
                f.full_name(),
                expected.long()
            ),
        )
        .help("check whether the final edition is out: if it is, set `status`, `published` and `in_force_from`; if not, set `last_checked` to today and say so in `note`"),
    )
}

/// The finding for a page citing provision `p` of entry `f`, if any.
pub fn provision_cite(
    f: &Framework,
    p: &Provision,
    cite: &Cite,
    today: Date,
) -> Option<Diagnostic> {
    let name = format!("{} of the {}", p.title, f.full_name());
    match (p.commencement.in_force(today), cite.coming) {
        (true, false) | (false, true) => None,
        (false, false) => Some(
            Diagnostic::warning(
                rule::PROVISION_NOT_IN_FORCE,
                format!(
                    "this page cites `{}` ({name}), which is not in force (commencement: {})",
                    cite.id,
                    p.commencement.label()
                ),
            )
            .help(format!(
                "word the page so it is true before and after it commences (\"when this comes into force\") and cite it as `{{ id: {}, coming: true }}`",
                cite.id
            )),
        ),
        (true, true) => Some(
            Diagnostic::notice(
                rule::PROVISION_NOW_IN_FORCE,
                format!(
                    "this page cites `{}` ({name}) as coming, and it has been in force since {}",
                    cite.id,
                    p.commencement.label()
                ),
            )
            .help("update the page's wording to say it applies now, and cite it without `coming: true`"),
        ),
    }
}

/// A citation of guidance, or of a provision, that does not apply in the site's nation, unless
/// the citation says which nations' readers it is for (`nation:`) and it applies in each of them.
pub fn other_nation(
    fw: &Frameworks,
    idx: usize,
    p: Option<&Provision>,
    cite: &Cite,
    nation: Nation,
) -> Option<Diagnostic> {
    let f = &fw.list[idx];
    let nations = p.map_or(f.nations.as_slice(), |p| provision_nations(f, p));
    // Cited on purpose for readers of nations it applies in (`nation: wales`,
    // `nation: [england, wales]`): every nation the citation names must be one of them.
    let for_nation = !cite.nation.is_empty() && cite.nation.iter().all(|n| nations.contains(n));
    if nations.is_empty() || nations.contains(&nation) || for_nation {
        return None;
    }
    Some(
        Diagnostic::warning(
            rule::FRAMEWORK_OTHER_NATION,
            format!(
                "this page cites `{}` ({}), which applies in {} only, and this site is for {}",
                cite.id,
                f.full_name(),
                nation_list(nations),
                nation.name()
            ),
        )
        .help(format!(
            "{}; if the page cites it for readers in {} on purpose, write `{{ id: {}, nation: {} }}`",
            equivalent_help(fw, f, nation),
            nation_list(nations),
            cite.id,
            nation_yaml(nations)
        )),
    )
}

/// How a citation's `nation:` names `nations`: `england` for one, `[england, wales]` for several
/// (law of England and Wales applies in both).
fn nation_yaml(nations: &[Nation]) -> String {
    match nations {
        [] => Nation::England.slug().to_string(),
        [one] => one.slug().to_string(),
        many => format!(
            "[{}]",
            many.iter().map(|n| n.slug()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// What to write instead: the registry's equivalent in `nation`, when it knows one.
pub fn equivalent_help(fw: &Frameworks, f: &Framework, nation: Nation) -> String {
    let equivalent = f
        .equivalent
        .get(&nation)
        .and_then(|id| fw.get(id))
        .map(|j| &fw.list[j]);
    match equivalent {
        Some(e) => format!(
            "in {} the equivalent is {} (`{}`): cite and name that, or say the passage is about {} (\"In {}, ...\")",
            nation.name(),
            e.full_name(),
            e.id,
            nation_list(&f.nations),
            nation_list(&f.nations)
        ),
        None => format!(
            "name the guidance that applies in {} (`nation:` in site.yaml), or say the passage is about {} (\"In {}, ...\")",
            nation.name(),
            nation_list(&f.nations),
            nation_list(&f.nations)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const REGISTRY: &str = "\
frameworks:
  - id: ew-act
    title: England and Wales Act
    edition: \"2026\"
    in_force_from: 2026-01-01
    nations: [england, wales]
    provisions:
      - id: england-duty
        title: A duty in England
        commencement: 2026-01-01
        nations: [england]
";

    fn finding(cite: &str, site: Nation) -> Option<Diagnostic> {
        let (fw, ds) = Frameworks::parse(REGISTRY, Path::new("frameworks.yaml")).unwrap();
        assert!(ds.is_empty(), "{ds:?}");
        let cite: Cite = serde_yaml::from_str(cite).unwrap();
        let (idx, p) = fw.resolve(&cite).unwrap();
        other_nation(&fw, idx, p, &cite, site)
    }

    #[test]
    fn law_of_england_and_wales_cited_for_both_is_not_flagged_on_other_nations_sites() {
        for site in [Nation::Scotland, Nation::NorthernIreland] {
            let d = finding("ew-act", site).expect("flagged when cited for everyone");
            let help = d.help.unwrap();
            assert!(
                help.contains("write `{ id: ew-act, nation: [england, wales] }`"),
                "{help}"
            );
            assert!(finding("{ id: ew-act, nation: [england, wales] }", site).is_none());
            assert!(finding("{ id: ew-act, nation: wales }", site).is_none());
            // Cited for a nation where it does not apply.
            assert!(finding("{ id: ew-act, nation: [england, scotland] }", site).is_some());
        }
        for site in [Nation::England, Nation::Wales] {
            assert!(finding("ew-act", site).is_none());
        }
    }

    #[test]
    fn a_provision_for_england_only_cited_for_england_and_wales_is_flagged() {
        let d = finding(
            "{ id: ew-act/england-duty, nation: [england, wales] }",
            Nation::Wales,
        )
        .expect("the duty does not apply in Wales");
        assert!(
            d.message.contains("applies in England only"),
            "{}",
            d.message
        );
        assert!(
            d.help.unwrap().contains("nation: england }`"),
            "one nation is suggested as one"
        );
        assert!(finding(
            "{ id: ew-act/england-duty, nation: england }",
            Nation::Wales
        )
        .is_none());
    }
}
