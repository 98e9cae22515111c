//! Each adjudication rule and adjustment code; rejects of malformed claims; cross-contract
//! checks (consent in ehr-registry, packs in drug-provenance).

use cosmwasm_std::Uint128;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{
    ClaimStatus, ClaimsResponse, PaymentStatus, PendReason, QueryMsg, ReviewDecision,
};
use cw_health_types::drug_provenance::{AlertCode, RecallClass, UnitStatus};
use cw_health_types::ehr_registry::{DecisionReason, PartyRole, PartyStatus};

use super::*;

fn claims_count(s: &Suite) -> usize {
    let r: ClaimsResponse = s.q(QueryMsg::Claims {
        member: None,
        provider: None,
        start_after: None,
        limit: Some(30),
    });
    r.claims.len()
}

#[test]
fn malformed_claims_are_rejected_and_nothing_is_stored() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    let cases: Vec<(ClaimSubmission, &str)> = vec![
        (
            {
                let mut x = s.submission(&m, vec![line("99213", 1, 100)]);
                x.diagnoses = vec!["diabetes".into()];
                x
            },
            "ICD-10",
        ),
        (s.submission(&m, vec![line("9921", 1, 100)]), "CPT/HCPCS"),
        (s.submission(&m, vec![line("99213", 0, 100)]), "units"),
        (s.submission(&m, vec![line("99213", 1, 0)]), "charge"),
        (
            s.submission(&m, vec![with_mods(line("99213", 1, 100), &["R T"])]),
            "modifiers",
        ),
        (
            s.submission(&m, vec![with_mods(line("99213", 1, 100), &["RT", "RT"])]),
            "duplicate",
        ),
        (
            {
                let mut l = line("99213", 1, 100);
                l.diagnosis_pointers = vec![3];
                s.submission(&m, vec![l])
            },
            "points outside",
        ),
        (
            {
                let mut l = line("99213", 1, 100);
                l.diagnosis_pointers = vec![];
                s.submission(&m, vec![l])
            },
            "diagnosis_pointers",
        ),
        (s.submission(&m, vec![]), "lines"),
        (
            s.submission(&m, (0..51).map(|_| line("99213", 1, 100)).collect()),
            "too many",
        ),
        (
            {
                let mut x = s.submission(&m, vec![line("99213", 1, 100)]);
                x.date_of_service = s.env.block.time.plus_seconds(1);
                x
            },
            "future",
        ),
        (
            {
                let mut x = s.submission(&m, vec![line("99213", 1, 100)]);
                x.place_of_service = Some("office".into());
                x
            },
            "place-of-service",
        ),
        (
            s.submission(&m, vec![with_pack(line("J1100", 1, 10), "S 1")]),
            "serial",
        ),
        (
            {
                let mut l = line("J1100", 1, 10);
                l.drug = Some(DrugPack {
                    gtin: "09506000134353".into(),
                    serial: "S1".into(),
                });
                s.submission(&m, vec![l])
            },
            "check digit",
        ),
        (
            {
                let mut x = s.submission(&m, vec![line("99213", 1, 100)]);
                x.original_claim_id = Some(1);
                x
            },
            "original_claim_id",
        ),
    ];
    for (sub, needle) in cases {
        let err = s.submit_as(&p, sub).unwrap_err();
        assert!(err.to_string().contains(needle), "{needle}: {err}");
    }
    // Unknown member: rejected.
    let stranger = s.deps.api.addr_make("stranger");
    let err = s
        .submit_as(&p, s.submission(&stranger, vec![line("99213", 1, 100)]))
        .unwrap_err();
    assert!(matches!(err, ContractError::NotEnrolled { .. }));
    // Unknown plan.
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.plan_id = 99;
    assert!(matches!(
        s.submit_as(&p, sub).unwrap_err(),
        ContractError::NotFound { .. }
    ));
    // Funds attached.
    let err = s
        .exec_funds(
            &p,
            &coins(1, DENOM),
            ExecuteMsg::SubmitClaim(s.submission(&m, vec![line("99213", 1, 100)])),
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)));
    assert_eq!(claims_count(&s), 0);
}

#[test]
fn provider_must_be_an_active_clinician_or_organization() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let sub = s.submission(&m, vec![line("99213", 1, 100)]);
    // Not registered.
    let nobody = s.deps.api.addr_make("nobody");
    let err = s.submit_as(&nobody, sub.clone()).unwrap_err();
    assert!(
        matches!(err, ContractError::PartyNotEligible { .. }),
        "{err}"
    );
    // A payer is not a provider.
    let insurer = s.insurer.clone();
    assert!(matches!(
        s.submit_as(&insurer, sub.clone()).unwrap_err(),
        ContractError::PartyNotEligible { .. }
    ));
    // Suspended and excluded providers are rejected.
    for status in [PartyStatus::Suspended, PartyStatus::Excluded] {
        let bad = s.deps.api.addr_make("bad");
        s.world
            .borrow_mut()
            .parties
            .insert(bad.to_string(), party(&bad, PartyRole::Clinician, status));
        assert!(matches!(
            s.submit_as(&bad, sub.clone()).unwrap_err(),
            ContractError::PartyNotEligible { .. }
        ));
    }
    // Active but with an expired license (`active` false).
    let expired = s.deps.api.addr_make("expired");
    let mut info = party(&expired, PartyRole::Organization, PartyStatus::Active);
    info.active = false;
    s.world
        .borrow_mut()
        .parties
        .insert(expired.to_string(), info);
    assert!(s.submit_as(&expired, sub.clone()).is_err());
    // An active biller naming a suspended rendering provider: refused, naming the rendering
    // provider (both entries come from one registry answer; each is checked).
    let bad = s.deps.api.addr_make("bad");
    let mut rendered = sub;
    rendered.rendering_provider = Some(bad.to_string());
    let provider = s.provider.clone();
    let err = s.submit_as(&provider, rendered).unwrap_err();
    assert!(
        matches!(&err, ContractError::PartyNotEligible { address, .. } if *address == bad.to_string()),
        "{err}"
    );
    assert_eq!(claims_count(&s), 0);
}

#[test]
fn eligibility_at_the_date_of_service() {
    let mut s = Suite::new();
    let late = s.deps.api.addr_make("late");
    let gone = s.deps.api.addr_make("gone");
    let now = s.env.block.time;
    s.enroll(
        &late,
        "FAM9",
        now.minus_seconds(DAY_SECONDS / 2),
        None,
        MemberStatus::Active,
    )
    .unwrap();
    s.enroll(
        &gone,
        "FAM8",
        now.minus_seconds(100 * DAY_SECONDS),
        Some(now.minus_seconds(10 * DAY_SECONDS)),
        MemberStatus::Terminated,
    )
    .unwrap();
    // Service yesterday, coverage started today: PR-26.
    let c = s.claim_for(&late, vec![line("99213", 1, 100), line("99214", 1, 100)]);
    assert_eq!(c.status, ClaimStatus::Denied);
    denied_with(&c, 0, "PR", Carc::BEFORE_COVERAGE);
    denied_with(&c, 1, "PR", Carc::BEFORE_COVERAGE);
    assert_eq!(c.payment_status, PaymentStatus::NotDue);
    // Service after termination: PR-27.
    let c = s.claim_for(&gone, vec![line("99213", 1, 100)]);
    denied_with(&c, 0, "PR", Carc::AFTER_COVERAGE);
    // Service before termination: covered.
    let mut sub = s.submission(&gone, vec![line("99213", 1, 100)]);
    sub.date_of_service = now.minus_seconds(20 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Paid);
    // Nothing was accumulated by denied claims.
    assert!(s.accumulators(&late).deductible.individual_met.is_zero());
}

#[test]
fn timely_filing_limit() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let now = s.env.block.time;
    // 90 days after the date of service: still timely.
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.date_of_service = now.minus_seconds(90 * DAY_SECONDS);
    assert_eq!(s.submit(sub).0.status, ClaimStatus::Paid);
    // 91 days: CO-29.
    let mut sub = s.submission(&m, vec![line("99213", 1, 100)]);
    sub.date_of_service = now.minus_seconds(91 * DAY_SECONDS);
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Denied);
    denied_with(&c, 0, "CO", Carc::TIMELY_FILING);
}

#[test]
fn consent_payment_first_then_treatment_and_self_pay_never_used() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let p = s.provider.clone();
    // Allowed for HPAYMT.
    let c = s.claim_for(&m, vec![line("99213", 1, 100)]);
    let access = c.record_access.clone().unwrap();
    assert_eq!(access.purpose, Some(PurposeOfUse::Payment));
    assert_eq!(s.world.borrow().purposes_asked, vec![PurposeOfUse::Payment]);

    // Only TREAT allows it: falls back, paid.
    s.set_access(&p, 2, Access::TreatOnly);
    s.world.borrow_mut().purposes_asked.clear();
    let mut sub = s.submission(&m, vec![line("99214", 1, 100)]);
    sub.supporting_record_id = 2;
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(
        c.record_access.unwrap().purpose,
        Some(PurposeOfUse::Treatment)
    );
    assert_eq!(
        s.world.borrow().purposes_asked,
        vec![PurposeOfUse::Payment, PurposeOfUse::Treatment]
    );

    // No grant: every line CO-252.
    s.set_access(&p, 3, Access::Denied);
    let mut sub = s.submission(&m, vec![line("97110", 1, 40), line("G0001", 1, 1)]);
    sub.supporting_record_id = 3;
    let (c, _) = s.submit(sub);
    assert_eq!(c.status, ClaimStatus::Denied);
    denied_with(&c, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    denied_with(&c, 1, "CO", Carc::DOCUMENTATION_REQUIRED);
    assert_eq!(
        c.record_access.unwrap().reason,
        DecisionReason::NoMatchingGrant
    );

    // Self-pay restricted: never used, TREAT is not even asked.
    s.set_access(&p, 4, Access::SelfPay);
    s.world.borrow_mut().purposes_asked.clear();
    let mut sub = s.submission(&m, vec![line("J1100", 1, 10)]);
    sub.supporting_record_id = 4;
    let (c, _) = s.submit(sub);
    denied_with(&c, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    let access = c.record_access.unwrap();
    assert_eq!(access.reason, DecisionReason::SelfPayRestricted);
    assert_eq!(access.purpose, None);
    assert_eq!(s.world.borrow().purposes_asked, vec![PurposeOfUse::Payment]);
}

#[test]
fn pharmacy_lines_must_verify_as_dispensed_by_the_billing_provider() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let ph = s.pharmacy.clone();
    let other = s.deps.api.addr_make("other_pharmacy");
    let dos = s.dos();
    let pack = |status, by: Option<&Addr>, recall| Pack {
        status,
        dispensed_by: by.cloned(),
        recall_class: recall,
        ..Pack::dispensed(&ph, dos)
    };
    s.set_pack("OK1", pack(UnitStatus::Dispensed, Some(&ph), None));
    s.set_pack("OTHER", pack(UnitStatus::Dispensed, Some(&other), None));
    s.set_pack(
        "RECALLED",
        pack(UnitStatus::Recalled, Some(&ph), Some(RecallClass::ClassI)),
    );
    s.set_pack("QUAR", pack(UnitStatus::Quarantined, Some(&ph), None));
    s.set_pack("ACTIVE", pack(UnitStatus::Active, None, None));
    s.set_pack(
        "RECALL_FLAG",
        pack(UnitStatus::Dispensed, Some(&ph), Some(RecallClass::ClassII)),
    );
    let sub = s.submission(
        &m,
        vec![
            with_pack(line("J1100", 1, 10), "OK1"),
            with_pack(line("J1100", 2, 20), "OTHER"),
            with_pack(line("J1100", 3, 30), "RECALLED"),
            with_pack(line("J1100", 4, 40), "QUAR"),
            with_pack(line("J1100", 5, 50), "ACTIVE"),
            with_pack(line("J1100", 6, 60), "UNKNOWN"),
            with_pack(line("J1100", 7, 70), "RECALL_FLAG"),
        ],
    );
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    // 10 allowed, 10 % coinsurance => 1, plan 9.
    assert_eq!(adjs(&c, 0), vec![("PR", 2, 1)]);
    assert_eq!(c.lines[0].paid, Uint128::new(9));
    for i in 1..7 {
        denied_with(&c, i, "CO", Carc::BILLING_ERROR);
    }
    assert_eq!(sends(&res), vec![(ph.to_string(), 9)]);
}

#[test]
fn a_pack_dispensed_after_the_day_of_service_is_denied_and_a_suspect_pack_is_pended() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let ph = s.pharmacy.clone();
    let adj = s.adjuster.clone();
    let dos = s.dos();
    let pack = |at: Timestamp, alerts: Vec<AlertCode>| Pack {
        alerts,
        ..Pack::dispensed(&ph, at)
    };
    // Dispensed later the same day: verified. Dispensed the next day: not the pack of this
    // service (CO-16).
    s.set_pack("SAME_DAY", pack(dos.plus_seconds(3_600), vec![]));
    s.set_pack("NEXT_DAY", pack(dos.plus_seconds(DAY_SECONDS), vec![]));
    let sub = s.submission(
        &m,
        vec![
            with_pack(line("J1100", 1, 10), "SAME_DAY"),
            with_pack(line("J1100", 2, 20), "NEXT_DAY"),
        ],
    );
    let (c, _) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(c.lines[0].paid, Uint128::new(9));
    denied_with(&c, 1, "CO", Carc::BILLING_ERROR);

    // A pack drug-provenance flags with a second dispense attempt (a possible clone): the line
    // is pended for an adjuster, nothing is paid until the adjuster approves.
    s.set_pack("CLONED", pack(dos, vec![AlertCode::AlreadyDispensed]));
    let sub = s.submission(&m, vec![with_pack(line("J1100", 1, 10), "CLONED")]);
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::Pended);
    assert_eq!(c.pend_reasons, vec![PendReason::SuspectPack]);
    assert_eq!(c.lines[0].status, LineStatus::Pended);
    assert!(sends(&res).is_empty());
    let res = s
        .exec(
            &adj,
            ExecuteMsg::ReviewClaim {
                claim_id: c.id,
                decision: ReviewDecision::Approve {},
            },
        )
        .unwrap();
    let c = s.claim(c.id);
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(sends(&res), vec![(ph.to_string(), 9)]);
}

#[test]
fn a_pack_is_billed_once_whatever_the_day_and_two_packs_are_two_services() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let ph = s.pharmacy.clone();
    let dos = s.dos();
    s.set_pack("P1", Pack::dispensed(&ph, dos));
    s.set_pack("P2", Pack::dispensed(&ph, dos));
    // Two different packs of the same drug, same day, same claim: both paid.
    let sub = s.submission(
        &m,
        vec![
            with_pack(line("J1100", 1, 10), "P1"),
            with_pack(line("J1100", 1, 10), "P2"),
        ],
    );
    let (c, _) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.lines[0].paid, Uint128::new(9));
    assert_eq!(c.lines[1].paid, Uint128::new(9));
    // The first pack billed again a day later for the day it was dispensed: an exact duplicate.
    s.advance(86_400);
    let mut sub = s.submission(&m, vec![with_pack(line("J1100", 1, 10), "P1")]);
    sub.date_of_service = dos;
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    denied_with(&c, 0, "OA", Carc::EXACT_DUPLICATE);
    assert!(sends(&res).is_empty());
    // ... and with a new date of service: not the day it was dispensed (CO-16, M52).
    let sub = s.submission(&m, vec![with_pack(line("J1100", 1, 10), "P1")]);
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    denied_with(&c, 0, "CO", Carc::BILLING_ERROR);
    assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("M52"));
    assert!(sends(&res).is_empty());
}

#[test]
fn exact_duplicates_denied_near_duplicates_pended() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let first = s.claim_for(&m, vec![with_mods(line("99213", 1, 100), &["25"])]);
    assert_eq!(first.status, ClaimStatus::Paid);
    // Same member, provider, day, code, modifiers, units: OA-18.
    let dup = s.claim_for(&m, vec![with_mods(line("99213", 1, 120), &["25"])]);
    assert_eq!(dup.status, ClaimStatus::Denied);
    denied_with(&dup, 0, "OA", Carc::EXACT_DUPLICATE);
    // Exact duplicate inside one claim: the second line is OA-18.
    let c = s.claim_for(&m, vec![line("99214", 1, 150), line("99214", 1, 150)]);
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    denied_with(&c, 1, "OA", Carc::EXACT_DUPLICATE);
    // Another provider billing the same service is not a duplicate.
    let p2 = s.deps.api.addr_make("provider2");
    s.world.borrow_mut().parties.insert(
        p2.to_string(),
        party(&p2, PartyRole::Clinician, PartyStatus::Active),
    );
    let (c, _) = s
        .submit_as(&p2, s.submission(&m, vec![line("99214", 1, 150)]))
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    // Near duplicate (other modifier): pended for review, priced provisionally.
    let near = s.claim_for(&m, vec![with_mods(line("99214", 1, 150), &["59"])]);
    assert_eq!(near.status, ClaimStatus::Pended);
    assert_eq!(near.pend_reasons, vec![PendReason::SuspectDuplicate]);
    assert_eq!(near.lines[0].status, LineStatus::Pended);
    assert_eq!(near.payment_status, PaymentStatus::NotDue);
    // Near duplicate by units.
    let near_units = s.claim_for(&m, vec![line("99214", 2, 300)]);
    assert_eq!(near_units.status, ClaimStatus::Pended);
    // Modifier order does not matter for exact duplicates.
    let a = s.claim_for(&m, vec![with_mods(line("97110", 1, 40), &["GP", "KX"])]);
    assert_eq!(a.status, ClaimStatus::Paid);
    let b = s.claim_for(&m, vec![with_mods(line("97110", 1, 40), &["KX", "GP"])]);
    denied_with(&b, 0, "OA", Carc::EXACT_DUPLICATE);

    // The adjuster approves the near duplicate: paid.
    let adj = s.adjuster.clone();
    let res = s
        .exec(
            &adj,
            ExecuteMsg::ReviewClaim {
                claim_id: near.id,
                decision: ReviewDecision::Approve {},
            },
        )
        .unwrap();
    let near = s.claim(near.id);
    assert_eq!(near.status, ClaimStatus::Paid);
    assert_eq!(near.lines[0].status, LineStatus::Paid);
    assert_eq!(near.payment_status, PaymentStatus::Issued);
    assert_eq!(near.total_paid, Uint128::new(125));
    assert_eq!(near.adjudicator, Some(adj.clone()));
    assert_eq!(
        sends(&res),
        vec![(s.provider.to_string(), near.total_paid.u128())]
    );
}

#[test]
fn unit_limit_per_member_code_and_day() {
    let mut s = Suite::new();
    let m = s.member.clone();
    // 97110: at most 4 units a day.
    let c = s.claim_for(&m, vec![line("97110", 5, 200)]);
    denied_with(&c, 0, "CO", Carc::UNITS_EXCEEDED);
    let c = s.claim_for(&m, vec![line("97110", 3, 120)]);
    assert_eq!(c.status, ClaimStatus::Paid);
    // 3 + 2 > 4 on the same day (a near duplicate too, but the limit decides first).
    let c = s.claim_for(&m, vec![with_mods(line("97110", 2, 80), &["GP"])]);
    denied_with(&c, 0, "CO", Carc::UNITS_EXCEEDED);
    // 3 + 1 = 4 is fine, on another claim line with a modifier (near duplicate => pended).
    let c = s.claim_for(&m, vec![with_mods(line("97110", 1, 40), &["GP"])]);
    assert_eq!(c.status, ClaimStatus::Pended);
    // Another day starts again.
    let mut sub = s.submission(&m, vec![line("97110", 4, 160)]);
    sub.date_of_service = s.env.block.time.minus_seconds(2 * DAY_SECONDS);
    assert_eq!(s.submit(sub).0.status, ClaimStatus::Paid);
    // Another member is counted apart.
    let m3 = s.member3.clone();
    assert_eq!(
        s.claim_for(&m3, vec![line("97110", 4, 160)]).status,
        ClaimStatus::Paid
    );
}

#[test]
fn coverage_codes_and_fee_schedule() {
    let mut s = Suite::new();
    let m = s.member3.clone();
    let c = s.claim_for(
        &m,
        vec![
            line("99999", 1, 100), // not in the fee schedule
            line("S9999", 1, 70),  // excluded: member owes it
            line("99214", 1, 150), // exactly the fee: no CO-45
        ],
    );
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    denied_with(&c, 0, "CO", Carc::NON_COVERED);
    denied_with(&c, 1, "PR", Carc::NON_COVERED);
    assert_eq!(adjs(&c, 2), vec![("PR", 3, 25)]);
    assert_eq!(c.patient_responsibility, Uint128::new(95));
    // PR-96 does not count toward the deductible or OOP.
    let acc = s.accumulators(&m);
    assert_eq!(acc.out_of_pocket.individual_met, Uint128::new(25));
    let eob: cw_health_types::claims_engine::EobResponse = s.q(QueryMsg::Eob {
        member: m.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(eob.entries[0].lines[1].not_covered, Uint128::new(70));
    assert_eq!(eob.entries[0].lines[1].member_owes, Uint128::new(70));
}

#[test]
fn above_the_ceiling_or_suspended_coverage_is_pended() {
    let mut s = Suite::new();
    let m = s.member.clone();
    // 3 knees: allowed 60 000, paid 58 500 > 50 000.
    let c = s.claim_for(&m, vec![line("27447", 3, 60_000)]);
    assert_eq!(c.status, ClaimStatus::Pended);
    assert_eq!(c.pend_reasons, vec![PendReason::AboveAutoApprovalCeiling]);
    assert_eq!(c.reserved, c.total_paid);
    let pool = s.pool();
    assert_eq!(pool.reserved, c.total_paid);
    assert_eq!(pool.available, pool.balance - c.total_paid);
    // Provisional adjudication counts in the accumulators until decided.
    assert_eq!(
        s.accumulators(&m).deductible.individual_met,
        Uint128::new(500)
    );

    let m2 = s.member2.clone();
    let start = s.env.block.time.minus_seconds(200 * DAY_SECONDS);
    s.enroll(&m2, "FAM1", start, None, MemberStatus::Suspended)
        .unwrap();
    let c = s.claim_for(&m2, vec![line("99213", 1, 100)]);
    assert_eq!(c.status, ClaimStatus::Pended);
    assert_eq!(c.pend_reasons, vec![PendReason::CoverageSuspended]);
}

#[test]
fn claims_and_remittances_are_paginated_and_events_emitted() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let m3 = s.member3.clone();
    let (c1, res) = s.submit(s.submission(&m, vec![line("99213", 1, 150)]));
    assert_eq!(attr(&res, "action"), "submit_claim");
    assert_eq!(attr(&res, "claim_id"), c1.id.to_string());
    let ev = res.events.iter().find(|e| e.ty == "remittance").unwrap();
    let lines: Vec<&str> = ev
        .attributes
        .iter()
        .filter(|a| a.key == "line")
        .map(|a| a.value.as_str())
        .collect();
    assert_eq!(lines, vec!["1:99213:paid:0:CO-45=50,PR-1=100"]);
    let data: cw_health_types::claims_engine::Remittance =
        cosmwasm_std::from_json(res.data.unwrap()).unwrap();
    assert_eq!(data.claim_id, c1.id);
    s.claim_for(&m3, vec![line("99214", 1, 150)]);
    s.claim_for(&m, vec![line("99214", 1, 150)]);
    let by_member: ClaimsResponse = s.q(QueryMsg::Claims {
        member: Some(m.to_string()),
        provider: None,
        start_after: None,
        limit: None,
    });
    assert_eq!(
        by_member.claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![1, 3]
    );
    let page: ClaimsResponse = s.q(QueryMsg::Claims {
        member: None,
        provider: None,
        start_after: Some(1),
        limit: Some(1),
    });
    assert_eq!(
        page.claims.iter().map(|c| c.id).collect::<Vec<_>>(),
        vec![2]
    );
    let remits: cw_health_types::claims_engine::RemittancesResponse = s.q(QueryMsg::Remittances {
        provider: s.provider.to_string(),
        start_after: Some(1),
        limit: Some(50),
    });
    assert_eq!(remits.remittances.len(), 2);
    assert!(s
        .try_q(QueryMsg::Claims {
            member: Some(m.to_string()),
            provider: Some(s.provider.to_string()),
            start_after: None,
            limit: None,
        })
        .is_err());
    assert!(s.try_q(QueryMsg::Claim { claim_id: 99 }).is_err());
}

#[test]
fn near_duplicate_scan_is_bounded_and_finds_other_claims_past_own_lines() {
    let mut s = Suite::new();
    let m = s.member3.clone();
    s.claim_for(&m, vec![line("99214", 1, 150)]);
    // 49 lines of the same (member, provider, day, code) with other units: the claim's own index
    // entries come first in the prefix scan for many of them, yet each finds the other claim's.
    let lines: Vec<ClaimLineInput> = (2..=50).map(|u| line("99214", u, 150)).collect();
    let c = s.claim_for(&m, lines);
    assert_eq!(c.status, ClaimStatus::Pended);
    assert!(c.lines.iter().all(|l| l.status == LineStatus::Pended));
    // The same 49 lines for another member: near duplicates of each other within the claim,
    // pended too (one index entry under the prefix is enough to find).
    let m4 = s.member4.clone();
    let lines: Vec<ClaimLineInput> = (2..=50).map(|u| line("99214", u, 150)).collect();
    let c = s.claim_for(&m4, lines);
    assert_eq!(c.status, ClaimStatus::Pended);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert!(c.lines[1..].iter().all(|l| l.status == LineStatus::Pended));
}

#[test]
fn list_queries_cap_the_page_size() {
    let mut s = Suite::new();
    let m = s.member3.clone();
    for day in 1..=35u64 {
        let mut sub = s.submission(&m, vec![line("99214", 1, 150)]);
        sub.date_of_service = s.env.block.time.minus_seconds(day * DAY_SECONDS);
        s.submit(sub);
    }
    let all: ClaimsResponse = s.q(QueryMsg::Claims {
        member: Some(m.to_string()),
        provider: None,
        start_after: None,
        limit: Some(1000),
    });
    assert_eq!(all.claims.len(), 30);
    let rest: ClaimsResponse = s.q(QueryMsg::Claims {
        member: Some(m.to_string()),
        provider: None,
        start_after: Some(all.claims[29].id),
        limit: Some(1000),
    });
    assert_eq!(rest.claims.len(), 5);
    let default: ClaimsResponse = s.q(QueryMsg::Claims {
        member: None,
        provider: None,
        start_after: None,
        limit: None,
    });
    assert_eq!(default.claims.len(), 10);
}

/// The RARC of a line's first adjustment.
fn rarc(c: &Claim, line: usize) -> Option<&str> {
    c.lines[line].adjustments[0].rarc.as_deref()
}

/// A pharmacy line is bound to its pack: at most the units the pack holds, the code the plan
/// maps its product to, the day it was dispensed as date of service, and paid only once the
/// dispense can no longer be undone.
#[test]
fn a_pharmacy_line_is_bound_to_its_pack() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let ph = s.pharmacy.clone();
    let dos = s.dos();
    for serial in ["Q1", "Q2", "Q3"] {
        s.set_pack(serial, Pack::dispensed(&ph, dos));
    }
    s.set_pack(
        "EARLY",
        Pack::dispensed(&ph, dos.minus_seconds(2 * DAY_SECONDS)),
    );
    let open_until = s.env.block.time.plus_seconds(3_600);
    s.set_pack(
        "OPEN",
        Pack {
            undo_until: Some(open_until),
            ..Pack::dispensed(&ph, dos)
        },
    );
    s.set_pack(
        "NOQTY",
        Pack {
            quantity: None,
            ..Pack::dispensed(&ph, dos)
        },
    );
    // A product the plan does not map to any code (valid GTIN-14).
    let unmapped = "00312345678906";
    s.world
        .borrow_mut()
        .packs
        .insert((unmapped.into(), "G1".into()), Pack::dispensed(&ph, dos));
    let mut other_product = line("J1100", 1, 10);
    other_product.drug = Some(DrugPack {
        gtin: unmapped.into(),
        serial: "G1".into(),
    });
    let sub = s.submission(
        &m,
        vec![
            with_pack(line("J1100", 100, 1_000), "Q1"),
            with_pack(line("J1100", 101, 1_010), "Q2"),
            with_pack(line("99214", 1, 150), "Q3"),
            with_pack(line("J1100", 1, 10), "EARLY"),
            with_pack(line("J1100", 1, 10), "OPEN"),
            with_pack(line("J1100", 1, 10), "NOQTY"),
            other_product,
        ],
    );
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::PartiallyPaid);
    // The whole pack: 100 units at 10, 10 % coinsurance.
    assert_eq!(adjs(&c, 0), vec![("PR", 2, 100)]);
    assert_eq!(sends(&res), vec![(ph.to_string(), 900)]);
    // More units than the pack holds, or a pack whose quantity is unknown: CO-16 / M53.
    denied_with(&c, 1, "CO", Carc::BILLING_ERROR);
    assert_eq!(rarc(&c, 1), Some("M53"));
    denied_with(&c, 5, "CO", Carc::BILLING_ERROR);
    assert_eq!(rarc(&c, 5), Some("M53"));
    // Another code than the plan maps the product to, or a product it maps to none: M119.
    denied_with(&c, 2, "CO", Carc::BILLING_ERROR);
    assert_eq!(rarc(&c, 2), Some("M119"));
    denied_with(&c, 6, "CO", Carc::BILLING_ERROR);
    assert_eq!(rarc(&c, 6), Some("M119"));
    // Dispensed on another day than the date of service: M52.
    denied_with(&c, 3, "CO", Carc::BILLING_ERROR);
    assert_eq!(rarc(&c, 3), Some("M52"));
    // The dispense may still be undone: OA-133, not paid, nothing applied.
    let l = &c.lines[4];
    assert_eq!(l.status, LineStatus::Denied);
    assert_eq!(adjs(&c, 4), vec![("OA", 133, 10)]);
    assert_eq!(l.effects, Default::default());
    // Once the window has passed the pack is paid.
    s.advance(3_600);
    let mut sub = s.submission(&m, vec![with_pack(line("J1100", 1, 10), "OPEN")]);
    sub.date_of_service = dos;
    let (c, res) = s.submit_as(&ph, sub).unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(sends(&res), vec![(ph.to_string(), 9)]);
}

/// A plan maps each product to one code, with valid GTINs.
#[test]
fn a_plan_maps_a_product_to_one_code() {
    let mut s = Suite::new();
    let insurer = s.insurer.clone();
    let mut twice = plan_input(&s);
    twice.benefits[0].products = vec![GTIN.into()];
    let err = s.exec(&insurer, ExecuteMsg::CreatePlan(twice)).unwrap_err();
    assert!(err.to_string().contains("one code"), "{err}");
    let mut bad = plan_input(&s);
    bad.benefits[0].products = vec!["09506000134353".into()];
    let err = s.exec(&insurer, ExecuteMsg::CreatePlan(bad)).unwrap_err();
    assert!(err.to_string().contains("benefits.products"), "{err}");
}
