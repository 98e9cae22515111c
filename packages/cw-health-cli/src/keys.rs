//! The keyring: BIP-39 mnemonics (coin type 118) kept in `<home>/keyring.json`, readable and
//! writable by its owner only (0600 in a 0700 directory).
//!
//! Like `wasmd keys --keyring-backend test`, the file holds the mnemonics in clear: it is meant for
//! development and testnet keys, never for keys that hold value.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use cosmrs::crypto::secp256k1::SigningKey;
use serde::{Deserialize, Serialize};

/// The Cosmos HD path for account `index` (coin type 118).
pub fn hd_path(index: u32) -> String {
    format!("m/44'/118'/0'/0/{index}")
}

/// One stored key.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredKey {
    /// BIP-39 mnemonic (12 to 24 words).
    pub mnemonic: String,
    /// BIP-32 derivation path.
    pub hd_path: String,
}

/// The keyring file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Keyring {
    /// Keys by name.
    pub keys: BTreeMap<String, StoredKey>,
    #[serde(skip)]
    path: PathBuf,
}

/// Normalises whitespace and checks a mnemonic (word list and checksum).
pub fn parse_mnemonic(words: &str) -> Result<String, String> {
    let norm = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let n = norm.split(' ').count();
    bip39::Mnemonic::parse_normalized(&norm)
        .map_err(|e| format!("not a valid BIP-39 mnemonic ({n} words): {e}"))?;
    Ok(norm)
}

/// A fresh 24-word mnemonic from the operating system's random source.
pub fn generate_mnemonic() -> Result<String, String> {
    use rand_core::RngCore;
    let mut entropy = [0u8; 32];
    rand_core::OsRng
        .try_fill_bytes(&mut entropy)
        .map_err(|e| format!("no randomness: {e}"))?;
    let m = bip39::Mnemonic::from_entropy(&entropy).map_err(|e| e.to_string())?;
    Ok(m.to_string())
}

/// The signing key of `mnemonic` at `path`.
pub fn signing_key(mnemonic: &str, path: &str) -> Result<SigningKey, String> {
    let m = bip39::Mnemonic::parse_normalized(mnemonic).map_err(|e| e.to_string())?;
    let seed = m.to_seed("");
    let path: cosmrs::bip32::DerivationPath = path
        .parse()
        .map_err(|e| format!("bad HD path {path}: {e}"))?;
    SigningKey::derive_from_path(seed, &path).map_err(|e| format!("key derivation: {e}"))
}

/// The bech32 address of `mnemonic` at `path` with `prefix`.
pub fn address(mnemonic: &str, path: &str, prefix: &str) -> Result<String, String> {
    let key = signing_key(mnemonic, path)?;
    key.public_key()
        .account_id(prefix)
        .map(|a| a.to_string())
        .map_err(|e| format!("address with prefix {prefix}: {e}"))
}

/// The default home directory: `$CW_HEALTH_HOME`, else `~/.cw-health`.
pub fn default_home() -> PathBuf {
    if let Some(h) = std::env::var_os("CW_HEALTH_HOME") {
        return PathBuf::from(h);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    home.join(".cw-health")
}

fn valid_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name.len() > 64
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
    {
        return Err(format!(
            "bad key name {name:?}: use 1 to 64 letters, digits, '-', '_' or '.'"
        ));
    }
    Ok(())
}

impl Keyring {
    /// The keyring file of `home`.
    pub fn file(home: &Path) -> PathBuf {
        home.join("keyring.json")
    }

    /// Opens the keyring in `home` (empty when it does not exist yet). Refuses a file that others
    /// can read.
    pub fn open(home: &Path) -> Result<Self, String> {
        let path = Self::file(home);
        let mut k = if path.exists() {
            check_private(&path)?;
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
            serde_json::from_str::<Keyring>(&text)
                .map_err(|e| format!("{} is not a keyring: {e}", path.display()))?
        } else {
            Keyring::default()
        };
        k.path = path;
        Ok(k)
    }

    /// Adds `name` (refuses to overwrite).
    pub fn insert(&mut self, name: &str, mnemonic: &str, path: &str) -> Result<(), String> {
        valid_name(name)?;
        if self.keys.contains_key(name) {
            return Err(format!("a key named {name} already exists"));
        }
        let mnemonic = parse_mnemonic(mnemonic)?;
        // Derive once to fail now rather than at signing time.
        signing_key(&mnemonic, path)?;
        self.keys.insert(
            name.to_string(),
            StoredKey {
                mnemonic,
                hd_path: path.to_string(),
            },
        );
        self.save()
    }

    /// The key `name`.
    pub fn get(&self, name: &str) -> Result<&StoredKey, String> {
        self.keys.get(name).ok_or_else(|| {
            format!(
                "no key named {name} in {} (see `cw-health keys list`, `keys add`, `keys import`)",
                self.path.display()
            )
        })
    }

    /// Writes the file with mode 0600 (the directory 0700).
    pub fn save(&self) -> Result<(), String> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        set_mode(dir, 0o700)?;
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        let tmp = self.path.with_extension("json.tmp");
        {
            let mut f = open_private(&tmp)?;
            f.write_all(text.as_bytes())
                .and_then(|()| f.sync_all())
                .map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
        }
        std::fs::rename(&tmp, &self.path)
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

#[cfg(unix)]
fn open_private(p: &Path) -> Result<std::fs::File, String> {
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(p)
        .map_err(|e| format!("cannot create {}: {e}", p.display()))?;
    set_mode(p, 0o600)?;
    Ok(f)
}

#[cfg(not(unix))]
fn open_private(p: &Path) -> Result<std::fs::File, String> {
    std::fs::File::create(p).map_err(|e| format!("cannot create {}: {e}", p.display()))
}

#[cfg(unix)]
fn set_mode(p: &Path, mode: u32) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
        .map_err(|e| format!("cannot restrict {}: {e}", p.display()))
}

#[cfg(not(unix))]
fn set_mode(_: &Path, _: u32) -> Result<(), String> {
    Ok(())
}

#[cfg(unix)]
fn check_private(p: &Path) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(p)
        .map_err(|e| format!("cannot read {}: {e}", p.display()))?
        .permissions()
        .mode();
    if mode & 0o077 != 0 {
        return Err(format!(
            "{} is readable by others (mode {:o}): run `chmod 600 {}`",
            p.display(),
            mode & 0o777,
            p.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_: &Path) -> Result<(), String> {
    Ok(())
}
