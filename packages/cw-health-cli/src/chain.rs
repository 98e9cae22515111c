//! The chain over CometBFT RPC: status, ABCI queries (auth, bank, wasm, tx simulation), signing
//! with cosmrs, broadcast (`broadcast_tx_sync`) and waiting for inclusion (`tx`).

use std::time::{Duration, Instant};

use cosmrs::crypto::secp256k1::SigningKey;
use cosmrs::proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmrs::proto::cosmos::base::query::v1beta1::PageRequest;
use cosmrs::proto::cosmos::tx::v1beta1::{SimulateRequest, SimulateResponse};
use cosmrs::proto::cosmwasm::wasm::v1::{
    CodeInfoResponse, QueryCodesRequest, QueryCodesResponse, QueryContractInfoRequest,
    QueryContractInfoResponse, QuerySmartContractStateRequest, QuerySmartContractStateResponse,
};
use cosmrs::proto::traits::Message;
use cosmrs::rpc::{Client, HttpClient};
use cosmrs::tx::{Body, Fee, SignDoc, SignerInfo};
use cosmrs::{AccountId, Any, Coin, Denom};
use serde::Serialize;
use serde_json::{json, Value};

use crate::network::Network;

/// An RPC session with one chain, checked to be the profile's chain.
pub struct ChainClient {
    pub net: Network,
    rpc: HttpClient,
    rt: tokio::runtime::Runtime,
    /// How long to wait for a transaction's inclusion.
    pub timeout: Duration,
    /// Progress lines on stderr.
    pub progress: bool,
    /// A fixed gas limit (no simulation).
    pub fixed_gas: Option<u64>,
}

/// A signer: key and address.
pub struct Signer {
    pub key: SigningKey,
    pub address: AccountId,
}

/// A transaction's outcome, shaped like the Cosmos SDK's `TxResponse`.
#[derive(Clone, Debug, Serialize)]
pub struct TxResponse {
    pub height: u64,
    pub txhash: String,
    pub codespace: String,
    pub code: u32,
    pub data: String,
    pub raw_log: String,
    pub info: String,
    pub gas_wanted: u64,
    pub gas_used: u64,
    pub events: Vec<Event>,
}

/// An ABCI event.
#[derive(Clone, Debug, Serialize)]
pub struct Event {
    #[serde(rename = "type")]
    pub kind: String,
    pub attributes: Vec<Attribute>,
}

/// An event attribute.
#[derive(Clone, Debug, Serialize)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

impl TxResponse {
    /// Whether the transaction succeeded.
    pub fn is_ok(&self) -> bool {
        self.code == 0
    }

    /// The first value of attribute `key` in events of type `kind`.
    pub fn attr(&self, kind: &str, key: &str) -> Option<&str> {
        self.events
            .iter()
            .filter(|e| e.kind == kind)
            .flat_map(|e| e.attributes.iter())
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }

    /// The contracts' own events (`wasm` and `wasm-*`).
    pub fn wasm_events(&self) -> impl Iterator<Item = &Event> {
        self.events
            .iter()
            .filter(|e| e.kind == "wasm" || e.kind.starts_with("wasm-"))
    }
}

/// Explains a failed transaction's log in the user's terms.
pub fn explain_failure(codespace: &str, code: u32, log: &str) -> String {
    let hint = match (codespace, code) {
        ("sdk", 5) => Some("the account cannot pay: fund it (see the profile's faucet)"),
        ("sdk", 13) => Some("the fee is below the chain's minimum gas price: raise gas_price in the profile"),
        ("sdk", 11) => Some("out of gas: raise --gas-adjustment"),
        ("sdk", 4) => Some("signature refused: is the chain id right for this key and profile?"),
        ("sdk", 32) => Some("account sequence mismatch: another transaction from this key was in flight; retry"),
        ("wasm", 2) => Some(
            "the chain's VM rejected the code: build the artifacts with scripts/build.sh (binaryen lowering, see CHAIN.md) and check that the chain accepts CosmWasm 2.x/3.x contracts",
        ),
        ("wasm", 5) => Some("the contract refused the message (its error is above)"),
        _ => None,
    };
    let lower = log.to_ascii_lowercase();
    let hint = hint.or_else(|| {
        (lower.contains("create wasm contract failed") || lower.contains("wasm validation"))
            .then_some(
                "the chain's VM rejected the code: build the artifacts with scripts/build.sh (binaryen lowering, see CHAIN.md) and check that the chain accepts CosmWasm 2.x/3.x contracts",
            )
    });
    match hint {
        Some(h) => format!("{log}\n  hint: {h}"),
        None => log.to_string(),
    }
}

impl ChainClient {
    /// Connects to `net.rpc` and checks that the node is on `net.chain_id`.
    pub fn connect(net: Network) -> Result<Self, String> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| format!("cannot start the async runtime: {e}"))?;
        let rpc = HttpClient::new(net.rpc.as_str())
            .map_err(|e| format!("bad RPC address {} in profile {}: {e}", net.rpc, net.name))?;
        let c = ChainClient {
            net,
            rpc,
            rt,
            timeout: Duration::from_secs(60),
            progress: true,
            fixed_gas: None,
        };
        let status = c.rt.block_on(c.rpc.status()).map_err(|e| {
            format!(
                "cannot reach the node at {} (network {}): {e}\n  is the node running, and is \
                 `rpc` right in the profile?",
                c.net.rpc, c.net.name
            )
        })?;
        let actual = status.node_info.network.to_string();
        if actual != c.net.chain_id {
            return Err(format!(
                "wrong chain: the node at {} runs chain id {actual}, profile {} expects {}",
                c.net.rpc, c.net.name, c.net.chain_id
            ));
        }
        Ok(c)
    }

    fn note(&self, msg: &str) {
        if self.progress {
            eprintln!("{msg}");
        }
    }

    /// The latest block: height and time (nanoseconds since the epoch).
    pub fn latest(&self) -> Result<(u64, u128), String> {
        let s = self
            .rt
            .block_on(self.rpc.status())
            .map_err(|e| format!("status: {e}"))?;
        let t = u128::try_from(s.sync_info.latest_block_time.unix_timestamp_nanos()).unwrap_or(0);
        Ok((s.sync_info.latest_block_height.value(), t))
    }

    /// A bank balance of `addr` in `denom`.
    pub fn balance(&self, addr: &str, denom: &str) -> Result<u128, String> {
        use cosmrs::proto::cosmos::bank::v1beta1::{QueryBalanceRequest, QueryBalanceResponse};
        let res: Result<QueryBalanceResponse, _> = self.abci(
            "/cosmos.bank.v1beta1.Query/Balance",
            &QueryBalanceRequest {
                address: addr.to_string(),
                denom: denom.to_string(),
            },
        )?;
        let res = res.map_err(|(_, _, log)| format!("balance of {addr}: {log}"))?;
        Ok(res.balance.and_then(|c| c.amount.parse().ok()).unwrap_or(0))
    }

    /// An ABCI query of a gRPC `path`; `Ok(None)` when the chain answers "not found".
    fn abci<Req: Message, Res: Message + Default>(
        &self,
        path: &str,
        req: &Req,
    ) -> Result<Result<Res, (u32, String, String)>, String> {
        let data = req.encode_to_vec();
        let r = self
            .rt
            .block_on(
                self.rpc
                    .abci_query(Some(path.to_string()), data, None, false),
            )
            .map_err(|e| format!("query {path} at {}: {e}", self.net.rpc))?;
        if r.code.is_err() {
            return Ok(Err((r.code.value(), r.codespace, r.log)));
        }
        Res::decode(r.value.as_slice())
            .map(Ok)
            .map_err(|e| format!("query {path}: undecodable answer: {e}"))
    }

    /// The account's number and sequence; a clear error when the account does not exist.
    pub fn account(&self, addr: &AccountId) -> Result<(u64, u64), String> {
        let res: Result<QueryAccountResponse, _> = self.abci(
            "/cosmos.auth.v1beta1.Query/Account",
            &QueryAccountRequest {
                address: addr.to_string(),
            },
        )?;
        let res = res.map_err(|(_, _, log)| {
            format!(
                "account {addr} does not exist on {}: it has never received tokens. Fund it \
                 first{} ({log})",
                self.net.chain_id,
                if self.net.faucet.is_empty() {
                    String::new()
                } else {
                    format!(" from {}", self.net.faucet)
                }
            )
        })?;
        let any = res
            .account
            .ok_or_else(|| format!("account {addr}: empty answer"))?;
        let base = decode_account(&any)
            .ok_or_else(|| format!("account {addr}: unknown account type {}", any.type_url))?;
        Ok((base.account_number, base.sequence))
    }

    /// A smart query; the contract's JSON answer.
    pub fn smart_query(&self, contract: &str, msg: &[u8]) -> Result<Value, String> {
        let res: Result<QuerySmartContractStateResponse, _> = self.abci(
            "/cosmwasm.wasm.v1.Query/SmartContractState",
            &QuerySmartContractStateRequest {
                address: contract.to_string(),
                query_data: msg.to_vec(),
            },
        )?;
        let res = res.map_err(|(_, _, log)| format!("query refused: {log}"))?;
        serde_json::from_slice(&res.data).map_err(|e| format!("the answer is not JSON: {e}"))
    }

    /// The contract's info (code id, admin, label), or `None` when there is no such contract.
    pub fn contract_info(&self, contract: &str) -> Result<Option<(u64, String, String)>, String> {
        let res: Result<QueryContractInfoResponse, _> = self.abci(
            "/cosmwasm.wasm.v1.Query/ContractInfo",
            &QueryContractInfoRequest {
                address: contract.to_string(),
            },
        )?;
        Ok(res
            .ok()
            .and_then(|r| r.contract_info)
            .map(|i| (i.code_id, i.admin, i.label)))
    }

    /// Every code on chain (paged, 100 a page).
    pub fn codes(&self) -> Result<Vec<CodeInfoResponse>, String> {
        let mut out = Vec::new();
        let mut key = Vec::new();
        for _ in 0..10_000 {
            let res: Result<QueryCodesResponse, _> = self.abci(
                "/cosmwasm.wasm.v1.Query/Codes",
                &QueryCodesRequest {
                    pagination: Some(PageRequest {
                        key: key.clone(),
                        offset: 0,
                        limit: 100,
                        count_total: false,
                        reverse: false,
                    }),
                },
            )?;
            let res = res.map_err(|(_, _, log)| format!("listing codes: {log}"))?;
            out.extend(res.code_infos);
            match res.pagination.map(|p| p.next_key) {
                Some(k) if !k.is_empty() => key = k,
                _ => break,
            }
        }
        Ok(out)
    }

    fn body(msgs: Vec<Any>) -> Body {
        Body::new(msgs, "cw-health", 0u32)
    }

    fn sign(
        &self,
        signer: &Signer,
        msgs: &[Any],
        gas: u64,
        acct: (u64, u64),
    ) -> Result<Vec<u8>, String> {
        let fee_amount = (gas as f64 * self.net.gas_price).ceil() as u128;
        let denom: Denom = self
            .net
            .gas_denom
            .parse()
            .map_err(|e| format!("bad gas_denom {}: {e}", self.net.gas_denom))?;
        let mut fee = Fee::from_amount_and_gas(
            Coin {
                denom,
                amount: fee_amount,
            },
            gas,
        );
        // A zero coin is invalid in a fee: none at all (simulation, free chains).
        if fee_amount == 0 {
            fee.amount.clear();
        }
        let auth = SignerInfo::single_direct(Some(signer.key.public_key()), acct.1).auth_info(fee);
        let chain_id = self
            .net
            .chain_id
            .parse()
            .map_err(|e| format!("bad chain id {}: {e}", self.net.chain_id))?;
        let doc = SignDoc::new(&Self::body(msgs.to_vec()), &auth, &chain_id, acct.0)
            .map_err(|e| format!("sign doc: {e}"))?;
        let raw = doc.sign(&signer.key).map_err(|e| format!("signing: {e}"))?;
        raw.to_bytes().map_err(|e| format!("encoding the tx: {e}"))
    }

    /// Simulates `msgs`: the gas used, or the chain's refusal (which costs nothing).
    pub fn simulate(&self, signer: &Signer, msgs: &[Any]) -> Result<u64, String> {
        let acct = self.account(&signer.address)?;
        let tx = self.sign(signer, msgs, 0, acct)?;
        #[allow(deprecated)]
        let req = SimulateRequest {
            tx: None,
            tx_bytes: tx,
        };
        let res: Result<SimulateResponse, _> =
            self.abci("/cosmos.tx.v1beta1.Service/Simulate", &req)?;
        let res = res.map_err(|(code, space, log)| {
            format!(
                "refused in simulation (nothing was sent): {}",
                explain_failure(&space, code, &log)
            )
        })?;
        Ok(res.gas_info.map(|g| g.gas_used).unwrap_or(0))
    }

    /// Simulates, signs with gas = simulated × adjustment, broadcasts and waits for inclusion.
    pub fn send(
        &self,
        signer: &Signer,
        msgs: Vec<Any>,
        adjustment: f64,
        label: &str,
    ) -> Result<TxResponse, String> {
        let gas = match self.fixed_gas {
            Some(g) => g,
            None => {
                let simulated = self.simulate(signer, &msgs)?;
                ((simulated as f64) * adjustment).ceil() as u64
            }
        };
        let acct = self.account(&signer.address)?;
        let tx = self.sign(signer, &msgs, gas.max(1), acct)?;
        let sync = self
            .rt
            .block_on(self.rpc.broadcast_tx_sync(tx))
            .map_err(|e| format!("broadcast to {}: {e}", self.net.rpc))?;
        let hash = sync.hash.to_string();
        if sync.code.is_err() {
            return Err(format!(
                "{label}: the node refused tx {hash}: {}",
                explain_failure(&sync.codespace, sync.code.value(), &sync.log)
            ));
        }
        self.note(&format!(
            "  {label}: tx {hash} sent, waiting for its block..."
        ));
        self.wait(sync.hash, label)
    }

    fn wait(&self, hash: cosmrs::tendermint::Hash, label: &str) -> Result<TxResponse, String> {
        let start = Instant::now();
        let mut last_note = Instant::now();
        loop {
            if let Ok(r) = self.rt.block_on(self.rpc.tx(hash, false)) {
                return Ok(to_response(&r));
            }
            if start.elapsed() > self.timeout {
                return Err(format!(
                    "{label}: tx {hash} not included after {}s (it may still be; check it \
                     before resending)",
                    self.timeout.as_secs()
                ));
            }
            if last_note.elapsed() > Duration::from_secs(5) {
                self.note(&format!(
                    "  still waiting for tx {hash} ({}s)",
                    start.elapsed().as_secs()
                ));
                last_note = Instant::now();
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

fn decode_account(any: &Any) -> Option<BaseAccount> {
    if any.type_url == "/cosmos.auth.v1beta1.BaseAccount" {
        return BaseAccount::decode(any.value.as_slice()).ok();
    }
    // Vesting and module accounts nest a BaseAccount in field 1 (possibly twice).
    #[derive(Clone, PartialEq, Message)]
    struct Wrapper {
        #[prost(message, optional, tag = "1")]
        inner: Option<BaseAccount>,
    }
    #[derive(Clone, PartialEq, Message)]
    struct Wrapper2 {
        #[prost(message, optional, tag = "1")]
        inner: Option<Wrapper>,
    }
    if let Ok(w) = Wrapper2::decode(any.value.as_slice()) {
        if let Some(b) = w.inner.and_then(|w| w.inner) {
            if !b.address.is_empty() {
                return Some(b);
            }
        }
    }
    Wrapper::decode(any.value.as_slice())
        .ok()
        .and_then(|w| w.inner)
}

fn to_response(r: &cosmrs::rpc::endpoint::tx::Response) -> TxResponse {
    let res = &r.tx_result;
    TxResponse {
        height: r.height.value(),
        txhash: r.hash.to_string(),
        codespace: res.codespace.clone(),
        code: res.code.value(),
        data: hex::encode_upper(&res.data),
        raw_log: res.log.clone(),
        info: res.info.clone(),
        gas_wanted: u64::try_from(res.gas_wanted).unwrap_or(0),
        gas_used: u64::try_from(res.gas_used).unwrap_or(0),
        events: res
            .events
            .iter()
            .map(|e| Event {
                kind: e.kind.clone(),
                attributes: e
                    .attributes
                    .iter()
                    .map(|a| Attribute {
                        key: a.key_str().unwrap_or_default().to_string(),
                        value: a.value_str().unwrap_or_default().to_string(),
                    })
                    .collect(),
            })
            .collect(),
    }
}

/// The readable summary of a transaction: hash, height, gas, and the contracts' events.
pub fn summary(net: &Network, r: &TxResponse) -> String {
    let mut s = format!(
        "tx {} at height {}: gas used {} of {}",
        r.txhash, r.height, r.gas_used, r.gas_wanted
    );
    if let Some(link) = net.explorer_link(&r.txhash) {
        s.push_str(&format!("\n  explorer: {link}"));
    }
    for e in r.wasm_events() {
        s.push_str(&format!("\n  {}", e.kind));
        for a in &e.attributes {
            if a.key == "_contract_address" || a.key == "msg_index" {
                continue;
            }
            s.push_str(&format!(" {}={}", a.key, a.value));
        }
    }
    s
}

/// The response as the chain's JSON (`-o json`).
pub fn to_json(r: &TxResponse) -> Value {
    serde_json::to_value(r).unwrap_or_else(|e| json!({ "error": e.to_string() }))
}
