//! Patient journey: a clinician writes a record, the patient grants treatment access, the hospital
//! bills a visit, claims-engine checks the grant in ehr-registry and pays from the pool; the
//! patient revokes; the next claim for that record is denied; the patient's accounting lists every
//! disclosure, the payer's included.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cw_health_testing::claims::{adjustment_codes, claim, line, standard_plan};
use cw_health_testing::ehr::permit;
use cw_health_testing::SuiteBuilder;
use cw_health_types::claims_engine::{ClaimStatus, LineStatus};
use cw_health_types::ehr_registry::{AccessBasis, DecisionReason};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

#[test]
fn a_visit_is_paid_under_consent_and_denied_after_revocation() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();

    // The insurer sets up a plan, funds it and covers the patient.
    let plan = suite
        .claims()
        .create_plan(&a.insurer, standard_plan(start, &a.adjuster))
        .unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 100_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", start)
        .unwrap();

    // The patient lets the clinician treat (read + write) and the hospital bill (TREAT + HPAYMT);
    // the insurer may read for payment.
    let rw = [AccessAction::Read, AccessAction::Write];
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.clinician,
            permit(&rw, &[PurposeOfUse::Treatment]),
            None,
        )
        .unwrap();
    let hospital_grant = suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.hospital,
            permit(
                &[AccessAction::Read],
                &[PurposeOfUse::Treatment, PurposeOfUse::Payment],
            ),
            None,
        )
        .unwrap();
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.insurer,
            permit(&[AccessAction::Read], &[PurposeOfUse::Payment]),
            None,
        )
        .unwrap();

    // The clinician writes the visit note; the hospital reads it to bill (a disclosure).
    let record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Encounter/visit-1",
            FhirResourceType::Encounter,
            &[],
        )
        .unwrap();
    assert_eq!(suite.ehr().record(record).unwrap().custodian, a.clinician);
    suite
        .ehr()
        .record_access(&a.hospital, &a.patient, record, PurposeOfUse::Payment)
        .unwrap();

    // The hospital bills 5 units of 99213 at 300 each: allowed 5 x 200 = 1,000 (CO-45 500),
    // deductible 500 (PR-1), 20% coinsurance of the remaining 500 (PR-2 100), paid 400.
    suite.advance_days(1);
    let pool_before = suite.claims().pool(plan).unwrap().balance.u128();
    let hospital_before = suite.balance(&a.hospital).u128();
    let dos = suite.now();
    let paid = suite
        .claims()
        .submit(
            &a.hospital,
            claim(plan, &a.patient, dos, record, vec![line("99213", 5, 1_500)]),
        )
        .unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(paid.total_paid.u128(), 400);
    assert_eq!(
        adjustment_codes(&paid.lines[0]),
        vec![
            ("CO-45".into(), 500),
            ("PR-1".into(), 500),
            ("PR-2".into(), 100)
        ]
    );
    assert_eq!(suite.balance(&a.hospital).u128(), hospital_before + 400);
    assert_eq!(
        suite.claims().pool(plan).unwrap().balance.u128(),
        pool_before - 400
    );
    assert_eq!(
        suite.balance(&suite.claims_addr.clone()).u128(),
        pool_before - 400
    );

    // The insurer reads the record for payment: another disclosure.
    suite
        .ehr()
        .record_access(&a.insurer, &a.patient, record, PurposeOfUse::Payment)
        .unwrap();

    // The patient revokes the hospital's grant: the very next check and claim are denied.
    suite
        .ehr()
        .revoke_access(&a.patient, hospital_grant)
        .unwrap();
    let decision = suite
        .ehr()
        .check_read(&a.patient, &a.hospital, PurposeOfUse::Payment, record)
        .unwrap();
    assert!(!decision.allowed);
    assert_eq!(decision.reason, DecisionReason::NoMatchingGrant);
    suite.advance_days(1);
    let dos = suite.now();
    let denied = suite
        .claims()
        .submit(
            &a.hospital,
            claim(plan, &a.patient, dos, record, vec![line("99213", 1, 200)]),
        )
        .unwrap();
    assert_eq!(denied.status, ClaimStatus::Denied);
    assert_eq!(denied.total_paid.u128(), 0);
    assert_eq!(denied.lines[0].status, LineStatus::Denied);
    assert_eq!(
        adjustment_codes(&denied.lines[0]),
        vec![("CO-252".into(), 200)]
    );
    assert_eq!(suite.balance(&a.hospital).u128(), hospital_before + 400);
    assert!(suite
        .ehr()
        .record_access(&a.hospital, &a.patient, record, PurposeOfUse::Payment)
        .is_err());

    // The accounting lists both disclosures: the hospital's and the payer's.
    let now = suite.now();
    let accounting = suite.ehr().accounting(&a.patient, start, now).unwrap();
    let seen: Vec<_> = accounting
        .disclosures
        .iter()
        .map(|d| (d.actor.clone(), d.purpose, d.record_id))
        .collect();
    assert_eq!(
        seen,
        vec![
            (a.hospital.clone(), PurposeOfUse::Payment, record),
            (a.insurer.clone(), PurposeOfUse::Payment, record),
        ]
    );
    assert!(accounting
        .disclosures
        .iter()
        .all(|d| matches!(d.basis, AccessBasis::Grant { .. })));
}
