//! A single-node development chain with wasmd's semantics: it stores and runs optimized CosmWasm
//! artifacts on the real VM (`cosmwasm-vm` 3.0.10, the VM wasmvm 3 embeds), with wasmd v0.61's
//! address derivation, contract lifecycle, bank, sub-messages, replies, queries and gas, and keeps
//! its state in a data directory (redb). It is not a network: no consensus, no signatures, no
//! RPC. It knows nothing of the contracts it runs.
//!
//! ```no_run
//! use local_chain::{Chain, ChainConfig, Msg};
//! # fn main() -> Result<(), local_chain::ChainError> {
//! let chain = Chain::open(std::path::Path::new("/tmp/chain"), ChainConfig::default())?;
//! let alice = chain.addr_make("alice");
//! let wasm = std::fs::read("artifacts/ehr_registry.wasm").unwrap_or_default();
//! let res = chain.broadcast(&alice, Msg::StoreCode { wasm }, 10_000_000);
//! println!("code {:?}, gas {}", res.code_id(), res.gas_used);
//! # Ok(()) }
//! ```

mod api;
mod backend;
mod chain;
mod error;
pub mod gas;
mod proto;
mod state;
mod types;

pub use api::ChainApi;
pub use backend::{ChainQuerier, ContractStore};
pub use chain::check_wasm;
pub use chain::{
    classic_address, fee_collector, predictable_address, Ante, Chain, TxMode, TxOutcome, TxRequest,
};
pub use error::ChainError;
pub use types::{
    coins_string, rfc3339, Account, Attribute, ChainConfig, CodeInfo, Coin, ContractInfo, Event,
    GasDetail, GenesisAccount, HistoryEntry, Msg, TxResponse,
};
