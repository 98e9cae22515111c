//! Custody: ship, receive, cancel, double ship, wrong parties, cases (SSCC).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    BizStep, CaseResponse, CaseState, CaseUnitsResponse, ExecuteMsg, HistoryResponse, QueryMsg,
    ShipmentResponse, ShipmentState, TradingPartnerStatus, UnitKey, UnitState, UnitStatus,
};
use cw_health_types::Sha256Hash;
use suite::*;

fn shipment(s: &Suite, id: u64) -> ShipmentResponse {
    s.q(&QueryMsg::Shipment { shipment_id: id })
}

#[test]
fn ship_then_receive_moves_ownership() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2"]);
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let resp = s.ok(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "A1"), uref(&g, "A2")], vec![]),
    );
    assert_eq!(attr(&resp, "action"), "ship");
    assert_eq!(attr(&resp, "biz_step"), "shipping");
    assert_eq!(attr(&resp, "units"), format!("{g}:A1 {g}:A2"));
    assert_eq!(attr(&resp, "ti_hash"), hash("ti").0);
    let id: u64 = attr(&resp, "shipment_id").parse().unwrap();
    // In transit: still owned by the shipper.
    let u = s.unit(&g, "A1");
    assert_eq!(u.state, UnitState::InTransit);
    assert_eq!(u.status, UnitStatus::InTransit);
    assert_eq!(u.owner, mfr);
    assert_eq!(u.shipment_id, Some(id));
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::InTransit);
    let sh = shipment(&s, id);
    assert_eq!(sh.state, ShipmentState::Pending);
    assert_eq!(sh.from, mfr);
    assert_eq!(sh.to, wholesaler);
    assert_eq!(sh.unit_count, 2);
    assert_eq!(sh.ts_hash, hash("ts"));
    // Received: the recipient owns them.
    let resp = s.receive(&wholesaler, id);
    assert_eq!(attr(&resp, "action"), "receive");
    let u = s.unit(&g, "A1");
    assert_eq!(u.owner, wholesaler);
    assert_eq!(u.state, UnitState::Active);
    assert_eq!(u.shipment_id, None);
    assert_eq!(shipment(&s, id).state, ShipmentState::Received);
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "A2".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(h.events.len(), 3);
    let ship = &h.events[1];
    assert_eq!(ship.biz_step, BizStep::Shipping);
    assert_eq!(ship.actor, mfr);
    assert_eq!(ship.counterparty, Some(wholesaler.clone()));
    assert_eq!(ship.shipment_id, Some(id));
    assert_eq!(ship.document, Some(hash("ti")));
    let recv = &h.events[2];
    assert_eq!(recv.biz_step, BizStep::Receiving);
    assert_eq!(recv.actor, wholesaler);
    assert_eq!(recv.counterparty, Some(mfr));
}

#[test]
fn no_unit_is_shipped_twice_or_by_a_non_owner() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2"]);
    let (mfr, wholesaler, pharmacy, tpl) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.tpl.clone(),
    );
    let id = s.ship(&mfr, &wholesaler, &g, &["A1"]);
    // Double ship while in transit.
    let err = s.err(&mfr, &Suite::ship_msg(&tpl, vec![uref(&g, "A1")], vec![]));
    assert!(
        err.ends_with(&format!("unit {g}/A1 is in_transit")),
        "{err}"
    );
    // The recipient cannot ship before receiving.
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "A1")], vec![]),
    );
    assert!(
        err.ends_with(&format!("caller does not own unit {g}/A1")),
        "{err}"
    );
    s.receive(&wholesaler, id);
    // The former owner can no longer ship it.
    let err = s.err(&mfr, &Suite::ship_msg(&tpl, vec![uref(&g, "A1")], vec![]));
    assert!(
        err.ends_with(&format!("caller does not own unit {g}/A1")),
        "{err}"
    );
    // Nor can a stranger to it (licensed, but not the owner).
    let err = s.err(
        &pharmacy,
        &Suite::ship_msg(&tpl, vec![uref(&g, "A2")], vec![]),
    );
    assert!(err.contains("caller does not own unit"), "{err}");
    // The same unit twice in one message.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&tpl, vec![uref(&g, "A2"), uref(&g, "A2")], vec![]),
    );
    assert!(err.contains("units contains a duplicate entry"), "{err}");
    // A failing item fails the whole message: A2 did not move.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&tpl, vec![uref(&g, "A2"), uref(&g, "A1")], vec![]),
    );
    assert!(err.contains("caller does not own unit"), "{err}");
    assert_eq!(s.unit(&g, "A2").state, UnitState::Active);
    assert_eq!(s.unit(&g, "A2").owner, mfr);
}

#[test]
fn only_the_recipient_receives() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, wholesaler, pharmacy, reg) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.regulator.clone(),
    );
    let id = s.ship(&mfr, &wholesaler, &g, &["A1"]);
    for who in [pharmacy.clone(), mfr.clone()] {
        let err = s.err(&who, &ExecuteMsg::Receive { shipment_id: id });
        assert!(
            err.ends_with(&format!("caller is not the recipient of shipment {id}")),
            "{err}"
        );
    }
    let err = s.err(&wholesaler, &ExecuteMsg::Receive { shipment_id: 99 });
    assert!(err.ends_with("shipment 99 not found"), "{err}");
    // A recipient suspended in the meantime cannot receive.
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: wholesaler.to_string(),
            status: TradingPartnerStatus::Suspended,
        },
    );
    let err = s.err(&wholesaler, &ExecuteMsg::Receive { shipment_id: id });
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    assert_eq!(s.unit(&g, "A1").owner, mfr);
    // The shipper cancels: the unit is active again with it.
    let err = s.err(&wholesaler, &ExecuteMsg::CancelShipment { shipment_id: id });
    assert!(
        err.ends_with(&format!("caller is not the shipper of shipment {id}")),
        "{err}"
    );
    let resp = s.ok(&mfr, &ExecuteMsg::CancelShipment { shipment_id: id });
    assert_eq!(attr(&resp, "action"), "cancel_shipment");
    let u = s.unit(&g, "A1");
    assert_eq!((u.owner.clone(), u.state), (mfr.clone(), UnitState::Active));
    assert_eq!(shipment(&s, id).state, ShipmentState::Cancelled);
    // A closed shipment can be neither received nor cancelled again.
    let err = s.err(&mfr, &ExecuteMsg::CancelShipment { shipment_id: id });
    assert!(
        err.ends_with(&format!("shipment {id} is already received or cancelled")),
        "{err}"
    );
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: wholesaler.to_string(),
            status: TradingPartnerStatus::Active,
        },
    );
    let err = s.err(&wholesaler, &ExecuteMsg::Receive { shipment_id: id });
    assert!(err.contains("is already received or cancelled"), "{err}");
    // A shipper suspended while the goods travel: the recipient cannot receive from it.
    let id3 = s.ship(&mfr, &wholesaler, &g, &["A1"]);
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: mfr.to_string(),
            status: TradingPartnerStatus::Suspended,
        },
    );
    let err = s.err(&wholesaler, &ExecuteMsg::Receive { shipment_id: id3 });
    assert!(
        err.contains(&format!("{mfr} is not a licensed trading partner")),
        "{err}"
    );
    s.ok(&mfr, &ExecuteMsg::CancelShipment { shipment_id: id3 });
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: mfr.to_string(),
            status: TradingPartnerStatus::Active,
        },
    );
    let id2 = s.ship(&mfr, &pharmacy, &g, &["A1"]);
    s.receive(&pharmacy, id2);
    let err = s.err(&pharmacy, &ExecuteMsg::Receive { shipment_id: id2 });
    assert!(err.contains("is already received or cancelled"), "{err}");
}

#[test]
fn shipment_input_is_validated() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let err = s.err(&mfr, &Suite::ship_msg(&mfr, vec![uref(&g, "A1")], vec![]));
    assert!(
        err.ends_with("a shipment goes to its sender only to bring back goods a 3PL holds for it"),
        "{err}"
    );
    let upper = cosmwasm_std::Addr::unchecked(wholesaler.to_string().to_uppercase());
    let err = s.err(&mfr, &Suite::ship_msg(&upper, vec![uref(&g, "A1")], vec![]));
    assert!(!err.contains("a shipment"), "{err}");
    assert_eq!(s.unit(&g, "A1").state, UnitState::Active);
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![]));
    assert!(
        err.ends_with("a shipment needs at least one unit or case"),
        "{err}"
    );
    let err = s.err(
        &mfr,
        &ExecuteMsg::Ship {
            to: wholesaler.to_string(),
            units: vec![uref(&g, "A1")],
            cases: vec![],
            ti_hash: Sha256Hash("00".into()),
            ts_hash: hash("ts"),
        },
    );
    assert!(err.contains("ti_hash: invalid sha256 hash"), "{err}");
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref("00312345678900", "A1")], vec![]),
    );
    assert!(err.contains("gtin is malformed"), "{err}");
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "NOPE")], vec![]),
    );
    assert!(
        err.contains(&format!("unit {g}/NOPE is not on the ledger")),
        "{err}"
    );
    // A lot given for a unit on the ledger must match.
    let mut wrong = uref(&g, "A1");
    wrong.lot = Some("LOT9".into());
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![wrong], vec![]));
    assert!(
        err.ends_with(&format!("unit {g}/A1 belongs to lot LOT1, not LOT9")),
        "{err}"
    );
    // At most 100 items per message.
    let serials: Vec<String> = (0..101).map(|i| format!("B{i}")).collect();
    let refs: Vec<&str> = serials.iter().map(|s| s.as_str()).collect();
    s.commission(&g, "LOT2", EXP, &refs[..100]);
    s.commission(&g, "LOT2", EXP, &refs[100..]);
    let units = refs.iter().map(|r| uref(&g, r)).collect();
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, units, vec![]));
    assert!(
        err.contains("units + cases has too many entries: 101, at most 100"),
        "{err}"
    );
    let units = refs[..100].iter().map(|r| uref(&g, r)).collect();
    s.ok(&mfr, &Suite::ship_msg(&wholesaler, units, vec![]));
}

fn pack(s: &mut Suite, who: &cosmwasm_std::Addr, sscc: &str, serials: &[&str]) -> String {
    let g = gtin_a();
    let resp = s.ok(
        who,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc.into(),
            units: serials.iter().map(|x| uref(&g, x)).collect(),
        },
    );
    attr(&resp, "action")
}

fn case(s: &Suite, sscc: &str) -> CaseResponse {
    let c: Option<CaseResponse> = s.q(&QueryMsg::PackedCase { sscc: sscc.into() });
    c.unwrap()
}

#[test]
fn cases_move_their_units_and_unpack() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["C1", "C2", "C3", "L1"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    let case1 = sscc(1);
    assert_eq!(pack(&mut s, &mfr, &case1, &["C1", "C2", "C3"]), "pack");
    let c = case(&s, &case1);
    assert_eq!(
        (c.owner.clone(), c.state, c.unit_count),
        (mfr.clone(), CaseState::Active, 3)
    );
    assert_eq!(s.unit(&g, "C2").sscc, Some(case1.clone()));
    // Packed units move only with their case.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "C1")], vec![]),
    );
    assert!(
        err.ends_with(&format!(
            "unit {g}/C1 is packed in case {case1}; ship or unpack the case"
        )),
        "{err}"
    );
    // A case and a loose unit in one shipment.
    let resp = s.ok(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "L1")], vec![case1.clone()]),
    );
    assert_eq!(attr(&resp, "unit_count"), "4");
    assert_eq!(attr(&resp, "cases"), case1);
    let id: u64 = attr(&resp, "shipment_id").parse().unwrap();
    assert_eq!(case(&s, &case1).state, CaseState::InTransit);
    for serial in ["C1", "C2", "C3", "L1"] {
        assert_eq!(s.unit(&g, serial).status, UnitStatus::InTransit);
    }
    // A case in transit can be neither shipped again nor unpacked.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&pharmacy, vec![], vec![case1.clone()]),
    );
    assert!(
        err.ends_with(&format!("case {case1} is in_transit")),
        "{err}"
    );
    let err = s.err(
        &mfr,
        &ExecuteMsg::Unpack {
            sscc: case1.clone(),
        },
    );
    assert!(err.contains("is in_transit"), "{err}");
    s.receive(&wholesaler, id);
    let c = case(&s, &case1);
    assert_eq!(
        (c.owner.clone(), c.state),
        (wholesaler.clone(), CaseState::Active)
    );
    for serial in ["C1", "C2", "C3"] {
        let u = s.unit(&g, serial);
        assert_eq!(
            (u.owner.clone(), u.status),
            (wholesaler.clone(), UnitStatus::Active)
        );
    }
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "C3".into(),
        start_after: None,
        limit: None,
    });
    let steps: Vec<_> = h
        .events
        .iter()
        .map(|e| (e.biz_step, e.sscc.clone()))
        .collect();
    assert_eq!(
        steps,
        vec![
            (BizStep::Commissioning, None),
            (BizStep::Packing, Some(case1.clone())),
            (BizStep::Shipping, Some(case1.clone())),
            (BizStep::Receiving, Some(case1.clone())),
        ]
    );
    // Only its owner unpacks; unpacking frees the units and spends the SSCC.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Unpack {
            sscc: case1.clone(),
        },
    );
    assert!(
        err.ends_with(&format!("caller does not own case {case1}")),
        "{err}"
    );
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::Unpack {
            sscc: case1.clone(),
        },
    );
    assert_eq!(attr(&resp, "unit_count"), "3");
    assert_eq!(case(&s, &case1).state, CaseState::Unpacked);
    assert_eq!(s.unit(&g, "C1").sscc, None);
    let units: CaseUnitsResponse = s.q(&QueryMsg::CaseUnits {
        sscc: case1.clone(),
        start_after: None,
        limit: None,
    });
    assert!(units.units.is_empty());
    s.transfer(&wholesaler, &pharmacy, &g, &["C1"]);
    s.dispense(&pharmacy, &g, "C1").unwrap();
    let err = s.err(
        &wholesaler,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: case1.clone(),
            units: vec![uref(&g, "C2")],
        },
    );
    assert!(
        err.ends_with(&format!(
            "case {case1} already exists (an SSCC is never reused)"
        )),
        "{err}"
    );
}

#[test]
fn packing_is_refused_for_bad_input() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["C1", "C2"]);
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    let mut bad = sscc(2);
    let last = bad.pop().unwrap();
    bad.push(if last == '9' { '0' } else { '9' });
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: bad,
            units: vec![uref(&g, "C1")],
        },
    );
    assert!(
        err.contains("sscc is malformed: an SSCC check digit is wrong"),
        "{err}"
    );
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(2),
            units: vec![],
        },
    );
    assert!(err.contains("units must not be empty"), "{err}");
    let regulator = s.regulator.clone();
    s.set_prefixes(&regulator, &wholesaler, &["0888"]);
    let err = s.err(
        &wholesaler,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc_of("0888", 2),
            units: vec![uref(&g, "C1")],
        },
    );
    assert!(err.contains("caller does not own unit"), "{err}");
    pack(&mut s, &mfr, &sscc(2), &["C1"]);
    // A unit already in a case cannot be packed into another.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(3),
            units: vec![uref(&g, "C1")],
        },
    );
    assert!(err.contains("is packed in case"), "{err}");
    let none: Option<CaseResponse> = s.q(&QueryMsg::PackedCase { sscc: sscc(3) });
    assert!(none.is_none());
    let err = s.err(&wholesaler, &Suite::ship_msg(&mfr, vec![], vec![sscc(2)]));
    assert!(err.contains("caller does not own case"), "{err}");
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(4)]));
    assert!(err.contains("not found"), "{err}");
}

#[test]
fn case_contents_are_paginated_and_bounded() {
    let mut s = Suite::new();
    let g = gtin_a();
    let serials: Vec<String> = (0..100).map(|i| format!("K{i:03}")).collect();
    let refs: Vec<&str> = serials.iter().map(|x| x.as_str()).collect();
    s.commission(&g, "LOT1", EXP, &refs);
    s.commission(&g, "LOT1", EXP, &["K100"]);
    let mfr = s.mfr.clone();
    // 101 units do not fit a case.
    let mut too_many: Vec<_> = refs.iter().map(|r| uref(&g, r)).collect();
    too_many.push(uref(&g, "K100"));
    let err = s.err(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(7),
            units: too_many,
        },
    );
    assert!(
        err.contains("units has too many entries: 101, at most 100"),
        "{err}"
    );
    pack(&mut s, &mfr, &sscc(7), &refs);
    let page1: CaseUnitsResponse = s.q(&QueryMsg::CaseUnits {
        sscc: sscc(7),
        start_after: None,
        limit: Some(50),
    });
    assert_eq!(page1.units.len(), 30);
    assert_eq!(
        page1.units[0],
        UnitKey {
            gtin: g.clone(),
            serial: "K000".into()
        }
    );
    let page2: CaseUnitsResponse = s.q(&QueryMsg::CaseUnits {
        sscc: sscc(7),
        start_after: Some(page1.units[29].clone()),
        limit: None,
    });
    assert_eq!(page2.units.len(), 10);
    assert_eq!(page2.units[0].serial, "K030");
    // A full case ships in one message.
    let wholesaler = s.wholesaler.clone();
    let resp = s.ok(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "K100")], vec![sscc(7)]),
    );
    assert_eq!(attr(&resp, "unit_count"), "101");
}

#[test]
fn six_cases_of_100_move_in_one_message() {
    // A case moves at the cost of one unit: the 500-unit cap of loose-unit moves is gone.
    let mut s = Suite::new();
    let g = gtin_a();
    let mfr = s.mfr.clone();
    for c in 0..6u32 {
        let serials: Vec<String> = (0..100).map(|i| format!("C{c}-{i:03}")).collect();
        let refs: Vec<&str> = serials.iter().map(|x| x.as_str()).collect();
        s.commission(&g, "BULK", EXP, &refs);
        pack(&mut s, &mfr, &sscc(100 + c), &refs);
    }
    let wholesaler = s.wholesaler.clone();
    let cases: Vec<String> = (0..6).map(|c| sscc(100 + c)).collect();
    let resp = s.ok(&mfr, &Suite::ship_msg(&wholesaler, vec![], cases.clone()));
    assert_eq!(attr(&resp, "unit_count"), "600");
    assert_eq!(case(&s, &cases[5]).state, CaseState::InTransit);
    let u = s.unit(&g, "C5-099");
    assert_eq!(u.state, UnitState::InTransit);
    assert_eq!(u.owner, mfr);
    let id: u64 = attr(&resp, "shipment_id").parse().unwrap();
    s.ok(&wholesaler, &ExecuteMsg::Receive { shipment_id: id });
    let u = s.unit(&g, "C5-099");
    assert_eq!((u.state, u.owner), (UnitState::Active, wholesaler));
}
