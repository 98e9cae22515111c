//! The adjudication engine: deterministic, explained line by line, as a pipeline of named steps
//! (each over one line, returning its denial or going on; the first denial decides the line):
//! 1. `eligibility` (claim level): coverage at the date of service (PR-26 before coverage or
//!    the first plan year, PR-27 after coverage ended), timely filing measured to the submission
//!    time (CO-29), the provider's access to the supporting record in ehr-registry with purpose
//!    HPAYMT, else TREAT (CO-252; a self-pay-restricted record is never used), and the record
//!    belongs to the service: about the member, written by the billing or rendering provider,
//!    of the date of service (CO-252, RARC M127); then coordination of benefits (`cob`): the
//!    prior payer's claim when a plan ahead of this one covers the member (CO-22 / CO-16 N4);
//! 2. `review_edit`: an adjuster's line denial (CO-<reason>, with the adjuster's RARC); for a
//!    secondary claim, the primary's line of the same number, code and units (CO-16, N4);
//! 3. `provenance`: a pharmacy line's pack in drug-provenance: dispensed by the billing
//!    provider, not recalled or quarantined (CO-16); dispensed on the date of service (CO-16,
//!    RARC M52); billed under the code the plan maps its product to (CO-16, M119); at most the
//!    units the pack holds (CO-16, M53); paid only once the dispense can no longer be undone
//!    (OA-133 while drug-provenance's undo window is open); pended when drug-provenance reports
//!    a second dispense attempt of the pack (a possible cloned serial);
//! 4. `duplicates`: exact duplicate (OA-18);
//! 5. `coverage`: CO-96 code not in the fee schedule, PR-96 excluded benefit; then the
//!    telehealth step (`telehealth`) and the RPM device-supply step (`rpm`: the device's reading
//!    days in ehr-registry, CO-252 / CO-16 M53, once per member per period, CO-119); then
//!    `network_terms` (`network`): a provider outside the plan's network is priced by the code's
//!    out-of-network terms, or PR-242 without them;
//!    then `pair_edit` (`ncci`): a component of a code the provider billed for the member that
//!    day, on this claim or an earlier one (CO-97, RARC M15), unless a distinct-procedure
//!    modifier bypasses an edit that allows it; or a comprehensive code billed after its paid
//!    component on an earlier claim (CO-97, RARC M80);
//! 6. `unit_limit`: units per member, code and day (CO-151);
//! 7. `prior_authorization`: CO-197 absent, or not valid for this plan, member, servicing
//!    provider and date; CO-198 units exceeded;
//!    then a near duplicate pends the line;
//! 8. `pricing` and 9. `cost_share` (the waterfall), then for a secondary claim the prior
//!    payer's payment (OA-23: at most the primary's patient responsibility and the allowed amount
//!    minus the primary's payment).
//!
//! Pricing: `allowed = min(charge, fee_per_unit * units)` (or the adjuster's repriced amount);
//! `charge - allowed` is CO-45.
//!
//! Waterfall (by the limits and accumulators of the line's network tier, `accum.rs`): deductible
//! (PR-1) up to the lesser of the member's and the family's remaining deductible; then copay (PR-3, at most what is left) or coinsurance (PR-2); the member's total
//! (PR-1 + PR-2/3) is capped by the lesser of the member's and the family's remaining
//! out-of-pocket maximum (the deductible is kept first). The plan pays the rest.
//!
//! **Rounding rule (one, per line):** coinsurance is computed on the amount left after the
//! deductible; the plan's share `floor(rest * (10000 - bps) / 10000)` is rounded down to the unit
//! and the member's coinsurance is `rest - plan share` (so it is rounded up). A 1-unit line at
//! 20 % coinsurance: plan 0, member 1. Every line satisfies `charge = paid + sum(adjustments)`.
//!
//! Appealable edits (waived once an appeal is overturned): timely filing, duplicates, pair
//! edits, unit limits, the RPM once-per-period limit, prior authorization and adjusters' line
//! denials. Eligibility, coverage, consent, drug provenance and RPM reading days are never
//! waived.

use cosmwasm_std::{Addr, QuerierWrapper, Storage, Timestamp, Uint128};
use cw_health_types::claims_engine::codes::{
    AdjustmentGroup, Carc, DAY_SECONDS, RARC_BENEFITS, RARC_DATE_OF_SERVICE, RARC_MEDICAL_RECORD,
    RARC_NDC, RARC_UNITS, RECORD_LOOKBACK_DAYS,
};
use cw_health_types::claims_engine::{
    Adjustment, Claim, ClaimLine, ClaimStatus, CodeBenefit, CostShare, Enrollment, LineEffects,
    LineReviewAction, LineStatus, MemberStatus, PendReason, Plan, PriorAuthStatus, RecordAccess,
};
use cw_health_types::drug_provenance::{UnitStatus, VerifyUnitRequest};
use cw_health_types::ehr_registry::{PartyInfo, RecordSummary, RecordUseRequest};
use cw_health_types::store::{ReadMap, WriteMap};
use cw_health_types::{AccessAction, PurposeOfUse, Sha256Hash};

use crate::accum::{self, Tiers};
use crate::cob::{apply_prior_payment, coordination, prior_line};
use crate::common::day_of;
use crate::error::ContractError;
use crate::ncci::pair_edit;
use crate::network::network_terms;
pub use crate::reversal::{reverse_effects, reverse_lines};
use crate::state::{Config, LineRef, BENEFITS, PRIOR_AUTHS, PRODUCT_CODES, SERVICES, UNITS};
use crate::telehealth;
pub use crate::waterfall::{waterfall, Waterfall};

const CO: AdjustmentGroup = AdjustmentGroup::ContractualObligation;
const PR: AdjustmentGroup = AdjustmentGroup::PatientResponsibility;

/// How a claim is adjudicated.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mode<'a> {
    /// A final decision (adjuster or appeal): nothing is pended.
    pub final_decision: bool,
    /// When the decision is made (the block time).
    pub now: Timestamp,
    /// A re-decision of these lines only (their effects reversed first): the other lines keep
    /// their decision and its effects. `None`: every line.
    pub only: Option<&'a [u32]>,
    /// ehr-registry's answer about the supporting record, when the message asked it already
    /// (in the same transaction); `None`: asked at eligibility.
    pub support: Option<&'a Support>,
}

/// The duplicate index keys of a line: (near key, variant key), SHA-256 digests.
///
/// A pharmacy line's identity is its pack (GTIN + serial), not the service: one dispensed pack is
/// paid once, whatever the day, member or plan it is billed under (and once more by a secondary
/// payer on the primary's claim), while two different packs of the same drug on one day are two
/// services.
pub fn service_keys(claim: &Claim, line: &ClaimLine) -> ([u8; 32], [u8; 32]) {
    if let Some(drug) = &line.drug {
        // A secondary payer pays a pack once too (after its primary).
        let pack = match claim.primary_claim_id {
            Some(_) => format!("pack|{}|{}|{}", drug.gtin, drug.serial, claim.plan_id),
            None => format!("pack|{}|{}", drug.gtin, drug.serial),
        };
        return (
            Sha256Hash::digest_bytes(pack.as_bytes()),
            Sha256Hash::digest_bytes(b"pack"),
        );
    }
    let mut mods = line.modifiers.clone();
    mods.sort();
    let variant = format!("{}|{}", mods.join(","), line.units);
    (
        near_key(claim, &line.procedure_code),
        Sha256Hash::digest_bytes(variant.as_bytes()),
    )
}

/// The near key of a service: sha256(plan | member | who rendered it | day of service | code),
/// its 32 bytes. Who rendered it is the rendering provider when the claim names one, else the billing
/// provider: a clinician's service is one service whether the clinician bills it or a group it
/// authorized does (so the second claim is the duplicate, and NCCI pairs the clinician's
/// services across both billers).
pub fn near_key(claim: &Claim, code: &str) -> [u8; 32] {
    let near = format!(
        "{}|{}|{}|{}|{}",
        claim.plan_id,
        claim.member,
        claim.rendering_provider.as_ref().unwrap_or(&claim.provider),
        day_of(claim.date_of_service),
        code
    );
    Sha256Hash::digest_bytes(near.as_bytes())
}

/// Whether `charge = paid + sum(adjustments)` holds.
pub fn line_balances(line: &ClaimLine) -> bool {
    line.adjustments
        .iter()
        .try_fold(line.paid, |acc, a| acc.checked_add(a.amount).ok())
        .is_some_and(|sum| sum == line.charge)
}

fn adj(group: AdjustmentGroup, reason: Carc, amount: Uint128) -> Adjustment {
    Adjustment {
        group,
        reason,
        amount,
        rarc: None,
    }
}

/// Denies a line: the whole charge is one adjustment.
pub fn deny_line(line: &mut ClaimLine, group: AdjustmentGroup, reason: Carc) {
    line.status = LineStatus::Denied;
    line.allowed = Uint128::zero();
    line.paid = Uint128::zero();
    line.adjustments = vec![adj(group, reason, line.charge)];
}

/// Denies a line for a step's denial, with its RARC (or the adjuster's, for a review denial).
fn apply_denial(line: &mut ClaimLine, d: Denial) {
    let rarc = match &line.review {
        Some(LineReviewAction::Deny { rarc, .. }) if d.rarc.is_none() => rarc.clone(),
        _ => d.rarc.map(String::from),
    };
    deny_line(line, d.group, d.reason);
    if let Some(a) = line.adjustments.first_mut() {
        a.rarc = rarc;
    }
}

fn reset_line(line: &mut ClaimLine) {
    line.status = LineStatus::Paid;
    line.allowed = Uint128::zero();
    line.paid = Uint128::zero();
    line.adjustments = vec![];
    line.effects = LineEffects::default();
}

/// What ehr-registry answers about a claim's supporting record: whether the billing provider
/// may use it (HPAYMT first, then TREAT; a self-pay restriction ends the search: never usable)
/// and the record (none when it is not the member's).
#[derive(Clone, Debug, PartialEq)]
pub struct Support {
    /// The consent decision recorded on the claim.
    pub access: RecordAccess,
    /// The record.
    pub record: Option<RecordSummary>,
}

/// Asks ehr-registry about `record_id` for `provider` and `member` in one query, with the party
/// entries of `parties` (in their order).
pub fn ask_support(
    querier: &QuerierWrapper,
    config: &Config,
    (member, provider, record_id): (&Addr, &Addr, u64),
    parties: Vec<String>,
) -> Result<(Support, Vec<Option<PartyInfo>>), ContractError> {
    let answer = config
        .ehr_registry
        .record_use(
            querier,
            &RecordUseRequest {
                patient: member.to_string(),
                actor: provider.to_string(),
                action: AccessAction::Read,
                purposes: vec![PurposeOfUse::Payment, PurposeOfUse::Treatment],
                record_id,
                via_team: None,
                parties,
            },
        )
        .map_err(|e| ContractError::query_failed("ehr-registry", config.ehr_registry.addr(), e))?;
    let support = Support {
        access: RecordAccess {
            purpose: answer.purpose,
            reason: answer.decision.reason,
        },
        record: answer.record,
    };
    Ok((support, answer.parties))
}

/// A step's denial of a line: the whole charge becomes one adjustment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Denial {
    /// The 835 group (CO, PR, OA).
    pub group: AdjustmentGroup,
    /// The CARC.
    pub reason: Carc,
    /// The RARC explaining it, if one is needed.
    pub rarc: Option<&'static str>,
}

impl Denial {
    pub(crate) fn co(reason: Carc) -> Self {
        Denial {
            group: CO,
            reason,
            rarc: None,
        }
    }

    pub(crate) fn pr(reason: Carc) -> Self {
        Denial {
            group: PR,
            reason,
            rarc: None,
        }
    }

    pub(crate) fn co_remark(reason: Carc, rarc: &'static str) -> Self {
        Denial {
            group: CO,
            reason,
            rarc: Some(rarc),
        }
    }
}

/// What a step decides: go on with a value, or deny the line.
type Step<T> = Result<Result<T, Denial>, ContractError>;

/// What the lines of one claim share while they are adjudicated.
struct Ctx<'a> {
    querier: &'a QuerierWrapper<'a>,
    config: &'a Config,
    plan: &'a Plan,
    mode: Mode<'a>,
    /// The member's and the family's accumulators per network tier, as the lines before this
    /// one left them.
    acc: Tiers,
    /// A line is a near duplicate of another claim's.
    near_duplicate: bool,
    /// A pack drug-provenance flags with a second dispense attempt.
    pack_alert: bool,
    /// Coordination of benefits: the prior payer's claim this one is adjudicated on.
    primary: Option<Claim>,
    /// The claim's lines before this adjudication: (number, code, denied), for pair edits.
    lines: Vec<(u32, String, bool)>,
}

/// Step 1, eligibility (claim level): coverage at the date of service (CO-26 / CO-27), timely
/// filing (CO-29) and the provider's access to the supporting record (CO-252). Records the
/// consent decision on the claim.
fn eligibility(
    storage: &dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    plan: &Plan,
    enrollment: &Enrollment,
    claim: &mut Claim,
    support: Option<&Support>,
) -> Result<Option<Denial>, ContractError> {
    let dos = claim.date_of_service;
    let filing_deadline =
        dos.plus_seconds(u64::from(plan.timely_filing_days).saturating_mul(DAY_SECONDS));
    // The coverage segment of the date of service (bounded by the subscriber's for a dependant).
    let (start, end) = crate::family::covered_span(storage, plan.id, enrollment, dos)?;
    // Not covered on the date of service: the member owes it (PR-26 / PR-27).
    let denial = if dos < start || dos < plan.plan_year_start {
        Some(Denial::pr(Carc::BEFORE_COVERAGE))
    } else if end.is_some_and(|end| dos >= end) {
        Some(Denial::pr(Carc::AFTER_COVERAGE))
    } else if !claim.edits_waived && claim.submitted_at > filing_deadline {
        Some(Denial::co(Carc::TIMELY_FILING))
    } else {
        let fetched;
        let support = match support {
            Some(s) => s,
            None => {
                let asked = (&claim.member, &claim.provider, claim.supporting_record_id);
                fetched = ask_support(querier, config, asked, vec![])?.0;
                &fetched
            }
        };
        let usable = support.access.purpose.is_some()
            && support
                .record
                .as_ref()
                .is_some_and(|r| record_of_service(claim, r));
        claim.record_access = Some(support.access.clone());
        (!usable).then_some(Denial::co_remark(
            Carc::DOCUMENTATION_REQUIRED,
            RARC_MEDICAL_RECORD,
        ))
    };
    Ok(denial)
}

/// Whether the supporting record belongs to the service: about the member, written (or held)
/// by the billing or the rendering provider, not self-pay restricted, and of the date of
/// service: its clinical period covers that day, or, without one, it was written at most
/// `RECORD_LOOKBACK_DAYS` before it (or after it).
fn record_of_service(claim: &Claim, r: &RecordSummary) -> bool {
    let by_provider = [&r.custodian, &r.created_by]
        .into_iter()
        .any(|a| *a == claim.provider || Some(a) == claim.rendering_provider.as_ref());
    let day = day_of(claim.date_of_service);
    let dated = match &r.data_period {
        Some(p) => day_of(p.start) <= day && day <= day_of(p.end),
        None => day_of(r.created_at).saturating_add(RECORD_LOOKBACK_DAYS) >= day,
    };
    r.patient == claim.member && by_provider && dated && !r.self_pay_restricted
}

/// Step 2, coding edits: an adjuster's line denial (CO-<reason>).
fn review_edit(line: &ClaimLine) -> Option<Denial> {
    match line.review {
        Some(LineReviewAction::Deny { reason, .. }) => Some(Denial::co(reason)),
        _ => None,
    }
}

/// Step 3, provenance and the pack (drug-provenance): a pharmacy line is paid for a pack the
/// billing provider dispensed, not recalled or quarantined (else CO-16), on the date of service
/// (CO-16 / M52), under the code the plan maps its product to (CO-16 / M119), for at most the
/// units the pack holds (CO-16 / M53), once the dispense can no longer be undone (OA-133 while
/// drug-provenance's undo window is open). `Ok(true)`: drug-provenance reports a second
/// dispense attempt (the line is pended).
fn provenance(storage: &dyn Storage, ctx: &Ctx, claim: &Claim, line: &ClaimLine) -> Step<bool> {
    let Some(drug) = &line.drug else {
        return Ok(Ok(false));
    };
    let r = ctx
        .config
        .drug_provenance
        .verify_unit(
            ctx.querier,
            VerifyUnitRequest {
                gtin: drug.gtin.clone(),
                serial: drug.serial.clone(),
                lot: None,
                expiry: None,
                proof: None,
            },
        )
        .map_err(|e| {
            ContractError::query_failed("drug-provenance", ctx.config.drug_provenance.addr(), e)
        })?;
    let dispensed = r.status == UnitStatus::Dispensed
        && r.dispensed_by.as_ref() == Some(&claim.provider)
        && r.recall_class.is_none();
    let denial = if !dispensed {
        Some(Denial::co_remark(Carc::BILLING_ERROR, RARC_NDC))
    } else if r.dispensed_at.map(day_of) != Some(day_of(claim.date_of_service)) {
        Some(Denial::co_remark(Carc::BILLING_ERROR, RARC_DATE_OF_SERVICE))
    } else if PRODUCT_CODES
        .may_read(storage, (claim.plan_id, drug.gtin.as_str()))?
        .as_ref()
        != Some(&line.procedure_code)
    {
        Some(Denial::co_remark(Carc::BILLING_ERROR, RARC_NDC))
    } else if r.pack_quantity.is_none_or(|q| line.units > q) {
        Some(Denial::co_remark(Carc::BILLING_ERROR, RARC_UNITS))
    } else if r.undo_until.is_none_or(|until| ctx.mode.now < until) {
        Some(Denial {
            group: AdjustmentGroup::OtherAdjustment,
            reason: Carc::PENDING_REVIEW,
            rarc: None,
        })
    } else {
        None
    };
    Ok(match denial {
        Some(d) => Err(d),
        None => Ok(!r.alerts.is_empty()),
    })
}

/// Step 4, duplicates: the line's duplicate index keys and the line already holding them; an
/// exact duplicate is OA-18 (unless waived).
fn duplicates(
    storage: &dyn Storage,
    claim: &Claim,
    line: &ClaimLine,
) -> Step<([u8; 32], [u8; 32], bool)> {
    let (near, variant) = service_keys(claim, line);
    let existing = SERVICES.may_read(storage, (&near, &variant))?.is_some();
    if existing && !claim.edits_waived {
        return Ok(Err(Denial {
            group: AdjustmentGroup::OtherAdjustment,
            reason: Carc::EXACT_DUPLICATE,
            rarc: None,
        }));
    }
    Ok(Ok((near, variant, existing)))
}

/// Step 5, coverage: the code's benefit (CO-96 not in the fee schedule, PR-96 excluded).
fn coverage(storage: &dyn Storage, plan: &Plan, line: &ClaimLine) -> Step<CodeBenefit> {
    let Some(benefit) = BENEFITS.may_read(storage, (plan.id, line.procedure_code.as_str()))? else {
        return Ok(Err(Denial::co_remark(Carc::NON_COVERED, RARC_BENEFITS)));
    };
    if benefit.cost_share == (CostShare::NotCovered {}) {
        return Ok(Err(Denial {
            group: PR,
            reason: Carc::NON_COVERED,
            rarc: Some(RARC_BENEFITS),
        }));
    }
    Ok(Ok(benefit))
}

/// Step 6, unit limit: the member's units of the code that day with this line (CO-151 above the
/// plan's limit, unless waived).
fn unit_limit(
    storage: &dyn Storage,
    claim: &Claim,
    line: &ClaimLine,
    benefit: &CodeBenefit,
) -> Step<u32> {
    let key = (
        claim.plan_id,
        &claim.member,
        (day_of(claim.date_of_service), line.procedure_code.as_str()),
    );
    let used = UNITS.may_read(storage, key)?.unwrap_or_default();
    // A counter that would overflow denies this line (never refuses others' claims).
    let Some(total) = used.checked_add(line.units) else {
        return Ok(Err(Denial::co(Carc::UNITS_EXCEEDED)));
    };
    if !claim.edits_waived && benefit.max_units_per_day.is_some_and(|max| total > max) {
        return Ok(Err(Denial::co(Carc::UNITS_EXCEEDED)));
    }
    Ok(Ok(total))
}

/// Step 7, prior authorization: consumes the authorized units (CO-197 / CO-198, unless waived).
fn prior_authorization(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &Claim,
    line: &mut ClaimLine,
    benefit: &CodeBenefit,
) -> Step<()> {
    if !benefit.prior_auth_required || claim.edits_waived {
        return Ok(Ok(()));
    }
    match consume_prior_auth(storage, plan, claim, line)? {
        Ok(units) => {
            line.effects.auth_units = units;
            Ok(Ok(()))
        }
        Err(reason) => Ok(Err(Denial::co(reason))),
    }
}

/// Near duplicate: another line (of another claim, or an earlier line of this one) holds the
/// same (member, provider, day, code) with other modifiers or units. One entry is enough.
fn near_duplicate(storage: &dyn Storage, near: &[u8]) -> Result<bool, ContractError> {
    Ok(SERVICES
        .prefix(near)
        .keys(storage, None, None, cosmwasm_std::Order::Ascending)
        .next()
        .transpose()?
        .is_some())
}

/// Step 8, pricing: `allowed = min(charge, fee_per_unit * units)`, or the adjuster's repriced
/// amount; the rest is CO-45.
fn pricing(benefit: &CodeBenefit, line: &ClaimLine) -> Result<Uint128, ContractError> {
    let fee = benefit
        .fee_per_unit
        .checked_mul(Uint128::from(line.units))?;
    let ceiling = match line.review {
        Some(LineReviewAction::Reprice { allowed }) => allowed,
        _ => fee,
    };
    Ok(line.charge.min(ceiling))
}

/// Step 9, the cost-share waterfall: deductible, copay or coinsurance, out-of-pocket cap, by
/// the limits and accumulators of the line's network tier. Sets the line's payment and
/// adjustments (the accumulators are counted from them by `accum::count`).
fn cost_share(
    ctx: &Ctx,
    benefit: &CodeBenefit,
    allowed: Uint128,
    line: &mut ClaimLine,
    tier: usize,
) -> Result<(), ContractError> {
    let (deductible, out_of_pocket_max) = accum::limits(ctx.plan, tier);
    let (m, f) = ctx.acc.get(tier).copied().unwrap_or_default();
    let ded_left = deductible
        .individual
        .saturating_sub(m.deductible)
        .min(deductible.family.saturating_sub(f.deductible));
    let oop_left = out_of_pocket_max
        .individual
        .saturating_sub(m.out_of_pocket)
        .min(out_of_pocket_max.family.saturating_sub(f.out_of_pocket));
    let w = waterfall(
        allowed,
        &benefit.cost_share,
        benefit.deductible_applies,
        ded_left,
        oop_left,
    )?;
    line.allowed = allowed;
    line.paid = w.paid;
    for (group, reason, amount) in [
        (
            CO,
            Carc::EXCEEDS_FEE_SCHEDULE,
            line.charge.checked_sub(allowed)?,
        ),
        (PR, Carc::DEDUCTIBLE, w.deductible),
        (PR, Carc::COPAY, w.copay),
        (PR, Carc::COINSURANCE, w.coinsurance),
    ] {
        if !amount.is_zero() {
            line.adjustments.push(adj(group, reason, amount));
        }
    }
    Ok(())
}

/// The line pipeline's signature.
type DecideLine =
    fn(&mut dyn Storage, &mut Ctx, &Claim, &mut ClaimLine) -> Result<Option<Denial>, ContractError>;

/// Runs [`decide_line`] through a function pointer the optimizer cannot see through. The chain's
/// validator rejects a function with more than 100 locals, and binaryen inlines a function
/// called from one place into its caller; a function reached through the table stays a function
/// of its own, so `adjudicate` and the line pipeline each keep their own locals (about 90 and 60
/// instead of 99 together).
fn decide_line_apart(
    storage: &mut dyn Storage,
    ctx: &mut Ctx,
    claim: &Claim,
    line: &mut ClaimLine,
) -> Result<Option<Denial>, ContractError> {
    std::hint::black_box(decide_line as DecideLine)(storage, ctx, claim, line)
}

/// Runs the line-level steps on one line, in order, and applies its effects (unit counter,
/// duplicate index, authorization units, accumulators). `Ok(Some(denial))` denies the line.
fn decide_line(
    storage: &mut dyn Storage,
    ctx: &mut Ctx,
    claim: &Claim,
    line: &mut ClaimLine,
) -> Result<Option<Denial>, ContractError> {
    if let Some(d) = review_edit(line) {
        return Ok(Some(d));
    }
    let prior = match ctx.primary.as_ref().map(|p| prior_line(p, line)) {
        Some(Err(d)) => return Ok(Some(d)),
        Some(Ok(v)) => Some(v),
        None => None,
    };
    let suspect_pack = match provenance(storage, ctx, claim, line)? {
        Ok(s) => s,
        Err(d) => return Ok(Some(d)),
    };
    let (near, variant, existing) = match duplicates(storage, claim, line)? {
        Ok(k) => k,
        Err(d) => return Ok(Some(d)),
    };
    let benefit = match coverage(storage, ctx.plan, line)? {
        Ok(b) => b,
        Err(d) => return Ok(Some(d)),
    };
    let benefit =
        match telehealth::line_terms_apart(storage, ctx.querier, ctx.config, claim, line, benefit)?
        {
            Ok(b) => b,
            Err(d) => return Ok(Some(d)),
        };
    let rpm_period =
        match crate::rpm::line_terms_apart(storage, ctx.querier, ctx.config, claim, line)? {
            Ok(h) => h,
            Err(d) => return Ok(Some(d)),
        };
    let (benefit, tier) = match network_terms(storage, ctx.plan, &claim.provider, benefit)? {
        Ok(b) => b,
        Err(d) => return Ok(Some(d)),
    };
    if let Some(d) = pair_edit(storage, claim, &ctx.lines, line)? {
        return Ok(Some(d));
    }
    let total_units = match unit_limit(storage, claim, line, &benefit)? {
        Ok(t) => t,
        Err(d) => return Ok(Some(d)),
    };
    if let Err(d) = prior_authorization(storage, ctx.plan, claim, line, &benefit)? {
        return Ok(Some(d));
    }
    let provisional = !ctx.mode.final_decision;
    if provisional && !claim.edits_waived && !existing && near_duplicate(storage, &near)? {
        line.status = LineStatus::Pended;
        ctx.near_duplicate = true;
    }
    if suspect_pack && provisional {
        line.status = LineStatus::Pended;
        ctx.pack_alert = true;
    }
    let units_key = (
        claim.plan_id,
        &claim.member,
        (day_of(claim.date_of_service), line.procedure_code.as_str()),
    );
    UNITS.write(storage, units_key, &total_units)?;
    line.effects.units_counted = line.units;
    if rpm_period {
        crate::rpm::hold_period(storage, claim, line)?;
    }
    if !existing {
        SERVICES.write(
            storage,
            (&near, &variant),
            &LineRef {
                claim_id: claim.id,
                line: line.number,
            },
        )?;
        line.effects.indexed = true;
    }
    let allowed = pricing(&benefit, line)?;
    cost_share(ctx, &benefit, allowed, line, tier)?;
    if let Some(v) = prior {
        apply_prior_payment(line, v)?;
    }
    accum::count(&mut ctx.acc, line, tier)?;
    Ok(None)
}

/// Adjudicates every line of `claim` and applies its effects (accumulators, unit counters,
/// prior-authorization units, duplicate index). The claim's lines must carry no effects (fresh,
/// or reversed with [`reverse_effects`]). Sets the lines, totals, status and pend reasons.
/// `enrollment` is the member's in the claim's plan (`common::load_enrollment`, read once per
/// message).
pub fn adjudicate(
    storage: &mut dyn Storage,
    querier: &QuerierWrapper,
    config: &Config,
    (plan, enrollment): (&Plan, &Enrollment),
    claim: &mut Claim,
    mode: Mode,
) -> Result<(), ContractError> {
    claim.pend_reasons.clear();
    let mut primary = None;
    let claim_denial = match eligibility(
        storage,
        querier,
        config,
        plan,
        enrollment,
        claim,
        mode.support,
    )? {
        Some(d) => Some(d),
        None => match coordination(storage, claim, mode.now)? {
            Ok(p) => {
                primary = p;
                None
            }
            Err(d) => Some(d),
        },
    };
    if claim_denial.is_none()
        && enrollment.status == MemberStatus::Suspended
        && !mode.final_decision
    {
        claim.pend_reasons.push(PendReason::CoverageSuspended);
    }
    let before = accum::load(storage, claim, plan.out_of_network_limits.is_some())?;
    let mut ctx = Ctx {
        querier,
        config,
        plan,
        mode,
        acc: before,
        near_duplicate: false,
        pack_alert: false,
        primary,
        lines: claim
            .lines
            .iter()
            .map(|l| {
                let denied = l.status == LineStatus::Denied
                    && mode.only.is_some_and(|only| !only.contains(&l.number));
                (l.number, l.procedure_code.clone(), denied)
            })
            .collect(),
    };
    let mut lines = std::mem::take(&mut claim.lines);
    for line in lines.iter_mut() {
        if mode.only.is_some_and(|only| !only.contains(&line.number)) {
            continue;
        }
        reset_line(line);
        let denial = match claim_denial {
            Some(d) => Some(d),
            None => decide_line_apart(storage, &mut ctx, claim, line)?,
        };
        if let Some(d) = denial {
            apply_denial(line, d);
        }
    }
    claim.lines = lines;
    accum::save(storage, claim, &before, &ctx.acc)?;
    if ctx.near_duplicate {
        claim.pend_reasons.push(PendReason::SuspectDuplicate);
    }
    if ctx.pack_alert {
        claim.pend_reasons.push(PendReason::SuspectPack);
    }
    settle_status(claim, plan, mode)
}

/// Totals, the auto-approval ceiling, and the claim's status (a final decision settles pended
/// lines as adjudicated).
fn settle_status(claim: &mut Claim, plan: &Plan, mode: Mode) -> Result<(), ContractError> {
    compute_totals(claim)?;
    if !mode.final_decision && claim.total_paid > plan.auto_approval_ceiling {
        claim
            .pend_reasons
            .push(PendReason::AboveAutoApprovalCeiling);
    }
    claim.status = if !claim.pend_reasons.is_empty() && !mode.final_decision {
        ClaimStatus::Pended
    } else {
        for line in claim.lines.iter_mut() {
            if line.status == LineStatus::Pended {
                line.status = LineStatus::Paid;
            }
        }
        status_from_lines(claim)
    };
    Ok(())
}

/// Checks and consumes the line's prior authorization. `Ok(Err(carc))` denies the line.
fn consume_prior_auth(
    storage: &mut dyn Storage,
    plan: &Plan,
    claim: &Claim,
    line: &ClaimLine,
) -> Result<Result<u32, Carc>, ContractError> {
    let Some(auth_id) = line.prior_auth_id else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    let Some(mut auth) = PRIOR_AUTHS.may_read(storage, auth_id)? else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    let valid = matches!(
        auth.status,
        PriorAuthStatus::Approved | PriorAuthStatus::Modified
    ) && auth.plan_id == plan.id
        && auth.member == claim.member
        && *auth.servicing_provider.as_ref().unwrap_or(&auth.provider) == claim.provider
        && claim.date_of_service >= auth.service_start
        && claim.date_of_service <= auth.service_end;
    let Some(service) = auth
        .approved
        .iter_mut()
        .find(|s| s.code == line.procedure_code)
        .filter(|_| valid)
    else {
        return Ok(Err(Carc::AUTHORIZATION_ABSENT));
    };
    if service.units < line.units {
        return Ok(Err(Carc::AUTHORIZATION_EXCEEDED));
    }
    service.units = service.units.saturating_sub(line.units);
    PRIOR_AUTHS.write(storage, auth_id, &auth)?;
    Ok(Ok(line.units))
}

/// Recomputes the claim totals and checks every line balances.
pub fn compute_totals(claim: &mut Claim) -> Result<(), ContractError> {
    let mut charge = Uint128::zero();
    let mut allowed = Uint128::zero();
    let mut paid = Uint128::zero();
    let mut patient = Uint128::zero();
    for line in &claim.lines {
        if !line_balances(line) {
            return Err(ContractError::LineImbalance {
                claim_id: claim.id,
                line: line.number,
            });
        }
        charge = charge.checked_add(line.charge)?;
        allowed = allowed.checked_add(line.allowed)?;
        paid = paid.checked_add(line.paid)?;
        for a in &line.adjustments {
            if a.group == PR {
                patient = patient.checked_add(a.amount)?;
            }
        }
    }
    claim.total_charge = charge;
    claim.total_allowed = allowed;
    claim.total_paid = paid;
    claim.patient_responsibility = patient;
    Ok(())
}

/// Paid, partially paid or denied, from the lines.
pub fn status_from_lines(claim: &Claim) -> ClaimStatus {
    let denied = claim
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::Denied)
        .count();
    if denied == 0 {
        ClaimStatus::Paid
    } else if denied == claim.lines.len() {
        ClaimStatus::Denied
    } else {
        ClaimStatus::PartiallyPaid
    }
}

/// The time after which a claim may no longer be appealed.
pub fn appeal_deadline(adjudicated_at: Timestamp) -> Timestamp {
    adjudicated_at.plus_seconds(cw_health_types::claims_engine::codes::APPEAL_WINDOW_SECONDS)
}
