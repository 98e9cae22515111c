//! Validates wasm files as a chain does on upload (scripts/check.sh): the same checks as
//! `cosmwasm-check` 3.0.10 with its default capabilities (no `cosmwasm_3_0`), run by the same
//! cosmwasm-vm 3.0.10 / wasmer 7.4.2 the local chain embeds, so CI builds wasmer once.
//!
//! `cargo run -p local-chain --example check_artifacts -- artifacts/*.wasm`

use std::process::ExitCode;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: check_artifacts <file.wasm>...");
        return ExitCode::FAILURE;
    }
    println!(
        "cosmwasm-vm 3.0.10 static checks, available capabilities: {}",
        local_chain::gas::CAPABILITIES.join(",")
    );
    let mut failed = 0;
    for p in &paths {
        let result = std::fs::read(p)
            .map_err(|e| e.to_string())
            .and_then(|wasm| local_chain::check_wasm(&wasm));
        match result {
            Ok(()) => println!("{p}: pass"),
            Err(e) => {
                println!("{p}: failure: {e}");
                failed += 1;
            }
        }
    }
    println!("{} passed, {failed} failed", paths.len() - failed);
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
