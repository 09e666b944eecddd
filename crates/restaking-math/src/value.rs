//! Values of assets and baskets in WAD-scaled lamports.
//!
//! What must hold: a value is the exact integer `amount * price_wad` (no rounding), and a
//! basket's value is the exact sum of its assets' values, so per-asset rounding cannot be
//! farmed by splitting a deposit. Anything that does not fit is [`MathError::Overflow`].
use crate::{to_u64, MathError, MathResult, WAD};

/// `amount * price_wad`, exact: no rounding happens, so no direction can favour anyone.
pub fn asset_value_wad(amount: u64, price_wad: u128) -> MathResult<u128> {
    u128::from(amount)
        .checked_mul(price_wad)
        .ok_or(MathError::Overflow)
}

/// Exact sum of `amount * price_wad` over the basket: no rounding, so nothing to favour.
pub fn basket_value_wad(amounts_and_prices: &[(u64, u128)]) -> MathResult<u128> {
    amounts_and_prices
        .iter()
        .try_fold(0u128, |sum, &(amount, price_wad)| {
            sum.checked_add(asset_value_wad(amount, price_wad)?)
                .ok_or(MathError::Overflow)
        })
}

/// `floor(total_value_wad / share_supply)`: understating a share's value never lets anyone
/// take more than a share is worth (for display and bounds; mint with
/// [`crate::shares_for_deposit_floor`], never by dividing by this).
///
/// Errors: [`MathError::DivisionByZero`] if `share_supply == 0`.
pub fn share_price_wad(total_value_wad: u128, share_supply: u64) -> MathResult<u128> {
    total_value_wad
        .checked_div(u128::from(share_supply))
        .ok_or(MathError::DivisionByZero)
}

/// `floor(value_wad / 1e18)`: a value in whole lamports, rounded down, for limits such as
/// a delegation's cap (understating the value never lets a limit through too early).
///
/// Errors: [`MathError::Overflow`] if the result exceeds `u64::MAX`.
pub fn lamports_floor(value_wad: u128) -> MathResult<u64> {
    to_u64(value_wad / WAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lamports_round_down() {
        assert_eq!(lamports_floor(3 * WAD - 1), Ok(2));
        assert_eq!(lamports_floor(u128::from(u64::MAX) * WAD), Ok(u64::MAX));
        assert_eq!(
            lamports_floor((u128::from(u64::MAX) + 1) * WAD),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn value_is_amount_times_price() {
        // 2 SOL of a 1.5 SOL/token LST: 2e9 * 1.5e18 = 3e27
        assert_eq!(
            asset_value_wad(2_000_000_000, 1_500_000_000_000_000_000),
            Ok(3_000_000_000_000_000_000_000_000_000)
        );
        assert_eq!(asset_value_wad(0, u128::MAX), Ok(0));
        assert_eq!(asset_value_wad(2, u128::MAX), Err(MathError::Overflow));
    }

    #[test]
    fn basket_value_is_the_exact_sum() {
        assert_eq!(basket_value_wad(&[]), Ok(0));
        assert_eq!(
            basket_value_wad(&[(3, WAD), (5, 2 * WAD), (7, 1)]),
            Ok(13 * WAD + 7)
        );
        assert_eq!(
            basket_value_wad(&[(1, u128::MAX), (1, 1)]),
            Err(MathError::Overflow)
        );
    }

    #[test]
    fn share_price_rounds_down_and_needs_a_supply() {
        // (1e19 + 1) / 3 = 3_333_333_333_333_333_333.67 -> ..333
        assert_eq!(
            share_price_wad(10 * WAD + 1, 3),
            Ok(3_333_333_333_333_333_333)
        );
        assert_eq!(share_price_wad(7, 2), Ok(3));
        assert_eq!(share_price_wad(7, 0), Err(MathError::DivisionByZero));
    }
}
