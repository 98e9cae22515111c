//! Payment guards applied at dispatch (no cw-utils dependency).

use cosmwasm_std::MessageInfo;
use thiserror::Error;

/// Why the funds attached to a message were refused.
#[derive(Error, Debug, Clone, PartialEq, Eq)]
pub enum PaymentError {
    #[error("this message does not accept funds")]
    NonPayable,
    #[error("no funds sent; expected {denom}")]
    NoFunds { denom: String },
    #[error("send exactly one coin, of {denom}")]
    MultipleDenoms { denom: String },
    #[error("wrong denom {sent}; expected {denom}")]
    WrongDenom { sent: String, denom: String },
}

/// Refuses any attached funds.
pub fn nonpayable(info: &MessageInfo) -> Result<(), PaymentError> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(PaymentError::NonPayable)
    }
}

/// Requires exactly one non-zero coin of `denom` and returns its amount.
pub fn must_pay(info: &MessageInfo, denom: &str) -> Result<cosmwasm_std::Uint256, PaymentError> {
    match info.funds.as_slice() {
        [] => Err(PaymentError::NoFunds {
            denom: denom.to_string(),
        }),
        [coin] if coin.denom != denom => Err(PaymentError::WrongDenom {
            sent: coin.denom.clone(),
            denom: denom.to_string(),
        }),
        [coin] if coin.amount.is_zero() => Err(PaymentError::NoFunds {
            denom: denom.to_string(),
        }),
        [coin] => Ok(coin.amount),
        _ => Err(PaymentError::MultipleDenoms {
            denom: denom.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::message_info;
    use cosmwasm_std::{coin, coins, Addr};

    #[test]
    fn guards() {
        let a = Addr::unchecked("a");
        assert_eq!(nonpayable(&message_info(&a, &[])), Ok(()));
        assert_eq!(
            nonpayable(&message_info(&a, &coins(1, "x"))),
            Err(PaymentError::NonPayable)
        );
        assert_eq!(
            must_pay(&message_info(&a, &coins(5, "x")), "x")
                .unwrap()
                .to_string(),
            "5"
        );
        assert!(matches!(
            must_pay(&message_info(&a, &[]), "x"),
            Err(PaymentError::NoFunds { .. })
        ));
        assert!(matches!(
            must_pay(&message_info(&a, &coins(0, "x")), "x"),
            Err(PaymentError::NoFunds { .. })
        ));
        assert!(matches!(
            must_pay(&message_info(&a, &coins(5, "y")), "x"),
            Err(PaymentError::WrongDenom { .. })
        ));
        assert!(matches!(
            must_pay(&message_info(&a, &[coin(1, "x"), coin(1, "y")]), "x"),
            Err(PaymentError::MultipleDenoms { .. })
        ));
    }
}
