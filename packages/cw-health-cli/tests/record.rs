//! The deployment record and its resume logic: recorded steps are skipped, codes with the
//! artifact's checksum on chain are reused, a changed artifact is stored again, and the file
//! uses cw-orchestrator's `code_ids` / `default` names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use cw_health_cli::deploy::{self, Artifact, Deployment, StepRecord, StoreAction, CONTRACTS};

fn art(contract: &str, sum: &str) -> Artifact {
    Artifact {
        contract: contract.to_string(),
        path: format!("artifacts/{contract}.wasm").into(),
        checksum: sum.to_string(),
    }
}

fn sum(c: char) -> String {
    std::iter::repeat_n(c, 64).collect()
}

#[test]
fn store_actions_skip_reuse_or_store() {
    let mut rec = Deployment {
        chain_id: "local-1".into(),
        ..Deployment::default()
    };
    let a = art("ehr-registry", &sum('a'));
    // Nothing recorded, nothing on chain: store.
    assert_eq!(deploy::store_action(&rec, &a, &[]), StoreAction::Store);
    // Same checksum already on chain (another deployer's upload): reuse the newest.
    let on_chain = vec![(3, sum('a')), (7, sum('a')), (8, sum('b'))];
    assert_eq!(
        deploy::store_action(&rec, &a, &on_chain),
        StoreAction::Reuse(7)
    );
    // Recorded with the same checksum, and on chain: skipped.
    rec.code_ids.insert("ehr-registry".into(), 3);
    rec.checksums.insert("ehr-registry".into(), sum('a'));
    assert_eq!(
        deploy::store_action(&rec, &a, &on_chain),
        StoreAction::Recorded(3)
    );
    // Recorded, but the chain no longer has it (a fresh chain with the same id): not skipped.
    assert_eq!(deploy::store_action(&rec, &a, &[]), StoreAction::Store);
    // The artifact changed since: the new code is stored (then `migrate` moves the contract).
    let changed = art("ehr-registry", &sum('c'));
    assert_eq!(
        deploy::store_action(&rec, &changed, &on_chain),
        StoreAction::Store
    );
}

#[test]
fn instantiation_is_skipped_only_when_recorded_with_an_address() {
    let mut rec = Deployment::default();
    assert!(!deploy::instantiated(&rec, "ehr-registry"));
    rec.default.insert("ehr-registry".into(), "wasm1x".into());
    assert!(!deploy::instantiated(&rec, "ehr-registry"));
    rec.steps.insert(
        "instantiate ehr-registry".into(),
        StepRecord {
            tx_hash: "AB".into(),
            height: 4,
            gas_used: 100,
            note: String::new(),
        },
    );
    assert!(deploy::instantiated(&rec, "ehr-registry"));
}

#[test]
fn instantiate_messages_wire_the_dependencies() {
    let mut rec = Deployment::default();
    assert_eq!(
        deploy::instantiate_msg("ehr-registry", &rec).unwrap(),
        serde_json::json!({"owner": null})
    );
    // trial-anchor needs ehr-registry's address first.
    let e = deploy::instantiate_msg("trial-anchor", &rec).unwrap_err();
    assert!(e.contains("ehr-registry is not deployed"), "{e}");
    rec.default.insert("ehr-registry".into(), "wasm1ehr".into());
    rec.default
        .insert("drug-provenance".into(), "wasm1drug".into());
    let d = deploy::instantiate_msg("drug-provenance", &rec).unwrap();
    assert_eq!(d["ehr_registry"], "wasm1ehr");
    let t = deploy::instantiate_msg("trial-anchor", &rec).unwrap();
    assert_eq!(t["ehr_registry"], "wasm1ehr");
    let c = deploy::instantiate_msg("claims-engine", &rec).unwrap();
    assert_eq!(c["ehr_registry"], "wasm1ehr");
    assert_eq!(c["drug_provenance"], "wasm1drug");
    // Dependency order.
    let order: Vec<&str> = CONTRACTS.iter().map(|(c, _)| *c).collect();
    assert_eq!(
        order,
        [
            "ehr-registry",
            "drug-provenance",
            "trial-anchor",
            "claims-engine"
        ]
    );
}

#[test]
fn the_record_round_trips_with_cw_orch_names() {
    let dir = tempfile::tempdir().unwrap();
    let mut rec = Deployment::load(dir.path(), "local-1").unwrap();
    assert!(rec.code_ids.is_empty());
    rec.code_ids.insert("ehr-registry".into(), 1);
    rec.checksums.insert("ehr-registry".into(), sum('a'));
    rec.default.insert("ehr-registry".into(), "wasm1ehr".into());
    rec.admins
        .insert("ehr-registry".into(), "wasm1admin".into());
    rec.save(dir.path()).unwrap();
    let text = std::fs::read_to_string(dir.path().join("local-1.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["code_ids"]["ehr-registry"], 1);
    assert_eq!(v["default"]["ehr-registry"], "wasm1ehr");
    assert_eq!(v["chain_id"], "local-1");
    assert_eq!(Deployment::load(dir.path(), "local-1").unwrap(), rec);
    // A record of another chain under this name is refused.
    std::fs::copy(
        dir.path().join("local-1.json"),
        dir.path().join("pion-1.json"),
    )
    .unwrap();
    assert!(Deployment::load(dir.path(), "pion-1").is_err());
    assert_eq!(rec.address("ehr-registry").unwrap(), "wasm1ehr");
    assert!(rec.address("claims-engine").unwrap_err().contains("deploy"));
}

#[test]
fn checksums_are_parsed_and_artifacts_checked() {
    let text = format!(
        "{}  ehr_registry.wasm\n{} *claims_engine.wasm\n",
        sum('a'),
        sum('B')
    );
    let m = deploy::parse_checksums(&text).unwrap();
    assert_eq!(m["ehr_registry.wasm"], sum('a'));
    assert_eq!(m["claims_engine.wasm"], sum('b'));
    assert!(deploy::parse_checksums("xyz  a.wasm").is_err());
    // Missing artifacts: a clear instruction.
    let dir = tempfile::tempdir().unwrap();
    let e = deploy::artifacts(dir.path()).unwrap_err();
    assert!(e.contains("scripts/build.sh"), "{e}");
    // A file that does not match its checksum.
    let mut sums = String::new();
    for (_, f) in CONTRACTS {
        std::fs::write(dir.path().join(f), b"\0asm").unwrap();
        sums.push_str(&format!("{}  {f}\n", deploy::sha256_hex(b"\0asm")));
    }
    std::fs::write(dir.path().join("checksums.txt"), &sums).unwrap();
    assert_eq!(deploy::artifacts(dir.path()).unwrap().len(), 4);
    std::fs::write(dir.path().join("trial_anchor.wasm"), b"changed").unwrap();
    let e = deploy::artifacts(dir.path()).unwrap_err();
    assert!(e.contains("does not match"), "{e}");
}
