//! The two derived reports: the COMPare outcome-switch report and the overdue list.

use cosmwasm_std::{Deps, Env, Order, StdResult, Timestamp};
use cw_health_types::clamp_limit;
use cw_health_types::trial_anchor::{
    DeadlineKind, Outcome, OutcomeCategory, OutcomeChangeReason, OutcomeReportCounts,
    OutcomeReportEntry, OutcomeReportResponse, OutcomeSpec, OverdueCursor, OverdueDeadline,
    OverdueDeadlinesResponse, ResultEntry, ResultOutcome, Supersession,
};
use cw_health_types::Sha256Hash;
use cw_storage_plus::Bound;

use crate::error::ContractError;
use crate::execute::load_trial;
use crate::state::{
    AMENDMENTS, DEADLINES, DOCUMENTS, OUTCOMES, RESULTS, SLOT_REGISTRATION, SLOT_RESULTS,
    SUPERSESSIONS,
};

/// Pre-specified: registered before the start and not superseded before the start (COMPare
/// uses the last version registered before the trial started).
pub(crate) fn pre_specified(o: &Outcome, s: &Option<Supersession>) -> bool {
    o.registered_before_start && s.as_ref().is_none_or(|s| s.after_start)
}

/// The COMPare outcome-switch report. Its size is bounded by `MAX_OUTCOMES_PER_TRIAL` outcome
/// revisions plus `MAX_RESULT_ENTRIES` results; it is built whole (bounded work) and paged.
pub fn outcome_report(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<OutcomeReportResponse, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    let results = RESULTS
        .may_load(deps.storage, trial_id)?
        .ok_or(ContractError::ResultsNotPosted { trial_id })?;
    let outcomes: Vec<(Outcome, Option<Supersession>)> = OUTCOMES
        .prefix(trial_id)
        .range(deps.storage, None, None, Order::Ascending)
        .map(|r| {
            let (key, o) = r?;
            Ok((o, SUPERSESSIONS.may_load(deps.storage, (trial_id, key))?))
        })
        .collect::<StdResult<_>>()?;
    let entries = report_entries(&outcomes, &results.entries);
    let counts = count(&entries);
    let total = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    let page = entries
        .into_iter()
        .filter(|e| start_after.is_none_or(|s| e.position > s))
        .take(clamp_limit(limit))
        .map(|e| with_amendment(deps, trial_id, e))
        .collect::<StdResult<_>>()?;
    Ok(OutcomeReportResponse {
        trial_id,
        pre_specified_before: trial.started_at.unwrap_or(trial.planned_start),
        counts,
        total,
        entries: page,
    })
}

/// The report's entries in order: every pre-specified outcome, reported or missing, then every
/// other reported outcome, new, declared or not. Positions count from 0.
fn report_entries(
    outcomes: &[(Outcome, Option<Supersession>)],
    results: &[ResultEntry],
) -> Vec<OutcomeReportEntry> {
    let reported = |key: u32| {
        results.iter().find(|e| {
            matches!(e.outcome, ResultOutcome::Registered { outcome_key } if outcome_key == key)
        })
    };
    let mut entries = Vec::new();
    // 1. Every pre-specified outcome: reported or missing.
    for (o, s) in outcomes.iter().filter(|(o, s)| pre_specified(o, s)) {
        let hit = reported(o.key);
        let category = if hit.is_some() {
            OutcomeCategory::PreSpecifiedReported
        } else {
            OutcomeCategory::PreSpecifiedMissing
        };
        // The amendment that superseded it (a declared change), else the one that added it.
        let amendment_id = s.as_ref().map(|s| s.amendment_id).or(o.amendment_id);
        entries.push(entry(
            category,
            &o.spec,
            Some(o.key),
            amendment_id,
            hit.and_then(|e| e.change_reason),
            hit.map(|e| e.result_hash.clone()),
        ));
    }
    // 2. Every other reported outcome: new, declared or not.
    for e in results {
        let with_reason = e.change_reason.is_some();
        let (spec, key, amendment_id, declared) = match &e.outcome {
            ResultOutcome::Registered { outcome_key } => {
                let Some((o, s)) = outcomes.iter().find(|(o, _)| o.key == *outcome_key) else {
                    continue;
                };
                if pre_specified(o, s) {
                    continue;
                }
                // Added by an amendment after the start: the amendment declared it with a reason.
                let by_amendment = o.amendment_id.is_some() && !o.registered_before_start;
                (
                    &o.spec,
                    Some(o.key),
                    o.amendment_id,
                    by_amendment || with_reason,
                )
            }
            ResultOutcome::Novel { spec } => (spec, None, None, with_reason),
        };
        let category = if declared {
            OutcomeCategory::NewDeclared
        } else {
            OutcomeCategory::NewUndeclared
        };
        entries.push(entry(
            category,
            spec,
            key,
            amendment_id,
            e.change_reason,
            Some(e.result_hash.clone()),
        ));
    }
    for (i, e) in entries.iter_mut().enumerate() {
        e.position = u32::try_from(i).unwrap_or(u32::MAX);
    }
    entries
}

/// One report entry (position and amendment details are filled in later).
fn entry(
    category: OutcomeCategory,
    spec: &OutcomeSpec,
    outcome_key: Option<u32>,
    amendment_id: Option<u32>,
    change_reason: Option<OutcomeChangeReason>,
    result_hash: Option<Sha256Hash>,
) -> OutcomeReportEntry {
    OutcomeReportEntry {
        position: 0,
        category,
        code: spec.code.clone(),
        kind: spec.kind,
        outcome_key,
        amendment_id,
        amendment_made_while_blinded: None,
        amendment_approval: None,
        change_reason,
        result_hash,
    }
}

/// The number of entries per category.
fn count(entries: &[OutcomeReportEntry]) -> OutcomeReportCounts {
    let mut counts = OutcomeReportCounts::default();
    for e in entries {
        let c = match e.category {
            OutcomeCategory::PreSpecifiedReported => &mut counts.pre_specified_reported,
            OutcomeCategory::PreSpecifiedMissing => &mut counts.pre_specified_missing,
            OutcomeCategory::NewDeclared => &mut counts.new_declared,
            OutcomeCategory::NewUndeclared => &mut counts.new_undeclared,
        };
        *c = c.saturating_add(1);
    }
    counts
}

/// Adds the entry's amendment's blinding (from the unblinding log) and its ethics approval.
fn with_amendment(
    deps: Deps,
    trial_id: u64,
    mut e: OutcomeReportEntry,
) -> StdResult<OutcomeReportEntry> {
    if let Some(id) = e.amendment_id {
        if let Some(a) = AMENDMENTS.may_load(deps.storage, (trial_id, id))? {
            e.amendment_made_while_blinded = Some(a.made_while_blinded);
            e.amendment_approval = DOCUMENTS
                .may_load(
                    deps.storage,
                    (trial_id, a.document_kind.code(), a.new_version),
                )?
                .and_then(|d| d.irb_approval);
        }
    }
    Ok(e)
}

/// Deadlines passed and not met at the block time, in due order.
pub fn overdue(
    deps: Deps,
    env: Env,
    start_after: Option<OverdueCursor>,
    limit: Option<u32>,
) -> Result<OverdueDeadlinesResponse, ContractError> {
    let now = env.block.time.seconds();
    // Due times are stored in whole seconds.
    let min = start_after.map(|c| Bound::exclusive((c.due.seconds(), c.trial_id, c.slot)));
    // Late means strictly after the due time.
    let max = Some(Bound::exclusive((now, 0u64, 0u64)));
    let items = DEADLINES
        .keys(deps.storage, min, max, Order::Ascending)
        .take(clamp_limit(limit))
        .map(|r| {
            let (due, trial_id, slot) = r?;
            let kind = match slot {
                SLOT_REGISTRATION => DeadlineKind::Registration {},
                SLOT_RESULTS => DeadlineKind::Results {},
                n => DeadlineKind::SafetyReport {
                    adverse_event_id: n.saturating_sub(1),
                },
            };
            Ok(OverdueDeadline {
                trial_id,
                kind,
                due: Timestamp::from_seconds(due),
                seconds_late: now.saturating_sub(due),
                cursor: OverdueCursor {
                    due: Timestamp::from_seconds(due),
                    trial_id,
                    slot,
                },
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(OverdueDeadlinesResponse { items })
}
