//! Accountable disclosures: `record_access`.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::ehr_registry::{AccessBasis, DisclosureInfo, PartyRole};
use cw_health_types::{AccessAction, PurposeOfUse};

use crate::access::decide;
use crate::error::ContractError;
use crate::grants::is_treatment;
use crate::state::{
    next_id, ACCOUNTABLE_BY_PATIENT, DISCLOSURES, DISCLOSURES_BY_PATIENT, GATEWAYS,
    NEXT_DISCLOSURE_ID, PARTIES,
};

/// A disclosure as `record_access` reports it.
pub struct Disclosed {
    pub patient: String,
    pub record_id: u64,
    pub actor: String,
    pub action: AccessAction,
    pub purpose: PurposeOfUse,
    pub accounting_suspended_until: Option<Timestamp>,
}

/// Whether a disclosure belongs in the HIPAA 164.528 accounting: not to the patient or their
/// delegate (164.528(a)(1)(ii), personal representatives), not for treatment, payment or
/// operations (164.528(a)(1)(i)).
fn accountable(basis: &AccessBasis, purpose: PurposeOfUse) -> bool {
    !matches!(
        basis,
        AccessBasis::Patient {} | AccessBasis::Delegate { .. }
    ) && !is_treatment(&purpose)
        && !matches!(purpose, PurposeOfUse::Payment | PurposeOfUse::Operations)
}

/// Only an active oversight agency suspends the accounting of a disclosure to itself
/// (HIPAA 164.528(a)(2)), until a future time.
fn assert_suspension(
    storage: &dyn Storage,
    now: Timestamp,
    actor: &Addr,
    until: Timestamp,
) -> Result<(), ContractError> {
    match PARTIES.may_load(storage, actor)? {
        Some(p) if p.role == PartyRole::Oversight && p.is_active(now) => {}
        _ => {
            return Err(ContractError::Unauthorized {
                role: "an oversight agency, for a disclosure to itself",
            })
        }
    }
    if until <= now {
        return Err(ContractError::NotInFuture {
            field: "accounting_suspended_until",
        });
    }
    Ok(())
}

/// The actor itself or a trusted gateway: records a disclosure that `check_access` allows now.
pub fn record_access(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Disclosed,
) -> Result<Response, ContractError> {
    let Disclosed {
        patient,
        record_id,
        actor,
        action,
        purpose,
        accounting_suspended_until,
    } = msg;
    let actor = deps.api.addr_validate(&actor)?;
    if info.sender != actor && !GATEWAYS.has(deps.storage, &info.sender) {
        return Err(ContractError::Unauthorized {
            role: "the actor or a trusted gateway",
        });
    }
    if let Some(until) = accounting_suspended_until {
        assert_suspension(deps.storage, env.block.time, &actor, until)?;
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
        accountable: accountable(&basis, purpose),
        accounting_suspended_until,
    };
    DISCLOSURES.save(deps.storage, id, &disclosure)?;
    DISCLOSURES_BY_PATIENT.save(deps.storage, (&patient, now.seconds(), id), &())?;
    if disclosure.accountable {
        ACCOUNTABLE_BY_PATIENT.save(deps.storage, (&patient, now.seconds(), id), &())?;
    }
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
        )
        .add_attribute("accountable", disclosure.accountable.to_string()))
}
