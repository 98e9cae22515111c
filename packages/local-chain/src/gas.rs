//! Every gas constant of the chain, in one place, each with the source it comes from
//! (wasmd v0.61, wasmvm 3, Cosmos SDK 0.53; see ../shared/CHAIN.md section 2).
//!
//! All figures are SDK gas unless the name says otherwise.

/// 1 SDK gas = 140,000 CosmWasm (VM) gas. wasmd `x/wasm/types/gas_register.go`
/// (`DefaultGasMultiplier`).
pub const GAS_MULTIPLIER: u64 = 140_000;
/// Loading a contract instance (instantiate, execute, query, migrate, reply). wasmd
/// `x/wasm/types/gas_register.go` (`DefaultInstanceCost`).
pub const INSTANCE_COST: u64 = 60_000;
/// The setup cost when the code is pinned or its checksum was loaded earlier in the same tx
/// (always for replies). wasmd `x/wasm/types/gas_register.go` (`DefaultInstanceCostDiscount`),
/// `x/wasm/keeper/keeper.go` (`checkDiscountEligibility`, `reply`).
pub const INSTANCE_COST_DISCOUNT: u64 = 2_000;
/// Per byte of uncompressed wasm on store-code. wasmvm `lib_libwasmvm.go` (`compileCost`),
/// wasmd `x/wasm/types/gas_register.go` (`DefaultCompileCost`).
pub const COMPILE_COST_PER_BYTE: u64 = 3;
/// Per byte of contract message in the setup cost. wasmd `x/wasm/types/gas_register.go`
/// (`DefaultContractMessageDataCost`).
pub const CONTRACT_MESSAGE_DATA_COST: u64 = 0;
/// Per event attribute of a contract response. wasmd `x/wasm/types/gas_register.go`
/// (`DefaultPerAttributeCost`).
pub const PER_ATTRIBUTE_COST: u64 = 10;
/// Per byte of attribute key and value past the free tier. wasmd
/// `x/wasm/types/gas_register.go` (`DefaultEventAttributeDataCost`).
pub const EVENT_ATTRIBUTE_DATA_COST: u64 = 1;
/// Attribute bytes free of charge per contract response. wasmd `x/wasm/types/gas_register.go`
/// (`DefaultEventAttributeDataFreeTier`).
pub const EVENT_ATTRIBUTE_DATA_FREE_TIER: u64 = 100;
/// Per custom event (`wasm-*`), plus its type's bytes. wasmd `x/wasm/types/gas_register.go`
/// (`DefaultPerCustomEventCost`).
pub const PER_CUSTOM_EVENT_COST: u64 = 20;
/// Per byte of the JSON a contract returns, in SDK gas. wasmd `x/wasm/keeper/api.go`
/// (`DefaultDeserializationCostPerByte`, multiplied by the gas multiplier for wasmvm).
pub const DESERIALIZATION_COST_PER_BYTE: u64 = 1;
/// Host API prices in SDK gas. wasmd `x/wasm/keeper/api.go` (`DefaultGasCostHumanAddress`,
/// `DefaultGasCostCanonicalAddress`, `DefaultGasCostValidateAddress`).
pub const HUMANIZE_COST: u64 = 5;
/// See [`HUMANIZE_COST`].
pub const CANONICALIZE_COST: u64 = 4;
/// See [`HUMANIZE_COST`].
pub const VALIDATE_ADDRESS_COST: u64 = 9;

/// SDK `store/types/gas.go` `KVGasConfig`: `HasCost`.
pub const KV_HAS_COST: u64 = 1_000;
/// SDK `store/types/gas.go` `KVGasConfig`: `DeleteCost`.
pub const KV_DELETE_COST: u64 = 1_000;
/// SDK `store/types/gas.go` `KVGasConfig`: `ReadCostFlat`.
pub const KV_READ_COST_FLAT: u64 = 1_000;
/// SDK `store/types/gas.go` `KVGasConfig`: `ReadCostPerByte` (key and value; iterator bytes).
pub const KV_READ_COST_PER_BYTE: u64 = 3;
/// SDK `store/types/gas.go` `KVGasConfig`: `WriteCostFlat`.
pub const KV_WRITE_COST_FLAT: u64 = 2_000;
/// SDK `store/types/gas.go` `KVGasConfig`: `WriteCostPerByte`.
pub const KV_WRITE_COST_PER_BYTE: u64 = 30;
/// SDK `store/types/gas.go` `KVGasConfig`: `IterNextCostFlat` (also on iterator creation,
/// `store/gaskv/store.go` `consumeSeekGas`).
pub const KV_ITER_NEXT_COST_FLAT: u64 = 30;
/// wasmd's contract store prefix: `0x03` plus the 32-byte contract address
/// (`x/wasm/types/keys.go` `GetContractStorePrefix`); the metered store sees it in every key.
pub const CONTRACT_KEY_PREFIX_LEN: usize = 33;

/// x/auth params `TxSizeCostPerByte` (SDK `x/auth/types/params.go`).
pub const TX_SIZE_COST_PER_BYTE: u64 = 10;
/// x/auth params `SigVerifyCostSecp256k1` (SDK `x/auth/types/params.go`).
pub const SIG_VERIFY_COST_SECP256K1: u64 = 1_000;
/// Bytes of a signed single-signer tx around its message: `AuthInfo` (secp256k1 public key
/// `Any`, sign mode, sequence, fee with gas limit) about 100, the 64-byte signature and the
/// `TxRaw`/`TxBody` framing. An estimate of SDK `types/tx/tx.pb.go` sizes; the message itself is
/// measured exactly (see `Chain::tx_size`).
pub const TX_ENVELOPE_BYTES: u64 = 180;

/// The gas limit of a client's smart query (wasmd `x/wasm/types/types.go`,
/// `defaultSmartQueryGasLimit` in `DefaultNodeConfig`).
pub const SMART_QUERY_GAS_LIMIT: u64 = 3_000_000;
/// wasmd `x/wasm/types/validation.go` `MaxWasmSize` (800 KiB).
pub const MAX_WASM_SIZE: usize = 800 * 1024;
/// wasmd `x/wasm/types/validation.go` `MaxLabelSize`.
pub const MAX_LABEL_SIZE: usize = 128;
/// wasmd `x/wasm/keeper/keeper.go` `contractMemoryLimit` (MiB).
pub const CONTRACT_MEMORY_LIMIT_MIB: usize = 32;
/// wasmd `x/wasm/keeper/options.go` default `maxQueryStackSize`.
pub const MAX_QUERY_STACK_SIZE: u32 = 10;
/// wasmd `x/wasm/keeper/options.go` default `maxCallDepth`.
pub const MAX_CALL_DEPTH: u32 = 500;

/// The capabilities stock wasmd offers: `x/wasm/keeper/capabilities.go`
/// (`BuiltInCapabilities`): no `cosmwasm_3_0`.
pub const CAPABILITIES: &[&str] = &[
    "iterator",
    "staking",
    "stargate",
    "cosmwasm_1_1",
    "cosmwasm_1_2",
    "cosmwasm_1_3",
    "cosmwasm_1_4",
    "cosmwasm_2_0",
    "cosmwasm_2_1",
    "cosmwasm_2_2",
    "ibc2",
];

/// SDK gas of a metered read (`store/gaskv/store.go` `Get`).
pub fn read_cost(key_len: usize, value_len: usize) -> u64 {
    KV_READ_COST_FLAT + KV_READ_COST_PER_BYTE * (key_len as u64 + value_len as u64)
}

/// SDK gas of a metered write (`store/gaskv/store.go` `Set`).
pub fn write_cost(key_len: usize, value_len: usize) -> u64 {
    KV_WRITE_COST_FLAT + KV_WRITE_COST_PER_BYTE * (key_len as u64 + value_len as u64)
}

/// SDK gas of one iterator step over an item (`store/gaskv/store.go` `consumeSeekGas`).
pub fn iter_item_cost(key_len: usize, value_len: usize) -> u64 {
    KV_ITER_NEXT_COST_FLAT + KV_READ_COST_PER_BYTE * (key_len as u64 + value_len as u64)
}

/// The setup cost of a contract call (wasmd `SetupContractCost`).
pub fn setup_cost(discount: bool, msg_len: usize) -> u64 {
    let base = if discount {
        INSTANCE_COST_DISCOUNT
    } else {
        INSTANCE_COST
    };
    base + CONTRACT_MESSAGE_DATA_COST * msg_len as u64
}

fn attribute_costs(attrs: &[(String, String)], free_tier: u64) -> (u64, u64) {
    if attrs.is_empty() {
        return (0, free_tier);
    }
    let stored: u64 = attrs
        .iter()
        .map(|(k, v)| k.len() as u64 + v.len() as u64)
        .sum();
    let (charged, left) = if stored <= free_tier {
        (0, free_tier - stored)
    } else {
        (stored - free_tier, 0)
    };
    (
        EVENT_ATTRIBUTE_DATA_COST * charged + PER_ATTRIBUTE_COST * attrs.len() as u64,
        left,
    )
}

/// Gas of a contract response's attributes and custom events (wasmd `EventCosts`).
pub fn event_costs(attrs: &[(String, String)], events: &[(String, Vec<(String, String)>)]) -> u64 {
    let (mut gas, mut free) = attribute_costs(attrs, EVENT_ATTRIBUTE_DATA_FREE_TIER);
    for (ty, ev_attrs) in events {
        gas += PER_CUSTOM_EVENT_COST + EVENT_ATTRIBUTE_DATA_COST * ty.len() as u64;
        let (g, f) = attribute_costs(ev_attrs, free);
        gas += g;
        free = f;
    }
    gas
}

/// Gas of a reply before the call (wasmd `ReplyCosts`, always discounted).
pub fn reply_costs(
    err_len: usize,
    data_len: usize,
    events: &[(String, Vec<(String, String)>)],
) -> u64 {
    let mut gas = 0;
    let mut attrs = Vec::new();
    for (ty, ev_attrs) in events {
        gas += EVENT_ATTRIBUTE_DATA_COST * ty.len() as u64;
        attrs.extend(ev_attrs.iter().cloned());
    }
    gas += event_costs(&attrs, &[]);
    gas + setup_cost(true, err_len + data_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_costs_follow_wasmd() {
        // 2 attributes, 20 bytes: inside the free tier.
        let attrs = vec![
            ("action".to_string(), "transfer".to_string()),
            ("amount".to_string(), "10".to_string()),
        ];
        assert_eq!(event_costs(&attrs, &[]), 20);
        // 120 bytes: 20 past the free tier.
        let long = vec![("k".repeat(60), "v".repeat(60))];
        assert_eq!(event_costs(&long, &[]), 10 + 20);
        // A custom event: 20 + type bytes, free tier shared.
        let ev = vec![("wasm-x".to_string(), attrs.clone())];
        assert_eq!(event_costs(&attrs, &ev), 20 + 20 + 6 + 20);
    }

    #[test]
    fn kv_costs_follow_the_sdk() {
        assert_eq!(read_cost(33 + 5, 10), 1_000 + 3 * 48);
        assert_eq!(write_cost(33 + 5, 10), 2_000 + 30 * 48);
        assert_eq!(iter_item_cost(40, 2), 30 + 3 * 42);
        assert_eq!(setup_cost(false, 100), 60_000);
        assert_eq!(setup_cost(true, 100), 2_000);
    }
}
