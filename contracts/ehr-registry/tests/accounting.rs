//! The accounting of disclosures (HIPAA 164.528): disclosures to the patient (or their
//! personal representative) and for treatment, payment and operations can be left out; an
//! oversight agency may suspend the patient's accounting of disclosures to it until a date.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::{
    to_json_binary, to_json_string, Addr, Empty, QueryRequest, Timestamp, WasmQuery,
};
use cw_health_types::ehr_registry::{
    AccessBasis, AccountingResponse, DisclosureCursor, DisclosureInfo, ExecuteMsg, PartyRole,
    QueryMsg,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, SecurityLabel};

use FhirResourceType::*;
use PurposeOfUse::*;

const DAY: u64 = 24 * 3600;

fn disclose(
    s: &mut Suite,
    actor: &Addr,
    record_id: u64,
    purpose: PurposeOfUse,
    suspend_until: Option<Timestamp>,
) -> Result<(), String> {
    let alice = s.alice.clone();
    s.exec(
        actor,
        &ExecuteMsg::RecordAccess {
            patient: alice.to_string(),
            record_id,
            actor: actor.to_string(),
            action: AccessAction::Read,
            purpose,
            accounting_suspended_until: suspend_until,
            via_team: None,
        },
    )
    .map(|_| ())
    .map_err(|e| e.to_string())
}

fn accounting(s: &Suite, accountable_only: bool) -> Vec<(Addr, PurposeOfUse)> {
    let r: AccountingResponse = s.query(&QueryMsg::Accounting {
        patient: s.alice.to_string(),
        from: Timestamp::from_seconds(0),
        to: s.now(),
        start_after: None,
        limit: None,
        accountable_only: Some(accountable_only),
    });
    r.disclosures
        .into_iter()
        .map(|d| (d.actor, d.purpose))
        .collect()
}

fn grant_for(s: &mut Suite, to: &Addr, purpose: PurposeOfUse) {
    let alice = s.alice.clone();
    let mut p = permit();
    p.purposes = vec![purpose];
    p.resource_types = vec![Observation];
    s.grant(&alice, address(to), p, None).unwrap();
}

#[test]
fn the_accounting_leaves_out_the_patient_and_treatment_payment_operations() {
    let mut s = Suite::new();
    let (alice, smith, payer, hospital, researcher) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.payer.clone(),
        s.hospital.clone(),
        s.researcher.clone(),
    );
    let rec = s.add_record(&alice, Observation, &[]);
    s.clear_for_research(&researcher);
    grant_for(&mut s, &smith, Treatment);
    grant_for(&mut s, &payer, Payment);
    grant_for(&mut s, &hospital, Operations);
    grant_for(&mut s, &researcher, Research);
    disclose(&mut s, &alice, rec, PatientRequested, None).unwrap();
    disclose(&mut s, &smith, rec, Treatment, None).unwrap();
    disclose(&mut s, &payer, rec, Payment, None).unwrap();
    disclose(&mut s, &hospital, rec, Operations, None).unwrap();
    disclose(&mut s, &researcher, rec, Research, None).unwrap();
    // The full log keeps everything; the HIPAA accounting, only the research disclosure.
    assert_eq!(accounting(&s, false).len(), 5);
    assert_eq!(accounting(&s, true), vec![(researcher, Research)]);
}

#[test]
fn an_oversight_agency_suspends_the_accounting_of_disclosures_to_it_until_a_date() {
    let mut s = Suite::new();
    let (alice, researcher) = (s.alice.clone(), s.researcher.clone());
    let agency = s.app.api().addr_make("oversight_agency");
    s.register_party(&agency, PartyRole::Oversight, s.now().plus_seconds(YEAR))
        .unwrap();
    let rec = s.add_record(&alice, Observation, &[]);
    s.clear_for_research(&researcher);
    grant_for(&mut s, &agency, PublicHealth);
    grant_for(&mut s, &researcher, Research);
    let until = s.now().plus_seconds(30 * DAY);
    // Only an oversight agency, for a disclosure to itself, in the future.
    let err = disclose(&mut s, &researcher, rec, Research, Some(until)).unwrap_err();
    assert!(err.contains("oversight agency"), "{err}");
    let now = s.now();
    let err = disclose(&mut s, &agency, rec, PublicHealth, Some(now)).unwrap_err();
    assert!(err.contains("in the future"), "{err}");
    disclose(&mut s, &agency, rec, PublicHealth, Some(until)).unwrap();
    disclose(&mut s, &researcher, rec, Research, None).unwrap();
    assert_eq!(accounting(&s, true), vec![(researcher.clone(), Research)]);
    // The audit log keeps it (and the chain shows it: the suspension binds the accounting,
    // not public state).
    assert_eq!(accounting(&s, false).len(), 2);
    s.advance(30 * DAY);
    assert_eq!(
        accounting(&s, true),
        vec![(agency, PublicHealth), (researcher, Research)]
    );
}

/// The accounting query's raw JSON (not re-serialized: an extra or missing field shows).
fn raw_accounting(
    s: &Suite,
    accountable_only: bool,
    start_after: Option<DisclosureCursor>,
    limit: Option<u32>,
) -> String {
    let msg = QueryMsg::Accounting {
        patient: s.alice.to_string(),
        from: Timestamp::from_seconds(0),
        to: s.now(),
        start_after,
        limit,
        accountable_only: Some(accountable_only),
    };
    let req: QueryRequest<Empty> = WasmQuery::Smart {
        contract_addr: s.addr.to_string(),
        msg: to_json_binary(&msg).unwrap(),
    }
    .into();
    let bin = s
        .app
        .wrap()
        .raw_query(&cosmwasm_std::to_json_vec(&req).unwrap())
        .unwrap()
        .unwrap();
    String::from_utf8(bin.to_vec()).unwrap()
}

fn page(disclosures: &[DisclosureInfo]) -> String {
    to_json_string(&AccountingResponse {
        disclosures: disclosures.to_vec(),
    })
    .unwrap()
}

/// Every field of a disclosure is answered as recorded, each access once in the log (and once in
/// the accounting when accountable), in (time, id) order, page by page: the patient by
/// themselves, a gateway recording for a clinician, a 42 CFR Part 2 record, a research
/// disclosure, and an oversight agency's suspended one.
#[test]
fn each_disclosure_is_answered_once_with_every_field_as_recorded() {
    let mut s = Suite::new();
    let (alice, smith, gateway, researcher) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.gateway.clone(),
        s.researcher.clone(),
    );
    let agency = s.app.api().addr_make("oversight_agency");
    s.register_party(&agency, PartyRole::Oversight, s.now().plus_seconds(YEAR))
        .unwrap();
    let rec = s.add_record(&alice, Observation, &[]);
    let sud = s.add_record(&alice, Condition, &[SecurityLabel::VeryRestricted]);
    s.clear_for_research(&researcher);
    let mut p = permit();
    p.labels = vec![SecurityLabel::VeryRestricted];
    p.purposes = vec![Treatment];
    // Very restricted information is granted for a limited time only.
    let expiry = Some(s.now().plus_seconds(1000));
    s.grant(&alice, address(&smith), p, expiry).unwrap();
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    grant_for(&mut s, &researcher, Research);
    grant_for(&mut s, &agency, PublicHealth);
    let until = s.now().plus_seconds(30 * DAY);
    let access =
        |patient: &Addr, record_id, actor: &Addr, purpose, suspend| ExecuteMsg::RecordAccess {
            patient: patient.to_string(),
            record_id,
            actor: actor.to_string(),
            action: AccessAction::Read,
            purpose,
            accounting_suspended_until: suspend,
            via_team: None,
        };
    let mut expected = vec![];
    let cases = [
        (&alice, &alice, rec, PatientRequested, None),
        (&gateway, &smith, rec, Treatment, None),
        (&smith, &smith, sud, Treatment, None),
        (&researcher, &researcher, rec, Research, None),
        (&agency, &agency, rec, PublicHealth, Some(until)),
    ];
    for (i, (sender, actor, record_id, purpose, suspend)) in cases.into_iter().enumerate() {
        s.advance(7);
        let res = s
            .exec(sender, &access(&alice, record_id, actor, purpose, suspend))
            .unwrap();
        let basis = match attr(&res, "basis").as_str() {
            "patient" => AccessBasis::Patient {},
            "grant" => AccessBasis::Grant {
                grant_id: attr(&res, "basis_id").parse().unwrap(),
            },
            other => panic!("{other}"),
        };
        let id = i as u64 + 1;
        assert_eq!(attr(&res, "disclosure_id"), id.to_string());
        expected.push(DisclosureInfo {
            id,
            patient: alice.clone(),
            at: s.now(),
            actor: actor.clone(),
            recorded_by: sender.clone(),
            record_id,
            resource_type: if record_id == rec {
                Observation
            } else {
                Condition
            },
            action: AccessAction::Read,
            purpose,
            basis,
            redisclosure_notice_required: record_id == sud,
            accountable: matches!(purpose, Research | PublicHealth),
            accounting_suspended_until: suspend,
            via_team: None,
        });
    }
    assert_eq!(expected[0].basis, AccessBasis::Patient {});
    assert!(matches!(expected[1].basis, AccessBasis::Grant { .. }));
    assert_eq!(raw_accounting(&s, false, None, None), page(&expected));
    // Paged by (time, id): 2, 2, 1, then nothing.
    let mut cursor = None;
    for chunk in expected.chunks(2).chain([&[][..]]) {
        assert_eq!(
            raw_accounting(&s, false, cursor.clone(), Some(2)),
            page(chunk)
        );
        cursor = chunk
            .last()
            .map(|d| DisclosureCursor { at: d.at, id: d.id });
    }
    // The accounting: the research disclosure; the agency's once its suspension ends.
    assert_eq!(raw_accounting(&s, true, None, None), page(&expected[3..4]));
    s.advance(30 * DAY);
    assert_eq!(raw_accounting(&s, true, None, None), page(&expected[3..5]));
    let cursor = DisclosureCursor {
        at: expected[3].at,
        id: 4,
    };
    assert_eq!(
        raw_accounting(&s, true, Some(cursor), Some(1)),
        page(&expected[4..5])
    );
}
