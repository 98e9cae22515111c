//! Accountable disclosures: `record_access`.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp};
use cw_health_types::ehr_registry::{AccessBasis, PartyRole};
use cw_health_types::{AccessAction, PurposeOfUse};

use crate::access::{decide, Request};
use crate::error::ContractError;
use crate::grants::is_treatment;
use crate::state::{
    next_id, Disclosure, ACCOUNTABLE_BY_PATIENT, DISCLOSURES, DISCLOSURES_BY_PATIENT, GATEWAYS,
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
    pub via_team: Option<u64>,
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
    let now = env.block.time;
    let actor = deps.api.addr_validate(&msg.actor)?;
    if info.sender != actor && !GATEWAYS.has(deps.storage, &info.sender) {
        return Err(ContractError::Unauthorized {
            role: "the actor or a trusted gateway",
        });
    }
    if let Some(until) = msg.accounting_suspended_until {
        assert_suspension(deps.storage, now, &actor, until)?;
    }
    let patient = deps.api.addr_validate(&msg.patient)?;
    let decided = decide(
        deps.storage,
        deps.api,
        now,
        &Request {
            patient: &patient,
            actor: &actor,
            action: msg.action,
            purpose: msg.purpose,
            resource_type: None,
            record_id: Some(msg.record_id),
            new_record: None,
            via_team: msg.via_team,
            actor_party: None,
        },
    )?;
    let (Some(record), Some(basis), true) = (
        decided.record,
        decided.decision.basis,
        decided.decision.allowed,
    ) else {
        return Err(ContractError::AccessDenied {
            reason: decided.decision.reason,
        });
    };
    let id = next_id(deps.storage, &NEXT_DISCLOSURE_ID)?;
    let disclosure = Disclosure {
        at: now,
        gateway: (info.sender != actor).then_some(info.sender),
        actor,
        record_id: msg.record_id,
        resource_type: record.resource_type,
        action: msg.action,
        purpose: msg.purpose,
        accountable: accountable(&basis, msg.purpose),
        basis,
        redisclosure_notice_required: decided.decision.redisclosure_notice_required,
        accounting_suspended_until: msg.accounting_suspended_until,
        via_team: msg.via_team,
    };
    save_disclosure(deps.storage, id, &patient, &disclosure)?;
    Ok(disclosure_response(id, &patient, &disclosure))
}

/// Stores a disclosure in the full log and, when accountable, in the accounting index.
fn save_disclosure(
    storage: &mut dyn Storage,
    id: u64,
    patient: &Addr,
    d: &Disclosure,
) -> StdResult<()> {
    DISCLOSURES.save(storage, id, d)?;
    DISCLOSURES_BY_PATIENT.save(storage, (patient, d.at.seconds(), id), &())?;
    if d.accountable {
        ACCOUNTABLE_BY_PATIENT.save(storage, (patient, d.at.seconds(), id), &())?;
    }
    Ok(())
}

/// The event of a disclosure.
fn disclosure_response(id: u64, patient: &Addr, d: &Disclosure) -> Response {
    let (basis_kind, basis_id) = match &d.basis {
        AccessBasis::Patient {} => ("patient", patient.to_string()),
        AccessBasis::Grant { grant_id } => ("grant", grant_id.to_string()),
        AccessBasis::Emergency { session_id } => ("emergency", session_id.to_string()),
        AccessBasis::Delegate { patient } => ("delegate", patient.to_string()),
    };
    Response::new()
        .add_attribute("action", "record_access")
        .add_attribute("disclosure_id", id.to_string())
        .add_attribute("patient", patient.as_str())
        .add_attribute("record_id", d.record_id.to_string())
        .add_attribute("actor", d.actor.as_str())
        .add_attribute(
            "recorded_by",
            d.gateway.as_ref().unwrap_or(&d.actor).as_str(),
        )
        .add_attribute("access_action", d.action.code())
        .add_attribute("purpose", d.purpose.code())
        .add_attribute("basis", basis_kind)
        .add_attribute("basis_id", basis_id)
        .add_attribute(
            "via_team",
            d.via_team
                .map_or_else(|| "none".to_string(), |t| t.to_string()),
        )
        .add_attribute(
            "redisclosure_notice_required",
            d.redisclosure_notice_required.to_string(),
        )
        .add_attribute("accountable", d.accountable.to_string())
}
