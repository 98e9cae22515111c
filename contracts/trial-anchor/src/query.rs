//! Queries. Every list is a bounded, paginated range scan.

use cosmwasm_std::{Deps, Env, Order, StdResult, Timestamp};
use cw_health_types::merkle::{verify_inclusion, MerkleProof};
use cw_health_types::ownership::{self, Ownership};
use cw_health_types::trial_anchor::{
    AdverseEventsResponse, AmendmentsResponse, Batch, BatchesResponse, ConfigResponse,
    ConsentsResponse, DeadlineKind, DocumentKind, DocumentsResponse, InclusionTarget, Outcome,
    OutcomeCategory, OutcomeInfo, OutcomeReportCounts, OutcomeReportEntry, OutcomeReportResponse,
    OutcomesResponse, OverdueCursor, OverdueItem, OverdueResponse, OversightResponse,
    ParticipantResponse, RegulatorsResponse, ResultOutcome, Results, RoleInfo, RolesResponse,
    Supersession, Trial, TrialsResponse, UnblindingsResponse, VerifyInclusionResponse,
};
use cw_health_types::{clamp_limit, Sha256Hash};
use cw_storage_plus::Bound;

use crate::error::ContractError;
use crate::execute::load_trial;
use crate::state::{
    ADVERSE_EVENTS, AMENDMENTS, BATCHES, CONSENTS, DEADLINES, DOCUMENTS, OUTCOMES, OVERSIGHT,
    PARTICIPANTS, REGULATORS, RESULTS, ROLES, SLOT_REGISTRATION, SLOT_RESULTS, SUPERSESSIONS,
    TRIALS, TRIAL_BY_REGISTRY_ID, TRIAL_SEQ, UNBLINDINGS,
};

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<ConfigResponse> {
    Ok(ConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
        trial_count: TRIAL_SEQ.may_load(deps.storage)?.unwrap_or(0),
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// Regulators.
pub fn regulators(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<RegulatorsResponse, ContractError> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let regulators = REGULATORS
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(RegulatorsResponse { regulators })
}

/// One trial.
pub fn trial(deps: Deps, trial_id: u64) -> Result<Trial, ContractError> {
    load_trial(deps.storage, trial_id)
}

/// A trial by registry id.
pub fn trial_by_registry_id(
    deps: Deps,
    registry_id: String,
) -> Result<Option<Trial>, ContractError> {
    match TRIAL_BY_REGISTRY_ID.may_load(deps.storage, &registry_id)? {
        Some(id) => Ok(Some(load_trial(deps.storage, id)?)),
        None => Ok(None),
    }
}

/// Trials.
pub fn trials(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<TrialsResponse> {
    let trials = TRIALS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, t)| t))
        .collect::<StdResult<_>>()?;
    Ok(TrialsResponse { trials })
}

/// Document versions.
pub fn documents(
    deps: Deps,
    trial_id: u64,
    kind: DocumentKind,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<DocumentsResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let documents = DOCUMENTS
        .prefix((trial_id, kind.code()))
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, d)| d))
        .collect::<StdResult<_>>()?;
    Ok(DocumentsResponse { documents })
}

/// Pre-specified: registered before the start and not superseded before the start (COMPare
/// uses the last version registered before the trial started).
fn pre_specified(o: &Outcome, s: &Option<Supersession>) -> bool {
    o.registered_before_start && s.as_ref().is_none_or(|s| s.after_start)
}

/// Outcome revisions with their supersession.
pub fn outcomes(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<OutcomesResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let outcomes = OUTCOMES
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| {
            let (key, outcome) = r?;
            let superseded = SUPERSESSIONS.may_load(deps.storage, (trial_id, key))?;
            Ok(OutcomeInfo {
                pre_specified: pre_specified(&outcome, &superseded),
                outcome,
                superseded,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(OutcomesResponse { outcomes })
}

/// Amendments.
pub fn amendments(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<AmendmentsResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let amendments = AMENDMENTS
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, a)| a))
        .collect::<StdResult<_>>()?;
    Ok(AmendmentsResponse { amendments })
}

/// Role holders.
pub fn roles(
    deps: Deps,
    trial_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<RolesResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let roles = ROLES
        .prefix(trial_id)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(address, grant)| RoleInfo { address, grant }))
        .collect::<StdResult<_>>()?;
    Ok(RolesResponse { roles })
}

/// One participant.
pub fn participant(
    deps: Deps,
    trial_id: u64,
    participant: Sha256Hash,
) -> Result<ParticipantResponse, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    participant.validate("participant")?;
    let p = PARTICIPANTS
        .may_load(deps.storage, (trial_id, participant.as_str()))?
        .ok_or(ContractError::ParticipantNotFound { trial_id })?;
    Ok(ParticipantResponse {
        reconsent_required: trial.reconsent_required(&p),
        consented_to_current: trial.consent_is_current(&p),
        participant: p,
    })
}

/// Consents of a participant.
pub fn consents(
    deps: Deps,
    trial_id: u64,
    participant: Sha256Hash,
    start_after: Option<u32>,
    limit: Option<u32>,
) -> Result<ConsentsResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    participant.validate("participant")?;
    let consents = CONSENTS
        .prefix((trial_id, participant.as_str()))
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, c)| c))
        .collect::<StdResult<_>>()?;
    Ok(ConsentsResponse { consents })
}

/// One batch.
pub fn batch(deps: Deps, trial_id: u64, batch_id: u64) -> Result<Batch, ContractError> {
    BATCHES
        .may_load(deps.storage, (trial_id, batch_id))?
        .ok_or(ContractError::BatchNotFound { trial_id, batch_id })
}

/// Batches.
pub fn batches(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<BatchesResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let batches = BATCHES
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, b)| b))
        .collect::<StdResult<_>>()?;
    Ok(BatchesResponse { batches })
}

/// Proves a record hash is a leaf of a batch or of the locked data set.
pub fn verify(
    deps: Deps,
    trial_id: u64,
    target: InclusionTarget,
    record_hash: Sha256Hash,
    proof: MerkleProof,
) -> Result<VerifyInclusionResponse, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    let leaf = record_hash.to_bytes_checked("record_hash")?;
    let (root, leaf_count) = match target {
        InclusionTarget::Batch { batch_id } => {
            let b = batch(deps, trial_id, batch_id)?;
            (b.merkle_root, b.leaf_count)
        }
        InclusionTarget::DatabaseLock {} => {
            let lock = trial.lock.ok_or(ContractError::ResultsBeforeLock {})?;
            (lock.final_root, lock.leaf_count)
        }
    };
    let root_bytes = root.to_bytes_checked("root")?;
    let outcome = if proof.leaf_count != leaf_count {
        Err(format!(
            "proof is for a tree of {} leaves, the anchored root covers {}",
            proof.leaf_count, leaf_count
        ))
    } else {
        verify_inclusion(&root_bytes, &leaf, &proof).map_err(|e| e.to_string())
    };
    Ok(VerifyInclusionResponse {
        included: outcome.is_ok(),
        root,
        error: outcome.err(),
    })
}

/// Unblindings.
pub fn unblindings(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<UnblindingsResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let unblindings = UNBLINDINGS
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, u)| u))
        .collect::<StdResult<_>>()?;
    Ok(UnblindingsResponse { unblindings })
}

/// Adverse events.
pub fn adverse_events(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<AdverseEventsResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let adverse_events = ADVERSE_EVENTS
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, a)| a))
        .collect::<StdResult<_>>()?;
    Ok(AdverseEventsResponse { adverse_events })
}

/// Oversight records.
pub fn oversight(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<OversightResponse, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let records = OVERSIGHT
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, o)| o))
        .collect::<StdResult<_>>()?;
    Ok(OversightResponse { records })
}

/// Posted results.
pub fn results(deps: Deps, trial_id: u64) -> Result<Option<Results>, ContractError> {
    load_trial(deps.storage, trial_id)?;
    Ok(RESULTS.may_load(deps.storage, trial_id)?)
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
    let reported = |key: u32| {
        results.entries.iter().find(|e| {
            matches!(e.outcome, ResultOutcome::Registered { outcome_key } if outcome_key == key)
        })
    };
    let mut entries: Vec<OutcomeReportEntry> = Vec::new();
    let mut position: u32 = 0;
    let mut push = |entries: &mut Vec<OutcomeReportEntry>, mut e: OutcomeReportEntry| {
        e.position = position;
        position = position.saturating_add(1);
        entries.push(e);
    };
    // 1. Every pre-specified outcome: reported or missing.
    for (o, s) in outcomes.iter().filter(|(o, s)| pre_specified(o, s)) {
        let hit = reported(o.key);
        push(
            &mut entries,
            OutcomeReportEntry {
                position: 0,
                category: if hit.is_some() {
                    OutcomeCategory::PreSpecifiedReported
                } else {
                    OutcomeCategory::PreSpecifiedMissing
                },
                code: o.spec.code.clone(),
                kind: o.spec.kind,
                outcome_key: Some(o.key),
                // The amendment that superseded it (a declared change), else the one that added it.
                amendment_id: s.as_ref().map(|s| s.amendment_id).or(o.amendment_id),
                change_reason: hit.and_then(|e| e.change_reason),
                result_hash: hit.map(|e| e.result_hash.clone()),
            },
        );
    }
    // 2. Every other reported outcome: new, declared or not.
    for e in &results.entries {
        let entry = match &e.outcome {
            ResultOutcome::Registered { outcome_key } => {
                let Some((o, s)) = outcomes.iter().find(|(o, _)| o.key == *outcome_key) else {
                    continue;
                };
                if pre_specified(o, s) {
                    continue;
                }
                // Added by an amendment after the start: the amendment declared it with a reason.
                let declared_by_amendment = o.amendment_id.filter(|_| !o.registered_before_start);
                OutcomeReportEntry {
                    position: 0,
                    category: if declared_by_amendment.is_some() || e.change_reason.is_some() {
                        OutcomeCategory::NewDeclared
                    } else {
                        OutcomeCategory::NewUndeclared
                    },
                    code: o.spec.code.clone(),
                    kind: o.spec.kind,
                    outcome_key: Some(o.key),
                    amendment_id: o.amendment_id,
                    change_reason: e.change_reason,
                    result_hash: Some(e.result_hash.clone()),
                }
            }
            ResultOutcome::Novel { spec } => OutcomeReportEntry {
                position: 0,
                category: if e.change_reason.is_some() {
                    OutcomeCategory::NewDeclared
                } else {
                    OutcomeCategory::NewUndeclared
                },
                code: spec.code.clone(),
                kind: spec.kind,
                outcome_key: None,
                amendment_id: None,
                change_reason: e.change_reason,
                result_hash: Some(e.result_hash.clone()),
            },
        };
        push(&mut entries, entry);
    }
    let mut counts = OutcomeReportCounts::default();
    for e in &entries {
        let c = match e.category {
            OutcomeCategory::PreSpecifiedReported => &mut counts.pre_specified_reported,
            OutcomeCategory::PreSpecifiedMissing => &mut counts.pre_specified_missing,
            OutcomeCategory::NewDeclared => &mut counts.new_declared,
            OutcomeCategory::NewUndeclared => &mut counts.new_undeclared,
        };
        *c = c.saturating_add(1);
    }
    let total = u32::try_from(entries.len()).unwrap_or(u32::MAX);
    let page = entries
        .into_iter()
        .filter(|e| start_after.is_none_or(|s| e.position > s))
        .take(clamp_limit(limit))
        .collect();
    Ok(OutcomeReportResponse {
        trial_id,
        pre_specified_before: trial.started_at.unwrap_or(trial.planned_start),
        counts,
        total,
        entries: page,
    })
}

/// Deadlines passed and not met at the block time, in due order.
pub fn overdue(
    deps: Deps,
    env: Env,
    start_after: Option<OverdueCursor>,
    limit: Option<u32>,
) -> Result<OverdueResponse, ContractError> {
    let now = env.block.time.seconds();
    let min = start_after.map(|c| Bound::exclusive((c.due, c.trial_id, c.slot)));
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
            Ok(OverdueItem {
                trial_id,
                kind,
                due: Timestamp::from_seconds(due),
                seconds_late: now.saturating_sub(due),
                cursor: OverdueCursor {
                    due,
                    trial_id,
                    slot,
                },
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(OverdueResponse { items })
}
