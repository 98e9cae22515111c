//! Independence of the ethics committee and the registry id (issue 13): committees are
//! accredited by the owner or a regulator and are never the trial's responsible party; registry
//! ids are normalized and format-checked, and a claim blocks nobody until a regulator confirms it.

use cw_health_types::trial_anchor::*;

use super::suite::*;
use crate::error::ContractError;

fn register(s: &mut Suite, f: impl FnOnce(&mut RegisterTrialMsg)) -> Result<u64, ContractError> {
    let mut msg = s.register_msg();
    f(&mut msg);
    let res = s.sponsor_exec(ExecuteMsg::RegisterTrial(Box::new(msg)))?;
    Ok(attr(&res, "trial_id").parse().unwrap())
}

#[test]
fn a_sponsor_cannot_name_its_own_second_key_as_ethics_committee() {
    let mut s = Suite::new();
    let second_key = s.deps.api.addr_make("sponsor-second-key");
    let err = register(&mut s, |m| m.ethics_committee = second_key.to_string()).unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeNotAccredited { ref address } if *address == second_key.to_string()),
        "{err}"
    );
    let cfg: TrialConfigResponse = s.q(QueryMsg::Config {});
    assert_eq!(cfg.trial_count, 0);
}

#[test]
fn the_ethics_committee_is_never_the_responsible_party() {
    let mut s = Suite::new();
    let irb = s.irb.clone();
    // An accredited committee named as the trial's responsible party too.
    let err = register(&mut s, |m| m.responsible_party = Some(irb.to_string())).unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeIsResponsibleParty {}),
        "{err}"
    );
    // Nor can a regulator hand the committee to the responsible party later.
    let responsible = s.deps.api.addr_make("responsible");
    s.accredit(&responsible);
    let t = register(&mut s, |m| {
        m.responsible_party = Some(responsible.to_string())
    })
    .unwrap();
    let reg = s.regulator.clone();
    let change = |to: &cosmwasm_std::Addr| ExecuteMsg::ChangeEthicsCommittee {
        trial_id: t,
        ethics_committee: to.to_string(),
        decision_hash: h("decision"),
    };
    let err = s.exec(&reg, change(&responsible)).unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeIsResponsibleParty {}),
        "{err}"
    );
    // Nor to an unaccredited address.
    let unaccredited = s.deps.api.addr_make("irb-unaccredited");
    let err = s.exec(&reg, change(&unaccredited)).unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeNotAccredited { .. }),
        "{err}"
    );
    assert_eq!(s.trial(t).ethics_committee, s.irb);
}

#[test]
fn only_the_owner_or_a_regulator_accredits_and_a_withdrawn_committee_approves_nothing() {
    let mut s = Suite::new();
    let t = s.register(s.register_msg());
    let irb2 = s.deps.api.addr_make("irb-2");
    let msg = |add: Vec<String>, remove: Vec<String>| ExecuteMsg::UpdateAddressSet {
        set: AddressSet::EthicsCommittees,
        add,
        remove,
    };
    for who in [s.sponsor.clone(), s.irb.clone(), s.stranger.clone()] {
        let err = s
            .exec(&who, msg(vec![irb2.to_string()], vec![]))
            .unwrap_err();
        assert!(matches!(err, ContractError::Unauthorized { .. }), "{err}");
    }
    let reg = s.regulator.clone();
    let res = s.exec(&reg, msg(vec![irb2.to_string()], vec![])).unwrap();
    assert_eq!(attr(&res, "action"), "update_address_set");
    assert_eq!(attr(&res, "set"), "ethics_committees");
    let page: AddressSetResponse = s.q(QueryMsg::AddressSet {
        set: AddressSet::EthicsCommittees,
        start_after: None,
        limit: None,
    });
    let mut want = vec![s.irb.clone(), irb2.clone()];
    want.sort();
    assert_eq!(page.addresses, want);
    // The regulator withdraws the trial's committee's accreditation: it approves nothing more.
    let irb = s.irb.clone();
    s.exec(&reg, msg(vec![], vec![irb.to_string()])).unwrap();
    let err = s
        .exec(
            &irb,
            ExecuteMsg::ApproveDocument {
                trial_id: t,
                document_kind: DocumentKind::Protocol,
                version: 1,
                approval_hash: h("approval"),
            },
        )
        .unwrap_err();
    assert!(
        matches!(err, ContractError::EthicsCommitteeNotAccredited { .. }),
        "{err}"
    );
}

#[test]
fn registry_ids_are_normalized_and_format_checked() {
    let mut s = Suite::new();
    for bad in [
        "NCT123",
        "nct-01234567",
        "EUCT2022",
        "01234567",
        "NCT0123456789",
    ] {
        let err = register(&mut s, |m| m.registry_id = Some(bad.into())).unwrap_err();
        assert!(
            matches!(err, ContractError::InvalidRegistryId { ref registry_id } if registry_id == bad),
            "{bad}: {err}"
        );
    }
    let t = register(&mut s, |m| m.registry_id = Some("nct01234567".into())).unwrap();
    assert_eq!(s.trial(t).registry_id.as_deref(), Some("NCT01234567"));
    let t2 = register(&mut s, |m| m.registry_id = Some("2022-500024-30-00".into())).unwrap();
    assert_eq!(
        s.trial(t2).registry_id.as_deref(),
        Some("2022-500024-30-00")
    );
    let t3 = s.register(s.register_msg());
    let err = s
        .sponsor_exec(ExecuteMsg::RecordRegistration {
            trial_id: t3,
            registry_id: "ISRCTN1234".into(),
        })
        .unwrap_err();
    assert!(
        matches!(err, ContractError::InvalidRegistryId { .. }),
        "{err}"
    );
    s.sponsor_exec(ExecuteMsg::RecordRegistration {
        trial_id: t3,
        registry_id: "isrctn12345678".into(),
    })
    .unwrap();
    assert_eq!(s.trial(t3).registry_id.as_deref(), Some("ISRCTN12345678"));
}

#[test]
fn a_squatters_claim_blocks_nobody_and_only_a_regulator_confirms() {
    let mut s = Suite::new();
    let real = s.register(s.register_msg());
    // A stranger registers a trial of its own first, claiming the real trial's NCT number.
    let squatter = s.stranger.clone();
    let mut msg = s.register_msg();
    msg.registry_id = Some("NCT04368728".into());
    let res = s
        .exec(&squatter, ExecuteMsg::RegisterTrial(Box::new(msg)))
        .unwrap();
    let fake: u64 = attr(&res, "trial_id").parse().unwrap();
    // The real sponsor still records it (differently cased), as an unconfirmed claim.
    let res = s
        .sponsor_exec(ExecuteMsg::RecordRegistration {
            trial_id: real,
            registry_id: "nct04368728".into(),
        })
        .unwrap();
    assert_eq!(attr(&res, "action"), "record_registration");
    let by_id = |s: &Suite| -> Option<Trial> {
        s.q(QueryMsg::TrialByRegistryId {
            registry_id: "NCT04368728".into(),
        })
    };
    assert!(by_id(&s).is_none());
    // The sponsor cannot confirm its own claim (re-recording is refused); a stranger cannot.
    assert!(matches!(
        s.sponsor_exec(ExecuteMsg::RecordRegistration {
            trial_id: real,
            registry_id: "NCT04368728".into(),
        }),
        Err(ContractError::RegistryIdAlreadyRecorded {})
    ));
    let confirm = |t: u64, id: &str| ExecuteMsg::RecordRegistration {
        trial_id: t,
        registry_id: id.into(),
    };
    let other = s.site_a.clone();
    assert!(matches!(
        s.exec(&other, confirm(real, "NCT04368728")),
        Err(ContractError::Unauthorized { .. })
    ));
    // The regulator confirms exactly the claimed id.
    let reg = s.regulator.clone();
    let err = s.exec(&reg, confirm(real, "NCT04368729")).unwrap_err();
    assert!(
        matches!(err, ContractError::RegistryIdMismatch { ref claimed, ref given }
            if claimed == "NCT04368728" && given == "NCT04368729"),
        "{err}"
    );
    let res = s.exec(&reg, confirm(real, "NCT04368728")).unwrap();
    assert_eq!(attr(&res, "action"), "confirm_registry_id");
    assert_eq!(by_id(&s).unwrap().id, real);
    assert!(s.trial(real).registry_id_confirmed_at.is_some());
    // The squatter's claim can never be confirmed; the confirmed id is no longer changed.
    let err = s.exec(&reg, confirm(fake, "NCT04368728")).unwrap_err();
    assert!(
        matches!(err, ContractError::RegistryIdTaken { trial_id, .. } if trial_id == real),
        "{err}"
    );
    assert!(matches!(
        s.sponsor_exec(confirm(real, "NCT04368720")),
        Err(ContractError::RegistryIdAlreadyRecorded {})
    ));
    // An unconfirmed claim may be corrected by its party.
    let t3 = s.register(s.register_msg());
    s.sponsor_exec(confirm(t3, "NCT11111111")).unwrap();
    s.sponsor_exec(confirm(t3, "NCT11111112")).unwrap();
    assert_eq!(s.trial(t3).registry_id.as_deref(), Some("NCT11111112"));
}
