use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

use super::msg::{ConfigResponse, QueryMsg};

/// A typed handle to a contract of this kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimsEngineContract(pub Addr);

impl ClaimsEngineContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The contract's configuration.
    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }
}
