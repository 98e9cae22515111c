//! A cosmrs client of the local node (the way the CLI and any Rust tool reach a chain): signs
//! `SIGN_MODE_DIRECT` transactions, broadcasts them over CometBFT JSON-RPC and queries through
//! `abci_query`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
use cosmrs::proto::Any;
use cosmrs::rpc::{Client, HttpClient};
use cosmrs::tx::{Fee, SignDoc, SignerInfo};
use local_node::{dev_accounts, NodeConfig, NodeHandle};
use prost::Message;

pub const GAS: u64 = 20_000_000;
pub const STORE_GAS: u64 = 100_000_000;

/// The repository's root.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// An optimized artifact's bytes, or the instruction to build it.
pub fn artifact(name: &str) -> Vec<u8> {
    let p = repo_root().join("artifacts").join(name);
    std::fs::read(&p).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run `bash scripts/build.sh` first",
            p.display()
        )
    })
}

/// A fresh temporary directory.
pub fn temp_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!(
        "local-node-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ))
}

/// Removes a temporary directory when dropped, also when the test fails. Declare it right after
/// the directory is made, so that it drops after the node and engine that use it.
pub struct Cleanup(pub PathBuf);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A signer: key, address, and the account number and sequence it signs with.
pub struct Signer {
    pub key: SigningKey,
    pub address: String,
    pub number: u64,
    pub sequence: u64,
}

/// What to get wrong on purpose.
#[derive(Clone, Default)]
pub struct Tweak {
    pub chain_id: Option<String>,
    pub sequence: Option<u64>,
    pub account_number: Option<u64>,
    /// Sign with this key instead (the signer info still names the signer's key).
    pub other_key: Option<usize>,
    /// Flip a bit of the signature.
    pub corrupt_signature: bool,
    /// The fee instead of `gas × 0.025`.
    pub fee: Option<u128>,
}

pub struct Node {
    pub handle: Option<NodeHandle>,
    pub config: NodeConfig,
    pub rpc: HttpClient,
    pub rt: tokio::runtime::Runtime,
}

/// The result of a delivered transaction as the node reports it.
pub struct Delivered {
    pub hash: cosmrs::tendermint::Hash,
    pub code: u32,
    pub codespace: String,
    pub log: String,
    pub gas_used: u64,
    pub gas_wanted: u64,
    pub data: Vec<u8>,
    pub events: Vec<(String, Vec<(String, String)>)>,
    pub height: u64,
}

impl Delivered {
    pub fn attr(&self, ty: &str, key: &str) -> Option<String> {
        self.events
            .iter()
            .filter(|(t, _)| t == ty)
            .flat_map(|(_, a)| a.iter())
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    }

    /// The messages' events without `msg_index` (what the in-process engine reports).
    pub fn msg_events(&self) -> Vec<(String, Vec<(String, String)>)> {
        self.events
            .iter()
            .filter(|(_, a)| a.iter().any(|(k, _)| k == "msg_index"))
            .map(|(t, a)| {
                (
                    t.clone(),
                    a.iter()
                        .filter(|(k, _)| k != "msg_index")
                        .cloned()
                        .collect(),
                )
            })
            .collect()
    }
}

impl Node {
    pub fn start(config: NodeConfig) -> Self {
        let handle = local_node::start(config.clone()).expect("node starts");
        let rpc = HttpClient::new(handle.rpc_url().as_str()).expect("client");
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Node {
            handle: Some(handle),
            config,
            rpc,
            rt,
        }
    }

    pub fn prefix(&self) -> String {
        self.config.chain.bech32_prefix.clone()
    }

    pub fn signer(&self, index: u32) -> Signer {
        let acc = dev_accounts(index + 1, &self.prefix())
            .unwrap()
            .pop()
            .unwrap();
        let mut s = Signer {
            key: acc.key,
            address: acc.address,
            number: 0,
            sequence: 0,
        };
        self.refresh(&mut s);
        s
    }

    /// Reads the account number and sequence from the node.
    pub fn refresh(&self, s: &mut Signer) {
        if let Some(acc) = self.account(&s.address) {
            s.number = acc.account_number;
            s.sequence = acc.sequence;
        }
    }

    pub fn query_raw(
        &self,
        path: &str,
        data: Vec<u8>,
    ) -> cosmrs::rpc::endpoint::abci_query::AbciQuery {
        self.rt
            .block_on(
                self.rpc
                    .abci_query(Some(path.to_string()), data, None, false),
            )
            .expect("abci_query")
    }

    pub fn query<Req: Message, Resp: Message + Default>(
        &self,
        path: &str,
        req: &Req,
    ) -> Result<Resp, (u32, String)> {
        let r = self.query_raw(path, req.encode_to_vec());
        if r.code.is_err() {
            return Err((r.code.value(), r.log));
        }
        Ok(Resp::decode(r.value.as_slice()).expect("response decodes"))
    }

    pub fn account(&self, address: &str) -> Option<BaseAccount> {
        let r: QueryAccountResponse = self
            .query(
                "/cosmos.auth.v1beta1.Query/Account",
                &QueryAccountRequest {
                    address: address.to_string(),
                },
            )
            .ok()?;
        BaseAccount::decode(r.account?.value.as_slice()).ok()
    }

    pub fn balance(&self, address: &str) -> u128 {
        let r: QueryBalanceResponse = self
            .query(
                "/cosmos.bank.v1beta1.Query/Balance",
                &QueryBalanceRequest {
                    address: address.to_string(),
                    denom: self.config.denom.clone(),
                },
            )
            .unwrap();
        r.balance.unwrap().amount.parse().unwrap()
    }

    pub fn height(&self) -> u64 {
        self.rt
            .block_on(self.rpc.status())
            .unwrap()
            .sync_info
            .latest_block_height
            .value()
    }

    /// Signs `msgs` as `s` (SIGN_MODE_DIRECT) with the given gas limit.
    pub fn sign(&self, s: &Signer, msgs: Vec<Any>, gas: u64, tweak: &Tweak) -> Vec<u8> {
        let body = cosmrs::tx::Body::new(msgs, "", 0u32);
        let fee_amount = tweak
            .fee
            .unwrap_or_else(|| self.config.min_gas_price.fee_for(gas));
        let fee = Fee::from_amount_and_gas(
            cosmrs::Coin {
                denom: self.config.denom.parse().unwrap(),
                amount: fee_amount,
            },
            gas,
        );
        let auth = SignerInfo::single_direct(
            Some(s.key.public_key()),
            tweak.sequence.unwrap_or(s.sequence),
        )
        .auth_info(fee);
        let chain_id = tweak
            .chain_id
            .clone()
            .unwrap_or_else(|| self.config.chain.chain_id.clone());
        let doc = SignDoc::new(
            &body,
            &auth,
            &chain_id.parse().unwrap(),
            tweak.account_number.unwrap_or(s.number),
        )
        .unwrap();
        let raw = match tweak.other_key {
            Some(i) => {
                let other = dev_accounts(i as u32 + 1, &self.prefix())
                    .unwrap()
                    .pop()
                    .unwrap();
                doc.sign(&other.key).unwrap()
            }
            None => doc.sign(&s.key).unwrap(),
        };
        let mut bytes = raw.to_bytes().unwrap();
        if tweak.corrupt_signature {
            let mut tx =
                cosmrs::proto::cosmos::tx::v1beta1::TxRaw::decode(bytes.as_slice()).unwrap();
            tx.signatures[0][5] ^= 0x01;
            bytes = tx.encode_to_vec();
        }
        bytes
    }

    /// broadcast_tx_sync: the CheckTx code and log.
    pub fn broadcast_sync(
        &self,
        bytes: Vec<u8>,
    ) -> cosmrs::rpc::endpoint::broadcast::tx_sync::Response {
        self.rt
            .block_on(self.rpc.broadcast_tx_sync(bytes))
            .expect("broadcast_tx_sync")
    }

    /// Broadcasts and reads the result back with `tx` (as a client polls for it).
    pub fn deliver(&self, bytes: Vec<u8>) -> Result<Delivered, (u32, String, String)> {
        let check = self.broadcast_sync(bytes);
        if check.code.is_err() {
            return Err((check.code.value(), check.codespace, check.log));
        }
        let tx = self
            .rt
            .block_on(self.rpc.tx(check.hash, false))
            .expect("tx by hash");
        let r = tx.tx_result;
        Ok(Delivered {
            hash: tx.hash,
            code: r.code.value(),
            codespace: r.codespace,
            log: r.log,
            gas_used: r.gas_used as u64,
            gas_wanted: r.gas_wanted as u64,
            // tendermint-rs keeps CometBFT's base64 text in `data`.
            data: base64::Engine::decode(
                &base64::engine::general_purpose::STANDARD,
                r.data.as_ref(),
            )
            .expect("base64 data"),
            events: r
                .events
                .iter()
                .map(|e| {
                    (
                        e.kind.clone(),
                        e.attributes
                            .iter()
                            .map(|a| {
                                (
                                    a.key_str().unwrap_or_default().to_string(),
                                    a.value_str().unwrap_or_default().to_string(),
                                )
                            })
                            .collect(),
                    )
                })
                .collect(),
            height: tx.height.value(),
        })
    }

    /// Signs as `s`, delivers, and advances `s`'s sequence when the tx made it into a block.
    pub fn send_tx(&self, s: &mut Signer, msgs: Vec<Any>, gas: u64) -> Delivered {
        let bytes = self.sign(s, msgs, gas, &Tweak::default());
        let d = self
            .deliver(bytes)
            .unwrap_or_else(|e| panic!("CheckTx refused: {e:?}"));
        s.sequence += 1;
        d
    }

    pub fn stop(&mut self) {
        if let Some(h) = self.handle.take() {
            h.stop();
        }
    }
}

pub fn any<M: prost::Name>(m: &M) -> Any {
    Any {
        type_url: M::type_url(),
        value: m.encode_to_vec(),
    }
}
