use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

use super::msg::{QueryMsg, VerifyUnitRequest, VerifyUnitResponse};

/// A typed handle to a drug-provenance contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DrugProvenanceContract(pub Addr);

impl DrugProvenanceContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// Verifies a pack (see [`QueryMsg::VerifyUnit`]).
    pub fn verify_unit(
        &self,
        querier: &QuerierWrapper,
        request: VerifyUnitRequest,
    ) -> StdResult<VerifyUnitResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::VerifyUnit(request))
    }
}
