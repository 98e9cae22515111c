//! Trading partners, regulator, loggers, products, configuration: who may do what.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod suite;

use cosmwasm_std::coins;
use cw_health_types::drug_provenance::{
    ConfigUpdate, DrugConfigResponse, ExecuteMsg, LoggerResponse, PartyResponse, ProductResponse,
    QueryMsg, TempProfile, TradingPartnerRole, TradingPartnerStatus, TradingPartnersResponse,
};
use cw_multi_test::Executor;
use suite::*;

#[test]
fn only_owner_or_regulator_registers_partners() {
    let mut s = Suite::new();
    let newcomer = s.app.api().addr_make("newcomer");
    let expiry = s.now().plus_seconds(86_400);
    let msg = ExecuteMsg::RegisterParty {
        address: newcomer.to_string(),
        role: TradingPartnerRole::Wholesaler,
        license_id: "WDD-1".into(),
        license_expiry: expiry,
    };
    for who in [s.stranger.clone(), s.mfr.clone(), s.pharmacy.clone()] {
        let err = s.err(&who, &msg);
        assert!(
            err.ends_with("caller is neither the owner nor the regulator"),
            "{err}"
        );
    }
    let owner = s.owner.clone();
    let resp = s.ok(&owner, &msg);
    assert_eq!(attr(&resp, "action"), "register_party");
    assert_eq!(attr(&resp, "role"), "wholesaler");
    let p: Option<PartyResponse> = s.q(&QueryMsg::Party {
        address: newcomer.to_string(),
    });
    let p = p.unwrap();
    assert_eq!(p.role, TradingPartnerRole::Wholesaler);
    assert_eq!(p.license_id, "WDD-1");
    assert_eq!(p.status, TradingPartnerStatus::Active);
    assert!(p.licensed);
    assert_eq!(p.updated_by, owner);
}

#[test]
fn party_input_is_validated() {
    let mut s = Suite::new();
    let reg = s.regulator.clone();
    let newcomer = s.app.api().addr_make("newcomer");
    let now = s.now();
    let mk = |address: String, license_id: &str, expiry| ExecuteMsg::RegisterParty {
        address,
        role: TradingPartnerRole::Dispenser,
        license_id: license_id.into(),
        license_expiry: expiry,
    };
    let later = now.plus_seconds(10);
    let err = s.err(&reg, &mk(newcomer.to_string(), "L", now));
    assert!(err.contains("license_expiry is out of range"), "{err}");
    let err = s.err(&reg, &mk(newcomer.to_string(), "has space", later));
    assert!(err.contains("license_id contains characters"), "{err}");
    let err = s.err(&reg, &mk(newcomer.to_string(), "", later));
    assert!(err.contains("license_id must not be empty"), "{err}");
    let err = s.err(&reg, &mk(newcomer.to_string().to_uppercase(), "L", later));
    assert!(!err.is_empty());
    let err = s.err(&reg, &mk("not-an-address".into(), "L", later));
    assert!(!err.is_empty());
    let unregistered: Option<PartyResponse> = s.q(&QueryMsg::Party {
        address: newcomer.to_string(),
    });
    assert!(unregistered.is_none());
    let err = s.err(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: newcomer.to_string(),
            status: TradingPartnerStatus::Suspended,
        },
    );
    assert!(
        err.ends_with(&format!("{newcomer} is not a registered trading partner")),
        "{err}"
    );
}

#[test]
fn regulator_is_appointed_by_owner_only() {
    let mut s = Suite::new();
    let (owner, reg, stranger) = (s.owner.clone(), s.regulator.clone(), s.stranger.clone());
    let msg = ExecuteMsg::SetRegulator {
        regulator: Some(stranger.to_string()),
    };
    let err = s.err(&reg, &msg);
    assert!(err.ends_with("caller is not the contract's owner"), "{err}");
    let cfg: DrugConfigResponse = s.q(&QueryMsg::Config {});
    assert_eq!(cfg.regulator, Some(reg.clone()));
    // Removing the regulator takes its powers away.
    s.ok(&owner, &ExecuteMsg::SetRegulator { regulator: None });
    let cfg: DrugConfigResponse = s.q(&QueryMsg::Config {});
    assert_eq!(cfg.regulator, None);
    let mfr = s.mfr.clone();
    let err = s.err(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: mfr.to_string(),
            status: TradingPartnerStatus::Suspended,
        },
    );
    assert!(
        err.ends_with("caller is neither the owner nor the regulator"),
        "{err}"
    );
}

#[test]
fn config_defaults_and_bounds() {
    let mut s = Suite::new();
    let cfg: DrugConfigResponse = s.q(&QueryMsg::Config {});
    assert_eq!(cfg.owner, s.owner);
    assert_eq!(cfg.undo_window_secs, 10 * 86_400);
    assert_eq!(cfg.investigation_secs, 86_400);
    assert_eq!(cfg.notification_secs, 86_400);
    assert_eq!(cfg.alert_quarantine_threshold, 2);
    let (owner, reg) = (s.owner.clone(), s.regulator.clone());
    let update = ConfigUpdate {
        undo_window_secs: Some(3_600),
        ..Default::default()
    };
    let err = s.err(&reg, &ExecuteMsg::UpdateConfig(update.clone()));
    assert!(err.ends_with("caller is not the contract's owner"), "{err}");
    s.ok(&owner, &ExecuteMsg::UpdateConfig(update));
    let cfg: DrugConfigResponse = s.q(&QueryMsg::Config {});
    assert_eq!(cfg.undo_window_secs, 3_600);
    assert_eq!(cfg.investigation_secs, 86_400);
    for bad in [
        ConfigUpdate {
            undo_window_secs: Some(91 * 86_400),
            ..Default::default()
        },
        ConfigUpdate {
            investigation_secs: Some(59),
            ..Default::default()
        },
        ConfigUpdate {
            notification_secs: Some(0),
            ..Default::default()
        },
        ConfigUpdate {
            alert_quarantine_threshold: Some(0),
            ..Default::default()
        },
    ] {
        let err = s.err(&owner, &ExecuteMsg::UpdateConfig(bad));
        assert!(err.contains("is out of range"), "{err}");
    }
}

#[test]
fn funds_are_refused() {
    let mut s = Suite::new();
    let owner = s.owner.clone();
    s.app
        .init_modules(|router, _, storage| {
            router
                .bank
                .init_balance(storage, &owner, coins(10, "uhealth"))
        })
        .unwrap();
    let err = s
        .app
        .execute_contract(
            s.owner.clone(),
            s.addr.clone(),
            &ExecuteMsg::SetRegulator { regulator: None },
            &coins(1, "uhealth"),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("this message does not accept funds"),
        "{err}"
    );
    let cfg: DrugConfigResponse = s.q(&QueryMsg::Config {});
    assert!(cfg.regulator.is_some());
}

#[test]
fn unlicensed_partners_cannot_trade() {
    let mut s = Suite::new();
    let g = gtin_a();
    s.commission(&g, "LOT1", EXP, &["A1", "A2", "A3"]);
    let (mfr, wholesaler, reg, stranger) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.regulator.clone(),
        s.stranger.clone(),
    );
    // To an unregistered party.
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&stranger, vec![uref(&g, "A1")], vec![]),
    );
    assert!(err.ends_with(&format!("{stranger} is not a licensed trading partner (unregistered, suspended, revoked or license expired)")), "{err}");
    // To a suspended party, then reinstated.
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: wholesaler.to_string(),
            status: TradingPartnerStatus::Suspended,
        },
    );
    let p: Option<PartyResponse> = s.q(&QueryMsg::Party {
        address: wholesaler.to_string(),
    });
    assert!(!p.unwrap().licensed);
    let err = s.err(
        &mfr,
        &Suite::ship_msg(&wholesaler, vec![uref(&g, "A1")], vec![]),
    );
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: wholesaler.to_string(),
            status: TradingPartnerStatus::Active,
        },
    );
    s.transfer(&mfr, &wholesaler, &g, &["A1"]);
    // From a revoked party.
    s.ok(
        &reg,
        &ExecuteMsg::SetPartyStatus {
            address: wholesaler.to_string(),
            status: TradingPartnerStatus::Revoked,
        },
    );
    let pharmacy = s.pharmacy.clone();
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "A1")], vec![]),
    );
    assert!(
        err.contains(&format!("{wholesaler} is not a licensed")),
        "{err}"
    );
    // Re-registering (renewal) keeps the revoked status.
    s.register(&reg, &wholesaler, TradingPartnerRole::Wholesaler);
    let err = s.err(
        &wholesaler,
        &Suite::ship_msg(&pharmacy, vec![uref(&g, "A1")], vec![]),
    );
    assert!(err.contains("is not a licensed"), "{err}");
    // A license that expired.
    let tpl = s.tpl.clone();
    let soon = s.now().plus_seconds(100);
    s.ok(
        &reg,
        &ExecuteMsg::RegisterParty {
            address: tpl.to_string(),
            role: TradingPartnerRole::ThirdPartyLogistics,
            license_id: "3PL-9".into(),
            license_expiry: soon,
        },
    );
    s.transfer(&mfr, &tpl, &g, &["A2"]);
    s.advance(100);
    let err = s.err(&mfr, &Suite::ship_msg(&tpl, vec![uref(&g, "A3")], vec![]));
    assert!(err.contains(&format!("{tpl} is not a licensed")), "{err}");
    let err = s.err(&tpl, &Suite::ship_msg(&mfr, vec![uref(&g, "A2")], vec![]));
    assert!(err.contains(&format!("{tpl} is not a licensed")), "{err}");
}

#[test]
fn parties_are_listed_in_pages() {
    let s = Suite::new();
    let first: TradingPartnersResponse = s.q(&QueryMsg::Parties {
        start_after: None,
        limit: Some(4),
    });
    assert_eq!(first.parties.len(), 4);
    let rest: TradingPartnersResponse = s.q(&QueryMsg::Parties {
        start_after: Some(first.parties[3].address.to_string()),
        limit: None,
    });
    assert_eq!(rest.parties.len(), 2);
    let mut all: Vec<_> = first
        .parties
        .iter()
        .chain(rest.parties.iter())
        .map(|p| p.address.clone())
        .collect();
    let sorted = {
        let mut v = all.clone();
        v.sort();
        v
    };
    assert_eq!(all, sorted);
    all.dedup();
    assert_eq!(all.len(), 6);
}

#[test]
fn products_are_registered_by_licensed_manufacturers() {
    let mut s = Suite::new();
    let p: Option<ProductResponse> = s.q(&QueryMsg::Product { gtin: gtin_a() });
    let p = p.unwrap();
    assert_eq!(p.manufacturer, s.mfr);
    assert_eq!(p.ndc, "0777-3105-02");
    assert_eq!(p.temp_profile.unwrap().max_excursion_secs, 3_600);
    let new_gtin = with_check_digit("0031234567899");
    let msg = |gtin: String, tp: Option<TempProfile>| ExecuteMsg::RegisterProduct {
        gtin,
        ndc: "NDC-9".into(),
        temp_profile: tp,
    };
    let (mfr, wholesaler, stranger, reg) = (
        s.mfr.clone(),
        s.wholesaler.clone(),
        s.stranger.clone(),
        s.regulator.clone(),
    );
    let err = s.err(&stranger, &msg(new_gtin.clone(), None));
    assert!(err.contains("is not a licensed trading partner"), "{err}");
    let err = s.err(&wholesaler, &msg(new_gtin.clone(), None));
    assert!(
        err.ends_with("has role wholesaler, which may not register products"),
        "{err}"
    );
    // Wrong check digit, wrong length, letters.
    let mut bad = new_gtin.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '9' { '0' } else { '9' });
    let err = s.err(&mfr, &msg(bad, None));
    assert!(
        err.ends_with("gtin is malformed: a GTIN-14 check digit is wrong"),
        "{err}"
    );
    let err = s.err(&mfr, &msg("1234567890128".into(), None));
    assert!(err.contains("a GTIN-14 is 14 digits"), "{err}");
    let err = s.err(&mfr, &msg("0031234567890A".into(), None));
    assert!(err.contains("gtin is malformed"), "{err}");
    let err = s.err(
        &mfr,
        &msg(
            new_gtin.clone(),
            Some(TempProfile {
                min_decicelsius: 80,
                max_decicelsius: 80,
                max_excursion_secs: 1,
            }),
        ),
    );
    assert!(err.contains("temp_profile is out of range"), "{err}");
    let err = s.err(&mfr, &msg(gtin_a(), None));
    assert!(
        err.ends_with(&format!("product {} is already registered", gtin_a())),
        "{err}"
    );
    // A repackager may register its own GTIN.
    let repack = s.app.api().addr_make("repack");
    s.register(&reg, &repack, TradingPartnerRole::Repackager);
    s.ok(&repack, &msg(new_gtin.clone(), None));
    let p: Option<ProductResponse> = s.q(&QueryMsg::Product { gtin: new_gtin });
    assert_eq!(p.unwrap().manufacturer, repack);
}

#[test]
fn loggers_are_registered_by_owner_or_regulator() {
    let mut s = Suite::new();
    let (stranger, owner, logger) = (s.stranger.clone(), s.owner.clone(), s.logger.clone());
    let is_logger = |s: &Suite, a: &cosmwasm_std::Addr| -> bool {
        let r: LoggerResponse = s.q(&QueryMsg::Logger {
            address: a.to_string(),
        });
        assert_eq!(r.address, *a);
        r.active
    };
    assert!(is_logger(&s, &logger));
    let err = s.err(
        &stranger,
        &ExecuteMsg::SetLogger {
            logger: stranger.to_string(),
            active: true,
        },
    );
    assert!(
        err.ends_with("caller is neither the owner nor the regulator"),
        "{err}"
    );
    assert!(!is_logger(&s, &stranger));
    s.ok(
        &owner,
        &ExecuteMsg::SetLogger {
            logger: logger.to_string(),
            active: false,
        },
    );
    assert!(!is_logger(&s, &logger));
}
