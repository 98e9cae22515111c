//! The ehr-registry handle: a ledger instantiated before it existed keeps working after the
//! migration (no handle: a prescription naming a visit is refused, an in-person one anchored),
//! and the owner alone sets it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::drug_provenance::{
    ConfigUpdate, DrugConfigResponse, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
};
use cw_health_types::Sha256Hash;
use cw_multi_test::{App, ContractWrapper, Executor, IntoAddr};
use drug_provenance::contract::{execute, instantiate, migrate, query};

/// The configuration as the ledger stored it before the handle existed (no `ehr_registry`).
const OLD_CONFIG: &str = r#"{"regulator":null,"undo_window_secs":864000,"investigation_secs":86400,"notification_secs":86400,"alert_quarantine_threshold":2}"#;

fn old_ledger() -> (App, Addr, Addr, u64) {
    let mut app = App::default();
    let owner = "owner".into_addr();
    let code = app.store_code(Box::new(
        ContractWrapper::new(execute, instantiate, query).with_migrate(migrate),
    ));
    let addr = app
        .instantiate_contract(
            code,
            owner.clone(),
            &InstantiateMsg {
                owner: None,
                ehr_registry: None,
            },
            &[],
            "drug-provenance",
            Some(owner.to_string()),
        )
        .unwrap();
    // Rewind the stored state to the older layout and version.
    {
        let mut storage = app.contract_storage_mut(&addr);
        storage.set(b"config", OLD_CONFIG.as_bytes());
        // (the first version of the current storage layout: older states are refused)
        cw2::set_contract_version(
            storage.as_mut(),
            "crates.io:drug-provenance",
            drug_provenance::contract::OLD_STORAGE_LAYOUT.1,
        )
        .unwrap();
    }
    (app, owner, addr, code)
}

fn config(app: &App, addr: &Addr) -> DrugConfigResponse {
    app.wrap()
        .query_wasm_smart(addr, &QueryMsg::Config {})
        .unwrap()
}

fn anchor(visit_id: Option<u64>, doc: &[u8], now: Timestamp) -> ExecuteMsg {
    ExecuteMsg::AnchorPrescription {
        erx_hash: Sha256Hash::digest(doc),
        visit_id,
        fills_written: 1,
        expires_at: now.plus_days(30),
    }
}

#[test]
fn a_ledger_without_the_handle_migrates_and_refuses_unchecked_visits() {
    let (mut app, owner, addr, code) = old_ledger();
    // The old layout reads as "no handle".
    assert_eq!(config(&app, &addr).ehr_registry, None);
    let r = app
        .migrate_contract(owner.clone(), addr.clone(), &MigrateMsg {}, code)
        .unwrap();
    assert!(r.events.iter().any(|e| e
        .attributes
        .iter()
        .any(|a| a.key == "from_version"
            && a.value == drug_provenance::contract::OLD_STORAGE_LAYOUT.1)));
    let cfg = config(&app, &addr);
    assert_eq!((cfg.ehr_registry, cfg.undo_window_secs), (None, 864_000));

    // A prescriber anchors in person; naming a visit is refused while nothing can check it.
    let doc = "prescriber".into_addr();
    let now = app.block_info().time;
    app.execute_contract(
        owner.clone(),
        addr.clone(),
        &ExecuteMsg::SetPrescriber {
            address: doc.to_string(),
            license_id: "NPI-1093817465".into(),
            license_expiry: now.plus_days(365),
            active: true,
        },
        &[],
    )
    .unwrap();
    app.execute_contract(
        doc.clone(),
        addr.clone(),
        &anchor(None, b"in-person", now),
        &[],
    )
    .unwrap();
    let e = app
        .execute_contract(
            doc.clone(),
            addr.clone(),
            &anchor(Some(1), b"tele", now),
            &[],
        )
        .unwrap_err();
    assert!(
        e.to_string().contains(
            "no ehr-registry is configured: a prescription naming a visit cannot be checked"
        ),
        "{e}"
    );

    // Only the owner sets the handle; the other rules are unchanged by it.
    let ehr = "ehr_registry".into_addr();
    let set = ExecuteMsg::UpdateConfig(ConfigUpdate {
        ehr_registry: Some(ehr.to_string()),
        ..Default::default()
    });
    assert!(app
        .execute_contract(doc.clone(), addr.clone(), &set, &[])
        .is_err());
    app.execute_contract(owner, addr.clone(), &set, &[])
        .unwrap();
    let cfg = config(&app, &addr);
    assert_eq!(
        (cfg.ehr_registry, cfg.alert_quarantine_threshold),
        (Some(ehr), 2)
    );
    // Now a visit id is asked about (this address is no contract: the anchor is refused, with
    // the visit named, rather than left unchecked).
    let e = app
        .execute_contract(doc, addr, &anchor(Some(1), b"tele", now), &[])
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("prescription refused: visit 1 could not be read from ehr-registry"),
        "{e}"
    );
}
