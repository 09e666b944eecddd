//! The treasury turns the fees a vault kept for it into LRT.
//!
//! Fees never travel to the treasury during a user's deposit, withdrawal request or reward:
//! they accrue as shares in the vault's treasury ledger (`Vault.treasury_shares`, counted
//! in the share supply like the bond and insurance ledgers), so no account the treasury
//! controls (a Token-2022 account with required memos, a frozen or closed one) can make a
//! user's transaction fail. The treasury collects them here, into any LRT account it
//! names, when it wants.
//!
//! Must hold: only `config.treasury` signs; every ledger share becomes one LRT (the share
//! supply is unchanged, so no share changes value); with nothing owed it succeeds and
//! changes nothing (a keeper never sees a spurious error).
use anchor_lang::prelude::*;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{Mint, TokenAccount},
};

use crate::{
    constants::*,
    errors::VaultError,
    events::TreasuryFeesClaimed,
    lrt_shares::mint_shares,
    state::{Config, Vault},
};

#[event_cpi]
#[derive(Accounts)]
pub struct ClaimTreasuryFees<'info> {
    pub treasury: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump,
              has_one = treasury @ VaultError::NotTreasury)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    /// Any LRT account the treasury names.
    #[account(mut, token::mint = lrt_mint, token::token_program = lrt_token_program)]
    pub destination: Box<InterfaceAccount<'info, TokenAccount>>,
    pub lrt_token_program: Program<'info, Token2022>,
}

impl ClaimTreasuryFees<'_> {
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let shares = accounts.vault.treasury_shares;
        if shares == 0 {
            return Ok(());
        }
        mint_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.vault.to_account_info(),
            accounts.vault.bump,
            accounts.destination.to_account_info(),
            shares,
        )?;
        let vault = &mut accounts.vault;
        vault.treasury_shares = 0;
        let event = TreasuryFeesClaimed {
            vault: vault.key(),
            treasury: accounts.treasury.key(),
            destination: accounts.destination.key(),
            shares,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
