//! Configuration, appointments, credentialed parties and patients.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::coins;
use cw_health_types::ehr_registry::{
    AddressesResponse, DecisionReason, EhrConfigResponse, EmergencyPolicy, ExecuteMsg,
    PartiesResponse, PartyChangeReason, PartyInfo, PartyRole, PartyStatus, PatientInfo, QueryMsg,
};
use cw_health_types::{FhirResourceType, PurposeOfUse};
use cw_multi_test::Executor;

const NOT_OWNER: &str = "caller is not the contract's owner";

#[test]
fn owner_only_configuration_and_appointments() {
    let mut s = Suite::new();
    let stranger = s.stranger.clone();
    let policy = EmergencyPolicy {
        max_window_secs: 3600,
        max_sessions_per_period: 2,
        rate_period_secs: 3600,
        review_due_secs: 7200,
        unjustified_suspension_secs: 3600,
        break_glass_classes: cw_health_types::ehr_registry::default_break_glass_classes(),
    };
    let msgs = [
        ExecuteMsg::UpdateConfig {
            credentialing_authority: Some(stranger.to_string()),
            emergency_policy: None,
            guardianship_end_age: None,
        },
        ExecuteMsg::SetPrivacyOfficer {
            address: stranger.to_string(),
            appointed: true,
        },
        ExecuteMsg::SetGateway {
            address: stranger.to_string(),
            trusted: true,
        },
    ];
    for msg in &msgs {
        for sender in [
            stranger.clone(),
            s.authority.clone(),
            s.officer.clone(),
            s.alice.clone(),
        ] {
            let err = s.exec_err(&sender, msg);
            assert!(err.ends_with(NOT_OWNER), "{err}");
        }
    }
    let owner = s.owner.clone();
    // Policy bounds.
    for (bad, field) in [
        (
            EmergencyPolicy {
                max_window_secs: 0,
                ..policy.clone()
            },
            "max_window_secs",
        ),
        (
            EmergencyPolicy {
                max_window_secs: 8 * 24 * 3600,
                ..policy.clone()
            },
            "max_window_secs",
        ),
        (
            EmergencyPolicy {
                max_sessions_per_period: 0,
                ..policy.clone()
            },
            "max_sessions_per_period",
        ),
        (
            EmergencyPolicy {
                max_sessions_per_period: 11,
                ..policy.clone()
            },
            "max_sessions_per_period",
        ),
        (
            EmergencyPolicy {
                rate_period_secs: 0,
                ..policy.clone()
            },
            "rate_period_secs",
        ),
        (
            EmergencyPolicy {
                review_due_secs: 91 * 24 * 3600,
                ..policy.clone()
            },
            "review_due_secs",
        ),
    ] {
        let err = s.exec_err(
            &owner,
            &ExecuteMsg::UpdateConfig {
                credentialing_authority: None,
                emergency_policy: Some(bad),
                guardianship_end_age: None,
            },
        );
        assert!(
            err.ends_with(&format!("invalid emergency policy: {field} out of range")),
            "{err}"
        );
    }
    let err = s.exec_err(
        &owner,
        &ExecuteMsg::UpdateConfig {
            credentialing_authority: None,
            emergency_policy: None,
            guardianship_end_age: None,
        },
    );
    assert!(err.ends_with("nothing to update"));
    s.exec(
        &owner,
        &ExecuteMsg::UpdateConfig {
            credentialing_authority: None,
            emergency_policy: Some(policy.clone()),
            guardianship_end_age: None,
        },
    )
    .unwrap();
    let cfg: EhrConfigResponse = s.query(&QueryMsg::Config {});
    assert_eq!(cfg.emergency_policy, policy);
    assert_eq!(cfg.credentialing_authority, Some(s.authority.clone()));

    // Officers and gateways: appoint, list, dismiss.
    s.exec(
        &owner,
        &ExecuteMsg::SetPrivacyOfficer {
            address: stranger.to_string(),
            appointed: true,
        },
    )
    .unwrap();
    let officers: AddressesResponse = s.query(&QueryMsg::PrivacyOfficers {
        start_after: None,
        limit: None,
    });
    assert_eq!(officers.addresses.len(), 2);
    s.exec(
        &owner,
        &ExecuteMsg::SetPrivacyOfficer {
            address: stranger.to_string(),
            appointed: false,
        },
    )
    .unwrap();
    let officers: AddressesResponse = s.query(&QueryMsg::PrivacyOfficers {
        start_after: None,
        limit: None,
    });
    assert_eq!(officers.addresses, vec![s.officer.clone()]);
    let gateways: AddressesResponse = s.query(&QueryMsg::Gateways {
        start_after: None,
        limit: None,
    });
    assert_eq!(gateways.addresses, vec![s.gateway.clone()]);
    // Malformed address.
    let err = s.exec(
        &owner,
        &ExecuteMsg::SetGateway {
            address: s.gateway.to_string().to_uppercase(),
            trusted: true,
        },
    );
    assert!(err.is_err());
}

#[test]
fn funds_are_refused_on_every_message() {
    let mut s = Suite::new();
    let rich = s.app.api().addr_make("rich");
    s.app
        .init_modules(|router, _, storage| {
            router
                .bank
                .init_balance(storage, &rich, coins(10, "uhealth"))
        })
        .unwrap();
    let msgs = [
        ExecuteMsg::RegisterPatient {},
        ExecuteMsg::RevokeAccess {
            grant_id: 1,
            reason: cw_health_types::ehr_registry::RevocationReason::PatientWithdrew,
        },
        ExecuteMsg::EmergencyAccess {
            patient: s.alice.to_string(),
            reason: cw_health_types::ehr_registry::EmergencyReason::LifeThreatening,
            justification_hash: cw_health_types::Sha256Hash::digest(b"j"),
            duration_secs: 60,
        },
        ExecuteMsg::RecordAccess {
            patient: s.alice.to_string(),
            record_id: 1,
            actor: rich.to_string(),
            action: cw_health_types::AccessAction::Read,
            purpose: PurposeOfUse::Treatment,
            accounting_suspended_until: None,
            via_team: None,
        },
        ExecuteMsg::SetGateway {
            address: rich.to_string(),
            trusted: true,
        },
    ];
    for msg in msgs {
        let err = s
            .app
            .execute_contract(rich.clone(), s.addr.clone(), &msg, &coins(1, "uhealth"))
            .unwrap_err();
        assert!(
            err.to_string()
                .ends_with("this message does not accept funds"),
            "{err}"
        );
    }
}

#[test]
fn only_the_credentialing_authority_registers_and_updates_parties() {
    let mut s = Suite::new();
    let (stranger, owner) = (s.stranger.clone(), s.owner.clone());
    let register = ExecuteMsg::RegisterParty {
        address: stranger.to_string(),
        identifier: "NPI-1234567890".into(),
        role: PartyRole::Clinician,
        license_expiry: s.now().plus_seconds(YEAR),
    };
    let update = ExecuteMsg::UpdateParty {
        address: s.dr_smith.to_string(),
        status: Some(PartyStatus::Suspended),
        license_expiry: None,
        reason: PartyChangeReason::Disciplinary,
    };
    for msg in [&register, &update] {
        for sender in [&owner, &stranger, &s.dr_smith.clone(), &s.officer.clone()] {
            let err = s.exec_err(sender, msg);
            assert!(
                err.ends_with("unauthorized: credentialing authority required"),
                "{err}"
            );
        }
    }
    let authority = s.authority.clone();
    // Bad inputs.
    for (msg, expect) in [
        (
            ExecuteMsg::RegisterParty {
                address: stranger.to_string(),
                identifier: "has space".into(),
                role: PartyRole::Clinician,
                license_expiry: s.now().plus_seconds(YEAR),
            },
            "identifier contains characters that are not allowed",
        ),
        (
            ExecuteMsg::RegisterParty {
                address: stranger.to_string(),
                identifier: "x".repeat(65),
                role: PartyRole::Clinician,
                license_expiry: s.now().plus_seconds(YEAR),
            },
            "identifier is too long: 65 bytes, at most 64",
        ),
        (
            ExecuteMsg::RegisterParty {
                address: stranger.to_string(),
                identifier: "NPI".into(),
                role: PartyRole::Clinician,
                license_expiry: s.now(),
            },
            "license_expiry must be in the future",
        ),
        (
            ExecuteMsg::RegisterParty {
                address: s.dr_smith.to_string(),
                identifier: "NPI".into(),
                role: PartyRole::Clinician,
                license_expiry: s.now().plus_seconds(1),
            },
            "is already registered",
        ),
        (
            ExecuteMsg::UpdateParty {
                address: stranger.to_string(),
                status: Some(PartyStatus::Active),
                license_expiry: None,
                reason: PartyChangeReason::Reinstated,
            },
            "is not registered",
        ),
        (
            ExecuteMsg::UpdateParty {
                address: s.dr_smith.to_string(),
                status: None,
                license_expiry: None,
                reason: PartyChangeReason::Reinstated,
            },
            "nothing to update",
        ),
    ] {
        let err = s.exec_err(&authority, &msg);
        assert!(err.contains(expect), "{err} vs {expect}");
    }
    s.exec(&authority, &register).unwrap();
    let p: Option<PartyInfo> = s.query(&QueryMsg::Party {
        address: stranger.to_string(),
    });
    let p = p.unwrap();
    assert_eq!(p.role, PartyRole::Clinician);
    assert_eq!(p.status, PartyStatus::Active);
    assert!(p.active);
    let page: PartiesResponse = s.query(&QueryMsg::Parties {
        start_after: None,
        limit: Some(2),
    });
    assert_eq!(page.parties.len(), 2);
    let all: PartiesResponse = s.query(&QueryMsg::Parties {
        start_after: None,
        limit: None,
    });
    assert_eq!(all.parties.len(), 6);
    let none: Option<PartyInfo> = s.query(&QueryMsg::Party {
        address: s.alice.to_string(),
    });
    assert!(none.is_none());
}

#[test]
fn no_authority_appointed_means_nobody_credentials() {
    let mut s = Suite::new();
    // A fresh contract without an authority.
    let code_id = s.app.store_code(contract());
    let owner = s.owner.clone();
    let addr = s
        .app
        .instantiate_contract(
            code_id,
            owner.clone(),
            &cw_health_types::ehr_registry::InstantiateMsg {
                owner: None,
                guardianship_end_age: None,
            },
            &[],
            "fresh",
            None,
        )
        .unwrap();
    let err = s
        .app
        .execute_contract(
            owner,
            addr,
            &ExecuteMsg::RegisterParty {
                address: s.dr_smith.to_string(),
                identifier: "NPI".into(),
                role: PartyRole::Clinician,
                license_expiry: s.now().plus_seconds(1),
            },
            &[],
        )
        .unwrap_err();
    assert!(err
        .to_string()
        .ends_with("no credentialing authority has been appointed"));
}

#[test]
fn suspended_excluded_or_expired_parties_get_nothing() {
    let mut s = Suite::new();
    let (alice, smith, payer) = (s.alice.clone(), s.dr_smith.clone(), s.payer.clone());
    let rec = s.add_record(&alice, FhirResourceType::Encounter, &[]);
    s.grant(&alice, address(&smith), permit(), None).unwrap();
    s.grant(&alice, role(PartyRole::Payer), permit(), None)
        .unwrap();
    assert!(s.read(&alice, &smith, PurposeOfUse::Treatment, rec).allowed);
    assert!(s.read(&alice, &payer, PurposeOfUse::Payment, rec).allowed);
    let authority = s.authority.clone();
    for status in [PartyStatus::Suspended, PartyStatus::Excluded] {
        s.exec(
            &authority,
            &ExecuteMsg::UpdateParty {
                address: smith.to_string(),
                status: Some(status),
                license_expiry: None,
                reason: PartyChangeReason::ExclusionListed,
            },
        )
        .unwrap();
        let d = s.read(&alice, &smith, PurposeOfUse::Treatment, rec);
        assert!(!d.allowed);
        assert_eq!(d.reason, DecisionReason::ActorNotActive);
        let p: Option<PartyInfo> = s.query(&QueryMsg::Party {
            address: smith.to_string(),
        });
        assert_eq!(p.as_ref().unwrap().status, status);
        assert!(!p.unwrap().active);
    }
    // Reinstated.
    s.exec(
        &authority,
        &ExecuteMsg::UpdateParty {
            address: smith.to_string(),
            status: Some(PartyStatus::Active),
            license_expiry: None,
            reason: PartyChangeReason::Reinstated,
        },
    )
    .unwrap();
    assert!(s.read(&alice, &smith, PurposeOfUse::Treatment, rec).allowed);
    // License expiry by block time: the payer's license lapses.
    s.exec(
        &authority,
        &ExecuteMsg::UpdateParty {
            address: payer.to_string(),
            status: None,
            license_expiry: Some(s.now().plus_seconds(60)),
            reason: PartyChangeReason::AdministrativeCorrection,
        },
    )
    .unwrap();
    s.advance(59);
    assert!(s.read(&alice, &payer, PurposeOfUse::Payment, rec).allowed);
    s.advance(1);
    let d = s.read(&alice, &payer, PurposeOfUse::Payment, rec);
    assert_eq!(d.reason, DecisionReason::ActorNotActive);
    let p: Option<PartyInfo> = s.query(&QueryMsg::Party {
        address: payer.to_string(),
    });
    assert!(!p.unwrap().active);
}

#[test]
fn patients_register_themselves_once() {
    let mut s = Suite::new();
    let alice = s.alice.clone();
    let err = s.exec_err(&alice, &ExecuteMsg::RegisterPatient {});
    assert!(
        err.ends_with(&format!("patient {alice} is already registered")),
        "{err}"
    );
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: alice.to_string(),
    });
    assert_eq!(p.unwrap().delegate_count, 0);
    let p: Option<PatientInfo> = s.query(&QueryMsg::Patient {
        address: s.stranger.to_string(),
    });
    assert!(p.is_none());
}
