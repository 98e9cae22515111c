//! Reassignment of benefits: a claim naming a rendering provider other than its sender is
//! accepted only under the rendering provider's billing authorization of the sender in force on
//! the date of service. The attacker: the rival naming the real clinician, the stranger ending
//! someone else's authorization, the member on either side, the provider authorizing itself,
//! the second authorization, the late end, funds, the typo.

use cosmwasm_std::from_json;
use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{BillingAuthorization, BillingAuthorizationsResponse};
use cw_health_types::ehr_registry::{PartyRole, PartyStatus, Period};

use super::*;

/// The surgeon renders, the group (an organization) bills; a rival organization also exists.
struct Parties {
    surgeon: Addr,
    group: Addr,
    rival: Addr,
}

fn parties(s: &mut Suite) -> Parties {
    let api = s.deps.api;
    let p = Parties {
        surgeon: api.addr_make("surgeon"),
        group: api.addr_make("group"),
        rival: api.addr_make("rival"),
    };
    let mut w = s.world.borrow_mut();
    for (a, role) in [
        (&p.surgeon, PartyRole::Clinician),
        (&p.group, PartyRole::Organization),
        (&p.rival, PartyRole::Organization),
    ] {
        w.parties
            .insert(a.to_string(), party(a, role, PartyStatus::Active));
    }
    drop(w);
    p
}

fn authorize(
    s: &mut Suite,
    rendering: &Addr,
    billing: &Addr,
    from: Option<Timestamp>,
) -> Result<Response, ContractError> {
    s.exec(
        rendering,
        ExecuteMsg::AuthorizeBilling {
            billing_provider: billing.to_string(),
            effective_from: from,
        },
    )
}

fn end(
    s: &mut Suite,
    sender: &Addr,
    rendering: &Addr,
    billing: &Addr,
) -> Result<Response, ContractError> {
    s.exec(
        sender,
        ExecuteMsg::EndBillingAuthorization {
            rendering_provider: rendering.to_string(),
            billing_provider: billing.to_string(),
        },
    )
}

fn authorization(s: &Suite, rendering: &Addr, billing: &Addr) -> Option<BillingAuthorization> {
    s.q(QueryMsg::BillingAuthorization {
        rendering_provider: rendering.to_string(),
        billing_provider: billing.to_string(),
    })
}

/// The surgeon's record of the service (the date of service), about `member`.
fn surgeons_record(s: &Suite, id: u64, member: &Addr, surgeon: &Addr) {
    let r = RecordStub {
        id,
        patient: member.clone(),
        custodian: surgeon.clone(),
        data_period: Some(Period {
            start: s.dos(),
            end: s.dos(),
        }),
        self_pay_restricted: false,
        created_by: surgeon.clone(),
        created_at: s.dos(),
    };
    s.world.borrow_mut().records.insert(id, r);
}

/// An office claim by `billing` for the member, citing the surgeon's record, naming `rendering`.
fn office_claim(
    s: &mut Suite,
    billing: &Addr,
    rendering: &Addr,
    record: u64,
    dos: Timestamp,
) -> Result<(Claim, Response), ContractError> {
    let m = s.member.clone();
    let mut sub = s.submission(&m, vec![line("99214", 1, 200)]);
    sub.supporting_record_id = record;
    sub.rendering_provider = Some(rendering.to_string());
    sub.date_of_service = dos;
    s.submit_as(billing, sub)
}

fn not_authorized(err: ContractError) {
    assert!(
        matches!(err, ContractError::BillingNotAuthorized { .. }),
        "{err}"
    );
}

#[test]
fn a_rival_naming_the_real_clinician_as_rendering_provider_is_refused() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    let m = s.member.clone();
    surgeons_record(&s, 5, &m, &p.surgeon);
    // The surgeon authorized its group, never the rival.
    let dos = s.dos();
    authorize(&mut s, &p.surgeon, &p.group, Some(dos)).unwrap();
    let claims_before = s.q::<cw_health_types::claims_engine::ClaimsResponse>(QueryMsg::Claims {
        member: None,
        provider: None,
        start_after: None,
        limit: None,
    });
    let err = office_claim(&mut s, &p.rival, &p.surgeon, 5, dos).unwrap_err();
    not_authorized(err);
    // Refused at submission: nothing stored, nothing paid.
    let claims_after = s.q::<cw_health_types::claims_engine::ClaimsResponse>(QueryMsg::Claims {
        member: None,
        provider: None,
        start_after: None,
        limit: None,
    });
    assert_eq!(claims_before, claims_after);
    assert_eq!(s.pool().balance.u128(), 1_000_000);
    // The authorized group is paid for the surgeon's work, on the surgeon's record.
    let (c, res) = office_claim(&mut s, &p.group, &p.surgeon, 5, dos).unwrap();
    assert_eq!(c.provider, p.group);
    assert_eq!(c.rendering_provider, Some(p.surgeon.clone()));
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    assert!(c.total_paid.u128() > 0);
    assert_eq!(
        sends(&res),
        vec![(p.group.to_string(), c.total_paid.u128())]
    );
}

#[test]
fn an_authorization_covers_services_from_its_start_until_its_end() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    let m = s.member.clone();
    surgeons_record(&s, 5, &m, &p.surgeon);
    // In force from today: yesterday's service is not covered.
    authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
    let yesterday = s.dos();
    not_authorized(office_claim(&mut s, &p.group, &p.surgeon, 5, yesterday).unwrap_err());
    // Two days later the surgeon ends it: a service before the end stays billable, one on or
    // after it is not.
    let start = s.env.block.time;
    s.advance(2 * DAY_SECONDS);
    let res = end(&mut s, &p.surgeon, &p.surgeon, &p.group).unwrap();
    assert_eq!(attr(&res, "action"), "end_billing_authorization");
    let ended = s.env.block.time;
    let a = authorization(&s, &p.surgeon, &p.group).unwrap();
    assert_eq!(a.periods.len(), 1);
    assert_eq!(a.periods[0].effective_from, start);
    assert_eq!(a.periods[0].ended_at, Some(ended));
    assert_eq!(a.periods[0].ended_by, Some(p.surgeon.clone()));
    assert!(a.in_force().is_none());
    s.world
        .borrow_mut()
        .records
        .get_mut(&5)
        .unwrap()
        .data_period = Some(Period { start, end: ended });
    let before_end = ended.minus_seconds(DAY_SECONDS);
    let (c, _) = office_claim(&mut s, &p.group, &p.surgeon, 5, before_end).unwrap();
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    not_authorized(office_claim(&mut s, &p.group, &p.surgeon, 5, ended).unwrap_err());
    // Given again later: a new period; the gap stays unbillable, both periods billable.
    s.advance(2 * DAY_SECONDS);
    authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
    let again = s.env.block.time;
    let a = authorization(&s, &p.surgeon, &p.group).unwrap();
    assert_eq!(a.periods.len(), 2);
    assert!(a.covers(before_end));
    assert!(!a.covers(ended.plus_seconds(DAY_SECONDS)));
    assert!(a.covers(again));
    // Not before the end of the last period.
    s.advance(DAY_SECONDS);
    end(&mut s, &p.group, &p.surgeon, &p.group).unwrap();
    let err = authorize(&mut s, &p.surgeon, &p.group, Some(again)).unwrap_err();
    assert!(err.to_string().contains("before the end"), "{err}");
}

#[test]
fn only_either_side_ends_an_authorization_once() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
    // A stranger (here the rival, and the member) may not end someone else's authorization.
    let m = s.member.clone();
    for stranger in [&p.rival, &m] {
        let err = end(&mut s, stranger, &p.surgeon, &p.group).unwrap_err();
        assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    }
    assert!(authorization(&s, &p.surgeon, &p.group)
        .unwrap()
        .in_force()
        .is_some());
    // The billing provider may; a second end is refused.
    let res = end(&mut s, &p.group, &p.surgeon, &p.group).unwrap();
    assert_eq!(attr(&res, "ended_by"), p.group.to_string());
    let err = end(&mut s, &p.surgeon, &p.surgeon, &p.group).unwrap_err();
    assert!(
        err.to_string().contains("no authorization in force"),
        "{err}"
    );
    // An authorization never given: not found.
    let err = end(&mut s, &p.rival, &p.rival, &p.group).unwrap_err();
    assert!(matches!(err, ContractError::NotFound { .. }), "{err}");
}

#[test]
fn who_may_authorize_whom() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    // Oneself: refused.
    let err = authorize(&mut s, &p.surgeon, &p.surgeon, None).unwrap_err();
    assert!(err.to_string().contains("its own services"), "{err}");
    // The member (a patient, not a provider party) may neither give nor receive one.
    let m = s.member.clone();
    let err = authorize(&mut s, &m, &p.group, None).unwrap_err();
    assert!(
        matches!(err, ContractError::PartyNotEligible { .. }),
        "{err}"
    );
    let err = authorize(&mut s, &p.surgeon, &m, None).unwrap_err();
    assert!(
        matches!(err, ContractError::PartyNotEligible { .. }),
        "{err}"
    );
    // Nor an address that is no party at all, nor a malformed one.
    let nobody = s.deps.api.addr_make("nobody");
    let err = authorize(&mut s, &nobody, &p.group, None).unwrap_err();
    assert!(
        matches!(err, ContractError::PartyNotEligible { .. }),
        "{err}"
    );
    let err = s
        .exec(
            &p.surgeon,
            ExecuteMsg::AuthorizeBilling {
                billing_provider: "not-an-address".into(),
                effective_from: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Std(_)), "{err}");
    // Not in the future, at most 30 days back.
    let now = s.env.block.time;
    let err = authorize(&mut s, &p.surgeon, &p.group, Some(now.plus_seconds(1))).unwrap_err();
    assert!(err.to_string().contains("effective_from"), "{err}");
    let err = authorize(
        &mut s,
        &p.surgeon,
        &p.group,
        Some(now.minus_seconds(31 * DAY_SECONDS)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("effective_from"), "{err}");
    // Funds are refused.
    let err = s
        .exec_funds(
            &p.surgeon,
            &coins(5, DENOM),
            ExecuteMsg::AuthorizeBilling {
                billing_provider: p.group.to_string(),
                effective_from: None,
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)), "{err}");
    assert!(authorization(&s, &p.surgeon, &p.group).is_none());
    // Given: its event; a second while one is in force is refused.
    let res = authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
    assert_eq!(attr(&res, "action"), "authorize_billing");
    assert_eq!(attr(&res, "rendering_provider"), p.surgeon.to_string());
    assert_eq!(attr(&res, "billing_provider"), p.group.to_string());
    let err = authorize(&mut s, &p.surgeon, &p.group, None).unwrap_err();
    assert!(err.to_string().contains("already authorized"), "{err}");
    let err = s
        .exec_funds(
            &p.group,
            &coins(5, DENOM),
            ExecuteMsg::EndBillingAuthorization {
                rendering_provider: p.surgeon.to_string(),
                billing_provider: p.group.to_string(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, ContractError::Payment(_)), "{err}");
    // An authorization runs one way: the group has not authorized the surgeon.
    assert!(authorization(&s, &p.group, &p.surgeon).is_none());
}

#[test]
fn the_member_is_never_the_rendering_or_billing_provider_of_their_own_claim() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    // The member is also a clinician: they authorize the group, and the surgeon authorizes
    // them.
    let m = s.member.clone();
    s.world.borrow_mut().parties.insert(
        m.to_string(),
        party(&m, PartyRole::Clinician, PartyStatus::Active),
    );
    let from = Some(s.dos());
    authorize(&mut s, &m, &p.group, from).unwrap();
    authorize(&mut s, &p.surgeon, &m, from).unwrap();
    surgeons_record(&s, 5, &m, &p.surgeon);
    let dos = s.dos();
    // The group bills the member's treatment naming the member as rendering provider.
    let err = office_claim(&mut s, &p.group, &m, 5, dos).unwrap_err();
    assert!(err.to_string().contains("treating themselves"), "{err}");
    // The member bills their own treatment by the surgeon.
    let err = office_claim(&mut s, &m, &p.surgeon, 5, dos).unwrap_err();
    assert!(err.to_string().contains("treating themselves"), "{err}");
}

#[test]
fn a_rendering_provider_lists_its_authorizations_by_page() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
    authorize(&mut s, &p.surgeon, &p.rival, None).unwrap();
    authorize(&mut s, &p.group, &p.rival, None).unwrap();
    let page = |s: &Suite, start_after: Option<String>, limit| {
        let r: BillingAuthorizationsResponse = s.q(QueryMsg::BillingAuthorizations {
            rendering_provider: p.surgeon.to_string(),
            start_after,
            limit,
        });
        r.authorizations
            .into_iter()
            .map(|a| a.billing_provider)
            .collect::<Vec<_>>()
    };
    let mut all = vec![p.group.clone(), p.rival.clone()];
    all.sort();
    assert_eq!(page(&s, None, None), all);
    assert_eq!(page(&s, None, Some(1)), vec![all[0].clone()]);
    assert_eq!(
        page(&s, Some(all[0].to_string()), Some(1)),
        vec![all[1].clone()]
    );
    assert!(page(&s, Some(all[1].to_string()), None).is_empty());
}

#[test]
fn billing_authorization_messages_are_strict_json() {
    for (json, field) in [
        (
            r#"{"authorize_billing":{"billing_provider":"x","effective_form":null}}"#,
            "effective_form",
        ),
        (
            r#"{"end_billing_authorization":{"rendering_provider":"x","biling_provider":"y"}}"#,
            "biling_provider",
        ),
    ] {
        let err = from_json::<ExecuteMsg>(json).unwrap_err().to_string();
        assert!(err.contains(field) || err.contains("unknown"), "{err}");
    }
    let err =
        from_json::<QueryMsg>(r#"{"billing_authorizations":{"rendering_provider":"x","limt":3}}"#)
            .unwrap_err()
            .to_string();
    assert!(err.contains("limt") || err.contains("unknown"), "{err}");
}

#[test]
fn an_authorization_keeps_at_most_ten_periods() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    for _ in 0..10 {
        authorize(&mut s, &p.surgeon, &p.group, None).unwrap();
        s.advance(DAY_SECONDS);
        end(&mut s, &p.surgeon, &p.surgeon, &p.group).unwrap();
        s.advance(DAY_SECONDS);
    }
    let err = authorize(&mut s, &p.surgeon, &p.group, None).unwrap_err();
    assert!(err.to_string().contains("at most 10"), "{err}");
    let a = authorization(&s, &p.surgeon, &p.group).unwrap();
    assert_eq!(a.periods.len(), 10);
    assert!(a.periods.iter().all(|x| x.ended_at.is_some()));
}

/// One service is one service whoever bills it: the surgeon bills its visit itself, then its
/// authorized group bills the same visit naming the surgeon as rendering provider. The second
/// is the exact duplicate (OA-18) and pays nothing; a different service of the surgeon that day
/// is paid.
#[test]
fn the_group_cannot_bill_again_what_its_clinician_already_billed() {
    let mut s = Suite::new();
    let p = parties(&mut s);
    let m = s.member.clone();
    surgeons_record(&s, 5, &m, &p.surgeon);
    let dos = s.dos();
    authorize(&mut s, &p.surgeon, &p.group, Some(dos)).unwrap();
    let mut own = s.submission(&m, vec![line("99214", 1, 200)]);
    own.supporting_record_id = 5;
    own.date_of_service = dos;
    let (first, _) = s.submit_as(&p.surgeon.clone(), own).unwrap();
    assert_eq!(first.lines[0].status, LineStatus::Paid);
    let paid = s.pool().balance;
    let (second, res) = office_claim(&mut s, &p.group, &p.surgeon, 5, dos).unwrap();
    denied_with(&second, 0, "OA", Carc::EXACT_DUPLICATE);
    assert!(sends(&res).is_empty());
    assert_eq!(s.pool().balance, paid);
    // And the other way round: the group billed first, the surgeon's own claim is the duplicate.
    let mut s = Suite::new();
    let p = parties(&mut s);
    let m = s.member.clone();
    surgeons_record(&s, 5, &m, &p.surgeon);
    let dos = s.dos();
    authorize(&mut s, &p.surgeon, &p.group, Some(dos)).unwrap();
    let (first, _) = office_claim(&mut s, &p.group, &p.surgeon, 5, dos).unwrap();
    assert_eq!(first.lines[0].status, LineStatus::Paid);
    let mut own = s.submission(&m, vec![line("99214", 1, 200)]);
    own.supporting_record_id = 5;
    own.date_of_service = dos;
    let (second, res) = s.submit_as(&p.surgeon.clone(), own).unwrap();
    denied_with(&second, 0, "OA", Carc::EXACT_DUPLICATE);
    assert!(sends(&res).is_empty());
}
