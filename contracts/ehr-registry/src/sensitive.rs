//! The sensitive-data rules, in one place: protection classes instead of categories, and the
//! 42 CFR Part 2 rules for the protected classes (restricted `R`, very restricted `V`), at
//! issuance (grants, delegate and successor scopes) and at decision time.
//!
//! - Records, grants, scopes and the break-glass policy hold only the classes `N`, `R`, `V`
//!   ([`assert_classes`]): a category next to a public address would reveal the condition.
//! - A permit reaches a protected record only when its grant names one grantee address and an
//!   expiry, and the permit's path names the record's class and a purpose
//!   ([`assert_protected_grant`] at issuance, [`permit_counts`] at decision time).
//! - A delegate reaches a protected class only when its scope names the class and purposes
//!   ([`scope_reaches_class`]) and its appointment expires ([`assert_delegate_scope`],
//!   [`appointment_reaches`]); a successor never does ([`assert_successor_scope`]).

use cosmwasm_std::Timestamp;
use cw_health_types::ehr_registry::{Grantee, Provision, ProvisionType, Scope};
use cw_health_types::SecurityLabel;

use crate::error::ContractError;

/// Whether a label is a protection class (HL7 confidentiality N, R or V), the only labels the
/// chain holds; the category codes (ETH, HIV, PSY, SDV) would tell every observer what the
/// record is about, so they stay in the off-chain document.
pub fn is_class(label: &SecurityLabel) -> bool {
    matches!(
        label,
        SecurityLabel::Normal | SecurityLabel::Restricted | SecurityLabel::VeryRestricted
    )
}

/// Whether a class is protected: restricted (R) or very restricted (V). Protected records are
/// reached only under a consent naming the recipient, the class, the purpose and an expiry,
/// and every disclosure carries the redisclosure notice (42 CFR Part 2 rules).
pub fn is_protected(class: &SecurityLabel) -> bool {
    matches!(
        class,
        SecurityLabel::Restricted | SecurityLabel::VeryRestricted
    )
}

/// The protection class of a record's labels: the highest of N < R < V (none: N).
pub fn protection_class(labels: &[SecurityLabel]) -> SecurityLabel {
    if labels.contains(&SecurityLabel::VeryRestricted) {
        SecurityLabel::VeryRestricted
    } else if labels.contains(&SecurityLabel::Restricted) {
        SecurityLabel::Restricted
    } else {
        SecurityLabel::Normal
    }
}

/// Refuses category labels (ETH, HIV, PSY, SDV): the chain holds protection classes only.
pub fn assert_classes(labels: &[SecurityLabel]) -> Result<(), ContractError> {
    match labels.iter().find(|l| !is_class(l)) {
        Some(l) => Err(ContractError::CategoryLabel {
            label: l.code().to_string(),
        }),
        None => Ok(()),
    }
}

/// What a provision tree's permits can reach of protected (R, V) data.
struct ProtectedPermits {
    /// The protected classes some permit has named on its path (it or an ancestor lists them).
    classes: Vec<SecurityLabel>,
    /// Every such permit also has a purpose named on its path.
    all_name_purpose: bool,
}

fn protected_permits(
    p: &Provision,
    named: &[SecurityLabel],
    purpose_named: bool,
    acc: &mut ProtectedPermits,
) {
    let mut named = named.to_vec();
    for l in &p.labels {
        if is_protected(l) && !named.contains(l) {
            named.push(*l);
        }
    }
    let purpose_named = purpose_named || !p.purposes.is_empty();
    if p.provision_type == ProvisionType::Permit && !named.is_empty() {
        for l in &named {
            if !acc.classes.contains(l) {
                acc.classes.push(*l);
            }
        }
        acc.all_name_purpose &= purpose_named;
    }
    for c in &p.provisions {
        protected_permits(c, &named, purpose_named, acc);
    }
}

/// Refuses a grant whose permits reach a protected class unless it names one grantee address,
/// an expiry, and on each such permit's path a purpose. Returns the protected classes its
/// permits name (a delegate's scope must cover them).
pub fn assert_protected_grant(
    provision: &Provision,
    grantee: &Grantee,
    expires_at: Option<Timestamp>,
) -> Result<Vec<SecurityLabel>, ContractError> {
    let mut protected = ProtectedPermits {
        classes: vec![],
        all_name_purpose: true,
    };
    protected_permits(provision, &[], false, &mut protected);
    if !protected.classes.is_empty()
        && (!matches!(grantee, Grantee::Address { .. })
            || expires_at.is_none()
            || !protected.all_name_purpose)
    {
        return Err(ContractError::SensitiveGrantIncomplete);
    }
    Ok(protected.classes)
}

/// Decision time: whether an applying permit counts for a record of `class`. `specific`: its
/// grant names the grantee's address and has an expiry; `class_named` / `purpose_named`: its
/// path names the record's class / a purpose.
pub fn permit_counts(
    class: &SecurityLabel,
    specific: bool,
    class_named: bool,
    purpose_named: bool,
) -> bool {
    !is_protected(class) || (specific && class_named && purpose_named)
}

/// Whether a delegate's or successor's scope covers a class: a protected class only when named
/// and when the scope names its purposes; normal data when the labels are empty or name it.
pub fn scope_reaches_class(scope: &Scope, class: &SecurityLabel) -> bool {
    if is_protected(class) {
        scope.labels.contains(class) && !scope.purposes.is_empty()
    } else {
        scope.labels.is_empty() || scope.labels.contains(class)
    }
}

/// Decision time: an appointment reaches a protected class only when it expires.
pub fn appointment_reaches(class: &SecurityLabel, expires_at: Option<Timestamp>) -> bool {
    !is_protected(class) || expires_at.is_some()
}

/// Appointment: a scope naming a protected class names its purposes, and the appointment
/// expires.
pub fn assert_delegate_scope(
    scope: &Scope,
    expires_at: Option<Timestamp>,
) -> Result<(), ContractError> {
    if scope.labels.iter().any(is_protected) && (scope.purposes.is_empty() || expires_at.is_none())
    {
        return Err(ContractError::SensitiveScopeIncomplete);
    }
    Ok(())
}

/// Succession: normal data only (a succession has no expiry).
pub fn assert_successor_scope(scope: &Scope) -> Result<(), ContractError> {
    if scope.labels.iter().any(is_protected) {
        return Err(ContractError::SuccessorScopeProtected);
    }
    Ok(())
}
