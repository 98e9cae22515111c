//! The message examples in `schema/<contract>/examples/` (one per instantiate, execute, query
//! and migrate message; `scripts/check_examples.py` validates them against the schema) parse into
//! the contracts' Rust message types, strictly (`deny_unknown_fields`), and every message of the
//! schema has one.

// A test file: helpers outside `#[test]` functions may panic, which is a test failure.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use cosmwasm_std::from_json;
use serde::de::DeserializeOwned;
use serde_json::Value;

fn schema_dir(contract: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema")
        .join(contract)
}

/// The variant names of one section (`execute`, `query`) of the contract's schema.
fn variants(api: &Value, section: &str) -> BTreeSet<String> {
    api[section]["oneOf"]
        .as_array()
        .unwrap_or_else(|| panic!("{section}: no oneOf"))
        .iter()
        .flat_map(|v| match v.get("enum") {
            Some(e) => e
                .as_array()
                .unwrap()
                .iter()
                .map(|n| n.as_str().unwrap().to_string())
                .collect::<Vec<_>>(),
            None => v["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect(),
        })
        .collect()
}

fn parse<T: DeserializeOwned>(contract: &str, name: &str, bytes: &[u8]) -> Result<(), String> {
    from_json::<T>(bytes)
        .map(|_| ())
        .map_err(|e| format!("{contract}: examples/{name}.json does not parse: {e}"))
}

/// Parses every example of `contract` into its message types; answers the problems found.
fn check<I, E, Q, M>(contract: &str) -> Vec<String>
where
    I: DeserializeOwned,
    E: DeserializeOwned,
    Q: DeserializeOwned,
    M: DeserializeOwned,
{
    let dir = schema_dir(contract);
    let api: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join(format!("{contract}.json"))).unwrap(),
    )
    .unwrap();
    let execute = variants(&api, "execute");
    let query = variants(&api, "query");
    let mut problems = vec![];
    let mut seen = BTreeSet::new();
    let entries = std::fs::read_dir(dir.join("examples"))
        .unwrap_or_else(|e| panic!("{contract}: schema/{contract}/examples: {e}"));
    for entry in entries {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let result = match name.as_str() {
            "instantiate" => parse::<I>(contract, &name, &bytes),
            "migrate" => parse::<M>(contract, &name, &bytes),
            n if execute.contains(n) => parse::<E>(contract, &name, &bytes),
            n if query.contains(n) => parse::<Q>(contract, &name, &bytes),
            _ => Err(format!(
                "{contract}: examples/{name}.json names no message of the contract"
            )),
        };
        problems.extend(result.err());
        seen.insert(name);
    }
    let expected = execute
        .iter()
        .chain(&query)
        .cloned()
        .chain(["instantiate".to_string(), "migrate".to_string()]);
    for name in expected {
        if !seen.contains(&name) {
            problems.push(format!("{contract}: no example for `{name}`"));
        }
    }
    println!("{contract}: {} examples", seen.len());
    problems
}

#[test]
fn every_message_example_parses_into_the_contract_types() {
    use cw_health_types::{claims_engine as ce, drug_provenance as dp};
    use cw_health_types::{ehr_registry as er, trial_anchor as ta};
    let mut problems = vec![];
    problems.extend(check::<
        er::InstantiateMsg,
        er::ExecuteMsg,
        er::QueryMsg,
        er::MigrateMsg,
    >("ehr-registry"));
    problems.extend(check::<
        dp::InstantiateMsg,
        dp::ExecuteMsg,
        dp::QueryMsg,
        dp::MigrateMsg,
    >("drug-provenance"));
    problems.extend(check::<
        ta::InstantiateMsg,
        ta::ExecuteMsg,
        ta::QueryMsg,
        ta::MigrateMsg,
    >("trial-anchor"));
    problems.extend(check::<
        ce::InstantiateMsg,
        ce::ExecuteMsg,
        ce::QueryMsg,
        ce::MigrateMsg,
    >("claims-engine"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The check itself catches a misspelled field (the types are strict), so a passing run means
/// something.
#[test]
fn a_misspelled_field_in_an_example_is_caught() {
    use cw_health_types::ehr_registry::ExecuteMsg;
    let text =
        std::fs::read_to_string(schema_dir("ehr-registry").join("examples/grant_access.json"))
            .unwrap();
    assert!(parse::<ExecuteMsg>("ehr-registry", "grant_access", text.as_bytes()).is_ok());
    let typo = text.replacen("\"patient\"", "\"patinet\"", 1);
    let err = parse::<ExecuteMsg>("ehr-registry", "grant_access", typo.as_bytes()).unwrap_err();
    assert!(err.contains("unknown field `patinet`"), "{err}");
}
