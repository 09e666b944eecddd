//! Allocations (DESIGN.md section 5): a vault gives each operator a fraction of its
//! slashable value (WAD, 1e18 = 100%), not a fixed number of lamports, so an operator's
//! stake follows the vault as holders come and go.
//!
//! What must hold: an operator's stake is `floor(allocation * slashable value)`, rounded
//! down because a smaller stake can only take less from the holders; an allocation asked
//! for as an amount of SOL is `floor(amount / slashable value)`, so the curator never
//! exposes more than it asked for.
use crate::{lamports_floor, mul_div_floor, MathError, MathResult, BPS_DENOMINATOR, WAD};

/// `floor(slashable_value_wad * allocation_wad / 1e18)` in whole lamports: the stake an
/// allocation puts behind an operator. Rounding down means a slash of a fraction of it
/// never takes more than that fraction of the allocated value.
///
/// Errors: [`MathError::InvalidFraction`] if `allocation_wad > 1e18`.
pub fn allocated_stake_floor(slashable_value_wad: u128, allocation_wad: u64) -> MathResult<u64> {
    let allocation = u128::from(allocation_wad);
    if allocation > WAD {
        return Err(MathError::InvalidFraction);
    }
    // allocation <= WAD: the quotient is at most the value and fits.
    lamports_floor(mul_div_floor(slashable_value_wad, allocation, WAD)?)
}

/// `floor(amount_wad * 1e18 / slashable_value_wad)`: the allocation that puts a value of
/// `amount_wad` behind an operator today (a curator asking for "10 SOL"). Rounding down
/// means the stake it gives is at most the amount asked for.
///
/// Errors: [`MathError::VaultValueIsZero`] if the vault has no slashable value;
/// [`MathError::InvalidFraction`] if the amount is more than the vault's value.
pub fn allocation_for_value_floor(amount_wad: u128, slashable_value_wad: u128) -> MathResult<u64> {
    if slashable_value_wad == 0 {
        return Err(MathError::VaultValueIsZero);
    }
    let allocation = mul_div_floor(amount_wad, WAD, slashable_value_wad)?;
    if allocation > WAD {
        return Err(MathError::InvalidFraction);
    }
    u64::try_from(allocation).map_err(|_| MathError::Overflow)
}

/// One basis point as a WAD fraction: 1e18 / 10_000.
const WAD_PER_BPS: u128 = 100_000_000_000_000;

/// `bps * 1e14`: a limit in basis points (a concentration limit) as a WAD fraction, to
/// compare with allocations exactly.
///
/// Errors: [`MathError::InvalidBps`] if `bps > 10_000`.
pub fn bps_to_wad(bps: u16) -> MathResult<u64> {
    if u64::from(bps) > BPS_DENOMINATOR {
        return Err(MathError::InvalidBps);
    }
    // bps <= 10_000, so the product is at most 1e18.
    u128::from(bps)
        .checked_mul(WAD_PER_BPS)
        .and_then(|wad| u64::try_from(wad).ok())
        .ok_or(MathError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOL: u128 = 1_000_000_000;

    #[test]
    fn stake_is_the_allocated_part_of_the_value_rounded_down() {
        // 80% of 2 SOL
        assert_eq!(
            allocated_stake_floor(2 * SOL * WAD, 800_000_000_000_000_000),
            Ok(1_600_000_000)
        );
        // a third of 10 lamports: 3.33.. -> 3
        assert_eq!(allocated_stake_floor(10 * WAD, (WAD / 3) as u64), Ok(3));
        assert_eq!(allocated_stake_floor(10 * WAD, 0), Ok(0));
        assert_eq!(
            allocated_stake_floor(10 * WAD, WAD as u64 + 1),
            Err(MathError::InvalidFraction)
        );
    }

    #[test]
    fn an_amount_becomes_the_fraction_of_the_value_rounded_down() {
        // 10 SOL of 305 SOL: 0.032786885245901639.. -> ..639
        assert_eq!(
            allocation_for_value_floor(10 * SOL * WAD, 305 * SOL * WAD),
            Ok(32_786_885_245_901_639)
        );
        // and back: the stake is at most the amount
        assert_eq!(
            allocated_stake_floor(305 * SOL * WAD, 32_786_885_245_901_639),
            Ok(9_999_999_999)
        );
        assert_eq!(
            allocation_for_value_floor(SOL * WAD, SOL * WAD),
            Ok(WAD as u64)
        );
        assert_eq!(
            allocation_for_value_floor(2 * SOL * WAD, SOL * WAD),
            Err(MathError::InvalidFraction)
        );
        assert_eq!(
            allocation_for_value_floor(1, 0),
            Err(MathError::VaultValueIsZero)
        );
    }

    #[test]
    fn basis_points_are_exact_wad_fractions() {
        assert_eq!(WAD_PER_BPS * u128::from(BPS_DENOMINATOR), WAD);
        assert_eq!(bps_to_wad(2_000), Ok(200_000_000_000_000_000));
        assert_eq!(bps_to_wad(10_000), Ok(WAD as u64));
        assert_eq!(bps_to_wad(10_001), Err(MathError::InvalidBps));
    }
}
