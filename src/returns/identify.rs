//! Which expected organisation a return is from: by id, then by name or one of its aliases, then
//! by a close name (with a notice, so the officer can confirm it or add the alias).

use crate::diagnostics::rule;
use std::path::Path;

use super::expected::{normal_id, Expected};
use super::{file_name, org_key, OrgReturn, Round};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};

/// How a return was matched to its expected organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum How {
    Id,
    Name,
    Alias,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    pub index: usize,
    pub how: How,
}

/// The entry a return names exactly: by id, then by name, then by alias.
pub fn exact(list: &[Expected], id: &str, name: &str) -> Option<Found> {
    let id = normal_id(id);
    if !id.is_empty() {
        if let Some(index) = list
            .iter()
            .position(|e| !e.id.is_empty() && normal_id(&e.id) == id)
        {
            return Some(Found {
                index,
                how: How::Id,
            });
        }
    }
    let key = org_key(name);
    if key.is_empty() {
        return None;
    }
    if let Some(index) = list.iter().position(|e| org_key(&e.name) == key) {
        return Some(Found {
            index,
            how: How::Name,
        });
    }
    list.iter()
        .position(|e| e.aliases.iter().any(|a| org_key(a) == key))
        .map(|index| Found {
            index,
            how: How::Alias,
        })
}

/// Names for a close match: the ways one school's name is commonly written made one.
fn loose(name: &str) -> String {
    let spaced = format!(" {} ", org_key(name))
        .replace(" church of england ", " ce ")
        .replace(" c of e ", " ce ")
        .replace(" roman catholic ", " rc ")
        .replace(" saint ", " st ")
        .replace(" and ", " ");
    spaced
        .split_whitespace()
        .filter(|w| !["the", "school"].contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// How alike two names must be (Jaro-Winkler, after [`loose`]) to be taken as one.
const CLOSE: f64 = 0.9;

/// The one entry not yet matched whose name or alias is close to `name`.
pub fn close(list: &[Expected], name: &str, taken: &[bool]) -> Option<usize> {
    let want = loose(name);
    if want.is_empty() {
        return None;
    }
    list.iter()
        .enumerate()
        .filter(|(i, _)| !taken[*i])
        .map(|(i, e)| {
            let best = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|n| strsim::jaro_winkler(&loose(n), &want))
                .fold(0.0, f64::max);
            (i, best)
        })
        .filter(|(_, s)| *s >= CLOSE)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The key of an expected entry: returns from it in any round share it.
fn entry_key(index: usize) -> String {
    format!("expected:{index}")
}

fn attach(r: &mut OrgReturn, list: &[Expected], index: usize) {
    let e = &list[index];
    r.expected = Some(index);
    r.key = entry_key(index);
    if r.id.is_empty() {
        r.id = e.id.clone();
    }
    // The partnership's list is the authority on what kind of setting each one is.
    if let Some(t) = e.org_type {
        r.org_type = t.label().to_string();
    }
}

/// Matches each return to its expected organisation: exact matches first, so a close name never
/// takes an organisation that has a return of its own.
pub fn assign(returns: &mut [OrgReturn], list: &[Expected], ds: &mut Diagnostics) {
    let mut taken = vec![false; list.len()];
    let mut pending = Vec::new();
    for (n, r) in returns.iter_mut().enumerate() {
        match exact(list, &r.id, &r.organisation) {
            Some(found) => {
                attach(r, list, found.index);
                taken[found.index] = true;
            }
            None => pending.push(n),
        }
    }
    for n in pending {
        let r = &mut returns[n];
        let Some(index) = close(list, &r.organisation, &taken) else {
            continue;
        };
        let e = &list[index];
        ds.push(
            Diagnostic::new(
                Severity::Notice,
                rule::CLOSE_NAME,
                format!(
                    "`{}` is not on the expected list as written; it is taken to be `{}` (line {})",
                    r.organisation, e.name, e.line
                ),
            )
            .in_file(&r.file)
            .help("if that is right, add the name to the organisation's `aliases` in the expected list (or give it an id there and in the audit page link); if not, correct the name in the return"),
        );
        attach(r, list, index);
        taken[index] = true;
    }
}

/// Expected organisations that sent nothing, and returns from organisations not on the list.
pub fn diagnostics(
    round: &Round,
    list: &[Expected],
    text: &str,
    path: &Path,
    ds: &mut Diagnostics,
) {
    for (i, e) in list.iter().enumerate() {
        if round.has_entry(i) {
            continue;
        }
        let d = match round.excluded_from(list, i) {
            Some(x) => Diagnostic::warning(
                rule::MISSING_RETURN,
                format!(
                    "the return from `{}` could not be included ({} in {})",
                    e.name,
                    file_name(&x.file),
                    round.name
                ),
            )
            .help("fix the problems named for that file, or ask for it again, then run this again"),
            None => Diagnostic::warning(rule::MISSING_RETURN, format!("no return from `{}`", e.name))
                .help("ask them for their return, or check the name is spelt as in their return (or add it to `aliases`)"),
        };
        ds.push(d.at_line_col(path, text, e.line, e.column));
    }
    for r in round.returns.iter().filter(|r| r.expected.is_none()) {
        ds.push(
            Diagnostic::new(
                Severity::Notice,
                rule::UNEXPECTED_ORGANISATION,
                format!("`{}` is not on the expected list", r.organisation),
            )
            .in_file(&r.file)
            .help(format!(
                "correct the name in the return, or add it (or this name as an alias) to {}",
                file_name(path)
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(name: &str, id: &str, aliases: &[&str]) -> Expected {
        Expected {
            name: name.into(),
            id: id.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            ..Expected::default()
        }
    }

    #[test]
    fn ids_then_names_then_aliases_then_close_names() {
        let list = [
            entry("St Annes CE Primary School", "100 001", &[]),
            entry("Elm Lane Youth Club", "", &["Elm Youth"]),
            entry("Oak Hill Primary School", "", &[]),
        ];
        let found = |id: &str, name: &str| exact(&list, id, name);
        assert_eq!(
            found("100001", "Anything"),
            Some(Found {
                index: 0,
                how: How::Id
            })
        );
        assert_eq!(
            found("", "oak hill primary school"),
            Some(Found {
                index: 2,
                how: How::Name
            })
        );
        assert_eq!(
            found("", "Elm  Youth"),
            Some(Found {
                index: 1,
                how: How::Alias
            })
        );
        assert_eq!(found("999", "St Anne's C of E Primary"), None);
        let none = [false; 3];
        assert_eq!(close(&list, "St Anne's C of E Primary", &none), Some(0));
        assert_eq!(
            close(&list, "St Anne's C of E Primary", &[true, false, false]),
            None,
            "taken"
        );
        assert_eq!(close(&list, "Birch Tree Scouts", &none), None);
    }
}
