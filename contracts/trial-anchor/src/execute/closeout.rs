//! Close-out in order: SAP final, database lock, results.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Order, Response, Storage};
use cw_health_types::limits::validate_list_len;
use cw_health_types::trial_anchor::{
    DatabaseLock, DeadlineCause, ResultEntry, ResultOutcome, Results, SapFinal, MAX_RESULT_ENTRIES,
};
use cw_health_types::{ContentRef, Sha256Hash};

use super::{
    assert_sponsor, assert_sponsor_or_responsible, change_clock, ensure_not_frozen, load_trial,
    validate_outcome_spec,
};
use crate::error::ContractError;
use crate::state::{hot_count, save_trial, save_trial_clocks, HotCounter, OUTCOMES, RESULTS};

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
    save_trial(deps.storage, &mut trial)?;
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
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", "lock_database")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("final_root", final_root.0)
        .add_attribute("leaf_count", leaf_count.to_string()))
}

/// Each entry names a registered outcome (once) or a novel one whose code is new (once).
fn check_result_entries(
    storage: &dyn Storage,
    trial_id: u64,
    entries: &[ResultEntry],
) -> Result<(), ContractError> {
    // Every registered code (bounded by MAX_OUTCOMES_PER_TRIAL), to keep novel codes apart.
    let registered: Vec<(u32, String)> = OUTCOMES
        .prefix(trial_id)
        .range(storage, None, None, Order::Ascending)
        .map(|r| r.map(|(k, o)| (k, o.spec.code)))
        .collect::<Result<_, _>>()?;
    let mut seen_keys: Vec<u32> = Vec::new();
    let mut novel_codes: Vec<&str> = Vec::new();
    for e in entries {
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
    Ok(())
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
    // A legal reporting duty: never blocked by a freeze.
    assert_sponsor_or_responsible(&trial, &info.sender, "post results")?;
    document.validate()?;
    validate_list_len("entries", &entries, MAX_RESULT_ENTRIES)?;
    if entries.is_empty() {
        return Err(ContractError::InvalidInput(
            "results name at least one outcome".into(),
        ));
    }
    check_result_entries(deps.storage, trial_id, &entries)?;
    if trial.results_posted_at.is_some() {
        return Err(ContractError::ResultsAlreadyPosted {});
    }
    if trial.lock.is_none() {
        return Err(ContractError::ResultsBeforeLock {});
    }
    // Allocation concealment is proven before results: every used slot revealed and checked.
    if let Some(c) = &trial.randomization {
        let used = hot_count(deps.storage, &trial, HotCounter::Enrolled)?;
        if c.revealed < used {
            return Err(ContractError::AllocationsNotRevealed {
                used,
                revealed: c.revealed,
            });
        }
    }
    let now = env.block.time;
    let late = trial.deadlines.results_due.is_some_and(|d| now > d);
    if trial.deadlines.results_due.is_some() {
        change_clock(
            deps.storage,
            &mut trial,
            DeadlineCause::ResultsPosted,
            None,
            now,
            &info.sender,
        )?;
        save_trial_clocks(deps.storage, &trial)?;
    }
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
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", "post_results")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("document_sha256", sha)
        .add_attribute("entries", count.to_string())
        .add_attribute("late", late.to_string())
        .add_attribute("by", info.sender))
}
