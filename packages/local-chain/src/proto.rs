//! Protobuf sizes of what wasmd stores and what a tx carries: the KV gas of a value depends on its
//! encoded length (wasmd `proto/cosmwasm/wasm/v1/types.proto`, `tx.proto`; SDK `bank`, `auth`).
//! The chain keeps JSON itself but charges the bytes wasmd would write.

use crate::types::{Coin, ContractInfo, HistoryEntry, Msg};

fn varint_len(v: u64) -> usize {
    let mut n = 1;
    let mut v = v >> 7;
    while v > 0 {
        n += 1;
        v >>= 7;
    }
    n
}

/// A length-delimited field (omitted when empty, as proto3 does).
fn ld(len: usize) -> usize {
    if len == 0 {
        0
    } else {
        1 + varint_len(len as u64) + len
    }
}

/// A message field (present even when empty).
fn msg_field(len: usize) -> usize {
    1 + varint_len(len as u64) + len
}

fn uint(v: u64) -> usize {
    if v == 0 {
        0
    } else {
        1 + varint_len(v)
    }
}

/// Encodes a bytes field (`tag`, wire type 2); empty when `data` is.
pub(crate) fn bytes_field(tag: u8, data: &[u8]) -> Vec<u8> {
    if data.is_empty() {
        return Vec::new();
    }
    let mut out = vec![(tag << 3) | 2];
    let mut len = data.len() as u64;
    loop {
        let b = (len & 0x7f) as u8;
        len >>= 7;
        if len == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out.extend_from_slice(data);
    out
}

/// Encodes a varint field (`tag`, wire type 0).
pub(crate) fn varint_field(tag: u8, mut v: u64) -> Vec<u8> {
    let mut out = vec![tag << 3];
    loop {
        let b = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(b);
            break;
        }
        out.push(b | 0x80);
    }
    out
}

fn position_len(height: u64, index: u64) -> usize {
    msg_field(uint(height) + uint(index))
}

/// `CodeInfo{code_hash, creator, instantiate_config{permission: Everybody}}`.
pub(crate) fn code_info_len(creator_len: usize) -> usize {
    ld(32) + ld(creator_len) + msg_field(2)
}

/// `ContractInfo{code_id, creator, admin, label, created, ibc2_port_id}`.
pub(crate) fn contract_info_len(info: &ContractInfo, addr: &str, prefix: &str) -> usize {
    let ibc2 = "wasm2".len() + addr.len().saturating_sub(prefix.len());
    uint(info.code_id)
        + ld(info.creator.len())
        + ld(info.admin.as_ref().map_or(0, String::len))
        + ld(info.label.len())
        + position_len(info.created_height, info.created_tx_index)
        + ld(ibc2)
}

/// `ContractCodeHistoryEntry{operation, code_id, updated, msg}`.
pub(crate) fn history_entry_len(entry: &HistoryEntry, msg_len: usize) -> usize {
    uint(if entry.operation == "init" { 1 } else { 2 })
        + uint(entry.code_id)
        + position_len(entry.height, 0)
        + ld(msg_len)
}

/// `BaseAccount{address, account_number}` in an `Any`.
pub(crate) fn base_account_len(addr_len: usize) -> usize {
    let inner = ld(addr_len) + uint(1000);
    ld("/cosmos.auth.v1beta1.BaseAccount".len()) + ld(inner)
}

fn coins_len(coins: &[Coin]) -> usize {
    coins
        .iter()
        .map(|c| ld(ld(c.denom.len()) + ld(c.amount.to_string().len())))
        .sum()
}

/// The encoded message inside the tx body (`Any{type_url, value}`).
pub(crate) fn msg_len(sender: &str, msg: &Msg) -> usize {
    let s = ld(sender.len());
    let value = match msg {
        Msg::StoreCode { wasm } => s + ld(wasm.len()),
        Msg::Instantiate {
            code_id,
            msg,
            funds,
            label,
            admin,
        } => {
            s + ld(admin.as_ref().map_or(0, String::len))
                + uint(*code_id)
                + ld(label.len())
                + ld(msg.len())
                + coins_len(funds)
        }
        Msg::Instantiate2 {
            code_id,
            msg,
            funds,
            label,
            admin,
            salt,
            fix_msg,
        } => {
            s + ld(admin.as_ref().map_or(0, String::len))
                + uint(*code_id)
                + ld(label.len())
                + ld(msg.len())
                + coins_len(funds)
                + ld(salt.len())
                + uint(u64::from(*fix_msg))
        }
        Msg::Execute {
            contract,
            msg,
            funds,
        } => s + ld(contract.len()) + ld(msg.len()) + coins_len(funds),
        Msg::Migrate {
            contract,
            code_id,
            msg,
        } => s + ld(contract.len()) + uint(*code_id) + ld(msg.len()),
        Msg::UpdateAdmin {
            contract,
            new_admin,
        } => s + ld(new_admin.len()) + ld(contract.len()),
        Msg::ClearAdmin { contract } => s + ld(contract.len()),
        Msg::Send { to, amount } => s + ld(to.len()) + coins_len(amount),
    };
    // TxBody.messages (repeated Any).
    ld(ld(msg.type_url().len()) + ld(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_fields() {
        assert_eq!(bytes_field(1, b"ab"), vec![0x0a, 2, b'a', b'b']);
        assert!(bytes_field(1, b"").is_empty());
        assert_eq!(varint_field(1, 300), vec![0x08, 0xac, 0x02]);
        assert_eq!(varint_len(127), 1);
        assert_eq!(varint_len(128), 2);
        assert_eq!(code_info_len(44), 34 + 46 + 4);
    }
}
