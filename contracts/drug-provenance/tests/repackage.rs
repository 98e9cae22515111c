//! P16 repackaging: a licensed repackager consumes packs it owns and commissions packs of its
//! own product; the links are kept both ways and paged.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cosmwasm_std::Addr;
use cw_health_types::drug_provenance::{
    ExecuteMsg, QueryMsg, RecallClass, RepackagingResponse, RepackagingSide, SuspectReason,
    TradingPartnerRole, UnitKey, UnitRef, UnitState, UnitStatus,
};
use suite::*;

const RP_PREFIX: &str = "0666";

fn gtin_r() -> String {
    gtin_of(RP_PREFIX, 1)
}

fn repackage(inputs: Vec<UnitRef>, lot: &str, expiry: &str, serials: &[&str]) -> ExecuteMsg {
    ExecuteMsg::Repackage {
        inputs,
        gtin: gtin_r(),
        lot: lot.into(),
        expiry: expiry.into(),
        serials: serials.iter().map(|s| s.to_string()).collect(),
    }
}

fn inputs(serials: &[&str]) -> Vec<UnitRef> {
    serials.iter().map(|s| uref(&gtin_a(), s)).collect()
}

fn page(s: &Suite, id: u64, side: RepackagingSide, after: Option<UnitKey>) -> RepackagingResponse {
    s.q(&QueryMsg::Repackaging {
        repackaging_id: id,
        side,
        start_after: after,
        limit: Some(1),
    })
}

/// A repackager `rp` (prefix 0666, product gtin_r) holding P1-P3 and R1 (recalled lot); P4 with
/// the manufacturer.
fn stocked() -> (Suite, Addr) {
    let mut s = Suite::new();
    let g = gtin_a();
    let (mfr, regulator) = (s.mfr.clone(), s.regulator.clone());
    let rp = s.app.api().addr_make("repackager");
    s.register(&regulator, &rp, TradingPartnerRole::Repackager);
    s.set_prefixes(&regulator, &rp, &[RP_PREFIX]);
    s.ok(
        &rp,
        &ExecuteMsg::RegisterProduct {
            gtin: gtin_r(),
            ndc: "0666-0001-01".into(),
            temp_profile: None,
            pack_quantity: 1,
        },
    );
    s.commission(&g, "LOT1", "301231", &["P1", "P2", "P3", "P4"]);
    s.commission(&g, "LOT2", "301231", &["R1"]);
    s.transfer(&mfr, &rp, &g, &["P1", "P2", "P3", "R1"]);
    s.ok(
        &mfr,
        &ExecuteMsg::Recall {
            gtin: g,
            lots: vec!["LOT2".into()],
            recall_class: RecallClass::ClassII,
            notice_hash: None,
        },
    );
    (s, rp)
}

#[test]
fn only_a_licensed_repackager_repackages_what_it_holds() {
    let (mut s, rp) = stocked();
    let (mfr, wholesaler, stranger) = (s.mfr.clone(), s.wholesaler.clone(), s.stranger.clone());
    let msg = repackage(inputs(&["P1"]), "RL1", "301130", &["O1"]);
    let err = s.err(&stranger, &msg);
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    for (who, role) in [(&wholesaler, "wholesaler"), (&mfr, "manufacturer")] {
        let err = s.err(who, &msg);
        assert!(
            err.contains(&format!("has role {role}, which may not repackage")),
            "{err}"
        );
    }
    // Not its packs, not its product.
    let err = s.err(&rp, &repackage(inputs(&["P4"]), "RL1", "301130", &["O1"]));
    assert!(err.contains("caller does not own unit"), "{err}");
    let mut other = repackage(inputs(&["P1"]), "RL1", "301130", &["O1"]);
    if let ExecuteMsg::Repackage { gtin, .. } = &mut other {
        *gtin = gtin_b();
    }
    let err = s.err(&rp, &other);
    assert!(
        err.contains("caller is not the manufacturer of product"),
        "{err}"
    );
    // Inputs must be in trade: not recalled, not quarantined.
    let err = s.err(
        &rp,
        &repackage(inputs(&["P1", "R1"]), "RL1", "301130", &["O1"]),
    );
    assert!(err.contains("is recalled"), "{err}");
    s.ok(
        &rp,
        &ExecuteMsg::FlagSuspect {
            unit: uref(&gtin_a(), "P3"),
            reason: SuspectReason::Tampered,
            evidence_hash: None,
        },
    );
    let err = s.err(&rp, &repackage(inputs(&["P3"]), "RL1", "301130", &["O1"]));
    assert!(err.contains("is quarantined"), "{err}");
    // Bounded and distinct lists; the output never outlives an input.
    let err = s.err(
        &rp,
        &repackage(inputs(&["P1", "P1"]), "RL1", "301130", &["O1"]),
    );
    assert!(err.contains("invalid input"), "{err}");
    let many: Vec<String> = (0..101).map(|i| format!("X{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = s.err(&rp, &repackage(inputs(&many), "RL1", "301130", &["O1"]));
    assert!(err.contains("invalid input"), "{err}");
    let err = s.err(&rp, &repackage(inputs(&["P1"]), "RL1", "301130", &many));
    assert!(err.contains("invalid input"), "{err}");
    let err = s.err(&rp, &repackage(inputs(&["P1"]), "RL1", "310101", &["O1"]));
    assert!(
        err.contains("the output lot expires after an input pack"),
        "{err}"
    );
    let err = s.err(&rp, &repackage(vec![], "RL1", "301130", &["O1"]));
    assert!(err.contains("invalid input"), "{err}");
    // Nothing changed.
    assert_eq!(s.unit(&gtin_a(), "P1").state, UnitState::Active);
}

#[test]
fn repackaging_links_inputs_and_outputs_both_ways() {
    let (mut s, rp) = stocked();
    let g = gtin_a();
    let resp = s.ok(
        &rp,
        &repackage(inputs(&["P2", "P1"]), "RL1", "301130", &["O1", "O2", "O3"]),
    );
    assert_eq!(attr(&resp, "action"), "repackage");
    let id: u64 = attr(&resp, "repackaging_id").parse().unwrap();
    for serial in ["P1", "P2"] {
        let u = s.unit(&g, serial);
        assert_eq!(
            (u.state, u.status),
            (UnitState::Repackaged, UnitStatus::Repackaged)
        );
        assert_eq!(u.repackaged_into, Some(id));
    }
    let o = s.unit(&gtin_r(), "O2");
    assert_eq!((o.owner.clone(), o.repackaged_from), (rp.clone(), Some(id)));
    assert_eq!((o.lot.as_str(), o.status), ("RL1", UnitStatus::Active));
    // Both ways, in pages.
    let first = page(&s, id, RepackagingSide::Inputs, None);
    assert_eq!((first.input_count, first.output_count), (2, 3));
    assert_eq!(first.repackager, rp);
    assert_eq!(first.units[0].serial, "P1");
    let next = page(
        &s,
        id,
        RepackagingSide::Inputs,
        first.units.first().cloned(),
    );
    assert_eq!(next.units[0].serial, "P2");
    let last = page(&s, id, RepackagingSide::Inputs, next.units.first().cloned());
    assert!(last.units.is_empty());
    let outs: RepackagingResponse = s.q(&QueryMsg::Repackaging {
        repackaging_id: id,
        side: RepackagingSide::Outputs,
        start_after: None,
        limit: None,
    });
    let serials: Vec<&str> = outs.units.iter().map(|k| k.serial.as_str()).collect();
    assert_eq!(serials, ["O1", "O2", "O3"]);
    assert!(outs.units.iter().all(|k| k.gtin == gtin_r()));
    let unknown: Result<RepackagingResponse, _> = s.app.wrap().query_wasm_smart(
        &s.addr,
        &QueryMsg::Repackaging {
            repackaging_id: 9,
            side: RepackagingSide::Inputs,
            start_after: None,
            limit: None,
        },
    );
    assert!(unknown
        .unwrap_err()
        .to_string()
        .contains("repackaging 9 not found"));
    // A consumed pack is out of trade: not repackaged or shipped again, and presented at a
    // dispense it is an "already inactive" alert.
    let err = s.err(&rp, &repackage(inputs(&["P1"]), "RL2", "301130", &["O9"]));
    assert!(err.contains("is repackaged"), "{err}");
    let pharmacy = s.pharmacy.clone();
    let err = s.err(
        &rp,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "P2")], vec![]),
    );
    assert!(err.contains("is repackaged"), "{err}");
    let resp = s.dispense(&pharmacy, &g, "P1").unwrap();
    assert_eq!(attr(&resp, "alert"), "NMVS_NC_PCK_22");
    // The outputs trade like any pack.
    let id2 = s.ship(&rp, &pharmacy, &gtin_r(), &["O1"]);
    s.receive(&pharmacy, id2);
    let resp = s.dispense(&pharmacy, &gtin_r(), "O1").unwrap();
    assert_eq!(attr(&resp, "outcome"), "dispensed");
}
