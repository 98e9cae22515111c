//! The on-call pool: a visit booked with a team (`book_on_call_visit`) is taken by one member.
//!
//! Until then the visit's consent (if given) is a grant to the team, for the visit's window:
//! any member acting through the team (`via_team`) may read the chart to triage, unless the
//! patient denied that member by address (an address deny beats a team permit). A member takes
//! the visit (`take_visit`): it must act through the team now (a removed member cannot), be an
//! active clinician licensed in the visit's jurisdiction, and not be denied by the patient. The
//! team's grant is then revoked at once and the same consent is re-issued to the member's
//! address alone, so only the taker keeps access until hang-up; a second member cannot take it.

use cosmwasm_std::{Addr, Api, DepsMut, Env, MessageInfo, Response, StdResult, Storage, Timestamp};
use cw_health_types::ehr_registry::{Grantee, Revocation, RevocationReason};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use crate::access::{evaluate_grants, issuer_allows, Actor, Subject};
use crate::error::ContractError;
use crate::grants;
use crate::state::{next_id, Grant, GrantStatus, GRANTS, NEXT_GRANT_ID};
use crate::teams::acts_through;
use crate::telehealth::{
    assert_licensed_in, assert_not_over, load_visit, VISITS, VISITS_BY_CLINICIAN,
};

/// Whether a grant naming `clinician`'s address denies it the visit's core: reading or writing
/// an (unlabelled) `Encounter` for treatment. Reads at most the address cap's worth of grants.
pub fn patient_denies(
    storage: &dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    patient: &Addr,
    clinician: &Addr,
) -> StdResult<bool> {
    let who = Actor {
        patient,
        actor: clinician,
        role: None,
        team: None,
    };
    for action in [AccessAction::Read, AccessAction::Write] {
        let subject = Subject {
            action,
            purpose: PurposeOfUse::Treatment,
            resource_type: FhirResourceType::Encounter,
            class: SecurityLabel::Normal,
            record_id: None,
            series_id: None,
            data_period: None,
        };
        if evaluate_grants(storage, api, now, &who, &subject)?.address_deny() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Ends the pool's grant and re-issues the same consent to `taker`'s address alone: its id.
fn hand_over(
    storage: &mut dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    pool_grant_id: u64,
    taker: &Addr,
    visit_id: u64,
) -> Result<u64, ContractError> {
    let mut pool = GRANTS.load(storage, pool_grant_id)?;
    if pool.is_finished(now) || !issuer_allows(storage, now, &pool, None)? {
        return Err(ContractError::VisitState {
            visit_id,
            state: "no longer consented",
        });
    }
    pool.revocation = Some(Revocation {
        by: taker.clone(),
        at: now,
        reason: RevocationReason::PurposeFulfilled,
    });
    GRANTS.save(storage, pool_grant_id, &pool)?;
    grants::remove_active(storage, api, &pool.patient, &pool.grantee, pool_grant_id)?;
    let grantee = Grantee::Address {
        address: taker.clone(),
    };
    grants::assert_room(storage, api, now, &pool.patient, &grantee)?;
    let grant = Grant {
        id: next_id(storage, &NEXT_GRANT_ID)?,
        patient: pool.patient.clone(),
        grantee,
        provision: pool.provision,
        starts_at: pool.starts_at.max(now),
        expires_at: pool.expires_at,
        policy_hash: pool.policy_hash,
        // The patient's (or its delegate's) consent, narrowed to the taker: same issuer, same
        // appointment, so it ends with the appointment as the pool's grant would have.
        granted_by: pool.granted_by,
        granted_at: now,
        revocation: None,
        entered_in_error: false,
        appointment: pool.appointment,
        status: GrantStatus::Active,
        proposed_by: None,
        verification: pool.verification,
    };
    grants::save_grant(storage, api, &grant)?;
    Ok(grant.id)
}

/// A member of the visit's on-call team: takes the visit (see the module docs).
pub fn take_visit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    visit_id: u64,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut visit = load_visit(deps.storage, visit_id)?;
    let Some(team_id) = visit.on_call_team else {
        return Err(ContractError::VisitState {
            visit_id,
            state: "not an on-call visit",
        });
    };
    if visit.clinician.is_some() {
        return Err(ContractError::VisitState {
            visit_id,
            state: "already taken",
        });
    }
    assert_not_over(&visit, now)?;
    if !acts_through(deps.storage, now, team_id, &info.sender)? {
        return Err(ContractError::NotTeamMember {
            team_id,
            address: info.sender.to_string(),
        });
    }
    if info.sender == visit.patient {
        return Err(ContractError::SelfReference);
    }
    assert_licensed_in(deps.storage, now, &info.sender, &visit.jurisdiction)?;
    if patient_denies(deps.storage, deps.api, now, &visit.patient, &info.sender)? {
        return Err(ContractError::DeniedByPatient {
            address: info.sender.to_string(),
        });
    }
    if let Some(pool_grant_id) = visit.consent_grant_id {
        let id = hand_over(
            deps.storage,
            deps.api,
            now,
            pool_grant_id,
            &info.sender,
            visit_id,
        )?;
        visit.pool_grant_id = Some(pool_grant_id);
        visit.consent_grant_id = Some(id);
    }
    visit.clinician = Some(info.sender.clone());
    visit.taken_at = Some(now);
    VISITS.save(deps.storage, visit_id, &visit)?;
    VISITS_BY_CLINICIAN.save(deps.storage, (&info.sender, visit_id), &())?;
    let opt = |v: Option<u64>| v.map_or_else(|| "none".to_string(), |g| g.to_string());
    Ok(Response::new()
        .add_attribute("action", "take_visit")
        .add_attribute("visit_id", visit_id.to_string())
        .add_attribute("patient", visit.patient)
        .add_attribute("team_id", team_id.to_string())
        .add_attribute("clinician", info.sender)
        .add_attribute("pool_grant_id", opt(visit.pool_grant_id))
        .add_attribute("grant_id", opt(visit.consent_grant_id)))
}
