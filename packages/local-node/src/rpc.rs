//! CometBFT JSON-RPC methods (v0.38 shapes). Every answer is checked by parsing it into the
//! `tendermint-rpc` 0.40 response type and serializing that, so what a client receives is
//! what CometBFT clients parse.

use std::net::SocketAddr;
use std::sync::mpsc;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use cosmrs::rpc::endpoint;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::app::{App, TxRecord};
use crate::http::rpc_error;

/// One JSON-RPC call for the chain thread.
pub(crate) struct Job {
    pub id: Value,
    pub method: String,
    pub params: Value,
    pub reply: mpsc::Sender<Value>,
}

pub(crate) struct Rpc {
    app: App,
    addr: SocketAddr,
}

/// The CometBFT version announced (the v0.38 dialect).
const COMET_VERSION: &str = "0.38.17";
/// A valid ed25519 public key (the curve's base point) for the single validator.
const VALIDATOR_PUBKEY_HEX: &str =
    "5866666666666666666666666666666666666666666666666666666666666666";

type RpcResult = Result<Value, (i64, String, String)>;

fn internal(e: impl std::fmt::Display) -> (i64, String, String) {
    (-32603, "Internal error".into(), e.to_string())
}

fn invalid_params(e: impl std::fmt::Display) -> (i64, String, String) {
    (-32602, "Invalid params".into(), e.to_string())
}

/// Checks that `v` parses as the tendermint-rpc response type `T` (what Rust clients do) and
/// answers `v` itself: CometBFT's wire format (some tendermint-rs types would re-serialize
/// differently, e.g. `data` bytes as a number array instead of base64).
fn typed<T: DeserializeOwned>(v: Value) -> RpcResult {
    serde_json::from_value::<T>(v.clone())
        .map_err(|e| internal(format!("response shape: {e}: {v}")))?;
    Ok(v)
}

fn param<'a>(params: &'a Value, name: &str, pos: usize) -> Option<&'a Value> {
    let v = match params {
        Value::Object(m) => m.get(name),
        Value::Array(a) => a.get(pos),
        _ => None,
    };
    v.filter(|v| !v.is_null())
}

fn param_str(params: &Value, name: &str, pos: usize) -> Option<String> {
    param(params, name, pos).map(|v| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    })
}

fn hash_hex(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    hex::encode_upper(h.finalize())
}

/// RFC 3339 with nanoseconds.
fn time_str(nanos: u64) -> String {
    let secs = local_chain::rfc3339(nanos / 1_000_000_000);
    format!(
        "{}.{:09}Z",
        secs.trim_end_matches('Z'),
        nanos % 1_000_000_000
    )
}

fn events_json(events: &[local_chain::Event]) -> Value {
    Value::Array(
        events
            .iter()
            .map(|e| {
                json!({
                    "type": e.ty,
                    "attributes": e.attributes.iter()
                        .map(|a| json!({"key": a.key, "value": a.value, "index": true}))
                        .collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

fn exec_tx_result(rec: &TxRecord) -> Value {
    json!({
        "code": rec.code,
        "data": B64.encode(&rec.data),
        "log": rec.log,
        "info": "",
        "gas_wanted": rec.gas_wanted.to_string(),
        "gas_used": rec.gas_used.to_string(),
        "events": events_json(&rec.events),
        "codespace": rec.codespace,
    })
}

fn tx_json(rec: &TxRecord) -> Value {
    json!({
        "hash": rec.hash,
        "height": rec.height.to_string(),
        "index": rec.index,
        "tx_result": exec_tx_result(rec),
        "tx": B64.encode(&rec.tx),
    })
}

/// Decodes a tx hash given as base64 (what CometBFT clients send) or hex (64 digits, `0x` or
/// not). A base64 hash may itself begin with `0x` (one in 4,096): only 64 hex digits are hex.
fn decode_hash(s: &str) -> Result<Vec<u8>, String> {
    let digits = s.strip_prefix("0x").unwrap_or(s);
    if digits.len() == 64 {
        if let Ok(h) = hex::decode(digits) {
            return Ok(h);
        }
    }
    B64.decode(s)
        .map_err(|e| format!("tx hash {s:?}: {e}"))
        .and_then(|h| {
            if h.len() == 32 {
                Ok(h)
            } else {
                Err(format!("tx hash {s:?}: expected 32 bytes"))
            }
        })
}

/// A `tx_search` query: conditions `key='value'` or `key=value` joined by AND.
fn matches(rec: &TxRecord, query: &str) -> Result<bool, String> {
    for cond in query.split(" AND ") {
        let (key, value) = cond
            .split_once('=')
            .ok_or_else(|| format!("unsupported query condition {cond:?}"))?;
        let key = key.trim();
        let value = value.trim().trim_matches('\'').trim_matches('"');
        let ok = match key {
            "tx.hash" => rec.hash.eq_ignore_ascii_case(value),
            "tx.height" => rec.height.to_string() == value,
            _ => {
                let (ty, attr) = key
                    .rsplit_once('.')
                    .ok_or_else(|| format!("unsupported query key {key:?}"))?;
                rec.events.iter().filter(|e| e.ty == ty).any(|e| {
                    e.attributes
                        .iter()
                        .any(|a| a.key == attr && a.value == value)
                })
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

impl Rpc {
    pub(crate) fn new(app: App, addr: SocketAddr) -> Self {
        Rpc { app, addr }
    }

    pub(crate) fn handle(&self, job: Job) {
        let out = match self.call(&job.method, &job.params) {
            Ok(result) => json!({"jsonrpc": "2.0", "id": job.id, "result": result}),
            Err((code, message, data)) => rpc_error(job.id, code, &message, &data),
        };
        let _ = job.reply.send(out);
    }

    fn call(&self, method: &str, params: &Value) -> RpcResult {
        match method {
            "health" => Ok(json!({})),
            "status" => self.status(),
            "abci_info" => self.abci_info(),
            "abci_query" => self.abci_query(params),
            "broadcast_tx_sync" | "broadcast_tx_async" => self.broadcast_sync(params),
            "broadcast_tx_commit" => self.broadcast_commit(params),
            "tx" => self.tx(params),
            "tx_search" => self.tx_search(params),
            "block" => self.block(params),
            _ => Err((
                -32601,
                "Method not found".into(),
                format!("method {method} is not served by this local node"),
            )),
        }
    }

    fn chain_id(&self) -> String {
        self.app.chain().config().chain_id.clone()
    }

    fn block_hash(&self, height: u64) -> String {
        if height == 0 {
            return String::new();
        }
        hash_hex(&[self.chain_id().as_bytes(), b"block", &height.to_be_bytes()])
    }

    fn app_hash(&self, height: u64) -> String {
        hash_hex(&[b"app", &height.to_be_bytes()])
    }

    fn validator_address(&self) -> String {
        hash_hex(&[b"validator"])
            .get(..40)
            .unwrap_or_default()
            .to_string()
    }

    /// A block's time: from the index, or (an empty block) the chain's clock.
    fn block_time(&self, height: u64) -> Result<u64, String> {
        if let Some(b) = self.app.block_record(height)? {
            return Ok(b.time_nanos);
        }
        let (h, t) = self.app.chain().block();
        let config = self.app.chain().config();
        if height == h {
            return Ok(t);
        }
        Ok((config.genesis_time + height * config.block_time) * 1_000_000_000)
    }

    fn status(&self) -> RpcResult {
        let (height, time) = self.app.chain().block();
        let config = self.app.chain().config();
        let earliest = height.min(1);
        let earliest_time = time_str(self.block_time(earliest).map_err(internal)?);
        let v = json!({
            "node_info": {
                "protocol_version": {"p2p": "8", "block": "11", "app": "0"},
                "id": hash_hex(&[b"node"]).get(..40).unwrap_or_default().to_lowercase(),
                "listen_addr": format!("tcp://{}", self.addr),
                "network": config.chain_id,
                "version": COMET_VERSION,
                "channels": "40202122233038606100",
                "moniker": "cw-health-local-node",
                "other": {"tx_index": "on", "rpc_address": format!("tcp://{}", self.addr)},
            },
            "sync_info": {
                "latest_block_hash": self.block_hash(height),
                "latest_app_hash": self.app_hash(height),
                "latest_block_height": height.to_string(),
                "latest_block_time": time_str(time),
                "earliest_block_hash": self.block_hash(earliest),
                "earliest_app_hash": self.app_hash(earliest),
                "earliest_block_height": earliest.to_string(),
                "earliest_block_time": earliest_time,
                "catching_up": false,
            },
            "validator_info": {
                "address": self.validator_address(),
                "pub_key": {
                    "type": "tendermint/PubKeyEd25519",
                    "value": B64.encode(hex::decode(VALIDATOR_PUBKEY_HEX).unwrap_or_default()),
                },
                "voting_power": "10",
            },
        });
        typed::<endpoint::status::Response>(v)
    }

    fn abci_info(&self) -> RpcResult {
        let (height, _) = self.app.chain().block();
        let v = json!({
            "response": {
                "data": "cw-health-local-node",
                "version": env!("CARGO_PKG_VERSION"),
                "app_version": "0",
                "last_block_height": height.to_string(),
                "last_block_app_hash": B64.encode(hex::decode(self.app_hash(height)).unwrap_or_default()),
            }
        });
        typed::<endpoint::abci_info::Response>(v)
    }

    fn abci_query(&self, params: &Value) -> RpcResult {
        let path = param_str(params, "path", 0).unwrap_or_default();
        let data_hex = param_str(params, "data", 1).unwrap_or_default();
        let data = hex::decode(data_hex.trim_start_matches("0x")).map_err(invalid_params)?;
        let (height, _) = self.app.chain().block();
        let (code, codespace, log, value) = match crate::query::query(&self.app, &path, &data) {
            Ok(v) => (0, String::new(), String::new(), v),
            Err(e) => (e.code, e.codespace.to_string(), e.log, Vec::new()),
        };
        let v = json!({
            "response": {
                "code": code,
                "log": log,
                "info": "",
                "index": "0",
                "key": "",
                "value": B64.encode(value),
                "proofOps": null,
                "height": height.to_string(),
                "codespace": codespace,
            }
        });
        typed::<endpoint::abci_query::Response>(v)
    }

    fn tx_bytes(params: &Value) -> Result<Vec<u8>, (i64, String, String)> {
        let s = param_str(params, "tx", 0).ok_or_else(|| invalid_params("missing tx"))?;
        B64.decode(s.trim()).map_err(invalid_params)
    }

    fn broadcast_sync(&self, params: &Value) -> RpcResult {
        let bytes = Self::tx_bytes(params)?;
        let (check, _) = self.app.broadcast(&bytes);
        let v = json!({
            "code": check.code,
            "data": "",
            "log": check.log,
            "codespace": check.codespace,
            "hash": check.hash,
        });
        typed::<endpoint::broadcast::tx_sync::Response>(v)
    }

    fn broadcast_commit(&self, params: &Value) -> RpcResult {
        let bytes = Self::tx_bytes(params)?;
        let (check, rec) = self.app.broadcast(&bytes);
        let check_json = json!({
            "code": check.code,
            "data": "",
            "log": check.log,
            "info": "",
            "gas_wanted": check.gas_wanted.to_string(),
            "gas_used": check.gas_used.to_string(),
            "events": [],
            "codespace": check.codespace,
        });
        let (tx_result, height) = match &rec {
            Some(r) => (exec_tx_result(r), r.height),
            None => (
                json!({"code": 0, "data": null, "log": "", "info": "", "gas_wanted": "0",
                       "gas_used": "0", "events": [], "codespace": ""}),
                0,
            ),
        };
        let v = json!({
            "check_tx": check_json,
            "tx_result": tx_result,
            "hash": check.hash,
            "height": height.to_string(),
        });
        typed::<endpoint::broadcast::tx_commit::Response>(v)
    }

    fn tx(&self, params: &Value) -> RpcResult {
        let h = param_str(params, "hash", 0).ok_or_else(|| invalid_params("missing hash"))?;
        let hash = decode_hash(&h).map_err(invalid_params)?;
        let rec = self
            .app
            .tx(&hash)
            .map_err(internal)?
            .ok_or_else(|| internal(format!("tx ({}) not found", hex::encode_upper(&hash))))?;
        typed::<endpoint::tx::Response>(tx_json(&rec))
    }

    fn tx_search(&self, params: &Value) -> RpcResult {
        let query = param_str(params, "query", 0).ok_or_else(|| invalid_params("missing query"))?;
        let page: usize = param_str(params, "page", 2)
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1);
        let per_page: usize = param_str(params, "per_page", 3)
            .and_then(|p| p.parse().ok())
            .unwrap_or(30)
            .clamp(1, 100);
        let desc = param_str(params, "order_by", 4).as_deref() == Some("desc");
        let mut found = Vec::new();
        for rec in self.app.txs().map_err(internal)? {
            if matches(&rec, &query).map_err(invalid_params)? {
                found.push(rec);
            }
        }
        if desc {
            found.reverse();
        }
        let total = found.len();
        let txs: Vec<Value> = found
            .iter()
            .skip((page - 1) * per_page)
            .take(per_page)
            .map(tx_json)
            .collect();
        let v = json!({"txs": txs, "total_count": total.to_string()});
        typed::<endpoint::tx_search::Response>(v)
    }

    fn block(&self, params: &Value) -> RpcResult {
        let (latest, _) = self.app.chain().block();
        let height = match param_str(params, "height", 0) {
            Some(h) => h.parse::<u64>().map_err(invalid_params)?,
            None => latest,
        };
        if height == 0 || height > latest {
            return Err(internal(format!(
                "height {height} must be between 1 and the current height {latest}"
            )));
        }
        let rec = self.app.block_record(height).map_err(internal)?;
        let txs: Vec<String> = match rec.as_ref().and_then(|r| r.tx_hash.as_ref()) {
            Some(h) => {
                let hash = hex::decode(h).map_err(internal)?;
                self.app
                    .tx(&hash)
                    .map_err(internal)?
                    .map(|t| vec![B64.encode(&t.tx)])
                    .unwrap_or_default()
            }
            None => Vec::new(),
        };
        let time = self.block_time(height).map_err(internal)?;
        let hash = self.block_hash(height);
        let prev = self.block_hash(height - 1);
        let id =
            |h: &str| json!({"hash": h, "parts": {"total": u32::from(!h.is_empty()), "hash": h}});
        let empty = hash_hex(&[]);
        let header = json!({
            "version": {"block": "11", "app": "0"},
            "chain_id": self.chain_id(),
            "height": height.to_string(),
            "time": time_str(time),
            "last_block_id": if height == 1 { Value::Null } else { id(&prev) },
            "last_commit_hash": empty,
            "data_hash": empty,
            "validators_hash": empty,
            "next_validators_hash": empty,
            "consensus_hash": empty,
            "app_hash": self.app_hash(height - 1),
            "last_results_hash": empty,
            "evidence_hash": empty,
            "proposer_address": self.validator_address(),
        });
        let last_commit = if height == 1 {
            Value::Null
        } else {
            json!({"height": (height - 1).to_string(), "round": 0, "block_id": id(&prev), "signatures": []})
        };
        let v = json!({
            "block_id": id(&hash),
            "block": {
                "header": header,
                "data": {"txs": txs},
                "evidence": {"evidence": []},
                "last_commit": last_commit,
            }
        });
        typed::<endpoint::block::Response>(v)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_base64_hash_that_begins_with_0x_is_base64_and_hex_is_hex() {
        let mut h = [7u8; 32];
        h[0] = 0xD3;
        h[1] = 0x10;
        let b64 = B64.encode(h);
        assert!(b64.starts_with("0x"), "{b64}");
        assert_eq!(decode_hash(&b64).unwrap(), h.to_vec());
        let hex = hex::encode_upper(h);
        assert_eq!(decode_hash(&hex).unwrap(), h.to_vec());
        assert_eq!(decode_hash(&format!("0x{hex}")).unwrap(), h.to_vec());
        assert!(decode_hash("0xAB").is_err());
    }
}
