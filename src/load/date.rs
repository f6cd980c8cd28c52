//! Calendar dates written as YYYY-MM-DD in front matter, packs and profiles.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

impl Date {
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        // Exactly YYYY-MM-DD: a date like 2027-3-1 is ambiguous to readers of the governance report.
        if s.len() != 10 {
            return None;
        }
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Date)
    }

    /// Today, or the day of `SOURCE_DATE_EPOCH` (seconds since 1970, the reproducible-builds
    /// convention) when set, so a rebuild of the same sources on another day gives the same bytes.
    pub fn today() -> Date {
        let fixed = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
        match fixed {
            Some(t) => Date(t.date_naive()),
            None => Date(chrono::Local::now().date_naive()),
        }
    }

    /// "1 November 2026", as UK readers write it.
    pub fn long(&self) -> String {
        self.0.format("%-d %B %Y").to_string()
    }

    pub fn days_until(&self, other: Date) -> i64 {
        (other.0 - self.0).num_days()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.format("%Y-%m-%d"))
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("invalid date `{s}`, expected YYYY-MM-DD"))
        })
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_iso_dates() {
        assert!(Date::parse("2027-02-28").is_some());
        assert!(Date::parse("2027-02-30").is_none());
        assert!(Date::parse("2027-2-3").is_none());
        assert!(Date::parse("01/02/2027").is_none());
        assert_eq!(Date::parse("2026-11-01").unwrap().long(), "1 November 2026");
    }
}
