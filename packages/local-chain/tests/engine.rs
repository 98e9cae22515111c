//! The engine on the real VM with its own test contract (artifacts/test/chain_tester.wasm, built
//! by scripts/build.sh): wasmd's address vectors, sub-messages and replies, rollback, bank, gas,
//! admin rules, persistence across processes and a crash in the middle of a commit.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

use cosmwasm_std::Binary;
use local_chain::{
    classic_address, predictable_address, Chain, ChainConfig, Coin, GenesisAccount, Msg, TxResponse,
};
use serde_json::{json, Value};

const GAS: u64 = 10_000_000;

fn tester_wasm() -> Vec<u8> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../artifacts/test/chain_tester.wasm");
    std::fs::read(&p).unwrap_or_else(|e| {
        panic!(
            "{} is missing ({e}): run scripts/build.sh first",
            p.display()
        )
    })
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "local-chain-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

struct T {
    chain: Chain,
    alice: String,
    bob: String,
    code: u64,
}

fn config(chain_probe: &Chain) -> ChainConfig {
    ChainConfig {
        accounts: vec![GenesisAccount {
            address: chain_probe.addr_make("alice"),
            coins: vec![Coin::new(1_000_000, "ucosm")],
        }],
        ..ChainConfig::default()
    }
}

fn setup_in(dir: &Path) -> T {
    let probe = Chain::in_memory(&dir.join("probe"), ChainConfig::default()).unwrap();
    let chain = Chain::open(&dir.join("chain"), config(&probe)).unwrap();
    let alice = chain.addr_make("alice");
    let bob = chain.addr_make("bob");
    let res = chain.broadcast(
        &alice,
        Msg::StoreCode {
            wasm: tester_wasm(),
        },
        50_000_000,
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    let code = res.code_id().unwrap();
    T {
        chain,
        alice,
        bob,
        code,
    }
}

fn setup() -> T {
    setup_in(&temp_dir("engine"))
}

impl T {
    fn instantiate(&self, sender: &str, msg: Value, funds: Vec<Coin>) -> TxResponse {
        self.chain.broadcast(
            sender,
            Msg::Instantiate {
                code_id: self.code,
                msg: msg.to_string().into_bytes(),
                funds,
                label: "tester".into(),
                admin: Some(self.alice.clone()),
            },
            GAS,
        )
    }

    fn contract(&self) -> String {
        let res = self.instantiate(&self.alice, json!({}), vec![]);
        assert!(res.is_ok(), "{}", res.raw_log);
        res.contract_address().unwrap()
    }

    fn exec(&self, contract: &str, msg: Value) -> TxResponse {
        self.exec_gas(contract, msg, GAS)
    }

    fn exec_gas(&self, contract: &str, msg: Value, gas: u64) -> TxResponse {
        self.chain.broadcast(
            &self.alice,
            Msg::Execute {
                contract: contract.into(),
                msg: msg.to_string().into_bytes(),
                funds: vec![],
            },
            gas,
        )
    }

    fn get(&self, contract: &str, key: &str) -> Option<String> {
        let out = self
            .chain
            .query(
                contract,
                json!({"get": {"key": key}}).to_string().as_bytes(),
            )
            .unwrap();
        serde_json::from_slice(out.as_slice()).unwrap()
    }
}

fn sub(id: u64, contract: &str, msg: Value, reply_on: &str, payload: &[u8]) -> Value {
    json!({
        "id": id,
        "payload": Binary::from(payload.to_vec()),
        "msg": {"wasm": {"execute": {
            "contract_addr": contract,
            "msg": Binary::from(msg.to_string().into_bytes()),
            "funds": [],
        }}},
        "gas_limit": null,
        "reply_on": reply_on,
    })
}

#[test]
fn classic_addresses_match_wasmd_vectors() {
    // wasmd x/wasm/keeper/addresses_test.go TestBuildContractAddressClassic (prefix "purple").
    let dir = temp_dir("vectors");
    let cfg = ChainConfig {
        bech32_prefix: "purple".into(),
        ..ChainConfig::default()
    };
    let chain = Chain::in_memory(&dir, cfg).unwrap();
    for (code, instance, want) in [
        (
            0,
            0,
            "purple1w0w8sasnut0jx0vvsnvlc8nayq0q2ej8xgrpwgel05tn6wy4r57qfplul7",
        ),
        (
            0,
            1,
            "purple156r47kpk4va938pmtpuee4fh77847gqcw2dmpl2nnpwztwfgz04s5cr8hj",
        ),
        (
            1,
            0,
            "purple1mzdhwvvh22wrt07w59wxyd58822qavwkx5lcej7aqfkpqqlhaqfs5efvjk",
        ),
        (
            1,
            1,
            "purple14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9smc2vxm",
        ),
    ] {
        let got = chain
            .api()
            .humanize(&classic_address(code, instance))
            .unwrap();
        assert_eq!(got, want, "code {code} instance {instance}");
    }
}

#[test]
fn predictable_addresses_match_wasmd_vectors() {
    // wasmd x/wasm/keeper/addresses_test.go goldenMasterPredictableContractAddr (from cosmjs).
    let dir = temp_dir("vectors2");
    let cfg = ChainConfig {
        bech32_prefix: "purple".into(),
        ..ChainConfig::default()
    };
    let chain = Chain::in_memory(&dir, cfg).unwrap();
    let checksum =
        hex::decode("13a1fc994cc6d1c81b746ee0c0ff6f90043875e0bf1d9be6b7d779fc978dc2a5").unwrap();
    let creator = hex::decode("9999999999aaaaaaaaaabbbbbbbbbbcccccccccc").unwrap();
    let long_salt = hex::decode("aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbccddeeffffeeddbbccddaa66551155aaaabbcc787878789900aabbbbcc221100acadae").unwrap();
    for (salt, msg, want) in [
        (
            vec![0x61],
            "",
            "purple1t6r960j945lfv8mhl4mage2rg97w63xeynwrupum2s2l7em4lprs9ce5hk",
        ),
        (
            vec![0x61],
            "{}",
            "purple1px25n9sgj3a99q0zcl4awx7my6s6mxqegmdd2lmvf5lwxh080q6suttktr",
        ),
        (
            vec![0x61],
            r#"{"some":123,"structure":{"nested":["ok",true]}}"#,
            "purple1svexu428ywc4htrxfn4tezjcsl38qqata8aany4033auafr529ns4v254c",
        ),
        (
            long_salt,
            "",
            "purple1jwzvvfyvpwchrccxl476pxf7c83qawsqv3f2820q0zyrav6eg4jqdcq7gc",
        ),
    ] {
        let addr = predictable_address(&checksum, &creator, &salt, msg.as_bytes());
        assert_eq!(chain.api().humanize(&addr).unwrap(), want, "msg {msg:?}");
    }
    // The short (20-byte) variant of TestBuildContractAddressPredictableShort.
    let addr = predictable_address(&checksum, &creator, &[0x61], b"");
    assert_eq!(
        hex::encode(&addr[..20]),
        "5e865d3e45ad3e961f77fd77d46543417ced44d9"
    );
}

#[test]
fn store_instantiate_and_events_look_like_wasmd() {
    let t = setup();
    let res = t.instantiate(&t.alice, json!({"set": ["k", "v"]}), vec![]);
    assert!(res.is_ok(), "{}", res.raw_log);
    let addr = res.contract_address().unwrap();
    // Classic address: code 1, instance 1.
    assert_eq!(
        addr,
        t.chain.api().humanize(&classic_address(t.code, 1)).unwrap()
    );
    assert_eq!(res.attr("instantiate", "code_id"), Some("1"));
    assert_eq!(res.attr("wasm", "_contract_address"), Some(addr.as_str()));
    assert_eq!(res.attr("wasm", "action"), Some("instantiate"));
    assert_eq!(res.txhash.len(), 64);
    let info = t.chain.contract_info(&addr).unwrap();
    assert_eq!(
        (info.code_id, info.admin.as_deref(), info.label.as_str()),
        (1, Some(t.alice.as_str()), "tester")
    );
    assert_eq!(info.creator, t.alice);
    assert_eq!(t.get(&addr, "k").as_deref(), Some("v"));
    assert_eq!(t.chain.contract_history(&addr).unwrap().len(), 1);
    // A second instance gets instance id 2.
    let second = t.contract();
    assert_eq!(
        second,
        t.chain.api().humanize(&classic_address(t.code, 2)).unwrap()
    );
    // An empty label is refused as wasmd does.
    let res = t.chain.broadcast(
        &t.alice,
        Msg::Instantiate {
            code_id: t.code,
            msg: b"{}".to_vec(),
            funds: vec![],
            label: String::new(),
            admin: None,
        },
        GAS,
    );
    assert_eq!((res.codespace.as_str(), res.code), ("wasm", 12));
    // Instantiate2 lands on the predictable address.
    let checksum = hex::decode(t.chain.code_info(t.code).unwrap().checksum).unwrap();
    let res = t.chain.broadcast(
        &t.alice,
        Msg::Instantiate2 {
            code_id: t.code,
            msg: b"{}".to_vec(),
            funds: vec![],
            label: "two".into(),
            admin: None,
            salt: b"salt".to_vec(),
            fix_msg: false,
        },
        GAS,
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    let alice_canon = t.chain.api().canonicalize(&t.alice).unwrap();
    let want = predictable_address(&checksum, &alice_canon, b"salt", b"");
    assert_eq!(
        res.contract_address().unwrap(),
        t.chain.api().humanize(&want).unwrap()
    );
    // The same salt again collides.
    let res = t.chain.broadcast(
        &t.alice,
        Msg::Instantiate2 {
            code_id: t.code,
            msg: b"{}".to_vec(),
            funds: vec![],
            label: "two".into(),
            admin: None,
            salt: b"salt".to_vec(),
            fix_msg: false,
        },
        GAS,
    );
    assert_eq!((res.codespace.as_str(), res.code), ("wasm", 15));
}

#[test]
fn a_contract_error_fails_the_tx_with_its_message_and_changes_nothing() {
    let t = setup();
    let c = t.contract();
    let res = t.exec(&c, json!({"run": {"set": ["a", "1"], "fail": "no way"}}));
    assert_eq!((res.codespace.as_str(), res.code), ("wasm", 5));
    assert!(res.raw_log.contains("no way"), "{}", res.raw_log);
    assert!(res.events.is_empty());
    assert_eq!(t.get(&c, "a"), None);
    assert!(res.gas_used > 60_000);
}

#[test]
fn a_failing_sub_message_with_reply_on_error_rolls_back_only_its_branch() {
    let t = setup();
    let a = t.contract();
    let b = t.contract();
    let res = t.exec(
        &a,
        json!({"run": {
            "set": ["a", "1"],
            "msgs": [sub(7, &b, json!({"run": {"set": ["b", "1"], "fail": "boom"}}), "error", b"")],
        }}),
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.get(&a, "a").as_deref(), Some("1"));
    assert_eq!(t.get(&b, "b"), None, "the failed branch is rolled back");
    let seen = t.get(&a, "reply7").unwrap();
    assert!(seen.starts_with("err:") && seen.contains("boom"), "{seen}");
    assert_eq!(res.attr("reply", "_contract_address"), Some(a.as_str()));

    // The same failure with reply_on success aborts the whole transaction.
    let res = t.exec(
        &a,
        json!({"run": {
            "set": ["a", "2"],
            "msgs": [sub(8, &b, json!({"run": {"fail": "boom"}}), "success", b"")],
        }}),
    );
    assert_eq!(res.code, 5, "{}", res.raw_log);
    assert!(res.raw_log.contains("boom"));
    assert_eq!(t.get(&a, "a").as_deref(), Some("1"));
    assert_eq!(t.get(&a, "reply8"), None);

    // A reply that fails aborts everything, its sub-message's writes included.
    let res = t.exec(
        &a,
        json!({"run": {
            "msgs": [sub(9, &t.chain.addr_make("nobody"), json!({}), "always", b"")],
        }}),
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    let seen = t.get(&a, "reply9").unwrap();
    assert!(
        seen.starts_with("err:codespace: wasm, code: 22") || seen.starts_with("err:"),
        "{seen}"
    );
}

#[test]
fn replies_get_the_sub_message_data_and_can_set_the_tx_data() {
    let t = setup();
    let a = t.contract();
    let b = t.contract();
    let res = t.exec(
        &a,
        json!({"run": {
            "msgs": [sub(1, &b, json!({"run": {"data": Binary::from(b"hello".to_vec())}}), "always", b"")],
            "data": Binary::from(b"mine".to_vec()),
        }}),
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    // MsgExecuteContractResponse{data: "hello"} = 0x0a 0x05 hello; the events of the wasm
    // sub-message (execute, wasm) are passed on; the reply set no data, so the tx data is A's.
    let want = format!(
        "ok:{}:2:/cosmwasm.wasm.v1.MsgExecuteContractResponse",
        Binary::from(b"\x0a\x05hello".to_vec()).to_base64()
    );
    assert_eq!(t.get(&a, "reply1").as_deref(), Some(want.as_str()));
    assert_eq!(
        res.data.as_ref().map(|d| d.to_vec()),
        Some(b"mine".to_vec())
    );
    // A reply that sets data (the payload) overrides the contract's own data.
    let res = t.exec(
        &a,
        json!({"run": {
            "msgs": [sub(2, &b, json!({"run": {}}), "success", b"from-reply")],
            "data": Binary::from(b"mine".to_vec()),
        }}),
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(
        res.data.as_ref().map(|d| d.to_vec()),
        Some(b"from-reply".to_vec())
    );
    // Events: A's execute, wasm; B's execute, wasm; A's reply, wasm.
    let types: Vec<&str> = res.events.iter().map(|e| e.ty.as_str()).collect();
    assert_eq!(
        types,
        vec!["message", "execute", "wasm", "execute", "wasm", "reply", "wasm"]
    );
}

#[test]
fn bank_transfers_and_funds_move_balances() {
    let t = setup();
    assert_eq!(t.chain.balance(&t.alice, "ucosm").unwrap(), 1_000_000);
    let res = t.chain.broadcast(
        &t.alice,
        Msg::Send {
            to: t.bob.clone(),
            amount: vec![Coin::new(250, "ucosm")],
        },
        GAS,
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(res.attr("transfer", "amount"), Some("250ucosm"));
    assert_eq!(t.chain.balance(&t.bob, "ucosm").unwrap(), 250);
    // More than the balance: insufficient funds, nothing moves.
    let res = t.chain.broadcast(
        &t.bob,
        Msg::Send {
            to: t.alice.clone(),
            amount: vec![Coin::new(251, "ucosm")],
        },
        GAS,
    );
    assert_eq!((res.codespace.as_str(), res.code), ("sdk", 5));
    assert_eq!(t.chain.balance(&t.bob, "ucosm").unwrap(), 250);
    // Funds on instantiate, then the contract pays bob with a BankMsg.
    let res = t.instantiate(&t.alice, json!({}), vec![Coin::new(1_000, "ucosm")]);
    assert!(res.is_ok(), "{}", res.raw_log);
    let c = res.contract_address().unwrap();
    assert_eq!(t.chain.balance(&c, "ucosm").unwrap(), 1_000);
    let pay = json!({"run": {"msgs": [{
        "id": 0, "payload": "", "gas_limit": null, "reply_on": "never",
        "msg": {"bank": {"send": {"to_address": t.bob, "amount": [{"denom": "ucosm", "amount": "400"}]}}},
    }]}});
    let res = t.exec(&c, pay.clone());
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.chain.balance(&c, "ucosm").unwrap(), 600);
    assert_eq!(t.chain.balance(&t.bob, "ucosm").unwrap(), 650);
    // Paying more than it holds fails the whole tx.
    let big = json!({"run": {"set": ["x", "1"], "msgs": [{
        "id": 0, "payload": "", "gas_limit": null, "reply_on": "never",
        "msg": {"bank": {"send": {"to_address": t.bob, "amount": [{"denom": "ucosm", "amount": "601"}]}}},
    }]}});
    let res = t.exec(&c, big);
    assert_eq!((res.codespace.as_str(), res.code), ("sdk", 5));
    assert_eq!(t.chain.balance(&c, "ucosm").unwrap(), 600);
    assert_eq!(t.get(&c, "x"), None);
}

#[test]
fn out_of_gas_fails_and_rolls_back_and_a_gas_limited_sub_message_is_caught() {
    let t = setup();
    let c = t.contract();
    let res = t.exec_gas(&c, json!({"burn": {"count": 200}}), 300_000);
    assert_eq!(
        (res.codespace.as_str(), res.code),
        ("sdk", 11),
        "{}",
        res.raw_log
    );
    assert!(res.gas_used > 300_000);
    assert_eq!(res.gas_wanted, 300_000);
    assert_eq!(t.get(&c, "burn0"), None);
    // With enough gas it goes through; 200 writes of 100 bytes cost about 200 x 6,000.
    let res = t.exec_gas(&c, json!({"burn": {"count": 200}}), 10_000_000);
    assert!(res.is_ok(), "{}", res.raw_log);
    assert!(res.gas_used > 200 * 6_000, "{}", res.gas_used);
    assert_eq!(res.gas_detail.writes, 200);
    // A sub-message with its own gas limit runs out inside: reply_on error catches it.
    let b = t.contract();
    let mut m = sub(3, &b, json!({"burn": {"count": 300}}), "error", b"");
    m["gas_limit"] = json!(200_000);
    let res = t.exec(&c, json!({"run": {"set": ["after", "1"], "msgs": [m]}}));
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.get(&b, "burn299"), None);
    assert_eq!(t.get(&c, "after").as_deref(), Some("1"));
    assert_eq!(
        t.get(&c, "reply3").as_deref(),
        Some("err:codespace: sdk, code: 11")
    );
}

#[test]
fn gas_follows_wasmd_for_a_simple_execute() {
    let t = setup();
    let c = t.contract();
    let res = t.exec(&c, json!({"run": {"set": ["key", "value"]}}));
    assert!(res.is_ok());
    let d = &res.gas_detail;
    // One instance, first load in the tx: 60,000.
    assert_eq!(d.setup, 60_000);
    assert_eq!(d.instances, 1);
    // One write: 2,000 + 30 x (33 + 3 + 5).
    assert_eq!(d.writes, 1);
    assert_eq!(d.storage, 2_000 + 30 * 41);
    assert_eq!(d.bytes_written, 41);
    // The tx: 10 per byte + 1,000 for the signature.
    let size = Chain::tx_size(
        &t.alice,
        &Msg::Execute {
            contract: c.clone(),
            msg: json!({"run": {"set": ["key", "value"]}})
                .to_string()
                .into_bytes(),
            funds: vec![],
        },
    );
    assert_eq!(d.tx, 10 * size + 1_000);
    // ContractInfo + CodeInfo reads and the pinned Has.
    assert!(d.module_kv > 3_000, "{}", d.module_kv);
    assert!(d.vm > 0 && d.vm < 1_000, "wasm cpu is small: {}", d.vm);
    assert_eq!(
        res.gas_used,
        d.tx + d.setup + d.vm + d.storage + d.module_kv + d.events
    );
    // Pinned code: 2,000.
    t.chain.pin_code(t.code).unwrap();
    let res = t.exec(&c, json!({"run": {"set": ["key", "value"]}}));
    assert_eq!(res.gas_detail.setup, 2_000);
}

#[test]
fn a_contract_query_of_another_contract_is_charged_to_the_caller() {
    let t = setup();
    let a = t.contract();
    let b = t
        .instantiate(&t.alice, json!({"set": ["q", "answer"]}), vec![])
        .contract_address()
        .unwrap();
    let q = Binary::from(json!({"get": {"key": "q"}}).to_string().into_bytes());
    let res = t.exec(&a, json!({"ask": {"contract": b, "msg": q, "key": "got"}}));
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.get(&a, "got").as_deref(), Some("\"answer\""));
    // Same code loaded twice in the tx: the query's setup is discounted.
    assert_eq!(res.gas_detail.setup, 60_000 + 2_000);
    assert_eq!(res.gas_detail.instances, 2);
    // Asking a contract that does not exist is a query error the contract sees.
    let nobody = t.chain.addr_make("nobody");
    let res = t.exec(
        &a,
        json!({"ask": {"contract": nobody, "msg": q, "key": "got"}}),
    );
    assert_eq!(res.code, 5);
    assert!(res.raw_log.contains("No such contract"), "{}", res.raw_log);
}

#[test]
fn only_the_admin_migrates_and_changes_the_admin() {
    let t = setup();
    let c = t.contract();
    let migrate = |sender: &str| {
        t.chain.broadcast(
            sender,
            Msg::Migrate {
                contract: c.clone(),
                code_id: t.code,
                msg: json!({"marker": "v2"}).to_string().into_bytes(),
            },
            GAS,
        )
    };
    let res = migrate(&t.bob);
    assert_eq!(
        (res.codespace.as_str(), res.code),
        ("sdk", 4),
        "{}",
        res.raw_log
    );
    assert_eq!(t.get(&c, "migrated"), None);
    let res = migrate(&t.alice);
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.get(&c, "migrated").as_deref(), Some("v2"));
    assert_eq!(res.attr("migrate", "code_id"), Some("1"));
    let history = t.chain.contract_history(&c).unwrap();
    assert_eq!(
        history
            .iter()
            .map(|h| h.operation.as_str())
            .collect::<Vec<_>>(),
        vec!["init", "migrate"]
    );
    // Bob may not take the admin; alice hands it to bob; then alice may not migrate.
    let upd = |sender: &str, to: &str| {
        t.chain.broadcast(
            sender,
            Msg::UpdateAdmin {
                contract: c.clone(),
                new_admin: to.to_string(),
            },
            GAS,
        )
    };
    assert_eq!(upd(&t.bob, &t.bob).code, 4);
    assert!(upd(&t.alice, &t.bob).is_ok());
    assert_eq!(
        t.chain.contract_info(&c).unwrap().admin.as_deref(),
        Some(t.bob.as_str())
    );
    assert_eq!(migrate(&t.alice).code, 4);
    // Bob clears the admin: nobody can migrate any more.
    let res = t.chain.broadcast(
        &t.bob,
        Msg::ClearAdmin {
            contract: c.clone(),
        },
        GAS,
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(t.chain.contract_info(&c).unwrap().admin, None);
    assert_eq!(migrate(&t.bob).code, 4);
    assert_eq!(migrate(&t.alice).code, 4);
}

#[test]
fn blocks_advance_with_each_tx_and_with_time() {
    let t = setup();
    let (h0, t0) = t.chain.block();
    let c = t.contract();
    let (h1, t1) = t.chain.block();
    assert_eq!((h1, t1), (h0 + 1, t0 + 5_000_000_000));
    t.chain.advance_time(86_400).unwrap();
    let res = t.exec(&c, json!({"run": {}}));
    assert_eq!(res.height, h1 + 2);
    let (_, t2) = t.chain.block();
    assert_eq!(t2, t1 + 86_400_000_000_000 + 5_000_000_000);
    // A failed tx still makes a block.
    let res = t.exec(&c, json!({"run": {"fail": "x"}}));
    assert_eq!(res.height, h1 + 3);
    assert_eq!(t.chain.block().0, h1 + 3);
}

#[test]
fn code_the_chain_rejects_is_not_stored() {
    let t = setup();
    // Not wasm.
    let res = t.chain.broadcast(
        &t.alice,
        Msg::StoreCode {
            wasm: b"not wasm".to_vec(),
        },
        GAS,
    );
    assert_eq!(
        (res.codespace.as_str(), res.code),
        ("wasm", 2),
        "{}",
        res.raw_log
    );
    // Over 800 KiB.
    let res = t.chain.broadcast(
        &t.alice,
        Msg::StoreCode {
            wasm: vec![0; 800 * 1024 + 1],
        },
        100_000_000,
    );
    assert_eq!((res.codespace.as_str(), res.code), ("wasm", 13));
    assert_eq!(t.chain.codes().len(), 1);
    // Store-code gas: 3 per byte of wasm.
    let wasm = tester_wasm();
    let res = t
        .chain
        .broadcast(&t.alice, Msg::StoreCode { wasm: wasm.clone() }, 50_000_000);
    assert!(res.is_ok());
    assert_eq!(res.gas_detail.compile, 3 * wasm.len() as u64);
    assert_eq!(res.code_id(), Some(2));
}

// ---- persistence across processes ----

fn child(test: &str, dir: &Path, extra: &[(&str, &str)]) -> std::process::Output {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "--ignored",
        "--exact",
        test,
        "--nocapture",
        "--test-threads=1",
    ])
    .env("LOCAL_CHAIN_TEST_DIR", dir);
    for (k, v) in extra {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn child_dir() -> PathBuf {
    PathBuf::from(std::env::var("LOCAL_CHAIN_TEST_DIR").expect("run by the parent test"))
}

/// Child process: deploys the tester in the shared data dir and stores a value.
#[test]
#[ignore = "run as a child process by separate_processes_see_one_chain"]
fn child_writes() {
    let t = setup_in(&child_dir());
    let res = t.instantiate(
        &t.alice,
        json!({"set": ["from", "child"]}),
        vec![Coin::new(77, "ucosm")],
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    println!("CONTRACT={}", res.contract_address().unwrap());
}

#[test]
fn separate_processes_see_one_chain() {
    let dir = temp_dir("persist");
    let out = child("child_writes", &dir, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let contract = stdout
        .lines()
        .find_map(|l| l.split("CONTRACT=").nth(1).map(str::trim))
        .unwrap_or_else(|| panic!("the child printed no contract: {stdout}"))
        .to_string();
    // This process opens the same data dir: same code, contract, storage and balances.
    let probe = Chain::in_memory(&dir.join("probe2"), ChainConfig::default()).unwrap();
    let chain = Chain::open(&dir.join("chain"), ChainConfig::default()).unwrap();
    let alice = probe.addr_make("alice");
    assert_eq!(
        chain.config().accounts.len(),
        1,
        "genesis.json of the first run kept"
    );
    assert_eq!(chain.balance(&contract, "ucosm").unwrap(), 77);
    assert_eq!(chain.balance(&alice, "ucosm").unwrap(), 1_000_000 - 77);
    let v = chain
        .query(&contract, br#"{"get":{"key":"from"}}"#)
        .unwrap();
    assert_eq!(v.as_slice(), br#""child""#);
    assert_eq!(chain.contract_info(&contract).unwrap().code_id, 1);
    // And it keeps going: the next contract gets instance id 2.
    let res = chain.broadcast(
        &alice,
        Msg::Instantiate {
            code_id: 1,
            msg: b"{}".to_vec(),
            funds: vec![],
            label: "again".into(),
            admin: None,
        },
        GAS,
    );
    assert!(res.is_ok(), "{}", res.raw_log);
    assert_eq!(
        res.contract_address().unwrap(),
        chain.api().humanize(&classic_address(1, 2)).unwrap()
    );
}

/// Child process: commits one tx, then dies in the middle of writing the next one to disk.
#[test]
#[ignore = "run as a child process by a_process_killed_mid_transaction_keeps_only_committed_txs"]
fn child_crashes_mid_commit() {
    let t = setup_in(&child_dir());
    let res = t.instantiate(&t.alice, json!({"set": ["committed", "yes"]}), vec![]);
    assert!(res.is_ok(), "{}", res.raw_log);
    let c = res.contract_address().unwrap();
    println!("CONTRACT={c}");
    // The next commit aborts the process after writing half of its entries into the database.
    std::env::set_var("LOCAL_CHAIN_ABORT_MID_COMMIT", "1");
    t.exec(&c, json!({"burn": {"count": 50}}));
    unreachable!("the commit aborts the process");
}

#[test]
fn a_process_killed_mid_transaction_keeps_only_committed_txs() {
    let dir = temp_dir("crash");
    let out = child("child_crashes_mid_commit", &dir, &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!out.status.success(), "the child must have died: {stdout}");
    let contract = stdout
        .lines()
        .find_map(|l| l.split("CONTRACT=").nth(1).map(str::trim))
        .unwrap_or_else(|| panic!("the child committed nothing: {stdout}"))
        .to_string();
    let chain = Chain::open(&dir.join("chain"), ChainConfig::default()).unwrap();
    assert_eq!(
        chain
            .query(&contract, br#"{"get":{"key":"committed"}}"#)
            .unwrap()
            .as_slice(),
        br#""yes""#
    );
    // Nothing of the interrupted tx: not one of its 50 writes, and the block did not advance.
    let dump = chain.dump_contract(&contract).unwrap();
    assert_eq!(dump.len(), 1, "{dump:?}");
    let (height, _) = chain.block();
    assert_eq!(height, 2, "store code and instantiate only");
}

#[test]
fn static_checks_are_cosmwasm_checks() {
    // The tester passes; a module without memory or the interface marker does not; neither does
    // a module that is not wasm.
    assert_eq!(local_chain::check_wasm(&tester_wasm()), Ok(()));
    let empty = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    assert!(local_chain::check_wasm(&empty).is_err());
    assert!(local_chain::check_wasm(b"not wasm").is_err());
    // The capability list is wasmd's BuiltInCapabilities, cosmwasm-check 3.0.10's default.
    assert!(!local_chain::gas::CAPABILITIES.contains(&"cosmwasm_3_0"));
    assert!(local_chain::gas::CAPABILITIES.contains(&"cosmwasm_2_2"));
}
