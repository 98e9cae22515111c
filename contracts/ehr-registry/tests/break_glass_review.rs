//! Break-glass has consequences: the patient or a privacy officer may end a session, and an
//! "unjustified" review suspends the clinician's break-glass right for the policy's period
//! (default 30 days), ending their open sessions' effect at once.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::Addr;
use cw_health_types::ehr_registry::{
    DecisionReason, EhrConfigResponse, EmergencyReason, ExecuteMsg, QueryMsg, ReviewOutcome,
};
use cw_health_types::{FhirResourceType, PurposeOfUse, Sha256Hash};

use PurposeOfUse::*;

fn open(s: &mut Suite, clinician: &Addr, patient: &Addr) -> u64 {
    let res = s
        .exec(
            clinician,
            &ExecuteMsg::EmergencyAccess {
                patient: patient.to_string(),
                reason: EmergencyReason::PatientUnableToConsent,
                justification_hash: Sha256Hash::digest(b"unconscious on arrival"),
                duration_secs: 3600,
            },
        )
        .unwrap();
    attr(&res, "session_id").parse().unwrap()
}

#[test]
fn the_patient_or_a_privacy_officer_ends_a_session() {
    let mut s = Suite::new();
    let (alice, bob, smith, officer) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.officer.clone(),
    );
    let rec = s.add_record(&alice, FhirResourceType::Observation, &[]);
    let first = open(&mut s, &smith, &alice);
    assert!(s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
    // Not another patient, not another clinician, not a stranger.
    for who in [bob.clone(), s.dr_jones.clone(), s.stranger.clone()] {
        let err = s.exec_err(&who, &ExecuteMsg::EndEmergencyAccess { session_id: first });
        assert!(
            err.ends_with(
                "unauthorized: the clinician who opened the session, the patient or a privacy officer required"
            ),
            "{err}"
        );
    }
    // The patient, awake again, ends it.
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::EndEmergencyAccess { session_id: first },
        )
        .unwrap();
    assert_eq!(attr(&res, "ended_by"), alice.to_string());
    assert!(!s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
    // A privacy officer ends the next one.
    let second = open(&mut s, &smith, &alice);
    s.exec(
        &officer,
        &ExecuteMsg::EndEmergencyAccess { session_id: second },
    )
    .unwrap();
    assert!(!s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
}

#[test]
fn an_unjustified_review_suspends_the_clinicians_break_glass_right() {
    let mut s = Suite::new();
    let (alice, bob, smith, officer) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.officer.clone(),
    );
    let rec = s.add_record(&alice, FhirResourceType::Observation, &[]);
    let bobs = s.add_record(&bob, FhirResourceType::Observation, &[]);
    let snooping = open(&mut s, &smith, &alice);
    open(&mut s, &smith, &bob);
    assert!(s.read(&bob, &smith, EmergencyTreatment, bobs).allowed);
    s.exec(
        &officer,
        &ExecuteMsg::CloseReview {
            review_id: snooping,
            outcome: ReviewOutcome::Unjustified,
            finding_hash: None,
        },
    )
    .unwrap();
    // The attacker: the clinician found snooping keeps breaking the glass.
    for (patient, record) in [(&alice, rec), (&bob, bobs)] {
        let d = s.read(patient, &smith, EmergencyTreatment, record);
        assert!(
            !d.allowed,
            "a suspended clinician still reads by break-glass"
        );
        assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    }
    let cfg: EhrConfigResponse = s.query(&QueryMsg::Config {});
    let period = cfg.emergency_policy.unjustified_suspension_secs;
    assert_eq!(period, 30 * 24 * 3600);
    let until = s.now().plus_seconds(period);
    let err = s.exec_err(
        &smith,
        &ExecuteMsg::EmergencyAccess {
            patient: alice.to_string(),
            reason: EmergencyReason::LifeThreatening,
            justification_hash: Sha256Hash::digest(b"again"),
            duration_secs: 600,
        },
    );
    assert!(
        err.ends_with(&format!("break-glass access is suspended until {until}")),
        "{err}"
    );
    // Other clinicians are not affected; the suspension ends by itself.
    let jones = s.dr_jones.clone();
    open(&mut s, &jones, &alice);
    s.advance(period);
    open(&mut s, &smith, &alice);
    assert!(s.read(&alice, &smith, EmergencyTreatment, rec).allowed);
}
