//! Burn LRT shares now and queue their in-kind basket for the next restaking epoch's
//! bucket; a ticket records the owner's claim.
//!
//! Must hold:
//! - the protocol and the vault's withdrawal requests are not paused;
//! - `shares > 0`; the withdrawal fee in force is at most `max_fee_bps` (the fee the user
//!   saw); the owner's `shares` are all burnt, the fee (ceil) staying in the vault's
//!   treasury ledger (nothing is sent to an account a third party controls); every asset
//!   k moves floor(active_k * net / S) from the active pool into bucket cur+1 (no price is
//!   read: a bad price can never drain the vault);
//! - at least one asset amount is non-zero (nobody burns shares for nothing);
//! - ticket and bucket record the basket in unscaled units (amount * 1e18 / scale); a
//!   bucket created while a slash of the vault may be cancelled starts at the scale that
//!   slash left (`SlashWindow`) and its claims wait until the slash is final.
use anchor_lang::prelude::*;

use crate::lrt_shares::burn_shares;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{Mint, TokenAccount},
};

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::WithdrawalRequested,
    pda_accounts::{create_pda_account, load, store},
    state::{check_fee_accepted, Config, Vault, WithdrawalBucket, WithdrawalTicket},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct RequestWithdrawalArgs {
    /// Shares to give up, fee included.
    pub shares: u64,
    /// Any number not yet used by this owner in this vault; names the ticket.
    pub ticket_id: u64,
    /// Highest withdrawal fee the owner accepts, in bps (the fee guard).
    pub max_fee_bps: u16,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: RequestWithdrawalArgs)]
pub struct RequestWithdrawal<'info> {
    #[account(mut)]
    pub owner: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = lrt_mint, token::authority = owner,
              token::token_program = lrt_token_program)]
    pub owner_lrt_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: the bucket of epoch cur+1 (address fixed by the seeds), created by its first
    /// request and loaded or created in the handler: not `init_if_needed`, so a prefunded
    /// address cannot block requests (see `pda_accounts`).
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &(config.current_epoch()? + 1).to_le_bytes()], bump)]
    pub bucket: UncheckedAccount<'info>,
    /// CHECK: the new ticket (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [TICKET_SEED, vault.key().as_ref(), owner.key().as_ref(),
                            &args.ticket_id.to_le_bytes()], bump)]
    pub ticket: UncheckedAccount<'info>,
    pub lrt_token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl RequestWithdrawal<'_> {
    fn validate(&self, args: &RequestWithdrawalArgs) -> Result<()> {
        self.vault.check_withdrawals_unpaused(&self.config)?;
        require_gt!(args.shares, 0, VaultError::ZeroAmount);
        require_gte!(
            self.owner_lrt_account.amount,
            args.shares,
            VaultError::InsufficientShares
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: RequestWithdrawalArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let epoch = accounts.config.current_epoch()?;
        let bucket_epoch = epoch + 1;
        let withdrawal_fee_bps = accounts.vault.fees.at(epoch).withdrawal_bps;
        check_fee_accepted(withdrawal_fee_bps, args.max_fee_bps)?;
        accounts
            .vault
            .accrue_vesting(Clock::get()?.slot, accounts.config.epoch_length)?;

        // 1. quote: the basket of the burnt shares, from the books only
        let split = math(restaking_math::split_fee(args.shares, withdrawal_fee_bps))?;
        require_gt!(split.net, 0, VaultError::WithdrawalTooSmall);
        let vault = &mut accounts.vault;
        let share_supply = vault.share_supply;
        let mut amounts = [0u64; MAX_ASSETS];
        for (amount, slot) in amounts.iter_mut().zip(vault.assets()) {
            *amount = math(restaking_math::amount_for_shares_floor(
                slot.active_amount,
                split.net,
                share_supply,
            ))?;
        }
        require!(
            amounts.iter().any(|a| *a > 0),
            VaultError::WithdrawalTooSmall
        );

        // 2. bucket (new or joined) and ticket, in unscaled units
        let vault_key = vault.key();
        let owner_info = accounts.owner.to_account_info();
        let system_program = accounts.system_program.to_account_info();
        let bucket_info = accounts.bucket.to_account_info();
        let now_slot = Clock::get()?.slot;
        let mut bucket = if bucket_info.owner == &crate::ID {
            load::<WithdrawalBucket>(&bucket_info)?
        } else {
            // created while a slash may be cancelled: the requests leave at the slashed
            // price, so the bucket starts carrying the slash (see `SlashWindow`)
            let scale_wad = vault.slash_window.new_bucket_scale(now_slot);
            require_gt!(scale_wad, 0, VaultError::WithdrawalsAwaitSlashResolution);
            create_pda_account(
                &owner_info,
                &bucket_info,
                &system_program,
                8 + WithdrawalBucket::INIT_SPACE,
                &crate::ID,
                &[
                    BUCKET_SEED,
                    vault_key.as_ref(),
                    &bucket_epoch.to_le_bytes(),
                    &[ctx.bumps.bucket],
                ],
            )?;
            WithdrawalBucket {
                vault: vault_key,
                epoch: bucket_epoch,
                scale_wad,
                unscaled_amounts: [0; MAX_ASSETS],
                queued_amounts: [0; MAX_ASSETS],
                open_tickets: 0,
                rent_payer: owner_info.key(),
                hold_until_slot: 0,
                bump: ctx.bumps.bucket,
            }
        };
        if vault.slash_window.is_open(now_slot) {
            bucket.hold_until(vault.slash_window.until_slot);
        }
        let mut unscaled = [0u128; MAX_ASSETS];
        for k in 0..vault.asset_count as usize {
            unscaled[k] = math(restaking_math::unscaled_amount_floor(
                amounts[k],
                bucket.scale_wad,
            ))?;
            bucket.unscaled_amounts[k] = bucket.unscaled_amounts[k]
                .checked_add(unscaled[k])
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            bucket.queued_amounts[k] = bucket.queued_amounts[k]
                .checked_add(amounts[k])
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            let slot = &mut vault.assets[k];
            slot.active_amount = slot
                .active_amount
                .checked_sub(amounts[k])
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
            slot.queued_amount = slot
                .queued_amount
                .checked_add(amounts[k])
                .ok_or_else(|| error!(VaultError::MathOverflow))?;
        }
        bucket.open_tickets = bucket
            .open_tickets
            .checked_add(1)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        vault.share_supply = share_supply
            .checked_sub(split.net)
            .ok_or_else(|| error!(VaultError::InsufficientShares))?;
        vault.treasury_shares = vault
            .treasury_shares
            .checked_add(split.fee)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        store(&bucket_info, &bucket)?;
        let ticket_info = accounts.ticket.to_account_info();
        create_pda_account(
            &owner_info,
            &ticket_info,
            &system_program,
            8 + WithdrawalTicket::INIT_SPACE,
            &crate::ID,
            &[
                TICKET_SEED,
                vault_key.as_ref(),
                owner_info.key.as_ref(),
                &args.ticket_id.to_le_bytes(),
                &[ctx.bumps.ticket],
            ],
        )?;
        let ticket = WithdrawalTicket {
            vault: vault_key,
            owner: owner_info.key(),
            id: args.ticket_id,
            bucket_epoch,
            unscaled_amounts: unscaled,
            shares_burned: split.net,
            requested_slot: now_slot,
            bump: ctx.bumps.ticket,
        };
        store(&ticket_info, &ticket)?;

        // 3. shares: all burnt from the owner (the fee lives on in the treasury ledger)
        burn_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.owner_lrt_account.to_account_info(),
            accounts.owner.to_account_info(),
            args.shares,
        )?;

        let event = WithdrawalRequested {
            vault: accounts.vault.key(),
            owner: accounts.owner.key(),
            ticket: accounts.ticket.key(),
            ticket_id: args.ticket_id,
            bucket_epoch,
            shares_in: args.shares,
            shares_burned: split.net,
            fee_shares: split.fee,
            fee_bps: withdrawal_fee_bps,
            amounts,
            snapshot: accounts.vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
