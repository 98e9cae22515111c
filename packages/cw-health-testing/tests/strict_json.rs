//! Strict JSON: every instantiate, execute, query and migrate message of the four contracts
//! refuses an unknown field and a misspelled field, naming it, and changes nothing.
//!
//! The messages are generated from the committed `schema/<contract>/<contract>.json` (which the
//! drift check keeps equal to the types), so a new variant or field is covered without editing
//! this file: each variant gets a sample with every field (optional ones too) filled in, the
//! sample is checked to parse into the Rust message type, and then, as raw JSON through
//! cw-multi-test,
//! - an extra `zz_unknown_field` is added to every object of the message in turn (the variant's
//!   body and every nested input struct), and
//! - every field of every such object is misspelled in turn (`lot` -> `lot_typo`), which is the
//!   dangerous case for an optional field: without `deny_unknown_fields` it would be dropped
//!   silently,
//!
//! and the contract must answer ``unknown field `<name>` `` with its storage unchanged.

// A test file: its schema-walking helpers (outside `#[test]` functions) may panic on a schema
// they do not understand, which is a test failure.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::path::PathBuf;

use cosmwasm_std::{from_json, to_json_vec, Addr};
use cw_health_testing::{Suite, SuiteBuilder};
use cw_multi_test::Executor;
use serde::de::DeserializeOwned;
use serde_json::{json, Map, Value};

const UNKNOWN: &str = "zz_unknown_field";

/// One step into a JSON value.
#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A sample message plus the paths of its struct objects (where strictness applies).
struct Sample {
    value: Value,
    structs: Vec<Vec<Seg>>,
}

struct Gen<'a> {
    defs: &'a Map<String, Value>,
}

impl Gen<'_> {
    /// A value that satisfies `schema`, recording the paths of the struct objects in it.
    /// `wrapper`: the object is an externally tagged enum variant's `{ "name": body }`.
    /// `refs`: the definitions being expanded (a recursive list gets no entries).
    fn sample_inner(
        &self,
        schema: &Value,
        path: &mut Vec<Seg>,
        structs: &mut Vec<Vec<Seg>>,
        wrapper: bool,
        refs: &mut Vec<String>,
    ) -> Value {
        assert!(refs.len() < 40, "schema recursion at {path:?}");
        if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
            let name = r.trim_start_matches("#/definitions/").to_string();
            let def = &self.defs[&name];
            refs.push(name);
            let v = self.sample_inner(def, path, structs, false, refs);
            refs.pop();
            return v;
        }
        if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
            return self.sample_inner(&all[0], path, structs, false, refs);
        }
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            let pick = any
                .iter()
                .find(|s| s.get("type") != Some(&json!("null")))
                .unwrap_or(&any[0]);
            return self.sample_inner(pick, path, structs, false, refs);
        }
        if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
            // An enum: prefer a variant with a body (covers more input structs), else the first.
            let pick = one
                .iter()
                .find(|s| s.get("properties").is_some())
                .unwrap_or(&one[0]);
            return self.sample_inner(pick, path, structs, true, refs);
        }
        if let Some(e) = schema.get("enum").and_then(Value::as_array) {
            return e[0].clone();
        }
        let ty = match schema.get("type") {
            Some(Value::String(t)) => t.clone(),
            Some(Value::Array(ts)) => ts
                .iter()
                .filter_map(Value::as_str)
                .find(|t| *t != "null")
                .unwrap_or("null")
                .to_string(),
            _ => panic!("schema without type at {path:?}: {schema}"),
        };
        match ty.as_str() {
            "string" => json!("1"),
            "integer" | "number" => json!(1),
            "boolean" => json!(true),
            "null" => Value::Null,
            "array" => match schema.get("items") {
                Some(Value::Array(items)) => Value::Array(
                    items
                        .iter()
                        .enumerate()
                        .map(|(i, s)| {
                            path.push(Seg::Index(i));
                            let v = self.sample_inner(s, path, structs, false, refs);
                            path.pop();
                            v
                        })
                        .collect(),
                ),
                Some(item)
                    if item
                        .get("$ref")
                        .and_then(Value::as_str)
                        .is_some_and(|r| refs.iter().any(|d| r.ends_with(&format!("/{d}")))) =>
                {
                    json!([])
                }
                Some(item) => {
                    path.push(Seg::Index(0));
                    let v = self.sample_inner(item, path, structs, false, refs);
                    path.pop();
                    Value::Array(vec![v])
                }
                None => json!([]),
            },
            "object" => {
                let mut obj = Map::new();
                let props = schema.get("properties").and_then(Value::as_object);
                if let Some(props) = props {
                    for (k, s) in props {
                        path.push(Seg::Key(k.clone()));
                        let v = self.sample_inner(s, path, structs, false, refs);
                        path.pop();
                        obj.insert(k.clone(), v);
                    }
                }
                let is_map = props.is_none()
                    && matches!(schema.get("additionalProperties"), Some(Value::Object(_)));
                if !wrapper && !is_map {
                    structs.push(path.clone());
                }
                Value::Object(obj)
            }
            other => panic!("unsupported schema type {other} at {path:?}"),
        }
    }
}

fn get_mut<'v>(v: &'v mut Value, path: &[Seg]) -> &'v mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Seg::Key(k) => &mut v[k.as_str()],
        Seg::Index(i) => &mut v[*i],
    })
}

fn schema_of(contract: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../schema")
        .join(contract)
        .join(format!("{contract}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    serde_json::from_str(&text).unwrap()
}

/// Samples of every message of one section (`execute`, `query`, ...), by variant name
/// (`instantiate`/`migrate` for the single-struct sections).
fn samples(api: &Value, section: &str) -> Vec<(String, Sample)> {
    let root = &api[section];
    let empty = Map::new();
    let defs = root
        .get("definitions")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let gen = Gen { defs };
    let variants: Vec<(String, &Value)> = match root.get("oneOf").and_then(Value::as_array) {
        Some(one) => one
            .iter()
            .map(|v| {
                let name = v["properties"]
                    .as_object()
                    .and_then(|p| p.keys().next().cloned())
                    .unwrap_or_else(|| panic!("{section}: a variant without a body: {v}"));
                (name, v)
            })
            .collect(),
        None => vec![(section.to_string(), root)],
    };
    variants
        .into_iter()
        .map(|(name, schema)| {
            let mut structs = vec![];
            let wrapper = root.get("oneOf").is_some();
            let value = gen.sample_inner(schema, &mut vec![], &mut structs, wrapper, &mut vec![]);
            (name, Sample { value, structs })
        })
        .collect()
}

/// Every way to break one sample: (description, broken message, the field the error must name).
fn breakages(sample: &Sample) -> Vec<(String, Value, String)> {
    let mut out = vec![];
    for p in &sample.structs {
        let mut v = sample.value.clone();
        get_mut(&mut v, p)
            .as_object_mut()
            .unwrap()
            .insert(UNKNOWN.to_string(), json!(1));
        out.push((format!("extra field at {p:?}"), v, UNKNOWN.to_string()));
        let keys: Vec<String> = get_mut(&mut sample.value.clone(), p)
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        for k in keys {
            let mut v = sample.value.clone();
            let obj = get_mut(&mut v, p).as_object_mut().unwrap();
            let val = obj.remove(&k).unwrap();
            let typo = format!("{k}_typo");
            obj.insert(typo.clone(), val);
            out.push((format!("misspelled {k} at {p:?}"), v, typo));
        }
    }
    out
}

fn assert_names_field(what: &str, err: &cosmwasm_std::StdError, field: &str) {
    let text = err.to_string();
    assert!(
        text.contains(&format!("unknown field `{field}`")),
        "{what}: expected an error naming `{field}`, got: {text}"
    );
}

/// Runs every check for one contract. `E`, `Q`, `I`, `M`: its message types.
fn check_contract<I, E, Q, M>(suite: &mut Suite, contract: &str, addr: &Addr, code_id: u64)
where
    I: DeserializeOwned,
    E: DeserializeOwned,
    Q: DeserializeOwned,
    M: DeserializeOwned,
{
    let api = schema_of(contract);
    let owner = suite.actors.owner.clone();
    let mut checked = 0usize;

    // The samples are valid messages: strictness, not the sample, is what the breakages hit.
    fn parses<T: DeserializeOwned>(contract: &str, name: &str, v: &Value) {
        from_json::<T>(to_json_vec(v).unwrap())
            .unwrap_or_else(|e| panic!("{contract} {name}: sample does not parse: {e}\n{v}"));
    }

    // Execute: raw JSON from the owner; refused, storage unchanged.
    let exec = samples(&api, "execute");
    assert!(!exec.is_empty());
    for (name, sample) in &exec {
        parses::<E>(contract, name, &sample.value);
        // An extra key beside the variant's name is refused too (not a struct field, so serde
        // cannot name it; it must still fail).
        let mut wrapped = sample.value.clone();
        wrapped
            .as_object_mut()
            .unwrap()
            .insert(UNKNOWN.into(), json!(1));
        let before = suite.snapshot(addr);
        assert!(
            suite
                .app
                .execute_contract(owner.clone(), addr.clone(), &wrapped, &[])
                .is_err(),
            "{contract} execute {name}: extra key beside the variant accepted"
        );
        for (what, msg, field) in breakages(sample) {
            let err = suite
                .app
                .execute_contract(owner.clone(), addr.clone(), &msg, &[])
                .expect_err(&format!("{contract} execute {name}: {what} accepted"));
            assert_names_field(&format!("{contract} execute {name}: {what}"), &err, &field);
            checked += 1;
        }
        assert_eq!(
            suite.snapshot(addr),
            before,
            "{contract} execute {name}: state changed"
        );
    }

    // Query.
    let query = samples(&api, "query");
    assert!(!query.is_empty());
    for (name, sample) in &query {
        parses::<Q>(contract, name, &sample.value);
        let before = suite.snapshot(addr);
        for (what, msg, field) in breakages(sample) {
            let err = suite
                .app
                .wrap()
                .query_wasm_smart::<Value>(addr, &msg)
                .expect_err(&format!("{contract} query {name}: {what} accepted"));
            assert_names_field(&format!("{contract} query {name}: {what}"), &err, &field);
            checked += 1;
        }
        assert_eq!(suite.snapshot(addr), before, "{contract} query {name}");
    }

    // Instantiate: a new instance is refused.
    for (name, sample) in samples(&api, "instantiate") {
        parses::<I>(contract, &name, &sample.value);
        for (what, msg, field) in breakages(&sample) {
            let err = suite
                .app
                .instantiate_contract(code_id, owner.clone(), &msg, &[], "strict", None)
                .expect_err(&format!("{contract} instantiate: {what} accepted"));
            assert_names_field(&format!("{contract} instantiate: {what}"), &err, &field);
            checked += 1;
        }
    }

    // Migrate (to the same code): refused, storage unchanged.
    for (name, sample) in samples(&api, "migrate") {
        parses::<M>(contract, &name, &sample.value);
        let before = suite.snapshot(addr);
        for (what, msg, field) in breakages(&sample) {
            let err = suite
                .app
                .migrate_contract(owner.clone(), addr.clone(), &msg, code_id)
                .expect_err(&format!("{contract} migrate: {what} accepted"));
            assert_names_field(&format!("{contract} migrate: {what}"), &err, &field);
            checked += 1;
        }
        assert_eq!(suite.snapshot(addr), before, "{contract} migrate");
    }

    println!(
        "{contract}: {} execute, {} query variants, {checked} broken messages refused",
        exec.len(),
        query.len()
    );
    // Every variant produced at least one breakage (its body object).
    assert!(
        checked >= exec.len() + query.len() + 2,
        "{contract}: {checked}"
    );
}

#[test]
fn ehr_registry_refuses_unknown_and_misspelled_fields() {
    use cw_health_types::ehr_registry::*;
    let mut suite = SuiteBuilder::new().build();
    let (addr, code) = (suite.ehr_addr.clone(), suite.code_ids[0]);
    check_contract::<InstantiateMsg, ExecuteMsg, QueryMsg, MigrateMsg>(
        &mut suite,
        "ehr-registry",
        &addr,
        code,
    );
}

#[test]
fn drug_provenance_refuses_unknown_and_misspelled_fields() {
    use cw_health_types::drug_provenance::*;
    let mut suite = SuiteBuilder::new().build();
    let (addr, code) = (suite.drug_addr.clone(), suite.code_ids[1]);
    check_contract::<InstantiateMsg, ExecuteMsg, QueryMsg, MigrateMsg>(
        &mut suite,
        "drug-provenance",
        &addr,
        code,
    );
}

#[test]
fn trial_anchor_refuses_unknown_and_misspelled_fields() {
    use cw_health_types::trial_anchor::*;
    let mut suite = SuiteBuilder::new().build();
    let (addr, code) = (suite.trial_addr.clone(), suite.code_ids[2]);
    check_contract::<InstantiateMsg, ExecuteMsg, QueryMsg, MigrateMsg>(
        &mut suite,
        "trial-anchor",
        &addr,
        code,
    );
}

#[test]
fn claims_engine_refuses_unknown_and_misspelled_fields() {
    use cw_health_types::claims_engine::*;
    let mut suite = SuiteBuilder::new().build();
    let (addr, code) = (suite.claims_addr.clone(), suite.code_ids[3]);
    check_contract::<InstantiateMsg, ExecuteMsg, QueryMsg, MigrateMsg>(
        &mut suite,
        "claims-engine",
        &addr,
        code,
    );
}
