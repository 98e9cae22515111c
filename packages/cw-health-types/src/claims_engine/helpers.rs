use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

use super::msg::{Claim, ClaimsConfigResponse, QueryMsg, Remittance};

/// A typed handle to a contract of this kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimsEngineContract(pub Addr);

impl ClaimsEngineContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The contract's configuration.
    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<ClaimsConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    /// A claim with its adjudication.
    pub fn claim(&self, querier: &QuerierWrapper, claim_id: u64) -> StdResult<Claim> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Claim { claim_id })
    }

    /// A claim's remittance.
    pub fn remittance(&self, querier: &QuerierWrapper, claim_id: u64) -> StdResult<Remittance> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Remittance { claim_id })
    }
}
