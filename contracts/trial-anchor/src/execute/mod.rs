//! Execute handlers, one module per feature. Each handler: authorization first, then validation
//! of every input, then state changes, then the response (`action` plus the ids involved).

pub mod admin;
pub mod amendments;
pub mod batches;
pub mod closeout;
pub(crate) mod consent_proof;
pub mod deadlines;
pub mod participants;
pub mod safety;
pub mod trial;

pub use admin::*;
pub use amendments::*;
pub use batches::*;
pub use closeout::*;
pub use deadlines::*;
pub use participants::*;
pub use safety::*;
pub use trial::*;

use cosmwasm_std::{Addr, Storage, Timestamp};
use cw_health_types::limits::{validate_token, MAX_CODE_LEN};
use cw_health_types::trial_anchor::{
    normalize_registry_id, DeadlineCause, DeadlineChange, DocumentKind, OutcomeSpec, StatusChange,
    StatusEvent, Trial, TrialRole,
};
use cw_health_types::{Sha256Hash, ValidationError};

use crate::error::ContractError;
use crate::state::{hot_count, set_hot_count, HotCounter};
use crate::state::{
    may_load_participant, moves_registration, StoredParticipant, DEADLINES, DOCUMENTS,
    ETHICS_COMMITTEES, REGULATORS, ROLES, SLOT_REGISTRATION, SLOT_RESULTS, STATUS_HISTORY,
};

/// Loads a trial (its record and hot fields) or fails with `TrialNotFound`.
pub(crate) fn load_trial(storage: &dyn Storage, trial_id: u64) -> Result<Trial, ContractError> {
    crate::state::load_trial(storage, trial_id)?.ok_or(ContractError::TrialNotFound { trial_id })
}

/// Fails with `Frozen` while a regulator's freeze is in force.
pub(crate) fn ensure_not_frozen(trial: &Trial) -> Result<(), ContractError> {
    match trial.frozen {
        Some(_) => Err(ContractError::Frozen { trial_id: trial.id }),
        None => Ok(()),
    }
}

/// Fails unless `sender` is the trial's sponsor.
pub(crate) fn assert_sponsor(
    trial: &Trial,
    sender: &Addr,
    action: &str,
) -> Result<(), ContractError> {
    if trial.sponsor == *sender {
        Ok(())
    } else {
        Err(ContractError::unauthorized("the sponsor", action))
    }
}

/// Fails unless `sender` is the sponsor or the responsible party.
pub(crate) fn assert_sponsor_or_responsible(
    trial: &Trial,
    sender: &Addr,
    action: &str,
) -> Result<(), ContractError> {
    if trial.sponsor == *sender || trial.responsible_party == *sender {
        Ok(())
    } else {
        Err(ContractError::unauthorized(
            "the sponsor or the responsible party",
            action,
        ))
    }
}

/// The active (not revoked) role of `addr` in a trial, if any.
pub(crate) fn active_role(
    storage: &dyn Storage,
    trial_id: u64,
    addr: &Addr,
) -> Result<Option<TrialRole>, ContractError> {
    Ok(ROLES
        .may_load(storage, (trial_id, addr))?
        .filter(|g| g.revoked_at.is_none())
        .map(|g| g.role))
}

/// Fails unless `addr` never held a role in the trial: an active holder is refused with
/// `RoleAlreadyHeld`, a revoked one with `RoleRevoked` (its grant record is never overwritten).
pub(crate) fn ensure_no_grant(
    storage: &dyn Storage,
    trial_id: u64,
    addr: &Addr,
) -> Result<(), ContractError> {
    match ROLES.may_load(storage, (trial_id, addr))? {
        None => Ok(()),
        Some(g) if g.revoked_at.is_none() => Err(ContractError::RoleAlreadyHeld {
            trial_id,
            address: addr.to_string(),
        }),
        Some(_) => Err(ContractError::RoleRevoked {
            trial_id,
            address: addr.to_string(),
        }),
    }
}

/// The site code of an active site investigator, or `UnauthorizedSite`.
pub(crate) fn assert_site(
    storage: &dyn Storage,
    trial_id: u64,
    addr: &Addr,
) -> Result<String, ContractError> {
    match active_role(storage, trial_id, addr)? {
        Some(TrialRole::SiteInvestigator { site_code }) => Ok(site_code),
        _ => Err(ContractError::UnauthorizedSite {
            trial_id,
            address: addr.to_string(),
        }),
    }
}

/// Fails unless `addr` holds the given role kind (compared by variant) in the trial.
pub(crate) fn has_role(
    storage: &dyn Storage,
    trial_id: u64,
    addr: &Addr,
    wanted: &TrialRole,
) -> Result<bool, ContractError> {
    Ok(active_role(storage, trial_id, addr)?
        .is_some_and(|r| std::mem::discriminant(&r) == std::mem::discriminant(wanted)))
}

/// True when `addr` is a regulator.
pub(crate) fn is_regulator(storage: &dyn Storage, addr: &Addr) -> Result<bool, ContractError> {
    Ok(REGULATORS.has(storage, addr))
}

/// Loads a participant of a trial (the pseudonym must already be validated).
pub(crate) fn load_participant(
    storage: &dyn Storage,
    trial_id: u64,
    participant: &Sha256Hash,
) -> Result<StoredParticipant, ContractError> {
    may_load_participant(storage, trial_id, participant.as_str())?
        .ok_or(ContractError::ParticipantNotFound { trial_id })
}

/// Fails unless the participant is held by `site_code`.
pub(crate) fn ensure_same_site(
    p: &StoredParticipant,
    site_code: &str,
) -> Result<(), ContractError> {
    if p.site_code == site_code {
        Ok(())
    } else {
        Err(ContractError::WrongSite {
            caller_site: site_code.to_string(),
            participant_site: p.site_code.clone(),
        })
    }
}

/// Fails unless the current version of `kind` carries an IRB approval.
pub(crate) fn ensure_approved(
    storage: &dyn Storage,
    trial: &Trial,
    kind: DocumentKind,
) -> Result<(), ContractError> {
    let version = match kind {
        DocumentKind::Protocol => trial.protocol_version,
        DocumentKind::ConsentForm => trial.consent_form_version,
        DocumentKind::StatisticalAnalysisPlan => trial.sap_version,
    };
    let approved = DOCUMENTS
        .may_load(storage, (trial.id, kind.code(), version))?
        .is_some_and(|d| d.irb_approval.is_some());
    if approved {
        Ok(())
    } else {
        Err(ContractError::DocumentNotApproved { kind, version })
    }
}

/// Validates an optional hash.
pub(crate) fn validate_opt_hash(
    field: &str,
    hash: &Option<Sha256Hash>,
) -> Result<(), ContractError> {
    if let Some(h) = hash {
        h.validate(field)?;
    }
    Ok(())
}

/// An outcome: code token, measure hash, ISO 8601 duration time frame (`P12W`, `P1Y6M`, `PT24H`).
pub(crate) fn validate_outcome_spec(spec: &OutcomeSpec) -> Result<(), ContractError> {
    validate_token("outcome.code", &spec.code, MAX_CODE_LEN)?;
    spec.measure_hash.validate("outcome.measure_hash")?;
    validate_token("outcome.time_frame", &spec.time_frame, MAX_CODE_LEN)?;
    let tf = spec.time_frame.as_bytes();
    let well_formed = tf.len() >= 3
        && tf.first() == Some(&b'P')
        && tf.last().is_some_and(|c| b"YMWDHS".contains(c))
        && tf
            .iter()
            .skip(1)
            .all(|c| c.is_ascii_digit() || b"YMWDTHS.".contains(c))
        && tf.iter().any(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(ValidationError::Malformed {
            field: "outcome.time_frame".into(),
            reason: "expected an ISO 8601 duration such as P12W or P1Y6M".into(),
        }
        .into());
    }
    Ok(())
}

/// Checked `+ 1`.
pub(crate) fn next_u64(n: u64) -> Result<u64, ContractError> {
    n.checked_add(1).ok_or(ContractError::Overflow {})
}

/// Bumps a hot counter of the trial (its own entry, not the trial record) and returns the new
/// value, which is also the next id where the counter numbers records.
pub(crate) fn bump_hot(
    storage: &mut dyn Storage,
    trial: &Trial,
    c: HotCounter,
) -> Result<u64, ContractError> {
    let n = next_u64(hot_count(storage, trial, c)?)?;
    set_hot_count(storage, trial.id, c, n)?;
    Ok(n)
}

/// Checked `+ 1`.
pub(crate) fn next_u32(n: u32) -> Result<u32, ContractError> {
    n.checked_add(1).ok_or(ContractError::Overflow {})
}

/// Checked `t + secs`.
pub(crate) fn plus(t: Timestamp, secs: u64) -> Result<Timestamp, ContractError> {
    secs.checked_mul(1_000_000_000)
        .and_then(|n| t.nanos().checked_add(n))
        .map(Timestamp::from_nanos)
        .ok_or(ContractError::Overflow {})
}

/// Moves a deadline in the due-time index: removes the entry at `old`, adds one at `new`.
pub(crate) fn move_deadline(
    storage: &mut dyn Storage,
    trial_id: u64,
    slot: u64,
    old: Option<Timestamp>,
    new: Option<Timestamp>,
) -> Result<(), ContractError> {
    if let Some(t) = old {
        DEADLINES.remove(storage, (t.seconds(), trial_id, slot));
    }
    if let Some(t) = new {
        DEADLINES.save(storage, (t.seconds(), trial_id, slot), &())?;
    }
    Ok(())
}

/// Moves a trial's registration clock (`FirstEnrollment`, `Registered`) or results clock (every
/// other cause) to `to`: the due-time index, the trial's field, and the clock's history.
pub(crate) fn change_clock(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    cause: DeadlineCause,
    to: Option<Timestamp>,
    at: Timestamp,
    by: &Addr,
) -> Result<(), ContractError> {
    let (slot, field) = if moves_registration(cause) {
        (SLOT_REGISTRATION, &mut trial.deadlines.registration_due)
    } else {
        (SLOT_RESULTS, &mut trial.deadlines.results_due)
    };
    let from = *field;
    *field = to;
    move_deadline(storage, trial.id, slot, from, to)?;
    trial.deadlines.history.push(DeadlineChange {
        cause,
        from,
        to,
        at,
        by: by.clone(),
    });
    Ok(())
}

/// Fails unless `committee` is an accredited ethics committee, and not the trial's
/// responsible party (nor its sponsor).
pub(crate) fn ensure_independent_committee(
    storage: &dyn Storage,
    committee: &Addr,
    sponsor: &Addr,
    responsible_party: &Addr,
) -> Result<(), ContractError> {
    if committee == sponsor {
        return Err(ContractError::SponsorRole {});
    }
    if committee == responsible_party {
        return Err(ContractError::EthicsCommitteeIsResponsibleParty {});
    }
    if !ETHICS_COMMITTEES.has(storage, committee) {
        return Err(ContractError::EthicsCommitteeNotAccredited {
            address: committee.to_string(),
        });
    }
    Ok(())
}

/// Normalizes and format-checks a registry id (`InvalidRegistryId`).
pub(crate) fn registry_id(id: &str) -> Result<String, ContractError> {
    normalize_registry_id(id).ok_or_else(|| ContractError::InvalidRegistryId {
        registry_id: id.chars().take(64).collect(),
    })
}

/// Appends a status or freeze change to the trial's history (the caller saves the trial's
/// hot fields: `save_trial_state`).
pub(crate) fn log_status(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    event: StatusEvent,
    by: &Addr,
    at: Timestamp,
) -> Result<(), ContractError> {
    let id = next_u64(trial.counts.status_changes)?;
    trial.counts.status_changes = id;
    STATUS_HISTORY.save(
        storage,
        (trial.id, id),
        &StatusChange {
            id,
            event,
            by: by.clone(),
            at,
        },
    )?;
    Ok(())
}

/// Fails unless `sender` is a regulator.
pub(crate) fn assert_regulator(
    deps: &cosmwasm_std::DepsMut,
    sender: &Addr,
    action: &str,
) -> Result<(), ContractError> {
    if is_regulator(deps.storage, sender)? {
        Ok(())
    } else {
        Err(ContractError::unauthorized("a regulator", action))
    }
}
