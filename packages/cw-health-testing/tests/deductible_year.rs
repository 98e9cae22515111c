//! Deductible year: a family of two (the patient and the spouse) on one plan with a deductible of
//! 500 per member and 800 per family and an out-of-pocket maximum of 1,500 per member and 2,500
//! per family. Over the plan year the hospital bills nine claims: the patient meets the deductible
//! in the middle of a claim, the spouse meets it through the family figure, an MRI pended above
//! the auto-approval ceiling is denied by the adjuster and paid after an appeal decided by a
//! second reviewer, the patient reaches the individual out-of-pocket maximum mid-claim and the
//! spouse the family one, after which the plan pays in full. Each claim's explanation of benefits
//! and both members' individual and family accumulators are asserted after it. When the plan year
//! rolls over, the accumulators start again from zero while last year's stay queryable.
//!
//! A second, shorter story: a lumbar MRI billed without its prior authorization is denied by
//! rule, the patient appeals, and the reviewer's overturn pays it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_health_testing::claims::{adjustment_codes, benefit, claim, line, standard_plan};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{
    AccumulatorsResponse, AppealOutcome, Carc, ClaimStatus, CostShare, EobEntry, LineStatus,
    PaymentStatus, PendReason, ReviewDecision,
};
use cw_health_types::ehr_registry::{ExecuteMsg as EhrMsg, PartyChangeReason};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

/// The pool the insurer funds at the start of the year.
const FUNDING: u128 = 20_000;

/// The family plan of the story, its supporting records and the year's start.
struct Year {
    suite: Suite,
    plan: u64,
    start: Timestamp,
    patient_record: u64,
    spouse_record: u64,
}

impl Year {
    /// Moves the chain to `day` days after the plan year's start.
    fn travel_to_day(&mut self, day: u64) {
        let target = self.start.plus_days(day).seconds();
        let now = self.suite.now().seconds();
        assert!(target >= now, "day {day} is in the past");
        self.suite.advance_seconds(target - now);
    }

    /// Bills `lines` for `member` today as the hospital, for what the clinician rendered, with
    /// the member's visit note (in the second plan year, a note the clinician writes that day).
    fn bill(
        &mut self,
        member: &Addr,
        lines: Vec<cw_health_types::claims_engine::ClaimLineInput>,
    ) -> cw_health_types::claims_engine::Claim {
        let hospital = self.suite.actors.hospital.clone();
        let mut record = if *member == self.suite.actors.patient {
            self.patient_record
        } else {
            self.spouse_record
        };
        // A visit of the next plan year is documented by a note of that year (a note supports
        // services up to 365 days after it was written).
        if self.suite.now() >= self.start.plus_days(365) {
            let clinician = self.suite.actors.clinician.clone();
            record = self
                .suite
                .ehr()
                .add_record(
                    &clinician,
                    member,
                    "Encounter/year-2-visit",
                    FhirResourceType::Encounter,
                    &[],
                )
                .unwrap();
        }
        let dos = self.suite.now();
        self.suite
            .claims()
            .submit(&hospital, claim(self.plan, member, dos, record, lines))
            .unwrap()
    }

    /// The member's accumulators in the current plan year.
    fn accums(&mut self, member: &Addr) -> AccumulatorsResponse {
        let plan = self.plan;
        self.suite.claims().accumulators(plan, member).unwrap()
    }

    /// Asserts a member's (individual, family) deductible and out-of-pocket met so far.
    fn assert_met(&mut self, member: &Addr, deductible: (u128, u128), out_of_pocket: (u128, u128)) {
        let a = self.accums(member);
        assert_eq!(
            (
                a.deductible.individual_met.u128(),
                a.deductible.family_met.u128()
            ),
            deductible,
            "deductible met (individual, family) of {member}"
        );
        assert_eq!(
            (
                a.out_of_pocket.individual_met.u128(),
                a.out_of_pocket.family_met.u128()
            ),
            out_of_pocket,
            "out of pocket met (individual, family) of {member}"
        );
    }

    /// The member's explanation of benefits for one claim.
    fn eob(&mut self, member: &Addr, claim_id: u64) -> EobEntry {
        self.suite
            .claims()
            .eob(member)
            .unwrap()
            .entries
            .into_iter()
            .find(|e| e.claim_id == claim_id)
            .unwrap()
    }

    /// Asserts an EOB's (deductible, coinsurance, plan paid, member owes), summed over its lines.
    fn assert_eob(&mut self, member: &Addr, claim_id: u64, expected: (u128, u128, u128, u128)) {
        let e = self.eob(member, claim_id);
        let sum = |f: fn(&cw_health_types::claims_engine::EobLine) -> Uint128| -> u128 {
            e.lines.iter().map(|l| f(l).u128()).sum()
        };
        assert_eq!(
            (
                sum(|l| l.deductible),
                sum(|l| l.coinsurance),
                e.plan_paid.u128(),
                e.member_owes.u128()
            ),
            expected,
            "EOB of claim {claim_id}: (deductible, coinsurance, plan paid, member owes)"
        );
    }

    /// The pool's balance, checked against the contract's bank balance (one plan here).
    fn pool_balance(&mut self) -> u128 {
        let plan = self.plan;
        let pool = self.suite.claims().pool(plan).unwrap();
        assert_eq!(pool.balance, self.suite.balance(&self.suite.claims_addr));
        pool.balance.u128()
    }
}

/// The insurer creates the family plan (the standard plan with family limits of 800 and 2,500, a
/// brain MRI, a lumbar MRI that needs prior authorization, a 2,000 auto-approval ceiling and a
/// second adjuster, the appeal reviewer), funds it and enrolls the patient and the spouse in
/// family `FAM-7`; each member lets the clinician write their chart and the hospital read it for
/// treatment and payment; the clinician writes a visit note in each chart.
fn family_year() -> Year {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();

    let mut plan = standard_plan(start, &a.adjuster);
    plan.external_id = "PLAN-FAMILY-2026".into();
    plan.deductible.family = Uint128::new(800);
    plan.out_of_pocket_max.family = Uint128::new(2_500);
    plan.benefits.push(benefit(
        "70553",
        3_000,
        CostShare::Coinsurance { bps: 2_000 },
    ));
    let mut lumbar_mri = benefit("72148", 1_000, CostShare::Coinsurance { bps: 2_000 });
    lumbar_mri.prior_auth_required = true;
    plan.benefits.push(lumbar_mri);
    plan.auto_approval_ceiling = Uint128::new(2_000);
    plan.adjusters.push(a.reviewer.to_string());
    let plan = suite.claims().create_plan(&a.insurer, plan).unwrap();
    suite.claims().fund_pool(&a.insurer, plan, FUNDING).unwrap();

    let mut records = vec![];
    for member in [&a.patient, &a.spouse] {
        suite
            .claims()
            .enroll(&a.insurer, plan, member, "FAM-7", start)
            .unwrap();
        suite
            .ehr()
            .grant_access(
                member,
                member,
                &a.clinician,
                permit(
                    &[AccessAction::Read, AccessAction::Write],
                    &[PurposeOfUse::Treatment],
                ),
                None,
            )
            .unwrap();
        suite
            .ehr()
            .grant_access(
                member,
                member,
                &a.hospital,
                permit(
                    &[AccessAction::Read],
                    &[PurposeOfUse::Treatment, PurposeOfUse::Payment],
                ),
                None,
            )
            .unwrap();
        let record = suite
            .ehr()
            .add_record(
                &a.clinician,
                member,
                &format!("Encounter/{member}"),
                FhirResourceType::Encounter,
                &[],
            )
            .unwrap();
        records.push(record);
    }
    Year {
        suite,
        plan,
        start,
        patient_record: records[0],
        spouse_record: records[1],
    }
}

/// The whole plan year of the family, claim by claim (see the file's doc comment).
#[test]
fn a_family_crosses_the_deductible_and_the_out_of_pocket_maximum_then_the_year_rolls_over() {
    let mut y = family_year();
    let a = y.suite.actors.clone();
    let (patient, spouse) = (a.patient.clone(), a.spouse.clone());
    let hospital_start = y.suite.balance(&a.hospital).u128();
    assert_eq!(y.pool_balance(), FUNDING);
    y.assert_met(&patient, (0, 0), (0, 0));
    y.assert_met(&spouse, (0, 0), (0, 0));

    // Day 15, the patient: two office visits billed 500, allowed 2 x 200 = 400 (CO-45 100), all
    // of it to the deductible. The plan pays nothing; nothing is due to the hospital.
    y.travel_to_day(15);
    let c1 = y.bill(&patient, vec![line("99213", 2, 500)]);
    assert_eq!(c1.status, ClaimStatus::Paid);
    assert_eq!(c1.payment_status, PaymentStatus::NotDue);
    assert_eq!(
        adjustment_codes(&c1.lines[0]),
        vec![("CO-45".into(), 100), ("PR-1".into(), 400)]
    );
    y.assert_eob(&patient, c1.id, (400, 0, 0, 400));
    y.assert_met(&patient, (400, 400), (400, 400));
    y.assert_met(&spouse, (0, 400), (0, 400));
    assert_eq!(y.accums(&patient).deductible.remaining.u128(), 100);

    // Day 40, the patient: three lab panels billed 300. The deductible is met in the middle of the claim:
    // 100 to the deductible (PR-1), 20 % of the remaining 200 as coinsurance (PR-2 40), paid 160.
    y.travel_to_day(40);
    let c2 = y.bill(&patient, vec![line("80053", 3, 300)]);
    assert_eq!(c2.total_paid.u128(), 160);
    assert_eq!(
        adjustment_codes(&c2.lines[0]),
        vec![("PR-1".into(), 100), ("PR-2".into(), 40)]
    );
    y.assert_eob(&patient, c2.id, (100, 40, 160, 140));
    y.assert_met(&patient, (500, 500), (540, 540));
    y.assert_met(&spouse, (0, 500), (0, 540));
    assert!(y.accums(&patient).deductible.remaining.is_zero());
    assert_eq!(y.suite.balance(&a.hospital).u128(), hospital_start + 160);

    // Day 60, the spouse: two visits of 200. Only 300 of the spouse's 500 deductible remain
    // because the family deductible (800) caps it: PR-1 300, PR-2 20, paid 80. The family
    // deductible is now met for both members.
    y.travel_to_day(60);
    let c3 = y.bill(&spouse, vec![line("99213", 2, 400)]);
    assert_eq!(
        adjustment_codes(&c3.lines[0]),
        vec![("PR-1".into(), 300), ("PR-2".into(), 20)]
    );
    y.assert_eob(&spouse, c3.id, (300, 20, 80, 320));
    y.assert_met(&spouse, (300, 800), (320, 860));
    y.assert_met(&patient, (500, 800), (540, 860));
    assert!(y.accums(&spouse).deductible.remaining.is_zero());
    assert_eq!(y.suite.balance(&a.hospital).u128(), hospital_start + 240);

    // Day 100, the patient: an MRI billed 3,500, allowed 3,000. The plan's 2,400 is above the
    // auto-approval ceiling (2,000): the claim pends with the funds reserved and the
    // accumulators provisionally applied.
    y.travel_to_day(100);
    let c4 = y.bill(&patient, vec![line("70553", 1, 3_500)]);
    assert_eq!(c4.status, ClaimStatus::Pended);
    assert_eq!(c4.pend_reasons, vec![PendReason::AboveAutoApprovalCeiling]);
    assert_eq!(c4.reserved.u128(), 2_400);
    let pool = y.suite.claims().pool(y.plan).unwrap();
    assert_eq!(
        (pool.reserved.u128(), pool.available.u128()),
        (2_400, FUNDING - 240 - 2_400)
    );
    y.assert_met(&patient, (500, 800), (1_140, 1_460));

    // The adjuster denies it as not medically necessary (CO-50): the accumulators roll back, the
    // reservation is released and nothing is paid.
    let denied = y
        .suite
        .claims()
        .review(
            &a.adjuster,
            c4.id,
            ReviewDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
                rarc: None,
            },
        )
        .unwrap();
    assert_eq!(denied.status, ClaimStatus::Denied);
    assert_eq!(denied.adjudicator, Some(a.adjuster.clone()));
    assert_eq!(denied.lines[0].status, LineStatus::Denied);
    assert_eq!(
        adjustment_codes(&denied.lines[0]),
        vec![("CO-50".into(), 3_500)]
    );
    y.assert_eob(&patient, c4.id, (0, 0, 0, 0));
    y.assert_met(&patient, (500, 800), (540, 860));
    let pool = y.suite.claims().pool(y.plan).unwrap();
    assert_eq!(pool.reserved.u128(), 0);
    assert_eq!(y.pool_balance(), FUNDING - 240);
    assert_eq!(y.suite.balance(&a.hospital).u128(), hospital_start + 240);

    // Day 110: the hospital appeals. The adjuster who denied the claim may not decide the appeal.
    y.travel_to_day(110);
    let appeal = y.suite.claims().appeal(&a.hospital, c4.id).unwrap();
    let err = y
        .suite
        .claims()
        .decide_appeal(&a.adjuster, appeal, AppealOutcome::Overturned)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        format!(
            "the original adjuster of claim {} may not decide its appeal",
            c4.id
        )
    );

    // Day 130: the second reviewer overturns the denial. The claim is re-adjudicated as a final
    // decision (no pend above the ceiling) and the hospital is paid 2,400 from the pool.
    y.travel_to_day(130);
    let pool_before = y.pool_balance();
    y.suite
        .claims()
        .decide_appeal(&a.reviewer, appeal, AppealOutcome::Overturned)
        .unwrap();
    let decided = y.suite.claims().appeal_info(appeal).unwrap();
    assert_eq!(decided.outcome, Some(AppealOutcome::Overturned));
    assert_eq!(decided.decided_by, Some(a.reviewer.clone()));
    assert_eq!(decided.appellant, a.hospital);
    let paid = y.suite.claims().claim(c4.id).unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(paid.payment_status, PaymentStatus::Issued);
    assert_eq!(paid.adjudicator, Some(a.reviewer.clone()));
    assert!(paid.edits_waived);
    assert_eq!(
        adjustment_codes(&paid.lines[0]),
        vec![("CO-45".into(), 500), ("PR-2".into(), 600)]
    );
    assert_eq!(
        (paid.total_paid.u128(), paid.credited.u128()),
        (2_400, 2_400)
    );
    assert_eq!(y.pool_balance(), pool_before - 2_400);
    assert_eq!(y.suite.balance(&a.hospital).u128(), hospital_start + 2_640);
    y.assert_eob(&patient, c4.id, (0, 600, 2_400, 600));
    y.assert_met(&patient, (500, 800), (1_140, 1_460));
    y.assert_met(&spouse, (300, 800), (320, 1_460));

    // Day 150, the patient: ten visits (2,000 allowed). 20 % would be 400 but only 360 remain to
    // the patient's out-of-pocket maximum, which is met in the middle of the claim: PR-2 360,
    // paid 1,640.
    y.travel_to_day(150);
    let c5 = y.bill(&patient, vec![line("99213", 10, 2_000)]);
    assert_eq!(c5.status, ClaimStatus::Paid);
    assert_eq!(adjustment_codes(&c5.lines[0]), vec![("PR-2".into(), 360)]);
    y.assert_eob(&patient, c5.id, (0, 360, 1_640, 360));
    y.assert_met(&patient, (500, 800), (1_500, 1_820));
    assert!(y.accums(&patient).out_of_pocket.remaining.is_zero());

    // Day 160, the patient: past the maximum the plan pays a lab panel in full.
    y.travel_to_day(160);
    let c6 = y.bill(&patient, vec![line("80053", 1, 100)]);
    assert!(c6.lines[0].adjustments.is_empty());
    y.assert_eob(&patient, c6.id, (0, 0, 100, 0));
    y.assert_met(&patient, (500, 800), (1_500, 1_820));

    // Day 200, the spouse: ten visits, 20 % coinsurance (400) within both limits; paid 1,600.
    y.travel_to_day(200);
    let c7 = y.bill(&spouse, vec![line("99213", 10, 2_000)]);
    y.assert_eob(&spouse, c7.id, (0, 400, 1_600, 400));
    y.assert_met(&spouse, (300, 800), (720, 2_220));
    assert_eq!(y.accums(&spouse).out_of_pocket.remaining.u128(), 280);

    // Day 210, the spouse: ten more visits. The spouse's own maximum is 780 away but the family's
    // only 280: PR-2 280, paid 1,720. The family out-of-pocket maximum is met.
    y.travel_to_day(210);
    let c8 = y.bill(&spouse, vec![line("99213", 10, 2_000)]);
    assert_eq!(adjustment_codes(&c8.lines[0]), vec![("PR-2".into(), 280)]);
    y.assert_eob(&spouse, c8.id, (0, 280, 1_720, 280));
    y.assert_met(&spouse, (300, 800), (1_000, 2_500));
    y.assert_met(&patient, (500, 800), (1_500, 2_500));
    assert!(y.accums(&spouse).out_of_pocket.remaining.is_zero());

    // Day 220, the spouse: the plan pays in full although the spouse's own figure is below 1,500.
    y.travel_to_day(220);
    let c9 = y.bill(&spouse, vec![line("80053", 1, 100)]);
    y.assert_eob(&spouse, c9.id, (0, 0, 100, 0));
    y.assert_met(&spouse, (300, 800), (1_000, 2_500));

    // The year's books: the hospital received every plan payment and the pool paid exactly that.
    let year_paid = 160 + 80 + 2_400 + 1_640 + 100 + 1_600 + 1_720 + 100;
    assert_eq!(
        y.suite.balance(&a.hospital).u128(),
        hospital_start + year_paid
    );
    assert_eq!(y.pool_balance(), FUNDING - year_paid);
    let pool = y.suite.claims().pool(y.plan).unwrap();
    assert_eq!(pool.total_paid_out.u128(), year_paid);
    assert_eq!(pool.total_funded.u128(), FUNDING);

    // The hospital's and the clinician's credentials are renewed before their licenses lapse
    // at the year's end (the hospital bills what the clinician renders).
    let credentialing = a.credentialing.clone();
    let renewed_until = y.start.plus_days(2 * 365);
    for party in [&a.hospital, &a.clinician] {
        y.suite
            .ehr()
            .execute(
                &credentialing,
                &EhrMsg::UpdateParty {
                    address: party.to_string(),
                    status: None,
                    license_expiry: Some(renewed_until),
                    reason: PartyChangeReason::LicenseRenewed,
                },
            )
            .unwrap();
    }

    // Day 366, plan year 1: both members' accumulators start from zero; last year's remain
    // queryable by index.
    y.travel_to_day(366);
    let now_year = y.accums(&patient);
    assert_eq!(now_year.plan_year, 1);
    y.assert_met(&patient, (0, 0), (0, 0));
    y.assert_met(&spouse, (0, 0), (0, 0));
    let last_year = y
        .suite
        .claims()
        .accumulators_in(y.plan, &patient, 0)
        .unwrap();
    assert_eq!(
        (
            last_year.deductible.individual_met.u128(),
            last_year.out_of_pocket.individual_met.u128(),
            last_year.out_of_pocket.family_met.u128()
        ),
        (500, 1_500, 2_500)
    );

    // The patient's first visit of the new year goes to the deductible again.
    let c10 = y.bill(&patient, vec![line("99213", 1, 200)]);
    assert_eq!(c10.plan_year, 1);
    assert_eq!(adjustment_codes(&c10.lines[0]), vec![("PR-1".into(), 200)]);
    y.assert_eob(&patient, c10.id, (200, 0, 0, 200));
    y.assert_met(&patient, (200, 200), (200, 200));
    y.assert_met(&spouse, (0, 200), (0, 200));
    assert_eq!(
        y.suite.balance(&a.hospital).u128(),
        hospital_start + year_paid
    );
}

/// A lumbar MRI billed without the prior authorization it needs is denied by rule (CO-197); the
/// patient appeals, the reviewer overturns the denial, and the claim is re-adjudicated with the
/// authorization edit waived: the deductible, coinsurance and payment are applied as for any
/// covered service, and the hospital is paid from the pool.
#[test]
fn a_denial_for_missing_prior_authorization_is_overturned_on_the_members_appeal_and_paid() {
    let mut y = family_year();
    let a = y.suite.actors.clone();
    let patient = a.patient.clone();
    let hospital_start = y.suite.balance(&a.hospital).u128();

    y.travel_to_day(30);
    let denied = y.bill(&patient, vec![line("72148", 1, 1_000)]);
    assert_eq!(denied.status, ClaimStatus::Denied);
    assert_eq!(denied.adjudicator, None);
    assert_eq!(
        adjustment_codes(&denied.lines[0]),
        vec![("CO-197".into(), 1_000)]
    );
    y.assert_eob(&patient, denied.id, (0, 0, 0, 0));
    y.assert_met(&patient, (0, 0), (0, 0));

    // Only the member or the billing provider may appeal; the patient does.
    let err = y.suite.claims().appeal(&a.spouse, denied.id).unwrap_err();
    assert_eq!(
        root_error(&err),
        "unauthorized: only the claim's member or provider may do this"
    );
    y.travel_to_day(35);
    let appeal = y.suite.claims().appeal(&patient, denied.id).unwrap();
    let open = y.suite.claims().appeal_info(appeal).unwrap();
    assert_eq!(open.appellant, patient);
    assert_eq!(open.outcome, None);
    assert_eq!(open.due_at, y.start.plus_days(35 + 60));

    // The reviewer overturns it: allowed 1,000, deductible 500 (PR-1), 20 % of the other 500
    // (PR-2 100), paid 400 to the hospital.
    y.travel_to_day(50);
    let pool_before = y.pool_balance();
    y.suite
        .claims()
        .decide_appeal(&a.reviewer, appeal, AppealOutcome::Overturned)
        .unwrap();
    let paid = y.suite.claims().claim(denied.id).unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(paid.payment_status, PaymentStatus::Issued);
    assert_eq!(paid.adjudicator, Some(a.reviewer.clone()));
    assert_eq!(
        adjustment_codes(&paid.lines[0]),
        vec![("PR-1".into(), 500), ("PR-2".into(), 100)]
    );
    assert_eq!(y.suite.balance(&a.hospital).u128(), hospital_start + 400);
    assert_eq!(y.pool_balance(), pool_before - 400);
    y.assert_eob(&patient, denied.id, (500, 100, 400, 600));
    y.assert_met(&patient, (500, 500), (600, 600));
    y.assert_met(&a.spouse, (0, 500), (0, 600));

    // A decided appeal cannot be decided again.
    let err = y
        .suite
        .claims()
        .decide_appeal(&a.adjuster, appeal, AppealOutcome::Upheld)
        .unwrap_err();
    assert_eq!(
        root_error(&err),
        format!("appeal {appeal} is overturned, expected open")
    );
}
