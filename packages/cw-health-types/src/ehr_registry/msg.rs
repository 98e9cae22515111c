use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Timestamp};

use crate::ownership::{Ownership, OwnershipAction};
use crate::vocab::{AccessAction, FhirResourceType, PurposeOfUse};

/// Instantiates the registry.
#[cw_serde]
pub struct InstantiateMsg {
    /// The contract owner (appoints the credentialing authority and privacy officers);
    /// defaults to the sender.
    pub owner: Option<String>,
}

/// Executes a change in the registry.
#[cw_serde]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
}

/// Queries of the registry.
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The registry's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// Decides whether `actor` may perform `action` on the patient's records for `purpose`.
    /// Gateways and the other cw-health contracts call this before any use of a record.
    #[returns(AccessDecision)]
    CheckAccess(AccessRequest),
    /// A credentialed party (provider, organisation, payer, researcher), if registered.
    #[returns(Option<PartyInfo>)]
    Party {
        /// The party's address.
        address: String,
    },
}

/// Migrates the contract to a newer version of itself.
#[cw_serde]
pub struct MigrateMsg {}

/// The registry's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The contract owner.
    pub owner: Addr,
}

/// A question to the registry: may `actor` do `action` on `patient`'s records for `purpose`?
#[cw_serde]
pub struct AccessRequest {
    /// The patient whose records are asked for.
    pub patient: String,
    /// The party that wants access (a provider, payer, researcher, delegate, or the patient).
    pub actor: String,
    /// Read or write.
    pub action: AccessAction,
    /// Why access is wanted (HL7 purpose of use).
    pub purpose: PurposeOfUse,
    /// The FHIR resource type asked for. Required unless `record_id` is given; when both are
    /// given they must agree.
    pub resource_type: Option<FhirResourceType>,
    /// One specific record, if the request is about a record rather than a resource type.
    pub record_id: Option<u64>,
}

/// What an access decision rests on.
#[cw_serde]
pub enum AccessBasis {
    /// The actor is the patient.
    Patient {},
    /// A consent grant of the patient.
    Grant {
        /// The grant's id.
        grant_id: u64,
    },
    /// A break-glass emergency session.
    Emergency {
        /// The emergency session's id.
        session_id: u64,
    },
}

/// Why access was allowed or denied (machine-readable).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum DecisionReason {
    /// The actor is the patient.
    PatientSelf,
    /// A consent grant permits it.
    PermittedByGrant,
    /// An open emergency session permits it.
    EmergencyAccess,
    /// No active grant matches.
    NoMatchingGrant,
    /// A deny provision of a grant matches (most specific wins, deny beats permit at equal depth).
    DeniedByProvision,
    /// The record is ETH-labelled (42 CFR Part 2) and no grant names this actor, purpose and an expiry.
    SensitiveRequiresSpecificConsent,
    /// The record is restricted from payers (HIPAA 164.522) and the purpose is payment.
    SelfPayRestricted,
    /// The actor is not an active, credentialed, unexpired party.
    ActorNotActive,
    /// The patient is not registered.
    PatientNotRegistered,
    /// The record does not exist or is not the patient's.
    RecordNotFound,
    /// The request names neither a resource type nor a record, or they disagree.
    InvalidRequest,
}

/// The answer to an [`AccessRequest`].
#[cw_serde]
pub struct AccessDecision {
    /// Whether the access is allowed.
    pub allowed: bool,
    /// The grant, emergency session or patient relation that allows it (or the grant whose deny
    /// provision refused it).
    pub basis: Option<AccessBasis>,
    /// Why.
    pub reason: DecisionReason,
    /// True when the data is 42 CFR Part 2 protected: the recipient must be given the
    /// redisclosure notice (42 CFR 2.32).
    pub redisclosure_notice_required: bool,
}

/// The role of a credentialed party.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum PartyRole {
    /// An individual clinician (physician, nurse, pharmacist).
    Clinician,
    /// A provider organisation (hospital, clinic, pharmacy, lab).
    Organization,
    /// A health plan or insurer.
    Payer,
    /// A research sponsor or investigator.
    Researcher,
}

/// The credential status of a party.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PartyStatus {
    /// In good standing.
    Active,
    /// Temporarily suspended.
    Suspended,
    /// Excluded (e.g. on the OIG exclusion list).
    Excluded,
}

/// A credentialed party.
#[cw_serde]
pub struct PartyInfo {
    /// The party's address.
    pub address: Addr,
    /// Opaque professional identifier (e.g. an NPI).
    pub identifier: String,
    /// The party's role.
    pub role: PartyRole,
    /// When the party's license expires.
    pub license_expiry: Timestamp,
    /// Credential status.
    pub status: PartyStatus,
    /// True when the status is active and the license has not expired at the query's block time.
    pub active: bool,
}
