//! Adversarial claims-engine: every execute message is sent by an actor who must not send it,
//! with funds to every non-payable message, with the wrong coins to `FundPool`, and with malformed
//! and UPPER-CASE addresses. Each is refused with the contract's own clear error, the contract's
//! whole storage (`suite.snapshot`) is byte-for-byte unchanged, and no coin moves.
//!
//! The fixture is a funded plan with a pended claim, a claim denied by the adjuster and under
//! appeal, a claim denied by rule, a pending prior authorization and a pending ownership transfer,
//! so that every message has a real target.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{coin, coins, Addr, Coin, Uint128};
use cw_health_testing::claims::{claim, line, standard_plan};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Actors, Suite, SuiteBuilder, DENOM};
use cw_health_types::claims_engine::{
    AppealOutcome, AuthService, Carc, ClaimFrequency, ClaimStatus, EnrollmentInput, ExecuteMsg,
    InstantiateMsg, MemberStatus, PriorAuthDecision, PriorAuthRequest, QueryMsg, ReviewDecision,
    Urgency,
};
use cw_health_types::ownership::OwnershipAction;
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};
use cw_multi_test::{BankSudo, Executor, SudoMsg};

/// A second denom the insurer holds, to pay `FundPool` with the wrong coin.
const OTHER_DENOM: &str = "uatom";
const NOT_OWNER: &str = "caller is not the contract's owner";
const NOT_INSURER: &str = "unauthorized: only the plan's insurer may do this";
const NOT_ADJUSTER: &str = "unauthorized: only an adjuster of the plan may do this";
const NOT_APPELLANT: &str = "unauthorized: only the claim's member or provider may do this";
const NON_PAYABLE: &str = "this message does not accept funds";
/// The chain's address validation (here cosmwasm-std's `MockApi`) of an UPPER-CASE variant.
const NOT_NORMALIZED: &str = "Invalid input: address not normalized";
/// The same validation of a string that is not bech32 at all.
const MALFORMED: &str = "parse failed";

/// The fixture's plan, claims, appeal and prior authorization.
struct World {
    suite: Suite,
    a: Actors,
    plan: u64,
    record: u64,
    /// Pended above the auto-approval ceiling, waiting for the adjuster.
    pended: u64,
    /// Denied by the adjuster and appealed by the hospital.
    appealed: u64,
    appeal: u64,
    /// Denied by rule (a code outside the fee schedule), not appealed.
    rule_denied: u64,
    /// Requested by the hospital, undecided.
    prior_auth: u64,
}

fn world() -> World {
    let actors = Actors::new();
    let mut builder = SuiteBuilder::new();
    for who in [
        &actors.owner,
        &actors.patient,
        &actors.hospital,
        &actors.clinician,
        &actors.adjuster,
        &actors.reviewer,
        &actors.stranger,
    ] {
        builder = builder.with_balance(who, 1_000);
    }
    let mut suite = builder.build();
    let a = suite.actors.clone();
    suite
        .app
        .sudo(SudoMsg::Bank(BankSudo::Mint {
            to_address: a.insurer.to_string(),
            amount: coins(1_000, OTHER_DENOM),
        }))
        .unwrap();
    let start = suite.now();

    let mut plan = standard_plan(start, &a.adjuster);
    plan.auto_approval_ceiling = Uint128::new(500);
    plan.adjusters.push(a.reviewer.to_string());
    let plan = suite.claims().create_plan(&a.insurer, plan).unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 10_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", start)
        .unwrap();
    for (grantee, actions) in [
        (&a.clinician, vec![AccessAction::Read, AccessAction::Write]),
        (&a.hospital, vec![AccessAction::Read]),
    ] {
        suite
            .ehr()
            .grant_access(
                &a.patient,
                &a.patient,
                grantee,
                permit(&actions, &[PurposeOfUse::Treatment, PurposeOfUse::Payment]),
                None,
            )
            .unwrap();
    }
    let record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "Encounter/visit-1",
            FhirResourceType::Encounter,
            &[],
        )
        .unwrap();
    suite.advance_days(1);
    let dos = suite.now();

    let pended = suite
        .claims()
        .submit(
            &a.hospital,
            claim(
                plan,
                &a.patient,
                dos,
                record,
                vec![line("99213", 10, 2_000)],
            ),
        )
        .unwrap();
    assert_eq!(pended.status, ClaimStatus::Pended);

    let appealed = suite
        .claims()
        .submit(
            &a.hospital,
            claim(
                plan,
                &a.patient,
                dos,
                record,
                vec![line("80053", 10, 1_000)],
            ),
        )
        .unwrap();
    assert_eq!(appealed.status, ClaimStatus::Pended);
    let appealed = suite
        .claims()
        .review(
            &a.adjuster,
            appealed.id,
            ReviewDecision::Deny {
                reason: Carc::NOT_MEDICALLY_NECESSARY,
                rarc: None,
            },
        )
        .unwrap();
    assert_eq!(appealed.status, ClaimStatus::Denied);
    let appeal = suite.claims().appeal(&a.hospital, appealed.id).unwrap();

    let rule_denied = suite
        .claims()
        .submit(
            &a.hospital,
            claim(plan, &a.patient, dos, record, vec![line("99999", 1, 100)]),
        )
        .unwrap();
    assert_eq!(rule_denied.status, ClaimStatus::Denied);

    let prior_auth = suite
        .claims()
        .request_prior_auth(
            &a.hospital,
            plan,
            &a.patient,
            &[("99213", 1)],
            dos,
            dos.plus_days(30),
        )
        .unwrap();

    suite
        .claims()
        .execute(
            &a.owner,
            &ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
                new_owner: a.regulator.to_string(),
                expiry: None,
            }),
        )
        .unwrap();

    World {
        suite,
        a,
        plan,
        record,
        pended: pended.id,
        appealed: appealed.id,
        appeal,
        rule_denied: rule_denied.id,
        prior_auth,
    }
}

impl World {
    /// Sends `msg` from `sender` with `funds` and asserts it is refused with exactly `expected`,
    /// leaves the contract's storage unchanged and moves no coin.
    fn refused(
        &mut self,
        case: &str,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
        expected: &str,
    ) {
        let contract = self.suite.claims_addr.clone();
        let storage_before = self.suite.snapshot(&contract);
        let contract_coins = self.coins_of(&contract);
        let sender_coins = self.coins_of(sender);
        let err = self
            .suite
            .claims()
            .execute_with_funds(sender, msg, funds)
            .expect_err(case);
        assert_eq!(root_error(&err), expected, "{case}");
        assert!(
            self.suite.snapshot(&contract) == storage_before,
            "{case}: the refused message changed the contract's storage"
        );
        assert_eq!(
            self.coins_of(&contract),
            contract_coins,
            "{case}: the contract's coins moved"
        );
        assert_eq!(
            self.coins_of(sender),
            sender_coins,
            "{case}: the sender's coins moved"
        );
    }

    /// `addr`'s balances of both denoms of the fixture.
    fn coins_of(&self, addr: &Addr) -> Vec<Coin> {
        [DENOM, OTHER_DENOM]
            .iter()
            // An invalid (e.g. upper-case) address holds nothing.
            .map(|d| {
                self.suite
                    .app
                    .wrap()
                    .query_balance(addr, *d)
                    .unwrap_or_else(|_| coin(0, *d))
            })
            .collect()
    }

    fn plan_input(&self) -> cw_health_types::claims_engine::PlanInput {
        standard_plan(self.suite.now(), &self.a.adjuster)
    }

    fn enrollment(&self, member: &str) -> ExecuteMsg {
        ExecuteMsg::EnrollMember(EnrollmentInput {
            plan_id: self.plan,
            member: member.into(),
            family_id: "FAM-2".into(),
            coverage_start: self.suite.now(),
            coverage_end: None,
            status: MemberStatus::Active,
            dependant_of: None,
        })
    }

    fn submission(&self, member: &str) -> ExecuteMsg {
        let mut sub = claim(
            self.plan,
            &self.a.patient,
            self.suite.now(),
            self.record,
            vec![line("99213", 1, 200)],
        );
        sub.member = member.into();
        ExecuteMsg::SubmitClaim(sub)
    }

    fn prior_auth_request(&self, member: &str) -> ExecuteMsg {
        let now = self.suite.now();
        ExecuteMsg::RequestPriorAuth(PriorAuthRequest {
            plan_id: self.plan,
            member: member.into(),
            urgency: Urgency::Expedited,
            services: vec![AuthService {
                code: "80053".into(),
                units: 1,
            }],
            service_start: now,
            service_end: now.plus_days(10),
            servicing_provider: None,
        })
    }

    fn transfer_to(&self, new_owner: &str) -> ExecuteMsg {
        ExecuteMsg::UpdateOwnership(OwnershipAction::TransferOwnership {
            new_owner: new_owner.into(),
            expiry: None,
        })
    }
}

fn party_error(who: &Addr, required: &str) -> String {
    format!("{who} is not an active {required} party of ehr-registry")
}

/// Every execute message, sent by someone whose role does not allow it: the stranger, a
/// provider, the member or the adjuster where only the insurer, an adjuster, the claim's parties
/// or a different reviewer may act. Also an UPPER-CASE spelling of the insurer's own address as
/// the sender, which is not the insurer. (`ProcessPaymentQueue` is open to anyone by design; its
/// refusals are in the funds and not-found cases.)
#[test]
fn every_message_from_an_actor_who_may_not_send_it_is_refused_and_changes_nothing() {
    let mut w = world();
    let a = w.a.clone();
    let plan = w.plan;

    // Ownership: only the owner proposes or cancels; only the proposed owner accepts.
    let msg = w.transfer_to(a.stranger.as_str());
    w.refused(
        "a stranger proposes itself as owner",
        &a.stranger,
        &msg,
        &[],
        NOT_OWNER,
    );
    w.refused(
        "the insurer proposes an owner",
        &a.insurer,
        &msg,
        &[],
        NOT_OWNER,
    );
    let accept = ExecuteMsg::UpdateOwnership(OwnershipAction::AcceptOwnership {});
    w.refused(
        "a stranger accepts the regulator's transfer",
        &a.stranger,
        &accept,
        &[],
        "caller is not the proposed owner",
    );
    w.refused(
        "the current owner accepts for the regulator",
        &a.owner,
        &accept,
        &[],
        "caller is not the proposed owner",
    );
    let cancel = ExecuteMsg::UpdateOwnership(OwnershipAction::CancelTransfer {});
    w.refused(
        "the proposed owner cancels",
        &a.regulator,
        &cancel,
        &[],
        NOT_OWNER,
    );

    // Plans: only an active Payer of ehr-registry creates one.
    let create = ExecuteMsg::CreatePlan(w.plan_input());
    for who in [&a.stranger, &a.hospital, &a.adjuster, &a.owner] {
        w.refused(
            "a non-payer creates a plan",
            who,
            &create,
            &[],
            &party_error(who, "Payer"),
        );
    }

    // The plan's insurer alone sets adjusters, funds, withdraws and enrolls.
    let set = ExecuteMsg::SetAdjusters {
        plan_id: plan,
        adjusters: vec![a.adjuster.to_string(), a.stranger.to_string()],
    };
    for who in [&a.adjuster, &a.reviewer, &a.stranger, &a.owner] {
        w.refused("set adjusters", who, &set, &[], NOT_INSURER);
    }
    let fund = ExecuteMsg::FundPool { plan_id: plan };
    for who in [&a.stranger, &a.hospital, &a.adjuster] {
        w.refused(
            "fund someone else's pool",
            who,
            &fund,
            &coins(100, DENOM),
            NOT_INSURER,
        );
    }
    let withdraw = ExecuteMsg::WithdrawFunds {
        plan_id: plan,
        amount: Uint128::new(100),
    };
    for who in [&a.stranger, &a.adjuster, &a.hospital, &a.owner] {
        w.refused("withdraw the pool", who, &withdraw, &[], NOT_INSURER);
    }
    let enroll = w.enrollment(a.stranger.as_str());
    for who in [&a.stranger, &a.adjuster, &a.hospital, &a.patient] {
        w.refused("enroll a member", who, &enroll, &[], NOT_INSURER);
    }

    // An UPPER-CASE spelling of the insurer's address is a different (invalid) sender.
    let shouting_insurer = Addr::unchecked(a.insurer.as_str().to_uppercase());
    w.refused(
        "the insurer's address in upper case sets adjusters",
        &shouting_insurer,
        &set,
        &[],
        NOT_INSURER,
    );

    // Claims and prior authorizations come only from active providers.
    let submit = w.submission(a.patient.as_str());
    for who in [&a.stranger, &a.insurer, &a.patient, &a.adjuster] {
        w.refused(
            "a non-provider bills",
            who,
            &submit,
            &[],
            &party_error(who, "Clinician or Organization"),
        );
    }
    let request = w.prior_auth_request(a.patient.as_str());
    for who in [&a.stranger, &a.insurer, &a.patient] {
        w.refused(
            "a non-provider requests a prior authorization",
            who,
            &request,
            &[],
            &party_error(who, "Clinician or Organization"),
        );
    }
    // A provider may not correct another provider's claim.
    let mut replacement = claim(
        plan,
        &a.patient,
        w.suite.now(),
        w.record,
        vec![line("99213", 1, 200)],
    );
    replacement.frequency = ClaimFrequency::Replacement;
    replacement.original_claim_id = Some(w.pended);
    w.refused(
        "the clinician replaces the hospital's claim",
        &a.clinician,
        &ExecuteMsg::SubmitClaim(replacement),
        &[],
        &format!(
            "claim {} cannot be corrected: billed by another provider",
            w.pended
        ),
    );

    // Adjusters (or the insurer) alone review claims and decide prior authorizations.
    let approve = ExecuteMsg::ReviewClaim {
        claim_id: w.pended,
        decision: ReviewDecision::Approve {},
    };
    for who in [&a.hospital, &a.patient, &a.stranger, &a.owner] {
        w.refused("review a pended claim", who, &approve, &[], NOT_ADJUSTER);
    }
    let decide_auth = ExecuteMsg::DecidePriorAuth {
        auth_id: w.prior_auth,
        decision: PriorAuthDecision::Approve { services: None },
    };
    for who in [&a.hospital, &a.patient, &a.stranger] {
        w.refused(
            "decide a prior authorization",
            who,
            &decide_auth,
            &[],
            NOT_ADJUSTER,
        );
    }

    // Only the claim's member or billing provider appeals.
    let appeal = ExecuteMsg::FileAppeal {
        claim_id: Some(w.rule_denied),
        evidence: None,
        lines: vec![],
        kind: None,
    };
    for who in [&a.stranger, &a.adjuster, &a.clinician, &a.spouse] {
        w.refused("appeal a claim", who, &appeal, &[], NOT_APPELLANT);
    }

    // An appeal is decided by an adjuster other than the one who denied the claim.
    let overturn = ExecuteMsg::DecideAppeal {
        appeal_id: w.appeal,
        outcome: AppealOutcome::Overturned,
        allowed: None,
    };
    for who in [&a.hospital, &a.patient, &a.stranger] {
        w.refused("decide an appeal", who, &overturn, &[], NOT_ADJUSTER);
    }
    w.refused(
        "the denying adjuster decides the appeal",
        &a.adjuster,
        &overturn,
        &[],
        &format!(
            "the original adjuster of claim {} may not decide its appeal",
            w.appealed
        ),
    );

    // The fixture is intact: the rightful actors still can act.
    w.suite
        .claims()
        .decide_appeal(&a.reviewer, w.appeal, AppealOutcome::Overturned)
        .unwrap();
    assert_eq!(
        w.suite.claims().claim(w.appealed).unwrap().status,
        ClaimStatus::Paid
    );
}

/// Every message but `FundPool` refuses funds, even from the actor entitled to send it and with
/// an otherwise valid message; the coin goes back to the sender. Without funds, the same messages
/// then succeed.
#[test]
fn funds_sent_to_every_non_payable_message_are_refused_and_returned() {
    let mut w = world();
    let a = w.a.clone();
    let plan = w.plan;
    let one = coins(1, DENOM);
    let cases: Vec<(&str, Addr, ExecuteMsg)> = vec![
        (
            "update ownership",
            a.owner.clone(),
            w.transfer_to(a.reviewer.as_str()),
        ),
        (
            "create plan",
            a.insurer.clone(),
            ExecuteMsg::CreatePlan(w.plan_input()),
        ),
        (
            "set adjusters",
            a.insurer.clone(),
            ExecuteMsg::SetAdjusters {
                plan_id: plan,
                adjusters: vec![a.adjuster.to_string(), a.reviewer.to_string()],
            },
        ),
        (
            "withdraw funds",
            a.insurer.clone(),
            ExecuteMsg::WithdrawFunds {
                plan_id: plan,
                amount: Uint128::new(1),
            },
        ),
        (
            "enroll member",
            a.insurer.clone(),
            w.enrollment(a.spouse.as_str()),
        ),
        (
            "submit claim",
            a.hospital.clone(),
            w.submission(a.patient.as_str()),
        ),
        (
            "review claim",
            a.adjuster.clone(),
            ExecuteMsg::ReviewClaim {
                claim_id: w.pended,
                decision: ReviewDecision::Approve {},
            },
        ),
        (
            "request prior auth",
            a.hospital.clone(),
            w.prior_auth_request(a.patient.as_str()),
        ),
        (
            "decide prior auth",
            a.adjuster.clone(),
            ExecuteMsg::DecidePriorAuth {
                auth_id: w.prior_auth,
                decision: PriorAuthDecision::Approve { services: None },
            },
        ),
        (
            "appeal",
            a.patient.clone(),
            ExecuteMsg::FileAppeal {
                claim_id: Some(w.rule_denied),
                evidence: None,
                lines: vec![],
                kind: None,
            },
        ),
        (
            "decide appeal",
            a.reviewer.clone(),
            ExecuteMsg::DecideAppeal {
                appeal_id: w.appeal,
                outcome: AppealOutcome::Upheld,
                allowed: None,
            },
        ),
        (
            "process payment queue",
            a.stranger.clone(),
            ExecuteMsg::ProcessPaymentQueue {
                plan_id: plan,
                limit: None,
            },
        ),
    ];
    for (case, sender, msg) in &cases {
        w.refused(case, sender, msg, &one, NON_PAYABLE);
    }
    // The insurer's other denom is refused the same way.
    let msg = w.enrollment(a.spouse.as_str());
    w.refused(
        "enroll member with another denom",
        &a.insurer,
        &msg,
        &coins(1, OTHER_DENOM),
        NON_PAYABLE,
    );

    // Without the coin, each of those messages is accepted: the funds were the only fault.
    for (case, sender, msg) in &cases {
        w.suite
            .claims()
            .execute(sender, msg)
            .unwrap_or_else(|e| panic!("{case} without funds: {}", root_error(&e)));
    }
}

/// `FundPool` takes exactly one coin, of the plan's denom: no coin, a wrong denom and two coins
/// are refused with their own errors; funding a plan that does not exist is refused too.
#[test]
fn fund_pool_takes_exactly_one_coin_of_the_plans_denom() {
    let mut w = world();
    let a = w.a.clone();
    let fund = ExecuteMsg::FundPool { plan_id: w.plan };
    w.refused(
        "no funds",
        &a.insurer,
        &fund,
        &[],
        &format!("no funds sent; expected {DENOM}"),
    );
    w.refused(
        "wrong denom",
        &a.insurer,
        &fund,
        &coins(500, OTHER_DENOM),
        &format!("wrong denom {OTHER_DENOM}; expected {DENOM}"),
    );
    w.refused(
        "two coins",
        &a.insurer,
        &fund,
        &[coin(500, OTHER_DENOM), coin(500, DENOM)],
        &format!("send exactly one coin, of {DENOM}"),
    );
    w.refused(
        "unknown plan",
        &a.insurer,
        &ExecuteMsg::FundPool { plan_id: 99 },
        &coins(500, DENOM),
        "plan 99 not found",
    );
    w.refused(
        "process the queue of an unknown plan",
        &a.stranger,
        &ExecuteMsg::ProcessPaymentQueue {
            plan_id: 99,
            limit: None,
        },
        &[],
        "plan 99 not found",
    );

    // One coin of the plan's denom is accepted and booked.
    let before = w.suite.claims().pool(w.plan).unwrap();
    w.suite.claims().fund_pool(&a.insurer, w.plan, 500).unwrap();
    let after = w.suite.claims().pool(w.plan).unwrap();
    assert_eq!(after.balance, before.balance + Uint128::new(500));
    assert_eq!(after.total_funded, before.total_funded + Uint128::new(500));
}

/// Every address field, given an UPPER-CASE variant of a valid address or a malformed string, is
/// refused by address validation before anything is stored: the new owner, a plan's adjusters
/// (at creation and later), the member of an enrollment, a claim and a prior authorization.
#[test]
fn malformed_and_upper_case_addresses_are_refused() {
    let mut w = world();
    let a = w.a.clone();
    let plan = w.plan;
    let upper = |addr: &Addr| addr.as_str().to_uppercase();
    let malformed = "not-an-address";

    let msg = w.transfer_to(&upper(&a.reviewer));
    w.refused("upper-case new owner", &a.owner, &msg, &[], NOT_NORMALIZED);
    let msg = w.transfer_to(malformed);
    w.refused("malformed new owner", &a.owner, &msg, &[], MALFORMED);

    for bad in [upper(&a.adjuster), malformed.to_string()] {
        let expected = if bad == malformed {
            MALFORMED
        } else {
            NOT_NORMALIZED
        };
        let mut input = w.plan_input();
        input.adjusters = vec![bad.clone()];
        w.refused(
            "plan with a bad adjuster",
            &a.insurer,
            &ExecuteMsg::CreatePlan(input),
            &[],
            expected,
        );
        w.refused(
            "set a bad adjuster",
            &a.insurer,
            &ExecuteMsg::SetAdjusters {
                plan_id: plan,
                adjusters: vec![a.reviewer.to_string(), bad.clone()],
            },
            &[],
            expected,
        );
        let msg = w.enrollment(&bad);
        w.refused("enroll a bad member", &a.insurer, &msg, &[], expected);
        let msg = w.submission(&bad);
        w.refused("bill a bad member", &a.hospital, &msg, &[], expected);
        let msg = w.prior_auth_request(&bad);
        w.refused(
            "prior auth for a bad member",
            &a.hospital,
            &msg,
            &[],
            expected,
        );
    }

    // The same adjuster listed twice is refused as a duplicate.
    w.refused(
        "duplicate adjusters",
        &a.insurer,
        &ExecuteMsg::SetAdjusters {
            plan_id: plan,
            adjusters: vec![a.reviewer.to_string(), a.reviewer.to_string()],
        },
        &[],
        &format!(
            "invalid input: adjusters contains a duplicate entry: Addr(\"{}\")",
            a.reviewer
        ),
    );
}

/// A new claims-engine refuses funds and UPPER-CASE or malformed handles to the other contracts
/// at instantiation, and the queries that take an address refuse an UPPER-CASE variant instead
/// of answering "nothing found" for it.
#[test]
fn instantiation_and_address_queries_refuse_bad_addresses() {
    let mut w = world();
    let a = w.a.clone();
    let code_id = w.suite.code_ids[3];
    let ehr = w.suite.ehr_addr.to_string();
    let drug = w.suite.drug_addr.to_string();
    let init = |ehr: &str, drug: &str| InstantiateMsg {
        owner: None,
        ehr_registry: ehr.into(),
        drug_provenance: drug.into(),
        payout_batch_limit: None,
    };
    for (case, msg, funds, expected) in [
        ("funds", init(&ehr, &drug), coins(1, DENOM), NON_PAYABLE),
        (
            "upper-case ehr-registry",
            init(&ehr.to_uppercase(), &drug),
            vec![],
            NOT_NORMALIZED,
        ),
        (
            "malformed drug-provenance",
            init(&ehr, "drug-provenance"),
            vec![],
            MALFORMED,
        ),
    ] {
        let owner_before = w.suite.balance(&a.owner);
        let err = w
            .suite
            .app
            .instantiate_contract(code_id, a.owner.clone(), &msg, &funds, "claims-2", None)
            .expect_err(case);
        assert_eq!(root_error(&err), expected, "{case}");
        assert_eq!(w.suite.balance(&a.owner), owner_before, "{case}");
    }

    let patient = a.patient.as_str().to_uppercase();
    let hospital = a.hospital.as_str().to_uppercase();
    let queries = [
        QueryMsg::Enrollment {
            plan_id: w.plan,
            member: patient.clone(),
        },
        QueryMsg::Accumulators {
            plan_id: w.plan,
            member: patient.clone(),
            plan_year: None,
        },
        QueryMsg::Eob {
            member: patient.clone(),
            start_after: None,
            limit: None,
        },
        QueryMsg::Claims {
            member: Some(patient.clone()),
            provider: None,
            start_after: None,
            limit: None,
        },
        QueryMsg::Claims {
            member: None,
            provider: Some(hospital.clone()),
            start_after: None,
            limit: None,
        },
        QueryMsg::Remittances {
            provider: hospital.clone(),
            start_after: None,
            limit: None,
        },
        QueryMsg::ProviderBalance {
            plan_id: w.plan,
            provider: hospital.clone(),
        },
    ];
    for q in &queries {
        let err = w
            .suite
            .claims()
            .query::<cosmwasm_std::Empty>(q)
            .expect_err("an upper-case address is refused");
        assert_eq!(root_error(&err), NOT_NORMALIZED, "{q:?}");
    }
    // The same queries with the valid lower-case address answer.
    let eob = w.suite.claims().eob(&a.patient).unwrap();
    assert_eq!(eob.entries.len(), 3);
}

/// Separation of duties: the insurer makes the claim's billing provider and its member adjusters
/// of the plan too; neither may then review that claim, decide its prior authorization or decide
/// its appeal (the other adjusters still can). Each refusal changes nothing.
#[test]
fn an_adjuster_never_decides_a_claim_authorization_or_appeal_of_their_own() {
    let mut w = world();
    let a = w.a.clone();
    let plan = w.plan;
    w.suite
        .claims()
        .set_adjusters(
            &a.insurer,
            plan,
            &[&a.adjuster, &a.reviewer, &a.hospital, &a.patient],
        )
        .unwrap();
    for who in [&a.hospital, &a.patient] {
        let msg = ExecuteMsg::ReviewClaim {
            claim_id: w.pended,
            decision: ReviewDecision::Approve {},
        };
        let expected = format!(
            "the provider or member of claim {} may not decide it",
            w.pended
        );
        w.refused("a party reviews its own claim", who, &msg, &[], &expected);
        let msg = ExecuteMsg::DecidePriorAuth {
            auth_id: w.prior_auth,
            decision: PriorAuthDecision::Approve { services: None },
        };
        let expected = format!(
            "the provider or member of prior authorization {} may not decide it",
            w.prior_auth
        );
        w.refused(
            "a party decides its own authorization",
            who,
            &msg,
            &[],
            &expected,
        );
        let msg = ExecuteMsg::DecideAppeal {
            appeal_id: w.appeal,
            outcome: AppealOutcome::Overturned,
            allowed: None,
        };
        let expected = format!(
            "the provider or member of appeal {} may not decide it",
            w.appeal
        );
        w.refused("a party decides its own appeal", who, &msg, &[], &expected);
    }
    // An independent adjuster still decides them.
    let reviewed = w
        .suite
        .claims()
        .review(&a.adjuster, w.pended, ReviewDecision::Approve {})
        .unwrap();
    assert_eq!(reviewed.status, ClaimStatus::Paid);
    w.suite
        .claims()
        .decide_appeal(&a.reviewer, w.appeal, AppealOutcome::Upheld)
        .unwrap();
}
