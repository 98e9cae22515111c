//! Containers that carry their contents' custody (issue 20): a case or pallet moves as one
//! record, and every unit inside still reads the right owner, status, recall and history.
//! Played as the rival, the counterfeiter, the late and twice actor.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cosmwasm_std::Addr;
use cw_health_types::drug_provenance::{
    BizStep, CaseResponse, CaseState, CaseUnitsResponse, Determination, ExcursionTarget,
    ExecuteMsg, HistoryResponse, QueryMsg, RecallClass, SuspectReason, UnitState, UnitStatus,
};
use suite::*;

fn pack(s: &mut Suite, who: &Addr, sscc: &str, serials: &[&str], cases: &[&str]) {
    let g = gtin_a();
    s.ok(
        who,
        &ExecuteMsg::Pack {
            sscc: sscc.into(),
            units: serials.iter().map(|x| uref(&g, x)).collect(),
            cases: cases.iter().map(|c| c.to_string()).collect(),
        },
    );
}

fn ship_cases(s: &mut Suite, from: &Addr, to: &Addr, cases: &[&str]) -> u64 {
    let cases = cases.iter().map(|c| c.to_string()).collect();
    let resp = s.ok(from, &Suite::ship_msg(to, vec![], cases));
    attr(&resp, "shipment_id").parse().unwrap()
}

fn case(s: &Suite, sscc: &str) -> CaseResponse {
    let c: Option<CaseResponse> = s.q(&QueryMsg::PackedCase { sscc: sscc.into() });
    c.unwrap()
}

fn history(s: &Suite, serial: &str, start_after: Option<u64>) -> HistoryResponse {
    s.q(&QueryMsg::History {
        gtin: gtin_a(),
        serial: serial.into(),
        start_after,
        limit: Some(30),
    })
}

/// A pallet (sscc 20) of two cases (10: A1 A2, 11: A3) and a loose unit A4, with the mfr.
fn pallet() -> Suite {
    let mut s = Suite::new();
    s.commission(&gtin_a(), "LOT1", EXP, &["A1", "A2", "A3", "A4", "A5"]);
    let mfr = s.mfr.clone();
    pack(&mut s, &mfr, &sscc(10), &["A1", "A2"], &[]);
    pack(&mut s, &mfr, &sscc(11), &["A3"], &[]);
    pack(&mut s, &mfr, &sscc(20), &["A4"], &[&sscc(10), &sscc(11)]);
    s
}

#[test]
fn a_pallet_moves_its_cases_and_units_as_one() {
    let mut s = pallet();
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let p = case(&s, &sscc(20));
    assert_eq!((p.level, p.unit_count, p.pallet), (2, 4, None));
    assert_eq!(case(&s, &sscc(10)).pallet, Some(sscc(20)));
    let contents: CaseUnitsResponse = s.q(&QueryMsg::CaseUnits {
        sscc: sscc(20),
        start_after: None,
        limit: None,
    });
    assert_eq!(contents.cases, vec![sscc(10), sscc(11)]);
    assert_eq!(contents.units.len(), 1);
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    // Every unit inside, however deep, is in transit with the shipper, in that shipment.
    for serial in ["A1", "A3", "A4"] {
        let u = s.unit(&gtin_a(), serial);
        assert_eq!(
            (u.state, u.owner.clone(), u.shipment_id),
            (UnitState::InTransit, mfr.clone(), Some(id))
        );
        assert_eq!(s.verify(&gtin_a(), serial).status, UnitStatus::InTransit);
    }
    // A case sealed in the pallet reads the pallet's custody.
    assert_eq!(case(&s, &sscc(10)).state, CaseState::InTransit);
    s.receive(&wholesaler, id);
    assert_eq!(s.unit(&gtin_a(), "A2").owner, wholesaler);
    assert_eq!(case(&s, &sscc(11)).owner, wholesaler);
    // Unpacking the pallet, then a case, gives the units their own custody.
    s.ok(&wholesaler, &ExecuteMsg::Unpack { sscc: sscc(20) });
    let c = case(&s, &sscc(10));
    assert_eq!(
        (c.owner, c.pallet, c.state),
        (wholesaler.clone(), None, CaseState::Active)
    );
    s.ok(&wholesaler, &ExecuteMsg::Unpack { sscc: sscc(10) });
    let u = s.unit(&gtin_a(), "A1");
    assert_eq!(
        (u.owner, u.sscc, u.state),
        (wholesaler, None, UnitState::Active)
    );
}

#[test]
fn a_rival_cannot_ship_or_unpack_a_case_it_does_not_own() {
    let mut s = pallet();
    let (wholesaler, mfr2) = (s.wholesaler.clone(), s.mfr2.clone());
    let err = s.err(&mfr2, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(20)]));
    assert!(
        err.ends_with(&format!("caller does not own case {}", sscc(20))),
        "{err}"
    );
    let err = s.err(&mfr2, &ExecuteMsg::Unpack { sscc: sscc(20) });
    assert!(
        err.ends_with(&format!("caller does not own case {}", sscc(20))),
        "{err}"
    );
    // Nor may the recipient of a pending shipment act before receiving it.
    let mfr = s.mfr.clone();
    ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    let err = s.err(&wholesaler, &ExecuteMsg::Unpack { sscc: sscc(20) });
    assert!(err.contains("caller does not own case"), "{err}");
}

#[test]
fn a_unit_or_case_sealed_in_a_container_does_not_move_alone() {
    let mut s = pallet();
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    // A unit of a sealed case, shipped loose.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&gtin_a(), "A1")], vec![]),
    );
    assert!(
        err.ends_with(&format!(
            "unit {}/A1 is packed in case {}; ship or unpack the case",
            gtin_a(),
            sscc(10)
        )),
        "{err}"
    );
    // A case sealed in the pallet, shipped or unpacked alone.
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(10)]));
    assert!(
        err.ends_with(&format!(
            "case {} is sealed in pallet {}; move or unpack the pallet",
            sscc(10),
            sscc(20)
        )),
        "{err}"
    );
    let err = s.err(&mfr, &ExecuteMsg::Unpack { sscc: sscc(10) });
    assert!(err.contains("is sealed in pallet"), "{err}");
    // Nor packed into another container.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            sscc: sscc(30),
            units: vec![uref(&gtin_a(), "A5")],
            cases: vec![sscc(11)],
        },
    );
    assert!(err.contains("is sealed in pallet"), "{err}");
    // Nothing was written by the refused messages.
    assert_eq!(s.unit(&gtin_a(), "A5").sscc, None);
}

#[test]
fn a_pallet_is_never_nested_in_another_container() {
    let mut s = pallet();
    let mfr = s.mfr.clone();
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            sscc: sscc(30),
            units: vec![],
            cases: vec![sscc(20)],
        },
    );
    assert!(
        err.ends_with(&format!(
            "case {} cannot go into a container: containers nest at most 3 deep (a pallet of cases of units)",
            sscc(20)
        )),
        "{err}"
    );
    assert!(s
        .q::<Option<CaseResponse>>(&QueryMsg::PackedCase { sscc: sscc(30) })
        .is_none());
    assert_eq!(case(&s, &sscc(20)).pallet, None);
    // The same case twice, and a container into itself, are refused too.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            sscc: sscc(31),
            units: vec![],
            cases: vec![sscc(21), sscc(21)],
        },
    );
    assert!(err.contains("duplicate"), "{err}");
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            sscc: sscc(20),
            units: vec![],
            cases: vec![sscc(20)],
        },
    );
    assert!(err.contains("already exists"), "{err}");
}

#[test]
fn a_case_is_received_once() {
    let mut s = pallet();
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    s.receive(&wholesaler, id);
    let err = s.err(&wholesaler, &ExecuteMsg::Receive { shipment_id: id });
    assert!(
        err.ends_with(&format!("shipment {id} is already received or cancelled")),
        "{err}"
    );
    let err = s.err(&mfr, &ExecuteMsg::CancelShipment { shipment_id: id });
    assert!(err.contains("already received or cancelled"), "{err}");
    // Shipping it twice (it is in transit) is refused, as is a stranger receiving it.
    let id2 = ship_cases(&mut s, &wholesaler, &pharmacy, &[&sscc(20)]);
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![], vec![sscc(20)]),
    );
    assert!(
        err.ends_with(&format!("case {} is in_transit", sscc(20))),
        "{err}"
    );
    let stranger = s.stranger.clone();
    let err = s.err(&stranger, &ExecuteMsg::Receive { shipment_id: id2 });
    assert!(err.contains("not the recipient"), "{err}");
    assert_eq!(s.unit(&gtin_a(), "A1").owner, wholesaler);
}

#[test]
fn a_stranger_verifying_a_unit_of_a_moved_case_sees_its_owner() {
    let mut s = pallet();
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    s.receive(&wholesaler, id);
    s.ok(&wholesaler, &ExecuteMsg::Unpack { sscc: sscc(20) });
    let id = ship_cases(&mut s, &wholesaler, &pharmacy, &[&sscc(10)]);
    s.receive(&pharmacy, id);
    // VerifyUnit is a query anyone may make: it names the case's current owner.
    let v = s.verify(&gtin_a(), "A2");
    assert_eq!(
        (v.status, v.owner),
        (UnitStatus::Active, Some(pharmacy.clone()))
    );
    assert!(v.alerts.is_empty());
    assert_eq!(s.verify(&gtin_a(), "A3").owner, Some(wholesaler.clone()));
    // Its DSCSA history includes both movements of its containers, in order.
    let h = history(&s, "A2", None);
    let steps: Vec<(BizStep, Option<String>)> = h
        .events
        .iter()
        .map(|e| (e.biz_step, e.sscc.clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (BizStep::Commissioning, None),
            (BizStep::Packing, Some(sscc(10))),
            (BizStep::Packing, Some(sscc(20))),
            (BizStep::Shipping, Some(sscc(20))),
            (BizStep::Receiving, Some(sscc(20))),
            (BizStep::Unpacking, Some(sscc(20))),
            (BizStep::Shipping, Some(sscc(10))),
            (BizStep::Receiving, Some(sscc(10))),
        ]
    );
    let shipping = &h.events[3];
    assert_eq!(
        (shipping.actor.clone(), shipping.counterparty.clone()),
        (mfr, Some(wholesaler.clone()))
    );
    assert_eq!(h.events[7].actor, pharmacy);
    // Container events carry the packing event's seq: paging after it goes on with the unit.
    assert!(h.events[1..8].iter().all(|e| e.seq == 1));
    assert!(history(&s, "A2", Some(1)).events.is_empty());
}

#[test]
fn a_recalled_lot_in_a_shipped_case_reads_recalled_and_cannot_be_sold() {
    let mut s = pallet();
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: gtin_a(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: Some(hash("recall notice")),
        },
    );
    let v = s.verify(&gtin_a(), "A1");
    assert_eq!(
        (v.status, v.recall_class),
        (UnitStatus::Recalled, Some(RecallClass::ClassI))
    );
    // It lands (a move in progress is received), then it is sold no further.
    s.receive(&wholesaler, id);
    assert_eq!(s.verify(&gtin_a(), "A3").status, UnitStatus::Recalled);
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![], vec![sscc(20)]),
    );
    assert!(
        err.ends_with(&format!(
            "case {} cannot move: lot LOT1 of {} is recalled",
            sscc(20),
            gtin_a()
        )),
        "{err}"
    );
    // It goes back up the chain as a return.
    let back = ship_cases(&mut s, &wholesaler, &mfr, &[&sscc(20)]);
    s.receive(&mfr, back);
    assert!(case(&s, &sscc(20)).awaiting_verification);
    assert!(s.unit(&gtin_a(), "A1").awaiting_verification);
}

#[test]
fn a_quarantined_unit_holds_its_containers_until_released() {
    let mut s = pallet();
    let (mfr, wholesaler, regulator) = (s.mfr.clone(), s.wholesaler.clone(), s.regulator.clone());
    s.ok(
        &regulator,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&gtin_a(), "A1"),
            reason: SuspectReason::Counterfeit,
            evidence_hash: Some(hash("photo")),
        },
    );
    assert_eq!(s.verify(&gtin_a(), "A1").status, UnitStatus::Quarantined);
    assert_eq!(case(&s, &sscc(10)).held_units, 1);
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(20)]));
    assert!(
        err.ends_with(&format!(
            "case {} cannot move: 1 unit(s) inside are quarantined or destroyed; unpack it",
            sscc(20)
        )),
        "{err}"
    );
    s.ok(
        &mfr,
        &ExecuteMsg::ResolveSuspect {
            investigation_id: 1,
            determination: Determination::Cleared,
            evidence_hash: Some(hash("lab report")),
        },
    );
    assert_eq!(case(&s, &sscc(20)).held_units, 0);
    ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
}

#[test]
fn a_past_holder_of_a_case_keeps_standing_on_its_units() {
    let mut s = pallet();
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    s.receive(&wholesaler, id);
    let id = ship_cases(&mut s, &wholesaler, &pharmacy, &[&sscc(20)]);
    s.receive(&pharmacy, id);
    // A stranger who never held it has no standing; the wholesaler that held the pallet has.
    let flag = |serial: &str| ExecuteMsg::FlagSuspect {
        unit: uref(&gtin_a(), serial),
        reason: SuspectReason::Diverted,
        evidence_hash: None,
    };
    let pharmacy2 = s.pharmacy2.clone();
    let err = s.err(&pharmacy2, &flag("A3"));
    assert!(err.contains("no standing"), "{err}");
    s.ok(&wholesaler, &flag("A3"));
    // Still after the pharmacy unpacked everything.
    s.ok(&pharmacy, &ExecuteMsg::Unpack { sscc: sscc(20) });
    s.ok(&pharmacy, &ExecuteMsg::Unpack { sscc: sscc(10) });
    s.ok(&wholesaler, &flag("A2"));
}

#[test]
fn a_unit_is_dispensed_only_once_its_dispenser_unpacked_it() {
    let mut s = pallet();
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let id = ship_cases(&mut s, &mfr, &wholesaler, &[&sscc(20)]);
    s.receive(&wholesaler, id);
    s.ok(&wholesaler, &ExecuteMsg::Unpack { sscc: sscc(20) });
    let id = ship_cases(&mut s, &wholesaler, &pharmacy, &[&sscc(11)]);
    // In transit: not dispensed by its recipient.
    let err = s
        .dispense(&pharmacy, &gtin_a(), "A3")
        .unwrap_err()
        .to_string();
    assert!(err.contains("caller does not own unit"), "{err}");
    s.receive(&pharmacy, id);
    let err = s
        .dispense(&pharmacy, &gtin_a(), "A3")
        .unwrap_err()
        .to_string();
    assert!(err.contains("is packed in case"), "{err}");
    s.ok(&pharmacy, &ExecuteMsg::Unpack { sscc: sscc(11) });
    s.dispense(&pharmacy, &gtin_a(), "A3").unwrap();
    assert_eq!(s.verify(&gtin_a(), "A3").status, UnitStatus::Dispensed);
    // A second dispense is still a recorded double-dispense alert.
    let resp = s.dispense(&pharmacy, &gtin_a(), "A3").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
}

#[test]
fn a_case_under_custody_moves_for_its_owner() {
    let mut s = pallet();
    let (mfr, tpl, wholesaler) = (s.mfr.clone(), s.tpl.clone(), s.wholesaler.clone());
    let id = ship_cases(&mut s, &mfr, &tpl, &[&sscc(20)]);
    s.receive(&tpl, id);
    let u = s.unit(&gtin_a(), "A1");
    assert_eq!((u.owner, u.custodian), (mfr.clone(), Some(tpl.clone())));
    // The 3PL does not own it: it cannot ship it on its own account.
    let err = s.err(&tpl, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(20)]));
    assert!(err.contains("caller does not own case"), "{err}");
    // The owner brings it back.
    let back = ship_cases(&mut s, &mfr, &mfr, &[&sscc(20)]);
    s.receive(&mfr, back);
    assert_eq!(s.unit(&gtin_a(), "A4").custodian, None);
}

#[test]
fn a_pallet_excursion_is_reported_case_by_case() {
    let mut s = pallet();
    let logger = s.logger.clone();
    let report = |sscc: String| ExecuteMsg::ReportExcursion {
        target: ExcursionTarget::PackedCase { sscc },
        min_decicelsius: 0,
        max_decicelsius: 120,
        duration_secs: 4_000,
        readings_hash: hash("readings"),
    };
    let err = s.err(&logger, &report(sscc(20)));
    assert!(
        err.ends_with(&format!(
            "{} is a pallet; report the excursion for each case in it",
            sscc(20)
        )),
        "{err}"
    );
    // A case sealed in the pallet is reported for its units, which hold the pallet.
    let resp = s.ok(&logger, &report(sscc(10)));
    assert_eq!(attr(&resp, "unit_count"), "2");
    assert_eq!(s.verify(&gtin_a(), "A1").status, UnitStatus::Quarantined);
    assert_eq!(case(&s, &sscc(20)).held_units, 2);
}
