//! Errors as wasmd reports them: a codespace, a code and a log line.

/// A failed message or transaction: what a `TxResponse` shows in `codespace`, `code` and
/// `raw_log`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{log}")]
pub struct ChainError {
    /// `wasm` or `sdk` (or `local-chain` for failures of this engine itself).
    pub codespace: &'static str,
    /// The ABCI code (wasmd `x/wasm/types/errors.go`, SDK `types/errors/errors.go`).
    pub code: u32,
    /// The log line, wasmd style: `<detail>: <registered error text>`.
    pub log: String,
    /// Deterministic errors (contract errors) are shown to a replying contract in full; the
    /// others are redacted to `codespace: <c>, code: <n>` (wasmd `redactError`).
    pub deterministic: bool,
}

impl ChainError {
    fn new(codespace: &'static str, code: u32, log: String, deterministic: bool) -> Self {
        ChainError {
            codespace,
            code,
            log,
            deterministic,
        }
    }
    /// A failure of the engine itself (database, cache).
    pub fn internal(msg: impl Into<String>) -> Self {
        Self::new("local-chain", 1, msg.into(), false)
    }
    /// wasmd `ErrCreateFailed` (2).
    pub fn create_failed(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            2,
            format!("{msg}: create wasm contract failed"),
            false,
        )
    }
    /// wasmd `ErrInstantiateFailed` (4), a contract error.
    pub fn instantiate_failed(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            4,
            format!("{msg}: instantiate wasm contract failed"),
            true,
        )
    }
    /// wasmd `ErrExecuteFailed` (5), a contract error.
    pub fn execute_failed(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            5,
            format!("{msg}: execute wasm contract failed"),
            true,
        )
    }
    /// wasmd `ErrQueryFailed` (9), a contract error.
    pub fn query_failed(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            9,
            format!("{msg}: query wasm contract failed"),
            true,
        )
    }
    /// wasmd `ErrMigrationFailed` (11), a contract error.
    pub fn migration_failed(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            11,
            format!("{msg}: migrate wasm contract failed"),
            true,
        )
    }
    /// wasmd `ErrEmpty` (12).
    pub fn empty(what: &str) -> Self {
        Self::new("wasm", 12, format!("{what}: empty"), false)
    }
    /// wasmd `ErrLimit` (13).
    pub fn limit(msg: impl std::fmt::Display) -> Self {
        Self::new("wasm", 13, format!("{msg}: exceeds limit"), false)
    }
    /// wasmd `ErrInvalid` (14).
    pub fn invalid(msg: impl std::fmt::Display) -> Self {
        Self::new("wasm", 14, format!("{msg}: invalid"), false)
    }
    /// wasmd `ErrDuplicate` (15).
    pub fn duplicate(msg: impl std::fmt::Display) -> Self {
        Self::new("wasm", 15, format!("{msg}: duplicate"), false)
    }
    /// wasmd `ErrUnknownMsg` (20).
    pub fn unknown_msg(msg: impl std::fmt::Display) -> Self {
        Self::new(
            "wasm",
            20,
            format!("{msg}: unknown message from the contract"),
            false,
        )
    }
    /// wasmd `ErrNoSuchContractFn` (22).
    pub fn no_such_contract(addr: &str) -> Self {
        Self::new(
            "wasm",
            22,
            format!("address {addr}: no such contract"),
            false,
        )
    }
    /// wasmd `ErrExceedMaxQueryStackSize` (27).
    pub fn query_stack() -> Self {
        Self::new("wasm", 27, "max query stack size exceeded".into(), false)
    }
    /// wasmd `ErrNoSuchCodeFn` (28).
    pub fn no_such_code(code_id: u64) -> Self {
        Self::new(
            "wasm",
            28,
            format!("code id {code_id}: no such code"),
            false,
        )
    }
    /// wasmd `ErrVMError` (29).
    pub fn vm(msg: impl std::fmt::Display) -> Self {
        Self::new("wasm", 29, format!("{msg}: wasmvm error"), false)
    }
    /// wasmd `ErrExceedMaxCallDepth` (30).
    pub fn call_depth() -> Self {
        Self::new("wasm", 30, "max call depth exceeded".into(), false)
    }
    /// SDK `ErrUnauthorized` (4).
    pub fn unauthorized(msg: impl std::fmt::Display) -> Self {
        Self::new("sdk", 4, format!("{msg}: unauthorized"), false)
    }
    /// SDK `ErrInsufficientFunds` (5).
    pub fn insufficient_funds(msg: impl std::fmt::Display) -> Self {
        Self::new("sdk", 5, format!("{msg}: insufficient funds"), false)
    }
    /// SDK `ErrInvalidAddress` (7).
    pub fn invalid_address(msg: impl std::fmt::Display) -> Self {
        Self::new("sdk", 7, format!("{msg}: invalid address"), false)
    }
    /// SDK `ErrInvalidCoins` (10).
    pub fn invalid_coins(msg: impl std::fmt::Display) -> Self {
        Self::new("sdk", 10, format!("{msg}: invalid coins"), false)
    }
    /// SDK `ErrOutOfGas` (11).
    pub fn out_of_gas(limit: u64, used: u64) -> Self {
        Self::new(
            "sdk",
            11,
            format!("out of gas; gasWanted: {limit}, gasUsed: {used}: out of gas"),
            false,
        )
    }
    /// SDK `ErrInvalidRequest` (18).
    pub fn invalid_request(msg: impl std::fmt::Display) -> Self {
        Self::new("sdk", 18, format!("{msg}: invalid request"), false)
    }
    /// Whether this is an out-of-gas error.
    pub fn is_out_of_gas(&self) -> bool {
        self.codespace == "sdk" && self.code == 11
    }
    /// Prefixes the log with context (`dispatch: `, `reply: `, ...).
    pub fn wrap(mut self, ctx: &str) -> Self {
        self.log = format!("{ctx}: {}", self.log);
        self
    }
    /// baseapp's wrapping of a failed message: `failed to execute message; message index: N: `.
    pub fn wrap_index(mut self, index: usize) -> Self {
        self.log = format!(
            "failed to execute message; message index: {index}: {}",
            self.log
        );
        self
    }
    /// What a replying contract sees (wasmd `redactError`).
    pub fn redacted(&self) -> String {
        if self.deterministic {
            self.log.clone()
        } else {
            format!("codespace: {}, code: {}", self.codespace, self.code)
        }
    }
}
