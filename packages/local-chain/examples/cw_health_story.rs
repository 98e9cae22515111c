//! Deploys cw-health's four optimized artifacts (artifacts/*.wasm) on a fresh local chain, wires
//! them to each other, runs the patient journey and the pharmacy story as JSON messages, and
//! prints every message with its result and gas (scripts/run.sh).
//!
//! `cargo run -p local-chain --example cw_health_story [--data-dir DIR] [--full] [--json]`

#[path = "../tests/common/health.rs"]
mod health;
#[path = "../tests/common/stories.rs"]
mod stories;

use std::path::PathBuf;
use std::process::ExitCode;

use health::{Health, Step};

fn short(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}...", s.chars().take(n).collect::<String>())
    }
}

fn print_steps(title: &str, steps: &[Step], full: bool) {
    println!("\n== {title}");
    println!(
        "{:>3}  {:<36} {:>4} {:>9} {:>8} {:>8} {:>6} {:>5}  message",
        "#", "step", "code", "gas", "setup", "storage", "vm", "r/w"
    );
    for (i, s) in steps.iter().enumerate() {
        let d = &s.res.gas_detail;
        let msg = if full {
            s.msg.clone()
        } else {
            short(&s.msg, 90)
        };
        println!(
            "{:>3}  {:<36} {:>4} {:>9} {:>8} {:>8} {:>6} {:>2}/{:<2}  {}",
            i + 1,
            short(&s.label, 36),
            s.res.code,
            s.res.gas_used,
            d.setup,
            d.storage + d.module_kv,
            d.vm,
            d.reads,
            d.writes,
            msg
        );
        if !s.res.is_ok() {
            println!("      -> {}", s.res.raw_log);
        }
    }
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let full = args.iter().any(|a| a == "--full");
    let json = args.iter().any(|a| a == "--json");
    let base = match args.iter().position(|a| a == "--data-dir") {
        Some(i) => PathBuf::from(args.get(i + 1).ok_or("--data-dir needs a directory")?),
        None => std::env::temp_dir().join(format!("cw-health-chain-{}", std::process::id())),
    };
    type Story = fn(&mut Health) -> Result<(), String>;
    let all: [(&str, Story); 3] = [
        ("patient journey", stories::patient_journey),
        (
            "pharmacy: a pack is paid once",
            stories::pharmacy_pack_paid_once,
        ),
        (
            "pharmacy: two packs paid from the pool",
            stories::pharmacy_two_packs,
        ),
    ];
    let mut failed = Vec::new();
    for (i, (name, story)) in all.iter().enumerate() {
        let dir = base.join(format!("story-{i}"));
        let mut h = Health::deploy(&dir)?;
        let deployed = h.steps.len();
        if i == 0 {
            println!(
                "local chain {} in {}",
                h.chain.config().chain_id,
                dir.display()
            );
            println!("  ehr-registry    {}", h.ehr);
            println!("  drug-provenance {}", h.drug);
            println!("  trial-anchor    {}", h.trial);
            println!("  claims-engine   {}", h.claims);
            print_steps("deploy (store, instantiate, roles)", &h.steps, full);
        }
        let result = story(&mut h);
        let steps = h.steps.split_off(deployed);
        if json {
            let out: Vec<_> = steps
                .iter()
                .map(|s| {
                    serde_json::json!({"step": s.label, "sender": s.sender,
                    "contract": s.contract, "msg": s.msg, "tx": s.res})
                })
                .collect();
            println!(
                "{}",
                serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?
            );
        } else {
            print_steps(name, &steps, full);
        }
        match result {
            Ok(()) => println!("   {name}: every assertion holds (same results as cw-multi-test)"),
            Err(e) => {
                println!("   {name}: FAILED: {e}");
                failed.push(*name);
            }
        }
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("stories failed: {}", failed.join(", ")))
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
