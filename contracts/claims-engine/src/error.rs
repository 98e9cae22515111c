use cosmwasm_std::{CheckedMultiplyRatioError, ConversionOverflowError, OverflowError, StdError};
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

    #[error("{0}")]
    Overflow(#[from] OverflowError),

    #[error("{0}")]
    MultiplyRatio(#[from] CheckedMultiplyRatioError),

    #[error("{0}")]
    Conversion(#[from] ConversionOverflowError),

    #[error("invalid input: {0}")]
    Validation(#[from] ValidationError),

    #[error("unauthorized: only {required} may do this")]
    Unauthorized { required: String },

    #[error("{kind} {id} not found")]
    NotFound { kind: String, id: String },

    #[error("query to {contract} at {address} failed: {error}")]
    ContractQuery {
        contract: String,
        address: String,
        error: String,
    },

    #[error("{address} is not an active {required} party of ehr-registry")]
    PartyNotEligible { address: String, required: String },

    #[error("member {member} is not enrolled in plan {plan_id}")]
    NotEnrolled { plan_id: u64, member: String },

    #[error("invalid {field}: {reason}")]
    InvalidInput { field: String, reason: String },

    #[error("{kind} {id} is {status}, expected {expected}")]
    WrongStatus {
        kind: String,
        id: u64,
        status: String,
        expected: String,
    },

    #[error("claim {original} cannot be corrected: {reason}")]
    InvalidCorrection { original: u64, reason: String },

    #[error("the appeal window of {kind} {id} closed at {closed_at}")]
    AppealWindowClosed {
        kind: String,
        id: u64,
        closed_at: u64,
    },

    #[error("claim {claim_id} has no denied line to appeal")]
    NothingToAppeal { claim_id: u64 },

    #[error("{kind} {id} already has appeal {appeal_id}")]
    AppealExists {
        kind: String,
        id: u64,
        appeal_id: u64,
    },

    #[error("the original adjuster of {kind} {id} may not decide its appeal")]
    SameAdjuster { kind: String, id: u64 },

    #[error("only an independent review organization may decide external review {appeal_id}, never the plan's insurer or adjusters")]
    NotIndependentReviewer { appeal_id: u64 },

    #[error("the provider or member of {kind} {id} may not decide it")]
    ConflictOfInterest { kind: String, id: u64 },

    #[error("insufficient available funds: {available} available, {requested} requested")]
    InsufficientFunds {
        available: String,
        requested: String,
    },

    #[error("claims are waiting for payment in plan {plan_id}")]
    PaymentsPending { plan_id: u64 },

    #[error("claim {claim_id} is the prior payer's claim of claim {secondary_claim_id}: void the secondary claim first")]
    SecondaryClaimRests {
        claim_id: u64,
        secondary_claim_id: u64,
    },

    #[error("{billing_provider} may not bill for {rendering_provider}: no billing authorization (reassignment) from the rendering provider was in force on the date of service ({date_of_service})")]
    BillingNotAuthorized {
        billing_provider: String,
        rendering_provider: String,
        date_of_service: String,
    },

    #[error("line {line} of claim {claim_id} does not balance: charge != paid + adjustments")]
    LineImbalance { claim_id: u64, line: u32 },
}

impl ContractError {
    /// Shorthand for [`ContractError::InvalidInput`].
    pub fn invalid(field: &str, reason: impl Into<String>) -> Self {
        ContractError::InvalidInput {
            field: field.to_string(),
            reason: reason.into(),
        }
    }

    /// Shorthand for [`ContractError::NotFound`].
    pub fn not_found(kind: &str, id: impl ToString) -> Self {
        ContractError::NotFound {
            kind: kind.to_string(),
            id: id.to_string(),
        }
    }

    /// A query to another contract failed: names the contract and the address asked.
    pub fn query_failed(contract: &str, address: &cosmwasm_std::Addr, error: StdError) -> Self {
        ContractError::ContractQuery {
            contract: contract.to_string(),
            address: address.to_string(),
            error: error.to_string(),
        }
    }

    /// Shorthand for [`ContractError::Unauthorized`].
    pub fn unauthorized(required: &str) -> Self {
        ContractError::Unauthorized {
            required: required.to_string(),
        }
    }
}
