//! The supporting record must belong to the service: the provider citing any readable record
//! of the patient, or another record to get around a self-pay restriction.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::ehr_registry::{PartyRole, PartyStatus, Period};

use super::*;

fn record(s: &Suite, id: u64, patient: &Addr, author: &Addr, period: Option<Period>) -> RecordStub {
    RecordStub {
        id,
        patient: patient.clone(),
        custodian: author.clone(),
        data_period: period,
        self_pay_restricted: false,
        created_by: author.clone(),
        created_at: s.dos(),
    }
}

fn put(s: &Suite, r: RecordStub) {
    s.world.borrow_mut().records.insert(r.id, r);
}

/// A one-day period around the date of service.
fn that_day(s: &Suite) -> Option<Period> {
    Some(Period {
        start: s.dos(),
        end: s.dos(),
    })
}

fn claim_citing(s: &mut Suite, record_id: u64, rendering: Option<&Addr>) -> Claim {
    let m = s.member.clone();
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.supporting_record_id = record_id;
    sub.rendering_provider = rendering.map(|r| r.to_string());
    s.submit(sub).0
}

fn documentation_denied(c: &Claim) {
    denied_with(c, 0, "CO", Carc::DOCUMENTATION_REQUIRED);
    assert_eq!(c.lines[0].adjustments[0].rarc.as_deref(), Some("M127"));
}

#[test]
fn the_record_of_the_service_supports_the_claim() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    put(&s, record(&s, 5, &m, &p, that_day(&s)));
    let c = claim_citing(&mut s, 5, None);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert_eq!(c.total_paid.u128(), 125);
}

#[test]
fn another_patients_record_is_refused() {
    let mut s = Suite::new();
    let (m2, p) = (s.member2.clone(), s.provider.clone());
    put(&s, record(&s, 5, &m2, &p, that_day(&s)));
    documentation_denied(&claim_citing(&mut s, 5, None));
}

#[test]
fn another_providers_record_is_refused_unless_they_rendered_the_service() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let surgeon = s.deps.api.addr_make("surgeon");
    s.world.borrow_mut().parties.insert(
        surgeon.to_string(),
        party(&surgeon, PartyRole::Clinician, PartyStatus::Active),
    );
    put(&s, record(&s, 5, &m, &surgeon, that_day(&s)));
    documentation_denied(&claim_citing(&mut s, 5, None));
    // The surgeon rendered the service the hospital bills (and authorized it to bill their
    // services): their record supports it.
    s.advance(1);
    s.exec(
        &surgeon,
        ExecuteMsg::AuthorizeBilling {
            billing_provider: s.provider.to_string(),
            effective_from: Some(s.dos()),
        },
    )
    .unwrap();
    let m = s.member2.clone();
    put(&s, record(&s, 6, &m, &surgeon, that_day(&s)));
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.supporting_record_id = 6;
    sub.rendering_provider = Some(surgeon.to_string());
    let (c, _) = s.submit(sub);
    assert_eq!(c.rendering_provider, Some(surgeon));
    assert_eq!(c.lines[0].status, LineStatus::Paid);
}

#[test]
fn a_record_of_another_day_is_refused() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    // A period that ends the day before the service.
    let before = Period {
        start: s.dos().minus_seconds(10 * DAY_SECONDS),
        end: s.dos().minus_seconds(DAY_SECONDS),
    };
    put(&s, record(&s, 5, &m, &p, Some(before)));
    documentation_denied(&claim_citing(&mut s, 5, None));
    // Without a period: written 400 days before the service.
    let mut old = record(&s, 6, &m, &p, None);
    old.created_at = s.dos().minus_seconds(400 * DAY_SECONDS);
    put(&s, old);
    s.advance(1);
    documentation_denied(&claim_citing(&mut s, 6, None));
    // Without a period: written 30 days before the service (a prescription) is of it.
    let mut rx = record(&s, 7, &m, &p, None);
    rx.created_at = s.dos().minus_seconds(30 * DAY_SECONDS);
    put(&s, rx);
    s.advance(1);
    let c = claim_citing(&mut s, 7, None);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
}

#[test]
fn a_self_pay_restriction_cannot_be_bypassed_by_citing_another_record() {
    let mut s = Suite::new();
    let (m, p) = (s.member.clone(), s.provider.clone());
    // The encounter's record is self-pay restricted (the patient paid out of pocket).
    let mut encounter = record(&s, 5, &m, &p, that_day(&s));
    encounter.self_pay_restricted = true;
    put(&s, encounter);
    s.set_access(&p, 5, Access::SelfPay);
    documentation_denied(&claim_citing(&mut s, 5, None));
    // The provider cites the patient's lab result from another provider instead.
    let lab = s.deps.api.addr_make("lab");
    put(&s, record(&s, 6, &m, &lab, that_day(&s)));
    s.advance(1);
    documentation_denied(&claim_citing(&mut s, 6, None));
    // Or its own note of an earlier visit.
    let earlier = Period {
        start: s.dos().minus_seconds(90 * DAY_SECONDS),
        end: s.dos().minus_seconds(90 * DAY_SECONDS),
    };
    put(&s, record(&s, 7, &m, &p, Some(earlier)));
    s.advance(1);
    documentation_denied(&claim_citing(&mut s, 7, None));
    // A record flagged self-pay is never used, whatever the access answer.
    let mut flagged = record(&s, 8, &m, &p, that_day(&s));
    flagged.self_pay_restricted = true;
    put(&s, flagged);
    s.advance(1);
    documentation_denied(&claim_citing(&mut s, 8, None));
}

#[test]
fn the_rendering_provider_is_an_active_provider_other_than_the_member() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let provider = s.provider.clone();
    let stranger = s.deps.api.addr_make("stranger");
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.rendering_provider = Some(stranger.to_string());
    let err = s.submit_as(&provider, sub.clone()).unwrap_err();
    assert!(
        matches!(err, ContractError::PartyNotEligible { .. }),
        "{err}"
    );
    sub.rendering_provider = Some(m.to_string());
    s.world.borrow_mut().parties.insert(
        m.to_string(),
        party(&m, PartyRole::Clinician, PartyStatus::Active),
    );
    let err = s.submit_as(&provider, sub).unwrap_err();
    assert!(err.to_string().contains("treating themselves"), "{err}");
}
