//! Data anchoring: Merkle-root batches and flagged corrections.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::events::json_code;
use cw_health_types::trial_anchor::{AnchorBatchMsg, Batch, Trial};

use super::{assert_site, bump_hot, ensure_not_frozen, load_trial};
use crate::error::ContractError;
use crate::state::{HotCounter, BATCHES};

/// A site anchors a batch (or, after the lock, only a correction).
pub fn anchor_batch(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AnchorBatchMsg,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, msg.trial_id)?;
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
    check_period(&trial, &msg, now)?;
    let after_lock = trial.lock.is_some();
    check_correction(deps.storage, trial_id, &site_code, &msg, after_lock)?;
    let id = bump_hot(deps.storage, &trial, HotCounter::Batches)?;
    let batch = Batch {
        id,
        site_code,
        by: info.sender,
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
    Ok(batch_response(trial_id, batch))
}

/// The period is non-empty, ends no later than now, and starts no earlier than the trial's
/// registration and its first consent (trial data exists only from then on).
fn check_period(trial: &Trial, msg: &AnchorBatchMsg, now: Timestamp) -> Result<(), ContractError> {
    if msg.period_start >= msg.period_end || msg.period_end > now {
        return Err(ContractError::time(
            "the period must be non-empty and end no later than now",
            msg.period_end,
        ));
    }
    let data_from = trial
        .first_consent_at
        .ok_or(ContractError::time(
            "no participant has consented yet",
            msg.period_start,
        ))?
        .max(trial.registered_at);
    if msg.period_start < data_from {
        return Err(ContractError::time(
            "the period starts before the trial's registration or its first consent",
            msg.period_start,
        ));
    }
    Ok(())
}

/// A correction cites an existing batch of the same site; after the lock only corrections are
/// anchored.
fn check_correction(
    storage: &dyn Storage,
    trial_id: u64,
    site_code: &str,
    msg: &AnchorBatchMsg,
    after_lock: bool,
) -> Result<(), ContractError> {
    match &msg.correction {
        None if after_lock => Err(ContractError::AnchorAfterLock {}),
        None => Ok(()),
        Some(c) => {
            let original = BATCHES
                .may_load(storage, (trial_id, c.original_batch_id))?
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
            Ok(())
        }
    }
}

/// The batch's response: ids, site, root, size, the correction it makes, and who.
fn batch_response(trial_id: u64, batch: Batch) -> Response {
    let mut res = Response::new()
        .add_attribute("action", "anchor_batch")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("batch_id", batch.id.to_string())
        .add_attribute("site_code", batch.site_code)
        .add_attribute("merkle_root", batch.merkle_root.0)
        .add_attribute("leaf_count", batch.leaf_count.to_string())
        .add_attribute("after_lock", batch.after_lock.to_string());
    if let Some(c) = batch.correction {
        res = res
            .add_attribute("corrects_batch_id", c.original_batch_id.to_string())
            .add_attribute("correction_reason", json_code(&c.reason));
    }
    res.add_attribute("by", batch.by)
}
