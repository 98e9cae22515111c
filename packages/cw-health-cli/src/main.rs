//! The `cw-health` binary.

use clap::Parser;

fn main() {
    let cli = cw_health_cli::cli::Cli::parse();
    if let Err(f) = cw_health_cli::cli::run(cli) {
        eprintln!("error: {}", f.message);
        std::process::exit(f.code);
    }
}
