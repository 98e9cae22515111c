//! GS1 identifiers of a pack as the ledger checks them: GTIN-14 and SSCC check digits (mod 10),
//! serial and lot characters (GS1 character set 82), and the AI (17) expiry `YYMMDD` turned into
//! a block-time instant with a small civil-date routine (no date crate).

use cosmwasm_std::Timestamp;

use crate::error::ValidationError;

/// Longest serial (AI 21) and lot (AI 10): 20 characters.
pub const MAX_GS1_ALPHANUMERIC_LEN: usize = 20;

fn malformed(field: &str, reason: impl Into<String>) -> ValidationError {
    ValidationError::Malformed {
        field: field.to_string(),
        reason: reason.into(),
    }
}

/// Whether `digits` (ASCII digits, check digit last) carries a valid GS1 mod-10 check digit:
/// from the right, excluding the check digit, weights 3, 1, 3, ...; the check digit brings the
/// sum to a multiple of 10.
pub fn mod10_valid(digits: &str) -> bool {
    let bytes = digits.as_bytes();
    let Some((check, body)) = bytes.split_last() else {
        return false;
    };
    if !bytes.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * if i % 2 == 0 { 3 } else { 1 })
        .sum();
    (10 - sum % 10) % 10 == u32::from(check - b'0')
}

fn validate_digits(
    field: &str,
    value: &str,
    len: usize,
    what: &str,
) -> Result<(), ValidationError> {
    if value.len() != len || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(field, format!("{what} is {len} digits")));
    }
    if !mod10_valid(value) {
        return Err(malformed(field, format!("{what} check digit is wrong")));
    }
    Ok(())
}

/// A GTIN-14: exactly 14 digits with a valid check digit (pad GTIN-8/12/13 with leading zeros).
pub fn validate_gtin(field: &str, gtin: &str) -> Result<(), ValidationError> {
    validate_digits(field, gtin, 14, "a GTIN-14")
}

/// An SSCC (AI 00): exactly 18 digits with a valid check digit.
pub fn validate_sscc(field: &str, sscc: &str) -> Result<(), ValidationError> {
    validate_digits(field, sscc, 18, "an SSCC")
}

/// Shortest and longest GS1 Company Prefix: 4 to 12 digits.
pub const MIN_COMPANY_PREFIX_LEN: usize = 4;
/// Longest GS1 Company Prefix.
pub const MAX_COMPANY_PREFIX_LEN: usize = 12;

/// A GS1 Company Prefix: 4 to 12 digits.
pub fn validate_company_prefix(field: &str, prefix: &str) -> Result<(), ValidationError> {
    if !(MIN_COMPANY_PREFIX_LEN..=MAX_COMPANY_PREFIX_LEN).contains(&prefix.len())
        || !prefix.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(malformed(
            field,
            format!(
                "a GS1 company prefix is {MIN_COMPANY_PREFIX_LEN} to {MAX_COMPANY_PREFIX_LEN} digits"
            ),
        ));
    }
    Ok(())
}

/// The digits of a GTIN-14 or an SSCC in which its GS1 Company Prefix sits: after the GTIN's
/// indicator digit (or the SSCC's extension digit) and before the check digit. The prefix is the
/// leading part of these digits (a GTIN-13 or a U.P.C. padded to 14 digits keeps its prefix in
/// place: `0` + `0614141...` for U.P.C. prefix `614141`). Empty for an identifier too short.
pub fn company_prefix_area(id: &str) -> &str {
    let end = id.len().saturating_sub(1);
    id.get(1..end).unwrap_or("")
}

/// The leaf of a unit in a Merkle-committed lot: the GS1 element string of the pack's data
/// matrix, `01` GTIN `10` lot `<GS>` `21` serial (GS = 0x1D, the separator after a
/// variable-length AI). The GTIN and lot are in the leaf, so a proof never moves between
/// products or between lots that share a root.
pub fn merkle_leaf(gtin: &str, lot: &str, serial: &str) -> Vec<u8> {
    let mut leaf = Vec::with_capacity(gtin.len() + lot.len() + serial.len() + 7);
    leaf.extend_from_slice(b"01");
    leaf.extend_from_slice(gtin.as_bytes());
    leaf.extend_from_slice(b"10");
    leaf.extend_from_slice(lot.as_bytes());
    leaf.push(0x1D);
    leaf.extend_from_slice(b"21");
    leaf.extend_from_slice(serial.as_bytes());
    leaf
}

/// Whether `c` is in the GS1 AI encodable character set 82.
pub fn is_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

/// A serial (AI 21) or lot (AI 10): 1 to 20 characters of GS1 character set 82.
pub fn validate_alphanumeric(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        return Err(ValidationError::Empty {
            field: field.to_string(),
        });
    }
    if value.len() > MAX_GS1_ALPHANUMERIC_LEN {
        return Err(ValidationError::TooLong {
            field: field.to_string(),
            len: value.len(),
            max: MAX_GS1_ALPHANUMERIC_LEN,
        });
    }
    if let Some(c) = value.chars().find(|c| !is_cset82(*c)) {
        return Err(ValidationError::InvalidChars {
            field: field.to_string(),
            reason: format!("{c:?} is not in GS1 character set 82"),
        });
    }
    Ok(())
}

/// Days in `month` (1-12) of `year`.
fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an AI (17) expiry `YYMMDD` (year 20YY; `DD` = `00` means the last day of the month)
/// and returns the instant the pack expires: the end of its expiry day, i.e. 00:00 UTC of the
/// following day. A pack is expired when the block time is at or after this instant.
pub fn expiry_instant(field: &str, yymmdd: &str) -> Result<Timestamp, ValidationError> {
    let b = yymmdd.as_bytes();
    let [y1, y2, m1, m2, d1, d2] = b else {
        return Err(malformed(field, "expiry is YYMMDD"));
    };
    if !b.iter().all(u8::is_ascii_digit) {
        return Err(malformed(field, "expiry is YYMMDD"));
    }
    let two = |hi: &u8, lo: &u8| u32::from(hi - b'0') * 10 + u32::from(lo - b'0');
    let year = 2000 + i64::from(two(y1, y2));
    let month = two(m1, m2);
    let day = two(d1, d2);
    if !(1..=12).contains(&month) {
        return Err(malformed(field, "expiry month must be 01-12"));
    }
    let last = days_in_month(year, month);
    if day > last {
        return Err(malformed(field, "expiry day is past the end of the month"));
    }
    let day = if day == 0 { last } else { day };
    let days = days_from_civil(year, month, day) + 1;
    let secs = u64::try_from(days * 86_400).map_err(|_| malformed(field, "expiry out of range"))?;
    Ok(Timestamp::from_seconds(secs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_digits() {
        // GS1 examples: GTIN 0 0614141 00001 9 ... and SSCC 1 0614141 123456789 0 ... computed.
        assert!(mod10_valid("00012345678905"));
        assert!(validate_gtin("gtin", "00012345678905").is_ok());
        assert!(validate_gtin("gtin", "00012345678906").is_err());
        assert!(validate_gtin("gtin", "0001234567890").is_err());
        assert!(validate_gtin("gtin", "0001234567890a").is_err());
        assert!(validate_sscc("sscc", "106141412345678908").is_ok());
        assert!(validate_sscc("sscc", "106141412345678909").is_err());
        assert!(!mod10_valid(""));
    }

    #[test]
    fn company_prefixes_and_leaves() {
        assert!(validate_company_prefix("p", "0312345").is_ok());
        assert!(validate_company_prefix("p", "031").is_err());
        assert!(validate_company_prefix("p", "0312345678901").is_err());
        assert!(validate_company_prefix("p", "03123a5").is_err());
        assert_eq!(company_prefix_area("00312345678905"), "031234567890");
        assert_eq!(
            company_prefix_area("106141412345678908"),
            "0614141234567890"
        );
        assert_eq!(company_prefix_area(""), "");
        assert_eq!(
            merkle_leaf("00312345678905", "L1", "S1"),
            b"010031234567890510L1\x1d21S1".to_vec()
        );
    }

    #[test]
    fn serials_and_lots() {
        assert!(validate_alphanumeric("serial", "ABC-123/x.y").is_ok());
        assert!(validate_alphanumeric("serial", "").is_err());
        assert!(validate_alphanumeric("serial", "a b").is_err());
        assert!(validate_alphanumeric("serial", "a|b").is_err());
        assert!(validate_alphanumeric("serial", &"x".repeat(21)).is_err());
    }

    #[test]
    fn civil_dates() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        // 2026-11-24 00:00 UTC = 1795478400.
        assert_eq!(days_from_civil(2026, 11, 24) * 86_400, 1_795_478_400);
    }

    #[test]
    fn expiry_is_end_of_day_and_end_of_month() {
        // 2027-03-15 -> expires at 2027-03-16 00:00 UTC.
        let t = expiry_instant("expiry", "270315").unwrap();
        assert_eq!(t.seconds() as i64, days_from_civil(2027, 3, 16) * 86_400);
        // DD = 00: end of February 2028 (leap year) -> 2028-03-01 00:00 UTC.
        let t = expiry_instant("expiry", "280200").unwrap();
        assert_eq!(t.seconds() as i64, days_from_civil(2028, 3, 1) * 86_400);
        // December rolls over into the next year.
        let t = expiry_instant("expiry", "261231").unwrap();
        assert_eq!(t.seconds() as i64, days_from_civil(2027, 1, 1) * 86_400);
        for bad in ["2603", "261301", "260230", "270229", "26a101", "2611240"] {
            assert!(expiry_instant("expiry", bad).is_err(), "{bad} accepted");
        }
        assert!(expiry_instant("expiry", "280229").is_ok());
    }
}
