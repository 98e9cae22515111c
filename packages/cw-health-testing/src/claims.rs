use cosmwasm_std::{coins, Addr, StdResult, Timestamp, Uint128};
use cw_health_types::claims_engine::{
    AccumulatorsResponse, AppealOutcome, Claim, ClaimFrequency, ClaimLineInput, ClaimSubmission,
    CodeBenefit, CostLimit, CostShare, DrugPack, EnrollmentInput, ExecuteMsg, MemberStatus,
    PlanInput, PoolResponse, QueryMsg,
};
use cw_multi_test::{AppResponse, Executor};
use serde::de::DeserializeOwned;

use crate::suite::{attr_u64, Suite, DENOM};

/// Typed helpers for the suite's claims-engine (`suite.claims()`).
pub struct ClaimsEngine<'a> {
    pub(crate) suite: &'a mut Suite,
}

/// A benefit with a fee schedule amount per unit and a cost share, deductible applying.
pub fn benefit(code: &str, fee_per_unit: u128, cost_share: CostShare) -> CodeBenefit {
    CodeBenefit {
        code: code.into(),
        fee_per_unit: Uint128::new(fee_per_unit),
        cost_share,
        deductible_applies: true,
        prior_auth_required: false,
        max_units_per_day: None,
    }
}

/// A plan in [`DENOM`] starting at `start`: deductible 500/1,000, out-of-pocket max
/// 1,500/3,000, 20% coinsurance on office visits (99213, fee 200) and labs (80053, fee 100),
/// a 10 copay on a drug (J3490, fee 50, no deductible), 90-day timely filing, auto-approval up to
/// 5,000, and the suite's adjuster.
pub fn standard_plan(start: Timestamp, adjuster: &Addr) -> PlanInput {
    let mut drug = benefit(
        "J3490",
        50,
        CostShare::Copay {
            amount: Uint128::new(10),
        },
    );
    drug.deductible_applies = false;
    PlanInput {
        external_id: "PLAN-GOLD-2026".into(),
        denom: DENOM.into(),
        plan_year_start: start,
        deductible: CostLimit {
            individual: Uint128::new(500),
            family: Uint128::new(1_000),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(1_500),
            family: Uint128::new(3_000),
        },
        benefits: vec![
            benefit("99213", 200, CostShare::Coinsurance { bps: 2_000 }),
            benefit("80053", 100, CostShare::Coinsurance { bps: 2_000 }),
            drug,
        ],
        timely_filing_days: 90,
        auto_approval_ceiling: Uint128::new(5_000),
        adjusters: vec![adjuster.to_string()],
    }
}

/// A claim line for `units` of `code` at `charge` in total.
pub fn line(code: &str, units: u32, charge: u128) -> ClaimLineInput {
    ClaimLineInput {
        procedure_code: code.into(),
        modifiers: vec![],
        units,
        charge: Uint128::new(charge),
        diagnosis_pointers: vec![1],
        prior_auth_id: None,
        drug: None,
    }
}

/// A pharmacy line billing one pack.
pub fn drug_line(code: &str, charge: u128, gtin: &str, serial: &str) -> ClaimLineInput {
    let mut l = line(code, 1, charge);
    l.drug = Some(DrugPack {
        gtin: gtin.into(),
        serial: serial.into(),
    });
    l
}

/// An original claim for `member` with diagnosis Z00.00 and the given lines.
pub fn claim(
    plan_id: u64,
    member: &Addr,
    date_of_service: Timestamp,
    supporting_record_id: u64,
    lines: Vec<ClaimLineInput>,
) -> ClaimSubmission {
    ClaimSubmission {
        plan_id,
        member: member.to_string(),
        frequency: ClaimFrequency::Original,
        original_claim_id: None,
        date_of_service,
        place_of_service: Some("11".into()),
        diagnoses: vec!["Z00.00".into()],
        lines,
        supporting_record_id,
    }
}

/// Asserts the 835 line invariant on every line: charge = paid + sum of adjustments.
pub fn assert_balanced(claim: &Claim) {
    for line in &claim.lines {
        let adjusted: u128 = line.adjustments.iter().map(|a| a.amount.u128()).sum();
        assert_eq!(
            line.charge.u128(),
            line.paid.u128() + adjusted,
            "claim {} line {}: charge != paid + adjustments ({:?})",
            claim.id,
            line.number,
            line.adjustments
        );
    }
}

impl ClaimsEngine<'_> {
    /// The contract's address.
    pub fn addr(&self) -> Addr {
        self.suite.claims_addr.clone()
    }

    /// Executes any message as `sender`.
    pub fn execute(&mut self, sender: &Addr, msg: &ExecuteMsg) -> StdResult<AppResponse> {
        let contract = self.suite.claims_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, &[])
    }

    /// Runs any query.
    pub fn query<T: DeserializeOwned>(&self, msg: &QueryMsg) -> StdResult<T> {
        self.suite
            .app
            .wrap()
            .query_wasm_smart(&self.suite.claims_addr, msg)
    }

    /// Creates a plan as `insurer`; returns its id.
    pub fn create_plan(&mut self, insurer: &Addr, plan: PlanInput) -> StdResult<u64> {
        let resp = self.execute(insurer, &ExecuteMsg::CreatePlan(plan))?;
        attr_u64(&resp, "plan_id")
    }

    /// Funds a plan's pool with `amount` [`DENOM`] from `insurer`.
    pub fn fund_pool(
        &mut self,
        insurer: &Addr,
        plan_id: u64,
        amount: u128,
    ) -> StdResult<AppResponse> {
        let contract = self.suite.claims_addr.clone();
        self.suite.app.execute_contract(
            insurer.clone(),
            contract,
            &ExecuteMsg::FundPool { plan_id },
            &coins(amount, DENOM),
        )
    }

    /// Enrolls `member` in `family_id` from `coverage_start`, open-ended.
    pub fn enroll(
        &mut self,
        insurer: &Addr,
        plan_id: u64,
        member: &Addr,
        family_id: &str,
        coverage_start: Timestamp,
    ) -> StdResult<AppResponse> {
        self.execute(
            insurer,
            &ExecuteMsg::EnrollMember(EnrollmentInput {
                plan_id,
                member: member.to_string(),
                family_id: family_id.into(),
                coverage_start,
                coverage_end: None,
                status: MemberStatus::Active,
            }),
        )
    }

    /// Submits a claim as `provider`; returns the adjudicated claim (line invariant checked).
    pub fn submit(&mut self, provider: &Addr, submission: ClaimSubmission) -> StdResult<Claim> {
        let resp = self.execute(provider, &ExecuteMsg::SubmitClaim(submission))?;
        let id = attr_u64(&resp, "claim_id")?;
        let c = self.claim(id)?;
        assert_balanced(&c);
        Ok(c)
    }

    /// One claim.
    pub fn claim(&self, claim_id: u64) -> StdResult<Claim> {
        self.query(&QueryMsg::Claim { claim_id })
    }

    /// A plan's pool.
    pub fn pool(&self, plan_id: u64) -> StdResult<PoolResponse> {
        self.query(&QueryMsg::Pool { plan_id })
    }

    /// A member's accumulators for the current plan year.
    pub fn accumulators(&self, plan_id: u64, member: &Addr) -> StdResult<AccumulatorsResponse> {
        self.query(&QueryMsg::Accumulators {
            plan_id,
            member: member.to_string(),
            plan_year: None,
        })
    }

    /// Appeals a denied claim as `appellant`; returns the appeal id.
    pub fn appeal(&mut self, appellant: &Addr, claim_id: u64) -> StdResult<u64> {
        let resp = self.execute(
            appellant,
            &ExecuteMsg::Appeal {
                claim_id,
                evidence: None,
            },
        )?;
        attr_u64(&resp, "appeal_id")
    }

    /// Decides an appeal as `reviewer`.
    pub fn decide_appeal(
        &mut self,
        reviewer: &Addr,
        appeal_id: u64,
        outcome: AppealOutcome,
    ) -> StdResult<AppResponse> {
        self.execute(reviewer, &ExecuteMsg::DecideAppeal { appeal_id, outcome })
    }
}

/// A line's adjustments as X12 `GROUP-CARC` codes with amounts, e.g. `("CO-45", 50)`.
pub fn adjustment_codes(line: &cw_health_types::claims_engine::ClaimLine) -> Vec<(String, u128)> {
    line.adjustments
        .iter()
        .map(|a| {
            (
                format!("{}-{}", a.group.code(), a.reason.code()),
                a.amount.u128(),
            )
        })
        .collect()
}
