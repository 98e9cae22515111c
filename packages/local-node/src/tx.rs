//! Signed transactions: decoding (`TxRaw`, `TxBody`, `AuthInfo`, the messages), the SDK's
//! stateless checks (`ValidateBasic`) and its ante handler (tx size gas, fee, public keys,
//! signature gas, sequences, `SIGN_MODE_DIRECT` verification), on the engine's [`Ante`].

use std::io::Read;

use cosmrs::proto::cosmos::bank::v1beta1::MsgSend;
use cosmrs::proto::cosmos::base::v1beta1::Coin as ProtoCoin;
use cosmrs::proto::cosmos::crypto::secp256k1::PubKey;
use cosmrs::proto::cosmos::tx::signing::v1beta1::SignMode;
use cosmrs::proto::cosmos::tx::v1beta1::{mode_info, AuthInfo, SignDoc, TxBody, TxRaw};
use cosmrs::proto::cosmwasm::wasm::v1 as wasm;
use cosmrs::proto::Any;
use local_chain::{coins_string, Account, Ante, ChainError, Coin, Event, Msg};
use prost::Message;

use crate::GasPrice;

/// wasmd `MaxWasmSize`.
const MAX_WASM_SIZE: usize = 800 * 1024;
/// wasmd `DefaultUncompressCost`: 15/100 gas per byte of gzip input.
const UNCOMPRESS_COST_NUM: u64 = 15;
const UNCOMPRESS_COST_DEN: u64 = 100;

pub(crate) const SECP256K1_PUBKEY_URL: &str = "/cosmos.crypto.secp256k1.PubKey";

/// A decoded transaction.
pub(crate) struct DecodedTx {
    pub bytes_len: usize,
    pub body_bytes: Vec<u8>,
    pub auth_info_bytes: Vec<u8>,
    pub signatures: Vec<Vec<u8>>,
    pub auth_info: AuthInfo,
    pub msgs: Vec<(String, Msg)>,
    /// Unique signers in order of first appearance (SDK `GetSigners`).
    pub signers: Vec<String>,
    pub fee: Vec<Coin>,
    pub gas_limit: u64,
    /// Gas for un-gzipping uploaded code (wasmd `UncompressCosts`).
    pub uncompress_gas: u64,
}

fn parse_err(msg: impl std::fmt::Display) -> ChainError {
    ChainError {
        codespace: "sdk",
        code: 2,
        log: format!("{msg}: tx parse error"),
        deterministic: false,
    }
}

pub(crate) fn sdk_err(code: u32, log: String) -> ChainError {
    ChainError {
        codespace: "sdk",
        code,
        log,
        deterministic: false,
    }
}

fn coins(list: &[ProtoCoin]) -> Result<Vec<Coin>, ChainError> {
    list.iter()
        .map(|c| {
            c.amount
                .parse::<u128>()
                .map(|a| Coin::new(a, &c.denom))
                .map_err(|_| ChainError::invalid_coins(format!("{}{}", c.amount, c.denom)))
        })
        .collect()
}

fn opt(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn decode_any<M: Message + Default>(any: &Any) -> Result<M, ChainError> {
    M::decode(any.value.as_slice()).map_err(parse_err)
}

/// Un-gzips uploaded code (wasmd `ioutils.Uncompress`, limited to the max wasm size).
fn maybe_gunzip(code: Vec<u8>) -> Result<(Vec<u8>, u64), ChainError> {
    if !code.starts_with(&[0x1f, 0x8b, 0x08]) {
        return Ok((code, 0));
    }
    let gas = (code.len() as u64 * UNCOMPRESS_COST_NUM) / UNCOMPRESS_COST_DEN;
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(code.as_slice())
        .take(MAX_WASM_SIZE as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| ChainError::create_failed(format!("uncompress: {e}")))?;
    Ok((out, gas))
}

/// Validates uploaded code as wasmd's `MsgStoreCode.ValidateBasic` does.
fn validate_code(code: &[u8]) -> Result<(), ChainError> {
    if code.is_empty() {
        return Err(sdk_err(
            18,
            "code bytes is required: empty: invalid request".into(),
        ));
    }
    if code.len() > MAX_WASM_SIZE {
        return Err(sdk_err(
            18,
            format!(
                "code bytes cannot be longer than {MAX_WASM_SIZE} bytes: exceeds limit: invalid request"
            ),
        ));
    }
    Ok(())
}

/// One message: its signer and the engine's message.
fn decode_msg(any: &Any, uncompress_gas: &mut u64) -> Result<(String, Msg), ChainError> {
    Ok(match any.type_url.as_str() {
        "/cosmwasm.wasm.v1.MsgStoreCode" => {
            let m: wasm::MsgStoreCode = decode_any(any)?;
            validate_code(&m.wasm_byte_code)?;
            let (wasm, gas) = maybe_gunzip(m.wasm_byte_code)?;
            validate_code(&wasm)?;
            *uncompress_gas += gas;
            (m.sender, Msg::StoreCode { wasm })
        }
        "/cosmwasm.wasm.v1.MsgInstantiateContract" => {
            let m: wasm::MsgInstantiateContract = decode_any(any)?;
            (
                m.sender,
                Msg::Instantiate {
                    code_id: m.code_id,
                    msg: m.msg,
                    funds: coins(&m.funds)?,
                    label: m.label,
                    admin: opt(m.admin),
                },
            )
        }
        "/cosmwasm.wasm.v1.MsgInstantiateContract2" => {
            let m: wasm::MsgInstantiateContract2 = decode_any(any)?;
            (
                m.sender,
                Msg::Instantiate2 {
                    code_id: m.code_id,
                    msg: m.msg,
                    funds: coins(&m.funds)?,
                    label: m.label,
                    admin: opt(m.admin),
                    salt: m.salt,
                    fix_msg: m.fix_msg,
                },
            )
        }
        "/cosmwasm.wasm.v1.MsgExecuteContract" => {
            let m: wasm::MsgExecuteContract = decode_any(any)?;
            (
                m.sender,
                Msg::Execute {
                    contract: m.contract,
                    msg: m.msg,
                    funds: coins(&m.funds)?,
                },
            )
        }
        "/cosmwasm.wasm.v1.MsgMigrateContract" => {
            let m: wasm::MsgMigrateContract = decode_any(any)?;
            (
                m.sender,
                Msg::Migrate {
                    contract: m.contract,
                    code_id: m.code_id,
                    msg: m.msg,
                },
            )
        }
        "/cosmwasm.wasm.v1.MsgUpdateAdmin" => {
            let m: wasm::MsgUpdateAdmin = decode_any(any)?;
            (
                m.sender,
                Msg::UpdateAdmin {
                    contract: m.contract,
                    new_admin: m.new_admin,
                },
            )
        }
        "/cosmwasm.wasm.v1.MsgClearAdmin" => {
            let m: wasm::MsgClearAdmin = decode_any(any)?;
            (
                m.sender,
                Msg::ClearAdmin {
                    contract: m.contract,
                },
            )
        }
        "/cosmos.bank.v1beta1.MsgSend" => {
            let m: MsgSend = decode_any(any)?;
            (
                m.from_address,
                Msg::Send {
                    to: m.to_address,
                    amount: coins(&m.amount)?,
                },
            )
        }
        other => return Err(parse_err(format!("unable to resolve type URL {other}"))),
    })
}

/// Decodes a `TxRaw` and runs the SDK's stateless checks.
pub(crate) fn decode(bytes: &[u8]) -> Result<DecodedTx, ChainError> {
    let raw = TxRaw::decode(bytes).map_err(parse_err)?;
    let body = TxBody::decode(raw.body_bytes.as_slice()).map_err(parse_err)?;
    let auth_info = AuthInfo::decode(raw.auth_info_bytes.as_slice()).map_err(parse_err)?;
    let mut uncompress_gas = 0;
    let msgs = body
        .messages
        .iter()
        .map(|m| decode_msg(m, &mut uncompress_gas))
        .collect::<Result<Vec<_>, _>>()?;
    if msgs.is_empty() {
        return Err(sdk_err(
            18,
            "must contain at least one message: invalid request".into(),
        ));
    }
    let mut signers: Vec<String> = Vec::new();
    for (s, _) in &msgs {
        if s.is_empty() {
            return Err(sdk_err(
                7,
                "empty address string is not allowed: invalid address".into(),
            ));
        }
        if !signers.contains(s) {
            signers.push(s.clone());
        }
    }
    if raw.signatures.is_empty() {
        return Err(sdk_err(15, "no signatures supplied".into()));
    }
    if raw.signatures.len() != signers.len() {
        return Err(sdk_err(
            4,
            format!(
                "wrong number of signers; expected {}, got {}: unauthorized",
                signers.len(),
                raw.signatures.len()
            ),
        ));
    }
    if auth_info.signer_infos.len() != signers.len() {
        return Err(sdk_err(
            4,
            format!(
                "invalid number of signer;  expected: {}, got {}: unauthorized",
                signers.len(),
                auth_info.signer_infos.len()
            ),
        ));
    }
    let (fee, gas_limit) = match &auth_info.fee {
        Some(f) => (coins(&f.amount)?, f.gas_limit),
        None => (Vec::new(), 0),
    };
    Ok(DecodedTx {
        bytes_len: bytes.len(),
        body_bytes: raw.body_bytes,
        auth_info_bytes: raw.auth_info_bytes,
        signatures: raw.signatures,
        auth_info,
        msgs,
        signers,
        fee,
        gas_limit,
        uncompress_gas,
    })
}

/// How the ante handler runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AnteMode {
    /// CheckTx: also the minimum gas price.
    Check,
    /// FinalizeBlock.
    Deliver,
    /// Simulation: no signature verification, no minimum fee.
    Simulate,
}

fn pubkey_of(any: &Option<Any>) -> Result<Option<Vec<u8>>, ChainError> {
    let Some(any) = any else { return Ok(None) };
    if any.type_url != SECP256K1_PUBKEY_URL {
        return Err(sdk_err(
            8,
            format!(
                "unsupported public key type {}: invalid pubkey",
                any.type_url
            ),
        ));
    }
    let pk = PubKey::decode(any.value.as_slice()).map_err(parse_err)?;
    Ok(Some(pk.key))
}

fn address_of(pk: &[u8], prefix: &str) -> Option<String> {
    cosmrs::crypto::PublicKey::from(cosmrs::tendermint::PublicKey::from_raw_secp256k1(pk)?)
        .account_id(prefix)
        .ok()
        .map(|a| a.to_string())
}

/// The SDK's ante chain (v0.50 `NewAnteHandler` with wasmd's decorators) on the engine.
pub(crate) fn ante(
    a: &Ante,
    tx: &DecodedTx,
    mode: AnteMode,
    denom: &str,
    min_gas_price: GasPrice,
) -> Result<Vec<Event>, ChainError> {
    let config = a.config();
    let chain_id = config.chain_id.clone();
    let prefix = config.bech32_prefix.clone();
    // ConsumeGasForTxSize (and wasmd's un-gzip cost of uploaded code).
    a.consume(local_chain::gas::TX_SIZE_COST_PER_BYTE * tx.bytes_len as u64)?;
    a.consume(tx.uncompress_gas)?;
    // DeductFeeDecorator: the minimum gas price (CheckTx only), then the fee.
    if mode == AnteMode::Check && min_gas_price.numerator > 0 {
        let required = min_gas_price.fee_for(tx.gas_limit);
        let paid: u128 = tx
            .fee
            .iter()
            .filter(|c| c.denom == denom)
            .map(|c| c.amount)
            .sum();
        if paid < required {
            return Err(sdk_err(
                13,
                format!(
                    "insufficient fees; got: {} required: {required}{denom}: insufficient fee",
                    coins_string(&tx.fee)
                ),
            ));
        }
    }
    let payer = tx
        .auth_info
        .fee
        .as_ref()
        .map(|f| f.payer.clone())
        .filter(|p| !p.is_empty())
        .or_else(|| tx.signers.first().cloned())
        .unwrap_or_default();
    if a.account(&payer)?.is_none() {
        return Err(sdk_err(
            9,
            format!("fee payer address: {payer} does not exist: unknown address"),
        ));
    }
    let mut events = Vec::new();
    if !tx.fee.is_empty() {
        events.extend(a.deduct_fee(&payer, &tx.fee)?);
    }
    events.push(event(
        "tx",
        &[("fee", &coins_string(&tx.fee)), ("fee_payer", &payer)],
    ));
    // SetPubKey, SigGasConsume, SigVerification, IncrementSequence.
    let mut accounts: Vec<Account> = Vec::new();
    for (i, signer) in tx.signers.iter().enumerate() {
        let info = tx.auth_info.signer_infos.get(i);
        let mut acc = a.account(signer)?.ok_or_else(|| {
            sdk_err(
                9,
                format!("account {signer} does not exist: unknown address"),
            )
        })?;
        let given = pubkey_of(&info.and_then(|s| s.public_key.clone()))?;
        if let Some(pk) = &given {
            if mode != AnteMode::Simulate && address_of(pk, &prefix).as_deref() != Some(signer) {
                return Err(sdk_err(
                    8,
                    format!(
                        "pubKey does not match signer address {signer} with signer index: {i}: invalid pubkey"
                    ),
                ));
            }
            if acc.pub_key.is_none() {
                acc.pub_key = Some(pk.clone());
            }
        }
        accounts.push(acc);
    }
    for (acc, sig) in accounts.iter().zip(&tx.signatures) {
        events.push(event(
            "tx",
            &[("acc_seq", &format!("{}/{}", acc.address, acc.sequence))],
        ));
        events.push(event(
            "tx",
            &[(
                "signature",
                &base64::Engine::encode(&base64::engine::general_purpose::STANDARD, sig),
            )],
        ));
    }
    for (i, acc) in accounts.iter_mut().enumerate() {
        let info = tx.auth_info.signer_infos.get(i);
        let pk = acc.pub_key.clone();
        if pk.is_none() && mode != AnteMode::Simulate {
            return Err(sdk_err(
                8,
                format!("pubkey on account is not set: invalid pubkey (signer {i})"),
            ));
        }
        a.consume(local_chain::gas::SIG_VERIFY_COST_SECP256K1)?;
        let seq = info.map_or(0, |s| s.sequence);
        if seq != acc.sequence {
            return Err(sdk_err(
                32,
                format!(
                    "account sequence mismatch, expected {}, got {seq}: incorrect account sequence",
                    acc.sequence
                ),
            ));
        }
        if let (Some(pk), false) = (pk, mode == AnteMode::Simulate) {
            let direct = info
                .and_then(|s| s.mode_info.as_ref())
                .and_then(|m| m.sum.as_ref())
                .is_some_and(|s| {
                    matches!(s, mode_info::Sum::Single(single) if single.mode == SignMode::Direct as i32)
                });
            let verified = direct
                && verify(
                    &pk,
                    tx.signatures.get(i).map_or(&[][..], Vec::as_slice),
                    &SignDoc {
                        body_bytes: tx.body_bytes.clone(),
                        auth_info_bytes: tx.auth_info_bytes.clone(),
                        chain_id: chain_id.clone(),
                        account_number: acc.number,
                    }
                    .encode_to_vec(),
                );
            if !verified {
                return Err(sdk_err(
                    4,
                    format!(
                        "signature verification failed; please verify account number ({}), sequence ({}) and chain-id ({chain_id}): unauthorized",
                        acc.number, acc.sequence
                    ),
                ));
            }
        }
        acc.sequence += 1;
        a.set_account(acc)?;
    }
    Ok(events)
}

/// secp256k1 ECDSA over sha256 of the sign bytes, 64-byte `r ‖ s`, low S only (as the SDK).
fn verify(pk: &[u8], sig: &[u8], sign_bytes: &[u8]) -> bool {
    use k256::ecdsa::signature::Verifier;
    let Ok(key) = k256::ecdsa::VerifyingKey::from_sec1_bytes(pk) else {
        return false;
    };
    let Ok(sig) = k256::ecdsa::Signature::from_slice(sig) else {
        return false;
    };
    if sig.normalize_s().is_some() {
        // High S: the SDK rejects malleable signatures.
        return false;
    }
    key.verify(sign_bytes, &sig).is_ok()
}

fn event(ty: &str, attrs: &[(&str, &str)]) -> Event {
    Event {
        ty: ty.to_string(),
        attributes: attrs
            .iter()
            .map(|(k, v)| local_chain::Attribute {
                key: k.to_string(),
                value: v.to_string(),
            })
            .collect(),
    }
}
