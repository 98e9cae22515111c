//! The VM's view of the chain: a contract's prefixed, gas-metered storage, and the querier that
//! answers bank and wasm queries (running other contracts in a sub-context).

use cosmwasm_std::{Binary, ContractResult, Order, Record, SystemResult};
use cosmwasm_vm::{BackendError, BackendResult, GasInfo, Querier, Storage};

use crate::chain::Chain;
use crate::gas;
use crate::state::prefix_end;

struct Iter {
    start: Vec<u8>,
    end: Vec<u8>,
    ascending: bool,
    last: Option<Vec<u8>>,
}

/// A contract's storage: keys under wasmd's `0x03 ‖ address` prefix, every access charged in SDK
/// gas to the transaction's meter and reported to the VM as externally used gas.
pub struct ContractStore {
    chain: Chain,
    prefix: Vec<u8>,
    iters: Vec<Iter>,
}

impl ContractStore {
    pub(crate) fn new(chain: Chain, prefix: Vec<u8>) -> Self {
        ContractStore {
            chain,
            prefix,
            iters: Vec::new(),
        }
    }

    /// With `LOCAL_CHAIN_KV_TRACE` set, prints every metered storage operation (a debugging
    /// aid for gas work): the operation, the key without wasmd's prefix, value bytes and gas.
    fn trace(&self, op: &str, key: &[u8], value_len: usize, gas: u64) {
        if std::env::var_os("LOCAL_CHAIN_KV_TRACE").is_some() {
            let key = key.get(self.prefix.len()..).unwrap_or(key);
            eprintln!(
                "  kv {op:<6} {:>6} gas  value {value_len:>5}  key {}",
                gas,
                key.escape_ascii()
            );
        }
    }

    fn full(&self, key: &[u8]) -> Vec<u8> {
        let mut k = self.prefix.clone();
        k.extend_from_slice(key);
        k
    }

    fn charge(&self, sdk_gas: u64) -> (Result<(), BackendError>, GasInfo) {
        let info = GasInfo::with_externally_used(sdk_gas.saturating_mul(gas::GAS_MULTIPLIER));
        self.chain.stats(|s| s.storage += sdk_gas);
        match self.chain.consume(sdk_gas) {
            Ok(()) => (Ok(()), info),
            Err(_) => (Err(BackendError::out_of_gas()), info),
        }
    }
}

impl Storage for ContractStore {
    fn get(&self, key: &[u8]) -> BackendResult<Option<Vec<u8>>> {
        let full = self.full(key);
        let value = self.chain.raw_get(&full);
        let cost = gas::read_cost(full.len(), value.as_ref().map_or(0, Vec::len));
        self.chain.stats(|s| s.reads += 1);
        self.trace("get", &full, value.as_ref().map_or(0, Vec::len), cost);
        let (r, info) = self.charge(cost);
        (r.map(|()| value), info)
    }

    fn scan(
        &mut self,
        start: Option<&[u8]>,
        end: Option<&[u8]>,
        order: Order,
    ) -> BackendResult<u32> {
        let start = start.map_or_else(|| self.prefix.clone(), |s| self.full(s));
        let end = end.map_or_else(|| prefix_end(&self.prefix), |e| self.full(e));
        let ascending = matches!(order, Order::Ascending);
        // Iterator creation: 30, plus the first item's bytes (SDK gaskv consumeSeekGas).
        let first = self.chain.next_entry(&start, &end, None, ascending);
        let cost = first
            .as_ref()
            .map_or(gas::KV_ITER_NEXT_COST_FLAT, |(k, v)| {
                gas::iter_item_cost(k.len(), v.len())
            });
        self.trace("scan", &start, 0, cost);
        self.iters.push(Iter {
            start,
            end,
            ascending,
            last: None,
        });
        let id = self.iters.len() as u32;
        let (r, info) = self.charge(cost);
        (r.map(|()| id), info)
    }

    fn next(&mut self, iterator_id: u32) -> BackendResult<Option<Record>> {
        let Some(it) = (iterator_id as usize)
            .checked_sub(1)
            .and_then(|i| self.iters.get_mut(i))
        else {
            return (
                Err(BackendError::iterator_does_not_exist(iterator_id)),
                GasInfo::free(),
            );
        };
        let entry = self
            .chain
            .next_entry(&it.start, &it.end, it.last.as_deref(), it.ascending);
        let Some((k, v)) = entry else {
            return (Ok(None), GasInfo::free());
        };
        it.last = Some(k.clone());
        let cost = gas::iter_item_cost(k.len(), v.len());
        let key = k
            .get(self.prefix.len()..)
            .map(<[u8]>::to_vec)
            .unwrap_or_default();
        self.chain.stats(|s| s.reads += 1);
        self.trace("next", &k, v.len(), cost);
        let (r, info) = self.charge(cost);
        (r.map(|()| Some((key, v))), info)
    }

    fn set(&mut self, key: &[u8], value: &[u8]) -> BackendResult<()> {
        let full = self.full(key);
        let cost = gas::write_cost(full.len(), value.len());
        self.chain.stats(|s| {
            s.writes += 1;
            s.bytes_written += (full.len() + value.len()) as u64;
        });
        self.trace("set", &full, value.len(), cost);
        let (r, info) = self.charge(cost);
        if r.is_ok() {
            self.chain.raw_set(&full, value);
        }
        (r, info)
    }

    fn remove(&mut self, key: &[u8]) -> BackendResult<()> {
        let full = self.full(key);
        self.chain.stats(|s| s.deletes += 1);
        self.trace("remove", &full, 0, gas::KV_DELETE_COST);
        let (r, info) = self.charge(gas::KV_DELETE_COST);
        if r.is_ok() {
            self.chain.raw_remove(&full);
        }
        (r, info)
    }
}

/// Answers a contract's queries: bank balances, other contracts (smart, raw, contract info,
/// code info). A smart query runs the other contract in a sub-context whose whole gas is charged
/// to the caller (wasmd `QueryHandler.Query`).
pub struct ChainQuerier {
    chain: Chain,
}

impl ChainQuerier {
    pub(crate) fn new(chain: Chain) -> Self {
        ChainQuerier { chain }
    }
}

impl Querier for ChainQuerier {
    fn query_raw(
        &self,
        request: &[u8],
        gas_limit: u64,
    ) -> BackendResult<SystemResult<ContractResult<Binary>>> {
        let (result, used) = self
            .chain
            .sub_query(request, gas_limit / gas::GAS_MULTIPLIER);
        let info = GasInfo::with_externally_used(used.saturating_mul(gas::GAS_MULTIPLIER));
        if self.chain.consume(used).is_err() {
            return (Err(BackendError::out_of_gas()), info);
        }
        (Ok(result), info)
    }
}
