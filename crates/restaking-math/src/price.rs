//! Readers (and test writers) of the real on-chain layouts that price liquid staking tokens.
//!
//! What must hold:
//! - Fields are read at the fixed byte offsets of the real accounts, prefix-only: bytes after
//!   the last field we need are ignored (a real `StakePool` account is 611 bytes but its
//!   Borsh struct ends at byte 435 or 467, and the rest can hold non-zero leftovers, so a
//!   strict whole-buffer decode would reject real pools).
//! - A price is lamports per raw token unit x 1e18, rounded down: an asset is never valued
//!   above its exact price, so a deposit can never mint shares for value it does not bring.
//! - Nothing here checks the owner program, the pinned address, the mint or the epoch: the
//!   program does (DESIGN.md section 3), with the fields returned here.
//!
//! Layouts, checked against real mainnet dumps in `shared/fixtures/solana_lst/`:
//!
//! SPL stake pool `StakePool` (Borsh; solana-labs/solana-program-library
//! `stake-pool/program/src/state.rs`, also used by the Sanctum deployments):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 1 | `account_type` (`AccountType`: 0 Uninitialized, 1 StakePool, 2 ValidatorList) |
//! | 1 | 32 | `manager` |
//! | 33 | 32 | `staker` |
//! | 65 | 32 | `stake_deposit_authority` |
//! | 97 | 1 | `stake_withdraw_bump_seed` |
//! | 98 | 32 | `validator_list` |
//! | 130 | 32 | `reserve_stake` |
//! | 162 | 32 | `pool_mint` |
//! | 194 | 32 | `manager_fee_account` |
//! | 226 | 32 | `token_program_id` |
//! | 258 | 8 | `total_lamports` (u64 LE) |
//! | 266 | 8 | `pool_token_supply` (u64 LE) |
//! | 274 | 8 | `last_update_epoch` (u64 LE) |
//! | 282 | 48 | `lockup` (then `epoch_fee` at 330 and variable-offset fields we do not read) |
//!
//! Marinade `State` (Anchor account: 8-byte discriminator, then Borsh;
//! marinade-finance/liquid-staking-program `programs/marinade-finance/src/state/mod.rs`):
//!
//! | offset | size | field |
//! |---|---|---|
//! | 0 | 8 | Anchor discriminator `sha256("account:State")[..8]` |
//! | 8 | 32 | `msol_mint` |
//! | 40 | 32 | `admin_authority` |
//! | 72 | 32 | `operational_sol_account` |
//! | 104 | 32 | `treasury_msol_account` |
//! | 136 | 1 | `reserve_bump_seed` |
//! | 137 | 1 | `msol_mint_authority_bump_seed` |
//! | 138 | 8 | `rent_exempt_for_token_acc` |
//! | 146 | 4 | `reward_fee` (basis points) |
//! | 150 | 114 | `stake_system` |
//! | 264 | 121 | `validator_system` |
//! | 385 | 111 | `liq_pool` |
//! | 496 | 8 | `available_reserve_balance` |
//! | 504 | 8 | `msol_supply` |
//! | 512 | 8 | `msol_price` (u64 LE, fixed point with denominator 2^32) |
//!
//! `msol_price` is the price Marinade's epoch update writes. Marinade's own conversions use
//! `total_virtual_staked_lamports / msol_supply`, which in the mainnet dumps is higher by
//! about 1e-10 (relative), so reading `msol_price` values mSOL marginally low: the safe side
//! for a deposit.
use crate::{mul_div_ceil, MathResult, BPS_DENOMINATOR, WAD};

/// Price of wSOL: 1 lamport per raw unit, as a WAD.
pub const SOL_PRICE_WAD: u128 = WAD;

/// Marinade's `State::PRICE_DENOMINATOR`: `msol_price` is a 2^32 fixed point.
pub const MARINADE_PRICE_DENOMINATOR: u128 = 1 << 32;

/// Anchor discriminator of Marinade's `State`: `sha256("account:State")[..8]`.
pub const MARINADE_STATE_DISCRIMINATOR: [u8; 8] = [0xd8, 0x92, 0x6b, 0x5e, 0x68, 0x4b, 0xb6, 0xb1];

/// `AccountType::StakePool` in spl-stake-pool.
pub const STAKE_POOL_ACCOUNT_TYPE: u8 = 1;

/// Offset of `account_type` (u8) in a `StakePool`.
pub const STAKE_POOL_ACCOUNT_TYPE_OFFSET: usize = 0;
/// Offset of `pool_mint` (Pubkey) in a `StakePool`.
pub const STAKE_POOL_POOL_MINT_OFFSET: usize = 162;
/// Offset of `token_program_id` (Pubkey) in a `StakePool`.
pub const STAKE_POOL_TOKEN_PROGRAM_ID_OFFSET: usize = 226;
/// Offset of `total_lamports` (u64 LE) in a `StakePool`.
pub const STAKE_POOL_TOTAL_LAMPORTS_OFFSET: usize = 258;
/// Offset of `pool_token_supply` (u64 LE) in a `StakePool`.
pub const STAKE_POOL_POOL_TOKEN_SUPPLY_OFFSET: usize = 266;
/// Offset of `last_update_epoch` (u64 LE) in a `StakePool`.
pub const STAKE_POOL_LAST_UPDATE_EPOCH_OFFSET: usize = 274;
/// Bytes needed to read through `last_update_epoch` (274 + 8).
pub const STAKE_POOL_MIN_LEN: usize = STAKE_POOL_LAST_UPDATE_EPOCH_OFFSET + 8;
/// Allocated size of a real `StakePool` account (every mainnet dump is 611 bytes).
pub const STAKE_POOL_ACCOUNT_LEN: usize = 611;

/// Offset of `msol_mint` (Pubkey) in Marinade's `State`, discriminator included.
pub const MARINADE_MSOL_MINT_OFFSET: usize = 8;
/// Offset of `msol_price` (u64 LE) in Marinade's `State`, discriminator included.
pub const MARINADE_MSOL_PRICE_OFFSET: usize = 512;
/// Bytes needed to read through `msol_price` (512 + 8).
pub const MARINADE_STATE_MIN_LEN: usize = MARINADE_MSOL_PRICE_OFFSET + 8;
/// Allocated size of the real Marinade `State` account (`data_len` of the mainnet dumps).
pub const MARINADE_STATE_ACCOUNT_LEN: usize = 2616;

/// Why a pricing account could not be read or priced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PriceError {
    /// The data ends before the last field we read.
    AccountTooShort,
    /// A stake-pool account whose `account_type` is not `StakePool`.
    WrongAccountType,
    /// A Marinade account whose discriminator is not `State`'s.
    WrongDiscriminator,
    /// A stake pool with no pool tokens: no price exists.
    EmptyPool,
    /// The price rounds to zero: the asset would be worthless.
    ZeroPrice,
    /// The price does not fit.
    Overflow,
}

/// The fields of an SPL `StakePool` that pricing needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakePoolReading {
    /// `pool_mint` @162: must equal the vault asset's mint.
    pub pool_mint: [u8; 32],
    /// `token_program_id` @226: the pool mint's token program.
    pub token_program_id: [u8; 32],
    /// `total_lamports` @258: lamports the pool manages.
    pub total_lamports: u64,
    /// `pool_token_supply` @266: pool tokens outstanding.
    pub pool_token_supply: u64,
    /// `last_update_epoch` @274: the epoch the pool balances were last updated.
    pub last_update_epoch: u64,
}

impl StakePoolReading {
    /// Prefix-decodes a `StakePool` at fixed offsets; trailing bytes are ignored.
    ///
    /// Errors: [`PriceError::AccountTooShort`] below [`STAKE_POOL_MIN_LEN`] bytes (checked
    /// first); [`PriceError::WrongAccountType`] if byte 0 is not [`STAKE_POOL_ACCOUNT_TYPE`].
    pub fn parse(data: &[u8]) -> Result<Self, PriceError> {
        if data.len() < STAKE_POOL_MIN_LEN {
            return Err(PriceError::AccountTooShort);
        }
        let account_type = data
            .get(STAKE_POOL_ACCOUNT_TYPE_OFFSET)
            .copied()
            .ok_or(PriceError::AccountTooShort)?;
        if account_type != STAKE_POOL_ACCOUNT_TYPE {
            return Err(PriceError::WrongAccountType);
        }
        Ok(StakePoolReading {
            pool_mint: read_pubkey(data, STAKE_POOL_POOL_MINT_OFFSET)?,
            token_program_id: read_pubkey(data, STAKE_POOL_TOKEN_PROGRAM_ID_OFFSET)?,
            total_lamports: read_u64(data, STAKE_POOL_TOTAL_LAMPORTS_OFFSET)?,
            pool_token_supply: read_u64(data, STAKE_POOL_POOL_TOKEN_SUPPLY_OFFSET)?,
            last_update_epoch: read_u64(data, STAKE_POOL_LAST_UPDATE_EPOCH_OFFSET)?,
        })
    }

    /// `floor(total_lamports * WAD / pool_token_supply)`, the stake pool's own redemption rate
    /// before fees; rounding down never overvalues the token.
    ///
    /// Errors: [`PriceError::EmptyPool`] if the supply is zero; [`PriceError::ZeroPrice`] if the
    /// result is zero.
    pub fn price_wad(&self) -> Result<u128, PriceError> {
        if self.pool_token_supply == 0 {
            return Err(PriceError::EmptyPool);
        }
        // u64 * 1e18 < 2^124: the product fits, the checks are belt and braces.
        let price = u128::from(self.total_lamports)
            .checked_mul(WAD)
            .ok_or(PriceError::Overflow)?
            .checked_div(u128::from(self.pool_token_supply))
            .ok_or(PriceError::EmptyPool)?;
        if price == 0 {
            return Err(PriceError::ZeroPrice);
        }
        Ok(price)
    }
}

/// The fields of Marinade's `State` that pricing needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarinadeReading {
    /// `msol_mint` @8: must equal the vault asset's mint.
    pub msol_mint: [u8; 32],
    /// `msol_price` @512: lamports per mSOL unit x 2^32.
    pub msol_price: u64,
}

impl MarinadeReading {
    /// Prefix-decodes Marinade's `State`; trailing bytes are ignored.
    ///
    /// Errors: [`PriceError::AccountTooShort`] below [`MARINADE_STATE_MIN_LEN`] bytes (checked
    /// first); [`PriceError::WrongDiscriminator`] unless the first 8 bytes are
    /// [`MARINADE_STATE_DISCRIMINATOR`].
    pub fn parse(data: &[u8]) -> Result<Self, PriceError> {
        if data.len() < MARINADE_STATE_MIN_LEN {
            return Err(PriceError::AccountTooShort);
        }
        if data.get(..8) != Some(&MARINADE_STATE_DISCRIMINATOR[..]) {
            return Err(PriceError::WrongDiscriminator);
        }
        Ok(MarinadeReading {
            msol_mint: read_pubkey(data, MARINADE_MSOL_MINT_OFFSET)?,
            msol_price: read_u64(data, MARINADE_MSOL_PRICE_OFFSET)?,
        })
    }

    /// `floor(msol_price * WAD / 2^32)`; rounding down never overvalues mSOL.
    ///
    /// Errors: [`PriceError::ZeroPrice`] if the result is zero.
    pub fn price_wad(&self) -> Result<u128, PriceError> {
        // u64 * 1e18 < 2^124: the product fits, the checks are belt and braces.
        let price = u128::from(self.msol_price)
            .checked_mul(WAD)
            .ok_or(PriceError::Overflow)?
            .checked_div(MARINADE_PRICE_DENOMINATOR)
            .ok_or(PriceError::Overflow)?;
        if price == 0 {
            return Err(PriceError::ZeroPrice);
        }
        Ok(price)
    }
}

/// The margin, in bps of a Marinade-priced holding's value, by which a deposit overvalues
/// the vault's mSOL ([`marinade_staleness_margin_ceil`]).
///
/// Why: Marinade's `State` proves no freshness. Its keepers raise `msol_price` at the
/// start of each epoch, stake account by stake account, and no field says when they are
/// done (`stake_system.last_stake_delta_epoch` is set by the stake delta at the end of an
/// epoch: in the mainnet dumps at epochs 709, 771 and 793 it equals the dump's epoch). So
/// the cached price can lag one epoch's rewards, and a deposit made before the update
/// would take that step from the mSOL holders. Over the dumps the price grew 5.2 bps per
/// epoch on average from 709 to 771 (1.24392 -> 1.28471) and 4.2 bps from 771 to 793
/// (-> 1.29673); 10 bps covers about twice that. A depositor racing an update of `d` bps
/// gains at most `max(0, d - 10)` bps of the vault's mSOL share of its deposit; every other
/// depositor pays at most 10 bps of that share, to the holders.
pub const MARINADE_STALENESS_MARGIN_BPS: u16 = 10;

/// `ceil(value_wad * MARINADE_STALENESS_MARGIN_BPS / 10_000)`: rounding up favours the
/// holders (the vault is never undervalued to a depositor).
///
/// Errors: [`MathError::Overflow`] beyond `u128`.
pub fn marinade_staleness_margin_ceil(value_wad: u128) -> MathResult<u128> {
    mul_div_ceil(
        value_wad,
        u128::from(MARINADE_STALENESS_MARGIN_BPS),
        u128::from(BPS_DENOMINATOR),
    )
}

/// A [`STAKE_POOL_ACCOUNT_LEN`]-byte `StakePool` account, zeroed except `account_type = 1`
/// and the five fields of `reading` at their real offsets (for tests and local setups).
///
/// The zeroed rest is also valid Borsh (every `Option` tag 0 = `None`, every fee 0/0).
pub fn encode_stake_pool(reading: &StakePoolReading) -> Vec<u8> {
    let mut data = vec![0u8; STAKE_POOL_ACCOUNT_LEN];
    write(
        &mut data,
        STAKE_POOL_ACCOUNT_TYPE_OFFSET,
        &[STAKE_POOL_ACCOUNT_TYPE],
    );
    write(&mut data, STAKE_POOL_POOL_MINT_OFFSET, &reading.pool_mint);
    write(
        &mut data,
        STAKE_POOL_TOKEN_PROGRAM_ID_OFFSET,
        &reading.token_program_id,
    );
    write(
        &mut data,
        STAKE_POOL_TOTAL_LAMPORTS_OFFSET,
        &reading.total_lamports.to_le_bytes(),
    );
    write(
        &mut data,
        STAKE_POOL_POOL_TOKEN_SUPPLY_OFFSET,
        &reading.pool_token_supply.to_le_bytes(),
    );
    write(
        &mut data,
        STAKE_POOL_LAST_UPDATE_EPOCH_OFFSET,
        &reading.last_update_epoch.to_le_bytes(),
    );
    data
}

/// A [`MARINADE_STATE_ACCOUNT_LEN`]-byte Marinade `State` account, zeroed except the
/// discriminator, `msol_mint` and `msol_price` (for tests and local setups).
pub fn encode_marinade_state(reading: &MarinadeReading) -> Vec<u8> {
    let mut data = vec![0u8; MARINADE_STATE_ACCOUNT_LEN];
    write(&mut data, 0, &MARINADE_STATE_DISCRIMINATOR);
    write(&mut data, MARINADE_MSOL_MINT_OFFSET, &reading.msol_mint);
    write(
        &mut data,
        MARINADE_MSOL_PRICE_OFFSET,
        &reading.msol_price.to_le_bytes(),
    );
    data
}

fn field(data: &[u8], offset: usize, len: usize) -> Result<&[u8], PriceError> {
    let end = offset.checked_add(len).ok_or(PriceError::AccountTooShort)?;
    data.get(offset..end).ok_or(PriceError::AccountTooShort)
}

fn read_pubkey(data: &[u8], offset: usize) -> Result<[u8; 32], PriceError> {
    field(data, offset, 32)?
        .try_into()
        .map_err(|_| PriceError::AccountTooShort)
}

fn read_u64(data: &[u8], offset: usize) -> Result<u64, PriceError> {
    field(data, offset, 8)?
        .try_into()
        .map(u64::from_le_bytes)
        .map_err(|_| PriceError::AccountTooShort)
}

/// Copies `bytes` to `data[offset..]`; the callers' offsets are constants inside the buffer.
fn write(data: &mut [u8], offset: usize, bytes: &[u8]) {
    let end = offset.saturating_add(bytes.len());
    if let Some(dst) = data.get_mut(offset..end) {
        dst.copy_from_slice(bytes);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_marinade_margin_is_ten_bps_rounded_up() {
        assert_eq!(marinade_staleness_margin_ceil(100 * WAD), Ok(WAD / 10));
        assert_eq!(marinade_staleness_margin_ceil(1), Ok(1));
        assert_eq!(marinade_staleness_margin_ceil(0), Ok(0));
    }

    use super::*;

    fn pool(total_lamports: u64, pool_token_supply: u64) -> StakePoolReading {
        StakePoolReading {
            pool_mint: [7; 32],
            token_program_id: [9; 32],
            total_lamports,
            pool_token_supply,
            last_update_epoch: 793,
        }
    }

    #[test]
    fn discriminator_is_the_hex_of_sha256_account_state() {
        // d8926b5e684bb6b1
        assert_eq!(
            u64::from_be_bytes(MARINADE_STATE_DISCRIMINATOR),
            0xd892_6b5e_684b_b6b1
        );
    }

    #[test]
    fn min_lens_reach_the_last_field_read() {
        assert_eq!(STAKE_POOL_MIN_LEN, 282);
        assert_eq!(MARINADE_STATE_MIN_LEN, 520);
    }

    #[test]
    fn stake_pool_price_rounds_down() {
        // 3 lamports for 2 tokens: 1.5e18 exactly; 2 for 3: 0.666.. -> 666..666 (18 sixes)
        assert_eq!(pool(3, 2).price_wad(), Ok(1_500_000_000_000_000_000));
        assert_eq!(pool(2, 3).price_wad(), Ok(666_666_666_666_666_666));
    }

    #[test]
    fn stake_pool_with_no_tokens_has_no_price() {
        assert_eq!(pool(5, 0).price_wad(), Err(PriceError::EmptyPool));
        assert_eq!(pool(0, 5).price_wad(), Err(PriceError::ZeroPrice));
        // 1 lamport for 10^19 tokens is 0.1 per 1e18: rounds to zero
        assert_eq!(
            pool(1, 10_000_000_000_000_000_000).price_wad(),
            Err(PriceError::ZeroPrice)
        );
    }

    #[test]
    fn largest_stake_pool_price_fits() {
        assert_eq!(
            pool(u64::MAX, 1).price_wad(),
            Ok(u128::from(u64::MAX) * WAD)
        );
    }

    #[test]
    fn marinade_price_is_the_2_pow_32_fixed_point_rounded_down() {
        let at = |msol_price| {
            MarinadeReading {
                msol_mint: [1; 32],
                msol_price,
            }
            .price_wad()
        };
        assert_eq!(at(1 << 32), Ok(WAD));
        assert_eq!(at(3 << 31), Ok(1_500_000_000_000_000_000));
        // 1 / 2^32 = 2.3283064365386962890625e-10 -> 232_830_643 (x 1e18, floored)
        assert_eq!(at(1), Ok(232_830_643));
        assert_eq!(at(0), Err(PriceError::ZeroPrice));
    }

    #[test]
    fn encoded_accounts_parse_back() {
        let p = pool(18_256_130_561_069_428, 15_141_078_027_404_340);
        let bytes = encode_stake_pool(&p);
        assert_eq!(bytes.len(), STAKE_POOL_ACCOUNT_LEN);
        assert_eq!(StakePoolReading::parse(&bytes), Ok(p));
        let m = MarinadeReading {
            msol_mint: [3; 32],
            msol_price: 5_569_433_525,
        };
        let bytes = encode_marinade_state(&m);
        assert_eq!(bytes.len(), MARINADE_STATE_ACCOUNT_LEN);
        assert_eq!(MarinadeReading::parse(&bytes), Ok(m));
    }

    #[test]
    fn short_or_foreign_data_is_refused() {
        let bytes = encode_stake_pool(&pool(1, 1));
        assert_eq!(
            StakePoolReading::parse(&bytes[..STAKE_POOL_MIN_LEN - 1]),
            Err(PriceError::AccountTooShort)
        );
        assert!(StakePoolReading::parse(&bytes[..STAKE_POOL_MIN_LEN]).is_ok());
        assert_eq!(
            StakePoolReading::parse(&[]),
            Err(PriceError::AccountTooShort)
        );
        let mut validator_list = bytes.clone();
        validator_list[0] = 2;
        assert_eq!(
            StakePoolReading::parse(&validator_list),
            Err(PriceError::WrongAccountType)
        );
        assert_eq!(
            MarinadeReading::parse(&bytes[..MARINADE_STATE_MIN_LEN - 1]),
            Err(PriceError::AccountTooShort)
        );
        assert_eq!(
            MarinadeReading::parse(&bytes),
            Err(PriceError::WrongDiscriminator)
        );
        let mut padded = bytes;
        padded.resize(MARINADE_STATE_ACCOUNT_LEN, 0);
        assert_eq!(
            MarinadeReading::parse(&padded),
            Err(PriceError::WrongDiscriminator)
        );
    }
}
