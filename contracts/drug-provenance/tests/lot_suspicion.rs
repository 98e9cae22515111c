//! Lot-level suspicion: the manufacturer or the regulator quarantines a whole lot in one message;
//! every unit of it, wherever it is, reads `quarantined` and is frozen until the lot is
//! determined (cleared: back in trade; illegitimate: every unit reads `destroyed`).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    Determination, ExecuteMsg, InvestigationResponse, LotResponse, OverdueInvestigationsResponse,
    OverdueKind, QueryMsg, SuspectReason, UnitStatus,
};
use suite::*;

fn flag_lot(lot: &str) -> ExecuteMsg {
    ExecuteMsg::FlagSuspectLot {
        gtin: gtin_a(),
        lot: lot.into(),
        reason: SuspectReason::Counterfeit,
        evidence_hash: Some(hash("lab report")),
    }
}

fn resolve(id: u64, d: Determination) -> ExecuteMsg {
    ExecuteMsg::ResolveSuspect {
        investigation_id: id,
        determination: d,
        evidence_hash: None,
    }
}

fn lot(s: &Suite, lot: &str) -> LotResponse {
    let l: Option<LotResponse> = s.q(&QueryMsg::Lot {
        gtin: gtin_a(),
        lot: lot.into(),
    });
    l.unwrap()
}

/// LOT1: L1 with the manufacturer, L2 at the pharmacy, L3 dispensed; LOT2: M1 at the pharmacy.
fn stocked() -> Suite {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["L1", "L2", "L3"]);
    s.commission(&g, "LOT2", EXP, &["M1"]);
    let (mfr, pharmacy) = (s.mfr.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &pharmacy, &g, &["L2", "L3"]);
    s.transfer(&mfr, &pharmacy, &g, &["M1"]);
    s.dispense(&pharmacy, &g, "L3").unwrap();
    s
}

/// Freezing every holder's stock is the brand owner's or the regulator's call: not a holder's,
/// a rival's, a 3PL's or a stranger's; and a lot is flagged once at a time.
#[test]
fn only_the_manufacturer_or_regulator_quarantines_a_lot() {
    let mut s = stocked();
    let (pharmacy, mfr2, tpl, stranger, mfr, regulator) = (
        s.pharmacy.clone(),
        s.mfr2.clone(),
        s.tpl.clone(),
        s.stranger.clone(),
        s.mfr.clone(),
        s.regulator.clone(),
    );
    for who in [&pharmacy, &mfr2, &tpl, &stranger] {
        let err = s.err(who, &flag_lot("LOT1"));
        assert!(
            err.contains("caller is neither the product's manufacturer nor the regulator"),
            "{err}"
        );
    }
    assert_eq!(s.verify(&gtin_a(), "L2").status, UnitStatus::Active);
    // Unknown lots and malformed input are refused.
    let err = s.err(&mfr, &flag_lot("NOPE"));
    assert!(err.contains("is not commissioned"), "{err}");
    let err = s.err(&mfr, &flag_lot("bad lot"));
    assert!(err.contains("invalid input"), "{err}");
    // A manufacturer whose license was suspended no longer may.
    s.ok(
        &regulator,
        &ExecuteMsg::SetPartyStatus {
            address: mfr.to_string(),
            status: cw_health_types::drug_provenance::TradingPartnerStatus::Suspended,
        },
    );
    let err = s.err(&mfr, &flag_lot("LOT1"));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    let resp = s.ok(&regulator, &flag_lot("LOT1"));
    assert_eq!(attr(&resp, "action"), "flag_suspect_lot");
    let err = s.err(&regulator, &flag_lot("LOT1"));
    assert!(
        err.contains("is quarantined (investigation 1)"),
        "flagged twice: {err}"
    );
}

#[test]
fn every_unit_of_a_quarantined_lot_is_frozen_until_cleared() {
    let mut s = stocked();
    let g = gtin_a();
    let (mfr, pharmacy, wholesaler) = (s.mfr.clone(), s.pharmacy.clone(), s.wholesaler.clone());
    let resp = s.ok(&mfr, &flag_lot("LOT1"));
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    assert_eq!(lot(&s, "LOT1").quarantine, Some(id));
    for serial in ["L1", "L2", "L3"] {
        assert_eq!(
            s.verify(&g, serial).status,
            UnitStatus::Quarantined,
            "{serial}"
        );
    }
    assert_eq!(s.unit(&g, "L2").quarantine, Some(id));
    // The other lot is untouched.
    assert_eq!(s.verify(&g, "M1").status, UnitStatus::Active);
    // Nothing of the lot moves: not shipped, dispensed, destroyed, packed, nor the dispense undone.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "L1")], vec![]),
    );
    assert!(
        err.contains(&format!("is quarantined (investigation {id})")),
        "{err}"
    );
    let err = s.dispense(&pharmacy, &g, "L2").unwrap_err().to_string();
    assert!(err.contains("is quarantined"), "{err}");
    let err = s.err(
        &pharmacy,
        &ExecuteMsg::Destroy {
            unit: uref(&g, "L2"),
        },
    );
    assert!(err.contains("is quarantined"), "{err}");
    let err = s.err(
        &pharmacy,
        &ExecuteMsg::UndoDispense {
            gtin: g.clone(),
            serial: "L3".into(),
        },
    );
    assert!(err.contains("is quarantined"), "{err}");
    // No more serials in the lot while it is suspect.
    let err = s.err(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "LOT1".into(),
            expiry: EXP.into(),
            serials: cw_health_types::drug_provenance::CommissionSerials::List {
                serials: vec!["L9".into()],
            },
        },
    );
    assert!(err.contains("is quarantined or illegitimate"), "{err}");
    // Late: the lot's determination is in the overdue list.
    s.advance(86_401);
    let o: OverdueInvestigationsResponse = s.q(&QueryMsg::Overdue {
        start_after: None,
        limit: None,
    });
    assert_eq!(o.items.len(), 1);
    assert_eq!(o.items[0].kind, OverdueKind::Determination);
    assert_eq!(o.items[0].investigation.lot.as_deref(), Some("LOT1"));
    assert_eq!(o.items[0].investigation.serial, "");
    // Only the manufacturer or regulator determines it, once.
    let err = s.err(&pharmacy, &resolve(id, Determination::Cleared));
    assert!(err.contains("neither the product's manufacturer"), "{err}");
    let resp = s.ok(&mfr, &resolve(id, Determination::Cleared));
    assert_eq!(attr(&resp, "late"), "true");
    let err = s.err(&mfr, &resolve(id, Determination::Illegitimate));
    assert!(
        err.contains(&format!("investigation {id} is cleared")),
        "{err}"
    );
    assert_eq!(s.verify(&g, "L2").status, UnitStatus::Active);
    assert_eq!(s.verify(&g, "L3").status, UnitStatus::Dispensed);
    s.dispense(&pharmacy, &g, "L2").unwrap();
    // Flagged again and determined illegitimate: every unit reads destroyed, for good.
    let resp = s.ok(&mfr, &flag_lot("LOT1"));
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    s.ok(&mfr, &resolve(id, Determination::Illegitimate));
    for serial in ["L1", "L2", "L3"] {
        let v = s.verify(&g, serial);
        assert_eq!(v.status, UnitStatus::Destroyed, "{serial}");
    }
    assert!(lot(&s, "LOT1").illegitimate);
    let inv: InvestigationResponse = s.q(&QueryMsg::Investigation {
        investigation_id: id,
    });
    assert!(inv.notification_due_at.is_some());
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "L1")], vec![]),
    );
    assert!(err.contains("is destroyed"), "{err}");
    let err = s.err(&mfr, &flag_lot("LOT1"));
    assert!(err.contains("is illegitimate"), "{err}");
    // A pack of it presented again is an "already inactive" alert, kept on the pack.
    let pharmacy2 = s.pharmacy2.clone();
    let resp = s.dispense(&pharmacy2, &g, "L1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "alert"), "NMVS_NC_PCK_22");
}

/// A Merkle lot whose units never moved is quarantined the same way: a unit proven with its lot
/// and proof reads `quarantined` and cannot make its first move.
#[test]
fn a_quarantined_merkle_lot_freezes_units_that_never_moved() {
    use cw_health_types::drug_provenance::gs1::merkle_leaf;
    use cw_health_types::drug_provenance::{CommissionSerials, VerifyUnitRequest};
    use cw_health_types::merkle::{build_proof, compute_root};
    use cw_health_types::Sha256Hash;
    let mut s = Suite::new();
    let g = gtin_a();
    let leaves: Vec<Vec<u8>> = ["K1", "K2"]
        .iter()
        .map(|x| merkle_leaf(&g, "MLOT", x))
        .collect();
    let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
    let root = Sha256Hash::from_bytes(compute_root(&refs).unwrap());
    let proof = build_proof(&refs, 0).unwrap();
    let (mfr, wholesaler) = (s.mfr.clone(), s.wholesaler.clone());
    s.ok(
        &mfr,
        &ExecuteMsg::Commission {
            gtin: g.clone(),
            lot: "MLOT".into(),
            expiry: EXP.into(),
            serials: CommissionSerials::MerkleRoot {
                root,
                leaf_count: 2,
            },
        },
    );
    s.ok(&mfr, &flag_lot("MLOT"));
    let v = s.verify_req(VerifyUnitRequest {
        gtin: g.clone(),
        serial: "K1".into(),
        lot: Some("MLOT".into()),
        expiry: None,
        proof: Some(proof.clone()),
    });
    assert_eq!(v.status, UnitStatus::Quarantined);
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![proved(&g, "K1", "MLOT", proof)], vec![]),
    );
    assert!(err.contains("is quarantined (investigation 1)"), "{err}");
}
