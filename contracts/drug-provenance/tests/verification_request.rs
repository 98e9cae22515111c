//! P7 verification requests (DSCSA): a partner with standing asks the manufacturer to verify a
//! pack's product identifier (a saleable return, a suspect pack); the answer is due in 24 h and a
//! late one is in the overdue list; it is given once, by the manufacturer or the regulator.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cw_health_types::drug_provenance::{
    Determination, ExecuteMsg, InvestigationResponse, InvestigationState,
    OverdueInvestigationsResponse, OverdueKind, QueryMsg, SuspectReason, UnitStatus,
    VerificationReason,
};
use suite::*;

fn request(serial: &str, reason: VerificationReason) -> ExecuteMsg {
    ExecuteMsg::RequestVerification {
        unit: uref(&gtin_a(), serial),
        reason,
        evidence_hash: Some(hash("scan")),
    }
}

fn answer(id: u64, d: Determination) -> ExecuteMsg {
    ExecuteMsg::ResolveSuspect {
        investigation_id: id,
        determination: d,
        evidence_hash: None,
    }
}

fn investigation(s: &Suite, id: u64) -> InvestigationResponse {
    s.q(&QueryMsg::Investigation {
        investigation_id: id,
    })
}

fn overdue(s: &Suite) -> OverdueInvestigationsResponse {
    s.q(&QueryMsg::Overdue {
        start_after: None,
        limit: None,
    })
}

/// V1 returned by the pharmacy to the wholesaler (awaiting verification); V2 at the pharmacy.
fn stocked() -> Suite {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["V1", "V2"]);
    let (mfr, wholesaler, pharmacy) = (s.mfr.clone(), s.wholesaler.clone(), s.pharmacy.clone());
    s.transfer(&mfr, &wholesaler, &g, &["V1", "V2"]);
    s.transfer(&wholesaler, &pharmacy, &g, &["V1", "V2"]);
    s.transfer(&pharmacy, &wholesaler, &g, &["V1"]);
    s
}

#[test]
fn only_a_partner_with_standing_requests_a_verification_once_at_a_time() {
    let mut s = stocked();
    let (stranger, rival, tpl, mfr2, wholesaler) = (
        s.stranger.clone(),
        s.pharmacy2.clone(),
        s.tpl.clone(),
        s.mfr2.clone(),
        s.wholesaler.clone(),
    );
    let err = s.err(&stranger, &request("V1", VerificationReason::Suspect));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    for who in [&rival, &tpl, &mfr2] {
        let err = s.err(who, &request("V2", VerificationReason::Suspect));
        assert!(err.contains("caller has no standing"), "{err}");
    }
    let resp = s.ok(
        &wholesaler,
        &request("V1", VerificationReason::SaleableReturn),
    );
    assert_eq!(attr(&resp, "action"), "request_verification");
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    let err = s.err(&wholesaler, &request("V1", VerificationReason::Suspect));
    assert!(
        err.contains(&format!("already has an open verification request ({id})")),
        "{err}"
    );
    // A request does not quarantine the pack.
    let u = s.unit(&gtin_a(), "V1");
    assert_eq!(u.verification_request, Some(id));
    assert_eq!(u.quarantine, None);
    assert_eq!(u.status, UnitStatus::Active);
}

/// The manufacturer's answer is due in 24 h; late, it is listed as overdue; answered (even
/// late) it leaves the list; a second answer is refused. A verified saleable return asked by its
/// owner is released for sale.
#[test]
fn the_manufacturer_answers_once_and_late_answers_are_listed() {
    let mut s = stocked();
    let g = gtin_a();
    let (mfr, wholesaler, pharmacy, pharmacy2) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.pharmacy.clone(),
        s.pharmacy2.clone(),
    );
    let resp = s.ok(
        &wholesaler,
        &request("V1", VerificationReason::SaleableReturn),
    );
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    let inv = investigation(&s, id);
    assert_eq!(inv.verification, Some(VerificationReason::SaleableReturn));
    assert_eq!(inv.due_at, s.now().plus_seconds(86_400));
    assert!(overdue(&s).items.is_empty());
    s.advance(86_401);
    let o = overdue(&s);
    assert_eq!(o.items.len(), 1);
    assert_eq!(o.items[0].kind, OverdueKind::Verification);
    assert_eq!(o.items[0].investigation.id, id);
    // Neither the asker nor a pharmacy answers for the manufacturer.
    for who in [&wholesaler, &pharmacy] {
        let err = s.err(who, &answer(id, Determination::Cleared));
        assert!(err.contains("neither the product's manufacturer"), "{err}");
    }
    let resp = s.ok(&mfr, &answer(id, Determination::Cleared));
    assert_eq!(attr(&resp, "late"), "true");
    assert!(overdue(&s).items.is_empty());
    let err = s.err(&mfr, &answer(id, Determination::Illegitimate));
    assert!(
        err.contains(&format!("investigation {id} is cleared")),
        "{err}"
    );
    let u = s.unit(&g, "V1");
    assert_eq!(
        (u.verification_request, u.awaiting_verification),
        (None, false)
    );
    s.transfer(&wholesaler, &pharmacy2, &g, &["V1"]);
}

/// A pack the manufacturer does not verify is quarantined at once (a new investigation opened
/// by the contract); the request itself starts no notification clock.
#[test]
fn a_pack_not_verified_is_quarantined() {
    let mut s = stocked();
    let g = gtin_a();
    let (mfr, pharmacy) = (s.mfr.clone(), s.pharmacy.clone());
    let resp = s.ok(&pharmacy, &request("V2", VerificationReason::Suspect));
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    let resp = s.ok(&mfr, &answer(id, Determination::Illegitimate));
    let follow: u64 = attr(&resp, "follow_up_investigation_id").parse().unwrap();
    let inv = investigation(&s, id);
    assert_eq!(inv.state, InvestigationState::Illegitimate);
    assert_eq!(inv.notification_due_at, None);
    let f = investigation(&s, follow);
    assert_eq!(
        (f.state, f.opened_by.clone()),
        (InvestigationState::Open, s.addr.clone())
    );
    assert_eq!(f.reason, SuspectReason::Counterfeit);
    assert_eq!(s.verify(&g, "V2").status, UnitStatus::Quarantined);
    assert!(s.dispense(&pharmacy, &g, "V2").is_err());
    // The V1 return, asked about by a past holder (the pharmacy) and verified, still awaits
    // its owner's own verification.
    let resp = s.ok(
        &pharmacy,
        &request("V1", VerificationReason::SaleableReturn),
    );
    let id: u64 = attr(&resp, "investigation_id").parse().unwrap();
    s.ok(&mfr, &answer(id, Determination::Cleared));
    assert!(s.unit(&g, "V1").awaiting_verification);
}
