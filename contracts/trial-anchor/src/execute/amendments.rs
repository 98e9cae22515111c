//! Amendments (documents superseded, outcomes superseded, never edited) and IRB approvals.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_list_len, MAX_LIST_LEN};
use cw_health_types::trial_anchor::{
    AmendMsg, Amendment, AmendmentReason, Approval, DocumentKind, Outcome, OutcomeChange,
    Supersession, Trial, TrialDocument, TrialRole, MAX_OUTCOMES_PER_TRIAL,
};
use cw_health_types::Sha256Hash;

use super::{
    assert_sponsor, ensure_not_frozen, has_role, load_trial, next_u32, validate_opt_hash,
    validate_outcome_spec,
};
use crate::error::ContractError;
use crate::state::{
    save_trial, AMENDMENTS, CURRENT_OUTCOME, DOCUMENTS, ETHICS_COMMITTEES, OUTCOMES, SUPERSESSIONS,
};

/// Amends a document: a new version, superseding outcomes, never editing them.
pub fn amend_protocol(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AmendMsg,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut trial = load_trial(deps.storage, msg.trial_id)?;
    let trial_id = trial.id;
    assert_sponsor(&trial, &info.sender, "amend the protocol")?;
    check_amendment(&trial, &msg)?;
    check_outcome_changes(deps.storage, &trial, &msg.outcome_changes)?;

    // State changes.
    let amendment_id = next_u32(trial.counts.amendments)?;
    trial.counts.amendments = amendment_id;
    let after_start = trial.started_at.is_some();
    let (version, previous_sha256) =
        new_document_version(deps.storage, &mut trial, &msg, amendment_id, now)?;
    let (outcomes_added, outcomes_superseded) = apply_outcome_changes(
        deps.storage,
        &mut trial,
        msg.outcome_changes,
        (version, amendment_id, after_start),
        now,
    )?;
    if msg.requires_reconsent {
        trial.reconsent_from_version = trial.protocol_version;
        trial.reconsent_from_consent_form_version = trial.consent_form_version;
    }
    let amendment = Amendment {
        id: amendment_id,
        document_kind: msg.document_kind,
        new_version: version,
        reason: msg.reason,
        reason_hash: msg.reason_hash,
        made_while_blinded: msg.made_while_blinded && trial.sponsor_unblinded_at.is_none(),
        requires_reconsent: msg.requires_reconsent,
        outcomes_added,
        outcomes_superseded,
        after_start,
        by: info.sender,
        at: now,
    };
    AMENDMENTS.save(deps.storage, (trial_id, amendment_id), &amendment)?;
    save_trial(deps.storage, &mut trial)?;
    Ok(amendment_response(
        trial_id,
        &amendment,
        previous_sha256,
        msg.content.sha256.0,
    ))
}

/// The amendment's own rules (no outcome changes yet): who, when, what may change.
fn check_amendment(trial: &Trial, msg: &AmendMsg) -> Result<(), ContractError> {
    ensure_not_frozen(trial)?;
    msg.content.validate()?;
    validate_opt_hash("reason_hash", &msg.reason_hash)?;
    if msg.reason == AmendmentReason::Other && msg.reason_hash.is_none() {
        return Err(ContractError::ReasonDocumentRequired {});
    }
    // Blindness is derived from the unblinding log, not taken on the sponsor's word.
    if let (true, Some(at)) = (msg.made_while_blinded, trial.sponsor_unblinded_at) {
        return Err(ContractError::BlindingMisdeclared {
            unblinded_at: at.seconds(),
        });
    }
    validate_list_len("outcome_changes", &msg.outcome_changes, MAX_LIST_LEN)?;
    if msg.document_kind != DocumentKind::Protocol && !msg.outcome_changes.is_empty() {
        return Err(ContractError::OutcomeChangeNotProtocol {});
    }
    if msg.document_kind == DocumentKind::StatisticalAnalysisPlan && msg.requires_reconsent {
        return Err(ContractError::ReconsentNotApplicable {});
    }
    if trial.results_posted_at.is_some() {
        return Err(ContractError::AmendAfterResults {});
    }
    if trial.lock.is_some() && !msg.outcome_changes.is_empty() {
        return Err(ContractError::OutcomeChangeAfterLock {});
    }
    if msg.document_kind == DocumentKind::StatisticalAnalysisPlan && trial.sap_final.is_some() {
        return Err(ContractError::DocumentFinal {
            kind: msg.document_kind,
        });
    }
    Ok(())
}

/// Checks every outcome change before anything is written: an added code is new (once), a
/// replacement keeps its code, no revision is touched twice, the trial stays within
/// `MAX_OUTCOMES_PER_TRIAL`.
fn check_outcome_changes(
    storage: &dyn Storage,
    trial: &Trial,
    changes: &[OutcomeChange],
) -> Result<(), ContractError> {
    let trial_id = trial.id;
    let mut touched: Vec<u32> = Vec::new();
    let mut added_codes: Vec<&str> = Vec::new();
    let mut new_revisions: u32 = 0;
    let mut touch = |outcome_key: u32| {
        if touched.contains(&outcome_key) {
            return Err(ContractError::DuplicateOutcomeChange { outcome_key });
        }
        touched.push(outcome_key);
        Ok(())
    };
    for change in changes {
        match change {
            OutcomeChange::Add { spec } => {
                validate_outcome_spec(spec)?;
                if let Some(key) =
                    CURRENT_OUTCOME.may_load(storage, (trial_id, spec.code.as_str()))?
                {
                    return Err(ContractError::OutcomeImmutable { outcome_key: key });
                }
                if added_codes.contains(&spec.code.as_str()) {
                    return Err(ContractError::InvalidInput(format!(
                        "outcome code {} is added twice",
                        spec.code
                    )));
                }
                added_codes.push(spec.code.as_str());
                new_revisions = next_u32(new_revisions)?;
            }
            OutcomeChange::Replace { outcome_key, spec } => {
                validate_outcome_spec(spec)?;
                let old = current_outcome(storage, trial_id, *outcome_key)?;
                if old.spec.code != spec.code {
                    return Err(ContractError::ReplacementCodeMismatch {
                        code: old.spec.code,
                    });
                }
                touch(*outcome_key)?;
                new_revisions = next_u32(new_revisions)?;
            }
            OutcomeChange::Drop { outcome_key } => {
                current_outcome(storage, trial_id, *outcome_key)?;
                touch(*outcome_key)?;
            }
        }
    }
    let total = trial
        .counts
        .outcomes
        .checked_add(new_revisions)
        .ok_or(ContractError::Overflow {})?;
    if total > MAX_OUTCOMES_PER_TRIAL {
        return Err(ContractError::TooManyOutcomes {
            max: MAX_OUTCOMES_PER_TRIAL,
        });
    }
    Ok(())
}

/// Stores the amended document as the next version of its kind; returns the version and the
/// hash of the version it supersedes.
fn new_document_version(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    msg: &AmendMsg,
    amendment_id: u32,
    now: Timestamp,
) -> Result<(u32, Option<String>), ContractError> {
    let version = match msg.document_kind {
        DocumentKind::Protocol => {
            trial.protocol_version = next_u32(trial.protocol_version)?;
            trial.protocol_version
        }
        DocumentKind::ConsentForm => {
            trial.consent_form_version = next_u32(trial.consent_form_version)?;
            trial.consent_form_version
        }
        DocumentKind::StatisticalAnalysisPlan => {
            trial.sap_version = next_u32(trial.sap_version)?;
            trial.sap_version
        }
    };
    // The version superseded (old -> new hash in the audit trail).
    let previous_sha256 = match version.checked_sub(1) {
        Some(prev) if prev > 0 => DOCUMENTS
            .may_load(storage, (trial.id, msg.document_kind.code(), prev))?
            .map(|d| d.content.sha256.0),
        _ => None,
    };
    DOCUMENTS.save(
        storage,
        (trial.id, msg.document_kind.code(), version),
        &TrialDocument {
            kind: msg.document_kind,
            version,
            content: msg.content.clone(),
            registered_at: now,
            amendment_id: Some(amendment_id),
            irb_approval: None,
        },
    )?;
    Ok((version, previous_sha256))
}

/// Writes the checked outcome changes: new revisions, supersessions, the current revision per
/// code. `at` is (protocol version, amendment id, after start). Returns the keys added and
/// superseded.
fn apply_outcome_changes(
    storage: &mut dyn Storage,
    trial: &mut Trial,
    changes: Vec<OutcomeChange>,
    at: (u32, u32, bool),
    now: Timestamp,
) -> Result<(Vec<u32>, Vec<u32>), ContractError> {
    let (version, amendment_id, after_start) = at;
    let trial_id = trial.id;
    let mut outcomes_added = Vec::new();
    let mut outcomes_superseded = Vec::new();
    for change in changes {
        let (old_key, spec) = match change {
            OutcomeChange::Add { spec } => (None, Some(spec)),
            OutcomeChange::Replace { outcome_key, spec } => (Some(outcome_key), Some(spec)),
            OutcomeChange::Drop { outcome_key } => (Some(outcome_key), None),
        };
        let new_key = match spec {
            Some(spec) => {
                let key = next_u32(trial.counts.outcomes)?;
                trial.counts.outcomes = key;
                CURRENT_OUTCOME.save(storage, (trial_id, spec.code.as_str()), &key)?;
                OUTCOMES.save(
                    storage,
                    (trial_id, key),
                    &Outcome {
                        key,
                        spec,
                        protocol_version: version,
                        registered_at: now,
                        amendment_id: Some(amendment_id),
                        replaces: old_key,
                        registered_before_start: !after_start,
                    },
                )?;
                outcomes_added.push(key);
                Some(key)
            }
            None => None,
        };
        if let Some(old_key) = old_key {
            if new_key.is_none() {
                let old = OUTCOMES.load(storage, (trial_id, old_key))?;
                CURRENT_OUTCOME.remove(storage, (trial_id, old.spec.code.as_str()));
            }
            SUPERSESSIONS.save(
                storage,
                (trial_id, old_key),
                &Supersession {
                    amendment_id,
                    at: now,
                    replaced_by: new_key,
                    after_start,
                },
            )?;
            outcomes_superseded.push(old_key);
        }
    }
    Ok((outcomes_added, outcomes_superseded))
}

/// The amendment's response: ids, versions, hashes, flags and the outcome keys.
fn amendment_response(
    trial_id: u64,
    amendment: &Amendment,
    previous_sha256: Option<String>,
    content_sha256: String,
) -> Response {
    let keys = |v: &[u32]| {
        v.iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    Response::new()
        .add_attribute("action", "amend_protocol")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("amendment_id", amendment.id.to_string())
        .add_attribute("document_kind", amendment.document_kind.as_str())
        .add_attribute("version", amendment.new_version.to_string())
        .add_attribute(
            "previous_sha256",
            previous_sha256.unwrap_or_else(|| "none".into()),
        )
        .add_attribute("content_sha256", content_sha256)
        .add_attribute("reason", json_code(&amendment.reason))
        .add_attribute(
            "reason_hash",
            amendment
                .reason_hash
                .as_ref()
                .map_or("none".into(), |h| h.0.clone()),
        )
        .add_attribute(
            "made_while_blinded",
            amendment.made_while_blinded.to_string(),
        )
        .add_attribute(
            "requires_reconsent",
            amendment.requires_reconsent.to_string(),
        )
        .add_attribute("after_start", amendment.after_start.to_string())
        .add_attribute("outcomes_added", keys(&amendment.outcomes_added))
        .add_attribute("outcomes_superseded", keys(&amendment.outcomes_superseded))
        .add_attribute("by", amendment.by.clone())
}

/// Loads an outcome revision that is not superseded.
fn current_outcome(
    storage: &dyn cosmwasm_std::Storage,
    trial_id: u64,
    outcome_key: u32,
) -> Result<Outcome, ContractError> {
    let o = OUTCOMES.may_load(storage, (trial_id, outcome_key))?.ok_or(
        ContractError::OutcomeNotFound {
            trial_id,
            outcome_key,
        },
    )?;
    if SUPERSESSIONS.has(storage, (trial_id, outcome_key)) {
        return Err(ContractError::OutcomeSuperseded { outcome_key });
    }
    Ok(o)
}

/// The IRB approves the current protocol or consent-form version.
pub fn approve_document(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: DocumentKind,
    version: u32,
    approval_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    if !has_role(
        deps.storage,
        trial_id,
        &info.sender,
        &TrialRole::EthicsCommittee {},
    )? {
        return Err(ContractError::unauthorized(
            "the ethics committee",
            "approve documents",
        ));
    }
    ensure_not_frozen(&trial)?;
    // Only while accredited: a committee whose accreditation was withdrawn approves nothing.
    if !ETHICS_COMMITTEES.has(deps.storage, &info.sender) {
        return Err(ContractError::EthicsCommitteeNotAccredited {
            address: info.sender.to_string(),
        });
    }
    approval_hash.validate("approval_hash")?;
    let current = match kind {
        DocumentKind::Protocol => trial.protocol_version,
        DocumentKind::ConsentForm => trial.consent_form_version,
        DocumentKind::StatisticalAnalysisPlan => return Err(ContractError::NotApprovable {}),
    };
    if version != current {
        return Err(ContractError::NotCurrentVersion {
            kind,
            version,
            current,
        });
    }
    let key = (trial_id, kind.code(), version);
    let mut doc = DOCUMENTS.load(deps.storage, key)?;
    if doc.irb_approval.is_some() {
        return Err(ContractError::AlreadyApproved { kind, version });
    }
    doc.irb_approval = Some(Approval {
        by: info.sender.clone(),
        at: env.block.time,
        approval_hash: approval_hash.clone(),
    });
    DOCUMENTS.save(deps.storage, key, &doc)?;
    Ok(Response::new()
        .add_attribute("action", "approve_document")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("document_kind", kind.as_str())
        .add_attribute("version", version.to_string())
        .add_attribute("approval_hash", approval_hash.0)
        .add_attribute("by", info.sender))
}
