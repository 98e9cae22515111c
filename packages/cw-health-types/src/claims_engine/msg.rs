use cosmwasm_schema::QueryResponses;
use cosmwasm_std::{Addr, Timestamp, Uint128};
use cw_health_derive::cw_serde_map as cw_serde;
use cw_health_derive::cw_serde_strict;

use crate::hash::Sha256Hash;
use crate::ownership::{Ownership, OwnershipAction};

use super::codes::{AdjustmentGroup, Carc};

/// Instantiates the claims engine.
#[cw_serde_strict]
pub struct InstantiateMsg {
    /// The contract owner; defaults to the sender.
    pub owner: Option<String>,
    /// The ehr-registry contract: provider credentials (`party`) and consent (`check_access`).
    pub ehr_registry: String,
    /// The drug-provenance contract: pharmacy line pack verification (`verify_unit`).
    pub drug_provenance: String,
    /// Most payment-pending claims paid per funding or queue-processing message (default 10,
    /// at most 50).
    pub payout_batch_limit: Option<u32>,
}

/// Executes a change.
#[cw_serde_strict]
pub enum ExecuteMsg {
    /// Proposes, accepts or cancels a transfer of contract ownership (two-step).
    UpdateOwnership(OwnershipAction),
    /// Re-wires the contracts claims-engine asks (e.g. after a migration to a new address) or
    /// changes the payout batch; `None` keeps the current value. Only the owner may call it.
    UpdateConfig {
        /// The ehr-registry contract.
        ehr_registry: Option<String>,
        /// The drug-provenance contract.
        drug_provenance: Option<String>,
        /// Most payment-pending claims paid per message (1 to 50).
        payout_batch_limit: Option<u32>,
        /// Replaces the independent review organizations (IROs) that decide external reviews
        /// (at most 10 addresses, unique). An IRO is independent of every plan: at decision
        /// time it may not be the plan's insurer or one of its adjusters, nor the claim's
        /// provider or member. `None` keeps the current list.
        #[serde(default)]
        review_organizations: Option<Vec<String>>,
    },
    /// Creates a health plan. Only an active Payer party of ehr-registry may call it; the sender
    /// becomes the plan's insurer.
    CreatePlan(PlanInput),
    /// Replaces the plan's adjusters (they review pended claims, decide prior authorizations and
    /// appeals). Only the plan's insurer may call it.
    SetAdjusters {
        /// The plan.
        plan_id: u64,
        /// The adjusters' addresses (at most 32, unique).
        adjusters: Vec<String>,
    },
    /// Funds the plan's pool with exactly one coin of the plan's denom, then pays waiting claims
    /// oldest first (at most `payout_batch_limit`). Only the plan's insurer may call it.
    FundPool {
        /// The plan.
        plan_id: u64,
    },
    /// Withdraws available (unreserved) funds to the insurer, only while no claim waits for
    /// payment. Only the plan's insurer may call it.
    WithdrawFunds {
        /// The plan.
        plan_id: u64,
        /// The amount to withdraw (at most the available amount).
        amount: Uint128,
    },
    /// Enrolls a member, or updates an enrollment (coverage period, status). A coverage start at
    /// or after the end of the current coverage re-enrolls the member: the earlier coverage is
    /// kept as a segment of the member's history (at most 50, never overlapping), so claims for
    /// its days are still covered. Only the plan's insurer may call it.
    EnrollMember(EnrollmentInput),
    /// Sets the sender's own payer order for coordination of benefits: the plans covering them,
    /// primary first, effective for services from now on (never for earlier services). Only the
    /// member may call it (an insurer never reorders a member's plans, so no plan can make
    /// itself primary and deny the real primary's claims as CO-22), and the list must hold
    /// exactly the plans of the member's current order, each once. A member's first enrollment in
    /// a plan puts the plan last in the order.
    SetPayerOrder {
        /// The plans, primary first: a permutation of the member's current order (at most 4).
        plan_ids: Vec<u64>,
    },
    /// Adds providers to and removes them from the plan's network. A plan with a network prices
    /// its providers by the fee schedule and the others by each code's out-of-network terms. Only
    /// the plan's insurer may call it.
    UpdateNetwork {
        /// The plan.
        plan_id: u64,
        /// Providers to add (at most 100).
        add: Vec<String>,
        /// Providers to remove (at most 100; removals are applied first).
        remove: Vec<String>,
    },
    /// Adds and removes the plan's NCCI-style procedure-to-procedure edits. Only the plan's
    /// insurer may call it. An added pair replaces the same pair (and wins over its removal in
    /// the same message).
    UpdatePairEdits {
        /// The plan.
        plan_id: u64,
        /// Edits to add (at most 100; at most 20 column-1 codes per column-2 code).
        add: Vec<PairEdit>,
        /// Pairs to remove (at most 100).
        remove: Vec<CodePair>,
    },
    /// Submits an 837-shaped claim: an original (frequency 1), a replacement (7) or a void (8) of
    /// an earlier claim. The sender is the billing provider and must be an active Clinician or
    /// Organization party of ehr-registry, and not the member (no billing for treating oneself).
    /// Malformed claims are rejected (error, nothing stored), and so is a replacement past the
    /// original's timely-filing limit (the original stands); otherwise the claim is adjudicated
    /// at once, line by line, and paid when approved.
    SubmitClaim(ClaimSubmission),
    /// Decides a pended claim: approve, deny with a reason code, or adjust lines. Only an
    /// adjuster (or the insurer) of the claim's plan who is neither the claim's provider nor its
    /// member may call it.
    ReviewClaim {
        /// The pended claim.
        claim_id: u64,
        /// The decision.
        decision: ReviewDecision,
    },
    /// Requests a prior authorization. The sender is the requesting provider and must be an
    /// active Clinician or Organization party of ehr-registry.
    RequestPriorAuth(PriorAuthRequest),
    /// Decides a pending prior authorization (due 72 h expedited / 7 days standard after the
    /// request). Only an adjuster (or the insurer) of the plan who is neither the requesting
    /// provider, the servicing provider nor the member may call it.
    DecidePriorAuth {
        /// The request.
        auth_id: u64,
        /// The decision.
        decision: PriorAuthDecision,
    },
    /// Files an appeal (29 CFR 2560.503-1 / 45 CFR 147.136) within 180 days of the adverse
    /// decision; its `kind` fixes what is appealed, who may file and when the decision is due
    /// (72 hours urgent, 30 days pre-service, 60 days post-service, 45 days external review).
    /// A claim has at most one open appeal, and a line's denial (or its amount) is appealed
    /// internally once; a prior authorization's denial once. What the member may file, the
    /// member's authorized representative may file too: an active ehr-registry delegate of the
    /// member who is a guardian, a parent or holds a healthcare power of attorney.
    FileAppeal {
        /// The claim appealed: required for a post-service or underpayment appeal, absent for a
        /// prior authorization appeal or an external review.
        claim_id: Option<u64>,
        /// Optional hash of the off-chain appeal letter and evidence (never the text).
        evidence: Option<Sha256Hash>,
        /// Post-service: the denied lines appealed (1-based line numbers, unique); empty: every
        /// denied line not appealed before. Only these lines are re-decided if the appeal is
        /// overturned. Empty for the other kinds.
        #[serde(default)]
        lines: Vec<u32>,
        /// What is appealed; `None`: the denial of the claim's lines (post-service).
        #[serde(default)]
        kind: Option<AppealKind>,
    },
    /// Decides an open appeal. An internal appeal: only an adjuster (or the insurer) of the plan
    /// other than the original decider (the claim's adjuster, the prior authorization's), its
    /// provider and its member. An external review: only an independent review organization
    /// (see `UpdateConfig`), never the plan's insurer or adjusters. Overturned: a claim's
    /// appealed lines (only) are re-decided with the appealable edits waived and the difference
    /// paid, the other lines keeping their decision and its effects; an underpaid line is
    /// re-priced (only it) and the difference paid; a denied prior authorization is approved as
    /// requested. An external reviewer's overturn binds the plan.
    DecideAppeal {
        /// The appeal.
        appeal_id: u64,
        /// The outcome.
        outcome: AppealOutcome,
        /// For an overturned underpayment appeal: the line's corrected allowed amount, more than
        /// the line's allowed amount and at most its charge and the plan's fee for its units
        /// (in network when the appeal's basis is the network). `None`: that fee, capped by the
        /// charge. Must be `None` for the other kinds.
        #[serde(default)]
        allowed: Option<Uint128>,
    },
    /// Pays payment-pending claims of a plan oldest first while funds last (at most `limit`,
    /// capped by `payout_batch_limit`). Anyone may call it.
    ProcessPaymentQueue {
        /// The plan.
        plan_id: u64,
        /// Most claims to pay in this message.
        limit: Option<u32>,
    },
    /// Sets (or, with `None`, clears) a plan's telehealth rules. A telehealth line (place of
    /// service 02 or 10 on the claim, or modifier 95 or 93 on the line) is paid only under
    /// them, for a visit held in ehr-registry. Only the plan's insurer may call it.
    SetTelehealthRules {
        /// The plan.
        plan_id: u64,
        /// The rules; `None`: no telehealth benefit (telehealth lines are denied CO-96).
        rules: Option<TelehealthRules>,
    },
    /// Sets (or, with `None`, clears) a plan's remote patient monitoring rules: a line billing
    /// one of their device-supply codes names the device (`device`) and is paid only when
    /// ehr-registry counts enough distinct reading days of the member from that device, enrolled
    /// by the member on the billing or rendering provider's order, in the period ending on the
    /// date of service; and at most once per member per period. Only the plan's insurer may
    /// call it.
    SetRpmRules {
        /// The plan.
        plan_id: u64,
        /// The rules; `None`: the codes are paid as any code of the fee schedule.
        rules: Option<crate::rpm::RpmRules>,
    },
    /// Reassignment of benefits (Medicare's CMS-855R): the sender, a rendering provider (an
    /// active Clinician or Organization party of ehr-registry), authorizes `billing_provider`
    /// to bill the plans for the services it renders. A claim naming a rendering provider
    /// other than its sender is accepted only when that rendering provider's authorization of
    /// the sender was in force on the date of service (else the submission is refused). One
    /// authorization in force per pair; after its end a new one opens a new period (at most 10
    /// per pair), and the services of the earlier periods stay billable.
    AuthorizeBilling {
        /// The billing provider: an active Clinician or Organization party of ehr-registry,
        /// not the sender (a provider bills its own services without one).
        billing_provider: String,
        /// When the authorization takes effect: not in the future, at most 30 days back
        /// (42 CFR 424.521(a)), and not before the end of the pair's last period. `None`: now.
        #[serde(default)]
        effective_from: Option<Timestamp>,
    },
    /// Ends a billing authorization in force, prospectively: services rendered from now on are
    /// no longer billable by that billing provider; those rendered before stay billable. Either
    /// side may call it: the rendering provider that gave it or the billing provider.
    EndBillingAuthorization {
        /// The rendering provider that gave the authorization.
        rendering_provider: String,
        /// The billing provider it authorized.
        billing_provider: String,
    },
}

/// A deductible or out-of-pocket maximum, per individual and per family.
#[cw_serde_strict]
pub struct CostLimit {
    /// The amount for one member per plan year.
    pub individual: Uint128,
    /// The amount for the whole family per plan year (at least `individual`).
    pub family: Uint128,
}

/// The member's cost share of a covered procedure after the deductible.
#[cw_serde_strict]
pub enum CostShare {
    /// A fixed copay per line (PR-3), at most the amount left after the deductible.
    Copay {
        /// The copay amount.
        amount: Uint128,
    },
    /// A share of the amount left after the deductible (PR-2), in basis points (0..=10000).
    /// Rounding: the plan's payment is rounded down to the unit, the member's coinsurance is
    /// the remainder (so `paid + coinsurance` is exact).
    Coinsurance {
        /// The member's share in basis points.
        bps: u16,
    },
    /// The procedure is excluded from the benefits: the member owes the charge (PR-96).
    NotCovered {},
}

/// The plan's rules for one procedure code (fee schedule, coverage and edits).
#[cw_serde_strict]
pub struct CodeBenefit {
    /// CPT/HCPCS procedure code (5 upper-case alphanumeric characters).
    pub code: String,
    /// Fee schedule: the allowed amount per unit. A line's allowed amount is
    /// `min(charge, fee_per_unit * units)`; the rest is CO-45.
    pub fee_per_unit: Uint128,
    /// The member's cost share.
    pub cost_share: CostShare,
    /// Whether the deductible applies before the cost share.
    pub deductible_applies: bool,
    /// Whether a line needs an approved prior authorization (else CO-197).
    pub prior_auth_required: bool,
    /// Medically unlikely edit: most units per member per day of service (else CO-151).
    pub max_units_per_day: Option<u32>,
    /// The terms for a provider outside the plan's network (when the plan has one): another fee
    /// schedule and cost share. `None`: not covered out of network (PR-242, the member owes it).
    #[serde(default)]
    pub out_of_network: Option<OutOfNetwork>,
    /// The drug products (GTIN-14s, at most 20) the plan bills under this code: its
    /// product-to-code (NDC/GTIN to HCPCS) map. A pharmacy line's pack must be one of the
    /// products of the line's code (else CO-16 with RARC M119); a GTIN belongs to one code.
    #[serde(default)]
    pub products: Vec<String>,
}

/// A code's fee schedule and cost share for providers outside the plan's network.
#[cw_serde_strict]
pub struct OutOfNetwork {
    /// The allowed amount per unit (non-zero unless not covered).
    pub fee_per_unit: Uint128,
    /// The member's cost share.
    pub cost_share: CostShare,
}

/// A plan definition.
#[cw_serde_strict]
pub struct PlanInput {
    /// Opaque external plan identifier (e.g. a HIOS id), a token of at most 64 characters.
    pub external_id: String,
    /// The native denom the pool is funded and claims are paid in.
    pub denom: String,
    /// Start of the first plan year. Plan years follow the policy year: each starts on the
    /// anniversary of this instant (month, day and time of day, UTC), leap years included; a
    /// start on 29 February renews on 1 March in common years. Accumulators reset at each start.
    pub plan_year_start: Timestamp,
    /// Deductible per plan year.
    pub deductible: CostLimit,
    /// Out-of-pocket maximum per plan year (at least the deductible).
    pub out_of_pocket_max: CostLimit,
    /// The fee schedule and coverage per procedure code (1 to 100 unique codes).
    pub benefits: Vec<CodeBenefit>,
    /// Timely-filing limit: days after the date of service a claim may be submitted (1..=3650).
    pub timely_filing_days: u32,
    /// Claims whose plan payment exceeds this amount are pended for an adjuster.
    pub auto_approval_ceiling: Uint128,
    /// The plan's adjusters (at most 32, unique).
    pub adjusters: Vec<String>,
    /// Prompt-pay rule: when a payable claim's payment is due, and the interest owed if it is
    /// paid later. `None`: no prompt-pay clock.
    #[serde(default)]
    pub prompt_pay: Option<PromptPay>,
    /// Deductible and out-of-pocket maximum of the out-of-network tier, met separately from the
    /// in-network ones (each at least 0, individual at most family, out-of-pocket at least the
    /// deductible). `None`: out-of-network services count toward the in-network limits.
    #[serde(default)]
    pub out_of_network_limits: Option<TierLimits>,
}

/// The limits of one network tier, per plan year.
#[cw_serde_strict]
pub struct TierLimits {
    /// Deductible per plan year.
    pub deductible: CostLimit,
    /// Out-of-pocket maximum per plan year (at least the deductible).
    pub out_of_pocket_max: CostLimit,
}

/// An NCCI-style procedure-to-procedure edit: the column-2 code is a component of the column-1
/// code and is not paid (CO-97, RARC M15) when the same provider bills the column-1 code for the
/// same member and day (on the same claim, or an earlier one), unless the edit allows a
/// distinct-procedure modifier (59, XE, XS, XP or XU) and the column-2 line carries one.
#[cw_serde_strict]
pub struct PairEdit {
    /// The comprehensive code (CPT/HCPCS).
    pub column1: String,
    /// The component code (CPT/HCPCS), other than `column1`.
    pub column2: String,
    /// NCCI modifier indicator 1 (`true`): a distinct-procedure modifier on the column-2 line
    /// bypasses the edit; 0 (`false`): nothing does.
    pub modifier_allowed: bool,
}

/// A pair of codes of an edit to remove.
#[cw_serde_strict]
pub struct CodePair {
    /// The comprehensive code.
    pub column1: String,
    /// The component code.
    pub column2: String,
}

/// A prompt-pay rule (state prompt-pay statutes, e.g. 30 days for a clean electronic claim).
///
/// A claim adjudicated payable is due `days` after it was received (submitted); an additional
/// amount paid after an overturned appeal is due `days` after the decision. A payment sent (or
/// offset) after its due time carries simple interest on the amount paid:
/// `floor(amount * annual_interest_bps * seconds_late / (10000 * 365 * 86400))`, rounded down
/// to the unit, paid with it from the pool.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub struct PromptPay {
    /// Days from receipt to the payment due time (1 to 365).
    pub days: u32,
    /// Simple annual interest on late payments, in basis points (0 to 10000).
    pub annual_interest_bps: u16,
}
#[cw_serde]
pub struct Plan {
    /// The plan's id.
    pub id: u64,
    /// The insurer (creator; funds the pool, enrolls members).
    pub insurer: Addr,
    /// Opaque external plan identifier.
    pub external_id: String,
    /// The pool's denom.
    pub denom: String,
    /// Start of the first plan year.
    pub plan_year_start: Timestamp,
    /// Deductible per plan year.
    pub deductible: CostLimit,
    /// Out-of-pocket maximum per plan year.
    pub out_of_pocket_max: CostLimit,
    /// Timely-filing limit in days.
    pub timely_filing_days: u32,
    /// Auto-approval ceiling on a claim's plan payment.
    pub auto_approval_ceiling: Uint128,
    /// The adjusters.
    pub adjusters: Vec<Addr>,
    /// How many procedure codes the fee schedule holds.
    pub benefit_count: u32,
    /// When the plan was created.
    pub created_at: Timestamp,
    /// The prompt-pay rule, if any.
    #[serde(default)]
    pub prompt_pay: Option<PromptPay>,
    /// The out-of-network tier's own limits, if the plan keeps them apart.
    #[serde(default)]
    pub out_of_network_limits: Option<TierLimits>,
}

/// The state of a member's coverage.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum MemberStatus {
    /// Covered within the coverage period.
    Active,
    /// In a grace period (e.g. premium unpaid): claims are pended for an adjuster.
    Suspended,
    /// Coverage ended at `coverage_end` (required); services before it remain covered.
    Terminated,
}

/// An enrollment (or its update).
#[cw_serde_strict]
pub struct EnrollmentInput {
    /// The plan.
    pub plan_id: u64,
    /// The member's (patient's) address.
    pub member: String,
    /// Opaque family (subscriber group) identifier for family accumulators, a token of at most
    /// 64 characters. Fixed at first enrollment.
    pub family_id: String,
    /// First covered instant.
    pub coverage_start: Timestamp,
    /// End of coverage (exclusive), if any.
    pub coverage_end: Option<Timestamp>,
    /// Coverage status.
    pub status: MemberStatus,
    /// The subscriber this member is covered through as a dependant (X12 834/837 loop 2000C);
    /// `None`: the member is the subscriber (relationship 18, self; loop 2000B). The subscriber
    /// must be enrolled in the plan as a subscriber, with the same `family_id`, and cover the
    /// dependant's whole coverage period. Fixed at first enrollment.
    #[serde(default)]
    pub dependant_of: Option<DependantOf>,
}

/// The subscriber a dependant is covered through.
#[cw_serde_strict]
pub struct DependantOf {
    /// The subscriber's address.
    pub subscriber: String,
    /// The dependant's relationship to the subscriber.
    pub relationship: Relationship,
}

/// A dependant's relationship to the subscriber: X12 individual relationship codes (834 INS02,
/// 837 PAT01). Self (18) is the subscriber, who has no `dependant_of`.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum Relationship {
    /// 01: spouse.
    Spouse,
    /// 19: child.
    Child,
    /// 53: life partner.
    LifePartner,
    /// G8: other relationship.
    Other,
}

impl Relationship {
    /// The X12 code.
    pub fn code(&self) -> &'static str {
        match self {
            Relationship::Spouse => "01",
            Relationship::Child => "19",
            Relationship::LifePartner => "53",
            Relationship::Other => "G8",
        }
    }
}

/// A dependant's subscriber, as stored.
#[cw_serde]
pub struct Dependency {
    /// The subscriber.
    pub subscriber: Addr,
    /// The relationship to the subscriber.
    pub relationship: Relationship,
}

/// A member's coverage in a plan.
#[cw_serde]
pub struct Enrollment {
    /// The plan.
    pub plan_id: u64,
    /// The member.
    pub member: Addr,
    /// The family identifier.
    pub family_id: String,
    /// First covered instant.
    pub coverage_start: Timestamp,
    /// End of coverage (exclusive), if any.
    pub coverage_end: Option<Timestamp>,
    /// Coverage status.
    pub status: MemberStatus,
    /// When the enrollment was last changed.
    pub updated_at: Timestamp,
    /// The subscriber this member is covered through as a dependant; `None`: the subscriber.
    #[serde(default)]
    pub dependant_of: Option<Dependency>,
}

/// X12 CLM05-3 claim frequency (`code()` gives the X12 digit).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum ClaimFrequency {
    /// 1: an original claim.
    Original,
    /// 7: replaces an earlier claim (reverses it and is adjudicated in its place).
    Replacement,
    /// 8: voids an earlier claim (reverses it); carries no lines.
    Void,
}

impl ClaimFrequency {
    /// The X12 CLM05-3 code: `"1"`, `"7"` or `"8"`.
    pub fn code(&self) -> &'static str {
        match self {
            ClaimFrequency::Original => "1",
            ClaimFrequency::Replacement => "7",
            ClaimFrequency::Void => "8",
        }
    }
}

/// A drug pack billed on a pharmacy line (GS1 data matrix).
#[cw_serde_strict]
pub struct DrugPack {
    /// GTIN-14 (AI 01).
    pub gtin: String,
    /// Serial number (AI 21).
    pub serial: String,
}

/// One service line of a claim.
#[cw_serde_strict]
pub struct ClaimLineInput {
    /// CPT/HCPCS procedure code (5 upper-case alphanumeric characters).
    pub procedure_code: String,
    /// Up to 4 modifiers (2 upper-case alphanumeric characters each, unique).
    pub modifiers: Vec<String>,
    /// Units of service (1 to 99,999, the 837 quantity's bound).
    pub units: u32,
    /// The billed charge (non-zero).
    pub charge: Uint128,
    /// 1 to 4 unique 1-based pointers into the claim's diagnosis codes.
    pub diagnosis_pointers: Vec<u8>,
    /// The prior authorization the line relies on, if any.
    pub prior_auth_id: Option<u64>,
    /// For a pharmacy line: the dispensed pack.
    pub drug: Option<DrugPack>,
    /// For a remote patient monitoring device-supply line (a code of the plan's RPM rules): the
    /// device's ehr-registry address (a normalized address, else the submission is refused). Its
    /// reading days of the member are counted; ignored on other lines.
    #[serde(default)]
    pub device: Option<String>,
}

/// An 837-shaped claim.
#[cw_serde_strict]
pub struct ClaimSubmission {
    /// The plan.
    pub plan_id: u64,
    /// The member (patient) address.
    pub member: String,
    /// Original, replacement or void.
    pub frequency: ClaimFrequency,
    /// For a replacement or void: the payer's claim id of the claim corrected (REF*F8).
    pub original_claim_id: Option<u64>,
    /// Date of service (not in the future).
    pub date_of_service: Timestamp,
    /// Optional CMS place-of-service code (2 digits).
    pub place_of_service: Option<String>,
    /// ICD-10-CM diagnosis codes (1 to 12, unique, e.g. `E11.9`). Empty for a void.
    pub diagnoses: Vec<String>,
    /// Service lines (1 to 50). Empty for a void.
    pub lines: Vec<ClaimLineInput>,
    /// The ehr-registry record supporting the claim: it must be about the member, written by
    /// the billing or the rendering provider, and of the date of service (its clinical period
    /// covers that day; a record without one was written at most 365 days before it, or after
    /// it); the billing provider must be allowed to read it for payment (HPAYMT) or
    /// treatment (TREAT), and it may not be self-pay restricted. Else CO-252 (RARC M127).
    pub supporting_record_id: u64,
    /// The rendering provider (837 NM1*82), when not the billing provider: an active Clinician
    /// or Organization party of ehr-registry, not the member. For a pharmacy line, the
    /// prescriber.
    #[serde(default)]
    pub rendering_provider: Option<String>,
    /// Coordination of benefits: the claim of the plan just ahead of this one in the member's
    /// payer order, for the same member and date of service, already decided (its remittance,
    /// line by line by number, with the same code and units). Required when the member is
    /// covered on the date of service by a plan ahead of this one (else CO-22, RARC MA04);
    /// this plan then pays at most the primary's patient responsibility for the line, and the
    /// two payments never exceed this plan's allowed amount (the rest is OA-23).
    #[serde(default)]
    pub primary_claim_id: Option<u64>,
    /// For telehealth lines: the ehr-registry visit billed. It must exist (else the submission
    /// is refused), be about the member, held (consented, its encounter recorded) by the
    /// billing or rendering provider, on the date of service (else the line is denied).
    #[serde(default)]
    pub visit_id: Option<u64>,
}

/// How a plan pays telehealth services.
#[cw_serde_strict]
pub enum TelehealthPayment {
    /// Payment parity: the code's fee schedule, as in person.
    Parity {},
    /// A distinct telehealth fee per unit (replacing the code's in-network fee).
    DistinctFee {
        /// The allowed amount per unit.
        fee_per_unit: Uint128,
    },
}

/// A plan's telehealth rules.
#[cw_serde_strict]
pub struct TelehealthRules {
    /// The procedure codes covered when delivered by telehealth (CPT/HCPCS, 1 to 32, unique;
    /// each must be in the plan's fee schedule).
    pub covered_codes: Vec<String>,
    /// Parity with in-person payment, or a distinct fee.
    pub payment: TelehealthPayment,
    /// Whether audio-only services (modifier 93, or an audio-only visit) are covered.
    pub audio_only_covered: bool,
    /// Originating site: whether the patient's home (place of service 10) is covered; place of
    /// service 02 (the patient at another originating site) always is. Else CO-58.
    pub home_covered: bool,
}

/// A plan's telehealth rules, if any.
#[cw_serde]
pub struct TelehealthRulesResponse {
    /// The plan.
    pub plan_id: u64,
    /// The rules; `None`: no telehealth benefit.
    pub rules: Option<TelehealthRules>,
}

/// The decision of an adjuster on a pended claim.
#[cw_serde_strict]
pub enum ReviewDecision {
    /// Approves the claim as adjudicated.
    Approve {},
    /// Denies every line with this reason (group CO); accumulators are rolled back.
    Deny {
        /// The CARC.
        reason: Carc,
        /// The RARC explaining it (1 to 5 upper-case letters and digits, e.g. `N130`); required
        /// when the CARC requires one ([`Carc::requires_rarc`]: 16, 96, 252).
        #[serde(default)]
        rarc: Option<String>,
    },
    /// Changes some lines and re-decides them (only them: the other lines keep their decision,
    /// as an approval would), then pays the claim.
    Adjust {
        /// Line changes (unique line numbers, at least one).
        lines: Vec<LineReview>,
    },
}

/// An adjuster's change to one line.
#[cw_serde_strict]
pub struct LineReview {
    /// 1-based line number.
    pub line: u32,
    /// The change.
    pub action: LineReviewAction,
}

/// What an adjuster does to a line.
#[cw_serde_strict]
pub enum LineReviewAction {
    /// Denies the line (group CO).
    Deny {
        /// The CARC.
        reason: Carc,
        /// The RARC explaining it; required when the CARC requires one (16, 96, 252).
        #[serde(default)]
        rarc: Option<String>,
    },
    /// Sets the line's maximum allowed amount (at most the charge; the rest is CO-45).
    Reprice {
        /// The allowed amount.
        allowed: Uint128,
    },
}

/// Why a claim waits for an adjuster.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PendReason {
    /// The plan payment exceeds the auto-approval ceiling.
    AboveAutoApprovalCeiling,
    /// A line is a near duplicate of another claim's line (same member, provider, date, code;
    /// different modifiers or units).
    SuspectDuplicate,
    /// The member's coverage is suspended (grace period).
    CoverageSuspended,
    /// A pharmacy line's pack verifies, but drug-provenance reports a second dispense attempt of
    /// it (`NMVS_NC_PCK_22`, a possible cloned serial): an adjuster decides.
    SuspectPack,
}

/// A claim's status (835 CLP02 in parentheses).
#[cw_serde]
#[derive(Copy, Eq)]
pub enum ClaimStatus {
    /// Waiting for an adjuster; adjudicated provisionally (accumulators applied).
    Pended,
    /// Every line payable (1).
    Paid,
    /// Some lines denied, some payable (1).
    PartiallyPaid,
    /// Every line denied (4).
    Denied,
    /// Reversed by a replacement or void (22).
    Reversed,
    /// A void (frequency 8) record.
    Void,
}

/// A line's status.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum LineStatus {
    /// Payable (the plan's payment may be zero, e.g. all to the deductible).
    Paid,
    /// Denied.
    Denied,
    /// Waiting for an adjuster (near duplicate), priced provisionally.
    Pended,
}

/// Whether the provider has been paid.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PaymentStatus {
    /// Nothing due (yet): pended, denied, zero payment or reversed.
    NotDue,
    /// Approved but waiting in the payment queue for funds.
    Pending,
    /// Paid (in full, including amounts offset against earlier overpayments).
    Issued,
}

/// An 835 CAS adjustment: group, reason and amount.
#[cw_serde]
pub struct Adjustment {
    /// CO, PR, OA, PI or CR.
    pub group: AdjustmentGroup,
    /// The claim adjustment reason code.
    pub reason: Carc,
    /// The amount.
    pub amount: Uint128,
    /// The remittance advice remark code (RARC) that explains the CARC, where one is needed
    /// (e.g. `M53` invalid units of service, `M52` invalid date of service, `M119` invalid
    /// NDC for the billed code).
    #[serde(default)]
    pub rarc: Option<String>,
}

/// What a line's adjudication changed, so it can be reversed exactly.
#[cw_serde]
#[derive(Default)]
pub struct LineEffects {
    /// Added to the deductible accumulators.
    pub deductible: Uint128,
    /// Added to the out-of-pocket accumulators.
    pub out_of_pocket: Uint128,
    /// Units added to the (member, code, day) counter.
    pub units_counted: u32,
    /// Units consumed from the prior authorization.
    pub auth_units: u32,
    /// Whether the line holds the duplicate index entry of its service key.
    pub indexed: bool,
    /// Whether `deductible` and `out_of_pocket` went to the out-of-network accumulators (a plan
    /// with `out_of_network_limits`, the line priced out of network).
    #[serde(default)]
    pub out_of_network: bool,
    /// Whether the line holds the member's RPM device-supply period entry (on its date of
    /// service).
    #[serde(default)]
    pub rpm_period: bool,
}

/// A claim line and its adjudication.
#[cw_serde]
pub struct ClaimLine {
    /// 1-based line number.
    pub number: u32,
    /// CPT/HCPCS procedure code.
    pub procedure_code: String,
    /// Modifiers.
    pub modifiers: Vec<String>,
    /// Units.
    pub units: u32,
    /// Billed charge.
    pub charge: Uint128,
    /// Diagnosis pointers.
    pub diagnosis_pointers: Vec<u8>,
    /// Prior authorization relied on.
    pub prior_auth_id: Option<u64>,
    /// Pharmacy pack.
    pub drug: Option<DrugPack>,
    /// RPM device, for a device-supply line.
    #[serde(default)]
    pub device: Option<Addr>,
    /// Line status.
    pub status: LineStatus,
    /// Allowed amount (0 when denied).
    pub allowed: Uint128,
    /// Plan payment.
    pub paid: Uint128,
    /// Adjustments; `charge = paid + sum(adjustments)` always holds.
    pub adjustments: Vec<Adjustment>,
    /// An adjuster's change, if any.
    pub review: Option<LineReviewAction>,
    /// State changes made by the adjudication (for reversal).
    pub effects: LineEffects,
}

/// How the provider's access to the supporting record was decided.
#[cw_serde]
pub struct RecordAccess {
    /// The purpose that allowed it (HPAYMT first, then TREAT), if any.
    pub purpose: Option<crate::vocab::PurposeOfUse>,
    /// ehr-registry's reason code of the last decision asked.
    pub reason: crate::ehr_registry::DecisionReason,
}

/// A claim with its adjudication.
#[cw_serde]
pub struct Claim {
    /// The payer claim id.
    pub id: u64,
    /// The plan.
    pub plan_id: u64,
    /// Frequency.
    pub frequency: ClaimFrequency,
    /// For a replacement or void: the claim corrected.
    pub original_claim_id: Option<u64>,
    /// The billing provider.
    pub provider: Addr,
    /// The member.
    pub member: Addr,
    /// The member's family at submission.
    pub family_id: String,
    /// Plan year index of the date of service (0 = first).
    pub plan_year: u32,
    /// Date of service.
    pub date_of_service: Timestamp,
    /// Place of service code.
    pub place_of_service: Option<String>,
    /// ICD-10-CM codes.
    pub diagnoses: Vec<String>,
    /// The supporting ehr-registry record.
    pub supporting_record_id: u64,
    /// Submission time (timely filing is measured to it).
    pub submitted_at: Timestamp,
    /// Time of the last final adjudication (appeal window starts here).
    pub adjudicated_at: Option<Timestamp>,
    /// Status.
    pub status: ClaimStatus,
    /// Why it is (or was) pended.
    pub pend_reasons: Vec<PendReason>,
    /// The consent decision on the supporting record.
    pub record_access: Option<RecordAccess>,
    /// Lines.
    pub lines: Vec<ClaimLine>,
    /// Sum of charges.
    pub total_charge: Uint128,
    /// Sum of allowed amounts.
    pub total_allowed: Uint128,
    /// Sum of plan payments (what the plan owes the provider).
    pub total_paid: Uint128,
    /// Sum of PR adjustments (what the member owes).
    pub patient_responsibility: Uint128,
    /// Paid to the provider so far (sent, or offset against earlier overpayments).
    pub credited: Uint128,
    /// Pool funds reserved for this pended claim.
    pub reserved: Uint128,
    /// Payment status.
    pub payment_status: PaymentStatus,
    /// Position in the payment queue while payment is pending.
    pub payment_queue_seq: Option<u64>,
    /// The adjuster who last decided the claim (None: decided by rule).
    pub adjudicator: Option<Addr>,
    /// The appeal filed, if any.
    pub appeal_id: Option<u64>,
    /// True after an overturned appeal: appealable edits are waived.
    pub edits_waived: bool,
    /// The replacement or void that reversed it.
    pub reversed_by: Option<u64>,
    /// The rendering provider, when not the billing provider.
    #[serde(default)]
    pub rendering_provider: Option<Addr>,
    /// Coordination of benefits: the prior payer's claim this one was adjudicated on.
    #[serde(default)]
    pub primary_claim_id: Option<u64>,
    /// Prompt pay: when the payment still owed is due (`None`: no clock).
    #[serde(default)]
    pub payment_due_at: Option<Timestamp>,
    /// Prompt-pay interest paid to the provider for late payment.
    #[serde(default)]
    pub interest_paid: Uint128,
    /// The ehr-registry telehealth visit billed, if any.
    #[serde(default)]
    pub visit_id: Option<u64>,
}

/// Urgency of a prior authorization request.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum Urgency {
    /// Decision due within 72 hours.
    Expedited,
    /// Decision due within 7 days.
    Standard,
}

/// A service (procedure code and units) asked for or authorized.
#[cw_serde_strict]
pub struct AuthService {
    /// CPT/HCPCS code.
    pub code: String,
    /// Units (at least 1).
    pub units: u32,
}

/// A prior authorization request (X12 278 / Da Vinci PAS shaped).
#[cw_serde_strict]
pub struct PriorAuthRequest {
    /// The plan.
    pub plan_id: u64,
    /// The member.
    pub member: String,
    /// Urgency.
    pub urgency: Urgency,
    /// The services asked for (1 to 32, unique codes).
    pub services: Vec<AuthService>,
    /// First day the services may be performed.
    pub service_start: Timestamp,
    /// Last instant the services may be performed (after `service_start`).
    pub service_end: Timestamp,
    /// The provider who will perform and bill the services (X12 278 servicing provider), e.g.
    /// the imaging center an ordering physician refers the member to; an active Clinician or
    /// Organization party of ehr-registry. Defaults to the requesting provider. Only its claim
    /// lines consume the authorization.
    #[serde(default)]
    pub servicing_provider: Option<String>,
}

/// An adjuster's decision on a prior authorization.
#[cw_serde_strict]
pub enum PriorAuthDecision {
    /// Approves, as requested or modified (fewer units, a subset of codes).
    Approve {
        /// The units approved per code; `None` approves the request as is.
        services: Option<Vec<AuthService>>,
    },
    /// Denies, with a reason code (required).
    Deny {
        /// The CARC (e.g. 50 not medically necessary).
        reason: Carc,
    },
}

/// The status of a prior authorization.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum PriorAuthStatus {
    /// Waiting for a decision.
    Pending,
    /// Approved as requested.
    Approved,
    /// Approved with fewer units or codes.
    Modified,
    /// Denied.
    Denied,
}

/// A prior authorization.
#[cw_serde]
pub struct PriorAuth {
    /// The authorization number.
    pub id: u64,
    /// The plan.
    pub plan_id: u64,
    /// The member.
    pub member: Addr,
    /// The requesting provider.
    pub provider: Addr,
    /// The provider whose claim lines may consume it; `None`: the requesting provider.
    #[serde(default)]
    pub servicing_provider: Option<Addr>,
    /// Urgency.
    pub urgency: Urgency,
    /// Services requested.
    pub requested: Vec<AuthService>,
    /// Services approved, with the units still unused.
    pub approved: Vec<AuthService>,
    /// Validity start.
    pub service_start: Timestamp,
    /// Validity end.
    pub service_end: Timestamp,
    /// Status.
    pub status: PriorAuthStatus,
    /// Denial reason.
    pub denial_reason: Option<Carc>,
    /// Requested at.
    pub requested_at: Timestamp,
    /// Decision due (72 h / 7 days after the request).
    pub due_at: Timestamp,
    /// Decided at.
    pub decided_at: Option<Timestamp>,
    /// Decided by.
    pub decided_by: Option<Addr>,
}

/// Public prior authorization metrics of a plan (CMS-0057-F).
#[cw_serde]
#[derive(Default)]
pub struct PriorAuthMetrics {
    /// Requests received.
    pub requested: u64,
    /// Approved (as requested or modified).
    pub approved: u64,
    /// Denied.
    pub denied: u64,
    /// Decided after their due time.
    pub decided_late: u64,
    /// Sum of decision times in seconds (average = total / (approved + denied)).
    pub total_decision_seconds: u64,
    /// Denials approved after an appeal (internal or external), counted in `denied` too.
    #[serde(default)]
    pub approved_after_appeal: u64,
}

/// The outcome of an appeal.
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum AppealOutcome {
    /// The denial stands.
    Upheld,
    /// The denial is reversed: the claim is re-adjudicated and paid.
    Overturned,
}

/// What a provider says was priced wrong on a paid line (an underpayment appeal).
#[cw_serde_strict]
#[derive(Copy, Eq)]
pub enum UnderpaymentBasis {
    /// The fee schedule was applied wrongly (a lower fee than the plan's for the code).
    FeeSchedule,
    /// The provider was priced out of network while in the plan's network.
    Network,
    /// Fewer units were priced than billed.
    Units,
}

/// The kind of an appeal: what it disputes, who may file it, and its decision due time.
#[cw_serde_strict]
#[derive(Copy, Eq, Default)]
pub enum AppealKind {
    /// Post-service: the denial of a claim's lines, filed by the member or the billing provider;
    /// decided within 60 days of filing.
    #[default]
    PostService,
    /// Pre-service: a denied prior authorization, filed by the member; decided within 30 days.
    PreService {
        /// The denied prior authorization.
        prior_auth_id: u64,
    },
    /// Urgent care (29 CFR 2560.503-1(m)(1)): a denied prior authorization whose standard
    /// appeal time could seriously jeopardize the member's life or health, filed by the member
    /// or the requesting provider (a health care professional with knowledge of the condition,
    /// 2560.503-1(b)(4)); decided within 72 hours.
    Urgent {
        /// The denied prior authorization.
        prior_auth_id: u64,
    },
    /// Post-service underpayment: the amount paid for one payable line, filed by the billing
    /// provider; decided within 60 days.
    Underpayment {
        /// The line (1-based).
        line: u32,
        /// What was priced wrong.
        basis: UnderpaymentBasis,
    },
    /// External review (45 CFR 147.136(d)) of an upheld internal appeal of a denial, requested
    /// by the member within 4 months (123 days) of the final internal decision and decided by an
    /// independent review organization within 45 days (72 hours for an urgent appeal). Once
    /// per internal appeal; its overturn binds the plan. An internal appeal still undecided past
    /// its due time may be reviewed too: it is then deemed upheld (2560.503-1(l)).
    External {
        /// The upheld internal appeal.
        appeal_id: u64,
    },
}

/// An appeal of a claim denial or underpayment, of a prior authorization denial, or an
/// external review.
#[cw_serde]
pub struct Appeal {
    /// The appeal id.
    pub id: u64,
    /// The claim (`None` for a prior authorization appeal).
    pub claim_id: Option<u64>,
    /// The plan.
    pub plan_id: u64,
    /// Who appealed (member or provider).
    pub appellant: Addr,
    /// Hash of the off-chain evidence.
    pub evidence: Option<Sha256Hash>,
    /// The lines appealed (denied when the appeal was filed); only they are re-decided.
    #[serde(default)]
    pub lines: Vec<u32>,
    /// Filed at.
    pub filed_at: Timestamp,
    /// Decision due: 72 hours (urgent), 30 days (pre-service), 60 days (post-service,
    /// underpayment), 45 days (external review; 72 hours of an urgent appeal) after filing.
    pub due_at: Timestamp,
    /// Outcome once decided.
    pub outcome: Option<AppealOutcome>,
    /// Decided at.
    pub decided_at: Option<Timestamp>,
    /// Decided by.
    pub decided_by: Option<Addr>,
    /// The kind (`None` only for appeals filed before appeal kinds: post-service).
    #[serde(default)]
    pub kind: Option<AppealKind>,
    /// For a prior authorization appeal (or its external review): the authorization.
    #[serde(default)]
    pub prior_auth_id: Option<u64>,
    /// For an internal appeal: the external review requested of it, if any.
    #[serde(default)]
    pub external_review_id: Option<u64>,
    /// For an overturned underpayment appeal: the line's corrected allowed amount.
    #[serde(default)]
    pub repriced: Option<Uint128>,
}

impl Appeal {
    /// The appeal's kind (post-service for an appeal stored before appeal kinds).
    pub fn kind(&self) -> AppealKind {
        self.kind.unwrap_or_default()
    }
}

/// Queries.
#[cw_serde_strict]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ClaimsConfigResponse)]
    Config {},
    /// The contract's owner and any pending ownership transfer.
    #[returns(Ownership)]
    Ownership {},
    /// A plan.
    #[returns(Plan)]
    Plan {
        /// The plan.
        plan_id: u64,
    },
    /// Plans, by id.
    #[returns(PlansResponse)]
    Plans {
        /// Exclusive start.
        start_after: Option<u64>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
    /// A plan's fee schedule and coverage, by code.
    #[returns(BenefitsResponse)]
    Benefits {
        /// The plan.
        plan_id: u64,
        /// Exclusive start (a code).
        start_after: Option<String>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A plan's pool: balance, reserved and available funds, payment queue length.
    #[returns(PoolResponse)]
    Pool {
        /// The plan.
        plan_id: u64,
    },
    /// Claims waiting for payment, oldest first.
    #[returns(PaymentQueueResponse)]
    PaymentQueue {
        /// The plan.
        plan_id: u64,
        /// Exclusive start (queue sequence number).
        start_after: Option<u64>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A member's enrollment in a plan; `null` if the member is not enrolled (an error if the
    /// plan does not exist).
    #[returns(Option<Enrollment>)]
    Enrollment {
        /// The plan.
        plan_id: u64,
        /// The member.
        member: String,
    },
    /// A claim with its adjudication.
    #[returns(Claim)]
    Claim {
        /// The claim.
        claim_id: u64,
    },
    /// Claims, by id; optionally only a member's or a provider's (not both).
    #[returns(ClaimsResponse)]
    Claims {
        /// Only this member's claims.
        member: Option<String>,
        /// Only this provider's claims.
        provider: Option<String>,
        /// Exclusive start (claim id).
        start_after: Option<u64>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A claim's 835-shaped remittance.
    #[returns(Remittance)]
    Remittance {
        /// The claim.
        claim_id: u64,
    },
    /// A provider's remittances, by claim id.
    #[returns(RemittancesResponse)]
    Remittances {
        /// The provider.
        provider: String,
        /// Exclusive start (claim id).
        start_after: Option<u64>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A member's explanation of benefits, by claim id.
    #[returns(EobResponse)]
    Eob {
        /// The member.
        member: String,
        /// Exclusive start (claim id).
        start_after: Option<u64>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A member's and family's deductible and out-of-pocket met in a plan year.
    #[returns(AccumulatorsResponse)]
    Accumulators {
        /// The plan.
        plan_id: u64,
        /// The member.
        member: String,
        /// Plan year index; defaults to the year of the current block time.
        plan_year: Option<u32>,
    },
    /// A prior authorization.
    #[returns(PriorAuth)]
    PriorAuth {
        /// The authorization.
        auth_id: u64,
    },
    /// Pending prior authorizations past their due time, by due time.
    #[returns(OverdueDecisionsResponse)]
    OverduePriorAuths {
        /// The plan.
        plan_id: u64,
        /// Exclusive start: the `due_at` and `id` of the last item of the previous page.
        start_after: Option<DecisionCursor>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A plan's prior authorization metrics.
    #[returns(PriorAuthMetrics)]
    PriorAuthMetrics {
        /// The plan.
        plan_id: u64,
    },
    /// An appeal.
    #[returns(Appeal)]
    Appeal {
        /// The appeal.
        appeal_id: u64,
    },
    /// Open appeals past their due time, by due time.
    #[returns(OverdueDecisionsResponse)]
    OverdueAppeals {
        /// The plan.
        plan_id: u64,
        /// Exclusive start: the `due_at` and `id` of the last item of the previous page.
        start_after: Option<DecisionCursor>,
        /// Page size.
        limit: Option<u32>,
    },
    /// Payable claims waiting for payment past their prompt-pay due time, by due time (the
    /// items' ids are claim ids).
    #[returns(OverdueDecisionsResponse)]
    OverduePayments {
        /// The plan.
        plan_id: u64,
        /// Exclusive start: the `due_at` and `id` of the last item of the previous page.
        start_after: Option<DecisionCursor>,
        /// Page size.
        limit: Option<u32>,
    },
    /// The plan's network: its size, and its providers by address.
    #[returns(NetworkResponse)]
    Network {
        /// The plan.
        plan_id: u64,
        /// Exclusive start (an address).
        start_after: Option<String>,
        /// Page size.
        limit: Option<u32>,
    },
    /// The plan's pair edits of a column-2 (component) code, by column-1 code.
    #[returns(PairEditsResponse)]
    PairEdits {
        /// The plan.
        plan_id: u64,
        /// The component code.
        column2: String,
        /// Exclusive start (a column-1 code).
        start_after: Option<String>,
        /// Page size.
        limit: Option<u32>,
    },
    /// A member's payer order (coordination of benefits) in force at a time.
    #[returns(PayerOrderResponse)]
    PayerOrder {
        /// The member.
        member: String,
        /// The time; defaults to the current block time.
        at: Option<Timestamp>,
    },
    /// What a provider owes the plan after reversals (offset against future payments).
    #[returns(ProviderBalanceResponse)]
    ProviderBalance {
        /// The plan.
        plan_id: u64,
        /// The provider.
        provider: String,
    },
    /// A plan's telehealth rules.
    #[returns(TelehealthRulesResponse)]
    TelehealthRules {
        /// The plan.
        plan_id: u64,
    },
    /// A plan's remote patient monitoring rules.
    #[returns(crate::rpm::RpmRulesResponse)]
    RpmRules {
        /// The plan.
        plan_id: u64,
    },
    /// A rendering provider's billing authorization (reassignment) of a billing provider, with
    /// its periods; `null` if it never gave one.
    #[returns(Option<BillingAuthorization>)]
    BillingAuthorization {
        /// The rendering provider.
        rendering_provider: String,
        /// The billing provider.
        billing_provider: String,
    },
    /// A rendering provider's billing authorizations, in force or ended, by billing provider.
    #[returns(BillingAuthorizationsResponse)]
    BillingAuthorizations {
        /// The rendering provider.
        rendering_provider: String,
        /// Exclusive start (a billing provider's address).
        start_after: Option<String>,
        /// Page size (default 10, at most 30).
        limit: Option<u32>,
    },
}

/// Migrates the contract to a newer version of itself.
#[cw_serde_strict]
pub struct MigrateMsg {}

/// The contract's configuration.
#[cw_serde]
pub struct ClaimsConfigResponse {
    /// The contract owner.
    pub owner: Addr,
    /// The ehr-registry contract.
    pub ehr_registry: Addr,
    /// The drug-provenance contract.
    pub drug_provenance: Addr,
    /// Most queued payments per message.
    pub payout_batch_limit: u32,
    /// The independent review organizations that decide external reviews.
    #[serde(default)]
    pub review_organizations: Vec<Addr>,
}

/// A page of plans.
#[cw_serde]
pub struct PlansResponse {
    /// The plans.
    pub plans: Vec<Plan>,
}

/// A plan's rule for one code.
#[cw_serde]
pub struct BenefitsResponse {
    /// The rules.
    pub benefits: Vec<CodeBenefit>,
}

/// A plan's pool.
#[cw_serde]
pub struct PoolResponse {
    /// The plan.
    pub plan_id: u64,
    /// The denom.
    pub denom: String,
    /// Funds held.
    pub balance: Uint128,
    /// Funds reserved for pended claims.
    pub reserved: Uint128,
    /// Funds available (balance - reserved).
    pub available: Uint128,
    /// Claims waiting for payment.
    pub pending_payments: u64,
    /// Total funded so far.
    pub total_funded: Uint128,
    /// Total paid out so far.
    pub total_paid_out: Uint128,
}

/// An entry of the payment queue.
#[cw_serde]
pub struct QueuedPayment {
    /// Queue sequence number (older first).
    pub seq: u64,
    /// The claim.
    pub claim_id: u64,
    /// The amount it still needs.
    pub amount_due: Uint128,
}

/// A page of the payment queue.
#[cw_serde]
pub struct PaymentQueueResponse {
    /// The entries.
    pub entries: Vec<QueuedPayment>,
}

/// A page of claims.
#[cw_serde]
pub struct ClaimsResponse {
    /// The claims.
    pub claims: Vec<Claim>,
}

/// An 835 remittance line (SVC + CAS).
#[cw_serde]
pub struct RemittanceLine {
    /// Line number.
    pub line: u32,
    /// Procedure code.
    pub procedure_code: String,
    /// Modifiers.
    pub modifiers: Vec<String>,
    /// Units.
    pub units: u32,
    /// Charge.
    pub charge: Uint128,
    /// Allowed.
    pub allowed: Uint128,
    /// Paid.
    pub paid: Uint128,
    /// Status.
    pub status: LineStatus,
    /// Adjustments.
    pub adjustments: Vec<Adjustment>,
}

/// An 835-shaped remittance of one claim.
#[cw_serde]
pub struct Remittance {
    /// The claim.
    pub claim_id: u64,
    /// The plan.
    pub plan_id: u64,
    /// The payee (billing provider).
    pub provider: Addr,
    /// The member.
    pub member: Addr,
    /// CLP02: "1" processed as primary, "4" denied, "22" reversal, "" pended.
    pub claim_status_code: String,
    /// Claim status.
    pub status: ClaimStatus,
    /// Total charge.
    pub total_charge: Uint128,
    /// Total paid.
    pub total_paid: Uint128,
    /// Patient responsibility.
    pub patient_responsibility: Uint128,
    /// Paid to the provider so far.
    pub credited: Uint128,
    /// Payment status.
    pub payment_status: PaymentStatus,
    /// For a void: the claim reversed.
    pub reversal_of: Option<u64>,
    /// Lines.
    pub lines: Vec<RemittanceLine>,
}

/// A page of remittances.
#[cw_serde]
pub struct RemittancesResponse {
    /// The remittances.
    pub remittances: Vec<Remittance>,
}

/// A line of an explanation of benefits, from the member's side.
#[cw_serde]
pub struct EobLine {
    /// Line number.
    pub line: u32,
    /// Procedure code.
    pub procedure_code: String,
    /// Charge.
    pub charge: Uint128,
    /// Allowed.
    pub allowed: Uint128,
    /// Plan paid.
    pub plan_paid: Uint128,
    /// Deductible (PR-1).
    pub deductible: Uint128,
    /// Coinsurance (PR-2).
    pub coinsurance: Uint128,
    /// Copay (PR-3).
    pub copay: Uint128,
    /// Not covered, owed by the member (PR-96).
    pub not_covered: Uint128,
    /// What the member owes for the line.
    pub member_owes: Uint128,
    /// Status.
    pub status: LineStatus,
    /// Adjustment reason codes.
    pub reasons: Vec<Carc>,
}

/// One claim in an explanation of benefits.
#[cw_serde]
pub struct EobEntry {
    /// The claim.
    pub claim_id: u64,
    /// The plan.
    pub plan_id: u64,
    /// The provider.
    pub provider: Addr,
    /// Date of service.
    pub date_of_service: Timestamp,
    /// Claim status.
    pub status: ClaimStatus,
    /// Total charge.
    pub total_charge: Uint128,
    /// Total plan paid.
    pub plan_paid: Uint128,
    /// Total the member owes.
    pub member_owes: Uint128,
    /// Lines.
    pub lines: Vec<EobLine>,
}

/// A member's explanation of benefits.
#[cw_serde]
pub struct EobResponse {
    /// The member.
    pub member: Addr,
    /// Claims.
    pub entries: Vec<EobEntry>,
}

/// Met-so-far of one accumulator.
#[cw_serde]
pub struct AccumulatorStatus {
    /// Met by the member.
    pub individual_met: Uint128,
    /// The individual limit.
    pub individual_limit: Uint128,
    /// Met by the family.
    pub family_met: Uint128,
    /// The family limit.
    pub family_limit: Uint128,
    /// What remains for this member (the lesser of the individual and family remainders).
    pub remaining: Uint128,
}

/// A member's accumulators for a plan year.
#[cw_serde]
pub struct AccumulatorsResponse {
    /// The plan.
    pub plan_id: u64,
    /// The member.
    pub member: Addr,
    /// The family.
    pub family_id: String,
    /// Plan year index.
    pub plan_year: u32,
    /// Deductible.
    pub deductible: AccumulatorStatus,
    /// Out of pocket.
    pub out_of_pocket: AccumulatorStatus,
    /// The out-of-network tier's accumulators, for a plan that keeps them apart (`None`:
    /// out-of-network services count in `deductible` and `out_of_pocket`).
    #[serde(default)]
    pub out_of_network: Option<TierAccumulators>,
}

/// The accumulators of one network tier.
#[cw_serde]
pub struct TierAccumulators {
    /// Deductible.
    pub deductible: AccumulatorStatus,
    /// Out of pocket.
    pub out_of_pocket: AccumulatorStatus,
}

/// A position in a list of overdue decisions: the last item of the previous page.
#[cw_serde_strict]
pub struct DecisionCursor {
    /// The item's due time.
    pub due_at: Timestamp,
    /// The prior authorization, appeal or claim id.
    pub id: u64,
}

/// A prior authorization or appeal past its due time, still undecided, or a claim whose
/// payment is past its prompt-pay due time.
#[cw_serde]
pub struct OverdueDecision {
    /// The prior authorization, appeal or claim id.
    pub id: u64,
    /// Its due time.
    pub due_at: Timestamp,
}

/// A page of overdue items.
#[cw_serde]
pub struct OverdueDecisionsResponse {
    /// The items.
    pub items: Vec<OverdueDecision>,
}

/// A page of a plan's network.
#[cw_serde]
pub struct NetworkResponse {
    /// How many providers the network has (0: no network, every provider is priced in network).
    pub size: u32,
    /// The providers, by address.
    pub providers: Vec<Addr>,
}

/// A page of pair edits.
#[cw_serde]
pub struct PairEditsResponse {
    /// The edits.
    pub edits: Vec<PairEdit>,
}

/// A member's payer order.
#[cw_serde]
pub struct PayerOrderResponse {
    /// The member.
    pub member: Addr,
    /// The plans, primary first; plans not listed pay after these.
    pub plan_ids: Vec<u64>,
    /// When this order took effect (`None`: no order recorded).
    pub since: Option<Timestamp>,
}

/// A provider's balance with a plan.
#[cw_serde]
pub struct ProviderBalanceResponse {
    /// The plan.
    pub plan_id: u64,
    /// The provider.
    pub provider: Addr,
    /// Overpayments still to be recouped by offset.
    pub owed_to_plan: Uint128,
}

/// One period of a billing authorization: services rendered from `effective_from` until
/// `ended_at` (exclusive) are billable by the billing provider.
#[cw_serde]
pub struct BillingPeriod {
    /// When the authorization took effect.
    pub effective_from: Timestamp,
    /// When it ended (`None`: in force).
    pub ended_at: Option<Timestamp>,
    /// Who ended it: the rendering or the billing provider.
    pub ended_by: Option<Addr>,
}

/// A rendering provider's authorization of a billing provider to bill its services
/// (reassignment of benefits), period by period, oldest first (at most 10).
#[cw_serde]
pub struct BillingAuthorization {
    /// The rendering provider that gave it.
    pub rendering_provider: Addr,
    /// The billing provider authorized.
    pub billing_provider: Addr,
    /// Its periods; only the last may be in force.
    pub periods: Vec<BillingPeriod>,
}

impl BillingAuthorization {
    /// Whether a service rendered at `t` is billable under it (a period covers `t`).
    pub fn covers(&self, t: Timestamp) -> bool {
        self.periods
            .iter()
            .any(|p| p.effective_from <= t && p.ended_at.is_none_or(|end| t < end))
    }

    /// The period in force, if any (the last, not ended).
    pub fn in_force(&self) -> Option<&BillingPeriod> {
        self.periods.last().filter(|p| p.ended_at.is_none())
    }
}

/// A page of a rendering provider's billing authorizations.
#[cw_serde]
pub struct BillingAuthorizationsResponse {
    /// The authorizations, by billing provider.
    pub authorizations: Vec<BillingAuthorization>,
}
