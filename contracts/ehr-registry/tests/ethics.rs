//! Ethics gate: a research data consumer's grants take effect only after a compliance body (an
//! IRB, a party of role `ethics_board`) clears that consumer.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::*;
use cosmwasm_std::Addr;
use cw_health_types::ehr_registry::{
    DecisionReason, ExecuteMsg, PartyChangeReason, PartyRole, PartyStatus,
};
use cw_health_types::{FhirResourceType, PurposeOfUse};

fn clear(researcher: &Addr, cleared: bool) -> ExecuteMsg {
    ExecuteMsg::SetEthicsClearance {
        researcher: researcher.to_string(),
        cleared,
    }
}

#[test]
fn a_researchers_grants_apply_only_once_an_irb_clears_it() {
    let mut s = Suite::new();
    let (alice, researcher, smith) = (s.alice.clone(), s.researcher.clone(), s.dr_smith.clone());
    let irb = s.app.api().addr_make("irb");
    s.register_party(&irb, PartyRole::EthicsBoard, s.now().plus_seconds(YEAR))
        .unwrap();
    let rec = s.add_record(&alice, FhirResourceType::Observation, &[]);
    let mut p = permit();
    p.purposes = vec![PurposeOfUse::Research];
    p.resource_types = vec![FhirResourceType::Observation];
    s.grant(&alice, address(&researcher), p, None).unwrap();
    let d = s.read(&alice, &researcher, PurposeOfUse::Research, rec);
    assert!(!d.allowed);
    assert_eq!(d.reason, DecisionReason::EthicsClearanceRequired);
    // Nobody but an active IRB clears: not the researcher, a clinician, the owner, the patient.
    for sender in [
        researcher.clone(),
        smith.clone(),
        s.owner.clone(),
        alice.clone(),
    ] {
        let err = s.exec_err(&sender, &clear(&researcher, true));
        assert!(err.contains("unauthorized"), "{err}");
    }
    // Only researchers are cleared (a typo or a clinician is refused).
    let err = s.exec_err(&irb, &clear(&smith, true));
    assert!(err.contains("not a registered researcher"), "{err}");
    s.exec(&irb, &clear(&researcher, true)).unwrap();
    let d = s.read(&alice, &researcher, PurposeOfUse::Research, rec);
    assert!(d.allowed);
    // Withdrawn clearance: the grants stop applying at once.
    s.exec(&irb, &clear(&researcher, false)).unwrap();
    let d = s.read(&alice, &researcher, PurposeOfUse::Research, rec);
    assert_eq!(d.reason, DecisionReason::EthicsClearanceRequired);
    // A suspended IRB clears nothing.
    let authority = s.authority.clone();
    s.exec(
        &authority,
        &ExecuteMsg::UpdateParty {
            address: irb.to_string(),
            status: Some(PartyStatus::Suspended),
            license_expiry: None,
            reason: PartyChangeReason::Disciplinary,
        },
    )
    .unwrap();
    let err = s.exec_err(&irb, &clear(&researcher, true));
    assert!(err.contains("unauthorized"), "{err}");
}
