//! A minor's parent or guardian appointment ends at the configured age. Only the birth year is
//! on chain; the appointment ends on 1 January of birth year + age (possibly early, never late).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::ehr_registry::{
    DelegateInfo, DelegateRelationship, EhrConfigResponse, ExecuteMsg, PatientInfo, QueryMsg, Scope,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};
use cw_multi_test::Executor;
use ehr_registry::delegates::{start_of_year, year_of};

use FhirResourceType::*;
use PurposeOfUse::*;

fn appoint(
    d: &Addr,
    relationship: DelegateRelationship,
    expires_at: Option<Timestamp>,
) -> ExecuteMsg {
    ExecuteMsg::AppointDelegate {
        delegate: d.to_string(),
        relationship,
        scope: Scope {
            actions: vec![AccessAction::Read],
            purposes: vec![],
            resource_types: vec![],
            labels: vec![],
        },
        manage_grants: false,
        expires_at,
    }
}

fn delegate(s: &Suite, patient: &Addr, d: &Addr) -> DelegateInfo {
    let info: Option<DelegateInfo> = s.query(&QueryMsg::Delegate {
        patient: patient.to_string(),
        delegate: d.to_string(),
    });
    info.unwrap()
}

fn declare(year: u16) -> ExecuteMsg {
    ExecuteMsg::DeclareBirthYear { birth_year: year }
}

#[test]
fn years_start_on_the_first_of_january_utc() {
    assert_eq!(start_of_year(1970), Timestamp::from_seconds(0));
    assert_eq!(start_of_year(2000), Timestamp::from_seconds(946_684_800));
    assert_eq!(start_of_year(2024), Timestamp::from_seconds(1_704_067_200));
    assert_eq!(start_of_year(2025), Timestamp::from_seconds(1_735_689_600));
    assert_eq!(year_of(Timestamp::from_seconds(1_704_067_199)), 2023);
    assert_eq!(year_of(Timestamp::from_seconds(1_704_067_200)), 2024);
    assert_eq!(year_of(Timestamp::from_seconds(1_735_689_599)), 2024);
}

#[test]
fn a_parents_appointment_ends_at_majority_never_later() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    // A parent appointment needs the birth year.
    let err = s.exec_err(&alice, &appoint(&bob, DelegateRelationship::Parent, None));
    assert!(err.contains("birth year"), "{err}");
    let this_year = year_of(s.now());
    let born = this_year - 10;
    s.exec(&alice, &declare(born)).unwrap();
    let majority = start_of_year(born + 18);
    // No expiry, or one after majority: cut back to 1 January of the year of majority.
    for asked in [None, Some(majority.plus_seconds(5 * YEAR))] {
        s.exec(&alice, &appoint(&bob, DelegateRelationship::Parent, asked))
            .unwrap();
        assert_eq!(delegate(&s, &alice, &bob).expires_at, Some(majority));
    }
    // An earlier expiry stays.
    let early = s.now().plus_seconds(YEAR);
    s.exec(
        &alice,
        &appoint(&bob, DelegateRelationship::Guardian, Some(early)),
    )
    .unwrap();
    assert_eq!(delegate(&s, &alice, &bob).expires_at, Some(early));
    s.exec(&alice, &appoint(&bob, DelegateRelationship::Parent, None))
        .unwrap();
    // The parent reads until majority, not a second after.
    let until = majority.seconds() - s.now().seconds();
    s.advance(until - 1);
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    s.advance(1);
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
    // Now an adult: no parent nor guardian appointment; the adult appoints whom they choose.
    for r in [DelegateRelationship::Parent, DelegateRelationship::Guardian] {
        let err = s.exec_err(&alice, &appoint(&bob, r, None));
        assert!(err.contains("guardianship end age"), "{err}");
    }
    s.exec(
        &alice,
        &appoint(&bob, DelegateRelationship::PowerOfAttorney, None),
    )
    .unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
}

#[test]
fn the_birth_year_is_declared_once_and_cuts_back_existing_guardians() {
    let mut s = Suite::new();
    let (alice, bob, stranger) = (s.alice.clone(), s.bob.clone(), s.stranger.clone());
    let this_year = year_of(s.now());
    // A guardian appointed before any birth year is declared (an adult's legal guardian).
    s.exec(&alice, &appoint(&bob, DelegateRelationship::Guardian, None))
        .unwrap();
    assert_eq!(delegate(&s, &alice, &bob).expires_at, None);
    // Bad years: the future, or more than 120 years ago; and only a patient declares.
    for bad in [this_year + 1, this_year - 121] {
        let err = s.exec_err(&alice, &declare(bad));
        assert!(err.contains("invalid birth year"), "{err}");
    }
    assert!(s
        .exec_err(&stranger, &declare(2010))
        .contains("not registered"));
    let born = this_year - 5;
    s.exec(&alice, &declare(born)).unwrap();
    assert_eq!(
        delegate(&s, &alice, &bob).expires_at,
        Some(start_of_year(born + 18))
    );
    // Never changed, so never moved later to extend a guardianship.
    let err = s.exec_err(&alice, &declare(born + 1));
    assert!(err.contains("already declared"), "{err}");
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().birth_year, Some(born));
}

#[test]
fn the_end_age_is_configured_and_bounded() {
    let mut s = Suite::new();
    let (alice, bob, owner, stranger) = (
        s.alice.clone(),
        s.bob.clone(),
        s.owner.clone(),
        s.stranger.clone(),
    );
    let cfg: EhrConfigResponse = s.query(&QueryMsg::Config {});
    assert_eq!(cfg.guardianship_end_age, 18);
    let set = |age| ExecuteMsg::UpdateConfig {
        credentialing_authority: None,
        emergency_policy: None,
        guardianship_end_age: Some(age),
    };
    assert!(s.exec_err(&stranger, &set(21)).contains("owner"));
    for bad in [13, 22] {
        let err = s.exec_err(&owner, &set(bad));
        assert!(err.contains("guardianship_end_age"), "{err}");
    }
    s.exec(&owner, &set(21)).unwrap();
    let born = year_of(s.now()) - 10;
    s.exec(&alice, &declare(born)).unwrap();
    s.exec(&alice, &appoint(&bob, DelegateRelationship::Parent, None))
        .unwrap();
    assert_eq!(
        delegate(&s, &alice, &bob).expires_at,
        Some(start_of_year(born + 21))
    );
    // Instantiate checks the age too.
    let code = s.app.store_code(contract());
    let err = s
        .app
        .instantiate_contract(
            code,
            owner.clone(),
            &cw_health_types::ehr_registry::InstantiateMsg {
                owner: None,
                guardianship_end_age: Some(30),
            },
            &[],
            "ehr",
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains("guardianship_end_age"), "{err}");
}
