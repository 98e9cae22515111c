use cosmwasm_std::{Deps, Env, StdResult};
use cw_health_types::drug_provenance::{
    AlertCode, ConfigResponse, UnitStatus, VerifyUnitRequest, VerifyUnitResponse,
};
use cw_health_types::ownership::{self, Ownership};

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    Ok(ConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// Verifies a pack. No unit can be commissioned yet in this version, so every serial is unknown.
pub fn verify_unit(
    _deps: Deps,
    _env: Env,
    request: VerifyUnitRequest,
) -> StdResult<VerifyUnitResponse> {
    Ok(VerifyUnitResponse {
        gtin: request.gtin,
        serial: request.serial,
        status: UnitStatus::Unknown,
        alerts: vec![AlertCode::UnknownSerial],
        lot: None,
        expiry: None,
        owner: None,
        dispensed_by: None,
        dispensed_at: None,
        recall_class: None,
    })
}
