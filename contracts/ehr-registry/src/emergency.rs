//! Break-glass: emergency sessions, their rate limit and their reviews.

use cosmwasm_std::{Addr, DepsMut, Env, Event, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::ehr_registry::{EmergencyPolicy, EmergencyReason, PartyRole, ReviewOutcome};
use cw_health_types::Sha256Hash;

use crate::error::ContractError;
use crate::execute::code;
use crate::state::{
    next_id, EmergencySession, Review, BREAK_GLASS_SUSPENDED, CONFIG, EMERGENCY_RATE,
    LATEST_SESSION, NEXT_SESSION_ID, OPEN_REVIEWS_BY_DUE, PARTIES, PATIENTS, PRIVACY_OFFICERS,
    REVIEWS, SESSIONS, SESSIONS_BY_CLINICIAN, SESSIONS_BY_PATIENT,
};

/// Rolling-window rate limit over a bounded list of start times: takes a slot for a session
/// opened now, or says when the oldest one frees up.
fn take_rate_slot(
    storage: &mut dyn Storage,
    now: Timestamp,
    clinician: &Addr,
    policy: &EmergencyPolicy,
) -> Result<(), ContractError> {
    let now_s = now.seconds();
    let mut starts = EMERGENCY_RATE
        .may_load(storage, clinician)?
        .unwrap_or_default();
    starts.retain(|&t| t.saturating_add(policy.rate_period_secs) > now_s);
    let max = policy.max_sessions_per_period as usize;
    if starts.len() >= max {
        let idx = starts.len().saturating_sub(max);
        let oldest = starts.get(idx).copied().unwrap_or(now_s);
        return Err(ContractError::RateLimited {
            retry_after: Timestamp::from_seconds(oldest.saturating_add(policy.rate_period_secs)),
        });
    }
    starts.push(now_s);
    EMERGENCY_RATE.save(storage, clinician, &starts)?;
    Ok(())
}

/// A session as `emergency_access` sends it.
pub struct Opening {
    pub patient: String,
    pub reason: EmergencyReason,
    pub justification_hash: Sha256Hash,
    pub duration_secs: u64,
}

/// An active credentialed clinician: opens a time-boxed break-glass session.
///
/// The rate limit is a rolling window: the clinician's session start times within the last
/// `rate_period_secs`, kept in one bounded entry (at most `max_sessions_per_period` times).
pub fn emergency_access(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: Opening,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let clinician = info.sender;
    assert_may_break_glass(deps.storage, now, &clinician)?;
    let patient = deps.api.addr_validate(&msg.patient)?;
    msg.justification_hash.validate("justification_hash")?;
    let policy = CONFIG.load(deps.storage)?.emergency_policy;
    if msg.duration_secs == 0 || msg.duration_secs > policy.max_window_secs {
        return Err(ContractError::InvalidEmergencyDuration {
            max: policy.max_window_secs,
        });
    }
    if !PATIENTS.has(deps.storage, &patient) {
        return Err(ContractError::PatientNotRegistered {
            address: patient.to_string(),
        });
    }
    if let Some(session_id) = LATEST_SESSION.may_load(deps.storage, (&patient, &clinician))? {
        if SESSIONS.load(deps.storage, session_id)?.is_active(now) {
            return Err(ContractError::SessionAlreadyOpen { session_id });
        }
    }
    take_rate_slot(deps.storage, now, &clinician, &policy)?;
    let session = EmergencySession {
        id: next_id(deps.storage, &NEXT_SESSION_ID)?,
        patient,
        clinician,
        reason: msg.reason,
        justification_hash: msg.justification_hash,
        opened_at: now,
        expires_at: now.plus_seconds(msg.duration_secs),
        ended_at: None,
    };
    let due_at = now.plus_seconds(policy.review_due_secs);
    save_session(deps.storage, &session, due_at)?;
    Ok(opening_response(&session, due_at))
}

/// Only an active credentialed clinician whose break-glass right is not suspended.
fn assert_may_break_glass(
    storage: &dyn Storage,
    now: Timestamp,
    clinician: &Addr,
) -> Result<(), ContractError> {
    match PARTIES.may_load(storage, clinician)? {
        Some(p) if p.role == PartyRole::Clinician && p.is_active(now) => {}
        _ => return Err(ContractError::NotActiveClinician),
    }
    if let Some(until) = BREAK_GLASS_SUSPENDED.may_load(storage, clinician)? {
        if now < until {
            return Err(ContractError::BreakGlassSuspended { until });
        }
    }
    Ok(())
}

/// Stores a new session, its indexes and its open review (same id).
fn save_session(
    storage: &mut dyn Storage,
    s: &EmergencySession,
    due_at: Timestamp,
) -> Result<(), ContractError> {
    let id = s.id;
    SESSIONS.save(storage, id, s)?;
    SESSIONS_BY_PATIENT.save(storage, (&s.patient, id), &())?;
    SESSIONS_BY_CLINICIAN.save(storage, (&s.clinician, id), &())?;
    LATEST_SESSION.save(storage, (&s.patient, &s.clinician), &id)?;
    REVIEWS.save(
        storage,
        id,
        &Review {
            id,
            patient: s.patient.clone(),
            clinician: s.clinician.clone(),
            due_at,
            outcome: None,
            finding_hash: None,
            closed_by: None,
            closed_at: None,
        },
    )?;
    OPEN_REVIEWS_BY_DUE.save(storage, (due_at.seconds(), id), &())?;
    Ok(())
}

/// The events of a new session: the action, and a notice addressed to the patient.
fn opening_response(s: &EmergencySession, due_at: Timestamp) -> Response {
    // DCM 110127 "Emergency Override Started": an event addressed to the patient.
    let notice = Event::new("patient_notification")
        .add_attribute("patient", s.patient.as_str())
        .add_attribute("kind", "break_glass_started")
        .add_attribute("session_id", s.id.to_string())
        .add_attribute("clinician", s.clinician.as_str())
        .add_attribute("expires_at", s.expires_at.seconds().to_string());
    Response::new()
        .add_event(notice)
        .add_attribute("action", "emergency_access")
        .add_attribute("session_id", s.id.to_string())
        .add_attribute("review_id", s.id.to_string())
        .add_attribute("patient", s.patient.as_str())
        .add_attribute("clinician", s.clinician.as_str())
        .add_attribute("purpose", "ETREAT")
        .add_attribute("reason", code(&s.reason))
        .add_attribute("justification_hash", s.justification_hash.as_str())
        .add_attribute("expires_at", s.expires_at.seconds().to_string())
        .add_attribute("review_due_at", due_at.seconds().to_string())
}

/// The clinician who opened it, the patient or a privacy officer: ends a session early.
pub fn end_emergency_access(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    session_id: u64,
) -> Result<Response, ContractError> {
    let mut session = SESSIONS
        .may_load(deps.storage, session_id)?
        .ok_or(ContractError::SessionNotFound { session_id })?;
    if session.clinician != info.sender
        && session.patient != info.sender
        && !PRIVACY_OFFICERS.has(deps.storage, &info.sender)
    {
        return Err(ContractError::Unauthorized {
            role: "the clinician who opened the session, the patient or a privacy officer",
        });
    }
    if !session.is_active(env.block.time) {
        return Err(ContractError::SessionNotActive { session_id });
    }
    session.ended_at = Some(env.block.time);
    SESSIONS.save(deps.storage, session_id, &session)?;
    Ok(Response::new()
        .add_attribute("action", "end_emergency_access")
        .add_attribute("session_id", session_id.to_string())
        .add_attribute("patient", session.patient)
        .add_attribute("clinician", session.clinician)
        .add_attribute("ended_by", info.sender))
}

/// A privacy officer: closes a review.
pub fn close_review(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    review_id: u64,
    outcome: ReviewOutcome,
    finding_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    if !PRIVACY_OFFICERS.has(deps.storage, &info.sender) {
        return Err(ContractError::Unauthorized {
            role: "a privacy officer",
        });
    }
    if let Some(h) = &finding_hash {
        h.validate("finding_hash")?;
    }
    let mut review = REVIEWS
        .may_load(deps.storage, review_id)?
        .ok_or(ContractError::ReviewNotFound { review_id })?;
    if review.outcome.is_some() {
        return Err(ContractError::ReviewAlreadyClosed { review_id });
    }
    if review.clinician == info.sender {
        return Err(ContractError::ConflictOfInterest);
    }
    let now = env.block.time;
    review.outcome = Some(outcome);
    review.finding_hash = finding_hash;
    review.closed_by = Some(info.sender.clone());
    review.closed_at = Some(now);
    REVIEWS.save(deps.storage, review_id, &review)?;
    OPEN_REVIEWS_BY_DUE.remove(deps.storage, (review.due_at.seconds(), review_id));
    // An unjustified access has a consequence: the session ends, and the clinician's
    // break-glass right is suspended (checked when opening and at every decision).
    let mut suspended_until = None;
    if outcome == ReviewOutcome::Unjustified {
        if let Some(mut session) = SESSIONS.may_load(deps.storage, review_id)? {
            if session.is_active(now) {
                session.ended_at = Some(now);
                SESSIONS.save(deps.storage, review_id, &session)?;
            }
        }
        let secs = CONFIG
            .load(deps.storage)?
            .emergency_policy
            .unjustified_suspension_secs;
        if secs > 0 {
            let until = now.plus_seconds(secs);
            BREAK_GLASS_SUSPENDED.save(deps.storage, &review.clinician, &until)?;
            suspended_until = Some(until);
        }
    }
    Ok(Response::new()
        .add_attribute("action", "close_review")
        .add_attribute("review_id", review_id.to_string())
        .add_attribute("session_id", review_id.to_string())
        .add_attribute("patient", review.patient)
        .add_attribute("clinician", review.clinician)
        .add_attribute("closed_by", info.sender)
        .add_attribute("outcome", code(&outcome))
        .add_attribute("late", (now > review.due_at).to_string())
        .add_attribute(
            "break_glass_suspended_until",
            suspended_until.map_or_else(|| "none".to_string(), |t| t.seconds().to_string()),
        ))
}
