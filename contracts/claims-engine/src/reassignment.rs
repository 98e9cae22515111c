//! Reassignment of benefits (Medicare's CMS-855R; the 837's rendering provider, loop 2310B,
//! apart from the billing provider, loop 2010AA): a rendering provider authorizes a billing
//! provider to bill for the services it renders. A claim whose rendering provider is not its
//! sender is accepted only under such an authorization in force on the date of service, so no
//! provider is paid for another's work by naming them.
//!
//! One record per (rendering provider, billing provider): its periods, oldest first (at most
//! `MAX_BILLING_PERIODS`). An end is prospective: services rendered before it stay billable.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Order, Response, Storage, Timestamp};
use cw_health_types::claims_engine::codes::{
    DAY_SECONDS, MAX_BILLING_PERIODS, MAX_BILLING_RETROACTIVE_DAYS,
};
use cw_health_types::claims_engine::{
    BillingAuthorization, BillingAuthorizationsResponse, BillingPeriod,
};
use cw_health_types::pagination::clamp_limit;
use cw_health_types::pagination::TryCollect;
use cw_health_types::store::{ReadMap, WriteMap};
use cw_storage_plus::{Bound, Map};

use crate::common::assert_provider;
use crate::error::ContractError;
use crate::state::load_config;

/// (rendering provider, billing provider) -> the authorization and its periods.
pub const BILLING_AUTHORIZATIONS: Map<(&Addr, &Addr), BillingAuthorization> =
    Map::new("billing_auth");

/// Refuses a claim by `billing` naming `rendering` (when not the sender) unless the rendering
/// provider's authorization of the billing provider covers the date of service (one read).
pub fn assert_may_bill(
    storage: &dyn Storage,
    billing: &Addr,
    rendering: Option<&Addr>,
    date_of_service: Timestamp,
) -> Result<(), ContractError> {
    let Some(rendering) = rendering.filter(|r| *r != billing) else {
        return Ok(());
    };
    let covered = BILLING_AUTHORIZATIONS
        .may_read(storage, (rendering, billing))?
        .is_some_and(|a| a.covers(date_of_service));
    if covered {
        return Ok(());
    }
    Err(ContractError::BillingNotAuthorized {
        billing_provider: billing.to_string(),
        rendering_provider: rendering.to_string(),
        date_of_service: date_of_service.seconds().to_string(),
    })
}

/// The sender, a rendering provider, authorizes a billing provider to bill its services.
pub fn authorize_billing(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    billing_provider: String,
    effective_from: Option<Timestamp>,
) -> Result<Response, ContractError> {
    let config = load_config(deps.storage)?;
    let rendering = info.sender;
    let billing = deps.api.addr_validate(&billing_provider)?;
    if billing == rendering {
        return Err(ContractError::invalid(
            "billing_provider",
            "a provider bills its own services without an authorization",
        ));
    }
    assert_provider(&deps.querier, &config, &rendering)?;
    assert_provider(&deps.querier, &config, &billing)?;
    let now = env.block.time;
    let from = effective_from.unwrap_or(now);
    let earliest = now.minus_seconds(MAX_BILLING_RETROACTIVE_DAYS.saturating_mul(DAY_SECONDS));
    if from > now || from < earliest {
        return Err(ContractError::invalid(
            "effective_from",
            format!("not in the future, at most {MAX_BILLING_RETROACTIVE_DAYS} days back"),
        ));
    }
    let mut auth = BILLING_AUTHORIZATIONS
        .may_read(deps.storage, (&rendering, &billing))?
        .unwrap_or_else(|| BillingAuthorization {
            rendering_provider: rendering.clone(),
            billing_provider: billing.clone(),
            periods: vec![],
        });
    if let Some(p) = auth.in_force() {
        return Err(ContractError::invalid(
            "billing_provider",
            format!(
                "already authorized, in force since {}",
                p.effective_from.seconds()
            ),
        ));
    }
    if auth
        .periods
        .last()
        .and_then(|p| p.ended_at)
        .is_some_and(|end| from < end)
    {
        return Err(ContractError::invalid(
            "effective_from",
            "before the end of the last authorization",
        ));
    }
    if auth.periods.len() >= MAX_BILLING_PERIODS {
        return Err(ContractError::invalid(
            "billing_provider",
            format!("at most {MAX_BILLING_PERIODS} authorization periods per billing provider"),
        ));
    }
    auth.periods.push(BillingPeriod {
        effective_from: from,
        ended_at: None,
        ended_by: None,
    });
    BILLING_AUTHORIZATIONS.write(deps.storage, (&rendering, &billing), &auth)?;
    Ok(Response::new()
        .add_attribute("action", "authorize_billing")
        .add_attribute("rendering_provider", rendering)
        .add_attribute("billing_provider", billing)
        .add_attribute("effective_from", from.seconds().to_string())
        .add_attribute("period", auth.periods.len().to_string()))
}

/// Either side ends the authorization in force, from now on.
pub fn end_billing_authorization(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    rendering_provider: String,
    billing_provider: String,
) -> Result<Response, ContractError> {
    let rendering = deps.api.addr_validate(&rendering_provider)?;
    let billing = deps.api.addr_validate(&billing_provider)?;
    if info.sender != rendering && info.sender != billing {
        return Err(ContractError::unauthorized(
            "the rendering or the billing provider",
        ));
    }
    let mut auth = BILLING_AUTHORIZATIONS
        .may_read(deps.storage, (&rendering, &billing))?
        .ok_or_else(|| {
            ContractError::not_found("billing authorization", format!("{rendering} -> {billing}"))
        })?;
    let now = env.block.time;
    let Some(period) = auth.periods.last_mut().filter(|p| p.ended_at.is_none()) else {
        return Err(ContractError::invalid(
            "billing_provider",
            "no authorization in force (already ended)",
        ));
    };
    period.ended_at = Some(now);
    period.ended_by = Some(info.sender.clone());
    BILLING_AUTHORIZATIONS.write(deps.storage, (&rendering, &billing), &auth)?;
    Ok(Response::new()
        .add_attribute("action", "end_billing_authorization")
        .add_attribute("rendering_provider", rendering)
        .add_attribute("billing_provider", billing)
        .add_attribute("ended_at", now.seconds().to_string())
        .add_attribute("ended_by", info.sender))
}

/// One authorization, if ever given.
pub fn billing_authorization(
    deps: Deps,
    rendering_provider: String,
    billing_provider: String,
) -> Result<Option<BillingAuthorization>, ContractError> {
    let rendering = deps.api.addr_validate(&rendering_provider)?;
    let billing = deps.api.addr_validate(&billing_provider)?;
    Ok(BILLING_AUTHORIZATIONS.may_read(deps.storage, (&rendering, &billing))?)
}

/// A page of a rendering provider's authorizations, by billing provider.
pub fn billing_authorizations(
    deps: Deps,
    rendering_provider: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<BillingAuthorizationsResponse, ContractError> {
    let rendering = deps.api.addr_validate(&rendering_provider)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let authorizations = BILLING_AUTHORIZATIONS
        .prefix(&rendering)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, a)| a))
        .try_vec()?;
    Ok(BillingAuthorizationsResponse { authorizations })
}
