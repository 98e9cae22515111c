//! Queries. Every list is a bounded, paginated range scan.

use cosmwasm_schema::serde::{de::DeserializeOwned, Serialize};
use cosmwasm_std::{Addr, Deps, Order, StdResult, Timestamp};
use cw_health_types::merkle::{verify_inclusion, MerkleProof};
use cw_health_types::ownership::{self, Ownership};
use cw_health_types::trial_anchor::{
    normalize_registry_id, AdverseEventsResponse, AmendmentInfo, AmendmentsResponse, Batch,
    BatchesResponse, ConsentsResponse, DocumentKind, DocumentsResponse, EthicsCommitteesResponse,
    InclusionTarget, OutcomeInfo, OutcomesResponse, OversightResponse, ParticipantResponse,
    RegulatorsResponse, Results, RoleInfo, RolesResponse, StatusHistoryResponse, Trial,
    TrialConfigResponse, TrialsResponse, UnblindingsResponse, VerifyInclusionResponse,
};
use cw_health_types::{clamp_limit, Sha256Hash};
use cw_storage_plus::{Bound, Map};

use crate::error::ContractError;
use crate::execute::load_trial;
use crate::report::pre_specified;
pub use crate::report::{outcome_report, overdue};
use crate::state::{
    ADVERSE_EVENTS, AMENDMENTS, BATCHES, CONSENTS, DOCUMENTS, EHR_REGISTRY, ETHICS_COMMITTEES,
    OUTCOMES, OVERSIGHT, PARTICIPANTS, REGULATORS, RESULTS, ROLES, STATUS_HISTORY, SUPERSESSIONS,
    TRIALS, TRIAL_BY_REGISTRY_ID, TRIAL_SEQ, UNBLINDINGS,
};

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<TrialConfigResponse> {
    Ok(TrialConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
        ehr_registry: EHR_REGISTRY.may_load(deps.storage)?,
        trial_count: TRIAL_SEQ.may_load(deps.storage)?.unwrap_or(0),
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// One page of an address set kept by the owner (regulators, accredited ethics committees).
fn address_page(
    deps: Deps,
    set: Map<&Addr, Timestamp>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<Vec<Addr>, ContractError> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    Ok(set
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?)
}

/// Regulators.
pub fn regulators(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<RegulatorsResponse, ContractError> {
    let regulators = address_page(deps, REGULATORS, start_after, limit)?;
    Ok(RegulatorsResponse { regulators })
}

/// Accredited ethics committees.
pub fn ethics_committees(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<EthicsCommitteesResponse, ContractError> {
    let ethics_committees = address_page(deps, ETHICS_COMMITTEES, start_after, limit)?;
    Ok(EthicsCommitteesResponse { ethics_committees })
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
    let Some(id) = normalize_registry_id(&registry_id) else {
        return Ok(None);
    };
    match TRIAL_BY_REGISTRY_ID.may_load(deps.storage, &id)? {
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

/// TrialDocument versions.
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
        .map(|r| {
            let (_, amendment) = r?;
            let key = (
                trial_id,
                amendment.document_kind.code(),
                amendment.new_version,
            );
            let irb_approval = DOCUMENTS
                .may_load(deps.storage, key)?
                .and_then(|d| d.irb_approval);
            Ok(AmendmentInfo {
                amendment,
                irb_approval,
            })
        })
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

/// One participant, if enrolled (`None`); an unknown trial is an error.
pub fn participant(
    deps: Deps,
    trial_id: u64,
    participant: Sha256Hash,
) -> Result<Option<ParticipantResponse>, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    participant.validate("participant")?;
    let p = PARTICIPANTS.may_load(deps.storage, (trial_id, participant.as_str()))?;
    Ok(p.map(|p| ParticipantResponse {
        reconsent_required: trial.reconsent_required(&p),
        consented_to_current: trial.consent_is_current(&p),
        participant: p,
    }))
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
    let batches = trial_page(deps, &BATCHES, trial_id, start_after, limit)?;
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
            let lock = trial.lock.ok_or(ContractError::NotLocked { trial_id })?;
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
    let unblindings = trial_page(deps, &UNBLINDINGS, trial_id, start_after, limit)?;
    Ok(UnblindingsResponse { unblindings })
}

/// Status and freeze changes.
pub fn status_history(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<StatusHistoryResponse, ContractError> {
    let changes = trial_page(deps, &STATUS_HISTORY, trial_id, start_after, limit)?;
    Ok(StatusHistoryResponse { changes })
}

/// Adverse events.
pub fn adverse_events(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<AdverseEventsResponse, ContractError> {
    let adverse_events = trial_page(deps, &ADVERSE_EVENTS, trial_id, start_after, limit)?;
    Ok(AdverseEventsResponse { adverse_events })
}

/// Oversight records.
pub fn oversight(
    deps: Deps,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<OversightResponse, ContractError> {
    let records = trial_page(deps, &OVERSIGHT, trial_id, start_after, limit)?;
    Ok(OversightResponse { records })
}

/// Posted results.
pub fn results(deps: Deps, trial_id: u64) -> Result<Option<Results>, ContractError> {
    load_trial(deps.storage, trial_id)?;
    Ok(RESULTS.may_load(deps.storage, trial_id)?)
}

/// One page of what a trial keeps under a sequence number (`Map<(trial_id, seq), T>`): the
/// entries after `start_after`, ascending, at most `clamp_limit(limit)`.
fn trial_page<T: Serialize + DeserializeOwned>(
    deps: Deps,
    map: &Map<(u64, u64), T>,
    trial_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<Vec<T>, ContractError> {
    load_trial(deps.storage, trial_id)?;
    let page = map
        .prefix(trial_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, v)| v))
        .collect::<StdResult<_>>()?;
    Ok(page)
}
