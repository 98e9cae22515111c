//! P17 terminal states: a pack reported stolen or exported leaves trade; a stolen pack that
//! turns up again opens a suspect investigation automatically.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    DecommissionReason, Determination, ExecuteMsg, InvestigationResponse, QueryMsg, SuspectReason,
    UnitState, UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn decommission(serial: &str, reason: DecommissionReason) -> ExecuteMsg {
    ExecuteMsg::Decommission {
        unit: uref(&gtin_a(), serial),
        reason,
    }
}

#[test]
fn a_stolen_pack_that_reappears_opens_an_investigation() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["S1", "S2"]);
    let (mfr, wholesaler, pharmacy2) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy2.clone());
    s.transfer(&mfr, &wholesaler, &g, &["S1", "S2"]);
    // Only the owner reports the loss.
    let err = s.err(&mfr, &decommission("S1", DecommissionReason::Stolen));
    assert!(err.contains("caller does not own unit"), "{err}");
    let resp = s.ok(&wholesaler, &decommission("S1", DecommissionReason::Stolen));
    assert_eq!(attr(&resp, "action"), "decommission");
    assert_eq!(attr(&resp, "reason"), "stolen");
    let u = s.unit(&g, "S1");
    assert_eq!((u.state, u.status), (UnitState::Stolen, UnitStatus::Stolen));
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy2, vec![uref(&g, "S1")], vec![]),
    );
    assert!(err.contains("is stolen"), "{err}");
    // It turns up at a pharmacy: an alert, and an investigation opened by the contract.
    let resp = s.dispense(&pharmacy2, &g, "S1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "investigation_id"), "1");
    let inv: Option<InvestigationResponse> = s.q(&QueryMsg::Investigation {
        investigation_id: 1,
    });
    let inv = inv.unwrap();
    assert_eq!(inv.reason, SuspectReason::Stolen);
    assert_eq!(inv.opened_by, s.addr);
    assert_eq!(s.verify(&g, "S1").status, UnitStatus::Quarantined);
    // Recovered and cleared: back in trade with its owner.
    s.ok(
        &mfr,
        &ExecuteMsg::ResolveSuspect {
            investigation_id: 1,
            determination: Determination::Cleared,
            evidence_hash: None,
        },
    );
    let u = s.unit(&g, "S1");
    assert_eq!((u.state, u.owner.clone()), (UnitState::Active, wholesaler));
    // Exported: out of the market for good, verifications flag it as inactive.
    let wholesaler = s.wholesaler.clone();
    s.ok(
        &wholesaler,
        &decommission("S2", DecommissionReason::Exported),
    );
    let v = s.verify_req(VerifyUnitRequest {
        gtin: g.clone(),
        serial: "S2".into(),
        lot: None,
        expiry: None,
        proof: None,
    });
    assert_eq!(v.status, UnitStatus::Exported);
    assert_eq!(v.alerts.len(), 1);
}

/// A stolen pack scanned in a recorded verification (not only a dispense) opens the
/// investigation too, and an exported pack presented at a dispense is an alert, not a sale.
#[test]
fn a_stolen_pack_verified_opens_an_investigation_and_an_exported_pack_is_not_dispensed() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["S1", "S2"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &pharmacy, &g, &["S1", "S2"]);
    s.ok(&pharmacy, &decommission("S1", DecommissionReason::Stolen));
    s.ok(&pharmacy, &decommission("S2", DecommissionReason::Exported));
    let resp = s.ok(
        &wholesaler,
        &ExecuteMsg::RecordVerification(VerifyUnitRequest {
            gtin: g.clone(),
            serial: "S1".into(),
            lot: Some("LOT1".into()),
            expiry: Some(EXP.into()),
            proof: None,
        }),
    );
    assert_eq!(attr(&resp, "alerts"), "NMVS_NC_PCK_22");
    assert_eq!(attr(&resp, "investigation_id"), "1");
    assert_eq!(s.verify(&g, "S1").status, UnitStatus::Quarantined);
    let resp = s.dispense(&pharmacy, &g, "S2").unwrap();
    assert_eq!(attr(&resp, "outcome"), "alert");
    assert_eq!(attr(&resp, "alert"), "NMVS_NC_PCK_22");
    let u = s.unit(&g, "S2");
    assert_eq!((u.state, u.dispensed_by), (UnitState::Exported, None));
    // Stolen and exported packs are not destroyed, flagged... or decommissioned twice.
    let err = s.err(&pharmacy, &decommission("S2", DecommissionReason::Stolen));
    assert!(err.contains("is exported"), "{err}");
}
