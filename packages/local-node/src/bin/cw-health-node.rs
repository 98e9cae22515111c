//! `cw-health-node --home DIR [--listen 127.0.0.1:26657] [--genesis FILE] [--denom D]
//! [--min-gas-price 0.025]`: the local chain over CometBFT JSON-RPC.

use std::process::ExitCode;

use local_node::{dev_accounts, NodeConfig, DEV_MNEMONIC};

const USAGE: &str = "usage: cw-health-node --home DIR [--listen 127.0.0.1:26657] [--genesis FILE] \
[--denom ucosm] [--min-gas-price 0.025]

  --home DIR            chain data (created on first start; an existing chain keeps its genesis)
  --listen ADDR         JSON-RPC address (default 127.0.0.1:26657)
  --genesis FILE        genesis on first start: JSON {\"chain_id\", \"bech32_prefix\", \"genesis_time\",
                        \"block_time\", \"accounts\": [{\"address\", \"coins\": [{\"denom\", \"amount\"}]}]}
                        (default: chain local-1, prefix wasm, the dev mnemonic's 10 accounts funded)
  --denom DENOM         fee denom (default ucosm)
  --min-gas-price P     minimum gas price in the fee denom (default 0.025)";

fn run() -> Result<(), String> {
    let mut config = NodeConfig::default();
    let mut home = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value\n\n{USAGE}"));
        match a.as_str() {
            "--home" => home = Some(value()?),
            "--listen" => config.listen = value()?.parse().map_err(|e| format!("--listen: {e}"))?,
            "--genesis" => {
                let path = value()?;
                let bytes = std::fs::read(&path).map_err(|e| format!("{path}: {e}"))?;
                config.chain =
                    serde_json::from_slice(&bytes).map_err(|e| format!("{path}: {e}"))?;
            }
            "--denom" => config.denom = value()?,
            "--min-gas-price" => {
                config.min_gas_price = value()?.parse().map_err(|e| format!("{e}"))?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unknown argument {other}\n\n{USAGE}")),
        }
    }
    config.home = home.ok_or(format!("--home is required\n\n{USAGE}"))?.into();
    let chain = config.chain.clone();
    let denom = config.denom.clone();
    let price = config.min_gas_price;
    let node = local_node::start(config).map_err(|e| e.to_string())?;
    println!("cw-health local node");
    println!("  rpc        {}", node.rpc_url());
    println!("  chain id   {}", chain.chain_id);
    println!("  prefix     {}", chain.bech32_prefix);
    println!("  gas price  {price}{denom}");
    println!("  dev mnemonic: {DEV_MNEMONIC}");
    if let Ok(accs) = dev_accounts(3, &chain.bech32_prefix) {
        for a in accs {
            println!("  m/44'/118'/0'/0/{}  {}", a.index, a.address);
        }
    }
    node.wait();
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
