//! The shared vocabulary of telehealth: the modality of a remote visit (FHIR `Encounter.class`
//! virtual, audio-only apart from video), the US jurisdictions a clinician is licensed in and a
//! visit takes place in (USPS codes), and the interstate licensure compacts. No PHI: codes only.

use cw_health_derive::cw_serde_strict;

use crate::error::ValidationError;

/// How a remote visit is held. Both are FHIR `Encounter.class` `VR` (virtual); the payer tells
/// them apart (CPT modifier 95 for real-time audio and video, 93 for audio only).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum VisitModality {
    /// Real-time, interactive audio and video (CPT modifier 95).
    VirtualVideo,
    /// Real-time audio only (CPT modifier 93).
    VirtualAudioOnly,
}

impl VisitModality {
    /// The FHIR `Encounter.class` code (v3 ActCode): `VR`, virtual, for both.
    pub fn encounter_class(&self) -> &'static str {
        "VR"
    }

    /// A short code for events: `video` or `audio_only`.
    pub fn code(&self) -> &'static str {
        match self {
            VisitModality::VirtualVideo => "video",
            VisitModality::VirtualAudioOnly => "audio_only",
        }
    }

    /// The CPT modifier a claim line for a visit of this modality carries: `95` or `93`.
    pub fn modifier(&self) -> &'static str {
        match self {
            VisitModality::VirtualVideo => TELEHEALTH_MODIFIER_VIDEO,
            VisitModality::VirtualAudioOnly => TELEHEALTH_MODIFIER_AUDIO_ONLY,
        }
    }
}

/// An interstate licensure compact the clinician takes part in, recorded by the credentialing
/// authority. The Interstate Medical Licensure Compact (IMLC) is an expedited path to a full
/// license in each member state: those states are listed as jurisdictions like any other.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum InterstateCompact {
    /// Interstate Medical Licensure Compact (physicians).
    Imlc,
    /// Nurse Licensure Compact (multistate nursing license).
    Nlc,
    /// Psychology Interjurisdictional Compact (telepsychology).
    Psypact,
    /// Physical Therapy Compact.
    PtCompact,
}

impl InterstateCompact {
    /// The compact's short code (`IMLC`, `NLC`, `PSYPACT`, `PTC`).
    pub fn code(&self) -> &'static str {
        match self {
            InterstateCompact::Imlc => "IMLC",
            InterstateCompact::Nlc => "NLC",
            InterstateCompact::Psypact => "PSYPACT",
            InterstateCompact::PtCompact => "PTC",
        }
    }
}

/// CPT modifier 95: synchronous telemedicine service via real-time audio and video.
pub const TELEHEALTH_MODIFIER_VIDEO: &str = "95";
/// CPT modifier 93: synchronous telemedicine service via audio only.
pub const TELEHEALTH_MODIFIER_AUDIO_ONLY: &str = "93";
/// CMS place of service 02: telehealth provided other than in the patient's home.
pub const POS_TELEHEALTH: &str = "02";
/// CMS place of service 10: telehealth provided in the patient's home.
pub const POS_TELEHEALTH_HOME: &str = "10";

/// Longest remote visit (8 hours): its consent grant ends with it.
pub const MAX_VISIT_SECS: u64 = 8 * 3600;
/// How far ahead a visit may be booked (365 days).
pub const MAX_VISIT_LEAD_SECS: u64 = 365 * 24 * 3600;
/// How long after a visit's end (its hang-up, or its scheduled end if earlier) an
/// e-prescription naming the visit may still be anchored (24 hours: an e-Rx sent after the
/// call). Before the visit's start, none may.
pub const PRESCRIPTION_VISIT_GRACE_SECS: u64 = 24 * 3600;

/// The US jurisdictions (USPS codes): the 50 states, the District of Columbia and the five
/// inhabited territories.
pub const US_JURISDICTIONS: [&str; 56] = [
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
    "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY",
    "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV",
    "WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP",
];

/// Checks a US jurisdiction code (two upper-case letters, one of [`US_JURISDICTIONS`]).
pub fn validate_jurisdiction(field: &str, code: &str) -> Result<(), ValidationError> {
    if US_JURISDICTIONS.contains(&code) {
        Ok(())
    } else {
        Err(ValidationError::Malformed {
            field: field.to_string(),
            reason: format!("{code:?} is not a US state or territory code (USPS, e.g. \"NY\")"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdictions_are_unique_usps_codes() {
        for (i, c) in US_JURISDICTIONS.iter().enumerate() {
            assert_eq!(c.len(), 2);
            assert!(c.chars().all(|x| x.is_ascii_uppercase()));
            assert!(!US_JURISDICTIONS[i + 1..].contains(c), "{c} twice");
        }
        assert!(validate_jurisdiction("j", "NY").is_ok());
        for bad in ["ny", "XX", "", "NYC", "N Y"] {
            assert!(validate_jurisdiction("j", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn modality_codes() {
        assert_eq!(VisitModality::VirtualVideo.modifier(), "95");
        assert_eq!(VisitModality::VirtualAudioOnly.modifier(), "93");
        assert_eq!(VisitModality::VirtualAudioOnly.encounter_class(), "VR");
    }
}
