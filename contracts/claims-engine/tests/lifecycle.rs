//! Instantiate, configuration, ownership and migration guards of claims-engine in cw-multi-test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use claims_engine::contract::{execute, instantiate, migrate, query};
use cosmwasm_std::{coins, Addr, Empty};
use cw_health_types::claims_engine::{
    ConfigResponse, ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg,
};
use cw_health_types::ownership::{Ownership, OwnershipAction};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor};

fn contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
}

fn init_msg(app: &App, owner: Option<String>) -> InstantiateMsg {
    InstantiateMsg {
        owner,
        ehr_registry: app.api().addr_make("ehr").to_string(),
        drug_provenance: app.api().addr_make("drugs").to_string(),
        payout_batch_limit: None,
    }
}

fn setup() -> (App, Addr, Addr, u64) {
    let mut app = AppBuilder::new().build(|router, api, storage| {
        let rich = api.addr_make("rich");
        router
            .bank
            .init_balance(storage, &rich, coins(1_000, "uhealth"))
            .unwrap();
    });
    let owner = app.api().addr_make("owner");
    let code_id = app.store_code(contract());
    let addr = app
        .instantiate_contract(
            code_id,
            owner.clone(),
            &init_msg(&app, None),
            &[],
            "claims-engine",
            Some(owner.to_string()),
        )
        .unwrap();
    (app, owner, addr, code_id)
}

#[test]
fn instantiate_records_owner_and_version() {
    let (app, owner, addr, _) = setup();
    let cfg: ConfigResponse = app
        .wrap()
        .query_wasm_smart(&addr, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(cfg.owner, owner);
    let info = cw2::query_contract_info(&app.wrap(), addr.to_string()).unwrap();
    assert_eq!(info.contract, "crates.io:claims-engine");
    assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
}

#[test]
fn funds_are_refused_and_malformed_owner_rejected() {
    let (mut app, _owner, _addr, code_id) = setup();
    let rich = app.api().addr_make("rich");
    let err = app
        .instantiate_contract(
            code_id,
            rich.clone(),
            &init_msg(&app, None),
            &coins(1, "uhealth"),
            "x",
            None,
        )
        .unwrap_err();
    assert!(err.to_string().contains("does not accept funds"), "{err}");
    let upper = rich.to_string().to_uppercase();
    let err = app
        .instantiate_contract(code_id, rich, &init_msg(&app, Some(upper)), &[], "x", None)
        .unwrap_err();
    assert!(!err.to_string().is_empty());
}

#[test]
fn ownership_moves_in_two_steps() {
    let (mut app, owner, addr, _) = setup();
    let next = app.api().addr_make("next");
    let propose = ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
        new_owner: next.to_string(),
        expiry: None,
    });
    let err = app
        .execute_contract(next.clone(), addr.clone(), &propose, &[])
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with(&"caller is not the contract's owner"),
        "{err}"
    );
    app.execute_contract(owner.clone(), addr.clone(), &propose, &[])
        .unwrap();
    let accept = ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership {});
    app.execute_contract(next.clone(), addr.clone(), &accept, &[])
        .unwrap();
    let o: Ownership = app
        .wrap()
        .query_wasm_smart(&addr, &QueryMsg::Ownership {})
        .unwrap();
    assert_eq!(o.owner, next);
    assert_eq!(o.pending_owner, None);
}

#[test]
fn migrate_refuses_foreign_contracts_and_downgrades() {
    let (mut app, owner, addr, code_id) = setup();
    // Same code: a no-op migration succeeds.
    app.migrate_contract(owner.clone(), addr.clone(), &MigrateMsg {}, code_id)
        .unwrap();

    // A foreign contract's code cannot take over this one.
    fn foreign_instantiate(
        deps: cosmwasm_std::DepsMut,
        _: cosmwasm_std::Env,
        _: cosmwasm_std::MessageInfo,
        _: Empty,
    ) -> cosmwasm_std::StdResult<cosmwasm_std::Response> {
        cw2::set_contract_version(deps.storage, "crates.io:other", "9.9.9")?;
        Ok(cosmwasm_std::Response::new())
    }
    let foreign = app.store_code(Box::new(
        ContractWrapper::new(execute, foreign_instantiate, query).with_migrate(migrate),
    ));
    let other = app
        .instantiate_contract(
            foreign,
            owner.clone(),
            &Empty {},
            &[],
            "other",
            Some(owner.to_string()),
        )
        .unwrap();
    let err = app
        .migrate_contract(owner.clone(), other, &MigrateMsg {}, code_id)
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with(&"cannot migrate a crates.io:other contract into crates.io:claims-engine"),
        "{err}"
    );

    // A newer version of this contract cannot be migrated down to this code.
    fn newer_instantiate(
        deps: cosmwasm_std::DepsMut,
        _: cosmwasm_std::Env,
        _: cosmwasm_std::MessageInfo,
        _: Empty,
    ) -> cosmwasm_std::StdResult<cosmwasm_std::Response> {
        cw2::set_contract_version(deps.storage, "crates.io:claims-engine", "99.0.0")?;
        Ok(cosmwasm_std::Response::new())
    }
    let newer = app.store_code(Box::new(
        ContractWrapper::new(execute, newer_instantiate, query).with_migrate(migrate),
    ));
    let newer_addr = app
        .instantiate_contract(
            newer,
            owner.clone(),
            &Empty {},
            &[],
            "newer",
            Some(owner.to_string()),
        )
        .unwrap();
    let err = app
        .migrate_contract(owner, newer_addr, &MigrateMsg {}, code_id)
        .unwrap_err();
    assert!(
        err.to_string().ends_with(&format!(
            "cannot migrate from version 99.0.0 down to {}",
            env!("CARGO_PKG_VERSION")
        )),
        "{err}"
    );
}
