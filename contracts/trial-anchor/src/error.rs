use cosmwasm_std::{StdError, Timestamp};
use cw_health_types::merkle::MerkleError;
use cw_health_types::migration::MigrationError;
use cw_health_types::ownership::OwnershipError;
use cw_health_types::payment::PaymentError;
use cw_health_types::trial_anchor::{DocumentKind, TrialStatus};
use cw_health_types::ValidationError;
use thiserror::Error;

/// Every way a message to this contract can fail. A failed message changes nothing.
#[derive(Error, Debug)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),

    #[error("overflow")]
    Overflow {},

    // --- authorization ---
    #[error("unauthorized: only {role} may {action}")]
    Unauthorized { role: String, action: String },

    #[error("unauthorized: {address} is not an active site investigator of trial {trial_id}")]
    UnauthorizedSite { trial_id: u64, address: String },

    #[error("unauthorized: site {caller_site} does not hold participant (held by site {participant_site})")]
    WrongSite {
        caller_site: String,
        participant_site: String,
    },

    // --- lookups ---
    #[error("trial {trial_id} not found")]
    TrialNotFound { trial_id: u64 },

    #[error("registry id {registry_id} is already used by trial {trial_id}")]
    RegistryIdTaken { registry_id: String, trial_id: u64 },

    #[error("participant not found in trial {trial_id}")]
    ParticipantNotFound { trial_id: u64 },

    #[error("outcome {outcome_key} not found in trial {trial_id}")]
    OutcomeNotFound { trial_id: u64, outcome_key: u32 },

    #[error("batch {batch_id} not found in trial {trial_id}")]
    BatchNotFound { trial_id: u64, batch_id: u64 },

    #[error("adverse event {adverse_event_id} not found in trial {trial_id}")]
    AdverseEventNotFound {
        trial_id: u64,
        adverse_event_id: u64,
    },

    #[error("{address} holds no role in trial {trial_id}")]
    RoleNotFound { trial_id: u64, address: String },

    #[error("no results posted for trial {trial_id}")]
    ResultsNotPosted { trial_id: u64 },

    // --- trial state and ordering ---
    #[error("trial {trial_id} is frozen by a regulator")]
    Frozen { trial_id: u64 },

    #[error("trial {trial_id} is not frozen")]
    NotFrozen { trial_id: u64 },

    #[error("status change {from:?} -> {to:?} is not allowed")]
    InvalidStatusTransition { from: TrialStatus, to: TrialStatus },

    #[error("status {status:?} needs a why_stopped reason")]
    StopReasonRequired { status: TrialStatus },

    #[error("status {status:?} takes no why_stopped reason")]
    StopReasonNotAllowed { status: TrialStatus },

    #[error("reason 'other' needs the hash of a document explaining it")]
    ReasonDocumentRequired {},

    #[error("a trial with enrolled participants cannot be withdrawn (terminate it instead)")]
    WithdrawAfterEnrollment {},

    #[error("the registry id is already recorded")]
    RegistryIdAlreadyRecorded {},

    #[error("{registry_id} is not a registry id (NCT + 8 digits, ISRCTN + 8 digits, an EU CT or EudraCT number)")]
    InvalidRegistryId { registry_id: String },

    #[error("the trial claims registry id {claimed}, not {given}")]
    RegistryIdMismatch { claimed: String, given: String },

    #[error("{address} is not an accredited ethics committee")]
    EthicsCommitteeNotAccredited { address: String },

    #[error("the unblinding log shows the sponsor unblinded since {unblinded_at}: the amendment is not made while blinded")]
    BlindingMisdeclared { unblinded_at: u64 },

    #[error("the ethics committee cannot be the trial's responsible party")]
    EthicsCommitteeIsResponsibleParty {},

    #[error("the actual primary completion date is already recorded")]
    PrimaryCompletionAlreadyRecorded {},

    #[error("{0}")]
    InvalidTime(String),

    #[error("trial {trial_id} is not enrolling (status {status:?})")]
    NotEnrolling { trial_id: u64, status: TrialStatus },

    #[error("the current {kind:?} version {version} is not approved by the ethics committee")]
    DocumentNotApproved { kind: DocumentKind, version: u32 },

    #[error("{kind:?} version {version} is already approved")]
    AlreadyApproved { kind: DocumentKind, version: u32 },

    #[error("only the current {kind:?} version {current} can be approved, not {version}")]
    NotCurrentVersion {
        kind: DocumentKind,
        version: u32,
        current: u32,
    },

    #[error(
        "the ethics committee approves protocols and consent forms, not statistical analysis plans"
    )]
    NotApprovable {},

    #[error("participant has not consented to the current protocol version {protocol_version} and consent form version {consent_form_version}")]
    NoConsentToCurrentVersion {
        protocol_version: u32,
        consent_form_version: u32,
    },

    #[error("participant must re-consent to protocol version {protocol_version} and consent form version {consent_form_version} (or later)")]
    ReconsentRequired {
        protocol_version: u32,
        consent_form_version: u32,
    },

    #[error("participant already consented to the current protocol version {protocol_version} and consent form")]
    AlreadyConsented { protocol_version: u32 },

    #[error("participant is already enrolled")]
    AlreadyEnrolled {},

    #[error("participant is not enrolled")]
    NotEnrolled {},

    #[error("participant has withdrawn")]
    ParticipantWithdrawn {},

    #[error(
        "this trial requires consent to be proven through ehr-registry (give the research grant id)"
    )]
    EhrProofRequired {},

    #[error("no ehr-registry is configured by the contract owner")]
    EhrRegistryNotConfigured {},

    #[error("{registry} is not the configured ehr-registry {configured}")]
    UntrustedEhrRegistry {
        registry: String,
        configured: String,
    },

    #[error("{address} is not a contract")]
    NotAContract { address: String },

    #[error("this trial has no ehr-registry link")]
    NoEhrLink {},

    #[error("ehr-registry refused the site's research access: {reason}")]
    EhrConsentDenied { reason: String },

    #[error("ehr-registry grant {grant_id} does not prove consent: {reason}")]
    EhrGrantNotProof { grant_id: u64, reason: String },

    #[error("ehr-registry grant {grant_id} is no longer in force: {reason}")]
    EhrGrantNotInForce { grant_id: u64, reason: String },

    #[error("one patient, one pseudonym: this patient and this pseudonym do not belong together in this trial")]
    PatientPseudonymMismatch {},

    #[error("trial {trial_id} is not randomized")]
    NotRandomized { trial_id: u64 },

    #[error("randomization is already committed")]
    RandomizationAlreadyCommitted {},

    #[error("randomization must be committed before the first enrollment")]
    RandomizationNotCommitted {},

    #[error("a randomization commitment cannot be made after the first enrollment")]
    EnrollmentAlreadyStarted {},

    #[error("a trial that is not randomized takes no allocation slot")]
    AllocationSlotNotAllowed {},

    #[error("allocation slot {slot} is outside the committed list of {list_size}")]
    AllocationSlotOutOfRange { slot: u64, list_size: u64 },

    #[error("allocation slots are consumed in order: the next is {next}, not {slot}")]
    AllocationSlotNotNext { slot: u64, next: u64 },

    #[error("results need every used allocation slot revealed: {revealed} of {used}")]
    AllocationsNotRevealed { used: u64, revealed: u64 },

    #[error("the allocation is already revealed")]
    AllocationAlreadyRevealed {},

    #[error("allocations are revealed only after the database lock")]
    RevealBeforeLock {},

    #[error("the revealed allocation does not match the commitment: {0}")]
    AllocationMismatch(MerkleError),

    #[error("the proof does not name slot {slot} of a list of {list_size}")]
    AllocationProofMismatch { slot: u64, list_size: u64 },

    #[error("the database is locked: only flagged corrections may be anchored")]
    AnchorAfterLock {},

    #[error("correction of batch {batch_id} must come from its site {site_code}")]
    CorrectionWrongSite { batch_id: u64, site_code: String },

    #[error("a planned whole-trial unblinding needs the database lock")]
    UnblindBeforeLock {},

    #[error("an unblinding of kind {kind} with this scope may not be recorded by this caller")]
    UnblindingNotAllowed { kind: String },

    #[error("the database is already locked")]
    AlreadyLocked {},

    #[error("the database of trial {trial_id} is not locked")]
    NotLocked { trial_id: u64 },

    #[error("the statistical analysis plan must be final before the database lock")]
    SapNotFinal {},

    #[error("the database cannot be locked while the trial is enrolling (status {status:?})")]
    LockWhileEnrolling { status: TrialStatus },

    #[error("the statistical analysis plan is already final")]
    SapAlreadyFinal {},

    #[error("the trial has no statistical analysis plan")]
    NoSap {},

    #[error("results need the database lock")]
    ResultsBeforeLock {},

    #[error("results are already posted")]
    ResultsAlreadyPosted {},

    #[error("amendments are closed once results are posted")]
    AmendAfterResults {},

    #[error("outcomes cannot change after the database lock")]
    OutcomeChangeAfterLock {},

    #[error("only protocol amendments change outcomes")]
    OutcomeChangeNotProtocol {},

    #[error("a statistical analysis plan amendment cannot require re-consent")]
    ReconsentNotApplicable {},

    #[error("outcome {outcome_key} is already superseded and cannot be changed")]
    OutcomeSuperseded { outcome_key: u32 },

    #[error("outcome {outcome_key} is a registered outcome: it is superseded by an amendment, never edited")]
    OutcomeImmutable { outcome_key: u32 },

    #[error("a replacement must keep the code {code}")]
    ReplacementCodeMismatch { code: String },

    #[error("outcome {outcome_key} is changed twice in one amendment")]
    DuplicateOutcomeChange { outcome_key: u32 },

    #[error("a trial holds at most {max} outcome revisions")]
    TooManyOutcomes { max: u32 },

    #[error("at least one primary outcome is required")]
    NoPrimaryOutcome {},

    #[error("the {kind:?} is already final and cannot be amended")]
    DocumentFinal { kind: DocumentKind },

    #[error("results name outcome {outcome_key} twice")]
    DuplicateResult { outcome_key: u32 },

    #[error("novel outcome code {code} is used twice or by a registered outcome")]
    NovelCodeConflict { code: String },

    #[error("the results deadline has passed; a delay certification must come before it")]
    CertificationTooLate {},

    #[error("a delay certification is already recorded")]
    AlreadyCertified {},

    #[error("no delay certification is recorded")]
    NotCertified {},

    #[error("the delay trigger is already recorded")]
    TriggerAlreadyRecorded {},

    #[error("at most {max} extensions may be granted")]
    TooManyExtensions { max: u32 },

    #[error("the extension must move the deadline later, by at most one year")]
    InvalidExtension {},

    #[error("no results deadline is open")]
    NoOpenDeadline {},

    #[error("the safety report is already submitted")]
    SafetyReportAlreadySubmitted {},

    #[error("{0}")]
    InvalidInput(String),

    #[error("{address} already holds a role in trial {trial_id}")]
    RoleAlreadyHeld { trial_id: u64, address: String },

    #[error("the role of {address} in trial {trial_id} was revoked; its record is kept, so a role goes to a new address")]
    RoleRevoked { trial_id: u64, address: String },

    #[error("the sponsor cannot hold another role in its own trial")]
    SponsorRole {},

    #[error("the sponsor cannot grant or revoke the ethics-committee role: only a regulator or the committee itself changes it")]
    EthicsCommitteeReserved {},
}

impl ContractError {
    /// Builds an `Unauthorized` error.
    pub fn unauthorized(role: &str, action: &str) -> Self {
        ContractError::Unauthorized {
            role: role.to_string(),
            action: action.to_string(),
        }
    }

    /// Builds an `InvalidTime` error.
    pub fn time(what: &str, at: Timestamp) -> Self {
        ContractError::InvalidTime(format!("{what} (got {})", at.seconds()))
    }
}
