//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`.
//!
//! Every list is a secondary-index `Map` with a composite key, so lists are bounded range scans,
//! and `check_access` reads at most [`MAX_ACTIVE_GRANTS_PER_GRANTEE`] +
//! [`MAX_ACTIVE_GRANTS_PER_ROLE`] grants through the two "active" indexes.
//!
//! [`MAX_ACTIVE_GRANTS_PER_GRANTEE`]: cw_health_types::ehr_registry::MAX_ACTIVE_GRANTS_PER_GRANTEE
//! [`MAX_ACTIVE_GRANTS_PER_ROLE`]: cw_health_types::ehr_registry::MAX_ACTIVE_GRANTS_PER_ROLE

use cosmwasm_schema::serde::{Deserialize, Serialize};
use cosmwasm_std::{Addr, Api, CanonicalAddr, StdResult, Storage, Timestamp};
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::ehr_registry::{
    AccessBasis, AmendReason, ConsentState, DelegateRelationship, DisclosureInfo, EmergencyPolicy,
    EmergencyReason, Grantee, InactiveReason, PartyRole, PartyStatus, Period, Provision,
    RecordInfo, ReviewOutcome, Revocation, Scope, TeamKind, Verification,
    DEFAULT_GUARDIANSHIP_END_AGE,
};
use cw_health_types::{
    AccessAction, ContentRef, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash,
};
use cw_storage_plus::{Item, Map};

/// Configuration beyond ownership.
#[cw_serde]
pub struct Config {
    /// Registers and credentials parties.
    pub credentialing_authority: Option<Addr>,
    /// Break-glass policy.
    pub emergency_policy: EmergencyPolicy,
    /// The age at which a minor's parent or guardian appointment ends.
    #[serde(default = "default_guardianship_end_age")]
    pub guardianship_end_age: u8,
}

fn default_guardianship_end_age() -> u8 {
    DEFAULT_GUARDIANSHIP_END_AGE
}

/// A credentialed party (read by most messages: one-letter field names in storage, issue 20).
#[cw_serde]
pub struct Party {
    #[serde(rename = "i")]
    pub identifier: String,
    #[serde(rename = "r")]
    pub role: PartyRole,
    #[serde(rename = "x")]
    pub license_expiry: Timestamp,
    #[serde(rename = "s")]
    pub status: PartyStatus,
}

impl Party {
    /// Active status and an unexpired license at `now`.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.status == PartyStatus::Active && now < self.license_expiry
    }
}

/// A registered patient (read by most messages: short field names, defaults left out).
#[derive(Serialize, cw_health_types::MapDeserialize, Clone, Debug, PartialEq)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct Patient {
    #[serde(rename = "r")]
    pub registered_at: Timestamp,
    #[serde(
        rename = "d",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub delegate_count: u32,
    /// How many successors the patient has named.
    #[serde(
        rename = "s",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub successor_count: u32,
    /// The declared year of birth (write-once; never a date).
    #[serde(rename = "y", default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<u16>,
}

/// A consent grant as stored; its state is derived at read time. Stored compactly (issue 20:
/// every byte written costs 30 gas) as [`StoredGrant`]; queries answer `GrantInfo`, mapped
/// from it.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(
    try_from = "StoredGrant",
    into = "StoredGrant",
    crate = "cosmwasm_schema::serde"
)]
pub struct Grant {
    pub id: u64,
    pub patient: Addr,
    pub grantee: Grantee,
    pub provision: Provision,
    pub starts_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    pub policy_hash: Option<Sha256Hash>,
    pub granted_by: Addr,
    pub granted_at: Timestamp,
    pub revocation: Option<Revocation>,
    pub entered_in_error: bool,
    /// The appointment under which a delegate issued it (0: issued by the patient, or by a
    /// delegate appointed before appointments were numbered).
    pub appointment: u64,
    /// Active (given by the patient or a delegate, or an activated draft), draft or rejected.
    pub status: GrantStatus,
    /// The party that prepared it as a draft.
    pub proposed_by: Option<Addr>,
    /// The witness or verifier, and when.
    pub verification: Option<Verification>,
}

/// A grant's JSON in storage: no id (it is the key: [`GRANTS`] sets it when it loads a grant),
/// one- or two-letter field names, absent and default fields left out, the grantee as one of
/// `ga` (address), `gr` (role) or `gt` (team), the grantor only when it is not the patient, the
/// grant time only when it is not the start, the provision in [`compact`] form.
#[derive(Serialize, cw_health_types::MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredGrant {
    p: Addr,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ga: Option<Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gr: Option<PartyRole>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    gt: Option<u64>,
    #[serde(with = "compact")]
    v: Provision,
    s: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    e: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    h: Option<Sha256Hash>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    t: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    r: Option<Revocation>,
    #[serde(default, skip_serializing_if = "cw_health_types::is_default")]
    x: bool,
    #[serde(default, skip_serializing_if = "cw_health_types::is_default")]
    a: u64,
    #[serde(default, skip_serializing_if = "GrantStatus::is_active")]
    st: GrantStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pb: Option<Addr>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    vf: Option<Verification>,
}

impl From<Grant> for StoredGrant {
    fn from(g: Grant) -> Self {
        let (ga, gr, gt) = match g.grantee {
            Grantee::Address { address } => (Some(address), None, None),
            Grantee::Role { role } => (None, Some(role), None),
            Grantee::Team { team_id } => (None, None, Some(team_id)),
        };
        StoredGrant {
            b: (g.granted_by != g.patient).then_some(g.granted_by),
            t: (g.granted_at != g.starts_at).then_some(g.granted_at),
            p: g.patient,
            ga,
            gr,
            gt,
            v: g.provision,
            s: g.starts_at,
            e: g.expires_at,
            h: g.policy_hash,
            r: g.revocation,
            x: g.entered_in_error,
            a: g.appointment,
            st: g.status,
            pb: g.proposed_by,
            vf: g.verification,
        }
    }
}

impl TryFrom<StoredGrant> for Grant {
    type Error = &'static str;

    fn try_from(g: StoredGrant) -> Result<Self, Self::Error> {
        let grantee = match (g.ga, g.gr, g.gt) {
            (Some(address), None, None) => Grantee::Address { address },
            (None, Some(role), None) => Grantee::Role { role },
            (None, None, Some(team_id)) => Grantee::Team { team_id },
            _ => return Err("a stored grant has exactly one grantee"),
        };
        Ok(Grant {
            granted_by: g.b.unwrap_or_else(|| g.p.clone()),
            granted_at: g.t.unwrap_or(g.s),
            // Set from the key by `Grants::load`.
            id: 0,
            patient: g.p,
            grantee,
            provision: g.v,
            starts_at: g.s,
            expires_at: g.e,
            policy_hash: g.h,
            revocation: g.r,
            entered_in_error: g.x,
            appointment: g.a,
            status: g.st,
            proposed_by: g.pb,
            verification: g.vf,
        })
    }
}

/// A provision as stored in a grant: short field names, empty lists and an absent period left
/// out, resource types as one string with a letter per type (`a` + its index in
/// [`FhirResourceType::ALL`], in the order given: 14 types take 16 bytes against 33 for a list
/// of numbers). The grant's answer restores the API's `Provision`, unchanged.
mod compact {
    use cosmwasm_schema::serde::{self, Deserialize, Deserializer, Serialize, Serializer};
    use cw_health_types::ehr_registry::{Period, Provision, ProvisionType};
    use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

    #[derive(Serialize, cw_health_types::MapDeserialize)]
    #[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
    struct P {
        t: ProvisionType,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        a: Vec<AccessAction>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        p: Vec<PurposeOfUse>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        r: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        l: Vec<SecurityLabel>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        i: Vec<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        d: Option<Period>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        c: Vec<P>,
    }

    fn to_p(v: &Provision) -> P {
        P {
            t: v.provision_type,
            a: v.actions.clone(),
            p: v.purposes.clone(),
            r: v.resource_types.iter().map(letter).collect(),
            l: v.labels.clone(),
            i: v.record_ids.clone(),
            d: v.data_period.clone(),
            c: v.provisions.iter().map(to_p).collect(),
        }
    }

    fn from_p(p: P) -> Option<Provision> {
        Some(Provision {
            provision_type: p.t,
            actions: p.a,
            purposes: p.p,
            resource_types: p
                .r
                .bytes()
                .map(|b| {
                    let i = b.checked_sub(b'a')?;
                    FhirResourceType::ALL.get(usize::from(i)).copied()
                })
                .collect::<Option<_>>()?,
            labels: p.l,
            record_ids: p.i,
            data_period: p.d,
            provisions: p.c.into_iter().map(from_p).collect::<Option<_>>()?,
        })
    }

    pub fn serialize<S: Serializer>(v: &Provision, s: S) -> Result<S::Ok, S::Error> {
        to_p(v).serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Provision, D::Error> {
        from_p(P::deserialize(d)?)
            .ok_or_else(|| serde::de::Error::custom("unknown stored resource type"))
    }

    /// A resource type as its index in [`FhirResourceType::ALL`].
    pub mod resource_type {
        use super::*;

        pub fn serialize<S: Serializer>(t: &FhirResourceType, s: S) -> Result<S::Ok, S::Error> {
            index(t).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<FhirResourceType, D::Error> {
            let i = u8::deserialize(d)?;
            FhirResourceType::ALL
                .get(usize::from(i))
                .copied()
                .ok_or_else(|| serde::de::Error::custom("unknown stored resource type"))
        }
    }

    /// A resource type's letter: `a` + its index (`?`, refused when read, never happens).
    fn letter(t: &FhirResourceType) -> char {
        b'a'.checked_add(index(t)).map_or('?', char::from)
    }

    fn index(t: &FhirResourceType) -> u8 {
        FhirResourceType::ALL
            .iter()
            .position(|x| x == t)
            .and_then(|i| u8::try_from(i).ok())
            .unwrap_or(u8::MAX)
    }
}

/// Where a grant stands in the FHIR consent lifecycle before it can apply.
#[cw_serde]
#[derive(Copy, Eq, Default)]
pub enum GrantStatus {
    /// Given (or activated) by the patient or a delegate.
    #[default]
    Active,
    /// Prepared by a party; waits for the patient.
    Draft,
    /// A draft the patient rejected.
    Rejected,
}

impl GrantStatus {
    fn is_active(&self) -> bool {
        *self == GrantStatus::Active
    }
}

/// The grant lifecycle, in one place: what a grant's stored fields mean at a given time.
/// [`Grant::state`] is the FHIR state reported by queries; [`Grant::in_force`] (decisions) and
/// [`Grant::is_finished`] (pruning the active indexes) agree with it. Whether a delegate's
/// grant is still backed by its appointment is `access::issuer_allows` (a storage read),
/// passed in as `issuer_ok`.
impl Grant {
    /// The consent state at `now` and, when inactive, why.
    pub fn state(&self, now: Timestamp, issuer_ok: bool) -> (ConsentState, Option<InactiveReason>) {
        if self.status == GrantStatus::Draft {
            (ConsentState::Draft, None)
        } else if self.status == GrantStatus::Rejected {
            (ConsentState::Rejected, None)
        } else if self.entered_in_error {
            (ConsentState::EnteredInError, None)
        } else if self.revocation.is_some() {
            (ConsentState::Inactive, Some(InactiveReason::Revoked))
        } else if self.expires_at.is_some_and(|e| now >= e) {
            (ConsentState::Inactive, Some(InactiveReason::Expired))
        } else if !issuer_ok {
            (
                ConsentState::Inactive,
                Some(InactiveReason::IssuerNotDelegate),
            )
        } else if now < self.starts_at {
            (ConsentState::Inactive, Some(InactiveReason::NotStarted))
        } else {
            (ConsentState::Active, None)
        }
    }

    /// In force at `now`: active, not revoked, not entered in error, started and not expired.
    pub fn in_force(&self, now: Timestamp) -> bool {
        self.status == GrantStatus::Active
            && self.revocation.is_none()
            && !self.entered_in_error
            && self.starts_at <= now
            && self.expires_at.is_none_or(|e| now < e)
    }

    /// Will never be in force again (revoked, in error or expired).
    pub fn is_finished(&self, now: Timestamp) -> bool {
        self.status == GrantStatus::Rejected
            || self.revocation.is_some()
            || self.entered_in_error
            || self.expires_at.is_some_and(|e| now >= e)
    }
}

/// An appointed delegate as stored.
#[cw_serde]
pub struct Delegate {
    pub relationship: DelegateRelationship,
    pub scope: Scope,
    pub manage_grants: bool,
    pub appointed_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// This appointment's number: kept when an active appointment is changed, new when the
    /// delegate is appointed again after a removal or an expiry (0: before numbering).
    #[serde(default)]
    pub appointment: u64,
}

impl Delegate {
    /// Not expired at `now`.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.expires_at.is_none_or(|e| now < e)
    }
}

/// A break-glass session as stored.
#[cw_serde]
pub struct EmergencySession {
    pub id: u64,
    pub patient: Addr,
    pub clinician: Addr,
    pub reason: EmergencyReason,
    pub justification_hash: Sha256Hash,
    pub opened_at: Timestamp,
    pub expires_at: Timestamp,
    pub ended_at: Option<Timestamp>,
}

impl EmergencySession {
    /// Open at `now`: not ended and not expired.
    pub fn is_active(&self, now: Timestamp) -> bool {
        self.ended_at.is_none() && now < self.expires_at
    }
}

/// A break-glass review as stored.
#[cw_serde]
pub struct Review {
    pub id: u64,
    pub patient: Addr,
    pub clinician: Addr,
    pub due_at: Timestamp,
    pub outcome: Option<ReviewOutcome>,
    pub finding_hash: Option<Sha256Hash>,
    pub closed_by: Option<Addr>,
    pub closed_at: Option<Timestamp>,
}

pub const CONFIG: Item<Config> = Item::new("config");

pub const PARTIES: Map<&Addr, Party> = Map::new("pa");
pub const PATIENTS: Map<&Addr, Patient> = Map::new("pt");
pub const PRIVACY_OFFICERS: Map<&Addr, ()> = Map::new("officers");
pub const GATEWAYS: Map<&Addr, ()> = Map::new("gateways");
/// researcher -> the ethics board (IRB) that cleared it; no entry: its grants do not apply.
pub const ETHICS_CLEARANCES: Map<&Addr, Addr> = Map::new("ethics_cleared");

/// A record pointer as stored, compactly as [`StoredRecord`]; queries answer `RecordInfo`,
/// mapped from it (its `self_pay_restricted` is the series' flag).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq)]
#[serde(
    from = "StoredRecord",
    into = "StoredRecord",
    crate = "cosmwasm_schema::serde"
)]
pub struct Record {
    pub id: u64,
    pub patient: Addr,
    pub custodian: Addr,
    pub content: ContentRef,
    pub resource_type: FhirResourceType,
    /// This version's labels (protection classes).
    pub labels: Vec<SecurityLabel>,
    pub data_period: Option<Period>,
    /// This version's flag when last set through it; the series' flag is authoritative.
    pub self_pay_restricted: bool,
    pub supersedes: Option<u64>,
    pub superseded_by: Option<u64>,
    pub amend_reason: Option<AmendReason>,
    pub amend_reason_hash: Option<Sha256Hash>,
    pub created_by: Addr,
    pub created_at: Timestamp,
}

/// A record's JSON in storage: short field names, defaults left out, the resource type as its
/// index, the author only when it is not the custodian.
#[derive(Serialize, cw_health_types::MapDeserialize)]
#[serde(deny_unknown_fields, crate = "cosmwasm_schema::serde")]
pub struct StoredRecord {
    i: u64,
    p: Addr,
    c: Addr,
    n: ContentRef,
    #[serde(with = "compact::resource_type")]
    r: FhirResourceType,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    l: Vec<SecurityLabel>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    d: Option<Period>,
    #[serde(default, skip_serializing_if = "cw_health_types::is_default")]
    sp: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    su: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    sb: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ar: Option<AmendReason>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    ah: Option<Sha256Hash>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    b: Option<Addr>,
    t: Timestamp,
}

impl From<Record> for StoredRecord {
    fn from(r: Record) -> Self {
        StoredRecord {
            b: (r.created_by != r.custodian).then_some(r.created_by),
            i: r.id,
            p: r.patient,
            c: r.custodian,
            n: r.content,
            r: r.resource_type,
            l: r.labels,
            d: r.data_period,
            sp: r.self_pay_restricted,
            su: r.supersedes,
            sb: r.superseded_by,
            ar: r.amend_reason,
            ah: r.amend_reason_hash,
            t: r.created_at,
        }
    }
}

impl From<StoredRecord> for Record {
    fn from(r: StoredRecord) -> Self {
        Record {
            created_by: r.b.unwrap_or_else(|| r.c.clone()),
            id: r.i,
            patient: r.p,
            custodian: r.c,
            content: r.n,
            resource_type: r.r,
            labels: r.l,
            data_period: r.d,
            self_pay_restricted: r.sp,
            supersedes: r.su,
            superseded_by: r.sb,
            amend_reason: r.ar,
            amend_reason_hash: r.ah,
            created_at: r.t,
        }
    }
}

impl Record {
    /// The API answer, with the record's (series') self-pay restriction.
    pub fn into_info(self, self_pay_restricted: bool) -> RecordInfo {
        RecordInfo {
            id: self.id,
            patient: self.patient,
            custodian: self.custodian,
            content: self.content,
            resource_type: self.resource_type,
            labels: self.labels,
            data_period: self.data_period,
            self_pay_restricted,
            supersedes: self.supersedes,
            superseded_by: self.superseded_by,
            amend_reason: self.amend_reason,
            amend_reason_hash: self.amend_reason_hash,
            created_by: self.created_by,
            created_at: self.created_at,
        }
    }
}

/// A disclosure as stored (issue 20: one is written by every `record_access`): one-letter
/// names; the id left to the key and the patient to the patient indexes (the only way a
/// disclosure is read); who recorded it only when not the actor (a gateway); false flags and
/// absent options left out. Answered as the API's `DisclosureInfo` ([`Disclosure::into_info`]).
#[cw_serde]
pub struct Disclosure {
    #[serde(rename = "t")]
    pub at: Timestamp,
    #[serde(rename = "a")]
    pub actor: Addr,
    /// The trusted gateway that recorded it for the actor, if not the actor.
    #[serde(rename = "g", default, skip_serializing_if = "Option::is_none")]
    pub gateway: Option<Addr>,
    #[serde(rename = "r")]
    pub record_id: u64,
    #[serde(rename = "y")]
    pub resource_type: FhirResourceType,
    #[serde(rename = "c")]
    pub action: AccessAction,
    #[serde(rename = "p")]
    pub purpose: PurposeOfUse,
    #[serde(rename = "b")]
    pub basis: AccessBasis,
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub redisclosure_notice_required: bool,
    #[serde(
        rename = "k",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub accountable: bool,
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub accounting_suspended_until: Option<Timestamp>,
    /// The team the recipient acted through.
    #[serde(rename = "v", default, skip_serializing_if = "Option::is_none")]
    pub via_team: Option<u64>,
}

impl Disclosure {
    /// The API's disclosure `id` of `patient`.
    pub fn into_info(self, id: u64, patient: &Addr) -> DisclosureInfo {
        DisclosureInfo {
            id,
            patient: patient.clone(),
            at: self.at,
            recorded_by: self.gateway.unwrap_or_else(|| self.actor.clone()),
            actor: self.actor,
            record_id: self.record_id,
            resource_type: self.resource_type,
            action: self.action,
            purpose: self.purpose,
            basis: self.basis,
            redisclosure_notice_required: self.redisclosure_notice_required,
            accountable: self.accountable,
            accounting_suspended_until: self.accounting_suspended_until,
            via_team: self.via_team,
        }
    }
}

pub const NEXT_RECORD_ID: Item<u64> = Item::new("nr");
pub const RECORDS: Map<u64, Record> = Map::new("r");
/// (patient, record id)
pub const PATIENT_RECORDS: Map<(&Addr, u64), ()> = Map::new("rp");
/// Amended version id -> the id of its record's first version (its series). A first version
/// has no entry: it is its own series.
pub const RECORD_SERIES: Map<u64, u64> = Map::new("rec_series");
/// Series id -> what applies to every version of the record. No entry: the first version's own
/// flag and labels (a record never amended nor restricted).
pub const SERIES: Map<u64, Series> = Map::new("series");

/// What applies to a record as a whole, every version included.
#[cw_serde]
pub struct Series {
    /// Restricted from payers (HIPAA 164.522(a)(1)(vi)).
    pub self_pay_restricted: bool,
    /// The union of every version's labels: protection only grows with amendments.
    pub labels: Vec<SecurityLabel>,
}

/// The series of a record and what applies to it: two reads, whatever the number of versions.
pub fn series_of(storage: &dyn Storage, record: &Record) -> StdResult<(u64, Series)> {
    let id = RECORD_SERIES
        .may_load(storage, record.id)?
        .unwrap_or(record.id);
    let series = SERIES.may_load(storage, id)?.unwrap_or_else(|| Series {
        self_pay_restricted: record.self_pay_restricted,
        labels: record.labels.clone(),
    });
    Ok((id, series))
}

/// The value of a grant index entry, whose key says everything: one byte (`()` is stored as
/// `null`, four; issue 20: every byte written costs 30 gas, and each grant writes three).
pub const MARK: u8 = 0;

pub const NEXT_GRANT_ID: Item<u64> = Item::new("ng");
pub const GRANTS: Grants = Grants(Map::new("g"));

/// The grants by id. The id is the key, not repeated in the value (issue 20: 30 gas a byte
/// written): a loaded grant gets it from the key.
pub struct Grants(Map<u64, Grant>);

impl Grants {
    /// The grant `id`.
    pub fn load(&self, storage: &dyn Storage, id: u64) -> StdResult<Grant> {
        let mut grant = self.0.load(storage, id)?;
        grant.id = id;
        Ok(grant)
    }

    /// The grant `id`, if it exists.
    pub fn may_load(&self, storage: &dyn Storage, id: u64) -> StdResult<Option<Grant>> {
        Ok(self.0.may_load(storage, id)?.map(|mut grant| {
            grant.id = id;
            grant
        }))
    }

    /// Stores `grant` under `id` (its own id: callers pass `grant.id` or the id it was loaded
    /// with).
    pub fn save(&self, storage: &mut dyn Storage, id: u64, grant: &Grant) -> StdResult<()> {
        self.0.save(storage, id, grant)
    }
}
/// (patient's [`addr_key`], grant id): every grant of a patient.
pub const GRANTS_BY_PATIENT: Map<(&[u8], u64), u8> = Map::new("gp");
/// (grantee's [`addr_key`], grant id): every grant to an address.
pub const GRANTS_BY_ADDR: Map<(&[u8], u64), u8> = Map::new("ga");
/// (role key, grant id): every grant to a role.
pub const GRANTS_BY_ROLE: Map<(u8, u64), u8> = Map::new("gr_by_role");
/// (patient's [`addr_key`], grantee's [`addr_key`], grant id): grants not revoked/in error and
/// not seen expired. At most `MAX_ACTIVE_GRANTS_PER_GRANTEE` entries per (patient, grantee).
pub const ACTIVE_ADDR_GRANTS: Map<(&[u8], &[u8], u64), u8> = Map::new("aa");

/// An address as the three address-keyed grant indexes hold it: its canonical bytes (20 or 32
/// on a Cosmos chain, against 43 or more for its bech32 text; issue 20: every key byte written
/// costs 30 gas, and these keys are written with every grant). Only ever called on an address
/// validated already (an `Addr`), so one address has exactly one key.
pub fn addr_key(api: &dyn Api, addr: &Addr) -> StdResult<CanonicalAddr> {
    api.addr_canonicalize(addr.as_str())
}
/// (patient, role key, grant id): as above for role grants, at most `MAX_ACTIVE_GRANTS_PER_ROLE`.
pub const ACTIVE_ROLE_GRANTS: Map<(&Addr, u8, u64), u8> = Map::new("ar");

/// (patient, delegate)
pub const DELEGATES: Map<(&Addr, &Addr), Delegate> = Map::new("delegates");
/// The last appointment number given.
pub const NEXT_APPOINTMENT_ID: Item<u64> = Item::new("next_appointment");

pub const NEXT_SESSION_ID: Item<u64> = Item::new("next_session");
pub const SESSIONS: Map<u64, EmergencySession> = Map::new("sessions");
pub const SESSIONS_BY_PATIENT: Map<(&Addr, u64), ()> = Map::new("ses_by_patient");
pub const SESSIONS_BY_CLINICIAN: Map<(&Addr, u64), ()> = Map::new("ses_by_clin");
/// (patient, clinician) -> the clinician's latest session on the patient.
pub const LATEST_SESSION: Map<(&Addr, &Addr), u64> = Map::new("ses_latest");
/// clinician -> start times (seconds) of its sessions within the rolling rate period, oldest
/// first; never longer than `MAX_EMERGENCY_SESSIONS_PER_PERIOD`.
pub const EMERGENCY_RATE: Map<&Addr, Vec<u64>> = Map::new("ses_rate");

/// clinician -> until when its break-glass right is suspended (after an unjustified review).
pub const BREAK_GLASS_SUSPENDED: Map<&Addr, Timestamp> = Map::new("ses_suspended");

pub const REVIEWS: Map<u64, Review> = Map::new("reviews");
/// (due time in seconds, review id) of open reviews only.
pub const OPEN_REVIEWS_BY_DUE: Map<(u64, u64), ()> = Map::new("rev_open_due");

pub const NEXT_DISCLOSURE_ID: Item<u64> = Item::new("next_disclosure");
pub const DISCLOSURES: Map<u64, Disclosure> = Map::new("disclosures");
/// (patient, time in seconds, disclosure id)
pub const DISCLOSURES_BY_PATIENT: Map<(&Addr, u64, u64), ()> = Map::new("disc_by_patient");
/// (patient, time in seconds, disclosure id) of the disclosures in the HIPAA 164.528
/// accounting (not to the patient or a delegate, not for treatment, payment or operations).
pub const ACCOUNTABLE_BY_PATIENT: Map<(&Addr, u64, u64), ()> = Map::new("disc_accountable");

/// A care team or organization group as stored; its members are in [`TEAM_MEMBERS`].
#[cw_serde]
pub struct Team {
    pub kind: TeamKind,
    /// The registered party that keeps the membership.
    pub manager: Addr,
    pub member_count: u32,
    pub created_at: Timestamp,
}

pub const NEXT_TEAM_ID: Item<u64> = Item::new("next_team");
pub const TEAMS: Map<u64, Team> = Map::new("teams");
/// (team id, member): one read decides membership.
pub const TEAM_MEMBERS: Map<(u64, &Addr), ()> = Map::new("team_members");
/// (team id, grant id): every grant to a team.
pub const GRANTS_BY_TEAM: Map<(u64, u64), u8> = Map::new("gr_by_team");
/// (patient, team id, grant id): as `ACTIVE_ADDR_GRANTS` for team grants, at most
/// `MAX_ACTIVE_GRANTS_PER_TEAM` per (patient, team).
pub const ACTIVE_TEAM_GRANTS: Map<(&Addr, u64, u64), u8> = Map::new("at");

/// A named successor as stored.
#[cw_serde]
pub struct Successor {
    pub scope: Scope,
    pub inactivity_secs: u64,
    pub named_at: Timestamp,
    /// When the successor activated the succession.
    pub activated_at: Option<Timestamp>,
}

impl Successor {
    /// In force: activated after the patient's last action (any later action ends it).
    pub fn in_force(&self, last_active: Timestamp) -> bool {
        self.activated_at.is_some_and(|a| last_active < a)
    }
}

/// (patient, successor)
pub const SUCCESSORS: Map<(&Addr, &Addr), Successor> = Map::new("successors");
/// patient -> when it last signed a message to the registry, kept only while it has a successor
/// named (none: no successor; its registration time is answered).
pub const LAST_ACTIVITY: Map<&Addr, Timestamp> = Map::new("la");

/// When a patient last acted (its registration time if never since).
pub fn last_active(storage: &dyn Storage, patient: &Addr, p: &Patient) -> StdResult<Timestamp> {
    Ok(LAST_ACTIVITY
        .may_load(storage, patient)?
        .unwrap_or(p.registered_at))
}

/// The storage key of a role.
pub fn role_key(role: PartyRole) -> u8 {
    match role {
        PartyRole::Clinician => 0,
        PartyRole::Organization => 1,
        PartyRole::Payer => 2,
        PartyRole::Researcher => 3,
        PartyRole::Oversight => 4,
        PartyRole::EthicsBoard => 5,
        PartyRole::Device => 6,
    }
}

/// Takes the next id of a counter (ids start at 1).
pub fn next_id(storage: &mut dyn Storage, counter: &Item<u64>) -> StdResult<u64> {
    let id = counter
        .may_load(storage)?
        .unwrap_or(0)
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("id overflow"))?;
    counter.save(storage, &id)?;
    Ok(id)
}
