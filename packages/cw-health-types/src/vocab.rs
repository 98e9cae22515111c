//! Healthcare code systems, as enums that serialize to their standard codes.

use cw_health_derive::cw_serde_strict;

/// HL7 v3 ActReason "purpose of use" (v3-PurposeOfUse value set): why data is requested.
#[cw_serde_strict]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum PurposeOfUse {
    /// TREAT: treatment of the patient.
    #[serde(rename = "TREAT")]
    Treatment,
    /// ETREAT: emergency treatment.
    #[serde(rename = "ETREAT")]
    EmergencyTreatment,
    /// BTG: break the glass, an emergency override of the patient's consent.
    #[serde(rename = "BTG")]
    BreakTheGlass,
    /// HPAYMT: healthcare payment (claims, eligibility, coverage).
    #[serde(rename = "HPAYMT")]
    Payment,
    /// HOPERAT: healthcare operations (quality, audit, administration).
    #[serde(rename = "HOPERAT")]
    Operations,
    /// HRESCH: healthcare research.
    #[serde(rename = "HRESCH")]
    Research,
    /// PUBHLTH: public health reporting.
    #[serde(rename = "PUBHLTH")]
    PublicHealth,
    /// PATRQT: at the patient's own request.
    #[serde(rename = "PATRQT")]
    PatientRequested,
}

impl PurposeOfUse {
    /// The HL7 code, e.g. `"TREAT"`.
    pub fn code(&self) -> &'static str {
        match self {
            PurposeOfUse::Treatment => "TREAT",
            PurposeOfUse::EmergencyTreatment => "ETREAT",
            PurposeOfUse::BreakTheGlass => "BTG",
            PurposeOfUse::Payment => "HPAYMT",
            PurposeOfUse::Operations => "HOPERAT",
            PurposeOfUse::Research => "HRESCH",
            PurposeOfUse::PublicHealth => "PUBHLTH",
            PurposeOfUse::PatientRequested => "PATRQT",
        }
    }
}

/// FHIR R5 resource types a record pointer may reference (a clinical subset).
/// Serialized with the FHIR spelling, e.g. `"DiagnosticReport"`.
#[cw_serde_strict]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum FhirResourceType {
    /// AllergyIntolerance: allergies and intolerances.
    #[serde(rename = "AllergyIntolerance")]
    AllergyIntolerance,
    /// CarePlan: planned care.
    #[serde(rename = "CarePlan")]
    CarePlan,
    /// Condition: problems and diagnoses.
    #[serde(rename = "Condition")]
    Condition,
    /// DiagnosticReport: lab, imaging and pathology reports.
    #[serde(rename = "DiagnosticReport")]
    DiagnosticReport,
    /// DocumentReference: any other clinical document (notes, scanned forms, CDA).
    #[serde(rename = "DocumentReference")]
    DocumentReference,
    /// Encounter: a visit or admission.
    #[serde(rename = "Encounter")]
    Encounter,
    /// ImagingStudy: DICOM studies.
    #[serde(rename = "ImagingStudy")]
    ImagingStudy,
    /// Immunization: vaccinations.
    #[serde(rename = "Immunization")]
    Immunization,
    /// MedicationRequest: prescriptions and orders.
    #[serde(rename = "MedicationRequest")]
    MedicationRequest,
    /// MedicationStatement: medications taken.
    #[serde(rename = "MedicationStatement")]
    MedicationStatement,
    /// Observation: vitals, lab results, assessments.
    #[serde(rename = "Observation")]
    Observation,
    /// Procedure: procedures performed.
    #[serde(rename = "Procedure")]
    Procedure,
    /// QuestionnaireResponse: completed forms and patient-reported outcomes.
    #[serde(rename = "QuestionnaireResponse")]
    QuestionnaireResponse,
    /// Bundle: a set of resources exported together (e.g. an International Patient Summary).
    #[serde(rename = "Bundle")]
    Bundle,
}

impl FhirResourceType {
    /// Every resource type (a provision naming them all covers any type, explicitly: minimum
    /// necessary asks non-treatment grants to name what they disclose).
    pub const ALL: [FhirResourceType; 14] = [
        FhirResourceType::AllergyIntolerance,
        FhirResourceType::CarePlan,
        FhirResourceType::Condition,
        FhirResourceType::DiagnosticReport,
        FhirResourceType::DocumentReference,
        FhirResourceType::Encounter,
        FhirResourceType::ImagingStudy,
        FhirResourceType::Immunization,
        FhirResourceType::MedicationRequest,
        FhirResourceType::MedicationStatement,
        FhirResourceType::Observation,
        FhirResourceType::Procedure,
        FhirResourceType::QuestionnaireResponse,
        FhirResourceType::Bundle,
    ];

    /// The FHIR resource type name, e.g. `"Observation"`.
    pub fn code(&self) -> &'static str {
        match self {
            FhirResourceType::AllergyIntolerance => "AllergyIntolerance",
            FhirResourceType::CarePlan => "CarePlan",
            FhirResourceType::Condition => "Condition",
            FhirResourceType::DiagnosticReport => "DiagnosticReport",
            FhirResourceType::DocumentReference => "DocumentReference",
            FhirResourceType::Encounter => "Encounter",
            FhirResourceType::ImagingStudy => "ImagingStudy",
            FhirResourceType::Immunization => "Immunization",
            FhirResourceType::MedicationRequest => "MedicationRequest",
            FhirResourceType::MedicationStatement => "MedicationStatement",
            FhirResourceType::Observation => "Observation",
            FhirResourceType::Procedure => "Procedure",
            FhirResourceType::QuestionnaireResponse => "QuestionnaireResponse",
            FhirResourceType::Bundle => "Bundle",
        }
    }
}

/// HL7 security labels: confidentiality (v3-Confidentiality) and sensitivity (v3-ActCode
/// InformationSensitivityPolicy) codes carried by a record.
#[cw_serde_strict]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum SecurityLabel {
    /// N: normal confidentiality.
    #[serde(rename = "N")]
    Normal,
    /// R: restricted confidentiality.
    #[serde(rename = "R")]
    Restricted,
    /// V: very restricted confidentiality.
    #[serde(rename = "V")]
    VeryRestricted,
    /// ETH: substance use disorder information (42 CFR Part 2).
    #[serde(rename = "ETH")]
    SubstanceUse,
    /// HIV: HIV/AIDS information.
    #[serde(rename = "HIV")]
    Hiv,
    /// PSY: psychiatry information.
    #[serde(rename = "PSY")]
    Psychiatry,
    /// SDV: sexual assault, abuse or domestic violence information.
    #[serde(rename = "SDV")]
    SexualViolence,
}

impl SecurityLabel {
    /// The HL7 code, e.g. `"ETH"`.
    pub fn code(&self) -> &'static str {
        match self {
            SecurityLabel::Normal => "N",
            SecurityLabel::Restricted => "R",
            SecurityLabel::VeryRestricted => "V",
            SecurityLabel::SubstanceUse => "ETH",
            SecurityLabel::Hiv => "HIV",
            SecurityLabel::Psychiatry => "PSY",
            SecurityLabel::SexualViolence => "SDV",
        }
    }
}

/// What an actor does with a record (FHIR Consent `provision.action`, reduced).
#[cw_serde_strict]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum AccessAction {
    /// read: view or retrieve the record.
    #[serde(rename = "read")]
    Read,
    /// write: add or amend records.
    #[serde(rename = "write")]
    Write,
}

impl AccessAction {
    /// The code, `"read"` or `"write"`.
    pub fn code(&self) -> &'static str {
        match self {
            AccessAction::Read => "read",
            AccessAction::Write => "write",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{from_json, to_json_string};

    fn roundtrip<T>(value: T, code: &str)
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let json = to_json_string(&value).unwrap();
        assert_eq!(json, format!("\"{code}\""));
        assert_eq!(from_json::<T>(json).unwrap(), value);
    }

    #[test]
    fn purposes_serialize_to_hl7_codes() {
        use PurposeOfUse::*;
        let all = [
            (Treatment, "TREAT"),
            (EmergencyTreatment, "ETREAT"),
            (BreakTheGlass, "BTG"),
            (Payment, "HPAYMT"),
            (Operations, "HOPERAT"),
            (Research, "HRESCH"),
            (PublicHealth, "PUBHLTH"),
            (PatientRequested, "PATRQT"),
        ];
        for (p, code) in all {
            assert_eq!(p.code(), code);
            roundtrip(p, code);
        }
        assert!(from_json::<PurposeOfUse>("\"treat\"").is_err());
    }

    #[test]
    fn labels_serialize_to_hl7_codes() {
        use SecurityLabel::*;
        let all = [
            (Normal, "N"),
            (Restricted, "R"),
            (VeryRestricted, "V"),
            (SubstanceUse, "ETH"),
            (Hiv, "HIV"),
            (Psychiatry, "PSY"),
            (SexualViolence, "SDV"),
        ];
        for (l, code) in all {
            assert_eq!(l.code(), code);
            roundtrip(l, code);
        }
    }

    #[test]
    fn resource_types_and_actions_serialize_to_fhir_codes() {
        roundtrip(FhirResourceType::DiagnosticReport, "DiagnosticReport");
        roundtrip(FhirResourceType::MedicationRequest, "MedicationRequest");
        assert_eq!(FhirResourceType::Observation.code(), "Observation");
        roundtrip(AccessAction::Read, "read");
        roundtrip(AccessAction::Write, "write");
        assert!(from_json::<FhirResourceType>("\"Patient\"").is_err());
    }
}
