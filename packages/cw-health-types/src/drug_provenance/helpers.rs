use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

#[cfg(doc)]
use super::msg::QueryMsg;
use super::msg::{VerifyUnitRequest, VerifyUnitResponse};
use crate::ask::Ask;

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
        crate::ask::smart(querier, &self.0, &Ask("verify_unit", &request))
    }
}

#[cfg(test)]
mod tests {
    use cosmwasm_std::to_json_vec;

    use super::*;
    use crate::drug_provenance::QueryMsg;
    use crate::ehr_registry::helpers::tests::sent;

    #[test]
    fn verify_unit_sends_the_query_messages_json_byte_for_byte() {
        let request = VerifyUnitRequest {
            gtin: "00312345678906".into(),
            serial: "S1".into(),
            lot: Some("L1".into()),
            expiry: None,
            proof: None,
        };
        let drug = DrugProvenanceContract(Addr::unchecked("drug"));
        let r = request.clone();
        let bytes = sent(|q| drug.verify_unit(q, r));
        let want = to_json_vec(&QueryMsg::VerifyUnit(request)).unwrap_or_default();
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            String::from_utf8_lossy(&want)
        );
    }
}
