//! Accountable disclosures: `record_access` is refused unless `check_access` allows it; the
//! accounting query lists a patient's disclosures over a time range.
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
    AccessBasis, AccountingResponse, DisclosureCursor, EmergencyReason, ExecuteMsg, PartyRole,
    QueryMsg,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel, Sha256Hash};

use FhirResourceType::*;
use PurposeOfUse::*;

fn record_access(
    patient: &Addr,
    record_id: u64,
    actor: &Addr,
    purpose: PurposeOfUse,
) -> ExecuteMsg {
    ExecuteMsg::RecordAccess {
        patient: patient.to_string(),
        record_id,
        actor: actor.to_string(),
        action: AccessAction::Read,
        purpose,
        accounting_suspended_until: None,
        via_team: None,
    }
}

fn accounting(
    s: &Suite,
    patient: &Addr,
    from: u64,
    to: u64,
    start_after: Option<DisclosureCursor>,
    limit: Option<u32>,
) -> AccountingResponse {
    s.query(&QueryMsg::Accounting {
        patient: patient.to_string(),
        from: Timestamp::from_seconds(from),
        to: Timestamp::from_seconds(to),
        start_after,
        limit,
        accountable_only: None,
    })
}

#[test]
fn disclosures_are_refused_unless_allowed_and_only_by_the_actor_or_a_gateway() {
    let mut s = Suite::new();
    let (alice, smith, gateway, stranger) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.gateway.clone(),
        s.stranger.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    // No grant: refused, whoever records it.
    let err = s.exec_err(&smith, &record_access(&alice, rec, &smith, Treatment));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    let gid = s.grant(&alice, address(&smith), permit(), None).unwrap();
    // A third party (not the actor, not a trusted gateway) cannot record for the actor.
    for sender in [&stranger, &s.dr_jones.clone(), &alice, &s.owner.clone()] {
        let err = s.exec_err(sender, &record_access(&alice, rec, &smith, Treatment));
        assert!(
            err.ends_with("unauthorized: the actor or a trusted gateway required"),
            "{err}"
        );
    }
    let res = s
        .exec(&smith, &record_access(&alice, rec, &smith, Treatment))
        .unwrap();
    assert_eq!(attr(&res, "action"), "record_access");
    assert_eq!(attr(&res, "basis"), "grant");
    assert_eq!(attr(&res, "basis_id"), gid.to_string());
    s.advance(10);
    s.exec(&gateway, &record_access(&alice, rec, &smith, Treatment))
        .unwrap();
    // Missing record and purpose outside the grant are refused.
    let err = s.exec_err(&gateway, &record_access(&alice, 99, &smith, Treatment));
    assert!(err.ends_with("access denied: record_not_found"), "{err}");
    // After revocation, the next disclosure is refused.
    s.exec(
        &alice,
        &ExecuteMsg::RevokeAccess {
            grant_id: gid,
            reason: cw_health_types::ehr_registry::RevocationReason::PatientWithdrew,
        },
    )
    .unwrap();
    let err = s.exec_err(&gateway, &record_access(&alice, rec, &smith, Treatment));
    assert!(err.ends_with("access denied: no_matching_grant"), "{err}");
    // A distrusted gateway can no longer record.
    let owner = s.owner.clone();
    s.exec(
        &owner,
        &ExecuteMsg::SetGateway {
            address: gateway.to_string(),
            trusted: false,
        },
    )
    .unwrap();
    let err = s.exec_err(
        &gateway,
        &record_access(&alice, rec, &alice, PatientRequested),
    );
    assert!(
        err.ends_with("unauthorized: the actor or a trusted gateway required"),
        "{err}"
    );

    let acc = accounting(&s, &alice, 0, u64::MAX / 1_000_000_000, None, None);
    assert_eq!(acc.disclosures.len(), 2);
    let d = &acc.disclosures[1];
    assert_eq!(d.actor, smith);
    assert_eq!(d.recorded_by, gateway);
    assert_eq!(d.purpose, Treatment);
    assert_eq!(d.record_id, rec);
    assert_eq!(d.resource_type, Observation);
    assert_eq!(d.basis, AccessBasis::Grant { grant_id: gid });
}

#[test]
fn accounting_covers_a_time_range_and_pages() {
    let mut s = Suite::new();
    let (alice, bob, smith, payer) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.payer.clone(),
    );
    let rec = s.add_record(&alice, Encounter, &[]);
    let bobs = s.add_record(&bob, Encounter, &[]);
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    s.grant(&bob, address(&smith), permit(), None).unwrap();
    let t0 = s.now().seconds();
    for i in 0..6u64 {
        let (actor, purpose) = if i % 2 == 0 {
            (&smith, Treatment)
        } else {
            (&payer, Payment)
        };
        s.exec(actor, &record_access(&alice, rec, actor, purpose))
            .unwrap();
        s.exec(&smith, &record_access(&bob, bobs, &smith, Treatment))
            .unwrap();
        s.advance(100);
    }
    // Disclosures at t0, t0+100, ..., t0+500 for each patient.
    let all = accounting(&s, &alice, t0, t0 + 500, None, None);
    assert_eq!(all.disclosures.len(), 6);
    assert!(all.disclosures.iter().all(|d| d.patient == alice));
    assert_eq!(all.disclosures[1].actor, payer);
    assert_eq!(all.disclosures[1].purpose, Payment);
    // Inclusive range [t0+100, t0+300].
    let range = accounting(&s, &alice, t0 + 100, t0 + 300, None, None);
    let times: Vec<u64> = range.disclosures.iter().map(|d| d.at.seconds()).collect();
    assert_eq!(times, vec![t0 + 100, t0 + 200, t0 + 300]);
    // Pages of 2 from a cursor.
    let page1 = accounting(&s, &alice, t0, t0 + 500, None, Some(2));
    assert_eq!(page1.disclosures.len(), 2);
    let last = page1.disclosures.last().unwrap();
    let cursor = DisclosureCursor {
        at: last.at,
        id: last.id,
    };
    let page2 = accounting(&s, &alice, t0, t0 + 500, Some(cursor), Some(2));
    let times: Vec<u64> = page2.disclosures.iter().map(|d| d.at.seconds()).collect();
    assert_eq!(times, vec![t0 + 200, t0 + 300]);
    // Limit is clamped to 30; an inverted range is an error.
    assert_eq!(
        accounting(&s, &alice, 0, u64::MAX / 1_000_000_000, None, Some(1000))
            .disclosures
            .len(),
        6
    );
    let err = s
        .app
        .wrap()
        .query_wasm_smart::<AccountingResponse>(
            &s.addr,
            &QueryMsg::Accounting {
                patient: alice.to_string(),
                from: Timestamp::from_seconds(10),
                to: Timestamp::from_seconds(9),
                start_after: None,
                limit: None,
                accountable_only: None,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("from is after to"));
}

#[test]
fn eth_and_emergency_disclosures_are_accounted_with_their_basis() {
    let mut s = Suite::new();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let eth = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    let normal = s.add_record(&alice, Observation, &[]);
    let mut p = permit();
    p.labels = vec![SecurityLabel::VeryRestricted];
    p.purposes = vec![Treatment];
    let expiry = Some(s.now().plus_seconds(1000));
    s.grant(&alice, address(&smith), p, expiry).unwrap();
    let res = s
        .exec(&smith, &record_access(&alice, eth, &smith, Treatment))
        .unwrap();
    assert_eq!(attr(&res, "redisclosure_notice_required"), "true");

    let res = s
        .exec(
            &jones,
            &ExecuteMsg::EmergencyAccess {
                patient: alice.to_string(),
                reason: EmergencyReason::LifeThreatening,
                justification_hash: Sha256Hash::digest(b"j"),
                duration_secs: 60,
            },
        )
        .unwrap();
    let sid: u64 = attr(&res, "session_id").parse().unwrap();
    s.exec(
        &jones,
        &record_access(&alice, normal, &jones, EmergencyTreatment),
    )
    .unwrap();
    let err = s.exec_err(
        &jones,
        &record_access(&alice, eth, &jones, EmergencyTreatment),
    );
    assert!(
        err.ends_with("access denied: sensitive_requires_specific_consent"),
        "{err}"
    );
    // The patient's own access is accounted as such.
    s.exec(
        &alice,
        &record_access(&alice, normal, &alice, PatientRequested),
    )
    .unwrap();

    let acc = accounting(&s, &alice, 0, u64::MAX / 1_000_000_000, None, None);
    assert_eq!(acc.disclosures.len(), 3);
    assert!(acc.disclosures[0].redisclosure_notice_required);
    assert_eq!(
        acc.disclosures[1].basis,
        AccessBasis::Emergency { session_id: sid }
    );
    assert!(!acc.disclosures[1].redisclosure_notice_required);
    assert_eq!(acc.disclosures[2].basis, AccessBasis::Patient {});
}
