//! `safeguide serve`

use std::path::PathBuf;

use clap::Args;

use crate::diagnostics::Failure;
use crate::serve::{self, ServeOptions};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site folder (holding site.yaml); defaults to the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, short, default_value_t = 1111)]
    pub port: u16,
    /// Address to listen on. The default serves this computer only.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build into this folder instead of a hidden one in the site (removed on exit).
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> Result<(), Failure> {
    serve::run(ServeOptions {
        root: super::root_or_cwd(args.root),
        bind: args.bind,
        port: args.port,
        drafts: args.drafts,
        output: args.output,
    })
}
