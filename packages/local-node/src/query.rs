//! `abci_query`: the gRPC query paths clients use (auth, bank, wasm, tx), protobuf in and out,
//! errors as the SDK turns gRPC errors into ABCI codes.

use cosmrs::proto::cosmos::auth::v1beta1::{
    BaseAccount, QueryAccountRequest, QueryAccountResponse,
};
use cosmrs::proto::cosmos::bank::v1beta1::{
    QueryAllBalancesRequest, QueryAllBalancesResponse, QueryBalanceRequest, QueryBalanceResponse,
};
use cosmrs::proto::cosmos::base::abci::v1beta1::{GasInfo, Result as AbciResult, TxResponse};
use cosmrs::proto::cosmos::base::query::v1beta1::PageResponse;
use cosmrs::proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmrs::proto::cosmos::crypto::secp256k1::PubKey;
use cosmrs::proto::cosmos::tx::v1beta1::{
    GetTxRequest, GetTxResponse, SimulateRequest, SimulateResponse, Tx, TxRaw,
};
use cosmrs::proto::cosmwasm::wasm::v1 as wasm;
use cosmrs::proto::Any;
use local_chain::{ChainError, Coin, Event};
use prost::Message;

use crate::app::{App, TxRecord};
use crate::tx::{sdk_err, SECP256K1_PUBKEY_URL};

/// wasmd's `QueryCodeInfoRequest` (newer than the protos in cosmos-sdk-proto 0.27).
#[derive(Clone, PartialEq, Message)]
struct QueryCodeInfoRequest {
    #[prost(uint64, tag = "1")]
    code_id: u64,
}

/// wasmd's `QueryCodeInfoResponse`.
#[derive(Clone, PartialEq, Message)]
struct QueryCodeInfoResponse {
    #[prost(uint64, tag = "1")]
    code_id: u64,
    #[prost(string, tag = "2")]
    creator: String,
    #[prost(bytes = "vec", tag = "3")]
    checksum: Vec<u8>,
    #[prost(message, optional, tag = "4")]
    instantiate_permission: Option<wasm::AccessConfig>,
}

fn bad_request(e: impl std::fmt::Display) -> ChainError {
    sdk_err(18, format!("{e}: invalid request"))
}

fn not_found(what: String) -> ChainError {
    // baseapp `gRPCErrorToSDKError`: codes.NotFound → ErrKeyNotFound (38).
    sdk_err(
        38,
        format!("rpc error: code = NotFound desc = {what}: key not found"),
    )
}

fn proto_coin(c: &Coin) -> ProtoCoin {
    ProtoCoin {
        denom: c.denom.clone(),
        amount: c.amount.to_string(),
    }
}

fn everybody() -> wasm::AccessConfig {
    wasm::AccessConfig {
        permission: wasm::AccessType::Everybody as i32,
        addresses: Vec::new(),
    }
}

fn code_info_response(app: &App, id: u64) -> Result<wasm::CodeInfoResponse, ChainError> {
    let info = app.chain.code_info(id)?;
    Ok(wasm::CodeInfoResponse {
        code_id: id,
        creator: info.creator,
        data_hash: hex::decode(&info.checksum).unwrap_or_default(),
        instantiate_permission: Some(everybody()),
    })
}

/// The SDK `TxResponse` of a delivered transaction (GetTx).
pub(crate) fn sdk_tx_response(rec: &TxRecord) -> TxResponse {
    let tx = TxRaw::decode(rec.tx.as_slice())
        .ok()
        .and_then(|raw| {
            Some(Tx {
                body: Message::decode(raw.body_bytes.as_slice()).ok(),
                auth_info: Message::decode(raw.auth_info_bytes.as_slice()).ok(),
                signatures: raw.signatures,
            })
        })
        .map(|t| Any {
            type_url: "/cosmos.tx.v1beta1.Tx".into(),
            value: t.encode_to_vec(),
        });
    #[allow(deprecated)]
    TxResponse {
        height: rec.height as i64,
        txhash: rec.hash.clone(),
        codespace: rec.codespace.clone(),
        code: rec.code,
        data: hex::encode_upper(&rec.data),
        raw_log: rec.log.clone(),
        logs: Vec::new(),
        info: String::new(),
        gas_wanted: rec.gas_wanted as i64,
        gas_used: rec.gas_used as i64,
        tx,
        timestamp: rec.timestamp.clone(),
        events: rec.events.iter().map(proto_event).collect(),
    }
}

fn proto_event(e: &Event) -> cosmrs::proto::tendermint::abci::Event {
    cosmrs::proto::tendermint::abci::Event {
        r#type: e.ty.clone(),
        attributes: e
            .attributes
            .iter()
            .map(|a| cosmrs::proto::tendermint::abci::EventAttribute {
                key: a.key.clone(),
                value: a.value.clone(),
                index: true,
            })
            .collect(),
    }
}

/// Answers one query path; the protobuf response bytes or the error.
pub(crate) fn query(app: &App, path: &str, data: &[u8]) -> Result<Vec<u8>, ChainError> {
    let chain = &app.chain;
    Ok(match path {
        "/cosmos.auth.v1beta1.Query/Account" => {
            let req = QueryAccountRequest::decode(data).map_err(bad_request)?;
            let acc = chain
                .account(&req.address)
                .map_err(|e| bad_request(e.log))?
                .ok_or_else(|| not_found(format!("account {} not found", req.address)))?;
            let pub_key = acc.pub_key.map(|k| Any {
                type_url: SECP256K1_PUBKEY_URL.into(),
                value: PubKey { key: k }.encode_to_vec(),
            });
            let base = BaseAccount {
                address: acc.address,
                pub_key,
                account_number: acc.number,
                sequence: acc.sequence,
            };
            QueryAccountResponse {
                account: Some(Any {
                    type_url: "/cosmos.auth.v1beta1.BaseAccount".into(),
                    value: base.encode_to_vec(),
                }),
            }
            .encode_to_vec()
        }
        "/cosmos.bank.v1beta1.Query/Balance" => {
            let req = QueryBalanceRequest::decode(data).map_err(bad_request)?;
            let amount = chain
                .balance(&req.address, &req.denom)
                .map_err(|e| bad_request(e.log))?;
            QueryBalanceResponse {
                balance: Some(proto_coin(&Coin::new(amount, &req.denom))),
            }
            .encode_to_vec()
        }
        "/cosmos.bank.v1beta1.Query/AllBalances" => {
            let req = QueryAllBalancesRequest::decode(data).map_err(bad_request)?;
            let all = chain
                .balances(&req.address)
                .map_err(|e| bad_request(e.log))?;
            QueryAllBalancesResponse {
                pagination: Some(PageResponse {
                    next_key: Vec::new(),
                    total: all.len() as u64,
                }),
                balances: all.iter().map(proto_coin).collect(),
            }
            .encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/SmartContractState" => {
            let req = wasm::QuerySmartContractStateRequest::decode(data).map_err(bad_request)?;
            chain.contract_info(&req.address)?;
            let out = chain.query(&req.address, &req.query_data)?;
            wasm::QuerySmartContractStateResponse { data: out.to_vec() }.encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/RawContractState" => {
            let req = wasm::QueryRawContractStateRequest::decode(data).map_err(bad_request)?;
            chain.contract_info(&req.address)?;
            let out = chain.query_raw(&req.address, &req.query_data)?;
            wasm::QueryRawContractStateResponse {
                data: out.unwrap_or_default(),
            }
            .encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/ContractInfo" => {
            let req = wasm::QueryContractInfoRequest::decode(data).map_err(bad_request)?;
            let info = chain.contract_info(&req.address)?;
            wasm::QueryContractInfoResponse {
                address: req.address,
                contract_info: Some(wasm::ContractInfo {
                    code_id: info.code_id,
                    creator: info.creator,
                    admin: info.admin.unwrap_or_default(),
                    label: info.label,
                    created: Some(wasm::AbsoluteTxPosition {
                        block_height: info.created_height,
                        tx_index: info.created_tx_index,
                    }),
                    ibc_port_id: String::new(),
                    extension: None,
                }),
            }
            .encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/CodeInfo" => {
            let req = QueryCodeInfoRequest::decode(data).map_err(bad_request)?;
            let info = code_info_response(app, req.code_id)?;
            QueryCodeInfoResponse {
                code_id: info.code_id,
                creator: info.creator,
                checksum: info.data_hash,
                instantiate_permission: info.instantiate_permission,
            }
            .encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/Code" => {
            let req = wasm::QueryCodeRequest::decode(data).map_err(bad_request)?;
            let info = code_info_response(app, req.code_id)?;
            wasm::QueryCodeResponse {
                code_info: Some(info),
                data: chain.code_bytes(req.code_id)?,
            }
            .encode_to_vec()
        }
        "/cosmwasm.wasm.v1.Query/Codes" => {
            let _ = wasm::QueryCodesRequest::decode(data).map_err(bad_request)?;
            let mut ids: Vec<u64> = chain.codes().into_keys().collect();
            ids.sort_unstable();
            let infos = ids
                .iter()
                .map(|id| code_info_response(app, *id))
                .collect::<Result<Vec<_>, _>>()?;
            wasm::QueryCodesResponse {
                pagination: Some(PageResponse {
                    next_key: Vec::new(),
                    total: infos.len() as u64,
                }),
                code_infos: infos,
            }
            .encode_to_vec()
        }
        "/cosmos.tx.v1beta1.Service/Simulate" => {
            #[allow(deprecated)]
            let req = SimulateRequest::decode(data).map_err(bad_request)?;
            #[allow(deprecated)]
            let bytes = if req.tx_bytes.is_empty() {
                req.tx
                    .map(|t| {
                        TxRaw {
                            body_bytes: t.body.map(|b| b.encode_to_vec()).unwrap_or_default(),
                            auth_info_bytes: t
                                .auth_info
                                .map(|a| a.encode_to_vec())
                                .unwrap_or_default(),
                            signatures: t.signatures,
                        }
                        .encode_to_vec()
                    })
                    .unwrap_or_default()
            } else {
                req.tx_bytes
            };
            let (out, msg_data) = app.simulate(&bytes)?;
            let r = out.response;
            let any_data =
                cosmrs::proto::cosmos::base::abci::v1beta1::TxMsgData::decode(msg_data.as_slice())
                    .map(|d| d.msg_responses)
                    .unwrap_or_default();
            #[allow(deprecated)]
            SimulateResponse {
                gas_info: Some(GasInfo {
                    gas_wanted: r.gas_wanted,
                    gas_used: r.gas_used,
                }),
                result: Some(AbciResult {
                    data: msg_data,
                    log: String::new(),
                    events: r.events.iter().map(proto_event).collect(),
                    msg_responses: any_data,
                }),
            }
            .encode_to_vec()
        }
        "/cosmos.tx.v1beta1.Service/GetTx" => {
            let req = GetTxRequest::decode(data).map_err(bad_request)?;
            let hash = hex::decode(&req.hash).map_err(|e| bad_request(format!("tx hash: {e}")))?;
            let rec = app
                .tx(&hash)
                .map_err(|e| sdk_err(1, e))?
                .ok_or_else(|| not_found(format!("tx not found: {}", req.hash)))?;
            let resp = sdk_tx_response(&rec);
            let tx = resp
                .tx
                .as_ref()
                .and_then(|any| Tx::decode(any.value.as_slice()).ok());
            GetTxResponse {
                tx,
                tx_response: Some(resp),
            }
            .encode_to_vec()
        }
        _ => {
            return Err(sdk_err(
                6,
                format!("unknown query path {path}: unknown request"),
            ))
        }
    })
}
