//! X12 code sets used by claims-engine (adjustment groups, claim adjustment reason codes), the
//! shape checks of the procedure, modifier, diagnosis and place-of-service codes, and the
//! module's constants.

use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use crate::error::ValidationError;
use crate::limits::{validate_token, MAX_CODE_LEN};

/// Most lines on one claim (the X12 837P limit).
pub const MAX_CLAIM_LINES: usize = 50;
/// Most units on one line: the 837's SV1-04 quantity holds at most 99,999 (with decimals, which
/// the engine does not take). More is rejected as malformed.
pub const MAX_LINE_UNITS: u32 = 99_999;
/// Most diagnosis codes on one claim (837P HI segment).
pub const MAX_DIAGNOSES: usize = 12;
/// Most modifiers on one line.
pub const MAX_MODIFIERS: usize = 4;
/// Most diagnosis pointers on one line.
pub const MAX_DIAGNOSIS_POINTERS: usize = 4;
/// Longest denom (`ibc/<64 hex>` fits).
pub const MAX_DENOM_LEN: usize = 128;
/// Basis points in 100 %.
pub const BPS_DENOMINATOR: u16 = 10_000;
/// A plan year: 365 days.
pub const PLAN_YEAR_SECONDS: u64 = 365 * DAY_SECONDS;
/// One day.
pub const DAY_SECONDS: u64 = 86_400;
/// Prior authorization decision due time, expedited (CMS-0057-F): 72 hours.
pub const PRIOR_AUTH_EXPEDITED_SECONDS: u64 = 72 * 3_600;
/// Prior authorization decision due time, standard (CMS-0057-F): 7 days.
pub const PRIOR_AUTH_STANDARD_SECONDS: u64 = 7 * DAY_SECONDS;
/// Appeal filing window after the adjudication (45 CFR 147.136): 180 days.
pub const APPEAL_WINDOW_SECONDS: u64 = 180 * DAY_SECONDS;
/// Appeal decision due time for a post-service claim: 60 days.
pub const APPEAL_DECISION_SECONDS: u64 = 60 * DAY_SECONDS;
/// Appeal decision due time for a pre-service claim (a prior authorization): 30 days.
pub const APPEAL_PRE_SERVICE_SECONDS: u64 = 30 * DAY_SECONDS;
/// Appeal decision due time for urgent care: 72 hours.
pub const APPEAL_URGENT_SECONDS: u64 = 72 * 3_600;
/// External review request window after the final internal adverse decision (45 CFR
/// 147.136(d)): 4 months, counted as 123 days (the longest 4 calendar months).
pub const EXTERNAL_REVIEW_WINDOW_SECONDS: u64 = 123 * DAY_SECONDS;
/// External review decision due time: 45 days (72 hours when expedited, as the urgent appeal).
pub const EXTERNAL_REVIEW_DECISION_SECONDS: u64 = 45 * DAY_SECONDS;
/// Most independent review organizations the contract knows.
pub const MAX_REVIEW_ORGANIZATIONS: usize = 10;
/// Most drug products (GTINs) a plan maps to one procedure code.
pub const MAX_PRODUCTS_PER_CODE: usize = 20;
/// RARC M52: missing/incomplete/invalid "from" date of service (a pharmacy line's date of
/// service is not the day its pack was dispensed).
pub const RARC_DATE_OF_SERVICE: &str = "M52";
/// RARC M53: missing/incomplete/invalid days or units of service (more units than the pack
/// holds).
pub const RARC_UNITS: &str = "M53";
/// RARC M119: missing/incomplete/invalid/deactivated/withdrawn NDC (the pack does not verify
/// as dispensed by the billing provider, or its product is not one the plan maps to the billed
/// code).
pub const RARC_NDC: &str = "M119";
/// RARC M127: missing patient medical record for this service (with CARC 252: the provider may
/// not use the supporting record).
pub const RARC_MEDICAL_RECORD: &str = "M127";
/// RARC MA04: secondary payment cannot be considered without the identity of or payment
/// information from the primary payer (coordination of benefits: the prior payer's claim is
/// missing).
pub const RARC_PRIMARY_MISSING: &str = "MA04";
/// RARC N4: missing/incomplete/invalid prior insurance carrier(s) EOB (the cited prior payer's
/// claim is not the one ahead of this plan, or not for this member, date or line).
pub const RARC_PRIOR_PAYER_EOB: &str = "N4";
/// RARC M15: separately billed services/tests have been bundled as they are considered
/// components of the same procedure (with CARC 97, an NCCI pair edit).
pub const RARC_BUNDLED: &str = "M15";
/// RARC M80: not covered when performed during the same session/date as a previously processed
/// service for the patient (a comprehensive code billed after its paid component).
pub const RARC_SAME_SESSION: &str = "M80";
/// Most column-1 codes a plan pairs with one column-2 code.
pub const MAX_PAIR_EDITS_PER_CODE: u32 = 20;
/// The NCCI distinct-procedure modifiers that bypass a pair edit whose indicator allows it.
pub const DISTINCT_PROCEDURE_MODIFIERS: [&str; 5] = ["59", "XE", "XS", "XP", "XU"];
/// Most plans in a member's payer order.
pub const MAX_PAYERS: usize = 4;
/// Most changes of a member's payer order (enrollments in new plans and promotions).
pub const MAX_PAYER_ORDER_CHANGES: u32 = 20;
/// Most days a prompt-pay rule gives.
pub const MAX_PROMPT_PAY_DAYS: u32 = 365;
/// A record without a clinical period supports services up to this many days before it was
/// written (the usual validity of a prescription).
pub const RECORD_LOOKBACK_DAYS: u64 = 365;
/// RARC N130: consult plan benefit documents/guidelines for information about restrictions for
/// this service (with CARC 96).
pub const RARC_BENEFITS: &str = "N130";

/// Most periods of one billing authorization (a rendering provider's reassignment to one billing
/// provider, ended and given again).
pub const MAX_BILLING_PERIODS: usize = 10;
/// How far back a billing authorization may take effect (Medicare's retrospective billing limit
/// of a reassignment, 42 CFR 424.521(a)).
pub const MAX_BILLING_RETROACTIVE_DAYS: u64 = 30;

/// Most coverage segments (enrollments after a termination) a member keeps in one plan.
pub const MAX_COVERAGE_SEGMENTS: u32 = 50;
/// Longest timely-filing limit a plan may set.
pub const MAX_TIMELY_FILING_DAYS: u32 = 3_650;
/// Default and maximum payments per funding / queue-processing message.
pub const DEFAULT_PAYOUT_BATCH: u32 = 10;
/// Maximum `payout_batch_limit`.
pub const MAX_PAYOUT_BATCH: u32 = 50;

/// 835 CAS adjustment group code.
#[cw_serde]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub enum AdjustmentGroup {
    /// CO: contractual obligation (the provider writes it off).
    #[serde(rename = "CO")]
    ContractualObligation,
    /// PR: patient responsibility.
    #[serde(rename = "PR")]
    PatientResponsibility,
    /// OA: other adjustment.
    #[serde(rename = "OA")]
    OtherAdjustment,
    /// PI: payer initiated reduction.
    #[serde(rename = "PI")]
    PayerInitiated,
    /// CR: correction and reversal.
    #[serde(rename = "CR")]
    CorrectionReversal,
}

impl AdjustmentGroup {
    /// The X12 code, e.g. `"CO"`.
    pub fn code(&self) -> &'static str {
        match self {
            AdjustmentGroup::ContractualObligation => "CO",
            AdjustmentGroup::PatientResponsibility => "PR",
            AdjustmentGroup::OtherAdjustment => "OA",
            AdjustmentGroup::PayerInitiated => "PI",
            AdjustmentGroup::CorrectionReversal => "CR",
        }
    }
}

/// An X12 claim adjustment reason code (CARC), serialized as its number (e.g. `18`). The
/// engine uses the constants below; adjusters may deny with any of them ([`Carc::is_known`]).
#[cw_serde_strict]
#[derive(Copy, Eq, PartialOrd, Ord, Hash)]
pub struct Carc(pub u16);

impl Carc {
    /// 1: deductible amount.
    pub const DEDUCTIBLE: Carc = Carc(1);
    /// 2: coinsurance amount.
    pub const COINSURANCE: Carc = Carc(2);
    /// 3: co-payment amount.
    pub const COPAY: Carc = Carc(3);
    /// 4: the procedure code is inconsistent with the modifier used (a telehealth line's
    /// modifier, 95 or 93, does not match the visit's modality).
    pub const MODIFIER_INCONSISTENT: Carc = Carc(4);
    /// 58: treatment was deemed by the payer to have been rendered in an inappropriate or
    /// invalid place of service (a telehealth originating site the plan does not cover).
    pub const PLACE_OF_SERVICE: Carc = Carc(58);
    /// 16: claim/service lacks information or has submission/billing errors. Used when a
    /// pharmacy line's pack does not verify as dispensed by the billing provider, or is recalled
    /// or quarantined.
    pub const BILLING_ERROR: Carc = Carc(16);
    /// 18: exact duplicate claim/service (group OA).
    pub const EXACT_DUPLICATE: Carc = Carc(18);
    /// 22: this care may be covered by another payer per coordination of benefits (a plan
    /// ahead in the member's payer order covers the date of service and its claim was not cited).
    pub const COORDINATION_OF_BENEFITS: Carc = Carc(22);
    /// 23: the impact of prior payer(s) adjudication including payments and/or adjustments
    /// (group OA: what a secondary plan does not pay because the primary paid).
    pub const PRIOR_PAYER: Carc = Carc(23);
    /// 26: expenses incurred prior to coverage (group PR: the member owes them).
    pub const BEFORE_COVERAGE: Carc = Carc(26);
    /// 27: expenses incurred after coverage terminated (group PR).
    pub const AFTER_COVERAGE: Carc = Carc(27);
    /// 29: the time limit for filing has expired.
    pub const TIMELY_FILING: Carc = Carc(29);
    /// 45: charge exceeds fee schedule/maximum allowable.
    pub const EXCEEDS_FEE_SCHEDULE: Carc = Carc(45);
    /// 50: not deemed a medical necessity.
    pub const NOT_MEDICALLY_NECESSARY: Carc = Carc(50);
    /// 96: non-covered charge.
    pub const NON_COVERED: Carc = Carc(96);
    /// 97: the benefit is included in another service (bundled).
    pub const BUNDLED: Carc = Carc(97);
    /// 133: the disposition of the service line is pending further review (group OA). Used
    /// when a pharmacy line's pack may still be un-dispensed (drug-provenance's undo window is
    /// open): the line is not paid; a replacement claim (or an appeal) after the window is.
    pub const PENDING_REVIEW: Carc = Carc(133);
    /// 119: benefit maximum for this time period or occurrence has been reached (an RPM device
    /// supply already paid for the member in the period).
    pub const PERIOD_MAXIMUM: Carc = Carc(119);
    /// 151: the information does not support this many services (unit limit per day).
    pub const UNITS_EXCEEDED: Carc = Carc(151);
    /// 197: precertification/authorization absent.
    pub const AUTHORIZATION_ABSENT: Carc = Carc(197);
    /// 198: precertification/authorization exceeded.
    pub const AUTHORIZATION_EXCEEDED: Carc = Carc(198);
    /// 242: services not provided by network/primary care providers (group PR: the code has no
    /// out-of-network terms and the provider is outside the plan's network).
    pub const OUT_OF_NETWORK: Carc = Carc(242);
    /// 252: an attachment/other documentation is required. Used when the provider may not use
    /// the supporting record for payment or treatment, or it is self-pay restricted.
    pub const DOCUMENTATION_REQUIRED: Carc = Carc(252);

    /// Every code the engine knows.
    pub const KNOWN: [Carc; 23] = [
        Self::DEDUCTIBLE,
        Self::COINSURANCE,
        Self::COPAY,
        Self::BILLING_ERROR,
        Self::EXACT_DUPLICATE,
        Self::COORDINATION_OF_BENEFITS,
        Self::PRIOR_PAYER,
        Self::BEFORE_COVERAGE,
        Self::AFTER_COVERAGE,
        Self::TIMELY_FILING,
        Self::EXCEEDS_FEE_SCHEDULE,
        Self::NOT_MEDICALLY_NECESSARY,
        Self::NON_COVERED,
        Self::BUNDLED,
        Self::PENDING_REVIEW,
        Self::UNITS_EXCEEDED,
        Self::AUTHORIZATION_ABSENT,
        Self::AUTHORIZATION_EXCEEDED,
        Self::OUT_OF_NETWORK,
        Self::DOCUMENTATION_REQUIRED,
        Self::MODIFIER_INCONSISTENT,
        Self::PLACE_OF_SERVICE,
        Self::PERIOD_MAXIMUM,
    ];

    /// Whether the code is one of [`Carc::KNOWN`].
    pub fn is_known(&self) -> bool {
        Self::KNOWN.contains(self)
    }

    /// Whether an adjuster may deny with it (a known code other than the cost-share codes 1-3).
    pub fn is_denial_reason(&self) -> bool {
        self.is_known() && self.0 > 3
    }

    /// Whether the X12 CARC list requires a remark code (RARC) with it: 16, 96 and 252 ("at
    /// least one Remark Code must be provided").
    pub fn requires_rarc(&self) -> bool {
        matches!(self.0, 16 | 96 | 252)
    }

    /// The X12 code, e.g. `"45"`.
    pub fn code(&self) -> String {
        self.0.to_string()
    }
}

fn malformed(field: &str, reason: &str) -> ValidationError {
    ValidationError::Malformed {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}

fn upper_alnum(c: char) -> bool {
    c.is_ascii_uppercase() || c.is_ascii_digit()
}

/// A remittance advice remark code (RARC): 2 to 5 upper-case letters and digits, starting with
/// a letter (`M127`, `N130`, `MA04`).
pub fn validate_rarc(field: &str, code: &str) -> Result<(), ValidationError> {
    let ok = (2..=5).contains(&code.len())
        && code.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && code.chars().all(upper_alnum);
    if ok {
        Ok(())
    } else {
        Err(malformed(
            field,
            "a RARC is 2 to 5 upper-case letters and digits",
        ))
    }
}

/// A CPT/HCPCS code: exactly 5 upper-case alphanumeric characters (`99213`, `J1100`, `0001U`).
pub fn validate_procedure_code(field: &str, code: &str) -> Result<(), ValidationError> {
    validate_token(field, code, MAX_CODE_LEN)?;
    if code.len() != 5 || !code.chars().all(upper_alnum) {
        return Err(malformed(
            field,
            "a CPT/HCPCS code is 5 upper-case alphanumerics",
        ));
    }
    Ok(())
}

/// A modifier: exactly 2 upper-case alphanumeric characters (`25`, `RT`, `XU`).
pub fn validate_modifier(field: &str, code: &str) -> Result<(), ValidationError> {
    validate_token(field, code, MAX_CODE_LEN)?;
    if code.len() != 2 || !code.chars().all(upper_alnum) {
        return Err(malformed(field, "a modifier is 2 upper-case alphanumerics"));
    }
    Ok(())
}

/// An ICD-10-CM code: an upper-case letter, two alphanumerics, then optionally a dot and 1 to 4
/// alphanumerics (`E11`, `E11.9`, `S52.521A`).
pub fn validate_icd10(field: &str, code: &str) -> Result<(), ValidationError> {
    validate_token(field, code, MAX_CODE_LEN)?;
    let (head, tail) = match code.split_once('.') {
        Some((h, t)) => (h, Some(t)),
        None => (code, None),
    };
    let head_ok = head.len() == 3
        && head.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && head.chars().all(upper_alnum);
    let tail_ok = tail.is_none_or(|t| (1..=4).contains(&t.len()) && t.chars().all(upper_alnum));
    if !head_ok || !tail_ok {
        return Err(malformed(
            field,
            "an ICD-10-CM code looks like A00 or A00.0000",
        ));
    }
    Ok(())
}

/// A CMS place-of-service code: exactly 2 digits.
pub fn validate_place_of_service(field: &str, code: &str) -> Result<(), ValidationError> {
    validate_token(field, code, MAX_CODE_LEN)?;
    if code.len() != 2 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(malformed(field, "a place-of-service code is 2 digits"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::to_json_string;

    #[test]
    fn codes_serialize_to_x12() {
        assert_eq!(to_json_string(&Carc::EXACT_DUPLICATE).unwrap(), "18");
        assert_eq!(Carc::AUTHORIZATION_ABSENT.code(), "197");
        assert!(Carc(50).is_denial_reason());
        assert!(!Carc(1).is_denial_reason());
        assert!(!Carc(999).is_known());
        assert_eq!(
            to_json_string(&AdjustmentGroup::ContractualObligation).unwrap(),
            "\"CO\""
        );
        assert_eq!(AdjustmentGroup::PatientResponsibility.code(), "PR");
    }

    #[test]
    fn code_shapes() {
        assert!(validate_procedure_code("c", "99213").is_ok());
        assert!(validate_procedure_code("c", "J1100").is_ok());
        assert!(validate_procedure_code("c", "9921").is_err());
        assert!(validate_procedure_code("c", "j1100").is_err());
        assert!(validate_modifier("m", "RT").is_ok());
        assert!(validate_modifier("m", "R").is_err());
        assert!(validate_icd10("d", "E11.9").is_ok());
        assert!(validate_icd10("d", "S52.521A").is_ok());
        assert!(validate_icd10("d", "E11").is_ok());
        assert!(validate_icd10("d", "111.9").is_err());
        assert!(validate_icd10("d", "E11.").is_err());
        assert!(validate_icd10("d", "John").is_err());
        assert!(validate_place_of_service("p", "11").is_ok());
        assert!(validate_place_of_service("p", "1A").is_err());
    }
}
