//! Every diversion leaves a trace: a destroyed pack presented again, a clone scanned with a
//! wrong lot, a clone alert before an undo, and a recall that must reach dispensed packs.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    AlertCode, BizStep, Determination, ExecuteMsg, HistoryResponse, QueryMsg, RecallClass,
    RecallHoldersResponse, SuspectReason, UnitRef, UnitState, UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn history(s: &Suite, serial: &str) -> HistoryResponse {
    s.q(&QueryMsg::History {
        gtin: gtin_a(),
        serial: serial.into(),
        start_after: None,
        limit: Some(30),
    })
}

/// LOT1: P1, P2, P3 at the pharmacy.
fn stocked() -> Suite {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["P1", "P2", "P3"]);
    let (mfr, pharmacy) = (s.mfr.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &pharmacy, &g, &["P1", "P2", "P3"]);
    s
}

/// A destroyed pack that turns up again, at a dispense or a recorded verification, is an
/// "already inactive" alert on the pack, and the transaction succeeds so the alert is kept.
#[test]
fn a_destroyed_pack_presented_again_is_an_alert() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, pharmacy2) = (s.pharmacy.clone(), s.pharmacy2.clone());
    s.ok(
        &pharmacy,
        &ExecuteMsg::Destroy {
            unit: uref(&g, "P1"),
        },
    );
    let resp = s.dispense(&pharmacy2, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "alert"), "NMVS_NC_PCK_22");
    let u = s.unit(&g, "P1");
    assert_eq!(u.state, UnitState::Destroyed);
    assert_eq!(u.alert_count, 1);
    let last = history(&s, "P1").events.pop().unwrap();
    assert_eq!(last.biz_step, BizStep::Alert);
    assert_eq!(last.alert, Some(AlertCode::AlreadyDispensed));
    assert_eq!(last.actor, pharmacy2);
    // A recorded verification of it too.
    let wholesaler = s.wholesaler.clone();
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: g.clone(),
            serial: "P1".into(),
            lot: Some("LOT1".into()),
            expiry: Some(EXP.into()),
            proof: None,
        }),
    );
    assert_eq!(attr(&resp, "status"), "destroyed");
    assert_eq!(attr(&resp, "alerts"), "NMVS_NC_PCK_22");
    let last = history(&s, "P1").events.pop().unwrap();
    assert_eq!(last.alert, Some(AlertCode::AlreadyDispensed));
    assert_eq!(last.actor, wholesaler);
    assert_eq!(s.unit(&g, "P1").alert_count, 2);
    assert_eq!(s.verify(&g, "P1").status, UnitStatus::Destroyed);
}

/// A clone printed with another lot, scanned at dispense: an alert on the pack (the dispense is
/// not performed), not an error that would leave no trace.
#[test]
fn a_clone_scanned_with_a_wrong_lot_leaves_an_alert() {
    let mut s = stocked();
    let g = gtin_a();
    let pharmacy = s.pharmacy.clone();
    let clone = UnitRef {
        gtin: g.clone(),
        serial: "P2".into(),
        lot: Some("FAKE7".into()),
        proof: None,
    };
    let resp = s.ok(&pharmacy, &ExecuteMsg::Dispense { unit: clone });
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "alert"), "NMVS_FE_LOT_13");
    let u = s.unit(&g, "P2");
    assert_eq!(u.state, UnitState::Active, "the clone is not dispensed");
    assert_eq!(u.alert_count, 1);
    let last = history(&s, "P2").events.pop().unwrap();
    assert_eq!(last.alert, Some(AlertCode::LotMismatch));
    // The genuine pack (right lot) is still dispensed normally.
    let genuine = UnitRef {
        gtin: g.clone(),
        serial: "P2".into(),
        lot: Some("LOT1".into()),
        proof: None,
    };
    let resp = s.ok(&pharmacy, &ExecuteMsg::Dispense { unit: genuine });
    assert_eq!(attr(&resp, "outcome"), "dispensed");
}

/// A clone seen after the dispense (NMVS_NC_PCK_22) blocks the undo until the pack is cleared,
/// so the alert cannot be wiped from verification by undoing.
#[test]
fn a_clone_alert_blocks_the_undo_until_cleared() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, pharmacy2, mfr) = (s.pharmacy.clone(), s.pharmacy2.clone(), s.mfr.clone());
    s.dispense(&pharmacy, &g, "P3").unwrap();
    s.dispense(&pharmacy2, &g, "P3").unwrap();
    let undo = ExecuteMsg::UndoDispense {
        gtin: g.clone(),
        serial: "P3".into(),
    };
    let err = s.err(&pharmacy, &undo);
    assert!(
        err.contains(&format!(
            "unit {g}/P3 has an unresolved clone alert (NMVS_NC_PCK_22)"
        )),
        "{err}"
    );
    assert_eq!(s.verify(&g, "P3").alerts, vec![AlertCode::AlreadyDispensed]);
    // Investigated and cleared (the second scan was a mistake): the undo is allowed again.
    s.ok(
        &mfr,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&g, "P3"),
            reason: SuspectReason::Counterfeit,
            evidence_hash: None,
        },
    );
    s.ok(
        &mfr,
        &ExecuteMsg::ResolveSuspect {
            investigation_id: 1,
            determination: Determination::Cleared,
            evidence_hash: None,
        },
    );
    s.ok(&pharmacy, &undo);
    assert_eq!(s.verify(&g, "P3").status, UnitStatus::Active);
}

/// A Class I recall must reach patients: the holders list tells dispensed packs (with their
/// dispenser and date) from shelf stock, though both read `recalled`.
#[test]
fn recall_holders_tell_dispensed_packs_from_shelf_stock() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, mfr) = (s.pharmacy.clone(), s.mfr.clone());
    s.dispense(&pharmacy, &g, "P1").unwrap();
    let dispensed_at = s.now();
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g.clone(),
            lots: vec!["LOT1".into()],
            recall_class: RecallClass::ClassI,
            notice_hash: None,
        },
    );
    let r: RecallHoldersResponse = s.q(&QueryMsg::RecallHolders {
        gtin: g.clone(),
        lot: "LOT1".into(),
        start_after: None,
        limit: None,
    });
    let p1 = r.holders.iter().find(|h| h.serial == "P1").unwrap();
    let p2 = r.holders.iter().find(|h| h.serial == "P2").unwrap();
    assert_eq!(p1.status, UnitStatus::Recalled);
    assert_eq!(p2.status, UnitStatus::Recalled);
    assert_eq!(p1.state, UnitState::Dispensed);
    assert_eq!(p1.dispensed_at, Some(dispensed_at));
    assert_eq!(p2.state, UnitState::Active);
    assert_eq!(p2.dispensed_at, None);
}
