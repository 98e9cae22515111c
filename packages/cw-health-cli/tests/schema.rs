//! Schema validation against the committed schema/ (what cosmwasm-schema generates): a malformed
//! message is refused with an error naming the field; a well-formed one passes, including the
//! hostile-but-valid shapes the contracts must handle themselves.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use cw_health_cli::schema::{MsgKind, Schema};
use serde_json::json;

fn schema_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../schema")
}

fn load(contract: &str, kind: MsgKind) -> Schema {
    Schema::load(&schema_dir(), contract, kind).unwrap()
}

fn refused(s: &Schema, msg: serde_json::Value) -> String {
    match s.validate(&msg) {
        Ok(()) => panic!("{msg} passed"),
        Err(e) => e,
    }
}

#[test]
fn every_committed_schema_loads_and_uses_only_checked_keywords() {
    for c in [
        "ehr-registry",
        "drug-provenance",
        "trial-anchor",
        "claims-engine",
    ] {
        for k in [
            MsgKind::Instantiate,
            MsgKind::Execute,
            MsgKind::Query,
            MsgKind::Migrate,
        ] {
            let s = load(c, k);
            // An empty object exercises the root; the error must not be about keywords.
            if let Err(e) = s.validate(&json!({})) {
                assert!(!e.contains("does not check"), "{c} {k:?}: {e}");
            }
        }
    }
}

#[test]
fn well_formed_messages_pass() {
    let ehr = load("ehr-registry", MsgKind::Execute);
    ehr.validate(&json!({"register_patient": {}})).unwrap();
    ehr.validate(&json!({"register_party": {
        "address": "wasm1abc", "identifier": "NPI-1", "role": "clinician",
        "license_expiry": "1798761600000000000"
    }}))
    .unwrap();
    let q = load("ehr-registry", MsgKind::Query);
    q.validate(&json!({"parties": {"limit": 10}})).unwrap();
    q.validate(&json!({"parties": {}})).unwrap();
    load("claims-engine", MsgKind::Migrate)
        .validate(&json!({}))
        .unwrap();
}

#[test]
fn unknown_variant_lists_the_messages() {
    let e = refused(
        &load("ehr-registry", MsgKind::Execute),
        json!({"register_patent": {}}),
    );
    assert!(e.contains("unknown variant `register_patent`"), "{e}");
    assert!(e.contains("register_patient"), "{e}");
}

#[test]
fn missing_and_unknown_fields_are_named() {
    let ehr = load("ehr-registry", MsgKind::Execute);
    let e = refused(
        &ehr,
        json!({"register_party": {"address": "wasm1abc", "identifier": "x", "role": "clinician"}}),
    );
    assert!(
        e.contains("$.register_party: missing field `license_expiry`"),
        "{e}"
    );
    let e = refused(&ehr, json!({"register_patient": {"name": "Jane Doe"}}));
    assert!(
        e.contains("$.register_patient: unknown field `name`"),
        "{e}"
    );
}

#[test]
fn wrong_types_and_enum_values_name_the_path() {
    let ehr = load("ehr-registry", MsgKind::Execute);
    let e = refused(
        &ehr,
        json!({"register_party": {
            "address": "wasm1abc", "identifier": "x", "role": "surgeon",
            "license_expiry": "1798761600000000000"
        }}),
    );
    assert!(e.contains("$.register_party.role"), "{e}");
    assert!(e.contains("unknown variant `surgeon`"), "{e}");
    assert!(e.contains("clinician"), "{e}");
    let q = load("ehr-registry", MsgKind::Query);
    let e = refused(&q, json!({"parties": {"limit": "ten"}}));
    assert!(e.contains("$.parties.limit: expected integer"), "{e}");
    let e = refused(&q, json!({"parties": {"limit": -1}}));
    assert!(e.contains("$.parties.limit"), "{e}");
}

#[test]
fn an_iso_date_for_a_timestamp_explains_nanoseconds() {
    let ehr = load("ehr-registry", MsgKind::Execute);
    let e = refused(
        &ehr,
        json!({"register_party": {
            "address": "wasm1abc", "identifier": "x", "role": "clinician",
            "license_expiry": "2027-01-01T00:00:00Z"
        }}),
    );
    assert!(e.contains("$.register_party.license_expiry"), "{e}");
    assert!(e.contains("ISO date"), "{e}");
    assert!(e.contains("nanoseconds"), "{e}");
    assert!(e.contains("\"1767225600000000000\""), "{e}");
    // A number where the API takes a string of digits.
    let e = refused(
        &ehr,
        json!({"register_party": {
            "address": "wasm1abc", "identifier": "x", "role": "clinician",
            "license_expiry": 1798761600000000000u64
        }}),
    );
    assert!(e.contains("written as a JSON string"), "{e}");
}

#[test]
fn u32_limits_are_range_checked_but_the_maximum_passes() {
    let q = load("ehr-registry", MsgKind::Query);
    // Schema-valid: the contract must clamp it.
    q.validate(&json!({"parties": {"limit": 4294967295u64}}))
        .unwrap();
    let e = refused(&q, json!({"parties": {"limit": 4294967296u64}}));
    assert!(e.contains("out of range for uint32"), "{e}");
}

#[test]
fn hostile_but_schema_valid_shapes_pass_the_schema() {
    // The schema has no length limits: the contract refuses these itself.
    let ehr = load("ehr-registry", MsgKind::Execute);
    ehr.validate(&json!({"register_party": {
        "address": "wasm1abc", "identifier": "x".repeat(100_000), "role": "clinician",
        "license_expiry": "1798761600000000000"
    }}))
    .unwrap();
    let drug = load("drug-provenance", MsgKind::Execute);
    let prefixes: Vec<String> = (0..10_000).map(|i| format!("{i:07}")).collect();
    drug.validate(&json!({"set_company_prefixes": {"party": "WASM1ABC", "prefixes": prefixes}}))
        .unwrap();
}
