//! The registry cancels an executed slash during its resolution delay (DESIGN.md section
//! 5, step 5: the registry admin's backstop against a faulty AVS). A cancel is the exact
//! inverse of the slash (invariant 9): every position that bore it gets its part back and
//! nobody who came after gains from it.
//!
//! Must hold:
//! - signed by the registry's `["slasher"]` PDA only (the registry checks its admin);
//! - the escrow is the one of this vault and of `request` (the seeds), not cancelled, and
//!   still in its resolution delay (so no asset of it was swept);
//! - the operator's bond and the insurance fund get back the shares the slash burnt (and
//!   their tokens return to the pool: the share price is as before for everyone);
//! - every bucket of epochs c+1, c+2 and c+3 that exists carries the slash in its scale
//!   (the slash lowered it, or it was created while the slash could be cancelled: see
//!   `SlashWindow`); its scale goes back up and it receives from the escrow exactly what
//!   its tickets can claim on top (`restaking_math::plan_bucket_restore`);
//! - where the escrow lacks an asset a bucket's restore needs (one that entered the pool
//!   after the slash, such as rewards vesting in the window), the pool pays it: it takes
//!   the rest of the escrow, and the bucket's single scale must rise for every asset;
//! - the rest of the escrow returns to the active pool: the holders of the pool, who
//!   could not be joined by any deposit while the slash could be cancelled, get back
//!   their part; a vault the slash wiped out takes deposits again; the slash window's
//!   factor drops the slash (buckets created from now on never carried it; the window
//!   keeps its end);
//! - the delegation's slashed total drops by the loss.
use anchor_lang::prelude::*;

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::SlashCancelled,
    pda_accounts::store,
    state::{Config, Delegation, OperatorBond, SlashEscrow, Vault, WithdrawalBucket},
};

/// Buckets a cancel may have to raise: epochs c+1, c+2 (a capture's slashable buckets)
/// and c+3 (created while a slash executed during c+1 could still be cancelled; the
/// registry keeps the resolution delay within one epoch).
pub const CANCEL_BUCKETS: usize = 3;

#[event_cpi]
#[derive(Accounts)]
#[instruction(request: Pubkey)]
pub struct CancelEscrow<'info> {
    /// The registry's `["slasher"]` PDA, checked in `validate`.
    pub slasher: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    /// The escrow of this vault and of the cancelled execution's request.
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), request.as_ref()],
              bump = escrow.bump, has_one = vault)]
    pub escrow: Box<Account<'info, SlashEscrow>>,
    #[account(mut, seeds = [BOND_SEED, vault.key().as_ref(), escrow.operator.as_ref()],
              bump = bond.bump)]
    pub bond: Box<Account<'info, OperatorBond>>,
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), escrow.operator.as_ref()],
              bump = delegation.bump)]
    pub delegation: Box<Account<'info, Delegation>>,
    /// CHECK: the bucket of epoch c+1 (address fixed by the seeds); may not exist.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &escrow.capture_epoch.saturating_add(1).to_le_bytes()], bump)]
    pub bucket_1: UncheckedAccount<'info>,
    /// CHECK: the bucket of epoch c+2 (address fixed by the seeds); may not exist.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &escrow.capture_epoch.saturating_add(2).to_le_bytes()], bump)]
    pub bucket_2: UncheckedAccount<'info>,
    /// CHECK: the bucket of epoch c+3 (address fixed by the seeds); may not exist.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &escrow.capture_epoch.saturating_add(3).to_le_bytes()], bump)]
    pub bucket_3: UncheckedAccount<'info>,
}

impl CancelEscrow<'_> {
    fn validate(&self) -> Result<()> {
        let (slasher, _) =
            Pubkey::find_program_address(&[SLASHER_SEED], &self.config.registry_program);
        require_keys_eq!(self.slasher.key(), slasher, VaultError::NotSlasher);
        require!(!self.escrow.cancelled, VaultError::EscrowAlreadySettled);
        require!(
            self.escrow.is_cancellable(Clock::get()?.slot),
            VaultError::EscrowResolved
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle<'info>(
        mut ctx: Context<'info, CancelEscrow<'info>>,
        _request: Pubkey,
    ) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let overflow = || error!(VaultError::MathOverflow);
        let escrow = &accounts.escrow;
        let vault = &mut accounts.vault;
        let n = vault.asset_count;

        // 1. shares back into the bond and the insurance fund
        accounts
            .bond
            .restore(escrow.bond_shares_burnt, escrow.bond_unbonding_shares_burnt)
            .ok_or_else(overflow)?;
        let bond_shares = escrow
            .bond_shares_burnt
            .checked_add(escrow.bond_unbonding_shares_burnt)
            .ok_or_else(overflow)?;
        vault.bonded_shares = vault
            .bonded_shares
            .checked_add(bond_shares)
            .ok_or_else(overflow)?;
        vault.insurance_shares = vault
            .insurance_shares
            .checked_add(escrow.insurance_shares_burnt)
            .ok_or_else(overflow)?;
        vault.share_supply = vault
            .share_supply
            .checked_add(bond_shares)
            .and_then(|s| s.checked_add(escrow.insurance_shares_burnt))
            .ok_or_else(overflow)?;

        // 2. the buckets that carry the slash go back up, paid from the escrow and, where it
        //    lacks an asset, from the pool, which takes the escrow's remainder in step 3: a
        //    bucket created in the window can hold an asset the slash never took (rewards
        //    that vested after it), and the bucket's one scale must rise for every asset
        let mut available = [0u64; MAX_ASSETS];
        for ((left, slot), taken) in available
            .iter_mut()
            .zip(vault.assets.iter())
            .zip(escrow.amounts)
            .take(n as usize)
        {
            *left = slot.active_amount.checked_add(taken).ok_or_else(overflow)?;
        }
        let infos = [
            accounts.bucket_1.to_account_info(),
            accounts.bucket_2.to_account_info(),
            accounts.bucket_3.to_account_info(),
        ];
        let mut bucket_epochs = [0u64; CANCEL_BUCKETS];
        let mut bucket_scales_after = [0u128; CANCEL_BUCKETS];
        let mut to_buckets = [[0u64; MAX_ASSETS]; CANCEL_BUCKETS];
        for (i, info) in infos.iter().enumerate() {
            if escrow.fraction_wad == 0 {
                break; // the holders lost nothing: no bucket was touched
            }
            let Some(mut bucket) = WithdrawalBucket::load_if_present(info)? else {
                continue;
            };
            let touched = escrow
                .buckets
                .iter()
                .find(|b| b.present && b.epoch == bucket.epoch)
                .map(|b| (b.scale_before_wad, b.scale_after_wad));
            if touched.is_none() && escrow.fraction_wad >= restaking_math::WAD {
                // no bucket can be created while a 100% slash may be cancelled (its
                // starting scale would be 0), so this one does not carry the slash
                continue;
            }
            let target = math(restaking_math::restored_scale_floor(
                bucket.scale_wad,
                escrow.fraction_wad,
                touched,
            ))?;
            let restore = math(restaking_math::plan_bucket_restore(
                &bucket.unscaled_amounts,
                bucket.scale_wad,
                target,
                &available,
                n,
            ))?;
            bucket.scale_wad = restore.scale_wad;
            let parts = available
                .iter_mut()
                .zip(bucket.queued_amounts.iter_mut())
                .zip(vault.assets.iter_mut())
                .zip(restore.give)
                .take(n as usize);
            for (((left, queued), slot), give) in parts {
                *left -= give; // plan_bucket_restore gives at most what is available
                *queued = queued.checked_add(give).ok_or_else(overflow)?;
                slot.queued_amount = slot.queued_amount.checked_add(give).ok_or_else(overflow)?;
            }
            bucket_epochs[i] = bucket.epoch;
            bucket_scales_after[i] = bucket.scale_wad;
            to_buckets[i] = restore.give;
            store(info, &bucket)?;
        }

        // 3. the rest returns to the pool (what is left of pool + escrow after the buckets);
        //    the escrow holds nothing any more
        let mut to_pool = [0u64; MAX_ASSETS];
        let parts = vault
            .assets
            .iter_mut()
            .zip(escrow.amounts)
            .zip(available)
            .zip(to_pool.iter_mut())
            .take(n as usize);
        for (((slot, taken), left), back) in parts {
            slot.escrowed_amount = slot
                .escrowed_amount
                .checked_sub(taken)
                .ok_or_else(overflow)?;
            *back = left.saturating_sub(slot.active_amount);
            slot.active_amount = left;
        }
        if escrow.wiped_pool && vault.assets().iter().any(|a| a.active_amount > 0) {
            vault.wiped_out = false;
        }
        vault
            .slash_window
            .undo(Clock::get()?.slot, escrow.fraction_wad)?;
        let delegation = &mut accounts.delegation;
        delegation.slashed_total = delegation
            .slashed_total
            .saturating_sub(escrow.loss_lamports);

        let event = SlashCancelled {
            vault: vault.key(),
            request: escrow.request,
            bond_shares_restored: escrow.bond_shares_burnt,
            bond_unbonding_shares_restored: escrow.bond_unbonding_shares_burnt,
            insurance_shares_restored: escrow.insurance_shares_burnt,
            bucket_epochs,
            bucket_scales_after,
            to_buckets,
            to_pool,
            snapshot: vault.snapshot(),
        };
        accounts.escrow.cancelled = true;
        emit_cpi!(event);
        Ok(())
    }
}
