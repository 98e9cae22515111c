//! The patched cosmwasm-std (packages/cosmwasm-std/PATCH.md) reads `Env`, `MessageInfo` and
//! `Coin` with a map-only `Deserialize`: these pin that it reads what the VM sends as serde's
//! derive did (unknown fields skipped, defaults for the optional fields) and refuses the same.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use cosmwasm_std::{
    from_json, to_json_vec, Addr, Binary, BlockInfo, Coin, ContractInfo, Env, MessageInfo,
    Timestamp, TransactionInfo, Uint256,
};

fn err<T: serde::de::DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
    from_json::<T>(json.as_bytes()).unwrap_err().to_string()
}

#[test]
fn env_as_the_vm_sends_it_and_as_a_newer_vm_might() {
    let json = r#"{"block":{"height":12345,"time":"1571797419879305533","chain_id":"cosmos-testnet-14002"},
        "transaction":{"index":3,"hash":"AAEC"},"contract":{"address":"wasm1contract"}}"#;
    let env: Env = from_json(json.as_bytes()).unwrap();
    assert_eq!(
        env.block,
        BlockInfo {
            height: 12345,
            time: Timestamp::from_nanos(1_571_797_419_879_305_533),
            chain_id: "cosmos-testnet-14002".into(),
        }
    );
    let tx = env.transaction.clone().unwrap();
    assert_eq!((tx.index, tx.hash), (3, Binary::from(vec![0, 1, 2])));
    assert_eq!(
        env.contract,
        ContractInfo {
            address: Addr::unchecked("wasm1contract"),
        }
    );
    // What it writes, it reads back.
    assert_eq!(from_json::<Env>(&to_json_vec(&env).unwrap()).unwrap(), env);

    // Outside a transaction: null or absent. A VM before 3.0: no hash. A newer VM's extra
    // fields are skipped, at any depth.
    for json in [
        r#"{"block":{"height":1,"time":"5","chain_id":"c"},"transaction":null,"contract":{"address":"a"}}"#,
        r#"{"contract":{"address":"a"},"block":{"chain_id":"c","time":"5","height":1}}"#,
        r#"{"block":{"height":1,"time":"5","chain_id":"c","proposer":"x"},"contract":{"address":"a","code_id":7},"new":{"a":[1,2]}}"#,
    ] {
        let env: Env = from_json(json.as_bytes()).unwrap();
        assert_eq!(env.transaction, None, "{json}");
        assert_eq!((env.block.height, env.block.chain_id.as_str()), (1, "c"));
    }
    let no_hash: TransactionInfo = from_json(br#"{"index":0}"#).unwrap();
    assert_eq!(no_hash.hash, Binary::default());
}

#[test]
fn env_refuses_what_serde_refused() {
    assert!(
        err::<Env>(r#"{"block":{"height":1,"time":"5"},"contract":{"address":"a"}}"#)
            .contains("missing field `chain_id`")
    );
    assert!(
        err::<Env>(r#"{"block":{"height":1,"time":"5","chain_id":"c"}}"#)
            .contains("missing field `contract`")
    );
    assert!(
        err::<BlockInfo>(r#"{"height":1,"height":2,"time":"5","chain_id":"c"}"#)
            .contains("duplicate field `height`")
    );
    assert!(
        err::<BlockInfo>(r#"{"height":"1","time":"5","chain_id":"c"}"#)
            .contains("invalid type: string \"1\", expected u64")
    );
    let e = err::<BlockInfo>(r#"[1,"5","c"]"#);
    assert!(e.contains("expected struct BlockInfo"), "{e}");
}

#[test]
fn message_info_and_coins() {
    let info: MessageInfo = from_json(
        br#"{"sender":"wasm1sender","funds":[{"denom":"uhealth","amount":"1500"},{"amount":"7","denom":"uatom"}]}"#,
    )
    .unwrap();
    assert_eq!(info.sender, Addr::unchecked("wasm1sender"));
    assert_eq!(
        info.funds,
        vec![
            Coin::new(Uint256::from(1500u32), "uhealth"),
            Coin::new(Uint256::from(7u32), "uatom")
        ]
    );
    assert_eq!(
        from_json::<MessageInfo>(&to_json_vec(&info).unwrap()).unwrap(),
        info
    );
    assert!(err::<MessageInfo>(r#"{"sender":"s"}"#).contains("missing field `funds`"));
    assert!(err::<Coin>(r#"{"denom":"u"}"#).contains("missing field `amount`"));
    assert!(err::<Coin>(r#"{"denom":"u","amount":7}"#).contains("expected string-encoded integer"));
}

#[test]
fn system_errors_as_the_vm_writes_them() {
    use cosmwasm_std::SystemError;
    let all = [
        SystemError::InvalidRequest {
            error: "bad".into(),
            request: Binary::from(b"{}".to_vec()),
        },
        SystemError::InvalidResponse {
            error: "bad".into(),
            response: Binary::from(b"[]".to_vec()),
        },
        SystemError::NoSuchContract {
            addr: "wasm1nobody".into(),
        },
        SystemError::NoSuchCode { code_id: 7 },
        SystemError::Unknown {},
        SystemError::UnsupportedRequest {
            kind: "stargate".into(),
        },
    ];
    for e in all {
        let json = to_json_vec(&e).unwrap();
        assert_eq!(
            from_json::<SystemError>(&json).unwrap(),
            e,
            "{}",
            String::from_utf8_lossy(&json)
        );
    }
    // A newer VM's extra field is skipped; a variant lacking its field, an unknown variant, two
    // variants at once are refused.
    assert_eq!(
        from_json::<SystemError>(br#"{"no_such_contract":{"addr":"a","hint":"x"}}"#).unwrap(),
        SystemError::NoSuchContract { addr: "a".into() }
    );
    assert!(err::<SystemError>(r#"{"no_such_code":{}}"#).contains("missing field `code_id`"));
    assert!(err::<SystemError>(r#"{"out_of_gas":{}}"#).contains("unknown variant `out_of_gas`"));
    assert!(
        err::<SystemError>(r#"{"unknown":{},"no_such_code":{"code_id":1}}"#)
            .contains("invalid length 2, expected enum SystemError")
    );
}
