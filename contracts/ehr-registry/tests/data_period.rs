//! Data period (FHIR `provision.dataPeriod`): a provision may cover only the data from a date
//! range, judged by each record's `data_period`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::Timestamp;
use cw_health_types::ehr_registry::{DecisionReason, ExecuteMsg, Period};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

use FhirResourceType::*;
use PurposeOfUse::*;

const DAY: u64 = 24 * 3600;

fn period(from_day: u64, to_day: u64) -> Period {
    Period {
        start: Timestamp::from_seconds(from_day * DAY),
        end: Timestamp::from_seconds(to_day * DAY),
    }
}

fn add_with_period(s: &mut Suite, p: Option<Period>) -> u64 {
    let alice = s.alice.clone();
    let res = s
        .exec(
            &alice,
            &ExecuteMsg::AddRecord {
                patient: alice.to_string(),
                content: content(&format!("{p:?}")),
                resource_type: Observation,
                labels: vec![],
                data_period: p,
            },
        )
        .unwrap();
    attr(&res, "record_id").parse().unwrap()
}

#[test]
fn a_permit_with_a_data_period_reaches_only_data_from_that_period() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let inside = add_with_period(&mut s, Some(period(100, 110)));
    let straddling = add_with_period(&mut s, Some(period(90, 110)));
    let after = add_with_period(&mut s, Some(period(300, 301)));
    let unknown = add_with_period(&mut s, None);
    // "Dr Smith: my data from days 100 to 200" (e.g. the episode of care they treat).
    let mut p = permit();
    p.data_period = Some(period(100, 200));
    s.grant(&alice, address(&smith), p, None).unwrap();
    assert!(s.read(&alice, &smith, Treatment, inside).allowed);
    for rec in [straddling, after, unknown] {
        let d = s.read(&alice, &smith, Treatment, rec);
        assert!(!d.allowed, "record {rec} outside the period");
        assert_eq!(d.reason, DecisionReason::NoMatchingGrant);
    }
    // A type-level question cannot tell the data's period: not answered yes.
    assert!(
        !s.check(
            &alice,
            &smith,
            AccessAction::Read,
            Treatment,
            Some(Observation),
            None
        )
        .allowed
    );
}

#[test]
fn a_deny_with_a_data_period_covers_any_overlap_and_unknown_periods() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let old = add_with_period(&mut s, Some(period(10, 20)));
    let overlapping = add_with_period(&mut s, Some(period(15, 40)));
    let recent = add_with_period(&mut s, Some(period(300, 301)));
    let unknown = add_with_period(&mut s, None);
    // "Everything, except data from days 0 to 30."
    let mut root = permit();
    root.provisions = vec![deny()];
    root.provisions[0].data_period = Some(period(0, 30));
    s.grant(&alice, address(&smith), root, None).unwrap();
    assert!(s.read(&alice, &smith, Treatment, recent).allowed);
    for rec in [old, overlapping, unknown] {
        assert_eq!(
            s.read(&alice, &smith, Treatment, rec).reason,
            DecisionReason::DeniedByProvision,
            "record {rec}"
        );
    }
}

#[test]
fn an_inverted_data_period_is_refused() {
    let mut s = Suite::new();
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let mut p = permit();
    p.data_period = Some(Period {
        start: Timestamp::from_seconds(200),
        end: Timestamp::from_seconds(100),
    });
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
    assert!(
        err.contains("invalid period: start") && err.contains("is after end"),
        "{err}"
    );
}
