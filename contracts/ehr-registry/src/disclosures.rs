//! Accountable disclosures: `record_access`.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response};
use cw_health_types::ehr_registry::{AccessBasis, DisclosureInfo};
use cw_health_types::{AccessAction, PurposeOfUse};

use crate::access::decide;
use crate::error::ContractError;
use crate::state::{next_id, DISCLOSURES, DISCLOSURES_BY_PATIENT, GATEWAYS, NEXT_DISCLOSURE_ID};

/// The actor itself or a trusted gateway: records a disclosure that `check_access` allows now.
pub fn record_access(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    patient: String,
    record_id: u64,
    actor: String,
    action: AccessAction,
    purpose: PurposeOfUse,
) -> Result<Response, ContractError> {
    let actor = deps.api.addr_validate(&actor)?;
    if info.sender != actor && !GATEWAYS.has(deps.storage, &info.sender) {
        return Err(ContractError::Unauthorized {
            role: "the actor or a trusted gateway",
        });
    }
    let patient = deps.api.addr_validate(&patient)?;
    let now = env.block.time;
    let decided = decide(
        deps.storage,
        now,
        &patient,
        &actor,
        action,
        purpose,
        None,
        Some(record_id),
        None,
    )?;
    let (Some(record), Some(basis), true) = (
        decided.record,
        decided.decision.basis.clone(),
        decided.decision.allowed,
    ) else {
        return Err(ContractError::AccessDenied {
            reason: decided.decision.reason,
        });
    };
    let id = next_id(deps.storage, &NEXT_DISCLOSURE_ID)?;
    let disclosure = DisclosureInfo {
        id,
        patient: patient.clone(),
        at: now,
        actor: actor.clone(),
        recorded_by: info.sender.clone(),
        record_id,
        resource_type: record.resource_type,
        action,
        purpose,
        basis: basis.clone(),
        redisclosure_notice_required: decided.decision.redisclosure_notice_required,
    };
    DISCLOSURES.save(deps.storage, id, &disclosure)?;
    DISCLOSURES_BY_PATIENT.save(deps.storage, (&patient, now.seconds(), id), &())?;
    let (basis_kind, basis_id) = match basis {
        AccessBasis::Patient {} => ("patient", patient.to_string()),
        AccessBasis::Grant { grant_id } => ("grant", grant_id.to_string()),
        AccessBasis::Emergency { session_id } => ("emergency", session_id.to_string()),
        AccessBasis::Delegate { patient } => ("delegate", patient.to_string()),
    };
    Ok(Response::new()
        .add_attribute("action", "record_access")
        .add_attribute("disclosure_id", id.to_string())
        .add_attribute("patient", patient)
        .add_attribute("record_id", record_id.to_string())
        .add_attribute("actor", actor)
        .add_attribute("recorded_by", info.sender)
        .add_attribute("access_action", action.code())
        .add_attribute("purpose", purpose.code())
        .add_attribute("basis", basis_kind)
        .add_attribute("basis_id", basis_id)
        .add_attribute(
            "redisclosure_notice_required",
            disclosure.redisclosure_notice_required.to_string(),
        ))
}
