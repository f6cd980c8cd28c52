//! The returns report: one self-contained HTML file (inline CSS and SVG, nothing loaded from
//! anywhere, printable on A4 for a board paper; [`html`], [`figures`], [`appendix`]) and two CSVs
//! for the partnership's own analysis ([`spreadsheet`]).

pub mod appendix;
pub mod figures;
pub mod html;
pub mod spreadsheet;
pub mod words;

use std::collections::BTreeMap;

use super::expected::Expected;
use super::{Answer, AuditDef, Round};
use crate::diagnostics::Diagnostics;
use crate::load::date::Date;

pub use spreadsheet::{long_csv, summary_csv, CSV_HEADER, LONG_HEADER};

/// Marks a report as made by this command, so a later run may replace it and nothing else.
pub const GENERATOR: &str = "<meta name=\"generator\" content=\"safeguide returns\">";

/// The partnership the report is for: the site's title, logo and colour.
#[derive(Debug, Clone, Default)]
pub struct Brand {
    pub title: String,
    /// A `data:` URI: the report is one file.
    pub logo: Option<String>,
    /// `#rrggbb`: the site's brand colour (checked against white text) or the default.
    pub colour: String,
}

/// Everything the report shows.
pub struct Outcome<'a> {
    pub audit: &'a AuditDef,
    pub round: Round,
    pub previous: Option<Round>,
    /// The expected list, when given.
    pub expected: Option<Vec<Expected>>,
    pub diagnostics: Diagnostics,
    pub today: Date,
    pub brand: Brand,
    /// The report's language (the site's main one) and its words (the theme's i18n).
    pub lang: String,
    pub words: BTreeMap<String, String>,
}

/// Answer counts for one question over every included return, in [`Answer::ALL`] order.
pub fn counts(round: &Round, q: usize) -> [usize; 4] {
    let mut c = [0; 4];
    for r in &round.returns {
        let a = r.answers.get(q).map_or(Answer::NotAnswered, |x| x.0);
        c[Answer::ALL
            .iter()
            .position(|x| *x == a)
            .expect("every answer is listed")] += 1;
    }
    c
}

pub fn question_score(c: &[usize; 4]) -> f64 {
    super::score(
        Answer::ALL
            .iter()
            .zip(c)
            .flat_map(|(a, n)| std::iter::repeat_n(*a, *n)),
    )
}

/// Question indexes, weakest first: lowest score, then most No answers, then page order.
pub fn weakest_first(outcome: &Outcome<'_>) -> Vec<usize> {
    let mut order: Vec<(usize, f64, usize)> = (0..outcome.audit.questions.len())
        .map(|i| {
            let c = counts(&outcome.round, i);
            (i, question_score(&c), c[2])
        })
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.cmp(&b.0)));
    order.into_iter().map(|(i, _, _)| i).collect()
}

/// Expected organisations (their index in the list) with no return in this round.
pub fn missing(outcome: &Outcome<'_>) -> Vec<usize> {
    let Some(list) = &outcome.expected else {
        return Vec::new();
    };
    (0..list.len())
        .filter(|&i| !outcome.round.has_entry(i))
        .collect()
}

/// The report page.
pub fn html(outcome: &Outcome<'_>) -> Result<String, crate::diagnostics::Failure> {
    html::render(outcome)
}
