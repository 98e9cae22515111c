use cosmwasm_std::{Addr, Deps, Env, Order, StdResult, Uint128};
use cw_health_types::claims_engine::{
    AccumulatorStatus, AccumulatorsResponse, AdjustmentGroup, Appeal, BenefitsResponse, Carc,
    Claim, ClaimsConfigResponse, ClaimsResponse, CostLimit, DecisionCursor, Enrollment, EobEntry,
    EobLine, EobResponse, OverdueDecision, OverdueDecisionsResponse, PayerOrderResponse,
    PaymentQueueResponse, Plan, PlansResponse, PoolResponse, PriorAuth, PriorAuthMetrics,
    ProviderBalanceResponse, QueuedPayment, Remittance, RemittancesResponse, TierAccumulators,
};
use cw_health_types::ownership::{self, Ownership};
use cw_health_types::pagination::clamp_limit;
use cw_health_types::pagination::TryCollect;
use cw_health_types::store::{ReadItem, ReadMap};
use cw_storage_plus::{Bound, Map};

use crate::claims::remittance;
use crate::common::{load_plan, plan_year_of};
use crate::error::ContractError;
use crate::state::{
    load_config, APPEALS, APPEAL_DUE, BENEFITS, CLAIMS, CLAIMS_BY_MEMBER, CLAIMS_BY_PROVIDER,
    PAYMENT_DUE, PAYMENT_QUEUE, PA_DUE, PA_METRICS, PLANS, POOLS, PRIOR_AUTHS, RECOUPMENTS,
    REVIEW_ORGANIZATIONS,
};

/// The contract's configuration.
pub fn config(deps: Deps) -> StdResult<ClaimsConfigResponse> {
    let c = load_config(deps.storage)?;
    Ok(ClaimsConfigResponse {
        owner: ownership::get_ownership(deps.storage)?.owner,
        ehr_registry: c.ehr_registry.0,
        drug_provenance: c.drug_provenance.0,
        payout_batch_limit: c.payout_batch_limit,
        review_organizations: REVIEW_ORGANIZATIONS
            .may_read(deps.storage)?
            .unwrap_or_default(),
    })
}

/// The ownership record.
pub fn ownership(deps: Deps) -> StdResult<Ownership> {
    ownership::get_ownership(deps.storage)
}

/// A plan.
pub fn plan(deps: Deps, plan_id: u64) -> Result<Plan, ContractError> {
    load_plan(deps.storage, plan_id)
}

/// Plans by id.
pub fn plans(deps: Deps, start_after: Option<u64>, limit: Option<u32>) -> StdResult<PlansResponse> {
    let plans = PLANS
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, p)| p))
        .try_vec()?;
    Ok(PlansResponse { plans })
}

/// A plan's benefits by code.
pub fn benefits(
    deps: Deps,
    plan_id: u64,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<BenefitsResponse> {
    let benefits = BENEFITS
        .prefix(plan_id)
        .range(
            deps.storage,
            start_after.as_deref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| r.map(|(_, b)| b))
        .try_vec()?;
    Ok(BenefitsResponse { benefits })
}

/// A plan's pool.
pub fn pool(deps: Deps, plan_id: u64) -> Result<PoolResponse, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    let p = POOLS.read(deps.storage, plan_id)?;
    Ok(PoolResponse {
        plan_id,
        denom: plan.denom,
        balance: p.balance,
        reserved: p.reserved,
        available: p.available(),
        pending_payments: p.pending_payments,
        total_funded: p.total_funded,
        total_paid_out: p.total_paid_out,
    })
}

/// The payment queue, oldest first.
pub fn payment_queue(
    deps: Deps,
    plan_id: u64,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<PaymentQueueResponse> {
    let entries = PAYMENT_QUEUE
        .prefix(plan_id)
        .range(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| {
            let (seq, claim_id) = r?;
            let c = CLAIMS.read(deps.storage, claim_id)?;
            Ok::<_, cosmwasm_std::StdError>(QueuedPayment {
                seq,
                claim_id,
                amount_due: c.total_paid.saturating_sub(c.credited),
            })
        })
        .try_vec()?;
    Ok(PaymentQueueResponse { entries })
}

/// A member's enrollment.
pub fn enrollment(
    deps: Deps,
    plan_id: u64,
    member: String,
) -> Result<Option<Enrollment>, ContractError> {
    load_plan(deps.storage, plan_id)?;
    let member = deps.api.addr_validate(&member)?;
    Ok(crate::state::enrollment(deps.storage, plan_id, &member)?)
}

fn load_claim(deps: Deps, claim_id: u64) -> Result<Claim, ContractError> {
    CLAIMS
        .may_read(deps.storage, claim_id)?
        .ok_or_else(|| ContractError::not_found("claim", claim_id))
}

/// A claim.
pub fn claim(deps: Deps, claim_id: u64) -> Result<Claim, ContractError> {
    load_claim(deps, claim_id)
}

fn ids_by(
    deps: Deps,
    index: &Map<(&Addr, u64), ()>,
    who: &Addr,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> StdResult<Vec<u64>> {
    index
        .prefix(who)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .collect()
}

/// Claims, optionally a member's or a provider's.
pub fn claims(
    deps: Deps,
    member: Option<String>,
    provider: Option<String>,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<ClaimsResponse, ContractError> {
    let ids: Vec<u64> = match (member, provider) {
        (Some(_), Some(_)) => {
            return Err(ContractError::invalid(
                "member",
                "filter by member or provider, not both",
            ))
        }
        (Some(m), None) => {
            let m = deps.api.addr_validate(&m)?;
            ids_by(deps, &CLAIMS_BY_MEMBER, &m, start_after, limit)?
        }
        (None, Some(p)) => {
            let p = deps.api.addr_validate(&p)?;
            ids_by(deps, &CLAIMS_BY_PROVIDER, &p, start_after, limit)?
        }
        (None, None) => CLAIMS.ids(deps.storage, start_after, clamp_limit(limit))?,
    };
    let claims = ids
        .into_iter()
        .map(|id| CLAIMS.read(deps.storage, id))
        .try_vec()?;
    Ok(ClaimsResponse { claims })
}

/// A claim's remittance.
pub fn remittance_of(deps: Deps, claim_id: u64) -> Result<Remittance, ContractError> {
    Ok(remittance(&load_claim(deps, claim_id)?))
}

/// A provider's remittances.
pub fn remittances(
    deps: Deps,
    provider: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<RemittancesResponse, ContractError> {
    let provider = deps.api.addr_validate(&provider)?;
    let remittances = ids_by(deps, &CLAIMS_BY_PROVIDER, &provider, start_after, limit)?
        .into_iter()
        .map(|id| CLAIMS.read(deps.storage, id).map(|c| remittance(&c)))
        .try_vec()?;
    Ok(RemittancesResponse { remittances })
}

fn sum_of(
    adjs: &[cw_health_types::claims_engine::Adjustment],
    group: AdjustmentGroup,
    reason: Carc,
) -> Uint128 {
    adjs.iter()
        .filter(|a| a.group == group && a.reason == reason)
        .fold(Uint128::zero(), |acc, a| acc.saturating_add(a.amount))
}

/// A member's explanation of benefits.
pub fn eob(
    deps: Deps,
    member: String,
    start_after: Option<u64>,
    limit: Option<u32>,
) -> Result<EobResponse, ContractError> {
    let member = deps.api.addr_validate(&member)?;
    let pr = AdjustmentGroup::PatientResponsibility;
    let entries = ids_by(deps, &CLAIMS_BY_MEMBER, &member, start_after, limit)?
        .into_iter()
        .map(|id| {
            let c = CLAIMS.read(deps.storage, id)?;
            let lines = c
                .lines
                .iter()
                .map(|l| {
                    let member_owes = l
                        .adjustments
                        .iter()
                        .filter(|a| a.group == pr)
                        .fold(Uint128::zero(), |acc, a| acc.saturating_add(a.amount));
                    EobLine {
                        line: l.number,
                        procedure_code: l.procedure_code.clone(),
                        charge: l.charge,
                        allowed: l.allowed,
                        plan_paid: l.paid,
                        deductible: sum_of(&l.adjustments, pr, Carc::DEDUCTIBLE),
                        coinsurance: sum_of(&l.adjustments, pr, Carc::COINSURANCE),
                        copay: sum_of(&l.adjustments, pr, Carc::COPAY),
                        not_covered: sum_of(&l.adjustments, pr, Carc::NON_COVERED),
                        member_owes,
                        status: l.status,
                        reasons: l.adjustments.iter().map(|a| a.reason).collect(),
                    }
                })
                .collect();
            Ok::<_, cosmwasm_std::StdError>(EobEntry {
                claim_id: c.id,
                plan_id: c.plan_id,
                provider: c.provider,
                date_of_service: c.date_of_service,
                status: c.status,
                total_charge: c.total_charge,
                plan_paid: c.total_paid,
                member_owes: c.patient_responsibility,
                lines,
            })
        })
        .try_vec()?;
    Ok(EobResponse { member, entries })
}

/// A member's and family's accumulators for a plan year.
pub fn accumulators(
    deps: Deps,
    env: Env,
    plan_id: u64,
    member: String,
    plan_year: Option<u32>,
) -> Result<AccumulatorsResponse, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    let e = enrollment(deps, plan_id, member.clone())?
        .ok_or(ContractError::NotEnrolled { plan_id, member })?;
    let year = plan_year
        .or_else(|| plan_year_of(&plan, env.block.time))
        .unwrap_or(0);
    let who = (&e.member, e.family_id.as_str());
    let tiers = crate::accum::load_for(deps.storage, plan_id, who, year, true)?;
    let tier = |t: usize| {
        let (d, o) = crate::accum::limits(&plan, t);
        let (m, f) = tiers.get(t).copied().unwrap_or_default();
        TierAccumulators {
            deductible: status(m.deductible, f.deductible, d),
            out_of_pocket: status(m.out_of_pocket, f.out_of_pocket, o),
        }
    };
    let in_network = tier(crate::accum::IN_NETWORK);
    Ok(AccumulatorsResponse {
        plan_id,
        member: e.member.clone(),
        family_id: e.family_id.clone(),
        plan_year: year,
        deductible: in_network.deductible,
        out_of_pocket: in_network.out_of_pocket,
        out_of_network: plan
            .out_of_network_limits
            .is_some()
            .then(|| tier(crate::accum::OUT_OF_NETWORK)),
    })
}

/// One accumulator against its limit.
fn status(member_met: Uint128, family_met: Uint128, limit: &CostLimit) -> AccumulatorStatus {
    AccumulatorStatus {
        individual_met: member_met,
        individual_limit: limit.individual,
        family_met,
        family_limit: limit.family,
        remaining: limit
            .individual
            .saturating_sub(member_met)
            .min(limit.family.saturating_sub(family_met)),
    }
}

/// A prior authorization.
pub fn prior_auth(deps: Deps, auth_id: u64) -> Result<PriorAuth, ContractError> {
    PRIOR_AUTHS
        .may_read(deps.storage, auth_id)?
        .ok_or_else(|| ContractError::not_found("prior authorization", auth_id))
}

/// Undecided items of a due index whose due time has passed.
fn overdue(
    deps: Deps,
    env: Env,
    index: &Map<(u64, u64, u64), ()>,
    plan_id: u64,
    start_after: Option<DecisionCursor>,
    limit: Option<u32>,
) -> StdResult<OverdueDecisionsResponse> {
    let now = env.block.time.seconds();
    // Due times are stored in whole seconds.
    let start_after = start_after.map(|c| (c.due_at.seconds(), c.id));
    let items = index
        .sub_prefix(plan_id)
        .keys(
            deps.storage,
            start_after.map(Bound::exclusive),
            Some(Bound::exclusive((now, 0))),
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|r| {
            r.map(|(due, id)| OverdueDecision {
                id,
                due_at: cosmwasm_std::Timestamp::from_seconds(due),
            })
        })
        .try_vec()?;
    Ok(OverdueDecisionsResponse { items })
}

/// Pending prior authorizations past due.
pub fn overdue_prior_auths(
    deps: Deps,
    env: Env,
    plan_id: u64,
    start_after: Option<DecisionCursor>,
    limit: Option<u32>,
) -> StdResult<OverdueDecisionsResponse> {
    overdue(deps, env, &PA_DUE, plan_id, start_after, limit)
}

/// A plan's prior authorization metrics.
pub fn prior_auth_metrics(deps: Deps, plan_id: u64) -> StdResult<PriorAuthMetrics> {
    Ok(PA_METRICS
        .may_read(deps.storage, plan_id)?
        .unwrap_or_default())
}

/// An appeal.
pub fn appeal(deps: Deps, appeal_id: u64) -> Result<Appeal, ContractError> {
    APPEALS
        .may_read(deps.storage, appeal_id)?
        .ok_or_else(|| ContractError::not_found("appeal", appeal_id))
}

/// Open appeals past due.
pub fn overdue_appeals(
    deps: Deps,
    env: Env,
    plan_id: u64,
    start_after: Option<DecisionCursor>,
    limit: Option<u32>,
) -> StdResult<OverdueDecisionsResponse> {
    overdue(deps, env, &APPEAL_DUE, plan_id, start_after, limit)
}

/// Claims waiting for payment past their prompt-pay due time.
pub fn overdue_payments(
    deps: Deps,
    env: Env,
    plan_id: u64,
    start_after: Option<DecisionCursor>,
    limit: Option<u32>,
) -> StdResult<OverdueDecisionsResponse> {
    overdue(deps, env, &PAYMENT_DUE, plan_id, start_after, limit)
}

/// A member's payer order in force at `at` (default: now).
pub fn payer_order(
    deps: Deps,
    env: Env,
    member: String,
    at: Option<cosmwasm_std::Timestamp>,
) -> Result<PayerOrderResponse, ContractError> {
    let member = deps.api.addr_validate(&member)?;
    let order = crate::cob::order_at(deps.storage, &member, at.unwrap_or(env.block.time))?;
    Ok(PayerOrderResponse {
        member,
        since: order
            .as_ref()
            .map(|o| cosmwasm_std::Timestamp::from_seconds(o.start)),
        plan_ids: order.map(|o| o.plans).unwrap_or_default(),
    })
}

/// What a provider owes a plan.
pub fn provider_balance(
    deps: Deps,
    plan_id: u64,
    provider: String,
) -> Result<ProviderBalanceResponse, ContractError> {
    let provider = deps.api.addr_validate(&provider)?;
    let owed_to_plan = RECOUPMENTS
        .may_read(deps.storage, (plan_id, &provider))?
        .unwrap_or_default();
    Ok(ProviderBalanceResponse {
        plan_id,
        provider,
        owed_to_plan,
    })
}
