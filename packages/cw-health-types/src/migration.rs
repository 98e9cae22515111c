//! Migration guard: a contract migrates only from an older version of itself.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use cosmwasm_std::{StdError, Storage};
use thiserror::Error;

/// A semantic version (`MAJOR.MINOR.PATCH[-PRE][+BUILD]`, semver.org 2.0.0), ordered by
/// precedence: numbers numerically, a pre-release before its release, pre-release identifiers
/// numeric before alphanumeric, build metadata ignored. Our own few lines instead of the semver
/// crate, which cost about 4 KB in every contract for this one comparison (issue 20).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    /// Major version.
    pub major: u64,
    /// Minor version.
    pub minor: u64,
    /// Patch version.
    pub patch: u64,
    /// Pre-release identifiers (empty for a release).
    pub pre: String,
    /// Build metadata (not part of the ordering).
    pub build: String,
}

/// A numeric identifier: digits, no leading zero unless it is `0`.
fn numeric(s: &str) -> Option<u64> {
    let digits = !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

/// Dot-separated identifiers of `[0-9A-Za-z-]`, none empty.
fn identifiers_ok(s: &str) -> bool {
    s.split('.')
        .all(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
}

impl FromStr for Version {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        let (rest, build) = s.split_once('+').unwrap_or((s, ""));
        let (core, pre) = rest.split_once('-').unwrap_or((rest, ""));
        let mut parts = core.split('.');
        let mut next = || parts.next().and_then(numeric).ok_or(());
        let (major, minor, patch) = (next()?, next()?, next()?);
        if parts.next().is_some()
            || (rest.contains('-') && !identifiers_ok(pre))
            || (s.contains('+') && !identifiers_ok(build))
            || pre.split('.').any(|id| {
                id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit())
            })
        {
            return Err(());
        }
        Ok(Version {
            major,
            minor,
            patch,
            pre: pre.to_string(),
            build: build.to_string(),
        })
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        if !self.pre.is_empty() {
            write!(f, "-{}", self.pre)?;
        }
        if !self.build.is_empty() {
            write!(f, "+{}", self.build)?;
        }
        Ok(())
    }
}

impl PartialOrd for Version {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Version {
    fn cmp(&self, other: &Self) -> Ordering {
        let core =
            (self.major, self.minor, self.patch).cmp(&(other.major, other.minor, other.patch));
        if core != Ordering::Equal {
            return core;
        }
        match (self.pre.is_empty(), other.pre.is_empty()) {
            (true, true) => return Ordering::Equal,
            (true, false) => return Ordering::Greater,
            (false, true) => return Ordering::Less,
            (false, false) => {}
        }
        let mut a = self.pre.split('.');
        let mut b = other.pre.split('.');
        loop {
            let ord = match (a.next(), b.next()) {
                (None, None) => return Ordering::Equal,
                (None, Some(_)) => return Ordering::Less,
                (Some(_), None) => return Ordering::Greater,
                (Some(x), Some(y)) => match (numeric(x), numeric(y)) {
                    (Some(x), Some(y)) => x.cmp(&y),
                    (Some(_), None) => Ordering::Less,
                    (None, Some(_)) => Ordering::Greater,
                    (None, None) => x.cmp(y),
                },
            };
            if ord != Ordering::Equal {
                return ord;
            }
        }
    }
}

/// Why a migration was refused.
#[derive(Error, Debug)]
pub enum MigrationError {
    #[error("{0}")]
    Std(#[from] StdError),
    #[error("cannot migrate a {found} contract into {expected}")]
    WrongContract { expected: String, found: String },
    #[error("cannot migrate from version {from} down to {to}")]
    Downgrade { from: String, to: String },
    #[error("invalid semantic version {version}")]
    InvalidVersion { version: String },
    #[error("cannot migrate from version {from}: its storage layout changed in {since} and is not converted; instantiate a new contract")]
    LayoutChanged { from: String, since: String },
}

/// cw2's record as stored (`cw2::ContractVersion`), read through the JSON tree of the generated
/// `Deserialize` rather than serde's derive (issue 20: about 2 KB of every contract).
#[crate::cw_serde_map]
struct StoredVersion {
    contract: String,
    version: String,
}

/// The stored cw2 record, as `cw2::get_contract_version` reads it (the same not-found error).
fn stored_version(storage: &dyn Storage) -> cosmwasm_std::StdResult<StoredVersion> {
    let item = cw2::CONTRACT;
    match storage.get(item.as_slice()) {
        Some(bytes) => crate::store::read_json(&bytes),
        None => Err(crate::store::not_found(
            "cw2::ContractVersion",
            item.as_slice(),
        )),
    }
}

/// Like [`ensure_from_older_version`], and refuses a state of a version in `old_layout`
/// (`[from, until)`): versions whose storage layout this code does not read (such a state would
/// be silently unreadable). Older versions (a skeleton without that data) and newer ones pass.
/// The stored cw2 record is left untouched when refused.
pub fn ensure_from_layout(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
    old_layout: (&str, &str),
) -> Result<Version, MigrationError> {
    let stored = stored_version(storage)?;
    let parse = |v: &str| {
        v.parse::<Version>()
            .map_err(|_| MigrationError::InvalidVersion {
                version: v.to_string(),
            })
    };
    let (from, until) = (parse(old_layout.0)?, parse(old_layout.1)?);
    if stored.contract == name
        && stored
            .version
            .parse::<Version>()
            .is_ok_and(|v| from <= v && v < until)
    {
        return Err(MigrationError::LayoutChanged {
            from: stored.version,
            since: old_layout.1.to_string(),
        });
    }
    migrate_from(storage, stored, name, version)
}

/// Checks that the stored cw2 record names `name` with a version not newer than `version`,
/// stores `version`, and returns the version migrated from.
pub fn ensure_from_older_version(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Version, MigrationError> {
    let stored = stored_version(storage)?;
    migrate_from(storage, stored, name, version)
}

/// [`ensure_from_older_version`] with the stored record read.
fn migrate_from(
    storage: &mut dyn Storage,
    stored: StoredVersion,
    name: &str,
    version: &str,
) -> Result<Version, MigrationError> {
    if stored.contract != name {
        return Err(MigrationError::WrongContract {
            expected: name.to_string(),
            found: stored.contract,
        });
    }
    let parse = |v: &str| {
        v.parse::<Version>()
            .map_err(|_| MigrationError::InvalidVersion {
                version: v.to_string(),
            })
    };
    let from = parse(&stored.version)?;
    let to = parse(version)?;
    if from > to {
        return Err(MigrationError::Downgrade {
            from: stored.version,
            to: version.to_string(),
        });
    }
    cw2::set_contract_version(storage, name, version)?;
    Ok(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    #[test]
    fn reads_cw2s_record_as_cw2_does() {
        let mut s = MockStorage::new();
        // Missing: cw2's own error, to the letter.
        assert_eq!(
            stored_version(&s).unwrap_err().to_string(),
            cw2::get_contract_version(&s).unwrap_err().to_string()
        );
        cw2::set_contract_version(&mut s, "crates.io:a", "1.2.3-rc.1").unwrap();
        let v = stored_version(&s).unwrap();
        assert_eq!(
            (v.contract.as_str(), v.version.as_str()),
            ("crates.io:a", "1.2.3-rc.1")
        );
        // A record not of cw2's shape is an error, not a default.
        s.set(cw2::CONTRACT.as_slice(), br#"{"contract":"crates.io:a"}"#);
        assert!(stored_version(&s).is_err());
        assert!(cw2::get_contract_version(&s).is_err());
    }

    #[test]
    fn refuses_a_state_older_than_the_layout_and_keeps_its_record() {
        let mut s = MockStorage::new();
        cw2::set_contract_version(&mut s, "crates.io:a", "0.1.0").unwrap();
        let old = ("0.1.0", "0.2.0");
        let err = ensure_from_layout(&mut s, "crates.io:a", "0.2.0", old).unwrap_err();
        assert!(matches!(err, MigrationError::LayoutChanged { .. }), "{err}");
        assert_eq!(cw2::get_contract_version(&s).unwrap().version, "0.1.0");
        cw2::set_contract_version(&mut s, "crates.io:a", "0.1.7-rc.1").unwrap();
        assert!(ensure_from_layout(&mut s, "crates.io:a", "0.2.0", old).is_err());
        // A skeleton before the old layout held no such data: it migrates.
        cw2::set_contract_version(&mut s, "crates.io:a", "0.0.9").unwrap();
        assert!(ensure_from_layout(&mut s, "crates.io:a", "0.2.0", old).is_ok());
        cw2::set_contract_version(&mut s, "crates.io:a", "0.2.0").unwrap();
        assert_eq!(
            ensure_from_layout(&mut s, "crates.io:a", "0.3.0", old)
                .unwrap()
                .to_string(),
            "0.2.0"
        );
        assert_eq!(cw2::get_contract_version(&s).unwrap().version, "0.3.0");
        // Another contract's state is still refused as such.
        assert!(matches!(
            ensure_from_layout(&mut s, "crates.io:b", "0.3.0", old).unwrap_err(),
            MigrationError::WrongContract { .. }
        ));
    }

    #[test]
    fn refuses_downgrades_and_foreign_contracts() {
        let mut s = MockStorage::new();
        cw2::set_contract_version(&mut s, "crates.io:a", "0.2.0").unwrap();
        assert!(matches!(
            ensure_from_older_version(&mut s, "crates.io:b", "0.3.0"),
            Err(MigrationError::WrongContract { .. })
        ));
        assert!(matches!(
            ensure_from_older_version(&mut s, "crates.io:a", "0.1.9"),
            Err(MigrationError::Downgrade { .. })
        ));
        // 0.10.0 > 0.9.0 (semver, not string order).
        cw2::set_contract_version(&mut s, "crates.io:a", "0.9.0").unwrap();
        let from = ensure_from_older_version(&mut s, "crates.io:a", "0.10.0").unwrap();
        assert_eq!(from.to_string(), "0.9.0");
        assert_eq!(cw2::get_contract_version(&s).unwrap().version, "0.10.0");
        // Same version is a no-op migration.
        ensure_from_older_version(&mut s, "crates.io:a", "0.10.0").unwrap();
        cw2::set_contract_version(&mut s, "crates.io:a", "not-a-version").unwrap();
        assert!(matches!(
            ensure_from_older_version(&mut s, "crates.io:a", "0.10.0"),
            Err(MigrationError::InvalidVersion { .. })
        ));
    }

    #[test]
    fn versions_parse_and_order_as_semver() {
        let v = |s: &str| s.parse::<Version>().unwrap();
        // semver.org 2.0.0, section 11's example, in increasing precedence.
        let ordered = [
            "1.0.0-alpha",
            "1.0.0-alpha.1",
            "1.0.0-alpha.beta",
            "1.0.0-beta",
            "1.0.0-beta.2",
            "1.0.0-beta.11",
            "1.0.0-rc.1",
            "1.0.0",
            "1.0.1",
            "1.1.0",
            "2.0.0",
            "10.0.0",
        ];
        for pair in ordered.windows(2) {
            assert!(v(pair[0]) < v(pair[1]), "{} < {}", pair[0], pair[1]);
        }
        assert_eq!(v("1.2.3+build.5").cmp(&v("1.2.3")), Ordering::Equal);
        for s in ["1.2.3", "0.1.0-rc.1+sha.5114f85", "1.0.0-x-y.0"] {
            assert_eq!(v(s).to_string(), s);
        }
        for bad in [
            "",
            "1",
            "1.2",
            "1.2.3.4",
            "01.2.3",
            "1.2.-3",
            "1.2.3-",
            "1.2.3-01",
            "1.2.3+",
            "a.b.c",
            "1.2.3-a..b",
            "1.2.3 ",
            "v1.2.3",
        ] {
            assert!(bad.parse::<Version>().is_err(), "{bad:?}");
        }
    }
}
