//! Review dates: governance needs every policy, agreement, training module and guide to carry a date
//! by which it is reviewed, and someone to see which are overdue.

use crate::diagnostics::rule;
use crate::diagnostics::{Diagnostic, Severity};
use crate::load::date::Date;
use crate::load::frontmatter::Kind;
use crate::render::i18n::english_kind_label;
use crate::resolve::Page;

/// Content due for review within this many days gets a notice.
pub const DUE_SOON_DAYS: i64 = 60;

/// A page's review status, as the report shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Past `review_by` by this many days.
    Overdue(i64),
    /// Due in this many days (0: today).
    DueSoon(i64),
    Current,
    /// No `review_by` on a kind of page that must have one.
    Missing,
    /// No `review_by`, and none is needed.
    NotSet,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Overdue(0),
        Status::DueSoon(0),
        Status::Missing,
        Status::Current,
        Status::NotSet,
    ];

    /// CSS class and stable id.
    pub fn id(self) -> &'static str {
        match self {
            Status::Overdue(_) => "overdue",
            Status::DueSoon(_) => "due-soon",
            Status::Current => "current",
            Status::Missing => "missing",
            Status::NotSet => "not-set",
        }
    }

    /// Most urgent first, for sorting the report.
    pub fn rank(self) -> usize {
        Status::ALL
            .iter()
            .position(|s| s.id() == self.id())
            .unwrap_or(0)
    }
}

fn plural(n: i64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Kinds that must carry a review date: the documents a partnership is held to account for.
pub fn needs_review_date(kind: Kind) -> bool {
    matches!(
        kind,
        Kind::Policy | Kind::Aup | Kind::Training | Kind::Guide
    )
}

/// The page's status and, when it needs attention, a diagnostic at its `review_by` line.
pub fn review(page: &Page, today: Date, strict: bool) -> (Status, Option<Diagnostic>) {
    let at = page.src.yaml_at();
    let owner = page
        .owner
        .as_deref()
        .map(|o| format!(" with its owner ({o})"))
        .unwrap_or_default();
    let Some(review_by) = page.src.fm.review_by else {
        if !needs_review_date(page.kind) {
            return (Status::NotSet, None);
        }
        let d = Diagnostic::warning(
            rule::REVIEW_MISSING,
            format!(
                "this {} has no review date",
                english_kind_label(page.kind).to_lowercase()
            ),
        )
        .help(format!(
            "add `review_by: YYYY-MM-DD` to the front matter: {} pages must be reviewed at least once a year",
            page.kind.id()
        ));
        return (Status::Missing, Some(at.at_key(d, "title", None)));
    };
    let days = today.days_until(review_by);
    let value = review_by.to_string();
    if days < 0 {
        let severity = if strict {
            Severity::Error
        } else {
            Severity::Warning
        };
        let d = Diagnostic::new(
            severity,
            rule::REVIEW_OVERDUE,
            format!(
                "this page was due for review on {} ({} day{} ago)",
                review_by.long(),
                -days,
                plural(-days)
            ),
        )
        .help(format!(
            "review the page{owner}, then set `review_by` to the date of the next review"
        ));
        (
            Status::Overdue(-days),
            Some(at.at_key(d, "review_by", Some(&value))),
        )
    } else if days <= DUE_SOON_DAYS {
        let when = match days {
            0 => "today".to_string(),
            d => format!("in {d} day{}", plural(d)),
        };
        let d = Diagnostic::notice(
            rule::REVIEW_DUE,
            format!(
                "this page is due for review on {} ({when})",
                review_by.long()
            ),
        )
        .help(format!("plan the review{owner} before that date"));
        (
            Status::DueSoon(days),
            Some(at.at_key(d, "review_by", Some(&value))),
        )
    } else {
        (Status::Current, None)
    }
}
