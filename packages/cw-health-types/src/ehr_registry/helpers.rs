use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

use super::msg::{AccessDecision, AccessRequest, GrantInfo, PartyInfo, QueryMsg, RecordInfo};

/// A typed handle to an ehr-registry contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EhrRegistryContract(pub Addr);

impl EhrRegistryContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Asks whether an actor may access a patient's records (see [`QueryMsg::CheckAccess`]).
    pub fn check_access(
        &self,
        querier: &QuerierWrapper,
        request: AccessRequest,
    ) -> StdResult<AccessDecision> {
        querier.query_wasm_smart(&self.0, &QueryMsg::CheckAccess(request))
    }

    /// A credentialed party, if registered.
    pub fn party(&self, querier: &QuerierWrapper, address: &Addr) -> StdResult<Option<PartyInfo>> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Party {
                address: address.to_string(),
            },
        )
    }

    /// One consent grant with its state at this block (see [`QueryMsg::Grant`]).
    pub fn grant(&self, querier: &QuerierWrapper, grant_id: u64) -> StdResult<GrantInfo> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Grant { grant_id })
    }

    /// A record pointer (its resource type, labels and self-pay flag).
    pub fn record(&self, querier: &QuerierWrapper, record_id: u64) -> StdResult<RecordInfo> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Record { record_id })
    }
}
