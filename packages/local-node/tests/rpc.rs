//! The local node over CometBFT JSON-RPC, driven by a cosmrs client: the suite deployed and
//! driven with signed transactions, results and gas compared with the in-process engine;
//! the SDK's refusals; and a plain HTTP JSON-RPC call as curl sends it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::io::{Read, Write};

use common::*;
use cosmrs::proto::cosmos::bank::v1beta1::{
    MsgSend, QueryAllBalancesRequest, QueryAllBalancesResponse,
};
use cosmrs::proto::cosmos::base::abci::v1beta1::TxMsgData;
use cosmrs::proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmrs::proto::cosmos::tx::v1beta1::{
    GetTxRequest, GetTxResponse, SimulateRequest, SimulateResponse,
};
use cosmrs::proto::cosmwasm::wasm::v1 as wasm;
use cosmrs::proto::Any;
use cosmrs::rpc::{Client, Order};
use cw_health_types::{claims_engine, drug_provenance, ehr_registry, trial_anchor};
use local_chain::{Chain, Msg, TxResponse};
use local_node::{App, NodeConfig};
use serde_json::{json, Value};

const ARTIFACTS: [&str; 4] = [
    "ehr_registry.wasm",
    "drug_provenance.wasm",
    "trial_anchor.wasm",
    "claims_engine.wasm",
];

/// The in-process engine on the same genesis, fed the same messages.
struct Engine {
    chain: Chain,
}

impl Engine {
    fn run(&self, sender: &str, msg: Msg, gas: u64) -> TxResponse {
        self.chain.broadcast(sender, msg, gas)
    }
}

fn engine_events(r: &TxResponse) -> Vec<(String, Vec<(String, String)>)> {
    r.events
        .iter()
        .map(|e| {
            (
                e.ty.clone(),
                e.attributes
                    .iter()
                    .map(|a| (a.key.clone(), a.value.clone()))
                    .collect(),
            )
        })
        .collect()
}

/// One step: the node's result next to the engine's, checked equal (code, events, message gas).
struct Step {
    label: String,
    node: Delivered,
    engine: TxResponse,
}

fn compare(label: &str, node: Delivered, engine: TxResponse, steps: &mut Vec<Step>) {
    assert_eq!(
        (node.code, node.codespace.as_str()),
        (engine.code, engine.codespace.as_str()),
        "{label}: node {} / engine {}",
        node.log,
        engine.raw_log
    );
    if node.code == 0 {
        assert_eq!(node.msg_events(), engine_events(&engine), "{label}: events");
    } else {
        assert_eq!(node.log, engine.raw_log, "{label}: log");
    }
    steps.push(Step {
        label: label.to_string(),
        node,
        engine,
    });
}

fn instantiate_any(
    sender: &str,
    code_id: u64,
    msg: &impl serde::Serialize,
    label: &str,
) -> (Any, Msg) {
    let json = serde_json::to_vec(msg).unwrap();
    (
        any(&wasm::MsgInstantiateContract {
            sender: sender.to_string(),
            admin: sender.to_string(),
            code_id,
            label: label.to_string(),
            msg: json.clone(),
            funds: vec![],
        }),
        Msg::Instantiate {
            code_id,
            msg: json,
            funds: vec![],
            label: label.to_string(),
            admin: Some(sender.to_string()),
        },
    )
}

fn execute_any(sender: &str, contract: &str, msg: &impl serde::Serialize) -> (Any, Msg) {
    let json = serde_json::to_vec(msg).unwrap();
    (
        any(&wasm::MsgExecuteContract {
            sender: sender.to_string(),
            contract: contract.to_string(),
            msg: json.clone(),
            funds: vec![],
        }),
        Msg::Execute {
            contract: contract.to_string(),
            msg: json,
            funds: vec![],
        },
    )
}

#[test]
fn the_suite_over_rpc_matches_the_in_process_engine() {
    let home = temp_dir("suite");
    let _cleanup = Cleanup(home.clone());
    let mut config = NodeConfig::new(home.join("node"));
    // Balances whose decimal length the fees do not change: a bank write costs 30 gas per byte
    // of the amount, so 10^12 - fees (12 digits) would cost less than the engine's 10^12.
    for acc in &mut config.chain.accounts {
        acc.coins[0].amount = 5_000_000_000_000;
    }
    let engine = Engine {
        chain: Chain::open(&home.join("engine"), config.chain.clone()).unwrap(),
    };
    let mut node = Node::start(config.clone());
    // The node starts with block 1 (empty), as CometBFT does: the engine follows.
    engine.chain.advance_time(config.chain.block_time).unwrap();
    let mut owner = node.signer(0);
    let mut officer = node.signer(1);
    let mut patient = node.signer(2);
    assert_eq!((owner.number, owner.sequence), (0, 0));
    let start_balance = node.balance(&owner.address);
    let mut steps = Vec::new();
    let mut fees = 0u128;

    // Store the four artifacts.
    let mut code_ids = Vec::new();
    for name in ARTIFACTS {
        let wasm = artifact(name);
        let m = any(&wasm::MsgStoreCode {
            sender: owner.address.clone(),
            wasm_byte_code: wasm.clone(),
            instantiate_permission: None,
        });
        let d = node.send_tx(&mut owner, vec![m], STORE_GAS);
        fees += config.min_gas_price.fee_for(STORE_GAS);
        let e = engine.run(
            &owner.address,
            Msg::StoreCode { wasm: wasm.clone() },
            STORE_GAS,
        );
        let id: u64 = d.attr("store_code", "code_id").unwrap().parse().unwrap();
        assert_eq!(Some(id), e.code_id());
        // The tx's data is TxMsgData with MsgStoreCodeResponse, as wasmd answers.
        let data = TxMsgData::decode(d.data.as_slice()).unwrap();
        assert_eq!(
            data.msg_responses[0].type_url,
            "/cosmwasm.wasm.v1.MsgStoreCodeResponse"
        );
        let resp =
            wasm::MsgStoreCodeResponse::decode(data.msg_responses[0].value.as_slice()).unwrap();
        assert_eq!(resp.code_id, id);
        assert_eq!(
            hex::encode(&resp.checksum),
            d.attr("store_code", "code_checksum").unwrap()
        );
        code_ids.push(id);
        compare(&format!("store {name}"), d, e, &mut steps);
    }

    // Instantiate them wired together (the messages of local-chain's stories).
    let a = owner.address.clone();
    let mut instantiate = |idx: usize, msg: &dyn erased::Msg, label: &str, owner: &mut Signer| {
        let (m, e) = instantiate_any(&a, code_ids[idx], &msg.json(), label);
        let d = node.send_tx(owner, vec![m], GAS);
        let e = engine.run(&a, e, GAS);
        let addr = d.attr("instantiate", "_contract_address").unwrap();
        assert_eq!(Some(addr.clone()), e.contract_address());
        let data = TxMsgData::decode(d.data.as_slice()).unwrap();
        let resp =
            wasm::MsgInstantiateContractResponse::decode(data.msg_responses[0].value.as_slice())
                .unwrap();
        assert_eq!(resp.address, addr);
        compare(&format!("instantiate {label}"), d, e, &mut steps);
        addr
    };
    let ehr = instantiate(
        0,
        &ehr_registry::InstantiateMsg {
            owner: None,
            guardianship_end_age: None,
        },
        "ehr-registry",
        &mut owner,
    );
    let drug = instantiate(
        1,
        &drug_provenance::InstantiateMsg {
            owner: None,
            ehr_registry: None,
        },
        "drug-provenance",
        &mut owner,
    );
    let trial = instantiate(
        2,
        &trial_anchor::InstantiateMsg {
            owner: None,
            ehr_registry: Some(ehr.clone()),
        },
        "trial-anchor",
        &mut owner,
    );
    let claims = instantiate(
        3,
        &claims_engine::InstantiateMsg {
            owner: None,
            ehr_registry: ehr.clone(),
            drug_provenance: drug.clone(),
            payout_batch_limit: None,
        },
        "claims-engine",
        &mut owner,
    );
    fees += 4 * config.min_gas_price.fee_for(GAS);
    assert_ne!(trial, claims);

    // Execute: the owner appoints an officer, the officer registers a party, a patient
    // registers (three signers, each with its own account number and sequence).
    let (m, e) = execute_any(
        &a,
        &ehr,
        &ehr_registry::ExecuteMsg::UpdateConfig {
            credentialing_authority: Some(officer.address.clone()),
            emergency_policy: None,
            guardianship_end_age: None,
        },
    );
    let d = node.send_tx(&mut owner, vec![m], GAS);
    assert_eq!(d.code, 0, "{}", d.log);
    let e = engine.run(&a, e, GAS);
    compare("ehr: appoint the credentialing authority", d, e, &mut steps);
    fees += config.min_gas_price.fee_for(GAS);
    let clinician = node.signer(3).address;
    let party = |address: &str, id: &str| {
        let v = json!({"register_party": {
            "address": address, "identifier": id, "role": "clinician",
            "license_expiry": "1900000000000000000"}});
        // Strict JSON: the message parses as the contract's own type.
        serde_json::from_value::<ehr_registry::ExecuteMsg>(v.clone()).expect("a valid message");
        v
    };
    let (m, e) = execute_any(&officer.address, &ehr, &party(&clinician, "NPI-0000000001"));
    let d = node.send_tx(&mut officer, vec![m], GAS);
    assert_eq!(d.code, 0, "{}", d.log);
    let e = engine.run(&officer.address, e, GAS);
    compare("ehr: register a party", d, e, &mut steps);
    let (m, e) = execute_any(&patient.address, &ehr, &json!({"register_patient": {}}));
    let d = node.send_tx(&mut patient, vec![m], GAS);
    assert_eq!(d.code, 0, "{}", d.log);
    let e = engine.run(&patient.address, e, GAS);
    compare("ehr: register a patient", d, e, &mut steps);
    // A contract error: a stranger may not appoint (wasm codespace, code 5, fee still paid).
    let (m, e) = execute_any(
        &patient.address,
        &ehr,
        &json!({"update_config": {"credentialing_authority": patient.address}}),
    );
    let d = node.send_tx(&mut patient, vec![m], GAS);
    assert_eq!((d.code, d.codespace.as_str()), (5, "wasm"), "{}", d.log);
    let e = engine.run(&patient.address, e, GAS);
    compare("ehr: a stranger's update_config", d, e, &mut steps);

    // Instantiate2, admin changes, migration and a bank send.
    let salt = b"cw-health".to_vec();
    let init = serde_json::to_vec(&ehr_registry::InstantiateMsg {
        owner: None,
        guardianship_end_age: None,
    })
    .unwrap();
    let d = node.send_tx(
        &mut owner,
        vec![any(&wasm::MsgInstantiateContract2 {
            sender: a.clone(),
            admin: a.clone(),
            code_id: code_ids[0],
            label: "ehr-registry 2".into(),
            msg: init.clone(),
            funds: vec![],
            salt: salt.clone(),
            fix_msg: false,
        })],
        GAS,
    );
    let e = engine.run(
        &a,
        Msg::Instantiate2 {
            code_id: code_ids[0],
            msg: init,
            funds: vec![],
            label: "ehr-registry 2".into(),
            admin: Some(a.clone()),
            salt,
            fix_msg: false,
        },
        GAS,
    );
    assert_eq!(
        d.attr("instantiate", "_contract_address"),
        e.contract_address()
    );
    let ehr2 = e.contract_address().unwrap();
    compare("instantiate2 ehr-registry", d, e, &mut steps);
    let migrate = serde_json::to_vec(&json!({})).unwrap();
    let d = node.send_tx(
        &mut owner,
        vec![any(&wasm::MsgMigrateContract {
            sender: a.clone(),
            contract: ehr2.clone(),
            code_id: code_ids[0],
            msg: migrate.clone(),
        })],
        GAS,
    );
    let e = engine.run(
        &a,
        Msg::Migrate {
            contract: ehr2.clone(),
            code_id: code_ids[0],
            msg: migrate,
        },
        GAS,
    );
    compare("migrate ehr-registry 2", d, e, &mut steps);
    let d = node.send_tx(
        &mut owner,
        vec![any(&wasm::MsgUpdateAdmin {
            sender: a.clone(),
            new_admin: officer.address.clone(),
            contract: ehr2.clone(),
        })],
        GAS,
    );
    let e = engine.run(
        &a,
        Msg::UpdateAdmin {
            contract: ehr2.clone(),
            new_admin: officer.address.clone(),
        },
        GAS,
    );
    compare("update admin", d, e, &mut steps);
    let m = any(&wasm::MsgClearAdmin {
        sender: officer.address.clone(),
        contract: ehr2.clone(),
    });
    let d = node.send_tx(&mut officer, vec![m], GAS);
    let e = engine.run(
        &officer.address,
        Msg::ClearAdmin {
            contract: ehr2.clone(),
        },
        GAS,
    );
    compare("clear admin", d, e, &mut steps);
    let m = any(&MsgSend {
        from_address: patient.address.clone(),
        to_address: officer.address.clone(),
        amount: vec![ProtoCoin {
            denom: "ucosm".into(),
            amount: "1234".into(),
        }],
    });
    let d = node.send_tx(&mut patient, vec![m], 200_000);
    let e = engine.run(
        &patient.address,
        Msg::Send {
            to: officer.address.clone(),
            amount: vec![local_chain::Coin::new(1234, "ucosm")],
        },
        200_000,
    );
    compare("bank send", d, e, &mut steps);
    fees += 3 * config.min_gas_price.fee_for(GAS);

    // Queries over abci_query agree with the engine.
    for q in [
        json!({"config": {}}),
        json!({"party": {"address": clinician}}),
        json!({"ownership": {}}),
    ] {
        let bytes = serde_json::to_vec(&q).unwrap();
        let r: wasm::QuerySmartContractStateResponse = node
            .query(
                "/cosmwasm.wasm.v1.Query/SmartContractState",
                &wasm::QuerySmartContractStateRequest {
                    address: ehr.clone(),
                    query_data: bytes.clone(),
                },
            )
            .unwrap();
        assert_eq!(
            r.data,
            engine.chain.query(&ehr, &bytes).unwrap().to_vec(),
            "{q}"
        );
    }
    let bad = node.query::<_, wasm::QuerySmartContractStateResponse>(
        "/cosmwasm.wasm.v1.Query/SmartContractState",
        &wasm::QuerySmartContractStateRequest {
            address: ehr.clone(),
            query_data: b"{\"no_such_query\":{}}".to_vec(),
        },
    );
    assert_eq!(bad.unwrap_err().0, 9, "wasm ErrQueryFailed");
    let raw: wasm::QueryRawContractStateResponse = node
        .query(
            "/cosmwasm.wasm.v1.Query/RawContractState",
            &wasm::QueryRawContractStateRequest {
                address: ehr.clone(),
                query_data: b"contract_info".to_vec(),
            },
        )
        .unwrap();
    let cw2: Value = serde_json::from_slice(&raw.data).unwrap();
    assert_eq!(cw2["contract"], "crates.io:ehr-registry");
    let info: wasm::QueryContractInfoResponse = node
        .query(
            "/cosmwasm.wasm.v1.Query/ContractInfo",
            &wasm::QueryContractInfoRequest {
                address: ehr2.clone(),
            },
        )
        .unwrap();
    let info = info.contract_info.unwrap();
    assert_eq!((info.code_id, info.admin.as_str()), (code_ids[0], ""));
    assert_eq!(info.label, "ehr-registry 2");
    let codes: wasm::QueryCodesResponse = node
        .query(
            "/cosmwasm.wasm.v1.Query/Codes",
            &wasm::QueryCodesRequest { pagination: None },
        )
        .unwrap();
    assert_eq!(
        codes
            .code_infos
            .iter()
            .map(|c| c.code_id)
            .collect::<Vec<_>>(),
        code_ids
    );
    let code: wasm::QueryCodeResponse = node
        .query(
            "/cosmwasm.wasm.v1.Query/Code",
            &wasm::QueryCodeRequest {
                code_id: code_ids[1],
            },
        )
        .unwrap();
    assert_eq!(code.data, artifact(ARTIFACTS[1]));
    assert_eq!(code.code_info.unwrap().creator, a);
    let r = node.query_raw(
        "/cosmwasm.wasm.v1.Query/CodeInfo",
        vec![0x08, code_ids[2] as u8],
    );
    assert!(r.code.is_ok(), "{}", r.log);

    // Accounts: sequences advanced, fees deducted, public keys set.
    let acc = node.account(&a).unwrap();
    assert_eq!(acc.sequence, owner.sequence);
    assert_eq!(acc.sequence, 4 + 4 + 1 + 1 + 1 + 1);
    assert!(acc.pub_key.is_some());
    assert_eq!(node.balance(&a), start_balance - fees);
    let all: QueryAllBalancesResponse = node
        .query(
            "/cosmos.bank.v1beta1.Query/AllBalances",
            &QueryAllBalancesRequest {
                address: officer.address.clone(),
                pagination: None,
                resolve_denom: false,
            },
        )
        .unwrap();
    assert_eq!(all.balances.len(), 1);

    // Simulation gives the gas the delivery then uses.
    let second = node.signer(4).address;
    let (m, _) = execute_any(&officer.address, &ehr, &party(&second, "NPI-0000000002"));
    let bytes = node.sign(&officer, vec![m], GAS, &Tweak::default());
    #[allow(deprecated)]
    let sim: SimulateResponse = node
        .query(
            "/cosmos.tx.v1beta1.Service/Simulate",
            &SimulateRequest {
                tx: None,
                tx_bytes: bytes.clone(),
            },
        )
        .unwrap_or_else(|e| panic!("simulate: {e:?}"));
    let delivered = node.deliver(bytes).unwrap();
    officer.sequence += 1;
    assert_eq!(delivered.code, 0, "{}", delivered.log);
    assert_eq!(sim.gas_info.unwrap().gas_used, delivered.gas_used);
    let got: GetTxResponse = node
        .query(
            "/cosmos.tx.v1beta1.Service/GetTx",
            &GetTxRequest {
                hash: delivered.hash.to_string(),
            },
        )
        .unwrap();
    let tr = got.tx_response.unwrap();
    assert_eq!(tr.gas_used as u64, delivered.gas_used);
    assert_eq!(tr.code, delivered.code);

    // tx_search by hash and block: the CometBFT endpoints clients poll.
    let step = &steps[0];
    let found = node
        .rt
        .block_on(node.rpc.tx_search(
            cosmrs::rpc::query::Query::eq("tx.hash", step.node.hash.to_string()),
            false,
            1,
            30,
            Order::Ascending,
        ))
        .unwrap();
    assert_eq!(found.total_count, 1);
    assert_eq!(found.txs[0].hash, step.node.hash);
    let block = node
        .rt
        .block_on(node.rpc.block(cosmrs::tendermint::block::Height::from(
            step.node.height as u32,
        )))
        .unwrap();
    assert_eq!(block.block.header.chain_id.as_str(), "local-1");
    assert_eq!(block.block.data.len(), 1);
    let status = node.rt.block_on(node.rpc.status()).unwrap();
    assert_eq!(status.node_info.network.as_str(), "local-1");
    let height = status.sync_info.latest_block_height.value();
    assert_eq!(height, steps.len() as u64 + 2);

    // Restart on the same home: the state and the history are kept.
    node.stop();
    let app = App::open(&config).unwrap();
    for s in &steps {
        let rec = app.tx(s.node.hash.as_bytes()).unwrap().unwrap();
        // Message gas (total minus the ante handler's) is the engine's message gas.
        assert_eq!(
            s.node.gas_used - rec.ante_gas,
            s.engine.gas_used - s.engine.gas_detail.tx,
            "{}: message gas",
            s.label
        );
        println!(
            "{:<44} code {:>2} gas {:>9} (ante {:>6}; engine {:>9})",
            s.label, s.node.code, s.node.gas_used, rec.ante_gas, s.engine.gas_used
        );
    }
    drop(app);
    let node2 = Node::start(config.clone());
    assert_eq!(node2.height(), height);
    assert_eq!(node2.account(&a).unwrap().sequence, owner.sequence);
    let r: wasm::QuerySmartContractStateResponse = node2
        .query(
            "/cosmwasm.wasm.v1.Query/SmartContractState",
            &wasm::QuerySmartContractStateRequest {
                address: ehr.clone(),
                query_data: br#"{"config":{}}"#.to_vec(),
            },
        )
        .unwrap();
    let cfg: Value = serde_json::from_slice(&r.data).unwrap();
    assert_eq!(cfg["credentialing_authority"], json!(officer.address));
    let again = node2
        .rt
        .block_on(node2.rpc.tx(steps[0].node.hash, false))
        .unwrap();
    assert_eq!(again.height.value(), steps[0].node.height);
}

/// Type-erased serializable instantiate messages.
mod erased {
    pub trait Msg {
        fn json(&self) -> serde_json::Value;
    }
    impl<T: serde::Serialize> Msg for T {
        fn json(&self) -> serde_json::Value {
            serde_json::to_value(self).unwrap()
        }
    }
}

/// What a refused transaction must leave alone.
fn snapshot(node: &Node, addr: &str) -> (u64, u64, u128) {
    (
        node.height(),
        node.account(addr).map_or(0, |a| a.sequence),
        node.balance(addr),
    )
}

fn send_msg(from: &str, to: &str, amount: u128) -> Any {
    any(&MsgSend {
        from_address: from.to_string(),
        to_address: to.to_string(),
        amount: vec![ProtoCoin {
            denom: "ucosm".into(),
            amount: amount.to_string(),
        }],
    })
}

#[test]
fn refusals_get_the_sdk_errors_and_change_nothing() {
    let home = temp_dir("refusals");
    let _cleanup = Cleanup(home.clone());
    let node = Node::start(NodeConfig::new(home.join("node")));
    let mut alice = node.signer(0);
    let bob = node.signer(1);
    let pay = |s: &Signer| send_msg(&s.address, &bob.address, 10);
    let gas = 200_000;

    let refuse = |label: &str, bytes: Vec<u8>, who: &str, code: u32, codespace: &str, log: &str| {
        let before = snapshot(&node, who);
        let r = node.broadcast_sync(bytes);
        assert_eq!(
            (r.code.value(), r.codespace.as_str()),
            (code, codespace),
            "{label}: {}",
            r.log
        );
        assert!(r.log.contains(log), "{label}: {}", r.log);
        assert_eq!(snapshot(&node, who), before, "{label}: state changed");
    };

    // Malformed bytes: tx decode error.
    refuse(
        "malformed",
        b"not a transaction".to_vec(),
        &alice.address,
        2,
        "sdk",
        "tx parse error",
    );
    // A message type this chain does not route.
    let unknown = Any {
        type_url: "/cosmos.staking.v1beta1.MsgDelegate".into(),
        value: vec![],
    };
    refuse(
        "unknown message",
        node.sign(&alice, vec![unknown], gas, &Tweak::default()),
        &alice.address,
        2,
        "sdk",
        "unable to resolve type URL /cosmos.staking.v1beta1.MsgDelegate",
    );
    // Signed by another key.
    refuse(
        "wrong signature",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                other_key: Some(1),
                ..Tweak::default()
            },
        ),
        &alice.address,
        4,
        "sdk",
        "signature verification failed",
    );
    refuse(
        "corrupt signature",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                corrupt_signature: true,
                ..Tweak::default()
            },
        ),
        &alice.address,
        4,
        "sdk",
        "signature verification failed",
    );
    refuse(
        "wrong chain id",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                chain_id: Some("mainnet-1".into()),
                ..Tweak::default()
            },
        ),
        &alice.address,
        4,
        "sdk",
        "chain-id (local-1): unauthorized",
    );
    refuse(
        "wrong account number",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                account_number: Some(7),
                ..Tweak::default()
            },
        ),
        &alice.address,
        4,
        "sdk",
        "please verify account number (0)",
    );
    refuse(
        "wrong sequence",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                sequence: Some(3),
                ..Tweak::default()
            },
        ),
        &alice.address,
        32,
        "sdk",
        "account sequence mismatch, expected 0, got 3: incorrect account sequence",
    );
    refuse(
        "fee under the minimum gas price",
        node.sign(
            &alice,
            vec![pay(&alice)],
            gas,
            &Tweak {
                fee: Some(4_999),
                ..Tweak::default()
            },
        ),
        &alice.address,
        13,
        "sdk",
        "insufficient fees; got: 4999ucosm required: 5000ucosm: insufficient fee",
    );
    let oversize = any(&wasm::MsgStoreCode {
        sender: alice.address.clone(),
        wasm_byte_code: vec![0u8; 800 * 1024 + 1],
        instantiate_permission: None,
    });
    refuse(
        "oversize code",
        node.sign(&alice, vec![oversize], 50_000_000, &Tweak::default()),
        &alice.address,
        18,
        "sdk",
        "code bytes cannot be longer than 819200 bytes: exceeds limit",
    );

    // A fee payer with no account, then one with too little.
    let mut fresh = Signer {
        key: cosmrs::crypto::secp256k1::SigningKey::random(),
        address: String::new(),
        number: 0,
        sequence: 0,
    };
    fresh.address = fresh
        .key
        .public_key()
        .account_id("wasm")
        .unwrap()
        .to_string();
    refuse(
        "unknown fee payer",
        node.sign(&fresh, vec![pay(&fresh)], gas, &Tweak::default()),
        &fresh.address,
        9,
        "sdk",
        &format!(
            "fee payer address: {} does not exist: unknown address",
            fresh.address
        ),
    );
    let m = send_msg(&alice.address, &fresh.address, 100);
    let d = node.send_tx(&mut alice, vec![m], gas);
    assert_eq!(d.code, 0, "{}", d.log);
    node.refresh(&mut fresh);
    assert!(fresh.number >= 10, "a new account number: {}", fresh.number);
    refuse(
        "underfunded fee payer",
        node.sign(&fresh, vec![pay(&fresh)], gas, &Tweak::default()),
        &fresh.address,
        5,
        "sdk",
        "spendable balance 100ucosm is smaller than 5000ucosm: insufficient funds",
    );

    // The gas limit: enough for the ante handler, not for the message. The block keeps the
    // fee and the sequence; the transfer is undone (as on a real chain).
    let probe = node.sign(&alice, vec![pay(&alice)], gas, &Tweak::default());
    #[allow(deprecated)]
    let sim: SimulateResponse = node
        .query(
            "/cosmos.tx.v1beta1.Service/Simulate",
            &SimulateRequest {
                tx: None,
                tx_bytes: probe,
            },
        )
        .unwrap();
    let need = sim.gas_info.unwrap().gas_used;
    let before_bob = node.balance(&bob.address);
    let before_alice = node.balance(&alice.address);
    let low = need - 500;
    let bytes = node.sign(&alice, vec![pay(&alice)], low, &Tweak::default());
    let d = node.deliver(bytes).unwrap();
    alice.sequence += 1;
    assert_eq!((d.code, d.codespace.as_str()), (11, "sdk"), "{}", d.log);
    assert!(
        d.log.contains(&format!("out of gas; gasWanted: {low}")),
        "{}",
        d.log
    );
    assert_eq!(node.balance(&bob.address), before_bob);
    assert_eq!(
        node.balance(&alice.address),
        before_alice - node.config.min_gas_price.fee_for(low)
    );
    assert_eq!(
        node.account(&alice.address).unwrap().sequence,
        alice.sequence
    );
    // The failed transaction's events are the ante handler's (fee, sequence, signature).
    assert!(d.attr("tx", "fee").is_some());
    assert!(d.attr("tx", "acc_seq").is_some());
    // With the right gas it goes through.
    let m = pay(&alice);
    let d = node.send_tx(&mut alice, vec![m], gas);
    assert_eq!(d.code, 0, "{}", d.log);
    assert_eq!(node.balance(&bob.address), before_bob + 10);
    // Replaying a delivered transaction: its sequence is used up.
    let replay = node.sign(
        &alice,
        vec![pay(&alice)],
        gas,
        &Tweak {
            sequence: Some(alice.sequence - 1),
            ..Tweak::default()
        },
    );
    refuse(
        "replay",
        replay,
        &alice.address,
        32,
        "sdk",
        "account sequence mismatch",
    );
    // An unknown account query is NotFound, as CosmJS expects for a fresh address.
    let q = node.query_raw(
        "/cosmos.auth.v1beta1.Query/Account",
        cosmrs::proto::cosmos::auth::v1beta1::QueryAccountRequest {
            address: "wasm1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq".into(),
        }
        .encode_to_vec(),
    );
    assert!(q.code.is_err());
    let fresh2 = cosmrs::crypto::secp256k1::SigningKey::random()
        .public_key()
        .account_id("wasm")
        .unwrap()
        .to_string();
    let q = node.query_raw(
        "/cosmos.auth.v1beta1.Query/Account",
        cosmrs::proto::cosmos::auth::v1beta1::QueryAccountRequest {
            address: fresh2.clone(),
        }
        .encode_to_vec(),
    );
    assert_eq!(q.code.value(), 38);
    assert!(
        q.log.contains(&format!(
            "rpc error: code = NotFound desc = account {fresh2} not found"
        )),
        "{}",
        q.log
    );
}

use prost::Message;

/// Sends raw HTTP as curl does and returns the status line and the JSON body.
fn http(addr: std::net::SocketAddr, request: &str) -> (String, Value) {
    let mut s = std::net::TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let (head, body) = out.split_once("\r\n\r\n").unwrap();
    (
        head.lines().next().unwrap().to_string(),
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

fn post(addr: std::net::SocketAddr, body: &str) -> (String, Value) {
    http(
        addr,
        &format!(
            "POST / HTTP/1.1\r\nHost: {addr}\r\nUser-Agent: curl/8.5.0\r\nAccept: */*\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
}

#[test]
fn a_plain_json_rpc_post_gets_cometbft_shaped_answers() {
    let home = temp_dir("curl");
    let _cleanup = Cleanup(home.clone());
    let node = Node::start(NodeConfig::new(home.join("node")));
    let addr = node.handle.as_ref().unwrap().local_addr();
    // curl -s -X POST -H 'Content-Type: application/json' \
    //   -d '{"jsonrpc":"2.0","id":1,"method":"status","params":{}}' http://127.0.0.1:26657
    let (status, v) = post(
        addr,
        r#"{"jsonrpc":"2.0","id":1,"method":"status","params":{}}"#,
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(v["jsonrpc"], "2.0");
    assert_eq!(v["id"], 1);
    let r = &v["result"];
    assert_eq!(r["node_info"]["network"], "local-1");
    assert_eq!(r["node_info"]["version"], "0.38.17");
    assert_eq!(r["sync_info"]["latest_block_height"], "1");
    assert_eq!(r["sync_info"]["catching_up"], false);
    assert_eq!(
        r["validator_info"]["pub_key"]["type"],
        "tendermint/PubKeyEd25519"
    );

    // abci_query with hex data: a dev account's balance.
    let alice = node.signer(0);
    let data = hex::encode(
        cosmrs::proto::cosmos::bank::v1beta1::QueryBalanceRequest {
            address: alice.address.clone(),
            denom: "ucosm".into(),
        }
        .encode_to_vec(),
    );
    let (_, v) = post(
        addr,
        &format!(
            r#"{{"jsonrpc":"2.0","id":"q","method":"abci_query","params":{{"path":"/cosmos.bank.v1beta1.Query/Balance","data":"{data}"}}}}"#
        ),
    );
    assert_eq!(v["id"], "q");
    let resp = &v["result"]["response"];
    assert_eq!(resp["code"], 0);
    use base64::Engine as _;
    let value = base64::engine::general_purpose::STANDARD
        .decode(resp["value"].as_str().unwrap())
        .unwrap();
    let bal = cosmrs::proto::cosmos::bank::v1beta1::QueryBalanceResponse::decode(value.as_slice())
        .unwrap();
    assert_eq!(
        bal.balance.unwrap().amount,
        local_node::DEV_ACCOUNT_BALANCE.to_string()
    );

    // curl sends `Expect: 100-continue` before a large body (a store-code tx) and waits.
    {
        let body = r#"{"jsonrpc":"2.0","id":7,"method":"health","params":{}}"#;
        let mut s = std::net::TcpStream::connect(addr).unwrap();
        write!(
            s,
            "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .unwrap();
        let mut interim = [0u8; 25];
        s.read_exact(&mut interim).unwrap();
        assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
        s.write_all(body.as_bytes()).unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        assert!(out.starts_with("HTTP/1.1 200 OK"), "{out}");
        assert!(out.ends_with(r#""result":{}}"#), "{out}");
    }
    // An unknown method: JSON-RPC's "method not found".
    let (_, v) = post(
        addr,
        r#"{"jsonrpc":"2.0","id":2,"method":"dial_peers","params":{}}"#,
    );
    assert_eq!(v["error"]["code"], -32601);
    // Not JSON: parse error.
    let (_, v) = post(addr, "{oops");
    assert_eq!(v["error"]["code"], -32700);
    // A batch.
    let (_, v) = post(
        addr,
        r#"[{"jsonrpc":"2.0","id":1,"method":"health","params":{}},{"jsonrpc":"2.0","id":2,"method":"abci_info","params":{}}]"#,
    );
    assert_eq!(v[0]["result"], json!({}));
    assert_eq!(v[1]["result"]["response"]["last_block_height"], "1");

    // A transaction sent as curl would (base64 tx), then `tx` by hash in the URI form.
    let bob = node.signer(1);
    let bytes = node.sign(
        &alice,
        vec![send_msg(&alice.address, &bob.address, 5)],
        200_000,
        &Tweak::default(),
    );
    let b64 = base64::engine::general_purpose::STANDARD.encode(&bytes);
    let (_, v) = post(
        addr,
        &format!(
            r#"{{"jsonrpc":"2.0","id":3,"method":"broadcast_tx_sync","params":{{"tx":"{b64}"}}}}"#
        ),
    );
    assert_eq!(v["result"]["code"], 0, "{v}");
    let hash = v["result"]["hash"].as_str().unwrap().to_string();
    assert_eq!(hash.len(), 64);
    let (status, v) = http(
        addr,
        &format!("GET /tx?hash=0x{hash} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(v["result"]["hash"], hash);
    assert_eq!(v["result"]["height"], "2");
    assert_eq!(v["result"]["tx_result"]["code"], 0);
    // CometBFT's encoding: data base64, gas as decimal strings.
    assert!(v["result"]["tx_result"]["data"].is_string(), "{v}");
    assert!(v["result"]["tx_result"]["gas_used"].is_string(), "{v}");
    let events = v["result"]["tx_result"]["events"].as_array().unwrap();
    assert!(events.iter().any(|e| e["type"] == "transfer"));
    let (_, v) = http(
        addr,
        &format!("GET /block?height=2 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(v["result"]["block"]["header"]["height"], "2");
    assert_eq!(v["result"]["block"]["data"]["txs"][0], b64);
    let (_, v) = http(
        addr,
        &format!("GET /tx_search?query=%22tx.height%3D2%22 HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(v["result"]["total_count"], "1", "{v}");
    // broadcast_tx_commit answers with the block's result.
    let mut alice = alice;
    alice.sequence += 1;
    let bytes = node.sign(
        &alice,
        vec![send_msg(&alice.address, &bob.address, 5)],
        200_000,
        &Tweak::default(),
    );
    let r = node
        .rt
        .block_on(node.rpc.broadcast_tx_commit(bytes))
        .unwrap();
    assert!(r.check_tx.code.is_ok());
    assert!(r.tx_result.code.is_ok(), "{}", r.tx_result.log);
    assert_eq!(r.height.value(), 3);
}

#[test]
fn a_gzipped_upload_and_several_messages_in_one_tx() {
    use std::io::Write as _;
    let home = temp_dir("multi");
    let _cleanup = Cleanup(home.clone());
    let node = Node::start(NodeConfig::new(home.join("node")));
    let mut alice = node.signer(0);
    let bob = node.signer(1).address;
    let carol = node.signer(2).address;
    // CosmJS uploads gzip: the chain un-gzips it (and stores the original bytes).
    let wasm = artifact("ehr_registry.wasm");
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&wasm).unwrap();
    let gz = gz.finish().unwrap();
    assert!(gz.len() < wasm.len() / 2);
    let m = any(&wasm::MsgStoreCode {
        sender: alice.address.clone(),
        wasm_byte_code: gz,
        instantiate_permission: None,
    });
    let d = node.send_tx(&mut alice, vec![m], 20_000_000);
    assert_eq!(d.code, 0, "{}", d.log);
    let code: wasm::QueryCodeResponse = node
        .query(
            "/cosmwasm.wasm.v1.Query/Code",
            &wasm::QueryCodeRequest { code_id: 1 },
        )
        .unwrap();
    assert_eq!(code.data, wasm);

    // Two messages: each one's events carry its msg_index, and data has both responses.
    let (b0, c0) = (node.balance(&bob), node.balance(&carol));
    let msgs = vec![
        send_msg(&alice.address, &bob, 7),
        send_msg(&alice.address, &carol, 9),
    ];
    let d = node.send_tx(&mut alice, msgs, 400_000);
    assert_eq!(d.code, 0, "{}", d.log);
    assert_eq!((node.balance(&bob), node.balance(&carol)), (b0 + 7, c0 + 9));
    let indexes: Vec<String> = d
        .events
        .iter()
        .filter(|(t, _)| t == "transfer")
        .filter_map(|(_, a)| {
            a.iter()
                .find(|(k, _)| k == "msg_index")
                .map(|(_, v)| v.clone())
        })
        .collect();
    assert_eq!(indexes, vec!["0", "1"]);
    let data = TxMsgData::decode(d.data.as_slice()).unwrap();
    assert_eq!(data.msg_responses.len(), 2);
    assert_eq!(
        data.msg_responses[1].type_url,
        "/cosmos.bank.v1beta1.MsgSendResponse"
    );

    // The second message fails: the first is undone too, the fee and sequence are kept.
    let before = node.balance(&alice.address);
    let msgs = vec![
        send_msg(&alice.address, &bob, 7),
        send_msg(&alice.address, &carol, u128::from(u64::MAX)),
    ];
    let d = node.send_tx(&mut alice, msgs, 400_000);
    assert_eq!((d.code, d.codespace.as_str()), (5, "sdk"), "{}", d.log);
    assert!(
        d.log
            .starts_with("failed to execute message; message index: 1: "),
        "{}",
        d.log
    );
    assert_eq!(node.balance(&bob), b0 + 7);
    assert_eq!(
        node.balance(&alice.address),
        before - node.config.min_gas_price.fee_for(400_000)
    );
    assert_eq!(
        node.account(&alice.address).unwrap().sequence,
        alice.sequence
    );
}
