//! Consent grants: grant, revoke, entered-in-error.

use cosmwasm_std::{
    Addr, Api, DepsMut, Env, MessageInfo, Order, Response, StdResult, Storage, Timestamp,
};
use cw_health_types::ehr_registry::{
    Grantee, GranteeMsg, PartyRole, Provision, ProvisionType, Revocation, RevocationReason, Scope,
    Verification, VerificationMsg, MAX_ACTIVE_GRANTS_PER_GRANTEE, MAX_ACTIVE_GRANTS_PER_ROLE,
    MAX_ACTIVE_GRANTS_PER_TEAM, MAX_PROVISIONS_PER_GRANT, MAX_PROVISION_DEPTH,
};
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};
use cw_health_types::{PurposeOfUse, SecurityLabel, Sha256Hash};

use crate::access::{issuer_allows, tree_shape};
use crate::error::ContractError;
use crate::execute::code;
use crate::sensitive::{assert_classes, assert_protected_grant};
use crate::state::{
    addr_key, next_id, role_key, Delegate, Grant, GrantStatus, Patient, ACTIVE_ADDR_GRANTS,
    ACTIVE_ROLE_GRANTS, ACTIVE_TEAM_GRANTS, DELEGATES, GRANTS, GRANTS_BY_ADDR, GRANTS_BY_PATIENT,
    GRANTS_BY_ROLE, GRANTS_BY_TEAM, MARK, NEXT_GRANT_ID, PARTIES, PATIENTS, RECORDS,
};
use crate::successors;
use crate::teams::load_team;

/// Validates a consent's verification: a witness other than the patient and the grantee, at a
/// time not after now.
fn check_verification(
    api: &dyn Api,
    now: Timestamp,
    patient: &Addr,
    grantee: &Grantee,
    v: Option<VerificationMsg>,
) -> Result<Option<Verification>, ContractError> {
    let Some(v) = v else { return Ok(None) };
    let verified_by = api.addr_validate(&v.verified_by)?;
    let is_grantee = matches!(grantee, Grantee::Address { address } if *address == verified_by);
    if verified_by == *patient || is_grantee || v.verified_at > now {
        return Err(ContractError::InvalidVerification);
    }
    Ok(Some(Verification {
        verified_by,
        verified_at: v.verified_at,
    }))
}

/// Validates an address or role grantee.
pub fn check_grantee(api: &dyn Api, g: GranteeMsg) -> StdResult<Grantee> {
    Ok(match g {
        GranteeMsg::Address { address } => Grantee::Address {
            address: api.addr_validate(&address)?,
        },
        GranteeMsg::Role { role } => Grantee::Role { role },
        GranteeMsg::Team { team_id } => Grantee::Team { team_id },
    })
}

/// Authorizes `sender` to manage `patient`'s grants: the registered patient, or an active
/// delegate allowed to manage grants (returned, for its scope).
fn assert_can_manage(
    storage: &dyn Storage,
    now: Timestamp,
    sender: &Addr,
    patient: &Addr,
) -> Result<Option<Delegate>, ContractError> {
    if sender == patient {
        return Ok(None);
    }
    let delegate = match DELEGATES.may_load(storage, (patient, sender))? {
        Some(d) if d.manage_grants && d.is_active(now) => d,
        _ => {
            return Err(ContractError::Unauthorized {
                role: "the patient or a delegate managing grants",
            })
        }
    };
    // Suspended, excluded or expired parties get nothing, not even as a delegate.
    if PARTIES
        .may_load(storage, sender)?
        .is_some_and(|p| !p.is_active(now))
    {
        return Err(ContractError::PartyNotActive {
            address: sender.to_string(),
        });
    }
    Ok(Some(delegate))
}

/// Checks lists, nesting and the records a provision tree names.
fn validate_tree(
    storage: &dyn Storage,
    patient: &Addr,
    p: &Provision,
) -> Result<(), ContractError> {
    validate_unique("provision.actions", &p.actions, MAX_LIST_LEN)?;
    validate_unique("provision.purposes", &p.purposes, MAX_LIST_LEN)?;
    validate_unique("provision.resource_types", &p.resource_types, MAX_LIST_LEN)?;
    validate_unique("provision.labels", &p.labels, MAX_LIST_LEN)?;
    assert_classes(&p.labels)?;
    validate_unique("provision.record_ids", &p.record_ids, MAX_LIST_LEN)?;
    if let Some(period) = &p.data_period {
        if period.start > period.end {
            return Err(ContractError::InvalidPeriod {
                start: period.start,
                end: period.end,
            });
        }
    }
    for &record_id in &p.record_ids {
        match RECORDS.may_load(storage, record_id)? {
            None => return Err(ContractError::RecordNotFound { record_id }),
            Some(r) if r.patient != *patient => {
                return Err(ContractError::RecordNotOfPatient { record_id })
            }
            Some(_) => {}
        }
    }
    for child in &p.provisions {
        validate_tree(storage, patient, child)?;
    }
    Ok(())
}

/// Whether a purpose is treatment (TREAT, ETREAT, BTG): the one kind of disclosure exempt from
/// the minimum-necessary standard (HIPAA 164.502(b)(2)(i)).
pub fn is_treatment(p: &PurposeOfUse) -> bool {
    matches!(
        p,
        PurposeOfUse::Treatment | PurposeOfUse::EmergencyTreatment | PurposeOfUse::BreakTheGlass
    )
}

/// Minimum necessary (HIPAA 164.502(b)): every permit that can reach a purpose other than
/// treatment names the resource types it discloses, itself or on an ancestor. `purposes` is what
/// the ancestors allow (`None`: any); nested provisions apply only inside their parent, so the
/// lists intersect. Denies need no types.
fn assert_minimum_necessary(
    p: &Provision,
    purposes: Option<&[PurposeOfUse]>,
    types_named: bool,
) -> Result<(), ContractError> {
    let own: Vec<PurposeOfUse>;
    let purposes = match (purposes, p.purposes.is_empty()) {
        (outer, true) => outer,
        (None, false) => Some(p.purposes.as_slice()),
        (Some(outer), false) => {
            own = p
                .purposes
                .iter()
                .filter(|x| outer.contains(x))
                .copied()
                .collect();
            Some(own.as_slice())
        }
    };
    let types_named = types_named || !p.resource_types.is_empty();
    let beyond_treatment = purposes.is_none_or(|ps| ps.iter().any(|x| !is_treatment(x)));
    if p.provision_type == ProvisionType::Permit && beyond_treatment && !types_named {
        return Err(ContractError::MinimumNecessary);
    }
    for c in &p.provisions {
        assert_minimum_necessary(c, purposes, types_named)?;
    }
    Ok(())
}

fn within<T: PartialEq>(
    field: &'static str,
    scope: &[T],
    grant: &[T],
) -> Result<(), ContractError> {
    if scope.is_empty() || (!grant.is_empty() && grant.iter().all(|g| scope.contains(g))) {
        Ok(())
    } else {
        Err(ContractError::DelegateScopeExceeded { field })
    }
}

fn provision_within(scope: &Scope, p: &Provision) -> Result<(), ContractError> {
    within("actions", &scope.actions, &p.actions)?;
    within("purposes", &scope.purposes, &p.purposes)?;
    within("resource_types", &scope.resource_types, &p.resource_types)?;
    within("labels", &scope.labels, &p.labels)
}

/// A delegate may only grant within its own scope, permits and denies alike. The root (a
/// permit or a deny: nested provisions apply only inside it) and each permit not nested inside
/// another permit are checked; permits reaching a protected class need that class in the
/// delegate's labels. At
/// decision time the grant applies, besides, only to requests the delegate's scope covers
/// (`access::issuer_allows`), which also bounds a deny's "any of these labels".
fn assert_within_scope(
    scope: &Scope,
    root: &Provision,
    protected: &[SecurityLabel],
) -> Result<(), ContractError> {
    provision_within(scope, root)?;
    if protected.iter().any(|c| !scope.labels.contains(c)) {
        return Err(ContractError::DelegateScopeExceeded { field: "labels" });
    }
    outermost_permits_within(scope, root, false)
}

fn outermost_permits_within(
    scope: &Scope,
    p: &Provision,
    inside_permit: bool,
) -> Result<(), ContractError> {
    let is_permit = p.provision_type == ProvisionType::Permit;
    if is_permit && !inside_permit {
        provision_within(scope, p)?;
    }
    for c in &p.provisions {
        outermost_permits_within(scope, c, inside_permit || is_permit)?;
    }
    Ok(())
}

/// Drops finished grants from an active index prefix and returns how many remain.
/// The prefix holds at most the cap's worth of entries, so this is bounded.
fn prune_and_count(
    storage: &mut dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    patient: &Addr,
    grantee: &Grantee,
) -> StdResult<usize> {
    let ids: Vec<u64> = match grantee {
        Grantee::Address { address } => {
            let (p, g) = (addr_key(api, patient)?, addr_key(api, address)?);
            ACTIVE_ADDR_GRANTS
                .prefix((p.as_slice(), g.as_slice()))
                .keys(storage, None, None, Order::Ascending)
                .take(MAX_ACTIVE_GRANTS_PER_GRANTEE)
                .collect::<StdResult<_>>()?
        }
        Grantee::Role { role } => ACTIVE_ROLE_GRANTS
            .prefix((patient, role_key(*role)))
            .keys(storage, None, None, Order::Ascending)
            .take(MAX_ACTIVE_GRANTS_PER_ROLE)
            .collect::<StdResult<_>>()?,
        Grantee::Team { team_id } => ACTIVE_TEAM_GRANTS
            .prefix((patient, *team_id))
            .keys(storage, None, None, Order::Ascending)
            .take(MAX_ACTIVE_GRANTS_PER_TEAM)
            .collect::<StdResult<_>>()?,
    };
    let mut remaining = 0usize;
    for id in ids {
        let grant = GRANTS.load(storage, id)?;
        // A grant whose issuing delegate's appointment ended never applies again either.
        if grant.is_finished(now) || !issuer_allows(storage, now, &grant, None)? {
            remove_active(storage, api, patient, grantee, id)?;
        } else {
            remaining = remaining.saturating_add(1);
        }
    }
    Ok(remaining)
}

pub(crate) fn remove_active(
    storage: &mut dyn Storage,
    api: &dyn Api,
    patient: &Addr,
    grantee: &Grantee,
    id: u64,
) -> StdResult<()> {
    match grantee {
        Grantee::Address { address } => {
            let (p, g) = (addr_key(api, patient)?, addr_key(api, address)?);
            ACTIVE_ADDR_GRANTS.remove(storage, (p.as_slice(), g.as_slice(), id))
        }
        Grantee::Role { role } => {
            ACTIVE_ROLE_GRANTS.remove(storage, (patient, role_key(*role), id))
        }
        Grantee::Team { team_id } => ACTIVE_TEAM_GRANTS.remove(storage, (patient, *team_id, id)),
    }
    Ok(())
}

fn grantee_attr(g: &Grantee) -> String {
    match g {
        Grantee::Address { address } => address.to_string(),
        Grantee::Role { role } => format!("role:{}", code(role)),
        Grantee::Team { team_id } => format!("team:{team_id}"),
    }
}

/// Refuses a grant to the patient, to a team that does not exist, and a delegate's grant to
/// itself or to a team it manages (a delegate's own access is its appointment's scope).
fn assert_grantee(
    storage: &dyn Storage,
    patient: &Addr,
    grantee: &Grantee,
    delegate: Option<&Addr>,
) -> Result<(), ContractError> {
    let device = match grantee {
        Grantee::Role { role } => *role == PartyRole::Device,
        Grantee::Address { address } => PARTIES
            .may_load(storage, address)?
            .is_some_and(|p| p.role == PartyRole::Device),
        Grantee::Team { .. } => false,
    };
    if device {
        return Err(ContractError::DeviceGrantee);
    }
    match grantee {
        Grantee::Address { address } if address == patient => Err(ContractError::SelfReference),
        Grantee::Address { address } if Some(address) == delegate => {
            Err(ContractError::DelegateSelfGrant)
        }
        Grantee::Team { team_id } => {
            let team = load_team(storage, *team_id)?;
            if Some(&team.manager) == delegate {
                return Err(ContractError::DelegateTeamGrant);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// The content of a grant, as sent in `grant_access` and `propose_grant`.
pub struct GrantFields {
    pub patient: String,
    pub grantee: GranteeMsg,
    pub provision: Provision,
    pub starts_at: Option<Timestamp>,
    pub expires_at: Option<Timestamp>,
    pub policy_hash: Option<Sha256Hash>,
    pub verification: Option<VerificationMsg>,
}

/// Who issues a grant.
enum Issuer {
    /// The patient: the grant applies at once.
    Patient,
    /// A managing delegate, within its scope and appointment.
    Delegate(Delegate),
    /// A credentialed party preparing a draft for the patient.
    Proposer,
}

/// The patient or a managing delegate: issues a grant.
pub fn grant_access(
    mut deps: DepsMut,
    env: Env,
    info: MessageInfo,
    fields: GrantFields,
) -> Result<Response, ContractError> {
    let patient = deps.api.addr_validate(&fields.patient)?;
    let (sender, now) = (info.sender.clone(), env.block.time);
    let issuer = match assert_can_manage(deps.storage, now, &sender, &patient)? {
        Some(d) => Issuer::Delegate(d),
        None => Issuer::Patient,
    };
    let by_patient = matches!(issuer, Issuer::Patient);
    let (res, record) = issue(deps.branch(), env, info, patient, issuer, fields)?;
    // Liveness (`contract::execute` leaves it to this message): the patient's entry is read
    // already; a delegate's own activity is renewed as for any other message.
    if by_patient {
        successors::touch_patient(deps.storage, &sender, &record, now)?;
    } else {
        successors::touch(deps.storage, &sender, now)?;
    }
    Ok(res)
}

/// An active credentialed party: prepares a draft grant for the patient to activate.
pub fn propose_grant(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    fields: GrantFields,
) -> Result<Response, ContractError> {
    match PARTIES.may_load(deps.storage, &info.sender)? {
        Some(p) if p.is_active(env.block.time) => {}
        _ => {
            return Err(ContractError::Unauthorized {
                role: "an active credentialed party",
            })
        }
    }
    let patient = deps.api.addr_validate(&fields.patient)?;
    let (res, _) = issue(deps, env, info, patient, Issuer::Proposer, fields)?;
    Ok(res)
}

fn validate_shape(provision: &Provision) -> Result<usize, ContractError> {
    let (count, depth) = tree_shape(provision);
    if count > MAX_PROVISIONS_PER_GRANT {
        return Err(ContractError::TooManyProvisions {
            max: MAX_PROVISIONS_PER_GRANT,
        });
    }
    if depth > MAX_PROVISION_DEPTH {
        return Err(ContractError::ProvisionTooDeep {
            max: MAX_PROVISION_DEPTH,
        });
    }
    Ok(count)
}

/// The grant rules every issuer is held to (the sender is authorized already). Answers the
/// patient's entry too.
fn issue(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    patient: Addr,
    issuer: Issuer,
    fields: GrantFields,
) -> Result<(Response, Patient), ContractError> {
    let now = env.block.time;
    let GrantFields {
        grantee,
        provision,
        starts_at,
        expires_at,
        policy_hash,
        verification,
        ..
    } = fields;
    let Some(record) = PATIENTS.may_load(deps.storage, &patient)? else {
        return Err(ContractError::PatientNotRegistered {
            address: patient.to_string(),
        });
    };
    let delegate = match &issuer {
        Issuer::Delegate(d) => Some(d),
        _ => None,
    };
    let grantee = check_grantee(deps.api, grantee)?;
    assert_grantee(
        deps.storage,
        &patient,
        &grantee,
        delegate.map(|_| &info.sender),
    )?;
    let verification = check_verification(deps.api, now, &patient, &grantee, verification)?;
    let count = validate_shape(&provision)?;
    validate_tree(deps.storage, &patient, &provision)?;
    assert_minimum_necessary(&provision, None, false)?;
    if let Some(h) = &policy_hash {
        h.validate("policy_hash")?;
    }
    let (starts_at, expires_at) = grant_period(now, delegate, starts_at, expires_at)?;
    assert_protected_rules(&provision, &grantee, expires_at, delegate)?;
    let draft = matches!(issuer, Issuer::Proposer);
    if !draft {
        assert_room(deps.storage, deps.api, now, &patient, &grantee)?;
    }

    let grant = Grant {
        id: next_id(deps.storage, &NEXT_GRANT_ID)?,
        patient: patient.clone(),
        grantee,
        provision,
        starts_at,
        expires_at,
        policy_hash,
        // A draft's grantor is the patient, once they activate it.
        granted_by: if draft {
            patient.clone()
        } else {
            info.sender.clone()
        },
        granted_at: now,
        revocation: None,
        entered_in_error: false,
        appointment: delegate.map_or(0, |d| d.appointment),
        status: if draft {
            GrantStatus::Draft
        } else {
            GrantStatus::Active
        },
        proposed_by: draft.then(|| info.sender.clone()),
        verification,
    };
    save_grant(deps.storage, deps.api, &grant)?;
    Ok((grant_response(&grant, draft, &info.sender, count), record))
}

/// Stores a new grant and its indexes (the active index unless it is a draft).
pub(crate) fn save_grant(storage: &mut dyn Storage, api: &dyn Api, grant: &Grant) -> StdResult<()> {
    let (id, patient) = (grant.id, &grant.patient);
    let active = grant.status == GrantStatus::Active;
    let p = addr_key(api, patient)?;
    GRANTS_BY_PATIENT.save(storage, (p.as_slice(), id), &MARK)?;
    match &grant.grantee {
        Grantee::Address { address } => {
            // Each address is canonicalized once for both of its indexes.
            let g = addr_key(api, address)?;
            GRANTS_BY_ADDR.save(storage, (g.as_slice(), id), &MARK)?;
            if active {
                ACTIVE_ADDR_GRANTS.save(storage, (p.as_slice(), g.as_slice(), id), &MARK)?;
            }
        }
        Grantee::Role { role } => GRANTS_BY_ROLE.save(storage, (role_key(*role), id), &MARK)?,
        Grantee::Team { team_id } => GRANTS_BY_TEAM.save(storage, (*team_id, id), &MARK)?,
    }
    if active && !matches!(grant.grantee, Grantee::Address { .. }) {
        add_active(storage, api, patient, &grant.grantee, id)?;
    }
    GRANTS.save(storage, id, grant)
}

/// A grant's period: it starts now or later (consent is prospective) and ends after its start;
/// a delegate's grant ends with its appointment (by default at its expiry, never later).
fn grant_period(
    now: Timestamp,
    delegate: Option<&Delegate>,
    starts_at: Option<Timestamp>,
    expires_at: Option<Timestamp>,
) -> Result<(Timestamp, Option<Timestamp>), ContractError> {
    let expires_at = match (delegate.and_then(|d| d.expires_at), expires_at) {
        (Some(end), None) => Some(end),
        (Some(end), Some(e)) if e > end => {
            return Err(ContractError::DelegateGrantOutlivesAppointment)
        }
        (_, e) => e,
    };
    let starts_at = starts_at.unwrap_or(now);
    if starts_at < now {
        return Err(ContractError::StartInPast);
    }
    if expires_at.is_some_and(|e| e <= now || e <= starts_at) {
        return Err(ContractError::InvalidExpiry);
    }
    Ok((starts_at, expires_at))
}

/// The home of the issuance rules for protected classes (42 CFR Part 2: a consent naming the
/// recipient, the class, the purpose and an expiry) and of a delegate's scope.
fn assert_protected_rules(
    provision: &Provision,
    grantee: &Grantee,
    expires_at: Option<Timestamp>,
    delegate: Option<&Delegate>,
) -> Result<(), ContractError> {
    let classes = assert_protected_grant(provision, grantee, expires_at)?;
    if let Some(d) = delegate {
        assert_within_scope(&d.scope, provision, &classes)?;
    }
    Ok(())
}

/// The event of a new grant or draft.
fn grant_response(grant: &Grant, draft: bool, sender: &Addr, count: usize) -> Response {
    Response::new()
        .add_attribute(
            "action",
            if draft {
                "propose_grant"
            } else {
                "grant_access"
            },
        )
        .add_attribute("grant_id", grant.id.to_string())
        .add_attribute("patient", grant.patient.as_str())
        .add_attribute("grantee", grantee_attr(&grant.grantee))
        .add_attribute(
            if draft { "proposed_by" } else { "granted_by" },
            sender.as_str(),
        )
        .add_attribute("provisions", count.to_string())
        .add_attribute("starts_at", grant.starts_at.seconds().to_string())
        .add_attribute(
            "expires_at",
            grant
                .expires_at
                .map_or_else(|| "none".to_string(), |e| e.seconds().to_string()),
        )
        .add_attribute(
            "policy_hash",
            grant
                .policy_hash
                .as_ref()
                .map_or("none", |h| h.as_str())
                .to_string(),
        )
}

/// Refuses a new active grant when the grantee holds the cap of unfinished grants.
pub(crate) fn assert_room(
    storage: &mut dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    patient: &Addr,
    grantee: &Grantee,
) -> Result<(), ContractError> {
    let max = match grantee {
        Grantee::Address { .. } => MAX_ACTIVE_GRANTS_PER_GRANTEE,
        Grantee::Role { .. } => MAX_ACTIVE_GRANTS_PER_ROLE,
        Grantee::Team { .. } => MAX_ACTIVE_GRANTS_PER_TEAM,
    };
    if prune_and_count(storage, api, now, patient, grantee)? >= max {
        return Err(ContractError::TooManyActiveGrants { max });
    }
    Ok(())
}

fn add_active(
    storage: &mut dyn Storage,
    api: &dyn Api,
    patient: &Addr,
    grantee: &Grantee,
    id: u64,
) -> StdResult<()> {
    match grantee {
        Grantee::Address { address } => {
            let (p, g) = (addr_key(api, patient)?, addr_key(api, address)?);
            ACTIVE_ADDR_GRANTS.save(storage, (p.as_slice(), g.as_slice(), id), &MARK)
        }
        Grantee::Role { role } => {
            ACTIVE_ROLE_GRANTS.save(storage, (patient, role_key(*role), id), &MARK)
        }
        Grantee::Team { team_id } => {
            ACTIVE_TEAM_GRANTS.save(storage, (patient, *team_id, id), &MARK)
        }
    }
}

/// The patient only: activates or rejects a draft grant, once.
pub fn respond_to_grant(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    grant_id: u64,
    accept: bool,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut grant = GRANTS
        .may_load(deps.storage, grant_id)?
        .ok_or(ContractError::GrantNotFound { grant_id })?;
    if grant.patient != info.sender {
        return Err(ContractError::Unauthorized {
            role: "the patient",
        });
    }
    if grant.status != GrantStatus::Draft {
        return Err(ContractError::GrantNotDraft { grant_id });
    }
    if accept {
        // Consent applies from its activation, never before.
        grant.starts_at = grant.starts_at.max(now);
        if grant.expires_at.is_some_and(|e| e <= grant.starts_at) {
            return Err(ContractError::InvalidExpiry);
        }
        assert_room(deps.storage, deps.api, now, &grant.patient, &grant.grantee)?;
        add_active(
            deps.storage,
            deps.api,
            &grant.patient,
            &grant.grantee,
            grant_id,
        )?;
        grant.status = GrantStatus::Active;
        grant.granted_at = now;
    } else {
        grant.status = GrantStatus::Rejected;
    }
    GRANTS.save(deps.storage, grant_id, &grant)?;
    Ok(Response::new()
        .add_attribute("action", "respond_to_grant")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("patient", grant.patient)
        .add_attribute("accepted", accept.to_string()))
}

/// Loads a grant that is neither revoked nor in error, after authorizing the sender: the
/// patient changes any of their grants; a delegate only the grants it issued itself (it never
/// lifts the patient's deny nor rewrites the patient's consent history).
fn load_for_change(
    storage: &dyn Storage,
    now: Timestamp,
    sender: &Addr,
    grant_id: u64,
) -> Result<Grant, ContractError> {
    let grant = GRANTS
        .may_load(storage, grant_id)?
        .ok_or(ContractError::GrantNotFound { grant_id })?;
    let delegate = assert_can_manage(storage, now, sender, &grant.patient)?;
    if delegate.is_some() && grant.granted_by != *sender {
        return Err(ContractError::DelegateNotIssuer { grant_id });
    }
    if grant.status != GrantStatus::Active {
        return Err(ContractError::GrantNotActive { grant_id });
    }
    if grant.revocation.is_some() || grant.entered_in_error {
        return Err(ContractError::GrantNotActive { grant_id });
    }
    Ok(grant)
}

/// The patient or a managing delegate: revokes a grant, effective for the next check.
pub fn revoke_access(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    grant_id: u64,
    reason: RevocationReason,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut grant = load_for_change(deps.storage, now, &info.sender, grant_id)?;
    grant.revocation = Some(Revocation {
        by: info.sender.clone(),
        at: now,
        reason,
    });
    GRANTS.save(deps.storage, grant_id, &grant)?;
    remove_active(
        deps.storage,
        deps.api,
        &grant.patient,
        &grant.grantee,
        grant_id,
    )?;
    Ok(Response::new()
        .add_attribute("action", "revoke_access")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("patient", grant.patient)
        .add_attribute("revoked_by", info.sender)
        .add_attribute("reason", code(&reason)))
}

/// The patient or a managing delegate: marks a grant entered in error.
pub fn mark_grant_entered_in_error(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    grant_id: u64,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let mut grant = load_for_change(deps.storage, now, &info.sender, grant_id)?;
    grant.entered_in_error = true;
    GRANTS.save(deps.storage, grant_id, &grant)?;
    remove_active(
        deps.storage,
        deps.api,
        &grant.patient,
        &grant.grantee,
        grant_id,
    )?;
    Ok(Response::new()
        .add_attribute("action", "mark_grant_entered_in_error")
        .add_attribute("grant_id", grant_id.to_string())
        .add_attribute("patient", grant.patient)
        .add_attribute("marked_by", info.sender))
}
