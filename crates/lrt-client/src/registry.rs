//! The slasher registry's client: PDA derivations, instruction builders and account and
//! event decoding, from the seeds in `slasher_registry::constants`.
//!
//! Conventions: `avs` is always the registry's `Avs` account address (`pda::avs(id)`),
//! `operator` the registry's `Operator` account address (`pda::operator(authority)`), and
//! `vault` the `lrt_vault` `Vault` account, as the program's seeds use them.
use anchor_lang::{prelude::Pubkey, system_program, InstructionData, ToAccountMetas};
use lrt_vault::state::Vault;
use slasher_registry::{
    accounts as acc, instruction as ix,
    instructions::{
        AnnounceAvsChangeArgs, AnnounceRegistryParamsArgs, InitializeRegistryArgs, OperatorArgs,
        PostVaaChunkArgs, RegisterAvsArgs, RequestSlashArgs, SetGuardianSetArgs,
        UpdateOperatorArgs,
    },
    state::{SlashExecution, SlashRequest},
    ID,
};

pub use slasher_registry::{
    self, constants, errors::RegistryError, events, state, ID as REGISTRY_PROGRAM_ID,
};

use crate::Instruction;

/// Every address the registry derives.
pub mod pda {
    use anchor_lang::prelude::Pubkey;
    use slasher_registry::{constants::*, ID};

    fn find(seeds: &[&[u8]]) -> Pubkey {
        Pubkey::find_program_address(seeds, &ID).0
    }

    pub fn registry_config() -> Pubkey {
        find(&[REGISTRY_CONFIG_SEED])
    }

    pub fn operator(authority: &Pubkey) -> Pubkey {
        find(&[OPERATOR_SEED, authority.as_ref()])
    }

    pub fn avs(id: &Pubkey) -> Pubkey {
        find(&[AVS_SEED, id.as_ref()])
    }

    pub fn operator_avs(operator: &Pubkey, avs: &Pubkey) -> Pubkey {
        find(&[OPERATOR_AVS_SEED, operator.as_ref(), avs.as_ref()])
    }

    pub fn vault_avs(vault: &Pubkey, avs: &Pubkey) -> Pubkey {
        find(&[VAULT_AVS_SEED, vault.as_ref(), avs.as_ref()])
    }

    pub fn slash_request(avs: &Pubkey, index: u64) -> Pubkey {
        find(&[SLASH_REQUEST_SEED, avs.as_ref(), &index.to_le_bytes()])
    }

    pub fn slash_execution(request: &Pubkey, vault: &Pubkey) -> Pubkey {
        find(&[SLASH_EXECUTION_SEED, request.as_ref(), vault.as_ref()])
    }

    /// The ledger of (vault, operator, capture epoch): stake at capture, total slashed.
    pub fn vault_epoch_slash(vault: &Pubkey, operator: &Pubkey, capture_epoch: u64) -> Pubkey {
        find(&[
            VAULT_EPOCH_SLASH_SEED,
            vault.as_ref(),
            operator.as_ref(),
            &capture_epoch.to_le_bytes(),
        ])
    }

    /// The vault's value before any slash of `capture_epoch`: every operator's base.
    pub fn vault_capture(vault: &Pubkey, capture_epoch: u64) -> Pubkey {
        find(&[
            VAULT_CAPTURE_SEED,
            vault.as_ref(),
            &capture_epoch.to_le_bytes(),
        ])
    }

    /// One AVS's ledger of (vault, operator, capture epoch), from the vault's `VaultAvs`.
    pub fn vault_avs_epoch_slash(
        vault_avs: &Pubkey,
        operator: &Pubkey,
        capture_epoch: u64,
    ) -> Pubkey {
        find(&[
            VAULT_AVS_EPOCH_SLASH_SEED,
            vault_avs.as_ref(),
            operator.as_ref(),
            &capture_epoch.to_le_bytes(),
        ])
    }

    /// The registry's signer of `lrt_vault::apply_slash`.
    pub fn slasher() -> Pubkey {
        find(&[SLASHER_SEED])
    }

    /// The one vault request `request` may execute against (remote requests naming one).
    pub fn request_target(request: &Pubkey) -> Pubkey {
        find(&[REQUEST_TARGET_SEED, request.as_ref()])
    }

    /// The cross-chain settings.
    pub fn xchain_config() -> Pubkey {
        find(&[XCHAIN_CONFIG_SEED])
    }

    /// Guardian set `index`.
    pub fn guardian_set(index: u32) -> Pubkey {
        find(&[GUARDIAN_SET_SEED, &index.to_le_bytes()])
    }

    /// The VAA buffer of `payer` numbered `nonce`.
    pub fn vaa_buffer(payer: &Pubkey, nonce: u32) -> Pubkey {
        find(&[VAA_BUFFER_SEED, payer.as_ref(), &nonce.to_le_bytes()])
    }

    /// The replay record of message `(chain, emitter, sequence)`.
    pub fn replay_record(chain: u16, emitter: &[u8; 32], sequence: u64) -> Pubkey {
        find(&[
            VAA_REPLAY_SEED,
            &chain.to_be_bytes(),
            emitter,
            &sequence.to_le_bytes(),
        ])
    }

    /// The registry's emitter address for outbound messages (emitter chain 1, Solana):
    /// what an AVS's chain trusts stake attestations from.
    pub fn emitter() -> Pubkey {
        find(&[EMITTER_SEED])
    }

    /// Outbound stake attestation number `sequence`.
    pub fn attestation(sequence: u64) -> Pubkey {
        find(&[ATTESTATION_SEED, &sequence.to_le_bytes()])
    }

    /// The claim of a remote emitter by the one AVS it speaks for.
    pub fn remote_emitter(chain: u16, emitter: &[u8; 32]) -> Pubkey {
        find(&[REMOTE_EMITTER_SEED, &chain.to_be_bytes(), emitter])
    }

    /// The claim a kind needs: a remote kind's emitter claim, none for a local kind.
    pub fn remote_emitter_of(kind: &slasher_registry::state::AvsKind) -> Option<Pubkey> {
        match kind {
            slasher_registry::state::AvsKind::Remote { chain, emitter } => {
                Some(remote_emitter(*chain, emitter))
            }
            slasher_registry::state::AvsKind::Local { .. } => None,
        }
    }

    /// The authority of a remote AVS's reward inbox (no account lives there).
    pub fn reward_inbox(avs: &Pubkey) -> Pubkey {
        find(&[REWARD_INBOX_SEED, avs.as_ref()])
    }

    /// A remote AVS's reward inbox for `mint`: the inbox authority's associated token
    /// account, the recipient of the token bridge transfers that carry its rewards.
    pub fn reward_inbox_token_account(
        avs: &Pubkey,
        mint: &Pubkey,
        token_program: &Pubkey,
    ) -> Pubkey {
        crate::pda::associated_token_account(&reward_inbox(avs), mint, token_program)
    }

    /// Signer of the registry's `emit_cpi!` event instructions.
    pub fn event_authority() -> Pubkey {
        find(&[b"__event_authority"])
    }
}

/// Registry accounts and events from raw bytes, with the crate's decode helpers:
/// `decode::account::<Operator>(&data)`, `decode::event::<SlashExecuted>(&ix_data)`.
pub mod decode {
    pub use crate::decode::{account, event, DecodeError};
    pub use slasher_registry::{
        events::*,
        state::{
            Attestation, Avs, GuardianSetAccount, Operator, OperatorAvs, RegistryConfig,
            RemoteEmitter, RequestTarget, SlashExecution, SlashRequest, VaaBuffer, VaultAvs,
            VaultAvsEpochSlash, VaultCapture, VaultEpochSlash, XchainConfig,
        },
    };
}

fn build(accounts: impl ToAccountMetas, data: impl InstructionData) -> Instruction {
    Instruction {
        program_id: ID,
        accounts: accounts.to_account_metas(None),
        data: data.data(),
    }
}

/// `program_data`: pass `Some` when the registry is deployed with the upgradeable loader.
pub fn initialize_registry(
    admin: Pubkey,
    program_data: Option<Pubkey>,
    args: InitializeRegistryArgs,
) -> Instruction {
    build(
        acc::InitializeRegistry {
            admin,
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            program_data,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::InitializeRegistry { args },
    )
}

pub fn transfer_admin(admin: Pubkey, new_admin: Pubkey) -> Instruction {
    build(
        acc::TransferAdmin {
            admin,
            registry_config: pda::registry_config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::TransferAdmin { new_admin },
    )
}

pub fn accept_admin(new_admin: Pubkey) -> Instruction {
    build(
        acc::AcceptAdmin {
            new_admin,
            registry_config: pda::registry_config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AcceptAdmin {},
    )
}

/// The registry admin announces parameters (a full `RegistryParams`, or only some:
/// `AnnounceRegistryParamsArgs`, where `None` keeps the one announced last); they apply
/// from two restaking epochs on.
pub fn announce_registry_params(
    admin: Pubkey,
    args: impl Into<AnnounceRegistryParamsArgs>,
) -> Instruction {
    build(
        acc::AnnounceRegistryParams {
            admin,
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AnnounceRegistryParams { args: args.into() },
    )
}

pub fn set_veto_authority(admin: Pubkey, new_veto_authority: Pubkey) -> Instruction {
    build(
        acc::SetVetoAuthority {
            admin,
            registry_config: pda::registry_config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetVetoAuthority { new_veto_authority },
    )
}

/// Registers the operator `pda::operator(authority)`; the authority signs and pays.
pub fn register_operator(authority: Pubkey, args: OperatorArgs) -> Instruction {
    build(
        acc::RegisterOperator {
            authority,
            operator: pda::operator(&authority),
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RegisterOperator { args },
    )
}

/// The operator of `authority` changes its settings (every field of an `OperatorArgs`, or
/// only some: `UpdateOperatorArgs`, where `None` keeps a field): a new commission is
/// announced (it applies from two restaking epochs on); a new signing key rotates (the old
/// one still counts for reports through the next restaking epoch).
pub fn update_operator(authority: Pubkey, args: impl Into<UpdateOperatorArgs>) -> Instruction {
    build(
        acc::UpdateOperator {
            authority,
            vault_config: crate::pda::config(),
            operator: pda::operator(&authority),
            registry_config: pda::registry_config(),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::UpdateOperator { args: args.into() },
    )
}

/// Registers the AVS `pda::avs(args.id)`; the registry admin signs and pays.
pub fn register_avs(admin: Pubkey, args: RegisterAvsArgs) -> Instruction {
    build(
        acc::RegisterAvs {
            admin,
            registry_config: pda::registry_config(),
            avs: pda::avs(&args.id),
            remote_emitter: pda::remote_emitter_of(&args.kind),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RegisterAvs { args },
    )
}

pub fn set_avs_active(authority: Pubkey, avs: Pubkey, active: bool) -> Instruction {
    build(
        acc::SetAvsActive {
            authority,
            registry_config: pda::registry_config(),
            avs,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetAvsActive { active },
    )
}

/// The AVS's admin (or the registry admin) announces changes of `avs`'s slash authority,
/// maximum or destination; they apply from two restaking epochs on.
pub fn announce_avs_change(
    authority: Pubkey,
    avs: Pubkey,
    args: AnnounceAvsChangeArgs,
) -> Instruction {
    build(
        acc::AnnounceAvsChange {
            authority,
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            avs,
            remote_emitter: args.kind.as_ref().and_then(pda::remote_emitter_of),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::AnnounceAvsChange { args },
    )
}

/// The operator of `authority` opts in to `avs`.
pub fn opt_in_avs(authority: Pubkey, avs: Pubkey) -> Instruction {
    let operator = pda::operator(&authority);
    build(
        acc::OptInAvs {
            authority,
            vault_config: crate::pda::config(),
            operator,
            avs,
            operator_avs: pda::operator_avs(&operator, &avs),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::OptInAvs {},
    )
}

/// The operator of `authority` opts out of `avs`.
pub fn opt_out_avs(authority: Pubkey, avs: Pubkey) -> Instruction {
    let operator = pda::operator(&authority);
    build(
        acc::OptOutAvs {
            authority,
            vault_config: crate::pda::config(),
            operator,
            avs,
            operator_avs: pda::operator_avs(&operator, &avs),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::OptOutAvs {},
    )
}

/// The vault's curator opts `vault` in to `avs` with a per-epoch cap.
pub fn vault_opt_in_avs(curator: Pubkey, vault: Pubkey, avs: Pubkey, cap_bps: u16) -> Instruction {
    build(
        acc::VaultOptInAvs {
            curator,
            vault_config: crate::pda::config(),
            vault,
            avs,
            vault_avs: pda::vault_avs(&vault, &avs),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::VaultOptInAvs { cap_bps },
    )
}

pub fn vault_opt_out_avs(curator: Pubkey, vault: Pubkey, avs: Pubkey) -> Instruction {
    build(
        acc::VaultOptOutAvs {
            curator,
            vault_config: crate::pda::config(),
            vault,
            avs,
            vault_avs: pda::vault_avs(&vault, &avs),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::VaultOptOutAvs {},
    )
}

/// A request of `avs` against `operator` (the registry reads the operator's opt-in to
/// `avs`). `index` must be the AVS's `request_count` as read from chain (it names the new
/// request's account).
pub fn request_slash(
    slash_authority: Pubkey,
    payer: Pubkey,
    avs: Pubkey,
    index: u64,
    operator: Pubkey,
    args: RequestSlashArgs,
) -> Instruction {
    build(
        acc::RequestSlash {
            slash_authority,
            payer,
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            avs,
            operator_avs: pda::operator_avs(&operator, &avs),
            slash_request: pda::slash_request(&avs, index),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RequestSlash { args },
    )
}

pub fn veto_slash(veto_authority: Pubkey, request: Pubkey) -> Instruction {
    build(
        acc::VetoSlash {
            veto_authority,
            registry_config: pda::registry_config(),
            slash_request: request,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::VetoSlash {},
    )
}

/// Executes `request` (as read from chain) against `vault`; every registry and vault
/// account is derived from the request and the vault.
pub fn execute_slash(executor: Pubkey, request: &SlashRequest, vault: Pubkey) -> Instruction {
    let request_key = pda::slash_request(&request.avs, request.index);
    let (avs, operator, capture) = (request.avs, request.operator, request.capture_epoch);
    build(
        acc::ExecuteSlash {
            executor,
            registry_config: pda::registry_config(),
            vault_config: crate::pda::config(),
            slash_request: request_key,
            avs,
            operator,
            operator_avs: pda::operator_avs(&operator, &avs),
            vault,
            vault_avs: pda::vault_avs(&vault, &avs),
            delegation: crate::pda::delegation(&vault, &operator),
            slash_execution: pda::slash_execution(&request_key, &vault),
            vault_epoch_slash: pda::vault_epoch_slash(&vault, &operator, capture),
            vault_capture: pda::vault_capture(&vault, capture),
            vault_avs_epoch_slash: pda::vault_avs_epoch_slash(
                &pda::vault_avs(&vault, &avs),
                &operator,
                capture,
            ),
            slasher: pda::slasher(),
            bond: crate::pda::bond(&vault, &operator),
            bucket_next: crate::pda::bucket(&vault, capture + 1),
            bucket_after: crate::pda::bucket(&vault, capture + 2),
            escrow: crate::pda::escrow(&vault, &request_key),
            vault_event_authority: crate::pda::event_authority(),
            vault_program: lrt_vault::ID,
            system_program: system_program::ID,
            request_target: pda::request_target(&request_key),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::ExecuteSlash {},
    )
}

/// The registry admin cancels `execution` during its resolution delay; the vault gives
/// every position that bore the slash its part back.
pub fn cancel_slash(admin: Pubkey, execution: &SlashExecution) -> Instruction {
    let (vault, operator, capture) = (execution.vault, execution.operator, execution.capture_epoch);
    let vault_avs = pda::vault_avs(&vault, &execution.avs);
    build(
        acc::CancelSlash {
            admin,
            registry_config: pda::registry_config(),
            slash_execution: pda::slash_execution(&execution.request, &vault),
            slash_request: execution.request,
            vault_epoch_slash: pda::vault_epoch_slash(&vault, &operator, capture),
            vault_avs,
            vault_avs_epoch_slash: pda::vault_avs_epoch_slash(&vault_avs, &operator, capture),
            slasher: pda::slasher(),
            vault_config: crate::pda::config(),
            vault,
            escrow: crate::pda::escrow(&vault, &execution.request),
            bond: crate::pda::bond(&vault, &operator),
            delegation: crate::pda::delegation(&vault, &operator),
            bucket_1: crate::pda::bucket(&vault, capture + 1),
            bucket_2: crate::pda::bucket(&vault, capture + 2),
            bucket_3: crate::pda::bucket(&vault, capture + 3),
            vault_event_authority: crate::pda::event_authority(),
            vault_program: lrt_vault::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::CancelSlash {},
    )
}

/// The registry admin installs the first guardian set and the cross-chain settings.
pub fn set_guardian_set(admin: Pubkey, args: SetGuardianSetArgs) -> Instruction {
    build(
        acc::SetGuardianSet {
            admin,
            registry_config: pda::registry_config(),
            xchain_config: pda::xchain_config(),
            guardian_set: pda::guardian_set(args.index),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SetGuardianSet { args },
    )
}

/// Replaces guardian set `current` (the current one) by `current + 1` with `keys`.
pub fn rotate_guardian_set(admin: Pubkey, current: u32, keys: Vec<[u8; 20]>) -> Instruction {
    build(
        acc::RotateGuardianSet {
            admin,
            registry_config: pda::registry_config(),
            xchain_config: pda::xchain_config(),
            current_guardian_set: pda::guardian_set(current),
            new_guardian_set: pda::guardian_set(current.wrapping_add(1)),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::RotateGuardianSet { keys },
    )
}

/// Writes `bytes` at `offset` of `payer`'s buffer `nonce` for a VAA of `total_len` bytes.
pub fn post_vaa_chunk(
    payer: Pubkey,
    nonce: u32,
    total_len: u32,
    offset: u32,
    bytes: Vec<u8>,
) -> Instruction {
    build(
        acc::PostVaaChunk {
            payer,
            vaa_buffer: pda::vaa_buffer(&payer, nonce),
            system_program: system_program::ID,
        },
        ix::PostVaaChunk {
            args: PostVaaChunkArgs {
                nonce,
                total_len,
                offset,
                bytes,
            },
        },
    )
}

/// The whole `vaa` as chunks of at most `chunk_len` bytes, one instruction each.
pub fn post_vaa_chunks(
    payer: Pubkey,
    nonce: u32,
    vaa: &[u8],
    chunk_len: usize,
) -> Vec<Instruction> {
    let total_len = u32::try_from(vaa.len()).expect("a VAA is shorter than 4 GB");
    vaa.chunks(chunk_len.max(1))
        .enumerate()
        .map(|(i, chunk)| {
            let offset = u32::try_from(i * chunk_len).expect("offset fits");
            post_vaa_chunk(payer, nonce, total_len, offset, chunk.to_vec())
        })
        .collect()
}

/// Closes `payer`'s buffer `nonce` without consuming it (its rent back to `payer`).
pub fn close_vaa_buffer(payer: Pubkey, nonce: u32) -> Instruction {
    build(
        acc::CloseVaaBuffer {
            payer,
            vaa_buffer: pda::vaa_buffer(&payer, nonce),
        },
        ix::CloseVaaBuffer {},
    )
}

/// Verifies `payer`'s buffer `nonce` against guardian set `guardian_set_index`.
pub fn verify_vaa(payer: Pubkey, nonce: u32, guardian_set_index: u32) -> Instruction {
    build(
        acc::VerifyVaa {
            payer,
            vaa_buffer: pda::vaa_buffer(&payer, nonce),
            guardian_set: pda::guardian_set(guardian_set_index),
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::VerifyVaa {},
    )
}

/// The message a remote slash comes from: who sent it and its number.
#[derive(Clone, Copy, Debug)]
pub struct RemoteMessage {
    pub emitter_chain: u16,
    pub emitter: [u8; 32],
    pub sequence: u64,
}

/// Turns `payer`'s verified buffer `nonce` into request `request_index` of `avs` against
/// `operator`; `target_vault` when the message names one vault.
pub fn submit_remote_slash(
    payer: Pubkey,
    nonce: u32,
    avs: Pubkey,
    request_index: u64,
    operator: Pubkey,
    message: RemoteMessage,
    target_vault: Option<Pubkey>,
) -> Instruction {
    build(
        acc::SubmitRemoteSlash {
            payer,
            vaa_buffer: pda::vaa_buffer(&payer, nonce),
            registry_config: pda::registry_config(),
            xchain_config: pda::xchain_config(),
            vault_config: crate::pda::config(),
            avs,
            remote_emitter: pda::remote_emitter(message.emitter_chain, &message.emitter),
            operator_avs: pda::operator_avs(&operator, &avs),
            target_vault_avs: target_vault.map(|vault| pda::vault_avs(&vault, &avs)),
            replay_record: pda::replay_record(
                message.emitter_chain,
                &message.emitter,
                message.sequence,
            ),
            slash_request: pda::slash_request(&avs, request_index),
            request_target: pda::request_target(&pda::slash_request(&avs, request_index)),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SubmitRemoteSlash {},
    )
}

/// `payer` publishes the stake `vault` allocates to `operator` during restaking epoch
/// `epoch` (the current one: its buckets `epoch + 1` and `epoch + 2` are read) as
/// attestation `sequence` (`XchainConfig.next_sequence`).
pub fn publish_stake_attestation(
    payer: Pubkey,
    sequence: u64,
    vault: Pubkey,
    operator: Pubkey,
    epoch: u64,
) -> Instruction {
    build(
        acc::PublishStakeAttestation {
            payer,
            xchain_config: pda::xchain_config(),
            vault_config: crate::pda::config(),
            vault,
            operator,
            delegation: crate::pda::delegation(&vault, &operator),
            bucket_next: crate::pda::bucket(&vault, epoch.saturating_add(1)),
            bucket_after: crate::pda::bucket(&vault, epoch.saturating_add(2)),
            attestation: pda::attestation(sequence),
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::PublishStakeAttestation {},
    )
}

/// `payer` closes its attestation `sequence` and gets the rent back.
pub fn close_attestation(payer: Pubkey, sequence: u64) -> Instruction {
    build(
        acc::CloseAttestation {
            payer,
            vault_config: crate::pda::config(),
            attestation: pda::attestation(sequence),
        },
        ix::CloseAttestation {},
    )
}

/// Anyone (`closer`) closes a consumed message's replay record once it is stale for good
/// (`ReplayRecord::check_closable`); its rent goes to `payer`, the record's payer.
pub fn close_replay_record(closer: Pubkey, record: Pubkey, payer: Pubkey) -> Instruction {
    build(
        acc::CloseReplayRecord {
            closer,
            xchain_config: pda::xchain_config(),
            replay_record: record,
            payer,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::CloseReplayRecord {},
    )
}

/// Who a remote reward pays, besides what the notice says.
#[derive(Clone, Copy, Debug)]
pub struct RemoteRewardKeys {
    pub avs: Pubkey,
    /// The registry `Operator` account.
    pub operator: Pubkey,
    /// Token account of the asset owned by the operator's authority (the commission).
    pub operator_token_account: Pubkey,
    /// The vault's asset the reward is paid in (the notice's mint).
    pub asset_index: u8,
}

/// Pays the `RewardNotice` in `payer`'s verified buffer `nonce` (message `message`) from
/// the AVS's reward inbox into `vault_state` (as read from chain) through
/// `lrt_vault::distribute_rewards`; the tokens must have been redeemed to
/// [`pda::reward_inbox_token_account`] first.
pub fn submit_remote_reward(
    payer: Pubkey,
    nonce: u32,
    vault_state: &Vault,
    keys: RemoteRewardKeys,
    message: RemoteMessage,
) -> Instruction {
    let vault = crate::pda::vault(&vault_state.lrt_mint);
    let slot = &vault_state.assets[usize::from(keys.asset_index)];
    let (avs, operator) = (keys.avs, keys.operator);
    build(
        acc::SubmitRemoteReward {
            payer,
            vaa_buffer: pda::vaa_buffer(&payer, nonce),
            xchain_config: pda::xchain_config(),
            vault_config: crate::pda::config(),
            avs,
            remote_emitter: pda::remote_emitter(message.emitter_chain, &message.emitter),
            operator,
            operator_avs: pda::operator_avs(&operator, &avs),
            replay_record: pda::replay_record(
                message.emitter_chain,
                &message.emitter,
                message.sequence,
            ),
            reward_inbox: pda::reward_inbox(&avs),
            inbox_token_account: pda::reward_inbox_token_account(
                &avs,
                &slot.mint,
                &slot.token_program,
            ),
            vault,
            delegation: crate::pda::delegation(&vault, &operator),
            reserve: slot.reserve,
            asset_mint: slot.mint,
            operator_token_account: keys.operator_token_account,
            lrt_mint: vault_state.lrt_mint,
            asset_token_program: slot.token_program,
            lrt_token_program: crate::token_programs::TOKEN_2022,
            vault_event_authority: crate::pda::event_authority(),
            vault_program: lrt_vault::ID,
            system_program: system_program::ID,
            event_authority: pda::event_authority(),
            program: ID,
        },
        ix::SubmitRemoteReward {},
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_slasher_is_the_pda_the_vault_accepts() {
        assert_eq!(pda::slasher(), crate::pda::slasher(&REGISTRY_PROGRAM_ID));
    }

    #[test]
    fn the_emitter_is_the_one_the_program_writes() {
        assert_eq!(
            pda::emitter(),
            slasher_registry::instructions::emitter_address()
        );
    }

    #[test]
    fn replay_records_are_where_the_program_looks() {
        let emitter = [7; 32];
        assert_eq!(
            pda::replay_record(2, &emitter, 42),
            slasher_registry::instructions::replay_record_address(2, &emitter, 42).0
        );
    }
}
