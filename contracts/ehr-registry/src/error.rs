use cosmwasm_std::{StdError, Timestamp};
use cw_health_types::ehr_registry::DecisionReason;
use cw_health_types::events::json_code;
use cw_health_types::migration::MigrationError;
use cw_health_types::ownership::OwnershipError;
use cw_health_types::payment::PaymentError;
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

    #[error("unauthorized: {role} required")]
    Unauthorized { role: &'static str },

    #[error("no credentialing authority has been appointed")]
    NoCredentialingAuthority,

    #[error("invalid emergency policy: {field} out of range")]
    InvalidPolicy { field: &'static str },

    #[error("party {address} is already registered")]
    PartyAlreadyRegistered { address: String },

    #[error("{address} is not a registered researcher")]
    NotResearcher { address: String },

    #[error("party {address} is not registered")]
    PartyNotFound { address: String },

    #[error("nothing to update")]
    NothingToUpdate,

    #[error("{field} must be in the future")]
    NotInFuture { field: &'static str },

    #[error("patient {address} is already registered")]
    PatientAlreadyRegistered { address: String },

    #[error("patient {address} is not registered")]
    PatientNotRegistered { address: String },

    #[error("record {record_id} not found")]
    RecordNotFound { record_id: u64 },

    #[error("record {record_id} does not belong to the patient")]
    RecordNotOfPatient { record_id: u64 },

    #[error("record {record_id} is superseded by {superseded_by}; amend the latest version")]
    RecordSuperseded { record_id: u64, superseded_by: u64 },

    #[error("record {record_id} may be amended only by its custodian, the patient, or a grantee of a grant naming it")]
    NotCustodian { record_id: u64 },

    #[error("invalid verification: the verifier is neither the patient nor the grantee, and verified_at is not in the future")]
    InvalidVerification,

    #[error("invalid period: start {start} is after end {end}")]
    InvalidPeriod { start: Timestamp, end: Timestamp },

    #[error("access denied: {}", json_code(reason))]
    AccessDenied { reason: DecisionReason },

    #[error("grant {grant_id} not found")]
    GrantNotFound { grant_id: u64 },

    #[error("grant {grant_id} is already revoked or entered in error")]
    GrantNotActive { grant_id: u64 },

    #[error("grant {grant_id} is not a draft")]
    GrantNotDraft { grant_id: u64 },

    #[error("provisions are nested too deep: at most {max} levels")]
    ProvisionTooDeep { max: usize },

    #[error("too many provisions: at most {max} per grant")]
    TooManyProvisions { max: usize },

    #[error("a patient cannot be the grantee or delegate of their own records")]
    SelfReference,

    #[error("a grant reaching restricted (R) or very restricted (V) records must name one grantee address, the purposes and an expiry")]
    SensitiveGrantIncomplete,

    #[error("minimum necessary (HIPAA 164.502(b)): a permit reaching a purpose other than treatment must name its resource types")]
    MinimumNecessary,

    #[error("a delegate scope reaching restricted (R) or very restricted (V) records must name the purposes and the appointment an expiry")]
    SensitiveScopeIncomplete,

    #[error("label {label} names a category of sensitive data, which every observer of the chain would read: use the protection class N, R or V, and keep the category in the off-chain document")]
    CategoryLabel { label: String },

    #[error("a delegate cannot grant access to itself")]
    DelegateSelfGrant,

    #[error("party {address} is suspended, excluded or past its license expiry")]
    PartyNotActive { address: String },

    #[error("grant {grant_id} was not issued by this delegate; only the patient may change it")]
    DelegateNotIssuer { grant_id: u64 },

    #[error("a delegate's grant must expire no later than its appointment")]
    DelegateGrantOutlivesAppointment,

    #[error("the grant exceeds the delegate's scope: {field}")]
    DelegateScopeExceeded { field: &'static str },

    #[error("too many active grants for this grantee: at most {max}")]
    TooManyActiveGrants { max: usize },

    #[error("starts_at must not be before the current block time")]
    StartInPast,

    #[error("expires_at must be after starts_at and in the future")]
    InvalidExpiry,

    #[error("delegate {delegate} not found")]
    DelegateNotFound { delegate: String },

    #[error("too many delegates: at most {max}")]
    TooManyDelegates { max: u32 },

    #[error("only an active credentialed clinician may open break-glass access")]
    NotActiveClinician,

    #[error("emergency duration must be between 1 and {max} seconds")]
    InvalidEmergencyDuration { max: u64 },

    #[error("emergency session {session_id} is already open")]
    SessionAlreadyOpen { session_id: u64 },

    #[error("break-glass rate limit reached; retry after {retry_after}")]
    RateLimited { retry_after: Timestamp },

    #[error("break-glass access is suspended until {until}")]
    BreakGlassSuspended { until: Timestamp },

    #[error("emergency session {session_id} not found")]
    SessionNotFound { session_id: u64 },

    #[error("emergency session {session_id} is not open")]
    SessionNotActive { session_id: u64 },

    #[error("review {review_id} not found")]
    ReviewNotFound { review_id: u64 },

    #[error("review {review_id} is already closed")]
    ReviewAlreadyClosed { review_id: u64 },

    #[error("a privacy officer cannot review their own break-glass session")]
    ConflictOfInterest,

    #[error("clinician {clinician} is not licensed in {jurisdiction}")]
    NotLicensedIn {
        clinician: String,
        jurisdiction: String,
    },

    #[error("{address} is not a registered clinician")]
    NotClinician { address: String },

    #[error("visit {visit_id} not found")]
    VisitNotFound { visit_id: u64 },

    #[error("visit {visit_id} is {state}")]
    VisitState { visit_id: u64, state: &'static str },

    #[error("the patient has denied {address} access: it cannot take the visit")]
    DeniedByPatient { address: String },

    #[error("invalid visit window: it must start now or later (at most 365 days ahead) and last 1 second to 8 hours")]
    InvalidVisitWindow,

    #[error("{address} is not a registered {role}")]
    WrongRole { address: String, role: &'static str },

    #[error("invalid enrollment end: in the future, at most 365 days ahead")]
    InvalidEnrollmentEnd,

    #[error("device {device} is enrolled for another patient")]
    DeviceEnrolled { device: String },

    #[error("device {device} is not enrolled for patient {patient} (or its enrollment has ended)")]
    DeviceNotEnrolled { device: String, patient: String },

    #[error("reading time out of window: not in the future, at most {max_age_secs} seconds old")]
    ReadingTimeOutOfWindow { max_age_secs: u64 },

    #[error("the reading was taken before the device's enrollment for this patient")]
    ReadingBeforeEnrollment,

    #[error("reading {reading_hash} is already anchored")]
    DuplicateReading { reading_hash: String },

    #[error("invalid day span: from_day to to_day, at most {max_days} days")]
    InvalidDaySpan { max_days: u64 },

    #[error("a monitoring device submits readings and never receives access to records")]
    DeviceGrantee,
    #[error("team {team_id} not found")]
    TeamNotFound { team_id: u64 },

    #[error("{address} is not a member of team {team_id}")]
    NotTeamMember { team_id: u64, address: String },

    #[error("{address} is both added and removed")]
    TeamMemberConflict { address: String },

    #[error("a delegate cannot grant access to a team it manages")]
    DelegateTeamGrant,

    #[error("successor {successor} not found")]
    SuccessorNotFound { successor: String },

    #[error("too many successors: at most {max}")]
    TooManySuccessors { max: u32 },

    #[error("inactivity_secs must be between {min} and {max} seconds")]
    InvalidInactivityPeriod { min: u64, max: u64 },

    #[error("a successor's scope covers normal data only: a succession has no expiry, which restricted (R) or very restricted (V) data needs")]
    SuccessorScopeProtected,

    #[error("the patient has acted on the registry since {last_active_at}; the succession can start at {available_at}")]
    PatientStillActive {
        last_active_at: Timestamp,
        available_at: Timestamp,
    },

    #[error("the succession is already in force")]
    SuccessionAlreadyActive,

    #[error("the birth year is already declared ({birth_year}) and never changes")]
    BirthYearAlreadyDeclared { birth_year: u16 },

    #[error("invalid birth year {birth_year}: not after the current year, at most 120 years ago")]
    InvalidBirthYear { birth_year: u16 },

    #[error("a parent appointment needs the patient's declared birth year (declare_birth_year)")]
    BirthYearRequired,

    #[error("the patient reached the guardianship end age on {ended_at}: a parent or guardian appointment no longer applies; the adult appoints whom they choose")]
    GuardianshipEnded { ended_at: Timestamp },
}
