//! Amounts as people type them ("1.5") and as the chain keeps them (raw base units), with
//! no floating point on the way: "0.1" SOL is exactly 100,000,000 lamports.
use anyhow::{bail, Result};
use restaking_math::WAD;

/// Parses a decimal amount of a token with `decimals` decimals into base units.
///
/// Refuses (with a message that says what to type instead) empty text, signs, exponents,
/// more decimals than the token has, zero, and values that do not fit in a u64.
pub fn parse_amount(text: &str, decimals: u8, what: &str) -> Result<u64> {
    let malformed = || {
        anyhow::anyhow!(
            "malformed amount {text:?} for {what}: expected a positive decimal number such as \
             1.5 (at most {decimals} decimals)"
        )
    };
    let trimmed = text.trim();
    let (whole, fraction) = trimmed.split_once('.').unwrap_or((trimmed, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(malformed());
    }
    if fraction.len() > decimals as usize {
        bail!(
            "amount {text:?} has {} decimals but {what} has only {decimals}",
            fraction.len()
        );
    }
    let scale = 10u128.pow(u32::from(decimals));
    let whole_units = if whole.is_empty() {
        0
    } else {
        whole.parse::<u128>().map_err(|_| malformed())?
    };
    let fraction_units = if fraction.is_empty() {
        0
    } else {
        let padded = format!("{fraction:0<width$}", width = decimals as usize);
        padded.parse::<u128>().map_err(|_| malformed())?
    };
    let units = whole_units
        .checked_mul(scale)
        .and_then(|w| w.checked_add(fraction_units))
        .filter(|u| *u <= u128::from(u64::MAX))
        .ok_or_else(|| anyhow::anyhow!("amount {text:?} is too large for {what}"))?;
    if units == 0 {
        bail!("amount must be greater than zero (got {text:?})");
    }
    Ok(units as u64)
}

/// Base units as a decimal string with every significant digit ("1.05", "0.000000001").
pub fn format_amount(units: u64, decimals: u8) -> String {
    format_units(u128::from(units), decimals)
}

pub fn format_units(units: u128, decimals: u8) -> String {
    let scale = 10u128.pow(u32::from(decimals));
    let whole = units / scale;
    let fraction = units % scale;
    if fraction == 0 {
        return whole.to_string();
    }
    let digits = format!("{fraction:0width$}", width = decimals as usize);
    format!("{whole}.{}", digits.trim_end_matches('0'))
}

/// Lamports as SOL ("1.5").
pub fn sol(lamports: u64) -> String {
    format_amount(lamports, 9)
}

/// A WAD-lamports value (lamports x 1e18) as SOL, rounded down to the lamport.
pub fn sol_from_wad(value_wad: u128) -> String {
    format_units(value_wad / WAD, 9)
}

/// A WAD fixed-point value (1e18 = 1) as a decimal with up to 9 digits, rounded down.
pub fn wad(value: u128) -> String {
    format_units(value / 1_000_000_000, 9)
}

/// A fraction as people write it: "5%", "2.5%", "250bps" or "0.05"; returns it in WAD.
pub fn parse_fraction(text: &str) -> Result<u128> {
    let trimmed = text.trim();
    let malformed = || {
        anyhow::anyhow!(
            "malformed fraction {text:?}: write a percentage (5%), basis points (500bps) or a \
             decimal fraction (0.05)"
        )
    };
    // parse as a decimal with 18 digits, then scale the unit
    let (number, divisor) = if let Some(p) = trimmed.strip_suffix('%') {
        (p, 100u128)
    } else if let Some(b) = trimmed.strip_suffix("bps") {
        (b, 10_000u128)
    } else {
        (trimmed, 1u128)
    };
    let (whole, fraction) = number.trim().split_once('.').unwrap_or((number.trim(), ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty())
        || !digits_only(whole)
        || !digits_only(fraction)
        || fraction.len() > 18
    {
        return Err(malformed());
    }
    let whole: u128 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| malformed())?
    };
    let fraction: u128 = if fraction.is_empty() {
        0
    } else {
        format!("{fraction:0<18}")
            .parse()
            .map_err(|_| malformed())?
    };
    let value = whole
        .checked_mul(WAD)
        .and_then(|w| w.checked_add(fraction))
        .ok_or_else(malformed)?
        / divisor;
    if value == 0 || value > WAD {
        bail!("fraction {text:?} must be above 0 and at most 100%");
    }
    Ok(value)
}

/// Basis points from "0.5%", "50bps" or "50" (plain numbers are basis points).
pub fn parse_bps(text: &str) -> Result<u16> {
    let trimmed = text.trim();
    let value = if trimmed.ends_with('%') || trimmed.ends_with("bps") {
        let wad = if trimmed == "0%" || trimmed == "0bps" {
            0
        } else {
            parse_fraction(trimmed)?
        };
        let bps = wad * 10_000;
        if bps % WAD != 0 {
            bail!("{text:?} is not a whole number of basis points (0.01%)");
        }
        bps / WAD
    } else {
        trimmed.parse::<u128>().map_err(|_| {
            anyhow::anyhow!("malformed basis points {text:?}: write 50, 50bps or 0.5%")
        })?
    };
    if value > 10_000 {
        bail!("{text:?} is above 100% (10000 bps)");
    }
    Ok(value as u16)
}

/// A WAD fraction as an exact percentage ("5%", "33.3333333333333333%").
pub fn percent(wad: u128) -> String {
    format!("{}%", format_units(wad.saturating_mul(100), 18))
}

/// Basis points as a percentage ("0.1%").
pub fn bps(value: u16) -> String {
    format!("{}%", format_units(u128::from(value), 2))
}

/// A lamport sum (possibly above u64) as SOL.
pub fn lamports_text(lamports: u128) -> String {
    format_units(lamports, 9)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_exact_decimals() {
        assert_eq!(parse_amount("1.5", 9, "wSOL").unwrap(), 1_500_000_000);
        assert_eq!(parse_amount("0.000000001", 9, "wSOL").unwrap(), 1);
        assert_eq!(parse_amount(".5", 9, "wSOL").unwrap(), 500_000_000);
        assert_eq!(parse_amount("2.", 6, "USDC").unwrap(), 2_000_000);
        assert_eq!(
            parse_amount("18446744073.709551615", 9, "x").unwrap(),
            u64::MAX
        );
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        for bad in ["", ".", "abc", "1.2.3", "-1", "+1", "1e9", "1,5", " 1 5"] {
            let err = parse_amount(bad, 9, "wSOL").unwrap_err().to_string();
            assert!(err.contains("malformed amount"), "{bad}: {err}");
        }
        let err = parse_amount("0.0000000001", 9, "wSOL")
            .unwrap_err()
            .to_string();
        assert!(err.contains("has only 9"), "{err}");
        let err = parse_amount("0", 9, "wSOL").unwrap_err().to_string();
        assert!(err.contains("greater than zero"), "{err}");
        let err = parse_amount("18446744073.709551616", 9, "x")
            .unwrap_err()
            .to_string();
        assert!(err.contains("too large"), "{err}");
    }

    #[test]
    fn formats_without_trailing_zeros() {
        assert_eq!(format_amount(1_050_000_000, 9), "1.05");
        assert_eq!(format_amount(1, 9), "0.000000001");
        assert_eq!(format_amount(7_000_000_000, 9), "7");
        assert_eq!(wad(1_205_735_187_945_000_000), "1.205735187");
        assert_eq!(
            sol_from_wad(305_246_998_035_860_000_000_000_000_000),
            "305.246998035"
        );
    }

    #[test]
    fn fractions_and_basis_points() {
        assert_eq!(parse_fraction("5%").unwrap(), WAD / 20);
        assert_eq!(parse_fraction("500bps").unwrap(), WAD / 20);
        assert_eq!(parse_fraction("0.05").unwrap(), WAD / 20);
        assert!(parse_fraction("0%").is_err());
        assert!(parse_fraction("101%").is_err());
        assert!(parse_fraction("five").is_err());
        assert_eq!(parse_bps("0.5%").unwrap(), 50);
        assert_eq!(parse_bps("50bps").unwrap(), 50);
        assert_eq!(parse_bps("50").unwrap(), 50);
        assert_eq!(parse_bps("0%").unwrap(), 0);
        assert!(parse_bps("0.005%").is_err());
        assert!(parse_bps("10001").is_err());
        assert_eq!(bps(10), "0.1%");
        assert_eq!(percent(WAD), "100%");
        assert_eq!(percent(WAD / 20), "5%");
        assert_eq!(percent(WAD / 400), "0.25%");
        assert_eq!(percent(1), "0.0000000000000001%");
        assert_eq!(percent(WAD / 3), "33.3333333333333333%");
    }

    #[test]
    fn sums_above_u64_print_exactly() {
        assert_eq!(
            lamports_text(u128::from(u64::MAX) + 1),
            "18446744073.709551616"
        );
    }
}
