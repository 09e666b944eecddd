//! `slasher_registry`: who may slash whom, when and how much (DESIGN.md section 5,
//! docs/slashing.md). Operators and AVSs register here, opt in to each other, and AVSs
//! request slashes that execute into the vaults through `lrt_vault::apply_slash` after a
//! veto window.
//!
//! Each entrypoint below only delegates to its instruction file.
#![allow(unexpected_cfgs)]

use anchor_lang::prelude::*;

pub mod constants;
pub mod errors;
pub mod events;
pub mod instructions;
pub mod pda_accounts;
pub mod state;
pub mod vault_view;

use instructions::*;

declare_id!("EQMZzKfFqSSKkyhmmbnoL48c7jjBJVXzApYGpuoKjaUH");

#[program]
pub mod slasher_registry {
    use super::*;

    /// Create the registry config (once; by the upgrade authority when deployed).
    pub fn initialize_registry(
        ctx: Context<InitializeRegistry>,
        args: InitializeRegistryArgs,
    ) -> Result<()> {
        InitializeRegistry::handle(ctx, args)
    }

    /// Propose a new registry admin; takes effect when they call `accept_admin`.
    pub fn transfer_admin(ctx: Context<TransferAdmin>, new_admin: Pubkey) -> Result<()> {
        TransferAdmin::handle(ctx, new_admin)
    }

    /// The proposed admin accepts and becomes the registry admin.
    pub fn accept_admin(ctx: Context<AcceptAdmin>) -> Result<()> {
        AcceptAdmin::handle(ctx)
    }

    /// The admin cancels an executed slash during its resolution delay.
    pub fn cancel_slash(ctx: Context<CancelSlash>) -> Result<()> {
        CancelSlash::handle(ctx)
    }

    /// The admin announces new slashing parameters (veto window, resolution delay, the
    /// registry-wide cap, the commission cap; `None` keeps the one announced last); they
    /// apply from two restaking epochs on.
    pub fn announce_registry_params(
        ctx: Context<AnnounceRegistryParams>,
        args: AnnounceRegistryParamsArgs,
    ) -> Result<()> {
        AnnounceRegistryParams::handle(ctx, args)
    }

    /// The admin names the veto authority (at once: it can only stop slashes).
    pub fn set_veto_authority(
        ctx: Context<SetVetoAuthority>,
        new_veto_authority: Pubkey,
    ) -> Result<()> {
        SetVetoAuthority::handle(ctx, new_veto_authority)
    }

    /// Register an operator managed by the signing authority.
    pub fn register_operator(ctx: Context<RegisterOperator>, args: OperatorArgs) -> Result<()> {
        RegisterOperator::handle(ctx, args)
    }

    /// The operator's authority changes its signing key or metadata, or announces a new
    /// commission (it applies from two restaking epochs on); a rotated-out key still
    /// counts for AVSs' reports through the next restaking epoch.
    pub fn update_operator(ctx: Context<UpdateOperator>, args: UpdateOperatorArgs) -> Result<()> {
        UpdateOperator::handle(ctx, args)
    }

    /// The registry admin registers an AVS (local or remote).
    pub fn register_avs(ctx: Context<RegisterAvs>, args: RegisterAvsArgs) -> Result<()> {
        RegisterAvs::handle(ctx, args)
    }

    /// The AVS admin or registry admin announces a new slash authority, maximum slash or
    /// destination; they apply from two restaking epochs on, to requests made from then.
    pub fn announce_avs_change(
        ctx: Context<AnnounceAvsChange>,
        args: AnnounceAvsChangeArgs,
    ) -> Result<()> {
        AnnounceAvsChange::handle(ctx, args)
    }

    /// The AVS admin or registry admin deactivates an AVS; only the registry admin
    /// reactivates it.
    pub fn set_avs_active(ctx: Context<SetAvsActive>, active: bool) -> Result<()> {
        SetAvsActive::handle(ctx, active)
    }

    /// The operator opts in to an AVS; slashable from the next restaking epoch.
    pub fn opt_in_avs(ctx: Context<OptInAvs>) -> Result<()> {
        OptInAvs::handle(ctx)
    }

    /// The operator opts out of an AVS; slashable until the end of the next epoch.
    pub fn opt_out_avs(ctx: Context<OptOutAvs>) -> Result<()> {
        OptOutAvs::handle(ctx)
    }

    /// The vault's curator opts the vault in to an AVS with a per-epoch cap (bps).
    pub fn vault_opt_in_avs(ctx: Context<VaultOptInAvs>, cap_bps: u16) -> Result<()> {
        VaultOptInAvs::handle(ctx, cap_bps)
    }

    /// The vault's curator opts the vault out of an AVS.
    pub fn vault_opt_out_avs(ctx: Context<VaultOptOutAvs>) -> Result<()> {
        VaultOptOutAvs::handle(ctx)
    }

    /// A local AVS's slash authority requests a slash of an operator.
    pub fn request_slash(ctx: Context<RequestSlash>, args: RequestSlashArgs) -> Result<()> {
        RequestSlash::handle(ctx, args)
    }

    /// The veto authority vetoes a slash request before its deadline.
    pub fn veto_slash(ctx: Context<VetoSlash>) -> Result<()> {
        VetoSlash::handle(ctx)
    }

    /// Anyone executes a request against one vault after its veto deadline: caps,
    /// a once-per-vault record, then `lrt_vault::apply_slash` signed by `["slasher"]`.
    pub fn execute_slash(ctx: Context<ExecuteSlash>) -> Result<()> {
        ExecuteSlash::handle(ctx)
    }

    /// The registry admin installs the first guardian set and the cross-chain settings.
    pub fn set_guardian_set(ctx: Context<SetGuardianSet>, args: SetGuardianSetArgs) -> Result<()> {
        SetGuardianSet::handle(ctx, args)
    }

    /// The registry admin replaces the current guardian set; the old one stays valid for
    /// the configured expiration period.
    pub fn rotate_guardian_set(ctx: Context<RotateGuardianSet>, keys: Vec<[u8; 20]>) -> Result<()> {
        RotateGuardianSet::handle(ctx, keys)
    }

    /// A relayer writes a chunk of a VAA to its buffer (the first chunk creates it).
    pub fn post_vaa_chunk(ctx: Context<PostVaaChunk>, args: PostVaaChunkArgs) -> Result<()> {
        PostVaaChunk::handle(ctx, args)
    }

    /// The buffer's payer closes it without consuming it and gets its rent back.
    pub fn close_vaa_buffer(ctx: Context<CloseVaaBuffer>) -> Result<()> {
        CloseVaaBuffer::handle(ctx)
    }

    /// The buffer's payer verifies its VAA against the guardian set it names.
    pub fn verify_vaa(ctx: Context<VerifyVaa>) -> Result<()> {
        VerifyVaa::handle(ctx)
    }

    /// A verified SlashRequest message of a remote AVS becomes a slash request (same veto
    /// and execution path as a local one); records the message once and closes the buffer.
    pub fn submit_remote_slash(ctx: Context<SubmitRemoteSlash>) -> Result<()> {
        SubmitRemoteSlash::handle(ctx)
    }

    /// Anyone publishes the stake a vault allocates to an operator now as a sequenced
    /// outbound message (`["attestation", sequence]`) for relayers to carry; pays its rent.
    pub fn publish_stake_attestation(ctx: Context<PublishStakeAttestation>) -> Result<()> {
        PublishStakeAttestation::handle(ctx)
    }

    /// The payer of an attestation closes it (from two restaking epochs after the one it
    /// attests) and gets its rent back.
    pub fn close_attestation(ctx: Context<CloseAttestation>) -> Result<()> {
        CloseAttestation::handle(ctx)
    }

    /// A verified RewardNotice of a remote AVS pays the reward from the AVS's reward inbox
    /// through `lrt_vault::distribute_rewards`; records the message once and closes the
    /// buffer.
    pub fn submit_remote_reward(ctx: Context<SubmitRemoteReward>) -> Result<()> {
        SubmitRemoteReward::handle(ctx)
    }

    /// Anyone closes the replay record of a consumed message once it is stale for good
    /// (the clock past its timestamp + 2 * max_message_age); the rent goes to its payer.
    pub fn close_replay_record(ctx: Context<CloseReplayRecord>) -> Result<()> {
        CloseReplayRecord::handle(ctx)
    }
}
