//! Queries. Every list is a bounded, paginated range scan.

use cosmwasm_schema::serde::{de::DeserializeOwned, Serialize};
use cosmwasm_std::{Binary, Deps, Order, StdResult};
use cw_health_types::merkle::{verify_inclusion, MerkleProof};
use cw_health_types::ownership::{self, Ownership};
use cw_health_types::trial_anchor::{
    normalize_registry_id, AddressSet, AddressSetResponse, AmendmentInfo, AmendmentsResponse,
    Batch, ConsentsResponse, DocumentKind, DocumentsResponse, InclusionTarget, OutcomeInfo,
    OutcomesResponse, ParticipantResponse, Results, RoleInfo, RolesResponse, Trial,
    TrialConfigResponse, TrialPage, TrialsResponse, VerifyInclusionResponse,
};
use cw_health_types::{clamp_limit, Sha256Hash};
use cw_storage_plus::{Bound, Map};

use crate::error::ContractError;
use crate::execute::load_trial;
use crate::report::pre_specified;
pub use crate::report::{outcome_report, overdue};
use crate::state::{
    address_set_map, consent_page, may_load_participant, trial_page, with_hot_counts,
    ADVERSE_EVENTS, AMENDMENTS, BATCHES, DOCUMENTS, EHR_REGISTRY, OUTCOMES, OVERSIGHT, RESULTS,
    ROLES, STATUS_HISTORY, SUPERSESSIONS, TRIAL_BY_REGISTRY_ID, TRIAL_SEQ, UNBLINDINGS,
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

/// One page of an owner-kept address set (regulators, accredited ethics committees).
pub fn address_set(
    deps: Deps,
    set: AddressSet,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<AddressSetResponse, ContractError> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let addresses = address_set_map(set)
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(AddressSetResponse { addresses })
}

/// A `start_after` of a list keyed by `u32` (outcome keys, amendment ids, report positions):
/// one past `u32::MAX` starts after every key.
pub fn start_u32(start_after: Option<u64>) -> Option<u32> {
    start_after.map(|s| u32::try_from(s).unwrap_or(u32::MAX))
}

/// One trial.
pub fn trial(deps: Deps, trial_id: u64) -> Result<Trial, ContractError> {
    Ok(with_hot_counts(
        deps.storage,
        load_trial(deps.storage, trial_id)?,
    )?)
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
        Some(id) => Ok(Some(trial(deps, id)?)),
        None => Ok(None),
    }
}

/// Trials.
pub fn trials(
    deps: Deps,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<TrialsResponse> {
    let trials = trial_page(deps.storage, start_after, clamp_limit(limit))?
        .into_iter()
        .map(|t| with_hot_counts(deps.storage, t))
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
pub fn outcomes(deps: Deps, page: TrialPage) -> Result<OutcomesResponse, ContractError> {
    let trial_id = page.trial_id;
    load_trial(deps.storage, trial_id)?;
    let outcomes = OUTCOMES
        .prefix(trial_id)
        .range(
            deps.storage,
            start_u32(page.start_after).map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(page.limit))
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
pub fn amendments(deps: Deps, page: TrialPage) -> Result<AmendmentsResponse, ContractError> {
    let trial_id = page.trial_id;
    load_trial(deps.storage, trial_id)?;
    let amendments = AMENDMENTS
        .prefix(trial_id)
        .range(
            deps.storage,
            start_u32(page.start_after).map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(page.limit))
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
    let p = may_load_participant(deps.storage, trial_id, participant.as_str())?;
    Ok(p.map(|p| ParticipantResponse {
        reconsent_required: p.reconsent_required(&trial),
        consented_to_current: p.consent_is_current(&trial),
        participant: p.into_api(participant),
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
    let consents = consent_page(
        deps.storage,
        trial_id,
        participant.as_str(),
        start_after,
        clamp_limit(limit),
    )?;
    Ok(ConsentsResponse { consents })
}

/// One batch.
pub fn batch(deps: Deps, trial_id: u64, batch_id: u64) -> Result<Batch, ContractError> {
    BATCHES
        .may_load(deps.storage, (trial_id, batch_id))?
        .ok_or(ContractError::BatchNotFound { trial_id, batch_id })
}

/// Batches.
pub fn batches(deps: Deps, page: TrialPage) -> Result<Binary, ContractError> {
    stored_page(deps, &BATCHES, "batches", page)
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
pub fn unblindings(deps: Deps, page: TrialPage) -> Result<Binary, ContractError> {
    stored_page(deps, &UNBLINDINGS, "unblindings", page)
}

/// Status and freeze changes.
pub fn status_history(deps: Deps, page: TrialPage) -> Result<Binary, ContractError> {
    stored_page(deps, &STATUS_HISTORY, "changes", page)
}

/// Adverse events.
pub fn adverse_events(deps: Deps, page: TrialPage) -> Result<Binary, ContractError> {
    stored_page(deps, &ADVERSE_EVENTS, "adverse_events", page)
}

/// Oversight records.
pub fn oversight(deps: Deps, page: TrialPage) -> Result<Binary, ContractError> {
    stored_page(deps, &OVERSIGHT, "records", page)
}

/// Posted results.
pub fn results(deps: Deps, trial_id: u64) -> Result<Option<Results>, ContractError> {
    load_trial(deps.storage, trial_id)?;
    Ok(RESULTS.may_load(deps.storage, trial_id)?)
}

/// One page of what a trial keeps under a sequence number (`Map<(trial_id, seq), T>`): the
/// entries after `start_after`, ascending, at most `clamp_limit(limit)`, answered as
/// `{"<field>": [...]}` (the list response of `T`) from the stored JSON of each entry, which is
/// the JSON of `T`: nothing is parsed and serialized again.
fn stored_page<T: Serialize + DeserializeOwned>(
    deps: Deps,
    map: &Map<(u64, u64), T>,
    field: &str,
    page: TrialPage,
) -> Result<Binary, ContractError> {
    let trial_id = page.trial_id;
    load_trial(deps.storage, trial_id)?;
    let first = match page.start_after {
        None => Some(0),
        Some(s) => s.checked_add(1),
    };
    let mut json = b"{\"".to_vec();
    json.extend_from_slice(field.as_bytes());
    json.extend_from_slice(b"\":[");
    if let Some(first) = first {
        let start = map.key((trial_id, first));
        // Exclusive end: just after the last possible entry of this trial.
        let mut end = map.key((trial_id, u64::MAX)).to_vec();
        end.push(0);
        let entries = deps
            .storage
            .range(Some(&start), Some(&end), Order::Ascending)
            .take(clamp_limit(page.limit));
        for (i, (_, value)) in entries.enumerate() {
            if i > 0 {
                json.push(b',');
            }
            json.extend_from_slice(&value);
        }
    }
    json.extend_from_slice(b"]}");
    Ok(Binary::from(json))
}
