//! Queries: every list is a bounded, paginated range scan over an index.

use cosmwasm_schema::serde::{de::DeserializeOwned, Serialize};
use cosmwasm_std::{Addr, Deps, Env, Order, StdError, StdResult, Timestamp};
use cw_health_types::clamp_limit;
use cw_health_types::ehr_registry::{
    AccessDecision, AccessRequest, AccountingResponse, AddressesResponse, DecisionReason,
    DelegateInfo, DelegatesResponse, DisclosureCursor, EhrConfigResponse, EmergencySessionInfo,
    EmergencySessionsResponse, GrantInfo, Grantee, GranteeMsg, GrantsResponse, PartiesResponse,
    PartyInfo, PatientInfo, RecordInfo, RecordUseDecision, RecordUseRequest, RecordsResponse,
    ReviewCursor, ReviewInfo, ReviewsResponse, SuccessorInfo, SuccessorsResponse, TeamInfo,
    MAX_PARTIES_PER_USE, MAX_PURPOSES_PER_USE,
};
use cw_health_types::ownership::{self, Ownership};
use cw_storage_plus::{Bound, Map, PrimaryKey};

use crate::access::{decide, issuer_allows, Request};
use crate::grants::check_grantee;
use crate::state::{
    addr_key, last_active, role_key, series_of, Delegate, EmergencySession, Grant, Party, Record,
    Review, ACCOUNTABLE_BY_PATIENT, CONFIG, DELEGATES, DISCLOSURES, DISCLOSURES_BY_PATIENT,
    GATEWAYS, GRANTS, GRANTS_BY_ADDR, GRANTS_BY_PATIENT, GRANTS_BY_ROLE, GRANTS_BY_TEAM,
    OPEN_REVIEWS_BY_DUE, PARTIES, PATIENTS, PATIENT_RECORDS, PRIVACY_OFFICERS, RECORDS, REVIEWS,
    SESSIONS, SESSIONS_BY_CLINICIAN, SESSIONS_BY_PATIENT, SUCCESSORS, TEAMS, TEAM_MEMBERS,
};

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<EhrConfigResponse> {
    let cfg = CONFIG.load(deps.storage)?;
    Ok(EhrConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
        credentialing_authority: cfg.credentialing_authority,
        emergency_policy: cfg.emergency_policy,
        guardianship_end_age: cfg.guardianship_end_age,
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// Decides an access request (see [`crate::access`] for the rules and the bounded cost).
pub fn check_access(deps: Deps, env: Env, request: AccessRequest) -> StdResult<AccessDecision> {
    let patient = deps.api.addr_validate(&request.patient)?;
    let actor = deps.api.addr_validate(&request.actor)?;
    Ok(decide(
        deps.storage,
        deps.api,
        env.block.time,
        &Request {
            patient: &patient,
            actor: &actor,
            action: request.action,
            purpose: request.purpose,
            resource_type: request.resource_type,
            record_id: request.record_id,
            new_record: None,
            via_team: request.via_team,
            actor_party: None,
        },
    )?
    .decision)
}

/// Decides one use of one record for the first allowed of `purposes` (each exactly as
/// `check_access` decides it; a self-pay restriction ends the search) and answers with the
/// record. Reads the record's entries once per purpose tried, and once more for the answer.
pub fn record_use(deps: Deps, env: Env, request: RecordUseRequest) -> StdResult<RecordUseDecision> {
    let purposes = &request.purposes;
    if purposes.is_empty() || purposes.len() > MAX_PURPOSES_PER_USE {
        return Err(StdError::msg(format!(
            "purposes: between 1 and {MAX_PURPOSES_PER_USE}, got {}",
            purposes.len()
        )));
    }
    if let Some(p) = purposes
        .iter()
        .enumerate()
        .find_map(|(i, p)| purposes.get(..i).filter(|seen| seen.contains(p)).map(|_| p))
    {
        return Err(StdError::msg(format!("purposes: {p:?} is repeated")));
    }
    if request.parties.len() > MAX_PARTIES_PER_USE {
        return Err(StdError::msg(format!(
            "parties: at most {MAX_PARTIES_PER_USE}, got {}",
            request.parties.len()
        )));
    }
    let parties = request
        .parties
        .iter()
        .map(|a| {
            let addr = deps.api.addr_validate(a)?;
            let party = PARTIES.may_load(deps.storage, &addr)?;
            Ok((addr, party))
        })
        .collect::<StdResult<Vec<_>>>()?;
    let patient = deps.api.addr_validate(&request.patient)?;
    let actor = deps.api.addr_validate(&request.actor)?;
    // The actor's entry, when asked for, is the one the decisions use (read once).
    let actor_party = parties
        .iter()
        .find(|(a, _)| *a == actor)
        .and_then(|(_, p)| p.as_ref());
    let mut answer = None;
    let mut record = None;
    for &purpose in purposes {
        let decided = decide(
            deps.storage,
            deps.api,
            env.block.time,
            &Request {
                patient: &patient,
                actor: &actor,
                action: request.action,
                purpose,
                resource_type: None,
                record_id: Some(request.record_id),
                new_record: None,
                via_team: request.via_team,
                actor_party,
            },
        )?;
        if record.is_none() {
            record = decided.record.zip(decided.self_pay_restricted);
        }
        let d = decided.decision;
        let done = d.allowed || d.reason == DecisionReason::SelfPayRestricted;
        answer = Some((d.allowed.then_some(purpose), d));
        if done {
            break;
        }
    }
    let (purpose, decision) = answer.ok_or_else(|| StdError::msg("purposes: none given"))?;
    Ok(RecordUseDecision {
        purpose,
        decision,
        record: record.map(|(r, restricted)| r.into_info(restricted)),
        parties: parties
            .into_iter()
            .map(|(a, p)| p.map(|p| party_info(a, p, env.block.time)))
            .collect(),
    })
}

fn party_info(address: Addr, p: Party, now: Timestamp) -> PartyInfo {
    PartyInfo {
        active: p.is_active(now),
        address,
        identifier: p.identifier,
        role: p.role,
        license_expiry: p.license_expiry,
        status: p.status,
    }
}

/// A credentialed party, if registered.
pub fn party(deps: Deps, env: Env, address: String) -> StdResult<Option<PartyInfo>> {
    let addr = deps.api.addr_validate(&address)?;
    Ok(PARTIES
        .may_load(deps.storage, &addr)?
        .map(|p| party_info(addr, p, env.block.time)))
}

/// Parties by address.
pub fn parties(
    deps: Deps,
    env: Env,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<PartiesResponse> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let parties = PARTIES
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(a, p)| party_info(a, p, env.block.time)))
        .collect::<StdResult<_>>()?;
    Ok(PartiesResponse { parties })
}

/// A patient, if registered.
pub fn patient(deps: Deps, address: String) -> StdResult<Option<PatientInfo>> {
    let addr = deps.api.addr_validate(&address)?;
    let Some(p) = PATIENTS.may_load(deps.storage, &addr)? else {
        return Ok(None);
    };
    Ok(Some(PatientInfo {
        last_active_at: last_active(deps.storage, &addr, &p)?,
        address: addr,
        registered_at: p.registered_at,
        delegate_count: p.delegate_count,
        successor_count: p.successor_count,
        birth_year: p.birth_year,
    }))
}

/// A stored record as answered, with its series' self-pay restriction (which covers every
/// version).
fn with_series(deps: Deps, r: Record) -> StdResult<RecordInfo> {
    let restricted = series_of(deps.storage, &r)?.1.self_pay_restricted;
    Ok(r.into_info(restricted))
}

/// A team, if created.
pub fn team(deps: Deps, team_id: u64) -> StdResult<Option<TeamInfo>> {
    Ok(TEAMS.may_load(deps.storage, team_id)?.map(|t| TeamInfo {
        id: team_id,
        kind: t.kind,
        manager: t.manager,
        member_count: t.member_count,
        created_at: t.created_at,
    }))
}

/// A team's members, by address.
pub fn team_members(
    deps: Deps,
    team_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AddressesResponse> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let addresses = TEAM_MEMBERS
        .prefix(team_id)
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(AddressesResponse { addresses })
}

/// A patient's successors, by address.
pub fn successors(
    deps: Deps,
    patient: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<SuccessorsResponse> {
    let patient = deps.api.addr_validate(&patient)?;
    let last = match PATIENTS.may_load(deps.storage, &patient)? {
        Some(p) => last_active(deps.storage, &patient, &p)?,
        None => return Ok(SuccessorsResponse { successors: vec![] }),
    };
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let successors = SUCCESSORS
        .prefix(&patient)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| {
            r.map(|(a, x)| SuccessorInfo {
                in_force: x.in_force(last),
                patient: patient.clone(),
                successor: a,
                scope: x.scope,
                inactivity_secs: x.inactivity_secs,
                named_at: x.named_at,
                activated_at: x.activated_at,
            })
        })
        .collect::<StdResult<_>>()?;
    Ok(SuccessorsResponse { successors })
}

/// One record.
pub fn record(deps: Deps, record_id: u64) -> StdResult<RecordInfo> {
    let r = RECORDS
        .may_load(deps.storage, record_id)?
        .ok_or_else(|| StdError::msg(format!("record {record_id} not found")))?;
    with_series(deps, r)
}

/// Ids from an `(owner, id)` index, exclusive start, clamped.
fn ids_by<'a, K, V: Serialize + DeserializeOwned>(
    deps: Deps,
    index: &Map<(K, u64), V>,
    owner: K,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<u64>>
where
    (K, u64): PrimaryKey<'a, Prefix = K, Suffix = u64>,
{
    index
        .prefix(owner)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect()
}

/// A patient's records.
pub fn records(
    deps: Deps,
    patient: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<RecordsResponse> {
    let patient = deps.api.addr_validate(&patient)?;
    let records = ids_by(deps, &PATIENT_RECORDS, &patient, start_after, limit)?
        .into_iter()
        .map(|id| {
            RECORDS
                .load(deps.storage, id)
                .and_then(|r| with_series(deps, r))
        })
        .collect::<StdResult<_>>()?;
    Ok(RecordsResponse { records })
}

fn grant_info(deps: Deps, g: Grant, now: Timestamp) -> StdResult<GrantInfo> {
    let issuer_ok = issuer_allows(deps.storage, now, &g, None)?;
    let (state, inactive_reason) = g.state(now, issuer_ok);
    Ok(GrantInfo {
        id: g.id,
        patient: g.patient,
        grantee: g.grantee,
        provision: g.provision,
        starts_at: g.starts_at,
        expires_at: g.expires_at,
        policy_hash: g.policy_hash,
        verification: g.verification,
        granted_by: g.granted_by,
        proposed_by: g.proposed_by,
        granted_at: g.granted_at,
        revocation: g.revocation,
        entered_in_error: g.entered_in_error,
        state,
        inactive_reason,
    })
}

/// One grant.
pub fn grant(deps: Deps, env: Env, grant_id: u64) -> StdResult<GrantInfo> {
    let g = GRANTS
        .may_load(deps.storage, grant_id)?
        .ok_or_else(|| StdError::msg(format!("grant {grant_id} not found")))?;
    grant_info(deps, g, env.block.time)
}

fn load_grants(deps: Deps, env: &Env, ids: Vec<u64>) -> StdResult<GrantsResponse> {
    let grants = ids
        .into_iter()
        .map(|id| {
            GRANTS
                .load(deps.storage, id)
                .and_then(|g| grant_info(deps, g, env.block.time))
        })
        .collect::<StdResult<_>>()?;
    Ok(GrantsResponse { grants })
}

/// A patient's grants.
pub fn grants_by_patient(
    deps: Deps,
    env: Env,
    patient: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let patient = deps.api.addr_validate(&patient)?;
    let key = addr_key(deps.api, &patient)?;
    let ids = ids_by(deps, &GRANTS_BY_PATIENT, key.as_slice(), start_after, limit)?;
    load_grants(deps, &env, ids)
}

/// A grantee's grants.
pub fn grants_by_grantee(
    deps: Deps,
    env: Env,
    grantee: GranteeMsg,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<GrantsResponse> {
    let ids = match check_grantee(deps.api, grantee)? {
        Grantee::Address { address } => {
            let key = addr_key(deps.api, &address)?;
            ids_by(deps, &GRANTS_BY_ADDR, key.as_slice(), start_after, limit)?
        }
        Grantee::Role { role } => GRANTS_BY_ROLE
            .prefix(role_key(role))
            .keys(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            )
            .take(clamp_limit(limit))
            .collect::<StdResult<_>>()?,
        Grantee::Team { team_id } => GRANTS_BY_TEAM
            .prefix(team_id)
            .keys(
                deps.storage,
                start_after.map(Bound::exclusive),
                None,
                Order::Ascending,
            )
            .take(clamp_limit(limit))
            .collect::<StdResult<_>>()?,
    };
    load_grants(deps, &env, ids)
}

fn delegate_info(patient: Addr, delegate: Addr, d: Delegate, now: Timestamp) -> DelegateInfo {
    DelegateInfo {
        active: d.is_active(now),
        patient,
        delegate,
        relationship: d.relationship,
        scope: d.scope,
        manage_grants: d.manage_grants,
        appointed_at: d.appointed_at,
        expires_at: d.expires_at,
    }
}

/// One delegate.
pub fn delegate(
    deps: Deps,
    env: Env,
    patient: String,
    delegate: String,
) -> StdResult<Option<DelegateInfo>> {
    let patient = deps.api.addr_validate(&patient)?;
    let delegate = deps.api.addr_validate(&delegate)?;
    Ok(DELEGATES
        .may_load(deps.storage, (&patient, &delegate))?
        .map(|d| delegate_info(patient, delegate, d, env.block.time)))
}

/// A patient's delegates.
pub fn delegates(
    deps: Deps,
    env: Env,
    patient: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<DelegatesResponse> {
    let patient = deps.api.addr_validate(&patient)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let delegates = DELEGATES
        .prefix(&patient)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(a, d)| delegate_info(patient.clone(), a, d, env.block.time)))
        .collect::<StdResult<_>>()?;
    Ok(DelegatesResponse { delegates })
}

/// Addresses of an `Addr`-keyed set.
pub fn addresses(
    deps: Deps,
    set: &Map<&Addr, ()>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AddressesResponse> {
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let addresses = set
        .keys(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(AddressesResponse { addresses })
}

/// Privacy officers.
pub fn privacy_officers(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AddressesResponse> {
    addresses(deps, &PRIVACY_OFFICERS, start_after, limit)
}

/// Trusted gateways.
pub fn gateways(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AddressesResponse> {
    addresses(deps, &GATEWAYS, start_after, limit)
}

fn session_info(s: EmergencySession, now: Timestamp) -> EmergencySessionInfo {
    EmergencySessionInfo {
        active: s.is_active(now),
        id: s.id,
        patient: s.patient,
        clinician: s.clinician,
        reason: s.reason,
        justification_hash: s.justification_hash,
        opened_at: s.opened_at,
        expires_at: s.expires_at,
        ended_at: s.ended_at,
    }
}

/// One break-glass session.
pub fn emergency_session(deps: Deps, env: Env, session_id: u64) -> StdResult<EmergencySessionInfo> {
    let s = SESSIONS
        .may_load(deps.storage, session_id)?
        .ok_or_else(|| StdError::msg(format!("emergency session {session_id} not found")))?;
    Ok(session_info(s, env.block.time))
}

/// Sessions by patient or by clinician.
pub fn emergency_sessions(
    deps: Deps,
    env: Env,
    by_clinician: bool,
    who: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<EmergencySessionsResponse> {
    let who = deps.api.addr_validate(&who)?;
    let index = if by_clinician {
        &SESSIONS_BY_CLINICIAN
    } else {
        &SESSIONS_BY_PATIENT
    };
    let sessions = ids_by(deps, index, &who, start_after, limit)?
        .into_iter()
        .map(|id| {
            SESSIONS
                .load(deps.storage, id)
                .map(|s| session_info(s, env.block.time))
        })
        .collect::<StdResult<_>>()?;
    Ok(EmergencySessionsResponse { sessions })
}

fn review_info(r: Review, now: Timestamp) -> ReviewInfo {
    let late = match r.closed_at {
        Some(c) => c > r.due_at,
        None => now > r.due_at,
    };
    ReviewInfo {
        id: r.id,
        session_id: r.id,
        patient: r.patient,
        clinician: r.clinician,
        due_at: r.due_at,
        outcome: r.outcome,
        finding_hash: r.finding_hash,
        closed_by: r.closed_by,
        closed_at: r.closed_at,
        late,
    }
}

/// One review.
pub fn review(deps: Deps, env: Env, review_id: u64) -> StdResult<ReviewInfo> {
    let r = REVIEWS
        .may_load(deps.storage, review_id)?
        .ok_or_else(|| StdError::msg(format!("review {review_id} not found")))?;
    Ok(review_info(r, env.block.time))
}

/// All reviews by id.
pub fn reviews(
    deps: Deps,
    env: Env,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<ReviewsResponse> {
    let reviews = REVIEWS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, r)| review_info(r, env.block.time)))
        .collect::<StdResult<_>>()?;
    Ok(ReviewsResponse { reviews })
}

/// Open reviews due before now, by (due time, id); the scan's upper bound is now.
pub fn overdue_reviews(
    deps: Deps,
    env: Env,
    start_after: Option<ReviewCursor>,
    limit: Option<u32>,
) -> StdResult<ReviewsResponse> {
    let now = env.block.time;
    let min = start_after.map(|c| Bound::exclusive((c.due_at.seconds(), c.id)));
    let max = Some(Bound::exclusive((now.seconds(), 0u64)));
    let reviews = OPEN_REVIEWS_BY_DUE
        .keys(deps.storage, min, max, Order::Ascending)
        .take(clamp_limit(limit))
        .map(|k| {
            k.and_then(|(_, id)| REVIEWS.load(deps.storage, id))
                .map(|r| review_info(r, now))
        })
        .collect::<StdResult<_>>()?;
    Ok(ReviewsResponse { reviews })
}

/// A patient's disclosures with `from <= at <= to`, by (time, id).
pub fn accounting(
    deps: Deps,
    env: Env,
    accountable_only: bool,
    patient: String,
    from: Timestamp,
    to: Timestamp,
    start_after: Option<DisclosureCursor>,
    limit: Option<u32>,
) -> StdResult<AccountingResponse> {
    let patient = deps.api.addr_validate(&patient)?;
    if from > to {
        return Err(StdError::msg("accounting: from is after to"));
    }
    let min = match start_after {
        Some(c) if (c.at.seconds(), c.id) >= (from.seconds(), 0) => {
            Bound::exclusive((c.at.seconds(), c.id))
        }
        _ => Bound::inclusive((from.seconds(), 0u64)),
    };
    let max = Bound::inclusive((to.seconds(), u64::MAX));
    let index = if accountable_only {
        ACCOUNTABLE_BY_PATIENT
    } else {
        DISCLOSURES_BY_PATIENT
    };
    let now = env.block.time;
    // A suspension hides an entry from the accounting only, never from the full log. The
    // filter skips only the entries an oversight agency itself recorded under a suspension.
    let disclosures = index
        .sub_prefix(&patient)
        .keys(deps.storage, Some(min), Some(max), Order::Ascending)
        .map(|k| {
            k.and_then(|(_, id)| {
                DISCLOSURES
                    .load(deps.storage, id)
                    .map(|d| d.into_info(id, &patient))
            })
        })
        .filter(|d| {
            !accountable_only
                || d.as_ref().map_or(true, |d| {
                    d.accounting_suspended_until.is_none_or(|u| now >= u)
                })
        })
        .take(clamp_limit(limit))
        .collect::<StdResult<_>>()?;
    Ok(AccountingResponse { disclosures })
}
