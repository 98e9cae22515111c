//! A local node: the local chain ([`local_chain::Chain`]) served over CometBFT JSON-RPC, so
//! real Cosmos clients (CosmJS, cosmrs, a chain's CLI with `--node`) deploy and drive contracts
//! on it by the code path they use against a testnet.
//!
//! It accepts signed Cosmos SDK transactions (protobuf `TxRaw`, `SIGN_MODE_DIRECT`, secp256k1),
//! checks them as the SDK's ante handler does (signatures, account numbers, sequences, chain id,
//! fees at a minimum gas price, the gas limit) and runs their messages on the engine, one block
//! per transaction. What it answers is shaped (and checked) by the `tendermint-rpc` response
//! types; query paths and message responses are the SDK's and wasmd's protobuf types.
//!
//! ```no_run
//! # fn main() -> Result<(), local_node::NodeError> {
//! let node = local_node::start(local_node::NodeConfig::new("/tmp/node"))?;
//! println!("RPC at {}", node.rpc_url());
//! node.stop();
//! # Ok(()) }
//! ```

mod app;
mod http;
mod index;
mod query;
mod rpc;
mod tx;

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread::JoinHandle;
use std::time::Duration;

pub use app::{App, CheckResult, TxRecord};
pub use local_chain::{ChainConfig, Coin, GenesisAccount};

/// Anvil's development mnemonic (a valid BIP-39 phrase everyone knows; never use it for real
/// funds). Its first [`DEV_ACCOUNT_COUNT`] accounts (HD path `m/44'/118'/0'/0/i`) are funded at
/// genesis by [`NodeConfig::new`].
pub const DEV_MNEMONIC: &str = "test test test test test test test test test test test junk";

/// How many development accounts [`NodeConfig::new`] funds.
pub const DEV_ACCOUNT_COUNT: u32 = 10;

/// What each development account holds at genesis (in the chain denom).
pub const DEV_ACCOUNT_BALANCE: u128 = 1_000_000_000_000;

/// A development account derived from [`DEV_MNEMONIC`].
pub struct DevAccount {
    /// Its index `i` in `m/44'/118'/0'/0/i`.
    pub index: u32,
    /// Its bech32 address.
    pub address: String,
    /// Its signing key.
    pub key: cosmrs::crypto::secp256k1::SigningKey,
}

/// The first `n` accounts of [`DEV_MNEMONIC`] (coin type 118) with the bech32 `prefix`.
pub fn dev_accounts(n: u32, prefix: &str) -> Result<Vec<DevAccount>, NodeError> {
    accounts_from_mnemonic(DEV_MNEMONIC, n, prefix)
}

/// The first `n` accounts (`m/44'/118'/0'/0/i`) of a BIP-39 `mnemonic`.
pub fn accounts_from_mnemonic(
    mnemonic: &str,
    n: u32,
    prefix: &str,
) -> Result<Vec<DevAccount>, NodeError> {
    let phrase = bip32::Mnemonic::new(mnemonic.trim(), bip32::Language::English)
        .map_err(|e| NodeError::Config(format!("mnemonic: {e}")))?;
    let seed = phrase.to_seed("");
    (0..n)
        .map(|index| {
            let path: bip32::DerivationPath = format!("m/44'/118'/0'/0/{index}")
                .parse()
                .map_err(|e| NodeError::Config(format!("derivation path: {e}")))?;
            let key = cosmrs::crypto::secp256k1::SigningKey::derive_from_path(&seed, &path)
                .map_err(|e| NodeError::Config(format!("key derivation: {e}")))?;
            let address = key
                .public_key()
                .account_id(prefix)
                .map_err(|e| NodeError::Config(format!("address: {e}")))?
                .to_string();
            Ok(DevAccount {
                index,
                address,
                key,
            })
        })
        .collect()
}

/// A minimum gas price as a fraction (`0.025` is 25/1000), in the chain denom.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GasPrice {
    /// Numerator.
    pub numerator: u128,
    /// Denominator (not 0).
    pub denominator: u128,
}

impl GasPrice {
    /// The fee a gas limit requires: `ceil(price × gas_limit)` (SDK `checkTxFeeWithValidatorMinGasPrices`).
    pub fn fee_for(&self, gas_limit: u64) -> u128 {
        let d = self.denominator.max(1);
        (self.numerator * u128::from(gas_limit)).div_ceil(d)
    }
}

impl std::str::FromStr for GasPrice {
    type Err = NodeError;

    /// A decimal such as `0.025` or `1`.
    fn from_str(s: &str) -> Result<Self, NodeError> {
        let bad = || NodeError::Config(format!("gas price {s:?}: expected a decimal like 0.025"));
        let (int, frac) = s.trim().split_once('.').unwrap_or((s.trim(), ""));
        if (int.is_empty() && frac.is_empty()) || frac.len() > 18 {
            return Err(bad());
        }
        let digits = format!("{int}{frac}");
        if !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(bad());
        }
        Ok(GasPrice {
            numerator: digits.parse().map_err(|_| bad())?,
            denominator: 10u128.pow(frac.len() as u32),
        })
    }
}

impl std::fmt::Display for GasPrice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = self.denominator.max(1);
        let scale = d.to_string().len() - 1;
        if 10u128.pow(scale as u32) == d {
            let int = self.numerator / d;
            let frac = self.numerator % d;
            if scale == 0 {
                write!(f, "{int}")
            } else {
                write!(f, "{int}.{frac:0scale$}")
            }
        } else {
            write!(f, "{}/{}", self.numerator, d)
        }
    }
}

/// How to run a node.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// The data directory: the chain's `genesis.json`, `state.redb` and VM cache, and the node's
    /// block and tx index (`node.redb`). A directory that holds a chain keeps its own genesis.
    pub home: PathBuf,
    /// Where to serve JSON-RPC (port 0: any free port, see [`NodeHandle::rpc_url`]).
    pub listen: SocketAddr,
    /// Chain id, bech32 prefix, genesis accounts and block time (used on first start).
    pub chain: ChainConfig,
    /// The fee denom.
    pub denom: String,
    /// The minimum gas price in `denom` that CheckTx requires (0 accepts free transactions).
    pub min_gas_price: GasPrice,
}

impl NodeConfig {
    /// A node in `home` on an ephemeral 127.0.0.1 port: chain id `local-1`, prefix `wasm`,
    /// denom `ucosm`, minimum gas price 0.025, the [`DEV_MNEMONIC`] accounts funded.
    pub fn new(home: impl Into<PathBuf>) -> Self {
        let denom = "ucosm".to_string();
        let mut chain = ChainConfig::default();
        chain.accounts = dev_accounts(DEV_ACCOUNT_COUNT, &chain.bech32_prefix)
            .unwrap_or_default()
            .into_iter()
            .map(|a| GenesisAccount {
                address: a.address,
                coins: vec![Coin::new(DEV_ACCOUNT_BALANCE, &denom)],
            })
            .collect();
        NodeConfig {
            home: home.into(),
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            chain,
            denom,
            min_gas_price: GasPrice {
                numerator: 25,
                denominator: 1000,
            },
        }
    }
}

impl Default for NodeConfig {
    /// [`NodeConfig::new`] in `./.cw-health-node`, listening on CometBFT's port 26657.
    fn default() -> Self {
        let mut c = NodeConfig::new(".cw-health-node");
        c.listen = SocketAddr::from(([127, 0, 0, 1], 26657));
        c
    }
}

/// Why a node did not start.
#[derive(Debug, thiserror::Error)]
pub enum NodeError {
    /// A bad configuration (mnemonic, gas price, genesis file).
    #[error("config: {0}")]
    Config(String),
    /// The listen address could not be bound.
    #[error("listen on {addr}: {err}")]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        err: std::io::Error,
    },
    /// The chain or the index could not be opened.
    #[error("chain: {0}")]
    Chain(String),
}

/// A running node. Dropping it stops it.
pub struct NodeHandle {
    addr: SocketAddr,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl NodeHandle {
    /// The JSON-RPC endpoint, e.g. `http://127.0.0.1:26657`.
    pub fn rpc_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving and closes the chain (its state stays in `home`).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        // Wakes the accept loop.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1));
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }

    /// Blocks until the node stops (the binary's main loop).
    pub fn wait(mut self) {
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}

impl Drop for NodeHandle {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Opens the chain in `config.home` (creating it from `config.chain` the first time) and serves
/// JSON-RPC on `config.listen` in background threads; returns once it is listening.
pub fn start(config: NodeConfig) -> Result<NodeHandle, NodeError> {
    let listener = TcpListener::bind(config.listen).map_err(|err| NodeError::Listen {
        addr: config.listen,
        err,
    })?;
    let addr = listener.local_addr().map_err(|err| NodeError::Listen {
        addr: config.listen,
        err,
    })?;
    let stop = Arc::new(AtomicBool::new(false));
    let (jobs_tx, jobs_rx) = mpsc::channel::<rpc::Job>();
    let (ready_tx, ready_rx) = mpsc::channel::<Result<(), NodeError>>();
    let chain_stop = stop.clone();
    let app_config = config.clone();
    let listen_addr = addr;
    // The chain is single-threaded (the VM's instances are not Send): one thread owns it and
    // answers the connections' requests in order.
    let chain_thread = std::thread::Builder::new()
        .name("cw-health-node-chain".into())
        .spawn(move || {
            let app = match App::open(&app_config) {
                Ok(app) => {
                    let _ = ready_tx.send(Ok(()));
                    app
                }
                Err(e) => {
                    let _ = ready_tx.send(Err(e));
                    return;
                }
            };
            let rpc = rpc::Rpc::new(app, listen_addr);
            while !chain_stop.load(Ordering::SeqCst) {
                match jobs_rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(job) => rpc.handle(job),
                    Err(mpsc::RecvTimeoutError::Timeout) => {}
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        })
        .map_err(|e| NodeError::Chain(e.to_string()))?;
    match ready_rx.recv() {
        Ok(Ok(())) => {}
        Ok(Err(e)) => {
            let _ = chain_thread.join();
            return Err(e);
        }
        Err(_) => {
            let _ = chain_thread.join();
            return Err(NodeError::Chain("the chain thread stopped".into()));
        }
    }
    let accept_stop = stop.clone();
    let accept_thread = std::thread::Builder::new()
        .name("cw-health-node-http".into())
        .spawn(move || http::serve(listener, jobs_tx, accept_stop))
        .map_err(|e| NodeError::Chain(e.to_string()))?;
    Ok(NodeHandle {
        addr,
        stop,
        threads: vec![accept_thread, chain_thread],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gas_price_parses_and_rounds_up() {
        let p: GasPrice = "0.025".parse().expect("price");
        assert_eq!(p.fee_for(200_000), 5_000);
        assert_eq!(p.fee_for(1), 1);
        assert_eq!(p.to_string(), "0.025");
        let one: GasPrice = "1".parse().expect("price");
        assert_eq!(one.fee_for(7), 7);
        assert!("abc".parse::<GasPrice>().is_err());
        assert!("".parse::<GasPrice>().is_err());
    }

    #[test]
    fn dev_accounts_derive_from_the_mnemonic() {
        let accs = dev_accounts(2, "wasm").expect("accounts");
        assert_eq!(accs.len(), 2);
        assert!(accs[0].address.starts_with("wasm1"));
        assert_ne!(accs[0].address, accs[1].address);
        let cfg = NodeConfig::new("/tmp/x");
        assert_eq!(cfg.chain.accounts.len(), DEV_ACCOUNT_COUNT as usize);
        assert_eq!(cfg.chain.accounts[0].address, accs[0].address);
    }
}
