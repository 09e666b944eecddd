//! The curator adds a supported asset to the vault.
//!
//! Must hold:
//! - only the curator; at most 8 assets; no mint twice;
//! - the mint has no forbidden Token-2022 extension;
//! - the pricing account is valid now (right owner, mint, token program, fresh), and is
//!   pinned by address for every later price read;
//! - the mint is not yet an asset and the vault has room (checked before the reserve exists);
//! - the reserve is a new vault-owned token account at `["reserve", vault, mint]`, created
//!   even if someone pre-funded that address.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenInterface};

use crate::{
    asset_checks::new_asset_slot,
    constants::*,
    errors::VaultError,
    events::AssetAdded,
    pda_accounts::create_pda_token_account,
    state::{PricingSource, Vault},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct AddAssetArgs {
    pub pricing: PricingSource,
    /// Most the vault may hold of this asset through deposits, in raw units.
    pub deposit_cap: u64,
}

#[event_cpi]
#[derive(Accounts)]
pub struct AddAsset<'info> {
    #[account(mut)]
    pub curator: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              has_one = curator @ VaultError::NotCurator)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mint::token_program = asset_token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: the new reserve (address fixed by the seeds), created in the handler once
    /// the asset is accepted: not `init`, so a prefunded address cannot block the mint
    /// (see `pda_accounts`).
    #[account(mut, seeds = [RESERVE_SEED, vault.key().as_ref(), asset_mint.key().as_ref()], bump)]
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: must be the account named by `args.pricing`; owner and data checked on read.
    pub pricing_account: Option<UncheckedAccount<'info>>,
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub system_program: Program<'info, System>,
}

impl AddAsset<'_> {
    pub fn handle(mut ctx: Context<Self>, args: AddAssetArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let slot = new_asset_slot(
            &accounts.asset_mint.to_account_info(),
            accounts.asset_mint.decimals,
            accounts.reserve.key(),
            accounts.asset_token_program.key(),
            args.pricing,
            accounts.pricing_account.as_ref().map(|a| a.as_ref()),
            args.deposit_cap,
            Clock::get()?.epoch,
        )?;
        let asset_index = accounts.vault.push_asset(slot)?;
        let vault_key = accounts.vault.key();
        let mint_key = accounts.asset_mint.key();
        create_pda_token_account(
            &accounts.curator.to_account_info(),
            &accounts.reserve.to_account_info(),
            &accounts.asset_mint.to_account_info(),
            &accounts.vault.to_account_info(),
            &accounts.asset_token_program.to_account_info(),
            &accounts.system_program.to_account_info(),
            &[
                RESERVE_SEED,
                vault_key.as_ref(),
                mint_key.as_ref(),
                &[ctx.bumps.reserve],
            ],
        )?;
        let event = AssetAdded {
            vault: accounts.vault.key(),
            asset_index,
            mint: slot.mint,
            reserve: slot.reserve,
            token_program: slot.token_program,
            pricing: slot.pricing,
            price_wad: slot.price_wad,
            deposit_cap: slot.deposit_cap,
        };
        emit_cpi!(event);
        Ok(())
    }
}
