//! Trial registration, registry id, recruitment status, primary completion and roles.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::events::json_code;
use cw_health_types::limits::{validate_token, MAX_ID_LEN};
use cw_health_types::trial_anchor::{
    DeadlineCause, DocumentKind, EhrConsentLink, EhrConsentLinkMsg, Outcome, OutcomeKind,
    RegisterTrialMsg, RoleChangeReason, RoleGrant, StatusEvent, StopReason, Trial, TrialCounts,
    TrialDocument, TrialRole, TrialStatus, COMPLETION_UPDATE_WINDOW_SECS, MAX_OUTCOMES_PER_TRIAL,
    RESULTS_WINDOW_SECS,
};
use cw_health_types::Sha256Hash;

use super::{
    assert_sponsor, assert_sponsor_or_responsible, change_clock, ensure_independent_committee,
    ensure_no_grant, ensure_not_frozen, is_regulator, load_trial, log_status, move_deadline,
    next_u64, plus, validate_opt_hash, validate_outcome_spec,
};
use crate::error::ContractError;
use crate::state::{
    hot_count, registered_clocks, registered_results_due, save_trial, save_trial_clocks,
    save_trial_state, HotCounter, CURRENT_OUTCOME, DOCUMENTS, EHR_REGISTRY, OUTCOMES, ROLES,
    SLOT_RESULTS, TRIAL_BY_REGISTRY_ID, TRIAL_SEQ,
};

/// Registers a trial; the sender is its sponsor.
pub fn register_trial(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: RegisterTrialMsg,
) -> Result<Response, ContractError> {
    // Anyone may register a trial: there is no authorization beyond the signature.
    let now = env.block.time;
    let sponsor = info.sender;
    let claimed_registry_id = claimable_registry_id(deps.storage, msg.registry_id.as_deref())?;
    let responsible_party = match &msg.responsible_party {
        Some(a) => deps.api.addr_validate(a)?,
        None => sponsor.clone(),
    };
    let irb = deps.api.addr_validate(&msg.ethics_committee)?;
    ensure_independent_committee(deps.storage, &irb, &sponsor, &responsible_party)?;
    check_registration(&msg, now)?;
    let ehr_consent = ehr_consent_link(deps.as_ref(), msg.ehr_consent.as_ref())?;

    let id = next_u64(TRIAL_SEQ.may_load(deps.storage)?.unwrap_or(0))?;
    TRIAL_SEQ.save(deps.storage, &id)?;
    let parties = (sponsor.clone(), responsible_party.clone(), irb.clone());
    let mut trial = new_trial(
        id,
        &msg,
        parties,
        claimed_registry_id.clone(),
        ehr_consent,
        now,
    )?;
    save_trial(deps.storage, &mut trial)?;
    save_trial_state(deps.storage, &trial)?;
    let results_due = trial
        .deadlines
        .results_due
        .ok_or(ContractError::NoOpenDeadline {})?;
    let outcome_count = trial.counts.outcomes;
    store_first_versions(deps.storage, id, msg, now)?;
    ROLES.save(
        deps.storage,
        (id, &irb),
        &RoleGrant {
            role: TrialRole::EthicsCommittee {},
            granted_by: sponsor.clone(),
            granted_at: now,
            revoked_at: None,
            grant_reason: Some(RoleChangeReason::Appointment),
            revoke_reason: None,
        },
    )?;
    move_deadline(deps.storage, id, SLOT_RESULTS, None, Some(results_due))?;
    Ok(Response::new()
        .add_attribute("action", "register_trial")
        .add_attribute("trial_id", id.to_string())
        .add_attribute("sponsor", sponsor)
        .add_attribute("responsible_party", responsible_party)
        .add_attribute("ethics_committee", irb)
        .add_attribute(
            "registry_id",
            claimed_registry_id.unwrap_or_else(|| "none".into()),
        )
        .add_attribute("outcomes", outcome_count.to_string())
        .add_attribute("results_due", results_due.seconds().to_string()))
}

/// A new trial as registered: version 1 of everything, not yet recruiting, results due a year
/// after the anticipated primary completion. `parties` are (sponsor, responsible party, ethics
/// committee).
fn new_trial(
    id: u64,
    msg: &RegisterTrialMsg,
    parties: (Addr, Addr, Addr),
    registry_id: Option<String>,
    ehr_consent: Option<EhrConsentLink>,
    now: Timestamp,
) -> Result<Trial, ContractError> {
    let (sponsor, responsible_party, ethics_committee) = parties;
    let results_due =
        registered_results_due(msg.primary_completion).ok_or(ContractError::Overflow {})?;
    let outcomes = u32::try_from(msg.outcomes.len()).map_err(|_| ContractError::Overflow {})?;
    Ok(Trial {
        id,
        registry_recorded_at: registry_id.as_ref().map(|_| now),
        registry_id,
        registry_id_confirmed_at: None,
        first_consent_at: None,
        sponsor_unblinded_at: None,
        sponsor,
        responsible_party,
        ethics_committee,
        status: TrialStatus::NotYetRecruiting,
        why_stopped: None,
        status_document: None,
        planned_start: msg.planned_start,
        primary_completion: msg.primary_completion,
        actual_primary_completion: None,
        registered_at: now,
        started_at: None,
        randomized: msg.randomized,
        randomization: None,
        protocol_version: 1,
        consent_form_version: 1,
        sap_version: u32::from(msg.statistical_analysis_plan.is_some()),
        reconsent_from_version: 1,
        reconsent_from_consent_form_version: 1,
        sap_final: None,
        lock: None,
        results_posted_at: None,
        frozen: None,
        ehr_consent,
        // As registered: no clock entry is written (`registered_clocks`).
        deadlines: registered_clocks(results_due),
        counts: TrialCounts {
            outcomes,
            ..TrialCounts::default()
        },
    })
}

/// A claimed registry id, normalized and format-checked. It stays unconfirmed (blocking no
/// other trial) until a regulator confirms it; only an id already confirmed for a trial is taken.
fn claimable_registry_id(
    storage: &dyn Storage,
    registry_id: Option<&str>,
) -> Result<Option<String>, ContractError> {
    let Some(id) = registry_id.map(super::registry_id).transpose()? else {
        return Ok(None);
    };
    if let Some(trial_id) = TRIAL_BY_REGISTRY_ID.may_load(storage, &id)? {
        return Err(ContractError::RegistryIdTaken {
            registry_id: id,
            trial_id,
        });
    }
    Ok(Some(id))
}

/// The registration's dates, documents and outcomes (at least one primary, codes unique).
fn check_registration(msg: &RegisterTrialMsg, now: Timestamp) -> Result<(), ContractError> {
    if msg.planned_start < now {
        return Err(ContractError::time(
            "the planned start must not be in the past",
            msg.planned_start,
        ));
    }
    if msg.primary_completion <= msg.planned_start {
        return Err(ContractError::time(
            "primary completion must come after the planned start",
            msg.primary_completion,
        ));
    }
    msg.protocol.validate()?;
    msg.consent_form.validate()?;
    if let Some(sap) = &msg.statistical_analysis_plan {
        sap.validate()?;
    }
    let max = MAX_OUTCOMES_PER_TRIAL as usize;
    cw_health_types::limits::validate_list_len("outcomes", &msg.outcomes, max)?;
    for spec in &msg.outcomes {
        validate_outcome_spec(spec)?;
    }
    let codes: Vec<&str> = msg.outcomes.iter().map(|o| o.code.as_str()).collect();
    cw_health_types::limits::validate_unique("outcomes.code", &codes, max)?;
    if !msg.outcomes.iter().any(|o| o.kind == OutcomeKind::Primary) {
        return Err(ContractError::NoPrimaryOutcome {});
    }
    Ok(())
}

/// The trial's ehr-registry link: proofs are checked against the owner's configured registry,
/// never one the sponsor names.
fn ehr_consent_link(
    deps: Deps,
    link: Option<&EhrConsentLinkMsg>,
) -> Result<Option<EhrConsentLink>, ContractError> {
    let Some(link) = link else {
        return Ok(None);
    };
    let configured = EHR_REGISTRY
        .may_load(deps.storage)?
        .ok_or(ContractError::EhrRegistryNotConfigured {})?;
    if let Some(r) = &link.registry {
        let named = deps.api.addr_validate(r)?;
        if named != configured {
            return Err(ContractError::UntrustedEhrRegistry {
                registry: named.to_string(),
                configured: configured.to_string(),
            });
        }
    }
    Ok(Some(EhrConsentLink {
        resource_type: link.resource_type,
        required: link.required,
    }))
}

/// Stores version 1 of the protocol, consent form and SAP, and the registered outcomes (keys 1..).
fn store_first_versions(
    storage: &mut dyn Storage,
    id: u64,
    msg: RegisterTrialMsg,
    now: Timestamp,
) -> Result<(), ContractError> {
    let mut docs = vec![
        (DocumentKind::Protocol, msg.protocol),
        (DocumentKind::ConsentForm, msg.consent_form),
    ];
    if let Some(sap) = msg.statistical_analysis_plan {
        docs.push((DocumentKind::StatisticalAnalysisPlan, sap));
    }
    for (kind, content) in docs {
        let doc = TrialDocument {
            kind,
            version: 1,
            content,
            registered_at: now,
            amendment_id: None,
            irb_approval: None,
        };
        DOCUMENTS.save(storage, (id, kind.code(), 1), &doc)?;
    }
    for (key, spec) in (1u32..).zip(msg.outcomes) {
        CURRENT_OUTCOME.save(storage, (id, spec.code.as_str()), &key)?;
        let outcome = Outcome {
            key,
            spec,
            protocol_version: 1,
            registered_at: now,
            amendment_id: None,
            replaces: None,
            registered_before_start: true,
        };
        OUTCOMES.save(storage, (id, key), &outcome)?;
    }
    Ok(())
}

/// The sponsor or responsible party claims the registry id (stopping the registration clock);
/// a regulator confirms the claim, which makes the id the trial's, uniquely.
pub fn record_registration(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    registry_id: String,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    let party = trial.sponsor == info.sender || trial.responsible_party == info.sender;
    if !party && !is_regulator(deps.storage, &info.sender)? {
        return Err(ContractError::unauthorized(
            "the sponsor, the responsible party or a regulator",
            "record the registration",
        ));
    }
    // A legal reporting duty: never blocked by a freeze.
    let id = super::registry_id(&registry_id)?;
    if trial.registry_id_confirmed_at.is_some() {
        return Err(ContractError::RegistryIdAlreadyRecorded {});
    }
    if let Some(other) = TRIAL_BY_REGISTRY_ID.may_load(deps.storage, &id)? {
        return Err(ContractError::RegistryIdTaken {
            registry_id: id,
            trial_id: other,
        });
    }
    let now = env.block.time;
    let action = if party {
        if trial.registry_id.as_deref() == Some(id.as_str()) {
            return Err(ContractError::RegistryIdAlreadyRecorded {});
        }
        if trial.deadlines.registration_due.is_some() {
            change_clock(
                deps.storage,
                &mut trial,
                DeadlineCause::Registered,
                None,
                now,
                &info.sender,
            )?;
            save_trial_clocks(deps.storage, &trial)?;
        }
        trial.registry_id = Some(id.clone());
        trial.registry_recorded_at = Some(now);
        "record_registration"
    } else {
        let claimed = trial.registry_id.clone().unwrap_or_default();
        if claimed != id {
            return Err(ContractError::RegistryIdMismatch { claimed, given: id });
        }
        trial.registry_id_confirmed_at = Some(now);
        TRIAL_BY_REGISTRY_ID.save(deps.storage, &id, &trial_id)?;
        "confirm_registry_id"
    };
    // Late: recorded after the registration clock ran out (21 days after first enrollment).
    let late = trial
        .deadlines
        .history
        .iter()
        .any(|c| c.cause == DeadlineCause::Registered && c.from.is_some_and(|due| c.at > due));
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", action)
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("registry_id", id)
        .add_attribute("late", late.to_string())
        .add_attribute("by", info.sender))
}

fn transition_allowed(from: TrialStatus, to: TrialStatus, enrolled: u64) -> bool {
    use TrialStatus::*;
    if from.is_final() || from == to {
        return false;
    }
    match to {
        NotYetRecruiting => from == Suspended && enrolled == 0,
        Recruiting | EnrollingByInvitation => true,
        ActiveNotRecruiting => matches!(from, Recruiting | EnrollingByInvitation | Suspended),
        Suspended => true,
        Terminated => enrolled > 0,
        Completed => {
            enrolled > 0
                && matches!(
                    from,
                    Recruiting | EnrollingByInvitation | ActiveNotRecruiting
                )
        }
        Withdrawn => enrolled == 0,
    }
}

/// Whether the trial may move to `status`: a stop carries its reason (and `other` its
/// document), a trial with participants is never withdrawn, the lifecycle allows the step,
/// enrollment never reopens after the lock, and enrolling needs the current protocol and
/// consent form approved.
fn check_status_change(
    storage: &dyn Storage,
    trial: &Trial,
    status: TrialStatus,
    why_stopped: Option<StopReason>,
    document_hash: &Option<Sha256Hash>,
) -> Result<(), ContractError> {
    match (status.is_stopped(), why_stopped) {
        (true, None) => return Err(ContractError::StopReasonRequired { status }),
        (false, Some(_)) => return Err(ContractError::StopReasonNotAllowed { status }),
        (true, Some(StopReason::Other)) if document_hash.is_none() => {
            return Err(ContractError::ReasonDocumentRequired {})
        }
        _ => {}
    }
    let enrolled = hot_count(storage, trial, HotCounter::Enrolled)?;
    if status == TrialStatus::Withdrawn && enrolled > 0 {
        return Err(ContractError::WithdrawAfterEnrollment {});
    }
    // Enrollment never reopens after the database lock.
    let reopens = status.is_enrolling() && trial.lock.is_some();
    if reopens || !transition_allowed(trial.status, status, enrolled) {
        return Err(ContractError::InvalidStatusTransition {
            from: trial.status,
            to: status,
        });
    }
    if status.is_enrolling() {
        super::ensure_approved(storage, trial, DocumentKind::Protocol)?;
        super::ensure_approved(storage, trial, DocumentKind::ConsentForm)?;
    }
    Ok(())
}

/// Changes the recruitment status.
pub fn update_status(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    status: TrialStatus,
    why_stopped: Option<StopReason>,
    document_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "change the status")?;
    ensure_not_frozen(&trial)?;
    validate_opt_hash("document_hash", &document_hash)?;
    check_status_change(deps.storage, &trial, status, why_stopped, &document_hash)?;
    let from = trial.status;
    trial.status = status;
    trial.why_stopped = why_stopped;
    trial.status_document = document_hash.clone();
    let event = StatusEvent::Status {
        from,
        to: status,
        why_stopped,
        document_hash: document_hash.clone(),
    };
    log_status(
        deps.storage,
        &mut trial,
        event,
        &info.sender,
        env.block.time,
    )?;
    // A withdrawn trial (nobody enrolled) never reports results: its results clock closes (its
    // clocks change). The record is never rewritten.
    if status == TrialStatus::Withdrawn && trial.deadlines.results_due.is_some() {
        change_clock(
            deps.storage,
            &mut trial,
            DeadlineCause::Withdrawn,
            None,
            env.block.time,
            &info.sender,
        )?;
        save_trial_clocks(deps.storage, &trial)?;
    }
    save_trial_state(deps.storage, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "update_status")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("from", json_code(&from))
        .add_attribute("to", json_code(&status))
        .add_attribute(
            "why_stopped",
            why_stopped.map_or("none".into(), |r| json_code(&r)),
        )
        .add_attribute(
            "document_hash",
            document_hash.map_or("none".into(), |h| h.0),
        )
        .add_attribute("at", env.block.time.seconds().to_string())
        .add_attribute("by", info.sender))
}

/// Records the actual primary completion date once.
pub fn record_primary_completion(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    date: Timestamp,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    // A legal reporting duty: never blocked by a freeze.
    assert_sponsor_or_responsible(&trial, &info.sender, "record the primary completion")?;
    let started = trial
        .started_at
        .ok_or_else(|| ContractError::time("the trial has not started", date))?;
    if date < started || date > env.block.time {
        return Err(ContractError::time(
            "the primary completion date must lie between the start and now",
            date,
        ));
    }
    if trial.actual_primary_completion.is_some() {
        return Err(ContractError::PrimaryCompletionAlreadyRecorded {});
    }
    let now = env.block.time;
    trial.actual_primary_completion = Some(date);
    // Recorded more than 30 days after the date: late under 42 CFR 11.64.
    let late = now > plus(date, COMPLETION_UPDATE_WINDOW_SECS)?;
    trial.deadlines.primary_completion_recorded_late = late;
    // The clocks change when the date is late or moves the results clock.
    let mut clocks_changed = late;
    // The results clock restarts from the actual date unless a certification or an extension
    // already governs it, or results are already posted. A deadline that has passed is never
    // moved later by the party it binds (only a regulator's extension moves it).
    if let Some(due) = trial.deadlines.results_due {
        if trial.deadlines.delay_certification.is_none() && trial.deadlines.extensions == 0 {
            let from_actual = plus(date, RESULTS_WINDOW_SECS)?;
            let new_due = if now > due {
                from_actual.min(due)
            } else {
                from_actual
            };
            if new_due != due {
                change_clock(
                    deps.storage,
                    &mut trial,
                    DeadlineCause::ActualPrimaryCompletion,
                    Some(new_due),
                    now,
                    &info.sender,
                )?;
                clocks_changed = true;
            }
        }
    }
    if clocks_changed {
        save_trial_clocks(deps.storage, &trial)?;
    }
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_primary_completion")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("date", date.seconds().to_string())
        .add_attribute("late", late.to_string())
        .add_attribute(
            "results_due",
            trial
                .deadlines
                .results_due
                .map_or("none".into(), |t| t.seconds().to_string()),
        ))
}

/// Gives an address a role in a trial. The sponsor never grants the ethics-committee role.
pub fn grant_role(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    address: String,
    role: TrialRole,
    reason: Option<RoleChangeReason>,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "grant roles")?;
    if role == (TrialRole::EthicsCommittee {}) {
        return Err(ContractError::EthicsCommitteeReserved {});
    }
    ensure_not_frozen(&trial)?;
    let addr = deps.api.addr_validate(&address)?;
    if let TrialRole::SiteInvestigator { site_code } = &role {
        validate_token("site_code", site_code, MAX_ID_LEN)?;
    }
    if addr == trial.sponsor {
        return Err(ContractError::SponsorRole {});
    }
    ensure_no_grant(deps.storage, trial_id, &addr)?;
    let site = match &role {
        TrialRole::SiteInvestigator { site_code } => site_code.clone(),
        _ => "none".into(),
    };
    let kind = role.as_str();
    ROLES.save(
        deps.storage,
        (trial_id, &addr),
        &RoleGrant {
            role,
            granted_by: info.sender.clone(),
            granted_at: env.block.time,
            revoked_at: None,
            grant_reason: reason,
            revoke_reason: None,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "grant_role")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("address", addr)
        .add_attribute("role", kind)
        .add_attribute("site_code", site)
        .add_attribute("reason", reason.map_or("none".into(), |r| json_code(&r)))
        .add_attribute("by", info.sender))
}

/// Revokes an address's role in a trial. The sponsor never revokes the ethics committee.
pub fn revoke_role(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    address: String,
    reason: Option<RoleChangeReason>,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "revoke roles")?;
    ensure_not_frozen(&trial)?;
    let addr = deps.api.addr_validate(&address)?;
    let mut grant = ROLES
        .may_load(deps.storage, (trial_id, &addr))?
        .filter(|g| g.revoked_at.is_none())
        .ok_or_else(|| ContractError::RoleNotFound {
            trial_id,
            address: addr.to_string(),
        })?;
    if grant.role == (TrialRole::EthicsCommittee {}) {
        return Err(ContractError::EthicsCommitteeReserved {});
    }
    grant.revoked_at = Some(env.block.time);
    grant.revoke_reason = reason;
    let kind = grant.role.as_str();
    ROLES.save(deps.storage, (trial_id, &addr), &grant)?;
    Ok(Response::new()
        .add_attribute("action", "revoke_role")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("address", addr)
        .add_attribute("role", kind)
        .add_attribute("reason", reason.map_or("none".into(), |r| json_code(&r)))
        .add_attribute("by", info.sender))
}

/// Replaces a trial's ethics committee. A regulator, or the current committee handing over, may
/// do it (also while frozen); the sponsor never can, so the committee stays independent of it.
pub fn change_ethics_committee(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    ethics_committee: String,
    decision_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if info.sender != trial.ethics_committee && !is_regulator(deps.storage, &info.sender)? {
        return Err(ContractError::unauthorized(
            "a regulator or the current ethics committee",
            "change the ethics committee",
        ));
    }
    let new = deps.api.addr_validate(&ethics_committee)?;
    decision_hash.validate("decision_hash")?;
    ensure_independent_committee(deps.storage, &new, &trial.sponsor, &trial.responsible_party)?;
    ensure_no_grant(deps.storage, trial_id, &new)?;
    let now = env.block.time;
    let old = trial.ethics_committee.clone();
    if let Some(mut grant) = ROLES
        .may_load(deps.storage, (trial_id, &old))?
        .filter(|g| g.revoked_at.is_none())
    {
        grant.revoked_at = Some(now);
        grant.revoke_reason = Some(RoleChangeReason::Replacement);
        ROLES.save(deps.storage, (trial_id, &old), &grant)?;
    }
    ROLES.save(
        deps.storage,
        (trial_id, &new),
        &RoleGrant {
            role: TrialRole::EthicsCommittee {},
            granted_by: info.sender.clone(),
            granted_at: now,
            revoked_at: None,
            grant_reason: Some(RoleChangeReason::Replacement),
            revoke_reason: None,
        },
    )?;
    trial.ethics_committee = new.clone();
    save_trial(deps.storage, &mut trial)?;
    Ok(Response::new()
        .add_attribute("action", "change_ethics_committee")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("from", old)
        .add_attribute("to", new)
        .add_attribute("decision_hash", decision_hash.0)
        .add_attribute("by", info.sender))
}
