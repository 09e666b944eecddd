//! An AVS (or anyone) pays a reward in a supported asset for the vault's stake with one
//! operator (DESIGN.md section 5, "Rewards").
//!
//! Must hold:
//! - the operator is whitelisted in this vault (its delegation exists) and is the
//!   registry `Operator` the delegation names; this Solana epoch's prices (fees become
//!   shares at the share price);
//! - the reward splits exactly (`restaking_math::split_reward`): the operator's commission
//!   (its registry rate in force in the payment's epoch: a change announced during `e`
//!   applies from `e + 2`, so nobody can raise it in front of a reward; rounded down) goes
//!   to a token account its authority owns; the vault fee (the reward fee in force,
//!   rounded up) becomes shares at the deposit price, in the treasury and insurance
//!   ledgers, with the fee tokens, so no other share changes value; while a slash of the
//!   vault may still be cancelled, at the price its cancel would restore
//!   (`SlashWindow::at_restored_price_floor`), so a cancel gives the ledgers nothing; the
//!   rest joins the epoch's arrivals, which vest linearly over the next epoch (a payment
//!   never delays another: `restaking_math::VestingCohorts`);
//! - what arrives in the reserve equals the fee plus the vesting part.
use anchor_lang::prelude::*;

use anchor_spl::{
    token_2022::Token2022,
    token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked},
};

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::RewardsDistributed,
    state::{Config, Delegation, Vault},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct DistributeRewardsArgs {
    pub asset_index: u8,
    pub amount: u64,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: DistributeRewardsArgs)]
pub struct DistributeRewards<'info> {
    pub payer: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(seeds = [DELEGATION_SEED, vault.key().as_ref(), operator.key().as_ref()],
              bump = delegation.bump)]
    pub delegation: Box<Account<'info, Delegation>>,
    /// CHECK: the registry `Operator` (owner and discriminator checked in `validate`).
    pub operator: UncheckedAccount<'info>,
    #[account(mut, address = vault.asset(args.asset_index)?.reserve @ VaultError::WrongReserve)]
    pub reserve: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(address = vault.asset(args.asset_index)?.mint @ VaultError::WrongAssetMint)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut, token::mint = asset_mint, token::authority = payer,
              token::token_program = asset_token_program)]
    pub payer_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Receives the commission: a token account of this asset owned by the operator's
    /// authority (checked in `validate`).
    #[account(mut, token::mint = asset_mint, token::token_program = asset_token_program)]
    pub operator_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(address = vault.asset(args.asset_index)?.token_program @ VaultError::WrongTokenProgram)]
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub lrt_token_program: Program<'info, Token2022>,
}

impl<'info> DistributeRewards<'info> {
    /// The operator's commission in force during restaking epoch `epoch` and its
    /// authority, read from the registry account at the offsets the registry keeps fixed
    /// for this (authority 8..40; commission 40..42, the next one 42..44 and the epoch it
    /// applies from 44..52), with the registry's notice rule (`restaking_math::in_force`).
    fn operator_terms(&self, epoch: u64) -> Result<(u16, Pubkey)> {
        require_keys_eq!(
            *self.operator.owner,
            self.config.registry_program,
            VaultError::NotRegistryOperator
        );
        let data = self.operator.try_borrow_data()?;
        require!(
            data.len() >= 52 && data[..8] == REGISTRY_OPERATOR_DISCRIMINATOR,
            VaultError::NotRegistryOperator
        );
        let mut authority = [0u8; 32];
        authority.copy_from_slice(&data[8..40]);
        let u16_at = |at: usize| u16::from_le_bytes([data[at], data[at + 1]]);
        let mut effective = [0u8; 8];
        effective.copy_from_slice(&data[44..52]);
        let commission_bps =
            restaking_math::in_force(u16_at(40), u16_at(42), u64::from_le_bytes(effective), epoch);
        Ok((commission_bps, Pubkey::new_from_array(authority)))
    }

    fn validate(&self, args: &DistributeRewardsArgs) -> Result<()> {
        require_gt!(args.amount, 0, VaultError::ZeroAmount);
        let (_, authority) = self.operator_terms(self.config.current_epoch()?)?;
        require_keys_eq!(
            self.operator_token_account.owner,
            authority,
            VaultError::NotOperatorAuthority
        );
        self.vault.require_fresh_prices(Clock::get()?.epoch)?;
        Ok(())
    }

    /// Moves `amount` of the reward from the payer to `to`.
    fn pay(&self, to: AccountInfo<'info>, amount: u64) -> Result<()> {
        if amount == 0 {
            return Ok(());
        }
        token_interface::transfer_checked(
            CpiContext::new(
                self.asset_token_program.key(),
                TransferChecked {
                    from: self.payer_token_account.to_account_info(),
                    mint: self.asset_mint.to_account_info(),
                    to,
                    authority: self.payer.to_account_info(),
                },
            ),
            amount,
            self.asset_mint.decimals,
        )
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<'info, Self>, args: DistributeRewardsArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let now = Clock::get()?.slot;
        let epoch_length = accounts.config.epoch_length;
        let epoch = accounts.config.current_epoch()?;
        let (commission_bps, _) = accounts.operator_terms(epoch)?;
        accounts.vault.accrue_vesting(now, epoch_length)?;
        let split = math(restaking_math::split_reward(
            args.amount,
            commission_bps,
            accounts.vault.fees.at(epoch).reward_bps,
            accounts.vault.insurance_cut_bps,
        ))?;

        // 1. fee shares at the deposit price, before the fee tokens join the pool
        let price_wad = accounts.vault.asset(args.asset_index)?.price_wad;
        let (supply, value_wad) = (
            accounts.vault.share_supply,
            accounts.vault.deposit_value_wad()?,
        );
        let window = accounts.vault.slash_window;
        let shares_for = |amount: u64| -> Result<u64> {
            let value = math(restaking_math::asset_value_wad(amount, price_wad))?;
            let value = window.at_restored_price_floor(value, now)?;
            math(restaking_math::shares_for_deposit_floor(
                value, supply, value_wad,
            ))
        };
        let treasury_shares = shares_for(split.treasury_part)?;
        let insurance_shares = shares_for(split.insurance_part)?;

        // 2. tokens: commission to the operator, the rest into the reserve
        accounts.pay(
            accounts.operator_token_account.to_account_info(),
            split.operator_commission,
        )?;
        accounts.pay(
            accounts.reserve.to_account_info(),
            args.amount - split.operator_commission,
        )?;

        // 3. books: fee tokens and ledger shares now, the rest vesting over the next epoch
        let vault = &mut accounts.vault;
        let overflow = || error!(VaultError::MathOverflow);
        vault.share_supply = vault
            .share_supply
            .checked_add(treasury_shares)
            .and_then(|s| s.checked_add(insurance_shares))
            .ok_or_else(overflow)?;
        vault.treasury_shares = vault
            .treasury_shares
            .checked_add(treasury_shares)
            .ok_or_else(overflow)?;
        vault.insurance_shares = vault
            .insurance_shares
            .checked_add(insurance_shares)
            .ok_or_else(overflow)?;
        let slot = vault.asset_mut(args.asset_index)?;
        slot.active_amount = slot
            .active_amount
            .checked_add(split.vault_fee)
            .ok_or_else(overflow)?;
        let mut cohorts = slot.rewards.cohorts();
        math(cohorts.add(split.to_pool, now, epoch_length))?;
        slot.rewards.store(cohorts);

        let event = RewardsDistributed {
            vault: vault.key(),
            operator: accounts.operator.key(),
            payer: accounts.payer.key(),
            asset_index: args.asset_index,
            amount: args.amount,
            operator_commission: split.operator_commission,
            commission_bps,
            vault_fee: split.vault_fee,
            treasury_shares,
            insurance_shares,
            to_pool: split.to_pool,
            vesting_epoch: epoch.saturating_add(1),
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
