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

    /// The build date: the UTC day of `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set,
    /// so that a build can be repeated on another day with the same bytes (the reproducible-builds
    /// convention), else the local calendar day.
    pub fn today() -> Date {
        Date::from_epoch(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())
            .unwrap_or_else(|| Date(chrono::Local::now().date_naive()))
    }

    /// The UTC day of a `SOURCE_DATE_EPOCH` value; `None` for no value or one that is not a whole
    /// number of seconds in chrono's range.
    pub fn from_epoch(value: Option<&str>) -> Option<Date> {
        let seconds: i64 = value?.trim().parse().ok()?;
        chrono::DateTime::from_timestamp(seconds, 0).map(|t| Date(t.date_naive()))
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
    fn source_date_epoch_gives_its_utc_day() {
        assert_eq!(
            Date::from_epoch(Some("1796083200")),
            Date::parse("2026-12-01")
        );
        assert_eq!(
            Date::from_epoch(Some(" 1796169599 ")),
            Date::parse("2026-12-01")
        );
        assert_eq!(Date::from_epoch(Some("soon")), None);
        assert_eq!(Date::from_epoch(Some("99999999999999999")), None);
        assert_eq!(Date::from_epoch(None), None);
    }

    #[test]
    fn parses_only_real_iso_dates() {
        assert!(Date::parse("2027-02-28").is_some());
        assert!(Date::parse("2027-02-30").is_none());
        assert!(Date::parse("2027-2-3").is_none());
        assert!(Date::parse("01/02/2027").is_none());
        assert_eq!(Date::parse("2026-11-01").unwrap().long(), "1 November 2026");
    }
}
