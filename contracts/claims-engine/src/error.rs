use cosmwasm_std::StdError;
use cw_health_types::migration::MigrationError;
use cw_health_types::ownership::OwnershipError;
use cw_health_types::payment::PaymentError;
use cw_health_types::ValidationError;
use thiserror::Error;

/// Every way a message to this contract can fail. A failed message changes nothing.
#[derive(Error, Debug)]
pub enum ContractError {
    #[error("{0}")]
    Std(#[from] StdError),

    #[error("{0}")]
    Ownership(#[from] OwnershipError),

    #[error("{0}")]
    Migration(#[from] MigrationError),

    #[error("{0}")]
    Payment(#[from] PaymentError),

    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),
}
