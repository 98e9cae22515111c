//! Grant invariants: over random sequences of grants (random actions, purposes, permit or deny,
//! to the clinician's address or to the Clinician role, with random starts and expiries),
//! revocations, entered-in-error marks, time advances and access checks, a revoked, expired,
//! entered-in-error or not-yet-started grant never allows access.
//!
//! The test keeps its own reference model of the grants (which are live at the current block
//! time, and what each covers) and predicts every outcome independently of the contract:
//! - `check_access` agrees with the model on every check: allowed, reason and basis. Grants are
//!   combined grantee-specificity first (issue 11): if any live grant to the actor's address
//!   matches, only those decide (the first matching deny refuses, else the first matching
//!   permit allows, by id), whatever the role grants say; otherwise the live matching role
//!   grants decide the same way; otherwise no matching grant;
//! - `record_access` succeeds exactly when the check allows (with the next disclosure id and the
//!   allowing grant as basis) and is refused with the check's reason otherwise;
//! - every grant's state (`Grant` query) matches the model: active, or inactive because revoked,
//!   expired or not started, or entered in error;
//! - a new grant is refused exactly when it expires before it starts, or when the grantee already
//!   holds the cap of unfinished grants; a revocation (or entered-in-error mark) exactly when
//!   the grant is already revoked or in error.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use cosmwasm_std::{Addr, Timestamp};
use cw_health_testing::ehr::{deny, permit};
use cw_health_testing::{root_error, Suite, SuiteBuilder};
use cw_health_types::ehr_registry::{
    AccessBasis, ConsentState, DecisionReason, ExecuteMsg, GranteeMsg, InactiveReason, PartyRole,
    RevocationReason, MAX_ACTIVE_GRANTS_PER_GRANTEE, MAX_ACTIVE_GRANTS_PER_ROLE,
};
use cw_health_types::{AccessAction, FhirResourceType, PurposeOfUse};
use cw_multi_test::AppResponse;
use ehr_registry::ContractError;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Generated cases per property (each builds a fresh suite and runs up to `MAX_OPS` steps).
const CASES: u32 = 64;
/// Longest generated sequence of operations.
const MAX_OPS: usize = 40;

/// One step of a generated sequence.
#[derive(Clone, Debug)]
enum Op {
    /// The patient grants (or denies) `actions` x `purposes` (empty: any) to the clinician's
    /// address or to the Clinician role, starting `starts_in` seconds from now (or now) and
    /// expiring `expires_in` seconds from now (or never).
    Grant {
        to_role: bool,
        is_deny: bool,
        actions: Vec<AccessAction>,
        purposes: Vec<PurposeOfUse>,
        starts_in: Option<u64>,
        expires_in: Option<u64>,
    },
    /// The patient revokes the `pick`-th grant issued so far (modulo their number).
    Revoke { pick: usize },
    /// The patient marks the `pick`-th grant issued so far entered in error.
    EnteredInError { pick: usize },
    /// Time passes.
    Advance { secs: u64 },
    /// The clinician (or the ER clinician, who only holds role grants) asks for `action` x
    /// `purpose` on the record, then tries to record that disclosure.
    Check {
        er: bool,
        action: AccessAction,
        purpose: PurposeOfUse,
    },
}

fn op() -> impl Strategy<Value = Op> {
    let actions = subsequence(vec![AccessAction::Read, AccessAction::Write], 0..=2);
    let purposes = subsequence(
        vec![
            PurposeOfUse::Treatment,
            PurposeOfUse::Payment,
            PurposeOfUse::Research,
            PurposeOfUse::EmergencyTreatment,
        ],
        0..=2,
    );
    let start = prop::option::weighted(0.25, select(vec![1u64, 300, 600, 1800]));
    let expiry = prop::option::weighted(0.7, select(vec![1u64, 300, 600, 1800, 3600]));
    prop_oneof![
        4 => (
            (any::<bool>(), prop::bool::weighted(0.2)),
            actions,
            purposes,
            start,
            expiry
        )
            .prop_map(
                |((to_role, is_deny), actions, purposes, starts_in, expires_in)| Op::Grant {
                    to_role,
                    is_deny,
                    actions,
                    purposes,
                    starts_in,
                    expires_in,
                }
            ),
        2 => any::<usize>().prop_map(|pick| Op::Revoke { pick }),
        1 => any::<usize>().prop_map(|pick| Op::EnteredInError { pick }),
        2 => select(vec![1u64, 299, 300, 600, 1800]).prop_map(|secs| Op::Advance { secs }),
        5 => (
            prop::bool::weighted(0.25),
            select(vec![AccessAction::Read, AccessAction::Write]),
            select(vec![
                PurposeOfUse::Treatment,
                PurposeOfUse::Payment,
                PurposeOfUse::Research,
                PurposeOfUse::EmergencyTreatment,
                PurposeOfUse::Operations,
            ]),
        )
            .prop_map(|(er, action, purpose)| Op::Check {
                er,
                action,
                purpose
            }),
    ]
}

/// The reference model's view of one grant.
#[derive(Clone, Debug)]
struct ModelGrant {
    id: u64,
    to_role: bool,
    is_deny: bool,
    actions: Vec<AccessAction>,
    purposes: Vec<PurposeOfUse>,
    starts_at: Timestamp,
    expires_at: Option<Timestamp>,
    revoked: bool,
    entered_in_error: bool,
}

impl ModelGrant {
    /// In force: started, not revoked, not in error, not expired.
    fn live(&self, now: Timestamp) -> bool {
        self.starts_at <= now && !self.finished(now)
    }

    /// Never in force again: revoked, in error or expired (these free a place under the cap).
    fn finished(&self, now: Timestamp) -> bool {
        self.revoked || self.entered_in_error || self.expires_at.is_some_and(|e| now >= e)
    }

    fn covers(&self, action: AccessAction, purpose: PurposeOfUse) -> bool {
        (self.actions.is_empty() || self.actions.contains(&action))
            && (self.purposes.is_empty() || self.purposes.contains(&purpose))
    }

    /// The state the `Grant` query should report.
    fn state(&self, now: Timestamp) -> (ConsentState, Option<InactiveReason>) {
        if self.entered_in_error {
            (ConsentState::EnteredInError, None)
        } else if self.revoked {
            (ConsentState::Inactive, Some(InactiveReason::Revoked))
        } else if self.finished(now) {
            (ConsentState::Inactive, Some(InactiveReason::Expired))
        } else if now < self.starts_at {
            (ConsentState::Inactive, Some(InactiveReason::NotStarted))
        } else {
            (ConsentState::Active, None)
        }
    }
}

/// The expected decision: (allowed, reason, basis grant id).
fn expected(
    grants: &[ModelGrant],
    now: Timestamp,
    er: bool,
    action: AccessAction,
    purpose: PurposeOfUse,
) -> (bool, DecisionReason, Option<u64>) {
    // Grantee specificity first: a matching grant to the actor's address outranks every role
    // grant, so the role grants decide only when no address grant matches. (Every provision
    // here is a root, so depth never separates them; deny beats permit within a kind.)
    let matching = |to_role: bool| -> Vec<&ModelGrant> {
        grants
            .iter()
            .filter(|g| g.to_role == to_role && g.live(now) && g.covers(action, purpose))
            .collect()
    };
    let by_address = if er { vec![] } else { matching(false) };
    let candidates = if by_address.is_empty() {
        matching(true)
    } else {
        by_address
    };
    if let Some(d) = candidates.iter().find(|g| g.is_deny) {
        return (false, DecisionReason::DeniedByProvision, Some(d.id));
    }
    match candidates.first() {
        Some(p) => (true, DecisionReason::PermittedByGrant, Some(p.id)),
        None => (false, DecisionReason::NoMatchingGrant, None),
    }
}

fn attr(resp: &AppResponse, key: &str) -> String {
    resp.events
        .iter()
        .flat_map(|e| e.attributes.iter())
        .find(|a| a.key == key)
        .map(|a| a.value.clone())
        .unwrap_or_else(|| panic!("no {key} attribute"))
}

fn issue(suite: &mut Suite, patient: &Addr, clinician: &Addr, g: &Op) -> Result<u64, String> {
    let Op::Grant {
        to_role,
        is_deny,
        actions,
        purposes,
        starts_in,
        expires_in,
    } = g
    else {
        unreachable!()
    };
    let provision = if *is_deny {
        deny(actions, purposes)
    } else {
        permit(actions, purposes)
    };
    let grantee = if *to_role {
        GranteeMsg::Role {
            role: PartyRole::Clinician,
        }
    } else {
        GranteeMsg::Address {
            address: clinician.to_string(),
        }
    };
    let starts_at = starts_in.map(|s| suite.now().plus_seconds(s));
    let expires_at = expires_in.map(|s| suite.now().plus_seconds(s));
    suite
        .ehr()
        .execute(
            patient,
            &ExecuteMsg::GrantAccess {
                patient: patient.to_string(),
                grantee,
                provision,
                starts_at,
                expires_at,
                policy_hash: None,
                verification: None,
            },
        )
        .map(|r| attr(&r, "grant_id").parse().unwrap())
        .map_err(|e| root_error(&e))
}

/// Runs one generated sequence against a fresh suite and the model; returns how many checks
/// allowed access (for the statistics of the run).
fn run(ops: &[Op]) -> Result<(usize, usize), TestCaseError> {
    let mut suite = SuiteBuilder::new().build();
    let a = suite.actors.clone();
    let record = suite
        .ehr()
        .add_record(
            &a.patient,
            &a.patient,
            "Observation/blood-pressure",
            FhirResourceType::Observation,
            &[],
        )
        .unwrap();
    let mut grants: Vec<ModelGrant> = vec![];
    let mut disclosures = 0u64;
    let mut allowed_checks = 0usize;
    let mut checks = 0usize;

    for op in ops {
        let now = suite.now();
        match op {
            Op::Grant {
                to_role,
                is_deny,
                actions,
                purposes,
                starts_in,
                expires_in,
            } => {
                // Unfinished grants (live or not started yet) count against the cap.
                let unfinished = grants
                    .iter()
                    .filter(|g| g.to_role == *to_role && !g.finished(now))
                    .count();
                let cap = if *to_role {
                    MAX_ACTIVE_GRANTS_PER_ROLE
                } else {
                    MAX_ACTIVE_GRANTS_PER_GRANTEE
                };
                let result = issue(&mut suite, &a.patient, &a.clinician, op);
                if expires_in.is_some_and(|e| e <= starts_in.unwrap_or(0)) {
                    prop_assert_eq!(result, Err(ContractError::InvalidExpiry.to_string()));
                } else if unfinished >= cap {
                    prop_assert_eq!(
                        result,
                        Err(ContractError::TooManyActiveGrants { max: cap }.to_string())
                    );
                } else {
                    let id = grants.len() as u64 + 1;
                    prop_assert_eq!(result, Ok(id));
                    grants.push(ModelGrant {
                        id,
                        to_role: *to_role,
                        is_deny: *is_deny,
                        actions: actions.clone(),
                        purposes: purposes.clone(),
                        starts_at: now.plus_seconds(starts_in.unwrap_or(0)),
                        expires_at: expires_in.map(|s| now.plus_seconds(s)),
                        revoked: false,
                        entered_in_error: false,
                    });
                }
            }
            Op::Revoke { pick } | Op::EnteredInError { pick } => {
                if grants.is_empty() {
                    continue;
                }
                let i = pick % grants.len();
                let g = &mut grants[i];
                let result = match op {
                    Op::Revoke { .. } => suite.ehr().execute(
                        &a.patient,
                        &ExecuteMsg::RevokeAccess {
                            grant_id: g.id,
                            reason: RevocationReason::PatientWithdrew,
                        },
                    ),
                    _ => suite.ehr().mark_grant_entered_in_error(&a.patient, g.id),
                };
                if g.revoked || g.entered_in_error {
                    prop_assert_eq!(
                        result.map(|_| ()).map_err(|e| root_error(&e)),
                        Err(ContractError::GrantNotActive { grant_id: g.id }.to_string())
                    );
                } else {
                    prop_assert!(result.is_ok(), "{:?}", result.map(|_| ()));
                    match op {
                        Op::Revoke { .. } => g.revoked = true,
                        _ => g.entered_in_error = true,
                    }
                }
            }
            Op::Advance { secs } => suite.advance_seconds(*secs),
            Op::Check {
                er,
                action,
                purpose,
            } => {
                checks += 1;
                let actor = if *er { &a.er_clinician } else { &a.clinician };
                let (allow, reason, basis) = expected(&grants, now, *er, *action, *purpose);
                let d = suite
                    .ehr()
                    .check(&a.patient, actor, *action, *purpose, record)
                    .unwrap();
                prop_assert_eq!(d.allowed, allow, "{:?} at {}", op, now);
                prop_assert_eq!(d.reason, reason);
                prop_assert_eq!(
                    d.basis.clone(),
                    basis.map(|grant_id| AccessBasis::Grant { grant_id })
                );
                // The invariant itself: whatever allowed access is a live grant.
                if let Some(AccessBasis::Grant { grant_id }) = d.basis {
                    let g = &grants[grant_id as usize - 1];
                    prop_assert!(g.live(now) && g.covers(*action, *purpose));
                }
                let recorded = suite
                    .ehr()
                    .record_action(actor, &a.patient, record, *action, *purpose);
                if allow {
                    allowed_checks += 1;
                    disclosures += 1;
                    let resp = recorded.unwrap();
                    prop_assert_eq!(attr(&resp, "disclosure_id"), disclosures.to_string());
                    prop_assert_eq!(attr(&resp, "basis"), "grant");
                    prop_assert_eq!(attr(&resp, "basis_id"), basis.unwrap().to_string());
                } else {
                    prop_assert_eq!(
                        recorded.map(|_| ()).map_err(|e| root_error(&e)),
                        Err(ContractError::AccessDenied { reason }.to_string())
                    );
                }
            }
        }
        // Every grant's reported state agrees with the model at this block.
        let now = suite.now();
        for g in &grants {
            let info = suite.ehr().grant(g.id).unwrap();
            prop_assert_eq!((info.state, info.inactive_reason), g.state(now), "{:?}", g);
        }
    }
    Ok((checks, allowed_checks))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, ..ProptestConfig::default() })]

    /// A revoked, expired or entered-in-error grant never allows access: `check_access` and
    /// `record_access` agree with the reference model on every step of every sequence.
    #[test]
    fn revoked_or_expired_grants_never_allow_access(
        ops in prop::collection::vec(op(), 1..=MAX_OPS)
    ) {
        run(&ops)?;
    }
}

/// A fixed sequence touching every boundary, so the property's model is itself exercised on a
/// known path: a grant expiring at `t+300` allows at `t+299` and denies at `t+300`; a revoked
/// grant denies at once; a root deny beats a permit of the same grantee kind, and an address
/// permit beats a role deny; the sixth live address grant is refused;
/// a grant allows only from its start; one expiring before it starts is refused.
#[test]
fn the_model_agrees_on_a_known_sequence() {
    use AccessAction::{Read, Write};
    use PurposeOfUse::{Payment, Research, Treatment};
    let g =
        |to_role, is_deny, actions: &[AccessAction], purposes: &[PurposeOfUse], exp| Op::Grant {
            to_role,
            is_deny,
            actions: actions.to_vec(),
            purposes: purposes.to_vec(),
            starts_in: None,
            expires_in: exp,
        };
    let research_later = |starts_in, expires_in| Op::Grant {
        to_role: true,
        is_deny: false,
        actions: vec![],
        purposes: vec![PurposeOfUse::Research],
        starts_in: Some(starts_in),
        expires_in: Some(expires_in),
    };
    let check = |er, action, purpose| Op::Check {
        er,
        action,
        purpose,
    };
    let ops = vec![
        g(false, false, &[Read], &[Treatment], Some(300)), // 1
        check(false, Read, Treatment),                     // allowed by 1
        check(false, Write, Treatment),                    // denied
        Op::Advance { secs: 299 },
        check(false, Read, Treatment), // allowed by 1
        Op::Advance { secs: 1 },
        check(false, Read, Treatment),         // 1 expired: denied
        g(true, false, &[], &[], None),        // 2: role grant, any
        check(true, Write, Payment),           // allowed by 2 for the ER clinician
        g(false, true, &[], &[Payment], None), // 3: deny payment to the clinician
        check(false, Read, Payment),           // denied by 3 over 2
        check(true, Read, Payment),            // the ER clinician is not denied by 3
        Op::Revoke { pick: 1 },                // revoke 2
        check(true, Read, Payment),            // denied
        Op::Revoke { pick: 1 },                // already revoked: refused
        g(false, false, &[], &[], None),       // 4
        g(false, false, &[], &[], None),       // 5
        g(false, false, &[], &[], None),       // 6
        g(false, false, &[], &[], None),       // 7: five live address grants (3..=7)
        g(false, false, &[], &[], None),       // refused: the cap
        Op::EnteredInError { pick: 3 },        // 4 in error
        g(false, false, &[], &[], None),       // 8: room again
        check(false, Read, Treatment),         // allowed by 5 (4 in error)
        research_later(600, 300),              // refused: expires before it starts
        research_later(300, 600),              // 9: a role grant for research from t+300
        check(true, Read, Research),           // not started: denied
        Op::Advance { secs: 300 },
        check(true, Read, Research), // started: allowed by 9
        Op::Advance { secs: 300 },
        check(true, Read, Research),           // expired: denied
        g(true, true, &[], &[Research], None), // 10: deny research to every clinician (role)
        check(false, Read, Research),          // allowed by 5: the address grant outranks 10
        check(true, Read, Research),           // denied by 10
    ];
    let (checks, allowed) = run(&ops).unwrap();
    assert_eq!((checks, allowed), (14, 7));
}
