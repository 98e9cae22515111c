//! Consent states (FHIR R5 Consent.status): a provider prepares a draft, only the patient makes
//! it active, or rejects it (not-done); a draft or rejected consent never applies.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    ConsentState, DecisionReason, ExecuteMsg, GrantInfo, QueryMsg, MAX_ACTIVE_GRANTS_PER_GRANTEE,
};
use cw_health_types::{FhirResourceType, PurposeOfUse};

use FhirResourceType::*;
use PurposeOfUse::*;

fn propose(s: &mut Suite, by: &cosmwasm_std::Addr) -> Result<u64, String> {
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let mut p = permit();
    p.purposes = vec![Treatment];
    s.exec(
        by,
        &ExecuteMsg::ProposeGrant {
            patient: alice.to_string(),
            grantee: address(&hospital),
            provision: p,
            starts_at: None,
            expires_at: None,
            policy_hash: None,
            verification: None,
        },
    )
    .map(|r| attr(&r, "grant_id").parse().unwrap())
    .map_err(|e| e.to_string())
}

fn state(s: &Suite, grant_id: u64) -> ConsentState {
    let g: GrantInfo = s.query(&QueryMsg::Grant { grant_id });
    g.state
}

#[test]
fn a_providers_draft_applies_only_once_the_patient_activates_it() {
    let mut s = Suite::new();
    let (alice, hospital, smith) = (s.alice.clone(), s.hospital.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    // The hospital prepares the consent form it wants the patient to sign.
    let draft = propose(&mut s, &hospital).unwrap();
    assert_eq!(state(&s, draft), ConsentState::Draft);
    // The attacker: the hospital reads on the strength of its own draft.
    let d = s.read(&alice, &hospital, Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    // Nobody but the patient activates it: not the proposer, another provider, a stranger.
    let activate = ExecuteMsg::RespondToGrant {
        grant_id: draft,
        accept: true,
    };
    for who in [hospital.clone(), smith.clone(), s.stranger.clone()] {
        let err = s.exec_err(&who, &activate);
        assert!(err.ends_with("unauthorized: the patient required"), "{err}");
    }
    s.exec(&alice, &activate).unwrap();
    assert_eq!(state(&s, draft), ConsentState::Active);
    assert!(s.read(&alice, &hospital, Treatment, rec).allowed);
    // Answered once.
    let err = s.exec_err(&alice, &activate);
    assert!(
        err.ends_with(&format!("grant {draft} is not a draft")),
        "{err}"
    );
}

#[test]
fn a_rejected_draft_never_applies_and_proposers_are_vetted() {
    let mut s = Suite::new();
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let rec = s.add_record(&alice, Observation, &[]);
    let draft = propose(&mut s, &hospital).unwrap();
    s.exec(
        &alice,
        &ExecuteMsg::RespondToGrant {
            grant_id: draft,
            accept: false,
        },
    )
    .unwrap();
    assert_eq!(state(&s, draft), ConsentState::Rejected);
    assert!(!s.read(&alice, &hospital, Treatment, rec).allowed);
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::RespondToGrant {
            grant_id: draft,
            accept: true,
        },
    );
    assert!(
        err.ends_with(&format!("grant {draft} is not a draft")),
        "{err}"
    );
    // Only active credentialed parties propose (a stranger, or the patient for themself, not).
    let stranger = s.stranger.clone();
    let err = propose(&mut s, &stranger).unwrap_err();
    assert!(
        err.ends_with("unauthorized: an active credentialed party required"),
        "{err}"
    );
    // Drafts do not take places under the grantee's cap until activated; activation checks it.
    let mut last = 0;
    for _ in 0..MAX_ACTIVE_GRANTS_PER_GRANTEE {
        s.grant(&alice, address(&hospital), permit(), None).unwrap();
        last = propose(&mut s, &hospital).unwrap();
    }
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::RespondToGrant {
            grant_id: last,
            accept: true,
        },
    );
    assert!(
        err.ends_with("too many active grants for this grantee: at most 5"),
        "{err}"
    );
    assert_eq!(state(&s, last), ConsentState::Draft);
}
