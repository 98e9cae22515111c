//! The life cycle every contract shares, checked on all four at once: instantiate (owner, cw2
//! version, no funds, validated owner), two-step ownership, and the owner-only guard.
//! Migration (new code id, downgrade, foreign code, admin) is in `upgrade.rs`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{coins, Addr, Empty};
use cw_health_testing::{root_error, Suite, SuiteBuilder, DENOM};
use cw_health_types::ownership::{Ownership, OwnershipAction};
use cw_health_types::{claims_engine, drug_provenance, ehr_registry, trial_anchor};
use cw_multi_test::{Contract, Executor};

/// The part of every contract's ExecuteMsg / QueryMsg that is the same JSON everywhere.
#[cw_serde]
enum CommonExecute {
    UpdateOwnership(OwnershipAction),
}
#[cw_serde]
enum CommonQuery {
    Ownership {},
}

/// Any of the four instantiate messages, serialized as itself.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum Init {
    Ehr(ehr_registry::InstantiateMsg),
    Drug(drug_provenance::InstantiateMsg),
    Trial(trial_anchor::InstantiateMsg),
    Claims(claims_engine::InstantiateMsg),
}

struct Kind {
    name: &'static str,
    code: fn() -> Box<dyn Contract<Empty>>,
    /// The instantiate message with the given owner.
    init: fn(&Suite, Option<String>) -> Init,
}

fn kinds() -> [Kind; 4] {
    use cw_health_testing::suite::*;
    [
        Kind {
            name: "ehr-registry",
            code: ehr_registry_code,
            init: |_, owner| {
                Init::Ehr(ehr_registry::InstantiateMsg {
                    owner,
                    guardianship_end_age: None,
                })
            },
        },
        Kind {
            name: "drug-provenance",
            code: drug_provenance_code,
            init: |_, owner| {
                Init::Drug(drug_provenance::InstantiateMsg {
                    owner,
                    ehr_registry: None,
                })
            },
        },
        Kind {
            name: "trial-anchor",
            code: trial_anchor_code,
            init: |suite, owner| {
                Init::Trial(trial_anchor::InstantiateMsg {
                    owner,
                    ehr_registry: Some(suite.ehr_addr.to_string()),
                })
            },
        },
        Kind {
            name: "claims-engine",
            code: claims_engine_code,
            init: |suite, owner| {
                Init::Claims(claims_engine::InstantiateMsg {
                    owner,
                    ehr_registry: suite.ehr_addr.to_string(),
                    drug_provenance: suite.drug_addr.to_string(),
                    payout_batch_limit: None,
                })
            },
        },
    ]
}

fn instantiate(
    suite: &mut Suite,
    kind: &Kind,
    sender: &Addr,
    owner: Option<String>,
    funds: &[cosmwasm_std::Coin],
) -> cosmwasm_std::StdResult<Addr> {
    let code_id = suite.app.store_code((kind.code)());
    let msg = (kind.init)(suite, owner);
    suite
        .app
        .instantiate_contract(code_id, sender.clone(), &msg, funds, kind.name, None)
}

fn ownership(suite: &Suite, contract: &Addr) -> Ownership {
    suite
        .app
        .wrap()
        .query_wasm_smart(contract, &CommonQuery::Ownership {})
        .unwrap()
}

#[test]
fn instantiate_records_the_owner_and_the_cw2_version() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    for kind in kinds() {
        // The sender owns it by default; another owner can be named.
        let addr = instantiate(&mut suite, &kind, &a.stranger, None, &[]).unwrap();
        assert_eq!(ownership(&suite, &addr).owner, a.stranger, "{}", kind.name);
        let addr = instantiate(
            &mut suite,
            &kind,
            &a.stranger,
            Some(a.owner.to_string()),
            &[],
        )
        .unwrap();
        assert_eq!(ownership(&suite, &addr).owner, a.owner, "{}", kind.name);
        let info = cw2::query_contract_info(&suite.app.wrap(), addr.to_string()).unwrap();
        assert_eq!(info.contract, format!("crates.io:{}", kind.name));
        assert_eq!(info.version, env!("CARGO_PKG_VERSION"));
    }
}

#[test]
fn instantiate_refuses_funds_and_unnormalized_owners() {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    for kind in kinds() {
        let err = instantiate(&mut suite, &kind, &a.insurer, None, &coins(1, DENOM)).unwrap_err();
        assert_eq!(
            root_error(&err),
            "this message does not accept funds",
            "{}",
            kind.name
        );
        let upper = a.owner.to_string().to_uppercase();
        let err = instantiate(&mut suite, &kind, &a.insurer, Some(upper), &[]).unwrap_err();
        assert!(
            root_error(&err).contains("not normalized"),
            "{}: {err}",
            kind.name
        );
        let err =
            instantiate(&mut suite, &kind, &a.insurer, Some("owner".into()), &[]).unwrap_err();
        assert!(!root_error(&err).is_empty(), "{}", kind.name);
    }
    // The insurer paid nothing for the refused attempts.
    assert_eq!(suite.balance(&a.insurer).u128(), 10_000_000);
}

#[test]
fn ownership_moves_in_two_steps_on_every_contract() {
    let regulator = cw_health_testing::Actors::new().regulator;
    let mut suite = SuiteBuilder::new().with_balance(&regulator, 100).build();
    let a = suite.actors.clone();
    let contracts = [
        suite.ehr_addr.clone(),
        suite.drug_addr.clone(),
        suite.trial_addr.clone(),
        suite.claims_addr.clone(),
    ];
    let propose = |expiry| {
        CommonExecute::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: a.regulator.to_string(),
            expiry,
        })
    };
    let accept = CommonExecute::UpdateOwnership(OwnershipAction::AcceptOwnership {});
    let cancel = CommonExecute::UpdateOwnership(OwnershipAction::CancelTransfer {});
    for c in contracts {
        // Only the owner proposes; nobody else can accept; a cancelled proposal is gone.
        let err = suite
            .app
            .execute_contract(a.stranger.clone(), c.clone(), &propose(None), &[]);
        assert_eq!(
            root_error(&err.unwrap_err()),
            "caller is not the contract's owner"
        );
        suite
            .app
            .execute_contract(a.owner.clone(), c.clone(), &propose(None), &[])
            .unwrap();
        assert_eq!(
            ownership(&suite, &c).pending_owner,
            Some(a.regulator.clone())
        );
        let err = suite
            .app
            .execute_contract(a.stranger.clone(), c.clone(), &accept, &[]);
        assert_eq!(
            root_error(&err.unwrap_err()),
            "caller is not the proposed owner"
        );
        suite
            .app
            .execute_contract(a.owner.clone(), c.clone(), &cancel, &[])
            .unwrap();
        let err = suite
            .app
            .execute_contract(a.regulator.clone(), c.clone(), &accept, &[]);
        assert_eq!(
            root_error(&err.unwrap_err()),
            "no ownership transfer is pending"
        );

        // A proposal with an expiry lapses.
        let expiry = suite.now().plus_seconds(60);
        suite
            .app
            .execute_contract(a.owner.clone(), c.clone(), &propose(Some(expiry)), &[])
            .unwrap();
        suite.advance_seconds(60);
        let err = suite
            .app
            .execute_contract(a.regulator.clone(), c.clone(), &accept, &[]);
        assert_eq!(
            root_error(&err.unwrap_err()),
            "the ownership proposal expired"
        );

        // Proposed and accepted in time: the regulator owns it, the old owner no longer does.
        suite
            .app
            .execute_contract(a.owner.clone(), c.clone(), &propose(None), &[])
            .unwrap();
        suite
            .app
            .execute_contract(a.regulator.clone(), c.clone(), &accept, &[])
            .unwrap();
        let o = ownership(&suite, &c);
        assert_eq!((o.owner, o.pending_owner), (a.regulator.clone(), None));
        let err = suite
            .app
            .execute_contract(a.owner.clone(), c.clone(), &propose(None), &[]);
        assert_eq!(
            root_error(&err.unwrap_err()),
            "caller is not the contract's owner"
        );
        // Funds are refused on ownership messages too.
        let err =
            suite
                .app
                .execute_contract(a.regulator.clone(), c.clone(), &cancel, &coins(1, DENOM));
        assert_eq!(
            root_error(&err.unwrap_err()),
            "this message does not accept funds"
        );
    }
}
