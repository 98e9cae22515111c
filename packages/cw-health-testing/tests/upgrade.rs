//! Upgrade: each contract is migrated to a new code id in the suite with its state intact; a
//! downgrade and a migration into another contract's code are refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp};
use cw_health_testing::claims::standard_plan;
use cw_health_testing::drug::GTIN;
use cw_health_testing::ehr::fhir_doc;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{Enrollment, PayerOrderResponse, QueryMsg as ClaimsQuery};
use cw_health_types::trial_anchor::{
    ExecuteMsg as TrialMsg, OutcomeKind, OutcomeSpec, RegisterTrialMsg,
};
use cw_health_types::{FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::Executor;

/// Gives every contract some state: a record and its disclosure, a commissioned lot, a trial, a
/// funded plan with a member (records stored compactly in 0.2.0: an enrollment, a payer order, a
/// disclosure).
fn populated_suite() -> Suite {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let now = suite.now();
    suite
        .ehr()
        .add_record(
            &a.patient,
            &a.patient,
            "Observation/bp",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    suite
        .ehr()
        .record_access(&a.patient, &a.patient, 1, PurposeOfUse::PatientRequested)
        .unwrap();
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, "LOT-UP", "301231", &["SN-1", "SN-2"])
        .unwrap();
    suite
        .trial()
        .execute(
            &a.sponsor,
            &TrialMsg::RegisterTrial(Box::new(RegisterTrialMsg {
                registry_id: Some("NCT01234567".into()),
                responsible_party: None,
                ethics_committee: a.irb.to_string(),
                planned_start: now.plus_days(30),
                primary_completion: now.plus_days(400),
                randomized: false,
                protocol: fhir_doc("protocol-v1"),
                consent_form: fhir_doc("icf-v1"),
                statistical_analysis_plan: None,
                outcomes: vec![OutcomeSpec {
                    code: "O1".into(),
                    kind: OutcomeKind::Primary,
                    measure_hash: Sha256Hash::digest(b"HbA1c change"),
                    time_frame: "P12W".into(),
                }],
                ehr_consent: None,
            })),
        )
        .unwrap();
    let plan = suite
        .claims()
        .create_plan(&a.insurer, standard_plan(now, &a.adjuster))
        .unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 50_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", now)
        .unwrap();
    suite
}

fn contracts(suite: &Suite) -> [(Addr, &'static str); 4] {
    [
        (suite.ehr_addr.clone(), "ehr-registry"),
        (suite.drug_addr.clone(), "drug-provenance"),
        (suite.trial_addr.clone(), "trial-anchor"),
        (suite.claims_addr.clone(), "claims-engine"),
    ]
}

/// Overwrites a contract's cw2 record, as if another version had been deployed.
fn set_version(suite: &mut Suite, contract: &Addr, name: &str, version: &str) {
    let mut storage = suite.app.contract_storage_mut(contract);
    cw2::set_contract_version(storage.as_mut(), format!("crates.io:{name}"), version).unwrap();
}

#[test]
fn a_state_of_the_old_storage_layout_is_refused_not_misread() {
    let mut suite = populated_suite();
    let new_codes = suite.store_new_codes();
    for ((contract, name), code_id) in contracts(&suite).into_iter().zip(new_codes) {
        set_version(&mut suite, &contract, name, "0.1.0");
        let before = suite.snapshot(&contract);
        let err = suite.migrate(&contract, code_id).unwrap_err();
        assert!(
            root_error(&err)
                .contains("cannot migrate from version 0.1.0: its storage layout changed in 0.2.0"),
            "{name}: {}",
            root_error(&err)
        );
        assert_ne!(suite.app.contract_data(&contract).unwrap().code_id, code_id);
        assert_eq!(suite.snapshot(&contract), before, "{name}");
    }
}

fn version(suite: &Suite, contract: &Addr) -> String {
    cw2::query_contract_info(&suite.app.wrap(), contract.to_string())
        .unwrap()
        .version
}

#[test]
fn every_contract_migrates_to_a_new_code_id_with_its_state_intact() {
    let mut suite = populated_suite();
    let new_codes = suite.store_new_codes();
    let current = env!("CARGO_PKG_VERSION");
    for ((contract, name), code_id) in contracts(&suite).into_iter().zip(new_codes) {
        assert_ne!(suite.app.contract_data(&contract).unwrap().code_id, code_id);
        // Pretend the deployed code is the pre-release skeleton (every contract's 0.1.x storage
        // layout is refused: see below).
        let previous = "0.0.9";
        set_version(&mut suite, &contract, name, previous);
        let before = suite.snapshot(&contract);
        let resp = suite.migrate(&contract, code_id).unwrap();
        let wasm = resp.events.iter().find(|e| e.ty == "wasm").unwrap();
        let attr = |k: &str| {
            wasm.attributes
                .iter()
                .find(|a| a.key == k)
                .unwrap()
                .value
                .clone()
        };
        assert_eq!(attr("action"), "migrate");
        assert_eq!(attr("from_version"), previous);
        assert_eq!(attr("to_version"), current);
        assert_eq!(
            suite.app.contract_data(&contract).unwrap().code_id,
            code_id,
            "{name}"
        );
        assert_eq!(version(&suite, &contract), current, "{name}");
        // Every entry but the cw2 record is untouched.
        let after = suite.snapshot(&contract);
        let strip = |s: Vec<cosmwasm_std::Record>| -> Vec<_> {
            s.into_iter()
                .filter(|(k, _)| k.as_slice() != b"contract_info")
                .collect()
        };
        assert_eq!(
            strip(before),
            strip(after),
            "{name}: state changed by the migration"
        );
    }

    // The migrated contracts still answer and cooperate.
    let a = suite.actors.clone();
    assert_eq!(
        suite.drug().verify(GTIN, "SN-1").unwrap().owner,
        Some(a.manufacturer.clone())
    );
    assert_eq!(suite.ehr().record(1).unwrap().patient, a.patient);
    assert_eq!(suite.claims().pool(1).unwrap().balance.u128(), 50_000);
    let now: Timestamp = suite.now();
    let disclosures = suite
        .ehr()
        .accounting(&a.patient, Timestamp::from_seconds(0), now)
        .unwrap()
        .disclosures;
    assert_eq!(disclosures.len(), 1);
    assert_eq!(disclosures[0].recorded_by, a.patient);
    let enrollment: Option<Enrollment> = suite
        .claims()
        .query(&ClaimsQuery::Enrollment {
            plan_id: 1,
            member: a.patient.to_string(),
        })
        .unwrap();
    assert_eq!(enrollment.unwrap().family_id, "FAM-1");
    let order: PayerOrderResponse = suite
        .claims()
        .query(&ClaimsQuery::PayerOrder {
            member: a.patient.to_string(),
            at: None,
        })
        .unwrap();
    assert_eq!(order.plan_ids, vec![1]);
    suite
        .claims()
        .enroll(&a.insurer, 1, &a.patient, "FAM-1", now)
        .unwrap();
}

#[test]
fn downgrades_and_foreign_code_are_refused() {
    let mut suite = populated_suite();
    let new_codes = suite.store_new_codes();
    let current = env!("CARGO_PKG_VERSION");
    let all = contracts(&suite);
    for (i, (contract, name)) in all.iter().enumerate() {
        // A newer version is deployed: migrating it back to this code is a downgrade.
        set_version(&mut suite, contract, name, "9.0.0");
        let before = suite.snapshot(contract);
        let err = suite.migrate(contract, new_codes[i]).unwrap_err();
        assert_eq!(
            root_error(&err),
            format!("cannot migrate from version 9.0.0 down to {current}"),
            "{name}"
        );
        assert_eq!(suite.snapshot(contract), before);
        set_version(&mut suite, contract, name, current);
        let before = suite.snapshot(contract);

        // Another contract's code cannot take this one over.
        let (other_code, other_name) = (new_codes[(i + 1) % 4], all[(i + 1) % 4].1);
        let err = suite.migrate(contract, other_code).unwrap_err();
        assert_eq!(
            root_error(&err),
            format!("cannot migrate a crates.io:{name} contract into crates.io:{other_name}")
        );
        assert_eq!(suite.snapshot(contract), before);
    }
}

#[test]
fn only_the_admin_migrates() {
    let mut suite = populated_suite();
    let new_codes = suite.store_new_codes();
    let stranger = suite.actors.stranger.clone();
    for ((contract, _), code_id) in contracts(&suite).into_iter().zip(new_codes) {
        let err = suite
            .app
            .migrate_contract(
                stranger.clone(),
                contract.clone(),
                &cosmwasm_std::Empty {},
                code_id,
            )
            .unwrap_err();
        assert!(
            root_error(&err).starts_with("Only admin can migrate contract"),
            "{err}"
        );
        assert_ne!(suite.app.contract_data(&contract).unwrap().code_id, code_id);
    }
}
