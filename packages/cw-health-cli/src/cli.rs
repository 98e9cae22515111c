//! The `cw-health` commands.

use std::io::{IsTerminal, Read};
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use cosmrs::cosmwasm::{
    MsgExecuteContract, MsgInstantiateContract, MsgMigrateContract, MsgStoreCode, MsgUpdateAdmin,
};
use cosmrs::tx::Msg;
use cosmrs::{AccountId, Any, Coin};
use serde_json::Value;

use crate::chain::{self, ChainClient, Signer, TxResponse};
use crate::deploy::{self, Deployment, StepRecord, StoreAction, CONTRACTS};
use crate::keys::{self, Keyring};
use crate::network::{self, Network};
use crate::schema::{MsgKind, Schema};

/// Deploy the cw-health contracts to a Cosmos chain and drive them with JSON messages, signing
/// and broadcasting over CometBFT RPC.
#[derive(Parser, Debug)]
#[command(name = "cw-health", version)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub cmd: Command,
}

/// Options of every command.
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Home directory (keyring.json, networks/).
    #[arg(long, global = true, env = "CW_HEALTH_HOME")]
    pub home: Option<PathBuf>,
    /// Directory of network profiles (<name>.toml); default: <home>/networks, then
    /// scripts/networks.
    #[arg(long, global = true, env = "CW_HEALTH_NETWORKS")]
    pub networks: Option<PathBuf>,
    /// Directory of deployment records (<chain-id>.json).
    #[arg(
        long,
        global = true,
        env = "CW_HEALTH_DEPLOYMENTS",
        default_value = "deployments"
    )]
    pub deployments: PathBuf,
    /// Directory of the contracts' JSON schemas.
    #[arg(
        long,
        global = true,
        env = "CW_HEALTH_SCHEMA",
        default_value = "schema"
    )]
    pub schema: PathBuf,
    /// Directory of the optimized artifacts and checksums.txt.
    #[arg(
        long,
        global = true,
        env = "CW_HEALTH_ARTIFACTS",
        default_value = "artifacts"
    )]
    pub artifacts: PathBuf,
    /// Network profile name.
    #[arg(long, short = 'n', global = true, env = "CW_HEALTH_NETWORK")]
    pub network: Option<String>,
    /// Override the profile's RPC endpoint.
    #[arg(long, global = true, env = "CW_HEALTH_RPC")]
    pub rpc: Option<String>,
    /// Override the profile's gas adjustment (gas limit = simulated gas × this).
    #[arg(long, global = true)]
    pub gas_adjustment: Option<f64>,
    /// A fixed gas limit instead of simulating (a transaction the chain will refuse is then
    /// broadcast, and pays its fee).
    #[arg(long, global = true)]
    pub gas: Option<u64>,
    /// Seconds to wait for a transaction's inclusion.
    #[arg(long, global = true, default_value_t = 60)]
    pub timeout: u64,
    /// Output format.
    #[arg(long, short = 'o', global = true, value_enum, default_value_t = Output::Text)]
    pub output: Output,
    /// No progress lines on stderr.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Output {
    Text,
    Json,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Manage keys (BIP-39 mnemonics, coin type 118) in <home>/keyring.json (mode 0600).
    #[command(subcommand)]
    Keys(KeysCmd),
    /// List the network profiles, or show one.
    Networks {
        /// A profile to show.
        name: Option<String>,
    },
    /// The node's chain id, latest height and block time (nanoseconds, as the contracts take
    /// times), and optionally an address's balance in the fee denom.
    Status {
        /// An address or key name whose balance to show.
        #[arg(long)]
        balance: Option<String>,
    },
    /// Store the four artifacts, instantiate them wired to each other, record everything in
    /// <deployments>/<chain-id>.json; a re-run skips recorded steps.
    Deploy {
        /// Key that signs (and pays).
        #[arg(long, env = "CW_HEALTH_FROM")]
        from: String,
        /// Admin of the contracts (who may migrate them); default: the --from address.
        #[arg(long)]
        admin: Option<String>,
    },
    /// Execute a message on a deployed contract.
    Exec {
        /// Contract: ehr-registry, drug-provenance, trial-anchor, claims-engine (or ehr, drug,
        /// trial, claims).
        contract: String,
        /// The message: JSON, @file, or - for stdin. Every message has an example to start from:
        /// @schema/<contract>/examples/<message>.json (e.g. @schema/ehr-registry/examples/grant_access.json).
        msg: String,
        /// Key that signs (and pays).
        #[arg(long, env = "CW_HEALTH_FROM")]
        from: String,
        /// Funds sent with the message, e.g. 1000uhealth or 10uatom,5ujuno.
        #[arg(long)]
        amount: Option<String>,
    },
    /// Query a deployed contract (smart query); prints the contract's JSON answer.
    Query {
        /// Contract (as for exec).
        contract: String,
        /// The query: JSON, @file, or - for stdin. Every query has an example to start from:
        /// @schema/<contract>/examples/<query>.json (e.g. @schema/ehr-registry/examples/check_access.json).
        msg: String,
    },
    /// Migrate a deployed contract to the code recorded for it (after a deploy stored a new
    /// artifact) or to --code-id.
    Migrate {
        /// Contract (as for exec).
        contract: String,
        /// The migrate message: JSON, @file, or - (default {}).
        msg: Option<String>,
        /// Key that signs: the contract's admin.
        #[arg(long, env = "CW_HEALTH_FROM")]
        from: String,
        /// Code id to migrate to (default: the record's code id for this contract).
        #[arg(long)]
        code_id: Option<u64>,
    },
}

/// Key commands.
#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// Create a key from a fresh 24-word mnemonic (printed once, on stderr: write it down).
    Add {
        name: String,
        /// HD account index (m/44'/118'/0'/0/INDEX).
        #[arg(long, default_value_t = 0)]
        index: u32,
        /// Bech32 prefix of the address shown (default: the --network profile's, else wasm).
        #[arg(long)]
        prefix: Option<String>,
    },
    /// Import a key from a mnemonic read from stdin (or, explicitly, from --mnemonic).
    Import {
        name: String,
        /// The mnemonic on the command line (visible to other users and kept in shell history:
        /// prefer stdin).
        #[arg(long)]
        mnemonic: Option<String>,
        /// HD account index (m/44'/118'/0'/0/INDEX).
        #[arg(long, default_value_t = 0)]
        index: u32,
        /// Bech32 prefix of the address shown.
        #[arg(long)]
        prefix: Option<String>,
    },
    /// List the keys and their addresses.
    List {
        /// Bech32 prefix (default: the --network profile's, else wasm).
        #[arg(long)]
        prefix: Option<String>,
    },
    /// Show a key's address.
    Show {
        name: String,
        /// Bech32 prefix (default: the --network profile's, else wasm).
        #[arg(long)]
        prefix: Option<String>,
    },
}

/// A command's failure: message and exit code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub code: i32,
}

impl From<String> for Failure {
    fn from(message: String) -> Self {
        Failure { message, code: 1 }
    }
}

type Res<T> = Result<T, Failure>;

struct Ctx {
    g: Global,
    home: PathBuf,
}

impl Ctx {
    fn note(&self, s: &str) {
        if !self.g.quiet {
            eprintln!("{s}");
        }
    }

    fn net_dirs(&self) -> Vec<PathBuf> {
        network::search_dirs(self.g.networks.as_deref(), &self.home)
    }

    fn network(&self) -> Res<Network> {
        let name = self.g.network.as_deref().ok_or_else(|| {
            "no network: pass --network NAME (see `cw-health networks`)".to_string()
        })?;
        let mut n = Network::load(name, &self.net_dirs())?;
        if let Some(rpc) = &self.g.rpc {
            n.rpc = rpc.clone();
        }
        if let Some(a) = self.g.gas_adjustment {
            if !(a >= 1.0 && a.is_finite()) {
                return Err("--gas-adjustment must be >= 1".to_string().into());
            }
            n.gas_adjustment = a;
        }
        Ok(n)
    }

    fn prefix(&self, explicit: Option<&str>) -> String {
        if let Some(p) = explicit {
            return p.to_string();
        }
        self.g
            .network
            .as_deref()
            .and_then(|n| Network::load(n, &self.net_dirs()).ok())
            .map(|n| n.bech32_prefix)
            .unwrap_or_else(|| "wasm".to_string())
    }

    fn client(&self) -> Res<ChainClient> {
        let mut c = ChainClient::connect(self.network()?)?;
        c.timeout = std::time::Duration::from_secs(self.g.timeout);
        c.progress = !self.g.quiet;
        c.fixed_gas = self.g.gas;
        Ok(c)
    }

    fn signer(&self, name: &str, prefix: &str) -> Res<Signer> {
        let ring = Keyring::open(&self.home)?;
        let k = ring.get(name)?;
        let key = keys::signing_key(&k.mnemonic, &k.hd_path)?;
        let address = key
            .public_key()
            .account_id(prefix)
            .map_err(|e| format!("address: {e}"))?;
        Ok(Signer { key, address })
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Res<()> {
    let home = cli.global.home.clone().unwrap_or_else(keys::default_home);
    let ctx = Ctx {
        g: cli.global,
        home,
    };
    match cli.cmd {
        Command::Keys(k) => keys_cmd(&ctx, k),
        Command::Networks { name } => networks_cmd(&ctx, name.as_deref()),
        Command::Status { balance } => status_cmd(&ctx, balance.as_deref()),
        Command::Deploy { from, admin } => deploy_cmd(&ctx, &from, admin.as_deref()),
        Command::Exec {
            contract,
            msg,
            from,
            amount,
        } => exec_cmd(&ctx, &contract, &msg, &from, amount.as_deref()),
        Command::Query { contract, msg } => query_cmd(&ctx, &contract, &msg),
        Command::Migrate {
            contract,
            msg,
            from,
            code_id,
        } => migrate_cmd(&ctx, &contract, msg.as_deref(), &from, code_id),
    }
}

fn keys_cmd(ctx: &Ctx, cmd: KeysCmd) -> Res<()> {
    let mut ring = Keyring::open(&ctx.home)?;
    match cmd {
        KeysCmd::Add {
            name,
            index,
            prefix,
        } => {
            let m = keys::generate_mnemonic()?;
            let path = keys::hd_path(index);
            ring.insert(&name, &m, &path)?;
            let addr = keys::address(&m, &path, &ctx.prefix(prefix.as_deref()))?;
            eprintln!(
                "Write this mnemonic down and keep it secret; it is the only way to recover the \
                 key:\n\n{m}\n"
            );
            println!("{name}\t{addr}\t{path}");
        }
        KeysCmd::Import {
            name,
            mnemonic,
            index,
            prefix,
        } => {
            let m = match mnemonic {
                Some(m) => m,
                None => {
                    if std::io::stdin().is_terminal() {
                        eprintln!("Enter the mnemonic, then Enter and Ctrl-D:");
                    }
                    let mut s = String::new();
                    std::io::stdin()
                        .read_to_string(&mut s)
                        .map_err(|e| format!("reading stdin: {e}"))?;
                    s
                }
            };
            let path = keys::hd_path(index);
            ring.insert(&name, &m, &path)?;
            let stored = ring.get(&name)?;
            let addr = keys::address(&stored.mnemonic, &path, &ctx.prefix(prefix.as_deref()))?;
            println!("{name}\t{addr}\t{path}");
        }
        KeysCmd::List { prefix } => {
            let prefix = ctx.prefix(prefix.as_deref());
            for (name, k) in &ring.keys {
                let addr = keys::address(&k.mnemonic, &k.hd_path, &prefix)?;
                println!("{name}\t{addr}\t{}", k.hd_path);
            }
        }
        KeysCmd::Show { name, prefix } => {
            let k = ring.get(&name)?;
            println!(
                "{}",
                keys::address(&k.mnemonic, &k.hd_path, &ctx.prefix(prefix.as_deref()))?
            );
        }
    }
    Ok(())
}

fn networks_cmd(ctx: &Ctx, name: Option<&str>) -> Res<()> {
    let dirs = ctx.net_dirs();
    if let Some(name) = name {
        let n = Network::load(name, &dirs)?;
        let text = toml::to_string_pretty(&n).map_err(|e| e.to_string())?;
        print!("{text}");
        return Ok(());
    }
    let list = network::list(&dirs);
    if ctx.g.output == Output::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?
        );
        return Ok(());
    }
    println!(
        "{:<16} {:<16} {:<8} {:<12} rpc",
        "name", "chain id", "prefix", "verified"
    );
    for n in list {
        println!(
            "{:<16} {:<16} {:<8} {:<12} {}",
            n.name,
            n.chain_id,
            n.bech32_prefix,
            if n.verified { "yes" } else { "no" },
            n.rpc
        );
    }
    Ok(())
}

fn status_cmd(ctx: &Ctx, who: Option<&str>) -> Res<()> {
    let net = ctx.network()?;
    let client = ctx.client()?;
    let (height, time_ns) = client.latest()?;
    let mut out = serde_json::json!({
        "network": net.name,
        "chain_id": net.chain_id,
        "rpc": net.rpc,
        "height": height,
        "time_ns": time_ns.to_string(),
    });
    if let Some(who) = who {
        let addr = if who.parse::<AccountId>().is_ok() {
            who.to_string()
        } else {
            ctx.signer(who, &net.bech32_prefix)?.address.to_string()
        };
        let bal = client.balance(&addr, &net.gas_denom)?;
        if let Some(o) = out.as_object_mut() {
            o.insert("address".into(), Value::String(addr));
            o.insert(
                "balance".into(),
                Value::String(format!("{bal}{}", net.gas_denom)),
            );
        }
    }
    if ctx.g.output == Output::Json {
        println!("{out}");
    } else {
        println!(
            "{} ({}) at {}: height {height}, block time {time_ns} ns",
            net.name, net.chain_id, net.rpc
        );
        if let (Some(a), Some(b)) = (out.get("address"), out.get("balance")) {
            println!(
                "balance of {}: {}",
                a.as_str().unwrap_or(""),
                b.as_str().unwrap_or("")
            );
        }
    }
    Ok(())
}

/// Resolves a contract name or alias.
pub fn contract_name(s: &str) -> Result<&'static str, String> {
    let name = match s {
        "ehr" | "ehr-registry" | "ehr_registry" => "ehr-registry",
        "drug" | "drug-provenance" | "drug_provenance" => "drug-provenance",
        "trial" | "trial-anchor" | "trial_anchor" => "trial-anchor",
        "claims" | "claims-engine" | "claims_engine" => "claims-engine",
        other => {
            return Err(format!(
                "unknown contract {other}: use one of {}",
                CONTRACTS.map(|(c, _)| c).join(", ")
            ))
        }
    };
    Ok(name)
}

/// Reads a message argument (JSON, @file, -) and parses it.
pub fn read_msg(arg: &str) -> Result<Value, String> {
    let (text, source) = if arg == "-" {
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .map_err(|e| format!("reading stdin: {e}"))?;
        (s, "stdin".to_string())
    } else if let Some(p) = arg.strip_prefix('@') {
        let s = std::fs::read_to_string(p).map_err(|e| format!("cannot read {p}: {e}"))?;
        (s, p.to_string())
    } else {
        (arg.to_string(), "the message".to_string())
    };
    serde_json::from_str(&text).map_err(|e| format!("{source} is not valid JSON: {e}"))
}

/// Parses `--amount` (`100uhealth` or `1a,2b`).
pub fn parse_coins(s: &str) -> Result<Vec<Coin>, String> {
    let mut out = Vec::new();
    for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let split = part
            .find(|c: char| !c.is_ascii_digit())
            .ok_or_else(|| format!("coin {part}: no denomination (write e.g. 1000uhealth)"))?;
        let (amount, denom) = part.split_at(split);
        let amount: u128 = amount
            .parse()
            .map_err(|_| format!("coin {part}: the amount must be a whole number of base units"))?;
        let coin = Coin::new(amount, denom).map_err(|e| format!("coin {part}: {e}"))?;
        out.push(coin);
    }
    Ok(out)
}

fn validated(ctx: &Ctx, contract: &str, kind: MsgKind, msg: &Value) -> Res<Vec<u8>> {
    let schema = Schema::load(&ctx.g.schema, contract, kind)?;
    schema.validate(msg).map_err(|e| Failure {
        message: format!("{e}\n  refused locally: nothing was sent, no gas spent"),
        code: 2,
    })?;
    Ok(serde_json::to_vec(msg).map_err(|e| e.to_string())?)
}

fn account(s: &str) -> Result<AccountId, String> {
    s.parse().map_err(|e| format!("bad address {s}: {e}"))
}

fn any<M: Msg>(m: M) -> Result<Any, String> {
    m.into_any()
        .map_err(|e| format!("encoding the message: {e}"))
}

/// Prints a transaction; a failed one is an error with the chain's raw log.
fn report(ctx: &Ctx, net: &Network, label: &str, r: &TxResponse) -> Res<()> {
    if ctx.g.output == Output::Json {
        println!(
            "{}",
            serde_json::to_string_pretty(&chain::to_json(r)).map_err(|e| e.to_string())?
        );
    } else if r.is_ok() {
        println!("{label}: {}", chain::summary(net, r));
    }
    if !r.is_ok() {
        return Err(format!(
            "{label} failed in tx {} (height {}, gas used {}): {}",
            r.txhash,
            r.height,
            r.gas_used,
            chain::explain_failure(&r.codespace, r.code, &r.raw_log)
        )
        .into());
    }
    Ok(())
}

fn exec_cmd(ctx: &Ctx, contract: &str, msg: &str, from: &str, amount: Option<&str>) -> Res<()> {
    let contract = contract_name(contract)?;
    let msg = read_msg(msg)?;
    let bytes = validated(ctx, contract, MsgKind::Execute, &msg)?;
    let funds = amount.map(parse_coins).transpose()?.unwrap_or_default();
    let net = ctx.network()?;
    let rec = Deployment::load(&ctx.g.deployments, &net.chain_id)?;
    let addr = rec.address(contract)?.to_string();
    let client = ctx.client()?;
    let signer = ctx.signer(from, &net.bech32_prefix)?;
    let m = any(MsgExecuteContract {
        sender: signer.address.clone(),
        contract: account(&addr)?,
        msg: bytes,
        funds,
    })?;
    let variant = msg
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    let label = format!("{contract} {variant}");
    let r = client.send(&signer, vec![m], net.gas_adjustment, &label)?;
    report(ctx, &net, &label, &r)
}

fn query_cmd(ctx: &Ctx, contract: &str, msg: &str) -> Res<()> {
    let contract = contract_name(contract)?;
    let msg = read_msg(msg)?;
    let bytes = validated(ctx, contract, MsgKind::Query, &msg)?;
    let net = ctx.network()?;
    let rec = Deployment::load(&ctx.g.deployments, &net.chain_id)?;
    let addr = rec.address(contract)?.to_string();
    let client = ctx.client()?;
    let answer = client.smart_query(&addr, &bytes)?;
    let text = if ctx.g.output == Output::Json {
        serde_json::to_string(&answer)
    } else {
        serde_json::to_string_pretty(&answer)
    };
    println!("{}", text.map_err(|e| e.to_string())?);
    Ok(())
}

fn migrate_cmd(
    ctx: &Ctx,
    contract: &str,
    msg: Option<&str>,
    from: &str,
    code_id: Option<u64>,
) -> Res<()> {
    let contract = contract_name(contract)?;
    let msg = read_msg(msg.unwrap_or("{}"))?;
    let bytes = validated(ctx, contract, MsgKind::Migrate, &msg)?;
    let net = ctx.network()?;
    let mut rec = Deployment::load(&ctx.g.deployments, &net.chain_id)?;
    let addr = rec.address(contract)?.to_string();
    let target = match code_id.or_else(|| rec.code_ids.get(contract).copied()) {
        Some(id) => id,
        None => return Err(format!("no code id recorded for {contract}: pass --code-id").into()),
    };
    let client = ctx.client()?;
    let (current, admin, _) = client
        .contract_info(&addr)?
        .ok_or_else(|| format!("{contract} at {addr} does not exist on {}", net.chain_id))?;
    if current == target {
        ctx.note(&format!(
            "{contract} already runs code {target}: store a new artifact with `cw-health deploy` \
             (it records the new code id), or pass --code-id"
        ));
        return Ok(());
    }
    let signer = ctx.signer(from, &net.bech32_prefix)?;
    if admin != signer.address.as_ref() {
        return Err(format!(
            "{from} ({}) is not the admin of {contract} (admin: {}): only the admin may migrate",
            signer.address,
            if admin.is_empty() { "none" } else { &admin }
        )
        .into());
    }
    let m = any(MsgMigrateContract {
        sender: signer.address.clone(),
        contract: account(&addr)?,
        code_id: target,
        msg: bytes,
    })?;
    let label = format!("migrate {contract} {current} -> {target}");
    let r = client.send(&signer, vec![m], net.gas_adjustment, &label)?;
    report(ctx, &net, &label, &r)?;
    rec.steps.insert(
        format!("migrate {contract} to {target}"),
        StepRecord {
            tx_hash: r.txhash.clone(),
            height: r.height,
            gas_used: r.gas_used,
            note: String::new(),
        },
    );
    rec.save(&ctx.g.deployments)?;
    Ok(())
}

fn step(r: &TxResponse, note: &str) -> StepRecord {
    StepRecord {
        tx_hash: r.txhash.clone(),
        height: r.height,
        gas_used: r.gas_used,
        note: note.to_string(),
    }
}

fn deploy_cmd(ctx: &Ctx, from: &str, admin: Option<&str>) -> Res<()> {
    let arts = deploy::artifacts(&ctx.g.artifacts)?;
    let net = ctx.network()?;
    let client = ctx.client()?;
    let signer = ctx.signer(from, &net.bech32_prefix)?;
    let admin = match admin {
        Some(a) => account(a)?,
        None => signer.address.clone(),
    };
    let dir = ctx.g.deployments.clone();
    let mut rec = Deployment::load(&dir, &net.chain_id)?;
    ctx.note(&format!(
        "deploying to {} ({}) from {from} ({}), record {}",
        net.name,
        net.chain_id,
        signer.address,
        deploy::record_path(&dir, &net.chain_id).display()
    ));
    ctx.note("listing the codes already on chain...");
    let on_chain = usable_codes(&client, &signer.address)?;
    let total = arts.len();
    for (i, art) in arts.iter().enumerate() {
        let c = art.contract.as_str();
        let n = i + 1;
        match deploy::store_action(&rec, art, &on_chain) {
            StoreAction::Recorded(id) => {
                println!("[{n}/{total}] store {c}: recorded as code {id}, skipped");
                continue;
            }
            StoreAction::Reuse(id) => {
                println!("[{n}/{total}] store {c}: code {id} on chain has this checksum, reused");
                rec.code_ids.insert(c.to_string(), id);
                rec.checksums.insert(c.to_string(), art.checksum.clone());
                rec.steps.insert(
                    format!("store {c}"),
                    StepRecord {
                        note: format!("reused code {id} already on chain"),
                        ..StepRecord::default_empty()
                    },
                );
            }
            StoreAction::Store => {
                let wasm = std::fs::read(&art.path)
                    .map_err(|e| format!("cannot read {}: {e}", art.path.display()))?;
                println!(
                    "[{n}/{total}] store {c} ({} KiB, sha256 {})...",
                    wasm.len() / 1024,
                    art.checksum.get(..12).unwrap_or_default()
                );
                let m = any(MsgStoreCode {
                    sender: signer.address.clone(),
                    wasm_byte_code: wasm,
                    instantiate_permission: None,
                })?;
                let label = format!("store {c}");
                let r = client.send(&signer, vec![m], net.gas_adjustment, &label)?;
                report_step(ctx, &net, &label, &r)?;
                let id: u64 = r
                    .attr("store_code", "code_id")
                    .and_then(|v| v.parse().ok())
                    .ok_or_else(|| format!("{label}: no code_id in the store_code event"))?;
                if let Some(sum) = r.attr("store_code", "code_checksum") {
                    if !sum.eq_ignore_ascii_case(&art.checksum) {
                        return Err(format!(
                            "{label}: the chain computed checksum {sum}, expected {}",
                            art.checksum
                        )
                        .into());
                    }
                }
                println!("      code id {id}, gas used {}", r.gas_used);
                rec.code_ids.insert(c.to_string(), id);
                rec.checksums.insert(c.to_string(), art.checksum.clone());
                rec.steps.insert(label, step(&r, ""));
            }
        }
        rec.save(&dir)?;
    }
    for (i, (c, _)) in CONTRACTS.iter().enumerate() {
        let n = i + 1;
        if deploy::instantiated(&rec, c) {
            let addr = rec.address(c)?.to_string();
            if client.contract_info(&addr)?.is_none() {
                return Err(format!(
                    "the record {} says {c} is at {addr}, but {} has no such contract: the record \
                     belongs to another instance of this chain; move it aside and deploy again",
                    deploy::record_path(&dir, &net.chain_id).display(),
                    net.chain_id
                )
                .into());
            }
            println!("[{n}/{total}] instantiate {c}: recorded at {addr}, skipped");
        } else {
            instantiate(ctx, &client, &signer, &admin, &mut rec, c, n, total)?;
            rec.save(&dir)?;
        }
        set_admin(ctx, &client, &signer, &admin, &mut rec, c)?;
        rec.save(&dir)?;
    }
    println!(
        "\n{:<16} {:>7}  {:<66} admin",
        "contract", "code", "address"
    );
    for (c, _) in CONTRACTS {
        println!(
            "{:<16} {:>7}  {:<66} {}",
            c,
            rec.code_ids.get(c).copied().unwrap_or_default(),
            rec.default.get(c).map(String::as_str).unwrap_or("-"),
            rec.admins.get(c).map(String::as_str).unwrap_or("-"),
        );
    }
    println!(
        "recorded in {}",
        deploy::record_path(&dir, &net.chain_id).display()
    );
    Ok(())
}

fn report_step(ctx: &Ctx, net: &Network, label: &str, r: &TxResponse) -> Res<()> {
    if !r.is_ok() {
        return report(ctx, net, label, r);
    }
    Ok(())
}

/// Codes this sender may instantiate: (code id, lower-case hex checksum).
fn usable_codes(client: &ChainClient, sender: &AccountId) -> Res<Vec<(u64, String)>> {
    let me = sender.to_string();
    Ok(client
        .codes()?
        .into_iter()
        .filter(|c| match &c.instantiate_permission {
            None => true,
            Some(p) => {
                p.permission == 3
                    || (p.permission == 4 || p.permission == 2) && p.addresses.contains(&me)
                    || c.creator == me && p.permission != 1
            }
        })
        .map(|c| (c.code_id, hex::encode(&c.data_hash)))
        .collect())
}

#[allow(clippy::too_many_arguments)]
fn instantiate(
    ctx: &Ctx,
    client: &ChainClient,
    signer: &Signer,
    admin: &AccountId,
    rec: &mut Deployment,
    c: &str,
    n: usize,
    total: usize,
) -> Res<()> {
    let msg = deploy::instantiate_msg(c, rec)?;
    let bytes = validated(ctx, c, MsgKind::Instantiate, &msg)?;
    let code_id = *rec
        .code_ids
        .get(c)
        .ok_or_else(|| format!("no code id for {c}"))?;
    println!("[{n}/{total}] instantiate {c} (code {code_id}) with {msg}...");
    let m = any(MsgInstantiateContract {
        sender: signer.address.clone(),
        admin: Some(admin.clone()),
        code_id,
        label: Some(format!("cw-health {c}")),
        msg: bytes,
        funds: vec![],
    })?;
    let label = format!("instantiate {c}");
    let r = client.send(signer, vec![m], client.net.gas_adjustment, &label)?;
    report_step(ctx, &client.net, &label, &r)?;
    let addr = r
        .attr("instantiate", "_contract_address")
        .ok_or_else(|| format!("{label}: no _contract_address in the instantiate event"))?
        .to_string();
    println!("      {addr}, gas used {}", r.gas_used);
    rec.default.insert(c.to_string(), addr);
    rec.admins.insert(c.to_string(), admin.to_string());
    rec.steps.insert(label, step(&r, ""));
    Ok(())
}

/// Sets the admin when the recorded one differs from the one asked for.
fn set_admin(
    ctx: &Ctx,
    client: &ChainClient,
    signer: &Signer,
    admin: &AccountId,
    rec: &mut Deployment,
    c: &str,
) -> Res<()> {
    let want = admin.to_string();
    if rec.admins.get(c) == Some(&want) {
        return Ok(());
    }
    let addr = rec.address(c)?.to_string();
    let label = format!("admin {c}");
    println!("      {label}: set to {want}");
    let m = any(MsgUpdateAdmin {
        sender: signer.address.clone(),
        new_admin: admin.clone(),
        contract: account(&addr)?,
    })?;
    let r = client.send(signer, vec![m], client.net.gas_adjustment, &label)?;
    report_step(ctx, &client.net, &label, &r)?;
    rec.admins.insert(c.to_string(), want);
    rec.steps.insert(format!("{label} {}", admin), step(&r, ""));
    Ok(())
}

impl StepRecord {
    fn default_empty() -> Self {
        StepRecord {
            tx_hash: String::new(),
            height: 0,
            gas_used: 0,
            note: String::new(),
        }
    }
}
