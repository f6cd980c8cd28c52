use std::process::ExitCode;

use clap::Parser;

// Rendering allocates many small strings on every thread; mimalloc handles that much faster than
// the system allocator (see the benchmark in README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = safeguide::commands::Cli::parse();
    let code = safeguide::commands::run(cli);
    ExitCode::from(code as u8)
}
