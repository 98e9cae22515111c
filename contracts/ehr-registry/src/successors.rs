//! Succession (liveness): a patient names successors who gain a stated scope only after the
//! patient has signed nothing to the registry for a set period.
//!
//! While a patient has a successor named, every message it signs writes its time to
//! [`LAST_ACTIVITY`] (one small entry, see [`touch`]); the entry exists exactly then (naming the
//! first successor creates it at the naming time, removing the last deletes it), so a patient
//! without successors pays one read and no write (issue 20). A successor puts the succession in force with
//! `activate_succession` once `now >= last activity + inactivity_secs`; it stays in force while
//! the patient's last activity is older than the activation, so any later patient message ends
//! it at once, with no write to the successor's entry.

use cosmwasm_std::{Addr, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp};
use cw_health_types::ehr_registry::{
    Scope, MAX_SUCCESSION_INACTIVITY_SECS, MAX_SUCCESSORS_PER_PATIENT,
    MIN_SUCCESSION_INACTIVITY_SECS,
};

use crate::access::{scope_covers, Subject};
use crate::delegates::validate_scope;
use crate::error::ContractError;
use crate::sensitive::assert_successor_scope;
use crate::state::{last_active, Patient, Successor, LAST_ACTIVITY, PATIENTS, SUCCESSORS};

/// Records that a patient with a successor signed a message now (called after every successful
/// execute; `grant_access` calls it, or [`touch_patient`], itself). One read, and one write when
/// the patient has successors and the time changed.
pub fn touch(storage: &mut dyn Storage, sender: &Addr, now: Timestamp) -> StdResult<()> {
    match LAST_ACTIVITY.may_load(storage, sender)? {
        Some(t) if t != now => LAST_ACTIVITY.save(storage, sender, &now),
        _ => Ok(()),
    }
}

/// [`touch`] for a sender whose patient entry the handler has read already: no read when it has
/// no successor named (then it has no activity entry).
pub fn touch_patient(
    storage: &mut dyn Storage,
    sender: &Addr,
    record: &Patient,
    now: Timestamp,
) -> StdResult<()> {
    if record.successor_count == 0 {
        return Ok(());
    }
    touch(storage, sender, now)
}

fn load_patient(storage: &dyn Storage, patient: &Addr) -> Result<Patient, ContractError> {
    PATIENTS
        .may_load(storage, patient)?
        .ok_or_else(|| ContractError::PatientNotRegistered {
            address: patient.to_string(),
        })
}

/// A successor as `name_successor` sends it.
pub struct Naming {
    pub successor: String,
    pub scope: Scope,
    pub inactivity_secs: u64,
}

/// A registered patient: names or replaces a successor (a replacement starts inactive).
pub fn name_successor(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Naming,
) -> Result<Response, ContractError> {
    let patient = info.sender;
    let mut record = load_patient(deps.storage, &patient)?;
    let successor = deps.api.addr_validate(&msg.successor)?;
    if successor == patient {
        return Err(ContractError::SelfReference);
    }
    validate_scope(&msg.scope)?;
    assert_successor_scope(&msg.scope)?;
    if !(MIN_SUCCESSION_INACTIVITY_SECS..=MAX_SUCCESSION_INACTIVITY_SECS)
        .contains(&msg.inactivity_secs)
    {
        return Err(ContractError::InvalidInactivityPeriod {
            min: MIN_SUCCESSION_INACTIVITY_SECS,
            max: MAX_SUCCESSION_INACTIVITY_SECS,
        });
    }
    if !SUCCESSORS.has(deps.storage, (&patient, &successor)) {
        if record.successor_count >= MAX_SUCCESSORS_PER_PATIENT {
            return Err(ContractError::TooManySuccessors {
                max: MAX_SUCCESSORS_PER_PATIENT,
            });
        }
        record.successor_count = record.successor_count.saturating_add(1);
        PATIENTS.save(deps.storage, &patient, &record)?;
        // The inactivity of a patient without successors is not tracked: it counts from now.
        LAST_ACTIVITY.save(deps.storage, &patient, &env.block.time)?;
    }
    SUCCESSORS.save(
        deps.storage,
        (&patient, &successor),
        &Successor {
            scope: msg.scope,
            inactivity_secs: msg.inactivity_secs,
            named_at: env.block.time,
            activated_at: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "name_successor")
        .add_attribute("patient", patient)
        .add_attribute("successor", successor)
        .add_attribute("inactivity_secs", msg.inactivity_secs.to_string()))
}

/// The patient, or the successor itself: removes a successor.
pub fn remove_successor(
    deps: DepsMut,
    info: MessageInfo,
    patient: String,
    successor: String,
) -> Result<Response, ContractError> {
    let patient = deps.api.addr_validate(&patient)?;
    let successor = deps.api.addr_validate(&successor)?;
    if info.sender != patient && info.sender != successor {
        return Err(ContractError::Unauthorized {
            role: "the patient or the successor",
        });
    }
    if !SUCCESSORS.has(deps.storage, (&patient, &successor)) {
        return Err(ContractError::SuccessorNotFound {
            successor: successor.to_string(),
        });
    }
    let mut record = load_patient(deps.storage, &patient)?;
    record.successor_count = record.successor_count.saturating_sub(1);
    PATIENTS.save(deps.storage, &patient, &record)?;
    SUCCESSORS.remove(deps.storage, (&patient, &successor));
    if record.successor_count == 0 {
        LAST_ACTIVITY.remove(deps.storage, &patient);
    }
    Ok(Response::new()
        .add_attribute("action", "remove_successor")
        .add_attribute("patient", patient)
        .add_attribute("successor", successor)
        .add_attribute("removed_by", info.sender))
}

/// A named successor: puts its succession in force once the patient has been inactive for the
/// successor's period.
pub fn activate_succession(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    patient: String,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = deps.api.addr_validate(&patient)?;
    let Some(mut successor) = SUCCESSORS.may_load(deps.storage, (&patient, &info.sender))? else {
        return Err(ContractError::Unauthorized {
            role: "a successor named by the patient",
        });
    };
    let record = load_patient(deps.storage, &patient)?;
    let last_active_at = last_active(deps.storage, &patient, &record)?;
    if successor.in_force(last_active_at) {
        return Err(ContractError::SuccessionAlreadyActive);
    }
    let available_at = last_active_at.plus_seconds(successor.inactivity_secs);
    if now < available_at {
        return Err(ContractError::PatientStillActive {
            last_active_at,
            available_at,
        });
    }
    successor.activated_at = Some(now);
    SUCCESSORS.save(deps.storage, (&patient, &info.sender), &successor)?;
    Ok(Response::new()
        .add_attribute("action", "activate_succession")
        .add_attribute("patient", patient)
        .add_attribute("successor", info.sender)
        .add_attribute("last_active_at", last_active_at.seconds().to_string()))
}

/// Whether `actor` is a successor of the patient whose succession is in force and whose scope
/// covers the subject (normal data only). At most three reads.
pub fn successor_allows(
    storage: &dyn Storage,
    patient: &Addr,
    actor: &Addr,
    s: &Subject,
) -> StdResult<bool> {
    let Some(successor) = SUCCESSORS.may_load(storage, (patient, actor))? else {
        return Ok(false);
    };
    if successor.activated_at.is_none() || s.is_protected() || !scope_covers(&successor.scope, s) {
        return Ok(false);
    }
    let Some(record) = PATIENTS.may_load(storage, patient)? else {
        return Ok(false);
    };
    Ok(successor.in_force(last_active(storage, patient, &record)?))
}
