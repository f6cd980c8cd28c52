//! `safeguide check`

use std::path::PathBuf;

use clap::Args;

use crate::check::{self, CheckOptions};
use crate::diagnostics::{Diagnostics, Failure, Severity};
use crate::load::date::Date;
use crate::pipeline::BuildOptions;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The site folder (holding site.yaml); defaults to the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Fail on warnings too, and treat content past its review date as an error.
    #[arg(long)]
    pub strict: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Also write a self-contained HTML governance report to this file.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
}

pub fn run(args: CheckArgs) -> Result<(), Failure> {
    let opts = CheckOptions {
        build: BuildOptions {
            root: super::root_or_cwd(args.root),
            drafts: args.drafts,
            ..BuildOptions::default()
        },
        strict: args.strict,
        today: Date::today(),
    };
    if let Some(path) = &args.report {
        // The write rule: never among the sources of the site or its bases (the next build
        // would publish the report).
        let root = &opts.build.root;
        let layers = crate::load::config::layers_of(root);
        if let Some(why) = layers.protected().problem(path) {
            return Err(Failure::Usage(format!(
                "--report {}: refusing to write there: it {why}; write the report outside the \
                 sources of the site and its bases",
                path.display()
            )));
        }
    }
    let outcome = check::check(&opts)?;
    if let Some(path) = &args.report {
        check::report::write(&outcome, path)?;
    }
    let ds = &outcome.diagnostics;
    crate::diagnostics::eprint_styled(&ds.render_with_rules_styled());
    let count = |s: Severity, word: &str| {
        let n = ds.count(s);
        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
    };
    let scored = outcome.pages.iter().filter(|p| p.score.is_some()).count();
    let over = outcome.pages.iter().filter(|p| p.over_target()).count();
    println!(
        "Checked {} pages ({scored} scored for reading age, {over} over target): {}, {}, {}{}",
        outcome.pages.len(),
        count(Severity::Error, "error"),
        count(Severity::Warning, "warning"),
        count(Severity::Notice, "notice"),
        args.report
            .as_ref()
            .map(|p| format!("; report written to {}", p.display()))
            .unwrap_or_default()
    );
    if outcome.passed() {
        Ok(())
    } else {
        if args.strict && !ds.has_errors() {
            eprintln!("error: the check failed because --strict treats warnings as failures");
        }
        // Everything is printed already: an empty set of diagnostics only sets the exit code.
        Err(Failure::Content(Diagnostics::new()))
    }
}
