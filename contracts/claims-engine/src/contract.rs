//! Entry points and dispatch only; the work is in `execute` and `query`.

#[cfg(not(feature = "library"))]
use cosmwasm_std::entry_point;
use cosmwasm_std::{Binary, Deps, DepsMut, Env, MessageInfo, Response};
use cw_health_types::claims_engine::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
use cw_health_types::payment::nonpayable;

use crate::error::ContractError;
use crate::{appeal_decide, appeals, claims, execute, prior_auth, query};

/// The cw2 contract name.
pub const CONTRACT_NAME: &str = concat!("crates.io:", env!("CARGO_PKG_NAME"));
/// The cw2 contract version.
pub const CONTRACT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The versions whose storage layout this code does not read (`[from, until)`): migration from
/// such a state is refused. 0.2.0 stores claims compactly (`stored.rs`, issue 20); the
/// pre-release skeleton (0.0.x) held no claims and migrates.
pub const OLD_STORAGE_LAYOUT: (&str, &str) = ("0.1.0", "0.2.0");

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn instantiate(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    nonpayable(&info)?;
    cw2::set_contract_version(deps.storage, CONTRACT_NAME, CONTRACT_VERSION)?;
    execute::instantiate(deps, env, info, msg)
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn execute(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: ExecuteMsg,
) -> Result<Response, ContractError> {
    // Payment policy: only FundPool takes funds (the plan's denom, checked in the handler with
    // `must_pay` after the insurer check); every other message is non-payable.
    if !matches!(msg, ExecuteMsg::FundPool { .. }) {
        nonpayable(&info)?;
    }
    match msg {
        ExecuteMsg::UpdateOwnership(action) => execute::update_ownership(deps, env, info, action),
        ExecuteMsg::CreatePlan(input) => execute::create_plan(deps, env, info, input),
        ExecuteMsg::SetAdjusters { plan_id, adjusters } => {
            execute::set_adjusters(deps, info, plan_id, adjusters)
        }
        ExecuteMsg::FundPool { plan_id } => execute::fund_pool(deps, env, info, plan_id),
        ExecuteMsg::WithdrawFunds { plan_id, amount } => {
            execute::withdraw_funds(deps, info, plan_id, amount)
        }
        ExecuteMsg::EnrollMember(input) => execute::enroll_member(deps, env, info, input),
        ExecuteMsg::UpdateNetwork {
            plan_id,
            add,
            remove,
        } => crate::network::update_network(deps, info, plan_id, add, remove),
        ExecuteMsg::UpdatePairEdits {
            plan_id,
            add,
            remove,
        } => crate::ncci::update_pair_edits(deps, info, plan_id, add, remove),
        ExecuteMsg::SetPayerOrder { plan_ids } => {
            crate::cob::set_payer_order(deps, env, info, plan_ids)
        }
        ExecuteMsg::SubmitClaim(sub) => claims::submit_claim(deps, env, info, sub),
        ExecuteMsg::ReviewClaim { claim_id, decision } => {
            claims::review_claim(deps, env, info, claim_id, decision)
        }
        ExecuteMsg::RequestPriorAuth(req) => prior_auth::request_prior_auth(deps, env, info, req),
        ExecuteMsg::DecidePriorAuth { auth_id, decision } => {
            prior_auth::decide_prior_auth(deps, env, info, auth_id, decision)
        }
        ExecuteMsg::UpdateConfig {
            ehr_registry,
            drug_provenance,
            payout_batch_limit,
            review_organizations,
        } => execute::update_config(
            deps,
            info,
            ehr_registry,
            drug_provenance,
            payout_batch_limit,
            review_organizations,
        ),
        ExecuteMsg::FileAppeal {
            claim_id,
            evidence,
            lines,
            kind,
        } => appeals::file_appeal(
            deps,
            env,
            info,
            claim_id,
            evidence,
            lines,
            kind.unwrap_or_default(),
        ),
        ExecuteMsg::DecideAppeal {
            appeal_id,
            outcome,
            allowed,
        } => appeal_decide::decide_appeal(deps, env, info, appeal_id, outcome, allowed),
        ExecuteMsg::ProcessPaymentQueue { plan_id, limit } => {
            execute::process_payment_queue(deps, env, plan_id, limit)
        }
        ExecuteMsg::SetTelehealthRules { plan_id, rules } => {
            crate::telehealth::set_telehealth_rules(deps, env, info, plan_id, rules)
        }
        ExecuteMsg::SetRpmRules { plan_id, rules } => {
            crate::rpm::set_rpm_rules(deps, env, info, plan_id, rules)
        }
        ExecuteMsg::AuthorizeBilling {
            billing_provider,
            effective_from,
        } => crate::reassignment::authorize_billing(
            deps,
            env,
            info,
            billing_provider,
            effective_from,
        ),
        ExecuteMsg::EndBillingAuthorization {
            rendering_provider,
            billing_provider,
        } => crate::reassignment::end_billing_authorization(
            deps,
            env,
            info,
            rendering_provider,
            billing_provider,
        ),
    }
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> Result<Binary, ContractError> {
    Ok(match msg {
        QueryMsg::Config {} => cw_health_types::store::to_binary(&query::config(deps)?)?,
        QueryMsg::Ownership {} => cw_health_types::store::to_binary(&query::ownership(deps)?)?,
        QueryMsg::Plan { plan_id } => {
            cw_health_types::store::to_binary(&query::plan(deps, plan_id)?)?
        }
        QueryMsg::Plans { start_after, limit } => {
            cw_health_types::store::to_binary(&query::plans(deps, start_after, limit)?)?
        }
        QueryMsg::Benefits {
            plan_id,
            start_after,
            limit,
        } => {
            cw_health_types::store::to_binary(&query::benefits(deps, plan_id, start_after, limit)?)?
        }
        QueryMsg::Pool { plan_id } => {
            cw_health_types::store::to_binary(&query::pool(deps, plan_id)?)?
        }
        QueryMsg::PaymentQueue {
            plan_id,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::payment_queue(
            deps,
            plan_id,
            start_after,
            limit,
        )?)?,
        QueryMsg::Enrollment { plan_id, member } => {
            cw_health_types::store::to_binary(&query::enrollment(deps, plan_id, member)?)?
        }
        QueryMsg::Claim { claim_id } => {
            cw_health_types::store::to_binary(&query::claim(deps, claim_id)?)?
        }
        QueryMsg::Claims {
            member,
            provider,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::claims(
            deps,
            member,
            provider,
            start_after,
            limit,
        )?)?,
        QueryMsg::Remittance { claim_id } => {
            cw_health_types::store::to_binary(&query::remittance_of(deps, claim_id)?)?
        }
        QueryMsg::Remittances {
            provider,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::remittances(
            deps,
            provider,
            start_after,
            limit,
        )?)?,
        QueryMsg::Eob {
            member,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::eob(deps, member, start_after, limit)?)?,
        QueryMsg::Accumulators {
            plan_id,
            member,
            plan_year,
        } => cw_health_types::store::to_binary(&query::accumulators(
            deps, env, plan_id, member, plan_year,
        )?)?,
        QueryMsg::PriorAuth { auth_id } => {
            cw_health_types::store::to_binary(&query::prior_auth(deps, auth_id)?)?
        }
        QueryMsg::OverduePriorAuths {
            plan_id,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::overdue_prior_auths(
            deps,
            env,
            plan_id,
            start_after,
            limit,
        )?)?,
        QueryMsg::PriorAuthMetrics { plan_id } => {
            cw_health_types::store::to_binary(&query::prior_auth_metrics(deps, plan_id)?)?
        }
        QueryMsg::Appeal { appeal_id } => {
            cw_health_types::store::to_binary(&query::appeal(deps, appeal_id)?)?
        }
        QueryMsg::OverdueAppeals {
            plan_id,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::overdue_appeals(
            deps,
            env,
            plan_id,
            start_after,
            limit,
        )?)?,
        QueryMsg::OverduePayments {
            plan_id,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&query::overdue_payments(
            deps,
            env,
            plan_id,
            start_after,
            limit,
        )?)?,
        QueryMsg::Network {
            plan_id,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&crate::network::network(
            deps,
            plan_id,
            start_after,
            limit,
        )?)?,
        QueryMsg::PairEdits {
            plan_id,
            column2,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&crate::ncci::pair_edits(
            deps,
            plan_id,
            column2,
            start_after,
            limit,
        )?)?,
        QueryMsg::PayerOrder { member, at } => {
            cw_health_types::store::to_binary(&query::payer_order(deps, env, member, at)?)?
        }
        QueryMsg::ProviderBalance { plan_id, provider } => {
            cw_health_types::store::to_binary(&query::provider_balance(deps, plan_id, provider)?)?
        }
        QueryMsg::TelehealthRules { plan_id } => cw_health_types::store::to_binary(
            &crate::telehealth::telehealth_rules(deps.storage, plan_id)?,
        )?,
        QueryMsg::RpmRules { plan_id } => {
            cw_health_types::store::to_binary(&crate::rpm::rpm_rules(deps.storage, plan_id)?)?
        }
        QueryMsg::BillingAuthorization {
            rendering_provider,
            billing_provider,
        } => cw_health_types::store::to_binary(&crate::reassignment::billing_authorization(
            deps,
            rendering_provider,
            billing_provider,
        )?)?,
        QueryMsg::BillingAuthorizations {
            rendering_provider,
            start_after,
            limit,
        } => cw_health_types::store::to_binary(&crate::reassignment::billing_authorizations(
            deps,
            rendering_provider,
            start_after,
            limit,
        )?)?,
    })
}

#[cfg_attr(not(feature = "library"), entry_point)]
pub fn migrate(deps: DepsMut, _env: Env, _msg: MigrateMsg) -> Result<Response, ContractError> {
    // A 0.1.x state (claims, enrollments and payer orders stored as the API types, with separate
    // counts) is refused, not misread.
    let from = cw_health_types::migration::ensure_from_layout(
        deps.storage,
        CONTRACT_NAME,
        CONTRACT_VERSION,
        OLD_STORAGE_LAYOUT,
    )?;
    // No reindexing: the pair edits' by-column-1 index came with them (0.1.0), and a state that
    // holds pair edits (0.1.x) is refused above.
    Ok(Response::new()
        .add_attribute("action", "migrate")
        .add_attribute("from_version", from.to_string())
        .add_attribute("to_version", CONTRACT_VERSION))
}
