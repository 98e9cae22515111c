//! Migration guard: a contract migrates only from an older version of itself.

use cosmwasm_std::{StdError, Storage};
use semver::Version;
use thiserror::Error;

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
}

/// Checks that the stored cw2 record names `name` with a version not newer than `version`,
/// stores `version`, and returns the version migrated from.
pub fn ensure_from_older_version(
    storage: &mut dyn Storage,
    name: &str,
    version: &str,
) -> Result<Version, MigrationError> {
    let stored = cw2::get_contract_version(storage)?;
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
    }
}
