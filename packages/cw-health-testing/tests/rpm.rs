//! Remote patient monitoring across the suite: the credentialing authority registers a home
//! blood-pressure cuff as a device party (a salted hash of its UDI, nothing else); the patient
//! enrolls it on the clinician's order; the cuff anchors a reading a day (hashes only: the
//! chain never learns it is a blood-pressure cuff); the clinician bills the device supply
//! (CPT 99454, at least 16 reading days in 30) and is paid once for the period.
//!
//! Then, from the attacker's side: a stranger or unregistered device submits; the device
//! submits for another patient; after the patient ends the enrollment; a future or too-late
//! reading; a replay; a delegate outside its scope enrolls; a claim with 15 days; a second
//! claim in the same period; a device not enrolled for that member named on the claim; a
//! provider who did not order the monitoring; and the plan's rules set by a stranger.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, StdResult, Timestamp, Uint128};
use cw_health_testing::claims::{benefit, claim, line, standard_plan, void_of};
use cw_health_testing::ehr::permit;
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::claims_engine::{self as ce, Claim, ClaimStatus, CostShare, LineStatus};
use cw_health_types::ehr_registry::{self as ehr, DelegateRelationship, PartyRole, Scope};
use cw_health_types::rpm::{
    day_of, DeviceReadingDaysResponse, RpmDeviceCode, RpmRules, RpmRulesResponse, DAY_SECS,
    MAX_READING_AGE_SECS,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_multi_test::{AppResponse, IntoAddr};

/// The suite with: the plan (99454 fee 60 and 99445 fee 30, no deductible, 20% coinsurance;
/// RPM rules 99454 >= 16 days, 99445 >= 2 days, 30-day period), funded, the patient enrolled;
/// the cuff registered and enrolled by the patient on the clinician's order; the clinician's
/// monitoring record (read and written under the patient's treatment grant).
struct World {
    suite: Suite,
    plan: u64,
    cuff: Addr,
    record: u64,
}

fn udi_hash(serial: &str) -> String {
    Sha256Hash::digest(format!("program-salt|(01)00812345678901(21){serial}").as_bytes())
        .as_str()
        .to_string()
}

fn register_device(suite: &mut Suite, name: &str) -> Addr {
    let device = name.into_addr();
    let authority = suite.actors.credentialing.clone();
    let license_expiry = suite.now().plus_days(3 * 365);
    suite
        .ehr()
        .execute(
            &authority,
            &ehr::ExecuteMsg::RegisterParty {
                address: device.to_string(),
                identifier: udi_hash(name),
                role: PartyRole::Device,
                license_expiry,
            },
        )
        .unwrap();
    device
}

fn enroll(
    suite: &mut Suite,
    sender: &Addr,
    patient: &Addr,
    device: &Addr,
) -> StdResult<AppResponse> {
    let clinician = suite.actors.clinician.clone();
    let ends_at = suite.now().plus_days(180);
    suite.ehr().execute(
        sender,
        &ehr::ExecuteMsg::EnrollDevice {
            patient: patient.to_string(),
            device: device.to_string(),
            ordering_clinician: clinician.to_string(),
            ends_at,
        },
    )
}

fn rules() -> RpmRules {
    RpmRules {
        device_codes: vec![
            RpmDeviceCode {
                code: "99454".into(),
                min_reading_days: 16,
            },
            RpmDeviceCode {
                code: "99445".into(),
                min_reading_days: 2,
            },
        ],
        period_days: 30,
    }
}

fn world() -> World {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let start = suite.now();
    let mut plan_input = standard_plan(start, &a.adjuster);
    for (code, fee) in [("99454", 60), ("99445", 30)] {
        let mut b = benefit(code, fee, CostShare::Coinsurance { bps: 2_000 });
        b.deductible_applies = false;
        plan_input.benefits.push(b);
    }
    let plan = suite.claims().create_plan(&a.insurer, plan_input).unwrap();
    suite.claims().fund_pool(&a.insurer, plan, 100_000).unwrap();
    suite
        .claims()
        .enroll(&a.insurer, plan, &a.patient, "FAM-1", start)
        .unwrap();
    suite
        .claims()
        .execute(
            &a.insurer,
            &ce::ExecuteMsg::SetRpmRules {
                plan_id: plan,
                rules: Some(rules()),
            },
        )
        .unwrap();
    let cuff = register_device(&mut suite, "bp-cuff-0042");
    enroll(&mut suite, &a.patient, &a.patient, &cuff).unwrap();
    let mut p = permit(
        &[AccessAction::Read, AccessAction::Write],
        &[PurposeOfUse::Treatment],
    );
    p.resource_types = vec![FhirResourceType::Observation];
    suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.clinician, p, None)
        .unwrap();
    let record = suite
        .ehr()
        .add_record(
            &a.clinician,
            &a.patient,
            "CarePlan/rpm-order",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    World {
        suite,
        plan,
        cuff,
        record,
    }
}

fn reading(patient: &Addr, tag: &str, taken_at: Timestamp) -> ehr::ExecuteMsg {
    ehr::ExecuteMsg::SubmitReading {
        patient: patient.to_string(),
        reading_hash: Sha256Hash::digest(format!("salt|{tag}").as_bytes()),
        taken_at,
        uri: Some(format!(
            "https://gateway.example.org/d/{}",
            &Sha256Hash::digest(tag.as_bytes()).as_str()[..24]
        )),
    }
}

/// The device anchors one reading a day for `days` days (advancing a day after each).
fn daily_readings(suite: &mut Suite, device: &Addr, patient: &Addr, tag: &str, days: u64) {
    for d in 0..days {
        let now = suite.now();
        suite
            .ehr()
            .execute(device, &reading(patient, &format!("{tag}-{d}"), now))
            .unwrap();
        if d + 1 < days {
            suite.advance_seconds(DAY_SECS);
        }
    }
}

fn reading_days(suite: &Suite, patient: &Addr, device: &Addr, to: Timestamp) -> u32 {
    let to_day = day_of(to);
    let r: DeviceReadingDaysResponse = suite.ehr_query(&ehr::QueryMsg::DeviceReadingDays {
        patient: patient.to_string(),
        device: device.to_string(),
        from_day: to_day - 29,
        to_day,
    });
    r.days
}

trait EhrQuery {
    fn ehr_query<T: serde::de::DeserializeOwned>(&self, msg: &ehr::QueryMsg) -> T;
}

impl EhrQuery for Suite {
    fn ehr_query<T: serde::de::DeserializeOwned>(&self, msg: &ehr::QueryMsg) -> T {
        self.app
            .wrap()
            .query_wasm_smart(&self.ehr_addr, msg)
            .unwrap()
    }
}

/// A device-supply claim for `code` naming `device`, at 100, on `dos`.
fn rpm_claim(
    plan: u64,
    patient: &Addr,
    dos: Timestamp,
    record: u64,
    code: &str,
    device: Option<&Addr>,
) -> ce::ClaimSubmission {
    let mut l = line(code, 1, 100);
    l.device = device.map(|d| d.to_string());
    let mut c = claim(plan, patient, dos, record, vec![l]);
    c.diagnoses = vec!["I10".into()];
    c.place_of_service = Some("11".into());
    c
}

fn denial(c: &Claim) -> (String, String, Option<String>) {
    let a = &c.lines[0].adjustments[0];
    (a.group.code().to_string(), a.reason.code(), a.rarc.clone())
}

fn err(r: StdResult<AppResponse>) -> String {
    root_error(&r.expect_err("must be refused"))
}

#[test]
fn a_monitored_month_is_paid_once_on_its_reading_days() {
    let World {
        mut suite,
        plan,
        cuff,
        record,
    } = world();
    let a = suite.actors.clone();

    // 1. What the chain shows of the device: a role and a 64-hex hash, never the UDI or kind.
    let party: Option<ehr::PartyInfo> = suite.ehr_query(&ehr::QueryMsg::Party {
        address: cuff.to_string(),
    });
    let party = party.unwrap();
    assert_eq!(party.role, PartyRole::Device);
    assert_eq!(party.identifier, udi_hash("bp-cuff-0042"));

    // 2. Fifteen days of readings: 99454 (>= 16 days) is denied CO-16 M53.
    daily_readings(&mut suite, &cuff, &a.patient, "bp", 15);
    let day15 = suite.now();
    assert_eq!(reading_days(&suite, &a.patient, &cuff, day15), 15);
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, day15, record, "99454", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(denial(&c), ("CO".into(), "16".into(), Some("M53".into())));

    // 3. The sixteenth day: paid once, allowed 60, the plan pays 48, the member owes 12.
    suite.advance_seconds(DAY_SECS);
    let now = suite.now();
    suite
        .ehr()
        .execute(&cuff, &reading(&a.patient, "bp-15", now))
        .unwrap();
    assert_eq!(reading_days(&suite, &a.patient, &cuff, now), 16);
    let before = suite.balance(&a.clinician);
    let paid = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, now, record, "99454", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    assert_eq!(
        (
            paid.lines[0].status,
            paid.lines[0].allowed,
            paid.lines[0].paid
        ),
        (LineStatus::Paid, Uint128::new(60), Uint128::new(48))
    );
    assert!(paid.lines[0].effects.rpm_period);
    assert_eq!(paid.lines[0].device, Some(cuff.clone()));
    assert_eq!(suite.balance(&a.clinician), before + Uint128::new(48));

    // 4. A second device supply in the same period (99454 again ten days later, or 99445):
    //    CO-119, nothing paid.
    daily_readings(&mut suite, &cuff, &a.patient, "bp2", 10);
    let later = suite.now();
    for code in ["99454", "99445"] {
        let c = suite
            .claims()
            .submit(
                &a.clinician,
                rpm_claim(plan, &a.patient, later, record, code, Some(&cuff)),
            )
            .unwrap();
        assert_eq!(c.status, ClaimStatus::Denied, "{code}");
        assert_eq!(denial(&c), ("CO".into(), "119".into(), None), "{code}");
    }
    // So is a service date before the paid one, within the period.
    let earlier = now.minus_seconds(5 * DAY_SECS);
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, earlier, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(denial(&c), ("CO".into(), "119".into(), None));

    // 5. The next period (30 days after the paid one), with 2 reading days in it: 99445 paid.
    suite.advance_seconds(20 * DAY_SECS);
    daily_readings(&mut suite, &cuff, &a.patient, "bp3", 2);
    let next = suite.now();
    assert!(day_of(next) - day_of(now) >= 30);
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, next, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    assert_eq!(c.lines[0].paid, Uint128::new(24));

    // 6. The RPM rules, as the plan publishes them.
    let r: RpmRulesResponse = suite
        .claims()
        .query(&ce::QueryMsg::RpmRules { plan_id: plan })
        .unwrap();
    assert_eq!(r.rules, Some(rules()));

    // 7. The device reads nothing: the patient's chart is closed to it, and nothing of the
    //    readings appears in the accounting of disclosures (they are the patient's own data).
    let d = suite
        .ehr()
        .check_read(&a.patient, &cuff, PurposeOfUse::Treatment, record)
        .unwrap();
    assert!(!d.allowed);
    assert_eq!(d.reason, ehr::DecisionReason::DeviceNeverAccesses);
    let end = suite.now();
    let log = suite
        .ehr()
        .accounting(&a.patient, Timestamp::from_seconds(0), end)
        .unwrap();
    assert!(log.disclosures.iter().all(|x| x.actor != cuff));
}

#[test]
fn a_void_releases_the_period() {
    let World {
        mut suite,
        plan,
        cuff,
        record,
    } = world();
    let a = suite.actors.clone();
    daily_readings(&mut suite, &cuff, &a.patient, "bp", 16);
    let dos = suite.now();
    let paid = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, dos, record, "99454", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    let blocked = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, dos, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(denial(&blocked), ("CO".into(), "119".into(), None));
    suite
        .claims()
        .submit(
            &a.clinician,
            void_of(plan, &a.patient, dos, record, paid.id),
        )
        .unwrap();
    // The corrected claim is paid: the void gave the period back.
    let again = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, dos, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(again.status, ClaimStatus::Paid);
}

#[test]
fn a_claim_naming_a_device_not_enrolled_for_the_member_is_denied() {
    let World {
        mut suite,
        plan,
        cuff,
        record,
    } = world();
    let a = suite.actors.clone();
    // The spouse's scale, enrolled for the spouse, submits its own readings.
    let scale = register_device(&mut suite, "scale-0007");
    enroll(&mut suite, &a.spouse, &a.spouse, &scale).unwrap();
    for d in 0..16u64 {
        let now = suite.now();
        suite
            .ehr()
            .execute(&scale, &reading(&a.spouse, &format!("w-{d}"), now))
            .unwrap();
        suite
            .ehr()
            .execute(&cuff, &reading(&a.patient, &format!("bp-{d}"), now))
            .unwrap();
        if d < 15 {
            suite.advance_seconds(DAY_SECS);
        }
    }
    let dos = suite.now();
    // The patient's claim naming the spouse's scale, or no device: CO-252 M127.
    for device in [Some(&scale), None] {
        let c = suite
            .claims()
            .submit(
                &a.clinician,
                rpm_claim(plan, &a.patient, dos, record, "99454", device),
            )
            .unwrap();
        assert_eq!(c.status, ClaimStatus::Denied);
        assert_eq!(denial(&c), ("CO".into(), "252".into(), Some("M127".into())));
    }
    // A clinician who did not order the monitoring, billing on their own record of the
    // patient (which supports their other services: an office visit is paid), cannot bill the
    // cuff's readings.
    let mut p = permit(
        &[AccessAction::Read, AccessAction::Write],
        &[PurposeOfUse::Treatment],
    );
    p.resource_types = vec![FhirResourceType::Observation];
    suite
        .ehr()
        .grant_access(&a.patient, &a.patient, &a.er_clinician, p, None)
        .unwrap();
    let own = suite
        .ehr()
        .add_record(
            &a.er_clinician,
            &a.patient,
            "Observation/er-note",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    // (the suite's `submit` names the suite's clinician as rendering provider: the ER clinician
    // renders this visit itself)
    let mut own_visit = claim(plan, &a.patient, dos, own, vec![line("99213", 1, 200)]);
    own_visit.rendering_provider = Some(a.er_clinician.to_string());
    let visit = suite.claims().submit(&a.er_clinician, own_visit).unwrap();
    assert_eq!(visit.status, ClaimStatus::Paid);
    // (submitted as given: the suite's `submit` would name the ordering clinician as the
    // rendering provider)
    let resp = suite
        .claims()
        .execute(
            &a.er_clinician,
            &ce::ExecuteMsg::SubmitClaim(rpm_claim(
                plan,
                &a.patient,
                dos,
                own,
                "99454",
                Some(&cuff),
            )),
        )
        .unwrap();
    let id = resp
        .events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|x| x.key == "claim_id")
        .unwrap()
        .value
        .parse()
        .unwrap();
    let c = suite.claims().claim(id).unwrap();
    assert_eq!(c.status, ClaimStatus::Denied);
    assert_eq!(denial(&c), ("CO".into(), "252".into(), Some("M127".into())));
    // The clinician who ordered it, naming the cuff: paid.
    let c = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, dos, record, "99454", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(c.status, ClaimStatus::Paid);
    // A device address that is not an address is refused at submission.
    let mut bad = rpm_claim(plan, &a.patient, dos, record, "99454", None);
    bad.lines[0].device = Some("bp-cuff".into());
    let e = err(suite
        .claims()
        .execute(&a.clinician, &ce::ExecuteMsg::SubmitClaim(bad)));
    assert!(!e.is_empty());
}

#[test]
fn attackers_of_the_device_messages_are_refused() {
    let World {
        mut suite, cuff, ..
    } = world();
    let a = suite.actors.clone();
    let now = suite.now();

    // A stranger, an unregistered "device", the clinician: none is an enrolled device.
    for who in [
        a.stranger.clone(),
        "rogue-cuff".into_addr(),
        a.clinician.clone(),
    ] {
        let e = err(suite.ehr().execute(&who, &reading(&a.patient, "x", now)));
        assert!(e.contains("not a registered device"), "{e}");
    }
    // The cuff for another patient.
    let e = err(suite.ehr().execute(&cuff, &reading(&a.spouse, "x", now)));
    assert!(e.contains("not enrolled"), "{e}");
    // A future reading; one older than the late-upload window.
    let e = err(suite
        .ehr()
        .execute(&cuff, &reading(&a.patient, "f", now.plus_seconds(60))));
    assert!(e.contains("out of window"), "{e}");
    suite.advance_seconds(4 * DAY_SECS);
    let now = suite.now();
    let old = now.minus_seconds(MAX_READING_AGE_SECS + 60);
    let e = err(suite.ehr().execute(&cuff, &reading(&a.patient, "o", old)));
    assert!(e.contains("out of window"), "{e}");
    // A replay of an anchored reading.
    suite
        .ehr()
        .execute(&cuff, &reading(&a.patient, "r", now))
        .unwrap();
    let e = err(suite.ehr().execute(&cuff, &reading(&a.patient, "r", now)));
    assert!(e.contains("already anchored"), "{e}");
    // A delegate whose scope does not cover writing observations cannot enroll a device.
    let carol = "carol".into_addr();
    suite
        .ehr()
        .execute(
            &a.patient,
            &ehr::ExecuteMsg::AppointDelegate {
                delegate: carol.to_string(),
                relationship: DelegateRelationship::Caregiver,
                scope: Scope {
                    actions: vec![AccessAction::Read],
                    purposes: vec![],
                    resource_types: vec![],
                    labels: vec![],
                },
                manage_grants: true,
                expires_at: None,
            },
        )
        .unwrap();
    let glucometer = register_device(&mut suite, "meter-0100");
    let e = err(enroll(&mut suite, &carol, &a.patient, &glucometer));
    assert!(e.contains("unauthorized"), "{e}");
    // The patient ends the enrollment: the next reading is refused at once.
    suite
        .ehr()
        .execute(
            &a.patient,
            &ehr::ExecuteMsg::EndDeviceEnrollment {
                patient: a.patient.to_string(),
                device: cuff.to_string(),
            },
        )
        .unwrap();
    let e = err(suite
        .ehr()
        .execute(&cuff, &reading(&a.patient, "after", now)));
    assert!(e.contains("not enrolled"), "{e}");
    // An expired enrollment: the glucometer, enrolled by the patient for one day.
    let clinician = a.clinician.clone();
    let ends_at = now.plus_seconds(DAY_SECS);
    suite
        .ehr()
        .execute(
            &a.patient,
            &ehr::ExecuteMsg::EnrollDevice {
                patient: a.patient.to_string(),
                device: glucometer.to_string(),
                ordering_clinician: clinician.to_string(),
                ends_at,
            },
        )
        .unwrap();
    suite.advance_seconds(DAY_SECS);
    let now = suite.now();
    let e = err(suite
        .ehr()
        .execute(&glucometer, &reading(&a.patient, "expired", now)));
    assert!(e.contains("not enrolled"), "{e}");
}

#[test]
fn attackers_of_the_rpm_rules_are_refused() {
    let World {
        mut suite, plan, ..
    } = world();
    let a = suite.actors.clone();
    let set = |rules: RpmRules| ce::ExecuteMsg::SetRpmRules {
        plan_id: plan,
        rules: Some(rules),
    };
    // Only the plan's insurer.
    for who in [a.stranger.clone(), a.adjuster.clone(), a.clinician.clone()] {
        assert!(suite.claims().execute(&who, &set(rules())).is_err());
    }
    // A code outside the fee schedule, a threshold beyond the period, a period too long, a
    // code twice, no code.
    let mut r = rules();
    r.device_codes[0].code = "99457".into();
    assert!(err(suite.claims().execute(&a.insurer, &set(r))).contains("fee schedule"));
    let mut r = rules();
    r.device_codes[0].min_reading_days = 31;
    assert!(err(suite.claims().execute(&a.insurer, &set(r))).contains("min_reading_days"));
    let mut r = rules();
    r.period_days = 32;
    assert!(err(suite.claims().execute(&a.insurer, &set(r))).contains("period_days"));
    let mut r = rules();
    r.device_codes[1].code = "99454".into();
    assert!(suite.claims().execute(&a.insurer, &set(r)).is_err());
    let mut r = rules();
    r.device_codes.clear();
    assert!(err(suite.claims().execute(&a.insurer, &set(r))).contains("device_codes"));
    // Cleared: the rules are gone.
    suite
        .claims()
        .execute(
            &a.insurer,
            &ce::ExecuteMsg::SetRpmRules {
                plan_id: plan,
                rules: None,
            },
        )
        .unwrap();
    let r: RpmRulesResponse = suite
        .claims()
        .query(&ce::QueryMsg::RpmRules { plan_id: plan })
        .unwrap();
    assert_eq!(r.rules, None);
}

/// An overturned appeal waives the once-per-period limit (an appealable edit, as the unit
/// limit), never the reading days: a 99454 denied for 15 days stays denied on appeal.
#[test]
fn an_overturned_appeal_waives_the_period_but_never_the_reading_days() {
    let World {
        mut suite,
        plan,
        cuff,
        record,
    } = world();
    let a = suite.actors.clone();
    daily_readings(&mut suite, &cuff, &a.patient, "bp", 15);
    let day15 = suite.now();
    let short = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, day15, record, "99454", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(
        denial(&short),
        ("CO".into(), "16".into(), Some("M53".into()))
    );
    let paid = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, day15, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(paid.status, ClaimStatus::Paid);
    // The 15-day 99454 appealed and overturned: still denied (the days are not there).
    let appeal = suite.claims().appeal(&a.clinician, short.id).unwrap();
    suite
        .claims()
        .decide_appeal(&a.adjuster, appeal, ce::AppealOutcome::Overturned)
        .unwrap();
    let after = suite.claims().claim(short.id).unwrap();
    assert_eq!(after.status, ClaimStatus::Denied);
    assert_eq!(
        denial(&after),
        ("CO".into(), "16".into(), Some("M53".into()))
    );
    // A second 99445 in the period: CO-119; overturned on appeal, it is paid.
    suite.advance_seconds(DAY_SECS);
    let now = suite.now();
    suite
        .ehr()
        .execute(&cuff, &reading(&a.patient, "bp-extra", now))
        .unwrap();
    let second = suite
        .claims()
        .submit(
            &a.clinician,
            rpm_claim(plan, &a.patient, now, record, "99445", Some(&cuff)),
        )
        .unwrap();
    assert_eq!(denial(&second), ("CO".into(), "119".into(), None));
    let appeal = suite.claims().appeal(&a.clinician, second.id).unwrap();
    suite
        .claims()
        .decide_appeal(&a.adjuster, appeal, ce::AppealOutcome::Overturned)
        .unwrap();
    assert_eq!(
        suite.claims().claim(second.id).unwrap().status,
        ClaimStatus::Paid
    );
}
