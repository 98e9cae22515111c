//! The application behind the RPC: CheckTx, FinalizeBlock (one block per transaction),
//! simulation and the index, over the engine's [`Chain::run_tx`].

use cosmrs::proto::cosmos::bank::v1beta1::MsgSendResponse;
use cosmrs::proto::cosmos::base::abci::v1beta1::TxMsgData;
use cosmrs::proto::cosmwasm::wasm::v1 as wasm;
use cosmrs::proto::Any;
use local_chain::{Chain, ChainError, Event, Msg, TxMode, TxOutcome, TxRequest};
use prost::Message;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::index::{BlockRecord, Index};
use crate::tx::{self, AnteMode, DecodedTx};
use crate::{GasPrice, NodeConfig, NodeError};

/// A transaction in a block, as `tx` and `tx_search` answer it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxRecord {
    /// Upper-case hex sha256 of the tx bytes.
    pub hash: String,
    /// Its block.
    pub height: u64,
    /// Its index in the block (always 0: one transaction per block).
    pub index: u32,
    /// The tx bytes.
    pub tx: Vec<u8>,
    /// 0 on success.
    pub code: u32,
    /// `sdk`, `wasm` or empty.
    pub codespace: String,
    /// The error log (empty on success).
    pub log: String,
    /// `TxMsgData` (protobuf), empty on failure.
    pub data: Vec<u8>,
    /// The gas limit.
    pub gas_wanted: u64,
    /// The gas used.
    pub gas_used: u64,
    /// The events (the ante handler's, then each message's with `msg_index`).
    pub events: Vec<Event>,
    /// Block time, RFC 3339.
    pub timestamp: String,
    /// Gas of the ante handler (tx bytes, signature, fee, accounts); the rest is the messages'.
    #[serde(default)]
    pub ante_gas: u64,
}

/// The result of CheckTx (what `broadcast_tx_sync` answers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckResult {
    /// Upper-case hex sha256 of the tx bytes.
    pub hash: String,
    /// 0 when accepted.
    pub code: u32,
    /// `sdk`, `wasm` or empty.
    pub codespace: String,
    /// The error log.
    pub log: String,
    /// The gas limit.
    pub gas_wanted: u64,
    /// Gas the ante handler used.
    pub gas_used: u64,
}

/// The node's application: the chain, its fee settings and the block index. Single-threaded
/// (the chain is); [`crate::start`] runs one on its own thread.
pub struct App {
    pub(crate) chain: Chain,
    index: Index,
    pub(crate) denom: String,
    min_gas_price: GasPrice,
}

/// The gas meter of a simulation (practically unlimited, as the SDK's infinite meter).
const SIMULATION_GAS_LIMIT: u64 = 100_000_000_000;

fn hex_hash(bytes: &[u8]) -> String {
    hex::encode_upper(Sha256::digest(bytes))
}

impl App {
    /// Opens (or creates) the chain and the index in `config.home`.
    pub fn open(config: &NodeConfig) -> Result<Self, NodeError> {
        let chain = Chain::open(&config.home, config.chain.clone())
            .map_err(|e| NodeError::Chain(e.to_string()))?;
        let index = Index::open(&config.home.join("node.redb")).map_err(NodeError::Chain)?;
        Ok(App {
            chain,
            index,
            denom: config.denom.clone(),
            min_gas_price: config.min_gas_price,
        })
    }

    /// The engine (for queries and comparisons).
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    fn request(tx: &DecodedTx, hash: &str, mode: AnteMode) -> TxRequest {
        TxRequest {
            msgs: tx.msgs.clone(),
            // The SDK simulates with an infinite gas meter (clients simulate with gas 0).
            gas_limit: if mode == AnteMode::Simulate {
                SIMULATION_GAS_LIMIT
            } else {
                tx.gas_limit
            },
            hash: hex::decode(hash).unwrap_or_default(),
            msg_index: true,
        }
    }

    fn run(&self, tx: &DecodedTx, hash: &str, mode: AnteMode) -> TxOutcome {
        let chain_mode = match mode {
            AnteMode::Check => TxMode::Check,
            AnteMode::Deliver => TxMode::Deliver,
            AnteMode::Simulate => TxMode::Simulate,
        };
        let (denom, price) = (self.denom.clone(), self.min_gas_price);
        self.chain
            .run_tx(&Self::request(tx, hash, mode), chain_mode, |a| {
                tx::ante(a, tx, mode, &denom, price)
            })
    }

    /// CheckTx: decoding, the stateless checks and the ante handler on the current state.
    pub fn check_tx(&self, bytes: &[u8]) -> CheckResult {
        let hash = hex_hash(bytes);
        let reject = |e: ChainError, gas_wanted: u64, gas_used: u64| CheckResult {
            hash: hash.clone(),
            code: e.code,
            codespace: e.codespace.to_string(),
            log: e.log,
            gas_wanted,
            gas_used,
        };
        let decoded = match tx::decode(bytes) {
            Ok(d) => d,
            Err(e) => return reject(e, 0, 0),
        };
        let out = self.run(&decoded, &hash, AnteMode::Check);
        let r = out.response;
        CheckResult {
            hash: hash.clone(),
            code: r.code,
            codespace: r.codespace,
            log: r.raw_log,
            gas_wanted: r.gas_wanted,
            gas_used: r.gas_used,
        }
    }

    /// `broadcast_tx_sync`: CheckTx, then (when accepted) the transaction's own block. Returns
    /// the CheckTx result and, when delivered, the record.
    pub fn broadcast(&self, bytes: &[u8]) -> (CheckResult, Option<TxRecord>) {
        let check = self.check_tx(bytes);
        if check.code != 0 {
            return (check, None);
        }
        let Ok(decoded) = tx::decode(bytes) else {
            return (check, None);
        };
        let out = self.run(&decoded, &check.hash, AnteMode::Deliver);
        let (height, time_nanos) = self.chain.block();
        let r = &out.response;
        let data = if r.code == 0 {
            msg_data(&decoded.msgs, &out).encode_to_vec()
        } else {
            Vec::new()
        };
        let rec = TxRecord {
            hash: check.hash.clone(),
            height,
            index: 0,
            tx: bytes.to_vec(),
            code: r.code,
            codespace: r.codespace.clone(),
            log: r.raw_log.clone(),
            data,
            gas_wanted: r.gas_wanted,
            gas_used: r.gas_used,
            events: r.events.clone(),
            timestamp: r.timestamp.clone(),
            ante_gas: out.ante_gas,
        };
        let block = BlockRecord {
            height,
            time_nanos,
            tx_hash: Some(check.hash.clone()),
        };
        if let Err(e) = self.index.put(&rec, &block) {
            let mut check = check;
            check.code = 1;
            check.codespace = "local-node".into();
            check.log = e;
            return (check, None);
        }
        (check, Some(rec))
    }

    /// Simulation (`/cosmos.tx.v1beta1.Service/Simulate`): the outcome without keeping it; no
    /// signature verification and no minimum fee, as the SDK simulates.
    pub fn simulate(&self, bytes: &[u8]) -> Result<(TxOutcome, Vec<u8>), ChainError> {
        let decoded = tx::decode(bytes)?;
        let hash = hex_hash(bytes);
        let mut out = self.run(&decoded, &hash, AnteMode::Simulate);
        out.response.gas_wanted = decoded.gas_limit;
        if out.response.code != 0 {
            return Err(ChainError {
                codespace: if out.response.codespace == "wasm" {
                    "wasm"
                } else {
                    "sdk"
                },
                code: out.response.code,
                log: out.response.raw_log.clone(),
                deterministic: false,
            });
        }
        let data = msg_data(&decoded.msgs, &out).encode_to_vec();
        Ok((out, data))
    }

    /// A delivered transaction by hash.
    pub fn tx(&self, hash: &[u8]) -> Result<Option<TxRecord>, String> {
        self.index.tx(hash)
    }

    /// Every delivered transaction, oldest first.
    pub fn txs(&self) -> Result<Vec<TxRecord>, String> {
        self.index.all_txs()
    }

    pub(crate) fn block_record(&self, height: u64) -> Result<Option<BlockRecord>, String> {
        self.index.block(height)
    }
}

/// The `TxMsgData` of a delivered transaction: each message's response (wasmd
/// `MsgStoreCodeResponse`, `MsgInstantiateContractResponse`, ...).
fn msg_data(msgs: &[(String, Msg)], out: &TxOutcome) -> TxMsgData {
    let events = &out.response.events;
    let of_msg = |i: usize, ty: &str, key: &str| -> Option<String> {
        events
            .iter()
            .filter(|e| e.ty == ty && e.attr("msg_index") == Some(&i.to_string()))
            .find_map(|e| e.attr(key).map(str::to_string))
    };
    let any = |url: &str, value: Vec<u8>| Any {
        type_url: url.to_string(),
        value,
    };
    let mut responses = Vec::new();
    for (i, (_, msg)) in msgs.iter().enumerate() {
        let data = out
            .msg_data
            .get(i)
            .cloned()
            .flatten()
            .map(|b| b.to_vec())
            .unwrap_or_default();
        let url = format!("{}Response", msg.type_url());
        let value = match msg {
            Msg::StoreCode { .. } => wasm::MsgStoreCodeResponse {
                code_id: of_msg(i, "store_code", "code_id")
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_default(),
                checksum: of_msg(i, "store_code", "code_checksum")
                    .and_then(|h| hex::decode(h).ok())
                    .unwrap_or_default(),
            }
            .encode_to_vec(),
            Msg::Instantiate { .. } => wasm::MsgInstantiateContractResponse {
                address: of_msg(i, "instantiate", "_contract_address").unwrap_or_default(),
                data,
            }
            .encode_to_vec(),
            Msg::Instantiate2 { .. } => wasm::MsgInstantiateContract2Response {
                address: of_msg(i, "instantiate", "_contract_address").unwrap_or_default(),
                data,
            }
            .encode_to_vec(),
            Msg::Execute { .. } => wasm::MsgExecuteContractResponse { data }.encode_to_vec(),
            Msg::Migrate { .. } => wasm::MsgMigrateContractResponse { data }.encode_to_vec(),
            Msg::UpdateAdmin { .. } => wasm::MsgUpdateAdminResponse {}.encode_to_vec(),
            Msg::ClearAdmin { .. } => wasm::MsgClearAdminResponse {}.encode_to_vec(),
            Msg::Send { .. } => MsgSendResponse {}.encode_to_vec(),
        };
        responses.push(any(&url, value));
    }
    #[allow(deprecated)]
    TxMsgData {
        data: Vec::new(),
        msg_responses: responses,
    }
}
