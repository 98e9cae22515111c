//! Remote patient monitoring (RPM): the devices that submit a patient's readings, and the plan
//! rules that pay the device supply (CPT 99454, and 99445 since CMS 2026) on the number of
//! distinct days with readings.
//!
//! **No PHI, and no condition revealed by metadata.** A reading's kind (glucose, blood pressure,
//! weight...) reveals a condition, so it never appears on chain: a reading is anchored by the
//! hash of its payload (the kind and value stay in the off-chain document), its time and the
//! device that took it. A device's UDI is a HIPAA identifier and its device-identifier part
//! names the model (and so the condition) in the public GUDID: the registry keeps only a salted
//! hash of it (the salt stays with the RPM program), as the device party's `identifier`.

use cosmwasm_std::{Addr, Timestamp};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

/// One day in seconds (days are UTC days: `seconds / 86,400`).
pub const DAY_SECS: u64 = 86_400;
/// The late-upload window: a reading taken more than 72 hours before the block is refused. A
/// device that was offline (no signal, flat battery) over a weekend still uploads its readings;
/// an older backlog is not anchored (it could be made to fill missing days before a claim).
pub const MAX_READING_AGE_SECS: u64 = 72 * 3_600;
/// The longest device enrollment (365 days); the ordering clinician renews it.
pub const MAX_DEVICE_ENROLLMENT_SECS: u64 = 365 * DAY_SECS;
/// The most days one `device_reading_days` query counts (a 30-day RPM period fits).
pub const MAX_READING_DAYS_SPAN: u64 = 31;
/// CPT 99454: device supply with daily recordings, at least 16 days in a 30-day period.
pub const CPT_RPM_DEVICE_16_DAYS: &str = "99454";
/// CPT 99445 (CMS 2026): device supply with daily recordings, 2 to 15 days in a 30-day period.
pub const CPT_RPM_DEVICE_2_DAYS: &str = "99445";

/// The UTC day number of a time.
pub fn day_of(t: Timestamp) -> u64 {
    t.seconds() / DAY_SECS
}

/// A device's enrollment for a patient.
#[cw_serde]
pub struct DeviceEnrollmentInfo {
    /// The patient whose readings the device submits.
    pub patient: Addr,
    /// The device (a registered party of role `device`).
    pub device: Addr,
    /// The clinician who ordered the monitoring (the one who may bill the device supply).
    pub ordering_clinician: Addr,
    /// Who enrolled it (the patient or a delegate).
    pub enrolled_by: Addr,
    /// When.
    pub enrolled_at: Timestamp,
    /// When the enrollment ends by itself.
    pub ends_at: Timestamp,
    /// When it was ended early, if it was.
    pub ended_at: Option<Timestamp>,
    /// Who ended it early.
    pub ended_by: Option<Addr>,
    /// True when the device may submit readings for the patient at this block (not ended, not
    /// past its end, the device party active).
    pub active: bool,
}

/// A page of a patient's device enrollments.
#[cw_serde]
pub struct DeviceEnrollmentsResponse {
    /// The enrollments, by device address.
    pub enrollments: Vec<DeviceEnrollmentInfo>,
}

/// How many distinct days a device submitted readings for a patient in a span of days.
#[cw_serde]
pub struct DeviceReadingDaysResponse {
    /// The patient.
    pub patient: Addr,
    /// The device.
    pub device: Addr,
    /// The ordering clinician of the device's enrollment for the patient (the current or last
    /// one); `None` when the device was never enrolled for the patient.
    pub ordering_clinician: Option<Addr>,
    /// The first day counted (UTC day number).
    pub from_day: u64,
    /// The last day counted (inclusive).
    pub to_day: u64,
    /// The distinct days in `[from_day, to_day]` with at least one reading.
    pub days: u32,
}

/// An anchored reading.
#[cw_serde]
pub struct ReadingInfo {
    /// SHA-256 of the reading payload (the kind and value stay off chain).
    pub reading_hash: crate::Sha256Hash,
    /// The patient.
    pub patient: Addr,
    /// The device that took it.
    pub device: Addr,
    /// When it was taken.
    pub taken_at: Timestamp,
    /// When it was anchored.
    pub received_at: Timestamp,
    /// Where the payload can be fetched by an authorized party (an opaque locator), if given.
    pub uri: Option<String>,
}

/// A device-supply code a plan pays on reading days, and the days it needs.
#[cw_serde_strict]
pub struct RpmDeviceCode {
    /// The CPT/HCPCS code (e.g. `99454`, `99445`), in the plan's fee schedule.
    pub code: String,
    /// The fewest distinct reading days in the period (1 to `period_days`; 16 for 99454, 2 for
    /// 99445).
    pub min_reading_days: u32,
}

/// A plan's remote patient monitoring rules.
#[cw_serde_strict]
pub struct RpmRules {
    /// The device-supply codes and their thresholds (1 to 8, unique codes).
    pub device_codes: Vec<RpmDeviceCode>,
    /// The period, in days (1 to 31; 30 for CMS): reading days are counted in the period ending
    /// on the date of service, and the device supply is paid at most once per member per period.
    pub period_days: u32,
}

/// A plan's RPM rules, if any.
#[cw_serde]
pub struct RpmRulesResponse {
    /// The plan.
    pub plan_id: u64,
    /// The rules; `None`: no RPM device-supply benefit beyond the fee schedule.
    pub rules: Option<RpmRules>,
}
