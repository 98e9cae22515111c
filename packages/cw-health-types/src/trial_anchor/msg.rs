use cosmwasm_schema::QueryResponses;
// Map-only Deserialize (issue 20): responses are always JSON objects.
use cosmwasm_std::{Addr, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use super::types::*;
use crate::content::ContentRef;
use crate::hash::Sha256Hash;
use crate::merkle::MerkleProof;
use crate::ownership::{Ownership, OwnershipAction};
use crate::vocab::FhirResourceType;

/// Most outcome revisions (pre-specified, replacements and additions) one trial may hold; it
/// bounds an amendment, the results and the outcome-switch report.
pub const MAX_OUTCOMES_PER_TRIAL: u32 = 64;
/// Most result entries in one `post_results`.
pub const MAX_RESULT_ENTRIES: usize = 64;
/// Most good-cause extensions of the results deadline a regulator may grant per trial.
pub const MAX_EXTENSIONS: u32 = 2;
/// Registration is due this long after the first enrollment (42 CFR 11.24): 21 days.
pub const REGISTRATION_WINDOW_SECS: u64 = 21 * 86_400;
/// Results are due this long after the primary completion date (42 CFR 11.44(a)): 1 year.
pub const RESULTS_WINDOW_SECS: u64 = 365 * 86_400;
/// A delay certification caps the results deadline at 2 years after certification (11.44(b)).
pub const DELAY_CAP_SECS: u64 = 2 * 365 * 86_400;
/// With a delay certification, results are due 30 days after the approval trigger (11.44(b)).
pub const DELAY_TRIGGER_SECS: u64 = 30 * 86_400;
/// The actual primary completion date is due in the registry within 30 days of the date
/// (42 CFR 11.64(a)(1)(ii)); one recorded later is flagged late.
pub const COMPLETION_UPDATE_WINDOW_SECS: u64 = 30 * 86_400;
/// Expedited safety report for a fatal or life-threatening SUSAR: 7 calendar days (312.32(c)(2)).
pub const SAFETY_REPORT_FATAL_SECS: u64 = 7 * 86_400;
/// Expedited safety report for another SUSAR: 15 calendar days (312.32(c)(1)).
pub const SAFETY_REPORT_OTHER_SECS: u64 = 15 * 86_400;
/// Longest good-cause extension a regulator may grant at once: 1 year.
pub const MAX_EXTENSION_SECS: u64 = 365 * 86_400;

/// Instantiates the contract.
#[cw_serde_strict]
pub struct InstantiateMsg {
    /// The contract owner (appoints the regulators, configures the ehr-registry); defaults to
    /// the sender.
    pub owner: Option<String>,
    /// The trusted ehr-registry contract every trial's consent proof is checked against. Optional
    /// (the owner may set it later with `set_ehr_registry`); until it is set, no trial may link
    /// consent to ehr-registry.
    pub ehr_registry: Option<String>,
}

/// The optional ehr-registry consent proof of a trial, as submitted. The proof is always checked
/// against the ehr-registry the contract owner configured (see `Config`); the sponsor never
/// chooses the registry.
#[cw_serde_strict]
pub struct EhrConsentLinkMsg {
    /// The ehr-registry address the sponsor expects, as a safeguard: when given it must be the
    /// configured one (otherwise the registration is refused). Leave it out to use the configured
    /// registry.
    pub registry: Option<String>,
    /// The resource type the site's HRESCH grant must cover.
    pub resource_type: FhirResourceType,
    /// When true, every consent must be proven through the registry.
    pub required: bool,
}

/// A trial as submitted by its sponsor (the sender).
#[cw_serde_strict]
pub struct RegisterTrialMsg {
    /// Public registry id, if already registered with the registry: `NCT` + 8 digits, an EU CT
    /// number (`2022-500024-30-00`), an EudraCT number (`2004-001234-56`) or `ISRCTN` + 8 digits
    /// (case-insensitive; stored upper-case). It stays an unconfirmed claim, blocking nobody,
    /// until a regulator confirms it with `record_registration`. Otherwise record it later with
    /// `record_registration` (due 21 days after the first enrollment).
    pub registry_id: Option<String>,
    /// The responsible party (42 CFR 11.4(c)); defaults to the sponsor.
    pub responsible_party: Option<String>,
    /// The ethics committee (IRB/IEC) that approves the protocol and consent form: an accredited
    /// committee (see `update_address_set`), neither the sponsor nor the responsible
    /// party. Afterwards only a regulator or the ethics committee itself (handing over) may
    /// change it, with `change_ethics_committee`; the sponsor never can.
    pub ethics_committee: String,
    /// Planned start date (in the future or now).
    pub planned_start: Timestamp,
    /// Anticipated primary completion date (after the planned start).
    pub primary_completion: Timestamp,
    /// Whether participants are randomized (a commitment is then required before enrollment).
    pub randomized: bool,
    /// The protocol, version 1.
    pub protocol: ContentRef,
    /// The consent form, version 1.
    pub consent_form: ContentRef,
    /// The statistical analysis plan, version 1, if ready (else add it by amendment).
    pub statistical_analysis_plan: Option<ContentRef>,
    /// The pre-specified outcomes (at most 64, unique codes, at least one primary).
    pub outcomes: Vec<OutcomeSpec>,
    /// Optional proof of consent through ehr-registry.
    pub ehr_consent: Option<EhrConsentLinkMsg>,
}

/// An outcome change carried by an amendment. The outcome revision named is never edited.
#[cw_serde_strict]
pub enum OutcomeChange {
    /// Adds a new outcome (its code must not be in use by a current outcome).
    Add {
        /// The new outcome.
        spec: OutcomeSpec,
    },
    /// Supersedes a current outcome revision with a new one of the same code.
    Replace {
        /// The current revision replaced.
        outcome_key: u32,
        /// The new revision (same `code`).
        spec: OutcomeSpec,
    },
    /// Drops a current outcome revision (superseded with no replacement).
    Drop {
        /// The current revision dropped.
        outcome_key: u32,
    },
}

/// An amendment as submitted by the sponsor.
#[cw_serde_strict]
pub struct AmendMsg {
    /// The trial.
    pub trial_id: u64,
    /// The document amended (protocol, SAP or consent form).
    pub document_kind: DocumentKind,
    /// The new version of it (becomes current; protocol and consent-form versions need IRB
    /// approval before further enrollment).
    pub content: ContentRef,
    /// Why (coded).
    pub reason: AmendmentReason,
    /// SHA-256 of the off-chain rationale (required when `reason` is `other`).
    pub reason_hash: Option<Sha256Hash>,
    /// Outcome changes (protocol amendments only; at most 32; refused after database lock).
    pub outcome_changes: Vec<OutcomeChange>,
    /// Whether the sponsor declares it was still blinded to allocation. Checked against the
    /// contract's unblinding log: a claim of blindness after the log shows the sponsor unblinded
    /// is refused (`BlindingMisdeclared`); the amendment stores the value derived from the log.
    pub made_while_blinded: bool,
    /// Whether participants must re-consent to the current protocol and consent form before any
    /// further visit (protocol and consent-form amendments only).
    pub requires_reconsent: bool,
}

/// A data batch as submitted by a site.
#[cw_serde_strict]
pub struct AnchorBatchMsg {
    /// The trial.
    pub trial_id: u64,
    /// RFC 6962 Merkle root over the batch; each leaf is the 32-byte SHA-256 of one canonical
    /// case-report record.
    pub merkle_root: Sha256Hash,
    /// Number of leaves (at least 1).
    pub leaf_count: u64,
    /// Start of the data-collection period.
    pub period_start: Timestamp,
    /// End of the period (after the start, not in the future).
    pub period_end: Timestamp,
    /// SHA-256 of the record schema.
    pub schema_hash: Sha256Hash,
    /// Set when this batch corrects an earlier one of the same site (required after lock).
    pub correction: Option<Correction>,
}

/// An adverse event as reported by a site.
#[cw_serde_strict]
pub struct AdverseEventMsg {
    /// The trial.
    pub trial_id: u64,
    /// The participant's pseudonym (must be enrolled at the reporting site).
    pub participant: Sha256Hash,
    /// Event term code (e.g. MedDRA PT code; token, at most 32 bytes).
    pub event_code: String,
    /// Seriousness.
    pub seriousness: Seriousness,
    /// Whether expected.
    pub expected: bool,
    /// Causality.
    pub causality: Causality,
    /// Onset (not in the future, not before the participant's first consent).
    pub onset: Timestamp,
    /// When the site became aware (not before onset, not in the future).
    pub aware_at: Timestamp,
}

/// Executes a change.
#[cw_serde_strict]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
    /// Sets the trusted ehr-registry contract that every trial's consent proof is checked
    /// against (from then on, also for trials already linked). Only the contract owner may call
    /// it.
    SetEhrRegistry {
        /// The ehr-registry contract address (must be a contract).
        address: String,
    },
    /// Adds and removes addresses of an owner-kept set. `regulators` (who may freeze trials,
    /// grant deadline extensions, confirm registry ids and change a trial's ethics committee):
    /// only the contract owner may change it. `ethics_committees` (accredited IRB/IEC; only an
    /// accredited committee may be named for a trial or approve its documents): the owner or a
    /// regulator may change it.
    UpdateAddressSet {
        /// Which set.
        set: AddressSet,
        /// Addresses added (at most 32).
        add: Vec<String>,
        /// Addresses removed (at most 32, none also in `add`).
        remove: Vec<String>,
    },
    /// Registers a trial; the sender becomes its sponsor. Anyone may call it.
    RegisterTrial(Box<RegisterTrialMsg>),
    /// From the sponsor or the responsible party: claims the public registry id (formats as in
    /// `RegisterTrialMsg::registry_id`), which stops the registration clock; an unconfirmed
    /// claim may be corrected and blocks no other trial. From a regulator (the registry
    /// verifier): confirms the trial's claimed id, which must equal it and be confirmed for no
    /// other trial; only confirmed ids are unique and found by `trial_by_registry_id`.
    RecordRegistration {
        /// The trial.
        trial_id: u64,
        /// The registry id.
        registry_id: String,
    },
    /// Changes the recruitment status following ClinicalTrials.gov's lifecycle. Only the sponsor
    /// may call it.
    UpdateStatus {
        /// The trial.
        trial_id: u64,
        /// The new status.
        status: TrialStatus,
        /// Required for suspended, terminated and withdrawn; refused otherwise.
        why_stopped: Option<StopReason>,
        /// SHA-256 of an off-chain explanation (required when `why_stopped` is `other`).
        document_hash: Option<Sha256Hash>,
    },
    /// Records the actual primary completion date once (moves the results deadline to one year
    /// after it). Only the sponsor or the responsible party may call it.
    RecordPrimaryCompletion {
        /// The trial.
        trial_id: u64,
        /// The actual primary completion date (after the start, not in the future).
        date: Timestamp,
    },
    /// Gives an address a role in a trial. Only the sponsor may call it, and never for the
    /// ethics-committee role (see `change_ethics_committee`).
    GrantRole {
        /// The trial.
        trial_id: u64,
        /// The address: one that never held a role in this trial (a revoked grant is kept as
        /// history, never overwritten, so a returning holder uses a new address).
        address: String,
        /// The role.
        role: TrialRole,
        /// Why (coded), kept with the grant.
        reason: Option<RoleChangeReason>,
    },
    /// Revokes an address's role in a trial. Only the sponsor may call it, and never for the
    /// ethics committee (see `change_ethics_committee`).
    RevokeRole {
        /// The trial.
        trial_id: u64,
        /// The address.
        address: String,
        /// Why (coded), kept with the grant.
        reason: Option<RoleChangeReason>,
    },
    /// Replaces a trial's ethics committee: the current committee's role is revoked and the new
    /// one granted. Only a regulator, or the current ethics committee handing over to its
    /// successor, may call it (also while the trial is frozen); never the sponsor. The new
    /// committee must not be the sponsor nor have held any role in the trial. Approvals
    /// already given stay valid.
    ChangeEthicsCommittee {
        /// The trial.
        trial_id: u64,
        /// The new ethics committee (IRB/IEC).
        ethics_committee: String,
        /// SHA-256 of the decision or handover letter.
        decision_hash: Sha256Hash,
    },
    /// Amends the protocol, SAP or consent form: a new version, superseding outcomes. Only the
    /// sponsor may call it.
    AmendProtocol(Box<AmendMsg>),
    /// Approves the current version of the protocol or consent form. Only the trial's ethics
    /// committee may call it.
    ApproveDocument {
        /// The trial.
        trial_id: u64,
        /// Protocol or consent form.
        document_kind: DocumentKind,
        /// The version approved (must be the current one).
        version: u32,
        /// SHA-256 of the approval letter.
        approval_hash: Sha256Hash,
    },
    /// Commits the randomization list once, before the first enrollment. Only the sponsor may
    /// call it, for a randomized trial.
    CommitRandomization {
        /// The trial.
        trial_id: u64,
        /// RFC 6962 root over the allocation leaves (see `helpers::allocation_leaf`).
        root: Sha256Hash,
        /// Number of allocation slots (at least 1).
        list_size: u64,
    },
    /// Records a participant's consent to the current protocol and consent-form versions (both
    /// approved by the IRB). Only a site investigator may call it; the site then holds the
    /// participant. With an ehr-registry link, the consent is proven by a grant in the
    /// contract's configured ehr-registry: in force, issued by the patient themself, to the
    /// sender (the site investigator) or the trial's sponsor, permitting research (HRESCH)
    /// reads of the link's resource type, and deciding that access in the registry. The patient
    /// may hold no role in the trial (a site cannot be its own patient), and one patient is one
    /// pseudonym per trial. Enrollment and every visit check the grant again.
    RecordConsent {
        /// The trial.
        trial_id: u64,
        /// The participant's pseudonym.
        participant: Sha256Hash,
        /// SHA-256 of the signed consent form, if any.
        signed_form_hash: Option<Sha256Hash>,
        /// The id of the patient's research grant in the configured ehr-registry that proves
        /// the consent (see `EhrConsentLink` for the privacy trade-off). Stored with the consent.
        ehr_grant_id: Option<u64>,
    },
    /// Enrolls a consented participant. Only a site investigator of the participant's site may
    /// call it, while the trial is recruiting with an approved protocol and consent form.
    Enroll {
        /// The trial.
        trial_id: u64,
        /// The participant's pseudonym.
        participant: Sha256Hash,
        /// Randomized trials take the next unused slot of the committed list, in order; when
        /// given, this must be that slot (the site confirms the envelope it opens). Not allowed
        /// for a trial that is not randomized.
        allocation_slot: Option<u64>,
    },
    /// Records a study visit of an enrolled participant; refused until the participant has
    /// re-consented after an amendment requiring it. Only a site investigator of the
    /// participant's site may call it.
    RecordVisit {
        /// The trial.
        trial_id: u64,
        /// The participant's pseudonym.
        participant: Sha256Hash,
        /// Visit code from the protocol's schedule (token, at most 32 bytes), e.g. `W12`.
        visit_code: String,
    },
    /// Withdraws a participant (once). A site investigator of the participant's site or the
    /// sponsor may call it, even while the trial is frozen.
    Withdraw {
        /// The trial.
        trial_id: u64,
        /// The participant's pseudonym.
        participant: Sha256Hash,
        /// Why (coded).
        reason: WithdrawalReason,
    },
    /// Reveals an enrolled participant's arm after the database lock and proves it against the
    /// randomization commitment. The sponsor or the DMC may call it.
    RevealAllocation {
        /// The trial.
        trial_id: u64,
        /// The participant's pseudonym.
        participant: Sha256Hash,
        /// The arm code (token, at most 32 bytes).
        arm: String,
        /// The slot's salt (32 random bytes as hex).
        salt: Sha256Hash,
        /// Inclusion proof of the slot's leaf under the committed root.
        proof: MerkleProof,
    },
    /// Anchors a batch of case-report data (or a correction). Only a site investigator may call it;
    /// after the database lock only corrections are accepted.
    AnchorBatch(Box<AnchorBatchMsg>),
    /// Logs an unblinding. A site investigator (emergency or inadvertent, own participants), the
    /// DMC or the sponsor may call it; a planned whole-trial unblinding needs the database lock.
    RecordUnblinding {
        /// The trial.
        trial_id: u64,
        /// Planned, emergency or inadvertent.
        kind: UnblindingKind,
        /// What was unblinded.
        scope: UnblindingScope,
        /// Why (coded).
        reason: UnblindingReason,
        /// SHA-256 of the off-chain assessment, if any.
        document_hash: Option<Sha256Hash>,
    },
    /// Reports an adverse event of an enrolled participant. Only a site investigator of the
    /// participant's site may call it (also while frozen). Starts the expedited-report clock of a
    /// serious, unexpected, suspected event.
    ReportAdverseEvent(Box<AdverseEventMsg>),
    /// Records the sponsor's expedited safety report of an adverse event (once). Only the sponsor
    /// may call it (also while frozen).
    SubmitSafetyReport {
        /// The trial.
        trial_id: u64,
        /// The adverse event.
        adverse_event_id: u64,
        /// SHA-256 of the report as submitted.
        report_hash: Sha256Hash,
    },
    /// Marks the current statistical analysis plan final (once, before the lock). Only the sponsor.
    FinalizeSap(TrialRef),
    /// Locks the database with the final root (once, after the SAP is final, once enrollment has
    /// closed; enrollment never reopens). Only the sponsor.
    LockDatabase {
        /// The trial.
        trial_id: u64,
        /// RFC 6962 root over the locked data set.
        final_root: Sha256Hash,
        /// Number of leaves (at least 1).
        leaf_count: u64,
    },
    /// Posts results (once, after the database lock). Only the sponsor or the responsible party.
    PostResults {
        /// The trial.
        trial_id: u64,
        /// The results document.
        document: ContentRef,
        /// The reported outcomes (at most 64; each registered outcome once; novel codes unique
        /// and not used by a registered outcome).
        entries: Vec<ResultEntry>,
    },
    /// Records a results-delay certification (once, before the results deadline). Only the
    /// responsible party may call it.
    CertifyDelay {
        /// The trial.
        trial_id: u64,
        /// Which certification.
        kind: DelayCertificationKind,
        /// SHA-256 of the certification as submitted.
        document_hash: Sha256Hash,
    },
    /// Records the approval that ends a delay certification (once): results are then due 30 days
    /// later, within the cap. Only the responsible party.
    RecordDelayTrigger {
        /// The trial.
        trial_id: u64,
        /// The approval date (not in the future, not before the certification).
        trigger_at: Timestamp,
    },
    /// Grants a good-cause extension of the results deadline (at most `MAX_EXTENSIONS`, each at
    /// most one year). Only a regulator may call it.
    GrantExtension {
        /// The trial.
        trial_id: u64,
        /// The new deadline (later than the current one).
        new_due: Timestamp,
        /// SHA-256 of the extension decision.
        decision_hash: Sha256Hash,
    },
    /// Records a DMC interim review (DMC only) or an audit finding (auditor or regulator).
    RecordOversight {
        /// The trial.
        trial_id: u64,
        /// What it is.
        kind: OversightKind,
        /// SHA-256 of the report.
        report_hash: Sha256Hash,
        /// DMC reviews only: the committee members who saw unblinded data (each an active DMC
        /// role holder of the trial; at most 16).
        unblinded_members: Option<Vec<String>>,
    },
    /// Freezes a trial: it then refuses every change except withdrawals, safety reporting,
    /// oversight records and a change of ethics committee.
    /// Only a regulator may call it.
    Freeze {
        /// The trial.
        trial_id: u64,
        /// Why (coded).
        reason: FreezeReason,
        /// SHA-256 of the order, if any.
        order_hash: Option<Sha256Hash>,
    },
    /// Lifts a freeze. Only a regulator may call it.
    Unfreeze {
        /// The trial.
        trial_id: u64,
        /// SHA-256 of the decision lifting it.
        decision_hash: Sha256Hash,
    },
}

/// Where an inclusion proof is checked.
/// An owner-kept address set.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum AddressSet {
    /// Regulators (kept by the owner).
    Regulators,
    /// Accredited ethics committees (kept by the owner or a regulator).
    EthicsCommittees,
}

/// Names one trial (the parameter of the queries and messages that take only a trial).
#[cw_serde_strict]
pub struct TrialRef {
    /// The trial.
    pub trial_id: u64,
}

/// One page of a trial's records kept in order (outcome revisions, amendments, batches, status
/// changes, unblindings, adverse events, oversight records, outcome-report entries).
#[cw_serde_strict]
pub struct TrialPage {
    /// The trial.
    pub trial_id: u64,
    /// Exclusive start: the last key, id or position of the previous page.
    pub start_after: Option<u64>,
    /// Page size (default 10, at most 30).
    pub limit: Option<u32>,
}

#[cw_serde_strict]
pub enum InclusionTarget {
    /// An anchored batch's root.
    Batch {
        /// The batch id.
        batch_id: u64,
    },
    /// The database lock's final root.
    DatabaseLock {},
}

/// The cursor of the overdue list: the last item's `(due, trial_id, slot)`.
#[cw_serde_strict]
pub struct OverdueCursor {
    /// The item's due time.
    pub due: Timestamp,
    /// The item's trial.
    pub trial_id: u64,
    /// The item's slot: 0 registration, 1 results, `1 + n` safety report of adverse event `n`.
    pub slot: u64,
}

/// Queries.
#[cw_serde_strict]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(TrialConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// One page of an owner-kept address set (regulators or accredited ethics committees), by
    /// address.
    #[returns(AddressSetResponse)]
    AddressSet {
        /// Which set.
        set: AddressSet,
        /// Exclusive start address.
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One trial.
    #[returns(Trial)]
    Trial(TrialRef),
    /// The trial whose registry id a regulator confirmed, if any (the id is normalized first).
    #[returns(Option<Trial>)]
    TrialByRegistryId {
        /// The registry id.
        registry_id: String,
    },
    /// Trials by id.
    #[returns(TrialsResponse)]
    Trials {
        /// Exclusive start id.
        start_after: Option<u64>,
        /// Page size.
        limit: Option<u32>,
    },
    /// Versions of one document of a trial.
    #[returns(DocumentsResponse)]
    Documents {
        /// The trial.
        trial_id: u64,
        /// Which document.
        document_kind: DocumentKind,
        /// Exclusive start version.
        start_after: Option<u32>,
        /// Page size.
        limit: Option<u32>,
    },
    /// Outcome revisions of a trial, with their supersession.
    #[returns(OutcomesResponse)]
    Outcomes(TrialPage),
    /// Amendments of a trial.
    #[returns(AmendmentsResponse)]
    Amendments(TrialPage),
    /// Role holders of a trial.
    #[returns(RolesResponse)]
    Roles {
        /// The trial.
        trial_id: u64,
        /// Exclusive start address.
        start_after: Option<String>,
        /// Page size.
        limit: Option<u32>,
    },
    /// One participant, with derived flags; `null` if the pseudonym is not enrolled in the
    /// trial (an error if the trial does not exist).
    #[returns(Option<ParticipantResponse>)]
    Participant {
        /// The trial.
        trial_id: u64,
        /// The pseudonym.
        participant: Sha256Hash,
    },
    /// Consents of one participant, in order.
    #[returns(ConsentsResponse)]
    Consents {
        /// The trial.
        trial_id: u64,
        /// The pseudonym.
        participant: Sha256Hash,
        /// Exclusive start sequence number.
        start_after: Option<u32>,
        /// Page size.
        limit: Option<u32>,
    },
    /// One batch.
    #[returns(Batch)]
    Batch {
        /// The trial.
        trial_id: u64,
        /// The batch.
        batch_id: u64,
    },
    /// Batches of a trial.
    #[returns(BatchesResponse)]
    Batches(TrialPage),
    /// Proves that a record is in an anchored batch or the locked data set (RFC 6962).
    #[returns(VerifyInclusionResponse)]
    VerifyInclusion {
        /// The trial.
        trial_id: u64,
        /// A batch or the lock.
        target: InclusionTarget,
        /// The leaf: SHA-256 of the canonical record (the record itself never leaves the site).
        record_hash: Sha256Hash,
        /// The audit path.
        proof: MerkleProof,
    },
    /// Status and freeze changes of a trial, oldest first.
    #[returns(StatusHistoryResponse)]
    StatusHistory(TrialPage),
    /// Unblinding log of a trial.
    #[returns(UnblindingsResponse)]
    Unblindings(TrialPage),
    /// Adverse events of a trial.
    #[returns(AdverseEventsResponse)]
    AdverseEvents(TrialPage),
    /// Oversight records (DMC reviews, audit findings) of a trial.
    #[returns(OversightResponse)]
    Oversight(TrialPage),
    /// The posted results, if any.
    #[returns(Option<Results>)]
    Results(TrialRef),
    /// The outcome-switch report (COMPare): each pre-specified outcome reported or missing, each
    /// other reported outcome declared or undeclared. Needs posted results.
    #[returns(OutcomeReportResponse)]
    OutcomeReport(TrialPage),
    /// Deadlines passed at the current block time and not met, in due order, across trials.
    #[returns(OverdueDeadlinesResponse)]
    Overdue {
        /// Exclusive start cursor (the last item of the previous page).
        start_after: Option<OverdueCursor>,
        /// Page size.
        limit: Option<u32>,
    },
}

/// Migrates the contract to a newer version of itself.
#[cw_serde_strict]
pub struct MigrateMsg {}

/// The contract's configuration.
#[cw_serde]
pub struct TrialConfigResponse {
    /// The contract owner.
    pub owner: Addr,
    /// The trusted ehr-registry every trial's consent proof is checked against, once set.
    pub ehr_registry: Option<Addr>,
    /// Number of trials registered.
    pub trial_count: u64,
}

/// A page of an owner-kept address set.
#[cw_serde]
pub struct AddressSetResponse {
    /// The addresses, ascending.
    pub addresses: Vec<Addr>,
}

/// A page of trials.
#[cw_serde]
pub struct TrialsResponse {
    /// The trials.
    pub trials: Vec<Trial>,
}

/// A page of document versions.
#[cw_serde]
pub struct DocumentsResponse {
    /// The versions.
    pub documents: Vec<TrialDocument>,
}

/// An outcome revision and whether it was superseded.
#[cw_serde]
pub struct OutcomeInfo {
    /// The revision.
    pub outcome: Outcome,
    /// Its supersession, if superseded.
    pub superseded: Option<Supersession>,
    /// True when registered before the trial's start (pre-specified, COMPare).
    pub pre_specified: bool,
}

/// A page of outcome revisions.
#[cw_serde]
pub struct OutcomesResponse {
    /// The revisions.
    pub outcomes: Vec<OutcomeInfo>,
}

/// A page of amendments.
#[cw_serde]
pub struct AmendmentsResponse {
    /// The amendments.
    pub amendments: Vec<AmendmentInfo>,
}

/// An amendment with the ethics-committee approval of the version it introduced.
#[cw_serde]
pub struct AmendmentInfo {
    /// The amendment.
    pub amendment: Amendment,
    /// The IRB approval of the new version, once given (never for a statistical analysis plan).
    pub irb_approval: Option<Approval>,
}

/// A role holder.
#[cw_serde]
pub struct RoleInfo {
    /// The address.
    pub address: Addr,
    /// The grant.
    pub grant: RoleGrant,
}

/// A page of role holders.
#[cw_serde]
pub struct RolesResponse {
    /// Role holders.
    pub roles: Vec<RoleInfo>,
}

/// A participant with derived flags.
#[cw_serde]
pub struct ParticipantResponse {
    /// The stored record.
    pub participant: Participant,
    /// True when an amendment requires re-consent the participant has not given.
    pub reconsent_required: bool,
    /// True when the participant consented to the current protocol and consent-form versions.
    pub consented_to_current: bool,
}

/// A page of consents.
#[cw_serde]
pub struct ConsentsResponse {
    /// Consents, in order.
    pub consents: Vec<Consent>,
}

/// A page of batches.
#[cw_serde]
pub struct BatchesResponse {
    /// Batches.
    pub batches: Vec<Batch>,
}

/// The answer to `verify_inclusion`.
#[cw_serde]
pub struct VerifyInclusionResponse {
    /// True when the proof leads to the root.
    pub included: bool,
    /// The root checked against.
    pub root: Sha256Hash,
    /// Why the proof failed (a `MerkleError` message), if it did.
    pub error: Option<String>,
}

/// A page of unblindings.
#[cw_serde]
pub struct UnblindingsResponse {
    /// Unblindings.
    pub unblindings: Vec<Unblinding>,
}

/// A page of status and freeze changes.
#[cw_serde]
pub struct StatusHistoryResponse {
    /// The changes.
    pub changes: Vec<StatusChange>,
}

/// A page of adverse events.
#[cw_serde]
pub struct AdverseEventsResponse {
    /// Adverse events.
    pub adverse_events: Vec<AdverseEvent>,
}

/// A page of oversight records.
#[cw_serde]
pub struct OversightResponse {
    /// Records.
    pub records: Vec<OversightRecord>,
}

/// The COMPare category of one outcome.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum OutcomeCategory {
    /// A pre-specified outcome, reported.
    PreSpecifiedReported,
    /// A pre-specified outcome, not reported.
    PreSpecifiedMissing,
    /// A reported outcome that was not pre-specified, with a declared reason (an amendment's or
    /// the results entry's).
    NewDeclared,
    /// A reported outcome that was not pre-specified and has no declared reason.
    NewUndeclared,
}

/// One line of the outcome-switch report.
#[cw_serde]
pub struct OutcomeReportEntry {
    /// Position in the report (0-based): pre-specified outcomes first (by key), then the other
    /// reported outcomes (in results order).
    pub position: u32,
    /// The category.
    pub category: OutcomeCategory,
    /// The outcome code.
    pub code: String,
    /// Primary, secondary or other.
    pub kind: OutcomeKind,
    /// The registered revision, if the outcome is registered.
    pub outcome_key: Option<u32>,
    /// The amendment that added or superseded it, if any (the declaration of a change).
    pub amendment_id: Option<u32>,
    /// Whether that amendment was made while the sponsor was blinded (derived from the
    /// unblinding log).
    pub amendment_made_while_blinded: Option<bool>,
    /// The ethics committee's approval of the document version that amendment created, if
    /// given.
    pub amendment_approval: Option<Approval>,
    /// The reason given in the results entry, if any.
    pub change_reason: Option<OutcomeChangeReason>,
    /// The result's hash, when reported.
    pub result_hash: Option<Sha256Hash>,
}

/// Counts per category (over the whole report).
#[cw_serde]
#[derive(Default)]
pub struct OutcomeReportCounts {
    /// Pre-specified and reported.
    pub pre_specified_reported: u32,
    /// Pre-specified and missing.
    pub pre_specified_missing: u32,
    /// New, declared.
    pub new_declared: u32,
    /// New, undeclared.
    pub new_undeclared: u32,
}

/// The outcome-switch report.
#[cw_serde]
pub struct OutcomeReportResponse {
    /// The trial.
    pub trial_id: u64,
    /// The cut-off: outcomes registered before it are pre-specified (the trial's actual start).
    pub pre_specified_before: Timestamp,
    /// Counts over the whole report.
    pub counts: OutcomeReportCounts,
    /// Number of entries in the whole report.
    pub total: u32,
    /// This page.
    pub entries: Vec<OutcomeReportEntry>,
}

/// What a deadline is for.
#[cw_serde]
pub enum DeadlineKind {
    /// Registry registration (first enrollment + 21 days).
    Registration {},
    /// Results (primary completion + 1 year, or as certified/extended).
    Results {},
    /// An expedited safety report of an adverse event (7 or 15 days).
    SafetyReport {
        /// The adverse event.
        adverse_event_id: u64,
    },
}

/// One late item.
#[cw_serde]
pub struct OverdueDeadline {
    /// The trial.
    pub trial_id: u64,
    /// What is late.
    pub kind: DeadlineKind,
    /// When it was due (to the second).
    pub due: Timestamp,
    /// Seconds late at the query's block time.
    pub seconds_late: u64,
    /// The cursor of this item (pass it as `start_after` for the next page).
    pub cursor: OverdueCursor,
}

/// A page of late items.
#[cw_serde]
pub struct OverdueDeadlinesResponse {
    /// Late items, earliest due first.
    pub items: Vec<OverdueDeadline>,
}
