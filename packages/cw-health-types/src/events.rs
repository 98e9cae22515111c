//! Event attribute helpers.

use serde::Serialize;

/// The JSON code of a value (an enum variant such as `in_transit`, or a number), for event
/// attributes, so indexers read the same codes as the JSON API and the schema.
/// Struct-like values give their compact JSON.
pub fn json_code<T: Serialize>(value: &T) -> String {
    match cosmwasm_std::to_json_string(value) {
        Ok(s) => s.trim_matches('"').to_string(),
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{PurposeOfUse, SecurityLabel};

    #[test]
    fn codes_are_the_json_codes() {
        assert_eq!(json_code(&PurposeOfUse::Payment), "HPAYMT");
        assert_eq!(json_code(&SecurityLabel::SubstanceUse), "ETH");
        assert_eq!(json_code(&42u64), "42");
        #[cosmwasm_schema::cw_serde]
        enum Status {
            InTransit,
            Held { days: u32 },
        }
        assert_eq!(json_code(&Status::InTransit), "in_transit");
        assert_eq!(
            json_code(&Status::Held { days: 2 }),
            r#"{"held":{"days":2}}"#
        );
    }
}
