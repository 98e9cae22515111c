//! What a public observer learns: the chain holds a record's protection class (N, R, V), never
//! the category of sensitive data (ETH, HIV, PSY, SDV), in state or in events; the 42 CFR
//! Part 2 rules apply to both protected classes; per-record grants share one protected record
//! and not another.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    AmendReason, DecisionReason, DelegateRelationship, ExecuteMsg, PartyRole, QueryMsg,
    RecordsResponse, Scope,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

const CATEGORIES: [SecurityLabel; 4] = [
    SecurityLabel::SubstanceUse,
    SecurityLabel::Hiv,
    SecurityLabel::Psychiatry,
    SecurityLabel::SexualViolence,
];

fn category_refused(err: &str, code: &str) {
    assert!(
        err.ends_with(&format!(
            "label {code} names a category of sensitive data, which every observer of the chain would read: use the protection class N, R or V, and keep the category in the off-chain document"
        )),
        "{err}"
    );
}

#[test]
fn no_record_grant_or_scope_carries_a_category_label() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let rec = s.add_record(&alice, Condition, &[SecurityLabel::Normal]);
    for label in CATEGORIES {
        let code = label.code();
        // The attacker's view: today `records` and the add_record event print "ETH" next to
        // the patient's address. Refused, and nothing stored.
        let err = s.exec_err(
            &alice,
            &ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content("x"),
                resource_type: Condition,
                labels: vec![SecurityLabel::VeryRestricted, label],
                data_period: None,
            },
        );
        category_refused(&err, code);
        let err = s.exec_err(
            &alice,
            &ExecuteMsg::AmendRecord {
                record_id: rec,
                content: content("x2"),
                labels: vec![label],
                data_period: None,
                reason: AmendReason::Correction,
                reason_hash: None,
            },
        );
        category_refused(&err, code);
        let mut p = permit();
        p.provisions = vec![deny()];
        p.provisions[0].labels = vec![label];
        let err = s.exec_err(
            &alice,
            &ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee: address(&smith),
                provision: p,
                starts_at: None,
                expires_at: None,
                policy_hash: None,
                verification: None,
            },
        );
        category_refused(&err, code);
        let carol = s.app.api().addr_make("carol");
        let err = s.exec_err(
            &alice,
            &ExecuteMsg::AppointDelegate {
                delegate: carol.to_string(),
                relationship: DelegateRelationship::Caregiver,
                scope: Scope {
                    actions: vec![],
                    purposes: vec![Treatment],
                    resource_types: vec![],
                    labels: vec![label],
                },
                manage_grants: false,
                expires_at: Some(s.now().plus_seconds(60)),
            },
        );
        category_refused(&err, code);
    }
    let all: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(all.records.len(), 1);
    // What is stored and announced is the class only.
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content("sud-note"),
                resource_type: Condition,
                labels: vec![SecurityLabel::VeryRestricted],
                data_period: None,
            },
        )
        .unwrap();
    assert_eq!(attr(&res, "protection"), "V");
    for e in &res.events {
        for a in &e.attributes {
            for c in CATEGORIES {
                assert_ne!(a.value, c.code(), "event {} {}", e.ty, a.key);
            }
        }
    }
}

#[test]
fn restricted_records_need_a_specific_consent_as_very_restricted_ones_do() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let r = s.add_record(&alice, Observation, &[SecurityLabel::Restricted]);
    // A general grant (the role's or an address's) does not reach restricted data.
    s.grant(&alice, role(PartyRole::Clinician), permit(), None)
        .unwrap();
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    let d = s.read(&alice, &smith, Treatment, r);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::SensitiveRequiresSpecificConsent);
    // A consent naming R must name the recipient (an address), the purpose and an expiry.
    let mut specific = permit();
    specific.labels = vec![SecurityLabel::Restricted];
    specific.purposes = vec![Treatment];
    let later = Some(s.now().plus_seconds(3600));
    let incomplete = "a grant reaching restricted (R) or very restricted (V) records must name one grantee address, the purposes and an expiry";
    for (grantee, p, exp) in [
        (role(PartyRole::Clinician), specific.clone(), later),
        (address(&jones), specific.clone(), None),
        (
            address(&jones),
            {
                let mut p = specific.clone();
                p.purposes = vec![];
                p
            },
            later,
        ),
    ] {
        let err = s.exec_err(
            &alice,
            &ExecuteMsg::GrantAccess {
                patient: alice.to_string(),
                grantee,
                provision: p,
                starts_at: None,
                expires_at: exp,
                policy_hash: None,
                verification: None,
            },
        );
        assert!(err.ends_with(incomplete), "{err}");
    }
    s.grant(&alice, address(&jones), specific, later).unwrap();
    let d = s.read(&alice, &jones, Treatment, r);
    assert!(d.allowed);
    assert!(d.redisclosure_notice_required);
    assert!(!s.read(&alice, &jones, Research, r).allowed);
}

#[test]
fn a_per_record_grant_shares_one_protected_record_and_not_another() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let first = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let second = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let mut one = permit();
    one.labels = vec![SecurityLabel::VeryRestricted];
    one.purposes = vec![Treatment];
    one.record_ids = vec![first];
    let later = Some(s.now().plus_seconds(3600));
    s.grant(&alice, address(&smith), one, later).unwrap();
    let d = s.read(&alice, &smith, Treatment, first);
    assert!(d.allowed);
    assert!(d.redisclosure_notice_required);
    assert_eq!(
        s.read(&alice, &smith, Treatment, second).reason,
        DecisionReason::SensitiveRequiresSpecificConsent
    );
    // Naming the record covers its later versions too.
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AmendRecord {
                record_id: first,
                content: content("first-v2"),
                labels: vec![SecurityLabel::VeryRestricted],
                data_period: None,
                reason: AmendReason::Addendum,
                reason_hash: None,
            },
        )
        .unwrap();
    let v2: u64 = attr(&res, "record_id").parse().unwrap();
    assert!(s.read(&alice, &smith, Treatment, v2).allowed);
    // A type-level question never reaches protected data.
    assert!(
        !s.check(
            &alice,
            &smith,
            AccessAction::Read,
            Treatment,
            Some(Condition),
            None
        )
        .allowed
    );
}
