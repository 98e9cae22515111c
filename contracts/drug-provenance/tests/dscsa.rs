//! Custody that matches DSCSA: a 3PL holds custody, never ownership; a pack moving back up the
//! chain is a return and must be verified by its new owner before it is sold again; recalled,
//! withdrawn or expired stock moves only as returns up the chain.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    ExecuteMsg, QueryMsg, RecallClass, ShipmentKind, ShipmentResponse, TradingPartnerRole,
    UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn shipment(s: &Suite, id: u64) -> ShipmentResponse {
    let r: Option<ShipmentResponse> = s.q(&QueryMsg::Shipment { shipment_id: id });
    r.unwrap()
}

/// A 3PL that carries the goods never owns them: it cannot sell or destroy them, and the owner
/// directs their next move.
#[test]
fn a_3pl_holds_custody_never_ownership() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["T1", "T2"]);
    let (mfr, tpl, wholesaler, pharmacy) = (
        s.mfr.clone(),
        s.tpl.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
    );
    let id = s.ship(&mfr, &tpl, &g, &["T1", "T2"]);
    assert_eq!(shipment(&s, id).kind, ShipmentKind::Custody);
    s.receive(&tpl, id);
    let u = s.unit(&g, "T1");
    assert_eq!(u.owner, mfr, "the 3PL does not become the owner");
    assert_eq!(u.custodian, Some(tpl.clone()));
    // The 3PL cannot resell or destroy what it carries.
    let err = s.err(
        &tpl,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "T1")], vec![]),
    );
    assert!(err.contains("caller does not own unit"), "{err}");
    let err = s.err(
        &tpl,
        &ExecuteMsg::Destroy {
            unit: uref(&g, "T2"),
        },
    );
    assert!(err.contains("caller does not own unit"), "{err}");
    // ... but as the custodian it may flag what it holds.
    let flag = ExecuteMsg::FlagSuspect {
        unit: uref(&g, "T2"),
        reason: cw_health_types::drug_provenance::SuspectReason::Tampered,
        evidence_hash: None,
    };
    s.ok(&tpl, &flag);
    // The owner directs the next move out of the 3PL's warehouse: a sale.
    let id = s.ship(&mfr, &wholesaler, &g, &["T1"]);
    assert_eq!(shipment(&s, id).kind, ShipmentKind::Sale);
    s.receive(&wholesaler, id);
    let u = s.unit(&g, "T1");
    assert_eq!((u.owner, u.custodian), (wholesaler, None));
}

/// A saleable return (DSCSA 582(c)(4)(D)): the wholesaler must verify the returned pack before
/// it sells it again; a mismatch, or someone else's verification, does not release it.
#[test]
fn a_saleable_return_is_verified_before_it_is_resold() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["R1"]);
    let (mfr, wholesaler, pharmacy, pharmacy2) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
    );
    s.transfer(&mfr, &wholesaler, &g, &["R1"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["R1"]);
    let id = s.ship(&pharmacy, &wholesaler, &g, &["R1"]);
    assert_eq!(shipment(&s, id).kind, ShipmentKind::Return);
    s.receive(&wholesaler, id);
    assert!(s.unit(&g, "R1").awaiting_verification);
    let resell = Suite::ship_msg(&pharmacy2, vec![uref(&g, "R1")], vec![]);
    let err = s.err(&wholesaler, &resell);
    assert!(
        err.contains(&format!(
            "unit {g}/R1 was returned and awaits its new owner's verification"
        )),
        "{err}"
    );
    let scan = |lot: &str| {
        ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: gtin_a(),
            serial: "R1".into(),
            lot: Some(lot.into()),
            expiry: Some(EXP.into()),
            proof: None,
        })
    };
    // A verification by someone else, or one with a mismatch, does not release it.
    s.ok(&pharmacy, &scan("LOT1"));
    s.ok(&wholesaler, &scan("LOT9"));
    assert!(s.unit(&g, "R1").awaiting_verification);
    s.err(&wholesaler, &resell);
    // The owner's clean verification does.
    s.ok(&wholesaler, &scan("LOT1"));
    assert!(!s.unit(&g, "R1").awaiting_verification);
    s.ok(&wholesaler, &resell);
}

/// A recalled lot is worked by returns up the chain: to the wholesaler, the manufacturer or a
/// reverse distributor, and only those moves.
#[test]
fn recalled_stock_moves_only_as_returns_up_the_chain() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["C1", "C2", "C3"]);
    let (mfr, wholesaler, pharmacy, pharmacy2, regulator) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
        s.regulator.clone(),
    );
    let rd = s.app.api().addr_make("reverse-distributor");
    s.register(&regulator, &rd, TradingPartnerRole::ReverseDistributor);
    s.transfer(&mfr, &wholesaler, &g, &["C1", "C2", "C3"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["C1", "C2"]);
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: None,
        },
    );
    // Sideways or down the chain: refused.
    for (from, to, serial) in [
        (&wholesaler, &pharmacy2, "C3"),
        (&pharmacy, &pharmacy2, "C1"),
    ] {
        let err = s.err(from, &Suite::ship_msg(to, vec![uref(&g, serial)], vec![]));
        assert!(err.contains("is recalled"), "{err}");
    }
    // Up the chain: the pharmacy returns C1 to the wholesaler, the wholesaler returns it to the
    // manufacturer; the pharmacy sends C2 to a reverse distributor.
    s.transfer(&pharmacy, &wholesaler, &g, &["C1"]);
    s.transfer(&wholesaler, &mfr, &g, &["C1"]);
    assert_eq!(s.unit(&g, "C1").owner, mfr);
    s.transfer(&pharmacy, &rd, &g, &["C2"]);
    assert_eq!(s.verify(&g, "C2").status, UnitStatus::Recalled);
    // A reverse distributor never sells on: only back to the manufacturer.
    let err = s.err(
        &rd,
        &Suite::ship_msg(&pharmacy2, vec![uref(&g, "C2")], vec![]),
    );
    assert!(
        err.contains("a reverse distributor ships only back to a manufacturer or repackager"),
        "{err}"
    );
    s.transfer(&rd, &mfr, &g, &["C2"]);
    // Expired stock likewise: returned up, not sold down.
    s.commission(&g, "SOON", EXP_SOON, &["E1", "E2"]);
    s.transfer(&mfr, &wholesaler, &g, &["E1", "E2"]);
    s.advance(EXP_SOON_AT - s.now().seconds());
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "E1")], vec![]),
    );
    assert!(err.contains("is expired"), "{err}");
    s.transfer(&wholesaler, &mfr, &g, &["E1"]);
}

/// The owner brings its goods back from its 3PL's warehouse to itself (a custody move that ends
/// the custody): only goods a 3PL holds for it, received by the owner, never by the 3PL or a
/// stranger; recalled stock may come back too.
#[test]
fn the_owner_takes_its_goods_back_from_its_3pl() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["K1", "K2", "K3"]);
    let (mfr, tpl, wholesaler) = (s.mfr.clone(), s.tpl.clone(), s.wholesaler.clone());
    let id = s.ship(&mfr, &tpl, &g, &["K1", "K2"]);
    s.receive(&tpl, id);
    // Goods the owner holds itself are not shipped to itself.
    let err = s.err(&mfr, &Suite::ship_msg(&mfr, vec![uref(&g, "K3")], vec![]));
    assert!(
        err.contains("a shipment goes to its sender only to bring back goods a 3PL holds for it"),
        "{err}"
    );
    // The 3PL cannot send them anywhere, not even back to the owner.
    let err = s.err(&tpl, &Suite::ship_msg(&mfr, vec![uref(&g, "K1")], vec![]));
    assert!(err.contains("caller does not own unit"), "{err}");
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassII,
            notice_hash: None,
        },
    );
    let id = s.ship(&mfr, &mfr, &g, &["K1"]);
    assert_eq!(shipment(&s, id).kind, ShipmentKind::Custody);
    for who in [&tpl, &wholesaler] {
        let err = s.err(who, &ExecuteMsg::Receive { shipment_id: id });
        assert!(err.contains("caller is not the recipient"), "{err}");
    }
    s.receive(&mfr, id);
    let u = s.unit(&g, "K1");
    assert_eq!((u.owner, u.custodian), (mfr.clone(), None));
    assert_eq!(u.status, UnitStatus::Recalled);
    assert!(!u.awaiting_verification);
    // K2 is still in the warehouse.
    assert_eq!(s.unit(&g, "K2").custodian, Some(tpl));
}

/// Recalled stock is packed into a case to be returned up the chain; the case is never sold.
#[test]
fn recalled_stock_is_packed_for_return() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["Q1", "Q2"]);
    let (mfr, wholesaler, pharmacy, pharmacy2, regulator) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
        s.regulator.clone(),
    );
    s.set_prefixes(&regulator, &pharmacy, &["0555"]);
    s.transfer(&mfr, &wholesaler, &g, &["Q1", "Q2"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["Q1", "Q2"]);
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: None,
        },
    );
    let case = sscc_of("0555", 1);
    s.ok(
        &pharmacy,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: case.clone(),
            units: vec![uref(&g, "Q1"), uref(&g, "Q2")],
        },
    );
    // Not sold sideways, and not dispensed out of the case.
    let err = s.err(
        &pharmacy,
        &Suite::ship_msg(&pharmacy2, vec![], vec![case.clone()]),
    );
    assert!(err.contains("is recalled"), "{err}");
    assert!(s.dispense(&pharmacy, &g, "Q1").is_err());
    let resp = s.ok(&pharmacy, &Suite::ship_msg(&wholesaler, vec![], vec![case]));
    let id: u64 = attr(&resp, "shipment_id").parse().unwrap();
    assert_eq!(shipment(&s, id).kind, ShipmentKind::Return);
    s.receive(&wholesaler, id);
    assert_eq!(s.unit(&g, "Q2").owner, wholesaler);
}
