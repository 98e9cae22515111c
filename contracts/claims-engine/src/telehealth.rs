//! Telehealth: a plan's rules for services delivered remotely, and the line check that pays a
//! telehealth line only under them and only for a visit held in ehr-registry.
//!
//! A line is a telehealth line when the claim's place of service is 02 (telehealth, patient not
//! at home) or 10 (telehealth in the patient's home), or the line carries modifier 95 (audio and
//! video) or 93 (audio only), as the 837 carries them. Its check, after `coverage` and before
//! the network terms, in order:
//! - the plan has telehealth rules covering the code (else CO-96, RARC N130); an audio-only
//!   line or visit is covered only when the rules cover audio only (CO-96, N130); the patient's
//!   home (POS 10) only when the rules cover it (CO-58);
//! - the claim names a visit (`visit_id`) that ehr-registry knows (an unknown visit refuses the
//!   submission), about the member, held by the billing or rendering provider (consented and its
//!   encounter recorded), else CO-252 (RARC M127); on the date of service (CO-16, RARC M52);
//! - the modifier agrees with the visit's modality: 93 on an audio-only visit, never on a video
//!   one, never 95 on an audio-only one (CO-4).
//!
//! Priced at parity (the code's fee) or at the rules' distinct fee.

use cosmwasm_std::{DepsMut, Env, MessageInfo, QuerierWrapper, Response, Storage};
use cw_health_types::claims_engine::codes::{
    validate_procedure_code, RARC_BENEFITS, RARC_DATE_OF_SERVICE, RARC_MEDICAL_RECORD,
};
use cw_health_types::claims_engine::{
    Carc, Claim, ClaimLine, CodeBenefit, TelehealthPayment, TelehealthRules,
    TelehealthRulesResponse,
};
use cw_health_types::limits::{validate_unique, MAX_LIST_LEN};
use cw_health_types::store::{ReadMap, WriteMap};
use cw_health_types::telehealth::{
    VisitModality, POS_TELEHEALTH, POS_TELEHEALTH_HOME, TELEHEALTH_MODIFIER_AUDIO_ONLY,
    TELEHEALTH_MODIFIER_VIDEO,
};
use cw_storage_plus::Map;

use crate::adjudicate::Denial;
use crate::common::{assert_insurer, day_of, load_plan};
use crate::error::ContractError;
use crate::state::{Config, BENEFITS};

/// plan id -> its telehealth rules.
pub const TELEHEALTH_RULES: Map<u64, TelehealthRules> = Map::new("telehealth_rules");

/// The plan's insurer: sets or clears the plan's telehealth rules.
pub fn set_telehealth_rules(
    deps: DepsMut,
    _env: Env,
    info: MessageInfo,
    plan_id: u64,
    rules: Option<TelehealthRules>,
) -> Result<Response, ContractError> {
    let plan = load_plan(deps.storage, plan_id)?;
    assert_insurer(&plan, &info.sender)?;
    let resp = Response::new()
        .add_attribute("action", "set_telehealth_rules")
        .add_attribute("plan_id", plan_id.to_string());
    let Some(rules) = rules else {
        TELEHEALTH_RULES.remove(deps.storage, plan_id);
        return Ok(resp.add_attribute("covered_codes", "0"));
    };
    if rules.covered_codes.is_empty() {
        return Err(ContractError::invalid(
            "covered_codes",
            "name 1 to 32 codes (or clear the rules with null)",
        ));
    }
    validate_unique("covered_codes", &rules.covered_codes, MAX_LIST_LEN)?;
    for code in &rules.covered_codes {
        validate_procedure_code("covered_codes", code)?;
        if !BENEFITS.has(deps.storage, (plan_id, code.as_str())) {
            return Err(ContractError::invalid(
                "covered_codes",
                format!("{code} is not in the plan's fee schedule"),
            ));
        }
    }
    if matches!(rules.payment, TelehealthPayment::DistinctFee { fee_per_unit } if fee_per_unit.is_zero())
    {
        return Err(ContractError::invalid(
            "payment",
            "a distinct fee is non-zero",
        ));
    }
    let payment = match rules.payment {
        TelehealthPayment::Parity {} => "parity".to_string(),
        TelehealthPayment::DistinctFee { fee_per_unit } => fee_per_unit.to_string(),
    };
    let resp = resp
        .add_attribute("covered_codes", rules.covered_codes.len().to_string())
        .add_attribute("payment", payment)
        .add_attribute("audio_only_covered", rules.audio_only_covered.to_string())
        .add_attribute("home_covered", rules.home_covered.to_string());
    TELEHEALTH_RULES.write(deps.storage, plan_id, &rules)?;
    Ok(resp)
}

/// A plan's telehealth rules (the plan must exist).
pub fn telehealth_rules(
    storage: &dyn Storage,
    plan_id: u64,
) -> Result<TelehealthRulesResponse, ContractError> {
    load_plan(storage, plan_id)?;
    Ok(TelehealthRulesResponse {
        plan_id,
        rules: TELEHEALTH_RULES.may_read(storage, plan_id)?,
    })
}

fn has_modifier(line: &ClaimLine, m: &str) -> bool {
    line.modifiers.iter().any(|x| x == m)
}

/// Whether a line is delivered by telehealth (POS 02/10 on the claim, or modifier 95/93).
pub fn is_telehealth(claim: &Claim, line: &ClaimLine) -> bool {
    matches!(
        claim.place_of_service.as_deref(),
        Some(POS_TELEHEALTH) | Some(POS_TELEHEALTH_HOME)
    ) || has_modifier(line, TELEHEALTH_MODIFIER_VIDEO)
        || has_modifier(line, TELEHEALTH_MODIFIER_AUDIO_ONLY)
}

/// The signature of [`line_terms`].
type LineTerms = fn(
    &dyn Storage,
    &QuerierWrapper,
    &Config,
    &Claim,
    &ClaimLine,
    CodeBenefit,
) -> Result<Result<CodeBenefit, Denial>, ContractError>;

/// Runs [`line_terms`] through a function pointer the optimizer cannot see through, so its
/// locals stay out of the line pipeline's (the chain's validator caps a function at 100 locals;
/// see `adjudicate::decide_line_apart`).
pub fn line_terms_apart(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
    line: &ClaimLine,
    benefit: CodeBenefit,
) -> Result<Result<CodeBenefit, Denial>, ContractError> {
    std::hint::black_box(line_terms as LineTerms)(storage, querier, config, claim, line, benefit)
}

/// The telehealth step of a line (see the module doc): the benefit to price it by, or its
/// denial. A line that is not a telehealth line keeps its benefit.
pub fn line_terms(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    claim: &Claim,
    line: &ClaimLine,
    mut benefit: CodeBenefit,
) -> Result<Result<CodeBenefit, Denial>, ContractError> {
    if !is_telehealth(claim, line) {
        return Ok(Ok(benefit));
    }
    let not_covered = Denial::co_remark(Carc::NON_COVERED, RARC_BENEFITS);
    let Some(rules) = TELEHEALTH_RULES.may_read(storage, claim.plan_id)? else {
        return Ok(Err(not_covered));
    };
    let audio_line = has_modifier(line, TELEHEALTH_MODIFIER_AUDIO_ONLY);
    if !rules.covered_codes.contains(&line.procedure_code)
        || (audio_line && !rules.audio_only_covered)
    {
        return Ok(Err(not_covered));
    }
    if claim.place_of_service.as_deref() == Some(POS_TELEHEALTH_HOME) && !rules.home_covered {
        return Ok(Err(Denial::co(Carc::PLACE_OF_SERVICE)));
    }
    let no_visit = Denial::co_remark(Carc::DOCUMENTATION_REQUIRED, RARC_MEDICAL_RECORD);
    let Some(visit_id) = claim.visit_id else {
        return Ok(Err(no_visit));
    };
    let v = config
        .ehr_registry
        .visit_summary(querier, visit_id)
        .map_err(|e| ContractError::query_failed("ehr-registry", config.ehr_registry.addr(), e))?;
    let by_provider = v
        .clinician
        .as_ref()
        .is_some_and(|c| *c == claim.provider || claim.rendering_provider.as_ref() == Some(c));
    if v.patient != claim.member || !by_provider || v.consent_grant_id.is_none() || !v.held {
        return Ok(Err(no_visit));
    }
    if day_of(v.starts_at) != day_of(claim.date_of_service) {
        return Ok(Err(Denial::co_remark(
            Carc::BILLING_ERROR,
            RARC_DATE_OF_SERVICE,
        )));
    }
    let audio_visit = v.modality == VisitModality::VirtualAudioOnly;
    if audio_visit != audio_line || (audio_visit && has_modifier(line, TELEHEALTH_MODIFIER_VIDEO)) {
        return Ok(Err(Denial::co(Carc::MODIFIER_INCONSISTENT)));
    }
    if audio_visit && !rules.audio_only_covered {
        return Ok(Err(not_covered));
    }
    if let TelehealthPayment::DistinctFee { fee_per_unit } = rules.payment {
        benefit.fee_per_unit = fee_per_unit;
    }
    Ok(Ok(benefit))
}
