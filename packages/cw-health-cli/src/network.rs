//! Network profiles: one TOML file per network (`scripts/networks/<name>.toml`), so endpoints live
//! in configuration, not code.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A network profile.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Network {
    /// The profile's name (the file's stem when not given).
    #[serde(default)]
    pub name: String,
    /// The chain id (`network` in CometBFT's /status); a node answering another id is refused.
    pub chain_id: String,
    /// CometBFT RPC endpoint, e.g. `https://rpc.example.org:443`.
    pub rpc: String,
    /// Price of one unit of gas in `gas_denom`, e.g. 0.025.
    pub gas_price: f64,
    /// Fee denomination.
    pub gas_denom: String,
    /// Gas limit = simulated gas × this.
    #[serde(default = "default_adjustment")]
    pub gas_adjustment: f64,
    /// Bech32 account prefix.
    pub bech32_prefix: String,
    /// Block explorer URL of a transaction; `{hash}` is replaced by the tx hash.
    #[serde(default)]
    pub explorer: String,
    /// Where to get testnet tokens.
    #[serde(default)]
    pub faucet: String,
    /// False when the endpoints were never tried from where the profile was written.
    #[serde(default)]
    pub verified: bool,
    /// Free text: VM version, caveats.
    #[serde(default)]
    pub notes: String,
}

fn default_adjustment() -> f64 {
    1.4
}

/// Where profiles are looked up: `--networks DIR`, `$CW_HEALTH_NETWORKS`, `<home>/networks`,
/// `./scripts/networks`, then the repository's `scripts/networks` (the one this binary was built
/// from).
pub fn search_dirs(explicit: Option<&Path>, home: &Path) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = explicit {
        dirs.push(d.to_path_buf());
        return dirs;
    }
    if let Some(d) = std::env::var_os("CW_HEALTH_NETWORKS") {
        dirs.push(PathBuf::from(d));
    }
    dirs.push(home.join("networks"));
    dirs.push(PathBuf::from("scripts/networks"));
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/networks"));
    dirs
}

impl Network {
    /// Parses a profile.
    pub fn parse(name: &str, text: &str) -> Result<Self, String> {
        let mut n: Network =
            toml::from_str(text).map_err(|e| format!("network profile {name}: {e}"))?;
        if n.name.is_empty() {
            n.name = name.to_string();
        }
        if !(n.gas_price >= 0.0 && n.gas_price.is_finite()) {
            return Err(format!("network profile {name}: gas_price must be >= 0"));
        }
        if !(n.gas_adjustment >= 1.0 && n.gas_adjustment.is_finite()) {
            return Err(format!(
                "network profile {name}: gas_adjustment must be >= 1"
            ));
        }
        Ok(n)
    }

    /// Finds and reads profile `name` in `dirs`.
    pub fn load(name: &str, dirs: &[PathBuf]) -> Result<Self, String> {
        if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
            return Err(format!("bad network name {name:?}"));
        }
        for d in dirs {
            let p = d.join(format!("{name}.toml"));
            if p.is_file() {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
                return Self::parse(name, &text);
            }
        }
        let known = list(dirs).into_iter().map(|n| n.name).collect::<Vec<_>>();
        Err(format!(
            "no network profile {name} (looked in {}); known: {}",
            dirs.iter()
                .map(|d| d.display().to_string())
                .collect::<Vec<_>>()
                .join(", "),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        ))
    }

    /// The explorer link of `hash`, if the profile has an explorer.
    pub fn explorer_link(&self, hash: &str) -> Option<String> {
        if self.explorer.is_empty() {
            None
        } else {
            Some(self.explorer.replace("{hash}", hash))
        }
    }
}

/// Every readable profile in `dirs` (first occurrence of a name wins).
pub fn list(dirs: &[PathBuf]) -> Vec<Network> {
    let mut out: Vec<Network> = Vec::new();
    for d in dirs {
        let Ok(rd) = std::fs::read_dir(d) else {
            continue;
        };
        let mut files: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for p in files {
            if p.extension().and_then(|e| e.to_str()) != Some("toml") {
                continue;
            }
            let Some(stem) = p.file_stem().and_then(|s| s.to_str()) else {
                continue;
            };
            if out.iter().any(|n| n.name == stem) {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&p) {
                if let Ok(n) = Network::parse(stem, &text) {
                    out.push(n);
                }
            }
        }
    }
    out
}
