//! The suite's cross-contract stories on the optimized artifacts (artifacts/*.wasm, built by
//! scripts/build.sh) on the real VM, with the same decisions, codes, amounts and balances as
//! cw-health-testing's patient_journey.rs and pharmacy.rs assert in cw-multi-test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

#[path = "common/health.rs"]
mod health;
#[path = "common/stories.rs"]
mod stories;

use health::Health;

fn deploy(name: &str) -> Health {
    let dir = std::env::temp_dir().join(format!(
        "local-chain-story-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    Health::deploy(&dir).unwrap_or_else(|e| panic!("{e}"))
}

fn report(h: &Health) {
    for s in &h.steps {
        println!(
            "{:<44} code {:>2} gas {:>9}  {}",
            s.label, s.res.code, s.res.gas_used, s.res.raw_log
        );
    }
}

#[test]
fn patient_journey_on_the_real_vm() {
    let mut h = deploy("journey");
    let r = stories::patient_journey(&mut h);
    report(&h);
    r.unwrap();
    // Every message paid at least one instance, and a claim pays three (claims-engine, and its
    // queries of ehr-registry).
    let submit = h
        .steps
        .iter()
        .find(|s| s.label == "claims: submit claim")
        .unwrap();
    assert!(
        submit.res.gas_detail.instances >= 2,
        "{:?}",
        submit.res.gas_detail
    );
    assert!(submit.res.gas_used > 120_000);
}

#[test]
fn pharmacy_pack_is_paid_once_on_the_real_vm() {
    let mut h = deploy("pharmacy1");
    let r = stories::pharmacy_pack_paid_once(&mut h);
    report(&h);
    r.unwrap();
}

#[test]
fn pharmacy_two_packs_are_paid_from_the_pool_on_the_real_vm() {
    let mut h = deploy("pharmacy2");
    let r = stories::pharmacy_two_packs(&mut h);
    report(&h);
    r.unwrap();
}

#[test]
fn trial_site_routine_on_the_real_vm() {
    let mut h = deploy("trial");
    let r = stories::trial_site_routine(&mut h);
    report(&h);
    r.unwrap();
}

#[test]
fn rpm_month_is_paid_once_on_the_real_vm() {
    let mut h = deploy("rpm");
    let r = stories::rpm_month(&mut h);
    report(&h);
    r.unwrap();
}
