//! Succession (liveness): a successor gains its scope only after the patient has signed nothing
//! for the set period, by activating it; any later patient message ends it at once.
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
    AccessBasis, DecisionReason, ExecuteMsg, PatientInfo, QueryMsg, Scope, SuccessorsResponse,
    MAX_SUCCESSION_INACTIVITY_SECS, MAX_SUCCESSORS_PER_PATIENT, MIN_SUCCESSION_INACTIVITY_SECS,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

const DAY: u64 = 86_400;

/// Reads of observations and immunizations for treatment.
fn scope() -> Scope {
    Scope {
        actions: vec![AccessAction::Read],
        purposes: vec![Treatment],
        resource_types: vec![Observation, Immunization],
        labels: vec![],
    }
}

fn name(successor: &Addr, scope: Scope, inactivity_secs: u64) -> ExecuteMsg {
    ExecuteMsg::NameSuccessor {
        successor: successor.to_string(),
        scope,
        inactivity_secs,
    }
}

fn activate(patient: &Addr) -> ExecuteMsg {
    ExecuteMsg::ActivateSuccession {
        patient: patient.to_string(),
    }
}

fn successors(s: &Suite, patient: &Addr) -> SuccessorsResponse {
    s.query(&QueryMsg::Successors {
        patient: patient.to_string(),
        start_after: None,
        limit: None,
    })
}

#[test]
fn early_or_stranger_activation_is_refused_and_the_period_opens_the_scope() {
    let mut s = Suite::new();
    let (alice, bob, stranger) = (s.alice.clone(), s.bob.clone(), s.stranger.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let cond = s.add_record(&alice, Condition, &[]);
    let smith = s.dr_smith.clone();
    let g = s.grant(&alice, address(&smith), deny(), None).unwrap();
    s.exec(&alice, &name(&bob, scope(), 180 * DAY)).unwrap();
    // Named, not in force: nothing yet.
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
    // Early: one second before the period ends.
    s.advance(180 * DAY - 1);
    let err = s.exec_err(&bob, &activate(&alice));
    assert!(err.contains("has acted on the registry"), "{err}");
    // A stranger is no successor.
    s.advance(1);
    let err = s.exec_err(&stranger, &activate(&alice));
    assert!(err.contains("a successor named by the patient"), "{err}");
    assert!(successors(&s, &alice).successors[0].activated_at.is_none());
    // On time: the successor reads within its scope, and only within it.
    s.exec(&bob, &activate(&alice)).unwrap();
    let d = s.read(&alice, &bob, Treatment, obs);
    assert!(d.allowed);
    assert_eq!(d.reason, DecisionReason::PermittedAsSuccessor);
    assert_eq!(
        d.basis,
        Some(AccessBasis::Delegate {
            patient: alice.clone()
        })
    );
    assert!(!s.read(&alice, &bob, Treatment, cond).allowed);
    assert!(!s.read(&alice, &bob, Research, obs).allowed);
    // Twice is refused.
    let err = s.exec_err(&bob, &activate(&alice));
    assert!(err.contains("already in force"), "{err}");
    let info = &successors(&s, &alice).successors[0];
    assert!(info.in_force);
    // It never manages grants.
    let err = s.exec_err(
        &bob,
        &ExecuteMsg::RevokeAccess {
            grant_id: g,
            reason: cw_health_types::ehr_registry::RevocationReason::PatientWithdrew,
        },
    );
    assert!(err.contains("unauthorized"), "{err}");
}

#[test]
fn the_patients_return_ends_the_succession_at_once() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    s.exec(&alice, &name(&bob, scope(), MIN_SUCCESSION_INACTIVITY_SECS))
        .unwrap();
    s.advance(MIN_SUCCESSION_INACTIVITY_SECS);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    // The patient signs anything (here: a record), in the same block.
    s.add_record(&alice, Immunization, &[]);
    let d = s.read(&alice, &bob, Treatment, obs);
    assert!(!d.allowed, "the succession outlived the patient's return");
    assert!(!successors(&s, &alice).successors[0].in_force);
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().last_active_at, s.now());
    // A new activation needs a whole new period of inactivity.
    s.advance(MIN_SUCCESSION_INACTIVITY_SECS - 1);
    assert!(s.exec_err(&bob, &activate(&alice)).contains("has acted"));
    s.advance(1);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
}

#[test]
fn the_patients_deny_binds_the_successor_and_protected_data_stays_out() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let psy = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    let mut any = scope();
    any.resource_types = vec![];
    s.exec(&alice, &name(&bob, any, MIN_SUCCESSION_INACTIVITY_SECS))
        .unwrap();
    s.grant(&alice, address(&bob), deny(), None).unwrap();
    s.advance(MIN_SUCCESSION_INACTIVITY_SECS);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert_eq!(
        s.read(&alice, &bob, Treatment, obs).reason,
        DecisionReason::DeniedByProvision
    );
    assert!(!s.read(&alice, &bob, Treatment, psy).allowed);
}

#[test]
fn the_scope_count_and_period_are_bounded() {
    let mut s = Suite::new();
    let (alice, bob, stranger) = (s.alice.clone(), s.bob.clone(), s.stranger.clone());
    // Protected classes: a succession has no expiry.
    let mut protected = scope();
    protected.labels = vec![SecurityLabel::Restricted];
    let err = s.exec_err(
        &alice,
        &name(&bob, protected, MIN_SUCCESSION_INACTIVITY_SECS),
    );
    assert!(err.contains("normal data only"), "{err}");
    let mut category = scope();
    category.labels = vec![SecurityLabel::Psychiatry];
    let err = s.exec_err(
        &alice,
        &name(&bob, category, MIN_SUCCESSION_INACTIVITY_SECS),
    );
    assert!(err.contains("category"), "{err}");
    // The period: 90 days to 10 years.
    for bad in [
        0,
        MIN_SUCCESSION_INACTIVITY_SECS - 1,
        MAX_SUCCESSION_INACTIVITY_SECS + 1,
    ] {
        let err = s.exec_err(&alice, &name(&bob, scope(), bad));
        assert!(err.contains("inactivity_secs"), "{err}");
    }
    // Not oneself; not by a non-patient.
    assert!(s
        .exec_err(
            &alice,
            &name(&alice, scope(), MIN_SUCCESSION_INACTIVITY_SECS)
        )
        .contains("own records"));
    assert!(s
        .exec_err(
            &stranger,
            &name(&bob, scope(), MIN_SUCCESSION_INACTIVITY_SECS)
        )
        .contains("not registered"));
    assert!(successors(&s, &alice).successors.is_empty());
    // At most MAX_SUCCESSORS_PER_PATIENT; replacing one is not adding one.
    let api = s.app.api();
    let names: Vec<Addr> = (0..MAX_SUCCESSORS_PER_PATIENT)
        .map(|i| api.addr_make(&format!("heir{i}")))
        .collect();
    for n in &names {
        s.exec(&alice, &name(n, scope(), MIN_SUCCESSION_INACTIVITY_SECS))
            .unwrap();
    }
    s.exec(
        &alice,
        &name(&names[0], scope(), MAX_SUCCESSION_INACTIVITY_SECS),
    )
    .unwrap();
    let err = s.exec_err(&alice, &name(&bob, scope(), MIN_SUCCESSION_INACTIVITY_SECS));
    assert!(err.contains("too many successors"), "{err}");
    // Removal: by the patient or the successor itself, never a stranger; frees a slot.
    let remove = |who: &Addr| ExecuteMsg::RemoveSuccessor {
        patient: alice.to_string(),
        successor: who.to_string(),
    };
    assert!(s
        .exec_err(&stranger, &remove(&names[1]))
        .contains("unauthorized"));
    s.exec(&names[1].clone(), &remove(&names[1])).unwrap();
    assert!(s.exec_err(&alice, &remove(&names[1])).contains("not found"));
    s.exec(&alice, &name(&bob, scope(), MIN_SUCCESSION_INACTIVITY_SECS))
        .unwrap();
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().successor_count, MAX_SUCCESSORS_PER_PATIENT);
}

/// Activity is tracked only while a successor is named (issue 20: no write for other
/// patients), so the inactivity period counts from the naming: a patient idle before naming a
/// successor, or between removing the last one and naming again, does not open it early.
#[test]
fn inactivity_counts_from_the_naming_and_restarts_after_the_last_removal() {
    let mut s = Suite::new();
    let (alice, bob) = (s.alice.clone(), s.bob.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let period = MIN_SUCCESSION_INACTIVITY_SECS;
    s.advance(2 * period);
    s.exec(&alice, &name(&bob, scope(), period)).unwrap();
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().last_active_at, s.now());
    s.advance(period - 1);
    let err = s.exec_err(&bob, &activate(&alice));
    assert!(err.contains("has acted"), "{err}");
    // The successor steps down (the last one): tracking stops; idle again, then named again.
    s.advance(1);
    s.exec(
        &bob,
        &ExecuteMsg::RemoveSuccessor {
            patient: alice.to_string(),
            successor: bob.to_string(),
        },
    )
    .unwrap();
    s.advance(2 * period);
    s.exec(&alice, &name(&bob, scope(), period)).unwrap();
    let err = s.exec_err(&bob, &activate(&alice));
    assert!(err.contains("has acted"), "{err}");
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
    // A whole period after the naming, with the patient silent: in force.
    s.advance(period);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    // Any patient message still ends it at once.
    s.add_record(&alice, Immunization, &[]);
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
}

/// A grant the patient signs is activity like any other message (issue 20: `grant_access`
/// renews it itself, from the patient entry it reads, with no read when no successor is named).
#[test]
fn a_grant_by_the_patient_ends_the_succession_and_renews_activity() {
    let mut s = Suite::new();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let period = MIN_SUCCESSION_INACTIVITY_SECS;
    s.exec(&alice, &name(&bob, scope(), period)).unwrap();
    s.advance(period);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    s.advance(7);
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().last_active_at, s.now());
    // A refused grant is no activity.
    s.advance(period);
    s.exec(&bob, &activate(&alice)).unwrap();
    s.advance(3);
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::GrantAccess {
            patient: alice.to_string(),
            grantee: address(&alice),
            provision: permit(),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    );
    assert!(err.contains("own records"), "{err}");
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    // A patient without successors: the grant leaves no activity entry (its registration time
    // is still answered).
    let before: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: bob.to_string(),
    });
    s.advance(5);
    s.grant(&bob, address(&smith), permit(), None).unwrap();
    let after: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: bob.to_string(),
    });
    assert_eq!(
        before.unwrap().last_active_at,
        after.unwrap().last_active_at
    );
}

/// A managing delegate's grant for another patient renews the delegate's own activity (it is the
/// signer), not the patient's.
#[test]
fn a_delegates_grant_renews_the_delegates_own_activity() {
    let mut s = Suite::new();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let obs = s.add_record(&alice, Observation, &[]);
    let period = MIN_SUCCESSION_INACTIVITY_SECS;
    // Alice names Bob her successor; Bob appoints Alice to manage his grants.
    s.exec(&alice, &name(&bob, scope(), period)).unwrap();
    s.exec(
        &bob,
        &ExecuteMsg::AppointDelegate {
            delegate: alice.to_string(),
            relationship: cw_health_types::ehr_registry::DelegateRelationship::Caregiver,
            scope: Scope {
                actions: vec![],
                purposes: vec![],
                resource_types: vec![],
                labels: vec![],
            },
            manage_grants: true,
            expires_at: None,
        },
    )
    .unwrap();
    s.advance(period);
    s.exec(&bob, &activate(&alice)).unwrap();
    assert!(s.read(&alice, &bob, Treatment, obs).allowed);
    // Alice grants for Bob: she signed, so her succession ends.
    s.exec(
        &alice,
        &ExecuteMsg::GrantAccess {
            patient: bob.to_string(),
            grantee: address(&smith),
            provision: permit(),
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    )
    .unwrap();
    assert!(!s.read(&alice, &bob, Treatment, obs).allowed);
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().last_active_at, s.now());
}
