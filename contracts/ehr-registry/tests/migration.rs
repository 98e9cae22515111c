//! Migration of ehr-registry from the pre-release skeleton (the shared life cycle of all four
//! contracts is tested in packages/cw-health-testing/tests/lifecycle.rs and upgrade.rs).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{coins, Addr, Empty};
use cw_health_types::ehr_registry::{EhrConfigResponse, InstantiateMsg, MigrateMsg, QueryMsg};
use cw_multi_test::{App, AppBuilder, Contract, ContractWrapper, Executor};
use ehr_registry::contract::{execute, instantiate, migrate, query};

fn contract() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(execute, instantiate, query).with_migrate(migrate))
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
            &InstantiateMsg {
                owner: None,
                guardianship_end_age: None,
            },
            &[],
            "ehr-registry",
            Some(owner.to_string()),
        )
        .unwrap();
    (app, owner, addr, code_id)
}

#[test]
fn migrate_from_the_skeleton_adds_the_default_configuration() {
    let (mut app, owner, _addr, code_id) = setup();
    // The 0.0.x skeleton stored only the owner and cw2.
    fn skeleton_instantiate(
        deps: cosmwasm_std::DepsMut,
        _: cosmwasm_std::Env,
        info: cosmwasm_std::MessageInfo,
        _: Empty,
    ) -> cosmwasm_std::StdResult<cosmwasm_std::Response> {
        cw2::set_contract_version(deps.storage, "crates.io:ehr-registry", "0.0.9")?;
        cw_health_types::ownership::initialize_owner(deps.storage, deps.api, info.sender.as_str())
            .map_err(|e| cosmwasm_std::StdError::msg(e.to_string()))?;
        Ok(cosmwasm_std::Response::new())
    }
    let old = app.store_code(Box::new(
        ContractWrapper::new(execute, skeleton_instantiate, query).with_migrate(migrate),
    ));
    let old_addr = app
        .instantiate_contract(
            old,
            owner.clone(),
            &Empty {},
            &[],
            "old",
            Some(owner.to_string()),
        )
        .unwrap();
    assert!(app
        .wrap()
        .query_wasm_smart::<EhrConfigResponse>(&old_addr, &QueryMsg::Config {})
        .is_err());
    app.migrate_contract(owner.clone(), old_addr.clone(), &MigrateMsg {}, code_id)
        .unwrap();
    let cfg: EhrConfigResponse = app
        .wrap()
        .query_wasm_smart(&old_addr, &QueryMsg::Config {})
        .unwrap();
    assert_eq!(cfg.owner, owner);
    assert_eq!(cfg.credentialing_authority, None);
    assert_eq!(cfg.emergency_policy.max_window_secs, 4 * 3600);
}
