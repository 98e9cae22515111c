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
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::ehr_registry::{AccountingResponse, ExecuteMsg, PartyRole, QueryMsg};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};

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
