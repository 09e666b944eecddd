//! An operator locks LRT shares as first-loss capital in a vault where it is whitelisted.
//! The LRT is burnt and the shares move to the vault's internal bond ledger, so a slash
//! can take them without a token transfer; the share count does not change.
//!
//! Must hold: signed by the operator's authority; `0 < shares <=` its LRT balance.
use anchor_lang::prelude::*;

use crate::lrt_shares::burn_shares;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{Mint, TokenAccount},
};

use crate::{
    constants::*,
    errors::VaultError,
    events::BondChanged,
    state::{OperatorBond, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Bond<'info> {
    pub authority: Signer<'info>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = lrt_mint, token::authority = authority,
              token::token_program = lrt_token_program)]
    pub authority_lrt_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, seeds = [BOND_SEED, vault.key().as_ref(), bond.operator.as_ref()],
              bump = bond.bump, has_one = vault,
              has_one = authority @ VaultError::NotOperatorAuthority)]
    pub bond: Box<Account<'info, OperatorBond>>,
    pub lrt_token_program: Program<'info, Token2022>,
}

impl Bond<'_> {
    pub fn handle(mut ctx: Context<Self>, shares: u64) -> Result<()> {
        require_gt!(shares, 0, VaultError::ZeroAmount);
        let accounts = &mut ctx.accounts;
        require_gte!(
            accounts.authority_lrt_account.amount,
            shares,
            VaultError::InsufficientShares
        );
        burn_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.authority_lrt_account.to_account_info(),
            accounts.authority.to_account_info(),
            shares,
        )?;
        let bond = &mut accounts.bond;
        bond.shares = bond
            .shares
            .checked_add(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        let vault = &mut accounts.vault;
        vault.bonded_shares = vault
            .bonded_shares
            .checked_add(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;

        let event = BondChanged {
            vault: vault.key(),
            operator: bond.operator,
            authority: bond.authority,
            shares: bond.shares,
            unbonding_shares: bond.unbonding_shares,
            unbond_epoch: bond.unbond_epoch,
            vault_bonded_shares: vault.bonded_shares,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
