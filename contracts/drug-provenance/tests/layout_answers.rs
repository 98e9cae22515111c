//! The answers a storage layout change must keep (issue 20): units' histories (loose moves,
//! a cancelled shipment, a pallet of a case moved, cancelled and moved again, unpacked, a
//! dispense) and the shipments, as JSON, compared with `layout_answers.json`, recorded from the
//! layout before the change (`PIN_LAYOUT_ANSWERS=1` rewrites it; only for a deliberate change of
//! the answers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cosmwasm_std::to_json_string;
use cw_health_types::drug_provenance::{ExecuteMsg, HistoryResponse, QueryMsg, ShipmentResponse};
use suite::*;

fn answers() -> String {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2", "A3", "A4", "A5", "A6"]);
    let (mfr, wh, ph) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    // Loose units: shipped and received; one shipment cancelled.
    let id = s.ship(&mfr, &wh, &g, &["A1", "A2"]);
    s.advance(60);
    s.receive(&wh, id);
    let id = s.ship(&mfr, &wh, &g, &["A3"]);
    s.advance(60);
    s.ok(&mfr, &ExecuteMsg::CancelShipment { shipment_id: id });
    // A pallet (A6 and the case of A4, A5) moved, cancelled, moved again and unpacked.
    for (sscc, units, cases) in [
        (sscc(10), vec!["A4", "A5"], vec![]),
        (sscc(20), vec!["A6"], vec![sscc(10)]),
    ] {
        s.ok(
            &mfr,
            &ExecuteMsg::Pack {
                sscc,
                units: units.iter().map(|x| uref(&g, x)).collect(),
                cases,
            },
        );
    }
    let id = attr(
        &s.ok(&mfr, &Suite::ship_msg(&wh, vec![], vec![sscc(20)])),
        "shipment_id",
    );
    s.advance(60);
    s.receive(&wh, id.parse().unwrap());
    let id = attr(
        &s.ok(&wh, &Suite::ship_msg(&ph, vec![], vec![sscc(20)])),
        "shipment_id",
    );
    s.ok(
        &wh,
        &ExecuteMsg::CancelShipment {
            shipment_id: id.parse().unwrap(),
        },
    );
    let id = attr(
        &s.ok(&wh, &Suite::ship_msg(&ph, vec![], vec![sscc(20)])),
        "shipment_id",
    );
    s.advance(60);
    s.receive(&ph, id.parse().unwrap());
    s.ok(&ph, &ExecuteMsg::Unpack { sscc: sscc(20) });
    // A loose unit on to the pharmacy and dispensed.
    s.transfer(&wh, &ph, &g, &["A1"]);
    s.advance(60);
    s.dispense(&ph, &g, "A1").unwrap();
    let mut out = String::new();
    for serial in ["A1", "A2", "A3", "A4", "A5", "A6"] {
        let h: HistoryResponse = s.q(&QueryMsg::History {
            gtin: g.clone(),
            serial: serial.into(),
            start_after: None,
            limit: Some(30),
        });
        out.push_str(&to_json_string(&h).unwrap());
        out.push('\n');
        let later: HistoryResponse = s.q(&QueryMsg::History {
            gtin: g.clone(),
            serial: serial.into(),
            start_after: Some(1),
            limit: Some(2),
        });
        out.push_str(&to_json_string(&later).unwrap());
        out.push('\n');
    }
    for id in 1..=6 {
        let sh: ShipmentResponse = s.q(&QueryMsg::Shipment { shipment_id: id });
        out.push_str(&to_json_string(&sh).unwrap());
        out.push('\n');
    }
    out
}

#[test]
fn histories_and_shipments_answer_as_before_the_layout_change() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/layout_answers.json");
    let got = answers();
    if std::env::var_os("PIN_LAYOUT_ANSWERS").is_some() {
        std::fs::write(path, &got).unwrap();
    }
    let want = std::fs::read_to_string(path).unwrap();
    for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
        assert_eq!(g, w, "answer {i}");
    }
    assert_eq!(got.lines().count(), want.lines().count());
}
