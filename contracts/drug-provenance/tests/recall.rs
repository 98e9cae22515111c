//! Recall: who may recall, irreversibility, blocking every unit of a lot without touching them,
//! and where the recalled units are.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::gs1::merkle_leaf;
use cw_health_types::drug_provenance::{
    CommissionSerials, ExecuteMsg, HistoryResponse, LotResponse, QueryMsg, RecallClass,
    RecallHoldersResponse, UnitStatus,
};
use cw_health_types::merkle::{build_proof, compute_root};
use cw_health_types::Sha256Hash;
use suite::*;

fn recall_msg(lots: &[&str], class: RecallClass) -> ExecuteMsg {
    ExecuteMsg::Recall {
        gtin: gtin_a(),
        lots: lots.iter().map(|l| l.to_string()).collect(),
        recall_class: class,
        notice_hash: Some(hash("recall notice")),
    }
}

#[test]
fn only_the_manufacturer_or_regulator_recalls_and_recalls_are_final() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    s.commission(&g, "LOT2", EXP, &["B1"]);
    let (mfr, mfr2, reg, wholesaler) = (
        s.mfr.clone(),
        s.mfr2.clone(),
        s.regulator.clone(),
        s.wholesaler.clone(),
    );
    for who in [mfr2.clone(), wholesaler.clone(), s.stranger.clone()] {
        let err = s.err(&who, &recall_msg(&["LOT1"], RecallClass::ClassI));
        assert!(
            err.ends_with("caller is neither the product's manufacturer nor the regulator"),
            "{err}"
        );
    }
    let resp = s.ok(&mfr, &recall_msg(&["LOT1"], RecallClass::ClassI));
    assert_eq!(attr(&resp, "action"), "recall");
    assert_eq!(attr(&resp, "class"), "I");
    assert_eq!(attr(&resp, "lots"), "LOT1");
    let l: Option<LotResponse> = s.q(&QueryMsg::Lot {
        gtin: g.clone(),
        lot: "LOT1".into(),
    });
    let recall = l.unwrap().recall.unwrap();
    assert_eq!(recall.recall_class, RecallClass::ClassI);
    assert_eq!(recall.recalled_by, mfr);
    assert_eq!(recall.notice_hash, Some(hash("recall notice")));
    // Irreversible: no second recall and no lowering of the class.
    let err = s.err(&reg, &recall_msg(&["LOT1"], RecallClass::ClassIII));
    assert!(
        err.ends_with(&format!(
            "lot LOT1 of {g} is already recalled as class I (a recall is irreversible and only escalated)"
        )),
        "{err}"
    );
    // A message with one bad lot recalls nothing.
    let err = s.err(&reg, &recall_msg(&["LOT2", "NOPE"], RecallClass::ClassII));
    assert!(
        err.ends_with(&format!("lot NOPE of {g} is not commissioned")),
        "{err}"
    );
    assert_eq!(s.verify(&g, "B1").recall_class, None);
    let err = s.err(&reg, &recall_msg(&["LOT2", "LOT2"], RecallClass::ClassII));
    assert!(err.contains("lots contains a duplicate entry"), "{err}");
    let err = s.err(&reg, &recall_msg(&[], RecallClass::ClassII));
    assert!(err.contains("lots must not be empty"), "{err}");
    // The regulator recalls the other lot.
    s.ok(&reg, &recall_msg(&["LOT2"], RecallClass::ClassII));
    assert_eq!(s.verify(&g, "B1").recall_class, Some(RecallClass::ClassII));
    // A recalled lot takes no more serials.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "LOT2".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::List {
                serials: vec!["B2".into()],
            },
        },
    );
    assert!(err.contains("is already recalled"), "{err}");
}

#[test]
fn a_recall_blocks_every_unit_of_the_lot_wherever_it_is() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2", "A3", "A4", "A5", "A6"]);
    s.commission(&g, "LOT2", EXP, &["B1"]);
    let (mfr, wholesaler, pharmacy, pharmacy2) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
    );
    s.transfer(&mfr, &wholesaler, &g, &["A1", "A2", "A3", "A4"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["A1", "A2"]);
    s.dispense(&pharmacy, &g, "A1").unwrap();
    let in_transit = s.ship(&wholesaler, &pharmacy2, &g, &["A3"]);
    s.ok(
        &mfr,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc(1),
            units: vec![uref(&g, "A5"), uref(&g, "A6")],
        },
    );
    s.ok(&mfr, &recall_msg(&["LOT1"], RecallClass::ClassI));

    // Every unit reads recalled, wherever it is; other lots are untouched.
    for serial in ["A2", "A3", "A4", "A5"] {
        let v = s.verify(&g, serial);
        assert_eq!(v.status, UnitStatus::Recalled, "{serial}");
        assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    }
    assert_eq!(s.verify(&g, "B1").status, UnitStatus::Active);
    // The unit dispensed before the recall: status recalled, still shows who dispensed it.
    let v = s.verify(&g, "A1");
    assert_eq!(v.status, UnitStatus::Recalled);
    assert_eq!(v.dispensed_by, Some(pharmacy.clone()));
    assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    // No unit's history was written by the recall (it is lot-level, reported alongside).
    let h: HistoryResponse = s.q(&QueryMsg::History {
        gtin: g.clone(),
        serial: "A4".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(h.events.len(), 3);
    assert_eq!(h.recall.unwrap().recall_class, RecallClass::ClassI);

    // Blocked: ship, pack, ship a case, dispense.
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "A4")], vec![]),
    );
    assert!(err.ends_with(&format!("unit {g}/A4 is recalled")), "{err}");
    let regulator = s.regulator.clone();
    s.set_prefixes(&regulator, &wholesaler, &["0888"]);
    // Recalled stock may be packed (to be returned), but the case is never sold.
    s.ok(
        &wholesaler,
        &ExecuteMsg::Pack {
            cases: vec![],
            sscc: sscc_of("0888", 2),
            units: vec![uref(&g, "A4")],
        },
    );
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![], vec![sscc_of("0888", 2)]),
    );
    assert!(err.contains("is recalled"), "{err}");
    let err = s.err(&mfr, &Suite::ship_msg(&wholesaler, vec![], vec![sscc(1)]));
    assert!(
        err.contains(&format!("lot LOT1 of {g} is recalled")),
        "{err}"
    );
    let err = s.dispense(&pharmacy, &g, "A2").unwrap_err().to_string();
    assert!(err.contains("is recalled"), "{err}");
    // A unit in transit can still be received (it must land somewhere), and stays blocked.
    s.receive(&pharmacy2, in_transit);
    let err = s.dispense(&pharmacy2, &g, "A3").unwrap_err().to_string();
    assert!(err.contains("is recalled"), "{err}");
    // Holders may still destroy recalled stock.
    s.ok(
        &pharmacy,
        &ExecuteMsg::Destroy {
            unit: uref(&g, "A2"),
        },
    );
    assert_eq!(s.verify(&g, "A2").status, UnitStatus::Destroyed);
}

#[test]
fn recall_holders_lists_current_owners_in_pages() {
    let mut s = Suite::new();
    let g = gtin_a();
    let serials: Vec<String> = (0..40).map(|i| format!("H{i:02}")).collect();
    let refs: Vec<&str> = serials.iter().map(|x| x.as_str()).collect();
    s.commission(&g, "LOT1", EXP, &refs);
    s.commission(&g, "LOT2", EXP, &["Z1"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &wholesaler, &g, &refs[10..]);
    s.transfer(&wholesaler, &pharmacy, &g, &refs[30..]);
    s.ok(&mfr, &recall_msg(&["LOT1"], RecallClass::ClassII));
    let page = |s: &Suite, start: Option<String>, limit| -> RecallHoldersResponse {
        s.q(&QueryMsg::RecallHolders {
            gtin: gtin_a(),
            lot: "LOT1".into(),
            start_after: start,
            limit,
        })
    };
    let mut all = vec![];
    let mut start = None;
    loop {
        let p = page(&s, start.clone(), Some(30));
        assert_eq!(
            p.recall.as_ref().unwrap().recall_class,
            RecallClass::ClassII
        );
        assert!(p.holders.len() <= 30);
        if p.holders.is_empty() {
            break;
        }
        start = Some(p.holders.last().unwrap().serial.clone());
        all.extend(p.holders);
    }
    assert_eq!(all.len(), 40);
    for (i, h) in all.iter().enumerate() {
        assert_eq!(h.serial, format!("H{i:02}"));
        assert_eq!(h.status, UnitStatus::Recalled);
        let expected = match i {
            0..=9 => &mfr,
            10..=29 => &wholesaler,
            _ => &pharmacy,
        };
        assert_eq!(&h.owner, expected, "{}", h.serial);
    }
    // Default page size, other lot not mixed in, unknown lot empty.
    assert_eq!(page(&s, None, None).holders.len(), 10);
    let other: RecallHoldersResponse = s.q(&QueryMsg::RecallHolders {
        gtin: g.clone(),
        lot: "LOT2".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(other.holders.len(), 1);
    assert!(other.recall.is_none());
    let none: RecallHoldersResponse = s.q(&QueryMsg::RecallHolders {
        gtin: g,
        lot: "NOPE".into(),
        start_after: None,
        limit: None,
    });
    assert!(none.holders.is_empty());
}

#[test]
fn recall_of_a_merkle_lot_counts_the_units_that_never_moved() {
    let mut s = Suite::new();
    let g = gtin_a();
    let serials: Vec<String> = (0..500).map(|i| format!("M{i:03}")).collect();
    let data: Vec<Vec<u8>> = serials.iter().map(|x| merkle_leaf(&g, "MLOT", x)).collect();
    let leaves: Vec<&[u8]> = data.iter().map(|l| l.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&leaves).unwrap());
    let (mfr, wholesaler, reg) = (s.mfr.clone(), s.wholesaler.clone(), s.regulator.clone());
    s.ok(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "MLOT".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root,
                leaf_count: 500,
            },
        },
    );
    for i in [3usize, 200] {
        let unit = proved(
            &g,
            &serials[i],
            "MLOT",
            build_proof(&leaves, i as u64).unwrap(),
        );
        let id: u64 = attr(
            &s.ok(&mfr, &Suite::ship_msg(&wholesaler, vec![unit], vec![])),
            "shipment_id",
        )
        .parse()
        .unwrap();
        s.receive(&wholesaler, id);
    }
    s.ok(
        &reg,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["MLOT".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: None,
        },
    );
    let r: RecallHoldersResponse = s.q(&QueryMsg::RecallHolders {
        gtin: g.clone(),
        lot: "MLOT".into(),
        start_after: None,
        limit: None,
    });
    assert_eq!(r.holders.len(), 2);
    assert!(r
        .holders
        .iter()
        .all(|h| h.owner == wholesaler && h.status == UnitStatus::Recalled));
    assert_eq!(r.unmoved_holder, Some(mfr.clone()));
    assert_eq!(r.unmoved_count, 498);
    // An unmoved unit, verified with its proof, is recalled too and cannot be shipped.
    let proof = build_proof(&leaves, 7).unwrap();
    let v = s.verify_req(cw_health_types::drug_provenance::VerifyUnitRequest {
        gtin: g.clone(),
        serial: serials[7].clone(),
        lot: Some("MLOT".into()),
        expiry: None,
        proof: Some(proof.clone()),
    });
    assert_eq!(v.status, UnitStatus::Recalled);
    assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    let err = s.err(
        &mfr,
        &Suite::ship_msg(
            &wholesaler,
            vec![proved(&g, &serials[7], "MLOT", proof)],
            vec![],
        ),
    );
    assert!(err.contains("is recalled"), "{err}");
}

#[test]
fn recall_authorizes_before_validating_and_a_suspended_manufacturer_still_recalls() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    let (mfr, reg, wholesaler) = (s.mfr.clone(), s.regulator.clone(), s.wholesaler.clone());
    // A stranger learns nothing about the input: the refusal is the authorization one.
    let bad_gtin = ExecuteMsg::Recall {
        gtin: "12345".into(),
        lots: vec!["LOT1".into()],
        recall_class: RecallClass::ClassI,
        notice_hash: None,
    };
    let err = s.err(&wholesaler, &bad_gtin);
    assert!(
        err.ends_with("caller is neither the product's manufacturer nor the regulator"),
        "{err}"
    );
    // The regulator gets the validation error.
    let err = s.err(&reg, &bad_gtin);
    assert!(err.contains("a GTIN-14 is 14 digits"), "{err}");
    // A manufacturer whose license is suspended may still recall its own lots (a recall only
    // blocks units), and the recall holds.
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: mfr.to_string(),
            status: cw_health_types::drug_provenance::TradingPartnerStatus::Suspended,
        },
    );
    s.ok(&mfr, &recall_msg(&["LOT1"], RecallClass::ClassI));
    let v = s.verify(&g, "A1");
    assert_eq!(v.status, UnitStatus::Recalled);
    assert_eq!(v.recall_class, Some(RecallClass::ClassI));
}

/// A recall is escalated (Class II to Class I) when the hazard proves worse, never lowered, and
/// an escalation of a lot in a message with a refused lot escalates nothing.
#[test]
fn a_recall_class_is_escalated_never_lowered() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1"]);
    s.commission(&g, "LOT2", EXP, &["B1"]);
    let (mfr, mfr2, reg) = (s.mfr.clone(), s.mfr2.clone(), s.regulator.clone());
    s.ok(&mfr, &recall_msg(&["LOT1", "LOT2"], RecallClass::ClassII));
    for lower in [RecallClass::ClassII, RecallClass::ClassIII] {
        let err = s.err(&mfr, &recall_msg(&["LOT1"], lower));
        assert!(err.contains("is already recalled as class II"), "{err}");
    }
    let err = s.err(&mfr2, &recall_msg(&["LOT1"], RecallClass::ClassI));
    assert!(
        err.contains("neither the product's manufacturer nor the regulator"),
        "{err}"
    );
    s.advance(3_600);
    let resp = s.ok(&reg, &recall_msg(&["LOT1"], RecallClass::ClassI));
    assert_eq!(attr(&resp, "class"), "I");
    assert_eq!(attr(&resp, "escalated"), "LOT1");
    let v = s.verify(&g, "A1");
    assert_eq!(v.recall_class, Some(RecallClass::ClassI));
    let l: Option<LotResponse> = s.q(&QueryMsg::Lot {
        gtin: g.clone(),
        lot: "LOT1".into(),
    });
    let recall = l.unwrap().recall.unwrap();
    assert_eq!(recall.recalled_by, reg);
    assert_eq!(recall.recalled_at, s.now());
    // LOT1 is already class I: the whole message is refused, LOT2 stays class II.
    let err = s.err(&reg, &recall_msg(&["LOT2", "LOT1"], RecallClass::ClassI));
    assert!(err.contains("lot LOT1 of"), "{err}");
    assert_eq!(s.verify(&g, "B1").recall_class, Some(RecallClass::ClassII));
}
