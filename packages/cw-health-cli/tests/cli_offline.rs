//! The binary without a node: network profiles, messages refused locally before any connection,
//! and the errors for an unreachable node and a missing deployment.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cli(dir: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_cw-health"));
    c.current_dir(repo())
        .arg("--home")
        .arg(dir.join("home"))
        .arg("--deployments")
        .arg(dir.join("deployments"))
        .env_remove("CW_HEALTH_NETWORK")
        .env_remove("CW_HEALTH_RPC")
        .env_remove("CW_HEALTH_NETWORKS");
    c
}

fn text(o: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

/// A network profile pointing at a port nobody listens on, and a record for it.
fn offline_setup(dir: &Path) {
    let nets = dir.join("networks");
    std::fs::create_dir_all(&nets).unwrap();
    std::fs::write(
        nets.join("nowhere.toml"),
        "chain_id = \"nowhere-1\"\nrpc = \"http://127.0.0.1:9\"\ngas_price = 0.025\n\
         gas_denom = \"ucosm\"\nbech32_prefix = \"wasm\"\n",
    )
    .unwrap();
    let deps = dir.join("deployments");
    std::fs::create_dir_all(&deps).unwrap();
    std::fs::write(
        deps.join("nowhere-1.json"),
        r#"{"chain_id":"nowhere-1","default":{"ehr-registry":"wasm14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s0phg4d"}}"#,
    )
    .unwrap();
    let mut imp = cli(dir);
    imp.args([
        "keys",
        "import",
        "dev",
        "--mnemonic",
        "test test test test test test test test test test test junk",
    ]);
    assert!(imp.output().unwrap().status.success());
}

#[test]
fn networks_lists_every_profile_and_marks_the_unverified() {
    let dir = tempfile::tempdir().unwrap();
    let o = cli(dir.path()).arg("networks").output().unwrap();
    let (out, err) = text(&o);
    assert!(o.status.success(), "{err}");
    for id in [
        "local-1",
        "pion-1",
        "osmo-test-5",
        "uni-7",
        "xion-testnet-2",
        "elgafar-1",
    ] {
        assert!(out.contains(id), "{id} missing from {out}");
    }
    let pion = out.lines().find(|l| l.contains("pion-1")).unwrap();
    assert!(pion.contains(" no "), "{pion}");
    let o = cli(dir.path())
        .args(["networks", "osmo-test-5"])
        .output()
        .unwrap();
    let (out, _) = text(&o);
    assert!(out.contains("bech32_prefix = \"osmo\""), "{out}");
}

#[test]
fn a_malformed_message_is_refused_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    offline_setup(dir.path());
    let o = cli(dir.path())
        .args(["--networks"])
        .arg(dir.path().join("networks"))
        .args([
            "--network",
            "nowhere",
            "exec",
            "ehr",
            r#"{"register_party":{"address":"wasm1x","identifier":"x","role":"clinician","license_expiry":"2027-01-01"}}"#,
            "--from",
            "dev",
        ])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("$.register_party.license_expiry"), "{err}");
    assert!(err.contains("nanoseconds"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    // Not even a connection was tried (the node is unreachable, and that is not what it says).
    assert!(!err.contains("cannot reach"), "{err}");
    // Not JSON at all.
    let o = cli(dir.path())
        .args(["--networks"])
        .arg(dir.path().join("networks"))
        .args(["--network", "nowhere", "query", "ehr", "{config:{}}"])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(err.contains("not valid JSON"), "{err}");
}

#[test]
fn an_unreachable_node_is_named() {
    let dir = tempfile::tempdir().unwrap();
    offline_setup(dir.path());
    let o = cli(dir.path())
        .args(["--networks"])
        .arg(dir.path().join("networks"))
        .args([
            "--network",
            "nowhere",
            "query",
            "ehr-registry",
            r#"{"config":{}}"#,
        ])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(
        err.contains("cannot reach the node at http://127.0.0.1:9"),
        "{err}"
    );
}

#[test]
fn a_contract_not_deployed_says_to_deploy() {
    let dir = tempfile::tempdir().unwrap();
    offline_setup(dir.path());
    let o = cli(dir.path())
        .args(["--networks"])
        .arg(dir.path().join("networks"))
        .args([
            "--network",
            "nowhere",
            "query",
            "claims",
            r#"{"config":{}}"#,
        ])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert!(!o.status.success());
    assert!(err.contains("claims-engine is not deployed"), "{err}");
    assert!(err.contains("cw-health deploy"), "{err}");
    // An unknown contract name.
    let o = cli(dir.path())
        .args(["--network", "local", "query", "pharmacy", "{}"])
        .output()
        .unwrap();
    let (_, err) = text(&o);
    assert!(err.contains("unknown contract pharmacy"), "{err}");
}
