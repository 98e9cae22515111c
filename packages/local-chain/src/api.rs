//! Addresses: bech32 with the chain's prefix, priced as wasmd's `x/wasm/keeper/api.go`.

use bech32::primitives::decode::CheckedHrpstring;
use bech32::{Bech32, Hrp};
use cosmwasm_vm::{BackendApi, BackendError, BackendResult, GasInfo};

use crate::gas;

/// The host API a contract calls for addresses.
#[derive(Clone, Debug)]
pub struct ChainApi {
    prefix: String,
}

impl ChainApi {
    pub(crate) fn new(prefix: &str) -> Self {
        ChainApi {
            prefix: prefix.to_string(),
        }
    }

    /// Decodes a bech32 address of this chain into its bytes.
    pub fn canonicalize(&self, input: &str) -> Result<Vec<u8>, String> {
        let hrp = CheckedHrpstring::new::<Bech32>(input)
            .map_err(|e| format!("decoding bech32 failed: {e}"))?;
        if !hrp
            .hrp()
            .as_bytes()
            .eq_ignore_ascii_case(self.prefix.as_bytes())
        {
            return Err(format!("invalid Bech32 prefix; expected {}", self.prefix));
        }
        let bytes: Vec<u8> = hrp.byte_iter().collect();
        if bytes.is_empty() || bytes.len() > 255 {
            return Err(format!("address length {} not in 1..=255", bytes.len()));
        }
        Ok(bytes)
    }

    /// Encodes address bytes with this chain's prefix.
    pub fn humanize(&self, canonical: &[u8]) -> Result<String, String> {
        if canonical.is_empty() || canonical.len() > 255 {
            return Err(format!("address length {} not in 1..=255", canonical.len()));
        }
        let hrp = Hrp::parse(&self.prefix).map_err(|e| format!("invalid prefix: {e}"))?;
        bech32::encode::<Bech32>(hrp, canonical).map_err(|e| format!("encoding bech32 failed: {e}"))
    }

    /// Checks that `input` is a normalized address of this chain.
    pub fn validate(&self, input: &str) -> Result<Vec<u8>, String> {
        let canonical = self.canonicalize(input)?;
        if self.humanize(&canonical)? != input {
            return Err("address not normalized".to_string());
        }
        Ok(canonical)
    }
}

fn cost(sdk_gas: u64) -> GasInfo {
    GasInfo::with_cost(sdk_gas * gas::GAS_MULTIPLIER)
}

impl BackendApi for ChainApi {
    fn addr_validate(&self, input: &str) -> BackendResult<()> {
        let g = cost(gas::VALIDATE_ADDRESS_COST);
        (
            self.validate(input)
                .map(|_| ())
                .map_err(BackendError::user_err),
            g,
        )
    }

    fn addr_canonicalize(&self, human: &str) -> BackendResult<Vec<u8>> {
        let g = cost(gas::CANONICALIZE_COST);
        (self.canonicalize(human).map_err(BackendError::user_err), g)
    }

    fn addr_humanize(&self, canonical: &[u8]) -> BackendResult<String> {
        let g = cost(gas::HUMANIZE_COST);
        (self.humanize(canonical).map_err(BackendError::user_err), g)
    }
}
