use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = safeguide::commands::Cli::parse();
    let code = safeguide::commands::run(cli);
    ExitCode::from(code as u8)
}
