//! Consent, enrollment, visits, withdrawal and randomization.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_token, MAX_CODE_LEN};
use cw_health_types::merkle::{verify_inclusion, MerkleProof};
use cw_health_types::trial_anchor::{
    allocation_leaf, DeadlineCause, DocumentKind, RandomizationCommitment, Trial, TrialRole,
    Unblinding, UnblindingKind, UnblindingReason, UnblindingScope, Withdrawal, WithdrawalReason,
    REGISTRATION_WINDOW_SECS,
};
use cw_health_types::Sha256Hash;

use super::consent_proof::{ensure_grant_still_in_force, prove_consent};
use super::{
    assert_site, assert_sponsor, bump_hot, change_clock, ensure_approved, ensure_not_frozen,
    ensure_same_site, has_role, load_participant, load_trial, next_u32, next_u64, plus,
    validate_opt_hash,
};
use crate::error::ContractError;
use crate::state::{
    hot_count, may_load_participant, save_consent, save_participant, save_trial, save_trial_clocks,
    save_trial_state, set_hot_count, HotCounter, StoredConsent, StoredParticipant,
    ALLOCATION_SLOTS, PATIENT_PSEUDONYMS, UNBLINDINGS,
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
    let key = participant.as_str();
    let existing = consenting_participant(deps.storage, &trial, &site_code, &participant)?;
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
    let now = env.block.time;
    let mut record = existing.unwrap_or_else(|| StoredParticipant::new(&site_code, now));
    record.ehr_grant_id = ehr_grant_id;
    let ehr_verified = commitment.is_some();
    if ehr_verified {
        record.patient_commitment = commitment;
    }
    record.latest_consent_version = trial.protocol_version;
    record.latest_consent_form_version = trial.consent_form_version;
    record.consent_count = next_u32(record.consent_count)?;
    let seq = record.consent_count;
    save_participant(deps.storage, trial_id, key, &record)?;
    if trial.first_consent_at.is_none() {
        // A hot field: the record is not rewritten.
        trial.first_consent_at = Some(now);
        save_trial_state(deps.storage, &trial)?;
    }
    let consent = StoredConsent {
        protocol_version: trial.protocol_version,
        consent_form_version: trial.consent_form_version,
        at: now,
        signed_form_hash,
        ehr_verified,
        ehr_grant_id,
        site_code,
    };
    save_consent(deps.storage, trial_id, key, seq, &consent)?;
    Ok(consent_response(trial_id, &participant, seq, &consent).add_attribute("by", info.sender))
}

/// Whether a consent may be recorded now: the trial is not final, its current protocol and
/// consent form are approved, and a participant already known is the site's own, not withdrawn
/// and not already consented to the current versions. Returns that participant, if any.
fn consenting_participant(
    storage: &dyn Storage,
    trial: &Trial,
    site_code: &str,
    pseudonym: &Sha256Hash,
) -> Result<Option<StoredParticipant>, ContractError> {
    if trial.status.is_final() {
        return Err(ContractError::NotEnrolling {
            trial_id: trial.id,
            status: trial.status,
        });
    }
    ensure_approved(storage, trial, DocumentKind::Protocol)?;
    ensure_approved(storage, trial, DocumentKind::ConsentForm)?;
    let existing = may_load_participant(storage, trial.id, pseudonym.as_str())?;
    if let Some(p) = &existing {
        ensure_same_site(p, site_code)?;
        if p.withdrawal.is_some() {
            return Err(ContractError::ParticipantWithdrawn {});
        }
        if p.consent_is_current(trial) {
            return Err(ContractError::AlreadyConsented {
                protocol_version: p.latest_consent_version,
            });
        }
    }
    Ok(existing)
}

/// The consent's response: ids, versions, site, proof and form hash.
fn consent_response(
    trial_id: u64,
    participant: &Sha256Hash,
    seq: u32,
    c: &StoredConsent,
) -> Response {
    Response::new()
        .add_attribute("action", "record_consent")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.as_str())
        .add_attribute("consent_seq", seq.to_string())
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
    existing: Option<&StoredParticipant>,
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
    existing: Option<&StoredParticipant>,
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
/// a slot the site names must be that one. Enrollment `n` (from 0) takes slot `n`: the slots
/// used are the `enrolled` before this one.
fn take_allocation_slot(
    trial: &Trial,
    enrolled: u64,
    allocation_slot: Option<u64>,
) -> Result<Option<u64>, ContractError> {
    match (
        trial.randomized,
        trial.randomization.as_ref(),
        allocation_slot,
    ) {
        (false, _, Some(_)) => Err(ContractError::AllocationSlotNotAllowed {}),
        (false, _, None) => Ok(None),
        (true, None, _) => Err(ContractError::RandomizationNotCommitted {}),
        (true, Some(c), given) => {
            let next = enrolled;
            if let Some(slot) = given.filter(|s| *s != next) {
                return Err(ContractError::AllocationSlotNotNext { slot, next });
            }
            if next >= c.list_size {
                return Err(ContractError::AllocationSlotOutOfRange {
                    slot: next,
                    list_size: c.list_size,
                });
            }
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
    let key = participant.as_str();
    let mut p = enrollable_participant(deps.storage, &trial, &site_code, &participant)?;
    ensure_grant_still_in_force(deps.as_ref(), &env, trial_id, &p)?;
    let enrolled = hot_count(deps.storage, &trial, HotCounter::Enrolled)?;
    let slot = take_allocation_slot(&trial, enrolled, allocation_slot)?;

    let now = env.block.time;
    if let Some(slot) = slot {
        ALLOCATION_SLOTS.save(deps.storage, (trial_id, slot), &key.to_string())?;
    }
    p.enrolled_at = Some(now);
    p.allocation_slot = slot;
    save_participant(deps.storage, trial_id, key, &p)?;
    // The count read above is the one bumped (nothing in between changes it): one read.
    let enrolled = next_u64(enrolled)?;
    set_hot_count(deps.storage, trial_id, HotCounter::Enrolled, enrolled)?;
    // The first enrollment (the actual start) writes the trial's start and clocks (one small
    // entry, with the registration clock it opens); never the trial record.
    let first = trial.started_at.is_none();
    if first {
        start_trial(deps.storage, &mut trial, now, &info.sender)?;
        save_trial_clocks(deps.storage, &trial)?;
    }
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
        .add_attribute("enrolled", enrolled.to_string())
        .add_attribute("by", info.sender))
}

/// Whether the participant may be enrolled now: the trial is enrolling with an approved protocol
/// and consent form, and the participant is the site's own, not withdrawn, not yet enrolled and
/// consented to the current versions.
///
/// A consent is recorded only to the current versions once both are approved (see
/// `consenting_participant`), versions only grow and an approval is never withdrawn: a
/// participant consented to the current versions consented to approved ones. So the documents
/// are read only to explain a refusal (issue 20: two reads of about 460 bytes less per
/// enrollment), and a refusal is the one it always was: an unapproved current document first.
fn enrollable_participant(
    storage: &dyn Storage,
    trial: &Trial,
    site_code: &str,
    pseudonym: &Sha256Hash,
) -> Result<StoredParticipant, ContractError> {
    if !trial.status.is_enrolling() {
        return Err(ContractError::NotEnrolling {
            trial_id: trial.id,
            status: trial.status,
        });
    }
    consented_participant(storage, trial, site_code, pseudonym).or_else(|refusal| {
        ensure_approved(storage, trial, DocumentKind::Protocol)?;
        ensure_approved(storage, trial, DocumentKind::ConsentForm)?;
        Err(refusal)
    })
}

/// The participant, when the site's own, not withdrawn, not yet enrolled and consented to the
/// trial's current versions.
fn consented_participant(
    storage: &dyn Storage,
    trial: &Trial,
    site_code: &str,
    pseudonym: &Sha256Hash,
) -> Result<StoredParticipant, ContractError> {
    let no_consent = || ContractError::NoConsentToCurrentVersion {
        protocol_version: trial.protocol_version,
        consent_form_version: trial.consent_form_version,
    };
    let p = may_load_participant(storage, trial.id, pseudonym.as_str())?.ok_or_else(no_consent)?;
    ensure_same_site(&p, site_code)?;
    if p.withdrawal.is_some() {
        return Err(ContractError::ParticipantWithdrawn {});
    }
    if p.enrolled_at.is_some() {
        return Err(ContractError::AlreadyEnrolled {});
    }
    if !p.consent_is_current(trial) {
        return Err(no_consent());
    }
    Ok(p)
}

/// The first enrollment is the actual start: outcomes registered from now on are not
/// pre-specified, and an unregistered trial's registration clock starts (the caller saves the
/// trial's clocks: `save_trial_clocks`).
fn start_trial(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    now: Timestamp,
    by: &Addr,
) -> Result<(), ContractError> {
    trial.started_at = Some(now);
    if trial.registry_id.is_none() {
        let due = plus(now, REGISTRATION_WINDOW_SECS)?;
        change_clock(
            storage,
            trial,
            DeadlineCause::FirstEnrollment,
            Some(due),
            now,
            by,
        )?;
    }
    Ok(())
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
    if p.reconsent_required(&trial) {
        return Err(ContractError::ReconsentRequired {
            protocol_version: trial.reconsent_from_version,
            consent_form_version: trial.reconsent_from_consent_form_version,
        });
    }
    ensure_grant_still_in_force(deps.as_ref(), &env, trial_id, &p)?;
    p.visits = p.visits.checked_add(1).ok_or(ContractError::Overflow {})?;
    save_participant(deps.storage, trial_id, participant.as_str(), &p)?;
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
    save_participant(deps.storage, trial_id, participant.as_str(), &p)?;
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
    save_trial(deps.storage, &mut trial)?;
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
    let (mut p, slot) =
        prove_allocation(deps.storage, &mut trial, &participant, &arm, &salt, &proof)?;
    p.revealed_arm = Some(arm.clone());
    save_participant(deps.storage, trial_id, participant.as_str(), &p)?;
    let unblinding_id = log_reveal(
        deps.storage,
        &mut trial,
        participant.clone(),
        &info.sender,
        env.block.time,
    )?;
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", "reveal_allocation")
        .add_attribute("unblinding_id", unblinding_id.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("participant", participant.0)
        .add_attribute("allocation_slot", slot.to_string())
        .add_attribute("arm", arm)
        .add_attribute("by", info.sender))
}

/// Proves the participant's arm against the randomization commitment, after the lock, once per
/// participant, and counts the reveal on the commitment. Returns the participant and its slot.
fn prove_allocation(
    storage: &dyn Storage,
    trial: &mut Trial,
    participant: &Sha256Hash,
    arm: &str,
    salt: &Sha256Hash,
    proof: &MerkleProof,
) -> Result<(StoredParticipant, u64), ContractError> {
    let locked = trial.lock.is_some();
    let trial_id = trial.id;
    let commitment = trial
        .randomization
        .as_mut()
        .ok_or(ContractError::NotRandomized { trial_id })?;
    if !locked {
        return Err(ContractError::RevealBeforeLock {});
    }
    let p = load_participant(storage, trial_id, participant)?;
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
    verify_inclusion(&root, &allocation_leaf(slot, arm, salt), proof)
        .map_err(ContractError::AllocationMismatch)?;
    commitment.revealed = next_u64(commitment.revealed)?;
    Ok((p, slot))
}

/// Writes a reveal to the unblinding log (planned, final analysis, one participant); a reveal by
/// the sponsor unblinds the sponsor. Returns the log entry's id.
fn log_reveal(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    participant: Sha256Hash,
    by: &Addr,
    at: Timestamp,
) -> Result<u64, ContractError> {
    let id = bump_hot(storage, trial, HotCounter::Unblindings)?;
    if trial.sponsor == *by && trial.sponsor_unblinded_at.is_none() {
        trial.sponsor_unblinded_at = Some(at);
    }
    UNBLINDINGS.save(
        storage,
        (trial.id, id),
        &Unblinding {
            id,
            kind: UnblindingKind::Planned,
            scope: UnblindingScope::Participant { participant },
            reason: UnblindingReason::FinalAnalysis,
            document_hash: None,
            by: by.clone(),
            at,
        },
    )?;
    Ok(id)
}
