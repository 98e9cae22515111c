//! NCCI-style pair edits kept by the insurer: the provider unbundling a component, splitting it
//! into another claim, listing it first, or adding a modifier the edit does not allow.

use cw_health_types::claims_engine::codes::DAY_SECONDS;
use cw_health_types::claims_engine::{ClaimStatus, CodePair, PairEdit, PairEditsResponse};

use super::*;

/// 99213 (office visit) is a component of 27447 (knee replacement), modifier allowed; 99214 a
/// component of 27447, no modifier.
fn with_edits(s: &mut Suite) {
    let insurer = s.insurer.clone();
    let plan_id = s.plan_id;
    s.exec(
        &insurer,
        ExecuteMsg::UpdatePairEdits {
            plan_id,
            add: vec![
                PairEdit {
                    column1: "27447".into(),
                    column2: "99213".into(),
                    modifier_allowed: true,
                },
                PairEdit {
                    column1: "27447".into(),
                    column2: "99214".into(),
                    modifier_allowed: false,
                },
            ],
            remove: vec![],
        },
    )
    .unwrap();
}

fn bundled(c: &Claim, line: usize) {
    denied_with(c, line, "CO", Carc::BUNDLED);
    assert_eq!(c.lines[line].adjustments[0].rarc.as_deref(), Some("M15"));
}

#[test]
fn a_component_billed_with_its_comprehensive_code_is_denied_co97() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("27447", 1, 20_000), line("99213", 1, 100)]);
    assert_eq!(c.lines[0].status, LineStatus::Paid);
    bundled(&c, 1);
}

#[test]
fn listing_the_component_first_does_not_unbundle_it() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("99214", 1, 150), line("27447", 1, 20_000)]);
    bundled(&c, 0);
    assert_eq!(c.lines[1].status, LineStatus::Paid);
}

#[test]
fn splitting_the_component_into_another_claim_is_denied_too() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    let first = s.claim_for(&m, vec![line("27447", 1, 20_000)]);
    assert_eq!(first.status, ClaimStatus::Paid);
    let second = s.claim_for(&m, vec![line("99214", 1, 150)]);
    bundled(&second, 0);
    // Another member, or the component alone: paid.
    let m3 = s.member3.clone();
    let other = s.claim_for(&m3, vec![line("99214", 1, 150)]);
    assert_eq!(other.status, ClaimStatus::Paid);
}

#[test]
fn a_distinct_procedure_modifier_bypasses_only_an_edit_that_allows_it() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    let c = s.claim_for(
        &m,
        vec![
            line("27447", 1, 20_000),
            with_mods(line("99213", 1, 100), &["59"]),
            with_mods(line("99214", 1, 150), &["XS"]),
            with_mods(line("97110", 1, 40), &["XU"]),
        ],
    );
    assert_eq!(
        c.lines[1].status,
        LineStatus::Paid,
        "indicator 1: 59 bypasses"
    );
    bundled(&c, 2);
    assert_eq!(c.lines[3].status, LineStatus::Paid, "no edit for 97110");
    // Another modifier (not a distinct-procedure one) does not bypass.
    s.advance(DAY_SECONDS);
    let c = s.claim_for(
        &m,
        vec![
            line("27447", 1, 20_000),
            with_mods(line("99213", 1, 100), &["25"]),
        ],
    );
    bundled(&c, 1);
}

#[test]
fn only_the_insurer_keeps_the_edits_and_they_are_validated() {
    let mut s = Suite::new();
    let plan_id = s.plan_id;
    let edit = |c1: &str, c2: &str| PairEdit {
        column1: c1.into(),
        column2: c2.into(),
        modifier_allowed: true,
    };
    let msg = |add: Vec<PairEdit>, remove: Vec<CodePair>| ExecuteMsg::UpdatePairEdits {
        plan_id,
        add,
        remove,
    };
    for who in [s.adjuster.clone(), s.provider.clone(), s.member.clone()] {
        let err = s
            .exec(&who, msg(vec![edit("27447", "99213")], vec![]))
            .unwrap_err();
        assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    }
    let insurer = s.insurer.clone();
    for bad in [
        edit("27447", "27447"),
        edit("2744", "99213"),
        edit("27447", "x9213"),
    ] {
        assert!(s.exec(&insurer, msg(vec![bad], vec![])).is_err());
    }
    // At most 20 column-1 codes per component.
    let many: Vec<PairEdit> = (0..21)
        .map(|i| edit(&format!("1{i:04}"), "99213"))
        .collect();
    let err = s.exec(&insurer, msg(many, vec![])).unwrap_err();
    assert!(err.to_string().contains("at most 20"), "{err}");
    let page = |s: &Suite| -> Vec<String> {
        let r: PairEditsResponse = s.q(QueryMsg::PairEdits {
            plan_id,
            column2: "99213".into(),
            start_after: None,
            limit: None,
        });
        r.edits.into_iter().map(|e| e.column1).collect()
    };
    assert!(page(&s).is_empty(), "a refused update changes nothing");
    s.exec(
        &insurer,
        msg(vec![edit("27447", "99213"), edit("27446", "99213")], vec![]),
    )
    .unwrap();
    assert_eq!(page(&s), vec!["27446".to_string(), "27447".to_string()]);
    s.exec(
        &insurer,
        msg(
            vec![],
            vec![CodePair {
                column1: "27446".into(),
                column2: "99213".into(),
            }],
        ),
    )
    .unwrap();
    assert_eq!(page(&s), vec!["27447".to_string()]);
    // Removing frees a place: 19 more fit.
    let more: Vec<PairEdit> = (0..19)
        .map(|i| edit(&format!("2{i:04}"), "99213"))
        .collect();
    s.exec(&insurer, msg(more, vec![])).unwrap();
}

#[test]
fn a_won_appeal_waives_the_pair_edit() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("27447", 1, 20_000), line("99214", 1, 150)]);
    bundled(&c, 1);
    let member = m.clone();
    let res = s
        .exec(
            &member,
            ExecuteMsg::FileAppeal {
                claim_id: Some(c.id),
                evidence: None,
                lines: vec![2],
                kind: None,
            },
        )
        .unwrap();
    let appeal_id: u64 = attr(&res, "appeal_id").parse().unwrap();
    let adjuster = s.adjuster.clone();
    s.exec(
        &adjuster,
        ExecuteMsg::DecideAppeal {
            appeal_id,
            outcome: cw_health_types::claims_engine::AppealOutcome::Overturned,
            allowed: None,
        },
    )
    .unwrap();
    let c = s.claim(c.id);
    assert_eq!(c.lines[1].status, LineStatus::Paid);
}

fn bundled_after(c: &Claim, line: usize) {
    denied_with(c, line, "CO", Carc::BUNDLED);
    assert_eq!(c.lines[line].adjustments[0].rarc.as_deref(), Some("M80"));
}

#[test]
fn the_comprehensive_code_billed_after_its_paid_component_is_denied_too() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    // The component first, alone: paid (nothing to bundle it with yet).
    let first = s.claim_for(&m, vec![line("99214", 1, 150)]);
    assert_eq!(first.status, ClaimStatus::Paid);
    // The comprehensive code on a later claim, same provider, member and day: both would be
    // paid. The later line is denied (CO-97, M80); the provider corrects the first claim.
    let second = s.claim_for(&m, vec![line("27447", 1, 20_000)]);
    bundled_after(&second, 0);
    assert_eq!(second.total_paid.u128(), 0);
    // After the first claim is voided, the comprehensive code is paid.
    let mut void = s.submission(&m, vec![]);
    void.frequency = ClaimFrequency::Void;
    void.original_claim_id = Some(first.id);
    void.diagnoses = vec![];
    s.submit(void);
    let third = s.claim_for(&m, vec![line("27447", 1, 20_000)]);
    assert_eq!(third.lines[0].status, LineStatus::Paid);
}

#[test]
fn a_component_paid_with_an_allowed_distinct_modifier_does_not_deny_the_later_comprehensive() {
    let mut s = Suite::new();
    with_edits(&mut s);
    let m = s.member.clone();
    // 99213 (indicator 1) with 59: a distinct procedure.
    let first = s.claim_for(&m, vec![with_mods(line("99213", 1, 100), &["59"])]);
    assert_eq!(first.status, ClaimStatus::Paid);
    let second = s.claim_for(&m, vec![line("27447", 1, 20_000)]);
    assert_eq!(second.lines[0].status, LineStatus::Paid);
    // Another member's component, or another day's: no effect.
    let m3 = s.member3.clone();
    s.claim_for(&m3, vec![line("99214", 1, 150)]);
    s.advance(DAY_SECONDS);
    let third = s.claim_for(&m, vec![line("99214", 1, 150)]);
    assert_eq!(third.lines[0].status, LineStatus::Paid, "another day");
}

#[test]
fn a_comprehensive_code_has_at_most_20_components() {
    let mut s = Suite::new();
    let plan_id = s.plan_id;
    let insurer = s.insurer.clone();
    let many: Vec<PairEdit> = (0..21)
        .map(|i| PairEdit {
            column1: "27447".into(),
            column2: format!("1{i:04}"),
            modifier_allowed: false,
        })
        .collect();
    let err = s
        .exec(
            &insurer,
            ExecuteMsg::UpdatePairEdits {
                plan_id,
                add: many.clone(),
                remove: vec![],
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("20 column-2 codes per column-1"),
        "{err}"
    );
    s.exec(
        &insurer,
        ExecuteMsg::UpdatePairEdits {
            plan_id,
            add: many[..20].to_vec(),
            remove: vec![],
        },
    )
    .unwrap();
}

#[test]
fn a_state_of_the_old_claim_layout_is_refused_not_misread() {
    let mut s = Suite::new();
    let m = s.member.clone();
    let c = s.claim_for(&m, vec![line("99214", 1, 150)]);
    // 0.1.x stored claims as the API type: its migration is refused, nothing changed.
    cw2::set_contract_version(&mut s.deps.storage, crate::contract::CONTRACT_NAME, "0.1.0")
        .unwrap();
    let err = crate::contract::migrate(
        s.deps.as_mut(),
        s.env.clone(),
        cw_health_types::claims_engine::MigrateMsg {},
    )
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("cannot migrate from version 0.1.0: its storage layout changed in 0.2.0"),
        "{err}"
    );
    let info = cw2::get_contract_version(&s.deps.storage).unwrap();
    assert_eq!(info.version, "0.1.0");
    assert_eq!(crate::state::CLAIMS.read(&s.deps.storage, c.id).unwrap(), c);
    // The pre-release skeleton (0.0.x, no claims) migrates.
    cw2::set_contract_version(&mut s.deps.storage, crate::contract::CONTRACT_NAME, "0.0.9")
        .unwrap();
    crate::contract::migrate(
        s.deps.as_mut(),
        s.env.clone(),
        cw_health_types::claims_engine::MigrateMsg {},
    )
    .unwrap();
}
