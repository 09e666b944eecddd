//! The AVS pays a reward for the stake a vault delegates to an operator, out of its own
//! reward treasury, through the vault's reward distribution.
//!
//! The treasury is any token account owned by this program's `["rewards"]` PDA (a client
//! uses the PDA's associated token account of the asset); anyone may fund it with a plain
//! token transfer, and only this instruction moves tokens out of it: the PDA signs nothing
//! else. The payment is one CPI, `lrt_vault::distribute_rewards`, with the PDA as its
//! payer, so the vault applies its own rules: the operator is whitelisted in the vault
//! (its delegation exists) and is the registry `Operator`; the commission (the operator's
//! commission in force in the restaking epoch of the payment, `Operator::commission_at`,
//! rounded down) goes to a token account owned by the operator's authority; the vault fee becomes treasury and insurance shares; the rest
//! vests into the pool over the next restaking epoch; this Solana epoch's prices (put
//! `refresh_prices` before this instruction).
//!
//! Must hold:
//! - only the config's `admin` triggers a payment and chooses (vault, operator, asset,
//!   amount): the treasury is the AVS's money, and what it pays for (attestations served,
//!   rounds, uptime) is its policy, kept off-chain in this example. Registry opt-ins are
//!   not checked: an AVS may reward whom it wants, and the vault refuses an operator it
//!   does not whitelist;
//! - the treasury account is owned by the `["rewards"]` PDA, of the asset's mint and
//!   token program, and holds at least `amount`;
//! - every other account is passed on unchanged and checked by the vault.
//!
//! Call depth (Solana allows an instruction stack of 5, 9 with SIMD-0268): transaction ->
//! example_avs (1) -> lrt_vault::distribute_rewards (2) -> the asset's token program
//! (`transfer_checked`) and the vault's `emit_cpi!` self-invoke (3); this program's own `emit_cpi!` is at 2. So a
//! program holding the admin key as a PDA (a multisig, a governance program) may call
//! `pay_reward` by CPI and still fit (4).
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};
use lrt_vault::{instructions::DistributeRewardsArgs, program::LrtVault};

use crate::{constants::*, errors::AvsError, events::RewardPaid, state::AvsConfig};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug, PartialEq, Eq)]
pub struct PayRewardArgs {
    /// The vault's asset the reward is paid in.
    pub asset_index: u8,
    /// The whole reward, commission and vault fee included.
    pub amount: u64,
}

#[event_cpi]
#[derive(Accounts)]
#[instruction(args: PayRewardArgs)]
pub struct PayReward<'info> {
    pub admin: Signer<'info>,
    #[account(mut, seeds = [CONFIG_SEED], bump = config.bump,
              has_one = admin @ AvsError::NotAdmin)]
    pub config: Box<Account<'info, AvsConfig>>,
    /// CHECK: holds nothing; owns the reward treasury and signs the vault's
    /// `distribute_rewards` as its payer (address fixed by the seeds).
    #[account(seeds = [REWARDS_SEED], bump)]
    pub reward_authority: UncheckedAccount<'info>,
    /// The treasury's account of the asset paid.
    #[account(mut, token::mint = asset_mint, token::authority = reward_authority,
              token::token_program = asset_token_program)]
    pub reward_treasury: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The asset's mint (the vault checks it is the asset at `asset_index`).
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    pub asset_token_program: Interface<'info, TokenInterface>,

    // --- passed on to lrt_vault::distribute_rewards, which checks them ---
    /// CHECK: `lrt_vault`'s `["config"]`, checked by the vault.
    pub vault_config: UncheckedAccount<'info>,
    /// CHECK: the `lrt_vault` vault, checked by the vault program.
    #[account(mut)]
    pub vault: UncheckedAccount<'info>,
    /// CHECK: `["delegation", vault, operator]`: exists once the curator whitelisted the
    /// operator; checked by the vault.
    pub delegation: UncheckedAccount<'info>,
    /// CHECK: the registry's `Operator` (owner, discriminator), checked by the vault.
    pub operator: UncheckedAccount<'info>,
    /// CHECK: the vault's reserve of the asset, checked by the vault.
    #[account(mut)]
    pub reserve: UncheckedAccount<'info>,
    /// CHECK: receives the commission; the vault checks its owner is the operator's
    /// authority.
    #[account(mut)]
    pub operator_token_account: UncheckedAccount<'info>,
    /// CHECK: the vault's LRT mint, checked by the vault.
    #[account(mut)]
    pub lrt_mint: UncheckedAccount<'info>,
    /// CHECK: Token-2022, checked by the vault.
    pub lrt_token_program: UncheckedAccount<'info>,
    /// CHECK: the vault's `emit_cpi!` authority, checked by the vault.
    pub vault_event_authority: UncheckedAccount<'info>,
    pub vault_program: Program<'info, LrtVault>,
}

impl PayReward<'_> {
    fn validate(&self, args: &PayRewardArgs) -> Result<()> {
        require_gte!(
            self.reward_treasury.amount,
            args.amount,
            AvsError::RewardTreasuryTooSmall
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: PayRewardArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let distribute = lrt_vault::cpi::accounts::DistributeRewards {
            payer: accounts.reward_authority.to_account_info(),
            config: accounts.vault_config.to_account_info(),
            vault: accounts.vault.to_account_info(),
            delegation: accounts.delegation.to_account_info(),
            operator: accounts.operator.to_account_info(),
            reserve: accounts.reserve.to_account_info(),
            asset_mint: accounts.asset_mint.to_account_info(),
            payer_token_account: accounts.reward_treasury.to_account_info(),
            operator_token_account: accounts.operator_token_account.to_account_info(),
            lrt_mint: accounts.lrt_mint.to_account_info(),
            asset_token_program: accounts.asset_token_program.to_account_info(),
            lrt_token_program: accounts.lrt_token_program.to_account_info(),
            event_authority: accounts.vault_event_authority.to_account_info(),
            program: accounts.vault_program.to_account_info(),
        };
        let signer: &[&[u8]] = &[REWARDS_SEED, &[ctx.bumps.reward_authority]];
        lrt_vault::cpi::distribute_rewards(
            CpiContext::new_with_signer(lrt_vault::ID, distribute, &[signer]),
            DistributeRewardsArgs {
                asset_index: args.asset_index,
                amount: args.amount,
            },
        )?;

        accounts.reward_treasury.reload()?;
        let config = &mut accounts.config;
        config.reward_payments = config
            .reward_payments
            .checked_add(1)
            .ok_or_else(|| error!(AvsError::MathOverflow))?;
        let event = RewardPaid {
            admin: accounts.admin.key(),
            vault: accounts.vault.key(),
            operator: accounts.operator.key(),
            asset_index: args.asset_index,
            asset_mint: accounts.asset_mint.key(),
            amount: args.amount,
            reward_treasury: accounts.reward_treasury.key(),
            treasury_balance: accounts.reward_treasury.amount,
            reward_payments: config.reward_payments,
            slot: Clock::get()?.slot,
        };
        emit_cpi!(event);
        Ok(())
    }
}
