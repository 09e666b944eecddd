//! Create a vault: its Token-2022 LRT mint with metadata, its first asset, and a seed
//! deposit whose shares are locked forever (dead shares).
//!
//! Must hold:
//! - the protocol is not paused; name, symbol and uri fit the limits;
//! - the LRT mint is new, has 9 decimals, the vault PDA as mint authority and a metadata
//!   pointer to itself; its metadata update authority is the vault;
//! - the seed deposit is worth at least `MIN_SEED_SHARES` lamports; its shares go to the
//!   dead-shares account, which no instruction ever spends from, so the share supply
//!   can never return to zero;
//! - the creator holds the curator and fee-admin roles until the keys it names accept them
//!   (nobody is given a role without signing for it);
//! - fees accrue in the vault's own treasury ledger, so no treasury account is needed.
use anchor_lang::{
    prelude::*,
    system_program::{transfer, Transfer},
};
use anchor_spl::{
    token_2022::Token2022,
    token_interface::{
        self, spl_token_metadata_interface::state::TokenMetadata, token_metadata_initialize, Mint,
        TokenAccount, TokenInterface, TokenMetadataInitialize, TransferChecked,
    },
};

use crate::lrt_shares::mint_shares;
use crate::{
    asset_checks::new_asset_slot,
    constants::*,
    errors::{math, VaultError},
    events::VaultCreated,
    instructions::curator::AddAssetArgs,
    state::{AllocationHistory, Config, FeeSchedule, SlashWindow, Vault},
};

#[derive(AnchorSerialize, AnchorDeserialize, Clone, Debug)]
pub struct CreateVaultArgs {
    pub name: String,
    pub symbol: String,
    pub uri: String,
    /// Proposed curator and fee admin: the creator holds each role until the key named
    /// here accepts it (`accept_curator`, `accept_fee_admin`); naming the creator itself
    /// proposes nothing.
    pub curator: Pubkey,
    pub fee_admin: Pubkey,
    /// The first asset, which the seed deposit is made in.
    pub seed_asset: AddAssetArgs,
    pub seed_amount: u64,
}

#[event_cpi]
#[derive(Accounts)]
pub struct CreateVault<'info> {
    /// Pays rent and the seed deposit.
    #[account(mut)]
    pub creator: Signer<'info>,
    #[account(seeds = [CONFIG_SEED], bump = config.bump)]
    pub config: Box<Account<'info, Config>>,
    #[account(init, payer = creator, space = 8 + Vault::INIT_SPACE,
              seeds = [VAULT_SEED, lrt_mint.key().as_ref()], bump)]
    pub vault: Box<Account<'info, Vault>>,
    #[account(init, payer = creator, signer,
              mint::decimals = LRT_DECIMALS, mint::authority = vault,
              mint::token_program = lrt_token_program,
              extensions::metadata_pointer::authority = vault,
              extensions::metadata_pointer::metadata_address = lrt_mint)]
    pub lrt_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(init, payer = creator, seeds = [DEAD_SHARES_SEED, vault.key().as_ref()], bump,
              token::mint = lrt_mint, token::authority = vault,
              token::token_program = lrt_token_program)]
    pub dead_shares: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mint::token_program = seed_token_program)]
    pub seed_mint: Box<InterfaceAccount<'info, Mint>>,
    #[account(init, payer = creator,
              seeds = [RESERVE_SEED, vault.key().as_ref(), seed_mint.key().as_ref()], bump,
              token::mint = seed_mint, token::authority = vault,
              token::token_program = seed_token_program)]
    pub seed_reserve: Box<InterfaceAccount<'info, TokenAccount>>,
    #[account(mut, token::mint = seed_mint, token::authority = creator,
              token::token_program = seed_token_program)]
    pub creator_seed_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// CHECK: must be the account named by `args.seed_asset.pricing`; checked on read.
    pub pricing_account: Option<UncheckedAccount<'info>>,
    pub seed_token_program: Interface<'info, TokenInterface>,
    pub lrt_token_program: Program<'info, Token2022>,
    pub system_program: Program<'info, System>,
}

impl CreateVault<'_> {
    fn validate(&self, args: &CreateVaultArgs) -> Result<()> {
        self.config.check_unpaused()?;
        require!(
            args.name.len() <= MAX_NAME_LEN
                && args.symbol.len() <= MAX_SYMBOL_LEN
                && args.uri.len() <= MAX_URI_LEN,
            VaultError::MetadataTooLong
        );
        require_gt!(args.seed_amount, 0, VaultError::ZeroAmount);
        Ok(())
    }

    #[access_control(ctx.accounts.validate(&args))]
    pub fn handle(mut ctx: Context<Self>, args: CreateVaultArgs) -> Result<()> {
        let accounts = &mut ctx.accounts;
        let vault_key = accounts.vault.key();
        let lrt_mint_key = accounts.lrt_mint.key();
        let vault_bump = ctx.bumps.vault;

        // 1. the first asset, priced now
        let seed_slot = new_asset_slot(
            &accounts.seed_mint.to_account_info(),
            accounts.seed_mint.decimals,
            accounts.seed_reserve.key(),
            accounts.seed_token_program.key(),
            args.seed_asset.pricing,
            accounts.pricing_account.as_ref().map(|a| a.as_ref()),
            args.seed_asset.deposit_cap,
            Clock::get()?.epoch,
        )?;
        require_gte!(
            seed_slot.deposit_cap,
            args.seed_amount,
            VaultError::DepositCapExceeded
        );
        let seed_value_wad = math(restaking_math::asset_value_wad(
            args.seed_amount,
            seed_slot.price_wad,
        ))?;
        let dead_shares = math(restaking_math::initial_shares_floor(seed_value_wad))?;
        require_gte!(dead_shares, MIN_SEED_SHARES, VaultError::SeedTooSmall);

        // 2. the books
        let vault = &mut accounts.vault;
        let creator = accounts.creator.key();
        let proposed = |key: Pubkey| (key != creator).then_some(key);
        vault.set_inner(Vault {
            lrt_mint: lrt_mint_key,
            curator: creator,
            fee_admin: creator,
            pending_curator: proposed(args.curator),
            pending_fee_admin: proposed(args.fee_admin),
            dead_shares_account: accounts.dead_shares.key(),
            share_supply: dead_shares,
            bonded_shares: 0,
            insurance_shares: 0,
            treasury_shares: 0,
            allocations: AllocationHistory::default(),
            insurance_cut_bps: 0,
            fees: FeeSchedule::default(),
            deposits_paused: false,
            withdrawals_paused: false,
            slash_window: SlashWindow::default(),
            wiped_out: false,
            asset_count: 0,
            assets: Default::default(),
            bump: vault_bump,
            reserved: [0; 64],
        });
        vault.push_asset(seed_slot)?;
        vault.asset_mut(0)?.active_amount = args.seed_amount;

        // 3. metadata: Token-2022 grows the mint itself; top up its rent first
        let metadata = TokenMetadata {
            name: args.name.clone(),
            symbol: args.symbol.clone(),
            uri: args.uri.clone(),
            ..Default::default()
        };
        let metadata_len = metadata.tlv_size_of()?;
        let mint_info = accounts.lrt_mint.to_account_info();
        let new_len = mint_info.data_len() + metadata_len;
        let top_up = Rent::get()?
            .minimum_balance(new_len)
            .saturating_sub(mint_info.lamports());
        if top_up > 0 {
            transfer(
                CpiContext::new(
                    accounts.system_program.key(),
                    Transfer {
                        from: accounts.creator.to_account_info(),
                        to: mint_info.clone(),
                    },
                ),
                top_up,
            )?;
        }
        let signer_seeds: &[&[&[u8]]] = &[&[VAULT_SEED, lrt_mint_key.as_ref(), &[vault_bump]]];
        token_metadata_initialize(
            CpiContext::new_with_signer(
                accounts.lrt_token_program.key(),
                TokenMetadataInitialize {
                    program_id: accounts.lrt_token_program.to_account_info(),
                    metadata: mint_info.clone(),
                    update_authority: accounts.vault.to_account_info(),
                    mint_authority: accounts.vault.to_account_info(),
                    mint: mint_info.clone(),
                },
                signer_seeds,
            ),
            args.name.clone(),
            args.symbol.clone(),
            args.uri.clone(),
        )?;

        // 4. the seed deposit: assets in, dead shares out
        token_interface::transfer_checked(
            CpiContext::new(
                accounts.seed_token_program.key(),
                TransferChecked {
                    from: accounts.creator_seed_account.to_account_info(),
                    mint: accounts.seed_mint.to_account_info(),
                    to: accounts.seed_reserve.to_account_info(),
                    authority: accounts.creator.to_account_info(),
                },
            ),
            args.seed_amount,
            accounts.seed_mint.decimals,
        )?;
        mint_shares(
            accounts.lrt_token_program.key(),
            mint_info,
            accounts.vault.to_account_info(),
            vault_bump,
            accounts.dead_shares.to_account_info(),
            dead_shares,
        )?;

        let event = VaultCreated {
            vault: vault_key,
            lrt_mint: lrt_mint_key,
            curator: creator,
            fee_admin: creator,
            pending_curator: accounts.vault.pending_curator,
            pending_fee_admin: accounts.vault.pending_fee_admin,
            name: args.name,
            symbol: args.symbol,
            uri: args.uri,
            seed_asset_mint: accounts.seed_mint.key(),
            seed_amount: args.seed_amount,
            dead_shares,
            snapshot: accounts.vault.snapshot(),
        };
        emit_cpi!(event);
        Ok(())
    }
}
