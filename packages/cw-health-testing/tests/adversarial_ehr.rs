//! Adversarial ehr-registry: every execute message is tried
//! - by an actor who must not send it (a stranger, the grantee instead of the patient, a
//!   provider without a grant, the reviewed clinician instead of the privacy officer, ...);
//! - by the actor who may send it, but with funds attached (every message is non-payable);
//! - with malformed addresses: garbage, and the UPPER-CASE variant of a valid address (an
//!   upper-case address must never pass for, or bypass a check on, its lower-case original);
//!
//! and each is refused with its own clear error while the registry's whole storage
//! (`suite.snapshot`) and the sender's bank balance stay exactly as they were.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;

use cosmwasm_std::{coins, Addr};
use cw_health_testing::ehr::{fhir_doc, permit};
use cw_health_testing::{root_error, Actors, Suite, SuiteBuilder, DENOM};
use cw_health_types::ehr_registry::{
    AmendReason, DecisionReason, DelegateRelationship, EmergencyReason, ExecuteMsg, GranteeMsg,
    PartyChangeReason, PartyRole, PartyStatus, ReviewOutcome, RevocationReason, Scope, TeamKind,
};
use cw_health_types::ownership::{OwnershipAction, OwnershipError};
use cw_health_types::payment::PaymentError;
use cw_health_types::telehealth::{InterstateCompact, VisitModality};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::{Executor, IntoAddr};
use ehr_registry::ContractError;

/// The first record, grant, emergency session and review of the setup.
const RECORD: u64 = 1;
const GRANT: u64 = 1;
/// The draft grant the hospital proposed to the patient.
const DRAFT: u64 = 2;
const SESSION: u64 = 1;
/// The session the clinician (also a privacy officer) opened.
const OWN_SESSION: u64 = 2;

/// The name of a message's variant. Exhaustive on purpose: a new variant must be added here,
/// and then the coverage assertions below fail until it is tested.
fn variant(msg: &ExecuteMsg) -> &'static str {
    match msg {
        ExecuteMsg::UpdateOwnership(_) => "update_ownership",
        ExecuteMsg::UpdateConfig { .. } => "update_config",
        ExecuteMsg::SetPrivacyOfficer { .. } => "set_privacy_officer",
        ExecuteMsg::SetGateway { .. } => "set_gateway",
        ExecuteMsg::RegisterParty { .. } => "register_party",
        ExecuteMsg::UpdateParty { .. } => "update_party",
        ExecuteMsg::RegisterPatient {} => "register_patient",
        ExecuteMsg::SetEthicsClearance { .. } => "set_ethics_clearance",
        ExecuteMsg::AddRecord { .. } => "add_record",
        ExecuteMsg::AmendRecord { .. } => "amend_record",
        ExecuteMsg::SetSelfPayRestriction { .. } => "set_self_pay_restriction",
        ExecuteMsg::GrantAccess { .. } => "grant_access",
        ExecuteMsg::ProposeGrant { .. } => "propose_grant",
        ExecuteMsg::RespondToGrant { .. } => "respond_to_grant",
        ExecuteMsg::RevokeAccess { .. } => "revoke_access",
        ExecuteMsg::MarkGrantEnteredInError { .. } => "mark_grant_entered_in_error",
        ExecuteMsg::AppointDelegate { .. } => "appoint_delegate",
        ExecuteMsg::RemoveDelegate { .. } => "remove_delegate",
        ExecuteMsg::EmergencyAccess { .. } => "emergency_access",
        ExecuteMsg::EndEmergencyAccess { .. } => "end_emergency_access",
        ExecuteMsg::CloseReview { .. } => "close_review",
        ExecuteMsg::RecordAccess { .. } => "record_access",
        ExecuteMsg::SetLicensure { .. } => "set_licensure",
        ExecuteMsg::BookVisit { .. } => "book_visit",
        ExecuteMsg::ConsentToVisit { .. } => "consent_to_visit",
        ExecuteMsg::RecordEncounter { .. } => "record_encounter",
        ExecuteMsg::EndVisit { .. } => "end_visit",
        ExecuteMsg::BookOnCallVisit { .. } => "book_on_call_visit",
        ExecuteMsg::TakeVisit { .. } => "take_visit",
        ExecuteMsg::DeclareBirthYear { .. } => "declare_birth_year",
        ExecuteMsg::CreateTeam { .. } => "create_team",
        ExecuteMsg::UpdateTeamMembers { .. } => "update_team_members",
        ExecuteMsg::NameSuccessor { .. } => "name_successor",
        ExecuteMsg::RemoveSuccessor { .. } => "remove_successor",
        ExecuteMsg::ActivateSuccession { .. } => "activate_succession",
        ExecuteMsg::EnrollDevice { .. } => "enroll_device",
        ExecuteMsg::EndDeviceEnrollment { .. } => "end_device_enrollment",
        ExecuteMsg::SubmitReading { .. } => "submit_reading",
    }
}

const VARIANTS: usize = 38;

/// Who may enroll a device and end its enrollment (besides the ordering clinician, ending).
const DEVICE_MANAGER: &str =
    "the patient or a delegate managing grants whose scope covers writing Observation for treatment";

/// The patient's monitoring cuff (a device party enrolled in the setup) and a second device
/// (registered, not enrolled).
fn cuff() -> Addr {
    "rpm-cuff".into_addr()
}
fn scale() -> Addr {
    "rpm-scale".into_addr()
}

/// The visit booked (not consented) in the setup, and the one booked and consented (grant 3).
const BOOKED_VISIT: u64 = 1;
const OPEN_VISIT: u64 = 2;
/// The setup's block time when it books the visits (the suite's start, then 91 days for the
/// succession's inactivity period) and the booked visit's window.
const T0: u64 = 1_767_225_600 + 91 * 86_400;

fn visit_msg(patient: String, clinician: String, starts: u64) -> ExecuteMsg {
    ExecuteMsg::BookVisit {
        patient,
        clinician,
        modality: VisitModality::VirtualVideo,
        jurisdiction: "NY".into(),
        starts_at: cosmwasm_std::Timestamp::from_seconds(starts),
        ends_at: cosmwasm_std::Timestamp::from_seconds(starts + 1800),
    }
}

/// The hospital's team (created in the setup).
const TEAM: u64 = 1;
/// The hospital's on-call pool (created in the setup; the clinician is its member) and the
/// visit the patient booked with it (now, not taken, not consented).
const POOL: u64 = 2;
const POOL_VISIT: u64 = 3;

/// A suite where every actor holds 1,000 `uhealth`, and: the owner has proposed the sponsor as
/// next owner; the patient granted the clinician read/write for treatment (grant 1); the
/// clinician wrote record 1; the hospital proposed draft grant 2 to the patient; the guardian
/// is the patient's caregiver (not managing grants);
/// the ER clinician opened break-glass session 1 (review 1) on the patient; the pharmacy is a
/// trusted gateway; the clinician, also a privacy officer, opened session 2 on the spouse.
fn setup() -> Suite {
    let a = Actors::new();
    let mut builder = SuiteBuilder::new();
    for who in everyone(&a) {
        builder = builder.with_balance(&who, 1_000);
    }
    builder = builder.with_balance(&cuff(), 1_000);
    let mut suite = builder.build();
    // The spouse names the guardian its successor, then signs nothing for 91 days: the guardian
    // may activate the succession.
    suite
        .ehr()
        .execute(
            &a.spouse,
            &ExecuteMsg::NameSuccessor {
                successor: a.guardian.to_string(),
                scope: any_scope(),
                inactivity_secs: 90 * 86_400,
            },
        )
        .unwrap();
    suite.advance_days(91);
    // The hospital keeps team 1; the patient names the spouse its successor.
    suite
        .ehr()
        .execute(
            &a.hospital,
            &ExecuteMsg::CreateTeam {
                kind: TeamKind::Organization,
            },
        )
        .unwrap();
    suite
        .ehr()
        .execute(
            &a.patient,
            &ExecuteMsg::NameSuccessor {
                successor: a.spouse.to_string(),
                scope: any_scope(),
                inactivity_secs: 90 * 86_400,
            },
        )
        .unwrap();
    suite
        .ehr()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: a.sponsor.to_string(),
                expiry: None,
            }),
        )
        .unwrap();
    let grant = suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.clinician,
            permit(
                &[AccessAction::Read, AccessAction::Write],
                &[PurposeOfUse::Treatment],
            ),
            None,
        )
        .unwrap();
    let record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Encounter/visit-1",
            FhirResourceType::Encounter,
            &[],
        )
        .unwrap();
    suite
        .ehr()
        .execute(
            &a.hospital,
            &ExecuteMsg::ProposeGrant {
                patient: a.patient.to_string(),
                grantee: GranteeMsg::Address {
                    address: a.hospital.to_string(),
                },
                provision: permit(&[AccessAction::Read], &[PurposeOfUse::Treatment]),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        )
        .unwrap();
    suite
        .ehr()
        .execute(
            &a.patient,
            &ExecuteMsg::AppointDelegate {
                delegate: a.guardian.to_string(),
                relationship: DelegateRelationship::Caregiver,
                scope: any_scope(),
                manage_grants: false,
                expires_at: None,
            },
        )
        .unwrap();
    let session = suite
        .ehr()
        .emergency_access(&a.er_clinician, &a.patient, 3600)
        .unwrap();
    assert_eq!((grant, record, session), (GRANT, RECORD, SESSION));
    // The pharmacy is a trusted gateway; the clinician is also a privacy officer and opened
    // session 2 (on the spouse) themself.
    for msg in [
        ExecuteMsg::SetGateway {
            address: a.pharmacy.to_string(),
            trusted: true,
        },
        ExecuteMsg::SetPrivacyOfficer {
            address: a.clinician.to_string(),
            appointed: true,
        },
    ] {
        suite.ehr().execute(&a.owner, &msg).unwrap();
    }
    let own = suite
        .ehr()
        .emergency_access(&a.clinician, &a.spouse, 3600)
        .unwrap();
    assert_eq!(own, OWN_SESSION);
    // The clinician is licensed in NY; the patient booked visit 1 (in an hour) and visit 2
    // (now), and consented to visit 2.
    let telehealth = [
        (
            a.credentialing.clone(),
            ExecuteMsg::SetLicensure {
                clinician: a.clinician.to_string(),
                jurisdictions: vec!["NY".into()],
                compacts: vec![],
            },
        ),
        (
            a.patient.clone(),
            visit_msg(a.patient.to_string(), a.clinician.to_string(), T0 + 3600),
        ),
        (
            a.patient.clone(),
            visit_msg(a.patient.to_string(), a.clinician.to_string(), T0),
        ),
        (
            a.patient.clone(),
            ExecuteMsg::ConsentToVisit {
                visit_id: OPEN_VISIT,
                consent_hash: Sha256Hash::digest(b"telehealth informed consent v3"),
                resource_types: vec![],
            },
        ),
    ];
    for (sender, msg) in telehealth {
        suite.ehr().execute(&sender, &msg).unwrap();
    }
    // The hospital's on-call pool (team 2, the clinician a member); the patient booked visit 3
    // with it.
    let pool = [
        (
            a.hospital.clone(),
            ExecuteMsg::CreateTeam {
                kind: TeamKind::Organization,
            },
        ),
        (
            a.hospital.clone(),
            ExecuteMsg::UpdateTeamMembers {
                team_id: POOL,
                add: vec![a.clinician.to_string()],
                remove: vec![],
            },
        ),
        (a.patient.clone(), on_call_msg(a.patient.to_string(), T0)),
    ];
    for (sender, msg) in pool {
        suite.ehr().execute(&sender, &msg).unwrap();
    }
    // The cuff and the scale are device parties; the patient enrolled the cuff on the
    // clinician's order.
    for device in [cuff(), scale()] {
        let msg = ExecuteMsg::RegisterParty {
            address: device.to_string(),
            identifier: Sha256Hash::digest(device.as_bytes()).as_str().to_string(),
            role: PartyRole::Device,
            license_expiry: cosmwasm_std::Timestamp::from_seconds(T0 + 365 * 86_400),
        };
        suite.ehr().execute(&a.credentialing, &msg).unwrap();
    }
    let msg = ExecuteMsg::EnrollDevice {
        patient: a.patient.to_string(),
        device: cuff().to_string(),
        ordering_clinician: a.clinician.to_string(),
        ends_at: cosmwasm_std::Timestamp::from_seconds(T0 + 90 * 86_400),
    };
    suite.ehr().execute(&a.patient, &msg).unwrap();
    suite
}

fn on_call_msg(patient: String, starts: u64) -> ExecuteMsg {
    ExecuteMsg::BookOnCallVisit {
        patient,
        team_id: POOL,
        modality: VisitModality::VirtualVideo,
        jurisdiction: "NY".into(),
        starts_at: cosmwasm_std::Timestamp::from_seconds(starts),
        ends_at: cosmwasm_std::Timestamp::from_seconds(starts + 1800),
    }
}

fn everyone(a: &Actors) -> Vec<Addr> {
    vec![
        a.owner.clone(),
        a.patient.clone(),
        a.spouse.clone(),
        a.guardian.clone(),
        a.clinician.clone(),
        a.er_clinician.clone(),
        a.hospital.clone(),
        a.sponsor.clone(),
        a.credentialing.clone(),
        a.privacy_officer.clone(),
        a.stranger.clone(),
        a.irb.clone(),
    ]
}

fn any_scope() -> Scope {
    Scope {
        actions: vec![],
        purposes: vec![],
        resource_types: vec![],
        labels: vec![],
    }
}

/// Every message, as the actor allowed to send it would send it (each would succeed in the
/// setup without funds); address fields are produced by `addr`, so the malformed cases can
/// replace one field at a time. `field` names which field `addr` is asked for.
fn authorized(a: &Actors, addr: &dyn Fn(&str, &Addr) -> String) -> Vec<(Addr, ExecuteMsg)> {
    vec![
        (
            a.owner.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: addr("new_owner", &a.stranger),
                expiry: None,
            }),
        ),
        (
            a.owner.clone(),
            ExecuteMsg::UpdateConfig {
                credentialing_authority: Some(addr("credentialing_authority", &a.stranger)),
                emergency_policy: None,
                guardianship_end_age: None,
            },
        ),
        (
            a.owner.clone(),
            ExecuteMsg::SetPrivacyOfficer {
                address: addr("privacy_officer", &a.stranger),
                appointed: true,
            },
        ),
        (
            a.owner.clone(),
            ExecuteMsg::SetGateway {
                address: addr("gateway", &a.hospital),
                trusted: true,
            },
        ),
        (
            a.credentialing.clone(),
            ExecuteMsg::RegisterParty {
                address: addr("party", &a.stranger),
                identifier: "NPI-1234567890".into(),
                role: PartyRole::Clinician,
                license_expiry: cosmwasm_std::Timestamp::from_seconds(1_900_000_000),
            },
        ),
        (
            a.credentialing.clone(),
            ExecuteMsg::UpdateParty {
                address: addr("party_update", &a.er_clinician),
                status: Some(PartyStatus::Suspended),
                license_expiry: None,
                reason: PartyChangeReason::Disciplinary,
            },
        ),
        (a.stranger.clone(), ExecuteMsg::RegisterPatient {}),
        (
            a.clinician.clone(),
            ExecuteMsg::AddRecord {
                patient: addr("record_patient", &a.patient),
                content: fhir_doc("Observation/pulse"),
                resource_type: FhirResourceType::Observation,
                labels: vec![],
                data_period: None,
            },
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::AmendRecord {
                record_id: RECORD,
                content: fhir_doc("Encounter/visit-1-v2"),
                labels: vec![],
                data_period: None,
                reason: AmendReason::Correction,
                reason_hash: None,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::SetSelfPayRestriction {
                record_id: RECORD,
                restricted: true,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::GrantAccess {
                patient: addr("grant_patient", &a.patient),
                grantee: GranteeMsg::Address {
                    address: addr("grantee", &a.hospital),
                },
                provision: permit(&[AccessAction::Read], &[PurposeOfUse::Payment]),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        ),
        (
            a.hospital.clone(),
            ExecuteMsg::ProposeGrant {
                patient: addr("propose_patient", &a.patient),
                grantee: GranteeMsg::Address {
                    address: addr("propose_grantee", &a.hospital),
                },
                provision: permit(&[AccessAction::Read], &[PurposeOfUse::Treatment]),
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::RespondToGrant {
                grant_id: DRAFT,
                accept: true,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::RevokeAccess {
                grant_id: GRANT,
                reason: RevocationReason::PatientWithdrew,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::MarkGrantEnteredInError { grant_id: GRANT },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::AppointDelegate {
                delegate: addr("delegate", &a.spouse),
                relationship: DelegateRelationship::PowerOfAttorney,
                scope: any_scope(),
                manage_grants: true,
                expires_at: None,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::RemoveDelegate {
                patient: addr("remove_patient", &a.patient),
                delegate: addr("remove_delegate", &a.guardian),
            },
        ),
        (
            a.irb.clone(),
            ExecuteMsg::SetEthicsClearance {
                researcher: addr("clearance_researcher", &a.site),
                // The suite cleared the site already: withdrawing is the change.
                cleared: false,
            },
        ),
        (
            a.er_clinician.clone(),
            ExecuteMsg::EmergencyAccess {
                patient: addr("emergency_patient", &a.spouse),
                reason: EmergencyReason::LifeThreatening,
                justification_hash: Sha256Hash::digest(b"cardiac arrest"),
                duration_secs: 600,
            },
        ),
        (
            a.er_clinician.clone(),
            ExecuteMsg::EndEmergencyAccess {
                session_id: SESSION,
            },
        ),
        (
            a.privacy_officer.clone(),
            ExecuteMsg::CloseReview {
                review_id: SESSION,
                outcome: ReviewOutcome::Justified,
                finding_hash: None,
            },
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::RecordAccess {
                patient: addr("access_patient", &a.patient),
                record_id: RECORD,
                actor: addr("access_actor", &a.clinician),
                action: AccessAction::Read,
                purpose: PurposeOfUse::Treatment,
                accounting_suspended_until: None,
                via_team: None,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::DeclareBirthYear { birth_year: 1990 },
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::CreateTeam {
                kind: TeamKind::CareTeam,
            },
        ),
        (
            a.hospital.clone(),
            ExecuteMsg::UpdateTeamMembers {
                team_id: TEAM,
                add: vec![addr("team_member", &a.clinician)],
                remove: vec![],
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::NameSuccessor {
                successor: addr("successor", &a.guardian),
                scope: any_scope(),
                inactivity_secs: 365 * 86_400,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::RemoveSuccessor {
                patient: addr("successor_patient", &a.patient),
                successor: addr("removed_successor", &a.spouse),
            },
        ),
        (
            a.guardian.clone(),
            ExecuteMsg::ActivateSuccession {
                patient: addr("succession_patient", &a.spouse),
            },
        ),
        (
            a.credentialing.clone(),
            ExecuteMsg::SetLicensure {
                clinician: addr("licensure_clinician", &a.er_clinician),
                jurisdictions: vec!["NY".into(), "NJ".into()],
                compacts: vec![InterstateCompact::Imlc],
            },
        ),
        (
            a.patient.clone(),
            visit_msg(
                addr("visit_patient", &a.patient),
                addr("visit_clinician", &a.clinician),
                T0 + 7200,
            ),
        ),
        (
            a.patient.clone(),
            ExecuteMsg::ConsentToVisit {
                visit_id: BOOKED_VISIT,
                consent_hash: Sha256Hash::digest(b"telehealth informed consent v3"),
                resource_types: vec![FhirResourceType::Observation],
            },
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::RecordEncounter {
                visit_id: OPEN_VISIT,
                content: fhir_doc("Encounter/tele-2"),
            },
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::EndVisit {
                visit_id: OPEN_VISIT,
            },
        ),
        (
            a.patient.clone(),
            on_call_msg(addr("on_call_patient", &a.patient), T0 + 7200),
        ),
        (
            a.clinician.clone(),
            ExecuteMsg::TakeVisit {
                visit_id: POOL_VISIT,
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::EnrollDevice {
                patient: addr("enroll_patient", &a.patient),
                device: addr("enrolled_device", &scale()),
                ordering_clinician: addr("ordering_clinician", &a.clinician),
                ends_at: cosmwasm_std::Timestamp::from_seconds(T0 + 30 * 86_400),
            },
        ),
        (
            a.patient.clone(),
            ExecuteMsg::EndDeviceEnrollment {
                patient: addr("unenroll_patient", &a.patient),
                device: addr("unenrolled_device", &cuff()),
            },
        ),
        (
            cuff(),
            ExecuteMsg::SubmitReading {
                patient: addr("reading_patient", &a.patient),
                reading_hash: Sha256Hash::digest(b"salted reading payload"),
                taken_at: cosmwasm_std::Timestamp::from_seconds(T0),
                uri: None,
            },
        ),
    ]
}

fn valid(_field: &str, addr: &Addr) -> String {
    addr.to_string()
}

/// Sends `msg` as `sender` with `funds` and asserts it is refused with `expected`, the
/// registry's storage and the sender's balance unchanged.
fn assert_refused(suite: &mut Suite, sender: &Addr, msg: &ExecuteMsg, funds: u128, expected: &str) {
    let ehr = suite.ehr_addr.clone();
    let before = suite.snapshot(&ehr);
    let balance = suite.balance(sender);
    let funds = if funds == 0 {
        vec![]
    } else {
        coins(funds, DENOM)
    };
    let err = suite
        .app
        .execute_contract(sender.clone(), ehr.clone(), msg, &funds)
        .map(|r| r.events)
        .expect_err(&format!("{} by {sender} must be refused", variant(msg)));
    assert_eq!(root_error(&err), expected, "{} by {sender}", variant(msg));
    assert!(
        suite.snapshot(&ehr) == before,
        "{} by {sender} changed the registry",
        variant(msg)
    );
    assert_eq!(suite.balance(sender), balance);
}

/// Every message, sent by an actor who must not send it, is refused with its own error.
#[test]
fn every_message_from_the_wrong_actor_is_refused_and_changes_nothing() {
    let mut suite = setup();
    let a = suite.actors.clone();
    let msgs = authorized(&a, &valid);
    let by = |name: &str| {
        msgs.iter()
            .find(|(_, m)| variant(m) == name)
            .map(|(_, m)| m.clone())
            .unwrap()
    };
    let unauthorized = |role: &'static str| ContractError::Unauthorized { role }.to_string();
    let not_owner = OwnershipError::NotOwner.to_string();
    let cases: Vec<(Addr, ExecuteMsg, String)> = vec![
        // Owner-only configuration: not a stranger, not the appointees themselves.
        (
            a.stranger.clone(),
            by("update_ownership"),
            not_owner.clone(),
        ),
        (
            a.stranger.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership {}),
            OwnershipError::NotPendingOwner.to_string(),
        ),
        (
            a.sponsor.clone(),
            ExecuteMsg::UpdateOwnership(OwnershipAction::CancelTransfer {}),
            not_owner.clone(),
        ),
        (
            a.credentialing.clone(),
            by("update_config"),
            not_owner.clone(),
        ),
        (
            a.privacy_officer.clone(),
            by("set_privacy_officer"),
            not_owner.clone(),
        ),
        (a.hospital.clone(), by("set_gateway"), not_owner.clone()),
        // Ethics-board only: not the researcher itself, not the owner.
        (
            a.site.clone(),
            by("set_ethics_clearance"),
            unauthorized("an active ethics board"),
        ),
        // Credentialing-authority only: not the owner, not the party itself.
        (
            a.owner.clone(),
            by("register_party"),
            unauthorized("credentialing authority"),
        ),
        (
            a.stranger.clone(),
            by("register_party"),
            unauthorized("credentialing authority"),
        ),
        (
            a.er_clinician.clone(),
            ExecuteMsg::UpdateParty {
                address: a.er_clinician.to_string(),
                status: None,
                license_expiry: Some(cosmwasm_std::Timestamp::from_seconds(4_000_000_000)),
                reason: PartyChangeReason::LicenseRenewed,
            },
            unauthorized("credentialing authority"),
        ),
        // A patient registers once.
        (
            a.patient.clone(),
            ExecuteMsg::RegisterPatient {},
            ContractError::PatientAlreadyRegistered {
                address: a.patient.to_string(),
            }
            .to_string(),
        ),
        // Records: a stranger may not write; a credentialed provider needs a write grant.
        (
            a.stranger.clone(),
            by("add_record"),
            unauthorized("the patient or an active provider with a write grant"),
        ),
        (
            a.er_clinician.clone(),
            by("add_record"),
            ContractError::AccessDenied {
                reason: DecisionReason::NoMatchingGrant,
            }
            .to_string(),
        ),
        (
            a.stranger.clone(),
            by("amend_record"),
            unauthorized("the patient or an active provider with a write grant"),
        ),
        (
            a.hospital.clone(),
            by("amend_record"),
            // Neither the record's custodian nor a grantee of a grant naming the record.
            ContractError::NotCustodian { record_id: RECORD }.to_string(),
        ),
        // Only the patient sets a self-pay restriction: not the record's custodian, not a delegate.
        (
            a.clinician.clone(),
            by("set_self_pay_restriction"),
            unauthorized("the patient"),
        ),
        (
            a.guardian.clone(),
            by("set_self_pay_restriction"),
            unauthorized("the patient"),
        ),
        // Grants are managed by the patient (or a managing delegate): not by the grantee, not by
        // a delegate without `manage_grants`.
        (
            a.clinician.clone(),
            by("grant_access"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        (
            a.guardian.clone(),
            by("grant_access"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        (
            a.clinician.clone(),
            by("revoke_access"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        // Drafts: proposed only by an active credentialed party, answered only by the patient
        // (not the proposer, not a delegate).
        (
            a.stranger.clone(),
            by("propose_grant"),
            unauthorized("an active credentialed party"),
        ),
        (
            a.hospital.clone(),
            by("respond_to_grant"),
            unauthorized("the patient"),
        ),
        (
            a.guardian.clone(),
            by("respond_to_grant"),
            unauthorized("the patient"),
        ),
        (
            a.guardian.clone(),
            by("mark_grant_entered_in_error"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        // Delegates: a non-patient appoints none; a stranger removes none.
        (
            a.stranger.clone(),
            by("appoint_delegate"),
            ContractError::PatientNotRegistered {
                address: a.stranger.to_string(),
            }
            .to_string(),
        ),
        (
            a.stranger.clone(),
            by("remove_delegate"),
            unauthorized("the patient or the delegate"),
        ),
        // Break-glass: only an active clinician opens it; the opener, the patient or a privacy
        // officer ends it.
        (
            a.hospital.clone(),
            by("emergency_access"),
            ContractError::NotActiveClinician.to_string(),
        ),
        (
            a.guardian.clone(),
            by("emergency_access"),
            ContractError::NotActiveClinician.to_string(),
        ),
        (
            a.hospital.clone(),
            by("end_emergency_access"),
            unauthorized("the clinician who opened the session, the patient or a privacy officer"),
        ),
        // Reviews: only a privacy officer, never the reviewed clinician nor the owner.
        (
            a.er_clinician.clone(),
            by("close_review"),
            unauthorized("a privacy officer"),
        ),
        (
            a.owner.clone(),
            by("close_review"),
            unauthorized("a privacy officer"),
        ),
        // ... and a privacy officer never closes the review of their own session.
        (
            a.clinician.clone(),
            ExecuteMsg::CloseReview {
                review_id: OWN_SESSION,
                outcome: ReviewOutcome::Justified,
                finding_hash: None,
            },
            ContractError::ConflictOfInterest.to_string(),
        ),
        // Disclosures: recorded by the actor itself or a trusted gateway, and only when allowed.
        (
            a.stranger.clone(),
            by("record_access"),
            unauthorized("the actor or a trusted gateway"),
        ),
        (
            a.hospital.clone(),
            by("record_access"),
            unauthorized("the actor or a trusted gateway"),
        ),
        // A trusted gateway records only what the actor it serves may access.
        (
            a.pharmacy.clone(),
            ExecuteMsg::RecordAccess {
                patient: a.patient.to_string(),
                record_id: RECORD,
                actor: a.hospital.to_string(),
                action: AccessAction::Read,
                purpose: PurposeOfUse::Payment,
                accounting_suspended_until: None,
                via_team: None,
            },
            ContractError::AccessDenied {
                reason: DecisionReason::NoMatchingGrant,
            }
            .to_string(),
        ),
        (
            a.er_clinician.clone(),
            ExecuteMsg::RecordAccess {
                patient: a.patient.to_string(),
                record_id: RECORD,
                actor: a.er_clinician.to_string(),
                action: AccessAction::Read,
                purpose: PurposeOfUse::Treatment,
                accounting_suspended_until: None,
                via_team: None,
            },
            ContractError::AccessDenied {
                reason: DecisionReason::NoMatchingGrant,
            }
            .to_string(),
        ),
        // Licensure: only the credentialing authority, not the owner, not the clinician.
        (
            a.owner.clone(),
            by("set_licensure"),
            unauthorized("credentialing authority"),
        ),
        (
            a.er_clinician.clone(),
            by("set_licensure"),
            unauthorized("credentialing authority"),
        ),
        // Visits: booked by the patient or the visit's clinician, and only where licensed.
        (
            a.stranger.clone(),
            by("book_visit"),
            unauthorized("the patient or the visit's clinician"),
        ),
        (
            a.er_clinician.clone(),
            by("book_visit"),
            unauthorized("the patient or the visit's clinician"),
        ),
        (
            a.er_clinician.clone(),
            visit_msg(a.patient.to_string(), a.er_clinician.to_string(), T0 + 3600),
            ContractError::NotLicensedIn {
                clinician: a.er_clinician.to_string(),
                jurisdiction: "NY".into(),
            }
            .to_string(),
        ),
        // Consent: the patient (or a managing delegate), not the clinician, not a caregiver
        // delegate without `manage_grants`.
        (
            a.clinician.clone(),
            by("consent_to_visit"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        (
            a.guardian.clone(),
            by("consent_to_visit"),
            unauthorized("the patient or a delegate managing grants"),
        ),
        // The encounter: only the visit's clinician, not a rival, not the patient.
        (
            a.er_clinician.clone(),
            by("record_encounter"),
            unauthorized("the visit's clinician"),
        ),
        (
            a.patient.clone(),
            by("record_encounter"),
            unauthorized("the visit's clinician"),
        ),
        // Hang-up: the patient or the clinician, not a stranger, not a delegate.
        (
            a.stranger.clone(),
            by("end_visit"),
            unauthorized("the visit's patient or clinician"),
        ),
        (
            a.guardian.clone(),
            by("end_visit"),
            unauthorized("the visit's patient or clinician"),
        ),
        // On-call: booked by the patient or the pool's manager (not a member, not a stranger);
        // taken by a member only (not the manager, not a rival, not the patient).
        (
            a.stranger.clone(),
            by("book_on_call_visit"),
            unauthorized("the patient or the on-call team's manager"),
        ),
        (
            a.clinician.clone(),
            by("book_on_call_visit"),
            unauthorized("the patient or the on-call team's manager"),
        ),
        (
            a.er_clinician.clone(),
            by("take_visit"),
            ContractError::NotTeamMember {
                team_id: POOL,
                address: a.er_clinician.to_string(),
            }
            .to_string(),
        ),
        (
            a.hospital.clone(),
            by("take_visit"),
            ContractError::NotTeamMember {
                team_id: POOL,
                address: a.hospital.to_string(),
            }
            .to_string(),
        ),
        (
            a.patient.clone(),
            by("take_visit"),
            ContractError::NotTeamMember {
                team_id: POOL,
                address: a.patient.to_string(),
            }
            .to_string(),
        ),
    ];
    // Teams, successors and the birth year: only the manager, the patient, the successor.
    let cases: Vec<(Addr, ExecuteMsg, String)> = cases
        .into_iter()
        .chain([
            (
                a.stranger.clone(),
                by("declare_birth_year"),
                ContractError::PatientNotRegistered {
                    address: a.stranger.to_string(),
                }
                .to_string(),
            ),
            (
                a.stranger.clone(),
                by("create_team"),
                unauthorized("an active credentialed party"),
            ),
            (
                a.clinician.clone(),
                by("update_team_members"),
                unauthorized("the team's manager"),
            ),
            (
                a.stranger.clone(),
                by("name_successor"),
                ContractError::PatientNotRegistered {
                    address: a.stranger.to_string(),
                }
                .to_string(),
            ),
            (
                a.stranger.clone(),
                by("remove_successor"),
                unauthorized("the patient or the successor"),
            ),
            (
                a.stranger.clone(),
                by("activate_succession"),
                unauthorized("a successor named by the patient"),
            ),
            // Devices: the patient (or a delegate in scope) enrolls and ends; only the
            // enrolled device submits.
            (
                a.stranger.clone(),
                by("enroll_device"),
                unauthorized(DEVICE_MANAGER),
            ),
            (
                a.guardian.clone(),
                by("enroll_device"),
                unauthorized(DEVICE_MANAGER),
            ),
            (
                a.er_clinician.clone(),
                by("end_device_enrollment"),
                unauthorized(DEVICE_MANAGER),
            ),
            (
                cuff(),
                by("end_device_enrollment"),
                unauthorized(DEVICE_MANAGER),
            ),
            (
                a.stranger.clone(),
                by("submit_reading"),
                ContractError::WrongRole {
                    address: a.stranger.to_string(),
                    role: "device",
                }
                .to_string(),
            ),
            (
                a.clinician.clone(),
                by("submit_reading"),
                ContractError::WrongRole {
                    address: a.clinician.to_string(),
                    role: "device",
                }
                .to_string(),
            ),
            (
                scale(),
                by("submit_reading"),
                ContractError::DeviceNotEnrolled {
                    device: scale().to_string(),
                    patient: a.patient.to_string(),
                }
                .to_string(),
            ),
        ])
        .collect();
    let mut covered = BTreeSet::new();
    for (sender, msg, expected) in &cases {
        assert_refused(&mut suite, sender, msg, 0, expected);
        covered.insert(variant(msg));
    }
    assert_eq!(covered.len(), VARIANTS, "covered: {covered:?}");
}

/// Every message carries no funds: sent by its rightful actor with 1 `uhealth`, it is refused
/// by the payment guard, the coin stays with the sender.
#[test]
fn every_message_with_funds_is_refused_and_changes_nothing() {
    let mut suite = setup();
    let a = suite.actors.clone();
    let msgs = authorized(&a, &valid);
    let expected = PaymentError::NonPayable.to_string();
    let mut covered = BTreeSet::new();
    for (sender, msg) in &msgs {
        assert_refused(&mut suite, sender, msg, 1, &expected);
        covered.insert(variant(msg));
    }
    assert_eq!(covered.len(), VARIANTS);
}

/// The same messages without funds succeed, so the refusals above are the funds' and the
/// actors' doing, not the setup's.
#[test]
fn the_rightful_actors_succeed_without_funds() {
    let a = Actors::new();
    for (i, _) in authorized(&a, &valid).iter().enumerate() {
        // A fresh suite per message: some messages (revoke, mark in error) exclude each other.
        let mut suite = setup();
        let (sender, msg) = authorized(&a, &valid).swap_remove(i);
        let before = suite.snapshot(&suite.ehr_addr.clone());
        suite
            .ehr()
            .execute(&sender, &msg)
            .unwrap_or_else(|e| panic!("{}: {}", variant(&msg), root_error(&e)));
        assert!(
            suite.snapshot(&suite.ehr_addr.clone()) != before,
            "{} changed nothing",
            variant(&msg)
        );
    }
}

/// Every address field, garbage or the upper-case form of a valid address, is refused by
/// address validation before anything is stored: an upper-case address is never accepted as
/// (nor compared against) its lower-case original.
#[test]
fn every_malformed_or_upper_case_address_is_refused_and_changes_nothing() {
    let mut suite = setup();
    let a = suite.actors.clone();
    // Every field name `authorized` asks an address for.
    let fields: Vec<String> = {
        let seen = std::cell::RefCell::new(vec![]);
        let record = |f: &str, addr: &Addr| {
            seen.borrow_mut().push(f.to_string());
            addr.to_string()
        };
        authorized(&a, &record);
        seen.into_inner()
    };
    assert_eq!(fields.len(), 33);
    let mut covered = BTreeSet::new();
    for field in &fields {
        for bad in ["garbage", "upper"] {
            let replace = |f: &str, addr: &Addr| {
                if f != field {
                    addr.to_string()
                } else if bad == "upper" {
                    addr.as_str().to_uppercase()
                } else {
                    "not-an-address".to_string()
                }
            };
            // The one message whose field was replaced: the one that differs from the valid set.
            let (sender, msg) = authorized(&a, &replace)
                .into_iter()
                .zip(authorized(&a, &valid))
                .find(|((_, bad_msg), (_, good))| bad_msg != good)
                .map(|(bad, _)| bad)
                .unwrap();
            // The chain's address validation answers (multi-test's bech32 `MockApi` here; wasmd
            // says "address not normalized" too): the contract validates before anything else.
            let expected = if bad == "upper" {
                "Invalid input: address not normalized"
            } else {
                "parse failed"
            };
            assert_refused(&mut suite, &sender, &msg, 0, expected);
            covered.insert(variant(&msg));
        }
    }
    // Every message that takes an address (all but register_patient, amend_record,
    // set_self_pay_restriction, respond_to_grant, revoke/mark, end_emergency_access and
    // close_review; set_ethics_clearance takes one).
    assert_eq!(covered.len(), 24, "{covered:?}");
}
