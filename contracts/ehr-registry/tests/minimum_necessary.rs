//! Minimum necessary (HIPAA 164.502(b)): a grant reaching any purpose other than treatment must
//! name the resource types it discloses; "everything" for research or payment is refused,
//! whoever issues it (the patient, a delegate, a proposer).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::Timestamp;
use cw_health_types::ehr_registry::{
    DelegateRelationship, ExecuteMsg, PartyRole, Provision, Scope,
};
use cw_health_types::{FhirResourceType, PurposeOfUse};

use FhirResourceType::*;
use PurposeOfUse::*;

const REFUSED: &str = "minimum necessary";

fn for_purposes(purposes: &[PurposeOfUse], types: &[FhirResourceType]) -> Provision {
    let mut p = permit();
    p.purposes = purposes.to_vec();
    p.resource_types = types.to_vec();
    p
}

#[test]
fn research_and_payment_wildcards_are_refused() {
    let mut s = Suite::new();
    let (alice, researcher, payer) = (s.alice.clone(), s.researcher.clone(), s.payer.clone());
    // "The trial may read everything of mine, for research."
    let err = s
        .grant(
            &alice,
            address(&researcher),
            for_purposes(&[Research], &[]),
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains(REFUSED), "{err}");
    // "My insurer: everything, for payment."
    let err = s
        .grant(&alice, address(&payer), for_purposes(&[Payment], &[]), None)
        .unwrap_err();
    assert!(err.to_string().contains(REFUSED), "{err}");
    // A grant for any purpose covers research and payment too.
    let err = s
        .grant(
            &alice,
            role(PartyRole::Researcher),
            for_purposes(&[], &[]),
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains(REFUSED), "{err}");
    // Mixing treatment with payment still reaches payment.
    let err = s
        .grant(
            &alice,
            address(&payer),
            for_purposes(&[Treatment, Payment], &[]),
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains(REFUSED), "{err}");
    // Operations and public health are non-treatment purposes as well.
    for purpose in [Operations, PublicHealth, PatientRequested] {
        let err = s
            .grant(&alice, address(&payer), for_purposes(&[purpose], &[]), None)
            .unwrap_err();
        assert!(err.to_string().contains(REFUSED), "{purpose:?}: {err}");
    }
}

#[test]
fn a_nested_permit_is_held_to_the_rule_too() {
    let mut s = Suite::new();
    let (alice, researcher) = (s.alice.clone(), s.researcher.clone());
    // "Nothing, except everything for research": the exception is a research wildcard.
    let mut root = deny();
    root.provisions = vec![for_purposes(&[Research], &[])];
    let err = s
        .grant(&alice, address(&researcher), root.clone(), None)
        .unwrap_err();
    assert!(err.to_string().contains(REFUSED), "{err}");
    // Naming the types on the exception, or on the root above it, is enough.
    root.provisions = vec![for_purposes(&[Research], &[Observation])];
    s.grant(&alice, address(&researcher), root.clone(), None)
        .unwrap();
    root.resource_types = vec![Observation];
    root.provisions = vec![for_purposes(&[Research], &[])];
    s.grant(&alice, address(&researcher), root, None).unwrap();
    // A nested permit under a treatment-only root reaches treatment only: no types needed.
    let mut root = for_purposes(&[Treatment], &[]);
    root.provisions = vec![permit()];
    s.grant(&alice, address(&researcher), root, None).unwrap();
}

#[test]
fn named_resource_types_and_treatment_wildcards_are_accepted() {
    let mut s = Suite::new();
    let (alice, researcher, smith) = (s.alice.clone(), s.researcher.clone(), s.dr_smith.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    s.clear_for_research(&researcher);
    let cond = s.add_record(&alice, Condition, &[]);
    // Research on Observations only.
    s.grant(
        &alice,
        address(&researcher),
        for_purposes(&[Research], &[Observation]),
        None,
    )
    .unwrap();
    assert!(s.read(&alice, &researcher, Research, obs).allowed);
    assert!(!s.read(&alice, &researcher, Research, cond).allowed);
    // Types named at the root cover nested permits.
    let mut root = for_purposes(&[], &[Observation, Condition]);
    root.provisions = vec![for_purposes(&[Research], &[])];
    s.grant(&alice, address(&researcher), root, None).unwrap();
    // Treatment needs no list of types: the treating clinician sees the whole record.
    s.grant(
        &alice,
        address(&smith),
        for_purposes(&[Treatment], &[]),
        None,
    )
    .unwrap();
    s.grant(
        &alice,
        role(PartyRole::Clinician),
        for_purposes(&[Treatment, EmergencyTreatment], &[]),
        None,
    )
    .unwrap();
    assert!(s.read(&alice, &smith, Treatment, cond).allowed);
    // Denies need no types: "nothing for research" is always allowed.
    let mut no_research = deny();
    no_research.purposes = vec![Research];
    s.grant(&alice, role(PartyRole::Researcher), no_research, None)
        .unwrap();
}

#[test]
fn delegates_and_proposers_are_held_to_the_same_rule() {
    let mut s = Suite::new();
    let (alice, bob, researcher) = (s.alice.clone(), s.bob.clone(), s.researcher.clone());
    let until = s.now().plus_seconds(YEAR);
    s.exec(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: bob.to_string(),
            relationship: DelegateRelationship::Caregiver,
            scope: Scope {
                actions: vec![],
                purposes: vec![],
                resource_types: vec![],
                labels: vec![],
            },
            manage_grants: true,
            expires_at: Some(until),
        },
    )
    .unwrap();
    let err = s.exec_err(
        &bob,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(&researcher),
            provision: for_purposes(&[Research], &[]),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    );
    assert!(err.contains(REFUSED), "{err}");
    // A research sponsor's draft consent form asking for everything is refused too.
    let err = s.exec_err(
        &researcher,
        &ExecuteMsg::ProposeGrant {
            patient: alice.to_string(),
            grantee: address(&researcher),
            provision: for_purposes(&[Research], &[]),
            starts_at: None,
            expires_at: Some(Timestamp::from_seconds(until.seconds())),
            policy_hash: None,
            verification: None,
        },
    );
    assert!(err.contains(REFUSED), "{err}");
    // Within the rule, both work.
    s.exec(
        &researcher,
        &ExecuteMsg::ProposeGrant {
            patient: alice.to_string(),
            grantee: address(&researcher),
            provision: for_purposes(&[Research], &[Observation]),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    )
    .unwrap();
}
