use cosmwasm_std::{Addr, StdResult};
use cw_health_types::trial_anchor::{ExecuteMsg, QueryMsg};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::Suite;

/// Typed helpers for the suite's trial-anchor (`suite.trial()`).
pub struct TrialAnchor<'a> {
    pub(crate) suite: &'a mut Suite,
}

impl TrialAnchor<'_> {
    /// The contract's address.
    pub fn addr(&self) -> Addr {
        self.suite.trial_addr.clone()
    }

    /// Executes any message as `sender`.
    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        let contract = self.suite.trial_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// Runs any query.
    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.trial_addr, msg)
    }
}
