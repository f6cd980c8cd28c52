//! The report's words (the theme's `returns_*`, `audit_*`, `org_*` and `months`), and the few
//! ways the report puts numbers, dates, answers and types into them.

use std::collections::BTreeMap;

use chrono::Datelike;

use super::figures::Change;
use crate::load::date::Date;
use crate::returns::{Answer, OrgReturn, OrgType};

/// The report's words, and the few ways it puts numbers into them.
pub struct Words<'a>(pub &'a BTreeMap<String, String>);

impl Words<'_> {
    pub fn get(&self, key: &str) -> String {
        self.0.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    /// `key`'s words with `{name}` placeholders filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        values
            .iter()
            .fold(self.get(key), |s, (k, v)| s.replace(&format!("{{{k}}}"), v))
    }

    /// "1 November 2026", in the report's language.
    pub fn date(&self, d: Date) -> String {
        let months = self.get("months");
        let months: Vec<&str> = months.split_whitespace().collect();
        match months.get(d.0.month0() as usize) {
            Some(m) if months.len() == 12 => format!("{} {m} {}", d.0.day(), d.0.year()),
            _ => d.long(),
        }
    }

    pub fn answer(&self, a: Answer) -> String {
        self.get(match a {
            Answer::Yes => "audit_yes",
            Answer::Partly => "audit_partly",
            Answer::No => "audit_no",
            Answer::NotAnswered => "returns_not_answered",
        })
    }

    pub fn org_type(&self, t: Option<OrgType>) -> String {
        match t {
            Some(t) => self.get(&format!("org_{}", t.id().replace('-', "_"))),
            None => self.get("returns_type_not_given"),
        }
    }

    /// A return's type in words: a type it gave that is not one of the list stays as written.
    pub fn type_of(&self, r: &OrgReturn) -> String {
        match OrgType::parse(&r.org_type) {
            Some(t) if !r.org_type.is_empty() => self.org_type(Some(t)),
            _ if r.org_type.is_empty() => self.org_type(None),
            _ => r.org_type.clone(),
        }
    }

    /// "up 5 points", "down 2 points", "no change".
    pub fn change(&self, c: Change) -> String {
        let n = c.0.abs().to_string();
        match c.0 {
            0 => self.get("returns_same"),
            x if x > 0 => self.fill("returns_up", &[("n", &n)]),
            _ => self.fill("returns_down", &[("n", &n)]),
        }
    }
}

pub fn pct(x: f64) -> String {
    format!("{}%", x.round() as i64)
}
