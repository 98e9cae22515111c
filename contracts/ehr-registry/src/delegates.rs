//! Delegates (caregivers, guardians): appointed by the patient with their own scope; they may
//! manage grants on the patient's behalf within it, and are removable at any time.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::ehr_registry::{DelegateRelationship, Scope, MAX_DELEGATES_PER_PATIENT};
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};

use crate::access::is_protected;
use crate::error::ContractError;
use crate::execute::code;
use crate::grants::assert_classes;
use crate::state::{next_id, Delegate, DELEGATES, NEXT_APPOINTMENT_ID, PATIENTS};

/// A registered patient: appoints or replaces a delegate.
pub fn appoint_delegate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    delegate: String,
    relationship: DelegateRelationship,
    scope: Scope,
    manage_grants: bool,
    expires_at: Option<Timestamp>,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = info.sender;
    let mut record = PATIENTS.may_load(deps.storage, &patient)?.ok_or_else(|| {
        ContractError::PatientNotRegistered {
            address: patient.to_string(),
        }
    })?;
    let delegate = deps.api.addr_validate(&delegate)?;
    if delegate == patient {
        return Err(ContractError::SelfReference);
    }
    validate_unique("scope.actions", &scope.actions, MAX_LIST_LEN)?;
    validate_unique("scope.purposes", &scope.purposes, MAX_LIST_LEN)?;
    validate_unique("scope.resource_types", &scope.resource_types, MAX_LIST_LEN)?;
    validate_unique("scope.labels", &scope.labels, MAX_LIST_LEN)?;
    if expires_at.is_some_and(|e| e <= now) {
        return Err(ContractError::InvalidExpiry);
    }
    assert_classes(&scope.labels)?;
    // 42 CFR Part 2 rules: protected data (R, V) is only reached under a consent naming the
    // recipient, the purposes and an expiry; an appointment reaching it is held to the same
    // standard.
    if scope.labels.iter().any(is_protected) && (scope.purposes.is_empty() || expires_at.is_none())
    {
        return Err(ContractError::SensitiveScopeIncomplete);
    }
    let existing = DELEGATES.may_load(deps.storage, (&patient, &delegate))?;
    // Changing an active appointment keeps its number (its grants stay, bounded by the new
    // scope); appointing afresh after a removal or an expiry does not revive old grants.
    let appointment = match &existing {
        Some(d) if d.is_active(now) => d.appointment,
        _ => next_id(deps.storage, &NEXT_APPOINTMENT_ID)?,
    };
    if existing.is_none() {
        if record.delegate_count >= MAX_DELEGATES_PER_PATIENT {
            record.delegate_count =
                prune_expired(deps.storage, now, &patient, record.delegate_count)?;
        }
        if record.delegate_count >= MAX_DELEGATES_PER_PATIENT {
            return Err(ContractError::TooManyDelegates {
                max: MAX_DELEGATES_PER_PATIENT,
            });
        }
        record.delegate_count = record.delegate_count.saturating_add(1);
        PATIENTS.save(deps.storage, &patient, &record)?;
    }
    DELEGATES.save(
        deps.storage,
        (&patient, &delegate),
        &Delegate {
            relationship,
            scope,
            manage_grants,
            appointed_at: now,
            expires_at,
            appointment,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "appoint_delegate")
        .add_attribute("patient", patient)
        .add_attribute("delegate", delegate)
        .add_attribute("relationship", code(&relationship))
        .add_attribute("manage_grants", manage_grants.to_string())
        .add_attribute(
            "expires_at",
            expires_at.map_or_else(|| "none".to_string(), |e| e.seconds().to_string()),
        ))
}

/// Removes the patient's expired appointments, freeing their slots; returns the new count.
/// A patient never holds more than [`MAX_DELEGATES_PER_PATIENT`] appointments, so this reads at
/// most that many entries.
fn prune_expired(
    storage: &mut dyn Storage,
    now: Timestamp,
    patient: &Addr,
    count: u32,
) -> StdResult<u32> {
    let expired: Vec<Addr> = DELEGATES
        .prefix(patient)
        .range(storage, None, None, Order::Ascending)
        .take(MAX_DELEGATES_PER_PATIENT as usize)
        .filter_map(|r| match r {
            Ok((a, d)) if !d.is_active(now) => Some(Ok(a)),
            Ok(_) => None,
            Err(e) => Some(Err(e)),
        })
        .collect::<StdResult<_>>()?;
    let mut count = count;
    for a in expired {
        DELEGATES.remove(storage, (patient, &a));
        count = count.saturating_sub(1);
    }
    Ok(count)
}

/// The patient, or the delegate itself: removes a delegate.
pub fn remove_delegate(
    deps: DepsMut,
    info: MessageInfo,
    patient: String,
    delegate: String,
) -> Result<Response, ContractError> {
    let patient = deps.api.addr_validate(&patient)?;
    let delegate = deps.api.addr_validate(&delegate)?;
    if info.sender != patient && info.sender != delegate {
        return Err(ContractError::Unauthorized {
            role: "the patient or the delegate",
        });
    }
    if !DELEGATES.has(deps.storage, (&patient, &delegate)) {
        return Err(ContractError::DelegateNotFound {
            delegate: delegate.to_string(),
        });
    }
    DELEGATES.remove(deps.storage, (&patient, &delegate));
    PATIENTS.update(deps.storage, &patient, |p| -> StdResult<_> {
        let mut p = p.ok_or_else(|| cosmwasm_std::StdError::msg("patient missing"))?;
        p.delegate_count = p.delegate_count.saturating_sub(1);
        Ok(p)
    })?;
    Ok(Response::new()
        .add_attribute("action", "remove_delegate")
        .add_attribute("patient", patient)
        .add_attribute("delegate", delegate)
        .add_attribute("removed_by", info.sender))
}
