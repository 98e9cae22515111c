//! Consent, enrollment, visits, withdrawal and randomization.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_token, MAX_CODE_LEN};
use cw_health_types::merkle::{verify_inclusion, MerkleProof};
use cw_health_types::trial_anchor::{
    allocation_leaf, Consent, DeadlineCause, DocumentKind, Participant, RandomizationCommitment,
    Trial, TrialRole, Unblinding, UnblindingKind, UnblindingReason, UnblindingScope, Withdrawal,
    WithdrawalReason, REGISTRATION_WINDOW_SECS,
};
use cw_health_types::Sha256Hash;

use super::consent_proof::{ensure_grant_still_in_force, prove_consent};
use super::{
    assert_site, assert_sponsor, change_clock, ensure_approved, ensure_not_frozen,
    ensure_same_site, has_role, load_participant, load_trial, next_u64, plus, validate_opt_hash,
};
use crate::error::ContractError;
use crate::state::{
    ALLOCATION_SLOTS, CONSENTS, PARTICIPANTS, PATIENT_PSEUDONYMS, TRIALS, UNBLINDINGS,
};

/// Records a participant's consent to the current (approved) protocol version.
///
/// When the trial links ehr-registry and the site names a grant, the grant must prove the
/// consent (see `consent_proof::prove_consent`); the consent stores the grant, and the patient
/// (as a salted commitment) is bound to this one pseudonym in the trial.
pub fn record_consent(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    participant: Sha256Hash,
    signed_form_hash: Option<Sha256Hash>,
    ehr_grant_id: Option<u64>,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    let site_code = assert_site(deps.storage, trial_id, &info.sender)?;
    ensure_not_frozen(&trial)?;
    participant.validate("participant")?;
    validate_opt_hash("signed_form_hash", &signed_form_hash)?;
    if trial.status.is_final() {
        return Err(ContractError::NotEnrolling {
            trial_id,
            status: trial.status,
        });
    }
    ensure_approved(deps.storage, &trial, DocumentKind::Protocol)?;
    ensure_approved(deps.storage, &trial, DocumentKind::ConsentForm)?;
    let key = participant.as_str();
    let existing = PARTICIPANTS.may_load(deps.storage, (trial_id, key))?;
    if let Some(p) = &existing {
        ensure_same_site(p, &site_code)?;
        if p.withdrawal.is_some() {
            return Err(ContractError::ParticipantWithdrawn {});
        }
        if trial.consent_is_current(p) {
            return Err(ContractError::AlreadyConsented {
                protocol_version: p.latest_consent_version,
            });
        }
    }
    let commitment = consent_proof(
        deps.as_ref(),
        &env,
        &trial,
        &info.sender,
        existing.as_ref(),
        ehr_grant_id,
    )?;
    if let Some(c) = &commitment {
        bind_patient(deps.storage, trial_id, key, existing.as_ref(), c)?;
    }
    let ehr_verified = commitment.is_some();

    let now = env.block.time;
    let version = trial.protocol_version;
    let mut record = existing.unwrap_or(Participant {
        pseudonym: participant.clone(),
        site_code: site_code.clone(),
        latest_consent_version: 0,
        latest_consent_form_version: 0,
        consent_count: 0,
        first_consented_at: now,
        enrolled_at: None,
        allocation_slot: None,
        revealed_arm: None,
        visits: 0,
        withdrawal: None,
        ehr_grant_id: None,
        patient_commitment: None,
    });
    record.ehr_grant_id = ehr_grant_id;
    if commitment.is_some() {
        record.patient_commitment = commitment;
    }
    record.latest_consent_version = version;
    record.latest_consent_form_version = trial.consent_form_version;
    record.consent_count = record
        .consent_count
        .checked_add(1)
        .ok_or(ContractError::Overflow {})?;
    let seq = record.consent_count;
    PARTICIPANTS.save(deps.storage, (trial_id, key), &record)?;
    if trial.first_consent_at.is_none() {
        trial.first_consent_at = Some(now);
        TRIALS.save(deps.storage, trial_id, &trial)?;
    }
    let consent = Consent {
        seq,
        protocol_version: version,
        consent_form_version: trial.consent_form_version,
        at: now,
        signed_form_hash,
        ehr_verified,
        ehr_grant_id,
        site_code,
    };
    CONSENTS.save(deps.storage, (trial_id, key, seq), &consent)?;
    Ok(consent_response(trial_id, &participant, &consent).add_attribute("by", info.sender))
}

/// The consent's response: ids, versions, site, proof and form hash.
fn consent_response(trial_id: u64, participant: &Sha256Hash, c: &Consent) -> Response {
    Response::new()
        .add_attribute("action", "record_consent")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.as_str())
        .add_attribute("consent_seq", c.seq.to_string())
        .add_attribute("protocol_version", c.protocol_version.to_string())
        .add_attribute("consent_form_version", c.consent_form_version.to_string())
        .add_attribute("site_code", c.site_code.clone())
        .add_attribute("ehr_verified", c.ehr_verified.to_string())
        .add_attribute(
            "ehr_grant_id",
            c.ehr_grant_id.map_or("none".into(), |g| g.to_string()),
        )
        .add_attribute(
            "signed_form_hash",
            c.signed_form_hash
                .as_ref()
                .map_or("none".into(), |h| h.0.clone()),
        )
}

/// The ehr-registry proof of a consent, if the trial links the registry and the site names a
/// grant: the salted patient commitment. Required by the trial, or when the participant's earlier
/// consent was proven (a re-consent cannot drop the proof, and with it the checks at every
/// visit).
fn consent_proof(
    deps: Deps,
    env: &Env,
    trial: &Trial,
    site: &Addr,
    existing: Option<&Participant>,
    ehr_grant_id: Option<u64>,
) -> Result<Option<Sha256Hash>, ContractError> {
    let proven_before = existing.is_some_and(|p| p.patient_commitment.is_some());
    match (&trial.ehr_consent, ehr_grant_id) {
        (None, Some(_)) => Err(ContractError::NoEhrLink {}),
        (None, None) => Ok(None),
        (Some(link), None) if link.required || proven_before => {
            Err(ContractError::EhrProofRequired {})
        }
        (Some(_), None) => Ok(None),
        (Some(link), Some(grant_id)) => {
            Ok(Some(prove_consent(deps, env, trial, link, site, grant_id)?))
        }
    }
}

/// Binds the patient (by commitment) to this pseudonym: a patient already bound to another
/// pseudonym of the trial, or a pseudonym already proven by another patient, is refused.
fn bind_patient(
    storage: &mut dyn Storage,
    trial_id: u64,
    pseudonym: &str,
    existing: Option<&Participant>,
    commitment: &Sha256Hash,
) -> Result<(), ContractError> {
    let other_patient = existing
        .and_then(|p| p.patient_commitment.as_ref())
        .is_some_and(|c| c != commitment);
    let bound = PATIENT_PSEUDONYMS.may_load(storage, (trial_id, commitment.as_str()))?;
    if other_patient || bound.as_deref().is_some_and(|b| b != pseudonym) {
        return Err(ContractError::PatientPseudonymMismatch {});
    }
    if bound.is_none() {
        PATIENT_PSEUDONYMS.save(
            storage,
            (trial_id, commitment.as_str()),
            &pseudonym.to_string(),
        )?;
    }
    Ok(())
}

/// Randomized trials: the next slot of the committed list, in order (the site chooses no arm);
/// a slot the site names must be that one.
fn take_allocation_slot(
    trial: &mut Trial,
    allocation_slot: Option<u64>,
) -> Result<Option<u64>, ContractError> {
    match (
        trial.randomized,
        trial.randomization.as_mut(),
        allocation_slot,
    ) {
        (false, _, Some(_)) => Err(ContractError::AllocationSlotNotAllowed {}),
        (false, _, None) => Ok(None),
        (true, None, _) => Err(ContractError::RandomizationNotCommitted {}),
        (true, Some(c), given) => {
            let next = c.used;
            if let Some(slot) = given.filter(|s| *s != next) {
                return Err(ContractError::AllocationSlotNotNext { slot, next });
            }
            if next >= c.list_size {
                return Err(ContractError::AllocationSlotOutOfRange {
                    slot: next,
                    list_size: c.list_size,
                });
            }
            c.used = next_u64(next)?;
            Ok(Some(next))
        }
    }
}

/// Enrolls a participant who consented to the current protocol version.
pub fn enroll(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    participant: Sha256Hash,
    allocation_slot: Option<u64>,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    let site_code = assert_site(deps.storage, trial_id, &info.sender)?;
    ensure_not_frozen(&trial)?;
    participant.validate("participant")?;
    if !trial.status.is_enrolling() {
        return Err(ContractError::NotEnrolling {
            trial_id,
            status: trial.status,
        });
    }
    ensure_approved(deps.storage, &trial, DocumentKind::Protocol)?;
    ensure_approved(deps.storage, &trial, DocumentKind::ConsentForm)?;
    let key = participant.as_str();
    let mut p = PARTICIPANTS
        .may_load(deps.storage, (trial_id, key))?
        .ok_or(ContractError::NoConsentToCurrentVersion {
            protocol_version: trial.protocol_version,
            consent_form_version: trial.consent_form_version,
        })?;
    ensure_same_site(&p, &site_code)?;
    if p.withdrawal.is_some() {
        return Err(ContractError::ParticipantWithdrawn {});
    }
    if p.enrolled_at.is_some() {
        return Err(ContractError::AlreadyEnrolled {});
    }
    if !trial.consent_is_current(&p) {
        return Err(ContractError::NoConsentToCurrentVersion {
            protocol_version: trial.protocol_version,
            consent_form_version: trial.consent_form_version,
        });
    }
    ensure_grant_still_in_force(deps.as_ref(), &env, trial_id, &p)?;
    let slot = take_allocation_slot(&mut trial, allocation_slot)?;

    let now = env.block.time;
    if let Some(slot) = slot {
        ALLOCATION_SLOTS.save(deps.storage, (trial_id, slot), &key.to_string())?;
    }
    p.enrolled_at = Some(now);
    p.allocation_slot = slot;
    PARTICIPANTS.save(deps.storage, (trial_id, key), &p)?;
    trial.counts.enrolled = next_u64(trial.counts.enrolled)?;
    let first = trial.started_at.is_none();
    if first {
        // The actual start: outcomes registered from now on are not pre-specified.
        trial.started_at = Some(now);
        if trial.registry_id.is_none() {
            let due = plus(now, REGISTRATION_WINDOW_SECS)?;
            change_clock(
                deps.storage,
                &mut trial,
                DeadlineCause::FirstEnrollment,
                Some(due),
                now,
                &info.sender,
            )?;
        }
    }
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "enroll")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.0)
        .add_attribute("site_code", site_code)
        .add_attribute("protocol_version", trial.protocol_version.to_string())
        .add_attribute(
            "allocation_slot",
            slot.map_or("none".into(), |s| s.to_string()),
        )
        .add_attribute("first_enrollment", first.to_string())
        .add_attribute("enrolled", trial.counts.enrolled.to_string())
        .add_attribute("by", info.sender))
}

/// Records a visit; blocked until re-consent after an amendment that requires it.
pub fn record_visit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    participant: Sha256Hash,
    visit_code: String,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    let site_code = assert_site(deps.storage, trial_id, &info.sender)?;
    ensure_not_frozen(&trial)?;
    participant.validate("participant")?;
    validate_token("visit_code", &visit_code, MAX_CODE_LEN)?;
    let mut p = load_participant(deps.storage, trial_id, &participant)?;
    ensure_same_site(&p, &site_code)?;
    if p.withdrawal.is_some() {
        return Err(ContractError::ParticipantWithdrawn {});
    }
    if p.enrolled_at.is_none() {
        return Err(ContractError::NotEnrolled {});
    }
    if trial.reconsent_required(&p) {
        return Err(ContractError::ReconsentRequired {
            protocol_version: trial.reconsent_from_version,
            consent_form_version: trial.reconsent_from_consent_form_version,
        });
    }
    ensure_grant_still_in_force(deps.as_ref(), &env, trial_id, &p)?;
    p.visits = p.visits.checked_add(1).ok_or(ContractError::Overflow {})?;
    PARTICIPANTS.save(deps.storage, (trial_id, participant.as_str()), &p)?;
    Ok(Response::new()
        .add_attribute("action", "record_visit")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.0)
        .add_attribute("visit_code", visit_code)
        .add_attribute("visit_number", p.visits.to_string())
        .add_attribute("site_code", site_code)
        .add_attribute("by", info.sender))
}

/// Withdraws a participant. Allowed while frozen: withdrawal is the participant's right.
pub fn withdraw(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    participant: Sha256Hash,
    reason: WithdrawalReason,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    let site_code = if trial.sponsor == info.sender {
        None
    } else {
        Some(assert_site(deps.storage, trial_id, &info.sender)?)
    };
    participant.validate("participant")?;
    let mut p = load_participant(deps.storage, trial_id, &participant)?;
    if let Some(site) = &site_code {
        ensure_same_site(&p, site)?;
    }
    if p.withdrawal.is_some() {
        return Err(ContractError::ParticipantWithdrawn {});
    }
    p.withdrawal = Some(Withdrawal {
        at: env.block.time,
        reason,
    });
    PARTICIPANTS.save(deps.storage, (trial_id, participant.as_str()), &p)?;
    Ok(Response::new()
        .add_attribute("action", "withdraw")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.0)
        .add_attribute("reason", json_code(&reason))
        .add_attribute("site_code", p.site_code)
        .add_attribute("by", info.sender))
}

/// Commits the allocation list's root before the first enrollment.
pub fn commit_randomization(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    root: Sha256Hash,
    list_size: u64,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "commit the randomization")?;
    ensure_not_frozen(&trial)?;
    root.validate("root")?;
    if list_size == 0 {
        return Err(ContractError::InvalidInput(
            "list_size must be at least 1".into(),
        ));
    }
    if !trial.randomized {
        return Err(ContractError::NotRandomized { trial_id });
    }
    if trial.randomization.is_some() {
        return Err(ContractError::RandomizationAlreadyCommitted {});
    }
    if trial.started_at.is_some() {
        return Err(ContractError::EnrollmentAlreadyStarted {});
    }
    trial.randomization = Some(RandomizationCommitment {
        root: root.clone(),
        list_size,
        committed_at: env.block.time,
        used: 0,
        revealed: 0,
    });
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "commit_randomization")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("root", root.0)
        .add_attribute("list_size", list_size.to_string()))
}

/// Reveals a participant's arm after the lock and proves it against the commitment.
pub fn reveal_allocation(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    participant: Sha256Hash,
    arm: String,
    salt: Sha256Hash,
    proof: MerkleProof,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if trial.sponsor != info.sender
        && !has_role(
            deps.storage,
            trial_id,
            &info.sender,
            &TrialRole::DataMonitoringCommittee {},
        )?
    {
        return Err(ContractError::unauthorized(
            "the sponsor or the DMC",
            "reveal allocations",
        ));
    }
    // Part of the results duty (every used slot is revealed before results): allowed while
    // frozen.
    participant.validate("participant")?;
    validate_token("arm", &arm, MAX_CODE_LEN)?;
    salt.validate("salt")?;
    let commitment = trial
        .randomization
        .clone()
        .ok_or(ContractError::NotRandomized { trial_id })?;
    if trial.lock.is_none() {
        return Err(ContractError::RevealBeforeLock {});
    }
    let mut p = load_participant(deps.storage, trial_id, &participant)?;
    let slot = p.allocation_slot.ok_or(ContractError::NotEnrolled {})?;
    if p.revealed_arm.is_some() {
        return Err(ContractError::AllocationAlreadyRevealed {});
    }
    if proof.leaf_index != slot || proof.leaf_count != commitment.list_size {
        return Err(ContractError::AllocationProofMismatch {
            slot,
            list_size: commitment.list_size,
        });
    }
    let root = commitment.root.to_bytes_checked("root")?;
    verify_inclusion(&root, &allocation_leaf(slot, &arm, &salt), &proof)
        .map_err(ContractError::AllocationMismatch)?;
    p.revealed_arm = Some(arm.clone());
    PARTICIPANTS.save(deps.storage, (trial_id, participant.as_str()), &p)?;
    // Counted against the commitment, and written to the unblinding log.
    let mut commitment = commitment;
    commitment.revealed = next_u64(commitment.revealed)?;
    trial.randomization = Some(commitment);
    let unblinding_id = next_u64(trial.counts.unblindings)?;
    trial.counts.unblindings = unblinding_id;
    if trial.sponsor == info.sender && trial.sponsor_unblinded_at.is_none() {
        trial.sponsor_unblinded_at = Some(env.block.time);
    }
    UNBLINDINGS.save(
        deps.storage,
        (trial_id, unblinding_id),
        &Unblinding {
            id: unblinding_id,
            kind: UnblindingKind::Planned,
            scope: UnblindingScope::Participant {
                participant: participant.clone(),
            },
            reason: UnblindingReason::FinalAnalysis,
            document_hash: None,
            by: info.sender.clone(),
            at: env.block.time,
        },
    )?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "reveal_allocation")
        .add_attribute("unblinding_id", unblinding_id.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.0)
        .add_attribute("allocation_slot", slot.to_string())
        .add_attribute("arm", arm)
        .add_attribute("by", info.sender))
}
