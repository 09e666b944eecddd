//! Pay a matured withdrawal ticket in kind and close it.
//!
//! Must hold:
//! - nothing pauses a claim (neither the protocol's nor the vault's pause: a holder who
//!   asked to leave always gets out);
//! - the signer owns the ticket; the bucket is the ticket's; current epoch > bucket epoch
//!   and no slash that touched the bucket can still be cancelled
//!   (`WithdrawalBucket::check_claimable`);
//! - remaining accounts are `(reserve, mint, owner token account)` for every asset in
//!   which the ticket is non-zero, in asset order; the token accounts belong to the owner;
//! - each asset pays floor(ticket_k * scale / 1e18); the bucket and the vault's queued
//!   amounts drop by exactly the ticket; the ticket closes and its rent returns;
//! - the last open ticket's claim closes the bucket and returns its rent to its opener.
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{self, Mint, TokenAccount, TransferChecked};

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::WithdrawalClaimed,
    state::{Config, Vault, WithdrawalBucket, WithdrawalTicket},
};

#[event_cpi]
#[derive(Accounts)]
pub struct Claim<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, close = owner,
              seeds = [TICKET_SEED, vault.key().as_ref(), owner.key().as_ref(),
                       &ticket.id.to_le_bytes()], bump = ticket.bump,
              has_one = owner @ VaultError::NotTicketOwner,
              has_one = vault @ VaultError::NotTicketOwner)]
    pub ticket: Box<Account<'info, WithdrawalTicket>>,
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(), &ticket.bucket_epoch.to_le_bytes()],
              bump = bucket.bump)]
    pub bucket: Box<Account<'info, WithdrawalBucket>>,
    /// CHECK: SPL Token; must be the program of each asset paid in it.
    #[account(address = anchor_spl::token::ID)]
    pub token_program: UncheckedAccount<'info>,
    /// CHECK: Token-2022; must be the program of each asset paid in it.
    #[account(address = anchor_spl::token_2022::ID)]
    pub token_2022_program: UncheckedAccount<'info>,
    /// CHECK: receives the bucket's rent if this claim empties it; pinned to the opener.
    #[account(mut, address = bucket.rent_payer @ VaultError::WrongRentPayer)]
    pub bucket_rent_payer: UncheckedAccount<'info>,
}

impl Claim<'_> {
    fn validate(&self) -> Result<()> {
        let slot = Clock::get()?.slot;
        if slot < self.bucket.hold_until_slot {
            msg!(
                "a slash of this bucket can be cancelled until slot {}: claims wait until then",
                self.bucket.hold_until_slot
            );
        }
        self.bucket
            .check_claimable(self.config.current_epoch()?, slot)
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle<'info>(mut ctx: Context<'info, Claim<'info>>) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let scale_wad = accounts.bucket.scale_wad;
        let ticket_amounts = accounts.ticket.unscaled_amounts;
        let lrt_mint_key = accounts.vault.lrt_mint;
        let vault_bump = accounts.vault.bump;
        let signer_seeds: &[&[&[u8]]] = &[&[VAULT_SEED, lrt_mint_key.as_ref(), &[vault_bump]]];

        let mut triplets = ctx.remaining_accounts.chunks_exact(3);
        if !ctx.remaining_accounts.len().is_multiple_of(3) {
            return err!(VaultError::WrongClaimAccounts);
        }
        let mut paid = [0u64; MAX_ASSETS];
        for k in 0..accounts.vault.asset_count as usize {
            if ticket_amounts[k] == 0 {
                continue;
            }
            let slot = accounts.vault.assets[k];
            let payout = math(restaking_math::scaled_amount_floor(
                ticket_amounts[k],
                scale_wad,
            ))?;
            let [reserve, mint, destination] = triplets
                .next()
                .ok_or_else(|| error!(VaultError::WrongClaimAccounts))?
            else {
                return err!(VaultError::WrongClaimAccounts);
            };
            require_keys_eq!(*reserve.key, slot.reserve, VaultError::WrongReserve);
            require_keys_eq!(*mint.key, slot.mint, VaultError::WrongAssetMint);
            let destination_account = InterfaceAccount::<TokenAccount>::try_from(destination)?;
            require!(
                destination_account.mint == slot.mint
                    && destination_account.owner == accounts.owner.key(),
                VaultError::WrongOwnerTokenAccount
            );
            let decimals = InterfaceAccount::<Mint>::try_from(mint)?.decimals;
            let token_program = if slot.token_program == anchor_spl::token::ID {
                accounts.token_program.to_account_info()
            } else {
                accounts.token_2022_program.to_account_info()
            };
            if payout > 0 {
                token_interface::transfer_checked(
                    CpiContext::new_with_signer(
                        token_program.key(),
                        TransferChecked {
                            from: reserve.clone(),
                            mint: mint.clone(),
                            to: destination.clone(),
                            authority: accounts.vault.to_account_info(),
                        },
                        signer_seeds,
                    ),
                    payout,
                    decimals,
                )?;
            }
            paid[k] = payout;
            let bucket = &mut accounts.bucket;
            bucket.unscaled_amounts[k] = bucket.unscaled_amounts[k]
                .checked_sub(ticket_amounts[k])
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            bucket.queued_amounts[k] = bucket.queued_amounts[k]
                .checked_sub(payout)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            let slot = &mut accounts.vault.assets[k];
            slot.queued_amount = slot
                .queued_amount
                .checked_sub(payout)
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
        }
        require!(triplets.next().is_none(), VaultError::WrongClaimAccounts);
        accounts.bucket.open_tickets = accounts
            .bucket
            .open_tickets
            .checked_sub(1)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        let bucket_closed = accounts.bucket.open_tickets == 0;
        let mut residue_to_pool = [0u64; MAX_ASSETS];
        if bucket_closed {
            // what rounding left behind for this bucket goes back to the holders
            for (k, residue) in residue_to_pool.iter_mut().enumerate() {
                *residue = accounts.bucket.queued_amounts[k];
                let slot = &mut accounts.vault.assets[k];
                slot.queued_amount = slot
                    .queued_amount
                    .checked_sub(*residue)
                    .ok_or_else(|| error!(VaultError::MathOverflow))?;
                slot.active_amount = slot
                    .active_amount
                    .checked_add(*residue)
                    .ok_or_else(|| error!(VaultError::MathOverflow))?;
            }
            accounts
                .bucket
                .close(accounts.bucket_rent_payer.to_account_info())?;
        }

        let event = WithdrawalClaimed {
            vault: accounts.vault.key(),
            owner: accounts.owner.key(),
            ticket: accounts.ticket.key(),
            bucket_epoch: accounts.ticket.bucket_epoch,
            bucket_scale_wad: scale_wad,
            bucket_closed,
            residue_to_pool,
            amounts: paid,
            snapshot: accounts.vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
