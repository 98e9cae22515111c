//! The engine: code, contracts, bank, message dispatch, sub-messages and replies, queries and
//! gas, as wasmd v0.61 does them (`x/wasm/keeper/keeper.go`, `msg_dispatcher.go`,
//! `query_plugins.go`).

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::rc::Rc;

use cosmwasm_std::{Binary, Checksum, ContractResult, SystemResult};
use cosmwasm_vm::{
    call_execute_raw, call_instantiate_raw, call_migrate_with_info_raw, call_query_raw,
    call_reply_raw, Backend, Cache, CacheOptions, Instance, InstanceOptions, Size, VmError,
    VmResult,
};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::api::ChainApi;
use crate::backend::{ChainQuerier, ContractStore};
use crate::error::ChainError;
use crate::gas;
use crate::proto;
use crate::state::State;
use crate::types::{
    coins_string, rfc3339, Account, ChainConfig, CodeInfo, Coin, ContractInfo, Event, GasDetail,
    HistoryEntry, Msg, TxResponse,
};

/// A key and its value.
pub type KvPair = (Vec<u8>, Vec<u8>);

type VmInstance = Instance<ChainApi, ContractStore, ChainQuerier>;

// Key prefixes (wasmd `x/wasm/types/keys.go`; bank under its own prefix here).
const CODE_KEY: u8 = 0x01;
const CONTRACT_KEY: u8 = 0x02;
const CONTRACT_STORE: u8 = 0x03;
const SEQUENCE_KEY: u8 = 0x04;
const HISTORY_KEY: u8 = 0x05;
const CODE_INDEX_KEY: u8 = 0x06;
const PINNED_KEY: u8 = 0x07;
const CREATOR_INDEX_KEY: u8 = 0x09;
const BALANCE_KEY: u8 = 0x10;
const ACCOUNT_KEY: u8 = 0x11;
const META_KEY: u8 = 0x20;

struct Meter {
    limit: u64,
    used: u64,
}

#[derive(Default)]
struct TxCtx {
    /// Checksums loaded earlier in this transaction (wasmd `TxContracts`).
    loaded: HashSet<[u8; 32]>,
    query_depth: u32,
    call_depth: u32,
    height: u64,
    time_nanos: u64,
    tx_index: u32,
    hash: Vec<u8>,
}

struct Core {
    cache: Cache<ChainApi, ContractStore, ChainQuerier>,
    api: ChainApi,
    config: ChainConfig,
    state: RefCell<State>,
    meters: RefCell<Vec<Meter>>,
    tx: RefCell<TxCtx>,
    stats: RefCell<GasDetail>,
}

/// A single-node development chain. Cheap to clone (shared handle).
#[derive(Clone)]
pub struct Chain {
    core: Rc<Core>,
}

/// A contract's JSON response (`cosmwasm_std::Response`), read by the host.
#[derive(Deserialize, Default)]
struct VmResponse {
    #[serde(default)]
    messages: Vec<VmSubMsg>,
    #[serde(default)]
    attributes: Vec<VmAttr>,
    #[serde(default)]
    events: Vec<VmEvent>,
    data: Option<Binary>,
}

#[derive(Deserialize, Clone)]
struct VmAttr {
    key: String,
    value: String,
}

#[derive(Deserialize, Clone)]
struct VmEvent {
    #[serde(rename = "type")]
    ty: String,
    #[serde(default)]
    attributes: Vec<VmAttr>,
}

#[derive(Deserialize)]
struct VmSubMsg {
    id: u64,
    #[serde(default)]
    payload: Binary,
    msg: Value,
    gas_limit: Option<u64>,
    reply_on: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum VmCosmosMsg {
    Bank(VmBankMsg),
    Wasm(VmWasmMsg),
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum VmBankMsg {
    Send {
        to_address: String,
        amount: Vec<Coin>,
    },
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum VmWasmMsg {
    Execute {
        contract_addr: String,
        msg: Binary,
        funds: Vec<Coin>,
    },
    Instantiate {
        admin: Option<String>,
        code_id: u64,
        msg: Binary,
        funds: Vec<Coin>,
        label: String,
    },
    Instantiate2 {
        admin: Option<String>,
        code_id: u64,
        label: String,
        msg: Binary,
        funds: Vec<Coin>,
        salt: Binary,
    },
    Migrate {
        contract_addr: String,
        new_code_id: u64,
        msg: Binary,
    },
    UpdateAdmin {
        contract_addr: String,
        admin: String,
    },
    ClearAdmin {
        contract_addr: String,
    },
}

/// What one dispatched message returns: data and the SDK message responses.
struct MsgResult {
    data: Option<Vec<u8>>,
    msg_responses: Vec<(String, Vec<u8>)>,
}

fn attrs_of(a: &[VmAttr]) -> Vec<(String, String)> {
    a.iter().map(|x| (x.key.clone(), x.value.clone())).collect()
}

fn events_of(e: &[VmEvent]) -> Vec<(String, Vec<(String, String)>)> {
    e.iter()
        .map(|x| (x.ty.clone(), attrs_of(&x.attributes)))
        .collect()
}

fn module_address(key: &[u8]) -> Vec<u8> {
    // SDK `types/address/hash.go`: Module("wasm", key) = Hash("module", "wasm\0" ‖ key).
    let typ = Sha256::digest(b"module");
    let mut h = Sha256::new();
    h.update(typ);
    h.update(b"wasm\0");
    h.update(key);
    h.finalize().to_vec()
}

/// wasmd `BuildContractAddressClassic`: the module address of `code_id ‖ instance_id`.
pub fn classic_address(code_id: u64, instance_id: u64) -> Vec<u8> {
    let mut key = code_id.to_be_bytes().to_vec();
    key.extend_from_slice(&instance_id.to_be_bytes());
    module_address(&key)
}

/// wasmd `BuildContractAddressPredictable` (instantiate2): the module address of the
/// length-prefixed checksum, creator, salt and (if fixed) message.
pub fn predictable_address(checksum: &[u8], creator: &[u8], salt: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut key = Vec::new();
    for part in [checksum, creator, salt, msg] {
        key.extend_from_slice(&(part.len() as u64).to_be_bytes());
        key.extend_from_slice(part);
    }
    module_address(&key)
}

/// The static validation a chain runs on upload, exactly as `cosmwasm-check` 3.0.10 runs it
/// (same cosmwasm-vm and wasmer): `check_wasm` with wasmd's capabilities ([`gas::CAPABILITIES`],
/// which is cosmwasm-check 3.0.10's default list) and the default limits (imports, exports,
/// memories, tables, 100 locals per function, 10,000 in total), then compiling the module with
/// singlepass.
pub fn check_wasm(wasm: &[u8]) -> Result<(), String> {
    use cosmwasm_vm::internals::{check_wasm, compile_module, Logger};
    let capabilities: HashSet<String> = gas::CAPABILITIES.iter().map(|s| s.to_string()).collect();
    check_wasm(
        wasm,
        &capabilities,
        &cosmwasm_vm::WasmLimits::default(),
        Logger::Off,
    )
    .map_err(|e| e.to_string())?;
    compile_module(wasm, None)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

fn vm_err(e: VmError) -> ChainError {
    ChainError::vm(e)
}

impl Chain {
    /// A chain whose state lives in memory only (tests). The VM cache goes to `cache_dir`.
    pub fn in_memory(cache_dir: &Path, config: ChainConfig) -> Result<Self, ChainError> {
        Self::build(cache_dir, State::memory(), config, true)
    }

    /// Opens the chain in `data_dir`, creating it (from `config`, genesis accounts funded) when
    /// the directory holds no chain yet. An existing chain keeps its own configuration
    /// (`data_dir/genesis.json`).
    pub fn open(data_dir: &Path, config: ChainConfig) -> Result<Self, ChainError> {
        std::fs::create_dir_all(data_dir)
            .map_err(|e| ChainError::internal(format!("data dir: {e}")))?;
        let genesis = data_dir.join("genesis.json");
        let config = if genesis.exists() {
            let bytes = std::fs::read(&genesis)
                .map_err(|e| ChainError::internal(format!("genesis.json: {e}")))?;
            serde_json::from_slice(&bytes)
                .map_err(|e| ChainError::internal(format!("genesis.json: {e}")))?
        } else {
            let bytes = serde_json::to_vec_pretty(&config)
                .map_err(|e| ChainError::internal(e.to_string()))?;
            std::fs::write(&genesis, bytes)
                .map_err(|e| ChainError::internal(format!("genesis.json: {e}")))?;
            config
        };
        let state = State::open(&data_dir.join("state.redb"))?;
        let fresh = state.get(&[META_KEY, b'b']).is_none();
        Self::build(&data_dir.join("vm"), state, config, fresh)
    }

    /// Opens a data directory whose `genesis.json` already exists (or creates a default chain).
    pub fn open_existing(data_dir: &Path) -> Result<Self, ChainError> {
        Self::open(data_dir, ChainConfig::default())
    }

    fn build(
        cache_dir: &Path,
        state: State,
        config: ChainConfig,
        fresh: bool,
    ) -> Result<Self, ChainError> {
        let capabilities: HashSet<String> =
            gas::CAPABILITIES.iter().map(|s| s.to_string()).collect();
        let options = CacheOptions::new(
            cache_dir,
            capabilities,
            Size::mebi(256),
            Size::mebi(gas::CONTRACT_MEMORY_LIMIT_MIB),
        );
        // SAFETY: the cache directory belongs to this chain; its modules were written by this
        // same cosmwasm-vm version (the VM re-compiles modules it cannot load).
        let cache = unsafe { Cache::new(options) }.map_err(vm_err)?;
        let api = ChainApi::new(&config.bech32_prefix);
        let chain = Chain {
            core: Rc::new(Core {
                cache,
                api,
                config,
                state: RefCell::new(state),
                meters: RefCell::new(Vec::new()),
                tx: RefCell::new(TxCtx::default()),
                stats: RefCell::new(GasDetail::default()),
            }),
        };
        if fresh {
            chain.genesis()?;
        }
        chain.sync_pinned()?;
        Ok(chain)
    }

    fn genesis(&self) -> Result<(), ChainError> {
        self.with_state(State::push);
        self.push_meter(u64::MAX);
        let res = (|| {
            for acc in &self.core.config.accounts {
                let canon = self.canonical(&acc.address)?;
                if self.read_account(&canon)?.is_none() {
                    self.new_account(&canon)?;
                }
                for c in &acc.coins {
                    self.set_balance(
                        &canon,
                        &c.denom,
                        self.balance_of(&canon, &c.denom)? + c.amount,
                    )?;
                }
            }
            self.save_block(0, self.core.config.genesis_time * 1_000_000_000);
            Ok(())
        })();
        self.pop_meter();
        match res {
            Ok(()) => self.with_state(State::commit),
            Err(e) => {
                self.with_state(State::discard);
                Err(e)
            }
        }
    }

    fn sync_pinned(&self) -> Result<(), ChainError> {
        let start = [PINNED_KEY];
        let end = [PINNED_KEY + 1];
        let mut last: Option<Vec<u8>> = None;
        while let Some((k, _)) = self.next_entry(&start, &end, last.as_deref(), true) {
            if let Some(id) = k.get(1..9).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
                let info = self.code_info(u64::from_be_bytes(id))?;
                self.core.cache.pin(&checksum_of(&info)?).map_err(vm_err)?;
            }
            last = Some(k);
        }
        Ok(())
    }

    // ---- state access (unmetered; the metered paths charge explicitly) ----

    fn with_state<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.core.state.borrow_mut())
    }

    pub(crate) fn raw_get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.core.state.borrow().get(key)
    }

    pub(crate) fn raw_set(&self, key: &[u8], value: &[u8]) {
        self.core.state.borrow_mut().set(key, value);
    }

    pub(crate) fn raw_remove(&self, key: &[u8]) {
        self.core.state.borrow_mut().remove(key);
    }

    pub(crate) fn next_entry(
        &self,
        start: &[u8],
        end: &[u8],
        after: Option<&[u8]>,
        ascending: bool,
    ) -> Option<(Vec<u8>, Vec<u8>)> {
        self.core
            .state
            .borrow()
            .next_entry(start, end, after, ascending)
    }

    // ---- gas ----

    pub(crate) fn stats(&self, f: impl FnOnce(&mut GasDetail)) {
        f(&mut self.core.stats.borrow_mut());
    }

    fn push_meter(&self, limit: u64) {
        self.core.meters.borrow_mut().push(Meter { limit, used: 0 });
    }

    fn pop_meter(&self) -> u64 {
        self.core.meters.borrow_mut().pop().map_or(0, |m| m.used)
    }

    /// Charges SDK gas to the current meter; an error once it exceeds its limit.
    pub(crate) fn consume(&self, amount: u64) -> Result<(), ChainError> {
        let mut meters = self.core.meters.borrow_mut();
        let Some(m) = meters.last_mut() else {
            return Ok(());
        };
        m.used = m.used.saturating_add(amount);
        if m.used > m.limit {
            return Err(ChainError::out_of_gas(m.limit, m.used));
        }
        Ok(())
    }

    fn out_of_gas_now(&self) -> Option<ChainError> {
        let meters = self.core.meters.borrow();
        let m = meters.last()?;
        (m.used > m.limit).then(|| ChainError::out_of_gas(m.limit, m.used))
    }

    fn gas_left(&self) -> u64 {
        let meters = self.core.meters.borrow();
        meters
            .last()
            .map_or(u64::MAX, |m| m.limit.saturating_sub(m.used))
    }

    fn module_read(&self, key_len: usize, value_len: usize) -> Result<(), ChainError> {
        let g = gas::read_cost(key_len, value_len);
        self.stats(|s| s.module_kv += g);
        self.consume(g)
    }

    fn module_write(&self, key_len: usize, value_len: usize) -> Result<(), ChainError> {
        let g = gas::write_cost(key_len, value_len);
        self.stats(|s| s.module_kv += g);
        self.consume(g)
    }

    fn module_flat(&self, g: u64) -> Result<(), ChainError> {
        self.stats(|s| s.module_kv += g);
        self.consume(g)
    }

    // ---- addresses ----

    /// The chain's address API (bech32 with its prefix).
    pub fn api(&self) -> &ChainApi {
        &self.core.api
    }

    /// The chain's configuration.
    pub fn config(&self) -> &ChainConfig {
        &self.core.config
    }

    fn canonical(&self, addr: &str) -> Result<Vec<u8>, ChainError> {
        self.core
            .api
            .validate(addr)
            .map_err(|e| ChainError::invalid_address(format!("{addr}: {e}")))
    }

    fn human(&self, canon: &[u8]) -> Result<String, ChainError> {
        self.core
            .api
            .humanize(canon)
            .map_err(ChainError::invalid_address)
    }

    /// A deterministic test address: the bech32 of sha256(`name`)[..20].
    pub fn addr_make(&self, name: &str) -> String {
        let h = Sha256::digest(name.as_bytes());
        self.core
            .api
            .humanize(h.get(..20).unwrap_or_default())
            .unwrap_or_default()
    }

    // ---- block ----

    fn save_block(&self, height: u64, time_nanos: u64) {
        let v = json!({"height": height, "time": time_nanos}).to_string();
        self.raw_set(&[META_KEY, b'b'], v.as_bytes());
    }

    /// The last block's height and time (nanoseconds since the epoch).
    pub fn block(&self) -> (u64, u64) {
        let v: Value = self
            .raw_get(&[META_KEY, b'b'])
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or(Value::Null);
        (
            v.get("height")
                .unwrap_or(&Value::Null)
                .as_u64()
                .unwrap_or(0),
            v.get("time").unwrap_or(&Value::Null).as_u64().unwrap_or(0),
        )
    }

    /// Moves the clock forward by `seconds` (an empty block), as a testnet's time passes.
    pub fn advance_time(&self, seconds: u64) -> Result<(), ChainError> {
        let (h, t) = self.block();
        self.with_state(State::push);
        self.save_block(h + 1, t + seconds * 1_000_000_000);
        self.with_state(State::commit)
    }

    // ---- bank ----

    fn balance_key(canon: &[u8], denom: &str) -> Vec<u8> {
        // x/bank `BalancesPrefix ‖ len(addr) ‖ addr ‖ denom`.
        let mut k = vec![BALANCE_KEY, canon.len() as u8];
        k.extend_from_slice(canon);
        k.extend_from_slice(denom.as_bytes());
        k
    }

    fn balance_of(&self, canon: &[u8], denom: &str) -> Result<u128, ChainError> {
        let raw = self.raw_get(&Self::balance_key(canon, denom));
        match raw {
            None => Ok(0),
            Some(b) => String::from_utf8_lossy(&b)
                .parse()
                .map_err(|_| ChainError::internal("corrupt balance")),
        }
    }

    fn metered_balance(&self, canon: &[u8], denom: &str) -> Result<u128, ChainError> {
        let key = Self::balance_key(canon, denom);
        let raw = self.raw_get(&key);
        self.module_read(key.len(), raw.as_ref().map_or(0, Vec::len))?;
        self.balance_of(canon, denom)
    }

    fn set_balance(&self, canon: &[u8], denom: &str, amount: u128) -> Result<(), ChainError> {
        let key = Self::balance_key(canon, denom);
        if amount == 0 {
            self.module_flat(gas::KV_DELETE_COST)?;
            self.raw_remove(&key);
        } else {
            let v = amount.to_string();
            self.module_write(key.len(), v.len())?;
            self.raw_set(&key, v.as_bytes());
        }
        Ok(())
    }

    /// A balance (unmetered client query).
    pub fn balance(&self, addr: &str, denom: &str) -> Result<u128, ChainError> {
        self.balance_of(&self.canonical(addr)?, denom)
    }

    /// x/bank `SendCoins`: per coin a read and a write on each side, the recipient's account
    /// checked (and created).
    fn transfer(
        &self,
        from: &str,
        to: &str,
        amount: &[Coin],
        events: &mut Vec<Event>,
    ) -> Result<(), ChainError> {
        let mut seen = HashSet::new();
        for c in amount {
            if c.amount == 0 || c.denom.is_empty() || !seen.insert(c.denom.clone()) {
                return Err(ChainError::invalid_coins(coins_string(amount)));
            }
        }
        if amount.is_empty() {
            return Ok(());
        }
        let f = self.canonical(from)?;
        let t = self.canonical(to)?;
        for c in amount {
            let have = self.metered_balance(&f, &c.denom)?;
            if have < c.amount {
                return Err(ChainError::insufficient_funds(format!(
                    "spendable balance {}{} is smaller than {}{}",
                    have, c.denom, c.amount, c.denom
                )));
            }
            self.set_balance(&f, &c.denom, have - c.amount)?;
        }
        for c in amount {
            let have = self.metered_balance(&t, &c.denom)?;
            self.set_balance(&t, &c.denom, have + c.amount)?;
        }
        self.ensure_account(&t)?;
        let amt = coins_string(amount);
        events.push(Event::new(
            "coin_spent",
            &[("spender", from), ("amount", &amt)],
        ));
        events.push(Event::new(
            "coin_received",
            &[("receiver", to), ("amount", &amt)],
        ));
        events.push(Event::new(
            "transfer",
            &[("recipient", to), ("sender", from), ("amount", &amt)],
        ));
        events.push(Event::new("message", &[("sender", from)]));
        Ok(())
    }

    fn ensure_account(&self, canon: &[u8]) -> Result<(), ChainError> {
        // x/auth: HasAccount, and a new BaseAccount (address, account number) when missing.
        let mut key = vec![ACCOUNT_KEY];
        key.extend_from_slice(canon);
        self.module_flat(gas::KV_HAS_COST)?;
        if self.raw_get(&key).is_none() {
            let value = proto::base_account_len(self.human(canon)?.len());
            self.module_write(key.len(), value)?;
            self.new_account(canon)?;
        }
        Ok(())
    }

    /// Creates the account record with the next account number (x/auth
    /// `NextAccountNumber`; the engine charges the account write only, see `ensure_account`).
    fn new_account(&self, canon: &[u8]) -> Result<(), ChainError> {
        let mut seq = vec![SEQUENCE_KEY];
        seq.extend_from_slice(b"globalAccountNumber");
        let number = self
            .raw_get(&seq)
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map_or(0, u64::from_be_bytes);
        self.raw_set(&seq, &(number + 1).to_be_bytes());
        let acc = Account {
            address: self.human(canon)?,
            number,
            sequence: 0,
            pub_key: None,
        };
        self.write_account(canon, &acc)
    }

    fn write_account(&self, canon: &[u8], acc: &Account) -> Result<(), ChainError> {
        let mut key = vec![ACCOUNT_KEY];
        key.extend_from_slice(canon);
        let bytes = serde_json::to_vec(acc).map_err(|e| ChainError::internal(e.to_string()))?;
        self.raw_set(&key, &bytes);
        Ok(())
    }

    fn read_account(&self, canon: &[u8]) -> Result<Option<Account>, ChainError> {
        let mut key = vec![ACCOUNT_KEY];
        key.extend_from_slice(canon);
        let Some(raw) = self.raw_get(&key) else {
            return Ok(None);
        };
        let address = self.human(canon)?;
        // Chains made before accounts had numbers stored a marker byte.
        Ok(Some(serde_json::from_slice(&raw).unwrap_or(Account {
            address,
            number: 0,
            sequence: 0,
            pub_key: None,
        })))
    }

    /// An account (x/auth `Account` query): number, sequence and public key; `None` for an
    /// address that never received coins.
    pub fn account(&self, addr: &str) -> Result<Option<Account>, ChainError> {
        self.read_account(&self.canonical(addr)?)
    }

    /// Every balance of an address, by denom (x/bank `AllBalances`).
    pub fn balances(&self, addr: &str) -> Result<Vec<Coin>, ChainError> {
        let canon = self.canonical(addr)?;
        let start = Self::balance_key(&canon, "");
        let end = crate::state::prefix_end(&start);
        let mut out = Vec::new();
        let mut last: Option<Vec<u8>> = None;
        while let Some((k, v)) = self.next_entry(&start, &end, last.as_deref(), true) {
            let denom = String::from_utf8_lossy(k.get(start.len()..).unwrap_or_default());
            let amount = String::from_utf8_lossy(&v)
                .parse()
                .map_err(|_| ChainError::internal("corrupt balance"))?;
            out.push(Coin::new(amount, &denom));
            last = Some(k);
        }
        Ok(out)
    }

    /// The wasm bytes of a stored code (wasmd `Code` query).
    pub fn code_bytes(&self, code_id: u64) -> Result<Vec<u8>, ChainError> {
        let info = self.code_info(code_id)?;
        self.core
            .cache
            .load_wasm(&checksum_of(&info)?)
            .map_err(vm_err)
    }

    // ---- code ----

    fn code_key(code_id: u64) -> Vec<u8> {
        let mut k = vec![CODE_KEY];
        k.extend_from_slice(&code_id.to_be_bytes());
        k
    }

    /// A code's info (unmetered).
    pub fn code_info(&self, code_id: u64) -> Result<CodeInfo, ChainError> {
        let raw = self
            .raw_get(&Self::code_key(code_id))
            .ok_or_else(|| ChainError::no_such_code(code_id))?;
        serde_json::from_slice(&raw).map_err(|e| ChainError::internal(e.to_string()))
    }

    fn metered_code_info(&self, code_id: u64) -> Result<CodeInfo, ChainError> {
        let info = self.code_info(code_id);
        let len = info
            .as_ref()
            .map_or(0, |i| proto::code_info_len(i.creator.len()));
        self.module_read(9, len)?;
        info
    }

    fn is_pinned(&self, code_id: u64) -> Result<bool, ChainError> {
        self.module_flat(gas::KV_HAS_COST)?;
        let mut k = vec![PINNED_KEY];
        k.extend_from_slice(&code_id.to_be_bytes());
        Ok(self.raw_get(&k).is_some())
    }

    fn next_sequence(&self, name: &[u8]) -> Result<u64, ChainError> {
        // wasmd `mustAutoIncrementID`: read and write the 8-byte sequence.
        let mut key = vec![SEQUENCE_KEY];
        key.extend_from_slice(name);
        let cur = self
            .raw_get(&key)
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map_or(1, u64::from_be_bytes);
        self.module_read(key.len(), 8)?;
        self.module_write(key.len(), 8)?;
        self.raw_set(&key, &(cur + 1).to_be_bytes());
        Ok(cur)
    }

    fn store_code(
        &self,
        creator: &str,
        wasm: &[u8],
        events: &mut Vec<Event>,
    ) -> Result<u64, ChainError> {
        self.canonical(creator)?;
        if wasm.is_empty() {
            return Err(ChainError::empty("wasm code"));
        }
        if wasm.len() > gas::MAX_WASM_SIZE {
            return Err(ChainError::limit(format!(
                "wasm code size {} > {}",
                wasm.len(),
                gas::MAX_WASM_SIZE
            )));
        }
        let compile = gas::COMPILE_COST_PER_BYTE * wasm.len() as u64;
        self.stats(|s| s.compile += compile);
        self.consume(compile)?;
        let checksum = self
            .core
            .cache
            .store_code(wasm, true, true)
            .map_err(ChainError::create_failed)?;
        let code_id = self.next_sequence(b"lastCodeId")?;
        let info = CodeInfo {
            checksum: checksum.to_hex(),
            creator: creator.to_string(),
            size: wasm.len() as u64,
        };
        self.module_write(9, proto::code_info_len(creator.len()))?;
        let bytes = serde_json::to_vec(&info).map_err(|e| ChainError::internal(e.to_string()))?;
        self.raw_set(&Self::code_key(code_id), &bytes);
        events.push(Event::new(
            "store_code",
            &[
                ("code_checksum", &checksum.to_hex()),
                ("code_id", &code_id.to_string()),
            ],
        ));
        Ok(code_id)
    }

    /// Pins a code in the VM's memory cache (wasmd `pinCode`, a governance action): later calls
    /// pay the discounted setup cost.
    pub fn pin_code(&self, code_id: u64) -> Result<(), ChainError> {
        let info = self.code_info(code_id)?;
        self.core.cache.pin(&checksum_of(&info)?).map_err(vm_err)?;
        self.with_state(State::push);
        let mut k = vec![PINNED_KEY];
        k.extend_from_slice(&code_id.to_be_bytes());
        self.raw_set(&k, &[1]);
        self.with_state(State::commit)
    }

    // ---- contracts ----

    fn contract_key(canon: &[u8]) -> Vec<u8> {
        let mut k = vec![CONTRACT_KEY];
        k.extend_from_slice(canon);
        k
    }

    /// A contract's info (unmetered).
    pub fn contract_info(&self, addr: &str) -> Result<ContractInfo, ChainError> {
        let canon = self.canonical(addr)?;
        let raw = self
            .raw_get(&Self::contract_key(&canon))
            .ok_or_else(|| ChainError::no_such_contract(addr))?;
        serde_json::from_slice(&raw).map_err(|e| ChainError::internal(e.to_string()))
    }

    fn save_contract_info(&self, addr: &str, info: &ContractInfo) -> Result<(), ChainError> {
        let canon = self.canonical(addr)?;
        let key = Self::contract_key(&canon);
        self.module_write(
            key.len(),
            proto::contract_info_len(info, addr, &self.core.config.bech32_prefix),
        )?;
        let bytes = serde_json::to_vec(info).map_err(|e| ChainError::internal(e.to_string()))?;
        self.raw_set(&key, &bytes);
        Ok(())
    }

    /// A contract's code history.
    pub fn contract_history(&self, addr: &str) -> Result<Vec<HistoryEntry>, ChainError> {
        let canon = self.canonical(addr)?;
        let mut start = vec![HISTORY_KEY];
        start.extend_from_slice(&canon);
        let end = crate::state::prefix_end(&start);
        let mut out = Vec::new();
        let mut last: Option<Vec<u8>> = None;
        while let Some((k, v)) = self.next_entry(&start, &end, last.as_deref(), true) {
            out.push(serde_json::from_slice(&v).map_err(|e| ChainError::internal(e.to_string()))?);
            last = Some(k);
        }
        Ok(out)
    }

    fn append_history(
        &self,
        canon: &[u8],
        entry: &HistoryEntry,
        msg: &[u8],
    ) -> Result<(), ChainError> {
        let mut prefix = vec![HISTORY_KEY];
        prefix.extend_from_slice(canon);
        let end = crate::state::prefix_end(&prefix);
        // wasmd `appendToContractHistory`: a reverse iterator for the last position.
        let last = self.next_entry(&prefix, &end, None, false);
        self.module_flat(match &last {
            Some((k, v)) => gas::iter_item_cost(k.len(), v.len()),
            None => gas::KV_ITER_NEXT_COST_FLAT,
        })?;
        let pos = last
            .and_then(|(k, _)| {
                k.get(prefix.len()..)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
            })
            .map_or(0, |b| u64::from_be_bytes(b) + 1);
        let mut key = prefix;
        key.extend_from_slice(&pos.to_be_bytes());
        self.module_write(key.len(), proto::history_entry_len(entry, msg.len()))?;
        let bytes = serde_json::to_vec(entry).map_err(|e| ChainError::internal(e.to_string()))?;
        self.raw_set(&key, &bytes);
        Ok(())
    }

    /// wasmd `contractInstance`: the ContractInfo and CodeInfo reads, then (for every call but a
    /// reply) the pinned Has (`IsPinnedCode`).
    fn contract_instance(
        &self,
        addr: &str,
    ) -> Result<(Vec<u8>, ContractInfo, Checksum, bool), ChainError> {
        self.contract_instance_with(addr, true)
    }

    fn contract_instance_with(
        &self,
        addr: &str,
        check_pinned: bool,
    ) -> Result<(Vec<u8>, ContractInfo, Checksum, bool), ChainError> {
        let canon = self.canonical(addr)?;
        let key = Self::contract_key(&canon);
        let raw = self.raw_get(&key);
        let info: Option<ContractInfo> = raw.and_then(|r| serde_json::from_slice(&r).ok());
        let len = info.as_ref().map_or(0, |i| {
            proto::contract_info_len(i, addr, &self.core.config.bech32_prefix)
        });
        self.module_read(key.len(), len)?;
        let info = info.ok_or_else(|| ChainError::no_such_contract(addr))?;
        let code = self.metered_code_info(info.code_id)?;
        let pinned = check_pinned && self.is_pinned(info.code_id)?;
        Ok((canon, info, checksum_of(&code)?, pinned))
    }

    /// wasmd `checkDiscountEligibility` and `SetupContractCost`.
    fn charge_setup(
        &self,
        checksum: &Checksum,
        pinned: bool,
        msg_len: usize,
    ) -> Result<(), ChainError> {
        let mut cs = [0u8; 32];
        cs.copy_from_slice(checksum.as_slice());
        let discount = pinned || !self.core.tx.borrow_mut().loaded.insert(cs);
        let g = gas::setup_cost(discount, msg_len);
        self.stats(|s| {
            s.setup += g;
            s.instances += 1;
        });
        self.consume(g)
    }

    fn env(&self, contract: &str, in_tx: bool) -> Vec<u8> {
        let tx = self.core.tx.borrow();
        let transaction = if in_tx {
            json!({"index": tx.tx_index, "hash": Binary::from(tx.hash.clone())})
        } else {
            Value::Null
        };
        json!({
            "block": {
                "height": tx.height,
                "time": tx.time_nanos.to_string(),
                "chain_id": self.core.config.chain_id,
            },
            "transaction": transaction,
            "contract": {"address": contract},
        })
        .to_string()
        .into_bytes()
    }

    /// Runs one VM call on a fresh instance, charging its internal gas and the response bytes.
    fn run_vm(
        &self,
        checksum: &Checksum,
        canon: &[u8],
        call: impl FnOnce(&mut VmInstance) -> VmResult<Vec<u8>>,
    ) -> Result<Vec<u8>, ChainError> {
        let mut prefix = vec![CONTRACT_STORE];
        prefix.extend_from_slice(canon);
        let backend = Backend {
            api: self.core.api.clone(),
            storage: ContractStore::new(self.clone(), prefix),
            querier: ChainQuerier::new(self.clone()),
        };
        let gas_limit = self.gas_left().saturating_mul(gas::GAS_MULTIPLIER);
        let mut instance = self
            .core
            .cache
            .get_instance(checksum, backend, InstanceOptions { gas_limit })
            .map_err(vm_err)?;
        let result = call(&mut instance);
        let report = instance.create_gas_report();
        drop(instance);
        let response_len = result.as_ref().map_or(0, Vec::len) as u64;
        let vm_gas = report.used_internally
            + response_len * gas::DESERIALIZATION_COST_PER_BYTE * gas::GAS_MULTIPLIER;
        let sdk = vm_gas / gas::GAS_MULTIPLIER;
        self.stats(|s| s.vm += sdk);
        if let Some(e) = self.out_of_gas_now() {
            return Err(e);
        }
        self.consume(sdk)?;
        match result {
            Ok(data) => Ok(data),
            Err(VmError::GasDepletion { .. }) => {
                let meters = self.core.meters.borrow();
                let (limit, used) = meters.last().map_or((0, 0), |m| (m.limit, m.used));
                Err(ChainError::out_of_gas(limit, used.max(limit)))
            }
            Err(e) => Err(vm_err(e)),
        }
    }

    fn parse_response(raw: &[u8]) -> Result<Result<VmResponse, String>, ChainError> {
        let r: ContractResult<Value> = serde_json::from_slice(raw)
            .map_err(|e| ChainError::vm(format!("invalid response: {e}")))?;
        match r {
            ContractResult::Err(e) => Ok(Err(e)),
            ContractResult::Ok(v) => serde_json::from_value(v)
                .map(Ok)
                .map_err(|e| ChainError::vm(format!("invalid response: {e}"))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn instantiate(
        &self,
        creator: &str,
        admin: Option<&str>,
        code_id: u64,
        msg: &[u8],
        funds: &[Coin],
        label: &str,
        salt: Option<(&[u8], bool)>,
        events: &mut Vec<Event>,
    ) -> Result<(String, Option<Vec<u8>>), ChainError> {
        if label.trim().is_empty() {
            return Err(ChainError::empty("label"));
        }
        if label.len() > gas::MAX_LABEL_SIZE {
            return Err(ChainError::limit("label"));
        }
        let creator_canon = self.canonical(creator)?;
        if let Some(a) = admin {
            self.canonical(a)?;
        }
        let code = self.metered_code_info(code_id)?;
        let checksum = checksum_of(&code)?;
        let pinned = self.is_pinned(code_id)?;
        self.charge_setup(&checksum, pinned, msg.len())?;
        let canon = match salt {
            Some((salt, fix_msg)) => {
                if salt.is_empty() || salt.len() > 64 {
                    return Err(ChainError::invalid("salt: must be 1 to 64 bytes"));
                }
                let m: &[u8] = if fix_msg { msg } else { &[] };
                predictable_address(checksum.as_slice(), &creator_canon, salt, m)
            }
            None => classic_address(code_id, self.next_sequence(b"lastContractId")?),
        };
        let addr = self.human(&canon)?;
        let key = Self::contract_key(&canon);
        self.module_flat(gas::KV_HAS_COST)?;
        if self.raw_get(&key).is_some() {
            return Err(ChainError::duplicate(
                "contract address already exists, try a different combination of creator, checksum and salt",
            ));
        }
        self.ensure_account(&canon)?;
        self.transfer(creator, &addr, funds, events)?;
        let env = self.env(&addr, true);
        let info = json!({"sender": creator, "funds": funds}).to_string();
        let raw = self.run_vm(&checksum, &canon, |i| {
            call_instantiate_raw(i, &env, info.as_bytes(), msg)
        })?;
        let resp = Self::parse_response(&raw)?.map_err(ChainError::instantiate_failed)?;
        let (height, _) = (self.core.tx.borrow().height, ());
        let tx_index = u64::from(self.core.tx.borrow().tx_index);
        let cinfo = ContractInfo {
            code_id,
            creator: creator.to_string(),
            admin: admin.map(str::to_string),
            label: label.to_string(),
            created_height: height,
            created_tx_index: tx_index,
        };
        let entry = HistoryEntry {
            operation: "init".to_string(),
            code_id,
            height,
            msg: serde_json::from_slice(msg).unwrap_or(Value::Null),
        };
        // Secondary indexes by code and by creator (wasmd keys 0x06 and 0x09).
        let mut code_index = vec![CODE_INDEX_KEY];
        code_index.extend_from_slice(&code_id.to_be_bytes());
        code_index.extend_from_slice(&height.to_be_bytes());
        code_index.extend_from_slice(&tx_index.to_be_bytes());
        code_index.extend_from_slice(&canon);
        self.module_write(code_index.len(), 0)?;
        self.raw_set(&code_index, &[]);
        let mut creator_index = vec![CREATOR_INDEX_KEY, creator_canon.len() as u8];
        creator_index.extend_from_slice(&creator_canon);
        creator_index.extend_from_slice(&height.to_be_bytes());
        creator_index.extend_from_slice(&tx_index.to_be_bytes());
        creator_index.extend_from_slice(&canon);
        self.module_write(creator_index.len(), 0)?;
        self.raw_set(&creator_index, &[]);
        self.append_history(&canon, &entry, msg)?;
        self.save_contract_info(&addr, &cinfo)?;
        events.push(Event::new(
            "instantiate",
            &[
                ("_contract_address", &addr),
                ("code_id", &code_id.to_string()),
            ],
        ));
        let data = self.handle_response(&addr, resp, events)?;
        Ok((addr, data))
    }

    fn execute(
        &self,
        sender: &str,
        contract: &str,
        msg: &[u8],
        funds: &[Coin],
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        self.canonical(sender)?;
        let (canon, _info, checksum, pinned) = self.contract_instance(contract)?;
        self.charge_setup(&checksum, pinned, msg.len())?;
        self.transfer(sender, contract, funds, events)?;
        let env = self.env(contract, true);
        let info = json!({"sender": sender, "funds": funds}).to_string();
        let raw = self.run_vm(&checksum, &canon, |i| {
            call_execute_raw(i, &env, info.as_bytes(), msg)
        })?;
        let resp = Self::parse_response(&raw)?.map_err(ChainError::execute_failed)?;
        events.push(Event::new("execute", &[("_contract_address", contract)]));
        self.handle_response(contract, resp, events)
    }

    fn migrate(
        &self,
        sender: &str,
        contract: &str,
        new_code_id: u64,
        msg: &[u8],
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        let canon = self.canonical(contract)?;
        let key = Self::contract_key(&canon);
        let mut info = self
            .contract_info(contract)
            .map_err(|_| ChainError::invalid_request("unknown contract"))?;
        self.module_read(
            key.len(),
            proto::contract_info_len(&info, contract, &self.core.config.bech32_prefix),
        )?;
        if info.admin.as_deref() != Some(sender) {
            return Err(ChainError::unauthorized("can not migrate"));
        }
        let code = self
            .metered_code_info(new_code_id)
            .map_err(|_| ChainError::invalid_request("unknown code"))?;
        let checksum = checksum_of(&code)?;
        let pinned = self.is_pinned(new_code_id)?;
        self.charge_setup(&checksum, pinned, msg.len())?;
        let env = self.env(contract, true);
        let old_version = self
            .core
            .cache
            .analyze(&checksum_of(&self.code_info(info.code_id)?)?)
            .map_err(vm_err)?
            .contract_migrate_version;
        let minfo = json!({"sender": sender, "old_migrate_version": old_version}).to_string();
        let raw = self.run_vm(&checksum, &canon, |i| {
            call_migrate_with_info_raw(i, &env, msg, minfo.as_bytes())
        })?;
        let resp = Self::parse_response(&raw)?.map_err(ChainError::migration_failed)?;
        let height = self.core.tx.borrow().height;
        let entry = HistoryEntry {
            operation: "migrate".to_string(),
            code_id: new_code_id,
            height,
            msg: serde_json::from_slice(msg).unwrap_or(Value::Null),
        };
        self.append_history(&canon, &entry, msg)?;
        info.code_id = new_code_id;
        self.save_contract_info(contract, &info)?;
        events.push(Event::new(
            "migrate",
            &[
                ("code_id", &new_code_id.to_string()),
                ("_contract_address", contract),
            ],
        ));
        self.handle_response(contract, resp, events)
            .map_err(|e| e.wrap("dispatch"))
    }

    fn set_admin(
        &self,
        sender: &str,
        contract: &str,
        new_admin: Option<&str>,
        events: &mut Vec<Event>,
    ) -> Result<(), ChainError> {
        let canon = self.canonical(contract)?;
        let mut info = self
            .contract_info(contract)
            .map_err(|_| ChainError::invalid_request("unknown contract"))?;
        self.module_read(
            Self::contract_key(&canon).len(),
            proto::contract_info_len(&info, contract, &self.core.config.bech32_prefix),
        )?;
        if info.admin.as_deref() != Some(sender) {
            return Err(ChainError::unauthorized("can not modify contract"));
        }
        if let Some(a) = new_admin {
            self.canonical(a)?;
        }
        info.admin = new_admin.map(str::to_string);
        self.save_contract_info(contract, &info)?;
        events.push(Event::new(
            "update_contract_admin",
            &[
                ("_contract_address", contract),
                ("new_admin_address", new_admin.unwrap_or("")),
            ],
        ));
        Ok(())
    }

    /// wasmd `handleContractResponse`: event costs and events, then the sub-messages.
    fn handle_response(
        &self,
        contract: &str,
        resp: VmResponse,
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        let attrs = attrs_of(&resp.attributes);
        let evs = events_of(&resp.events);
        let g = gas::event_costs(&attrs, &evs);
        self.stats(|s| s.events += g);
        self.consume(g)?;
        let check = |k: &str| -> Result<(), ChainError> {
            let k = k.trim();
            if k.is_empty() {
                return Err(ChainError::invalid("event attribute key: empty"));
            }
            if k.starts_with('_') {
                return Err(ChainError::invalid(format!(
                    "attribute key {k} is reserved"
                )));
            }
            Ok(())
        };
        if !attrs.is_empty() {
            let mut ev = Event::new("wasm", &[("_contract_address", contract)]);
            for (k, v) in &attrs {
                check(k)?;
                ev.attributes.push(crate::types::Attribute {
                    key: k.clone(),
                    value: v.clone(),
                });
            }
            events.push(ev);
        }
        for (ty, a) in &evs {
            if ty.trim().len() < 2 {
                return Err(ChainError::invalid("event type: too short"));
            }
            let mut ev = Event::new(
                &format!("wasm-{}", ty.trim()),
                &[("_contract_address", contract)],
            );
            for (k, v) in a {
                check(k)?;
                ev.attributes.push(crate::types::Attribute {
                    key: k.clone(),
                    value: v.clone(),
                });
            }
            events.push(ev);
        }
        let depth = {
            let mut tx = self.core.tx.borrow_mut();
            tx.call_depth += 1;
            tx.call_depth
        };
        let result = if depth > gas::MAX_CALL_DEPTH {
            Err(ChainError::call_depth())
        } else {
            self.dispatch_submessages(contract, resp.messages, events)
        };
        self.core.tx.borrow_mut().call_depth -= 1;
        let sub_data = result?;
        Ok(match sub_data {
            Some(d) => Some(d),
            None => resp.data.map(|d| d.to_vec()),
        })
    }

    /// wasmd `DispatchSubmessages`: each in its own branch; `reply_on` decides what reaches the
    /// contract's `reply` and what aborts.
    fn dispatch_submessages(
        &self,
        contract: &str,
        msgs: Vec<VmSubMsg>,
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        let mut rsp = None;
        for sub in msgs {
            let reply_on = sub.reply_on.as_str();
            if !matches!(reply_on, "always" | "error" | "success" | "never") {
                return Err(ChainError::invalid("replyOn value"));
            }
            self.with_state(State::push);
            let mut sub_events = Vec::new();
            let remaining = self.gas_left();
            let limit = sub.gas_limit.filter(|l| *l < remaining);
            if let Some(l) = limit {
                self.push_meter(l);
            }
            let is_wasm = sub.msg.get("wasm").is_some();
            let mut result = self.dispatch_msg(contract, &sub.msg, &mut sub_events);
            if let Some(l) = limit {
                // wasmd `dispatchMsgWithGasLimit`: the parent pays at most the limit; running
                // out inside is an ordinary error of this sub-message.
                let used = self.pop_meter();
                self.consume(used.min(l))?;
                if let Err(e) = &result {
                    if e.is_out_of_gas() {
                        result = Err(ChainError::out_of_gas(l, used));
                    }
                }
            } else if let Err(e) = &result {
                if e.is_out_of_gas() {
                    self.with_state(State::discard);
                    return Err(e.clone());
                }
            }
            let reply_events = match &result {
                Ok(_) => {
                    self.with_state(State::merge);
                    let filtered: Vec<Event> = sub_events
                        .into_iter()
                        .filter(|e| e.ty != "message")
                        .collect();
                    events.extend(filtered.iter().cloned());
                    if is_wasm {
                        filtered
                            .into_iter()
                            .map(|mut e| {
                                e.attributes.sort_by(|a, b| a.key.cmp(&b.key));
                                e
                            })
                            .collect()
                    } else {
                        Vec::new()
                    }
                }
                Err(_) => {
                    self.with_state(State::discard);
                    Vec::new()
                }
            };
            if result.is_err() && matches!(reply_on, "success" | "never") {
                return result.map(|_| None);
            }
            if reply_on == "never" || (reply_on == "error" && result.is_ok()) {
                continue;
            }
            let reply_result = match &result {
                Ok(r) => json!({"ok": {
                    "events": reply_events,
                    "data": r.data.clone().map(Binary::from),
                    "msg_responses": r.msg_responses.iter().map(|(t, v)| json!({
                        "type_url": t, "value": Binary::from(v.clone())
                    })).collect::<Vec<_>>(),
                }}),
                Err(e) => json!({"error": e.redacted()}),
            };
            let reply = json!({
                "id": sub.id,
                "payload": sub.payload,
                "gas_used": 0,
                "result": reply_result,
            });
            let data = self
                .reply(contract, &reply, &result, &reply_events, events)
                .map_err(|e| e.wrap("reply"))?;
            if data.is_some() {
                rsp = data;
            }
        }
        Ok(rsp)
    }

    fn reply(
        &self,
        contract: &str,
        reply: &Value,
        result: &Result<MsgResult, ChainError>,
        reply_events: &[Event],
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        let (canon, _info, checksum, _pinned) = self.contract_instance_with(contract, false)?;
        let (err_len, data_len) = match result {
            Ok(r) => (0, r.data.as_ref().map_or(0, Vec::len)),
            Err(e) => (e.redacted().len(), 0),
        };
        let evs: Vec<(String, Vec<(String, String)>)> = reply_events
            .iter()
            .map(|e| {
                (
                    e.ty.clone(),
                    e.attributes
                        .iter()
                        .map(|a| (a.key.clone(), a.value.clone()))
                        .collect(),
                )
            })
            .collect();
        let g = gas::reply_costs(err_len, data_len, &evs);
        self.stats(|s| {
            s.setup += g;
            s.instances += 1;
        });
        self.consume(g)?;
        let env = self.env(contract, true);
        let msg = reply.to_string();
        let raw = self.run_vm(&checksum, &canon, |i| {
            call_reply_raw(i, &env, msg.as_bytes())
        })?;
        let resp = Self::parse_response(&raw)?.map_err(ChainError::execute_failed)?;
        events.push(Event::new("reply", &[("_contract_address", contract)]));
        self.handle_response(contract, resp, events)
            .map_err(|e| e.wrap("dispatch"))
    }

    /// Runs a message a contract emitted, with the contract as sender.
    fn dispatch_msg(
        &self,
        contract: &str,
        msg: &Value,
        events: &mut Vec<Event>,
    ) -> Result<MsgResult, ChainError> {
        let parsed: VmCosmosMsg = serde_json::from_value(msg.clone())
            .map_err(|_| ChainError::unknown_msg(format!("unsupported message {msg}")))?;
        match parsed {
            VmCosmosMsg::Bank(VmBankMsg::Send { to_address, amount }) => {
                self.transfer(contract, &to_address, &amount, events)?;
                Ok(MsgResult {
                    data: None,
                    msg_responses: vec![(
                        "/cosmos.bank.v1beta1.MsgSendResponse".into(),
                        Vec::new(),
                    )],
                })
            }
            VmCosmosMsg::Wasm(w) => self.dispatch_wasm(contract, w, events),
        }
    }

    fn dispatch_wasm(
        &self,
        contract: &str,
        msg: VmWasmMsg,
        events: &mut Vec<Event>,
    ) -> Result<MsgResult, ChainError> {
        events.push(Event::new(
            "message",
            &[("module", "wasm"), ("sender", contract)],
        ));
        let (type_url, body) = match msg {
            VmWasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            } => {
                let data = self.execute(contract, &contract_addr, &msg, &funds, events)?;
                (
                    "/cosmwasm.wasm.v1.MsgExecuteContractResponse",
                    proto::bytes_field(1, data.as_deref().unwrap_or_default()),
                )
            }
            VmWasmMsg::Instantiate {
                admin,
                code_id,
                msg,
                funds,
                label,
            } => {
                let (addr, data) = self.instantiate(
                    contract,
                    admin.as_deref(),
                    code_id,
                    &msg,
                    &funds,
                    &label,
                    None,
                    events,
                )?;
                let mut body = proto::bytes_field(1, addr.as_bytes());
                body.extend(proto::bytes_field(2, data.as_deref().unwrap_or_default()));
                ("/cosmwasm.wasm.v1.MsgInstantiateContractResponse", body)
            }
            VmWasmMsg::Instantiate2 {
                admin,
                code_id,
                label,
                msg,
                funds,
                salt,
            } => {
                let (addr, data) = self.instantiate(
                    contract,
                    admin.as_deref(),
                    code_id,
                    &msg,
                    &funds,
                    &label,
                    Some((&salt, false)),
                    events,
                )?;
                let mut body = proto::bytes_field(1, addr.as_bytes());
                body.extend(proto::bytes_field(2, data.as_deref().unwrap_or_default()));
                ("/cosmwasm.wasm.v1.MsgInstantiateContract2Response", body)
            }
            VmWasmMsg::Migrate {
                contract_addr,
                new_code_id,
                msg,
            } => {
                let data = self.migrate(contract, &contract_addr, new_code_id, &msg, events)?;
                (
                    "/cosmwasm.wasm.v1.MsgMigrateContractResponse",
                    proto::bytes_field(1, data.as_deref().unwrap_or_default()),
                )
            }
            VmWasmMsg::UpdateAdmin {
                contract_addr,
                admin,
            } => {
                self.set_admin(contract, &contract_addr, Some(&admin), events)?;
                ("/cosmwasm.wasm.v1.MsgUpdateAdminResponse", Vec::new())
            }
            VmWasmMsg::ClearAdmin { contract_addr } => {
                self.set_admin(contract, &contract_addr, None, events)?;
                ("/cosmwasm.wasm.v1.MsgClearAdminResponse", Vec::new())
            }
        };
        Ok(MsgResult {
            data: (!body.is_empty()).then(|| body.clone()),
            msg_responses: vec![(type_url.to_string(), body)],
        })
    }

    // ---- queries ----

    /// A contract's query of the chain, in a discarded sub-context with its own meter; returns
    /// the result and the SDK gas it used.
    pub(crate) fn sub_query(
        &self,
        request: &[u8],
        limit: u64,
    ) -> (SystemResult<ContractResult<Binary>>, u64) {
        self.with_state(State::push);
        self.push_meter(limit);
        let result = self.handle_query(request);
        let used = self.pop_meter();
        self.with_state(State::discard);
        let out = match result {
            Ok(b) => SystemResult::Ok(ContractResult::Ok(b)),
            Err(QueryError::System(v)) => serde_json::from_value(json!({ "error": v })).unwrap_or(
                SystemResult::Ok(ContractResult::Err("unknown system error".into())),
            ),
            Err(QueryError::Chain(e)) => SystemResult::Ok(ContractResult::Err(e.redacted())),
        };
        (out, used)
    }

    fn handle_query(&self, request: &[u8]) -> Result<Binary, QueryError> {
        let req: Value = serde_json::from_slice(request).map_err(|e| {
            QueryError::System(json!({"invalid_request": {
                "error": e.to_string(), "request": Binary::from(request.to_vec())}}))
        })?;
        let unsupported =
            |kind: &str| QueryError::System(json!({"unsupported_request": {"kind": kind}}));
        if let Some(b) = req.get("bank") {
            if let Some(q) = b.get("balance") {
                let addr = q
                    .get("address")
                    .unwrap_or(&Value::Null)
                    .as_str()
                    .unwrap_or_default();
                let denom = q
                    .get("denom")
                    .unwrap_or(&Value::Null)
                    .as_str()
                    .unwrap_or_default();
                let canon = self.canonical(addr)?;
                let amount = self.metered_balance(&canon, denom)?;
                return Ok(Binary::from(
                    json!({"amount": {"denom": denom, "amount": amount.to_string()}})
                        .to_string()
                        .into_bytes(),
                ));
            }
            return Err(unsupported("bank"));
        }
        let Some(w) = req.get("wasm") else {
            return Err(unsupported("non-wasm"));
        };
        let no_such = |addr: &str| QueryError::System(json!({"no_such_contract": {"addr": addr}}));
        if let Some(q) = w.get("smart") {
            let addr = q
                .get("contract_addr")
                .unwrap_or(&Value::Null)
                .as_str()
                .unwrap_or_default()
                .to_string();
            let msg: Binary = serde_json::from_value(q.get("msg").unwrap_or(&Value::Null).clone())
                .map_err(|e| ChainError::invalid_request(e.to_string()))?;
            if self.contract_info(&addr).is_err() {
                return Err(no_such(&addr));
            }
            return Ok(self.query_smart_inner(&addr, &msg)?);
        }
        if let Some(q) = w.get("raw") {
            let addr = q
                .get("contract_addr")
                .unwrap_or(&Value::Null)
                .as_str()
                .unwrap_or_default()
                .to_string();
            let key: Binary = serde_json::from_value(q.get("key").unwrap_or(&Value::Null).clone())
                .map_err(|e| ChainError::invalid_request(e.to_string()))?;
            let canon = self.canonical(&addr)?;
            let mut full = vec![CONTRACT_STORE];
            full.extend_from_slice(&canon);
            full.extend_from_slice(&key);
            let v = self.raw_get(&full);
            self.module_read(full.len(), v.as_ref().map_or(0, Vec::len))?;
            return Ok(Binary::from(v.unwrap_or_default()));
        }
        if let Some(q) = w.get("contract_info") {
            let addr = q
                .get("contract_addr")
                .unwrap_or(&Value::Null)
                .as_str()
                .unwrap_or_default()
                .to_string();
            let Ok(info) = self.contract_info(&addr) else {
                return Err(no_such(&addr));
            };
            let canon = self.canonical(&addr)?;
            self.module_read(
                33,
                proto::contract_info_len(&info, &addr, &self.core.config.bech32_prefix),
            )?;
            let mut pk = vec![PINNED_KEY];
            pk.extend_from_slice(&info.code_id.to_be_bytes());
            let pinned = self.raw_get(&pk).is_some();
            let _ = canon;
            return Ok(Binary::from(
                json!({"code_id": info.code_id, "creator": info.creator, "admin": info.admin,
                       "pinned": pinned, "ibc_port": null, "ibc2_port": null})
                .to_string()
                .into_bytes(),
            ));
        }
        if let Some(q) = w.get("code_info") {
            let id = q
                .get("code_id")
                .unwrap_or(&Value::Null)
                .as_u64()
                .unwrap_or_default();
            let Ok(info) = self.metered_code_info(id) else {
                return Err(QueryError::System(json!({"no_such_code": {"code_id": id}})));
            };
            return Ok(Binary::from(
                json!({"code_id": id, "creator": info.creator, "checksum": info.checksum})
                    .to_string()
                    .into_bytes(),
            ));
        }
        Err(unsupported("wasm"))
    }

    /// wasmd `QuerySmart`: contract instance reads, setup, the VM query.
    fn query_smart_inner(&self, contract: &str, msg: &[u8]) -> Result<Binary, ChainError> {
        let depth = {
            let mut tx = self.core.tx.borrow_mut();
            tx.query_depth += 1;
            tx.query_depth
        };
        let result = (|| {
            if depth > gas::MAX_QUERY_STACK_SIZE {
                return Err(ChainError::query_stack());
            }
            let (canon, _info, checksum, pinned) = self.contract_instance(contract)?;
            self.charge_setup(&checksum, pinned, msg.len())?;
            let env = self.env(contract, false);
            let raw = self.run_vm(&checksum, &canon, |i| call_query_raw(i, &env, msg))?;
            let r: ContractResult<Binary> = serde_json::from_slice(&raw)
                .map_err(|e| ChainError::vm(format!("invalid query response: {e}")))?;
            match r {
                ContractResult::Ok(b) => Ok(b),
                ContractResult::Err(e) => Err(ChainError::query_failed(e)),
            }
        })();
        self.core.tx.borrow_mut().query_depth -= 1;
        result
    }

    /// A client's smart query (wasmd's gRPC `SmartContractState`, 3,000,000 gas): the raw JSON
    /// the contract answered.
    pub fn query(&self, contract: &str, msg: &[u8]) -> Result<Binary, ChainError> {
        self.query_with_gas(contract, msg).0
    }

    /// [`Chain::query`] and the SDK gas it used (setup, reads, VM), for gas reports.
    pub fn query_with_gas(
        &self,
        contract: &str,
        msg: &[u8],
    ) -> (Result<Binary, ChainError>, GasDetail) {
        *self.core.stats.borrow_mut() = GasDetail::default();
        let r = self.query_inner(contract, msg);
        let mut d = self.core.stats.borrow().clone();
        d.tx = 0;
        (r, d)
    }

    fn query_inner(&self, contract: &str, msg: &[u8]) -> Result<Binary, ChainError> {
        let (h, t) = self.block();
        {
            let mut tx = self.core.tx.borrow_mut();
            tx.height = h;
            tx.time_nanos = t;
            tx.loaded.clear();
        }
        self.with_state(State::push);
        self.push_meter(gas::SMART_QUERY_GAS_LIMIT);
        let r = self.query_smart_inner(contract, msg);
        self.pop_meter();
        self.with_state(State::discard);
        r
    }

    /// A client's raw query of a contract's storage.
    pub fn query_raw(&self, contract: &str, key: &[u8]) -> Result<Option<Vec<u8>>, ChainError> {
        let canon = self.canonical(contract)?;
        let mut full = vec![CONTRACT_STORE];
        full.extend_from_slice(&canon);
        full.extend_from_slice(key);
        Ok(self.raw_get(&full))
    }

    /// Every key and value of a contract's storage (to prove a refused message changed nothing).
    pub fn dump_contract(&self, contract: &str) -> Result<Vec<KvPair>, ChainError> {
        let canon = self.canonical(contract)?;
        let mut start = vec![CONTRACT_STORE];
        start.extend_from_slice(&canon);
        let end = crate::state::prefix_end(&start);
        let mut out = Vec::new();
        let mut last: Option<Vec<u8>> = None;
        while let Some((k, v)) = self.next_entry(&start, &end, last.as_deref(), true) {
            out.push((k.get(start.len()..).unwrap_or_default().to_vec(), v));
            last = Some(k);
        }
        Ok(out)
    }

    // ---- transactions ----

    /// The size of the signed transaction carrying `msg` (its protobuf encoding, exact for the
    /// message, plus [`gas::TX_ENVELOPE_BYTES`]).
    pub fn tx_size(sender: &str, msg: &Msg) -> u64 {
        gas::TX_ENVELOPE_BYTES + proto::msg_len(sender, msg) as u64
    }

    /// Signs (notionally) and delivers one transaction with one message in a new block; every
    /// change is committed atomically, or nothing when it fails.
    pub fn broadcast(&self, sender: &str, msg: Msg, gas_limit: u64) -> TxResponse {
        let count = self.tx_count();
        let mut hasher = Sha256::new();
        hasher.update(self.core.config.chain_id.as_bytes());
        hasher.update(count.to_be_bytes());
        hasher.update(sender.as_bytes());
        hasher.update(format!("{msg:?}").as_bytes());
        let hash = hasher.finalize().to_vec();
        // Ante handler: tx bytes and one secp256k1 signature.
        let ante_gas = gas::TX_SIZE_COST_PER_BYTE * Self::tx_size(sender, &msg)
            + gas::SIG_VERIFY_COST_SECP256K1;
        let req = TxRequest {
            msgs: vec![(sender.to_string(), msg)],
            gas_limit,
            hash,
            msg_index: false,
        };
        self.run_tx(&req, TxMode::Deliver, |ante| {
            ante.consume(ante_gas)?;
            Ok(Vec::new())
        })
        .response
    }

    fn tx_count(&self) -> u64 {
        self.raw_get(&[META_KEY, b't'])
            .and_then(|b| <[u8; 8]>::try_from(b.as_slice()).ok())
            .map_or(0, u64::from_be_bytes)
    }

    /// Runs a transaction the way baseapp does: the ante handler (`ante`: signatures, fees,
    /// sequences, which the caller implements on [`Ante`]), then the messages in order.
    ///
    /// - [`TxMode::Check`] (CheckTx) runs only the ante handler and discards its changes;
    /// - [`TxMode::Simulate`] runs everything and discards it;
    /// - [`TxMode::Deliver`] makes a new block: when a message fails, the ante handler's
    ///   changes (fee, sequence) are kept and the messages' are dropped; when the ante handler
    ///   fails, nothing is kept (the block is still made).
    pub fn run_tx(
        &self,
        req: &TxRequest,
        mode: TxMode,
        ante: impl FnOnce(&Ante) -> Result<Vec<Event>, ChainError>,
    ) -> TxOutcome {
        let (h, t) = self.block();
        let height = h + 1;
        let time = t + self.core.config.block_time * 1_000_000_000;
        let count = self.tx_count();
        *self.core.tx.borrow_mut() = TxCtx {
            height,
            time_nanos: time,
            tx_index: 0,
            hash: req.hash.clone(),
            ..TxCtx::default()
        };
        *self.core.stats.borrow_mut() = GasDetail::default();
        let base_depth = self.core.state.borrow().depth();
        self.with_state(State::push);
        self.push_meter(req.gas_limit);
        let ante_result = ante(&Ante { chain: self });
        let ante_gas = self.core.meters.borrow().last().map_or(0, |m| m.used);
        let mut msg_data = Vec::new();
        let mut events = Vec::new();
        let mut ante_ok = false;
        let result = match ante_result {
            Err(e) => Err(e),
            Ok(ante_events) if mode == TxMode::Check => {
                events = ante_events;
                ante_ok = true;
                Ok(None)
            }
            Ok(ante_events) => {
                ante_ok = true;
                events = ante_events;
                self.with_state(State::push);
                let mut all = Vec::new();
                let mut res = Ok(None);
                for (i, (sender, msg)) in req.msgs.iter().enumerate() {
                    let mut ev = Vec::new();
                    match self.deliver(sender, msg, &mut ev) {
                        Ok(data) => {
                            if req.msg_index {
                                for e in &mut ev {
                                    e.attributes.push(crate::types::Attribute {
                                        key: "msg_index".to_string(),
                                        value: i.to_string(),
                                    });
                                }
                            }
                            all.extend(ev);
                            res = Ok(data.clone());
                            msg_data.push(data);
                        }
                        Err(e) => {
                            res = Err(e.wrap_index(i));
                            break;
                        }
                    }
                }
                match res {
                    Ok(d) => {
                        self.with_state(State::merge);
                        events.extend(all);
                        Ok(d)
                    }
                    Err(e) => {
                        self.with_state(State::discard);
                        msg_data.clear();
                        Err(e)
                    }
                }
            }
        };
        let used = self.pop_meter();
        let result = if mode == TxMode::Deliver {
            if !ante_ok {
                while self.core.state.borrow().depth() > base_depth {
                    self.with_state(State::discard);
                }
                // A failed transaction is still in a block.
                self.with_state(State::push);
            }
            self.save_block(height, time);
            self.raw_set(&[META_KEY, b't'], &(count + 1).to_be_bytes());
            match self.with_state(State::commit) {
                Ok(()) => result,
                Err(db) => Err(db),
            }
        } else {
            while self.core.state.borrow().depth() > base_depth {
                self.with_state(State::discard);
            }
            result
        };
        let gas_detail = self.core.stats.borrow().clone();
        let (code, codespace, raw_log, data) = match result {
            Ok(data) => (0, String::new(), String::new(), data),
            Err(e) => {
                let log = if e.is_out_of_gas() {
                    ChainError::out_of_gas(req.gas_limit, used).log
                } else {
                    e.log.clone()
                };
                (e.code, e.codespace.to_string(), log, None)
            }
        };
        if code != 0 && !(ante_ok && mode == TxMode::Deliver) {
            events.clear();
        }
        TxOutcome {
            response: TxResponse {
                height: if mode == TxMode::Deliver { height } else { 0 },
                txhash: hex::encode_upper(&req.hash),
                codespace,
                code,
                data: data.map(Binary::from),
                raw_log,
                gas_wanted: req.gas_limit,
                gas_used: used,
                events,
                timestamp: rfc3339(time / 1_000_000_000),
                gas_detail,
            },
            msg_data: msg_data.into_iter().map(|d| d.map(Binary::from)).collect(),
            ante_ok,
            ante_gas,
        }
    }

    fn deliver(
        &self,
        sender: &str,
        msg: &Msg,
        events: &mut Vec<Event>,
    ) -> Result<Option<Vec<u8>>, ChainError> {
        self.canonical(sender)?;
        let mut msg_events = vec![Event::new(
            "message",
            &[
                ("action", msg.type_url()),
                ("sender", sender),
                ("module", module_of(msg)),
            ],
        )];
        let data = match msg {
            Msg::StoreCode { wasm } => {
                let id = self.store_code(sender, wasm, &mut msg_events)?;
                Some(proto::varint_field(1, id))
            }
            Msg::Instantiate {
                code_id,
                msg,
                funds,
                label,
                admin,
            } => {
                let (_, data) = self.instantiate(
                    sender,
                    admin.as_deref(),
                    *code_id,
                    msg,
                    funds,
                    label,
                    None,
                    &mut msg_events,
                )?;
                data
            }
            Msg::Instantiate2 {
                code_id,
                msg,
                funds,
                label,
                admin,
                salt,
                fix_msg,
            } => {
                let (_, data) = self.instantiate(
                    sender,
                    admin.as_deref(),
                    *code_id,
                    msg,
                    funds,
                    label,
                    Some((salt, *fix_msg)),
                    &mut msg_events,
                )?;
                data
            }
            Msg::Execute {
                contract,
                msg,
                funds,
            } => self.execute(sender, contract, msg, funds, &mut msg_events)?,
            Msg::Migrate {
                contract,
                code_id,
                msg,
            } => self.migrate(sender, contract, *code_id, msg, &mut msg_events)?,
            Msg::UpdateAdmin {
                contract,
                new_admin,
            } => {
                self.set_admin(sender, contract, Some(new_admin), &mut msg_events)?;
                None
            }
            Msg::ClearAdmin { contract } => {
                self.set_admin(sender, contract, None, &mut msg_events)?;
                None
            }
            Msg::Send { to, amount } => {
                self.transfer(sender, to, amount, &mut msg_events)?;
                None
            }
        };
        events.extend(msg_events);
        Ok(data)
    }

    /// Stores every `*.wasm` named in `names` from `dir`; returns their code ids in order.
    pub fn store_files(
        &self,
        sender: &str,
        paths: &[&Path],
        gas_limit: u64,
    ) -> Result<Vec<u64>, ChainError> {
        let mut ids = Vec::new();
        for p in paths {
            let wasm = std::fs::read(p)
                .map_err(|e| ChainError::internal(format!("{}: {e}", p.display())))?;
            let res = self.broadcast(sender, Msg::StoreCode { wasm }, gas_limit);
            match res.code_id() {
                Some(id) if res.is_ok() => ids.push(id),
                _ => {
                    return Err(ChainError::internal(format!(
                        "{}: {}",
                        p.display(),
                        res.raw_log
                    )))
                }
            }
        }
        Ok(ids)
    }

    /// All codes (id → info), for listings.
    pub fn codes(&self) -> HashMap<u64, CodeInfo> {
        let mut out = HashMap::new();
        let start = [CODE_KEY];
        let end = [CODE_KEY + 1];
        let mut last: Option<Vec<u8>> = None;
        while let Some((k, v)) = self.next_entry(&start, &end, last.as_deref(), true) {
            if let (Some(id), Ok(info)) = (
                k.get(1..9).and_then(|b| <[u8; 8]>::try_from(b).ok()),
                serde_json::from_slice::<CodeInfo>(&v),
            ) {
                out.insert(u64::from_be_bytes(id), info);
            }
            last = Some(k);
        }
        out
    }
}

/// How [`Chain::run_tx`] runs a transaction (CometBFT's CheckTx, the SDK's simulation,
/// FinalizeBlock).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TxMode {
    /// The ante handler only; nothing is kept.
    Check,
    /// Ante handler and messages; nothing is kept.
    Simulate,
    /// A new block with the transaction.
    Deliver,
}

/// A decoded transaction for [`Chain::run_tx`].
#[derive(Debug, Clone)]
pub struct TxRequest {
    /// The messages and each one's signer, in order.
    pub msgs: Vec<(String, Msg)>,
    /// The gas limit (ante handler and messages).
    pub gas_limit: u64,
    /// The transaction hash (sha256 of its bytes), seen by contracts in `env.transaction`.
    pub hash: Vec<u8>,
    /// Whether each message's events get a `msg_index` attribute (Cosmos SDK 0.50+).
    pub msg_index: bool,
}

/// What [`Chain::run_tx`] returns.
#[derive(Debug, Clone)]
pub struct TxOutcome {
    /// The result (height 0 unless delivered).
    pub response: TxResponse,
    /// Each message's result data (wasmd's `data` of the message), on success.
    pub msg_data: Vec<Option<Binary>>,
    /// Whether the ante handler passed (a CheckTx that fails it rejects the transaction).
    pub ante_ok: bool,
    /// Gas the ante handler used (signatures, tx bytes, fee and account reads and writes).
    pub ante_gas: u64,
}

/// What the ante handler may do inside [`Chain::run_tx`]: charge gas, read and write
/// accounts, deduct the fee. Every change is part of the transaction.
pub struct Ante<'a> {
    chain: &'a Chain,
}

impl Ante<'_> {
    /// Charges ante gas (tx bytes, signatures) to the transaction.
    pub fn consume(&self, amount: u64) -> Result<(), ChainError> {
        self.chain.stats(|s| s.tx += amount);
        self.chain.consume(amount)
    }

    /// The chain's configuration (chain id, prefix).
    pub fn config(&self) -> &ChainConfig {
        self.chain.config()
    }

    /// An account (a metered x/auth read).
    pub fn account(&self, addr: &str) -> Result<Option<Account>, ChainError> {
        let canon = self.chain.canonical(addr)?;
        let acc = self.chain.read_account(&canon)?;
        let len = proto::base_account_len(addr.len())
            + acc
                .as_ref()
                .and_then(|a| a.pub_key.as_ref())
                .map_or(0, |k| k.len() + 40);
        let g = gas::read_cost(1 + canon.len(), len);
        self.consume(g)?;
        Ok(acc)
    }

    /// Saves an account (a metered x/auth write).
    pub fn set_account(&self, acc: &Account) -> Result<(), ChainError> {
        let canon = self.chain.canonical(&acc.address)?;
        let len = proto::base_account_len(acc.address.len())
            + acc.pub_key.as_ref().map_or(0, |k| k.len() + 40);
        self.consume(gas::write_cost(1 + canon.len(), len))?;
        self.chain.write_account(&canon, acc)
    }

    /// x/auth `DeductFees`: moves the fee from the payer to the fee collector module account;
    /// returns the bank events.
    pub fn deduct_fee(&self, payer: &str, fee: &[Coin]) -> Result<Vec<Event>, ChainError> {
        let mut events = Vec::new();
        let collector = self.chain.human(&fee_collector())?;
        self.chain
            .transfer(payer, &collector, fee, &mut events)
            .map_err(|e| match e.code {
                // `errorsmod.Wrap(sdkerrors.ErrInsufficientFunds, err.Error())`.
                5 if e.codespace == "sdk" => ChainError::insufficient_funds(e.log),
                _ => e,
            })?;
        Ok(events)
    }
}

/// The fee collector module account (`authtypes.NewModuleAddress("fee_collector")`).
pub fn fee_collector() -> Vec<u8> {
    Sha256::digest(b"fee_collector")
        .get(..20)
        .unwrap_or_default()
        .to_vec()
}

enum QueryError {
    System(Value),
    Chain(ChainError),
}

impl From<ChainError> for QueryError {
    fn from(e: ChainError) -> Self {
        QueryError::Chain(e)
    }
}

fn module_of(msg: &Msg) -> &'static str {
    match msg {
        Msg::Send { .. } => "bank",
        _ => "wasm",
    }
}

fn checksum_of(info: &CodeInfo) -> Result<Checksum, ChainError> {
    Checksum::from_hex(&info.checksum).map_err(|e| ChainError::internal(e.to_string()))
}
