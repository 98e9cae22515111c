//! One not-found convention across the four contracts (README "API conventions"):
//! - a lookup by an id the contract issued (record, grant, session, review, shipment,
//!   investigation, trial, batch, plan, claim, remittance, prior auth, appeal) that no entry has
//!   is an error `<kind> <id> not found`: the id never existed, the caller has a bug;
//! - a lookup by a key the caller brings (an address, a GTIN/lot/serial, an SSCC, a registry id,
//!   a pseudonym, a member of a plan) answers `null` when nothing is there;
//! - in both, a parent named by an issued id (the trial of a participant, the plan of an
//!   enrollment) must exist: an error otherwise.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cosmwasm_std::StdResult;
use cw_health_testing::claims::standard_plan;
use cw_health_testing::trial::{pseudonym, standard_trial};
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::{claims_engine, drug_provenance, ehr_registry, trial_anchor};
use serde_json::Value;

const MISSING: u64 = 4_242;

fn assert_not_found(what: &str, r: StdResult<Value>, expected: &str) {
    let err = r.expect_err(&format!("{what}: answered instead of an error"));
    let text = root_error(&err);
    assert!(
        text.contains(expected) && text.contains("not found"),
        "{what}: expected `{expected} ... not found`, got: {text}"
    );
}

fn assert_null(what: &str, r: StdResult<Value>) {
    assert_eq!(
        r.unwrap_or_else(|e| panic!("{what}: {e}")),
        Value::Null,
        "{what}"
    );
}

fn setup() -> (Suite, u64, u64) {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let plan = suite
        .claims()
        .create_plan(&a.insurer, standard_plan(start, &a.adjuster))
        .unwrap();
    let trial = suite
        .trial()
        .register_trial(&a.sponsor, standard_trial(start, &a.irb))
        .unwrap();
    (suite, plan, trial)
}

#[test]
fn an_unknown_issued_id_is_an_error_naming_it() {
    let (mut suite, _, trial) = setup();
    let id = MISSING;
    use ehr_registry::QueryMsg as E;
    for (msg, kind) in [
        (E::Record { record_id: id }, "record"),
        (E::Grant { grant_id: id }, "grant"),
        (E::EmergencySession { session_id: id }, "emergency session"),
        (E::Review { review_id: id }, "review"),
    ] {
        let r = suite.ehr().query::<Value>(&msg);
        assert_not_found(&format!("ehr {kind}"), r, &format!("{kind} {id}"));
    }
    use drug_provenance::QueryMsg as D;
    for (msg, kind) in [
        (D::Shipment { shipment_id: id }, "shipment"),
        (
            D::Investigation {
                investigation_id: id,
            },
            "investigation",
        ),
        (
            D::Repackaging {
                repackaging_id: id,
                side: cw_health_types::drug_provenance::RepackagingSide::Inputs,
                start_after: None,
                limit: None,
            },
            "repackaging",
        ),
    ] {
        let r = suite.drug().query::<Value>(&msg);
        assert_not_found(&format!("drug {kind}"), r, &format!("{kind} {id}"));
    }
    use trial_anchor::QueryMsg as T;
    let r = suite
        .trial()
        .query::<Value>(&T::Trial(trial_anchor::TrialRef { trial_id: id }));
    assert_not_found("trial", r, &format!("trial {id}"));
    let r = suite.trial().query::<Value>(&T::Batch {
        trial_id: trial,
        batch_id: id,
    });
    assert_not_found("batch", r, &format!("batch {id}"));
    use claims_engine::QueryMsg as C;
    for (msg, kind) in [
        (C::Plan { plan_id: id }, "plan"),
        (C::Claim { claim_id: id }, "claim"),
        (C::Remittance { claim_id: id }, "claim"),
        (C::PriorAuth { auth_id: id }, "prior authorization"),
        (C::Appeal { appeal_id: id }, "appeal"),
    ] {
        let r = suite.claims().query::<Value>(&msg);
        assert_not_found(&format!("claims {kind}"), r, &format!("{kind} {id}"));
    }
}

#[test]
fn an_absent_caller_key_answers_null() {
    let (mut suite, plan, trial) = setup();
    let stranger = suite.actors.stranger.to_string();
    let patient = suite.actors.patient.to_string();
    use ehr_registry::QueryMsg as E;
    for (what, msg) in [
        (
            "ehr party",
            E::Party {
                address: stranger.clone(),
            },
        ),
        (
            "ehr patient",
            E::Patient {
                address: stranger.clone(),
            },
        ),
        (
            "ehr delegate",
            E::Delegate {
                patient: patient.clone(),
                delegate: stranger.clone(),
            },
        ),
    ] {
        assert_null(what, suite.ehr().query::<Value>(&msg));
    }
    use drug_provenance::QueryMsg as D;
    for (what, msg) in [
        (
            "drug party",
            D::Party {
                address: stranger.clone(),
            },
        ),
        (
            "drug product",
            D::Product {
                gtin: "09506000134376".into(),
            },
        ),
        (
            "drug lot",
            D::Lot {
                gtin: "09506000134376".into(),
                lot: "NOLOT".into(),
            },
        ),
        (
            "drug unit",
            D::Unit {
                gtin: "09506000134376".into(),
                serial: "NOSERIAL".into(),
            },
        ),
        (
            "drug packed case",
            D::PackedCase {
                sscc: "106141411234567897".into(),
            },
        ),
    ] {
        assert_null(what, suite.drug().query::<Value>(&msg));
    }
    use trial_anchor::QueryMsg as T;
    for (what, msg) in [
        (
            "trial by registry id",
            T::TrialByRegistryId {
                registry_id: "NCT09999999".into(),
            },
        ),
        (
            "participant",
            T::Participant {
                trial_id: trial,
                participant: pseudonym("nobody"),
            },
        ),
        (
            "results",
            T::Results(trial_anchor::TrialRef { trial_id: trial }),
        ),
    ] {
        assert_null(what, suite.trial().query::<Value>(&msg));
    }
    use claims_engine::QueryMsg as C;
    assert_null(
        "enrollment",
        suite.claims().query::<Value>(&C::Enrollment {
            plan_id: plan,
            member: stranger,
        }),
    );
}

#[test]
fn the_parent_of_a_caller_key_must_exist() {
    let (mut suite, _, _) = setup();
    let r = suite
        .trial()
        .query::<Value>(&trial_anchor::QueryMsg::Participant {
            trial_id: MISSING,
            participant: pseudonym("nobody"),
        });
    assert_not_found(
        "participant of an unknown trial",
        r,
        &format!("trial {MISSING}"),
    );
    let member = suite.actors.patient.to_string();
    let r = suite
        .claims()
        .query::<Value>(&claims_engine::QueryMsg::Enrollment {
            plan_id: MISSING,
            member,
        });
    assert_not_found(
        "enrollment in an unknown plan",
        r,
        &format!("plan {MISSING}"),
    );
}
