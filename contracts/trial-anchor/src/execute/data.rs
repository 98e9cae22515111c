//! Data anchoring, unblinding log, adverse events, SAP final, database lock and results.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Order, Response};
use cw_health_types::limits::{validate_list_len, validate_token, MAX_CODE_LEN, MAX_ID_LEN};
use cw_health_types::trial_anchor::{
    AdverseEvent, AdverseEventMsg, AnchorBatchMsg, Batch, DatabaseLock, ResultEntry, ResultOutcome,
    Results, SafetyReport, SapFinal, Seriousness, TrialRole, Unblinding, UnblindingKind,
    UnblindingReason, UnblindingScope, MAX_RESULT_ENTRIES, SAFETY_REPORT_FATAL_SECS,
    SAFETY_REPORT_OTHER_SECS,
};
use cw_health_types::{ContentRef, Sha256Hash};

use super::{
    active_role, assert_site, assert_sponsor, assert_sponsor_or_responsible, ensure_not_frozen,
    ensure_same_site, load_participant, load_trial, move_deadline, next_u64, plus,
    validate_opt_hash, validate_outcome_spec,
};
use crate::error::ContractError;
use crate::state::{ADVERSE_EVENTS, BATCHES, OUTCOMES, RESULTS, SLOT_RESULTS, TRIALS, UNBLINDINGS};

/// Deadline slot of an adverse event's expedited safety report.
pub(crate) fn safety_slot(adverse_event_id: u64) -> Result<u64, ContractError> {
    adverse_event_id
        .checked_add(1)
        .ok_or(ContractError::Overflow {})
}

/// A site anchors a batch (or, after the lock, only a correction).
pub fn anchor_batch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AnchorBatchMsg,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, msg.trial_id)?;
    let trial_id = trial.id;
    let site_code = assert_site(deps.storage, trial_id, &info.sender)?;
    ensure_not_frozen(&trial)?;
    msg.merkle_root.validate("merkle_root")?;
    msg.schema_hash.validate("schema_hash")?;
    if msg.leaf_count == 0 {
        return Err(ContractError::InvalidInput(
            "leaf_count must be at least 1".into(),
        ));
    }
    let now = env.block.time;
    if msg.period_start >= msg.period_end || msg.period_end > now {
        return Err(ContractError::time(
            "the period must be non-empty and end no later than now",
            msg.period_end,
        ));
    }
    if let Some(c) = &msg.correction {
        let original = BATCHES
            .may_load(deps.storage, (trial_id, c.original_batch_id))?
            .ok_or(ContractError::BatchNotFound {
                trial_id,
                batch_id: c.original_batch_id,
            })?;
        if original.site_code != site_code {
            return Err(ContractError::CorrectionWrongSite {
                batch_id: original.id,
                site_code: original.site_code,
            });
        }
    }
    let after_lock = trial.lock.is_some();
    if after_lock && msg.correction.is_none() {
        return Err(ContractError::AnchorAfterLock {});
    }
    let id = next_u64(trial.counts.batches)?;
    trial.counts.batches = id;
    let batch = Batch {
        id,
        site_code: site_code.clone(),
        by: info.sender.clone(),
        merkle_root: msg.merkle_root,
        leaf_count: msg.leaf_count,
        period_start: msg.period_start,
        period_end: msg.period_end,
        schema_hash: msg.schema_hash,
        correction: msg.correction,
        after_lock,
        anchored_at: now,
    };
    BATCHES.save(deps.storage, (trial_id, id), &batch)?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    let mut res = Response::new()
        .add_attribute("action", "anchor_batch")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("batch_id", id.to_string())
        .add_attribute("site_code", site_code)
        .add_attribute("merkle_root", batch.merkle_root.0)
        .add_attribute("leaf_count", batch.leaf_count.to_string())
        .add_attribute("after_lock", after_lock.to_string());
    if let Some(c) = batch.correction {
        res = res
            .add_attribute("corrects_batch_id", c.original_batch_id.to_string())
            .add_attribute("correction_reason", format!("{:?}", c.reason));
    }
    Ok(res.add_attribute("by", info.sender))
}

/// Logs an unblinding. Allowed while frozen (an unblinding that happened must be logged).
pub fn record_unblinding(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: UnblindingKind,
    scope: UnblindingScope,
    reason: UnblindingReason,
    document_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    let role = active_role(deps.storage, trial_id, &info.sender)?;
    let is_sponsor = trial.sponsor == info.sender;
    let site = match &role {
        Some(TrialRole::SiteInvestigator { site_code }) => Some(site_code.clone()),
        _ => None,
    };
    let is_dmc = matches!(role, Some(TrialRole::DataMonitoringCommittee {}));
    if !is_sponsor && !is_dmc && site.is_none() {
        return Err(ContractError::unauthorized(
            "the sponsor, the DMC or a site investigator",
            "record unblindings",
        ));
    }
    validate_opt_hash("document_hash", &document_hash)?;
    match &scope {
        UnblindingScope::Participant { participant } => {
            participant.validate("scope.participant")?;
            let p = load_participant(deps.storage, trial_id, participant)?;
            if let Some(s) = &site {
                ensure_same_site(&p, s)?;
            }
        }
        UnblindingScope::Site { site_code } => {
            validate_token("scope.site_code", site_code, MAX_ID_LEN)?;
            if let Some(s) = &site {
                if s != site_code {
                    return Err(ContractError::WrongSite {
                        caller_site: s.clone(),
                        participant_site: site_code.clone(),
                    });
                }
            }
        }
        UnblindingScope::AggregateByArm {} | UnblindingScope::Trial {} => {}
    }
    let kind_str = format!("{kind:?}");
    let not_allowed = || ContractError::UnblindingNotAllowed {
        kind: kind_str.clone(),
    };
    // A site logs only emergency or inadvertent unblindings of its own participants or site.
    if site.is_some()
        && (kind == UnblindingKind::Planned
            || matches!(
                scope,
                UnblindingScope::AggregateByArm {} | UnblindingScope::Trial {}
            ))
    {
        return Err(not_allowed());
    }
    // Planned aggregate looks belong to the DMC alone; the sponsor stays blinded.
    if kind == UnblindingKind::Planned
        && matches!(scope, UnblindingScope::AggregateByArm {})
        && !is_dmc
    {
        return Err(not_allowed());
    }
    if kind == UnblindingKind::Planned
        && matches!(scope, UnblindingScope::Trial {})
        && trial.lock.is_none()
    {
        return Err(ContractError::UnblindBeforeLock {});
    }
    let id = next_u64(trial.counts.unblindings)?;
    trial.counts.unblindings = id;
    let scope_str = match &scope {
        UnblindingScope::Participant { .. } => "participant",
        UnblindingScope::Site { .. } => "site",
        UnblindingScope::AggregateByArm {} => "aggregate_by_arm",
        UnblindingScope::Trial {} => "trial",
    };
    UNBLINDINGS.save(
        deps.storage,
        (trial_id, id),
        &Unblinding {
            id,
            kind,
            scope,
            reason,
            document_hash,
            by: info.sender.clone(),
            at: env.block.time,
        },
    )?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_unblinding")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("unblinding_id", id.to_string())
        .add_attribute("kind", kind_str)
        .add_attribute("scope", scope_str)
        .add_attribute("reason", format!("{reason:?}"))
        .add_attribute("by", info.sender))
}

/// A site reports an adverse event. Allowed while frozen: harm is always reported.
pub fn report_adverse_event(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AdverseEventMsg,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, msg.trial_id)?;
    let trial_id = trial.id;
    let site_code = assert_site(deps.storage, trial_id, &info.sender)?;
    msg.participant.validate("participant")?;
    validate_token("event_code", &msg.event_code, MAX_CODE_LEN)?;
    let now = env.block.time;
    if msg.onset > now {
        return Err(ContractError::time("onset is in the future", msg.onset));
    }
    if msg.aware_at < msg.onset || msg.aware_at > now {
        return Err(ContractError::time(
            "aware_at must lie between the onset and now",
            msg.aware_at,
        ));
    }
    let p = load_participant(deps.storage, trial_id, &msg.participant)?;
    ensure_same_site(&p, &site_code)?;
    if p.enrolled_at.is_none() {
        return Err(ContractError::NotEnrolled {});
    }
    let id = next_u64(trial.counts.adverse_events)?;
    trial.counts.adverse_events = id;
    // Expedited IND safety report (21 CFR 312.32(c)): serious, unexpected and suspected.
    let due = if msg.seriousness.is_serious() && !msg.expected && msg.causality.is_suspected() {
        let window = match msg.seriousness {
            Seriousness::Fatal | Seriousness::LifeThreatening => SAFETY_REPORT_FATAL_SECS,
            _ => SAFETY_REPORT_OTHER_SECS,
        };
        Some(plus(msg.aware_at, window)?)
    } else {
        None
    };
    let ae = AdverseEvent {
        id,
        participant: msg.participant,
        event_code: msg.event_code,
        seriousness: msg.seriousness,
        expected: msg.expected,
        causality: msg.causality,
        onset: msg.onset,
        aware_at: msg.aware_at,
        reported_at: now,
        site_code: site_code.clone(),
        safety_report_due: due,
        safety_report: None,
    };
    ADVERSE_EVENTS.save(deps.storage, (trial_id, id), &ae)?;
    move_deadline(deps.storage, trial_id, safety_slot(id)?, None, due)?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "report_adverse_event")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("adverse_event_id", id.to_string())
        .add_attribute("participant", ae.participant.0)
        .add_attribute("event_code", ae.event_code)
        .add_attribute("seriousness", format!("{:?}", ae.seriousness))
        .add_attribute("expected", ae.expected.to_string())
        .add_attribute("causality", format!("{:?}", ae.causality))
        .add_attribute(
            "safety_report_due",
            due.map_or("none".into(), |t| t.seconds().to_string()),
        )
        .add_attribute("site_code", site_code)
        .add_attribute("by", info.sender))
}

/// The sponsor records its expedited safety report. Allowed while frozen.
pub fn submit_safety_report(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    adverse_event_id: u64,
    report_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "submit safety reports")?;
    report_hash.validate("report_hash")?;
    let mut ae = ADVERSE_EVENTS
        .may_load(deps.storage, (trial_id, adverse_event_id))?
        .ok_or(ContractError::AdverseEventNotFound {
            trial_id,
            adverse_event_id,
        })?;
    if ae.safety_report.is_some() {
        return Err(ContractError::SafetyReportAlreadySubmitted {});
    }
    let now = env.block.time;
    let late = ae.safety_report_due.is_some_and(|d| now > d);
    ae.safety_report = Some(SafetyReport {
        at: now,
        report_hash: report_hash.clone(),
    });
    move_deadline(
        deps.storage,
        trial_id,
        safety_slot(adverse_event_id)?,
        ae.safety_report_due,
        None,
    )?;
    ADVERSE_EVENTS.save(deps.storage, (trial_id, adverse_event_id), &ae)?;
    Ok(Response::new()
        .add_attribute("action", "submit_safety_report")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("adverse_event_id", adverse_event_id.to_string())
        .add_attribute("report_hash", report_hash.0)
        .add_attribute("late", late.to_string()))
}

/// The sponsor marks the current SAP final.
pub fn finalize_sap(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "finalize the SAP")?;
    ensure_not_frozen(&trial)?;
    if trial.sap_version == 0 {
        return Err(ContractError::NoSap {});
    }
    if trial.sap_final.is_some() {
        return Err(ContractError::SapAlreadyFinal {});
    }
    if trial.lock.is_some() {
        return Err(ContractError::AlreadyLocked {});
    }
    trial.sap_final = Some(SapFinal {
        version: trial.sap_version,
        at: env.block.time,
    });
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "finalize_sap")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("sap_version", trial.sap_version.to_string()))
}

/// The sponsor locks the database with the final root (after SAP final).
pub fn lock_database(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    final_root: Sha256Hash,
    leaf_count: u64,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "lock the database")?;
    ensure_not_frozen(&trial)?;
    final_root.validate("final_root")?;
    if leaf_count == 0 {
        return Err(ContractError::InvalidInput(
            "leaf_count must be at least 1".into(),
        ));
    }
    if trial.lock.is_some() {
        return Err(ContractError::AlreadyLocked {});
    }
    if trial.sap_final.is_none() {
        return Err(ContractError::SapNotFinal {});
    }
    if trial.status.is_enrolling() {
        return Err(ContractError::LockWhileEnrolling {
            status: trial.status,
        });
    }
    trial.lock = Some(DatabaseLock {
        final_root: final_root.clone(),
        leaf_count,
        at: env.block.time,
    });
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "lock_database")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("final_root", final_root.0)
        .add_attribute("leaf_count", leaf_count.to_string()))
}

/// The sponsor or responsible party posts results (after the lock, once).
pub fn post_results(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    document: ContentRef,
    entries: Vec<ResultEntry>,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor_or_responsible(&trial, &info.sender, "post results")?;
    ensure_not_frozen(&trial)?;
    document.validate()?;
    validate_list_len("entries", &entries, MAX_RESULT_ENTRIES)?;
    if entries.is_empty() {
        return Err(ContractError::InvalidInput(
            "results name at least one outcome".into(),
        ));
    }
    // Every registered code (bounded by MAX_OUTCOMES_PER_TRIAL), to keep novel codes apart.
    let registered: Vec<(u32, String)> = OUTCOMES
        .prefix(trial_id)
        .range(deps.storage, None, None, Order::Ascending)
        .map(|r| r.map(|(k, o)| (k, o.spec.code)))
        .collect::<Result<_, _>>()?;
    let mut seen_keys: Vec<u32> = Vec::new();
    let mut novel_codes: Vec<&str> = Vec::new();
    for e in &entries {
        e.result_hash.validate("result_hash")?;
        match &e.outcome {
            ResultOutcome::Registered { outcome_key } => {
                if !registered.iter().any(|(k, _)| k == outcome_key) {
                    return Err(ContractError::OutcomeNotFound {
                        trial_id,
                        outcome_key: *outcome_key,
                    });
                }
                if seen_keys.contains(outcome_key) {
                    return Err(ContractError::DuplicateResult {
                        outcome_key: *outcome_key,
                    });
                }
                seen_keys.push(*outcome_key);
            }
            ResultOutcome::Novel { spec } => {
                validate_outcome_spec(spec)?;
                let code = spec.code.as_str();
                if novel_codes.contains(&code) || registered.iter().any(|(_, c)| c == code) {
                    return Err(ContractError::NovelCodeConflict {
                        code: code.to_string(),
                    });
                }
                novel_codes.push(code);
            }
        }
    }
    if trial.results_posted_at.is_some() {
        return Err(ContractError::ResultsAlreadyPosted {});
    }
    if trial.lock.is_none() {
        return Err(ContractError::ResultsBeforeLock {});
    }
    let now = env.block.time;
    let late = trial.deadlines.results_due.is_some_and(|d| now > d);
    move_deadline(
        deps.storage,
        trial_id,
        SLOT_RESULTS,
        trial.deadlines.results_due,
        None,
    )?;
    trial.deadlines.results_due = None;
    trial.results_posted_at = Some(now);
    let count = entries.len();
    let sha = document.sha256.0.clone();
    RESULTS.save(
        deps.storage,
        trial_id,
        &Results {
            document,
            entries,
            by: info.sender.clone(),
            at: now,
        },
    )?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "post_results")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("document_sha256", sha)
        .add_attribute("entries", count.to_string())
        .add_attribute("late", late.to_string())
        .add_attribute("by", info.sender))
}
