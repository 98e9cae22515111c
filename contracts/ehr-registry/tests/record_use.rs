//! `record_use`: one record, several purposes in order, one query. Each purpose is decided
//! exactly as `check_access` decides it; the answer is the first allowed, and a self-pay
//! restriction ends the search.
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
    AccessDecision, DecisionReason, ExecuteMsg, PartyRole, QueryMsg, RecordInfo, RecordUseDecision,
    RecordUseRequest, RevocationReason,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

use FhirResourceType::*;
use PurposeOfUse::*;

fn request(patient: &Addr, actor: &Addr, purposes: &[PurposeOfUse], record_id: u64) -> QueryMsg {
    QueryMsg::RecordUse(RecordUseRequest {
        patient: patient.to_string(),
        actor: actor.to_string(),
        action: AccessAction::Read,
        purposes: purposes.to_vec(),
        record_id,
        via_team: None,
        parties: vec![],
    })
}

/// What `record_use` must answer, asked the long way: `check_access` per purpose, then the
/// record (when it is the patient's).
fn expected(
    s: &Suite,
    patient: &Addr,
    actor: &Addr,
    purposes: &[PurposeOfUse],
    record_id: u64,
) -> RecordUseDecision {
    let mut answer: Option<(Option<PurposeOfUse>, AccessDecision)> = None;
    for &p in purposes {
        let d = s.read(patient, actor, p, record_id);
        let done = d.allowed || d.reason == DecisionReason::SelfPayRestricted;
        answer = Some((d.allowed.then_some(p), d));
        if done {
            break;
        }
    }
    let (purpose, decision) = answer.unwrap();
    let record = s
        .app
        .wrap()
        .query_wasm_smart::<RecordInfo>(&s.addr, &QueryMsg::Record { record_id })
        .ok()
        .filter(|r| r.patient == *patient);
    RecordUseDecision {
        purpose,
        decision,
        record,
        parties: vec![],
    }
}

fn ask(
    s: &Suite,
    patient: &Addr,
    actor: &Addr,
    purposes: &[PurposeOfUse],
    record_id: u64,
) -> RecordUseDecision {
    let got: RecordUseDecision = s.query(&request(patient, actor, purposes, record_id));
    assert_eq!(got, expected(s, patient, actor, purposes, record_id));
    got
}

fn only(purpose: PurposeOfUse) -> cw_health_types::ehr_registry::Provision {
    let mut p = permit();
    p.purposes = vec![purpose];
    p
}

#[test]
fn the_first_purpose_allowed_answers_with_the_record() {
    let mut s = Suite::new();
    let (alice, bob, hospital, smith, jones) = (
        s.alice.clone(),
        s.bob.clone(),
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let enc = s.add_record(&alice, Encounter, &[]);
    let bobs = s.add_record(&bob, Encounter, &[]);
    let both = [Payment, Treatment];

    // Nobody granted: no purpose; the last purpose's refusal; the record all the same.
    let got = ask(&s, &alice, &hospital, &both, enc);
    assert_eq!(got.purpose, None);
    assert!(!got.decision.allowed);
    assert_eq!(got.record.as_ref().map(|r| r.id), Some(enc));

    // Treatment only: HPAYMT refused, TREAT allowed.
    let treat = s
        .grant(&alice, address(&hospital), only(Treatment), None)
        .unwrap();
    let got = ask(&s, &alice, &hospital, &both, enc);
    assert_eq!(got.purpose, Some(Treatment));
    assert!(got.decision.allowed);
    // Asked in the other order, treatment comes first.
    assert_eq!(
        ask(&s, &alice, &hospital, &[Treatment, Payment], enc).purpose,
        Some(Treatment)
    );

    // Payment granted too: HPAYMT is the first allowed.
    s.grant(&alice, address(&hospital), only(Payment), None)
        .unwrap();
    assert_eq!(
        ask(&s, &alice, &hospital, &both, enc).purpose,
        Some(Payment)
    );

    // Revocation is immediate: the treatment grant gone, payment still answers.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: treat,
            reason: RevocationReason::PatientWithdrew,
        },
    )
    .unwrap();
    assert_eq!(
        ask(&s, &alice, &hospital, &[Treatment, Payment], enc).purpose,
        Some(Payment)
    );

    // "Never Dr Jones": a role grant to clinicians does not reach past the patient's deny.
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    s.grant(&alice, address(&jones), deny(), None).unwrap();
    assert_eq!(ask(&s, &alice, &smith, &both, enc).purpose, Some(Payment));
    let got = ask(&s, &alice, &jones, &both, enc);
    assert_eq!(got.purpose, None);
    assert_eq!(got.decision.reason, DecisionReason::DeniedByProvision);

    // Another patient's record, or none: not found, and no record in the answer.
    for id in [bobs, 99] {
        let got = ask(&s, &alice, &hospital, &both, id);
        assert_eq!(got.purpose, None);
        assert_eq!(got.decision.reason, DecisionReason::RecordNotFound);
        assert_eq!(got.record, None);
    }
    // A stranger's question is answered like anyone's: refused.
    assert_eq!(
        ask(&s, &alice, &s.stranger.clone(), &both, enc).purpose,
        None
    );
}

#[test]
fn a_self_pay_restriction_ends_the_search() {
    let mut s = Suite::new();
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let enc = s.add_record(&alice, Encounter, &[]);
    s.grant(&alice, address(&hospital), permit(), None).unwrap();
    assert_eq!(
        ask(&s, &alice, &hospital, &[Payment, Treatment], enc).purpose,
        Some(Payment)
    );
    s.exec(
        &alice,
        &ExecuteMsg::SetSelfPayRestriction {
            record_id: enc,
            restricted: true,
        },
    )
    .unwrap();
    // check_access would allow treatment, but the record is never usable for a payer's claim.
    assert!(s.read(&alice, &hospital, Treatment, enc).allowed);
    let got = ask(&s, &alice, &hospital, &[Payment, Treatment], enc);
    assert_eq!(got.purpose, None);
    assert_eq!(got.decision.reason, DecisionReason::SelfPayRestricted);
    assert!(got.record.unwrap().self_pay_restricted);
    // Treatment first is still treatment (the restriction binds payment and payers only).
    assert_eq!(
        ask(&s, &alice, &hospital, &[Treatment, Payment], enc).purpose,
        Some(Treatment)
    );
}

#[test]
fn purposes_are_bounded_and_distinct_and_addresses_valid() {
    let s = Suite::new();
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let err = |msg: &QueryMsg| {
        s.app
            .wrap()
            .query_wasm_smart::<RecordUseDecision>(&s.addr, msg)
            .unwrap_err()
            .to_string()
    };
    let e = err(&request(&alice, &hospital, &[], 1));
    assert!(e.contains("purposes: between 1 and 4, got 0"), "{e}");
    let five = [Payment, Treatment, Operations, Research, PublicHealth];
    let e = err(&request(&alice, &hospital, &five, 1));
    assert!(e.contains("purposes: between 1 and 4, got 5"), "{e}");
    let e = err(&request(
        &alice,
        &hospital,
        &[Payment, Treatment, Payment],
        1,
    ));
    assert!(e.contains("purposes: Payment is repeated"), "{e}");
    let bad = RecordUseRequest {
        patient: "alice".into(),
        actor: hospital.to_string(),
        action: AccessAction::Read,
        purposes: vec![Payment],
        record_id: 1,
        via_team: None,
        parties: vec![],
    };
    let e = err(&QueryMsg::RecordUse(bad.clone()));
    assert!(e.contains("parse failed"), "{e}");
    let bad = RecordUseRequest {
        patient: alice.to_string(),
        parties: vec![hospital.to_string(), "hospital".into()],
        ..bad
    };
    let e = err(&QueryMsg::RecordUse(bad.clone()));
    assert!(e.contains("parse failed"), "{e}");
    let five = RecordUseRequest {
        parties: vec![hospital.to_string(); 5],
        ..bad
    };
    let e = err(&QueryMsg::RecordUse(five));
    assert!(e.contains("parties: at most 4, got 5"), "{e}");
    // Unknown and misspelled fields: packages/cw-health-testing's strict_json (from schema/).
}

#[test]
fn the_parties_asked_are_answered_in_order_as_the_party_query_answers_them() {
    let mut s = Suite::new();
    let (alice, hospital, smith, stranger) = (
        s.alice.clone(),
        s.hospital.clone(),
        s.dr_smith.clone(),
        s.stranger.clone(),
    );
    let enc = s.add_record(&alice, Encounter, &[]);
    s.grant(&alice, address(&hospital), permit(), None).unwrap();
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    // The credentialing authority suspends Dr Smith: the entry says so, and the decision for
    // the actor (read from the same entry) refuses her.
    s.exec(
        &s.authority.clone(),
        &ExecuteMsg::UpdateParty {
            address: smith.to_string(),
            status: Some(cw_health_types::ehr_registry::PartyStatus::Suspended),
            license_expiry: None,
            reason: cw_health_types::ehr_registry::PartyChangeReason::Disciplinary,
        },
    )
    .unwrap();
    let party = |a: &Addr| -> Option<cw_health_types::ehr_registry::PartyInfo> {
        s.query(&QueryMsg::Party {
            address: a.to_string(),
        })
    };
    for actor in [&hospital, &smith] {
        let asked = [actor, &stranger, &smith, &hospital];
        let got: RecordUseDecision = s.query(&QueryMsg::RecordUse(RecordUseRequest {
            patient: alice.to_string(),
            actor: actor.to_string(),
            action: AccessAction::Read,
            purposes: vec![Payment, Treatment],
            record_id: enc,
            via_team: None,
            parties: asked.iter().map(|a| a.to_string()).collect(),
        }));
        let mut want = expected(&s, &alice, actor, &[Payment, Treatment], enc);
        want.parties = asked.iter().map(|a| party(a)).collect();
        assert_eq!(got, want);
        assert_eq!(got.parties[1], None, "a stranger has no entry");
    }
    let got: RecordUseDecision = s.query(&request(&alice, &smith, &[Payment, Treatment], enc));
    assert!(!got.decision.allowed, "a suspended party gets nothing");
}

#[test]
fn a_delegate_at_its_scopes_edge_and_a_grant_a_second_late() {
    let mut s = Suite::new();
    let (alice, hospital) = (s.alice.clone(), s.hospital.clone());
    let carol = s.app.api().addr_make("carol");
    let enc = s.add_record(&alice, Encounter, &[]);
    // A caregiver for reading, treatment only: payment is beyond its scope, treatment within.
    s.exec(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: carol.to_string(),
            relationship: cw_health_types::ehr_registry::DelegateRelationship::Caregiver,
            scope: cw_health_types::ehr_registry::Scope {
                actions: vec![AccessAction::Read],
                purposes: vec![Treatment],
                resource_types: vec![],
                labels: vec![],
            },
            manage_grants: false,
            expires_at: None,
        },
    )
    .unwrap();
    let got = ask(&s, &alice, &carol, &[Payment, Treatment], enc);
    assert_eq!(got.purpose, Some(Treatment));
    assert_eq!(
        ask(&s, &alice, &carol, &[Payment, Research], enc).purpose,
        None
    );
    // A payment grant expiring in 10 seconds: answered until then, refused a second after.
    let expiry = Some(s.now().plus_seconds(10));
    s.grant(&alice, address(&hospital), only(Payment), expiry)
        .unwrap();
    assert_eq!(
        ask(&s, &alice, &hospital, &[Payment], enc).purpose,
        Some(Payment)
    );
    s.advance(10);
    let got = ask(&s, &alice, &hospital, &[Payment], enc);
    assert_eq!(got.purpose, None);
    assert!(!got.decision.allowed);
}
