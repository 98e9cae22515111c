//! Standing to raise an alarm: a suspect flag comes from the unit's owner or custodian, a past
//! holder, the product's manufacturer or the regulator; alerts count once per verification and
//! once per actor toward the automatic quarantine, so no one freezes stock by repeating himself.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    ExecuteMsg, SuspectReason, TradingPartnerRole, UnitStatus, VerifyUnitRequest,
};
use suite::*;

fn flag(serial: &str) -> ExecuteMsg {
    ExecuteMsg::FlagSuspect {
        unit: uref(&gtin_a(), serial),
        reason: SuspectReason::Diverted,
        evidence_hash: None,
    }
}

fn scan(serial: &str, lot: &str, expiry: &str) -> ExecuteMsg {
    ExecuteMsg::RecordVerification(VerifyUnitRequest {
        gtin: gtin_a(),
        serial: serial.into(),
        lot: Some(lot.into()),
        expiry: Some(expiry.into()),
        proof: None,
    })
}

/// A: mfr -> wholesaler -> pharmacy (A1 on the pharmacy's shelf); A2 in transit mfr ->
/// wholesaler; A3 with the manufacturer.
fn stocked() -> Suite {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2", "A3"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &wholesaler, &g, &["A1"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["A1"]);
    s.ship(&mfr, &wholesaler, &g, &["A2"]);
    s
}

/// A rival that never held the pack cannot quarantine it (which would make the payer refuse
/// the real pharmacy's claim).
#[test]
fn a_partner_that_never_held_a_pack_cannot_flag_it() {
    let mut s = stocked();
    let (rival, mfr2, tpl) = (s.pharmacy2.clone(), s.mfr2.clone(), s.tpl.clone());
    for who in [&rival, &mfr2, &tpl] {
        let err = s.err(who, &flag("A1"));
        assert!(
            err.contains(&format!(
                "caller has no standing to flag unit {}/A1",
                gtin_a()
            )),
            "{err}"
        );
    }
    assert_eq!(s.verify(&gtin_a(), "A1").status, UnitStatus::Active);
    // An unregistered stranger is refused as unlicensed, as before.
    let stranger = s.stranger.clone();
    let err = s.err(&stranger, &flag("A1"));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
}

/// Those with standing: the owner, a past holder, the manufacturer, the regulator (who is not a
/// trading partner), and the recipient of a pack in transit.
#[test]
fn owners_past_holders_the_manufacturer_the_regulator_and_the_recipient_flag() {
    let (pharmacy, wholesaler, mfr, regulator) = {
        let s = stocked();
        (
            s.pharmacy.clone(),
            s.wholesaler.clone(),
            s.mfr.clone(),
            s.regulator.clone(),
        )
    };
    for (who, serial) in [
        (&pharmacy, "A1"),   // owner
        (&wholesaler, "A1"), // past holder
        (&mfr, "A1"),        // manufacturer (and first holder)
        (&regulator, "A1"),  // regulator
        (&wholesaler, "A2"), // recipient of the pack in transit
        (&mfr, "A3"),        // owner
    ] {
        let mut s = stocked();
        let resp = s.ok(who, &flag(serial));
        assert_eq!(attr(&resp, "action"), "flag_suspect");
        assert_eq!(s.verify(&gtin_a(), serial).status, UnitStatus::Quarantined);
    }
}

/// One scan with a mistyped lot and expiry is one verification: two alerts recorded, counted
/// once, so the pack is not quarantined by a single typo.
#[test]
fn one_scan_with_two_mismatches_counts_once() {
    let mut s = stocked();
    let pharmacy = s.pharmacy.clone();
    let resp = s.ok(&pharmacy, &scan("A1", "LOTX", "301230"));
    assert_eq!(attr(&resp, "alerts"), "NMVS_FE_LOT_13 NMVS_FE_LOT_12");
    assert_eq!(attr(&resp, "investigation_id"), "none");
    let u = s.unit(&gtin_a(), "A1");
    assert_eq!(u.alert_count, 1);
    assert_eq!(u.status, UnitStatus::Active);
}

/// The same actor repeating an alert (a second dispense of a pack someone else dispensed, or a
/// mismatching scan) does not add up to a quarantine; a second, distinct actor does.
#[test]
fn repeated_alerts_of_one_actor_do_not_freeze_a_pack() {
    let mut s = stocked();
    let g = gtin_a();
    let (pharmacy, rival, regulator, wholesaler) = (
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
        s.regulator.clone(),
        s.wholesaler.clone(),
    );
    s.dispense(&pharmacy, &g, "A1").unwrap();
    for _ in 0..3 {
        let resp = s.dispense(&rival, &g, "A1").unwrap();
        assert_eq!(attr(&resp, "outcome"), "alert");
        assert_eq!(attr(&resp, "investigation_id"), "none");
    }
    let u = s.unit(&g, "A1");
    assert_eq!(u.alert_count, 1);
    assert_eq!(u.dispense_alerts, 3);
    assert_eq!(u.status, UnitStatus::Dispensed);
    // The alerts are still visible to a payer (the claim is pended, not refused).
    assert_eq!(s.verify(&g, "A1").alerts.len(), 1);
    // Repeated mismatching scans by one wholesaler: one count.
    let hospital = s.app.api().addr_make("hospital");
    s.register(&regulator, &hospital, TradingPartnerRole::Dispenser);
    for _ in 0..3 {
        s.ok(&wholesaler, &scan("A3", "LOTX", EXP));
    }
    assert_eq!(s.unit(&g, "A3").alert_count, 1);
    assert_eq!(s.verify(&g, "A3").status, UnitStatus::Active);
    // A second actor reaches the threshold (2): the pack is quarantined.
    let resp = s.ok(&hospital, &scan("A3", "LOTX", EXP));
    assert_eq!(attr(&resp, "investigation_id"), "1");
    assert_eq!(s.verify(&g, "A3").status, UnitStatus::Quarantined);
    // Likewise a second dispenser presenting the dispensed A1.
    let resp = s.dispense(&hospital, &g, "A1").unwrap();
    assert_eq!(attr(&resp, "investigation_id"), "2");
    assert_eq!(s.verify(&g, "A1").status, UnitStatus::Quarantined);
}
