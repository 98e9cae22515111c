//! Claims invariants over generated histories. A plan covers the patient and the spouse (one
//! family); two providers (the hospital and the clinician) bill random claims: random codes of
//! the plan (and one outside it), units, charges, members, dates of service (some before
//! coverage, some past timely filing), exact resubmissions (duplicates), replacements and voids,
//! adjuster reviews of pended claims, appeals upheld or overturned by a second reviewer, members
//! suspended and reinstated, withdrawals, and the pool funded in random amounts at random times
//! (so some periods are unfunded and claims wait in the payment queue). A pharmacy dispenses packs
//! (30 units each) and bills them with random units, on the dispense day or later, while the
//! undo window is open or after it, and tries to undo dispenses. The hospital bills what the
//! clinician rendered (on the clinician's note), the pharmacy what the clinician prescribed. The
//! plan has a prompt-pay rule (15 days, 20 % a year), so late payments carry interest. The
//! patient is also covered by a second plan of the insurer, secondary in the payer order: the
//! providers bill it for decided claims of the first plan, citing them or not.
//!
//! After every step:
//! - the pool never goes negative: the pool query's balance equals the contract's bank balance,
//!   reserved funds never exceed it, `available = balance - reserved`, and the claims'
//!   reservations add up to the pool's;
//! - every line of every claim satisfies `charge = paid + sum(adjustments)`;
//! - money is conserved: the providers' bank receipts plus the insurer's withdrawals equal the
//!   pool's outflow `total_funded - balance` (and the pool's `total_paid_out`); per provider, the
//!   cash received equals what its live claims were credited plus what it owes the plan after
//!   reversals;
//! - a claim marked paid was credited its whole payment, and one waiting for payment is queued;
//! - the payment queue's length is the pool's `pending_payments`, and a funding or queue run
//!   pays waiting claims oldest first (what leaves the queue is a prefix of it);
//! - each member's and the family's accumulators are exactly the deductible and out-of-pocket
//!   effects of the live claims, within the plan's limits;
//! - a paid pharmacy line is a pack dispensed by the pharmacy on the line's date of service,
//!   whose dispense can no longer be undone, billed for at most the units the pack holds;
//! - a refused step changes nothing in the contract's storage;
//! - coordination of benefits: a secondary claim pays a line only when it cites the primary's
//!   claim, never more than the primary left the patient, and never so much that both plans
//!   together pay more than the larger allowed amount;
//! - prompt pay: the overdue list is exactly the queued claims past their due time; the interest
//!   paid is counted in the providers' receipts and the pool's outflow;
//! - external review: the member asks an independent review organization to review an upheld
//!   appeal; its overturn pays the named lines once (a second decision is refused);
//! - underpayment appeals: the billing provider appeals a paid line's amount and the plan
//!   re-prices that line at the fee schedule; a payable line never pays more than its allowed
//!   amount, nor allows more than its charge.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Uint128};
use cw_health_testing::claims::{
    assert_balanced, benefit, claim, drug_line, line, standard_plan, void_of,
};
use cw_health_testing::drug::{unit, GTIN, PACK_QUANTITY};
use cw_health_testing::ehr::permit;
use cw_health_testing::{Suite, SuiteBuilder};
use cw_health_types::claims_engine::{
    AdjustmentGroup, AppealKind, AppealOutcome, Carc, Claim, ClaimFrequency, ClaimStatus,
    ClaimSubmission, CostLimit, CostShare, DependantOf, EnrollmentInput, ExecuteMsg, LineReview,
    LineReviewAction, LineStatus, MemberStatus, OutOfNetwork, PaymentStatus, PromptPay,
    ProviderBalanceResponse, QueryMsg, QueuedPayment, Relationship, ReviewDecision, TierLimits,
    UnderpaymentBasis,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};
use proptest::prelude::*;

/// Procedure codes billed: the plan's four (office visit, lab panel with a unit limit of 3 a day,
/// a copay drug, an MRI needing prior authorization) and one outside the fee schedule.
const CODES: [&str; 5] = ["99213", "80053", "J3490", "70553", "99999"];

/// One step of a generated history.
#[derive(Clone, Debug)]
enum Step {
    /// A provider bills a member for services `days_ago` days before today.
    Submit {
        by_clinician: bool,
        for_spouse: bool,
        days_ago: u64,
        lines: Vec<(usize, u32, u128)>,
    },
    /// An earlier submission is sent again, unchanged (an exact duplicate).
    Resubmit(prop::sample::Index),
    /// The billing provider voids an earlier claim.
    Void(prop::sample::Index),
    /// An adjuster decides one of the pended claims: 0 approve, 1 deny (CO-50), 2 reprice line 1 to
    /// `percent` of its charge.
    Review {
        pick: prop::sample::Index,
        decision: u8,
        percent: u8,
    },
    /// The provider appeals the last denied line of a claim; an adjuster other than the claim's
    /// own overturns the denial (`true`: that line only is re-decided) or upholds it.
    Appeal(prop::sample::Index, bool),
    /// The member asks external review of an upheld appeal; the independent review organization
    /// overturns (`true`) or upholds it.
    ExternalReview(prop::sample::Index, bool),
    /// The billing provider appeals the amount of a paid line an adjuster repriced; a
    /// reviewer re-prices it at the fee schedule (`true`, upheld when nothing more is allowed)
    /// or upholds it.
    Underpay(prop::sample::Index, bool),
    /// The billing provider replaces an earlier claim with new lines (frequency 7).
    Replace(prop::sample::Index, Vec<(usize, u32, u128)>),
    /// The insurer suspends (grace period: claims pend) or reinstates a member.
    Coverage { spouse: bool, suspended: bool },
    /// The insurer funds the pool.
    Fund(u128),
    /// The insurer withdraws available funds (refused while claims wait for payment).
    Withdraw(u128),
    /// Anyone runs the payment queue.
    ProcessQueue(u32),
    /// Time passes (at most until 330 days into coverage).
    Advance(u64),
    /// The pharmacy dispenses its next pack in stock.
    Dispense,
    /// The pharmacy bills a dispensed pack: `units` of J3490 at `charge`, for the day it was
    /// dispensed or (`today`) the current day.
    BillPack {
        pick: prop::sample::Index,
        for_spouse: bool,
        today: bool,
        units: u32,
        charge: u128,
    },
    /// The pharmacy tries to undo a dispense (refused once the undo window has passed).
    UndoPack(prop::sample::Index),
    /// The provider of a decided claim of the first plan for the patient bills the second plan
    /// for the same lines, citing the first plan's claim (`cite`) or not.
    BillSecondary {
        pick: prop::sample::Index,
        cite: bool,
    },
}

/// The pharmacy's stock: packs of one lot.
const PACKS: usize = 12;
/// The second plan's pool (never runs out in a history).
const SECONDARY_FUNDS: u128 = 1_000_000;

fn step() -> impl Strategy<Value = Step> {
    let line = (0..CODES.len(), 1u32..=5, 1u128..=1_500);
    prop_oneof![
        6 => (
            any::<bool>(),
            any::<bool>(),
            prop_oneof![8 => 0u64..=20, 1 => 21u64..=90],
            prop::collection::vec(line.clone(), 1..=3)
        )
            .prop_map(|(by_clinician, for_spouse, days_ago, lines)| Step::Submit {
                by_clinician,
                for_spouse,
                days_ago,
                lines
            }),
        1 => any::<prop::sample::Index>().prop_map(Step::Resubmit),
        1 => any::<prop::sample::Index>().prop_map(Step::Void),
        2 => (any::<prop::sample::Index>(), 0u8..3, 0u8..=100).prop_map(
            |(pick, decision, percent)| Step::Review {
                pick,
                decision,
                percent
            }
        ),
        2 => (any::<prop::sample::Index>(), any::<bool>())
            .prop_map(|(pick, overturn)| Step::Appeal(pick, overturn)),
        3 => (any::<prop::sample::Index>(), any::<bool>())
            .prop_map(|(pick, overturn)| Step::ExternalReview(pick, overturn)),
        2 => (any::<prop::sample::Index>(), prop_oneof![3 => Just(true), 1 => Just(false)])
            .prop_map(|(pick, reprice)| Step::Underpay(pick, reprice)),
        1 => (any::<prop::sample::Index>(), prop::collection::vec(line, 1..=2))
            .prop_map(|(pick, lines)| Step::Replace(pick, lines)),
        1 => (any::<bool>(), any::<bool>())
            .prop_map(|(spouse, suspended)| Step::Coverage { spouse, suspended }),
        2 => (1u128..=4_000).prop_map(Step::Fund),
        1 => (1u128..=1_500).prop_map(Step::Withdraw),
        1 => (1u32..=5).prop_map(Step::ProcessQueue),
        2 => (1u64..=30).prop_map(Step::Advance),
        2 => Just(Step::Dispense),
        3 => (
            any::<prop::sample::Index>(),
            any::<bool>(),
            prop_oneof![4 => Just(false), 1 => Just(true)],
            prop_oneof![4 => 1u32..=PACK_QUANTITY, 1 => PACK_QUANTITY + 1..=100],
            1u128..=3_000
        )
            .prop_map(|(pick, for_spouse, today, units, charge)| Step::BillPack {
                pick,
                for_spouse,
                today,
                units,
                charge
            }),
        1 => any::<prop::sample::Index>().prop_map(Step::UndoPack),
        2 => (any::<prop::sample::Index>(), prop_oneof![4 => Just(true), 1 => Just(false)])
            .prop_map(|(pick, cite)| Step::BillSecondary { pick, cite }),
    ]
}

/// The spouse's link to the subscriber (the patient).
fn spouse_of(patient: &Addr) -> DependantOf {
    DependantOf {
        subscriber: patient.to_string(),
        relationship: Relationship::Spouse,
    }
}

/// What a line's 835 says the member owes: (PR-1, PR-1 + PR-2 + PR-3).
fn owed(l: &cw_health_types::claims_engine::ClaimLine) -> (u128, u128) {
    let pr = |reasons: &[Carc]| -> u128 {
        l.adjustments
            .iter()
            .filter(|a| {
                a.group == AdjustmentGroup::PatientResponsibility && reasons.contains(&a.reason)
            })
            .map(|a| a.amount.u128())
            .sum()
    };
    (
        pr(&[Carc::DEDUCTIBLE]),
        pr(&[Carc::DEDUCTIBLE, Carc::COINSURANCE, Carc::COPAY]),
    )
}

/// The plan, its members' records and what the test has seen so far.
struct World {
    suite: Suite,
    plan: u64,
    /// The patient's second plan (secondary), funded once with `SECONDARY_FUNDS`.
    plan_b: u64,
    records: [u64; 2],
    /// Every accepted submission with its provider (for resubmissions).
    submissions: Vec<(Addr, ClaimSubmission)>,
    /// Every claim id issued.
    claims: Vec<u64>,
    /// The providers' (hospital, clinician, pharmacy) balances at the start.
    provider_start: [u128; 3],
    /// What the insurer withdrew.
    withdrawn: u128,
    funded: u128,
    /// Coverage (and the plan year) start.
    start: cosmwasm_std::Timestamp,
    /// The pharmacy's packs: serial and, once dispensed, when.
    packs: Vec<(String, Option<cosmwasm_std::Timestamp>)>,
    /// Internal appeals upheld (external review may be asked of them).
    upheld: Vec<u64>,
    /// The independent review organization.
    iro: Addr,
}

/// A plan with a 300 auto-approval ceiling (so large claims pend), 30-day timely filing, a unit
/// limit on the lab panel and a prior-authorization code; both members enrolled in one family from the start;
/// each lets the clinician treat and the hospital bill on a visit note. The pool starts empty and
/// the chain 20 days into coverage.
fn world() -> World {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let mut plan = standard_plan(start, &a.adjuster);
    // The policy year started 340 days before coverage: it renews 25 or 26 days into the
    // history, so claims fall in two plan years.
    plan.plan_year_start = start.minus_days(340);
    // The clinician is out of network: every code has out-of-network terms (30 %), met against
    // their own limits.
    for b in plan.benefits.iter_mut() {
        b.out_of_network = Some(OutOfNetwork {
            fee_per_unit: b.fee_per_unit,
            cost_share: CostShare::Coinsurance { bps: 3_000 },
        });
    }
    plan.out_of_network_limits = Some(TierLimits {
        deductible: CostLimit {
            individual: Uint128::new(300),
            family: Uint128::new(450),
        },
        out_of_pocket_max: CostLimit {
            individual: Uint128::new(900),
            family: Uint128::new(1_500),
        },
    });
    plan.auto_approval_ceiling = Uint128::new(300);
    plan.timely_filing_days = 30;
    plan.adjusters.push(a.reviewer.to_string());
    plan.benefits[1].max_units_per_day = Some(3);
    let mut mri = benefit("70553", 800, CostShare::Coinsurance { bps: 1_000 });
    mri.prior_auth_required = true;
    mri.out_of_network = Some(OutOfNetwork {
        fee_per_unit: Uint128::new(800),
        cost_share: CostShare::Coinsurance { bps: 3_000 },
    });
    plan.benefits.push(mri);
    plan.prompt_pay = Some(PromptPay {
        days: 15,
        annual_interest_bps: 2_000,
    });
    let plan = suite.claims().create_plan(&a.insurer, plan).unwrap();
    suite
        .claims()
        .execute(
            &a.insurer,
            &ExecuteMsg::UpdateNetwork {
                plan_id: plan,
                add: vec![a.hospital.to_string(), a.pharmacy.to_string()],
                remove: vec![],
            },
        )
        .unwrap();
    // The second plan: other fees (half), no auto-approval ceiling to speak of.
    let mut second = standard_plan(start, &a.adjuster);
    second.adjusters.push(a.reviewer.to_string());
    for b in second.benefits.iter_mut() {
        b.fee_per_unit = (b.fee_per_unit / Uint128::new(2)).max(Uint128::one());
    }
    let plan_b = suite.claims().create_plan(&a.insurer, second).unwrap();
    suite
        .claims()
        .fund_pool(&a.insurer, plan_b, SECONDARY_FUNDS)
        .unwrap();
    // The owner designates the independent review organization of external reviews.
    let iro = cw_multi_test::IntoAddr::into_addr("iro");
    suite
        .claims()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateConfig {
                ehr_registry: None,
                drug_provenance: None,
                payout_batch_limit: None,
                review_organizations: Some(vec![iro.to_string()]),
            },
        )
        .unwrap();
    let mut records = [0; 2];
    for (i, member) in [&a.patient, &a.spouse].into_iter().enumerate() {
        // The patient is the subscriber, the spouse their dependant (01).
        suite
            .claims()
            .execute(
                &a.insurer,
                &ExecuteMsg::EnrollMember(EnrollmentInput {
                    plan_id: plan,
                    member: member.to_string(),
                    family_id: "FAM-9".into(),
                    coverage_start: start,
                    coverage_end: None,
                    status: MemberStatus::Active,
                    dependant_of: (i == 1).then(|| spouse_of(&a.patient)),
                }),
            )
            .unwrap();
        if i == 0 {
            suite
                .claims()
                .enroll(&a.insurer, plan_b, member, "FAM-B", start)
                .unwrap();
        }
        for (grantee, actions) in [
            (&a.clinician, vec![AccessAction::Read, AccessAction::Write]),
            (&a.hospital, vec![AccessAction::Read]),
            (&a.pharmacy, vec![AccessAction::Read]),
        ] {
            suite
                .ehr()
                .grant_access(
                    member,
                    member,
                    grantee,
                    permit(&actions, &[PurposeOfUse::Treatment, PurposeOfUse::Payment]),
                    None,
                )
                .unwrap();
        }
        records[i] = suite
            .ehr()
            .add_record(
                &a.clinician,
                member,
                &format!("Encounter/{member}"),
                FhirResourceType::Encounter,
                &[],
            )
            .unwrap();
    }
    let serials: Vec<String> = (0..PACKS).map(|i| format!("INV-{i:02}")).collect();
    let refs: Vec<&str> = serials.iter().map(String::as_str).collect();
    suite
        .drug()
        .commission(&a.manufacturer, GTIN, "LOT-INV", "271231", &refs)
        .unwrap();
    suite
        .drug()
        .transfer(
            &a.manufacturer,
            &a.pharmacy,
            refs.iter().map(|s| unit(GTIN, s)).collect(),
        )
        .unwrap();
    suite.advance_days(20);
    let provider_start = [
        suite.balance(&a.hospital).u128(),
        suite.balance(&a.clinician).u128(),
        suite.balance(&a.pharmacy).u128(),
    ];
    World {
        suite,
        plan,
        plan_b,
        records,
        submissions: vec![],
        claims: vec![],
        provider_start,
        withdrawn: 0,
        funded: 0,
        start,
        packs: serials.into_iter().map(|s| (s, None)).collect(),
        upheld: vec![],
        iro,
    }
}

impl World {
    fn queue(&self) -> Vec<QueuedPayment> {
        let mut all = vec![];
        let mut start_after = None;
        loop {
            let page: cw_health_types::claims_engine::PaymentQueueResponse = self
                .suite
                .app
                .wrap()
                .query_wasm_smart(
                    &self.suite.claims_addr,
                    &QueryMsg::PaymentQueue {
                        plan_id: self.plan,
                        start_after,
                        limit: Some(30),
                    },
                )
                .unwrap();
            let done = page.entries.len() < 30;
            start_after = page.entries.last().map(|e| e.seq);
            all.extend(page.entries);
            if done {
                return all;
            }
        }
    }

    /// One of the dispensed packs: (index, serial, dispensed at).
    fn dispensed(
        &self,
        pick: &prop::sample::Index,
    ) -> Option<(usize, String, cosmwasm_std::Timestamp)> {
        let d: Vec<(usize, String, cosmwasm_std::Timestamp)> = self
            .packs
            .iter()
            .enumerate()
            .filter_map(|(i, (s, at))| at.map(|t| (i, s.clone(), t)))
            .collect();
        (!d.is_empty()).then(|| pick.get(&d).clone())
    }

    /// One of the claims issued so far that satisfies `filter`, if any.
    fn claim(
        &mut self,
        pick: &prop::sample::Index,
        filter: impl Fn(&Claim) -> bool,
    ) -> Option<Claim> {
        let ids = self.claims.clone();
        let candidates: Vec<Claim> = ids
            .iter()
            .map(|id| self.suite.claims().claim(*id).unwrap())
            .filter(|c| filter(c))
            .collect();
        if candidates.is_empty() {
            None
        } else {
            Some(pick.get(&candidates).clone())
        }
    }

    /// The member asks external review of an upheld appeal; the IRO decides it, once.
    fn external_review(
        &mut self,
        pick: &prop::sample::Index,
        overturn: bool,
    ) -> Result<(), cosmwasm_std::StdError> {
        if self.upheld.is_empty() {
            return Ok(());
        }
        let internal = *pick.get(&self.upheld);
        let claim_id = self
            .suite
            .claims()
            .appeal_of(internal)
            .unwrap()
            .claim_id
            .unwrap();
        let c = self.suite.claims().claim(claim_id).unwrap();
        let kind = AppealKind::External {
            appeal_id: internal,
        };
        // Refused when asked twice, after 4 months, or while the claim has another open appeal.
        let ext = self.suite.claims().file_appeal(&c.member, None, kind)?;
        let outcome = if overturn {
            AppealOutcome::Overturned
        } else {
            AppealOutcome::Upheld
        };
        let iro = self.iro.clone();
        let adjuster = self.suite.actors.adjuster.clone();
        // The insurer's adjuster may not pose as the IRO.
        assert!(self
            .suite
            .claims()
            .decide_appeal(&adjuster, ext, outcome)
            .is_err());
        self.suite
            .claims()
            .decide_appeal(&iro, ext, outcome)
            .unwrap();
        assert!(
            self.suite
                .claims()
                .decide_appeal(&iro, ext, outcome)
                .is_err(),
            "an external review is decided once"
        );
        let after = self.suite.claims().claim(claim_id).unwrap();
        assert_balanced(&after);
        for (b, l) in c.lines.iter().zip(&after.lines) {
            if !self
                .suite
                .claims()
                .appeal_of(ext)
                .unwrap()
                .lines
                .contains(&l.number)
            {
                assert_eq!(b, l, "external review changed a line it did not name");
            }
        }
        Ok(())
    }

    /// The billing provider appeals a paid line allowed below its charge; a reviewer other than
    /// the claim's adjuster re-prices it at the fee schedule, or upholds.
    fn underpay(
        &mut self,
        pick: &prop::sample::Index,
        reprice: bool,
    ) -> Result<(), cosmwasm_std::StdError> {
        // A line an adjuster repriced below its charge (else the fee schedule was applied).
        let low = |l: &cw_health_types::claims_engine::ClaimLine| {
            l.status == LineStatus::Paid
                && l.allowed < l.charge
                && matches!(l.review, Some(LineReviewAction::Reprice { .. }))
        };
        let Some(c) = self.claim(pick, |c| {
            matches!(c.status, ClaimStatus::Paid | ClaimStatus::PartiallyPaid)
                && c.lines.iter().any(low)
        }) else {
            return Ok(());
        };
        let line = c.lines.iter().find(|l| low(l)).map_or(1, |l| l.number);
        let kind = AppealKind::Underpayment {
            line,
            basis: UnderpaymentBasis::FeeSchedule,
        };
        let appeal = self
            .suite
            .claims()
            .file_appeal(&c.provider, Some(c.id), kind)?;
        let a = self.suite.actors.clone();
        let reviewer = if c.adjudicator.as_ref() == Some(&a.reviewer) {
            &a.adjuster
        } else {
            &a.reviewer
        };
        let credited = c.credited;
        let repriced = reprice
            && self
                .suite
                .claims()
                .decide_appeal_allowing(reviewer, appeal, AppealOutcome::Overturned, None)
                .is_ok();
        if !repriced {
            self.suite
                .claims()
                .decide_appeal(reviewer, appeal, AppealOutcome::Upheld)
                .unwrap();
        }
        let after = self.suite.claims().claim(c.id).unwrap();
        assert_balanced(&after);
        for (b, l) in c.lines.iter().zip(&after.lines) {
            if l.number != line {
                assert_eq!(b, l, "an underpayment appeal changed another line");
            } else if repriced {
                assert!(l.allowed > b.allowed && l.paid >= b.paid);
            }
        }
        if !repriced {
            assert_eq!(after.credited, credited, "an upheld appeal pays nothing");
        }
        Ok(())
    }

    /// Runs one step; refused steps must leave the contract's storage as it was.
    fn run(&mut self, step: &Step) {
        let a = self.suite.actors.clone();
        let contract = self.suite.claims_addr.clone();
        let before = self.suite.snapshot(&contract);
        let queue_before = self.queue();
        let plan = self.plan;
        let result: Result<(), cosmwasm_std::StdError> = match step {
            Step::Submit {
                by_clinician,
                for_spouse,
                days_ago,
                lines,
            } => {
                let provider = if *by_clinician {
                    &a.clinician
                } else {
                    &a.hospital
                };
                let member = if *for_spouse { &a.spouse } else { &a.patient };
                let dos = self.suite.now().minus_days(*days_ago);
                let mut sub = claim(
                    plan,
                    member,
                    dos,
                    self.records[usize::from(*for_spouse)],
                    lines
                        .iter()
                        .map(|(code, units, charge)| line(CODES[*code], *units, *charge))
                        .collect(),
                );
                sub.rendering_provider = Some(a.clinician.to_string());
                let c = self.suite.claims().submit(provider, sub.clone());
                // The hospital bills the clinician's services only from the clinician's billing
                // authorization (the suite's start, before coverage): earlier ones are refused.
                if *provider == a.hospital && dos < self.start {
                    let e = c.expect_err("a service before the billing authorization");
                    let e_text = cw_health_testing::root_error(&e);
                    assert!(e_text.contains("may not bill for"), "{step:?}: {e_text}");
                    Err(e)
                } else {
                    // A well-formed claim from an active provider is always accepted
                    // (adjudicated).
                    let c = c.unwrap_or_else(|e| {
                        panic!("{step:?}: {}", cw_health_testing::root_error(&e))
                    });
                    self.claims.push(c.id);
                    self.submissions.push((provider.clone(), sub));
                    Ok(())
                }
            }
            Step::Resubmit(pick) => {
                if self.submissions.is_empty() {
                    return;
                }
                let (provider, sub) = pick.get(&self.submissions).clone();
                let c = self.suite.claims().submit(&provider, sub).unwrap();
                self.claims.push(c.id);
                Ok(())
            }
            Step::Void(pick) => {
                // Any claim, even one already reversed or a void (then refused).
                let Some(c) = self.claim(pick, |_| true) else {
                    return;
                };
                let record = c.supporting_record_id;
                let sub = void_of(c.plan_id, &c.member, c.date_of_service, record, c.id);
                self.suite.claims().submit(&c.provider, sub).map(|v| {
                    assert_eq!(v.status, ClaimStatus::Void);
                    self.claims.push(v.id);
                })
            }
            Step::Replace(pick, lines) => {
                // Any original or replacement (a reversed claim or a void is refused).
                let Some(c) = self.claim(pick, |c| c.status != ClaimStatus::Void) else {
                    return;
                };
                let mut sub = claim(
                    c.plan_id,
                    &c.member,
                    c.date_of_service,
                    c.supporting_record_id,
                    lines
                        .iter()
                        .map(|(code, units, charge)| line(CODES[*code], *units, *charge))
                        .collect(),
                );
                sub.rendering_provider = Some(a.clinician.to_string());
                sub.primary_claim_id = c.primary_claim_id;
                sub.frequency = ClaimFrequency::Replacement;
                sub.original_claim_id = Some(c.id);
                self.suite
                    .claims()
                    .submit(&c.provider, sub.clone())
                    .map(|r| {
                        assert_eq!(
                            self.suite.claims().claim(c.id).unwrap().status,
                            ClaimStatus::Reversed
                        );
                        self.claims.push(r.id);
                    })
            }
            Step::Coverage { spouse, suspended } => {
                let member = if *spouse { &a.spouse } else { &a.patient };
                self.suite
                    .claims()
                    .execute(
                        &a.insurer,
                        &ExecuteMsg::EnrollMember(EnrollmentInput {
                            plan_id: plan,
                            member: member.to_string(),
                            family_id: "FAM-9".into(),
                            coverage_start: self.start,
                            coverage_end: None,
                            status: if *suspended {
                                MemberStatus::Suspended
                            } else {
                                MemberStatus::Active
                            },
                            dependant_of: spouse.then(|| spouse_of(&a.patient)),
                        }),
                    )
                    .map(|_| ())
            }
            Step::Review {
                pick,
                decision,
                percent,
            } => {
                let Some(c) = self.claim(pick, |c| c.status == ClaimStatus::Pended) else {
                    return;
                };
                let first = &c.lines[0];
                let decision = match decision {
                    0 => ReviewDecision::Approve {},
                    1 => ReviewDecision::Deny {
                        reason: Carc::NOT_MEDICALLY_NECESSARY,
                        rarc: None,
                    },
                    _ => ReviewDecision::Adjust {
                        lines: vec![LineReview {
                            line: 1,
                            action: LineReviewAction::Reprice {
                                allowed: first.charge.multiply_ratio(u128::from(*percent), 100u128),
                            },
                        }],
                    },
                };
                self.suite
                    .claims()
                    .review(&a.adjuster, c.id, decision)
                    .map(|r| assert_ne!(r.status, ClaimStatus::Pended))
            }
            Step::Appeal(pick, overturn) => {
                // A claim with a denied line (some are reversed or appealed already: refused).
                let Some(c) = self.claim(pick, |c| {
                    c.lines.iter().any(|l| l.status == LineStatus::Denied)
                }) else {
                    return;
                };
                let reviewer = if c.adjudicator.as_ref() == Some(&a.reviewer) {
                    &a.adjuster
                } else {
                    &a.reviewer
                };
                // The last denied line only: the other lines must keep their decision.
                let last_denied = c
                    .lines
                    .iter()
                    .filter(|l| l.status == LineStatus::Denied)
                    .map(|l| l.number)
                    .next_back()
                    .unwrap_or(1);
                match self
                    .suite
                    .claims()
                    .appeal_lines(&c.provider, c.id, vec![last_denied])
                {
                    Ok(appeal) => {
                        if !*overturn {
                            self.upheld.push(appeal);
                        }
                        self.suite
                            .claims()
                            .decide_appeal(
                                reviewer,
                                appeal,
                                if *overturn {
                                    AppealOutcome::Overturned
                                } else {
                                    AppealOutcome::Upheld
                                },
                            )
                            .unwrap();
                        assert_balanced(&self.suite.claims().claim(c.id).unwrap());
                        Ok(())
                    }
                    Err(e) => Err(e),
                }
            }
            Step::ExternalReview(pick, overturn) => self.external_review(pick, *overturn),
            Step::Underpay(pick, reprice) => self.underpay(pick, *reprice),
            Step::Fund(amount) => {
                self.suite
                    .claims()
                    .fund_pool(&a.insurer, plan, *amount)
                    .unwrap();
                self.funded += amount;
                Ok(())
            }
            Step::Withdraw(amount) => self
                .suite
                .claims()
                .withdraw(&a.insurer, plan, *amount)
                .map(|_| self.withdrawn += amount),
            Step::ProcessQueue(limit) => self
                .suite
                .claims()
                .process_payment_queue(&a.stranger, plan, Some(*limit))
                .map(|_| ()),
            Step::Advance(days) => {
                // Stay within the providers' one-year licenses in ehr-registry.
                if self.suite.now().plus_days(*days) > self.start.plus_days(330) {
                    return;
                }
                self.suite.advance_days(*days);
                Ok(())
            }
            Step::Dispense => {
                let Some(i) = self.packs.iter().position(|(_, at)| at.is_none()) else {
                    return;
                };
                let serial = self.packs[i].0.clone();
                self.suite
                    .drug()
                    .dispense(&a.pharmacy, GTIN, &serial)
                    .unwrap();
                self.packs[i].1 = Some(self.suite.now());
                Ok(())
            }
            Step::BillPack {
                pick,
                for_spouse,
                today,
                units,
                charge,
            } => {
                let Some((_, serial, at)) = self.dispensed(pick) else {
                    return;
                };
                let member = if *for_spouse { &a.spouse } else { &a.patient };
                let dos = if *today { self.suite.now() } else { at };
                let mut l = drug_line("J3490", *charge, GTIN, &serial);
                l.units = *units;
                let mut sub = claim(
                    plan,
                    member,
                    dos,
                    self.records[usize::from(*for_spouse)],
                    vec![l],
                );
                sub.rendering_provider = Some(a.clinician.to_string());
                let c = self.suite.claims().submit(&a.pharmacy, sub.clone());
                let c =
                    c.unwrap_or_else(|e| panic!("{step:?}: {}", cw_health_testing::root_error(&e)));
                self.claims.push(c.id);
                self.submissions.push((a.pharmacy.clone(), sub));
                Ok(())
            }
            Step::UndoPack(pick) => {
                let Some((i, serial, _)) = self.dispensed(pick) else {
                    return;
                };
                // drug-provenance decides; claims-engine is not involved (its storage is
                // compared only when the step is refused, and it is not touched either way).
                if self
                    .suite
                    .drug()
                    .undo_dispense(&a.pharmacy, GTIN, &serial)
                    .is_ok()
                {
                    self.packs[i].1 = None;
                }
                Ok(())
            }
            Step::BillSecondary { pick, cite } => {
                let (plan_a, patient) = (self.plan, a.patient.clone());
                let Some(c) = self.claim(pick, |c| {
                    c.plan_id == plan_a
                        && c.member == patient
                        && matches!(
                            c.status,
                            ClaimStatus::Paid | ClaimStatus::PartiallyPaid | ClaimStatus::Denied
                        )
                }) else {
                    return;
                };
                let mut sub = claim(
                    self.plan_b,
                    &c.member,
                    c.date_of_service,
                    c.supporting_record_id,
                    c.lines
                        .iter()
                        .map(|l| {
                            let mut i = line(&l.procedure_code, l.units, l.charge.u128());
                            i.drug = l.drug.clone();
                            i
                        })
                        .collect(),
                );
                sub.rendering_provider = Some(a.clinician.to_string());
                sub.primary_claim_id = cite.then_some(c.id);
                let s = self.suite.claims().submit(&c.provider, sub.clone());
                let s =
                    s.unwrap_or_else(|e| panic!("{step:?}: {}", cw_health_testing::root_error(&e)));
                if !cite {
                    assert!(
                        s.lines.iter().all(|l| l.paid.is_zero()),
                        "claim {}: the secondary plan paid without the primary's claim",
                        s.id
                    );
                }
                self.claims.push(s.id);
                Ok(())
            }
        };
        if result.is_err() {
            assert!(
                self.suite.snapshot(&contract) == before,
                "{step:?} was refused but changed the contract's storage"
            );
        }
        if matches!(step, Step::Fund(_) | Step::ProcessQueue(_)) {
            // Payments leave the queue oldest first: the rest of the queue is a suffix of it.
            let after: Vec<u64> = self.queue().iter().map(|q| q.seq).collect();
            let before: Vec<u64> = queue_before.iter().map(|q| q.seq).collect();
            assert!(
                before.ends_with(&after),
                "{step:?}: queue {before:?} became {after:?}, not oldest first"
            );
        }
        self.check();
    }

    /// The invariants of the file's doc comment.
    fn check(&mut self) {
        let a = self.suite.actors.clone();
        let contract = self.suite.claims_addr.clone();
        let pool = self.suite.claims().pool(self.plan).unwrap();
        let pool_b = self.suite.claims().pool(self.plan_b).unwrap();
        let bank = self.suite.balance(&contract).u128();
        assert_eq!(
            pool.balance.u128() + pool_b.balance.u128(),
            bank,
            "pool books vs bank balance"
        );
        assert_eq!(pool_b.total_funded.u128(), SECONDARY_FUNDS);
        assert_eq!(pool_b.pending_payments, 0, "the second plan never waits");
        assert!(pool.reserved <= pool.balance, "reserved above the balance");
        assert_eq!(pool.available, pool.balance - pool.reserved);
        assert_eq!(pool.total_funded.u128(), self.funded);

        let providers = [a.hospital.clone(), a.clinician.clone(), a.pharmacy.clone()];
        let received: Vec<u128> = providers
            .iter()
            .zip(self.provider_start)
            .map(|(p, start)| self.suite.balance(p).u128() - start)
            .collect();
        let receipts: u128 = received.iter().sum();
        let outflow = pool.total_funded.u128() - pool.balance.u128();
        let outflow_b = SECONDARY_FUNDS - pool_b.balance.u128();
        assert_eq!(
            receipts + self.withdrawn,
            outflow + outflow_b,
            "provider receipts + withdrawals vs the pools' outflow"
        );
        assert_eq!(pool.total_paid_out.u128(), outflow);
        assert_eq!(pool_b.total_paid_out.u128(), outflow_b);

        let queue = self.queue();
        assert_eq!(queue.len() as u64, pool.pending_payments);

        let mut reserved = Uint128::zero();
        // Per provider: credited on its live (not reversed) claims, and prompt-pay interest
        // received on any claim.
        let mut credited = [0u128; 3];
        // Per member (patient, spouse, and the patient in the second plan), plan year (0, 1) and
        // network tier (in, out): deductible and out-of-pocket effects of live claims.
        let members = [a.patient.clone(), a.spouse.clone()];
        let mut effects = [[[(0u128, 0u128); 2]; 2]; 3];
        let now = self.suite.now();
        let mut overdue_expected = vec![];
        for id in &self.claims.clone() {
            let c = self.suite.claims().claim(*id).unwrap();
            assert_balanced(&c);
            // Plan years follow the policy year: the anniversary of the first plan's start.
            let anniversary = self
                .start
                .minus_days(340)
                .plus_days(365 + leap_day(self.start));
            let year = u32::from(c.plan_id == self.plan && c.date_of_service >= anniversary);
            assert_eq!(c.plan_year, year, "claim {id}: plan year");
            reserved += c.reserved;
            let p = providers.iter().position(|p| *p == c.provider).unwrap();
            credited[p] += c.interest_paid.u128();
            if c.status != ClaimStatus::Reversed {
                credited[p] += c.credited.u128();
                let m = members.iter().position(|m| *m == c.member).unwrap();
                let m = if c.plan_id == self.plan_b { 2 } else { m };
                for l in &c.lines {
                    if l.status == LineStatus::Paid {
                        assert!(
                            l.paid <= l.allowed && l.allowed <= l.charge,
                            "claim {} line {}: paid above allowed or allowed above charge",
                            c.id,
                            l.number
                        );
                    }
                    // A line counts what its 835 says the member owes, in its network tier.
                    assert_eq!(
                        (l.effects.deductible.u128(), l.effects.out_of_pocket.u128()),
                        owed(l),
                        "claim {id} line {}: effects vs PR adjustments",
                        l.number
                    );
                    if l.effects.out_of_network {
                        assert!(c.plan_id == self.plan && c.provider == a.clinician);
                    }
                    let e = &mut effects[m][c.plan_year as usize]
                        [usize::from(l.effects.out_of_network)];
                    e.0 += l.effects.deductible.u128();
                    e.1 += l.effects.out_of_pocket.u128();
                }
            }
            if c.payment_status == PaymentStatus::Pending
                && c.payment_due_at.is_some_and(|due| due < now)
            {
                overdue_expected.push(c.id);
            }
            if c.plan_id == self.plan_b && c.status != ClaimStatus::Reversed {
                self.check_secondary(&c);
            }
            if c.status != ClaimStatus::Pended {
                assert!(c.reserved.is_zero(), "claim {id} keeps a reservation");
            }
            // A paid pack is final: dispensed by the biller on the day of service, no longer
            // undoable, billed for at most what it holds.
            for l in c.lines.iter().filter(|l| l.status == LineStatus::Paid) {
                let Some(drug) = &l.drug else { continue };
                let v = self.suite.drug().verify(&drug.gtin, &drug.serial).unwrap();
                assert_eq!(v.dispensed_by.as_ref(), Some(&c.provider), "claim {id}");
                let at = v.dispensed_at.unwrap();
                assert_eq!(
                    at.seconds() / 86_400,
                    c.date_of_service.seconds() / 86_400,
                    "claim {id}: pack dispensed on another day"
                );
                assert!(v.undo_until.unwrap() <= self.suite.now(), "claim {id}");
                assert!(l.units <= PACK_QUANTITY, "claim {id}");
            }
            if !matches!(c.status, ClaimStatus::Reversed | ClaimStatus::Void) {
                assert!(c.credited <= c.total_paid, "claim {id} credited above paid");
                match c.payment_status {
                    PaymentStatus::Issued => assert_eq!(c.credited, c.total_paid),
                    PaymentStatus::Pending => {
                        assert!(queue.iter().any(|q| q.claim_id == *id))
                    }
                    PaymentStatus::NotDue => {}
                }
            }
        }
        assert_eq!(
            reserved,
            pool.reserved + pool_b.reserved,
            "claims' reservations vs the pools'"
        );
        // The overdue list is exactly the queued claims past their due time.
        let overdue: cw_health_types::claims_engine::OverdueDecisionsResponse = self
            .suite
            .claims()
            .query(&QueryMsg::OverduePayments {
                plan_id: self.plan,
                start_after: None,
                limit: Some(30),
            })
            .unwrap();
        let mut listed: Vec<u64> = overdue.items.iter().map(|i| i.id).collect();
        listed.sort_unstable();
        overdue_expected.sort_unstable();
        if overdue_expected.len() < 30 {
            assert_eq!(listed, overdue_expected, "overdue payments");
        }

        // What a provider received in cash is what its live claims were credited plus what it
        // still owes the plan after reversals (recouped by offset).
        for (i, p) in providers.iter().enumerate() {
            let mut owed = 0;
            for plan_id in [self.plan, self.plan_b] {
                let r: ProviderBalanceResponse = self
                    .suite
                    .claims()
                    .query(&QueryMsg::ProviderBalance {
                        plan_id,
                        provider: p.to_string(),
                    })
                    .unwrap();
                owed += r.owed_to_plan.u128();
            }
            assert_eq!(
                received[i],
                credited[i] + owed,
                "{p}: cash received vs credited on live claims + interest + owed to the plans"
            );
        }
        let acc = self
            .suite
            .claims()
            .accumulators_in(self.plan_b, &a.patient, 0)
            .unwrap();
        assert_eq!(
            (
                acc.deductible.individual_met.u128(),
                acc.out_of_pocket.individual_met.u128()
            ),
            effects[2][0][0],
            "the second plan's accumulators vs its live claims' effects"
        );

        // The accumulators are exactly the effects of the live claims, per plan year and network
        // tier, and within the limits; the spouse (a dependant) counts in the patient's family.
        for year in 0..2u32 {
            for (i, m) in members.iter().enumerate() {
                let acc = self
                    .suite
                    .claims()
                    .accumulators_in(self.plan, m, year)
                    .unwrap();
                let oon = acc
                    .out_of_network
                    .clone()
                    .expect("separate out-of-network limits");
                for (tier, (ded, oop)) in [
                    (acc.deductible, acc.out_of_pocket),
                    (oon.deductible, oon.out_of_pocket),
                ]
                .into_iter()
                .enumerate()
                {
                    let mine = effects[i][year as usize][tier];
                    let family = (
                        effects[0][year as usize][tier].0 + effects[1][year as usize][tier].0,
                        effects[0][year as usize][tier].1 + effects[1][year as usize][tier].1,
                    );
                    assert_eq!(
                        (ded.individual_met.u128(), oop.individual_met.u128()),
                        mine,
                        "{m}: year {year} tier {tier}: accumulators vs the live claims' effects"
                    );
                    assert_eq!(
                        (ded.family_met.u128(), oop.family_met.u128()),
                        family,
                        "year {year} tier {tier}: family accumulators vs both members' claims"
                    );
                    assert!(ded.individual_met <= ded.individual_limit);
                    assert!(ded.family_met <= ded.family_limit);
                    assert!(oop.individual_met <= oop.individual_limit);
                    assert!(oop.family_met <= oop.family_limit);
                }
            }
        }
    }
}

/// 1 if the plan year that started 340 days before `start` contains a 29 February.
fn leap_day(start: cosmwasm_std::Timestamp) -> u64 {
    let first = start.minus_days(340);
    // The anniversary is the same calendar day a year later: 366 days when a 29 February lies
    // between (found from the day count: civil dates are not needed for the mock clock's range).
    let days = |t: cosmwasm_std::Timestamp| t.seconds() / 86_400;
    let d0 = days(first);
    // Days from 1970-01-01 of each 29 February from 1972 on, every 4 years (until 2100).
    let feb29 = |y: u64| -> u64 {
        // days_from_civil(y, 2, 29)
        let yy = y - 1; // month <= 2
        let era = yy / 400;
        let yoe = yy - era * 400;
        let doy = (153 * 11 + 2) / 5 + 29 - 1; // March-based month 11 (February)
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    };
    let any = (1972..2100)
        .step_by(4)
        .map(feb29)
        .any(|f| f >= d0 && f < d0 + 365);
    u64::from(any)
}

impl World {
    /// A live claim of the second plan: it pays a line only on the primary's claim, at most
    /// what the primary left the patient, and both plans together at most the larger allowed
    /// amount.
    fn check_secondary(&mut self, c: &Claim) {
        let Some(primary_id) = c.primary_claim_id else {
            assert!(
                c.lines.iter().all(|l| l.paid.is_zero()),
                "claim {}: paid without the primary's claim",
                c.id
            );
            return;
        };
        let primary = self.suite.claims().claim(primary_id).unwrap();
        for l in c.lines.iter().filter(|l| !l.paid.is_zero()) {
            assert_eq!(primary.plan_id, self.plan);
            let p = primary
                .lines
                .iter()
                .find(|p| p.number == l.number)
                .unwrap_or_else(|| panic!("claim {}: no primary line {}", c.id, l.number));
            let left: u128 = p
                .adjustments
                .iter()
                .filter(|a| a.group == AdjustmentGroup::PatientResponsibility)
                .map(|a| a.amount.u128())
                .sum();
            assert!(
                l.paid.u128() <= left,
                "claim {}: above the primary's PR",
                c.id
            );
            assert!(
                p.paid.u128() + l.paid.u128() <= p.allowed.u128().max(l.allowed.u128()),
                "claim {} line {}: both plans paid more than allowed",
                c.id,
                l.number
            );
        }
    }
}

proptest! {
    // 64 histories by default; PROPTEST_CASES asks for more (a longer search).
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    /// Over random histories of up to 30 steps, the pool never goes negative, every line
    /// balances and the providers' receipts equal the pool's outflow (see the file's docs).
    #[test]
    fn pool_and_lines_stay_consistent_over_random_claims(
        steps in prop::collection::vec(step(), 1..=30)
    ) {
        let mut w = world();
        w.check();
        for s in &steps {
            w.run(s);
        }
    }
}

/// Any pick (the steps below leave one candidate each).
fn any_index() -> prop::sample::Index {
    use proptest::strategy::ValueTree;
    any::<prop::sample::Index>()
        .new_tree(&mut proptest::test_runner::TestRunner::deterministic())
        .unwrap()
        .current()
}

/// The appeal paths in one fixed history, each step checked against the invariants: an
/// adjuster's low repricing appealed as an underpayment and re-priced at the fee schedule; an
/// MRI denied without authorization, appealed, upheld, reviewed externally and overturned.
#[test]
fn underpayment_and_external_review_keep_the_invariants() {
    let mut w = world();
    let pick = any_index();
    w.run(&Step::Fund(20_000));
    // 5 units of 99213 (fee 200): plan payment 400 above the 300 ceiling, pended; the adjuster
    // reprices it to 10 % of the charge (150, all deductible).
    w.run(&Step::Submit {
        by_clinician: false,
        for_spouse: false,
        days_ago: 1,
        lines: vec![(0, 5, 1_500)],
    });
    w.run(&Step::Review {
        pick,
        decision: 2,
        percent: 10,
    });
    let repriced = w.suite.claims().claim(w.claims[0]).unwrap();
    assert_eq!(repriced.lines[0].allowed, Uint128::new(150));
    w.run(&Step::Underpay(pick, true));
    let c = w.suite.claims().claim(w.claims[0]).unwrap();
    assert_eq!(c.lines[0].allowed, Uint128::new(1_000));
    assert_eq!(c.total_paid, Uint128::new(400));
    assert_eq!(c.credited, c.total_paid);
    // The MRI without authorization: CO-197; the hospital's appeal is upheld.
    w.run(&Step::Submit {
        by_clinician: false,
        for_spouse: false,
        days_ago: 1,
        lines: vec![(3, 1, 900)],
    });
    let mri = *w.claims.last().unwrap();
    assert_eq!(
        w.suite.claims().claim(mri).unwrap().status,
        ClaimStatus::Denied
    );
    w.run(&Step::Appeal(pick, false));
    assert_eq!(w.upheld.len(), 1);
    w.run(&Step::ExternalReview(pick, true));
    let c = w.suite.claims().claim(mri).unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.credited, c.total_paid);
    // Asked again: refused, nothing changes, nothing is paid twice.
    w.run(&Step::ExternalReview(pick, true));
    assert_eq!(w.suite.claims().claim(mri).unwrap(), c);
}
