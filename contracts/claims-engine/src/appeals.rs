//! Appeals (29 CFR 2560.503-1 / 45 CFR 147.136): filing.
//!
//! - post-service: the denial of a claim's lines, by the member or the billing provider, decided
//!   within 60 days;
//! - underpayment: the amount of one paid line, by the billing provider, 60 days;
//! - pre-service: a denied prior authorization, by the member, 30 days;
//! - urgent: a denied prior authorization, by the member or the requesting provider, 72 hours;
//! - external review: of an upheld internal appeal of a denial, by the member within 4 months of
//!   the upheld decision, decided by an independent review organization in 45 days (72 hours for
//!   an urgent appeal).
//!
//! An internal appeal still undecided past its due time is deemed upheld when the member asks
//! external review of it (deemed exhaustion, 29 CFR 2560.503-1(l)).
//!
//! What the member may do, the member's authorized representative may do too: an active
//! ehr-registry delegate of the member who is a guardian, the parent of a minor or holds a
//! healthcare power of attorney (not a caregiver).
//!
//! Every internal appeal is filed within 180 days of the adverse decision; a claim has at most
//! one open appeal; each line's denial, each line's amount and each prior authorization's denial
//! is appealed internally once, and each internal appeal reviewed externally once. The decision
//! due time is stored and indexed by (plan, due time) for the overdue query. Deciding is in
//! `appeal_decide`.

use cosmwasm_std::{Addr, Deps, DepsMut, Env, MessageInfo, Response, Storage, Timestamp};
use cw_health_types::claims_engine::codes::{
    APPEAL_DECISION_SECONDS, APPEAL_PRE_SERVICE_SECONDS, APPEAL_URGENT_SECONDS,
    EXTERNAL_REVIEW_DECISION_SECONDS, EXTERNAL_REVIEW_WINDOW_SECONDS, MAX_CLAIM_LINES,
};
use cw_health_types::claims_engine::{
    Appeal, AppealKind, AppealOutcome, Claim, ClaimStatus, LineStatus, PriorAuthStatus,
};
use cw_health_types::ehr_registry::DelegateRelationship;
use cw_health_types::events::json_code;
use cw_health_types::limits::validate_unique;
use cw_health_types::store::{ReadMap, WriteMap};
use cw_health_types::Sha256Hash;

use crate::adjudicate::appeal_deadline;
use crate::cob::assert_no_secondary;
use crate::error::ContractError;
use crate::state::{
    load_config, next_id, APPEALS, APPEAL_DUE, APPEAL_SEQ, AUTH_APPEALS, CLAIMS, LINE_APPEALS,
    PRIOR_AUTHS,
};

/// The `LINE_APPEALS` tag of a line's denial appeal.
pub const DENIAL: u8 = 0;
/// The `LINE_APPEALS` tag of a line's underpayment appeal.
pub const UNDERPAYMENT: u8 = 1;

/// An appeal checked and ready to store.
struct Draft {
    plan_id: u64,
    claim_id: Option<u64>,
    prior_auth_id: Option<u64>,
    lines: Vec<u32>,
    /// Seconds from filing to the decision due time.
    due_in: u64,
    /// For an external review: the internal appeal reviewed.
    reviewed: Option<Appeal>,
}

/// Loads a claim.
pub fn load_claim(storage: &dyn Storage, claim_id: u64) -> Result<Claim, ContractError> {
    CLAIMS
        .may_read(storage, claim_id)?
        .ok_or_else(|| ContractError::not_found("claim", claim_id))
}

/// Whether `sender` is the member or the member's authorized representative (2560.503-1(b)(4)):
/// an active delegate of the member in ehr-registry with legal authority (a guardian, the parent
/// of a minor, a healthcare power of attorney; not a caregiver).
fn member_or_representative(
    deps: Deps,
    member: &Addr,
    sender: &Addr,
) -> Result<bool, ContractError> {
    if sender == member {
        return Ok(true);
    }
    let ehr = load_config(deps.storage)?.ehr_registry;
    let d = ehr
        .delegate(&deps.querier, member, sender)
        .map_err(|e| ContractError::query_failed("ehr-registry", ehr.addr(), e))?;
    Ok(d.is_some_and(|d| d.active && d.relationship != DelegateRelationship::Caregiver))
}

/// Fails while the claim has an open appeal (other than `except`).
fn assert_no_open_appeal(
    storage: &dyn Storage,
    claim: &Claim,
    except: Option<u64>,
) -> Result<(), ContractError> {
    if let Some(appeal_id) = claim.appeal_id.filter(|a| Some(*a) != except) {
        if APPEALS
            .may_read(storage, appeal_id)?
            .is_some_and(|a| a.outcome.is_none())
        {
            return Err(ContractError::AppealExists {
                kind: "claim".into(),
                id: claim.id,
                appeal_id,
            });
        }
    }
    Ok(())
}

/// Fails unless the claim is decided (paid, partially paid or denied), has no open appeal, is
/// not the prior payer's claim of a live secondary claim, and `now` is within `window` seconds of
/// its last final adjudication.
fn assert_appealable(
    storage: &dyn Storage,
    claim: &Claim,
    now: Timestamp,
    closes: Timestamp,
    except: Option<u64>,
) -> Result<(), ContractError> {
    if !matches!(
        claim.status,
        ClaimStatus::Paid | ClaimStatus::PartiallyPaid | ClaimStatus::Denied
    ) {
        return Err(ContractError::WrongStatus {
            kind: "claim".into(),
            id: claim.id,
            status: json_code(&claim.status),
            expected: "adjudicated".into(),
        });
    }
    assert_no_open_appeal(storage, claim, except)?;
    // A prior payer's claim a live secondary claim was paid on stays as it is.
    assert_no_secondary(storage, claim.id)?;
    if now > closes {
        return Err(ContractError::AppealWindowClosed {
            kind: "claim".into(),
            id: claim.id,
            closed_at: closes.seconds(),
        });
    }
    Ok(())
}

/// The lines a denial appeal names: denied lines (unique) not appealed before; none named:
/// every such line.
fn appealed_lines(
    storage: &dyn Storage,
    claim: &Claim,
    lines: Vec<u32>,
) -> Result<Vec<u32>, ContractError> {
    let denied: Vec<u32> = claim
        .lines
        .iter()
        .filter(|l| l.status == LineStatus::Denied)
        .map(|l| l.number)
        .collect();
    if denied.is_empty() {
        return Err(ContractError::NothingToAppeal { claim_id: claim.id });
    }
    let named = !lines.is_empty();
    if named {
        validate_unique("lines", &lines, MAX_CLAIM_LINES)?;
        if lines.iter().any(|n| !denied.contains(n)) {
            return Err(ContractError::invalid("lines", "not a denied line"));
        }
    }
    let mut open = vec![];
    let mut last = None;
    for n in if named { lines } else { denied } {
        match LINE_APPEALS.may_read(storage, (claim.id, n, DENIAL))? {
            Some(appeal_id) if named => return Err(line_appealed(n, appeal_id)),
            Some(appeal_id) => last = Some(line_appealed(n, appeal_id)),
            None => open.push(n),
        }
    }
    match last {
        // Every denied line was appealed before.
        Some(e) if open.is_empty() => Err(e),
        _ => Ok(open),
    }
}

fn line_appealed(line: u32, appeal_id: u64) -> ContractError {
    ContractError::AppealExists {
        kind: "claim line".into(),
        id: u64::from(line),
        appeal_id,
    }
}

/// Post-service: the claim's member or billing provider appeals its denied lines.
fn denial_appeal(
    deps: Deps,
    sender: &Addr,
    claim_id: Option<u64>,
    lines: Vec<u32>,
    now: Timestamp,
) -> Result<Draft, ContractError> {
    let storage = deps.storage;
    let claim_id = claim_id.ok_or_else(|| ContractError::invalid("claim_id", "required"))?;
    let claim = load_claim(storage, claim_id)?;
    if *sender != claim.provider && !member_or_representative(deps, &claim.member, sender)? {
        return Err(ContractError::unauthorized(
            "the claim's member or provider",
        ));
    }
    let adjudicated_at = claim.adjudicated_at.unwrap_or(claim.submitted_at);
    assert_appealable(storage, &claim, now, appeal_deadline(adjudicated_at), None)?;
    Ok(Draft {
        plan_id: claim.plan_id,
        claim_id: Some(claim_id),
        prior_auth_id: None,
        lines: appealed_lines(storage, &claim, lines)?,
        due_in: APPEAL_DECISION_SECONDS,
        reviewed: None,
    })
}

/// Underpayment: the billing provider appeals the amount of one paid line.
fn underpayment_appeal(
    storage: &dyn Storage,
    sender: &Addr,
    claim_id: Option<u64>,
    line: u32,
    now: Timestamp,
) -> Result<Draft, ContractError> {
    let claim_id = claim_id.ok_or_else(|| ContractError::invalid("claim_id", "required"))?;
    let claim = load_claim(storage, claim_id)?;
    if *sender != claim.provider {
        return Err(ContractError::unauthorized("the claim's billing provider"));
    }
    let adjudicated_at = claim.adjudicated_at.unwrap_or(claim.submitted_at);
    assert_appealable(storage, &claim, now, appeal_deadline(adjudicated_at), None)?;
    if !claim
        .lines
        .iter()
        .any(|l| l.number == line && l.status == LineStatus::Paid)
    {
        return Err(ContractError::invalid("kind.line", "not a paid line"));
    }
    if let Some(appeal_id) = LINE_APPEALS.may_read(storage, (claim_id, line, UNDERPAYMENT))? {
        return Err(line_appealed(line, appeal_id));
    }
    Ok(Draft {
        plan_id: claim.plan_id,
        claim_id: Some(claim_id),
        prior_auth_id: None,
        lines: vec![line],
        due_in: APPEAL_DECISION_SECONDS,
        reviewed: None,
    })
}

/// Pre-service or urgent: the member (or, urgent, the requesting provider) appeals a denied
/// prior authorization.
fn auth_appeal(
    deps: Deps,
    sender: &Addr,
    auth_id: u64,
    urgent: bool,
    now: Timestamp,
) -> Result<Draft, ContractError> {
    let storage = deps.storage;
    let auth = PRIOR_AUTHS
        .may_read(storage, auth_id)?
        .ok_or_else(|| ContractError::not_found("prior authorization", auth_id))?;
    let requester = urgent && *sender == auth.provider;
    if !requester && !member_or_representative(deps, &auth.member, sender)? {
        return Err(ContractError::unauthorized(if urgent {
            "the member or the requesting provider"
        } else {
            "the member"
        }));
    }
    let decided_at = match (auth.status, auth.decided_at) {
        (PriorAuthStatus::Denied, Some(t)) => t,
        _ => {
            return Err(ContractError::WrongStatus {
                kind: "prior authorization".into(),
                id: auth_id,
                status: json_code(&auth.status),
                expected: "denied".into(),
            })
        }
    };
    if let Some(appeal_id) = AUTH_APPEALS.may_read(storage, auth_id)? {
        return Err(ContractError::AppealExists {
            kind: "prior authorization".into(),
            id: auth_id,
            appeal_id,
        });
    }
    let closes = appeal_deadline(decided_at);
    if now > closes {
        return Err(ContractError::AppealWindowClosed {
            kind: "prior authorization".into(),
            id: auth_id,
            closed_at: closes.seconds(),
        });
    }
    Ok(Draft {
        plan_id: auth.plan_id,
        claim_id: None,
        prior_auth_id: Some(auth_id),
        lines: vec![],
        due_in: if urgent {
            APPEAL_URGENT_SECONDS
        } else {
            APPEAL_PRE_SERVICE_SECONDS
        },
        reviewed: None,
    })
}

/// External review: the member asks an independent review organization to review an upheld
/// internal appeal of a denial, within 4 months of its decision.
fn external_review(
    deps: Deps,
    sender: &Addr,
    appeal_id: u64,
    now: Timestamp,
) -> Result<Draft, ContractError> {
    let storage = deps.storage;
    let reviewed = APPEALS
        .may_read(storage, appeal_id)?
        .ok_or_else(|| ContractError::not_found("appeal", appeal_id))?;
    if matches!(
        reviewed.kind(),
        AppealKind::External { .. } | AppealKind::Underpayment { .. }
    ) {
        return Err(ContractError::invalid(
            "kind.appeal_id",
            "external review is of an internal appeal of a denial",
        ));
    }
    let member = match (reviewed.claim_id, reviewed.prior_auth_id) {
        (Some(c), _) => load_claim(storage, c)?.member,
        (None, Some(a)) => PRIOR_AUTHS.read(storage, a)?.member,
        (None, None) => return Err(ContractError::not_found("appeal subject", appeal_id)),
    };
    if !member_or_representative(deps, &member, sender)? {
        return Err(ContractError::unauthorized("the member"));
    }
    let decided_at = match (reviewed.outcome, reviewed.decided_at) {
        (Some(AppealOutcome::Upheld), Some(t)) => t,
        // Deemed exhaustion (2560.503-1(l)): an internal appeal undecided past its due time
        // counts as upheld at its due time.
        (None, _) if now > reviewed.due_at => reviewed.due_at,
        (o, _) => {
            return Err(ContractError::WrongStatus {
                kind: "appeal".into(),
                id: appeal_id,
                status: o.map_or_else(|| "open".into(), |o| json_code(&o)),
                expected: "upheld".into(),
            })
        }
    };
    if let Some(existing) = reviewed.external_review_id {
        return Err(ContractError::AppealExists {
            kind: "appeal".into(),
            id: appeal_id,
            appeal_id: existing,
        });
    }
    let closes = decided_at.plus_seconds(EXTERNAL_REVIEW_WINDOW_SECONDS);
    if let Some(c) = reviewed.claim_id {
        let claim = load_claim(storage, c)?;
        assert_appealable(storage, &claim, now, closes, Some(appeal_id))?;
    } else if now > closes {
        return Err(ContractError::AppealWindowClosed {
            kind: "appeal".into(),
            id: appeal_id,
            closed_at: closes.seconds(),
        });
    }
    Ok(Draft {
        plan_id: reviewed.plan_id,
        claim_id: reviewed.claim_id,
        prior_auth_id: reviewed.prior_auth_id,
        lines: reviewed.lines.clone(),
        due_in: if matches!(reviewed.kind(), AppealKind::Urgent { .. }) {
            APPEAL_URGENT_SECONDS
        } else {
            EXTERNAL_REVIEW_DECISION_SECONDS
        },
        reviewed: Some(reviewed),
    })
}

/// Files an appeal of any kind (see the module docs).
pub fn file_appeal(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    claim_id: Option<u64>,
    evidence: Option<Sha256Hash>,
    lines: Vec<u32>,
    kind: AppealKind,
) -> Result<Response, ContractError> {
    if let Some(e) = &evidence {
        e.validate("evidence")?;
    }
    let now = env.block.time;
    let sender = &info.sender;
    if !matches!(kind, AppealKind::PostService) && !lines.is_empty() {
        return Err(ContractError::invalid(
            "lines",
            "only for a post-service appeal",
        ));
    }
    let draft = match kind {
        AppealKind::PostService => denial_appeal(deps.as_ref(), sender, claim_id, lines, now)?,
        AppealKind::Underpayment { line, .. } => {
            underpayment_appeal(deps.storage, sender, claim_id, line, now)?
        }
        _ if claim_id.is_some() => {
            return Err(ContractError::invalid(
                "claim_id",
                "only for a claim appeal (the subject is named by the kind)",
            ))
        }
        AppealKind::PreService { prior_auth_id } => {
            auth_appeal(deps.as_ref(), sender, prior_auth_id, false, now)?
        }
        AppealKind::Urgent { prior_auth_id } => {
            auth_appeal(deps.as_ref(), sender, prior_auth_id, true, now)?
        }
        AppealKind::External { appeal_id } => {
            external_review(deps.as_ref(), sender, appeal_id, now)?
        }
    };
    let storage = deps.storage;
    let id = next_id(storage, &APPEAL_SEQ)?;
    let due_at = now.plus_seconds(draft.due_in);
    let appeal = Appeal {
        id,
        claim_id: draft.claim_id,
        plan_id: draft.plan_id,
        appellant: info.sender.clone(),
        evidence,
        lines: draft.lines,
        filed_at: now,
        due_at,
        outcome: None,
        decided_at: None,
        decided_by: None,
        kind: Some(kind),
        prior_auth_id: draft.prior_auth_id,
        external_review_id: None,
        repriced: None,
    };
    APPEALS.write(storage, id, &appeal)?;
    APPEAL_DUE.write(storage, (appeal.plan_id, due_at.seconds(), id), &())?;
    link_subject(storage, &appeal, draft.reviewed)?;
    Ok(Response::new()
        .add_attribute("action", "file_appeal")
        .add_attribute("appeal_id", id.to_string())
        .add_attribute("kind", kind_code(&kind))
        .add_attribute(
            "claim_id",
            appeal
                .claim_id
                .map_or_else(|| "none".into(), |c| c.to_string()),
        )
        .add_attribute("appellant", info.sender)
        .add_attribute("due_at", due_at.seconds().to_string()))
}

/// Records the appeal on what it appeals: the claim's open appeal and its lines, the prior
/// authorization, or the internal appeal reviewed.
fn link_subject(
    storage: &mut dyn Storage,
    appeal: &Appeal,
    reviewed: Option<Appeal>,
) -> Result<(), ContractError> {
    if let Some(mut r) = reviewed {
        r.external_review_id = Some(appeal.id);
        if r.outcome.is_none() {
            // Deemed upheld: closed, off the overdue list, decided by no one.
            r.outcome = Some(AppealOutcome::Upheld);
            r.decided_at = Some(appeal.filed_at);
            APPEAL_DUE.remove(storage, (r.plan_id, r.due_at.seconds(), r.id));
        }
        APPEALS.write(storage, r.id, &r)?;
    } else if let Some(auth_id) = appeal.prior_auth_id {
        AUTH_APPEALS.write(storage, auth_id, &appeal.id)?;
    }
    if let Some(claim_id) = appeal.claim_id {
        let mut claim = CLAIMS.read(storage, claim_id)?;
        claim.appeal_id = Some(appeal.id);
        CLAIMS.write(storage, claim_id, &claim)?;
        let tag = match appeal.kind() {
            AppealKind::PostService => Some(DENIAL),
            AppealKind::Underpayment { .. } => Some(UNDERPAYMENT),
            _ => None,
        };
        if let Some(tag) = tag {
            for n in &appeal.lines {
                LINE_APPEALS.write(storage, (claim_id, *n, tag), &appeal.id)?;
            }
        }
    }
    Ok(())
}

/// The kind's name in events: `post_service`, `pre_service`, `urgent`, `underpayment`,
/// `external`.
pub fn kind_code(kind: &AppealKind) -> &'static str {
    match kind {
        AppealKind::PostService => "post_service",
        AppealKind::PreService { .. } => "pre_service",
        AppealKind::Urgent { .. } => "urgent",
        AppealKind::Underpayment { .. } => "underpayment",
        AppealKind::External { .. } => "external",
    }
}
