//! The downstream example of README.md, kept compiling and passing.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cw_health_testing::ehr::permit;
use cw_health_testing::SuiteBuilder;
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

#[test]
fn my_gateway_reads_only_with_consent() {
    let mut suite = SuiteBuilder::new().build(); // 2026-01-01, roles registered
    let a = suite.actors.clone();
    let record = suite
        .ehr()
        .add_record(
            &a.patient,
            &a.patient,
            "Observation/bp",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, record)
            .unwrap()
            .allowed
    );
    let expiry = suite.now().plus_days(30);
    suite
        .ehr()
        .grant_access(
            &a.patient,
            &a.patient,
            &a.clinician,
            permit(&[AccessAction::Read], &[PurposeOfUse::Treatment]),
            Some(expiry),
        )
        .unwrap();
    assert!(
        suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, record)
            .unwrap()
            .allowed
    );
    suite.advance_days(31); // height and time move together
    assert!(
        !suite
            .ehr()
            .check_read(&a.patient, &a.clinician, PurposeOfUse::Treatment, record)
            .unwrap()
            .allowed
    );
}
