//! The on-call pool and the e-prescription's visit check, from the attacker's side.
//!
//! A hospital keeps an on-call pool (a team): the clinician (licensed in NY and NJ), the on-call
//! doctor (licensed in NY) and the ER clinician (licensed in NJ only). A patient in New York
//! books a visit with the pool rather than a named clinician and consents to it: the pool's
//! members may triage through the team until one takes the visit; then the visit, and access,
//! are that member's alone. drug-provenance anchors an e-prescription naming a visit only for
//! the visit's clinician, within the visit's window and 24 hours after it.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, StdResult};
use cw_health_testing::ehr::{deny, fhir_doc};
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::drug_provenance::{self as dp, DrugConfigResponse};
use cw_health_types::ehr_registry::{
    self as ehr, AccessDecision, AccessRequest, Grantee, PartyRole, TeamKind, VisitInfo,
    VisitStatus, VisitsResponse,
};
use cw_health_types::telehealth::VisitModality;
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::{AppResponse, Executor, IntoAddr};

/// Visits start 10 minutes after booking and last at most 30 minutes.
const LEAD: u64 = 600;
const LENGTH: u64 = 1_800;
/// The pool's team id (the first team).
const POOL: u64 = 1;

struct World {
    suite: Suite,
    /// The on-call doctor (licensed in NY).
    doc: Addr,
    /// The patient's chart: a blood-pressure record.
    chart: u64,
}

fn world() -> World {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let doc = "oncall_doc".into_addr();
    suite
        .ehr()
        .register_party(&doc, PartyRole::Clinician)
        .unwrap();
    for (who, states) in [
        (&a.clinician, vec!["NY", "NJ"]),
        (&doc, vec!["NY"]),
        (&a.er_clinician, vec!["NJ"]),
    ] {
        suite
            .ehr()
            .execute(
                &a.credentialing,
                &ehr::ExecuteMsg::SetLicensure {
                    clinician: who.to_string(),
                    jurisdictions: states.iter().map(|s| s.to_string()).collect(),
                    compacts: vec![],
                },
            )
            .unwrap();
    }
    let team = suite
        .ehr()
        .execute(
            &a.hospital,
            &ehr::ExecuteMsg::CreateTeam {
                kind: TeamKind::Organization,
            },
        )
        .unwrap();
    assert_eq!(attr(&team, "team_id"), POOL.to_string());
    members(
        &mut suite,
        vec![&a.clinician, &doc, &a.er_clinician],
        vec![],
    );
    for who in [&a.clinician, &doc] {
        let msg = dp::ExecuteMsg::SetPrescriber {
            address: who.to_string(),
            license_id: "NPI-1093817465".into(),
            license_expiry: suite.now().plus_days(365),
            active: true,
        };
        suite.drug().execute(&a.regulator, &msg).unwrap();
    }
    let chart = suite
        .ehr()
        .add_record(
            &a.patient,
            &a.patient,
            "Observation/home-bp",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    World { suite, doc, chart }
}

fn members(suite: &mut Suite, add: Vec<&Addr>, remove: Vec<&Addr>) {
    let hospital = suite.actors.hospital.clone();
    suite
        .ehr()
        .execute(
            &hospital,
            &ehr::ExecuteMsg::UpdateTeamMembers {
                team_id: POOL,
                add: add.iter().map(|a| a.to_string()).collect(),
                remove: remove.iter().map(|a| a.to_string()).collect(),
            },
        )
        .unwrap();
}

fn attr(resp: &AppResponse, key: &str) -> String {
    resp.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no {key} attribute"))
}

fn id(resp: &AppResponse, key: &str) -> u64 {
    attr(resp, key).parse().unwrap()
}

fn err(r: StdResult<AppResponse>) -> String {
    root_error(&r.expect_err("must be refused"))
}

fn on_call_msg(suite: &Suite, jurisdiction: &str) -> ehr::ExecuteMsg {
    let starts = suite.now().plus_seconds(LEAD);
    ehr::ExecuteMsg::BookOnCallVisit {
        patient: suite.actors.patient.to_string(),
        team_id: POOL,
        modality: VisitModality::VirtualVideo,
        jurisdiction: jurisdiction.into(),
        starts_at: starts,
        ends_at: starts.plus_seconds(LENGTH),
    }
}

fn book_msg(suite: &Suite, clinician: &Addr) -> ehr::ExecuteMsg {
    let starts = suite.now().plus_seconds(LEAD);
    ehr::ExecuteMsg::BookVisit {
        patient: suite.actors.patient.to_string(),
        clinician: clinician.to_string(),
        modality: VisitModality::VirtualVideo,
        jurisdiction: "NY".into(),
        starts_at: starts,
        ends_at: starts.plus_seconds(LENGTH),
    }
}

fn book(suite: &mut Suite, msg: &ehr::ExecuteMsg) -> u64 {
    let patient = suite.actors.patient.clone();
    id(&suite.ehr().execute(&patient, msg).unwrap(), "visit_id")
}

fn consent(suite: &mut Suite, visit_id: u64) -> StdResult<AppResponse> {
    let patient = suite.actors.patient.clone();
    suite.ehr().execute(
        &patient,
        &ehr::ExecuteMsg::ConsentToVisit {
            visit_id,
            consent_hash: Sha256Hash::digest(b"NY telehealth informed consent, version 2026-01"),
            resource_types: vec![],
        },
    )
}

/// An on-call visit in NY, consented, started: its id.
fn consented_pool_visit(suite: &mut Suite) -> u64 {
    let msg = on_call_msg(suite, "NY");
    let v = book(suite, &msg);
    consent(suite, v).unwrap();
    suite.advance_seconds(LEAD);
    v
}

fn take(suite: &mut Suite, who: &Addr, visit_id: u64) -> StdResult<AppResponse> {
    suite
        .ehr()
        .execute(who, &ehr::ExecuteMsg::TakeVisit { visit_id })
}

fn q<T: serde::de::DeserializeOwned>(suite: &Suite, msg: &ehr::QueryMsg) -> StdResult<T> {
    suite.app.wrap().query_wasm_smart(&suite.ehr_addr, msg)
}

fn visit(suite: &Suite, visit_id: u64) -> VisitInfo {
    q(suite, &ehr::QueryMsg::Visit { visit_id }).unwrap()
}

/// May `actor` read the chart for treatment, through the pool (`via_team`) or not?
fn reads(suite: &Suite, actor: &Addr, chart: u64, via_pool: bool) -> AccessDecision {
    q(
        suite,
        &ehr::QueryMsg::CheckAccess(AccessRequest {
            patient: suite.actors.patient.to_string(),
            actor: actor.to_string(),
            action: AccessAction::Read,
            purpose: PurposeOfUse::Treatment,
            resource_type: None,
            record_id: Some(chart),
            via_team: via_pool.then_some(POOL),
        }),
    )
    .unwrap()
}

/// Sends `msg` as `sender` and asserts it is refused with `expected`, ehr-registry unchanged.
fn refused(suite: &mut Suite, sender: &Addr, msg: &ehr::ExecuteMsg, expected: &str) {
    let ehr_addr = suite.ehr_addr.clone();
    let before = suite.snapshot(&ehr_addr);
    assert_eq!(err(suite.ehr().execute(sender, msg)), expected);
    assert!(
        suite.snapshot(&ehr_addr) == before,
        "{expected}: state changed"
    );
}

#[test]
fn an_on_call_visit_is_consented_to_the_pool_and_then_held_by_the_member_who_takes_it() {
    let World {
        mut suite,
        doc,
        chart,
    } = world();
    let a = suite.actors.clone();
    // Booked with the pool: no clinician yet.
    let msg = on_call_msg(&suite, "NY");
    let booked = suite.ehr().execute(&a.patient, &msg).unwrap();
    assert_eq!(attr(&booked, "action"), "book_on_call_visit");
    assert_eq!(attr(&booked, "on_call_team"), POOL.to_string());
    let v = id(&booked, "visit_id");
    let info = visit(&suite, v);
    assert_eq!((info.clinician, info.on_call_team), (None, Some(POOL)));
    // The consent grants the pool for the visit's window.
    let pool_grant = id(&consent(&mut suite, v).unwrap(), "grant_id");
    let g = suite.ehr().grant(pool_grant).unwrap();
    assert_eq!(g.grantee, Grantee::Team { team_id: POOL });
    assert_eq!(g.expires_at, Some(visit(&suite, v).ends_at));
    assert!(
        !reads(&suite, &doc, chart, true).allowed,
        "not before start"
    );
    suite.advance_seconds(LEAD);
    // Members triage through the pool; not without naming it; a non-member not at all.
    assert!(reads(&suite, &doc, chart, true).allowed);
    assert!(reads(&suite, &a.clinician, chart, true).allowed);
    assert!(!reads(&suite, &doc, chart, false).allowed);
    assert!(!reads(&suite, &a.stranger, chart, true).allowed);
    assert!(!reads(&suite, &a.hospital, chart, true).allowed);
    // No member writes the encounter before taking the visit.
    let enc = ehr::ExecuteMsg::RecordEncounter {
        visit_id: v,
        content: fhir_doc("Encounter/on-call"),
    };
    refused(
        &mut suite,
        &doc,
        &enc,
        "unauthorized: the visit's clinician required",
    );

    // The on-call doctor takes it: the pool's grant ends, the same consent is the doctor's.
    let taken = take(&mut suite, &doc, v).unwrap();
    assert_eq!(attr(&taken, "action"), "take_visit");
    let info = visit(&suite, v);
    let mine = info.consent_grant_id.unwrap();
    assert_eq!(
        (
            info.clinician.clone(),
            info.taken_at,
            info.pool_grant_id,
            info.status,
            info.access_open
        ),
        (
            Some(doc.clone()),
            Some(suite.now()),
            Some(pool_grant),
            VisitStatus::Consented,
            true
        )
    );
    assert_ne!(mine, pool_grant);
    let pool = suite.ehr().grant(pool_grant).unwrap();
    assert_eq!(pool.revocation.unwrap().by, doc);
    let g = suite.ehr().grant(mine).unwrap();
    assert_eq!(
        (g.grantee, g.policy_hash, g.expires_at, g.granted_by),
        (
            Grantee::Address {
                address: doc.clone()
            },
            Some(Sha256Hash::digest(
                b"NY telehealth informed consent, version 2026-01"
            )),
            Some(info.ends_at),
            a.patient.clone()
        )
    );
    // Only the taker keeps access; the rest of the pool loses it at once.
    assert!(reads(&suite, &doc, chart, false).allowed);
    assert!(!reads(&suite, &a.clinician, chart, true).allowed);
    assert!(
        !reads(&suite, &a.er_clinician, chart, true).allowed,
        "the pool's grant ended"
    );
    // A second member cannot take it again, nor the taker twice.
    for who in [&a.clinician, &doc] {
        refused(
            &mut suite,
            who,
            &ehr::ExecuteMsg::TakeVisit { visit_id: v },
            &format!("visit {v} is already taken"),
        );
    }
    // The visit is the doctor's: the encounter, the hang-up; a pool member cannot end it.
    refused(
        &mut suite,
        &a.clinician,
        &enc,
        "unauthorized: the visit's clinician required",
    );
    refused(
        &mut suite,
        &a.clinician,
        &ehr::ExecuteMsg::EndVisit { visit_id: v },
        "unauthorized: the visit's patient or clinician required",
    );
    suite.ehr().execute(&doc, &enc).unwrap();
    suite
        .ehr()
        .execute(&doc, &ehr::ExecuteMsg::EndVisit { visit_id: v })
        .unwrap();
    let info = visit(&suite, v);
    assert_eq!(
        (info.status, info.held, info.access_open),
        (VisitStatus::Ended, true, false)
    );
    assert!(
        !reads(&suite, &doc, chart, false).allowed,
        "access ends at hang-up"
    );
}

#[test]
fn a_stranger_a_removed_an_unlicensed_or_a_denied_member_cannot_take_the_visit() {
    let World {
        mut suite,
        doc,
        chart,
    } = world();
    let a = suite.actors.clone();
    let v = consented_pool_visit(&mut suite);
    let take_v = ehr::ExecuteMsg::TakeVisit { visit_id: v };
    let not_member = |who: &Addr| format!("{who} is not a member of team {POOL}");
    // Outside the pool: a stranger, the pool's manager, another clinician, the patient.
    refused(&mut suite, &a.stranger, &take_v, &not_member(&a.stranger));
    refused(&mut suite, &a.hospital, &take_v, &not_member(&a.hospital));
    refused(&mut suite, &a.patient, &take_v, &not_member(&a.patient));
    // A member not licensed where the patient is (NY).
    refused(
        &mut suite,
        &a.er_clinician,
        &take_v,
        &format!("clinician {} is not licensed in NY", a.er_clinician),
    );
    // "Never Dr Clinician": the patient's address deny beats the pool, for access and taking.
    let never = suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.clinician, deny(&[], &[]), None)
        .unwrap();
    assert!(!reads(&suite, &a.clinician, chart, true).allowed);
    assert!(reads(&suite, &doc, chart, true).allowed);
    refused(
        &mut suite,
        &a.clinician,
        &take_v,
        &format!(
            "the patient has denied {} access: it cannot take the visit",
            a.clinician
        ),
    );
    // The deny lifted, the clinician could take it; removed from the pool first, it cannot.
    suite.ehr().revoke_access(&a.patient, never).unwrap();
    members(&mut suite, vec![], vec![&a.clinician]);
    refused(&mut suite, &a.clinician, &take_v, &not_member(&a.clinician));
    assert!(!reads(&suite, &a.clinician, chart, true).allowed);
    // The patient withdraws the pool's consent: nobody can take the visit any more.
    let pool_grant = visit(&suite, v).consent_grant_id.unwrap();
    suite.ehr().revoke_access(&a.patient, pool_grant).unwrap();
    refused(
        &mut suite,
        &doc,
        &take_v,
        &format!("visit {v} is no longer consented"),
    );
    // A visit booked with a named clinician is not the pool's; an unknown or finished one
    // cannot be taken either.
    let named_msg = book_msg(&suite, &a.clinician);
    let named = book(&mut suite, &named_msg);
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::TakeVisit { visit_id: named },
        &format!("visit {named} is not an on-call visit"),
    );
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::TakeVisit { visit_id: 404 },
        "visit 404 not found",
    );
    let late = consented_pool_visit(&mut suite);
    suite.advance_seconds(LENGTH);
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::TakeVisit { visit_id: late },
        &format!("visit {late} is over"),
    );
}

#[test]
fn two_members_race_for_the_visit_and_the_second_is_refused() {
    let World { mut suite, doc, .. } = world();
    let a = suite.actors.clone();
    let v = consented_pool_visit(&mut suite);
    // Both in the same block: the first wins, the second is refused and changes nothing.
    take(&mut suite, &a.clinician, v).unwrap();
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::TakeVisit { visit_id: v },
        &format!("visit {v} is already taken"),
    );
    assert_eq!(visit(&suite, v).clinician, Some(a.clinician.clone()));
}

#[test]
fn a_visit_taken_before_consent_is_consented_to_the_taker_alone() {
    let World {
        mut suite,
        doc,
        chart,
    } = world();
    let a = suite.actors.clone();
    let msg = on_call_msg(&suite, "NY");
    let v = book(&mut suite, &msg);
    let taken = take(&mut suite, &doc, v).unwrap();
    assert_eq!(attr(&taken, "grant_id"), "none");
    let grant = id(&consent(&mut suite, v).unwrap(), "grant_id");
    assert_eq!(
        suite.ehr().grant(grant).unwrap().grantee,
        Grantee::Address {
            address: doc.clone()
        }
    );
    suite.advance_seconds(LEAD);
    assert!(reads(&suite, &doc, chart, false).allowed);
    assert!(!reads(&suite, &a.clinician, chart, true).allowed);
    assert_eq!(visit(&suite, v).pool_grant_id, None);
    // Booking with the pool: the patient or the pool's manager, not a member nor a stranger;
    // an unknown pool is refused.
    let msg = on_call_msg(&suite, "NY");
    refused(
        &mut suite,
        &doc,
        &msg,
        "unauthorized: the patient or the on-call team's manager required",
    );
    let by_manager = suite.ehr().execute(&a.hospital, &msg).unwrap();
    assert_eq!(attr(&by_manager, "booked_by"), a.hospital.to_string());
    let mut unknown = msg.clone();
    if let ehr::ExecuteMsg::BookOnCallVisit { team_id, .. } = &mut unknown {
        *team_id = 9;
    }
    refused(&mut suite, &a.patient, &unknown, "team 9 not found");
}

#[test]
fn visit_lists_page_by_patient_clinician_and_pool() {
    let World { mut suite, doc, .. } = world();
    let a = suite.actors.clone();
    // 32 visits: 20 with the pool (the doctor takes the even ones), 12 with the clinician.
    let mut pool_visits = vec![];
    for i in 0..32u64 {
        if i < 20 {
            let msg = on_call_msg(&suite, "NY");
            let v = book(&mut suite, &msg);
            if v.is_multiple_of(2) {
                take(&mut suite, &doc, v).unwrap();
            }
            pool_visits.push(v);
        } else {
            let msg = book_msg(&suite, &a.clinician);
            book(&mut suite, &msg);
        }
    }
    let page = |suite: &Suite, msg: ehr::QueryMsg| -> Vec<u64> {
        let r: VisitsResponse = q(suite, &msg).unwrap();
        r.visits.iter().map(|v| v.id).collect()
    };
    let by_patient =
        |start_after: Option<u64>, limit: Option<u32>| ehr::QueryMsg::VisitsByPatient {
            patient: a.patient.to_string(),
            start_after,
            limit,
        };
    assert_eq!(
        page(&suite, by_patient(None, None)),
        (1..=10).collect::<Vec<_>>()
    );
    assert_eq!(
        page(&suite, by_patient(None, Some(500))).len(),
        30,
        "at most 30"
    );
    assert_eq!(page(&suite, by_patient(Some(30), Some(30))), vec![31, 32]);
    let doc_visits = page(
        &suite,
        ehr::QueryMsg::VisitsByClinician {
            clinician: doc.to_string(),
            start_after: None,
            limit: Some(30),
        },
    );
    assert_eq!(doc_visits, (2..=20).step_by(2).collect::<Vec<_>>());
    let clinician_visits = page(
        &suite,
        ehr::QueryMsg::VisitsByClinician {
            clinician: a.clinician.to_string(),
            start_after: Some(25),
            limit: None,
        },
    );
    assert_eq!(clinician_visits, (26..=32).collect::<Vec<_>>());
    let queue = page(
        &suite,
        ehr::QueryMsg::VisitsByTeam {
            team_id: POOL,
            start_after: Some(10),
            limit: Some(5),
        },
    );
    assert_eq!(queue, vec![11, 12, 13, 14, 15]);
    let r: VisitsResponse = q(
        &suite,
        &ehr::QueryMsg::VisitsByTeam {
            team_id: POOL,
            start_after: Some(10),
            limit: Some(2),
        },
    )
    .unwrap();
    assert_eq!(
        r.visits
            .iter()
            .map(|v| v.clinician.clone())
            .collect::<Vec<_>>(),
        vec![None, Some(doc.clone())],
        "the queue shows which visits are still waiting"
    );
    assert_eq!(pool_visits.len(), 20);
    // A malformed address is refused.
    assert!(q::<VisitsResponse>(
        &suite,
        &ehr::QueryMsg::VisitsByPatient {
            patient: "not-an-address".into(),
            start_after: None,
            limit: None,
        },
    )
    .is_err());
}

fn anchor_msg(doc: &[u8], visit_id: Option<u64>, suite: &Suite) -> dp::ExecuteMsg {
    dp::ExecuteMsg::AnchorPrescription {
        erx_hash: Sha256Hash::digest(doc),
        visit_id,
        fills_written: 1,
        expires_at: suite.now().plus_days(30),
    }
}

fn anchor(
    suite: &mut Suite,
    sender: &Addr,
    doc: &[u8],
    visit_id: Option<u64>,
) -> StdResult<AppResponse> {
    let msg = anchor_msg(doc, visit_id, suite);
    suite.drug().execute(sender, &msg)
}

/// Anchors as `sender` and asserts it is refused with `expected`, drug-provenance unchanged.
fn anchor_refused(
    suite: &mut Suite,
    sender: &Addr,
    doc: &[u8],
    visit_id: Option<u64>,
    expected: &str,
) {
    let drug = suite.drug_addr.clone();
    let before = suite.snapshot(&drug);
    // The whole error: ehr-registry's answer is nested in drug-provenance's.
    let e = anchor(suite, sender, doc, visit_id)
        .expect_err("must be refused")
        .to_string();
    assert!(e.contains(expected), "{e} / {expected}");
    assert!(suite.snapshot(&drug) == before);
}

#[test]
fn a_prescription_naming_a_visit_is_anchored_only_by_its_clinician_within_its_window() {
    let World { mut suite, doc, .. } = world();
    let a = suite.actors.clone();
    // The doctor's on-call visit, taken and under way.
    let v = consented_pool_visit(&mut suite);
    take(&mut suite, &doc, v).unwrap();
    // Another member of the pool, a registered prescriber, names the doctor's visit.
    anchor_refused(
        &mut suite,
        &a.clinician,
        b"erx-rival",
        Some(v),
        &format!(
            "prescription refused: visit {v} was not held by {}",
            a.clinician
        ),
    );
    // A visit that does not exist.
    anchor_refused(
        &mut suite,
        &doc,
        b"erx-404",
        Some(404),
        "prescription refused: visit 404 could not be read from ehr-registry: ",
    );
    anchor_refused(
        &mut suite,
        &doc,
        b"erx-404",
        Some(404),
        "visit 404 not found",
    );
    // Someone else's visit: the clinician's own named visit, not consented yet.
    let named_msg = book_msg(&suite, &a.clinician);
    let named = book(&mut suite, &named_msg);
    anchor_refused(
        &mut suite,
        &doc,
        b"erx-other",
        Some(named),
        &format!("prescription refused: visit {named} was not held by {doc}"),
    );
    // Its own clinician, but before the visit starts and before any consent.
    anchor_refused(
        &mut suite,
        &a.clinician,
        b"erx-early",
        Some(named),
        &format!("prescription refused: visit {named} was never consented"),
    );
    consent(&mut suite, named).unwrap();
    anchor_refused(
        &mut suite,
        &a.clinician,
        b"erx-early",
        Some(named),
        &format!("prescription refused: visit {named} ran from"),
    );
    // An on-call visit nobody has taken has no prescriber.
    let waiting = consented_pool_visit(&mut suite);
    anchor_refused(
        &mut suite,
        &doc,
        b"erx-waiting",
        Some(waiting),
        &format!("prescription refused: visit {waiting} was not held by {doc}"),
    );
    // During the visit: anchored, with the visit id.
    let r = anchor(&mut suite, &doc, b"erx-during", Some(v)).unwrap();
    assert_eq!(attr(&r, "visit_id"), v.to_string());
    // After the hang-up, within 24 h (an e-Rx sent after the call): anchored; later: refused.
    suite
        .ehr()
        .execute(&doc, &ehr::ExecuteMsg::EndVisit { visit_id: v })
        .unwrap();
    suite.advance_seconds(24 * 3600);
    anchor(&mut suite, &doc, b"erx-after", Some(v)).unwrap();
    suite.advance_seconds(5);
    anchor_refused(
        &mut suite,
        &doc,
        b"erx-long-after",
        Some(v),
        &format!("prescription refused: visit {v} ran from"),
    );
    // In person (no visit named): no visit check.
    anchor(&mut suite, &doc, b"erx-in-person", None).unwrap();
}

#[test]
fn without_an_ehr_registry_a_prescription_naming_a_visit_is_refused() {
    let World { mut suite, doc, .. } = world();
    let a = suite.actors.clone();
    let v = consented_pool_visit(&mut suite);
    take(&mut suite, &doc, v).unwrap();
    // A drug-provenance instantiated without the handle.
    let code = suite.code_ids[1];
    let drug = suite
        .app
        .instantiate_contract(
            code,
            a.owner.clone(),
            &dp::InstantiateMsg {
                owner: None,
                ehr_registry: None,
            },
            &[],
            "drug-provenance (unwired)",
            None,
        )
        .unwrap();
    let exec = |suite: &mut Suite, sender: &Addr, msg: &dp::ExecuteMsg| {
        suite
            .app
            .execute_contract(sender.clone(), drug.clone(), msg, &[])
    };
    let prescriber = dp::ExecuteMsg::SetPrescriber {
        address: doc.to_string(),
        license_id: "NPI-1093817465".into(),
        license_expiry: suite.now().plus_days(365),
        active: true,
    };
    exec(&mut suite, &a.owner, &prescriber).unwrap();
    let cfg: DrugConfigResponse = suite
        .app
        .wrap()
        .query_wasm_smart(&drug, &dp::QueryMsg::Config {})
        .unwrap();
    assert_eq!(cfg.ehr_registry, None);
    let with_visit = anchor_msg(b"erx-unwired", Some(v), &suite);
    let before = suite.snapshot(&drug);
    assert_eq!(
        root_error(&exec(&mut suite, &doc, &with_visit).unwrap_err()),
        "no ehr-registry is configured: a prescription naming a visit cannot be checked"
    );
    assert!(suite.snapshot(&drug) == before);
    // In person: fine.
    let in_person = anchor_msg(b"erx-unwired-in-person", None, &suite);
    exec(&mut suite, &doc, &in_person).unwrap();
    // Only the owner sets the handle; a malformed address is refused.
    let set = |addr: &str| {
        dp::ExecuteMsg::UpdateConfig(dp::ConfigUpdate {
            ehr_registry: Some(addr.to_string()),
            ..Default::default()
        })
    };
    let ehr_addr = suite.ehr_addr.to_string();
    for who in [&a.stranger, &a.regulator, &doc] {
        assert!(exec(&mut suite, who, &set(&ehr_addr)).is_err());
    }
    assert!(exec(&mut suite, &a.owner, &set("not-an-address")).is_err());
    assert!(exec(&mut suite, &a.owner, &set(&ehr_addr.to_uppercase())).is_err());
    let r = exec(&mut suite, &a.owner, &set(&ehr_addr)).unwrap();
    assert_eq!(attr(&r, "ehr_registry"), ehr_addr);
    // Wired: the visit is checked, and the doctor's prescription is anchored.
    exec(&mut suite, &doc, &with_visit).unwrap();
    let unknown = anchor_msg(b"erx-unknown-unwired", Some(404), &suite);
    assert!(exec(&mut suite, &doc, &unknown)
        .unwrap_err()
        .to_string()
        .contains("prescription refused: visit 404 could not be read"));
}

#[test]
fn the_patient_hangs_up_a_waiting_pool_visit_and_the_pool_loses_access_at_once() {
    let World {
        mut suite,
        doc,
        chart,
    } = world();
    let a = suite.actors.clone();
    let v = consented_pool_visit(&mut suite);
    assert!(reads(&suite, &doc, chart, true).allowed);
    // A member cannot hang up a visit it has not taken; the patient can.
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::EndVisit { visit_id: v },
        "unauthorized: the visit's patient or clinician required",
    );
    let ended = suite
        .ehr()
        .execute(&a.patient, &ehr::ExecuteMsg::EndVisit { visit_id: v })
        .unwrap();
    assert_eq!(attr(&ended, "reason"), "patient_withdrew");
    assert!(!reads(&suite, &doc, chart, true).allowed);
    assert!(!reads(&suite, &a.clinician, chart, true).allowed);
    let info = visit(&suite, v);
    assert_eq!(
        (info.status, info.access_open, info.clinician),
        (VisitStatus::Ended, false, None)
    );
    refused(
        &mut suite,
        &doc,
        &ehr::ExecuteMsg::TakeVisit { visit_id: v },
        &format!("visit {v} is over"),
    );
}
