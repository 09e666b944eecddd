//! A verified `RewardNotice` of a remote AVS pays the reward its token transfer brought
//! to the AVS's reward inbox, through the vault's own reward path; the buffer is closed
//! to its payer.
//!
//! The tokens travel apart from the notice, by a token bridge transfer whose recipient is
//! the AVS's **reward inbox**: the associated token account, for the reward's mint, of
//! the registry PDA `["reward_inbox", avs]` (an authority with no account of its own; only
//! this instruction signs for it). A relayer redeems the transfer there first, then
//! submits the notice.
//!
//! Must hold:
//! - the buffer was verified and is the payer's; it is closed here, its rent back to the
//!   payer (what stays is the replay record, reclaimable later);
//! - origin, age and replay as every inbound message (`inbound::InboundMessage`, the
//!   rules `submit_remote_slash` applies): the AVS's kind in force is `Remote` of the
//!   body's emitter chain and address (`WrongEmitterChain`, `WrongEmitter`,
//!   `AvsNotRemote`), the emitter's claim is given and names this AVS
//!   (`WrongEmitterClaim`, `EmitterClaimedByAnotherAvs`: a notice never spends another
//!   AVS's inbox), the AVS is active, the message is fresh (`StaleMessage`), and
//!   `(chain, emitter, sequence)` was never consumed: its replay record, in the same
//!   namespace as slash requests, is created (`MessageAlreadyProcessed`);
//! - the payload is a `RewardNotice` (`InvalidRewardPayload`) of a positive amount
//!   (`ZeroRewardAmount`) naming the vault (`WrongRewardVault`) and operator
//!   (`WrongOperator`) given; the operator's opt-in to the AVS is active in the current
//!   restaking epoch (`OperatorNotOptedIn`); the mint given is the notice's
//!   (`WrongRewardMint`) and an asset of the vault (`RewardMintNotVaultAsset`);
//! - the inbox is this AVS's (the associated-token constraint: another AVS's inbox is
//!   refused) and holds at least the amount (`RewardNotBridged`: the transfer is not
//!   redeemed yet; nothing changes and the relayer may retry);
//! - the reward is paid by `lrt_vault::distribute_rewards` (vault, operator, amount),
//!   the inbox authority signing as its payer and the inbox as its token account, so it
//!   takes exactly the local reward path (the vault's own checks: delegation, fresh
//!   prices, commission to the operator's authority, fee shares, vesting).
use anchor_lang::prelude::*;
use anchor_spl::token_interface::{Mint, TokenAccount, TokenInterface};
use lrt_vault::{
    constants::{CONFIG_SEED, VAULT_SEED},
    cpi::accounts::DistributeRewards,
    instructions::DistributeRewardsArgs,
    program::LrtVault,
    state::{Config as VaultConfig, Vault},
};

use crate::{
    constants::*,
    errors::RegistryError,
    events::RemoteRewardReceived,
    instructions::relayer::inbound::InboundMessage,
    state::{Avs, Operator, OperatorAvs, VaaBuffer, XchainConfig},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SubmitRemoteReward<'info> {
    /// Paid the buffer (gets its rent back), pays the replay record.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [VAA_BUFFER_SEED, payer.key().as_ref(), &vaa_buffer.nonce.to_le_bytes()],
              bump = vaa_buffer.bump, has_one = payer @ RegistryError::NotBufferPayer,
              close = payer)]
    pub vaa_buffer: Box<Account<'info, VaaBuffer>>,
    #[account(seeds = [XCHAIN_CONFIG_SEED], bump = xchain_config.bump)]
    pub xchain_config: Box<Account<'info, XchainConfig>>,
    /// The vault program's Config: the restaking epoch (and `distribute_rewards`'s).
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: the claim of the message's emitter, read and checked with the origin
    /// (`inbound::InboundMessage::check`): must be that emitter's and name this AVS.
    pub remote_emitter: UncheckedAccount<'info>,
    #[account(seeds = [OPERATOR_SEED, operator.authority.as_ref()], bump = operator.bump)]
    pub operator: Box<Account<'info, Operator>>,
    #[account(seeds = [OPERATOR_AVS_SEED, operator.key().as_ref(), avs.key().as_ref()],
              bump = operator_avs.bump)]
    pub operator_avs: Box<Account<'info, OperatorAvs>>,
    /// CHECK: the message's replay record (address checked against the body), created here.
    #[account(mut)]
    pub replay_record: UncheckedAccount<'info>,
    /// CHECK: the AVS's inbox authority (address fixed by the seeds; no account): signs
    /// `distribute_rewards` as its payer.
    #[account(seeds = [REWARD_INBOX_SEED, avs.key().as_ref()], bump)]
    pub reward_inbox: UncheckedAccount<'info>,
    /// The AVS's inbox for the mint: the token bridge transfer's recipient.
    #[account(mut, associated_token::mint = asset_mint,
              associated_token::authority = reward_inbox,
              associated_token::token_program = asset_token_program)]
    pub inbox_token_account: Box<InterfaceAccount<'info, TokenAccount>>,
    /// The vault to reward (written by `distribute_rewards`).
    #[account(mut, seeds = [VAULT_SEED, vault.lrt_mint.as_ref()], bump = vault.bump,
              seeds::program = lrt_vault::ID)]
    pub vault: Box<Account<'info, Vault>>,
    /// CHECK: the vault's delegation to the operator; checked by `distribute_rewards`.
    pub delegation: UncheckedAccount<'info>,
    /// CHECK: the vault's reserve of the asset; checked by `distribute_rewards`.
    #[account(mut)]
    pub reserve: UncheckedAccount<'info>,
    pub asset_mint: Box<InterfaceAccount<'info, Mint>>,
    /// CHECK: the operator authority's token account of the asset (the commission);
    /// checked by `distribute_rewards`.
    #[account(mut)]
    pub operator_token_account: UncheckedAccount<'info>,
    /// CHECK: the vault's LRT mint; checked by `distribute_rewards`.
    #[account(mut)]
    pub lrt_mint: UncheckedAccount<'info>,
    pub asset_token_program: Interface<'info, TokenInterface>,
    /// CHECK: Token-2022; checked by `distribute_rewards`.
    pub lrt_token_program: UncheckedAccount<'info>,
    /// CHECK: the vault program's event authority (its `emit_cpi!`); checked by the vault.
    pub vault_event_authority: UncheckedAccount<'info>,
    pub vault_program: Program<'info, LrtVault>,
    pub system_program: Program<'info, System>,
}

/// A verified message with its payload read as a `RewardNotice`.
struct Notice {
    inbound: InboundMessage,
    reward: ::xchain::RewardNotice,
}

impl SubmitRemoteReward<'_> {
    /// The verified buffer's body, with its payload read as a `RewardNotice`.
    fn notice(&self) -> Result<Notice> {
        let inbound = InboundMessage::read(&self.vaa_buffer)?;
        let reward = ::xchain::RewardNotice::decode(&inbound.payload)
            .map_err(|_| error!(RegistryError::InvalidRewardPayload))?;
        Ok(Notice { inbound, reward })
    }

    /// The vault's index of the reward's mint (`RewardMintNotVaultAsset`).
    fn asset_index(&self) -> Result<u8> {
        let mint = self.asset_mint.key();
        let index = self
            .vault
            .assets()
            .iter()
            .position(|a| a.mint == mint)
            .ok_or_else(|| error!(RegistryError::RewardMintNotVaultAsset))?;
        u8::try_from(index).map_err(|_| error!(RegistryError::RewardMintNotVaultAsset))
    }

    fn validate(&self) -> Result<()> {
        let Notice { inbound, reward } = self.notice()?;
        let clock = Clock::get()?;
        let cur = self.vault_config.epoch_at(clock.slot);
        inbound.check(
            &self.avs,
            &self.remote_emitter,
            &self.xchain_config,
            cur,
            clock.unix_timestamp,
            &self.replay_record,
        )?;
        require_gt!(reward.amount, 0, RegistryError::ZeroRewardAmount);
        require!(
            reward.vault == self.vault.key().to_bytes(),
            RegistryError::WrongRewardVault
        );
        require!(
            reward.operator == self.operator.key().to_bytes(),
            RegistryError::WrongOperator
        );
        require!(
            self.operator_avs.window.is_active_at(cur),
            RegistryError::OperatorNotOptedIn
        );
        require!(
            reward.mint == self.asset_mint.key().to_bytes(),
            RegistryError::WrongRewardMint
        );
        self.asset_index()?;
        require_gte!(
            self.inbox_token_account.amount,
            reward.amount,
            RegistryError::RewardNotBridged
        );
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let Notice { inbound, reward } = ctx.accounts.notice()?;
        let asset_index = ctx.accounts.asset_index()?;
        let accounts = &mut ctx.accounts;
        inbound.record_consumed(
            &accounts.payer.to_account_info(),
            &accounts.replay_record.to_account_info(),
            &accounts.system_program.to_account_info(),
        )?;

        // the vault's own reward path, the inbox authority paying
        let avs_key = accounts.avs.key();
        let inbox_seeds: &[&[&[u8]]] = &[&[
            REWARD_INBOX_SEED,
            avs_key.as_ref(),
            &[ctx.bumps.reward_inbox],
        ]];
        lrt_vault::cpi::distribute_rewards(
            CpiContext::new_with_signer(
                accounts.vault_program.key(),
                DistributeRewards {
                    payer: accounts.reward_inbox.to_account_info(),
                    config: accounts.vault_config.to_account_info(),
                    vault: accounts.vault.to_account_info(),
                    delegation: accounts.delegation.to_account_info(),
                    operator: accounts.operator.to_account_info(),
                    reserve: accounts.reserve.to_account_info(),
                    asset_mint: accounts.asset_mint.to_account_info(),
                    payer_token_account: accounts.inbox_token_account.to_account_info(),
                    operator_token_account: accounts.operator_token_account.to_account_info(),
                    lrt_mint: accounts.lrt_mint.to_account_info(),
                    asset_token_program: accounts.asset_token_program.to_account_info(),
                    lrt_token_program: accounts.lrt_token_program.to_account_info(),
                    event_authority: accounts.vault_event_authority.to_account_info(),
                    program: accounts.vault_program.to_account_info(),
                },
                inbox_seeds,
            ),
            DistributeRewardsArgs {
                asset_index,
                amount: reward.amount,
            },
        )?;

        let event = RemoteRewardReceived {
            avs: avs_key,
            vault: accounts.vault.key(),
            operator: accounts.operator.key(),
            mint: accounts.asset_mint.key(),
            amount: reward.amount,
            inbox: accounts.inbox_token_account.key(),
            emitter_chain: inbound.emitter_chain,
            emitter: inbound.emitter,
            sequence: inbound.sequence,
            digest: inbound.digest,
            timestamp: inbound.timestamp,
            transfer_chain: reward.transfer.emitter_chain,
            transfer_emitter: reward.transfer.emitter_address,
            transfer_sequence: reward.transfer.sequence,
        };
        emit_cpi!(event);
        Ok(())
    }
}
