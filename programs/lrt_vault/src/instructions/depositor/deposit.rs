//! Deposit one supported asset and receive LRT shares at the current price.
//!
//! Must hold:
//! - the protocol and the vault's deposits are not paused (`Vault::check_deposits_unpaused`);
//!   no slash of the vault can still be cancelled (a deposit at the slashed price would
//!   gain from the cancel) and no slash wiped the vault out (`Vault::check_deposits_open`);
//! - every asset's price was refreshed in this Solana epoch (the vault's value needs all);
//! - `amount > 0`; the asset's cap is not exceeded (`AssetSlot::check_deposit_room`);
//! - the deposit fee in force is at most `max_fee_bps` (the fee the user saw);
//! - shares = floor(value * S / V) > 0 with value at the cached price and V the deposit
//!   value of the vault (`Vault::deposit_value_wad`: the pool, with the Marinade margin);
//!   the recipient gets shares - fee >= `min_shares_out`; the fee (ceil) stays in the
//!   vault's treasury ledger (nothing is sent to an account a third party controls);
//! - the books change by exactly what was transferred (no balance reads).
use anchor_lang::prelude::*;

use crate::lrt_shares::mint_shares;
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{self, Mint, TokenAccount, TokenInterface, TransferChecked},
};

use crate::{
    constants::*,
    errors::{math, VaultError},
    events::Deposited,
    state::{check_fee_accepted, Config, Vault},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Copy, Debug)]
pub struct DepositArgs {
    pub asset_index: u8,
    pub amount: u64,
    /// Fewest shares the recipient accepts (slippage guard), after the fee.
    pub min_shares_out: u64,
    /// Highest deposit fee the depositor accepts, in bps (the fee guard).
    pub max_fee_bps: u16,
}

#[event_cpi]
#[derive(Accounts)]
pub struct Deposit<'info> {
    pub depositor: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(mut, seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump = vault.bump,
              has_one = lrt_mint @ VaultError::WrongLrtMint)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(mut, mint::token_program = lrt_token_program)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mint::token_program = asset_token_program)]
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(mut)]
    pub reserve: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = asset_mint, token::authority = depositor,
              token::token_program = asset_token_program)]
    pub depositor_asset_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// Receives the shares; any LRT account (deposit on behalf of someone else).
    #[account(mut, token::mint = lrt_mint, token::token_program = lrt_token_program)]
    pub recipient_lrt_account: Box<InterfaceAccount<'info, TokenAccount>>,
    pub asset_token_program: Interface<'info, TokenInterface>,
    pub lrt_token_program: Program<'info, Token2022>,
}

impl Deposit<'_> {
    fn validate(&self, args: &DepositArgs) -> Result<()> {
        self.vault.check_deposits_unpaused(&self.config)?;
        let slot = Clock::get()?.slot;
        if self.vault.slash_window.is_open(slot) {
            msg!(
                "a slash of this vault can be cancelled until slot {}: deposits reopen then",
                self.vault.slash_window.until_slot
            );
        }
        self.vault.check_deposits_open(slot)?;
        require_gt!(args.amount, 0, VaultError::ZeroAmount);
        let slot = self.vault.asset(args.asset_index)?;
        require_keys_eq!(self.asset_mint.key(), slot.mint, VaultError::WrongAssetMint);
        require_keys_eq!(self.reserve.key(), slot.reserve, VaultError::WrongReserve);
        require_keys_eq!(
            self.asset_token_program.key(),
            slot.token_program,
            VaultError::WrongTokenProgram
        );
        slot.check_deposit_room(args.amount)?;
        self.vault.require_fresh_prices(Clock::get()?.epoch)?;
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: DepositArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let config = &accounts.config;
        let epoch = config.current_epoch()?;
        let deposit_fee_bps = accounts.vault.fees.at(epoch).deposit_bps;
        check_fee_accepted(deposit_fee_bps, args.max_fee_bps)?;
        accounts
            .vault
            .accrue_vesting(Clock::get()?.slot, config.epoch_length)?;

        // 1. quote
        let price_wad = accounts.vault.asset(args.asset_index)?.price_wad;
        let value_wad = math(restaking_math::asset_value_wad(args.amount, price_wad))?;
        let total_value_wad = accounts.vault.deposit_value_wad()?;
        let shares = math(restaking_math::shares_for_deposit_floor(
            value_wad,
            accounts.vault.share_supply,
            total_value_wad,
        ))?;
        require_gt!(shares, 0, VaultError::ZeroShares);
        let split = math(restaking_math::split_fee(shares, deposit_fee_bps))?;
        require_gt!(split.net, 0, VaultError::ZeroShares);
        require_gte!(split.net, args.min_shares_out, VaultError::SlippageExceeded);

        // 2. tokens in, shares out
        token_interface::transfer_checked(
            CpiContext::new(
                accounts.asset_token_program.key(),
                TransferChecked {
                    from: accounts.depositor_asset_account.to_account_info(),
                    mint: accounts.asset_mint.to_account_info(),
                    to: accounts.reserve.to_account_info(),
                    authority: accounts.depositor.to_account_info(),
                },
            ),
            args.amount,
            accounts.asset_mint.decimals,
        )?;
        mint_shares(
            accounts.lrt_token_program.key(),
            accounts.lrt_mint.to_account_info(),
            accounts.vault.to_account_info(),
            accounts.vault.bump,
            accounts.recipient_lrt_account.to_account_info(),
            split.net,
        )?;

        // 3. books
        let vault = &mut accounts.vault;
        let slot = vault.asset_mut(args.asset_index)?;
        slot.active_amount = slot
            .active_amount
            .checked_add(args.amount)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        let mint = slot.mint;
        vault.share_supply = vault
            .share_supply
            .checked_add(shares)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;
        vault.treasury_shares = vault
            .treasury_shares
            .checked_add(split.fee)
            .ok_or_else(|| error!(VaultError::MathOverflow))?;

        let event = Deposited {
            vault: vault.key(),
            depositor: accounts.depositor.key(),
            recipient_lrt_account: accounts.recipient_lrt_account.key(),
            asset_index: args.asset_index,
            mint,
            amount: args.amount,
            price_wad,
            value_wad,
            shares_out: split.net,
            fee_shares: split.fee,
            fee_bps: deposit_fee_bps,
            snapshot: vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
