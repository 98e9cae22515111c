//! Remote patient monitoring: devices as credentialed parties that submit a patient's readings.
//!
//! A device is a party of role `device` (registered by the credentialing authority, its
//! `identifier` a salted hash of its UDI), identified by its own address. The patient (or a
//! delegate managing grants whose scope covers writing `Observation` for treatment) enrolls it
//! for themselves, naming the ordering clinician and an end; the patient can end it at once.
//! Only an enrolled device, its enrollment in force and its party active, anchors readings of
//! that patient: the hash of the payload (never its kind or value), when it was taken (not in
//! the future, at most `MAX_READING_AGE_SECS` old), each hash once. One entry per (patient,
//! device, day) lets a payer count the distinct reading days of a period with one bounded
//! query. A device never reads or writes records (`check_access` denies it, and no grant names
//! it).

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Order, Response, Storage, Timestamp};
use cw_health_types::content::validate_uri;
use cw_health_types::cw_serde_map as cw_serde;
use cw_health_types::ehr_registry::PartyRole;
use cw_health_types::rpm::{
    day_of, DeviceEnrollmentInfo, DeviceEnrollmentsResponse, DeviceReadingDaysResponse,
    ReadingInfo, MAX_DEVICE_ENROLLMENT_SECS, MAX_READING_AGE_SECS, MAX_READING_DAYS_SPAN,
};
use cw_health_types::{clamp_limit, AccessAction, FhirResourceType, PurposeOfUse, Sha256Hash};
use cw_storage_plus::{Bound, Map};

use crate::error::ContractError;
use crate::state::{DELEGATES, PARTIES, PATIENTS};

/// A device's enrollment as stored.
#[cw_serde]
pub struct Enrollment {
    pub ordering_clinician: Addr,
    pub enrolled_by: Addr,
    pub enrolled_at: Timestamp,
    pub ends_at: Timestamp,
    pub ended_at: Option<Timestamp>,
    pub ended_by: Option<Addr>,
}

impl Enrollment {
    /// Not ended early and not past its end at `now`.
    pub fn in_force(&self, now: Timestamp) -> bool {
        self.ended_at.is_none() && now < self.ends_at
    }
}

/// A reading as stored (by hash).
#[cw_serde]
pub struct Reading {
    pub patient: Addr,
    pub device: Addr,
    pub taken_at: Timestamp,
    pub received_at: Timestamp,
    pub uri: Option<String>,
}

/// (patient, device) -> the device's current or last enrollment for the patient.
pub const ENROLLMENTS: Map<(&Addr, &Addr), Enrollment> = Map::new("rpm_enroll");
/// device -> the patient of its current or last enrollment (one patient at a time).
pub const DEVICE_PATIENT: Map<&Addr, Addr> = Map::new("rpm_device_patient");
/// reading hash -> the reading (each hash anchored once).
pub const READINGS: Map<&str, Reading> = Map::new("rpm_readings");
/// (patient, device, UTC day) -> readings anchored that day.
pub const READING_DAYS: Map<(&Addr, &Addr, u64), u32> = Map::new("rpm_days");

/// Refuses unless `address` is an active party of `role`.
fn assert_active_role(
    storage: &dyn Storage,
    now: Timestamp,
    address: &Addr,
    role: PartyRole,
    what: &'static str,
) -> Result<(), ContractError> {
    match PARTIES.may_load(storage, address)? {
        Some(p) if p.role == role && p.is_active(now) => Ok(()),
        Some(p) if p.role == role => Err(ContractError::PartyNotActive {
            address: address.to_string(),
        }),
        _ => Err(ContractError::WrongRole {
            address: address.to_string(),
            role: what,
        }),
    }
}

/// The patient, or an active delegate managing grants whose scope covers writing
/// `Observation` for treatment (and not itself an inactive party).
fn assert_patient_or_scoped_delegate(
    storage: &dyn Storage,
    now: Timestamp,
    sender: &Addr,
    patient: &Addr,
) -> Result<(), ContractError> {
    if sender == patient {
        return Ok(());
    }
    let covers = |d: &crate::state::Delegate| {
        let s = &d.scope;
        d.manage_grants
            && d.is_active(now)
            && (s.actions.is_empty() || s.actions.contains(&AccessAction::Write))
            && (s.purposes.is_empty() || s.purposes.contains(&PurposeOfUse::Treatment))
            && (s.resource_types.is_empty()
                || s.resource_types.contains(&FhirResourceType::Observation))
    };
    let delegate_ok = DELEGATES
        .may_load(storage, (patient, sender))?
        .is_some_and(|d| covers(&d));
    if !delegate_ok {
        return Err(ContractError::Unauthorized {
            role: "the patient or a delegate managing grants whose scope covers writing Observation for treatment",
        });
    }
    if PARTIES
        .may_load(storage, sender)?
        .is_some_and(|p| !p.is_active(now))
    {
        return Err(ContractError::PartyNotActive {
            address: sender.to_string(),
        });
    }
    Ok(())
}

/// A device enrollment as `enroll_device` sends it.
pub struct NewEnrollment {
    pub patient: String,
    pub device: String,
    pub ordering_clinician: String,
    pub ends_at: Timestamp,
}

/// The patient or a delegate within scope: enrolls a device for the patient.
pub fn enroll_device(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: NewEnrollment,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = deps.api.addr_validate(&msg.patient)?;
    let device = deps.api.addr_validate(&msg.device)?;
    let clinician = deps.api.addr_validate(&msg.ordering_clinician)?;
    if !PATIENTS.has(deps.storage, &patient) {
        return Err(ContractError::PatientNotRegistered {
            address: patient.to_string(),
        });
    }
    assert_patient_or_scoped_delegate(deps.storage, now, &info.sender, &patient)?;
    if device == patient || clinician == patient {
        return Err(ContractError::SelfReference);
    }
    if msg.ends_at <= now
        || msg.ends_at.seconds() > now.seconds().saturating_add(MAX_DEVICE_ENROLLMENT_SECS)
    {
        return Err(ContractError::InvalidEnrollmentEnd);
    }
    assert_active_role(deps.storage, now, &device, PartyRole::Device, "device")?;
    assert_active_role(
        deps.storage,
        now,
        &clinician,
        PartyRole::Clinician,
        "clinician",
    )?;
    if let Some(other) = DEVICE_PATIENT
        .may_load(deps.storage, &device)?
        .filter(|o| *o != patient)
    {
        let in_force = ENROLLMENTS
            .may_load(deps.storage, (&other, &device))?
            .is_some_and(|e| e.in_force(now));
        if in_force {
            return Err(ContractError::DeviceEnrolled {
                device: device.to_string(),
            });
        }
    }
    // A renewal (in force, same clinician) keeps its start: its reading days still count. A new
    // enrollment, or a change of ordering clinician, starts now: earlier days are not its own.
    let enrolled_at = match ENROLLMENTS.may_load(deps.storage, (&patient, &device))? {
        Some(e) if e.in_force(now) && e.ordering_clinician == clinician => e.enrolled_at,
        _ => now,
    };
    ENROLLMENTS.save(
        deps.storage,
        (&patient, &device),
        &Enrollment {
            ordering_clinician: clinician.clone(),
            enrolled_by: info.sender.clone(),
            enrolled_at,
            ends_at: msg.ends_at,
            ended_at: None,
            ended_by: None,
        },
    )?;
    DEVICE_PATIENT.save(deps.storage, &device, &patient)?;
    Ok(Response::new()
        .add_attribute("action", "enroll_device")
        .add_attribute("patient", patient)
        .add_attribute("device", device)
        .add_attribute("ordering_clinician", clinician)
        .add_attribute("enrolled_by", info.sender)
        .add_attribute("ends_at", msg.ends_at.seconds().to_string()))
}

fn load_enrollment(
    storage: &dyn Storage,
    patient: &Addr,
    device: &Addr,
) -> Result<Enrollment, ContractError> {
    ENROLLMENTS
        .may_load(storage, (patient, device))?
        .ok_or_else(|| ContractError::DeviceNotEnrolled {
            device: device.to_string(),
            patient: patient.to_string(),
        })
}

/// The patient, a delegate within scope, or the ordering clinician: ends an enrollment at once.
pub fn end_device_enrollment(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    patient: String,
    device: String,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = deps.api.addr_validate(&patient)?;
    let device = deps.api.addr_validate(&device)?;
    let mut e = load_enrollment(deps.storage, &patient, &device)?;
    if info.sender != e.ordering_clinician {
        assert_patient_or_scoped_delegate(deps.storage, now, &info.sender, &patient)?;
    }
    if !e.in_force(now) {
        return Err(ContractError::DeviceNotEnrolled {
            device: device.to_string(),
            patient: patient.to_string(),
        });
    }
    e.ended_at = Some(now);
    e.ended_by = Some(info.sender.clone());
    ENROLLMENTS.save(deps.storage, (&patient, &device), &e)?;
    Ok(Response::new()
        .add_attribute("action", "end_device_enrollment")
        .add_attribute("patient", patient)
        .add_attribute("device", device)
        .add_attribute("ended_by", info.sender))
}

/// A reading as `submit_reading` sends it.
pub struct NewReading {
    pub patient: String,
    pub reading_hash: Sha256Hash,
    pub taken_at: Timestamp,
    pub uri: Option<String>,
}

/// An enrolled, active device: anchors one reading of the patient.
pub fn submit_reading(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    msg: NewReading,
) -> Result<Response, ContractError> {
    let now = env.block.time;
    let patient = deps.api.addr_validate(&msg.patient)?;
    let device = info.sender;
    msg.reading_hash.validate("reading_hash")?;
    if let Some(uri) = &msg.uri {
        validate_uri("uri", uri)?;
    }
    assert_active_role(deps.storage, now, &device, PartyRole::Device, "device")?;
    let enrolled_at = match ENROLLMENTS.may_load(deps.storage, (&patient, &device))? {
        Some(e) if e.in_force(now) => e.enrolled_at,
        _ => {
            return Err(ContractError::DeviceNotEnrolled {
                device: device.to_string(),
                patient: patient.to_string(),
            })
        }
    };
    // A reading taken before this enrollment is not this patient's (the device may have served
    // another patient then).
    if msg.taken_at < enrolled_at {
        return Err(ContractError::ReadingBeforeEnrollment);
    }
    if msg.taken_at > now
        || msg.taken_at.seconds().saturating_add(MAX_READING_AGE_SECS) < now.seconds()
    {
        return Err(ContractError::ReadingTimeOutOfWindow {
            max_age_secs: MAX_READING_AGE_SECS,
        });
    }
    if READINGS.has(deps.storage, msg.reading_hash.as_str()) {
        return Err(ContractError::DuplicateReading {
            reading_hash: msg.reading_hash.to_string(),
        });
    }
    let day = day_of(msg.taken_at);
    let key = (&patient, &device, day);
    let count = READING_DAYS.may_load(deps.storage, key)?.unwrap_or(0);
    READING_DAYS.save(deps.storage, key, &count.saturating_add(1))?;
    READINGS.save(
        deps.storage,
        msg.reading_hash.as_str(),
        &Reading {
            patient: patient.clone(),
            device: device.clone(),
            taken_at: msg.taken_at,
            received_at: now,
            uri: msg.uri,
        },
    )?;
    Ok(Response::new()
        .add_attribute("action", "submit_reading")
        .add_attribute("patient", patient)
        .add_attribute("device", device)
        .add_attribute("reading_hash", msg.reading_hash.as_str())
        .add_attribute("day", day.to_string()))
}

fn enrollment_info(
    storage: &dyn Storage,
    now: Timestamp,
    patient: Addr,
    device: Addr,
    e: Enrollment,
) -> Result<DeviceEnrollmentInfo, ContractError> {
    let device_active = PARTIES
        .may_load(storage, &device)?
        .is_some_and(|p| p.is_active(now));
    Ok(DeviceEnrollmentInfo {
        active: e.in_force(now) && device_active,
        patient,
        device,
        ordering_clinician: e.ordering_clinician,
        enrolled_by: e.enrolled_by,
        enrolled_at: e.enrolled_at,
        ends_at: e.ends_at,
        ended_at: e.ended_at,
        ended_by: e.ended_by,
    })
}

/// A device's enrollment for a patient, if any.
pub fn device_enrollment(
    deps: Deps,
    env: Env,
    patient: String,
    device: String,
) -> Result<Option<DeviceEnrollmentInfo>, ContractError> {
    let patient = deps.api.addr_validate(&patient)?;
    let device = deps.api.addr_validate(&device)?;
    ENROLLMENTS
        .may_load(deps.storage, (&patient, &device))?
        .map(|e| enrollment_info(deps.storage, env.block.time, patient, device, e))
        .transpose()
}

/// A patient's device enrollments, by device address.
pub fn device_enrollments(
    deps: Deps,
    env: Env,
    patient: String,
    start_after: Option<String>,
    limit: Option<u32>,
) -> Result<DeviceEnrollmentsResponse, ContractError> {
    let patient = deps.api.addr_validate(&patient)?;
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let enrollments = ENROLLMENTS
        .prefix(&patient)
        .range(
            deps.storage,
            start.as_ref().map(Bound::exclusive),
            None,
            Order::Ascending,
        )
        .take(clamp_limit(limit))
        .map(|item| {
            let (device, e) = item?;
            enrollment_info(deps.storage, env.block.time, patient.clone(), device, e)
        })
        .collect::<Result<Vec<_>, ContractError>>()?;
    Ok(DeviceEnrollmentsResponse { enrollments })
}

/// The distinct days in `[from_day, to_day]` (at most 31) with a reading of the patient from
/// the device, and the enrollment's ordering clinician.
pub fn device_reading_days(
    deps: Deps,
    patient: String,
    device: String,
    from_day: u64,
    to_day: u64,
) -> Result<DeviceReadingDaysResponse, ContractError> {
    let patient = deps.api.addr_validate(&patient)?;
    let device = deps.api.addr_validate(&device)?;
    if to_day < from_day || to_day - from_day >= MAX_READING_DAYS_SPAN {
        return Err(ContractError::InvalidDaySpan {
            max_days: MAX_READING_DAYS_SPAN,
        });
    }
    let enrollment = ENROLLMENTS.may_load(deps.storage, (&patient, &device))?;
    // Only the days of the current (or last) enrollment count: they are its ordering
    // clinician's.
    let first = enrollment
        .as_ref()
        .map_or(from_day, |e| from_day.max(day_of(e.enrolled_at)));
    let ordering_clinician = enrollment.map(|e| e.ordering_clinician);
    let days = READING_DAYS
        .prefix((&patient, &device))
        .keys(
            deps.storage,
            Some(Bound::inclusive(first)),
            Some(Bound::inclusive(to_day)),
            Order::Ascending,
        )
        .try_fold(0u32, |n, k| k.map(|_| n.saturating_add(1)))?;
    Ok(DeviceReadingDaysResponse {
        patient,
        device,
        ordering_clinician,
        from_day,
        to_day,
        days,
    })
}

/// One anchored reading, if any.
pub fn reading(deps: Deps, reading_hash: Sha256Hash) -> Result<Option<ReadingInfo>, ContractError> {
    reading_hash.validate("reading_hash")?;
    Ok(READINGS
        .may_load(deps.storage, reading_hash.as_str())?
        .map(|r| ReadingInfo {
            reading_hash,
            patient: r.patient,
            device: r.device,
            taken_at: r.taken_at,
            received_at: r.received_at,
            uri: r.uri,
        }))
}
