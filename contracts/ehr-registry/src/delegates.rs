//! Delegates (caregivers, guardians): appointed by the patient with their own scope; they may
//! manage grants on the patient's behalf within it, and are removable at any time.

use cosmwasm_std::{
    Addr, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::ehr_registry::{DelegateRelationship, Scope, MAX_DELEGATES_PER_PATIENT};
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};

use crate::error::ContractError;
use crate::execute::code;
use crate::sensitive::{assert_classes, assert_delegate_scope};
use crate::state::{next_id, Delegate, Patient, CONFIG, DELEGATES, NEXT_APPOINTMENT_ID, PATIENTS};

/// Validates a delegate's or successor's scope: bounded unique lists of protection classes.
pub fn validate_scope(scope: &Scope) -> Result<(), ContractError> {
    validate_unique("scope.actions", &scope.actions, MAX_LIST_LEN)?;
    validate_unique("scope.purposes", &scope.purposes, MAX_LIST_LEN)?;
    validate_unique("scope.resource_types", &scope.resource_types, MAX_LIST_LEN)?;
    validate_unique("scope.labels", &scope.labels, MAX_LIST_LEN)?;
    assert_classes(&scope.labels)
}

/// An appointment as `appoint_delegate` sends it.
pub struct Appointment {
    pub delegate: String,
    pub relationship: DelegateRelationship,
    pub scope: Scope,
    pub manage_grants: bool,
    pub expires_at: Option<Timestamp>,
}

/// A registered patient: appoints or replaces a delegate.
pub fn appoint_delegate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Appointment,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = info.sender;
    let mut record = PATIENTS.may_load(deps.storage, &patient)?.ok_or_else(|| {
        ContractError::PatientNotRegistered {
            address: patient.to_string(),
        }
    })?;
    let delegate = deps.api.addr_validate(&msg.delegate)?;
    if delegate == patient {
        return Err(ContractError::SelfReference);
    }
    validate_scope(&msg.scope)?;
    if msg.expires_at.is_some_and(|e| e <= now) {
        return Err(ContractError::InvalidExpiry);
    }
    let expires_at =
        guardianship_expiry(deps.storage, now, &record, msg.relationship, msg.expires_at)?;
    // 42 CFR Part 2 rules: an appointment reaching protected data is held to a consent's
    // standard (purposes and an expiry).
    assert_delegate_scope(&msg.scope, expires_at)?;
    let existing = DELEGATES.may_load(deps.storage, (&patient, &delegate))?;
    // Changing an active appointment keeps its number (its grants stay, bounded by the new
    // scope); appointing afresh after a removal or an expiry does not revive old grants.
    let appointment = match &existing {
        Some(d) if d.is_active(now) => d.appointment,
        _ => next_id(deps.storage, &NEXT_APPOINTMENT_ID)?,
    };
    if existing.is_none() {
        take_slot(deps.storage, now, &patient, &mut record)?;
    }
    DELEGATES.save(
        deps.storage,
        (&patient, &delegate),
        &Delegate {
            relationship: msg.relationship,
            scope: msg.scope,
            manage_grants: msg.manage_grants,
            appointed_at: now,
            expires_at,
            appointment,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "appoint_delegate")
        .add_attribute("patient", patient)
        .add_attribute("delegate", delegate)
        .add_attribute("relationship", code(&msg.relationship))
        .add_attribute("manage_grants", msg.manage_grants.to_string())
        .add_attribute(
            "expires_at",
            expires_at.map_or_else(|| "none".to_string(), |e| e.seconds().to_string()),
        ))
}

/// Takes one of the patient's delegate slots, pruning expired appointments when full.
fn take_slot(
    storage: &mut dyn Storage,
    now: Timestamp,
    patient: &Addr,
    record: &mut Patient,
) -> Result<(), ContractError> {
    if record.delegate_count >= MAX_DELEGATES_PER_PATIENT {
        record.delegate_count = prune_expired(storage, now, patient, record.delegate_count)?;
    }
    if record.delegate_count >= MAX_DELEGATES_PER_PATIENT {
        return Err(ContractError::TooManyDelegates {
            max: MAX_DELEGATES_PER_PATIENT,
        });
    }
    record.delegate_count = record.delegate_count.saturating_add(1);
    PATIENTS.save(storage, patient, record)?;
    Ok(())
}

/// Whether a relationship is a minor's representative (its scope ends at the configured age).
fn is_guardianship(r: DelegateRelationship) -> bool {
    matches!(
        r,
        DelegateRelationship::Parent | DelegateRelationship::Guardian
    )
}

/// 1 January 00:00 UTC of `year` (the epoch for a year before 1970).
pub fn start_of_year(year: u16) -> Timestamp {
    let leaps = |y: u64| y / 4 - y / 100 + y / 400;
    let y = u64::from(year);
    if y <= 1970 {
        return Timestamp::from_seconds(0);
    }
    let days = (y - 1970) * 365 + leaps(y - 1) - leaps(1969);
    Timestamp::from_seconds(days * 86_400)
}

/// The year (UTC) of a time.
pub fn year_of(t: Timestamp) -> u16 {
    let mut y = u16::try_from(1970 + t.seconds() / 31_556_952).unwrap_or(u16::MAX);
    while y > 1970 && start_of_year(y) > t {
        y -= 1;
    }
    while y < u16::MAX && start_of_year(y + 1) <= t {
        y += 1;
    }
    y
}

/// When a minor's parent or guardian appointment must end: 1 January (UTC) of the year the
/// patient reaches the configured age (possibly early, never late). `None`: no birth year.
fn guardianship_end(
    storage: &dyn Storage,
    birth_year: Option<u16>,
) -> StdResult<Option<Timestamp>> {
    let Some(year) = birth_year else {
        return Ok(None);
    };
    let age = CONFIG.load(storage)?.guardianship_end_age;
    Ok(Some(start_of_year(year.saturating_add(u16::from(age)))))
}

/// A parent or guardian appointment of a patient with a declared birth year ends at the
/// latest when the patient reaches the configured age; a parent appointment needs the birth
/// year; none is made once that time has passed. Other relationships are unchanged.
fn guardianship_expiry(
    storage: &dyn Storage,
    now: Timestamp,
    patient: &Patient,
    relationship: DelegateRelationship,
    expires_at: Option<Timestamp>,
) -> Result<Option<Timestamp>, ContractError> {
    if !is_guardianship(relationship) {
        return Ok(expires_at);
    }
    let Some(end) = guardianship_end(storage, patient.birth_year)? else {
        if relationship == DelegateRelationship::Parent {
            return Err(ContractError::BirthYearRequired);
        }
        // An adult's legal guardian (no minor's birth year declared).
        return Ok(expires_at);
    };
    if end <= now {
        return Err(ContractError::GuardianshipEnded { ended_at: end });
    }
    Ok(Some(expires_at.map_or(end, |e| e.min(end))))
}

/// A registered patient: declares its birth year, once. Its parent and guardian appointments
/// are cut back to the end of guardianship (at most [`MAX_DELEGATES_PER_PATIENT`] entries).
pub fn declare_birth_year(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    birth_year: u16,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = info.sender;
    let mut record = PATIENTS.may_load(deps.storage, &patient)?.ok_or_else(|| {
        ContractError::PatientNotRegistered {
            address: patient.to_string(),
        }
    })?;
    if let Some(declared) = record.birth_year {
        return Err(ContractError::BirthYearAlreadyDeclared {
            birth_year: declared,
        });
    }
    let this_year = year_of(now);
    if birth_year > this_year || birth_year < this_year.saturating_sub(120) {
        return Err(ContractError::InvalidBirthYear { birth_year });
    }
    record.birth_year = Some(birth_year);
    PATIENTS.save(deps.storage, &patient, &record)?;
    let end = guardianship_end(deps.storage, record.birth_year)?
        .ok_or_else(|| cosmwasm_std::StdError::msg("birth year missing"))?;
    let guardians: Vec<(Addr, Delegate)> = DELEGATES
        .prefix(&patient)
        .range(deps.storage, None, None, Order::Ascending)
        .take(MAX_DELEGATES_PER_PATIENT as usize)
        .filter(|r| {
            r.as_ref()
                .map_or(true, |(_, d)| is_guardianship(d.relationship))
        })
        .collect::<StdResult<_>>()?;
    for (a, mut d) in guardians {
        if d.expires_at.is_none_or(|e| e > end) {
            // Never later than now: an appointment past its end stops applying at once.
            d.expires_at = Some(end.max(now));
            DELEGATES.save(deps.storage, (&patient, &a), &d)?;
        }
    }
    Ok(Response::new()
        .add_attribute("action", "declare_birth_year")
        .add_attribute("patient", patient)
        .add_attribute("birth_year", birth_year.to_string())
        .add_attribute("guardianship_ends_at", end.seconds().to_string()))
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
