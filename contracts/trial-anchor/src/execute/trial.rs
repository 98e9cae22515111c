//! Contract administration, trial registration, status, roles, amendments, IRB approvals,
//! regulator actions, deadlines and oversight records.

use cosmwasm_std::{DepsMut, Env, MessageInfo, Response, Timestamp};
use cw_health_types::limits::{validate_list_len, validate_token, MAX_ID_LEN, MAX_LIST_LEN};
use cw_health_types::ownership::{self, OwnershipAction};
use cw_health_types::trial_anchor::{
    AmendMsg, Amendment, AmendmentReason, Approval, Deadlines, DelayCertification,
    DelayCertificationKind, Document, DocumentKind, EhrConsentLink, Freeze, FreezeReason,
    InstantiateMsg, Outcome, OutcomeChange, OutcomeKind, OversightKind, OversightRecord,
    RegisterTrialMsg, RoleGrant, StopReason, Supersession, Trial, TrialCounts, TrialRole,
    TrialStatus, DELAY_CAP_SECS, DELAY_TRIGGER_SECS, MAX_EXTENSIONS, MAX_EXTENSION_SECS,
    MAX_OUTCOMES_PER_TRIAL, RESULTS_WINDOW_SECS,
};
use cw_health_types::Sha256Hash;

use super::{
    active_role, assert_sponsor, assert_sponsor_or_responsible, ensure_not_frozen, has_role,
    is_regulator, load_trial, move_deadline, next_u32, next_u64, plus, validate_opt_hash,
    validate_outcome_spec,
};
use crate::error::ContractError;
use crate::state::{
    AMENDMENTS, CURRENT_OUTCOME, DOCUMENTS, OUTCOMES, OVERSIGHT, REGULATORS, ROLES,
    SLOT_REGISTRATION, SLOT_RESULTS, SUPERSESSIONS, TRIALS, TRIAL_BY_REGISTRY_ID, TRIAL_SEQ,
};

/// Stores the owner (the sender unless another is named).
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    TRIAL_SEQ.save(deps.storage, &0)?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner))
}

/// Proposes, accepts or cancels an ownership transfer.
pub fn update_ownership(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action: OwnershipAction,
) -> Result<Response, ContractError> {
    let o = ownership::update_ownership(deps.storage, deps.api, &env.block, &info.sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attributes(o.into_attributes()))
}

/// Adds and removes regulators. Owner only.
pub fn update_regulators(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    add: Vec<String>,
    remove: Vec<String>,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    validate_list_len("add", &add, MAX_LIST_LEN)?;
    validate_list_len("remove", &remove, MAX_LIST_LEN)?;
    let add = add
        .iter()
        .map(|a| deps.api.addr_validate(a))
        .collect::<Result<Vec<_>, _>>()?;
    let remove = remove
        .iter()
        .map(|a| deps.api.addr_validate(a))
        .collect::<Result<Vec<_>, _>>()?;
    cw_health_types::limits::validate_unique(
        "regulators",
        &add.iter().chain(remove.iter()).collect::<Vec<_>>(),
        2 * MAX_LIST_LEN,
    )?;
    for a in &add {
        REGULATORS.save(deps.storage, a, &env.block.time)?;
    }
    for r in &remove {
        REGULATORS.remove(deps.storage, r);
    }
    let join =
        |v: &[cosmwasm_std::Addr]| v.iter().map(|a| a.as_str()).collect::<Vec<_>>().join(",");
    Ok(Response::new()
        .add_attribute("action", "update_regulators")
        .add_attribute("added", join(&add))
        .add_attribute("removed", join(&remove)))
}

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
    if let Some(id) = &msg.registry_id {
        validate_token("registry_id", id, MAX_ID_LEN)?;
        if let Some(trial_id) = TRIAL_BY_REGISTRY_ID.may_load(deps.storage, id)? {
            return Err(ContractError::RegistryIdTaken {
                registry_id: id.clone(),
                trial_id,
            });
        }
    }
    let responsible_party = match &msg.responsible_party {
        Some(a) => deps.api.addr_validate(a)?,
        None => sponsor.clone(),
    };
    let irb = deps.api.addr_validate(&msg.ethics_committee)?;
    if irb == sponsor {
        return Err(ContractError::SponsorRole {});
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
    let ehr_consent = match &msg.ehr_consent {
        Some(link) => Some(EhrConsentLink {
            registry: deps.api.addr_validate(&link.registry)?,
            resource_type: link.resource_type,
            required: link.required,
        }),
        None => None,
    };

    let id = next_u64(TRIAL_SEQ.may_load(deps.storage)?.unwrap_or(0))?;
    TRIAL_SEQ.save(deps.storage, &id)?;
    let results_due = plus(msg.primary_completion, RESULTS_WINDOW_SECS)?;
    let outcome_count =
        u32::try_from(msg.outcomes.len()).map_err(|_| ContractError::Overflow {})?;
    let trial = Trial {
        id,
        registry_id: msg.registry_id.clone(),
        registry_recorded_at: msg.registry_id.as_ref().map(|_| now),
        sponsor: sponsor.clone(),
        responsible_party: responsible_party.clone(),
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
        deadlines: Deadlines {
            registration_due: None,
            results_due: Some(results_due),
            delay_certification: None,
            extensions: 0,
        },
        counts: TrialCounts {
            outcomes: outcome_count,
            ..TrialCounts::default()
        },
    };
    TRIALS.save(deps.storage, id, &trial)?;
    if let Some(rid) = &msg.registry_id {
        TRIAL_BY_REGISTRY_ID.save(deps.storage, rid, &id)?;
    }
    let mut docs = vec![
        (DocumentKind::Protocol, msg.protocol),
        (DocumentKind::ConsentForm, msg.consent_form),
    ];
    if let Some(sap) = msg.statistical_analysis_plan {
        docs.push((DocumentKind::StatisticalAnalysisPlan, sap));
    }
    for (kind, content) in docs {
        let doc = Document {
            kind,
            version: 1,
            content,
            registered_at: now,
            amendment_id: None,
            irb_approval: None,
        };
        DOCUMENTS.save(deps.storage, (id, kind.code(), 1), &doc)?;
    }
    for (key, spec) in (1u32..).zip(msg.outcomes) {
        CURRENT_OUTCOME.save(deps.storage, (id, spec.code.as_str()), &key)?;
        let outcome = Outcome {
            key,
            spec,
            protocol_version: 1,
            registered_at: now,
            amendment_id: None,
            replaces: None,
            registered_before_start: true,
        };
        OUTCOMES.save(deps.storage, (id, key), &outcome)?;
    }
    ROLES.save(
        deps.storage,
        (id, &irb),
        &RoleGrant {
            role: TrialRole::EthicsCommittee {},
            granted_by: sponsor.clone(),
            granted_at: now,
            revoked_at: None,
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
            msg.registry_id.unwrap_or_else(|| "none".into()),
        )
        .add_attribute("outcomes", outcome_count.to_string())
        .add_attribute("results_due", results_due.seconds().to_string()))
}

/// Records the registry id once; stops the registration clock.
pub fn record_registration(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    registry_id: String,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor_or_responsible(&trial, &info.sender, "record the registration")?;
    ensure_not_frozen(&trial)?;
    validate_token("registry_id", &registry_id, MAX_ID_LEN)?;
    if trial.registry_id.is_some() {
        return Err(ContractError::RegistryIdAlreadyRecorded {});
    }
    if let Some(other) = TRIAL_BY_REGISTRY_ID.may_load(deps.storage, &registry_id)? {
        return Err(ContractError::RegistryIdTaken {
            registry_id,
            trial_id: other,
        });
    }
    let late = trial
        .deadlines
        .registration_due
        .is_some_and(|due| env.block.time > due);
    move_deadline(
        deps.storage,
        trial_id,
        SLOT_REGISTRATION,
        trial.deadlines.registration_due,
        None,
    )?;
    trial.registry_id = Some(registry_id.clone());
    trial.registry_recorded_at = Some(env.block.time);
    trial.deadlines.registration_due = None;
    TRIAL_BY_REGISTRY_ID.save(deps.storage, &registry_id, &trial_id)?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_registration")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("registry_id", registry_id)
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
    match (status.is_stopped(), why_stopped) {
        (true, None) => return Err(ContractError::StopReasonRequired { status }),
        (false, Some(_)) => return Err(ContractError::StopReasonNotAllowed { status }),
        (true, Some(StopReason::Other)) if document_hash.is_none() => {
            return Err(ContractError::ReasonDocumentRequired {})
        }
        _ => {}
    }
    if status == TrialStatus::Withdrawn && trial.counts.enrolled > 0 {
        return Err(ContractError::WithdrawAfterEnrollment {});
    }
    if !transition_allowed(trial.status, status, trial.counts.enrolled) {
        return Err(ContractError::InvalidStatusTransition {
            from: trial.status,
            to: status,
        });
    }
    if status.is_enrolling() && trial.lock.is_some() {
        // Enrollment never reopens after the database lock.
        return Err(ContractError::InvalidStatusTransition {
            from: trial.status,
            to: status,
        });
    }
    if status.is_enrolling() {
        super::ensure_approved(deps.storage, &trial, DocumentKind::Protocol)?;
        super::ensure_approved(deps.storage, &trial, DocumentKind::ConsentForm)?;
    }
    let from = trial.status;
    trial.status = status;
    trial.why_stopped = why_stopped;
    trial.status_document = document_hash.clone();
    if status == TrialStatus::Withdrawn {
        // A withdrawn trial never reports results: its results clock closes.
        move_deadline(
            deps.storage,
            trial_id,
            SLOT_RESULTS,
            trial.deadlines.results_due,
            None,
        )?;
        trial.deadlines.results_due = None;
    }
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "update_status")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("from", format!("{from:?}"))
        .add_attribute("to", format!("{status:?}"))
        .add_attribute(
            "why_stopped",
            why_stopped.map_or("none".into(), |r| format!("{r:?}")),
        )
        .add_attribute(
            "document_hash",
            document_hash.map_or("none".into(), |h| h.0),
        )
        .add_attribute("at", env.block.time.seconds().to_string()))
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
    assert_sponsor_or_responsible(&trial, &info.sender, "record the primary completion")?;
    ensure_not_frozen(&trial)?;
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
    trial.actual_primary_completion = Some(date);
    // The results clock restarts from the actual date unless a certification or an extension
    // already governs it, or results are already posted.
    if trial.deadlines.delay_certification.is_none()
        && trial.deadlines.extensions == 0
        && trial.deadlines.results_due.is_some()
    {
        let due = plus(date, RESULTS_WINDOW_SECS)?;
        move_deadline(
            deps.storage,
            trial_id,
            SLOT_RESULTS,
            trial.deadlines.results_due,
            Some(due),
        )?;
        trial.deadlines.results_due = Some(due);
    }
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_primary_completion")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("date", date.seconds().to_string())
        .add_attribute(
            "results_due",
            trial
                .deadlines
                .results_due
                .map_or("none".into(), |t| t.seconds().to_string()),
        ))
}

/// Gives an address a role in a trial.
pub fn grant_role(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    address: String,
    role: TrialRole,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    assert_sponsor(&trial, &info.sender, "grant roles")?;
    ensure_not_frozen(&trial)?;
    let addr = deps.api.addr_validate(&address)?;
    if let TrialRole::SiteInvestigator { site_code } = &role {
        validate_token("site_code", site_code, MAX_ID_LEN)?;
    }
    if addr == trial.sponsor {
        return Err(ContractError::SponsorRole {});
    }
    if active_role(deps.storage, trial_id, &addr)?.is_some() {
        return Err(ContractError::RoleAlreadyHeld {
            trial_id,
            address: addr.to_string(),
        });
    }
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
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "grant_role")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("address", addr)
        .add_attribute("role", kind)
        .add_attribute("site_code", site)
        .add_attribute("by", info.sender))
}

/// Revokes an address's role in a trial.
pub fn revoke_role(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    address: String,
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
    grant.revoked_at = Some(env.block.time);
    let kind = grant.role.as_str();
    ROLES.save(deps.storage, (trial_id, &addr), &grant)?;
    Ok(Response::new()
        .add_attribute("action", "revoke_role")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("address", addr)
        .add_attribute("role", kind)
        .add_attribute("by", info.sender))
}

/// Amends a document: a new version, superseding outcomes, never editing them.
pub fn amend_protocol(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: AmendMsg,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut trial = load_trial(deps.storage, msg.trial_id)?;
    let trial_id = trial.id;
    assert_sponsor(&trial, &info.sender, "amend the protocol")?;
    ensure_not_frozen(&trial)?;
    msg.content.validate()?;
    validate_opt_hash("reason_hash", &msg.reason_hash)?;
    if msg.reason == AmendmentReason::Other && msg.reason_hash.is_none() {
        return Err(ContractError::ReasonDocumentRequired {});
    }
    validate_list_len("outcome_changes", &msg.outcome_changes, MAX_LIST_LEN)?;
    if msg.document_kind != DocumentKind::Protocol && !msg.outcome_changes.is_empty() {
        return Err(ContractError::OutcomeChangeNotProtocol {});
    }
    if msg.document_kind == DocumentKind::StatisticalAnalysisPlan && msg.requires_reconsent {
        return Err(ContractError::ReconsentNotApplicable {});
    }
    if trial.results_posted_at.is_some() {
        return Err(ContractError::AmendAfterResults {});
    }
    if trial.lock.is_some() && !msg.outcome_changes.is_empty() {
        return Err(ContractError::OutcomeChangeAfterLock {});
    }
    if msg.document_kind == DocumentKind::StatisticalAnalysisPlan && trial.sap_final.is_some() {
        return Err(ContractError::DocumentFinal {
            kind: msg.document_kind,
        });
    }
    // Check every outcome change before writing anything.
    let mut touched: Vec<u32> = Vec::new();
    let mut added_codes: Vec<&str> = Vec::new();
    let mut new_revisions: u32 = 0;
    for change in &msg.outcome_changes {
        match change {
            OutcomeChange::Add { spec } => {
                validate_outcome_spec(spec)?;
                if let Some(key) =
                    CURRENT_OUTCOME.may_load(deps.storage, (trial_id, spec.code.as_str()))?
                {
                    return Err(ContractError::OutcomeImmutable { outcome_key: key });
                }
                if added_codes.contains(&spec.code.as_str()) {
                    return Err(ContractError::InvalidInput(format!(
                        "outcome code {} is added twice",
                        spec.code
                    )));
                }
                added_codes.push(spec.code.as_str());
                new_revisions = next_u32(new_revisions)?;
            }
            OutcomeChange::Replace { outcome_key, spec } => {
                validate_outcome_spec(spec)?;
                let old = current_outcome(deps.as_ref().storage, trial_id, *outcome_key)?;
                if old.spec.code != spec.code {
                    return Err(ContractError::ReplacementCodeMismatch {
                        code: old.spec.code,
                    });
                }
                if touched.contains(outcome_key) {
                    return Err(ContractError::DuplicateOutcomeChange {
                        outcome_key: *outcome_key,
                    });
                }
                touched.push(*outcome_key);
                new_revisions = next_u32(new_revisions)?;
            }
            OutcomeChange::Drop { outcome_key } => {
                current_outcome(deps.as_ref().storage, trial_id, *outcome_key)?;
                if touched.contains(outcome_key) {
                    return Err(ContractError::DuplicateOutcomeChange {
                        outcome_key: *outcome_key,
                    });
                }
                touched.push(*outcome_key);
            }
        }
    }
    let total = trial
        .counts
        .outcomes
        .checked_add(new_revisions)
        .ok_or(ContractError::Overflow {})?;
    if total > MAX_OUTCOMES_PER_TRIAL {
        return Err(ContractError::TooManyOutcomes {
            max: MAX_OUTCOMES_PER_TRIAL,
        });
    }

    // State changes.
    let amendment_id = next_u32(trial.counts.amendments)?;
    trial.counts.amendments = amendment_id;
    let after_start = trial.started_at.is_some();
    let version = match msg.document_kind {
        DocumentKind::Protocol => {
            trial.protocol_version = next_u32(trial.protocol_version)?;
            trial.protocol_version
        }
        DocumentKind::ConsentForm => {
            trial.consent_form_version = next_u32(trial.consent_form_version)?;
            trial.consent_form_version
        }
        DocumentKind::StatisticalAnalysisPlan => {
            trial.sap_version = next_u32(trial.sap_version)?;
            trial.sap_version
        }
    };
    DOCUMENTS.save(
        deps.storage,
        (trial_id, msg.document_kind.code(), version),
        &Document {
            kind: msg.document_kind,
            version,
            content: msg.content.clone(),
            registered_at: now,
            amendment_id: Some(amendment_id),
            irb_approval: None,
        },
    )?;
    let mut outcomes_added = Vec::new();
    let mut outcomes_superseded = Vec::new();
    for change in msg.outcome_changes {
        let (old_key, spec) = match change {
            OutcomeChange::Add { spec } => (None, Some(spec)),
            OutcomeChange::Replace { outcome_key, spec } => (Some(outcome_key), Some(spec)),
            OutcomeChange::Drop { outcome_key } => (Some(outcome_key), None),
        };
        let new_key = match spec {
            Some(spec) => {
                let key = next_u32(trial.counts.outcomes)?;
                trial.counts.outcomes = key;
                CURRENT_OUTCOME.save(deps.storage, (trial_id, spec.code.as_str()), &key)?;
                OUTCOMES.save(
                    deps.storage,
                    (trial_id, key),
                    &Outcome {
                        key,
                        spec,
                        protocol_version: version,
                        registered_at: now,
                        amendment_id: Some(amendment_id),
                        replaces: old_key,
                        registered_before_start: !after_start,
                    },
                )?;
                outcomes_added.push(key);
                Some(key)
            }
            None => None,
        };
        if let Some(old_key) = old_key {
            if new_key.is_none() {
                let old = OUTCOMES.load(deps.storage, (trial_id, old_key))?;
                CURRENT_OUTCOME.remove(deps.storage, (trial_id, old.spec.code.as_str()));
            }
            SUPERSESSIONS.save(
                deps.storage,
                (trial_id, old_key),
                &Supersession {
                    amendment_id,
                    at: now,
                    replaced_by: new_key,
                    after_start,
                },
            )?;
            outcomes_superseded.push(old_key);
        }
    }
    if msg.requires_reconsent {
        trial.reconsent_from_version = trial.protocol_version;
        trial.reconsent_from_consent_form_version = trial.consent_form_version;
    }
    let amendment = Amendment {
        id: amendment_id,
        document_kind: msg.document_kind,
        new_version: version,
        reason: msg.reason,
        reason_hash: msg.reason_hash,
        made_while_blinded: msg.made_while_blinded,
        requires_reconsent: msg.requires_reconsent,
        outcomes_added,
        outcomes_superseded,
        after_start,
        by: info.sender.clone(),
        at: now,
    };
    AMENDMENTS.save(deps.storage, (trial_id, amendment_id), &amendment)?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    let keys = |v: &[u32]| {
        v.iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    Ok(Response::new()
        .add_attribute("action", "amend_protocol")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("amendment_id", amendment_id.to_string())
        .add_attribute("document_kind", msg.document_kind.as_str())
        .add_attribute("version", version.to_string())
        .add_attribute("content_sha256", msg.content.sha256.0)
        .add_attribute("reason", format!("{:?}", amendment.reason))
        .add_attribute(
            "reason_hash",
            amendment
                .reason_hash
                .as_ref()
                .map_or("none".into(), |h| h.0.clone()),
        )
        .add_attribute(
            "made_while_blinded",
            amendment.made_while_blinded.to_string(),
        )
        .add_attribute(
            "requires_reconsent",
            amendment.requires_reconsent.to_string(),
        )
        .add_attribute("after_start", after_start.to_string())
        .add_attribute("outcomes_added", keys(&amendment.outcomes_added))
        .add_attribute("outcomes_superseded", keys(&amendment.outcomes_superseded))
        .add_attribute("by", info.sender))
}

/// Loads an outcome revision that is not superseded.
fn current_outcome(
    storage: &dyn cosmwasm_std::Storage,
    trial_id: u64,
    outcome_key: u32,
) -> Result<Outcome, ContractError> {
    let o = OUTCOMES.may_load(storage, (trial_id, outcome_key))?.ok_or(
        ContractError::OutcomeNotFound {
            trial_id,
            outcome_key,
        },
    )?;
    if SUPERSESSIONS.has(storage, (trial_id, outcome_key)) {
        return Err(ContractError::OutcomeSuperseded { outcome_key });
    }
    Ok(o)
}

/// The IRB approves the current protocol or consent-form version.
pub fn approve_document(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: DocumentKind,
    version: u32,
    approval_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let trial = load_trial(deps.storage, trial_id)?;
    if !has_role(
        deps.storage,
        trial_id,
        &info.sender,
        &TrialRole::EthicsCommittee {},
    )? {
        return Err(ContractError::unauthorized(
            "the ethics committee",
            "approve documents",
        ));
    }
    ensure_not_frozen(&trial)?;
    approval_hash.validate("approval_hash")?;
    let current = match kind {
        DocumentKind::Protocol => trial.protocol_version,
        DocumentKind::ConsentForm => trial.consent_form_version,
        DocumentKind::StatisticalAnalysisPlan => return Err(ContractError::NotApprovable {}),
    };
    if version != current {
        return Err(ContractError::NotCurrentVersion {
            kind,
            version,
            current,
        });
    }
    let key = (trial_id, kind.code(), version);
    let mut doc = DOCUMENTS.load(deps.storage, key)?;
    if doc.irb_approval.is_some() {
        return Err(ContractError::AlreadyApproved { kind, version });
    }
    doc.irb_approval = Some(Approval {
        by: info.sender.clone(),
        at: env.block.time,
        approval_hash: approval_hash.clone(),
    });
    DOCUMENTS.save(deps.storage, key, &doc)?;
    Ok(Response::new()
        .add_attribute("action", "approve_document")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("document_kind", kind.as_str())
        .add_attribute("version", version.to_string())
        .add_attribute("approval_hash", approval_hash.0)
        .add_attribute("by", info.sender))
}

fn assert_regulator(
    deps: &DepsMut,
    sender: &cosmwasm_std::Addr,
    action: &str,
) -> Result<(), ContractError> {
    if is_regulator(deps.storage, sender)? {
        Ok(())
    } else {
        Err(ContractError::unauthorized("a regulator", action))
    }
}

/// A regulator freezes a trial.
pub fn freeze(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    reason: FreezeReason,
    order_hash: Option<Sha256Hash>,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "freeze a trial")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    validate_opt_hash("order_hash", &order_hash)?;
    ensure_not_frozen(&trial)?;
    trial.frozen = Some(Freeze {
        by: info.sender.clone(),
        at: env.block.time,
        reason,
        order_hash: order_hash.clone(),
    });
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "freeze")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("reason", format!("{reason:?}"))
        .add_attribute("order_hash", order_hash.map_or("none".into(), |h| h.0))
        .add_attribute("by", info.sender))
}

/// A regulator lifts a freeze.
pub fn unfreeze(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    trial_id: u64,
    decision_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "unfreeze a trial")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    decision_hash.validate("decision_hash")?;
    if trial.frozen.is_none() {
        return Err(ContractError::NotFrozen { trial_id });
    }
    trial.frozen = None;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "unfreeze")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("decision_hash", decision_hash.0)
        .add_attribute("by", info.sender))
}

/// The responsible party certifies a results delay (once, before the deadline).
pub fn certify_delay(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: DelayCertificationKind,
    document_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if trial.responsible_party != info.sender {
        return Err(ContractError::unauthorized(
            "the responsible party",
            "certify a delay",
        ));
    }
    ensure_not_frozen(&trial)?;
    document_hash.validate("document_hash")?;
    if trial.deadlines.delay_certification.is_some() {
        return Err(ContractError::AlreadyCertified {});
    }
    let due = trial
        .deadlines
        .results_due
        .ok_or(ContractError::NoOpenDeadline {})?;
    let now = env.block.time;
    if now >= due {
        return Err(ContractError::CertificationTooLate {});
    }
    let cap = plus(now, DELAY_CAP_SECS)?;
    // Until the approval is reported, results are due at the cap (never earlier than before).
    let new_due = cap.max(due);
    trial.deadlines.delay_certification = Some(DelayCertification {
        kind,
        document_hash: document_hash.clone(),
        certified_at: now,
        original_due: due,
        cap: new_due,
        trigger_at: None,
    });
    move_deadline(
        deps.storage,
        trial_id,
        SLOT_RESULTS,
        Some(due),
        Some(new_due),
    )?;
    trial.deadlines.results_due = Some(new_due);
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "certify_delay")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("kind", format!("{kind:?}"))
        .add_attribute("document_hash", document_hash.0)
        .add_attribute("results_due", new_due.seconds().to_string()))
}

/// The responsible party reports the approval that ends a delay certification.
pub fn record_delay_trigger(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    trigger_at: Timestamp,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    if trial.responsible_party != info.sender {
        return Err(ContractError::unauthorized(
            "the responsible party",
            "record a delay trigger",
        ));
    }
    ensure_not_frozen(&trial)?;
    let mut cert = trial
        .deadlines
        .delay_certification
        .clone()
        .ok_or(ContractError::NotCertified {})?;
    if cert.trigger_at.is_some() {
        return Err(ContractError::TriggerAlreadyRecorded {});
    }
    if trigger_at < cert.certified_at || trigger_at > env.block.time {
        return Err(ContractError::time(
            "the trigger must lie between the certification and now",
            trigger_at,
        ));
    }
    let old_due = trial.deadlines.results_due;
    let new_due = plus(trigger_at, DELAY_TRIGGER_SECS)?
        .min(cert.cap)
        .max(cert.original_due);
    cert.trigger_at = Some(trigger_at);
    trial.deadlines.delay_certification = Some(cert);
    if old_due.is_some() && trial.deadlines.extensions == 0 {
        move_deadline(deps.storage, trial_id, SLOT_RESULTS, old_due, Some(new_due))?;
        trial.deadlines.results_due = Some(new_due);
    }
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_delay_trigger")
        .add_attribute("by", info.sender.to_string())
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("trigger_at", trigger_at.seconds().to_string())
        .add_attribute(
            "results_due",
            trial
                .deadlines
                .results_due
                .map_or("none".into(), |t| t.seconds().to_string()),
        ))
}

/// A regulator grants a good-cause extension of the results deadline.
pub fn grant_extension(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    trial_id: u64,
    new_due: Timestamp,
    decision_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    assert_regulator(&deps, &info.sender, "grant extensions")?;
    let mut trial = load_trial(deps.storage, trial_id)?;
    decision_hash.validate("decision_hash")?;
    let due = trial
        .deadlines
        .results_due
        .ok_or(ContractError::NoOpenDeadline {})?;
    if trial.deadlines.extensions >= MAX_EXTENSIONS {
        return Err(ContractError::TooManyExtensions {
            max: MAX_EXTENSIONS,
        });
    }
    if new_due <= due || new_due > plus(due, MAX_EXTENSION_SECS)? {
        return Err(ContractError::InvalidExtension {});
    }
    trial.deadlines.extensions = next_u32(trial.deadlines.extensions)?;
    move_deadline(
        deps.storage,
        trial_id,
        SLOT_RESULTS,
        Some(due),
        Some(new_due),
    )?;
    trial.deadlines.results_due = Some(new_due);
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "grant_extension")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("from", due.seconds().to_string())
        .add_attribute("to", new_due.seconds().to_string())
        .add_attribute("extensions", trial.deadlines.extensions.to_string())
        .add_attribute("decision_hash", decision_hash.0)
        .add_attribute("by", info.sender))
}

/// Records a DMC review (DMC) or an audit finding (auditor or regulator). Allowed while frozen:
/// oversight of a frozen trial continues.
pub fn record_oversight(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    trial_id: u64,
    kind: OversightKind,
    report_hash: Sha256Hash,
) -> Result<Response, ContractError> {
    let mut trial = load_trial(deps.storage, trial_id)?;
    let allowed = match &kind {
        OversightKind::DmcReview { .. } => has_role(
            deps.storage,
            trial_id,
            &info.sender,
            &TrialRole::DataMonitoringCommittee {},
        )?,
        OversightKind::AuditFinding { .. } => {
            has_role(deps.storage, trial_id, &info.sender, &TrialRole::Auditor {})?
                || is_regulator(deps.storage, &info.sender)?
        }
    };
    if !allowed {
        return Err(ContractError::unauthorized(
            "the DMC (reviews) or an auditor or regulator (findings)",
            "record oversight",
        ));
    }
    report_hash.validate("report_hash")?;
    let id = next_u64(trial.counts.oversight)?;
    trial.counts.oversight = id;
    let label = match &kind {
        OversightKind::DmcReview { recommendation } => format!("dmc_review:{recommendation:?}"),
        OversightKind::AuditFinding { severity } => format!("audit_finding:{severity:?}"),
    };
    OVERSIGHT.save(
        deps.storage,
        (trial_id, id),
        &OversightRecord {
            id,
            kind,
            report_hash: report_hash.clone(),
            by: info.sender.clone(),
            at: env.block.time,
        },
    )?;
    TRIALS.save(deps.storage, trial_id, &trial)?;
    Ok(Response::new()
        .add_attribute("action", "record_oversight")
        .add_attribute("trial_id", trial_id.to_string())
        .add_attribute("oversight_id", id.to_string())
        .add_attribute("kind", label)
        .add_attribute("report_hash", report_hash.0)
        .add_attribute("by", info.sender))
}
