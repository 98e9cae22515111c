use cosmwasm_schema::QueryResponses;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use crate::content::ContentRef;
use crate::hash::Sha256Hash;
use crate::ownership::{Ownership, OwnershipAction};
use crate::rpm::{
    DeviceEnrollmentInfo, DeviceEnrollmentsResponse, DeviceReadingDaysResponse, ReadingInfo,
};
use crate::telehealth::{InterstateCompact, VisitModality};
use crate::vocab::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

/// Instantiates the registry.
#[cw_serde_strict]
pub struct InstantiateMsg {
    /// The contract owner (appoints the credentialing authority, privacy officers and trusted
    /// gateways, and sets the break-glass policy); defaults to the sender.
    pub owner: Option<String>,
    /// The age at which a minor's parent or guardian appointment ends (14 to 21; default 18).
    /// See `declare_birth_year`.
    pub guardianship_end_age: Option<u8>,
}

/// Executes a change in the registry.
#[cw_serde_strict]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),

    /// Appoints the credentialing authority and/or replaces the break-glass policy.
    /// Only the owner can call it.
    UpdateConfig {
        /// The new credentialing authority (registers and credentials parties); unchanged if `None`.
        credentialing_authority: Option<String>,
        /// The new break-glass policy; unchanged if `None`.
        emergency_policy: Option<EmergencyPolicy>,
        /// The new age (14 to 21) at which a minor's parent or guardian appointment ends;
        /// unchanged if `None`. It applies to appointments made, and birth years declared, after
        /// the change.
        guardianship_end_age: Option<u8>,
    },

    /// Appoints (or dismisses) a privacy officer, who closes break-glass reviews.
    /// Only the owner can call it.
    SetPrivacyOfficer {
        /// The officer's address.
        address: String,
        /// True to appoint, false to dismiss.
        appointed: bool,
    },

    /// Trusts (or distrusts) a gateway, which may record disclosures on behalf of the actors it
    /// serves. Only the owner can call it.
    SetGateway {
        /// The gateway's address.
        address: String,
        /// True to trust, false to distrust.
        trusted: bool,
    },

    /// Registers and credentials a provider, organisation, payer, researcher or monitoring
    /// device. Only the credentialing authority can call it.
    RegisterParty {
        /// The party's address.
        address: String,
        /// Opaque professional identifier (e.g. an NPI); a token of at most 64 bytes. For a
        /// `device`: a salted SHA-256 of its UDI (64 lower-case hex), never the UDI.
        identifier: String,
        /// The party's role.
        role: PartyRole,
        /// When the party's license expires (must be in the future).
        license_expiry: Timestamp,
    },

    /// Changes a registered party's credential status and/or license expiry.
    /// Only the credentialing authority can call it.
    UpdateParty {
        /// The party's address.
        address: String,
        /// The new status; unchanged if `None`.
        status: Option<PartyStatus>,
        /// The new license expiry; unchanged if `None`.
        license_expiry: Option<Timestamp>,
        /// Why the credential changed (a code, never free text).
        reason: PartyChangeReason,
    },

    /// Registers the sender as a patient. Anyone can call it, once.
    RegisterPatient {},

    /// Adds a pointer to an off-chain record of a patient. Callable by the patient (who becomes
    /// the custodian) or by an active provider holding a write grant (purpose TREAT) covering the
    /// record's resource type and labels (the provider becomes the custodian).
    AddRecord {
        /// The patient the record is about.
        patient: String,
        /// Where the document is and its hash. The locator is public: use an opaque one (a
        /// gateway and an opaque token, or a content address), never a path carrying a patient
        /// identifier, a name or a category.
        content: ContentRef,
        /// The record's FHIR resource type.
        resource_type: FhirResourceType,
        /// The record's protection class: HL7 confidentiality codes only (`N`, `R` or `V`; the
        /// highest applies; none: `N`). Category codes (ETH, HIV, PSY, SDV) are refused: every
        /// observer of the chain would read them; the category stays in the off-chain document.
        labels: Vec<SecurityLabel>,
        /// The clinical period the data covers, if known.
        data_period: Option<Period>,
    },

    /// Supersedes a record with a new version; the old one stays, linked to its successor.
    /// Callable by the patient; by the record's custodian, or the grantee of a grant whose write
    /// permit names the record (`record_ids`), either holding a write grant (purpose TREAT)
    /// covering the old record and the new labels. The record keeps its custodian.
    AmendRecord {
        /// The record to supersede (must be the latest version).
        record_id: u64,
        /// The new version's document (an opaque locator, as for `add_record`).
        content: ContentRef,
        /// The new version's protection class (`N`, `R` or `V`, as for `add_record`). The
        /// record's class is the highest over all its versions.
        labels: Vec<SecurityLabel>,
        /// The new version's data period.
        data_period: Option<Period>,
        /// Why the record is amended (a code).
        reason: AmendReason,
        /// Optional hash of an off-chain justification.
        reason_hash: Option<Sha256Hash>,
    },

    /// Sets or clears the self-pay restriction (HIPAA 164.522) of a record as a whole (every
    /// version, past and future): while set, every payment-purpose (HPAYMT) request for any
    /// version, and every request by a payer, is denied. Only the patient can call it.
    SetSelfPayRestriction {
        /// Any version of the record.
        record_id: u64,
        /// True to restrict disclosure to payers.
        restricted: bool,
    },

    /// Grants access to the patient's records. Callable by the patient, or by an active delegate
    /// of the patient allowed to manage grants (and not a suspended, excluded or expired party),
    /// within the delegate's own scope and never to the delegate itself.
    GrantAccess {
        /// The patient whose records are granted.
        patient: String,
        /// Who receives the grant: one address, or every active party of a role.
        grantee: GranteeMsg,
        /// The root provision: usually a permit, with nested provisions carving exceptions; a
        /// root deny to an address blocks that grantee (e.g. one clinician) against every role
        /// grant.
        provision: Provision,
        /// When the grant starts (default: now; never before now, consent is prospective).
        starts_at: Option<Timestamp>,
        /// When the grant ends (block time); required for grants reaching restricted (`R`) or
        /// very restricted (`V`) data. A delegate's grant ends no later than its appointment
        /// (by default, at the appointment's expiry).
        expires_at: Option<Timestamp>,
        /// Hash of the signed consent document or notice the patient agreed to (consent receipt).
        policy_hash: Option<Sha256Hash>,
        /// The witness or verifier who confirmed the consent with the patient, and when (FHIR
        /// `Consent.verification`); never the patient nor the grantee, never in the future.
        verification: Option<VerificationMsg>,
    },

    /// Prepares a grant for the patient to activate (a FHIR `draft` consent, e.g. the consent
    /// form a provider asks the patient to sign). Callable by an active credentialed party. It
    /// never applies until the patient activates it with `respond_to_grant`; the same rules as
    /// `grant_access` apply to its content.
    ProposeGrant {
        /// The patient whose records the draft would grant.
        patient: String,
        /// Who would receive the grant.
        grantee: GranteeMsg,
        /// The root provision.
        provision: Provision,
        /// When the grant would start (default: at activation; never before it).
        starts_at: Option<Timestamp>,
        /// When the grant would end; required for grants reaching `R` or `V` data.
        expires_at: Option<Timestamp>,
        /// Hash of the consent document the patient is asked to agree to.
        policy_hash: Option<Sha256Hash>,
        /// The witness or verifier, as for `grant_access`.
        verification: Option<VerificationMsg>,
    },

    /// Activates (accept) or rejects (FHIR `not-done`) a draft grant. Only the patient can
    /// call it, once per draft; activation is subject to the grantee's cap of active grants.
    RespondToGrant {
        /// The draft grant.
        grant_id: u64,
        /// True to activate, false to reject.
        accept: bool,
    },

    /// Revokes a grant, effective for the very next access check. Callable by the patient or by
    /// an active delegate allowed to manage grants (and not an inactive party).
    RevokeAccess {
        /// The grant.
        grant_id: u64,
        /// Why (a code).
        reason: RevocationReason,
    },

    /// Marks a grant as entered in error (it never applied). Callable by the patient or by an
    /// active delegate allowed to manage grants (and not an inactive party).
    MarkGrantEnteredInError {
        /// The grant.
        grant_id: u64,
    },

    /// Clears (or withdraws the clearance of) a research data consumer: a party of role
    /// `researcher` gets nothing from its grants until cleared. Only an active `ethics_board`
    /// party (an IRB) can call it.
    SetEthicsClearance {
        /// The researcher's address (a registered `researcher` party).
        researcher: String,
        /// True to clear, false to withdraw.
        cleared: bool,
    },

    /// Appoints (or replaces) a delegate of the sender. Only the patient can call it.
    AppointDelegate {
        /// The delegate's address.
        delegate: String,
        /// The delegate's relation to the patient.
        relationship: DelegateRelationship,
        /// What the delegate may access itself, and the limit of the grants it may issue. A
        /// scope naming `R` or `V` must name its purposes, and the appointment must then expire.
        scope: Scope,
        /// Whether the delegate may grant and revoke access on the patient's behalf.
        manage_grants: bool,
        /// When the appointment ends; `None` until removed.
        expires_at: Option<Timestamp>,
    },

    /// Declares the sender's birth year (once; it can never be changed). Only a registered
    /// patient can call it. Only the year is stored (HIPAA Safe Harbor allows it), never a date.
    /// From then on every `parent` or `guardian` appointment of the patient ends at the latest on
    /// 1 January (UTC) of `birth_year + guardianship_end_age`: possibly some months early, never
    /// late; the adult may then appoint whom they choose. Existing parent and guardian
    /// appointments are cut back to that time at once. A `parent` appointment needs a declared
    /// birth year.
    DeclareBirthYear {
        /// The patient's year of birth (not after the current year, at most 120 years ago).
        birth_year: u16,
    },

    /// Removes a delegate. Callable by the patient, or by the delegate itself (resignation).
    RemoveDelegate {
        /// The patient.
        patient: String,
        /// The delegate's address.
        delegate: String,
    },

    /// Creates a care team (or an organization's group) managed by the sender, who alone adds and
    /// removes its members. Only an active credentialed party can call it. A grant to the team
    /// applies to its members acting through it (`via_team`), one membership read per decision.
    CreateTeam {
        /// What kind of group it is.
        kind: TeamKind,
    },

    /// Adds and/or removes members of a team. Only the team's manager can call it. Members are
    /// registered parties; a removal ends the member's access through the team at once.
    UpdateTeamMembers {
        /// The team.
        team_id: u64,
        /// Addresses to add (registered parties, at most 30, no duplicates).
        add: Vec<String>,
        /// Addresses to remove (members, at most 30, no duplicates).
        remove: Vec<String>,
    },

    /// Names (or replaces) a successor of the sender: someone who gains `scope` (as a delegate
    /// would, read and write of what it covers, never managing grants) only if the patient has
    /// not acted on the registry for `inactivity_secs`, once the successor activates the
    /// succession. Any message the patient signs afterwards ends it at once. Only a registered
    /// patient can call it, for at most 3 successors.
    NameSuccessor {
        /// The successor's address.
        successor: String,
        /// What the successor may access once the succession is in force. Normal data only:
        /// a scope naming `R` or `V` is refused (a succession has no expiry, which 42 CFR Part 2
        /// consent needs).
        scope: Scope,
        /// How long the patient must have been inactive before the successor can activate, in
        /// seconds (90 days to 10 years).
        inactivity_secs: u64,
    },

    /// Removes a successor. Callable by the patient, or by the successor itself.
    RemoveSuccessor {
        /// The patient.
        patient: String,
        /// The successor's address.
        successor: String,
    },

    /// Puts a succession in force. Only a named successor can call it, once the patient has
    /// signed no message to the registry for the successor's `inactivity_secs`.
    ActivateSuccession {
        /// The patient.
        patient: String,
    },

    /// Opens a time-boxed break-glass session (purpose ETREAT) on a patient's records. Only an
    /// active, credentialed clinician can call it, within the configured rate limit.
    EmergencyAccess {
        /// The patient.
        patient: String,
        /// Why consent cannot be obtained (a code).
        reason: EmergencyReason,
        /// Hash of the off-chain justification.
        justification_hash: Sha256Hash,
        /// How long the session lasts, at most the policy's `max_window_secs`.
        duration_secs: u64,
    },

    /// Ends an open break-glass session early. Callable by the clinician who opened it, the
    /// patient, or a privacy officer.
    EndEmergencyAccess {
        /// The session.
        session_id: u64,
    },

    /// Closes the review of a break-glass session. Only a privacy officer can call it. An
    /// `unjustified` finding ends the session and suspends the clinician's break-glass right for
    /// the policy's `unjustified_suspension_secs`.
    CloseReview {
        /// The review (same id as its session).
        review_id: u64,
        /// The officer's finding (a code).
        outcome: ReviewOutcome,
        /// Optional hash of the off-chain review report.
        finding_hash: Option<Sha256Hash>,
    },

    /// Records an actual disclosure of a record. Callable by the actor itself or by a trusted
    /// gateway on its behalf; refused unless `check_access` allows it at this block.
    RecordAccess {
        /// The patient.
        patient: String,
        /// The record disclosed.
        record_id: u64,
        /// Who received the data.
        actor: String,
        /// Read or write.
        action: AccessAction,
        /// Why (HL7 purpose of use).
        purpose: PurposeOfUse,
        /// Only for a disclosure to an active oversight agency (`oversight` party): the agency's
        /// request (HIPAA 164.528(a)(2)) that the disclosure stay out of the patient's
        /// accounting until this time (in the future). It stays in the full log, and in public
        /// state.
        accounting_suspended_until: Option<Timestamp>,
        /// The team the actor acted through, when a grant to that team is the basis (the actor
        /// must be a member).
        via_team: Option<u64>,
    },

    /// Sets the US jurisdictions a clinician is licensed in, and the interstate licensure
    /// compacts it takes part in (replacing the previous set; empty lists clear it). A remote
    /// visit is held only in a jurisdiction listed here. Only the credentialing authority can
    /// call it, for a registered party of role `clinician`.
    SetLicensure {
        /// The clinician's address.
        clinician: String,
        /// The jurisdictions (USPS codes: `NY`, `CA`, `DC`, `PR`...; at most 56, unique),
        /// including the states licensed through a compact's expedited path (IMLC).
        jurisdictions: Vec<String>,
        /// The compacts the clinician is a member of (unique).
        compacts: Vec<InterstateCompact>,
    },

    /// Books a remote (telehealth) visit between a patient and a clinician. Callable by the
    /// patient or by the clinician, an active `clinician` party licensed in `jurisdiction`.
    /// The visit gives no access until the patient consents to it (`consent_to_visit`).
    BookVisit {
        /// The patient.
        patient: String,
        /// The remote clinician.
        clinician: String,
        /// Video or audio only (FHIR `Encounter.class` virtual).
        modality: VisitModality,
        /// Where the patient is at the time of the visit (USPS code): the clinician must be
        /// licensed there.
        jurisdiction: String,
        /// When the visit starts (not in the past, at most 365 days ahead).
        starts_at: Timestamp,
        /// When it ends at the latest (after `starts_at`, at most 8 hours later).
        ends_at: Timestamp,
    },

    /// Books a remote visit with an on-call pool (a team) rather than a named clinician: the
    /// visit's consent then grants the team (its members acting through it, `via_team`) until
    /// one member takes the visit (`take_visit`). Callable by the patient or by the team's
    /// manager (the telehealth service's scheduler). Licensure is checked for the member who
    /// takes it, at that time.
    BookOnCallVisit {
        /// The patient.
        patient: String,
        /// The on-call pool: an existing team.
        team_id: u64,
        /// Video or audio only (FHIR `Encounter.class` virtual).
        modality: VisitModality,
        /// Where the patient is at the time of the visit (USPS code): the member who takes the
        /// visit must be licensed there.
        jurisdiction: String,
        /// When the visit starts (not in the past, at most 365 days ahead).
        starts_at: Timestamp,
        /// When it ends at the latest (after `starts_at`, at most 8 hours later).
        ends_at: Timestamp,
    },

    /// Takes an on-call visit: from now on the visit is the sender's (it writes the encounter,
    /// hangs up and bills it). Callable once, before the visit ends, by a member of the visit's
    /// team acting through it, an active clinician licensed in the visit's jurisdiction, whom
    /// the patient has not denied (a grant to the member's address denying the visit's reads or
    /// writes for treatment). If the visit is consented, the team's grant ends at once and the
    /// same consent (provisions, window, informed-consent hash) is re-issued to the sender's
    /// address alone.
    TakeVisit {
        /// The visit.
        visit_id: u64,
    },

    /// Consents to a booked visit: grants the clinician read and write access for treatment
    /// (TREAT, normal data only) from the visit's start (or now) to its end, naming the signed
    /// telehealth informed-consent document by hash. Callable by the patient, or by a delegate
    /// managing grants within its scope; once per visit, before it ends. The clinician must
    /// still be licensed in the visit's jurisdiction. An on-call visit not yet taken grants its
    /// team instead (the member who takes it is checked then).
    ConsentToVisit {
        /// The visit.
        visit_id: u64,
        /// SHA-256 of the telehealth informed-consent document the patient agreed to.
        consent_hash: Sha256Hash,
        /// The resource types the clinician may read and write (empty: any). The visit's
        /// `Encounter` is always included.
        resource_types: Vec<FhirResourceType>,
    },

    /// Writes the visit's encounter record (a FHIR `Encounter`, class virtual, pointed to by
    /// `content`), custodian the clinician, once per visit. Only the visit's clinician, while
    /// the visit's consent is in force and the clinician still licensed in its jurisdiction.
    RecordEncounter {
        /// The visit.
        visit_id: u64,
        /// The encounter document (an opaque locator and its hash).
        content: ContentRef,
    },

    /// Ends a visit (hang-up): its consent grant is revoked at once, so access ends with it.
    /// Before consent, it cancels the visit. Callable by the patient or the clinician, once.
    EndVisit {
        /// The visit.
        visit_id: u64,
    },

    /// Enrolls a remote patient monitoring device for a patient: from now until `ends_at` the
    /// device may submit the patient's readings (`submit_reading`), and only those. Callable by
    /// the patient, or by an active delegate managing grants whose scope covers writing
    /// `Observation` for treatment. The device is an active party of role `device`, enrolled for
    /// no other patient at this time; the ordering clinician an active `clinician` party.
    /// Enrolling again replaces the enrollment: a renewal (in force, same clinician) keeps its
    /// start; otherwise the new enrollment starts now, and only its days count.
    EnrollDevice {
        /// The patient.
        patient: String,
        /// The device's address (a registered `device` party).
        device: String,
        /// The clinician who ordered the monitoring (who may bill the device supply).
        ordering_clinician: String,
        /// When the enrollment ends (in the future, at most 365 days ahead).
        ends_at: Timestamp,
    },

    /// Ends a device's enrollment at once: the device's next reading is refused; readings
    /// already anchored stay. Callable by the patient, a delegate as for `enroll_device`, or
    /// the ordering clinician (monitoring discontinued); once.
    EndDeviceEnrollment {
        /// The patient.
        patient: String,
        /// The device.
        device: String,
    },

    /// Anchors one reading (or one batch of readings) of a patient: the hash of its payload,
    /// never its kind or value. Only a device enrolled for the patient, its enrollment in force
    /// and its party active. The reading is not in the future, at most 72 hours old (the
    /// late-upload window), not taken before the enrollment started, and each hash is anchored
    /// once.
    SubmitReading {
        /// The patient.
        patient: String,
        /// SHA-256 of the reading payload (a FHIR `Observation`, or a batch of them; salted by
        /// the device so that equal values do not hash alike).
        reading_hash: Sha256Hash,
        /// When the reading was taken (a batch: its first reading).
        taken_at: Timestamp,
        /// Where the payload can be fetched by an authorized party: an opaque absolute URI (as a
        /// record's `content.uri`, never naming the patient or the reading's kind).
        uri: Option<String>,
    },
}

/// Queries of the registry.
#[cw_serde_strict]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The registry's configuration.
    #[returns(EhrConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// Decides whether `actor` may perform `action` on the patient's records for `purpose`.
    /// Gateways and the other cw-health contracts call this before any use of a record.
    ///
    /// Order of the checks: the patient is registered; the record (if named) is the patient's
    /// and agrees with `resource_type`; the patient themself is allowed; a registered party that
    /// is suspended, excluded or past its license expiry gets nothing; a self-pay restricted
    /// record is denied for HPAYMT and to payers; an active delegate within its scope is allowed; then the
    /// in-force grants to the actor's address and to its role are evaluated (each grant on its
    /// own; then a grant naming the actor's address beats a role grant, then the deeper
    /// provision wins, then deny beats permit); if none permits, an open
    /// break-glass session of the actor allows reads for ETREAT/BTG on data that is not very
    /// restricted (`V`).
    /// The evaluation reads a bounded number of entries (see `MAX_ACTIVE_GRANTS_PER_*`).
    #[returns(AccessDecision)]
    CheckAccess(AccessRequest),
    /// Decides one use of one record for the first of several purposes, in the caller's order,
    /// and answers with the record: what a payer asks of a claim's supporting record (HPAYMT,
    /// then TREAT) in one query instead of one `check_access` per purpose and a `record`.
    /// Each purpose is decided exactly as `check_access` decides it; the search stops at the
    /// first purpose allowed, or at a self-pay restriction (the record is then never usable by
    /// a payer, whatever the purpose). At most `MAX_PURPOSES_PER_USE` purposes, none repeated.
    /// It also answers with the party entries of the addresses named in `parties`.
    #[returns(RecordUseDecision)]
    RecordUse(RecordUseRequest),
    /// A credentialed party (provider, organisation, payer, researcher), if registered.
    #[returns(Option<PartyInfo>)]
    Party {
        /// The party's address.
        address: String,
    },
    /// A care team, if created.
    #[returns(Option<TeamInfo>)]
    Team {
        /// The team's id.
        team_id: u64,
    },
    /// A team's members, by address.
    #[returns(AddressesResponse)]
    TeamMembers {
        /// The team.
        team_id: u64,
        /// Exclusive start (a member address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A patient's named successors, by address.
    #[returns(SuccessorsResponse)]
    Successors {
        /// The patient.
        patient: String,
        /// Exclusive start (a successor address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Credentialed parties, by address.
    #[returns(PartiesResponse)]
    Parties {
        /// Exclusive start (an address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A registered patient, if any.
    #[returns(Option<PatientInfo>)]
    Patient {
        /// The patient's address.
        address: String,
    },
    /// One record pointer.
    #[returns(RecordInfo)]
    Record {
        /// The record's id.
        record_id: u64,
    },
    /// A patient's records, by id.
    #[returns(RecordsResponse)]
    Records {
        /// The patient.
        patient: String,
        /// Exclusive start (a record id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One grant, with its state at this block.
    #[returns(GrantInfo)]
    Grant {
        /// The grant's id.
        grant_id: u64,
    },
    /// A patient's grants (all states), by id.
    #[returns(GrantsResponse)]
    GrantsByPatient {
        /// The patient.
        patient: String,
        /// Exclusive start (a grant id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The grants issued to a grantee (an address or a role), all patients, by id.
    #[returns(GrantsResponse)]
    GrantsByGrantee {
        /// The grantee.
        grantee: GranteeMsg,
        /// Exclusive start (a grant id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One delegate of a patient, if appointed.
    #[returns(Option<DelegateInfo>)]
    Delegate {
        /// The patient.
        patient: String,
        /// The delegate.
        delegate: String,
    },
    /// A patient's delegates, by address.
    #[returns(DelegatesResponse)]
    Delegates {
        /// The patient.
        patient: String,
        /// Exclusive start (a delegate address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Appointed privacy officers, by address.
    #[returns(AddressesResponse)]
    PrivacyOfficers {
        /// Exclusive start (an address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Trusted gateways, by address.
    #[returns(AddressesResponse)]
    Gateways {
        /// Exclusive start (an address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One break-glass session.
    #[returns(EmergencySessionInfo)]
    EmergencySession {
        /// The session's id.
        session_id: u64,
    },
    /// The break-glass sessions opened on a patient's records, by id.
    #[returns(EmergencySessionsResponse)]
    EmergencySessionsByPatient {
        /// The patient.
        patient: String,
        /// Exclusive start (a session id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The break-glass sessions a clinician opened, by id.
    #[returns(EmergencySessionsResponse)]
    EmergencySessionsByClinician {
        /// The clinician.
        clinician: String,
        /// Exclusive start (a session id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// One break-glass review.
    #[returns(ReviewInfo)]
    Review {
        /// The review's id (same as its session's).
        review_id: u64,
    },
    /// All break-glass reviews, by id.
    #[returns(ReviewsResponse)]
    Reviews {
        /// Exclusive start (a review id).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// Open reviews whose due time has passed at this block, by (due time, id).
    #[returns(ReviewsResponse)]
    OverdueReviews {
        /// Exclusive start: the last (due time, id) of the previous page.
        start_after: Option<ReviewCursor>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The accounting of disclosures (HIPAA 164.528) of a patient over `[from, to]`, by time.
    #[returns(AccountingResponse)]
    Accounting {
        /// The patient.
        patient: String,
        /// Earliest disclosure time (inclusive).
        from: Timestamp,
        /// Latest disclosure time (inclusive).
        to: Timestamp,
        /// Exclusive start: the last (time, id) of the previous page.
        start_after: Option<DisclosureCursor>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
        /// True: the HIPAA 164.528 accounting, leaving out the disclosures it allows to leave
        /// out (to the patient or a delegate, and for treatment, payment or operations) and
        /// those an oversight agency suspended until after this block. False or absent: every
        /// disclosure (the full log).
        accountable_only: Option<bool>,
    },
    /// A clinician's licensed jurisdictions and compacts, if the credentialing authority set
    /// them.
    #[returns(Option<LicensureInfo>)]
    Licensure {
        /// The clinician's address.
        address: String,
    },
    /// One remote visit, with its state at this block.
    #[returns(VisitInfo)]
    Visit {
        /// The visit's id.
        visit_id: u64,
    },
    /// A patient's visits, by id (booking order).
    #[returns(VisitsResponse)]
    VisitsByPatient {
        /// The patient's address.
        patient: String,
        /// Exclusive start (a visit id from the previous page).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A clinician's visits (booked with it, or on-call visits it took), by id.
    #[returns(VisitsResponse)]
    VisitsByClinician {
        /// The clinician's address.
        clinician: String,
        /// Exclusive start (a visit id from the previous page).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// The visits booked with an on-call pool (its queue: `clinician` is empty until a member
    /// takes one), by id.
    #[returns(VisitsResponse)]
    VisitsByTeam {
        /// The team.
        team_id: u64,
        /// Exclusive start (a visit id from the previous page).
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A device's enrollment for a patient (the current or last one), if any.
    #[returns(Option<DeviceEnrollmentInfo>)]
    DeviceEnrollment {
        /// The patient.
        patient: String,
        /// The device.
        device: String,
    },
    /// A patient's device enrollments, by device address.
    #[returns(DeviceEnrollmentsResponse)]
    DeviceEnrollments {
        /// The patient.
        patient: String,
        /// Exclusive start (a device address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// How many distinct UTC days in `[from_day, to_day]` (at most 31 days) the device anchored
    /// at least one reading of the patient under its current (or last) enrollment (days before
    /// it started do not count: they are not its ordering clinician's), with that enrollment's
    /// ordering clinician. Payers ask it before paying a device supply.
    #[returns(DeviceReadingDaysResponse)]
    DeviceReadingDays {
        /// The patient.
        patient: String,
        /// The device.
        device: String,
        /// The first day (UTC day number: seconds since the epoch / 86,400).
        from_day: u64,
        /// The last day (inclusive; at most 30 days after `from_day`).
        to_day: u64,
    },
    /// One anchored reading, if any.
    #[returns(Option<ReadingInfo>)]
    Reading {
        /// The reading's hash.
        reading_hash: Sha256Hash,
    },
}

/// Migrates the contract to a newer version of itself.
#[cw_serde_strict]
pub struct MigrateMsg {}

/// The break-glass policy.
#[cw_serde_strict]
pub struct EmergencyPolicy {
    /// Longest session a clinician may open, in seconds (1 s to 7 days).
    pub max_window_secs: u64,
    /// Most sessions one clinician may open within `rate_period_secs` (1 to 10).
    pub max_sessions_per_period: u32,
    /// The rolling period of the rate limit, in seconds (1 s to 30 days).
    pub rate_period_secs: u64,
    /// Time a privacy officer has to close a session's review, from its opening, in seconds
    /// (1 s to 90 days).
    pub review_due_secs: u64,
    /// How long an "unjustified" review suspends the reviewed clinician's break-glass right, in
    /// seconds (0, no suspension, to 365 days); their open sessions stop allowing at once.
    pub unjustified_suspension_secs: u64,
    /// The protection classes a break-glass session reaches (`N`, `R`, `V`; empty: none).
    /// Default `N` and `R`: very restricted (`V`) data stays out of reach unless the owner names
    /// it (e.g. for 42 CFR 2.51 medical emergencies). A change applies to open sessions at once.
    #[serde(default = "default_break_glass_classes")]
    pub break_glass_classes: Vec<SecurityLabel>,
}

/// The classes break-glass reaches unless the policy names others: `N` and `R`.
pub fn default_break_glass_classes() -> Vec<SecurityLabel> {
    vec![SecurityLabel::Normal, SecurityLabel::Restricted]
}

/// The registry's configuration.
#[cw_serde]
pub struct EhrConfigResponse {
    /// The contract owner.
    pub owner: Addr,
    /// The credentialing authority, once appointed.
    pub credentialing_authority: Option<Addr>,
    /// The break-glass policy.
    pub emergency_policy: EmergencyPolicy,
    /// The age at which a minor's parent or guardian appointment ends.
    pub guardianship_end_age: u8,
}

/// A question to the registry: may `actor` do `action` on `patient`'s records for `purpose`?
#[cw_serde_strict]
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
    /// given they must agree. A request by resource type alone is decided as for an unlabelled
    /// record of that type: labelled records must be asked for by `record_id`; and it is not
    /// answered for payment (HPAYMT) or for a payer (`record_level_check_required`), since
    /// self-pay restrictions are per record.
    pub resource_type: Option<FhirResourceType>,
    /// One specific record, if the request is about a record rather than a resource type.
    /// The record's resource type is then used, with the labels of every version of the record
    /// (protection only grows with amendments) and the record's self-pay restriction.
    pub record_id: Option<u64>,
    /// The team the actor acts through, to use a grant to that team (a care team or an
    /// organization): the actor must be one of its members, else the request is denied
    /// (`not_team_member`). Absent: team grants are not considered.
    #[serde(default)]
    pub via_team: Option<u64>,
}

/// A question to the registry about one record: may `actor` do `action` on it for one of
/// `purposes` (the first allowed, in this order), and what is the record?
#[cw_serde_strict]
pub struct RecordUseRequest {
    /// The patient the record is about.
    pub patient: String,
    /// The party that wants to use it.
    pub actor: String,
    /// Read or write.
    pub action: AccessAction,
    /// The purposes of use to try, in order (1 to `MAX_PURPOSES_PER_USE`, none repeated).
    pub purposes: Vec<PurposeOfUse>,
    /// The record.
    pub record_id: u64,
    /// The team the actor acts through, as in [`AccessRequest::via_team`].
    #[serde(default)]
    pub via_team: Option<u64>,
    /// Addresses whose party entries to answer with as well, in this order (at most
    /// `MAX_PARTIES_PER_USE`): a claim's billing and rendering providers, say.
    #[serde(default)]
    pub parties: Vec<String>,
}

/// The answer to a [`RecordUseRequest`].
#[cw_serde]
pub struct RecordUseDecision {
    /// The first purpose allowed; none when no purpose is.
    pub purpose: Option<PurposeOfUse>,
    /// The decision for that purpose; when none is allowed, the decision that ended the search
    /// (a self-pay restriction) or the last purpose's.
    pub decision: AccessDecision,
    /// The record, when it exists and is the patient's.
    pub record: Option<RecordInfo>,
    /// The party entry of each of the request's `parties`, in its order (none: not registered).
    pub parties: Vec<Option<PartyInfo>>,
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
    /// The actor is an appointed delegate of the patient, acting within its scope.
    Delegate {
        /// The patient who appointed the delegate.
        patient: Addr,
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
    /// A deny provision of a grant decides (address grants before role grants, then the deeper
    /// provision, then deny over permit).
    DeniedByProvision,
    /// The record is restricted or very restricted (`R`/`V`, 42 CFR Part 2 rules) and no grant
    /// names this actor, the class, the purpose and an expiry.
    SensitiveRequiresSpecificConsent,
    /// The record is restricted from payers (HIPAA 164.522) and the purpose is payment or the
    /// actor a payer.
    SelfPayRestricted,
    /// The actor is not an active, credentialed, unexpired party.
    ActorNotActive,
    /// The patient is not registered.
    PatientNotRegistered,
    /// The record does not exist or is not the patient's.
    RecordNotFound,
    /// The request names neither a resource type nor a record, or they disagree.
    InvalidRequest,
    /// The actor is an active delegate of the patient and the request is within its scope.
    PermittedAsDelegate,
    /// A request by resource type alone for payment (HPAYMT), or by a payer, is not answered:
    /// a self-pay restriction (HIPAA 164.522) is per record, so ask with a `record_id`.
    RecordLevelCheckRequired,
    /// The actor is a research data consumer that no ethics board (IRB) has cleared: its
    /// grants do not apply yet.
    EthicsClearanceRequired,
    /// The request names a team (`via_team`) that does not exist, whose manager is not an
    /// active party, or of which the actor is not a member.
    NotTeamMember,
    /// The actor is a successor whose succession is in force (the patient has been inactive
    /// for the set period and has not acted since) and the request is within its scope.
    PermittedAsSuccessor,
    /// The actor is a monitoring device: it submits readings and never reads or writes records.
    DeviceNeverAccesses,
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
#[cw_serde_strict]
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
    /// A health oversight agency or law-enforcement official (HIPAA 164.512(d), (f)); may
    /// suspend the accounting of disclosures to it (HIPAA 164.528(a)(2)).
    Oversight,
    /// A compliance body (an IRB or ethics committee): clears research data consumers.
    EthicsBoard,
    /// A remote patient monitoring device: submits the readings of the patients it is enrolled
    /// for, and never reads or writes records. Its `identifier` is a salted SHA-256 of its UDI
    /// (64 lower-case hex), never the UDI itself; its `license_expiry` the end of its service
    /// life or calibration.
    Device,
}

/// The credential status of a party.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum PartyStatus {
    /// In good standing.
    Active,
    /// Temporarily suspended.
    Suspended,
    /// Excluded (e.g. on the OIG exclusion list).
    Excluded,
}

/// Why a party's credential changed.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum PartyChangeReason {
    /// The license was renewed.
    LicenseRenewed,
    /// Disciplinary action by a licensing board.
    Disciplinary,
    /// Listed on an exclusion list (e.g. OIG LEIE).
    ExclusionListed,
    /// Reinstated after a suspension or exclusion.
    Reinstated,
    /// An administrative correction.
    AdministrativeCorrection,
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

/// A page of parties.
#[cw_serde]
pub struct PartiesResponse {
    /// The parties, by address.
    pub parties: Vec<PartyInfo>,
}

/// A registered patient.
#[cw_serde]
pub struct PatientInfo {
    /// The patient's address.
    pub address: Addr,
    /// When the patient registered.
    pub registered_at: Timestamp,
    /// How many delegates the patient has appointed.
    pub delegate_count: u32,
    /// How many successors the patient has named.
    pub successor_count: u32,
    /// When the patient last signed a message to the registry while a successor was named (the
    /// registry tracks activity only for succession: naming the first successor starts it,
    /// removing the last ends it); their registration time when not tracked.
    pub last_active_at: Timestamp,
    /// The declared year of birth, if any (never a date).
    pub birth_year: Option<u16>,
}

/// A time interval (block times, seconds since epoch).
#[cw_serde_strict]
pub struct Period {
    /// Start (inclusive).
    pub start: Timestamp,
    /// End (inclusive); must not precede `start`.
    pub end: Timestamp,
}

/// Why a record was amended.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum AmendReason {
    /// A factual correction.
    Correction,
    /// Information added to the original.
    Addendum,
    /// A routine update (new version of a living document).
    Update,
    /// The original was entered for the wrong patient or in error.
    EnteredInError,
    /// An amendment the patient requested (HIPAA 164.526).
    PatientRequested,
}

/// A record pointer.
#[cw_serde]
pub struct RecordInfo {
    /// The record's id.
    pub id: u64,
    /// The patient the record is about.
    pub patient: Addr,
    /// Who keeps the record: who added its first version (the provider, or the patient); kept
    /// by every amendment.
    pub custodian: Addr,
    /// The document pointer.
    pub content: ContentRef,
    /// The FHIR resource type.
    pub resource_type: FhirResourceType,
    /// This version's protection class (`N`, `R`, `V`). Access decisions use the highest class
    /// over every version of the record (a record once `V` stays protected in all versions).
    pub labels: Vec<SecurityLabel>,
    /// The clinical period covered.
    pub data_period: Option<Period>,
    /// Restricted from payers (HIPAA 164.522): HPAYMT requests, and any request by a payer,
    /// are denied. Set on the record as a whole: every version reports the same flag.
    pub self_pay_restricted: bool,
    /// The record this one supersedes.
    pub supersedes: Option<u64>,
    /// The record that superseded this one (set once, when amended).
    pub superseded_by: Option<u64>,
    /// Why this version was written, for amendments.
    pub amend_reason: Option<AmendReason>,
    /// Hash of the amendment's justification.
    pub amend_reason_hash: Option<Sha256Hash>,
    /// Who wrote this version (for an amendment: who amended).
    pub created_by: Addr,
    /// When it was added.
    pub created_at: Timestamp,
}

/// A page of records.
#[cw_serde]
pub struct RecordsResponse {
    /// The records, by id.
    pub records: Vec<RecordInfo>,
}

/// Who a grant is for, as sent in messages.
#[cw_serde_strict]
pub enum GranteeMsg {
    /// One address (a provider, payer, researcher, app or person).
    Address {
        /// The grantee's address.
        address: String,
    },
    /// Every active credentialed party of a role.
    Role {
        /// The role.
        role: PartyRole,
    },
    /// The members of a team (care team or organization), each acting through it.
    Team {
        /// The team's id.
        team_id: u64,
    },
}

/// Who a grant is for.
#[cw_serde]
pub enum Grantee {
    /// One address.
    Address {
        /// The grantee's address.
        address: Addr,
    },
    /// Every active credentialed party of a role.
    Role {
        /// The role.
        role: PartyRole,
    },
    /// The active-party members of a team, acting through it (`via_team`).
    Team {
        /// The team's id.
        team_id: u64,
    },
}

/// Permit or deny.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum ProvisionType {
    /// The provision allows what it matches.
    Permit,
    /// The provision refuses what it matches.
    Deny,
}

/// A consent provision (FHIR R5 `Consent.provision`, reduced). A provision applies to a request
/// when every non-empty criterion matches; an empty list means "any". Nested provisions apply
/// only inside their parent (they carve exceptions) and are at most 3 levels deep, 8 in all.
///
/// Combination: a provision's depth is its nesting level (root = 1). Each grant is decided by
/// its deepest applying provision (deny beats permit at equal depth); across grants, a grant
/// naming the actor's address beats a role grant, then the deeper decision wins, then deny
/// beats permit.
///
/// Protected classes (42 CFR Part 2 rules for `R` and `V`): a permit reaches a restricted or
/// very restricted record only when its grant names one grantee address and has an expiry, and
/// the permit or an ancestor names the record's class in `labels` and
/// names the purpose in `purposes`. Such grants are refused at creation otherwise. A deny
/// naming a class ("everything except `V`") needs none of this.
///
/// Labels: protection classes only (`N`, `R`, `V`); a provision matches a record when its list
/// is empty or names the record's class. `record_ids` naming a record's first version cover
/// all its versions.
#[cw_serde_strict]
pub struct Provision {
    /// Permit or deny.
    pub provision_type: ProvisionType,
    /// Actions covered (empty: any).
    pub actions: Vec<AccessAction>,
    /// Purposes of use covered (empty: any).
    pub purposes: Vec<PurposeOfUse>,
    /// Resource types covered (empty: any).
    pub resource_types: Vec<FhirResourceType>,
    /// Protection classes covered (empty: any; a permit still reaches `R`/`V` only as the
    /// type's doc says).
    pub labels: Vec<SecurityLabel>,
    /// Specific records of the patient covered (empty: any).
    pub record_ids: Vec<u64>,
    /// The period of the data covered (FHIR `provision.dataPeriod`; absent: any), judged by
    /// each record's `data_period`: a permit reaches a record only when the record's period
    /// lies within it (never a record without a period, nor a request by type alone); a deny
    /// applies to a record whose period overlaps it, or whose period is unknown.
    pub data_period: Option<Period>,
    /// Nested exceptions.
    pub provisions: Vec<Provision>,
}

/// Who verified a consent, and when, as sent in messages.
#[cw_serde_strict]
pub struct VerificationMsg {
    /// The witness or verifier's address.
    pub verified_by: String,
    /// When the consent was verified (not after the block time).
    pub verified_at: Timestamp,
}

/// Who verified a consent, and when (FHIR `Consent.verification`).
#[cw_serde]
pub struct Verification {
    /// The witness or verifier.
    pub verified_by: Addr,
    /// When the consent was verified.
    pub verified_at: Timestamp,
}

/// Why a grant was revoked.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum RevocationReason {
    /// The patient withdrew consent.
    PatientWithdrew,
    /// The care relationship ended.
    RelationshipEnded,
    /// The purpose was fulfilled.
    PurposeFulfilled,
    /// The grant is replaced by a new one.
    Superseded,
    /// Suspected misuse by the grantee.
    SuspectedMisuse,
}

/// A consent's state (FHIR R5 Consent.status, reduced).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ConsentState {
    /// In force at this block.
    Active,
    /// Not in force: revoked, expired, or not started yet.
    Inactive,
    /// Recorded by mistake; it never applied.
    EnteredInError,
    /// Prepared by a provider, waiting for the patient to activate it; it does not apply.
    Draft,
    /// A draft the patient rejected (FHIR `not-done`); it never applied.
    Rejected,
}

/// Why a consent is inactive.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum InactiveReason {
    /// Revoked.
    Revoked,
    /// Past its expiry.
    Expired,
    /// Its start is in the future.
    NotStarted,
    /// It was issued by a delegate whose appointment has since ended (removed, expired or
    /// replaced by a new appointment after one of those).
    IssuerNotDelegate,
}

/// A consent grant.
#[cw_serde]
pub struct GrantInfo {
    /// The grant's id.
    pub id: u64,
    /// The patient whose records are granted.
    pub patient: Addr,
    /// Who receives it.
    pub grantee: Grantee,
    /// The root provision.
    pub provision: Provision,
    /// When it starts.
    pub starts_at: Timestamp,
    /// When it ends.
    pub expires_at: Option<Timestamp>,
    /// Hash of the consent document.
    pub policy_hash: Option<Sha256Hash>,
    /// The witness or verifier, and when they verified it.
    pub verification: Option<Verification>,
    /// Who issued it (the patient or a delegate; the patient for an activated draft).
    pub granted_by: Addr,
    /// The party that prepared it as a draft, if it was proposed.
    pub proposed_by: Option<Addr>,
    /// When it was issued.
    pub granted_at: Timestamp,
    /// When it was revoked, with who and why.
    pub revocation: Option<Revocation>,
    /// True when marked entered-in-error.
    pub entered_in_error: bool,
    /// Its state at this block.
    pub state: ConsentState,
    /// Why it is inactive, when it is.
    pub inactive_reason: Option<InactiveReason>,
}

/// A revocation.
#[cw_serde]
pub struct Revocation {
    /// Who revoked.
    pub by: Addr,
    /// When.
    pub at: Timestamp,
    /// Why.
    pub reason: RevocationReason,
}

/// A page of grants.
#[cw_serde]
pub struct GrantsResponse {
    /// The grants, by id.
    pub grants: Vec<GrantInfo>,
}

/// A delegate's relation to the patient.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum DelegateRelationship {
    /// A caregiver.
    Caregiver,
    /// A legal guardian.
    Guardian,
    /// A parent of a minor.
    Parent,
    /// Holder of a healthcare power of attorney.
    PowerOfAttorney,
}

/// A scope of access: what a delegate may itself access, and the limit of the grants it may
/// issue. Empty lists mean "any", except `labels`: the protection classes covered (empty:
/// normal data only); restricted or very restricted data is reached only when `labels` names
/// its class, `purposes` names the request's purpose and the appointment has an expiry
/// (42 CFR Part 2 rules).
#[cw_serde_strict]
pub struct Scope {
    /// Actions (empty: any).
    pub actions: Vec<AccessAction>,
    /// Purposes of use (empty: any).
    pub purposes: Vec<PurposeOfUse>,
    /// Resource types (empty: any).
    pub resource_types: Vec<FhirResourceType>,
    /// The protection classes covered (`N`, `R`, `V`; empty: normal data only).
    pub labels: Vec<SecurityLabel>,
}

/// An appointed delegate.
#[cw_serde]
pub struct DelegateInfo {
    /// The patient.
    pub patient: Addr,
    /// The delegate.
    pub delegate: Addr,
    /// The relation.
    pub relationship: DelegateRelationship,
    /// The delegate's scope.
    pub scope: Scope,
    /// Whether it may grant and revoke on the patient's behalf.
    pub manage_grants: bool,
    /// When the appointment was made.
    pub appointed_at: Timestamp,
    /// When it ends.
    pub expires_at: Option<Timestamp>,
    /// True when not expired at this block.
    pub active: bool,
}

/// A page of delegates.
#[cw_serde]
pub struct DelegatesResponse {
    /// The delegates, by address.
    pub delegates: Vec<DelegateInfo>,
}

/// A page of addresses.
#[cw_serde]
pub struct AddressesResponse {
    /// The addresses, ascending.
    pub addresses: Vec<Addr>,
}

/// Why break-glass access was needed.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum EmergencyReason {
    /// The patient is unconscious or otherwise unable to consent.
    PatientUnableToConsent,
    /// A life-threatening condition.
    LifeThreatening,
    /// The usual grant holder is unreachable and treatment cannot wait.
    ConsentHolderUnreachable,
    /// A mass-casualty or disaster situation.
    Disaster,
}

/// A break-glass session.
#[cw_serde]
pub struct EmergencySessionInfo {
    /// The session's id (also its review's id).
    pub id: u64,
    /// The patient.
    pub patient: Addr,
    /// The clinician who opened it.
    pub clinician: Addr,
    /// Why.
    pub reason: EmergencyReason,
    /// Hash of the justification.
    pub justification_hash: Sha256Hash,
    /// When it opened.
    pub opened_at: Timestamp,
    /// When it expires by itself.
    pub expires_at: Timestamp,
    /// When the clinician ended it early, if so.
    pub ended_at: Option<Timestamp>,
    /// True when open at this block.
    pub active: bool,
}

/// A page of break-glass sessions.
#[cw_serde]
pub struct EmergencySessionsResponse {
    /// The sessions, by id.
    pub sessions: Vec<EmergencySessionInfo>,
}

/// A privacy officer's finding on a break-glass session.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum ReviewOutcome {
    /// The access was justified.
    Justified,
    /// The access was not justified.
    Unjustified,
    /// Justified, with follow-up actions (training, policy change).
    JustifiedWithFollowUp,
}

/// The review of a break-glass session.
#[cw_serde]
pub struct ReviewInfo {
    /// The review's id (same as its session's).
    pub id: u64,
    /// The session reviewed.
    pub session_id: u64,
    /// The patient.
    pub patient: Addr,
    /// The clinician reviewed.
    pub clinician: Addr,
    /// When the review must be closed.
    pub due_at: Timestamp,
    /// The finding, once closed.
    pub outcome: Option<ReviewOutcome>,
    /// Hash of the review report.
    pub finding_hash: Option<Sha256Hash>,
    /// The officer who closed it.
    pub closed_by: Option<Addr>,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
    /// True when open past its due time at this block, or closed after it.
    pub late: bool,
}

/// A page of reviews.
#[cw_serde]
pub struct ReviewsResponse {
    /// The reviews.
    pub reviews: Vec<ReviewInfo>,
}

/// A position in the overdue-reviews list.
#[cw_serde_strict]
pub struct ReviewCursor {
    /// The review's due time.
    pub due_at: Timestamp,
    /// The review's id.
    pub id: u64,
}

/// A position in an accounting of disclosures.
#[cw_serde_strict]
pub struct DisclosureCursor {
    /// The disclosure's time.
    pub at: Timestamp,
    /// The disclosure's id.
    pub id: u64,
}

/// One disclosure (HIPAA 164.528: date, recipient, purpose, what).
#[cw_serde]
pub struct DisclosureInfo {
    /// The disclosure's id.
    pub id: u64,
    /// The patient.
    pub patient: Addr,
    /// When.
    pub at: Timestamp,
    /// The recipient.
    pub actor: Addr,
    /// Who recorded it (the actor or a trusted gateway).
    pub recorded_by: Addr,
    /// The record disclosed.
    pub record_id: u64,
    /// Its resource type.
    pub resource_type: FhirResourceType,
    /// Read or write.
    pub action: AccessAction,
    /// Why.
    pub purpose: PurposeOfUse,
    /// What allowed it.
    pub basis: AccessBasis,
    /// Whether a 42 CFR 2.32 redisclosure notice was required.
    pub redisclosure_notice_required: bool,
    /// Whether it belongs in the HIPAA 164.528 accounting (not to the patient or a delegate,
    /// not for treatment, payment or operations).
    #[serde(default)]
    pub accountable: bool,
    /// Until when an oversight agency suspended it from the accounting.
    #[serde(default)]
    pub accounting_suspended_until: Option<Timestamp>,
    /// The team the recipient acted through, if any.
    #[serde(default)]
    pub via_team: Option<u64>,
}

/// A page of the accounting of disclosures.
#[cw_serde]
pub struct AccountingResponse {
    /// The disclosures, by (time, id).
    pub disclosures: Vec<DisclosureInfo>,
}

/// A clinician's licensure, as set by the credentialing authority.
#[cw_serde]
pub struct LicensureInfo {
    /// The clinician.
    pub clinician: Addr,
    /// The US jurisdictions (USPS codes) it is licensed in.
    pub jurisdictions: Vec<String>,
    /// The interstate licensure compacts it is a member of.
    pub compacts: Vec<InterstateCompact>,
    /// Who set it (the credentialing authority).
    pub set_by: Addr,
    /// When.
    pub set_at: Timestamp,
}

/// Where a remote visit stands.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum VisitStatus {
    /// Booked; no consent yet, no access.
    Booked,
    /// Consented: the clinician has access from the visit's start to its end.
    Consented,
    /// Ended by the patient or the clinician after consent (or past its end): no access.
    Ended,
    /// Ended before any consent: it never took place.
    Cancelled,
}

/// A remote (telehealth) visit: the id that links its consent, its encounter record and the
/// claim that bills it.
#[cw_serde]
pub struct VisitInfo {
    /// The visit's id.
    pub id: u64,
    /// The patient.
    pub patient: Addr,
    /// The remote clinician: the one booked, or the on-call member who took the visit (empty
    /// until then).
    pub clinician: Option<Addr>,
    /// The on-call pool (team) the visit was booked with, if any.
    pub on_call_team: Option<u64>,
    /// When a member of the pool took it.
    pub taken_at: Option<Timestamp>,
    /// The pool's consent grant, ended when a member took the visit (`consent_grant_id` is then
    /// the member's).
    pub pool_grant_id: Option<u64>,
    /// Video or audio only.
    pub modality: VisitModality,
    /// FHIR `Encounter.class` code: `VR` (virtual).
    pub encounter_class: String,
    /// The patient's jurisdiction at the time of the visit (USPS code).
    pub jurisdiction: String,
    /// When it starts.
    pub starts_at: Timestamp,
    /// When it ends at the latest.
    pub ends_at: Timestamp,
    /// Who booked it (the patient, the clinician, or the on-call pool's manager).
    pub booked_by: Addr,
    /// The consent grant (ehr-registry grant id), once consented: the clinician's, or the
    /// pool's until a member takes the visit.
    pub consent_grant_id: Option<u64>,
    /// Hash of the telehealth informed-consent document.
    pub consent_hash: Option<Sha256Hash>,
    /// When the consent was given.
    pub consented_at: Option<Timestamp>,
    /// The encounter record, once written.
    pub encounter_record_id: Option<u64>,
    /// When it was ended early (hang-up or cancellation).
    pub ended_at: Option<Timestamp>,
    /// Who ended it.
    pub ended_by: Option<Addr>,
    /// Its state at this block.
    pub status: VisitStatus,
    /// True when the visit's consent grant (the clinician's, or the pool's) is in force at this
    /// block.
    pub access_open: bool,
    /// True when the visit took place: consented and its encounter recorded by the clinician.
    pub held: bool,
}

/// A page of visits.
#[cw_serde]
pub struct VisitsResponse {
    /// The visits, by id.
    pub visits: Vec<VisitInfo>,
}

/// What kind of group a team is.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum TeamKind {
    /// A care team (FHIR `CareTeam`): the clinicians caring for a patient or a condition.
    CareTeam,
    /// An organization's staff group (a clinic, a lab, an on-call pool).
    Organization,
}

/// A team.
#[cw_serde]
pub struct TeamInfo {
    /// The team's id.
    pub id: u64,
    /// What kind of group it is.
    pub kind: TeamKind,
    /// Who keeps its membership.
    pub manager: Addr,
    /// How many members it has.
    pub member_count: u32,
    /// When it was created.
    pub created_at: Timestamp,
}

/// A named successor.
#[cw_serde]
pub struct SuccessorInfo {
    /// The patient.
    pub patient: Addr,
    /// The successor.
    pub successor: Addr,
    /// What it may access while the succession is in force.
    pub scope: Scope,
    /// The patient's inactivity needed before it can activate, in seconds.
    pub inactivity_secs: u64,
    /// When it was named.
    pub named_at: Timestamp,
    /// When it activated the succession, if it did.
    pub activated_at: Option<Timestamp>,
    /// True when the succession is in force at this block (activated, and the patient has not
    /// acted since).
    pub in_force: bool,
}

/// A page of successors.
#[cw_serde]
pub struct SuccessorsResponse {
    /// The successors, by address.
    pub successors: Vec<SuccessorInfo>,
}
