//! Record pointers: written by the patient or a provider holding a write grant; amendments
//! supersede, never rewrite.
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
    AmendReason, DecisionReason, ExecuteMsg, Period, QueryMsg, RecordInfo, RecordsResponse,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash};

use FhirResourceType::*;

fn add(patient: &cosmwasm_std::Addr, labels: Vec<SecurityLabel>) -> ExecuteMsg {
    ExecuteMsg::AddRecord {
        patient: patient.to_string(),
        content: content("lab"),
        resource_type: DiagnosticReport,
        labels,
        data_period: Some(Period {
            start: Timestamp::from_seconds(1),
            end: Timestamp::from_seconds(2),
        }),
    }
}

#[test]
fn patient_adds_records_and_lists_them() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let res = s
        .exec(&alice, &add(&alice, vec![SecurityLabel::Normal]))
        .unwrap();
    assert_eq!(attr(&res, "action"), "add_record");
    assert_eq!(attr(&res, "protection"), "N");
    let id: u64 = attr(&res, "record_id").parse().unwrap();
    let r: RecordInfo = s.query(&QueryMsg::Record { record_id: id });
    assert_eq!(r.patient, alice);
    assert_eq!(r.custodian, alice);
    assert_eq!(r.resource_type, DiagnosticReport);
    assert_eq!(r.content, content("lab"));
    for _ in 0..3 {
        s.add_record(&alice, Observation, &[]);
    }
    s.add_record(&s.bob.clone(), Observation, &[]);
    let page: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: Some(id),
        limit: Some(2),
    });
    assert_eq!(
        page.records.iter().map(|r| r.id).collect::<Vec<_>>(),
        vec![2, 3]
    );
    let all: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(all.records.len(), 4);
}

#[test]
fn bad_record_inputs_are_refused() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let mut bad_hash = content("x");
    bad_hash.sha256 = Sha256Hash("ABC".into());
    let mut bad_uri = content("x");
    bad_uri.uri = format!("https://x.org/{}", "a".repeat(600));
    let cases = [
        (
            ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: bad_hash,
                resource_type: Observation,
                labels: vec![],
                data_period: None,
            },
            "content.sha256: invalid sha256 hash",
        ),
        (
            ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: bad_uri,
                resource_type: Observation,
                labels: vec![],
                data_period: None,
            },
            "content.uri is too long",
        ),
        (
            add(&alice, vec![SecurityLabel::Normal, SecurityLabel::Normal]),
            "labels contains a duplicate entry",
        ),
        (
            ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content("x"),
                resource_type: Observation,
                labels: vec![],
                data_period: Some(Period {
                    start: Timestamp::from_seconds(5),
                    end: Timestamp::from_seconds(4),
                }),
            },
            "invalid period",
        ),
    ];
    for (msg, expect) in cases {
        let err = s.exec_err(&alice, &msg);
        assert!(err.contains(expect), "{err} vs {expect}");
    }
    // An unregistered patient.
    let stranger = s.stranger.clone();
    let err = s.exec_err(&stranger, &add(&stranger, vec![]));
    assert!(
        err.ends_with(&format!("patient {stranger} is not registered")),
        "{err}"
    );
    let all: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert!(all.records.is_empty());
}

#[test]
fn providers_write_only_with_a_write_grant() {
    let mut s = Suite::new();
    let (alice, smith, jones, stranger) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
        s.stranger.clone(),
    );
    // Neither a stranger (not a party) nor another patient can write.
    for sender in [&stranger, &s.bob.clone()] {
        let err = s.exec_err(sender, &add(&alice, vec![]));
        assert!(
            err.ends_with(
                "unauthorized: the patient or an active provider with a write grant required"
            ),
            "{err}"
        );
    }
    // A provider without a grant, or with a read-only grant, is denied.
    let err = s.exec_err(&smith, &add(&alice, vec![]));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    let mut read_only = permit();
    read_only.actions = vec![AccessAction::Read];
    s.grant(&alice, address(&smith), read_only, None).unwrap();
    let err = s.exec_err(&smith, &add(&alice, vec![]));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    // A write grant for diagnostic reports, except PSY.
    let mut write = permit();
    write.actions = vec![AccessAction::Write];
    write.resource_types = vec![DiagnosticReport];
    write.provisions = vec![deny()];
    write.provisions[0].labels = vec![SecurityLabel::Restricted];
    s.grant(&alice, address(&smith), write, None).unwrap();
    let res = s
        .exec(&smith, &add(&alice, vec![SecurityLabel::Normal]))
        .unwrap();
    let id: u64 = attr(&res, "record_id").parse().unwrap();
    let r: RecordInfo = s.query(&QueryMsg::Record { record_id: id });
    assert_eq!(r.custodian, smith);
    let err = s.exec_err(&smith, &add(&alice, vec![SecurityLabel::Restricted]));
    assert!(err.ends_with("access denied: denied_by_provision"), "{err}");
    // Another provider has no grant.
    let err = s.exec_err(&jones, &add(&alice, vec![]));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    // The grant is checked with purpose TREAT.
    assert!(
        s.check(
            &alice,
            &smith,
            AccessAction::Write,
            PurposeOfUse::Treatment,
            Some(DiagnosticReport),
            None
        )
        .allowed
    );
}

#[test]
fn amendments_supersede_and_keep_history() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let v1 = s.add_record(&alice, Observation, &[SecurityLabel::Normal]);
    let amend = |id: u64| ExecuteMsg::AmendRecord {
        record_id: id,
        content: content("v2"),
        labels: vec![SecurityLabel::Normal],
        data_period: None,
        reason: AmendReason::Correction,
        reason_hash: Some(Sha256Hash::digest(b"why")),
    };
    // Unauthorized: a stranger, another patient, a provider without a write grant.
    let err = s.exec_err(&s.stranger.clone(), &amend(v1));
    assert!(err.contains("unauthorized"), "{err}");
    let err = s.exec_err(&s.bob.clone(), &amend(v1));
    assert!(err.contains("unauthorized"), "{err}");
    // A provider that neither keeps the record nor holds a grant naming it.
    let err = s.exec_err(&jones, &amend(v1));
    assert!(
        err.ends_with(&format!(
            "record {v1} may be amended only by its custodian, the patient, or a grantee of a grant naming it"
        )),
        "{err}"
    );
    let err = s.exec_err(&alice, &amend(999));
    assert!(err.ends_with("record 999 not found"));

    let res = s.exec(&alice, &amend(v1)).unwrap();
    assert_eq!(attr(&res, "action"), "amend_record");
    assert_eq!(attr(&res, "reason"), "correction");
    let v2: u64 = attr(&res, "record_id").parse().unwrap();
    let old: RecordInfo = s.query(&QueryMsg::Record { record_id: v1 });
    let new: RecordInfo = s.query(&QueryMsg::Record { record_id: v2 });
    assert_eq!(old.superseded_by, Some(v2));
    assert_eq!(old.content, content("doc"), "history is never rewritten");
    assert_eq!(new.supersedes, Some(v1));
    assert_eq!(new.amend_reason, Some(AmendReason::Correction));
    assert_eq!(new.resource_type, Observation);
    // Only the latest version can be amended.
    let err = s.exec_err(&alice, &amend(v1));
    assert!(err.ends_with(&format!(
        "record {v1} is superseded by {v2}; amend the latest version"
    )));
    // A provider with a write grant naming the record amends; the grant is checked on the old
    // record.
    let mut write = permit();
    write.actions = vec![AccessAction::Write];
    write.record_ids = vec![v2];
    s.grant(&alice, address(&smith), write, None).unwrap();
    // The new version's labels are checked too (type-level: record_ids-only grants do not match).
    let err = s.exec_err(&smith, &amend(v2));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    let mut write = permit();
    write.actions = vec![AccessAction::Write];
    s.grant(&alice, address(&smith), write, None).unwrap();
    let res = s.exec(&smith, &amend(v2)).unwrap();
    let v3: u64 = attr(&res, "record_id").parse().unwrap();
    let new: RecordInfo = s.query(&QueryMsg::Record { record_id: v3 });
    assert_eq!(new.custodian, alice, "the record keeps its custodian");
    assert_eq!(new.created_by, smith);
    // Bad reason hash.
    let err = s.exec_err(
        &alice,
        &ExecuteMsg::AmendRecord {
            record_id: v3,
            content: content("v4"),
            labels: vec![],
            data_period: None,
            reason: AmendReason::Addendum,
            reason_hash: Some(Sha256Hash("nope".into())),
        },
    );
    assert!(err.contains("reason_hash: invalid sha256 hash"), "{err}");
    let d = s.read(&alice, &jones, PurposeOfUse::Treatment, v3);
    assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
}

#[test]
fn list_pages_are_capped_at_thirty() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    for _ in 0..35 {
        s.add_record(&alice, Observation, &[]);
    }
    let page: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: None,
        limit: Some(1000),
    });
    assert_eq!(page.records.len(), 30);
    let rest: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: Some(30),
        limit: Some(1000),
    });
    assert_eq!(rest.records.len(), 5);
    let default: RecordsResponse = s.query(&QueryMsg::Records {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(default.records.len(), 10);
}
