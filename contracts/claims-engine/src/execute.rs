//! Instantiate, ownership, plans, pool funding and enrollment.

use cosmwasm_std::{coins, Addr, BankMsg, CosmosMsg, DepsMut, Env, MessageInfo, Response, Uint128};
use cw_health_types::claims_engine::codes::{
    validate_procedure_code, BPS_DENOMINATOR, DEFAULT_PAYOUT_BATCH, MAX_COVERAGE_SEGMENTS,
    MAX_DENOM_LEN, MAX_PAYOUT_BATCH, MAX_PRODUCTS_PER_CODE, MAX_PROMPT_PAY_DAYS,
    MAX_REVIEW_ORGANIZATIONS, MAX_TIMELY_FILING_DAYS,
};
use cw_health_types::claims_engine::DrugPack;
use cw_health_types::claims_engine::{
    CodeBenefit, CostLimit, CostShare, Enrollment, EnrollmentInput, InstantiateMsg, MemberStatus,
    Plan, PlanInput,
};
use cw_health_types::drug_provenance::gs1::validate_gtin;
use cw_health_types::drug_provenance::DrugProvenanceContract;
use cw_health_types::ehr_registry::EhrRegistryContract;
use cw_health_types::ehr_registry::PartyRole;
use cw_health_types::limits::{
    validate_token, validate_unique, MAX_BATCH_LEN, MAX_ID_LEN, MAX_LIST_LEN,
};
use cw_health_types::ownership::{self, OwnershipAction};
use cw_health_types::pagination::clamp_limit;
use cw_health_types::pagination::TryCollect;
use cw_health_types::payment::must_pay;
use cw_health_types::store::{ReadItem, ReadMap, WriteItem, WriteMap};

use crate::common::{assert_insurer, assert_party, load_plan};
use crate::error::ContractError;
use crate::payment::process_queue;
use crate::state::{
    load_config, next_id, save_config, Config, Pool, StoredEnrollment, BENEFITS, COVERAGE,
    ENROLLMENTS, PLANS, PLAN_SEQ, POOLS, PRODUCT_CODES, REVIEW_ORGANIZATIONS,
};
use cw_storage_plus::Bound;

/// Stores the owner (the sender unless another is named) and the handles to the other contracts.
pub fn instantiate(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    msg: InstantiateMsg,
) -> Result<Response, ContractError> {
    let owner = msg.owner.unwrap_or_else(|| info.sender.to_string());
    let ehr = deps.api.addr_validate(&msg.ehr_registry)?;
    let drug = deps.api.addr_validate(&msg.drug_provenance)?;
    let batch = msg.payout_batch_limit.unwrap_or(DEFAULT_PAYOUT_BATCH);
    if batch == 0 || batch > MAX_PAYOUT_BATCH {
        return Err(ContractError::invalid(
            "payout_batch_limit",
            format!("must be 1..={MAX_PAYOUT_BATCH}"),
        ));
    }
    let o = ownership::initialize_owner(deps.storage, deps.api, &owner)?;
    save_config(
        deps.storage,
        &Config {
            ehr_registry: EhrRegistryContract(ehr.clone()),
            drug_provenance: DrugProvenanceContract(drug.clone()),
            payout_batch_limit: batch,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "instantiate")
        .add_attribute("owner", o.owner)
        .add_attribute("ehr_registry", ehr)
        .add_attribute("drug_provenance", drug))
}

/// Re-wires the other contracts or changes the payout batch (owner only).
pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    ehr_registry: Option<String>,
    drug_provenance: Option<String>,
    payout_batch_limit: Option<u32>,
    review_organizations: Option<Vec<String>>,
) -> Result<Response, ContractError> {
    ownership::assert_owner(deps.storage, &info.sender)?;
    let iros = match review_organizations {
        Some(list) => {
            validate_unique("review_organizations", &list, MAX_REVIEW_ORGANIZATIONS)?;
            let iros = list.iter().map(|a| deps.api.addr_validate(a)).try_vec()?;
            REVIEW_ORGANIZATIONS.write(deps.storage, &iros)?;
            iros
        }
        None => REVIEW_ORGANIZATIONS
            .may_read(deps.storage)?
            .unwrap_or_default(),
    };
    let mut config = load_config(deps.storage)?;
    if let Some(a) = ehr_registry {
        config.ehr_registry = EhrRegistryContract(deps.api.addr_validate(&a)?);
    }
    if let Some(a) = drug_provenance {
        config.drug_provenance = DrugProvenanceContract(deps.api.addr_validate(&a)?);
    }
    if let Some(batch) = payout_batch_limit {
        if batch == 0 || batch > MAX_PAYOUT_BATCH {
            return Err(ContractError::invalid(
                "payout_batch_limit",
                format!("must be 1..={MAX_PAYOUT_BATCH}"),
            ));
        }
        config.payout_batch_limit = batch;
    }
    save_config(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("ehr_registry", config.ehr_registry.0)
        .add_attribute("drug_provenance", config.drug_provenance.0)
        .add_attribute("payout_batch_limit", config.payout_batch_limit.to_string())
        .add_attribute("review_organizations", iros.len().to_string()))
}

/// Proposes, accepts or cancels an ownership transfer.
pub fn update_ownership(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    action: OwnershipAction,
) -> Result<Response, ContractError> {
    let o = ownership::update_ownership(deps.storage, deps.api, &env.block, &info.sender, action)?;
    Ok(Response::new()
        .add_attribute("action", "update_ownership")
        .add_attributes(o.into_attributes()))
}

fn validate_adjusters(deps: &DepsMut, adjusters: &[String]) -> Result<Vec<Addr>, ContractError> {
    let addrs = adjusters
        .iter()
        .map(|a| deps.api.addr_validate(a))
        .try_vec()?;
    validate_unique("adjusters", &addrs, MAX_LIST_LEN)?;
    Ok(addrs)
}

/// Validates a pack's GTIN-14 (digits, GS1 check digit) and serial.
pub fn validate_drug(drug: &DrugPack) -> Result<(), ContractError> {
    let field = "lines.drug.gtin";
    let digits: Vec<u32> = drug.gtin.chars().filter_map(|c| c.to_digit(10)).collect();
    if drug.gtin.len() != 14 || digits.len() != 14 {
        return Err(ContractError::invalid(field, "gtin must be 14 digits"));
    }
    let (body, check) = digits.split_at(13);
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { d * 3 } else { *d })
        .sum();
    if check.first().copied() != Some((10 - sum % 10) % 10) {
        return Err(ContractError::invalid(field, "gtin check digit mismatch"));
    }
    validate_token("lines.drug.serial", &drug.serial, 20)?;
    Ok(())
}

/// Checks one code's rules: code, cost share, fees, unit limit, products, out-of-network terms.
fn validate_benefit(b: &CodeBenefit) -> Result<(), ContractError> {
    validate_procedure_code("benefits.code", &b.code)?;
    match b.cost_share {
        CostShare::Coinsurance { bps } if bps > BPS_DENOMINATOR => {
            return Err(ContractError::invalid(
                "benefits.cost_share",
                "coinsurance above 10000 bps",
            ))
        }
        _ => {}
    }
    if b.cost_share != (CostShare::NotCovered {}) && b.fee_per_unit.is_zero() {
        return Err(ContractError::invalid(
            "benefits.fee_per_unit",
            "a covered code needs a non-zero fee",
        ));
    }
    if let Some(oon) = &b.out_of_network {
        match oon.cost_share {
            CostShare::Coinsurance { bps } if bps > BPS_DENOMINATOR => {
                return Err(ContractError::invalid(
                    "benefits.out_of_network.cost_share",
                    "coinsurance above 10000 bps",
                ))
            }
            CostShare::NotCovered {} => {}
            _ if oon.fee_per_unit.is_zero() => {
                return Err(ContractError::invalid(
                    "benefits.out_of_network.fee_per_unit",
                    "a covered code needs a non-zero fee",
                ))
            }
            _ => {}
        }
    }
    if b.max_units_per_day == Some(0) {
        return Err(ContractError::invalid(
            "benefits.max_units_per_day",
            "must be at least 1",
        ));
    }
    validate_unique("benefits.products", &b.products, MAX_PRODUCTS_PER_CODE)?;
    for gtin in &b.products {
        validate_gtin("benefits.products", gtin)?;
    }
    Ok(())
}

/// Checks one tier's limits: individual at most family, out-of-pocket at least the deductible.
fn validate_limits(
    prefix: &str,
    deductible: &CostLimit,
    out_of_pocket_max: &CostLimit,
) -> Result<(), ContractError> {
    if deductible.individual > deductible.family {
        return Err(ContractError::invalid(
            &format!("{prefix}deductible"),
            "individual exceeds family",
        ));
    }
    if out_of_pocket_max.individual > out_of_pocket_max.family {
        return Err(ContractError::invalid(
            &format!("{prefix}out_of_pocket_max"),
            "individual exceeds family",
        ));
    }
    if deductible.individual > out_of_pocket_max.individual
        || deductible.family > out_of_pocket_max.family
    {
        return Err(ContractError::invalid(
            &format!("{prefix}out_of_pocket_max"),
            "must be at least the deductible",
        ));
    }
    Ok(())
}

/// Checks a plan definition (everything but the adjusters' addresses).
fn validate_plan_input(input: &PlanInput) -> Result<(), ContractError> {
    validate_token("external_id", &input.external_id, MAX_ID_LEN)?;
    validate_token("denom", &input.denom, MAX_DENOM_LEN)?;
    validate_limits("", &input.deductible, &input.out_of_pocket_max)?;
    if let Some(t) = &input.out_of_network_limits {
        validate_limits(
            "out_of_network_limits.",
            &t.deductible,
            &t.out_of_pocket_max,
        )?;
    }
    if input.timely_filing_days == 0 || input.timely_filing_days > MAX_TIMELY_FILING_DAYS {
        return Err(ContractError::invalid(
            "timely_filing_days",
            format!("must be 1..={MAX_TIMELY_FILING_DAYS}"),
        ));
    }
    if input.benefits.is_empty() {
        return Err(ContractError::invalid("benefits", "at least one code"));
    }
    let codes: Vec<&str> = input.benefits.iter().map(|b| b.code.as_str()).collect();
    validate_unique("benefits", &codes, MAX_BATCH_LEN)?;
    for b in &input.benefits {
        validate_benefit(b)?;
    }
    let mut products: Vec<&str> = input
        .benefits
        .iter()
        .flat_map(|b| b.products.iter().map(String::as_str))
        .collect();
    products.sort_unstable();
    if products.windows(2).any(|w| w.first() == w.get(1)) {
        return Err(ContractError::invalid(
            "benefits.products",
            "a product is billed under one code",
        ));
    }
    if let Some(rule) = input.prompt_pay {
        if rule.days == 0 || rule.days > MAX_PROMPT_PAY_DAYS {
            return Err(ContractError::invalid(
                "prompt_pay.days",
                format!("must be 1..={MAX_PROMPT_PAY_DAYS}"),
            ));
        }
        if rule.annual_interest_bps > BPS_DENOMINATOR {
            return Err(ContractError::invalid(
                "prompt_pay.annual_interest_bps",
                "at most 10000",
            ));
        }
    }

    Ok(())
}

/// Creates a plan; the sender (an active Payer party) becomes its insurer.
pub fn create_plan(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    input: PlanInput,
) -> Result<Response, ContractError> {
    let config = load_config(deps.storage)?;
    assert_party(
        &deps.querier,
        &config,
        &info.sender,
        &[PartyRole::Payer],
        "Payer",
    )?;
    validate_plan_input(&input)?;
    let adjusters = validate_adjusters(&deps, &input.adjusters)?;
    let id = next_id(deps.storage, &PLAN_SEQ)?;
    for b in &input.benefits {
        BENEFITS.write(deps.storage, (id, b.code.as_str()), b)?;
        for gtin in &b.products {
            PRODUCT_CODES.write(deps.storage, (id, gtin.as_str()), &b.code)?;
        }
    }
    let plan = Plan {
        id,
        insurer: info.sender.clone(),
        external_id: input.external_id,
        denom: input.denom,
        plan_year_start: input.plan_year_start,
        deductible: input.deductible,
        out_of_pocket_max: input.out_of_pocket_max,
        timely_filing_days: input.timely_filing_days,
        auto_approval_ceiling: input.auto_approval_ceiling,
        adjusters,
        benefit_count: u32::try_from(input.benefits.len()).unwrap_or(u32::MAX),
        created_at: env.block.time,
        prompt_pay: input.prompt_pay,
        out_of_network_limits: input.out_of_network_limits,
    };
    PLANS.write(deps.storage, id, &plan)?;
    POOLS.write(deps.storage, id, &Pool::default())?;
    Ok(Response::new()
        .add_attribute("action", "create_plan")
        .add_attribute("plan_id", id.to_string())
        .add_attribute("insurer", info.sender)
        .add_attribute("denom", plan.denom))
}

/// Keeps the coverage history: an enrollment starting at or after the end of the current one
/// (a re-enrollment after a termination) adds a segment; any other change replaces the current
/// segment. Segments may not overlap the one before. Answers the member's count of segments
/// (`segments` before).
fn record_coverage(
    storage: &mut dyn cosmwasm_std::Storage,
    plan_id: u64,
    member: &Addr,
    current: Option<&Enrollment>,
    segments: u32,
    input: &EnrollmentInput,
) -> Result<u32, ContractError> {
    let start = input.coverage_start.seconds();
    let appended = match current {
        None => true,
        Some(c) => c
            .coverage_end
            .is_some_and(|end| input.coverage_start >= end),
    };
    // The segment this enrollment replaces, if it is not a re-enrollment.
    let replaced = current
        .filter(|_| !appended)
        .map(|c| c.coverage_start.seconds());
    // The segment before it (skipping the replaced one: at most two reads).
    let before = COVERAGE
        .prefix((plan_id, member))
        .range(
            storage,
            None,
            Some(Bound::exclusive(start)),
            cosmwasm_std::Order::Descending,
        )
        .find(|r| r.as_ref().map_or(true, |(k, _)| Some(*k) != replaced))
        .transpose()?;
    if let Some((_, end)) = before {
        if end.is_none_or(|end| end > input.coverage_start) {
            return Err(ContractError::invalid(
                "coverage_start",
                "overlaps an earlier coverage segment",
            ));
        }
    }
    if let Some(k) = replaced {
        COVERAGE.remove(storage, (plan_id, member, k));
    }
    if appended && segments >= MAX_COVERAGE_SEGMENTS {
        return Err(ContractError::invalid(
            "coverage_start",
            format!("at most {MAX_COVERAGE_SEGMENTS} coverage segments"),
        ));
    }
    COVERAGE.write(storage, (plan_id, member, start), &input.coverage_end)?;
    Ok(segments.saturating_add(u32::from(appended)))
}

/// Replaces the plan's adjusters.
pub fn set_adjusters(
    deps: DepsMut,
    info: MessageInfo,
    plan_id: u64,
    adjusters: Vec<String>,
) -> Result<Response, ContractError> {
    let mut plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    plan.adjusters = validate_adjusters(&deps, &adjusters)?;
    PLANS.write(deps.storage, plan_id, &plan)?;
    Ok(Response::new()
        .add_attribute("action", "set_adjusters")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("adjusters", plan.adjusters.len().to_string()))
}

/// Adds the sent coin to the pool, then pays waiting claims oldest first.
pub fn fund_pool(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    plan_id: u64,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    let amount = Uint128::try_from(must_pay(&info, &plan.denom)?)?;
    let config = load_config(deps.storage)?;
    let mut pool = POOLS.read(deps.storage, plan_id)?;
    pool.balance = pool.balance.checked_add(amount)?;
    pool.total_funded = pool.total_funded.checked_add(amount)?;
    POOLS.write(deps.storage, plan_id, &pool)?;
    let mut msgs = vec![];
    let paid = process_queue(
        deps.storage,
        &plan,
        config.payout_batch_limit as usize,
        env.block.time,
        &mut msgs,
    )?;
    Ok(Response::new()
        .add_messages(msgs)
        .add_events(paid.clone())
        .add_attribute("action", "fund_pool")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("amount", amount)
        .add_attribute("paid_claims", paid_ids(&paid)))
}

/// Pays waiting claims oldest first (anyone may call).
pub fn process_payment_queue(
    deps: DepsMut,
    env: Env,
    plan_id: u64,
    limit: Option<u32>,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    let config = load_config(deps.storage)?;
    let limit = clamp_limit(limit).min(config.payout_batch_limit as usize);
    let mut msgs = vec![];
    let paid = process_queue(deps.storage, &plan, limit, env.block.time, &mut msgs)?;
    Ok(Response::new()
        .add_messages(msgs)
        .add_events(paid.clone())
        .add_attribute("action", "process_payment_queue")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("paid_claims", paid_ids(&paid)))
}

/// Returns available funds to the insurer while no claim waits for payment.
pub fn withdraw_funds(
    deps: DepsMut,
    info: MessageInfo,
    plan_id: u64,
    amount: Uint128,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    if amount.is_zero() {
        return Err(ContractError::invalid("amount", "must be non-zero"));
    }
    let mut pool = POOLS.read(deps.storage, plan_id)?;
    if pool.pending_payments > 0 {
        return Err(ContractError::PaymentsPending { plan_id });
    }
    if amount > pool.available() {
        return Err(ContractError::InsufficientFunds {
            available: pool.available().to_string(),
            requested: amount.to_string(),
        });
    }
    pool.balance = pool.balance.checked_sub(amount)?;
    pool.total_paid_out = pool.total_paid_out.checked_add(amount)?;
    POOLS.write(deps.storage, plan_id, &pool)?;
    let msg: CosmosMsg = BankMsg::Send {
        to_address: plan.insurer.to_string(),
        amount: coins(amount.u128(), &plan.denom),
    }
    .into();
    Ok(Response::new()
        .add_message(msg)
        .add_attribute("action", "withdraw_funds")
        .add_attribute("plan_id", plan_id.to_string())
        .add_attribute("amount", amount))
}

/// Enrolls a member or updates the enrollment.
pub fn enroll_member(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    input: EnrollmentInput,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, input.plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    let member = deps.api.addr_validate(&input.member)?;
    validate_token("family_id", &input.family_id, MAX_ID_LEN)?;
    if input
        .coverage_end
        .is_some_and(|end| end <= input.coverage_start)
    {
        return Err(ContractError::invalid(
            "coverage_end",
            "must be after coverage_start",
        ));
    }
    if input.status == MemberStatus::Terminated && input.coverage_end.is_none() {
        return Err(ContractError::invalid(
            "coverage_end",
            "a terminated enrollment needs an end",
        ));
    }
    let key = (plan.id, &member);
    let stored = ENROLLMENTS.may_read(deps.storage, key)?;
    let segments = stored.as_ref().map_or(0, |e| e.segments);
    let existing = stored.map(|e| e.into_api(plan.id, &member));
    if let Some(existing) = &existing {
        if existing.family_id != input.family_id {
            return Err(ContractError::invalid(
                "family_id",
                "fixed at first enrollment",
            ));
        }
    }
    let dependant_of =
        crate::family::dependency(deps.as_ref(), plan.id, &member, existing.as_ref(), &input)?;
    let segments = record_coverage(
        deps.storage,
        plan.id,
        &member,
        existing.as_ref(),
        segments,
        &input,
    )?;
    if existing.is_none() {
        crate::cob::append_payer(deps.storage, &member, plan.id, env.block.time)?;
    }
    let enrollment = StoredEnrollment {
        family_id: input.family_id,
        coverage_start: input.coverage_start,
        coverage_end: input.coverage_end,
        status: input.status,
        updated_at: env.block.time,
        dependant_of,
        segments,
    };
    ENROLLMENTS.write(deps.storage, key, &enrollment)?;
    let relationship = enrollment
        .dependant_of
        .as_ref()
        .map_or("18", |d| d.relationship.code());
    Ok(Response::new()
        .add_attribute("action", "enroll_member")
        .add_attribute("plan_id", plan.id.to_string())
        .add_attribute("member", member)
        .add_attribute("family_id", enrollment.family_id)
        .add_attribute("relationship", relationship))
}

/// The claim ids of `payment` events, comma-separated ("none" when empty).
fn paid_ids(events: &[cosmwasm_std::Event]) -> String {
    let ids: Vec<u64> = events
        .iter()
        .filter_map(|e| {
            e.attributes
                .iter()
                .find(|a| a.key == "claim_id")
                .and_then(|a| a.value.parse().ok())
        })
        .collect();
    join_ids(&ids)
}

/// Comma-separated ids for an attribute ("none" when empty).
pub fn join_ids(ids: &[u64]) -> String {
    if ids.is_empty() {
        "none".to_string()
    } else {
        ids.iter()
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}
