//! Remote patient monitoring devices, from the attacker's side: who may enroll a device, which
//! device may submit whose readings, when, and what a device may never do.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod common;

use common::*;
use cosmwasm_std::{Addr, Timestamp};
use cw_health_types::ehr_registry::{
    DecisionReason, DelegateRelationship, ExecuteMsg, PartyInfo, PartyRole, QueryMsg, Scope,
};
use cw_health_types::rpm::{
    day_of, DeviceEnrollmentInfo, DeviceEnrollmentsResponse, DeviceReadingDaysResponse,
    ReadingInfo, DAY_SECS, MAX_READING_AGE_SECS,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};

const MONTH: u64 = 30 * DAY_SECS;

/// A salted UDI hash, as the RPM program computes it off chain.
fn udi_hash(tag: &str) -> String {
    Sha256Hash::digest(format!("salt|(01)00812345678901(21){tag}").as_bytes())
        .as_str()
        .to_string()
}

fn register_device(s: &mut Suite, name: &str) -> Addr {
    let device = s.app.api().addr_make(name);
    let authority = s.authority.clone();
    s.exec(
        &authority,
        &ExecuteMsg::RegisterParty {
            address: device.to_string(),
            identifier: udi_hash(name),
            role: PartyRole::Device,
            license_expiry: s.now().plus_seconds(2 * 365 * DAY_SECS),
        },
    )
    .unwrap();
    device
}

fn enroll_msg(patient: &Addr, device: &Addr, clinician: &Addr, ends_at: Timestamp) -> ExecuteMsg {
    ExecuteMsg::EnrollDevice {
        patient: patient.to_string(),
        device: device.to_string(),
        ordering_clinician: clinician.to_string(),
        ends_at,
    }
}

fn reading_msg(patient: &Addr, tag: &str, taken_at: Timestamp) -> ExecuteMsg {
    ExecuteMsg::SubmitReading {
        patient: patient.to_string(),
        reading_hash: Sha256Hash::digest(tag.as_bytes()),
        taken_at,
        uri: None,
    }
}

/// alice enrolls `bp-cuff` on dr_smith's order for 90 days.
fn setup() -> (Suite, Addr) {
    let mut s = Suite::new();
    let device = register_device(&mut s, "bp-cuff");
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let ends = s.now().plus_seconds(3 * MONTH);
    s.exec(&alice, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    (s, device)
}

fn days(s: &Suite, patient: &Addr, device: &Addr, from: u64, to: u64) -> DeviceReadingDaysResponse {
    s.query(&QueryMsg::DeviceReadingDays {
        patient: patient.to_string(),
        device: device.to_string(),
        from_day: from,
        to_day: to,
    })
}

#[test]
fn a_device_party_carries_only_a_hash_of_its_udi() {
    let mut s = Suite::new();
    let device = s.app.api().addr_make("meter");
    let authority = s.authority.clone();
    let err = s.exec_err(
        &authority,
        &ExecuteMsg::RegisterParty {
            address: device.to_string(),
            identifier: "(01)00812345678901(21)SN0042".into(),
            role: PartyRole::Device,
            license_expiry: s.now().plus_seconds(365 * DAY_SECS),
        },
    );
    assert!(err.contains("identifier"), "{err}");
    let device = register_device(&mut s, "meter");
    let info: Option<PartyInfo> = s.query(&QueryMsg::Party {
        address: device.to_string(),
    });
    let info = info.unwrap();
    assert_eq!(info.role, PartyRole::Device);
    assert_eq!(info.identifier.len(), 64);
}

#[test]
fn the_enrolled_device_submits_and_days_are_counted() {
    let (mut s, device) = setup();
    let alice = s.alice.clone();
    let first_day = day_of(s.now());
    for d in 0..3u64 {
        // two readings on each day count as one day
        for r in 0..2u64 {
            let now = s.now();
            s.exec(&device, &reading_msg(&alice, &format!("r{d}-{r}"), now))
                .unwrap();
            s.advance(3600);
        }
        s.advance(DAY_SECS);
    }
    let r = days(&s, &alice, &device, first_day, first_day + 29);
    assert_eq!(r.days, 3);
    assert_eq!(r.ordering_clinician, Some(s.dr_smith.clone()));
    let one: Option<ReadingInfo> = s.query(&QueryMsg::Reading {
        reading_hash: Sha256Hash::digest(b"r0-0"),
    });
    let one = one.unwrap();
    assert_eq!((one.patient, one.device), (alice.clone(), device.clone()));
    // The span is bounded: at most 31 days per question, in order.
    let err = s
        .app
        .wrap()
        .query_wasm_smart::<DeviceReadingDaysResponse>(
            &s.addr,
            &QueryMsg::DeviceReadingDays {
                patient: alice.to_string(),
                device: device.to_string(),
                from_day: first_day,
                to_day: first_day + 31,
            },
        )
        .unwrap_err();
    assert!(err.to_string().contains("day span"), "{err}");
    assert!(s
        .app
        .wrap()
        .query_wasm_smart::<DeviceReadingDaysResponse>(
            &s.addr,
            &QueryMsg::DeviceReadingDays {
                patient: alice.to_string(),
                device: device.to_string(),
                from_day: first_day + 1,
                to_day: first_day,
            },
        )
        .is_err());
    // A device never enrolled for bob reports no clinician and no days.
    let bob = s.bob.clone();
    let r = days(&s, &bob, &device, first_day, first_day + 29);
    assert_eq!((r.ordering_clinician, r.days), (None, 0));
}

#[test]
fn a_stranger_or_an_unregistered_device_cannot_submit() {
    let (mut s, _device) = setup();
    let (alice, stranger) = (s.alice.clone(), s.stranger.clone());
    let now = s.now();
    let err = s.exec_err(&stranger, &reading_msg(&alice, "x", now));
    assert!(err.contains("not a registered device"), "{err}");
    // A clinician (even the ordering one) is not a device.
    let smith = s.dr_smith.clone();
    let err = s.exec_err(&smith, &reading_msg(&alice, "x", now));
    assert!(err.contains("not a registered device"), "{err}");
    // A registered device that alice never enrolled.
    let other = register_device(&mut s, "other-cuff");
    let err = s.exec_err(&other, &reading_msg(&alice, "x", now));
    assert!(err.contains("not enrolled"), "{err}");
}

#[test]
fn a_device_cannot_submit_for_another_patient_nor_serve_two_at_once() {
    let (mut s, device) = setup();
    let (alice, bob, smith) = (s.alice.clone(), s.bob.clone(), s.dr_smith.clone());
    let now = s.now();
    let err = s.exec_err(&device, &reading_msg(&bob, "x", now));
    assert!(err.contains("not enrolled"), "{err}");
    // bob cannot enroll alice's device while her enrollment is in force.
    let ends = now.plus_seconds(MONTH);
    let err = s.exec_err(&bob, &enroll_msg(&bob, &device, &smith, ends));
    assert!(err.contains("enrolled for another patient"), "{err}");
    // Once alice ends it, the device can be reissued to bob: it then submits for bob only.
    s.exec(
        &alice,
        &ExecuteMsg::EndDeviceEnrollment {
            patient: alice.to_string(),
            device: device.to_string(),
        },
    )
    .unwrap();
    s.exec(&bob, &enroll_msg(&bob, &device, &smith, ends))
        .unwrap();
    s.exec(&device, &reading_msg(&bob, "b1", now)).unwrap();
    let err = s.exec_err(&device, &reading_msg(&alice, "a1", now));
    assert!(err.contains("not enrolled"), "{err}");
}

#[test]
fn the_patient_ends_enrollment_at_once() {
    let (mut s, device) = setup();
    let alice = s.alice.clone();
    let now = s.now();
    s.exec(&device, &reading_msg(&alice, "before", now))
        .unwrap();
    // The device cannot end it; a stranger cannot either.
    let stranger = s.stranger.clone();
    let end = ExecuteMsg::EndDeviceEnrollment {
        patient: alice.to_string(),
        device: device.to_string(),
    };
    assert!(s.exec_err(&stranger, &end).contains("unauthorized"));
    assert!(s.exec_err(&device, &end).contains("unauthorized"));
    s.exec(&alice, &end).unwrap();
    let err = s.exec_err(&device, &reading_msg(&alice, "after", now));
    assert!(err.contains("not enrolled"), "{err}");
    // Twice is refused; readings already anchored stay.
    assert!(s.exec_err(&alice, &end).contains("not enrolled"));
    let info: Option<DeviceEnrollmentInfo> = s.query(&QueryMsg::DeviceEnrollment {
        patient: alice.to_string(),
        device: device.to_string(),
    });
    let info = info.unwrap();
    assert!(!info.active);
    assert_eq!(info.ended_by, Some(alice.clone()));
    let day = day_of(now);
    assert_eq!(days(&s, &alice, &device, day, day).days, 1);
}

#[test]
fn the_ordering_clinician_may_discontinue_but_not_another() {
    let (mut s, device) = setup();
    let (alice, smith, jones) = (s.alice.clone(), s.dr_smith.clone(), s.dr_jones.clone());
    let end = ExecuteMsg::EndDeviceEnrollment {
        patient: alice.to_string(),
        device: device.to_string(),
    };
    assert!(s.exec_err(&jones, &end).contains("unauthorized"));
    s.exec(&smith, &end).unwrap();
}

#[test]
fn an_expired_enrollment_or_device_submits_nothing() {
    let mut s = Suite::new();
    let device = register_device(&mut s, "scale");
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let ends = s.now().plus_seconds(DAY_SECS);
    s.exec(&alice, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    s.advance(DAY_SECS);
    let now = s.now();
    let err = s.exec_err(&device, &reading_msg(&alice, "late", now));
    assert!(err.contains("not enrolled"), "{err}");
    // Re-enrolled, but the device's credential is suspended: refused.
    let ends = now.plus_seconds(MONTH);
    s.exec(&alice, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    let authority = s.authority.clone();
    s.exec(
        &authority,
        &ExecuteMsg::UpdateParty {
            address: device.to_string(),
            status: Some(cw_health_types::ehr_registry::PartyStatus::Suspended),
            license_expiry: None,
            reason: cw_health_types::ehr_registry::PartyChangeReason::AdministrativeCorrection,
        },
    )
    .unwrap();
    let err = s.exec_err(&device, &reading_msg(&alice, "suspended", now));
    assert!(err.contains("suspended"), "{err}");
}

#[test]
fn readings_in_the_future_or_beyond_the_late_window_are_refused() {
    let (mut s, device) = setup();
    let alice = s.alice.clone();
    s.advance(4 * DAY_SECS);
    let now = s.now();
    let err = s.exec_err(&device, &reading_msg(&alice, "f", now.plus_seconds(1)));
    assert!(err.contains("out of window"), "{err}");
    let too_old = now.minus_seconds(MAX_READING_AGE_SECS + 1);
    let err = s.exec_err(&device, &reading_msg(&alice, "o", too_old));
    assert!(err.contains("out of window"), "{err}");
    // At the edge of the window: accepted.
    let edge = now.minus_seconds(MAX_READING_AGE_SECS);
    s.exec(&device, &reading_msg(&alice, "edge", edge)).unwrap();
}

#[test]
fn a_duplicate_reading_is_refused() {
    let (mut s, device) = setup();
    let alice = s.alice.clone();
    let now = s.now();
    s.exec(&device, &reading_msg(&alice, "same", now)).unwrap();
    s.advance(DAY_SECS);
    let later = s.now();
    let err = s.exec_err(&device, &reading_msg(&alice, "same", later));
    assert!(err.contains("already anchored"), "{err}");
    // The replay added no day.
    let day = day_of(now);
    assert_eq!(days(&s, &alice, &device, day, day + 1).days, 1);
    // A malformed hash or a locator that is not a URI is refused.
    let err = s.exec_err(
        &device,
        &ExecuteMsg::SubmitReading {
            patient: alice.to_string(),
            reading_hash: Sha256Hash("GLUCOSE 120".into()),
            taken_at: later,
            uri: None,
        },
    );
    assert!(err.contains("reading_hash"), "{err}");
    let err = s.exec_err(
        &device,
        &ExecuteMsg::SubmitReading {
            patient: alice.to_string(),
            reading_hash: Sha256Hash::digest(b"u"),
            taken_at: later,
            uri: Some("glucose reading".into()),
        },
    );
    assert!(err.contains("uri"), "{err}");
}

fn scope(types: Vec<FhirResourceType>, actions: Vec<AccessAction>) -> Scope {
    Scope {
        actions,
        purposes: vec![],
        resource_types: types,
        labels: vec![],
    }
}

#[test]
fn a_delegate_enrolls_only_within_its_scope() {
    let mut s = Suite::new();
    let device = register_device(&mut s, "cuff");
    let (alice, smith) = (s.alice.clone(), s.dr_smith.clone());
    let carol = s.app.api().addr_make("carol");
    let ends = s.now().plus_seconds(MONTH);
    let appoint = |scope: Scope, manage_grants: bool| ExecuteMsg::AppointDelegate {
        delegate: carol.to_string(),
        relationship: DelegateRelationship::Caregiver,
        scope,
        manage_grants,
        expires_at: None,
    };
    // Read-only over observations: outside scope.
    s.exec(
        &alice,
        &appoint(
            scope(
                vec![FhirResourceType::Observation],
                vec![AccessAction::Read],
            ),
            true,
        ),
    )
    .unwrap();
    let err = s.exec_err(&carol, &enroll_msg(&alice, &device, &smith, ends));
    assert!(err.contains("unauthorized"), "{err}");
    // Medications only: outside scope.
    s.exec(
        &alice,
        &appoint(
            scope(vec![FhirResourceType::MedicationRequest], vec![]),
            true,
        ),
    )
    .unwrap();
    let err = s.exec_err(&carol, &enroll_msg(&alice, &device, &smith, ends));
    assert!(err.contains("unauthorized"), "{err}");
    // Observations, but not managing grants: refused.
    s.exec(
        &alice,
        &appoint(scope(vec![FhirResourceType::Observation], vec![]), false),
    )
    .unwrap();
    let err = s.exec_err(&carol, &enroll_msg(&alice, &device, &smith, ends));
    assert!(err.contains("unauthorized"), "{err}");
    // Within scope: allowed, for alice only (not for bob, whose delegate carol is not).
    s.exec(
        &alice,
        &appoint(scope(vec![FhirResourceType::Observation], vec![]), true),
    )
    .unwrap();
    s.exec(&carol, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    let bob = s.bob.clone();
    let other = register_device(&mut s, "cuff-2");
    let err = s.exec_err(&carol, &enroll_msg(&bob, &other, &smith, ends));
    assert!(err.contains("unauthorized"), "{err}");
    let list: DeviceEnrollmentsResponse = s.query(&QueryMsg::DeviceEnrollments {
        patient: alice.to_string(),
        start_after: None,
        limit: None,
    });
    assert_eq!(list.enrollments.len(), 1);
    assert_eq!(list.enrollments[0].enrolled_by, carol);
}

#[test]
fn enrollment_needs_a_device_a_clinician_and_a_bounded_end() {
    let mut s = Suite::new();
    let device = register_device(&mut s, "cuff");
    let (alice, smith, hospital, stranger) = (
        s.alice.clone(),
        s.dr_smith.clone(),
        s.hospital.clone(),
        s.stranger.clone(),
    );
    let ends = s.now().plus_seconds(MONTH);
    // A stranger cannot enroll a device for alice.
    let err = s.exec_err(&stranger, &enroll_msg(&alice, &device, &smith, ends));
    assert!(err.contains("unauthorized"), "{err}");
    // The "device" must be a device party; the orderer a clinician.
    let err = s.exec_err(&alice, &enroll_msg(&alice, &smith, &smith, ends));
    assert!(err.contains("not a registered device"), "{err}");
    let err = s.exec_err(&alice, &enroll_msg(&alice, &device, &hospital, ends));
    assert!(err.contains("not a registered clinician"), "{err}");
    let now = s.now();
    let err = s.exec_err(&alice, &enroll_msg(&alice, &device, &smith, now));
    assert!(err.contains("enrollment end"), "{err}");
    let far = now.plus_seconds(366 * DAY_SECS);
    let err = s.exec_err(&alice, &enroll_msg(&alice, &device, &smith, far));
    assert!(err.contains("enrollment end"), "{err}");
    // Enrolling again while in force is refused only for another patient; for the same
    // patient it replaces the enrollment (a renewal).
    s.exec(&alice, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    s.exec(
        &alice,
        &enroll_msg(&alice, &device, &smith, ends.plus_seconds(10)),
    )
    .unwrap();
}

#[test]
fn a_device_never_reads_records_nor_receives_a_grant() {
    let (mut s, device) = setup();
    let alice = s.alice.clone();
    let rec = s.add_record(&alice, FhirResourceType::Observation, &[]);
    let err = s
        .grant(&alice, address(&device), permit(), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("never receives access"), "{err}");
    let err = s
        .grant(&alice, role(PartyRole::Device), permit(), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("never receives access"), "{err}");
    // Even appointed as a delegate, the device reads nothing and writes no record.
    s.exec(
        &alice,
        &ExecuteMsg::AppointDelegate {
            delegate: device.to_string(),
            relationship: DelegateRelationship::Caregiver,
            scope: scope(vec![], vec![]),
            manage_grants: false,
            expires_at: None,
        },
    )
    .unwrap();
    let d = s.read(&alice, &device, PurposeOfUse::Treatment, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::DeviceNeverAccesses);
    let err = s.exec_err(
        &device,
        &ExecuteMsg::AddRecord {
            patient: alice.to_string(),
            content: content("obs"),
            resource_type: FhirResourceType::Observation,
            labels: vec![],
            data_period: None,
        },
    );
    assert!(
        err.contains("denied") || err.contains("unauthorized"),
        "{err}"
    );
}

#[test]
fn a_reissued_device_cannot_carry_readings_across_patients_or_orders() {
    let (mut s, device) = setup();
    let (alice, bob, smith, jones) = (
        s.alice.clone(),
        s.bob.clone(),
        s.dr_smith.clone(),
        s.dr_jones.clone(),
    );
    let first_day = day_of(s.now());
    for d in 0..3u64 {
        let now = s.now();
        s.exec(&device, &reading_msg(&alice, &format!("a{d}"), now))
            .unwrap();
        s.advance(DAY_SECS);
    }
    // A renewal by alice with the same clinician keeps its days.
    let ends = s.now().plus_seconds(6 * MONTH);
    s.exec(&alice, &enroll_msg(&alice, &device, &smith, ends))
        .unwrap();
    let today = day_of(s.now());
    assert_eq!(days(&s, &alice, &device, first_day, today).days, 3);
    // Re-ordered by another clinician: the earlier days are not the new order's.
    s.exec(&alice, &enroll_msg(&alice, &device, &jones, ends))
        .unwrap();
    let r = days(&s, &alice, &device, first_day, today);
    assert_eq!((r.days, r.ordering_clinician), (0, Some(jones.clone())));
    // Reissued to bob an hour after alice ends: a reading taken while it was alice's (still
    // within the late-upload window) is refused for bob.
    let taken_for_alice = s.now();
    s.exec(
        &alice,
        &ExecuteMsg::EndDeviceEnrollment {
            patient: alice.to_string(),
            device: device.to_string(),
        },
    )
    .unwrap();
    s.advance(3600);
    let ends = s.now().plus_seconds(MONTH);
    s.exec(&bob, &enroll_msg(&bob, &device, &smith, ends))
        .unwrap();
    let err = s.exec_err(&device, &reading_msg(&bob, "carried", taken_for_alice));
    assert!(err.contains("before the device's enrollment"), "{err}");
    let now = s.now();
    s.exec(&device, &reading_msg(&bob, "b0", now)).unwrap();
}
