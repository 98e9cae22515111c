mod backtrace;
mod recover_pubkey_error;
mod std_error;
mod system_error;
mod verification_error;

pub(crate) use backtrace::BT;
pub use recover_pubkey_error::RecoverPubkeyError;
pub use std_error::{
    CheckedFromRatioError, CheckedMultiplyFractionError, CheckedMultiplyRatioError,
    CoinFromStrError, CoinsError, ConversionOverflowError, DivideByZeroError, DivisionError,
    ErrorKind, OverflowError, OverflowOperation, RoundDownOverflowError, RoundUpOverflowError,
    StdError, StdResult, StdResultExt,
};
pub use system_error::SystemError;
pub use verification_error::{AggregationError, PairingEqualityError, VerificationError};
