//! `cw-health` against a fresh local node over CometBFT RPC (packages/local-node), by the code
//! path it uses against a testnet: deploy, a story of exec/query with checked results, a second
//! deploy that skips every step, messages refused before sending, hostile-but-schema-valid
//! messages refused by the contracts (or clamped) with nothing changed, and the clear errors
//! (unfunded account, wrong chain id, failed transaction).
//! Needs the artifacts (scripts/build.sh; scripts/test.sh builds them before cargo test).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{json, Value};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The dev keys, by HD index.
const KEYS: [&str; 5] = ["owner", "patient", "clinician", "hospital", "credentialing"];

/// Far in the future (2027-01-01), as the API writes times.
const EXPIRY: &str = "1798761600000000000";

struct Env {
    // Dropped first: the node stops before its directory is removed.
    _node: local_node::NodeHandle,
    _dir: tempfile::TempDir,
    dir: PathBuf,
    rpc: String,
}

struct Run {
    ok: bool,
    code: Option<i32>,
    out: String,
    err: String,
}

impl Run {
    fn json(&self) -> Value {
        serde_json::from_str(&self.out)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\nstderr: {}", self.out, self.err))
    }
}

fn check_artifacts() {
    let sums = repo().join("artifacts/checksums.txt");
    assert!(
        sums.exists(),
        "{} is missing: run `bash scripts/build.sh` first (scripts/test.sh does)",
        sums.display()
    );
}

impl Env {
    fn start() -> Self {
        check_artifacts();
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        // The dev accounts, derived here by BIP-39 (12 words) and funded at genesis.
        let mut config = local_node::NodeConfig::new(dir.join("node"));
        config.chain.accounts = (0..KEYS.len() as u32)
            .map(|i| local_node::GenesisAccount {
                address: cw_health_cli::keys::address(
                    local_node::DEV_MNEMONIC,
                    &cw_health_cli::keys::hd_path(i),
                    "wasm",
                )
                .unwrap(),
                coins: vec![local_node::Coin::new(1_000_000_000_000, &config.denom)],
            })
            .collect();
        let node = local_node::start(config).unwrap_or_else(|e| panic!("local node: {e}"));
        let env = Env {
            rpc: node.rpc_url(),
            _node: node,
            _dir: tmp,
            dir,
        };
        for (index, name) in KEYS.iter().enumerate() {
            let r = env.run(&[
                "keys",
                "import",
                name,
                "--index",
                &index.to_string(),
                "--mnemonic",
                local_node::DEV_MNEMONIC,
            ]);
            assert!(r.ok, "{}", r.err);
        }
        // A key that was never funded.
        assert!(env.run(&["keys", "add", "stranger"]).ok);
        env
    }

    fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_cw-health"));
        c.current_dir(repo())
            .arg("--home")
            .arg(self.dir.join("home"))
            .arg("--deployments")
            .arg(self.dir.join("deployments"))
            .args(["--network", "local", "--rpc", &self.rpc, "--timeout", "30"])
            .env_remove("CW_HEALTH_NETWORKS")
            .env_remove("CW_HEALTH_FROM");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        let o: Output = self.cmd().args(args).output().unwrap();
        Run {
            ok: o.status.success(),
            code: o.status.code(),
            out: String::from_utf8_lossy(&o.stdout).into_owned(),
            err: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }

    fn addr(&self, key: &str) -> String {
        let r = self.run(&["keys", "show", key]);
        assert!(r.ok, "{}", r.err);
        r.out.trim().to_string()
    }

    fn exec(&self, from: &str, contract: &str, msg: &Value) -> Value {
        let r = self.run(&[
            "-o",
            "json",
            "exec",
            contract,
            &msg.to_string(),
            "--from",
            from,
        ]);
        assert!(r.ok, "exec {msg} as {from}: {}\n{}", r.err, r.out);
        let tx = r.json();
        assert_eq!(tx["code"], 0, "{tx}");
        assert!(tx["gas_used"].as_u64().unwrap() > 0);
        tx
    }

    /// An exec the chain refuses: non-zero exit, and the contract's error in stderr.
    fn refused(&self, from: &str, contract: &str, msg: &Value) -> String {
        let r = self.run(&["exec", contract, &msg.to_string(), "--from", from]);
        assert!(!r.ok, "exec {} as {from} passed: {}", short(msg), r.out);
        r.err
    }

    fn query(&self, contract: &str, msg: &Value) -> Value {
        let r = self.run(&["-o", "json", "query", contract, &msg.to_string()]);
        assert!(r.ok, "query {msg}: {}", r.err);
        r.json()
    }

    fn record(&self) -> Value {
        let p = self.dir.join("deployments/local-1.json");
        serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
    }

    fn deploy(&self) -> Run {
        let r = self.run(&["deploy", "--from", "owner"]);
        assert!(r.ok, "deploy: {}\n{}", r.err, r.out);
        r
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    s.chars().take(120).collect()
}

fn attr(tx: &Value, key: &str) -> Option<String> {
    tx["events"]
        .as_array()?
        .iter()
        .flat_map(|e| e["attributes"].as_array().cloned().unwrap_or_default())
        .find(|a| a["key"] == key)
        .and_then(|a| a["value"].as_str().map(String::from))
}

fn content(name: &str) -> Value {
    use sha2::{Digest, Sha256};
    let sha256 = hex::encode(Sha256::digest(name.as_bytes()));
    // An opaque locator: the gateway's token, never a path naming the patient or the record.
    let token = sha256.get(..16).unwrap_or_default().to_string();
    json!({
        "sha256": sha256,
        "uri": format!("https://gateway.example.org/d/{token}"),
        "media_type": "application/fhir+json",
    })
}

/// Registers the roles, the patient, a record and a grant: the start of the patient journey.
fn setup_story(env: &Env) -> (u64, u64) {
    let (clin, hosp, cred, pat) = (
        env.addr("clinician"),
        env.addr("hospital"),
        env.addr("credentialing"),
        env.addr("patient"),
    );
    env.exec(
        "owner",
        "ehr",
        &json!({"update_config": {"credentialing_authority": cred}}),
    );
    for (who, role) in [(&clin, "clinician"), (&hosp, "organization")] {
        env.exec(
            "credentialing",
            "ehr",
            &json!({"register_party": {
                "address": who, "identifier": format!("NPI-{role}"), "role": role,
                "license_expiry": EXPIRY
            }}),
        );
    }
    env.exec("patient", "ehr", &json!({"register_patient": {}}));
    let permit = |actions: Value, purposes: Value| {
        json!({
            "provision_type": "permit", "actions": actions, "purposes": purposes,
            "resource_types": ["Encounter"], "labels": [], "record_ids": [], "provisions": []
        })
    };
    env.exec(
        "patient",
        "ehr",
        &json!({"grant_access": {
            "patient": pat, "grantee": {"address": {"address": clin}},
            "provision": permit(json!(["read", "write"]), json!(["TREAT"]))
        }}),
    );
    let tx = env.exec(
        "patient",
        "ehr",
        &json!({"grant_access": {
            "patient": pat, "grantee": {"address": {"address": hosp}},
            "provision": permit(json!(["read"]), json!(["TREAT", "HPAYMT"]))
        }}),
    );
    let grant: u64 = attr(&tx, "grant_id").unwrap().parse().unwrap();
    let tx = env.exec(
        "clinician",
        "ehr",
        &json!({"add_record": {
            "patient": pat, "content": content("Encounter/visit-1"),
            "resource_type": "Encounter", "labels": []
        }}),
    );
    let record: u64 = attr(&tx, "record_id").unwrap().parse().unwrap();
    (grant, record)
}

/// One node, one deployment (storing codes is the slow part): the story, the second deploy, the
/// refusals and migrate, in sequence.
#[test]
fn deploy_story_redeploy_refusals_and_migrate_on_a_local_node() {
    let env = Env::start();
    let (grant, record) = deploy_and_story(&env);
    second_deploy_skips_everything(&env);
    refusals_are_clear_and_change_nothing(&env, grant, record);
    migrate_needs_a_new_code_and_the_admin(&env);
}

fn deploy_and_story(env: &Env) -> (u64, u64) {
    let first = env.deploy();
    let rec = env.record();
    let owner = env.addr("owner");
    for c in [
        "ehr-registry",
        "drug-provenance",
        "trial-anchor",
        "claims-engine",
    ] {
        assert!(rec["code_ids"][c].as_u64().unwrap() > 0, "{rec}");
        assert_eq!(rec["checksums"][c].as_str().unwrap().len(), 64);
        assert!(rec["default"][c].as_str().unwrap().starts_with("wasm1"));
        assert_eq!(rec["admins"][c], owner.as_str());
        let store = &rec["steps"][format!("store {c}")];
        assert!(store["height"].as_u64().unwrap() > 0, "{rec}");
        assert_eq!(store["tx_hash"].as_str().unwrap().len(), 64);
        assert!(
            rec["steps"][format!("instantiate {c}")]["gas_used"]
                .as_u64()
                .unwrap()
                > 0
        );
    }
    assert!(
        first.out.contains("[4/4] store claims-engine"),
        "{}",
        first.out
    );
    // Wired: drug-provenance, trial-anchor and claims-engine know ehr-registry (claims-engine
    // also drug-provenance).
    let ehr = rec["default"]["ehr-registry"].as_str().unwrap();
    let drug = rec["default"]["drug-provenance"].as_str().unwrap();
    let cfg = env.query("claims", &json!({"config": {}}));
    assert_eq!(cfg["ehr_registry"], ehr, "{cfg}");
    assert_eq!(cfg["drug_provenance"], drug, "{cfg}");
    let cfg = env.query("trial", &json!({"config": {}}));
    assert_eq!(cfg["ehr_registry"], ehr, "{cfg}");
    let cfg = env.query("drug", &json!({"config": {}}));
    assert_eq!(cfg["ehr_registry"], ehr, "{cfg}");

    // The story: roles, patient, consent, a record, checks before and after revocation.
    let (grant, record) = setup_story(env);
    let (hosp, clin, pat) = (
        env.addr("hospital"),
        env.addr("clinician"),
        env.addr("patient"),
    );
    let info = env.query("ehr", &json!({"record": {"record_id": record}}));
    assert_eq!(info["custodian"], clin.as_str(), "{info}");
    assert_eq!(info["patient"], pat.as_str());
    let check = json!({"check_access": {
        "patient": pat, "actor": hosp, "action": "read", "purpose": "HPAYMT", "record_id": record
    }});
    assert_eq!(env.query("ehr", &check)["allowed"], true);
    env.exec(
        "patient",
        "ehr",
        &json!({"revoke_access": {"grant_id": grant, "reason": "patient_withdrew"}}),
    );
    let d = env.query("ehr", &check);
    assert_eq!(d["allowed"], false, "{d}");
    assert_eq!(d["reason"], "no_matching_grant", "{d}");
    // The revoked hospital cannot record a disclosure: refused in simulation, nothing sent.
    let e = env.refused(
        "hospital",
        "ehr",
        &json!({"record_access": {
            "patient": pat, "record_id": record, "actor": hosp, "action": "read", "purpose": "HPAYMT"
        }}),
    );
    assert!(e.contains("refused in simulation"), "{e}");

    // The readable summary: the contract's events and the gas.
    let r = env.run(&[
        "exec",
        "ehr",
        &json!({"set_privacy_officer": {"address": clin, "appointed": true}}).to_string(),
        "--from",
        "owner",
    ]);
    assert!(r.ok, "{}", r.err);
    assert!(r.out.contains("gas used"), "{}", r.out);
    assert!(r.out.contains("action="), "{}", r.out);
    (grant, record)
}

/// A second deploy sends nothing: every step is recorded.
fn second_deploy_skips_everything(env: &Env) {
    let before = env.record();
    let second = env.deploy();
    assert_eq!(second.out.matches("skipped").count(), 8, "{}", second.out);
    assert!(!second.err.contains("sent"), "{}", second.err);
    assert_eq!(env.record(), before);
}

fn refusals_are_clear_and_change_nothing(env: &Env, _revoked_grant: u64, record: u64) {
    let (pat, hosp) = (env.addr("patient"), env.addr("hospital"));
    let records = json!({"records": {"patient": pat}});
    let before = env.query("ehr", &records);
    let grants = json!({"grants_by_patient": {"patient": pat}});
    let grants_before = env.query("ehr", &grants);

    // Malformed: refused locally by the schema, exit code 2, no gas.
    let r = env.run(&[
        "exec",
        "ehr",
        r#"{"add_record":{"patient":"x","content":{"sha256":"00","uri":"u","media_type":"m"},"resource_type":"Encounter","labels":[],"colour":"red"}}"#,
        "--from",
        "clinician",
    ]);
    assert_eq!(r.code, Some(2), "{}", r.err);
    assert!(
        r.err.contains("$.add_record: unknown field `colour`"),
        "{}",
        r.err
    );
    assert!(r.err.contains("nothing was sent"), "{}", r.err);

    // Hostile but schema-valid: a 100 KB string.
    let e = env.refused(
        "clinician",
        "ehr",
        &json!({"add_record": {
            "patient": pat,
            "content": {"sha256": content("x")["sha256"], "uri": "u".repeat(100_000),
                        "media_type": "application/fhir+json"},
            "resource_type": "Encounter", "labels": []
        }}),
    );
    assert!(e.contains("refused"), "{e}");
    // A 10,000-entry list.
    let labels: Vec<&str> = vec!["N"; 10_000];
    let e = env.refused(
        "clinician",
        "ehr",
        &json!({"add_record": {
            "patient": pat, "content": content("Observation/bp"),
            "resource_type": "Observation", "labels": labels
        }}),
    );
    assert!(e.contains("refused"), "{e}");
    // An upper-case address.
    let e = env.refused(
        "patient",
        "ehr",
        &json!({"grant_access": {
            "patient": pat, "grantee": {"address": {"address": hosp.to_uppercase()}},
            "provision": {"provision_type": "permit", "actions": ["read"], "purposes": ["TREAT"],
                          "resource_types": ["Encounter"], "labels": [], "record_ids": [], "provisions": []}
        }}),
    );
    assert!(e.contains("refused"), "{e}");
    // limit 4294967295: clamped to the documented maximum (30).
    let page = env.query("ehr", &json!({"parties": {"limit": 4294967295u64}}));
    let n = page["parties"].as_array().unwrap().len();
    assert!((1..=30).contains(&n), "{page}");
    // Nothing changed.
    assert_eq!(env.query("ehr", &records), before);
    assert_eq!(env.query("ehr", &grants), grants_before);
    assert_eq!(
        env.query("ehr", &json!({"record": {"record_id": record}}))["id"],
        record
    );

    // A transaction that fails in its block (fixed gas, no simulation): non-zero exit, the raw
    // log, and still nothing changed.
    let r = env.run(&[
        "--gas",
        "400000",
        "exec",
        "ehr",
        &json!({"register_patient": {}}).to_string(),
        "--from",
        "patient",
    ]);
    assert!(!r.ok, "{}", r.out);
    assert!(r.err.contains("failed in tx"), "{}", r.err);
    assert!(
        r.err.contains("register_patient") || r.err.contains("already"),
        "{}",
        r.err
    );

    // An account that was never funded.
    let r = env.run(&[
        "exec",
        "ehr",
        &json!({"register_patient": {}}).to_string(),
        "--from",
        "stranger",
    ]);
    assert!(!r.ok);
    assert!(r.err.contains("has never received tokens"), "{}", r.err);
}

#[test]
fn a_wrong_chain_id_is_refused_and_status_answers() {
    let env = Env::start();
    let nets = env.dir.join("networks");
    std::fs::create_dir_all(&nets).unwrap();
    std::fs::write(
        nets.join("other.toml"),
        format!(
            "chain_id = \"other-1\"\nrpc = \"{}\"\ngas_price = 0.025\ngas_denom = \"ucosm\"\n\
             bech32_prefix = \"wasm\"\n",
            env.rpc
        ),
    )
    .unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_cw-health"))
        .current_dir(repo())
        .arg("--home")
        .arg(env.dir.join("home"))
        .arg("--networks")
        .arg(&nets)
        .args(["--network", "other", "status"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(err.contains("runs chain id local-1"), "{err}");
    assert!(err.contains("expects other-1"), "{err}");
    // And the right one answers, with a balance.
    let r = env.run(&["-o", "json", "status", "--balance", "owner"]);
    assert!(r.ok, "{}", r.err);
    let s = r.json();
    assert_eq!(s["chain_id"], "local-1");
    assert!(s["balance"].as_str().unwrap().ends_with("ucosm"));
}

fn migrate_needs_a_new_code_and_the_admin(env: &Env) {
    // Same code: nothing to do.
    let r = env.run(&["migrate", "ehr", "--from", "owner"]);
    assert!(r.ok, "{}", r.err);
    assert!(r.err.contains("already runs code"), "{}", r.err);
    // Another key is not the admin.
    let rec = env.record();
    let other = rec["code_ids"]["drug-provenance"]
        .as_u64()
        .unwrap()
        .to_string();
    let r = env.run(&["migrate", "ehr", "--from", "patient", "--code-id", &other]);
    assert!(!r.ok);
    assert!(r.err.contains("is not the admin"), "{}", r.err);
}

#[test]
fn a_code_the_vm_rejects_is_named() {
    let env = Env::start();
    // Four "artifacts" that are not contracts (an empty module: no memory, no exports).
    let arts = env.dir.join("bad-artifacts");
    std::fs::create_dir_all(&arts).unwrap();
    let module = b"\0asm\x01\0\0\0";
    let mut sums = String::new();
    for f in [
        "ehr_registry.wasm",
        "drug_provenance.wasm",
        "trial_anchor.wasm",
        "claims_engine.wasm",
    ] {
        std::fs::write(arts.join(f), module).unwrap();
        sums.push_str(&format!(
            "{}  {f}\n",
            cw_health_cli::deploy::sha256_hex(module)
        ));
    }
    std::fs::write(arts.join("checksums.txt"), sums).unwrap();
    let o = env
        .cmd()
        .arg("--artifacts")
        .arg(&arts)
        .args(["deploy", "--from", "owner"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!o.status.success());
    assert!(
        err.contains("store ehr-registry") || err.contains("simulation"),
        "{err}"
    );
    assert!(err.contains("VM rejected the code"), "{err}");
    // Nothing was recorded.
    assert!(!env.dir.join("deployments/local-1.json").exists());
}
