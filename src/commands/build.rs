//! `safeguide build`

use std::path::PathBuf;

use clap::Args;

use crate::diagnostics::Failure;
use crate::pipeline::{self, BuildOptions};

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

pub fn run(args: BuildArgs) -> Result<(), Failure> {
    let opts = args.options();
    // Ctrl-C stops the build cleanly: the staging folder is removed, the live site untouched.
    crate::write::output::catch_interrupts();
    let progress = crate::progress::Progress::start();
    let summary = pipeline::build(&opts);
    // Clears the progress line before anything else is printed.
    drop(progress);
    if crate::timings::enabled() {
        eprint!("{}", crate::timings::report());
    }
    let summary = summary?;
    pipeline::print_warnings(&summary.warnings);
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
