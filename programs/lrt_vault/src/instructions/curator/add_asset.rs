//! The curator adds a supported asset to the vault.
//!
//! Must hold:
//! - only the curator; at most 8 assets; no mint twice;
//! - the mint has no forbidden Token-2022 extension;
//! - the pricing account is valid now (right owner, mint, token program, fresh), and is
//!   pinned by address for every later price read;
//! - the reserve is a new vault-owned token account at `["reserve", vault, mint]`.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};

use crate::{
    asset_checks::new_asset_slot,
    constants::*,
    errors::VaultError,
    events::AssetAdded,
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
    #[account(init, payer = curator,
              seeds = [RESERVE_SEED, vault.key().as_ref(), asset_mint.key().as_ref()], bump,
              token::mint = asset_mint, token::authority = vault,
              token::token_program = asset_token_program)]
    pub reserve: Box<InterfaceAccount<'info, TokenAccount>>,
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
