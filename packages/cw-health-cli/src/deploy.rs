//! `deploy`: store the four artifacts, instantiate them wired to each other, record everything in
//! `deployments/<chain-id>.json`, and resume from that record.
//!
//! The record uses cw-orchestrator's names: `code_ids` (contract → code id) and `default`
//! (contract → address, the default deployment), beside `checksums`, `admins` and `steps` (tx
//! hash, height and gas of every step).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// The suite's contracts in dependency order, with their artifact files.
pub const CONTRACTS: [(&str, &str); 4] = [
    ("ehr-registry", "ehr_registry.wasm"),
    ("drug-provenance", "drug_provenance.wasm"),
    ("trial-anchor", "trial_anchor.wasm"),
    ("claims-engine", "claims_engine.wasm"),
];

/// The artifact file of `contract`.
pub fn artifact_file(contract: &str) -> Option<&'static str> {
    CONTRACTS
        .iter()
        .find(|(c, _)| *c == contract)
        .map(|(_, f)| *f)
}

/// One recorded transaction.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StepRecord {
    /// The transaction's hash; empty when an existing code was reused.
    #[serde(default)]
    pub tx_hash: String,
    /// Its block height.
    #[serde(default)]
    pub height: u64,
    /// Its gas used.
    #[serde(default)]
    pub gas_used: u64,
    /// A note (e.g. "reused code already on chain").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// `deployments/<chain-id>.json`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct Deployment {
    pub chain_id: String,
    /// Contract → code id (cw-orchestrator's `code_ids`).
    #[serde(default)]
    pub code_ids: BTreeMap<String, u64>,
    /// Contract → sha256 of the stored artifact (artifacts/checksums.txt).
    #[serde(default)]
    pub checksums: BTreeMap<String, String>,
    /// Contract → address (cw-orchestrator's `default` deployment).
    #[serde(default)]
    pub default: BTreeMap<String, String>,
    /// Contract → admin (who may migrate it).
    #[serde(default)]
    pub admins: BTreeMap<String, String>,
    /// Step ("store ehr-registry", "instantiate ehr-registry", ...) → its transaction.
    #[serde(default)]
    pub steps: BTreeMap<String, StepRecord>,
}

/// The record file of `chain_id` in `dir`.
pub fn record_path(dir: &Path, chain_id: &str) -> PathBuf {
    dir.join(format!("{chain_id}.json"))
}

impl Deployment {
    /// Reads the record (a fresh one when the file does not exist).
    pub fn load(dir: &Path, chain_id: &str) -> Result<Self, String> {
        let p = record_path(dir, chain_id);
        if !p.exists() {
            return Ok(Deployment {
                chain_id: chain_id.to_string(),
                ..Deployment::default()
            });
        }
        let text =
            std::fs::read_to_string(&p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let d: Deployment = serde_json::from_str(&text)
            .map_err(|e| format!("{} is not a deployment record: {e}", p.display()))?;
        if d.chain_id != chain_id {
            return Err(format!(
                "{} records chain {}, not {chain_id}",
                p.display(),
                d.chain_id
            ));
        }
        Ok(d)
    }

    /// Writes the record (atomically: temp file then rename), after every step.
    pub fn save(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let p = record_path(dir, &self.chain_id);
        let tmp = p.with_extension("json.tmp");
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        std::fs::write(&tmp, text + "\n")
            .and_then(|()| std::fs::rename(&tmp, &p))
            .map_err(|e| format!("cannot write {}: {e}", p.display()))
    }

    /// The address of `contract`, or an instruction to deploy.
    pub fn address(&self, contract: &str) -> Result<&str, String> {
        self.default
            .get(contract)
            .map(String::as_str)
            .ok_or_else(|| {
                format!(
                    "{contract} is not deployed on {} (no address in the record): run `cw-health \
                 deploy` first",
                    self.chain_id
                )
            })
    }
}

/// Reads `sha256sum` output (`<hex>  <file>`) into file → checksum.
pub fn parse_checksums(text: &str) -> Result<BTreeMap<String, String>, String> {
    let mut out = BTreeMap::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let mut parts = line.split_whitespace();
        let (Some(sum), Some(file)) = (parts.next(), parts.next()) else {
            return Err(format!(
                "checksums.txt line {}: expected `<sha256>  <file>`",
                i + 1
            ));
        };
        let file = file.trim_start_matches('*');
        if sum.len() != 64 || !sum.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("checksums.txt line {}: bad sha256 {sum}", i + 1));
        }
        out.insert(file.to_string(), sum.to_ascii_lowercase());
    }
    Ok(out)
}

/// An artifact to store: its bytes and checksum (checked against checksums.txt).
#[derive(Clone, Debug)]
pub struct Artifact {
    pub contract: String,
    pub path: PathBuf,
    pub checksum: String,
}

/// Loads the four artifacts' checksums and checks each file against it.
pub fn artifacts(dir: &Path) -> Result<Vec<Artifact>, String> {
    let sums_path = dir.join("checksums.txt");
    let text = std::fs::read_to_string(&sums_path).map_err(|e| {
        format!(
            "{} is missing ({e}): build the artifacts first with `bash scripts/build.sh`",
            sums_path.display()
        )
    })?;
    let sums = parse_checksums(&text)?;
    let mut out = Vec::new();
    for (contract, file) in CONTRACTS {
        let path = dir.join(file);
        let expected = sums
            .get(file)
            .ok_or_else(|| format!("{} has no line for {file}", sums_path.display()))?;
        let bytes = std::fs::read(&path).map_err(|e| {
            format!(
                "{} is missing ({e}): build the artifacts first with `bash scripts/build.sh`",
                path.display()
            )
        })?;
        let actual = sha256_hex(&bytes);
        if &actual != expected {
            return Err(format!(
                "{} does not match artifacts/checksums.txt ({actual} != {expected}): rebuild with \
                 `bash scripts/build.sh`",
                path.display()
            ));
        }
        out.push(Artifact {
            contract: contract.to_string(),
            path,
            checksum: actual,
        });
    }
    Ok(out)
}

/// Lower-case hex sha256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// What deploy does for one code.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreAction {
    /// The record has this checksum at this code id: skip.
    Recorded(u64),
    /// A code with this checksum is already on chain: reuse it.
    Reuse(u64),
    /// Upload it.
    Store,
}

/// Decides how to get `artifact`'s code: the record first, then codes already on chain (`on_chain`:
/// code id and checksum, of codes this sender may instantiate).
pub fn store_action(
    rec: &Deployment,
    artifact: &Artifact,
    on_chain: &[(u64, String)],
) -> StoreAction {
    if let (Some(id), Some(sum)) = (
        rec.code_ids.get(&artifact.contract),
        rec.checksums.get(&artifact.contract),
    ) {
        if sum == &artifact.checksum && on_chain.iter().any(|(i, s)| i == id && s == sum) {
            return StoreAction::Recorded(*id);
        }
    }
    match on_chain
        .iter()
        .filter(|(_, s)| s == &artifact.checksum)
        .map(|(i, _)| *i)
        .max()
    {
        Some(id) => StoreAction::Reuse(id),
        None => StoreAction::Store,
    }
}

/// Whether `contract`'s instantiation is recorded (with an address) and so skipped.
pub fn instantiated(rec: &Deployment, contract: &str) -> bool {
    rec.default.contains_key(contract) && rec.steps.contains_key(&format!("instantiate {contract}"))
}

/// The instantiate message of `contract`, with the addresses of the contracts it depends on
/// (as local-chain's stories wire them: drug-provenance checks prescriptions' visits in
/// ehr-registry; trial-anchor reads ehr-registry's grants; claims-engine reads ehr-registry and
/// drug-provenance). `owner: null` makes the sender the owner.
pub fn instantiate_msg(contract: &str, rec: &Deployment) -> Result<Value, String> {
    Ok(match contract {
        "ehr-registry" => json!({ "owner": null }),
        "drug-provenance" => json!({
            "owner": null,
            "ehr_registry": rec.address("ehr-registry")?,
        }),
        "trial-anchor" => json!({
            "owner": null,
            "ehr_registry": rec.address("ehr-registry")?,
        }),
        "claims-engine" => json!({
            "owner": null,
            "ehr_registry": rec.address("ehr-registry")?,
            "drug_provenance": rec.address("drug-provenance")?,
            "payout_batch_limit": null,
        }),
        other => return Err(format!("unknown contract {other}")),
    })
}
