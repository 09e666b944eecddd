//! Reading an asset's price from its pinned pricing account, with every check that makes
//! the number trustworthy: address, owner program, mint, token program and freshness.
//! The byte layouts and the price formulas live in `restaking_math::price`.
use anchor_lang::prelude::*;
use restaking_math::{MarinadeReading, StakePoolReading, SOL_PRICE_WAD};

use crate::{
    constants::{ALLOWED_STAKE_POOL_PROGRAMS, MARINADE_PROGRAM, WSOL_MINT},
    errors::VaultError,
    state::{AssetSlot, PricingSource},
};

/// Price of `mint` in lamports per raw unit (x 1e18) as of Solana epoch `solana_epoch`.
pub fn read_price(
    source: &PricingSource,
    mint: &Pubkey,
    token_program: &Pubkey,
    pricing_account: Option<&AccountInfo>,
    solana_epoch: u64,
) -> Result<u128> {
    match source {
        PricingSource::Wsol => {
            require_keys_eq!(*mint, WSOL_MINT, VaultError::NotWrappedSol);
            require!(
                pricing_account.is_none(),
                VaultError::UnexpectedPricingAccount
            );
            Ok(SOL_PRICE_WAD)
        }
        PricingSource::SplStakePool { pool } => {
            let account = pinned(pricing_account, pool)?;
            require!(
                ALLOWED_STAKE_POOL_PROGRAMS.contains(account.owner),
                VaultError::WrongPricingOwner
            );
            let data = account.try_borrow_data()?;
            let reading = StakePoolReading::parse(&data)
                .map_err(|_| error!(VaultError::InvalidPricingData))?;
            require!(
                reading.pool_mint == mint.to_bytes(),
                VaultError::PricingMintMismatch
            );
            require!(
                reading.token_program_id == token_program.to_bytes(),
                VaultError::WrongTokenProgram
            );
            require_eq!(
                reading.last_update_epoch,
                solana_epoch,
                VaultError::StakePoolNotUpdated
            );
            reading
                .price_wad()
                .map_err(|_| error!(VaultError::InvalidPricingData))
        }
        PricingSource::Marinade { state } => {
            let account = pinned(pricing_account, state)?;
            require_keys_eq!(
                *account.owner,
                MARINADE_PROGRAM,
                VaultError::WrongPricingOwner
            );
            let data = account.try_borrow_data()?;
            let reading = MarinadeReading::parse(&data)
                .map_err(|_| error!(VaultError::InvalidPricingData))?;
            require!(
                reading.msol_mint == mint.to_bytes(),
                VaultError::PricingMintMismatch
            );
            // Marinade keeps msol_price current through its own epoch cranks and has no
            // "updated in epoch" field to check; the cache is re-read every Solana epoch.
            reading
                .price_wad()
                .map_err(|_| error!(VaultError::InvalidPricingData))
        }
    }
}

/// Re-reads `slot`'s price and stamps it with `solana_epoch`.
pub fn refresh_slot(
    slot: &mut AssetSlot,
    pricing_account: Option<&AccountInfo>,
    solana_epoch: u64,
) -> Result<()> {
    slot.price_wad = read_price(
        &slot.pricing,
        &slot.mint,
        &slot.token_program,
        pricing_account,
        solana_epoch,
    )?;
    slot.price_epoch = solana_epoch;
    Ok(())
}

fn pinned<'a, 'info>(
    account: Option<&'a AccountInfo<'info>>,
    expected: &Pubkey,
) -> Result<&'a AccountInfo<'info>> {
    let account = account.ok_or_else(|| error!(VaultError::MissingPricingAccount))?;
    require_keys_eq!(*account.key, *expected, VaultError::WrongPricingAccount);
    Ok(account)
}
