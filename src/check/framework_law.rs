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

/// A citation of guidance, or of a provision, that does not apply in the site's nation.
pub fn other_nation(
    fw: &Frameworks,
    idx: usize,
    p: Option<&Provision>,
    cite: &Cite,
    nation: Nation,
) -> Option<Diagnostic> {
    let f = &fw.list[idx];
    let nations = p.map_or(f.nations.as_slice(), |p| provision_nations(f, p));
    // Cited on purpose for readers of a nation it applies in.
    let for_nation = cite.nation.is_some_and(|n| nations.contains(&n));
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
            nations.first().map_or("england", |n| n.slug())
        )),
    )
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
