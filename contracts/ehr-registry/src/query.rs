use cosmwasm_std::{Deps, Env, StdResult};
use cw_health_types::ehr_registry::{
    AccessDecision, AccessRequest, ConfigResponse, DecisionReason, PartyInfo,
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

/// Decides an access request. No patient is registered yet in this version, so every request
/// is denied with `patient_not_registered` after its addresses are validated.
pub fn check_access(deps: Deps, _env: Env, request: AccessRequest) -> StdResult<AccessDecision> {
    deps.api.addr_validate(&request.patient)?;
    deps.api.addr_validate(&request.actor)?;
    Ok(AccessDecision {
        allowed: false,
        basis: None,
        reason: DecisionReason::PatientNotRegistered,
        redisclosure_notice_required: false,
    })
}

/// A credentialed party; none can be registered yet in this version.
pub fn party(deps: Deps, address: String) -> StdResult<Option<PartyInfo>> {
    deps.api.addr_validate(&address)?;
    Ok(None)
}
