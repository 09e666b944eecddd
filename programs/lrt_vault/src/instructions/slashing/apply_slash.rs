//! The registry applies an executed slash to this vault: pure accounting, no token moves.
//!
//! Must hold (DESIGN.md section 5, step 4; docs/slashing.md):
//! - the only signer accepted is the registry's PDA `["slasher"]` (of
//!   `config.registry_program`): no one else, no forged registry, no other program;
//! - the capture epoch is the current or the previous one, and
//!   `0 < loss <=` the operator's stake now: its allocation at capture times the vault's
//!   slashable value (the active pool and the buckets of epochs c+1 and c+2; the registry
//!   computed the loss and its caps with the same `Vault::allocated_stake`; this is the
//!   vault's own bound);
//! - this Solana epoch's prices (the waterfall compares values);
//! - the loss runs down the waterfall of `restaking_math::plan_slash`: the operator's bond,
//!   the insurance fund, then pro rata over the active pool and the buckets of epochs
//!   c+1 and c+2; everything taken moves to the escrow of (request, vault), created here
//!   once, so a request applies at most once per vault; the escrow records each
//!   position's part (bond and insurance shares, the pool, each bucket) so that a cancel
//!   can give it back exactly;
//! - if holders lost a fraction (the bond and the insurance fund did not cover it all),
//!   the vault's slash window opens until the escrow resolves (deposits wait; new buckets
//!   carry the slash) and the touched buckets' claims wait as long;
//! - a slash that leaves the active pool worthless while shares exist wipes the vault out
//!   (`Vault.wiped_out`: no more deposits);
//! - allocations do not change; the delegation counts what was slashed.
use anchor_lang::prelude::*;
use restaking_math::{BucketInput, SlashInput};

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::SlashApplied,
    pda_accounts::{create_pda_account, store},
    state::{
        Config, Delegation, EscrowBucket, OperatorBond, SlashDestination, SlashEscrow, Vault,
        WithdrawalBucket,
    },
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApplySlashArgs {
    /// The registry's slash request: names the escrow.
    pub request: Pubkey,
    /// The registry's `Operator` account.
    pub operator: Pubkey,
    pub capture_epoch: u64,
    /// Lamports of value to take, after the registry's caps.
    pub loss_lamports: u64,
    pub destination: SlashDestination,
    /// The escrow may be swept from this slot on.
    pub resolve_after_slot: u64,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: ApplySlashArgs)]
pub struct ApplySlash<'info> {
    /// The registry's `["slasher"]` PDA, checked in `validate`.
    pub slasher: Signer<'info>,
    /// Pays the escrow's rent (the registry passes whoever executes the slash).
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, seeds = [DELEGATION_SEED, vault.key().as_ref(), args.operator.as_ref()],
              bump = delegation.bump)]
    pub delegation: Box<Account<'info, Delegation>>,
    #[account(mut, seeds = [BOND_SEED, vault.key().as_ref(), args.operator.as_ref()],
              bump = bond.bump)]
    pub bond: Box<Account<'info, OperatorBond>>,
    /// CHECK: the bucket of epoch c+1 (address fixed by the seeds); may not exist.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &args.capture_epoch.saturating_add(1).to_le_bytes()], bump)]
    pub bucket_next: UncheckedAccount<'info>,
    /// CHECK: the bucket of epoch c+2 (address fixed by the seeds); may not exist.
    #[account(mut, seeds = [BUCKET_SEED, vault.key().as_ref(),
                            &args.capture_epoch.saturating_add(2).to_le_bytes()], bump)]
    pub bucket_after: UncheckedAccount<'info>,
    /// CHECK: the new escrow of (request, vault), address fixed by the seeds; created here.
    #[account(mut, seeds = [ESCROW_SEED, vault.key().as_ref(), args.request.as_ref()], bump)]
    pub escrow: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

impl ApplySlash<'_> {
    fn validate(&self, args: &ApplySlashArgs) -> Result<()> {
        let (slasher, _) =
            Pubkey::find_program_address(&[SLASHER_SEED], &self.config.registry_program);
        require_keys_eq!(self.slasher.key(), slasher, VaultError::NotSlasher);
        require_gt!(args.loss_lamports, 0, VaultError::ZeroAmount);
        self.vault.require_fresh_prices(Clock::get()?.epoch)?;
        Ok(())
    }

    /// A slashable bucket as the planner sees it (absent if no request created it).
    fn bucket_input(bucket: &Option<WithdrawalBucket>) -> BucketInput {
        bucket
            .as_ref()
            .map_or_else(BucketInput::default, |b| BucketInput {
                present: true,
                scale_wad: b.scale_wad,
                unscaled: b.unscaled_amounts,
            })
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: ApplySlashArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let slot = Clock::get()?.slot;
        let epoch = accounts.config.current_epoch()?;
        let vault_key = accounts.vault.key();
        let overflow = || error!(VaultError::MathOverflow);

        // 1. the operator's stake now, and the plan of the waterfall on the books as they are
        accounts
            .vault
            .accrue_vesting(slot, accounts.config.epoch_length)?;
        let bucket_infos = [
            accounts.bucket_next.to_account_info(),
            accounts.bucket_after.to_account_info(),
        ];
        let mut buckets = [
            WithdrawalBucket::load_if_present(&bucket_infos[0])?,
            WithdrawalBucket::load_if_present(&bucket_infos[1])?,
        ];
        let allocation_wad = accounts
            .delegation
            .allocation
            .at(args.capture_epoch, epoch)?;
        let slashable_value_wad = accounts.vault.slashable_value_wad(&buckets)?;
        let stake = math(restaking_math::allocated_stake_floor(
            slashable_value_wad,
            allocation_wad,
        ))?;
        require_gte!(stake, args.loss_lamports, VaultError::LossExceedsStake);
        let vault = &mut accounts.vault;
        let input = SlashInput {
            loss_wad: u128::from(args.loss_lamports)
                .checked_mul(restaking_math::WAD)
                .ok_or_else(overflow)?,
            share_supply: vault.share_supply,
            bond_shares: accounts.bond.slashable_shares().ok_or_else(overflow)?,
            insurance_shares: vault.insurance_shares,
            asset_count: vault.asset_count,
            active: vault.assets.map(|a| a.active_amount),
            price_wad: vault.assets.map(|a| a.price_wad),
            buckets: [
                Self::bucket_input(&buckets[0]),
                Self::bucket_input(&buckets[1]),
            ],
        };
        let plan = math(restaking_math::plan_slash(&input))?;

        // 2. shares: the bond first, then the insurance fund
        let (bond_burnt, bond_unbonding_burnt) = accounts
            .bond
            .burn(plan.bond_shares_burnt)
            .ok_or_else(overflow)?;
        vault.bonded_shares = vault
            .bonded_shares
            .checked_sub(plan.bond_shares_burnt)
            .ok_or_else(overflow)?;
        vault.insurance_shares = vault
            .insurance_shares
            .checked_sub(plan.insurance_shares_burnt)
            .ok_or_else(overflow)?;
        vault.share_supply = plan.share_supply_after;

        // 3. tokens: out of the pool and the buckets, into the escrow
        let mut pool_taken = [0u64; MAX_ASSETS];
        let n = vault.asset_count as usize;
        for (k, (slot, from_pool)) in vault.assets[..n]
            .iter_mut()
            .zip(pool_taken.iter_mut())
            .enumerate()
        {
            *from_pool = slot
                .active_amount
                .checked_sub(plan.active_after[k])
                .ok_or_else(overflow)?;
            slot.active_amount = plan.active_after[k];
            slot.escrowed_amount = slot
                .escrowed_amount
                .checked_add(plan.escrow[k])
                .ok_or_else(overflow)?;
            for (b, bucket) in buckets.iter_mut().enumerate() {
                let Some(bucket) = bucket else { continue };
                let taken = plan.bucket_taken[b][k];
                bucket.queued_amounts[k] = bucket.queued_amounts[k]
                    .checked_sub(taken)
                    .ok_or_else(overflow)?;
                slot.queued_amount = slot.queued_amount.checked_sub(taken).ok_or_else(overflow)?;
            }
        }

        // 4. a loss the holders bore may still be cancelled: open the window (deposits
        //    wait, new buckets carry the slash) and hold the touched buckets' claims
        let holders_lost = plan.fraction_wad > 0;
        if holders_lost {
            vault
                .slash_window
                .record(slot, plan.fraction_wad, args.resolve_after_slot)?;
        }
        let mut escrow_buckets = [EscrowBucket::default(); 2];
        for (b, bucket) in buckets.iter_mut().enumerate() {
            let Some(bucket) = bucket else { continue };
            escrow_buckets[b] = EscrowBucket {
                present: true,
                epoch: bucket.epoch,
                scale_before_wad: bucket.scale_wad,
                scale_after_wad: plan.bucket_scale_after[b],
                taken: plan.bucket_taken[b],
            };
            bucket.scale_wad = plan.bucket_scale_after[b];
            if holders_lost {
                bucket.hold_until(args.resolve_after_slot);
            }
            store(&bucket_infos[b], bucket)?;
        }
        let wiped_pool = !vault.wiped_out
            && vault.share_supply > 0
            && vault.assets().iter().all(|a| a.active_amount == 0);
        vault.wiped_out |= wiped_pool;

        // 5. the delegation counts the loss (its allocation does not change)
        let delegation = &mut accounts.delegation;
        delegation.slashed_total = delegation
            .slashed_total
            .checked_add(args.loss_lamports)
            .ok_or_else(overflow)?;

        // 6. the escrow, once per (request, vault)
        let escrow_info = accounts.escrow.to_account_info();
        create_pda_account(
            &accounts.payer.to_account_info(),
            &escrow_info,
            &accounts.system_program.to_account_info(),
            8 + SlashEscrow::INIT_SPACE,
            &crate::ID,
            &[
                ESCROW_SEED,
                vault_key.as_ref(),
                args.request.as_ref(),
                &[ctx.bumps.escrow],
            ],
        )?;
        let escrow = SlashEscrow {
            vault: vault_key,
            request: args.request,
            operator: args.operator,
            capture_epoch: args.capture_epoch,
            loss_lamports: args.loss_lamports,
            amounts: plan.escrow,
            bond_shares_burnt: bond_burnt,
            bond_unbonding_shares_burnt: bond_unbonding_burnt,
            insurance_shares_burnt: plan.insurance_shares_burnt,
            pool_taken,
            fraction_wad: plan.fraction_wad,
            buckets: escrow_buckets,
            wiped_pool,
            destination: args.destination,
            resolve_after_slot: args.resolve_after_slot,
            swept: [false; MAX_ASSETS],
            cancelled: false,
            bump: ctx.bumps.escrow,
        };
        store(&escrow_info, &escrow)?;

        let event = SlashApplied {
            vault: vault_key,
            request: args.request,
            operator: args.operator,
            capture_epoch: args.capture_epoch,
            allocation_wad,
            slashable_value_wad,
            loss_lamports: args.loss_lamports,
            bond_shares_burnt: plan.bond_shares_burnt,
            insurance_shares_burnt: plan.insurance_shares_burnt,
            value_covered_wad: plan.value_covered_wad,
            fraction_wad: plan.fraction_wad,
            escrow: plan.escrow,
            bucket_epochs: escrow_buckets.map(|b| b.epoch),
            bucket_scales_after: plan.bucket_scale_after,
            window_until_slot: if holders_lost {
                accounts.vault.slash_window.until_slot
            } else {
                0
            },
            snapshot: accounts.vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
