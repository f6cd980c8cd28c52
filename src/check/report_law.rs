//! The frameworks table's words for how each entry arrives: its recorded status with dates, each
//! provision's commencement and nations, and whether it is due for a check.

use crate::load::framework_law::{provision_nations, Commencement, Status};
use crate::load::frameworks::Framework;
use crate::load::nation::Nation;
use crate::render::i18n::Phrases;

/// "Enacted 29 April 2026; in force from 29 June 2026", "Consulted on 12 February to 22 April
/// 2026; expected 1 September 2026".
pub fn status_text(f: &Framework, w: &Phrases<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = &f.consultation {
        let mut s = w.get("gov_law_consulted");
        match (c.opened, c.closed) {
            (Some(o), Some(cl)) => s.push_str(&w.fill(
                "gov_law_between",
                &[("from", &w.date(o)), ("to", &w.date(cl))],
            )),
            (Some(o), None) => s.push_str(&w.fill("gov_law_from", &[("date", &w.date(o))])),
            (None, Some(cl)) => s.push_str(&w.fill("gov_law_until", &[("date", &w.date(cl))])),
            (None, None) => {}
        }
        if let Some(e) = c.expected {
            s.push_str("; ");
            s.push_str(&w.fill("gov_law_expected", &[("date", &w.date(e))]));
        }
        parts.push(s);
    }
    let dated = [
        ("gov_law_published", f.published),
        ("gov_law_enacted", f.enacted),
        ("gov_law_withdrawn", f.withdrawn),
    ];
    parts.extend(
        dated
            .iter()
            .filter_map(|(key, d)| d.map(|d| w.fill(key, &[("date", &w.date(d))]))),
    );
    let label = match f.status {
        Some(Status::InForce) => Some("gov_law_in_force"),
        Some(Status::PartlyInForce) => Some("gov_law_partly_in_force"),
        Some(Status::Superseded) => Some("gov_law_superseded"),
        _ => None,
    };
    parts.extend(label.map(|k| w.get(k)));
    parts.join("; ")
}

/// "England and Wales", in the report's language.
fn nation_list(nations: &[Nation], w: &Phrases<'_>) -> String {
    let key = |n: &Nation| n.slug().replace('-', "_");
    match nations.split_last() {
        None => String::new(),
        Some((last, [])) => w.get(&format!("gov_nation_{}", key(last))),
        Some((last, rest)) => format!(
            "{} {}",
            rest.iter()
                .map(|n| w.get(&format!("gov_nation_{}", key(n))))
                .collect::<Vec<_>>()
                .join(", "),
            w.get(&format!("gov_and_{}", key(last)))
        ),
    }
}

/// "Phones guidance (s.36): 29 June 2026 (England)".
pub fn commencement_lines(f: &Framework, w: &Phrases<'_>) -> Vec<String> {
    f.provisions
        .iter()
        .map(|p| {
            let section = p
                .section
                .as_deref()
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            let nations = provision_nations(f, p);
            let where_ = if nations.is_empty() {
                String::new()
            } else {
                format!(" ({})", nation_list(nations, w))
            };
            let when = match p.commencement {
                Commencement::On(d) => w.date(d),
                Commencement::NotYet => w.get("gov_law_not_yet"),
            };
            format!("{}{section}: {when}{where_}", p.title)
        })
        .collect()
}
