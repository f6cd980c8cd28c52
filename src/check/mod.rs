//! `safeguide check`: every validation of a build, plus the governance and quality rules a
//! partnership needs before publishing, without writing the site.
//!
//! The build's own checks (links, anchors, templates, placeholders) come from running the real
//! pipeline with no output folder, so `check` and `build` can never disagree about them. The rules
//! here add review dates ([`review`]), reading age ([`readability`]), quality ([`rules`]) and
//! frameworks cited or named ([`frameworks`]), translations ([`languages`]); the
//! [`report`] turns all of it into a self-contained HTML page.

pub mod audits;
pub mod framework_law;
pub mod frameworks;
pub mod governance;
pub mod languages;
pub mod readability;
pub mod report;
pub mod report_law;
pub mod review;
pub mod rules;
pub mod word_diff;

use crate::diagnostics::rule;
use std::collections::HashMap;

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, Failure, Severity};
use crate::load::date::Date;
use crate::load::frameworks::Frameworks;
use crate::pipeline::{self, BuildOptions};
use crate::resolve::Site;

#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub build: BuildOptions,
    /// Overdue reviews are errors, and any warning fails the check.
    pub strict: bool,
    pub today: Date,
}

/// The reading-age target of a page: the lowest among its audiences.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub age: f64,
    /// The audience that sets it.
    pub audience: String,
}

/// What the check found about one page: a row of the report.
#[derive(Debug, Clone)]
pub struct PageFacts {
    pub index: usize,
    pub review: review::Status,
    /// Words of prose (0 for a page with none).
    pub words: usize,
    /// `None` below [`readability::MIN_WORDS`] words.
    pub score: Option<readability::Score>,
    pub target: Option<Target>,
    /// The page's language when reading age is not scored in it (the formula is for English).
    pub unscored_lang: Option<String>,
}

impl PageFacts {
    pub fn over_target(&self) -> bool {
        match (&self.score, &self.target) {
            (Some(s), Some(t)) => s.rounded_age() > t.age,
            _ => false,
        }
    }
}

pub struct CheckOutcome {
    pub site: Site,
    /// The site's `frameworks.yaml`, for the report's frameworks table.
    pub frameworks: Frameworks,
    pub pages: Vec<PageFacts>,
    pub diagnostics: Diagnostics,
    pub strict: bool,
    pub today: Date,
    /// The report's language (the site's main one) and its words (the theme's i18n).
    pub lang: String,
    pub words: std::collections::BTreeMap<String, String>,
}

impl CheckOutcome {
    /// 0 errors, and under --strict 0 warnings.
    pub fn passed(&self) -> bool {
        let ds = &self.diagnostics;
        let failing_warnings = self.strict && ds.count(Severity::Warning) > 0;
        !ds.has_errors() && !failing_warnings
    }
}

/// Runs every check. Problems that stop the site loading at all come back as `Err`.
pub fn check(opts: &CheckOptions) -> Result<CheckOutcome, Failure> {
    let (site, templates, mut diagnostics, frameworks) =
        pipeline::load_site_and_frameworks(&opts.build)?;
    // Against nothing, keeping nothing: every output renders, for its problems.
    let rendered = crate::engine::run(
        &site,
        &templates,
        &opts.build.run_options(None),
        None,
        &crate::write::sink::Discard,
        None,
    );
    diagnostics.extend(rendered.diagnostics);

    let by_path: HashMap<&str, usize> = site
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.path.as_str(), i))
        .collect();
    let text_rules = self::frameworks::TextRules::new(&frameworks, opts.today, site.config.nation);
    diagnostics.extend(self::framework_law::registry(&frameworks, opts.today));
    let per_page: Vec<(PageFacts, Vec<usize>, Vec<Diagnostic>)> = (0..site.pages.len())
        .into_par_iter()
        .map(|i| check_page(&site, &frameworks, &text_rules, i, &by_path, opts))
        .collect();
    let mut pages = Vec::with_capacity(per_page.len());
    let mut links_to = Vec::with_capacity(per_page.len());
    for (facts, links, ds) in per_page {
        pages.push(facts);
        links_to.push(links);
        diagnostics.extend(ds);
    }
    diagnostics.extend(rules::duplicate_titles(&site));
    diagnostics.extend(rules::orphans(&site, &links_to));
    diagnostics.extend(rules::unset_locals(&site));
    diagnostics.extend(rules::overrides(&site));
    diagnostics.extend(rules::audiences(&site));
    diagnostics.extend(languages::missing(&site));
    diagnostics.extend(languages::stale(&site));
    diagnostics.extend(languages::unreviewed(&site));
    diagnostics.extend(languages::unlisted(&site));
    diagnostics.sort();
    let (lang, words) = crate::render::i18n::main_words(&templates.words, &site.config);
    Ok(CheckOutcome {
        lang,
        words,
        site,
        frameworks,
        pages,
        diagnostics,
        strict: opts.strict,
        today: opts.today,
    })
}

fn check_page(
    site: &Site,
    frameworks: &Frameworks,
    text_rules: &self::frameworks::TextRules,
    idx: usize,
    by_path: &HashMap<&str, usize>,
    opts: &CheckOptions,
) -> (PageFacts, Vec<usize>, Vec<Diagnostic>) {
    let page = &site.pages[idx];
    let body = rules::body_facts(site, idx, by_path);
    let mut ds = body.diagnostics;
    let (status, d) = review::review(page, opts.today, opts.strict);
    ds.extend(d);
    ds.extend(rules::summary(site, idx));
    ds.extend(audits::audits(site, idx));
    ds.extend(self::frameworks::page(
        frameworks, text_rules, page, opts.today,
    ));

    let target = page
        .audience
        .iter()
        .filter_map(|id| site.config.audience(id))
        .filter_map(|a| a.reading_age.map(|age| (age, a.name.clone())))
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(age, audience)| Target { age, audience });
    let full = readability::score(&body.prose);
    let words = full.as_ref().map_or(0, |s| s.words);
    let lang = site.lang_of(page);
    let unscored_lang = (!languages::scored_language(lang)).then(|| lang.to_string());
    let score = full.filter(|s| s.words >= readability::MIN_WORDS && unscored_lang.is_none());
    let facts = PageFacts {
        index: idx,
        review: status,
        words,
        score,
        target,
        unscored_lang,
    };
    if facts.over_target() {
        ds.push(readability_warning(site, &facts));
    }
    (facts, body.links_to, ds)
}

fn readability_warning(site: &Site, facts: &PageFacts) -> Diagnostic {
    let page = &site.pages[facts.index];
    let (Some(score), Some(target)) = (&facts.score, &facts.target) else {
        unreachable!("only called for pages over their target");
    };
    let mut help =
        String::from("use shorter sentences and everyday words; the longest sentences are:");
    for s in &score.longest {
        help.push_str(&format!("\n      - ({} words) {}", s.words, s.text));
    }
    page.src.yaml_at().at_key(
        Diagnostic::warning(
            rule::READABILITY,
            format!(
                "`{}` has a reading age of {:.1}, above the target of {} for {} ({} words, {} sentences)",
                page.title(),
                score.rounded_age(),
                target.age,
                target.audience,
                score.words,
                score.sentences
            ),
        )
        .help(help),
        "title",
        None,
    )
}
