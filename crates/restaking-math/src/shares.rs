//! Minting and redeeming vault shares (DESIGN.md section 3).
//!
//! What must hold: a deposit of value `v` into a vault of value `V` and `S` shares mints at
//! most `v * S / V` shares, and burning `s` of `S` shares pays at most `active * s / S` of
//! each asset. Both round down, so neither a depositor nor a redeemer can take value from
//! the other holders, and the share price (`V / S`) never falls through a deposit or a
//! withdrawal. A vault whose shares exist but whose value is zero refuses deposits.
//! A result of zero shares or zero tokens is returned as `Ok(0)`: the caller rejects it.
use crate::{mul_div_floor, to_u64, MathError, MathResult, WAD};

/// `floor(value_wad / WAD)`: the seed deposit mints at most one share base unit per lamport,
/// so the first share is worth at least one lamport.
///
/// Errors: [`MathError::Overflow`] if the count exceeds `u64::MAX`.
pub fn initial_shares_floor(value_wad: u128) -> MathResult<u64> {
    to_u64(
        value_wad
            .checked_div(WAD)
            .ok_or(MathError::DivisionByZero)?,
    )
}

/// `floor(deposit_value_wad * share_supply / total_value_wad)` with a 256-bit intermediate:
/// rounding down means the depositor never gets more than their exact part, so existing
/// holders are never diluted.
///
/// `share_supply == 0` mints [`initial_shares_floor`].
/// Errors: [`MathError::VaultValueIsZero`] if shares exist but `total_value_wad == 0`;
/// [`MathError::Overflow`] if the count exceeds `u64::MAX`.
pub fn shares_for_deposit_floor(
    deposit_value_wad: u128,
    share_supply: u64,
    total_value_wad: u128,
) -> MathResult<u64> {
    if share_supply == 0 {
        return initial_shares_floor(deposit_value_wad);
    }
    if total_value_wad == 0 {
        return Err(MathError::VaultValueIsZero);
    }
    to_u64(mul_div_floor(
        deposit_value_wad,
        u128::from(share_supply),
        total_value_wad,
    )?)
}

/// `floor(active_amount * shares / share_supply)`: rounding down means a redeemer never gets
/// more than their exact part, so the holders who stay never lose.
///
/// Errors: [`MathError::DivisionByZero`] if `share_supply == 0` (checked first);
/// [`MathError::SharesExceedSupply`] if `shares > share_supply`.
pub fn amount_for_shares_floor(
    active_amount: u64,
    shares: u64,
    share_supply: u64,
) -> MathResult<u64> {
    if share_supply == 0 {
        return Err(MathError::DivisionByZero);
    }
    if shares > share_supply {
        return Err(MathError::SharesExceedSupply);
    }
    // u64 * u64 < 2^128: the product fits; the result is <= active_amount since
    // shares <= share_supply.
    let amount = u128::from(active_amount)
        .checked_mul(u128::from(shares))
        .ok_or(MathError::Overflow)?
        .checked_div(u128::from(share_supply))
        .ok_or(MathError::DivisionByZero)?;
    to_u64(amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_mints_one_share_per_whole_lamport_of_value() {
        assert_eq!(initial_shares_floor(0), Ok(0));
        assert_eq!(initial_shares_floor(WAD - 1), Ok(0));
        assert_eq!(initial_shares_floor(5 * WAD + WAD / 2), Ok(5));
        assert_eq!(
            initial_shares_floor(u128::from(u64::MAX) * WAD),
            Ok(u64::MAX)
        );
        assert_eq!(
            initial_shares_floor((u128::from(u64::MAX) + 1) * WAD),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn deposit_into_empty_supply_uses_the_seed_rule() {
        assert_eq!(shares_for_deposit_floor(3 * WAD, 0, 0), Ok(3));
        assert_eq!(shares_for_deposit_floor(3 * WAD, 0, 17), Ok(3));
    }

    #[test]
    fn deposit_into_a_fully_slashed_vault_fails() {
        assert_eq!(
            shares_for_deposit_floor(WAD, 10, 0),
            Err(MathError::VaultValueIsZero)
        );
    }

    #[test]
    fn deposit_mints_its_pro_rata_part_rounded_down() {
        // vault: 1000 shares worth 1500 lamports; deposit 100 lamports -> 66.66.. -> 66
        assert_eq!(
            shares_for_deposit_floor(100 * WAD, 1000, 1500 * WAD),
            Ok(66)
        );
        // exact: 150 lamports -> 100 shares
        assert_eq!(
            shares_for_deposit_floor(150 * WAD, 1000, 1500 * WAD),
            Ok(100)
        );
        // v * S needs more than 128 bits: (2^64 - 1) lamports * 1e18 * (2^64 - 1) shares
        let big = u128::from(u64::MAX) * WAD;
        assert_eq!(shares_for_deposit_floor(big, u64::MAX, big), Ok(u64::MAX));
        // a deposit worth twice the vault mints 2 * (2^64 - 1) shares: too many
        assert_eq!(
            shares_for_deposit_floor(big, u64::MAX, big / 2),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn redemption_pays_its_pro_rata_part_rounded_down() {
        assert_eq!(amount_for_shares_floor(1000, 1, 3), Ok(333));
        assert_eq!(amount_for_shares_floor(1000, 3, 3), Ok(1000));
        assert_eq!(
            amount_for_shares_floor(u64::MAX, u64::MAX, u64::MAX),
            Ok(u64::MAX)
        );
        assert_eq!(amount_for_shares_floor(u64::MAX, 1, u64::MAX), Ok(1));
        assert_eq!(amount_for_shares_floor(u64::MAX - 1, 1, u64::MAX), Ok(0));
        assert_eq!(amount_for_shares_floor(0, 5, 9), Ok(0));
    }

    #[test]
    fn redemption_refuses_impossible_share_counts() {
        assert_eq!(
            amount_for_shares_floor(10, 4, 3),
            Err(MathError::SharesExceedSupply)
        );
        assert_eq!(
            amount_for_shares_floor(10, 0, 0),
            Err(MathError::DivisionByZero)
        );
        assert_eq!(
            amount_for_shares_floor(10, 1, 0),
            Err(MathError::DivisionByZero)
        );
    }
}
