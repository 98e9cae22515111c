use cosmwasm_std::Addr;
use cw_multi_test::IntoAddr;

/// The named people and organisations of the stories, as valid bech32 addresses.
#[derive(Clone, Debug)]
pub struct Actors {
    /// Deploys and owns the four contracts.
    pub owner: Addr,
    /// A patient with a chart in ehr-registry and coverage in claims-engine.
    pub patient: Addr,
    /// Another member of the patient's family (family accumulators).
    pub spouse: Addr,
    /// The patient's guardian (a delegate in ehr-registry).
    pub guardian: Addr,
    /// A credentialed clinician.
    pub clinician: Addr,
    /// An emergency-room clinician (break-glass).
    pub er_clinician: Addr,
    /// A hospital (provider organisation; bills claims).
    pub hospital: Addr,
    /// A pharmacy (dispenser in drug-provenance, provider in claims-engine).
    pub pharmacy: Addr,
    /// A drug manufacturer.
    pub manufacturer: Addr,
    /// A wholesale distributor.
    pub wholesaler: Addr,
    /// An insurer (owns plans and funds the pool).
    pub insurer: Addr,
    /// A claims adjuster.
    pub adjuster: Addr,
    /// A second adjuster (appeal reviewer).
    pub reviewer: Addr,
    /// A clinical-trial sponsor.
    pub sponsor: Addr,
    /// A trial site / investigator.
    pub site: Addr,
    /// A regulator (drug-provenance, trial-anchor).
    pub regulator: Addr,
    /// The ethics committee (IRB) of the trial.
    pub irb: Addr,
    /// The credentialing authority of ehr-registry.
    pub credentialing: Addr,
    /// The privacy officer who closes break-glass reviews.
    pub privacy_officer: Addr,
    /// Someone with no role anywhere.
    pub stranger: Addr,
}

impl Actors {
    /// Deterministic addresses derived from each actor's name.
    pub fn new() -> Self {
        Actors {
            owner: "owner".into_addr(),
            patient: "patient".into_addr(),
            spouse: "spouse".into_addr(),
            guardian: "guardian".into_addr(),
            clinician: "clinician".into_addr(),
            er_clinician: "er_clinician".into_addr(),
            hospital: "hospital".into_addr(),
            pharmacy: "pharmacy".into_addr(),
            manufacturer: "manufacturer".into_addr(),
            wholesaler: "wholesaler".into_addr(),
            insurer: "insurer".into_addr(),
            adjuster: "adjuster".into_addr(),
            reviewer: "reviewer".into_addr(),
            sponsor: "sponsor".into_addr(),
            site: "site".into_addr(),
            regulator: "regulator".into_addr(),
            irb: "irb".into_addr(),
            credentialing: "credentialing".into_addr(),
            privacy_officer: "privacy_officer".into_addr(),
            stranger: "stranger".into_addr(),
        }
    }
}

impl Default for Actors {
    fn default() -> Self {
        Self::new()
    }
}
