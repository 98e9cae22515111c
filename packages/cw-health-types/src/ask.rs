//! One variant of another contract's query message, written on its own.
//!
//! A typed handle asks one or two of a contract's queries; serializing the whole `QueryMsg` enum
//! puts the serializer of every variant into the asking contract (issue 20: ehr-registry's is
//! about 4.9 KB, drug-provenance's 2.6 KB, in every artifact that asks either). [`Ask`] writes
//! `{"<variant>": <body>}`, the JSON serde writes for that variant, with one small serializer
//! per body type. The handles' tests check each form byte for byte against the enum's.

use cosmwasm_std::{
    to_json_binary, to_json_vec, Addr, Binary, ContractResult, Empty, QuerierWrapper, QueryRequest,
    StdError, StdResult, SystemResult, WasmQuery,
};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::__de::FromJson;

/// `querier.query_wasm_smart(contract, msg)`, its answer read through the JSON tree of the
/// generated `Deserialize` (issue 20: `query_wasm_smart` and serde_json's reader entry were
/// instantiated again for every answer type); the same request and the same errors.
pub(crate) fn smart<T: FromJson>(
    querier: &QuerierWrapper,
    contract: &Addr,
    msg: &impl Serialize,
) -> StdResult<T> {
    let answer = smart_raw(querier, contract, to_json_binary(msg)?)?;
    crate::store::read_json(&answer)
}

/// The answer's bytes, with `QuerierWrapper::query`'s errors.
#[inline(never)]
fn smart_raw(querier: &QuerierWrapper, contract: &Addr, msg: Binary) -> StdResult<Binary> {
    let request: QueryRequest<Empty> = WasmQuery::Smart {
        contract_addr: contract.to_string(),
        msg,
    }
    .into();
    match querier.raw_query(&to_json_vec(&request)?) {
        SystemResult::Err(system_err) => Err(StdError::msg(format_args!(
            "Querier system error: {system_err}"
        ))),
        SystemResult::Ok(ContractResult::Err(contract_err)) => Err(StdError::msg(format_args!(
            "Querier contract error: {contract_err}"
        ))),
        SystemResult::Ok(ContractResult::Ok(value)) => Ok(value),
    }
}

/// The JSON object with one entry, `{"<key>": <value>}`: a newtype variant (`Ask("check_access",
/// &request)`) or, nested, a struct variant of one field
/// (`Ask("grant", &Ask("grant_id", &7))`).
pub(crate) struct Ask<'a, T: ?Sized>(pub &'static str, pub &'a T);

impl<T: Serialize + ?Sized> Serialize for Ask<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.0, self.1)?;
        map.end()
    }
}

/// The JSON object with the given entries in order, every value of one type: a struct variant's
/// fields (`{"patient": "...", "delegate": "..."}`).
pub(crate) struct Fields<'a, T: ?Sized, const N: usize>(pub [(&'static str, &'a T); N]);

impl<T: Serialize + ?Sized, const N: usize> Serialize for Fields<'_, T, N> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(N))?;
        for (key, value) in &self.0 {
            map.serialize_entry(*key, *value)?;
        }
        map.end()
    }
}
