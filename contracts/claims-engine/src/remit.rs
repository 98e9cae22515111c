//! 835-shaped remittances and their events.

use cosmwasm_std::Event;
use cw_health_types::claims_engine::{
    Adjustment, AdjustmentGroup, Claim, ClaimFrequency, ClaimStatus, LineStatus, PaymentStatus,
    Remittance, RemittanceLine,
};

/// The 835 CLP02 code of a status.
pub fn clp02(status: ClaimStatus) -> &'static str {
    match status {
        ClaimStatus::Paid | ClaimStatus::PartiallyPaid => "1",
        ClaimStatus::Denied => "4",
        ClaimStatus::Reversed | ClaimStatus::Void => "22",
        ClaimStatus::Pended => "",
    }
}

/// A line's adjustments as remitted: a reversed claim reports them in group CR (correction and
/// reversal).
fn remitted(claim: &Claim, adjustments: &[Adjustment]) -> Vec<Adjustment> {
    adjustments
        .iter()
        .map(|a| Adjustment {
            group: if claim.status == ClaimStatus::Reversed {
                AdjustmentGroup::CorrectionReversal
            } else {
                a.group
            },
            ..a.clone()
        })
        .collect()
}

/// The 835-shaped remittance of a claim.
pub fn remittance(claim: &Claim) -> Remittance {
    Remittance {
        claim_id: claim.id,
        plan_id: claim.plan_id,
        provider: claim.provider.clone(),
        member: claim.member.clone(),
        claim_status_code: clp02(claim.status).to_string(),
        status: claim.status,
        total_charge: claim.total_charge,
        total_paid: claim.total_paid,
        patient_responsibility: claim.patient_responsibility,
        credited: claim.credited,
        payment_status: claim.payment_status,
        reversal_of: if claim.frequency == ClaimFrequency::Void {
            claim.original_claim_id
        } else {
            None
        },
        lines: claim
            .lines
            .iter()
            .map(|l| RemittanceLine {
                line: l.number,
                procedure_code: l.procedure_code.clone(),
                modifiers: l.modifiers.clone(),
                units: l.units,
                charge: l.charge,
                allowed: l.allowed,
                paid: l.paid,
                status: l.status,
                adjustments: remitted(claim, &l.adjustments),
            })
            .collect(),
    }
}

pub fn status_str(s: ClaimStatus) -> &'static str {
    match s {
        ClaimStatus::Pended => "pended",
        ClaimStatus::Paid => "paid",
        ClaimStatus::PartiallyPaid => "partially_paid",
        ClaimStatus::Denied => "denied",
        ClaimStatus::Reversed => "reversed",
        ClaimStatus::Void => "void",
    }
}

fn payment_str(s: PaymentStatus) -> &'static str {
    match s {
        PaymentStatus::NotDue => "not_due",
        PaymentStatus::Pending => "pending",
        PaymentStatus::Issued => "issued",
    }
}

/// The `remittance` event: claim totals and one `line` attribute per line,
/// `<n>:<code>:<status>:<paid>:<group>-<carc>[/<rarc>]=<amount>,...` (codes and amounts only;
/// a reversed claim's adjustments in group CR).
pub fn remittance_event(claim: &Claim) -> Event {
    let mut ev = Event::new("remittance")
        .add_attribute("claim_id", claim.id.to_string())
        .add_attribute("plan_id", claim.plan_id.to_string())
        .add_attribute("provider", claim.provider.to_string())
        .add_attribute("status", status_str(claim.status))
        .add_attribute("clp02", clp02(claim.status))
        .add_attribute("total_charge", claim.total_charge)
        .add_attribute("total_paid", claim.total_paid)
        .add_attribute("patient_responsibility", claim.patient_responsibility)
        .add_attribute("credited", claim.credited)
        .add_attribute("payment_status", payment_str(claim.payment_status));
    for l in &claim.lines {
        let adjs = remitted(claim, &l.adjustments)
            .iter()
            .map(|a| match &a.rarc {
                Some(r) => format!("{}-{}/{}={}", a.group.code(), a.reason.code(), r, a.amount),
                None => format!("{}-{}={}", a.group.code(), a.reason.code(), a.amount),
            })
            .collect::<Vec<_>>()
            .join(",");
        let st = match l.status {
            LineStatus::Paid => "paid",
            LineStatus::Denied => "denied",
            LineStatus::Pended => "pended",
        };
        ev = ev.add_attribute(
            "line",
            format!(
                "{}:{}:{}:{}:{}",
                l.number, l.procedure_code, st, l.paid, adjs
            ),
        );
    }
    ev
}
