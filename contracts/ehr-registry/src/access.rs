//! Access decisions: the evaluator behind `check_access`, `record_access` and provider writes.
//!
//! # Bounded cost
//! A decision reads: the patient, the record (if any) and its series (two entries), the
//! actor's party entry, the (patient, actor) delegate entry, at most
//! [`MAX_ACTIVE_GRANTS_PER_GRANTEE`] grants through the `(patient, actor address)` active index,
//! at most [`MAX_ACTIVE_GRANTS_PER_ROLE`] grants through the `(patient, actor role)` active
//! index (each grant a delegate issued also reads that delegate's entry), and the actor's latest
//! break-glass session on the patient. Each grant holds at most [`MAX_PROVISIONS_PER_GRANT`]
//! provisions. Nothing depends on how many grants, records or patients exist.
//!
//! # Combination rule
//! A provision *applies* when all its non-empty criteria match the request (empty = any);
//! nested provisions are only considered inside a parent that applies. Its **depth** is its
//! nesting level (root = 1). Each grant is decided on its own: its applying provision with the
//! greatest depth decides, a deny beating a permit at equal depth. The grants' decisions are
//! then combined ranking **grantee specificity first** (a grant naming the actor's address
//! beats a grant to the actor's role; there are no "everyone" grants), then depth, then deny
//! over permit. So "never Dr Jones" (an address deny at depth 1) beats a role grant's deeper
//! "diagnoses for treatment" permit, and "my psychiatrist: restricted data for treatment" (an
//! address permit) beats a role grant's "except restricted data" deny. Among equal decisions,
//! the first found is the basis (by grant id). Labels are protection classes: a provision
//! matches when its list is empty or names the record's class. A grant a delegate issued counts
//! only while its appointment lasts and within its scope ([`issuer_allows`]).
//!
//! # Protection classes (42 CFR Part 2 rules)
//! Records carry a protection class (N, R, V), never a category. On a restricted or very
//! restricted record a permit only counts when its grant names the grantee's address (not a
//! role) and has an expiry, and the provision or an ancestor names the record's class and the
//! request's purpose. Deny provisions always count.

use cosmwasm_std::{Addr, Api, Order, StdResult, Storage, Timestamp};
use cw_health_types::ehr_registry::{
    AccessBasis, AccessDecision, DecisionReason, Grantee, PartyRole, Period, Provision,
    ProvisionType, Scope, MAX_ACTIVE_GRANTS_PER_GRANTEE, MAX_ACTIVE_GRANTS_PER_ROLE,
    MAX_ACTIVE_GRANTS_PER_TEAM, MAX_PROVISIONS_PER_GRANT, MAX_PROVISION_DEPTH,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use crate::sensitive::{
    appointment_reaches, is_protected, permit_counts, protection_class, scope_reaches_class,
};
use crate::state::{
    addr_key, role_key, series_of, Grant, Party, Record, ACTIVE_ADDR_GRANTS, ACTIVE_ROLE_GRANTS,
    ACTIVE_TEAM_GRANTS, BREAK_GLASS_SUSPENDED, CONFIG, DELEGATES, ETHICS_CLEARANCES, GRANTS,
    LATEST_SESSION, PARTIES, PATIENTS, RECORDS, SESSIONS,
};
use crate::successors::successor_allows;
use crate::teams::acts_through;

/// What is asked for, once the record (if any) is resolved.
#[derive(Clone, Debug)]
pub struct Subject {
    pub action: AccessAction,
    pub purpose: PurposeOfUse,
    pub resource_type: FhirResourceType,
    /// The record's protection class (every version's labels; N for a type-level request).
    pub class: SecurityLabel,
    pub record_id: Option<u64>,
    /// The id of the record's first version (its series), naming which in a provision reaches
    /// every version.
    pub series_id: Option<u64>,
    /// The period the record's data covers, if known.
    pub data_period: Option<Period>,
}

impl Subject {
    /// Restricted or very restricted.
    pub fn is_protected(&self) -> bool {
        is_protected(&self.class)
    }
}

/// The decisive provision of one grant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hit {
    pub deny: bool,
    pub depth: usize,
}

impl Hit {
    /// True when `self` is more specific than `other`, or as specific and a deny over a permit.
    fn beats(&self, other: &Hit) -> bool {
        self.depth > other.depth || (self.depth == other.depth && self.deny && !other.deny)
    }
}

/// How specifically a grant names its grantee: an address beats a team, which beats a role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum GranteeRank {
    /// A grant to every active party of the actor's role.
    Role,
    /// A grant to a team the actor acts through (a group the patient chose, narrower than a
    /// role, wider than one address).
    Team,
    /// A grant naming the actor's address.
    Address,
}

impl GranteeRank {
    fn of(grantee: &Grantee) -> Self {
        match grantee {
            Grantee::Address { .. } => GranteeRank::Address,
            Grantee::Team { .. } => GranteeRank::Team,
            Grantee::Role { .. } => GranteeRank::Role,
        }
    }
}

/// One grant's decision, ranked for the combination rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ranked {
    /// How specifically the grant names the actor.
    pub rank: GranteeRank,
    /// The grant's decisive provision.
    pub hit: Hit,
    /// The grant.
    pub grant_id: u64,
}

impl Ranked {
    /// Grantee specificity first, then depth, then deny over permit.
    fn beats(&self, other: &Ranked) -> bool {
        self.rank > other.rank || (self.rank == other.rank && self.hit.beats(&other.hit))
    }
}

/// The result of evaluating grants.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GrantOutcome {
    /// The winning grant decision.
    pub best: Option<Ranked>,
}

impl GrantOutcome {
    /// True when a grant naming the actor's address denies the request.
    pub fn address_deny(&self) -> bool {
        self.best
            .is_some_and(|b| b.rank == GranteeRank::Address && b.hit.deny)
    }
}

fn list_matches<T: PartialEq>(list: &[T], value: &T) -> bool {
    list.is_empty() || list.contains(value)
}

/// Whether a provision's own criteria match the subject (labels per permit/deny semantics).
fn criteria_match(p: &Provision, s: &Subject) -> bool {
    let labels_ok = p.labels.is_empty() || p.labels.contains(&s.class);
    let record_ok = p.record_ids.is_empty()
        || s.record_id.is_some_and(|id| p.record_ids.contains(&id))
        || s.series_id.is_some_and(|id| p.record_ids.contains(&id));
    let period_ok = match (&p.data_period, &s.data_period) {
        (None, _) => true,
        // A permit reaches only data known to lie within its period.
        (Some(pp), Some(rp)) if p.provision_type == ProvisionType::Permit => {
            pp.start <= rp.start && rp.end <= pp.end
        }
        (Some(_), None) => p.provision_type == ProvisionType::Deny,
        // A deny applies to any overlap.
        (Some(pp), Some(rp)) => rp.start <= pp.end && pp.start <= rp.end,
    };
    labels_ok
        && record_ok
        && period_ok
        && list_matches(&p.actions, &s.action)
        && list_matches(&p.purposes, &s.purpose)
        && list_matches(&p.resource_types, &s.resource_type)
}

/// Names the record's (protected) class / names the request's purpose, somewhere on the path
/// from the root.
#[derive(Clone, Copy, Default)]
struct PathFlags {
    class_named: bool,
    purpose_named: bool,
}

/// The most specific applying provision in the tree rooted at `p` (depth `depth`), or `None`.
/// `specific` says whether the grant itself may reach protected data (address grantee with
/// expiry).
fn evaluate_tree(
    p: &Provision,
    s: &Subject,
    depth: usize,
    flags: PathFlags,
    specific: bool,
) -> Option<Hit> {
    if !criteria_match(p, s) {
        return None;
    }
    let flags = PathFlags {
        class_named: flags.class_named || p.labels.contains(&s.class),
        purpose_named: flags.purpose_named || !p.purposes.is_empty(),
    };
    let own = match p.provision_type {
        ProvisionType::Deny => Some(Hit { deny: true, depth }),
        ProvisionType::Permit => {
            let counts = permit_counts(&s.class, specific, flags.class_named, flags.purpose_named);
            counts.then_some(Hit { deny: false, depth })
        }
    };
    let mut best = own;
    for child in &p.provisions {
        if let Some(hit) = evaluate_tree(child, s, depth.saturating_add(1), flags, specific) {
            if best.is_none_or(|b| hit.beats(&b)) {
                best = Some(hit);
            }
        }
    }
    best
}

/// The decisive provision of one grant for a subject.
pub fn evaluate_grant(grant: &Grant, s: &Subject) -> Option<Hit> {
    let specific = matches!(grant.grantee, Grantee::Address { .. }) && grant.expires_at.is_some();
    evaluate_tree(&grant.provision, s, 1, PathFlags::default(), specific)
}

/// Who asks, as the grants see it.
#[derive(Clone, Copy, Debug)]
pub struct Actor<'a> {
    pub patient: &'a Addr,
    pub actor: &'a Addr,
    /// The actor's role, when it is an active party.
    pub role: Option<PartyRole>,
    /// The team the actor acts through, its membership checked.
    pub team: Option<u64>,
}

/// Evaluates the in-force grants of the patient to the actor's address (and to its role, if
/// it is an active party, and to the team it acts through, if any) against the subject. Reads
/// at most the three caps' worth of grants.
pub fn evaluate_grants(
    storage: &dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    who: &Actor,
    s: &Subject,
) -> StdResult<GrantOutcome> {
    let patient = who.patient;
    let (p, a) = (addr_key(api, patient)?, addr_key(api, who.actor)?);
    let mut ids: Vec<u64> = ACTIVE_ADDR_GRANTS
        .prefix((p.as_slice(), a.as_slice()))
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_ACTIVE_GRANTS_PER_GRANTEE)
        .collect::<StdResult<_>>()?;
    if let Some(role) = who.role {
        let role_ids = ACTIVE_ROLE_GRANTS
            .prefix((patient, role_key(role)))
            .keys(storage, None, None, Order::Ascending)
            .take(MAX_ACTIVE_GRANTS_PER_ROLE);
        for id in role_ids {
            ids.push(id?);
        }
    }
    if let Some(team) = who.team {
        let team_ids = ACTIVE_TEAM_GRANTS
            .prefix((patient, team))
            .keys(storage, None, None, Order::Ascending)
            .take(MAX_ACTIVE_GRANTS_PER_TEAM);
        for id in team_ids {
            ids.push(id?);
        }
    }
    let mut outcome = GrantOutcome::default();
    for id in ids {
        let grant = GRANTS.load(storage, id)?;
        if !grant.in_force(now) || !issuer_allows(storage, now, &grant, Some(s))? {
            continue;
        }
        if let Some(hit) = evaluate_grant(&grant, s) {
            let ranked = Ranked {
                rank: GranteeRank::of(&grant.grantee),
                hit,
                grant_id: id,
            };
            if outcome.best.is_none_or(|b| ranked.beats(&b)) {
                outcome.best = Some(ranked);
            }
        }
    }
    Ok(outcome)
}

/// Whether a grant's issuer still stands behind it. A grant by the patient always does. A grant
/// a delegate issued applies only while that same appointment is active (a removal, an expiry,
/// or an appointment made afresh after either, ends it) and, when a `subject` is given, only
/// within the appointment's scope as it is now. One storage read.
pub fn issuer_allows(
    storage: &dyn Storage,
    now: Timestamp,
    grant: &Grant,
    subject: Option<&Subject>,
) -> StdResult<bool> {
    if grant.granted_by == grant.patient {
        return Ok(true);
    }
    let Some(d) = DELEGATES.may_load(storage, (&grant.patient, &grant.granted_by))? else {
        return Ok(false);
    };
    Ok(d.is_active(now)
        && d.appointment == grant.appointment
        && subject.is_none_or(|s| scope_covers(&d.scope, s)))
}

/// Whether a delegate's scope covers the subject. The scope's labels are the classes it
/// covers (empty: normal data only); a protected class is reached only when named and when the
/// scope names its purposes (an appointment reaching it must also expire, checked at
/// appointment and by the caller).
pub fn scope_covers(scope: &Scope, s: &Subject) -> bool {
    scope_reaches_class(scope, &s.class)
        && list_matches(&scope.actions, &s.action)
        && list_matches(&scope.purposes, &s.purpose)
        && list_matches(&scope.resource_types, &s.resource_type)
}

/// Whether some permit for writing names one of `ids` in its `record_ids` (itself or on its
/// path from the root): the grant is scoped to that record.
pub fn permit_names_record(p: &Provision, ids: &[u64], named: bool) -> bool {
    let named = named || p.record_ids.iter().any(|r| ids.contains(r));
    (named
        && p.provision_type == ProvisionType::Permit
        && list_matches(&p.actions, &AccessAction::Write))
        || p.provisions
            .iter()
            .any(|c| permit_names_record(c, ids, named))
}

/// Whether an in-force grant to `actor`'s address, still backed by its issuer, names the record
/// (`ids`: the version and its series) in a write permit. Reads at most
/// [`MAX_ACTIVE_GRANTS_PER_GRANTEE`] grants.
pub fn holds_record_grant(
    storage: &dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    patient: &Addr,
    actor: &Addr,
    ids: &[u64],
) -> StdResult<bool> {
    let (p, a) = (addr_key(api, patient)?, addr_key(api, actor)?);
    let grant_ids: Vec<u64> = ACTIVE_ADDR_GRANTS
        .prefix((p.as_slice(), a.as_slice()))
        .keys(storage, None, None, Order::Ascending)
        .take(MAX_ACTIVE_GRANTS_PER_GRANTEE)
        .collect::<StdResult<_>>()?;
    for id in grant_ids {
        let grant = GRANTS.load(storage, id)?;
        if grant.in_force(now)
            && issuer_allows(storage, now, &grant, None)?
            && permit_names_record(&grant.provision, ids, false)
        {
            return Ok(true);
        }
    }
    Ok(false)
}

fn deny(reason: DecisionReason) -> AccessDecision {
    AccessDecision {
        allowed: false,
        basis: None,
        reason,
        redisclosure_notice_required: false,
    }
}

/// A decision together with the resolved record (if any).
pub struct Decided {
    pub decision: AccessDecision,
    pub record: Option<Record>,
    /// The record's self-pay restriction (any version of it), when the record was resolved.
    pub self_pay_restricted: Option<bool>,
}

/// A request to decide, its addresses validated.
#[derive(Clone, Copy, Debug)]
pub struct Request<'a> {
    pub patient: &'a Addr,
    pub actor: &'a Addr,
    pub action: AccessAction,
    pub purpose: PurposeOfUse,
    pub resource_type: Option<FhirResourceType>,
    pub record_id: Option<u64>,
    /// A record being written (its labels and data period), for a write check before it exists.
    pub new_record: Option<(&'a [SecurityLabel], Option<&'a Period>)>,
    /// The team the actor acts through.
    pub via_team: Option<u64>,
    /// The actor's party entry when the caller has read it already (none: read here).
    pub actor_party: Option<&'a Party>,
}

/// Decides a request. The order of the checks:
/// 1. the patient is registered; 2. the request names a record of the patient, or a resource
///    type (both: they agree); 3. the patient themself is allowed; 4. a registered party that is
///    suspended, excluded or expired gets nothing; 5. a self-pay restricted record (any version
///    of it) is denied to HPAYMT and to payers (whatever the purpose they claim), and a question
///    by resource type alone for HPAYMT or by a payer is refused (`record_level_check_required`);
/// 6. a request naming a team the actor does not act through (not a member, no such team, or
///    its manager inactive) is denied (`not_team_member`);
/// 7. an active delegate within its scope, or a successor whose succession is in force within
///    its scope (normal data), is allowed, unless a grant to its address denies;
/// 8. grants (combination rule); 9. if no grant permits: an open break-glass session of an
///    active clinician allows Read for ETREAT/BTG on the classes the policy lets it reach;
/// 10. otherwise denied with the grant outcome's reason.
pub fn decide(
    storage: &dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    req: &Request,
) -> StdResult<Decided> {
    match resolve(storage, req)? {
        Ok((record, subject, restriction)) => Ok(Decided {
            decision: decide_subject(storage, api, now, req, &subject, restriction)?,
            self_pay_restricted: match (&record, restriction) {
                (Some(_), Restriction::Record(r)) => Some(r),
                _ => None,
            },
            record,
        }),
        Err((reason, record)) => Ok(Decided {
            decision: deny(reason),
            record,
            self_pay_restricted: None,
        }),
    }
}

/// A resolved request, or why it cannot be asked (with the record, if it was found).
type Resolved = Result<(Option<Record>, Subject, Restriction), (DecisionReason, Option<Record>)>;

/// Resolves the patient, the record and its series, and the subject of a request.
fn resolve(storage: &dyn Storage, req: &Request) -> StdResult<Resolved> {
    if !PATIENTS.has(storage, req.patient) {
        return Ok(Err((DecisionReason::PatientNotRegistered, None)));
    }
    let record = match req.record_id {
        Some(id) => match RECORDS.may_load(storage, id)? {
            Some(r) if r.patient == *req.patient => Some(r),
            _ => return Ok(Err((DecisionReason::RecordNotFound, None))),
        },
        None => None,
    };
    let resource_type = match (&record, req.resource_type) {
        (Some(r), Some(rt)) if r.resource_type != rt => None,
        (Some(r), _) => Some(r.resource_type),
        (None, rt) => rt,
    };
    let Some(resource_type) = resource_type else {
        return Ok(Err((DecisionReason::InvalidRequest, record)));
    };
    // Restrictions and labels apply to the record as a whole: every version of it.
    let (series_id, series) = match &record {
        Some(r) => {
            let (id, x) = series_of(storage, r)?;
            (Some(id), Some(x))
        }
        None => (None, None),
    };
    let new_labels = req.new_record.map(|(labels, _)| labels);
    let data_period = match (&record, req.new_record) {
        (Some(r), _) => r.data_period.clone(),
        (None, Some((_, p))) => p.cloned(),
        (None, None) => None,
    };
    let restriction = match (&series, new_labels) {
        (Some(x), _) => Restriction::Record(x.self_pay_restricted),
        (None, Some(_)) => Restriction::Record(false),
        (None, None) => Restriction::TypeLevel,
    };
    let labels = series
        .as_ref()
        .map(|x| x.labels.as_slice())
        .or(new_labels)
        .unwrap_or(&[]);
    let subject = Subject {
        action: req.action,
        purpose: req.purpose,
        resource_type,
        class: protection_class(labels),
        record_id: req.record_id,
        series_id,
        data_period,
    };
    Ok(Ok((record, subject, restriction)))
}

/// What is known of the self-pay restriction of the subject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Restriction {
    /// A record (or a new record being written): restricted or not.
    Record(bool),
    /// A question by resource type alone: the restriction is per record, unknown here.
    TypeLevel,
}

/// The self-pay rule (HIPAA 164.522(a)(1)(vi)): a payment request, or any request by a payer,
/// is refused on a restricted record, and by resource type alone.
fn self_pay_refusal(s: &Subject, payer: bool, restriction: Restriction) -> Option<DecisionReason> {
    if s.purpose != PurposeOfUse::Payment && !payer {
        return None;
    }
    match restriction {
        Restriction::Record(true) => Some(DecisionReason::SelfPayRestricted),
        // "May I read Encounters?" cannot be answered yes while one of them may be
        // restricted: payment questions name the record.
        Restriction::TypeLevel => Some(DecisionReason::RecordLevelCheckRequired),
        Restriction::Record(false) => None,
    }
}

fn decide_subject(
    storage: &dyn Storage,
    api: &dyn Api,
    now: Timestamp,
    req: &Request,
    s: &Subject,
    restriction: Restriction,
) -> StdResult<AccessDecision> {
    let (patient, actor) = (req.patient, req.actor);
    if actor == patient {
        return Ok(AccessDecision {
            allowed: true,
            basis: Some(AccessBasis::Patient {}),
            reason: DecisionReason::PatientSelf,
            redisclosure_notice_required: false,
        });
    }
    let party = match req.actor_party {
        Some(p) => Some(p.clone()),
        None => PARTIES.may_load(storage, actor)?,
    };
    if party.as_ref().is_some_and(|p| !p.is_active(now)) {
        return Ok(deny(DecisionReason::ActorNotActive));
    }
    let role = party.as_ref().map(|p| p.role);
    if role == Some(PartyRole::Device) {
        return Ok(deny(DecisionReason::DeviceNeverAccesses));
    }
    if let Some(reason) = self_pay_refusal(s, role == Some(PartyRole::Payer), restriction) {
        return Ok(deny(reason));
    }
    if let Some(team) = req.via_team {
        if role.is_none() || !acts_through(storage, now, team, actor)? {
            return Ok(deny(DecisionReason::NotTeamMember));
        }
    }
    let who = Actor {
        patient,
        actor,
        role,
        team: req.via_team,
    };
    let outcome = evaluate_grants(storage, api, now, &who, s)?;
    // The appointment is as specific as an address grant: a deny the patient gave this very
    // address binds their delegate or successor (deny over permit); role and team grants do not.
    if !outcome.address_deny() {
        if let Some(reason) = representative(storage, now, &who, s)? {
            return Ok(AccessDecision {
                allowed: true,
                basis: Some(AccessBasis::Delegate {
                    patient: patient.clone(),
                }),
                reason,
                redisclosure_notice_required: s.is_protected(),
            });
        }
    }
    if let Some(decision) = grant_permit(storage, &who, &outcome, s)? {
        return Ok(decision);
    }
    if let Some(decision) = break_glass(storage, now, patient, actor, role, s)? {
        return Ok(decision);
    }
    Ok(match outcome.best {
        Some(best) => AccessDecision {
            allowed: false,
            basis: Some(AccessBasis::Grant {
                grant_id: best.grant_id,
            }),
            reason: DecisionReason::DeniedByProvision,
            redisclosure_notice_required: false,
        },
        None if s.is_protected() => deny(DecisionReason::SensitiveRequiresSpecificConsent),
        None => deny(DecisionReason::NoMatchingGrant),
    })
}

/// The patient's representatives: an active delegate within its scope (protected data only
/// under an appointment that expires), or a successor whose succession is in force.
fn representative(
    storage: &dyn Storage,
    now: Timestamp,
    who: &Actor,
    s: &Subject,
) -> StdResult<Option<DecisionReason>> {
    if let Some(d) = DELEGATES.may_load(storage, (who.patient, who.actor))? {
        if d.is_active(now)
            && scope_covers(&d.scope, s)
            && appointment_reaches(&s.class, d.expires_at)
        {
            return Ok(Some(DecisionReason::PermittedAsDelegate));
        }
    }
    Ok(successor_allows(storage, who.patient, who.actor, s)?
        .then_some(DecisionReason::PermittedAsSuccessor))
}

/// The winning grant, when it permits (a research data consumer's only once an IRB cleared
/// it); `None` when no grant permits.
fn grant_permit(
    storage: &dyn Storage,
    who: &Actor,
    outcome: &GrantOutcome,
    s: &Subject,
) -> StdResult<Option<AccessDecision>> {
    let Some(best) = outcome.best.filter(|b| !b.hit.deny) else {
        return Ok(None);
    };
    // Ethics gate: a research data consumer's grants apply only once an IRB cleared it.
    if who.role == Some(PartyRole::Researcher) && !ETHICS_CLEARANCES.has(storage, who.actor) {
        return Ok(Some(deny(DecisionReason::EthicsClearanceRequired)));
    }
    Ok(Some(AccessDecision {
        allowed: true,
        basis: Some(AccessBasis::Grant {
            grant_id: best.grant_id,
        }),
        reason: DecisionReason::PermittedByGrant,
        redisclosure_notice_required: s.is_protected(),
    }))
}

/// Break-glass: only reads for emergency purposes by an active clinician not suspended, of the
/// classes the policy lets it reach (by default never very restricted data), under its open
/// session on the patient.
fn break_glass(
    storage: &dyn Storage,
    now: Timestamp,
    patient: &Addr,
    actor: &Addr,
    role: Option<PartyRole>,
    s: &Subject,
) -> StdResult<Option<AccessDecision>> {
    let emergency_purpose = matches!(
        s.purpose,
        PurposeOfUse::EmergencyTreatment | PurposeOfUse::BreakTheGlass
    );
    if !emergency_purpose || s.action != AccessAction::Read || role != Some(PartyRole::Clinician) {
        return Ok(None);
    }
    let reachable = CONFIG
        .load(storage)?
        .emergency_policy
        .break_glass_classes
        .contains(&s.class);
    let suspended = !reachable
        || BREAK_GLASS_SUSPENDED
            .may_load(storage, actor)?
            .is_some_and(|until| now < until);
    if suspended {
        return Ok(None);
    }
    let Some(session_id) = LATEST_SESSION.may_load(storage, (patient, actor))? else {
        return Ok(None);
    };
    if !SESSIONS.load(storage, session_id)?.is_active(now) {
        return Ok(None);
    }
    Ok(Some(AccessDecision {
        allowed: true,
        basis: Some(AccessBasis::Emergency { session_id }),
        reason: DecisionReason::EmergencyAccess,
        redisclosure_notice_required: s.is_protected(),
    }))
}

/// Counts the provisions of a tree and its depth (root = 1). It stops descending one level
/// below [`MAX_PROVISION_DEPTH`] and once the count passes [`MAX_PROVISIONS_PER_GRANT`], so
/// even a hostile input costs a bounded walk; the caller refuses anything over either limit.
pub fn tree_shape(p: &Provision) -> (usize, usize) {
    shape_at(p, 1)
}

fn shape_at(p: &Provision, level: usize) -> (usize, usize) {
    let mut count = 1usize;
    let mut depth = level;
    if level > MAX_PROVISION_DEPTH {
        return (count, depth);
    }
    for child in &p.provisions {
        let (c, d) = shape_at(child, level.saturating_add(1));
        count = count.saturating_add(c);
        depth = depth.max(d);
        if count > MAX_PROVISIONS_PER_GRANT {
            break;
        }
    }
    (count, depth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockApi;

    fn provision(t: ProvisionType) -> Provision {
        Provision {
            provision_type: t,
            actions: vec![],
            purposes: vec![],
            resource_types: vec![],
            labels: vec![],
            record_ids: vec![],
            data_period: None,
            provisions: vec![],
        }
    }

    fn grant(root: Provision, address_grantee: bool, expiry: bool) -> Grant {
        let api = MockApi::default();
        let a = api.addr_make("a");
        Grant {
            id: 1,
            patient: a.clone(),
            grantee: if address_grantee {
                Grantee::Address { address: a.clone() }
            } else {
                Grantee::Role {
                    role: PartyRole::Clinician,
                }
            },
            provision: root,
            starts_at: Timestamp::from_seconds(0),
            expires_at: expiry.then(|| Timestamp::from_seconds(100)),
            policy_hash: None,
            granted_by: a,
            granted_at: Timestamp::from_seconds(0),
            revocation: None,
            entered_in_error: false,
            appointment: 0,
            status: crate::state::GrantStatus::Active,
            proposed_by: None,
            verification: None,
        }
    }

    fn subject(labels: &[SecurityLabel], purpose: PurposeOfUse) -> Subject {
        Subject {
            action: AccessAction::Read,
            purpose,
            resource_type: FhirResourceType::Observation,
            class: protection_class(labels),
            record_id: Some(7),
            series_id: Some(7),
            data_period: None,
        }
    }

    #[test]
    fn nested_deny_carves_an_exception_and_a_deeper_permit_restores_it() {
        // Permit all; deny restricted (R) data; but permit it for TREAT (an address grant with an
        // expiry: only such grants reach protected classes).
        let mut deny_psy = provision(ProvisionType::Deny);
        deny_psy.labels = vec![SecurityLabel::Restricted];
        let mut permit_treat = provision(ProvisionType::Permit);
        permit_treat.purposes = vec![PurposeOfUse::Treatment];
        deny_psy.provisions = vec![permit_treat];
        let mut root = provision(ProvisionType::Permit);
        root.provisions = vec![deny_psy];
        let g = grant(root, true, true);
        let psy = [SecurityLabel::Restricted];
        let normal = [SecurityLabel::Normal];
        // Normal data: the root permits (depth 1).
        assert_eq!(
            evaluate_grant(&g, &subject(&normal, PurposeOfUse::Payment)),
            Some(Hit {
                deny: false,
                depth: 1
            })
        );
        // PSY for payment: the deny (depth 2) beats the root permit.
        assert_eq!(
            evaluate_grant(&g, &subject(&psy, PurposeOfUse::Payment)),
            Some(Hit {
                deny: true,
                depth: 2
            })
        );
        // PSY for treatment: the permit at depth 3 is the most specific.
        assert_eq!(
            evaluate_grant(&g, &subject(&psy, PurposeOfUse::Treatment)),
            Some(Hit {
                deny: false,
                depth: 3
            })
        );
    }

    #[test]
    fn deny_beats_permit_at_equal_depth() {
        let mut permit = provision(ProvisionType::Permit);
        permit.resource_types = vec![FhirResourceType::Observation];
        let mut deny = provision(ProvisionType::Deny);
        deny.purposes = vec![PurposeOfUse::Research];
        let mut root = provision(ProvisionType::Permit);
        root.provisions = vec![permit.clone(), deny.clone()];
        let g = grant(root.clone(), true, false);
        let s = subject(&[], PurposeOfUse::Research);
        assert_eq!(
            evaluate_grant(&g, &s),
            Some(Hit {
                deny: true,
                depth: 2
            })
        );
        // Order of siblings does not matter.
        root.provisions = vec![deny, permit];
        let g = grant(root, true, false);
        assert_eq!(
            evaluate_grant(&g, &s),
            Some(Hit {
                deny: true,
                depth: 2
            })
        );
        // Across grants too.
        assert!(Hit {
            deny: true,
            depth: 2
        }
        .beats(&Hit {
            deny: false,
            depth: 2
        }));
        assert!(!Hit {
            deny: false,
            depth: 2
        }
        .beats(&Hit {
            deny: true,
            depth: 2
        }));
        assert!(Hit {
            deny: false,
            depth: 3
        }
        .beats(&Hit {
            deny: true,
            depth: 2
        }));
    }

    #[test]
    fn labels_match_the_records_protection_class() {
        let mut root = provision(ProvisionType::Permit);
        root.labels = vec![SecurityLabel::Normal];
        let g = grant(root, true, false);
        let both = [SecurityLabel::Normal, SecurityLabel::Restricted];
        assert_eq!(
            evaluate_grant(&g, &subject(&both, PurposeOfUse::Treatment)),
            None
        );
        let mut root = provision(ProvisionType::Permit);
        let mut deny = provision(ProvisionType::Deny);
        deny.labels = vec![SecurityLabel::VeryRestricted, SecurityLabel::Restricted];
        root.provisions = vec![deny];
        let g = grant(root, true, false);
        assert_eq!(
            evaluate_grant(&g, &subject(&both, PurposeOfUse::Treatment)),
            Some(Hit {
                deny: true,
                depth: 2
            })
        );
    }

    #[test]
    fn eth_needs_address_expiry_label_and_purpose() {
        let eth = [SecurityLabel::VeryRestricted];
        let s = subject(&eth, PurposeOfUse::Treatment);
        let general = provision(ProvisionType::Permit);
        assert_eq!(evaluate_grant(&grant(general, true, true), &s), None);
        let mut specific = provision(ProvisionType::Permit);
        specific.labels = vec![SecurityLabel::VeryRestricted];
        specific.purposes = vec![PurposeOfUse::Treatment];
        let hit = Some(Hit {
            deny: false,
            depth: 1,
        });
        assert_eq!(
            evaluate_grant(&grant(specific.clone(), true, true), &s),
            hit
        );
        // A role grant, or no expiry, never reaches ETH.
        assert_eq!(
            evaluate_grant(&grant(specific.clone(), false, true), &s),
            None
        );
        assert_eq!(
            evaluate_grant(&grant(specific.clone(), true, false), &s),
            None
        );
        // Purpose not named.
        let mut no_purpose = specific;
        no_purpose.purposes = vec![];
        assert_eq!(evaluate_grant(&grant(no_purpose, true, true), &s), None);
    }

    #[test]
    fn record_specific_provisions_need_the_record() {
        let mut root = provision(ProvisionType::Permit);
        root.record_ids = vec![7];
        let g = grant(root, true, false);
        let mut s = subject(&[], PurposeOfUse::Treatment);
        assert!(evaluate_grant(&g, &s).is_some());
        s.record_id = Some(8);
        s.series_id = Some(8);
        assert!(evaluate_grant(&g, &s).is_none());
        // A later version (8) of the record whose first version is 7.
        s.series_id = Some(7);
        assert!(evaluate_grant(&g, &s).is_some());
        s.record_id = None;
        s.series_id = None;
        assert!(evaluate_grant(&g, &s).is_none());
    }

    #[test]
    fn tree_shape_counts_and_measures() {
        let mut root = provision(ProvisionType::Permit);
        let mut child = provision(ProvisionType::Deny);
        child.provisions = vec![provision(ProvisionType::Permit)];
        root.provisions = vec![child, provision(ProvisionType::Deny)];
        assert_eq!(tree_shape(&root), (4, 3));
        // A 1000-deep chain is measured without walking all of it.
        let mut chain = provision(ProvisionType::Permit);
        for _ in 0..1000 {
            let mut parent = provision(ProvisionType::Permit);
            parent.provisions = vec![chain];
            chain = parent;
        }
        let (count, depth) = tree_shape(&chain);
        assert!(depth > MAX_PROVISION_DEPTH);
        assert!(count <= MAX_PROVISION_DEPTH + 1);
    }
}
