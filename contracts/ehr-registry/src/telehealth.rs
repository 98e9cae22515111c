//! Telehealth: clinicians' licensure where the patient is, and the remote visit.
//!
//! A visit links three things by its id: the patient's consent (an ordinary grant to the
//! clinician, read and write for treatment, that starts and ends with the visit and names the
//! telehealth informed-consent document by hash), the encounter record (FHIR `Encounter`, class
//! virtual, modality on the visit) and, later, the claim that bills it (claims-engine asks
//! `visit`). Ending the visit revokes the grant: access ends at once. A visit is booked, consented
//! and recorded only by a clinician licensed in the patient's jurisdiction at that time.
//!
//! A visit may instead be booked with an on-call pool (a team): its consent grants the team
//! until a member takes it (`oncall::take_visit`); the visit is then that member's alone.

use cosmwasm_std::{
    Addr, Deps, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::ehr_registry::{
    GranteeMsg, LicensureInfo, PartyRole, Period, Provision, ProvisionType, Revocation,
    RevocationReason, VisitInfo, VisitStatus, VisitsResponse,
};
use cw_health_types::limits::validate_unique;
use cw_health_types::pagination::clamp_limit;
use cw_health_types::telehealth::{
    validate_jurisdiction, InterstateCompact, VisitModality, MAX_VISIT_LEAD_SECS, MAX_VISIT_SECS,
    US_JURISDICTIONS,
};
use cw_health_types::{AccessAction, ContentRef, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_storage_plus::{Bound, Item, Map};

use crate::error::ContractError;
use crate::execute::code;
use crate::grants::{self, GrantFields};
use crate::records::{self, NewRecord};
use crate::state::{next_id, CONFIG, GRANTS, NEXT_GRANT_ID, NEXT_RECORD_ID, PARTIES, PATIENTS};
use crate::teams::load_team;

/// A clinician's licensure as stored.
#[cw_serde]
pub struct Licensure {
    pub jurisdictions: Vec<String>,
    pub compacts: Vec<InterstateCompact>,
    pub set_by: Addr,
    pub set_at: Timestamp,
}

/// A visit as stored; its status is derived at read time.
#[cw_serde]
pub struct Visit {
    pub id: u64,
    pub patient: Addr,
    /// The booked clinician, or the on-call member who took the visit (none until then).
    pub clinician: Option<Addr>,
    pub modality: VisitModality,
    pub jurisdiction: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub booked_by: Addr,
    pub consent_grant_id: Option<u64>,
    pub consent_hash: Option<Sha256Hash>,
    pub consented_at: Option<Timestamp>,
    pub encounter_record_id: Option<u64>,
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<Addr>,
    /// The on-call pool the visit was booked with.
    #[serde(default)]
    pub on_call_team: Option<u64>,
    /// When a member of the pool took it.
    #[serde(default)]
    pub taken_at: Option<Timestamp>,
    /// The pool's consent grant, ended when a member took the visit.
    #[serde(default)]
    pub pool_grant_id: Option<u64>,
}

/// clinician -> licensure.
pub const LICENSURE: Map<&Addr, Licensure> = Map::new("th_licensure");
pub const NEXT_VISIT_ID: Item<u64> = Item::new("th_next_visit");
pub const VISITS: Map<u64, Visit> = Map::new("th_visits");
/// (patient, visit id)
pub const VISITS_BY_PATIENT: Map<(&Addr, u64), ()> = Map::new("th_by_patient");
/// (clinician, visit id): written at booking, or when an on-call member takes the visit.
pub const VISITS_BY_CLINICIAN: Map<(&Addr, u64), ()> = Map::new("th_by_clinician");
/// (team, visit id): the visits booked with an on-call pool.
pub const VISITS_BY_TEAM: Map<(u64, u64), ()> = Map::new("th_by_team");

/// Refuses unless `clinician` is an active `clinician` party licensed in `jurisdiction` at `now`.
pub fn assert_licensed_in(
    storage: &dyn Storage,
    now: Timestamp,
    clinician: &Addr,
    jurisdiction: &str,
) -> Result<(), ContractError> {
    match PARTIES.may_load(storage, clinician)? {
        Some(p) if p.role == PartyRole::Clinician && p.is_active(now) => {}
        Some(p) if p.role == PartyRole::Clinician => {
            return Err(ContractError::PartyNotActive {
                address: clinician.to_string(),
            })
        }
        _ => {
            return Err(ContractError::NotClinician {
                address: clinician.to_string(),
            })
        }
    }
    let licensed = LICENSURE
        .may_load(storage, clinician)?
        .is_some_and(|l| l.jurisdictions.iter().any(|j| j == jurisdiction));
    if licensed {
        Ok(())
    } else {
        Err(ContractError::NotLicensedIn {
            clinician: clinician.to_string(),
            jurisdiction: jurisdiction.to_string(),
        })
    }
}

/// The credentialing authority: sets a clinician's licensed jurisdictions and compacts.
pub fn set_licensure(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    clinician: String,
    jurisdictions: Vec<String>,
    compacts: Vec<InterstateCompact>,
) -> Result<Response, ContractError> {
    match CONFIG.load(deps.storage)?.credentialing_authority {
        None => return Err(ContractError::NoCredentialingAuthority),
        Some(a) if a == info.sender => {}
        Some(_) => {
            return Err(ContractError::Unauthorized {
                role: "credentialing authority",
            })
        }
    }
    let clinician = deps.api.addr_validate(&clinician)?;
    if PARTIES
        .may_load(deps.storage, &clinician)?
        .is_none_or(|p| p.role != PartyRole::Clinician)
    {
        return Err(ContractError::NotClinician {
            address: clinician.to_string(),
        });
    }
    validate_unique("jurisdictions", &jurisdictions, US_JURISDICTIONS.len())?;
    for j in &jurisdictions {
        validate_jurisdiction("jurisdictions", j)?;
    }
    validate_unique("compacts", &compacts, 8)?;
    let resp = Response::new()
        .add_attribute("action", "set_licensure")
        .add_attribute("clinician", clinician.as_str())
        .add_attribute("jurisdictions", jurisdictions.join(" "))
        .add_attribute(
            "compacts",
            compacts
                .iter()
                .map(|c| c.code())
                .collect::<Vec<_>>()
                .join(" "),
        );
    if jurisdictions.is_empty() && compacts.is_empty() {
        LICENSURE.remove(deps.storage, &clinician);
    } else {
        LICENSURE.save(
            deps.storage,
            &clinician,
            &Licensure {
                jurisdictions,
                compacts,
                set_by: info.sender,
                set_at: env.block.time,
            },
        )?;
    }
    Ok(resp)
}

/// Who a visit is booked with.
pub enum Host {
    /// A named clinician (`book_visit`).
    Clinician(String),
    /// An on-call pool (`book_on_call_visit`).
    Team(u64),
}

/// A visit as `book_visit` or `book_on_call_visit` sends it.
pub struct Booking {
    pub patient: String,
    pub host: Host,
    pub modality: VisitModality,
    pub jurisdiction: String,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
}

/// Authorizes a booking and resolves its host: the patient or the (licensed) clinician books
/// with a clinician; the patient or the team's manager with an on-call pool.
fn resolve_host(
    deps: Deps,
    now: Timestamp,
    sender: &Addr,
    patient: &Addr,
    b: &Booking,
) -> Result<(Option<Addr>, Option<u64>), ContractError> {
    match &b.host {
        Host::Clinician(c) => {
            let clinician = deps.api.addr_validate(c)?;
            if sender != patient && *sender != clinician {
                return Err(ContractError::Unauthorized {
                    role: "the patient or the visit's clinician",
                });
            }
            if *patient == clinician {
                return Err(ContractError::SelfReference);
            }
            assert_licensed_in(deps.storage, now, &clinician, &b.jurisdiction)?;
            Ok((Some(clinician), None))
        }
        Host::Team(team_id) => {
            let team = load_team(deps.storage, *team_id)?;
            if sender != patient && *sender != team.manager {
                return Err(ContractError::Unauthorized {
                    role: "the patient or the on-call team's manager",
                });
            }
            Ok((None, Some(*team_id)))
        }
    }
}

/// The patient, or the clinician (the on-call team's manager for a pool): books a visit.
pub fn book_visit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    b: Booking,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = deps.api.addr_validate(&b.patient)?;
    validate_jurisdiction("jurisdiction", &b.jurisdiction)?;
    let (clinician, on_call_team) = resolve_host(deps.as_ref(), now, &info.sender, &patient, &b)?;
    if !PATIENTS.has(deps.storage, &patient) {
        return Err(ContractError::PatientNotRegistered {
            address: patient.to_string(),
        });
    }
    let length = b.ends_at.seconds().saturating_sub(b.starts_at.seconds());
    if b.starts_at < now
        || b.starts_at.seconds() > now.seconds().saturating_add(MAX_VISIT_LEAD_SECS)
        || b.ends_at <= b.starts_at
        || length > MAX_VISIT_SECS
    {
        return Err(ContractError::InvalidVisitWindow);
    }
    let id = next_id(deps.storage, &NEXT_VISIT_ID)?;
    let visit = Visit {
        id,
        patient: patient.clone(),
        clinician: clinician.clone(),
        modality: b.modality,
        jurisdiction: b.jurisdiction,
        starts_at: b.starts_at,
        ends_at: b.ends_at,
        booked_by: info.sender.clone(),
        consent_grant_id: None,
        consent_hash: None,
        consented_at: None,
        encounter_record_id: None,
        ended_at: None,
        ended_by: None,
        on_call_team,
        taken_at: None,
        pool_grant_id: None,
    };
    VISITS.save(deps.storage, id, &visit)?;
    VISITS_BY_PATIENT.save(deps.storage, (&patient, id), &())?;
    if let Some(c) = &clinician {
        VISITS_BY_CLINICIAN.save(deps.storage, (c, id), &())?;
    }
    if let Some(t) = on_call_team {
        VISITS_BY_TEAM.save(deps.storage, (t, id), &())?;
    }
    let host = match (&clinician, on_call_team) {
        (Some(c), _) => ("clinician", c.to_string()),
        (None, t) => ("on_call_team", t.unwrap_or_default().to_string()),
    };
    Ok(Response::new()
        .add_attribute(
            "action",
            if on_call_team.is_some() {
                "book_on_call_visit"
            } else {
                "book_visit"
            },
        )
        .add_attribute("visit_id", id.to_string())
        .add_attribute("patient", patient)
        .add_attribute(host.0, host.1)
        .add_attribute("booked_by", info.sender)
        .add_attribute("encounter_class", b.modality.encounter_class())
        .add_attribute("modality", b.modality.code())
        .add_attribute("jurisdiction", &visit.jurisdiction)
        .add_attribute("starts_at", visit.starts_at.seconds().to_string())
        .add_attribute("ends_at", visit.ends_at.seconds().to_string()))
}

pub fn load_visit(storage: &dyn Storage, visit_id: u64) -> Result<Visit, ContractError> {
    VISITS
        .may_load(storage, visit_id)?
        .ok_or(ContractError::VisitNotFound { visit_id })
}

/// Refuses a visit that is over: ended early, or past its end.
pub fn assert_not_over(visit: &Visit, now: Timestamp) -> Result<(), ContractError> {
    if visit.ended_at.is_some() || now >= visit.ends_at {
        return Err(ContractError::VisitState {
            visit_id: visit.id,
            state: "over",
        });
    }
    Ok(())
}

/// The patient (or a delegate managing grants, within its scope): consents to a visit, which
/// issues the visit's grant through the ordinary grant rules.
pub fn consent_to_visit(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    visit_id: u64,
    consent_hash: Sha256Hash,
    mut resource_types: Vec<FhirResourceType>,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut visit = load_visit(deps.storage, visit_id)?;
    assert_not_over(&visit, now)?;
    if visit.consent_grant_id.is_some() {
        return Err(ContractError::VisitState {
            visit_id,
            state: "already consented",
        });
    }
    consent_hash.validate("consent_hash")?;
    // The clinician (licensed where the patient is), or the pool until a member takes it.
    let grantee = match (&visit.clinician, visit.on_call_team) {
        (Some(c), _) => {
            assert_licensed_in(deps.storage, now, c, &visit.jurisdiction)?;
            GranteeMsg::Address {
                address: c.to_string(),
            }
        }
        (None, Some(team_id)) => GranteeMsg::Team { team_id },
        (None, None) => return Err(ContractError::VisitNotFound { visit_id }),
    };
    if !resource_types.is_empty() && !resource_types.contains(&FhirResourceType::Encounter) {
        resource_types.push(FhirResourceType::Encounter);
    }
    let fields = GrantFields {
        patient: visit.patient.to_string(),
        grantee,
        provision: Provision {
            provision_type: ProvisionType::Permit,
            actions: vec![AccessAction::Read, AccessAction::Write],
            purposes: vec![PurposeOfUse::Treatment],
            resource_types,
            labels: vec![],
            record_ids: vec![],
            data_period: None,
            provisions: vec![],
        },
        starts_at: Some(visit.starts_at.max(now)),
        expires_at: Some(visit.ends_at),
        policy_hash: Some(consent_hash.clone()),
        verification: None,
    };
    // The ordinary grant rules decide who may consent (the patient, or a managing delegate
    // within its scope) and the grantee's cap.
    grants::grant_access(deps.branch(), env.clone(), info.clone(), fields)?;
    let grant_id = NEXT_GRANT_ID.load(deps.storage)?;
    visit.consent_grant_id = Some(grant_id);
    visit.consent_hash = Some(consent_hash);
    visit.consented_at = Some(now);
    VISITS.save(deps.storage, visit_id, &visit)?;
    Ok(Response::new()
        .add_attribute("action", "consent_to_visit")
        .add_attribute("visit_id", visit_id.to_string())
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("patient", visit.patient)
        .add_attribute(
            "grantee",
            grantee_attr(&visit.clinician, visit.on_call_team),
        )
        .add_attribute("consented_by", info.sender)
        .add_attribute(
            "policy_hash",
            visit.consent_hash.as_ref().map_or("", |h| h.as_str()),
        )
        .add_attribute("expires_at", visit.ends_at.seconds().to_string()))
}

/// The visit's clinician, during the consented visit: writes its encounter record.
pub fn record_encounter(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    visit_id: u64,
    content: ContentRef,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut visit = load_visit(deps.storage, visit_id)?;
    if visit.clinician.as_ref() != Some(&info.sender) {
        return Err(ContractError::Unauthorized {
            role: "the visit's clinician",
        });
    }
    assert_not_over(&visit, now)?;
    let in_force = match visit.consent_grant_id {
        Some(id) => GRANTS.load(deps.storage, id)?.in_force(now),
        None => false,
    };
    if !in_force {
        return Err(ContractError::VisitState {
            visit_id,
            state: "not in progress",
        });
    }
    if visit.encounter_record_id.is_some() {
        return Err(ContractError::VisitState {
            visit_id,
            state: "already recorded",
        });
    }
    assert_licensed_in(deps.storage, now, &info.sender, &visit.jurisdiction)?;
    let record = NewRecord {
        patient: visit.patient.to_string(),
        content,
        resource_type: FhirResourceType::Encounter,
        labels: vec![],
        data_period: Some(Period {
            start: visit.starts_at,
            end: now.max(visit.starts_at),
        }),
    };
    records::add_record(deps.branch(), env, info.clone(), record)?;
    let record_id = NEXT_RECORD_ID.load(deps.storage)?;
    visit.encounter_record_id = Some(record_id);
    VISITS.save(deps.storage, visit_id, &visit)?;
    Ok(Response::new()
        .add_attribute("action", "record_encounter")
        .add_attribute("visit_id", visit_id.to_string())
        .add_attribute("record_id", record_id.to_string())
        .add_attribute("patient", visit.patient)
        .add_attribute("clinician", info.sender)
        .add_attribute("encounter_class", visit.modality.encounter_class())
        .add_attribute("modality", visit.modality.code()))
}

/// The patient or the clinician: ends the visit (hang-up); its grant is revoked at once.
pub fn end_visit(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    visit_id: u64,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut visit = load_visit(deps.storage, visit_id)?;
    let reason = if info.sender == visit.patient {
        RevocationReason::PatientWithdrew
    } else if visit.clinician.as_ref() == Some(&info.sender) {
        RevocationReason::PurposeFulfilled
    } else {
        return Err(ContractError::Unauthorized {
            role: "the visit's patient or clinician",
        });
    };
    if visit.ended_at.is_some() {
        return Err(ContractError::VisitState {
            visit_id,
            state: "already ended",
        });
    }
    if let Some(grant_id) = visit.consent_grant_id {
        let mut grant = GRANTS.load(deps.storage, grant_id)?;
        if grant.revocation.is_none() && !grant.entered_in_error {
            grant.revocation = Some(Revocation {
                by: info.sender.clone(),
                at: now,
                reason,
            });
            GRANTS.save(deps.storage, grant_id, &grant)?;
        }
        grants::remove_active(
            deps.storage,
            deps.api,
            &visit.patient,
            &grant.grantee,
            grant_id,
        )?;
    }
    visit.ended_at = Some(now);
    visit.ended_by = Some(info.sender.clone());
    VISITS.save(deps.storage, visit_id, &visit)?;
    Ok(Response::new()
        .add_attribute("action", "end_visit")
        .add_attribute("visit_id", visit_id.to_string())
        .add_attribute("patient", visit.patient)
        .add_attribute("ended_by", info.sender)
        .add_attribute("reason", code(&reason))
        .add_attribute(
            "grant_id",
            visit
                .consent_grant_id
                .map_or_else(|| "none".to_string(), |g| g.to_string()),
        ))
}

/// A clinician's licensure, if set.
pub fn licensure(deps: Deps, address: String) -> StdResult<Option<LicensureInfo>> {
    let clinician = deps.api.addr_validate(&address)?;
    Ok(LICENSURE
        .may_load(deps.storage, &clinician)?
        .map(|l| LicensureInfo {
            clinician,
            jurisdictions: l.jurisdictions,
            compacts: l.compacts,
            set_by: l.set_by,
            set_at: l.set_at,
        }))
}

/// One visit with its state at this block.
pub fn visit(deps: Deps, env: Env, visit_id: u64) -> Result<VisitInfo, ContractError> {
    let now = env.block.time;
    let v = load_visit(deps.storage, visit_id)?;
    let access_open = match v.consent_grant_id {
        Some(id) => GRANTS.load(deps.storage, id)?.in_force(now),
        None => false,
    };
    let status = match (v.consent_grant_id, v.ended_at) {
        (None, Some(_)) => VisitStatus::Cancelled,
        (None, None) if now >= v.ends_at => VisitStatus::Cancelled,
        (None, None) => VisitStatus::Booked,
        (Some(_), _) if v.ended_at.is_some() || now >= v.ends_at => VisitStatus::Ended,
        (Some(_), _) => VisitStatus::Consented,
    };
    Ok(VisitInfo {
        id: v.id,
        held: v.consent_grant_id.is_some() && v.encounter_record_id.is_some(),
        patient: v.patient,
        clinician: v.clinician,
        on_call_team: v.on_call_team,
        taken_at: v.taken_at,
        pool_grant_id: v.pool_grant_id,
        modality: v.modality,
        encounter_class: v.modality.encounter_class().to_string(),
        jurisdiction: v.jurisdiction,
        starts_at: v.starts_at,
        ends_at: v.ends_at,
        booked_by: v.booked_by,
        consent_grant_id: v.consent_grant_id,
        consent_hash: v.consent_hash,
        consented_at: v.consented_at,
        encounter_record_id: v.encounter_record_id,
        ended_at: v.ended_at,
        ended_by: v.ended_by,
        status,
        access_open,
    })
}

/// The event value naming who a visit's consent goes to: the clinician, or `team:<id>`.
pub fn grantee_attr(clinician: &Option<Addr>, team: Option<u64>) -> String {
    match (clinician, team) {
        (Some(c), _) => c.to_string(),
        (None, t) => format!("team:{}", t.unwrap_or_default()),
    }
}

/// Which index a visit list reads.
pub enum VisitsOf {
    Patient(String),
    Clinician(String),
    Team(u64),
}

/// A page of visits (by id) of a patient, a clinician or an on-call pool.
pub fn visits(
    deps: Deps,
    env: Env,
    of: VisitsOf,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<VisitsResponse, ContractError> {
    let start = start_after.map(Bound::exclusive);
    let ids: Vec<u64> = match of {
        VisitsOf::Patient(a) => VISITS_BY_PATIENT
            .prefix(&deps.api.addr_validate(&a)?)
            .keys(deps.storage, start, None, Order::Ascending)
            .take(clamp_limit(limit))
            .collect::<StdResult<_>>()?,
        VisitsOf::Clinician(a) => VISITS_BY_CLINICIAN
            .prefix(&deps.api.addr_validate(&a)?)
            .keys(deps.storage, start, None, Order::Ascending)
            .take(clamp_limit(limit))
            .collect::<StdResult<_>>()?,
        VisitsOf::Team(t) => VISITS_BY_TEAM
            .prefix(t)
            .keys(deps.storage, start, None, Order::Ascending)
            .take(clamp_limit(limit))
            .collect::<StdResult<_>>()?,
    };
    let visits = ids
        .into_iter()
        .map(|id| visit(deps, env.clone(), id))
        .collect::<Result<_, _>>()?;
    Ok(VisitsResponse { visits })
}
