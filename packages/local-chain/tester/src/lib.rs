//! A tiny contract that exercises the chain: storage, sub-messages with every `reply_on`, replies
//! that record what they saw, contract-to-contract queries and a gas burner. Built into
//! `artifacts/test/chain_tester.wasm` by `scripts/build.sh`; used only by local-chain's tests.

use cosmwasm_std::{
    entry_point, to_json_binary, to_json_vec, Binary, ContractResult, Deps, DepsMut, Empty, Env,
    MessageInfo, QueryRequest, Reply, Response, StdError, StdResult, SubMsg, SubMsgResult,
    SystemResult, WasmQuery,
};
use serde::{Deserialize, Serialize};

/// Instantiate: optionally fail, optionally store a first value.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstantiateMsg {
    /// Fail with this error instead.
    #[serde(default)]
    pub fail: Option<String>,
    /// A first key and value.
    #[serde(default)]
    pub set: Option<(String, String)>,
}

/// Execute messages.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ExecuteMsg {
    /// Stores a value, then dispatches `msgs`; returns `data`.
    Run {
        /// Key and value to store first.
        #[serde(default)]
        set: Option<(String, String)>,
        /// Sub-messages to dispatch.
        #[serde(default)]
        msgs: Vec<SubMsg>,
        /// Response data.
        #[serde(default)]
        data: Option<Binary>,
        /// Fail with this error after storing.
        #[serde(default)]
        fail: Option<String>,
    },
    /// Writes `count` keys (to run out of gas).
    Burn {
        /// How many writes.
        count: u32,
    },
    /// Asks another contract `msg` and stores its answer under `key`.
    Ask {
        /// The contract.
        contract: String,
        /// Its query.
        msg: Binary,
        /// Where to keep the answer.
        key: String,
    },
}

/// Queries.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum QueryMsg {
    /// A stored value (null when missing).
    Get {
        /// The key.
        key: String,
    },
}

/// Migrate: store a marker.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MigrateMsg {
    /// Stored under `migrated`.
    pub marker: String,
}

#[entry_point]
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> StdResult<Response> {
    if let Some(e) = msg.fail {
        return Err(StdError::msg(e));
    }
    if let Some((k, v)) = msg.set {
        deps.storage.set(k.as_bytes(), v.as_bytes());
    }
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("funds", info.funds.len().to_string()))
}

#[entry_point]
pub fn execute(
    deps: DepsMut,
    _env: Env,
    _info: MessageInfo,
    msg: ExecuteMsg,
) -> StdResult<Response> {
    match msg {
        ExecuteMsg::Run {
            set,
            msgs,
            data,
            fail,
        } => {
            if let Some((k, v)) = set {
                deps.storage.set(k.as_bytes(), v.as_bytes());
            }
            if let Some(e) = fail {
                return Err(StdError::msg(e));
            }
            let mut resp = Response::new()
                .add_attribute("action", "run")
                .add_submessages(msgs);
            if let Some(d) = data {
                resp = resp.set_data(d);
            }
            Ok(resp)
        }
        ExecuteMsg::Burn { count } => {
            for i in 0..count {
                deps.storage.set(format!("burn{i}").as_bytes(), &[7u8; 100]);
            }
            Ok(Response::new().add_attribute("action", "burn"))
        }
        ExecuteMsg::Ask { contract, msg, key } => {
            let req: QueryRequest<Empty> = WasmQuery::Smart {
                contract_addr: contract,
                msg,
            }
            .into();
            let answer = match deps.querier.raw_query(&to_json_vec(&req)?) {
                SystemResult::Ok(ContractResult::Ok(b)) => b,
                SystemResult::Ok(ContractResult::Err(e)) => return Err(StdError::msg(e)),
                SystemResult::Err(e) => return Err(StdError::msg(e.to_string())),
            };
            deps.storage.set(key.as_bytes(), answer.as_slice());
            Ok(Response::new().add_attribute("action", "ask"))
        }
    }
}

#[entry_point]
pub fn reply(deps: DepsMut, _env: Env, reply: Reply) -> StdResult<Response> {
    let seen = match &reply.result {
        SubMsgResult::Ok(r) => {
            #[allow(deprecated)]
            let data = r.data.clone().unwrap_or_default();
            format!(
                "ok:{}:{}:{}",
                data.to_base64(),
                r.events.len(),
                r.msg_responses
                    .first()
                    .map(|m| m.type_url.clone())
                    .unwrap_or_default()
            )
        }
        SubMsgResult::Err(e) => format!("err:{e}"),
    };
    deps.storage
        .set(format!("reply{}", reply.id).as_bytes(), seen.as_bytes());
    let mut resp = Response::new().add_attribute("action", "reply");
    if !reply.payload.is_empty() {
        resp = resp.set_data(reply.payload);
    }
    Ok(resp)
}

#[entry_point]
pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    match msg {
        QueryMsg::Get { key } => {
            let v = deps
                .storage
                .get(key.as_bytes())
                .map(|v| String::from_utf8_lossy(&v).to_string());
            to_json_binary(&v)
        }
    }
}

#[entry_point]
pub fn migrate(deps: DepsMut, _env: Env, msg: MigrateMsg) -> StdResult<Response> {
    deps.storage.set(b"migrated", msg.marker.as_bytes());
    Ok(Response::new().add_attribute("action", "migrate"))
}
