use cosmwasm_std::{Addr, QuerierWrapper, StdResult};

use super::msg::{
    OutcomeReportResponse, OverdueDeadlinesResponse, QueryMsg, TrialConfigResponse, TrialPage,
    TrialRef,
};
use super::types::Trial;
use crate::hash::Sha256Hash;

/// A typed handle to a trial-anchor contract.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrialAnchorContract(pub Addr);

impl TrialAnchorContract {
    /// The contract's address.
    pub fn addr(&self) -> &Addr {
        &self.0
    }

    /// The contract's configuration.
    pub fn config(&self, querier: &QuerierWrapper) -> StdResult<TrialConfigResponse> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Config {})
    }

    /// One trial.
    pub fn trial(&self, querier: &QuerierWrapper, trial_id: u64) -> StdResult<Trial> {
        querier.query_wasm_smart(&self.0, &QueryMsg::Trial(TrialRef { trial_id }))
    }

    /// A page of the outcome-switch report.
    pub fn outcome_report(
        &self,
        querier: &QuerierWrapper,
        trial_id: u64,
        start_after: Option<u32>,
        limit: Option<u32>,
    ) -> StdResult<OutcomeReportResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::OutcomeReport(TrialPage {
                trial_id,
                start_after: start_after.map(u64::from),
                limit,
            }),
        )
    }

    /// The first page of late items.
    pub fn overdue(
        &self,
        querier: &QuerierWrapper,
        limit: Option<u32>,
    ) -> StdResult<OverdueDeadlinesResponse> {
        querier.query_wasm_smart(
            &self.0,
            &QueryMsg::Overdue {
                start_after: None,
                limit,
            },
        )
    }
}

/// The leaf data of randomization slot `slot` in the committed allocation list:
/// the UTF-8 bytes of `"{slot}|{arm}|{salt}"` (decimal slot, the arm code, the salt as 64 hex
/// characters). The commitment is the RFC 6962 root over the leaves of slots `0..list_size` in
/// order, so leaf `i` of the tree is slot `i`. The salt hides each arm until it is revealed.
pub fn allocation_leaf(slot: u64, arm: &str, salt: &Sha256Hash) -> Vec<u8> {
    format!("{slot}|{arm}|{}", salt.as_str()).into_bytes()
}

/// Normalizes and format-checks a public registry id: upper-cased, it must be `NCT` + 8 digits
/// (ClinicalTrials.gov), `ISRCTN` + 8 digits, an EU CT number `YYYY-NNNNNN-NN-NN` (CTIS) or an
/// EudraCT number `YYYY-NNNNNN-NN`. `None` when it is none of these.
pub fn normalize_registry_id(id: &str) -> Option<String> {
    let up = id.to_ascii_uppercase();
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let ok = if let Some(rest) = up.strip_prefix("NCT") {
        digits(rest, 8)
    } else if let Some(rest) = up.strip_prefix("ISRCTN") {
        digits(rest, 8)
    } else {
        let parts: Vec<&str> = up.split('-').collect();
        match parts.as_slice() {
            [y, n, c] => digits(y, 4) && digits(n, 6) && digits(c, 2),
            [y, n, c, d] => digits(y, 4) && digits(n, 6) && digits(c, 2) && digits(d, 2),
            _ => false,
        }
    };
    ok.then_some(up)
}

/// The salted commitment to a patient of a trial that keeps one patient to one pseudonym per
/// trial: SHA-256 of `"cw-health/trial-anchor/patient|{contract}|{trial_id}|{patient}"`. The
/// contract address and trial id salt it, so the same patient gives unrelated values in
/// different trials and the stored value does not show the address (it can only be confirmed
/// by someone who already has the candidate address).
pub fn patient_commitment(contract: &Addr, trial_id: u64, patient: &Addr) -> Sha256Hash {
    Sha256Hash::digest(
        format!("cw-health/trial-anchor/patient|{contract}|{trial_id}|{patient}").as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merkle::{build_proof, compute_root, verify_inclusion};

    #[test]
    fn allocation_leaves_have_a_fixed_format_and_prove_against_the_root() {
        let salt = Sha256Hash::digest(b"salt");
        let leaf = allocation_leaf(3, "A", &salt);
        assert_eq!(leaf, format!("3|A|{}", salt.as_str()).into_bytes());
        let leaves: Vec<Vec<u8>> = (0..5)
            .map(|i| allocation_leaf(i, if i % 2 == 0 { "A" } else { "B" }, &salt))
            .collect();
        let refs: Vec<&[u8]> = leaves.iter().map(|l| l.as_slice()).collect();
        let root = compute_root(&refs).unwrap();
        let proof = build_proof(&refs, 3).unwrap();
        assert!(verify_inclusion(&root, &allocation_leaf(3, "B", &salt), &proof).is_ok());
        assert!(verify_inclusion(&root, &allocation_leaf(3, "A", &salt), &proof).is_err());
    }

    #[test]
    fn registry_ids_are_normalized_and_format_checked() {
        for (given, want) in [
            ("NCT01234567", "NCT01234567"),
            ("nct01234567", "NCT01234567"),
            ("isrctn12345678", "ISRCTN12345678"),
            ("2022-500024-30-00", "2022-500024-30-00"),
            ("2004-001234-56", "2004-001234-56"),
        ] {
            assert_eq!(
                normalize_registry_id(given).as_deref(),
                Some(want),
                "{given}"
            );
        }
        for bad in [
            "",
            "NCT1234567",
            "NCT012345678",
            "NCT0123456X",
            " NCT01234567",
            "ISRCTN1234567",
            "2022-50002-30-00",
            "2022-500024-30-0",
            "22-500024-30-00",
            "2022-500024",
            "EUDRACT",
        ] {
            assert_eq!(normalize_registry_id(bad), None, "{bad}");
        }
    }
}
