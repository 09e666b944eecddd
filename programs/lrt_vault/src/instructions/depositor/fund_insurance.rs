//! Anyone gives LRT shares to a vault's insurance fund, the second-loss tier after the
//! operator's bond. The LRT is burnt into the vault's internal insurance ledger; the share
//! count and the share price do not change.
//!
//! Must hold: `0 < shares <=` the funder's LRT balance.
use anchor_lang::prelude::*;

use crate::lrt_shares::burn_shares;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{Mint, TokenAccount},
};

use crate::{constants::*, errors::VaultError, events::InsuranceFunded, state::Vault};

#[event_cpi]
#[derive(Accounts)]
pub struct FundInsurance<'info> {
    pub funder: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = lrt_mint, token::authority = funder,
              token::token_program = lrt_token_program)]
    pub funder_lrt_account: Box<InterfaceAccount<'info, TokenAccount>>,
    pub lrt_token_program: Program<'info, Token2022>,
}

impl FundInsurance<'_> {
    pub fn handle(mut ctx: Context<Self>, shares: u64) -> Result<()> {
        require_gt!(shares, 0, VaultError::ZeroAmount);
        let accounts = &mut ctx.accounts;
        require_gte!(
            accounts.funder_lrt_account.amount,
            shares,
            VaultError::InsufficientShares
        );
        burn_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.funder_lrt_account.to_account_info(),
            accounts.funder.to_account_info(),
            shares,
        )?;
        let vault = &mut accounts.vault;
        vault.insurance_shares = vault
            .insurance_shares
            .checked_add(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        let event = InsuranceFunded {
            vault: vault.key(),
            funder: accounts.funder.key(),
            shares,
            insurance_shares: vault.insurance_shares,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
