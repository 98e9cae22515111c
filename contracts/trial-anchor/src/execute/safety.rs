//! Unblinding log, adverse events and expedited safety reports.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_token, MAX_CODE_LEN, MAX_ID_LEN};
use cw_health_types::trial_anchor::{
    AdverseEvent, AdverseEventMsg, SafetyReport, Seriousness, Trial, TrialRole, Unblinding,
    UnblindingKind, UnblindingReason, UnblindingScope, SAFETY_REPORT_FATAL_SECS,
    SAFETY_REPORT_OTHER_SECS,
};
use cw_health_types::Sha256Hash;

use super::{
    active_role, assert_site, assert_sponsor, bump_hot, ensure_same_site, load_participant,
    load_trial, move_deadline, plus, validate_opt_hash,
};
use crate::error::ContractError;
use crate::state::{save_trial, HotCounter, ADVERSE_EVENTS, UNBLINDINGS};

/// Deadline slot of an adverse event's expedited safety report.
pub(crate) fn safety_slot(adverse_event_id: u64) -> Result<u64, ContractError> {
    adverse_event_id
        .checked_add(1)
        .ok_or(ContractError::Overflow {})
}

/// What may be unblinded by whom: a site only its own participants or site, and only in an
/// emergency or by mistake; a planned aggregate look is the DMC's alone; a planned whole-trial
/// unblinding needs the lock. `who` is (the caller's site code, whether it is the DMC).
fn check_unblinding(
    storage: &dyn Storage,
    trial: &Trial,
    scope: &UnblindingScope,
    kind: UnblindingKind,
    who: (Option<&str>, bool),
) -> Result<(), ContractError> {
    let (site, is_dmc) = who;
    match scope {
        UnblindingScope::Participant { participant } => {
            participant.validate("scope.participant")?;
            let p = load_participant(storage, trial.id, participant)?;
            if let Some(s) = site {
                ensure_same_site(&p, s)?;
            }
        }
        UnblindingScope::Site { site_code } => {
            validate_token("scope.site_code", site_code, MAX_ID_LEN)?;
            if let Some(s) = site {
                if s != site_code {
                    return Err(ContractError::WrongSite {
                        caller_site: s.to_string(),
                        participant_site: site_code.clone(),
                    });
                }
            }
        }
        UnblindingScope::AggregateByArm {} | UnblindingScope::Trial {} => {}
    }
    let kind_str = json_code(&kind);
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
    Ok(())
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
    check_unblinding(
        deps.storage,
        &trial,
        &scope,
        kind,
        (site.as_deref(), is_dmc),
    )?;
    let kind_str = json_code(&kind);
    let id = bump_hot(deps.storage, &trial, HotCounter::Unblindings)?;
    // The trial record is rewritten only when the sponsor is unblinded for the first time.
    if trial.sponsor_unblinded_at.is_none()
        && (is_sponsor || matches!(scope, UnblindingScope::Trial {}))
    {
        trial.sponsor_unblinded_at = Some(env.block.time);
        save_trial(deps.storage, &mut trial)?;
    }
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
    Ok(Response::new()
        .add_attribute("action", "record_unblinding")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("unblinding_id", id.to_string())
        .add_attribute("kind", kind_str)
        .add_attribute("scope", scope_str)
        .add_attribute("reason", json_code(&reason))
        .add_attribute("by", info.sender))
}

/// A site reports an adverse event. Allowed while frozen: harm is always reported.
pub fn report_adverse_event(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AdverseEventMsg,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, msg.trial_id)?;
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
    // Adverse events are collected from consent on (screening included); anything earlier is
    // medical history.
    if msg.onset < p.first_consented_at {
        return Err(ContractError::time(
            "onset before the participant's consent",
            msg.onset,
        ));
    }
    let id = bump_hot(deps.storage, &trial, HotCounter::AdverseEvents)?;
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
    Ok(Response::new()
        .add_attribute("action", "report_adverse_event")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("adverse_event_id", id.to_string())
        .add_attribute("participant", ae.participant.0)
        .add_attribute("event_code", ae.event_code)
        .add_attribute("seriousness", json_code(&ae.seriousness))
        .add_attribute("expected", ae.expected.to_string())
        .add_attribute("causality", json_code(&ae.causality))
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
