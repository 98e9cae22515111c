//! Storage layout. Ownership lives under `"ownership"` (cw-health-types), the cw2 record under
//! `"contract_info"`.
//!
//! Every list a user can grow is a `Map` keyed so that each read is a point lookup or a bounded
//! prefix range: nothing in an execute iterates it.

use cosmwasm_std::{Addr, StdResult, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::{
    Appeal, CodeBenefit, Dependency, Enrollment, MemberStatus, Plan, PriorAuth, PriorAuthMetrics,
};
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::drug_provenance::DrugProvenanceContract;
use cw_health_types::ehr_registry::EhrRegistryContract;
use cw_health_types::store::{ReadItem, ReadMap, WriteItem};
use cw_storage_plus::{Item, Map};

/// The configuration as used by the code: typed handles to the other contracts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// ehr-registry (credentials and consent).
    pub ehr_registry: EhrRegistryContract,
    /// drug-provenance (pack verification).
    pub drug_provenance: DrugProvenanceContract,
    /// Most queued payments per message.
    pub payout_batch_limit: u32,
}

/// The stored form of [`Config`] (the handles are plain addresses on disk).
#[cw_serde]
struct StoredConfig {
    ehr_registry: Addr,
    drug_provenance: Addr,
    payout_batch_limit: u32,
}

const CONFIG: Item<StoredConfig> = Item::new("config");

/// Loads the configuration with its typed handles.
pub fn load_config(storage: &dyn Storage) -> StdResult<Config> {
    let c = CONFIG.read(storage)?;
    Ok(Config {
        ehr_registry: EhrRegistryContract(c.ehr_registry),
        drug_provenance: DrugProvenanceContract(c.drug_provenance),
        payout_batch_limit: c.payout_batch_limit,
    })
}

/// Saves the configuration.
pub fn save_config(storage: &mut dyn Storage, config: &Config) -> StdResult<()> {
    CONFIG.write(
        storage,
        &StoredConfig {
            ehr_registry: config.ehr_registry.0.clone(),
            drug_provenance: config.drug_provenance.0.clone(),
            payout_batch_limit: config.payout_batch_limit,
        },
    )
}

/// A plan's pool of funds (written by every paid claim: one-letter names, zeros left out).
#[cw_serde]
#[derive(Default)]
pub struct Pool {
    /// Funds held.
    #[serde(rename = "b", default, skip_serializing_if = "Uint128::is_zero")]
    pub balance: Uint128,
    /// Funds reserved for pended claims.
    #[serde(rename = "r", default, skip_serializing_if = "Uint128::is_zero")]
    pub reserved: Uint128,
    /// Claims in the payment queue.
    #[serde(
        rename = "n",
        default,
        skip_serializing_if = "cw_health_types::is_default"
    )]
    pub pending_payments: u64,
    /// Total funded.
    #[serde(rename = "f", default, skip_serializing_if = "Uint128::is_zero")]
    pub total_funded: Uint128,
    /// Total paid out (sent to providers or withdrawn).
    #[serde(rename = "o", default, skip_serializing_if = "Uint128::is_zero")]
    pub total_paid_out: Uint128,
}

impl Pool {
    /// Funds neither paid nor reserved.
    pub fn available(&self) -> Uint128 {
        self.balance.saturating_sub(self.reserved)
    }
}

/// Deductible and out-of-pocket met so far (one-letter names, zeros left out).
#[cw_serde]
#[derive(Copy, Default)]
pub struct Accum {
    /// Deductible met.
    #[serde(rename = "d", default, skip_serializing_if = "Uint128::is_zero")]
    pub deductible: Uint128,
    /// Out of pocket met.
    #[serde(rename = "o", default, skip_serializing_if = "Uint128::is_zero")]
    pub out_of_pocket: Uint128,
}

/// Where a service key was first seen (one-letter names).
#[cw_serde]
pub struct LineRef {
    /// The claim.
    #[serde(rename = "c")]
    pub claim_id: u64,
    /// The line number.
    #[serde(rename = "l")]
    pub line: u32,
}

/// Id sequences (last id issued).
pub const PLAN_SEQ: Item<u64> = Item::new("plan_seq");
pub const CLAIM_SEQ: Item<u64> = Item::new("claim_seq");
pub const AUTH_SEQ: Item<u64> = Item::new("auth_seq");
pub const APPEAL_SEQ: Item<u64> = Item::new("appeal_seq");
pub const QUEUE_SEQ: Item<u64> = Item::new("queue_seq");

/// Plans by id.
pub const PLANS: Map<u64, Plan> = Map::new("plans");
/// Fee schedule and coverage: (plan, procedure code).
pub const BENEFITS: Map<(u64, &str), CodeBenefit> = Map::new("benefits");
/// The plan's product-to-code map: (plan, GTIN-14) -> the procedure code it is billed under.
pub const PRODUCT_CODES: Map<(u64, &str), String> = Map::new("product_codes");
/// Pools by plan.
pub const POOLS: Map<u64, Pool> = Map::new("pools");
/// An enrollment as stored (issue 20: written by every enrollment change, read by every claim):
/// one-letter names, the plan and member left to the key, an absent end or subscriber left out,
/// and the count of the member's coverage segments in the plan kept with it (it bounds
/// [`COVERAGE`]: one write instead of a read and a write of its own). Answered as the API's
/// [`Enrollment`] ([`enrollment`]).
#[cw_serde]
pub struct StoredEnrollment {
    /// The family identifier.
    #[serde(rename = "f")]
    pub family_id: String,
    /// First covered instant.
    #[serde(rename = "s")]
    pub coverage_start: Timestamp,
    /// End of coverage (exclusive), if any.
    #[serde(rename = "e", default, skip_serializing_if = "Option::is_none")]
    pub coverage_end: Option<Timestamp>,
    /// Coverage status.
    #[serde(rename = "t")]
    pub status: MemberStatus,
    /// When the enrollment was last changed.
    #[serde(rename = "u")]
    pub updated_at: Timestamp,
    /// The subscriber of a dependant.
    #[serde(rename = "d", default, skip_serializing_if = "Option::is_none")]
    pub dependant_of: Option<Dependency>,
    /// How many coverage segments the member has in the plan (at most `MAX_COVERAGE_SEGMENTS`).
    #[serde(rename = "n")]
    pub segments: u32,
}

impl StoredEnrollment {
    /// The API's enrollment of `member` in `plan_id`.
    pub fn into_api(self, plan_id: u64, member: &Addr) -> Enrollment {
        Enrollment {
            plan_id,
            member: member.clone(),
            family_id: self.family_id,
            coverage_start: self.coverage_start,
            coverage_end: self.coverage_end,
            status: self.status,
            updated_at: self.updated_at,
            dependant_of: self.dependant_of,
        }
    }
}

/// Enrollments: (plan, member).
pub const ENROLLMENTS: Map<(u64, &Addr), StoredEnrollment> = Map::new("enroll");

/// A member's enrollment in a plan, if any.
pub fn enrollment(
    storage: &dyn Storage,
    plan_id: u64,
    member: &Addr,
) -> StdResult<Option<Enrollment>> {
    Ok(ENROLLMENTS
        .may_read(storage, (plan_id, member))?
        .map(|e| e.into_api(plan_id, member)))
}

/// A member's coverage history: (plan, member, start in seconds) -> end (exclusive), if any.
/// Segments never overlap; the one covering a date is the last starting at or before it (one
/// bounded range read). Their count is the enrollment's `segments`.
pub const COVERAGE: Map<(u64, &Addr, u64), Option<Timestamp>> = Map::new("coverage");

/// Claims by id (stored compactly: `stored.rs`).
pub use crate::stored::CLAIMS;
/// Claims by member: (member, claim id).
pub const CLAIMS_BY_MEMBER: Map<(&Addr, u64), ()> = Map::new("claims_m");
/// Claims by billing provider: (provider, claim id).
pub const CLAIMS_BY_PROVIDER: Map<(&Addr, u64), ()> = Map::new("claims_p");

/// Duplicate index: (near key, variant key) -> the line holding it. The near key is
/// sha256(plan | member | provider | day of service | code); the variant key is
/// sha256(sorted modifiers | units). An exact duplicate is a point lookup; a near duplicate is a
/// prefix scan of the near key, bounded by the lines of the claim being adjudicated.
pub const SERVICES: Map<(&[u8], &[u8]), LineRef> = Map::new("services");

/// Units billed per (plan, member, (day of service, code)).
pub const UNITS: Map<(u64, &Addr, (u64, &str)), u32> = Map::new("units");

/// Accumulators per (plan, member, plan year).
pub const ACCUM_MEMBER: Map<(u64, &Addr, u32), Accum> = Map::new("acc_m");
/// Accumulators per (plan, family, plan year).
pub const ACCUM_FAMILY: Map<(u64, &str, u32), Accum> = Map::new("acc_f");
/// Out-of-network accumulators per (plan, member, plan year), for a plan that keeps them apart.
pub const ACCUM_MEMBER_OON: Map<(u64, &Addr, u32), Accum> = Map::new("acc_m_oon");
/// Out-of-network accumulators per (plan, family, plan year).
pub const ACCUM_FAMILY_OON: Map<(u64, &str, u32), Accum> = Map::new("acc_f_oon");

/// Prior authorizations by id.
pub const PRIOR_AUTHS: Map<u64, PriorAuth> = Map::new("pa");
/// Undecided prior authorizations by (plan, due time, id).
pub const PA_DUE: Map<(u64, u64, u64), ()> = Map::new("pa_due");
/// Prior authorization metrics by plan.
pub const PA_METRICS: Map<u64, PriorAuthMetrics> = Map::new("pa_metrics");

/// Appeals by id.
pub const APPEALS: Map<u64, Appeal> = Map::new("appeals");
/// Open appeals by (plan, due time, id).
pub const APPEAL_DUE: Map<(u64, u64, u64), ()> = Map::new("appeal_due");
/// The internal appeal of a claim line: (claim, line, 0 denial / 1 underpayment) -> appeal.
pub const LINE_APPEALS: Map<(u64, u32, u8), u64> = Map::new("line_appeals");
/// The internal appeal of a prior authorization's denial: auth -> appeal.
pub const AUTH_APPEALS: Map<u64, u64> = Map::new("auth_appeals");
/// The independent review organizations that decide external reviews (contract-wide).
pub const REVIEW_ORGANIZATIONS: Item<Vec<Addr>> = Item::new("iros");

/// Payment queue: (plan, sequence) -> claim id. FIFO by sequence.
pub const PAYMENT_QUEUE: Map<(u64, u64), u64> = Map::new("pay_q");

/// Overpayments a provider owes a plan (recouped by offset): (plan, provider).
pub const RECOUPMENTS: Map<(u64, &Addr), Uint128> = Map::new("recoup");

/// A plan's network: (plan, provider).
pub const NETWORK: Map<(u64, &Addr), ()> = Map::new("network");
/// How many providers a plan's network has.
pub const NETWORK_SIZE: Map<u64, u32> = Map::new("network_n");

/// NCCI-style pair edits: (plan, column-2 code, column-1 code) -> modifier allowed.
pub const PAIR_EDITS: Map<(u64, &str, &str), bool> = Map::new("pair_edits");
/// How many column-1 codes a column-2 code is paired with: (plan, column-2 code).
pub const PAIR_COUNT: Map<(u64, &str), u32> = Map::new("pair_n");
/// The same edits by comprehensive code: (plan, column-1 code, column-2 code) -> modifier
/// allowed, to apply an edit when the column-1 code is billed after its component.
pub const PAIRS_BY_COLUMN1: Map<(u64, &str, &str), bool> = Map::new("pairs_c1");
/// How many column-2 codes a column-1 code is paired with: (plan, column-1 code).
pub const PAIR_COUNT_COLUMN1: Map<(u64, &str), u32> = Map::new("pair_c1_n");

/// Payer orders (coordination of benefits): (member, effective from, in seconds) -> one list:
/// the plans, primary first, then how many orders the member has had up to this one (at most
/// `MAX_PAYER_ORDER_CHANGES`: the latest order, read by every change, carries the count that
/// bounds the history; [`payer_order_value`], [`split_payer_order`]; one list rather than a
/// pair: no reader of its own in the artifact). The order in force at a time is the last one
/// starting at or before it (one bounded range read); a change takes effect at the block time,
/// never for earlier services.
pub const PAYER_ORDER: Map<(&Addr, u64), Vec<u64>> = Map::new("payer_order");

/// A payer order's stored list: the plans, then the count.
pub fn payer_order_value(count: u32, mut plans: Vec<u64>) -> Vec<u64> {
    plans.push(u64::from(count));
    plans
}

/// A payer order's count and plans from its stored list.
pub fn split_payer_order(mut v: Vec<u64>) -> (u32, Vec<u64>) {
    let count = v.pop().unwrap_or_default();
    (u32::try_from(count).unwrap_or(u32::MAX), v)
}

/// A prior payer's claim -> the live secondary claim adjudicated on it (one at most).
pub const COB_SECONDARY: Map<u64, u64> = Map::new("cob_secondary");

/// Claims waiting for payment with a prompt-pay clock: (plan, due time, claim id).
pub const PAYMENT_DUE: Map<(u64, u64, u64), ()> = Map::new("pay_due");

/// Issues the next id of a sequence.
pub fn next_id(storage: &mut dyn Storage, seq: &Item<u64>) -> StdResult<u64> {
    let id = seq
        .may_read(storage)?
        .unwrap_or_default()
        .checked_add(1)
        .ok_or_else(|| cosmwasm_std::StdError::msg("id overflow"))?;
    seq.write(storage, &id)?;
    Ok(id)
}
