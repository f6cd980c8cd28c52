//! The command line: one module per subcommand, sharing the pipeline.

mod adapt;
mod build;
/// A whole build, as `safeguide build` runs it (the robustness test calls it in-process).
pub use build::build;
mod check;
mod init_profile;
pub mod merge;
mod new;
mod overrides;
mod publish;
mod returns;
mod serve;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Failure;

/// What `safeguide --version` prints after the name: the program, then the pack built into it.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ndefault pack ",
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("SAFEGUIDE_PACK_PAGES"),
    " pages, last updated ",
    env!("SAFEGUIDE_PACK_UPDATED"),
    ")"
);

#[derive(Debug, Parser)]
#[command(
    name = "safeguide",
    version = VERSION,
    about = "Build online-safety guidance sites, packs and model policies from Markdown"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into public/ (or --output).
    Build(build::BuildArgs),
    /// Check the site (links, review dates, reading age, ...) without writing it.
    Check(check::CheckArgs),
    /// Create a new site standing on the default online-safety pack (--full: a copy of it).
    New(new::NewArgs),
    /// Adapted copies of model policies for a school or setting, filled from its profile.
    Adapt(adapt::AdaptArgs),
    /// Build the site, serve it on this computer and rebuild it as you edit.
    Serve(serve::ServeArgs),
    /// Read the audit returns in a folder and write one report for the partnership.
    Returns(returns::ReturnsArgs),
    /// Copy a base file into the site to edit, recording which version of it you copied.
    Override(overrides::OverrideArgs),
    /// Show what the base changed in the pages you overrode, and your copies against it.
    Diff(overrides::DiffArgs),
    /// Take the base's changes into the pages you overrode (three-way merge; conflicts marked).
    Merge(merge::MergeArgs),
}

/// Runs a command and prints its outcome; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    let result = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Adapt(args) => adapt::run(args),
        Command::Serve(args) => serve::run(args),
        Command::Returns(args) => returns::run(args),
        Command::Override(args) => overrides::run_override(args),
        Command::Diff(args) => overrides::run_diff(args),
        Command::Merge(args) => merge::run(args),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            report_failure(&f);
            f.exit_code()
        }
    }
}

pub fn report_failure(f: &Failure) {
    match f {
        Failure::Content(ds) => crate::diagnostics::eprint_styled(&ds.render_styled()),
        Failure::Usage(msg) => crate::diagnostics::eprint_styled(&format!(
            "{} {msg}\n",
            crate::diagnostics::styled_label(crate::diagnostics::Severity::Error)
        )),
        Failure::Interrupted => eprintln!("{}", Failure::INTERRUPTED),
    }
}

/// `--root`, defaulting to the current folder.
pub fn root_or_cwd(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| PathBuf::from("."))
}
