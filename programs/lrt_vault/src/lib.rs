//! `lrt_vault`: liquid staking tokens in, one liquid restaking token (LRT) out.
//!
//! Depositors put supported LSTs into a vault and receive shares of a Token-2022 LRT at
//! the vault's share price; withdrawals burn shares and pay the in-kind basket after one
//! full restaking epoch. See DESIGN.md sections 3 and 4, and the README.
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

pub mod asset_checks;
pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
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

    /// The admin names the pauser.
    pub fn set_pauser(ctx: Context<SetPauser>, new_pauser: Pubkey) -> Result<()> {
        SetPauser::handle(ctx, new_pauser)
    }

    /// Pauser or admin stops deposits, withdrawal requests and claims protocol-wide.
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

    /// Curator or pauser pauses or resumes a vault's deposits and withdrawal requests.
    pub fn set_vault_pause(
        ctx: Context<SetVaultPause>,
        deposits_paused: bool,
        withdrawals_paused: bool,
    ) -> Result<()> {
        SetVaultPause::handle(ctx, deposits_paused, withdrawals_paused)
    }

    /// The fee admin sets fees: decreases now, increases from the next epoch.
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
}
