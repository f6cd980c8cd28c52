//! The frameworks table's words for how each entry arrives: its recorded status with dates, each
//! provision's commencement and nations, and whether it is due for a check.

use crate::load::framework_law::{nation_list, provision_nations, Status};
use crate::load::frameworks::Framework;

/// "Enacted 29 April 2026; in force from 29 June 2026", "Consulted on 12 February to 22 April
/// 2026; expected 1 September 2026".
pub fn status_text(f: &Framework) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(c) = &f.consultation {
        let mut s = "Consulted on".to_string();
        match (c.opened, c.closed) {
            (Some(o), Some(cl)) => s.push_str(&format!(" {} to {}", o.long(), cl.long())),
            (Some(o), None) => s.push_str(&format!(" from {}", o.long())),
            (None, Some(cl)) => s.push_str(&format!(" until {}", cl.long())),
            (None, None) => {}
        }
        if let Some(e) = c.expected {
            s.push_str(&format!("; expected {}", e.long()));
        }
        parts.push(s);
    }
    let dated = [
        ("Published", f.published),
        ("Enacted", f.enacted),
        ("Withdrawn", f.withdrawn),
    ];
    parts.extend(
        dated
            .iter()
            .filter_map(|(w, d)| d.map(|d| format!("{w} {}", d.long()))),
    );
    if let Some(s) = f.status {
        if !matches!(
            s,
            Status::Consulted | Status::Published | Status::Enacted | Status::Withdrawn
        ) {
            parts.push(s.label().to_string());
        }
    }
    parts.join("; ")
}

/// "Phones guidance (s.36): 29 June 2026 (England)".
pub fn commencement_lines(f: &Framework) -> Vec<String> {
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
                format!(" ({})", nation_list(nations))
            };
            format!("{}{section}: {}{where_}", p.title, p.commencement.label())
        })
        .collect()
}
