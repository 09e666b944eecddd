//! After the unbonding wait, the operator's unbonding shares leave the bond ledger and
//! are minted back to it as LRT (the share count does not change).
//!
//! Must hold: signed by the operator's authority; something is unbonding; the current
//! epoch is greater than the unbond epoch `u` + 2: like undelegated stake, the shares
//! stay first in line for captures up to `u + 1`, which execute by the end of `u + 2`
//! (`OperatorBond::check_unbond_complete`).
use anchor_lang::prelude::*;

use crate::lrt_shares::mint_shares;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{Mint, TokenAccount},
};

use crate::{
    constants::*,
    errors::VaultError,
    events::BondChanged,
    state::{Config, OperatorBond, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct CompleteUnbond<'info> {
    pub authority: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
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

impl CompleteUnbond<'_> {
    fn validate(&self) -> Result<()> {
        self.bond
            .check_unbond_complete(self.config.current_epoch()?)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let shares = accounts.bond.unbonding_shares;
        mint_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.vault.to_account_info(),
            accounts.vault.bump,
            accounts.authority_lrt_account.to_account_info(),
            shares,
        )?;
        let bond = &mut accounts.bond;
        bond.unbonding_shares = 0;
        let vault = &mut accounts.vault;
        vault.bonded_shares = vault
            .bonded_shares
            .checked_sub(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;

        let event = BondChanged {
            vault: vault.key(),
            operator: bond.operator,
            authority: bond.authority,
            shares: bond.shares,
            unbonding_shares: 0,
            unbond_epoch: bond.unbond_epoch,
            vault_bonded_shares: vault.bonded_shares,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
