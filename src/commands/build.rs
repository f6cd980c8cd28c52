//! `safeguide build`

use clap::Args;
use std::path::PathBuf;

use crate::diagnostics::Failure;
use std::time::Instant;

use crate::packs;
use crate::pipeline::{load_site, BuildOptions, BuildSummary};
use crate::write::output::{self, Staging};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The site folder (holding site.yaml); defaults to the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Where to write the site; defaults to public/ in the site folder.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Override site.yaml's base_url (e.g. for a staging server).
    #[arg(long, value_parser = crate::load::web_address::parse_base_url)]
    pub base_url: Option<String>,
    /// Make a folder that works opened straight from disk (file://).
    #[arg(long)]
    pub offline: bool,
    /// Also print every pack edition to PDF (needs Chromium).
    #[arg(long)]
    pub pdf: bool,
}

impl BuildArgs {
    pub fn options(&self) -> BuildOptions {
        let root = super::root_or_cwd(self.root.clone());
        BuildOptions {
            output: self.output.clone(),
            drafts: self.drafts,
            base_url: self.base_url.clone(),
            offline: self.offline,
            pdf: self.pdf,
            root,
        }
    }
}

/// Builds the site into its output folder atomically.
pub fn build(opts: &BuildOptions) -> Result<BuildSummary, Failure> {
    let started = Instant::now();
    let target = opts.output_dir();
    // Refuse an output folder inside the site's sources, or a foreign one, before doing any work.
    output::check_outside_sources(&opts.root, &target)?;
    output::check_target(&target)?;
    // --pdf needs a browser: look for it first, so that a missing one fails fast (exit 2).
    let chromium = opts.pdf.then(packs::pdf::Chromium::find).transpose()?;
    let (site, templates, warnings) = load_site(opts)?;
    let staging = Staging::new(&target)?;
    let mut all = warnings;
    // PDFs are printed last, and only when nothing before has failed.
    let chromium = chromium.filter(|_| !all.has_errors());
    // Against the record of the output being replaced: only what changed is made again.
    let previous = staging.previous_record();
    let outcome = crate::engine::run(
        &site,
        &templates,
        &opts.run_options(chromium.as_ref()),
        Some(&previous),
        &staging,
        None,
    );
    all.extend(outcome.diagnostics);
    all.extend(crate::check::governance::warnings(&site));
    // Writes fail once interrupted: say that, not every failed write.
    if output::interrupted() {
        return Err(Failure::Interrupted);
    }
    if all.has_errors() {
        return Err(Failure::Content(all));
    }
    staging.commit()?;
    Ok(BuildSummary {
        pages: outcome.pages,
        carried: outcome.carried,
        pdfs: outcome.pdfs,
        files: outcome.files,
        output: target,
        warnings: all,
        millis: started.elapsed().as_millis(),
    })
}

pub fn run(args: BuildArgs) -> Result<(), Failure> {
    let opts = args.options();
    // Ctrl-C stops the build cleanly: the staging folder is removed, the live site untouched.
    crate::write::output::catch_interrupts();
    let progress = crate::progress::Progress::start();
    let summary = build(&opts);
    // Clears the progress line before anything else is printed.
    drop(progress);
    if crate::timings::enabled() {
        eprint!("{}", crate::timings::report());
    }
    let summary = summary?;
    crate::check::governance::print_warnings(&summary.warnings);
    // Only a build that printed says so, so the usual line stays as it was.
    let pdfs = match summary.pdfs {
        0 => String::new(),
        1 => " and 1 PDF".into(),
        n => format!(" and {n} PDFs"),
    };
    // A rebuild says how much it could take from the output it replaced.
    let carried = match summary.carried {
        0 => String::new(),
        n => format!("; {n} unchanged pages carried over"),
    };
    println!(
        "Built {} pages{pdfs} ({} files{carried}) into {} in {} ms, {}",
        summary.pages,
        summary.files,
        summary.output.display(),
        summary.millis,
        summary.warnings.warnings_phrase()
    );
    Ok(())
}
