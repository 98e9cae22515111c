use cosmwasm_std::{coins, Addr, Coin, StdResult, Timestamp, Uint128};
use cw_health_types::claims_engine::{
    AccumulatorsResponse, Appeal, AppealOutcome, AuthService, Claim, ClaimFrequency,
    ClaimLineInput, ClaimSubmission, CodeBenefit, CostLimit, CostShare, DrugPack, EnrollmentInput,
    EobResponse, ExecuteMsg, MemberStatus, PaymentQueueResponse, PlanInput, PoolResponse,
    PriorAuth, PriorAuthDecision, PriorAuthRequest, QueryMsg, ReviewDecision, Urgency,
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
        products: vec![],
        out_of_network: None,
    }
}

/// A plan in [`DENOM`] starting at `start`: deductible 500/1,000, out-of-pocket max
/// 1,500/3,000, 20% coinsurance on office visits (99213, fee 200) and labs (80053, fee 100),
/// a 10 copay on a drug (J3490, fee 50, no deductible; the product [`crate::drug::GTIN`] is billed
/// under it), 90-day timely filing, auto-approval up to 5,000, and the suite's adjuster.
pub fn standard_plan(start: Timestamp, adjuster: &Addr) -> PlanInput {
    let mut drug = benefit(
        "J3490",
        50,
        CostShare::Copay {
            amount: Uint128::new(10),
        },
    );
    drug.deductible_applies = false;
    drug.products = vec![crate::drug::GTIN.into()];
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
        prompt_pay: None,
        out_of_network_limits: None,
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
        device: None,
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
        rendering_provider: None,
        primary_claim_id: None,
        visit_id: None,
    }
}

/// A void (frequency 8) of `original_claim_id`: no lines, no diagnoses.
pub fn void_of(
    plan_id: u64,
    member: &Addr,
    date_of_service: Timestamp,
    supporting_record_id: u64,
    original_claim_id: u64,
) -> ClaimSubmission {
    ClaimSubmission {
        plan_id,
        member: member.to_string(),
        frequency: ClaimFrequency::Void,
        original_claim_id: Some(original_claim_id),
        date_of_service,
        place_of_service: None,
        diagnoses: vec![],
        lines: vec![],
        supporting_record_id,
        rendering_provider: None,
        primary_claim_id: None,
        visit_id: None,
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

    /// Executes any message as `sender` with `funds` attached (e.g. to prove a non-payable
    /// message refuses them, or `FundPool` refuses a wrong denom).
    pub fn execute_with_funds(
        &mut self,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> StdResult<AppResponse> {
        let contract = self.suite.claims_addr.clone();
        self.suite
            .app
            .execute_contract(sender.clone(), contract, msg, funds)
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
                dependant_of: None,
            }),
        )
    }

    /// `rendering` authorizes `billing` to bill its services from now (reassignment).
    pub fn authorize_billing(
        &mut self,
        rendering: &Addr,
        billing: &Addr,
    ) -> StdResult<AppResponse> {
        self.execute(
            rendering,
            &ExecuteMsg::AuthorizeBilling {
                billing_provider: billing.to_string(),
                effective_from: None,
            },
        )
    }

    /// `sender` (either side) ends `rendering`'s authorization of `billing` from now on.
    pub fn end_billing_authorization(
        &mut self,
        sender: &Addr,
        rendering: &Addr,
        billing: &Addr,
    ) -> StdResult<AppResponse> {
        self.execute(
            sender,
            &ExecuteMsg::EndBillingAuthorization {
                rendering_provider: rendering.to_string(),
                billing_provider: billing.to_string(),
            },
        )
    }

    /// Submits a claim as `provider`; returns the adjudicated claim (line invariant checked).
    ///
    /// The suite's hospital and pharmacy bill what the suite's clinician rendered or prescribed,
    /// on the clinician's records (under its billing authorization): a submission by another
    /// provider that names no rendering provider names the clinician (use [`Self::execute`] to
    /// submit exactly as given).
    pub fn submit(&mut self, provider: &Addr, mut submission: ClaimSubmission) -> StdResult<Claim> {
        let clinician = self.suite.actors.clinician.clone();
        if *provider != clinician && submission.rendering_provider.is_none() {
            submission.rendering_provider = Some(clinician.to_string());
        }
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

    /// A member's accumulators for plan year `plan_year` (0 = the first).
    pub fn accumulators_in(
        &self,
        plan_id: u64,
        member: &Addr,
        plan_year: u32,
    ) -> StdResult<AccumulatorsResponse> {
        self.query(&QueryMsg::Accumulators {
            plan_id,
            member: member.to_string(),
            plan_year: Some(plan_year),
        })
    }

    /// A member's explanation of benefits (first page of 30 claims, oldest first).
    pub fn eob(&self, member: &Addr) -> StdResult<EobResponse> {
        self.query(&QueryMsg::Eob {
            member: member.to_string(),
            start_after: None,
            limit: Some(30),
        })
    }

    /// A plan's payment queue (first page of 30, oldest first).
    pub fn payment_queue(&self, plan_id: u64) -> StdResult<PaymentQueueResponse> {
        self.query(&QueryMsg::PaymentQueue {
            plan_id,
            start_after: None,
            limit: Some(30),
        })
    }

    /// Decides a pended claim as `adjuster`; returns the claim as decided (line invariant
    /// checked).
    pub fn review(
        &mut self,
        adjuster: &Addr,
        claim_id: u64,
        decision: ReviewDecision,
    ) -> StdResult<Claim> {
        self.execute(adjuster, &ExecuteMsg::ReviewClaim { claim_id, decision })?;
        let c = self.claim(claim_id)?;
        assert_balanced(&c);
        Ok(c)
    }

    /// Requests a standard prior authorization as `provider` for `services` (code, units) of
    /// `member`, valid over `[service_start, service_end]`; returns the authorization id.
    pub fn request_prior_auth(
        &mut self,
        provider: &Addr,
        plan_id: u64,
        member: &Addr,
        services: &[(&str, u32)],
        service_start: Timestamp,
        service_end: Timestamp,
    ) -> StdResult<u64> {
        let resp = self.execute(
            provider,
            &ExecuteMsg::RequestPriorAuth(PriorAuthRequest {
                plan_id,
                member: member.to_string(),
                urgency: Urgency::Standard,
                services: services
                    .iter()
                    .map(|(code, units)| AuthService {
                        code: (*code).into(),
                        units: *units,
                    })
                    .collect(),
                service_start,
                service_end,
                servicing_provider: None,
            }),
        )?;
        attr_u64(&resp, "auth_id")
    }

    /// Decides a prior authorization as `adjuster`.
    pub fn decide_prior_auth(
        &mut self,
        adjuster: &Addr,
        auth_id: u64,
        decision: PriorAuthDecision,
    ) -> StdResult<AppResponse> {
        self.execute(adjuster, &ExecuteMsg::DecidePriorAuth { auth_id, decision })
    }

    /// One prior authorization.
    pub fn prior_auth(&self, auth_id: u64) -> StdResult<PriorAuth> {
        self.query(&QueryMsg::PriorAuth { auth_id })
    }

    /// One appeal.
    pub fn appeal_info(&self, appeal_id: u64) -> StdResult<Appeal> {
        self.query(&QueryMsg::Appeal { appeal_id })
    }

    /// Pays waiting claims of a plan as `sender` (anyone may), at most `limit`.
    pub fn process_payment_queue(
        &mut self,
        sender: &Addr,
        plan_id: u64,
        limit: Option<u32>,
    ) -> StdResult<AppResponse> {
        self.execute(sender, &ExecuteMsg::ProcessPaymentQueue { plan_id, limit })
    }

    /// Withdraws `amount` of a plan's available funds to its insurer.
    pub fn withdraw(
        &mut self,
        insurer: &Addr,
        plan_id: u64,
        amount: u128,
    ) -> StdResult<AppResponse> {
        self.execute(
            insurer,
            &ExecuteMsg::WithdrawFunds {
                plan_id,
                amount: Uint128::new(amount),
            },
        )
    }

    /// Replaces a plan's adjusters as its insurer.
    pub fn set_adjusters(
        &mut self,
        insurer: &Addr,
        plan_id: u64,
        adjusters: &[&Addr],
    ) -> StdResult<AppResponse> {
        self.execute(
            insurer,
            &ExecuteMsg::SetAdjusters {
                plan_id,
                adjusters: adjusters.iter().map(|a| a.to_string()).collect(),
            },
        )
    }

    /// Appeals every denied line of a claim as `appellant`; returns the appeal id.
    pub fn appeal(&mut self, appellant: &Addr, claim_id: u64) -> StdResult<u64> {
        self.appeal_lines(appellant, claim_id, vec![])
    }

    /// Appeals the denied `lines` of a claim as `appellant`; returns the appeal id.
    pub fn appeal_lines(
        &mut self,
        appellant: &Addr,
        claim_id: u64,
        lines: Vec<u32>,
    ) -> StdResult<u64> {
        let resp = self.execute(
            appellant,
            &ExecuteMsg::FileAppeal {
                claim_id: Some(claim_id),
                evidence: None,
                lines,
                kind: None,
            },
        )?;
        attr_u64(&resp, "appeal_id")
    }

    /// Files an appeal of any kind as `appellant`; returns the appeal id.
    pub fn file_appeal(
        &mut self,
        appellant: &Addr,
        claim_id: Option<u64>,
        kind: cw_health_types::claims_engine::AppealKind,
    ) -> StdResult<u64> {
        let resp = self.execute(
            appellant,
            &ExecuteMsg::FileAppeal {
                claim_id,
                evidence: None,
                lines: vec![],
                kind: Some(kind),
            },
        )?;
        attr_u64(&resp, "appeal_id")
    }

    /// An appeal.
    pub fn appeal_of(&self, appeal_id: u64) -> StdResult<cw_health_types::claims_engine::Appeal> {
        self.query(&QueryMsg::Appeal { appeal_id })
    }

    /// Decides an appeal as `reviewer`, with the corrected allowed amount of an underpaid line.
    pub fn decide_appeal_allowing(
        &mut self,
        reviewer: &Addr,
        appeal_id: u64,
        outcome: AppealOutcome,
        allowed: Option<Uint128>,
    ) -> StdResult<AppResponse> {
        self.execute(
            reviewer,
            &ExecuteMsg::DecideAppeal {
                appeal_id,
                outcome,
                allowed,
            },
        )
    }

    /// Decides an appeal as `reviewer`.
    pub fn decide_appeal(
        &mut self,
        reviewer: &Addr,
        appeal_id: u64,
        outcome: AppealOutcome,
    ) -> StdResult<AppResponse> {
        self.execute(
            reviewer,
            &ExecuteMsg::DecideAppeal {
                appeal_id,
                outcome,
                allowed: None,
            },
        )
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
