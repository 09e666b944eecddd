//! Events, emitted with `emit_cpi!` so they reach indexers as inner instructions. Each is
//! a past-tense fact carrying what an indexer needs without re-reading accounts.
use anchor_lang::prelude::*;

use crate::state::{AvsKind, RegistryParams, SlashDestination};

#[event]
pub struct RegistryInitialized {
    pub admin: Pubkey,
    pub veto_authority: Pubkey,
    pub veto_window_slots: u64,
    pub resolution_delay_slots: u64,
    pub max_vault_slash_bps_per_epoch: u16,
    pub vault_program: Pubkey,
    /// The vault program's restaking epoch length the veto window was checked against.
    pub epoch_length: u64,
    pub max_commission_bps: u16,
}

/// The registry admin announced new parameters; they apply from `effective_epoch`.
#[event]
pub struct RegistryParamsAnnounced {
    pub admin: Pubkey,
    /// Restaking epoch of the announcement.
    pub epoch: u64,
    /// The parameters in force now (and until `effective_epoch`).
    pub params: RegistryParams,
    pub next_params: RegistryParams,
    /// `epoch + 2`: the first epoch of `next_params`.
    pub effective_epoch: u64,
}

#[event]
pub struct AdminTransferStarted {
    pub admin: Pubkey,
    pub pending_admin: Pubkey,
}

#[event]
pub struct AdminTransferred {
    pub previous_admin: Pubkey,
    pub new_admin: Pubkey,
}

#[event]
pub struct VetoAuthoritySet {
    pub previous_veto_authority: Pubkey,
    pub new_veto_authority: Pubkey,
}

#[event]
pub struct OperatorRegistered {
    pub operator: Pubkey,
    pub authority: Pubkey,
    pub commission_bps: u16,
    pub signing_key: [u8; 32],
    pub metadata_uri: String,
}

#[event]
pub struct OperatorUpdated {
    pub operator: Pubkey,
    pub authority: Pubkey,
    /// Restaking epoch of the update.
    pub epoch: u64,
    /// The commission in force now (and until `commission_effective_epoch`).
    pub commission_bps: u16,
    /// The commission announced last (by this update if `commission_announced`).
    pub next_commission_bps: u16,
    /// The first epoch of `next_commission_bps`.
    pub commission_effective_epoch: u64,
    /// This update announced a new commission (it applies from `epoch + 2`).
    pub commission_announced: bool,
    /// The signing key before this update (equal to `signing_key` if it did not rotate).
    pub previous_signing_key: [u8; 32],
    pub signing_key: [u8; 32],
    /// Restaking epoch of the latest rotation (this update's epoch if it rotated).
    pub key_rotated_epoch: u64,
    /// Last restaking epoch whose reports may prove with `Operator.previous_signing_key`
    /// (`key_rotated_epoch + 1`); `None` if the key never rotated.
    pub previous_key_valid_through: Option<u64>,
    pub metadata_uri: String,
}

#[event]
pub struct AvsRegistered {
    pub avs: Pubkey,
    pub id: Pubkey,
    pub admin: Pubkey,
    pub kind: AvsKind,
    pub max_slash_wad: u128,
    pub destination: SlashDestination,
    pub metadata_uri: String,
}

/// The AVS's admin (or the registry admin) announced changes; they apply from
/// `effective_epoch` to the requests made from then on.
#[event]
pub struct AvsChangesAnnounced {
    pub avs: Pubkey,
    pub by: Pubkey,
    /// Restaking epoch of the announcement.
    pub epoch: u64,
    /// In force now (and until `effective_epoch`).
    pub kind: AvsKind,
    pub max_slash_wad: u128,
    pub destination: SlashDestination,
    /// In force from `effective_epoch`.
    pub next_kind: AvsKind,
    pub next_max_slash_wad: u128,
    pub next_destination: SlashDestination,
    /// `epoch + 2`.
    pub effective_epoch: u64,
}

#[event]
pub struct AvsActiveSet {
    pub avs: Pubkey,
    pub by: Pubkey,
    pub active: bool,
}

#[event]
pub struct OperatorOptedIn {
    pub operator: Pubkey,
    pub avs: Pubkey,
    pub operator_avs: Pubkey,
    /// Epoch of the opt-in; the operator's stake is slashable from the next one.
    pub activation_epoch: u64,
}

#[event]
pub struct OperatorOptedOut {
    pub operator: Pubkey,
    pub avs: Pubkey,
    pub operator_avs: Pubkey,
    pub activation_epoch: u64,
    /// Epoch of the opt-out; slashable until the end of the next one.
    pub deactivation_epoch: u64,
}

#[event]
pub struct VaultOptedIn {
    pub vault: Pubkey,
    pub avs: Pubkey,
    pub vault_avs: Pubkey,
    pub curator: Pubkey,
    pub cap_bps: u16,
    pub activation_epoch: u64,
}

#[event]
pub struct VaultOptedOut {
    pub vault: Pubkey,
    pub avs: Pubkey,
    pub vault_avs: Pubkey,
    pub curator: Pubkey,
    pub activation_epoch: u64,
    pub deactivation_epoch: u64,
}

#[event]
pub struct SlashRequested {
    pub request: Pubkey,
    pub avs: Pubkey,
    pub operator: Pubkey,
    pub index: u64,
    pub wad: u128,
    /// The AVS's maximum in force at the capture epoch, kept by the request.
    pub max_slash_wad: u128,
    pub evidence_hash: [u8; 32],
    pub capture_epoch: u64,
    pub requested_slot: u64,
    pub veto_deadline_slot: u64,
    /// The AVS's destination in force at the capture epoch, kept by the request.
    pub destination: SlashDestination,
}

#[event]
pub struct SlashVetoed {
    pub request: Pubkey,
    pub avs: Pubkey,
    pub operator: Pubkey,
    pub veto_authority: Pubkey,
    pub slot: u64,
}

#[event]
pub struct SlashExecuted {
    pub request: Pubkey,
    pub execution: Pubkey,
    pub avs: Pubkey,
    pub operator: Pubkey,
    pub vault: Pubkey,
    pub executor: Pubkey,
    pub capture_epoch: u64,
    /// The operator's stake at the capture epoch before any slash of that epoch, lamports:
    /// the base of the request's fraction and of both caps.
    pub stake_lamports: u64,
    /// `min(request wad, max_slash_wad)` (the maximum the request recorded).
    pub effective_wad: u128,
    /// Loss before the caps.
    pub requested_loss_lamports: u64,
    /// Room left under the curator's cap for this AVS and operator, before this slash.
    pub avs_cap_room_lamports: u64,
    /// Room left under the registry-wide cap for (vault, operator), before this slash.
    pub vault_cap_room_lamports: u64,
    /// The loss applied by `lrt_vault::apply_slash`.
    pub loss_lamports: u64,
    /// This AVS's total against (vault, operator) for the capture epoch, after this slash.
    pub avs_epoch_total_lamports: u64,
    /// Every AVS's total against (vault, operator) for the capture epoch, after this
    /// slash.
    pub vault_epoch_total_lamports: u64,
    /// The request's destination.
    pub destination: SlashDestination,
    pub resolve_after_slot: u64,
}

/// The registry admin cancelled an executed slash; the vault returned the escrow to its
/// active pool.
#[event]
pub struct SlashCancelled {
    pub request: Pubkey,
    pub vault: Pubkey,
    pub loss_lamports: u64,
    pub cancelled_slot: u64,
}

/// The registry admin installed guardian set `index` (the first, or a rotation that
/// leaves `previous` valid until `previous_expiration_time`).
#[event]
pub struct GuardianSetInstalled {
    pub index: u32,
    pub keys: Vec<[u8; 20]>,
    pub previous: Option<u32>,
    pub previous_expiration_time: u32,
}

/// A VAA in a buffer was verified against a guardian set.
#[event]
pub struct VaaVerified {
    pub buffer: Pubkey,
    pub digest: [u8; 32],
    pub guardian_set_index: u32,
    pub signatures: u8,
}

/// A verified message `(emitter_chain, emitter, sequence)` was consumed (recorded once)
/// and became the slash request `request`.
#[event]
pub struct RemoteSlashReceived {
    pub request: Pubkey,
    pub avs: Pubkey,
    pub emitter_chain: u16,
    pub emitter: [u8; 32],
    pub sequence: u64,
    pub digest: [u8; 32],
    pub timestamp: u32,
}

/// A stake attestation was published for relayers to carry (outbound message `sequence`
/// of emitter `emitter` on chain 1, Solana).
#[event]
pub struct StakeAttested {
    pub attestation: Pubkey,
    pub sequence: u64,
    pub emitter: [u8; 32],
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub stake_lamports: u64,
    /// Restaking epoch the stake is active in.
    pub epoch: u64,
    pub slot: u64,
    pub timestamp: i64,
    pub payer: Pubkey,
}

/// A verified `RewardNotice` `(emitter_chain, emitter, sequence)` was consumed: `amount`
/// of `mint` from the AVS's reward inbox went through `lrt_vault::distribute_rewards` for
/// the vault's stake with the operator (the vault's `RewardsDistributed` tells the split).
#[event]
pub struct RemoteRewardReceived {
    pub avs: Pubkey,
    pub vault: Pubkey,
    pub operator: Pubkey,
    pub mint: Pubkey,
    pub amount: u64,
    /// The inbox token account the reward was paid from.
    pub inbox: Pubkey,
    pub emitter_chain: u16,
    pub emitter: [u8; 32],
    pub sequence: u64,
    pub digest: [u8; 32],
    pub timestamp: u32,
    /// The token transfer that carried the tokens: its VAA id.
    pub transfer_chain: u16,
    pub transfer_emitter: [u8; 32],
    pub transfer_sequence: u64,
}

/// A consumed message's replay record was closed, its rent back to its payer: the message
/// was stamped `timestamp` and is refused as stale from then on (the record was closable
/// once the clock passed `timestamp + 2 * max_message_age`).
#[event]
pub struct ReplayRecordClosed {
    pub replay_record: Pubkey,
    pub payer: Pubkey,
    /// Lamports returned to the payer (the record's balance, rent included).
    pub lamports: u64,
    pub timestamp: u32,
    /// Unix time of the close.
    pub closed_at: i64,
    /// Who sent the crank (anyone).
    pub closer: Pubkey,
}
