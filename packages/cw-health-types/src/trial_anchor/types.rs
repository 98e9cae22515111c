//! Domain types of trial-anchor: the trial record and everything anchored under it.
//!
//! **No identities, no health data, no free text.** A participant is a pseudonym (a SHA-256 hash
//! the sites derive off chain, e.g. `sha256(trial_salt || subject_id)`); every "reason" is an enum
//! code, optionally with the hash of an off-chain document that explains it; an outcome's measure
//! is the hash of its registered text and its time frame a bounded ISO 8601 duration code.

// Map-only Deserialize (issue 20): stored records and responses are always JSON objects.
use cosmwasm_std::{Addr, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use crate::content::ContentRef;
use crate::hash::Sha256Hash;
use crate::vocab::FhirResourceType;

/// ClinicalTrials.gov overall recruitment status.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum TrialStatus {
    /// Not yet recruiting: registered, no participant enrolled yet.
    NotYetRecruiting,
    /// Recruiting participants.
    Recruiting,
    /// Enrolling by invitation only.
    EnrollingByInvitation,
    /// Active, not recruiting: participants are followed, no new enrollment.
    ActiveNotRecruiting,
    /// Suspended (temporarily halted; may resume). Needs a `why_stopped` reason.
    Suspended,
    /// Terminated (stopped early; final). Needs a `why_stopped` reason.
    Terminated,
    /// Completed (final).
    Completed,
    /// Withdrawn before the first participant was enrolled (final). Needs a `why_stopped` reason.
    Withdrawn,
}

impl TrialStatus {
    /// True for the statuses that need a `why_stopped` reason.
    pub fn is_stopped(&self) -> bool {
        matches!(
            self,
            TrialStatus::Suspended | TrialStatus::Terminated | TrialStatus::Withdrawn
        )
    }

    /// True for the final statuses (no status change follows).
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            TrialStatus::Terminated | TrialStatus::Completed | TrialStatus::Withdrawn
        )
    }

    /// True when new participants may be enrolled.
    pub fn is_enrolling(&self) -> bool {
        matches!(
            self,
            TrialStatus::Recruiting | TrialStatus::EnrollingByInvitation
        )
    }
}

/// Why a trial was suspended, terminated or withdrawn (ClinicalTrials.gov "why stopped", coded).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum StopReason {
    /// Safety concerns (including a DMC recommendation on safety grounds).
    Safety,
    /// Lack of efficacy or futility at an interim analysis.
    Futility,
    /// Overwhelming efficacy at an interim analysis.
    Efficacy,
    /// Enrollment too slow or too low.
    LowAccrual,
    /// Funding withdrawn or exhausted.
    Funding,
    /// A business or portfolio decision of the sponsor.
    BusinessDecision,
    /// Required by a regulator or an ethics committee.
    RegulatoryAction,
    /// Investigational product unavailable.
    ProductUnavailable,
    /// Principal investigator or site staff left.
    StaffUnavailable,
    /// Another reason, explained in the document whose hash accompanies the status change.
    Other,
}

/// A document of the trial, each versioned independently.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum DocumentKind {
    /// The protocol; its version is the one participants consent to.
    Protocol,
    /// The statistical analysis plan.
    StatisticalAnalysisPlan,
    /// The informed consent form.
    ConsentForm,
}

impl DocumentKind {
    /// Storage code of the kind.
    pub fn code(&self) -> u8 {
        match self {
            DocumentKind::Protocol => 1,
            DocumentKind::StatisticalAnalysisPlan => 2,
            DocumentKind::ConsentForm => 3,
        }
    }

    /// The event attribute value.
    pub fn as_str(&self) -> &'static str {
        match self {
            DocumentKind::Protocol => "protocol",
            DocumentKind::StatisticalAnalysisPlan => "statistical_analysis_plan",
            DocumentKind::ConsentForm => "consent_form",
        }
    }
}

/// One version of a trial document. Never edited: a new version supersedes it.
#[cw_serde]
pub struct TrialDocument {
    /// The kind of document.
    pub kind: DocumentKind,
    /// Version number, from 1, increasing by one per amendment of this kind.
    pub version: u32,
    /// Pointer to the document and the SHA-256 of its exact bytes (the declared canonicalization:
    /// raw bytes, no normalization).
    pub content: ContentRef,
    /// Block time at which it was anchored.
    pub registered_at: Timestamp,
    /// The amendment that introduced this version (`None` for the version registered with the
    /// trial).
    pub amendment_id: Option<u32>,
    /// The ethics-committee (IRB) approval of this version, once given (protocol and consent form).
    pub irb_approval: Option<Approval>,
}

/// An ethics-committee (IRB) approval of a document version.
#[cw_serde]
pub struct Approval {
    /// The IRB address that approved it.
    pub by: Addr,
    /// Block time of the approval.
    pub at: Timestamp,
    /// SHA-256 of the off-chain approval letter.
    pub approval_hash: Sha256Hash,
}

/// Whether an outcome is primary, secondary or another pre-specified outcome.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum OutcomeKind {
    /// A primary outcome measure.
    Primary,
    /// A secondary outcome measure.
    Secondary,
    /// Another pre-specified outcome measure.
    Other,
}

/// An outcome as submitted (registration, amendment, or a novel outcome in the results).
#[cw_serde_strict]
pub struct OutcomeSpec {
    /// Short label of the outcome within the trial, e.g. `P1` or `S3` (token, at most 32 bytes).
    pub code: String,
    /// Primary, secondary or other.
    pub kind: OutcomeKind,
    /// SHA-256 of the exact registered outcome text (title and description of the measure, UTF-8,
    /// as entered in the registry). The text stays off chain; the hash proves it.
    pub measure_hash: Sha256Hash,
    /// Time frame as an ISO 8601 duration code from randomization, e.g. `P12W` (12 weeks) or
    /// `P1Y` (at most 32 bytes, starting with `P`). Several time points are several outcomes.
    pub time_frame: String,
}

/// A registered outcome revision. Never edited: an amendment supersedes it with a new revision.
#[cw_serde]
pub struct Outcome {
    /// Key of this outcome revision within the trial (1, 2, ...).
    pub key: u32,
    /// The outcome as registered.
    pub spec: OutcomeSpec,
    /// The protocol version that introduced it.
    pub protocol_version: u32,
    /// Block time of its registration.
    pub registered_at: Timestamp,
    /// The amendment that introduced it (`None` when registered with the trial).
    pub amendment_id: Option<u32>,
    /// The earlier revision it replaces, if any.
    pub replaces: Option<u32>,
    /// True when registered before the trial's first enrollment (with the trial, or by an
    /// amendment made before the start).
    pub registered_before_start: bool,
}

/// The record that an outcome revision was superseded (kept apart from the outcome, which is
/// never edited).
#[cw_serde]
pub struct Supersession {
    /// The amendment that superseded it.
    pub amendment_id: u32,
    /// Block time of the amendment.
    pub at: Timestamp,
    /// The new revision that replaces it, or `None` when the outcome was dropped.
    pub replaced_by: Option<u32>,
    /// True when the amendment was made after the trial's first enrollment.
    pub after_start: bool,
}

/// Why a protocol, plan or consent form was amended (coded).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum AmendmentReason {
    /// New safety information.
    Safety,
    /// Required or requested by a regulator.
    RegulatoryRequest,
    /// Required or requested by the ethics committee.
    EthicsCommitteeRequest,
    /// Recommended by the data monitoring committee.
    DmcRecommendation,
    /// Feasibility of recruitment or procedures.
    Feasibility,
    /// New external scientific evidence.
    NewEvidence,
    /// Clarification or correction of an error, no change of substance.
    Clarification,
    /// Change of the statistical methods.
    StatisticalMethods,
    /// Another reason, explained in the document whose hash accompanies the amendment.
    Other,
}

/// An amendment: a new document version, with its reason and the outcomes it changes.
#[cw_serde]
pub struct Amendment {
    /// Amendment id within the trial (1, 2, ...).
    pub id: u32,
    /// The document amended.
    pub document_kind: DocumentKind,
    /// The new version of that document.
    pub new_version: u32,
    /// Why (coded).
    pub reason: AmendmentReason,
    /// SHA-256 of the off-chain rationale, if any (required when `reason` is `other`).
    pub reason_hash: Option<Sha256Hash>,
    /// Whether the amendment was made while the sponsor was still blinded to allocation:
    /// derived from the unblinding log (no whole-trial unblinding and none recorded by the
    /// sponsor before it), never only self-declared.
    pub made_while_blinded: bool,
    /// Whether participants must re-consent (to the current protocol and consent form) before
    /// any further visit.
    pub requires_reconsent: bool,
    /// Outcome revisions added by the amendment (new outcomes or replacements).
    pub outcomes_added: Vec<u32>,
    /// Outcome revisions superseded by the amendment.
    pub outcomes_superseded: Vec<u32>,
    /// Whether the amendment was made after the trial started (first enrollment).
    pub after_start: bool,
    /// Who amended.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
}

/// A role someone holds in one trial, given by the trial's sponsor (the ethics committee is
/// named at registration and changed only by a regulator or by itself, never by the sponsor).
#[cw_serde_strict]
pub enum TrialRole {
    /// A site investigator (or site data manager) acting for the site `site_code`: records
    /// consent, enrolls, anchors data batches, reports adverse events.
    SiteInvestigator {
        /// The site's short code (token, at most 64 bytes), e.g. `SITE-017`.
        site_code: String,
    },
    /// The ethics committee (IRB/IEC): approves protocol and consent-form versions. Never granted
    /// or revoked by the sponsor; see `change_ethics_committee`.
    EthicsCommittee {},
    /// The data monitoring committee: records interim reviews and unblindings.
    DataMonitoringCommittee {},
    /// An auditor: records audit findings.
    Auditor {},
    /// A contract research organisation to which the sponsor transferred monitoring duties
    /// (ICH E6 5.2): records monitoring findings.
    ContractResearchOrganization {},
}

impl TrialRole {
    /// The event attribute value.
    pub fn as_str(&self) -> &'static str {
        match self {
            TrialRole::SiteInvestigator { .. } => "site_investigator",
            TrialRole::EthicsCommittee {} => "ethics_committee",
            TrialRole::DataMonitoringCommittee {} => "data_monitoring_committee",
            TrialRole::Auditor {} => "auditor",
            TrialRole::ContractResearchOrganization {} => "contract_research_organization",
        }
    }
}

/// A role grant. Revocation marks it revoked; the event log keeps the whole history.
#[cw_serde]
pub struct RoleGrant {
    /// The role.
    pub role: TrialRole,
    /// Who granted it: the sponsor, except for the ethics committee (the sponsor naming it at
    /// registration, then the regulator or predecessor committee that changed it).
    pub granted_by: Addr,
    /// Block time of the grant.
    pub granted_at: Timestamp,
    /// Block time of the revocation, if revoked.
    pub revoked_at: Option<Timestamp>,
    /// Why it was granted, if given.
    pub grant_reason: Option<RoleChangeReason>,
    /// Why it was revoked, if given.
    pub revoke_reason: Option<RoleChangeReason>,
}

/// Why a role was granted or revoked (coded; details stay off chain).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum RoleChangeReason {
    /// A new appointment (site activation, committee constituted, auditor engaged).
    Appointment,
    /// Trial-related duties transferred by the sponsor (ICH E6 5.2, e.g. to a CRO).
    DelegationOfDuties,
    /// Replacing another holder.
    Replacement,
    /// The duties ended (site closed, engagement over).
    EndOfDuties,
    /// Serious or persistent noncompliance (ICH E6 5.20).
    Noncompliance,
    /// Another reason.
    Other,
}

/// How a trial optionally proves consent through ehr-registry.
///
/// Proof: the site names the id of the patient's research grant in `record_consent`; the grant
/// must be in force, issued by the patient themself (not a delegate) to the site investigator
/// or the sponsor, permit research (HRESCH) reads of `resource_type`, and be the grant on which
/// ehr-registry's `check_access` allows that read (not the actor being the patient, a delegate
/// or a break-glass session). The patient may hold no role in the trial.
///
/// Privacy trade-off: the grant id is stored with the consent (so enrollment and visits can
/// check it again), and ehr-registry's grant query names its patient, so anyone reading the
/// chain can link the participant pseudonym to the patient's registry address (not to a name,
/// but a registry address may be linkable to one). trial-anchor itself never stores the address
/// or emits it: one-patient-one-pseudonym is enforced on a salted commitment. Use the link only
/// when the patient agreed to that linkability (or uses a per-study registry address);
/// otherwise record the hash of the signed consent form alone.
///
/// The registry queried is always the one the contract owner configured (see `Config`), never
/// one chosen by the sponsor.
#[cw_serde]
pub struct EhrConsentLink {
    /// The resource type the site's research grant must cover (e.g. `Observation`).
    pub resource_type: FhirResourceType,
    /// When true, every consent must be proven through the registry.
    pub required: bool,
}

/// The sponsor's commitment to the randomization list, made before the first enrollment.
#[cw_serde]
pub struct RandomizationCommitment {
    /// RFC 6962 Merkle root over the allocation list: leaf `i` is
    /// `allocation_leaf(i, arm, salt)` (see `helpers`), one leaf per allocation slot.
    pub root: Sha256Hash,
    /// Number of slots in the list.
    pub list_size: u64,
    /// Block time of the commitment.
    pub committed_at: Timestamp,
    /// Slots consumed, in order: enrollment `n` (from 0) takes slot `n`, so no site chooses an
    /// arm.
    #[serde(default)]
    pub used: u64,
    /// Used slots whose allocation was revealed and proven; results are posted only when every
    /// used slot is.
    #[serde(default)]
    pub revealed: u64,
}

/// The statistical analysis plan marked final.
#[cw_serde]
pub struct SapFinal {
    /// The SAP version made final.
    pub version: u32,
    /// Block time.
    pub at: Timestamp,
}

/// The database lock: the final root over all analysis data.
#[cw_serde]
pub struct DatabaseLock {
    /// RFC 6962 Merkle root over the locked data set.
    pub final_root: Sha256Hash,
    /// Number of leaves under the root.
    pub leaf_count: u64,
    /// Block time of the lock.
    pub at: Timestamp,
}

/// Why a regulator froze a trial (coded).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum FreezeReason {
    /// A clinical hold (21 CFR 312.42).
    ClinicalHold,
    /// An inspection or investigation is under way.
    Investigation,
    /// Suspected data integrity issue.
    DataIntegrity,
    /// Participant safety.
    Safety,
    /// A court or legal order.
    LegalOrder,
}

/// A regulator's freeze: while set, the trial refuses every change except withdrawals and
/// safety reporting (a participant's right to withdraw and the duty to report harm never stop).
#[cw_serde]
pub struct Freeze {
    /// The regulator.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
    /// Why (coded).
    pub reason: FreezeReason,
    /// SHA-256 of the regulator's order, if any.
    pub order_hash: Option<Sha256Hash>,
}

/// A results-delay certification (42 CFR 11.44(b)/(c)).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum DelayCertificationKind {
    /// The product is not yet approved, licensed or cleared for any use (11.44(b)).
    UnapprovedProduct,
    /// The manufacturer seeks approval of a new use (11.44(c)).
    NewUse,
}

/// A recorded delay certification and its cap.
#[cw_serde]
pub struct DelayCertification {
    /// Which certification.
    pub kind: DelayCertificationKind,
    /// SHA-256 of the certification as submitted to the registry.
    pub document_hash: Sha256Hash,
    /// Block time of the certification.
    pub certified_at: Timestamp,
    /// The results deadline before the certification (a certification never shortens it).
    pub original_due: Timestamp,
    /// The cap: results are due at the latest 2 years after certification (or at
    /// `original_due`, if later).
    pub cap: Timestamp,
    /// The approval (trigger) date, once reported; results are then due 30 days after it,
    /// within the cap and never before `original_due`.
    pub trigger_at: Option<Timestamp>,
}

/// The legal clocks of a trial.
#[cw_serde]
pub struct Deadlines {
    /// Registry registration due (first enrollment + 21 days) while no registry id is recorded.
    pub registration_due: Option<Timestamp>,
    /// Results due: primary completion + 1 year, moved by a delay certification or extensions.
    /// `None` once results are posted.
    pub results_due: Option<Timestamp>,
    /// The delay certification, if any (at most one per trial).
    pub delay_certification: Option<DelayCertification>,
    /// Good-cause extensions granted by a regulator (at most `MAX_EXTENSIONS`).
    pub extensions: u32,
    /// True when the actual primary completion date was recorded more than 30 days after it
    /// (the update window of 42 CFR 11.64).
    #[serde(default)]
    pub primary_completion_recorded_late: bool,
    /// Every change of the registration and results clocks, oldest first (bounded: each cause
    /// happens at most once, extensions at most `MAX_EXTENSIONS` times).
    #[serde(default)]
    pub history: Vec<DeadlineChange>,
}

/// What changed a legal clock.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum DeadlineCause {
    /// The first enrollment opened the registration clock.
    FirstEnrollment,
    /// The registry id was recorded: the registration clock closed.
    Registered,
    /// The actual primary completion date was recorded. A results deadline that has already
    /// passed is never moved later by it.
    ActualPrimaryCompletion,
    /// A delay certification moved results to its cap.
    DelayCertification,
    /// The reported approval moved results to 30 days after it (within the cap).
    DelayTrigger,
    /// A regulator's good-cause extension.
    Extension,
    /// Results were posted: the results clock closed.
    ResultsPosted,
    /// The trial was withdrawn before anyone enrolled: the results clock closed.
    Withdrawn,
}

/// One change of a legal clock (registration for `FirstEnrollment` and `Registered`, results
/// for every other cause).
#[cw_serde]
pub struct DeadlineChange {
    /// What changed it.
    pub cause: DeadlineCause,
    /// The due time before (`None`: no clock was running).
    pub from: Option<Timestamp>,
    /// The due time after (`None`: the clock closed).
    pub to: Option<Timestamp>,
    /// Block time of the change.
    pub at: Timestamp,
    /// Who made it.
    pub by: Addr,
}

/// Running counters of a trial (also the next ids).
#[cw_serde]
#[derive(Default)]
pub struct TrialCounts {
    /// Outcome revisions registered.
    pub outcomes: u32,
    /// Amendments made.
    pub amendments: u32,
    /// Participants enrolled.
    pub enrolled: u64,
    /// Data batches anchored (including corrections).
    pub batches: u64,
    /// Unblinding records.
    pub unblindings: u64,
    /// Adverse events reported.
    pub adverse_events: u64,
    /// Oversight records (DMC reviews, audit findings).
    pub oversight: u64,
    /// Status and freeze changes (see `status_history`).
    #[serde(default)]
    pub status_changes: u64,
}

/// One change of a trial's recruitment status or freeze, kept in order (`status_history`).
#[cw_serde]
pub struct StatusChange {
    /// Id within the trial (1, 2, ...).
    pub id: u64,
    /// What changed.
    pub event: StatusEvent,
    /// Who changed it.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
}

/// What a status change was.
#[cw_serde]
pub enum StatusEvent {
    /// The recruitment status changed.
    Status {
        /// The status before.
        from: TrialStatus,
        /// The status after.
        to: TrialStatus,
        /// Why it stopped, when it did.
        why_stopped: Option<StopReason>,
        /// SHA-256 of the supporting document, if any.
        document_hash: Option<Sha256Hash>,
    },
    /// A regulator froze the trial.
    Freeze {
        /// Why.
        reason: FreezeReason,
        /// SHA-256 of the order, if any.
        order_hash: Option<Sha256Hash>,
    },
    /// A regulator lifted the freeze.
    Unfreeze {
        /// SHA-256 of the decision.
        decision_hash: Sha256Hash,
    },
}

/// A trial. Derived facts (frozen, started, locked) are read from it, never written to children.
#[cw_serde]
pub struct Trial {
    /// Trial id in this contract (1, 2, ...).
    pub id: u64,
    /// Public registry id (e.g. an NCT number), once registered with the registry: a claim of
    /// the sponsor or responsible party until a regulator confirms it.
    pub registry_id: Option<String>,
    /// Block time at which the registry id was recorded.
    pub registry_recorded_at: Option<Timestamp>,
    /// Block time at which a regulator confirmed the registry id (`None`: unconfirmed claim).
    pub registry_id_confirmed_at: Option<Timestamp>,
    /// The sponsor: manages roles, amends, commits randomization, locks, posts results.
    pub sponsor: Addr,
    /// The responsible party under 42 CFR 11 (registration, results, delay certifications).
    pub responsible_party: Addr,
    /// The current ethics committee (IRB/IEC), independent of the sponsor: named at registration,
    /// changed only by a regulator or by the committee itself.
    pub ethics_committee: Addr,
    /// Recruitment status.
    pub status: TrialStatus,
    /// Why the trial was stopped (required for suspended, terminated, withdrawn).
    pub why_stopped: Option<StopReason>,
    /// SHA-256 of the off-chain explanation of the last status change, if any.
    pub status_document: Option<Sha256Hash>,
    /// Planned start date.
    pub planned_start: Timestamp,
    /// Anticipated primary completion date.
    pub primary_completion: Timestamp,
    /// Actual primary completion date, once recorded.
    pub actual_primary_completion: Option<Timestamp>,
    /// Block time of registration in this contract.
    pub registered_at: Timestamp,
    /// Block time of the first consent recorded in the trial (no data is anchored before it).
    pub first_consent_at: Option<Timestamp>,
    /// Block time of the first unblinding that reached the sponsor, from the unblinding log: a
    /// whole-trial unblinding, or one the sponsor recorded or revealed itself.
    pub sponsor_unblinded_at: Option<Timestamp>,
    /// Actual start: block time of the first enrollment. Outcomes registered before it are the
    /// pre-specified ones.
    pub started_at: Option<Timestamp>,
    /// Whether the trial is randomized (needs a randomization commitment before enrollment).
    pub randomized: bool,
    /// The randomization commitment, once made.
    pub randomization: Option<RandomizationCommitment>,
    /// Current protocol version.
    pub protocol_version: u32,
    /// Current consent-form version.
    pub consent_form_version: u32,
    /// Current statistical-analysis-plan version (0 = none yet).
    pub sap_version: u32,
    /// Participants must hold a consent to at least this protocol version to take part in visits
    /// (raised by amendments that require re-consent).
    pub reconsent_from_version: u32,
    /// ... and to at least this consent-form version.
    pub reconsent_from_consent_form_version: u32,
    /// The SAP made final, once.
    pub sap_final: Option<SapFinal>,
    /// The database lock, once.
    pub lock: Option<DatabaseLock>,
    /// Block time at which results were posted.
    pub results_posted_at: Option<Timestamp>,
    /// A regulator's freeze, while in force.
    pub frozen: Option<Freeze>,
    /// Optional proof of consent through ehr-registry.
    pub ehr_consent: Option<EhrConsentLink>,
    /// Legal clocks.
    pub deadlines: Deadlines,
    /// Counters.
    pub counts: TrialCounts,
}

impl Trial {
    /// True when the participant's latest consent is to the current protocol and consent form.
    pub fn consent_is_current(&self, p: &Participant) -> bool {
        p.latest_consent_version == self.protocol_version
            && p.latest_consent_form_version == self.consent_form_version
    }

    /// True when an amendment requiring re-consent came after the participant's latest consent.
    pub fn reconsent_required(&self, p: &Participant) -> bool {
        p.latest_consent_version < self.reconsent_from_version
            || p.latest_consent_form_version < self.reconsent_from_consent_form_version
    }
}

/// The state of one participant (a pseudonym) in a trial.
#[cw_serde]
pub struct Participant {
    /// The participant's pseudonym.
    pub pseudonym: Sha256Hash,
    /// The site that holds the participant.
    pub site_code: String,
    /// The latest protocol version the participant consented to.
    pub latest_consent_version: u32,
    /// The consent-form version of that latest consent.
    pub latest_consent_form_version: u32,
    /// Number of consents recorded (the last consent's sequence number).
    pub consent_count: u32,
    /// Block time of the first consent.
    pub first_consented_at: Timestamp,
    /// Block time of enrollment.
    pub enrolled_at: Option<Timestamp>,
    /// Randomization slot assigned at enrollment (randomized trials).
    pub allocation_slot: Option<u64>,
    /// Arm revealed (after database lock) and proven against the commitment.
    pub revealed_arm: Option<String>,
    /// Visits recorded.
    pub visits: u32,
    /// Withdrawal, once.
    pub withdrawal: Option<Withdrawal>,
    /// The ehr-registry grant that proved the latest consent, checked again at enrollment and
    /// at every visit.
    pub ehr_grant_id: Option<u64>,
    /// Salted commitment to the patient whose grant proved a consent (see
    /// `helpers::patient_commitment`): one patient, one pseudonym per trial. It does not reveal
    /// the patient's address.
    pub patient_commitment: Option<Sha256Hash>,
}

/// A participant's withdrawal.
#[cw_serde]
pub struct Withdrawal {
    /// Block time.
    pub at: Timestamp,
    /// Why (coded).
    pub reason: WithdrawalReason,
}

/// Why a participant left (coded, CDISC-like).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum WithdrawalReason {
    /// The participant withdrew consent.
    ConsentWithdrawn,
    /// An adverse event.
    AdverseEvent,
    /// Lost to follow-up.
    LostToFollowUp,
    /// Investigator's decision.
    InvestigatorDecision,
    /// Protocol deviation.
    ProtocolDeviation,
    /// Death.
    Death,
    /// The trial was stopped.
    TrialStopped,
    /// Another reason.
    Other,
}

/// One consent of a participant to one protocol (and consent-form) version. Never edited: a
/// re-consent is a new record.
#[cw_serde]
pub struct Consent {
    /// Sequence number of this consent for the participant (1, 2, ...).
    pub seq: u32,
    /// Protocol version consented to.
    pub protocol_version: u32,
    /// Consent-form version used.
    pub consent_form_version: u32,
    /// Block time.
    pub at: Timestamp,
    /// SHA-256 of the signed consent form (off chain), if given.
    pub signed_form_hash: Option<Sha256Hash>,
    /// True when the patient's research grant to the site was checked in ehr-registry.
    pub ehr_verified: bool,
    /// The ehr-registry grant that proved it, if any.
    pub ehr_grant_id: Option<u64>,
    /// The site that recorded it.
    pub site_code: String,
}

/// Why a batch corrects an earlier one (coded; the details are in the batch's own data).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum CorrectionReason {
    /// A transcription or data-entry error.
    TranscriptionError,
    /// A query from monitoring or data management was resolved.
    QueryResolution,
    /// Source data verification found a discrepancy.
    SourceDataVerification,
    /// Late-arriving data (e.g. a delayed lab result).
    LateData,
    /// Records that should not have been in the batch.
    ErroneousInclusion,
    /// Another reason.
    Other,
}

/// A correction citation.
#[cw_serde_strict]
pub struct Correction {
    /// The batch corrected.
    pub original_batch_id: u64,
    /// Why.
    pub reason: CorrectionReason,
}

/// An anchored batch of case-report data.
#[cw_serde]
pub struct Batch {
    /// Batch id within the trial (1, 2, ...).
    pub id: u64,
    /// The site that anchored it.
    pub site_code: String,
    /// The address that anchored it.
    pub by: Addr,
    /// RFC 6962 Merkle root over the batch's leaves; each leaf is the 32-byte SHA-256 of one
    /// canonical case-report record.
    pub merkle_root: Sha256Hash,
    /// Number of leaves.
    pub leaf_count: u64,
    /// Start of the data-collection period covered.
    pub period_start: Timestamp,
    /// End of the data-collection period covered.
    pub period_end: Timestamp,
    /// SHA-256 of the record schema (CRF definition) the leaves follow.
    pub schema_hash: Sha256Hash,
    /// The batch this one corrects, if it is a correction.
    pub correction: Option<Correction>,
    /// Whether it was anchored after the database lock (only corrections may be).
    pub after_lock: bool,
    /// Block time.
    pub anchored_at: Timestamp,
}

/// The kind of an unblinding (ICH E6(R3)).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum UnblindingKind {
    /// Planned, per protocol (e.g. final analysis, DMC interim look).
    Planned,
    /// Emergency, to treat a participant.
    Emergency,
    /// Inadvertent (an error).
    Inadvertent,
}

/// What was unblinded.
#[cw_serde_strict]
pub enum UnblindingScope {
    /// One participant.
    Participant {
        /// The participant's pseudonym.
        participant: Sha256Hash,
    },
    /// A site's participants.
    Site {
        /// The site code.
        site_code: String,
    },
    /// Aggregate results by arm for a closed DMC session (no individual allocation).
    AggregateByArm {},
    /// The whole trial (final analysis).
    Trial {},
}

/// Why an unblinding happened (coded).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum UnblindingReason {
    /// Medical emergency for the participant.
    MedicalEmergency,
    /// Serious adverse event assessment (expedited reporting needs the allocation).
    SeriousAdverseEventAssessment,
    /// DMC interim analysis.
    InterimAnalysis,
    /// Final analysis after database lock.
    FinalAnalysis,
    /// Error in drug labelling, dispensing or a system.
    SystemOrDispensingError,
    /// Another reason.
    Other,
}

/// An unblinding record.
#[cw_serde]
pub struct Unblinding {
    /// Id within the trial (1, 2, ...).
    pub id: u64,
    /// Planned, emergency or inadvertent.
    pub kind: UnblindingKind,
    /// What was unblinded.
    pub scope: UnblindingScope,
    /// Why.
    pub reason: UnblindingReason,
    /// SHA-256 of the off-chain assessment, if any.
    pub document_hash: Option<Sha256Hash>,
    /// Who recorded it.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
}

/// Seriousness of an adverse event (ICH E2A criteria, the most severe that applies).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum Seriousness {
    /// Not serious.
    NonSerious,
    /// Resulted in death.
    Fatal,
    /// Life-threatening.
    LifeThreatening,
    /// Required or prolonged hospitalization.
    Hospitalization,
    /// Persistent or significant disability.
    Disability,
    /// Congenital anomaly or birth defect.
    CongenitalAnomaly,
    /// Another important medical event.
    OtherImportantMedicalEvent,
}

impl Seriousness {
    /// True unless non-serious.
    pub fn is_serious(&self) -> bool {
        !matches!(self, Seriousness::NonSerious)
    }
}

/// Investigator's causality assessment.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum Causality {
    /// Not related to the investigational product.
    NotRelated,
    /// Unlikely related.
    Unlikely,
    /// Possibly related.
    Possible,
    /// Probably related.
    Probable,
    /// Definitely related.
    Definite,
}

impl Causality {
    /// "Suspected adverse reaction" (21 CFR 312.32(a)): a reasonable possibility of causation.
    pub fn is_suspected(&self) -> bool {
        matches!(
            self,
            Causality::Possible | Causality::Probable | Causality::Definite
        )
    }
}

/// An adverse event of a pseudonymous participant.
#[cw_serde]
pub struct AdverseEvent {
    /// Id within the trial (1, 2, ...).
    pub id: u64,
    /// The participant's pseudonym.
    pub participant: Sha256Hash,
    /// Event term code (e.g. a MedDRA preferred-term code; token, at most 32 bytes).
    pub event_code: String,
    /// Seriousness.
    pub seriousness: Seriousness,
    /// Whether the event is expected (listed in the investigator's brochure).
    pub expected: bool,
    /// Causality assessment.
    pub causality: Causality,
    /// Onset time.
    pub onset: Timestamp,
    /// When the site became aware of it (the sponsor's clock starts here).
    pub aware_at: Timestamp,
    /// Block time at which it was reported on chain.
    pub reported_at: Timestamp,
    /// The site that reported it.
    pub site_code: String,
    /// Expedited safety-report clock, when one applies: serious, unexpected and suspected
    /// (21 CFR 312.32(c)): 7 days if fatal or life-threatening, 15 days otherwise.
    pub safety_report_due: Option<Timestamp>,
    /// When the sponsor submitted the expedited safety report.
    pub safety_report: Option<SafetyReport>,
}

/// The sponsor's expedited safety report.
#[cw_serde]
pub struct SafetyReport {
    /// Block time of submission.
    pub at: Timestamp,
    /// SHA-256 of the report as submitted.
    pub report_hash: Sha256Hash,
}

/// How a results entry names its outcome.
#[cw_serde_strict]
pub enum ResultOutcome {
    /// A registered outcome revision (pre-specified or added by an amendment).
    Registered {
        /// The outcome revision's key.
        outcome_key: u32,
    },
    /// An outcome that was never registered.
    Novel {
        /// The outcome as reported.
        spec: OutcomeSpec,
    },
}

/// Why a reported outcome departs from the registered ones (CONSORT 2025 item 10, coded).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum OutcomeChangeReason {
    /// A post-hoc (exploratory) analysis, declared as such.
    PostHocExploratory,
    /// Requested by a regulator.
    RegulatoryRequest,
    /// Requested by a journal or reviewers.
    PeerReviewRequest,
    /// A safety signal made it necessary.
    SafetySignal,
    /// The registered measure could not be collected.
    MeasureUnavailable,
    /// Another reason, explained in the results document.
    Other,
}

/// One reported result.
#[cw_serde_strict]
pub struct ResultEntry {
    /// The outcome.
    pub outcome: ResultOutcome,
    /// SHA-256 of the result (the off-chain results table for this outcome).
    pub result_hash: Sha256Hash,
    /// Declared reason for a departure from the registered outcomes, if any.
    pub change_reason: Option<OutcomeChangeReason>,
}

/// Posted results.
#[cw_serde]
pub struct Results {
    /// The results document.
    pub document: ContentRef,
    /// The reported outcomes.
    pub entries: Vec<ResultEntry>,
    /// Who posted.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
}

/// A DMC recommendation after an interim review.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum DmcRecommendation {
    /// Continue unchanged.
    Continue,
    /// Continue with modifications.
    Modify,
    /// Pause enrollment.
    PauseEnrollment,
    /// Stop the trial.
    Stop,
}

/// Severity of an audit finding (ICH GCP grading).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum FindingSeverity {
    /// Critical.
    Critical,
    /// Major.
    Major,
    /// Minor.
    Minor,
}

/// What an oversight record is.
#[cw_serde_strict]
pub enum OversightKind {
    /// A DMC interim review (DMC only).
    DmcReview {
        /// The recommendation.
        recommendation: DmcRecommendation,
    },
    /// An audit or inspection finding (auditor or regulator).
    AuditFinding {
        /// Severity.
        severity: FindingSeverity,
    },
    /// A monitoring finding (the CRO the sponsor transferred monitoring to).
    MonitoringFinding {
        /// Severity.
        severity: FindingSeverity,
    },
}

/// A DMC review or an audit finding.
#[cw_serde]
pub struct OversightRecord {
    /// Id within the trial (1, 2, ...).
    pub id: u64,
    /// What it is.
    pub kind: OversightKind,
    /// SHA-256 of the report (off chain).
    pub report_hash: Sha256Hash,
    /// DMC reviews: the members who saw unblinded data.
    #[serde(default)]
    pub unblinded_members: Vec<Addr>,
    /// Who recorded it.
    pub by: Addr,
    /// Block time.
    pub at: Timestamp,
}
