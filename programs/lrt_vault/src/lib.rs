//! `lrt_vault`: liquid staking tokens in, one liquid restaking token (LRT) out.
//!
//! Depositors put supported LSTs into a vault and receive shares of a Token-2022 LRT at
//! the vault's share price; withdrawals burn shares and pay the in-kind basket after one
//! full restaking epoch. The curator delegates the vault's stake to operators, who bond
//! first-loss shares; the slasher registry applies slashes through its PDA. See DESIGN.md
//! sections 3 to 5, docs/slashing.md, and the README.
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

pub mod asset_checks;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod lrt_shares;
pub mod pda_accounts;
pub mod pricing;
pub mod state;

use instructions::*;

declare_id!("F3PgmYUR9foQHtQeYp6TEGRhpZtpXeQrAYgAxi4EWwYd");

#[program]
pub mod lrt_vault {
    use super::*;

    /// Create the protocol Config (once; by the upgrade authority when deployed).
    pub fn initialize_config(
        ctx: Context<InitializeConfig>,
        args: InitializeConfigArgs,
    ) -> Result<()> {
        InitializeConfig::handle(ctx, args)
    }

    /// Propose a new admin; takes effect when they call `accept_admin`.
    pub fn transfer_admin(ctx: Context<TransferAdmin>, new_admin: Pubkey) -> Result<()> {
        TransferAdmin::handle(ctx, new_admin)
    }

    /// The proposed admin accepts and becomes admin.
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        AcceptAdmin::handle(ctx)
    }

    /// The admin proposes a new treasury; it takes over with `accept_treasury`.
    pub fn set_treasury(ctx: Context<SetTreasury>, new_treasury: Pubkey) -> Result<()> {
        SetTreasury::handle(ctx, new_treasury)
    }

    /// The proposed treasury accepts and becomes the treasury.
    pub fn accept_treasury(ctx: Context<AcceptTreasury>) -> Result<()> {
        AcceptTreasury::handle(ctx)
    }

    /// The treasury turns the fees a vault kept for it (its ledger shares) into LRT.
    pub fn claim_treasury_fees(ctx: Context<ClaimTreasuryFees>) -> Result<()> {
        ClaimTreasuryFees::handle(ctx)
    }

    /// The admin names the pauser.
    pub fn set_pauser(ctx: Context<SetPauser>, new_pauser: Pubkey) -> Result<()> {
        SetPauser::handle(ctx, new_pauser)
    }

    /// Pauser or admin stops deposits and withdrawal requests protocol-wide (never claims
    /// of matured tickets, nor the slashing path).
    pub fn pause(ctx: Context<Pause>) -> Result<()> {
        Pause::handle(ctx)
    }

    /// The admin restarts the protocol.
    pub fn unpause(ctx: Context<Unpause>) -> Result<()> {
        Unpause::handle(ctx)
    }

    /// Create a vault with its LRT mint, first asset and a seed deposit of dead shares.
    pub fn create_vault(ctx: Context<CreateVault>, args: CreateVaultArgs) -> Result<()> {
        CreateVault::handle(ctx, args)
    }

    /// The curator adds a supported asset with its pinned pricing source and cap.
    pub fn add_asset(ctx: Context<AddAsset>, args: AddAssetArgs) -> Result<()> {
        AddAsset::handle(ctx, args)
    }

    /// The curator sets an asset's deposit cap.
    pub fn set_caps(ctx: Context<SetCaps>, asset_index: u8, deposit_cap: u64) -> Result<()> {
        SetCaps::handle(ctx, asset_index, deposit_cap)
    }

    /// The curator proposes a successor; it takes over with `accept_curator`.
    pub fn transfer_curator(ctx: Context<TransferCurator>, new_curator: Pubkey) -> Result<()> {
        TransferCurator::handle(ctx, new_curator)
    }

    /// The proposed curator accepts and becomes the vault's curator.
    pub fn accept_curator(ctx: Context<AcceptCurator>) -> Result<()> {
        AcceptCurator::handle(ctx)
    }

    /// The fee admin proposes a successor; it takes over with `accept_fee_admin`.
    pub fn transfer_fee_admin(ctx: Context<TransferFeeAdmin>, new_fee_admin: Pubkey) -> Result<()> {
        TransferFeeAdmin::handle(ctx, new_fee_admin)
    }

    /// The proposed fee admin accepts and becomes the vault's fee admin.
    pub fn accept_fee_admin(ctx: Context<AcceptFeeAdmin>) -> Result<()> {
        AcceptFeeAdmin::handle(ctx)
    }

    /// The curator, the pauser or the admin pauses or resumes a vault's deposits and
    /// withdrawal requests.
    pub fn set_vault_pause(
        ctx: Context<SetVaultPause>,
        deposits_paused: bool,
        withdrawals_paused: bool,
    ) -> Result<()> {
        SetVaultPause::handle(ctx, deposits_paused, withdrawals_paused)
    }

    /// The fee admin sets fees: decreases now, increases after a full epoch of notice.
    pub fn set_fees(
        ctx: Context<SetFees>,
        deposit_fee_bps: u16,
        withdrawal_fee_bps: u16,
    ) -> Result<()> {
        SetFees::handle(ctx, deposit_fee_bps, withdrawal_fee_bps)
    }

    /// Anyone caches every asset's price for this Solana epoch.
    pub fn refresh_prices<'info>(ctx: Context<'info, RefreshPrices<'info>>) -> Result<()> {
        RefreshPrices::handle(ctx)
    }

    /// Anyone credits the rewards vested so far to the vault's active pool.
    pub fn vest_rewards(ctx: Context<VestRewards>) -> Result<()> {
        VestRewards::handle(ctx)
    }

    /// Deposit a supported asset and receive LRT shares at the current price.
    pub fn deposit(ctx: Context<Deposit>, args: DepositArgs) -> Result<()> {
        Deposit::handle(ctx, args)
    }

    /// Burn LRT shares and queue their in-kind basket for the next epoch's bucket.
    pub fn request_withdrawal(
        ctx: Context<RequestWithdrawal>,
        args: RequestWithdrawalArgs,
    ) -> Result<()> {
        RequestWithdrawal::handle(ctx, args)
    }

    /// Pay a matured withdrawal ticket in kind and close it.
    pub fn claim<'info>(ctx: Context<'info, Claim<'info>>) -> Result<()> {
        Claim::handle(ctx)
    }

    /// Anyone gives LRT shares to the vault's insurance fund (second-loss tier).
    pub fn fund_insurance(ctx: Context<FundInsurance>, shares: u64) -> Result<()> {
        FundInsurance::handle(ctx, shares)
    }

    /// The curator admits a registry operator, with its concentration limit.
    pub fn whitelist_operator(ctx: Context<WhitelistOperator>, max_bps: u16) -> Result<()> {
        WhitelistOperator::handle(ctx, max_bps)
    }

    /// The curator allocates a further fraction (WAD) of the vault to an operator,
    /// counting from the next epoch.
    pub fn delegate(ctx: Context<Delegate>, allocation_wad: u64) -> Result<()> {
        Delegate::handle(ctx, allocation_wad)
    }

    /// The curator takes part of an allocation back; it stays slashable through the next
    /// epoch.
    pub fn undelegate(ctx: Context<Undelegate>, allocation_wad: u64) -> Result<()> {
        Undelegate::handle(ctx, allocation_wad)
    }

    /// The curator changes an operator's concentration limit.
    pub fn set_concentration_limit(
        ctx: Context<SetConcentrationLimit>,
        max_bps: u16,
    ) -> Result<()> {
        SetConcentrationLimit::handle(ctx, max_bps)
    }

    /// An operator locks LRT shares as first-loss capital in the vault.
    pub fn bond(ctx: Context<Bond>, shares: u64) -> Result<()> {
        Bond::handle(ctx, shares)
    }

    /// An operator starts unbonding; the shares stay slashable until completed.
    pub fn unbond(ctx: Context<Unbond>, shares: u64) -> Result<()> {
        Unbond::handle(ctx, shares)
    }

    /// After the wait, unbonding shares return to the operator as LRT.
    pub fn complete_unbond(ctx: Context<CompleteUnbond>) -> Result<()> {
        CompleteUnbond::handle(ctx)
    }

    /// The slasher registry applies an executed slash (its `["slasher"]` PDA only).
    pub fn apply_slash(ctx: Context<ApplySlash>, args: ApplySlashArgs) -> Result<()> {
        ApplySlash::handle(ctx, args)
    }

    /// The fee admin sets the vault's fee on rewards (an increase after a full epoch of
    /// notice) and the insurance fund's cut of it.
    pub fn set_reward_fees(
        ctx: Context<SetRewardFees>,
        reward_fee_bps: u16,
        insurance_cut_bps: u16,
    ) -> Result<()> {
        SetRewardFees::handle(ctx, reward_fee_bps, insurance_cut_bps)
    }

    /// An AVS pays a reward for the vault's stake with an operator.
    pub fn distribute_rewards<'info>(
        ctx: Context<'info, DistributeRewards<'info>>,
        args: DistributeRewardsArgs,
    ) -> Result<()> {
        DistributeRewards::handle(ctx, args)
    }

    /// The registry cancels an executed slash in its resolution delay (its PDA only):
    /// every position that bore it gets its part back.
    pub fn cancel_escrow<'info>(
        ctx: Context<'info, CancelEscrow<'info>>,
        request: Pubkey,
    ) -> Result<()> {
        CancelEscrow::handle(ctx, request)
    }

    /// Anyone settles one asset of a slash escrow after the resolution delay.
    pub fn sweep_escrow(ctx: Context<SweepEscrow>, asset_index: u8) -> Result<()> {
        SweepEscrow::handle(ctx, asset_index)
    }
}
