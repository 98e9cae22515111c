//! The results clock: delay certification, its trigger, and regulator extensions.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Timestamp};
use cw_health_types::events::json_code;
use cw_health_types::trial_anchor::{
    DeadlineCause, DelayCertification, DelayCertificationKind, DELAY_CAP_SECS, DELAY_TRIGGER_SECS,
    MAX_EXTENSIONS, MAX_EXTENSION_SECS,
};
use cw_health_types::Sha256Hash;

use super::{assert_regulator, change_clock, load_trial, next_u32, plus};
use crate::error::ContractError;
use crate::state::save_trial_clocks;

/// The responsible party certifies a results delay (once, before the deadline).
pub fn certify_delay(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: DelayCertificationKind,
    document_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if trial.responsible_party != info.sender {
        return Err(ContractError::unauthorized(
            "the responsible party",
            "certify a delay",
        ));
    }
    // A legal reporting duty: never blocked by a freeze.
    document_hash.validate("document_hash")?;
    if trial.deadlines.delay_certification.is_some() {
        return Err(ContractError::AlreadyCertified {});
    }
    let due = trial
        .deadlines
        .results_due
        .ok_or(ContractError::NoOpenDeadline {})?;
    let now = env.block.time;
    if now >= due {
        return Err(ContractError::CertificationTooLate {});
    }
    let cap = plus(now, DELAY_CAP_SECS)?;
    // Until the approval is reported, results are due at the cap (never earlier than before).
    let new_due = cap.max(due);
    trial.deadlines.delay_certification = Some(DelayCertification {
        kind,
        document_hash: document_hash.clone(),
        certified_at: now,
        original_due: due,
        cap: new_due,
        trigger_at: None,
    });
    change_clock(
        deps.storage,
        &mut trial,
        DeadlineCause::DelayCertification,
        Some(new_due),
        now,
        &info.sender,
    )?;
    save_trial_clocks(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "certify_delay")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("kind", json_code(&kind))
        .add_attribute("document_hash", document_hash.0)
        .add_attribute("results_due", new_due.seconds().to_string()))
}

/// The responsible party reports the approval that ends a delay certification.
pub fn record_delay_trigger(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    trigger_at: Timestamp,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if trial.responsible_party != info.sender {
        return Err(ContractError::unauthorized(
            "the responsible party",
            "record a delay trigger",
        ));
    }
    // A legal reporting duty: never blocked by a freeze.
    let mut cert = trial
        .deadlines
        .delay_certification
        .clone()
        .ok_or(ContractError::NotCertified {})?;
    if cert.trigger_at.is_some() {
        return Err(ContractError::TriggerAlreadyRecorded {});
    }
    if trigger_at < cert.certified_at || trigger_at > env.block.time {
        return Err(ContractError::time(
            "the trigger must lie between the certification and now",
            trigger_at,
        ));
    }
    cert.trigger_at = Some(trigger_at);
    let original_due = cert.original_due;
    trial.deadlines.delay_certification = Some(cert);
    // min(trigger + 30 days, cap), where the cap is the deadline as it stands: the
    // certification's cap with any extension granted since folded in. Never before the
    // deadline the certification started from (which holds any earlier extension).
    if let Some(current) = trial.deadlines.results_due {
        let new_due = plus(trigger_at, DELAY_TRIGGER_SECS)?
            .min(current)
            .max(original_due.min(current));
        if new_due != current {
            change_clock(
                deps.storage,
                &mut trial,
                DeadlineCause::DelayTrigger,
                Some(new_due),
                env.block.time,
                &info.sender,
            )?;
        }
    }
    save_trial_clocks(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_delay_trigger")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("trigger_at", trigger_at.seconds().to_string())
        .add_attribute(
            "results_due",
            trial
                .deadlines
                .results_due
                .map_or("none".into(), |t| t.seconds().to_string()),
        ))
}

/// A regulator grants a good-cause extension of the results deadline.
pub fn grant_extension(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    new_due: Timestamp,
    decision_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "grant extensions")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    decision_hash.validate("decision_hash")?;
    let due = trial
        .deadlines
        .results_due
        .ok_or(ContractError::NoOpenDeadline {})?;
    if trial.deadlines.extensions >= MAX_EXTENSIONS {
        return Err(ContractError::TooManyExtensions {
            max: MAX_EXTENSIONS,
        });
    }
    if new_due <= due || new_due > plus(due, MAX_EXTENSION_SECS)? {
        return Err(ContractError::InvalidExtension {});
    }
    trial.deadlines.extensions = next_u32(trial.deadlines.extensions)?;
    change_clock(
        deps.storage,
        &mut trial,
        DeadlineCause::Extension,
        Some(new_due),
        env.block.time,
        &info.sender,
    )?;
    save_trial_clocks(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "grant_extension")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("from", due.seconds().to_string())
        .add_attribute("to", new_due.seconds().to_string())
        .add_attribute("extensions", trial.deadlines.extensions.to_string())
        .add_attribute("decision_hash", decision_hash.0)
        .add_attribute("by", info.sender))
}
