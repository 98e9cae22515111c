//! What clients send and what they get back: messages, coins, events and `TxResponse`.

use serde::{Deserialize, Serialize};

/// A native coin (`amount` serialized as a decimal string, as the SDK and CosmWasm do).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coin {
    /// The denomination, e.g. `ucosm`.
    pub denom: String,
    /// The amount in the smallest unit.
    #[serde(with = "u128_string")]
    pub amount: u128,
}

impl Coin {
    /// `amount` of `denom`.
    pub fn new(amount: u128, denom: &str) -> Self {
        Coin {
            denom: denom.to_string(),
            amount,
        }
    }
}

/// The SDK's coin list format: `10ucosm,5uatom`.
pub fn coins_string(coins: &[Coin]) -> String {
    coins
        .iter()
        .map(|c| format!("{}{}", c.amount, c.denom))
        .collect::<Vec<_>>()
        .join(",")
}

mod u128_string {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A message a user signs (the wasmd and bank messages this chain knows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Msg {
    /// `MsgStoreCode`.
    StoreCode {
        /// The wasm bytes (uncompressed).
        wasm: Vec<u8>,
    },
    /// `MsgInstantiateContract` (classic address).
    Instantiate {
        /// The code to instantiate.
        code_id: u64,
        /// The JSON instantiate message.
        msg: Vec<u8>,
        /// Funds sent with it.
        funds: Vec<Coin>,
        /// Required, at most 128 bytes.
        label: String,
        /// Who may migrate the contract.
        admin: Option<String>,
    },
    /// `MsgInstantiateContract2` (predictable address).
    Instantiate2 {
        /// The code to instantiate.
        code_id: u64,
        /// The JSON instantiate message.
        msg: Vec<u8>,
        /// Funds sent with it.
        funds: Vec<Coin>,
        /// Required, at most 128 bytes.
        label: String,
        /// Who may migrate the contract.
        admin: Option<String>,
        /// 1 to 64 bytes.
        salt: Vec<u8>,
        /// Whether the message is part of the address.
        fix_msg: bool,
    },
    /// `MsgExecuteContract`.
    Execute {
        /// The contract.
        contract: String,
        /// The JSON execute message.
        msg: Vec<u8>,
        /// Funds sent with it.
        funds: Vec<Coin>,
    },
    /// `MsgMigrateContract` (admin only).
    Migrate {
        /// The contract.
        contract: String,
        /// The new code.
        code_id: u64,
        /// The JSON migrate message.
        msg: Vec<u8>,
    },
    /// `MsgUpdateAdmin` (admin only).
    UpdateAdmin {
        /// The contract.
        contract: String,
        /// The new admin.
        new_admin: String,
    },
    /// `MsgClearAdmin` (admin only).
    ClearAdmin {
        /// The contract.
        contract: String,
    },
    /// Bank `MsgSend`.
    Send {
        /// The recipient.
        to: String,
        /// The coins.
        amount: Vec<Coin>,
    },
}

impl Msg {
    /// The message's SDK type URL (the `message.action` attribute).
    pub fn type_url(&self) -> &'static str {
        match self {
            Msg::StoreCode { .. } => "/cosmwasm.wasm.v1.MsgStoreCode",
            Msg::Instantiate { .. } => "/cosmwasm.wasm.v1.MsgInstantiateContract",
            Msg::Instantiate2 { .. } => "/cosmwasm.wasm.v1.MsgInstantiateContract2",
            Msg::Execute { .. } => "/cosmwasm.wasm.v1.MsgExecuteContract",
            Msg::Migrate { .. } => "/cosmwasm.wasm.v1.MsgMigrateContract",
            Msg::UpdateAdmin { .. } => "/cosmwasm.wasm.v1.MsgUpdateAdmin",
            Msg::ClearAdmin { .. } => "/cosmwasm.wasm.v1.MsgClearAdmin",
            Msg::Send { .. } => "/cosmos.bank.v1beta1.MsgSend",
        }
    }
}

/// An event attribute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribute {
    /// Key.
    pub key: String,
    /// Value.
    pub value: String,
}

/// An ABCI event as a `TxResponse` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// `execute`, `wasm`, `wasm-<custom>`, `transfer`, ...
    #[serde(rename = "type")]
    pub ty: String,
    /// The attributes, in order.
    pub attributes: Vec<Attribute>,
}

impl Event {
    pub(crate) fn new(ty: &str, attrs: &[(&str, &str)]) -> Self {
        Event {
            ty: ty.to_string(),
            attributes: attrs
                .iter()
                .map(|(k, v)| Attribute {
                    key: k.to_string(),
                    value: v.to_string(),
                })
                .collect(),
        }
    }

    /// The first value of `key`.
    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.key == key)
            .map(|a| a.value.as_str())
    }
}

/// Where the gas of a transaction went (not part of wasmd's `TxResponse`; the gas report's
/// columns). All SDK gas except the counters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GasDetail {
    /// Ante handler: tx bytes and signature.
    pub tx: u64,
    /// Contract setup (60,000 or 2,000 per instance, reply costs).
    pub setup: u64,
    /// Wasm execution (`used_internally / 140,000`, with the response bytes and host API calls).
    pub vm: u64,
    /// Contract storage (gas of every read, write, delete and iterator step of contracts).
    pub storage: u64,
    /// wasmd's and the bank's own KV gas (contract and code info, pinned flag, balances,
    /// history, sequences).
    pub module_kv: u64,
    /// Event attributes.
    pub events: u64,
    /// Store-code compile cost.
    pub compile: u64,
    /// Contract storage reads (get, and iterator items).
    pub reads: u64,
    /// Contract storage writes (set).
    pub writes: u64,
    /// Contract storage deletes.
    pub deletes: u64,
    /// Bytes written by contracts (key with wasmd's 33-byte prefix, plus value).
    pub bytes_written: u64,
    /// Contract instances loaded (calls, queries, replies).
    pub instances: u64,
}

/// The result of a transaction, shaped like the Cosmos SDK's `TxResponse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TxResponse {
    /// The block height the transaction was included in.
    pub height: u64,
    /// Upper-case hex sha256 of the transaction.
    pub txhash: String,
    /// `""` on success, else `wasm`, `sdk`.
    pub codespace: String,
    /// 0 on success.
    pub code: u32,
    /// The message's result data (base64), as the contract returned it.
    pub data: Option<cosmwasm_std::Binary>,
    /// The error log on failure (with the contract's error), empty on success.
    pub raw_log: String,
    /// The gas limit.
    pub gas_wanted: u64,
    /// The gas used.
    pub gas_used: u64,
    /// The events (none on failure).
    pub events: Vec<Event>,
    /// The block time (RFC 3339, UTC).
    pub timestamp: String,
    /// Where the gas went.
    pub gas_detail: GasDetail,
}

impl TxResponse {
    /// Whether the transaction succeeded.
    pub fn is_ok(&self) -> bool {
        self.code == 0
    }

    /// The first value of `key` in the first event of type `ty`.
    pub fn attr(&self, ty: &str, key: &str) -> Option<&str> {
        self.events
            .iter()
            .filter(|e| e.ty == ty)
            .find_map(|e| e.attr(key))
    }

    /// Every event of type `ty`.
    pub fn events_of<'a>(&'a self, ty: &'a str) -> impl Iterator<Item = &'a Event> + 'a {
        self.events.iter().filter(move |e| e.ty == ty)
    }

    /// `store_code.code_id`.
    pub fn code_id(&self) -> Option<u64> {
        self.attr("store_code", "code_id")
            .and_then(|s| s.parse().ok())
    }

    /// `instantiate._contract_address`.
    pub fn contract_address(&self) -> Option<String> {
        self.attr("instantiate", "_contract_address")
            .map(str::to_string)
    }
}

/// wasmd's `CodeInfo` (plus the size, for reports).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeInfo {
    /// sha256 of the wasm, hex.
    pub checksum: String,
    /// Who stored it.
    pub creator: String,
    /// Bytes of wasm.
    pub size: u64,
}

/// wasmd's `ContractInfo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractInfo {
    /// The code it runs.
    pub code_id: u64,
    /// Who instantiated it.
    pub creator: String,
    /// Who may migrate it and change its admin.
    pub admin: Option<String>,
    /// The label.
    pub label: String,
    /// Block height of creation.
    pub created_height: u64,
    /// Index of the creating tx in its block.
    pub created_tx_index: u64,
}

/// One entry of a contract's code history (wasmd `ContractCodeHistoryEntry`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    /// `init`, `migrate` (wasmd's `CONTRACT_CODE_HISTORY_OPERATION_TYPE_*`).
    pub operation: String,
    /// The code from then on.
    pub code_id: u64,
    /// Block height.
    pub height: u64,
    /// The message (JSON).
    pub msg: serde_json::Value,
}

/// An x/auth account: created when an address first receives coins (or at genesis).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Its address (bech32).
    pub address: String,
    /// The account number (x/auth, in order of creation from 0).
    pub number: u64,
    /// The number of transactions it signed.
    pub sequence: u64,
    /// Its secp256k1 public key (33 bytes, compressed), set by its first transaction.
    #[serde(default, with = "opt_hex")]
    pub pub_key: Option<Vec<u8>>,
}

mod opt_hex {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &Option<Vec<u8>>, s: S) -> Result<S::Ok, S::Error> {
        match v {
            Some(b) => s.serialize_some(&hex::encode(b)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<u8>>, D::Error> {
        let v: Option<String> = Option::deserialize(d)?;
        v.map(|h| hex::decode(h).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// A genesis account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GenesisAccount {
    /// Its address (bech32 with the chain's prefix).
    pub address: String,
    /// Its balances.
    pub coins: Vec<Coin>,
}

/// The chain's configuration, read from a data directory's `genesis.json` on creation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainConfig {
    /// The chain id contracts see in `env.block.chain_id`.
    pub chain_id: String,
    /// The bech32 prefix of addresses.
    pub bech32_prefix: String,
    /// Genesis time, seconds since the Unix epoch.
    pub genesis_time: u64,
    /// Seconds between blocks (each transaction is one block).
    pub block_time: u64,
    /// Accounts funded at genesis.
    #[serde(default)]
    pub accounts: Vec<GenesisAccount>,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            chain_id: "local-1".to_string(),
            bech32_prefix: "wasm".to_string(),
            // 2026-01-01T00:00:00Z
            genesis_time: 1_767_225_600,
            block_time: 5,
            accounts: Vec::new(),
        }
    }
}

/// RFC 3339 (UTC, seconds) of a Unix time.
pub fn rfc3339(secs: u64) -> String {
    let days = secs / 86_400;
    let rem = secs % 86_400;
    let (h, m, s) = (rem / 3600, (rem % 3600) / 60, rem % 60);
    // Civil from days (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let mo = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(mo <= 2);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{m:02}:{s:02}Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_formats_utc() {
        assert_eq!(rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }
}
