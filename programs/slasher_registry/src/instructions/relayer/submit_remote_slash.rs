//! A verified guardian message from a remote AVS becomes a slash request, on the same
//! veto and execution path as a local one; the buffer is closed to its payer.
//!
//! Must hold:
//! - the buffer was verified (`verify_vaa`) and is the payer's; it is closed here, its
//!   rent back to the payer (what stays is the replay record, reclaimable later);
//! - origin, age and replay as every inbound message (`inbound::InboundMessage`): the
//!   AVS's kind in force now is `Remote { chain, emitter }` of the body's emitter chain
//!   and address (`WrongEmitterChain`, `WrongEmitter`), the emitter's claim
//!   `["remote_emitter", chain_be, emitter]` is given and names this AVS
//!   (`WrongEmitterClaim`, `EmitterClaimedByAnotherAvs`), the AVS is active, the body's
//!   timestamp is within `max_message_age` of the clock (`StaleMessage`), and
//!   `(chain, emitter, sequence)` was never consumed: its replay record
//!   `["vaa_replay", chain_be, emitter, sequence_le]` does not exist, and is created
//!   (a `ReplayRecord`, closable by `close_replay_record` once stale for good)
//!   (`MessageAlreadyProcessed`);
//! - the payload is a `SlashRequest` (`InvalidSlashPayload`) with `0 < wad <= 1e18`; it
//!   names the operator of `operator_avs`, slashable now (as `request_slash`); a vault
//!   target names a vault opted in to the AVS (its `VaultAvs`, else `UnknownVault`), and
//!   is recorded in the request's `RequestTarget`, so `execute_slash` reaches that vault
//!   only;
//! - the request is made by `create_slash_request`, the function `request_slash` uses.
use anchor_lang::prelude::*;
use lrt_vault::{constants::CONFIG_SEED, state::Config as VaultConfig};

use crate::{
    constants::*,
    errors::RegistryError,
    events::RemoteSlashReceived,
    instructions::{
        avs::request_slash::{create_slash_request, slash_requested, NewSlashRequest},
        relayer::inbound::InboundMessage,
    },
    pda_accounts::{create_pda_account, store},
    state::{Avs, OperatorAvs, RegistryConfig, RequestTarget, VaaBuffer, VaultAvs, XchainConfig},
};

#[event_cpi]
#[derive(Accounts)]
pub struct SubmitRemoteSlash<'info> {
    /// Paid the buffer (gets its rent back), pays the replay record and the request.
    #[account(mut)]
    pub payer: Signer<'info>,
    #[account(mut, seeds = [VAA_BUFFER_SEED, payer.key().as_ref(), &vaa_buffer.nonce.to_le_bytes()],
              bump = vaa_buffer.bump, has_one = payer @ RegistryError::NotBufferPayer,
              close = payer)]
    pub vaa_buffer: Box<Account<'info, VaaBuffer>>,
    #[account(seeds = [REGISTRY_CONFIG_SEED], bump = registry_config.bump)]
    pub registry_config: Box<Account<'info, RegistryConfig>>,
    #[account(seeds = [XCHAIN_CONFIG_SEED], bump = xchain_config.bump)]
    pub xchain_config: Box<Account<'info, XchainConfig>>,
    /// The vault program's Config: the restaking epoch.
    #[account(seeds = [CONFIG_SEED], bump = vault_config.bump, seeds::program = lrt_vault::ID)]
    pub vault_config: Box<Account<'info, VaultConfig>>,
    #[account(mut, seeds = [AVS_SEED, avs.id.as_ref()], bump = avs.bump)]
    pub avs: Box<Account<'info, Avs>>,
    /// CHECK: the claim of the message's emitter, read and checked with the origin
    /// (`inbound::InboundMessage::check`): must be that emitter's and name this AVS.
    pub remote_emitter: UncheckedAccount<'info>,
    #[account(seeds = [OPERATOR_AVS_SEED, operator_avs.operator.as_ref(), avs.key().as_ref()],
              bump = operator_avs.bump)]
    pub operator_avs: Box<Account<'info, OperatorAvs>>,
    /// The target vault's opt-in to the AVS, when the message names one vault.
    pub target_vault_avs: Option<Box<Account<'info, VaultAvs>>>,
    /// CHECK: the message's replay record (address checked against the body), created here.
    #[account(mut)]
    pub replay_record: UncheckedAccount<'info>,
    /// CHECK: the new request (address fixed by the seeds), created in the handler.
    #[account(mut, seeds = [SLASH_REQUEST_SEED, avs.key().as_ref(),
                            &avs.request_count.to_le_bytes()], bump)]
    pub slash_request: UncheckedAccount<'info>,
    /// CHECK: the request's target vault record (address fixed by the seeds), created
    /// in the handler when the message names one vault.
    #[account(mut, seeds = [REQUEST_TARGET_SEED, slash_request.key().as_ref()], bump)]
    pub request_target: UncheckedAccount<'info>,
    pub system_program: Program<'info, System>,
}

/// A verified message with its payload read as a `SlashRequest`.
struct Message {
    inbound: InboundMessage,
    request: ::xchain::SlashRequest,
}

impl SubmitRemoteSlash<'_> {
    /// The verified buffer's body, with its payload read as a `SlashRequest`.
    fn message(&self) -> Result<Message> {
        let inbound = InboundMessage::read(&self.vaa_buffer)?;
        let request = ::xchain::SlashRequest::decode(&inbound.payload)
            .map_err(|_| error!(RegistryError::InvalidSlashPayload))?;
        Ok(Message { inbound, request })
    }

    fn validate(&self) -> Result<()> {
        let m = self.message()?;
        let clock = Clock::get()?;
        let cur = self.vault_config.epoch_at(clock.slot);
        m.inbound.check(
            &self.avs,
            &self.remote_emitter,
            &self.xchain_config,
            cur,
            clock.unix_timestamp,
            &self.replay_record,
        )?;
        require!(
            m.request.fraction_wad > 0 && m.request.fraction_wad <= WAD,
            RegistryError::InvalidSlashWad
        );
        require!(
            m.request.operator == self.operator_avs.operator.to_bytes(),
            RegistryError::WrongOperator
        );
        self.operator_avs.check_slashable_at(cur)?;
        if let ::xchain::SlashTarget::Vault(vault) = m.request.target {
            let known = self
                .target_vault_avs
                .as_ref()
                .is_some_and(|v| v.vault.to_bytes() == vault && v.avs == self.avs.key());
            require!(known, RegistryError::UnknownVault);
        }
        Ok(())
    }

    #[access_control(ctx.accounts.validate())]
    pub fn handle(mut ctx: Context<Self>) -> Result<()> {
        let m = ctx.accounts.message()?;
        let accounts = &mut ctx.accounts;
        let payer = accounts.payer.to_account_info();
        let system_program = accounts.system_program.to_account_info();
        m.inbound.record_consumed(
            &payer,
            &accounts.replay_record.to_account_info(),
            &system_program,
        )?;
        let (key, request) = create_slash_request(
            NewSlashRequest {
                payer: &payer,
                slash_request: &accounts.slash_request.to_account_info(),
                slash_request_bump: ctx.bumps.slash_request,
                system_program: &system_program,
                registry_config: &accounts.registry_config,
                vault_config: &accounts.vault_config,
            },
            &mut accounts.avs,
            accounts.operator_avs.operator,
            m.request.fraction_wad,
            m.request.evidence_hash,
        )?;
        if let ::xchain::SlashTarget::Vault(vault) = m.request.target {
            let target_info = accounts.request_target.to_account_info();
            create_pda_account(
                &payer,
                &target_info,
                &system_program,
                8 + RequestTarget::INIT_SPACE,
                &[
                    REQUEST_TARGET_SEED,
                    key.as_ref(),
                    &[ctx.bumps.request_target],
                ],
            )?;
            store(
                &target_info,
                &RequestTarget {
                    request: key,
                    vault: Pubkey::new_from_array(vault),
                    bump: ctx.bumps.request_target,
                },
            )?;
        }
        emit_cpi!(slash_requested(key, &request));
        emit_cpi!(RemoteSlashReceived {
            request: key,
            avs: request.avs,
            emitter_chain: m.inbound.emitter_chain,
            emitter: m.inbound.emitter,
            sequence: m.inbound.sequence,
            digest: m.inbound.digest,
            timestamp: m.inbound.timestamp,
        });
        Ok(())
    }
}
