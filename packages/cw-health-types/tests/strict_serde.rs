//! `#[cw_serde_strict]` on inputs, lenient `#[cw_serde]` on responses (README "API conventions").

use cosmwasm_std::from_json;
use cw_health_types::drug_provenance::{DrugConfigResponse, ExecuteMsg, UnitRef};

#[test]
fn a_misspelled_optional_field_is_refused_not_dropped() {
    // The pharmacy scanner's typo: `lott` instead of `lot`. Without deny_unknown_fields this
    // parsed as `lot: None` and the lot check was skipped.
    let err = from_json::<UnitRef>(br#"{"gtin":"09506000134352","serial":"S1","lott":"L1"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown field `lott`"), "{err}");
    let ok =
        from_json::<UnitRef>(br#"{"gtin":"09506000134352","serial":"S1","lot":"L1"}"#).unwrap();
    assert_eq!(ok.lot.as_deref(), Some("L1"));
}

#[test]
fn an_extra_field_in_a_variant_or_nested_type_is_refused() {
    let err = from_json::<ExecuteMsg>(
        br#"{"dispense":{"unit":{"gtin":"09506000134352","serial":"S1"},"evil":1}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown field `evil`"), "{err}");
    let err = from_json::<ExecuteMsg>(
        br#"{"dispense":{"unit":{"gtin":"09506000134352","serial":"S1","evil":1}}}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("unknown field `evil`"), "{err}");
    // And beside the variant name (serde cannot name it there, but it is refused).
    assert!(from_json::<ExecuteMsg>(
        br#"{"dispense":{"unit":{"gtin":"09506000134352","serial":"S1"}},"evil":1}"#,
    )
    .is_err());
}

#[test]
fn a_response_from_a_newer_contract_with_an_extra_field_still_parses() {
    let cfg: DrugConfigResponse = from_json(
        br#"{"owner":"cosmwasm1owner","regulator":null,"undo_window_secs":600,
            "investigation_secs":1,"notification_secs":1,"alert_quarantine_threshold":2,
            "a_field_added_in_v2":true}"#,
    )
    .unwrap();
    assert_eq!(cfg.undo_window_secs, 600);
}

#[test]
fn a_recall_stored_before_the_class_rename_still_loads() {
    use cw_health_types::drug_provenance::{RecallClass, RecallInfo};
    // drug-provenance stores RecallInfo in its lots; `class` became `recall_class` (a JS
    // reserved word as a field breaks generated clients). Old entries keep loading.
    let old: RecallInfo = from_json(
        br#"{"class":"I","recalled_by":"cosmwasm1regulator","recalled_at":"1","notice_hash":null}"#,
    )
    .unwrap();
    assert_eq!(old.recall_class, RecallClass::ClassI);
    let new = cosmwasm_std::to_json_string(&old).unwrap();
    assert!(new.contains(r#""recall_class":"I""#), "{new}");
}
