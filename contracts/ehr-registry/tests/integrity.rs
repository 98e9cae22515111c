//! Record integrity: only the record's custodian or the patient amends a record; a grant naming
//! one record lets its grantee amend that record, and no other.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cw_health_types::ehr_registry::{
    AmendReason, ExecuteMsg, PartyRole, Provision, QueryMsg, RecordInfo, RevocationReason,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

use FhirResourceType::*;

const NOT_CUSTODIAN: &str =
    "amended only by its custodian, the patient, or a grantee of a grant naming it";

fn write_for_treatment() -> Provision {
    let mut p = permit();
    p.actions = vec![AccessAction::Write];
    p.purposes = vec![PurposeOfUse::Treatment];
    p
}

fn amend(id: u64, tag: &str) -> ExecuteMsg {
    ExecuteMsg::AmendRecord {
        record_id: id,
        content: content(tag),
        labels: vec![],
        data_period: None,
        reason: AmendReason::Correction,
        reason_hash: None,
    }
}

fn add_as(s: &mut Suite, by: &cosmwasm_std::Addr, tag: &str) -> u64 {
    let alice = s.alice.clone();
    let res = s
        .exec(
            by,
            &ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content(tag),
                resource_type: Observation,
                labels: vec![],
                data_period: None,
            },
        )
        .unwrap();
    attr(&res, "record_id").parse().unwrap()
}

#[test]
fn a_general_write_grant_does_not_let_a_rival_rewrite_anothers_record() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    // Every clinician may write for treatment (e.g. add notes to the chart).
    s.grant(
        &alice,
        role(PartyRole::Clinician),
        write_for_treatment(),
        None,
    )
    .unwrap();
    let smiths = add_as(&mut s, &smith, "smith's note");
    // Dr Jones may add his own records, but not rewrite Dr Smith's.
    let jones_own = add_as(&mut s, &jones, "jones's note");
    let err = s.exec_err(&jones, &amend(smiths, "jones rewrites"));
    assert!(err.contains(NOT_CUSTODIAN), "{err}");
    // The custodian and the patient amend; the record keeps its custodian, the version its
    // author.
    let res = s.exec(&smith, &amend(smiths, "smith corrects")).unwrap();
    let v2: u64 = attr(&res, "record_id").parse().unwrap();
    let res = s.exec(&alice, &amend(v2, "alice adds")).unwrap();
    let v3: u64 = attr(&res, "record_id").parse().unwrap();
    let r: RecordInfo = s.query(&QueryMsg::Record { record_id: v3 });
    assert_eq!(r.custodian, smith);
    assert_eq!(r.created_by, alice);
    // After the patient's amendment, still not Dr Jones; Dr Smith still may.
    let err = s.exec_err(&jones, &amend(v3, "jones again"));
    assert!(err.contains(NOT_CUSTODIAN), "{err}");
    s.exec(&smith, &amend(v3, "smith again")).unwrap();
    s.exec(&jones, &amend(jones_own, "jones fixes his own"))
        .unwrap();
}

#[test]
fn a_grant_naming_one_record_lets_its_grantee_amend_that_record_only() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    s.grant(&alice, address(&smith), write_for_treatment(), None)
        .unwrap();
    let x = add_as(&mut s, &smith, "x");
    let y = add_as(&mut s, &smith, "y");
    // Alice asks Dr Jones to correct record x: a write grant naming x.
    let mut only_x = write_for_treatment();
    only_x.record_ids = vec![x];
    let g = s.grant(&alice, address(&jones), only_x, None).unwrap();
    // A general write grant beside it does not widen it to y.
    s.grant(&alice, address(&jones), write_for_treatment(), None)
        .unwrap();
    let err = s.exec_err(&jones, &amend(y, "y by jones"));
    assert!(err.contains(NOT_CUSTODIAN), "{err}");
    let res = s.exec(&jones, &amend(x, "x by jones")).unwrap();
    let x2: u64 = attr(&res, "record_id").parse().unwrap();
    let r: RecordInfo = s.query(&QueryMsg::Record { record_id: x2 });
    assert_eq!(r.custodian, smith, "the record keeps its custodian");
    assert_eq!(r.created_by, jones);
    // Naming the first version covers the later ones.
    let res = s.exec(&jones, &amend(x2, "x3 by jones")).unwrap();
    let x3: u64 = attr(&res, "record_id").parse().unwrap();
    // Once the patient revokes the record grant, it is over.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: g,
            reason: RevocationReason::PurposeFulfilled,
        },
    )
    .unwrap();
    let err = s.exec_err(&jones, &amend(x3, "x4 by jones"));
    assert!(err.contains(NOT_CUSTODIAN), "{err}");
}

#[test]
fn the_custodian_still_needs_the_patients_write_consent() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let g = s
        .grant(&alice, address(&smith), write_for_treatment(), None)
        .unwrap();
    let x = add_as(&mut s, &smith, "x");
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: g,
            reason: RevocationReason::RelationshipEnded,
        },
    )
    .unwrap();
    let err = s.exec_err(&smith, &amend(x, "after the end"));
    assert!(err.contains("access denied"), "{err}");
}
