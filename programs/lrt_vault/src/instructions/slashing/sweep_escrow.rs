//! After the resolution delay, anyone settles one asset of a slash escrow: the tokens are
//! burnt, or sent to the AVS's fixed recipient, as the AVS chose at registration.
//!
//! Must hold: the escrow is this vault's, past `resolve_after_slot` (before it the sweep
//! fails); an asset already swept, or a cancelled escrow, is nothing to do: the sweep
//! succeeds without effect (`SlashEscrow::sweep_due`); the reserve and mint are the asset's; a recipient is paid
//! only into a token account it owns, of this mint; SPL Token cannot burn wSOL, so a burn
//! of wSOL goes to a token account of the incinerator, which no one can spend from; the
//! books drop by exactly the amount.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{
    self, Burn, Mint, TokenAccount, TokenInterface, TransferChecked,
};

use crate::{
    constants::*,
    errors::VaultError,
    events::EscrowSwept,
    state::{SlashDestination, SlashEscrow, Vault},
};

#[event_cpi]
#[derive(Accounts)]
#[instruction(asset_index: u8)]
pub struct SweepEscrow<'info> {
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), escrow.request.as_ref()],
              bump = escrow.bump, has_one = vault)]
    pub escrow: Box<Account<'info, SlashEscrow>>,
    #[account(mut, address = vault.asset(asset_index)?.reserve @ VaultError::WrongReserve)]
    pub reserve: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, address = vault.asset(asset_index)?.mint @ VaultError::WrongAssetMint)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    /// The payee's token account of this asset (the recipient's, or the incinerator's for
    /// a burn of wSOL); `None` when the tokens are burnt.
    #[account(mut)]
    pub recipient_token_account: Option<Box<InterfaceAccount<'info, TokenAccount>>>,
    #[account(address = vault.asset(asset_index)?.token_program @ VaultError::WrongTokenProgram)]
    pub token_program: Interface<'info, TokenInterface>,
}

impl SweepEscrow<'_> {
    fn validate(&self, asset_index: u8) -> Result<()> {
        let escrow = &self.escrow;
        if !escrow.sweep_due(asset_index as usize, Clock::get()?.slot)? {
            return Ok(());
        }
        if let Some(owner) = escrow.destination.payee(&self.asset_mint.key()) {
            let account = self
                .recipient_token_account
                .as_ref()
                .ok_or_else(|| error!(VaultError::WrongSlashRecipient))?;
            require!(
                account.owner == owner && account.mint == self.asset_mint.key(),
                VaultError::WrongSlashRecipient
            );
        }
        Ok(())
    }

    #[access_control(ctx.accounts.validate(asset_index))]
    pub fn handle(mut ctx: Context<Self>, asset_index: u8) -> Result<()> {
        let accounts = &mut ctx.accounts;
        if !accounts
            .escrow
            .sweep_due(asset_index as usize, Clock::get()?.slot)?
        {
            return Ok(()); // already swept or cancelled: nothing to do
        }
        let k = asset_index as usize;
        let amount = accounts.escrow.amounts[k];
        let lrt_mint_key = accounts.vault.lrt_mint;
        let signer_seeds: &[&[&[u8]]] =
            &[&[VAULT_SEED, lrt_mint_key.as_ref(), &[accounts.vault.bump]]];
        let program = accounts.token_program.key();
        let payee = accounts
            .escrow
            .destination
            .payee(&accounts.asset_mint.key());
        let recipient = match (payee, amount) {
            (_, 0) => None,
            (None, _) => {
                token_interface::burn(
                    CpiContext::new_with_signer(
                        program,
                        Burn {
                            mint: accounts.asset_mint.to_account_info(),
                            from: accounts.reserve.to_account_info(),
                            authority: accounts.vault.to_account_info(),
                        },
                        signer_seeds,
                    ),
                    amount,
                )?;
                None
            }
            (Some(_), _) => {
                // validate() checked the account exists and belongs to the payee
                let to = accounts
                    .recipient_token_account
                    .as_ref()
                    .ok_or_else(|| error!(VaultError::WrongSlashRecipient))?;
                token_interface::transfer_checked(
                    CpiContext::new_with_signer(
                        program,
                        TransferChecked {
                            from: accounts.reserve.to_account_info(),
                            mint: accounts.asset_mint.to_account_info(),
                            to: to.to_account_info(),
                            authority: accounts.vault.to_account_info(),
                        },
                        signer_seeds,
                    ),
                    amount,
                    accounts.asset_mint.decimals,
                )?;
                Some(to.key())
            }
        };
        accounts.escrow.swept[k] = true;
        let slot = accounts.vault.asset_mut(asset_index)?;
        slot.escrowed_amount = slot
            .escrowed_amount
            .checked_sub(amount)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        let mint = slot.mint;

        let event = EscrowSwept {
            vault: accounts.vault.key(),
            request: accounts.escrow.request,
            asset_index,
            mint,
            amount,
            burnt: amount > 0 && accounts.escrow.destination == SlashDestination::Burn,
            recipient_token_account: recipient,
        };
        emit_cpi!(event);
        Ok(())
    }
}
