//! The report's words (the theme's `returns_*`, `audit_*`, `org_*` and `months`), and the few
//! ways the report puts numbers, dates, answers and types into them.

use super::figures::Change;
use crate::returns::{Answer, OrgReturn, OrgType};

/// The report's words (the theme's i18n for the site's main language).
pub use crate::render::i18n::Phrases as Words;

/// The ways the report puts answers, types and changes into words.
pub trait ReturnsWords {
    fn answer(&self, a: Answer) -> String;
    fn org_type(&self, t: Option<OrgType>) -> String;
    fn type_of(&self, r: &OrgReturn) -> String;
    fn change(&self, c: Change) -> String;
}

impl ReturnsWords for Words<'_> {
    fn answer(&self, a: Answer) -> String {
        self.get(match a {
            Answer::Yes => "audit_yes",
            Answer::Partly => "audit_partly",
            Answer::No => "audit_no",
            Answer::NotAnswered => "returns_not_answered",
        })
    }

    fn org_type(&self, t: Option<OrgType>) -> String {
        match t {
            Some(t) => self.get(&format!("org_{}", t.id().replace('-', "_"))),
            None => self.get("returns_type_not_given"),
        }
    }

    /// A return's type in words: a type it gave that is not one of the list stays as written.
    fn type_of(&self, r: &OrgReturn) -> String {
        match OrgType::parse(&r.org_type) {
            Some(t) if !r.org_type.is_empty() => self.org_type(Some(t)),
            _ if r.org_type.is_empty() => self.org_type(None),
            _ => r.org_type.clone(),
        }
    }

    /// "up 5 points", "down 2 points", "no change".
    fn change(&self, c: Change) -> String {
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
